/**
 * Third-party components: which files of the folder declare third-party
 * packages (dependency manifests and lock files, by ecosystem), and the
 * commands that produce a vulnerability report for them. The SBOM factor is
 * `none` when no file declares one, read from a report when there is one, and
 * unknown (the manifest incomplete, with these commands) otherwise. Pure.
 */
import { readTomlSections } from './infer';
import type { DependencyFile, Ecosystem, ReportFormat, WorkspaceFile } from './types';
import { addTo } from '../../collections';

const SKIP = /(^|\/)(node_modules|\.git|vendor|\.venv|venv|__pycache__|bower_components|target\/debug|target\/release)\//;
/** Most dependency files listed in the manifest (a monorepo has hundreds). */
export const MAX_DEPENDENCY_FILES = 50;

interface Kind {
  re: RegExp;
  ecosystem: Ecosystem;
  /** A lock file (osv-scanner and the per-ecosystem tools read it without installing anything). */
  lock: boolean;
  count(text: string): number;
}

const LOCAL_SPEC = /^(file:|link:|workspace:|portal:|\.{0,2}\/)/;

function jsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const j = JSON.parse(text) as unknown;
    return j && typeof j === 'object' && !Array.isArray(j) ? (j as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

function countKeys(o: unknown, keep: (name: string, spec: unknown) => boolean = () => true): number {
  return isObj(o) ? Object.entries(o).filter(([k, v]) => keep(k, v)).length : 0;
}

function packageJson(text: string): number {
  const j = jsonObject(text);
  if (!j) return 0;
  const remote = (_: string, spec: unknown) => typeof spec !== 'string' || !LOCAL_SPEC.test(spec.trim());
  return ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'].reduce((n, k) => n + countKeys(j[k], remote), 0);
}

function npmLock(text: string): number {
  const j = jsonObject(text);
  if (!j) return 0;
  if (isObj(j.packages)) {
    return Object.entries(j.packages).filter(([k, p]) => k.includes('node_modules/') && isObj(p) && !p.link && typeof p.version === 'string').length;
  }
  return countKeys(j.dependencies, (_, d) => isObj(d) && typeof d.version === 'string' && !String(d.version).startsWith('file:'));
}

function yarnLock(text: string): number {
  return text.split(/\r?\n/).filter((l) => /^[^\s#].*:\s*$/.test(l) && !/^"?__metadata/.test(l) && !/@(workspace|file|link|portal):/.test(l)).length;
}

function pnpmLock(text: string): number {
  const m = /^packages:\s*\r?\n((?:[ \t]+.*\r?\n?|\s*\r?\n)*)/m.exec(text);
  if (!m) return 0;
  return m[1].split(/\r?\n/).filter((l) => /^ {2}['"]?\/?[@A-Za-z0-9].*:\s*$/.test(l)).length;
}

function requirementsTxt(text: string): number {
  let n = 0;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!line || line.startsWith('-') || /^(\.|\/|[A-Za-z]:\\)/.test(line)) continue;
    if (/^[A-Za-z0-9][A-Za-z0-9._-]*/.test(line) && !/^(https?|file|git\+)/i.test(line)) n++;
  }
  return n;
}

/** Quoted strings of a TOML array value (`["flask>=3", "requests"]`). */
function tomlArrayStrings(raw: string | undefined): string[] {
  if (!raw || !raw.trim().startsWith('[')) return [];
  return [...raw.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'/g)].map((m) => m[1] ?? m[2] ?? '').filter(Boolean);
}

function pyproject(text: string): number {
  let n = 0;
  for (const s of readTomlSections(text)) {
    if (s.name === 'project') n += tomlArrayStrings(s.entries.get('dependencies')).length;
    else if (s.name === 'project.optional-dependencies' || s.name === 'dependency-groups') for (const v of s.entries.values()) n += tomlArrayStrings(v).filter((x) => !/^\s*\{/.test(x)).length;
    else if (/^tool\.poetry\.(dev-)?dependencies$|^tool\.poetry\.group\.[^.]+\.dependencies$/.test(s.name)) {
      for (const [k, v] of s.entries) if (k !== 'python' && !/\bpath\s*=/.test(v)) n++;
    }
  }
  return n;
}

function pipfile(text: string): number {
  let n = 0;
  for (const s of readTomlSections(text)) if (s.name === 'packages' || s.name === 'dev-packages') for (const v of s.entries.values()) if (!/\bpath\s*=/.test(v)) n++;
  return n;
}

function pipfileLock(text: string): number {
  const j = jsonObject(text);
  return j ? countKeys(j.default) + countKeys(j.develop) : 0;
}

/** `[[package]]` tables of poetry.lock, uv.lock and Cargo.lock that come from a registry or git, not the project itself. */
function tomlPackages(text: string): number {
  let n = 0;
  for (const s of readTomlSections(text)) {
    if (s.name !== 'package') continue;
    const src = s.entries.get('source') ?? '';
    // uv.lock lists the project itself with an editable / virtual source.
    if (!/editable|virtual|directory|\bpath\s*=/.test(src)) n++;
  }
  return n;
}

function cargoLock(text: string): number {
  let n = 0;
  for (const s of readTomlSections(text)) if (s.name === 'package' && /registry\+|git\+/.test(s.entries.get('source') ?? '')) n++;
  return n;
}

function cargoToml(text: string): number {
  let n = 0;
  for (const s of readTomlSections(text)) {
    if (!/(^|\.)((dev-|build-)?dependencies)$/.test(s.name)) continue;
    for (const v of s.entries.values()) if (!(/\bpath\s*=/.test(v) && !/\b(version|git)\s*=/.test(v))) n++;
  }
  return n;
}

function setupPy(text: string): number {
  const m = /install_requires\s*=\s*\[([\s\S]*?)\]/.exec(text);
  return m ? [...m[1].matchAll(/["']([A-Za-z0-9][^"']*)["']/g)].length : 0;
}

function setupCfg(text: string): number {
  const m = /^install_requires\s*=\s*(.*)\r?\n((?:[ \t]+\S.*\r?\n?)*)/m.exec(text);
  if (!m) return 0;
  return [m[1], ...m[2].split(/\r?\n/)].map((l) => l.replace(/#.*$/, '').trim()).filter((l) => /^[A-Za-z0-9]/.test(l)).length;
}

function goMod(text: string): number {
  let n = 0;
  let inBlock = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\/\/.*$/, '').trim();
    if (inBlock) {
      if (line === ')') inBlock = false;
      else if (/^\S+\s+v\S+/.test(line)) n++;
    } else if (/^require\s*\($/.test(line)) inBlock = true;
    else if (/^require\s+\S+\s+v\S+/.test(line)) n++;
  }
  return n;
}

function gemfile(text: string): number {
  return text.split(/\r?\n/).filter((l) => /^\s*gem\s+['"]/.test(l) && !/\bpath:\s|:path\s*=>/.test(l)).length;
}

function gemfileLock(text: string): number {
  const m = /^GEM\r?\n(?:.*\r?\n)*?\s+specs:\r?\n((?: {4}\S.*\r?\n?|\s{6,}.*\r?\n?)*)/m.exec(text);
  return m ? m[1].split(/\r?\n/).filter((l) => /^ {4}\S/.test(l)).length : 0;
}

function composerJson(text: string): number {
  const j = jsonObject(text);
  if (!j) return 0;
  const thirdParty = (k: string) => k !== 'php' && !/^(ext|lib)-/.test(k) && k !== 'composer-plugin-api' && k !== 'composer-runtime-api';
  return countKeys(j.require, thirdParty) + countKeys(j['require-dev'], thirdParty);
}

function composerLock(text: string): number {
  const j = jsonObject(text);
  return j ? (Array.isArray(j.packages) ? j.packages.length : 0) + (Array.isArray(j['packages-dev']) ? j['packages-dev'].length : 0) : 0;
}

function pomXml(text: string): number {
  return (text.replace(/<!--[\s\S]*?-->/g, '').match(/<dependency>/g) ?? []).length;
}

function gradle(text: string): number {
  const body = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
  return (body.match(/\b\w*(?:implementation|api|compile|compileOnly|runtimeOnly|classpath|kapt|ksp|annotationProcessor)\w*\s*\(?\s*(?:platform\s*\(\s*)?["'][^"':\s]+:[^"':\s]+/gi) ?? []).length;
}

function gradleLock(text: string): number {
  return text.split(/\r?\n/).filter((l) => /^[^#\s][^:=\s]*:[^:=\s]+:[^=\s]+=/.test(l)).length;
}

function csproj(text: string): number {
  return (text.match(/<PackageReference\b[^>]*\bInclude\s*=/gi) ?? []).length;
}

function packagesConfig(text: string): number {
  return (text.match(/<package\b[^>]*\bid\s*=/gi) ?? []).length;
}

function nugetLock(text: string): number {
  const j = jsonObject(text);
  if (!j || !isObj(j.dependencies)) return 0;
  let n = 0;
  for (const fw of Object.values(j.dependencies)) n += countKeys(fw, (_, d) => isObj(d) && d.type !== 'Project');
  return n;
}

const KINDS: Kind[] = [
  { re: /(^|\/)package\.json$/, ecosystem: 'npm', lock: false, count: packageJson },
  { re: /(^|\/)(package-lock\.json|npm-shrinkwrap\.json)$/, ecosystem: 'npm', lock: true, count: npmLock },
  { re: /(^|\/)yarn\.lock$/, ecosystem: 'npm', lock: true, count: yarnLock },
  { re: /(^|\/)pnpm-lock\.yaml$/, ecosystem: 'npm', lock: true, count: pnpmLock },
  { re: /(^|\/)requirements[^/]*\.txt$/, ecosystem: 'pypi', lock: true, count: requirementsTxt },
  { re: /(^|\/)pyproject\.toml$/, ecosystem: 'pypi', lock: false, count: pyproject },
  { re: /(^|\/)Pipfile$/, ecosystem: 'pypi', lock: false, count: pipfile },
  { re: /(^|\/)Pipfile\.lock$/, ecosystem: 'pypi', lock: true, count: pipfileLock },
  { re: /(^|\/)(poetry|uv|pdm)\.lock$/, ecosystem: 'pypi', lock: true, count: tomlPackages },
  { re: /(^|\/)setup\.py$/, ecosystem: 'pypi', lock: false, count: setupPy },
  { re: /(^|\/)setup\.cfg$/, ecosystem: 'pypi', lock: false, count: setupCfg },
  { re: /(^|\/)go\.mod$/, ecosystem: 'go', lock: true, count: goMod },
  { re: /(^|\/)Cargo\.toml$/, ecosystem: 'cargo', lock: false, count: cargoToml },
  { re: /(^|\/)Cargo\.lock$/, ecosystem: 'cargo', lock: true, count: cargoLock },
  { re: /(^|\/)(Gemfile|gems\.rb)$/, ecosystem: 'rubygems', lock: false, count: gemfile },
  { re: /(^|\/)(Gemfile\.lock|gems\.locked)$/, ecosystem: 'rubygems', lock: true, count: gemfileLock },
  { re: /(^|\/)composer\.json$/, ecosystem: 'composer', lock: false, count: composerJson },
  { re: /(^|\/)composer\.lock$/, ecosystem: 'composer', lock: true, count: composerLock },
  { re: /(^|\/)pom\.xml$/, ecosystem: 'maven', lock: true, count: pomXml },
  { re: /(^|\/)build\.gradle(\.kts)?$/, ecosystem: 'maven', lock: false, count: gradle },
  { re: /(^|\/)gradle\.lockfile$/, ecosystem: 'maven', lock: true, count: gradleLock },
  { re: /\.(cs|fs|vb)proj$/, ecosystem: 'nuget', lock: false, count: csproj },
  { re: /(^|\/)packages\.config$/, ecosystem: 'nuget', lock: true, count: packagesConfig },
  { re: /(^|\/)packages\.lock\.json$/, ecosystem: 'nuget', lock: true, count: nugetLock },
];

/** Whether a path is a dependency manifest or lock file of a recognised ecosystem (to read it first). */
export const DEPENDENCY_FILE = /(^|\/)(package\.json|package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|requirements[^/]*\.txt|pyproject\.toml|Pipfile(\.lock)?|(poetry|uv|pdm)\.lock|setup\.(py|cfg)|go\.mod|Cargo\.(toml|lock)|Gemfile(\.lock)?|gems\.(rb|locked)|composer\.(json|lock)|pom\.xml|build\.gradle(\.kts)?|gradle\.lockfile|packages\.config|packages\.lock\.json|[^/]+\.(cs|fs|vb)proj)$/;

function kindOf(path: string): Kind | undefined {
  if (SKIP.test(path)) return undefined;
  return KINDS.find((k) => k.re.test(path));
}

/** The files that declare third-party packages, in path order (all of them; the manifest lists at most MAX_DEPENDENCY_FILES). */
export function dependencyFiles(files: WorkspaceFile[]): DependencyFile[] {
  const out: DependencyFile[] = [];
  for (const f of files) {
    const k = kindOf(f.path);
    if (!k) continue;
    let n = 0;
    try {
      n = k.count(f.text);
    } catch {
      n = 0;
    }
    if (n > 0) out.push({ file: f.path, ecosystem: k.ecosystem, packages: n });
  }
  return out.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

/** The ecosystems of a list of dependency files, in a stable order. */
export function ecosystemsOf(deps: Array<{ ecosystem: Ecosystem }>): Ecosystem[] {
  const order: Ecosystem[] = ['npm', 'pypi', 'go', 'maven', 'cargo', 'rubygems', 'composer', 'nuget'];
  const have = new Set(deps.map((d) => d.ecosystem));
  return order.filter((e) => have.has(e));
}

/** The ecosystems a report of this format covers: npm audit npm, pip-audit PyPI; OSV-Scanner, Trivy, Grype and CycloneDX every ecosystem. */
export function ecosystemsCovered(format: ReportFormat): Ecosystem[] | 'all' {
  if (format === 'npm-audit') return ['npm'];
  if (format === 'pip-audit') return ['pypi'];
  return 'all';
}

const OSV = 'osv-scanner --format json -r . > osv.json';

/** What to run first where an ecosystem has no lock file that the scanners read. */
const LOCK_FIRST: Partial<Record<Ecosystem, string>> = {
  cargo: 'cargo generate-lockfile',
  rubygems: 'bundle lock',
  composer: 'composer update --no-install',
  nuget: 'dotnet restore --use-lock-file',
  maven: 'gradle dependencies --write-locks',
};

function dirOf(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? '.' : p.slice(0, i);
}

function baseOf(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

function shellWord(s: string): string {
  return /^[A-Za-z0-9_./@%+=:,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

function inDir(dir: string, cmd: string): string {
  return dir === '.' ? cmd : `(cd ${shellWord(dir)} && ${cmd})`;
}

/**
 * The commands that produce a vulnerability report the manifest reads, for
 * the given dependency files (run in the app folder): npm audit for npm
 * packages, pip-audit for requirements files and Python projects,
 * OSV-Scanner for the rest (after creating a lock file where the scanners
 * need one).
 */
export function reportCommands(deps: DependencyFile[]): string[] {
  const cmds: string[] = [];
  const add = (c: string) => {
    if (!cmds.includes(c)) cmds.push(c);
  };
  const byDir = new Map<string, DependencyFile[]>();
  for (const d of deps) addTo(byDir, `${d.ecosystem}\u0000${dirOf(d.file)}`, d);
  let osv = false;
  const lockFirst: string[] = [];
  for (const [key, list] of byDir) {
    const [eco, dir] = key.split('\u0000') as [Ecosystem, string];
    const names = list.map((d) => baseOf(d.file));
    const locked = list.some((d) => kindOf(d.file)?.lock);
    if (eco === 'npm') {
      if (names.some((n) => n === 'package-lock.json' || n === 'npm-shrinkwrap.json')) add(inDir(dir, 'npm audit --json > npm-audit.json'));
      else if (locked) osv = true; // yarn.lock, pnpm-lock.yaml
      else add(inDir(dir, 'npm install --package-lock-only --ignore-scripts && npm audit --json > npm-audit.json'));
    } else if (eco === 'pypi') {
      const reqs = names.filter((n) => /^requirements[^/]*\.txt$/.test(n));
      if (reqs.length) add(inDir(dir, `pip-audit ${reqs.map((r) => `-r ${shellWord(r)}`).join(' ')} -f json -o pip-audit.json`));
      else if (names.some((n) => /^(pyproject\.toml|setup\.py|setup\.cfg)$/.test(n)) && !locked) add(inDir(dir, 'pip-audit . -f json -o pip-audit.json'));
      else if (locked) osv = true; // poetry.lock, Pipfile.lock, uv.lock
      else {
        lockFirst.push(inDir(dir, 'pipenv lock'));
        osv = true;
      }
    } else {
      osv = true;
      if (!locked && LOCK_FIRST[eco]) lockFirst.push(inDir(dir, LOCK_FIRST[eco]!));
    }
  }
  if (osv) add(lockFirst.length ? `${lockFirst.join(' && ')} && ${OSV}` : OSV);
  return cmds;
}

/** Whether OSV-Scanner alone would cover every dependency file (each ecosystem of each folder has a lock file it reads). */
function osvCoversAll(deps: DependencyFile[]): boolean {
  const groups = new Map<string, boolean>();
  for (const d of deps) {
    const key = `${d.ecosystem}\u0000${dirOf(d.file)}`;
    groups.set(key, (groups.get(key) ?? false) || !!kindOf(d.file)?.lock);
  }
  return [...groups.values()].every(Boolean);
}

/** "npm: package.json; PyPI: requirements.txt" (at most a few files per ecosystem). */
export function describeDependencies(deps: DependencyFile[]): string {
  const label: Record<Ecosystem, string> = { npm: 'npm', pypi: 'PyPI', go: 'Go', maven: 'Maven/Gradle', cargo: 'Cargo', rubygems: 'RubyGems', composer: 'Composer', nuget: 'NuGet' };
  return ecosystemsOf(deps)
    .map((e) => {
      const files = deps.filter((d) => d.ecosystem === e).map((d) => d.file);
      return `${label[e]}: ${files.slice(0, 3).join(', ')}${files.length > 3 ? ` and ${files.length - 3} more` : ''}`;
    })
    .join('; ');
}

/** The sentence that says how to complete an unknown vulnerability factor. */
export function howToReport(deps: DependencyFile[]): string {
  const cmds = reportCommands(deps);
  const list = cmds.map((c) => `\`${c}\``).join(', then ');
  const alt = !cmds.includes(OSV) && osvCoversAll(deps) ? ` (or \`${OSV}\`, which covers every ecosystem)` : '';
  return `in the app folder run ${list}${alt}, keep the report in the folder, then export the manifest again`;
}
