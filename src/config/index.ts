import { isIP } from 'node:net';
import os from 'node:os';
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
  /** TRUST_PROXY: proxy addresses/CIDRs whose X-Forwarded-For is believed; empty → the socket address is the client. */
  readonly trustProxy: readonly string[];
  /** One-time account tokens (password reset, activation) and the anonymous recovery endpoints. */
  readonly accountTokens: {
    /** TOKEN_ATTEMPTS_MAX: wrong guesses against one user's live token before it answers 429. */
    readonly attemptsMax: number;
    /** TOKEN_MINT_MAX: tokens (and recovery emails) per user per window. */
    readonly mintMax: number;
    /** RECOVERY_ADDRESS_MAX: calls to the recovery and verify endpoints per client address per window. */
    readonly perAddressMax: number;
    /** SIGNUP_ADDRESS_MAX: anonymous sign-ups (POST /account) per client address per window. */
    readonly signupPerAddressMax: number;
    /** TOKEN_WINDOW: the window of the limits above, in seconds. */
    readonly windowS: number;
  };
  /**
   * BODY_LIMIT_BYTES: the largest body of a bulk route (POST /sms/send, /sms/price, /post/postcards|letters/send|price,
   * /post/letters/detect-address). Other routes have fixed limits (8 KiB public, 64 KiB otherwise; uploads their
   * own, from 10 MB per file): see core/http/body-limits.ts.
   */
  readonly bodyLimitBytes: number;
  readonly exports: {
    /** Seconds from writing a history export (CSV) to deleting it (EXPORT_TTL). */
    readonly ttlSeconds: number;
    /** How often the dispatcher process sweeps expired exports, in ms (EXPORT_SWEEP_INTERVAL). */
    readonly sweepIntervalMs: number;
  };
  /** SMS: the simulated network's timings and the send rules (see docs/sms-sandbox.md). */
  readonly sms: {
    /** Hand-off to delivery receipt for an ordinary number, ms (SMS_RECEIPT_DELAY_MS). */
    readonly receiptDelayMs: number;
    /** Hand-off to delivery receipt for the "delayed" sandbox number, ms (SMS_DELAYED_RECEIPT_MS). */
    readonly delayedReceiptMs: number;
    /** How often the dispatcher looks for receipts that have come due, ms (SMS_RECEIPT_POLL_MS). */
    readonly receiptPollMs: number;
    /** The same body to the same number within this many seconds is THROTTLED; 0 turns it off (SMS_THROTTLE_WINDOW_S). */
    readonly throttleWindowS: number;
    /** First wait before a hand-off that failed temporarily is retried, ms; doubles each time (SMS_RETRY_BASE_MS). */
    readonly retryBaseMs: number;
  };
  /** SMS campaigns (src/modules/sms-campaigns). */
  readonly smsCampaigns: {
    /** Contacts a campaign job sends per transaction (SMS_CAMPAIGN_BATCH): a crash re-sends at most this batch's work, never a message. */
    readonly batchSize: number;
  };
  /** Pushes to customer URLs (automation rules' URL action, test pushes): src/modules/webhooks. */
  readonly webhooks: {
    /** Wait before the first retry, ms; doubles each attempt up to retryMaxMs (WEBHOOK_RETRY_BASE_MS). */
    readonly retryBaseMs: number;
    /** Longest wait between two attempts, ms (WEBHOOK_RETRY_MAX_MS). */
    readonly retryMaxMs: number;
    /** Attempts before a delivery is given up (WEBHOOK_MAX_ATTEMPTS); the defaults retry for about a day. */
    readonly maxAttempts: number;
    /** One attempt's deadline: connect, headers and the capped response read, ms (WEBHOOK_TIMEOUT_MS). */
    readonly timeoutMs: number;
    /** Requests in flight at once per dispatcher (WEBHOOK_CONCURRENCY). */
    readonly concurrency: number;
  };
  /** Email (src/modules/email, email-campaigns, email-addresses, email-templates; providers/email). */
  readonly email: {
    /** SMTP_URL: smtp://user:pass@host:port or smtps://…; empty = the outbox (DATA_DIR/outbox/*.eml, nothing leaves). */
    readonly smtpUrl: string;
    /** EMAIL_SMTP_POOL_SIZE: pooled connections to the relay. */
    readonly smtpPoolSize: number;
    /** EMAIL_SMTP_RATE: messages per second handed to the relay (0 = no limit). */
    readonly smtpRatePerSecond: number;
    /** EMAIL_SMTP_TIMEOUT_MS: connection, greeting and socket timeout towards the relay. */
    readonly smtpTimeoutMs: number;
    /** EMAIL_FROM: the From of mail the server sends on its own behalf (verification tokens, account notices). */
    readonly systemFrom: string;
    /** EMAIL_RETRY_BASE_MS: first wait after a 4xx or network error (doubles per attempt, capped by EMAIL_RETRY_MAX_MS). */
    readonly retryBaseMs: number;
    readonly retryMaxMs: number;
    /** EMAIL_MAX_ATTEMPTS: hand-offs before a temporarily failing message is Failed. */
    readonly maxAttempts: number;
    /** EMAIL_CONCURRENCY: hand-offs in flight at once per email queue per dispatcher. */
    readonly concurrency: number;
    /** EMAIL_MAX_RECIPIENTS: to + cc + bcc addresses per /email/send. */
    readonly maxRecipients: number;
    /** EMAIL_ATTACHMENT_MAX_BYTES: the largest attachment (decoded). */
    readonly maxAttachmentBytes: number;
    /** EMAIL_MESSAGE_MAX_BYTES: body plus all attachments of one email (decoded). */
    readonly maxMessageBytes: number;
  };
  /** Email campaigns (src/modules/email-campaigns): the list job and the anonymous tracking routes under PUBLIC_URL/mail. */
  readonly emailCampaigns: {
    /** EMAIL_CAMPAIGN_BATCH: contacts a campaign job queues per transaction (a crash redoes at most one uncommitted batch). */
    readonly batchSize: number;
    /** EMAIL_TRACKING_MAX: pixel, link and unsubscribe requests per client address per window before 429. */
    readonly trackingMax: number;
    /** EMAIL_TRACKING_MISSES_MAX: unknown or malformed tokens per client address per window before every token answers 429. */
    readonly trackingMissesMax: number;
    /** EMAIL_TRACKING_WINDOW: the window of the two limits above, in seconds. */
    readonly trackingWindowS: number;
  };
  /** Email-to-SMS: the SMTP listener (src/modules/email-sms). */
  readonly emailSms: {
    /** SMTP_LISTEN_PORT: 0 turns the listener off; bound to HOST. */
    readonly listenPort: number;
    /** EMAIL_SMS_DOMAIN: mail to <number>@this domain becomes an SMS. */
    readonly domain: string;
    /** EMAIL_SMS_MAX_BYTES: the largest message the listener accepts (SIZE in EHLO). */
    readonly maxBytes: number;
    /** EMAIL_SMS_MAX_CLIENTS: SMTP connections open at once (all clients together); more are turned away with 421. */
    readonly maxClients: number;
    /** EMAIL_SMS_MAX_RECIPIENTS: RCPT TO accepted per mail (each becomes one SMS). */
    readonly maxRecipients: number;
    /** EMAIL_SMS_CONNECTIONS_PER_MINUTE: new SMTP connections one client address may open per minute. */
    readonly connectionsPerMinute: number;
  };
  /** Email templates and their images (src/modules/email-templates). */
  readonly emailTemplates: {
    /** EMAIL_TEMPLATE_MAX_BYTES: the largest user template body (UTF-8), as PUT /email/templates/{id} takes it. */
    readonly maxBodyBytes: number;
    /** EMAIL_TEMPLATE_IMAGE_MAX_BYTES: the largest image uploaded or fetched for a template. */
    readonly maxImageBytes: number;
  };
  /** Idempotency-Key on send routes (src/modules/idempotency). */
  readonly idempotency: {
    /** How long a key holds after its first use, in seconds (IDEMPOTENCY_TTL). */
    readonly ttlSeconds: number;
    /** A first request still running after this many ms is taken for dead, and a retry runs in its place (IDEMPOTENCY_LOCK_TIMEOUT, seconds). */
    readonly lockTimeoutMs: number;
    /** How long a duplicate waits for the first request's answer before a 409 "still in progress", ms (IDEMPOTENCY_WAIT_MS). */
    readonly waitMs: number;
    /** How often a waiting duplicate looks for that answer, ms (IDEMPOTENCY_POLL_MS). */
    readonly pollMs: number;
    /** How often the dispatcher process deletes keys past their window, in ms (IDEMPOTENCY_SWEEP_INTERVAL, seconds). */
    readonly sweepIntervalMs: number;
  };
  readonly post: {
    /** POST_HANDOFF_DELAY_MS: how long a due postcard or letter stays Queued (cancellable) before the print hand-off. */
    readonly handOffDelayMs: number;
    /** POST_WORKERS: worker threads for PDF checks, proof composition, thumbnails and address detection; more jobs queue. */
    readonly workers: number;
    /** The simulated postal network after the hand-off (POST_TRACKING*); see src/providers/post/simulated-tracking.ts. */
    readonly tracking: {
      /** POST_TRACKING: 0 switches the simulation off (no tracking events), e.g. for operators with a real print house. */
      readonly enabled: boolean;
      /** POST_TRACKING_STEP_MS: hand-off to Printed, and each later stage to the next, ms. */
      readonly stepMs: number;
      /** POST_TRACKING_POLL_MS: how often the dispatcher moves items whose next stage has come due, ms. */
      readonly pollMs: number;
    };
  };
  /** POST /lists/{id}/import jobs. */
  readonly contactImports: {
    /** Rows committed per transaction, progress included (CONTACT_IMPORT_BATCH): a restart resumes after the last one. */
    readonly batchRows: number;
    /** Largest file fetched from a URL that is not this server's /files/ (CONTACT_IMPORT_URL_MAX_BYTES); uploads have no limit here. */
    readonly urlMaxBytes: number;
    /** Threads normalising the rows of one import of a file over 256 KB (CONTACT_IMPORT_WORKERS; 0 = on the importing thread). */
    readonly workers: number;
  };
  readonly uploads: {
    /** Seconds from upload to deletion (UPLOAD_TTL). */
    readonly ttlSeconds: number;
    /** How often the dispatcher process sweeps expired uploads, in ms. */
    readonly sweepIntervalMs: number;
    /** SOFFICE_PATH as given; undefined → look for soffice on PATH at conversion time. */
    readonly sofficePath: string | undefined;
    readonly conversionTimeoutMs: number;
    /** LibreOffice conversions running at once (each is a ~200 MB process). */
    readonly conversionConcurrency: number;
    /** Worker threads converting images to PDF at once (IMAGE_WORKERS); each may hold a 100 MB bitmap. */
    readonly imageWorkers: number;
    /** Image conversions allowed to wait for a thread; more are refused with 503 (IMAGE_QUEUE_MAX). */
    readonly imageQueueMax: number;
    /** One image conversion's time limit, in ms (IMAGE_TIMEOUT, seconds). */
    readonly imageTimeoutMs: number;
  };
  /** Short links in SMS campaigns (src/modules/short-links): GET /<prefix>/<code> redirects and counts the click. */
  readonly shortLinks: {
    /** SHORT_LINK_BASE_URL: where short links point (a short domain routed to this server); PUBLIC_URL when unset. */
    readonly baseUrl: string;
    /** SHORT_LINK_PREFIX: the path segment before the code (/s/Ab3xY9kQ). */
    readonly prefix: string;
    /** SHORT_LINK_CODE_LENGTH: base62 characters of a new code (8 → 47.6 random bits). */
    readonly codeLength: number;
    /** SHORT_LINK_CLICKS_MAX: requests to short links per client address per window before 429. */
    readonly clicksMax: number;
    /** SHORT_LINK_MISSES_MAX: unknown or malformed codes per client address per window before every code answers 429. */
    readonly missesMax: number;
    /** SHORT_LINK_WINDOW: the window of the two limits above, in seconds. */
    readonly windowS: number;
    /** SHORT_LINK_COUNTRY_HEADER: a header a trusted proxy (TRUST_PROXY) sets to the client's country (cf-ipcountry); none by default. */
    readonly countryHeader: string | undefined;
  };
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

