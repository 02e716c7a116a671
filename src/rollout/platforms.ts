/**
 * What the SSM Agent on a managed instance would use to resolve the manifest, derived from what the
 * SSM API says about it (FACTS.md §6). Pure.
 *
 * DescribeInstanceInformation reports PlatformName = os-release NAME ("Red Hat Enterprise Linux"),
 * while the agent resolves with os-release ID mapped to Distributor's keys ("rhel" → "redhat"). The
 * table below maps the first to the second; a name not in it is reported as unknown, never guessed.
 */
import type { Instance } from '../plan/distributor.js';

/** PlatformName (os-release NAME) → the manifest platform key the agent uses. */
export const PLATFORM_NAMES: Readonly<Record<string, string>> = {
  'Amazon Linux': 'amazon',
  'Amazon Linux AMI': 'amazon',
  Ubuntu: 'ubuntu',
  'Debian GNU/Linux': 'debian',
  'Red Hat Enterprise Linux': 'redhat',
  'Red Hat Enterprise Linux Server': 'redhat',
  'CentOS Linux': 'centos',
  'CentOS Stream': 'centos',
  'Oracle Linux Server': 'oracle',
  'Rocky Linux': 'rocky',
  AlmaLinux: 'almalinux',
  SLES: 'suse',
  SLES_SAP: 'suse',
  'SUSE Linux Enterprise Server': 'suse',
  'openSUSE Leap': 'opensuseleap',
  'Fedora Linux': 'fedora',
};

/** Platforms Distributor does not install packages on at all (the agent fails before the manifest). */
export const UNSUPPORTED_NAMES: Readonly<Record<string, string>> = {
  Bottlerocket:
    'Bottlerocket runs the SSM Agent in a control container; Distributor packages are not supported',
  'Flatcar Container Linux by Kinvolk': 'Flatcar is not supported by Distributor',
};

/** EC2 DescribeInstances Architecture → Go's GOARCH as Distributor spells it. */
export const EC2_ARCHES: Readonly<Record<string, string>> = {
  x86_64: 'x86_64',
  arm64: 'arm64',
  i386: '386',
  x86_64_mac: 'x86_64',
  arm64_mac: 'arm64',
};

/** A managed instance as DescribeInstanceInformation (and EC2, for the architecture) describe it. */
export interface FleetInstance {
  instanceId: string;
  /** Linux | Windows | MacOS */
  platformType: string;
  platformName: string;
  platformVersion: string;
  /** EC2Instance | ManagedInstance (hybrid mi- nodes). */
  resourceType: string;
  /** EC2's Architecture ('' when unknown: hybrid nodes, or EC2 did not describe the instance). */
  ec2Architecture: string;
}

/** What the agent would resolve with, or why we cannot tell. */
export type Derived =
  | { ok: true; instance: Instance }
  | { ok: false; reason: string; archless?: { platform: string; version: string } };

/**
 * The agent's platform key, version and architecture for an instance. The version is PlatformVersion,
 * except CentOS, whose PlatformVersion comes from /etc/centos-release (7.9.2009) while the agent reads
 * os-release VERSION_ID (7): the major version is used.
 */
export function deriveInstance(i: FleetInstance): Derived {
  let platform: string | undefined;
  if (i.platformType === 'Windows') platform = 'windows';
  else if (i.platformType === 'MacOS') platform = 'mac_os_x';
  else platform = PLATFORM_NAMES[i.platformName.trim()];
  if (!platform) {
    const unsupported = UNSUPPORTED_NAMES[i.platformName.trim()];
    return {
      ok: false,
      reason:
        unsupported ??
        `unknown platform name "${i.platformName}" (not in the platform-name table: the agent's platform key cannot be predicted)`,
    };
  }
  let version = i.platformVersion.trim();
  if (platform === 'centos') version = version.split('.')[0] ?? version;
  if (!version) return { ok: false, reason: `no platform version reported for ${i.platformName}` };
  const arch = EC2_ARCHES[i.ec2Architecture];
  if (!arch)
    return {
      ok: false,
      archless: { platform, version },
      reason:
        i.resourceType === 'ManagedInstance' || i.instanceId.startsWith('mi-')
          ? 'architecture unknown (hybrid node: SSM does not report it)'
          : i.ec2Architecture
            ? `architecture ${i.ec2Architecture} is not one Distributor matches`
            : 'architecture unknown (EC2 did not describe the instance)',
    };
  return { ok: true, instance: { platform, version, arch } };
}
