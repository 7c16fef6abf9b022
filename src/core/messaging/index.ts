/**
 * The message-channel core: what SMS, MMS, voice, fax and email share — batch intake (≤ 1000 messages,
 * `to` or `list_id` expanded to the list's contacts with placeholders filled, ClickSend's per-message statuses, pricing, one ledger debit per call, test
 * recipients stored free and never dispatched, schedules, queueing on the dispatch core), history with
 * filters and streamed export, receipts, and cancel with refunds. A channel folder describes its table,
 * its checks, its prices and its presenters, and keeps only what is its own.
 *
 * Why a core kit with ports rather than a modules/messaging module: the shared code needs the ledger,
 * pricing and accounts, which are modules, and the core must never import modules; a messaging module
 * would make every channel depend on one more module and put a module between channels and the ledger.
 * Instead the kit declares what it needs (ports.ts: ledger lock/debit/refund, a unit rate, an account
 * lookup) and each channel module, which may import ledger/pricing/accounts through their index, passes
 * them in. The kit then needs nothing but the core.
 */
export type { LedgerEntry, LedgerPort, MessageAccount, AccountPort, UnitRate, ListContact, ContactListPort } from './ports.js';
export { type MessageStatus, MAX_MESSAGES_PER_CALL, COMPLETED } from './statuses.js';
export { scheduleAt, SCHEDULE_GRACE_S } from './schedule.js';
export { orderedMessageId } from './ids.js';
export { loadPhoneNumbers, RecipientParser, readingCountry, TEST_NUMBERS, type Recipient } from './recipients.js';
export { MessageStore, type MessageColumns, type MessageTableSpec, type HistoryPlan, type CancelledRow } from './store.js';
export {
  MessageIntake,
  type MessageInput,
  type Draft,
  type Screen,
  type ScreenContext,
  type IntakeChannel,
  type IntakeDeps,
  type IntakeResult,
  type ReadRecipient,
  type SendOptions,
} from './intake.js';
export { expandLists, contactTargets, type ContactAddressField, type Target, type Expansion } from './lists.js';
export { fillPlaceholders, placeholderField } from './placeholders.js';
export { MessageHistory, type HistoryChannel } from './history.js';
export { MessageCancel, type CancelChannel } from './cancel.js';
export { ReceiptStore, MessageReceipts, RECEIPTS_SEARCH, testPushUrl, type ReceiptColumns, type NewReceipt, type ReceiptsChannel } from './receipts.js';
export {
  AUTOMATION_RULE_KINDS,
  type AutomationRuleKind,
  type AutomationEvent,
  type AutomationPort,
  type InboundSmsEvent,
  type InboundFaxEvent,
  type ReceiptEvent,
  type ReceiptChannel,
  type WebhookOutbox,
  type WebhookRequest,
  type WebhookType,
} from './events.js';
export { TEST_EMAIL_ADDRESSES, htmlNestingDepth, isTestEmail, PLAIN_TEXT_MAX_DEPTH, plainTextOf, tooDeepHtml } from './email.js';
