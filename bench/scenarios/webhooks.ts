/**
 * Issue target (2 cores): webhook delivery to a loopback receiver ≥ 2,000 deliveries/s. The server child queues
 * BENCH_WEBHOOKS pushes through the real outbox and times the real dispatcher delivering them to a receiver running
 * here, in the parent (its own process, as a customer's receiver is), before it listens; reported as a fact with its
 * ratio to the target. Loaded afterwards: the delivery log (GET /v3/sendbox/webhook-deliveries, page 1 over those
 * deliveries) against the bare Fastify anchor. The issue sets no target for the log; its goal here (3 % of the bare
 * route) is our floor: a page pays for a count over the account's deliveries, as every ClickSend-style list does.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startServerChild } from '../lib/child.js';
import type { Scenario } from '../lib/scenario.js';

const BARE = 'bare fastify GET /hello';
const LOG = 'sendbox GET /v3/sendbox/webhook-deliveries (page 1 of 20,000)';
const TARGET_PER_S = 2_000;

const basic = (u: { username: string; apiKey: string }) => `Basic ${Buffer.from(`${u.username}:${u.apiKey}`).toString('base64')}`;

/** A receiver as small as a customer's could be: read the body, answer 200. */
async function startReceiver() {
  let received = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received++;
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('OK');
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hook`, received: () => received, close: () => new Promise<void>((r) => server.close(() => r())) };
}

export const scenario: Scenario = {
  name: 'webhooks',
  title: 'Webhook delivery to a loopback receiver (deliveries/s) and the delivery log',
  async start({ profileDir }) {
    const receiver = await startReceiver();
    const bare = await startServerChild('bare', profileDir ? { profileDir } : {});
    const sendbox = await startServerChild('webhooks', { env: { BENCH_WEBHOOK_URL: receiver.url }, startTimeoutMs: 300_000, ...(profileDir ? { profileDir } : {}) }).catch(async (err) => {
      await Promise.all([bare.stop(), receiver.close()]);
      throw err;
    });
    const info = sendbox.info as unknown as {
      origin: string;
      owner: { username: string; apiKey: string };
      dialect: string;
      delivered: number;
      ms: number;
      perSecond: number;
      concurrency: number;
      batch: number;
    };
    const rate = `${info.delivered.toLocaleString('en-US')} deliveries Queued → Delivered in ${info.ms} ms = ${info.perSecond.toLocaleString('en-US')}/s`;
    console.log(`  webhook delivery: ${rate} (${(info.perSecond / TARGET_PER_S).toFixed(2)}× the ${TARGET_PER_S.toLocaleString('en-US')}/s target)`);
    return {
      targets: [
        { label: BARE, server: 'bare', origin: bare.info.origin, path: '/hello', cpuMicros: bare.cpuMicros },
        { label: LOG, server: 'webhooks', origin: info.origin, path: '/v3/sendbox/webhook-deliveries', headers: { authorization: basic(info.owner) }, cpuMicros: sendbox.cpuMicros },
      ],
      ratio: { numerator: LOG, denominator: BARE, goal: 0.03 },
      facts: {
        database: info.dialect === 'postgres' ? 'PostgreSQL (fresh database)' : 'SQLite (temp DATA_DIR)',
        'webhook delivery (measured before loading)': `${rate}, one process, WEBHOOK_CONCURRENCY=${info.concurrency}, DISPATCH_BATCH=${info.batch}`,
        'webhook delivery ÷ target': `${(info.perSecond / TARGET_PER_S).toFixed(2)} (target ≥ ${TARGET_PER_S.toLocaleString('en-US')} deliveries/s)`,
        'receiver requests': `${receiver.received().toLocaleString('en-US')} (every delivery once)`,
        'sendbox log level': process.env.BENCH_LOG_LEVEL ?? 'info',
      },
      stop: async () => {
        await Promise.all([bare.stop(), sendbox.stop()]);
        await receiver.close();
      },
    };
  },
};
