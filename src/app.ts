import Fastify, { LogController } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppDeps } from './context.js';
import { installAuth } from './core/auth/index.js';
import {
  installBodyLimits,
  installErrorHandling,
  installInputGuard,
  installOpenApi,
  lazySchemaCompilers,
  PUBLIC_BODY_LIMIT,
  renderClientError,
  renderFrameworkError,
  serializeRequest,
  type App,
} from './core/http/index.js';
import { sendEnvelope } from './core/http/envelope.js';
import { sql } from 'kysely';
import { compose, type Services } from './main/compose.js';

export interface BuiltApp {
  app: App;
  services: Services;
  /** Compiles the route schemas no request has needed yet (see lazySchemaCompilers); serve() runs it after listen. */
  warmSchemas: () => Promise<void>;
}

/** Registers the core plugins, then every module under /v3. Used by main/ and by tests. */
export async function buildApp(deps: AppDeps, opts: { logger?: boolean | object } = {}): Promise<BuiltApp> {
  const { config } = deps;
  const schemas = lazySchemaCompilers();
  const app = Fastify({
    // Request lines (LOG_LEVEL=debug) show URLs with their secret segments (activation codes, file names) redacted.
    logger: opts.logger === false ? false : { level: config.logLevel, ...(typeof opts.logger === 'object' ? opts.logger : {}), serializers: { req: serializeRequest } },
    // Only requests no route matches use this; each route gets its own limit from installBodyLimits.
    bodyLimit: PUBLIC_BODY_LIMIT,
    // ClickSend tolerates trailing slashes (e.g. POST /automations/sms/inbound/ is documented with one).
    routerOptions: { ignoreTrailingSlash: true, ignoreDuplicateSlashes: true, maxParamLength: 500 },
    // X-Forwarded-For is believed only from the listed proxies (TRUST_PROXY), so request.ip (the failed-login and
    // recovery limiters' key) is the real client behind them and cannot be forged by anyone else.
    trustProxy: config.trustProxy.length > 0 ? [...config.trustProxy] : false,
    frameworkErrors: renderFrameworkError,
    clientErrorHandler: renderClientError,
    // Fastify's own compilers, run on a route's first request instead of before listen (half a second of start-up).
    schemaController: { compilersFactory: schemas.compilers },
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false, useDefaults: true, allErrors: false } },
    // Per-request lines only at debug/trace: at info they would dominate the log and cost throughput.
    logController: new LogController({ disableRequestLogging: config.logLevel !== 'debug' && config.logLevel !== 'trace' }),
  }).withTypeProvider<TypeBoxTypeProvider>();

  const system = compose(deps);
  const { services } = system;
  // close() closes the keep-alive connections idle at that moment; one still finishing a response then goes idle a
  // moment later and held close() for Fastify's keepAliveTimeout (72 s: a SIGTERM took that long, and so did test files
  // that fetched a file just before closing). So while closing, idle connections are closed as they appear.
  let idleSweep: NodeJS.Timeout | undefined;
  app.addHook('preClose', (done) => {
    idleSweep = setInterval(() => app.server.closeIdleConnections(), 50);
    idleSweep.unref();
    done();
  });
  app.addHook('onClose', (_instance, done) => {
    clearInterval(idleSweep);
    done();
  });
  // Whoever started the dispatcher, closing the app stops it (in-flight hand-offs finish) and closes every module.
  app.addHook('onClose', async () => {
    await system.close();
  });

  installErrorHandling(app);
  installBodyLimits(app, { bulkBytes: config.bodyLimitBytes });
  installAuth(app, { store: services.credentials, failures: config.authFailures });
  installInputGuard(app);
  await installOpenApi(app, config.publicUrl);

  app.get('/healthz', { schema: { hide: true } }, async (_req, reply) => {
    try {
      await sql`select 1`.execute(deps.dbh.db);
      return { status: 'ok', database: deps.dbh.dialect };
    } catch {
      return sendEnvelope(reply, 503, 'SERVICE_UNAVAILABLE', 'Database is not answering.');
    }
  });

  await app.register(
    async (v3) => {
      for (const mod of system.modules) await mod.routes?.(v3 as App);
    },
    { prefix: '/v3' },
  );
  for (const mod of system.modules) await mod.rootRoutes?.(app);

  await app.ready();
  return { app, services, warmSchemas: schemas.warm };
}
