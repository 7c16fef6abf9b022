import { parseSchedule } from '../validation/index.js';

/** A schedule this many seconds in the past still means now: the caller's clock and the request take time. */
export const SCHEDULE_GRACE_S = 60;

/**
 * `schedule` as given (number, numeric string, null) → unix seconds to send at; undefined when it is
 * malformed or in the past (INVALID_SCHEDULE). Absent, null, 0 and "" mean now.
 */
export function scheduleAt(raw: unknown, nowS: number): number | undefined {
  const s = parseSchedule(raw, nowS, { past: { refuseOlderThanS: SCHEDULE_GRACE_S } });
  return s.kind === 'now' || s.kind === 'later' ? s.at : undefined;
}
