/**
 * Rings, stop and undo against the real SDK: documents published to moto through the Distributor
 * double, State Manager in the fleet double (it runs each association on its instances as the SSM
 * Agent would, the version it is pinned to included), CloudWatch alarms in moto. Time is the stage's
 * clock (RolloutDeps.now), never a sleep: the rings' "since" are the association dates the double
 * keeps, as SSM does.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { CloudWatchClient, PutMetricAlarmCommand, SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch';
import { ListDocumentVersionsCommand, SSMClient } from '@aws-sdk/client-ssm';
import { readRolloutInputs } from '../src/inputs/rollout.js';
import type { BuiltPackage } from '../src/package/types.js';
import { publishPackage } from '../src/publish/index.js';
import { rolloutStage, type RegionRollout } from '../src/rollout/index.js';
import { startFakeSsm, type FakeSsm } from '../scripts/local-aws/fake-ssm.js';
import { motoAvailable, startMoto, type Moto } from '../scripts/local-aws/moto.js';
import { startFakeFleet, type FakeFleet, type FleetNode } from './helpers/fake-fleet.js';
import { FAST, cleanupFixtures, makeInputs, makePackage, memoryLog } from './helpers/publish-fixture.js';

const HOUR = 3_600_000;
const READ = /^(Describe|List|Get|ec2:Describe)/;

const amazon = (id: string, ring: string, script?: FleetNode['script']): FleetNode => ({
  id,
  platformType: 'Linux',
  platformName: 'Amazon Linux',
  platformVersion: '2023',
  tags: { UptycsRing: ring },
  agent: { platform: 'amazon', version: '2023', arch: 'x86_64' },
  ec2Arch: 'x86_64',
  ...(script ? { script } : {}),
});

describe(
  'rollout in rings (moto + the fleet double)',
  { skip: !motoAvailable() && 'moto_server is not installed' },
  () => {
    let moto: Moto;
    let docs: FakeSsm;
    let fleet: FakeFleet;
    let work: string;
    const pkgs = new Map<string, BuiltPackage>();

    before(async () => {
      work = mkdtempSync(path.join(tmpdir(), 'udist-rings-'));
      moto = await startMoto();
      docs = await startFakeSsm(moto.url);
      fleet = await startFakeFleet(docs.url);
    });
    after(async () => {
      await fleet?.stop();
      await docs?.stop();
      await moto?.stop();
      cleanupFixtures();
      rmSync(work, { recursive: true, force: true });
    });
    beforeEach(async () => {
      await moto.reset();
      docs.reset();
      fleet.reset();
      docs.distributor({ creatingPolls: 0, outcome: 'Active' });
    });

    const env = (): NodeJS.ProcessEnv => ({
      ...process.env,
      AWS_ENDPOINT_URL: moto.url,
      AWS_ENDPOINT_URL_SSM: fleet.url,
      AWS_ENDPOINT_URL_EC2: fleet.url,
    });
    const pkgOf = (version: string) => {
      let p = pkgs.get(version);
      if (!p) pkgs.set(version, (p = makePackage(version)));
      return p;
    };
    const publish = async (version: string, regions = ['us-east-1'], setDefaultVersion = false) => {
      const results = await publishPackage(
        pkgOf(version),
        makeInputs({ awsRegions: regions, setDefaultVersion }),
        {
          log: memoryLog(),
          env: { ...process.env, AWS_ENDPOINT_URL: moto.url, AWS_ENDPOINT_URL_SSM: docs.url },
          options: FAST,
        },
      );
      for (const r of results) assert.equal(r.ok, true, r.error);
    };
    const writePlan = (plan: unknown) => {
      const file = path.join(work, `plan-${Math.random().toString(36).slice(2)}.jsonc`);
      writeFileSync(file, `// rings\n${JSON.stringify(plan, null, 2)}\n`);
      return file;
    };
    /** The writes both doubles saw (every call that is not a read). */
    const writes = () =>
      [...fleet.calls.map((c) => c.action), ...docs.calls.map((c) => c.action)].filter((a) => !READ.test(a));
    const run = async (
      version: string,
      raw: Record<string, string>,
      o: { now?: number; regions?: string[]; dryRun?: boolean } = {},
    ) => {
      const bad: string[] = [];
      const r = readRolloutInputs(
        (n) => raw[n] ?? '',
        (n, m) => bad.push(`${n}: ${m}`),
        'UptycsAgent',
        work,
      );
      assert.deepEqual(bad, []);
      const log = memoryLog();
      const out = await rolloutStage({
        log,
        env: env(),
        now: () => o.now ?? Date.now(),
        options: { pollIntervalMs: 5, maxPollIntervalMs: 20, retryBaseMs: 5 },
      })(
        pkgOf(version),
        makeInputs({
          awsRegions: o.regions ?? ['us-east-1'],
          ...(r ? { rollout: r } : {}),
          rolloutPlan: raw['rollout-plan'] ?? '',
          setDefaultVersion: false,
          dryRun: !!o.dryRun,
        }),
        undefined,
      );
      return { ...out, log, results: out.results as RegionRollout[] };
    };
    const pins = (region = 'us-east-1') =>
      Object.fromEntries(
        fleet
          .associations(region)
          .map((a) => [
            String(a.def.AssociationName),
            (a.def.Parameters as Record<string, string[]>).version?.[0],
          ]),
      );
    const defaultOf = async (region = 'us-east-1') => {
      const ssm = new SSMClient({ region, endpoint: docs.url });
      try {
        const out = await ssm.send(new ListDocumentVersionsCommand({ Name: 'UptycsAgent' }));
        return out.DocumentVersions?.find((v) => v.IsDefaultVersion)?.VersionName;
      } finally {
        ssm.destroy();
      }
    };
    /** The last execution of a ring's association in the double: the version the agents installed. */
    const ranVersion = (name: string) => {
      const a = fleet.associations('us-east-1').find((x) => x.def.AssociationName === name)!;
      return {
        executions: a.executions.length,
        ok: a.executions.at(-1)!.targets.every((t) => t.status === 'Success'),
      };
    };

    const twoRings = (canary: Record<string, unknown> = {}, fleetRing: Record<string, unknown> = {}) =>
      writePlan({
        rings: [
          { name: 'canary', targets: ['tag:UptycsRing=canary'], bake: '24h', ...canary },
          { name: 'fleet', targets: ['tag:UptycsRing=fleet'], bake: '0h', ...fleetRing },
        ],
        defaultVersion: 'last',
      });

    /** Both rings on 1.0.0 (the default), then 1.1.0 published without moving the default. */
    const onOldVersion = async (plan: string, regions = ['us-east-1']) => {
      await publish('1.0.0', regions, true);
      const raw = { 'rollout-plan': plan };
      let r = await run('1.0.0', raw, { regions });
      assert.equal(r.error, undefined, r.error?.message);
      r = await run('1.0.0', raw, { regions, now: Date.now() + 25 * HOUR });
      assert.equal(r.error, undefined, r.error?.message);
      for (const region of regions)
        assert.deepEqual(pins(region), {
          'UptycsAgent-rollout-canary': '1.0.0',
          'UptycsAgent-rollout-fleet': '1.0.0',
        });
      await publish('1.1.0', regions);
    };

    it('a ring that reached no instance is said to have tried nothing before the next ring moves on its bake alone', async () => {
      fleet.add(amazon('i-0000000000000f001', 'fleet')); // nothing tagged canary
      const plan = twoRings();
      await publish('1.0.0', ['us-east-1'], true);
      const raw = { 'rollout-plan': plan };
      let r = await run('1.0.0', raw);
      assert.equal(r.error, undefined, r.error?.message);
      r = await run('1.0.0', raw, { now: Date.now() + HOUR });
      const canary = r.results[0]!.rings![0]!;
      assert.deepEqual([canary.status, canary.result], ['baking', 'Success: reached no instance']);
      assert.match(
        r.log.text(),
        /warning: \[us-east-1\] ring canary reached no instance at its last run \(its targets tag:UptycsRing=canary match no managed instance in us-east-1\): ring fleet moves after its bake with nothing having tried the version/,
      );
      // Once the fleet ring is on the version too, there is nothing left to warn about.
      r = await run('1.0.0', raw, { now: Date.now() + 25 * HOUR });
      assert.equal(r.error, undefined, r.error?.message);
      r = await run('1.0.0', raw, { now: Date.now() + 26 * HOUR });
      assert.doesNotMatch(r.log.text(), /reached no instance at its last run/);
    });

    it('ring 1 runs the new version while ring 2 keeps the old; a run before the bake writes nothing; after it, ring 2 moves, then the default', async () => {
      fleet.add(
        amazon('i-0000000000000c001', 'canary'),
        amazon('i-0000000000000f001', 'fleet'),
        amazon('i-0000000000000f002', 'fleet'),
      );
      const plan = twoRings();
      await onOldVersion(plan);
      const raw = { 'rollout-plan': plan };

      let r = await run('1.1.0', raw);
      assert.equal(r.error, undefined, r.error?.message);
      assert.deepEqual(pins(), {
        'UptycsAgent-rollout-canary': '1.1.0',
        'UptycsAgent-rollout-fleet': '1.0.0',
      });
      assert.deepEqual(ranVersion('UptycsAgent-rollout-canary'), { executions: 2, ok: true });
      assert.equal(await defaultOf(), '1.0.0', 'the default moves last');
      const canaryRun = docs.calls.filter((c) => c.action === 'GetDocument').at(-1)!;
      assert.equal(canaryRun.body.VersionName, '1.1.0', "the canary's agents installed the pinned version");

      // An hour later: canary bakes; nothing is written.
      fleet.calls.length = 0;
      docs.calls.length = 0;
      r = await run('1.1.0', raw, { now: Date.now() + HOUR });
      assert.equal(r.error, undefined, r.error?.message);
      assert.deepEqual(writes(), []);
      const rings = r.results[0]!.rings!;
      assert.deepEqual(
        rings.map((x) => [x.ring, x.status, x.version]),
        [
          ['canary', 'baking', '1.1.0'],
          ['fleet', 'waits', '1.0.0'],
        ],
      );
      assert.match(rings[0]!.next, /^bakes until \d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
      assert.match(rings[1]!.next, /moves to 1\.1\.0 after .*canary's bake/);
      const summary = r.sections.map((s) => s.markdown).join('\n');
      assert.match(
        summary,
        /\| ⏳ canary \| 1\.1\.0 \| \d{4}-.* \| Success: 1 of 1 succeeded \| bakes until/,
      );
      assert.match(summary, /This run changed nothing \(no write call\)/);

      // After the bake: the fleet ring moves (and only it).
      r = await run('1.1.0', raw, { now: Date.now() + 25 * HOUR });
      assert.equal(r.error, undefined, r.error?.message);
      assert.deepEqual(pins(), {
        'UptycsAgent-rollout-canary': '1.1.0',
        'UptycsAgent-rollout-fleet': '1.1.0',
      });
      assert.equal(await defaultOf(), '1.0.0');
      assert.deepEqual(r.results[0]!.ringChanges, ['ring fleet: 1.0.0 → 1.1.0']);

      // The fleet ring succeeded (bake 0h): the default moves, last.
      r = await run('1.1.0', raw, { now: Date.now() + 25 * HOUR });
      assert.equal(r.error, undefined, r.error?.message);
      assert.equal(await defaultOf(), '1.1.0');
      assert.deepEqual(r.results[0]!.defaultMoved, { from: '1.0.0', to: '1.1.0' });
    });

    it('a ring that failed beyond its budget halts every later ring and fails the step naming it, its instances and why', async () => {
      fleet.add(
        amazon('i-0000000000000c001', 'canary', {
          exitCode: 15,
          stderr: '[uptycs-distributor] ERROR: rpm -U failed: error: unpacking of archive failed',
        }),
        amazon('i-0000000000000f001', 'fleet'),
      );
      await publish('1.0.0', ['us-east-1'], true);
      const raw = { 'rollout-plan': twoRings() };
      let r = await run('1.0.0', raw);
      assert.equal(r.error, undefined, 'the move itself does not wait (rollout-wait-minutes 0)');
      fleet.calls.length = 0;
      docs.calls.length = 0;
      r = await run('1.0.0', raw, { now: Date.now() + 25 * HOUR });
      assert.ok(r.error);
      assert.match(
        r.error.message,
        /ring canary halted the rollout: 1 of 1 instances failed, more than maxErrors 0 allows \(0\)\. Failed: i-0000000000000c001: the package tool failed \(exit 15\): rpm -U failed/,
      );
      assert.deepEqual(writes(), [], 'nothing moves');
      assert.deepEqual(
        Object.keys(pins()),
        ['UptycsAgent-rollout-canary'],
        'the fleet ring was never created',
      );
    });

    it("a user's maxErrors wins over the first ring's tight default", async () => {
      fleet.add(
        amazon('i-0000000000000c001', 'canary', {
          exitCode: 15,
          stderr: '[uptycs-distributor] ERROR: rpm failed',
        }),
        amazon('i-0000000000000c002', 'canary'),
        amazon('i-0000000000000f001', 'fleet'),
      );
      await publish('1.0.0', ['us-east-1'], true);
      const raw = { 'rollout-plan': twoRings({ maxErrors: '1' }) };
      await run('1.0.0', raw);
      const canary = fleet.associations('us-east-1')[0]!.def;
      assert.equal(canary.MaxErrors, '1');
      assert.equal(canary.MaxConcurrency, '1', 'the first ring installs one instance at a time by default');
      const r = await run('1.0.0', raw, { now: Date.now() + 25 * HOUR });
      assert.equal(r.error, undefined, r.error?.message);
      assert.equal(pins()['UptycsAgent-rollout-fleet'], '1.0.0');
    });

    it("a ring whose CloudWatch alarm is in ALARM halts the promotion; the alarm is the association's AlarmConfiguration", async () => {
      fleet.add(amazon('i-0000000000000c001', 'canary'), amazon('i-0000000000000f001', 'fleet'));
      const cw = new CloudWatchClient({ region: 'us-east-1', endpoint: moto.url });
      await cw.send(
        new PutMetricAlarmCommand({
          AlarmName: 'uptycs-canary-health',
          MetricName: 'osquery-down',
          Namespace: 'Uptycs',
          Statistic: 'Maximum',
          Period: 60,
          EvaluationPeriods: 1,
          Threshold: 1,
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        }),
      );
      await publish('1.0.0', ['us-east-1'], true);
      const raw = { 'rollout-plan': twoRings({ alarms: ['uptycs-canary-health'] }) };
      await run('1.0.0', raw);
      assert.deepEqual(fleet.associations('us-east-1')[0]!.def.AlarmConfiguration, {
        Alarms: [{ Name: 'uptycs-canary-health' }],
        IgnorePollAlarmFailure: false,
      });
      await cw.send(
        new SetAlarmStateCommand({
          AlarmName: 'uptycs-canary-health',
          StateValue: 'ALARM',
          StateReason: 'test',
        }),
      );
      cw.destroy();
      fleet.calls.length = 0;
      docs.calls.length = 0;
      const r = await run('1.0.0', raw, { now: Date.now() + 25 * HOUR });
      assert.match(
        r.error?.message ?? '',
        /ring canary halted the rollout: alarm uptycs-canary-health in ALARM/,
      );
      assert.deepEqual(writes(), []);
      assert.equal(pins()['UptycsAgent-rollout-fleet'], undefined);

      // An alarm name CloudWatch does not have: refused before any change.
      const missing = await run(
        '1.0.0',
        { 'rollout-plan': twoRings({ alarms: ['uptycs-canry-health'] }) },
        { now: Date.now() + 25 * HOUR },
      );
      assert.match(
        missing.error?.message ?? '',
        /CloudWatch has no alarm uptycs-canry-health in us-east-1 \(ring canary/,
      );
      assert.deepEqual(writes(), []);
    });

    it('uninstall is a ring like any other: the same preflight, rate controls and report', async () => {
      fleet.add(amazon('i-0000000000000d001', 'retire'), amazon('i-0000000000000d002', 'retire'));
      await publish('1.0.0', ['us-east-1'], true);
      const plan = writePlan({
        rings: [{ name: 'retire', targets: ['tag:UptycsRing=retire'], action: 'uninstall', maxErrors: '1' }],
      });
      const r = await run('1.0.0', { 'rollout-plan': plan, 'rollout-wait-minutes': '1' });
      assert.equal(r.error, undefined, r.error?.message);
      const def = fleet.associations('us-east-1')[0]!.def;
      assert.equal(def.AssociationName, 'UptycsAgent-rollout-retire');
      assert.deepEqual((def.Parameters as Record<string, string[]>).action, ['Uninstall']);
      assert.deepEqual((def.Parameters as Record<string, string[]>).version, ['']);
      assert.equal(def.MaxErrors, '1');
      const out = r.results[0]!;
      assert.equal(out.preflight?.total, 2);
      assert.equal(out.report?.counts.succeeded, 2);
      assert.deepEqual(out.ringChanges, ['ring retire: uninstalls the agent']);
      assert.equal(await defaultOf(), '1.0.0', 'an uninstall moves no default');
      fleet.calls.length = 0;
      docs.calls.length = 0;
      const again = await run('1.0.0', { 'rollout-plan': plan }, { now: Date.now() + 25 * HOUR });
      assert.equal(again.error, undefined, again.error?.message);
      assert.deepEqual(writes(), []);
      assert.equal(again.results[0]!.rings![0]!.status, 'done');
    });

    it('a dry run reads every ring and says what the next run would do, writing nothing', async () => {
      fleet.add(amazon('i-0000000000000c001', 'canary'));
      await publish('1.0.0', ['us-east-1'], true);
      fleet.calls.length = 0;
      docs.calls.length = 0;
      const r = await run('2.0.0', { 'rollout-plan': twoRings() }, { dryRun: true });
      assert.equal(r.error, undefined, r.error?.message);
      assert.deepEqual(writes(), []);
      const out = r.results[0]!;
      assert.equal(out.reportNote, 'Dry run: no ring and no default version was changed.');
      // A region where the package was never published: the dry run still reads the rings.
      const fresh = await run(
        '2.0.0',
        { 'rollout-plan': twoRings() },
        { dryRun: true, regions: ['eu-west-1'] },
      );
      assert.equal(fresh.error, undefined, fresh.error?.message);
      assert.equal(fresh.results[0]!.rings![0]!.status, 'moves');
      assert.deepEqual(writes(), []);
      assert.deepEqual(
        out.rings!.map((x) => [x.ring, x.status, x.next]),
        [
          ['canary', 'moves', 'moves to 2.0.0 now'],
          ['fleet', 'waits', 'moves to 2.0.0 after ring canary succeeds and bakes 24h'],
        ],
      );
    });

    it('warns while the single association of rollout-targets still targets instances next to the rings', async () => {
      fleet.add(amazon('i-0000000000000c001', 'canary'));
      await publish('1.0.0', ['us-east-1'], true);
      await run('1.0.0', { 'rollout-targets': 'tag:UptycsRing=canary' });
      const r = await run('1.0.0', { 'rollout-plan': twoRings() });
      assert.equal(r.error, undefined, r.error?.message);
      assert.match(
        r.log.text(),
        /the association UptycsAgent-rollout \(from --rollout-targets\) still exists: it installs the document's default version .*delete-association --association-id /,
      );
    });

    it("after a followed run, the report reads the association's compliance on each instance", async () => {
      fleet.add(
        amazon('i-00000000000000a01', 'one'),
        amazon('i-00000000000000a02', 'one', {
          exitCode: 15,
          stderr: '[uptycs-distributor] ERROR: rpm failed',
        }),
      );
      await publish('1.0.0', ['us-east-1'], true);
      const r = await run('1.0.0', {
        'rollout-targets': 'tag:UptycsRing=one',
        'rollout-wait-minutes': '1',
        'rollout-fail-on': 'never',
      });
      assert.equal(r.error, undefined, r.error?.message);
      const c = r.results[0]!.report!.compliance!;
      assert.deepEqual(c, {
        checked: 2,
        compliant: 1,
        nonCompliant: ['i-00000000000000a02'],
        missing: [],
        notChecked: 0,
      });
      assert.equal(
        fleet.count('ListComplianceItems'),
        2,
        'one call per instance (SSM takes one resource ID)',
      );
      assert.match(
        r.sections.map((x) => x.markdown).join('\n'),
        /Compliance \(.*\): 2 checked, \*\*1 compliant\*\*, \*\*1 non-compliant\*\* \(i-00000000000000a02\)/,
      );
    });

    it('undo returns every ring and the default to the previous version in every region', async () => {
      const regions = ['us-east-1', 'eu-west-1'];
      fleet.add(amazon('i-0000000000000c001', 'canary'), amazon('i-0000000000000f001', 'fleet'));
      const plan = twoRings({ bake: '0h' });
      await onOldVersion(plan, regions);
      const raw = { 'rollout-plan': plan };
      await run('1.1.0', raw, { regions });
      await run('1.1.0', raw, { regions });
      await run('1.1.0', raw, { regions });
      for (const region of regions) {
        assert.deepEqual(Object.values(pins(region)), ['1.1.0', '1.1.0']);
        assert.equal(await defaultOf(region), '1.1.0');
      }
      const r = await run('1.1.0', { ...raw, 'rollback-to': 'previous' }, { regions });
      assert.equal(r.error, undefined, r.error?.message);
      for (const region of regions) {
        assert.deepEqual(Object.values(pins(region)), ['1.0.0', '1.0.0']);
        assert.equal(await defaultOf(region), '1.0.0');
      }
      assert.deepEqual(r.results[0]!.ringChanges, [
        'marked rolled back: 1.1.0',
        'ring canary: 1.1.0 → 1.0.0',
        'ring fleet: 1.1.0 → 1.0.0',
        'default version: 1.1.0 → 1.0.0',
      ]);
      assert.equal(docs.count('DeleteDocument'), 0, 'no version is ever deleted');

      // The nightly run that publishes 1.1.0 again does not roll it out again: the undo is kept in AWS.
      fleet.calls.length = 0;
      docs.calls.length = 0;
      const nightly = await run('1.1.0', raw, { regions, now: Date.now() + 25 * HOUR });
      assert.match(
        nightly.error?.message ?? '',
        /us-east-1: version 1\.1\.0 was rolled back with ⦃rollback-to⦄ in us-east-1 \(the document's uptycs-distributor:rolled-back tag\)/,
      );
      assert.deepEqual(writes(), []);
      // Returning to it deliberately clears the mark.
      const back = await run('1.1.0', { ...raw, 'rollback-to': '1.1.0' }, { regions });
      assert.equal(back.error, undefined, back.error?.message);
      assert.equal(await defaultOf('eu-west-1'), '1.1.0');
      const again = await run('1.1.0', raw, { regions, now: Date.now() + 25 * HOUR });
      assert.equal(again.error, undefined, again.error?.message);
    });

    it('undo refuses, before any change, a version missing in one region', async () => {
      const regions = ['us-east-1', 'eu-west-1'];
      fleet.add(amazon('i-0000000000000c001', 'canary'), amazon('i-0000000000000f001', 'fleet'));
      await onOldVersion(twoRings(), regions);
      await publish('1.2.0', ['us-east-1']);
      fleet.calls.length = 0;
      docs.calls.length = 0;
      const r = await run('1.2.0', { 'rollout-plan': twoRings(), 'rollback-to': '1.2.0' }, { regions });
      assert.match(
        r.error?.message ?? '',
        /rollback-to⦄? 1\.2\.0 refused before any change[^\n]*\n {2}eu-west-1: version 1\.2\.0 is not published there \(versions: 1\.0\.0, 1\.1\.0\)/,
      );
      assert.deepEqual(writes(), []);
    });
  },
);
