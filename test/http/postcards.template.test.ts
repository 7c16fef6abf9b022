// test-tier: slow (starts the server and its post worker thread)
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PDFArray, PDFDict, PDFDocument, PDFName, type PDFPage } from 'pdf-lib';
import { readPageText } from '../../src/modules/post/proofs/pdfjs.js';
import { startServer, type TestServer } from '../helpers/server.js';

const PATH = '/post/postcards/artwork-template.pdf';
const MM = 72 / 25.4;
const mm = (pt: number) => Math.round((pt / MM) * 100) / 100;

/** Every font a page uses, with whether its program is embedded (Type0 fonts: their descendant's descriptor). */
function fontsOf(page: PDFPage): Array<{ name: string; embedded: boolean }> {
  const ctx = page.doc.context;
  const fonts = page.node.Resources()?.lookupMaybe(PDFName.of('Font'), PDFDict);
  if (!fonts) return [];
  return fonts.entries().map(([, ref]) => {
    const font = ctx.lookup(ref, PDFDict);
    const descendants = font.lookupMaybe(PDFName.of('DescendantFonts'), PDFArray);
    const holder = descendants ? ctx.lookup(descendants.get(0), PDFDict) : font;
    const descriptor = holder.lookupMaybe(PDFName.of('FontDescriptor'), PDFDict);
    const embedded = ['FontFile', 'FontFile2', 'FontFile3'].some((k) => descriptor?.has(PDFName.of(k)));
    return { name: String(font.get(PDFName.of('BaseFont'))), embedded };
  });
}

const hasPoppler = (() => {
  try {
    execFileSync('pdffonts', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('GET /post/postcards/artwork-template.pdf', () => {
  let s: TestServer;
  let pdf: Buffer;
  let etag: string;
  before(async () => {
    s = await startServer();
    // No credentials: the layout is public, like the files it describes.
    const r = await fetch(`${s.origin}${PATH}`);
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'application/pdf');
    assert.match(r.headers.get('cache-control') ?? '', /public, max-age=\d+/);
    etag = r.headers.get('etag') ?? '';
    pdf = Buffer.from(await r.arrayBuffer());
  });
  after(() => s.close());

  it('is a PDF of the four faces on the bleed sheet: MediaBox = BleedBox 216 × 154 mm, TrimBox 210 × 148 mm 3 mm inside', async () => {
    const doc = await PDFDocument.load(pdf);
    assert.equal(doc.getPageCount(), 4, 'front and back, landscape and portrait');
    for (const [i, page] of doc.getPages().entries()) {
      const landscape = i < 2;
      const media = page.getMediaBox();
      const trim = page.getTrimBox();
      assert.deepEqual([mm(media.width), mm(media.height)], landscape ? [216, 154] : [154, 216], `page ${i + 1} MediaBox`);
      assert.deepEqual(page.getBleedBox(), media, `page ${i + 1} BleedBox`);
      assert.deepEqual([mm(trim.width), mm(trim.height)], landscape ? [210, 148] : [148, 210], `page ${i + 1} TrimBox`);
      assert.deepEqual([mm(trim.x - media.x), mm(trim.y - media.y)], [3, 3]);
    }
  });

  it('embeds every font it uses', async () => {
    const doc = await PDFDocument.load(pdf);
    const fonts = doc.getPages().flatMap(fontsOf);
    assert.ok(fonts.length > 0, 'the template has text');
    for (const f of fonts) assert.ok(f.embedded, `${f.name} is embedded`);
  });

  it('passes poppler: fonts embedded, no font errors, the measurements extract as text', { skip: !hasPoppler && 'poppler-utils not installed' }, () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'template-')), 'template.pdf');
    fs.writeFileSync(file, pdf);
    const listing = execFileSync('pdffonts', [file], { encoding: 'utf8' }).trim().split('\n').slice(2);
    assert.ok(listing.length > 0);
    // Columns: name type encoding emb sub uni object ID; "emb" is the 4th from the end.
    for (const line of listing) assert.equal(line.trim().split(/\s+/).at(-5), 'yes', line);
    const text = spawnSync('pdftotext', ['-f', '2', '-l', '2', file, '-'], { encoding: 'utf8' });
    assert.match(text.stdout, /ADDRESS ZONE 100 × 55 mm/);
    const rendered = spawnSync('pdftoppm', ['-r', '20', '-png', file, path.join(path.dirname(file), 'page')], { encoding: 'utf8' });
    assert.equal(rendered.status, 0);
    // What poppler says about a broken embedded font ("Embedded font file may be invalid", "Couldn't create a font").
    assert.equal(`${text.stderr}${rendered.stderr}`, '', 'poppler reports nothing');
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  });

  it('writes the measurements in mm on the pages: trim, bleed, safe area, and the address zone where the composer puts it', async () => {
    const page = async (n: number) => (await readPageText(pdf, n)).items.map((i) => i.str).join('\n');
    const [front, back, portraitBack] = await Promise.all([page(1), page(2), page(4)]);
    assert.match(front, /Trim \(cut line, solid black\): 210 × 148 mm/);
    assert.match(front, /Bleed: 3 mm on every side \(sheet 216 × 154 mm\)/);
    assert.match(front, /Safe area \(dashed green\): 200 × 138 mm, 5 mm inside the trim/);
    assert.doesNotMatch(front, /ADDRESS ZONE/, 'the front has no address');
    assert.match(back, /ADDRESS ZONE 100 × 55 mm/);
    // geometry.ts: 5 mm from the right and bottom of the trim; 210 − 5 − 100 = 105, 148 − 5 − 55 = 88.
    assert.match(back, /\(105 mm from the left, 88 mm from the top of the trim\)/);
    assert.match(portraitBack, /\(43 mm from the left, 150 mm from the top of the trim\)/);
  });

  it('is documented in the OpenAPI document at the host root, outside /v3', async () => {
    const doc = (await (await fetch(`${s.origin}/openapi.json`)).json()) as any;
    const item = doc.paths[PATH];
    assert.equal(item.get.operationId, 'postcards.artworkTemplate');
    assert.deepEqual(item.servers, [{ url: s.origin }]);
    assert.deepEqual(item.get.security, [], 'no credentials');
  });

  it('is made once per process and answers a conditional GET with 304', async () => {
    const again = await fetch(`${s.origin}${PATH}`);
    assert.ok(Buffer.from(await again.arrayBuffer()).equals(pdf));
    const cached = await fetch(`${s.origin}${PATH}`, { headers: { 'if-none-match': etag } });
    assert.equal(cached.status, 304);
    const kit = s.services.postProofs as unknown as { workers: { completed: Record<string, number> } };
    assert.equal(kit.workers.completed.artworkTemplate, 1);
  });
});
