import type { Config } from '../../config/index.js';
import type { Db } from '../../core/db/index.js';
import type { FileStore } from '../../core/files/index.js';
import type { Module } from '../../core/modules/index.js';
import type { Clock } from '../../core/util/clock.js';
import { shortLinkRoutes } from './short-links.routes.js';
import { ShortLinksService } from './short-links.service.js';

export { ShortLinksService, type MintRecipient, type MintedLink } from './short-links.service.js';
export { checkTargetUrl, MAX_TARGET_URL_LENGTH } from './short-links.codes.js';
export { LinkStatistics, LinkTrackingItem } from './short-links.schemas.js';
// The client key anonymous routes throttle by (an IPv6 client by its /64): email campaign tracking uses it too.
export { throttleKey } from './short-links.clicks.js';

/**
 * Short links of SMS campaigns: the service campaigns mint links with and read reports from, and the
 * anonymous redirect GET /<SHORT_LINK_PREFIX>/<code> at the host root (outside /v3, like ClickSend's smsg.io).
 */
export function shortLinksModule(d: { db: Db; clock: Clock; config: Config; files: FileStore }): Module<{ shortLinks: ShortLinksService }> {
  const shortLinks = new ShortLinksService(d.db, d.clock, d.config, d.files);
  return {
    name: 'short-links',
    provides: { shortLinks },
    rootRoutes: (app) => shortLinkRoutes(app, { links: shortLinks, clock: d.clock, settings: d.config.shortLinks }),
  };
}
