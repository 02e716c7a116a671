/**
 * Manifest keys the SSM Agent can never choose. A key is reachable when some instance the agent could
 * be on resolves to it; that is asked of the one resolver (agent-resolver.ts) with witness instances:
 * for each key, the versions that would reach it if anything does (its own text for an exact key; for
 * `X.*`, X followed by components that no other key names, at every length the platform's versions
 * have). When no witness resolves to the key, the resolver's trace says what they chose instead.
 * Pure.
 */
import { agentResolver, type AgentDecision, type AgentManifest, type LevelTrace } from './agent-resolver.js';
import type { ManifestPackages } from './distributor.js';

/**
 * How many dot-components a platform's version has, as the agent reads it (os-release VERSION_ID; on
 * Windows the WMI Version). amazon: 2, 2023, 2018.03; RHEL and its rebuilds: 9.4, 8.10; CentOS: 7,
 * 9; SLES: 15, 15.5; Ubuntu: 22.04; Debian: 12; Fedora: 40; Windows: 10.0.20348. Platforms not listed
 * may have any of 1 to 3.
 */
export const VERSION_COMPONENTS: Readonly<Record<string, readonly number[]>> = {
  amazon: [1, 2],
  redhat: [2],
  oracle: [2],
  rocky: [2],
  almalinux: [2],
  centos: [1],
  suse: [1, 2],
  opensuseleap: [2],
  fedora: [1],
  ubuntu: [2],
  debian: [1],
  windows: [3],
};

/** The words for VERSION_COMPONENTS, for a warning. */
const VERSION_EXAMPLES: Readonly<Record<string, string>> = {
  amazon: 'Amazon Linux reports 2, 2023 (or 2018.03)',
  redhat: 'RHEL reports major.minor (7.9, 8.10, 9.4)',
  oracle: 'Oracle Linux reports major.minor (8.9)',
  rocky: 'Rocky Linux reports major.minor (9.4)',
  almalinux: 'AlmaLinux reports major.minor (9.4)',
  centos: 'CentOS reports the major version alone (7, 9)',
  suse: 'SLES reports 15 or 15.5',
  opensuseleap: 'openSUSE Leap reports 15.5',
  fedora: 'Fedora reports 40',
  ubuntu: 'Ubuntu reports YY.MM (22.04)',
  debian: 'Debian reports the major version alone (12)',
  windows: 'Windows reports its build as 10.0.NNNNN',
};

/** Platforms the agent installs packages on (it refuses any other before reading the manifest). */
export const AGENT_PLATFORMS = [
  ...Object.keys(VERSION_COMPONENTS),
  'opensuse',
  'raspbian',
  'alpine',
  'gentoo',
  'arch',
  'mac_os_x',
];

/** The agent builds for each platform (GOARCH as the agent spells it). */
function archesOf(platform: string): string[] {
  if (platform === 'windows') return ['x86_64', '386'];
  if (platform === 'mac_os_x') return ['x86_64', 'arm64'];
  return ['x86_64', 'arm64', '386', 'arm'];
}

export interface UnreachableKey {
  platform: string;
  versionKey: string;
  arch: string;
  /** Why, in words: what its instances choose instead, or that no instance has such a version. */
  why: string;
}

/** A version component no key names (so that no more specific key matches the witness). */
function fresh(packages: ManifestPackages): string {
  const used = new Set(Object.values(packages).flatMap((vs) => Object.keys(vs).flatMap((k) => k.split('.'))));
  let n = 98765;
  while (used.has(String(n))) n++;
  return String(n);
}

/** The versions that reach `key` if any does. */
function witnessVersions(key: string, lengths: readonly number[], filler: string): string[] {
  const nano = key.endsWith('nano');
  const bare = nano ? key.slice(0, -4) : key;
  const tail = nano ? 'nano' : '';
  if (bare === '_any' || bare === '*')
    return lengths.map((n) => Array.from({ length: n }, () => filler).join('.') + tail);
  if (!bare.endsWith('.*')) return [key];
  const prefix = bare.slice(0, -2).split('.');
  return lengths
    .filter((n) => n >= prefix.length)
    .map((n) => [...prefix, ...Array.from({ length: n - prefix.length }, () => filler)].join('.') + tail);
}

