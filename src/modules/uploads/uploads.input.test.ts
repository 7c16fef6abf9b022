import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from '../../core/errors/index.js';
import { decodeContent, MAX_UPLOAD_BYTES, parseConvert } from './uploads.input.js';

const refuses = (fn: () => unknown, code: string, message: RegExp) => assert.throws(fn, (e: unknown) => e instanceof ApiError && e.responseCode === code && message.test(e.message));

describe('parseConvert', () => {
  it('takes post, postcard or csv from the query or the body, in any case', () => {
    assert.equal(parseConvert('post', undefined), 'post');
    assert.equal(parseConvert('CSV', undefined), 'csv');
    assert.equal(parseConvert(undefined, 'PostCard'), 'postcard');
    assert.equal(parseConvert('postcard', 'postcard'), 'postcard');
  });

  it('refuses a missing, unknown, later or conflicting value with a message naming it', () => {
    refuses(() => parseConvert(undefined, undefined), 'BAD_REQUEST', /convert is required/);
    refuses(() => parseConvert(' ', ''), 'BAD_REQUEST', /convert is required/);
    refuses(() => parseConvert('pdf', undefined), 'BAD_REQUEST', /one of post, postcard, fax, mms, csv; got "pdf"/);
    refuses(() => parseConvert('fax', undefined), 'BAD_REQUEST', /convert=fax is for the fax channel/);
    refuses(() => parseConvert('post', 'postcard'), 'BAD_REQUEST', /"post" in the query but "postcard" in the body/);
  });
});

describe('decodeContent', () => {
  it('decodes base64, with line breaks or a data: URL prefix', () => {
    const bytes = Buffer.from('%PDF-1.7 hello');
    const b64 = bytes.toString('base64');
    assert.deepEqual(decodeContent(b64), bytes);
    assert.deepEqual(decodeContent(`${b64.slice(0, 8)}\r\n${b64.slice(8)}`), bytes);
    assert.deepEqual(decodeContent(`data:application/pdf;base64,${b64}`), bytes);
  });

  it('refuses empty, non-base64 and oversize content before decoding', () => {
    refuses(() => decodeContent(''), 'BAD_REQUEST', /content is empty/);
    refuses(() => decodeContent('abc$def'), 'BAD_REQUEST', /unexpected character "\$" at position 3/);
    refuses(() => decodeContent('ab=cd'), 'BAD_REQUEST', /not valid base64/);
    const over = 'A'.repeat(Math.ceil(((MAX_UPLOAD_BYTES + 3) * 4) / 3));
    refuses(() => decodeContent(over), 'PAYLOAD_TOO_LARGE', /limited to 10 MB/);
  });
});
