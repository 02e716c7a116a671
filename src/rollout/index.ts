/**
 * Rollout stage (after publishing; loaded only when rollout-targets is given): in every region of
 * aws-region, a fleet preflight (what each targeted instance would install, by the SSM Agent's rule),
 * then the State Manager association (AWS-ConfigureAWSPackage) created or updated idempotently, then,
 * when asked to wait, the per-instance rollout report. In a dry run only the preflight runs, and only
 * when AWS credentials are available.
 */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { EC2Client } from '@aws-sdk/client-ec2';
import { errorMessage } from '../common/errors.js';
import type { Inputs } from '../inputs/index.js';
import { ref, refValue } from '../common/names.js';
import type { RolloutInputs } from '../inputs/rollout.js';
import type { Log } from '../common/log.js';
import type { SummarySection } from '../common/markdown.js';
import type { BuiltPackage } from '../package/types.js';
import { ssmClient } from '../publish/clients.js';
import { openStageSession, type AwsSession } from '../publish/credentials.js';
import { allowedErrors, desiredAssociation } from './association.js';
import { checkFleet } from './check-fleet.js';
import type { FleetCalls } from './fleet.js';
import { ensureAssociation, followExecution } from './follow.js';
import { buildReport, rolloutSections, type RegionRollout } from './report.js';
import { readCompliance, ringsRegion } from './rings-region.js';
import { undoStage } from './undo-stage.js';

export type { RegionRollout } from './report.js';

export interface RolloutOptions {
  /** First wait between DescribeAssociationExecutions polls (grows by half, up to the maximum). */
  pollIntervalMs: number;
  maxPollIntervalMs: number;
  /** SDK attempts per call (throttling and 5xx are retried). */
  maxAttempts: number;
  retryBaseMs: number;
  /** Failed instances whose command output is fetched. */
  maxOutputs: number;
  /** Instances whose compliance is read after the execution (one call each; default 100). */
  maxCompliance?: number;
}

export const DEFAULT_ROLLOUT_OPTIONS: RolloutOptions = {
  pollIntervalMs: 3000,
  maxPollIntervalMs: 30_000,
  maxAttempts: 8,
  retryBaseMs: 1000,
  maxOutputs: 50,
  maxCompliance: 100,
};

export interface RolloutDeps {
  log: Log;
  /** The clock the rings' bake times are measured with (ms; default Date.now). */
  now?: () => number;
  env?: NodeJS.ProcessEnv;
  getIdToken?: (audience: string) => Promise<string>;
  options?: Partial<RolloutOptions>;
}

/** The CloudWatch client for a region (the rings' alarms); AWS_ENDPOINT_URL_CLOUDWATCH / AWS_ENDPOINT_URL. */
function cloudWatchClient(region: string, env: NodeJS.ProcessEnv, session: AwsSession, maxAttempts: number) {
  const endpoint = env.AWS_ENDPOINT_URL_CLOUDWATCH || env.AWS_ENDPOINT_URL;
  const quiet = () => undefined;
  return new CloudWatchClient({
    region,
    maxAttempts,
    logger: { trace: quiet, debug: quiet, info: quiet, warn: quiet, error: quiet },
    ...(endpoint ? { endpoint } : {}),
    ...(session.credentials ? { credentials: session.credentials } : {}),
  });
}

/** The EC2 client for a region; the endpoint comes from AWS_ENDPOINT_URL_EC2 / AWS_ENDPOINT_URL. */
function ec2Client(
  region: string,
  env: NodeJS.ProcessEnv,
  session: AwsSession,
  maxAttempts: number,
): EC2Client {
  const endpoint = env.AWS_ENDPOINT_URL_EC2 || env.AWS_ENDPOINT_URL;
  const quiet = () => undefined;
  return new EC2Client({
    region,
    maxAttempts,
    logger: { trace: quiet, debug: quiet, info: quiet, warn: quiet, error: quiet },
    ...(endpoint ? { endpoint } : {}),
    ...(session.credentials ? { credentials: session.credentials } : {}),
  });
}

