import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolve, versionKeyProblem, type ManifestPackages } from '../src/plan/distributor.js';
import { explainFailure } from '../src/report/explain.js';
import { packageNameProblem, versionNameProblem } from '../src/inputs/distributor-names.js';
import { buildManifest, canonicalJson, manifestProblems } from '../src/package/manifest.js';
import type { MappingEntry } from '../src/plan/mapping.js';

const f = (file: string) => ({ file });

describe('the SSM Agent resolution rule', () => {
  const pkgs: ManifestPackages = {
    amazon: {
      '2': { x86_64: f('al2.zip') },
      '2023': { x86_64: f('al2023.zip'), arm64: f('al2023-arm.zip') },
    },
    redhat: {
      '8.*': { x86_64: f('rh8.zip') },
      '8.9': { x86_64: f('rh89.zip') },
      _any: { _any: f('rh.zip') },
    },
    windows: { '10.0.*': { x86_64: f('win10.zip') }, '10.*': { x86_64: f('win.zip') } },
    ubuntu: { '*': { arm64: f('u.zip') } },
    _any: { _any: { x86_64: f('any.zip') } },
  };
  const cases: [string, string, string, string][] = [
    ['amazon', '2', 'x86_64', 'al2.zip'],
    ['amazon', '2023', 'arm64', 'al2023-arm.zip'],
    ['amazon', '2.0', 'x86_64', 'fails: no version'],
    ['amazon', '2', 'arm64', 'fails: no arch, no backtracking to another version'],
    ['redhat', '8.9', 'x86_64', 'rh89.zip'],
    ['redhat', '8.10', 'x86_64', 'rh8.zip'],
    ['redhat', '9.4', 'arm64', 'rh.zip'],
    ['windows', '10.0.20348', 'x86_64', 'win10.zip'],
    ['windows', '10.1.1', 'x86_64', 'win.zip'],
    ['ubuntu', '22.04', 'arm64', 'u.zip'],
    ['debian', '12', 'x86_64', 'any.zip'],
    ['debian', '12', 'arm64', 'fails: _any platform has no arm64'],
  ];
  for (const [platform, version, arch, want] of cases)
    it(`${platform} ${version} ${arch} → ${want}`, () => {
      const r = resolve(pkgs, { platform, version, arch });
      if (want.startsWith('fails')) assert.equal(r.ok, false, JSON.stringify(r));
      else assert.deepEqual(r.ok && r.file, want);
    });

  it('a platform key without a matching version fails even when _any platform would match', () => {
    const r = resolve(
      { amazon: { '2': { x86_64: f('a') } }, _any: { _any: { _any: f('b') } } },
      {
        platform: 'amazon',
        version: '2023',
        arch: 'x86_64',
      },
    );
    assert.equal(r.ok, false);
    assert.match(
      !r.ok ? r.reason : '',
      /no manifest found for platform: amazon, version 2023, architecture x86_64 \(no version key matches "2023" under amazon \(has 2\)/,
    );
  });
});

describe('Distributor names', () => {
  it('package names', () => {
    assert.equal(packageNameProblem('UptycsAgent'), undefined);
    assert.match(packageNameProblem('ab') ?? '', /3 to 128/);
    assert.match(packageNameProblem('x'.repeat(129)) ?? '', /3 to 128/);
    assert.match(packageNameProblem('AWS-Uptycs') ?? '', /reserves/);
    assert.match(packageNameProblem('amznUptycs') ?? '', /reserves/);
    assert.match(packageNameProblem('Amazon.x') ?? '', /reserves/);
    assert.match(packageNameProblem('my package') ?? '', /letters, digits/);
  });
  it('version names and keys', () => {
    assert.equal(versionNameProblem('5.7.0.25'), undefined);
    assert.match(versionNameProblem('5.7 beta') ?? '', /1 to 128/);
    assert.match(versionNameProblem('') ?? '', /1 to 128/);
    for (const ok of ['_any', '*', '2', '20.04', '8.*', '10.0.20348'])
      assert.equal(versionKeyProblem(ok), undefined, ok);
    for (const bad of ['v2', '2.x', '8*', '.1', '']) assert.ok(versionKeyProblem(bad), bad);
  });
});

describe('manifest', () => {
  const e = (platform: string, versionKey: string, arch: string) =>
    ({ platform, versionKey, arch }) as unknown as MappingEntry;
  const sha = 'a'.repeat(64);

  it('is canonical JSON: the same content in another order gives the same bytes', () => {
    const a = buildManifest('1.0', [
      { name: 'a.zip', sha256: sha, entries: [e('ubuntu', '_any', 'x86_64'), e('amazon', '_any', 'x86_64')] },
    ]);
    const b = buildManifest('1.0', [
      { name: 'a.zip', sha256: sha, entries: [e('amazon', '_any', 'x86_64'), e('ubuntu', '_any', 'x86_64')] },
    ]);
    assert.equal(canonicalJson(a), canonicalJson(b));
    assert.ok(canonicalJson(a).indexOf('"amazon"') < canonicalJson(a).indexOf('"ubuntu"'));
    const parsed = JSON.parse(canonicalJson(a));
    assert.equal(parsed.schemaVersion, '2.0');
    assert.equal(parsed.packages.ubuntu._any.x86_64.file, 'a.zip');
    assert.equal(parsed.files['a.zip'].checksums.sha256, sha);
  });

  it('checks every Distributor rule', () => {
    const many = Array.from({ length: 21 }, (_, i) => ({
      name: `z${i}.zip`,
      sha256: sha,
      entries: [e(`p${i}`, '_any', 'x86_64')],
    }));
    const m = buildManifest('1.0', many);
    const sizes = Object.fromEntries(many.map((z) => [z.name, 10]));
    assert.match(
      manifestProblems('UptycsAgent', m, canonicalJson(m), sizes).join('\n'),
      /21 files; Distributor allows 20/,
    );
    const one = buildManifest('bad version!', [
      { name: 'bad name.zip', sha256: 'x', entries: [e('amazon', '_any', 'x86_64')] },
    ]);
    const problems = manifestProblems('aws-x', one, 'x'.repeat(70_000), {
      'bad name.zip': 2 * 1024 ** 3,
    }).join('\n');
    for (const re of [
      /reserves/,
      /package version/,
      /64 ?KB|65536/,
      /file name "bad name.zip"/,
      /sha256/,
      /1 GB per file/,
    ])
      assert.match(problems, re);
    const dangling = buildManifest('1', [
      { name: 'a.zip', sha256: sha, entries: [e('amazon', '_any', 'x86_64')] },
    ]);
    dangling.packages.amazon!._any!.arm64 = { file: 'gone.zip' };
    assert.match(
      manifestProblems('Pkg', dangling, '{}', { 'a.zip': 1 }).join('\n'),
      /gone.zip, which is not in "files"/,
    );
    assert.match(manifestProblems('Pkg', dangling, '{}', {}).join('\n'), /listed but was not built/);
  });
});

describe('explanations come from the resolver’s trace', () => {
  const files = (p: ManifestPackages) =>
    Object.fromEntries(
      Object.values(p).flatMap((v) =>
        Object.values(v).flatMap((a) => Object.values(a).map((x) => [x.file, {}])),
      ),
    );
  const why = (
    p: ManifestPackages,
    platform: string,
    version: string,
    arch: string,
    withFiles = files(p),
  ) => {
    const r = resolve(p, { platform, version, arch }, withFiles);
    assert.ok(!r.ok, `${platform} ${version} ${arch} should fail`);
    return explainFailure(r, { platform, version, arch });
  };

  it('names the key the agent chose, not another: 9.4.* wins over 9.*, and has no x86_64 build', () => {
    const p = { rocky: { '9.*': { x86_64: f('r9.zip') }, '9.4.*': { arm64: f('r94.zip') } } };
    assert.equal(why(p, 'rocky', '9.4', 'x86_64'), 'Rocky Linux 9.4.* has no x86_64 build (only arm64)');
    const r = resolve(p, { platform: 'rocky', version: '9.4', arch: 'x86_64' });
    assert.ok(!r.ok);
    assert.match(r.reason, /under rocky \/ 9\.4\.\* \(has arm64\)/);
  });

  it('a version miss says which keys there are, why the closest does not match, and what would', () => {
    assert.equal(
      why({ redhat: { '8': { x86_64: f('a.zip') } } }, 'redhat', '8.8', 'x86_64'),
      'the package has RHEL only for version 8, and "8.8" matches none of them (`8` is not a wildcard: it matches only 8 itself; `8.*` matches 8.8) (once `redhat` matched, the SSM Agent does not fall back to `_any`); add `8.*` or `_any`',
    );
    assert.match(
      why({ rocky: { '9.4.*': { x86_64: f('a.zip') } } }, 'rocky', '9', 'x86_64'),
      /`9\.4\.\*` needs at least 2 version components and 9 has 1/,
    );
    assert.match(
      why({ windows: { '10.0.*': { x86_64: f('a.zip') } } }, 'windows', '10.0.14393nano', 'x86_64'),
      /on Nano Server only keys ending in `nano`.*add `_any`$/,
    );
  });

  it('a platform miss, under the _any platform, and a file missing from files', () => {
    assert.match(
      why({ ubuntu: { _any: { x86_64: f('u.zip') } } }, 'debian', '12', 'x86_64'),
      /nothing for Debian \(no `debian` entry and no `_any` platform\)/,
    );
    assert.equal(
      why({ _any: { '2': { x86_64: f('a.zip') } } }, 'fedora', '40', 'x86_64'),
      'the package has the `_any` platform only for version 2, and "40" matches none of them',
    );
    assert.match(
      why({ ubuntu: { _any: { x86_64: f('u.zip') } } }, 'ubuntu', '22.04', 'x86_64', {}),
      /picks a file for ubuntu \/ _any \/ x86_64 that its "files" does not list.*failed to find file for &\{FileName:u\.zip\}/,
    );
  });
});
