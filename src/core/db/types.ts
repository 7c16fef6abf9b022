/**
 * The database schema as Kysely sees it. Each module adds its own tables by declaration merging
 * (`declare module '../../core/db/types.js' { interface Database { … } }` in its *.tables.ts),
 * so the core never imports a module.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface Database {}

export type Dialect = 'sqlite' | 'postgres';
