import type { Transaction } from 'kysely';
import type { Database } from '../db/index.js';

/*
 * What happened to a message, as automation rules and webhooks see it. A channel builds these where the
 * event is stored (the inbound row, the receipt row) and hands them to the AutomationPort in the same
 * transaction, so an event and everything it must cause (webhook deliveries, rule actions) commit together:
 * a crash can delay a push but never lose one. Field meanings follow ../shared/clicksend-v3/webhooks.md.
 */

/** An inbound SMS: a sandbox reply, POST /sms/inbound, or a reply to an email-to-SMS message (webhooks.md §1). */
export interface InboundSmsEvent {
  readonly type: 'sms.inbound';
  readonly accountId: number;
  /** The subaccount that sent the message replied to; the account's main subaccount when unknown. */
  readonly subaccountId: number;
  /** The inbound message's id (upper-case GUID). */
  readonly messageId: string;
  /** The handset that sent it, E.164. */
  readonly from: string;
  /** The number it arrived on (dedicated or shared), E.164. */
  readonly to: string;
  readonly body: string;
  readonly originalMessageId: string | null;
  readonly originalBody: string | null;
  readonly customString: string | null;
  /** from_email of the message replied to: where EMAIL_USER forwards (else the account's email). */
  readonly fromEmail: string | null;
  /** Unix seconds it arrived. */
  readonly timestamp: number;
  /**
   * True when it is the sandbox network's automatic answer to a message an automation rule sent (AUTO_REPLY, SMS,
   * GROUP_SMS): such an event fires no sending action, or a sandbox number that answers everything would loop.
   */
  readonly answersAutomation?: boolean;
}

export type ReceiptChannel = 'sms' | 'mms' | 'voice' | 'fax' | 'email';

/** A delivery receipt of an outbound message (webhooks.md §2). */
export interface ReceiptEvent {
  readonly type: 'receipt';
  /** Which receipt rules it meets (automations/sms|voice|fax|email/receipts) and its `message_type`. */
  readonly channel: ReceiptChannel;
  readonly accountId: number;
  readonly subaccountId: number;
  readonly messageId: string;
  /** `Delivered` or `Undelivered`: match_type 1 (failed) and 2 (successful) read it. */
  readonly status: 'Delivered' | 'Undelivered';
  /** Gateway status code (201 delivered, 300/301 failed). */
  readonly statusCode: number;
  readonly statusText: string;
  readonly errorCode: number | null;
  readonly errorText: string | null;
  readonly customString: string | null;
  /** Unix seconds of the original send, and of the report. */
  readonly timestampSend: number | null;
  readonly timestamp: number;
  /** The recipient (number, fax number or email address). */
  readonly recipient: string;
  /** Voice only: keys pressed; null otherwise. */
  readonly digits?: string | null;
  /** from_email of the message: where EMAIL_USER forwards (else the account's email). */
  readonly fromEmail?: string | null;
}

/** An inbound fax (fax inbound rules); the URL payload is not documented by ClickSend (webhooks.md §3). */
export interface InboundFaxEvent {
  readonly type: 'fax.inbound';
  readonly accountId: number;
  readonly subaccountId: number;
  readonly messageId: string;
  readonly from: string;
  readonly to: string;
  /** Where the received document can be fetched, when stored. */
  readonly fileUrl: string | null;
  readonly timestamp: number;
}

export type AutomationEvent = InboundSmsEvent | ReceiptEvent | InboundFaxEvent;

/**
 * Implemented by the automations module; channels call it where they store an event. Matches the events
 * against the account's enabled rules (creation order, at most 10 per event as ClickSend does) and writes
 * what each matching rule must do (webhook deliveries, rule actions) in `trx`. Never throws for a rule's
 * own problem (a bad address stored earlier): that is logged on the action, not on the event.
 */
export interface AutomationPort {
  fire(trx: Transaction<Database>, events: readonly AutomationEvent[]): Promise<void>;
}

/** How a push is made (an inbound SMS rule's webhook_type; receipts always `post`). */
export type WebhookType = 'post' | 'get' | 'json';

/** One push to queue: the payload is built from the event now (webhooks.md fields) and frozen in the row. */
export interface WebhookRequest {
  readonly accountId: number;
  readonly event: AutomationEvent;
  readonly url: string;
  readonly webhookType: WebhookType;
  /** The rule that asked for it (for the delivery log); null for a test push (POST /sms/receipts {url}). */
  readonly rule: { readonly kind: AutomationRuleKind; readonly id: number } | null;
}

/**
 * Implemented by the webhooks module: the outbox. enqueue() writes one delivery row per request in `trx`
 * (the dispatcher delivers it after commit, retrying per WEBHOOK_*) and returns each delivery's event id
 * (a GUID the receiver can drop duplicates by), in order.
 */
export interface WebhookOutbox {
  enqueue(trx: Transaction<Database>, requests: readonly WebhookRequest[]): Promise<string[]>;
}

/** The six rule groups, as stored in automation_rules.kind. */
export const AUTOMATION_RULE_KINDS = ['sms_inbound', 'sms_receipt', 'email_receipt', 'voice_receipt', 'fax_receipt', 'fax_inbound'] as const;
export type AutomationRuleKind = (typeof AUTOMATION_RULE_KINDS)[number];
