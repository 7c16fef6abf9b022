import type { Module, NoServices } from './types.js';

/**
 * Modules built in order. Each factory is handed what the platform and the modules before it provide;
 * its parameter type names the part it uses, and the compiler checks that part was provided by then, so
 * a module listed before what it needs does not compile. A name provided twice is refused at start-up.
 */
export class ModuleSet<Provided extends object> {
  private constructor(
    readonly provided: Readonly<Provided>,
    readonly modules: readonly Module<object>[],
  ) {}

  /** The start: what every module may ask for without a module providing it (config, db, clock, ...). */
  static of<P extends object>(platform: P): ModuleSet<P> {
    return new ModuleSet(Object.freeze({ ...platform }), []);
  }

  add<P extends object = NoServices>(factory: (needs: Provided) => Module<P>): ModuleSet<Provided & P> {
    const mod = factory(this.provided);
    const provides = (mod.provides ?? {}) as P;
    for (const key of Object.keys(provides)) {
      if (key in this.provided) throw new Error(`module ${mod.name} provides "${key}", which an earlier module or the platform already provides`);
    }
    return new ModuleSet(Object.freeze({ ...this.provided, ...provides }), [...this.modules, mod]);
  }
}

/** Runs close hooks in reverse order of registration, each once, all of them even when one fails (the first error is rethrown). */
export class CloseHooks {
  private readonly hooks: { name: string; close: () => Promise<void> | void }[] = [];
  private closing: Promise<void> | undefined;

  add(name: string, close: () => Promise<void> | void): this {
    this.hooks.push({ name, close });
    return this;
  }

  /** Idempotent: a second call waits for the first. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      let failure: unknown;
      for (const hook of [...this.hooks].reverse()) {
        try {
          await hook.close();
        } catch (err) {
          failure ??= err instanceof Error ? Object.assign(err, { message: `closing ${hook.name}: ${err.message}` }) : err;
        }
      }
      if (failure !== undefined) throw failure;
    })();
    return this.closing;
  }
}
