/**
 * What State Manager refuses in CreateAssociation / UpdateAssociation, as its API reference words the
 * rules, for every association double (the fleet's in the hub, the Organization's in member
 * accounts), so that none of them accepts what SSM would not:
 * - an association is aimed with Targets (1 to 5; `InstanceIds` = `*` is every managed node of the
 *   account); the deprecated InstanceId cannot be combined with AssociationName, DocumentVersion,
 *   MaxErrors, MaxConcurrency, OutputLocation or ScheduleExpression, and documents of schema 2.0 or
 *   later (AWS-ConfigureAWSPackage is 2.2) refuse it: so an association of that document with neither
 *   is refused, not created aimed at nothing;
 * - every target has a Key and 1 or more Values.
 * The error codes are this file's choice among the ones the reference lists (InvalidTarget,
 * ValidationException); the rules are the service's.
 */
export interface Refusal {
  type: string;
  message: string;
}

const WITH_TARGETS_ONLY = [
  'AssociationName',
  'DocumentVersion',
  'MaxErrors',
  'MaxConcurrency',
  'OutputLocation',
  'ScheduleExpression',
];

/** The refusal SSM answers for this CreateAssociation / UpdateAssociation body, or undefined. */
export function refuseAssociation(body: Record<string, unknown>): Refusal | undefined {
  const targets = body.Targets as { Key?: string; Values?: string[] }[] | undefined | null;
  const instanceId = body.InstanceId;
  if (Array.isArray(targets) && targets.length > 5)
    return {
      type: 'ValidationException',
      message: `1 validation error detected: Value at 'targets' failed to satisfy constraint: Member must have length less than or equal to 5`,
    };
  if (!targets?.length) {
    if (!instanceId)
      return {
        type: 'InvalidTarget',
        message:
          'The association has no target: specify Targets (for every managed node of the account, Key=InstanceIds,Values=*)',
      };
    const extra = WITH_TARGETS_ONLY.filter((k) => body[k] !== undefined && body[k] !== null);
    if (extra.length)
      return {
        type: 'InvalidTarget',
        message: `InstanceId cannot be used with ${extra.join(', ')}: use Targets`,
      };
    return undefined;
  }
  for (const t of targets)
    if (!t.Key || !Array.isArray(t.Values) || !t.Values.length)
      return { type: 'InvalidTarget', message: `Target ${t.Key ?? '(no key)'} has no values` };
  return undefined;
}
