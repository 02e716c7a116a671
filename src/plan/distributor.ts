/**
 * Distributor's rules, as the SSM Agent and the SSM API apply them (FACTS.md §3). Pure functions only.
 */

import { agentResolver, type AgentDecision, type LevelTrace } from './agent-resolver.js';

/** Architectures Distributor matches (Go's GOARCH, amd64 spelled x86_64; `arm` is 32-bit ARM), plus the wildcard. */
export const ARCHES = ['x86_64', 'arm64', '386', 'arm', '_any'] as const;
export type Arch = (typeof ARCHES)[number];

/** Names people write for an architecture that Distributor never matches, and the key to use. */
export const ARCH_HINTS: Record<string, Arch> = {
  i386: '386',
  i686: '386',
  x86: '386',
  amd64: 'x86_64',
  x64: 'x86_64',
  'x86-64': 'x86_64',
  aarch64: 'arm64',
  armv7l: 'arm',
  armhf: 'arm',
  graviton: 'arm64',
};

/** Installer types, by the Uptycs API's `os` value (`upt_package` in the mapping). */
export const UPT_PACKAGES = { centos: 'rpm', debian: 'deb', windows: 'msi' } as const;
export type UptPackage = keyof typeof UPT_PACKAGES;
export type InstallerType = (typeof UPT_PACKAGES)[UptPackage];

/** Platform keys the SSM Agent produces, with the installer type each platform can run. */
export const PLATFORMS: Record<string, InstallerType | 'any'> = {
  amazon: 'rpm',
  redhat: 'rpm',
  centos: 'rpm',
  oracle: 'rpm',
  rocky: 'rpm',
  almalinux: 'rpm',
  suse: 'rpm',
  opensuseleap: 'rpm',
  opensuse: 'rpm',
  fedora: 'rpm',
  ubuntu: 'deb',
  debian: 'deb',
  windows: 'msi',
  _any: 'any',
};

/** os-release IDs and other spellings that never match, with the key the SSM Agent uses instead. */
export const PLATFORM_HINTS: Record<string, string> = {
  rhel: 'redhat',
  'red hat': 'redhat',
  ol: 'oracle',
  oraclelinux: 'oracle',
  amzn: 'amazon',
  amzn2: 'amazon',
  amazonlinux: 'amazon',
  al2023: 'amazon',
  sles: 'suse',
  sled: 'suse',
  'opensuse-leap': 'opensuseleap',
  alma: 'almalinux',
  rockylinux: 'rocky',
  win: 'windows',
  windows_server: 'windows',
  macos: 'mac_os_x',
  osx: 'mac_os_x',
  darwin: 'mac_os_x',
};

/** Limits of a Distributor package version (FACTS.md §3). */
export const LIMITS = {
  filesPerVersion: 20,
  bytesPerFile: 1024 ** 3,
  manifestBytes: 64 * 1024,
  versionsPerPackage: 25,
} as const;

/** A manifest version key: "_any", "*", or dotted digits optionally ending in ".*" ("2", "20.04", "8.*"). */
export function versionKeyProblem(key: string): string | undefined {
  if (key === '_any' || key === '*') return undefined;
  if (/^[0-9]+(\.[0-9]+)*(\.\*)?$/.test(key)) return undefined;
  if (/^[0-9]+(\.[0-9]+)*(\.\*)?nano$/.test(key))
    return `version "${key}" matches only Nano Server, which cannot run the .msi installer (Nano Server has no Windows Installer); Nano Server instances resolve with "_any" when no key ends in nano`;
  return `version "${key}" never matches: use "_any", a version such as "2023" or "20.04", or a prefix such as "8.*"`;
}

export type ManifestPackages = Record<string, Record<string, Record<string, { file: string }>>>;

/** An instance as the SSM Agent describes it. */
export interface Instance {
  platform: string;
  version: string;
  arch: string;
}

export type Resolution =
  | {
      ok: true;
      platformKey: string;
      versionKey: string;
      archKey: string;
      file: string;
      /** How the agent decided, level by level (agent-resolver.ts). */
      trace: LevelTrace[];
    }
  | {
      ok: false;
      /** The agent's own error text, then what the trace shows at the level that failed. */
      reason: string;
      /** The agent's own error text, verbatim. */
      error: string;
      failedAt: FailedAt;
      trace: LevelTrace[];
    };

