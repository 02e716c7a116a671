/**
 * Publish benchmark: the whole run and its hand-offs, each beside a floor measured in the same run.
 *   - cold: the bundled CLI downloads the original 8-entry mapping's installers (5 × ~40 MB) from the
 *     Uptycs simulator, builds, and publishes to S3 + SSM (moto_server, with the Distributor double in
 *     front of moto's SSM): the reference of the no-op figures (its floors, a pipelined floor, the old
 *     tool's way, peak RSS and the stage overlap are scripts/bench-cold.ts's);
 *   - no-op re-run: the same command again, the version being published: time and installer bytes;
 *     with Node's compile cache warm (the CLI, a self-hosted runner: every run after the first) and
 *     without it (NODE_DISABLE_COMPILE_CACHE=1: what the first run on a fresh GitHub-hosted runner pays);
 *     beside the no-op floor (noopFloor: a Node start, then the version lookup, STS and the SSM reads
 *     with curl);
 *   - publishing the built folder (package-dir) into a fresh account, against two floors measured by
 *     one process with the AWS SDK and nothing checked: the upload floor PUTs the same zips and manifest,
 *     4 at a time; the publish floor also creates the document and polls it until Active on the same
 *     schedule (what any tool that publishes must do). Beside it, how long the verification took;
 *   - the Active wait: waitActive against a double whose version settles 1 s after creation; how long
 *     after it settled the step noticed;
 *   - many regions: the built folder published to 1, 3 and 17 regions (package-dir, fresh account),
 *     with the S3 double of __tests__/helpers/s3-double.ts in front of moto counting the bytes the
 *     runner sends: the first region receives the files, the others copy them inside S3.
 * Each figure is the best of N with the spread (max − min) of the N runs.
 *
 *   npx tsx scripts/bench-publish.ts                 # 40 MB installers, best of 3
 *   npx tsx scripts/bench-publish.ts --size 40 --runs 3
 */
import { rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Log } from '../src/common/log.js';
import { waitActive, type DocTarget } from '../src/publish/ssm.js';
import { DEFAULT_PUBLISH_OPTIONS, type PublishOptions } from '../src/publish/types.js';
import { motoAvailable } from './local-aws/moto.js';
import { startS3Double } from '../__tests__/helpers/s3-double.js';
import {
  cli,
  cpuSpent,
  type CpuParts,
  downloadArgs,
  jwt,
  MB,
  node,
  publishFloor,
  secs as s,
  show,
  startStack,
  stat,
  timed,
  uploadFloor,
  VERSION,
} from './bench-stack.js';

/** The schedule before: first poll after 2 s, then ×1.5 (the fast phase never ends within 16 s). */
const OLD_SCHEDULE = { pollIntervalMs: 2000, maxPollIntervalMs: 15_000, activeTimeoutMs: 60_000 };

/** The 17 regions of the many-regions figures (as many as AWS's own collector package goes to). */
const REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-central-1',
  'eu-north-1',
  'ap-south-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-southeast-1',
  'ap-southeast-2',
  'sa-east-1',
];
const REGION_COUNTS = [1, 3, 17];

const { values } = parseArgs({
  options: { size: { type: 'string', default: '40' }, runs: { type: 'string', default: '3' } },
});
const runs = Math.max(1, Number(values.runs));

if (!motoAvailable()) {
  console.log('bench-publish: moto_server is not installed; skipped');
  process.exit(0);
}

console.error(`publish bench: building 5 installers of ~${values.size} MB…`);
const stack = await startStack(values.size);
const { sim, moto, fake, scratch, caFile, env } = stack;
const stats = () => stack.stats();
const double = await startS3Double(moto.url);