const DURATION_UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** Seconds from "604800", "90s", "10m", "12h" or "7d". */
function durationSeconds(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = (env[name] ?? '').trim().toLowerCase();
  if (raw === '') return fallback;
  const m = /^(\d+)\s*([smhd]?)$/.exec(raw);
  if (!m) throw new ConfigError(`${name} must be a duration such as 600, 10m, 12h or 7d, got "${env[name]}"`);
  const value = Number(m[1]) * DURATION_UNITS[m[2] || 's']!;
  if (value < min || value > max) throw new ConfigError(`${name} must be between ${min} and ${max} seconds, got ${value}`);
  return value;
}

/** "127.0.0.1,10.0.0.0/8" → checked list; proxy-addr's names (loopback, linklocal, uniquelocal) pass too. */
function trustProxyList(raw: string | undefined): string[] {
  const items = (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const item of items) {
    if (['loopback', 'linklocal', 'uniquelocal'].includes(item)) continue;
    const [addr, prefix, extra] = item.split('/');
    const family = isIP(addr ?? '');
    const prefixOk = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 6 ? 128 : 32));
    if (!family || !prefixOk || extra !== undefined) {
      throw new ConfigError(`TRUST_PROXY must list proxy addresses or CIDRs such as 127.0.0.1,10.0.0.0/8, got "${item}"`);
    }
  }
  return items;
}

