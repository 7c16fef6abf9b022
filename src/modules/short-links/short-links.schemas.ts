import { Type, type Static } from '@sinclair/typebox';

const NullableString = Type.Union([Type.String(), Type.Null()]);

/** One recipient's row of GET /sms-campaigns/{id}/link-tracking, as ClickSend documents it. */
export const LinkTrackingItem = Type.Object({
  contact: Type.Object({
    contact_id: Type.Union([Type.Integer(), Type.Null()]),
    first_name: NullableString,
    last_name: NullableString,
    phone_number: NullableString,
  }),
  /** The first click, unix seconds as a string; null until the link is opened. */
  date_opened: NullableString,
  open_count: Type.Integer(),
  user_browser: NullableString,
  user_device: NullableString,
  user_geo_country: NullableString,
  user_geo_region: NullableString,
  user_os: NullableString,
});
export type LinkTrackingItem = Static<typeof LinkTrackingItem>;

const Counted = Type.Array(Type.Object({ count: Type.Integer(), label: Type.String() }));

/** GET /sms-campaigns/{id}/link-statistics: the facet arrays are absent until a link is clicked (ClickSend's note). */
export const LinkStatistics = Type.Object({
  browser: Type.Optional(Counted),
  country: Type.Optional(Counted),
  device: Type.Optional(Counted),
  os: Type.Optional(Counted),
  links: Type.Object({ opened: Type.Integer(), unopened: Type.Integer() }),
});
export type LinkStatistics = Static<typeof LinkStatistics>;
