/**
 * The import rules of the source tree (so the shape stays as modules are added):
 * - no import cycle anywhere under src/ (type-only imports count: they tie the files together all the same);
 * - core imports no module and not the composition root (src/modules, src/main, src/app.ts);
 * - a module imports another module only through that module's index.ts;
 * - providers import core (and their own provider folder) only.
 * Every import is read: static, `import type`, `export … from`, dynamic `import()` and `typeof import()`.
 * Specifiers end in .js (ESM) and are resolved to the .ts file. Test files are not part of the shape.
 * Biome's noRestrictedImports sees specifiers, not resolved files, so these rules live here.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SRC = path.join(ROOT, 'src');

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) sourceFiles(p, out);
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** The .ts file a relative specifier names, or undefined for a package (or a file outside the tree). */
function resolve(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = path.resolve(path.dirname(from), spec);
  const candidates = [base.replace(/\.js$/, '.ts'), base.replace(/\.mjs$/, '.mts'), `${base}.ts`, path.join(base, 'index.ts'), base];
  return candidates.find((c) => fs.existsSync(c) && fs.statSync(c).isFile());
}

const rel = (f: string) => path.relative(ROOT, f).split(path.sep).join('/');

interface Edge {
  from: string;
  to: string;
  spec: string;
}

const files = sourceFiles(SRC).sort();
const edges: Edge[] = [];
for (const f of files) {
  const { importedFiles } = ts.preProcessFile(fs.readFileSync(f, 'utf8'), true, true);
  for (const { fileName } of importedFiles) {
    const to = resolve(f, fileName);
    if (to) edges.push({ from: rel(f), to: rel(to), spec: fileName });
  }
}
const graph = new Map<string, string[]>(files.map((f) => [rel(f), []]));
for (const e of edges) graph.get(e.from)?.push(e.to);

/** Strongly connected components with more than one file (or a file importing itself): Tarjan's algorithm. */
function cyclicComponents(): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const comp: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        comp.push(w);
      } while (w !== v);
      if (comp.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(comp.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return out;
}

/** One shortest cycle through the first file of a component, as a → b → … → a. */
function shortestCycle(comp: string[]): string[] {
  const inComp = new Set(comp);
  const start = comp[0]!;
  const prev = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift()!;
    for (const w of graph.get(v) ?? []) {
      if (!inComp.has(w)) continue;
      if (w === start) {
        const pathBack = [v];
        while (pathBack[0] !== start) pathBack.unshift(prev.get(pathBack[0]!)!);
        return [...pathBack, start];
      }
      if (!prev.has(w)) {
        prev.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start];
}

const moduleOf = (f: string) => /^src\/modules\/([^/]+)\//.exec(f)?.[1];
const providerOf = (f: string) => /^src\/providers\/([^/]+)\//.exec(f)?.[1];

const show = (bad: Edge[]) => bad.map((e) => `  ${e.from} imports '${e.spec}' (${e.to})`).join('\n');

describe('import rules under src/', () => {
  it('reads the tree (a resolver that finds nothing would pass every rule)', () => {
    assert.ok(files.length > 50, `only ${files.length} source files found`);
    assert.ok(edges.length > files.length, `only ${edges.length} imports resolved`);
  });

  it('has no import cycle', () => {
    const comps = cyclicComponents();
    const report = comps.map((c) => `  ${c.length} files in a cycle, e.g. ${shortestCycle(c).join(' → ')}`).join('\n');
    assert.equal(comps.length, 0, `import cycles:\n${report}`);
  });

  it('core imports nothing from modules, main, app.ts or services.ts', () => {
    const bad = edges.filter((e) => e.from.startsWith('src/core/') && /^src\/(modules\/|main\/|app\.ts$|services\.ts$)/.test(e.to));
    assert.equal(bad.length, 0, `core importing the outer layers:\n${show(bad)}`);
  });

  it("a module imports another module only through that module's index.ts", () => {
    const bad = edges.filter((e) => {
      const from = moduleOf(e.from);
      const to = moduleOf(e.to);
      return from !== undefined && to !== undefined && from !== to && e.to !== `src/modules/${to}/index.ts`;
    });
    assert.equal(bad.length, 0, `modules reaching into another module:\n${show(bad)}`);
  });

  it('providers import core (and their own folder) only', () => {
    const bad = edges.filter((e) => {
      const from = providerOf(e.from);
      return from !== undefined && !e.to.startsWith('src/core/') && providerOf(e.to) !== from;
    });
    assert.equal(bad.length, 0, `providers importing beyond core:\n${show(bad)}`);
  });
});
