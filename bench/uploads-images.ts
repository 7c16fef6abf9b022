/**
 * node --import tsx bench/uploads-images.ts [--parallel 3] [--size 5000]
 *
 * Issue 7 item 5: how long large PNG uploads block the event loop. Starts a real server in this process (so
 * perf_hooks sees its event loop), polls GET /healthz every 10 ms, posts `parallel` size × size gradient PNGs
 * (convert=post) at once, and prints the event-loop delay, the healthz latencies during the conversions and
 * each upload's time.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { gradientPng } from '../test/helpers/png-writer.js';
import { startServer } from '../test/helpers/server.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const parallel = arg('parallel', 3);
const size = arg('size', 5000);
const pct = (xs: number[], p: number) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]! : NaN);

const pngs = Array.from({ length: parallel }, (_, i) => gradientPng(size, size, { alpha: i % 2 === 1 }));
console.log(`PNG sizes: ${pngs.map((p) => `${(p.length / 1024).toFixed(0)} KB`).join(', ')} (${size} × ${size}; odd ones RGBA)`);
const s = await startServer();
try {
  // Warm-up: one small conversion, so thread start-up and first-use costs are not counted.
  await s.request('POST', '/v3/uploads?convert=post', { body: { content: gradientPng(50, 50).toString('base64') } });
  const bodies = pngs.map((p) => JSON.stringify({ content: p.toString('base64') }));

  const healthz: number[] = [];
  let polling = true;
  const poll = (async () => {
    while (polling) {
      const t = performance.now();
      await fetch(`${s.origin}/healthz`).then((r) => r.text());
      healthz.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  const eld = monitorEventLoopDelay({ resolution: 10 });
  eld.enable();
  const t0 = performance.now();
  const times = await Promise.all(
    bodies.map(async (body) => {
      const t = performance.now();
      const r = await fetch(`${s.base}/uploads?convert=post`, {
        method: 'POST',
        headers: { authorization: `Basic ${Buffer.from(`${s.owner.username}:${s.owner.apiKey}`).toString('base64')}`, 'content-type': 'application/json' },
        body,
      });
      const j = (await r.json()) as { http_code: number; response_msg: string };
      if (r.status !== 200) throw new Error(`upload failed: ${r.status} ${j.response_msg}`);
      return performance.now() - t;
    }),
  );
  const wall = performance.now() - t0;
  eld.disable();
  polling = false;
  await poll;
  console.log(`uploads: ${times.map((t) => `${(t / 1000).toFixed(2)} s`).join(', ')}; all done in ${(wall / 1000).toFixed(2)} s`);
  console.log(`event-loop delay: max ${(eld.max / 1e6).toFixed(0)} ms, p99 ${(eld.percentile(99) / 1e6).toFixed(0)} ms, mean ${(eld.mean / 1e6).toFixed(1)} ms`);
  console.log(`healthz during: ${healthz.length} answers, p50 ${pct(healthz, 50).toFixed(1)} ms, p99 ${pct(healthz, 99).toFixed(1)} ms, max ${Math.max(...healthz).toFixed(1)} ms`);
} finally {
  await s.close();
}
