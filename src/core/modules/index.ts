export type { Module, ModuleFactory } from './types.js';
export { ModuleSet, CloseHooks } from './module-set.js';
