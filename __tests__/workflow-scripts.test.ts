/**
 * The reusable workflow's own scripts (decide, gather), taken from publish.yml and run under bash with
 * jq as the runner runs them: a failed check, a dry run, a missing result, a failed build.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';

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

interface Ran {
  status: number | null;
  out: string;
  summary: string;
  outputs: Record<string, string>;
}

/** Runs a step's script in a fresh folder holding `files`, with the step's env. */
function runStep(id: string, env: Record<string, string>, files: Record<string, unknown>): Ran {
  const dir = path.join(scratch, `${id}-${++n}`);
  for (const [f, v] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    writeFileSync(path.join(dir, f), JSON.stringify(v));
  }
  mkdirSync(dir, { recursive: true });
  const output = path.join(dir, 'github-output');
  const summary = path.join(dir, 'step-summary');
  writeFileSync(output, '');
  writeFileSync(summary, '');
  const r = spawnSync('bash', ['-e', '-c', script(id)], {
    cwd: dir,
    env: { PATH: process.env.PATH, GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: summary, TARGETS, ...env },
    encoding: 'utf8',
  });
  const outputs = Object.fromEntries(
    readFileSync(output, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  return { status: r.status, out: `${r.stdout}${r.stderr}`, summary: readFileSync(summary, 'utf8'), outputs };
}

const check = (role: string, published: boolean) => ({
  role,
  agentVersion: '5.7.0.25',
  versionName: '5.7.0.25',
  published,
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

  it('no check at all: one error, nothing decided', () => {
    const r = runStep('decide', { IF_PUBLISHED: 'skip' }, {});
    assert.equal(r.status, 1);
    assert.match(r.out, /::error::no target could be checked/);
    assert.equal(r.outputs.needed, undefined);
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
    assert.match(r.summary, /already published in every target/);
  });

  it('a failed build: nothing published, one error', () => {
    const r = runStep('gather', { ...base, BUILD_RESULT: 'failure' }, {});
    assert.equal(r.status, 1);
    assert.match(r.summary, /The build of 5\.7\.0\.25 failed: nothing was published/);
  });
});
