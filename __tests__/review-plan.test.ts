/**
 * The pull-request review of a rollout plan's change (compare-plan-to against rollout-plan): who gets
 * which version when, said as consequences, in the job summary, report.json and the log; a plan
 * added or removed; a broken base plan refused before any work, naming the input; hostile strings
 * from the plan files never become Markdown. In-process, through the core as the faces run it.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { marked } from 'marked';
import { checkInputs } from '../src/check.js';
import { run } from '../src/core.js';
import { renderNames } from '../src/common/names.js';
import { textLog } from '../src/common/log.js';
import { parseRolloutPlan } from '../src/inputs/rollout-plan.js';
import { planChange, planChangeMarkdown, planChangeText } from '../src/rollout/plan-diff.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BUNDLED = path.join(ROOT, 'mappings/uptycs-agent-mapping.json');
let work: string;
before(() => (work = mkdtempSync(path.join(tmpdir(), 'udist-review-plan-'))));
after(() => rmSync(work, { recursive: true, force: true }));

const TWO_RINGS = {
  rings: [
    { name: 'canary', targets: ['tag:UptycsRing=canary'], bake: '3d', alarms: ['uptycs-canary-health'] },
    { name: 'fleet', targets: ['tag:UptycsRing=fleet'], maxErrors: '5%' },
  ],
};
const parse = (plan: unknown) => {
  const r = parseRolloutPlan(JSON.stringify(plan, null, 2), 'plan.json', 'UptycsAgent-rollout');
  assert.deepEqual(r.problems, []);
  return r.plan!;
};

let wsN = 0;
/** A workspace with the head's files and the base branch's under base/ (as the example checks it out). */
function workspace(files: Record<string, unknown>): string {
  const ws = path.join(work, `ws-${++wsN}`);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(ws, name)), { recursive: true });
    writeFileSync(
      path.join(ws, name),
      typeof content === 'string' ? content : JSON.stringify(content, null, 2),
    );
  }
  return ws;
}

/** The review as the action runs it: every input checked first (checkInputs), then the core. */
async function review(ws: string, given: Record<string, string>) {
  const lines: string[] = [];
  const log = textLog((l) => lines.push(l));
  const get = (n: string) => (({ mode: 'plan', ...given }) as Record<string, string>)[n] ?? '';
  const inputs = await checkInputs(
    get,
    { mapping: BUNDLED, outputDir: path.join(ws, 'out'), cwd: ws },
    { log, env: {}, oidc: false },
  );
  // Paths as the action shows them: relative to the workspace.
  const r = await run(inputs, { log, packageRoot: ROOT, displayPath: (f) => path.relative(ws, f) });
  return { ...r, log: lines.join('\n') };
}

