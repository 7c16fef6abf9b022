import type { Db } from '../../core/db/index.js';
import { notFoundById, badCountryCode } from '../../core/errors/index.js';
import type { PageRequest } from '../../core/pagination/index.js';
import { compileSearch, type SearchParams } from '../../core/search/index.js';
import { unixSeconds, type Clock } from '../../core/util/clock.js';
import { isCountryCode } from '../../core/validation/index.js';
import { ReturnAddressesRepository } from './return-addresses.repository.js';
import { RETURN_ADDRESSES_SEARCH } from './return-addresses.search.js';
import type { ReturnAddressRow } from './return-addresses.tables.js';
import type { NewReturnAddressBody, ReturnAddressRecord, UpdateReturnAddressBody } from './return-addresses.schemas.js';

export function presentReturnAddress(row: ReturnAddressRow): ReturnAddressRecord {
  return {
    address_city: row.address_city,
    address_country: row.address_country,
    address_line_1: row.address_line_1,
    address_line_2: row.address_line_2,
    address_name: row.address_name,
    address_postal_code: row.address_postal_code,
    address_state: row.address_state,
    return_address_id: row.id,
    user_id: row.account_id,
  };
}

function normalise(input: UpdateReturnAddressBody) {
  if (input.address_country !== undefined && !isCountryCode(input.address_country)) {
    throw badCountryCode('address_country', String(input.address_country), 'AU');
  }
  const out: Partial<Omit<ReturnAddressRow, 'id' | 'account_id' | 'created_at'>> = {};
  if (input.address_name !== undefined) out.address_name = input.address_name.trim();
  if (input.address_line_1 !== undefined) out.address_line_1 = input.address_line_1.trim();
  if (input.address_line_2 !== undefined) out.address_line_2 = (input.address_line_2 ?? '').trim();
  if (input.address_city !== undefined) out.address_city = input.address_city.trim();
  if (input.address_state !== undefined) out.address_state = (input.address_state ?? '').trim();
  if (input.address_postal_code !== undefined) out.address_postal_code = String(input.address_postal_code).trim();
  if (input.address_country !== undefined) out.address_country = input.address_country.toUpperCase();
  return out;
}

/** Return addresses: every post recipient names one, and only its owner sees or uses it. */
export class ReturnAddressesService {
  readonly repo: ReturnAddressesRepository;

  constructor(
    db: Db,
    private readonly clock: Clock,
  ) {
    this.repo = new ReturnAddressesRepository(db);
  }

  /** A page of the account's return addresses; q= / order_by= / operator= as ClickSend's lists take them. */
  async list(accountId: number, page: PageRequest, query: SearchParams = {}) {
    const { rows, total } = await this.repo.page(accountId, compileSearch(RETURN_ADDRESSES_SEARCH, query), page.limit, page.offset);
    return { items: rows.map(presentReturnAddress), total };
  }

  async get(accountId: number, id: number) {
    const row = await this.repo.find(accountId, id);
    if (!row) throw notFoundById('Return address', id);
    return presentReturnAddress(row);
  }

  /** The rows of the listed ids that the account owns, keyed by id (for per-recipient validation). */
  async ownedByIds(accountId: number, ids: number[]): Promise<Map<number, ReturnAddressRow>> {
    const unique = [...new Set(ids.filter((id) => Number.isSafeInteger(id) && id > 0))];
    const rows = await this.repo.findMany(accountId, unique);
    return new Map(rows.map((r) => [r.id, r]));
  }

  async create(accountId: number, input: NewReturnAddressBody) {
    const fields = normalise(input);
    const now = unixSeconds(this.clock);
    const row = await this.repo.insert(accountId, {
      address_name: fields.address_name!,
      address_line_1: fields.address_line_1!,
      address_line_2: fields.address_line_2 ?? '',
      address_city: fields.address_city!,
      address_state: fields.address_state ?? '',
      address_postal_code: fields.address_postal_code!,
      address_country: fields.address_country!,
      created_at: now,
      updated_at: now,
    });
    return presentReturnAddress(row);
  }

  async update(accountId: number, id: number, input: UpdateReturnAddressBody) {
    const row = await this.repo.update(accountId, id, { ...normalise(input), updated_at: unixSeconds(this.clock) });
    if (!row) throw notFoundById('Return address', id);
    return presentReturnAddress(row);
  }

  async remove(accountId: number, id: number) {
    if (!(await this.repo.delete(accountId, id))) throw notFoundById('Return address', id);
  }
}
