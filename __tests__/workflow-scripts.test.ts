/**
 * The reusable workflow's own scripts (source, role, keep-check, decide, provenance, keep-result, gather,
 * cleanup), taken from publish.yml and run under bash with jq (and curl against a token endpoint on
 * 127.0.0.1) as the runner runs them, with the artifacts laid out as the pinned download-artifact lays
 * them out; and the release workflow's steps, with stand-ins for gh, npm and the push.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash, createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

const ROOT = path.resolve(import.meta.dirname, '..');
const WORKFLOW = readFileSync(path.join(ROOT, '.github/workflows/publish.yml'), 'utf8');

const RELEASE = readFileSync(path.join(ROOT, '.github/workflows/release.yml'), 'utf8');

/** The `run: |` block of the step with this id (of publish.yml, or the workflow given), dedented. */
function script(id: string, workflow = WORKFLOW): string {
  const lines = workflow.split('\n');
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

/** The API key secret, and the call, run and attempt the artifacts' HMACs are bound to. */
const SECRET = '{"key":"k","secret":"s3cr3t","customerId":"c","domain":"d","domainSuffix":".uptycs.io"}';
const RUN = '7001';
const CALL = 'c0ffee123456';
const ATTEMPT = '1';
type Kind = 'check' | 'result';
interface Bound {
  run?: string;
  secret?: string;
  call?: string;
}
/** What the check and publish jobs write beside their file: as the workflow computes it. */
const macOf = (kind: Kind, index: number, attempt: number, text: string, o: Bound = {}) => {
  const key = createHash('sha256')
    .update(`uptycs-distributor-action artifact\n${o.secret ?? SECRET}`)
    .digest('hex');
  return createHmac('sha256', Buffer.from(key, 'hex'))
    .update(
      `uptycs-distributor-action ${kind}\n${o.call ?? CALL}\n${o.run ?? RUN}\n${index}\n${attempt}\n${text}`,
    )
    .digest('hex');
};

/** One artifact of the run: its name and its files (the upload's `path:` folder is the root). */
interface Artifact {
  name: string;
  files: Record<string, string>;
}
/** How a check or result artifact is forged: no HMAC, another key, run or call, or changed bytes. */
type Forgery = 'no mac' | 'other secret' | 'other run' | 'other call' | 'changed';
/** The artifact a check or publish job of this call uploads for slot `index`, or a forgery of it. */
function artifact(
  kind: Kind,
  index: number,
  value: unknown,
  o: { attempt?: number; forged?: Forgery; call?: string } = {},
): Artifact {
  const attempt = o.attempt ?? 1;
  const text = JSON.stringify(value);
  const file = `${kind}-${index}-a${attempt}`;
  const f = o.forged;
  const mac =
    f === 'other secret'
      ? macOf(kind, index, attempt, text, { secret: 'another key' })
      : f === 'other run'
        ? macOf(kind, index, attempt, text, { run: '6999' })
        : f === 'other call'
          ? macOf(kind, index, attempt, text, { call: 'feedface0000' })
          : f === 'changed'
            ? macOf(kind, index, attempt, text.replace('true', 'false'))
            : macOf(kind, index, attempt, text);
  return {
    name: `uptycs-${o.call ?? CALL}-${kind}-${index}`,
    files: { [`${file}.json`]: text, ...(f === 'no mac' ? {} : { [`${file}.mac`]: `${mac}\n` }) },
  };
}

/** The `with:` of a job's step that uses `action` (e.g. actions/download-artifact), from publish.yml. */
function withOf(job: string, action: string): Record<string, string> {
  const body = WORKFLOW.split(new RegExp(`^  ${job}:$`, 'm'))[1]!.split(/^ {2}\S/m)[0]!;
  const lines = body.split('\n');
  const at = lines.findIndex((l) => l.includes(`uses: ${action}@`));
  assert.ok(at >= 0, `${job} uses ${action}`);
  const out: Record<string, string> = {};
  const w = lines.findIndex((l, i) => i > at && l.trim() === 'with:');
  for (const l of lines.slice(w + 1)) {
    const m = /^\s+([\w-]+): (.*?)(\s+#.*)?$/.exec(l);
    if (!m || l.trimStart().startsWith('- ')) break;
    out[m[1]!] = m[2]!.replace('${{ needs.source.outputs.call-id }}', CALL);
  }
  return out;
}

/**
 * Lays `artifacts` out under `dir` exactly as the pinned actions/download-artifact (v8.0.1,
 * src/download-artifact.ts) does for a download step's `with:`: the artifacts whose name matches
 * `pattern` (the newest of each name); each is extracted into `path` itself when the step merges
 * (`merge-multiple`) or when only one matched, else into `path/<artifact name>/`.
 */
function layOut(step: Record<string, string>, artifacts: Artifact[], dir: string) {
  assert.ok(step.pattern && step.path, 'a download by pattern, into a path');
  const glob = step.pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  const re = new RegExp(`^${glob.join('[^/]*')}$`);
  const latest = new Map(artifacts.map((a) => [a.name, a]));
  const matched = [...latest.values()].filter((a) => re.test(a.name));
  const merge = step['merge-multiple'] === 'true';
  for (const a of matched) {
    const to = merge || matched.length === 1 ? path.join(dir, step.path) : path.join(dir, step.path, a.name);
    mkdirSync(to, { recursive: true });
    for (const [f, text] of Object.entries(a.files)) writeFileSync(path.join(to, f), text);
  }
}

/** The job's download step (from publish.yml), applied to `artifacts`. */
const download = (job: string, artifacts: Artifact[], dir: string) =>
  layOut(withOf(job, 'actions/download-artifact'), artifacts, dir);

/** What an upload-artifact step of `job` uploads after its step wrote into `dir`: the files of its path. */
function uploaded(job: string, dir: string, index: number): Artifact {
  const step = withOf(job, 'actions/upload-artifact');
  const root = path.join(dir, step.path!);
  const files = Object.fromEntries(
    readdirSync(root).map((f) => [f, readFileSync(path.join(root, f), 'utf8')]),
  );
  return { name: step.name!.replace('${{ strategy.job-index }}', String(index)), files };
}

/** A fresh folder holding `files`, the artifacts as the job's download step lays them out, and the runner's files. */
function prepare(id: string, files: Record<string, unknown>, artifacts?: { job: string; list: Artifact[] }) {
  const dir = path.join(scratch, `${id}-${++n}`);
  mkdirSync(dir, { recursive: true });
  for (const [f, v] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    writeFileSync(path.join(dir, f), typeof v === 'string' ? v : JSON.stringify(v));
  }
  if (artifacts) download(artifacts.job, artifacts.list, dir);
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
  ATTEMPT,
  CALL,
  ...env,
});

/** Runs a step's script in a fresh folder holding `files` and the job's downloaded artifacts, with the step's env. */
function runStep(
  id: string,
  env: Record<string, string>,
  files: Record<string, unknown> = {},
  artifacts?: { job: string; list: Artifact[] },
): Ran {
  const o = prepare(id, files, artifacts);
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

const checks = (...list: Artifact[]) => ({ job: 'decide', list });
const results = (...list: Artifact[]) => ({ job: 'gather', list });

describe('the reusable workflow: decide', () => {
  it('every target checked and published: nothing needed', () => {
    const r = runStep(
      'decide',
      { IF_PUBLISHED: 'skip' },
      {},
      checks(artifact('check', 0, check(A!, true)), artifact('check', 1, check(B!, true))),
    );
    assert.equal(r.status, 0, r.out);
    assert.equal(r.outputs.needed, 'false');
    assert.match(r.summary, /Checked 2 of 2 target\(s\)/);
  });

  it("one target's check failed: the others still decide, and that target is published to", () => {
    const r = runStep('decide', { IF_PUBLISHED: 'skip' }, {}, checks(artifact('check', 0, check(A!, true))));
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
      {},
      checks(artifact('check', 0, check(A!, true)), artifact('check', 1, check(B!, true, false))),
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
      {},
      checks(artifact('check', 0, check(A!, true)), artifact('check', 1, check(B!, true, true, false))),
    );
    assert.equal(r.status, 0, r.out);
    assert.equal(r.outputs.needed, 'false');
    assert.match(
      r.summary,
      new RegExp(`checked with the publisher role \\(no checker-role\\): ${esc(B!)}$`, 'm'),
    );
  });

  for (const how of ['no mac', 'other secret', 'other run', 'other call', 'changed'] as const)
    it(`a check file not written by a check job of this call (${how}) is ignored: its target is published to`, () => {
      // The forgery says "published and converged" so that decide would skip the target. Another call's
      // file is put under this call's artifact name, as a job of the run could.
      const forged = artifact('check', 1, check(B!, true), { forged: how });
      const r = runStep(
        'decide',
        { IF_PUBLISHED: 'skip' },
        {},
        checks(artifact('check', 0, check(A!, true)), { ...forged, name: `uptycs-${CALL}-check-1` }),
      );
      assert.equal(r.status, 0, r.out);
      assert.match(r.out, /::warning::check-1-a1\.json is not what a check job of this call wrote: ignored/);
      assert.equal(r.outputs.needed, 'true', 'never skipped on a forged word');
      assert.match(r.summary, /Checked 1 of 2 target\(s\)/);
    });

  it('no check at all: one error, nothing decided', () => {
    const r = runStep('decide', { IF_PUBLISHED: 'skip' }, {}, checks());
    assert.equal(r.status, 1);
    assert.match(r.out, /::error::no target could be checked/);
    assert.equal(r.outputs.needed, undefined);
  });
});

describe('the reusable workflow: the artifacts are laid out as the pinned download-artifact does, for one target and for many', () => {
  it('the model of download-artifact v8.0.1: one match lands in path itself, several in path/<name>/ unless merged', () => {
    assert.match(WORKFLOW, /actions\/download-artifact@3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c # v8\.0\.1/);
    const a = { name: 'x-1', files: { 'f.json': '1' } };
    const b = { name: 'x-2', files: { 'g.json': '2' } };
    const other = { name: 'y-1', files: { 'h.json': '3' } };
    const dir = mkdtempSync(path.join(scratch, 'model-'));
    const lay = (name: string, list: Artifact[], merge: boolean) => {
      const step = { pattern: 'x-*', path: name, ...(merge ? { 'merge-multiple': 'true' } : {}) };
      layOut(step, list, dir);
      return readdirSync(path.join(dir, name)).sort();
    };
    assert.deepEqual(lay('one', [a, other], false), ['f.json'], 'a single match: straight into path');
    assert.deepEqual(lay('many', [a, b, other], false), ['x-1', 'x-2'], 'several: one folder each');
    assert.deepEqual(lay('merged', [a, b], true), ['f.json', 'g.json'], 'merged: into path');
    assert.deepEqual(lay('merged-one', [a], true), ['f.json']);
    // So the workflow merges: the same layout whatever the count.
    for (const job of ['decide', 'gather'])
      assert.equal(withOf(job, 'actions/download-artifact')['merge-multiple'], 'true', job);
  });

  const ONE = JSON.stringify([{ role: A!, regions: 'us-east-1' }]);
  for (const [what, targets] of [
    ['one target', ONE],
    ['two targets', TARGETS],
  ] as const) {
    const roles = (JSON.parse(targets) as { role: string }[]).map((t) => t.role);

    it(`${what}: what the check jobs upload, decide reads`, () => {
      const list = roles.map((role, i) => {
        const k = runStep('keep-check', {
          ROLE: role,
          INDEX: String(i),
          AGENT_VERSION: '5.7.0.25',
          VERSION_NAME: '5.7.0.25',
          PUBLISHED: 'true',
          CONVERGED: 'true',
          CHECKER: 'true',
        });
        assert.equal(k.status, 0, k.out);
        return uploaded('check', k.dir, i);
      });
      const r = runStep('decide', { IF_PUBLISHED: 'skip', TARGETS: targets }, {}, checks(...list));
      assert.equal(r.status, 0, r.out);
      assert.doesNotMatch(r.out, /::warning::/);
      assert.equal(r.outputs.needed, 'false');
      assert.match(r.summary, new RegExp(`Checked ${roles.length} of ${roles.length} target`));
    });

    it(`${what}: what the publish jobs upload, gather reads`, () => {
      const list = roles.map((role, i) => {
        const k = runStep('keep-result', {
          ROLE: role,
          INDEX: String(i),
          REGIONS: 'us-east-1',
          OUTCOME: 'success',
          DOCUMENT_VERSION: '1',
          DOCUMENT_ARN: 'arn',
          S3_URI: 's3://b/p',
        });
        assert.equal(k.status, 0, k.out);
        return uploaded('publish', k.dir, i);
      });
      const r = runStep(
        'gather',
        {
          NEEDED: 'true',
          VERSION_NAME: '5.7.0.25',
          DRY_RUN: 'false',
          BUILD_RESULT: 'success',
          TARGETS: targets,
        },
        {},
        results(...list),
      );
      assert.equal(r.status, 0, r.out);
      assert.match(r.summary, new RegExp(`published to ${roles.length} of ${roles.length} target`));
      assert.equal((JSON.parse(r.outputs.results!) as unknown[]).length, roles.length);
    });
  }

  it('every artifact is named for this call, so that another call of the same run neither matches nor overwrites it', () => {
    for (const [job, action] of [
      ['check', 'actions/upload-artifact'],
      ['build', 'actions/upload-artifact'],
      ['publish', 'actions/upload-artifact'],
    ] as const)
      assert.match(withOf(job, action).name!, new RegExp(`^uptycs-${CALL}-`), job);
    for (const job of ['decide', 'gather'])
      assert.match(withOf(job, 'actions/download-artifact').pattern!, new RegExp(`^uptycs-${CALL}-`), job);
    // Another call's genuine check, under its own name: not even downloaded.
    const r = runStep(
      'decide',
      { IF_PUBLISHED: 'skip' },
      {},
      checks(
        artifact('check', 0, check(A!, true)),
        artifact('check', 1, check(B!, true), { call: 'feedface0000' }),
      ),
    );
    assert.equal(r.outputs.needed, 'true');
    assert.match(r.summary, /Checked 1 of 2/);
  });
});

describe('the reusable workflow: a check or result file is bound to its kind, call, target index and attempt', () => {
  /** A genuine file of one kind and slot, renamed to another kind, slot or attempt. */
  const moved = (a: Artifact, name: string, file: string): Artifact => {
    const [json, mac] = Object.values(a.files);
    return { name, files: { [`${file}.json`]: json!, [`${file}.mac`]: mac! } };
  };

  it("a genuine result file copied into a check's place is ignored: its target is published to", () => {
    // Both say the same role: only the kind tells them apart.
    const res = artifact('result', 1, { ...check(B!, true), outcome: 'success' });
    const r = runStep(
      'decide',
      { IF_PUBLISHED: 'skip' },
      {},
      checks(artifact('check', 0, check(A!, true)), moved(res, `uptycs-${CALL}-check-1`, 'check-1-a1')),
    );
    assert.equal(r.status, 0, r.out);
    assert.match(r.out, /::warning::check-1-a1\.json is not what a check job of this call wrote: ignored/);
    assert.equal(r.outputs.needed, 'true');
    assert.doesNotMatch(r.out, /shipped during the check/);
  });

  it("a genuine check moved to another target's slot is ignored", () => {
    // Target 0's own check (published), put in slot 1 with its role changed to B's is refused twice over;
    // moved as it is, the role no longer matches the slot's target.
    const a0 = artifact('check', 0, check(B!, true));
    const r = runStep(
      'decide',
      { IF_PUBLISHED: 'skip' },
      {},
      checks(artifact('check', 0, check(A!, false)), moved(a0, `uptycs-${CALL}-check-1`, 'check-1-a1')),
    );
    assert.match(r.out, /::warning::check-1-a1\.json is not what a check job of this call wrote: ignored/);
    assert.match(r.summary, /Checked 1 of 2/);
  });

  it('a check file of a later attempt than this one, or renamed to another attempt, is ignored', () => {
    const later = artifact('check', 1, check(B!, true), { attempt: 2 });
    const renamed = moved(artifact('check', 1, check(B!, true)), `uptycs-${CALL}-check-1`, 'check-1-a2');
    for (const [env, a] of [
      [{ ATTEMPT: '1' }, later],
      [{ ATTEMPT: '3' }, renamed],
    ] as const) {
      const r = runStep(
        'decide',
        { IF_PUBLISHED: 'skip', ...env },
        {},
        checks(artifact('check', 0, check(A!, true)), a),
      );
      assert.match(r.out, /::warning::check-1-a2\.json is not what a check job of this call wrote: ignored/);
      assert.equal(r.outputs.needed, 'true');
    }
  });

  it('after "Re-run failed jobs": the earlier attempt of the other targets counts, the newest of a re-run slot wins', () => {
    // Attempt 1: target 0 published, target 1 failed; attempt 2 re-ran target 1 only.
    const r = runStep(
      'gather',
      { NEEDED: 'true', VERSION_NAME: '5.7.0.25', DRY_RUN: 'false', BUILD_RESULT: 'success', ATTEMPT: '2' },
      {
        [`results/result-1-a1.json`]: JSON.stringify(result(B!, 'failure')),
        [`results/result-1-a1.mac`]: macOf('result', 1, 1, JSON.stringify(result(B!, 'failure'))),
      },
      results(
        artifact('result', 0, result(A!, 'success')),
        artifact('result', 1, result(B!, 'success'), { attempt: 2 }),
      ),
    );
    assert.equal(r.status, 0, r.out);
    assert.match(r.summary, /published to 2 of 2 target\(s\)/);
    assert.equal((JSON.parse(r.outputs.results!) as unknown[]).length, 2);
  });
});

describe('the reusable workflow: the check and result files carry an HMAC that decide and gather accept', () => {
  it('keep-check writes check.json and the HMAC of its bytes and this run, keyed from the API key secret', () => {
    const r = runStep('keep-check', {
      ROLE: A!,
      INDEX: '0',
      AGENT_VERSION: '5.7.0.25',
      VERSION_NAME: '5.7.0.25',
      PUBLISHED: 'true',
      CONVERGED: 'false',
      CHECKER: 'true',
    });
    assert.equal(r.status, 0, r.out);
    const text = readFileSync(path.join(r.dir, 'check/check-0-a1.json'), 'utf8');
    assert.deepEqual(JSON.parse(text), check(A!, true, false));
    assert.equal(
      readFileSync(path.join(r.dir, 'check/check-0-a1.mac'), 'utf8').trim(),
      macOf('check', 0, 1, text),
    );
    assert.doesNotMatch(r.out, /s3cr3t/, 'the secret is never printed');
  });

  it('keep-result: the same for the publish job', () => {
    const r = runStep('keep-result', {
      ROLE: A!,
      INDEX: '1',
      REGIONS: 'us-east-1',
      OUTCOME: 'success',
      DOCUMENT_VERSION: '1',
      DOCUMENT_ARN: 'arn',
      S3_URI: 's3://b/p',
    });
    assert.equal(r.status, 0, r.out);
    const text = readFileSync(path.join(r.dir, 'result/result-1-a1.json'), 'utf8');
    assert.deepEqual(JSON.parse(text), result(A!, 'success'));
    assert.equal(
      readFileSync(path.join(r.dir, 'result/result-1-a1.mac'), 'utf8').trim(),
      macOf('result', 1, 1, text),
    );
  });
});

describe('the reusable workflow: gather', () => {
  const base = { NEEDED: 'true', VERSION_NAME: '5.7.0.25', DRY_RUN: 'false', BUILD_RESULT: 'success' };

  it('every target published: one line per target, success', () => {
    const r = runStep(
      'gather',
      base,
      {},
      results(artifact('result', 0, result(A!, 'success')), artifact('result', 1, result(B!, 'success'))),
    );
    assert.equal(r.status, 0, r.out);
    assert.match(r.summary, /5\.7\.0\.25: published to 2 of 2 target\(s\)/);
    assert.equal((JSON.parse(r.outputs.results!) as unknown[]).length, 2);
  });

  it('a target without a result fails the run, naming it', () => {
    const r = runStep('gather', base, {}, results(artifact('result', 0, result(A!, 'success'))));
    assert.equal(r.status, 1);
    assert.match(r.summary, /published to 1 of 2 target\(s\)/);
    assert.match(r.out, new RegExp(`::error::no result from ${B!.replace(/[.*:/]/g, '\\$&')}`));
  });

  it('a result file not written by a publish job of this run is ignored: that target has no result, the run fails', () => {
    const r = runStep(
      'gather',
      base,
      {},
      results(
        artifact('result', 0, result(A!, 'success')),
        artifact('result', 1, result(B!, 'success'), { forged: 'other secret' }),
      ),
    );
    assert.equal(r.status, 1);
    assert.match(r.out, /::warning::result-1-a1\.json is not what a publish job of this call wrote: ignored/);
    assert.match(r.out, new RegExp(`::error::no result from ${esc(B!)}`));
    assert.equal((JSON.parse(r.outputs.results!) as unknown[]).length, 1);
  });

  it('a failed target fails the run', () => {
    const r = runStep(
      'gather',
      base,
      {},
      results(artifact('result', 0, result(A!, 'success')), artifact('result', 1, result(B!, 'failure'))),
    );
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
  const INPUTS = { 'package-name': 'UptycsAgent', targets: TARGETS, attest: 'auto' };
  const env = (inputs: object = INPUTS) => ({
    ACTIONS_ID_TOKEN_REQUEST_URL: url,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'request-token',
    ATTEST: 'auto',
    API_KEY: SECRET,
    CALL_INPUTS: JSON.stringify(inputs),
  });
  const good = {
    job_workflow_ref: 'org/uptycs-distributor-action/.github/workflows/publish.yml@refs/tags/v1',
    job_workflow_sha: SHA,
  };

  it('a pretty-printed (multi-line) API key secret: one error saying how to store it, before any token', async () => {
    const before = audiences.length;
    const pretty = JSON.stringify(JSON.parse(SECRET), null, 2);
    for (const key of [pretty, pretty.replace(/\n/g, '\r\n'), '{"key": "k",\r"secret": "s"}']) {
      const r = await runStepAsync('source', { ...env(), API_KEY: key });
      assert.equal(r.status, 1, r.out);
      assert.equal(r.out.match(/::error::/g)?.length, 1, r.out);
      assert.match(
        r.out,
        /::error::secret uptycs-api-key spans several lines .* jq -c \. uptycs-key\.json \| gh secret set UPTYCS_API_KEY/,
      );
      // The message itself survives masking: it holds no brace (a masked line of the secret).
      assert.doesNotMatch(r.out.split('::error::')[1]!, /[{}]/);
      assert.deepEqual(r.outputs, {});
    }
    assert.equal(audiences.length, before, 'no token requested');
    // One line, with a trailing line break (as gh secret set < file stores it): accepted.
    claims = good;
    const r = await runStepAsync('source', { ...env(), API_KEY: `${SECRET}\n` });
    assert.equal(r.status, 0, r.out);
  });

  it("the call id: the same for the same inputs, another for another call's (e.g. the next batch of targets)", async () => {
    claims = good;
    const ids: string[] = [];
    for (const inputs of [
      INPUTS,
      { ...INPUTS },
      { ...INPUTS, targets: '[{"role": "x", "regions": "us-east-1"}]' },
    ]) {
      const r = await runStepAsync('source', env(inputs));
      assert.equal(r.status, 0, r.out);
      assert.match(r.outputs['call-id']!, /^[0-9a-f]{12}$/);
      ids.push(r.outputs['call-id']!);
    }
    assert.equal(ids[0], ids[1]);
    assert.notEqual(ids[0], ids[2]);
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
    assert.deepEqual(Object.keys(r.outputs).sort(), ['call-id', 'repository', 'sha']);
    assert.equal(r.outputs.repository, 'org/uptycs-distributor-action');
    assert.equal(r.outputs.sha, SHA);
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
    const r = await runStepAsync('source', { ATTEST: 'auto', API_KEY: SECRET, CALL_INPUTS: '{}' });
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

describe("the reusable workflow: cleanup deletes this call's artifacts after a success, keeps them for a re-run after a failure", () => {
  /** A `gh` on PATH that lists the run's artifacts (applying --jq as gh does) and logs what it deletes. */
  const fakeGh = (artifacts: { id: number; name: string }[]) => {
    const bin = mkdtempSync(path.join(scratch, 'gh-'));
    writeFileSync(path.join(bin, 'list.json'), JSON.stringify({ artifacts }));
    writeFileSync(
      path.join(bin, 'gh'),
      `#!/bin/bash
if [ "$1 $2 $3" = "api --paginate repos/org/fleet/actions/runs/7001/artifacts" ] && [ "$4" = --jq ]; then
  jq -r "$5" "${bin}/list.json"; exit
fi
if [ "$1 $2 $3" = "api -X DELETE" ]; then echo "$4" >> "${bin}/deleted"; exit; fi
echo "unexpected: $*" >&2; exit 1
`,
    );
    chmodSync(path.join(bin, 'gh'), 0o755);
    return {
      PATH: `${bin}:${process.env.PATH}`,
      deleted: () => {
        try {
          return readFileSync(path.join(bin, 'deleted'), 'utf8').split('\n').filter(Boolean);
        } catch {
          return [];
        }
      },
    };
  };
  const ARTIFACTS = [
    { id: 1, name: `uptycs-${CALL}-check-0` },
    { id: 2, name: `uptycs-${CALL}-package` },
    { id: 3, name: `uptycs-${CALL}-result-0` },
    // Another call of the same run, and the caller's own artifact: never touched.
    { id: 4, name: 'uptycs-feedface0000-package' },
    { id: 5, name: 'coverage' },
  ];
  const env = (gh: { PATH: string }, results: string) => ({
    PATH: gh.PATH,
    GH_TOKEN: 't',
    REPO: 'org/fleet',
    RUN_ID: RUN,
    RESULTS: results,
  });

  it("everything succeeded: this call's artifacts are deleted, no other", () => {
    const gh = fakeGh(ARTIFACTS);
    const r = runStep('cleanup', env(gh, 'decide=success build=success publish=success gather=success'));
    assert.equal(r.status, 0, r.out);
    assert.deepEqual(gh.deleted(), [
      'repos/org/fleet/actions/artifacts/1',
      'repos/org/fleet/actions/artifacts/2',
      'repos/org/fleet/actions/artifacts/3',
    ]);
  });

  it('a no-op nightly (nothing needed, build and publish skipped): its check artifacts are deleted too', () => {
    const gh = fakeGh(ARTIFACTS.filter((a) => /check/.test(a.name)));
    const r = runStep('cleanup', env(gh, 'decide=success build=skipped publish=skipped gather=success'));
    assert.equal(r.status, 0, r.out);
    assert.deepEqual(gh.deleted(), ['repos/org/fleet/actions/artifacts/1']);
  });

  it('a failed publish leg: the artifacts are kept for "Re-run failed jobs", and the summary says how to delete them now', () => {
    const gh = fakeGh(ARTIFACTS);
    const r = runStep('cleanup', env(gh, 'decide=success build=success publish=failure gather=failure'));
    assert.equal(r.status, 0, r.out);
    assert.deepEqual(gh.deleted(), [], 'the package stays for the re-run of the failed targets');
    assert.match(r.out, /::notice::kept this call's artifacts for "Re-run failed jobs"/);
    assert.match(r.summary, /gh api -X DELETE repos\/org\/fleet\/actions\/artifacts\/2/);
    assert.doesNotMatch(r.summary, /artifacts\/4/);
  });

  it('the publish job says what to do when the package artifact is gone', () => {
    const r = runStep('package-gone', { ARTIFACT: '42' });
    assert.equal(r.status, 1);
    assert.match(r.out, /::error::the package artifact 42 could not be downloaded: .* Re-run all jobs/);
  });
});

describe('the release workflow: re-runnable, the CLI tarball attached, the major tag moved without GITHUB_TOKEN', () => {
  /** Runs a step of release.yml in `cwd` with fakes on PATH; returns what it printed and wrote. */
  const runRelease = (id: string, cwd: string, env: Record<string, string>) => {
    const summary = path.join(cwd, '..', `summary-${++n}`);
    writeFileSync(summary, '');
    const r = spawnSync('bash', ['-e', '-o', 'pipefail', '-c', script(id, RELEASE)], {
      cwd,
      env: { PATH: process.env.PATH, HOME: scratch, GITHUB_STEP_SUMMARY: summary, RUNNER_TEMP: cwd, ...env },
      encoding: 'utf8',
    });
    return { status: r.status, out: `${r.stdout}${r.stderr}`, summary: readFileSync(summary, 'utf8') };
  };

  /** A `gh` that keeps one release's state in a file, and an `npm` whose pack writes the tarball. */
  const fakes = () => {
    const bin = mkdtempSync(path.join(scratch, 'release-'));
    const state = path.join(bin, 'state');
    writeFileSync(
      path.join(bin, 'gh'),
      `#!/bin/bash
echo "gh $*" >> "${bin}/calls"
case "$1 $2" in
  "release view") [ -f "${state}" ] || { echo "release not found" >&2; exit 1; }
    if [ "$(cat "${state}")" = draft ]; then echo draft; else echo published; fi ;;
  "release create") [ -f "${state}" ] && { echo "already exists" >&2; exit 1; }; echo draft > "${state}" ;;
  "release upload") [ "$(cat "${state}")" = draft ] || { echo "immutable release" >&2; exit 1; } ;;
  "release edit") echo published > "${state}" ;;
esac
`,
    );
    writeFileSync(
      path.join(bin, 'npm'),
      `#!/bin/bash\necho "npm $*" >> "${bin}/calls"\ntouch uptycs-distributor-1.2.3.tgz\necho uptycs-distributor-1.2.3.tgz\n`,
    );
    chmodSync(path.join(bin, 'gh'), 0o755);
    chmodSync(path.join(bin, 'npm'), 0o755);
    const work = path.join(bin, 'work');
    mkdirSync(work);
    return {
      work,
      PATH: `${bin}:${process.env.PATH}`,
      calls: () => readFileSync(path.join(bin, 'calls'), 'utf8').trim().split('\n'),
      publishedOnce: () => writeFileSync(state, 'draft'),
    };
  };
  const env = (f: { PATH: string }) => ({ PATH: f.PATH, GH_TOKEN: 't', TAG: 'v1.2.3' });

  it('a first run creates a draft, attaches the CLI tarball (npm run pack:cli), then publishes (an immutable release takes no asset later)', () => {
    const f = fakes();
    const r = runRelease('release', f.work, env(f));
    assert.equal(r.status, 0, r.out);
    const calls = f.calls().filter((c) => !c.startsWith('gh release view'));
    assert.deepEqual(calls, [
      'gh release create v1.2.3 --verify-tag --generate-notes --title v1.2.3 --draft',
      'npm run --silent pack:cli',
      'gh release upload v1.2.3 uptycs-distributor-1.2.3.tgz --clobber',
      'gh release edit v1.2.3 --draft=false',
    ]);
  });

  it('a re-run after it was released does nothing and succeeds; after a failure half-way it completes the draft', () => {
    const f = fakes();
    assert.equal(runRelease('release', f.work, env(f)).status, 0);
    const again = runRelease('release', f.work, env(f));
    assert.equal(again.status, 0, again.out);
    assert.match(again.summary, /v1\.2\.3 is released already/);
    const g = fakes();
    g.publishedOnce(); // a draft, left by a run that failed after creating it
    const r = runRelease('release', g.work, env(g));
    assert.equal(r.status, 0, r.out);
    assert.ok(!g.calls().some((c) => c.startsWith('gh release create')), 'not created twice');
    assert.ok(g.calls().includes('gh release edit v1.2.3 --draft=false'));
  });

  /** A repository with tags v1 (at the first commit) and v1.2.3 (at the second), and a bare origin. */
  const repo = () => {
    const dir = mkdtempSync(path.join(scratch, 'repo-'));
    const git = (...args: string[]) => {
      const r = spawnSync('git', args, {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, HOME: scratch },
      });
      assert.equal(r.status, 0, r.stderr);
      return r.stdout.trim();
    };
    git('init', '-q', '-b', 'main');
    git('-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-q', '--allow-empty', '-m', 'one');
    git('tag', 'v1');
    git('-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-q', '--allow-empty', '-m', 'two');
    git('tag', 'v1.2.3');
    return { dir, git };
  };

  it('without the deploy key: nothing pushed, a warning with the one command to run', () => {
    const { dir, git } = repo();
    const r = runRelease('major', dir, {
      TAG: 'v1.2.3',
      DEPLOY_KEY: '',
      REPO: 'org/uptycs-distributor-action',
    });
    assert.equal(r.status, 0, r.out);
    assert.match(r.out, /::warning::v1 was not moved: no MAJOR_TAG_DEPLOY_KEY/);
    assert.match(
      r.summary,
      /git fetch --tags && git tag -f v1 v1\.2\.3\^\{commit\} && git push -f origin refs\/tags\/v1/,
    );
    assert.notEqual(git('rev-parse', 'v1^{commit}'), git('rev-parse', 'v1.2.3^{commit}'), 'v1 untouched');
  });

  it('with the deploy key: v1 is moved and pushed over SSH, never with GITHUB_TOKEN; a re-run has nothing to do', () => {
    const { dir, git } = repo();
    // A git that records the push instead of reaching github.com.
    const bin = mkdtempSync(path.join(scratch, 'git-'));
    const real = spawnSync('bash', ['-c', 'command -v git'], { encoding: 'utf8' }).stdout.trim();
    writeFileSync(
      path.join(bin, 'git'),
      `#!/bin/bash\nif [ "$1" = push ]; then k=\${GIT_SSH_COMMAND#ssh -i }; echo "push $* ssh=$GIT_SSH_COMMAND key=$(cat "\${k%% *}")" >> "${bin}/pushed"; exit 0; fi\nexec ${real} "$@"\n`,
    );
    chmodSync(path.join(bin, 'git'), 0o755);
    const e = { PATH: `${bin}:${process.env.PATH}`, TAG: 'v1.2.3', DEPLOY_KEY: 'PRIVATE KEY', REPO: 'org/a' };
    const r = runRelease('major', dir, e);
    assert.equal(r.status, 0, r.out);
    assert.equal(git('rev-parse', 'v1^{commit}'), git('rev-parse', 'v1.2.3^{commit}'));
    const pushed = readFileSync(path.join(bin, 'pushed'), 'utf8');
    assert.match(
      pushed,
      /^push push -f git@github\.com:org\/a\.git refs\/tags\/v1 ssh=ssh -i \S+ -o IdentitiesOnly=yes -o StrictHostKeyChecking=yes key=PRIVATE KEY\n$/,
    );
    assert.doesNotMatch(r.out, /PRIVATE KEY/);
    assert.deepEqual(
      readdirSync(dir).filter((f) => f.includes('deploy-key')),
      [],
      'the key file is removed',
    );
    const again = runRelease('major', dir, e);
    assert.equal(again.status, 0, again.out);
    assert.match(again.summary, /v1 is at v1\.2\.3 already/);
    assert.equal(readFileSync(path.join(bin, 'pushed'), 'utf8'), pushed, 'no second push');
  });
});
