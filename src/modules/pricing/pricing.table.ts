import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Type, type Static, type TOptional, type TPartial, type TSchema } from '@sinclair/typebox';
import { Value, ValueErrorType } from '@sinclair/typebox/value';
import { ConfigError } from '../../config/index.js';
import { decimalToMicros, MICROS } from '../../core/util/money.js';
import { isCountryCode } from '../../core/validation/index.js';
import { SUPPORTED_CURRENCIES } from '../accounts/index.js';
import { PRICE_BLOCKS, PRICE_FIELDS, priceBlocks, type PriceBlock, type Prices } from './pricing.fields.js';

/*
 * The price table is data, not code: src/modules/pricing/pricing-table.json ships sandbox prices
 * (plausible, not ClickSend's tariff), and an operator may override any part of it with
 * DATA_DIR/pricing.json in the same format. Both are read and checked once at start-up; a bad file
 * stops the server with a message naming the file and the field.
 */

const Decimal = Type.String({ pattern: '^\\d{1,9}(\\.\\d{1,6})?$' });
const Count = Type.Integer({ minimum: 0 });
const FileBlocks = priceBlocks(Decimal, Count, false);
const CompletePrices = Type.Object(FileBlocks, { additionalProperties: false });

type FileBlocks = typeof FileBlocks;
const PartialPrices = Type.Object(
  Object.fromEntries(PRICE_BLOCKS.map((c) => [c, Type.Optional(Type.Partial(FileBlocks[c]))])) as {
    [C in PriceBlock]: TOptional<TPartial<FileBlocks[C]>>;
  },
  { additionalProperties: false },
);

/** The format of pricing-table.json and of an operator's DATA_DIR/pricing.json. */
export const PricingTableFile = Type.Object(
  {
    _comment: Type.Optional(Type.String()),
    /** The currency every price in the file is written in. */
    base_currency: Type.Optional(Type.String()),
    /** How many units of each currency one base unit buys. */
    rates: Type.Optional(Type.Record(Type.String(), Decimal)),
    /** Prices of every country that has no block of its own. */
    default: Type.Optional(PartialPrices),
    /** Per-country blocks (ISO 3166-1 alpha-2), merged field by field over default. */
    countries: Type.Optional(Type.Record(Type.String(), PartialPrices)),
  },
  { additionalProperties: false },
);
export type PricingTableFile = Static<typeof PricingTableFile>;
type PartialPrices = Static<typeof PartialPrices>;

/** The checked table: prices in micro-units of the base currency. */
export interface PricingTable {
  readonly baseCurrency: string;
  /** Micro-units of each currency that one base unit buys (the base currency itself: 1_000_000). */
  readonly ratesMicros: Readonly<Record<string, number>>;
  readonly defaults: Prices;
  /** Countries with their own prices, already merged over defaults. */
  readonly countries: ReadonlyMap<string, Prices>;
}

export const BUILT_IN_TABLE_PATH = fileURLToPath(new URL('./pricing-table.json', import.meta.url));
export const OVERRIDE_FILE_NAME = 'pricing.json';

function fieldPath(p: string): string {
  return p.split('/').filter(Boolean).join('.') || '(top level)';
}

/** The first schema violation, in words that name the field. */
function firstProblem(schema: TSchema, value: unknown): string | undefined {
  const e = Value.Errors(schema, value).First();
  if (!e) return undefined;
  switch (e.type) {
    case ValueErrorType.ObjectAdditionalProperties:
      return `${fieldPath(e.path)} is not a known field`;
    case ValueErrorType.ObjectRequiredProperty:
      return `${fieldPath(e.path)} is required`;
    case ValueErrorType.String:
    case ValueErrorType.StringPattern:
      // Prices are strings so that no binary float ever holds money, even while parsing the file.
      return `${fieldPath(e.path)} must be a decimal string such as "0.0770", got ${JSON.stringify(e.value)}`;
    case ValueErrorType.Integer:
    case ValueErrorType.IntegerMinimum:
      return `${fieldPath(e.path)} must be a whole number of at least 0, got ${JSON.stringify(e.value)}`;
    case ValueErrorType.Object:
      return `${fieldPath(e.path)} must be a JSON object, got ${JSON.stringify(e.value)}`;
    default:
      return `${fieldPath(e.path)}: ${e.message}${e.value === undefined ? '' : `, got ${JSON.stringify(e.value)}`}`;
  }
}

