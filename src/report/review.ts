/**
 * What the core asks of the report stage beyond the summary: the comparison with compare-to (loaded
 * only when that input is set) and, for dry runs and plans, where a publish would go.
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
  summary: ReviewSummary;
  /** For report.json. */
  json: unknown;
  /** Set when a common instance that installed before fails now, and that is not allowed. */
  error?: UserError;
}

/** Compares the package with compare-to (a base mapping or an earlier report.json). */
export async function reviewChange(
  pkg: BuiltPackage,
  inputs: Inputs,
  display: string,
  log: Log,
): Promise<Review> {
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
