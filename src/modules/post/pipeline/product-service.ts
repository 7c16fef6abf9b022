import type { DispatchQueue, DispatchRow } from '../../../core/dispatch/index.js';
import { unixSeconds } from '../../../core/util/clock.js';
import { microsToNumber } from '../../../core/util/money.js';
import type { PostProvider } from '../../../providers/post/types.js';
import { currencyInfo } from '../../accounts/index.js';
import { makeProductProofs, productQueue, productProof } from './handoff.js';
import { sourceFileName } from './names.js';
import { fetchSources, fileLabel } from './preflight.js';
import { presentRefused } from './present.js';
import type { AnyPostProduct, BodyOf, HistoryOf, PostItemRow, PricedOf, PricedRequest, RowOf, SentOf } from './product.js';
import { acceptBatch, proofJobsQueue } from './queue.js';
import { PostItemRecords } from './records.js';
import { PostItemsRepository } from './repository.js';
import { checkRecipients, currencyOf, itemColumns, prepareItems, storeOnce, type PostDeps, type SendOrigin } from './send.js';

type Refused = ReturnType<typeof presentRefused>;

/** The send answer; also the price answer of a product that does not describe its own (postcards). */
export function sendAnswer<Record>(p: PricedRequest<Record | Refused>) {
  return { _currency: p.currency, queued_count: p.accepted, recipients: p.recipients, total_count: p.total, total_price: p.totalPrice, _warnings: p.warnings };
}

/** The product's own price answer, else the send answer with priced records (unknown for the widest description). */
type PriceAnswerOf<D extends AnyPostProduct> = D['present'] extends { priceAnswer: (p: never) => infer A }
  ? A
  : 'priceAnswer' extends keyof D['present']
    ? unknown
    : ReturnType<typeof sendAnswer<PricedOf<D>>>;

/**
 * One post product (a description) run through the post pipeline: send and price (fetch, preflight, per-recipient
 * checks, price; send also stores, charges and queues), history, export and cancel (`records`), the proof job and
 * the print hand-off channel.
 */
export class PostProductService<D extends AnyPostProduct> {
  readonly repo: PostItemsRepository<RowOf<D>>;
  /** History, export and cancel. */
  readonly records: PostItemRecords<RowOf<D>, HistoryOf<D>>;

  constructor(
    protected readonly deps: PostDeps,
    readonly description: D,
  ) {
    this.repo = new PostItemsRepository<RowOf<D>>(deps.db, description.table, description.product);
    const publicUrl = deps.config.publicUrl;
    this.records = new PostItemRecords<RowOf<D>, HistoryOf<D>>(deps, this.repo, {
      noun: description.noun,
      present: (row) => description.present.history(row, publicUrl) as HistoryOf<D>,
      exportRow: (row) => description.export.values(row),
      exportColumns: description.export.columns,
    });
  }

  /** Queues and charges the accepted recipients; the answer lists every recipient, refused ones with their status. */
  async send(origin: SendOrigin, body: BodyOf<D>) {
    const p = await this.prepare(origin, body);
    if (p.rows.length > 0) {
      // Only a send keeps the print file (its items need it); a price call leaves the file store as it was.
      await storeOnce(this.deps.files, p.fileName, p.pdf);
      await acceptBatch(this.deps.db, this.deps.ledger, {
        accountId: origin.auth.accountId,
        subaccountId: origin.auth.subaccountId,
        nowS: p.nowS,
        product: this.description.product,
        charges: p.items.map((it, i) => ({ messageId: it.messageId, amountMicros: it.priceMicros, description: this.description.chargeDescription(p.rows[i]!) })),
        messageIds: p.items.map((it) => it.messageId),
        insertItems: (trx) => this.repo.insertMany(p.rows, trx),
      });
    }
    return sendAnswer(p.answer((row, url) => this.description.present.sent(row, url) as SentOf<D>));
  }

  /** Prices without storing, queuing or charging anything. */
  async price(origin: SendOrigin, body: BodyOf<D>): Promise<PriceAnswerOf<D>> {
    const p = await this.prepare(origin, body);
    const priced = p.answer((row, url) => this.description.present.priced(row, url) as PricedOf<D>);
    const { priceAnswer } = this.description.present;
    return (priceAnswer ? priceAnswer(priced) : sendAnswer(priced)) as PriceAnswerOf<D>;
  }

  private async prepare(origin: SendOrigin, body: BodyOf<D>) {
    const { deps, description: d } = this;
    const accountId = origin.auth.accountId;
    const nowS = unixSeconds(deps.clock);
    const sources = await fetchSources(
      { fetcher: deps.fetcher, files: deps.files, ownOrigins: [deps.config.publicUrl, origin.ownOrigin] },
      d.printFiles(body).map((f) => ({ field: f.field, label: fileLabel(f.name, f.url), url: f.url })),
    );
    // Before anything is stored or charged: a file that cannot be printed fails the whole request.
    const file = await d.preflight(deps.proofs, sources, body);
    const currency = await currencyOf(deps, accountId);
    const checked = await checkRecipients(deps, accountId, body.recipients, nowS, d.addressPanel);
    const items = prepareItems(checked, (r) => d.priceMicros(deps.pricing, r.address.address_country, currency, file.facts));
    const fileName = sourceFileName(
      accountId,
      sources.map((s) => s.bytes),
    );
    const own = d.columns(body, file.facts);
    // The shared columns and the product's own make its row (a generic spread TypeScript cannot prove whole).
    const rows = items.map((item) => ({ ...itemColumns(deps, origin, item, { nowS, fileName, currency, cardWarnings: file.cardWarnings ?? [] }), ...own }) as unknown as Omit<RowOf<D>, 'id'>);
    const byIndex = new Map(items.map((it, i) => [it.recipient.index, rows[i]!]));
    const totalMicros = items.reduce((sum, it) => sum + it.priceMicros, 0);
    const publicUrl = deps.config.publicUrl;
    /** The request as answers print it, each accepted recipient presented by `present`. */
    const answer = <Record>(present: (row: Omit<RowOf<D>, 'id'>, publicUrl: string) => Record): PricedRequest<Record | Refused> => ({
      currency: currencyInfo(currency),
      recipients: checked.map((c) => (c.ok ? present(byIndex.get(c.index)!, publicUrl) : presentRefused(c))),
      accepted: items.length,
      total: checked.length,
      totalPrice: microsToNumber(totalMicros),
      warnings: file.warnings,
    });
    return { nowS, items, rows, fileName, pdf: file.pdf, answer };
  }

  /** The print-ready PDF of one item: stored by whoever needs it first (the proof job or the print hand-off). */
  proof(row: RowOf<D>): Promise<Buffer> {
    return productProof(this.description, this.deps.files, this.deps.proofs, row);
  }

  /** The proof job of one item (runs after the response): its proof PDF and thumbnails. */
  makeProofs(messageId: string): Promise<void> {
    return makeProductProofs(this.description, this.repo, this.deps.files, this.deps.proofs, messageId);
  }

  /** Hands due items to the post provider (the print folder by default). */
  queue(provider: PostProvider): DispatchQueue<PostItemRow & DispatchRow> {
    return productQueue(this.description, this.deps.files, this.deps.proofs, provider);
  }
}

/** The proof-job channel for these products (post_proofs): each job goes to its product's makeProofs. */
export function postProofJobs(products: ReadonlyArray<Pick<PostProductService<AnyPostProduct>, 'description' | 'makeProofs'>>) {
  return proofJobsQueue(Object.fromEntries(products.map((p) => [p.description.product, (messageId: string) => p.makeProofs(messageId)])));
}
