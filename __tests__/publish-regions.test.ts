/**
 * Many regions, one upload: the first region's bucket receives the files from the runner, the others
 * copy them inside S3 (moto_server, with the S3 double of helpers/s3-double.ts in front of it to count
 * the bytes the runner sends and to do what moto lacks for copies: their write conditions and the
 * SHA-256 of a copied part).
 */
import assert from 'node:assert/strict';
import { createCipheriv, createHash } from 'node:crypto';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  CreateDocumentCommand,
  DescribeDocumentCommand,
  GetDocumentCommand,
  SSMClient,
} from '@aws-sdk/client-ssm';
import type { Readable } from 'node:stream';
import { cancelRun, resetCancel } from '../src/common/cancel.js';
import { publishMarkdown, publishPackage } from '../src/publish/index.js';
import { SHA256_METADATA, sha256Base64 } from '../src/publish/plan.js';
import { startFakeSsm, type FakeSsm } from '../scripts/local-aws/fake-ssm.js';
import { motoAvailable, startMoto, type Moto } from '../scripts/local-aws/moto.js';
import { startS3Double, type S3Double } from './helpers/s3-double.js';
import { FAST, cleanupFixtures, makeInputs, makePackage, memoryLog } from './helpers/publish-fixture.js';
import type { BuiltPackage } from '../src/package/types.js';

const ACCOUNT = '123456789012';
const bucketOf = (region: string) => `uptycs-distributor-${ACCOUNT}-${region}`;
const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];

/** Bytes of the package's objects (zips and manifest.json): what one region must receive. */
const packageBytes = (pkg: BuiltPackage) =>
  pkg.files.reduce((n, f) => n + f.size, 0) + Buffer.byteLength(pkg.manifestText);
const names = (pkg: BuiltPackage) => [...pkg.files.map((f) => f.name), 'manifest.json'].sort();

