/**
 * What the publish and cold-run benchmarks share: the Uptycs simulator (its own process, installers of
 * --size MB), moto_server with the Distributor double in front of its SSM, a scratch folder, the
 * environment a run gets (nothing can reach AWS), a timed child process, and the floors both measure
 * (the upload of a built folder, and the download of the 5 installers by curl).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SignJWT } from 'jose';
import { downloadQuery } from '../src/agents/uptycs/index.js';
import { planInstallers, type InstallerSpec } from '../src/plan/installers.js';
import { parseMapping } from '../src/plan/mapping.js';
import { DEFAULT_PUBLISH_OPTIONS } from '../src/publish/types.js';
import { startFakeSsm, type FakeSsm } from './local-aws/fake-ssm.js';
import { isolateAwsEnv, startMoto, type Moto } from './local-aws/moto.js';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const node = process.execPath;
export const cli = path.join(root, 'dist/cli/index.js');
export const MB = 1_000_000;
export const VERSION = '5.10.1.3';
export const mappingFile = path.join(root, '__tests__/fixtures/uptycs-agent-mapping.original.json');
export const entries = parseMapping(readFileSync(mappingFile, 'utf8'), mappingFile).entries;
export const { specs, specByDir } = planInstallers(entries, false);
const uploadFloorScript = path.join(root, 'scripts/bench-upload-floor.mjs');

export interface SimInfo {
  url: string;
  ca: string;
  key: string;
  secret: string;
  customerId: string;
  keyFile: string;
  assetGroupId: string;
  /** Each installer's size in bytes, by `${os}-${arm64 ? 'arm64' : 'x86_64'}`. */
  sizes: Record<string, number>;
}

export interface Stack {
  sim: SimInfo;
  moto: Moto;
  fake: FakeSsm;
  scratch: string;
  caFile: string;
  env: NodeJS.ProcessEnv;
  /** The simulator's counters since its last reset. */
  stats(): Promise<{ requests: { total: number; packageDownloads: number }; servedBytes: number }>;
  /** Forgets what moto, the SSM double and the simulator hold (the Distributor double settles in 1 poll). */
  reset(): Promise<void>;
  /** Resets the simulator's counters only. */
  resetSim(): Promise<void>;
  /**
   * CPU time (ms) spent so far by everything a measure runs: this process and the children it has
   * waited for (the CLI, curl, the floors' scripts), the simulator and moto_server. Read from /proc
   * (Linux); undefined elsewhere. The difference around a measure is its CPU cost, other load excluded.
   */
  cpuMs(): number | undefined;
  /**
   * The same, in parts: `children` the processes this one waited for (the CLI, curl), `moto` moto_server,
   * `here` this process (the doubles in front of moto, the floors run in-process), `sim` the simulator.
   */
  cpuParts(): CpuParts | undefined;
  stop(): Promise<void>;
}

