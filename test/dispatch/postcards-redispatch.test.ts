import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startServer, type TestServer } from '../helpers/server.js';
import { createReturnAddress, POST_ENV, postcardPdf, recipient, startFileServer, type FileServer } from '../helpers/post.js';

/**
 * A dispatcher that dies after the print hand-off but before recording Sent leaves the card Processing; once the
 * lease runs out another claim hands it over again. The print folder must still hold one PDF and one manifest row.
 */
describe('postcard re-dispatch after a crash', () => {
  let s: TestServer;
  let files: FileServer;
  before(async () => {
    // The dispatcher is driven by hand (runOnce) so the test decides when claims happen.
    s = await startServer({ env: { ...POST_ENV, DISPATCH: '0' } });
    files = await startFileServer();
    files.set('/card.pdf', await postcardPdf());
  });
  after(async () => {
    await s.close();
    await files.close();
  });

  it('prints once: no second manifest row, same day folder', async () => {
    const ra = await createReturnAddress(s);
    const r = await s.request('POST', '/v3/post/postcards/send', { body: { file_urls: [files.url('/card.pdf')], recipients: [recipient(ra)] } });
    const id = r.body.data.recipients[0].message_id;
    await s.services.dispatcher.runOnce();
    let row = (await s.services.postcards.repo.findByMessageId(id))!;
    assert.equal(row.status, 'Sent');
    const day = new Date(Number(row.sent_at) * 1000).toISOString().slice(0, 10);
    const manifest = path.join(s.dataDir, 'print', day, 'manifest.csv');
    const rowsFor = () =>
      fs
        .readFileSync(manifest, 'utf8')
        .split('\n')
        .filter((l) => l.startsWith(id));
    assert.equal(rowsFor().length, 1);

    // As if the dispatcher had died before recording the outcome: Processing, lease expired.
    await s.dbh.db.updateTable('postcards').set({ status: 'Processing', claimed_by: 'crashed', claimed_until: 1, print_ref: null }).where('message_id', '=', id).execute();
    await s.services.dispatcher.runOnce();
    row = (await s.services.postcards.repo.findByMessageId(id))!;
    assert.equal(row.status, 'Sent');
    assert.equal(row.attempts, 2, 'handed over a second time');
    assert.equal(row.print_ref, `print/${day}/${id}.pdf`);
    assert.equal(rowsFor().length, 1, 'still one manifest row');
    assert.deepEqual(fs.readdirSync(path.join(s.dataDir, 'print')), [day]);
  });
});
