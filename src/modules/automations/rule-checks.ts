import net from 'node:net';
import { ApiError } from '../../core/errors/index.js';
import { permissiveAddressPolicy, strictAddressPolicy } from '../../core/fetch/index.js';
import { isEmail } from '../../core/validation/index.js';
import type { RuleShape } from './automations.groups.js';
import { RULE_ACTIONS, type RuleAction, type RuleInput } from './automations.schemas.js';

/** Actions whose action_address names one of the account's contact lists. */
const LIST_ACTIONS: ReadonlySet<RuleAction> = new Set(['MOVE_CONTACT', 'CREATE_CONTACT', 'CREATE_CONTACT_PLUS_EMAIL', 'CREATE_CONTACT_PLUS_NAME_EMAIL', 'CREATE_CONTACT_PLUS_NAME', 'GROUP_SMS']);

/**
 * What each group accepts. Replying, forwarding by SMS and the contact actions act on the sender of an inbound SMS
 * (webhooks.md §4); a delivery receipt or an inbound fax has no such sender, and ClickSend documents no meaning for
 * them there, so those groups take only the push, e-mail and poll actions (a clear 400 rather than a rule that
 * can never do anything).
 */
const GROUP_ACTIONS: Readonly<Record<RuleShape, readonly RuleAction[]>> = {
  sms_inbound: RULE_ACTIONS.filter((a) => a !== 'SMPP'),
  receipt: ['URL', 'EMAIL_USER', 'EMAIL_FIXED', 'POLL', 'NONE', 'NOTHING'],
  fax_inbound: ['URL', 'EMAIL_USER', 'EMAIL_FIXED', 'POLL', 'NONE', 'NOTHING'],
};

const SEARCH_TYPES = ['any message', 'starts with', 'contains', 'does not contain'];
const WEBHOOK_TYPES = ['post', 'get', 'json'];

/** The columns of automation_rules a rule's fields become, once checked. */
export interface CheckedRule {
  rule_name: string;
  enabled: number;
  action: RuleAction;
  action_address: string;
  body: string | null;
  match_type: number | null;
  dedicated_number: string | null;
  message_search_type: number | null;
  message_search_term: string | null;
  webhook_type: string | null;
}

/** What checking needs from outside: numbers read in the account's country, the account's lists, the URL policy. */
export interface CheckContext {
  /** E.164 of a phone number (local numbers read in the account's country), or null when it is not one. */
  phone(value: string): Promise<string | null>;
  /** Whether the account has this contact list (another account's list is simply not found). */
  hasList(listId: number): Promise<boolean>;
  allowPrivateUrls: boolean;
}

const bad = (message: string) => ApiError.badRequest(message);
const quoted = (v: string) => JSON.stringify(v.length > 80 ? `${v.slice(0, 80)}…` : v);

/**
 * Checks a whole rule of `shape` (a create, or a stored rule with a PUT's fields laid over it) and returns its
 * columns; throws a 400 naming the field and the problem. Required fields were enforced by the route's schema
 * on create; a stored rule always has them.
 */
export async function checkRule(shape: RuleShape, input: RuleInput, ctx: CheckContext): Promise<CheckedRule> {
  const ruleName = input.rule_name ?? '';
  if (ruleName.trim() === '') throw bad('rule_name must not be blank.');
  const action = checkAction(shape, input.action ?? '');
  const out: CheckedRule = {
    rule_name: ruleName,
    enabled: input.enabled ?? 1,
    action,
    action_address: input.action_address ?? '',
    body: null,
    match_type: null,
    dedicated_number: null,
    message_search_type: null,
    message_search_term: null,
    webhook_type: null,
  };
  if (shape === 'receipt') {
    // match_type 3 is stored as given (ClickSend's examples show it, undocumented); firing treats it like 0.
    out.match_type = input.match_type ?? 0;
  } else {
    out.dedicated_number = await checkDedicatedNumber(input.dedicated_number ?? '', ctx);
  }
  if (shape === 'sms_inbound') {
    out.message_search_type = input.message_search_type ?? 0;
    out.message_search_term = checkSearchTerm(out.message_search_type, input.message_search_term);
    out.body = input.body === undefined || input.body === '' ? null : input.body;
    out.webhook_type = checkWebhookType(action, input.webhook_type);
  }
  out.action_address = await checkAddress(action, out, ctx);
  return out;
}

