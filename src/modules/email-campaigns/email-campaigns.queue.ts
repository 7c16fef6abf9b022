import type { DispatchQueue, DispatchRow } from '../../core/dispatch/index.js';
import type { ListContact } from '../../core/messaging/index.js';
import type { EmailProvider } from '../../providers/email/index.js';
import { campaignTemplate, renderEmail } from './email-campaigns.html.js';
import type { EmailCampaignsRepository } from './email-campaigns.repository.js';
import type { EmailCampaignMessageRow, EmailCampaignRow } from './email-campaigns.tables.js';

type Row = EmailCampaignMessageRow & DispatchRow;

export interface DeliveryDeps {
  repo: EmailCampaignsRepository;
  provider: EmailProvider;
  publicUrl: string;
  /** The plain text of an HTML body, off the event loop when it is large (the email module's PlainTextConverter). */
  plainText: { of(html: string): Promise<string> };
  settings: { concurrency: number; maxAttempts: number; retryBaseMs: number; retryMaxMs: number };
}

/** The outbox file name (and the relay's idempotency key) of a recipient's email. */
export const deliveryKey = (messageId: string) => `email-campaign-${messageId}`;

/**
 * Hands each recipient's email to the shared provider (the outbox, or SMTP_URL's relay): built from the campaign's
 * stored body and the contact kept with the recipient. The relay's 250 → Sent (processed_at); a 5xx
 * (PermanentFailure) → Failed, a hard bounce; a 4xx or network error (TemporaryFailure) → retried with backoff
 * (EMAIL_RETRY_BASE_MS doubling up to EMAIL_RETRY_MAX_MS, EMAIL_MAX_ATTEMPTS hand-offs), the dispatcher's mapping.
 */
export function campaignDeliveryQueue(d: DeliveryDeps): DispatchQueue<Row> {
  // A campaign's body never changes once its recipients exist (updates are refused after it starts): cached by id.
  // With its template (campaignTemplate) and the template's plain text: built once per campaign, not per recipient.
  const campaigns = new Map<number, Promise<{ row: EmailCampaignRow; template: { html: string; text: string } } | undefined>>();
  function campaignOf(id: number): Promise<{ row: EmailCampaignRow; template: { html: string; text: string } } | undefined> {
    const cached = campaigns.get(id);
    if (cached) return cached;
    const loading = (async () => {
      const row = await d.repo.byId(id);
      if (!row) return undefined;
      const html = campaignTemplate(row.body);
      return { row, template: { html, text: await d.plainText.of(html) } };
    })();
    if (campaigns.size >= 64) campaigns.clear();
    campaigns.set(id, loading);
    // A failed read or conversion is not kept: the next hand-off tries again.
    loading.then(
      (v) => v ?? campaigns.delete(id),
      () => campaigns.delete(id),
    );
    return loading;
  }
  return {
    name: 'email_campaign_messages',
    table: 'email_campaign_messages',
    idempotencyKey: (row) => deliveryKey(row.message_id),
    concurrency: d.settings.concurrency,
    retry: { maxAttempts: d.settings.maxAttempts, baseDelayMs: d.settings.retryBaseMs, maxDelayMs: d.settings.retryMaxMs },
    async handle(row, ctx) {
      const loaded = await campaignOf(Number(row.campaign_id));
      if (!loaded) return { result: 'failed', error: 'the campaign no longer exists' };
      const campaign = loaded.row;
      const contact = JSON.parse(row.contact_json) as ListContact;
      const email = renderEmail(campaign, loaded.template, contact, d.publicUrl, row.token);
      const sent = await d.provider.send(
        {
          to: [{ address: row.to_address, ...(row.to_name ? { name: row.to_name } : {}) }],
          from: { address: campaign.from_address, name: campaign.from_name },
          subject: email.subject,
          text: email.text,
          html: email.html,
          headers: email.headers,
        },
        ctx.idempotencyKey,
      );
      return { result: 'sent', set: { processed_at: Math.floor(ctx.nowMs / 1000), relay_response: sent.response.slice(0, 1000) } };
    },
  };
}
