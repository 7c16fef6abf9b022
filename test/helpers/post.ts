// Fixtures and helpers for the post suites: PDFs made with pdf-lib, served from a loopback HTTP server.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { PDFDocument, PDFName, rgb, StandardFonts } from 'pdf-lib';
import type { TestServer } from './server.js';

export const PT_PER_MM = 72 / 25.4;

export interface PageSpec {
  /** Width × height in mm. */
  size: [number, number];
  /** Drawn with Helvetica, which pdf-lib does not embed: the preflight warns about it. */
  text?: string;
  rotate?: number;
  /** A white page: nothing under a postcard back's address panel, so no ink warning. */
  plain?: boolean;
}

/** A PDF with one page per spec, each filled with a colour band so thumbnails show something. */
export async function makePdf(pages: PageSpec[]): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = pages.some((p) => p.text) ? await doc.embedFont(StandardFonts.Helvetica) : undefined;
  pages.forEach((spec, i) => {
    const [w, h] = spec.size.map((mm) => mm * PT_PER_MM) as [number, number];
    const page = doc.addPage([w, h]);
    if (!spec.plain) page.drawRectangle({ x: 0, y: 0, width: w, height: h, color: i % 2 === 0 ? rgb(0.2, 0.45, 0.8) : rgb(0.95, 0.9, 0.6) });
    if (!spec.plain) page.drawRectangle({ x: w * 0.1, y: h * 0.6, width: w * 0.3, height: h * 0.25, color: rgb(0.9, 0.3, 0.2) });
    if (spec.text && font) page.drawText(spec.text, { x: 20, y: h - 40, size: 18, font });
    if (spec.rotate) page.setRotation({ type: 'degrees', angle: spec.rotate } as never);
  });
  return Buffer.from(await doc.save());
}

export const A5_LANDSCAPE: [number, number] = [210, 148];
export const A5_PORTRAIT: [number, number] = [148, 210];
export const A5_BLEED: [number, number] = [216, 154];
export const A4: [number, number] = [210, 297];

/** A two-page A5 card (front, back) without fonts, so the preflight has nothing to warn about. */
export const postcardPdf = () => makePdf([{ size: A5_LANDSCAPE }, { size: A5_LANDSCAPE }]);
/** The same card with a white back: its recipients carry no ink-under-the-panel warning. */
export const cleanBackPostcardPdf = () => makePdf([{ size: A5_LANDSCAPE }, { size: A5_LANDSCAPE, plain: true }]);
export const a4Letter = (pages = 1) => makePdf(Array.from({ length: pages }, () => ({ size: A4 })));

/** A PDF whose trailer names an /Encrypt dictionary, as password-protected files do. */
export async function encryptedPdf(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.addPage([210 * PT_PER_MM, 148 * PT_PER_MM]);
  doc.addPage([210 * PT_PER_MM, 148 * PT_PER_MM]);
  const enc = doc.context.obj({ Filter: PDFName.of('Standard'), V: 2, R: 3, Length: 128, P: -44 });
  doc.context.trailerInfo.Encrypt = doc.context.register(enc);
  return Buffer.from(await doc.save());
}

export interface FileServer {
  url(path: string): string;
  /** Paths requested so far. */
  hits: string[];
  set(path: string, body: Buffer | string, opts?: { status?: number; type?: string }): void;
  close(): Promise<void>;
}

/** Serves fixtures on 127.0.0.1 (the test server must run with ALLOW_PRIVATE_URLS=1 to fetch them). */
export async function startFileServer(): Promise<FileServer> {
  const files = new Map<string, { body: Buffer; status: number; type: string }>();
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    hits.push(req.url ?? '');
    const f = files.get(req.url ?? '');
    if (!f) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(f.status, { 'content-type': f.type, 'content-length': f.body.length }).end(f.body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    hits,
    url: (p) => `http://127.0.0.1:${port}${p}`,
    set: (p, body, o = {}) => files.set(p, { body: Buffer.isBuffer(body) ? body : Buffer.from(body), status: o.status ?? 200, type: o.type ?? 'application/pdf' }),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export type Who = { username: string; apiKey: string; accountId?: number };

export async function createReturnAddress(s: TestServer, as?: Who): Promise<number> {
  const r = await s.request('POST', '/v3/post/return-addresses', {
    ...(as ? { as } : {}),
    body: { address_name: 'Sendbox Pty Ltd', address_line_1: '1 Maritime Avenue', address_city: 'Flynn', address_state: 'WA', address_postal_code: '6302', address_country: 'AU' },
  });
  if (r.status !== 200) throw new Error(`return address: ${JSON.stringify(r.body)}`);
  return r.body.data.return_address_id;
}

export function recipient(returnAddressId: number, over: Record<string, unknown> = {}) {
  return {
    address_name: 'John Smith',
    address_line_1: '130 Scheuvront Drive',
    address_line_2: '',
    address_city: 'Perth',
    address_state: 'WA',
    address_postal_code: '6000',
    address_country: 'AU',
    return_address_id: returnAddressId,
    ...over,
  };
}

/** The account's balance and the sum of its ledger rows (always equal), in micro-units. */
export async function money(s: TestServer, accountId = s.owner.accountId) {
  return { balance: await s.services.ledger.balance(accountId), sum: await s.services.ledger.sumOfTransactions(accountId) };
}

export async function ledgerRows(s: TestServer, accountId = s.owner.accountId) {
  return s.dbh.db.selectFrom('ledger_transactions').selectAll().where('account_id', '=', accountId).orderBy('id').execute();
}

/** Polls until check() returns a value (not undefined), or fails after timeoutMs. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Env for a post test server: loopback fixtures allowed, no hand-off delay unless a test asks for one. */
export const POST_ENV = { ALLOW_PRIVATE_URLS: '1', POST_HANDOFF_DELAY_MS: '0', SIGNUP_CREDIT: '500.00' };
