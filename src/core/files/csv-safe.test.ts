import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { csvLines, neutraliseCsvCell } from './csv-safe.js';

describe('neutraliseCsvCell', () => {
  it('prefixes a single quote to strings a spreadsheet would run as a formula', () => {
    for (const v of ['=1+1', '+cmd|"/c calc"!A0', '-2+3', '@SUM(A1)', '\tTAB', '\rCR', '=HYPERLINK("http://evil","x")', '-', '+', '--1', '-1-1', '1e5'.replace('1', '=')]) {
      assert.equal(neutraliseCsvCell(v), `'${v}`, JSON.stringify(v));
    }
  });

  it('leaves other strings and plain numbers written as strings (prices, E.164 numbers) as they are', () => {
    for (const v of ['John Smith', '', ' =1', "'=1", '2.950000', '-0.0770', '+61411111111', '-12', '.5', '-.5', '1=1']) {
      assert.equal(neutraliseCsvCell(v), v, JSON.stringify(v));
    }
  });
});

describe('csvLines', () => {
  it('neutralises string cells and leaves numbers, a negative price included', () => {
    assert.equal(csvLines([['=1+1', -1.5, '@x', 'ok', '+61411111111']]), "'=1+1,-1.5,'@x,ok,+61411111111\n");
  });

  it('quotes a neutralised cell that needs quoting, after the prefix', () => {
    assert.equal(csvLines([['=A1,"B"']]), `"'=A1,""B"""\n`);
  });
});
