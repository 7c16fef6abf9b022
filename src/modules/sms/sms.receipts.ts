import type { Transaction } from 'kysely';
import type { Database } from '../../core/db/index.js';
import type { ReceiptsChannel, WebhookOutbox } from '../../core/messaging/index.js';
import { statusText } from './sms.status.js';
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

/** The sample receipt's push (POST /sms/receipts {url}): a form POST of a delivered SMS receipt, no rule behind it. */
export function testReceiptPush(webhooks: WebhookOutbox) {
  return async (trx: Transaction<Database>, row: SmsReceiptRow, url: string): Promise<void> => {
    await webhooks.enqueue(trx, [
      {
        accountId: Number(row.account_id),
        url,
        webhookType: 'post',
        rule: null,
        event: {
          type: 'receipt',
          channel: 'sms',
          accountId: Number(row.account_id),
          subaccountId: Number(row.subaccount_id),
          messageId: row.message_id,
          status: 'Delivered',
          statusCode: row.status_code,
          statusText: statusText(row.status_code),
          errorCode: null,
          errorText: null,
          customString: row.custom_string,
          timestampSend: row.timestamp_send,
          timestamp: row.receipt_at,
          // A test receipt reports on no real message: ClickSend's first test number stands for the recipient.
          recipient: '+61411111111',
        },
      },
    ]);
  };
}
