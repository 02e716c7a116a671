/**
 * The rollout stage from dist/, as the runner runs the action: STS, S3 and EC2 in moto_server (EC2
 * instances created there with their architectures; the 1,000-instance fleet's from the fleet double), SSM documents through the Distributor double in
 * front of moto, and the fleet double (instance information, State Manager, command invocations) in
 * front of both, running associations the way the SSM Agent does on each instance.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { EC2Client } from '@aws-sdk/client-ec2';
import { buildInstallerSet, layoutAgentsDir } from './helpers/agents.js';
import {
  FLEET_KINDS,
  seedKind,
  startFakeFleet,
  syntheticNodes,
  type FakeFleet,
} from './helpers/fake-fleet.js';
import { startFakeSsm, type FakeSsm } from '../scripts/local-aws/fake-ssm.js';
import { isolateAwsEnv, motoAvailable, startMoto, type Moto } from '../scripts/local-aws/moto.js';
import { ROOT, runAction } from './helpers/runner.js';

const ORIGINAL = path.join(ROOT, '__tests__/fixtures/uptycs-agent-mapping.original.json');

interface Group {
  outcome: string;
  platform: string;
  version: string;
  arch: string;
  count: number;
  sample: string[];
  reason?: string;
  file?: string;
}
interface RegionOut {
  region: string;
  association?: { id: string; action: string; changed: string[] };
  preflight?: { total: number; counts: Record<string, number>; groups: Group[] };
  report?: {
    total: number;
    counts: Record<string, number>;
    byPlatform: { platform: string; failed: number; succeeded: number }[];
    failures: { instanceId: string; reason: string; platform: string }[];
  };
  error?: string;
}

describe(
  'the rollout stage from dist/: association, fleet preflight, rollout report',
  { skip: !motoAvailable() && 'moto_server is not installed' },
  () => {
    let work: string;
    let moto: Moto;
    let docs: FakeSsm;
    let fleet: FakeFleet;
    let ec2: EC2Client;

    before(async () => {
      isolateAwsEnv();
      work = mkdtempSync(path.join(tmpdir(), 'udist-rollout-'));
      const set = buildInstallerSet(path.join(work, 'installers'), '5.8.3.35');
      layoutAgentsDir(ORIGINAL, path.join(work, 'ws', 'agents'), set);
      moto = await startMoto();
      docs = await startFakeSsm(moto.url);
      fleet = await startFakeFleet(docs.url);
      ec2 = new EC2Client({
        region: 'us-east-1',
        endpoint: moto.url,
        credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'x' },
      });
    });
    after(async () => {
      ec2?.destroy();
      await fleet?.stop();
      await docs?.stop();
      await moto?.stop();
      rmSync(work, { recursive: true, force: true });
    });
    beforeEach(async () => {
      await moto.reset();
      docs.reset();
      fleet.reset();
    });

    const run = (inputs: Record<string, string>, env: Record<string, string> = {}) =>
      runAction(
        path.join(work, 'ws'),
        {
          download: 'false',
          'agents-dir': 'agents',
          mapping: ORIGINAL,
          'aws-region': 'us-east-1',
          'rollout-targets': 'tag:uptycs=yes',
          ...inputs,
        },
        {
          AWS_ENDPOINT_URL: moto.url,
          AWS_ENDPOINT_URL_SSM: fleet.url,
          AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
          AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
          AWS_EC2_METADATA_DISABLED: 'true',
          AWS_CONFIG_FILE: '/dev/null',
          AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
          ...env,
        },
      );
    const rolloutOf = (outputs: Record<string, string>) => JSON.parse(outputs.rollout ?? '[]') as RegionOut[];

    /** One instance of every kind, tagged uptycs=yes, and one untagged instance. */
    const seedFleet = async () => {
      const ids: Record<string, string> = {};
      for (const k of FLEET_KINDS) ids[k.label] = (await seedKind(fleet, ec2, k, 1, { uptycs: 'yes' }))[0]!;
      await seedKind(fleet, ec2, FLEET_KINDS[0]!, 1, { uptycs: 'no' });
      return ids;
    };

    it('creates the association, predicts the failures, follows the rollout and reports each instance', async () => {
      docs.distributor({ creatingPolls: 0, outcome: 'Active' });
      const ids = await seedFleet();
      fleet.pendingPolls(1);
      const r = await run({ 'rollout-wait-minutes': '5' });

      // Preflight: what the agent would do, predicted from SSM's names and EC2's architectures.
      const [out] = rolloutOf(r.outputs);
      assert.ok(out, r.stdout);
      const p = out.preflight!;
      assert.equal(p.total, FLEET_KINDS.length, 'the untagged instance is not targeted');
      assert.deepEqual(p.counts, { install: 11, 'no-manifest': 4, unknown: 2 });
      const group = (outcome: string, platform: string) =>
        p.groups.find((g) => g.outcome === outcome && g.platform === platform);
      const suse = group('no-manifest', 'suse')!;
      assert.deepEqual(
        [suse.version, suse.arch, suse.count, suse.sample],
        ['15.5', 'arm64', 1, [ids['sles-arm']]],
      );
      assert.match(suse.reason!, /^no manifest found for platform: suse, version 15\.5, architecture arm64/);
      assert.equal(
        group('no-manifest', 'centos')!.version,
        '7',
        "CentOS's 7.9.2009 is predicted as VERSION_ID 7",
      );
      assert.ok(group('no-manifest', 'rocky'));
      assert.ok(group('no-manifest', 'mac_os_x'));
      const ubuntu2204 = p.groups.find(
        (g) =>
          g.outcome === 'install' && g.platform === 'ubuntu' && g.version === '22.04' && g.arch === 'x86_64',
      )!;
      assert.equal(ubuntu2204.count, 2);
      assert.match(ubuntu2204.file!, /UBUNTU_x86_64/);
      const unknown = p.groups.filter((g) => g.outcome === 'unknown').map((g) => g.reason);
      assert.ok(
        unknown.some((x) => /hybrid node/.test(x!)),
        'the hybrid node has no architecture',
      );
      assert.ok(
        unknown.some((x) => /unknown platform name "Gentoo"/.test(x!)),
        'unknown names are never guessed',
      );

      // The association: created once, complete, pointing at the package's default version.
      assert.equal(fleet.count('CreateAssociation'), 1);
      assert.equal(fleet.count('UpdateAssociation'), 0);
      const created = fleet.calls.find((c) => c.action === 'CreateAssociation')!.body;
      assert.deepEqual(created, {
        Name: 'AWS-ConfigureAWSPackage',
        AssociationName: 'UptycsAgent-rollout',
        Targets: [{ Key: 'tag:uptycs', Values: ['yes'] }],
        Parameters: {
          action: ['Install'],
          installationType: ['Uninstall and reinstall'],
          name: ['UptycsAgent'],
          version: [''],
          additionalArguments: ['{}'],
        },
        ScheduleExpression: 'rate(1 day)',
        MaxConcurrency: '10%',
        MaxErrors: '10%',
        ComplianceSeverity: 'UNSPECIFIED',
        SyncCompliance: 'AUTO',
        ApplyOnlyAtCronInterval: false,
      });
      assert.equal(out.association!.action, 'created');

      // The rollout as the agents ran it: the predicted failures fail, plus a script failure.
      const rep = out.report!;
      assert.equal(rep.total, FLEET_KINDS.length);
      assert.equal(rep.counts.succeeded, 11, 'the hybrid Ubuntu node installs (its agent knows its arch)');
      assert.equal(rep.counts.failed, 6);
      const reason = (label: string) => rep.failures.find((f) => f.instanceId === ids[label])?.reason;
      assert.equal(
        reason('sles-arm'),
        'no manifest found for platform: suse, version 15.5, architecture arm64',
      );
      assert.equal(
        reason('gentoo'),
        'no manifest found for platform: gentoo, version 2.15, architecture x86_64',
      );
      assert.match(reason('ubuntu-not-root')!, /^not root \(exit 10\): must run as root/);
      assert.equal(rep.failures.find((f) => f.instanceId === ids['sles-arm'])!.platform, 'suse 15.5 arm64');
      assert.ok(fleet.count('DescribeAssociationExecutions') >= 2, 'it waited for the execution to end');
      assert.equal(fleet.count('GetCommandInvocation'), 6, 'the output of each failed instance');

      // 6 of 17 failed, more than max-errors 10% allows: the step fails, after the summary is written.
      assert.equal(r.status, 1, r.stdout);
      assert.match(
        r.stdout,
        /::error::.*6 of 17 instances failed to install, more than input "max-errors" 10%25 allows \(1\)/,
      );
      assert.match(r.summary, /### Fleet preflight \(us-east-1\)/);
      assert.match(
        r.summary,
        /17 managed instances targeted: \*\*11 would install\*\*, \*\*4 would fail\*\*/,
      );
      assert.match(r.summary, /### Rollout \(us-east-1\)/);
      assert.match(r.summary, /\*\*11 succeeded\*\*, \*\*6 failed\*\*/);
      assert.match(r.summary, /no manifest found for platform: suse, version 15\.5, architecture arm64/);
      assert.match(r.stdout, /::warning::.*would fail: no manifest found for platform: suse/);
    });

    it('updates only what changed, with the complete definition; an unchanged association gets no call', async () => {
      docs.distributor({ creatingPolls: 0, outcome: 'Active' });
      await seedKind(fleet, ec2, FLEET_KINDS[0]!, 2, { uptycs: 'yes' });
      const first = await run({});
      assert.equal(first.status, 0, first.stdout);
      assert.equal(fleet.count('CreateAssociation'), 1);

      fleet.calls.length = 0;
      const same = await run({});
      assert.equal(same.status, 0, same.stdout);
      assert.equal(
        fleet.count('CreateAssociation') +
          fleet.count('UpdateAssociation') +
          fleet.count('StartAssociationsOnce'),
        0,
      );
      assert.equal(rolloutOf(same.outputs)[0]!.association!.action, 'unchanged');
      assert.match(same.summary, /unchanged \(no call made\)/);

      fleet.calls.length = 0;
      const changed = await run({
        'rollout-schedule': 'cron(0 2 ? * SUN *)',
        'additional-arguments': '{"SSM_PROXY": "http://proxy:3128"}',
      });
      assert.equal(changed.status, 0, changed.stdout);
      assert.equal(fleet.count('UpdateAssociation'), 1);
      const upd = fleet.calls.find((c) => c.action === 'UpdateAssociation')!.body;
      assert.equal(upd.ScheduleExpression, 'cron(0 2 ? * SUN *)');
      for (const k of [
        'Name',
        'AssociationName',
        'Targets',
        'Parameters',
        'MaxConcurrency',
        'MaxErrors',
        'ComplianceSeverity',
        'SyncCompliance',
        'ApplyOnlyAtCronInterval',
      ])
        assert.ok(k in upd, `UpdateAssociation is sent ${k} (an unsent field is reset to null)`);
      assert.deepEqual(rolloutOf(changed.outputs)[0]!.association!.changed, [
        'Parameters',
        'ScheduleExpression',
      ]);
      const [stored] = fleet.associations('us-east-1');
      assert.equal(stored!.def.MaxErrors, '10%', 'nothing was reset');

      fleet.calls.length = 0;
      const again = await run({
        'rollout-schedule': 'cron(0 2 ? * SUN *)',
        'additional-arguments': '{"SSM_PROXY":"http://proxy:3128"}',
        'rollout-start-now': 'true',
      });
      assert.equal(again.status, 0, again.stdout);
      assert.equal(fleet.count('UpdateAssociation'), 0);
      assert.equal(fleet.count('StartAssociationsOnce'), 1, 'unchanged, started on request');
    });

    it('previews a 1,000-instance fleet in a dry run, 50 a page, and changes nothing', async () => {
      // 1,000 instances: EC2 DescribeInstances from the fleet double (moto needs about a minute to create them).
      fleet.add(...syntheticNodes(1000, { uptycs: 'yes' }), ...syntheticNodes(30, { uptycs: 'no' }));
      const r = await run({ 'dry-run': 'true' }, { AWS_ENDPOINT_URL_EC2: fleet.url });
      assert.equal(r.status, 0, r.stdout);
      const pages = fleet.calls.filter((c) => c.action === 'DescribeInstanceInformation');
      assert.equal(pages.length, 20);
      assert.ok(pages.every((c) => c.body.MaxResults === 50));
      assert.deepEqual(pages[0]!.body.Filters, [{ Key: 'tag:uptycs', Values: ['yes'] }]);
      assert.equal(fleet.count('ec2:DescribeInstances'), 1, '1,000 a page');
      const [out] = rolloutOf(r.outputs);
      const p = out!.preflight!;
      assert.equal(p.total, 1000);
      // 17 kinds round-robin: 1000 = 58 × 17 + 14, so the first 14 kinds have 59 instances.
      const per = (label: string) => {
        const i = FLEET_KINDS.findIndex((k) => k.label === label);
        return i < 14 ? 59 : 58;
      };
      const installs = FLEET_KINDS.filter(
        (k) =>
          ['al2-x86', 'al2023-arm', 'rhel-9-x86', 'windows-2022', 'ubuntu-not-root'].includes(k.label) ||
          k.label.startsWith('ubuntu-2'),
      ).reduce((n, k) => n + per(k.label), 0);
      const failing = ['sles-arm', 'rocky-9', 'centos-7', 'macos'].reduce((n, l) => n + per(l), 0);
      const unknown = per('hybrid-ubuntu') + per('gentoo');
      assert.deepEqual(p.counts, { install: installs, 'no-manifest': failing, unknown });
      const ids = p.groups.flatMap((g) => g.sample);
      assert.equal(new Set(ids).size, ids.length, 'no instance is counted twice');
      assert.ok(p.groups.every((g) => g.sample.length === Math.min(3, g.count)));
      assert.ok(
        !p.groups.some((g) => /EC2 did not describe/.test(g.reason ?? '')),
        'every EC2 instance got its architecture',
      );
      assert.equal(
        fleet.count('CreateAssociation') + fleet.count('ListAssociations'),
        0,
        'a dry run changes nothing',
      );
      assert.match(r.summary, /### Fleet preflight \(us-east-1\)/);
      assert.match(r.summary, /1000 managed instances targeted/);
    });

    it('preflight-failures: error stops before the association is created', async () => {
      docs.distributor({ creatingPolls: 0, outcome: 'Active' });
      await seedKind(
        fleet,
        ec2,
        FLEET_KINDS.find((k) => k.label === 'sles-arm')!,
        2,
        { uptycs: 'yes' },
      );
      const r = await run({ 'preflight-failures': 'error' });
      assert.equal(r.status, 1);
      assert.match(
        r.stdout,
        /::error::.*2 instances would fail to install \(no manifest found\) and input "preflight-failures" is error/,
      );
      assert.equal(fleet.count('CreateAssociation'), 0);
    });

    it('works in every region of aws-region: one association and one preflight per region', async () => {
      docs.distributor({ creatingPolls: 0, outcome: 'Active' });
      await seedKind(fleet, ec2, FLEET_KINDS[0]!, 2, { uptycs: 'yes' });
      const r = await run({ 'aws-region': 'us-east-1, eu-west-1' });
      assert.equal(r.status, 0, r.stdout);
      const creates = fleet.calls.filter((c) => c.action === 'CreateAssociation').map((c) => c.region);
      assert.deepEqual(creates.sort(), ['eu-west-1', 'us-east-1']);
      const out = rolloutOf(r.outputs);
      assert.deepEqual(
        out.map((o) => [o.region, o.association?.action, o.preflight?.total]),
        [
          ['us-east-1', 'created', 2],
          ['eu-west-1', 'created', 2],
        ],
      );
      assert.match(r.summary, /### Rollout \(eu-west-1\)/);
    });

    it('a dry run without AWS credentials skips the preflight and says so', async () => {
      await seedKind(fleet, ec2, FLEET_KINDS[0]!, 1, { uptycs: 'yes' });
      fleet.calls.length = 0;
      const r = await run({ 'dry-run': 'true' }, { AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' });
      assert.equal(r.status, 0, r.stdout);
      assert.equal(fleet.calls.length, 0);
      assert.match(r.summary, /Fleet preflight skipped: no AWS credentials in this dry run/);
      assert.equal(r.outputs.rollout, undefined);
    });
  },
);