interface RegionArgs {
  pkg: BuiltPackage;
  r: RolloutInputs;
  region: string;
  session: AwsSession;
  dryRun: boolean;
  log: Log;
  env: NodeJS.ProcessEnv;
  opts: RolloutOptions;
  calls: FleetCalls;
  /** The version name the rings move to (default: the package's version). */
  version?: string;
  /** ms; default Date.now(). */
  now?: number;
}

export async function rolloutRegion(a: RegionArgs): Promise<RegionRollout> {
  const { r, region, log, opts } = a;
  const out: RegionRollout = { region, associationName: r.associationName };
  const settings = {
    region,
    env: a.env,
    maxAttempts: opts.maxAttempts,
    debug: (m: string) => log.debug(m),
    ...(a.session.credentials ? { credentials: a.session.credentials } : {}),
  };
  const ssm = ssmClient(settings);
  const ec2 = ec2Client(region, a.env, a.session, opts.maxAttempts);
  const cw = r.plan ? cloudWatchClient(region, a.env, a.session, opts.maxAttempts) : undefined;
  try {
    if (r.plan && cw) {
      await ringsRegion(
        {
          ...a,
          plan: r.plan,
          version: a.version ?? a.pkg.version,
          now: a.now ?? Date.now(),
          waitMinutes: r.waitMinutes,
          follow: {
            pollIntervalMs: opts.pollIntervalMs,
            maxPollIntervalMs: opts.maxPollIntervalMs,
            maxOutputs: opts.maxOutputs,
          },
          maxCompliance: opts.maxCompliance ?? 100,
        },
        ssm,
        ec2,
        cw,
        out,
      );
      return out;
    }
    // 1. Preflight: before any change, so that preflight-failures: error stops the rollout.
    const check = await checkFleet(a, ssm, ec2, r.targets);
    const fleet = check.fleet;
    if (check.preflight) out.preflight = check.preflight;
    if (check.note) out.preflightNote = check.note;
    if (check.error) {
      out.error = check.error;
      return out;
    }
    if (a.dryRun) {
      out.reportNote = 'Dry run: the association was not created or changed.';
      return out;
    }

    // 2. The association.
    const since = Date.now();
    const want = desiredAssociation(r, a.pkg.packageName);
    const change = await ensureAssociation(ssm, want, r.startNow);
    out.association = change;
    log.info(
      `[${region}] association ${r.associationName} (${change.id}): ${change.action}${change.changed.length ? ` (${change.changed.join(', ')})` : ''}${change.started ? ', started' : ''}`,
    );

    // 3. The rollout report.
    if (!r.waitMinutes) {
      out.reportNote = `Not waiting for the rollout (${ref('rollout-wait-minutes')} is 0).`;
      return out;
    }
    if (!change.runsNow) {
      out.reportNote = `The association is unchanged and runs at its next scheduled time; set ${ref('rollout-start-now')} to run it now.`;
      return out;
    }
    const exec = await followExecution(ssm, change.id, {
      deadline: Date.now() + r.waitMinutes * 60_000,
      pollIntervalMs: opts.pollIntervalMs,
      maxPollIntervalMs: opts.maxPollIntervalMs,
      since,
      maxOutputs: opts.maxOutputs,
    });
    if (!exec) {
      out.reportNote = `No execution of the association started within ${r.waitMinutes} minutes.`;
      log.warning(`[${region}] ${out.reportNote}`);
      return out;
    }
    const report = buildReport(exec, new Map(fleet.map((f) => [f.instanceId, f])));
    out.report = report;
    await readCompliance(
      ssm,
      change.id,
      report,
      exec.targets.map((t) => t.instanceId),
      opts.maxCompliance ?? 100,
      log,
      region,
    );
    const c = report.counts;
    log.info(
      `[${region}] rollout ${exec.executionId} ${exec.status}: ${c.succeeded} succeeded, ${c.failed} failed, ${c.skipped} skipped, ${c.timedOut} timed out${c.inProgress ? `, ${c.inProgress} still running` : ''}`,
    );
    for (const f of report.failures) log.warning(`[${region}] ${f.instanceId} (${f.platform}): ${f.reason}`);
    if (report.waitExpired)
      log.warning(
        `[${region}] the rollout was still running after ${r.waitMinutes} minutes (${ref('rollout-wait-minutes')})`,
      );
    const failed = c.failed + c.timedOut;
    const allowed =
      r.failOn === 'any' ? 0 : r.failOn === 'never' ? Infinity : allowedErrors(r.maxErrors, report.total);
    if (failed > allowed)
      out.error = `${failed} of ${report.total} instances failed to install${r.failOn === 'max-errors' ? `, more than ${ref('max-errors')} ${r.maxErrors} allows (${allowed})` : ` (${ref('rollout-fail-on')} is any)`}`;
    return out;
  } catch (err) {
    out.error = errorMessage(err);
    return out;
  } finally {
    ssm.destroy();
    ec2.destroy();
    cw?.destroy();
  }
}

