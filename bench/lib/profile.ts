/**
 * Reads a V8 .cpuprofile (node --cpu-prof) and says where a server's CPU went: self time by area
 * (auth, Kysely, the driver, Fastify, serialisation, logging, GC …) and inclusive time of our own functions.
 */
import fs from 'node:fs';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  startTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Areas by script URL, first match wins. */
const AREAS: [string, RegExp][] = [
  ['sendbox core/auth', /\/src\/core\/auth\//],
  ['sendbox core/http', /\/src\/core\/http\//],
  ['sendbox modules', /\/src\/modules\//],
  ['sendbox other', /\/work\/[^/]+\/src\/|\/src\/(app|services)\.ts/],
  ['Kysely (query building, compiling, executing)', /node_modules\/kysely\//],
  ['better-sqlite3 (JS side)', /node_modules\/better-sqlite3\//],
  ['pg driver', /node_modules\/(pg|pg-protocol|pg-pool|pg-types|postgres-\w+)\//],
  ['response serialisation (fast-json-stringify)', /node_modules\/fast-json-stringify\//],
  ['validation (ajv)', /node_modules\/ajv/],
  ['logging (pino)', /node_modules\/(pino|sonic-boom|thread-stream)/],
  ['Fastify + router', /node_modules\/(fastify|find-my-way|avvio|@fastify|light-my-request|fast-querystring|toad-cache|fastify-plugin)/],
  ['tsx loader', /node_modules\/(tsx|esbuild)\//],
  ['other node_modules', /node_modules\//],
  ['node http/net internals', /^node:(_http|http|net|internal\/(http|stream|streams|net|timers|async_hooks|process\/task_queues))/],
  ['node crypto', /^node:(crypto|internal\/crypto)/],
  ['node other internals', /^node:/],
];

/** Native socket calls carry no script URL; name them so they do not hide among V8 builtins. */
const SOCKET_NATIVES = new Set(['writev', 'writeBuffer', 'writeUtf8String', 'writeLatin1String', 'writeAsciiString', 'shutdown', 'readStart', 'readStop', 'close']);

function areaOf(frame: CallFrame): string {
  if (frame.functionName === '(garbage collector)') return 'garbage collection';
  if (!frame.url && SOCKET_NATIVES.has(frame.functionName)) return 'socket I/O (native writes/closes)';
  if (frame.functionName === '(idle)') return '(idle)';
  if (frame.functionName === '(program)') return 'V8/native (program)';
  if (frame.functionName === '(root)') return '(root)';
  for (const [name, re] of AREAS) if (re.test(frame.url)) return name;
  return frame.url ? 'other JS' : 'V8 builtins / native';
}

export interface ProfileSummary {
  busyMs: number;
  areas: { area: string; ms: number; share: number }[];
  ownFunctions: { fn: string; inclusiveMs: number; share: number }[];
  topSelf: { fn: string; ms: number; share: number }[];
}

/** `fromUs`: a CLOCK_MONOTONIC time in µs (process.hrtime); samples before it (start-up) are left out. */
export function summarizeProfile(file: string, fromUs = 0): ProfileSummary {
  const prof = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  // V8 stamps samples with the same monotonic clock as process.hrtime, so start-up can be cut off.
  let t = prof.startTime;
  prof.samples.forEach((id, i) => {
    t += prof.timeDeltas[i] ?? 0;
    if (t >= fromUs) self.set(id, (self.get(id) ?? 0) + (prof.timeDeltas[i] ?? 0) / 1000);
  });

  const areas = new Map<string, number>();
  const topSelf = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const key = (f: CallFrame) => `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\/(node_modules\/|src\/)/, '$1')}:${f.lineNumber + 1}`;
  let busy = 0;
  for (const [id, ms] of self) {
    const node = byId.get(id)!;
    const area = areaOf(node.callFrame);
    areas.set(area, (areas.get(area) ?? 0) + ms);
    if (area === '(idle)' || area === '(root)') continue;
    busy += ms;
    const k = key(node.callFrame);
    topSelf.set(k, (topSelf.get(k) ?? 0) + ms);
    // Inclusive time of our own functions: walk up, counting each function once per sample stack.
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const f = byId.get(cur)!.callFrame;
      if (!/\/src\//.test(f.url) || /node_modules/.test(f.url)) continue;
      const fk = key(f);
      if (seen.has(fk)) continue;
      seen.add(fk);
      inclusive.set(fk, (inclusive.get(fk) ?? 0) + ms);
    }
  }
  const share = (ms: number) => ms / busy;
  return {
    busyMs: busy,
    areas: [...areas]
      .filter(([a]) => a !== '(idle)' && a !== '(root)')
      .map(([area, ms]) => ({ area, ms, share: share(ms) }))
      .sort((a, b) => b.ms - a.ms),
    ownFunctions: [...inclusive]
      .map(([fn, ms]) => ({ fn, inclusiveMs: ms, share: share(ms) }))
      .sort((a, b) => b.inclusiveMs - a.inclusiveMs)
      .slice(0, 15),
    topSelf: [...topSelf]
      .map(([fn, ms]) => ({ fn, ms, share: share(ms) }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 20),
  };
}

/** Markdown, with µs per request when the number of requests the server answered is known. */
export function renderProfile(title: string, s: ProfileSummary, requests: number): string {
  const us = (ms: number) => (requests > 0 ? ((ms * 1000) / requests).toFixed(1) : '–');
  const pc = (x: number) => `${(x * 100).toFixed(1)} %`;
  return [
    `### CPU profile: ${title}`,
    '',
    `${Math.round(s.busyMs).toLocaleString('en-US')} ms on the main thread (idle excluded, start-up excluded) over ${requests.toLocaleString('en-US')} requests = ${us(s.busyMs)} µs per request. Samples of async code are attributed to the frame that ran, not to the awaiting caller, so the "inclusive" table undercounts code that awaits.`,
    '',
    '| area (self time) | ms | share | µs/request |',
    '|---|---:|---:|---:|',
    ...s.areas.map((a) => `| ${a.area} | ${Math.round(a.ms)} | ${pc(a.share)} | ${us(a.ms)} |`),
    '',
    '| our function (inclusive time) | ms | share | µs/request |',
    '|---|---:|---:|---:|',
    ...s.ownFunctions.map((f) => `| \`${f.fn}\` | ${Math.round(f.inclusiveMs)} | ${pc(f.share)} | ${us(f.inclusiveMs)} |`),
    '',
    '| hottest functions (self time) | ms | share |',
    '|---|---:|---:|',
    ...s.topSelf.map((f) => `| \`${f.fn}\` | ${Math.round(f.ms)} | ${pc(f.share)} |`),
  ].join('\n');
}
