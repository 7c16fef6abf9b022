import { randomBytes, randomUUID } from 'node:crypto';
import { fillPlaceholders, plainTextOf, type ListContact } from '../../core/messaging/index.js';

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

export function trackingUrls(publicUrl: string, token: string) {
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

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
}

/**
 * One recipient's email: every http(s) href replaced by its redirect (link n of the stored body → /mail/c/<token>/n),
 * the unsubscribe placeholder (or a footer) pointing at /mail/u/<token>, placeholders filled (HTML-escaped values in the
 * body, plain in the subject), the open pixel last; the text part derived from that HTML; RFC 8058 one-click headers.
 */
export function renderEmail(c: { subject: string; body: string }, contact: ListContact, publicUrl: string, token: string): RenderedEmail {
  const urls = trackingUrls(publicUrl, token);
  let n = 0;
  let html = c.body.replace(HREF, (whole: string, lead: string, quote: string, value: string) => (HTTP.test(attributeText(value)) ? `${lead}${quote}${urls.click(n++)}${quote}` : whole));
  let hasUnsubscribe = false;
  html = html.replace(UNSUBSCRIBE, () => {
    hasUnsubscribe = true;
    return urls.unsubscribe;
  });
  if (!hasUnsubscribe) {
    html = beforeBodyEnd(html, `<p style="font-size:12px;color:#666;text-align:center">You received this email because you are on our mailing list. <a href="${urls.unsubscribe}">Unsubscribe</a></p>`);
  }
  html = fillPlaceholders(html, escapedContact(contact));
  const text = plainTextOf(html);
  html = beforeBodyEnd(html, `<img src="${urls.open}" width="1" height="1" alt="" style="display:block;border:0;width:1px;height:1px">`);
  return {
    subject: fillPlaceholders(c.subject, contact),
    html,
    text,
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
