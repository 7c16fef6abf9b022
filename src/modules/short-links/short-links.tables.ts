import type { Generated, Insertable, Selectable } from 'kysely';

export interface ShortLinksTable {
  id: Generated<number>;
  /** Base62, SHORT_LINK_CODE_LENGTH characters when minted; unique. */
  code: string;
  account_id: number;
  campaign_id: number;
  /** The recipient as the campaign sent to it (a snapshot: tracking shows it after the contact changes). */
  contact_id: number | null;
  phone_number: string | null;
  first_name: string | null;
  last_name: string | null;
  /** An absolute http(s) URL, normalised (WHATWG href: ASCII only, so it is always a valid Location header). */
  target_url: string;
  created_at: number;
}

export interface LinkClicksTable {
  id: Generated<number>;
  link_id: number;
  account_id: number;
  campaign_id: number;
  clicked_at: number;
  user_agent: string | null;
  /** bowser's names ("Chrome", "Safari", "Samsung Internet for Android"); null when it knows none. */
  browser: string | null;
  os: string | null;
  /** bowser's platform type: desktop, mobile, tablet, tv, bot. */
  device: string | null;
  ip: string | null;
  /** ISO 3166-1 alpha-2 from SHORT_LINK_COUNTRY_HEADER behind a trusted proxy; null otherwise (no GeoIP database). */
  country: string | null;
  /** Always null for now: nothing tells a region without a GeoIP database. */
  region: string | null;
}

export type ShortLinkRow = Selectable<ShortLinksTable>;
export type NewShortLink = Insertable<ShortLinksTable>;
export type NewLinkClick = Insertable<LinkClicksTable>;

declare module '../../core/db/types.js' {
  interface Database {
    short_links: ShortLinksTable;
    link_clicks: LinkClicksTable;
  }
}