/** SHORT_LINK_*: see Config.shortLinks. */
function shortLinkSettings(env: Env, publicUrl: string): Config['shortLinks'] {
  const baseUrl = ((env.SHORT_LINK_BASE_URL ?? '').trim() || publicUrl).replace(/\/+$/, '');
  try {
    const u = new URL(baseUrl);
    if ((u.protocol !== 'http:' && u.protocol !== 'https:') || u.search || u.hash) throw new Error('shape');
  } catch {
    throw new ConfigError(`SHORT_LINK_BASE_URL must be an http(s) URL without a query, got "${env.SHORT_LINK_BASE_URL}"`);
  }
  const prefix = (env.SHORT_LINK_PREFIX ?? '').trim() || 's';
  // The prefix is the first path segment of a root route: it must not shadow the routes already there.
  if (!/^[A-Za-z0-9_-]{1,20}$/.test(prefix) || ['v3', 'files', 'docs', 'healthz', 'post', 'mail'].includes(prefix.toLowerCase())) {
    throw new ConfigError(`SHORT_LINK_PREFIX must be 1 to 20 letters, digits, - or _ and not v3, files, docs, healthz, post or mail, got "${prefix}"`);
  }
  const header = (env.SHORT_LINK_COUNTRY_HEADER ?? '').trim().toLowerCase();
  if (header && !/^[a-z0-9-]{1,64}$/.test(header)) throw new ConfigError(`SHORT_LINK_COUNTRY_HEADER must be a header name such as cf-ipcountry, got "${header}"`);
  return Object.freeze({
    baseUrl,
    prefix,
    // 7 characters are 41.7 bits, the least that keeps guessing pointless behind the miss limit; 16 is the column width.
    codeLength: int(env, 'SHORT_LINK_CODE_LENGTH', 8, 7, 16),
    // Generous: a campaign's recipients behind one carrier NAT click from one address within minutes.
    clicksMax: int(env, 'SHORT_LINK_CLICKS_MAX', 600, 1, 1_000_000),
    missesMax: int(env, 'SHORT_LINK_MISSES_MAX', 30, 1, 1_000_000),
    windowS: durationSeconds(env, 'SHORT_LINK_WINDOW', 60, 1, 86_400),
    countryHeader: header || undefined,
  });
}

