import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { a4Letter } from '../../src/modules/post/proofs/test-fixtures.js';
import { call, clicksend, sdk } from '../helpers/sdk.js';
import { startServer, type TestServer } from '../helpers/server.js';

const uploadFile = (pdf: Buffer) => Object.assign(new clicksend.UploadFile(), { content: pdf.toString('base64') });

describe('DetectAddressApi (official SDK)', () => {
  let s: TestServer;
  before(async () => {
    s = await startServer();
  });
  after(() => s.close());

  it('detects the address in the window of an uploaded letter', async () => {
    const pdf = await a4Letter({ windowLines: ['John Doe', '123 Main Street', 'Perth WA 6000', 'Australia'] });
    const r = await call(sdk(s, 'DetectAddressApi').detectAddressPost(uploadFile(pdf)));
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.response_code, 'SUCCESS');
    assert.equal(r.body.response_msg, 'Here is your result.');
    assert.deepEqual(r.body.data, {
      address_city: 'Perth',
      address_country: 'AU',
      address_line_1: '123 Main Street',
      address_line_2: '',
      address_name: 'John Doe',
      address_postal_code: '6000',
      address_state: 'WA',
    });
  });

  it('resolves with empty fields and a message when the window is blank', async () => {
    const r = await call(sdk(s, 'DetectAddressApi').detectAddressPost(uploadFile(await a4Letter())));
    assert.equal(r.status, 200);
    assert.equal(r.body.data.address_name, '');
    assert.match(r.body.response_msg, /^No address found/);
  });

  it('surfaces a 400 envelope for content that is not a PDF', async () => {
    const bad = Object.assign(new clicksend.UploadFile(), { content: Buffer.from('plain text').toString('base64') });
    const r = await call(sdk(s, 'DetectAddressApi').detectAddressPost(bad));
    assert.equal(r.status, 400);
    assert.equal(r.body.response_code, 'BAD_REQUEST');
    assert.match(r.body.response_msg, /^content is not a PDF/);
  });

  it('refuses wrong credentials with 401', async () => {
    const r = await call(sdk(s, 'DetectAddressApi', { username: s.owner.username, apiKey: 'wrong' }).detectAddressPost(uploadFile(await a4Letter())));
    assert.equal(r.status, 401);
    assert.equal(r.body.response_code, 'UNAUTHORIZED');
  });
});
