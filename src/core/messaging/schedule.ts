/** Upper bound of a schedule: year 9999 (further is surely a millisecond timestamp sent by mistake). */
const MAX_SCHEDULE = 253_402_300_799;
/** A schedule this many seconds in the past still means now: the caller's clock and the request take time. */
export const SCHEDULE_GRACE_S = 60;

/**
 * `schedule` as given (number, numeric string, null) → unix seconds to send at; undefined when it is
 * malformed or in the past (INVALID_SCHEDULE). Absent, null, 0 and "" mean now.
 */
export function scheduleAt(raw: unknown, nowS: number): number | undefined {
  if (raw === undefined || raw === null || raw === '' || raw === 0 || raw === '0') return nowS;
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*\d{1,15}\s*$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(n) || n < 0 || n > MAX_SCHEDULE) return undefined;
  if (n < nowS - SCHEDULE_GRACE_S) return undefined;
  return Math.max(n, nowS);
}