/** The regions that were published (all of aws-region in a dry run). */
function publishedRegions(inputs: Inputs, published: unknown): string[] {
  if (!Array.isArray(published)) return inputs.awsRegions;
  const ok = new Set(
    (published as { region?: string; ok?: boolean }[]).filter((p) => p.ok).map((p) => p.region),
  );
  return inputs.awsRegions.filter((r) => ok.has(r));
}

/** The version name this run rolls out: the one published, else version-name, else the agent version. */
function rolloutVersion(inputs: Inputs, pkg: BuiltPackage, published: unknown): string {
  if (Array.isArray(published))
    for (const p of published as { ok?: boolean; versionName?: string }[])
      if (p.ok && p.versionName) return p.versionName;
  return inputs.versionName || pkg.version;
}

/**
 * The rollout dependency of the core (CoreDeps.rollout): summary sections, the `rollout` output,
 * the results for report.json, and the error that fails the step.
 */
export function rolloutStage(deps: RolloutDeps) {
  return async (
    pkg: BuiltPackage,
    inputs: Inputs,
    published?: unknown,
  ): Promise<{
    sections: SummarySection[];
    outputs: Record<string, string>;
    results: RegionRollout[];
    error?: Error;
  }> => {
    const r = inputs.rollout;
    if (!r) return { sections: [], outputs: {}, results: [] };
    const { log } = deps;
    const env = deps.env ?? process.env;
    const opts = { ...DEFAULT_ROLLOUT_OPTIONS, ...deps.options };
    let session: AwsSession;
    try {
      session = await openStageSession(inputs, deps, opts);
    } catch (err) {
      if (!inputs.dryRun) throw err;
      const note = `Fleet preflight skipped: no AWS credentials in this dry run (${errorMessage(err)}).`;
      log.notice(note);
      return { sections: [{ title: 'Fleet preflight', markdown: note }], outputs: {}, results: [] };
    }
    if (!inputs.setDefaultVersion && !r.plan && !r.rollbackTo)
      log.notice(
        `${refValue('set-default-version', 'false')}: the association installs the document's default version, which is not ${pkg.version}; the preflight is for ${pkg.version}`,
      );
    if (r.rollbackTo) {
      const undone = await undoStage({ inputs, r, session, log, env, maxAttempts: opts.maxAttempts, pkg });
      return {
        sections: rolloutSections(undone.results),
        outputs: { rollout: JSON.stringify(undone.results) },
        results: undone.results,
        ...(undone.error ? { error: undone.error } : {}),
      };
    }
    const regions = publishedRegions(inputs, published);
    const version = rolloutVersion(inputs, pkg, published);
    const now = (deps.now ?? Date.now)();
    const results = await Promise.all(
      regions.map((region) =>
        rolloutRegion({
          pkg,
          r,
          region,
          session,
          dryRun: inputs.dryRun,
          log,
          env,
          opts,
          calls: { ssm: 0, ec2: 0 },
          version,
          now,
        }),
      ),
    );
    const failed = results.filter((x) => x.error);
    const error = failed.length
      ? new Error(
          `rollout failed in ${failed.length} of ${results.length} region${results.length > 1 ? 's' : ''}:\n${failed.map((x) => `  ${x.region}: ${x.error}`).join('\n')}`,
        )
      : undefined;
    return {
      sections: rolloutSections(results),
      outputs: { rollout: JSON.stringify(results) },
      results,
      ...(error ? { error } : {}),
    };
  };
}
