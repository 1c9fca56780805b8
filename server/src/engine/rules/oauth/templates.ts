/**
 * A platform team's least-privilege choices for OAuth scopes, as data: a folder of JSON files
 * (`oauth.templatesDir`, validated by schemas/oauth-templates.schema.json), each naming a platform and, per scope,
 * the narrower scopes its quick-fixes offer first (a team that standardised on `drive.file`, or on a read-only
 * Graph permission, says so once for every app). Read only inside the workspace folder, symbolic links resolved;
 * reloaded when a file of the folder changes; a file that is not valid is said (a note) and not used.
 */
import fs = require('fs');
import path = require('path');
import { compile2020 } from '../../schemaValidator';
import { readJsonFiles } from '../../jsonFiles';
import { isInsideFolder } from '../../folderPaths';
import { canonical, PLATFORMS, type Platform } from './catalog';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const SCHEMA: Record<string, unknown> = require('../../../../../schemas/oauth-templates.schema.json');

/** platform -> catalogue scope name -> the team's narrower scopes, best first. */
export type TeamNarrower = Map<Platform, Map<string, string[]>>;

let validate: ((v: unknown) => boolean) & { errors?: Array<{ instancePath?: string; message?: string }> | null } | undefined;

const cache = new Map<string, { narrower: TeamNarrower; problems: string[] }>();

/** The team's choices from the setting's folder (undefined: no setting, or nothing usable), and why files were not used. */
export function teamNarrower(settings: Record<string, unknown>, root: string | undefined): { narrower?: TeamNarrower; problems: string[] } {
  const dir = settings['oauth.templatesDir'];
  if (typeof dir !== 'string' || !dir.trim() || !root) return { problems: [] };
  const abs = path.resolve(root, dir);
  if (path.relative(root, abs).startsWith('..') || !isInsideFolder(root, abs)) {
    return { problems: [`oauth.templatesDir "${dir}" is outside the workspace folder (or a link out of it): not read`] };
  }
  let files: string[];
  let stamp = 0;
  try {
    files = fs.readdirSync(abs).filter((f) => f.endsWith('.json')).sort();
    // A link that leads nowhere is said when the file is read, and does not hide the other files.
    for (const f of files) stamp = Math.max(stamp, fs.statSync(path.join(abs, f), { throwIfNoEntry: false })?.mtimeMs ?? 0);
  } catch {
    return { problems: [`oauth.templatesDir "${dir}" cannot be listed: the built-in narrower scopes are offered`] };
  }
  const key = `${abs}#${files.length}#${stamp}`;
  let hit = cache.get(key);
  if (!hit) {
    hit = load(abs, files);
    if (cache.size > 16) cache.clear();
    cache.set(key, hit);
  }
  return { narrower: hit.narrower.size ? hit.narrower : undefined, problems: hit.problems };
}

function load(abs: string, files: string[]): { narrower: TeamNarrower; problems: string[] } {
  validate ??= compile2020(SCHEMA, { allErrors: true, strict: false });
  const narrower: TeamNarrower = new Map();
  const problems: string[] = [];
  for (const { name: f, data, failure } of readJsonFiles(abs, files, (file) => isInsideFolder(abs, file))) {
    if (failure?.kind === 'outside') {
      problems.push(`${f}: a link out of the templates folder: not read`);
      continue;
    }
    if (failure?.kind === 'unreadable') {
      problems.push(`${f}: cannot be read (${failure.code}): not used`);
      continue;
    }
    if (failure) {
      // Where, never what: the file may hold a value pasted by mistake.
      problems.push(`${f}: not JSON (${failure.place?.code ?? 'syntax error'} at line ${failure.place?.line ?? 1}): not used`);
      continue;
    }
    if (!validate(data)) {
      const why = (validate.errors ?? []).slice(0, 3).map((x) => `${x.instancePath || '/'} ${x.message}`).join('; ');
      problems.push(`${f}: not a valid OAuth template file (schemas/oauth-templates.schema.json: ${why}): not used`);
      continue;
    }
    const t = data as { platform: Platform; narrower: Record<string, string[]> };
    if (!PLATFORMS.includes(t.platform)) continue;
    let m = narrower.get(t.platform);
    if (!m) narrower.set(t.platform, (m = new Map()));
    for (const [scope, list] of Object.entries(t.narrower)) m.set(canonical(t.platform, scope), list.map((x) => canonical(t.platform, x)));
  }
  return { narrower, problems };
}
