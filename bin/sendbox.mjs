#!/usr/bin/env node
// Runs the build in dist/ (compiled once by `npm install` / `npm ci`, see scripts/build.mjs) when it is current, so a
// start takes about 1.5 s. When dist/ is missing or any source is newer, it runs the TypeScript sources through
// tsx instead (several seconds on a small machine), and says so in one line: stale code never runs.
import { staleReason } from './build-state.mjs';

const stale = staleReason();
if (stale === undefined) {
  await import('../dist/src/main/cli.js');
} else {
  process.stderr.write(`sendbox: ${stale}; running the TypeScript sources through tsx (npm run build makes starts fast)\n`);
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/main/cli.ts');
}
