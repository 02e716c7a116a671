/**
 * The trust policy templates of iam/, tried the way IAM evaluates them (StringEquals, StringLike with
 * * and ?, a list of values = any of them) against the sub each job's token carries, for every way the
 * project is used: the one-step action on a branch and on a tag, the reusable workflow's publish job
 * (in its environment), its build and check jobs. Each comes in the name form and the immutable form
 * (repo:OWNER@OWNER_ID/REPO@REPO_ID:…, with exact ids), and each keeps working after the caller's
 * repository customises its sub with job_workflow_ref (which the reusable workflow needs, and which
 * applies to every workflow of the repository).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';

const ROOT = path.resolve(import.meta.dirname, '..');
const read = (rel: string) => readFileSync(path.join(ROOT, rel), 'utf8');

type Values = string | string[];
interface Policy {
  Statement: {
    Effect: string;
    Action: string;
    Principal: { Federated: string };
    Condition: Record<string, Record<string, Values>>;
  }[];
}

/** The owner, repository, ids and workflow file a user substitutes; the action's owner too. */
const IDS = {
  '<ACCOUNT_ID>': '111111111111',
  '<GITHUB_OWNER>': 'octo-org',
  '<GITHUB_OWNER_ID>': '123456',
  '<GITHUB_REPO>': 'fleet',
  '<GITHUB_REPO_ID>': '456789',
  '<WORKFLOW_FILE>': 'uptycs.yml',
  '<ACTION_OWNER>': 'org',
};
const load = (file: string): Policy =>
  JSON.parse(Object.entries(IDS).reduce((t, [k, v]) => t.split(k).join(v), read(`iam/${file}`))) as Policy;

/** IAM's StringLike: * is any run of characters, ? one character, the rest literal. */
const like = (pattern: string, value: string) =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  ).test(value);
/** Whether IAM lets a token with these claims assume the role (one Allow statement, its conditions). */
function admits(policy: Policy, claims: { sub: string; aud: string }): boolean {
  return policy.Statement.some((s) => {
    if (s.Effect !== 'Allow' || s.Action !== 'sts:AssumeRoleWithWebIdentity') return false;
    return Object.entries(s.Condition).every(([op, keys]) =>
      Object.entries(keys).every(([key, want]) => {
        const have = key.endsWith(':sub') ? claims.sub : key.endsWith(':aud') ? claims.aud : undefined;
        assert.ok(have !== undefined, `condition key ${key}`);
        assert.ok(op === 'StringEquals' || op === 'StringLike', op);
        return [want].flat().some((w) => (op === 'StringEquals' ? w === have : like(w, have)));
      }),
    );
  });
}

/** The sub of a job's token: GitHub's default form, or with include_claim_keys repo, context, job_workflow_ref. */
function sub(o: { immutable: boolean; customised: boolean; context: string; workflowRef: string }): string {
  const repo = o.immutable ? 'repo:octo-org@123456/fleet@456789' : 'repo:octo-org/fleet';
  return o.customised ? `${repo}:${o.context}:job_workflow_ref:${o.workflowRef}` : `${repo}:${o.context}`;
}
const AUD = 'sts.amazonaws.com';
const REUSABLE = 'org/uptycs-distributor-action/.github/workflows/publish.yml@refs/tags/v1';
const JOBS = {
  'one-step on main': {
    context: 'ref:refs/heads/main',
    workflowRef: 'octo-org/fleet/.github/workflows/uptycs.yml@refs/heads/main',
  },
  'one-step on a tag': {
    context: 'ref:refs/tags/uptycs-5.7.0.25',
    workflowRef: 'octo-org/fleet/.github/workflows/uptycs.yml@refs/tags/uptycs-5.7.0.25',
  },
  'reusable publish job': { context: 'environment:uptycs-distributor-publish', workflowRef: REUSABLE },
  'reusable build job': { context: 'ref:refs/heads/main', workflowRef: REUSABLE },
  'reusable check job': { context: 'ref:refs/heads/main', workflowRef: REUSABLE },
  'another branch': {
    context: 'ref:refs/heads/feature',
    workflowRef: 'octo-org/fleet/.github/workflows/uptycs.yml@refs/heads/feature',
  },
  'a pull request': {
    context: 'pull_request',
    workflowRef: 'octo-org/fleet/.github/workflows/uptycs.yml@refs/pull/1/merge',
  },
};
type Job = keyof typeof JOBS;
/** Which jobs each template admits; the reusable workflow's jobs need the customised sub. */
const TEMPLATES: Record<string, { admits: Job[]; customisedOnly?: boolean }> = {
  'github-oidc-trust-policy': { admits: ['one-step on main'] },
  'github-oidc-trust-policy-tag': { admits: ['one-step on a tag'] },
  'github-oidc-trust-policy-reusable': { admits: ['reusable publish job'], customisedOnly: true },
  'github-oidc-trust-policy-checker': {
    admits: ['reusable build job', 'reusable check job'],
    customisedOnly: true,
  },
};

