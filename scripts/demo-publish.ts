/**
 * `npm run demo -- --publish` (see scripts/demo.ts and docs/demo.md): the action, run from src/ the way
 * the GitHub runner runs it (INPUT_* variables, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY), against a local
 * AWS on 127.0.0.1: the Uptycs simulator (HTTPS, its certificate trusted through NODE_EXTRA_CA_CERTS),
 * moto_server for S3, STS, EC2 and SSM documents, the Distributor shim in front of moto's SSM
 * (scripts/local-aws/fake-ssm.ts) and the fleet double in front of that (__tests__/helpers/fake-fleet.ts)
 * with a few tagged instances for the preflight. Nothing reaches the internet: every endpoint is
 * 127.0.0.1 and the AWS credentials are moto's fake ones.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  CreateAssociationCommand,
  DescribeDocumentCommand,
  GetParameterCommand,
  PutParameterCommand,
  SSMClient,
  type CreateAssociationCommandInput,
} from '@aws-sdk/client-ssm';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { startFakeSsm, type FakeSsm } from './local-aws/fake-ssm.js';
import { motoOnPath, startMoto, type Moto } from './local-aws/moto.js';
import { findChromium, screenshot, summaryHtml } from './summary-html.js';
import { FLEET_KINDS, seedKind, startFakeFleet, type FakeFleet } from '../__tests__/helpers/fake-fleet.js';
import { startSimulator, type Simulator } from '../__tests__/sim/uptycs-simulator.js';
import { parseOutputs } from '../__tests__/helpers/runner.js';

const REGION = 'us-east-1';
const VERSION = '5.10.1.3';
const TAG = { uptycs: 'demo' };
/** moto's fake credentials (moto accepts any; nothing here is a secret). */
const CREDENTIALS = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};
/** The small fleet: instances that install, and two the preflight predicts to fail (no macOS entry, no architecture). */
const FLEET = [
  'al2-x86',
  'al2023-arm',
  'ubuntu-22.04-arm64',
  'rhel-9-x86',
  'windows-2022',
  'macos',
  'hybrid-ubuntu',
];

export const NO_MOTO =
  "npm run demo -- --publish needs moto_server (a local AWS) on PATH: pip install 'moto[server]' (or give --moto URL of a running one)";

interface LocalAws {
  sim: Simulator;
  moto: Moto;
  /** Whether this demo started moto (and so stops it). */
  ownMoto: boolean;
  docs: FakeSsm;
  fleet: FakeFleet;
}

function parseArgs(argv: string[]): { motoUrl?: string } | string {
  let motoUrl: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--publish') continue;
    if (a === '--moto' && argv[i + 1]) motoUrl = argv[++i];
    else if (a.startsWith('--moto=')) motoUrl = a.slice('--moto='.length);
    else
      return `npm run demo -- --publish: unknown argument ${a} (it takes only --moto URL of a running moto_server)`;
  }
  if (motoUrl && !/^http:\/\/(127\.0\.0\.1|localhost):\d+\/?$/.test(motoUrl))
    return `--moto ${motoUrl}: give the http://127.0.0.1:PORT of a moto_server on this machine`;
  return motoUrl ? { motoUrl: motoUrl.replace(/\/$/, '') } : {};
}

/**
 * Where a moto_server given with --moto keeps the fleet double's associations between demo runs (an
 * SSM parameter in moto): the double starts empty each run, and without them a re-run would create
 * the association again instead of finding it as the first run left it.
 */
const KEPT_ASSOCIATIONS = '/uptycs-distributor-demo/fleet-associations';

/** The associations an earlier demo run left, back in the fleet double (a moto_server given with --moto). */
async function restoreAssociations(aws: LocalAws): Promise<number> {
  if (aws.ownMoto) return 0;
  const moto = new SSMClient({ region: REGION, endpoint: aws.moto.url, credentials: CREDENTIALS });
  const fleet = new SSMClient({ region: REGION, endpoint: aws.fleet.url, credentials: CREDENTIALS });
  try {
    const kept = await moto.send(new GetParameterCommand({ Name: KEPT_ASSOCIATIONS })).catch(() => undefined);
    const defs = JSON.parse(kept?.Parameter?.Value ?? '[]') as CreateAssociationCommandInput[];
    for (const def of defs) await fleet.send(new CreateAssociationCommand(def));
    return defs.length;
  } finally {
    moto.destroy();
    fleet.destroy();
  }
}

