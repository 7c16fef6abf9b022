import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { RatioGoal } from './scenario.js';
import type { LoadOptions } from './measure.js';

export interface TargetSummary {
  label: string;
  rps: number[];
  p50: number[];
  p99: number[];
  medianRps: number;
  medianP50: number;
  medianP99: number;
  cpuPerRequest: number[];
  medianCpuPerRequest: number;
  non2xx: number;
  errors: number;
}

export interface ScenarioResult {
  name: string;
  /** The database the Sendbox server ran on; results are kept per scenario and variant. */
  variant: 'SQLite' | 'PostgreSQL';
  title: string;
  date: Date;
  load: LoadOptions & { rounds: number; warmupS: number };
  targets: TargetSummary[];
  ratio?: RatioGoal & { value: number; cpuValue: number };
  facts: Record<string, string>;
}

export function machineFacts(): Record<string, string> {
  const require = createRequire(import.meta.url);
  const ac = (require('autocannon/package.json') as { version: string }).version;
  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown';
  return {
    nproc: String(os.availableParallelism()),
    cpu,
    memory: `${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    node: process.version,
    os: `${os.type()} ${os.release()}`,
    autocannon: ac,
  };
}

const n0 = (x: number) => Math.round(x).toLocaleString('en-US');
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

export function renderText(r: ScenarioResult): string {
  const w = Math.max(...r.targets.map((t) => t.label.length));
  const lines = [`\n${r.title}`, `${'target'.padEnd(w)}  req/s (median)   p50 ms  p99 ms  server CPU µs/req   runs (req/s)`];
  for (const t of r.targets) {
    lines.push(
      `${t.label.padEnd(w)}  ${n0(t.medianRps).padStart(14)}  ${String(t.medianP50).padStart(7)} ${String(t.medianP99).padStart(7)}  ${t.medianCpuPerRequest.toFixed(1).padStart(17)}   ${t.rps.map(n0).join(' / ')}`,
    );
  }
  if (r.ratio) {
    lines.push(`ratio ${r.ratio.numerator} ÷ ${r.ratio.denominator} = ${pct(r.ratio.value)} (goal ≥ ${pct(r.ratio.goal)}: ${r.ratio.value >= r.ratio.goal ? 'met' : 'NOT met'})`);
    lines.push(`same ratio from server CPU per request: ${pct(r.ratio.cpuValue)}`);
  }
  for (const [k, v] of Object.entries(r.facts)) lines.push(`${k}: ${v}`);
  const bad = r.targets.filter((t) => t.non2xx || t.errors);
  for (const t of bad) lines.push(`WARNING: ${t.label} had ${t.non2xx} non-2xx answers and ${t.errors} errors/timeouts`);
  return lines.join('\n');
}

export function renderMarkdown(r: ScenarioResult): string {
  const out = [
    `## ${r.name} on ${r.variant}: ${r.title}`,
    '',
    `Run ${r.date.toISOString().replace(/\.\d+Z$/, 'Z')}. Load: autocannon, ${r.load.connections} connections, ${r.load.rounds} × ${r.load.durationS} s per target after a ${r.load.warmupS} s warm-up, targets alternated, medians shown. Each server runs in its own child process; autocannon runs in the parent.`,
    '',
    '| fact | value |',
    '|---|---|',
    ...Object.entries({ ...machineFacts(), ...r.facts }).map(([k, v]) => `| ${k} | ${v} |`),
    '',
    '| target | req/s (median) | p50 latency (ms) | p99 latency (ms) | server CPU µs/request (median) | req/s of each run | non-2xx | errors |',
    '|---|---:|---:|---:|---:|---|---:|---:|',
    ...r.targets.map((t) => `| ${t.label} | ${n0(t.medianRps)} | ${t.medianP50} | ${t.medianP99} | ${t.medianCpuPerRequest.toFixed(1)} | ${t.rps.map(n0).join(' / ')} | ${t.non2xx} | ${t.errors} |`),
  ];
  if (r.ratio) {
    out.push(
      '',
      `**Ratio** ${r.ratio.numerator} ÷ ${r.ratio.denominator}: **${pct(r.ratio.value)}** of the requests/s (goal ≥ ${pct(r.ratio.goal)}: ${r.ratio.value >= r.ratio.goal ? 'met' : '**not met**'}). ` +
        `From server CPU per request instead (bare µs ÷ sendbox µs, less sensitive to autocannon and neighbours competing for the 2 cores): ${pct(r.ratio.cpuValue)}.`,
    );
  }
  return out.join('\n');
}

const HEADER = `# Benchmark results

Written by \`npm run bench\` (bench/run.ts); a scenario's section is replaced when that scenario runs on that
database (SQLite by default, PostgreSQL when DATABASE_URL is set). Text outside the marked sections is kept.
The machine is a shared VM: expect ±30 % between runs, so compare medians taken in the same run.
`;

/** Replaces (or appends) the scenario's section in bench/RESULTS.md, keeping the others. */
export function writeResults(file: string, r: ScenarioResult, extra = ''): void {
  const key = `${r.name}:${r.variant.toLowerCase()}`;
  const start = `<!-- scenario:${key} -->`;
  const end = `<!-- /scenario:${key} -->`;
  const section = `${start}\n${renderMarkdown(r)}${extra ? `\n\n${extra}` : ''}\n${end}`;
  let text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : HEADER;
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  text = i >= 0 && j > i ? text.slice(0, i) + section + text.slice(j + end.length) : `${text.trimEnd()}\n\n${section}\n`;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}
