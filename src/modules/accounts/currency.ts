/** The `_currency` object ClickSend embeds in account, pricing and send responses. */
export interface CurrencyInfo {
  currency_name_short: string;
  currency_prefix_d: string;
  currency_prefix_c: string;
  currency_name_long: string;
}

const CURRENCIES: Record<string, CurrencyInfo> = {
  AUD: { currency_name_short: 'AUD', currency_prefix_d: '$', currency_prefix_c: 'c', currency_name_long: 'Australian Dollars' },
  USD: { currency_name_short: 'USD', currency_prefix_d: '$', currency_prefix_c: '¢', currency_name_long: 'US Dollars' },
  GBP: { currency_name_short: 'GBP', currency_prefix_d: '£', currency_prefix_c: 'p', currency_name_long: 'British Pounds' },
  NZD: { currency_name_short: 'NZD', currency_prefix_d: '$', currency_prefix_c: 'c', currency_name_long: 'New Zealand Dollars' },
  CAD: { currency_name_short: 'CAD', currency_prefix_d: '$', currency_prefix_c: '¢', currency_name_long: 'Canadian Dollars' },
  EUR: { currency_name_short: 'EUR', currency_prefix_d: '€', currency_prefix_c: 'c', currency_name_long: 'Euros' },
};

// Members of the euro area; their accounts are billed in EUR.
const EURO_AREA = new Set(['AT', 'BE', 'HR', 'CY', 'EE', 'FI', 'FR', 'DE', 'GR', 'IE', 'IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PT', 'SK', 'SI', 'ES']);

/** AU→AUD, US→USD, GB→GBP, NZ→NZD, CA→CAD, euro-area countries→EUR, everything else USD. */
export function currencyForCountry(country: string): string {
  const c = country.toUpperCase();
  const direct: Record<string, string> = { AU: 'AUD', US: 'USD', GB: 'GBP', NZ: 'NZD', CA: 'CAD' };
  return direct[c] ?? (EURO_AREA.has(c) ? 'EUR' : 'USD');
}

export function currencyInfo(code: string): CurrencyInfo {
  return { ...(CURRENCIES[code.toUpperCase()] ?? CURRENCIES.USD!) };
}

export const SUPPORTED_CURRENCIES = Object.keys(CURRENCIES);
