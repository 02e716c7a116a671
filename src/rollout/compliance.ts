/**
 * The association's compliance on each instance (ListComplianceItems, ComplianceType Association): what
 * State Manager recorded at the association's last run there. An execution says the package installed;
 * compliance says what the latest run found, which, with the package's validate script, is whether the
 * agent still works. SSM takes one instance per call, so a bounded number are read, 5 at a time.
 */
import { ListComplianceItemsCommand, type SSMClient } from '@aws-sdk/client-ssm';

export interface ComplianceSummary {
  /** Instances read (at most the limit). */
  checked: number;
  compliant: number;
  nonCompliant: string[];
  /** No compliance item for this association yet. */
  missing: string[];
  /** Instances not read (beyond the limit). */
  notChecked: number;
}

async function statusOn(
  ssm: SSMClient,
  associationId: string,
  instanceId: string,
): Promise<string | undefined> {
  let token: string | undefined;
  do {
    const out = await ssm.send(
      new ListComplianceItemsCommand({
        ResourceIds: [instanceId],
        ResourceTypes: ['ManagedInstance'],
        Filters: [{ Key: 'ComplianceType', Values: ['Association'], Type: 'EQUAL' }],
        MaxResults: 50,
        ...(token ? { NextToken: token } : {}),
      }),
    );
    const item = (out.ComplianceItems ?? []).find((i) => i.Id === associationId);
    if (item) return item.Status;
    token = out.NextToken;
  } while (token);
  return undefined;
}

export async function associationCompliance(
  ssm: SSMClient,
  associationId: string,
  instanceIds: readonly string[],
  limit: number,
): Promise<ComplianceSummary> {
  const ids = instanceIds.slice(0, limit);
  const s: ComplianceSummary = {
    checked: ids.length,
    compliant: 0,
    nonCompliant: [],
    missing: [],
    notChecked: instanceIds.length - ids.length,
  };
  for (let k = 0; k < ids.length; k += 5)
    await Promise.all(
      ids.slice(k, k + 5).map(async (id) => {
        const status = await statusOn(ssm, associationId, id);
        if (status === 'COMPLIANT') s.compliant++;
        else if (status === 'NON_COMPLIANT') s.nonCompliant.push(id);
        else s.missing.push(id);
      }),
    );
  s.nonCompliant.sort();
  s.missing.sort();
  return s;
}

/** One line for the summary. */
export function complianceLine(c: ComplianceSummary): string {
  const list = (ids: string[]) => `${ids.slice(0, 5).join(', ')}${ids.length > 5 ? ', …' : ''}`;
  return `Compliance (State Manager's record of the association's last run on each instance; with the validate script, whether the agent still works): ${c.checked} checked, **${c.compliant} compliant**, **${c.nonCompliant.length} non-compliant**${c.nonCompliant.length ? ` (${list(c.nonCompliant)})` : ''}${c.missing.length ? `, ${c.missing.length} not reported yet (${list(c.missing)})` : ''}${c.notChecked ? `, ${c.notChecked} not checked` : ''}.`;
}
