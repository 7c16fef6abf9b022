import type { Config } from '../../config/index.js';
import type { Db } from '../../core/db/index.js';
import type { SafeFetcher } from '../../core/fetch/index.js';
import type { WebhookOutbox } from '../../core/messaging/index.js';
import type { Module } from '../../core/modules/index.js';
import type { Clock } from '../../core/util/clock.js';
import { WebhookOutboxService } from './webhooks.outbox.js';
import { webhooksQueue } from './webhooks.queue.js';
import { WebhooksRepository } from './webhooks.repository.js';
import { webhooksRoutes } from './webhooks.routes.js';
import { WebhookSecrets } from './webhooks.secrets.js';
import { WebhookDeliveriesService } from './webhooks.service.js';

/**
 * Pushes to customer URLs: the outbox other modules write to (`webhooks`), the dispatch queue that delivers it
 * (retries, attempt log, signatures), the signing secret and the delivery log routes under /v3/sendbox.
 */
export function webhooksModule(d: { db: Db; clock: Clock; config: Pick<Config, 'webhooks' | 'publicUrl'>; fetcher: SafeFetcher }): Module<{ webhooks: WebhookOutbox }> {
  const repo = new WebhooksRepository(d.db);
  const secrets = new WebhookSecrets(repo, d.clock);
  const webhooks = new WebhookOutboxService(repo, d.clock);
  const deliveries = new WebhookDeliveriesService(repo, d.clock);
  return {
    name: 'webhooks',
    provides: { webhooks },
    routes: (app) => webhooksRoutes(app, { config: d.config, deliveries, secrets }),
    queues: [webhooksQueue({ secrets, fetcher: d.fetcher, clock: d.clock, config: d.config })],
  };
}
