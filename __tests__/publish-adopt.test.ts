/**
 * Adopting a document made elsewhere: Terraform or CloudFormation created the bucket, uploaded a
 * version and created the SSM document (as create_package.py's users did). The action then adds
 * versions to that document as if it had made it: nothing to import, no state to share. Real AWS SDK
 * against moto_server on loopback.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  AddTagsToResourceCommand,
  CreateDocumentCommand,
  DescribeDocumentCommand,
  GetDocumentCommand,
  ListTagsForResourceCommand,
  SSMClient,
} from '@aws-sdk/client-ssm';
import { publishPackage } from '../src/publish/index.js';
import { startFakeSsm, type FakeSsm } from '../scripts/local-aws/fake-ssm.js';
import { motoAvailable, startMoto, type Moto } from '../scripts/local-aws/moto.js';
import { FAST, cleanupFixtures, makeInputs, makePackage, memoryLog } from './helpers/publish-fixture.js';

describe(
  'a document created outside the action',
  { skip: !motoAvailable() && 'moto_server is not installed' },
  () => {
    let moto: Moto;
    let fake: FakeSsm;
    const clients: { destroy(): void }[] = [];

    before(async () => {
      moto = await startMoto();
      fake = await startFakeSsm(moto.url);
    });
    after(async () => {
      await fake?.stop();
      await moto?.stop();
      cleanupFixtures();
    });
    beforeEach(async () => {
      await moto.reset();
      fake.reset();
    });
    afterEach(() => {
      for (const c of clients.splice(0)) c.destroy();
    });

    const s3 = () => {
      const c = new S3Client({ region: 'us-east-1', endpoint: moto.url, forcePathStyle: true });
      clients.push(c);
      return c;
    };
    const ssm = () => {
      const c = new SSMClient({ region: 'us-east-1', endpoint: moto.url });
      clients.push(c);
      return c;
    };
    const deps = (log = memoryLog()) => ({
      log,
      env: { ...process.env, AWS_ENDPOINT_URL: moto.url, AWS_ENDPOINT_URL_SSM: fake.url },
      options: FAST,
    });

    /** What a Terraform aws_ssm_document (document_type Package) with its aws_s3_object files makes. */
    async function terraformApply(bucket: string, name: string, version: string): Promise<void> {
      const pkg = makePackage(version, { packageName: name, salt: 'terraform' });
      await s3().send(new CreateBucketCommand({ Bucket: bucket }));
      for (const f of pkg.files)
        await s3().send(
          new PutObjectCommand({ Bucket: bucket, Key: `packages/${f.name}`, Body: readFileSync(f.path) }),
        );
      await ssm().send(
        new CreateDocumentCommand({
          Name: name,
          DocumentType: 'Package',
          DocumentFormat: 'JSON',
          Content: pkg.manifestText,
          VersionName: version,
          Attachments: [{ Key: 'SourceUrl', Values: [`s3://${bucket}/packages`] }],
        }),
      );
      await ssm().send(
        new AddTagsToResourceCommand({
          ResourceType: 'Document',
          ResourceId: name,
          Tags: [{ Key: 'managed-by', Value: 'terraform' }],
        }),
      );
    }

    test('the action adds its version to it, makes it the default, and leaves the rest alone', async () => {
      const bucket = 'corp-ssm-packages';
      await terraformApply(bucket, 'UptycsAgent', '5.5.1.14');
      const before = await ssm().send(new DescribeDocumentCommand({ Name: 'UptycsAgent' }));
      assert.equal(before.Document!.LatestVersion, '1');

      const log = memoryLog();
      const pkg = makePackage('5.7.0.25');
      const [r] = await publishPackage(pkg, makeInputs({ s3Bucket: bucket }), deps(log));
      assert.equal(r!.ok, true, r!.error);
      assert.equal(r!.documentVersion, '2', 'a new version of the same document');
      assert.equal(r!.alreadyPublished, false);
      assert.ok(
        fake.calls.some((c) => c.action === 'UpdateDocument'),
        'UpdateDocument, not CreateDocument',
      );
      assert.ok(!fake.calls.some((c) => c.action === 'CreateDocument'));

      const after = await ssm().send(new DescribeDocumentCommand({ Name: 'UptycsAgent' }));
      assert.equal(after.Document!.LatestVersion, '2');
      assert.equal(after.Document!.DefaultVersion, '2');
      const v1 = await ssm().send(new GetDocumentCommand({ Name: 'UptycsAgent', DocumentVersion: '1' }));
      assert.equal(v1.VersionName, '5.5.1.14', 'the version Terraform made is kept');
      const v2 = await ssm().send(new GetDocumentCommand({ Name: 'UptycsAgent', DocumentVersion: '2' }));
      assert.equal(v2.VersionName, '5.7.0.25');
      assert.equal(v2.Content, pkg.manifestText);
      const tags = await ssm().send(
        new ListTagsForResourceCommand({ ResourceType: 'Document', ResourceId: 'UptycsAgent' }),
      );
      assert.deepEqual(tags.TagList, [{ Key: 'managed-by', Value: 'terraform' }], 'its tags are untouched');
    });

    test('publishing the version Terraform already published is recognised, nothing is added', async () => {
      const bucket = 'corp-ssm-packages';
      await terraformApply(bucket, 'UptycsAgent', '5.5.1.14');
      const pkg = makePackage('5.5.1.14', { salt: 'terraform' });
      const [r] = await publishPackage(pkg, makeInputs({ s3Bucket: bucket, s3Prefix: 'packages/' }), deps());
      assert.equal(r!.ok, true, r!.error);
      assert.equal(r!.alreadyPublished, true);
      assert.equal(r!.documentVersion, '1');
    });
  },
);
