/**
 * Names people know: "Windows Server 2022" rather than windows 10.0.20348, "RHEL 9.4" rather than
 * redhat 9.4, and installer kinds as operators say them ("the aarch64 rpm"). Pure.
 */
import type { Instance, InstallerType } from '../plan/distributor.js';

const PLATFORM_NAMES: Record<string, string> = {
  amazon: 'Amazon Linux',
  redhat: 'RHEL',
  centos: 'CentOS',
  oracle: 'Oracle Linux',
  rocky: 'Rocky Linux',
  almalinux: 'AlmaLinux',
  suse: 'SLES',
  opensuseleap: 'openSUSE Leap',
  opensuse: 'openSUSE',
  fedora: 'Fedora',
  ubuntu: 'Ubuntu',
  debian: 'Debian',
  windows: 'Windows',
  mac_os_x: 'macOS',
  _any: 'any other platform',
};

/** Windows build numbers (PlatformVersion) of the Server releases. */
const WINDOWS_SERVER: Record<string, string> = {
  '10.0.14393': '2016',
  '10.0.17763': '2019',
  '10.0.20348': '2022',
  '10.0.26100': '2025',
};

export function platformName(platform: string): string {
  return PLATFORM_NAMES[platform] ?? platform;
}

/** "Windows Server 2022", "RHEL 9.4", "Amazon Linux 2023", "SLES 15.5". */
export function instanceName(i: Pick<Instance, 'platform' | 'version'>): string {
  if (i.platform === 'windows') {
    const server = WINDOWS_SERVER[i.version];
    return server ? `Windows Server ${server}` : `Windows ${i.version}`;
  }
  return `${platformName(i.platform)} ${i.version}`;
}

/** Platforms no Uptycs installer type runs on: a miss there is expected, not a surprise. */
export const EXPECTED_GAPS: Record<string, string> = {
  mac_os_x:
    'Uptycs offers rpm, deb and msi installers through its API, none for macOS; install macOS agents another way',
};

/** How operators name an installer: "x86_64 rpm", "aarch64 rpm", "amd64 deb", "arm64 deb", "MSI". */
export function installerKind(type: InstallerType, arm: boolean): string {
  if (type === 'rpm') return arm ? 'aarch64 rpm' : 'x86_64 rpm';
  if (type === 'deb') return arm ? 'arm64 deb' : 'amd64 deb';
  return 'MSI';
}

/** The kind of an installer file: its type, arm64 when its name says so or every target is arm64. */
export function kindOfInstaller(name: string, type: InstallerType | undefined, arches: string[]): string {
  const t: InstallerType = type ?? (name.endsWith('.deb') ? 'deb' : name.endsWith('.msi') ? 'msi' : 'rpm');
  const arm = /(aarch64|arm64)/i.test(name) || (arches.length > 0 && arches.every((a) => a === 'arm64'));
  return installerKind(t, arm);
}
