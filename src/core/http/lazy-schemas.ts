import { createRequire } from 'node:module';
import type { FastifyServerOptions } from 'fastify';

type Compilers = NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>;
type BuildValidator = NonNullable<Compilers['buildValidator']>;
type BuildSerializer = NonNullable<Compilers['buildSerializer']>;
// The compiled functions keep their own signatures (Ajv's, fast-json-stringify's).
type Fn = (...args: any[]) => any;

/**
 * Fastify compiles every route's schemas (Ajv validators, fast-json-stringify serializers) before it listens: about
 * half a second of a 2-core machine's start-up for our ~60 routes. These are Fastify's own compilers (the copies
 * Fastify itself would load, with the same options), each compiled on its first call instead: a route's first
 * request pays a few milliseconds, and warmSchemas() compiles the rest in the background after listen. What a
 * compiled function does is unchanged; only when it is built.
 */
const fastifyRequire = createRequire(createRequire(import.meta.url).resolve('fastify'));

/** The compilers for one Fastify instance (its schemaController.compilersFactory), and warm() for that instance. */
export function lazySchemaCompilers(): { compilers: Compilers; warm: () => Promise<void>; pending: () => number } {
  const pending = new Set<() => unknown>();
  const lazy = <T>(build: () => T): (() => T) => {
    let built: T | undefined;
    const get = () => {
      if (built === undefined) {
        built = build();
        pending.delete(get);
      }
      return built;
    };
    pending.add(get);
    return get;
  };

  const buildValidator: BuildValidator = (externalSchemas, ajvOptions) => {
    const compilerFor = lazy(() => (fastifyRequire('@fastify/ajv-compiler') as () => BuildValidator)()(externalSchemas, ajvOptions));
    return (route) => {
      const compiled = lazy(() => compilerFor()(route) as Fn);
      const validate = (...args: unknown[]) => compiled()(...args);
      // Fastify reads these off the validator: schemaEnv (Ajv's, so the root value can be coerced in place) before
      // the call, errors after it (also after an async validator settles).
      Object.defineProperty(validate, 'schemaEnv', { get: () => (compiled() as { schemaEnv?: unknown }).schemaEnv });
      Object.defineProperty(validate, 'errors', { get: () => (compiled() as { errors?: unknown }).errors });
      return validate as unknown as ReturnType<ReturnType<BuildValidator>>;
    };
  };
  const buildSerializer: BuildSerializer = (externalSchemas, serializerOptions) => {
    const compilerFor = lazy(() => (fastifyRequire('@fastify/fast-json-stringify-compiler') as () => BuildSerializer)()(externalSchemas, serializerOptions));
    return (route) => {
      const compiled = lazy(() => compilerFor()(route) as Fn);
      return (data: unknown) => compiled()(data);
    };
  };

  /**
   * Compiles, one per turn of the event loop so requests interleave, every schema no request has needed yet.
   * Resolves when none is left; a schema that does not compile rejects (it would otherwise fail its route's first
   * request, where Fastify would have refused to start).
   */
  const warm = async () => {
    for (const build of pending) {
      await new Promise((resolve) => setImmediate(resolve));
      build();
    }
  };
  return { compilers: { buildValidator, buildSerializer }, warm, pending: () => pending.size };
}
