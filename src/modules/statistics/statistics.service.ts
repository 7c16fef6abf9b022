import type { AuthContext } from '../../core/auth/index.js';
import { accountNotFound } from '../../core/errors/index.js';
import { unixSeconds, type Clock } from '../../core/util/clock.js';
import { microsToNumber } from '../../core/util/money.js';
import { currencyInfo } from '../accounts/index.js';
import type { SmsTrafficByDay } from '../sms/index.js';

const DAY_S = 86_400;

/** How many UTC days GET /statistics/sms covers, today included (ClickSend's example is a run of whole days). */
export const SMS_STAT_DAYS = 30;

/** Reports over other modules' data, read through their exported functions (SMS traffic from the sms module). */
export class StatisticsService {
  constructor(
    private readonly clock: Clock,
    private readonly currencyOf: (accountId: number) => Promise<string | undefined>,
    private readonly smsTraffic: SmsTrafficByDay,
  ) {}

  /**
   * Daily SMS traffic of the account over the last 30 UTC days, oldest first, every day present.
   * outbound: messages accepted that day that were or will be sent (cancelled and test-number messages
   * are not traffic), with what they cost; bounced: those of them whose delivery failed; inbound:
   * messages received that day. `total` sums the same days, so it always agrees with `stat`.
   */
  async sms(auth: AuthContext) {
    const today = Math.floor(unixSeconds(this.clock) / DAY_S);
    const first = today - SMS_STAT_DAYS + 1;
    const [code, rows] = await Promise.all([this.currencyOf(auth.accountId), this.smsTraffic(auth.accountId, first * DAY_S, (today + 1) * DAY_S)]);
    if (!code) throw accountNotFound();
    const byDay = new Map(rows.map((r) => [r.day, r]));
    const total = { outbound: 0, priceMicros: 0, inbound: 0, bounced: 0 };
    const stat = [];
    for (let day = first; day <= today; day++) {
      const r = byDay.get(day);
      const outbound = r?.outbound ?? 0;
      const priceMicros = r?.priceMicros ?? 0;
      const inbound = r?.inbound ?? 0;
      const bounced = r?.bounced ?? 0;
      total.outbound += outbound;
      total.priceMicros += priceMicros;
      total.inbound += inbound;
      total.bounced += bounced;
      stat.push({ date: day * DAY_S, outbound: { count: outbound, price: microsToNumber(priceMicros) }, inbound: { count: inbound }, bounced: { count: bounced } });
    }
    return {
      currency: currencyInfo(code),
      stat,
      total: { outbound: { count: total.outbound, price: microsToNumber(total.priceMicros) }, inbound: { count: total.inbound }, bounced: { count: total.bounced } },
    };
  }
}
