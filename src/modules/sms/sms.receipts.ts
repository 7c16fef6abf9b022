import type { ReceiptsChannel } from '../../core/messaging/index.js';
import { presentReceipt, presentReceiptItem, presentTestReceipt } from './sms.presenter.js';
import type { SmsReceiptRow } from './sms.tables.js';

/**
 * Delivery receipts (GET/POST /sms/receipts, /sms/receipts/{id}, PUT /sms/receipts-read) as the message
 * core serves them: SMS's shapes of the list item, the single receipt and the test receipt.
 */
export const smsReceiptsChannel: ReceiptsChannel<SmsReceiptRow, ReturnType<typeof presentReceiptItem>, ReturnType<typeof presentReceipt>, ReturnType<typeof presentTestReceipt>> = {
  noun: 'SMS',
  presentItem: presentReceiptItem,
  present: presentReceipt,
  presentTest: presentTestReceipt,
};
