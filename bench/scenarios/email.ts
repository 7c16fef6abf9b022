/**
 * Issue target (2 cores): POST /v3/email/send accepted ≥ 2,000 emails/s. Each call is one HTML email to one
 * recipient (the common transactional case): recipient and sender checks, the plain-text part, price, one ledger
 * debit and the row, in one transaction. The dispatcher is off while loaded (BENCH_EMAIL_DISPATCH_WHILE_LOADED=1
 * turns it on; then the outbox writes an .eml per email too). Ratio: the send against the bare Fastify anchor. A
 * second target sends one email to 50 recipients (charged per recipient): the figure per recipient delivery.
 */
import { startServerChild } from '../lib/child.js';
import type { BenchTarget, Scenario } from '../lib/scenario.js';

const BARE = 'bare fastify GET /hello';
const SEND = 'sendbox POST /v3/email/send (one HTML email, one recipient)';
const SEND_50 = 'sendbox POST /v3/email/send (one HTML email, 50 recipients: to 1, cc 9, bcc 40)';
const TARGET_PER_S = 2_000;

const basic = (u: { username: string; apiKey: string }) => `Basic ${Buffer.from(`${u.username}:${u.apiKey}`).toString('base64')}`;

export const scenario: Scenario = {
  name: 'email',
  title: 'Transactional email: POST /v3/email/send accepted per second',
  async start({ profileDir }) {
    const bare = await startServerChild('bare', profileDir ? { profileDir } : {});
    const child = await startServerChild('email', profileDir ? { profileDir } : {}).catch(async (err) => {
      await bare.stop();
      throw err;
    });
    const info = child.info as unknown as { origin: string; username: string; apiKey: string; fromId: number; dialect: string };
    const body = {
      to: [{ email: 'customer@example.net', name: 'A Customer' }],
      from: { email_address_id: info.fromId, name: 'Shop' },
      subject: 'Your order has shipped',
      body: '<h1>Good news</h1><p>Your order <b>#10017</b> has shipped and will arrive on Thursday. <a href="https://example.com/track/10017">Track it</a>.</p>',
      custom_string: 'order-10017',
    };
    const many = {
      ...body,
      cc: Array.from({ length: 9 }, (_, i) => ({ email: `cc${i}@example.net`, name: `Copy ${i}` })),
      bcc: Array.from({ length: 40 }, (_, i) => ({ email: `bcc${i}@example.net` })),
    };
    const targets: BenchTarget[] = [
      { label: BARE, server: 'bare', origin: bare.info.origin, path: '/hello', cpuMicros: bare.cpuMicros },
      {
        label: SEND,
        origin: info.origin,
        path: '/v3/email/send',
        method: 'POST',
        headers: { authorization: basic(info), 'content-type': 'application/json' },
        body: JSON.stringify(body),
        cpuMicros: child.cpuMicros,
      },
      {
        label: SEND_50,
        origin: info.origin,
        path: '/v3/email/send',
        method: 'POST',
        headers: { authorization: basic(info), 'content-type': 'application/json' },
        body: JSON.stringify(many),
        cpuMicros: child.cpuMicros,
      },
    ];
    return {
      targets,
      // 2,000 emails/s against the bare anchor's ~13,000 req/s on the 2-core machine.
      ratio: { numerator: SEND, denominator: BARE, goal: 0.15 },
      facts: {
        database: info.dialect === 'postgres' ? 'PostgreSQL (fresh database)' : 'SQLite (temp DATA_DIR)',
        'emails accepted/s': 'req/s of the one-recipient target; recipient deliveries/s = req/s of the 50-recipient target × 50',
        target: `send ≥ ${TARGET_PER_S.toLocaleString('en-US')} emails/s`,
        'dispatcher while loaded': process.env.BENCH_EMAIL_DISPATCH_WHILE_LOADED === '1' ? 'on (outbox)' : 'off',
        'sendbox log level': process.env.BENCH_LOG_LEVEL ?? 'info',
      },
      stop: async () => {
        await Promise.all([bare.stop(), child.stop()]);
      },
    };
  },
};
