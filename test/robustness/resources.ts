/**
 * Real ids for path parameters. With an id the caller does not own, every body case would stop at the
 * service's 404; with one it owns, the malformed bodies reach the update and delete code behind it.
 */
import type { Operation } from './openapi-walk.js';
import { sendRaw } from './raw-http.js';
import { jsonText } from './malformed.js';
import { sample, type Resolve } from './schema-sample.js';

let unique = 0;
/** Sample strings are shared by every create; unique ones avoid "already taken" on usernames and the like. */
function uniquify(v: unknown): unknown {
  if (v === 'fuzzvalue') return `fuzzr${++unique}`;
  if (Array.isArray(v)) return v.map(uniquify);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, uniquify(x)]));
  return v;
}

function idIn(obj: unknown, name: string): string | undefined {
  if (!obj || typeof obj !== 'object') return undefined;
  const o = obj as Record<string, unknown>;
  const v = o[name] ?? o.id;
  return typeof v === 'number' || typeof v === 'string' ? encodeURIComponent(String(v)) : undefined;
}

/**
 * For each path parameter, an id the owner holds: made with the collection's POST when there is one,
 * else the first item of the collection's GET. Parameters with no collection keep a sample value.
 */
export async function discoverIds(origin: string, op: Operation, ops: Operation[], auth: string, resolve: Resolve): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  const names = [...op.template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
  for (const name of names) {
    const param = op.params.find((p) => p.in === 'path' && p.name === name);
    const fallback = encodeURIComponent(String(sample(param?.schema, resolve, name)));
    const collection = op.template.slice(0, op.template.indexOf(`/{${name}}`));
    const fill = (t: string) => t.replace(/\{([^}]+)\}/g, (_m, n: string) => ids[n] ?? '1');
    let found: string | undefined;
    const create = ops.find((o) => o.method === 'POST' && o.template === collection);
    if (create?.body) {
      const res = await sendRaw(origin, {
        method: 'POST',
        path: fill(collection),
        headers: { authorization: auth, 'content-type': 'application/json' },
        body: Buffer.from(jsonText(uniquify(sample(create.body, resolve)))),
      });
      if (res.status < 300) found = idIn((res.json as { data?: unknown })?.data, name);
    }
    const list = ops.find((o) => o.method === 'GET' && o.template === collection);
    if (!found && list) {
      const res = await sendRaw(origin, { method: 'GET', path: fill(collection), headers: { authorization: auth } });
      const data = (res.json as { data?: unknown })?.data;
      const items = Array.isArray(data) ? data : (data as { data?: unknown[] } | undefined)?.data;
      if (res.status < 300 && Array.isArray(items)) found = idIn(items[0], name);
    }
    ids[name] = found ?? fallback;
  }
  return ids;
}
