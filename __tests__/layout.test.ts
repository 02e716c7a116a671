/**
 * The house rules, read from the code itself: the stages follow the flow (a stage imports only from
 * stages before it and from the ground floor, src/common/), the ground floor imports only itself,
 * no stage imports a face or the core, and no function is longer than a screen and a half.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';

const root = path.join(import.meta.dirname, '..');
const src = path.join(root, 'src');
const FLOW = [
  'common',
  'inputs',
  'plan',
  'agents',
  'package',
  'publish',
  'rollout',
  'organization',
  'report',
];
const MAX_FUNCTION_LINES = 120;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return sources(p);
    return /\.ts$/.test(d.name) && !d.name.endsWith('.d.ts') ? [p] : [];
  });
}

/** The folder of src/ a file is in, or "top" for the entry points, the faces and the core. */
function floor(file: string, base = src): string {
  const rel = path.relative(base, file).split(path.sep);
  return rel.length === 1 ? 'top' : rel[0]!;
}

/** Every relative module a file imports (static and dynamic), as absolute paths. */
function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:from|import\()\s*'(\.{1,2}\/[^']+)'/g)].map((m) => m[1]!);
  return specs.map((s) => path.resolve(path.dirname(file), s));
}

/** Imports that break the flow: "file → target", relative to base. */
function wrongImports(files: string[], base: string): string[] {
  const wrong: string[] = [];
  for (const file of files) {
    const from = floor(file, base);
    if (from === 'top') continue;
    for (const target of imports(file)) {
      const to = floor(target, base);
      const ok = to !== 'top' && FLOW.includes(to) && FLOW.indexOf(to) <= FLOW.indexOf(from);
      if (!ok) wrong.push(`${path.relative(base, file)} → ${path.relative(base, target)}`);
    }
  }
  return wrong;
}

/** The source file an import names (its .js written as .ts), or undefined for a file that is not a source. */
function sourceOf(target: string, files: Set<string>): string | undefined {
  const ts = target.replace(/\.js$/, '.ts');
  return files.has(ts) ? ts : undefined;
}

/**
 * Import circles among the files (any length, type-only imports too: a circle of types is still two
 * files that cannot be read one without the other): each as "a → b → … → a", relative to base, once.
 */
function importCircles(files: string[], base: string): string[] {
  const known = new Set(files);
  const edges = new Map(
    files.map((f) => [f, [...new Set(imports(f).flatMap((t) => sourceOf(t, known) ?? []))].sort()]),
  );
  // Tarjan's strongly connected components: a component of more than one file (or a file that
  // imports itself) holds a circle; one circle through it is reported, found by a walk inside it.
  let index = 0;
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const connect = (v: string) => {
    order.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v)!) {
      if (!order.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, order.get(w)!));
    }
    if (low.get(v) === order.get(v)) {
      const c: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        c.push(w);
      } while (w !== v);
      if (c.length > 1 || edges.get(v)!.includes(v)) components.push(c);
    }
  };
  for (const f of [...files].sort()) if (!order.has(f)) connect(f);
  return components.map((c) => {
    const inside = new Set(c);
    const start = [...c].sort()[0]!;
    // The shortest way back to start, breadth first, inside the component.
    const from = new Map<string, string>();
    const queue = [start];
    let last: string | undefined;
    while (queue.length && !last) {
      const v = queue.shift()!;
      for (const w of edges.get(v)!) {
        if (!inside.has(w)) continue;
        if (w === start) {
          last = v;
          break;
        }
        if (!from.has(w)) {
          from.set(w, v);
          queue.push(w);
        }
      }
    }
    const way = [start];
    for (let v = last!; v !== start; v = from.get(v)!) way.splice(1, 0, v);
    return [...way, start].map((f) => path.relative(base, f)).join(' → ');
  });
}

describe('the layout', () => {
  const files = sources(src);

  it('has every stage of the flow as a folder, and only the entry points, faces, core and its parts at the top', () => {
    for (const f of FLOW) assert.ok(readdirSync(src).includes(f), `src/${f}/ is missing`);
    const top = files.filter((f) => floor(f) === 'top').map((f) => path.basename(f));
    assert.deepEqual(top.sort(), [
      'action.ts',
      'bin.ts',
      'check.ts',
      'cli-args.ts',
      'cli.ts',
      'core-context.ts',
      'core-report.ts',
      'core-stages.ts',
      'core.ts',
      'index.ts',
      'main.ts',
      'output-dir.ts',
      'pipeline.ts',
    ]);
  });

  it('a stage imports only from stages before it and from src/common/; never the core or a face', () => {
    assert.deepEqual(wrongImports(files, src), []);
  });

  it('no import circle among the files of src/, of any length', () => {
    assert.deepEqual(importCircles(files, src), []);
  });

  it(`no function is over ${MAX_FUNCTION_LINES} lines`, () => {
    const long: string[] = [];
    for (const file of files) {
      const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
      const visit = (n: ts.Node) => {
        if (ts.isFunctionLike(n) && 'body' in n && n.body) {
          const lines =
            sf.getLineAndCharacterOfPosition(n.end).line -
            sf.getLineAndCharacterOfPosition(n.getStart()).line +
            1;
          if (lines > MAX_FUNCTION_LINES)
            long.push(
              `${path.relative(root, file)}:${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1} (${lines} lines)`,
            );
        }
        ts.forEachChild(n, visit);
      };
      visit(sf);
    }
    assert.deepEqual(long, []);
  });

  it('the import check finds an import against the flow, into the top, and out of the ground floor', () => {
    const base = mkdtempSync(path.join(tmpdir(), 'layout-'));
    const write = (rel: string, text: string) => {
      mkdirSync(path.dirname(path.join(base, rel)), { recursive: true });
      writeFileSync(path.join(base, rel), text);
    };
    write('plan/a.ts', "import { x } from '../publish/s3.js';\nimport { y } from '../common/log.js';\n");
    write('report/b.ts', "const m = await import('../core.js');\nimport { z } from '../rollout/c.js';\n");
    write('common/c.ts', "import type { Inputs } from '../inputs/index.js';\n");
    try {
      assert.deepEqual(wrongImports(sources(base), base).sort(), [
        'common/c.ts → inputs/index.js',
        'plan/a.ts → publish/s3.js',
        'report/b.ts → core.js',
      ]);
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });

  it('the circle check finds a circle of two, of three and a file importing itself, and not a chain', () => {
    const base = mkdtempSync(path.join(tmpdir(), 'layout-'));
    const write = (rel: string, text: string) => {
      mkdirSync(path.dirname(path.join(base, rel)), { recursive: true });
      writeFileSync(path.join(base, rel), text);
    };
    write('publish/a.ts', "import type { B } from './b.js';\n");
    write('publish/b.ts', "export { a } from './a.js';\n");
    write('report/x.ts', "import { y } from './y.js';\n");
    write('report/y.ts', "const z = await import('./z.js');\n");
    write('report/z.ts', "import { x } from './x.js';\nimport { c } from '../common/c.js';\n");
    write('common/c.ts', "import { d } from './d.js';\nimport { v } from './validate.generated.js';\n");
    write('common/d.ts', "import { e } from '../plan/e.js';\n");
    write('plan/e.ts', "import { e2 } from './e.js';\n");
    try {
      assert.deepEqual(importCircles(sources(base), base).sort(), [
        'plan/e.ts → plan/e.ts',
        'publish/a.ts → publish/b.ts → publish/a.ts',
        'report/x.ts → report/y.ts → report/z.ts → report/x.ts',
      ]);
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });
});
