import type { FastifySchemaValidationError } from 'fastify';

/** Where the field sits, as a user would name it: "recipients[0].address_name" rather than "/recipients/0/address_name". */
function fieldName(context: string, instancePath: string, missing?: string): string {
  const parts = instancePath.split('/').filter(Boolean);
  if (missing) parts.push(missing);
  if (parts.length === 0) return context === 'body' ? 'request body' : context;
  return parts.reduce((acc, part) => (/^\d+$/.test(part) ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part), '');
}

function describe(e: FastifySchemaValidationError): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return 'is required';
    case 'type':
      return `must be ${String(p.type).replace(',', ' or ')}`;
    case 'additionalProperties':
      return `has an unknown field "${String(p.additionalProperty)}"`;
    case 'minLength':
      return Number(p.limit) === 1 ? 'must not be empty' : `must be at least ${String(p.limit)} characters`;
    case 'maxLength':
      return `must be at most ${String(p.limit)} characters`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `must be ${String(p.comparison)} ${String(p.limit)}`;
    case 'enum':
      return `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'minItems':
      return `must have at least ${String(p.limit)} item(s)`;
    case 'maxItems':
      return `must have at most ${String(p.limit)} item(s)`;
    default:
      return e.message ?? 'is invalid';
  }
}

/** Turns Ajv errors into one sentence that names each field and its problem. */
export function validationMessage(errors: FastifySchemaValidationError[], context: string): string {
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const e of errors) {
    const missing = e.keyword === 'required' ? String((e.params as { missingProperty?: string }).missingProperty) : undefined;
    const text = `${fieldName(context, e.instancePath, missing)} ${describe(e)}`;
    if (!seen.has(text)) {
      seen.add(text);
      parts.push(text);
    }
  }
  return `Invalid ${context}: ${parts.join('; ')}.`;
}