function checkAction(shape: RuleShape, raw: string): RuleAction {
  const action = raw.trim().toUpperCase() as RuleAction;
  if (!RULE_ACTIONS.includes(action)) throw bad(`action must be one of ${RULE_ACTIONS.join(', ')}; got ${quoted(raw)}.`);
  if (action === 'SMPP') throw bad('action SMPP is not served by Sendbox (it has no SMPP connections); use URL or POLL to receive messages.');
  const allowed = GROUP_ACTIONS[shape];
  if (!allowed.includes(action)) {
    const what = shape === 'receipt' ? 'delivery receipt rules' : 'inbound fax rules';
    throw bad(`action ${action} is not available on ${what} (it acts on the sender of an inbound SMS); use one of ${allowed.join(', ')}.`);
  }
  return action;
}

async function checkDedicatedNumber(raw: string, ctx: CheckContext): Promise<string> {
  const value = raw.trim();
  if (value === '*') return '*';
  const e164 = value === '' ? null : await ctx.phone(value);
  if (!e164) throw bad(`dedicated_number must be '*' (any number) or a phone number; got ${quoted(raw)}.`);
  return e164;
}

function checkSearchTerm(type: number, term: string | undefined): string | null {
  if (type === 0) return term ?? null;
  if (term === undefined || term.trim() === '') {
    throw bad(`message_search_term is required when message_search_type is ${type} (${SEARCH_TYPES[type]}).`);
  }
  return term;
}

/** post (the default) for a URL rule; null for other actions, which push nothing. */
function checkWebhookType(action: RuleAction, raw: string | undefined): string | null {
  const given = raw?.trim().toLowerCase();
  if (given !== undefined && given !== '' && !WEBHOOK_TYPES.includes(given)) throw bad(`webhook_type must be post, get or json; got ${quoted(raw ?? '')}.`);
  if (action !== 'URL') return null;
  return given || 'post';
}

async function checkAddress(action: RuleAction, rule: CheckedRule, ctx: CheckContext): Promise<string> {
  const address = rule.action_address;
  const trimmed = address.trim();
  if (action === 'URL') return checkUrl(trimmed, ctx.allowPrivateUrls);
  if (action === 'EMAIL_FIXED') {
    if (!isEmail(trimmed)) throw bad(`action_address must be an e-mail address for action EMAIL_FIXED; got ${quoted(address)}.`);
    return trimmed;
  }
  if (action === 'SMS') {
    const e164 = trimmed === '' ? null : await ctx.phone(trimmed);
    if (!e164) throw bad(`action_address must be a phone number for action SMS (the number replies are forwarded to); got ${quoted(address)}.`);
    return e164;
  }
  if (LIST_ACTIONS.has(action)) {
    // Another account's list reads as "not found": its existence is not revealed.
    if (!/^\d{1,15}$/.test(trimmed) || !(await ctx.hasList(Number(trimmed)))) {
      throw bad(`action_address must be the list_id of one of your contact lists for action ${action}; got ${quoted(address)}, which is not one.`);
    }
    return trimmed;
  }
  if (action === 'AUTO_REPLY') {
    // The SDK's InboundSMSRule has no body field, so SDK users put the reply text in action_address.
    if ((rule.body ?? '').trim() === '' && trimmed === '') {
      throw bad('action AUTO_REPLY needs the reply text: give body, or the text in action_address.');
    }
    return address;
  }
  // EMAIL_USER, POLL, NONE, NOTHING: the address means nothing; kept as given.
  return address;
}

/**
 * An absolute http(s) URL without credentials. A literal private or loopback IP is refused here, as SafeFetcher
 * would refuse it at delivery; host names are judged at delivery time, against what they resolve to then.
 */
function checkUrl(value: string, allowPrivate: boolean): string {
  // The URL parser would silently drop tabs and line breaks and encode spaces: the stored rule would not be the URL used.
  if (/[\s\u0000-\u001f\u007f]/.test(value)) {
    throw bad(`action_address must not contain spaces, line breaks or control characters (percent-encode them); got ${quoted(value)}.`);
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw bad(`action_address must be an absolute http:// or https:// URL for action URL; got ${quoted(value)}.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw bad(`action_address must be an http:// or https:// URL for action URL; got the scheme ${quoted(url.protocol)}.`);
  }
  if (url.username !== '' || url.password !== '') {
    throw bad('action_address must not carry a user name or password (user:pass@host); put credentials in the query string or a path token instead.');
  }
  const policy = allowPrivate ? permissiveAddressPolicy : strictAddressPolicy;
  const host = url.hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.+$/, '')
    .toLowerCase();
  const why = net.isIP(host) ? policy.refuseAddress(host) : policy.refuseHostname(host);
  if (why) throw bad(`action_address points at ${host}, ${why}; set ALLOW_PRIVATE_URLS=1 to allow it.`);
  return value;
}
