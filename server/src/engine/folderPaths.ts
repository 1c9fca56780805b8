/**
 * Where a path is with respect to a workspace folder, symbolic links resolved: the one check before the tool reads
 * a file as the folder's content. No other engine module is imported here (families and the folder walk use it).
 */
import fs = require('fs');
import path = require('path');

/** `p` is `base` or below it (both absolute, already resolved). */
export function isWithin(base: string, p: string): boolean {
  const r = path.relative(base, p);
  return r === '' || (r !== '..' && !r.startsWith(`..${path.sep}`) && !path.isAbsolute(r));
}

/** The real path of `p` (symbolic links resolved); for a path that does not exist, its nearest existing ancestor's. */
function realPathOf(p: string): string {
  let cur = path.resolve(p);
  const rest: string[] = [];
  for (;;) {
    try {
      return path.join(fs.realpathSync.native(cur), ...rest.reverse());
    } catch {
      const parent = path.dirname(cur);
      if (parent === cur) return path.resolve(p);
      rest.push(path.basename(cur));
      cur = parent;
    }
  }
}

/**
 * Whether `absPath`, with every symbolic link on its way resolved, is inside the folder `root` (resolved too). The
 * one check before the tool reads a file as the folder's content (the manifest, settings, ignore files, a team's
 * templates): a link from the folder to a file elsewhere is not followed. A path outside the folder by its name is
 * outside.
 */
export function isInsideFolder(root: string, absPath: string): boolean {
  const base = path.resolve(root);
  const abs = path.resolve(absPath);
  if (!isWithin(base, abs)) return false;
  return isWithin(realPathOf(base), realPathOf(abs));
}

