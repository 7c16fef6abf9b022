import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ApiError } from '../../../core/errors/index.js';
import { CJK_TEXT, docxFixture, docxWithLinkedImage, needsSoffice, pdfFontNames, pngFixture } from '../../../../test/helpers/uploads.js';
import { OfficeConverter } from './office.js';

/** These tests run the real LibreOffice: .ci/run installs it (libreoffice-writer-nogui and fonts). */
describe('OfficeConverter (LibreOffice headless)', { skip: needsSoffice }, () => {
  let work: string;
  before(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'sendbox-office-test-'));
  });
  after(() => fs.rmSync(work, { recursive: true, force: true }));

  const converter = (o: Partial<ConstructorParameters<typeof OfficeConverter>[0]> = {}) => new OfficeConverter({ sofficePath: undefined, timeoutMs: 60_000, concurrency: 2, workDir: work, ...o });

  it('converts CJK text with a CJK font embedded (no tofu), and Latin text with a metric-compatible font', async () => {
    const pdf = await converter().toPdf('docx', await docxFixture(['Dear customer,', CJK_TEXT]));
    const fonts = await pdfFontNames(pdf);
    assert.ok(
      fonts.some((f) => /CJK/i.test(f)),
      `a CJK font is embedded: ${fonts.join(', ')}`,
    );
    assert.ok(
      fonts.some((f) => /Liberation|Carlito|Caladea/i.test(f)),
      `a metric-compatible Latin font is embedded: ${fonts.join(', ')}`,
    );
    assert.deepEqual(fs.readdirSync(work), [], 'the work directory (profile, input, output) is removed');
  });

  it('fetches nothing a document links to (a linked picture on a local server)', async () => {
    const hits: string[] = [];
    const png = await pngFixture(20, 20);
    const server = http.createServer((req, res) => {
      hits.push(req.url ?? '');
      res.setHeader('content-type', 'image/png');
      res.end(png);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/linked.png`;
      const pdf = await converter().toPdf('docx', await docxWithLinkedImage(url));
      assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
      assert.deepEqual(hits, [], 'LibreOffice (which fetches such links with a default profile) made no request');
    } finally {
      server.close();
    }
  });

  it('stops a conversion that overruns its timeout, says so, and cleans up', async () => {
    const started = Date.now();
    await assert.rejects(
      converter({ timeoutMs: 150 }).toPdf('docx', await docxFixture(['slow'])),
      (e: unknown) => e instanceof ApiError && e.httpCode === 400 && /took longer than 150 ms and was stopped/.test(e.message),
    );
    assert.ok(Date.now() - started < 30_000, 'the killed process did not hold the call');
    assert.deepEqual(fs.readdirSync(work), []);
  });

  it('reports a document LibreOffice cannot load', async () => {
    const docx = await docxFixture(['damaged']);
    const damaged = Buffer.concat([docx.subarray(0, 200), Buffer.alloc(500, 0x41)]);
    await assert.rejects(converter().toPdf('docx', damaged), (e: unknown) => e instanceof ApiError && /^LibreOffice could not convert this DOCX to PDF/.test(e.message));
    assert.deepEqual(fs.readdirSync(work), []);
  });

  it('names the missing converter when SOFFICE_PATH is wrong or not executable', async () => {
    const missing = converter({ sofficePath: path.join(work, 'no-such-soffice') });
    await assert.rejects(
      missing.toPdf('rtf', Buffer.from('{\\rtf1 x}')),
      (e: unknown) => e instanceof ApiError && /LibreOffice is not available on this server \(SOFFICE_PATH names a file that does not exist\)/.test(e.message),
    );
    const plain = path.join(work, 'not-executable');
    fs.writeFileSync(plain, '#!/bin/sh\n', { mode: 0o644 });
    try {
      // root may execute any file with an x bit only; 0644 has none, so this holds for root too.
      await assert.rejects(converter({ sofficePath: plain }).toPdf('odt', Buffer.from('x')), (e: unknown) => e instanceof ApiError && /is not executable/.test(e.message));
    } finally {
      fs.rmSync(plain);
    }
  });
});
