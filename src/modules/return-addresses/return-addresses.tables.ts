import type { Generated, Selectable } from 'kysely';

export interface ReturnAddressesTable {
  id: Generated<number>;
  account_id: number;
  address_name: string;
  address_line_1: string;
  address_line_2: string;
  address_city: string;
  address_state: string;
  address_postal_code: string;
  address_country: string;
  created_at: number;
  updated_at: number;
}

export type ReturnAddressRow = Selectable<ReturnAddressesTable>;

declare module '../../core/db/types.js' {
  interface Database {
    return_addresses: ReturnAddressesTable;
  }
}