describe(
  'publish to many regions: upload once, copy in S3 (moto)',
  { skip: !motoAvailable() && 'moto_server is not installed' },
  () => {
    let moto: Moto;
    let fake: FakeSsm;
    let double: S3Double;
    const clients: { destroy(): void }[] = [];

    before(async () => {
      moto = await startMoto();
      fake = await startFakeSsm(moto.url);
      double = await startS3Double(moto.url);
    });
    after(async () => {
      await double?.stop();
      await fake?.stop();
      await moto?.stop();
      cleanupFixtures();
    });
    beforeEach(async () => {
      await moto.reset();
      fake.reset();
      double.reset();
    });
    afterEach(() => {
      for (const c of clients.splice(0)) c.destroy();
    });

    const deps = (log = memoryLog(), options: Record<string, number> = {}) => ({
      log,
      env: {
        ...process.env,
        AWS_ENDPOINT_URL: moto.url,
        AWS_ENDPOINT_URL_SSM: fake.url,
        AWS_ENDPOINT_URL_S3: double.url,
      },
      options: { ...FAST, ...options },
    });
    /** Straight to moto: what a test sets up or reads is not counted. */
    const s3 = (region = 'us-east-1') => {
      const c = new S3Client({ region, endpoint: moto.url, forcePathStyle: true });
      clients.push(c);
      return c;
    };
    const ssm = (region: string) => {
      const c = new SSMClient({ region, endpoint: moto.url });
      clients.push(c);
      return c;
    };
    async function objectSha(bucket: string, key: string): Promise<string> {
      const out = await s3().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      const h = createHash('sha256');
      for await (const c of out.Body as Readable) h.update(c as Buffer);
      return h.digest('hex');
    }
    async function hasDocument(region: string): Promise<boolean> {
      return ssm(region)
        .send(new DescribeDocumentCommand({ Name: 'UptycsAgent' }))
        .then(
          () => true,
          () => false,
        );
    }

    test('three regions: the runner sends the files once, the other buckets get them by CopyObject with the SHA-256 checked', async () => {
      const pkg = makePackage('5.7.0.25', { sizes: [300_000, 500_000, 200_000] });
      const log = memoryLog();
      const results = await publishPackage(pkg, makeInputs({ awsRegions: REGIONS }), deps(log));
      for (const r of results) assert.equal(r.ok, true, `${r.region}: ${r.error}`);
      const [first, ...others] = results;
      assert.deepEqual(first!.uploadedFiles.sort(), names(pkg));
      assert.equal(first!.copiedFiles, undefined);
      for (const r of others) {
        assert.deepEqual(r.uploadedFiles, [], `${r.region} received nothing from the runner`);
        assert.deepEqual(r.copiedFiles!.sort(), names(pkg));
        assert.equal(r.copiedBytes, packageBytes(pkg));
        assert.equal(r.copiedFrom, 'us-east-1');
        assert.equal(r.copyRefused, undefined);
      }

      // Bytes from the runner: one region's worth, all of it to the first region's bucket.
      const sent = double.totalBytes();
      assert.ok(sent >= packageBytes(pkg), `${sent} bytes sent`);
      assert.ok(
        sent <= 1.1 * packageBytes(pkg),
        `${sent} bytes sent for ${packageBytes(pkg)} bytes of files`,
      );
      for (const region of ['eu-west-1', 'ap-southeast-2'])
        assert.ok(
          (double.bytes.get(bucketOf(region)) ?? 0) < 2000,
          `${region}: only the bucket settings (XML), no file bytes`,
        );

      // Each copy: SHA-256 asked for, conditional, bound to the source read, both owners stated.
      const copies = double.copies.filter((c) => !c.part);
      assert.equal(copies.length, 2 * names(pkg).length);
      for (const c of copies) {
        assert.equal(c.headers['x-amz-checksum-algorithm'], 'SHA256');
        assert.equal(c.headers['if-none-match'], '*');
        assert.match(String(c.headers['x-amz-copy-source-if-match']), /^"[0-9a-f]+"$/);
        assert.equal(c.headers['x-amz-expected-bucket-owner'], ACCOUNT);
        assert.equal(c.headers['x-amz-source-expected-bucket-owner'], ACCOUNT);
        assert.match(
          String(c.headers['x-amz-copy-source']),
          new RegExp(`^/?${bucketOf('us-east-1')}/uptycs/`),
        );
      }

      // Every bucket holds the build's bytes, with S3's own SHA-256; each region its own document and attachment.
      const prefix = 'uptycs/UptycsAgent/5.7.0.25/';
      for (const region of REGIONS) {
        for (const f of pkg.files) {
          const head = await s3(region).send(
            new HeadObjectCommand({
              Bucket: bucketOf(region),
              Key: prefix + f.name,
              ChecksumMode: 'ENABLED',
            }),
          );
          assert.equal(head.ChecksumSHA256, sha256Base64(f.sha256), `${region} ${f.name}`);
          assert.equal(head.ContentType, 'application/zip');
          assert.equal(await objectSha(bucketOf(region), prefix + f.name), f.sha256);
        }
        const doc = await ssm(region).send(new GetDocumentCommand({ Name: 'UptycsAgent' }));
        assert.equal(doc.Content, pkg.manifestText);
      }
      const sources = fake.calls
        .filter((c) => c.action === 'CreateDocument')
        .map((c) => (c.body.Attachments as { Values: string[] }[])[0]!.Values[0]);
      assert.deepEqual(sources.sort(), results.map((r) => r.s3Uri).sort());

      const md = publishMarkdown(results);
      assert.match(md, /\| Files \|/);
      assert.match(md, /\| eu-west-1 \|.*\| 4 copied in S3 from us-east-1 \(.*\) \|/);
      assert.match(log.text(), /copied .* from s3:\/\/uptycs-distributor-123456789012-us-east-1\//);

      // A re-run has everything: nothing sent, nothing copied.
      double.reset();
      const again = await publishPackage(pkg, makeInputs({ awsRegions: REGIONS }), deps());
      for (const r of again) assert.equal(r.alreadyPublished, true, r.region);
      assert.equal(double.totalBytes(), 0);
      assert.equal(double.copies.length, 0);
    });

    test('from copyPartThreshold on, the copy goes part by part (UploadPartCopy), each part SHA-256 checked', async () => {
      const MiB = 1024 * 1024;
      const pkg = makePackage('5.7.0.26', { sizes: [12 * MiB, 4000] });
      const options = { copyPartThreshold: 6 * MiB, partSize: 5 * MiB, multipartThreshold: 64 * MiB };
      const results = await publishPackage(
        pkg,
        makeInputs({ awsRegions: REGIONS.slice(0, 2) }),
        deps(memoryLog(), options),
      );
      for (const r of results) assert.equal(r.ok, true, `${r.region}: ${r.error}`);
      assert.deepEqual(results[1]!.copiedFiles!.sort(), names(pkg));
      const parts = double.copies.filter((c) => c.part);
      assert.equal(parts.length, 3, '12 MiB in 5 MiB parts');
      for (const c of parts) {
        assert.match(String(c.headers['x-amz-copy-source-range']), /^bytes=\d+-\d+$/);
        assert.match(String(c.headers['x-amz-copy-source-if-match']), /^"/);
        assert.equal(c.headers['x-amz-source-expected-bucket-owner'], ACCOUNT);
      }
      const key = `uptycs/UptycsAgent/5.7.0.26/${pkg.files[0]!.name}`;
      assert.equal(await objectSha(bucketOf('eu-west-1'), key), pkg.files[0]!.sha256);
      const head = await s3('eu-west-1').send(
        new HeadObjectCommand({ Bucket: bucketOf('eu-west-1'), Key: key }),
      );
      assert.equal(
        head.Metadata?.[SHA256_METADATA],
        pkg.files[0]!.sha256,
        'named only once every part matched',
      );
      assert.ok(double.totalBytes() <= 1.1 * packageBytes(pkg), `${double.totalBytes()} bytes sent`);
    });

    test("a copy whose SHA-256 is not the manifest's is refused: the region fails, and the copy is never taken for the build", async () => {
      const pkg = makePackage('5.7.0.27');
      const f = pkg.files[0]!;
      const key = `uptycs/UptycsAgent/5.7.0.27/${f.name}`;
      // The first region published the build; then its object was replaced by other bytes of the same
      // size whose metadata claims the build's SHA-256 (the first region's run sees its document and
      // uploads nothing; issue 27 defect 7 keeps the metadata from vouching); the copy shows the truth.
      assert.equal(
        (await publishPackage(pkg, makeInputs({ awsRegions: ['us-east-1'] }), deps()))[0]!.ok,
        true,
      );
      const other = createCipheriv('aes-256-ctr', Buffer.alloc(32, 9), Buffer.alloc(16)).update(
        Buffer.alloc(f.size),
      );
      await s3().send(
        new PutObjectCommand({
          Bucket: bucketOf('us-east-1'),
          Key: key,
          Body: other,
          Metadata: { [SHA256_METADATA]: f.sha256 },
        }),
      );
      const results = await publishPackage(pkg, makeInputs({ awsRegions: REGIONS.slice(0, 2) }), deps());
      const eu = results[1]!;
      assert.equal(eu.ok, false);
      assert.match(
        eu.error!,
        new RegExp(
          `the copy of ${f.name} from s3://${bucketOf('us-east-1')}/${key}.*has SHA-256 \\(base64\\) ${sha256Base64(createHash('sha256').update(other).digest('hex')).replace(/[+/]/g, '\\$&')} for the whole file, not this build's`,
        ),
      );
      assert.equal(await hasDocument('eu-west-1'), false, 'no document points at it');
      const head = await s3('eu-west-1').send(
        new HeadObjectCommand({ Bucket: bucketOf('eu-west-1'), Key: key, ChecksumMode: 'ENABLED' }),
      );
      assert.equal(head.Metadata?.[SHA256_METADATA], undefined, 'the copy does not claim to be the build');
      assert.notEqual(head.ChecksumSHA256, sha256Base64(f.sha256));
      // A second run sees the copy for what it is: not this build's file (replaced: no document points at it).
      const log = memoryLog();
      const again = await publishPackage(pkg, makeInputs({ awsRegions: ['eu-west-1'] }), deps(log));
      assert.equal(again[0]!.ok, true, again[0]!.error);
      assert.match(log.text(), /holds another .* that no document version points at .*; replacing it/);
      assert.equal(await objectSha(bucketOf('eu-west-1'), key), f.sha256);
    });

    test("a part of a multipart copy whose SHA-256 is not the local file's is refused: the copy is aborted, nothing is left", async () => {
      const MiB = 1024 * 1024;
      const pkg = makePackage('5.7.0.31', { sizes: [7 * MiB] });
      const f = pkg.files[0]!;
      const key = `uptycs/UptycsAgent/5.7.0.31/${f.name}`;
      const options = { copyPartThreshold: 6 * MiB, partSize: 5 * MiB, multipartThreshold: 64 * MiB };
      // As above: the first region published the build, then its object was replaced (issue 27 defect 7).
      assert.equal(
        (await publishPackage(pkg, makeInputs({ awsRegions: ['us-east-1'] }), deps(memoryLog(), options)))[0]!
          .ok,
        true,
      );
      const other = createCipheriv('aes-256-ctr', Buffer.alloc(32, 5), Buffer.alloc(16)).update(
        Buffer.alloc(f.size),
      );
      await s3().send(
        new PutObjectCommand({
          Bucket: bucketOf('us-east-1'),
          Key: key,
          Body: other,
          Metadata: { [SHA256_METADATA]: f.sha256 },
        }),
      );
      const results = await publishPackage(
        pkg,
        makeInputs({ awsRegions: REGIONS.slice(0, 2) }),
        deps(memoryLog(), options),
      );
      const eu = results[1]!;
      assert.equal(eu.ok, false);
      assert.match(eu.error!, /for part [12] \(bytes \d+-\d+\), not this build's .*the copy was aborted/);
      await assert.rejects(
        s3('eu-west-1').send(new HeadObjectCommand({ Bucket: bucketOf('eu-west-1'), Key: key })),
        /NotFound|NoSuchKey/,
      );
      assert.equal(await hasDocument('eu-west-1'), false);
    });

    test('a cancel during a multipart copy aborts it: no incomplete upload, no object, no document', async () => {
      const MiB = 1024 * 1024;
      const pkg = makePackage('5.7.0.32', { sizes: [12 * MiB] });
      const key = `uptycs/UptycsAgent/5.7.0.32/${pkg.files[0]!.name}`;
      const options = { copyPartThreshold: 6 * MiB, partSize: 5 * MiB, multipartThreshold: 64 * MiB };
      double.beforeCopy(`${bucketOf('eu-west-1')}/${key}`, () =>
        cancelRun('the runner cancelled', memoryLog()),
      );
      try {
        const results = await publishPackage(
          pkg,
          makeInputs({ awsRegions: REGIONS.slice(0, 2) }),
          deps(memoryLog(), options),
        );
        assert.equal(results[1]!.ok, false);
      } finally {
        resetCancel();
      }
      const uploads = await s3('eu-west-1').send(
        new ListMultipartUploadsCommand({ Bucket: bucketOf('eu-west-1') }),
      );
      assert.equal(uploads.Uploads?.length ?? 0, 0, 'the multipart copy was aborted');
      await assert.rejects(
        s3('eu-west-1').send(new HeadObjectCommand({ Bucket: bucketOf('eu-west-1'), Key: key })),
        /NotFound|NoSuchKey/,
      );
      assert.equal(await hasDocument('eu-west-1'), false);
    });

    test('a refused copy (AccessDenied, NotImplemented) falls back to uploading from the runner for that region, and says so', async () => {
      const pkg = makePackage('5.7.0.28', { sizes: [200_000, 100_000] });
      const regions = [...REGIONS, 'eu-central-1'];
      double.refuseCopiesInto(bucketOf('eu-west-1'), {
        status: 403,
        code: 'AccessDenied',
        message: 'User is not authorized to perform kms:GenerateDataKey on the bucket key',
      });
      double.refuseCopiesInto(bucketOf('ap-southeast-2'), {
        status: 501,
        code: 'NotImplemented',
        message: 'A header you provided implies functionality that is not implemented',
      });
      const log = memoryLog();
      const results = await publishPackage(pkg, makeInputs({ awsRegions: regions }), deps(log));
      for (const r of results) assert.equal(r.ok, true, `${r.region}: ${r.error}`);
      const [, eu, ap, central] = results;
      for (const r of [eu!, ap!]) {
        assert.deepEqual(r.uploadedFiles.sort(), names(pkg), `${r.region} from the runner`);
        assert.deepEqual(r.copiedFiles, []);
      }
      assert.match(eu!.copyRefused!, /^AccessDenied: .*kms:GenerateDataKey/);
      assert.match(ap!.copyRefused!, /^NotImplemented: /);
      assert.deepEqual(central!.copiedFiles!.sort(), names(pkg));
      assert.equal(central!.copyRefused, undefined);
      // The runner sent three regions' worth: the first, and the two that could not copy.
      assert.ok(double.totalBytes() >= 3 * packageBytes(pkg));
      assert.ok(double.totalBytes() <= 3.3 * packageBytes(pkg));
      assert.ok((double.bytes.get(bucketOf('eu-central-1')) ?? 0) < 2000, 'eu-central-1: no file bytes');
      assert.match(log.text(), /warning: \[eu-west-1\] copying from us-east-1 was refused \(AccessDenied: /);
      const md = publishMarkdown(results).split('\n');
      assert.match(
        md.find((l) => l.startsWith('| eu-west-1 '))!,
        /\| \d+ uploaded \(.*\); from the runner, as copying was refused: AccessDenied: /,
      );
      assert.match(
        md.find((l) => l.startsWith('| ap-southeast-2 '))!,
        /\| \d+ uploaded \(.*\); from the runner, as copying was refused: NotImplemented: /,
      );
      assert.match(
        md.find((l) => l.startsWith('| eu-central-1 '))!,
        /\| 3 copied in S3 from us-east-1 \(.*\)/,
      );
      for (const region of regions)
        for (const f of pkg.files)
          assert.equal(await objectSha(bucketOf(region), `uptycs/UptycsAgent/5.7.0.28/${f.name}`), f.sha256);
    });

    test('nothing of another build is overwritten: a copy loses to an object written first, and the region fails', async () => {
      const pkg = makePackage('5.7.0.29');
      const f = pkg.files[1]!;
      const key = `uptycs/UptycsAgent/5.7.0.29/${f.name}`;
      const theirs = Buffer.from('another build of 5.7.0.29');
      // Another run writes the key in eu-west-1 between this run's look and its copy.
      double.beforeCopy(`${bucketOf('eu-west-1')}/${key}`, async () => {
        await s3('eu-west-1').send(
          new PutObjectCommand({ Bucket: bucketOf('eu-west-1'), Key: key, Body: theirs }),
        );
      });
      const results = await publishPackage(pkg, makeInputs({ awsRegions: REGIONS.slice(0, 2) }), deps());
      assert.equal(results[0]!.ok, true, results[0]!.error);
      const eu = results[1]!;
      assert.equal(eu.ok, false);
      assert.match(
        eu.error!,
        /was written by someone else while this run was uploading .*; nothing was overwritten/,
      );
      assert.equal(
        await objectSha(bucketOf('eu-west-1'), key),
        createHash('sha256').update(theirs).digest('hex'),
      );
      assert.equal(await hasDocument('eu-west-1'), false);
      const refused = double.copies.find((c) => c.key === key);
      assert.equal(refused?.headers['if-none-match'], '*');
    });

    test('when the first region cannot take the files, the others upload them from the runner, and say why', async () => {
      const pkg = makePackage('5.7.0.30');
      // us-east-1 has this version with another manifest: it stops before any upload.
      await ssm('us-east-1').send(
        new CreateDocumentCommand({
          Name: 'UptycsAgent',
          DocumentType: 'Package',
          VersionName: '5.7.0.30',
          Content: makePackage('5.7.0.30', { salt: 'other' }).manifestText,
          Attachments: [{ Key: 'SourceUrl', Values: ['s3://elsewhere/x'] }],
        }),
      );
      const results = await publishPackage(pkg, makeInputs({ awsRegions: REGIONS }), deps());
      assert.equal(results[0]!.ok, false);
      for (const r of results.slice(1)) {
        assert.equal(r.ok, true, `${r.region}: ${r.error}`);
        assert.deepEqual(r.uploadedFiles.sort(), names(pkg));
        assert.match(r.copyRefused!, /^us-east-1 did not get the files first/);
      }
    });
  },
);
