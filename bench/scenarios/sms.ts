/**
 * Issue targets (SQLite, 2 cores): POST /v3/sms/send with 1000 messages per call ≥ 20,000 messages accepted/s
 * (req/s × 1000); the dispatcher hands ≥ 10,000 messages/s to the simulated network (measured by the server
 * child before it listens, reported as a fact); GET /v3/sms/history page 1 with a one-day date filter over
 * 1,000,000 stored messages, p50 ≤ 10 ms.
 *
 * autocannon repeats one body, and the same body to the same number within a minute is THROTTLED, so the server
 * runs with SMS_THROTTLE_WINDOW_S=0: every call is accepted whole (the check is one indexed query a call; the
 * index is still written). The dispatcher is off while loaded (BENCH_SMS_DISPATCH_WHILE_LOADED=1 turns it on).
 * The history p50 is per request, so the recorded run uses one connection (npm run bench -- sms --connections 1);
 * one connection also keeps the server, not autocannon's 150 kB bodies, the bottleneck of the send target.
 */
import { startServerChild } from '../lib/child.js';
import type { BenchTarget, Scenario } from '../lib/scenario.js';

const SEND = 'sendbox POST /v3/sms/send (1000 messages per call)';
const HISTORY = 'sendbox GET /v3/sms/history page 1, one-day date filter (1,000,000 messages)';

const basic = (u: { username: string; apiKey: string }) => `Basic ${Buffer.from(`${u.username}:${u.apiKey}`).toString('base64')}`;

export const scenario: Scenario = {
  name: 'sms',
  title: 'SMS send (1000 per call), dispatch to the simulated network, history over 1,000,000 messages',
  async start({ profileDir }) {
    const child = await startServerChild('sms', {
      env: { DISPATCH: process.env.BENCH_SMS_DISPATCH_WHILE_LOADED ?? '0', SMS_THROTTLE_WINDOW_S: '0' },
      ...(profileDir ? { profileDir } : {}),
    });
    const info = child.info as unknown as {
      origin: string;
      sender: { username: string; apiKey: string };
      reader: { username: string; apiKey: string };
      day: { from: number; to: number };
      dialect: string;
      dispatch: string;
      receipts: string;
      seeded: string;
      dispatcher: string;
    };
    const messages = Array.from({ length: 1000 }, (_, i) => ({
      to: `+6141${String(3_000_000 + i).padStart(7, '0')}`,
      body: `Hi! Your order #${10_000 + i} has shipped and will arrive on Thursday.`,
      custom_string: `order-${10_000 + i}`,
      ...(i % 4 === 0 ? { from: 'Sendbox' } : {}),
    }));
    const targets: BenchTarget[] = [
      {
        label: SEND,
        origin: info.origin,
        path: '/v3/sms/send',
        method: 'POST',
        headers: { authorization: basic(info.sender), 'content-type': 'application/json' },
        body: JSON.stringify({ messages }),
        cpuMicros: child.cpuMicros,
      },
      {
        label: HISTORY,
        origin: info.origin,
        path: `/v3/sms/history?date_from=${info.day.from}&date_to=${info.day.to}`,
        headers: { authorization: basic(info.reader) },
        cpuMicros: child.cpuMicros,
      },
    ];
    return {
      targets,
      facts: {
        database: info.dialect === 'postgres' ? 'PostgreSQL (fresh database)' : 'SQLite (temp DATA_DIR)',
        'messages accepted/s': 'req/s of the send target × 1000',
        'dispatcher (measured before loading)': info.dispatch,
        'receipt sweep (measured before loading)': info.receipts,
        seeded: info.seeded,
        'dispatcher while loaded': info.dispatcher,
        'THROTTLED check': 'off (SMS_THROTTLE_WINDOW_S=0): autocannon repeats one body',
        targets: 'send ≥ 20 req/s (20,000 messages/s); dispatcher ≥ 10,000 messages/s; history p50 ≤ 10 ms',
        'sendbox log level': process.env.BENCH_LOG_LEVEL ?? 'info',
      },
      stop: () => child.stop(),
    };
  },
};
