/**
 * "Did you mean …?": the closest known word to a mistyped one, and the AWS regions known today.
 * Pure.
 */

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

/** AWS regions (commercial, GovCloud, China) at the time of writing; newer ones are accepted too. */
export const AWS_REGIONS: readonly string[] = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'af-south-1',
  'ap-east-1',
  'ap-east-2',
  'ap-south-1',
  'ap-south-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-6',
  'ap-southeast-7',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ca-central-1',
  'ca-west-1',
  'eu-central-1',
  'eu-central-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-south-1',
  'eu-south-2',
  'eu-north-1',
  'il-central-1',
  'me-south-1',
  'me-central-1',
  'mx-central-1',
  'sa-east-1',
  'us-gov-east-1',
  'us-gov-west-1',
  'cn-north-1',
  'cn-northwest-1',
];

const AREAS = new Set(AWS_REGIONS.map((r) => r.replace(/-\d+$/, '')));

/**
 * Why a region name is wrong, with the region meant when it looks like a typo; undefined when it
 * is a known region, or a well-formed one in a known area (a region newer than this list).
 */
export function regionProblem(region: string): string | undefined {
  if (AWS_REGIONS.includes(region)) return undefined;
  const wellFormed = /^[a-z]{2}(-[a-z]+)+-\d+$/.test(region);
  if (wellFormed && AREAS.has(region.replace(/-\d+$/, ''))) return undefined;
  const near = closest(region, AWS_REGIONS, 3);
  return `"${region}" is not an AWS region${near ? `; did you mean ${near}?` : ' name such as us-east-1'}`;
}
