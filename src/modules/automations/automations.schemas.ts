import { Type, type Static, type TObject, type TProperties } from '@sinclair/typebox';
import type { RuleGroup, RuleShape } from './automations.groups.js';

/** Every action name ClickSend documents (webhooks.md §4), plus NOTHING, which its examples use. */
export const RULE_ACTIONS = [
  'AUTO_REPLY',
  'EMAIL_USER',
  'EMAIL_FIXED',
  'URL',
  'SMS',
  'POLL',
  'GROUP_SMS',
  'MOVE_CONTACT',
  'CREATE_CONTACT',
  'CREATE_CONTACT_PLUS_EMAIL',
  'CREATE_CONTACT_PLUS_NAME_EMAIL',
  'CREATE_CONTACT_PLUS_NAME',
  'SMPP',
  'NONE',
  'NOTHING',
] as const;
export type RuleAction = (typeof RULE_ACTIONS)[number];

// Limits are the automation_rules columns' (migrations/0020); ClickSend documents none.
const fields = {
  rule_name: Type.String({ minLength: 1, maxLength: 200, description: 'Rule name.' }),
  action: Type.String({
    minLength: 1,
    maxLength: 40,
    description: `What the rule does, in any case: ${RULE_ACTIONS.join(', ')}. Which ones a group accepts: docs/automation-rules.md.`,
  }),
  action_address: Type.String({
    maxLength: 500,
    description:
      'The action target: a URL (URL), an e-mail address (EMAIL_FIXED), a phone number (SMS), a contact list id (MOVE_CONTACT, CREATE_CONTACT…, GROUP_SMS), the reply text (AUTO_REPLY without body).',
  }),
  enabled: Type.Integer({ minimum: 0, maximum: 1, description: '1 enabled, 0 disabled ("0"/"1" accepted, as form posts send them).' }),
  // 3 appears in ClickSend's examples, undocumented: accepted, stored, and treated like 0.
  match_type: Type.Integer({ minimum: 0, maximum: 3, description: '0 all reports, 1 failed only, 2 successful only (3, seen in ClickSend examples, acts as 0).' }),
  dedicated_number: Type.String({ minLength: 1, maxLength: 32, description: "The number the rule listens on, or '*' for any." }),
  message_search_type: Type.Integer({ minimum: 0, maximum: 3, description: '0 any message, 1 starts with, 2 contains, 3 does not contain (ignoring case).' }),
  message_search_term: Type.String({ maxLength: 500, description: 'The term message_search_type looks for; may be empty with type 0.' }),
  body: Type.String({ maxLength: 10_000, description: 'AUTO_REPLY: the reply text (else action_address is). Stored for other actions as given.' }),
  webhook_type: Type.String({ maxLength: 8, description: 'URL action: post (default), get or json, in any case.' }),
};

const required = {
  sms_inbound: ['dedicated_number', 'rule_name', 'message_search_type', 'action', 'enabled'],
  receipt: ['rule_name', 'match_type', 'action', 'enabled'],
  fax_inbound: ['dedicated_number', 'rule_name', 'action', 'enabled'],
} as const;

// action_address is documented as required, but several actions ignore it (EMAIL_USER, POLL, NONE…): the service
// asks for it where the action needs it, naming the action. message_search_term likewise (not with type 0).
const optional = {
  sms_inbound: ['message_search_term', 'action_address', 'body', 'webhook_type'],
  // Receipt and inbound fax rules have no webhook_type or body at ClickSend: sent anyway, they are ignored.
  receipt: ['action_address'],
  fax_inbound: ['action_address'],
} as const;

function bodySchema(shape: RuleShape, partial: boolean): TObject {
  const props: TProperties = {};
  for (const k of required[shape]) props[k] = partial ? Type.Optional(fields[k]) : fields[k];
  for (const k of optional[shape]) props[k] = Type.Optional(fields[k]);
  return Type.Object(props);
}

export const RuleCreateBody = { sms_inbound: bodySchema('sms_inbound', false), receipt: bodySchema('receipt', false), fax_inbound: bodySchema('fax_inbound', false) };
/** PUT: any subset; fields not given keep their values, then the whole rule is checked again. */
export const RuleUpdateBody = { sms_inbound: bodySchema('sms_inbound', true), receipt: bodySchema('receipt', true), fax_inbound: bodySchema('fax_inbound', true) };

/** What a create or update may carry, whichever the group (the route's schema has already narrowed it). */
export interface RuleInput {
  rule_name?: string;
  action?: string;
  action_address?: string;
  enabled?: number;
  match_type?: number;
  dedicated_number?: string;
  message_search_type?: number;
  message_search_term?: string;
  body?: string;
  webhook_type?: string;
}

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

// Field sets as in each group's documented examples (alphabetical there too).
export const ReceiptRuleRecord = Type.Object({
  action: Type.String(),
  action_address: Type.String(),
  enabled: Type.Integer(),
  match_type: Type.Integer(),
  receipt_rule_id: Type.Integer(),
  rule_name: Type.String(),
});

export const InboundSmsRuleRecord = Type.Object({
  action: Type.String(),
  action_address: Type.String(),
  body: Nullable(Type.String()),
  dedicated_number: Type.String(),
  enabled: Type.Integer(),
  inbound_rule_id: Type.Integer(),
  message_search_term: Nullable(Type.String()),
  message_search_type: Type.Integer(),
  rule_name: Type.String(),
  // Additive: how a URL rule pushes (ClickSend accepts webhook_type but its examples never print it); null for other actions.
  _webhook_type: Nullable(Type.String()),
});

export const InboundFaxRuleRecord = Type.Object({
  action: Type.String(),
  action_address: Type.String(),
  dedicated_number: Type.String(),
  enabled: Type.Integer(),
  inbound_rule_id: Type.Integer(),
  rule_name: Type.String(),
  user_id: Type.Integer(),
});

export type RuleRecord = Static<typeof ReceiptRuleRecord> | Static<typeof InboundSmsRuleRecord> | Static<typeof InboundFaxRuleRecord>;

export const RuleRecordOf: Record<RuleShape, TObject> = { sms_inbound: InboundSmsRuleRecord, receipt: ReceiptRuleRecord, fax_inbound: InboundFaxRuleRecord };

export function ruleIdParams(group: RuleGroup) {
  return Type.Object({ [group.idName]: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) });
}
