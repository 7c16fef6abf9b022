import type { AuthContext } from '../../core/auth/index.js';
import { ApiError, notFoundById } from '../../core/errors/index.js';
import type { PageRequest } from '../../core/pagination/index.js';
import { compileSearch, type SearchParams } from '../../core/search/index.js';
import { unixSeconds, type Clock } from '../../core/util/clock.js';
import { presentList } from './contacts.presenter.js';
import type { ContactsRepository } from './contacts.repository.js';
import type { ListBody } from './contacts.schemas.js';
import type { ContactListRow } from './contacts.tables.js';
import { LISTS_SEARCH } from './lists.search.js';
import { newListEmailId } from './list-email-id.js';
import type { ImportStatus } from './import/index.js';

const isYes = (v: ListBody['_opt_out']) => v === true || v === 1 || v === '1' || v === 'true';

function checkName(name: string) {
  if (name.trim() === '') throw ApiError.badRequest('list_name must not be blank.');
  return name.trim();
}

/** Contact lists (/lists): always the caller's account's; another account's list is a 404. */
export class ListsService {
  constructor(
    private readonly repo: ContactsRepository,
    private readonly clock: Clock,
    /** `_import`: the latest import of each list that has had one (the import part's latestImports). */
    private readonly imports: (accountId: number, listIds: readonly number[]) => Promise<Map<number, ImportStatus>> = async () => new Map(),
  ) {}

  async list(auth: AuthContext, page: PageRequest, query: SearchParams) {
    const { rows, total } = await this.repo.listPage(auth.accountId, compileSearch(LISTS_SEARCH, query), page.limit, page.offset);
    const ids = rows.map((r) => Number(r.id));
    const [counts, imports] = await Promise.all([this.repo.countByList(ids), this.imports(auth.accountId, ids)]);
    return { items: rows.map((r) => withImport(presentList(r, counts.get(Number(r.id)) ?? 0), imports.get(Number(r.id)))), total };
  }

  /** The account's list, or 404 naming it. */
  async mustFind(accountId: number, listId: number): Promise<ContactListRow> {
    const list = await this.repo.findList(accountId, listId);
    if (!list) throw notFoundById('List', listId);
    return list;
  }

  async get(auth: AuthContext, listId: number) {
    const list = await this.mustFind(auth.accountId, listId);
    return this.present(list);
  }

  async create(auth: AuthContext, input: ListBody) {
    const now = unixSeconds(this.clock);
    const row = await this.repo.insertList({
      account_id: auth.accountId,
      subaccount_id: auth.subaccountId,
      list_name: checkName(input.list_name),
      list_email_id: newListEmailId(),
      is_opt_out: isYes(input._opt_out) ? 1 : 0,
      created_at: now,
      updated_at: now,
    });
    return presentList(row, 0);
  }

  /** PUT /lists/{id}: the name, and (additive) `_opt_out` when given. */
  async update(auth: AuthContext, listId: number, input: ListBody) {
    const changes = { listName: checkName(input.list_name), ...(input._opt_out === undefined ? {} : { isOptOut: isYes(input._opt_out) ? (1 as const) : (0 as const) }) };
    const row = await this.repo.updateList(auth.accountId, listId, changes, unixSeconds(this.clock));
    if (!row) throw notFoundById('List', listId);
    return this.present(row);
  }

  async remove(auth: AuthContext, listId: number) {
    if (!(await this.repo.deleteList(auth.accountId, listId))) throw notFoundById('List', listId);
  }

  private async present(row: ContactListRow) {
    const id = Number(row.id);
    const [counts, imports] = await Promise.all([this.repo.countByList([id]), this.imports(Number(row.account_id), [id])]);
    return withImport(presentList(row, counts.get(id) ?? 0), imports.get(id));
  }
}

/** Adds `_import` when the list has had an import (lists without one keep ClickSend's shape). */
const withImport = <T extends object>(record: T, status: ImportStatus | undefined) => (status ? { ...record, _import: status } : record);
