import type { Readable } from 'node:stream';
import type { FileStore, GeneratedKind, PutOptions, StoredFile } from './types.js';

/** Where the expiry of generated files is kept (a table, so every process and the sweeper see it). */
export interface ExpiryRegistry {
  /** Notes that `name` is a generated file of this kind, to be deleted once its TTL has passed. */
  record(name: string, kind: GeneratedKind): Promise<void>;
}

/**
 * A FileStore that notes a TTL for each file put with `{ generated }` (exports), so writers such as
 * writeCsv need no other dependency and no generated file is stored without a deletion date. The note is
 * written before the file: a crash in between leaves a note whose sweep deletes nothing, never a file
 * that no sweep would find.
 */
export class ExpiringFileStore implements FileStore {
  constructor(
    private readonly inner: FileStore,
    private readonly registry: ExpiryRegistry,
  ) {}

  async put(name: string, data: Buffer | Readable, options?: PutOptions): Promise<void> {
    if (options?.generated) await this.registry.record(name, options.generated);
    await this.inner.put(name, data);
  }

  get(name: string): Promise<Buffer | undefined> {
    return this.inner.get(name);
  }

  stream(name: string): Promise<{ stream: Readable; size: number } | undefined> {
    return this.inner.stream(name);
  }

  stat(name: string): Promise<StoredFile | undefined> {
    return this.inner.stat(name);
  }

  delete(name: string): Promise<void> {
    return this.inner.delete(name);
  }
}
