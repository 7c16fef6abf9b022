import { sql, type Transaction } from 'kysely';
import { isPostgres, type Database, type Db } from '../../core/db/index.js';
import type { NewLinkClick, NewShortLink, ShortLinkRow } from './short-links.tables.js';
import './short-links.tables.js';

export type Exec = Db | Transaction<Database>;

/** A click as the request tells it; the link's ids are added from the link itself. */
export type ClickDetails = Omit<NewLinkClick, 'link_id' | 'account_id' | 'campaign_id'>;

/** What a tracking row shows of a link's clicks: how many, and the first one (the open). */
export interface ClickSummary {
  open_count: number;
  first_clicked_at: number;
  browser: string | null;
  os: string | null;
  device: string | null;
  country: string | null;
  region: string | null;
}

export type LinkFacet = 'browser' | 'os' | 'device' | 'country';

/** Short link and click SQL; every read for reports is scoped by account and campaign. */
export class ShortLinksRepository {
  constructor(private readonly db: Db) {}

  /**
   * One insert of many rows; a row whose code is taken already is skipped (ON CONFLICT DO NOTHING, so the caller's
   * transaction is not aborted on PostgreSQL) and missing from the answer: the caller re-mints it. All rows are
   * of one account and campaign, made at one time.
   */
  async insertLinks(exec: Exec, rows: readonly NewShortLink[]): Promise<Array<{ id: number; code: string }>> {
    if (rows.length === 0) return [];
    if (!isPostgres(exec)) {
      return exec
        .insertInto('short_links')
        .values(rows as NewShortLink[])
        .onConflict((oc) => oc.column('code').doNothing())
        .returning(['id', 'code'])
        .execute();
    }
    // PostgreSQL parses and plans a VALUES list of 9,000 parameters slowly (1000 rows: ~100 ms); one array per column
    // through unnest() is the same insert with 9 parameters, 3-5x faster (measured: 20,000 rows 2.0 s → 0.4-0.6 s).
    const { account_id, campaign_id, created_at } = rows[0]!;
    const col = <T>(pick: (r: NewShortLink) => T) => rows.map(pick);
    const result = await sql<{ id: number; code: string }>`
      insert into short_links (code, account_id, campaign_id, contact_id, phone_number, first_name, last_name, target_url, created_at)
      select r.code, ${account_id}, ${campaign_id}, r.contact_id, r.phone_number, r.first_name, r.last_name, r.target_url, ${created_at}
      from unnest(${col((r) => r.code)}::varchar[], ${col((r) => r.contact_id ?? null)}::bigint[], ${col((r) => r.phone_number ?? null)}::varchar[],
        ${col((r) => r.first_name ?? null)}::text[], ${col((r) => r.last_name ?? null)}::text[], ${col((r) => r.target_url)}::text[])
        as r(code, contact_id, phone_number, first_name, last_name, target_url)
      on conflict (code) do nothing
      returning id, code`.execute(exec);
    return result.rows;
  }

  /** The redirect's lookup (unique index on code). */
  findByCode(code: string): Promise<Pick<ShortLinkRow, 'id' | 'account_id' | 'campaign_id' | 'target_url'> | undefined> {
    return this.db.selectFrom('short_links').select(['id', 'account_id', 'campaign_id', 'target_url']).where('code', '=', code).executeTakeFirst();
  }

  /**
   * A person opening a link: records the click and gives the target, or undefined (nothing recorded) for an
   * unknown code. On PostgreSQL one statement (a data-modifying CTE), so the redirect costs one round trip;
   * SQLite runs in the process, where a lookup then an insert cost no more.
   */
  async follow(code: string, click: ClickDetails): Promise<string | undefined> {
    if (isPostgres(this.db)) {
      const c = click;
      const { rows } = await sql<{ target_url: string }>`
        with link as (select id, account_id, campaign_id, target_url from short_links where code = ${code}),
        click as (
          insert into link_clicks (link_id, account_id, campaign_id, clicked_at, user_agent, browser, os, device, ip, country, region)
          select id, account_id, campaign_id, ${c.clicked_at}::bigint, ${c.user_agent ?? null}::varchar, ${c.browser ?? null}::varchar,
            ${c.os ?? null}::varchar, ${c.device ?? null}::varchar, ${c.ip ?? null}::varchar, ${c.country ?? null}::varchar, ${c.region ?? null}::varchar
          from link
        )
        select target_url from link`.execute(this.db);
      return rows[0]?.target_url;
    }
    const link = await this.findByCode(code);
    if (link)
      await this.db
        .insertInto('link_clicks')
        .values({ ...click, link_id: link.id, account_id: link.account_id, campaign_id: link.campaign_id })
        .execute();
    return link?.target_url;
  }

