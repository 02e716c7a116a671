/**
 * Distributor's rules, as the SSM Agent and the SSM API apply them (FACTS.md §3). Pure functions only.
 */

/** Architectures Distributor matches (Go's GOARCH, amd64 spelled x86_64), plus the wildcard. */
export const ARCHES = ['x86_64', 'arm64', '386', '_any'] as const;
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
  arm: 'arm64',
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
  macos: 'darwin',
  osx: 'darwin',
};

const NAME_RE = /^[a-zA-Z0-9_\-.]{3,128}$/;
const VERSION_NAME_RE = /^[a-zA-Z0-9_\-.]{1,128}$/;

/** Limits of a Distributor package version (FACTS.md §3). */
export const LIMITS = {
  filesPerVersion: 20,
  bytesPerFile: 1024 ** 3,
  manifestBytes: 64 * 1024,
  versionsPerPackage: 25,
} as const;

/** Why a package name is not allowed, or undefined when it is. */
export function packageNameProblem(name: string): string | undefined {
  if (!NAME_RE.test(name))
    return `"${name}" must be 3 to 128 characters of letters, digits, "_", "-" and "."`;
  if (/^(aws|amazon|amzn)/i.test(name))
    return `"${name}" starts with a prefix AWS reserves (aws, amazon, amzn); choose another name such as "UptycsAgent"`;
  return undefined;
}

/** Why a package version name is not allowed, or undefined when it is. */
export function versionNameProblem(version: string): string | undefined {
  if (!VERSION_NAME_RE.test(version))
    return `"${version}" must be 1 to 128 characters of letters, digits, "_", "-" and "." (for example 5.7.0.25)`;
  return undefined;
}

/** A manifest version key: "_any", "*", or dotted digits optionally ending in ".*" ("2", "20.04", "8.*"). */
export function versionKeyProblem(key: string): string | undefined {
  if (key === '_any' || key === '*') return undefined;
  if (/^[0-9]+(\.[0-9]+)*(\.\*)?$/.test(key)) return undefined;
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
  | { ok: true; platformKey: string; versionKey: string; archKey: string; file: string }
  | { ok: false; reason: string };

/**
 * The SSM Agent's lookup: platform exact else `_any`; version exact, else the longest `X.*` prefix,
 * else `_any`, else `*`; arch exact else `_any`. No backtracking: once a level matched, a miss below fails.
 */
export function resolve(packages: ManifestPackages, inst: Instance): Resolution {
  const platformKey = inst.platform in packages ? inst.platform : '_any' in packages ? '_any' : undefined;
  if (!platformKey) return { ok: false, reason: `no manifest entry for platform ${inst.platform}` };
  const versions = packages[platformKey]!;
  const candidates = [inst.version];
  const parts = inst.version.split('.');
  for (let k = parts.length - 1; k >= 1; k--) candidates.push(`${parts.slice(0, k).join('.')}.*`);
  candidates.push('_any', '*');
  const versionKey = candidates.find((c) => c in versions);
  if (!versionKey)
    return {
      ok: false,
      reason: `platform ${platformKey} has no version matching ${inst.version} (has ${Object.keys(versions).join(', ')})`,
    };
  const arches = versions[versionKey]!;
  const archKey = inst.arch in arches ? inst.arch : '_any' in arches ? '_any' : undefined;
  if (!archKey)
    return {
      ok: false,
      reason: `${platformKey} ${versionKey} has no arch ${inst.arch} (has ${Object.keys(arches).join(', ')})`,
    };
  return { ok: true, platformKey, versionKey, archKey, file: arches[archKey]!.file };
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
  { platform: 'centos', version: '7.9', arch: 'x86_64' },
  { platform: 'oracle', version: '8.9', arch: 'x86_64' },
  { platform: 'rocky', version: '9.4', arch: 'x86_64' },
  { platform: 'almalinux', version: '9.4', arch: 'arm64' },
  { platform: 'suse', version: '15.5', arch: 'x86_64' },
  { platform: 'suse', version: '15.5', arch: 'arm64' },
  { platform: 'windows', version: '10.0.20348', arch: 'x86_64' },
  { platform: 'windows', version: '10.0.17763', arch: 'x86_64' },
  { platform: 'darwin', version: '14.5', arch: 'arm64' },
];
