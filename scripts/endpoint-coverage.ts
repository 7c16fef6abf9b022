/**
 * Writes docs/coverage.md: every endpoint of the ClickSend reference (endpoints.json) with whether
 * Sendbox registers it and which module serves it. `npm run coverage:endpoints`; test/coverage.test.ts
 * regenerates the text in memory and fails when the committed file differs.
 *
 * Routes are read from a real app (buildApp over a throwaway SQLite directory): Fastify announces each
 * new instance on the `fastify.initialization` diagnostics channel, where we add an onRoute hook before
 * any module registers. The serving module is the folder under src/modules/ whose code made the call.
 */
import diagnostics from 'node:diagnostics_channel';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config/index.js';
import { connect, migrateToLatest } from '../src/core/db/index.js';
import { systemClock } from '../src/core/util/clock.js';
import { migrations } from '../migrations/index.js';

export const COVERAGE_FILE = fileURLToPath(new URL('../docs/coverage.md', import.meta.url));
// The repository's copy of the endpoint catalogue (see reference/README.md); CLICKSEND_ENDPOINTS_JSON overrides it.
export const ENDPOINTS_FILE = process.env.CLICKSEND_ENDPOINTS_JSON || path.resolve(import.meta.dirname, '../reference/clicksend-v3/endpoints.json');

export interface Endpoint {
  section: string;
  name: string;
  method: string;
  path: string;
  alt_paths?: { path: string }[];
  sdk: { api_class: string; method: string } | null;
}

export interface RegisteredRoute {
  method: string;
  /** Path under /v3, as registered ("/pricing/:country"). */
  path: string;
  /** Folder under src/modules/ that registered it, or "core". */
  module: string;
}

export function loadEndpoints(file = ENDPOINTS_FILE): Endpoint[] {
  if (!fs.existsSync(file)) throw new Error(`endpoints.json not found at ${file}; set CLICKSEND_ENDPOINTS_JSON to its path.`);
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Endpoint[];
}

/** "/lists/{list_id}/contacts/" and "/lists/:id/contacts" → "/lists/:/contacts": parameters match by position, not name. */
export function pathPattern(p: string): string {
  const trimmed = p.length > 1 ? p.replace(/\/+$/, '') : p;
  return trimmed
    .split('/')
    .map((seg) => (/^\{[^}]*\}$/.test(seg) || seg.startsWith(':') ? ':' : seg))
    .join('/');
}

const MODULE_FRAME = /[/\\]src[/\\]modules[/\\]([^/\\]+)[/\\]/;

/** The outermost src/modules/<name>/ frame on the stack: the module whose register() led to this route. */
function callingModule(): string {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 200;
  const stack = new Error().stack ?? '';
  Error.stackTraceLimit = limit;
  let found = 'core';
  for (const line of stack.split('\n')) {
    const m = MODULE_FRAME.exec(line);
    if (m?.[1]) found = m[1];
  }
  return found;
}

