import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestServer } from './server.js';

export type Who = { username: string; apiKey: string };

/** What a loopback receiver got: one entry per request. */
export interface Received {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A real HTTP server on 127.0.0.1 that answers 200 to everything and records what it got. */
export async function startReceiver(): Promise<{ url: string; got: Received[]; close(): Promise<void> }> {
  const got: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      got.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hook`, got, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Creates a rule over HTTP (POST /v3/automations/<group>); its id. */
export async function createRule(s: TestServer, who: Who, group: string, body: Record<string, unknown>): Promise<number> {
  const r = await s.request('POST', `/v3/automations/${group}`, { as: who, body: { rule_name: 'rule', enabled: 1, ...body } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return Number(r.body.data.inbound_rule_id ?? r.body.data.receipt_rule_id);
}

/** A test inbound SMS (POST /v3/sms/inbound, url poll: stored and fired, pushed nowhere). */
export async function inbound(s: TestServer, who: Who, fields: { from: string; body: string; original_message_id?: string }) {
  const r = await s.request('POST', '/v3/sms/inbound', { as: who, body: { url: 'poll', ...fields } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.data as Record<string, string>;
}

/** The rule ids webhook deliveries were queued for (this account), in queue order. */
export async function deliveredRules(s: TestServer, accountId: number): Promise<number[]> {
  const rows = await s.dbh.db.selectFrom('webhook_deliveries').select(['rule_id']).where('account_id', '=', accountId).orderBy('id').execute();
  return rows.map((r) => Number(r.rule_id));
}

/** The account's automation_actions rows, oldest first. */
export function actionsOf(s: TestServer, accountId: number) {
  return s.dbh.db.selectFrom('automation_actions').selectAll().where('account_id', '=', accountId).orderBy('id').execute();
}

/** The account's id from its credentials. */
export async function accountIdOf(s: TestServer, who: Who): Promise<number> {
  const r = await s.request('GET', '/v3/account', { as: who });
  return Number(r.body.data.user_id);
}

/** Every outbound SMS of the account in history (to, body, from, status), oldest first. */
export async function outbound(s: TestServer, who: Who) {
  const r = await s.request('GET', '/v3/sms/history?limit=100', { as: who });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return (r.body.data.data as Array<Record<string, any>>).map((m) => ({ to: m.to as string, body: m.body as string, from: m.from as string, message_id: m.message_id as string }));
}
