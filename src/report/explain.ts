/**
 * Why an instance would not install, in plain words. Read from the decision the one resolver made
 * (plan/agent-resolver.ts, through resolve()): the level that failed and the keys its trace lists.
 * Nothing here matches keys again, so an explanation can never describe a decision resolve() did not
 * make. Pure.
 */
import type { Instance, Resolution } from '../plan/distributor.js';
import type { LevelTrace } from '../plan/agent-resolver.js';
import { EXPECTED_GAPS, platformName } from './names.js';

type Failure = Extract<Resolution, { ok: false }>;

const level = (trace: readonly LevelTrace[], l: LevelTrace['level']) => trace.find((t) => t.level === l);

/** Why an instance fails, in plain words, from the resolver's trace. */
export function explainFailure(r: Failure, inst: Instance): string {
  const p = level(r.trace, 'platform');
  const name = platformName(inst.platform);
  if (r.failedAt === 'platform' || !p?.matched)
    return (
      EXPECTED_GAPS[inst.platform] ??
      `the package has nothing for ${name} (no \`${inst.platform}\` entry and no \`_any\` platform)`
    );
  const forWhat = p.matched === '_any' ? 'the `_any` platform' : name;
  const v = level(r.trace, 'version');
  if (r.failedAt === 'version' || !v?.matched) {
    const keys = v?.keys ?? [];
    const noFallback =
      p.rule === 'exact'
        ? ` (once \`${p.matched}\` matched, the SSM Agent does not fall back to \`_any\`); add ${suggestion(inst.version)}`
        : '';
    const hint = nearMiss(keys, inst.version);
    return `the package has ${forWhat} only for version ${keys.join(', ') || 'none'}, and ${JSON.stringify(inst.version)} matches none of them${hint ? ` (${hint})` : ''}${noFallback}`;
  }
  const a = level(r.trace, 'arch');
  if (r.failedAt === 'arch' || !a?.matched)
    return `${forWhat} ${v.matched === '_any' ? '' : `${v.matched} `}has no ${inst.arch} build (only ${(a?.keys ?? []).join(', ')})${inst.arch === 'arm64' ? '; add an arm64 entry' : ''}`;
  return `the manifest picks a file for ${p.matched} / ${v.matched} / ${a.matched} that its "files" does not list, so the agent fails (${r.error})`;
}

/**
 * What to add so that this version matches: `X.*` and `_any`; on Nano Server only `_any` (a mapping
 * refuses keys ending in nano: Nano Server cannot run the .msi installer).
 */
function suggestion(version: string): string {
  const first = version.split('.')[0];
  return version.endsWith('nano') || !first ? '`_any`' : `\`${first}.*\` or \`_any\``;
}

/**
 * The common misreadings of the listed keys, as words: an exact key that is the start of the
 * version ("8" is not "8.8"), a wildcard with more components than the version has, the nano rule.
 * This explains the rules to a reader; the decision itself is the trace's.
 */
function nearMiss(keys: readonly string[], version: string): string | undefined {
  const parts = version.split('.');
  if (version.endsWith('nano') && keys.some((k) => k.endsWith('.*')))
    return 'on Nano Server only keys ending in `nano`, such as `10.0.*nano`, are wildcard candidates';
  const exactPrefix = keys.find((k) => !k.includes('*') && version.startsWith(`${k}.`));
  if (exactPrefix)
    return `\`${exactPrefix}\` is not a wildcard: it matches only ${exactPrefix} itself; \`${exactPrefix}.*\` matches ${version}`;
  const longer = keys.find(
    (k) =>
      k.endsWith('.*') &&
      k.slice(0, -2).split('.').length > parts.length &&
      `${k.slice(0, -2)}.`.startsWith(`${version}.`),
  );
  if (longer)
    return `\`${longer}\` needs at least ${longer.slice(0, -2).split('.').length} version components and ${version} has ${parts.length}`;
  return undefined;
}
