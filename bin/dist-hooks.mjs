// Module hooks registered by prefer-dist.mjs: src/**.ts and migrations/**.ts resolve to their dist/ build.
import { SOURCE_DIRS } from './build-state.mjs';

const root = new URL('../', import.meta.url).href;
const prefixes = SOURCE_DIRS.map((d) => `${root}${d}/`);

export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  if (!prefixes.some((p) => resolved.url.startsWith(p)) || !resolved.url.endsWith('.ts')) return resolved;
  return { ...resolved, url: `${root}dist/${resolved.url.slice(root.length, -'.ts'.length)}.js`, format: 'module' };
}
