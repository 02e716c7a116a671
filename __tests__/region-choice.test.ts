/**
 * The region as AWS users expect it (issue 31, silently wrong #1): an explicit aws-region (-r) first,
 * then AWS_REGION, then AWS_DEFAULT_REGION, then (CLI) the AWS profile's region from the shared config
 * file as the SDK reads it; the default us-east-1 only when none is set, and said so. The log names the
 * source; a wrong region from the environment names the variable, not an input the user never gave.
 * End to end: the CLI (from source) and the action (dist/) publish to moto in the region AWS_REGION
 * names, with no aws-region; before, both published to us-east-1 without a word.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { GetBucketLocationCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { DescribeDocumentCommand, SSMClient } from '@aws-sdk/client-ssm';
import { checkInputs } from '../src/check.js';
import { isUserError } from '../src/common/errors.js';
import { renderNames } from '../src/common/names.js';
import { startFakeSsm, type FakeSsm } from '../scripts/local-aws/fake-ssm.js';
import { isolateAwsEnv, motoAvailable, startMoto, type Moto } from '../scripts/local-aws/moto.js';
import { layoutAgentsDir, SAMPLE_INSTALLERS } from './helpers/agents.js';
import { memoryLog } from './helpers/publish-fixture.js';
import { NODE, ROOT, runAction } from './helpers/runner.js';

const ORIGINAL = path.join(ROOT, '__tests__/fixtures/uptycs-agent-mapping.original.json');
const work = mkdtempSync(path.join(tmpdir(), 'udist-region-'));
after(() => rmSync(work, { recursive: true, force: true }));

/** checkInputs as the CLI calls it (plan mode: no key, installers or network needed), with an environment. */
async function check(given: Record<string, string>, env: NodeJS.ProcessEnv, profile?: string) {
  const log = memoryLog();
  const inputs = await checkInputs(
    (n) => {
      const base: Record<string, string> =
        'check-only' in given
          ? { download: 'false', 'agents-dir': work, 'package-version': '5.7.0.25' }
          : { mode: 'plan' };
      return { ...base, ...given }[n] ?? '';
    },
    { mapping: ORIGINAL, outputDir: path.join(work, 'out'), cwd: work },
    {
      log,
      env,
      oidc: false,
      ...(profile !== undefined
        ? {
            profileRegion: async () =>
              profile
                ? { value: profile, source: 'the region of AWS profile dev', fix: 'fix it' }
                : undefined,
          }
        : {}),
    },
  );
  return { inputs, log: log.text() };
}

async function refused(given: Record<string, string>, env: NodeJS.ProcessEnv): Promise<string> {
  try {
    await check(given, env);
  } catch (err) {
    assert.ok(isUserError(err), String(err));
    return renderNames(err.message, 'cli');
  }
  assert.fail('accepted');
}

describe('which region: the input, then the environment, then the profile, never a silent default', () => {
  it('aws-region wins over AWS_REGION and AWS_DEFAULT_REGION', async () => {
    const { inputs } = await check({ 'aws-region': 'ap-south-1' }, { AWS_REGION: 'eu-west-1' });
    assert.deepEqual(inputs.awsRegions, ['ap-south-1']);
  });

  it('AWS_REGION, then AWS_DEFAULT_REGION (as configure-aws-credentials exports them)', async () => {
    const a = await check({}, { AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: 'eu-central-1' }, 'us-west-2');
    assert.deepEqual(a.inputs.awsRegions, ['eu-west-1']);
    assert.equal(a.inputs.awsRegionSource, 'AWS_REGION');
    const b = await check({}, { AWS_DEFAULT_REGION: 'eu-central-1' }, 'us-west-2');
    assert.deepEqual(b.inputs.awsRegions, ['eu-central-1']);
    assert.equal(b.inputs.awsRegionSource, 'AWS_DEFAULT_REGION');
  });

  it("then the profile's region (CLI), then the default, which the log says is a default", async () => {
    const p = await check({}, {}, 'us-west-2');
    assert.deepEqual(p.inputs.awsRegions, ['us-west-2']);
    assert.equal(p.inputs.awsRegionSource, 'the region of AWS profile dev');
    const d = await check({}, {}, '');
    assert.deepEqual(d.inputs.awsRegions, ['us-east-1']);
    assert.equal(d.inputs.awsRegionSource, 'default');
  });

  it('the log names the source when publishing (check-only here), and nothing when only planning', async () => {
    const pub = await check({ 'check-only': 'true' }, { AWS_REGION: 'eu-west-1' });
    assert.match(pub.log, /^AWS region eu-west-1 \(from AWS_REGION\)$/m);
    const dflt = await check({ 'check-only': 'true' }, {});
    assert.match(
      dflt.log,
      /^AWS region us-east-1: the default, as no -r\/--aws-region, AWS_REGION, AWS_DEFAULT_REGION or profile region is set; give -r\/--aws-region to choose$/m,
    );
    const flag = await check({ 'check-only': 'true', 'aws-region': 'eu-west-1,eu-west-2' }, {});
    assert.match(flag.log, /^AWS regions eu-west-1, eu-west-2 \(from -r\/--aws-region\)$/m);
    assert.doesNotMatch((await check({}, { AWS_REGION: 'eu-west-1' })).log, /AWS region/);
  });

  it('action.yml gives aws-region no default: the runner would fill it in, and the environment would never be read', () => {
    const yml = readFileSync(path.join(ROOT, 'action.yml'), 'utf8');
    const block = /^ {2}aws-region:\n((?: {4}.*\n)+)/m.exec(yml)?.[1];
    assert.ok(block, 'aws-region is in action.yml');
    assert.doesNotMatch(block, /^ {4}default:/m);
    assert.match(block.replace(/\s+/g, ' '), /Empty: AWS_REGION, else AWS_DEFAULT_REGION/);
  });

  it('a wrong region from the environment names the variable, not the input nobody gave', async () => {
    const m = await refused({}, { AWS_DEFAULT_REGION: 'eu-wst-1' });
    assert.match(
      m,
      /AWS_DEFAULT_REGION \(the region, as no -r\/--aws-region is given\): "eu-wst-1" is not an AWS region; did you mean eu-west-1\?; set AWS_DEFAULT_REGION to a region, or give -r\/--aws-region/,
    );
    assert.doesNotMatch(m, /-r\/--aws-region: /);
  });
});

