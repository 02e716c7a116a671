/**
 * A rollout in rings, in one region: read every ring's state from AWS (no write), decide (rings.ts),
 * then at most: the preflight of the ring that moves, its association pinned to the rollout's version
 * (created or updated), a ring's changed settings applied with its version kept, and the document's
 * default moved after the last ring. A ring that failed beyond its budget or whose alarm is in ALARM
 * fails the step, naming the ring, its failed instances and their reasons.
 */
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { SSMClient } from '@aws-sdk/client-ssm';
import { errorMessage } from '../common/errors.js';
import { ref } from '../common/names.js';
import { associationCompliance } from './compliance.js';
import type { Log } from '../common/log.js';
import type { RolloutInputs } from '../inputs/rollout.js';
import type { RolloutPlan } from '../inputs/rollout-plan.js';
import type { BuiltPackage } from '../package/types.js';
import { allowedErrors, ringAssociation, ringAssociationName, type FoundAssociation } from './association.js';
import { checkFleet } from './check-fleet.js';
import type { FleetCalls } from './fleet.js';
import { followExecution } from './follow.js';
import { buildReport, type RegionRollout, type RolloutReport } from './report.js';
import {
  ROLLED_BACK_TAG,
  alarmStates,
  documentVersions,
  findAssociationId,
  memberOnly,
  moveDefault,
  readRing,
  rolledBack,
  writeAssociation,
  writeRingPin,
} from './rings-aws.js';
import { decideRings, type RingDecision, type RingState } from './rings.js';

export interface RingsArgs {
  pkg: BuiltPackage;
  r: RolloutInputs;
  plan: RolloutPlan;
  /** The version name the rollout moves the rings to. */
  version: string;
  region: string;
  log: Log;
  calls: FleetCalls;
  now: number;
  dryRun: boolean;
  waitMinutes: number;
  maxCompliance: number;
  follow: { pollIntervalMs: number; maxPollIntervalMs: number; maxOutputs: number };
}

/** The failed instances of a ring's newest execution, with their reasons ("i-0…: reason"). */
async function failuresOf(
  ssm: SSMClient,
  s: RingState,
  maxOutputs: number,
): Promise<RolloutReport | undefined> {
  if (!s.id || !s.execution) return undefined;
  const exec = await followExecution(ssm, s.id, {
    deadline: 0,
    pollIntervalMs: 0,
    maxPollIntervalMs: 0,
    since: s.execution.created,
    maxOutputs,
  });
  return exec ? buildReport(exec, new Map()) : undefined;
}

function haltMessage(ring: string, reason: string, report: RolloutReport | undefined): string {
  const failed = report?.failures ?? [];
  const list = failed
    .slice(0, 10)
    .map((f) => `${f.instanceId}: ${f.reason}`)
    .join('; ');
  return `ring ${ring} halted the rollout: ${reason}${list ? `. Failed: ${list}${failed.length > 10 ? `; and ${failed.length - 10} more` : ''}` : ''}. No later ring moves until it is fixed (or undone with ${ref('rollback-to')})`;
}

/**
 * After an execution ended: the association's compliance on its instances, so that the report tells
 * "installed" (the execution) from "still works" (the last run's record). A refusal is a warning only.
 */
export async function readCompliance(
  ssm: SSMClient,
  associationId: string,
  report: RolloutReport,
  instanceIds: readonly string[],
  limit: number,
  log: Log,
  region: string,
): Promise<void> {
  if (report.waitExpired || !instanceIds.length || !limit) return;
  try {
    report.compliance = await associationCompliance(ssm, associationId, instanceIds, limit);
    const c = report.compliance;
    log.info(
      `[${region}] compliance: ${c.compliant} compliant, ${c.nonCompliant.length} non-compliant of ${c.checked} checked`,
    );
  } catch (err) {
    log.warning(`[${region}] the association's compliance could not be read: ${errorMessage(err)}`);
  }
}

