// Table-driven test of the SSM Agent's package selection. Every expected outcome below was written
// from FACTS §3 (the agent's rules, read in its source), not from the code under test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveAsAgent, wildcardMatch, type AgentManifest } from '../src/plan/agent-resolver.js';

/** "platform/version/arch" paths; the file is named after the path; `missing` files are left out of `files`. */
function manifest(paths: string[], missing: string[] = []): AgentManifest {
  const m: AgentManifest = { packages: {}, files: {} };
  for (const p of paths) {
    const [platform, version, arch] = p.split('/') as [string, string, string];
    const file = `${p.replaceAll('/', '_')}.zip`;
    ((m.packages[platform] ??= {})[version] ??= {})[arch] = { file };
    if (!missing.includes(p)) m.files![file] = { checksums: { sha256: '0'.repeat(64) } };
  }
  return m;
}

// [description, manifest paths, instance "platform version arch", expected: matched path | "no-manifest" | "no-file:<path>"]
type Row = [string, string[], string, string, string[]?];
const rows: Row[] = [
  // The six rows of issue 17's table.
  ['issue: centos 7 vs 7.*', ['centos/7.*/x86_64'], 'centos 7 x86_64', 'centos/7.*/x86_64'],
  [
    'issue: rocky 9 vs 9.*,9.4.*',
    ['rocky/9.*/x86_64', 'rocky/9.4.*/x86_64'],
    'rocky 9 x86_64',
    'rocky/9.*/x86_64',
  ],
  [
    'issue: debian 12 vs 11,12.*',
    ['debian/11/x86_64', 'debian/12.*/x86_64'],
    'debian 12 x86_64',
    'debian/12.*/x86_64',
  ],
  [
    'issue: rocky 9.4 more components wins',
    ['rocky/9.*/x86_64', 'rocky/9.4.*/x86_64'],
    'rocky 9.4 x86_64',
    'rocky/9.4.*/x86_64',
  ],
  ['issue: nano vs 10.0.*', ['windows/10.0.*/x86_64'], 'windows 10.0.14393nano x86_64', 'no-manifest'],
  [
    'issue: file absent from files',
    ['ubuntu/22.04/x86_64'],
    'ubuntu 22.04 x86_64',
    'no-file:ubuntu/22.04/x86_64',
    ['ubuntu/22.04/x86_64'],
  ],
  // Exact keys.
  [
    'exact ubuntu',
    ['ubuntu/22.04/x86_64', 'ubuntu/20.04/x86_64'],
    'ubuntu 20.04 x86_64',
    'ubuntu/20.04/x86_64',
  ],
  ['exact amazon 2', ['amazon/2/x86_64', 'amazon/2023/x86_64'], 'amazon 2 x86_64', 'amazon/2/x86_64'],
  [
    'exact amazon 2023',
    ['amazon/2/x86_64', 'amazon/2023/x86_64'],
    'amazon 2023 x86_64',
    'amazon/2023/x86_64',
  ],
  [
    'exact beats wildcard',
    ['redhat/8.*/x86_64', 'redhat/8.8/x86_64'],
    'redhat 8.8 x86_64',
    'redhat/8.8/x86_64',
  ],
  ['exact beats _any', ['redhat/_any/x86_64', 'redhat/9/x86_64'], 'redhat 9 x86_64', 'redhat/9/x86_64'],
  [
    'exact windows WMI version',
    ['windows/10.0.17763/x86_64'],
    'windows 10.0.17763 x86_64',
    'windows/10.0.17763/x86_64',
  ],
  ['exact is case-sensitive (platform)', ['Ubuntu/22.04/x86_64'], 'ubuntu 22.04 x86_64', 'no-manifest'],
  ['exact is verbatim: 2 vs 2.0', ['amazon/2/x86_64'], 'amazon 2.0 x86_64', 'no-manifest'],
  ['non-wildcard 8 never matches 8.8', ['redhat/8/x86_64'], 'redhat 8.8 x86_64', 'no-manifest'],
  ['non-wildcard 8.8 never matches 8', ['redhat/8.8/x86_64'], 'redhat 8 x86_64', 'no-manifest'],
  // X.* with fewer / equal / more instance components.
  ['7.* matches 7 (equal comps)', ['centos/7.*/x86_64'], 'centos 7 x86_64', 'centos/7.*/x86_64'],
  ['7.* matches 7.9 (more)', ['centos/7.*/x86_64'], 'centos 7.9 x86_64', 'centos/7.*/x86_64'],
  ['7.* matches 7.9.2009 (more)', ['centos/7.*/x86_64'], 'centos 7.9.2009 x86_64', 'centos/7.*/x86_64'],
  ['7.* does not match 8', ['centos/7.*/x86_64'], 'centos 8 x86_64', 'no-manifest'],
  ['7.* does not match 17', ['centos/7.*/x86_64'], 'centos 17 x86_64', 'no-manifest'],
  ['7.* does not match 70.1', ['centos/7.*/x86_64'], 'centos 70.1 x86_64', 'no-manifest'],
  ['9.4.* matches 9.4 (equal)', ['rocky/9.4.*/x86_64'], 'rocky 9.4 x86_64', 'rocky/9.4.*/x86_64'],
  ['9.4.* matches 9.4.1 (more)', ['rocky/9.4.*/x86_64'], 'rocky 9.4.1 x86_64', 'rocky/9.4.*/x86_64'],
  ['9.4.* not 9 (fewer)', ['rocky/9.4.*/x86_64'], 'rocky 9 x86_64', 'no-manifest'],
  ['9.4.* not 9.5', ['rocky/9.4.*/x86_64'], 'rocky 9.5 x86_64', 'no-manifest'],
  ['9.4.* not 9.40', ['rocky/9.4.*/x86_64'], 'rocky 9.40 x86_64', 'no-manifest'],
  [
    '10.0.* matches 10.0.17763',
    ['windows/10.0.*/x86_64'],
    'windows 10.0.17763 x86_64',
    'windows/10.0.*/x86_64',
  ],
  [
    '10.0.* matches 10.0.20348',
    ['windows/10.0.*/x86_64'],
    'windows 10.0.20348 x86_64',
    'windows/10.0.*/x86_64',
  ],
  ['10.* matches 10.0.26100', ['windows/10.*/x86_64'], 'windows 10.0.26100 x86_64', 'windows/10.*/x86_64'],
  ['10.0.* not 6.3.9600', ['windows/10.0.*/x86_64'], 'windows 6.3.9600 x86_64', 'no-manifest'],
  ['10.0.* not empty WMI version', ['windows/10.0.*/x86_64'], 'windows  x86_64', 'no-manifest'],
  ['12.* matches 12', ['debian/12.*/arm64'], 'debian 12 arm64', 'debian/12.*/arm64'],
  ['2.* matches amazon 2', ['amazon/2.*/x86_64'], 'amazon 2 x86_64', 'amazon/2.*/x86_64'],
  ['2.* not amazon 2023', ['amazon/2.*/x86_64'], 'amazon 2023 x86_64', 'no-manifest'],
  ['22.* matches 22.04', ['ubuntu/22.*/x86_64'], 'ubuntu 22.04 x86_64', 'ubuntu/22.*/x86_64'],
  ['22.04.* matches 22.04', ['ubuntu/22.04.*/x86_64'], 'ubuntu 22.04 x86_64', 'ubuntu/22.04.*/x86_64'],
  ['15.* matches suse 15.5', ['suse/15.*/x86_64'], 'suse 15.5 x86_64', 'suse/15.*/x86_64'],
  // Competing wildcards: most components wins, regardless of key order.
  [
    '9.4.* before 9.* in order, 9.4.2',
    ['rocky/9.4.*/x86_64', 'rocky/9.*/x86_64'],
    'rocky 9.4.2 x86_64',
    'rocky/9.4.*/x86_64',
  ],
  ['9.* wins on 9.3', ['rocky/9.*/x86_64', 'rocky/9.4.*/x86_64'], 'rocky 9.3 x86_64', 'rocky/9.*/x86_64'],
  [
    'three levels 10.0.17763.*',
    ['windows/10.*/x86_64', 'windows/10.0.*/x86_64', 'windows/10.0.17763.*/x86_64'],
    'windows 10.0.17763 x86_64',
    'windows/10.0.17763.*/x86_64',
  ],
  [
    'three levels 10.0.20348 takes 10.0.*',
    ['windows/10.*/x86_64', 'windows/10.0.*/x86_64', 'windows/10.0.17763.*/x86_64'],
    'windows 10.0.20348 x86_64',
    'windows/10.0.*/x86_64',
  ],
  [
    'three levels 10.1 takes 10.*',
    ['windows/10.*/x86_64', 'windows/10.0.*/x86_64', 'windows/10.0.17763.*/x86_64'],
    'windows 10.1 x86_64',
    'windows/10.*/x86_64',
  ],
  ['wildcard beats _any', ['rocky/_any/x86_64', 'rocky/9.*/x86_64'], 'rocky 9.2 x86_64', 'rocky/9.*/x86_64'],
  ['wildcard beats *', ['rocky/*/x86_64', 'rocky/9.*/x86_64'], 'rocky 9.2 x86_64', 'rocky/9.*/x86_64'],
  [
    'non-matching wildcard falls to _any',
    ['rocky/8.*/x86_64', 'rocky/_any/x86_64'],
    'rocky 9.2 x86_64',
    'rocky/_any/x86_64',
  ],
  // Nano and non-nano.
  [
    'nano exact',
    ['windows/10.0.14393nano/x86_64'],
    'windows 10.0.14393nano x86_64',
    'windows/10.0.14393nano/x86_64',
  ],
  [
    'nano wildcard 10.0.*nano',
    ['windows/10.0.*nano/x86_64'],
    'windows 10.0.14393nano x86_64',
    'windows/10.0.*nano/x86_64',
  ],
  [
    'nano wildcard 10.*nano',
    ['windows/10.*nano/x86_64'],
    'windows 10.0.14393nano x86_64',
    'windows/10.*nano/x86_64',
  ],
  [
    'nano: 10.0.*nano beats 10.*nano',
    ['windows/10.*nano/x86_64', 'windows/10.0.*nano/x86_64'],
    'windows 10.0.14393nano x86_64',
    'windows/10.0.*nano/x86_64',
  ],
  [
    'nano: non-nano wildcard ignored, nano one taken',
    ['windows/10.0.*/x86_64', 'windows/10.*nano/x86_64'],
    'windows 10.0.14393nano x86_64',
    'windows/10.*nano/x86_64',
  ],
  ['nano key never for non-nano', ['windows/10.0.*nano/x86_64'], 'windows 10.0.14393 x86_64', 'no-manifest'],
  [
    'non-nano picks non-nano over nano',
    ['windows/10.0.*nano/x86_64', 'windows/10.*/x86_64'],
    'windows 10.0.17763 x86_64',
    'windows/10.*/x86_64',
  ],
  [
    'nano falls to _any',
    ['windows/10.0.*/x86_64', 'windows/_any/x86_64'],
    'windows 10.0.14393nano x86_64',
    'windows/_any/x86_64',
  ],
  [
    'nano falls to *',
    ['windows/10.0.*/x86_64', 'windows/*/x86_64'],
    'windows 10.0.14393nano x86_64',
    'windows/*/x86_64',
  ],
  ['nano wildcard wrong prefix', ['windows/6.*nano/x86_64'], 'windows 10.0.14393nano x86_64', 'no-manifest'],
  [
    'non-nano exact key does not serve nano',
    ['windows/10.0.14393/x86_64'],
    'windows 10.0.14393nano x86_64',
    'no-manifest',
  ],
  // _any versus *.
  ['_any version', ['ubuntu/_any/x86_64'], 'ubuntu 24.04 x86_64', 'ubuntu/_any/x86_64'],
  ['* version', ['ubuntu/*/x86_64'], 'ubuntu 24.04 x86_64', 'ubuntu/*/x86_64'],
  [
    '_any before * (order *, _any)',
    ['ubuntu/*/x86_64', 'ubuntu/_any/x86_64'],
    'ubuntu 24.04 x86_64',
    'ubuntu/_any/x86_64',
  ],
  [
    '_any before * (order _any, *)',
    ['ubuntu/_any/x86_64', 'ubuntu/*/x86_64'],
    'ubuntu 24.04 x86_64',
    'ubuntu/_any/x86_64',
  ],
  ['* is not a wildcard for arch', ['ubuntu/22.04/*'], 'ubuntu 22.04 x86_64', 'no-manifest'],
  ['* is not a platform fallback', ['*/_any/x86_64'], 'ubuntu 22.04 x86_64', 'no-manifest'],
  ['_any platform', ['_any/_any/_any'], 'rocky 9.4 arm64', '_any/_any/_any'],
  ['_any platform, exact version under it', ['_any/9/x86_64'], 'rocky 9 x86_64', '_any/9/x86_64'],
  [
    '_any version matches empty WMI version',
    ['windows/_any/x86_64'],
    'windows  x86_64',
    'windows/_any/x86_64',
  ],
  ['* version under _any platform', ['_any/*/x86_64'], 'debian 11 x86_64', '_any/*/x86_64'],
  // Platform match without version match: no fallback to the platform _any.
  [
    'no fallback to _any platform',
    ['_any/_any/x86_64', 'ubuntu/20.04/x86_64'],
    'ubuntu 22.04 x86_64',
    'no-manifest',
  ],
  ['no fallback: wildcard miss', ['_any/_any/x86_64', 'rocky/8.*/x86_64'], 'rocky 9.4 x86_64', 'no-manifest'],
  [
    'no fallback from arch miss to version _any',
    ['ubuntu/22.04/x86_64', 'ubuntu/_any/arm64'],
    'ubuntu 22.04 arm64',
    'no-manifest',
  ],
  [
    'no fallback from arch miss to platform _any',
    ['ubuntu/22.04/x86_64', '_any/_any/arm64'],
    'ubuntu 22.04 arm64',
    'no-manifest',
  ],
  [
    'no fallback from exact to wildcard on arch miss',
    ['rocky/9.4/x86_64', 'rocky/9.*/arm64'],
    'rocky 9.4 arm64',
    'no-manifest',
  ],
  ['unknown platform, no _any', ['ubuntu/22.04/x86_64'], 'debian 12 x86_64', 'no-manifest'],
  ['platform miss: empty packages', [], 'debian 12 x86_64', 'no-manifest'],
  // Arch: exact, _any; 386 and arm.
  ['arch _any', ['ubuntu/22.04/_any'], 'ubuntu 22.04 arm64', 'ubuntu/22.04/_any'],
  [
    'arch exact beats _any',
    ['ubuntu/22.04/_any', 'ubuntu/22.04/arm64'],
    'ubuntu 22.04 arm64',
    'ubuntu/22.04/arm64',
  ],
  ['arch _any serves 386', ['windows/10.0.*/_any'], 'windows 10.0.17763 386', 'windows/10.0.*/_any'],
  [
    'arch 386 exact',
    ['windows/10.0.*/386', 'windows/10.0.*/x86_64'],
    'windows 10.0.17763 386',
    'windows/10.0.*/386',
  ],
  ['arch i386 key never matches 386', ['windows/10.0.*/i386'], 'windows 10.0.17763 386', 'no-manifest'],
  ['arch arm exact (32-bit ARM)', ['debian/12/arm', 'debian/12/arm64'], 'debian 12 arm', 'debian/12/arm'],
  ['arch arm64 key does not serve arm', ['debian/12/arm64'], 'debian 12 arm', 'no-manifest'],
  ['arch arm key does not serve arm64', ['debian/12/arm'], 'debian 12 arm64', 'no-manifest'],
  ['arch aarch64 key never matches', ['amazon/2023/aarch64'], 'amazon 2023 arm64', 'no-manifest'],
  ['arch amd64 key never matches', ['amazon/2023/amd64'], 'amazon 2023 x86_64', 'no-manifest'],
  ['arch is case-sensitive', ['amazon/2023/X86_64'], 'amazon 2023 x86_64', 'no-manifest'],
  // The file check.
  [
    'file missing, others present',
    ['ubuntu/22.04/x86_64', 'ubuntu/22.04/arm64'],
    'ubuntu 22.04 arm64',
    'no-file:ubuntu/22.04/arm64',
    ['ubuntu/22.04/arm64'],
  ],
  [
    'missing file elsewhere does not matter',
    ['ubuntu/22.04/x86_64', 'ubuntu/22.04/arm64'],
    'ubuntu 22.04 x86_64',
    'ubuntu/22.04/x86_64',
    ['ubuntu/22.04/arm64'],
  ],
  [
    'file missing via wildcard',
    ['rocky/9.*/x86_64'],
    'rocky 9.4 x86_64',
    'no-file:rocky/9.*/x86_64',
    ['rocky/9.*/x86_64'],
  ],
  ['file missing via _any arch', ['rocky/9/_any'], 'rocky 9 arm', 'no-file:rocky/9/_any', ['rocky/9/_any']],
  // Platform names as the agent derives them.
  [
    'mac_os_x, not darwin',
    ['darwin/_any/arm64', 'mac_os_x/_any/arm64'],
    'mac_os_x 14.5 arm64',
    'mac_os_x/_any/arm64',
  ],
  ['darwin key never matches macOS', ['darwin/_any/arm64'], 'mac_os_x 14.5 arm64', 'no-manifest'],
  ['redhat, not rhel', ['rhel/9/x86_64'], 'redhat 9.4 x86_64', 'no-manifest'],
  ['opensuseleap', ['opensuseleap/15.*/x86_64'], 'opensuseleap 15.5 x86_64', 'opensuseleap/15.*/x86_64'],
  ['oracle 8.*', ['oracle/8.*/x86_64'], 'oracle 8.9 x86_64', 'oracle/8.*/x86_64'],
  ['almalinux 9.*', ['almalinux/9.*/arm64'], 'almalinux 9.3 arm64', 'almalinux/9.*/arm64'],
];

