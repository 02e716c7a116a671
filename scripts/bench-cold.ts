/**
 * Cold-run benchmark (`npm run bench:cold`): the bundled CLI (dist/cli/index.js) downloads the original
 * 8-entry mapping's 5 distinct installers from the HTTPS Uptycs simulator, builds and publishes to moto
 * with the Distributor double, side by side in one run with, each measured here on the same files:
 *   - the sequential floor: curl fetching the 5 files in parallel, then read + SHA-256 + write of the 8
 *     installers (bench-floor.mjs), then the upload floor (the built zips and manifest, 4 at a time, no
 *     checks); beside it the same with the document created and polled until Active (the publish floor);
 *   - the pipelined floor: per installer, curl into a pipe that streams straight into its S3 PUT
 *     (`curl … | curl -T -`), all five at once, then the manifest and the document until Active
 *     (a Node process with the SDK loaded meanwhile): about max(download, upload) + the document;
 *   - create_package.py's way (scripts/bench-old-tool.py: 8 downloads in a row, zipfile, boto3; what is
 *     emulated is listed there).
 * Then the CLI's peak RSS at each --rss-sizes size (the same cold run on a simulator serving installers of
 * that size), and the stage overlap read from the best cold run's `stage timings:` debug line.
 * Each figure is the best of N with the spread (max − min); peak RSS is the largest of the runs.
 *
 *   npx tsx scripts/bench-cold.ts                              # 40 MB, best of 5; RSS at 40 and 200 MB
 *   npx tsx scripts/bench-cold.ts --runs 3 --rss-sizes 40 --rss-runs 1
 */
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { motoAvailable } from './local-aws/moto.js';
import {
  cli,
  downloadArgs,
  downloadFloor,
  downloadUrl,
  entries,
  floorBucket,
  jwt,
  mappingFile,
  node,
  publishFloor,
  root,
  secs,
  show,
  specByDir,
  specs,
  startStack,
  stat,
  timed,
  uploadFloor,
  uploadFloorScript,
  VERSION,
  type Stack,
} from './bench-stack.js';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '40' },
    runs: { type: 'string', default: '5' },
    'rss-sizes': { type: 'string', default: '40,200' },
    'rss-runs': { type: 'string', default: '2' },
  },
});
const runs = Math.max(1, Number(values.runs));
const rssRuns = Math.max(1, Number(values['rss-runs']));
const rssSizes = values['rss-sizes'].split(',').filter(Boolean);
const python = pythonPath();

if (!motoAvailable()) {
  console.log('bench-cold: moto_server is not installed; skipped');
  process.exit(0);
}

interface ColdRun {
  ms: number;
  rss: number;
  stderr: string;
}

/** The cold run, with --debug (for the stage timings) and the peak-RSS preload. */
async function cold(stack: Stack): Promise<ColdRun> {
  const out = mkdtempSync(path.join(stack.scratch, 'out-'));
  const rssFile = path.join(stack.scratch, 'rss');
  const r = await timed(
    stack,
    node,
    [
      '--import',
      path.join(root, 'scripts/bench-rss.mjs'),
      cli,
      '--debug',
      ...downloadArgs(stack.sim),
      '-r',
      'us-east-1',
      '--output-dir',
      out,
    ],
    { env: { BENCH_RSS_FILE: rssFile } },
  );
  rmSync(out, { recursive: true, force: true });
  return { ms: r.ms, rss: Number(readFileSync(rssFile, 'utf8')), stderr: r.stderr };
}

/** The built folder (zips and manifest) the upload floors send: the CLI's own build, once. */
async function builtFolder(stack: Stack): Promise<string> {
  const built = path.join(stack.scratch, 'built');
  await timed(stack, node, [cli, ...downloadArgs(stack.sim), '--dry-run', '--output-dir', built]);
  return built;
}

