/**
 * Issue targets: POST /v3/post/postcards/send with two A5 PDFs served from loopback and 100 recipients, p50 ≤ 150 ms
 * (fetch, preflight, merge, per-recipient checks, 100 ledger debits, 100 cards and 100 proof jobs; proofs render
 * after the response); the proof job of one card (its print-ready PDF and thumbnails) ≤ 300 ms; and GET /v3/post/postcards/history over an account holding 100,000 cards, p50 ≤ 10 ms.
 *
 * Latency targets are per request, so run it with one connection: npm run bench -- postcards --connections 1.
 * BENCH_POST_DISPATCH=0 runs the server without its dispatcher (an API process of a scale-out deployment, whose
 * proofs and print hand-off happen in `sendbox worker` processes).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { PDFDocument, rgb } from 'pdf-lib';
import { startServerChild } from '../lib/child.js';
import { timeProofJobs } from '../lib/proof-timing.js';
import type { BenchTarget, Scenario } from '../lib/scenario.js';

const SEND = 'sendbox POST /v3/post/postcards/send (2 × A5 PDF, 100 recipients)';
const HISTORY = 'sendbox GET /v3/post/postcards/history (account with 100,000 cards)';

async function a5Face(colour: [number, number, number]): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595.28, 419.53]);
  page.drawRectangle({ x: 0, y: 0, width: 595.28, height: 419.53, color: rgb(...colour) });
  page.drawRectangle({ x: 60, y: 250, width: 200, height: 120, color: rgb(0.9, 0.3, 0.2) });
  return Buffer.from(await doc.save());
}

/** The two faces, from a server in this process (the load generator's), as a user's storage would serve them. */
async function serveFaces() {
  const faces: Record<string, Buffer> = { '/front.pdf': await a5Face([0.2, 0.45, 0.8]), '/back.pdf': await a5Face([0.95, 0.9, 0.6]) };
  const server = http.createServer((req, res) => {
    const body = faces[req.url ?? ''];
    if (!body) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': body.length }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: (p: string) => `http://127.0.0.1:${port}${p}`, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const basic = (u: { username: string; apiKey: string }) => `Basic ${Buffer.from(`${u.username}:${u.apiKey}`).toString('base64')}`;

export const scenario: Scenario = {
  name: 'postcards',
  title: 'Postcard send (100 recipients) and history over 100,000 cards',
  async start({ profileDir }) {
    // Timed before the server starts, so the load generator's own worker thread competes with nothing.
    const proofJobs = await timeProofJobs();
    const faces = await serveFaces();
    const dispatch = process.env.BENCH_POST_DISPATCH ?? '1';
    const child = await startServerChild('postcards', { env: { DISPATCH: dispatch }, ...(profileDir ? { profileDir } : {}) }).catch(async (err) => {
      await faces.close();
      throw err;
    });
    const info = child.info as unknown as {
      origin: string;
      sender: { username: string; apiKey: string; returnAddressId: number };
      reader: { username: string; apiKey: string };
      dialect: string;
      seeded: string;
      dispatcher: string;
    };
    const recipients = Array.from({ length: 100 }, (_, i) => ({
      address_name: `Recipient ${i}`,
      address_line_1: `${i} Scheuvront Drive`,
      address_line_2: '',
      address_city: 'Perth',
      address_state: 'WA',
      address_postal_code: '6000',
      address_country: 'AU',
      return_address_id: info.sender.returnAddressId,
    }));
    const targets: BenchTarget[] = [
      {
        label: SEND,
        origin: info.origin,
        path: '/v3/post/postcards/send',
        method: 'POST',
        headers: { authorization: basic(info.sender), 'content-type': 'application/json' },
        body: JSON.stringify({ file_urls: [faces.url('/front.pdf'), faces.url('/back.pdf')], recipients }),
        cpuMicros: child.cpuMicros,
      },
      { label: HISTORY, origin: info.origin, path: '/v3/post/postcards/history', headers: { authorization: basic(info.reader) }, cpuMicros: child.cpuMicros },
    ];
    return {
      targets,
      facts: {
        database: info.dialect === 'postgres' ? 'PostgreSQL (fresh database)' : 'SQLite (temp DATA_DIR)',
        seeded: info.seeded,
        dispatcher: info.dispatcher,
        targets: 'send p50 ≤ 150 ms; history p50 ≤ 10 ms (per request: run with --connections 1)',
        'sendbox log level': process.env.BENCH_LOG_LEVEL ?? 'info',
        ...proofJobs,
      },
      stop: async () => {
        await child.stop();
        await faces.close();
      },
    };
  },
};