  async countLinks(accountId: number, campaignId: number): Promise<number> {
    const r = await this.db
      .selectFrom('short_links')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('account_id', '=', accountId)
      .where('campaign_id', '=', campaignId)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** Links of a campaign in mint order: a page (offset) or, with `afterId`, the next keyset batch. */
  links(accountId: number, campaignId: number, limit: number, at: { offset: number } | { afterId: number }): Promise<ShortLinkRow[]> {
    let q = this.db.selectFrom('short_links').selectAll().where('account_id', '=', accountId).where('campaign_id', '=', campaignId);
    if ('afterId' in at) q = q.where('id', '>', at.afterId);
    q = q.orderBy('id').limit(limit);
    if ('offset' in at) q = q.offset(at.offset);
    return q.execute();
  }

  /** Each clicked link's count and first click, for a page of links (two indexed reads, whatever the page size). */
  async summaries(linkIds: readonly number[]): Promise<Map<number, ClickSummary>> {
    const out = new Map<number, ClickSummary>();
    if (linkIds.length === 0) return out;
    const counts = await this.db
      .selectFrom('link_clicks')
      .select((eb) => ['link_id', eb.fn.countAll<number>().as('n'), eb.fn.min('id').as('first_id')])
      .where('link_id', 'in', linkIds as number[])
      .groupBy('link_id')
      .execute();
    if (counts.length === 0) return out;
    const firsts = await this.db
      .selectFrom('link_clicks')
      .select(['link_id', 'clicked_at', 'browser', 'os', 'device', 'country', 'region'])
      .where(
        'id',
        'in',
        counts.map((c) => Number(c.first_id)),
      )
      .execute();
    const countOf = new Map(counts.map((c) => [Number(c.link_id), Number(c.n)]));
    for (const f of firsts) {
      const { link_id, clicked_at, ...agent } = f;
      out.set(Number(link_id), { open_count: countOf.get(Number(link_id)) ?? 0, first_clicked_at: Number(clicked_at), ...agent });
    }
    return out;
  }

  /**
   * A campaign's opened links in total and by each facet of their clicks (a link clicked from two browsers counts
   * under both), in one round trip: five grouped counts over the campaign's clicks, joined by UNION ALL.
   */
  async clickCounts(accountId: number, campaignId: number): Promise<{ opened: number; facets: Record<LinkFacet, Array<{ value: string | null; count: number }>> }> {
    const clicks = () => this.db.selectFrom('link_clicks').where('account_id', '=', accountId).where('campaign_id', '=', campaignId);
    const byFacet = (facet: LinkFacet) =>
      clicks()
        .select((eb) => [sql.lit(facet).as('facet'), eb.ref(facet).as('value'), eb.fn.count<number>('link_id').distinct().as('n')])
        .groupBy(facet);
    const rows = await clicks()
      .select((eb) => [sql.lit('opened').as('facet'), sql<string | null>`null`.as('value'), eb.fn.count<number>('link_id').distinct().as('n')])
      .unionAll(byFacet('browser'))
      .unionAll(byFacet('country'))
      .unionAll(byFacet('device'))
      .unionAll(byFacet('os'))
      .execute();
    const facets: Record<LinkFacet, Array<{ value: string | null; count: number }>> = { browser: [], country: [], device: [], os: [] };
    let opened = 0;
    for (const r of rows) {
      if (r.facet === 'opened') opened = Number(r.n);
      else facets[r.facet as LinkFacet].push({ value: r.value, count: Number(r.n) });
    }
    return { opened, facets };
  }
}
