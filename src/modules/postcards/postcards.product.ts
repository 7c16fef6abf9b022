import { A5_MM, addressOf, BLEED_MM, preflightPostcard, returnAddressOf, type PostProductDescription } from '../post/index.js';
import { postcardExportRow, POSTCARD_EXPORT_COLUMNS, POSTCARD_THUMBNAILS, presentPostcardHistory, presentSentPostcard } from './postcards.presenter.js';
import type { SendPostcardsBody } from './postcards.schemas.js';
import type { PostcardRow } from './postcards.tables.js';
import './postcards.tables.js';

/** A postcard: two A5 faces, the address printed in the back's panel, one price per country. */
export const postcardProduct = {
  product: 'postcard',
  table: 'postcards',
  noun: 'Postcard',
  addressPanel: 'postcard',
  printFiles: (body) => body.file_urls.map((url, i) => ({ field: `file_urls[${i}]`, name: `file ${i + 1}`, url })),
  // One 2-page PDF or two 1-page PDFs, every page A5 (trim or with bleed); two files are merged into one card.
  async preflight(checks, files) {
    const card = await preflightPostcard(checks, files);
    return { pdf: card.pdf, warnings: card.warnings, cardWarnings: card.cardWarnings, facts: null };
  },
  priceMicros: (pricing, country, currency) => pricing.postcardPriceMicros(country, currency),
  columns: () => ({}),
  chargeDescription: (card) => `Postcard to ${card.address_country}`,
  present: {
    sent: (card, publicUrl) => presentSentPostcard(card, publicUrl, true),
    // The price answer is the send answer without proof links (nothing is rendered for a price).
    priced: (card, publicUrl) => presentSentPostcard(card, publicUrl, false),
    history: presentPostcardHistory,
  },
  export: { columns: POSTCARD_EXPORT_COLUMNS, values: postcardExportRow },
  proof: {
    compose: (kit, merged, card) => kit.composePostcardProof(merged, addressOf(card), returnAddressOf(card)),
    thumbnails: POSTCARD_THUMBNAILS,
  },
  // Printed in colour on both faces; every proof is on the A5 bleed sheet (proofs/print-boxes.ts).
  handOff: { pages: () => 2, options: () => 'colour duplex', format: { size: 'A5', trimMm: [A5_MM.long, A5_MM.short], bleedMm: BLEED_MM } },
} satisfies PostProductDescription<SendPostcardsBody, PostcardRow, null>;
