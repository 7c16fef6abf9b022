import { basicAuth, type TestServer } from './server.js';

export interface KeyedAnswer {
  status: number;
  /** The body exactly as it came over the wire (replays must match it byte for byte). */
  text: string;
  body: any;
  /** The Idempotent-Replayed header, or null when absent. */
  replayed: string | null;
  retryAfter: string | null;
}

/** A POST with an Idempotency-Key (undefined: none), its raw JSON text given as is or made from `body`. */
export async function keyedPost(s: TestServer, path: string, opts: { key?: string; body?: unknown; raw?: string; as?: { username: string; apiKey: string } }): Promise<KeyedAnswer> {
  const who = opts.as ?? s.owner;
  const headers: Record<string, string> = { authorization: basicAuth(who.username, who.apiKey), 'content-type': 'application/json' };
  if (opts.key !== undefined) headers['idempotency-key'] = opts.key;
  const res = await fetch(`${s.origin}${path}`, { method: 'POST', headers, body: opts.raw ?? JSON.stringify(opts.body) });
  const text = await res.text();
  return { status: res.status, text, body: JSON.parse(text), replayed: res.headers.get('idempotent-replayed'), retryAfter: res.headers.get('retry-after') };
}

/** A clock tests move by hand (IDEMPOTENCY_TTL, IDEMPOTENCY_LOCK_TIMEOUT follow it). */
export function manualClock(startMs = Date.now()) {
  let t = startMs;
  return { nowMs: () => t, advance: (seconds: number) => void (t += seconds * 1000) };
}
