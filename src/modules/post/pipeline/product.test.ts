import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PermanentFailure, type DispatchRow } from '../../../core/dispatch/index.js';
import { backThumbnailName, firstPageThumbnailName, frontThumbnailName } from './names.js';
import { proofLinks } from './present.js';
import { postProofJobs } from './product-service.js';
import type { ThumbnailSpec } from './product.js';
import type { PostProofJobRow } from './tables.js';

const item = { message_id: '0A1B2C3D-0000-4000-8000-000000000001', file_name: 'F00D0000-0000-4000-8000-000000000002.pdf' };

describe('a product description drives the shared pipeline pieces', () => {
  it("prints one thumbnail URL per thumbnail the product describes, under the key it names, beside the proof's URL", () => {
    const twoFaces: ThumbnailSpec[] = [
      { key: 'front', page: 1, name: (i) => frontThumbnailName(i.file_name) },
      { key: 'back', page: 2, name: (i) => backThumbnailName(i.message_id) },
    ];
    assert.deepEqual(proofLinks('http://sendbox.test', twoFaces, item), {
      _proof_url: `http://sendbox.test/files/${item.message_id}-PROOF.pdf`,
      _thumbnail_urls: {
        front: 'http://sendbox.test/files/F00D0000-0000-4000-8000-000000000002-FRONT.png',
        back: `http://sendbox.test/files/${item.message_id}-BACK.png`,
      },
      _thumbnail_small_urls: {
        front: 'http://sendbox.test/files/F00D0000-0000-4000-8000-000000000002-FRONT-SMALL.png',
        back: `http://sendbox.test/files/${item.message_id}-BACK-SMALL.png`,
      },
    });
    const firstPage: ThumbnailSpec[] = [{ key: 'front', page: 1, name: (i) => firstPageThumbnailName(i.message_id) }];
    assert.deepEqual(proofLinks('http://sendbox.test', firstPage, item)._thumbnail_urls, { front: `http://sendbox.test/files/${item.message_id}-PAGE1.png` });
  });

  it("hands each proof job to its own product's proof maker, and fails a job of a product nobody serves for good", async () => {
    const made: string[] = [];
    const product = (name: string) => ({ description: { product: name } as never, makeProofs: async (id: string) => void made.push(`${name}:${id}`) });
    const channel = postProofJobs([product('postcard'), product('direct_mail')]);
    const job = (p: string, id: string) => ({ product: p, message_id: id }) as PostProofJobRow & DispatchRow;
    const ctx = { attempt: 1, nowMs: 0 } as never;
    await channel.handle(job('direct_mail', 'A'), ctx);
    await channel.handle(job('postcard', 'B'), ctx);
    assert.deepEqual(made, ['direct_mail:A', 'postcard:B']);
    await assert.rejects(channel.handle(job('letter', 'C'), ctx), (err: unknown) => err instanceof PermanentFailure && /post product letter/.test(err.message));
  });
});
