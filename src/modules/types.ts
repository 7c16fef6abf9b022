import type { AppDeps } from '../context.js';
import type { App } from '../core/http/index.js';
import type { Services } from '../services.js';

export interface ModuleContext {
  readonly deps: AppDeps;
  readonly services: Services;
}

/** A ClickSend resource group: registers its routes (already under /v3). */
export interface SendboxModule {
  readonly name: string;
  register(app: App, ctx: ModuleContext): void | Promise<void>;
  /** Routes outside /v3 (e.g. GET /files/{name}, which ClickSend serves at the host root). */
  registerRoot?(app: App, ctx: ModuleContext): void | Promise<void>;
}
