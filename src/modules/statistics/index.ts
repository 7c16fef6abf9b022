import type { Module } from '../../core/modules/index.js';
import type { Clock } from '../../core/util/clock.js';
import type { AccountCurrency } from '../accounts/index.js';
import type { SmsTrafficByDay } from '../sms/index.js';
import { statisticsRoutes } from './statistics.routes.js';
import { StatisticsService } from './statistics.service.js';

export { StatisticsService } from './statistics.service.js';

/** GET /statistics/sms. Owns no table: it reads the sms module's traffic summary. */
export function statisticsModule(d: { clock: Clock; accountCurrency: AccountCurrency; smsTraffic: SmsTrafficByDay }): Module<{ statistics: StatisticsService }> {
  const statistics = new StatisticsService(d.clock, d.accountCurrency, d.smsTraffic);
  return { name: 'statistics', provides: { statistics }, routes: (app) => statisticsRoutes(app, { statistics }) };
}