test('at least 80 cases, names unique', () => {
  assert.ok(rows.length >= 80, `${rows.length} rows`);
  assert.equal(new Set(rows.map((r) => r[0])).size, rows.length);
});

for (const [name, paths, inst, expected, missing] of rows) {
  test(`agent resolves: ${name}`, () => {
    const [platform = '', version = '', arch = ''] = inst.split(' ');
    const instance = { platform, version, arch };
    const d = resolveAsAgent(manifest(paths, missing), instance);
    if (expected === 'no-manifest') {
      assert.equal(d.ok, false);
      assert.equal(
        !d.ok && d.error,
        `failed to find platform: no manifest found for platform: ${platform}, version ${version}, architecture ${arch}`,
      );
    } else if (expected.startsWith('no-file:')) {
      const file = `${expected.slice(8).replaceAll('/', '_')}.zip`;
      assert.equal(d.ok, false);
      assert.equal(!d.ok && d.error, `failed to find file for &{FileName:${file}}`);
      assert.equal(!d.ok && d.failedAt, 'file');
    } else {
      assert.ok(d.ok, d.ok ? '' : d.error);
      assert.equal(d.file, `${expected.replaceAll('/', '_')}.zip`);
      assert.deepEqual(
        d.trace.map((t) => t.matched),
        expected.split('/'),
      );
    }
  });
}

