import assert from 'node:assert/strict';
import path from 'node:path';
import os from 'node:os';
import { describe, it } from 'node:test';
import { ApiError } from '../../core/errors/index.js';
import { convertMicros, PricingService } from './pricing.service.js';
import { loadPricingTable } from './pricing.table.js';

const table = loadPricingTable(path.join(os.tmpdir(), 'sendbox-no-such-dir'));
const service = new PricingService(table, async () => 'NZD');

describe('convertMicros', () => {
  it('converts with integers only and rounds half up to 0.0001', () => {
    assert.equal(convertMicros(77_000, 650_000), 50_100); // 0.05005 → 0.0501
    assert.equal(convertMicros(77_000, 1_000_000), 77_000);
    assert.equal(convertMicros(1_234_567, 1_000_000), 1_234_600);
    assert.equal(convertMicros(0, 650_000), 0);
    // Beyond 2^53 in the intermediate product: 999,999 units at a rate of 999.
    assert.equal(convertMicros(999_999_000_000, 999_000_000), 998_999_001_000_000);
  });
});

describe('PricingService', () => {
  it('gives channel prices in integer micro-units of the requested currency', () => {
    assert.equal(service.smsRateMicros('AU', 'AUD'), 77_000);
    assert.equal(service.smsRateMicros('au', 'aud', 3), 59_000);
    assert.equal(service.smsRateMicros('US', 'USD'), 20_000);
    assert.equal(service.postcardPriceMicros('US', 'USD'), 2_500_000);
    assert.equal(service.postcardPriceMicros('AU', 'AUD'), 2_950_000);
    assert.equal(service.mmsPriceMicros('AU', 'AUD'), 450_000);
    assert.equal(service.voicePriceMicros('AU', 'AUD', 'mobile'), 173_000);
    assert.equal(service.voicePriceMicros('AU', 'AUD', 'landline'), 53_000);
    assert.equal(service.faxPagePriceMicros('AU', 'AUD'), 200_000);
    assert.equal(service.emailRateMicros('AU', 'AUD', 1), 8_000);
    assert.equal(service.directMailPieceMicros('AU', 'AUD', 'DL'), 120_000);
    assert.deepEqual(service.letterPriceInputs('AU', 'AUD'), {
      firstSheetBlackMicros: 1_270_000,
      firstSheetColourMicros: 1_470_000,
      extraPageBlackMicros: 100_000,
      extraPageColourMicros: 240_000,
      largeSurchargeMicros: 1_500_000,
      largeSurchargePerSheetMicros: 40_000,
    });
  });

  it('prices a country without its own block from the default block', () => {
    assert.equal(service.smsRateMicros('DE', 'AUD'), table.defaults.sms.price_rate_0);
  });

  it('throws a 400 ApiError naming a bad country or currency', () => {
    assert.throws(
      () => service.smsRateMicros('ZZ', 'AUD'),
      (e: unknown) => e instanceof ApiError && e.httpCode === 400 && /"ZZ"/.test(e.message),
    );
    assert.throws(
      () => service.smsRateMicros('AU', 'XYZ'),
      (e: unknown) => e instanceof ApiError && e.httpCode === 400 && /AUD, USD, GBP, NZD, CAD, EUR/.test(e.message),
    );
  });

  it('uses the account currency when the price list is asked for without one', async () => {
    const list = await service.priceList(1, 'AU', undefined);
    assert.equal(list._currency.currency_name_short, 'NZD');
    assert.equal(list.sms.price_rate_0, '0.0839'); // 0.0770 × 1.09 = 0.08393
  });
});
