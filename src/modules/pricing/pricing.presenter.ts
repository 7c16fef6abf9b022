import { microsToDecimal } from '../../core/util/money.js';
import { currencyInfo } from '../accounts/index.js';
import { PRICE_BLOCKS, PRICE_FIELDS, type Prices } from './pricing.fields.js';

/** The price list as ClickSend prints it: money as decimal strings with 4 places, the direct-mail minimum as a number. */
export function presentPriceList(country: string, currency: string, prices: Prices) {
  const blocks: Record<string, Record<string, string | number>> = {};
  for (const c of PRICE_BLOCKS) {
    const block: Record<string, string | number> = {};
    for (const f of PRICE_FIELDS[c]) block[f] = microsToDecimal((prices[c] as Record<string, number>)[f]!, 4);
    blocks[c] = block;
  }
  blocks.post = { direct_mail_min_quantity: prices.post.direct_mail_min_quantity, ...blocks.post };
  return { _currency: currencyInfo(currency), country, ...blocks } as PresentedPriceList;
}

type StringBlock<K extends readonly string[]> = Record<K[number], string>;
export type PresentedPriceList = {
  _currency: ReturnType<typeof currencyInfo>;
  country: string;
} & { [C in keyof typeof PRICE_FIELDS]: StringBlock<(typeof PRICE_FIELDS)[C]> } & { post: { direct_mail_min_quantity: number } };