test('trace names the failing level and the keys it had', () => {
  const d = resolveAsAgent(manifest(['_any/_any/x86_64', 'ubuntu/20.04/x86_64']), {
    platform: 'ubuntu',
    version: '22.04',
    arch: 'x86_64',
  });
  assert.equal(d.ok, false);
  assert.equal(!d.ok && d.failedAt, 'version');
  assert.deepEqual(d.trace[0], {
    level: 'platform',
    wanted: 'ubuntu',
    keys: ['_any', 'ubuntu'],
    matched: 'ubuntu',
    rule: 'exact',
  });
  assert.deepEqual(d.trace[1], { level: 'version', wanted: '22.04', keys: ['20.04'] });
});

test('trace records the wildcard that lost to a longer one', () => {
  const d = resolveAsAgent(manifest(['rocky/9.*/x86_64', 'rocky/9.4.*/x86_64']), {
    platform: 'rocky',
    version: '9.4.1',
    arch: 'x86_64',
  });
  assert.deepEqual(d.trace[1], {
    level: 'version',
    wanted: '9.4.1',
    keys: ['9.*', '9.4.*'],
    matched: '9.4.*',
    rule: 'wildcard',
    shadowed: ['9.*'],
  });
});

test('wildcardMatch counts components and applies the nano rule', () => {
  assert.equal(wildcardMatch('7.*', '7'), 1);
  assert.equal(wildcardMatch('9.4.*', '9.4.1'), 2);
  assert.equal(wildcardMatch('9.4.*', '9'), undefined);
  assert.equal(wildcardMatch('8', '8.8'), undefined);
  assert.equal(wildcardMatch('10.0.*nano', '10.0.14393nano'), 2);
  assert.equal(wildcardMatch('10.0.*', '10.0.14393nano'), undefined);
  assert.equal(wildcardMatch('10.0.*nano', '10.0.14393'), undefined);
});

