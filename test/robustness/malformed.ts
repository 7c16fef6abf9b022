/**
 * Malformed requests for one operation, derived from its OpenAPI entry: garbage path and query parameters,
 * broken and mistyped bodies, odd content types. Credentials are added by the caller.
 */
import type { Operation, Schema } from './openapi-walk.js';
import { DELETE, fieldsOf, sample, typesOf, withField, type FieldRef, type Resolve } from './schema-sample.js';

export interface FuzzCase {
  /** What was broken, in words; printed with the request on failure. */
  label: string;
  /** Path and query as sent (percent-encoded, or deliberately not), with slots for the valid path parameters. */
  path: string;
  body?: Buffer;
  /** Content-Type header; omitted when undefined. */
  contentType?: string;
  headers?: Record<string, string>;
}

/** mulberry32: a small seeded PRNG, so a failing run repeats exactly with the same seed. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pickN = <T>(xs: readonly T[], n: number): T[] => {
    const copy = [...xs];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy.slice(0, n);
  };
  const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => Math.floor(next() * 256)));
  return { next, pickN, bytes };
}
export type Rng = ReturnType<typeof prng>;

/** JSON text that JSON.stringify cannot produce (1e309, -0, 2^63 exactly, deep nesting, duplicate keys). */
export class RawJson {
  constructor(readonly text: string) {}
}

export function jsonText(value: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_k, v: unknown) => (v instanceof RawJson ? `@@RAW${raws.push(v.text) - 1}@@` : v));
  return text === undefined ? '' : text.replace(/"@@RAW(\d+)@@"/g, (_m, i: string) => raws[Number(i)]!);
}

const deepObject = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);
const deepArray = (n: number) => '['.repeat(n) + ']'.repeat(n);

const NUMBER_ODDITIES = [
  '1e309',
  '-1e309',
  '-0',
  '9223372036854775808',
  '9223372036854775807',
  '-9223372036854775809',
  '18446744073709551616',
  '1e-400',
  '0.1',
  '-1',
  '0',
  '2147483648',
  '1.0',
  '1E2',
  '123456789012345678901234567890',
].map((t) => new RawJson(t));

export const UNICODE_ODDITIES = [
  '\ud800',
  '\udfff',
  'a\ud800b',
  '\u0000',
  'a\u0000b',
  '\u202egnp.exe',
  '\u200f\u200e',
  '\ufeffbom',
  '\u200b',
  'e\u0301'.repeat(50),
  '💩',
  'Ｆｕｌｌｗｉｄｔｈ',
  '\r\n\t',
  "'; DROP TABLE accounts; --",
  '%s%n%x%00',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  '${7*7}{{7*7}}',
  '\\',
  '"',
  '\u0085\u2028\u2029',
  '\x7f\x1b[31m',
];

/**
 * Values for a path segment, inserted raw: some are deliberately not valid percent-encoding. Lengths keep
 * request line + a 10 KB Authorization header under Node's 16 KiB header limit (beyond it Node answers 431 itself).
 */
const PATH_GARBAGE = [
  'abc',
  '-1',
  '0',
  '1.5',
  '1e309',
  '9223372036854775808',
  '99999999999999999999999999',
  '%00',
  'a%00b',
  '%',
  '%zz',
  '%E0%A4%A',
  '%ED%A0%80',
  '%F0%9F%92%A9',
  '%E2%80%AE',
  '%2e%2e',
  '%2F',
  '%252F',
  '%20',
  '1%20',
  '0x1F',
  'null',
  'undefined',
  '%5B%5D',
  '%7B%7D',
  'NaN',
  'Infinity',
  '-0',
  '+1',
  '1,2',
  "'",
  '%27%20OR%201%3D1--',
  'x'.repeat(499),
  'x'.repeat(501),
  'x'.repeat(4000),
  '1'.repeat(400),
];

/** Values for a query parameter, inserted raw. */
const QUERY_GARBAGE = ['abc', '-1', '0', '1.5', '1e309', '9223372036854775808', '', '%00', '%zz', '%', 'true', '%5B%5D', 'x'.repeat(5000), '-0', 'NaN', '%ED%A0%80', '1%00'];

/** Query junk every operation gets, documented parameters or not. */
const GLOBAL_QUERY_JUNK = [
  '?%',
  '?=&=&',
  '?a=%zz',
  '?__proto__=1',
  '?__proto__[x]=1',
  '?constructor[prototype][x]=1',
  '?&&&',
  `?${'a=1&'.repeat(1500)}`,
  `?q=${'y'.repeat(4000)}`,
  '?page=1&page=2&limit=a&limit=b',
  '?%00=%00',
];

const WRONG_TYPE_VALUES: [string, unknown][] = [
  ['string', 'fuzz'],
  ['number', 42],
  ['object', { a: 1 }],
  ['array', [1, 'x']],
  ['null', null],
  ['boolean', true],
];

