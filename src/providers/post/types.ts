/** One post item, print-ready, as it leaves the server. */
export interface PrintJob {
  /** GUID; also the idempotency key: handing the same id over twice must print it once. */
  messageId: string;
  /** The post product's name: 'postcard', 'letter', … */
  product: string;
  /** The print-ready PDF: the composed proof (address in place), without sandbox marks. */
  pdf: Buffer;
  /** The recipient as one line, for the manifest. */
  recipient: string;
  returnAddress: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  pages: number;
  /** Decimal string in `currency`, e.g. "3.5000". */
  price: string;
  currency: string;
  /** Production notes: "colour duplex priority template"-style for letters, "colour duplex" for postcards. */
  options: string;
  /** The finished format by name: "A5" (postcards), "A4" (letters). */
  size: string;
  /** The finished (trimmed) size in mm, long side first for postcards (either orientation), width × height for letters. */
  trimMm: readonly [number, number];
  /** Bleed on every side in mm: the PDF's MediaBox = BleedBox is the trim plus twice this (3 for postcards, 0 for letters). */
  bleedMm: number;
}

export interface HandOffContext {
  /** 1 on the first claim; above 1 the item may already have been handed over before a crash. */
  attempt: number;
  nowMs: number;
}

/**
 * Where post leaves the server. The default is the print hand-off folder (print-house.ts); another provider
 * can send the same job to a print house's API.
 */
export interface PostProvider {
  readonly name: string;
  /** Must be idempotent per messageId. Resolves to a reference shown as message_id_supplier. */
  handOff(job: PrintJob, ctx: HandOffContext): Promise<{ reference: string }>;
}
