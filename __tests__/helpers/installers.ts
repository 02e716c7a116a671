/**
 * Builds real, small installer packages with the distribution's own tools: dpkg-deb (.deb),
 * rpmbuild (.rpm) and wixl (.msi). Each installs one marker file, /opt/<pkg>/VERSION
 * (or [ProgramFiles]\<pkg>\VERSION.txt), so tests can check install and removal.
 */
import { execFileSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
  copyFileSync,
  existsSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { runTool } from './deadline.js';

export interface PackageSpec {
  /** Package name as the package manager knows it, e.g. uptycs-test-agent. */
  pkg: string;
  version: string;
  arch: 'x86_64' | 'arm64';
  /** Folder the file is written to. */
  outDir: string;
  /** File name to give the result; defaults to an Uptycs-like name. */
  fileName?: string;
  /** Extra bytes of incompressible padding, to make a package of a given size. */
  paddingBytes?: number;
  /**
   * Makes it an agent: a daemon (a real process) with a SysV script /etc/init.d/<pkg> and a systemd
   * unit <pkg>.service that can be enabled, a configuration file /etc/<pkg>/agent.conf marked as
   * such, and (.deb) maintainer scripts that start the service after install and stop it before removal.
   */
  service?: boolean;
}

/** The agent's files (spec.service): path inside the package → content. */
function serviceFiles(pkg: string): Record<string, string> {
  const pid = `/run/${pkg}.pid`;
  return {
    [`/opt/${pkg}/daemon`]: '#!/bin/sh\nwhile :; do sleep 5; done\n',
    [`/etc/${pkg}/agent.conf`]: 'enroll=fixture\n',
    [`/lib/systemd/system/${pkg}.service`]: [
      '[Unit]',
      `Description=${pkg} fixture agent`,
      '[Service]',
      `ExecStart=/opt/${pkg}/daemon`,
      '[Install]',
      'WantedBy=multi-user.target',
      '',
    ].join('\n'),
    [`/etc/init.d/${pkg}`]: [
      '#!/bin/sh',
      `pidfile=${pid}`,
      'running() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }',
      'case "$1" in',
      `  start) running || { setsid /opt/${pkg}/daemon >/dev/null 2>&1 < /dev/null & echo $! > "$pidfile"; } ;;`,
      '  stop) if running; then kill "$(cat "$pidfile")"; fi; rm -f "$pidfile" ;;',
      '  status) running || exit 3 ;;',
      '  *) exit 2 ;;',
      'esac',
      '',
    ].join('\n'),
  };
}

const START_SCRIPT = (pkg: string) => `#!/bin/sh\n[ -d /run/systemd/system ] || /etc/init.d/${pkg} start\n`;
const STOP_SCRIPT = (pkg: string) =>
  `#!/bin/sh\n[ -x /etc/init.d/${pkg} ] && /etc/init.d/${pkg} stop\nexit 0\n`;

function tmp(): string {
  return mkdtempSync(path.join(tmpdir(), 'udist-pkg-'));
}

function padding(dir: string, bytes: number | undefined): string[] {
  if (!bytes) return [];
  const file = path.join(dir, 'padding.bin');
  execFileSync('sh', ['-c', `head -c ${bytes} /dev/urandom > "${file}"`]);
  return [file];
}

export function buildDeb(spec: PackageSpec): string {
  const work = tmp();
  try {
    const root = path.join(work, 'root');
    mkdirSync(path.join(root, 'DEBIAN'), { recursive: true });
    mkdirSync(path.join(root, 'opt', spec.pkg), { recursive: true });
    writeFileSync(path.join(root, 'opt', spec.pkg, 'VERSION'), `${spec.version}\n`);
    for (const f of padding(work, spec.paddingBytes))
      copyFileSync(f, path.join(root, 'opt', spec.pkg, 'padding.bin'));
    if (spec.service) {
      for (const [file, content] of Object.entries(serviceFiles(spec.pkg))) {
        mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
        writeFileSync(path.join(root, file), content, { mode: /daemon$|init\.d/.test(file) ? 0o755 : 0o644 });
      }
      writeFileSync(path.join(root, 'DEBIAN', 'conffiles'), `/etc/${spec.pkg}/agent.conf\n`);
      writeFileSync(path.join(root, 'DEBIAN', 'postinst'), START_SCRIPT(spec.pkg), { mode: 0o755 });
      writeFileSync(path.join(root, 'DEBIAN', 'prerm'), STOP_SCRIPT(spec.pkg), { mode: 0o755 });
    }
    const debArch = spec.arch === 'arm64' ? 'arm64' : 'amd64';
    writeFileSync(
      path.join(root, 'DEBIAN', 'control'),
      [
        `Package: ${spec.pkg}`,
        `Version: ${spec.version}`,
        `Architecture: ${debArch}`,
        'Maintainer: tests <tests@example.invalid>',
        'Description: test agent for uptycs-distributor-action',
        '',
      ].join('\n'),
    );
    const name =
      spec.fileName ??
      `assets-${spec.pkg}-${spec.version}-Uptycs${spec.arch === 'arm64' ? '.arm64' : ''}.deb`;
    const out = path.join(spec.outDir, name);
    mkdirSync(spec.outDir, { recursive: true });
    runTool('dpkg-deb', ['--root-owner-group', '-Zgzip', '--build', root, out], `the test .deb ${name}`);
    return out;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export function buildRpm(spec: PackageSpec): string {
  const work = tmp();
  try {
    const top = path.join(work, 'rpmbuild');
    for (const d of ['BUILD', 'RPMS', 'SOURCES', 'SPECS', 'SRPMS', 'BUILDROOT'])
      mkdirSync(path.join(top, d), { recursive: true });
    const pad = padding(work, spec.paddingBytes)[0];
    const rpmArch = spec.arch === 'arm64' ? 'aarch64' : 'x86_64';
    const specFile = path.join(top, 'SPECS', 'agent.spec');
    writeFileSync(
      specFile,
      [
        `Name: ${spec.pkg}`,
        `Version: ${spec.version}`,
        'Release: 1',
        'Summary: test agent for uptycs-distributor-action',
        'License: MIT',
        'AutoReqProv: no',
        '%description',
        'Test agent.',
        '%install',
        `mkdir -p %{buildroot}/opt/${spec.pkg}`,
        `echo ${spec.version} > %{buildroot}/opt/${spec.pkg}/VERSION`,
        ...(pad ? [`cp ${pad} %{buildroot}/opt/${spec.pkg}/padding.bin`] : []),
        ...(spec.service
          ? Object.entries(serviceFiles(spec.pkg)).flatMap(([file, content]) => [
              `mkdir -p %{buildroot}${path.posix.dirname(file)}`,
              `printf '%%s' '${content.replace(/%/g, '%%').replace(/'/g, "'\\''")}' > %{buildroot}${file}`,
              ...(/daemon$|init\.d/.test(file) ? [`chmod 755 %{buildroot}${file}`] : []),
            ])
          : []),
        // No %post/%preun: a scriptlet makes rpm require /bin/sh, which nothing in a Debian chroot's
        // rpm database provides; install.sh starts the services a package owns in any case.
        '%files',
        `/opt/${spec.pkg}`,
        ...(spec.service
          ? [
              `%config(noreplace) /etc/${spec.pkg}/agent.conf`,
              `/etc/init.d/${spec.pkg}`,
              `/lib/systemd/system/${spec.pkg}.service`,
            ]
          : []),
        '',
      ].join('\n'),
    );
    runTool(
      'rpmbuild',
      [
        '-bb',
        '--define',
        `_topdir ${top}`,
        '--define',
        '_binary_payload w1.gzdio',
        '--define',
        '__os_install_post %{nil}',
        '--define',
        'debug_package %{nil}',
        '--target',
        `${rpmArch}-linux`,
        specFile,
      ],
      `the test .rpm of ${spec.pkg} ${spec.version} ${rpmArch}`,
    );
    const built = readdirSync(path.join(top, 'RPMS', rpmArch))[0]!;
    const name =
      spec.fileName ??
      `assets-${spec.pkg}-${spec.version}-Uptycs${spec.arch === 'arm64' ? '.aarch64' : ''}.rpm`;
    mkdirSync(spec.outDir, { recursive: true });
    const out = path.join(spec.outDir, name);
    copyFileSync(path.join(top, 'RPMS', rpmArch, built), out);
    return out;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** MSI product versions are at most three numbers of 255.255.65535. */
function msiVersion(v: string): string {
  return v.split('.').slice(0, 3).join('.');
}

export function buildMsi(spec: PackageSpec): string {
  const work = tmp();
  try {
    writeFileSync(path.join(work, 'VERSION.txt'), `${spec.version}\r\n`);
    const upgradeCode = '6f1f8a39-3f0e-4c52-9d7e-2f3a9d6b1c01';
    const wxs = `<?xml version="1.0" encoding="utf-8"?>
<Wix xmlns="http://schemas.microsoft.com/wix/2006/wi">
  <Product Id="${randomUUID()}" Name="${spec.pkg}" Language="1033" Version="${msiVersion(spec.version)}"
           Manufacturer="tests" UpgradeCode="${upgradeCode}">
    <Package InstallerVersion="200" Compressed="yes" InstallScope="perMachine" Platform="x64" />
    <Media Id="1" Cabinet="agent.cab" EmbedCab="yes" />
    <Directory Id="TARGETDIR" Name="SourceDir">
      <Directory Id="ProgramFiles64Folder">
        <Directory Id="INSTALLDIR" Name="${spec.pkg}">
          <Component Id="Main" Guid="2d6c3b1e-5a4f-4e8b-9c7d-1a2b3c4d5e6f" Win64="yes">
            <File Id="VersionFile" Source="VERSION.txt" KeyPath="yes" />
          </Component>
        </Directory>
      </Directory>
    </Directory>
    <Feature Id="All" Level="1"><ComponentRef Id="Main" /></Feature>
  </Product>
</Wix>
`;
    writeFileSync(path.join(work, 'agent.wxs'), wxs);
    const name = spec.fileName ?? `assets-${spec.pkg}-${spec.version}-Uptycs-windows.msi`;
    mkdirSync(spec.outDir, { recursive: true });
    const out = path.join(spec.outDir, name);
    runTool('wixl', ['-a', 'x64', '-o', out, 'agent.wxs'], `the test .msi ${name}`, { cwd: work });
    return out;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export function haveTools(): { deb: boolean; rpm: boolean; msi: boolean } {
  const has = (cmd: string) => {
    try {
      execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  };
  return { deb: has('dpkg-deb'), rpm: has('rpmbuild'), msi: has('wixl') };
}

export { existsSync };
