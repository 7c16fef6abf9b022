export type { Module, ModuleFactory, NoServices } from './types.js';
export { ModuleSet, CloseHooks } from './module-set.js';
