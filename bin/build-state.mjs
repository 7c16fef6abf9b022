// Whether dist/ (the install-time build, scripts/build.mjs) may run: it must exist and be no older than any source.
import fs from 'node:fs';
import path from 'node:path';

export const STAMP = 'BUILD';
/** Compiled into dist/; a change to any file or folder under them (or to a tsconfig) makes the build stale. */
export const SOURCE_DIRS = ['src', 'migrations'];
const CONFIGS = ['tsconfig.json', 'tsconfig.build.json'];

const root = path.resolve(import.meta.dirname, '..');

/** undefined when dist/ is current, else why not (for one line on stderr). A walk of stats: a few ms. */
export function staleReason() {
  let built;
  try {
    built = fs.statSync(path.join(root, 'dist', STAMP)).mtimeMs;
  } catch {
    return 'no build in dist/';
  }
  const newer = (p) => fs.statSync(p).mtimeMs > built;
  for (const f of CONFIGS) if (fs.existsSync(path.join(root, f)) && newer(path.join(root, f))) return `${f} changed after the build`;
  for (const dir of SOURCE_DIRS) {
    const found = newest(path.join(root, dir), built);
    if (found) return `${path.relative(root, found)} changed after the build`;
  }
  return undefined;
}

/** The first file or folder (folders change when a file is added, removed or renamed) modified after `since`. */
function newest(dir, since) {
  if (fs.statSync(dir).mtimeMs > since) return dir;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      const found = newest(p, since);
      if (found) return found;
    } else if (fs.statSync(p).mtimeMs > since) return p;
  }
  return undefined;
}
