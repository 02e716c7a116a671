/**
 * The Organization's pure parts: the plan file's `organization` object (every problem at once, at its
 * line and column), the rollout-plan input, the partition of a region in ARNs, the quota, the accounts
 * that left, the rings of an account, the causes of an account's failure, and the summary's size.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { isUserError } from '../src/common/errors.js';
import { readInputs } from '../src/inputs/index.js';
import { loadOrganization } from '../src/inputs/organization.js';
import {
  accountsToShare,
  departedAccounts,
  explainMemberFailure,
  inChunk,
  partitionOf,
  ringsFor,
  sharedDocumentArn,
  type OrgAccount,
} from '../src/organization/plan.js';
import { organizationSections } from '../src/organization/report.js';
import type { MemberOutcome } from '../src/organization/members.js';

const dir = mkdtempSync(path.join(tmpdir(), 'org-plan-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string) => {
  const f = path.join(dir, name);
  writeFileSync(f, text);
  return f;
};

describe('the plan file’s organization', () => {
  test('a good one, with comments, is read with its defaults', () => {
    const f = write(
      'good.jsonc',
      `{
  // the canary first
  "rings": [{ "name": "all", "targets": ["tag:uptycs=yes"] }],
  "organization": {
    "readRole": "arn:aws:iam::111111111111:role/uptycs-org-read",
    "memberRole": "arn:aws:iam::{account}:role/uptycs-member",
    "ous": ["ou-abcd-12345678", "r-abcd"], // nested OUs included
  }
}`,
    );
    const r = loadOrganization(f, 'plan.jsonc');
    assert.deepEqual(r.problems, []);
    assert.deepEqual(r.organization, {
      readRole: 'arn:aws:iam::111111111111:role/uptycs-org-read',
      memberRole: 'arn:aws:iam::{account}:role/uptycs-member',
      ous: ['ou-abcd-12345678', 'r-abcd'],
      concurrency: 16,
    });
  });

  test('every problem is reported at once, each at its line and column', () => {
    const f = write(
      'bad.json',
      `{
  "organization": {
    "readRole": "arn:aws:iam::1111:role/x",
    "memberRole": "arn:aws-us-gov:iam::222222222222:role/uptycs-member",
    "ous": ["ou-abcd-12345678", "123456789012", "ou-abcd-12345678", 7],
    "concurency": 4,
    "concurrency": 0
  }
}`,
    );
    const r = loadOrganization(f, 'plan.json');
    assert.equal(r.organization, undefined);
    const got = r.problems.map((p) => `${p.location?.line}:${p.location?.column} ${p.message}`);
    const expect = [
      /^6:5 organization: unknown key "concurency": did you mean "concurrency"\?/,
      /^3:17 organization: readRole "arn:aws:iam::1111:role\/x" is not a role ARN/,
      /^4:19 organization: memberRole ".*" is not a role ARN such as "arn:aws:iam::\{account\}:role\/uptycs-member"/,
      /^5:33 organization: "123456789012" is an account ID; ous takes OU ids/,
      /^5:49 organization: "ou-abcd-12345678" is listed twice/,
      /^5:69 organization: every entry of ous must be a string/,
      /^7:20 organization: concurrency must be a whole number from 1 to 64/,
    ];
    assert.equal(got.length, expect.length, got.join('\n'));
    expect.forEach((re, i) => assert.match(got[i]!, re));
  });

  test('missing keys, partitions that disagree, and a file that is not JSON', () => {
    const f = write(
      'parts.json',
      `{ "organization": { "readRole": "arn:aws-cn:iam::111111111111:role/r", "memberRole": "arn:aws:iam::{account}:role/m" } }`,
    );
    const msgs = loadOrganization(f).problems.map((p) => p.message);
    assert.ok(
      msgs.some((m) => /memberRole is in partition aws but readRole in aws-cn/.test(m)),
      msgs.join('\n'),
    );
    assert.ok(msgs.some((m) => /ous is missing/.test(m)));
    const broken = loadOrganization(write('broken.json', '{ "organization": { '), 'broken.json');
    assert.match(broken.problems[0]!.message, /broken.json is not valid JSON/);
    assert.equal(broken.problems[0]!.location?.line, 1);
    assert.match(
      loadOrganization(path.join(dir, 'nope.json'), 'nope.json').problems[0]!.message,
      /cannot read nope.json \(no such file/,
    );
  });

  test('the rollout-plan input: problems name the input, with the file’s line', () => {
    write(
      'input.json',
      `{\n  "organization": {\n    "readRole": "x",\n    "memberRole": "arn:aws:iam::{account}:role/m",\n    "ous": ["r-abcd"]\n  },\n  "rings": [{ "name": "fleet", "targets": ["tag:uptycs=yes"] }]\n}`,
    );
    const get = (values: Record<string, string>) => (n: string) =>
      ({ download: 'false', 'agents-dir': '.', ...values })[n] ?? '';
    const defaults = { mapping: path.join(dir, 'm.json'), outputDir: path.join(dir, 'out'), cwd: dir };
    try {
      readInputs(get({ 'rollout-plan': 'input.json' }), defaults);
      assert.fail('accepted');
    } catch (err) {
      assert.ok(isUserError(err));
      assert.match(err.message, /rollout-plan⦄?: organization: readRole "x" is not a role ARN/);
      assert.deepEqual(err.problems.find((p) => p.location)?.location, {
        file: 'input.json',
        line: 3,
        column: 17,
      });
    }
    // An organization without rings: no association to create in the member accounts.
    const org = `"organization": { "readRole": "arn:aws:iam::111111111111:role/r", "memberRole": "arn:aws:iam::{account}:role/m", "ous": ["r-abcd"] }`;
    write('no-rings.json', `{ ${org} }`);
    assert.throws(
      () => readInputs(get({ 'rollout-plan': 'no-rings.json' }), defaults),
      /"rings" must be a non-empty array/,
    );
    write('ok.json', `{ ${org}, "rings": [{ "name": "fleet", "targets": ["tag:uptycs=yes"] }] }`);
    const ok = readInputs(get({ 'rollout-plan': 'ok.json' }), defaults);
    assert.equal(ok.rolloutPlan, path.join(dir, 'ok.json'));
    assert.deepEqual(ok.organization?.ous, ['r-abcd']);
    assert.deepEqual(
      ok.rollout?.plan?.rings.map((r) => r.name),
      ['fleet'],
    );
  });
});

describe('organization-chunk: the member accounts split across matrix jobs', () => {
  const org = `"organization": { "readRole": "arn:aws:iam::111111111111:role/r", "memberRole": "arn:aws:iam::{account}:role/m", "ous": ["r-abcd"] }`;
  const rings = `"rings": [{ "name": "fleet", "targets": ["tag:uptycs=yes"] }]`;
  const get = (values: Record<string, string>) => (n: string) =>
    ({ download: 'false', 'agents-dir': '.', ...values })[n] ?? '';
  const defaults = { mapping: path.join(dir, 'm.json'), outputDir: path.join(dir, 'out'), cwd: dir };

  test('K/N and 0/N are read; every other value is one error naming the input, with the fix', () => {
    write('chunk.json', `{ ${org}, ${rings} }`);
    const read = (chunk: string) =>
      readInputs(get({ 'rollout-plan': 'chunk.json', 'organization-chunk': chunk }), defaults);
    assert.deepEqual(read('3/8').organization?.chunk, { index: 3, count: 8 });
    assert.deepEqual(read(' 0/8 ').organization?.chunk, { index: 0, count: 8 });
    assert.deepEqual(read('256/256').organization?.chunk, { index: 256, count: 256 });
    assert.equal(read('').organization?.chunk, undefined);
    for (const bad of ['9/8', '3', '3/0', '1/257', '-1/8', 'a/b', '3/8/2', '3of8', '1.5/8'])
      assert.throws(
        () => read(bad),
        (err: unknown) => {
          assert.ok(isUserError(err), bad);
          assert.equal(err.problems.length, 1, bad);
          assert.match(err.message, /organization-chunk⦄?: ".*" must be K\/N/, bad);
          assert.match(err.message, /for example 3\/8/, bad);
          return true;
        },
      );
  });

  test('without an Organization in the plan (or without a plan) it is an error naming the input', () => {
    write('no-org.json', `{ ${rings} }`);
    for (const values of <Record<string, string>[]>[
      { 'organization-chunk': '1/2' },
      { 'organization-chunk': '1/2', 'rollout-plan': 'no-org.json' },
    ])
      assert.throws(
        () => readInputs(get(values), defaults),
        /organization-chunk⦄?: needs .*rollout-plan.* with an "organization" object/,
      );
  });

  test('every account is in exactly one part, by its ID alone; the parts are about even', () => {
    const ids = Array.from({ length: 1000 }, (_, i) => String(100000000000 + i * 7919 + (i % 13)));
    for (const count of [1, 3, 8, 256]) {
      const sizes = Array.from(
        { length: count },
        (_, k) => ids.filter((id) => inChunk(id, { index: k + 1, count })).length,
      );
      assert.equal(
        sizes.reduce((a, b) => a + b, 0),
        ids.length,
        `${count} parts cover every account once`,
      );
      for (const id of ids.slice(0, 50))
        assert.equal(
          Array.from({ length: count }, (_, k) => inChunk(id, { index: k + 1, count })).filter(Boolean)
            .length,
          1,
        );
      if (count <= 8)
        assert.ok(Math.max(...sizes) - Math.min(...sizes) <= ids.length / count / 2, `${sizes}`);
    }
    // The part of an account never depends on the other accounts: adding accounts moves nobody.
    const before = ids.map((id) => inChunk(id, { index: 2, count: 8 }));
    assert.deepEqual(
      ids.map((id) => inChunk(id, { index: 2, count: 8 })),
      before,
    );
    // 0/N is the hub job: no member account.
    assert.equal(ids.filter((id) => inChunk(id, { index: 0, count: 8 })).length, 0);
  });
});

describe('the Organization’s pure parts', () => {
  const acct = (id: string, unit = 'ou-a', parent = unit): OrgAccount => ({
    id,
    name: `n${id}`,
    unit,
    parent,
  });

  test('ARNs carry the region’s partition', () => {
    assert.equal(partitionOf('us-east-1'), 'aws');
    assert.equal(partitionOf('af-south-1'), 'aws');
    assert.equal(partitionOf('us-gov-west-1'), 'aws-us-gov');
    assert.equal(partitionOf('cn-northwest-1'), 'aws-cn');
    assert.equal(
      sharedDocumentArn('cn-north-1', '111111111111', 'P'),
      'arn:aws-cn:ssm:cn-north-1:111111111111:document/P',
    );
    assert.equal(
      sharedDocumentArn('us-gov-east-1', '111111111111', 'P'),
      'arn:aws-us-gov:ssm:us-gov-east-1:111111111111:document/P',
    );
  });

  test('sharing: the Organization’s accounts and the listed ones, never the hub; past 1,000 one error', () => {
    const org = [acct('222222222222'), acct('111111111111'), acct('333333333333')];
    assert.deepEqual(accountsToShare(org, ['444444444444', '222222222222'], '111111111111'), [
      '222222222222',
      '333333333333',
      '444444444444',
    ]);
    const many = Array.from({ length: 1001 }, (_, i) => acct(String(200000000000 + i)));
    assert.throws(
      () => accountsToShare(many, [], '111111111111'),
      (e: Error) => isUserError(e) && /1001 accounts .* more than the 1000/.test(e.message),
    );
    assert.equal(accountsToShare(many.slice(0, 1000), [], '111111111111').length, 1000);
    assert.deepEqual(departedAccounts(['all', '2', '222222222222', '555555555555'], ['222222222222']), [
      '555555555555',
    ]);
  });

  test('a ring with accounts or OUs applies to those only', () => {
    const rings = [
      { associationName: 'all' },
      { associationName: 'canary', accounts: ['111111111111'] },
      { associationName: 'prod', ous: ['ou-prod'] },
    ];
    assert.deepEqual(
      ringsFor(rings, acct('111111111111')).map((r) => r.associationName),
      ['all', 'canary'],
    );
    assert.deepEqual(
      ringsFor(rings, acct('222222222222', 'r-root', 'ou-prod')).map((r) => r.associationName),
      ['all', 'prod'],
    );
  });

  test('every iam/ file a message of src/ names exists (a fix that names a missing file is no fix)', () => {
    const root = path.join(import.meta.dirname, '..');
    const files = (d: string): string[] =>
      readdirSync(d, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? files(path.join(d, e.name)) : e.name.endsWith('.ts') ? [path.join(d, e.name)] : [],
      );
    const named = files(path.join(root, 'src')).flatMap((f) =>
      [...readFileSync(f, 'utf8').matchAll(/\biam\/[\w.-]+\.(?:json|ya?ml)\b/g)].map((m) => ({
        f,
        iam: m[0],
      })),
    );
    assert.ok(named.some((x) => x.iam === 'iam/member-role-stackset.json'));
    for (const x of named)
      assert.ok(existsSync(path.join(root, x.iam)), `${path.relative(root, x.f)} names ${x.iam}`);
  });

  test('an account’s failure is named with its cause and fix', () => {
    const e = (name: string, message: string) => Object.assign(new Error(message), { name });
    const role = 'arn:aws:iam::222222222222:role/uptycs-member';
    assert.match(
      explainMemberFailure(
        e('AccessDenied', 'not authorized to perform: sts:AssumeRole'),
        'assume',
        role,
        'us-east-1',
      ),
      /cannot assume .* deploy the member-role StackSet/,
    );
    assert.match(
      explainMemberFailure(
        e('AccessDeniedException', 'with an explicit deny in a service control policy'),
        'ssm',
        role,
        'eu-west-1',
      ),
      /a service control policy denies it/,
    );
    assert.match(
      explainMemberFailure(
        e('UnrecognizedClientException', 'The security token included in the request is invalid'),
        'ssm',
        role,
        'af-south-1',
      ),
      /region af-south-1 is not enabled in this account .*aws-region/,
    );
  });

  test('the summary leads with failures and stays within its budget for thousands of accounts', () => {
    const members: MemberOutcome[] = Array.from({ length: 5000 }, (_, i) => ({
      account: String(300000000000 + i),
      name: `account-${i}`,
      unit: `ou-${i % 3}`,
      kind: 'member',
      regions: Array.from({ length: 17 }, (_, k) => ({
        region: `r-${k}`,
        associations: [{ name: 'a', action: 'unchanged' }],
      })),
      ...(i % 2
        ? { error: `the hub role cannot assume the role of account ${i}: a long explanation `.repeat(3) }
        : {}),
    }));
    const md = organizationSections(members, {
      units: ['r-abcd'],
      shared: 5000,
      regions: ['us-east-1'],
      inactive: 0,
    })[0]!.markdown;
    assert.ok(Buffer.byteLength(md) < 450 * 1024, `${Buffer.byteLength(md)} bytes`);
    assert.ok(md.indexOf('**Failures**') < md.indexOf('| OU |'));
    assert.match(md, /and \d+ more \(report.json lists them all\)/);
    assert.match(md, /\| ou-1 \| 1667 \| 834 \|/);
  });
});
