/**
 * The SSM Agent's package selection, exactly as the agent does it (FACTS §3, read in the agent's
 * `agent/plugins/configurepackage/birdwatcher/birdwatcherservice` source): platform, then version,
 * then arch, each level an exact key first, then its fallbacks; no backtracking to a higher level's
 * `_any`; then the chosen file must be a key of `files`. Pure: no I/O, no imports from other stages.
 * Every prediction (notices, preview, common instances, coverage diff, preflight, explanations)
 * is meant to come from `resolveAsAgent`; explanations read its `trace`, never recompute it.
 */

/** The part of a Distributor manifest the agent reads when it picks a package. */
export interface AgentManifest {
  packages: Record<string, Record<string, Record<string, { file: string }>>>;
  files?: Record<string, unknown>;
}

/** What the agent resolves with: platform name, platform version, arch (GOARCH, amd64 → x86_64). */
export interface AgentInstance {
  platform: string;
  version: string;
  arch: string;
}

/** How one level was decided: the key that matched and by which rule, or none. */
export interface LevelTrace {
  level: 'platform' | 'version' | 'arch';
  /** What the instance offered at this level. */
  wanted: string;
  /** The key that matched, if any. */
  matched?: string;
  /** exact key; a `X.*` wildcard (most components wins); `_any`; `*` (version only). */
  rule?: 'exact' | 'wildcard' | '_any' | '*';
  /** The keys present at this level, in manifest order. */
  keys: string[];
  /** Wildcard keys that matched but lost to one with more components (version level only). */
  shadowed?: string[];
}

export type AgentDecision =
  | { ok: true; file: string; trace: LevelTrace[] }
  | { ok: false; error: string; failedAt: 'platform' | 'version' | 'arch' | 'file'; trace: LevelTrace[] };

const NANO = 'nano';

/**
 * What the resolver has done since it was last reset: version keys looked at or indexed, one each
 * (issue 27 defect 5: the tests assert this grows linearly with a mapping's entries, without timing).
 */
export const resolverWork = { keys: 0 };

/** The agent's platform-not-found error text, verbatim. */
export function noManifestError(i: AgentInstance): string {
  return `failed to find platform: no manifest found for platform: ${i.platform}, version ${i.version}, architecture ${i.arch}`;
}

/** The agent's missing-file error text, verbatim. */
export function noFileError(file: string): string {
  return `failed to find file for &{FileName:${file}}`;
}

/**
 * Whether version key `key` (ending in `.*`) matches the instance version, and with how many
 * components. Components before `.*` must equal the instance's components at the same place; the
 * instance must have at least as many components. Nano rule: on a `…nano` instance only keys ending
 * in `nano` are candidates (`10.0.*nano`), and such a key is a candidate for no other instance.
 * Returns the number of components compared, or undefined when it does not match.
 */
export function wildcardMatch(key: string, version: string): number | undefined {
  const instanceNano = version.endsWith(NANO);
  const keyNano = key.endsWith(NANO);
  if (instanceNano !== keyNano) return undefined;
  const k = keyNano ? key.slice(0, -NANO.length) : key;
  const v = instanceNano ? version.slice(0, -NANO.length) : version;
  if (!k.endsWith('.*')) return undefined;
  const prefix = k.slice(0, -2).split('.');
  const parts = v.split('.');
  if (parts.length < prefix.length) return undefined;
  for (let n = 0; n < prefix.length; n++) if (prefix[n] !== parts[n]) return undefined;
  return prefix.length;
}

/**
 * One platform's version keys, looked at once: which keys there are (in manifest order), and each
 * `X.*` key by X, apart for the keys ending in `nano`. A key is found for an instance version by
 * its own text and by each of the version's leading components (at most as many lookups as the
 * version has components), instead of comparing the version with every key: what wildcardMatch
 * decides for one key, this decides for all of them at once.
 */
interface VersionIndex {
  keys: string[];
  has: Set<string>;
  /** `X.*` → its place in keys (plain keys, then keys ending in nano). */
  wild: Map<string, number>;
  wildNano: Map<string, number>;
}

function indexVersions(versions: Record<string, unknown>): VersionIndex {
  const keys = Object.keys(versions);
  resolverWork.keys += keys.length;
  const wild = new Map<string, number>();
  const wildNano = new Map<string, number>();
  keys.forEach((key, i) => {
    const nano = key.endsWith(NANO);
    const k = nano ? key.slice(0, -NANO.length) : key;
    if (k.endsWith('.*')) (nano ? wildNano : wild).set(k.slice(0, -2), i);
  });
  return { keys, has: new Set(keys), wild, wildNano };
}