/** Moves a member-only ring: its pin (a tag) in the hub; the Organization stage moves the members' associations. */
async function moveMemberRing(
  a: RingsArgs,
  ssm: SSMClient,
  s: RingState & { found?: FoundAssociation },
  out: RegionRollout,
): Promise<void> {
  const want = ringAssociation(a.r, s.ring, a.pkg.packageName, a.version);
  await writeRingPin(ssm, s, want, a.pkg.packageName);
  const what =
    s.ring.action === 'Uninstall' ? 'uninstalls the agent' : `${s.version || 'not started'} → ${a.version}`;
  (out.ringChanges ??= []).push(`ring ${s.ring.name} (member accounts): ${what}`);
  a.log.info(`[${a.region}] ring ${s.ring.name} (member accounts only): ${what}`);
}

/** Moves one ring: its preflight, its association pinned to the version, and (when asked) its run followed. */
async function moveRing(
  a: RingsArgs,
  ssm: SSMClient,
  ec2: EC2Client,
  s: RingState & { found?: FoundAssociation },
  out: RegionRollout,
): Promise<void> {
  const { r, region, log, version } = a;
  if (memberOnly(s.ring)) return moveMemberRing(a, ssm, s, out);
  const check = await checkFleet(a, ssm, ec2, s.ring.targets, `ring ${s.ring.name}`);
  if (check.preflight) out.preflight = check.preflight;
  if (check.note) out.preflightNote = check.note;
  if (check.error) {
    out.error = `ring ${s.ring.name}: ${check.error}`;
    return;
  }
  const since = Date.now();
  const want = ringAssociation(r, s.ring, a.pkg.packageName, version);
  const w = await writeAssociation(ssm, s.id, s.found, want);
  out.associationName = want.AssociationName;
  out.association = {
    id: w.id,
    action: w.action,
    changed: w.changed,
    runsNow: !want.ApplyOnlyAtCronInterval,
    started: false,
  };
  const what =
    s.ring.action === 'Uninstall' ? 'uninstalls the agent' : `${s.version || 'not created'} → ${version}`;
  (out.ringChanges ??= []).push(`ring ${s.ring.name}: ${what}`);
  log.info(`[${region}] ring ${s.ring.name} (${want.AssociationName}): ${what} (${w.action})`);
  if (!a.waitMinutes || want.ApplyOnlyAtCronInterval) return;
  const exec = await followExecution(ssm, w.id, {
    deadline: Date.now() + a.waitMinutes * 60_000,
    since,
    ...a.follow,
  });
  if (!exec) return;
  const report = buildReport(exec, new Map(check.fleet.map((f) => [f.instanceId, f])));
  out.report = report;
  await readCompliance(
    ssm,
    w.id,
    report,
    exec.targets.map((t) => t.instanceId),
    a.maxCompliance,
    log,
    region,
  );
  const failed = report.counts.failed + report.counts.timedOut;
  const allowed = allowedErrors(s.ring.maxErrors, report.total);
  if (failed > allowed)
    out.error = haltMessage(
      s.ring.name,
      `${failed} of ${report.total} instances failed, more than maxErrors ${s.ring.maxErrors} allows (${allowed})`,
      report,
    );
}

/**
 * A ring whose finished run reached no instance has tried nothing: the rings after it then move on its
 * bake alone. In the Organization the hub may well have no instance (its rings run in the members);
 * there, and for the last ring, it is not said.
 */
function warnUntested(a: RingsArgs, states: readonly RingState[], decided: readonly RingDecision[]): void {
  if (a.plan.organization !== undefined) return;
  states.forEach((s, i) => {
    const e = s.execution;
    const after = states[i + 1];
    if (!e || e.running || e.total || !after || decided[i + 1]?.status === 'done' || memberOnly(s.ring))
      return;
    a.log.warning(
      `[${a.region}] ring ${s.ring.name} reached no instance at its last run (its targets ${s.ring.targets.map((t) => `${t.Key}=${t.Values.join(',')}`).join('; ')} match no managed instance in ${a.region}): ring ${after.ring.name} moves after its bake with nothing having tried the version. Tag the ring's instances, or fix its targets in ${ref('rollout-plan')}`,
    );
  });
}

