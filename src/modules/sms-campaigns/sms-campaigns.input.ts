import { ApiError } from '../../core/errors/index.js';
import { scheduleAt } from '../../core/messaging/index.js';
import type { CampaignLinks, CampaignSms } from './sms-campaigns.ports.js';
import type { SmsCampaignBody } from './sms-campaigns.schemas.js';

/** ClickSend: one list of at most 20,000 contacts a campaign (conventions §8). */
export const MAX_CAMPAIGN_RECIPIENTS = 20_000;
export const MAX_NAME_LENGTH = 200;

/**
 * Where the short link goes: ClickSend's SDK writes the placeholder "http://smsg.io/xxxxx", its docs "smsg.us/xxxxx";
 * both are accepted, with or without a scheme, any case.
 */
const SHORT_LINK_PLACEHOLDER = /(?:https?:\/\/)?smsg\.(?:io|us)\/xxxxx/gi;

export function hasShortLinkPlaceholder(body: string): boolean {
  SHORT_LINK_PLACEHOLDER.lastIndex = 0;
  return SHORT_LINK_PLACEHOLDER.test(body);
}

/** The body with every short-link placeholder replaced by `url`. */
export function withShortLink(body: string, url: string): string {
  return body.replace(SHORT_LINK_PLACEHOLDER, () => url);
}

/** A campaign body as checked: what is stored and sent. */
export interface CampaignInput {
  listId: number;
  name: string;
  body: string;
  from: string | null;
  scheduleAt: number;
  urlToShorten: string | null;
}

/** The checks a schema cannot make, each naming its field; the list is checked by the service (it needs the database). */
export function checkCampaignInput(b: SmsCampaignBody, nowS: number, sms: Pick<CampaignSms, 'isValidSenderId'>, links: Pick<CampaignLinks, 'checkTarget'>): CampaignInput {
  const name = b.name.trim();
  if (name === '') throw ApiError.badRequest('name must not be blank.');
  if (name.length > MAX_NAME_LENGTH) throw ApiError.badRequest(`name must be at most ${MAX_NAME_LENGTH} characters, got ${name.length}.`);
  if (b.body.trim() === '') throw ApiError.badRequest('body must not be blank.');
  const from = b.from?.trim() || null;
  if (from !== null && !sms.isValidSenderId(from)) {
    throw ApiError.badRequest(`from must be a phone number or a sender id of up to 11 letters and digits without spaces, got "${from.slice(0, 64)}".`);
  }
  const at = scheduleAt(b.schedule, nowS);
  if (at === undefined) throw new ApiError('INVALID_SCHEDULE', `schedule must be a unix time in seconds, now or later (absent or 0 = now), got ${JSON.stringify(b.schedule)}.`);
  let urlToShorten: string | null = null;
  const url = b.url_to_shorten?.trim() ?? '';
  if (url !== '') {
    const target = links.checkTarget(url);
    if (target.problem !== undefined) throw ApiError.badRequest(target.problem);
    if (!hasShortLinkPlaceholder(b.body)) {
      throw ApiError.badRequest('body must contain the short-link placeholder http://smsg.io/xxxxx (or smsg.us/xxxxx) where url_to_shorten goes.');
    }
    urlToShorten = target.url;
  }
  return { listId: b.list_id, name, body: b.body, from, scheduleAt: at, urlToShorten };
}
