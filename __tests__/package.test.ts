import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { run } from '../src/core.js';
import { installerArch, installerArchProblem } from '../src/agents/installer.js';
import { isUserError } from '../src/common/errors.js';
import { readInputs, type Inputs } from '../src/inputs/index.js';
import { renderNames } from '../src/common/names.js';
import { textLog } from '../src/common/log.js';
import { buildInstallerSet, layoutAgentsDir, type Kind } from './helpers/agents.js';
import { readZip } from './helpers/zipread.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BUNDLED = path.join(ROOT, 'mappings/uptycs-agent-mapping.json');
const ORIGINAL = path.join(ROOT, '__tests__/fixtures/uptycs-agent-mapping.original.json');
const VERSION = '5.7.0.25';

let work: string;
let set: Record<Kind, string>;
let agents: string;

function inputs(over: Record<string, string>): Inputs {
  return readInputs((n) => over[n] ?? '', { mapping: BUNDLED, outputDir: path.join(work, 'out'), cwd: work });
}

async function build(over: Record<string, string>, lines: string[] = []) {
  return run(inputs({ download: 'false', 'dry-run': 'true', 'agents-dir': agents, ...over }), {
    log: textLog((l) => lines.push(l)),
    packageRoot: ROOT,
  });
}

async function buildFails(over: Record<string, string>): Promise<Error> {
  try {
    await build(over);
  } catch (err) {
    assert.ok(isUserError(err), `a UserError, not ${String(err)}`);
    err.message = renderNames(err.message, 'action');
    return err;
  }
  assert.fail('the build succeeded');
}

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

before(() => {
  work = mkdtempSync(path.join(tmpdir(), 'udist-pkg-test-'));
  set = buildInstallerSet(path.join(work, 'installers'), VERSION);
  agents = path.join(work, 'agents');
  layoutAgentsDir(BUNDLED, agents, set);
});
after(() => rmSync(work, { recursive: true, force: true }));

