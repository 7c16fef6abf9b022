/**
 * node --import tsx bench/fairness.ts [--rounds 3] [--recipients 20]
 *
 * Issue 7: one tenant's heavy work must not stall another. The server runs in its own process
 * (bench/servers/fairness.ts, dispatcher on). Per round, the heavy account sends a maximal letter (120 A4 pages,
 * duplex) to free test-postcode recipients and uploads three 5000 × 5000 RGBA PNGs, while this process polls
 * /healthz every 5 ms and the other account sends one SMS. Prints /healthz p50/p99/max during the heavy work
 * (target: p99 under 100 ms) and how long the other account's SMS took to reach the network (its normal delay:
 * the same SMS sent on an idle server).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { A4, makePdf } from '../test/helpers/post.js';
import { gradientPng } from '../test/helpers/png-writer.js';
import { startServerChild } from './lib/child.js';

type Who = { username: string; apiKey: string };
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const rounds = arg('rounds', 3);
const recipients = arg('recipients', 20);
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;
const auth = (w: Who) => `Basic ${Buffer.from(`${w.username}:${w.apiKey}`).toString('base64')}`;

const letterPdf = await makePdf(Array.from({ length: 120 }, () => ({ size: A4 })));
const imageBody = JSON.stringify({ content: gradientPng(5000, 5000, { alpha: true }).toString('base64') });
const files = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': letterPdf.length }).end(letterPdf));
await new Promise<void>((r) => files.listen(0, '127.0.0.1', r));
const letterUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}/letter.pdf`;

const server = await startServerChild('fairness', { env: { BENCH_LOG_LEVEL: 'warn' } });
const { origin, heavy, other } = server.info as unknown as { origin: string; heavy: Who; other: Who };
async function call(method: string, path: string, who: Who, body?: string) {
  const r = await fetch(`${origin}/v3${path}`, { method, headers: { authorization: auth(who), 'content-type': 'application/json' }, ...(body ? { body } : {}) });
  return (await r.json()) as { http_code: number; data: any };
}
const ra = await call(
  'POST',
  '/post/return-addresses',
  heavy,
  JSON.stringify({ address_name: 'Sendbox', address_line_1: '1 Maritime Avenue', address_city: 'Flynn', address_state: 'WA', address_postal_code: '6302', address_country: 'AU' }),
);
const raId = ra.data.return_address_id as number;

/** Sends one SMS as `other` and resolves with the ms until its history leaves Queued. */
async function smsDelay(n: number): Promise<number> {
  const t0 = performance.now();
  const sent = await call('POST', '/sms/send', other, JSON.stringify({ messages: [{ to: `+614120000${String(n).padStart(2, '0')}`, body: 'fairness' }] }));
  const id = sent.data.messages[0].message_id as string;
  for (;;) {
    const h = await call('GET', `/sms/history?q=message_id:${id}`, other);
    if (h.data.data[0]?.status !== 'Queued') return performance.now() - t0;
    await new Promise((r) => setTimeout(r, 5));
  }
}

try {
  // Warm-up: the post and image threads start on first use.
  await call('POST', '/uploads?convert=post', heavy, JSON.stringify({ content: gradientPng(50, 50).toString('base64') }));
  const idle = [];
  for (let i = 0; i < 5; i++) idle.push(await smsDelay(i));
  console.log(`idle: SMS to the network p50 ${pct(idle, 50).toFixed(0)} ms`);
  for (let round = 1; round <= rounds; round++) {
    const healthz: number[] = [];
    let busy = true;
    const poll = (async () => {
      while (busy) {
        const t = performance.now();
        await fetch(`${origin}/healthz`).then((r) => r.text());
        healthz.push(performance.now() - t);
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    const t0 = performance.now();
    const letter = call(
      'POST',
      '/post/letters/send',
      heavy,
      JSON.stringify({
        file_url: letterUrl,
        duplex: 1,
        recipients: Array.from({ length: recipients }, (_, i) => ({
          address_name: `Test ${i}`,
          address_line_1: '1 Test Street',
          address_city: 'Perth',
          address_state: 'WA',
          address_postal_code: '11111',
          address_country: 'AU',
          return_address_id: raId,
        })),
      }),
    );
    const uploads = Array.from({ length: 3 }, () => call('POST', '/uploads?convert=post', heavy, imageBody));
    const sms = await smsDelay(50 + round);
    const results = await Promise.all([letter, ...uploads]);
    const heavyMs = performance.now() - t0;
    // The letter's proofs are composed after its send answers: keep polling while they are.
    await new Promise((r) => setTimeout(r, 3000));
    busy = false;
    await poll;
    const codes = results.map((r) => r.http_code).join(',');
    console.log(
      `round ${round}: heavy work ${(heavyMs / 1000).toFixed(1)} s (answers ${codes}); other account's SMS at the network after ${sms.toFixed(0)} ms; ` +
        `/healthz ${healthz.length} answers p50 ${pct(healthz, 50).toFixed(1)} ms, p99 ${pct(healthz, 99).toFixed(1)} ms (target < 100), max ${pct(healthz, 100).toFixed(1)} ms`,
    );
  }
} finally {
  await server.stop();
  files.close();
}
