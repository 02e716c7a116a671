/**
 * What a newcomer meets (issue 31, "confusing today"): an error derived from another input names the
 * input the user gave (-p "Uptycs Agent" also blamed --association-name, which nobody gave); against
 * plain moto, a call it lacks is named with the way to the local AWS (not "SyntaxError, HTTP 500").
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ListDocumentVersionsCommand, SSMClient } from '@aws-sdk/client-ssm';
import { runCli } from '../src/cli.js';
import { explainAwsError } from '../src/publish/plan.js';
import { motoAvailable, startMoto, type Moto } from '../scripts/local-aws/moto.js';
import { NODE, ROOT } from './helpers/runner.js';

const work = mkdtempSync(path.join(tmpdir(), 'udist-newcomer-'));
after(() => rmSync(work, { recursive: true, force: true }));

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, {
    stdout: (s) => out.push(s),
    stderr: (s) => err.push(s),
    cwd: work,
    env: {},
  });
  return { code, err: err.join('\n') };
}

describe('an error derived from another input names the input the user gave', () => {
  it('-p "Uptycs Agent": one error, for -p, none for --association-name', async () => {
    const r = await cli(['-p', 'Uptycs Agent', '--mode', 'plan']);
    assert.equal(r.code, 1);
    assert.match(r.err, /-p\/--package-name: "Uptycs Agent" must be 3 to 128 characters/);
    assert.doesNotMatch(r.err, /association-name/);
    assert.doesNotMatch(r.err, /\d+ inputs are invalid/, 'one mistake, one error');
  });

  it('with rollout targets too: still only -p', async () => {
    const r = await cli(['-p', 'Uptycs Agent', '--mode', 'plan', '--rollout-targets', 'tag:uptycs=yes']);
    assert.equal(r.code, 1);
    assert.doesNotMatch(r.err, /association-name:/);
  });

  it('a valid package name too long for the association named after it: the error names -p, and --association-name as the way out', async () => {
    const name = `P${'a'.repeat(124)}`;
    const r = await cli(['-p', name, '--mode', 'plan', '--rollout-targets', 'tag:uptycs=yes']);
    assert.equal(r.code, 1);
    assert.match(
      r.err,
      /-p\/--package-name: "Pa+" is too long for the association named after it \("Pa+-rollout", at most 128 characters\): give a shorter one, or give --association-name/,
    );
    const ok = await cli([
      '-p',
      name,
      '--mode',
      'plan',
      '--rollout-targets',
      'tag:uptycs=yes',
      '--association-name',
      'fleet',
    ]);
    assert.doesNotMatch(ok.err, /package-name|association-name/);
  });

  it('a wrong --association-name the user gave is still named', async () => {
    const r = await cli(['--mode', 'plan', '--association-name', 'x']);
    assert.match(r.err, /--association-name: "x" must be 3 to 128/);
  });
});

describe(
  'against plain moto: what the endpoint lacks, and where the local AWS is',
  { skip: !motoAvailable() && 'moto_server is not installed' },
  () => {
    let moto: Moto;
    before(async () => {
      moto = await startMoto();
    });
    after(async () => {
      await moto?.stop();
    });

    it('ListDocumentVersions on moto_server alone: names the missing call and scripts/local-aws/, not "SyntaxError, HTTP 500: HTTP 500"', async () => {
      const ssm = new SSMClient({
        region: 'us-east-1',
        endpoint: moto.url,
        credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'x' },
        maxAttempts: 1,
      });
      const err = await ssm.send(new ListDocumentVersionsCommand({ Name: 'UptycsAgent' })).then(
        () => assert.fail('moto answered ListDocumentVersions'),
        (e: unknown) => e,
      );
      ssm.destroy();
      const m = explainAwsError(err, 'ssm:ListDocumentVersions', 'document UptycsAgent in us-east-1', '');
      assert.equal(
        m,
        "ssm:ListDocumentVersions on document UptycsAgent in us-east-1 failed: the endpoint answered HTTP 500 without an AWS error, so it does not implement ListDocumentVersions; plain moto_server lacks it (and Distributor's document status): put scripts/local-aws/fake-ssm.ts in front of moto, see scripts/local-aws/README.md",
      );
    });
  },
);

describe('an Uptycs host this machine cannot look up', () => {
  const canIsolate =
    process.getuid?.() === 0 && spawnSync('unshare', ['--help'], { stdio: 'ignore' }).status === 0;

  it(
    'fails fast, naming the host and the cause (DNS), without half a minute of retries',
    { skip: !canIsolate && 'needs root and unshare(1), to give the run a DNS that does not answer' },
    () => {
      // A mount namespace whose resolv.conf names a server that is not there: getaddrinfo gives EAI_AGAIN,
      // as on a machine without working DNS (offline, or behind a proxy only).
      const resolv = path.join(work, 'resolv.conf');
      writeFileSync(resolv, 'nameserver 127.0.0.9\noptions timeout:1 attempts:1\n');
      const key = path.join(work, 'key.json');
      writeFileSync(
        key,
        JSON.stringify({
          key: 'K',
          secret: 'S'.repeat(40),
          customerId: '00000000-0000-0000-0000-000000000000',
          domain: 'tenant',
          domainSuffix: '.uptycs.example',
        }),
      );
      const cli = [
        NODE,
        '--import',
        'tsx',
        path.join(ROOT, 'src/bin.ts'),
        '-c',
        key,
        '--mapping',
        'original',
        '--dry-run',
        '--cache',
        'false',
        '--output-dir',
        path.join(work, 'dns-out'),
      ];
      const started = Date.now();
      const r = spawnSync(
        'unshare',
        ['-m', 'sh', '-c', `mount --bind "$0" /etc/resolv.conf && exec "$@"`, resolv, ...cli],
        {
          cwd: ROOT,
          env: { PATH: process.env.PATH, HOME: work },
          encoding: 'utf8',
          timeout: 120_000,
        },
      );
      const elapsed = Date.now() - started;
      assert.equal(r.status, 1, r.stderr);
      assert.match(
        r.stderr,
        /cannot look up the Uptycs API host tenant\.uptycs\.example: DNS does not answer on this machine \(EAI_AGAIN\)/,
      );
      assert.doesNotMatch(r.stderr, /retrying in/);
      assert.ok(elapsed < 30_000, `took ${elapsed} ms`);
    },
  );
});
