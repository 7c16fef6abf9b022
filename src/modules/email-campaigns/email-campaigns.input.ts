import type { AuthContext } from '../../core/auth/index.js';
import { ApiError, lacksAccess } from '../../core/errors/index.js';
import { scheduleAt, tooDeepHtml, type ContactListPort } from '../../core/messaging/index.js';
import type { EmailSenderPort } from '../email-addresses/index.js';
import type { EmailTemplatePort } from '../email-templates/index.js';
import type { EmailCampaignBody } from './email-campaigns.schemas.js';

/** ClickSend: one list of at most 20,000 contacts a campaign (conventions §8), as SMS campaigns. */
export const MAX_CAMPAIGN_RECIPIENTS = 20_000;
const MAX_NAME = 200;

/** A campaign body as checked: what is stored and sent. */
export interface CampaignInput {
  name: string;
  subject: string;
  /** The HTML sent: the body given, or the template's when the body is empty. */
  body: string;
  fromEmailAddressId: number;
  fromAddress: string;
  fromName: string;
  templateId: number | null;
  listId: number;
  scheduleAt: number;
  /** Contacts in the list. */
  listSize: number;
}

export interface InputDeps {
  senders: EmailSenderPort;
  templates: EmailTemplatePort;
  lists: ContactListPort;
  /** The largest body in UTF-8 bytes: a template's limit, since a template's HTML is what the editor sends as body. */
  maxBodyBytes: number;
}

function text(value: string | undefined, field: string, max: number): string {
  const v = (value ?? '').trim();
  if (v === '') throw ApiError.badRequest(`${field} must not be blank.`);
  if (v.length > max) throw ApiError.badRequest(`${field} must be at most ${max} characters, got ${v.length}.`);
  return v;
}

/**
 * Every check of a campaign body, each naming its field, in the body's order: the sender must be the account's
 * verified allowed address, the template (optional: the apiary schema requires it, the SDKs do not) the account's user
 * template, the list the account's, with 1 to 20,000 contacts.
 *
 * Body and template: ClickSend's editor produces `body` from the chosen template, so a non-empty body is what is sent
 * and template_id is kept as a reference; an empty (or absent) body with a template_id sends the template's HTML.
 */
export async function checkCampaignInput(auth: AuthContext, b: EmailCampaignBody, nowS: number, d: InputDeps): Promise<CampaignInput> {
  const name = text(b.name, 'name', MAX_NAME);
  const subject = text(b.subject, 'subject', 998);
  const fromName = text(b.from_name, 'from_name', MAX_NAME);
  const sender = await d.senders.find(auth.accountId, b.from_email_address_id);
  if (!sender) throw ApiError.badRequest(`from_email_address_id ${b.from_email_address_id} is not one of your allowed email addresses (POST /email/addresses).`);
  if (!sender.verified) {
    throw ApiError.badRequest(`from_email_address_id ${b.from_email_address_id} (${sender.emailAddress}) is not verified yet: verify it (PUT /email/address-verify/{id}/send) before sending from it.`);
  }
  const size = Buffer.byteLength(b.body ?? '', 'utf8');
  if (size > d.maxBodyBytes) {
    throw new ApiError('PAYLOAD_TOO_LARGE', `body is ${size} bytes; a campaign body is at most ${d.maxBodyBytes} bytes, as a template's (EMAIL_TEMPLATE_MAX_BYTES).`);
  }
  const templateId = b.template_id ?? null;
  let body = b.body ?? '';
  if (templateId !== null) {
    const template = await d.templates.body(auth.accountId, templateId);
    if (template === null) throw ApiError.badRequest(`template_id ${templateId} is not one of your email templates (GET /email/templates).`);
    if (body.trim() === '') body = template;
  }
  if (body.trim() === '') throw ApiError.badRequest('body must not be blank: give the HTML to send, or a template_id whose HTML is sent.');
  // html-to-text's parse time grows with depth × tags (and its stack with depth): a body too deep to parse cheaply is refused here.
  const deep = tooDeepHtml(b.body?.trim() ? 'body' : `template_id ${templateId}'s body`, body);
  if (deep) throw ApiError.badRequest(deep);
  const at = scheduleAt(b.schedule, nowS);
  if (at === undefined) throw new ApiError('INVALID_SCHEDULE', `schedule must be a unix time in seconds, now or later (absent or 0 = now), got ${JSON.stringify(b.schedule)}.`);
  const listSize = await checkList(auth, b.list_id, d.lists);
  return {
    name,
    subject,
    body,
    fromEmailAddressId: sender.emailAddressId,
    fromAddress: sender.emailAddress,
    fromName,
    templateId,
    listId: b.list_id,
    scheduleAt: at,
    listSize,
  };
}

async function checkList(auth: AuthContext, listId: number, lists: ContactListPort): Promise<number> {
  // A campaign reads its list (names and addresses of contacts): a subaccount needs access_contacts too, as SMS campaigns.
  if (!auth.access.contacts) throw lacksAccess('contacts');
  const count = await lists.count(auth.accountId, listId);
  if (count === null) {
    // ClickSend answers a list that is not the caller's with 403 and this text (observed, channels.md §13).
    throw ApiError.forbidden(`Resource not found or you don't have the permissions to access this resource: list_id ${listId} is not one of your lists.`);
  }
  if (count === 0) throw ApiError.badRequest(`list_id ${listId} has no contacts: a campaign needs at least one.`);
  if (count > MAX_CAMPAIGN_RECIPIENTS) {
    throw new ApiError('TOO_MANY_RECIPIENTS', `list_id ${listId} has ${count} contacts; a campaign reaches at most ${MAX_CAMPAIGN_RECIPIENTS.toLocaleString('en-US')}.`);
  }
  return count;
}
