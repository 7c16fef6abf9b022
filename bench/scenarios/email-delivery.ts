/**
 * Issue targets (2 cores): delivery of queued email to the outbox ≥ 1,000 emails/s, and to a loopback SMTP relay
 * with pooled connections ≥ 300 emails/s. Two server children (bench/servers/email-delivery.ts) each queue
 * BENCH_EMAILS emails through POST /v3/email/send and time the real dispatcher handing them to the real provider
 * before they listen: one with no SMTP_URL (the outbox: one .eml file per email), one with SMTP_URL pointing at an
 * smtp-server relay running here,
 * in the parent (its own process, as a real relay is), which reads every message to its end and answers 250.
 * Reported as facts with their ratio to the targets. Loaded afterwards, for the ratio to the anchor route: the
 * relay child's email history (page 1 over the delivered emails) against the bare Fastify route; the issue sets no
 * goal for it, 3 % of the bare route (as the other history pages) is our floor.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { startServerChild } from '../lib/child.js';
import type { Scenario } from '../lib/scenario.js';

const BARE = 'bare fastify GET /hello';
const HISTORY = 'sendbox GET /v3/email/history page 1 (SMTP_URL server, after delivery)';
const OUTBOX_TARGET = 1_000;
const RELAY_TARGET = 300;

const basic = (u: { username: string; apiKey: string }) => `Basic ${Buffer.from(`${u.username}:${u.apiKey}`).toString('base64')}`;

/** A relay that takes everything: reads each message to its end, answers 250, counts messages and connections. */
async function startRelay() {
  let messages = 0;
  let connections = 0;
  let bytes = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    closeTimeout: 100,
    onConnect(_s, cb) {
      connections++;
      cb();
    },
    onData(stream, _s, cb) {
      stream.on('data', (c: Buffer) => {
        bytes += c.length;
      });
      stream.on('end', () => {
        messages++;
        cb(null, `2.0.0 Ok: queued as ${messages}`);
      });
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    stats: () => ({ messages, connections, bytes }),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

interface DeliveryInfo {
  origin: string;
  owner: { username: string; apiKey: string };
  dialect: string;
  provider: string;
  delivered: number;
  files: number | null;
  ms: number;
  perSecond: number;
  cpuPerEmailUs: number;
  concurrency: number;
  poolSize: number;
  batch: number;
}

export const scenario: Scenario = {
  name: 'email-delivery',
  title: 'Email delivery of queued mail through the dispatcher: to the outbox and to a loopback SMTP relay (emails/s)',
  async start({ profileDir }) {
    const prof = profileDir ? { profileDir } : {};
    // One after the other: each measurement has the machine to itself.
    const outbox = await startServerChild('email-delivery', { env: { SMTP_URL: '' }, startTimeoutMs: 300_000, ...prof });
    const o = outbox.info as unknown as DeliveryInfo;
    await outbox.stop();
    const relay = await startRelay();
    const stopAll: (() => Promise<void>)[] = [relay.close];
    try {
      const smtp = await startServerChild('email-delivery', { env: { SMTP_URL: relay.url }, startTimeoutMs: 300_000, ...prof });
      stopAll.unshift(smtp.stop);
      const r = smtp.info as unknown as DeliveryInfo;
      const bare = await startServerChild('bare', prof);
      stopAll.unshift(bare.stop);
      const seen = relay.stats();
      const line = (i: DeliveryInfo) => `${i.delivered.toLocaleString('en-US')} emails Queued → Sent in ${i.ms} ms = ${i.perSecond.toLocaleString('en-US')}/s, server CPU ${i.cpuPerEmailUs} µs/email`;
      console.log(`  outbox delivery: ${line(o)} (${(o.perSecond / OUTBOX_TARGET).toFixed(2)}× the ${OUTBOX_TARGET.toLocaleString('en-US')}/s target)`);
      console.log(`  relay delivery:  ${line(r)} (${(r.perSecond / RELAY_TARGET).toFixed(2)}× the ${RELAY_TARGET}/s target), ${seen.connections} SMTP connections`);
      return {
        targets: [
          { label: BARE, server: 'bare', origin: bare.info.origin, path: '/hello', cpuMicros: bare.cpuMicros },
          { label: HISTORY, server: 'email-delivery', origin: r.origin, path: '/v3/email/history', headers: { authorization: basic(r.owner) }, cpuMicros: smtp.cpuMicros },
        ],
        ratio: { numerator: HISTORY, denominator: BARE, goal: 0.03 },
        facts: {
          database: r.dialect === 'postgres' ? 'PostgreSQL (fresh database)' : 'SQLite (temp DATA_DIR)',
          queued: 'POST /v3/email/send (one HTML email to one named recipient each; plain-text part derived), before the clock starts',
          'outbox delivery (measured before loading)': `${line(o)}, ${o.files?.toLocaleString('en-US')} .eml files, EMAIL_CONCURRENCY=${o.concurrency}, DISPATCH_BATCH=${o.batch}`,
          'outbox delivery ÷ target': `${(o.perSecond / OUTBOX_TARGET).toFixed(2)} (target ≥ ${OUTBOX_TARGET.toLocaleString('en-US')} emails/s)`,
          'relay delivery (measured before loading)': `${line(r)}, EMAIL_SMTP_POOL_SIZE=${r.poolSize}, EMAIL_CONCURRENCY=${r.concurrency}, DISPATCH_BATCH=${r.batch}`,
          'relay delivery ÷ target': `${(r.perSecond / RELAY_TARGET).toFixed(2)} (target ≥ ${RELAY_TARGET} emails/s)`,
          'relay received': `${seen.messages.toLocaleString('en-US')} messages (${(seen.bytes / 1024).toFixed(0)} KiB) over ${seen.connections} SMTP connections`,
          'sendbox log level': process.env.BENCH_LOG_LEVEL ?? 'info',
        },
        stop: async () => {
          for (const stop of stopAll) await stop();
        },
      };
    } catch (err) {
      for (const stop of stopAll) await stop();
      throw err;
    }
  },
};