test('issue 27 defect 5: the indexed version lookup decides as comparing the version with every key (wildcardMatch) does', () => {
  // The rule as the agent states it, key by key in manifest order (the lookup before it was indexed).
  function everyKey(keys: string[], version: string) {
    if (keys.includes(version)) return { matched: version, rule: 'exact' };
    let best: string | undefined;
    let bestN = -1;
    const matching: string[] = [];
    for (const key of keys) {
      const n = wildcardMatch(key, version);
      if (n === undefined) continue;
      matching.push(key);
      if (n > bestN) [best, bestN] = [key, n];
    }
    if (best !== undefined) {
      const shadowed = matching.filter((k) => k !== best);
      return shadowed.length
        ? { matched: best, rule: 'wildcard', shadowed }
        : { matched: best, rule: 'wildcard' };
    }
    if (keys.includes('_any')) return { matched: '_any', rule: '_any' };
    if (keys.includes('*')) return { matched: '*', rule: '*' };
    return {};
  }
  let seed = 27;
  const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
  const pick = <T>(xs: readonly T[]) => xs[rand(xs.length)]!;
  const parts = ['7', '9', '10', '0', '4', ''];
  const version = () => Array.from({ length: 1 + rand(3) }, () => pick(parts)).join('.');
  const key = () =>
    pick([
      () => version(),
      () => `${version()}.*`,
      () => `${version()}.*nano`,
      () => `${version()}nano`,
      () => '_any',
      () => '*',
      () => '.*',
    ])();
  const instance = () => pick([version, () => `${version()}nano`, () => '', () => 'nano'])();
  let compared = 0;
  for (let m = 0; m < 300; m++) {
    const keys = [...new Set(Array.from({ length: 1 + rand(12) }, key))];
    const manifest: AgentManifest = {
      packages: { redhat: Object.fromEntries(keys.map((k) => [k, { x86_64: { file: 'f.zip' } }])) },
      files: { 'f.zip': {} },
    };
    for (let i = 0; i < 20; i++) {
      const v = instance();
      const d = resolveAsAgent(manifest, { platform: 'redhat', version: v, arch: 'x86_64' });
      const { level: _l, wanted: _w, keys: _k, ...got } = d.trace[1]!;
      assert.deepEqual(got, everyKey(keys, v), `keys ${JSON.stringify(keys)}, version ${JSON.stringify(v)}`);
      compared++;
    }
  }
  assert.equal(compared, 6000);
});
