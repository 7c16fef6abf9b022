// test-tier: slow (renders PDF pages with pdfjs in a worker thread)
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ProofRenderer } from './renderer.js';
import { a5Card } from './test-fixtures.js';

describe('ProofRenderer queue order', () => {
  const renderer = new ProofRenderer({ workers: 1 });
  before(() => renderer.start());
  after(() => renderer.stop());

  it("runs a request's preflight jobs ahead of queued proof work, and each lane in order", async () => {
    const card = await a5Card();
    const done: string[] = [];
    const track = (name: string, p: Promise<unknown>) => p.then(() => void done.push(name));
    // The first render takes the only thread; the rest wait. Then a send's checks arrive.
    const jobs = [1, 2, 3, 4].map((n) => track(`render ${n}`, renderer.renderThumbnails(card, { pages: [2], dpi: 50 })));
    jobs.push(track('inspect', renderer.run('inspect', { pdf: card, maxPages: 2 })));
    jobs.push(track('ink', renderer.run('ink', { pdf: card, page: 2 })));
    await Promise.all(jobs);
    assert.deepEqual(done, ['render 1', 'inspect', 'ink', 'render 2', 'render 3', 'render 4']);
  });
});

describe('ProofRenderer with two threads', () => {
  const renderer = new ProofRenderer({ workers: 2 });
  before(() => renderer.start());
  after(() => renderer.stop());

  it('keeps one thread for requests while proof work waits, and runs proof work on the other', async () => {
    const card = await a5Card();
    const renders = [1, 2, 3].map(() => renderer.renderThumbnails(card, { pages: [2], dpi: 50 }));
    assert.deepEqual(renderer.busy, { request: 0, proof: 1 }, 'three proof jobs queued, one runs');
    const inspect = renderer.run('inspect', { pdf: card, maxPages: 2 });
    assert.deepEqual(renderer.busy, { request: 1, proof: 1 }, 'the request takes the thread kept free at once');
    await Promise.all([inspect, ...renders]);
    assert.deepEqual(renderer.busy, { request: 0, proof: 0 });
    assert.equal(renderer.completed.render, 3);
  });
});
