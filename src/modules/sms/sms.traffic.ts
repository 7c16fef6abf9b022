import { sql } from 'kysely';
import type { Db } from '../../core/db/index.js';
import { DispatchStatus } from '../../core/dispatch/index.js';
import { COMPLETED } from './sms.status.js';
import type {} from './sms.tables.js';

const DAY_S = 86_400;

/**
 * sms_messages statuses that are not traffic: Cancelled was never sent and was refunded; Completed is
 * the status of a documented test number (accepted, never sent, never charged).
 */
const NOT_SENT = [DispatchStatus.Cancelled, COMPLETED];

/** One UTC day of an account's SMS traffic. */
export interface SmsTrafficDay {
  /** Days since the epoch (UTC). */
  day: number;
  /** Messages accepted that day that were or will be sent. */
  outbound: number;
  /** What those messages cost, in micros of the account's currency. */
  priceMicros: number;
  /** Those of them whose delivery failed. */
  bounced: number;
  /** Messages received that day. */
  inbound: number;
}

export type SmsTrafficByDay = (accountId: number, fromS: number, toS: number) => Promise<SmsTrafficDay[]>;

/** Per-day SMS sums of one account in [fromS, toS) (statistics reads them); days without traffic are absent. */
export function smsTrafficByDay(db: Db): SmsTrafficByDay {
  return async (accountId, fromS, toS) => {
    // Integer division gives the UTC day on both dialects (created_at is a non-negative integer column).
    // The divisor is a literal: better-sqlite3 binds a JS number as REAL, which would divide as a float.
    const dayOf = (col: 'm.created_at' | 'i.created_at') => sql<number>`${sql.ref(col)} / ${sql.lit(DAY_S)}`;
    const [outbound, inbound] = await Promise.all([
      db
        .selectFrom('sms_messages as m')
        .select((eb) => [
          dayOf('m.created_at').as('day'),
          eb.fn.countAll<number>().as('outbound'),
          eb.fn.sum<number>('m.price_micros').as('price'),
          eb.fn.sum<number>(eb.case().when('m.status', '=', DispatchStatus.Failed).then(1).else(0).end()).as('bounced'),
        ])
        .where('m.account_id', '=', accountId)
        .where('m.created_at', '>=', fromS)
        .where('m.created_at', '<', toS)
        .where('m.status', 'not in', NOT_SENT)
        .groupBy(dayOf('m.created_at'))
        .execute(),
      db
        .selectFrom('sms_inbound as i')
        .select((eb) => [dayOf('i.created_at').as('day'), eb.fn.countAll<number>().as('inbound')])
        .where('i.account_id', '=', accountId)
        .where('i.created_at', '>=', fromS)
        .where('i.created_at', '<', toS)
        .groupBy(dayOf('i.created_at'))
        .execute(),
    ]);
    const days = new Map<number, SmsTrafficDay>();
    const at = (day: number) => {
      let d = days.get(day);
      if (!d) days.set(day, (d = { day, outbound: 0, priceMicros: 0, bounced: 0, inbound: 0 }));
      return d;
    };
    for (const r of outbound) {
      const d = at(Number(r.day));
      d.outbound = Number(r.outbound);
      d.priceMicros = Number(r.price ?? 0);
      d.bounced = Number(r.bounced ?? 0);
    }
    for (const r of inbound) at(Number(r.day)).inbound = Number(r.inbound);
    return [...days.values()];
  };
}
