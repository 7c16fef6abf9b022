import { spawn } from 'node:child_process';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ApiError } from '../../../core/errors/index.js';
import type { DocumentKind } from '../detect.js';
import type { SheetKind } from './sheet.js';
import { profileSettingsXml } from './office-profile.js';
import { Semaphore } from './semaphore.js';

export interface OfficeConverterOptions {
  /** SOFFICE_PATH; undefined → `soffice`, found on PATH by the OS when spawned. */
  readonly sofficePath: string | undefined;
  readonly timeoutMs: number;
  /** Conversions running at once; more wait their turn. */
  readonly concurrency: number;
  /** Parent of the per-conversion work directories (default: the OS temp dir). */
  readonly workDir?: string;
}

interface RunResult {
  code: number | null;
  timedOut: boolean;
  output: string;
  spawnError?: NodeJS.ErrnoException;
}

const KEEP_OUTPUT = 4000;

/**
 * doc, docx, rtf and odt → PDF (and spreadsheets → CSV) with LibreOffice headless (`soffice --convert-to pdf`), run as a separate
 * process (so no LibreOffice code is linked into the server). Every conversion gets its own work directory
 * and its own profile (-env:UserInstallation): two soffice processes sharing a profile block each other
 * or fail. The directory is deleted afterwards, whatever happened; a conversion that overruns the timeout
 * is killed with its whole process group.
 */
export class OfficeConverter {
  private readonly slots: Semaphore;

  constructor(private readonly opts: OfficeConverterOptions) {
    this.slots = new Semaphore(opts.concurrency);
  }

  async toPdf(kind: DocumentKind, input: Buffer): Promise<Buffer> {
    return this.convert(kind, input, { filter: 'pdf:writer_pdf_Export', ext: 'pdf', target: 'PDF', valid: (pdf) => pdf.subarray(0, 5).equals(Buffer.from('%PDF-')) });
  }

  /**
   * xls, xlsx and ods → CSV (the first sheet): UTF-8, comma-separated, text quoted (Calc's filter options 44,34,76,1),
   * for contact imports.
   */
  async toCsv(kind: SheetKind, input: Buffer): Promise<Buffer> {
    return this.convert(kind, input, { filter: 'csv:Text - txt - csv (StarCalc):44,34,76,1', ext: 'csv', target: 'CSV', valid: () => true });
  }

  private async convert(kind: DocumentKind | SheetKind, input: Buffer, to: { filter: string; ext: string; target: string; valid: (out: Buffer) => boolean }): Promise<Buffer> {
    const label = kind.toUpperCase();
    const bin = this.opts.sofficePath ?? 'soffice';
    if (this.opts.sofficePath) await this.assertExecutable(this.opts.sofficePath, label, to.target);
    return this.slots.run(async () => {
      const dir = await fsp.mkdtemp(path.join(this.opts.workDir ?? os.tmpdir(), 'sendbox-convert-'));
      try {
        const profile = path.join(dir, 'profile');
        const out = path.join(dir, 'out');
        const source = path.join(dir, `document.${kind}`);
        await fsp.mkdir(path.join(profile, 'user'), { recursive: true });
        await fsp.mkdir(out);
        await fsp.writeFile(path.join(profile, 'user', 'registrymodifications.xcu'), profileSettingsXml());
        await fsp.writeFile(source, input);
        const args = [
          '--headless',
          '--invisible',
          '--norestore',
          '--nolockcheck',
          '--nodefault',
          '--nologo',
          `-env:UserInstallation=${pathToFileURL(profile).href}`,
          '--convert-to',
          to.filter,
          '--outdir',
          out,
          source,
        ];
        const r = await this.run(bin, args, dir);
        if (r.spawnError) throw this.unavailable(label, to.target, r.spawnError);
        if (r.timedOut) {
          throw ApiError.badRequest(
            `Converting this ${label} to ${to.target} took longer than ${seconds(this.opts.timeoutMs)} and was stopped; simplify the document or export it to ${to.target} yourself and upload the ${to.target}.`,
          );
        }
        const converted = await fsp.readFile(path.join(out, `document.${to.ext}`)).catch(() => undefined);
        if (!converted || !to.valid(converted)) {
          const why = lastMeaningfulLine(r.output);
          throw ApiError.badRequest(`LibreOffice could not convert this ${label} to ${to.target}${why ? ` (${why})` : ''}; the file may be damaged, password-protected or not really a ${label}.`);
        }
        return converted;
      } finally {
        await fsp.rm(dir, { recursive: true, force: true });
      }
    });
  }

  private async assertExecutable(file: string, label: string, target = 'PDF'): Promise<void> {
    try {
      await fsp.access(file, fsp.constants.X_OK);
    } catch (err) {
      throw this.unavailable(label, target, err as NodeJS.ErrnoException);
    }
  }

  private unavailable(label: string, target: string, err: NodeJS.ErrnoException): ApiError {
    const where = this.opts.sofficePath ? `SOFFICE_PATH names a file that ${err.code === 'EACCES' ? 'is not executable' : 'does not exist'}` : 'soffice was not found on PATH';
    return ApiError.badRequest(
      `Cannot convert this ${label} to ${target}: the document converter LibreOffice is not available on this server (${where}). ` +
        `Upload a ${target} instead, or ask the server operator to install LibreOffice (see docs/uploads.md).`,
    );
  }

  private run(bin: string, args: string[], cwd: string): Promise<RunResult> {
    return new Promise((resolve) => {
      let output = '';
      let timedOut = false;
      let settled = false;
      const finish = (r: RunResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(r);
      };
      // detached: soffice is a launcher that starts soffice.bin; a process group lets a timeout kill both.
      const child = spawn(bin, args, { cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
      const keep = (chunk: Buffer) => {
        output = (output + chunk.toString('utf8')).slice(-KEEP_OUTPUT);
      };
      child.stdout.on('data', keep);
      child.stderr.on('data', keep);
      const timer = setTimeout(() => {
        timedOut = true;
        killGroup(child.pid);
      }, this.opts.timeoutMs);
      child.on('error', (err) => finish({ code: null, timedOut, output, spawnError: err as NodeJS.ErrnoException }));
      child.on('close', (code) => finish({ code, timedOut, output }));
    });
  }
}

const seconds = (ms: number) => (ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`);

function killGroup(pid: number | undefined): void {
  if (!pid) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/** The line of soffice's chatter that explains a failure ("Error: source file could not be loaded"). */
function lastMeaningfulLine(output: string): string | undefined {
  const lines = output
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !/javaldx|^convert .* using filter/i.test(l));
  const error = lines.reverse().find((l) => /error/i.test(l)) ?? lines[0];
  return error?.replace(/^Error:\s*/i, '').slice(0, 200);
}
