import type { Selectable } from 'kysely';
import { PermanentFailure, type DispatchQueue, type DispatchRow } from '../../../core/dispatch/index.js';
import type { FileStore } from '../../../core/files/index.js';
import { microsToDecimal } from '../../../core/util/money.js';
import type { PostProvider } from '../../../providers/post/types.js';
import { proofFileName, smallThumbnailName } from './names.js';
import { oneLine, addressOf, returnAddressOf } from './present.js';
import type { AnyPostProduct, PostItemTable, RowOf } from './product.js';
import type { ProofKit } from './proof-kit.js';
import { THUMBNAIL_LONG_SIDE_PX, THUMBNAIL_SMALL_LONG_SIDE_PX } from './proof-kit.js';
import type { PostItemsRepository } from './repository.js';
import type { PostItemColumns, PostProduct } from './tables.js';

type ItemRow = Selectable<PostItemColumns>;

/**
 * The item's print-ready PDF: the stored proof, or composed now from the request's print file and stored
 * under its deterministic name. Whoever gets here first (the proof job or the print hand-off) makes it.
 */
export async function ensureProof(files: FileStore, row: ItemRow, compose: (source: Buffer) => Promise<Buffer>): Promise<Buffer> {
  const name = proofFileName(row.message_id);
  const existing = await files.get(name);
  if (existing) return existing;
  const source = await files.get(row.file_name);
  if (!source) throw new PermanentFailure(`the print file ${row.file_name} of ${row.message_id} is missing from the file store`);
  const pdf = await compose(source);
  await files.put(name, pdf);
  return pdf;
}

/**
 * Renders the thumbnails that are not stored yet, in one call to the renderer: each wanted page's trim at
 * THUMBNAIL_LONG_SIDE_PX under its name, and at THUMBNAIL_SMALL_LONG_SIDE_PX under its small name (lists).
 */
export async function ensureThumbnails(files: FileStore, proofs: ProofKit, pdf: Buffer, wanted: ReadonlyArray<{ name: string; page: number }>): Promise<void> {
  const missing: Array<{ name: string; page: number }> = [];
  // Items proofed before the small size existed have only the large one: render the page again for both.
  for (const w of wanted) if (!(await files.stat(w.name)) || !(await files.stat(smallThumbnailName(w.name)))) missing.push(w);
  if (missing.length === 0) return;
  const pngs = await proofs.renderThumbnails(pdf, { pages: missing.map((m) => m.page), longSide: THUMBNAIL_LONG_SIDE_PX, smallLongSide: THUMBNAIL_SMALL_LONG_SIDE_PX });
  await Promise.all(missing.flatMap((m, i) => [files.put(m.name, pngs[2 * i]!), files.put(smallThumbnailName(m.name), pngs[2 * i + 1]!)]));
}

export interface ItemQueueOptions<Row extends ItemRow> {
  table: PostItemTable;
  product: PostProduct;
  provider: PostProvider;
  proof(row: Row): Promise<Buffer>;
  pages(row: Row): number;
  options(row: Row): string;
  format: AnyPostProduct['handOff']['format'];
}

/**
 * Hands a due item to the post provider: Processing → Sent with the provider's reference. Test postcodes are
 * marked Sent without printing. Idempotent through the provider (keyed by message_id).
 */
export function postItemQueue<Row extends ItemRow>(o: ItemQueueOptions<Row>): DispatchQueue<Row & DispatchRow> {
  return {
    name: o.table,
    table: o.table,
    idempotencyKey: (row) => row.message_id,
    async handle(row, ctx) {
      const sentAt = Math.floor(ctx.nowMs / 1000);
      // ClickSend's test postcodes: the item is accepted and completes, but nothing is printed.
      if (row.is_test === 1) return { result: 'sent', set: { sent_at: sentAt } };
      const pdf = await o.proof(row);
      const { reference } = await o.provider.handOff(
        {
          messageId: row.message_id,
          product: o.product,
          pdf,
          recipient: oneLine(addressOf(row)),
          returnAddress: oneLine(returnAddressOf(row)),
          country: row.address_country,
          pages: o.pages(row),
          price: microsToDecimal(Number(row.price_micros), 4),
          currency: row.currency,
          options: o.options(row),
          ...o.format,
        },
        { attempt: ctx.attempt, nowMs: ctx.nowMs },
      );
      // Handed to the print house: from now the postal network may have news (tracking/sweep.ts asks it).
      return { result: 'sent', set: { sent_at: sentAt, print_ref: reference, tracking_next_at: ctx.nowMs } };
    },
  };
}

/** The print-ready PDF of one item of product `d`: its proof layout applied to the request's print file. */
export function productProof<D extends AnyPostProduct>(d: D, files: FileStore, proofs: ProofKit, row: RowOf<D>): Promise<Buffer> {
  return ensureProof(files, row, (printFile) => d.proof.compose(proofs, printFile, row));
}

/** The proof job of one item (runs after the response): its proof PDF and thumbnails. An item that no longer exists has nothing to render. */
export async function makeProductProofs<D extends AnyPostProduct>(d: D, repo: PostItemsRepository<RowOf<D>>, files: FileStore, proofs: ProofKit, messageId: string): Promise<void> {
  const row = await repo.findByMessageId(messageId);
  if (!row) return;
  const pdf = await productProof(d, files, proofs, row);
  await ensureThumbnails(
    files,
    proofs,
    pdf,
    d.proof.thumbnails.map((t) => ({ name: t.name(row), page: t.page })),
  );
}

/** Hands due items of product `d` to the post provider (the print folder by default). */
export function productQueue<D extends AnyPostProduct>(d: D, files: FileStore, proofs: ProofKit, provider: PostProvider): DispatchQueue<ItemRow & DispatchRow> {
  // The channel claims rows of d.table, so every row it hands over is one of d's.
  const own = (row: ItemRow) => row as RowOf<D>;
  return postItemQueue<ItemRow>({
    table: d.table,
    product: d.product,
    provider,
    proof: (row) => productProof(d, files, proofs, own(row)),
    pages: (row) => d.handOff.pages(own(row)),
    options: (row) => d.handOff.options(own(row)),
    format: d.handOff.format,
  });
}
