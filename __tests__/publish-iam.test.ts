/**
 * Publishing under IAM enforcement: moto checks every request's signature and the assumed role's
 * policies. The role gets iam/publisher-policy.json as shipped (placeholders filled), so a missing
 * action or a resource pattern that does not cover what the code writes fails here. A role with
 * less (the wrong role) fails with an error that names the role, the action and the fix.
 *
 * Two moto differences are bridged, and only these: moto authorizes SSM actions against resource "*"
 * (so the SSM statement's resource becomes "*"), and moto names two S3 bucket actions after the API
 * call instead of the IAM action (s3:HeadBucket for s3:ListBucket, s3:PutPublicAccessBlock for
 * s3:PutBucketPublicAccessBlock), so those aliases are added next to the real names.
 */
import assert from 'node:assert/strict';
import { renderNames } from '../src/common/names.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { publishPackage } from '../src/publish/index.js';
import { startFakeSsm, type FakeSsm } from '../scripts/local-aws/fake-ssm.js';
import { motoAvailable, startMoto, type Moto } from '../scripts/local-aws/moto.js';
import { FAST, cleanupFixtures, makeInputs, makePackage, memoryLog } from './helpers/publish-fixture.js';

const ACCOUNT = '123456789012';
const root = path.resolve(import.meta.dirname, '..');
const MOTO_ALIASES: Record<string, string> = {
  's3:ListBucket': 's3:HeadBucket',
  's3:PutBucketPublicAccessBlock': 's3:PutPublicAccessBlock',
};

interface Statement {
  Sid?: string;
  Effect: string;
  Action: string[];
  Resource: string | string[];
}

function shippedPolicy(): { Version: string; Statement: Statement[] } {
  const text = readFileSync(path.join(root, 'iam/publisher-policy.json'), 'utf8')
    .replaceAll('<ACCOUNT_ID>', ACCOUNT)
    .replaceAll('<PACKAGE_NAME>', 'UptycsAgent');
  const policy = JSON.parse(text) as { Version: string; Statement: Statement[] };
  for (const s of policy.Statement) {
    s.Action = [...s.Action, ...s.Action.flatMap((a) => (MOTO_ALIASES[a] ? [MOTO_ALIASES[a]] : []))];
    if (s.Action.some((a) => a.startsWith('ssm:'))) s.Resource = '*';
  }
  return policy;
}

function trustPolicy(): string {
  return readFileSync(path.join(root, 'iam/github-oidc-trust-policy.json'), 'utf8')
    .replaceAll('<ACCOUNT_ID>', ACCOUNT)
    .replaceAll('<GITHUB_OWNER>', 'example')
    .replaceAll('<GITHUB_REPO>', 'fleet');
}

