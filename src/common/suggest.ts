/**
 * "Did you mean …?": the closest known word to a mistyped one, and whether a region name is one (from
 * the AWS SDK's partition data, ./partitions.ts). Pure.
 */
import { listedRegions, partitionOf } from './partitions.js';

/** Edit distance (insertions, deletions, substitutions) between two strings. */
export function editDistance(a: string, b: string): number {
  const d = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0]!;
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = d[j]!;
      d[j] = Math.min(d[j]! + 1, d[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return d[b.length]!;
}

/**
 * The option closest to word (case-insensitive), if it is near enough to be a typo: at most
 * maxDistance edits, or one being the other with a character left out or added (agent-dir/agents-dir).
 */
export function closest(word: string, options: readonly string[], maxDistance = 2): string | undefined {
  const w = word.toLowerCase();
  let best: string | undefined;
  let bestD = maxDistance + 1;
  for (const o of options) {
    const dd = editDistance(w, o.toLowerCase());
    if (dd < bestD) {
      bestD = dd;
      best = o;
    }
  }
  return best;
}

/**
 * Why a region name is wrong, with the region meant when it looks like a typo; undefined when the AWS
 * SDK's partition data lists it, or it is a newer number in an area the SDK lists (eu-south-3) and
 * matches its partition's region pattern. A misspelt area (eu-wst-1) is refused, with the one meant.
 */
export function regionProblem(region: string): string | undefined {
  const p = partitionOf(region);
  const listed = listedRegions();
  const area = (r: string) => r.replace(/-\d+$/, '');
  if (p && (p.listed || listed.some((r) => area(r) === area(region)))) return undefined;
  const near = closest(region, listed, 3);
  return `"${region}" is not an AWS region${near ? `; did you mean ${near}?` : ' name such as us-east-1'}`;
}
