/**
 * Regions and partitions come from the AWS SDK's own partition data (issue 31 #6): a region the SDK
 * lists is accepted whatever partition it is in (eusc-de-east-1 was "not an AWS region"), its ARNs carry
 * its partition, and the generated copy never drifts from the installed SDK.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { partition as sdkPartition } from '@aws-sdk/core/client';
import { listedRegions, partitionOf } from '../src/common/partitions.js';
import { regionProblem } from '../src/common/suggest.js';
import { readInputs } from '../src/inputs/index.js';
import { documentArn } from '../src/publish/plan.js';
import { PARTITIONS_FILE, partitionsSource } from '../scripts/partitions.js';
import { ROOT } from './helpers/runner.js';

describe('regions and partitions, from the AWS SDK', () => {
  it('src/common/aws-partitions.generated.ts is what npm run partitions writes from the installed SDK', async () => {
    const onDisk = readFileSync(path.join(ROOT, PARTITIONS_FILE), 'utf8');
    assert.equal(onDisk, await partitionsSource(), 'the SDK changed: run npm run partitions');
  });

  it('every region the SDK lists is accepted, in the partition the SDK puts it in', () => {
    const regions = listedRegions();
    assert.ok(regions.length > 40, `${regions.length} regions`);
    for (const region of regions) {
      assert.equal(regionProblem(region), undefined, region);
      const sdk = sdkPartition(region);
      const ours = partitionOf(region)!;
      assert.equal(ours.id, sdk.name, region);
      assert.equal(ours.dnsSuffix, sdk.dnsSuffix, region);
      assert.ok(ours.listed, region);
    }
  });

  it('eusc-de-east-1, the European Sovereign Cloud: accepted, aws-eusc, amazonaws.eu, its own ARNs', () => {
    assert.equal(regionProblem('eusc-de-east-1'), undefined);
    assert.deepEqual(partitionOf('eusc-de-east-1'), {
      id: 'aws-eusc',
      dnsSuffix: 'amazonaws.eu',
      dualStackDnsSuffix: 'api.amazonwebservices.eu',
      listed: true,
      description: 'AWS European Sovereign Cloud (Germany)',
    });
    assert.equal(
      documentArn('eusc-de-east-1', '123456789012', 'UptycsAgent'),
      'arn:aws-eusc:ssm:eusc-de-east-1:123456789012:document/UptycsAgent',
    );
    assert.equal(
      documentArn('cn-north-1', '123456789012', 'P'),
      'arn:aws-cn:ssm:cn-north-1:123456789012:document/P',
    );
    assert.equal(partitionOf('us-gov-west-1')!.id, 'aws-us-gov');
    const inputs = readInputs((n) => ({ 'aws-region': 'eusc-de-east-1, eu-west-1', mode: 'plan' })[n] ?? '', {
      mapping: path.join(ROOT, 'mappings/uptycs-agent-mapping.json'),
      outputDir: '/tmp/out',
      cwd: '/tmp',
    });
    assert.deepEqual(inputs.awsRegions, ['eusc-de-east-1', 'eu-west-1']);
  });

  it('a newer region of a partition (its pattern, not yet listed) passes; typos and non-regions do not', () => {
    assert.deepEqual(
      { ...partitionOf('eu-south-3')!, description: undefined },
      {
        id: 'aws',
        dnsSuffix: 'amazonaws.com',
        dualStackDnsSuffix: 'api.aws',
        listed: false,
        description: undefined,
      },
    );
    assert.equal(partitionOf('cn-south-7')!.id, 'aws-cn');
    assert.equal(partitionOf('eusc-de-west-2')!.id, 'aws-eusc');
    assert.match(
      regionProblem('eu-wst-1')!,
      /did you mean eu-west-1\?/,
      'a misspelt area is not a newer region',
    );
    assert.equal(partitionOf('mars-1'), undefined);
    assert.match(regionProblem('eusc-de-east1')!, /did you mean eusc-de-east-1\?/);
    assert.match(regionProblem('us-east1')!, /did you mean us-east-1\?/);
    assert.match(regionProblem('mars-1')!, /^"mars-1" is not an AWS region/);
  });
});
