/**
 * The association in AWS: found by name, created or updated only when it differs, started on request;
 * and its execution followed to the end, with the output of failed instances.
 */
import {
  CreateAssociationCommand,
  DescribeAssociationCommand,
  DescribeAssociationExecutionTargetsCommand,
  DescribeAssociationExecutionsCommand,
  GetCommandInvocationCommand,
  ListAssociationsCommand,
  StartAssociationsOnceCommand,
  UpdateAssociationCommand,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import { expiredCredentials } from '../publish/credentials.js';
import { associationDiff, type AssociationDefinition } from './association.js';

export interface AssociationChange {
  id: string;
  action: 'created' | 'updated' | 'unchanged';
  /** The fields that differed (updated). */
  changed: string[];
  /** Whether it runs now: created or updated without apply-only-at-cron-interval, or started. */
  runsNow: boolean;
  started: boolean;
}

export async function ensureAssociation(
  ssm: SSMClient,
  want: AssociationDefinition,
  startNow: boolean,
): Promise<AssociationChange> {
  let id: string | undefined;
  let token: string | undefined;
  do {
    const page = await ssm.send(
      new ListAssociationsCommand({
        AssociationFilterList: [{ key: 'AssociationName', value: want.AssociationName }],
        ...(token ? { NextToken: token } : {}),
      }),
    );
    id = page.Associations?.find((a) => a.AssociationName === want.AssociationName)?.AssociationId;
    token = id ? undefined : page.NextToken;
  } while (token);

  if (!id) {
    const out = await ssm.send(new CreateAssociationCommand(want));
    return {
      id: out.AssociationDescription?.AssociationId ?? '',
      action: 'created',
      changed: [],
      runsNow: !want.ApplyOnlyAtCronInterval,
      started: false,
    };
  }
  const found =
    (await ssm.send(new DescribeAssociationCommand({ AssociationId: id }))).AssociationDescription ?? {};
  const changed = associationDiff(found, want);
  if (changed.length) {
    // The whole definition: UpdateAssociation sets every field it is not sent to null.
    await ssm.send(new UpdateAssociationCommand({ AssociationId: id, ...want }));
    return { id, action: 'updated', changed, runsNow: !want.ApplyOnlyAtCronInterval, started: false };
  }
  if (startNow) {
    await ssm.send(new StartAssociationsOnceCommand({ AssociationIds: [id] }));
    return { id, action: 'unchanged', changed, runsNow: true, started: true };
  }
  return { id, action: 'unchanged', changed, runsNow: false, started: false };
}

export interface TargetResult {
  instanceId: string;
  status: string;
  detailedStatus: string;
  commandId: string;
  stdout?: string;
  stderr?: string;
  responseCode?: number;
}

export interface ExecutionResult {
  executionId: string;
  status: string;
  detailedStatus: string;
  /** The wait ended before the execution did. */
  waitExpired: boolean;
  targets: TargetResult[];
}

const TERMINAL = new Set(['Success', 'Failed', 'TimedOut', 'Cancelled', 'Skipped']);

export interface FollowOptions {
  deadline: number;
  pollIntervalMs: number;
  maxPollIntervalMs: number;
  /** Executions that started before this time (ms) are earlier runs. */
  since: number;
  /** Failed instances whose output is fetched. */
  maxOutputs: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/**
 * The newest execution that started since `since` (a minute of slack for clock skew between the runner
 * and AWS). The API promises no order: every page of those created since then is read, and sorted by
 * CreatedTime.
 */
async function newestExecution(ssm: SSMClient, associationId: string, since: number) {
  const from = new Date(since - 60_000);
  const all = [];
  let token: string | undefined;
  do {
    const out = await ssm.send(
      new DescribeAssociationExecutionsCommand({
        AssociationId: associationId,
        Filters: [{ Key: 'CreatedTime', Type: 'GREATER_THAN', Value: from.toISOString() }],
        MaxResults: 50,
        ...(token ? { NextToken: token } : {}),
      }),
    );
    all.push(...(out.AssociationExecutions ?? []));
    token = out.NextToken || undefined;
  } while (token);
  return all
    .filter((e) => !e.CreatedTime || e.CreatedTime.getTime() >= from.getTime())
    .sort((a, b) => (b.CreatedTime?.getTime() ?? 0) - (a.CreatedTime?.getTime() ?? 0))[0];
}

/**
 * Follows the association's newest execution until it ends or the deadline passes. Credentials that
 * expire during the wait (and that the run could not renew) end it with an error that says so.
 */
export async function followExecution(
  ssm: SSMClient,
  associationId: string,
  o: FollowOptions,
): Promise<ExecutionResult | undefined> {
  const started = Date.now();
  try {
    return await follow(ssm, associationId, o);
  } catch (err) {
    const expired = expiredCredentials(err, "while following the association's execution", started);
    throw expired ? new Error(expired, { cause: err }) : err;
  }
}

async function follow(
  ssm: SSMClient,
  associationId: string,
  o: FollowOptions,
): Promise<ExecutionResult | undefined> {
  const sleep = o.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  const now = o.now ?? Date.now;
  let wait = o.pollIntervalMs;
  let exec;
  for (;;) {
    exec = await newestExecution(ssm, associationId, o.since);
    if (exec && TERMINAL.has(exec.Status ?? '')) break;
    if (now() + wait > o.deadline) break;
    await sleep(wait);
    wait = Math.min(o.maxPollIntervalMs, Math.round(wait * 1.5));
  }
  if (!exec?.ExecutionId) return undefined;
  const targets: TargetResult[] = [];
  let token: string | undefined;
  do {
    const page = await ssm.send(
      new DescribeAssociationExecutionTargetsCommand({
        AssociationId: associationId,
        ExecutionId: exec.ExecutionId,
        MaxResults: 50,
        ...(token ? { NextToken: token } : {}),
      }),
    );
    for (const t of page.AssociationExecutionTargets ?? [])
      targets.push({
        instanceId: t.ResourceId ?? '',
        status: t.Status ?? '',
        detailedStatus: t.DetailedStatus ?? '',
        commandId: t.OutputSource?.OutputSourceId ?? '',
      });
    token = page.NextToken;
  } while (token);

  const failed = targets
    .filter((t) => t.status === 'Failed' || t.status === 'TimedOut')
    .slice(0, o.maxOutputs);
  for (let k = 0; k < failed.length; k += 5)
    await Promise.all(
      failed.slice(k, k + 5).map(async (t) => {
        if (!t.commandId) return;
        try {
          const inv = await ssm.send(
            new GetCommandInvocationCommand({ CommandId: t.commandId, InstanceId: t.instanceId }),
          );
          t.stdout = inv.StandardOutputContent ?? '';
          t.stderr = inv.StandardErrorContent ?? '';
          if (inv.ResponseCode !== undefined) t.responseCode = inv.ResponseCode;
        } catch (err) {
          t.stderr = `(output not available: ${err instanceof Error ? err.message : String(err)})`;
        }
      }),
    );
  return {
    executionId: exec.ExecutionId,
    status: exec.Status ?? '',
    detailedStatus: exec.DetailedStatus ?? '',
    waitExpired: !TERMINAL.has(exec.Status ?? ''),
    targets,
  };
}
