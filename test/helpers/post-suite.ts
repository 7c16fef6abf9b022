// The one setup every post suite shares (kept apart from post.ts, whose PDF fixtures unit tests import
// without loading the server).
import { createReturnAddress, type FileServer, POST_ENV, startFileServer } from './post.js';
import type { Clock } from '../../src/core/util/clock.js';
import { startServer, type TestServer } from './server.js';

export interface PostSuite {
  s: TestServer;
  files: FileServer;
  /** The owner's return address. */
  ra: number;
}

/**
 * What a post suite starts with: a server with POST_ENV (and `env` on top; `opts.clock` the test's clock), a loopback file server serving
 * `serve` (path → PDF), and a return address of the owner's. Close with `s.close()` and `files.close()`.
 */
export async function startPostSuite(serve: Record<string, Buffer>, env: Record<string, string> = {}, opts: { clock?: Clock } = {}): Promise<PostSuite> {
  const s = await startServer({ env: { ...POST_ENV, ...env }, ...opts });
  const files = await startFileServer();
  for (const [p, body] of Object.entries(serve)) files.set(p, body);
  const ra = await createReturnAddress(s);
  return { s, files, ra };
}
