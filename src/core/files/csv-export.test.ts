import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { writeCsv } from './csv-export.js';
import { LocalFileStore } from './local.js';

describe('writeCsv', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sendbox-csv-'));
  const store = new LocalFileStore(dir);
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes the header and every row a reader yields', async () => {
    async function* rows() {
      yield ['a', 1];
      yield ['=b', 2];
    }
    await writeCsv(store, 'export-ok.csv', ['name', 'n'], rows());
    assert.equal(fs.readFileSync(path.join(dir, 'export-ok.csv'), 'utf8'), "name,n\na,1\n'=b,2\n");
  });

  it('rejects when reading rows fails midway (a database error mid-export), and leaves no error unhandled', async () => {
    const uncaught: unknown[] = [];
    const record = (e: unknown) => uncaught.push(e);
    process.on('uncaughtException', record);
    try {
      async function* rows() {
        yield ['a', 1];
        throw new Error('connection lost');
      }
      await assert.rejects(writeCsv(store, 'export-broken.csv', ['name', 'n'], rows()), /connection lost/);
      await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual(uncaught, []);
    } finally {
      process.off('uncaughtException', record);
    }
  });
});
