import type { AutomationRuleKind } from '../../core/messaging/index.js';

/** Which fields a group's rules carry: inbound SMS, delivery receipts (four channels), inbound fax. */
export type RuleShape = 'sms_inbound' | 'receipt' | 'fax_inbound';

/** What ClickSend puts in `data` when a rule is deleted: it differs per group, and clients may read it. */
export type DeletedData = [] | null | true;

/** One of the six /automations/... groups: its routes, its record shape and ClickSend's wording for each answer. */
export interface RuleGroup {
  readonly kind: AutomationRuleKind;
  readonly shape: RuleShape;
  /** Under /v3. */
  readonly path: string;
  /** A further path the docs print (served too, hidden from /openapi.json). */
  readonly aliasPath?: string;
  readonly idName: 'inbound_rule_id' | 'receipt_rule_id';
  /** For 404s: "Inbound SMS rule #7 not found." */
  readonly noun: string;
  /** Dotted operation prefix: automations.sms.inbound → .list, .create, .get, .update, .delete. */
  readonly operation: string;
  readonly tag: string;
  readonly messages: { readonly list: string; readonly create: string; readonly get: string; readonly update: string; readonly delete: string };
  readonly deleted: DeletedData;
}

// Messages and delete payloads are copied from each endpoint's documented example (endpoints.json), quirks included.
export const RULE_GROUPS: readonly RuleGroup[] = [
  {
    kind: 'sms_inbound',
    shape: 'sms_inbound',
    path: '/automations/sms/inbound',
    idName: 'inbound_rule_id',
    noun: 'Inbound SMS rule',
    operation: 'automations.sms.inbound',
    tag: 'Inbound SMS Rules',
    messages: {
      list: 'Your list of inbound rules.',
      create: 'Your record has been added.',
      get: 'Your inbound rule.',
      update: 'Your record has been updated.',
      delete: 'Your record has been deleted.',
    },
    deleted: [],
  },
  {
    kind: 'sms_receipt',
    shape: 'receipt',
    path: '/automations/sms/receipts',
    idName: 'receipt_rule_id',
    noun: 'SMS delivery receipt rule',
    operation: 'automations.sms.receipts',
    tag: 'SMS Delivery Receipt Rules',
    messages: {
      list: 'Your list of rule incoming sms receipt.',
      create: 'Your new SMS receipt has been added.',
      // ClickSend's SMS receipt rule GET says "voice" (documented example): copied as is.
      get: 'Your rule incoming voice receipt.',
      update: 'Your rule incoming sms receipt has been updated.',
      delete: 'Your rule incoming sms receipt has been deleted.',
    },
    deleted: [],
  },
  {
    kind: 'email_receipt',
    shape: 'receipt',
    path: '/automations/email/receipts',
    // ClickSend's docs print the singular path in their curl examples; the SDK calls the plural one.
    aliasPath: '/automations/email/receipt',
    idName: 'receipt_rule_id',
    noun: 'Email delivery receipt rule',
    operation: 'automations.email.receipts',
    tag: 'Email Delivery Receipt Rules',
    messages: {
      list: 'Here is your result.',
      create: 'Automation email receipt rule has been created.',
      get: 'Here is your result.',
      update: 'Automation email receipt rule has been updated.',
      delete: 'Automation email receipt rule has been deleted.',
    },
    // ClickSend answers an email receipt rule delete with `data: true` (documented example).
    deleted: true,
  },
  {
    kind: 'voice_receipt',
    shape: 'receipt',
    path: '/automations/voice/receipts',
    idName: 'receipt_rule_id',
    noun: 'Voice delivery receipt rule',
    operation: 'automations.voice.receipts',
    tag: 'Voice Delivery Receipt Rules',
    messages: {
      list: 'Your voice receipts.',
      create: 'Your new voice receipt has been added.',
      get: 'Your rule incoming voice receipt.',
      // ClickSend's voice receipt rule PUT answers with the GET's wording (documented example).
      update: 'Your rule incoming voice receipt.',
      delete: 'Your rule voice receipt has been deleted.',
    },
    deleted: [],
  },
  {
    kind: 'fax_receipt',
    shape: 'receipt',
    path: '/automations/fax/receipts',
    idName: 'receipt_rule_id',
    noun: 'Fax delivery receipt rule',
    operation: 'automations.fax.receipts',
    tag: 'Fax Delivery Receipt Rules',
    messages: {
      list: 'Here is your result.',
      create: 'Your new Fax receipt has been added.',
      get: 'Your rule incoming fax receipt.',
      update: 'Your rule incoming fax receipt has been updated.',
      delete: 'Your rule incoming fax receipt has been deleted.',
    },
    // ClickSend answers a fax receipt rule delete with `data: null` (documented example).
    deleted: null,
  },
  {
    kind: 'fax_inbound',
    shape: 'fax_inbound',
    path: '/automations/fax/inbound',
    idName: 'inbound_rule_id',
    noun: 'Inbound fax rule',
    operation: 'automations.fax.inbound',
    tag: 'Inbound Fax Rules',
    messages: {
      list: 'Your inbound fax.',
      create: 'New rule has been added.',
      get: 'Your inbound fax.',
      // ClickSend's inbound fax rule PUT answers with the GET's wording (documented example).
      update: 'Your inbound fax.',
      delete: 'Your fax inbound rule has been deleted.',
    },
    deleted: [],
  },
];
