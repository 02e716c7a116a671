/**
 * Listing the targeted fleet against a fleet double that answers DescribeInstanceInformation as the
 * API reference says: tag filters refused together with other filter types, InvalidInstanceId for a
 * call naming an instance that is not a managed node, filters AND'ed; and an association's targets
 * OR'ed as State Manager does. The real SDK, in process.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { EC2Client } from '@aws-sdk/client-ec2';
import { SSMClient } from '@aws-sdk/client-ssm';
import { fleetQuery, listFleet } from '../src/rollout/fleet.js';
import { startFakeFleet, syntheticNodes, type FakeFleet, type FleetNode } from './helpers/fake-fleet.js';
import { isolateAwsEnv } from '../scripts/local-aws/moto.js';

describe('the targeted fleet, as State Manager would select it', () => {
  let fleet: FakeFleet;
  let ssm: SSMClient;
  let ec2: EC2Client;
  before(async () => {
    isolateAwsEnv();
    fleet = await startFakeFleet('http://127.0.0.1:9');
    ssm = new SSMClient({ region: 'us-east-1', endpoint: fleet.url, maxAttempts: 1 });
    ec2 = new EC2Client({ region: 'us-east-1', endpoint: fleet.url, maxAttempts: 1 });
  });
  after(async () => {
    ssm.destroy();
    ec2.destroy();
    await fleet.stop();
  });
  beforeEach(() => fleet.reset());

  /** Node k of the synthetic fleet, with its own tags and ID. */
  const nodeWith = (k: number, id: string, tags: Record<string, string>): FleetNode => ({
    ...syntheticNodes(k + 1, {})[k]!,
    id,
    tags,
  });

  it('tags and instance IDs, one of them stale: the union of the targets, the stale ID named', async () => {
    fleet.add(
      nodeWith(0, 'i-00000000000000a01', { uptycs: 'yes' }),
      nodeWith(1, 'i-00000000000000a02', { ring: '1' }),
      nodeWith(2, 'i-00000000000000a03', {}),
      nodeWith(3, 'i-00000000000000a04', { uptycs: 'yes', ring: '1' }),
      nodeWith(4, 'i-00000000000000a05', { other: 'x' }),
    );
    const ids = ['i-00000000000000a03', 'i-0000000000000dead', 'i-00000000000000a04'];
    const query = fleetQuery([
      { Key: 'tag:uptycs', Values: ['yes'] },
      { Key: 'tag:ring', Values: ['1'] },
      { Key: 'InstanceIds', Values: ids },
    ]);
    const got = await listFleet(ssm, ec2, query);
    assert.deepEqual(got.map((f) => f.instanceId).sort(), [
      'i-00000000000000a01',
      'i-00000000000000a02',
      'i-00000000000000a03',
      'i-00000000000000a04',
    ]);
    assert.deepEqual(got.unmanaged, ['i-0000000000000dead']);
    assert.ok(
      got.every((f) => f.ec2Architecture),
      'every EC2 instance has its architecture',
    );
    // No call combined a tag filter with another filter type (the double would have refused it).
    for (const c of fleet.calls.filter((x) => x.action === 'DescribeInstanceInformation')) {
      const keys = ((c.body.Filters ?? []) as { Key: string }[]).map((f) => f.Key);
      assert.ok(
        keys.every((k) => k.startsWith('tag:')) || keys.every((k) => !k.startsWith('tag:')),
        keys.join(),
      );
    }
  });

  it('hybrid nodes: their architecture from SSM DescribeInstanceProperties, 40 a call; refused, it stays unknown and the reason is given', async () => {
    const hybrids = Array.from({ length: 45 }, (_, k) => ({
      ...nodeWith(k, `mi-${String(k).padStart(17, '0')}`, { uptycs: 'yes' }),
      resourceType: 'ManagedInstance' as const,
      ec2Arch: undefined,
      ssmArch: k === 0 ? 'aarch64' : k === 1 ? undefined : 'x86_64',
    }));
    fleet.add(nodeWith(50, 'i-00000000000000b01', { uptycs: 'yes' }), ...hybrids);
    const query = fleetQuery([{ Key: 'tag:uptycs', Values: ['yes'] }]);
    const got = await listFleet(ssm, ec2, query);
    const arch = (id: string) => got.find((f) => f.instanceId === id)?.ssmArchitecture;
    assert.equal(arch(hybrids[0]!.id), 'aarch64');
    assert.equal(arch(hybrids[1]!.id), '', 'not reported: unknown');
    assert.equal(arch(hybrids[44]!.id), 'x86_64');
    assert.equal(got.hybridArchitectures, undefined);
    const asked = fleet.calls.filter((c) => c.action === 'DescribeInstanceProperties');
    assert.deepEqual(
      asked.map((c) => (c.body.InstancePropertyFilterList as { valueSet: string[] }[])[0]!.valueSet.length),
      [40, 5],
      'only the hybrid nodes, 40 a call',
    );
    assert.ok(got.find((f) => f.instanceId === 'i-00000000000000b01')?.ec2Architecture, 'EC2 still from EC2');

    fleet.reset();
    fleet.add(...hybrids.slice(0, 2));
    fleet.refuse(
      'DescribeInstanceProperties',
      'AccessDeniedException',
      'not authorized to perform: ssm:DescribeInstanceProperties',
    );
    const refused = await listFleet(ssm, ec2, query);
    assert.deepEqual(
      refused.map((f) => f.ssmArchitecture),
      ['', ''],
    );
    assert.match(
      refused.hybridArchitectures!,
      /ssm:DescribeInstanceProperties answered AccessDeniedException .*architecture is unknown \(grant it as iam\/rollout-policy\.json does\)/,
    );
  });

  it('an association runs on what any target selects, and that is what the preflight listed', async () => {
    fleet.add(
      nodeWith(0, 'i-00000000000000b01', { uptycs: 'yes' }),
      nodeWith(1, 'i-00000000000000b02', { ring: '1' }),
      nodeWith(2, 'i-00000000000000b03', {}),
    );
    const targets = [
      { Key: 'tag:uptycs', Values: ['yes'] },
      { Key: 'tag:ring', Values: ['1'] },
    ];
    const listed = await listFleet(ssm, ec2, fleetQuery(targets));
    const { CreateAssociationCommand } = await import('@aws-sdk/client-ssm');
    await ssm.send(
      new CreateAssociationCommand({
        Name: 'AWS-ConfigureAWSPackage',
        AssociationName: 'uptycs',
        Targets: targets,
        Parameters: { action: ['Install'], name: ['UptycsAgent'], version: [''] },
      }),
    );
    const ran = fleet
      .associations()[0]!
      .executions[0]!.targets.map((t) => t.id)
      .sort();
    assert.deepEqual(listed.map((f) => f.instanceId).sort(), ran);
    assert.deepEqual(ran, ['i-00000000000000b01', 'i-00000000000000b02']);
  });

  it('the double refuses what DescribeInstanceInformation refuses', async () => {
    fleet.add(nodeWith(0, 'i-00000000000000c01', { uptycs: 'yes' }));
    const { DescribeInstanceInformationCommand } = await import('@aws-sdk/client-ssm');
    await assert.rejects(
      ssm.send(
        new DescribeInstanceInformationCommand({
          Filters: [
            { Key: 'tag:uptycs', Values: ['yes'] },
            { Key: 'InstanceIds', Values: ['i-00000000000000c01'] },
          ],
        }),
      ),
      /can't be combined/,
    );
    await assert.rejects(
      ssm.send(
        new DescribeInstanceInformationCommand({
          Filters: [{ Key: 'InstanceIds', Values: ['i-00000000000000c01', 'i-0000000000000dead'] }],
        }),
      ),
      (e: Error) => e.name === 'InvalidInstanceId',
    );
  });

  it('many instance IDs with a few stale: 50 a call, the stale ones found by halving', async () => {
    const nodes = syntheticNodes(120, {});
    fleet.add(...nodes);
    const ids = nodes.map((n) => n.id);
    ids.splice(10, 0, 'i-00000000000dead01');
    ids.splice(90, 0, 'mi-0000000000dead02');
    const calls = { ssm: 0, ec2: 0 };
    const got = await listFleet(ssm, ec2, fleetQuery([{ Key: 'InstanceIds', Values: ids }]), calls);
    assert.equal(got.length, 120);
    assert.deepEqual(got.unmanaged.sort(), ['i-00000000000dead01', 'mi-0000000000dead02']);
    assert.ok(calls.ssm <= 3 + 2 * 2 * 6, `${calls.ssm} SSM calls`);
  });
});
