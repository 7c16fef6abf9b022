import { Type, type Static } from '@sinclair/typebox';
import { MAX_UNIX_SECONDS } from '../../core/validation/index.js';
import { Currency } from '../accounts/index.js';

const Id = (description: string) => Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description });

/**
 * POST /email-campaigns/send and /price, PUT /email-campaigns/{id} (the SDK's EmailCampaign). Types and sizes only: blanks,
 * the sender, the list, the template and the schedule are checked by the service, whose messages name the field.
 * `body` is documented required; it may be empty (or absent) when template_id gives the HTML.
 */
export const EmailCampaignBody = Type.Object({
  name: Type.String({ maxLength: 1000, description: 'Name of the campaign (at most 200 characters).' }),
  subject: Type.String({ maxLength: 998, description: 'Subject; placeholders such as {FirstName} are filled per contact.' }),
  // maxLength is an outer bound in characters; the service enforces EMAIL_TEMPLATE_MAX_BYTES (UTF-8 bytes) with a 413 naming body.
  body: Type.Optional(
    Type.String({ maxLength: 1_048_576, description: 'The HTML; empty = the template_id template. Placeholders filled per contact. At most EMAIL_TEMPLATE_MAX_BYTES (512 KiB by default) in UTF-8.' }),
  ),
  from_email_address_id: Id('One of your verified allowed email addresses.'),
  from_name: Type.String({ maxLength: 1000, description: 'Display name of the sender.' }),
  template_id: Type.Optional(Type.Union([Id('One of your user templates (GET /email/templates).'), Type.Null()])),
  list_id: Id('One of your contact lists (at most 20,000 contacts).'),
  schedule: Type.Optional(Type.Union([Type.Number(), Type.String({ maxLength: 32 }), Type.Null()], { description: 'Unix seconds; absent, 0 or null = now.' })),
});
export type EmailCampaignBody = Static<typeof EmailCampaignBody>;

const CampaignFields = {
  email_campaign_id: Type.Integer(),
  name: Type.String(),
  user_id: Type.Integer(),
  subaccount_id: Type.Integer(),
  subject: Type.String(),
  list_id: Type.Integer(),
  from_email_address_id: Type.Integer(),
  from_name: Type.String(),
  template_id: Type.Union([Type.Integer(), Type.Null()]),
  schedule: Type.String(),
  status: Type.String(),
  date_added: Type.String(),
  custom_string: Type.String(),
  send_count: Type.Integer(),
  open_count: Type.Integer(),
  click_count: Type.Integer(),
  hard_bounce_count: Type.Integer(),
  soft_bounce_count: Type.Integer(),
  abuse_count: Type.Integer(),
  unsubscribe_count: Type.Integer(),
};

/** A campaign as ClickSend shows it in lists (its example items carry no body). */
export const EmailCampaignListItem = Type.Object(CampaignFields);
/** A campaign with its body (get, send, update, cancel). */
export const EmailCampaignRecord = Type.Object({ ...CampaignFields, body: Type.String(), body_plain_text: Type.String() });

export const CampaignSendResult = Type.Object({
  currency: Currency,
  data: EmailCampaignRecord,
  queued_count: Type.Integer(),
  total_count: Type.Integer(),
  total_price: Type.String(),
});

export const CampaignPriceResult = Type.Object({
  currency: Currency,
  data: Type.Object({
    body: Type.String(),
    from_email_address_id: Type.Integer(),
    from_name: Type.String(),
    list_id: Type.Integer(),
    name: Type.String(),
    subject: Type.String(),
    template_id: Type.Union([Type.Integer(), Type.Null()]),
  }),
  queued_count: Type.Integer(),
  total_count: Type.Integer(),
  total_price: Type.String(),
});

export const CampaignHistoryItem = Type.Object({
  email_campaign_id: Type.Integer(),
  from_name: Type.String(),
  from_address: Type.String(),
  to_name: Type.String(),
  to_address: Type.String(),
  contact_id: Type.Integer(),
  subject: Type.String(),
  message_id: Type.String(),
  processed_at: Type.Union([Type.String(), Type.Null()]),
  status: Type.String(),
  open_count: Type.Integer(),
  click_count: Type.Integer(),
  hard_bounce_count: Type.Integer(),
  soft_bounce_count: Type.Integer(),
});
export type CampaignHistoryItem = Static<typeof CampaignHistoryItem>;

export const HistoryRange = Type.Object({
  date_from: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_UNIX_SECONDS, description: 'Unix seconds, inclusive (when the recipient was queued).' })),
  date_to: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_UNIX_SECONDS, description: 'Unix seconds, inclusive.' })),
});
export type HistoryRange = Static<typeof HistoryRange>;

export const CampaignIdParams = Type.Object({ email_campaign_id: Id('The campaign.') });
