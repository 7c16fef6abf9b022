import { Type, type TSchema } from '@sinclair/typebox';

/**
 * The money fields of each block of a price list (one per product: sms, mms, voice, fax, email, post, postcard), in the order ClickSend prints them
 * (alphabetical). The one list of names: the table file, the micro-unit prices and the response
 * schema are all built from it. post also carries direct_mail_min_quantity, a count.
 */
export const PRICE_FIELDS = {
  email: ['price_rate_0', 'price_rate_1', 'price_rate_2', 'price_rate_3'],
  fax: ['dedicated_number_monthly', 'dedicated_number_setup', 'price_fax'],
  mms: ['dedicated_number_monthly', 'dedicated_number_setup', 'price_mms'],
  post: [
    'price_direct_mail_a5',
    'price_direct_mail_dl',
    'price_letter_black',
    'price_letter_colour',
    'price_letter_large_surcharge',
    'price_letter_large_surcharge_sheet',
    'price_letter_page_black',
    'price_letter_page_colour',
  ],
  postcard: ['price_postcard'],
  sms: ['dedicated_number_monthly', 'dedicated_number_setup', 'dedicated_number_shortcode_monthly', 'dedicated_number_shortcode_setup', 'price_rate_0', 'price_rate_1', 'price_rate_2', 'price_rate_3'],
  voice: ['price_landline', 'price_mobile'],
} as const;

/** The name of one block of a price list, as ClickSend's /pricing/{country} prints it (sms, post, postcard, ...). */
export type PriceBlock = keyof typeof PRICE_FIELDS;
export const PRICE_BLOCKS = Object.keys(PRICE_FIELDS) as PriceBlock[];
/** ClickSend's volume tiers: price_rate_0 (entry) … price_rate_3 (highest volume). */
export type PriceTier = 0 | 1 | 2 | 3;

function moneyProps<const K extends readonly string[], T extends TSchema>(fields: K, money: T) {
  return Object.fromEntries(fields.map((f) => [f, money])) as { [P in K[number]]: T };
}

/** One object schema per price block, with `money` for prices and `count` for direct_mail_min_quantity. */
export function priceBlocks<M extends TSchema, N extends TSchema>(money: M, count: N, additionalProperties?: false) {
  const opts = additionalProperties === false ? { additionalProperties: false } : {};
  return {
    email: Type.Object(moneyProps(PRICE_FIELDS.email, money), opts),
    fax: Type.Object(moneyProps(PRICE_FIELDS.fax, money), opts),
    mms: Type.Object(moneyProps(PRICE_FIELDS.mms, money), opts),
    post: Type.Object({ direct_mail_min_quantity: count, ...moneyProps(PRICE_FIELDS.post, money) }, opts),
    postcard: Type.Object(moneyProps(PRICE_FIELDS.postcard, money), opts),
    sms: Type.Object(moneyProps(PRICE_FIELDS.sms, money), opts),
    voice: Type.Object(moneyProps(PRICE_FIELDS.voice, money), opts),
  };
}

/** Every price of one country in micro-units of one currency (direct_mail_min_quantity is a count). */
export type Prices = { [C in PriceBlock]: Record<(typeof PRICE_FIELDS)[C][number], number> } & {
  post: { direct_mail_min_quantity: number };
};
