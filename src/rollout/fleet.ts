/**
 * The targeted fleet, read from AWS: managed instances from SSM DescribeInstanceInformation (50 a page),
 * EC2 instances' architectures from EC2 DescribeInstances (DescribeInstanceInformation does not report
 * them; 1,000 a page), hybrid (mi-) nodes' from SSM DescribeInstanceProperties (its Architecture; EC2
 * knows nothing of them). 10,000 EC2 instances take about 210 calls.
 *
 * An association runs on every instance that any of its targets selects (State Manager combines its
 * targets, and a target's values, with OR). DescribeInstanceInformation combines its filters with AND,
 * refuses tag filters together with other filter types, and answers InvalidInstanceId for the whole call
 * when one instance ID is not a managed node. So each target is its own query (a tag target: one tag
 * filter; instance IDs: 50 a call, and a call refused for a stale ID is split until the unmanaged IDs are
 * found), and the answers are united.
 */
import { DescribeInstancesCommand, type EC2Client, type Filter } from '@aws-sdk/client-ec2';
import {
  DescribeInstanceInformationCommand,
  DescribeInstancePropertiesCommand,
  type InstanceInformationStringFilter,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import type { RolloutTarget } from '../inputs/rollout.js';
import type { FleetInstance } from './platforms.js';

export interface FleetQuery {
  /**
   * One DescribeInstanceInformation query per target, each a list of filters (empty: every managed
   * node, for InstanceIds=*); undefined: a target cannot be listed, e.g. a resource group.
   */
  ssm?: InstanceInformationStringFilter[][];
  /** The tag targets as EC2 filters, one query each (instance IDs are looked up by ID). */
  ec2: Filter[][];
  /** Why the fleet cannot be listed exactly, when it cannot. */
  limit?: string;
}

/** Instance IDs per DescribeInstanceInformation call (its filter takes at most 100 values). */
export const IDS_PER_CALL = 50;

/** One query per target: State Manager ORs the targets; DescribeInstanceInformation ANDs its filters. */
export function fleetQuery(targets: readonly RolloutTarget[]): FleetQuery {
  const ssm: InstanceInformationStringFilter[][] = [];
  const ec2: Filter[][] = [];
  for (const t of targets) {
    if (t.Key === 'InstanceIds') {
      if (t.Values.includes('*')) ssm.push([]);
      else
        for (let k = 0; k < t.Values.length; k += IDS_PER_CALL)
          ssm.push([{ Key: 'InstanceIds', Values: t.Values.slice(k, k + IDS_PER_CALL) }]);
    } else if (t.Key.startsWith('tag:')) {
      ssm.push([{ Key: t.Key, Values: t.Values }]);
      ec2.push([{ Name: t.Key, Values: t.Values }]);
    } else
      return {
        ec2,
        limit: `target ${t.Key}=${t.Values.join(',')} cannot be listed by DescribeInstanceInformation (resource groups need the Resource Groups API); the preflight covers tag and instance-ID targets only`,
      };
  }
  return { ssm, ec2 };
}

export interface FleetCalls {
  ssm: number;
  ec2: number;
}

/** The instances one query selects (every page). */
async function describeAll(
  ssm: SSMClient,
  filters: InstanceInformationStringFilter[],
  calls: FleetCalls,
): Promise<FleetInstance[]> {
  const out: FleetInstance[] = [];
  let token: string | undefined;
  do {
    calls.ssm++;
    const page = await ssm.send(
      new DescribeInstanceInformationCommand({
        ...(filters.length ? { Filters: filters } : {}),
        MaxResults: 50,
        ...(token ? { NextToken: token } : {}),
      }),
    );
    for (const i of page.InstanceInformationList ?? [])
      out.push({
        instanceId: i.InstanceId ?? '',
        platformType: i.PlatformType ?? '',
        platformName: i.PlatformName ?? '',
        platformVersion: i.PlatformVersion ?? '',
        resourceType: i.ResourceType ?? '',
        ec2Architecture: '',
        ssmArchitecture: '',
      });
    token = page.NextToken;
  } while (token);
  return out;
}

const isInvalidInstanceId = (err: unknown) => (err as { name?: string }).name === 'InvalidInstanceId';

/**
 * The managed instances among `ids`: asked all at once; when SSM refuses the call because one of them
 * is not a managed node (InvalidInstanceId), the list is halved until each unmanaged ID is found alone.
 */
async function describeIds(
  ssm: SSMClient,
  ids: string[],
  calls: FleetCalls,
  unmanaged: string[],
): Promise<FleetInstance[]> {
  try {
    return await describeAll(ssm, [{ Key: 'InstanceIds', Values: ids }], calls);
  } catch (err) {
    if (!isInvalidInstanceId(err)) throw err;
    if (ids.length === 1) {
      unmanaged.push(ids[0]!);
      return [];
    }
    const half = Math.ceil(ids.length / 2);
    return [
      ...(await describeIds(ssm, ids.slice(0, half), calls, unmanaged)),
      ...(await describeIds(ssm, ids.slice(half), calls, unmanaged)),
    ];
  }
}

/**
 * The fleet, the targeted instance IDs that are not managed nodes (State Manager skips them), and why
 * the hybrid nodes' architectures could not be read, when they could not.
 */
export type Fleet = FleetInstance[] & { unmanaged: string[]; hybridArchitectures?: string };

/** Hybrid node IDs per DescribeInstanceProperties call (a filter's value set; the page holds them all). */
export const HYBRID_IDS_PER_CALL = 40;

/**
 * The hybrid (mi-) nodes' architecture as SSM knows it (DescribeInstanceProperties' Architecture). A
 * refusal (a policy from before this call, a partition without it) is not the rollout's failure: their
 * architecture stays unknown, and the reason is returned.
 */
async function hybridArchitectures(
  ssm: SSMClient,
  nodes: FleetInstance[],
  calls: FleetCalls,
): Promise<string | undefined> {
  try {
    for (let k = 0; k < nodes.length; k += HYBRID_IDS_PER_CALL) {
      const ids = nodes.slice(k, k + HYBRID_IDS_PER_CALL);
      let token: string | undefined;
      do {
        calls.ssm++;
        const page = await ssm.send(
          new DescribeInstancePropertiesCommand({
            InstancePropertyFilterList: [{ key: 'InstanceIds', valueSet: ids.map((f) => f.instanceId) }],
            MaxResults: 50,
            ...(token ? { NextToken: token } : {}),
          }),
        );
        for (const p of page.InstanceProperties ?? []) {
          const f = ids.find((x) => x.instanceId === p.InstanceId);
          if (f) f.ssmArchitecture = p.Architecture ?? '';
        }
        token = page.NextToken;
      } while (token);
    }
    return undefined;
  } catch (err) {
    const e = err as { name?: string; message?: string };
    return `ssm:DescribeInstanceProperties answered ${e.name ?? 'an error'}${e.message ? ` (${e.message})` : ''}: the hybrid nodes' architecture is unknown (grant it as iam/rollout-policy.json does)`;
  }
}

/** Lists the managed instances of the targets (their union), with their EC2 architecture. */
export async function listFleet(
  ssm: SSMClient,
  ec2: EC2Client,
  query: FleetQuery,
  calls: FleetCalls = { ssm: 0, ec2: 0 },
): Promise<Fleet> {
  const byId = new Map<string, FleetInstance>();
  const unmanaged: string[] = [];
  for (const filters of query.ssm ?? []) {
    const ids = filters.find((f) => f.Key === 'InstanceIds')?.Values;
    const found = ids
      ? await describeIds(ssm, ids, calls, unmanaged)
      : await describeAll(ssm, filters, calls);
    for (const f of found) if (!byId.has(f.instanceId)) byId.set(f.instanceId, f);
  }
  const fleet: Fleet = Object.assign([...byId.values()], { unmanaged: [...new Set(unmanaged)] });

  const hybrid = fleet.filter((f) => f.instanceId.startsWith('mi-'));
  if (hybrid.length) {
    const why = await hybridArchitectures(ssm, hybrid, calls);
    if (why) fleet.hybridArchitectures = why;
  }
  const ec2Ids = fleet.filter((f) => f.instanceId.startsWith('i-'));
  if (!ec2Ids.length) return fleet;
  const arch = new Map<string, string>();
  const describe = async (Filters: Filter[], paged: boolean) => {
    let next: string | undefined;
    do {
      calls.ec2++;
      const out = await ec2.send(
        new DescribeInstancesCommand({
          Filters,
          ...(paged ? { MaxResults: 1000 } : {}),
          ...(next ? { NextToken: next } : {}),
        }),
      );
      for (const r of out.Reservations ?? [])
        for (const i of r.Instances ?? []) if (i.InstanceId) arch.set(i.InstanceId, i.Architecture ?? '');
      next = out.NextToken;
    } while (next);
  };
  // Each tag target as an EC2 filter (1,000 a page) …
  for (const filters of query.ec2) await describe(filters, true);
  // … then, by ID, whatever that missed (instance-ID targets, tags that SSM and EC2 see differently), 200 IDs a call.
  const missing = ec2Ids.filter((f) => !arch.has(f.instanceId)).map((f) => f.instanceId);
  for (let k = 0; k < missing.length; k += 200)
    await describe([{ Name: 'instance-id', Values: missing.slice(k, k + 200) }], false);
  for (const f of ec2Ids) f.ec2Architecture = arch.get(f.instanceId) ?? '';
  return fleet;
}
