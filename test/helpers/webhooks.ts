import type { InboundFaxEvent, InboundSmsEvent, ReceiptEvent, WebhookRequest, WebhookType } from '../../src/core/messaging/index.js';
import { CLI, startReadyChild, type ReadyChild } from './process.js';
import type { TestServer } from './server.js';

/** Queues pushes through the app's own outbox, in a transaction of its own (as a channel does with its event). */
export function enqueue(s: TestServer, requests: WebhookRequest[]): Promise<string[]> {
  return s.dbh.db.transaction().execute((trx) => s.services.webhooks.enqueue(trx, requests));
}

/** Runs the dispatcher until nothing is due. */
export async function drain(s: TestServer): Promise<void> {
  while ((await s.services.dispatcher.runOnce()).claimed > 0);
}

export function inboundSms(accountId: number, over: Partial<InboundSmsEvent> = {}): InboundSmsEvent {
  return {
    type: 'sms.inbound',
    accountId,
    subaccountId: accountId,
    messageId: 'A1B2C3D4-0000-4000-8000-00000000000A',
    from: '+61422222222',
    to: '+61411111111',
    body: 'Yes please & thanks = 100%',
    originalMessageId: 'B1B2C3D4-0000-4000-8000-00000000000B',
    originalBody: 'Want a table for two?',
    customString: 'booking-42',
    fromEmail: null,
    timestamp: 1_900_000_000,
    ...over,
  };
}

export function receipt(accountId: number, over: Partial<ReceiptEvent> = {}): ReceiptEvent {
  return {
    type: 'receipt',
    channel: 'sms',
    accountId,
    subaccountId: accountId,
    messageId: 'C1B2C3D4-0000-4000-8000-00000000000C',
    status: 'Delivered',
    statusCode: 201,
    statusText: 'Success: Message received on handset.',
    errorCode: null,
    errorText: null,
    customString: 'ref-7',
    timestampSend: 1_899_999_990,
    timestamp: 1_900_000_000,
    recipient: '+61433333333',
    ...over,
  };
}

export function inboundFax(accountId: number, over: Partial<InboundFaxEvent> = {}): InboundFaxEvent {
  return {
    type: 'fax.inbound',
    accountId,
    subaccountId: accountId,
    messageId: 'D1B2C3D4-0000-4000-8000-00000000000D',
    from: '+61261111111',
    to: '+61262222222',
    fileUrl: 'https://files.example.com/fax/1.pdf',
    timestamp: 1_900_000_000,
    ...over,
  };
}

export function push(event: WebhookRequest['event'], url: string, webhookType: WebhookType = 'post'): WebhookRequest {
  return { accountId: event.accountId, event, url, webhookType, rule: null };
}

/** `sendbox worker` (the real CLI), resolved with the dispatcher id it logs once running. */
export function startWorker(env: Record<string, string>): Promise<ReadyChild> {
  return startReadyChild([CLI, 'worker'], env, 'sendbox worker', (out) => {
    for (const line of out.split('\n')) {
      if (!line.startsWith('{')) continue;
      const entry = JSON.parse(line) as { worker?: string };
      if (entry.worker) return entry.worker;
    }
    return undefined;
  });
}
