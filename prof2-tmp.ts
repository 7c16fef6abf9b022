import fs from 'node:fs';
const p = JSON.parse(fs.readFileSync(process.argv[2]!, 'utf8'));
const target = process.argv[3]!;
const byId = new Map<number, any>(p.nodes.map((n: any) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const self = new Map<number, number>();
for (let i = 0; i < p.samples.length; i++) self.set(p.samples[i], (self.get(p.samples[i]) ?? 0) + (p.timeDeltas[i] ?? 0));
const chains = new Map<string, number>();
for (const n of p.nodes) {
  if (n.callFrame.functionName !== target) continue;
  // inclusive time of subtree
  const stack = [n.id]; let us = 0;
  while (stack.length) { const id = stack.pop()!; us += self.get(id) ?? 0; for (const c of byId.get(id).children ?? []) stack.push(c); }
  const chain: string[] = []; let cur = parent.get(n.id);
  while (cur !== undefined && chain.length < 14) { const f = byId.get(cur).callFrame; chain.push(`${f.functionName || '(anon)'}@${f.url.split('/').slice(-2).join('/')}:${f.lineNumber}`); cur = parent.get(cur); }
  const k = chain.join(' < ');
  chains.set(k, (chains.get(k) ?? 0) + us);
}
for (const [k, us] of [...chains].sort((a, b) => b[1] - a[1]).slice(0, 6)) console.log((us / 1000).toFixed(0), k, '\n');
