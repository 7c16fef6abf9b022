import type { AuthContext } from '../../core/auth/index.js';
import { ApiError } from '../../core/errors/index.js';
import type { PageRequest } from '../../core/pagination/index.js';
import { unixSeconds, type Clock } from '../../core/util/clock.js';
import { newMessageId } from '../../core/util/ids.js';
import { compileSearch, type SearchParams } from '../../core/search/index.js';
import type { SmsInboxRepository } from './sms.inbox.repository.js';
import { presentReceipt, presentReceiptItem, presentTestReceipt } from './sms.presenter.js';
import type { SmsRepository } from './sms.repository.js';
import { SMS_RECEIPTS_SEARCH } from './sms.query.js';

/** Delivery receipts: the pull list, one receipt, read marks and test receipts. */
export class SmsReceiptsService {
  constructor(
    private readonly repo: SmsInboxRepository,
    private readonly messages: SmsRepository,
    private readonly clock: Clock,
  ) {}

  /** Unread receipts matching q=, oldest first unless order_by says otherwise (pull them, then PUT /sms/receipts-read). */
  async list(auth: AuthContext, query: SearchParams, page: PageRequest) {
    const search = compileSearch(SMS_RECEIPTS_SEARCH, query);
    const [total, rows] = await Promise.all([
      this.repo.countUnreadReceipts(auth.accountId, search),
      this.repo.listUnreadReceipts(auth.accountId, search, page.limit, page.offset),
    ]);
    return { total, items: rows.map(presentReceiptItem) };
  }

  async get(auth: AuthContext, messageId: string) {
    const id = messageId.trim().toUpperCase();
    const row = await this.repo.findReceipt(auth.accountId, id);
    if (row) return presentReceipt(row);
    const message = await this.messages.findMessage(auth.accountId, id);
    if (message) throw ApiError.notFound(`No delivery receipt for message ${id} yet (it is ${message.status}); the network reports a few seconds after sending.`);
    throw ApiError.notFound(`No SMS with message_id ${messageId} in this account.`);
  }

  async markRead(auth: AuthContext, dateBefore: number | null | undefined): Promise<void> {
    await this.repo.markReceiptsRead(auth.accountId, dateBefore ?? undefined);
  }

  /**
   * POST /sms/receipts: a generated "delivered" receipt for a made-up message, stored so the pull list
   * shows it. ClickSend uses `url` to exercise the caller's webhook; Sendbox checks it and records nothing
   * else about it (automation rules deliver webhooks).
   */
  async addTest(auth: AuthContext, url: string) {
    if (!/^https?:\/\/\S+$/i.test(url.trim())) throw ApiError.badRequest(`url must be an http(s) URL, got "${url}".`);
    const now = unixSeconds(this.clock);
    const row = await this.repo.insertReceipt({
      message_id: newMessageId(),
      account_id: auth.accountId,
      subaccount_id: auth.subaccountId,
      custom_string: null,
      status_code: 201,
      error_code: null,
      timestamp_send: now,
      receipt_at: now,
      is_read: 0,
      is_test: 1,
      created_at: now,
    });
    return presentTestReceipt(row);
  }
}
