/**
 * Rollout stage (after publishing; loaded only when rollout-targets is given): in every region of
 * aws-region, a fleet preflight (what each targeted instance would install, by the SSM Agent's rule),
 * then the State Manager association (AWS-ConfigureAWSPackage) created or updated idempotently, then,
 * when asked to wait, the per-instance rollout report. In a dry run only the preflight runs, and only
 * when AWS credentials are available.
 */
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
import { fleetQuery, listFleet, type FleetCalls } from './fleet.js';
import { ensureAssociation, followExecution } from './follow.js';
import type { FleetInstance } from './platforms.js';
import { preflight } from './preflight.js';
import { buildReport, rolloutSections, type RegionRollout } from './report.js';

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
}

export const DEFAULT_ROLLOUT_OPTIONS: RolloutOptions = {
  pollIntervalMs: 3000,
  maxPollIntervalMs: 30_000,
  maxAttempts: 8,
  retryBaseMs: 1000,
  maxOutputs: 50,
};

export interface RolloutDeps {
  log: Log;
  env?: NodeJS.ProcessEnv;
  getIdToken?: (audience: string) => Promise<string>;
  options?: Partial<RolloutOptions>;
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
  try {
    // 1. Preflight: before any change, so that preflight-failures: error stops the rollout.
    const query = fleetQuery(r.targets);
    let fleet: FleetInstance[] = [];
    if (query.ssm) {
      const t0 = performance.now();
      const listed = await listFleet(ssm, ec2, query, a.calls);
      fleet = listed;
      if (listed.unmanaged.length)
        log.warning(
          `[${region}] ${listed.unmanaged.length} targeted instance ID${listed.unmanaged.length === 1 ? ' is' : 's are'} not managed by SSM here (stopped, terminated, no SSM Agent or another region): ${listed.unmanaged.join(', ')}; State Manager skips ${listed.unmanaged.length === 1 ? 'it' : 'them'}`,
        );
      const p = preflight(a.pkg.manifest, fleet);
      out.preflight = p;
      log.info(
        `[${region}] preflight: ${p.total} instances, ${p.counts.install} would install, ${p.counts['no-manifest']} would fail, ${p.counts.unknown} unknown (${a.calls.ssm} SSM and ${a.calls.ec2} EC2 calls, ${Math.round(performance.now() - t0)} ms)`,
      );
      if (!p.total)
        log.warning(
          `[${region}] no managed instance matches ${ref('rollout-targets')} (${r.targets.map((t) => `${t.Key}=${t.Values.join(',')}`).join('; ')})`,
        );
      const say = (m: string) => (r.preflightFailures === 'error' ? log.error(m) : log.warning(m));
      for (const g of p.groups)
        if (g.outcome === 'no-manifest')
          say(
            `[${region}] ${g.count} instance${g.count === 1 ? '' : 's'} (${g.sample.join(', ')}${g.count > g.sample.length ? ', …' : ''}) would fail: ${g.reason}`,
          );
        else if (g.outcome === 'unknown')
          log.notice(
            `[${region}] ${g.count} instance${g.count === 1 ? '' : 's'} (${g.sample.join(', ')}) cannot be predicted: ${g.reason}`,
          );
      if (r.preflightFailures === 'error' && p.counts['no-manifest'] > 0) {
        out.error = `${p.counts['no-manifest']} instance${p.counts['no-manifest'] === 1 ? '' : 's'} would fail to install (no manifest found) and ${ref('preflight-failures')} is error: the association was not changed`;
        return out;
      }
    } else {
      out.preflightNote = query.limit;
      log.notice(`[${region}] preflight skipped: ${query.limit}`);
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
    if (!inputs.setDefaultVersion)
      log.notice(
        `${refValue('set-default-version', 'false')}: the association installs the document's default version, which is not ${pkg.version}; the preflight is for ${pkg.version}`,
      );
    const regions = publishedRegions(inputs, published);
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