/** The fleet double's associations, kept in a moto_server given with --moto for the next run. */
async function keepAssociations(aws: LocalAws): Promise<void> {
  if (aws.ownMoto) return;
  const moto = new SSMClient({ region: REGION, endpoint: aws.moto.url, credentials: CREDENTIALS });
  try {
    const defs = aws.fleet.associations(REGION).map((a) => a.def);
    await moto.send(
      new PutParameterCommand({
        Name: KEPT_ASSOCIATIONS,
        Value: JSON.stringify(defs),
        Type: 'String',
        Overwrite: true,
      }),
    );
  } finally {
    moto.destroy();
  }
}

/** A moto_server already running, used as it is (no reset, no stop). */
async function existingMoto(url: string): Promise<Moto> {
  const r = await fetch(`${url}/moto-api/data.json`).catch(() => undefined);
  if (!r?.ok) throw new Error(`--moto ${url}: no moto_server answers there`);
  const fail = () => Promise.reject(new Error('not available on a moto_server the demo did not start'));
  return {
    url,
    port: Number(new URL(url).port),
    reset: fail,
    stop: () => Promise.resolve(),
    iam: fail,
    setAuth: fail,
  };
}

/** What was started, to stop in reverse order, each once (also on Ctrl-C). */
type Started = { close(): Promise<void> }[];

async function stopAll(started: Started): Promise<void> {
  for (const s of started.splice(0).reverse()) await s.close().catch(() => undefined);
}

async function startLocalAws(
  motoUrl: string | undefined,
  say: (s: string) => void,
  started: Started,
): Promise<LocalAws> {
  const sim = await startSimulator({ prebuild: [VERSION], prebuildSensor: false, paddingBytes: 20_000 });
  started.push(sim);
  const moto = motoUrl ? await existingMoto(motoUrl) : await startMoto();
  started.push({ close: () => moto.stop() });
  const docs = await startFakeSsm(moto.url);
  started.push({ close: () => docs.stop() });
  // Distributor checks a new version's files in S3 before it is usable: Creating for two polls, then
  // Active (or Failed, naming the file missing or changed).
  docs.distributor({ creatingPolls: 2, outcome: 'Active', checkFiles: true });
  const fleet = await startFakeFleet(docs.url);
  started.push({ close: () => fleet.stop() });
  const ec2 = new EC2Client({ region: REGION, endpoint: moto.url, credentials: CREDENTIALS });
  try {
    for (const label of FLEET)
      await seedKind(
        fleet,
        ec2,
        FLEET_KINDS.find((k) => k.label === label)!,
        1,
        TAG,
      );
  } finally {
    ec2.destroy();
  }
  say(`Uptycs simulator  ${sim.url} (agent versions ${VERSION} and older, a self-signed certificate)`);
  say(
    `moto_server       ${moto.url}${motoUrl ? ' (yours, kept running)' : ''} (S3, STS, EC2, SSM documents)`,
  );
  say(
    `Distributor shim  ${docs.url} (ListDocumentVersions; checks the files in S3: Creating → Active; scripts/local-aws/)`,
  );
  say(`fleet double      ${fleet.url} (${FLEET.length} managed instances tagged uptycs=demo)`);
  return { sim, moto, ownMoto: !motoUrl, docs, fleet };
}

/** Workflow commands as a terminal reads them: groups as headings, annotations as "warning: …". */
function showLine(line: string): string | undefined {
  if (line.startsWith('::add-mask::') || line === '::endgroup::') return undefined;
  const group = /^::group::(.*)$/.exec(line);
  if (group) return `── ${group[1]}`;
  const note = /^::(error|warning|notice)[^:]*::(.*)$/.exec(line);
  const unescape = (t: string) => t.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
  if (note) return `${note[1]}: ${unescape(note[2]!)}`;
  return line.startsWith('::') ? undefined : line;
}

