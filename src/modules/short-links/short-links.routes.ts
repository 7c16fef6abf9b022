import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config/index.js';
import { FailureLimiter } from '../../core/auth/index.js';
import type { App } from '../../core/http/index.js';
import { unixSeconds, type Clock } from '../../core/util/clock.js';
import { countryOf, describeAgent, throttleKey } from './short-links.clicks.js';
import { LINK_CODE_PATTERN } from './short-links.codes.js';
import type { ShortLinksService } from './short-links.service.js';

const NOT_FOUND_PAGE =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Link not found</title></head>' +
  '<body><h1>Link not found</h1><p>This short link does not exist. Check the address in your message.</p></body></html>\n';

/**
 * GET (and HEAD) /<SHORT_LINK_PREFIX>/<code> at the host root: a 302 to the link's target, each GET recorded as a
 * click. Anonymous and cheap: one indexed lookup and one insert. Everything that is not a live link is a plain
 * HTML 404 (a person's browser shows it; never an API envelope, never a redirect anywhere else).
 *
 * Throttled per client address (request.ip, the real client behind TRUST_PROXY; an IPv6 client by its /64) with
 * two in-memory windows: every request (SHORT_LINK_CLICKS_MAX) and misses, unknown or malformed codes
 * (SHORT_LINK_MISSES_MAX). Past the miss limit every code answers 429, live ones included, so a guesser cannot
 * tell a hit from the 429s. HEAD answers like GET but is no click (link checkers and previews send it).
 */
export function shortLinkRoutes(app: App, d: { links: ShortLinksService; clock: Clock; settings: Config['shortLinks'] }) {
  const { links, clock, settings } = d;
  const now = () => clock.nowMs();
  const hits = new FailureLimiter(settings.clicksMax, settings.windowS * 1000, now);
  const misses = new FailureLimiter(settings.missesMax, settings.windowS * 1000, now);

  function notFound(request: FastifyRequest, reply: FastifyReply) {
    misses.recordFailure(throttleKey(request.ip));
    return reply.code(404).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').send(NOT_FOUND_PAGE);
  }

  /**
   * The whole answer, in onRequest: it runs before body parsing and the API's input checks, whose answers are
   * envelopes (a NUL in a query string a messenger appended must not turn a live link into a JSON 400).
   */
  async function answer(request: FastifyRequest<{ Params: { code?: string } }>, reply: FastifyReply) {
    const client = throttleKey(request.ip);
    const wait = Math.max(misses.blockedFor(client), hits.reserve(client));
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      return reply
        .code(429)
        .header('content-type', 'text/plain; charset=utf-8')
        .header('retry-after', String(seconds))
        .header('cache-control', 'no-store')
        .send(`Too many requests from this address; try again in ${seconds} s.\n`);
    }
    const code = request.params.code ?? '';
    if (!LINK_CODE_PATTERN.test(code)) return notFound(request, reply);
    // A HEAD is a link checker or an unfurler asking about the link, not a person opening it.
    const target = request.method === 'GET' ? await followAndCount(request, code) : (await links.repo.findByCode(code))?.target_url;
    if (target === undefined) return notFound(request, reply);
    // no-store: a browser that cached the redirect would open the target again without us counting the click.
    return reply.code(302).header('location', target).header('cache-control', 'no-store').send();
  }

  async function followAndCount(request: FastifyRequest, code: string): Promise<string | undefined> {
    try {
      return await links.repo.follow(code, {
        clicked_at: unixSeconds(clock),
        ...describeAgent(request.headers['user-agent']),
        ip: request.ip.slice(0, 64),
        country: countryOf(request, settings.countryHeader),
        region: null,
      });
    } catch (err) {
      // The person still gets where the message sent them; only this click's record is lost.
      request.log.error({ err, code }, 'short link click not recorded');
      return (await links.repo.findByCode(code))?.target_url;
    }
  }

  // The hook always answers, so the handlers never run; the paths without a code (none, or more segments, or one
  // past the router's length limit) get the same 404 page.
  const route = { config: { auth: 'public' as const }, schema: { hide: true }, onRequest: answer };
  app.get(`/${settings.prefix}/:code`, route, (request, reply) => notFound(request, reply));
  app.get(`/${settings.prefix}`, route, (request, reply) => notFound(request, reply));
  app.get(`/${settings.prefix}/*`, route, (request, reply) => notFound(request, reply));
}
