import type { FastifyReply, FastifyRequest } from 'fastify';
import { FailureLimiter } from '../../core/auth/index.js';
import type { App } from '../../core/http/index.js';
import type { ContactListPort, ListContact } from '../../core/messaging/index.js';
import { unixSeconds, type Clock } from '../../core/util/clock.js';
import { throttleKey } from '../short-links/index.js';
import { clickTarget, escapeHtml, TOKEN_PATTERN, TRACKING_PREFIX } from './email-campaigns.html.js';
import type { EmailCampaignsRepository } from './email-campaigns.repository.js';

/** The smallest transparent GIF (1×1, 43 bytes). */
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

export interface TrackingSettings {
  /** Requests per client address per window (EMAIL_TRACKING_MAX). */
  hitsMax: number;
  /** Unknown or malformed tokens per client address per window before every token answers 429 (EMAIL_TRACKING_MISSES_MAX). */
  missesMax: number;
  windowS: number;
}

const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${title}</title>` +
  `<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#222}button{font-size:1rem;padding:.5rem 1rem}</style></head><body>${body}</body></html>\n`;

/**
 * The anonymous routes under PUBLIC_URL/mail (outside /v3), answered in onRequest like the short-link redirect (before
 * body parsing and the API's input checks, so never an envelope):
 * - GET /mail/o/<token>: the open pixel (a 1×1 GIF, never cached), an open counted on the recipient;
 * - GET /mail/c/<token>/<n>: a 302 to link n of the campaign's stored body (the target is read server-side; nothing
 *   in the request names it, so this is no open redirect), a click counted;
 * - GET /mail/u/<token>: a confirmation page with a POST form (a link scanner's GET unsubscribes nobody);
 *   POST /mail/u/<token>: RFC 8058 one-click (List-Unsubscribe-Post), or the form: the address goes on the account's
 *   opt-out list and later campaigns skip it.
 * Each is one indexed lookup by a 128-bit random token (and one short update of the recipient's row: the campaign row is
 * never locked). Throttled per client address like short links: every request, and misses (unknown tokens) far lower;
 * past the miss limit every token answers 429, so a guesser cannot tell hits from the 429s.
 */
export function trackingRoutes(app: App, d: { repo: EmailCampaignsRepository; lists: ContactListPort; clock: Clock; settings: TrackingSettings }) {
  const { repo, clock, settings } = d;
  const now = () => clock.nowMs();
  const hits = new FailureLimiter(settings.hitsMax, settings.windowS * 1000, now);
  const misses = new FailureLimiter(settings.missesMax, settings.windowS * 1000, now);

  function notFound(request: FastifyRequest, reply: FastifyReply) {
    misses.recordFailure(throttleKey(request.ip));
    return reply.code(404).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').send(page('Not found', '<h1>Not found</h1><p>This link is not valid.</p>'));
  }

  /** The throttle's answer, or undefined when the client may go on. */
  function throttled(request: FastifyRequest, reply: FastifyReply) {
    const client = throttleKey(request.ip);
    const wait = Math.max(misses.blockedFor(client), hits.reserve(client));
    if (wait <= 0) return undefined;
    const seconds = Math.ceil(wait / 1000);
    return reply
      .code(429)
      .header('content-type', 'text/plain; charset=utf-8')
      .header('retry-after', String(seconds))
      .header('cache-control', 'no-store')
      .send(`Too many requests from this address; try again in ${seconds} s.\n`);
  }

  type Req = FastifyRequest<{ Params: { token?: string; n?: string } }>;

  async function open(request: Req, reply: FastifyReply) {
    if (throttled(request, reply)) return reply;
    const token = request.params.token ?? '';
    // A mail client's HEAD (or a prefetch check) is no open; the pixel is served either way.
    if (!TOKEN_PATTERN.test(token) || (request.method === 'GET' ? (await repo.recordOpen(token)) === undefined : !(await repo.byToken(token)))) return notFound(request, reply);
    return reply
      .code(200)
      .header('content-type', 'image/gif')
      .header('cache-control', 'no-store, no-cache, must-revalidate, max-age=0')
      .header('pragma', 'no-cache')
      .header('expires', '0')
      .send(PIXEL);
  }

  async function click(request: Req, reply: FastifyReply) {
    if (throttled(request, reply)) return reply;
    const token = request.params.token ?? '';
    const n = Number(request.params.n);
    if (!TOKEN_PATTERN.test(token) || !/^\d{1,4}$/.test(request.params.n ?? '')) return notFound(request, reply);
    const found = await repo.clickTarget(token);
    const stored = found ? (JSON.parse(found.links_json) as string[])[n] : undefined;
    const target = found && stored !== undefined ? clickTarget(stored, JSON.parse(found.contact_json) as ListContact) : null;
    if (!found || target === null) return notFound(request, reply);
    if (request.method === 'GET') await repo.recordClick(found.id);
    // no-store: a cached redirect would take the reader on without the click being counted.
    return reply.code(302).header('location', target).header('cache-control', 'no-store').send();
  }

  async function unsubscribe(request: Req, reply: FastifyReply) {
    if (throttled(request, reply)) return reply;
    const token = request.params.token ?? '';
    const recipient = TOKEN_PATTERN.test(token) ? await repo.byToken(token) : undefined;
    if (!recipient) return notFound(request, reply);
    const html = (status: number, body: string) => reply.code(status).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').send(page('Unsubscribe', body));
    if (request.method !== 'POST') {
      if (recipient.unsubscribed_at !== null) return html(200, `<h1>Unsubscribed</h1><p>${escapeHtml(recipient.to_address)} is unsubscribed already.</p>`);
      return html(
        200,
        `<h1>Unsubscribe</h1><p>Stop emails from this sender to <strong>${escapeHtml(recipient.to_address)}</strong>?</p>` +
          `<form method="post" action="${escapeHtml(token)}"><button type="submit">Unsubscribe</button></form>`,
      );
    }
    const nowS = unixSeconds(clock);
    await repo.db.transaction().execute(async (trx) => {
      await d.lists.optOut(trx, Number(recipient.account_id), recipient.to_address, nowS);
      await repo.markUnsubscribed(trx, Number(recipient.id), nowS);
    });
    return html(200, `<h1>Unsubscribed</h1><p>${escapeHtml(recipient.to_address)} will get no more of these emails.</p>`);
  }

  // The hooks always answer, so the handlers never run.
  const route = (onRequest: (request: Req, reply: FastifyReply) => Promise<unknown>) => ({ config: { auth: 'public' as const }, schema: { hide: true }, onRequest });
  const fallback = (request: FastifyRequest, reply: FastifyReply) => notFound(request, reply);
  app.get(`/${TRACKING_PREFIX}/o/:token`, route(open), fallback);
  app.get(`/${TRACKING_PREFIX}/c/:token/:n`, route(click), fallback);
  app.get(`/${TRACKING_PREFIX}/u/:token`, route(unsubscribe), fallback);
  app.post(`/${TRACKING_PREFIX}/u/:token`, route(unsubscribe), fallback);
  app.get(
    `/${TRACKING_PREFIX}/*`,
    route(async (request, reply) => (throttled(request, reply) ? reply : notFound(request, reply))),
    fallback,
  );
}
