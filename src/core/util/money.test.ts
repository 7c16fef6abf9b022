import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decimalToMicros, microsToDecimal, microsToNumber } from './money.js';

describe('money in micro-units', () => {
  it('prints balances with 6 places and prices with fewer, rounding half away from zero', () => {
    assert.equal(microsToDecimal(1_117_461_060), '1117.461060');
    assert.equal(microsToDecimal(20_000_000, 2), '20.00');
    assert.equal(microsToDecimal(154_000, 4), '0.1540');
    assert.equal(microsToDecimal(5_550, 2), '0.01');
    assert.equal(microsToDecimal(4_999, 2), '0.00');
    assert.equal(microsToDecimal(-70_000, 4), '-0.0700');
    assert.equal(microsToDecimal(-1, 2), '0.00', 'no negative zero');
    assert.equal(microsToDecimal(7_000_000, 0), '7');
  });

  it('parses decimals without floats and refuses what is not a plain decimal', () => {
    assert.equal(decimalToMicros('20.00'), 20_000_000);
    assert.equal(decimalToMicros('0.1'), 100_000);
    assert.equal(decimalToMicros('1117.461060'), 1_117_461_060);
    assert.equal(decimalToMicros(0.07), 70_000);
    assert.equal(decimalToMicros('-3.5'), -3_500_000);
    for (const bad of ['1e3', '1.1234567', 'abc', '', '1.', '.5']) assert.equal(decimalToMicros(bad), undefined, bad);
  });

  it('gives JSON numbers for numeric price fields', () => {
    assert.equal(microsToNumber(280_000), 0.28);
    assert.equal(microsToNumber(11_000_000), 11);
  });
});
