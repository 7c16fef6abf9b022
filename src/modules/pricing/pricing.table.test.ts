import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ConfigError } from '../../config/index.js';
import { SUPPORTED_CURRENCIES } from '../accounts/index.js';
import { PRICE_BLOCKS, PRICE_FIELDS } from './pricing.fields.js';
import { BUILT_IN_TABLE_PATH, loadPricingTable, readTableFile } from './pricing.table.js';

describe('pricing table', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sendbox-pricing-unit-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** Loads the built-in table with `override` written to DATA_DIR/pricing.json. */
  function loadWith(override: unknown) {
    fs.writeFileSync(path.join(dir, 'pricing.json'), typeof override === 'string' ? override : JSON.stringify(override));
    return loadPricingTable(dir);
  }
  function failsWith(override: unknown, message: RegExp) {
    assert.throws(
      () => loadWith(override),
      (err: unknown) => {
        assert.ok(err instanceof ConfigError, `ConfigError, got ${String(err)}`);
        assert.match(err.message, new RegExp(path.join(dir, 'pricing.json').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')), 'names the file');
        assert.match(err.message, message);
        return true;
      },
    );
  }

  it('ships a complete built-in table in AUD with a rate for every supported currency', () => {
    const t = loadPricingTable(path.join(dir, 'absent'));
    assert.equal(t.baseCurrency, 'AUD');
    assert.deepEqual(Object.keys(t.ratesMicros).sort(), [...SUPPORTED_CURRENCIES].sort());
    assert.equal(t.ratesMicros.AUD, 1_000_000);
    for (const prices of [t.defaults, ...t.countries.values()]) {
      for (const c of PRICE_BLOCKS) for (const f of PRICE_FIELDS[c]) assert.ok(Number.isSafeInteger((prices[c] as Record<string, number>)[f]), `${c}.${f}`);
    }
    assert.equal(t.countries.get('AU')!.sms.price_rate_0, 77_000);
    assert.ok(readTableFile(BUILT_IN_TABLE_PATH)!._comment?.includes('Sandbox'));
  });

  it('merges an override field by field and keeps the built-in fields beside it', () => {
    const t = loadWith({ countries: { AU: { sms: { price_rate_0: '0.0600' } }, JP: { mms: { price_mms: '0.9' } } }, default: { voice: { price_mobile: '0.3' } } });
    const au = t.countries.get('AU')!;
    assert.equal(au.sms.price_rate_0, 60_000);
    assert.equal(au.sms.price_rate_1, 71_000);
    assert.equal(t.countries.get('JP')!.mms.price_mms, 900_000);
    assert.equal(t.countries.get('JP')!.voice.price_mobile, 300_000, 'a new country inherits the new default');
    assert.equal(t.defaults.voice.price_mobile, 300_000);
  });

  it('lets a file in another base currency stand alone when it is complete', () => {
    const builtIn = readTableFile(BUILT_IN_TABLE_PATH)!;
    const rates = { USD: '1', AUD: '1.5', GBP: '0.75', NZD: '1.7', CAD: '1.4', EUR: '0.9' };
    const t = loadWith({ base_currency: 'USD', rates, default: builtIn.default });
    assert.equal(t.baseCurrency, 'USD');
    assert.equal(t.countries.size, 0, 'built-in countries, priced in AUD, are not mixed in');
    failsWith({ base_currency: 'USD', rates }, /default must give every price/);
  });

  it('refuses malformed files at load time with the field named', () => {
    failsWith('{"rates": ', /not valid JSON/);
    failsWith([], /must be a JSON object/);
    failsWith({ countrys: {} }, /countrys is not a known field/);
    failsWith({ countries: { AU: { sms: { price_rate_9: '0.1' } } } }, /countries\.AU\.sms\.price_rate_9 is not a known field/);
    failsWith({ countries: { AU: { sms: { price_rate_0: 0.07 } } } }, /countries\.AU\.sms\.price_rate_0 must be a decimal string/);
    failsWith({ countries: { AU: { sms: { price_rate_0: '7c' } } } }, /price_rate_0 must be a decimal string.*"7c"/);
    failsWith({ countries: { XX: {} } }, /countries\.XX is not an upper-case ISO 3166-1 alpha-2/);
    failsWith({ countries: { au: {} } }, /countries\.au is not an upper-case/);
    failsWith({ default: { post: { direct_mail_min_quantity: 2.5 } } }, /direct_mail_min_quantity must be a whole number/);
    failsWith({ rates: { JPY: '150' } }, /rates\.JPY is not a supported currency/);
    failsWith({ rates: { USD: '0' } }, /rates\.USD must be more than 0/);
    failsWith({ rates: { AUD: '2' } }, /rates\.AUD must be 1/);
    failsWith({ base_currency: 'JPY' }, /base_currency must be one of AUD, USD/);
  });

  it('reports an unreadable override rather than ignoring it', () => {
    const d = fs.mkdtempSync(path.join(dir, 'unreadable-'));
    fs.mkdirSync(path.join(d, 'pricing.json'));
    assert.throws(() => loadPricingTable(d), /cannot read the pricing table/);
  });
});