describe(
  'publishing under IAM enforcement (moto)',
  { skip: !motoAvailable() && 'moto_server is not installed' },
  () => {
    let moto: Moto;
    let fake: FakeSsm;
    before(async () => {
      moto = await startMoto();
      fake = await startFakeSsm(moto.url);
    });
    after(async () => {
      await moto?.setAuth(Infinity).catch(() => undefined);
      await fake?.stop();
      await moto?.stop();
      cleanupFixtures();
    });
    beforeEach(async () => {
      await moto.setAuth(Infinity);
      await moto.reset();
      fake.reset();
    });
    afterEach(async () => {
      await moto.setAuth(Infinity);
    });

    /** Creates the role, and an admin user the fake SSM uses for its own reads; then turns IAM checks on. */
    async function setup(roleName: string, policy: unknown): Promise<string> {
      await moto.iam({ Action: 'CreateRole', RoleName: roleName, AssumeRolePolicyDocument: trustPolicy() });
      await moto.iam({
        Action: 'PutRolePolicy',
        RoleName: roleName,
        PolicyName: 'publish',
        PolicyDocument: JSON.stringify(policy),
      });
      await moto.iam({ Action: 'CreateUser', UserName: 'fake-ssm-reader' });
      await moto.iam({
        Action: 'PutUserPolicy',
        UserName: 'fake-ssm-reader',
        PolicyName: 'read',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'ssm:DescribeDocument', Resource: '*' }],
        }),
      });
      const xml = await moto.iam({ Action: 'CreateAccessKey', UserName: 'fake-ssm-reader' });
      const accessKeyId = /<AccessKeyId>([^<]+)</.exec(xml)![1]!;
      const secretAccessKey = /<SecretAccessKey>([^<]+)</.exec(xml)![1]!;
      fake.useCredentials({ accessKeyId, secretAccessKey });
      return `arn:aws:iam::${ACCOUNT}:role/${roleName}`;
    }

    const run = async (version: string, role: string, over = {}, options = {}) => {
      // AssumeRoleWithWebIdentity is never signed: let that one request through, check all later ones.
      await moto.setAuth(1);
      return publishPackage(
        makePackage(version, { sizes: [3000, 6 * 1024 * 1024] }),
        makeInputs({ roleToAssume: role, ...over }),
        {
          log: memoryLog(),
          env: {
            ...process.env,
            AWS_ENDPOINT_URL: moto.url,
            AWS_ENDPOINT_URL_SSM: fake.url,
            ACTIONS_ID_TOKEN_REQUEST_URL: 'http://127.0.0.1:9/token',
            ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'x',
          },
          getIdToken: async () => 'header.payload.signature',
          options: { ...FAST, multipartThreshold: 5 * 1024 * 1024, partSize: 5 * 1024 * 1024, ...options },
        },
      ).then((r) => r[0]!);
    };

    test('the shipped publisher policy allows everything publishing does', async () => {
      const role = await setup('uptycs-publisher', shippedPolicy());
      const r1 = await run('1.0', role);
      assert.equal(r1.ok, true, r1.error);
      assert.equal(r1.uploadedFiles.length, 3, 'single and multipart uploads');
      const again = await run('1.0', role);
      assert.equal(again.ok, true, again.error);
      assert.equal(again.alreadyPublished, true);
      assert.equal((await run('1.1', role)).ok, true);
      const r3 = await run('1.2', role, { maxVersions: 2 });
      assert.equal(r3.ok, true, r3.error);
      assert.deepEqual(r3.deletedVersions, ['1 (1.0)']);
      assert.equal(r3.defaultVersion, true);
      const r4 = await run('1.3', role, { shareWithAccounts: ['111111111111'], setDefaultVersion: false });
      assert.equal(r4.ok, true, r4.error);
      assert.deepEqual(r4.sharedAccounts, ['111111111111']);
      // Really enforced: the fake's reader may only describe, so its forwarded denials show up as such.
      assert.ok(fake.calls.every((c) => c.status === 200 || c.action === 'ListDocumentVersions'));
    });

    test('a role that may not delete the claim (a policy from before it): the claim is marked released, and the next run takes it at once', async () => {
      const policy = shippedPolicy();
      policy.Statement = policy.Statement.filter((s) => !s.Action.includes('s3:DeleteObject'));
      const role = await setup('no-claim-delete', policy);
      // The first run takes the claim, then SSM refuses its version: it gives the claim up, as it can.
      fake.failNext('CreateDocument', 1, 400, 'InvalidDocumentContent', 'refused once');
      assert.equal((await run('1.0', role)).ok, false);
      await moto.setAuth(Infinity);
      const s3 = new S3Client({ region: 'us-east-1', endpoint: moto.url, forcePathStyle: true });
      try {
        const claim = await s3.send(
          new HeadObjectCommand({
            Bucket: `uptycs-distributor-${ACCOUNT}-us-east-1`,
            Key: 'uptycs/UptycsAgent/1.0.claim',
          }),
        );
        assert.equal(claim.Metadata?.['claim-state'], 'released');
      } finally {
        s3.destroy();
      }
      // A claim that was not given up would hold the next run for a whole lease (5 minutes): it is
      // refused after 2 s here if so.
      const r = await run('1.0', role, {}, { claimWaitMs: 2000 });
      assert.equal(r.ok, true, r.error);
    });

    test('a role without document permissions: the error names the role, the action and the policy', async () => {
      const policy = shippedPolicy();
      const ssm = policy.Statement.find((s) => s.Action.some((a) => a.startsWith('ssm:')))!;
      ssm.Action = ['ssm:DescribeDocument', 'ssm:ListDocumentVersions', 'ssm:GetDocument'];
      const role = await setup('read-only', policy);
      const r = await run('1.0', role);
      assert.equal(r.ok, false);
      assert.match(r.error!, /arn:aws:iam::123456789012:role\/read-only is not allowed ssm:CreateDocument/);
      assert.match(r.error!, /iam\/publisher-policy\.json/);
      assert.equal(r.documentVersion, '');
    });

    test('a role whose S3 access covers other buckets: refused before any upload', async () => {
      const policy = shippedPolicy();
      for (const s of policy.Statement)
        if (s.Action.some((a) => a.startsWith('s3:')))
          s.Resource = [String(s.Resource).replace('uptycs-distributor-', 'other-team-')];
      const role = await setup('other-team', policy);
      const r = await run('1.0', role);
      assert.equal(r.ok, false);
      assert.match(renderNames(r.error!, 'action'), /input "s3-bucket"/);
      assert.match(r.error!, /arn:aws:iam::123456789012:role\/other-team cannot use it/);
      assert.equal(r.uploadedFiles.length, 0);
      assert.equal(fake.count('CreateDocument'), 0);
    });

    test('a role without s3:PutObject on the prefix: no document version is created', async () => {
      const policy = shippedPolicy();
      const files = policy.Statement.find((s) => s.Action.includes('s3:PutObject'))!;
      files.Resource = [String(files.Resource).replace('/uptycs/UptycsAgent/*', '/uptycs/SomethingElse/*')];
      const role = await setup('wrong-prefix', policy);
      const r = await run('1.0', role);
      assert.equal(r.ok, false);
      assert.match(
        r.error!,
        // The first write under the prefix: the version folder's claim (claim.ts), or a file.
        /is not allowed s3:(GetObject|PutObject) on s3:\/\/uptycs-distributor-123456789012-us-east-1\/uptycs\/UptycsAgent\/1\.0(\/|\.claim)/,
      );
      assert.equal(fake.count('CreateDocument'), 0);
    });
  },
);