function fieldName(f: FieldRef) {
  return f.path
    .map((p) => (typeof p === 'number' ? `[${p}]` : p))
    .join('.')
    .replace(/\.\[/g, '[');
}

function fieldCases(body: Schema, base: unknown, resolve: Resolve, rng: Rng): { label: string; value: unknown }[] {
  const out: { label: string; value: unknown }[] = [];
  const put = (f: FieldRef, what: string, v: unknown) => out.push({ label: `body field ${fieldName(f)}: ${what}`, value: withField(base, body, f.path, v, resolve) });
  for (const f of fieldsOf(body, resolve)) {
    const types = typesOf(f.schema, resolve);
    const s = resolve(f.schema);
    if (f.required) put(f, 'missing', DELETE);
    for (const [t, v] of WRONG_TYPE_VALUES) if (!types.has(t) && !(t === 'number' && types.has('integer'))) put(f, `wrong type ${t}`, v);
    if (types.has('integer')) {
      put(f, 'fraction 1.5', 1.5);
      put(f, 'non-numeric string', 'abc');
    }
    if (types.has('number') || types.has('integer')) for (const n of NUMBER_ODDITIES) put(f, `number ${n.text}`, n);
    if (types.has('string') || types.size === 0) {
      if (typeof s.maxLength === 'number') put(f, `string of maxLength+1 (${s.maxLength + 1})`, 'x'.repeat(s.maxLength + 1));
      put(f, 'string of 70000 chars', 'x'.repeat(70_000));
      put(f, 'empty string', '');
      put(f, 'whitespace only', '   ');
      for (const u of rng.pickN(UNICODE_ODDITIES, 6)) put(f, `unicode oddity ${JSON.stringify(u)}`, u);
      for (const n of rng.pickN(NUMBER_ODDITIES, 2)) put(f, `number ${n.text} where a string is expected`, n);
    }
    if (types.has('array')) {
      const item = sample(s.items, resolve);
      if (typeof s.maxItems === 'number')
        put(
          f,
          `maxItems+1 (${s.maxItems + 1}) items`,
          Array.from({ length: s.maxItems + 1 }, () => item),
        );
      put(
        f,
        '10000 items',
        Array.from({ length: 10_000 }, () => item),
      );
      put(f, 'empty array', []);
    }
    put(f, 'deeply nested object (2000 levels)', new RawJson(deepObject(2000)));
  }
  return out;
}

/** Marks a path parameter in a case's path; the sender puts a real id (or a sample) there at send time. */
export const slot = (name: string) => `\u0000ID:${name}\u0000`;

export function fillSlots(path: string, ids: Record<string, string>): string {
  return path.replace(/\u0000ID:([^\u0000]+)\u0000/g, (_m, name: string) => ids[name] ?? '1');
}

/** The operation's path with every parameter left as a slot. */
function slotted(template: string, except?: string): string {
  return template.replace(/\{([^}]+)\}/g, (m0, name: string) => (name === except ? m0 : slot(name)));
}

const JSON_CT = 'application/json';
const buf = (s: string | Buffer) => (typeof s === 'string' ? Buffer.from(s, 'utf8') : s);