/** bench-floor.mjs over the 8 entries' installers (each folder's copy, as the old tool's folders held). */
async function buildFloor(stack: Stack, installersDir: string, out: string): Promise<number> {
  const names = readdirSync(installersDir);
  const files = entries.map((e) =>
    path.join(
      installersDir,
      names.find((f) => f.startsWith(`${specByDir.get(e.dir)!.id}-`))!,
    ),
  );
  return (await timed(stack, node, [path.join(root, 'scripts/bench-floor.mjs'), out, ...files])).ms;
}

/**
 * The pipelined floor: the bucket (curl), then per installer `curl GET | curl -T - PUT` into moto, all five
 * at once, while a Node process loads the SDK; once every PUT is done, that process uploads the manifest,
 * creates the document and polls it until Active. Each installer is its own object (no zip around it: the
 * zips hold it stored, with two small scripts, so about the same bytes go up).
 */
async function pipeFloor(stack: Stack, built: string): Promise<number> {
  const token = await jwt(stack.sim);
  const bucket = floorBucket();
  const docDir = mkdtempSync(path.join(stack.scratch, 'doc-'));
  copyFileSync(path.join(built, 'manifest.json'), path.join(docDir, 'manifest.json'));
  const sigv4 = [
    '--aws-sigv4',
    'aws:amz:us-east-1:s3',
    '--user',
    `${stack.env.AWS_ACCESS_KEY_ID}:${stack.env.AWS_SECRET_ACCESS_KEY}`,
  ];
  let go!: (line: string) => void;
  const t0 = performance.now();
  const doc = timed(
    stack,
    node,
    [uploadFloorScript, docDir, bucket, '--document', '--bucket-exists', '--wait'],
    { stdin: new Promise<string>((r) => (go = r)) },
  );
  try {
    await timed(stack, 'curl', [
      '-sSf',
      '-o',
      '/dev/null',
      '-X',
      'PUT',
      ...sigv4,
      `${stack.moto.url}/${bucket}`,
    ]);
    const pipe =
      'set -o pipefail; curl -sSf --cacert "$1" -H "$2" "$3" | curl -sSf -o /dev/null -T - "${@:4}"';
    await Promise.all(
      specs.map((s) =>
        timed(stack, 'bash', [
          '-c',
          pipe,
          'pipe',
          stack.caFile,
          `Authorization: Bearer ${token}`,
          downloadUrl(stack.sim, s),
          ...sigv4,
          `${stack.moto.url}/${bucket}/floor/${s.id}.zip`,
        ]),
      ),
    );
  } finally {
    go('go\n');
  }
  await doc;
  const ms = performance.now() - t0;
  rmSync(docDir, { recursive: true, force: true });
  await checkPiped(stack, bucket);
  return ms;
}

/** After the clock: every piped object is in moto whole (a streamed PUT that stored less would flatter the floor). */
async function checkPiped(stack: Stack, bucket: string): Promise<void> {
  const s3 = new S3Client({ region: 'us-east-1', endpoint: stack.moto.url, forcePathStyle: true });
  try {
    for (const s of specs) {
      const want = stack.sim.sizes[`${s.os}-${s.graviton ? 'arm64' : 'x86_64'}`];
      const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: `floor/${s.id}.zip` }));
      if (head.ContentLength !== want)
        throw new Error(`pipelined floor: floor/${s.id}.zip holds ${head.ContentLength} bytes, not ${want}`);
    }
  } finally {
    s3.destroy();
  }
}

