import type { Selectable } from 'kysely';
import type { Database } from '../../../core/db/index.js';
import type { PanelKind } from '../proofs/index.js';
import type { CurrencyInfo } from '../../accounts/index.js';
import type { PricingService } from '../../pricing/index.js';
import type { SourceFile } from './preflight.js';
import type { PdfChecks, ProofKit } from './proof-kit.js';
import type { PostRecipientInput } from './schemas.js';
import type { PostItemColumns, PostProduct } from './tables.js';

/** The tables that hold post items: a product's table joins by declaring itself in core/db's Database (see postcards.tables.ts). */
export type PostItemTable = { [K in keyof Database]: Database[K] extends PostItemColumns ? K : never }[keyof Database];

/** A stored item of some product. */
export type PostItemRow = Selectable<PostItemColumns>;
/** An item as send and price present it: built, not read back, so it has no id yet. */
export type NewItem<Row> = Omit<Row, 'id'>;
/** The columns a product adds to those every post item has (none for postcards). */
export type OwnColumns<Row> = Omit<Row, keyof PostItemColumns>;

/** What every post send body carries; a product adds its files and options. */
export interface PostSendBody {
  recipients: PostRecipientInput[];
  source?: string | undefined;
}

/** One print file of a request: the body field, how messages name it ("file 1", "file_url") and its URL. */
export interface PrintFileField {
  field: string;
  name: string;
  url: string;
}

/** What the preflight gives: the one print file every item of the request shares, notes on it, and facts the price and columns read. */
export interface Preflighted<Facts> {
  pdf: Buffer;
  warnings: string[];
  /** Notes on the print file every accepted recipient shares (e.g. artwork under the address panel), added to each recipient's `_warnings`. */
  cardWarnings?: string[];
  facts: Facts;
}

/**
 * One thumbnail the proof job renders: which page of the proof, its file name, and its key in `_thumbnail_urls`.
 * Two PNGs are stored per spec, both showing the page's TrimBox (bleed cut off): `name` at THUMBNAIL_LONG_SIDE_PX
 * on the long side and smallThumbnailName(name) at THUMBNAIL_SMALL_LONG_SIDE_PX (`_thumbnail_small_urls`).
 */
export interface ThumbnailSpec {
  key: 'front' | 'back';
  page: number;
  name(item: { message_id: string; file_name: string }): string;
}

/** A priced request, for a product whose price answer is not shaped like its send answer. */
export interface PricedRequest<Record> {
  currency: CurrencyInfo;
  /** Presented in request order: accepted ones by present.priced, refused ones by presentRefused. */
  recipients: Record[];
  /** Accepted recipients (one item each). */
  accepted: number;
  /** Recipients in the request. */
  total: number;
  /** The sum of the accepted items' prices, as ClickSend prints money in answers. */
  totalPrice: number;
  warnings: string[];
}

/**
 * Everything that makes a post product (postcard, letter, …) what it is; the one pipeline in post/pipeline does the
 * rest: fetch the files, check the recipients (return addresses, schedules, test postcodes), price, store, charge and
 * queue in one transaction, proofs after the response, the print hand-off, history, export and cancel with refund.
 * A new product is one description, its table (a migration with the post item columns as migrations/0007_post.ts creates them, plus its own columns, and its
 * Database declaration), its schemas, its presenter and its routes.
 */
export interface PostProductDescription<Body extends PostSendBody, Row extends PostItemRow, Facts> {
  /** Its name: the proof job kind, the history-count key and the print manifest's product column. */
  readonly product: PostProduct;
  readonly table: PostItemTable;
  /** "Postcard", "Letter": how messages name one item (cancel, not found). */
  readonly noun: string;
  /** Where the address is printed: its size and type styles decide at send time whether an address fits. */
  readonly addressPanel: PanelKind;

  /** The request's print files, in order. */
  printFiles(body: Body): PrintFileField[];
  /** Preflight rules: a file that cannot be printed fails the whole request (400 naming the file) before anything is stored or charged. */
  preflight(checks: PdfChecks, files: SourceFile[], body: Body): Promise<Preflighted<Facts>>;
  /** The price of one item to `country` in micro-units of `currency` (test postcodes are never priced). */
  priceMicros(pricing: PricingService, country: string, currency: string, facts: Facts): number;
  /** The product's own columns, the same for every item of a request. */
  columns(body: Body, facts: Facts): OwnColumns<Row>;
  /** The ledger line of one charged item. */
  chargeDescription(item: NewItem<Row>): string;

  /** The records its answers print. */
  readonly present: {
    sent(item: NewItem<Row>, publicUrl: string): unknown;
    priced(item: NewItem<Row>, publicUrl: string): unknown;
    history(item: NewItem<Row>, publicUrl: string): unknown;
    /** The price answer, when it is not the send answer with priced records (letters). Its records are `priced`'s and presentRefused's. */
    priceAnswer?(priced: PricedRequest<any>): unknown;
  };

  /** The history export: the product's own columns go between the common head and tail (see export-columns.ts). */
  readonly export: { columns: readonly string[]; values(row: Row): readonly unknown[] };

  /** The proof: the print-ready PDF of one item (address where the post office reads it) and its thumbnails. */
  readonly proof: {
    compose(kit: ProofKit, printFile: Buffer, row: Row): Promise<Buffer>;
    thumbnails: readonly ThumbnailSpec[];
  };

  /** What the print hand-off's manifest records besides the shared fields. */
  readonly handOff: {
    pages(row: Row): number;
    options(row: Row): string;
    /** The finished format every item of the product has, as the proof's page boxes set it (print-boxes.ts). */
    format: { size: string; trimMm: readonly [number, number]; bleedMm: number };
  };
}

/** The widest description, for generic code that reads a product's types back from it. */
export type AnyPostProduct = PostProductDescription<any, any, any>;

export type BodyOf<D extends AnyPostProduct> = Parameters<D['printFiles']>[0];
export type RowOf<D extends AnyPostProduct> = D extends PostProductDescription<any, infer R extends PostItemRow, any> ? R : never;
export type FactsOf<D extends AnyPostProduct> = Parameters<D['priceMicros']>[3];
export type SentOf<D extends AnyPostProduct> = ReturnType<D['present']['sent']>;
export type PricedOf<D extends AnyPostProduct> = ReturnType<D['present']['priced']>;
export type HistoryOf<D extends AnyPostProduct> = ReturnType<D['present']['history']>;
