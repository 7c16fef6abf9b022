// The test runner's reporter: node's own `spec` output for people, plus two things it lacks on Node 20.
// - A suite skipped as a whole (`describe(name, { skip: reason }, ...)`, e.g. "needs PostgreSQL") is
//   counted in "skipped" (node counts only skipped tests, so such a suite vanished from the totals).
// - The ten slowest test files, printed just before the totals, so a growing suite shows where time goes.
import { Transform } from 'node:stream';
import path from 'node:path';
import { spec } from 'node:test/reporters';

export default class Reporter extends Transform {
  #spec = new spec();
  #files = new Map();
  #skippedSuites = 0;
  #printedSlowest = false;
  #startedMs = Date.now();

  constructor() {
    super({ writableObjectMode: true });
    this.#spec.on('data', (chunk) => this.push(chunk));
  }

  _transform(event, _enc, done) {
    const d = event.data ?? {};
    if (event.type === 'test:complete' && d.nesting === 0 && d.file && d.name === d.file) {
      // With the end time (seconds into the run) a slow file can be matched with the files that ran beside it.
      this.#files.set(d.file, { ms: d.details?.duration_ms ?? 0, endS: (Date.now() - this.#startedMs) / 1000 });
    }
    if (event.type === 'test:pass' && d.details?.type === 'suite' && d.skip) this.#skippedSuites++;
    if (event.type === 'test:diagnostic' && d.nesting === 0) {
      if (!this.#printedSlowest && /^tests \d+$/.test(d.message)) {
        this.#printedSlowest = true;
        this.push(this.#slowest());
      }
      const m = /^(tests|skipped) (\d+)$/.exec(d.message);
      if (m && this.#skippedSuites > 0) {
        event = { ...event, data: { ...d, message: `${m[1]} ${Number(m[2]) + this.#skippedSuites}` } };
      }
    }
    this.#spec.write(event, done);
  }

  _flush(done) {
    this.#spec.once('end', () => done());
    this.#spec.end();
  }

  #slowest() {
    const rows = [...this.#files].sort((a, b) => b[1].ms - a[1].ms).slice(0, 10);
    if (rows.length === 0) return '';
    const lines = rows.map(([f, { ms, endS }]) => `  ${(ms / 1000).toFixed(1).padStart(7)} s  ${path.relative(process.cwd(), f)}  (ended ${endS.toFixed(0)} s into the run)`);
    return `\nslowest test files:\n${lines.join('\n')}\n\n`;
  }
}
