import { randomBytes, randomUUID } from 'node:crypto';
import { fillPlaceholders, type ListContact } from '../../core/messaging/index.js';

/**
 * What a campaign's HTML becomes for one recipient: links through Sendbox's redirect, placeholders filled from the
 * contact, the unsubscribe link, the open pixel. Pure string work over the stored body, a few regular-expression
 * passes per email.
 */

/** href="…" or href='…' (any case, spaces around "="): the attribute a link's target sits in. */
const HREF = /(\bhref\s*=\s*)(["'])(.*?)\2/gis;
const HTTP = /^https?:\/\//i;

/**
 * The unsubscribe placeholder a body (or a master template) may hold where the link goes: "{unsubscribe_url}", also
 * spelt {UnsubscribeUrl}, {unsubscribe}, {unsubscribe_link} (curly brackets like ClickSend's other placeholders).
 * Without one, a footer with the link is added.
 */
const UNSUBSCRIBE = /\{\s*unsubscribe(?:[ _-]?(?:url|link))?\s*\}/gi;

const ENTITIES: Record<string, string> = { '&amp;': '&', '&quot;': '"', '&#39;': "'", '&lt;': '<', '&gt;': '>' };

/** An attribute value as a browser reads it (the entities an editor writes in hrefs). */
function attributeText(value: string): string {
  return value.replace(/&(?:amp|quot|#39|lt|gt);/g, (e) => ENTITIES[e]!).trim();
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The http(s) targets of the body's links, in document order: a click on link n redirects to entry n. */
export function linksOf(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(HREF)) {
    const target = attributeText(m[3]!);
    if (HTTP.test(target)) out.push(target);
  }
  return out;
}

/** New per-recipient token: 128 random bits (base64url, 22 characters). */
export const newToken = (): string => randomBytes(16).toString('base64url');
/** The Message-ID's local part and history's message_id: an upper-case UUID as ClickSend shows. */
export const newMessageId = (): string => randomUUID().toUpperCase();
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{22}$/;

/** Where tracking and unsubscribe are served: PUBLIC_URL/mail/… (outside /v3, anonymous). */
export const TRACKING_PREFIX = 'mail';

function trackingUrls(publicUrl: string, token: string) {
  const base = `${publicUrl}/${TRACKING_PREFIX}`;
  return {
    open: `${base}/o/${token}`,
    click: (n: number) => `${base}/c/${token}/${n}`,
    unsubscribe: `${base}/u/${token}`,
  };
}

/** The contact with each field HTML-escaped: a name like "<b>Jo</b>" shows as typed and never becomes markup. */
function escapedContact(contact: ListContact): ListContact {
  const out: Record<string, unknown> = { ...contact };
  for (const [k, v] of Object.entries(out)) if (typeof v === 'string') out[k] = escapeHtml(v);
  return out as unknown as ListContact;
}

/** Inserts `fragment` before </body> when the document has one, else at the end. */
function beforeBodyEnd(html: string, fragment: string): string {
  const at = html.search(/<\/body\s*>/i);
  return at < 0 ? html + fragment : html.slice(0, at) + fragment + html.slice(at);
}

interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
}

/** Where a recipient's tracked links, unsubscribe link and open pixel go (trackingUrls), or the campaign template's markers. */
interface LinkTargets {
  click(n: number): string;
  unsubscribe: string;
  open: string;
}

/** Stand-ins for one recipient's URLs in the campaign template (an unroutable .invalid host: RFC 2606). */
const MARKS: LinkTargets = { click: (n) => `https://sendbox.invalid/click/${n}`, unsubscribe: 'https://sendbox.invalid/unsubscribe', open: 'https://sendbox.invalid/open' };
const MARK = /https:\/\/sendbox\.invalid\/(?:click\/(\d+)|(unsubscribe)|open)/g;

/** The markers of a campaign template (or of its text) replaced by one recipient's URLs. */
function withUrls(template: string, urls: LinkTargets): string {
  return template.replace(MARK, (_m: string, n: string | undefined, unsubscribe: string | undefined) =>
    n !== undefined ? urls.click(Number(n)) : unsubscribe !== undefined ? urls.unsubscribe : urls.open,
  );
}

/**
 * A campaign's HTML with the recipient's URLs still to put in: every http(s) href through a click marker (link n of
 * the stored body), the unsubscribe placeholder (or a footer) at the unsubscribe marker, the open pixel last. Built
 * once per campaign (a body may be 512 KiB: the link, placeholder and </body> scans are not redone per recipient).
 * Its plain text (images are dropped) is every recipient's text part, converted once per campaign and off the API
 * thread for a large body (the email module's PlainTextConverter): per recipient that was 15 ms for a 64 KB body and
 * 100–200 ms for 512 KB, minutes of CPU on the event loop for a 20,000-contact campaign. A body that itself contains a
 * sendbox.invalid marker URL gets a recipient's URL there: .invalid names no real site.
 */
export function campaignTemplate(body: string): string {
  let n = 0;
  let html = body.replace(HREF, (whole: string, lead: string, quote: string, value: string) => (HTTP.test(attributeText(value)) ? `${lead}${quote}${MARKS.click(n++)}${quote}` : whole));
  let hasUnsubscribe = false;
  html = html.replace(UNSUBSCRIBE, () => {
    hasUnsubscribe = true;
    return MARKS.unsubscribe;
  });
  if (!hasUnsubscribe) {
    html = beforeBodyEnd(
      html,
      `<p style="font-size:12px;color:#666;text-align:center">You received this email because you are on our mailing list. <a href="${MARKS.unsubscribe}">Unsubscribe</a></p>`,
    );
  }
  return beforeBodyEnd(html, `<img src="${MARKS.open}" width="1" height="1" alt="" style="display:block;border:0;width:1px;height:1px">`);
}

/**
 * One recipient's email from its campaign's template (campaignTemplate) and that template's plain text: the markers
 * become the recipient's redirect (/mail/c/<token>/n), unsubscribe (/mail/u/<token>) and pixel (/mail/o/<token>) URLs,
 * then placeholders are filled (HTML-escaped values in the body, plain in the subject and the text part); RFC 8058
 * one-click headers.
 */
export function renderEmail(c: { subject: string }, template: { html: string; text: string }, contact: ListContact, publicUrl: string, token: string): RenderedEmail {
  const urls = trackingUrls(publicUrl, token);
  return {
    subject: fillPlaceholders(c.subject, contact),
    html: fillPlaceholders(withUrls(template.html, urls), escapedContact(contact)),
    text: fillPlaceholders(withUrls(template.text, urls), contact),
    headers: { 'List-Unsubscribe': `<${urls.unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
  };
}

/** A link's target for this recipient: placeholders in it filled from the contact, URL-encoded; null if it is no longer http(s). */
export function clickTarget(stored: string, contact: ListContact): string | null {
  const encoded: Record<string, unknown> = { ...contact };
  for (const [k, v] of Object.entries(encoded)) if (typeof v === 'string') encoded[k] = encodeURIComponent(v);
  const target = fillPlaceholders(stored, encoded as unknown as ListContact);
  try {
    const u = new URL(target);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.toString() : null;
  } catch {
    return null;
  }
}

/**
 * ClickSend's GET /email-campaigns/{id} shows the stored body wrapped into a full HTML 4.0 document (its apiary example:
 * a libxml round trip); a body that is a document already is shown as it is.
 */
export function asDocument(body: string): string {
  if (/<html[\s>]/i.test(body)) return body;
  return `<!DOCTYPE html PUBLIC "-//W3C//DTD HTML 4.0 Transitional//EN" "http://www.w3.org/TR/REC-html40/loose.dtd">\n<html><body>${body}</body></html>\n`;
}
