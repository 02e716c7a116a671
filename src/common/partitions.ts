/**
 * AWS regions and their partitions, from the AWS SDK's own partition data (aws-partitions.generated.ts,
 * written from @aws-sdk/core by scripts/partitions.ts): which partition a region is in, its DNS suffix and
 * ARN prefix, whether it is a region the SDK lists. For ARNs (arn:<partition>:…), endpoints and the
 * OIDC audience of a partition. Pure.
 */
import { AWS_PARTITIONS } from './aws-partitions.generated.js';

export interface Partition {
  /** The partition's id, which is also the ARN prefix: aws, aws-cn, aws-us-gov, aws-eusc, aws-iso… */
  id: string;
  /** The service endpoints' DNS suffix: amazonaws.com, amazonaws.com.cn, amazonaws.eu… */
  dnsSuffix: string;
  dualStackDnsSuffix: string;
  /** Whether the SDK lists the region (false: a newer region that matches the partition's pattern). */
  listed: boolean;
  /** The region's name as the SDK describes it ("Europe (Ireland)"), or "" when not listed. */
  description: string;
}

type Entry = (typeof AWS_PARTITIONS)[number];

function describe(p: Entry, region: string): Partition {
  const regions = p.regions as Record<string, string>;
  const listed = Object.hasOwn(regions, region);
  return {
    id: p.id,
    dnsSuffix: p.dnsSuffix,
    dualStackDnsSuffix: p.dualStackDnsSuffix,
    listed,
    description: listed ? regions[region]! : '',
  };
}

/**
 * The partition of a region, as the SDK resolves it: the partition that lists it, else the one whose
 * region pattern it matches; undefined when no partition would take it (not a region name).
 */
export function partitionOf(region: string): Partition | undefined {
  for (const p of AWS_PARTITIONS) if (Object.hasOwn(p.regions, region)) return describe(p, region);
  for (const p of AWS_PARTITIONS) if (new RegExp(p.regionRegex).test(region)) return describe(p, region);
  return undefined;
}

/** Every region the SDK lists, in every partition. */
export function listedRegions(): string[] {
  return AWS_PARTITIONS.flatMap((p) => Object.keys(p.regions));
}
