/**
 * Safe to run unattended: the CLI publishes a real package (built from a real .rpm) against
 * moto_server, behind the SSM double (lost answers, throttling, Distributor's statuses), the STS
 * double and the S3 fault proxy. Each case of the table starts from a reset account, may publish
 * earlier versions first, injects one fault, runs the CLI once and checks its exit code, that it said
 * one clear error (or none), and what S3 and SSM hold afterwards: nothing half-published, every earlier
 * version still installable, the default never moved back, sharing exactly as asked.
 * Then cancels (SIGTERM/SIGINT) at each stage of a child process, and two runs at once.
 * One moto_server for the whole file, reset between cases.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  appendFileSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { after, before, beforeEach, describe, test } from 'node:test';
import {
  GetBucketLifecycleConfigurationCommand,
  GetObjectCommand,
  ListMultipartUploadsCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  DescribeDocumentCommand,
  DescribeDocumentPermissionCommand,
  GetDocumentCommand,
  SSMClient,
  UpdateDocumentCommand,
} from '@aws-sdk/client-ssm';
import { runCli } from '../src/cli.js';
import {
  startFakeSsm,
  startFakeSts,
  startS3Proxy,
  type FakeSsm,
  type FakeSts,
  type S3Proxy,
} from '../scripts/local-aws/fake-ssm.js';
import { buildRpm } from './helpers/installers.js';
import { motoAvailable, startMoto, type Moto } from '../scripts/local-aws/moto.js';
import { NODE, ROOT } from './helpers/runner.js';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const BUCKET = `uptycs-distributor-${ACCOUNT}-${REGION}`;
const NAME = 'UptycsAgent';
const A = '111111111111';
const B = '222222222222';
const FAST = {
  pollIntervalMs: 5,
  maxPollIntervalMs: 20,
  activeTimeoutMs: 3000,
  retryBaseMs: 5,
  maxAttempts: 3,
  // Three tries per object: two injected failures are survived however they fall on the files
  // uploaded side by side (both on one file, or one each).
  uploadAttempts: 3,
};

/** What S3 and SSM hold. */
interface State {
  /** "1:5.7.0.25", in order. */
  versions: string[];
  /** The default version's name ('' without a document). */
  defaultName: string;
  shared: string[];
  /** Version names whose every file is in S3 with the SHA-256 their manifest names. */
  installable: string[];
  /** Multipart uploads left incomplete in the bucket. */
  incompleteUploads: number;
}