let n = 0;
let lastStderr = '';
async function timedRun(cmd: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<number> {
  const r = await timed(stack, cmd, args, { env: extraEnv });
  lastStderr = r.stderr;
  return r.ms;
}
/** A stage's time as the CLI logs it ("   Package took 266 ms" / "2.2 s"), in ms. */
function stageMs(stage: string): number {
  const m = new RegExp(`${stage} took ([\\d.]+) (ms|s)\\b`).exec(lastStderr);
  if (!m) throw new Error(`no "${stage} took" line in:\n${lastStderr}`);
  return Number(m[1]) * (m[2] === 's' ? 1000 : 1);
}
const ours = (out: string, extra: string[] = [], extraEnv: NodeJS.ProcessEnv = {}) =>
  timedRun(node, [cli, ...downloadArgs(sim), '-r', 'us-east-1', '--output-dir', out, ...extra], extraEnv);

// Floors, measured here.
/**
 * The no-op floor: what any tool must do to find that nothing is new, each step by the quickest
 * means here: start a Node process (node -e 0), look the version up (curl, TLS), learn the account
 * (curl, STS GetCallerIdentity) and read the document (curl, the SSM reads at once).
 */
async function noopFloor(): Promise<number> {
  const token = await jwt(sim);
  const aws = (service: string, url: string, data: string, headers: string[]) =>
    timedRun('curl', [
      '-sSf',
      '-o',
      '/dev/null',
      '--aws-sigv4',
      `aws:amz:us-east-1:${service}`,
      '--user',
      `${env.AWS_ACCESS_KEY_ID}:${env.AWS_SECRET_ACCESS_KEY}`,
      ...headers.flatMap((h) => ['-H', h]),
      '-d',
      data,
      url,
    ]);
  const ssm = (action: string, body: Record<string, unknown>) =>
    aws('ssm', fake.url, JSON.stringify(body), [
      'Content-Type: application/x-amz-json-1.1',
      `X-Amz-Target: AmazonSSM.${action}`,
    ]);
  const t0 = performance.now();
  await timedRun(node, ['-e', '0']);
  await timedRun('curl', [
    '-sSf',
    '-o',
    '/dev/null',
    '--cacert',
    caFile,
    '-H',
    `Authorization: Bearer ${token}`,
    `${sim.url}/public/api/customers/${sim.customerId}/osqueryPackages`,
  ]);
  await aws('sts', moto.url, 'Action=GetCallerIdentity&Version=2011-06-15', [
    'Content-Type: application/x-www-form-urlencoded',
  ]);
  await Promise.all([
    ssm('ListDocumentVersions', { Name: 'UptycsAgent' }),
    ssm('GetDocument', { Name: 'UptycsAgent', VersionName: VERSION }),
    ssm('DescribeDocumentPermission', { Name: 'UptycsAgent', PermissionType: 'Share' }),
  ]);
  return performance.now() - t0;
}
const reset = () => stack.reset();

try {
  const cold: number[] = [];
  const noop: number[] = [];
  const noopCold: number[] = [];
  const noopFl: number[] = [];
  const verifyMs: number[] = [];
  const pub: number[] = [];
  const noopBytes: number[] = [];
  const coldBytes: number[] = [];
  const folder: number[] = [];
  const up: number[] = [];
  const settle: number[] = [];
  const settleOld: number[] = [];
  const regionWall = new Map(REGION_COUNTS.map((k) => [k, [] as number[]]));
  const regionBytes = new Map(REGION_COUNTS.map((k) => [k, [] as number[]]));
  const regionCpu = new Map(REGION_COUNTS.map((k) => [k, [] as CpuParts[]]));
  const copyFl: number[] = [];
  let built = '';
  for (let i = 0; i < runs; i++) {
    console.error(`run ${i + 1} of ${runs}…`);
    await reset();
    const out = path.join(scratch, `out-${++n}`);
    cold.push(await ours(out));
    coldBytes.push((await stats()).servedBytes);
    await stack.resetSim();
    noop.push(await ours(path.join(scratch, `noop-${++n}`)));
    noopBytes.push((await stats()).servedBytes);
    noopCold.push(await ours(path.join(scratch, `noop-${++n}`), [], { NODE_DISABLE_COMPILE_CACHE: '1' }));
    noopBytes.push((await stats()).servedBytes);
    noopFl.push(await noopFloor());
    // The built folder, published into a fresh account.
    if (!built) {
      built = path.join(scratch, 'built');
      await ours(built, ['--dry-run']);
    }
    await reset();
    folder.push(await timedRun(node, [cli, '--package-dir', built, '-r', 'us-east-1']));
    verifyMs.push(stageMs('Package'));
    for (const k of REGION_COUNTS) {
      await reset();
      double.reset();
      const regions = REGIONS.slice(0, k).join(',');
      const c0 = stack.cpuParts();
      const ms = await timedRun(node, [cli, '--package-dir', built, '-r', regions], {
        AWS_ENDPOINT_URL_S3: double.url,
      });
      const spent = cpuSpent(c0, stack.cpuParts());
      if (spent) regionCpu.get(k)!.push(spent);
      regionWall.get(k)!.push(ms);
      regionBytes.get(k)!.push(double.totalBytes());
    }
    copyFl.push(await copyFloor(REGIONS.slice(1)));
    await reset();
    up.push(await uploadFloor(stack, built));
    await reset();
    pub.push(await publishFloor(stack, built));
    rmSync(out, { recursive: true, force: true });
    // Settling at several moments around 1 s: the worst of them, for the new schedule and the old one.
    let worst = 0;
    let worstOld = 0;
    for (const at of [900, 1100]) worst = Math.max(worst, await settleLatency(at, DEFAULT_PUBLISH_OPTIONS));
    settle.push(worst);
    // The old schedule is a fixed 2 s first poll: one measure per run is enough.
    worstOld = await settleLatency(1000, OLD_SCHEDULE);
    settleOld.push(worstOld);
  }
  const c = stat(cold);
  const o = stat(noop);
  const oc = stat(noopCold);
  const of = stat(noopFl);
  const p = stat(pub);
  const v = stat(verifyMs);
  const pd = stat(folder);
  const u = stat(up);
  const w = stat(settle);
  const wo = stat(settleOld);
  console.log(
    `\nPublish (5 installers × ~${values.size} MB for 8 mapping entries, simulator + moto + SSM double), best of ${runs} ± spread\n`,
  );
  console.log('| measure | time | floor | ratio |');
  console.log('| --- | ---: | ---: | ---: |');
  console.log(`| cold run: download + build + publish | ${show(c)} | its floors: npm run bench:cold | |`);
  console.log(
    `| no-op re-run (already published), compile cache warm | ${show(o)} | cold ${s(c.best)}; no-op floor ${show(of)} (${((100 * of.best) / c.best).toFixed(1)}% of cold) | ${((100 * o.best) / c.best).toFixed(1)}% of cold, ${(o.best / of.best).toFixed(1)}× the floor, ${Math.max(...noopBytes)} installer bytes (cold: ${(Math.min(...coldBytes) / MB).toFixed(1)} MB) |`,
  );
  console.log(
    `| no-op re-run, no compile cache (a fresh hosted runner) | ${show(oc)} | cold ${s(c.best)} | ${((100 * oc.best) / c.best).toFixed(1)}% of cold |`,
  );
  console.log(
    `| publish a built folder (package-dir) | ${show(pd)} (verification ${show(v)}) | upload ${show(u)} | ${(pd.best / u.best).toFixed(2)}× |`,
  );
  console.log(
    `| publish a built folder (package-dir) | ${show(pd)} | publish: upload + document until Active ${show(p)} | ${(pd.best / p.best).toFixed(2)}× |`,
  );
  console.log(
    `| Active noticed after the version settled (settling 0.9 or 1.1 s after creation; the worse) | ${show(w)} | old schedule (2 s, ×1.5): ${show(wo)} | polls every ${DEFAULT_PUBLISH_OPTIONS.pollIntervalMs} ms for 2 s, then doubling to ${DEFAULT_PUBLISH_OPTIONS.maxPollIntervalMs / 1000} s |`,
  );
  const w1 = stat(regionWall.get(1)!);
  const b1 = stat(regionBytes.get(1)!);
  console.log(
    `\nMany regions: the built folder (package-dir) into a fresh account, bytes from the runner counted by the S3 double in front of moto; best of ${runs} ± spread\n`,
  );
  console.log('| regions | bytes sent from the runner | × 1 region | wall time | × 1 region |');
  console.log('| ---: | ---: | ---: | ---: | ---: |');
  for (const k of REGION_COUNTS) {
    const w = stat(regionWall.get(k)!);
    const b = stat(regionBytes.get(k)!);
    console.log(
      `| ${k} | ${(b.best / MB).toFixed(2)} MB ± ${(b.spread / MB).toFixed(2)} | ${(b.best / b1.best).toFixed(3)}× | ${show(w)} | ${(w.best / w1.best).toFixed(2)}× |`,
    );
  }
  if (REGION_COUNTS.every((k) => regionCpu.get(k)!.length)) {
    const cores = availableParallelism();
    const cpu = (k: number, part: keyof CpuParts) => stat(regionCpu.get(k)!.map((c) => c[part]));
    console.log(
      `\nWhere the many-region runs' CPU went (from /proc), best of ${runs} ± spread; ${cores} cores. moto_server does in one process what S3 does in each region at once; its CPU over the cores is the least wall time it allows\n`,
    );
    console.log(
      '| regions | the CLI | × 1 region | moto_server | × 1 region | ÷ cores | the doubles (S3, SSM) |',
    );
    console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const k of REGION_COUNTS) {
      const c = cpu(k, 'children');
      const m = cpu(k, 'moto');
      console.log(
        `| ${k} | ${show(c)} | ${(c.best / cpu(1, 'children').best).toFixed(2)}× | ${show(m)} | ${(m.best / cpu(1, 'moto').best).toFixed(2)}× | ${s(m.best / cores)} | ${show(cpu(k, 'here'))} |`,
      );
    }
  }
  const cf = stat(copyFl);
  const w17 = stat(regionWall.get(17)!);
  console.log(
    `\nThe emulator's own copying (on AWS, S3's work): the same CopyObject calls into 16 buckets, straight to moto, nothing checked: ${show(cf)}. 17 regions less that: ${s(w17.best - cf.best)} (${((w17.best - cf.best) / w1.best).toFixed(2)}× one region).`,
  );
} finally {
  await double.stop();
  await stack.stop();
}

