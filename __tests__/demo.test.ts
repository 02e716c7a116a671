/**
 * `npm run demo`, run as a user runs it (npm, a child process, the repository as working directory):
 *  - offline, twice: exit 0 both times, the agents layout kept under demo-output/agents/ beside the
 *    package in demo-output/package/, the next two commands printed, and the first of them works on a
 *    copy of the layout;
 *  - `-- --publish` against moto_server: the document is Active in moto, the files are in moto's S3,
 *    the job summary (Markdown and HTML) is written, and the servers it started are stopped;
 *  - `-- --publish` without moto_server on PATH: one line saying how to get it, exit 1;
 *  - the Distributor shim's file check (scripts/local-aws/fake-ssm.ts): a version whose files are not
 *    in S3 as the manifest states ends Failed, naming the file.
 * The test uses demo-output/ itself (the demo's fixed place), as the user would.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CreateBucketCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateDocumentCommand, DescribeDocumentCommand, SSMClient } from '@aws-sdk/client-ssm';
import { startFakeSsm } from '../scripts/local-aws/fake-ssm.js';
import { motoAvailable, startMoto, type Moto } from '../scripts/local-aws/moto.js';
import { parseCliArgs } from '../src/cli-args.js';
import { NODE, ROOT } from './helpers/runner.js';

const OUT = path.join(ROOT, 'demo-output');
const CREDENTIALS = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'x' };

interface Run {
  code: number | null;
  out: string;
  err: string;
}

/** `npm run demo -- …args` in the repository, with env added (undefined removes a variable). */
function demo(args: string[], env: Record<string, string | undefined> = {}): Promise<Run> {
  const full: NodeJS.ProcessEnv = { ...process.env, ...env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete full[k];
  const child = spawn('npm', ['run', '--silent', 'demo', ...(args.length ? ['--', ...args] : [])], {
    cwd: ROOT,
    env: full,
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, out, err })));
}

