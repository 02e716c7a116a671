/**
 * Association targets as the rollout inputs and the rollout plan write them (tag:K=V, resource
 * groups, instance IDs), and the compliance severities: the leaf both read. Pure.
 */

/** One association target, as SSM writes it: {Key: "tag:uptycs", Values: ["yes"]}. */
export interface RolloutTarget {
  Key: string;
  Values: string[];
}

export type ComplianceSeverity = 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW' | 'UNSPECIFIED';

const INSTANCE_ID_RE = /^(i-[0-9a-f]{8}([0-9a-f]{9})?|mi-[0-9a-f]{17})$/;

/**
 * Parses one target per line (or per ";"): `tag:Key=Value[,Value]`, `InstanceIds=i-…[,…]`,
 * `resource-groups:Name=Group`, or bare instance IDs (gathered into one InstanceIds target).
 */
export function parseTargets(text: string, bad: (message: string) => void): RolloutTarget[] {
  const out: RolloutTarget[] = [];
  const bareIds: string[] = [];
  for (const item of text
    .split(/[\n;]/)
    .map((s) => s.trim())
    .filter(Boolean)) {
    if (INSTANCE_ID_RE.test(item)) {
      bareIds.push(item);
      continue;
    }
    const m = /^([^=]+)=(.*)$/.exec(item);
    const key = m?.[1]?.trim() ?? '';
    const values = (m?.[2] ?? '')
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean);
    if (!m || !values.length) {
      bad(
        `"${item}" is not a target; write tag:Key=Value, InstanceIds=i-0123456789abcdef0 or resource-groups:Name=Group, one per line`,
      );
      continue;
    }
    if (/^instance-?ids$/i.test(key)) {
      for (const v of values)
        if (!INSTANCE_ID_RE.test(v)) bad(`"${v}" is not an instance ID such as i-0123456789abcdef0`);
      out.push({ Key: 'InstanceIds', Values: values });
    } else if (/^tag:.{1,128}$/.test(key)) out.push({ Key: key, Values: values });
    else if (key === 'resource-groups:Name') {
      if (values.length !== 1) bad(`"${item}": give one resource group per target`);
      out.push({ Key: key, Values: values });
    } else
      bad(
        `"${key}" is not a target key; use tag:<key>, InstanceIds or resource-groups:Name (for example tag:uptycs=yes)`,
      );
  }
  if (bareIds.length) out.push({ Key: 'InstanceIds', Values: bareIds });
  return out;
}
