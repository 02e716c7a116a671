/**
 * Following an association's execution, in process, with the real SDK against the fleet double:
 * targets paginated 50 at a time, outputs fetched only for failed instances (up to a limit), and a
 * wait that ends before the execution does. The double's document upstream is absent here, so every
 * instance fails the way the agent does when it cannot read the package document.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { SSMClient } from '@aws-sdk/client-ssm';
import { readRolloutInputs } from '../src/inputs/rollout.js';
import { desiredAssociation } from '../src/rollout/association.js';
import { ensureAssociation, followExecution } from '../src/rollout/follow.js';
import { startFakeFleet, syntheticNodes, type FakeFleet } from './helpers/fake-fleet.js';
import { isolateAwsEnv } from '../scripts/local-aws/moto.js';

describe('following an association execution', () => {
  let fleet: FakeFleet;
  let ssm: SSMClient;
  before(async () => {
    isolateAwsEnv();
    fleet = await startFakeFleet('http://127.0.0.1:9');
    ssm = new SSMClient({ region: 'us-east-1', endpoint: fleet.url, maxAttempts: 1 });
  });
  after(async () => {
    ssm.destroy();
    await fleet.stop();
  });
  beforeEach(() => fleet.reset());

  const want = () =>
    desiredAssociation(
      readRolloutInputs(
        (n) => (n === 'rollout-targets' ? 'tag:uptycs=yes' : ''),
        () => undefined,
        'UptycsAgent',
      )!,
      'UptycsAgent',
    );

  it('pages the targets and fetches the output of at most maxOutputs failed instances', async () => {
    fleet.add(...syntheticNodes(120, { uptycs: 'yes' }));
    const change = await ensureAssociation(ssm, want(), false);
    assert.equal(change.action, 'created');
    const exec = await followExecution(ssm, change.id, {
      deadline: Date.now() + 60_000,
      pollIntervalMs: 1,
      maxPollIntervalMs: 1,
      since: Date.now() - 1000,
      maxOutputs: 7,
    });
    assert.ok(exec);
    assert.equal(exec.targets.length, 120);
    assert.equal(new Set(exec.targets.map((t) => t.instanceId)).size, 120);
    assert.equal(fleet.count('DescribeAssociationExecutionTargets'), 3);
    assert.equal(fleet.count('GetCommandInvocation'), 7);
    assert.match(exec.targets[0]!.stderr!, /failed to retrieve package document UptycsAgent/);
    assert.equal(exec.waitExpired, false);
  });

  it('returns what it has, marked, when the wait ends before the execution', async () => {
    fleet.add(...syntheticNodes(3, { uptycs: 'yes' }));
    fleet.pendingPolls(100);
    const change = await ensureAssociation(ssm, want(), false);
    const sleeps: number[] = [];
    let clock = 0;
    const exec = await followExecution(ssm, change.id, {
      deadline: 10_000,
      now: () => clock,
      pollIntervalMs: 1000,
      maxPollIntervalMs: 4000,
      since: Date.now() - 1000,
      maxOutputs: 50,
      // Virtual time: each sleep moves the clock instead of waiting.
      sleep: async (ms) => {
        sleeps.push(ms);
        clock += ms;
      },
    });
    assert.ok(exec);
    assert.equal(exec.status, 'InProgress');
    assert.equal(exec.waitExpired, true);
    assert.deepEqual(sleeps, [1000, 1500, 2250, 3375], 'backoff grows by half, within the deadline');
    assert.equal(fleet.count('DescribeAssociationExecutions'), 5);
    assert.deepEqual(
      exec.targets.map((t) => t.status),
      ['InProgress', 'InProgress', 'InProgress'],
      'the targets as they are so far',
    );
    assert.equal(fleet.count('GetCommandInvocation'), 0);
  });

  it('follows the newest execution whatever order SSM lists them in (the double: oldest first)', async () => {
    fleet.add(...syntheticNodes(2, { uptycs: 'yes' }));
    const since = Date.now() - 1000;
    const change = await ensureAssociation(ssm, want(), false);
    for (let k = 0; k < 7; k++) {
      await new Promise((r) => setTimeout(r, 3));
      await ensureAssociation(ssm, want(), true);
    }
    const runs = fleet.associations()[0]!.executions;
    assert.equal(runs.length, 8);
    const exec = await followExecution(ssm, change.id, {
      deadline: Date.now() + 60_000,
      pollIntervalMs: 1,
      maxPollIntervalMs: 1,
      since,
      maxOutputs: 0,
    });
    assert.equal(exec?.executionId, runs.at(-1)!.id, 'the newest, not the newest of the first page');
    const call = fleet.calls.find((c) => c.action === 'DescribeAssociationExecutions')!;
    assert.deepEqual(
      (call.body.Filters as { Key: string }[]).map((f) => f.Key),
      ['CreatedTime'],
    );
  });

  it('an unchanged association is left alone, or started on request', async () => {
    const first = await ensureAssociation(ssm, want(), false);
    const same = await ensureAssociation(ssm, want(), false);
    assert.deepEqual([same.action, same.runsNow, same.id], ['unchanged', false, first.id]);
    const started = await ensureAssociation(ssm, want(), true);
    assert.deepEqual([started.action, started.started], ['unchanged', true]);
    assert.equal(fleet.count('StartAssociationsOnce'), 1);
    assert.equal(fleet.count('UpdateAssociation'), 0);
  });
});
