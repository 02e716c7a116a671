/**
 * The coverage diff (input compare-to): what a change to the mapping does, against a base mapping file
 * or an earlier report.json. Targets added, removed and changed (zip or installer kind), and, what
 * operators care about, the common instances whose outcome changes ("SLES 15.5 arm64: fails →
 * installs the aarch64 rpm"). Loading the base is the only I/O.
 */
import { readFile } from 'node:fs/promises';
import { UserError, errorMessage } from '../common/errors.js';
import { ref } from '../common/names.js';
import { planFiles, type PlanOptions } from '../package/plan.js';
import { PLAN_VERSION } from '../package/plan-version.js';
import { resolve, type Instance, type ManifestPackages } from '../plan/distributor.js';
import { parseMapping } from '../plan/mapping.js';
import { coverage, type CoverageRow } from './coverage.js';
import { explainFailure } from './explain.js';
import { kindOfInstaller } from './names.js';

/** One platform/version/arch target and what it gets. */
export interface Target {
  platform: string;
  version: string;
  arch: string;
  /** The zip's name without "-<version>.zip" (the dir it is named after), so that versions compare. */
  zip: string;
  /** "aarch64 rpm", "amd64 deb", "MSI"... */
  kind: string;
}

export interface Baseline {
  /** What was compared against, in words ("mapping base.json", "report.json of UptycsAgent 5.7.0.25"). */
  label: string;
  targets: Target[];
}

export function zipBase(zip: string, version: string): string {
  const suffix = `-${version}.zip`;
  return zip.endsWith(suffix) ? zip.slice(0, -suffix.length) : zip.replace(/\.zip$/, '');
}

export function targetsOf(rows: readonly CoverageRow[], version: string): Target[] {
  return rows.map((r) => ({
    platform: r.platform,
    version: r.version,
    arch: r.arch,
    zip: zipBase(r.zip, version),
    kind: (r as Partial<CoverageRow>).installerKind ?? kindOfInstaller(r.installer, undefined, [r.arch]),
  }));
}

/** The targets of a mapping, zipped as the build would zip them. */
export function mappingTargets(text: string, file: string, opts: PlanOptions): Target[] {
  const mapping = parseMapping(text, file);
  return targetsOf(coverage({ files: planFiles(mapping.entries, PLAN_VERSION, opts) }), PLAN_VERSION);
}

/** Reads compare-to: a report.json of this tool, or a mapping file. */
export async function loadBaseline(file: string, display: string, opts: PlanOptions): Promise<Baseline> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new UserError(
      `${ref('compare-to')}: cannot read ${display} (${(err as NodeJS.ErrnoException).code ?? errorMessage(err)}); give a base mapping file (git show origin/main:path > base.json) or an earlier report.json`,
    );
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    doc = undefined; // parseMapping below says where the JSON breaks
  }
  const report = doc as { tool?: unknown; coverage?: unknown; version?: unknown; packageName?: unknown };
  if (
    report &&
    typeof report === 'object' &&
    Array.isArray(report.coverage) &&
    typeof report.version === 'string'
  )
    return {
      label: `report ${display} (${String(report.packageName)} ${report.version})`,
      targets: targetsOf(report.coverage as CoverageRow[], report.version),
    };
  try {
    return { label: `mapping ${display}`, targets: mappingTargets(text, display, opts) };
  } catch (err) {
    // The base's own problems are not the change's: no annotations, one error naming the input.
    throw new UserError(
      `${ref('compare-to')}: ${display} is neither a report.json of this action nor a valid mapping: ${errorMessage(err).split('\n').slice(0, 4).join(' ').replace(/\s+/g, ' ')}`,
    );
  }
}

const key = (t: Pick<Target, 'platform' | 'version' | 'arch'>) => `${t.platform}/${t.version}/${t.arch}`;

export interface CoverageDiff {
  added: Target[];
  removed: Target[];
  changed: { before: Target; after: Target }[];
}

export function diffTargets(base: readonly Target[], head: readonly Target[]): CoverageDiff {
  const b = new Map(base.map((t) => [key(t), t]));
  const h = new Map(head.map((t) => [key(t), t]));
  return {
    added: head.filter((t) => !b.has(key(t))),
    removed: base.filter((t) => !h.has(key(t))),
    changed: head
      .filter((t) => b.has(key(t)))
      .map((after) => ({ before: b.get(key(after))!, after }))
      .filter(({ before, after }) => before.zip !== after.zip || before.kind !== after.kind),
  };
}

export type Outcome = { ok: true; kind: string; zip: string } | { ok: false; reason: string };

/** What an instance gets from these targets, by the SSM Agent's rule. */
export function outcomeOf(targets: readonly Target[], instance: Instance): Outcome {
  const packages: ManifestPackages = {};
  const byZip = new Map<string, Target>();
  for (const t of targets) {
    ((packages[t.platform] ??= {})[t.version] ??= {})[t.arch] = { file: t.zip };
    byZip.set(t.zip, t);
  }
  const r = resolve(packages, instance);
  if (!r.ok) return { ok: false, reason: explainFailure(r, instance) };
  const t = targets.find(
    (x) => x.platform === r.platformKey && x.version === r.versionKey && x.arch === r.archKey,
  )!;
  return { ok: true, kind: t.kind, zip: t.zip };
}

export interface OutcomeChange {
  instance: Instance;
  before: Outcome;
  after: Outcome;
  /** It installed before and fails now. */
  newFailure: boolean;
}

export function outcomeChanges(
  base: readonly Target[],
  head: readonly Target[],
  instances: readonly Instance[],
): OutcomeChange[] {
  const out: OutcomeChange[] = [];
  for (const instance of instances) {
    const before = outcomeOf(base, instance);
    const after = outcomeOf(head, instance);
    const same =
      before.ok === after.ok &&
      (!before.ok || (after.ok && before.kind === after.kind && before.zip === after.zip));
    if (!same) out.push({ instance, before, after, newFailure: before.ok && !after.ok });
  }
  return out;
}

/** "installs the aarch64 rpm" / "fails". */
export function describeOutcome(o: Outcome): string {
  return o.ok ? `installs the ${o.kind}` : 'fails';
}