/** Starts the simulator (installers of sizeMb each: building them takes a while), moto and the SSM double. */
export async function startStack(sizeMb: string): Promise<Stack> {
  isolateAwsEnv();
  const server = spawn(
    node,
    ['--import', 'tsx', path.join(root, '__tests__/sim/serve.ts'), '--size', sizeMb],
    { stdio: ['pipe', 'pipe', 'inherit'], cwd: root },
  );
  const replies = createInterface({ input: server.stdout! })[Symbol.asyncIterator]();
  const reply = async <T>(cmd?: string): Promise<T> => {
    if (cmd) server.stdin!.write(`${cmd}\n`);
    const r = await replies.next();
    if (r.done) throw new Error('the simulator exited');
    return JSON.parse(r.value) as T;
  };
  const sim = await reply<SimInfo>();
  const moto = await startMoto();
  const fake = await startFakeSsm(moto.url);
  fake.distributor({ creatingPolls: 1, outcome: 'Active' });
  const scratch = mkdtempSync(path.join(tmpdir(), 'uptycs-bench-'));
  const caFile = path.join(scratch, 'ca.pem');
  writeFileSync(caFile, sim.ca);
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: scratch,
    NODE_EXTRA_CA_CERTS: caFile,
    AWS_ENDPOINT_URL: moto.url,
    AWS_ENDPOINT_URL_SSM: fake.url,
    AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'bench-secret',
    AWS_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    // the floors poll and upload as the action does
    BENCH_POLL_MS: String(DEFAULT_PUBLISH_OPTIONS.pollIntervalMs),
    BENCH_FILE_CONCURRENCY: String(DEFAULT_PUBLISH_OPTIONS.fileConcurrency),
  };
  return {
    sim,
    moto,
    fake,
    scratch,
    caFile,
    env,
    stats: () => reply('stats'),
    async reset() {
      await moto.reset();
      fake.reset();
      fake.distributor({ creatingPolls: 1, outcome: 'Active' });
      await reply('reset');
    },
    async resetSim() {
      await reply('reset');
    },
    cpuMs: () => {
      const p = readCpuParts(server.pid, moto.pid);
      return p && p.children + p.here + p.moto + p.sim;
    },
    cpuParts: () => readCpuParts(server.pid, moto.pid),
    async stop() {
      server.stdin!.end();
      await fake.stop();
      await moto.stop();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}

export interface CpuParts {
  children: number;
  moto: number;
  here: number;
  sim: number;
}

/** What each part of the stack spent between two readings of cpuParts (ms). */
export function cpuSpent(before: CpuParts | undefined, after: CpuParts | undefined): CpuParts | undefined {
  if (!before || !after) return undefined;
  const d = (k: keyof CpuParts) => after[k] - before[k];
  return { children: d('children'), moto: d('moto'), here: d('here'), sim: d('sim') };
}

/**
 * /proc/<pid>/stat's utime + stime (own) and cutime + cstime (the children waited for), in ticks;
 * undefined when the process is gone or there is no /proc.
 */
function procTicks(pid: string | number | undefined): { own: number; children: number } | undefined {
  if (pid === undefined) return undefined;
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // the fields after the command name (which may hold spaces, in parentheses); utime is field 14
  const f = stat
    .slice(stat.lastIndexOf(')') + 2)
    .split(' ')
    .map(Number);
  return { own: f[11]! + f[12]!, children: f[13]! + f[14]! };
}

/** The CPU ms so far of this process, its waited-for children, the simulator and moto_server. */
function readCpuParts(simPid: number | undefined, motoPid: number | undefined): CpuParts | undefined {
  const self = procTicks('self');
  const sim = procTicks(simPid);
  const moto = procTicks(motoPid);
  if (!self || !sim || !moto) return undefined;
  // USER_HZ is 100 on Linux
  return { children: self.children * 10, here: self.own * 10, sim: sim.own * 10, moto: moto.own * 10 };
}

export interface Timed {
  ms: number;
  stderr: string;
}

/**
 * Runs cmd in the scratch folder with the stack's environment; rejects with its stderr unless it exits 0.
 * opts.stdin: written (then closed) when it resolves.
 */
export function timed(
  stack: Stack,
  cmd: string,
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; stdin?: Promise<string> } = {},
): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const p = spawn(cmd, args, {
      cwd: stack.scratch,
      env: { ...stack.env, ...opts.env },
      stdio: [opts.stdin ? 'pipe' : 'ignore', 'ignore', 'pipe'],
    });
    // stdin, once it is known (the pipelined floor lets its document step go this way)
    void opts.stdin?.then((text) => p.stdin!.end(text));
    let err = '';
    p.stderr!.on('data', (c: Buffer) => (err += c.toString()));
    p.on('error', reject);
    p.on('exit', (code) => {
      if (code === 0) resolve({ ms: performance.now() - t0, stderr: err });
      else reject(new Error(`${cmd} ${args.join(' ')}: ${code}\n${err}`));
    });
  });
}

/** The CLI's flags of a cold run against the simulator: its key, its URL, the mapping, no cache. */
export const downloadArgs = (sim: SimInfo): string[] => [
  '-c',
  sim.keyFile,
  '--uptycs-api-url',
  sim.url,
  '--mapping',
  mappingFile,
  '--cache',
  'false',
];

/** A token for the simulator, as the Uptycs API wants it (HS256, iss = key, exp). */
export async function jwt(sim: SimInfo): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(sim.key)
    .setIssuedAt(now)
    .setExpirationTime(now + 300)
    .sign(new TextEncoder().encode(sim.secret));
}

/** The download URL of one installer, with the query this project sends. */
export function downloadUrl(sim: SimInfo, s: InstallerSpec): string {
  const u = new URL(
    `${sim.url}/public/api/customers/${sim.customerId}/packageDownloads/osquery/${s.os}/${sim.assetGroupId}`,
  );
  for (const [k, v] of Object.entries(downloadQuery(s, VERSION))) u.searchParams.set(k, v);
  return u.href;
}

/** The download floor: curl fetching the 5 distinct installers in parallel into dir, nothing checked. */
export async function downloadFloor(stack: Stack, dir: string): Promise<number> {
  const token = await jwt(stack.sim);
  const t0 = performance.now();
  await Promise.all(
    specs.map((s, i) =>
      timed(stack, 'curl', [
        '-sSf',
        '--cacert',
        stack.caFile,
        '-H',
        `Authorization: Bearer ${token}`,
        '-o',
        path.join(dir, `${s.id}-${i}`),
        downloadUrl(stack.sim, s),
      ]),
    ),
  );
  return performance.now() - t0;
}

let bucketSeq = 0;
/** A bucket name no earlier floor used (moto is reset between measures, but names stay distinct). */
export const floorBucket = () => `floor-${process.pid}-${++bucketSeq}`;

/** The upload floor (scripts/bench-upload-floor.mjs): the folder's zips and manifest, 4 at a time. */
export async function uploadFloor(stack: Stack, dir: string): Promise<number> {
  return (await timed(stack, node, [uploadFloorScript, dir, floorBucket()])).ms;
}

/** The publish floor: the upload floor, then the document created and polled until Active. */
export async function publishFloor(stack: Stack, dir: string): Promise<number> {
  return (await timed(stack, node, [uploadFloorScript, dir, floorBucket(), '--document'])).ms;
}

export { uploadFloorScript };

export interface Stat {
  best: number;
  spread: number;
}
export const stat = (xs: number[]): Stat => ({
  best: Math.min(...xs),
  spread: Math.max(...xs) - Math.min(...xs),
});
export const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
export const show = (x: Stat) => `${secs(x.best)} ± ${secs(x.spread)}`;