/** create_package.py's way: fresh folders holding the scripts, then scripts/bench-old-tool.py. */
async function oldTool(stack: Stack): Promise<number> {
  const work = mkdtempSync(path.join(stack.scratch, 'old-'));
  for (const e of entries) {
    const type = e.installerType;
    const ext = type === 'msi' ? 'ps1' : 'sh';
    mkdirSync(path.join(work, e.dir));
    for (const f of [`install.${ext}`, `uninstall.${ext}`])
      copyFileSync(path.join(root, 'templates', type, f), path.join(work, e.dir, f));
  }
  // the CLI takes the key file's text; the old tool, a file (written before the clock starts)
  const keyFile = path.join(work, 'apikey.json');
  writeFileSync(keyFile, stack.sim.keyFile);
  const r = await timed(stack, python, [
    path.join(root, 'scripts/bench-old-tool.py'),
    keyFile,
    stack.sim.url,
    mappingFile,
    work,
    `uptycs-dist-${floorBucket()}`,
    VERSION,
  ]);
  rmSync(work, { recursive: true, force: true });
  return r.ms;
}

/** The Python with boto3 (moto's own): pyenv's shim needs the real HOME, the runs get a scratch one. */
function pythonPath(): string {
  try {
    return execFileSync('python3', ['-c', 'import boto3, requests, sys; print(sys.executable)'], {
      encoding: 'utf8',
    }).trim();
  } catch {
    return '';
  }
}

interface Span {
  ms: number;
  startMs?: number;
  endMs?: number;
}

/**
 * The stages from the CLI's `stage timings: {...}` debug line: each value either a duration in ms (the
 * stages one after the other) or an object with startMs and endMs (offsets from the run's start), or ms.
 */
function parseTimings(stderr: string): Map<string, Span> | undefined {
  const line = stderr.split('\n').find((l) => l.includes('stage timings:'));
  if (!line) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(line.slice(line.indexOf('stage timings:') + 'stage timings:'.length).trim());
  } catch {
    return undefined;
  }
  if (!raw || typeof raw !== 'object') return undefined;
  const spans = new Map<string, Span>();
  for (const [name, v] of Object.entries(raw as Record<string, unknown>)) {
    if (typeof v === 'number') spans.set(name.toLowerCase(), { ms: v });
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      const num = (k: string) => (typeof o[k] === 'number' ? o[k] : undefined);
      const [startMs, endMs] = [num('startMs') ?? num('start'), num('endMs') ?? num('end')];
      const ms =
        num('ms') ??
        num('durationMs') ??
        (startMs !== undefined && endMs !== undefined ? endMs - startMs : undefined);
      if (ms !== undefined) spans.set(name.toLowerCase(), { ms, startMs, endMs });
    }
  }
  return spans.size ? spans : undefined;
}

/** Lines saying how much of each later stage ran while the agents were still downloading. */
function overlapReport(spans: Map<string, Span> | undefined): string[] {
  if (!spans) return ["no `stage timings:` line in the cold run's debug log"];
  const agents = spans.get('agents');
  const timed = [...spans].filter(([, s]) => s.startMs !== undefined && s.endMs !== undefined);
  const timeline = timed.length
    ? `stages (start → end, ms from the run's start): ${timed.map(([n, s]) => `${n} ${s.startMs!.toFixed(0)} → ${s.endMs!.toFixed(0)}`).join(', ')}`
    : `stages (durations only): ${[...spans].map(([n, s]) => `${n} ${s.ms.toFixed(0)} ms`).join(', ')}`;
  if (agents?.startMs === undefined || agents.endMs === undefined)
    return [timeline, 'overlap: none measurable (durations only: the stages ran one after the other)'];
  const lines = [timeline];
  for (const name of ['package', 'publish']) {
    const s = spans.get(name);
    if (s?.startMs === undefined || s.endMs === undefined) continue;
    const both = Math.max(0, Math.min(s.endMs, agents.endMs) - Math.max(s.startMs, agents.startMs));
    lines.push(
      `${name}: ${both.toFixed(0)} ms of its ${(s.endMs - s.startMs).toFixed(0)} ms ran while the agents were still downloading (${s.ms ? ((100 * both) / (s.endMs - s.startMs)).toFixed(0) : 0}%)`,
    );
  }
  return lines;
}

