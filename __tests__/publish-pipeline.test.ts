/**
 * The pipelined cold run, as a user runs it: the CLI (a separate process, trusting the Uptycs
 * simulator's CA through NODE_EXTRA_CA_CERTS) downloads the original mapping's five installers and
 * publishes to moto behind the Distributor double. The simulator holds the Windows download back, so
 * what the run does while an installer is still on its way can be seen from outside: which objects
 * S3 holds, whether a document exists, what output-dir holds.
 *   - the zips of the installers that arrived are in S3 before the last installer is, and no document
 *     or manifest is, until it is;
 *   - a download that fails after some zips were sent fails the run once, publishes nothing (no
 *     document, no manifest, no output-dir, no staging folder, no incomplete upload), says what it
 *     left in S3, and the next run publishes;
 *   - a cancel while the zips are being sent leaves the same: nothing published, nothing half-written.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, beforeEach, describe, test } from 'node:test';
import { ListMultipartUploadsCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { ListDocumentVersionsCommand, SSMClient } from '@aws-sdk/client-ssm';
import { startFakeSsm, type FakeSsm } from '../scripts/local-aws/fake-ssm.js';
import { motoAvailable, startMoto, type Moto } from '../scripts/local-aws/moto.js';
import { NODE, ROOT } from './helpers/runner.js';
import { startSimulator, type Simulator } from './sim/uptycs-simulator.js';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const BUCKET = `uptycs-distributor-${ACCOUNT}-${REGION}`;
const NAME = 'UptycsAgent';
const VERSION = '5.10.1.3';
const PREFIX = `uptycs/${NAME}/${VERSION}/`;
/** tsx as a loader, by URL: the run's cwd is a scratch folder, where the package cannot be found. */
const TSX_LOADER = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
const ORIGINAL = path.join(ROOT, '__tests__/fixtures/uptycs-agent-mapping.original.json');

