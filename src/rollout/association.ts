/**
 * The State Manager association that installs the package (AWS-ConfigureAWSPackage), as one complete
 * definition, and how it differs from the association found. UpdateAssociation sets every field it is
 * not sent to null, so an update always sends the whole definition; an unchanged association is not
 * updated at all (an update would also run it again on every instance). Pure.
 */
import type { ComplianceSeverity, RolloutInputs, RolloutTarget } from '../inputs/rollout.js';
import type { Ring } from '../inputs/rollout-plan.js';

export const CONFIGURE_PACKAGE = 'AWS-ConfigureAWSPackage';

/** The fields we own, in the shape CreateAssociation and UpdateAssociation take. */
export interface AssociationDefinition {
  Name: string;
  AssociationName: string;
  Targets: RolloutTarget[];
  Parameters: Record<string, string[]>;
  ScheduleExpression?: string;
  MaxConcurrency: string;
  MaxErrors: string;
  ComplianceSeverity: ComplianceSeverity;
  SyncCompliance: 'AUTO';
  ApplyOnlyAtCronInterval: boolean;
  /** A ring's CloudWatch alarms: the association stops while one is in ALARM. */
  AlarmConfiguration?: { Alarms: { Name: string }[]; IgnorePollAlarmFailure: boolean };
}

/** What DescribeAssociation returns of those fields (AssociationDescription). */
export interface FoundAssociation {
  AssociationId?: string;
  AssociationVersion?: string;
  Name?: string;
  AssociationName?: string;
  DocumentVersion?: string;
  Targets?: { Key?: string; Values?: string[] }[];
  Parameters?: Record<string, string[]>;
  ScheduleExpression?: string;
  MaxConcurrency?: string;
  MaxErrors?: string;
  ComplianceSeverity?: string;
  SyncCompliance?: string;
  ApplyOnlyAtCronInterval?: boolean;
  AlarmConfiguration?: { Alarms?: { Name?: string }[]; IgnorePollAlarmFailure?: boolean };
  /** When it was created. */
  Date?: Date;
  LastUpdateAssociationDate?: Date;
}

export function desiredAssociation(r: RolloutInputs, packageName: string): AssociationDefinition {
  return {
    Name: CONFIGURE_PACKAGE,
    AssociationName: r.associationName,
    Targets: r.targets.map((t) => ({ Key: t.Key, Values: [...t.Values] })),
    Parameters: {
      action: ['Install'],
      installationType: [r.installationType],
      name: [packageName],
      // Empty: the document's default version, so a new default rolls out on the schedule.
      version: [''],
      additionalArguments: [r.additionalArguments || '{}'],
    },
    ...(r.schedule ? { ScheduleExpression: r.schedule } : {}),
    MaxConcurrency: r.maxConcurrency,
    MaxErrors: r.maxErrors,
    ComplianceSeverity: r.complianceSeverity,
    SyncCompliance: 'AUTO',
    ApplyOnlyAtCronInterval: r.applyOnlyAtCronInterval,
  };
}

/** A ring's association, <association-name>-<ring>, pinned to `version` ('' with Uninstall: any version). */
export function ringAssociation(
  r: RolloutInputs,
  ring: Ring,
  packageName: string,
  version: string,
): AssociationDefinition {
  const base = desiredAssociation(
    {
      ...r,
      targets: ring.targets,
      associationName: ringAssociationName(r.associationName, ring.name),
      maxConcurrency: ring.maxConcurrency,
      maxErrors: ring.maxErrors,
      complianceSeverity: ring.complianceSeverity,
    },
    packageName,
  );
  return {
    ...base,
    Parameters: {
      ...base.Parameters,
      action: [ring.action],
      version: [ring.action === 'Uninstall' ? '' : version],
    },
    ...(ring.alarms.length
      ? {
          AlarmConfiguration: {
            Alarms: ring.alarms.map((Name) => ({ Name })),
            // An alarm that cannot be read stops the ring too: a rollout is never unguarded by mistake.
            IgnorePollAlarmFailure: false,
          },
        }
      : {}),
  };
}

export function ringAssociationName(base: string, ring: string): string {
  return `${base}-${ring}`;
}

const alarmsKey = (a: FoundAssociation['AlarmConfiguration']) =>
  JSON.stringify([
    (a?.Alarms ?? []).map((x) => x.Name ?? '').sort(),
    a?.Alarms?.length ? !!a.IgnorePollAlarmFailure : false,
  ]);

const targetsKey = (ts: { Key?: string; Values?: string[] }[] | undefined) =>
  JSON.stringify(
    (ts ?? [])
      .map((t) => [t.Key ?? '', [...(t.Values ?? [])].sort()])
      .sort((a, b) => (String(a) < String(b) ? -1 : 1)),
  );

/** Parameters as the agent sees them: a missing parameter is its default ("" or "{}"). */
function paramsKey(p: Record<string, string[]> | undefined): string {
  const defaults: Record<string, string> = { version: '', additionalArguments: '{}' };
  const keys = new Set([...Object.keys(p ?? {}), ...Object.keys(defaults)]);
  const norm: Record<string, string> = {};
  for (const k of [...keys].sort()) {
    let v = p?.[k]?.join('\n') ?? defaults[k] ?? '';
    if (k === 'additionalArguments' && v.trim() === '') v = '{}';
    if (k === 'additionalArguments')
      try {
        v = JSON.stringify(JSON.parse(v));
      } catch {
        // compared as written
      }
    norm[k] = v;
  }
  return JSON.stringify(norm);
}

/** The fields of the found association that differ from the definition (empty: nothing to do). */
export function associationDiff(found: FoundAssociation, want: AssociationDefinition): string[] {
  const out: string[] = [];
  if (found.Name !== want.Name && !found.Name?.endsWith(`:document/${want.Name}`)) out.push('Name');
  if (found.DocumentVersion && found.DocumentVersion !== '$DEFAULT') out.push('DocumentVersion');
  if (targetsKey(found.Targets) !== targetsKey(want.Targets)) out.push('Targets');
  if (paramsKey(found.Parameters) !== paramsKey(want.Parameters)) out.push('Parameters');
  if ((found.ScheduleExpression ?? '') !== (want.ScheduleExpression ?? '')) out.push('ScheduleExpression');
  if ((found.MaxConcurrency ?? '') !== want.MaxConcurrency) out.push('MaxConcurrency');
  if ((found.MaxErrors ?? '') !== want.MaxErrors) out.push('MaxErrors');
  if ((found.ComplianceSeverity ?? 'UNSPECIFIED') !== want.ComplianceSeverity) out.push('ComplianceSeverity');
  if ((found.SyncCompliance ?? 'AUTO') !== want.SyncCompliance) out.push('SyncCompliance');
  if ((found.ApplyOnlyAtCronInterval ?? false) !== want.ApplyOnlyAtCronInterval)
    out.push('ApplyOnlyAtCronInterval');
  if (alarmsKey(found.AlarmConfiguration) !== alarmsKey(want.AlarmConfiguration))
    out.push('AlarmConfiguration');
  return out;
}

/** The maximum number of failed instances max-errors allows out of `total` (SSM rounds a percentage down). */
export function allowedErrors(maxErrors: string, total: number): number {
  const m = /^(\d+)%$/.exec(maxErrors);
  if (m) return Math.floor((Number(m[1]) * total) / 100);
  return Number(maxErrors);
}