interface ActionRun {
  status: number | null;
  outputs: Record<string, string>;
}

/** Runs the action's entry point (src/index.ts; dist/index.js is its bundle) as the runner does, showing its log. */
async function runAction(
  root: string,
  dirs: { work: string; tmp: string; started: Started },
  inputs: Record<string, string>,
  env: Record<string, string>,
): Promise<ActionRun> {
  const outputFile = path.join(dirs.tmp, 'github-output');
  writeFileSync(outputFile, '');
  const full: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: dirs.work,
    GITHUB_OUTPUT: outputFile,
    RUNNER_TEMP: path.join(dirs.tmp, 'runner-temp'),
    ...env,
  };
  for (const [k, v] of Object.entries(inputs)) full[`INPUT_${k.toUpperCase()}`] = v;
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/index.ts')], {
    cwd: dirs.work,
    env: full,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let rest = '';
  const show = (chunk: Buffer) => {
    const lines = (rest + chunk.toString()).split('\n');
    rest = lines.pop()!;
    for (const l of lines) {
      const s = showLine(l);
      if (s !== undefined) process.stdout.write(`${s}\n`);
    }
  };
  child.stdout.on('data', show);
  child.stderr.on('data', show);
  const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
  // Stopped with the servers on Ctrl-C.
  dirs.started.push({
    close: async () => {
      if (child.exitCode === null) child.kill();
      await closed;
    },
  });
  const status = await closed;
  if (rest) show(Buffer.from('\n'));
  return { status, outputs: parseOutputs(readFileSync(outputFile, 'utf8')) };
}

/** What the local AWS holds after the run, read back from it (not from the action's outputs). */
async function readBack(aws: LocalAws, outputs: Record<string, string>): Promise<string[]> {
  const ssm = new SSMClient({ region: REGION, endpoint: aws.docs.url, credentials: CREDENTIALS });
  const s3 = new S3Client({
    region: REGION,
    endpoint: aws.moto.url,
    forcePathStyle: true,
    credentials: CREDENTIALS,
  });
  try {
    const name = outputs['document-name'] ?? 'UptycsAgent';
    const doc = (await ssm.send(new DescribeDocumentCommand({ Name: name }))).Document;
    const uri = /^s3:\/\/([^/]+)\/(.*)$/.exec(outputs['s3-uri'] ?? '');
    const objects = uri
      ? ((await s3.send(new ListObjectsV2Command({ Bucket: uri[1], Prefix: `${uri[2]}/` }))).Contents ?? [])
      : [];
    return [
      `  S3        ${outputs['s3-uri'] ?? '(none)'}/: ${objects.length} objects (${objects.map((o) => path.basename(o.Key!)).join(', ')})`,
      `  SSM       document ${name} (${doc?.DocumentType}), version ${doc?.DocumentVersion} "${doc?.VersionName}": ${doc?.Status}, default version ${doc?.DefaultVersion}`,
      `  rollout   association ${preflightLine(outputs.rollout)}`,
    ];
  } finally {
    ssm.destroy();
    s3.destroy();
  }
}

function preflightLine(rollout: string | undefined): string {
  try {
    const [r] = JSON.parse(rollout ?? '[]') as {
      association?: { action: string; id: string };
      preflight?: { total: number; counts: Record<string, number> };
    }[];
    const counts = Object.entries(r?.preflight?.counts ?? {})
      .map(([k, v]) => `${v} ${k}`)
      .join(', ');
    return `${r?.association?.action ?? 'not made'}; fleet preflight: ${r?.preflight?.total ?? 0} instances (${counts})`;
  } catch {
    return '(no rollout output)';
  }
}

