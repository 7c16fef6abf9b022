import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PrintHouseProvider } from './print-house.js';
import type { PrintJob } from './types.js';

const DAY1 = Date.UTC(2030, 0, 31, 23, 59, 0);
const DAY2 = DAY1 + 120_000; // two minutes later: the next UTC day

function job(messageId: string): PrintJob {
  return {
    messageId,
    product: 'postcard',
    pdf: Buffer.from(`%PDF-1.7 ${messageId}`),
    recipient: 'Jane Citizen, 1 Main St, PERTH WA 6000, AU',
    returnAddress: 'Sendbox, 1 Maritime Avenue, Flynn WA 6302, AU',
    country: 'AU',
    pages: 2,
    price: '2.9500',
    currency: 'AUD',
    options: 'colour duplex',
    size: 'A5',
    trimMm: [210, 148],
    bleedMm: 3,
  };
}

const HEADER = 'message_id,recipient,return_address,country,file,price,currency,product,pages,options,size,trim_mm,bleed_mm,media_mm,sha256';
const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

/**
 * A strict RFC 4180 parse (no CSV parser is installed): fields separated by commas, records by LF or CRLF, a quoted
 * field may hold commas, line breaks and doubled quotes; anything else (a stray quote, text after a closing quote)
 * throws, so a manifest that is not valid CSV fails the test.
 */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let i = 0;
  while (i < text.length) {
    let field = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quoted field');
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += text[i++];
      }
      if (i < text.length && !/[,\r\n]/.test(text[i]!)) throw new Error(`text after a closing quote at ${i}`);
    } else {
      while (i < text.length && !/[,\r\n]/.test(text[i]!)) {
        if (text[i] === '"') throw new Error(`a quote inside an unquoted field at ${i}`);
        field += text[i++];
      }
    }
    record.push(field);
    if (text[i] === ',') i++;
    else {
      if (text[i] === '\r') i++;
      if (text[i] === '\n') i++;
      records.push(record);
      record = [];
    }
  }
  return records;
}

const rows = (file: string) => fs.readFileSync(file, 'utf8').trim().split('\n');

