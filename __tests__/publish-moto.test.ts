/**
 * Publishing with the real AWS SDK against moto_server (S3, SSM documents, STS), with the fake SSM
 * endpoint in front of moto only for what moto lacks (ListDocumentVersions). Distributor's
 * asynchronous statuses and throttling are in publish-distributor.test.ts.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import {
  CreateBucketCommand,
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  GetBucketOwnershipControlsCommand,
  GetObjectCommand,
  GetPublicAccessBlockCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  CreateDocumentCommand,
  DescribeDocumentCommand,
  DescribeDocumentPermissionCommand,
  GetDocumentCommand,
  SSMClient,
  UpdateDocumentCommand,
} from '@aws-sdk/client-ssm';
import type { Readable } from 'node:stream';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { isUserError } from '../src/common/errors.js';
import { publishError, publishOutputs, publishPackage, publishStage } from '../src/publish/index.js';
import { sha256Base64 } from '../src/publish/plan.js';
import { takeClaim } from '../src/publish/claim.js';
import {
  startFakeSsm,
  startFakeSts,
  startS3Proxy,
  type FakeSsm,
  type FakeSts,
} from '../scripts/local-aws/fake-ssm.js';
import { motoAvailable, startMoto, type Moto } from '../scripts/local-aws/moto.js';
import { FAST, cleanupFixtures, makeInputs, makePackage, memoryLog } from './helpers/publish-fixture.js';

const ACCOUNT = '123456789012';
const bucketOf = (region: string, account = ACCOUNT) => `uptycs-distributor-${account}-${region}`;

describe('publish to AWS (moto)', { skip: !motoAvailable() && 'moto_server is not installed' }, () => {
  let moto: Moto;
  let fake: FakeSsm;
  let sts: FakeSts;
  const clients: { destroy(): void }[] = [];

  before(async () => {
    moto = await startMoto();
    fake = await startFakeSsm(moto.url);
    sts = await startFakeSts(moto.url);
  });
  after(async () => {
    await sts?.stop();
    await fake?.stop();
    await moto?.stop();
    cleanupFixtures();
  });
  beforeEach(async () => {
    await moto.reset();
    fake.reset();
    sts.calls.length = 0;
  });
  afterEach(() => {
    for (const c of clients.splice(0)) c.destroy();
  });

  const env = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
    ...process.env,
    AWS_ENDPOINT_URL: moto.url,
    AWS_ENDPOINT_URL_SSM: fake.url,
    ...extra,
  });
  const s3 = (region = 'us-east-1') => {
    const c = new S3Client({ region, endpoint: moto.url, forcePathStyle: true });
    clients.push(c);
    return c;
  };
  /** Straight to moto: setting up state is not part of what is observed. */
  const ssm = (region = 'us-east-1') => {
    const c = new SSMClient({ region, endpoint: moto.url });
    clients.push(c);
    return c;
  };
  const deps = (log = memoryLog(), extra: Record<string, string> = {}) => ({
    log,
    env: env(extra),
    options: FAST,
  });

  async function listKeys(bucket: string, region = 'us-east-1'): Promise<string[]> {
    const out = await s3(region).send(new ListObjectsV2Command({ Bucket: bucket }));
    return (out.Contents ?? []).map((o) => o.Key!).sort();
  }
  async function objectSha(bucket: string, key: string, region = 'us-east-1'): Promise<string> {
    const out = await s3(region).send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const h = createHash('sha256');
    for await (const c of out.Body as Readable) h.update(c as Buffer);
    return h.digest('hex');
  }
  async function versionsOf(
    name: string,
    region = 'us-east-1',
  ): Promise<{ latest: string; default: string }> {
    const d = await ssm(region).send(new DescribeDocumentCommand({ Name: name }));
    return { latest: d.Document!.LatestVersion!, default: d.Document!.DefaultVersion! };
  }
  async function versionNames(name: string, region = 'us-east-1'): Promise<string[]> {
    const { latest } = await versionsOf(name, region);
    const c = ssm(region);
    const all = await Promise.all(
      Array.from({ length: Number(latest) }, (_, i) =>
        c
          .send(new DescribeDocumentCommand({ Name: name, DocumentVersion: String(i + 1) }))
          .catch(() => undefined),
      ),
    );
    return all.flatMap((d, i) => (d ? [`${i + 1}:${d.Document!.VersionName}`] : []));
  }

  test('first publish: creates the bucket, uploads with checksums, then creates the document', async () => {
    const region = 'eu-west-1';
    const pkg = makePackage('5.7.0.25');
    const bucket = bucketOf(region);
    const prefix = 'uptycs/UptycsAgent/5.7.0.25/';
    // At CreateDocument time every file must already be in S3, complete.
    let keysAtCreate: string[] = [];
    fake.hook('CreateDocument', async () => {
      keysAtCreate = await listKeys(bucket, region);
    });
    const log = memoryLog();
    const results = await publishPackage(pkg, makeInputs({ awsRegions: [region] }), deps(log));
    assert.equal(results.length, 1);
    const r = results[0]!;
    assert.equal(r.ok, true, r.error);
    assert.equal(r.account, ACCOUNT);
    assert.equal(r.bucket, bucket);
    assert.equal(r.prefix, prefix);
    assert.equal(r.s3Uri, `s3://${bucket}/uptycs/UptycsAgent/5.7.0.25`);
    assert.equal(r.documentName, 'UptycsAgent');
    assert.equal(r.documentVersion, '1');
    assert.equal(r.documentArn, `arn:aws:ssm:${region}:${ACCOUNT}:document/UptycsAgent`);
    assert.equal(r.status, 'Active');
    assert.equal(r.alreadyPublished, false);
    assert.equal(r.defaultVersion, true);
    assert.deepEqual(r.uploadedFiles.sort(), [...pkg.files.map((f) => f.name), 'manifest.json'].sort());
    assert.equal(r.uploadedBytes, 3000 + 5000 + Buffer.byteLength(pkg.manifestText));
    assert.deepEqual(r.skippedFiles, []);
    assert.match(log.text(), new RegExp(`AWS account ${ACCOUNT}`));
    // For the summary's review: who published (as STS names the caller), the bucket as this run made
    // it (read back from S3 below), and no earlier default (there was no document).
    const whoami = new STSClient({ region, endpoint: moto.url });
    clients.push(whoami);
    assert.equal(r.publishedBy, (await whoami.send(new GetCallerIdentityCommand({}))).Arn);
    assert.deepEqual(r.bucketSettings, {
      how: 'created',
      created: true,
      publicAccessBlocked: true,
      encryption: 'AES256',
      ownerEnforced: true,
      abortsIncompleteUploads: true,
      repaired: [],
    });
    assert.equal(r.previousDefault, undefined);

    const expectedKeys = [...pkg.files.map((f) => prefix + f.name), `${prefix}manifest.json`].sort();
    // The folder's claim (claim.ts) is held while the document is created, and given up once it is Active.
    assert.deepEqual(
      keysAtCreate,
      [...expectedKeys, 'uptycs/UptycsAgent/5.7.0.25.claim'].sort(),
      'all files were in S3 before CreateDocument',
    );
    assert.deepEqual(await listKeys(bucket, region), expectedKeys);

    // The bucket: in its region, private, encrypted, bucket owner enforced.
    const c = s3(region);
    assert.equal((await c.send(new GetBucketLocationCommand({ Bucket: bucket }))).LocationConstraint, region);
    const pab = (await c.send(new GetPublicAccessBlockCommand({ Bucket: bucket })))
      .PublicAccessBlockConfiguration!;
    assert.deepEqual(
      [pab.BlockPublicAcls, pab.IgnorePublicAcls, pab.BlockPublicPolicy, pab.RestrictPublicBuckets],
      [true, true, true, true],
    );
    const enc = await c.send(new GetBucketEncryptionCommand({ Bucket: bucket }));
    assert.equal(
      enc.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm,
      'AES256',
    );
    const own = await c.send(new GetBucketOwnershipControlsCommand({ Bucket: bucket }));
    assert.equal(own.OwnershipControls?.Rules?.[0]?.ObjectOwnership, 'BucketOwnerEnforced');

    // Every object carries the SHA-256 S3 was told to check, and holds the file's bytes.
    for (const f of pkg.files) {
      const head = await c.send(
        new HeadObjectCommand({ Bucket: bucket, Key: prefix + f.name, ChecksumMode: 'ENABLED' }),
      );
      assert.equal(head.ChecksumSHA256, sha256Base64(f.sha256));
      assert.equal(head.Metadata?.sha256, f.sha256);
      assert.equal(await objectSha(bucket, prefix + f.name, region), f.sha256);
    }

    // The document: Package, JSON, named by the version, content = manifest bytes, SourceUrl attached.
    const create = fake.calls.find((x) => x.action === 'CreateDocument')!;
    assert.equal(create.body.DocumentType, 'Package');
    assert.equal(create.body.DocumentFormat, 'JSON');
    assert.equal(create.body.VersionName, '5.7.0.25');
    assert.equal(create.body.Content, pkg.manifestText);
    assert.deepEqual(create.body.Attachments, [{ Key: 'SourceUrl', Values: [r.s3Uri] }]);
    const doc = await ssm(region).send(new GetDocumentCommand({ Name: 'UptycsAgent' }));
    assert.equal(doc.Content, pkg.manifestText);
    assert.equal(doc.VersionName, '5.7.0.25');
    assert.equal(doc.DocumentType, 'Package');
  });

  test('second version: UpdateDocument on $LATEST with attachments, becomes default, old files untouched', async () => {
    const inputs = makeInputs();
    const v1 = makePackage('1.0.0');
    const r1 = (await publishPackage(v1, inputs, deps()))[0]!;
    assert.equal(r1.ok, true, r1.error);
    const bucket = bucketOf('us-east-1');
    const before = await Promise.all(
      v1.files.map((f) => objectSha(bucket, `uptycs/UptycsAgent/1.0.0/${f.name}`)),
    );

    const v2 = makePackage('1.1.0');
    const r2 = (await publishPackage(v2, inputs, deps()))[0]!;
    assert.equal(r2.ok, true, r2.error);
    assert.equal(r2.documentVersion, '2');
    assert.equal(r2.defaultVersion, true);
    assert.deepEqual(r2.previousDefault, { documentVersion: '1', versionName: '1.0.0' });
    assert.deepEqual(
      r2.bucketSettings,
      {
        how: 'verified',
        created: false,
        publicAccessBlocked: true,
        encryption: 'AES256',
        ownerEnforced: true,
        abortsIncompleteUploads: true,
        repaired: [],
      },
      'the bucket existed: read back (issue 30), nothing to repair',
    );
    assert.equal(r2.s3Uri, `s3://${bucket}/uptycs/UptycsAgent/1.1.0`);
    const update = fake.calls.find((x) => x.action === 'UpdateDocument')!;
    assert.equal(update.body.DocumentVersion, '$LATEST');
    assert.equal(update.body.VersionName, '1.1.0');
    assert.deepEqual(update.body.Attachments, [{ Key: 'SourceUrl', Values: [r2.s3Uri] }]);
    assert.deepEqual(await versionsOf('UptycsAgent'), { latest: '2', default: '2' });
    assert.deepEqual(await versionNames('UptycsAgent'), ['1:1.0.0', '2:1.1.0']);
    const afterSha = await Promise.all(
      v1.files.map((f) => objectSha(bucket, `uptycs/UptycsAgent/1.0.0/${f.name}`)),
    );
    assert.deepEqual(afterSha, before);
    assert.deepEqual(
      before,
      v1.files.map((f) => f.sha256),
    );
  });

  test('set-default-version false keeps the default', async () => {
    const inputs = makeInputs({ setDefaultVersion: false });
    assert.equal((await publishPackage(makePackage('1.0.0'), inputs, deps()))[0]!.defaultVersion, true);
    const r = (await publishPackage(makePackage('1.1.0'), inputs, deps()))[0]!;
    assert.equal(r.ok, true, r.error);
    assert.equal(r.defaultVersion, false);
    assert.deepEqual(r.previousDefault, { documentVersion: '1', versionName: '1.0.0' });
    assert.deepEqual(await versionsOf('UptycsAgent'), { latest: '2', default: '1' });
    assert.equal(fake.count('UpdateDocumentDefaultVersion'), 0);
  });

  test('re-run of the same version: already published, no new version, no upload', async () => {
    const inputs = makeInputs();
    const pkg = makePackage('2.0.0');
    assert.equal((await publishPackage(pkg, inputs, deps()))[0]!.ok, true);
    fake.reset();
    // Rebuilt identically (same bytes) in a fresh folder, as a re-run of the workflow would.
    const again = makePackage('2.0.0');
    assert.equal(again.manifestText, pkg.manifestText);
    const log = memoryLog();
    const r = (await publishPackage(again, inputs, deps(log)))[0]!;
    assert.equal(r.ok, true, r.error);
    assert.equal(r.alreadyPublished, true);
    assert.equal(r.documentVersion, '1');
    assert.equal(r.status, 'Active');
    assert.deepEqual(r.uploadedFiles, []);
    assert.equal(r.uploadedBytes, 0);
    assert.equal(fake.count('CreateDocument') + fake.count('UpdateDocument'), 0);
    assert.deepEqual(await versionsOf('UptycsAgent'), { latest: '1', default: '1' });
    assert.match(log.text(), /already published/);
    assert.equal(publishError([r]), undefined);
  });

  test('same version with different content: refused, nothing changed', async () => {
    const inputs = makeInputs();
    const first = makePackage('3.0.0', { salt: 'a' });
    assert.equal((await publishPackage(first, inputs, deps()))[0]!.ok, true);
    const bucket = bucketOf('us-east-1');
    const keys = await listKeys(bucket);
    fake.reset();

    const other = makePackage('3.0.0', { salt: 'b' });
    const r = (await publishPackage(other, inputs, deps()))[0]!;
    assert.equal(r.ok, false);
    assert.match(r.error!, /⦃version-name⦄/);
    assert.match(r.error!, /different/);
    assert.match(r.error!, /under a new version name, e\.g\. ⦃version-name=3\.0\.0-2⦄/);
    assert.equal(
      fake.count('CreateDocument') + fake.count('UpdateDocument') + fake.count('DeleteDocument'),
      0,
    );
    assert.deepEqual(await versionsOf('UptycsAgent'), { latest: '1', default: '1' });
    const doc = await ssm().send(new GetDocumentCommand({ Name: 'UptycsAgent' }));
    assert.equal(doc.Content, first.manifestText);
    assert.deepEqual(await listKeys(bucket), keys);
    for (const f of first.files)
      assert.equal(
        await objectSha(bucket, `uptycs/UptycsAgent/3.0.0/${f.name}`),
        f.sha256,
        'objects not overwritten',
      );
    const err = publishError([r]);
    assert.match(err!.message, /1 of 1 region/);
    assert.match(err!.message, /us-east-1: /);
  });

  test('objects no document version points at (a run SSM refused) are replaced, only while unchanged', async () => {
    const pkg = makePackage('4.0.0');
    const bucket = bucketOf('us-east-1');
    await s3().send(new CreateBucketCommand({ Bucket: bucket }));
    const key = `uptycs/UptycsAgent/4.0.0/${pkg.files[1]!.name}`;
    await s3().send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'left by a run SSM refused' }));
    const log = memoryLog();
    const r = (await publishPackage(pkg, makeInputs(), deps(log)))[0]!;
    assert.equal(r.ok, true, r.error);
    assert.match(log.text(), /no document version points at .*replacing it/);
    assert.equal(await objectSha(bucket, key), pkg.files[1]!.sha256);
    assert.equal(fake.count('CreateDocument'), 1);
    assert.deepEqual(await versionNames('UptycsAgent'), ['1:4.0.0']);
  });

  test('a shared bucket: a later run in another region never replaces what an earlier run published elsewhere', async () => {
    const bucket = 'shared-packages-bucket-2';
    await s3().send(new CreateBucketCommand({ Bucket: bucket }));
    const first = makePackage('4.2.0');
    const r1 = await publishPackage(
      first,
      makeInputs({ s3Bucket: bucket, awsRegions: ['eu-west-1'] }),
      deps(),
    );
    assert.equal(r1[0]!.ok, true, r1[0]!.error);
    // A later run publishes the same version name, built differently, to us-east-1 only: us-east-1 has
    // no document version of it, but eu-west-1's document names these objects.
    const other = makePackage('4.2.0', { salt: 'a later build' });
    const log = memoryLog();
    const r = (
      await publishPackage(other, makeInputs({ s3Bucket: bucket, awsRegions: ['us-east-1'] }), deps(log))
    )[0]!;
    assert.equal(r.ok, false);
    assert.match(r.error!, /already holds a different .*⦃s3-bucket⦄ has no \{region\}/);
    assert.doesNotMatch(log.text(), /replacing it/);
    for (const f of first.files)
      assert.equal(
        await objectSha(bucket, `uptycs/UptycsAgent/4.2.0/${f.name}`),
        f.sha256,
        'eu-west-1’s files kept',
      );
  });

  test('an object another region of the run published (one bucket) is never overwritten: the error says so', async () => {
    const bucket = 'shared-packages-bucket';
    await s3().send(new CreateBucketCommand({ Bucket: bucket }));
    const first = makePackage('4.1.0');
    const r1 = await publishPackage(
      first,
      makeInputs({ s3Bucket: bucket, awsRegions: ['eu-west-1'] }),
      deps(),
    );
    assert.equal(r1[0]!.ok, true, r1[0]!.error);
    const other = makePackage('4.1.0', { salt: 'other build' });
    const r = (
      await publishPackage(
        other,
        makeInputs({ s3Bucket: bucket, awsRegions: ['us-east-1', 'eu-west-1'] }),
        deps(),
      )
    )[0]!;
    assert.equal(r.ok, false);
    assert.match(r.error!, /already holds a different .* already published with other content/);
    assert.match(r.error!, /⦃version-name=4\.1\.0-2⦄/);
    // Issue 27 defect 7: the mismatch names the object to remove, should it be the one that changed.
    assert.match(
      r.error!,
      // The object that conflicted first (uploads run side by side: a zip or manifest.json).
      /(s3:\/\/shared-packages-bucket\/uptycs\/UptycsAgent\/4\.1\.0\/\S+) already holds .*remove it \(aws s3 rm \1\) and run again/,
    );
    assert.equal(
      await objectSha(bucket, `uptycs/UptycsAgent/4.1.0/${first.files[0]!.name}`),
      first.files[0]!.sha256,
    );
    await assert.rejects(ssm().send(new DescribeDocumentCommand({ Name: 'UptycsAgent' })), /does not exist/);
  });

  test('another writer gets to a key between our check and our write: its object is never replaced', async () => {
    const proxy = await startS3Proxy(moto.url);
    try {
      const MiB = 1024 * 1024;
      const pkg = makePackage('4.2.0', { sizes: [6 * MiB, 2000] });
      const bucket = bucketOf('us-east-1');
      const [big, small] = pkg.files.map((f) => `uptycs/UptycsAgent/4.2.0/${f.name}`);
      // The small file: someone writes the same bytes first (fine). The big one: other bytes (refused).
      proxy.beforeWrite(bucket, small!, async () => {
        const { readFileSync } = await import('node:fs');
        await s3().send(
          new PutObjectCommand({ Bucket: bucket, Key: small, Body: readFileSync(pkg.files[1]!.path) }),
        );
      });
      proxy.beforeWrite(bucket, big!, async () => {
        await s3().send(new PutObjectCommand({ Bucket: bucket, Key: big, Body: 'theirs' }));
      });
      const r = (
        await publishPackage(pkg, makeInputs(), {
          ...deps(memoryLog(), { AWS_ENDPOINT_URL_S3: proxy.url }),
          options: { ...FAST, multipartThreshold: 5 * MiB, partSize: 5 * MiB, fileConcurrency: 1 },
        })
      )[0]!;
      assert.equal(r.ok, false);
      assert.match(r.error!, /written by someone else while this run was uploading UPT_TEST_0-4\.2\.0\.zip/);
      assert.equal(await objectSha(bucket, big!), createHash('sha256').update('theirs').digest('hex'));
      assert.equal(fake.count('CreateDocument'), 0);

      // Same bytes written by the other writer count as already there.
      const pkg2 = makePackage('4.3.0');
      const key = `uptycs/UptycsAgent/4.3.0/${pkg2.files[0]!.name}`;
      proxy.beforeWrite(bucket, key, async () => {
        const { readFileSync } = await import('node:fs');
        await s3().send(
          new PutObjectCommand({ Bucket: bucket, Key: key, Body: readFileSync(pkg2.files[0]!.path) }),
        );
      });
      const r2 = (
        await publishPackage(pkg2, makeInputs(), deps(memoryLog(), { AWS_ENDPOINT_URL_S3: proxy.url }))
      )[0]!;
      assert.equal(r2.ok, true, r2.error);
      assert.deepEqual(r2.skippedFiles, [pkg2.files[0]!.name]);
    } finally {
      await proxy.stop();
    }
  });

  /** Resolves once `ok()` holds (polled). */
  const until = async (ok: () => boolean) => {
    while (!ok()) await new Promise((r) => setTimeout(r, 5));
  };

  /**
   * Two runs of version V with other bytes: the first is paused just before it reads its first key
   * (it has looked at the document and decided what it may replace), and the other goes as far as it
   * can meanwhile. Exactly one must win, its document's files byte for byte its own.
   */
  async function twoRuns(V: string): Promise<void> {
    const proxy = await startS3Proxy(moto.url);
    try {
      const bucket = bucketOf('us-east-1');
      const paused = makePackage(V, { salt: 'the paused run' });
      const other = makePackage(V, { salt: 'the other run' });
      const logPaused = memoryLog();
      const logOther = memoryLog();
      const via = (log: ReturnType<typeof memoryLog>) => ({
        ...deps(log, { AWS_ENDPOINT_URL_S3: proxy.url }),
        options: { ...FAST, fileConcurrency: 1 },
      });
      let otherRun: Promise<Awaited<ReturnType<typeof publishPackage>>> | undefined;
      proxy.beforeRead(bucket, `uptycs/UptycsAgent/${V}/${paused.files[0]!.name}`, async () => {
        otherRun = publishPackage(other, makeInputs(), via(logOther));
        let settled = false;
        void otherRun.finally(() => (settled = true));
        await until(() => settled || /waiting for another run/.test(logOther.text()));
      });
      const p = (await publishPackage(paused, makeInputs(), via(logPaused)))[0]!;
      assert.ok(otherRun, 'the paused run read its first key');
      const o = (await otherRun)[0]!;
      assert.equal([p, o].filter((r) => r.ok).length, 1, `exactly one wins: ${p.error} / ${o.error}`);
      const [winner, loser] = p.ok ? [paused, o] : [other, p];
      assert.deepEqual(await versionNames('UptycsAgent'), [`1:${V}`]);
      const doc = await ssm().send(new GetDocumentCommand({ Name: 'UptycsAgent', VersionName: V }));
      assert.equal(doc.Content, winner.manifestText, "the document is the winner's");
      for (const f of winner.files)
        assert.equal(await objectSha(bucket, `uptycs/UptycsAgent/${V}/${f.name}`), f.sha256, f.name);
      assert.equal(
        await objectSha(bucket, `uptycs/UptycsAgent/${V}/manifest.json`),
        createHash('sha256').update(winner.manifestText).digest('hex'),
      );
      assert.match(loser.error!, /⦃version-name⦄/);
      assert.ok(loser.error!.includes(`e.g. ⦃version-name=${V}-2⦄`), loser.error);
      assert.doesNotMatch(logPaused.text() + logOther.text(), /replacing it/);
      assert.deepEqual(
        (await listKeys(bucket)).filter((k) => k.endsWith('.claim')),
        [],
        'the claim is given up',
      );
    } finally {
      await proxy.stop();
    }
  }

  test('issue 27 (mayReplace race): two runs of one version name with other bytes, one paused between deciding what it may replace and its write: one wins, its files stay its own', async () => {
    await twoRuns('4.5.0');
  });

  test('the same race while ListDocumentVersions lags behind the new version: the claim is held until it is listed', async () => {
    // After each CreateDocument, the next 3 ListDocumentVersions do not list the new version yet.
    fake.lagAfterWrite(0, 3);
    await twoRuns('4.5.1');
  });

  test('a claim left by a run that crashed is taken over once stale (S3’s clock), and never read as a file', async () => {
    const V = '4.6.0';
    const bucket = bucketOf('us-east-1');
    await s3().send(new CreateBucketCommand({ Bucket: bucket }));
    const key = `uptycs/UptycsAgent/${V}.claim`;
    await s3().send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: JSON.stringify({ claim: 'uptycs-distributor-action', version: V, token: 'crashed' }),
        Metadata: { 'claim-state': 'held' },
      }),
    );
    const pkg = makePackage(V);
    const log = memoryLog();
    const t0 = performance.now();
    const r = (
      await publishPackage(pkg, makeInputs(), {
        ...deps(log),
        options: { ...FAST, claimLeaseMs: 1500, maxPollIntervalMs: 200 },
      })
    )[0]!;
    const waited = performance.now() - t0;
    assert.equal(r.ok, true, r.error);
    assert.match(log.text(), /waiting for another run that is publishing 4\.6\.0/);
    assert.match(log.text(), /4\.6\.0\.claim was last renewed over 2 s ago .*taking it over/);
    assert.ok(waited >= 1000, `waited ${Math.round(waited)} ms for the claim to go stale`);
    assert.deepEqual(
      await listKeys(bucket),
      [
        ...pkg.files.map((f) => `uptycs/UptycsAgent/${V}/${f.name}`),
        `uptycs/UptycsAgent/${V}/manifest.json`,
      ].sort(),
    );
    // A run that never gives up its claim (it keeps renewing it) is waited for up to claimWaitMs, then
    // refused naming version-name; nothing is written.
    await s3().send(
      new PutObjectCommand({ Bucket: bucket, Key: `uptycs/UptycsAgent/4.7.0.claim`, Body: '{}' }),
    );
    const held = (
      await publishPackage(makePackage('4.7.0'), makeInputs(), {
        ...deps(memoryLog()),
        options: { ...FAST, claimLeaseMs: 60_000, claimWaitMs: 300 },
      })
    )[0]!;
    assert.equal(held.ok, false);
    assert.match(
      held.error!,
      /^⦃version-name⦄: another run has been publishing 4\.7\.0 .*nothing was written/,
    );
    assert.deepEqual(
      (await listKeys(bucket)).filter((k) => k.includes('4.7.0')),
      ['uptycs/UptycsAgent/4.7.0.claim'],
    );
  });

  test('a claim its holder keeps renewing is never taken over, however long the other run waits; once given up it is taken at once', async () => {
    const bucket = bucketOf('us-east-1');
    await s3().send(new CreateBucketCommand({ Bucket: bucket }));
    const place = () => ({
      s3: s3(),
      bucket,
      prefix: 'uptycs/UptycsAgent/4.8.0/',
      account: ACCOUNT,
      principal: 'tester',
      log: memoryLog(),
    });
    const opts = { claimLeaseMs: 1200, claimWaitMs: 60_000, pollIntervalMs: 50, maxPollIntervalMs: 200 };
    const holder = await takeClaim(place(), '4.8.0', opts);
    const other = place();
    let taken = false;
    const waiting = takeClaim(other, '4.8.0', { ...opts, claimWaitMs: 3500 }).then(
      (c) => ((taken = true), c),
      (err: unknown) => err,
    );
    // Three leases long: the holder renews every quarter of one, so the claim never goes stale.
    const refused = await waiting;
    assert.equal(taken, false, 'a renewed claim is not taken over');
    assert.match(String(refused), /another run has been publishing 4\.8\.0 .*keeps renewing it/);
    assert.doesNotThrow(() => holder.check());
    const next = takeClaim(place(), '4.8.0', opts);
    await holder.release();
    const c = await next;
    assert.doesNotThrow(() => c.check());
    await c.release();
    assert.deepEqual(await listKeys(bucket), []);
  });

  test('a pipelined run never replaces anything before it holds the claim: other bytes met early are left to the region, which replaces them under it', async () => {
    const V = '4.9.0';
    const bucket = bucketOf('us-east-1');
    await s3().send(new CreateBucketCommand({ Bucket: bucket }));
    // Objects of a run SSM refused (no document names them), with other bytes.
    const left = makePackage(V, { salt: 'a run SSM refused' });
    for (const f of left.files)
      await s3().send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: `uptycs/UptycsAgent/${V}/${f.name}`,
          Body: readFileSync(f.path),
        }),
      );
    const pkg = makePackage(V);
    // The package is built once the early sends are over (they hold its folder until then), so the
    // region's own steps start only after them.
    let built!: (p: typeof pkg) => void;
    const building = {
      packageName: pkg.packageName,
      version: V,
      zips: (async function* () {
        yield* pkg.files;
      })(),
      built: new Promise<typeof pkg>((resolve) => (built = resolve)),
      hold: (reading: Promise<unknown>) => void reading.finally(() => built(pkg)),
    };
    const log = memoryLog();
    const r = (await publishPackage(building, makeInputs(), deps(log)))[0]!;
    assert.equal(r.ok, true, r.error);
    const lines = log.lines;
    const held = lines.findIndex((l) => /holding .*4\.9\.0\.claim/.test(l));
    const replaced = lines.findIndex((l) => /replacing it/.test(l));
    assert.ok(held >= 0 && replaced > held, `replaced only under the claim:\n${log.text()}`);
    for (const f of pkg.files)
      assert.equal(await objectSha(bucket, `uptycs/UptycsAgent/${V}/${f.name}`), f.sha256, f.name);
    assert.deepEqual(await versionNames('UptycsAgent'), [`1:${V}`]);
  });

  test('uploads that S3 refuses for a while (503, 500) are retried, streams reopened', async () => {
    const proxy = await startS3Proxy(moto.url);
    try {
      const MiB = 1024 * 1024;
      const options = { ...FAST, multipartThreshold: 5 * MiB, partSize: 5 * MiB, fileConcurrency: 1 };
      const depsVia = { ...deps(memoryLog(), { AWS_ENDPOINT_URL_S3: proxy.url }), options };
      // A zip sent as a file stream (the SDK cannot replay it: we reopen the file and try again).
      const small = makePackage('4.4.0', { sizes: [3000] });
      proxy.failWrites(2, 503, 'SlowDown');
      const r1 = (await publishPackage(small, makeInputs(), depsVia))[0]!;
      assert.equal(r1.ok, true, r1.error);
      assert.equal(proxy.writes.failed, 2);
      // A zip sent in parts (buffers, retried by the SDK).
      const big = makePackage('4.5.0', { sizes: [6 * MiB] });
      proxy.failWrites(3, 500, 'InternalError');
      const r2 = (await publishPackage(big, makeInputs(), depsVia))[0]!;
      assert.equal(r2.ok, true, r2.error);
      assert.equal(proxy.writes.failed, 5);
      for (const [v, pkg] of [
        ['4.4.0', small],
        ['4.5.0', big],
      ] as const)
        for (const f of pkg.files)
          assert.equal(await objectSha(bucketOf('us-east-1'), `uptycs/UptycsAgent/${v}/${f.name}`), f.sha256);
    } finally {
      await proxy.stop();
    }
  });

  test('objects already there with the same bytes are skipped (with or without our metadata)', async () => {
    const pkg = makePackage('4.1.0');
    const bucket = bucketOf('us-east-1');
    await s3().send(new CreateBucketCommand({ Bucket: bucket }));
    const [a, b] = pkg.files;
    const { readFileSync } = await import('node:fs');
    // One written by an earlier run (our metadata), one by something else (no checksum at all).
    await s3().send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: `uptycs/UptycsAgent/4.1.0/${a!.name}`,
        Body: readFileSync(a!.path),
        Metadata: { sha256: a!.sha256 },
      }),
    );
    await s3().send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: `uptycs/UptycsAgent/4.1.0/${b!.name}`,
        Body: readFileSync(b!.path),
      }),
    );
    const r = (await publishPackage(pkg, makeInputs(), deps()))[0]!;
    assert.equal(r.ok, true, r.error);
    assert.deepEqual(r.skippedFiles.sort(), [a!.name, b!.name].sort());
    assert.deepEqual(r.uploadedFiles, ['manifest.json']);
    assert.equal(r.skippedBytes, a!.size + b!.size);
  });

  test('issue 27 defect 7: an object of the same size with other bytes and forged metadata is not taken for ours', async () => {
    const pkg = makePackage('4.2.0');
    const bucket = bucketOf('us-east-1');
    await s3().send(new CreateBucketCommand({ Bucket: bucket }));
    const [a, b] = pkg.files;
    const { readFileSync } = await import('node:fs');
    const forged = (f: typeof a) => {
      const bytes = Buffer.from(readFileSync(f!.path));
      bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0xff; // same size, other bytes
      return bytes;
    };
    // One planted without a checksum, one with S3's checksum of its own (other) bytes: both say
    // x-amz-meta-sha256 is the build's.
    await s3().send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: `uptycs/UptycsAgent/4.2.0/${a!.name}`,
        Body: forged(a),
        Metadata: { sha256: a!.sha256 },
      }),
    );
    await s3().send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: `uptycs/UptycsAgent/4.2.0/${b!.name}`,
        Body: forged(b),
        ChecksumAlgorithm: 'SHA256',
        Metadata: { sha256: b!.sha256 },
      }),
    );
    const log = memoryLog();
    const r = (await publishPackage(pkg, makeInputs(), deps(log)))[0]!;
    assert.equal(r.ok, true, r.error);
    assert.deepEqual(r.skippedFiles, [], 'neither was taken as already there');
    // No document names them (a planted or half-written object): replaced, with a line naming each.
    for (const f of [a!, b!]) {
      assert.equal(await objectSha(bucket, `uptycs/UptycsAgent/4.2.0/${f.name}`), f.sha256);
      assert.match(log.text(), new RegExp(`${f.name.replace(/\./g, '\\.')}.*no document version points at`));
    }
  });

  test('large files go up in parts, verified against the manifest hash', async () => {
    const MiB = 1024 * 1024;
    const pkg = makePackage('6.0.0', { sizes: [11 * MiB + 123, 2000] });
    const r = (
      await publishPackage(pkg, makeInputs(), {
        ...deps(),
        options: { ...FAST, multipartThreshold: 5 * MiB, partSize: 5 * MiB, partConcurrency: 2 },
      })
    )[0]!;
    assert.equal(r.ok, true, r.error);
    const bucket = bucketOf('us-east-1');
    const key = `uptycs/UptycsAgent/6.0.0/${pkg.files[0]!.name}`;
    assert.equal(await objectSha(bucket, key), pkg.files[0]!.sha256);
    const head = await s3().send(
      new HeadObjectCommand({ Bucket: bucket, Key: key, ChecksumMode: 'ENABLED' }),
    );
    assert.equal(head.Metadata?.sha256, pkg.files[0]!.sha256);
    assert.equal(head.ContentLength, 11 * MiB + 123);
    assert.match(head.ETag ?? '', /-3"?$/, 'three parts');
  });

  test('a file that changed on disk after the build is not published', async () => {
    const MiB = 1024 * 1024;
    const pkg = makePackage('6.1.0', { sizes: [6 * MiB, 2000] });
    writeFileSync(pkg.files[0]!.path, Buffer.alloc(6 * MiB, 7));
    const r = (
      await publishPackage(pkg, makeInputs(), {
        ...deps(),
        options: { ...FAST, multipartThreshold: 5 * MiB, partSize: 5 * MiB },
      })
    )[0]!;
    assert.equal(r.ok, false);
    assert.match(r.error!, /changed on disk/);
    assert.equal(fake.count('CreateDocument'), 0);
    const keys = await listKeys(bucketOf('us-east-1'));
    assert.ok(
      !keys.includes(`uptycs/UptycsAgent/6.1.0/${pkg.files[0]!.name}`),
      'no object for the changed file',
    );
    // The small file goes through S3's own SHA-256 check instead; moto does not verify it, so only
    // the multipart path (verified by us) is asserted here.
  });

  async function seedVersions(n: number, region = 'us-east-1') {
    const c = ssm(region);
    const content = (i: number) =>
      JSON.stringify({ schemaVersion: '2.0', version: `v${i}`, packages: {}, files: {} });
    await c.send(
      new CreateDocumentCommand({
        Name: 'UptycsAgent',
        DocumentType: 'Package',
        DocumentFormat: 'JSON',
        VersionName: 'v1',
        Content: content(1),
      }),
    );
    for (let i = 2; i <= n; i++)
      await c.send(
        new UpdateDocumentCommand({
          Name: 'UptycsAgent',
          DocumentVersion: '$LATEST',
          DocumentFormat: 'JSON',
          VersionName: `v${i}`,
          Content: content(i),
        }),
      );
  }

  test('at 25 versions the oldest version that is not the default is deleted before adding', async () => {
    await seedVersions(25);
    fake.hook('UpdateDocument', async () => {
      assert.equal((await versionNames('UptycsAgent')).length, 24, 'room was made before UpdateDocument');
    });
    const r = (await publishPackage(makePackage('26.0'), makeInputs(), deps()))[0]!;
    assert.equal(r.ok, true, r.error);
    assert.equal(r.documentVersion, '26');
    assert.deepEqual(r.deletedVersions, ['2 (v2)'], 'version 1 is the default and is kept');
    const names = await versionNames('UptycsAgent');
    assert.equal(names.length, 25);
    assert.equal(names[0], '1:v1');
    assert.ok(!names.includes('2:v2'));
    assert.equal(names.at(-1), '26:26.0');
    assert.deepEqual(await versionsOf('UptycsAgent'), { latest: '26', default: '26' });
  });

  test('max-versions below 25: the oldest non-default versions go after the new one is Active', async () => {
    await seedVersions(3);
    const r = (await publishPackage(makePackage('4.0'), makeInputs({ maxVersions: 3 }), deps()))[0]!;
    assert.equal(r.ok, true, r.error);
    assert.deepEqual(r.deletedVersions, ['1 (v1)']);
    assert.deepEqual(await versionNames('UptycsAgent'), ['2:v2', '3:v3', '4:4.0']);
    const del = fake.calls.findIndex((c) => c.action === 'DeleteDocument');
    const upd = fake.calls.findIndex((c) => c.action === 'UpdateDocument');
    assert.ok(upd >= 0 && del > upd, 'deleted only after the new version was added');

    // Without set-default-version the default (v2 now oldest? no: version 2 is not default) is kept.
    const r2 = (
      await publishPackage(
        makePackage('5.0'),
        makeInputs({ maxVersions: 3, setDefaultVersion: false }),
        deps(),
      )
    )[0]!;
    assert.equal(r2.ok, true, r2.error);
    assert.equal(r2.defaultVersion, false);
    assert.deepEqual(r2.deletedVersions, ['2 (v2)']);
    assert.deepEqual(await versionNames('UptycsAgent'), ['3:v3', '4:4.0', '5:5.0']);
    assert.equal((await versionsOf('UptycsAgent')).default, '4');
  });

  test('sharing: accounts added, at most 20 per call', async () => {
    const accounts = Array.from({ length: 23 }, (_, i) => String(100000000000 + i));
    const r = (
      await publishPackage(makePackage('7.0'), makeInputs({ shareWithAccounts: accounts }), deps())
    )[0]!;
    assert.equal(r.ok, true, r.error);
    assert.deepEqual(r.sharedAccounts, accounts);
    const calls = fake.calls.filter((c) => c.action === 'ModifyDocumentPermission');
    assert.deepEqual(
      calls.map((c) => (c.body.AccountIdsToAdd as string[]).length),
      [20, 3],
    );
    assert.ok(calls.every((c) => c.body.PermissionType === 'Share'));
    const perm = await ssm().send(
      new DescribeDocumentPermissionCommand({ Name: 'UptycsAgent', PermissionType: 'Share' }),
    );
    assert.deepEqual([...(perm.AccountIds ?? [])].sort(), accounts);
  });

  test('two regions in parallel, each with its own bucket; one failing does not stop the other', async () => {
    const inputs = makeInputs({ awsRegions: ['us-east-1', 'eu-central-1'] });
    const pkg = makePackage('8.0');
    const results = await publishPackage(pkg, inputs, deps());
    assert.deepEqual(
      results.map((r) => [r.region, r.ok, r.bucket, r.documentVersion]),
      [
        ['us-east-1', true, bucketOf('us-east-1'), '1'],
        ['eu-central-1', true, bucketOf('eu-central-1'), '1'],
      ],
    );
    for (const region of inputs.awsRegions) {
      assert.equal((await listKeys(bucketOf(region), region)).length, 3);
      assert.equal(
        (await ssm(region).send(new GetDocumentCommand({ Name: 'UptycsAgent' }))).VersionName,
        '8.0',
      );
    }

    // eu-central-1 already has 8.1 with other content: it fails, us-east-1 still publishes 8.1.
    await ssm('eu-central-1').send(
      new UpdateDocumentCommand({
        Name: 'UptycsAgent',
        DocumentVersion: '$LATEST',
        VersionName: '8.1',
        Content: JSON.stringify({ schemaVersion: '2.0', version: '8.1', packages: {}, files: {} }),
      }),
    );
    const log = memoryLog();
    const again = await publishPackage(makePackage('8.1'), inputs, deps(log));
    assert.equal(again[0]!.ok, true, again[0]!.error);
    assert.equal(again[0]!.documentVersion, '2');
    assert.equal(again[1]!.ok, false);
    assert.match(again[1]!.error!, /already exists in eu-central-1/);
    // Said once, by the face, with every region's outcome (publishError); not also as a line of its own.
    assert.doesNotMatch(log.text(), /^error:/m);
    // The regions are kept apart: each document's version 2 is what was published there.
    const v2 = async (region: string) =>
      JSON.parse(
        (await ssm(region).send(new GetDocumentCommand({ Name: 'UptycsAgent', DocumentVersion: '2' })))
          .Content!,
      ) as { files: Record<string, unknown> };
    assert.equal(Object.keys((await v2('us-east-1')).files).length, 2);
    assert.deepEqual((await v2('eu-central-1')).files, {});
    assert.match(again[1]!.error!, /⦃version-name⦄/);
    const err = publishError(again)!;
    assert.match(err.message, /publishing failed in 1 of 2 regions/);
    assert.match(err.message, /eu-central-1: /);
    assert.match(err.message, /published: us-east-1/);
    const outputs = publishOutputs(again);
    assert.deepEqual(JSON.parse(outputs['document-version']!), { 'us-east-1': '2', 'eu-central-1': '' });
    assert.deepEqual(JSON.parse(outputs['s3-uri']!), {
      'us-east-1': `s3://${bucketOf('us-east-1')}/uptycs/UptycsAgent/8.1`,
      'eu-central-1': `s3://${bucketOf('eu-central-1')}/uptycs/UptycsAgent/8.1`,
    });
  });

  test('regions sharing one bucket (no {region} in s3-bucket): each file is written once, with a warning', async () => {
    const log = memoryLog();
    const pkg = makePackage('8.5');
    const inputs = makeInputs({ awsRegions: ['us-east-1', 'eu-central-1'], s3Bucket: 'shared-{account}' });
    const results = await publishPackage(pkg, inputs, deps(log));
    for (const r of results) assert.equal(r.ok, true, r.error);
    assert.equal(results[0]!.bucket, `shared-${ACCOUNT}`);
    assert.equal(results[1]!.bucket, `shared-${ACCOUNT}`);
    const names = [...pkg.files.map((f) => f.name), 'manifest.json'].sort();
    assert.deepEqual(
      [...results[0]!.uploadedFiles, ...results[1]!.uploadedFiles].sort(),
      names,
      'uploaded once',
    );
    assert.deepEqual(
      [...results[0]!.skippedFiles, ...results[1]!.skippedFiles].sort(),
      names,
      'skipped once',
    );
    assert.match(log.text(), /warning: -b\/--s3-bucket: shared-\{account\} has no \{region\}/);
  });

  test('a bucket template: placeholders replaced, an existing bucket is used, completed where it lacks a setting', async () => {
    const bucket = `pkgs-${ACCOUNT}-us-east-1`;
    await s3().send(new CreateBucketCommand({ Bucket: bucket }));
    const r = (
      await publishPackage(
        makePackage('9.0'),
        makeInputs({ s3Bucket: 'pkgs-{account}-{region}', s3Prefix: 'dist/{package-name}-{version}/' }),
        deps(),
      )
    )[0]!;
    assert.equal(r.ok, true, r.error);
    assert.equal(r.s3Uri, `s3://${bucket}/dist/UptycsAgent-9.0`);
    assert.equal((await listKeys(bucket)).filter((k) => k.startsWith('dist/UptycsAgent-9.0/')).length, 3);
    // An existing bucket is read, and what the run relies on is set (issue 30): public access blocked.
    const pab = await s3().send(new GetPublicAccessBlockCommand({ Bucket: bucket }));
    assert.equal(pab.PublicAccessBlockConfiguration?.BlockPublicAcls, true);
    assert.equal(r.bucketSettings?.created, false);
    assert.ok(r.bucketSettings?.repaired?.includes('publicAccessBlocked'));
  });

  test('role-to-assume through OIDC: secrets masked, the role account is used', async () => {
    const role = 'arn:aws:iam::210987654321:role/uptycs-publisher';
    const secrets: string[] = [];
    const log = memoryLog();
    const spy = { ...log, setSecret: (s: string) => (secrets.push(s), log.setSecret(s)) };
    const audiences: string[] = [];
    const results = await publishPackage(makePackage('10.0'), makeInputs({ roleToAssume: role }), {
      log: spy,
      env: env({
        ACTIONS_ID_TOKEN_REQUEST_URL: 'http://127.0.0.1:9/token',
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'x',
      }),
      options: FAST,
      getIdToken: async (aud) => {
        audiences.push(aud);
        return 'eyJhbGciOiJSUzI1NiJ9.oidc-token-for-test.sig';
      },
    });
    const r = results[0]!;
    assert.equal(r.ok, true, r.error);
    assert.deepEqual(audiences, ['sts.amazonaws.com']);
    assert.equal(r.account, '210987654321');
    assert.equal(r.bucket, bucketOf('us-east-1', '210987654321'));
    assert.equal(r.documentArn, 'arn:aws:ssm:us-east-1:210987654321:document/UptycsAgent');
    assert.match(log.text(), /assumed-role\/uptycs-publisher\/uptycs-distributor/);
    // The OIDC token, the access key id, the secret key and the session token are masked.
    assert.ok(secrets.includes('eyJhbGciOiJSUzI1NiJ9.oidc-token-for-test.sig'));
    assert.equal(secrets.length, 4);
    for (const s of secrets) assert.ok(!log.text().includes(s));
    // Nothing went to the default account.
    await assert.rejects(ssm().send(new DescribeDocumentCommand({ Name: 'UptycsAgent' })), /does not exist/);
  });

  const oidc = (role: string, extra: Record<string, string> = {}) => ({
    log: memoryLog(),
    env: env({
      ACTIONS_ID_TOKEN_REQUEST_URL: 'http://127.0.0.1:9/token',
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'x',
      AWS_ENDPOINT_URL_STS: sts.url,
      ...extra,
    }),
    options: FAST,
    getIdToken: async () => 'header.payload.signature',
  });

  test('the wrong role (its trust policy refuses this workflow): a clear error, nothing published', async () => {
    const role = 'arn:aws:iam::123456789012:role/someone-elses-role';
    sts.failNext(
      'AssumeRoleWithWebIdentity',
      1,
      403,
      'AccessDenied',
      'Not authorized to perform sts:AssumeRoleWithWebIdentity',
    );
    await assert.rejects(
      publishPackage(makePackage('10.1'), makeInputs({ roleToAssume: role }), oidc(role)),
      (err: Error) =>
        isUserError(err) &&
        err.message.includes(`refused to let this workflow assume ${role}`) &&
        /trust policy/.test(err.message) &&
        /iam\/github-oidc-trust-policy\.json/.test(err.message),
    );
    assert.deepEqual(sts.calls, [{ action: 'AssumeRoleWithWebIdentity', status: 403 }], 'not retried');
    assert.equal(fake.calls.length, 0);
  });

  test('no OIDC provider in the account: the error says to create it', async () => {
    const role = 'arn:aws:iam::123456789012:role/p';
    sts.failNext(
      'AssumeRoleWithWebIdentity',
      1,
      400,
      'InvalidIdentityToken',
      'No OpenIDConnect provider found in your account for https://token.actions.githubusercontent.com',
    );
    await assert.rejects(
      publishPackage(makePackage('10.2'), makeInputs({ roleToAssume: role }), oidc(role)),
      (err: Error) => isUserError(err) && /Create the IAM OIDC identity provider/.test(err.message),
    );
  });

  test('STS throttling is retried', async () => {
    const role = 'arn:aws:iam::123456789012:role/p';
    sts.failNext('AssumeRoleWithWebIdentity', 2, 400, 'Throttling', 'Rate exceeded');
    const r = (await publishPackage(makePackage('10.3'), makeInputs({ roleToAssume: role }), oidc(role)))[0]!;
    assert.equal(r.ok, true, r.error);
    assert.deepEqual(
      sts.calls.filter((c) => c.action === 'AssumeRoleWithWebIdentity').map((c) => c.status),
      [400, 400, 200],
    );
  });

  test('an assumed role needs no second STS call: its answer names the account and identity', async () => {
    const role = 'arn:aws:iam::123456789012:role/p';
    const log = memoryLog();
    const r = (
      await publishPackage(makePackage('10.4'), makeInputs({ roleToAssume: role }), { ...oidc(role), log })
    )[0]!;
    assert.equal(r.ok, true, r.error);
    assert.equal(r.account, '123456789012');
    assert.deepEqual(
      sts.calls.map((c) => c.action),
      ['AssumeRoleWithWebIdentity'],
    );
    assert.match(
      log.text(),
      /AWS account 123456789012, identity arn:aws:sts::123456789012:assumed-role\/p\//,
    );
  });

  test('role-to-assume without the OIDC permission or token source: clear error, no AWS call', async () => {
    const inputs = makeInputs({ roleToAssume: 'arn:aws:iam::123456789012:role/p' });
    const noEnv = { ...env() };
    delete noEnv.ACTIONS_ID_TOKEN_REQUEST_URL;
    delete noEnv.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
    await assert.rejects(
      publishPackage(makePackage('11.0'), inputs, {
        log: memoryLog(),
        env: noEnv,
        options: FAST,
        getIdToken: async () => 'x',
      }),
      (err: Error) => isUserError(err) && /permissions: id-token: write/.test(err.message),
    );
    await assert.rejects(
      publishPackage(makePackage('11.0'), inputs, { log: memoryLog(), env: env(), options: FAST }),
      (err: Error) => isUserError(err) && /role-to-assume/.test(err.message) && /OIDC/.test(err.message),
    );
    await assert.rejects(
      publishPackage(makePackage('11.0'), inputs, {
        log: memoryLog(),
        env: env({
          ACTIONS_ID_TOKEN_REQUEST_URL: 'http://127.0.0.1:9/',
          ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'x',
        }),
        options: FAST,
        getIdToken: async () => {
          throw new Error('Failed to get ID Token');
        },
      }),
      (err: Error) =>
        isUserError(err) && /id-token: write/.test(err.message) && /Failed to get ID Token/.test(err.message),
    );
    assert.equal(fake.calls.length, 0);
  });

  test('the package name is checked before any AWS call', async () => {
    const pkg = { ...makePackage('12.0'), packageName: 'AWS-Agent' };
    await assert.rejects(
      publishPackage(pkg, makeInputs({ packageName: 'AWS-Agent' }), deps()),
      (err: Error) => isUserError(err) && /package-name/.test(err.message) && /reserves/.test(err.message),
    );
    assert.equal(fake.calls.length, 0);
  });

  test('publishStage: what the core receives', async () => {
    const stage = publishStage(deps());
    const out = await stage(makePackage('13.0'), makeInputs());
    assert.equal(out.error, undefined);
    assert.equal(out.outputs['document-name'], 'UptycsAgent');
    assert.equal(out.outputs['document-version'], '1');
    assert.equal(out.outputs['document-arn'], `arn:aws:ssm:us-east-1:${ACCOUNT}:document/UptycsAgent`);
    assert.equal(out.outputs['s3-uri'], `s3://${bucketOf('us-east-1')}/uptycs/UptycsAgent/13.0`);
    assert.equal(out.sections.length, 1);
    assert.match(out.sections[0]!.markdown, /\| us-east-1 \| ✅ published \|/);
    assert.equal((out.results as unknown[]).length, 1);
  });
});
