import type { Readable } from 'node:stream';

/** Generated files that nobody fetches after their first download; each kind has its TTL ('export': EXPORT_TTL). */
export type GeneratedKind = 'export';

export interface PutOptions {
  /** Marks the file as generated: it is deleted, and its URL answers 404, once its kind's TTL has passed. */
  readonly generated?: GeneratedKind;
}

export interface StoredFile {
  size: number;
}

/**
 * Where uploads, merged PDFs, proofs, thumbnails and exports live. Names are flat and unguessable
 * (a GUID plus an extension); whoever holds a name may read the file through GET /files/{name}, as on
 * ClickSend. Local disk by default; an S3-compatible store can stand behind the same interface.
 */
export interface FileStore {
  put(name: string, data: Buffer | Readable, options?: PutOptions): Promise<void>;
  get(name: string): Promise<Buffer | undefined>;
  stream(name: string): Promise<{ stream: Readable; size: number } | undefined>;
  stat(name: string): Promise<StoredFile | undefined>;
  delete(name: string): Promise<void>;
}

/** A file name as FileStore accepts it: no paths, no dot-files. */
export const FILE_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{7,127}(\.[A-Za-z0-9]{1,8})?$/;

export function assertFileName(name: string): void {
  if (!FILE_NAME_PATTERN.test(name)) throw new Error(`invalid file name: ${name}`);
}