describe(
  'published where AWS_REGION says, end to end',
  { skip: !motoAvailable() && 'moto_server is not installed' },
  () => {
    let moto: Moto;
    let fake: FakeSsm;
    let agents: string;
    before(async () => {
      isolateAwsEnv();
      moto = await startMoto();
      fake = await startFakeSsm(moto.url);
      agents = path.join(work, 'agents');
      layoutAgentsDir(ORIGINAL, agents, SAMPLE_INSTALLERS);
    });
    after(async () => {
      await fake?.stop();
      await moto?.stop();
    });
    beforeEach(async () => {
      await moto.reset();
      fake.reset();
      fake.distributor({ creatingPolls: 0, outcome: 'Active' });
    });

    const awsEnv = () => ({
      AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      AWS_ENDPOINT_URL: moto.url,
      AWS_ENDPOINT_URL_SSM: fake.url,
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    });
    /** Where the run put things: each bucket's region, and the regions that have the document. */
    const where = async () => {
      const creds = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'x' };
      const s3 = new S3Client({
        region: 'us-east-1',
        endpoint: moto.url,
        forcePathStyle: true,
        credentials: creds,
      });
      const buckets: Record<string, string> = {};
      for (const b of (await s3.send(new ListBucketsCommand({}))).Buckets ?? []) {
        const loc = await s3.send(new GetBucketLocationCommand({ Bucket: b.Name! }));
        buckets[b.Name!] = loc.LocationConstraint || 'us-east-1';
      }
      s3.destroy();
      const documents: string[] = [];
      for (const region of ['us-east-1', 'eu-west-1']) {
        const ssm = new SSMClient({ region, endpoint: fake.url, credentials: creds });
        const ok = await ssm.send(new DescribeDocumentCommand({ Name: 'UptycsAgent' })).then(
          () => true,
          () => false,
        );
        if (ok) documents.push(region);
        ssm.destroy();
      }
      return { buckets, documents };
    };

    /** The CLI from source, offline build from the sample installers, published with no -r. */
    const cli = async (env: Record<string, string>) => {
      const args = ['-d', '--agents-dir', agents, '--mapping', ORIGINAL, '-v', '5.7.0.25'];
      const child = spawn(
        NODE,
        [
          '--import',
          'tsx',
          path.join(ROOT, 'src/bin.ts'),
          ...args,
          '--output-dir',
          path.join(work, 'cli-out'),
        ],
        {
          cwd: ROOT, // for --import tsx; the paths given are absolute
          env: { PATH: process.env.PATH, HOME: work, ...awsEnv(), ...env },
        },
      );
      let err = '';
      child.stderr.on('data', (c: Buffer) => (err += c.toString()));
      child.stdout.on('data', () => {});
      const code = await new Promise<number | null>((r) => child.on('close', r));
      return { code, err };
    };
    const inEuWest1 = {
      buckets: { 'uptycs-distributor-123456789012-eu-west-1': 'eu-west-1' },
      documents: ['eu-west-1'],
    };

    it('the CLI, with AWS_REGION=eu-west-1 and no -r', async () => {
      const { code, err } = await cli({ AWS_REGION: 'eu-west-1' });
      assert.equal(code, 0, err);
      assert.match(err, /^AWS region eu-west-1 \(from AWS_REGION\)$/m);
      assert.deepEqual(await where(), inEuWest1);
    });

    it("the CLI, with AWS_PROFILE=dev whose region is eu-west-1 in the shared config file (the SDK's loader reads it)", async () => {
      const config = path.join(work, 'aws-config');
      writeFileSync(config, '[default]\nregion = sa-east-1\n[profile dev]\nregion = eu-west-1\n');
      const credentials = path.join(work, 'aws-credentials');
      writeFileSync(
        credentials,
        '[dev]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n',
      );
      const { code, err } = await cli({
        AWS_CONFIG_FILE: config,
        AWS_SHARED_CREDENTIALS_FILE: credentials,
        AWS_PROFILE: 'dev',
      });
      assert.equal(code, 0, err);
      assert.match(
        err,
        new RegExp(`^AWS region eu-west-1 \\(from the region of AWS profile dev in ${config}\\)$`, 'm'),
      );
      assert.deepEqual(await where(), inEuWest1);
    });

    it('the action, with AWS_REGION=eu-west-1 (as configure-aws-credentials exports it) and no aws-region', async () => {
      const ws = path.join(work, 'ws');
      const r = await runAction(
        ws,
        { download: 'false', 'agents-dir': agents, mapping: ORIGINAL, 'package-version': '5.7.0.25' },
        { ...awsEnv(), AWS_REGION: 'eu-west-1' },
      );
      assert.equal(r.status, 0, r.stdout);
      assert.match(r.stdout, /AWS region eu-west-1 \(from AWS_REGION\)/);
      assert.deepEqual(await where(), inEuWest1);
      assert.equal(r.outputs['document-arn'], 'arn:aws:ssm:eu-west-1:123456789012:document/UptycsAgent');
    });
  },
);
