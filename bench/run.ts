/**
 * npm run bench [-- <scenario>...] [--duration 10] [--rounds 3] [--connections 100] [--warmup 3] [--profile] [--no-write]
 *
 * Every bench/scenarios/*.ts exporting `scenario` is a scenario; without names, all run. Each target is warmed
 * up, then loaded `rounds` times, alternating targets (reversed order every other round, so drift over the run
 * does not favour one), and the medians go to the console and to bench/RESULTS.md. With --profile the server
 * children run under --cpu-prof and a breakdown of where their CPU went is printed and written too; --no-write
 * leaves bench/RESULTS.md alone (for trial runs).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { checkAnswers, load, median, type Sample } from './lib/measure.js';
import { renderProfile, summarizeProfile } from './lib/profile.js';
import { renderText, writeResults, type ScenarioResult, type TargetSummary } from './lib/results.js';
import type { Scenario } from './lib/scenario.js';

const here = path.dirname(fileURLToPath(import.meta.url));

function parseArgs(argv: string[]) {
  const names: string[] = [];
  const opts = { durationS: 10, rounds: 3, connections: 100, warmupS: 3, profile: false, write: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const num = (name: string) => {
      const v = Number(argv[++i]);
      if (!Number.isFinite(v) || v <= 0) throw new Error(`${name} needs a positive number`);
      return v;
    };
    if (a === '--duration') opts.durationS = num(a);
    else if (a === '--rounds') opts.rounds = Math.round(num(a));
    else if (a === '--connections') opts.connections = Math.round(num(a));
    else if (a === '--warmup') opts.warmupS = num(a);
    else if (a === '--profile') opts.profile = true;
    else if (a === '--no-write') opts.write = false;
    else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
    else names.push(a);
  }
  return { names, opts };
}

async function loadScenarios(): Promise<Scenario[]> {
  const dir = path.join(here, 'scenarios');
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .sort();
  const out: Scenario[] = [];
  for (const f of files) {
    const mod = (await import(pathToFileURL(path.join(dir, f)).href)) as { scenario?: Scenario };
    if (!mod.scenario) throw new Error(`bench/scenarios/${f} does not export \`scenario\``);
    out.push(mod.scenario);
  }
  return out;
}

const fmt = (s: Sample) =>
  `${Math.round(s.rps).toLocaleString('en-US').padStart(7)} req/s  p50 ${s.p50} ms  p99 ${s.p99} ms  server CPU ${s.cpuPerRequest.toFixed(1)} µs/req${s.non2xx || s.errors ? `  (${s.non2xx} non-2xx, ${s.errors} errors)` : ''}`;

async function runScenario(sc: Scenario, opts: ReturnType<typeof parseArgs>['opts']) {
  const profileDir = opts.profile ? fs.mkdtempSync(path.join(os.tmpdir(), `sendbox-bench-prof-${sc.name}-`)) : undefined;
  console.log(`\n▶ ${sc.name}: ${sc.title}`);
  // Other work on a shared 2-core VM skews every figure; the load average says how much there was.
  const loadAvg = os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' / ');
  const started = await sc.start(profileDir ? { profileDir } : {});
  const samples = new Map<string, Sample[]>(started.targets.map((t) => [t.label, []]));
  const served = new Map<string, number>(started.targets.map((t) => [t.label, 0]));
  let loadStartUs = 0;
  try {
    for (const t of started.targets) await checkAnswers(t);
    loadStartUs = Number(process.hrtime.bigint() / 1000n);
    for (const t of started.targets) {
      const w = await load(t, { connections: opts.connections, durationS: opts.warmupS });
      served.set(t.label, served.get(t.label)! + w.requests);
      console.log(`  warm-up  ${t.label}: ${fmt(w)}`);
    }
    for (let round = 0; round < opts.rounds; round++) {
      const order = round % 2 === 0 ? started.targets : [...started.targets].reverse();
      for (const t of order) {
        const s = await load(t, { connections: opts.connections, durationS: opts.durationS });
        samples.get(t.label)!.push(s);
        served.set(t.label, served.get(t.label)! + s.requests);
        console.log(`  round ${round + 1}  ${t.label}: ${fmt(s)}`);
      }
    }
  } finally {
    await started.stop();
  }

  const targets: TargetSummary[] = started.targets.map((t) => {
    const xs = samples.get(t.label)!;
    return {
      label: t.label,
      rps: xs.map((x) => x.rps),
      p50: xs.map((x) => x.p50),
      p99: xs.map((x) => x.p99),
      medianRps: median(xs.map((x) => x.rps)),
      medianP50: median(xs.map((x) => x.p50)),
      medianP99: median(xs.map((x) => x.p99)),
      cpuPerRequest: xs.map((x) => x.cpuPerRequest),
      medianCpuPerRequest: median(xs.map((x) => x.cpuPerRequest)),
      non2xx: xs.reduce((a, x) => a + x.non2xx, 0),
      errors: xs.reduce((a, x) => a + x.errors, 0),
    };
  });
  const rpsOf = (label: string) => targets.find((t) => t.label === label)?.medianRps ?? NaN;
  const cpuOf = (label: string) => targets.find((t) => t.label === label)?.medianCpuPerRequest ?? NaN;
  const result: ScenarioResult = {
    name: sc.name,
    variant: process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite',
    title: sc.title,
    date: new Date(),
    load: { connections: opts.connections, durationS: opts.durationS, rounds: opts.rounds, warmupS: opts.warmupS },
    targets,
    ...(started.ratio
      ? {
          ratio: {
            ...started.ratio,
            value: rpsOf(started.ratio.numerator) / rpsOf(started.ratio.denominator),
            // The same ratio from server CPU per request: what throughput would be if only the server limited it.
            cpuValue: cpuOf(started.ratio.denominator) / cpuOf(started.ratio.numerator),
          },
        }
      : {}),
    facts: { ...started.facts, 'load average before the run (1/5/15 min)': loadAvg },
  };
  console.log(renderText(result));

  let extra = '';
  if (profileDir) {
    // One folder per server; the largest profile in it is the main thread's (the other is tsx's loader thread).
    const sections: string[] = [];
    for (const server of fs.readdirSync(profileDir)) {
      const dir = path.join(profileDir, server);
      const files = fs
        .readdirSync(dir)
        .filter((x) => x.endsWith('.cpuprofile'))
        .map((x) => path.join(dir, x));
      const main = files.sort((a, b) => fs.statSync(b).size - fs.statSync(a).size)[0];
      if (!main) continue;
      // Targets name their server; a scenario with a single server needs not.
      const named = started.targets.filter((t) => t.server === server);
      const mine = named.length > 0 ? named : fs.readdirSync(profileDir).length === 1 ? started.targets : [];
      const answered = mine.reduce((n, t) => n + served.get(t.label)!, 0);
      const text = renderProfile(`${server} server (${main})`, summarizeProfile(main, loadStartUs), answered);
      sections.push(text);
      console.log(`\n${text}`);
    }
    extra = sections.join('\n\n');
  }
  if (!opts.write) return;
  const file = path.join(here, 'RESULTS.md');
  writeResults(file, result, extra);
  console.log(`\nwritten to ${path.relative(process.cwd(), file)}`);
}

async function main() {
  const { names, opts } = parseArgs(process.argv.slice(2));
  const all = await loadScenarios();
  const unknown = names.filter((n) => !all.some((s) => s.name === n));
  if (unknown.length) throw new Error(`no such scenario: ${unknown.join(', ')} (have: ${all.map((s) => s.name).join(', ')})`);
  const chosen = names.length ? all.filter((s) => names.includes(s.name)) : all;
  for (const sc of chosen) await runScenario(sc, opts);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