/** Reads and checks the format of one table file; undefined when an optional file is absent. */
export function readTableFile(file: string, optional = false): PricingTableFile | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if (optional && (err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ConfigError(`cannot read the pricing table ${file}: ${(err as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`pricing table ${file} is not valid JSON: ${(err as Error).message}`);
  }
  const problem = firstProblem(PricingTableFile, parsed);
  if (problem) throw new ConfigError(`pricing table ${file}: ${problem}.`);
  return parsed as PricingTableFile;
}

function mergePrices(under: PartialPrices = {}, over: PartialPrices = {}): PartialPrices {
  const out: Record<string, unknown> = {};
  for (const c of PRICE_BLOCKS) if (under[c] || over[c]) out[c] = { ...under[c], ...over[c] };
  return out as PartialPrices;
}

/**
 * Lays an operator's file over the built-in table, field by field. A file written in another base
 * currency cannot be mixed with built-in prices, so it then stands alone (and must be complete).
 */
export function mergeTables(builtIn: PricingTableFile, over: PricingTableFile): PricingTableFile {
  if (over.base_currency !== undefined && over.base_currency !== builtIn.base_currency) return over;
  const countries: Record<string, PartialPrices> = { ...builtIn.countries };
  for (const [code, prices] of Object.entries(over.countries ?? {})) countries[code] = mergePrices(countries[code], prices);
  return {
    base_currency: builtIn.base_currency,
    rates: { ...builtIn.rates, ...over.rates },
    default: mergePrices(builtIn.default, over.default),
    countries,
  };
}

function toMicros(prices: Static<typeof CompletePrices>): Prices {
  const out: Record<string, Record<string, number>> = {};
  for (const c of PRICE_BLOCKS) {
    const block: Record<string, number> = {};
    for (const f of PRICE_FIELDS[c]) block[f] = decimalToMicros((prices[c] as Record<string, string>)[f]!)!;
    out[c] = block;
  }
  out.post!.direct_mail_min_quantity = prices.post.direct_mail_min_quantity;
  return out as Prices;
}

/** Checks what only the whole table can show (currencies, rates, completeness) and converts to micro-units. */
export function compileTable(table: PricingTableFile, source: string): PricingTable {
  const fail = (problem: string) => new ConfigError(`pricing table ${source}: ${problem}.`);
  const supported = SUPPORTED_CURRENCIES.join(', ');
  const base = table.base_currency;
  if (base === undefined) throw fail('base_currency is required');
  if (!SUPPORTED_CURRENCIES.includes(base)) throw fail(`base_currency must be one of ${supported}, got "${base}"`);

  const rates = table.rates ?? {};
  const ratesMicros: Record<string, number> = {};
  for (const [code, rate] of Object.entries(rates)) {
    if (!SUPPORTED_CURRENCIES.includes(code)) throw fail(`rates.${code} is not a supported currency (${supported})`);
    const micros = decimalToMicros(rate)!;
    if (micros <= 0) throw fail(`rates.${code} must be more than 0`);
    ratesMicros[code] = micros;
  }
  const missing = SUPPORTED_CURRENCIES.filter((c) => ratesMicros[c] === undefined);
  if (missing.length > 0) throw fail(`rates must give every supported currency; missing ${missing.join(', ')}`);
  if (ratesMicros[base] !== MICROS) throw fail(`rates.${base} must be 1 (${base} is the base currency), got "${rates[base]}"`);

  const defaultProblem = firstProblem(CompletePrices, table.default ?? {});
  if (defaultProblem) throw fail(`default must give every price; default.${defaultProblem}`);
  const defaults = table.default as Static<typeof CompletePrices>;

  const countries = new Map<string, Prices>();
  for (const [code, prices] of Object.entries(table.countries ?? {})) {
    if (!/^[A-Z]{2}$/.test(code) || !isCountryCode(code)) {
      throw fail(`countries.${code} is not an upper-case ISO 3166-1 alpha-2 country code`);
    }
    countries.set(code, toMicros(mergePrices(defaults, prices) as Static<typeof CompletePrices>));
  }
  return { baseCurrency: base, ratesMicros, defaults: toMicros(defaults), countries };
}

/** The built-in table with DATA_DIR/pricing.json laid over it, checked; throws ConfigError naming the file at fault. */
export function loadPricingTable(dataDir: string): PricingTable {
  const builtIn = readTableFile(BUILT_IN_TABLE_PATH)!;
  const overridePath = path.join(dataDir, OVERRIDE_FILE_NAME);
  const override = readTableFile(overridePath, true);
  if (!override) return compileTable(builtIn, BUILT_IN_TABLE_PATH);
  return compileTable(mergeTables(builtIn, override), overridePath);
}