export async function ringsRegion(
  a: RingsArgs,
  ssm: SSMClient,
  ec2: EC2Client,
  cw: CloudWatchClient,
  out: RegionRollout,
): Promise<void> {
  const { r, plan, region, log, version } = a;
  // 1. Read: alarms, versions, every ring. Nothing is written before every read succeeded.
  const names = plan.rings.flatMap((g) => g.alarms);
  const alarms = names.length ? await alarmStates(cw, names) : { firing: new Set<string>(), missing: [] };
  if (alarms.missing.length) {
    const rings = plan.rings
      .filter((g) => g.alarms.some((x) => alarms.missing.includes(x)))
      .map((g) => g.name);
    out.error = `CloudWatch has no alarm ${alarms.missing.join(', ')} in ${region} (ring ${rings.join(', ')} of ${ref('rollout-plan')}): create it or fix its name; nothing was changed`;
    return;
  }
  const versions = await documentVersions(ssm, a.pkg.packageName);
  const target = versions.find((v) => v.versionName === version);
  if ((!target || target.status !== 'Active') && !a.dryRun) {
    out.error = `version ${version} of ${a.pkg.packageName} is ${target ? target.status : 'not published'} in ${region}; the rings were not changed`;
    return;
  }
  if (versions.length && (await rolledBack(ssm, a.pkg.packageName)).includes(version)) {
    out.error = `version ${version} was rolled back with ${ref('rollback-to')} in ${region} (the document's ${ROLLED_BACK_TAG} tag): the rings do not move to it again. Publish a newer version, or give ${ref('rollback-to')} ${version} to return to it deliberately; nothing was changed`;
    return;
  }
  const current = versions.find((v) => v.isDefault);
  const single = await findAssociationId(ssm, r.associationName);
  if (single)
    log.warning(
      `[${region}] the association ${r.associationName} (from ${ref('rollout-targets')}) still exists: it installs the document's default version on its targets while the rings pin theirs; delete it once the rings cover its instances (aws ssm delete-association --association-id ${single})`,
    );
  const states = await Promise.all(
    plan.rings.map((g) =>
      readRing(ssm, g, ringAssociationName(r.associationName, g.name), alarms.firing, a.pkg.packageName),
    ),
  );
  const d = decideRings(states, version, plan, current?.versionName ?? '', a.now);
  out.rings = d.rings;
  for (const x of d.rings)
    log.info(`[${region}] ring ${x.ring}: ${x.version || '—'} (${x.result}); ${x.next}`);
  warnUntested(a, states, d.rings);

  if (a.dryRun) {
    out.reportNote = 'Dry run: no ring and no default version was changed.';
    if (d.halted === undefined) return;
  }

  // 2. A halted ring fails the step, naming the ring, its failed instances and their reasons.
  if (d.halted !== undefined) {
    const s = states[d.halted]!;
    const report = await failuresOf(ssm, s, a.follow.maxOutputs);
    if (report) out.report = report;
    out.error = haltMessage(s.ring.name, d.rings[d.halted]!.reason ?? '', report);
    return;
  }

  // 3. Settings changed in the plan: applied to the rings that keep their version.
  for (const [i, s] of states.entries()) {
    // A member-only ring's settings live in the member accounts' associations (the Organization stage's).
    if (i === d.move || !s.id || memberOnly(s.ring)) continue;
    const w = await writeAssociation(
      ssm,
      s.id,
      s.found,
      ringAssociation(r, s.ring, a.pkg.packageName, s.version ?? ''),
    );
    if (w.action !== 'unchanged') {
      (out.ringChanges ??= []).push(
        `ring ${s.ring.name}: settings updated (${w.changed.join(', ')}), version kept`,
      );
      log.info(`[${region}] ring ${s.ring.name}: ${w.changed.join(', ')} updated; its version is kept`);
    }
  }

  // 4. The ring that moves: its preflight first, then its association pinned to the version.
  if (d.move !== undefined) {
    await moveRing(a, ssm, ec2, states[d.move]!, out);
    return;
  }

  // 5. Every ring done: the document's default moves last.
  if (d.moveDefault) {
    await moveDefault(ssm, a.pkg.packageName, target!.documentVersion);
    out.defaultMoved = { from: current?.versionName ?? '', to: version };
    (out.ringChanges ??= []).push(`default version: ${current?.versionName ?? 'none'} → ${version}`);
    log.info(
      `[${region}] every ring runs ${version}: the document's default moves from ${current?.versionName ?? 'none'} to ${version}`,
    );
  }
}