describe(
  'a pipelined cold run: each zip goes to S3 while later installers are still downloading',
  { skip: !motoAvailable() && 'moto_server is not installed' },
  () => {
    let sim: Simulator;
    let moto: Moto;
    let fake: FakeSsm;
    let work: string;
    let caFile: string;
    let keyFile: string;
    let s3: S3Client;
    let ssm: SSMClient;
    let n = 0;

    before(async () => {
      sim = await startSimulator({ prebuild: [VERSION], prebuildSensor: false, paddingBytes: 1_000_000 });
      moto = await startMoto();
      fake = await startFakeSsm(moto.url);
      work = mkdtempSync(path.join(tmpdir(), 'udist-pipeline-'));
      caFile = path.join(work, 'ca.pem');
      writeFileSync(caFile, sim.ca);
      keyFile = path.join(work, 'key.json');
      writeFileSync(keyFile, sim.keyFile());
      s3 = new S3Client({ region: REGION, endpoint: moto.url, forcePathStyle: true });
      ssm = new SSMClient({ region: REGION, endpoint: fake.url });
    });
    after(async () => {
      s3?.destroy();
      ssm?.destroy();
      await fake?.stop();
      await moto?.stop();
      await sim?.close();
      if (work) rmSync(work, { recursive: true, force: true });
    });
    beforeEach(async () => {
      await moto.reset();
      fake.reset();
      sim.reset();
    });

    /** Starts the CLI publishing the original mapping; its output-dir, exit and stderr. */
    function publish(): {
      child: ChildProcess;
      out: string;
      exit: Promise<{ code: number | null; err: string }>;
    } {
      const out = path.join(work, `out-${++n}`);
      // Node itself, with tsx as a loader: the signal reaches the CLI's own handlers. The tsx CLI would
      // be a parent process that relays a signal and SIGKILLs the CLI when it has not acknowledged it
      // within 30 ms (a busy main thread, a loaded machine), so the CLI never cleans up.
      const child = spawn(
        NODE,
        [
          '--import',
          TSX_LOADER,
          path.join(ROOT, 'src/bin.ts'),
          '-c',
          keyFile,
          '--uptycs-api-url',
          sim.url,
          '--mapping',
          ORIGINAL,
          '-r',
          REGION,
          '--output-dir',
          out,
          '--cache',
          'false',
          '--debug',
        ],
        {
          cwd: work,
          env: {
            // The Node.js 24 of node_modules/.bin (the project's runtime).
            PATH: `${path.join(ROOT, 'node_modules/.bin')}:${process.env.PATH}`,
            HOME: work,
            NODE_EXTRA_CA_CERTS: caFile,
            AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID,
            AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY,
            AWS_EC2_METADATA_DISABLED: 'true',
            AWS_CONFIG_FILE: '/dev/null',
            AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
            AWS_ENDPOINT_URL: moto.url,
            AWS_ENDPOINT_URL_SSM: fake.url,
          },
          stdio: ['ignore', 'ignore', 'pipe'],
        },
      );
      let err = '';
      child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
      const exit = new Promise<{ code: number | null; err: string }>((resolve) =>
        child.on('close', (code) => resolve({ code, err })),
      );
      return { child, out, exit };
    }

    /** The keys under the version's prefix (none when the bucket does not exist). */
    async function keys(): Promise<string[]> {
      try {
        const r = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: PREFIX }));
        return (r.Contents ?? []).map((o) => o.Key!.slice(PREFIX.length)).sort();
      } catch {
        return [];
      }
    }

    /** Waits until S3 holds `count` zips of the version (the run is still going). */
    async function zipsInS3(count: number, exit: Promise<unknown>): Promise<string[]> {
      let ended = false;
      void exit.then(() => (ended = true));
      const deadline = Date.now() + 60_000;
      for (;;) {
        const zips = (await keys()).filter((k) => k.endsWith('.zip'));
        if (zips.length >= count) return zips;
        assert.ok(!ended, 'the run ended before the zips were in S3');
        assert.ok(Date.now() < deadline, `only ${zips.length} zips in S3 after 60 s`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }

    async function documentVersions(): Promise<string[]> {
      try {
        const r = await ssm.send(new ListDocumentVersionsCommand({ Name: NAME }));
        return (r.DocumentVersions ?? []).map((v) => `${v.DocumentVersion}:${v.VersionName}`);
      } catch {
        return [];
      }
    }

    async function incompleteUploads(): Promise<number> {
      try {
        return (await s3.send(new ListMultipartUploadsCommand({ Bucket: BUCKET }))).Uploads?.length ?? 0;
      } catch {
        return 0;
      }
    }

    /** Waits until the held download is asked for; fails with the run's output if the run ends first. */
    async function reached(
      hold: { reached: Promise<void> },
      exit: Promise<{ code: number | null; err: string }>,
    ): Promise<void> {
      const ended = await Promise.race([hold.reached.then(() => undefined), exit]);
      if (ended) assert.fail(`the run ended (${ended.code}) before downloading Windows:\n${ended.err}`);
    }

    const staging = () => readdirSync(work).filter((f) => f.includes('.partial-'));

    test('the zips of the installers that arrived are in S3 before the last installer is; the document comes last', async () => {
      const windows = sim.holdDownload('windows');
      const run = publish();
      await reached(windows, run.exit);
      // The four Linux installers arrive, are zipped and sent, while Windows is held.
      const early = await zipsInS3(4, run.exit);
      assert.equal(early.length, 4, early.join(', '));
      assert.ok(
        early.every((k) => !/WINDOWS/i.test(k)),
        early.join(', '),
      );
      assert.ok(!(await keys()).includes('manifest.json'), 'no manifest before every zip is built');
      assert.deepEqual(await documentVersions(), [], 'no document before every zip is in S3');
      assert.ok(!existsSync(run.out), 'output-dir is written whole, at the end');
      windows.release();
      const { code, err } = await run.exit;
      assert.equal(code, 0, err);
      assert.deepEqual(await documentVersions(), [`1:${VERSION}`]);
      const all = await keys();
      assert.equal(all.filter((k) => k.endsWith('.zip')).length, 5, all.join(', '));
      assert.ok(all.includes('manifest.json'));
      assert.deepEqual(
        readdirSync(run.out)
          .filter((f) => f.endsWith('.zip'))
          .sort(),
        all.filter((k) => k.endsWith('.zip')),
      );
      // Each zip was sent once, the four early ones while Windows was still on its way.
      for (const z of all.filter((k) => k.endsWith('.zip')))
        assert.equal(err.split(`${z}: uploaded`).length - 1, 1, `${z} uploaded once:\n${err}`);
      assert.match(
        err,
        /stage overlap: the package stage ran [\d.]+ m?s and the publish stage [\d.]+ m?s while installers were still arriving/,
      );
      assert.match(err, /stage timings: \{"plan":\{"startMs":\d+,"endMs":\d+\}/);
      assert.deepEqual(staging(), []);
    });

    test('a download that fails after zips were sent publishes nothing, says what it left, and the next run publishes', async () => {
      const windows = sim.holdDownload('windows');
      const run = publish();
      await reached(windows, run.exit);
      await zipsInS3(4, run.exit);
      sim.setFault('html', { os: 'windows' }); // every retry too
      windows.release('html');
      const { code, err } = await run.exit;
      assert.equal(code, 1, err);
      const errors = err.split('\n').filter((l) => l.startsWith('error:'));
      assert.equal(errors.length, 1, errors.join('\n'));
      assert.match(errors[0]!, /windows/i);
      assert.match(
        err,
        /4 zips were sent to s3:\/\/.+ before the build failed; no document names them, and the next run of 5\.10\.1\.3 keeps them \(same bytes\) or replaces them/,
      );
      assert.deepEqual(await documentVersions(), []);
      assert.ok(!(await keys()).includes('manifest.json'));
      assert.ok(!existsSync(run.out), 'no output-dir');
      assert.deepEqual(staging(), []);
      assert.equal(await incompleteUploads(), 0);

      sim.setFault(undefined);
      const again = publish();
      const second = await again.exit;
      assert.equal(second.code, 0, second.err);
      assert.deepEqual(await documentVersions(), [`1:${VERSION}`]);
      // The same bytes (the zips are reproducible): found there, not sent again.
      assert.equal(second.err.match(/already in s3:\/\/\S+ with the same SHA-256/g)?.length, 4, second.err);
    });

    test('a cancel while zips are being sent publishes nothing and leaves no staging folder', async () => {
      const windows = sim.holdDownload('windows');
      const run = publish();
      await reached(windows, run.exit);
      await zipsInS3(1, run.exit);
      run.child.kill('SIGTERM');
      const { code, err } = await run.exit;
      // The CLI's own exit after its cleanup (128 + 15), not a kill from outside.
      assert.equal(code, 143, err);
      assert.match(err, /cancelled \(SIGTERM\): aborting uploads in flight and removing partial output/);
      windows.release();
      assert.deepEqual(await documentVersions(), []);
      assert.ok(!(await keys()).includes('manifest.json'));
      assert.ok(!existsSync(run.out));
      assert.deepEqual(staging(), [], err);
      assert.equal(await incompleteUploads(), 0);
    });
  },
);
