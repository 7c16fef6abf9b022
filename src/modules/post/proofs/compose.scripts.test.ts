// test-tier: slow (composes a proof per script and reads it back with pdfjs and poppler)
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { PDFDocument, PDFName, type PDFDict, type PDFArray } from 'pdf-lib';
import { recipientLines, type Address } from './address.js';
import { composePostcardProof } from './compose.js';
import { readPageText } from './pdfjs.js';
import { a5Card, RECIPIENT, RETURN_ADDRESS } from './test-fixtures.js';

const hasPoppler = spawnSync('pdffonts', ['-v']).error === undefined;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sendbox-scripts-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const CASES: Record<string, Partial<Address>> = {
  'Latin with diacritics': { address_name: 'Zoë Łukasz Müller-Øvergård', address_line_1: '12 Rue de l’Église', address_city: 'Kraków', address_country: 'PL' },
  Cyrillic: { address_name: 'Жанна Иванова', address_line_1: 'ул. Тверская, д. 7', address_city: 'Москва', address_country: 'RU' },
  Greek: { address_name: 'Γιώργος Παπαδόπουλος', address_line_1: 'Οδός Ερμού 25', address_city: 'Αθήνα', address_country: 'GR' },
  Arabic: { address_name: 'محمد أحمد', address_line_1: 'شارع الملك فهد 12', address_city: 'الرياض', address_country: 'SA' },
  Hebrew: { address_name: 'דוד כהן', address_line_1: 'רחוב הרצל 12', address_city: 'תל אביב', address_country: 'IL' },
  Thai: { address_name: 'สมชาย ใจดี', address_line_1: '123 ถนนสุขุมวิท', address_city: 'กรุงเทพมหานคร', address_country: 'TH' },
  Chinese: { address_name: '李华', address_line_1: '上海市浦东新区世纪大道100号', address_city: '上海', address_country: 'CN' },
  Japanese: { address_name: '山田太郎', address_line_1: '東京都千代田区丸の内1-9-2', address_city: '東京', address_country: 'JP' },
  Korean: { address_name: '김민수', address_line_1: '서울특별시 강남구 테헤란로 152', address_city: '서울', address_country: 'KR' },
};

/**
 * What we compare: each printed line as sent (recipientLines: the fields as the post prints them), NFC, with
 * whitespace runs made one space. Extractors differ on right-to-left text: pdfjs returns it in logical order,
 * pdftotext too but wraps it in bidi embedding marks (U+202B…U+202C) and may put a left-to-right number of the
 * line first; and a glyph the font adds while shaping (Noto Sans Arabic's separate dots) extracts as nothing in
 * poppler and as a control character in pdfjs. So for lines with Hebrew or Arabic we drop bidi and control
 * characters and compare the words as a set; every other line must come out exactly.
 */
const RTL = /[\p{Script=Hebrew}\p{Script=Arabic}]/u;
const normal = (s: string) =>
  s
    .normalize('NFC')
    .replace(/[\u202a-\u202e\u200e\u200f\p{Cc}]/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
const words = (s: string) => normal(s).split(' ').sort();

function assertLinesIn(extracted: string[], sent: string[], who: string) {
  const got = extracted.map(normal);
  for (const line of sent.map(normal)) {
    if (!RTL.test(line)) {
      assert.ok(got.includes(line), `${who}: "${line}" in ${JSON.stringify(got)}`);
      continue;
    }
    const squeezed = got.map((g) => g.replace(/ /g, ''));
    assert.ok(
      got.some((g) => JSON.stringify(words(g)) === JSON.stringify(words(line))) || squeezed.some((g) => JSON.stringify([...g].sort()) === JSON.stringify([...line.replace(/ /g, '')].sort())),
      `${who}: "${line}" in ${JSON.stringify(got)}`,
    );
  }
}

// One proof per script, composed once for both halves below.
const proofs = new Map<string, Promise<{ proof: Buffer; sent: string[]; warnings: string[] }>>();
function proofOf(script: string) {
  let p = proofs.get(script);
  if (!p) {
    p = (async () => {
      const to = { ...RECIPIENT, address_line_2: '', address_state: '', ...CASES[script] } as Address;
      const warnings: string[] = [];
      const proof = await composePostcardProof(await a5Card(), to, RETURN_ADDRESS, { onWarning: (w) => warnings.push(w.message) });
      return { proof, sent: recipientLines(to, RETURN_ADDRESS.address_country), warnings };
    })();
    proofs.set(script, p);
  }
  return p;
}

describe('address proofs in every script', () => {
  for (const script of Object.keys(CASES)) {
    it(`${script}: prints the address as sent (pdfjs), every font embedded (pdf-lib)`, async () => {
      const { proof, sent, warnings } = await proofOf(script);
      assert.deepEqual(warnings, []);
      const page = await readPageText(proof, 2);
      assertLinesIn(
        page.items.map((i) => i.str),
        sent,
        'pdfjs',
      );
      // Read with pdf-lib, so this holds without poppler too: every font the address uses carries its program.
      const doc = await PDFDocument.load(proof);
      const fonts = doc.getPage(1).node.normalizedEntries().Font;
      const ours = fonts.keys().filter((k) => !k.asString().startsWith('/Helvetica-Bold-')); // the artwork fixture's own
      assert.ok(ours.length > 0);
      for (const key of ours) {
        const font = doc.context.lookup(fonts.get(key)) as PDFDict;
        const descendant = doc.context.lookup((font.get(PDFName.of('DescendantFonts')) as PDFArray).get(0)) as PDFDict;
        const descriptor = doc.context.lookup(descendant.get(PDFName.of('FontDescriptor'))) as PDFDict;
        assert.ok(descriptor.get(PDFName.of('FontFile2')), `${key.asString()} is embedded`);
        assert.match(String(font.get(PDFName.of('BaseFont'))), /^\/[A-Z]{6}\+NotoSans/, 'a subset, named with its tag (PDF 32000 9.6.4)');
      }
    });
  }
});

describe('poppler reads the proofs', { skip: !hasPoppler && 'poppler-utils (pdffonts, pdftotext, pdftoppm) is not installed; .ci/run installs it' }, () => {
  for (const script of Object.keys(CASES)) {
    it(`${script}: pdffonts says every font is embedded; pdftotext gives the address as sent; no font errors`, async () => {
      const { proof, sent } = await proofOf(script);
      const file = path.join(dir, `${script}.pdf`);
      fs.writeFileSync(file, proof);
      const listed = execFileSync('pdffonts', [file], { encoding: 'utf8' }).trim().split('\n').slice(2);
      // The artwork fixture's own Helvetica-Bold is not ours; every other font must say "emb yes".
      for (const row of listed.filter((l) => !l.startsWith('Helvetica-Bold'))) assert.match(row, /\byes\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+$/, row);
      assert.ok(
        listed.some((l) => /^[A-Z]{6}\+NotoSans\S*\s.*\byes\s+yes\s+yes\s/.test(l)),
        'pdffonts: emb yes, sub yes, uni yes',
      );
      const text = spawnSync('pdftotext', ['-f', '2', '-l', '2', file, '-'], { encoding: 'utf8' });
      assert.equal(text.stderr, '', 'pdftotext: no font errors');
      assertLinesIn(text.stdout.split('\n'), sent, 'pdftotext');
      const png = spawnSync('pdftoppm', ['-f', '2', '-l', '2', '-r', '30', '-png', file, path.join(dir, script)], { encoding: 'utf8' });
      assert.equal(png.stderr, '', 'pdftoppm: no font errors');
      assert.equal(png.status, 0);
    });
  }
});
