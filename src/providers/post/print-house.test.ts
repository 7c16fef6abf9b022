import assert from 'node:assert/strict';
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
    options: '',
  };
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
      'message_id,recipient,return_address,country,file,price,currency,product,pages,options',
      'AAAAAAAA-0000-0000-0000-000000000001,"Jane Citizen, 1 Main St, PERTH WA 6000, AU","Sendbox, 1 Maritime Avenue, Flynn WA 6302, AU",AU,AAAAAAAA-0000-0000-0000-000000000001.pdf,2.9500,AUD,postcard,2,',
    ]);
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
    assert.equal(lines[0], 'message_id,recipient,return_address,country,file,price,currency,product,pages,options');
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