export type FailedAt = 'platform' | 'version' | 'arch' | 'file';

/**
 * The SSM Agent's lookup, from the one resolver that implements its rules (agent-resolver.ts).
 * `files` is the manifest's `files` map; without it, the file check is left out (every file the
 * packages name counts as present). Every field is read from the resolver's decision and trace.
 */
export function resolve(
  packages: ManifestPackages,
  inst: Instance,
  files?: Record<string, unknown>,
): Resolution {
  return resolver(packages, files)(inst);
}

/**
 * resolve for many instances of one manifest: the files and each platform's keys are looked at once
 * (agentResolver), not once per instance. The manifest must not change while it is in use.
 */
export function resolver(
  packages: ManifestPackages,
  files?: Record<string, unknown>,
): (inst: Instance) => Resolution {
  const present =
    files ??
    Object.fromEntries(
      Object.values(packages).flatMap((vs) =>
        Object.values(vs).flatMap((as) => Object.values(as).map((a) => [a.file, {}])),
      ),
    );
  const decide = agentResolver({ packages, files: present });
  return (inst) => resolution(decide(inst));
}

function resolution(d: AgentDecision): Resolution {
  if (!d.ok)
    return {
      ok: false,
      reason: `${d.error} (${explainFailure(d.trace, d.failedAt)})`,
      error: d.error,
      failedAt: d.failedAt,
      trace: d.trace,
    };
  const [p, v, a] = d.trace;
  return {
    ok: true,
    platformKey: p!.matched!,
    versionKey: v!.matched!,
    archKey: a!.matched!,
    file: d.file,
    trace: d.trace,
  };
}

/** One line from the trace: which level failed and which keys it had (never recomputed). */
export function explainFailure(trace: LevelTrace[], failedAt: FailedAt): string {
  if (failedAt === 'file') return "the chosen file is not listed in the manifest's files";
  const t = trace.find((l) => l.level === failedAt)!;
  const above = trace.filter((l) => l.matched !== undefined).map((l) => l.matched);
  const where = above.length ? `under ${above.join(' / ')}` : 'at the top level';
  return `no ${failedAt} key matches ${JSON.stringify(t.wanted)} ${where} (has ${t.keys.join(', ') || 'none'}); the agent does not fall back to a higher level's _any`;
}

/** The keys matched, level by level, from the trace: "redhat / 9.* / x86_64". */
export function matchedPath(trace: readonly LevelTrace[]): string {
  return trace
    .filter((l) => l.matched !== undefined)
    .map((l) => l.matched)
    .join(' / ');
}

/** Instances commonly found in EC2 fleets; the preview shows what each would install. */
export const COMMON_INSTANCES: Instance[] = [
  ...['2', '2023'].flatMap((v) =>
    ['x86_64', 'arm64'].map((arch) => ({ platform: 'amazon', version: v, arch })),
  ),
  ...['20.04', '22.04', '24.04'].flatMap((v) =>
    ['x86_64', 'arm64'].map((arch) => ({ platform: 'ubuntu', version: v, arch })),
  ),
  ...['11', '12'].map((v) => ({ platform: 'debian', version: v, arch: 'x86_64' })),
  ...['8.9', '9.4'].flatMap((v) =>
    ['x86_64', 'arm64'].map((arch) => ({ platform: 'redhat', version: v, arch })),
  ),
  // CentOS's VERSION_ID is the major version alone (7), whatever /etc/centos-release says.
  { platform: 'centos', version: '7', arch: 'x86_64' },
  { platform: 'oracle', version: '8.9', arch: 'x86_64' },
  { platform: 'rocky', version: '9.4', arch: 'x86_64' },
  { platform: 'almalinux', version: '9.4', arch: 'arm64' },
  { platform: 'suse', version: '15.5', arch: 'x86_64' },
  { platform: 'suse', version: '15.5', arch: 'arm64' },
  { platform: 'windows', version: '10.0.20348', arch: 'x86_64' },
  { platform: 'windows', version: '10.0.17763', arch: 'x86_64' },
  { platform: 'windows', version: '10.0.14393', arch: 'x86_64' },
  { platform: 'windows', version: '10.0.26100', arch: 'x86_64' },
  { platform: 'mac_os_x', version: '14.5', arch: 'arm64' },
];
