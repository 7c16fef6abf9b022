import type { FastifyInstance } from 'fastify';
import { ApiError } from '../errors/index.js';

/**
 * Checks every parsed input once, after schema validation, for values no column can hold: NUL
 * characters (PostgreSQL refuses them in text), non-finite numbers (Ajv coerces "1e309" to Infinity and
 * lets it through an integer check) and integers beyond 2^53 (they lose precision and overflow bigint).
 * One walk for all routes, so no repository meets them.
 */
export function installInputGuard(app: FastifyInstance) {
  app.addHook('preHandler', async (request) => {
    const problem = findProblem(request.params, 'path') ?? findProblem(request.query, 'query') ?? findProblem(request.body, 'body');
    if (problem) throw ApiError.badRequest(problem);
  });
}

const MAX_DEPTH = 64;

function findProblem(value: unknown, where: string, path = '', depth = 0): string | undefined {
  const name = () => (path ? `${path}` : `the ${where}`);
  if (typeof value === 'string') {
    return value.includes('\u0000') ? `${name()} contains a NUL character, which is not allowed.` : undefined;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return `${name()} must be a finite number.`;
    if (Number.isInteger(value) && !Number.isSafeInteger(value)) return `${name()} is out of range (at most ${Number.MAX_SAFE_INTEGER}).`;
    return undefined;
  }
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const p = findProblem(value[i], where, `${path}[${i}]`, depth + 1);
      if (p) return p;
    }
    return undefined;
  }
  for (const key of Object.keys(value)) {
    if (key.includes('\u0000')) return `${name()} has a field name with a NUL character, which is not allowed.`;
    const p = findProblem((value as Record<string, unknown>)[key], where, path ? `${path}.${key}` : key, depth + 1);
    if (p) return p;
  }
  return undefined;
}