export function casesFor(op: Operation, resolve: Resolve, rng: Rng): FuzzCase[] {
  const cases: FuzzCase[] = [];
  const path = slotted(op.template);
  const base = op.body ? sample(op.body, resolve) : undefined;
  const baseText = base === undefined ? undefined : jsonText(base);
  const withBase = (c: FuzzCase): FuzzCase => (baseText === undefined ? c : { body: buf(baseText), contentType: JSON_CT, ...c });

  // Path parameters, one at a time, the others valid.
  for (const name of [...op.template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!)) {
    for (const g of PATH_GARBAGE) {
      const p = slotted(op.template, name).replace(`{${name}}`, g);
      cases.push(withBase({ label: `path ${name} = ${JSON.stringify(g.length > 40 ? `${g.slice(0, 10)}…(${g.length} chars)` : g)}`, path: p }));
    }
  }

  // Query parameters of the wrong type, repeated, bracketed; then junk every route gets.
  for (const q of op.params.filter((x) => x.in === 'query')) {
    for (const g of QUERY_GARBAGE) cases.push(withBase({ label: `query ${q.name} = ${JSON.stringify(g.length > 40 ? `(${g.length} chars)` : g)}`, path: `${path}?${q.name}=${g}` }));
    cases.push(withBase({ label: `query ${q.name} repeated`, path: `${path}?${q.name}=1&${q.name}=2` }));
    cases.push(withBase({ label: `query ${q.name}[]`, path: `${path}?${q.name}[]=1` }));
    cases.push(withBase({ label: `query ${q.name}[a][b]`, path: `${path}?${q.name}[a][b]=1` }));
  }
  for (const j of GLOBAL_QUERY_JUNK) cases.push(withBase({ label: `query junk ${JSON.stringify(j.length > 40 ? `${j.slice(0, 20)}…(${j.length} chars)` : j)}`, path: `${path}${j}` }));

  // Junk headers that ride along with an otherwise fine request.
  cases.push(withBase({ label: 'accept: text/html only', path, headers: { accept: 'text/html' } }));
  cases.push(withBase({ label: 'x-forwarded-for junk', path, headers: { 'x-forwarded-for': '999.1.1.1, ::zz, ' + 'a'.repeat(2000) } }));
  cases.push(withBase({ label: 'accept-encoding junk', path, headers: { 'accept-encoding': 'gzip;q=nope, br;q=-1, *;q=2' } }));
  cases.push(withBase({ label: 'content-length: 0 without a body', path, headers: { 'content-length': '0' }, body: Buffer.alloc(0) }));

  const topLevel: [string, string | Buffer][] = [
    ['not JSON', 'hello there'],
    ['lone brace', '{'],
    ['unterminated member', '{"a":'],
    ['single-quoted JSON', "{'a': 1}"],
    ['NaN literal', '{"a": NaN}'],
    ['trailing garbage', '{"a":1}garbage'],
    ['trailing comma', '{"a":1,}'],
    ['BOM before JSON', `\ufeff${baseText ?? '{}'}`],
    ['JSON array', '[]'],
    ['JSON array of the body', `[${baseText ?? '{}'}]`],
    ['JSON string', '"a string"'],
    ['JSON number', '123'],
    ['JSON number 1e309', '1e309'],
    ['JSON null', 'null'],
    ['JSON true', 'true'],
    ['empty body', ''],
    ['whitespace only', '   \n'],
    ['random binary', rng.bytes(96)],
    ['invalid UTF-8 inside a string', Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80]), Buffer.from('"}')])],
    ['deeply nested object (5000 levels)', deepObject(5000)],
    ['deeply nested array (100000 levels)', deepArray(100_000)],
    ['__proto__ key', '{"__proto__":{"polluted":1}}'],
    ['constructor.prototype key', '{"constructor":{"prototype":{"polluted":1}}}'],
    ['10000 unknown keys', jsonText(Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, i])))],
  ];
  if (baseText !== undefined) {
    topLevel.push(['truncated JSON (half)', baseText.slice(0, Math.floor(baseText.length / 2))]);
    topLevel.push(['truncated JSON (last byte cut)', baseText.slice(0, -1)]);
    topLevel.push(['duplicate key with a wrong type', baseText.replace(/^\{("[^"]+"):/, '{$1:{"x":[]},$1:')]);
    topLevel.push(['unknown extra field', jsonText({ ...(base as object), zz_unknown_field: 'x' })]);
    topLevel.push(['empty object', '{}']);
  }
  // Bodyless operations still get a sample, so a stray body cannot trip them.
  const top = op.body ? topLevel : rng.pickN(topLevel, 10);
  for (const [what, text] of top) cases.push({ label: `body ${what}`, path, body: buf(text), contentType: JSON_CT });

  const sendable = baseText ?? '{"a":1}';
  const contentTypes: [string, string | undefined, string | Buffer][] = [
    ['text/plain', 'text/plain', sendable],
    ['multipart with junk', 'multipart/form-data; boundary=xyz', '--xyz\r\nContent-Disposition: form-data; name="a"\r\n\r\njunk\r\n--xyz--'],
    ['multipart without boundary', 'multipart/form-data', 'junk'],
    ['form-urlencoded', 'application/x-www-form-urlencoded', 'a=1&b=%zz'],
    ['application/json; charset=utf-16le', 'application/json; charset=utf-16le', Buffer.from(sendable, 'utf16le')],
    ['application/json; charset=latin1', 'application/json; charset=iso-8859-1', sendable],
    ['APPLICATION/JSON', 'APPLICATION/JSON', sendable],
    ['application/vnd.api+json', 'application/vnd.api+json', sendable],
    ['application/xml', 'application/xml', '<a>1</a>'],
    ['malformed type "application/"', 'application/', sendable],
    ['list of types', 'application/json, text/plain', sendable],
    ['no Content-Type at all', undefined, sendable],
    ['octet-stream', 'application/octet-stream', rng.bytes(64)],
  ];
  for (const [what, ct, text] of op.body ? contentTypes : rng.pickN(contentTypes, 5)) {
    cases.push({ label: `content-type ${what}`, path, body: buf(text), ...(ct ? { contentType: ct } : {}) });
  }

  if (op.body) {
    for (const c of fieldCases(op.body, base, resolve, rng)) cases.push({ label: c.label, path, body: buf(jsonText(c.value)), contentType: JSON_CT });
  }
  return cases;
}