/** The action's run: the key file and the simulator's certificate in tmp, the summary in work. */
async function publishRun(
  root: string,
  aws: LocalAws,
  dirs: { work: string; tmp: string; started: Started },
): Promise<ActionRun> {
  const { work, tmp } = dirs;
  const keyFile = path.join(tmp, 'uptycs-key.json');
  writeFileSync(keyFile, aws.sim.keyFile(), { mode: 0o600 });
  writeFileSync(path.join(tmp, 'ca.pem'), aws.sim.ca);
  const summaryFile = path.join(work, 'summary.md');
  writeFileSync(summaryFile, '');
  const inputs = {
    config: keyFile,
    'uptycs-api-url': aws.sim.url,
    'aws-region': REGION,
    'output-dir': 'package',
    cache: 'false',
    'rollout-targets': `tag:uptycs=${TAG.uptycs}`,
  };
  const run = await runAction(root, dirs, inputs, {
    GITHUB_STEP_SUMMARY: summaryFile,
    NODE_EXTRA_CA_CERTS: path.join(tmp, 'ca.pem'),
    AWS_ENDPOINT_URL: aws.moto.url,
    AWS_ENDPOINT_URL_SSM: aws.fleet.url,
    AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  });
  return run;
}

/** summary.html beside summary.md, and summary.png when Chromium is installed; the line saying where. */
async function renderSummary(work: string, shown: (f: string) => string): Promise<string> {
  const md = path.join(work, 'summary.md');
  const html = path.join(work, 'summary.html');
  writeFileSync(html, await summaryHtml('Job summary', readFileSync(md, 'utf8')));
  const chromium = findChromium();
  const png = path.join(work, 'summary.png');
  const failed = chromium ? screenshot(chromium, html, png) : 'Chromium is not installed';
  return `Job summary: ${shown(md)}, rendered: ${shown(html)}${failed ? '' : `, screenshot: ${shown(png)}`}`;
}

export async function publishDemo(root: string, out: string, argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === 'string') return (console.error(args), 1);
  if (!args.motoUrl && !motoOnPath()) return (console.error(NO_MOTO), 1);
  const work = path.join(out, 'publish');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const tmp = mkdtempSync(path.join(tmpdir(), 'uptycs-demo-publish-'));
  const say = (s: string) => console.log(s);
  const shown = (f: string) => path.relative(process.cwd(), f) || '.';
  say('── Local AWS on 127.0.0.1');
  let aws: LocalAws | undefined;
  const started: Started = [];
  // Ctrl-C: stop what was started all the same.
  const interrupted = () => void stopAll(started).finally(() => process.exit(130));
  process.once('SIGINT', interrupted);
  try {
    aws = await startLocalAws(args.motoUrl, say, started);
    const restored = await restoreAssociations(aws);
    if (restored)
      say(`fleet double      ${restored} association(s) an earlier demo run left, kept in your moto_server`);
    say('── The action, as a job runs it (src/index.ts)');
    const run = await publishRun(root, aws, { work, tmp, started });
    await keepAssociations(aws);
    const summary = await renderSummary(work, shown);
    say('');
    if (run.status !== 0) return (say(`The action failed (exit ${run.status}). ${summary}`), 1);
    const name = `${run.outputs['package-name']} ${run.outputs['package-version']}`;
    // A re-run with nothing new (a moto_server given with --moto keeps what the last run published).
    say(
      run.outputs['already-published'] === 'true'
        ? `Already published: ${name} was on the local AWS before this run, so nothing was downloaded, built or uploaded; read back from it:`
        : `Published ${name} to the local AWS, read back from it:`,
    );
    for (const l of await readBack(aws, run.outputs)) say(l);
    say(`Package:     ${shown(path.join(work, 'package'))}/`);
    say(summary);
    say('');
    say(
      'On your AWS account (once installed: npm run pack:cli, docs/cli.md): uptycs-distributor -c uptycs-key.json -b my-bucket -r us-east-1 (docs/demo.md)',
    );
    return 0;
  } finally {
    process.off('SIGINT', interrupted);
    await stopAll(started);
    rmSync(tmp, { recursive: true, force: true });
    if (aws)
      say(
        `Local AWS stopped${aws.ownMoto ? '' : ` (your moto_server at ${aws.moto.url} keeps what was published)`}.`,
      );
  }
}