/** SMTP_URL: empty (the outbox) or an smtp:// / smtps:// URL with a host. */
function smtpUrl(env: Env): string {
  const raw = (env.SMTP_URL ?? '').trim();
  if (raw === '') return '';
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new ConfigError('SMTP_URL must be smtp://user:pass@host:port or smtps://…, got a value that is not a URL');
  }
  if ((u.protocol !== 'smtp:' && u.protocol !== 'smtps:') || u.hostname === '') {
    throw new ConfigError(`SMTP_URL must be smtp://user:pass@host:port or smtps://…, got protocol "${u.protocol}"`);
  }
  return raw;
}

/** EMAIL_SMS_DOMAIN: a host name, lower case (ClickSend's is sms.clicksend.com). */
function emailSmsDomain(env: Env): string {
  const domain = ((env.EMAIL_SMS_DOMAIN ?? '').trim() || 'sms.sendbox.local').toLowerCase();
  if (!/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/.test(domain)) {
    throw new ConfigError(`EMAIL_SMS_DOMAIN must be a host name such as sms.example.com, got "${env.EMAIL_SMS_DOMAIN}"`);
  }
  return domain;
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

  // Stripe's window: a day covers a client's retries after an outage and the next morning's batch re-run.
  const idempotencyTtl = durationSeconds(env, 'IDEMPOTENCY_TTL', 86_400, 60, 30 * 86_400);
  // Far beyond the longest send (1000 recipients, file fetches, preflight): a live request taken for dead would be sent
  // twice, while a dead one's key merely answers "in progress" until then.
  const idempotencyLock = durationSeconds(env, 'IDEMPOTENCY_LOCK_TIMEOUT', 300, 1, 86_400);
  if (idempotencyLock >= idempotencyTtl) {
    throw new ConfigError(`IDEMPOTENCY_LOCK_TIMEOUT (${idempotencyLock} s) must be shorter than IDEMPOTENCY_TTL (${idempotencyTtl} s)`);
  }

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
    trustProxy: Object.freeze(trustProxyList(env.TRUST_PROXY)),
    accountTokens: Object.freeze({
      attemptsMax: int(env, 'TOKEN_ATTEMPTS_MAX', 5, 1, 1000),
      mintMax: int(env, 'TOKEN_MINT_MAX', 5, 1, 1000),
      perAddressMax: int(env, 'RECOVERY_ADDRESS_MAX', 30, 1, 1_000_000),
      signupPerAddressMax: int(env, 'SIGNUP_ADDRESS_MAX', 10, 1, 1_000_000),
      windowS: durationSeconds(env, 'TOKEN_WINDOW', 3600, 60, 7 * 86_400),
    }),
    // 1000 messages with every field at its maxLength (body 10 000, custom_string 4096, …) come to about 14.8 MB.
    bodyLimitBytes: int(env, 'BODY_LIMIT_BYTES', 15 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    exports: Object.freeze({
      // ClickSend documents no lifetime for export URLs. An export is fetched right after it is made; a day covers a
      // retry or the next morning, and bounds how long customer data sits behind a bearer URL.
      ttlSeconds: durationSeconds(env, 'EXPORT_TTL', 86_400, 60, 3650 * 86_400),
      sweepIntervalMs: durationSeconds(env, 'EXPORT_SWEEP_INTERVAL', 300, 1, 86_400) * 1000,
    }),
    sms: Object.freeze({
      receiptDelayMs: int(env, 'SMS_RECEIPT_DELAY_MS', 2_000, 0, 86_400_000),
      delayedReceiptMs: int(env, 'SMS_DELAYED_RECEIPT_MS', 30_000, 0, 86_400_000),
      receiptPollMs: int(env, 'SMS_RECEIPT_POLL_MS', 250, 10, 60_000),
      throttleWindowS: int(env, 'SMS_THROTTLE_WINDOW_S', 60, 0, 86_400),
      retryBaseMs: int(env, 'SMS_RETRY_BASE_MS', 1_000, 1, 3_600_000),
    }),
    smsCampaigns: Object.freeze({
      batchSize: int(env, 'SMS_CAMPAIGN_BATCH', 1_000, 1, 5_000),
    }),
    webhooks: Object.freeze({
      // ClickSend retries a failed push every minute, ten times; doubling from a minute up to two hours goes on for about a
      // day in 19 attempts (1+2+…+64 min, then every 2 h), and its first ten attempts already span more than ten minutes.
      retryBaseMs: int(env, 'WEBHOOK_RETRY_BASE_MS', 60_000, 1, 86_400_000),
      retryMaxMs: int(env, 'WEBHOOK_RETRY_MAX_MS', 2 * 3_600_000, 1, 7 * 86_400_000),
      maxAttempts: int(env, 'WEBHOOK_MAX_ATTEMPTS', 19, 1, 1000),
      timeoutMs: int(env, 'WEBHOOK_TIMEOUT_MS', 10_000, 100, 300_000),
      concurrency: int(env, 'WEBHOOK_CONCURRENCY', 64, 1, 1024),
    }),
    email: Object.freeze({
      smtpUrl: smtpUrl(env),
      smtpPoolSize: int(env, 'EMAIL_SMTP_POOL_SIZE', 5, 1, 100),
      smtpRatePerSecond: int(env, 'EMAIL_SMTP_RATE', 0, 0, 100_000),
      smtpTimeoutMs: int(env, 'EMAIL_SMTP_TIMEOUT_MS', 30_000, 100, 600_000),
      systemFrom: (env.EMAIL_FROM ?? '').trim() || 'Sendbox <no-reply@sendbox.local>',
      retryBaseMs: int(env, 'EMAIL_RETRY_BASE_MS', 60_000, 1, 86_400_000),
      retryMaxMs: int(env, 'EMAIL_RETRY_MAX_MS', 3_600_000, 1, 7 * 86_400_000),
      maxAttempts: int(env, 'EMAIL_MAX_ATTEMPTS', 10, 1, 1000),
      concurrency: int(env, 'EMAIL_CONCURRENCY', 16, 1, 1024),
      maxRecipients: int(env, 'EMAIL_MAX_RECIPIENTS', 100, 1, 1000),
      maxAttachmentBytes: int(env, 'EMAIL_ATTACHMENT_MAX_BYTES', 5 * 1024 * 1024, 1024, 50 * 1024 * 1024),
      maxMessageBytes: int(env, 'EMAIL_MESSAGE_MAX_BYTES', 10 * 1024 * 1024, 1024, 100 * 1024 * 1024),
    }),
    emailCampaigns: Object.freeze({
      batchSize: int(env, 'EMAIL_CAMPAIGN_BATCH', 1_000, 1, 5_000),
      // Generous like short links: recipients behind one corporate gateway open and click from one address.
      trackingMax: int(env, 'EMAIL_TRACKING_MAX', 600, 1, 1_000_000),
      trackingMissesMax: int(env, 'EMAIL_TRACKING_MISSES_MAX', 30, 1, 1_000_000),
      trackingWindowS: int(env, 'EMAIL_TRACKING_WINDOW', 60, 1, 86_400),
    }),
    emailSms: Object.freeze({
      listenPort: int(env, 'SMTP_LISTEN_PORT', 2525, 0, 65535),
      domain: emailSmsDomain(env),
      maxBytes: int(env, 'EMAIL_SMS_MAX_BYTES', 256 * 1024, 1024, 50 * 1024 * 1024),
      maxClients: int(env, 'EMAIL_SMS_MAX_CLIENTS', 100, 1, 100_000),
      maxRecipients: int(env, 'EMAIL_SMS_MAX_RECIPIENTS', 100, 1, 1000),
      connectionsPerMinute: int(env, 'EMAIL_SMS_CONNECTIONS_PER_MINUTE', 600, 1, 1_000_000),
    }),
    emailTemplates: Object.freeze({
      maxBodyBytes: int(env, 'EMAIL_TEMPLATE_MAX_BYTES', 512 * 1024, 1024, 10 * 1024 * 1024),
      maxImageBytes: int(env, 'EMAIL_TEMPLATE_IMAGE_MAX_BYTES', 5 * 1024 * 1024, 1024, 50 * 1024 * 1024),
    }),
    idempotency: Object.freeze({
      ttlSeconds: idempotencyTtl,
      lockTimeoutMs: idempotencyLock * 1000,
      // Long enough for an ordinary send to finish, short enough that a client's own HTTP timeout (often 30 s) does not fire first.
      waitMs: int(env, 'IDEMPOTENCY_WAIT_MS', 10_000, 0, 600_000),
      pollMs: int(env, 'IDEMPOTENCY_POLL_MS', 50, 5, 10_000),
      sweepIntervalMs: durationSeconds(env, 'IDEMPOTENCY_SWEEP_INTERVAL', 300, 1, 86_400) * 1000,
    }),
    // A sandbox user should see a card go Queued → Processing → Sent within seconds, with a moment to cancel it.
    post: Object.freeze({
      handOffDelayMs: int(env, 'POST_HANDOFF_DELAY_MS', 2_000, 0, 30 * 86_400_000),
      // Two threads at most by default, so PDF work never takes every core from the API on a small box.
      workers: int(env, 'POST_WORKERS', Math.min(2, os.availableParallelism()), 1, 16),
      // Compressed so a sandbox user can watch a card reach Delivered in about a minute (three stages).
      tracking: Object.freeze({
        enabled: bool(env, 'POST_TRACKING', true),
        stepMs: int(env, 'POST_TRACKING_STEP_MS', 20_000, 1, 30 * 86_400_000),
        pollMs: int(env, 'POST_TRACKING_POLL_MS', 1_000, 10, 3_600_000),
      }),
    }),
    contactImports: Object.freeze({
      // A thousand rows per commit keeps each transaction a few milliseconds long (the API shares the database).
      batchRows: int(env, 'CONTACT_IMPORT_BATCH', 1000, 1, 10_000),
      // A remote file is copied whole before the import streams it: 50 MB is about a million phone-and-name rows.
      urlMaxBytes: int(env, 'CONTACT_IMPORT_URL_MAX_BYTES', 50 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
      // Phone-number parsing is about half of an import's CPU; one thread takes it off the thread that parses and inserts.
      // Measured on a quiet 2-core box (200,000 rows): PostgreSQL 14,450 → 23,100 contacts/s, SQLite 20,000 → 33,400. On a
      // one-core box a thread only adds its start-up, so none there.
      workers: int(env, 'CONTACT_IMPORT_WORKERS', os.availableParallelism() >= 2 ? 1 : 0, 0, 8),
    }),
    uploads: Object.freeze({
      // ClickSend's newer docs say uploads expire after 10 minutes; its older example shows 7 days, which we keep as the default.
      ttlSeconds: durationSeconds(env, 'UPLOAD_TTL', 7 * 86_400, 60, 3650 * 86_400),
      sweepIntervalMs: durationSeconds(env, 'UPLOAD_SWEEP_INTERVAL', 300, 1, 86_400) * 1000,
      sofficePath: (env.SOFFICE_PATH ?? '').trim() || undefined,
      conversionTimeoutMs: durationSeconds(env, 'SOFFICE_TIMEOUT', 60, 1, 3600) * 1000,
      conversionConcurrency: int(env, 'SOFFICE_CONCURRENCY', 2, 1, 64),
      // Two threads leave the API its own core on a small box while a third upload waits its turn.
      imageWorkers: int(env, 'IMAGE_WORKERS', 2, 1, 16),
      imageQueueMax: int(env, 'IMAGE_QUEUE_MAX', 20, 0, 10_000),
      imageTimeoutMs: durationSeconds(env, 'IMAGE_TIMEOUT', 60, 1, 3600) * 1000,
    }),
    shortLinks: shortLinkSettings(env, publicUrl),
  });
}
