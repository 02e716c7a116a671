/**
 * What the agent resolves with, from what SSM shows (DescribeInstanceInformation and EC2's
 * architecture), for every platform of FACTS §3's table and the common EC2 images. The expected values
 * are written from FACTS §3 (os-release ID renamed, VERSION_ID verbatim, Windows' WMI Version with
 * nano on Nano Server, GOARCH) and from what each image's os-release holds, not from the code.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Manifest } from '../src/package/types.js';
import { deriveInstance, type FleetInstance } from '../src/rollout/platforms.js';
import { preflight } from '../src/rollout/preflight.js';

type Shown = [type: string, name: string, version: string, ec2Arch: string];
// [image, what SSM shows, what the agent resolves with ("platform version arch") or /why it cannot be told/]
type Row = [string, Shown, string | RegExp];

const L = (name: string, version: string, arch = 'x86_64'): Shown => ['Linux', name, version, arch];
const W = (caption: string, version: string): Shown => ['Windows', caption, version, 'x86_64'];

const rows: Row[] = [
  ['Amazon Linux 2', L('Amazon Linux', '2'), 'amazon 2 x86_64'],
  ['Amazon Linux 2 Graviton', L('Amazon Linux', '2', 'arm64'), 'amazon 2 arm64'],
  ['Amazon Linux 2023', L('Amazon Linux', '2023'), 'amazon 2023 x86_64'],
  ['Amazon Linux 2023 Graviton', L('Amazon Linux', '2023', 'arm64'), 'amazon 2023 arm64'],
  ['Amazon Linux AMI 2018.03', L('Amazon Linux AMI', '2018.03'), 'amazon 2018.03 x86_64'],
  ['RHEL 7 (NAME has "Server")', L('Red Hat Enterprise Linux Server', '7.9'), 'redhat 7.9 x86_64'],
  ['RHEL 8', L('Red Hat Enterprise Linux', '8.10'), 'redhat 8.10 x86_64'],
  ['RHEL 9 arm64', L('Red Hat Enterprise Linux', '9.4', 'arm64'), 'redhat 9.4 arm64'],
  // /etc/centos-release gives SSM 7.9.2009; the agent reads os-release VERSION_ID, which is 7.
  ['CentOS 7', L('CentOS Linux', '7.9.2009'), 'centos 7 x86_64'],
  ['CentOS Linux 8', L('CentOS Linux', '8.5.2111'), 'centos 8 x86_64'],
  ['CentOS Stream 9', L('CentOS Stream', '9'), 'centos 9 x86_64'],
  ['Rocky Linux 8', L('Rocky Linux', '8.9'), 'rocky 8.9 x86_64'],
  ['Rocky Linux 9', L('Rocky Linux', '9.4', 'arm64'), 'rocky 9.4 arm64'],
  ['AlmaLinux 8', L('AlmaLinux', '8.9'), 'almalinux 8.9 x86_64'],
  ['AlmaLinux 9', L('AlmaLinux', '9.4', 'arm64'), 'almalinux 9.4 arm64'],
  ['Oracle Linux 7', L('Oracle Linux Server', '7.9'), 'oracle 7.9 x86_64'],
  ['Oracle Linux 8', L('Oracle Linux Server', '8.9'), 'oracle 8.9 x86_64'],
  ['Oracle Linux 9', L('Oracle Linux Server', '9.4'), 'oracle 9.4 x86_64'],
  ['SLES 12 SP5', L('SLES', '12.5'), 'suse 12.5 x86_64'],
  ['SLES 15 (GA)', L('SLES', '15'), 'suse 15 x86_64'],
  ['SLES 15 SP5 arm64', L('SLES', '15.5', 'arm64'), 'suse 15.5 arm64'],
  ['SLES for SAP', L('SLES_SAP', '15.5'), /SLES for SAP.*os-release ID.*not report/],
  ['openSUSE Leap 15.5', L('openSUSE Leap', '15.5'), 'opensuseleap 15.5 x86_64'],
  ['Ubuntu 18.04', L('Ubuntu', '18.04'), 'ubuntu 18.04 x86_64'],
  ['Ubuntu 20.04', L('Ubuntu', '20.04'), 'ubuntu 20.04 x86_64'],
  ['Ubuntu 22.04 arm64', L('Ubuntu', '22.04', 'arm64'), 'ubuntu 22.04 arm64'],
  ['Ubuntu 24.04', L('Ubuntu', '24.04'), 'ubuntu 24.04 x86_64'],
  ['Debian 11', L('Debian GNU/Linux', '11'), 'debian 11 x86_64'],
  ['Debian 12 arm64', L('Debian GNU/Linux', '12', 'arm64'), 'debian 12 arm64'],
  ['Fedora 40', L('Fedora Linux', '40'), 'fedora 40 x86_64'],
  ['32-bit Linux', L('Ubuntu', '18.04', 'i386'), 'ubuntu 18.04 386'],
  // Windows: the Caption is the name, the WMI Version the agent's version.
  [
    'Windows Server 2016 (may be Nano Server)',
    W('Microsoft Windows Server 2016 Datacenter', '10.0.14393'),
    /Nano Server.*10\.0\.14393nano/,
  ],
  [
    'Windows Server 2019',
    W('Microsoft Windows Server 2019 Datacenter', '10.0.17763'),
    'windows 10.0.17763 x86_64',
  ],
  [
    'Windows Server 2022',
    W('Microsoft Windows Server 2022 Datacenter', '10.0.20348'),
    'windows 10.0.20348 x86_64',
  ],
  [
    'Windows Server 2025',
    W('Microsoft Windows Server 2025 Datacenter', '10.0.26100'),
    'windows 10.0.26100 x86_64',
  ],
  [
    'Windows Server 2012 R2',
    W('Microsoft Windows Server 2012 R2 Standard', '6.3.9600'),
    'windows 6.3.9600 x86_64',
  ],
  ['Windows, WMI failed', W('NotAvailable', 'NotAvailable'), /no platform version reported/],
  ['macOS on Apple silicon', ['MacOS', 'macOS', '14.5', 'arm64_mac'], 'mac_os_x 14.5 arm64'],
  ['macOS on Intel', ['MacOS', 'macOS', '13.6', 'x86_64_mac'], 'mac_os_x 13.6 x86_64'],
  // Refused or unknown: never guessed.
  ['Bottlerocket', L('Bottlerocket', '1.20.0'), /Bottlerocket.*not supported/],
  ['Flatcar', L('Flatcar Container Linux by Kinvolk', '3815.2.0'), /Flatcar is not supported/],
  [
    'an os-release NAME not in the table',
    L('Gentoo', '2.15'),
    /unknown platform name "Gentoo".*cannot be predicted/,
  ],
  ['no VERSION_ID', L('Debian GNU/Linux', ''), /no platform version reported for Debian/],
  [
    'an EC2 architecture the agent has no build for',
    L('Ubuntu', '22.04', 'ppc64'),
    /architecture ppc64 is not one/,
  ],
];

const fleetNode = (
  [platformType, platformName, platformVersion, ec2Architecture]: Shown,
  id = 'i-0123456789abcdef0',
): FleetInstance => ({
  instanceId: id,
  platformType,
  platformName,
  platformVersion,
  resourceType: id.startsWith('mi-') ? 'ManagedInstance' : 'EC2Instance',
  ec2Architecture,
});

describe('what the agent resolves with, from what SSM shows', () => {
  it('covers every platform of FACTS §3 and the common EC2 images', () => {
    const covered = new Set(rows.flatMap(([, , e]) => (typeof e === 'string' ? [e.split(' ')[0]] : [])));
    for (const p of [
      'amazon',
      'redhat',
      'centos',
      'oracle',
      'rocky',
      'almalinux',
      'suse',
      'opensuseleap',
      'ubuntu',
      'debian',
      'windows',
      'mac_os_x',
    ])
      assert.ok(covered.has(p), p);
  });
  for (const [image, shown, expected] of rows)
    it(`${image}: ${shown.slice(1).join(' / ')}`, () => {
      const d = deriveInstance(fleetNode(shown));
      if (typeof expected === 'string') {
        assert.ok(d.ok, `expected ${expected}, got: ${d.ok ? '' : d.reason}`);
        assert.equal(`${d.instance.platform} ${d.instance.version} ${d.instance.arch}`, expected);
      } else {
        assert.equal(d.ok, false, `expected "cannot be predicted", got ${JSON.stringify(d)}`);
        assert.match(d.reason, expected);
      }
    });

  it("a hybrid node's architecture as SSM reports it (DescribeInstanceProperties) decides, in any of the OS spellings", () => {
    const hybrid = (arch: string, id = 'mi-0123456789abcdef0') => ({
      ...fleetNode(L('Ubuntu', '22.04', ''), id),
      ssmArchitecture: arch,
    });
    for (const [reported, arch] of [
      ['x86_64', 'x86_64'],
      ['amd64', 'x86_64'],
      ['aarch64', 'arm64'],
      ['ARM64', 'arm64'],
      ['i686', '386'],
    ] as const)
      assert.deepEqual(deriveInstance(hybrid(reported)), {
        ok: true,
        instance: { platform: 'ubuntu', version: '22.04', arch },
      });
    const odd = deriveInstance(hybrid('sparc64'));
    assert.ok(!odd.ok);
    assert.match(
      odd.reason,
      /architecture sparc64 as SSM reports it for this hybrid node is not one the agent names/,
    );
    assert.deepEqual(
      odd.candidates?.map((c) => c.arch),
      ['x86_64', 'arm64', '386', 'arm'],
      'an unknown spelling is tried as every build, never guessed',
    );
    // An EC2 instance never takes SSM's hybrid field.
    const ec2 = deriveInstance({ ...fleetNode(L('Ubuntu', '22.04', 'x86_64')), ssmArchitecture: 'aarch64' });
    assert.deepEqual(ec2, { ok: true, instance: { platform: 'ubuntu', version: '22.04', arch: 'x86_64' } });
  });

  it('a hybrid node may run any build of the agent for its platform type', () => {
    const linux = deriveInstance(fleetNode(L('Ubuntu', '22.04', ''), 'mi-0123456789abcdef0'));
    assert.ok(!linux.ok);
    assert.deepEqual(
      linux.candidates?.map((c) => c.arch),
      ['x86_64', 'arm64', '386', 'arm'],
    );
    const win = deriveInstance(
      fleetNode(
        ['Windows', 'Microsoft Windows Server 2022 Datacenter', '10.0.20348', ''],
        'mi-0123456789abcdef1',
      ),
    );
    assert.ok(!win.ok);
    assert.deepEqual(
      win.candidates?.map((c) => `${c.version} ${c.arch}`),
      ['10.0.20348 x86_64', '10.0.20348 386'],
    );
  });

  it('Windows Server 2016 is either 10.0.14393 or, on Nano Server, 10.0.14393nano', () => {
    const d = deriveInstance(fleetNode(W('Microsoft Windows Server 2016 Datacenter', '10.0.14393')));
    assert.ok(!d.ok);
    assert.deepEqual(
      d.candidates?.map((c) => c.version),
      ['10.0.14393', '10.0.14393nano'],
    );
  });
});

const files = (...names: string[]) =>
  Object.fromEntries(names.map((n) => [n, { checksums: { sha256: '0'.repeat(64) } }]));
const manifestOf = (packages: Manifest['packages']): Manifest => ({
  schemaVersion: '2.0',
  version: '1',
  publisher: 'Uptycs',
  description: 'test',
  packages,
  files: files(
    ...new Set(
      Object.values(packages).flatMap((v) =>
        Object.values(v).flatMap((a) => Object.values(a).map((x) => x.file)),
      ),
    ),
  ),
});

describe('the preflight predicts only what holds whatever SSM cannot tell', () => {
  const win2016 = fleetNode(W('Microsoft Windows Server 2016 Datacenter', '10.0.14393'));
  it('Windows Server 2016 installs when Nano and non-Nano resolve to the same file', () => {
    const p = preflight(manifestOf({ windows: { _any: { _any: { file: 'win.zip' } } } }), [win2016]);
    assert.equal(p.groups[0]!.outcome, 'install');
    assert.equal(p.groups[0]!.file, 'win.zip');
    assert.match(
      p.groups[0]!.via!,
      /^windows \/ _any \/ _any \(any of 10\.0\.14393 x86_64, 10\.0\.14393nano x86_64\)$/,
    );
  });
  it('with 10.0.* only, Windows Server 2016 cannot be predicted: Nano Server would fail', () => {
    const p = preflight(manifestOf({ windows: { '10.0.*': { x86_64: { file: 'win.zip' } } } }), [win2016]);
    const g = p.groups[0]!;
    assert.equal(g.outcome, 'unknown');
    assert.match(
      g.reason!,
      /^Windows Server 2016 may be Nano Server.*.*10\.0\.14393 x86_64 installs win\.zip; 10\.0\.14393nano x86_64 fails/,
    );
  });
  it('a hybrid fails whichever build it runs when the platform has nothing', () => {
    const p = preflight(manifestOf({ ubuntu: { _any: { _any: { file: 'u.zip' } } } }), [
      fleetNode(L('Rocky Linux', '9.4', ''), 'mi-0123456789abcdef0'),
      fleetNode(L('Ubuntu', '22.04', ''), 'mi-0123456789abcdef1'),
    ]);
    assert.deepEqual(p.counts, { install: 1, 'no-manifest': 1, unknown: 0 });
    assert.match(
      p.groups[0]!.reason!,
      /^fails whichever it is .*no manifest found for platform: rocky, version 9\.4, architecture x86_64/,
    );
  });
});