/** Every method + path the real app registers under /v3 (HEAD twins left out). */
export async function collectRoutes(): Promise<RegisteredRoute[]> {
  const routes = new Map<string, RegisteredRoute>();
  const onInstance = (message: unknown) => {
    const { fastify } = message as { fastify: FastifyInstance };
    fastify.addHook('onRoute', (route: RouteOptions) => {
      if (!route.url.startsWith('/v3/') && route.url !== '/v3') return;
      const module = callingModule();
      const sub = route.url.slice(3) || '/';
      for (const method of Array.isArray(route.method) ? route.method : [route.method]) {
        if (method === 'HEAD') continue;
        const key = `${method} ${pathPattern(sub)}`;
        if (!routes.has(key)) routes.set(key, { method, path: sub, module });
      }
    });
  };
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sendbox-coverage-'));
  diagnostics.subscribe('fastify.initialization', onInstance);
  try {
    const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', DISPATCH: '0' });
    const dbh = connect({ databaseUrl: undefined, dataDir, poolSize: 1 });
    try {
      await migrateToLatest(dbh.db, migrations);
      const { app } = await buildApp({ config, dbh, clock: systemClock }, { logger: false });
      await app.close();
    } finally {
      await dbh.close();
    }
  } finally {
    diagnostics.unsubscribe('fastify.initialization', onInstance);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  return [...routes.values()];
}

const code = (s: string) => `\`${s}\``;

/** The markdown document: a count, a per-section summary, then one table per section. */
export function renderCoverage(endpoints: Endpoint[], routes: RegisteredRoute[]): string {
  const byKey = new Map(routes.map((r) => [`${r.method} ${pathPattern(r.path)}`, r]));
  const find = (method: string, p: string) => byKey.get(`${method.toUpperCase()} ${pathPattern(p)}`);

  const sections = new Map<string, Endpoint[]>();
  for (const e of endpoints) sections.set(e.section, [...(sections.get(e.section) ?? []), e]);
  const doneCount = (list: Endpoint[]) => list.filter((e) => find(e.method, e.path)).length;
  const total = doneCount(endpoints);

  const out: string[] = [
    '# Endpoint coverage',
    '',
    '<!-- Generated by scripts/endpoint-coverage.ts (npm run coverage:endpoints) from the registered routes; do not edit by hand. -->',
    '',
    `**${total} of ${endpoints.length} endpoints done** (${endpoints.length - total} not yet).`,
    '',
    'An endpoint is done when its method and path are registered under /v3 (path parameters match by position, not name).',
    'Alternative paths are listed with their own state; the module is the folder under src/modules/ that serves the route.',
    '',
    '| Section | Done | Endpoints |',
    '|---|---:|---:|',
    ...[...sections].map(([name, list]) => `| [${name}](#${anchor(name)}) | ${doneCount(list)} | ${list.length} |`),
    '',
  ];

  for (const [name, list] of sections) {
    out.push(`## ${name}`, '', `${doneCount(list)} of ${list.length} done.`, '');
    out.push('| Section | Method | Path | Alt paths | SDK | Status | Module |', '|---|---|---|---|---|---|---|');
    for (const e of list) {
      const route = find(e.method, e.path);
      const alts = (e.alt_paths ?? []).map((a) => `${code(a.path)} (${find(e.method, a.path) ? 'done' : 'not yet'})`).join('<br>') || '—';
      const sdk = e.sdk ? code(`${e.sdk.api_class}.${e.sdk.method}`) : '—';
      out.push(`| ${name} | ${e.method} | ${code(e.path)} | ${alts} | ${sdk} | ${route ? 'done' : 'not yet'} | ${route?.module ?? '—'} |`);
    }
    out.push('');
  }

  const known = new Set(endpoints.flatMap((e) => [e.path, ...(e.alt_paths ?? []).map((a) => a.path)].map((p) => `${e.method} ${pathPattern(p)}`)));
  const extra = routes.filter((r) => !known.has(`${r.method} ${pathPattern(r.path)}`)).sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
  out.push('## Routes not in endpoints.json', '');
  if (extra.length === 0) out.push('None.', '');
  else {
    out.push('| Method | Path | Module |', '|---|---|---|');
    for (const r of extra) out.push(`| ${r.method} | ${code(r.path)} | ${r.module} |`);
    out.push('');
  }
  return out.join('\n');
}

/** GitHub's heading anchors: lower case, spaces to hyphens, punctuation other than hyphens dropped. */
function anchor(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^a-z0-9 -]/g, '')
    .replace(/ /g, '-');
}

export async function generateCoverage(): Promise<string> {
  return renderCoverage(loadEndpoints(), await collectRoutes());
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (invokedDirectly) {
  const text = await generateCoverage();
  fs.mkdirSync(path.dirname(COVERAGE_FILE), { recursive: true });
  fs.writeFileSync(COVERAGE_FILE, text);
  process.stdout.write(`${path.relative(process.cwd(), COVERAGE_FILE)}: ${text.split('\n')[4]?.replace(/\*\*/g, '')}\n`);
}
