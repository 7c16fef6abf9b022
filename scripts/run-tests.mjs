#!/usr/bin/env node
// Runs the *.test.ts files with node's own test runner (TypeScript through tsx).
// Usage: npm test [-- path-filter ...]          every test file (unit tier, then the HTTP tier)
//        npm run test:unit [-- path-filter ...]   the unit tier only: tests beside the code under src/ and
//                                               test/architecture/; they start no server and need no database
//                                               or LibreOffice, and run in seconds.
// Everything else is the slow tier: test/ (real servers over real HTTP, child processes, SDK contracts) and
// the few src tests that isUnit() below sends there.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

function find(dir, out = []) {
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory() && e.name !== 'node_modules') find(p, out);
    else if (e.isFile() && e.name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

/**
 * Unit tier: the tests beside the code under src/, and test/architecture/. A src test joins the slow tier
 * when it starts a server (test/helpers/server.js), opens a database (test/helpers/dispatch.js: SQLite, or
 * PostgreSQL under DATABASE_URL), runs LibreOffice (needsSoffice), or says so
 * with a line `// test-tier: slow (why)` (renders PDFs in worker threads, compares with a slow oracle, ...).
 */
function isUnit(f) {
  if (f.startsWith(`test${path.sep}architecture${path.sep}`)) return true;
  if (!f.startsWith(`src${path.sep}`)) return false;
  const text = fs.readFileSync(f, 'utf8');
  return !/helpers\/(server|dispatch)\.js|needsSoffice|^\/\/ test-tier: slow/m.test(text);
}

const args = process.argv.slice(2);
const unitOnly = args.includes('--unit');
const filters = args.filter((a) => a !== '--unit');
const all = [...find('src'), ...find('test')].sort();
const unit = all.filter(isUnit);
// Unit files first: a broken rule shows in seconds, before the long HTTP files.
const ordered = unitOnly ? unit : [...unit, ...all.filter((f) => !isUnit(f))];
const matched = ordered.filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)));
// On PostgreSQL, only the files that can reach it: every database a test opens comes through test/helpers
// (database.ts, server.ts, dispatch.ts and the helpers built on them), so a file that imports none of them
// (the unit tier, the PDF renderers, the office and image converters) runs the same on either dialect and
// has already run on SQLite. SQLITE_ONLY_FILES=all on a PostgreSQL run runs them anyway.
const onPg = Boolean(process.env.DATABASE_URL);
const dbHelpers = helpersThatOpenADatabase();
const dialectFree = (f) => ![...helperImports(f)].some((h) => dbHelpers.has(h));
const skipDialectFree = onPg && !unitOnly && process.env.SQLITE_ONLY_FILES !== 'all';
const files = skipDialectFree ? matched.filter((f) => !dialectFree(f)) : matched;
if (matched.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
if (files.length === 0) {
  console.log('no matched test file opens a database: they run on SQLite only (SQLITE_ONLY_FILES=all runs them here)');
  process.exit(0);
}
const dialect = onPg ? 'PostgreSQL' : 'SQLite';
const left = matched.length - files.length;
console.log(`running ${files.length} ${unitOnly ? 'unit ' : ''}test files on ${dialect}${left ? ` (${left} that open no database ran on SQLite only)` : ''}`);
const reporter = path.join(import.meta.dirname, 'test-reporter.mjs');
// One migrated template database per run, shared by every test process (test/helpers/database.ts builds it
// on first use): a folder for the SQLite file, and a run id that names the PostgreSQL template.
const run = randomBytes(4).toString('hex');
const templateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sendbox-test-run-'));
const r = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', `--test-concurrency=${process.env.TEST_CONCURRENCY ?? 2}`, '--test-timeout=180000', `--test-reporter=${reporter}`, '--test-reporter-destination=stdout', ...files],
  { stdio: 'inherit', env: { ...process.env, NODE_NO_WARNINGS: '1', SENDBOX_TEST_RUN: run, SENDBOX_TEST_TEMPLATE_DIR: templateDir } },
);
fs.rmSync(templateDir, { recursive: true, force: true });
if (process.env.DATABASE_URL) await dropTemplates(process.env.DATABASE_URL);
process.exit(r.status ?? 1);

/** The test/helpers files a file imports (static or dynamic), by base name: 'server', 'post', ... */
function helperImports(file) {
  const names = new Set();
  // Type-only imports (`import type { TestServer }`) open nothing; a helper imports its siblings as './x.js'.
  const text = fs.readFileSync(file, 'utf8').replace(/^import type [^;]*;/gm, '');
  const sibling = file.includes(`helpers${path.sep}`) ? '|\\.\\/' : '';
  const re = new RegExp(`(?:from |import\\()'(?:(?:\\.\\.?\\/)+(?:test\\/)?helpers\\/${sibling})([\\w-]+)\\.js'`, 'g');
  for (const m of text.matchAll(re)) names.add(m[1]);
  return names;
}

/** The helpers that open a database (database, server, dispatch) and every helper that imports one of them. */
function helpersThatOpenADatabase() {
  const dir = path.join('test', 'helpers');
  const imports = new Map(
    fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.ts'))
      .map((f) => [f.slice(0, -3), helperImports(path.join(dir, f))]),
  );
  const reach = new Set(['database', 'server', 'dispatch']);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [name, deps] of imports) {
      if (!reach.has(name) && [...deps].some((d) => reach.has(d))) {
        reach.add(name);
        grew = true;
      }
    }
  }
  return reach;
}

/** Drops the PostgreSQL templates this run built (named sendbox_tmpl_<run>_<schema hash>). */
async function dropTemplates(url) {
  const { default: pg } = await import('pg');
  const c = new pg.Client({ connectionString: url });
  try {
    await c.connect();
    const { rows } = await c.query('SELECT datname FROM pg_database WHERE datname LIKE $1', [`sendbox_tmpl_${run}_%`]);
    for (const { datname } of rows) await c.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
  } catch (err) {
    console.error(`could not drop the run's template databases: ${err.message}`);
  } finally {
    await c.end().catch(() => undefined);
  }
}
