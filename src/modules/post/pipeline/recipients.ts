import { isCountryCode, parseSchedule } from '../../../core/validation/index.js';
import type { ReturnAddressRow } from '../../return-addresses/index.js';
import type { PostRecipientInput } from './schemas.js';

/** The address block of a post item, as stored and printed. */
export interface PostAddress {
  address_name: string;
  address_line_1: string;
  address_line_2: string;
  address_city: string;
  address_state: string;
  address_postal_code: string;
  address_country: string;
}

export type RecipientStatus = 'MISSING_REQUIRED_FIELDS' | 'INVALID_RECIPIENT' | 'INVALID_RETURN_ADDRESS' | 'INVALID_SCHEDULE' | 'UNPRINTABLE_ADDRESS';

export interface AcceptedRecipient {
  ok: true;
  index: number;
  address: PostAddress;
  returnAddress: ReturnAddressRow;
  /** Unix seconds it is handed to print, never before now. */
  scheduleAt: number;
  /** Whether the caller asked for a time in the future. */
  scheduled: boolean;
  customString: string | null;
  /** A documented test postcode: accepted, never charged or printed. */
  isTest: boolean;
  /** How the address prints if not as written at its normal size (shrunk, wrapped): the item's `_warnings`. */
  warnings: string[];
  /** As given, for the answer if a later check (the address does not print) refuses it. */
  input: PostRecipientInput;
}

export interface RefusedRecipient {
  ok: false;
  index: number;
  status: RecipientStatus;
  /** Names the recipient, the field and the problem. */
  message: string;
  input: PostRecipientInput;
}

export type CheckedRecipient = AcceptedRecipient | RefusedRecipient;

// ClickSend documents these postcodes for post: the item is accepted, but never sent or charged.
export const TEST_POSTCODES: ReadonlySet<string> = new Set(['11111', '22222', '33333']);

const REQUIRED = ['address_name', 'address_line_1', 'address_city', 'address_state', 'address_postal_code', 'address_country', 'return_address_id'] as const;
const MAX_LENGTH: Record<keyof PostAddress, number> = {
  address_name: 200,
  address_line_1: 200,
  address_line_2: 200,
  address_city: 200,
  address_state: 200,
  address_postal_code: 40,
  address_country: 2,
};

const text = (v: unknown) => (v === null || v === undefined ? '' : String(v).trim());

// A field of only invisible format characters (zero-width spaces, joiners, bidi controls, BOM, tags) prints as
// nothing: it is as missing as an empty one, never a blank address charged and handed to the print house.
const INVISIBLE = /[\p{Cf}\p{White_Space}]/gu;
const blank = (v: unknown) => text(v).replace(INVISIBLE, '') === '';

/** A positive whole number from a number or a numeric string; undefined otherwise. */
function wholeNumber(v: unknown): number | undefined {
  const s = text(v);
  if (!/^\d{1,16}$/.test(s)) return undefined;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** The return address ids named by the recipients, to look up in one query. */
export function returnAddressIds(inputs: readonly PostRecipientInput[]): number[] {
  return inputs.map((r) => wholeNumber(r.return_address_id)).filter((n): n is number => n !== undefined && n > 0);
}

/**
 * Checks one recipient: required fields, lengths, an ISO alpha-2 country, a return address the account
 * owns, and a unix-seconds schedule. The first problem found decides its status.
 */
export function checkRecipient(input: PostRecipientInput, index: number, owned: ReadonlyMap<number, ReturnAddressRow>, nowS: number): CheckedRecipient {
  const who = `recipients[${index}]`;
  const refuse = (status: RecipientStatus, message: string): RefusedRecipient => ({ ok: false, index, status, message, input });

  const missing = REQUIRED.filter((f) => blank(input[f]));
  if (missing.length) return refuse('MISSING_REQUIRED_FIELDS', `${who} is missing ${missing.join(', ')}.`);

  const address: PostAddress = {
    address_name: text(input.address_name),
    address_line_1: text(input.address_line_1),
    address_line_2: text(input.address_line_2),
    // ClickSend returns address_city upper-cased ("City" → "CITY") in send and history records.
    address_city: text(input.address_city).toUpperCase(),
    address_state: text(input.address_state),
    address_postal_code: text(input.address_postal_code),
    address_country: text(input.address_country).toUpperCase(),
  };
  for (const [field, max] of Object.entries(MAX_LENGTH) as Array<[keyof PostAddress, number]>) {
    if (field !== 'address_country' && address[field].length > max) {
      return refuse('INVALID_RECIPIENT', `${who}.${field} is ${address[field].length} characters long; at most ${max} fit on an address label.`);
    }
  }
  if (!isCountryCode(address.address_country)) {
    return refuse('INVALID_RECIPIENT', `${who}.address_country must be an ISO 3166-1 alpha-2 code such as AU, got "${text(input.address_country)}".`);
  }

  const rid = wholeNumber(input.return_address_id);
  const returnAddress = rid !== undefined ? owned.get(rid) : undefined;
  if (!returnAddress) {
    return refuse(
      'INVALID_RETURN_ADDRESS',
      `${who}.return_address_id ${JSON.stringify(input.return_address_id)} is not a return address of this account; create one with POST /post/return-addresses.`,
    );
  }

  const schedule = parseSchedule(input.schedule, nowS, { past: 'now' });
  if (schedule.kind === 'malformed' || schedule.kind === 'past') {
    const hint = schedule.kind === 'malformed' && schedule.looksLikeMs ? ' (it looks like milliseconds)' : '';
    return refuse('INVALID_SCHEDULE', `${who}.schedule must be a unix time in seconds, or 0 to send now; got ${JSON.stringify(input.schedule)}${hint}.`);
  }
  const scheduleAt = schedule.at;
  const scheduled = schedule.kind === 'later';
  const custom = input.custom_string;
  return {
    ok: true,
    index,
    address,
    returnAddress,
    scheduleAt,
    scheduled,
    customString: custom === undefined || custom === null ? null : String(custom),
    isTest: TEST_POSTCODES.has(address.address_postal_code),
    warnings: [],
    input,
  };
}
