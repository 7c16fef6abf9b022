import type { Config } from '../../config/index.js';
import type { Db } from '../../core/db/index.js';
import { ApiError } from '../../core/errors/index.js';
import { fileUrl, newFileName, writeCsv, type FileStore } from '../../core/files/index.js';
import type { PageRequest } from '../../core/pagination/index.js';
import { unixSeconds, type Clock } from '../../core/util/clock.js';
import { checkTargetUrl, newLinkCodes } from './short-links.codes.js';
import { EXPORT_COLUMNS, exportRow, statistics, trackingItem } from './short-links.presenter.js';
import { ShortLinksRepository, type Exec } from './short-links.repository.js';
import type { LinkStatistics, LinkTrackingItem } from './short-links.schemas.js';
import type { NewShortLink } from './short-links.tables.js';

/** One recipient of a campaign, as its short link remembers it. */
export interface MintRecipient {
  contactId: number | null;
  /** E.164, as the message is sent to it. */
  phone: string | null;
  firstName: string | null;
  lastName: string | null;
  /** An http(s) URL that passes checkTargetUrl (the campaign's url_to_shorten). */
  targetUrl: string;
}

export interface MintedLink {
  linkId: number;
  code: string;
  /** `${SHORT_LINK_BASE_URL}/${SHORT_LINK_PREFIX}/${code}`, what goes into the message body. */
  url: string;
}

/** Rows per INSERT: 9 columns each, well under SQLite's 32,766 and PostgreSQL's 65,535 bound parameters. */
const MINT_BATCH = 1000;
/** Re-mints of one batch's colliding codes before giving up: at 47.6 bits a second collision in one batch is already absurd. */
const MINT_ATTEMPTS = 5;
const EXPORT_BATCH = 1000;

/**
 * Short links of SMS campaigns: minting one per recipient inside the campaign's transaction, and the
 * tracking, statistics and CSV export the campaign routes serve (after they check the campaign is the
 * caller's; every query here is scoped by account as well). Clicks are recorded by the redirect (short-links.routes.ts).
 */
export class ShortLinksService {
  readonly repo: ShortLinksRepository;
  private readonly settings: Config['shortLinks'];

  constructor(
    db: Db,
    private readonly clock: Clock,
    private readonly config: Pick<Config, 'publicUrl' | 'shortLinks'>,
    private readonly files: FileStore,
    /** Where codes come from: the CSPRNG; a test hands in codes that collide. */
    private readonly codes: (count: number, length: number) => string[] = newLinkCodes,
  ) {
    this.repo = new ShortLinksRepository(db);
    this.settings = config.shortLinks;
  }

  /** The problem with a target URL (naming `field`), or its normalised form: the campaign validates url_to_shorten with it. */
  checkTargetUrl(value: unknown, field = 'url_to_shorten') {
    return checkTargetUrl(value, field);
  }

  urlOf(code: string): string {
    return `${this.settings.baseUrl}/${this.settings.prefix}/${code}`;
  }

  /**
   * One new short link per recipient, in `exec` (the campaign's transaction, so links and messages commit or
   * vanish together), in multi-row inserts of MINT_BATCH; answers in the recipients' order. A code that collides
   * with a stored one is skipped by the insert and re-minted. A bad target URL is a 400 naming it.
   */
  async mint(exec: Exec, accountId: number, campaignId: number, recipients: readonly MintRecipient[]): Promise<MintedLink[]> {
    const now = unixSeconds(this.clock);
    // A campaign sends one URL to everyone: each distinct URL is parsed once.
    const checkedUrls = new Map<string, string>();
    const targets = recipients.map((r) => {
      let url = checkedUrls.get(r.targetUrl);
      if (url === undefined) {
        const checked = checkTargetUrl(r.targetUrl);
        if (checked.problem !== undefined) throw ApiError.badRequest(checked.problem);
        checkedUrls.set(r.targetUrl, (url = checked.url));
      }
      return url;
    });
    const out: MintedLink[] = new Array(recipients.length);
    for (let start = 0; start < recipients.length; start += MINT_BATCH) {
      // A turn of the event loop between batches: other requests run while a 20,000-link campaign is minted.
      if (start > 0) await new Promise((resolve) => setImmediate(resolve));
      let pending = range(start, Math.min(recipients.length, start + MINT_BATCH));
      for (let attempt = 1; pending.length > 0; attempt++) {
        if (attempt > MINT_ATTEMPTS) throw new Error(`short links: ${pending.length} codes still collided after ${MINT_ATTEMPTS} attempts`);
        // A code drawn twice would collide with itself in the insert: repeats are dropped, and their recipients wait.
        const codes = [...new Set(this.codes(pending.length, this.settings.codeLength))];
        const batch = pending.slice(0, codes.length);
        const rows: NewShortLink[] = batch.map((i, k) => {
          const r = recipients[i]!;
          return {
            code: codes[k]!,
            account_id: accountId,
            campaign_id: campaignId,
            contact_id: r.contactId,
            phone_number: r.phone,
            first_name: r.firstName,
            last_name: r.lastName,
            target_url: targets[i]!,
            created_at: now,
          };
        });
        const inserted = new Map((await this.repo.insertLinks(exec, rows)).map((r) => [r.code, Number(r.id)]));
        const left: number[] = [];
        batch.forEach((i, k) => {
          const code = codes[k]!;
          const linkId = inserted.get(code);
          if (linkId === undefined) left.push(i);
          else out[i] = { linkId, code, url: this.urlOf(code) };
        });
        pending = [...left, ...pending.slice(codes.length)];
      }
    }
    return out;
  }

  /** One page of a campaign's recipients with their clicks, in send order; nothing for another account's campaign. */
  async tracking(accountId: number, campaignId: number, page: PageRequest): Promise<{ total: number; items: LinkTrackingItem[] }> {
    const [total, links] = await Promise.all([this.repo.countLinks(accountId, campaignId), this.repo.links(accountId, campaignId, page.limit, { offset: page.offset })]);
    const clicks = await this.repo.summaries(links.map((l) => Number(l.id)));
    return { total, items: links.map((l) => trackingItem(l, clicks.get(Number(l.id)))) };
  }

  async statistics(accountId: number, campaignId: number): Promise<LinkStatistics> {
    const [total, counts] = await Promise.all([this.repo.countLinks(accountId, campaignId), this.repo.clickCounts(accountId, campaignId)]);
    return statistics(total, counts.opened, counts.facets);
  }

  /**
   * Every tracking row of the campaign as a CSV in the file store (streamed from keyset batches, formulas
   * neutralised by writeCsv), and its URL in the shape ClickSend documents: <host>/files/<GUID>?filename=….
   */
  async exportCsv(accountId: number, campaignId: number, filename: string): Promise<{ url: string }> {
    const { repo } = this;
    const urlOf = (code: string) => this.urlOf(code);
    async function* rows() {
      for (let afterId = 0; ; ) {
        const links = await repo.links(accountId, campaignId, EXPORT_BATCH, { afterId });
        if (links.length === 0) return;
        const clicks = await repo.summaries(links.map((l) => Number(l.id)));
        for (const l of links) yield exportRow(trackingItem(l, clicks.get(Number(l.id))), urlOf(l.code), l.target_url);
        if (links.length < EXPORT_BATCH) return;
        afterId = Number(links[links.length - 1]!.id);
      }
    }
    const name = newFileName('csv');
    await writeCsv(this.files, name, EXPORT_COLUMNS, rows());
    return { url: fileUrl(this.config.publicUrl, name, { filename }) };
  }
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, k) => from + k);
}
