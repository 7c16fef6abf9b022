import type { Transaction } from 'kysely';
import type { Database, Db } from '../db/index.js';
import type { ContactAddressField } from './lists.js';
import type { AccountPort, ContactListPort, LedgerPort, ListContact, MessageAccount, UnitRate } from './ports.js';
import type { MessageStatus } from './statuses.js';
import type { Clock } from '../util/clock.js';

/* The shapes of the batch intake (intake.ts): what a channel describes, what a message is while it is checked. */

/** The fields of a send/price message every channel has (its schema adds the rest). */
export interface MessageInput {
  to?: string | undefined;
  list_id?: number | null | undefined;
  schedule?: unknown;
}

/** One message of a call, as checked: a status, and for SUCCESS everything needed to store and price it. Channels extend it. */
export interface Draft<In> {
  status: MessageStatus;
  messageId: string;
  /** As given (trimmed) until the recipient is read, then normalised (E.164 for phones). */
  to: string;
  country: string;
  /** What the message is priced by: SMS parts, MMS 1, voice minutes, fax pages. */
  units: number;
  priceMicros: number;
  scheduleAt: number;
  isTest: boolean;
  input: In;
  /** The contact it goes to (a list_id send, a campaign): what placeholders are filled from (fillPlaceholders). Null for a plain `to`. */
  contact: ListContact | null;
  /** The list it was sent to (history's list_id); null for a plain `to`. */
  listId: number | null;
}

/**
 * A recipient as the channel read it: `address` normalised (E.164 for phones, the mailbox for e-mail),
 * its country (what the price is looked up by), and whether it is one of the channel's documented test
 * recipients (stored, never charged, never dispatched).
 */
export interface ReadRecipient {
  address: string;
  country: string;
  isTest: boolean;
}

/** What a channel checks against stored state, per call: opt-outs, repeats (SMS THROTTLED). */
export interface Screen<M> {
  /** A refusal for this candidate, or undefined to go on to the credit check. */
  refuse(m: M): MessageStatus | undefined;
  /** The candidate was accepted (later candidates of the same call may depend on it). */
  accept?(m: M): void;
}

export interface ScreenContext<M> {
  accountId: number;
  nowS: number;
  /** The messages that passed every per-message check, in call order. */
  candidates: M[];
  /** send: inside the send transaction; price: outside any, nothing is charged or stored. */
  mode: 'send' | 'price';
}

/**
 * A channel as the intake sees it. The checks run in ClickSend's order, the same for every channel:
 * content (checkContent) → `to` or `list_id` → recipient → sender (checkSender) → schedule → test
 * recipient (accepted free) → price (a country without a rate is no recipient we can bill).
 */
export interface IntakeChannel<In extends MessageInput, A extends MessageAccount, M extends Draft<In>> {
  /** The ledger's usage column: sms, mms, voice, fax, email. */
  readonly ledgerProduct: string;
  /** How ledger descriptions name a message: "SMS", "MMS", "Voice", "Fax". */
  readonly noun: string;
  /** Messages per call, list_id expanded; default MAX_MESSAGES_PER_CALL (1000, SMS/MMS/voice). */
  readonly maxPerCall?: number;
  /** The contact field `list_id` sends to (SMS phone_number, fax fax_number, e-mail email); absent: list_id is refused. */
  readonly contactAddress?: ContactAddressField;
  /** Whether the account's opt-out lists (ContactListPort.optedOut) refuse a recipient, with INVALID_RECIPIENT. */
  readonly optOutLists?: boolean;
  /**
   * The channel's own fields of a message, before any check (body cut to its limit, units, the country
   * to read `to` in); personalise its text here with fillPlaceholders(text, base.contact). Add them to `base` in place (Object.assign(base, {…})) and return it: measured, a
   * spread copy ({ ...base, … }) of 1000 drafts a call cost SMS ~40% more CPU per /sms/send.
   */
  draft(account: A, base: Draft<In>): M;
  /** Checks before the recipient's: EMPTY_MESSAGE, SUBJECT_REQUIRED, INVALID_MEDIA_FILE, INVALID_LANG, INVALID_VOICE. */
  checkContent?(m: M): MessageStatus | undefined;
  /** Reads a non-empty `to`; null means INVALID_RECIPIENT. */
  recipient(m: M): ReadRecipient | null;
  /** After the recipient is normalised (m.to, m.country, m.isTest set): derive what depends on it. */
  onRecipient?(m: M): void;
  /** Checks after the recipient's: INVALID_SENDER_ID. */
  checkSender?(m: M): MessageStatus | undefined;
  /** Price of one unit (may throw: then INVALID_RECIPIENT), asked once per call for each country and rate class. */
  readonly rate: UnitRate;
  /** Which of the country's rates applies when it has several (voice: mobile or landline); passed to `rate`. */
  rateClass?(m: M): string;
  /** Per-call checks against stored state; the send mode runs inside the send transaction. */
  screen?(exec: Db | Transaction<Database>, ctx: ScreenContext<M>): Promise<Screen<M>>;
  /** The channel's own columns of a stored message; the core writes the dispatch, tenancy, price and units columns. */
  columns(m: M): Record<string, unknown>;
}

export interface IntakeDeps<A extends MessageAccount> {
  db: Db;
  clock: Clock;
  ledger: LedgerPort;
  accounts: AccountPort<A>;
  /** The contact lists `list_id` expands through; absent (a deployment or test without contacts): every list_id is refused. */
  lists?: ContactListPort | undefined;
}

/** What a campaign (or any caller sending a batch of pre-read contacts) adds to a send. */
export interface SendOptions {
  /** Extra columns on every stored row (SMS campaign_id). */
  columns?: Record<string, unknown>;
  /**
   * Runs inside the send's transaction after the rows and the debit are written: a throw rolls all of it back.
   * `decided` holds each message's status (SUCCESS or its refusal) and id, in the order given.
   */
  within?: (trx: Transaction<Database>, decided: ReadonlyArray<{ readonly status: MessageStatus; readonly messageId: string }>) => Promise<void>;
}

/** What a send or price decided, for the channel's presenter. */
export interface IntakeResult<A, M> {
  account: A;
  nowS: number;
  items: M[];
}