describe('print-house hand-off', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'print-house-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes the PDF and one manifest row under the UTC day, with a header', async () => {
    const p = new PrintHouseProvider(path.join(dir, 'a'));
    const r = await p.handOff(job('AAAAAAAA-0000-0000-0000-000000000001'), { attempt: 1, nowMs: DAY1 });
    assert.equal(r.reference, 'print/2030-01-31/AAAAAAAA-0000-0000-0000-000000000001.pdf');
    assert.equal(fs.readFileSync(path.join(dir, 'a', '2030-01-31', 'AAAAAAAA-0000-0000-0000-000000000001.pdf'), 'utf8'), '%PDF-1.7 AAAAAAAA-0000-0000-0000-000000000001');
    assert.deepEqual(rows(path.join(dir, 'a', '2030-01-31', 'manifest.csv')), [
      HEADER,
      `AAAAAAAA-0000-0000-0000-000000000001,"Jane Citizen, 1 Main St, PERTH WA 6000, AU","Sendbox, 1 Maritime Avenue, Flynn WA 6302, AU",AU,AAAAAAAA-0000-0000-0000-000000000001.pdf,2.9500,AUD,postcard,2,colour duplex,A5,210x148,3,216x154,${sha256('%PDF-1.7 AAAAAAAA-0000-0000-0000-000000000001')}`,
    ]);
  });

  it('keeps the manifest valid CSV under any address: commas, quotes, line breaks and formulas round-trip through a strict parse', async () => {
    const p = new PrintHouseProvider(path.join(dir, 'e'));
    const id = 'EEEEEEEE-0000-0000-0000-000000000001';
    const nasty = '=HYPERLINK("http://x.example","click"), Flat 2\n"The Annexe"';
    const formulas = ['+61 cmd', '-2+3', '@SUM(A1)', '\tTabbed', '\rReturn'];
    const pdf = Buffer.from(`%PDF-1.7 ${id} with some bytes \u0000\u00ff`, 'latin1');
    await p.handOff({ ...job(id), pdf, recipient: nasty, returnAddress: formulas.join(' | '), options: formulas[0]! }, { attempt: 1, nowMs: DAY1 });
    const dayDir = path.join(dir, 'e', '2030-01-31');
    const records = parseCsv(fs.readFileSync(path.join(dayDir, 'manifest.csv'), 'utf8'));
    assert.equal(records.length, 2, 'the header and one row: the line break stays inside its field');
    assert.deepEqual(records[0], HEADER.split(','));
    const row = Object.fromEntries(records[0]!.map((k, i) => [k, records[1]![i]]));
    // Formulas come back as text, with the single quote a spreadsheet shows as nothing; the rest is as sent.
    assert.equal(row.recipient, `'${nasty}`);
    assert.equal(row.return_address, `'${formulas.join(' | ')}`);
    assert.equal(row.options, `'${formulas[0]}`);
    assert.deepEqual([row.message_id, row.country, row.file, row.price, row.currency, row.product, row.pages], [id, 'AU', `${id}.pdf`, '2.9500', 'AUD', 'postcard', '2']);
    assert.deepEqual([row.size, row.trim_mm, row.bleed_mm, row.media_mm], ['A5', '210x148', '3', '216x154']);
    assert.ok(
      Object.values(row).every((v) => v !== ''),
      'every column is filled',
    );
    const stored = fs.readFileSync(path.join(dayDir, row.file!));
    assert.ok(stored.equals(pdf));
    assert.equal(row.sha256, sha256(stored), 'the checksum is the stored print file’s');
  });

  it('finds a row by record, not by line: an address line that starts with a message id is not that item’s row', async () => {
    const p = new PrintHouseProvider(path.join(dir, 'f'));
    const [a, b] = ['FFFFFFFF-0000-0000-0000-000000000001', 'FFFFFFFF-0000-0000-0000-000000000002'];
    await p.handOff({ ...job(b), recipient: `Jane\n${a},forged` }, { attempt: 1, nowMs: DAY1 });
    // A's first attempt wrote the PDF and crashed before its row: the retry must still add the row.
    fs.writeFileSync(path.join(dir, 'f', '2030-01-31', `${a}.pdf`), 'half done');
    await p.handOff(job(a), { attempt: 2, nowMs: DAY1 });
    const records = parseCsv(fs.readFileSync(path.join(dir, 'f', '2030-01-31', 'manifest.csv'), 'utf8'));
    assert.deepEqual(
      records.slice(1).map((r) => r[0]),
      [b, a],
    );
  });

  it('a re-dispatch, even after midnight, keeps the first day and adds no second row', async () => {
    const p = new PrintHouseProvider(path.join(dir, 'b'));
    const id = 'BBBBBBBB-0000-0000-0000-000000000001';
    await p.handOff(job(id), { attempt: 1, nowMs: DAY1 });
    const again = await p.handOff(job(id), { attempt: 2, nowMs: DAY2 });
    assert.equal(again.reference, `print/2030-01-31/${id}.pdf`);
    assert.equal(rows(path.join(dir, 'b', '2030-01-31', 'manifest.csv')).length, 2);
    assert.ok(!fs.existsSync(path.join(dir, 'b', '2030-02-01')));
  });

  it('completes a hand-off that crashed between the PDF and the manifest row', async () => {
    const p = new PrintHouseProvider(path.join(dir, 'c'));
    await p.handOff(job('CCCCCCCC-0000-0000-0000-000000000000'), { attempt: 1, nowMs: DAY1 });
    const id = 'CCCCCCCC-0000-0000-0000-000000000001';
    fs.writeFileSync(path.join(dir, 'c', '2030-01-31', `${id}.pdf`), 'half done');
    await p.handOff(job(id), { attempt: 2, nowMs: DAY2 });
    const lines = rows(path.join(dir, 'c', '2030-01-31', 'manifest.csv'));
    assert.equal(lines.filter((l) => l.startsWith(id)).length, 1);
    assert.equal(fs.readFileSync(path.join(dir, 'c', '2030-01-31', `${id}.pdf`), 'utf8'), `%PDF-1.7 ${id}`);
  });

  it('writes one header and every row when many hand-offs start a day at once', async () => {
    const p = new PrintHouseProvider(path.join(dir, 'd'));
    const ids = Array.from({ length: 40 }, (_, i) => `DDDDDDDD-0000-0000-0000-${String(i).padStart(12, '0')}`);
    await Promise.all(ids.map((id) => p.handOff(job(id), { attempt: 1, nowMs: DAY1 })));
    const lines = rows(path.join(dir, 'd', '2030-01-31', 'manifest.csv'));
    assert.equal(lines[0], HEADER);
    assert.equal(lines.filter((l) => l.startsWith('message_id,')).length, 1);
    assert.deepEqual(
      lines
        .slice(1)
        .map((l) => l.slice(0, 36))
        .sort(),
      ids,
    );
    assert.deepEqual(
      fs.readdirSync(path.join(dir, 'd', '2030-01-31')).filter((f) => f.endsWith('.tmp')),
      [],
    );
  });
});
