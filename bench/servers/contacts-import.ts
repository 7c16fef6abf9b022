/**
 * Sendbox as `sendbox serve` builds it, for the contacts-import scenario. Before listening it measures the import:
 * a BENCH_IMPORT_ROWS-row CSV (default 200,000: phone, names, e-mail, a custom field; every 100th phone invalid, so
 * the skipped-rows path runs too) is put in the FileStore, queued with POST /lists/{id}/import (in-process inject),
 * and the contact_imports queue is run to its end (dispatcher passes in this process, CONTACT_IMPORT_BATCH as
 * configured). contacts/s = rows read ÷ wall time of the job, the skipped-rows CSV included.
 * The API then serves GET /lists/{id} (with its `_import`) and import-csv-preview of that file.
 */
import { Readable } from 'node:stream';
import { newFileName } from '../../src/core/files/index.js';
import { createOwnerAccount } from '../../src/main/bootstrap.js';
import { reportFailure } from '../lib/child.js';
import { benchApp } from '../lib/sendbox-app.js';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 200_000);

function* csvLines(): Generator<string> {
  yield 'Phone,First Name,Last Name,Email,Custom 1\n';
  let chunk = '';
  for (let i = 0; i < ROWS; i++) {
    const phone = i % 100 === 99 ? '12345' : `04${String(12_000_000 + i).padStart(8, '0')}`;
    chunk += `${phone},Given${i},"Family, ${i}",person${i}@example.com,ref-${i}\n`;
    if (chunk.length > 64 * 1024) {
      yield chunk;
      chunk = '';
    }
  }
  yield chunk;
}

try {
  const { config, dbh, app, services, listen } = await benchApp('sendbox-bench-import-', { DISPATCH: '0' });
  const owner = await createOwnerAccount(services, { username: 'benchimport', email: 'import@example.com', country: 'AU' });
  const authorization = `Basic ${Buffer.from(`${owner.username}:${owner.apiKey}`).toString('base64')}`;
  const list = await app.inject({ method: 'POST', url: '/v3/lists', headers: { authorization }, payload: { list_name: 'Bench import' } });
  const listId = list.json().data.list_id as number;
  const fileName = newFileName('csv');
  await services.files.put(fileName, Readable.from(csvLines()));
  const fileUrl = `${config.publicUrl}/files/${fileName}`;
  const size = (await services.files.stat(fileName))!.size;

  const queued = await app.inject({
    method: 'POST',
    url: `/v3/lists/${listId}/import`,
    headers: { authorization },
    payload: { file_url: fileUrl, field_order: ['phone', 'first_name', 'last_name', 'email', 'custom_1'] },
  });
  if (queued.statusCode !== 200) throw new Error(`import refused: ${queued.body}`);
  const t = performance.now();
  while ((await services.dispatcher.runOnce()).claimed > 0) {
    // One pass runs the whole job; a second finds nothing.
  }
  const ms = performance.now() - t;
  const status = (await services.contactImports.latestImports(owner.accountId, [listId])).get(listId)!;
  if (status.status !== 'Completed') throw new Error(`import ended ${status.status}: ${status.error}`);
  const rate = Math.round((status.rows_done / ms) * 1000);

  await listen((origin) => ({
    origin,
    owner: { username: owner.username, apiKey: owner.apiKey },
    listId,
    fileUrl: `${origin}/files/${fileName}`,
    dialect: dbh.dialect,
    import:
      `${status.rows_done.toLocaleString('en-US')} rows (${(size / 1024 / 1024).toFixed(1)} MB; ${status.rows_imported.toLocaleString('en-US')} imported, ` +
      `${status.rows_skipped.toLocaleString('en-US')} skipped) in ${Math.round(ms)} ms = ${rate.toLocaleString('en-US')} contacts/s ` +
      `(one process, CONTACT_IMPORT_BATCH=${config.contactImports.batchRows}, CONTACT_IMPORT_WORKERS=${config.contactImports.workers})`,
  }));
} catch (err) {
  reportFailure(err);
}
