import { unixSeconds } from '../../core/util/clock.js';
import { microsToNumber } from '../../core/util/money.js';
import { currencyInfo } from '../accounts/index.js';
import {
  acceptBatch,
  checkRecipients,
  currencyOf,
  fetchSources,
  fileLabel,
  itemColumns,
  PostItemRecords,
  PostItemsRepository,
  preflightPostcard,
  prepareItems,
  presentRefused,
  sourceFileName,
  storeOnce,
  type PostDeps,
  type SendOrigin,
} from '../post/pipeline/index.js';
import { POSTCARD_EXPORT_COLUMNS, postcardExportRow, presentPostcardHistory, presentSentPostcard } from './postcards.presenter.js';
import type { SendPostcardsBody } from './postcards.schemas.js';
import type { PostcardRow } from './postcards.tables.js';
import './postcards.tables.js';

/**
 * Postcards: send and price (one pipeline: fetch, preflight, per-recipient checks, price; send also stores,
 * charges and queues); history, export and cancel are `records`. The print hand-off and proofs are in postcards.channel.ts.
 */
export class PostcardsService {
  readonly repo: PostItemsRepository<PostcardRow>;
  /** History, export and cancel, shared with letters. */
  readonly records: PostItemRecords<PostcardRow, ReturnType<typeof presentPostcardHistory>>;

  constructor(private readonly deps: PostDeps) {
    this.repo = new PostItemsRepository<PostcardRow>(deps.db, 'postcards');
    this.records = new PostItemRecords<PostcardRow, ReturnType<typeof presentPostcardHistory>>(deps, this.repo, {
      noun: 'Postcard',
      present: presentPostcardHistory,
      exportRow: postcardExportRow,
      exportColumns: POSTCARD_EXPORT_COLUMNS,
    });
  }

  /** send queues and charges the accepted recipients; price answers the same without queuing or charging. */
  async submit(origin: SendOrigin, body: SendPostcardsBody, mode: 'send' | 'price') {
    const { deps } = this;
    const accountId = origin.auth.accountId;
    const nowS = unixSeconds(deps.clock);
    const sources = await fetchSources(
      deps.fetcher,
      body.file_urls.map((url, i) => ({ field: `file_urls[${i}]`, label: fileLabel(`file ${i + 1}`, url), url })),
    );
    // Before anything is stored or charged: a file that cannot be printed fails the whole request.
    const files = await preflightPostcard(deps.proofs, sources);
    const currency = await currencyOf(deps, accountId);
    const checked = await checkRecipients(deps, accountId, body.recipients, nowS);
    const items = prepareItems(checked, (r) => deps.pricing.postcardPriceMicros(r.address.address_country, currency));
    const fileName = sourceFileName(accountId, sources.map((s) => s.bytes));

    const rows = items.map((item) => itemColumns(deps, origin, item, { nowS, fileName, currency }));
    if (mode === 'send' && rows.length > 0) {
      // Only a send keeps the print file (its items need it); a price call leaves the file store as it was.
      await storeOnce(deps.files, fileName, files.pdf);
      await acceptBatch(deps.db, deps.ledger, {
        accountId,
        subaccountId: origin.auth.subaccountId,
        nowS,
        product: 'postcard',
        charges: items.map((it) => ({ messageId: it.messageId, amountMicros: it.priceMicros, description: `Postcard to ${it.recipient.address.address_country}` })),
        messageIds: items.map((it) => it.messageId),
        insertItems: (trx) => this.repo.insertMany(rows, trx),
      });
    }

    const byIndex = new Map(items.map((it, i) => [it.recipient.index, rows[i]!]));
    const totalMicros = items.reduce((sum, it) => sum + it.priceMicros, 0);
    return {
      _currency: currencyInfo(currency),
      queued_count: items.length,
      recipients: checked.map((c) => (c.ok ? presentSentPostcard(byIndex.get(c.index)!, deps.config.publicUrl, mode === 'send') : presentRefused(c))),
      total_count: checked.length,
      total_price: microsToNumber(totalMicros),
      _warnings: files.warnings,
    };
  }
}
