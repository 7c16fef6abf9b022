import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { stringify } from 'csv-stringify/sync';
import { writeCsvBatches } from './csv-export.js';
import { csvRow, SAFE_CSV_OPTIONS } from './csv-safe.js';
import { LocalFileStore } from './local.js';

// Cells an export meets: formulas of every kind, quotes, separators, line breaks, numbers, blanks.
const CELLS: unknown[] = [
  'plain',
  '',
  ' spaced ',
  null,
  undefined,
  0,
  -12.5,
  61411111111,
  10n,
  true,
  false,
  '=SUM(A1)',
  '+61411111111',
  '-12.50',
  '+cmd|calc',
  '-x',
  '@here',
  '\tTab',
  '\rCR',
  'a,b',
  'say "hi"',
  '"quoted"',
  'line\nbreak',
  'cr\rinside',
  '=HYPERLINK("http://x","y")',
  'émile 😀',
  "'already",
];

describe('csvRow', () => {
  it('writes exactly what csv-stringify writes with SAFE_CSV_OPTIONS, cell by cell and for whole rows', () => {
    for (const cell of CELLS) assert.equal(csvRow([cell]), stringify([[cell]], SAFE_CSV_OPTIONS), JSON.stringify(String(cell)));
    for (let i = 0; i < CELLS.length; i++) {
      const row = [CELLS[i], CELLS[(i * 7) % CELLS.length], CELLS[(i * 11) % CELLS.length]];
      assert.equal(csvRow(row), stringify([row], SAFE_CSV_OPTIONS));
    }
  });
});

describe('writeCsvBatches', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sendbox-csv-batches-'));
  const store = new LocalFileStore(dir);
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes the header and every row of every batch', async () => {
    async function* batches() {
      yield [
        ['a', 1],
        ['=b', 2],
      ];
      yield [];
      yield [['c,d', null]];
    }
    await writeCsvBatches(store, 'batches-ok.csv', ['name', 'n'], batches());
    assert.equal(fs.readFileSync(path.join(dir, 'batches-ok.csv'), 'utf8'), `name,n\na,1\n'=b,2\n"c,d",\n`);
  });

  it('rejects when reading fails midway, and leaves no error unhandled', async () => {
    const uncaught: unknown[] = [];
    const record = (e: unknown) => uncaught.push(e);
    process.on('uncaughtException', record);
    try {
      async function* batches() {
        yield [['a', 1]];
        throw new Error('connection lost');
      }
      await assert.rejects(writeCsvBatches(store, 'batches-broken.csv', ['name', 'n'], batches()), /connection lost/);
      await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual(uncaught, []);
    } finally {
      process.off('uncaughtException', record);
    }
  });
});
