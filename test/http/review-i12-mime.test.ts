import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { deliverEmails, emailBody, verifiedSender } from '../helpers/email.js';
import { startServer, type TestServer } from '../helpers/server.js';

/**
 * Review of issue 12: where a file attachment sits in the MIME tree. A part with a Content-ID goes into the
 * multipart/related of the HTML alternative, which mail clients treat as the HTML's resources: a PDF put there is
 * invisible to a reader of the text/plain alternative and hidden as an attachment by several clients. Only inline
 * parts belong there; the others must be children of a top-level multipart/mixed.
 */
describe('review i12: attachments in the MIME structure', () => {
  let s: TestServer;
  let fromId: number;

  before(async () => {
    s = await startServer({ env: { DISPATCH: '0' } });
    fromId = await verifiedSender(s, 'mime@example.com');
  });
  after(() => s.close());

  it('puts a disposition=attachment file under multipart/mixed, beside the alternative, and an inline image under related', async () => {
    const pdf = Buffer.from('%PDF-1.4\n%review\n%%EOF\n');
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6300010000050001a5f645400000000049454e44ae426082', 'hex');
    const r = await s.request('POST', '/v3/email/send', {
      body: emailBody(fromId, [{ email: 'reader@example.net' }], {
        body: '<p>Invoice <img src="cid:logo"></p>',
        attachments: [
          { content: pdf.toString('base64'), type: 'application/pdf', filename: 'invoice.pdf' },
          { content: png.toString('base64'), type: 'image/png', filename: 'logo.png', disposition: 'inline', content_id: 'logo' },
        ],
      }),
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    await deliverEmails(s);
    const eml = fs.readFileSync(path.join(s.dataDir, 'outbox', `${r.body.data.message_id}.eml`), 'utf8');
    const top = /^Content-Type: ([^;\r\n]+)/m.exec(eml)?.[1];
    assert.equal(top, 'multipart/mixed', 'a message with a file attachment is multipart/mixed at the top');
    // The PDF part comes after the close of the alternative (whose related holds the inline logo).
    const alternativeBoundary = /multipart\/alternative;\s+boundary="([^"]+)"/.exec(eml)?.[1];
    assert.ok(alternativeBoundary);
    const alternativeEnd = eml.indexOf(`--${alternativeBoundary}--`);
    assert.ok(eml.indexOf('Content-Type: application/pdf') > alternativeEnd, 'the PDF is outside the alternative');
    const logoAt = eml.indexOf('Content-Type: image/png');
    assert.ok(logoAt > 0 && logoAt < alternativeEnd, 'the inline image stays with the HTML');
    assert.match(eml, /Content-ID: <logo>/i);
  });
});
