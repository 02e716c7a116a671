/**
 * The pull-request review example (examples/pull-request.yml) as the runner runs it: its step that
 * finds the base branch's mapping and rollout plan (and the pull request's plan) run under bash on
 * workspaces laid out as its two checkouts leave them, then the action (dist/) with the example's own
 * `with:` (its expressions resolved from those outputs), against a local stand-in for the GitHub API:
 * the job summary and the one comment show the rollout plan's change; a plan added, removed, unchanged;
 * a broken base plan fails the step naming the input.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runAction } from './helpers/runner.js';
import { marked } from 'marked';
import { startFakeGitHub, type FakeGitHub } from './helpers/fake-github.js';
import { commentMarker } from '../src/report/comment.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const EXAMPLE = readFileSync(path.join(ROOT, 'examples/pull-request.yml'), 'utf8');
const BUNDLED = readFileSync(path.join(ROOT, 'mappings/uptycs-agent-mapping.json'), 'utf8');

/** The example's env: block (top level). */
function exampleEnv(): Record<string, string> {
  const block = EXAMPLE.split(/^env:\n/m)[1]!.split(/^\S/m)[0]!;
  return Object.fromEntries([...block.matchAll(/^ {2}([A-Z_]+): (.*)$/gm)].map((m) => [m[1]!, m[2]!.trim()]));
}

/** The `run: |` block of the step with this id, dedented. */
function stepScript(id: string): string {
  const lines = EXAMPLE.split('\n');
  const at = lines.findIndex((l) => l.trim() === `id: ${id}`);
  assert.ok(at >= 0, `step ${id} in the example`);
  const run = lines.findIndex((l, i) => i > at && l.trim() === 'run: |');
  const indent = lines[run + 1]!.length - lines[run + 1]!.trimStart().length;
  const body: string[] = [];
  for (const l of lines.slice(run + 1)) {
    if (l.trim() && l.length - l.trimStart().length < indent) break;
    body.push(l.slice(indent));
  }
  return body.join('\n');
}

/** The `with:` of the step that uses this action, each value's expressions resolved. */
function actionWith(outputs: Record<string, string>, env: Record<string, string>): Record<string, string> {
  const lines = EXAMPLE.split('\n');
  const at = lines.findIndex((l) => /uses: org\/uptycs-distributor-action@/.test(l));
  const w = lines.findIndex((l, i) => i > at && l.trim() === 'with:');
  const out: Record<string, string> = {};
  for (const l of lines.slice(w + 1)) {
    if (!l.trim() || l.trim().startsWith('#')) continue;
    const m = /^ {10}([a-z-]+): (.*)$/.exec(l);
    if (!m) break;
    out[m[1]!] = m[2]!.replace(/\$\{\{ *([^}]+?) *\}\}/g, (_, e: string) => {
      const o = /^steps\.base\.outputs\.([a-z-]+)$/.exec(e);
      if (o) return outputs[o[1]!] ?? '';
      const v = /^env\.([A-Z_]+)$/.exec(e);
      if (v) return env[v[1]!] ?? '';
      throw new Error(`unexpected expression ${e}`);
    });
  }
  return out;
}

let work: string;
let gh: FakeGitHub;
before(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'udist-wf-review-'));
  gh = await startFakeGitHub();
});
after(async () => {
  await gh.close();
  rmSync(work, { recursive: true, force: true });
});

const PLAN = {
  rings: [
    { name: 'canary', targets: ['tag:UptycsRing=canary'], bake: '3d' },
    { name: 'fleet', targets: ['tag:UptycsRing=fleet'] },
  ],
};

let n = 0;
/**
 * A workspace as the example's two checkouts leave it (the pull request's files at the top, the base
 * branch's under base/), the step run, then the action with the example's inputs.
 */