function pickVersion(ix: VersionIndex, version: string): Pick<LevelTrace, 'matched' | 'rule' | 'shadowed'> {
  resolverWork.keys++;
  if (ix.has.has(version)) return { matched: version, rule: 'exact' };
  const nano = version.endsWith(NANO);
  const wild = nano ? ix.wildNano : ix.wild;
  const parts = (nano ? version.slice(0, -NANO.length) : version).split('.');
  // The wildcard keys that match: X.* for every X made of the version's first 1, 2, … components.
  const matching: { at: number; n: number }[] = [];
  let prefix = '';
  for (let n = 1; n <= parts.length && wild.size; n++) {
    prefix = n === 1 ? parts[0]! : `${prefix}.${parts[n - 1]!}`;
    resolverWork.keys++;
    const at = wild.get(prefix);
    if (at !== undefined) matching.push({ at, n });
  }
  if (matching.length) {
    // In manifest order, as the agent meets them; the most components wins (the first, on a tie).
    matching.sort((a, b) => a.at - b.at);
    let best = matching[0]!;
    for (const m of matching) if (m.n > best.n) best = m;
    const shadowed = matching.filter((m) => m !== best).map((m) => ix.keys[m.at]!);
    const matched = ix.keys[best.at]!;
    return shadowed.length ? { matched, rule: 'wildcard', shadowed } : { matched, rule: 'wildcard' };
  }
  if (ix.has.has('_any')) return { matched: '_any', rule: '_any' };
  if (ix.has.has('*')) return { matched: '*', rule: '*' };
  return {};
}

/** What the SSM Agent decides for this manifest on this instance, with the trace of how. */
export function resolveAsAgent(manifest: AgentManifest, instance: AgentInstance): AgentDecision {
  return agentResolver(manifest)(instance);
}

/**
 * resolveAsAgent for many instances of one manifest: each platform's version keys are indexed once,
 * on first use, so that resolving is linear in the keys and the instances together (not their
 * product). The manifest must not change while the resolver is in use.
 */
export function agentResolver(manifest: AgentManifest): (instance: AgentInstance) => AgentDecision {
  const platforms = manifest.packages ?? {};
  const pKeys = Object.keys(platforms);
  const indexes = new Map<string, VersionIndex>();
  const indexOf = (pKey: string) => {
    let ix = indexes.get(pKey);
    if (!ix) indexes.set(pKey, (ix = indexVersions(platforms[pKey] ?? {})));
    return ix;
  };
  return (instance) => decide(manifest, pKeys, indexOf, instance);
}

function decide(
  manifest: AgentManifest,
  pKeys: string[],
  indexOf: (platformKey: string) => VersionIndex,
  instance: AgentInstance,
): AgentDecision {
  const trace: LevelTrace[] = [];
  const fail = (failedAt: 'platform' | 'version' | 'arch'): AgentDecision => ({
    ok: false,
    error: noManifestError(instance),
    failedAt,
    trace,
  });
  const platforms = manifest.packages ?? {};
  const pKey = Object.hasOwn(platforms, instance.platform)
    ? instance.platform
    : pKeys.includes('_any')
      ? '_any'
      : undefined;
  trace.push({
    level: 'platform',
    wanted: instance.platform,
    keys: pKeys,
    ...(pKey === undefined ? {} : { matched: pKey, rule: pKey === instance.platform ? 'exact' : '_any' }),
  });
  if (pKey === undefined) return fail('platform');
  const versions = platforms[pKey] ?? {};
  const ix = indexOf(pKey);
  const v = pickVersion(ix, instance.version);
  // The trace's keys are the index's: one array per platform, shared by every decision (read only).
  trace.push({ level: 'version', wanted: instance.version, keys: ix.keys, ...v });
  if (v.matched === undefined) return fail('version');
  const arches = versions[v.matched] ?? {};
  const aKeys = Object.keys(arches);
  const aKey = Object.hasOwn(arches, instance.arch)
    ? instance.arch
    : aKeys.includes('_any')
      ? '_any'
      : undefined;
  trace.push({
    level: 'arch',
    wanted: instance.arch,
    keys: aKeys,
    ...(aKey === undefined ? {} : { matched: aKey, rule: aKey === instance.arch ? 'exact' : '_any' }),
  });
  if (aKey === undefined) return fail('arch');
  const file = arches[aKey]?.file ?? '';
  if (!manifest.files || !Object.hasOwn(manifest.files, file)) {
    return { ok: false, error: noFileError(file), failedAt: 'file', trace };
  }
  return { ok: true, file, trace };
}
