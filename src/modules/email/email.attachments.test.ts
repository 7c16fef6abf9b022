import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from '../../core/errors/index.js';
import { decodeAttachments } from './email.attachments.js';

const limits = { maxAttachmentBytes: 100, maxMessageBytes: 250 };
const item = (content: Buffer | string, filename = 'f.bin', type = 'application/octet-stream') => ({
  content: typeof content === 'string' ? content : content.toString('base64'),
  type,
  filename,
  disposition: 'attachment' as const,
  content_id: filename,
});
const refusal = async (p: Promise<unknown>, message: RegExp) => {
  await assert.rejects(p, (err: unknown) => err instanceof ApiError && message.test(err.message));
};

describe('decodeAttachments', () => {
  it('decodes strict base64, MIME line breaks allowed', async () => {
    const bytes = Buffer.from('hello attachment');
    const wrapped = bytes.toString('base64').replace(/(.{4})/g, '$1\r\n');
    const [a] = await decodeAttachments([item(wrapped, 'a.txt', 'text/plain')], 0, limits);
    assert.deepEqual(a!.content, bytes);
    assert.equal(a!.extension, 'txt');
  });

  it('refuses characters outside base64, a bad length and misplaced padding, naming the field', async () => {
    for (const bad of ['ab$d', 'abc', 'a=bc', 'abcd=efg']) await refusal(decodeAttachments([item(Buffer.from('x')), item(bad)], 0, limits), /^attachments\[1\]\.content is not valid base64/);
  });

  it('detects the type from the bytes, keeps the declared type, and gives opaque bytes no extension that could run', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    const [p, h] = await decodeAttachments([item(png, 'x.gif', 'image/gif'), item(Buffer.from('<script>x</script>'), 'x.html', 'text/html')], 0, limits);
    assert.deepEqual([p!.content_type, p!.detected_type, p!.extension], ['image/gif', 'image/png', 'png']);
    assert.deepEqual([h!.content_type, h!.detected_type, h!.extension], ['text/html', null, 'bin']);
  });

  it('refuses a file over the per-attachment limit and an email over the per-message limit, naming the file', async () => {
    await refusal(decodeAttachments([item(Buffer.alloc(101), 'big.pdf')], 0, limits), /attachments\[0\]\.content: big\.pdf is larger than 100 bytes/);
    await refusal(decodeAttachments([item(Buffer.alloc(100), 'a'), item(Buffer.alloc(100), 'b')], 51, limits), /attachments\[1\]\.content: with b the email reaches 251 bytes/);
    assert.equal((await decodeAttachments([item(Buffer.alloc(100), 'a'), item(Buffer.alloc(100), 'b')], 50, limits)).length, 2, 'exactly at the limit is fine');
    await refusal(decodeAttachments([], 251, limits), /^body is 251 bytes/);
  });
});
