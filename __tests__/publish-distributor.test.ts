/**
 * Distributor behaviour moto does not model, played at the wire level by the fake SSM endpoint
 * (in front of moto) and driven by the real SDK: Creating → Active | Failed with StatusInformation,
 * slow creation, throttling and server errors, denied calls.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { DescribeDocumentCommand, SSMClient } from '@aws-sdk/client-ssm';
import { publishPackage } from '../src/publish/index.js';
import { startFakeSsm, type FakeSsm } from '../scripts/local-aws/fake-ssm.js';
import { motoAvailable, startMoto, type Moto } from '../scripts/local-aws/moto.js';
import { FAST, cleanupFixtures, makeInputs, makePackage, memoryLog } from './helpers/publish-fixture.js';

describe(
  'Distributor statuses and retries (fake SSM over moto)',
  { skip: !motoAvailable() && 'moto_server is not installed' },
  () => {
    let moto: Moto;
    let fake: FakeSsm;
    const clients: SSMClient[] = [];
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

    const deps = (log = memoryLog(), options = {}) => ({
      log,
      env: { ...process.env, AWS_ENDPOINT_URL: moto.url, AWS_ENDPOINT_URL_SSM: fake.url },
      options: { ...FAST, ...options },
    });
    const describeDoc = async () => {
      const c = new SSMClient({ region: 'us-east-1', endpoint: moto.url });
      clients.push(c);
      return (await c.send(new DescribeDocumentCommand({ Name: 'UptycsAgent' }))).Document!;
    };

    test('Creating for a while, then Active: waits, then sets the default version', async () => {
      fake.distributor({ creatingPolls: 4, outcome: 'Active' });
      const log = memoryLog();
      const r = (await publishPackage(makePackage('1.0'), makeInputs(), deps(log)))[0]!;
      assert.equal(r.ok, true, r.error);
      assert.equal(r.status, 'Active');
      assert.equal(fake.count('DescribeDocument'), 5);
      assert.match(log.text(), /UptycsAgent version 1: Creating[\s\S]*UptycsAgent version 1: Active/);
    });

    test('a second version that Failed: StatusInformation and the likely cause, default unchanged', async () => {
      assert.equal((await publishPackage(makePackage('1.0'), makeInputs(), deps()))[0]!.ok, true);
      fake.reset();
      fake.distributor({
        creatingPolls: 1,
        outcome: 'Failed',
        statusInformation: 'Access Denied (Service: Amazon S3; Status Code: 403; Error Code: AccessDenied)',
      });
      const r = (
        await publishPackage(makePackage('2.0'), makeInputs({ shareWithAccounts: ['111111111111'] }), deps())
      )[0]!;
      assert.equal(r.ok, false);
      assert.equal(r.status, 'Failed');
      assert.equal(r.documentVersion, '2');
      assert.match(r.error!, /Access Denied \(Service: Amazon S3/);
      assert.match(
        r.error!,
        /s3:GetObject on s3:\/\/uptycs-distributor-123456789012-us-east-1\/uptycs\/UptycsAgent\/2\.0\/\*/,
      );
      assert.equal(r.defaultVersion, false);
      assert.equal(fake.count('UpdateDocumentDefaultVersion'), 0);
      assert.equal(fake.count('ModifyDocumentPermission'), 0);
      assert.equal(
        (await describeDoc()).DefaultVersion,
        '1',
        'version 1 stays the default, still installable',
      );

      // Fixed (say, the policy), re-run: the failed version is replaced, the run succeeds.
      fake.distributor({ creatingPolls: 1, outcome: 'Active' });
      const log = memoryLog();
      const again = (await publishPackage(makePackage('2.0'), makeInputs(), deps(log)))[0]!;
      assert.equal(again.ok, true, again.error);
      assert.match(log.text(), /Failed earlier \(Access Denied/);
      const d = await describeDoc();
      assert.equal(d.DefaultVersion, again.documentVersion);
      assert.equal(d.LatestVersion, again.documentVersion);
      assert.equal(fake.count('DeleteDocument'), 1, 'only the failed version was deleted');
      assert.equal(fake.calls.find((c) => c.action === 'DeleteDocument')!.body.DocumentVersion, '2');
    });

    test('a first version that Failed is replaced on the next run', async () => {
      fake.distributor({
        creatingPolls: 0,
        outcome: 'Failed',
        statusInformation: 'The checksum of file x.zip is wrong',
      });
      const r = (await publishPackage(makePackage('1.0'), makeInputs(), deps()))[0]!;
      assert.equal(r.ok, false);
      assert.match(r.error!, /checksum of file x\.zip is wrong/);
      assert.match(r.error!, /does not match the SHA-256/);
      fake.distributor({ creatingPolls: 0, outcome: 'Active' });
      const again = (await publishPackage(makePackage('1.0'), makeInputs(), deps()))[0]!;
      assert.equal(again.ok, true, again.error);
      assert.equal(again.documentVersion, '1');
      assert.equal(fake.count('CreateDocument'), 2);
      assert.equal(again.skippedFiles.length, 3, 'the files uploaded by the failed run are reused');
    });

    test('still Creating at the timeout: a clear error naming the version', async () => {
      fake.distributor({ creatingPolls: 10_000, outcome: 'Active' });
      const r = (
        await publishPackage(makePackage('1.0'), makeInputs(), deps(memoryLog(), { activeTimeoutMs: 150 }))
      )[0]!;
      assert.equal(r.ok, false);
      assert.match(r.error!, /still Creating after/);
      assert.equal(r.status, 'Creating');
      assert.equal(r.defaultVersion, false);
      assert.match(
        r.error!,
        /aws ssm describe-document --name UptycsAgent --document-version 1 --region us-east-1/,
      );
    });

    test('throttling and server errors are retried', async () => {
      fake.failNext('CreateDocument', 2, 400, 'ThrottlingException', 'Rate exceeded');
      fake.failNext('ListDocumentVersions', 1, 500, 'InternalServerError');
      fake.failNext('DescribeDocument', 2, 503, 'ServiceUnavailable');
      const r = (await publishPackage(makePackage('1.0'), makeInputs(), deps()))[0]!;
      assert.equal(r.ok, true, r.error);
      assert.equal(
        fake.calls
          .filter((c) => c.action === 'CreateDocument')
          .map((c) => c.status)
          .join(','),
        '400,400,200',
      );
      assert.ok(
        fake.calls.filter((c) => c.action === 'ListDocumentVersions' && c.status === 500).length === 1,
      );
    });

    test('throttling that does not stop fails the region with the reason', async () => {
      fake.failNext('CreateDocument', 100, 400, 'ThrottlingException', 'Rate exceeded');
      const r = (
        await publishPackage(makePackage('1.0'), makeInputs(), deps(memoryLog(), { maxAttempts: 3 }))
      )[0]!;
      assert.equal(r.ok, false);
      assert.match(r.error!, /ThrottlingException/);
      assert.equal(fake.count('CreateDocument'), 3);
    });

    test('a denied call names the principal, the IAM action and the policy to use', async () => {
      fake.failNext(
        'CreateDocument',
        1,
        400,
        'AccessDeniedException',
        'User: arn:aws:sts::123456789012:assumed-role/x/y is not authorized to perform: ssm:CreateDocument',
      );
      const r = (await publishPackage(makePackage('1.0'), makeInputs(), deps()))[0]!;
      assert.equal(r.ok, false);
      assert.match(
        r.error!,
        /is not allowed ssm:CreateDocument on arn:aws:ssm:us-east-1:123456789012:document\/UptycsAgent/,
      );
      assert.match(r.error!, /iam\/publisher-policy\.json/);
      assert.equal(fake.count('CreateDocument'), 1, 'not retried');
    });

    test('an already published version that is still Creating is waited for', async () => {
      // Polls are consumed only by the waits: the first run gives up after a few, the second sees the rest.
      fake.distributor({ creatingPolls: 12, outcome: 'Active' });
      const first = (
        await publishPackage(makePackage('1.0'), makeInputs(), deps(memoryLog(), { activeTimeoutMs: 30 }))
      )[0]!;
      assert.equal(first.ok, false);
      assert.match(first.error!, /still Creating/);
      const before = fake.count('DescribeDocument');
      assert.ok(before < 12);
      const r = (await publishPackage(makePackage('1.0'), makeInputs(), deps()))[0]!;
      assert.equal(r.ok, true, r.error);
      assert.equal(r.alreadyPublished, true);
      assert.equal(r.status, 'Active');
      assert.equal(fake.count('DescribeDocument'), 13, 'waited through the remaining Creating polls');
      assert.equal(fake.count('CreateDocument'), 1);
    });
  },
);
