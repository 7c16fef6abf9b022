import { Type } from '@sinclair/typebox';
import { Currency } from '../accounts/index.js';
import { priceBlocks } from './pricing.fields.js';

export const PricingParams = Type.Object({
  country: Type.String({ description: 'Destination country, ISO 3166-1 alpha-2 (e.g. AU).' }),
});

export const PricingQuery = Type.Object({
  currency: Type.Optional(Type.String({ description: 'AUD, USD, GBP, NZD, CAD or EUR. Required by ClickSend; defaults here to the account currency.' })),
});

export const PriceList = Type.Object({
  _currency: Currency,
  country: Type.String(),
  ...priceBlocks(Type.String({ description: 'Decimal string, 4 places' }), Type.Integer()),
});
