/**
 * `npm run bench`: the offline build of the original 8-entry mapping from large installers, measured
 * against a floor taken in the same run on the same files (read + SHA-256 + write of every installer,
 * streamed, two at a time). Both run as separate processes of the bundled code (dist/cli), so start-up
 * is in both. Prints wall time, MB/s, peak RSS and the ratio to the floor, best of N runs.
 *
 *   npm run bench                 # 40 MB and 200 MB installers, 5 runs each
 *   npm run bench -- --sizes 40 --runs 5
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeSync,
  copyFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: { sizes: { type: 'string', default: '40,200' }, runs: { type: 'string', default: '5' } },
});
const sizes = values.sizes.split(',').map(Number);
const runs = Number(values.runs);
const node = process.execPath;
const MAGIC: Record<string, Buffer> = {
  rpm: Buffer.from([0xed, 0xab, 0xee, 0xdb, 3, 0, 0, 0]),
  deb: Buffer.from('!<arch>\ndebian-binary   '),
  msi: Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
};

/** A file of the given size that starts like an installer of its type and is incompressible. */
function fakeInstaller(file: string, type: string, mb: number): void {
  const fd = openSync(file, 'w');
  const chunk = randomBytes(1 << 20);
  writeSync(fd, MAGIC[type]!);
  for (let i = 0; i < mb; i++)
    writeSync(fd, chunk, 0, i === 0 ? chunk.length - MAGIC[type]!.length : chunk.length);
  closeSync(fd);
}

function timed(args: string[], cwd: string): { ms: number; rss: number } {
  const rssFile = path.join(cwd, `rss-${process.hrtime.bigint()}`);
  const t0 = performance.now();
  const r = spawnSync(node, ['--import', path.join(root, 'scripts/bench-rss.mjs'), ...args], {
    cwd,
    env: { ...process.env, BENCH_RSS_FILE: rssFile },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed:\n${r.stderr.toString()}`);
  return { ms, rss: Number(readFileSync(rssFile, 'utf8')) };
}

const mapping = JSON.parse(
  readFileSync(path.join(root, '__tests__/fixtures/uptycs-agent-mapping.original.json'), 'utf8').toString(),
) as Record<string, { upt_package: string; dir: string; arch_type: string }[]>;
const entries = [...mapping.linux!, ...mapping.windows!];
const mappingFile = path.join(root, '__tests__/fixtures/uptycs-agent-mapping.original.json');

const rows: string[][] = [];
for (const mb of sizes) {
  const work = mkdtempSync(path.join(tmpdir(), `udist-bench-${mb}-`));
  try {
    const kinds = new Map<string, string>();
    const agents = path.join(work, 'agents');
    const inputs: string[] = [];
    for (const e of entries) {
      const type = { centos: 'rpm', debian: 'deb', windows: 'msi' }[e.upt_package]!;
      const key = `${e.upt_package}/${e.arch_type}`;
      const name = `assets-uptycs-protect-5.7.0.25-Uptycs${e.arch_type === 'arm64' ? (type === 'rpm' ? '.aarch64' : '.arm64') : ''}${type === 'msi' ? '-windows' : ''}.${type}`;
      if (!kinds.has(key)) {
        const f = path.join(work, 'src', key.replace('/', '-'), name);
        mkdirSync(path.dirname(f), { recursive: true });
        fakeInstaller(f, type, mb);
        kinds.set(key, f);
      }
      const dest = path.join(agents, e.dir, name);
      mkdirSync(path.dirname(dest), { recursive: true });
      copyFileSync(kinds.get(key)!, dest);
      inputs.push(dest);
    }
    const totalMb = inputs.length * mb;
    let best = { build: Infinity, floor: Infinity, rss: 0, floorRss: 0 };
    for (let i = 0; i < runs; i++) {
      const floorOut = path.join(work, `floor-${i}`);
      mkdirSync(floorOut);
      const f = timed([path.join(root, 'scripts/bench-floor.mjs'), floorOut, ...inputs], work);
      rmSync(floorOut, { recursive: true });
      const out = path.join(work, `out-${i}`);
      const b = timed(
        [
          path.join(root, 'dist/cli/index.js'),
          '-d',
          '--agents-dir',
          agents,
          '--mapping',
          mappingFile,
          '--dry-run',
          '--output-dir',
          out,
        ],
        work,
      );
      rmSync(out, { recursive: true });
      best = {
        build: Math.min(best.build, b.ms),
        floor: Math.min(best.floor, f.ms),
        rss: Math.max(best.rss, b.rss),
        floorRss: Math.max(best.floorRss, f.rss),
      };
    }
    rows.push([
      `${entries.length} targets × ${mb} MB`,
      `${best.build.toFixed(0)} ms`,
      `${(totalMb / (best.build / 1000)).toFixed(0)} MB/s`,
      `${(best.rss / 2 ** 20).toFixed(0)} MB`,
      `${best.floor.toFixed(0)} ms`,
      `${(best.floorRss / 2 ** 20).toFixed(0)} MB`,
      `${(best.build / best.floor).toFixed(2)}×`,
    ]);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
const head = [
  'offline build',
  'build wall',
  'build rate',
  'build peak RSS',
  'floor wall',
  'floor peak RSS',
  'build / floor',
];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
console.log(
  `Node ${process.version}, best of ${runs} runs; floor = read + sha256 + write of all ${entries.length} installer files (2 at a time)\n`,
);
for (const r of [head, ...rows]) console.log(r.map((c, i) => c.padEnd(widths[i]!)).join('  '));
