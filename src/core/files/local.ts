import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { randomBytes } from 'node:crypto';
import { assertFileName, type FileStore, type StoredFile } from './types.js';

/** FileStore on local disk (DATA_DIR/files). Writes go to a temp file then rename, so readers never see half a file. */
export class LocalFileStore implements FileStore {
  constructor(private readonly dir: string) {}

  private pathOf(name: string): string {
    assertFileName(name);
    return path.join(this.dir, name);
  }

  async put(name: string, data: Buffer | Readable): Promise<void> {
    const target = this.pathOf(name);
    await fsp.mkdir(this.dir, { recursive: true });
    const tmp = path.join(this.dir, `.${name}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      if (Buffer.isBuffer(data)) await fsp.writeFile(tmp, data);
      else await pipeline(data, fs.createWriteStream(tmp));
      await fsp.rename(tmp, target);
    } catch (err) {
      await fsp.rm(tmp, { force: true });
      throw err;
    }
  }

  async get(name: string): Promise<Buffer | undefined> {
    try {
      return await fsp.readFile(this.pathOf(name));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  async stream(name: string): Promise<{ stream: Readable; size: number } | undefined> {
    const st = await this.stat(name);
    if (!st) return undefined;
    return { stream: fs.createReadStream(this.pathOf(name)), size: st.size };
  }

  async stat(name: string): Promise<StoredFile | undefined> {
    try {
      const st = await fsp.stat(this.pathOf(name));
      return st.isFile() ? { size: st.size } : undefined;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  async delete(name: string): Promise<void> {
    await fsp.rm(this.pathOf(name), { force: true });
  }
}
