/**
 * What the SSM Agent on a managed instance resolves the manifest with, derived from what the SSM API
 * says about it. Pure.
 *
 * Two different readers: SSM's inventory (DescribeInstanceInformation) and the agent's package
 * selection (FACTS.md §3) do not read the same files.
 * - Linux: PlatformName is os-release NAME ("Red Hat Enterprise Linux") and PlatformVersion is
 *   VERSION_ID, except where /etc/centos-release exists: there both come from that file ("CentOS
 *   Linux", "7.9.2009"). The agent resolves with os-release ID, renamed (rhel → redhat, ol → oracle,
 *   amzn → amazon, sles → suse, opensuse-leap → opensuseleap) and VERSION_ID verbatim (CentOS: "7").
 * - Windows: PlatformName is WMI's Caption, PlatformVersion WMI's Version, the same Version the agent
 *   reads; but on Nano Server the agent appends "nano", and the inventory does not say Nano.
 * - macOS: both read sw_vers' product version; the agent's platform is mac_os_x.
 * - Arch: the agent's is its own build's GOARCH (amd64 spelled x86_64). EC2's Architecture says
 *   which build an EC2 instance runs; a hybrid node's is not reported.
 * Where the inventory cannot tell, the result says so and lists what the agent may see, never a guess.
 */
import type { Instance } from '../plan/distributor.js';

/** How a PlatformName's PlatformVersion becomes the version the agent resolves with. */
type VersionRule = 'verbatim' | 'major';

interface NameRule {
  /** The manifest platform key the agent uses (os-release ID, renamed). */
  platform: string;
  version: VersionRule;
}

/**
 * PlatformName (os-release NAME, or /etc/centos-release's name) → the agent's platform key, and how
 * the version is read. CentOS: /etc/centos-release gives 7.9.2009 or 8.5.2111 where VERSION_ID is 7
 * or 8, so the major version is the agent's (CentOS Stream: 9 in both).
 */
export const NAME_RULES: Readonly<Record<string, NameRule>> = {
  'Amazon Linux': { platform: 'amazon', version: 'verbatim' },
  'Amazon Linux AMI': { platform: 'amazon', version: 'verbatim' },
  Ubuntu: { platform: 'ubuntu', version: 'verbatim' },
  'Debian GNU/Linux': { platform: 'debian', version: 'verbatim' },
  'Red Hat Enterprise Linux': { platform: 'redhat', version: 'verbatim' },
  'Red Hat Enterprise Linux Server': { platform: 'redhat', version: 'verbatim' },
  'CentOS Linux': { platform: 'centos', version: 'major' },
  'CentOS Stream': { platform: 'centos', version: 'major' },
  'Oracle Linux Server': { platform: 'oracle', version: 'verbatim' },
  'Rocky Linux': { platform: 'rocky', version: 'verbatim' },
  AlmaLinux: { platform: 'almalinux', version: 'verbatim' },
  SLES: { platform: 'suse', version: 'verbatim' },
  'openSUSE Leap': { platform: 'opensuseleap', version: 'verbatim' },
  'Fedora Linux': { platform: 'fedora', version: 'verbatim' },
  Fedora: { platform: 'fedora', version: 'verbatim' },
};

/** PlatformName → the platform key (kept for readers of the plain table). */
export const PLATFORM_NAMES: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(NAME_RULES).map(([name, r]) => [name, r.platform]),
);

/** Platforms the agent refuses before it reads the manifest (FACTS §3). */
export const UNSUPPORTED_NAMES: Readonly<Record<string, string>> = {
  Bottlerocket:
    'Bottlerocket runs the SSM Agent in a control container; Distributor packages are not supported',
  'Flatcar Container Linux by Kinvolk': 'Flatcar is not supported by Distributor',
};

/** Names the inventory shows for more than one os-release ID: the agent's platform cannot be told. */
export const AMBIGUOUS_NAMES: Readonly<Record<string, string>> = {
  SLES_SAP:
    "SLES for SAP: the agent's platform depends on the os-release ID, which SSM does not report (sles is suse; any other ID is a platform the agent does not know, and it refuses the install)",
};

/** EC2 DescribeInstances Architecture → the GOARCH of the agent build that runs there. */
export const EC2_ARCHES: Readonly<Record<string, string>> = {
  x86_64: 'x86_64',
  arm64: 'arm64',
  i386: '386',
  x86_64_mac: 'x86_64',
  arm64_mac: 'arm64',
};

/** The agent builds each platform type has (amazon-ssm-agent's build targets): a hybrid may run any. */
export const AGENT_ARCHES: Readonly<Record<string, readonly string[]>> = {
  Linux: ['x86_64', 'arm64', '386', 'arm'],
  Windows: ['x86_64', '386'],
  MacOS: ['x86_64', 'arm64'],
};

