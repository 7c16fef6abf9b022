import { A4_MM, addressOf, preflightLetter, returnAddressOf, type PostProductDescription } from '../post/index.js';
import { letterPriceMicros, printedPages, type LetterSpec } from './letters.price.js';
import { LETTER_EXPORT_COLUMNS, LETTER_THUMBNAILS, letterExportRow, presentLetterHistory, presentPricedLetter, presentSentLetter } from './letters.presenter.js';
import type { SendLettersBody } from './letters.schemas.js';
import type { LetterRow } from './letters.tables.js';
import './letters.tables.js';

/** A letter: one A4 PDF, print options, the address in a DL window (page 1 or a cover page), a price by country, colour and pages. */
export const letterProduct = {
  product: 'letter',
  table: 'letters',
  noun: 'Letter',
  addressPanel: 'letter',
  printFiles: (body) => [{ field: 'file_url', name: 'file_url', url: body.file_url }],
  // Every page A4 portrait, at most LETTER_MAX_SHEETS sheets (twice the pages duplex).
  async preflight(checks, [file], body) {
    const letter = await preflightLetter(checks, file!, { duplex: body.duplex === 1 });
    const spec: LetterSpec = { documentPages: letter.pages, colour: body.colour === 1, duplex: body.duplex === 1, templateUsed: body.template_used === 1 };
    return { pdf: letter.pdf, warnings: letter.warnings, facts: spec };
  },
  priceMicros: letterPriceMicros,
  columns: (body, spec) => ({
    colour: spec.colour ? 1 : 0,
    duplex: spec.duplex ? 1 : 0,
    priority_post: body.priority_post === 1 ? 1 : 0,
    template_used: spec.templateUsed ? 1 : 0,
    post_pages: printedPages(spec),
  }),
  chargeDescription: (letter) => `Letter to ${letter.address_country} (${letter.post_pages} pages)`,
  present: {
    sent: presentSentLetter,
    priced: (letter) => presentPricedLetter(letter),
    history: presentLetterHistory,
    // The shape ClickSend documents for letter prices (postcards answer a price as they answer a send).
    priceAnswer: (priced) => ({
      recipients: priced.recipients,
      // ClickSend's example prints total_cost 1 for one letter priced 1.87; it is not documented. We give the count of letters priced.
      total_cost: priced.accepted,
      total_price: priced.totalPrice,
      _warnings: priced.warnings,
    }),
  },
  export: { columns: LETTER_EXPORT_COLUMNS, values: letterExportRow },
  proof: {
    compose: (kit, pdf, letter) => kit.composeLetterProof(pdf, addressOf(letter), returnAddressOf(letter), { templateUsed: letter.template_used === 1 }),
    thumbnails: LETTER_THUMBNAILS,
  },
  handOff: {
    pages: (letter) => letter.post_pages,
    options: (letter) =>
      [letter.colour ? 'colour' : 'black', letter.duplex ? 'duplex' : 'simplex', letter.priority_post ? 'priority' : 'standard', letter.template_used ? 'template' : 'cover page'].join(' '),
    // A4 portrait without bleed: TrimBox = BleedBox = MediaBox (proofs/print-boxes.ts).
    format: { size: 'A4', trimMm: [A4_MM.width, A4_MM.height], bleedMm: 0 },
  },
} satisfies PostProductDescription<SendLettersBody, LetterRow, LetterSpec>;