describe('offline build of the bundled mapping', () => {
  it('builds one zip per distinct installer and points every platform at it', async () => {
    const out = path.join(work, 'o1');
    const r = await build({ 'output-dir': out });
    assert.equal(r.pkg.version, VERSION, 'version read from the installer names');
    assert.equal(r.pkg.files.length, 5);
    assert.equal(r.rows.length, 19);
    const m = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8'));
    assert.equal(m.schemaVersion, '2.0');
    assert.equal(m.version, VERSION);
    assert.equal(m.publisher, 'Uptycs');
    assert.ok(m.description.length > 10);
    const rpmZip = `UPT_PRO_AMAZON2_x86_64-${VERSION}.zip`;
    for (const p of ['amazon', 'redhat', 'suse', 'centos', 'oracle', 'rocky', 'almalinux'])
      assert.equal(m.packages[p]._any.x86_64.file, rpmZip, p);
    assert.equal(m.packages.ubuntu._any.arm64.file, `UPT_PRO_UBUNTU_ARM64-${VERSION}.zip`);
    assert.equal(m.packages.debian._any.arm64.file, `UPT_PRO_UBUNTU_ARM64-${VERSION}.zip`);
    assert.equal(m.packages.windows._any.x86_64.file, `UPT_PRO_WINDOWS-${VERSION}.zip`);
    assert.deepEqual(
      readdirSync(out).sort(),
      [...Object.keys(m.files), '.uptycs-distributor', 'manifest.json', 'report.json'].sort(),
    );
    for (const [name, { checksums }] of Object.entries(m.files) as [
      string,
      { checksums: { sha256: string } },
    ][])
      assert.equal(checksums.sha256, sha(path.join(out, name)), `${name} checksum`);
    const report = JSON.parse(readFileSync(r.reportPath, 'utf8'));
    assert.equal(report.coverage.length, 19);
    assert.ok(
      report.preview.some((p: { platform: string; ok: boolean }) => p.platform === 'mac_os_x' && !p.ok),
    );
    assert.ok(
      report.preview.some(
        (p: { platform: string; version: string; file: string }) =>
          p.platform === 'amazon' && p.version === '2023' && p.file === rpmZip,
      ),
    );
  });

  it('zips are flat, stored, sorted, with fixed times and modes, and hold only their installer and scripts', async () => {
    const out = path.join(work, 'o2');
    await build({ 'output-dir': out });
    for (const name of readdirSync(out).filter((n) => n.endsWith('.zip'))) {
      const z = readZip(path.join(out, name));
      const names = z.entries.map((e) => e.name);
      assert.deepEqual(names, [...names].sort(), 'sorted');
      const installers = names.filter((n) => /\.(rpm|deb|msi)$/.test(n));
      assert.equal(installers.length, 1, `${name}: exactly one installer`);
      const isWin = installers[0]!.endsWith('.msi');
      const scripts = isWin
        ? ['install.ps1', 'uninstall.ps1', 'update.ps1', 'validate.ps1']
        : ['install.sh', 'uninstall.sh', 'update.sh', 'validate.sh'];
      assert.deepEqual(names.filter((n) => n !== installers[0]).sort(), scripts);
      for (const e of z.entries) {
        assert.ok(!e.name.includes('/'), 'flat');
        assert.equal(e.method, 0, `${e.name} stored, not deflated`);
        assert.equal(e.dosDate, (0 << 9) | (1 << 5) | 1, 'date 1980-01-01');
        assert.equal(e.dosTime, 0);
        assert.equal(e.mode & 0o777, e.name === installers[0] ? 0o644 : 0o755, `${e.name} mode`);
      }
      const installer = z.data(installers[0]!);
      const src = Object.values(set).find((p) => path.basename(p) === installers[0]);
      assert.ok(src);
      assert.ok(installer.equals(readFileSync(src)), 'the installer bytes are intact');
      const install = z.data(scripts[0]!).toString('utf8');
      assert.ok(install.includes(installers[0]!), 'the install script names the installer in this zip');
      assert.ok(!install.includes('{{'), 'no placeholder left');
    }
  });

  it('is reproducible: another build, other file times, another time zone give byte-identical output', async () => {
    const a = path.join(work, 'r1');
    await build({ 'output-dir': a });
    const agents2 = path.join(work, 'agents-copy');
    cpSync(agents, agents2, { recursive: true });
    for (const d of readdirSync(agents2))
      for (const f of readdirSync(path.join(agents2, d))) utimesSync(path.join(agents2, d, f), 1e9, 1e9);
    const b = path.join(work, 'r2');
    // The CLI runs on the Node it needs (24 here), whatever Node runs this test.
    execFileSync(
      path.join(ROOT, 'node_modules/.bin/node'),
      [
        '--import',
        'tsx',
        path.join(ROOT, 'src/bin.ts'),
        '-d',
        '--agents-dir',
        agents2,
        '--dry-run',
        '--output-dir',
        b,
      ],
      { env: { ...process.env, TZ: 'Pacific/Kiritimati' }, stdio: 'pipe' },
    );
    const files = readdirSync(a).filter((n) => n !== 'report.json');
    assert.deepEqual(
      readdirSync(b).filter((n) => n !== 'report.json'),
      files,
    );
    for (const f of files) assert.equal(sha(path.join(b, f)), sha(path.join(a, f)), `${f} identical`);
  });

  it('the original 8-entry mapping keeps one zip per installer and the old zip names', async () => {
    const agentsOrig = path.join(work, 'agents-orig');
    layoutAgentsDir(ORIGINAL, agentsOrig, set);
    const r = await build({
      mapping: ORIGINAL,
      'agents-dir': agentsOrig,
      'output-dir': path.join(work, 'o3'),
    });
    assert.deepEqual(r.pkg.files.map((f) => f.name).sort(), [
      `UPT_PRO_AMAZON2_ARM64-${VERSION}.zip`,
      `UPT_PRO_AMAZON2_x86_64-${VERSION}.zip`,
      `UPT_PRO_UBUNTU_ARM64-${VERSION}.zip`,
      `UPT_PRO_UBUNTU_x86_64-${VERSION}.zip`,
      `UPT_PRO_WINDOWS-${VERSION}.zip`,
    ]);
  });

  it('different installers with the same name and size do not share a zip', async () => {
    const m = path.join(work, 'two.json');
    writeFileSync(
      m,
      JSON.stringify({
        linux: [
          { upt_package: 'centos', dir: 'A', name: 'amazon', major_version: '_any', arch_type: 'x86_64' },
          { upt_package: 'centos', dir: 'B', name: 'redhat', major_version: '_any', arch_type: 'x86_64' },
        ],
      }),
    );
    const ag = path.join(work, 'agents-two');
    const name = path.basename(set['centos/x86_64']);
    mkdirSync(path.join(ag, 'A'), { recursive: true });
    mkdirSync(path.join(ag, 'B'), { recursive: true });
    const bytes = readFileSync(set['centos/x86_64']);
    writeFileSync(path.join(ag, 'A', name), bytes);
    const changed = Buffer.from(bytes);
    changed[changed.length - 1] = changed[changed.length - 1]! ^ 0xff;
    writeFileSync(path.join(ag, 'B', name), changed);
    const r = await build({ mapping: m, 'agents-dir': ag, 'output-dir': path.join(work, 'o4') });
    assert.equal(r.pkg.files.length, 2);
  });
});