describe('the trust policy templates: one for each way the project is used, in both sub forms', () => {
  for (const [name, want] of Object.entries(TEMPLATES))
    for (const immutable of [false, true])
      it(`${name}${immutable ? '-immutable' : ''}.json admits exactly ${want.admits.join(', ')}`, () => {
        const policy = load(`${name}${immutable ? '-immutable' : ''}.json`);
        for (const customised of [false, true])
          for (const [job, j] of Object.entries(JOBS) as [Job, (typeof JOBS)[Job]][]) {
            for (const tokenImmutable of [false, true]) {
              const claims = { sub: sub({ immutable: tokenImmutable, customised, ...j }), aud: AUD };
              // A job whose token is the same as an admitted job's is admitted too (with GitHub's default
              // sub every workflow on main presents the same one: the customisation tells them apart).
              const expected =
                (customised || !want.customisedOnly) &&
                want.admits.some(
                  (a) => sub({ immutable: tokenImmutable, customised, ...JOBS[a] }) === claims.sub,
                );
              assert.equal(
                admits(policy, claims),
                expected && tokenImmutable === immutable,
                `${job} (${customised ? 'customised' : 'default'} sub, ${tokenImmutable ? 'immutable' : 'name'} form): ${claims.sub}`,
              );
            }
          }
        // Another audience (another provider's, or China's for a commercial role) is refused.
        const job = JOBS[want.admits[0]!];
        assert.equal(
          admits(policy, { sub: sub({ immutable, customised: true, ...job }), aud: 'sts.amazonaws.com.cn' }),
          false,
        );
      });

  it('the immutable form has the exact ids, no wildcard in their place, and is otherwise the name form', () => {
    for (const name of Object.keys(TEMPLATES)) {
      const names = read(`iam/${name}.json`);
      const ids = read(`iam/${name}-immutable.json`);
      assert.match(ids, /repo:<GITHUB_OWNER>@<GITHUB_OWNER_ID>\/<GITHUB_REPO>@<GITHUB_REPO_ID>:/);
      assert.doesNotMatch(ids, /repo:[^"]*@\*|repo:<GITHUB_OWNER>\//, name);
      assert.equal(
        ids
          .replace(
            /<GITHUB_OWNER>@<GITHUB_OWNER_ID>\/<GITHUB_REPO>@<GITHUB_REPO_ID>/g,
            '<GITHUB_OWNER>/<GITHUB_REPO>',
          )
          .replace(/Immutable"/, '"'),
        names,
        name,
      );
    }
  });

  it("the build job's token cannot assume the publisher role: only the publish job's environment can", () => {
    const wf = read('.github/workflows/publish.yml');
    const env = /publish-environment:\n(?:\s+[\w-]+:.*\n|\s+\S.*\n)*?\s+default: (\S+)/.exec(wf)?.[1];
    assert.equal(env, 'uptycs-distributor-publish', 'the templates name the default environment');
    for (const immutable of [false, true]) {
      const publisher = load(`github-oidc-trust-policy-reusable${immutable ? '-immutable' : ''}.json`);
      const build = { sub: sub({ immutable, customised: true, ...JOBS['reusable build job'] }), aud: AUD };
      assert.equal(admits(publisher, build), false);
    }
  });

  it('iam/README.md says how to read the ids, which form a repository has, and the China audience', () => {
    const readme = read('iam/README.md');
    assert.ok(readme.includes("gh api repos/OWNER/REPO --jq '.id, .owner.id'"));
    for (const name of Object.keys(TEMPLATES)) {
      assert.ok(readme.includes(`${name}.json`), name);
      assert.ok(readme.includes(`${name}-immutable.json`), name);
    }
    assert.match(readme, /sts\.amazonaws\.com\.cn/);
    assert.match(readme, /arn:aws-cn:iam::<ACCOUNT_ID>:oidc-provider/);
  });
});