describe(
  'unattended publishing: faults, lost answers, cancels, two runs (moto)',
  { skip: !motoAvailable() && 'moto_server is not installed' },
  () => {
    let moto: Moto;
    let fake: FakeSsm;
    let sts: FakeSts;
    let proxy: S3Proxy;
    let work: string;
    let mapping: string;
    /** agents-dir per build: "5.7.0.25", "5.8.0.1", "5.8.0.1-other" (same version, other bytes), "big". */
    const agents: Record<string, string> = {};
    let s3: S3Client;
    let ssm: SSMClient;

    const env = (): NodeJS.ProcessEnv => ({
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID,
      AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY,
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      AWS_ENDPOINT_URL: moto.url,
      AWS_ENDPOINT_URL_SSM: fake.url,
      AWS_ENDPOINT_URL_STS: sts.url,
      AWS_ENDPOINT_URL_S3: proxy.url,
    });

    function args(build: string, extra: string[] = []): string[] {
      const version = build.replace(/-.*/, '');
      return [
        '-d',
        '--agents-dir',
        agents[build]!,
        '--mapping',
        mapping,
        '-v',
        version,
        '--output-dir',
        path.join(work, `out-${build}-${Math.random().toString(36).slice(2)}`),
        ...extra,
      ];
    }

    /** Runs the CLI in this process: exit code, stderr lines, and its error lines. */
    async function cli(a: string[]): Promise<{ code: number; err: string; errors: string[] }> {
      const lines: string[] = [];
      const code = await runCli(a, {
        stdout: () => {},
        stderr: (s) => lines.push(s),
        cwd: work,
        env: env(),
        publishOptions: FAST,
      });
      // An error of several lines is written a line at a time: its indented lines continue it.
      const errors: string[] = [];
      let inError = false;
      for (const l of lines) {
        if (l.startsWith('error:')) errors.push(l);
        else if (inError && /^\s/.test(l)) errors[errors.length - 1] += `\n${l}`;
        inError = l.startsWith('error:') || (inError && /^\s/.test(l));
      }
      return { code, err: lines.join('\n'), errors };
    }

    async function sha(key: string): Promise<string | undefined> {
      try {
        const out = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
        const h = createHash('sha256');
        for await (const c of out.Body as Readable) h.update(c as Buffer);
        return h.digest('hex');
      } catch {
        return undefined;
      }
    }

    async function state(): Promise<State> {
      const s: State = { versions: [], defaultName: '', shared: [], installable: [], incompleteUploads: 0 };
      const head = await ssm.send(new DescribeDocumentCommand({ Name: NAME })).catch(() => undefined);
      if (head) {
        for (let v = 1; v <= Number(head.Document!.LatestVersion); v++) {
          const d = await ssm
            .send(new DescribeDocumentCommand({ Name: NAME, DocumentVersion: String(v) }))
            .catch(() => undefined);
          if (!d) continue;
          const name = d.Document!.VersionName!;
          s.versions.push(`${v}:${name}`);
          if (String(v) === head.Document!.DefaultVersion) s.defaultName = name;
          const content = (await ssm.send(new GetDocumentCommand({ Name: NAME, DocumentVersion: String(v) })))
            .Content!;
          const files = (JSON.parse(content) as { files: Record<string, { checksums: { sha256: string } }> })
            .files;
          const ok = await Promise.all(
            Object.entries(files).map(
              async ([f, c]) => (await sha(`uptycs/${NAME}/${name}/${f}`)) === c.checksums.sha256,
            ),
          );
          if (ok.every(Boolean)) s.installable.push(name);
        }
        const perm = await ssm.send(
          new DescribeDocumentPermissionCommand({ Name: NAME, PermissionType: 'Share' }),
        );
        s.shared = [...(perm.AccountIds ?? [])].sort();
      }
      const uploads = await s3
        .send(new ListMultipartUploadsCommand({ Bucket: BUCKET }))
        .catch(() => undefined);
      s.incompleteUploads = uploads?.Uploads?.length ?? 0;
      return s;
    }

    before(async () => {
      moto = await startMoto();
      fake = await startFakeSsm(moto.url);
      sts = await startFakeSts(moto.url);
      proxy = await startS3Proxy(moto.url);
      s3 = new S3Client({ region: REGION, endpoint: moto.url, forcePathStyle: true });
      ssm = new SSMClient({ region: REGION, endpoint: moto.url });
      work = mkdtempSync(path.join(tmpdir(), 'udist-faults-'));
      mapping = path.join(work, 'mapping.json');
      writeFileSync(
        mapping,
        JSON.stringify({
          linux: [
            {
              upt_package: 'centos',
              id: 'amzn',
              dir: 'UPT_A',
              name: 'amazon',
              major_version: '_any',
              minor_version: '',
              arch_type: 'x86_64',
            },
          ],
        }),
      );
      const lay = (key: string, version: string, pkg = 'uptycs-test-agent') => {
        agents[key] = path.join(work, `agents-${key}`);
        buildRpm({ pkg, version, arch: 'x86_64', outDir: path.join(agents[key], 'UPT_A') });
      };
      lay('5.7.0.25', '5.7.0.25');
      lay('5.8.0.1', '5.8.0.1');
      lay('5.8.0.1-other', '5.8.0.1', 'uptycs-other-agent');
      // Over the multipart threshold (64 MiB): a real rpm with incompressible bytes after it.
      agents.big = path.join(work, 'agents-big');
      const small = path.join(
        agents['5.8.0.1']!,
        'UPT_A',
        readdirSync(path.join(agents['5.8.0.1']!, 'UPT_A'))[0]!,
      );
      mkdirSync(path.join(agents.big, 'UPT_A'), { recursive: true });
      const big = path.join(agents.big, 'UPT_A', path.basename(small));
      copyFileSync(small, big);
      for (let i = 0; i < 9; i++) appendFileSync(big, randomBytes(8 * 1024 * 1024));
    });
    after(async () => {
      s3?.destroy();
      ssm?.destroy();
      await proxy?.stop();
      await sts?.stop();
      await fake?.stop();
      await moto?.stop();
      if (work) rmSync(work, { recursive: true, force: true });
    });
    beforeEach(async () => {
      await moto.reset();
      fake.reset();
      proxy.failWrites(0, 500, 'InternalError');
      proxy.loseWrites(0);
      sts.failNext('GetCallerIdentity', 0, 500, 'InternalFailure', '');
    });

    interface Case {
      name: string;
      /** Publishes first (each must succeed). */
      seed?: (() => string[])[];
      fault?: () => void;
      run: () => string[];
      code: number;
      /** The one error line (when code is not 0). */
      error?: RegExp;
      /** Said on stderr. */
      says?: RegExp;
      after: Partial<State>;
    }
    const published = () => args('5.7.0.25');
    const CASES: Case[] = [
      {
        name: 'S3 answers 500 to writes a few times: retried, published',
        seed: [published],
        fault: () => proxy.failWrites(2, 500, 'InternalError'),
        run: () => args('5.8.0.1'),
        code: 0,
        after: {
          versions: ['1:5.7.0.25', '2:5.8.0.1'],
          defaultName: '5.8.0.1',
          installable: ['5.7.0.25', '5.8.0.1'],
        },
      },
      {
        name: 'S3 refuses every write (403): one error naming the permission; the earlier version stays default and installable',
        seed: [published],
        fault: () => proxy.failWrites(1000, 403, 'AccessDenied'),
        run: () => args('5.8.0.1'),
        code: 1,
        error: /s3:PutObject/,
        after: { versions: ['1:5.7.0.25'], defaultName: '5.7.0.25', installable: ['5.7.0.25'] },
      },
      {
        name: 'S3 applies a write and its answer is lost: the retry finds our bytes, published',
        fault: () => proxy.loseWrites(1),
        run: () => args('5.7.0.25'),
        code: 0,
        after: { versions: ['1:5.7.0.25'], defaultName: '5.7.0.25', installable: ['5.7.0.25'] },
      },
      {
        name: 'STS fails every time: one error, nothing touched',
        seed: [published],
        fault: () => sts.failNext('GetCallerIdentity', 1000, 500, 'InternalFailure', 'injected'),
        run: () => args('5.8.0.1'),
        code: 1,
        error: /GetCallerIdentity|credentials|STS/i,
        after: { versions: ['1:5.7.0.25'], defaultName: '5.7.0.25', installable: ['5.7.0.25'] },
      },
      {
        name: 'SSM throttles ListDocumentVersions without end: one error, nothing uploaded or created',
        seed: [published],
        fault: () => fake.failNext('ListDocumentVersions', 1000, 400, 'ThrottlingException', 'Rate exceeded'),
        run: () => args('5.8.0.1'),
        code: 1,
        error: /ListDocumentVersions.*ThrottlingException/,
        after: { versions: ['1:5.7.0.25'], defaultName: '5.7.0.25', installable: ['5.7.0.25'] },
      },
      {
        name: 'CreateDocument applied, answer lost (500): read back, carried on, default and sharing set',
        fault: () => fake.loseAnswer('CreateDocument', 1, 500),
        run: () => args('5.7.0.25', ['--share-with-accounts', A]),
        code: 0,
        says: /CreateDocument of UptycsAgent 5\.7\.0\.25 answered .* but SSM holds the version with this manifest/,
        after: { versions: ['1:5.7.0.25'], defaultName: '5.7.0.25', shared: [A], installable: ['5.7.0.25'] },
      },
      {
        name: 'UpdateDocument applied, connection reset: read back, carried on, default and sharing set',
        seed: [published],
        fault: () => fake.loseAnswer('UpdateDocument', 1, 'reset'),
        run: () => args('5.8.0.1', ['--share-with-accounts', A]),
        code: 0,
        says: /UpdateDocument of UptycsAgent 5\.8\.0\.1 answered .* carrying on/,
        after: {
          versions: ['1:5.7.0.25', '2:5.8.0.1'],
          defaultName: '5.8.0.1',
          shared: [A],
          installable: ['5.7.0.25', '5.8.0.1'],
        },
      },
      {
        name: 'someone else adds the same version with other content at the same time: one error, theirs is kept',
        seed: [published],
        fault: () =>
          fake.hook('UpdateDocument', async (body) => {
            if (String(body.Content).includes('theirs')) return;
            const content = JSON.parse(String(body.Content)) as Record<string, unknown>;
            await ssm.send(
              new UpdateDocumentCommand({
                Name: NAME,
                DocumentVersion: '$LATEST',
                VersionName: '5.8.0.1',
                DocumentFormat: 'JSON',
                Content: JSON.stringify({ ...content, description: 'theirs' }),
              }),
            );
          }),
        run: () => args('5.8.0.1'),
        code: 1,
        error: /version 5\.8\.0\.1 was created by someone else at the same time, with other content/,
        after: { versions: ['1:5.7.0.25', '2:5.8.0.1'], defaultName: '5.7.0.25' },
      },
      {
        name: 'ModifyDocumentPermission applied, answer lost: sharing still ends as asked',
        seed: [published],
        fault: () => fake.loseAnswer('ModifyDocumentPermission', 1, 500),
        run: () => args('5.8.0.1', ['--share-with-accounts', `${A},${B}`]),
        code: 0,
        after: { defaultName: '5.8.0.1', shared: [A, B] },
      },
      {
        name: 'Distributor fails the new version: one error with the cause; the default stays on the earlier version',
        seed: [published],
        fault: () =>
          fake.distributor({
            creatingPolls: 1,
            outcome: 'Failed',
            statusInformation: 'checksum mismatch for a file',
          }),
        run: () => args('5.8.0.1'),
        code: 1,
        error: /the document version failed: checksum mismatch/,
        after: { defaultName: '5.7.0.25', installable: ['5.7.0.25', '5.8.0.1'] },
      },
      {
        name: 'sharing follows the input: public, then nothing (removed, and the log says not shared)',
        seed: [() => args('5.7.0.25', ['--share-with-accounts', 'all', '--allow-public-sharing'])],
        run: () => args('5.8.0.1'),
        code: 0,
        says: /no longer shared with all[\s\S]*UptycsAgent is not shared with other accounts/,
        after: { shared: [], defaultName: '5.8.0.1' },
      },
      {
        name: 'accounts dropped from the input are removed from the document (also on a re-run of the same version)',
        seed: [() => args('5.7.0.25', ['--share-with-accounts', `${A} ${B}`])],
        run: () => args('5.7.0.25', ['--share-with-accounts', B]),
        code: 0,
        says: /no longer shared with 111111111111/,
        after: { shared: [B], versions: ['1:5.7.0.25'] },
      },
      {
        name: '"all" without allow-public-sharing is refused before any AWS call',
        run: () => args('5.7.0.25', ['--share-with-accounts', 'all']),
        code: 1,
        error: /--share-with-accounts: "all" would make the document public.*--allow-public-sharing/,
        after: { versions: [], shared: [] },
      },
      {
        name: 'an s3-prefix without {version} is refused before any AWS call',
        run: () => args('5.7.0.25', ['--s3-prefix', 'uptycs/{package-name}/']),
        code: 1,
        error: /--s3-prefix: "uptycs\/\{package-name\}\/" has no \{version\}/,
        after: { versions: [] },
      },
      {
        name: 're-running an older version never takes the default back from a newer one',
        seed: [published, () => args('5.8.0.1')],
        run: () => args('5.7.0.25'),
        code: 0,
        says: /default version of UptycsAgent stays 2 \(5\.8\.0\.1\): the default never moves back/,
        after: {
          versions: ['1:5.7.0.25', '2:5.8.0.1'],
          defaultName: '5.8.0.1',
          installable: ['5.7.0.25', '5.8.0.1'],
        },
      },
      {
        name: 'objects a refused run left (no version points at them) are replaced by the next build',
        seed: [published],
        fault: () => fake.failNext('UpdateDocument', 1, 400, 'InvalidDocumentContent', 'refused once'),
        run: () => args('5.8.0.1'),
        code: 1,
        error: /Distributor rejected the manifest/,
        after: { versions: ['1:5.7.0.25'], defaultName: '5.7.0.25' },
      },
    ];

    for (const c of CASES)
      test(c.name, async () => {
        for (const seed of c.seed ?? []) {
          const r = await cli(seed());
          assert.equal(r.code, 0, `seed run: ${r.err}`);
        }
        const callsBefore = fake.calls.length;
        c.fault?.();
        const r = await cli(c.run());
        assert.equal(r.code, c.code, r.err);
        if (c.code === 0) assert.deepEqual(r.errors, [], r.err);
        else {
          assert.equal(r.errors.length, 1, `one clear error:\n${r.errors.join('\n')}`);
          assert.match(r.errors[0]!, c.error!);
        }
        if (c.says) assert.match(r.err, c.says);
        const s = await state();
        for (const [k, v] of Object.entries(c.after))
          assert.deepEqual(s[k as keyof State], v, `${k}: ${JSON.stringify(s)}`);
        assert.equal(s.incompleteUploads, 0);
        if (/before any AWS call/.test(c.name)) assert.equal(fake.calls.length, callsBefore);
      });

    test('after a refused run, the next build of the same version replaces what it left and publishes', async () => {
      assert.equal((await cli(args('5.7.0.25'))).code, 0);
      fake.failNext('UpdateDocument', 1, 400, 'InvalidDocumentContent', 'refused once');
      assert.equal((await cli(args('5.8.0.1'))).code, 1);
      const r = await cli(args('5.8.0.1-other'));
      assert.equal(r.code, 0, r.err);
      assert.match(r.err, /no document version points at .*replacing it/);
      assert.doesNotMatch(r.err, /Choose a new package-version/);
      const s = await state();
      assert.deepEqual(s.versions, ['1:5.7.0.25', '2:5.8.0.1']);
      assert.deepEqual(s.installable, ['5.7.0.25', '5.8.0.1']);
    });

    test('an orphaned object is replaced only while it is the object read (If-Match): a writer in between wins', async () => {
      assert.equal((await cli(args('5.7.0.25'))).code, 0);
      fake.failNext('UpdateDocument', 1, 400, 'InvalidDocumentContent', 'refused once');
      assert.equal((await cli(args('5.8.0.1'))).code, 1);
      const key = `uptycs/${NAME}/5.8.0.1/UPT_A-5.8.0.1.zip`;
      proxy.beforeWrite(BUCKET, key, async () => {
        await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: 'theirs' }));
      });
      const r = await cli(args('5.8.0.1-other'));
      assert.equal(r.code, 1, r.err);
      assert.equal(r.errors.length, 1, r.errors.join('\n'));
      assert.match(
        r.errors[0]!,
        /written by someone else while this run was uploading UPT_A-5\.8\.0\.1\.zip/,
      );
      assert.equal(await sha(key), createHash('sha256').update('theirs').digest('hex'));
      const s = await state();
      assert.deepEqual(s.versions, ['1:5.7.0.25']);
      assert.equal(s.defaultName, '5.7.0.25');
    });

    test('a bucket the action creates aborts incomplete multipart uploads after a day', async () => {
      assert.equal((await cli(args('5.7.0.25'))).code, 0);
      const lc = await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: BUCKET }));
      assert.deepEqual(
        lc.Rules?.map((r) => [r.Status, r.AbortIncompleteMultipartUpload?.DaysAfterInitiation]),
        [['Enabled', 1]],
      );
    });

    test('two runs of the same version at once: both succeed, one version, default and sharing as asked', async () => {
      assert.equal((await cli(args('5.7.0.25'))).code, 0);
      const [r1, r2] = await Promise.all([
        cli(args('5.8.0.1', ['--share-with-accounts', A])),
        cli(args('5.8.0.1', ['--share-with-accounts', A])),
      ]);
      assert.equal(r1.code, 0, r1.err);
      assert.equal(r2.code, 0, r2.err);
      const s = await state();
      assert.deepEqual(s.versions, ['1:5.7.0.25', '2:5.8.0.1']);
      assert.equal(s.defaultName, '5.8.0.1');
      assert.deepEqual(s.shared, [A]);
      assert.deepEqual(s.installable, ['5.7.0.25', '5.8.0.1']);
    });

    /** Runs the CLI as its own process (src/bin.ts through tsx) and signals it when `when` sees a line. */
    async function cancelled(
      a: string[],
      signal: NodeJS.Signals,
      when: (line: string, kill: () => void) => void,
    ) {
      const child = spawn(NODE, ['--import', 'tsx', path.join(ROOT, 'src/bin.ts'), ...a], {
        cwd: ROOT,
        env: env(),
      });
      let err = '';
      const kill = () => child.kill(signal);
      child.stderr.on('data', (c: Buffer) => {
        const text = c.toString();
        err += text;
        for (const line of text.split('\n')) when(line, kill);
      });
      child.stdout.resume();
      const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
      return { code, err };
    }

    test('cancel while zipping (SIGTERM): exits 143 at once, no partial folder, nothing published', async () => {
      const out = path.join(work, 'cancel-package');
      const a = [
        '-d',
        '--agents-dir',
        agents.big!,
        '--mapping',
        mapping,
        '-v',
        '5.8.0.1',
        '--output-dir',
        out,
      ];
      let sent = false;
      const r = await cancelled(a, 'SIGTERM', (line, kill) => {
        if (sent || !line.includes('── Package')) return;
        sent = true;
        kill();
      });
      assert.equal(r.code, 143, r.err);
      assert.match(r.err, /cancelled \(SIGTERM\)/);
      assert.ok(
        !readdirSync(work).some((n) => n.startsWith('cancel-package.partial-')),
        'no .partial-* folder left',
      );
      assert.ok(!existsSync(out), 'no package');
      assert.deepEqual((await state()).versions, []);
    });

    test('cancel during a multipart upload (SIGINT): the upload is aborted, nothing published, the re-run converges', async () => {
      assert.equal((await cli(args('5.7.0.25'))).code, 0);
      const out = path.join(work, 'cancel-upload');
      const a = [
        '-d',
        '--agents-dir',
        agents.big!,
        '--mapping',
        mapping,
        '-v',
        '5.8.0.1',
        '--output-dir',
        out,
      ];
      let child: { kill: () => void } | undefined;
      const release = proxy.holdParts(() => child?.kill());
      const r = await cancelled(a, 'SIGINT', (_line, kill) => (child = { kill }));
      release();
      assert.equal(r.code, 130, r.err);
      assert.match(r.err, /cancelled \(SIGINT\)/);
      const s = await state();
      assert.equal(s.incompleteUploads, 0, 'no incomplete multipart upload left');
      assert.deepEqual(s.versions, ['1:5.7.0.25']);
      assert.equal(s.defaultName, '5.7.0.25');
      const again = await cli([
        '-d',
        '--agents-dir',
        agents.big!,
        '--mapping',
        mapping,
        '-v',
        '5.8.0.1',
        '--output-dir',
        out,
      ]);
      assert.equal(again.code, 0, again.err);
      const after2 = await state();
      assert.equal(after2.incompleteUploads, 0);
      assert.deepEqual(after2.installable, ['5.7.0.25', '5.8.0.1']);
    });

    test('cancel while Distributor is still Creating (SIGTERM): the re-run waits for it and makes it the default', async () => {
      assert.equal((await cli(args('5.7.0.25'))).code, 0);
      fake.distributor({ creatingPolls: 1_000_000, outcome: 'Active' });
      let sent = false;
      const r = await cancelled(args('5.8.0.1'), 'SIGTERM', (line, kill) => {
        if (sent || !/version 2: Creating/.test(line)) return;
        sent = true;
        kill();
      });
      assert.equal(r.code, 143, r.err);
      assert.equal(
        (await state()).defaultName,
        '5.7.0.25',
        'a version not yet Active never becomes the default',
      );
      fake.distributor({ creatingPolls: 0, outcome: 'Active' });
      fake.reset();
      const again = await cli(args('5.8.0.1'));
      assert.equal(again.code, 0, again.err);
      const s = await state();
      assert.deepEqual(s.versions, ['1:5.7.0.25', '2:5.8.0.1']);
      assert.equal(s.defaultName, '5.8.0.1');
    });
  },
);
