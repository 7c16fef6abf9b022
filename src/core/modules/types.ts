import type { DispatchQueue, PeriodicTask } from '../dispatch/index.js';
import type { App } from '../http/index.js';

/** What a module that provides no service provides (an empty record, not `{}`, which would accept anything). */
export type NoServices = Record<never, never>;

/**
 * What one module adds to the server. A module's index.ts exports one factory that takes the explicit
 * dependencies it needs (its parameter type says which) and returns this; the composition root
 * (src/main/compose.ts) calls the factories in order and wires what they return.
 */
export interface Module<Provides extends object = NoServices> {
  readonly name: string;
  /** Services other modules (listed after this one) may ask for, by these names. */
  readonly provides?: Provides;
  /** Routes under /v3. Only called by the HTTP server: `sendbox worker` builds the module but never its routes. */
  readonly routes?: (app: App) => void | Promise<void>;
  /** Routes at the host root, outside /v3 (e.g. GET /files/{name}, which ClickSend serves there). */
  readonly rootRoutes?: (app: App) => void | Promise<void>;
  /** Message tables the dispatcher claims from (serve and every `sendbox worker`). */
  readonly queues?: readonly DispatchQueue<any>[];
  /** Housekeeping the dispatcher runs wherever it runs, at its start and then on each task's interval. */
  readonly tasks?: readonly PeriodicTask[];
  /** Releases what the module holds (thread pools, background work); run when the app closes, in reverse module order. */
  readonly close?: () => Promise<void> | void;
}

/** A module's factory: from what it needs to what it contributes. */
export type ModuleFactory<Needs, Provides extends object = NoServices> = (needs: Needs) => Module<Provides>;
