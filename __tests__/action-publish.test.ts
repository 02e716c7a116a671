/**
 * The action from dist/, end to end as the runner runs it, publishing: a GitHub OIDC token endpoint,
 * STS, S3 and SSM all on 127.0.0.1 (moto_server, with the fake Distributor endpoint in front of moto's SSM
 * for what moto lacks), INPUT_* variables, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DescribeDocumentCommand, GetDocumentCommand, SSMClient } from '@aws-sdk/client-ssm';
import { buildInstallerSet, layoutAgentsDir } from './helpers/agents.js';
import { startFakeSsm, type FakeSsm } from '../scripts/local-aws/fake-ssm.js';
import { isolateAwsEnv, motoAvailable, startMoto, type Moto } from '../scripts/local-aws/moto.js';
import { closeServer } from './helpers/deadline.js';
import { ROOT, runAction, shownLines } from './helpers/runner.js';

const ORIGINAL = path.join(ROOT, '__tests__/fixtures/uptycs-agent-mapping.original.json');
const ROLE = 'arn:aws:iam::123456789012:role/publisher';
const REQUEST_TOKEN = 'runner-request-token-5f2c1b7e';
const ID_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOm9yZy9yZXBvIn0.c2lnbmF0dXJlLW9mLXRoZS1vaWRjLXRva2Vu';

describe(
  'the action publishes from dist/ with OIDC, STS, S3 and SSM on loopback',
  { skip: !motoAvailable() && 'moto_server is not installed' },
  () => {
    let work: string;
    let moto: Moto;
    let fake: FakeSsm;
    let oidc: Server;
    let oidcUrl: string;
    const oidcCalls: { audience: string | null; auth: string | undefined }[] = [];

    before(async () => {
      isolateAwsEnv();
      work = mkdtempSync(path.join(tmpdir(), 'udist-e2e-'));
      const set = buildInstallerSet(path.join(work, 'installers'), '5.8.3.35');
      layoutAgentsDir(ORIGINAL, path.join(work, 'ws', 'agents'), set);
      moto = await startMoto();
      fake = await startFakeSsm(moto.url);
      oidc = createServer((req, res) => {
        const u = new URL(req.url ?? '/', 'http://127.0.0.1');
        oidcCalls.push({ audience: u.searchParams.get('audience'), auth: req.headers.authorization });
        if (req.headers.authorization !== `Bearer ${REQUEST_TOKEN}`) {
          res.writeHead(401).end();
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ value: ID_TOKEN }));
      });
      await new Promise<void>((r) => oidc.listen(0, '127.0.0.1', r));
      const addr = oidc.address();
      oidcUrl = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/token?api-version=2.0`;
    });
    after(async () => {
      await closeServer(oidc); // undefined when a before hook failed early: never wait for it
      await fake?.stop();
      await moto?.stop();
      rmSync(work, { recursive: true, force: true });
    });
    beforeEach(async () => {
      await moto.reset();
      fake.reset();
      oidcCalls.length = 0;
    });

    const runInWs = (inputs: Record<string, string>, extraEnv: Record<string, string | undefined> = {}) =>
      runAction(path.join(work, 'ws'), inputs, {
        AWS_ENDPOINT_URL: moto.url,
        AWS_ENDPOINT_URL_SSM: fake.url,
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_CONFIG_FILE: '/dev/null',
        AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
        ACTIONS_ID_TOKEN_REQUEST_URL: oidcUrl,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: REQUEST_TOKEN,
        ...extraEnv,
      });

    const inputs = {
      download: 'false',
      'agents-dir': 'agents',
      mapping: ORIGINAL,
      'role-to-assume': ROLE,
      'aws-region': 'us-east-1',
    };

    it('assumes the role with the OIDC token, uploads, creates the document, waits for Active, sets outputs and summary', async () => {
      fake.distributor({ creatingPolls: 2, outcome: 'Active' });
      const r = await runInWs(inputs);
      assert.equal(r.status, 0, r.stdout);
      assert.deepEqual(oidcCalls, [{ audience: 'sts.amazonaws.com', auth: `Bearer ${REQUEST_TOKEN}` }]);
      assert.equal(r.outputs['document-name'], 'UptycsAgent');
      assert.equal(r.outputs['document-version'], '1');
      assert.match(r.outputs['document-arn']!, /^arn:aws:ssm:us-east-1:123456789012:document\/UptycsAgent$/);
      assert.equal(
        r.outputs['s3-uri'],
        's3://uptycs-distributor-123456789012-us-east-1/uptycs/UptycsAgent/5.8.3.35',
      );
      // Built and published in one go: the package and publish stages overlap, in one group, each timed.
      assert.match(r.stdout, /::group::(Agents, package|Package) and publish\n/);
      assert.match(r.stdout, /Package took \d/);
      assert.match(r.stdout, /Publish took \d/);
      // The summary's timings say that their times overlap (they add up to more than the run took).
      assert.match(
        r.summary,
        /<sub>Timings: .*package [\d.]+ m?s, publish [\d.]+ m?s \((agents, )?package, publish ran side by side/,
      );
      // ::add-mask:: lines are consumed by the runner (that is how masking works); no other line may hold a secret.
      const shown = shownLines(r.stdout);
      assert.ok(r.stdout.includes(`::add-mask::${ID_TOKEN}`), 'the OIDC token is masked');
      assert.ok(!shown.some((l) => l.includes(ID_TOKEN)), 'the OIDC token is never printed');
      const masked = r.stdout
        .split('\n')
        .filter((l) => l.startsWith('::add-mask::'))
        .map((l) => l.slice(12));
      assert.ok(masked.length >= 4, 'token, access key id, secret key and session token are masked');
      for (const m of masked) assert.ok(!shown.some((l) => l.includes(m)), 'no masked value is printed');
      assert.match(r.summary, /### Published to AWS/);
      assert.match(r.summary, /us-east-1/);
      // For the security review: who published is the assumed role, as STS named it; the digest output
      // and every zip's full SHA-256 are in the summary.
      assert.match(
        r.summary,
        /\*\*Published by:\*\* <code>arn:aws:sts::123456789012:assumed-role\/publisher\/[^<]+<\/code>/,
      );
      assert.ok(r.summary.includes(`\n${r.outputs['package-digest']}\n`), 'the package digest');
      const zips = JSON.parse(readFileSync(r.outputs.manifest!, 'utf8')) as {
        files: Record<string, { checksums: { sha256: string } }>;
      };
      for (const [zip, f] of Object.entries(zips.files))
        assert.ok(r.summary.includes(`${f.checksums.sha256}  ${zip}\n`), `${zip}'s SHA-256`);
      // The next step: how instances get it.
      assert.match(
        r.summary,
        /### Next step: install it on instances[\s\S]*--document-name AWS-ConfigureAWSPackage/,
      );

      const creds = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'x' };
      const ssm = new SSMClient({ region: 'us-east-1', endpoint: moto.url, credentials: creds });
      const s3 = new S3Client({
        region: 'us-east-1',
        endpoint: moto.url,
        forcePathStyle: true,
        credentials: creds,
      });
      try {
        const d = await ssm.send(new DescribeDocumentCommand({ Name: 'UptycsAgent' }));
        assert.equal(d.Document?.DocumentType, 'Package');
        assert.equal(d.Document?.VersionName, '5.8.3.35');
        const content = (await ssm.send(new GetDocumentCommand({ Name: 'UptycsAgent' }))).Content!;
        const localManifest = readFileSync(r.outputs.manifest!, 'utf8');
        assert.deepEqual(JSON.parse(content), JSON.parse(localManifest));
        for (const zip of Object.keys(JSON.parse(localManifest).files)) {
          const o = await s3.send(
            new GetObjectCommand({
              Bucket: 'uptycs-distributor-123456789012-us-east-1',
              Key: `uptycs/UptycsAgent/5.8.3.35/${zip}`,
            }),
          );
          const body = Buffer.from(await o.Body!.transformToByteArray());
          assert.ok(
            body.equals(readFileSync(path.join(r.outputs['output-dir']!, zip))),
            `${zip} uploaded intact`,
          );
        }
      } finally {
        ssm.destroy();
        s3.destroy();
      }

      // The same run again: nothing new is uploaded or created.
      const again = await runInWs(inputs);
      assert.equal(again.status, 0, again.stdout);
      assert.equal(again.outputs['document-version'], '1');
      assert.match(again.stdout, /already published/i);
    });

    it('fails clearly when the job cannot get an OIDC token', async () => {
      const r = await runInWs(inputs, {
        ACTIONS_ID_TOKEN_REQUEST_URL: undefined,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: undefined,
      });
      assert.equal(r.status, 1);
      assert.match(r.stdout, /::error::.*permissions: id-token: write/);
    });

    it('reports a Failed document with its cause and fails the step', async () => {
      fake.distributor({
        creatingPolls: 1,
        outcome: 'Failed',
        statusInformation: 'Access Denied (Service: Amazon S3; Status Code: 403)',
      });
      const r = await runInWs(inputs);
      assert.equal(r.status, 1, r.stdout);
      assert.match(r.stdout, /Access Denied/);
      assert.match(r.stdout, /s3:GetObject/);
      assert.match(r.summary, /### Published to AWS/, 'the summary is written before the step fails');
    });
  },
);
