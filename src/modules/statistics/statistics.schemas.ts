import { Type } from '@sinclair/typebox';
import { Currency } from '../accounts/index.js';

const Outbound = Type.Object({ count: Type.Integer(), price: Type.Number() });
const Counted = Type.Object({ count: Type.Integer() });

export const SmsStatDay = Type.Object({
  date: Type.Integer({ description: 'Start of the UTC day, unix seconds.' }),
  outbound: Outbound,
  inbound: Counted,
  bounced: Counted,
});

export const SmsStatistics = Type.Object({
  // ClickSend names the key `currency` here (not `_currency` as on account and pricing records).
  currency: Currency,
  stat: Type.Array(SmsStatDay, { description: 'One entry per UTC day of the last 30 days, oldest first, days without traffic included.' }),
  total: Type.Object({ outbound: Outbound, inbound: Counted, bounced: Counted }, { description: 'Sums over the days in `stat`.' }),
});
