import { setTimeout as sleep } from 'node:timers/promises';
import type { TestServer } from './server.js';

/** Fast sandbox timings for lifecycle tests: receipts 50 ms after hand-off, the "delayed" number 2 s, retries after 100 ms. */
export const FAST_SMS_ENV = {
  SMS_RECEIPT_DELAY_MS: '50',
  SMS_DELAYED_RECEIPT_MS: '2000',
  SMS_RECEIPT_POLL_MS: '20',
  SMS_RETRY_BASE_MS: '100',
} as const;

/** Sandbox numbers (docs/sms-sandbox.md). */
export const SANDBOX = {
  delivers: '+61491570006',
  failsPermanently: '+61491570156',
  failsTemporarily: '+61491570157',
  delayed: '+61491570158',
  replies: '+61491570159',
  repliesStop: '+61491570110',
  networkError: '+61491570313',
} as const;

/** An ordinary, valid Australian mobile that is neither a sandbox nor a test number. */
export const mobile = (n: number) => `+6141${String(2_000_000 + n).padStart(7, '0')}`;

/** Polls until `probe` gives something other than undefined (no timing assertion: only a generous deadline). */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

type Who = { username: string; apiKey: string };

export async function sendSms(s: TestServer, messages: unknown[], as?: Who) {
  return s.request('POST', '/v3/sms/send', { body: { messages }, ...(as ? { as } : {}) });
}

/** The history record of one message (GET /sms/history?q=message_id:…). */
export async function historyOf(s: TestServer, messageId: string, as?: Who): Promise<Record<string, any> | undefined> {
  const r = await s.request('GET', `/v3/sms/history?q=message_id:${messageId}`, as ? { as } : {});
  return r.body.data?.data?.[0];
}

/** Waits until the message's history record satisfies `done`, and returns it. */
export function waitForHistory(s: TestServer, messageId: string, done: (h: Record<string, any>) => boolean, what: string, as?: Who) {
  return waitFor(what, async () => {
    const h = await historyOf(s, messageId, as);
    return h && done(h) ? h : undefined;
  });
}

/** Balance in micro-units, and the ledger's own sum (which must always equal it). */
export async function money(s: TestServer, accountId: number) {
  return { balance: await s.services.ledger.balance(accountId), ledger: await s.services.ledger.sumOfTransactions(accountId) };
}
