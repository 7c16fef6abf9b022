import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import iconv from 'iconv-lite';
import { detectDelimiter, detectEncoding } from './csv-read.js';
import { detectHeader, readHead } from './import-source.js';
import { resolveFieldOrder } from './import-fields.js';
import { ApiError } from '../../../core/errors/index.js';

describe('contact file detection', () => {
  it('tells the encoding from a BOM, from UTF-16 zero bytes, and Windows-1252 from invalid UTF-8', () => {
    assert.deepEqual(detectEncoding(Buffer.from([0xef, 0xbb, 0xbf, 0x61])), { encoding: 'utf8', bom: true });
    assert.deepEqual(detectEncoding(Buffer.from([0xff, 0xfe, 0x61, 0])), { encoding: 'utf16le', bom: true });
    assert.deepEqual(detectEncoding(Buffer.from([0xfe, 0xff, 0, 0x61])), { encoding: 'utf16be', bom: true });
    assert.equal(detectEncoding(Buffer.from('phone,name\n0412,Ann\n', 'utf16le')).encoding, 'utf16le');
    assert.equal(detectEncoding(Buffer.from('Zoë,Renée\n', 'utf8')).encoding, 'utf8');
    assert.equal(detectEncoding(iconv.encode('Zoë,Renée\n', 'windows1252')).encoding, 'win1252');
    // A head cut inside a two-byte character is still UTF-8.
    assert.equal(detectEncoding(Buffer.from('abc é', 'utf8').subarray(0, 5)).encoding, 'utf8');
  });

  it('finds the separator outside quotes, comma when there is one column', () => {
    assert.equal(detectDelimiter('a;b;c\n1;"x, y";3\n4;5;6\n'), ';');
    assert.equal(detectDelimiter('a\tb\n1\t"2;3"\n'), '\t');
    assert.equal(detectDelimiter('"Smith, J";0412\n"Lee, K";0413\n'), ';');
    assert.equal(detectDelimiter('0412000000\n0412000001\n'), ',');
  });

  it('takes a first row of titles, or of words over data, as a header; a first contact is none', async () => {
    assert.equal(
      detectHeader([
        ['Mobile', 'Name'],
        ['0412000000', 'Ann'],
      ]),
      true,
    );
    assert.equal(
      detectHeader([
        ['Tel.', 'Who'],
        ['0412000000', 'Ann'],
      ]),
      true,
      'no number or address in row 1, one in row 2',
    );
    assert.equal(
      detectHeader([
        ['0412000000', 'Ann'],
        ['0412000001', 'Bob'],
      ]),
      false,
    );
    assert.equal(detectHeader([['Ann', 'Smith']]), false, 'a single row of words: nothing to compare with');
    const head = await readHead(Buffer.from('Phone;Name\n0412000000;"Ann\nSmith"\n0412000001;Bo'), false);
    assert.deepEqual(
      head.rows,
      [
        ['Phone', 'Name'],
        ['0412000000', 'Ann\nSmith'],
      ],
      'the last row of a cut head is dropped',
    );
    assert.equal(head.hasHeader, true);
  });

  it('maps field_order names case-blind (ClickSend’s, ours, the labels) and refuses the rest by index', () => {
    assert.deepEqual(resolveFieldOrder(['Phone', 'FAX', 'first name', '', 'ignore', 'custom_4'], 1), ['phone_number', 'fax_number', 'first_name', null, null, 'custom_4']);
    assert.throws(
      () => resolveFieldOrder(['phone', 'mobile'], 7),
      (e: unknown) => e instanceof ApiError && /field_order\[1\] "mobile" is not a contact field.*GET \/lists\/7\/import-fields/.test(e.message),
    );
  });
});