async function review(head: Record<string, unknown>, base: Record<string, unknown>) {
  const ws = path.join(work, `ws-${++n}`);
  const env = exampleEnv();
  const files = { ...head, ...Object.fromEntries(Object.entries(base).map(([k, v]) => [`base/${k}`, v])) };
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(ws, name)), { recursive: true });
    writeFileSync(
      path.join(ws, name),
      typeof content === 'string' ? content : JSON.stringify(content, null, 2),
    );
  }
  const outFile = path.join(ws, 'step-output');
  writeFileSync(outFile, '');
  const step = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', stepScript('base')], {
    cwd: ws,
    env: { PATH: process.env.PATH, GITHUB_OUTPUT: outFile, ...env },
    encoding: 'utf8',
  });
  assert.equal(step.status, 0, step.stderr);
  const outputs = Object.fromEntries(
    readFileSync(outFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  const event = path.join(ws, 'event.json');
  writeFileSync(
    event,
    JSON.stringify({
      number: n,
      pull_request: {
        number: n,
        head: { repo: { full_name: 'acme/fleet' } },
        base: { repo: { full_name: 'acme/fleet' } },
      },
      repository: { name: 'fleet', full_name: 'acme/fleet', owner: { login: 'acme' } },
    }),
  );
  const inputs = { ...actionWith(outputs, env), 'github-token': gh.token };
  const r = await runAction(ws, inputs, {
    GITHUB_API_URL: gh.url,
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: event,
  });
  const comment = (gh.comments.get(n) ?? []).find((c) => c.body.startsWith(commentMarker('UptycsAgent')));
  return { ...r, step: step.stdout, stepOutputs: outputs, inputs, comment: comment?.body ?? '' };
}

describe('the pull-request review example with a rollout plan', () => {
  it('a pull request that changes only one ring’s bake: the summary and the comment show the consequence', async () => {
    const head = structuredClone(PLAN);
    head.rings[0]!.bake = '24h';
    const r = await review(
      { 'uptycs/mapping.json': BUNDLED, 'uptycs/rollout-plan.json': head },
      { 'uptycs/mapping.json': BUNDLED, 'uptycs/rollout-plan.json': PLAN },
    );
    assert.deepEqual(r.stepOutputs, {
      mapping: 'base/uptycs/mapping.json',
      plan: 'base/uptycs/rollout-plan.json',
      'head-plan': 'uptycs/rollout-plan.json',
    });
    assert.equal(r.status, 0, r.stdout);
    for (const [what, md] of [
      ['summary', r.summary],
      ['comment', r.comment],
    ] as const) {
      assert.match(md, /### The rollout plan: who gets which version when/, what);
      assert.match(md, /Ring fleet would move \*\*24 h\*\* after ring canary instead of 3 days\./, what);
      assert.match(md, /Targets: no change\./, what);
    }
    assert.match(
      r.stdout,
      /Rollout plan uptycs\/rollout-plan\.json against base\/uptycs\/rollout-plan\.json: 2 changes/,
    );
    // mode: plan with a rollout plan: no fleet preflight (it would need AWS).
    assert.doesNotMatch(r.stdout + r.summary, /preflight|AWS credentials/i);
  });

  it('a pull request that adds the plan: the base has none (plan=none), every ring is new', async () => {
    const r = await review(
      { 'uptycs/mapping.json': BUNDLED, 'uptycs/rollout-plan.json': PLAN },
      { 'uptycs/mapping.json': BUNDLED },
    );
    assert.equal(r.stepOutputs.plan, 'none');
    assert.equal(r.status, 0, r.stdout);
    assert.match(
      r.comment,
      /The rollout plan uptycs\/rollout-plan\.json is \*\*new\*\* \(against the base branch, which has none\)/,
    );
    assert.match(r.comment, /- Ring fleet is new \(2 of 2\)/);
  });

  it('a pull request that removes the plan: every ring removed, said once', async () => {
    const r = await review(
      { 'uptycs/mapping.json': BUNDLED },
      { 'uptycs/mapping.json': BUNDLED, 'uptycs/rollout-plan.json': PLAN },
    );
    assert.equal(r.stepOutputs['head-plan'], undefined);
    assert.match(r.step, /This pull request has no uptycs\/rollout-plan\.json/);
    assert.equal(r.status, 0, r.stdout);
    assert.match(
      r.summary,
      /The rollout plan base\/uptycs\/rollout-plan\.json is \*\*removed\*\* on this branch/,
    );
    assert.equal(r.summary.split('Ring canary is removed').length, 2);
  });

  it('neither branch has a plan: nothing about rollout plans', async () => {
    const r = await review({ 'uptycs/mapping.json': BUNDLED }, { 'uptycs/mapping.json': BUNDLED });
    assert.equal(r.status, 0, r.stdout);
    assert.doesNotMatch(r.summary, /rollout plan/i);
  });

  it('hostile targets and alarm names in the pull request’s plan: shown as text, never markup, in the summary, the comment and the log', async () => {
    const evil = [
      '[x](https://evil.example/x)',
      '<img src=https://evil.example/i.png>',
      '@acme/admins',
      '**bold**',
      'a | b',
    ];
    const head = structuredClone(PLAN) as { rings: Record<string, unknown>[] };
    head.rings[1]!.targets = ['tag:UptycsRing=fleet', 'tag:Team=[x](https://evil.example/x) @acme/admins'];
    head.rings[1]!.alarms = evil;
    const r = await review(
      { 'uptycs/mapping.json': BUNDLED, 'uptycs/rollout-plan.json': head },
      { 'uptycs/mapping.json': BUNDLED, 'uptycs/rollout-plan.json': PLAN },
    );
    assert.equal(r.status, 0, r.stdout);
    for (const [what, md] of [
      ['summary', r.summary],
      ['comment', r.comment],
    ] as const) {
      const section = md.slice(md.indexOf('### The rollout plan'), md.indexOf('### Coverage'));
      assert.match(section, /Ring fleet would also stop when/, what);
      const html = marked.parse(section, { gfm: true }) as string;
      assert.doesNotMatch(html, /<a\s|<img|<strong>bold<\/strong>/, `${what}:\n${section}`);
      assert.doesNotMatch(html.replace(/<[^>]+>/g, ''), /@acme/, `${what}: a mention`);
      for (const row of html.match(/<tr>[\s\S]*?<\/tr>/g) ?? [])
        assert.equal((row.match(/<t[dh]/g) ?? []).length, 6, row);
    }
    // The log: one line per consequence, the hostile text as it is.
    assert.match(
      r.stdout,
      /^ {2}Ring fleet would also stop when \[x\]\(https:\/\/evil\.example\/x\), <img src=https:\/\/evil\.example\/i\.png>, @acme\/admins, \*\*bold\*\*, a \| b are in ALARM\.$/m,
    );
  });

  it('a broken plan on the base branch: the step fails with one error naming compare-plan-to, at its line', async () => {
    const r = await review(
      { 'uptycs/mapping.json': BUNDLED, 'uptycs/rollout-plan.json': PLAN },
      {
        'uptycs/mapping.json': BUNDLED,
        'uptycs/rollout-plan.json': '{"rings": [{"name": "canary!", "targets": ["tag:R=c"]}]}',
      },
    );
    assert.equal(r.status, 1);
    const errors = r.stdout.split('\n').filter((l) => l.startsWith('::error'));
    assert.equal(errors.length, 1, errors.join('\n'));
    assert.match(
      errors[0]!,
      /input "compare-plan-to": base\/uptycs\/rollout-plan\.json has 1 problem .*base\/uptycs\/rollout-plan\.json:1:\d+: ring "canary!": name "canary!" must be/,
    );
    assert.doesNotMatch(errors[0]!, /input "rollout-plan"/);
  });
});