/** The Windows build whose Server release could be installed as Nano Server (2016, 10.0.14393). */
export const NANO_BUILD = '10.0.14393';

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
  /** A hybrid node's Architecture as SSM reports it (DescribeInstanceProperties; '' when unknown). */
  ssmArchitecture?: string;
}

/**
 * A hybrid node's architecture as SSM reports it, in the agent's terms. SSM documents `x86_64` as an
 * example only; the spellings of the same machine that operating systems use are taken too. Another
 * value is left unknown (every architecture the agent builds for that platform is tried).
 */
export const SSM_ARCHES: Readonly<Record<string, string>> = {
  x86_64: 'x86_64',
  amd64: 'x86_64',
  arm64: 'arm64',
  aarch64: 'arm64',
  i386: '386',
  i686: '386',
  '386': '386',
  arm: 'arm',
  armv7l: 'arm',
};

/**
 * What the agent resolves with; or, when SSM cannot tell, why, and (when known) every tuple the agent
 * may resolve with: the prediction holds only when they all give the same answer.
 */
export type Derived =
  | { ok: true; instance: Instance }
  | {
      ok: false;
      reason: string;
      candidates?: Instance[];
      /** Set when only the architecture is unknown. */
      archless?: { platform: string; version: string };
    };

/** What SSM writes when the agent could not read a value. */
const NOT_AVAILABLE = 'NotAvailable';

/** The agent's platform key and version, or why they cannot be told; the versions it may have. */
function platformOf(
  i: FleetInstance,
): { platform: string; versions: string[]; why?: string } | { reason: string } {
  const name = i.platformName.trim();
  const reported = i.platformVersion.trim();
  const noVersion = !reported || reported === NOT_AVAILABLE;
  if (i.platformType === 'Windows') {
    if (noVersion)
      return {
        reason:
          'no platform version reported (WMI failed for SSM; the agent then resolves with version "" if it fails for it too)',
      };
    if (reported === NANO_BUILD)
      return {
        platform: 'windows',
        versions: [reported, `${reported}nano`],
        why: `Windows Server 2016 may be Nano Server, which SSM's inventory does not tell apart (there the agent resolves with ${reported}nano)`,
      };
    return { platform: 'windows', versions: [reported] };
  }
  if (i.platformType === 'MacOS') {
    if (noVersion) return { reason: 'no macOS version reported' };
    return { platform: 'mac_os_x', versions: [reported] };
  }
  const unsupported = UNSUPPORTED_NAMES[name];
  if (unsupported) return { reason: unsupported };
  const ambiguous = AMBIGUOUS_NAMES[name];
  if (ambiguous) return { reason: `PlatformName "${name}": ${ambiguous}` };
  const rule = NAME_RULES[name];
  if (!rule)
    return {
      reason: `unknown platform name "${i.platformName}" (not in the platform-name table: the agent's platform key cannot be predicted)`,
    };
  if (noVersion)
    return {
      reason: `no platform version reported for ${name} (the agent's os-release VERSION_ID cannot be told)`,
    };
  const version = rule.version === 'major' ? reported.split('.')[0]! : reported;
  return { platform: rule.platform, versions: [version] };
}

/** The agent's platform key, version and architecture for an instance, or why SSM cannot tell. */
export function deriveInstance(i: FleetInstance): Derived {
  const p = platformOf(i);
  if ('reason' in p) return { ok: false, reason: p.reason };
  const { platform, versions } = p;
  const hybrid = i.resourceType === 'ManagedInstance' || i.instanceId.startsWith('mi-');
  const reported = hybrid ? (i.ssmArchitecture ?? '').toLowerCase() : '';
  const ec2 = hybrid ? SSM_ARCHES[reported] : EC2_ARCHES[i.ec2Architecture];
  const arches = ec2 ? [ec2] : !hybrid && i.ec2Architecture ? [] : [...(AGENT_ARCHES[i.platformType] ?? [])];
  const archWhy = ec2
    ? undefined
    : hybrid
      ? reported
        ? `architecture ${i.ssmArchitecture} as SSM reports it for this hybrid node is not one the agent names`
        : 'architecture unknown (hybrid node: SSM did not report it)'
      : i.ec2Architecture
        ? `architecture ${i.ec2Architecture} is not one Distributor matches`
        : 'architecture unknown (EC2 did not describe the instance)';
  if (!arches.length) return { ok: false, reason: archWhy! };
  const candidates = versions.flatMap((version) => arches.map((arch) => ({ platform, version, arch })));
  if (candidates.length === 1) return { ok: true, instance: candidates[0]! };
  const reason = [p.why, archWhy].filter(Boolean).join('; ');
  return {
    ok: false,
    reason,
    candidates,
    ...(versions.length === 1 ? { archless: { platform, version: versions[0]! } } : {}),
  };
}
