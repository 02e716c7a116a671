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

function pickVersion(keys: string[], version: string): Pick<LevelTrace, 'matched' | 'rule' | 'shadowed'> {
  if (keys.includes(version)) return { matched: version, rule: 'exact' };
  let best: string | undefined;
  let bestN = -1;
  const matching: string[] = [];
  for (const key of keys) {
    const n = wildcardMatch(key, version);
    if (n === undefined) continue;
    matching.push(key);
    if (n > bestN) {
      best = key;
      bestN = n;
    }
  }
  if (best !== undefined) {
    const shadowed = matching.filter((k) => k !== best);
    return shadowed.length
      ? { matched: best, rule: 'wildcard', shadowed }
      : { matched: best, rule: 'wildcard' };
  }
  if (keys.includes('_any')) return { matched: '_any', rule: '_any' };
  if (keys.includes('*')) return { matched: '*', rule: '*' };
  return {};
}

/** What the SSM Agent decides for this manifest on this instance, with the trace of how. */
export function resolveAsAgent(manifest: AgentManifest, instance: AgentInstance): AgentDecision {
  const trace: LevelTrace[] = [];
  const fail = (failedAt: 'platform' | 'version' | 'arch'): AgentDecision => ({
    ok: false,
    error: noManifestError(instance),
    failedAt,
    trace,
  });
  const platforms = manifest.packages ?? {};
  const pKeys = Object.keys(platforms);
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
  const vKeys = Object.keys(versions);
  const v = pickVersion(vKeys, instance.version);
  trace.push({ level: 'version', wanted: instance.version, keys: vKeys, ...v });
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
