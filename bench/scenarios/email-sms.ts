/**
 * Issue target: email-to-SMS ≥ 200 messages/s over ONE SMTP connection. nodemailer with a pool of a single
 * connection sends N mails (BENCH_EMAIL_SMS_MAILS, default 2000) to <number>@EMAIL_SMS_DOMAIN from an allowed
 * address; the rate is counted from the first send to the last 250 (each 250 comes only after the mail's SMS rows
 * are committed). Each mail is parsed, its quoted reply and signature cut, a stripped string removed, priced,
 * charged and stored as an SMS. Measured before the HTTP load, reported as a fact; the HTTP target is the
 * allowed-address list, for the ratio to the anchor routes.
 */
import net from 'node:net';
import nodemailer from 'nodemailer';
import { startServerChild } from '../lib/child.js';
import type { BenchTarget, Scenario } from '../lib/scenario.js';

const LIST = 'sendbox GET /v3/sms/email-sms';
const DOMAIN = process.env.EMAIL_SMS_DOMAIN ?? 'sms.sendbox.local';

const basic = (u: { username: string; apiKey: string }) => `Basic ${Buffer.from(`${u.username}:${u.apiKey}`).toString('base64')}`;

/**
 * Sends `count` mails over one pooled connection; the rate in mails/s from the first send to the last 250. With
 * `noDelay` the client's socket has TCP_NODELAY (nodemailer's documented getSocket hook): nodemailer leaves Nagle on,
 * so the end of each DATA waits for the server's delayed ACK (about 40 ms on Linux), which measures the client's
 * socket settings, not the server; both figures are reported.
 */
async function oneConnection(port: number, count: number, offset: number, noDelay: boolean): Promise<number> {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, pool: true, maxConnections: 1, maxMessages: Number.POSITIVE_INFINITY });
  if (noDelay) {
    (transport as unknown as { getSocket: unknown }).getSocket = (_opts: unknown, done: (err: Error | null, socket?: { connection: net.Socket }) => void) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.setNoDelay(true);
      socket.once('connect', () => done(null, { connection: socket }));
      socket.once('error', (err) => done(err));
    };
  }
  try {
    const started = performance.now();
    await Promise.all(
      Array.from({ length: count }, (_, i) =>
        transport.sendMail({
          from: 'bench@example.com',
          to: `+6141${String(4_000_000 + offset + i).padStart(7, '0')}@${DOMAIN}`,
          subject: `Order ${offset + i}`,
          text: `Hi! Your order #${offset + i} has shipped and will arrive on Thursday.\n\nSent from my bench\n\nOn Mon, 1 Jan 2024 at 10:00, Shop <shop@example.com> wrote:\n> Where is my order?\n`,
        }),
      ),
    );
    return count / ((performance.now() - started) / 1000);
  } finally {
    transport.close();
  }
}

export const scenario: Scenario = {
  name: 'email-sms',
  title: 'Email-to-SMS: mails turned into SMS over one SMTP connection',
  async start({ profileDir }) {
    const child = await startServerChild('email-sms', { env: { DISPATCH: process.env.BENCH_EMAIL_SMS_DISPATCH ?? '0' }, ...(profileDir ? { profileDir } : {}) });
    const info = child.info as unknown as { origin: string; smtpPort: number; username: string; apiKey: string; dialect: string };
    const authorization = basic(info);
    const setup = async (path: string, body: unknown) => {
      const r = await fetch(`${info.origin}${path}`, { method: 'POST', headers: { authorization, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
    };
    await setup('/v3/sms/email-sms', { email_address: 'bench@example.com', from: 'Sendbox' });
    await setup('/v3/sms/email-sms-stripped-strings', { strip_string: 'Sent from my bench' });
    const mails = Number(process.env.BENCH_EMAIL_SMS_MAILS ?? 2000);
    await oneConnection(info.smtpPort, 100, 0, true); // warm-up: compiled paths, prepared statements
    const cpuBefore = await child.cpuMicros();
    const rate = await oneConnection(info.smtpPort, mails, 100, true);
    const cpuPerMail = ((await child.cpuMicros()) - cpuBefore) / mails;
    const nagleMails = Math.min(mails, 200);
    const nagleRate = await oneConnection(info.smtpPort, nagleMails, 100 + mails, false);
    const targets: BenchTarget[] = [{ label: LIST, origin: info.origin, path: '/v3/sms/email-sms', headers: { authorization }, cpuMicros: child.cpuMicros }];
    return {
      targets,
      facts: {
        database: info.dialect === 'postgres' ? 'PostgreSQL (fresh database)' : 'SQLite (temp DATA_DIR)',
        'email-to-SMS over one SMTP connection': `${Math.round(rate)} mails/s (${mails} mails, one SMS each, after 100 to warm up; client socket TCP_NODELAY); server CPU ${Math.round(cpuPerMail)} µs/mail`,
        'the same with nodemailer defaults (Nagle on)': `${Math.round(nagleRate)} mails/s (${nagleMails} mails): each DATA end waits for a delayed ACK`,
        target: 'email-to-SMS ≥ 200 messages/s over one SMTP connection',
        'sendbox log level': process.env.BENCH_LOG_LEVEL ?? 'info',
      },
      stop: () => child.stop(),
    };
  },
};