describe('the rollout plan in the pull-request review', () => {
  it('a change to one ring’s bake: the ring after it, and the default, move sooner; nothing else is said', async () => {
    const head = structuredClone(TWO_RINGS);
    head.rings[0]!.bake = '24h';
    const ws = workspace({ 'uptycs/rollout-plan.json': head, 'base/uptycs/rollout-plan.json': TWO_RINGS });
    const connects: string[] = [];
    const orig = net.Socket.prototype.connect;
    net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
      connects.push(JSON.stringify(args[0]));
      return (orig as (...a: unknown[]) => net.Socket).apply(this, args);
    } as typeof orig;
    let r: Awaited<ReturnType<typeof review>>;
    try {
      r = await review(ws, {
        'rollout-plan': 'uptycs/rollout-plan.json',
        'compare-plan-to': 'base/uptycs/rollout-plan.json',
      });
    } finally {
      net.Socket.prototype.connect = orig;
    }
    // mode: plan stays offline even with a rollout plan: no fleet preflight, no AWS.
    assert.deepEqual(connects, []);
    assert.equal(r.error, undefined);
    const s = r.summary;
    assert.match(s, /### The rollout plan: who gets which version when/);
    assert.match(s, /- ⚠️ Ring fleet would move \*\*24 h\*\* after ring canary instead of 3 days\./);
    assert.match(
      s,
      /The document's default version would move \*\*after the last ring, 2 days after publishing\*\* instead of after the last ring, 4 days after publishing\./,
    );
    assert.match(
      s,
      /\| 2 \| fleet \| tag:UptycsRing=fleet \| ~~3 days after publishing~~ → \*\*24 h after publishing\*\* \|/,
    );
    // Only what changed: canary's own timing, targets and rates are the same.
    assert.doesNotMatch(s, /Ring canary would/);
    const section = s.slice(s.indexOf('### The rollout plan'), s.indexOf('### Coverage'));
    assert.equal((section.match(/^- /gm) ?? []).length, 2, section);
    assert.match(
      r.log,
      /Rollout plan uptycs\/rollout-plan\.json against base\/uptycs\/rollout-plan\.json: 2 changes/,
    );
    assert.match(r.log, /Ring fleet would move 24 h after ring canary instead of 3 days/);
    const report = JSON.parse(readFileSync(r.reportPath, 'utf8'));
    assert.equal(report.compareTo.rolloutPlan.kind, 'changed');
    assert.deepEqual(
      report.compareTo.rolloutPlan.changes.map((c: { ring?: string }) => c.ring ?? 'default'),
      ['fleet', 'default'],
    );
  });

  it('a plan added on the branch (compare-plan-to: none, the base has none): every ring is new, the default no longer moves on publishing', async () => {
    const ws = workspace({ 'uptycs/rollout-plan.json': TWO_RINGS });
    const r = await review(ws, { 'rollout-plan': 'uptycs/rollout-plan.json', 'compare-plan-to': 'none' });
    assert.equal(r.error, undefined);
    assert.match(
      r.summary,
      /The rollout plan uptycs\/rollout-plan\.json is \*\*new\*\* \(against the base branch, which has none\)/,
    );
    assert.match(
      r.summary,
      /- Ring canary is new \(1 of 2\): tag:UptycsRing=canary would get each new version \*\*at once on publishing\*\*/,
    );
    assert.match(
      r.summary,
      /- Ring fleet is new \(2 of 2\): tag:UptycsRing=fleet would get each new version \*\*3 days after publishing\*\* \(after ring canary baked\)/,
    );
    assert.match(r.summary, /instead of on publishing \(set-default-version\)/);
    // Without compare-plan-to the plan is not compared: a review of the mapping alone says nothing of it.
    const mappingOnly = await review(ws, {
      'rollout-plan': 'uptycs/rollout-plan.json',
      'compare-to': BUNDLED,
    });
    assert.doesNotMatch(mappingOnly.summary, /rollout plan/i);
    assert.match(mappingOnly.summary, /### What this change does/);
  });

  it('a plan removed on the branch: every ring is removed, its association stays pinned', async () => {
    const ws = workspace({ 'base/uptycs/rollout-plan.json': TWO_RINGS });
    const r = await review(ws, { 'compare-plan-to': 'base/uptycs/rollout-plan.json' });
    assert.equal(r.error, undefined);
    assert.match(
      r.summary,
      /The rollout plan base\/uptycs\/rollout-plan\.json is \*\*removed\*\* on this branch/,
    );
    assert.match(
      r.summary,
      /- ⚠️ Ring canary is removed: its association stays, pinned to the version it runs/,
    );
    assert.match(r.summary, /\| – \| ~~fleet~~ \(removed\) \|/);
  });

  it('an unchanged plan says so in one line', async () => {
    const ws = workspace({
      'uptycs/rollout-plan.json': TWO_RINGS,
      'base/uptycs/rollout-plan.json': TWO_RINGS,
    });
    const r = await review(ws, {
      'rollout-plan': 'uptycs/rollout-plan.json',
      'compare-plan-to': 'base/uptycs/rollout-plan.json',
    });
    assert.match(
      r.summary,
      /The rollout plan uptycs\/rollout-plan\.json does not change against base\/uptycs\/rollout-plan\.json/,
    );
    assert.doesNotMatch(r.summary, /\| # \| Ring \|/);
  });

  it('a broken base plan: one error naming compare-plan-to, at its line and column, before any work', async () => {
    const ws = workspace({
      'uptycs/rollout-plan.json': TWO_RINGS,
      'base/uptycs/rollout-plan.json': '{\n  "rings": [\n    { "name": "canary", "bake": "soon" }\n  ]\n}\n',
    });
    await assert.rejects(
      review(ws, {
        'rollout-plan': 'uptycs/rollout-plan.json',
        'compare-plan-to': 'base/uptycs/rollout-plan.json',
      }),
      (err: Error) => {
        const m = renderNames(err.message, 'action');
        assert.match(
          m,
          /^1 input is invalid:\n {2}input "compare-plan-to": base\/uptycs\/rollout-plan\.json has 2 problems \(fix them on the base branch, or leave input "compare-plan-to" empty to review without it\):/,
        );
        assert.match(m, /base\/uptycs\/rollout-plan\.json:3:5: ring "canary" needs "targets"/);
        assert.match(m, /base\/uptycs\/rollout-plan\.json:3:\d+: ring "canary": bake "soon"/);
        assert.match(m, /leave input "compare-plan-to" empty to review without it/);
        assert.doesNotMatch(m, /input "rollout-plan"/);
        assert.match(renderNames(err.message, 'cli'), /--compare-plan-to/);
        return true;
      },
    );
    assert.ok(!existsSync(path.join(ws, 'out')), 'nothing written');
    // A path that does not exist is refused the same way, with the fix.
    await assert.rejects(review(ws, { 'compare-plan-to': 'base/nope.json' }), (err: Error) => {
      assert.match(
        renderNames(err.message, 'action'),
        /input "compare-plan-to": cannot read base\/nope\.json \(it does not exist\); give the base branch's rollout plan file .*, or write none when the base branch has no plan/,
      );
      return true;
    });
  });

  it('targets, accounts and OUs, rates, alarms, action, order, defaultVersion and the organization: each change with its consequence', () => {
    const base = parse({
      rings: [
        { name: 'canary', targets: ['tag:UptycsRing=canary'], bake: '2d', alarms: ['a1', 'a2'] },
        { name: 'eu', targets: ['tag:R=eu', 'tag:R=old'], ous: ['ou-abcd-12345678'], bake: '1d' },
        { name: 'fleet', targets: ['tag:R=fleet'], maxErrors: '5%' },
        { name: 'legacy', targets: ['tag:R=legacy'] },
      ],
      organization: { readRole: 'arn:aws:iam::111111111111:role/r' },
    });
    const head = parse({
      rings: [
        { name: 'canary', targets: ['tag:UptycsRing=canary'], bake: '2d', alarms: ['a1'], maxErrors: '2' },
        { name: 'fleet', targets: ['tag:R=fleet', 'tag:R=old'], maxErrors: '20%', maxConcurrency: '50%' },
        { name: 'eu', targets: ['tag:R=eu'], accounts: ['222222222222'], bake: '1d', action: 'uninstall' },
      ],
      defaultVersion: 'never',
      organization: { readRole: 'arn:aws:iam::111111111111:role/r2' },
    });
    const said = planChangeText(planChange(base, head));
    assert.deepEqual(said, [
      'The rings move in a new order: canary → fleet → eu instead of canary → eu → fleet.',
      '(!) Ring canary would stop (and hold every ring after it) after 2 failed instead of 0.',
      '(!) Ring canary would no longer stop on alarm a2.',
      '(!) Ring fleet would move after ring canary, 2 days after publishing instead of after ring eu, 3 days after publishing.',
      'Ring fleet now also reaches tag:R=old: they get new versions 2 days after publishing.',
      'Ring fleet would install on 50% at a time instead of 10%.',
      '(!) Ring fleet would stop (and hold every ring after it) after 20% failed instead of 5%.',
      'Ring eu would move after ring fleet, 3 days after publishing instead of after ring canary, 2 days after publishing.',
      'Ring eu now also reaches account 222222222222: they get new versions 3 days after publishing.',
      'tag:R=old moves from ring eu to ring fleet: new versions reach it 2 days after publishing, as before.',
      '(!) Ring eu no longer reaches OU ou-abcd-12345678: those instances keep the version they have, and no ring moves them any more.',
      '(!) Ring eu would remove the agent from its instances at its turn, instead of installing it.',
      '(!) Ring legacy is removed: its association stays, pinned to the version it runs, and no run moves it any more; tag:R=legacy keeps that version (delete the association once another ring covers them).',
      "(!) The document's default version would no longer move (it stays where it is; instances the rings do not reach keep it) instead of moving after the last ring, 5 days after publishing.",
      'organization.readRole: "arn:aws:iam::111111111111:role/r" → "arn:aws:iam::111111111111:role/r2".',
    ]);
  });

  it('a bake change is said on its ring when the ring after it is new, or nothing waits on it', () => {
    const base = parse({
      rings: [
        { name: 'canary', targets: ['tag:R=canary'], bake: '3d' },
        { name: 'fleet', targets: ['tag:R=fleet'], bake: '2d' },
      ],
      defaultVersion: 'never',
    });
    const head = parse({
      rings: [
        { name: 'canary', targets: ['tag:R=canary'], bake: '24h' },
        { name: 'eu', targets: ['tag:R=eu'], bake: '2d' },
        { name: 'fleet', targets: ['tag:R=fleet'], bake: '30m' },
      ],
      defaultVersion: 'never',
    });
    const said = planChangeText(planChange(base, head));
    assert.ok(
      said.includes('(!) Ring canary would bake 24 h instead of 3 days before ring eu moves.'),
      said.join('\n'),
    );
    assert.ok(
      said.includes(
        'Ring fleet would move after ring eu instead of after ring canary (still 3 days after publishing).',
      ),
      said.join('\n'),
    );
    assert.ok(
      said.includes(
        '(!) Ring fleet would bake 30 min instead of 2 days (nothing waits on it: it is the last ring and the default does not move).',
      ),
      said.join('\n'),
    );
  });

  it('the timeline: every ring of the head, what changed struck through, removed rings at the end', () => {
    const base = parse({
      rings: [
        { name: 'canary', targets: ['tag:R=canary'] },
        { name: 'fleet', targets: ['tag:R=fleet'] },
        { name: 'old', targets: ['tag:R=old'] },
      ],
    });
    const head = parse({
      rings: [
        { name: 'canary', targets: ['tag:R=canary'], bake: '2d' },
        { name: 'eu', targets: ['tag:R=eu'] },
        { name: 'fleet', targets: ['tag:R=fleet'], maxErrors: '5%' },
      ],
      defaultVersion: 'never',
    });
    const md = planChangeMarkdown(planChange(base, head), 'base.json', 'plan.json');
    const table = md.slice(md.indexOf('| # |'));
    assert.equal(
      table,
      [
        '| # | Ring | Who | Gets a new version | Bake | Rate and stop |',
        '| --- | --- | --- | --- | --- | --- |',
        '| 1 | canary | tag:R=canary | at once on publishing | ~~24 h~~ → **2 days** | 1 at a time, stops after 0 failed |',
        '| 2 | **eu** (new) | tag:R=eu | 2 days after publishing | 24 h | 10% at a time, stops after 10% failed |',
        '| 3 | fleet | tag:R=fleet | ~~24 h after publishing~~ → **3 days after publishing** | 24 h | 10% at a time, stops after ~~10%~~ → **5%** failed |',
        '| – | ~~old~~ (removed) | ~~tag:R=old~~ | no longer moved (its association stays) | | |',
        '',
        "The document's default version: ~~moves 3 days after publishing~~ → **never moves**.",
      ].join('\n'),
    );
  });

  it('hostile strings in targets, alarms and the organization never become Markdown', () => {
    const evil = [
      '[click](https://evil.example/x)',
      '<img src=https://evil.example/i.png>',
      '@acme/admins',
      '**bold**',
      'a | b',
      '`code`',
    ];
    const targets = evil.map((e, i) => `tag:K${i}=${e.replace(/,/g, ' ')}`).slice(0, 5);
    // Every way a value reaches the text: a ring new or removed, targets gained, lost and moved, alarms
    // added and removed, the organization's values before and after.
    const base = parse({
      rings: [
        { name: 'canary', targets: ['tag:R=canary', targets[4]!], alarms: evil.slice(3) },
        { name: 'gone', targets: [targets[3]!], alarms: evil },
        { name: 'fleet', targets: [targets[2]!] },
      ],
      organization: { readRole: evil[0], note: evil.join(' ') },
    });
    const head = parse({
      rings: [
        { name: 'canary', targets: targets.slice(0, 2), alarms: evil.slice(0, 3) },
        { name: 'x_y-z', targets: [targets[4]!], alarms: evil },
        { name: 'fleet', accounts: ['333333333333'] },
      ],
      organization: { readRole: '[ref]: https://evil.example/def', note: evil.reverse().join(' ') },
    });
    const md = planChangeMarkdown(planChange(base, head), '[base](https://evil.example/b)', 'head @mallory');
    const html = marked.parse(md, { gfm: true }) as string;
    assert.doesNotMatch(html, /<a\s/, md);
    assert.doesNotMatch(html, /<img/, md);
    assert.doesNotMatch(html, /<strong>bold<\/strong>|<code>code<\/code>/, md);
    assert.doesNotMatch(html.replace(/<[^>]+>/g, ''), /@[a-z]/i, md);
    // The table keeps its six columns: no "|" from a value splits a cell.
    const rows = html.match(/<tr>[\s\S]*?<\/tr>/g) ?? [];
    assert.equal(rows.length, 5, html);
    for (const row of rows) assert.equal((row.match(/<t[dh]/g) ?? []).length, 6, row);
    assert.match(html, /https:\u2060\/\/evil\.example\/x/);
  });
});