/** Could a version of this length and form be the agent's on this platform? */
function possible(platform: string, version: string): boolean {
  const lengths = VERSION_COMPONENTS[platform];
  const nano = version.endsWith('nano');
  if (nano && platform !== 'windows' && platform !== '_any') return false;
  const parts = (nano ? version.slice(0, -4) : version).split('.');
  if (!parts.every((p) => /^[0-9]+$/.test(p))) return false;
  return !lengths || lengths.includes(parts.length);
}

const path = (t: readonly LevelTrace[]) => t.map((l) => l.matched ?? '∅').join(' / ');

/** Every key of the manifest's packages that no instance resolves to, with why. */
export function unreachableKeys(packages: ManifestPackages): UnreachableKey[] {
  const filler = fresh(packages);
  const files = Object.fromEntries(
    Object.values(packages).flatMap((vs) =>
      Object.values(vs).flatMap((as) => Object.values(as).map((a) => [a.file, {}])),
    ),
  );
  const manifest: AgentManifest = { packages, files };
  // One resolver for every witness: each platform's keys are indexed once (linear, not keys × witnesses).
  const resolveAsAgent = agentResolver(manifest);
  const out: UnreachableKey[] = [];
  const unclaimed = AGENT_PLATFORMS.filter((p) => !Object.hasOwn(packages, p));
  for (const [platform, versions] of Object.entries(packages)) {
    const platforms = platform === '_any' ? unclaimed : [platform];
    for (const [versionKey, arches] of Object.entries(versions))
      for (const arch of Object.keys(arches)) {
        const witnesses = platforms.flatMap((p) =>
          witnessVersions(versionKey, VERSION_COMPONENTS[p] ?? [1, 2, 3], filler)
            .filter((v) => possible(p, v))
            .flatMap((v) =>
              (arch === '_any' ? archesOf(p) : [arch]).map((a) => ({ platform: p, version: v, arch: a })),
            ),
        );
        const decisions = witnesses.map((w) => resolveAsAgent(w));
        const reaches = decisions.some((d) => {
          const [pt, vt, at] = d.trace;
          return pt?.matched === platform && vt?.matched === versionKey && at?.matched === arch;
        });
        if (reaches) continue;
        out.push({
          platform,
          versionKey,
          arch,
          why: whyNot(platform, versionKey, arch, platforms, decisions),
        });
      }
  }
  return out;
}

const RULE_WORDS: Record<string, string> = {
  'version:exact': 'an exact version key comes before any wildcard',
  'version:wildcard': 'the wildcard with the most components wins',
  'version:_any': '_any comes before *',
  'arch:exact': 'an exact architecture key comes before _any',
};

function whyNot(
  platform: string,
  versionKey: string,
  arch: string,
  platforms: string[],
  decisions: AgentDecision[],
): string {
  if (!platforms.length)
    return 'every platform the agent installs on has a key of its own, and the agent does not fall back to _any once a platform matched';
  if (!decisions.length)
    return `no instance has such a version: ${VERSION_EXAMPLES[platform] ?? 'the agent never reports it'}${versionKey.includes('*') ? '' : ', and a key without ".*" matches only the same text'}`;
  const instead = [...new Set(decisions.map((d) => path(d.trace)))];
  const rules = new Set(
    decisions.flatMap((d) => {
      const own = { version: versionKey, arch } as Record<string, string>;
      const l = d.trace.find((t) => t.level !== 'platform' && t.matched !== own[t.level]);
      const words = l && RULE_WORDS[`${l.level}:${l.rule}`];
      return words ? [words] : [];
    }),
  );
  return `every instance it would match chooses ${instead.join(', ')} instead${rules.size ? ` (${[...rules].join('; ')})` : ''}`;
}
