/**
 * The pull-request comment, from dist/ as the runner runs it, against a local stand-in for the GitHub
 * REST API: one comment per package kept up to date, pagination, 403 and forks, an oversize body.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { textLog } from '../src/common/log.js';
import { COMMENT_LIMIT, commentMarker, commentOnPullRequest } from '../src/report/comment.js';
import { startFakeGitHub, type FakeGitHub } from './helpers/fake-github.js';
import { runAction, shownLines } from './helpers/runner.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BUNDLED = path.join(ROOT, 'mappings/uptycs-agent-mapping.json');
const PR = 42;
let work: string;
let gh: FakeGitHub;

function event(file: string, headRepo = 'acme/fleet'): string {
  writeFileSync(
    file,
    JSON.stringify({
      action: 'synchronize',
      number: PR,
      pull_request: {
        number: PR,
        head: { repo: { full_name: headRepo } },
        base: { repo: { full_name: 'acme/fleet' } },
      },
      repository: { name: 'fleet', full_name: 'acme/fleet', owner: { login: 'acme' } },
    }),
  );
  return file;
}

function env(extra: Record<string, string> = {}) {
  return {
    GITHUB_API_URL: gh.url,
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: event(path.join(work, 'event.json')),
    ...extra,
  };
}

before(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'udist-pr-comment-'));
  gh = await startFakeGitHub();
});
after(async () => {
  await gh.close();
  rmSync(work, { recursive: true, force: true });
});
beforeEach(() => {
  gh.comments.clear();
  gh.requests.length = 0;
  gh.forbidden = false;
  gh.identity = { login: 'github-actions[bot]', type: 'Bot', installation: true };
  // 150 comments by people before ours: the action must page through them (100 a page).
  gh.comments.set(
    PR,
    Array.from({ length: 150 }, (_, i) => ({
      id: i + 1,
      body: `review comment ${i}`,
      user: { login: 'dev', type: 'User' },
    })),
  );
});

const ours = (pkg: string) => (gh.comments.get(PR) ?? []).filter((c) => c.body.includes(commentMarker(pkg)));

describe('the pull-request comment', () => {
  it('two runs leave exactly one comment, with the latest body; a second package keeps its own', async () => {
    const ws = path.join(work, 'ws1');
    mkdirSync(ws, { recursive: true });
    const first = await runAction(ws, { mode: 'plan', 'github-token': gh.token }, env());
    assert.equal(first.status, 0, first.stdout);
    assert.equal(ours('UptycsAgent').length, 1);
    assert.ok(
      gh.requests.some((r) => /comments\?per_page=100&page=2$/.test(r)),
      gh.requests.join('\n'),
    );

    // The second run changes the mapping: the same comment now shows the change.
    const m = JSON.parse(readFileSync(BUNDLED, 'utf8')) as { linux: { name: string; arch_type: string }[] };
    m.linux = m.linux.filter((e) => !(e.name === 'suse' && e.arch_type === 'arm64'));
    writeFileSync(path.join(ws, 'mapping.json'), JSON.stringify(m, null, 2));
    const second = await runAction(
      ws,
      { mode: 'plan', mapping: 'mapping.json', 'github-token': gh.token, 'output-dir': 'out2' },
      env(),
    );
    assert.equal(second.status, 0, second.stdout);
    const mine = ours('UptycsAgent');
    assert.equal(mine.length, 1, 'never a second comment');
    assert.equal(gh.comments.get(PR)!.length, 151);
    assert.ok(
      mine[0]!.body.startsWith(
        `${commentMarker('UptycsAgent')}\n## ⚠️ Uptycs Distributor package UptycsAgent`,
      ),
    );
    assert.match(mine[0]!.body, /⚠️ \*\*1 common instance would fail\*\*/);
    assert.equal(
      mine[0]!.body.trimEnd(),
      `${commentMarker('UptycsAgent')}\n${second.outputs['summary-markdown']!.trimEnd()}`.trimEnd(),
    );
    assert.match(
      second.stdout,
      /Updated the pull-request comment https:\/\/github\.example\/acme\/fleet\/pull\/42#issuecomment-/,
    );
    assert.ok(!shownLines(second.stdout).join('\n').includes(gh.token), 'the token is never printed');

    const other = await runAction(
      ws,
      {
        mode: 'plan',
        'package-name': 'UptycsSensor',
        'sensor-only': 'true',
        'github-token': gh.token,
        'output-dir': 'out3',
      },
      env(),
    );
    assert.equal(other.status, 0, other.stdout);
    assert.equal(ours('UptycsAgent').length, 1);
    assert.equal(ours('UptycsSensor').length, 1);
    assert.match(ours('UptycsSensor')[0]!.body, /assets-osquery-VERSION-Uptycs\.rpm/);
    assert.match(
      ours('UptycsAgent')[0]!.body,
      /1 common instance would fail/,
      'the first package’s comment is untouched',
    );
  });

  it('a failed check comments too: the failure summary', async () => {
    const ws = path.join(work, 'ws-fail');
    mkdirSync(ws, { recursive: true });
    writeFileSync(
      path.join(ws, 'mapping.json'),
      JSON.stringify({
        linux: [
          { upt_package: 'centos', dir: 'A', name: 'rhel', major_version: '_any', arch_type: 'x86_64' },
        ],
      }),
    );
    const r = await runAction(ws, { mode: 'plan', mapping: 'mapping.json', 'github-token': gh.token }, env());
    assert.equal(r.status, 1);
    assert.match(
      ours('UptycsAgent')[0]!.body,
      /## ❌ Uptycs Distributor package UptycsAgent: the check failed[\s\S]*platform name "rhel"/,
    );
  });

  it('403 (no pull-requests: write): one warning, the step stays green', async () => {
    gh.forbidden = true;
    const ws = path.join(work, 'ws403');
    mkdirSync(ws, { recursive: true });
    const r = await runAction(ws, { mode: 'plan', 'github-token': gh.token }, env());
    assert.equal(r.status, 0, r.stdout);
    const warnings = r.stdout.split('\n').filter((l) => l.startsWith('::warning'));
    assert.equal(warnings.length, 1, warnings.join('\n'));
    assert.match(
      warnings[0]!,
      /No pull-request comment: the token may not comment on pull request #42 \(HTTP 403: Resource not accessible by integration\); give the job `permissions: pull-requests: write`/,
    );
    assert.match(r.summary, /## ✅ Uptycs Distributor package/, 'the summary carries everything');
  });

  it('a pull request from a fork: no API call, one warning, green', async () => {
    const ws = path.join(work, 'wsfork');
    mkdirSync(ws, { recursive: true });
    const r = await runAction(
      ws,
      { mode: 'plan', 'github-token': gh.token },
      env({ GITHUB_EVENT_PATH: event(path.join(work, 'fork-event.json'), 'someone/fleet') }),
    );
    assert.equal(r.status, 0, r.stdout);
    assert.deepEqual(gh.requests, []);
    assert.equal(r.stdout.split('\n').filter((l) => l.startsWith('::warning')).length, 1);
    assert.match(r.stdout, /::warning::No pull-request comment: pull request #42 comes from a fork/);
  });

  it('an oversize body is cut in the middle under the limit, the marker kept, and updated in place', async () => {
    const log = textLog(() => {});
    const huge = [
      '## head',
      ...Array.from({ length: 3000 }, (_, i) => `| row ${i} | ${'y'.repeat(30)} |`),
      'tail line',
    ].join('\n');
    const opts = { env: env(), token: gh.token, when: 'auto' as const, packageName: 'UptycsAgent', log };
    const a = await commentOnPullRequest({ ...opts, markdown: huge });
    assert.equal(a.posted, 'created');
    const b = await commentOnPullRequest({ ...opts, markdown: `${huge}\nsecond` });
    assert.equal(b.posted, 'updated');
    const mine = ours('UptycsAgent');
    assert.equal(mine.length, 1);
    const body = mine[0]!.body;
    assert.ok(body.length <= COMMENT_LIMIT, String(body.length));
    assert.ok(body.startsWith(`${commentMarker('UptycsAgent')}\n## head\n`));
    assert.ok(body.endsWith('tail line\nsecond'));
    assert.match(body, /characters were cut here\*\* to fit GitHub's 65,536-character limit/);
  });

  it("never edits another author's comment that carries the marker: writes its own, then keeps updating that one", async () => {
    const log = textLog(() => {});
    const marker = commentMarker('UptycsAgent');
    // Someone quotes the marker (by hand, or a bot of theirs): the action must not take their comment over.
    const planted = [
      { id: 5001, body: `${marker}\nplease approve`, user: { login: 'mallory', type: 'User' } },
      { id: 5002, body: `${marker}\nfrom another app`, user: { login: 'other-app[bot]', type: 'Bot' } },
    ];
    gh.comments.get(PR)!.push(...planted.map((c) => ({ ...c, user: { ...c.user } })));
    const opts = { env: env(), token: gh.token, when: 'auto' as const, packageName: 'UptycsAgent', log };
    const a = await commentOnPullRequest({ ...opts, markdown: 'first report' });
    assert.equal(a.posted, 'created');
    const b = await commentOnPullRequest({ ...opts, markdown: 'second report' });
    assert.equal(b.posted, 'updated');
    assert.equal(
      b.posted && b.id,
      a.posted && a.id,
      'the second run updates the comment the first run wrote',
    );
    assert.ok(!gh.requests.some((r) => /^PATCH .*\/comments\/500[12]$/.test(r)), gh.requests.join('\n'));
    const all = gh.comments.get(PR)!;
    assert.equal(all.find((c) => c.id === 5001)!.body, `${marker}\nplease approve`);
    assert.equal(all.find((c) => c.id === 5002)!.body, `${marker}\nfrom another app`);
    assert.equal(
      all.filter((c) => c.user.login === 'github-actions[bot]' && c.body.includes(marker)).length,
      1,
    );
  });

  it("with a user's token (GET /user answers), only that user's marked comment is updated", async () => {
    const log = textLog(() => {});
    const marker = commentMarker('UptycsAgent');
    gh.identity = { login: 'release-bot-user', type: 'User', installation: false };
    gh.comments
      .get(PR)!
      .push(
        { id: 6001, body: `${marker}\nold`, user: { login: 'github-actions[bot]', type: 'Bot' } },
        { id: 6002, body: `${marker}\nmine`, user: { login: 'release-bot-user', type: 'User' } },
      );
    const opts = { env: env(), token: gh.token, when: 'auto' as const, packageName: 'UptycsAgent', log };
    const r = await commentOnPullRequest({ ...opts, markdown: 'report' });
    assert.equal(r.posted, 'updated');
    assert.equal(r.posted && r.id, 6002);
    assert.equal(gh.comments.get(PR)!.find((c) => c.id === 6001)!.body, `${marker}\nold`);
  });

  it('issue 27 defect 6: another workflow’s bot comment that quotes the marker is left alone', async () => {
    const log = textLog(() => {});
    const marker = commentMarker('UptycsAgent');
    // Every workflow with GITHUB_TOKEN writes as github-actions[bot]; a welcome bot quotes the marker.
    const quoting = [
      `Welcome! The package bot's comment starts with ${marker}; look for it below.`,
      `> ${marker}\n> quoted from the package bot`,
      `\n${marker}\nafter a blank first line`,
      `${marker} and more on the same line\nbody`,
    ];
    const bot = { login: 'github-actions[bot]', type: 'Bot' };
    const planted = quoting.map((body, i) => ({ id: 7001 + i, body, user: { ...bot } }));
    gh.comments.get(PR)!.push(...planted.map((c) => ({ ...c, user: { ...c.user } })));
    const opts = { env: env(), token: gh.token, when: 'auto' as const, packageName: 'UptycsAgent', log };
    const a = await commentOnPullRequest({ ...opts, markdown: 'first report' });
    assert.equal(a.posted, 'created', 'none of the quoting comments is taken for ours');
    const b = await commentOnPullRequest({ ...opts, markdown: 'second report' });
    assert.equal(b.posted && b.id, a.posted && a.id, 'then its own comment is updated');
    assert.ok(!gh.requests.some((r) => /^PATCH .*\/comments\/700\d$/.test(r)), gh.requests.join('\n'));
    const all = gh.comments.get(PR)!;
    for (const c of planted) assert.equal(all.find((x) => x.id === c.id)!.body, c.body);
    assert.equal(all.find((c) => a.posted && c.id === a.id)!.body, `${marker}\nsecond report`);
  });

  it('a comment of ours edited in the browser (CRLF line endings) is still ours', async () => {
    const log = textLog(() => {});
    const marker = commentMarker('UptycsAgent');
    gh.comments.get(PR)!.push({
      id: 7101,
      body: `${marker}\r\nold report`,
      user: { login: 'github-actions[bot]', type: 'Bot' },
    });
    const opts = { env: env(), token: gh.token, when: 'auto' as const, packageName: 'UptycsAgent', log };
    const r = await commentOnPullRequest({ ...opts, markdown: 'report' });
    assert.equal(r.posted && r.id, 7101);
  });
});
