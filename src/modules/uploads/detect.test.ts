import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bmpFixture, docxFixture, gifFixture, jpegFixture, jpegWithOrientation, pdfFixture, pngFixture } from '../../../test/helpers/uploads.js';
import { detect, imageInfo } from './detect.js';

describe('detect (by content)', () => {
  it('recognises every accepted kind from its bytes', async () => {
    const cases: Array<[string, Buffer]> = [
      ['pdf', await pdfFixture(1)],
      ['docx', await docxFixture(['hello'])],
      ['rtf', Buffer.from('{\\rtf1\\ansi Hello}')],
      ['jpg', await jpegFixture()],
      ['png', await pngFixture()],
      ['gif', await gifFixture()],
      ['bmp', bmpFixture()],
      // OpenDocument: the first ZIP entry is an uncompressed "mimetype" whose value starts at byte 38.
      ['odt', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(26), Buffer.from('mimetypeapplication/vnd.oasis.opendocument.text')])],
      ['doc', Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(100), Buffer.from('WordDocument', 'utf16le')])],
    ];
    for (const [kind, bytes] of cases) assert.equal(detect(bytes).kind, kind, kind);
  });

  it('finds a PDF header preceded by junk within the first kilobyte', () => {
    assert.equal(detect(Buffer.concat([Buffer.alloc(300, 0x0a), Buffer.from('%PDF-1.4\n')])).kind, 'pdf');
  });

  it('names what an unsupported file looks like', () => {
    const cases: Array<[Buffer, RegExp]> = [
      [Buffer.alloc(0), /empty file/],
      [Buffer.from('Dear Sir,\nplain words'), /plain text/],
      [Buffer.from('<!DOCTYPE html><html></html>'), /HTML page/],
      [Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"></svg>'), /SVG image/],
      [Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WEBPVP8 ')]), /WebP image/],
      [Buffer.from([0x49, 0x49, 0x2a, 0x00, 1, 2, 3]), /TIFF image/],
      [Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(40), Buffer.from('xl/workbook.xml')]), /Excel workbook \(xlsx\)/],
      [Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(40), Buffer.from('photos/a.jpg')]), /ZIP archive/],
      [Buffer.from([0x00, 0x01, 0x02, 0x03, 0xff]), /unknown type/],
    ];
    for (const [bytes, looks] of cases) {
      const d = detect(bytes);
      assert.equal(d.kind, 'unsupported');
      assert.match((d as { looksLike: string }).looksLike, looks);
    }
  });
});

describe('imageInfo (from the header, without decoding)', () => {
  it('reads the pixel size of PNG, JPEG, GIF and BMP', async () => {
    assert.deepEqual(imageInfo('png', await pngFixture(321, 123)), { width: 321, height: 123, orientation: 1 });
    assert.deepEqual(imageInfo('jpg', await jpegFixture(320, 240)), { width: 320, height: 240, orientation: 1 });
    assert.deepEqual(imageInfo('gif', await gifFixture(64, 48)), { width: 64, height: 48, orientation: 1 });
    assert.deepEqual(imageInfo('bmp', bmpFixture(30, 20)), { width: 30, height: 20, orientation: 1 });
  });

  it("reads a JPEG's EXIF orientation", async () => {
    for (const o of [1, 3, 6, 8]) assert.equal(imageInfo('jpg', await jpegWithOrientation(o))?.orientation, o);
  });

  it('gives undefined for a truncated header', async () => {
    assert.equal(imageInfo('jpg', (await jpegFixture()).subarray(0, 20)), undefined);
    assert.equal(imageInfo('png', (await pngFixture()).subarray(0, 12)), undefined);
  });
});
