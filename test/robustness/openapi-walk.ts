/** Reads the operations out of the server's own OpenAPI 3.1 document, so the fuzz covers whatever is routed today. */

export type Schema = Record<string, any>;

export interface Param {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  schema: Schema;
}

export interface Operation {
  method: string;
  /** Path as registered, with the /v3 prefix and {name} placeholders. */
  template: string;
  operationId: string;
  params: Param[];
  /** JSON body schema, when the operation documents one. */
  body: Schema | undefined;
  bodyRequired: boolean;
  /** security: [] on the operation means no credentials are needed. */
  isPublic: boolean;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** Follows local $refs (#/components/schemas/X and the like) until a concrete schema remains. */
export function resolver(doc: Schema) {
  return function resolve(schema: Schema | undefined): Schema {
    let s = schema ?? {};
    for (let hops = 0; typeof s.$ref === 'string' && hops < 20; hops++) {
      const ref: string = s.$ref;
      if (!ref.startsWith('#/')) throw new Error(`fuzz: cannot follow non-local $ref ${ref}`);
      let target: any = doc;
      for (const part of ref.slice(2).split('/')) target = target?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
      if (!target) throw new Error(`fuzz: dangling $ref ${ref}`);
      s = { ...target, ...Object.fromEntries(Object.entries(s).filter(([k]) => k !== '$ref')) };
    }
    return s;
  };
}

export function operationsOf(doc: Schema): Operation[] {
  const resolve = resolver(doc);
  const prefix = new URL((doc.servers?.[0]?.url as string | undefined) ?? 'http://x/v3').pathname.replace(/\/$/, '');
  const ops: Operation[] = [];
  for (const [p, item] of Object.entries<Schema>(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method] as Schema | undefined;
      if (!op) continue;
      const params: Param[] = [...(item.parameters ?? []), ...(op.parameters ?? [])].map((raw: Schema) => {
        const prm = resolve(raw);
        return { name: prm.name, in: prm.in, required: Boolean(prm.required), schema: resolve(prm.schema) };
      });
      const rb = op.requestBody ? resolve(op.requestBody) : undefined;
      const json = rb?.content?.['application/json']?.schema;
      ops.push({
        method: method.toUpperCase(),
        template: `${prefix}${p}`,
        operationId: op.operationId ?? `${method} ${p}`,
        params,
        body: json ? resolve(json) : undefined,
        bodyRequired: Boolean(rb?.required),
        isPublic: Array.isArray(op.security) && op.security.length === 0,
      });
    }
  }
  return ops;
}