describe('offline build: bad installers and folders', () => {
  function withAgents(mutate: (dir: string) => void): string {
    const d = mkdtempSync(path.join(work, 'agents-bad-'));
    cpSync(agents, d, { recursive: true });
    mutate(d);
    return d;
  }

  it('a stale installer of another version in a folder is refused, or skipped when package-version picks one', async () => {
    const d = withAgents((dir) =>
      writeFileSync(
        path.join(dir, 'UPT_PRO_REDHAT_x86_64', 'assets-uptycs-test-agent-5.5.1.14-Uptycs.rpm'),
        readFileSync(set['centos/x86_64']),
      ),
    );
    const err = await buildFails({ 'agents-dir': d, 'output-dir': path.join(work, 'b1') });
    assert.match(
      err.message,
      /2 \.rpm installers in .*UPT_PRO_REDHAT_x86_64.*keep only the one for this version, or pick it with package-version: 5\.7\.0\.25/,
    );
    assert.ok(!existsSync(path.join(work, 'b1')), 'nothing written');
    const r = await build({
      'agents-dir': d,
      'output-dir': path.join(work, 'b1'),
      'package-version': VERSION,
    });
    assert.ok(r.pkg.files.every((f) => !f.installerName.includes('5.5.1.14')));
  });

  it('an HTML page saved as an installer is refused with what it is', async () => {
    const d = withAgents((dir) => {
      const f = readdirSync(path.join(dir, 'UPT_PRO_WINDOWS'))[0]!;
      writeFileSync(path.join(dir, 'UPT_PRO_WINDOWS', f), '<!DOCTYPE html><html>login</html>');
    });
    const err = await buildFails({ 'agents-dir': d, 'output-dir': path.join(work, 'b2') });
    assert.match(
      err.message,
      /is not a Windows Installer package: it starts with "<!DO" \(3C 21 44 4F\), a Windows Installer package starts with D0 CF 11 E0; it looks like an HTML page/,
    );
    assert.doesNotMatch(err.message, /Installer package \(starts with/);
  });

  it('an arm64 installer in an x86_64 folder is refused', async () => {
    const d = withAgents((dir) => {
      const f = path.join(dir, 'UPT_PRO_UBUNTU_x86_64');
      rmSync(f, { recursive: true });
      mkdirSync(f);
      cpSync(set['debian/arm64'], path.join(f, path.basename(set['debian/arm64'])));
    });
    const err = await buildFails({ 'agents-dir': d, 'output-dir': path.join(work, 'b3') });
    assert.match(err.message, /is named for arm64 but the entry is for x86_64/);
  });

  it('an installer whose own header names another architecture is refused, whatever its name says', async () => {
    const d = withAgents((dir) => {
      const f = path.join(dir, 'UPT_PRO_REDHAT_x86_64');
      rmSync(f, { recursive: true });
      mkdirSync(f);
      // The arm64 rpm, renamed so that its name names no architecture.
      cpSync(set['centos/arm64'], path.join(f, 'assets-uptycs-test-agent-5.7.0.25-Uptycs.rpm'));
    });
    const err = await buildFails({ 'agents-dir': d, 'output-dir': path.join(work, 'b9') });
    assert.match(err.message, /UPT_PRO_REDHAT_x86_64.*its rpm header says it is for aarch64, not x86_64/);
  });

  it('reads the architecture from rpm and deb headers', async () => {
    assert.equal(await installerArch(set['centos/x86_64'], 'rpm'), 'x86_64');
    assert.equal(await installerArch(set['centos/arm64'], 'rpm'), 'aarch64');
    assert.equal(await installerArch(set['debian/x86_64'], 'deb'), 'amd64');
    assert.equal(await installerArch(set['debian/arm64'], 'deb'), 'arm64');
    assert.equal(
      await installerArchProblem(set['debian/arm64'], 'deb', 'x86_64'),
      'its deb header says it is for arm64, not x86_64',
    );
    assert.equal(await installerArchProblem(set['debian/arm64'], 'deb', '_any'), undefined);
  });

  it('every missing folder and installer is listed at once, with the entry it is for', async () => {
    const d = withAgents((dir) => {
      rmSync(path.join(dir, 'UPT_PRO_WINDOWS'), { recursive: true });
      rmSync(path.join(dir, 'UPT_PRO_ROCKY_ARM64', readdirSync(path.join(dir, 'UPT_PRO_ROCKY_ARM64'))[0]!));
    });
    const err = await buildFails({ 'agents-dir': d, 'output-dir': path.join(work, 'b4') });
    assert.match(err.message, /2 installers are missing or wrong/);
    assert.match(err.message, /windows _any x86_64\): folder .*UPT_PRO_WINDOWS is missing/);
    assert.match(
      err.message,
      /rocky _any arm64\): no \.rpm installer in .*UPT_PRO_ROCKY_ARM64 \(it is empty\)/,
    );
  });

  it('installers of two versions without package-version are refused', async () => {
    const other = buildInstallerSet(path.join(work, 'inst-other'), '5.8.0.1');
    const d = withAgents((dir) => {
      const f = path.join(dir, 'UPT_PRO_UBUNTU_x86_64');
      rmSync(f, { recursive: true });
      mkdirSync(f);
      cpSync(other['debian/x86_64'], path.join(f, path.basename(other['debian/x86_64'])));
    });
    const err = await buildFails({ 'agents-dir': d, 'output-dir': path.join(work, 'b5') });
    assert.match(
      err.message,
      /input "package-version": the installers name 2 versions \(5.7.0.25, 5.8.0.1\)/,
    );
  });

  it('refuses an output-dir holding somebody else’s files and leaves them alone', async () => {
    const out = path.join(work, 'foreign');
    mkdirSync(out);
    writeFileSync(path.join(out, 'thesis.docx'), 'precious');
    const err = await buildFails({ 'output-dir': out });
    assert.match(
      renderNames(err.message, 'action'),
      /input "output-dir": .* already holds files this tool did not write \(thesis.docx\)/,
    );
    assert.deepEqual(readdirSync(out), ['thesis.docx']);
  });

  it('replaces an earlier build in output-dir without leaving its stale zips', async () => {
    const out = path.join(work, 'rebuild');
    await build({ 'output-dir': out });
    writeFileSync(path.join(out, 'UPT_OLD-5.0.0.1.zip'), 'stale');
    await build({ 'output-dir': out });
    assert.ok(!existsSync(path.join(out, 'UPT_OLD-5.0.0.1.zip')));
    assert.ok(
      readdirSync(path.dirname(out)).every((n) => !n.startsWith('rebuild.partial-')),
      'no staging left',
    );
  });

  it('an installer name that is not UTF-8 is named as such, not a raw ENOENT', async () => {
    const d = withAgents((dir) => {
      const f = path.join(dir, 'UPT_PRO_SUSE_x86_64');
      const name = readdirSync(f)[0]!;
      const bad = Buffer.concat([
        Buffer.from(`${f}/assets-`),
        Buffer.from([0xe9, 0xff]),
        Buffer.from('-5.7.0.25.rpm'),
      ]);
      renameSync(path.join(f, name), bad);
    });
    const err = await buildFails({ 'agents-dir': d, 'output-dir': path.join(work, 'b6') });
    assert.match(err.message, /UPT_PRO_SUSE_x86_64.*name is not valid UTF-8.*rename it/);
    assert.doesNotMatch(err.message, /ENOENT/);
  });

  it('a 220-character installer name is refused for its length, as a problem of the input', async () => {
    const d = withAgents((dir) => {
      const f = path.join(dir, 'UPT_PRO_SUSE_x86_64');
      const name = readdirSync(f)[0]!;
      execFileSync('mv', [path.join(f, name), path.join(f, `${'a'.repeat(205)}-5.7.0.25.rpm`)]);
    });
    const err = await buildFails({ 'agents-dir': d, 'output-dir': path.join(work, 'b7') });
    assert.match(
      err.message,
      /input "agents-dir"[\s\S]*name is 218 characters long; rename it to at most 200/,
    );
    assert.doesNotMatch(err.message, /not safe/);
  });

  it('the version-mismatch warning names each file once, however many entries share it', async () => {
    const other = buildInstallerSet(path.join(work, 'inst-mismatch'), '5.8.0.1');
    const d = withAgents((dir) => {
      // Every x86_64 rpm folder (several entries) gets the same installer of another version.
      for (const sub of readdirSync(dir)) {
        const f = path.join(dir, sub);
        if (readdirSync(f)[0] !== path.basename(set['centos/x86_64'])) continue;
        rmSync(f, { recursive: true });
        mkdirSync(f);
        cpSync(other['centos/x86_64'], path.join(f, path.basename(other['centos/x86_64'])));
      }
    });
    const lines: string[] = [];
    await build(
      {
        'agents-dir': d,
        'output-dir': path.join(work, 'b8'),
        'package-version': VERSION,
        'skip-version-check': 'true',
      },
      lines,
    );
    const warnings = lines.filter((l) => l.startsWith('warning:') && l.includes('5.8.0.1'));
    assert.equal(warnings.length, 1, warnings.join('\n'));
    const named = path.basename(other['centos/x86_64']);
    assert.equal(warnings[0]!.split(named).length - 1, 1, `${named} once: ${warnings[0]}`);
  });

  it("each step writes its own folder; a step refuses to replace another step's package unless told", async () => {
    const out = path.join(work, 'shared-out');
    const step = (id: string, over: Record<string, string> = {}) =>
      run(
        inputs({ download: 'false', 'dry-run': 'true', 'agents-dir': agents, 'output-dir': out, ...over }),
        {
          log: textLog(() => undefined),
          packageRoot: ROOT,
          outputOwner: { job: 'run 7.1 job build', step: id },
        },
      );
    await step('first');
    await step('first');
    const err = await step('second').catch((e: unknown) => e as Error);
    assert.ok(isUserError(err), String(err));
    assert.match(
      renderNames(err.message, 'action'),
      /holds the package that step first of this job wrote.*replace-output-dir: true/,
    );
    assert.match(readFileSync(path.join(out, '.uptycs-distributor'), 'utf8'), /first/);
    await step('second', { 'replace-output-dir': 'true' });
    assert.match(readFileSync(path.join(out, '.uptycs-distributor'), 'utf8'), /second/);
    // Another job (or run) of a self-hosted runner: an old folder is replaced.
    await run(inputs({ download: 'false', 'dry-run': 'true', 'agents-dir': agents, 'output-dir': out }), {
      log: textLog(() => undefined),
      packageRoot: ROOT,
      outputOwner: { job: 'run 8.1 job build', step: 'first' },
    });
  });

  it('a mapping error stops before anything is written', async () => {
    const m = path.join(work, 'bad.json');
    writeFileSync(
      m,
      JSON.stringify(
        {
          linux: [
            { upt_package: 'centos', dir: 'A', name: 'rhel', major_version: '_any', arch_type: 'i386' },
          ],
        },
        null,
        2,
      ),
    );
    const err = await buildFails({ mapping: m, 'output-dir': path.join(work, 'b6') });
    assert.match(err.message, /use "redhat"/);
    assert.match(err.message, /use "386"/);
    assert.ok(!existsSync(path.join(work, 'b6')));
  });
});
