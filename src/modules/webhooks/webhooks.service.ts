import type { AuthContext } from '../../core/auth/index.js';
import { ApiError } from '../../core/errors/index.js';
import type { PageRequest } from '../../core/pagination/index.js';
import type { Clock } from '../../core/util/clock.js';
import { presentDelivery, presentDetail, storedStatus } from './webhooks.presenter.js';
import type { WebhooksRepository } from './webhooks.repository.js';
import type { DeliveryListQuery, WebhookDeliveryDetail, WebhookDeliveryRecord } from './webhooks.schemas.js';

const notFound = (eventId: string) => ApiError.notFound(`Webhook delivery ${eventId} not found.`);

/** The delivery log: an account's pushes, newest first, with their attempts; and redeliver. */
export class WebhookDeliveriesService {
  constructor(
    private readonly repo: WebhooksRepository,
    private readonly clock: Clock,
  ) {}

  async list(auth: AuthContext, page: PageRequest, q: DeliveryListQuery): Promise<{ items: WebhookDeliveryRecord[]; total: number }> {
    const filter = { ...(q.status ? { status: [storedStatus(q.status)] } : {}), ...(q.event_type ? { eventType: q.event_type } : {}), ...(q.message_id ? { messageId: q.message_id } : {}) };
    const { rows, total } = await this.repo.listDeliveries(auth.accountId, filter, page);
    return { items: rows.map(presentDelivery), total };
  }

  async get(auth: AuthContext, eventId: string): Promise<WebhookDeliveryDetail> {
    const row = await this.repo.deliveryByEventId(auth.accountId, eventId);
    if (!row) throw notFound(eventId);
    return presentDetail(row, await this.repo.attemptsOf(Number(row.id)));
  }

  /**
   * Queues the delivery again now, as a new cycle with the full retry schedule and the same event id and payload (a
   * receiver that kept the first copy drops this one). Refused while an attempt is in flight.
   */
  async redeliver(auth: AuthContext, eventId: string): Promise<WebhookDeliveryDetail> {
    const row = await this.repo.deliveryByEventId(auth.accountId, eventId);
    if (!row) throw notFound(eventId);
    if (!(await this.repo.redeliver(Number(row.id), this.clock.nowMs()))) {
      throw new ApiError('CONFLICT', `Webhook delivery ${eventId} is being delivered right now; redeliver it once this attempt has ended.`);
    }
    return this.get(auth, eventId);
  }
}
