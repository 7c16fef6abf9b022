import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startServer, type TestServer } from '../helpers/server.js';
import { casesFor, fillSlots, prng, type FuzzCase } from './malformed.js';
import { operationsOf, resolver, type Operation, type Schema } from './openapi-walk.js';
import { closeAgent, describeRequest, sendRaw, type RawRequest, type RawResponse } from './raw-http.js';
import { discoverIds } from './resources.js';

// A fixed seed keeps every run identical; FUZZ_SEED tries another sequence (failures print the seed in use).
const SEED = Number(process.env.FUZZ_SEED ?? 0x5e4db0c5) >>> 0;
/** Requests per operation to aim for: every case with the owner's credentials, plus bad credentials to fill up. */
const TARGET_PER_OPERATION = 300;
/**
 * Requests over all operations. Cases with the owner's credentials always run; bad credentials fill each
 * operation up to min(TARGET_PER_OPERATION, TOTAL_BUDGET / operations), so the file's time grows slowly
 * as modules add routes.
 */
const TOTAL_BUDGET = 15_000;
/**
 * Cases with the owner's credentials over all operations. Below it every generated case runs; above it each
 * operation runs a seeded sample of at least 120 of its cases, so the file stays near a minute on this 2-core
 * machine however many routes the document lists (57 operations: ~25 s of CPU).
 */
const CASE_BUDGET = 20_000;
/** Operations fuzzed at once; FUZZ_CONCURRENCY=1 runs them one by one (slower, but the whole run is sequential). */
const CONCURRENCY = Math.max(1, Number(process.env.FUZZ_CONCURRENCY ?? 2));
/** Bad credentials on at least this share of the cases, however tight the budget. */
const MIN_BAD_AUTH_SHARE = 0.25;

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const basic = (user: string, key: string) => `Basic ${b64(`${user}:${key}`)}`;

/** Credentials that must never authenticate: absent, unreadable, or naming nobody. */
const BAD_AUTH: [string, string | undefined][] = [
  ['no credentials', undefined],
  ['"Basic !!!"', 'Basic !!!'],
  ['Basic base64("nocolon")', `Basic ${b64('nocolon')}`],
  ['a 10 KB Basic header naming a 7000-char user', basic('u'.repeat(7000), 'k'.repeat(500))],
  ['a 10 KB Basic header of "A"s', `Basic ${'A'.repeat(10_240)}`],
  ['Basic base64(":")', `Basic ${b64(':')}`],
  ['Bearer token', 'Bearer abc.def.ghi'],
  ['"Basic" alone', 'Basic'],
  ['Basic unknown user', basic('nosuchuser-zz', 'whatever')],
  ['Basic NUL / lone surrogate / RTL', basic('\u0000\ud800', '\u202e')],
];

/** Where the bad-credential requests come from, as the trusted proxy (127.0.0.1) reports it. */
const BAD_CLIENT = '198.51.100.7';

function seedFor(operationId: string): number {
  // Per operation, so adding routes elsewhere does not reshuffle this route's cases.
  let h = SEED;
  for (const ch of operationId) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return h;
}

/** Why a response breaks the contract, or undefined when it keeps it. */
function breach(res: RawResponse): string | undefined {
  if (res.status >= 500) return `status ${res.status}`;
  const b = res.json as Record<string, unknown> | undefined;
  if (!b || typeof b !== 'object' || Array.isArray(b)) return `status ${res.status} with a body that is not a JSON object`;
  if (b.http_code !== res.status) return `http_code ${JSON.stringify(b.http_code)} differs from status ${res.status}`;
  if (typeof b.response_code !== 'string') return 'response_code is not a string';
  if (typeof b.response_msg !== 'string' || b.response_msg.length === 0) return 'response_msg is not a non-empty string';
  if (!('data' in b)) return 'data is missing';
  return undefined;
}

interface Failure {
  operation: string;
  label: string;
  credentials: string;
  problem: string;
  request: RawRequest;
  status: number;
  responseText: string;
}

