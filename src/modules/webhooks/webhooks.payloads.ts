import type { AutomationEvent, InboundFaxEvent, InboundSmsEvent, ReceiptEvent, WebhookType } from '../../core/messaging/index.js';

/**
 * What each event pushes, field by field, per ../shared/clicksend-v3/webhooks.md (docs/webhooks.md says the same for
 * users). Built once, when the event is queued, and stored as it will be sent: a later change here never alters a push
 * already waiting. Key order is send order (JSON.stringify keeps insertion order for these non-numeric keys).
 */
export type Payload = Readonly<Record<string, string | number>>;

export interface BuiltPayload {
  /** sms.inbound, sms.receipt, mms.receipt, voice.receipt, fax.receipt, email.receipt, fax.inbound. */
  readonly eventType: string;
  /** The message the event is about, for the delivery log's message_id filter. */
  readonly messageId: string;
  /** How it is sent: receipts and inbound faxes have no webhook_type in ClickSend and are always a form POST. */
  readonly webhookType: WebhookType;
  readonly payload: Payload;
}

export function buildPayload(event: AutomationEvent, webhookType: WebhookType): BuiltPayload {
  switch (event.type) {
    case 'sms.inbound':
      return { eventType: 'sms.inbound', messageId: event.messageId, webhookType, payload: inboundSms(event, webhookType === 'json') };
    case 'receipt':
      return { eventType: `${event.channel}.receipt`, messageId: event.messageId, webhookType: 'post', payload: receipt(event) };
    case 'fax.inbound':
      return { eventType: 'fax.inbound', messageId: event.messageId, webhookType: 'post', payload: inboundFax(event) };
  }
}

/**
 * webhooks.md §1: the 16-key superset in the order of the 2024 capture [S5] (aliases included, since receivers read
 * either name). Form and query values are all strings; in JSON user_id, subaccount_id and timestamp are numbers (the
 * 2026 capture [S4]; the 2024 one had a string timestamp). Absent texts are "" as ClickSend sends custom_string.
 */
function inboundSms(e: InboundSmsEvent, json: boolean): Payload {
  const num = (n: number) => (json ? n : String(n));
  const originalBody = e.originalBody ?? '';
  const originalId = e.originalMessageId ?? '';
  const custom = e.customString ?? '';
  return {
    originalsenderid: e.to,
    body: e.body,
    message: e.body,
    sms: e.from,
    custom_string: custom,
    to: e.to,
    original_message_id: originalId,
    originalmessageid: originalId,
    customstring: custom,
    from: e.from,
    originalmessage: originalBody,
    user_id: num(e.accountId),
    subaccount_id: num(e.subaccountId),
    original_body: originalBody,
    timestamp: num(e.timestamp),
    message_id: e.messageId,
  };
}

/**
 * webhooks.md §2: the documented receipt variables in their documented order, plus the `messageid` alias seen in the
 * real capture [S5]. All strings (always a form POST); a field with no value is left out, as the capture shows.
 * Voice always carries `digits` ("" without input: "blank if no input"). Email receipts are not documented by
 * ClickSend: ours add `email`, the recipient (the test helper's field name).
 */
function receipt(e: ReceiptEvent): Payload {
  const fields: Record<string, string | null | undefined> = {
    timestamp_send: e.timestampSend === null ? null : String(e.timestampSend),
    timestamp: String(e.timestamp),
    message_id: e.messageId,
    messageid: e.messageId,
    status: e.status,
    status_code: String(e.statusCode),
    status_text: e.statusText,
    error_code: e.errorCode === null ? null : String(e.errorCode),
    error_text: e.errorText,
    custom_string: e.customString === '' ? null : e.customString,
    user_id: String(e.accountId),
    subaccount_id: String(e.subaccountId),
    message_type: e.channel,
    ...(e.channel === 'voice' ? { digits: e.digits ?? '' } : {}),
    ...(e.channel === 'email' ? { email: e.recipient } : {}),
  };
  return present(fields);
}

/** Not documented by ClickSend (webhooks.md §3): ours, shaped like the receipts (form POST, strings, empty left out). */
function inboundFax(e: InboundFaxEvent): Payload {
  return present({
    timestamp: String(e.timestamp),
    message_id: e.messageId,
    messageid: e.messageId,
    from: e.from,
    to: e.to,
    file_url: e.fileUrl,
    user_id: String(e.accountId),
    subaccount_id: String(e.subaccountId),
    message_type: 'fax',
  });
}

function present(fields: Record<string, string | null | undefined>): Payload {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(fields)) if (v !== null && v !== undefined) out[k] = v;
  return out;
}
