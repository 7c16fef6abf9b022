import { ApiError, badCountryCode } from '../../core/errors/index.js';
import { isCountryCode } from '../../core/validation/index.js';
import { PRICE_BLOCKS, PRICE_FIELDS, type PriceTier, type Prices } from './pricing.fields.js';
import { presentPriceList } from './pricing.presenter.js';
import type { PricingTable } from './pricing.table.js';

/** The account's own currency, for callers that do not name one. */
export type AccountCurrencyLookup = (accountId: number) => Promise<string | undefined>;

const PRICE_STEP_MICROS = 100n; // 0.0001: the precision ClickSend prints prices with

/**
 * Base micro-units → micro-units of another currency, rounded half up to 0.0001 so that the price a
 * caller is shown is exactly the price a channel charges. BigInt: micros × micros passes 2^53.
 */
export function convertMicros(baseMicros: number, rateMicros: number): number {
  const scaled = BigInt(baseMicros) * BigInt(rateMicros); // 10^-12 units
  const divisor = 1_000_000n * PRICE_STEP_MICROS;
  return Number((scaled + divisor / 2n) / divisor) * Number(PRICE_STEP_MICROS);
}

/**
 * Prices by country and currency, from the table loaded at start-up. Channels use the *Micros
 * helpers (integer micro-units, never floats); GET /pricing/{country} uses priceList. Input is
 * checked here, so a bad country or currency from any caller becomes a 400 naming it.
 */
export class PricingService {
  private readonly cache = new Map<string, Prices>();

  constructor(
    private readonly table: PricingTable,
    private readonly accountCurrency: AccountCurrencyLookup,
  ) {}

  get supportedCurrencies(): string[] {
    return Object.keys(this.table.ratesMicros);
  }

  /** "au" → "AU"; 400 naming the value when it is not an ISO 3166-1 alpha-2 code. */
  country(raw: string): string {
    if (!isCountryCode(raw)) throw badCountryCode('country', raw, 'AU');
    return raw.toUpperCase();
  }

  /** "usd" → "USD"; 400 listing the supported currencies otherwise. */
  currency(raw: string): string {
    const code = raw.trim().toUpperCase();
    if (this.table.ratesMicros[code] === undefined) {
      throw ApiError.badRequest(`currency must be one of ${this.supportedCurrencies.join(', ')}, got "${raw}".`);
    }
    return code;
  }

  /** Every price for a destination country, in micro-units of `currency`. */
  prices(country: string, currency: string): Prices {
    const cc = this.country(country);
    const cur = this.currency(currency);
    const key = `${cc}:${cur}`;
    let prices = this.cache.get(key);
    if (!prices) {
      prices = this.convert(this.table.countries.get(cc) ?? this.table.defaults, this.table.ratesMicros[cur]!);
      this.cache.set(key, prices);
    }
    return prices;
  }

  smsRateMicros(country: string, currency: string, tier: PriceTier = 0): number {
    return this.prices(country, currency).sms[`price_rate_${tier}`];
  }

  mmsPriceMicros(country: string, currency: string): number {
    return this.prices(country, currency).mms.price_mms;
  }

  voicePriceMicros(country: string, currency: string, line: 'mobile' | 'landline'): number {
    return this.prices(country, currency).voice[line === 'mobile' ? 'price_mobile' : 'price_landline'];
  }

  faxPagePriceMicros(country: string, currency: string): number {
    return this.prices(country, currency).fax.price_fax;
  }

  emailRateMicros(country: string, currency: string, tier: PriceTier = 0): number {
    return this.prices(country, currency).email[`price_rate_${tier}`];
  }

  postcardPriceMicros(country: string, currency: string): number {
    return this.prices(country, currency).postcard.price_postcard;
  }

  /** What a letter's price is built from: first sheet (black or colour), each further page, large-envelope surcharges. */
  letterPriceInputs(country: string, currency: string) {
    const post = this.prices(country, currency).post;
    return {
      firstSheetBlackMicros: post.price_letter_black,
      firstSheetColourMicros: post.price_letter_colour,
      extraPageBlackMicros: post.price_letter_page_black,
      extraPageColourMicros: post.price_letter_page_colour,
      largeSurchargeMicros: post.price_letter_large_surcharge,
      largeSurchargePerSheetMicros: post.price_letter_large_surcharge_sheet,
    };
  }

  directMailPieceMicros(country: string, currency: string, size: 'A5' | 'DL'): number {
    const post = this.prices(country, currency).post;
    return size === 'A5' ? post.price_direct_mail_a5 : post.price_direct_mail_dl;
  }

  /** GET /pricing/{country}: the price list in `currency`, or in the account's currency when none is given. */
  async priceList(accountId: number, country: string, currency: string | undefined) {
    const cc = this.country(country);
    // ClickSend marks currency as required; we default to the account's currency so a bare call still works.
    const cur = currency?.trim() ? this.currency(currency) : this.currency((await this.accountCurrency(accountId)) ?? this.table.baseCurrency);
    return presentPriceList(cc, cur, this.prices(cc, cur));
  }

  private convert(base: Prices, rateMicros: number): Prices {
    const out: Record<string, Record<string, number>> = {};
    for (const c of PRICE_BLOCKS) {
      const from = base[c] as Record<string, number>;
      const block: Record<string, number> = {};
      for (const f of PRICE_FIELDS[c]) block[f] = convertMicros(from[f]!, rateMicros);
      out[c] = block;
    }
    out.post!.direct_mail_min_quantity = base.post.direct_mail_min_quantity;
    // Cached and handed to every channel: frozen so that no caller can change another's prices.
    for (const c of PRICE_BLOCKS) Object.freeze(out[c]);
    return Object.freeze(out) as Prices;
  }
}