/** Whether something listens on 127.0.0.1:port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });
}

describe('npm run demo (offline)', () => {
  it('runs twice, keeps the agents layout beside the package, and prints the next two commands', async () => {
    for (const pass of [1, 2]) {
      const r = await demo([]);
      assert.equal(r.code, 0, `run ${pass}: ${r.err}`);
      assert.match(r.out, /UptycsAgent 5\.7\.0\.25: 5 zips and manifest\.json in .*demo-output\/package/);
      assert.match(r.out, /Agents layout \(kept\): demo-output\/agents\//);
      assert.match(r.out, /^ +uptycs-distributor -d --agents-dir \.\/my-agents --dry-run$/m);
      assert.match(r.out, /npm run pack:cli && npm install -g \.\/uptycs-distributor-\d+\.\d+\.\d+\.tgz/);
      assert.doesNotMatch(r.out, /npx uptycs-distributor/, 'outside the checkout npx asks the npm registry');
      assert.match(r.out, /^ +uptycs-distributor -c uptycs-key\.json -b my-bucket -r us-east-1$/m);
      assert.match(r.out, /npm run demo -- --publish/);
      assert.doesNotMatch(r.err, /holds the 8 folders of create_package\.py/, 'the layout has all 19');
      assert.match(r.err, /Found 19 installer files for 19 entries in demo-output\/agents/);
    }
    const folders = readdirSync(path.join(OUT, 'agents'));
    assert.equal(folders.length, 19, 'one folder per entry of the bundled mapping');
    for (const f of folders) assert.equal(readdirSync(path.join(OUT, 'agents', f)).length, 1, f);
    assert.equal(readdirSync(path.join(OUT, 'package')).filter((n) => n.endsWith('.zip')).length, 5);
    assert.ok(existsSync(path.join(OUT, 'package', 'manifest.json')));
  });

  it('the printed commands use real flags', async () => {
    const r = await demo([]);
    assert.equal(r.code, 0, r.err);
    const commands = [...r.out.matchAll(/^ +uptycs-distributor (.*)$/gm)].map((m) => m[1]!.split(' '));
    assert.equal(commands.length, 2, r.out);
    assert.deepEqual(parseCliArgs(commands[0]!).given, {
      download: 'false',
      'agents-dir': './my-agents',
      'dry-run': 'true',
    });
    assert.deepEqual(parseCliArgs(commands[1]!).given, {
      config: 'uptycs-key.json',
      's3-bucket': 'my-bucket',
      'aws-region': 'us-east-1',
    });
  });

  it('the first next step works on a copy of the layout', async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'udist-demo-next-'));
    try {
      cpSync(path.join(OUT, 'agents'), path.join(work, 'my-agents'), { recursive: true });
      const child = spawn(
        path.join(ROOT, 'node_modules/.bin/tsx'),
        [path.join(ROOT, 'src/bin.ts'), '-d', '--agents-dir', './my-agents', '--dry-run'],
        // Node 24 (the dev dependency) first, as npx gives it.
        {
          cwd: work,
          env: {
            ...process.env,
            PATH: `${path.join(ROOT, 'node_modules/.bin')}${path.delimiter}${process.env.PATH}`,
          },
        },
      );
      let err = '';
      child.stderr.on('data', (c: Buffer) => (err += c.toString()));
      const code = await new Promise((resolve) => child.on('close', resolve));
      assert.equal(code, 0, err);
      assert.ok(existsSync(path.join(work, 'uptycs-distributor-package', 'manifest.json')));
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});

describe('npm run demo -- --publish without moto_server', () => {
  it('says in one line how to get it and exits 1', async () => {
    // What `npm run demo` runs (tsx scripts/demo.ts), with a PATH that is an empty folder: no moto_server.
    const empty = mkdtempSync(path.join(tmpdir(), 'udist-demo-nopath-'));
    try {
      const child = spawn(NODE, ['--import', 'tsx', 'scripts/demo.ts', '--publish'], {
        cwd: ROOT,
        env: { ...process.env, PATH: empty },
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (err += c.toString()));
      const code = await new Promise((resolve) => child.on('close', resolve));
      assert.equal(code, 1, out + err);
      const lines = err.trim().split('\n');
      assert.equal(lines.length, 1, err);
      assert.match(lines[0]!, /needs moto_server \(a local AWS\) on PATH: pip install 'moto\[server\]'/);
      assert.equal(out.trim(), '', 'nothing started');
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('npm run demo -- --publish', { skip: !motoAvailable() && 'moto_server is not installed' }, () => {
  let moto: Moto;
  before(async () => {
    moto = await startMoto();
  });
  after(async () => {
    await moto?.stop();
  });

  it('publishes to a running moto_server: the document Active, the files in S3, the summary written', async () => {
    const r = await demo(['--publish', '--moto', moto.url]);
    assert.equal(r.code, 0, r.out + r.err);
    const ssm = new SSMClient({ region: 'us-east-1', endpoint: moto.url, credentials: CREDENTIALS });
    const s3 = new S3Client({
      region: 'us-east-1',
      endpoint: moto.url,
      forcePathStyle: true,
      credentials: CREDENTIALS,
    });
    try {
      const doc = (await ssm.send(new DescribeDocumentCommand({ Name: 'UptycsAgent' }))).Document!;
      assert.equal(doc.Status, 'Active');
      assert.equal(doc.DocumentType, 'Package');
      assert.equal(doc.VersionName, '5.10.1.3');
      const listed = await s3.send(
        new ListObjectsV2Command({
          Bucket: 'uptycs-distributor-123456789012-us-east-1',
          Prefix: 'uptycs/UptycsAgent/5.10.1.3/',
        }),
      );
      assert.equal(listed.Contents?.length, 6, 'five zips and manifest.json');
    } finally {
      ssm.destroy();
      s3.destroy();
    }
    const md = readFileSync(path.join(OUT, 'publish', 'summary.md'), 'utf8');
    assert.match(md, /UptycsAgent 5\.10\.1\.3 \(published\)/);
    assert.match(md, /### Fleet preflight \(us-east-1\)/);
    const html = readFileSync(path.join(OUT, 'publish', 'summary.html'), 'utf8');
    assert.match(html, /<table>/);
    assert.match(
      r.out,
      /Job summary: demo-output\/publish\/summary\.md, rendered: demo-output\/publish\/summary\.html/,
    );
    assert.match(r.out, /SSM {7}document UptycsAgent \(Package\), version 1 "5\.10\.1\.3": Active/);
    assert.match(r.out, /fleet preflight: 7 instances \(5 install, 1 no-manifest, 1 unknown\)/);
    assert.ok(await listening(moto.port), 'a moto_server given with --moto is left running');
  });

  it('a re-run against the same moto_server is a no-op, and says so: already published, the association unchanged', async () => {
    const r = await demo(['--publish', '--moto', moto.url]);
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(
      r.out,
      /fleet double {6}1 association\(s\) an earlier demo run left, kept in your moto_server/,
    );
    assert.match(r.out, /nothing to download or build/);
    assert.match(
      r.out,
      /^Already published: UptycsAgent 5\.10\.1\.3 was on the local AWS before this run, so nothing was downloaded, built or uploaded; read back from it:$/m,
    );
    assert.doesNotMatch(r.out, /^Published /m);
    assert.match(r.out, /SSM {7}document UptycsAgent \(Package\), version 1 "5\.10\.1\.3": Active/);
    assert.match(r.out, /rollout {3}association unchanged; fleet preflight: 7 instances/);
  });

  it('with its own moto_server: publishes, then stops every server it started', async () => {
    const r = await demo(['--publish']);
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(r.out, /Local AWS stopped\./);
    const ports = [
      ...r.out.matchAll(
        /^(?:Uptycs simulator|moto_server|Distributor shim|fleet double) +https?:\/\/127\.0\.0\.1:(\d+)/gm,
      ),
    ].map((m) => Number(m[1]));
    assert.equal(ports.length, 4, r.out);
    for (const p of ports) assert.equal(await listening(p), false, `port ${p} is closed`);
  });

  it('the Distributor shim fails a version whose files are not in S3 as the manifest states', async () => {
    const docs = await startFakeSsm(moto.url);
    docs.distributor({ creatingPolls: 0, outcome: 'Active', checkFiles: true });
    const ssm = new SSMClient({ region: 'us-east-1', endpoint: docs.url, credentials: CREDENTIALS });
    const s3 = new S3Client({
      region: 'us-east-1',
      endpoint: moto.url,
      forcePathStyle: true,
      credentials: CREDENTIALS,
    });
    try {
      await s3.send(new CreateBucketCommand({ Bucket: 'shim-check' }));
      await s3.send(new PutObjectCommand({ Bucket: 'shim-check', Key: 'p/a.zip', Body: 'PK-a' }));
      const manifest = (sha: string) =>
        JSON.stringify({
          schemaVersion: '2.0',
          version: '1.0.0',
          packages: { amazon: { _any: { x86_64: { file: 'a.zip' } } } },
          files: { 'a.zip': { checksums: { sha256: sha } } },
        });
      const create = (name: string, sha: string) =>
        ssm.send(
          new CreateDocumentCommand({
            Name: name,
            DocumentType: 'Package',
            Content: manifest(sha),
            Attachments: [{ Key: 'SourceUrl', Values: ['s3://shim-check/p'] }],
          }),
        );
      const status = async (name: string) =>
        (await ssm.send(new DescribeDocumentCommand({ Name: name }))).Document!;
      const good = 'a4ad7d67eb1fd6ca0c8e33dd1cbd8c2ee5b68d16dd0d8e0a0b0d3b8e6a9c7f10';
      await create('ShimWrongSum', good);
      const wrong = await status('ShimWrongSum');
      assert.equal(wrong.Status, 'Failed');
      assert.match(
        wrong.StatusInformation!,
        /^a\.zip in s3:\/\/shim-check\/p has SHA-256 [0-9a-f]{64}, the manifest states a4ad/,
      );
      await create('ShimRight', createHash('sha256').update('PK-a').digest('hex'));
      assert.equal((await status('ShimRight')).Status, 'Active');
      await ssm.send(
        new CreateDocumentCommand({
          Name: 'ShimMissing',
          DocumentType: 'Package',
          Content: manifest(good).replace(/a\.zip/g, 'b.zip'),
          Attachments: [{ Key: 'SourceUrl', Values: ['s3://shim-check/p'] }],
        }),
      );
      const missing = await status('ShimMissing');
      assert.equal(missing.Status, 'Failed');
      assert.match(missing.StatusInformation!, /^b\.zip is not in s3:\/\/shim-check\/p/);
    } finally {
      ssm.destroy();
      s3.destroy();
      await docs.stop();
    }
  });
});
