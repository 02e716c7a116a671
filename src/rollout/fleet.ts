/**
 * The targeted fleet, read from AWS: managed instances from SSM DescribeInstanceInformation (with the
 * association's tag and instance-ID targets as filters, 50 a page), architectures from EC2
 * DescribeInstances (SSM does not report them; 1,000 a page). 10,000 instances take about 210 calls.
 */
import { DescribeInstancesCommand, type EC2Client, type Filter } from '@aws-sdk/client-ec2';
import {
  DescribeInstanceInformationCommand,
  type InstanceInformationStringFilter,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import type { RolloutTarget } from '../inputs/rollout.js';
import type { FleetInstance } from './platforms.js';

export interface FleetQuery {
  /** SSM filters (undefined: a target cannot be expressed as a filter, e.g. a resource group). */
  ssm?: InstanceInformationStringFilter[];
  ec2: Filter[];
  /** Why the fleet cannot be listed exactly, when it cannot. */
  limit?: string;
}

/** The filters that select the association's targets (all of them: SSM ANDs the filters, as targets). */
export function fleetQuery(targets: readonly RolloutTarget[]): FleetQuery {
  const ssm: InstanceInformationStringFilter[] = [];
  const ec2: Filter[] = [];
  for (const t of targets) {
    if (t.Key === 'InstanceIds') {
      ssm.push({ Key: 'InstanceIds', Values: t.Values });
      ec2.push({ Name: 'instance-id', Values: t.Values.filter((v) => v.startsWith('i-')) });
    } else if (t.Key.startsWith('tag:')) {
      ssm.push({ Key: t.Key, Values: t.Values });
      ec2.push({ Name: t.Key, Values: t.Values });
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

/** Lists the managed instances of the targets, with their EC2 architecture. */
export async function listFleet(
  ssm: SSMClient,
  ec2: EC2Client,
  query: FleetQuery,
  calls: FleetCalls = { ssm: 0, ec2: 0 },
): Promise<FleetInstance[]> {
  const fleet: FleetInstance[] = [];
  let token: string | undefined;
  do {
    calls.ssm++;
    const page = await ssm.send(
      new DescribeInstanceInformationCommand({
        ...(query.ssm?.length ? { Filters: query.ssm } : {}),
        MaxResults: 50,
        ...(token ? { NextToken: token } : {}),
      }),
    );
    for (const i of page.InstanceInformationList ?? [])
      fleet.push({
        instanceId: i.InstanceId ?? '',
        platformType: i.PlatformType ?? '',
        platformName: i.PlatformName ?? '',
        platformVersion: i.PlatformVersion ?? '',
        resourceType: i.ResourceType ?? '',
        ec2Architecture: '',
      });
    token = page.NextToken;
  } while (token);

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
  // The same targets as EC2 filters (one pass, 1,000 a page) …
  if (query.ec2.length) await describe(query.ec2, true);
  // … then, by ID, whatever that missed (tags that SSM and EC2 see differently), 200 IDs a call.
  const missing = ec2Ids.filter((f) => !arch.has(f.instanceId)).map((f) => f.instanceId);
  for (let k = 0; k < missing.length; k += 200)
    await describe([{ Name: 'instance-id', Values: missing.slice(k, k + 200) }], false);
  for (const f of ec2Ids) f.ec2Architecture = arch.get(f.instanceId) ?? '';
  return fleet;
}
