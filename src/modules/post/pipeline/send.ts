import type { Config } from '../../../config/index.js';
import type { AuthContext } from '../../../core/auth/index.js';
import type { Db } from '../../../core/db/index.js';
import { ApiError } from '../../../core/errors/index.js';
import { newDispatchValues } from '../../../core/dispatch/index.js';
import type { SafeFetcher } from '../../../core/fetch/index.js';
import type { FileStore } from '../../../core/files/index.js';
import type { Clock } from '../../../core/util/clock.js';
import { newMessageId } from '../../../core/util/ids.js';
import type { LedgerService } from '../../ledger/index.js';
import type { PricingService } from '../../pricing/index.js';
import { presentReturnAddress, type ReturnAddressesService } from '../../return-addresses/index.js';
import type { ProofKit } from './proof-kit.js';
import { checkRecipient, returnAddressIds, type AcceptedRecipient, type CheckedRecipient } from './recipients.js';
import { checkAddressPrint, type PanelKind } from '../proofs/index.js';
import { mapInTurns } from '../../../core/util/turns.js';
import type { PostRecipientInput } from './schemas.js';
import type { PostItemColumns } from './tables.js';

/** What postcards and letters are built from; assembled by each product module from what the module list provides. */
export interface PostDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly config: Pick<Config, 'publicUrl' | 'post'>;
  readonly fetcher: SafeFetcher;
  readonly files: FileStore;
  readonly ledger: LedgerService;
  readonly pricing: PricingService;
  readonly returnAddresses: ReturnAddressesService;
  readonly proofs: ProofKit;
  /** The account's currency (prices are charged in it); undefined when the account is gone. */
  accountCurrency(accountId: number): Promise<string | undefined>;
}

export async function currencyOf(deps: PostDeps, accountId: number): Promise<string> {
  const currency = await deps.accountCurrency(accountId);
  if (!currency) throw ApiError.notFound('Account not found.');
  return currency;
}

/** Who sent a request and from where, for the item records. */
export interface SendOrigin {
  auth: AuthContext;
  ip: string;
  source: string;
  /** The request's own scheme://host:port: file URLs under it are this server's own (read from the FileStore). */
  ownOrigin: string;
}

/** An accepted recipient with its id and price, ready to queue. */
export interface PreparedItem {
  recipient: AcceptedRecipient;
  messageId: string;
  priceMicros: number;
}

/**
 * Checks every recipient on its own, with one query for all the return addresses they name; then whether each
 * accepted address prints as written in the product's panel (every character has a glyph, the text fits at the
 * smallest size allowed): one that does not is refused as UNPRINTABLE_ADDRESS, before anything is charged.
 */
export async function checkRecipients(deps: PostDeps, accountId: number, inputs: readonly PostRecipientInput[], nowS: number, panel: PanelKind): Promise<CheckedRecipient[]> {
  const owned = await deps.returnAddresses.ownedByIds(accountId, returnAddressIds(inputs));
  const checked = inputs.map((r, i) => checkRecipient(r, i, owned, nowS));
  // The print check measures text on this thread (~1 ms an address): a turn of the event loop after each keeps a
  // 1000-recipient send from holding every other request for a second.
  return mapInTurns(checked, (c) => (c.ok ? checkPrintable(c, panel) : c), 1);
}

async function checkPrintable(r: AcceptedRecipient, panel: PanelKind): Promise<CheckedRecipient> {
  const returnAddress = presentReturnAddress(r.returnAddress);
  const { problems, warnings } = await checkAddressPrint(panel, r.address, returnAddress);
  if (problems.length === 0) return { ...r, warnings };
  const who = `recipients[${r.index}]`;
  const message = problems
    .map((p) => (p.who === 'recipient' ? `${who}.${p.field} ${p.message}` : `${who}: the return address ${returnAddress.return_address_id} (${p.field}) ${p.message}`))
    .join('; ');
  return { ok: false, index: r.index, status: 'UNPRINTABLE_ADDRESS', message: `${message}. The address cannot be printed as written; nothing was charged for it.`, input: r.input };
}

/** Ids and prices for the accepted recipients; test postcodes cost nothing. */
export function prepareItems(checked: readonly CheckedRecipient[], priceOf: (r: AcceptedRecipient) => number): PreparedItem[] {
  return checked.filter((c): c is AcceptedRecipient => c.ok).map((r) => ({ recipient: r, messageId: newMessageId(), priceMicros: r.isTest ? 0 : priceOf(r) }));
}

/** Stores a request's print file unless that exact file is already there (names are content digests). */
export async function storeOnce(files: FileStore, name: string, bytes: Buffer): Promise<void> {
  if (!(await files.stat(name))) await files.put(name, bytes);
}

/**
 * The columns an accepted item shares across products. A due item waits POST_HANDOFF_DELAY_MS in Queued
 * (next_attempt_at) before the print hand-off may claim it, so a sandbox user can watch it and still cancel it.
 */
export function itemColumns(
  deps: PostDeps,
  origin: SendOrigin,
  item: PreparedItem,
  p: { nowS: number; fileName: string; currency: string; cardWarnings: readonly string[] },
): Omit<PostItemColumns, 'id'> {
  const r = item.recipient;
  const releaseMs = Math.max(r.scheduleAt * 1000, deps.clock.nowMs()) + deps.config.post.handOffDelayMs;
  return {
    ...newDispatchValues(r.scheduleAt, p.nowS),
    next_attempt_at: releaseMs,
    message_id: item.messageId,
    account_id: origin.auth.accountId,
    subaccount_id: origin.auth.subaccountId,
    api_username: origin.auth.apiUsername,
    ...r.address,
    return_address_id: r.returnAddress.id,
    return_address_json: JSON.stringify(presentReturnAddress(r.returnAddress)),
    file_name: p.fileName,
    ip_address: origin.ip,
    source: origin.source,
    custom_string: r.customString,
    schedule: r.scheduleAt,
    schedule_given: r.scheduled ? 1 : 0,
    date_added: p.nowS,
    price_micros: item.priceMicros,
    currency: p.currency,
    is_test: r.isTest ? 1 : 0,
    print_ref: null,
    sent_at: null,
    // Tracking starts at the hand-off (handoff.ts), never for a test postcode.
    tracking_stage: null,
    tracking_events_json: '[]',
    tracking_next_at: null,
    warnings_json: JSON.stringify([...r.warnings, ...p.cardWarnings]),
  };
}
