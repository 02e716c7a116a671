/**
 * What the core asks of the report stage beyond the summary: the comparison with compare-to (the
 * mapping's change) and with compare-plan-to (the rollout plan's change: who gets which version when),
 * loaded only when one of them is set; and, for dry runs and plans, where a publish would go.
 */
import path from 'node:path';
import { UserError } from '../common/errors.js';
import type { Inputs } from '../inputs/index.js';
import { ref } from '../common/names.js';
import type { Log } from '../common/log.js';
import type { BuiltPackage } from '../package/types.js';
import { COMMON_INSTANCES } from '../plan/distributor.js';
import { bucketName, keyPrefix } from '../publish/plan.js';
import { instanceName } from './names.js';
import type { PublishPreview, ReviewSummary } from './summary.js';

export interface Review {
  /** The mapping's change (compare-to); undefined when only the rollout plan is compared. */
  summary?: ReviewSummary;
  /** The rollout plan's change, as the summary's Markdown (escaped). */
  planMarkdown?: string;
  /** For report.json. */
  json: unknown;
  /** Set when a common instance that installed before fails now, and that is not allowed. */
  error?: UserError;
}

/** Whether the run reviews a change: against a base mapping or report (compare-to), or a base plan. */
export function reviewsChange(inputs: Inputs): boolean {
  return !!(inputs.compareTo || inputs.comparePlanTo);
}

/** Compares the package with compare-to, and the rollout plan with compare-plan-to. */
export async function reviewChange(
  pkg: BuiltPackage,
  inputs: Inputs,
  show: (file: string) => string,
  log: Log,
): Promise<Review> {
  const mapping = inputs.compareTo
    ? await reviewMapping(pkg, inputs, show(inputs.compareTo), log)
    : undefined;
  const plan = await reviewPlan(inputs, show, log);
  return {
    ...(mapping ? { summary: mapping.summary } : {}),
    ...(plan ? { planMarkdown: plan.markdown } : {}),
    json: { ...(mapping?.json as object | undefined), ...(plan ? { rolloutPlan: plan.json } : {}) },
    ...(mapping?.error ? { error: mapping.error } : {}),
  };
}

/**
 * The rollout plan's change: the base branch's plan (compare-plan-to, read and checked with the
 * inputs; "none": the base branch has none) against rollout-plan's (none given: the plan is removed).
 * Nothing without compare-plan-to, or when neither side has a plan.
 */
async function reviewPlan(
  inputs: Inputs,
  show: (file: string) => string,
  log: Log,
): Promise<{ markdown: string; json: unknown } | undefined> {
  const base = inputs.basePlan;
  const head = inputs.rollout?.plan;
  if (!inputs.comparePlanTo || (!base && !head)) return undefined;
  const { planChange, planChangeMarkdown, planChangeText, planChangeJson } =
    await import('../rollout/plan-diff.js');
  const baseLabel =
    inputs.comparePlanTo === 'none' ? `the base branch, which has none` : show(inputs.comparePlanTo);
  const headLabel = inputs.rolloutPlan ? show(inputs.rolloutPlan) : 'rollout-plan';
  const change = planChange(base, head);
  const said = planChangeText(change);
  // One message per line: the log keeps each message on one line (common/log.ts).
  log.info(
    change.kind === 'unchanged'
      ? `Rollout plan ${headLabel} against ${baseLabel}: no change`
      : `Rollout plan ${change.kind === 'removed' ? baseLabel : headLabel} against ${change.kind === 'removed' ? 'this branch (no rollout plan)' : baseLabel}: ${said.length} change${said.length === 1 ? '' : 's'}`,
  );
  for (const line of said) log.info(`  ${line}`);
  return {
    markdown: planChangeMarkdown(change, baseLabel, headLabel),
    json: planChangeJson(change, baseLabel, headLabel),
  };
}

/** Compares the package with compare-to (a base mapping or an earlier report.json). */
async function reviewMapping(
  pkg: BuiltPackage,
  inputs: Inputs,
  display: string,
  log: Log,
): Promise<Review & { summary: ReviewSummary }> {
  const { loadBaseline, diffTargets, outcomeChanges, targetsOf, describeOutcome } = await import('./diff.js');
  const { coverage } = await import('./index.js');
  // A base outside the workspace (the example writes it to RUNNER_TEMP) is named by its file name.
  const base = await loadBaseline(
    inputs.compareTo,
    path.isAbsolute(display) ? path.basename(display) : display,
    {
      sensorOnly: inputs.sensorOnly,
      assetGroup: inputs.assetGroup,
    },
  );
  const head = targetsOf(coverage(pkg), pkg.version);
  const diff = diffTargets(base.targets, head);
  const outcomes = outcomeChanges(base.targets, head, COMMON_INSTANCES);
  const lines = outcomes.map(
    (o) =>
      `${instanceName(o.instance)} ${o.instance.arch}: ${describeOutcome(o.before)} → ${describeOutcome(o.after)}`,
  );
  log.info(
    `Against ${base.label}: ${diff.added.length} targets added, ${diff.removed.length} removed, ${diff.changed.length} changed; ${outcomes.length} common instance${outcomes.length === 1 ? '' : 's'} change outcome${lines.length ? `:\n  ${lines.join('\n  ')}` : ''}`,
  );
  const newFailures = outcomes.filter((o) => o.newFailure);
  let error: UserError | undefined;
  if (newFailures.length) {
    const names = newFailures.map((o) => `${instanceName(o.instance)} ${o.instance.arch}`).join(', ');
    if (inputs.allowNewFailures)
      log.warning(
        `${newFailures.length} common instance(s) installed before and would fail now: ${names} (allowed by ${ref('allow-new-failures')})`,
      );
    else
      error = new UserError(
        `${newFailures.length} common instance${newFailures.length > 1 ? 's' : ''} installed with ${base.label} and would fail now: ${names}; restore their entries, or set ${ref('allow-new-failures')} to true if that is intended${inputs.mode === 'publish' ? ' (nothing was published)' : ''}`,
        newFailures.map((o) => ({
          message: `${instanceName(o.instance)} ${o.instance.arch}: ${describeOutcome(o.before)} → fails (${o.after.ok ? '' : o.after.reason})`,
        })),
      );
  }
  return {
    summary: { baseLabel: base.label, diff, outcomes, allowNewFailures: inputs.allowNewFailures },
    json: {
      base: base.label,
      added: diff.added,
      removed: diff.removed,
      changed: diff.changed,
      outcomes: outcomes.map((o) => ({
        ...o.instance,
        name: instanceName(o.instance),
        before: o.before,
        after: o.after,
        newFailure: o.newFailure,
      })),
    },
    ...(error ? { error } : {}),
  };
}

/** Where a publish with these inputs would go ({account} stays: no credentials are asked for). */
export function publishPreview(pkg: BuiltPackage, inputs: Inputs): PublishPreview {
  return {
    regions: inputs.awsRegions,
    buckets: inputs.awsRegions.map((r) => bucketName(inputs.s3Bucket, '{account}', r)),
    prefix: keyPrefix(inputs.s3Prefix, pkg.packageName, pkg.version),
    document: pkg.packageName,
    versionName: pkg.version,
  };
}
