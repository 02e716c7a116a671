/**
 * Fleet preflight: what each targeted instance would install from the manifest, grouped by platform,
 * version and architecture. Every verdict is the one resolver's decision (plan/agent-resolver.ts,
 * through previewResolution, as the manifest preview); where SSM cannot tell what the agent sees
 * (platforms.ts), the verdict holds only when every tuple the agent may have gives the same answer,
 * else it is "cannot be predicted" with the reason. Pure.
 */
import { previewResolution } from '../package/manifest.js';
import type { Manifest } from '../package/types.js';
import { matchedPath, type Instance, type Resolution } from '../plan/distributor.js';
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

/** The SSM Agent's own error text when the manifest has nothing for an instance (without its prefix). */
export function noManifestText(i: Instance): string {
  return `no manifest found for platform: ${i.platform}, version ${i.version}, architecture ${i.arch}`;
}

type Verdict = Pick<PreflightGroup, 'outcome' | 'file' | 'via' | 'reason'>;

const keyOf = (i: Instance) => `${i.platform}\0${i.version}\0${i.arch}`;

/** The resolver's decision as a verdict: the file and the keys matched, or the agent's error and why. */
function verdictOf(r: Resolution): Verdict {
  if (r.ok) return { outcome: 'install', file: r.file, via: matchedPath(r.trace) };
  return { outcome: 'no-manifest', reason: r.reason.replace(/^failed to find platform: /, '') };
}

/**
 * Several tuples the agent may resolve with (arch unknown, maybe Nano Server): predicted only when
 * every one gives the same file, or every one fails; otherwise "cannot be predicted", saying what
 * each would do.
 */
function commonVerdict(candidates: Instance[], verdicts: Map<string, Verdict>, why: string): Verdict {
  const each = candidates.map((c) => ({ c, v: verdicts.get(keyOf(c))! }));
  const first = each[0]!.v;
  const same = each.every(({ v }) => v.outcome === first.outcome && v.file === first.file);
  const tuples = (l: typeof each) => l.map(({ c }) => `${c.version} ${c.arch}`).join(', ');
  if (same && first.outcome === 'install')
    return {
      ...first,
      via: [...new Set(each.map(({ v }) => v.via))].join(' or ') + ` (any of ${tuples(each)})`,
    };
  if (same)
    return {
      outcome: 'no-manifest',
      reason: `fails whichever it is (${why}): ${each.map(({ v }) => v.reason).join('; ')}`,
    };
  const outcomes = each.map(
    ({ c, v }) => `${c.version} ${c.arch} ${v.file ? `installs ${v.file}` : 'fails'}`,
  );
  return {
    outcome: 'unknown',
    reason: `${why}, and the outcome depends on it (${outcomes.join('; ')})`,
  };
}

export function preflight(manifest: Manifest, fleet: readonly FleetInstance[]): Preflight {
  // Resolve each distinct platform/version/arch once (10,000 instances are a few dozen kinds).
  const derived = fleet.map((f) => ({ f, d: deriveInstance(f) }));
  const kinds = new Map<string, Instance>();
  for (const { d } of derived) {
    if (d.ok) kinds.set(keyOf(d.instance), d.instance);
    else for (const c of d.candidates ?? []) kinds.set(keyOf(c), c);
  }
  const verdicts = new Map<string, Verdict>();
  for (const { instance, result } of previewResolution(manifest, [...kinds.values()]))
    verdicts.set(keyOf(instance), verdictOf(result));

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
    } else if (d.candidates?.length) {
      const [c] = d.candidates;
      // The first candidate has the reported version; the arch is left empty when it is not known.
      ({ platform, version } = c!);
      arch = d.candidates.every((x) => x.arch === c!.arch) ? c!.arch : '';
      verdict = commonVerdict(d.candidates, verdicts, d.reason);
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