describe('malformed requests to every documented operation', () => {
  let s: TestServer;
  let ops: Operation[];
  let resolve: (x: Schema | undefined) => Schema;
  let accounts = 0;
  let sent = 0;

  before(async () => {
    // Garbage credentials come from their own client address (through a trusted proxy), so the failure limiter
    // answers them with cheap 429s once that address is over the limit, while the owner's cases, sent
    // directly, keep working. Every wrong secret past the limiter costs one scrypt, known username or not.
    s = await startServer({ env: { TRUST_PROXY: '127.0.0.1' } });
    const doc = (await (await fetch(`${s.origin}/openapi.json`)).json()) as Schema;
    assert.match(String(doc.openapi), /^3\.1/);
    ops = operationsOf(doc);
    resolve = resolver(doc);
  });
  after(async () => {
    closeAgent();
    await s?.close();
  });

  /** A fresh account per operation: one route's fuzz cannot change the credentials another route runs with. */
  async function freshOwner() {
    accounts += 1;
    const a = await s.createAccount(`fuzzowner${accounts}`);
    return { username: a.username, auth: basic(a.username, a.apiKey) };
  }

  // Operations run side by side (each with its own owner, resources and seeded cases; requests within one
  // operation stay in order): password hashing runs on libuv's pool and database round trips overlap.
  it('answers every malformed request with a 4xx (or 2xx) in the ClickSend envelope, never a 5xx', { concurrency: CONCURRENCY }, async (t) => {
    assert.ok(ops.length > 0, 'the OpenAPI document lists no operations');
    const failures: Failure[] = [];
    const started = Date.now();
    const runs = ops.map((op, opIndex) =>
      t.test(`${op.method} ${op.template} (${op.operationId})`, async () => {
        // Its own client address: a case that changes the owner's key makes a few failed logins, which must
        // not lock other operations out.
        const ownerClient = `198.18.${opIndex >> 8}.${opIndex & 255}`;
        const rng = prng(seedFor(op.operationId));
        const generated = casesFor(op, resolve, rng);
        const maxCases = Math.max(120, Math.floor(CASE_BUDGET / ops.length));
        const cases =
          generated.length <= maxCases
            ? generated
            : rng
                .pickN([...generated.keys()], maxCases)
                .sort((a, b) => a - b)
                .map((i) => generated[i]!);
        let owner = await freshOwner();
        let ids = await discoverIds(s.origin, op, ops, owner.auth, resolve);
        // Bad credentials per case: a whole part, and a fraction applied to a seeded share of the cases.
        const target = Math.min(TARGET_PER_OPERATION, Math.floor(TOTAL_BUDGET / ops.length));
        const perCase = Math.min(BAD_AUTH.length, Math.max(MIN_BAD_AUTH_SHARE, (target - cases.length) / cases.length));
        const mine: Failure[] = [];
        let pastAuth = 0;

        const fire = async (c: FuzzCase, credentials: string, authorization: string | undefined) => {
          const headers: Record<string, string> = { ...(c.contentType !== undefined ? { 'content-type': c.contentType } : {}), ...c.headers };
          if (authorization !== undefined) headers.authorization = authorization;
          headers['x-forwarded-for'] = credentials === 'owner' ? ownerClient : BAD_CLIENT;
          const request: RawRequest = { method: op.method, path: fillSlots(c.path, ids), headers, ...(c.body ? { body: c.body } : {}) };
          sent += 1;
          let res: RawResponse;
          try {
            res = await sendRaw(s.origin, request);
          } catch (err) {
            res = { status: 0, text: String(err), json: undefined };
          }
          const problem = res.status === 0 ? `no response: ${res.text}` : breach(res);
          if (problem) {
            mine.push({ operation: `${op.method} ${op.template}`, label: c.label, credentials, problem, request, status: res.status, responseText: res.text.slice(0, 2000) });
          }
          return res;
        };

        // One wrong key for a real user per operation: it runs the slow password fallback, so not in the rotation.
        await fire({ label: 'valid path, real user with a wrong key', path: cases[0]?.path ?? op.template }, 'real user, wrong key', basic(owner.username, 'wrong-key'));
        for (const c of cases) {
          const res = await fire(c, 'owner', owner.auth);
          if (res.status !== 401 && res.status !== 429) pastAuth += 1;
          // A valid-enough body may legitimately change the owner's username or key; keep fuzzing with working credentials.
          if (res.status < 300 && op.method !== 'GET') {
            const probe = await sendRaw(s.origin, { method: 'GET', path: '/v3/account', headers: { authorization: owner.auth, 'x-forwarded-for': ownerClient } });
            if (probe.status === 401) {
              owner = await freshOwner();
              ids = await discoverIds(s.origin, op, ops, owner.auth, resolve);
            }
          }
          const extra = Math.floor(perCase) + (rng.next() < perCase % 1 ? 1 : 0);
          for (const [label, header] of rng.pickN(BAD_AUTH, extra)) await fire(c, label, header);
        }

        assert.ok(cases.length >= 10, `only ${cases.length} cases were generated`);
        assert.ok(pastAuth > 0, 'no request with owner credentials got past authentication, so nothing behind it was exercised');
        failures.push(...mine);
        if (mine.length > 0) {
          // Every failing request in full (bodies base64), for replay; the message shows the first few.
          const file = path.join(os.tmpdir(), `sendbox-fuzz-failures-${process.pid}-${op.operationId.replace(/[^\w.-]/g, '_')}.json`);
          fs.writeFileSync(
            file,
            JSON.stringify(
              mine.map((f) => ({ ...f, request: { ...f.request, body: f.request.body?.toString('base64') } })),
              null,
              2,
            ),
          );
          const shown = mine.slice(0, 8).map((f) => `- [${f.label}] as ${f.credentials}: ${f.problem}\n${describeRequest(s.origin, f.request)}\n  response: ${f.responseText.slice(0, 300)}`);
          assert.fail(`${mine.length} of the requests to ${op.method} ${op.template} broke the contract (seed ${SEED}; all in ${file}):\n${shown.join('\n')}`);
        }
      }),
    );
    await Promise.all(runs);
    t.diagnostic(`${sent} requests over ${ops.length} operations in ${((Date.now() - started) / 1000).toFixed(1)} s (seed ${SEED})`);
    assert.equal(failures.length, 0);
  });

  it('still answers /healthz and the owner afterwards', async () => {
    const health = await fetch(`${s.origin}/healthz`);
    assert.equal(health.status, 200);
    const me = await s.request('GET', '/v3/account');
    assert.equal(me.status, 200);
    assert.equal(me.body.data.username, s.owner.username);
  });
});
