import type { AuthContext } from '../../core/auth/index.js';
import type { FileStore } from '../../core/files/index.js';
import { MessageHistory, type HistoryChannel } from '../../core/messaging/index.js';
import type { PageRequest } from '../../core/pagination/index.js';
import { currencyInfo, type AccountsRepository, type CurrencyInfo } from '../accounts/index.js';
import { EXPORT_COLUMNS, exportRow, presentHistory } from './email.presenter.js';
import { historyPlan, type EmailHistoryQuery } from './email.query.js';
import type { EmailRepository } from './email.repository.js';
import type { EmailMessageRow } from './email.tables.js';

/**
 * GET /email/history and its export through the message core's MessageHistory (count + page, keyset-batched
 * streamed CSV); the record carries the account's _currency, so the channel is made per call.
 */
export class EmailHistory {
  constructor(
    private readonly repo: EmailRepository,
    private readonly files: FileStore,
    private readonly publicUrl: string,
    private readonly accounts: AccountsRepository,
  ) {}

  private channel(currency: CurrencyInfo): HistoryChannel<EmailHistoryQuery, EmailMessageRow, ReturnType<typeof presentHistory>> {
    return {
      plan: historyPlan,
      present: (row) => presentHistory(row, currency, this.publicUrl),
      exportColumns: EXPORT_COLUMNS,
      exportRow,
    };
  }

  private async history(auth: AuthContext) {
    const account = await this.accounts.findAccount(auth.accountId);
    return new MessageHistory(this.repo.messages, this.files, this.publicUrl, this.channel(currencyInfo(account?.currency ?? 'USD')));
  }

  async list(auth: AuthContext, query: EmailHistoryQuery, page: PageRequest) {
    return (await this.history(auth)).list(auth, query, page);
  }

  async export(auth: AuthContext, query: EmailHistoryQuery & { filename: string }) {
    return (await this.history(auth)).export(auth, query);
  }
}
