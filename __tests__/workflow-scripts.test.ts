/**
 * The reusable workflow's own scripts (source, role, decide, provenance, gather), taken from publish.yml
 * and run under bash with jq (and curl against a token endpoint on 127.0.0.1) as the runner runs them:
 * a failed check, a published but unconverged target, a checker role, a token naming no workflow commit,
 * an attestation the plan refused, a dry run, a missing result, a failed build.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash, createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

const ROOT = path.resolve(import.meta.dirname, '..');
const WORKFLOW = readFileSync(path.join(ROOT, '.github/workflows/publish.yml'), 'utf8');

/** The `run: |` block of the step with this id, dedented. */
function script(id: string): string {
  const lines = WORKFLOW.split('\n');
  const at = lines.findIndex((l) => l.trim() === `- id: ${id}`);
  assert.ok(at >= 0, `step ${id} in publish.yml`);
  const run = lines.findIndex((l, i) => i > at && l.trim() === 'run: |');
  const indent = lines[run + 1]!.length - lines[run + 1]!.trimStart().length;
  const body: string[] = [];
  for (const l of lines.slice(run + 1)) {
    if (l.trim() && l.length - l.trimStart().length < indent) break;
    body.push(l.slice(indent));
  }
  return body.join('\n');
}

const scratch = mkdtempSync(path.join(tmpdir(), 'udist-wf-scripts-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
let n = 0;

const TARGETS = JSON.stringify([
  { role: 'arn:aws:iam::111111111111:role/publisher', regions: 'us-east-1' },
  { role: 'arn:aws:iam::222222222222:role/publisher', regions: 'eu-west-1' },
]);
const [A, B] = (JSON.parse(TARGETS) as { role: string }[]).map((t) => t.role);
const esc = (t: string) => t.replace(/[.*:/()]/g, '\\$&');

interface Ran {
  dir: string;
  status: number | null;
  out: string;
  summary: string;
  outputs: Record<string, string>;
}

/** The API key secret and the run the artifacts' HMACs are bound to. */
const SECRET = '{"key":"k","secret":"s3cr3t","customerId":"c","domain":"d","domainSuffix":".uptycs.io"}';
const RUN = '7001';
/** What the check and publish jobs write beside their file: as the workflow computes it. */
const macOf = (text: string, run = RUN, secret = SECRET) => {
  const key = createHash('sha256').update(`uptycs-distributor-action artifact\n${secret}`).digest('hex');
  return createHmac('sha256', Buffer.from(key, 'hex')).update(`${run}\n${text}`).digest('hex');
};
/** A check or result file not written by a job of this run: no HMAC, a wrong one, another run's. */
class Forged {
  constructor(
    readonly value: unknown,
    readonly how: 'no mac' | 'other secret' | 'other run' | 'changed',
  ) {}
}

/** A fresh folder holding `files` (check.json and result.json with their HMAC), and the runner's files. */
function prepare(id: string, files: Record<string, unknown>) {
  const dir = path.join(scratch, `${id}-${++n}`);
  for (const [f, v] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    const text = JSON.stringify(v instanceof Forged ? v.value : v);
    writeFileSync(path.join(dir, f), text);
    if (!/\/(check|result)\.json$/.test(f)) continue;
    const how = v instanceof Forged ? v.how : undefined;
    const mac =
      how === 'other secret'
        ? macOf(text, RUN, 'another key')
        : how === 'other run'
          ? macOf(text, '6999')
          : how === 'changed'
            ? macOf(text.replace('true', 'false'))
            : macOf(text);
    if (how !== 'no mac') writeFileSync(path.join(dir, f.replace(/\.json$/, '.mac')), `${mac}\n`);
  }
  mkdirSync(dir, { recursive: true });
  const output = path.join(dir, 'github-output');
  const summary = path.join(dir, 'step-summary');
  writeFileSync(output, '');
  writeFileSync(summary, '');
  return { dir, output, summary };
}

function collect(
  status: number | null,
  out: string,
  o: { dir: string; output: string; summary: string },
): Ran {
  const outputs = Object.fromEntries(
    readFileSync(o.output, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  return { dir: o.dir, status, out, summary: readFileSync(o.summary, 'utf8'), outputs };
}

const stepEnv = (o: { output: string; summary: string }, env: Record<string, string>) => ({
  PATH: process.env.PATH,
  GITHUB_OUTPUT: o.output,
  GITHUB_STEP_SUMMARY: o.summary,
  TARGETS,
  MAC_SECRET: SECRET,
  RUN,
  ...env,
});

/** Runs a step's script in a fresh folder holding `files`, with the step's env. */
function runStep(id: string, env: Record<string, string>, files: Record<string, unknown> = {}): Ran {
  const o = prepare(id, files);
  const r = spawnSync('bash', ['-e', '-c', script(id)], {
    cwd: o.dir,
    env: stepEnv(o, env),
    encoding: 'utf8',
  });
  return collect(r.status, `${r.stdout}${r.stderr}`, o);
}

/** The same, not blocking the event loop (for a step that calls a server of this process). */
async function runStepAsync(id: string, env: Record<string, string>): Promise<Ran> {
  const o = prepare(id, {});
  const child = spawn('bash', ['-e', '-c', script(id)], { cwd: o.dir, env: stepEnv(o, env) });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const status = await new Promise<number | null>((r) => child.on('close', r));
  return collect(status, out, o);
}

const check = (role: string, published: boolean, converged = published, checker = true) => ({
  role,
  agentVersion: '5.7.0.25',
  versionName: '5.7.0.25',
  published,
  converged,
  checker,
});
const result = (role: string, outcome: string) => ({
  role,
  regions: 'us-east-1',
  outcome,
  'document-version': '1',
  'document-arn': 'arn',
  's3-uri': 's3://b/p',
});

describe('the reusable workflow: decide', () => {
  it('every target checked and published: nothing needed', () => {
    const r = runStep(
      'decide',
      { IF_PUBLISHED: 'skip' },
      { 'checks/check-0/check.json': check(A!, true), 'checks/check-1/check.json': check(B!, true) },
    );
    assert.equal(r.status, 0, r.out);
    assert.equal(r.outputs.needed, 'false');
    assert.match(r.summary, /Checked 2 of 2 target\(s\)/);
  });

  it("one target's check failed: the others still decide, and that target is published to", () => {
    const r = runStep('decide', { IF_PUBLISHED: 'skip' }, { 'checks/check-0/check.json': check(A!, true) });
    assert.equal(r.status, 0, r.out);
    assert.equal(r.outputs.needed, 'true');
    assert.equal(r.outputs['version-name'], '5.7.0.25');
    assert.match(r.out, new RegExp(`::warning::the check failed for ${B!.replace(/[.*:/]/g, '\\$&')}`));
    assert.match(r.summary, /Checked 1 of 2 target\(s\)/);
  });

  it('published but not converged (an account removed from share-with-accounts): needed, said so', () => {
    const r = runStep(
      'decide',
      { IF_PUBLISHED: 'skip' },
      { 'checks/check-0/check.json': check(A!, true), 'checks/check-1/check.json': check(B!, true, false) },
    );
    assert.equal(r.status, 0, r.out);
    assert.equal(r.outputs.needed, 'true', 'the publish job runs to converge');
    assert.match(r.summary, new RegExp(`${esc(B!)}: published but not converged`));
    assert.match(r.summary, new RegExp(`${esc(A!)}: already published and converged`));
    assert.doesNotMatch(r.summary, /not published/);
  });

  it('a target checked with the publisher role is named in the summary', () => {
    const r = runStep(
      'decide',
      { IF_PUBLISHED: 'skip' },
      {
        'checks/check-0/check.json': check(A!, true),
        'checks/check-1/check.json': check(B!, true, true, false),
      },
    );
    assert.equal(r.status, 0, r.out);
    assert.equal(r.outputs.needed, 'false');
    assert.match(
      r.summary,
      new RegExp(`checked with the publisher role \\(no checker-role\\): ${esc(B!)}$`, 'm'),
    );
  });

  for (const how of ['no mac', 'other secret', 'other run', 'changed'] as const)
    it(`a check file not written by a check job of this run (${how}) is ignored: its target is published to`, () => {
      // The forgery says "published and converged" so that decide would skip the target.
      const r = runStep(
        'decide',
        { IF_PUBLISHED: 'skip' },
        {
          'checks/check-0/check.json': check(A!, true),
          'checks/check-1/check.json': new Forged(check(B!, true), how),
        },
      );
      assert.equal(r.status, 0, r.out);
      assert.match(r.out, /::warning::check-1 is not what a check job of this run wrote: ignored/);
      assert.equal(r.outputs.needed, 'true', 'never skipped on a forged word');
      assert.match(r.summary, /Checked 1 of 2 target\(s\)/);
    });

  it('no check at all: one error, nothing decided', () => {
    const r = runStep('decide', { IF_PUBLISHED: 'skip' }, {});
    assert.equal(r.status, 1);
    assert.match(r.out, /::error::no target could be checked/);
    assert.equal(r.outputs.needed, undefined);
  });
});

describe('the reusable workflow: the check and result files carry an HMAC that decide and gather accept', () => {
  it('keep-check writes check.json and the HMAC of its bytes and this run, keyed from the API key secret', () => {
    const r = runStep('keep-check', {
      ROLE: A!,
      AGENT_VERSION: '5.7.0.25',
      VERSION_NAME: '5.7.0.25',
      PUBLISHED: 'true',
      CONVERGED: 'false',
      CHECKER: 'true',
    });
    assert.equal(r.status, 0, r.out);
    const text = readFileSync(path.join(r.dir, 'check/check.json'), 'utf8');
    assert.deepEqual(JSON.parse(text), check(A!, true, false));
    assert.equal(readFileSync(path.join(r.dir, 'check/check.mac'), 'utf8').trim(), macOf(text));
    assert.doesNotMatch(r.out, /s3cr3t/, 'the secret is never printed');
  });

  it('keep-result: the same for the publish job', () => {
    const r = runStep('keep-result', {
      ROLE: A!,
      REGIONS: 'us-east-1',
      OUTCOME: 'success',
      DOCUMENT_VERSION: '1',
      DOCUMENT_ARN: 'arn',
      S3_URI: 's3://b/p',
    });
    assert.equal(r.status, 0, r.out);
    const text = readFileSync(path.join(r.dir, 'result/result.json'), 'utf8');
    assert.deepEqual(JSON.parse(text), result(A!, 'success'));
    assert.equal(readFileSync(path.join(r.dir, 'result/result.mac'), 'utf8').trim(), macOf(text));
  });
});

describe('the reusable workflow: gather', () => {
  const base = { NEEDED: 'true', VERSION_NAME: '5.7.0.25', DRY_RUN: 'false', BUILD_RESULT: 'success' };

  it('every target published: one line per target, success', () => {
    const r = runStep('gather', base, {
      'results/result-0/result.json': result(A!, 'success'),
      'results/result-1/result.json': result(B!, 'success'),
    });
    assert.equal(r.status, 0, r.out);
    assert.match(r.summary, /5\.7\.0\.25: published to 2 of 2 target\(s\)/);
    assert.equal((JSON.parse(r.outputs.results!) as unknown[]).length, 2);
  });

  it('a target without a result fails the run, naming it', () => {
    const r = runStep('gather', base, { 'results/result-0/result.json': result(A!, 'success') });
    assert.equal(r.status, 1);
    assert.match(r.summary, /published to 1 of 2 target\(s\)/);
    assert.match(r.out, new RegExp(`::error::no result from ${B!.replace(/[.*:/]/g, '\\$&')}`));
  });

  it('a result file not written by a publish job of this run is ignored: that target has no result, the run fails', () => {
    const r = runStep('gather', base, {
      'results/result-0/result.json': result(A!, 'success'),
      'results/result-1/result.json': new Forged(result(B!, 'success'), 'other secret'),
    });
    assert.equal(r.status, 1);
    assert.match(r.out, /::warning::result-1 is not what a publish job of this run wrote: ignored/);
    assert.match(r.out, new RegExp(`::error::no result from ${esc(B!)}`));
    assert.equal((JSON.parse(r.outputs.results!) as unknown[]).length, 1);
  });

  it('a failed target fails the run', () => {
    const r = runStep('gather', base, {
      'results/result-0/result.json': result(A!, 'success'),
      'results/result-1/result.json': result(B!, 'failure'),
    });
    assert.equal(r.status, 1);
    assert.match(r.out, /::error::publishing failed for arn:aws:iam::222222222222:role\/publisher/);
  });

  it('a dry run says so, never "Published"', () => {
    const r = runStep('gather', { ...base, DRY_RUN: 'true' }, {});
    assert.equal(r.status, 0, r.out);
    assert.match(r.summary, /Dry run: 5\.7\.0\.25 was built and checked once; nothing was published/);
    assert.doesNotMatch(r.summary, /[Pp]ublished to/);
  });

  it('already published everywhere: nothing done, said so', () => {
    const r = runStep('gather', { ...base, NEEDED: 'false' }, {});
    assert.equal(r.status, 0, r.out);
    assert.match(r.summary, /already published and converged in every target/);
  });

  it('a failed build: nothing published, one error', () => {
    const r = runStep('gather', { ...base, BUILD_RESULT: 'failure' }, {});
    assert.equal(r.status, 1);
    assert.match(r.summary, /The build of 5\.7\.0\.25 failed: nothing was published/);
  });
});

describe('the reusable workflow: the role that checks', () => {
  const ROLE = 'arn:aws:iam::111111111111:role/publisher';

  it('no checker role: the publisher role, with a warning', () => {
    const r = runStep('role', { ROLE, CHECKER: '' });
    assert.equal(r.status, 0, r.out);
    assert.equal(r.outputs.role, ROLE);
    assert.equal(r.outputs.checker, 'false');
    assert.match(r.out, /::warning::no checker-role for arn:aws:iam::111111111111:role\/publisher/);
  });

  it('a pattern: {account} is the account of the target role', () => {
    const r = runStep('role', { ROLE, CHECKER: 'arn:aws:iam::{account}:role/uptycs-distributor-checker' });
    assert.equal(r.status, 0, r.out);
    assert.equal(r.outputs.role, 'arn:aws:iam::111111111111:role/uptycs-distributor-checker');
    assert.equal(r.outputs.checker, 'true');
    assert.doesNotMatch(r.out, /::warning::/);
  });

  it("a target's own checker role is used as it is", () => {
    const r = runStep('role', { ROLE, CHECKER: 'arn:aws:iam::999999999999:role/reader' });
    assert.equal(r.outputs.role, 'arn:aws:iam::999999999999:role/reader');
  });

  it('{account} with a target role that is no IAM role ARN: one error, no role', () => {
    const r = runStep('role', { ROLE: 'publisher', CHECKER: 'arn:aws:iam::{account}:role/checker' });
    assert.equal(r.status, 1);
    assert.match(r.out, /::error::checker-role arn:aws:iam::\{account\}:role\/checker: \{account\} needs/);
    assert.equal(r.outputs.role, undefined);
  });

  it('a checker role that is no role ARN: one error', () => {
    const r = runStep('role', { ROLE, CHECKER: 'uptycs-checker' });
    assert.equal(r.status, 1);
    assert.match(r.out, /::error::checker-role "uptycs-checker" is not an IAM role ARN/);
    assert.equal(r.outputs.role, undefined);
  });
});

describe("the reusable workflow: the source job reads this workflow's commit from its own token", () => {
  const SHA = 'a'.repeat(40);
  const jwt = (claims: object) =>
    ['{"alg":"RS256"}', JSON.stringify(claims), 'sig']
      .map((p) => Buffer.from(p).toString('base64url'))
      .join('.');
  let claims: object = {};
  const audiences: string[] = [];
  const server = createServer((req, res) => {
    audiences.push(new URL(req.url!, 'http://x').searchParams.get('audience') ?? '');
    if (req.headers.authorization !== 'bearer request-token') return void res.writeHead(401).end();
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ value: jwt(claims) }));
  });
  let url = '';
  before(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const a = server.address();
    url = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}/token?api-version=2.0`;
  });
  after(() => server.close());
  const env = () => ({
    ACTIONS_ID_TOKEN_REQUEST_URL: url,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'request-token',
    ATTEST: 'auto',
  });

  it('the repository and commit of job_workflow_ref and job_workflow_sha', async () => {
    claims = {
      job_workflow_ref: 'org/uptycs-distributor-action/.github/workflows/publish.yml@refs/tags/v1',
      job_workflow_sha: SHA,
      // The caller's commit, which is not the action's: never used.
      sha: 'b'.repeat(40),
      repository: 'caller/fleet',
    };
    const r = await runStepAsync('source', env());
    assert.equal(r.status, 0, r.out);
    assert.deepEqual(r.outputs, { repository: 'org/uptycs-distributor-action', sha: SHA });
    assert.equal(audiences.at(-1), 'uptycs-distributor-action:source', 'an audience no AWS role accepts');
    assert.match(r.summary, /runs from org\/uptycs-distributor-action at a{40} \(refs\/tags\/v1\)/);
  });

  for (const [what, c] of [
    [
      'no job_workflow_sha',
      { job_workflow_ref: 'org/uptycs-distributor-action/.github/workflows/publish.yml@v1' },
    ],
    [
      'a short sha',
      { job_workflow_ref: 'org/a/.github/workflows/publish.yml@v1', job_workflow_sha: 'abc123' },
    ],
    ['a ref that names no workflow file', { job_workflow_ref: 'org/a@v1', job_workflow_sha: SHA }],
  ] as const)
    it(`${what}: one error, no commit, so nothing runs`, async () => {
      claims = c;
      const r = await runStepAsync('source', env());
      assert.equal(r.status, 1, r.out);
      assert.match(r.out, /::error::this job's OIDC token names no workflow commit/);
      assert.deepEqual(r.outputs, {});
    });

  it('attest that is not auto, true or false: one error naming the input, before any token', async () => {
    const before = audiences.length;
    const r = await runStepAsync('source', { ...env(), ATTEST: 'yes' });
    assert.equal(r.status, 1);
    assert.match(r.out, /::error::input attest: "yes" is not auto, true or false/);
    assert.equal(audiences.length, before, 'no token requested');
  });

  it('no id-token permission: one error naming it', async () => {
    const r = await runStepAsync('source', { ATTEST: 'auto' });
    assert.equal(r.status, 1);
    assert.match(r.out, /::error::no OIDC token: the calling job must grant permissions id-token: write/);
  });
});

describe('the reusable workflow: how to verify the provenance', () => {
  const base = {
    REPO: 'caller/fleet',
    WORKFLOW: 'org/uptycs-distributor-action/.github/workflows/publish.yml',
    VERSION_NAME: '5.7.0.25',
    PACKAGE_NAME: 'UptycsAgent',
  };

  it('attested: the summary gives the commands, with the caller repository and the signer workflow', () => {
    const r = runStep('provenance', { ...base, ATTEST: 'auto', OUTCOME: 'success' });
    assert.equal(r.status, 0, r.out);
    assert.match(r.summary, /aws s3 cp --recursive s3:\/\/BUCKET\/uptycs\/UptycsAgent\/5\.7\.0\.25\//);
    assert.match(
      r.summary,
      /gh attestation verify "\$f" --repo caller\/fleet --signer-workflow org\/uptycs-distributor-action\/\.github\/workflows\/publish\.yml/,
    );
  });

  it('auto where the plan has no attestations: a warning, the build goes on', () => {
    const r = runStep('provenance', { ...base, ATTEST: 'auto', OUTCOME: 'failure' });
    assert.equal(r.status, 0);
    assert.match(r.out, /::warning::the zips and manifest.json were not attested/);
    assert.match(r.summary, /not attested/);
    assert.doesNotMatch(r.summary, /gh attestation verify/);
  });

  it('attest: false says so', () => {
    const r = runStep('provenance', { ...base, ATTEST: 'false', OUTCOME: 'skipped' });
    assert.equal(r.status, 0);
    assert.match(r.summary, /not attested \(attest: false\)/);
  });
});

describe('the reusable workflow: no installers in a public artifact without an opt-in', () => {
  /** A `gh` on PATH that answers the repository's visibility, and logs what it was asked. */
  const fakeGh = (visibility: string) => {
    const bin = mkdtempSync(path.join(scratch, 'gh-'));
    writeFileSync(
      path.join(bin, 'gh'),
      `#!/bin/sh\necho "$*" >> "${bin}/calls"\n[ "$1 $2" = "api repos/org/fleet" ] && echo ${visibility}\n`,
    );
    chmodSync(path.join(bin, 'gh'), 0o755);
    return { PATH: `${bin}:${process.env.PATH}`, calls: () => readFileSync(path.join(bin, 'calls'), 'utf8') };
  };

  it('a public repository: one error, before the build (nothing downloaded, nothing uploaded)', () => {
    const gh = fakeGh('public');
    const r = runStep('public-guard', { PATH: gh.PATH, REPO: 'org/fleet', GH_TOKEN: 't' });
    assert.equal(r.status, 1);
    assert.equal(r.out.match(/::error::/g)?.length, 1, r.out);
    assert.match(r.out, /::error::this repository is public: .* set allow-public-handoff: true/);
    assert.equal(gh.calls(), 'api repos/org/fleet --jq .visibility\n', 'only the visibility was asked');
  });

  for (const visibility of ['private', 'internal'])
    it(`a ${visibility} repository: the build goes on`, () => {
      const r = runStep('public-guard', { PATH: fakeGh(visibility).PATH, REPO: 'org/fleet', GH_TOKEN: 't' });
      assert.equal(r.status, 0, r.out);
      assert.doesNotMatch(r.out, /::error::/);
    });
});
