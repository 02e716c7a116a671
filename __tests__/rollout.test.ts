/**
 * The rollout stage's pure parts: the platform-name table, the preflight (the same resolution as the
 * manifest preview), the association's definition and diff, exit-code reasons, and the inputs.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readInputs } from '../src/inputs/index.js';
import { readRolloutInputs, type RolloutInputs } from '../src/inputs/rollout.js';
import { previewResolution } from '../src/package/manifest.js';
import type { Manifest } from '../src/package/types.js';
import { COMMON_INSTANCES } from '../src/plan/distributor.js';
import { allowedErrors, associationDiff, desiredAssociation } from '../src/rollout/association.js';
import { fleetQuery } from '../src/rollout/fleet.js';
import { deriveInstance, type FleetInstance } from '../src/rollout/platforms.js';
import { preflight } from '../src/rollout/preflight.js';
import { failureReason } from '../src/rollout/reasons.js';
import { buildReport, rolloutSections } from '../src/rollout/report.js';

const node = (o: Partial<FleetInstance>): FleetInstance => ({
  instanceId: 'i-0123456789abcdef0',
  platformType: 'Linux',
  platformName: 'Ubuntu',
  platformVersion: '22.04',
  resourceType: 'EC2Instance',
  ec2Architecture: 'x86_64',
  ...o,
});

const manifest: Manifest = {
  schemaVersion: '2.0',
  version: '5.7.0.25',
  publisher: 'Uptycs',
  description: 'test',
  packages: {
    amazon: { '2': { x86_64: { file: 'al2.zip' } }, '2023': { _any: { file: 'al2023.zip' } } },
    ubuntu: { _any: { x86_64: { file: 'u64.zip' }, arm64: { file: 'uarm.zip' } } },
    redhat: { '8.*': { x86_64: { file: 'el8.zip' } } },
    windows: { _any: { _any: { file: 'win.zip' } } },
  },
  // Every zip the packages name is listed: the agent fails an install whose file is not in files.
  files: Object.fromEntries(
    ['al2.zip', 'al2023.zip', 'u64.zip', 'uarm.zip', 'el8.zip', 'win.zip'].map((f) => [
      f,
      { checksums: { sha256: '0'.repeat(64) } },
    ]),
  ),
};

describe('platform-name table', () => {
  it('maps SSM PlatformName (os-release NAME) to the key the agent uses, never guessing', () => {
    const d = (o: Partial<FleetInstance>) => deriveInstance(node(o));
    assert.deepEqual(d({ platformName: 'Red Hat Enterprise Linux', platformVersion: '9.4' }), {
      ok: true,
      instance: { platform: 'redhat', version: '9.4', arch: 'x86_64' },
    });
    assert.deepEqual(d({ platformName: 'SLES', ec2Architecture: 'arm64' }), {
      ok: true,
      instance: { platform: 'suse', version: '22.04', arch: 'arm64' },
    });
    assert.equal(
      (d({ platformName: 'Oracle Linux Server' }) as { instance: { platform: string } }).instance.platform,
      'oracle',
    );
    assert.equal(
      (d({ platformName: 'Rocky Linux' }) as { instance: { platform: string } }).instance.platform,
      'rocky',
    );
    assert.equal(
      (d({ platformName: 'Amazon Linux' }) as { instance: { platform: string } }).instance.platform,
      'amazon',
    );
    const centos = d({ platformName: 'CentOS Linux', platformVersion: '7.9.2009' });
    assert.deepEqual(centos, { ok: true, instance: { platform: 'centos', version: '7', arch: 'x86_64' } });
    const win = d({
      platformType: 'Windows',
      platformName: 'Microsoft Windows Server 2022 Datacenter',
      platformVersion: '10.0.20348',
    });
    assert.equal((win as { instance: { platform: string } }).instance.platform, 'windows');
    const mac = d({ platformType: 'MacOS', platformName: 'macOS', ec2Architecture: 'arm64_mac' });
    assert.deepEqual(mac, { ok: true, instance: { platform: 'mac_os_x', version: '22.04', arch: 'arm64' } });
    assert.equal((d({ ec2Architecture: 'i386' }) as { instance: { arch: string } }).instance.arch, '386');
    const unknown = d({ platformName: 'Gentoo' });
    assert.equal(unknown.ok, false);
    assert.match((unknown as { reason: string }).reason, /unknown platform name "Gentoo"/);
    const hybrid = d({
      instanceId: 'mi-0123456789abcdef0',
      resourceType: 'ManagedInstance',
      ec2Architecture: '',
    });
    assert.deepEqual(hybrid, {
      ok: false,
      archless: { platform: 'ubuntu', version: '22.04' },
      // A hybrid node runs whichever Linux build of the agent was installed on it.
      candidates: ['x86_64', 'arm64', '386', 'arm'].map((arch) => ({
        platform: 'ubuntu',
        version: '22.04',
        arch,
      })),
      reason: 'architecture unknown (hybrid node: SSM did not report it)',
    });
  });
});

describe('preflight', () => {
  it('resolves exactly as the manifest preview does', () => {
    const fleet = COMMON_INSTANCES.filter((i) => i.platform !== 'mac_os_x').map((i, k) =>
      node({
        instanceId: `i-${String(k).padStart(17, '0')}`,
        platformType: i.platform === 'windows' ? 'Windows' : 'Linux',
        platformName: {
          amazon: 'Amazon Linux',
          ubuntu: 'Ubuntu',
          debian: 'Debian GNU/Linux',
          redhat: 'Red Hat Enterprise Linux',
          centos: 'CentOS Linux',
          oracle: 'Oracle Linux Server',
          rocky: 'Rocky Linux',
          almalinux: 'AlmaLinux',
          suse: 'SLES',
          windows: 'Windows',
        }[i.platform]!,
        platformVersion: i.version,
        ec2Architecture: i.arch,
      }),
    );
    const p = preflight(manifest, fleet);
    const preview = previewResolution(
      manifest,
      COMMON_INSTANCES.filter((i) => i.platform !== 'mac_os_x'),
    );
    assert.equal(p.counts.install, preview.filter((r) => r.result.ok).length);
    assert.equal(p.counts['no-manifest'], preview.filter((r) => !r.result.ok).length);
    for (const r of preview.filter((x) => x.result.ok)) {
      const g = p.groups.find(
        (x) =>
          x.platform === r.instance.platform &&
          x.version === r.instance.version &&
          x.arch === r.instance.arch,
      )!;
      assert.equal(g.file, (r.result as { file: string }).file);
    }
  });

  it('groups by platform, version and arch with counts and a few IDs; hybrids resolve when the arch does not matter', () => {
    const fleet = [
      ...Array.from({ length: 5 }, (_, k) =>
        node({ instanceId: `i-a${k}`, platformName: 'Red Hat Enterprise Linux', platformVersion: '9.4' }),
      ),
      node({
        instanceId: 'i-b',
        platformName: 'Amazon Linux',
        platformVersion: '2023',
        ec2Architecture: 'arm64',
      }),
      node({
        instanceId: 'mi-1',
        resourceType: 'ManagedInstance',
        ec2Architecture: '',
        platformType: 'Windows',
        platformName: 'Windows',
        platformVersion: '10.0.17763',
      }),
      node({ instanceId: 'mi-2', resourceType: 'ManagedInstance', ec2Architecture: '' }),
    ];
    const p = preflight(manifest, fleet);
    assert.deepEqual(p.counts, { install: 2, 'no-manifest': 5, unknown: 1 });
    const rhel = p.groups[0]!;
    assert.deepEqual(
      [rhel.outcome, rhel.platform, rhel.version, rhel.arch, rhel.count],
      ['no-manifest', 'redhat', '9.4', 'x86_64', 5],
    );
    assert.deepEqual(rhel.sample, ['i-a0', 'i-a1', 'i-a2']);
    assert.match(rhel.reason!, /^no manifest found for platform: redhat, version 9\.4, architecture x86_64/);
    assert.equal(p.groups.find((g) => g.platform === 'windows')!.file, 'win.zip');
    assert.equal(p.groups.find((g) => g.outcome === 'unknown')!.sample[0], 'mi-2', 'ubuntu differs by arch');
    assert.deepEqual(p.byFile, { 'al2023.zip': 1, 'win.zip': 1 });
  });
});

const rollout = (over: Partial<RolloutInputs> = {}): RolloutInputs => ({
  targets: [{ Key: 'tag:uptycs', Values: ['yes'] }],
  associationName: 'UptycsAgent-rollout',
  schedule: 'rate(1 day)',
  installationType: 'Uninstall and reinstall',
  maxConcurrency: '10%',
  maxErrors: '10%',
  complianceSeverity: 'UNSPECIFIED',
  applyOnlyAtCronInterval: false,
  additionalArguments: '',
  startNow: false,
  preflightFailures: 'warning',
  waitMinutes: 0,
  failOn: 'max-errors',
  ...over,
});

describe('association', () => {
  it('is unchanged when SSM describes what we would send (defaults included), and names what differs', () => {
    const want = desiredAssociation(rollout(), 'UptycsAgent');
    const found = {
      AssociationId: 'a1',
      Name: 'AWS-ConfigureAWSPackage',
      AssociationName: 'UptycsAgent-rollout',
      DocumentVersion: '$DEFAULT',
      Targets: [{ Key: 'tag:uptycs', Values: ['yes'] }],
      Parameters: {
        action: ['Install'],
        installationType: ['Uninstall and reinstall'],
        name: ['UptycsAgent'],
      },
      ScheduleExpression: 'rate(1 day)',
      MaxConcurrency: '10%',
      MaxErrors: '10%',
      ComplianceSeverity: 'UNSPECIFIED',
    };
    assert.deepEqual(associationDiff(found, want), []);
    assert.deepEqual(
      associationDiff({ ...found, ScheduleExpression: 'rate(2 days)', MaxErrors: undefined }, want),
      ['ScheduleExpression', 'MaxErrors'],
    );
    assert.deepEqual(associationDiff({ ...found, DocumentVersion: '3' }, want), ['DocumentVersion']);
    const withArgs = desiredAssociation(rollout({ additionalArguments: '{"SSM_A":"1"}' }), 'UptycsAgent');
    assert.deepEqual(associationDiff(found, withArgs), ['Parameters']);
    assert.deepEqual(
      associationDiff(
        { ...found, Parameters: { ...found.Parameters, additionalArguments: ['{ "SSM_A": "1" }'] } },
        withArgs,
      ),
      [],
    );
  });

  it('max-errors: a count, or a percentage rounded down', () => {
    assert.equal(allowedErrors('10%', 17), 1);
    assert.equal(allowedErrors('0', 17), 0);
    assert.equal(allowedErrors('3', 17), 3);
  });

  it('turns targets into one query each (State Manager ORs targets); resource groups cannot be listed', () => {
    const q = fleetQuery([
      { Key: 'tag:uptycs', Values: ['yes'] },
      { Key: 'InstanceIds', Values: ['i-0123456789abcdef0', 'mi-00000000000000001'] },
    ]);
    assert.deepEqual(q.ssm, [
      [{ Key: 'tag:uptycs', Values: ['yes'] }],
      [{ Key: 'InstanceIds', Values: ['i-0123456789abcdef0', 'mi-00000000000000001'] }],
    ]);
    assert.deepEqual(q.ec2, [[{ Name: 'tag:uptycs', Values: ['yes'] }]]);
    assert.deepEqual(fleetQuery([{ Key: 'InstanceIds', Values: ['*'] }]).ssm, [[]], 'every managed node');
    assert.match(fleetQuery([{ Key: 'resource-groups:Name', Values: ['g'] }]).limit!, /resource groups/);
  });
});

describe('failure reasons', () => {
  it("translates our scripts' exit codes and the agent's errors", () => {
    assert.equal(
      failureReason({
        platformType: 'Linux',
        stdout: '',
        stderr: 'no manifest found for platform: suse, version 15.5, architecture arm64\n',
      }),
      'no manifest found for platform: suse, version 15.5, architecture arm64',
    );
    assert.equal(
      failureReason({
        platformType: 'Linux',
        stdout: '[uptycs-distributor] install.sh: …',
        stderr:
          '[uptycs-distributor] ERROR: installer is for aarch64, this machine is x86_64\nfailed to run commands: exit status 14',
      }),
      'installer built for another architecture (exit 14): installer is for aarch64, this machine is x86_64',
    );
    assert.equal(
      failureReason({ platformType: 'Windows', stdout: '', stderr: '', responseCode: 17 }),
      'unexpected PowerShell error (exit 17)',
    );
    assert.equal(
      failureReason({ platformType: 'Windows', stdout: '', stderr: '', responseCode: 1603 }),
      'msiexec failed with exit code 1603',
    );
    assert.equal(
      failureReason({
        platformType: 'Linux',
        stdout: '',
        stderr: '',
        responseCode: -1,
        detailedStatus: 'Undeliverable',
      }),
      'the command never ran on the instance (Undeliverable)',
    );
  });

  it('reports per platform and renders the summary sections', () => {
    const fleet = new Map([
      ['i-1', node({ instanceId: 'i-1' })],
      [
        'i-2',
        node({ instanceId: 'i-2', platformName: 'SLES', platformVersion: '15.5', ec2Architecture: 'arm64' }),
      ],
    ]);
    const rep = buildReport(
      {
        executionId: 'e1',
        status: 'Failed',
        detailedStatus: 'Failed',
        waitExpired: false,
        targets: [
          { instanceId: 'i-1', status: 'Success', detailedStatus: 'Success', commandId: 'c' },
          {
            instanceId: 'i-2',
            status: 'Failed',
            detailedStatus: 'Failed',
            commandId: 'c',
            stdout: '',
            stderr: 'no manifest found for platform: suse, version 15.5, architecture arm64',
          },
        ],
      },
      fleet,
    );
    assert.deepEqual(rep.counts, { succeeded: 1, failed: 1, skipped: 0, timedOut: 0, inProgress: 0 });
    assert.deepEqual(
      rep.byPlatform.map((p) => p.platform),
      ['suse 15.5 arm64', 'ubuntu 22.04 x86_64'],
    );
    const [sec] = rolloutSections([{ region: 'eu-west-1', associationName: 'A', report: rep }]);
    assert.equal(sec!.title, 'Rollout (eu-west-1)');
    assert.match(
      sec!.markdown,
      /\| i-2 \| suse 15\.5 arm64 \| Failed \| no manifest found for platform: suse/,
    );
  });
});

describe('rollout inputs', () => {
  const read = (given: Record<string, string>) => {
    const problems: string[] = [];
    const r = readRolloutInputs(
      (n) => given[n] ?? '',
      (n, m) => problems.push(`${n}: ${m}`),
      'UptycsAgent',
    );
    return { r, problems };
  };

  it('is off without targets; parses tags, instance IDs and resource groups', () => {
    assert.equal(read({}).r, undefined);
    const { r, problems } = read({
      'rollout-targets': 'tag:uptycs=yes\ni-0123456789abcdef0; resource-groups:Name=web',
    });
    assert.deepEqual(problems, []);
    assert.deepEqual(r!.targets, [
      { Key: 'tag:uptycs', Values: ['yes'] },
      { Key: 'resource-groups:Name', Values: ['web'] },
      { Key: 'InstanceIds', Values: ['i-0123456789abcdef0'] },
    ]);
    assert.equal(r!.associationName, 'UptycsAgent-rollout');
  });

  it('validates everything up front, through readInputs', () => {
    const { problems } = read({
      'rollout-targets': 'tag:a=1;tag:b=1;tag:c=1;tag:d=1;tag:e=1;tag:f=1',
      'additional-arguments': '{"PROXY": "x"}',
      'rollout-schedule': 'rate(5 minutes)',
      'apply-only-at-cron-interval': 'true',
      'max-errors': 'lots',
      'installation-type': 'reinstall',
    });
    assert.equal(problems.length, 6, problems.join('\n'));
    assert.ok(problems.some((p) => /rollout-targets: 6 targets; State Manager allows 5/.test(p)));
    assert.ok(problems.some((p) => /additional-arguments: keys must start with SSM_/.test(p)));
    assert.ok(problems.some((p) => /apply-only-at-cron-interval: needs a cron/.test(p)));
    assert.match(
      read({ 'rollout-targets': 'tag:a=1', 'additional-arguments': `{"SSM_X":"${'x'.repeat(4100)}"}` })
        .problems[0]!,
      /4096/,
    );

    assert.throws(
      () =>
        readInputs(
          (n) =>
            ({
              download: 'false',
              'agents-dir': '.',
              'rollout-targets': 'tag:x=1',
              'additional-arguments': '[1]',
            })[n] ?? '',
          {
            mapping: '/m.json',
            outputDir: '/o',
            cwd: '/',
          },
        ),
      /⦃additional-arguments⦄: must be a JSON object/,
    );
    const ok = readInputs(
      (n) =>
        ({
          download: 'false',
          'agents-dir': '.',
          'rollout-targets': 'tag:x=1',
          'rollout-wait-minutes': '15',
        })[n] ?? '',
      {
        mapping: '/m.json',
        outputDir: '/o',
        cwd: '/',
      },
    );
    assert.equal(ok.rollout!.waitMinutes, 15);
  });
});

describe('rollout flags on the CLI', () => {
  it('are flags named like the inputs, checked before anything runs', async () => {
    const { runCli } = await import('../src/cli.js');
    let err = '';
    const code = await runCli(
      [
        '-d',
        '--agents-dir',
        '.',
        '--dry-run',
        '--rollout-targets',
        'tag:uptycs=yes',
        '--additional-arguments',
        '[1]',
        '--apply-only-at-cron-interval',
      ],
      { stdout: () => undefined, stderr: (s) => (err += s), cwd: '/nonexistent', env: {} },
    );
    assert.equal(code, 1);
    assert.match(err, /--additional-arguments: must be a JSON object/);
    assert.match(err, /--apply-only-at-cron-interval: needs a cron\(\.\.\.\) schedule/);
  });
});

describe('exit-code reasons stay in sync with the scripts', () => {
  it('every code templates/ exits with has a reason, and no reason is for a code they never use', async () => {
    const { readFileSync, readdirSync } = await import('node:fs');
    const path = await import('node:path');
    const { LINUX_EXIT_CODES, WINDOWS_EXIT_CODES } = await import('../src/rollout/reasons.js');
    const codes = (dir: string, re: RegExp) =>
      [
        ...new Set(
          readdirSync(path.join(import.meta.dirname, '../templates', dir)).flatMap((f) =>
            [
              ...readFileSync(path.join(import.meta.dirname, '../templates', dir, f), 'utf8').matchAll(re),
            ].map((m) => Number(m[1])),
          ),
        ),
      ].sort();
    // validate.sh dies with the code check_health (templates/sh/_health.sh) sets: health="<code> <reason>".
    const linux = [
      ...new Set([
        ...codes('rpm', /\bdie (\d+)/g),
        ...codes('deb', /\bdie (\d+)/g),
        ...codes('sh', /\bhealth="(\d+) /g),
      ]),
    ].sort();
    assert.deepEqual(linux, Object.keys(LINUX_EXIT_CODES).map(Number).sort());
    // validate.ps1 exits with the code Get-HealthProblem (templates/msi/_health.ps1) returns: @(<code>, ...).
    assert.deepEqual(
      [...new Set([...codes('msi', /Exit-With (\d+)/g), ...codes('msi', /return @\((\d+), /g)])].sort(),
      Object.keys(WINDOWS_EXIT_CODES).map(Number).sort(),
    );
  });
});
