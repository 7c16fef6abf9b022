/**
 * Valid-looking values from a JSON Schema, and the field paths inside it. The fuzz starts from a body that
 * should pass validation and breaks one thing at a time, so each malformed request reaches as deep as it can.
 */
import type { Schema } from './openapi-walk.js';

export type Resolve = (s: Schema | undefined) => Schema;
export type PathPart = string | number;

/** The JSON types a schema admits (from type, const, enum, anyOf/oneOf). */
export function typesOf(s: Schema, resolve: Resolve): Set<string> {
  const r = resolve(s);
  const out = new Set<string>();
  if (Array.isArray(r.type)) r.type.forEach((t: string) => out.add(t));
  else if (typeof r.type === 'string') out.add(r.type);
  for (const v of [...(r.enum ?? []), ...('const' in r ? [r.const] : [])]) out.add(v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
  for (const b of [...(r.anyOf ?? []), ...(r.oneOf ?? []), ...(r.allOf ?? [])]) typesOf(b, resolve).forEach((t) => out.add(t));
  if (out.has('integer')) out.add('number');
  return out;
}

/** The first non-null branch of a union, merged allOf parts, or the schema itself. */
function concrete(s: Schema, resolve: Resolve): Schema {
  const r = resolve(s);
  const branches: Schema[] | undefined = r.anyOf ?? r.oneOf;
  if (branches?.length) {
    const pick = branches.map(resolve).find((b) => b.type !== 'null' && b.const !== null) ?? branches[0]!;
    return concrete(pick, resolve);
  }
  if (r.allOf?.length) {
    const parts = (r.allOf as Schema[]).map((p) => concrete(p, resolve));
    return {
      type: 'object',
      properties: Object.assign({}, ...parts.map((p) => p.properties ?? {})),
      required: parts.flatMap((p) => p.required ?? []),
    };
  }
  return r;
}

/** Guesses by field name, kept only when they satisfy the schema's own limits. */
const STRING_GUESSES: [RegExp, string[]][] = [
  [/e-?mail/i, ['fuzz@example.com']],
  [/phone|mobile|msisdn|^to$|^from$|number/i, ['+61411111111', '0411111111']],
  [/country/i, ['AU', 'AUS']],
  [/timezone/i, ['Australia/Melbourne']],
  // Loopback, which the server's fetch policy refuses at once: the test must not wait on DNS or the network.
  [/url|uri|link/i, ['http://127.0.0.1:9/fuzz.pdf']],
  [/lang/i, ['en-au', 'en']],
  [/date|time|schedule/i, ['1700000000', '2024-01-01']],
  [/currency/i, ['AUD']],
];
const STRING_FALLBACKS = ['fuzzvalue', 'a', '1234', '123456', 'AU', 'sms', 'email', 'subaccount'];

function fits(s: Schema, v: string): boolean {
  if (s.minLength !== undefined && v.length < s.minLength) return false;
  if (s.maxLength !== undefined && v.length > s.maxLength) return false;
  if (s.pattern !== undefined && !new RegExp(s.pattern, 'u').test(v)) return false;
  if (s.enum && !s.enum.includes(v)) return false;
  return true;
}

function sampleString(s: Schema, name: string): string {
  if (s.enum?.length) return String(s.enum[0]);
  if (typeof s.default === 'string') return s.default;
  const guesses = STRING_GUESSES.filter(([re]) => re.test(name)).flatMap(([, v]) => v);
  if (s.format === 'email') guesses.unshift('fuzz@example.com');
  for (const v of [...guesses, ...STRING_FALLBACKS]) if (fits(s, v)) return v;
  return 'a'.repeat(Math.max(1, s.minLength ?? 1));
}

function sampleNumber(s: Schema, name: string): number {
  if (s.enum?.length) return Number(s.enum[0]);
  if (typeof s.default === 'number') return s.default;
  let v = /year/i.test(name) ? 2024 : 1;
  if (typeof s.minimum === 'number') v = Math.max(v, s.minimum);
  if (typeof s.exclusiveMinimum === 'number') v = Math.max(v, Math.floor(s.exclusiveMinimum) + 1);
  if (typeof s.maximum === 'number') v = Math.min(v, s.maximum);
  return v;
}

/** A value the schema should accept (best effort: service rules such as "country must exist" are guessed by name). */
export function sample(schema: Schema | undefined, resolve: Resolve, name = '', depth = 0): unknown {
  const s = concrete(schema ?? {}, resolve);
  if ('const' in s) return s.const;
  if ('example' in s) return s.example;
  if (Array.isArray(s.examples) && s.examples.length) return s.examples[0];
  const type = Array.isArray(s.type) ? s.type.find((t: string) => t !== 'null') : s.type;
  switch (type ?? (s.properties ? 'object' : undefined)) {
    case 'object': {
      const out: Record<string, unknown> = {};
      if (depth > 6) return out;
      for (const key of (s.required ?? []) as string[]) out[key] = sample(s.properties?.[key], resolve, key, depth + 1);
      return out;
    }
    case 'array': {
      const n = Math.max(1, s.minItems ?? 1);
      return depth > 6 ? [] : Array.from({ length: n }, () => sample(s.items, resolve, name, depth + 1));
    }
    case 'string':
      return sampleString(s, name);
    case 'integer':
      return Math.round(sampleNumber(s, name));
    case 'number':
      return sampleNumber(s, name);
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return 'fuzzvalue';
  }
}

export interface FieldRef {
  path: PathPart[];
  schema: Schema;
  required: boolean;
}

/** Every property reachable from the body schema (through objects and the first array item), up to maxDepth. */
export function fieldsOf(schema: Schema, resolve: Resolve, maxDepth = 3): FieldRef[] {
  const out: FieldRef[] = [];
  const walk = (s0: Schema, path: PathPart[], depth: number) => {
    if (depth >= maxDepth) return;
    const s = concrete(s0, resolve);
    if (s.properties) {
      const required = new Set<string>(s.required ?? []);
      for (const [key, child] of Object.entries<Schema>(s.properties)) {
        out.push({ path: [...path, key], schema: child, required: required.has(key) });
        walk(child, [...path, key], depth + 1);
      }
    } else if (s.items && typeof s.items === 'object') {
      walk(s.items, [...path, 0], depth);
    }
  };
  walk(schema, [], 0);
  return out;
}

/** The schema found at a path (used to fill in a missing parent before mutating its child). */
function schemaAt(root: Schema, path: PathPart[], resolve: Resolve): Schema {
  let s = concrete(root, resolve);
  for (const part of path) s = concrete(typeof part === 'number' ? (s.items ?? {}) : (s.properties?.[part] ?? {}), resolve);
  return s;
}

/** A copy of `base` with the value at `path` replaced (or deleted when value is DELETE). */
export const DELETE = Symbol('delete');
export function withField(base: unknown, root: Schema, path: PathPart[], value: unknown, resolve: Resolve): unknown {
  const copy = structuredClone(base) as any;
  let node = copy;
  for (let i = 0; i < path.length - 1; i++) {
    const part = path[i]!;
    if (node[part] === undefined || node[part] === null || typeof node[part] !== 'object') {
      const parentSchema = schemaAt(root, path.slice(0, i + 1), resolve);
      node[part] = sample(parentSchema, resolve, String(part), i + 1);
      if (typeof node[part] !== 'object' || node[part] === null) node[part] = typeof path[i + 1] === 'number' ? [] : {};
    }
    node = node[part];
  }
  const last = path[path.length - 1]!;
  if (value === DELETE) {
    if (Array.isArray(node) && typeof last === 'number') node.splice(last, 1);
    else delete node[last];
  } else node[last] = value;
  return copy;
}