interface Main {
  cold: ColdRun[];
  dl: number[];
  bf: number[];
  up: number[];
  pub: number[];
  pipe: number[];
  old: number[];
  /** CPU ms of everything involved (stack.cpuMs) around the cold run, the sequential and pipelined floors, the old tool. */
  cpu: { cold: number[]; seq: number[]; pipe: number[]; old: number[] };
}

/** Runs fn and adds the CPU time it cost (stack.cpuMs: the stack and the children) to into. */
async function withCpu<T>(stack: Stack, into: number[], fn: () => Promise<T>): Promise<T> {
  const c0 = stack.cpuMs();
  const r = await fn();
  const c1 = stack.cpuMs();
  if (c0 !== undefined && c1 !== undefined) into.push(c1 - c0);
  return r;
}

/** The comparison at --size: every measure once per run, interleaved, moto reset before each. */
async function comparison(stack: Stack): Promise<Main> {
  const m: Main = {
    cold: [],
    dl: [],
    bf: [],
    up: [],
    pipe: [],
    pub: [],
    old: [],
    cpu: { cold: [], seq: [], pipe: [], old: [] },
  };
  await stack.reset();
  const built = await builtFolder(stack);
  for (let i = 0; i < runs; i++) {
    console.error(`cold bench: run ${i + 1} of ${runs}…`);
    await stack.reset();
    m.cold.push(await withCpu(stack, m.cpu.cold, () => cold(stack)));
    await stack.reset();
    const dlDir = mkdtempSync(path.join(stack.scratch, 'dl-'));
    const bfOut = mkdtempSync(path.join(stack.scratch, 'bf-'));
    await withCpu(stack, m.cpu.seq, async () => {
      m.dl.push(await downloadFloor(stack, dlDir));
      m.bf.push(await buildFloor(stack, dlDir, bfOut));
      m.up.push(await uploadFloor(stack, built));
    });
    rmSync(dlDir, { recursive: true, force: true });
    rmSync(bfOut, { recursive: true, force: true });
    await stack.reset();
    m.pub.push(await publishFloor(stack, built));
    await stack.reset();
    m.pipe.push(await withCpu(stack, m.cpu.pipe, () => pipeFloor(stack, built)));
    if (python) {
      await stack.reset();
      m.old.push(await withCpu(stack, m.cpu.old, () => oldTool(stack)));
    }
  }
  return m;
}

function printComparison(m: Main): void {
  const c = stat(m.cold.map((r) => r.ms));
  const seq = stat(m.cold.map((_, i) => m.dl[i]! + m.bf[i]! + m.up[i]!));
  const seqDoc = stat(m.cold.map((_, i) => m.dl[i]! + m.bf[i]! + m.pub[i]!));
  const pipe = stat(m.pipe);
  const ratio = (x: number) => `${(c.best / x).toFixed(2)}×`;
  console.log(
    `\nCold run: 5 installers × ~${values.size} MB for the 8 mapping entries (simulator over HTTPS, moto + the Distributor double, loopback), best of ${runs} ± spread\n`,
  );
  console.log('| measure | time | cold run ÷ it |');
  console.log('| --- | ---: | ---: |');
  console.log(`| cold run: the bundled CLI (download, build, publish, until Active) | ${show(c)} | 1.00× |`);
  console.log(
    `| sequential floor: curl ×5 in parallel ${secs(Math.min(...m.dl))}, then build floor ${secs(Math.min(...m.bf))}, then upload ${secs(Math.min(...m.up))} | ${show(seq)} | ${ratio(seq.best)} |`,
  );
  console.log(
    `| the same with the document until Active (publish floor ${secs(Math.min(...m.pub))}) | ${show(seqDoc)} | ${ratio(seqDoc.best)} |`,
  );
  console.log(
    `| pipelined floor: curl \\| curl -T - per installer, all at once, then the manifest and the document until Active | ${show(pipe)} | ${ratio(pipe.best)} |`,
  );
  if (m.old.length) {
    const o = stat(m.old);
    console.log(
      `| create_package.py's way (python3: 8 downloads in a row, zipfile, boto3; no document) | ${show(o)} | ${ratio(o.best)} (the cold run is ${(o.best / c.best).toFixed(2)}× faster) |`,
    );
    console.log(
      `\nTargets: cold ≤ 1.0× the sequential floor: ${(c.best / seq.best).toFixed(2)}× (${c.best <= seq.best ? 'met' : 'not met'}); ≥ 3× faster than create_package.py: ${(o.best / c.best).toFixed(2)}× (${o.best >= 3 * c.best ? 'met' : 'not met'}).`,
    );
  } else console.log("\n(create_package.py's way skipped: no python3 with boto3 and requests)");
  printCpu(m);
  const best = m.cold.reduce((a, b) => (b.ms < a.ms ? b : a));
  console.log(`\nStage overlap in the best cold run (${secs(best.ms)}):`);
  for (const l of overlapReport(parseTimings(best.stderr))) console.log(`- ${l}`);
}

