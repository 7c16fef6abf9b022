import fs from 'node:fs';
const file = process.argv[2]!;
const p = JSON.parse(fs.readFileSync(file, 'utf8'));
const byId = new Map<number, any>(p.nodes.map((n: any) => [n.id, n]));
const self = new Map<number, number>();
const dt = p.timeDeltas as number[]; const samples = p.samples as number[];
for (let i = 0; i < samples.length; i++) self.set(samples[i], (self.get(samples[i]) ?? 0) + (dt[i] ?? 0));
const total = [...self.values()].reduce((a, b) => a + b, 0);
// self time per function
const fn = new Map<string, number>();
for (const [id, us] of self) { const n = byId.get(id); const k = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber}`; fn.set(k, (fn.get(k) ?? 0) + us); }
console.log('total ms', (total / 1000).toFixed(0));
for (const [k, us] of [...fn].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log((us / 1000).toFixed(0).padStart(6), k);
// inclusive by url file
const parent = new Map<number, number>();
for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const incl = new Map<string, number>();
for (const [id, us] of self) { const seen = new Set<string>(); let cur: number | undefined = id; while (cur !== undefined) { const n = byId.get(cur); const m = n.callFrame.url.match(/node_modules\/([^/]+)/); const k = m ? m[1] : n.callFrame.url.includes('/src/') ? 'src' : n.callFrame.url ? 'other' : n.callFrame.functionName; if (!seen.has(k)) { seen.add(k); incl.set(k, (incl.get(k) ?? 0) + us); } cur = parent.get(cur); } }
console.log('--- inclusive by package');
for (const [k, us] of [...incl].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log((us / 1000).toFixed(0).padStart(6), k);
