#!/usr/bin/env node
// The install-time build: npm runs it as `prepare` on `npm install` and `npm ci`; `npm run build` runs it by hand.
// Compiles src/ and migrations/ into dist/ (tsconfig.build.json), copies the files the code reads at runtime (the
// pricing table, worker-thread starters), then writes dist/BUILD, whose mtime is when the build started: bin/sendbox.mjs
// runs dist/ only while no source is newer. An install never fails here: type errors are reported and emitted anyway
// (tsx would run the same code), and without TypeScript (npm install --omit=dev) the sources run through tsx.
// `--strict` (npm run build) exits 1 on type errors.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { STAMP, SOURCE_DIRS } from '../bin/build-state.mjs';

const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, 'dist');
const strict = process.argv.includes('--strict');

let tsc;
try {
  tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
} catch {
  console.warn('sendbox: TypeScript is not installed, so there is no build; npm start runs the sources through tsx');
  process.exit(0);
}

const started = new Date();
fs.rmSync(dist, { recursive: true, force: true }); // a clean tree: no output of a deleted source survives
const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
if (!fs.existsSync(path.join(dist, 'src/main/cli.js'))) {
  console.warn('sendbox: the build emitted nothing; npm start runs the sources through tsx');
  process.exit(strict ? 1 : 0);
}
for (const dir of SOURCE_DIRS) copyAssets(path.join(root, dir), path.join(dist, dir));
fs.writeFileSync(path.join(dist, STAMP), `built ${started.toISOString()} from ${SOURCE_DIRS.join(', ')}\n`);
fs.utimesSync(path.join(dist, STAMP), started, started);
if (r.status !== 0) {
  console.warn('sendbox: type errors above; dist/ was built anyway (npm run typecheck lists them)');
  process.exit(strict ? 1 : 0);
}

/** Everything but TypeScript and tests, e.g. pricing-table.json and the *.worker.mjs thread starters. */
function copyAssets(from, to) {
  for (const e of fs.readdirSync(from, { withFileTypes: true })) {
    const src = path.join(from, e.name);
    if (e.isDirectory()) copyAssets(src, path.join(to, e.name));
    else if (!e.name.endsWith('.ts')) {
      fs.mkdirSync(to, { recursive: true });
      fs.copyFileSync(src, path.join(to, e.name));
    }
  }
}
