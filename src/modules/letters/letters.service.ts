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
  preflightLetter,
  prepareItems,
  presentRefused,
  sourceFileName,
  storeOnce,
  type PostDeps,
  type SendOrigin,
} from '../post/pipeline/index.js';
import { letterPriceMicros, printedPages, type LetterSpec } from './letters.price.js';
import { LETTER_EXPORT_COLUMNS, letterExportRow, presentLetterHistory, presentPricedLetter, presentSentLetter } from './letters.presenter.js';
import type { SendLettersBody } from './letters.schemas.js';
import type { LetterRow } from './letters.tables.js';
import './letters.tables.js';

/** Letters: the postcard pipeline with one A4 PDF, print options, and a price by country, colour and pages. */
export class LettersService {
  readonly repo: PostItemsRepository<LetterRow>;
  /** History, export and cancel, shared with postcards. */
  readonly records: PostItemRecords<LetterRow, ReturnType<typeof presentLetterHistory>>;

  constructor(private readonly deps: PostDeps) {
    this.repo = new PostItemsRepository<LetterRow>(deps.db, 'letters');
    this.records = new PostItemRecords<LetterRow, ReturnType<typeof presentLetterHistory>>(deps, this.repo, {
      noun: 'Letter',
      present: presentLetterHistory,
      exportRow: letterExportRow,
      exportColumns: LETTER_EXPORT_COLUMNS,
    });
  }

  private async prepare(origin: SendOrigin, body: SendLettersBody) {
    const { deps } = this;
    const accountId = origin.auth.accountId;
    const nowS = unixSeconds(deps.clock);
    const [source] = await fetchSources(deps.fetcher, [{ field: 'file_url', label: fileLabel('file_url', body.file_url), url: body.file_url }]);
    // Before anything is stored or charged: a file that cannot be printed fails the whole request.
    const file = await preflightLetter(deps.proofs, source!, { duplex: body.duplex === 1 });
    const spec: LetterSpec = { documentPages: file.pages, colour: body.colour === 1, duplex: body.duplex === 1, templateUsed: body.template_used === 1 };
    const currency = await currencyOf(deps, accountId);
    const checked = await checkRecipients(deps, accountId, body.recipients, nowS);
    const items = prepareItems(checked, (r) => letterPriceMicros(deps.pricing, r.address.address_country, currency, spec));
    const fileName = sourceFileName(accountId, [source!.bytes]);
    const extra = {
      colour: spec.colour ? 1 : 0,
      duplex: spec.duplex ? 1 : 0,
      priority_post: body.priority_post === 1 ? 1 : 0,
      template_used: spec.templateUsed ? 1 : 0,
      post_pages: printedPages(spec),
    };
    const rows = items.map((item) => ({ ...itemColumns(deps, origin, item, { nowS, fileName, currency }), ...extra }));
    const byIndex = new Map(items.map((it, i) => [it.recipient.index, rows[i]!]));
    const totalMicros = items.reduce((sum, it) => sum + it.priceMicros, 0);
    return { nowS, currency, checked, items, rows, byIndex, totalMicros, warnings: file.warnings, fileName, pdf: file.pdf };
  }

  async send(origin: SendOrigin, body: SendLettersBody) {
    const p = await this.prepare(origin, body);
    if (p.rows.length > 0) {
      // Only a send keeps the print file (its items need it); price() leaves the file store as it was.
      await storeOnce(this.deps.files, p.fileName, p.pdf);
      await acceptBatch(this.deps.db, this.deps.ledger, {
        accountId: origin.auth.accountId,
        subaccountId: origin.auth.subaccountId,
        nowS: p.nowS,
        product: 'letter',
        charges: p.items.map((it, i) => ({
          messageId: it.messageId,
          amountMicros: it.priceMicros,
          description: `Letter to ${it.recipient.address.address_country} (${p.rows[i]!.post_pages} pages)`,
        })),
        messageIds: p.items.map((it) => it.messageId),
        insertItems: (trx) => this.repo.insertMany(p.rows, trx),
      });
    }
    return {
      _currency: currencyInfo(p.currency),
      queued_count: p.items.length,
      recipients: p.checked.map((c) => (c.ok ? presentSentLetter(p.byIndex.get(c.index)!, this.deps.config.publicUrl) : presentRefused(c))),
      total_count: p.checked.length,
      total_price: microsToNumber(p.totalMicros),
      _warnings: p.warnings,
    };
  }

  /** Prices without queuing or charging, in the shape ClickSend documents for letters. */
  async price(origin: SendOrigin, body: SendLettersBody) {
    const p = await this.prepare(origin, body);
    return {
      recipients: p.checked.map((c) => (c.ok ? presentPricedLetter(p.byIndex.get(c.index)!) : presentRefused(c))),
      // ClickSend's example prints total_cost 1 for one letter priced 1.87; it is not documented. We give the count of letters priced.
      total_cost: p.items.length,
      total_price: microsToNumber(p.totalMicros),
      _warnings: p.warnings,
    };
  }
}
