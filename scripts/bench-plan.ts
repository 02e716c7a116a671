/**
 * Plan-mode benchmark (`npm run bench:plan`, issue 27 defect 5): the CLI's `--mode plan` on flat
 * mappings (one entry per RHEL major version, every entry its own dir) of 125, 250, 500 and 1,000
 * entries (the limit). Each run is a fresh process (`node --import tsx`) that plans a one-entry mapping
 * first (loading the modules), then times only `runCli` on the measured one (the mapping checks, the
 * reachability check, the preview and the report; not tsx's start-up or module loading) and reports
 * its peak RSS and the RSS it had before the plan started. Best of N with the spread (max − min); peak
 * RSS is the largest of the runs.
 *
 *   npx tsx scripts/bench-plan.ts              # best of 3 at 125, 250, 500, 1000, each shape
 *   npx tsx scripts/bench-plan.ts --runs 5 --sizes 250,1000 --shapes wildcard
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The version key of entry i in each shape of flat mapping: `major`, trust.test.ts's (RHEL reports
 * major.minor, so no instance reaches these keys and the resolver is not asked); `minor`, each key
 * reached by its own version; `wildcard`, each `<i>.*` reached by `<i>.<any>`.
 */
const SHAPES: Record<string, (i: number) => string> = {
  major: (i) => String(i + 1),
  minor: (i) => `8.${i}`,
  wildcard: (i) => `${i + 1}.*`,
};

/** A flat mapping: n entries, each its own dir and RHEL version key. */
export function flatMapping(n: number, shape = 'major'): string {
  const entry = (i: number) => ({
    upt_package: 'centos',
    id: 'redhat',
    dir: `D_${i}`,
    name: 'redhat',
    major_version: SHAPES[shape]!(i),
    minor_version: '',
    arch_type: 'x86_64',
  });
  return JSON.stringify({ linux: Array.from({ length: n }, (_, i) => entry(i)) });
}

interface Sample {
  ms: number;
  /** 1 at 1,000 entries: the manifest would be over Distributor's 64 KB, said after every check ran. */
  code: number;
  rssBefore: number;
  rssPeak: number;
}

/** In the child: one plan, timed around runCli; prints the sample as JSON. */
async function child(mapping: string, out: string): Promise<void> {
  const { runCli } = await import('../src/cli.js');
  const plan = (file: string, dir: string) =>
    runCli(['--mode', 'plan', '--mapping', file, '--output-dir', dir], {
      stdout: () => {},
      stderr: () => {},
      cwd: path.dirname(file),
      env: process.env,
    });
  // A plan of one entry first: the stages' modules (loaded on first use, through tsx) are not timed.
  const warm = `${out}-warm.json`;
  writeFileSync(warm, flatMapping(1));
  await plan(warm, `${out}-warm`);
  const rssBefore = process.memoryUsage().rss;
  const t0 = performance.now();
  const code = await plan(mapping, out);
  const ms = performance.now() - t0;
  const sample: Sample = { ms, code, rssBefore, rssPeak: process.resourceUsage().maxRSS * 1024 };
  process.stdout.write(JSON.stringify(sample));
}

function main(): void {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '3' },
      sizes: { type: 'string', default: '125,250,500,1000' },
      shapes: { type: 'string', default: Object.keys(SHAPES).join(',') },
      child: { type: 'string' },
      out: { type: 'string' },
    },
  });
  if (values.child) {
    void child(values.child, values.out!);
    return;
  }
  const runs = Number(values.runs);
  const work = mkdtempSync(path.join(tmpdir(), 'udist-bench-plan-'));
  const mb = (b: number) => `${(b / 1024 ** 2).toFixed(0)} MB`;
  try {
    for (const shape of values.shapes.split(',')) {
      console.log(`\n${shape} (${SHAPES[shape]!(0)}, ${SHAPES[shape]!(1)}, …)`);
      console.log('entries  plan (best of %d, spread)  peak RSS  RSS before the plan', runs);
      let prev: { n: number; ms: number } | undefined;
      for (const n of values.sizes.split(',').map(Number)) {
        const mapping = path.join(work, `flat-${shape}-${n}.json`);
        writeFileSync(mapping, flatMapping(n, shape));
        const samples: Sample[] = [];
        for (let i = 0; i < runs; i++) {
          const outDir = path.join(work, `out-${n}-${i}`);
          const text = execFileSync(
            path.join(root, 'node_modules/.bin/node'),
            [
              '--import',
              'tsx',
              path.join(root, 'scripts/bench-plan.ts'),
              '--child',
              mapping,
              '--out',
              outDir,
            ],
            { cwd: root, encoding: 'utf8' },
          );
          samples.push(JSON.parse(text) as Sample);
        }
        const times = samples.map((s) => s.ms);
        const best = Math.min(...times);
        const refused = samples.some((s) => s.code !== 0)
          ? '  (exit 1: manifest over 64 KB, after every check)'
          : '';
        const growth = prev
          ? `  ×${(best / prev.ms).toFixed(2)} for ×${(n / prev.n).toFixed(1)} entries`
          : '';
        console.log(
          `${String(n).padStart(7)}  ${best.toFixed(0).padStart(6)} ms (± ${(Math.max(...times) - best).toFixed(0)} ms)${' '.repeat(9)}${mb(Math.max(...samples.map((s) => s.rssPeak))).padStart(8)}  ${mb(Math.min(...samples.map((s) => s.rssBefore)))}${growth}${refused}`,
        );
        prev = { n, ms: best };
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main();
