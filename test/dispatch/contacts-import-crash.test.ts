import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { createList, fetchText, localMobile, startImport, uploadCsv } from '../helpers/contacts-import.js';
import { killAll, startReadyChild, tsChild, type ReadyChild } from '../helpers/process.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/sms.js';

const TOTAL = 100_000;
/** Every 997th row has a number no country has: skipped, with its reason, exactly once too. */
const isBad = (i: number) => i % 997 === 0;
const BAD = Array.from({ length: TOTAL }, (_, i) => i).filter(isBad).length;

function bigCsv(): Buffer {
  const lines = ['phone,first_name,custom_1'];
  for (let i = 0; i < TOTAL; i++) lines.push(`${isBad(i) ? '12345' : localMobile(i)},Name ${i},${i}`);
  return Buffer.from(`${lines.join('\n')}\n`);
}

describe('contact import killed mid-file and restarted', () => {
  let s: TestServer;
  const children: ReadyChild[] = [];
  before(async () => {
    // The server only accepts; the import runs in dispatcher children the test kills.
    s = await startServer({ env: { DISPATCH: '0' } });
  });
  after(async () => {
    killAll(children);
    await s.close();
  });

  it('imports each of 100,000 rows exactly once (or skips it once) across a SIGKILL and a restart', async (t) => {
    const listId = await createList(s, 'crash');
    const url = await uploadCsv(s, bigCsv());
    const queued = await startImport(s, listId, url, ['phone', 'first_name', 'custom_1']);
    assert.equal(queued.status, 200, JSON.stringify(queued.body));
    const importId = Number(queued.body.data.id);

    const journal = path.join(s.dataDir, 'import-journal');
    fs.mkdirSync(journal);
    const env = {
      DATA_DIR: s.dataDir,
      ...(s.config.databaseUrl ? { DATABASE_URL: s.config.databaseUrl } : {}),
      DISPATCH_LEASE_MS: '1500',
      DISPATCH_POLL_MS: '20',
      CONTACT_IMPORT_BATCH: '500',
      // The normalising thread's path (the default on two cores or more; set so it is taken on any machine).
      CONTACT_IMPORT_WORKERS: '1',
      CHILD_JOURNAL: journal,
      LOG_LEVEL: 'silent',
    };
    const job = () => s.dbh.db.selectFrom('contact_imports').selectAll().where('id', '=', importId).executeTakeFirstOrThrow();
    const contactCount = async () =>
      Number(
        (
          await s.dbh.db
            .selectFrom('contacts')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('list_id', '=', listId)
            .executeTakeFirstOrThrow()
        ).n,
      );

    const first = await startReadyChild(tsChild('import-dispatch-child.ts'), env, 'import dispatch child');
    children.push(first);
    await waitFor('a fifth of the file committed', async () => (Number((await job()).rows_consumed) >= TOTAL / 5 ? true : undefined), 120_000);
    first.proc.kill('SIGKILL');
    await first.exited;
    const atKill = await job();
    assert.equal(atKill.status, 'Processing', 'the kill left the job claimed');
    assert.ok(Number(atKill.rows_consumed) < TOTAL, `killed mid-file (${atKill.rows_consumed}/${TOTAL + 1} records consumed)`);
    assert.equal(await contactCount(), Number(atKill.rows_imported), 'what is committed is exactly what the progress says');

    const second = await startReadyChild(tsChild('import-dispatch-child.ts'), env, 'import dispatch child');
    children.push(second);
    const done = await waitFor(
      'the import to end',
      async () => {
        const j = await job();
        return j.status === 'Sent' || j.status === 'Failed' ? j : undefined;
      },
      180_000,
    );
    second.proc.kill('SIGTERM');
    assert.equal(await second.exited, 0, 'the second dispatcher stops gracefully');
    assert.equal(done.status, 'Sent', done.last_error ?? '');
    assert.equal(done.claimed_by, second.id, 'the restarted dispatcher finished it');

    const rows = await s.dbh.db.selectFrom('contacts').select(['custom_1', 'phone_number']).where('list_id', '=', listId).execute();
    const seen = rows.map((r) => Number(r.custom_1));
    assert.equal(rows.length, TOTAL - BAD, 'every good row imported, none twice');
    assert.equal(new Set(seen).size, TOTAL - BAD, 'no row twice');
    assert.ok(
      seen.every((i) => !isBad(i)),
      'no bad row imported',
    );

    const list = await s.request('GET', `/v3/lists/${listId}`);
    const imp = list.body.data._import;
    assert.deepEqual([imp.status, imp.rows_done, imp.rows_imported, imp.rows_skipped, list.body.data._contacts_count], ['Completed', TOTAL, TOTAL - BAD, BAD, TOTAL - BAD]);
    const skipped = parse(await fetchText(imp.skipped_url)) as string[][];
    const skippedRows = skipped.slice(1).map((r) => Number(r[0]));
    assert.equal(skippedRows.length, BAD, 'each bad row reported once');
    assert.deepEqual(
      skippedRows,
      Array.from({ length: TOTAL }, (_, i) => i)
        .filter(isBad)
        .map((i) => i + 2),
      'in file order, numbered as in the file (header = row 1)',
    );
    assert.equal(await s.dbh.db.selectFrom('contact_import_skips').select('id').where('import_id', '=', importId).executeTakeFirst(), undefined, 'the rows kept for the CSV are gone');
    t.diagnostic(`killed after ${atKill.rows_consumed} records (${atKill.rows_imported} imported); the restart resumed there`);
  });
});
