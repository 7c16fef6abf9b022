import { MAX_UNIX_SECONDS } from './time.js';

/** What a `schedule` field means. */
export type Schedule =
  | { readonly kind: 'now'; readonly at: number }
  | { readonly kind: 'later'; readonly at: number }
  /** Not a unix time in seconds; `looksLikeMs` when it is a whole number past year 9999. */
  | { readonly kind: 'malformed'; readonly looksLikeMs: boolean }
  /** In the past by more than the grace (only when the caller asked past times to be refused). */
  | { readonly kind: 'past' };

export interface ScheduleRules {
  /**
   * 'now': a time in the past sends now (the post pipeline). { refuseOlderThanS }: a time more than that many
   * seconds in the past is refused, a later one in the past sends now (SMS: the caller's clock and the request
   * take time).
   */
  readonly past: 'now' | { readonly refuseOlderThanS: number };
}

const text = (v: unknown) => (typeof v === 'string' ? v.trim() : String(v));

/**
 * `schedule` as clients send it (a number, a numeric string, null, absent) → when to send, in unix seconds.
 * Absent, null, 0, "" and "0" mean now (ClickSend's SDKs send 0 for "not scheduled").
 */
export function parseSchedule(raw: unknown, nowS: number, rules: ScheduleRules): Schedule {
  if (raw === undefined || raw === null || raw === 0) return { kind: 'now', at: nowS };
  const s = text(raw);
  if (s === '' || s === '0') return { kind: 'now', at: nowS };
  if (typeof raw !== 'number' && typeof raw !== 'string') return { kind: 'malformed', looksLikeMs: false };
  if (!/^\d{1,16}$/.test(s) || !Number.isSafeInteger(Number(s))) return { kind: 'malformed', looksLikeMs: false };
  const n = Number(s);
  if (n > MAX_UNIX_SECONDS) return { kind: 'malformed', looksLikeMs: true };
  if (n > nowS) return { kind: 'later', at: n };
  if (rules.past !== 'now' && n < nowS - rules.past.refuseOlderThanS) return { kind: 'past' };
  return { kind: 'now', at: nowS };
}
