import type { SendboxModule } from '../types.js';
import { smsInboxRoutes } from './sms.inbox.routes.js';
import { smsRoutes } from './sms.routes.js';

export { buildSms, registerSmsDispatch, type SmsServices, type SmsDeps } from './sms.services.js';
export { smsChannel } from './sms.channel.js';
export { receiptSweep } from './sms.receipts.sweep.js';
export { SmsInboxRepository } from './sms.inbox.repository.js';
export { TEST_NUMBERS } from './sms.validate.js';
export type { SmsMessageRow, SmsReceiptRow, SmsInboundRow } from './sms.tables.js';

export const smsModule: SendboxModule = {
  name: 'sms',
  register(app, ctx) {
    smsRoutes(app, ctx);
    smsInboxRoutes(app, ctx);
  },
};
