import { Type, type Static } from '@sinclair/typebox';
import { Currency } from '../accounts/index.js';

const NullableStr = Type.Union([Type.String(), Type.Null()]);

/**
 * POST /sms-campaigns/send and /price, PUT /sms-campaigns/{id} (the SDK's SmsCampaign). Types only: lengths,
 * blanks, the sender id, the schedule and the URL are checked by the service, whose messages name the field.
 */
export const SmsCampaignBody = Type.Object({
  list_id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'One of your contact lists (at most 20,000 contacts).' }),
  name: Type.String({ maxLength: 1000, description: 'Name of the campaign (at most 200 characters).' }),
  body: Type.String({ maxLength: 10_000, description: 'The text; placeholders such as (First Name) are filled per contact.' }),
  from: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Null()], { description: 'Sender id: a number, or up to 11 letters and digits without spaces.' })),
  schedule: Type.Optional(Type.Union([Type.Number(), Type.String({ maxLength: 32 }), Type.Null()], { description: 'Unix seconds; absent, 0 or null = now.' })),
  url_to_shorten: Type.Optional(
    Type.Union([Type.String({ maxLength: 4096 }), Type.Null()], { description: 'Replaces the placeholder http://smsg.io/xxxxx (or smsg.us/xxxxx) with one short link per recipient.' }),
  ),
});
export type SmsCampaignBody = Static<typeof SmsCampaignBody>;

/** A campaign as ClickSend shows it: ids as numbers, times as unix-second strings; `_…` fields are Sendbox's. */
export const SmsCampaignRecord = Type.Object({
  sms_campaign_id: Type.Integer(),
  user_id: Type.Integer(),
  subaccount_id: Type.Integer(),
  list_id: Type.Integer(),
  name: Type.String(),
  body: Type.String(),
  from: Type.String(),
  schedule: Type.String(),
  status: Type.String(),
  url_to_shorten: NullableStr,
  custom_string: NullableStr,
  source: NullableStr,
  ip_address: NullableStr,
  date_added: Type.String(),
  _total_count: Type.Integer(),
  _queued_count: Type.Integer(),
  _sent_count: Type.Integer(),
  _refused_count: Type.Integer(),
  _contacts_done: Type.Integer(),
  _price: Type.String(),
  _quoted_price: Type.String(),
});

export const CampaignPrice = Type.Object({
  currency: Currency,
  data: Type.Object({ body: Type.String(), from: Type.String(), schedule: Type.Integer() }),
  total_count: Type.Integer(),
  total_price: Type.String(),
  _queued_count: Type.Integer(),
});

// The docs name it {campaign_id} on the link routes; one name for the segment keeps the router's tree one node.
export const CampaignIdParams = Type.Object({ sms_campaign_id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) });
export const ExportQuery = Type.Object({ filename: Type.Optional(Type.String({ maxLength: 200, description: 'Name of the CSV (required by ClickSend; default export.csv).' })) });
