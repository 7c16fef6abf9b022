import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../helpers/process.js';
import { startServer, type TestServer } from '../helpers/server.js';

const MONEY = /^\d+\.\d{4}$/;
const BLOCKS: Record<string, string[]> = {
  email: ['price_rate_0', 'price_rate_1', 'price_rate_2', 'price_rate_3'],
  fax: ['dedicated_number_monthly', 'dedicated_number_setup', 'price_fax'],
  mms: ['dedicated_number_monthly', 'dedicated_number_setup', 'price_mms'],
  post: [
    'direct_mail_min_quantity',
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
};

/** Decimal string → integer ten-thousandths, so comparisons never go through floats. */
const units = (s: string) => Number(s.replace('.', ''));

describe('GET /v3/pricing/{country}', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(() => s.close());

  it('returns the documented shape: per-channel blocks of 4-place decimal strings and a numeric direct-mail minimum', async () => {
    const r = await s.request('GET', '/v3/pricing/AU?currency=AUD');
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.http_code, 200);
    assert.equal(r.body.response_code, 'SUCCESS');
    assert.equal(r.body.response_msg, 'Price Lists.');
    const d = r.body.data;
    assert.deepEqual(Object.keys(d), ['_currency', 'country', 'email', 'fax', 'mms', 'post', 'postcard', 'sms', 'voice']);
    assert.equal(d.country, 'AU');
    assert.deepEqual(d._currency, { currency_name_short: 'AUD', currency_prefix_d: '$', currency_prefix_c: 'c', currency_name_long: 'Australian Dollars' });
    for (const [block, fields] of Object.entries(BLOCKS)) {
      assert.deepEqual(Object.keys(d[block]), fields, `${block} fields in documented order`);
      for (const f of fields) {
        if (f === 'direct_mail_min_quantity') assert.equal(typeof d.post[f], 'number');
        else assert.match(d[block][f], MONEY, `${block}.${f} is a decimal string`);
      }
    }
    assert.equal(d.sms.price_rate_0, '0.0770');
    assert.equal(d.post.direct_mail_min_quantity, 5000);
    const postcard = units(d.postcard.price_postcard);
    assert.ok(postcard >= 2_0000 && postcard <= 3_0000, `AU postcard ${d.postcard.price_postcard} AUD`);
  });

  it('converts into the requested currency: a US list in USD lands on round US prices', async () => {
    const r = await s.request('GET', '/v3/pricing/US?currency=USD');
    assert.equal(r.status, 200);
    assert.equal(r.body.data._currency.currency_name_short, 'USD');
    assert.equal(r.body.data.sms.price_rate_0, '0.0200');
    assert.equal(r.body.data.postcard.price_postcard, '2.5000');
  });

  it('prices the same destination in every supported currency consistently with the AUD price', async () => {
    const aud = (await s.request('GET', '/v3/pricing/AU?currency=AUD')).body.data;
    const rates: Record<string, number> = { AUD: 1_000000, USD: 650000, GBP: 490000, NZD: 1_090000, CAD: 900000, EUR: 560000 };
    for (const [cur, rate] of Object.entries(rates)) {
      const d = (await s.request('GET', `/v3/pricing/AU?currency=${cur}`)).body.data;
      assert.equal(d._currency.currency_name_short, cur);
      for (const [block, field] of [
        ['sms', 'price_rate_0'],
        ['postcard', 'price_postcard'],
        ['post', 'price_letter_black'],
      ] as const) {
        // aud in 10^-4 units × rate in 10^-6 units → 10^-10; rounded half up to 10^-4.
        const expected = Math.floor((units(aud[block][field]) * rate + 500_000) / 1_000_000);
        assert.equal(units(d[block][field]), expected, `${cur} ${block}.${field}`);
      }
    }
  });

  it('accepts lower-case country and currency and answers with upper-case codes', async () => {
    const r = await s.request('GET', '/v3/pricing/gb?currency=gbp');
    assert.equal(r.status, 200);
    assert.equal(r.body.data.country, 'GB');
    assert.equal(r.body.data._currency.currency_name_short, 'GBP');
  });

  it('gives a country without its own prices the default block', async () => {
    const fr = (await s.request('GET', '/v3/pricing/FR?currency=AUD')).body.data;
    const br = (await s.request('GET', '/v3/pricing/BR?currency=AUD')).body.data;
    const au = (await s.request('GET', '/v3/pricing/AU?currency=AUD')).body.data;
    assert.equal(fr.country, 'FR');
    assert.deepEqual({ ...fr, country: 'x' }, { ...br, country: 'x' });
    assert.notEqual(fr.sms.price_rate_0, au.sms.price_rate_0);
  });

  it('defaults to the account currency when currency is omitted', async () => {
    const au = await s.request('GET', '/v3/pricing/AU');
    assert.equal(au.status, 200);
    assert.equal(au.body.data._currency.currency_name_short, 'AUD', 'owner account is in AUD');
    const us = await s.createAccount('pricing-us-owner', 'US');
    const r = await s.request('GET', '/v3/pricing/AU', { as: us });
    assert.equal(r.body.data._currency.currency_name_short, 'USD');
    assert.equal(r.body.data.sms.price_rate_0, '0.0501');
  });

  it('refuses an unknown country with 400 naming it', async () => {
    for (const bad of ['XX', 'AUS', '12']) {
      const r = await s.request('GET', `/v3/pricing/${bad}?currency=AUD`);
      assert.equal(r.status, 400, bad);
      assert.equal(r.body.http_code, 400);
      assert.equal(r.body.response_code, 'BAD_REQUEST');
      assert.match(r.body.response_msg, new RegExp(`country .*"${bad}"`));
    }
  });

  it('refuses an unsupported currency with 400 listing the supported ones', async () => {
    const r = await s.request('GET', '/v3/pricing/AU?currency=JPY');
    assert.equal(r.status, 400);
    assert.equal(r.body.response_code, 'BAD_REQUEST');
    assert.match(r.body.response_msg, /currency/);
    assert.match(r.body.response_msg, /"JPY"/);
    for (const c of ['AUD', 'USD', 'GBP', 'NZD', 'CAD', 'EUR']) assert.match(r.body.response_msg, new RegExp(c));
  });

  it('requires credentials', async () => {
    const r = await s.request('GET', '/v3/pricing/AU?currency=AUD', { as: null });
    assert.equal(r.status, 401);
    assert.equal(r.body.response_code, 'UNAUTHORIZED');
  });

  it('is readable by a subaccount without access_billing', async () => {
    const created = await s.request('POST', '/v3/subaccounts', {
      body: {
        api_username: 'pricing-reader',
        password: 'reader-password-1',
        email: 'reader@example.com',
        phone_number: '+61411111111',
        first_name: 'Price',
        last_name: 'Reader',
        access_billing: 0,
        access_settings: 0,
      },
    });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    assert.equal(created.body.data.access_billing, 0);
    const r = await s.request('GET', '/v3/pricing/NZ?currency=NZD', { as: { username: 'pricing-reader', apiKey: created.body.data.api_key } });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.data.country, 'NZ');
  });
});