/**
 * The CPU time each measure cost the machine: the CLI (or curl and the floors' scripts), the simulator
 * and moto together. With every process busy, the wall time of a run cannot be below its CPU time
 * divided by the cores; that is what bounds the cold run against the floors on a small machine.
 */
function printCpu(m: Main): void {
  if (!m.cpu.cold.length) return;
  const cores = availableParallelism();
  const row = (what: string, xs: number[]) => {
    const x = stat(xs);
    return `| ${what} | ${show(x)} | ${secs(x.best / cores)} |`;
  };
  console.log(
    `\nCPU time of everything each measure ran (the CLI or curl and the floors' scripts, the simulator, moto), best of ${m.cpu.cold.length} ± spread; ${cores} cores\n`,
  );
  console.log(`| measure | CPU time | ÷ ${cores} cores: the least wall time it allows |`);
  console.log('| --- | ---: | ---: |');
  console.log(row('cold run', m.cpu.cold));
  console.log(row('sequential floor (curl, build floor, upload floor)', m.cpu.seq));
  console.log(row('pipelined floor', m.cpu.pipe));
  if (m.cpu.old.length) console.log(row("create_package.py's way", m.cpu.old));
}

const rssRows: string[] = [];
async function rssAt(size: string, stack: Stack, done?: ColdRun[]): Promise<void> {
  const rs = done ?? [];
  if (!done)
    for (let i = 0; i < rssRuns; i++) {
      console.error(`cold bench: ${size} MB installers, run ${i + 1} of ${rssRuns}…`);
      await stack.reset();
      rs.push(await cold(stack));
    }
  const peak = Math.max(...rs.map((r) => r.rss));
  rssRows.push(
    `| 5 × ${size} MB | ${rs.length} | ${show(stat(rs.map((r) => r.ms)))} | ${(peak / 2 ** 20).toFixed(0)} MB | ${peak <= 150 * 2 ** 20 ? 'met' : 'not met'} (≤ 150 MB) |`,
  );
}

let main: Main | undefined;
for (const size of [...new Set([values.size, ...rssSizes])]) {
  console.error(`cold bench: building 5 installers of ~${size} MB…`);
  const stack = await startStack(size);
  try {
    if (size === values.size) {
      main = await comparison(stack);
      if (rssSizes.includes(size)) await rssAt(size, stack, main.cold);
    } else await rssAt(size, stack);
  } finally {
    await stack.stop();
  }
}
if (main) printComparison(main);
if (rssRows.length) {
  console.log(`\nPeak RSS of the cold run's CLI process (bench-rss.mjs; the largest of the runs)\n`);
  console.log('| installers | runs | cold run | peak RSS | target |');
  console.log('| --- | ---: | ---: | ---: | --- |');
  for (const r of rssRows) console.log(r);
}
