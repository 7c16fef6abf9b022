import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the receiver saw it, raw. */
export interface ReceivedRequest {
  readonly method: string;
  /** The request target, query included, exactly as sent. */
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
  /** The signed part: the raw body, or for a GET the raw query string. */
  readonly signed: string;
  readonly eventId: string;
}

/**
 * What to answer: a status (and body), or hang (never answer; the sender's timeout must end it). keepOpen writes the
 * status and the body but never ends the answer: only a sender that stops reading early gets done.
 */
export type Reply = { status: number; body?: string | Buffer; keepOpen?: boolean; delayMs?: number } | 'hang';

export interface WebhookReceiver {
  /** http://127.0.0.1:PORT/hook */
  readonly url: string;
  readonly origin: string;
  readonly requests: ReceivedRequest[];
  /** Event ids that were being received twice at the same moment (two requests in flight at once). */
  readonly overlaps: string[];
  /** Replaces the answer policy; n counts requests from 1. */
  reply(policy: (req: ReceivedRequest, n: number) => Reply): void;
  /** Resolves once `count` requests have arrived in total. */
  waitFor(count: number): Promise<void>;
  close(): Promise<void>;
}

/** A real HTTP server on a loopback port that records every push (method, target, headers, raw body). */
export async function startWebhookReceiver(initial: (req: ReceivedRequest, n: number) => Reply = () => ({ status: 200, body: 'OK' })): Promise<WebhookReceiver> {
  let policy = initial;
  const requests: ReceivedRequest[] = [];
  const overlaps: string[] = [];
  const inFlight = new Set<string>();
  const waiters: { count: number; resolve: () => void }[] = [];
  const hanging = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = req.url ?? '';
      const body = Buffer.concat(chunks).toString('utf8');
      const q = url.indexOf('?');
      const eventId = String(req.headers['x-sendbox-event-id'] ?? '');
      const seen: ReceivedRequest = { method: req.method ?? '', url, headers: req.headers, body, signed: req.method === 'GET' ? (q >= 0 ? url.slice(q + 1) : '') : body, eventId };
      if (inFlight.has(eventId)) overlaps.push(eventId);
      inFlight.add(eventId);
      requests.push(seen);
      for (const w of [...waiters]) if (requests.length >= w.count) waiters.splice(waiters.indexOf(w), 1), w.resolve();
      const reply = policy(seen, requests.length);
      const done = () => inFlight.delete(eventId);
      res.on('close', done);
      if (reply === 'hang') {
        hanging.add(res);
        return;
      }
      if (reply.delayMs) {
        setTimeout(() => answer(res, reply), reply.delayMs);
        return;
      }
      answer(res, reply);
    });
  });
  const answer = (res: http.ServerResponse, reply: Exclude<Reply, 'hang'>) => {
    if (res.destroyed) return;
    res.writeHead(reply.status, { 'content-type': 'text/plain' });
    if (reply.keepOpen) {
      hanging.add(res);
      res.write(reply.body ?? '');
      return;
    }
    res.end(reply.body ?? '');
  };
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/hook`,
    origin,
    requests,
    overlaps,
    reply: (p) => {
      policy = p;
    },
    waitFor: (count) => (requests.length >= count ? Promise.resolve() : new Promise((resolve) => waiters.push({ count, resolve }))),
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
