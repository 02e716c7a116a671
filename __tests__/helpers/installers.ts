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
}

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
        '%files',
        `/opt/${spec.pkg}`,
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