/**
 * The copy floor: what moto itself takes to copy the first region's files into the other regions'
 * buckets (CopyObject with SHA-256, 4 at a time per region, every region at once, nothing checked).
 * On AWS this is S3's work, not the runner's; on moto it is one Python process copying every byte.
 */
async function copyFloor(regions: string[]): Promise<number> {
  const { S3Client, CreateBucketCommand, CopyObjectCommand, ListObjectsV2Command } =
    await import('@aws-sdk/client-s3');
  const { mapLimit } = await import('../src/common/limit.js');
  const client = (region: string) => new S3Client({ region, endpoint: moto.url, forcePathStyle: true });
  const source = `uptycs-distributor-123456789012-${REGIONS[0]}`;
  const src = client(REGIONS[0]!);
  const keys = ((await src.send(new ListObjectsV2Command({ Bucket: source }))).Contents ?? []).map(
    (o) => o.Key!,
  );
  src.destroy();
  if (!keys.length) throw new Error(`copy floor: nothing in ${source}`);
  const clients = regions.map(client);
  await Promise.all(
    regions.map((r, i) =>
      clients[i]!.send(
        new CreateBucketCommand({
          Bucket: `copy-floor-${r}`,
          CreateBucketConfiguration: { LocationConstraint: r as never },
        }),
      ),
    ),
  );
  const t0 = performance.now();
  await Promise.all(
    regions.map((r, i) =>
      mapLimit(keys, DEFAULT_PUBLISH_OPTIONS.fileConcurrency, (key) =>
        clients[i]!.send(
          new CopyObjectCommand({
            Bucket: `copy-floor-${r}`,
            Key: key,
            CopySource: `${source}/${key}`,
            ChecksumAlgorithm: 'SHA256',
          }),
        ),
      ),
    ),
  );
  const ms = performance.now() - t0;
  for (const c of clients) c.destroy();
  return ms;
}

/** waitActive against a double whose version settles `afterMs` after creation: ms from settling to noticing. */
async function settleLatency(
  afterMs: number,
  schedule: Pick<PublishOptions, 'pollIntervalMs' | 'maxPollIntervalMs' | 'activeTimeoutMs'>,
): Promise<number> {
  const t0 = performance.now();
  const quiet: Log = {
    info: () => undefined,
    debug: () => undefined,
    notice: () => undefined,
    warning: () => undefined,
    error: () => undefined,
    group: (_n, fn) => fn(),
    setSecret: () => undefined,
  };
  const ssm = {
    send: async () => ({ Document: { Status: performance.now() - t0 >= afterMs ? 'Active' : 'Creating' } }),
  } as unknown as DocTarget['ssm'];
  await waitActive(
    {
      ssm,
      name: 'UptycsAgent',
      region: 'us-east-1',
      account: '123456789012',
      principal: 'bench',
      log: quiet,
    },
    '1',
    's3://bench/x',
    schedule,
  );
  return performance.now() - t0 - afterMs;
}
