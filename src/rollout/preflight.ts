/**
 * Fleet preflight: what each targeted instance would install from the manifest, by the same rule the
 * manifest preview uses (previewResolution, the SSM Agent's lookup), grouped by platform, version and
 * architecture. Pure.
 */
import { previewResolution } from '../package/manifest.js';
import type { Manifest } from '../package/types.js';
import type { Instance } from '../plan/distributor.js';
import { deriveInstance, type FleetInstance } from './platforms.js';

export type Outcome = 'install' | 'no-manifest' | 'unknown';

export interface PreflightGroup {
  outcome: Outcome;
  /** The agent's platform key ('' when unknown), version and arch ('' when unknown). */
  platform: string;
  version: string;
  arch: string;
  /** PlatformName as SSM reports it. */
  platformName: string;
  /** The zip the group installs (outcome install). */
  file?: string;
  /** The manifest keys that matched (outcome install): amazon / 2023 / x86_64. */
  via?: string;
  /** Why it fails or cannot be predicted. */
  reason?: string;
  count: number;
  /** A few instance IDs of the group. */
  sample: string[];
}

export interface Preflight {
  total: number;
  counts: Record<Outcome, number>;
  /** Instances per zip. */
  byFile: Record<string, number>;
  groups: PreflightGroup[];
}

/** Instance IDs shown per group. */
export const SAMPLE_SIZE = 3;

/** The SSM Agent's own error text when the manifest has nothing for an instance. */
export function noManifestText(i: Instance): string {
  return `no manifest found for platform: ${i.platform}, version ${i.version}, architecture ${i.arch}`;
}

type Verdict = Pick<PreflightGroup, 'outcome' | 'file' | 'via' | 'reason'>;

export function preflight(manifest: Manifest, fleet: readonly FleetInstance[]): Preflight {
  // Resolve each distinct platform/version/arch once (10,000 instances are a few dozen kinds).
  const derived = fleet.map((f) => ({ f, d: deriveInstance(f) }));
  const kinds = new Map<string, Instance>();
  const keyOf = (i: Instance) => `${i.platform}\0${i.version}\0${i.arch}`;
  for (const { d } of derived) {
    if (d.ok) kinds.set(keyOf(d.instance), d.instance);
    else if (d.archless)
      for (const arch of ['x86_64', 'arm64']) {
        const i = { ...d.archless, arch };
        kinds.set(keyOf(i), i);
      }
  }
  const verdicts = new Map<string, Verdict>();
  for (const { instance, result } of previewResolution(manifest, [...kinds.values()]))
    verdicts.set(
      keyOf(instance),
      result.ok
        ? {
            outcome: 'install',
            file: result.file,
            via: `${result.platformKey} / ${result.versionKey} / ${result.archKey}`,
          }
        : { outcome: 'no-manifest', reason: `${noManifestText(instance)} (${result.reason})` },
    );

  const groups = new Map<string, PreflightGroup>();
  const counts: Record<Outcome, number> = { install: 0, 'no-manifest': 0, unknown: 0 };
  const byFile: Record<string, number> = {};
  for (const { f, d } of derived) {
    let verdict: Verdict;
    let platform = '';
    let version = '';
    let arch = '';
    if (d.ok) {
      ({ platform, version, arch } = d.instance);
      verdict = verdicts.get(keyOf(d.instance))!;
    } else if (d.archless) {
      // Architecture unknown: predictable only when every architecture gives the same answer.
      ({ platform, version } = d.archless);
      const each = ['x86_64', 'arm64'].map((a) => verdicts.get(keyOf({ platform, version, arch: a }))!);
      const same = each.every((v) => v.outcome === each[0]!.outcome && v.file === each[0]!.file);
      verdict =
        same && each[0]!.outcome === 'install'
          ? { ...each[0]!, via: `${each[0]!.via} (on any architecture)` }
          : same
            ? {
                outcome: 'no-manifest',
                reason: `no manifest entry for ${platform} ${version} on any architecture`,
              }
            : { outcome: 'unknown', reason: d.reason };
    } else verdict = { outcome: 'unknown', reason: d.reason };
    counts[verdict.outcome]++;
    if (verdict.file) byFile[verdict.file] = (byFile[verdict.file] ?? 0) + 1;
    const key = [
      verdict.outcome,
      platform,
      version,
      arch,
      f.platformName,
      verdict.file ?? '',
      verdict.reason ?? '',
    ].join('\0');
    let g = groups.get(key);
    if (!g) {
      g = {
        outcome: verdict.outcome,
        platform,
        version,
        arch,
        platformName: f.platformName,
        ...(verdict.file ? { file: verdict.file } : {}),
        ...(verdict.via ? { via: verdict.via } : {}),
        ...(verdict.reason ? { reason: verdict.reason } : {}),
        count: 0,
        sample: [],
      };
      groups.set(key, g);
    }
    g.count++;
    if (g.sample.length < SAMPLE_SIZE) g.sample.push(f.instanceId);
  }
  const order: Record<Outcome, number> = { 'no-manifest': 0, unknown: 1, install: 2 };
  const sorted = [...groups.values()].sort(
    (a, b) =>
      order[a.outcome] - order[b.outcome] ||
      b.count - a.count ||
      `${a.platform} ${a.version} ${a.arch}`.localeCompare(`${b.platform} ${b.version} ${b.arch}`),
  );
  return { total: fleet.length, counts, byFile, groups: sorted };
}
