/**
 * The install/uninstall/update scripts in templates/, rendered with src/package/scripts.ts and
 * proven on real packages: .deb and .rpm built with dpkg-deb/rpmbuild and installed, updated and
 * removed by the rendered scripts under dash in a Debian chroot; .msi built with wixl and the
 * PowerShell scripts checked statically (no PowerShell here).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  loadTemplates,
  renderScripts,
  SCRIPT_NAMES,
  type Script,
  type Templates,
} from '../src/package/scripts.js';
import {
  acquireChroot,
  parseAptSources,
  runInChroot,
  type Chroot,
  type RunResult,
} from './helpers/chroot.js';
import { buildDeb, buildMsi, buildRpm, haveTools } from './helpers/installers.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PACKAGE_NAME = 'UptycsAgentTest';
/** Package names the fixtures install: distinct per type, and never written in any template. */
const PKG = { deb: 'udist-fixture-deb', rpm: 'udist-fixture-rpm', msi: 'udist-fixture-msi' } as const;
const V1 = '1.0.0';
const V2 = '1.1.0';
type LinuxType = 'deb' | 'rpm';

/** Exit codes the Linux scripts document (see their headers). */
const EXIT = {
  notRoot: 10,
  noTool: 11,
  noInstaller: 12,
  badInstaller: 13,
  wrongArch: 14,
  toolFailed: 15,
} as const;

let templates: Templates;
let work: string;
const built: Record<string, string> = {};

function render(type: 'deb' | 'rpm' | 'msi', installerFile: string, version: string): Script[] {
  return renderScripts(templates, type, {
    installer: path.basename(installerFile),
    version,
    packageName: PACKAGE_NAME,
  });
}

function buildFixture(type: LinuxType | 'msi', version: string, arch: 'x86_64' | 'arm64' = 'x86_64'): string {
  const key = `${type}-${version}-${arch}`;
  const spec = { pkg: PKG[type], version, arch, outDir: path.join(work, 'installers', key) };
  built[key] ??= type === 'deb' ? buildDeb(spec) : type === 'rpm' ? buildRpm(spec) : buildMsi(spec);
  return built[key];
}

before(async () => {
  templates = await loadTemplates(path.join(ROOT, 'templates'));
  work = mkdtempSync(path.join(tmpdir(), 'udist-scripts-test-'));
});

