import path from 'node:path';

/** Typed, frozen configuration. Parsed once from the environment at start-up; nothing else reads process.env. */
export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  /** undefined → SQLite file in dataDir; postgres://… → PostgreSQL. */
  readonly databaseUrl: string | undefined;
  /** Base for absolute URLs the API returns, without a trailing slash. */
  readonly publicUrl: string;
  readonly allowPrivateUrls: boolean;
  readonly signup: 'open' | 'closed';
  /** Starting balance of a new account, in micro-units of its currency. */
  readonly signupCreditMicros: number;
  readonly logLevel: string;
  readonly dispatch: {
    readonly pollMs: number;
    readonly leaseMs: number;
    readonly batchSize: number;
    readonly enabled: boolean;
  };
  readonly authFailures: { readonly max: number; readonly windowMs: number };
  readonly bodyLimitBytes: number;
}

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(`${name} must be a whole number, got "${raw}"`);
  const value = Number(raw.trim());
  if (value < min || value > max) throw new ConfigError(`${name} must be between ${min} and ${max}, got ${value}`);
  return value;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const v = raw.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  throw new ConfigError(`${name} must be 1 or 0 (true/false), got "${raw}"`);
}

/** "20.00" → 20000000 micro-units; money never passes through a binary float. */
export function parseMoneyToMicros(raw: string, name: string): number {
  const m = /^(\d{1,9})(?:\.(\d{1,6}))?$/.exec(raw.trim());
  if (!m) throw new ConfigError(`${name} must be an amount such as 20.00, got "${raw}"`);
  return Number(m[1]) * 1_000_000 + Number((m[2] ?? '').padEnd(6, '0'));
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function loadConfig(env: Env = process.env): Config {
  const port = int(env, 'PORT', 8080, 0, 65535);
  const host = (env.HOST ?? '').trim() || '127.0.0.1';
  const dataDir = path.resolve((env.DATA_DIR ?? '').trim() || './data');

  const databaseUrl = (env.DATABASE_URL ?? '').trim() || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError(`DATABASE_URL must start with postgres:// or postgresql:// (unset it for SQLite), got "${databaseUrl}"`);
  }

  const defaultPublic = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const publicUrl = ((env.PUBLIC_URL ?? '').trim() || defaultPublic).replace(/\/+$/, '');
  try {
    const u = new URL(publicUrl);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('protocol');
  } catch {
    throw new ConfigError(`PUBLIC_URL must be an http(s) URL, got "${publicUrl}"`);
  }

  const signupRaw = (env.SIGNUP ?? '').trim().toLowerCase() || 'open';
  if (signupRaw !== 'open' && signupRaw !== 'closed') throw new ConfigError(`SIGNUP must be open or closed, got "${env.SIGNUP}"`);

  const logLevel = (env.LOG_LEVEL ?? '').trim().toLowerCase() || 'info';
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${env.LOG_LEVEL}"`);

  return Object.freeze({
    port,
    host,
    dataDir,
    databaseUrl,
    publicUrl,
    allowPrivateUrls: bool(env, 'ALLOW_PRIVATE_URLS', false),
    signup: signupRaw,
    signupCreditMicros: parseMoneyToMicros(env.SIGNUP_CREDIT ?? '20.00', 'SIGNUP_CREDIT'),
    logLevel,
    dispatch: Object.freeze({
      pollMs: int(env, 'DISPATCH_POLL_MS', 250, 10, 60_000),
      leaseMs: int(env, 'DISPATCH_LEASE_MS', 30_000, 100, 3_600_000),
      batchSize: int(env, 'DISPATCH_BATCH', 100, 1, 10_000),
      enabled: bool(env, 'DISPATCH', true),
    }),
    authFailures: Object.freeze({
      max: int(env, 'AUTH_FAILURES_MAX', 20, 1, 1_000_000),
      windowMs: int(env, 'AUTH_FAILURES_WINDOW_MS', 60_000, 1000, 86_400_000),
    }),
    bodyLimitBytes: int(env, 'BODY_LIMIT_BYTES', 15 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
  });
}
