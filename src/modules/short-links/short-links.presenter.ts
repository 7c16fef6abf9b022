import type { ClickSummary, LinkFacet } from './short-links.repository.js';
import type { LinkStatistics, LinkTrackingItem } from './short-links.schemas.js';
import type { ShortLinkRow } from './short-links.tables.js';

/**
 * A stored agent value as ClickSend labels it: its first letter upper-cased, so "iOS" reads "IOS" and
 * bowser's "desktop" reads "Desktop" (ClickSend's quirk: its example shows {"label": "IOS"}).
 */
export function agentLabel(value: string | null): string | null {
  return value ? value.charAt(0).toUpperCase() + value.slice(1) : null;
}

export function trackingItem(link: ShortLinkRow, clicks: ClickSummary | undefined): LinkTrackingItem {
  return {
    contact: {
      contact_id: link.contact_id === null ? null : Number(link.contact_id),
      first_name: link.first_name,
      last_name: link.last_name,
      phone_number: link.phone_number,
    },
    // ClickSend gives timestamps as unix-second strings.
    date_opened: clicks ? String(clicks.first_clicked_at) : null,
    open_count: clicks?.open_count ?? 0,
    user_browser: agentLabel(clicks?.browser ?? null),
    user_device: agentLabel(clicks?.device ?? null),
    user_geo_country: clicks?.country ?? null,
    user_geo_region: clicks?.region ?? null,
    user_os: agentLabel(clicks?.os ?? null),
  };
}

export const EXPORT_COLUMNS = [
  'contact_id',
  'first_name',
  'last_name',
  'phone_number',
  'date_opened',
  'open_count',
  'user_browser',
  'user_device',
  'user_geo_country',
  'user_geo_region',
  'user_os',
  'short_url',
  'target_url',
] as const;

export function exportRow(item: LinkTrackingItem, shortUrl: string, targetUrl: string): unknown[] {
  const c = item.contact;
  return [
    c.contact_id,
    c.first_name,
    c.last_name,
    c.phone_number,
    item.date_opened,
    item.open_count,
    item.user_browser,
    item.user_device,
    item.user_geo_country,
    item.user_geo_region,
    item.user_os,
    shortUrl,
    targetUrl,
  ];
}

/** Counts per label, largest first; unknown values (no browser parsed, no country header) count as "Other", as ClickSend shows them. */
export function facetCounts(rows: ReadonlyArray<{ value: string | null; count: number }>): Array<{ count: number; label: string }> {
  const byLabel = new Map<string, number>();
  for (const r of rows) {
    const label = agentLabel(r.value) ?? 'Other';
    byLabel.set(label, (byLabel.get(label) ?? 0) + r.count);
  }
  return [...byLabel].map(([label, count]) => ({ count, label })).sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
}

export function statistics(total: number, opened: number, facets: Record<LinkFacet, Array<{ value: string | null; count: number }>>): LinkStatistics {
  const out: LinkStatistics = { links: { opened, unopened: Math.max(0, total - opened) } };
  // ClickSend leaves a facet out when there is nothing to count (its note: "keys may be absent when no data").
  for (const key of ['browser', 'country', 'device', 'os'] as const) {
    const counted = facetCounts(facets[key]);
    if (counted.length > 0) out[key] = counted;
  }
  return out;
}
