/**
 * The rollout plan file (input rollout-plan): every problem at once, each at its line and column; the
 * safe defaults of the first ring and the user's values winning; the inputs it replaces refused next
 * to it; the schema shipped for editors knows the same fields as the loader.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { readInputs } from '../src/inputs/index.js';
import { readRolloutInputs } from '../src/inputs/rollout.js';
import { PLAN_KEYS, RING_KEYS, parseRolloutPlan } from '../src/inputs/rollout-plan.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const work = mkdtempSync(path.join(tmpdir(), 'udist-plan-'));
after(() => rmSync(work, { recursive: true, force: true }));

const parse = (text: string) => parseRolloutPlan(text, 'rollout.jsonc', 'UptycsAgent-rollout');
const at = (r: ReturnType<typeof parse>) =>
  r.problems.map((p) => `${p.location?.line}:${p.location?.column} ${p.message}`);

describe('the rollout plan file', () => {
  it('reads rings in order, with comments, the first ring small and tight unless the user says otherwise', () => {
    const r = parse(`{
  // canary first
  "rings": [
    { "name": "canary", "targets": ["tag:UptycsRing=canary"], "alarms": ["uptycs-canary-health"] },
    { "name": "fleet", "targets": ["tag:UptycsRing=fleet", "tag:env=prod"], "bake": "2d", "maxErrors": "5%" },
    { "name": "legacy", "targets": ["i-0123456789abcdef0"], "action": "uninstall", "maxErrors": "3" },
  ],
  "defaultVersion": "never",
  "organization": { "readRole": "arn:aws:iam::111111111111:role/r" }
}`);
    assert.deepEqual(r.problems, []);
    const plan = r.plan!;
    assert.deepEqual(
      plan.rings.map((g) => [g.name, g.maxConcurrency, g.maxErrors, g.bake, g.bakeMs, g.action]),
      [
        ['canary', '1', '0', '24h', 24 * 3_600_000, 'Install'],
        ['fleet', '10%', '5%', '2d', 2 * 86_400_000, 'Install'],
        ['legacy', '10%', '3', '24h', 24 * 3_600_000, 'Uninstall'],
      ],
    );
    assert.deepEqual(plan.rings[1]!.targets, [
      { Key: 'tag:UptycsRing', Values: ['fleet'] },
      { Key: 'tag:env', Values: ['prod'] },
    ]);
    assert.deepEqual(plan.rings[2]!.targets, [{ Key: 'InstanceIds', Values: ['i-0123456789abcdef0'] }]);
    assert.equal(plan.rings[0]!.complianceSeverity, 'HIGH');
    assert.equal(plan.defaultVersion, 'never');
    assert.deepEqual(plan.organization, { readRole: 'arn:aws:iam::111111111111:role/r' });
    assert.equal(plan.rings[1]!.location.line, 5);
  });

  it('reports every problem at once, each at its line and column', () => {
    const r = parse(`{
  "rings": [
    { "name": "canary", "targets": ["tag:UptycsRing=canary"], "bake": "1 day", "maxErors": "0" },
    { "name": "canary", "targets": [], "maxConcurrency": "0" },
    { "name": "bad name!", "targets": ["nonsense"], "accounts": ["1234"], "ous": ["ou-x"], "action": "remove" },
    "fleet"
  ],
  "defaultVersion": "first"
}`);
    assert.equal(r.plan, undefined);
    assert.deepEqual(at(r), [
      '3:80 unknown field "maxErors" (did you mean "maxErrors"?); known fields: name, targets, accounts, ous, bake, maxConcurrency, maxErrors, alarms, action, complianceSeverity',
      '3:63 ring "canary": bake "1 day" must be minutes, hours or days such as 30m, 24h or 2d',
      '4:25 ring "canary" needs "targets" (for example ["tag:UptycsRing=canary"]), or "accounts"/"ous" with the Organization',
      '4:40 ring "canary": maxConcurrency "0" must be a number of instances (10) or a percentage (10%)',
      '5:7 ring "bad name!": name "bad name!" must be 1 to 32 letters, digits, "_" or "-" (it ends the association\'s name)',
      '5:28 ring "bad name!": "nonsense" is not a target; write tag:Key=Value, InstanceIds=i-0123456789abcdef0 or resource-groups:Name=Group, one per line',
      '5:53 ring "bad name!": "1234" is not a 12-digit AWS account ID',
      '5:75 ring "bad name!": "ou-x" is not an organizational unit ID (ou-abcd-12345678) or a root ID (r-abcd)',
      '5:92 ring "bad name!": action "remove" must be install or uninstall',
      '6:5 rings[3] must be an object such as {"name": "canary", "targets": ["tag:UptycsRing=canary"]}',
      '4:7 ring name "canary" is already used by rings[0]; every ring needs its own name',
      '8:3 defaultVersion "first" must be "last" (moves after the last ring) or "never"',
    ]);
  });

  it('two rings with the same targets are refused (each would reinstall its version over the other)', () => {
    const r = parse(
      '{"rings": [{"name": "a", "targets": ["tag:x=1", "tag:y=2"]}, {"name": "b", "targets": ["tag:y=2", "tag:x=1"]}]}',
    );
    assert.deepEqual(at(r), [
      `1:76 ring "b" has the same targets as rings[0]; an instance in two rings would get two associations that reinstall each other's version`,
    ]);
  });

  it('a syntax error is one problem at its place', () => {
    assert.deepEqual(at(parse('{\n  "rings": [\n    { "name": "a" "targets": [] }\n  ]\n}')), [
      '3:19 the rollout plan is not valid JSON here (CommaExpected)',
    ]);
    assert.deepEqual(at(parse('  ')), ['1:1 the rollout plan is empty']);
  });

  it('replaces rollout-targets, max-concurrency and max-errors: giving them too is one clear error each', () => {
    const file = path.join(work, 'plan.json');
    writeFileSync(file, JSON.stringify({ rings: [{ name: 'all', targets: ['tag:uptycs=yes'] }] }));
    const bad: string[] = [];
    const raw: Record<string, string> = {
      'rollout-plan': file,
      'rollout-targets': 'tag:uptycs=yes',
      'max-errors': '5%',
    };
    const r = readRolloutInputs(
      (n) => raw[n] ?? '',
      (n, m) => bad.push(`${n}: ${m}`),
      'UptycsAgent',
      work,
    );
    assert.equal(r?.plan?.rings[0]?.name, 'all');
    assert.deepEqual(bad, [
      `rollout-plan: give ⦃rollout-plan⦄ or ⦃rollout-targets⦄, not both: the plan's rings hold the targets (remove ⦃rollout-targets⦄)`,
      `max-errors: the rollout plan's rings set maxErrors; remove ⦃max-errors⦄ and write it on each ring of ${file}`,
    ]);
  });

  it('a missing file and a bad plan name the input, with every problem of the file', () => {
    const bad: string[] = [];
    readRolloutInputs(
      (n) => (n === 'rollout-plan' ? 'nope.json' : ''),
      (n, m) => bad.push(`${n}: ${m}`),
      'A',
      work,
    );
    assert.match(bad[0]!, /^rollout-plan: cannot read .*nope\.json \(.*\); give the path of the plan file/);
    const file = path.join(work, 'two.json');
    writeFileSync(file, '{"rings": [{"name": "a"}], "defaultVersion": 1}');
    bad.length = 0;
    readRolloutInputs(
      (n) => (n === 'rollout-plan' ? file : ''),
      (n, m) => bad.push(`${n}: ${m}`),
      'A',
      work,
    );
    assert.equal(bad.length, 1);
    assert.match(
      bad[0]!,
      /^rollout-plan: .*two\.json has 2 problems:\n {4}.*two\.json:1:12: ring "a" needs "targets".*\n {4}.*:1:28: defaultVersion 1 must be/,
    );
  });

  it('moves the default itself: set-default-version true next to it is refused, and publishing leaves the default', () => {
    const file = path.join(work, 'plan.json');
    writeFileSync(file, JSON.stringify({ rings: [{ name: 'all', targets: ['tag:uptycs=yes'] }] }));
    const defaults = { cwd: work, outputDir: path.join(work, 'out'), mapping: path.join(work, 'm.json') };
    const base: Record<string, string> = { download: 'false', 'agents-dir': '.', 'rollout-plan': file };
    const inputs = readInputs((n) => base[n] ?? '', defaults);
    assert.equal(inputs.setDefaultVersion, false);
    assert.equal(inputs.rolloutPlan, file);
    assert.throws(
      () => readInputs((n) => ({ ...base, 'set-default-version': 'true' })[n] ?? '', defaults),
      /set-default-version⦄: with ⦃rollout-plan⦄ the rollout moves the document's default version/,
    );
    const undo = readInputs(
      (n) => ({ download: 'false', 'agents-dir': '.', 'rollback-to': 'previous' })[n] ?? '',
      defaults,
    );
    assert.equal(undo.rollout?.rollbackTo, 'previous');
    assert.equal(undo.setDefaultVersion, false);
  });

  it('the schema shipped for editors knows exactly the fields the loader knows', () => {
    const schema = JSON.parse(readFileSync(path.join(ROOT, 'mappings/rollout-plan.schema.json'), 'utf8')) as {
      properties: Record<string, unknown>;
      $defs: { ring: { properties: Record<string, unknown>; required: string[] } };
    };
    assert.deepEqual(Object.keys(schema.properties).sort(), [...PLAN_KEYS].sort());
    assert.deepEqual(Object.keys(schema.$defs.ring.properties).sort(), [...RING_KEYS].sort());
    assert.deepEqual(schema.$defs.ring.required, ['name']);
  });
});