after(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Fails under CI, skips with the reason elsewhere. */
function unavailable(t: TestContext, reason: string): void {
  if (process.env.CI) assert.fail(`${reason} (required when CI is set)`);
  t.skip(reason);
}

function toolsMissing(type: LinuxType | 'msi'): string | undefined {
  const tools = haveTools();
  if (!tools[type])
    return `the ${type} builder tool (${{ deb: 'dpkg-deb', rpm: 'rpmbuild', msi: 'wixl' }[type]}) is not installed`;
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Static checks
// ---------------------------------------------------------------------------------------------

/** Numbers listed under "Exit codes:" in a script's header comment (indented lines that follow). */
function documentedCodes(content: string): Set<number> {
  const lines = content.split('\n');
  const start = lines.findIndex((l) => /Exit codes:/.test(l));
  const codes = new Set<number>();
  if (start < 0) return codes;
  for (const line of lines.slice(start + 1)) {
    const body = line.replace(/^#/, '');
    if (!/^\s+\S/.test(body)) break;
    const m = /^\s+(\d+)\s/.exec(body);
    if (m) codes.add(Number(m[1]));
  }
  return codes;
}

/** Installer-like file names (x.rpm, x.deb, x.msi) a script mentions. */
function installerNames(content: string): string[] {
  return [...content.matchAll(/[A-Za-z0-9][A-Za-z0-9._+-]*\.(?:rpm|deb|msi)\b/g)].map((m) => m[0]);
}

describe('script templates (static)', () => {
  it('every type has its install, uninstall, update and validate script', () => {
    for (const type of ['rpm', 'deb', 'msi'] as const) {
      // Besides the scripts, a type holds only fragments ("_" names), which are never shipped.
      const scripts = templates[type].filter((s) => !s.name.startsWith('_'));
      assert.deepEqual(
        scripts.map((s) => s.name).sort(),
        [...SCRIPT_NAMES[type]].sort(),
        `templates/${type} holds exactly the scripts of a zip`,
      );
      for (const f of templates[type].filter((s) => s.name.startsWith('_'))) {
        assert.ok(
          scripts.some((s) => s.content.includes(`\n{{INCLUDE ${f.name}}}\n`)),
          `templates/${type}/${f.name} is included by a script`,
        );
        // A .sh script continues a no-op ": \" into the include line, which a comment must end.
        if (f.name.endsWith('.sh'))
          assert.match(f.content, /^# /, `templates/${type}/${f.name} starts with a comment line`);
      }
    }
  });

  it('no template hard-codes an installer file name or an Uptycs package name', () => {
    for (const type of ['rpm', 'deb', 'msi'] as const)
      for (const t of templates[type]) {
        assert.deepEqual(
          installerNames(t.content),
          [],
          `templates/${type}/${t.name} names no installer file`,
        );
        assert.doesNotMatch(
          t.content,
          /osquery|uptycs-protect|uptycs-agent|UptycsAgent\b/i,
          `templates/${type}/${t.name}`,
        );
        // A script names its installer through the placeholder (a fragment may leave that to it).
        if (!t.name.startsWith('_'))
          assert.match(t.content, /\{\{INSTALLER\}\}/, `templates/${type}/${t.name} uses {{INSTALLER}}`);
        // dash fails on "\r" (a CRLF checkout); .gitattributes must keep templates/**/* at LF.
        assert.ok(!t.content.includes('\r'), `templates/${type}/${t.name} has LF line endings`);
      }
  });

  for (const type of ['rpm', 'deb'] as const) {
    it(`${type}: rendered scripts pass shellcheck -s sh and name only the rendered installer`, (t) => {
      const missing = toolsMissing(type);
      if (missing) return unavailable(t, missing);
      let shellcheck = true;
      try {
        execFileSync('shellcheck', ['--version'], { stdio: 'ignore' });
      } catch {
        shellcheck = false;
      }
      if (!shellcheck) return unavailable(t, 'shellcheck is not installed');
      const installer = buildFixture(type, V1);
      const name = path.basename(installer);
      const dir = path.join(work, `static-${type}`);
      mkdirSync(dir, { recursive: true });
      for (const s of render(type, installer, V1)) {
        const file = path.join(dir, s.name);
        writeFileSync(file, s.content);
        assert.doesNotMatch(s.content, /\{\{|\}\}/, `${s.name} has no placeholder left`);
        assert.ok(s.content.startsWith('#!/bin/sh\n'), `${s.name} starts with #!/bin/sh`);
        const r = spawnText('shellcheck', ['-s', 'sh', '-f', 'gcc', file]);
        assert.equal(r.code, 0, `shellcheck -s sh ${s.name}:\n${r.out}`);
        // The only installer it names is the one shipped next to it.
        assert.deepEqual([...new Set(installerNames(s.content))], [name], `${s.name} names only ${name}`);
        // The package identity is read from that file at run time, never written in the script.
        const withoutInstaller = s.content.split(name).join('');
        assert.ok(
          !withoutInstaller.includes(PKG[type]),
          `${s.name} does not hard-code the package name ${PKG[type]}`,
        );
        if (type === 'rpm')
          assert.match(s.content, /rpm -qp [^\n]*%\{NAME\}[^\n]*"\$installer"/, `${s.name} reads the name`);
        else assert.match(s.content, /dpkg-deb -f "\$installer" Package/, `${s.name} reads the name`);
        // Every exit code it uses is documented in its header.
        const documented = documentedCodes(s.content);
        assert.ok(documented.has(0) && documented.size >= 5, `${s.name} documents its exit codes`);
        for (const m of s.content.matchAll(/\b(?:die|exit) (\d+)\b/g))
          assert.ok(documented.has(Number(m[1])), `${s.name} uses exit code ${m[1]} without documenting it`);
      }
    });
  }

  it('the chroot helper reads both apt source formats', () => {
    const oneLine = parseAptSources(
      '/etc/apt/sources.list',
      '# deb http://old.example/debian buster main\n' +
        'deb [arch=amd64 signed-by=/k.gpg] http://archive.ubuntu.com/ubuntu noble main universe # note\n' +
        'deb-src http://archive.ubuntu.com/ubuntu noble main\n',
    );
    assert.deepEqual(oneLine, [
      { mirror: 'http://archive.ubuntu.com/ubuntu', suite: 'noble', components: ['main', 'universe'] },
    ]);
    const deb822 = parseAptSources(
      '/etc/apt/sources.list.d/debian.sources',
      'Types: deb\n# a comment\nURIs: http://deb.debian.org/debian\nSuites: bookworm bookworm-updates\n' +
        'Components: main\n\nTypes: deb-src\nURIs: http://x\nSuites: y\n\n' +
        'Types: deb\nEnabled: no\nURIs: http://z\nSuites: w\nComponents: main\n',
    );
    assert.deepEqual(deb822, [
      { mirror: 'http://deb.debian.org/debian', suite: 'bookworm', components: ['main'] },
      { mirror: 'http://deb.debian.org/debian', suite: 'bookworm-updates', components: ['main'] },
    ]);
  });

  it('rendering rejects unknown placeholders and unsafe installer names', () => {
    const broken: Templates = {
      ...templates,
      deb: templates.deb.map((s) =>
        s.name === 'install.sh' ? { ...s, content: `${s.content}\n# {{INSTALLER_NAME}}\n` } : s,
      ),
    };
    assert.throws(
      () => renderScripts(broken, 'deb', { installer: 'a.deb', version: V1, packageName: PACKAGE_NAME }),
      /unknown placeholder \{\{INSTALLER_NAME\}\}/,
    );
    for (const installer of [
      'a b.deb',
      'x$(reboot).deb',
      "it's.deb",
      '../up.deb',
      'a;rm -rf.deb',
      '-rf.deb',
      'a\nb.deb',
      '`id`.deb',
      '',
    ])
      assert.throws(
        () => renderScripts(templates, 'deb', { installer, version: V1, packageName: PACKAGE_NAME }),
        /not safe/,
        JSON.stringify(installer),
      );
    // A name with every allowed character renders verbatim.
    const ok = renderScripts(templates, 'rpm', {
      installer: 'A-b_c.1+2.rpm',
      version: V1,
      packageName: PACKAGE_NAME,
    });
    assert.ok(ok.every((s) => s.content.includes("'A-b_c.1+2.rpm'")));
  });

  it('msi: the PowerShell scripts drive msiexec on the exact rendered .msi', (t) => {
    const missing = toolsMissing('msi');
    if (missing) return unavailable(t, missing);
    const msi = buildFixture('msi', V1);
    const name = path.basename(msi);
    assert.ok(statSync(msi).size > 0);
    const scripts = Object.fromEntries(render('msi', msi, V1).map((s) => [s.name, s.content]));
    for (const [file, content] of Object.entries(scripts)) {
      assert.doesNotMatch(content, /\{\{|\}\}/, `${file} has no placeholder left`);
      assert.equal(
        content.split(`'${name}'`).length - 1,
        1,
        `${file} assigns the installer name once, quoted`,
      );
      assert.deepEqual([...new Set(installerNames(content))], [name], `${file} names only ${name}`);
      assert.ok(
        !content.split(name).join('').includes(PKG.msi),
        `${file} does not hard-code the product name`,
      );
      assert.match(content, /\$Installer = '[^']+'/);
      assert.match(
        content,
        /Join-Path \$ScriptDir \$Installer/,
        `${file} resolves the MSI next to the script`,
      );
      assert.match(content, /\$ScriptDir = \$PSScriptRoot/);
      assert.match(
        content,
        /Start-Process -FilePath \$MsiExec -ArgumentList \$argumentLine -Wait -PassThru/i,
      );
      assert.match(
        content,
        /\/qn \/norestart \/l\*v `"\$LogFile`"/,
        `${file} runs msiexec quietly with a verbose log`,
      );
      assert.match(
        content,
        /IsInRole\(\[Security\.Principal\.WindowsBuiltInRole\]::Administrator\)/,
        `${file} checks admin`,
      );
      assert.match(
        content,
        /Get-MsiProperty \$msiPath 'ProductCode'/,
        `${file} identifies the product from the MSI`,
      );
      assert.match(content, /exit \$Code\b/, `${file} propagates exit codes`);
      if (file !== 'validate.ps1') {
        assert.match(content, /Exit-With \$code /, `${file} passes msiexec's failure code on`);
        assert.match(content, /3010/, `${file} handles 3010 (reboot required)`);
      } else assert.doesNotMatch(content, /Invoke-Msiexec \$/, 'validate.ps1 only reads: it runs no msiexec');
      const documented = documentedCodes(content);
      for (const m of content.matchAll(/\b(?:Exit-With|exit) (\d+)\b/g))
        assert.ok(documented.has(Number(m[1])), `${file} uses exit code ${m[1]} without documenting it`);
      assertBalanced(file, content);
    }
    assert.match(
      scripts['install.ps1']!,
      /Invoke-Msiexec \$msiexec \("\/i `"\$msiPath`""/,
      'install: msiexec /i <msi>',
    );
    assert.match(
      scripts['update.ps1']!,
      /Invoke-Msiexec \$msiexec \("\/i `"\$msiPath`""/,
      'update: msiexec /i <msi>',
    );
    assert.match(
      scripts['uninstall.ps1']!,
      /Invoke-Msiexec \$msiexec "\/x `"\$msiPath`""/,
      'uninstall: msiexec /x <msi>',
    );
    assert.match(scripts['uninstall.ps1']!, /1605/, 'uninstall: "not installed" from msiexec is success');
    assert.match(
      scripts['install.ps1']!,
      /already installed; nothing to do"\s*\n\s*exit 0/,
      'install is idempotent',
    );
    assert.match(
      scripts['validate.ps1']!,
      /Get-HealthProblem \$msiPath [^\n]*-Wait/,
      'validate waits for a service',
    );
    assert.match(
      scripts['uninstall.ps1']!,
      /is not installed; nothing to do"\s*\n\s*exit 0/,
      'uninstall is idempotent',
    );
  });
});

/**
 * PowerShell cannot run here, so catch the slips a parser would: unbalanced brackets (outside
 * strings and comments) and "$name:" in a double-quoted string (a parse error in PowerShell).
 */
function assertBalanced(file: string, content: string): void {
  const stack: string[] = [];
  const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
  let i = 0;
  let line = 1;
  while (i < content.length) {
    const c = content[i]!;
    if (c === '\n') line++;
    if (c === '<' && content[i + 1] === '#') {
      const end = content.indexOf('#>', i);
      assert.ok(end > 0, `${file}:${line} unterminated <# comment`);
      line += content.slice(i, end).split('\n').length - 1;
      i = end + 2;
      continue;
    }
    if (c === '#') {
      while (i < content.length && content[i] !== '\n') i++;
      continue;
    }
    if (c === "'") {
      const end = content.indexOf("'", i + 1);
      assert.ok(end > 0, `${file}:${line} unterminated '...'`);
      i = end + 1;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      let text = '';
      while (j < content.length && content[j] !== '"') {
        if (content[j] === '`') {
          text += '  ';
          j += 2;
          continue;
        }
        text += content[j];
        j++;
      }
      assert.ok(j < content.length, `${file}:${line} unterminated "..."`);
      const bad = /\$[A-Za-z_]\w*:(?![A-Za-z_])/.exec(text.replace(/\$(env|script|global|local):\w+/gi, ''));
      assert.equal(
        bad,
        null,
        `${file}:${line} "${bad?.[0]}" inside "..." is a PowerShell parse error; use \${name}:`,
      );
      i = j + 1;
      continue;
    }
    if (c === '(' || c === '[' || c === '{') stack.push(c);
    if (c === ')' || c === ']' || c === '}') {
      const open = stack.pop();
      assert.equal(open, pairs[c], `${file}:${line} "${c}" closes "${open}"`);
    }
    i++;
  }
  assert.deepEqual(stack, [], `${file}: unclosed brackets`);
}

/** A copy of a .deb whose control file also says `Depends: <dep>`. */
function withDepends(deb: string, dep: string, outDir: string): string {
  const tmp = mkdtempSync(path.join(tmpdir(), 'udist-repack-'));
  try {
    const root = path.join(tmp, 'root');
    execFileSync('dpkg-deb', ['-R', deb, root]);
    const control = path.join(root, 'DEBIAN', 'control');
    writeFileSync(control, `${readFileSync(control, 'utf8').trimEnd()}\nDepends: ${dep}\n`);
    mkdirSync(outDir, { recursive: true });
    const out = path.join(outDir, path.basename(deb));
    execFileSync('dpkg-deb', ['--root-owner-group', '-Zgzip', '--build', root, out], { stdio: 'pipe' });
    return out;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

function spawnText(cmd: string, args: string[]): { code: number; out: string } {
  try {
    return { code: 0, out: execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }) };
  } catch (e) {
    const err = e as { status?: number; stdout?: string; stderr?: string };
    return { code: err.status ?? 1, out: `${err.stdout ?? ''}${err.stderr ?? ''}` };
  }
}

// ---------------------------------------------------------------------------------------------
// Real runs in a Debian chroot
// ---------------------------------------------------------------------------------------------

describe('Linux scripts in a Debian chroot (dash, dpkg, rpm)', () => {
  let chroot: Chroot | undefined;
  let why = '';
  /** Everything the tests stage, inside the chroot; the space proves the scripts quote paths. */
  const STAGE = `/var/tmp/udist scripts-${process.pid}`;

  before(async () => {
    try {
      chroot = await acquireChroot((m) => console.log(`# ${m}`));
      if (chroot.builtMs)
        console.log(`# chroot built in ${Math.round(chroot.builtMs / 1000)} s: ${chroot.dir}`);
      // Folders left by runs that were killed (we hold the chroot's lock, so they are not in use).
      const tmp = path.join(chroot.dir, 'var/tmp');
      for (const f of readdirSync(tmp))
        if (f.startsWith('udist scripts-')) rmSync(path.join(tmp, f), { recursive: true, force: true });
    } catch (e) {
      why = `no Debian chroot: ${(e as Error).message}`;
    }
  });

  after(async () => {
    if (!chroot) return;
    try {
      rmSync(path.join(chroot.dir, STAGE), { recursive: true, force: true });
    } finally {
      await chroot.lock.release();
    }
  });

  function need(t: TestContext, type: LinuxType): Chroot | undefined {
    if (!chroot) {
      unavailable(t, why);
      return undefined;
    }
    const missing = toolsMissing(type);
    if (missing) {
      unavailable(t, missing);
      return undefined;
    }
    return chroot;
  }

  /** Copies what a zip would hold (installer + rendered scripts) into a fresh folder in the chroot. */
  function stage(
    c: Chroot,
    folder: string,
    type: LinuxType,
    installer: string,
    opts: { withInstaller?: boolean; version?: string } = {},
  ): string {
    const inside = path.posix.join(STAGE, folder);
    const host = path.join(c.dir, inside);
    rmSync(host, { recursive: true, force: true });
    mkdirSync(host, { recursive: true });
    if (opts.withInstaller ?? true) copyFileSync(installer, path.join(host, path.basename(installer)));
    for (const s of render(type, installer, opts.version ?? V1))
      writeFileSync(path.join(host, s.name), s.content, { mode: 0o644 });
    return inside;
  }

  async function sh(
    c: Chroot,
    script: string,
    opts: { cwd?: string; env?: Record<string, string> } = {},
  ): Promise<RunResult> {
    return runInChroot(c.dir, script, opts);
  }

  function show(r: RunResult): string {
    return `exit ${r.code}\n--- stdout\n${r.stdout}--- stderr\n${r.stderr}`;
  }

  /** Removes the fixture package and its files without the scripts under test. */
  async function cleanup(c: Chroot, type: LinuxType): Promise<void> {
    const pkg = PKG[type];
    const cmd =
      type === 'deb'
        ? `dpkg --purge ${pkg} >/dev/null 2>&1; rm -rf /opt/${pkg}`
        : `rpm -e --allmatches ${pkg} >/dev/null 2>&1; rm -rf /opt/${pkg}`;
    await sh(c, cmd);
  }

  /** "<version>" when the package manager has the fixture installed, else "". */
  async function installedVersion(c: Chroot, type: LinuxType): Promise<string> {
    const pkg = PKG[type];
    const r =
      type === 'deb'
        ? await sh(c, `dpkg-query -W -f='\${Status} \${Version}' ${pkg} 2>/dev/null`)
        : await sh(c, `rpm -q --qf '%{VERSION}' ${pkg}`);
    if (r.code !== 0) return '';
    if (type === 'deb') {
      const m = /^install ok installed (\S+)$/.exec(r.stdout.trim());
      return m?.[1] ?? '';
    }
    return r.stdout.trim();
  }

  function versionFile(c: Chroot, type: LinuxType): string {
    return path.join(c.dir, 'opt', PKG[type], 'VERSION');
  }

  function assertLogged(r: RunResult, pattern: RegExp): void {
    const ours = r.stdout.split('\n').filter((l) => l.startsWith('[uptycs-distributor] '));
    assert.ok(ours.length >= 3, `at least 3 "[uptycs-distributor]" step lines\n${show(r)}`);
    assert.ok(
      ours.some((l) => pattern.test(l)),
      `a step line matches ${pattern}\n${show(r)}`,
    );
  }

  // dash is /bin/sh on Debian and Ubuntu; bash is /bin/sh on RHEL, Amazon Linux and SUSE.
  const lifecycles: [LinuxType, 'sh' | 'bash'][] = [
    ['deb', 'sh'],
    ['rpm', 'sh'],
    ['rpm', 'bash'],
  ];
  for (const [type, shell] of lifecycles) {
    it(`${type}: install, install again, update, uninstall, uninstall again (${shell === 'sh' ? 'dash' : shell})`, async (t) => {
      const c = need(t, type);
      if (!c) return;
      const v1 = buildFixture(type, V1);
      const v2 = buildFixture(type, V2);
      await cleanup(c, type);
      try {
        const z1 = stage(c, `${type}-v1`, type, v1);
        const z2 = stage(c, `${type}-v2`, type, v2, { version: V2 });

        // Install, as SSM Agent runs it: `sh install.sh` in the extracted folder.
        let r = await sh(c, `${shell} install.sh`, { cwd: z1 });
        assert.equal(r.code, 0, show(r));
        assertLogged(r, /installed /);
        assert.equal(await installedVersion(c, type), V1, 'the package manager has v1');
        assert.equal(readFileSync(versionFile(c, type), 'utf8').trim(), V1);
        assert.equal(r.stderr.includes('ERROR'), false, show(r));

        // Again, from another working directory: succeeds without reinstalling.
        const inode = statSync(versionFile(c, type)).ino;
        r = await sh(c, `${shell} '${z1}/install.sh'`, { cwd: '/' });
        assert.equal(r.code, 0, show(r));
        assertLogged(r, /already installed; nothing to do/);
        assert.doesNotMatch(r.stdout, /running:/, 'no install command ran');
        assert.equal(statSync(versionFile(c, type)).ino, inode, 'the installed file was not rewritten');

        // In-place update to v2, the script named by a relative path from the parent folder.
        r = await sh(c, `${shell} './${path.posix.basename(z2)}/update.sh'`, { cwd: path.posix.dirname(z2) });
        assert.equal(r.code, 0, show(r));
        assertLogged(r, new RegExp(`updating ${PKG[type]} in place from ${V1.replace(/\./g, '\\.')}`));
        assert.equal(await installedVersion(c, type), V2, 'the package manager has v2');
        assert.equal(readFileSync(versionFile(c, type), 'utf8').trim(), V2);

        // Update again: already there.
        r = await sh(c, `${shell} update.sh`, { cwd: z2 });
        assert.equal(r.code, 0, show(r));
        assertLogged(r, /already installed; nothing to do/);

        // Uninstall with v1's script (the package is named by the installer, whatever version is installed).
        r = await sh(c, `${shell} uninstall.sh`, { cwd: z1 });
        assert.equal(r.code, 0, show(r));
        assertLogged(r, new RegExp(`removed ${PKG[type]}`));
        assert.equal(await installedVersion(c, type), '', 'the package is gone');
        assert.equal(existsSync(versionFile(c, type)), false, 'its file is gone');
        assert.equal(existsSync(path.dirname(versionFile(c, type))), false, 'its folder is gone');

        // Uninstall again: nothing to do.
        r = await sh(c, `${shell} uninstall.sh`, { cwd: z2 });
        assert.equal(r.code, 0, show(r));
        assertLogged(r, /is not installed; nothing to do/);

        // update.sh on a machine without the package installs it.
        r = await sh(c, `${shell} update.sh`, { cwd: z2 });
        assert.equal(r.code, 0, show(r));
        assertLogged(r, /not installed; installing/);
        assert.equal(await installedVersion(c, type), V2);
      } finally {
        await cleanup(c, type);
      }
      assert.equal(await installedVersion(c, type), '', 'the chroot is left clean');
    });
  }

  for (const type of ['deb', 'rpm'] as const) {
    it(`${type}: prerequisite failures exit with their documented codes`, async (t) => {
      const c = need(t, type);
      if (!c) return;
      const v1 = buildFixture(type, V1);
      await cleanup(c, type);
      try {
        // The installer is not in the folder.
        const empty = stage(c, `${type}-no-installer`, type, v1, { withInstaller: false });
        for (const script of ['install.sh', 'update.sh', 'uninstall.sh']) {
          const r = await sh(c, `sh ${script}`, { cwd: empty });
          assert.equal(r.code, EXIT.noInstaller, `${script}: ${show(r)}`);
          assert.match(
            r.stderr,
            /^\[uptycs-distributor\] ERROR: installer not found or unreadable: .*/m,
            show(r),
          );
          assert.ok(r.stderr.includes(path.basename(v1)), `${script} names the missing file\n${show(r)}`);
        }

        // The installer is not a package.
        const junk = stage(c, `${type}-junk`, type, v1);
        writeFileSync(path.join(c.dir, junk, path.basename(v1)), 'not a package\n');
        for (const script of ['install.sh', 'update.sh', 'uninstall.sh']) {
          const r = await sh(c, `sh ${script}`, { cwd: junk });
          assert.equal(r.code, EXIT.badInstaller, `${script}: ${show(r)}`);
          assert.match(r.stderr, /\[uptycs-distributor\] ERROR: .*(cannot read|has no)/, show(r));
        }

        // Not root: `id -u` answers 1000 (a stand-in first in PATH; the chroot itself runs as root).
        const zip = stage(c, `${type}-ok`, type, v1);
        const fakeBin = path.posix.join(STAGE, 'fake-id');
        mkdirSync(path.join(c.dir, fakeBin), { recursive: true });
        writeFileSync(path.join(c.dir, fakeBin, 'id'), '#!/bin/sh\necho 1000\n', { mode: 0o755 });
        for (const script of ['install.sh', 'update.sh', 'uninstall.sh']) {
          const r = await sh(c, `sh ${script}`, {
            cwd: zip,
            env: { PATH: `${fakeBin}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin` },
          });
          assert.equal(r.code, EXIT.notRoot, `${script}: ${show(r)}`);
          assert.match(r.stderr, /ERROR: must run as root \(uid is 1000\)/, show(r));
        }

        // The package tool is missing: a PATH with only what the scripts need before that check.
        const minimal = path.posix.join(STAGE, 'minimal-bin');
        const hostMinimal = path.join(c.dir, minimal);
        mkdirSync(hostMinimal, { recursive: true });
        for (const tool of ['id', 'dirname'])
          if (!existsSync(path.join(hostMinimal, tool)))
            symlinkSync(`/usr/bin/${tool}`, path.join(hostMinimal, tool));
        for (const script of ['install.sh', 'update.sh', 'uninstall.sh']) {
          const r = await sh(c, `/bin/sh ${script}`, { cwd: zip, env: { PATH: minimal } });
          assert.equal(r.code, EXIT.noTool, `${script}: ${show(r)}`);
          assert.match(r.stderr, new RegExp(`ERROR: ${type === 'deb' ? 'dpkg' : 'rpm'} not found`), show(r));
        }

        // An installer for another architecture is refused before anything is changed.
        const arm = buildFixture(type, V1, 'arm64');
        const armZip = stage(c, `${type}-arm64`, type, arm);
        for (const script of ['install.sh', 'update.sh']) {
          const r = await sh(c, `sh ${script}`, { cwd: armZip });
          assert.equal(r.code, EXIT.wrongArch, `${script}: ${show(r)}`);
          assert.match(r.stderr, /is built for (arm64|aarch64), this machine is (amd64|x86_64)/, show(r));
        }
        assert.equal(await installedVersion(c, type), '', 'nothing was installed');
      } finally {
        await cleanup(c, type);
      }
    });

    it(`${type}: a failing package tool exits 15 and leaves nothing installed`, async (t) => {
      const c = need(t, type);
      if (!c) return;
      const v1 = buildFixture(type, V1);
      await cleanup(c, type);
      try {
        let installer = v1;
        if (type === 'rpm') {
          // A non-empty folder where the package wants its file: rpm cannot unpack it.
          mkdirSync(versionFile(c, type), { recursive: true });
          writeFileSync(path.join(versionFile(c, type), 'in-the-way'), 'x\n');
        } else {
          // A dependency no repository has: apt-get refuses, dpkg -i unpacks but cannot configure.
          installer = withDepends(v1, 'udist-missing-dependency', path.join(work, 'installers', 'deb-unmet'));
        }
        const zip = stage(c, `${type}-blocked`, type, installer);
        const r = await sh(c, 'sh install.sh', { cwd: zip });
        assert.equal(r.code, EXIT.toolFailed, show(r));
        assert.match(r.stderr, /ERROR: (rpm -U|dpkg -i) failed with exit code [1-9]/, show(r));
        assert.equal(await installedVersion(c, type), '', 'nothing is left installed');
        if (type === 'deb') {
          assert.match(r.stdout, /apt-get exited with \d+; falling back to dpkg -i/, show(r));
          const state = await sh(c, `dpkg-query -W -f='\${Status}' ${PKG.deb} 2>/dev/null`);
          assert.doesNotMatch(
            state.stdout,
            /unpacked|half/,
            `no half-installed package is left: ${state.stdout}`,
          );
        }
      } finally {
        await cleanup(c, type);
      }
    });
  }

  /** A folder in the chroot holding stand-in commands, to put first in PATH. */
  function fakeCommands(c: Chroot, name: string, commands: Record<string, string>): string {
    const inside = path.posix.join(STAGE, name);
    mkdirSync(path.join(c.dir, inside), { recursive: true });
    for (const [cmd, body] of Object.entries(commands))
      writeFileSync(path.join(c.dir, inside, cmd), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
    return inside;
  }
  const ROOT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

  it('deb: falls back to dpkg -i when apt-get fails', async (t) => {
    const c = need(t, 'deb');
    if (!c) return;
    const v1 = buildFixture('deb', V1);
    await cleanup(c, 'deb');
    try {
      const fake = fakeCommands(c, 'fake-apt', {
        'apt-get': 'echo "E: stand-in apt-get fails" >&2; exit 100',
      });
      const zip = stage(c, 'deb-apt-fails', 'deb', v1);
      const r = await sh(c, 'sh install.sh', { cwd: zip, env: { PATH: `${fake}:${ROOT_PATH}` } });
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /apt-get exited with 100; falling back to dpkg -i/, show(r));
      assert.equal(await installedVersion(c, 'deb'), V1);
    } finally {
      await cleanup(c, 'deb');
    }
  });

  it('rpm: installs through dnf when present (install, then upgrade), else falls back to rpm -U', async (t) => {
    const c = need(t, 'rpm');
    if (!c) return;
    const v1 = buildFixture('rpm', V1);
    const v2 = buildFixture('rpm', V2);
    await cleanup(c, 'rpm');
    try {
      // A stand-in dnf that records its arguments and installs with rpm, as dnf would.
      const calls = path.posix.join(STAGE, 'dnf-calls');
      rmSync(path.join(c.dir, calls), { force: true });
      const dnf = fakeCommands(c, 'fake-dnf', {
        dnf: `echo "$*" >> '${calls}'\n[ "$1" = -y ] || exit 2\nexec rpm -U "$3"`,
      });
      const z1 = stage(c, 'rpm-dnf-v1', 'rpm', v1);
      const z2 = stage(c, 'rpm-dnf-v2', 'rpm', v2, { version: V2 });
      const env = { PATH: `${dnf}:${ROOT_PATH}` };
      let r = await sh(c, 'sh install.sh', { cwd: z1, env });
      assert.equal(r.code, 0, show(r));
      assert.doesNotMatch(r.stdout, /falling back/, show(r));
      r = await sh(c, 'sh update.sh', { cwd: z2, env });
      assert.equal(r.code, 0, show(r));
      assert.equal(await installedVersion(c, 'rpm'), V2);
      assert.deepEqual(readFileSync(path.join(c.dir, calls), 'utf8').trim().split('\n'), [
        `-y install ${z1}/${path.basename(v1)}`,
        `-y upgrade ${z2}/${path.basename(v2)}`,
      ]);
      await cleanup(c, 'rpm');

      // dnf fails (e.g. its repositories are unreachable): rpm -U does the job.
      const broken = fakeCommands(c, 'fake-dnf-fails', {
        dnf: 'echo "Error: stand-in dnf fails" >&2; exit 1',
      });
      r = await sh(c, 'sh install.sh', { cwd: z1, env: { PATH: `${broken}:${ROOT_PATH}` } });
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /dnf exited with 1; falling back to rpm -U/, show(r));
      assert.equal(await installedVersion(c, 'rpm'), V1);

      // dnf succeeds without installing this build (it would not downgrade): rpm -U --oldpackage does.
      const noop = fakeCommands(c, 'fake-dnf-noop', { dnf: 'echo "Nothing to do."; exit 0' });
      await sh(c, 'sh update.sh', { cwd: z2 });
      assert.equal(await installedVersion(c, 'rpm'), V2);
      r = await sh(c, 'sh install.sh', { cwd: z1, env: { PATH: `${noop}:${ROOT_PATH}` } });
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /dnf did not install .*falling back to rpm -U/, show(r));
      assert.equal(await installedVersion(c, 'rpm'), V1, 'downgraded to the version of the zip');
    } finally {
      await cleanup(c, 'rpm');
    }
  });

  it('the chroot runs `sh` as dash, like SSM Agent on Debian and Ubuntu', async (t) => {
    const c = need(t, 'deb');
    if (!c) return;
    const r = await sh(c, 'readlink -f /bin/sh');
    assert.equal(r.stdout.trim(), '/usr/bin/dash', show(r));
  });
});