describe('pricing overrides from DATA_DIR/pricing.json', () => {
  let s: TestServer;
  let dir: string;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sendbox-pricing-'));
    fs.writeFileSync(
      path.join(dir, 'pricing.json'),
      JSON.stringify({
        rates: { USD: '0.500000' },
        default: { postcard: { price_postcard: '4.0000' } },
        countries: { AU: { sms: { price_rate_0: '0.0500' } }, JP: { voice: { price_mobile: '0.3000' } } },
      }),
    );
    s = await startServer({ env: { DATA_DIR: dir } });
  });
  after(async () => {
    await s.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lays the operator file over the built-in table, field by field', async () => {
    const au = (await s.request('GET', '/v3/pricing/AU?currency=AUD')).body.data;
    assert.equal(au.sms.price_rate_0, '0.0500', 'overridden');
    assert.equal(au.sms.price_rate_1, '0.0710', 'built-in value kept beside the override');
    assert.equal(au.postcard.price_postcard, '2.9500', "AU's own postcard price still wins over the new default");
    const jp = (await s.request('GET', '/v3/pricing/JP?currency=AUD')).body.data;
    assert.equal(jp.voice.price_mobile, '0.3000', 'a country added by the operator');
    assert.equal(jp.postcard.price_postcard, '4.0000', 'the overridden default');
  });

  it('uses the overridden conversion rate', async () => {
    const au = (await s.request('GET', '/v3/pricing/AU?currency=USD')).body.data;
    assert.equal(au.sms.price_rate_0, '0.0250');
  });
});

describe('a malformed DATA_DIR/pricing.json', () => {
  it('stops `sendbox serve` at start-up with a message naming the file and the field', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sendbox-pricing-bad-'));
    try {
      const file = path.join(dir, 'pricing.json');
      fs.writeFileSync(file, JSON.stringify({ countries: { AU: { sms: { price_rate_0: 0.05 } } } }));
      // SQLite in the temporary directory: the process must fail before it ever listens.
      const run = runCli(['serve'], { DATA_DIR: dir, PORT: '0' });
      const first = await run.waitFor(/configuration error[^\n]*|Sendbox is (ready|listening)/);
      if (!first[0].startsWith('configuration error')) {
        run.child.kill();
        assert.fail(`the server started despite the malformed file:\n${run.output()}`);
      }
      assert.equal(await run.exited, 1, run.output());
      assert.match(run.output(), /configuration error: pricing table .*pricing\.json: countries\.AU\.sms\.price_rate_0 must be a decimal string/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
