/**
 * What the rings' decisions read from and write to AWS, in one region: each ring's association (found
 * by name, described, its newest execution at its current association version), the rings' CloudWatch
 * alarms (DescribeAlarms), the document's versions (ListDocumentVersions), and the writes: a ring's
 * association created or updated (always the whole definition), the document's default moved.
 */
import { DescribeAlarmsCommand, type CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import {
  AddTagsToResourceCommand,
  CreateAssociationCommand,
  DescribeAssociationCommand,
  DescribeAssociationExecutionsCommand,
  ListAssociationsCommand,
  ListDocumentVersionsCommand,
  ListTagsForResourceCommand,
  UpdateAssociationCommand,
  UpdateDocumentDefaultVersionCommand,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import type { Ring } from '../inputs/rollout-plan.js';
import { associationDiff, type AssociationDefinition, type FoundAssociation } from './association.js';
import type { RingExecution, RingState } from './rings.js';

/** One version of the package document. */
export interface DocVersion {
  documentVersion: string;
  versionName: string;
  status: string;
  isDefault: boolean;
}

/** The document's versions, oldest first; none when the document does not exist (in a dry run, not yet). */
export async function documentVersions(ssm: SSMClient, name: string): Promise<DocVersion[]> {
  try {
    return await listDocumentVersions(ssm, name);
  } catch (err) {
    if ((err as { name?: string }).name === 'InvalidDocument') return [];
    throw err;
  }
}

async function listDocumentVersions(ssm: SSMClient, name: string): Promise<DocVersion[]> {
  const out: DocVersion[] = [];
  let token: string | undefined;
  do {
    const page = await ssm.send(
      new ListDocumentVersionsCommand({ Name: name, MaxResults: 50, ...(token ? { NextToken: token } : {}) }),
    );
    for (const v of page.DocumentVersions ?? [])
      out.push({
        documentVersion: v.DocumentVersion ?? '',
        versionName: v.VersionName ?? '',
        status: v.Status ?? '',
        isDefault: !!v.IsDefaultVersion,
      });
    token = page.NextToken || undefined;
  } while (token);
  return out.sort((a, b) => Number(a.documentVersion) - Number(b.documentVersion));
}

export async function findAssociationId(ssm: SSMClient, name: string): Promise<string | undefined> {
  let token: string | undefined;
  do {
    const page = await ssm.send(
      new ListAssociationsCommand({
        AssociationFilterList: [{ key: 'AssociationName', value: name }],
        ...(token ? { NextToken: token } : {}),
      }),
    );
    const id = page.Associations?.find((a) => a.AssociationName === name)?.AssociationId;
    if (id) return id;
    token = page.NextToken;
  } while (token);
  return undefined;
}

const TERMINAL = new Set(['Success', 'Failed', 'TimedOut', 'Cancelled', 'Skipped']);

/** The newest execution at the association's current version (else since it last changed). */
async function newestExecution(
  ssm: SSMClient,
  found: FoundAssociation & { AssociationId: string },
  since: number,
): Promise<RingExecution | undefined> {
  const out = await ssm.send(
    new DescribeAssociationExecutionsCommand({ AssociationId: found.AssociationId, MaxResults: 10 }),
  );
  const e = (out.AssociationExecutions ?? [])
    .filter((x) =>
      x.AssociationVersion && found.AssociationVersion
        ? x.AssociationVersion === found.AssociationVersion
        : (x.CreatedTime?.getTime() ?? 0) >= since - 60_000,
    )
    .sort((a, b) => (b.CreatedTime?.getTime() ?? 0) - (a.CreatedTime?.getTime() ?? 0))[0];
  if (!e?.ExecutionId) return undefined;
  let counts: Record<string, number> = {};
  try {
    counts = JSON.parse(e.ResourceCountByStatus || '{}') as Record<string, number>;
  } catch {
    // counted as none
  }
  const total = Object.values(counts).reduce((n, c) => n + Number(c || 0), 0);
  return {
    id: e.ExecutionId,
    status: e.Status ?? '',
    created: e.CreatedTime?.getTime() ?? since,
    total,
    failed: Number(counts.Failed ?? 0) + Number(counts.TimedOut ?? 0),
    running: !TERMINAL.has(e.Status ?? ''),
  };
}

/** The alarms of `names` in ALARM, and the names CloudWatch does not have. */
export async function alarmStates(
  cw: CloudWatchClient,
  names: readonly string[],
): Promise<{ firing: Set<string>; missing: string[] }> {
  const firing = new Set<string>();
  const seen = new Set<string>();
  const unique = [...new Set(names)];
  for (let k = 0; k < unique.length; k += 100) {
    let token: string | undefined;
    do {
      const out = await cw.send(
        new DescribeAlarmsCommand({
          AlarmNames: unique.slice(k, k + 100),
          AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
          ...(token ? { NextToken: token } : {}),
        }),
      );
      for (const a of [...(out.MetricAlarms ?? []), ...(out.CompositeAlarms ?? [])]) {
        if (!a.AlarmName) continue;
        seen.add(a.AlarmName);
        if (a.StateValue === 'ALARM') firing.add(a.AlarmName);
      }
      token = out.NextToken;
    } while (token);
  }
  return { firing, missing: unique.filter((n) => !seen.has(n)) };
}

/**
 * A ring that names accounts or ous runs only in those member accounts (the Organization), never on the
 * hub's own instances: the hub keeps its pin, and when it moved, in a tag of the package document
 * (`uptycs-distributor:ring:<name>` = `<version>@<ms>`), which the Organization stage reads to pin the
 * members' associations. The hub sees no execution of it: such a ring is guarded by its bake time.
 */
export function memberOnly(ring: Pick<Ring, 'accounts' | 'ous'>): boolean {
  return ring.accounts.length > 0 || ring.ous.length > 0;
}

export const ringTagKey = (ring: string) => `uptycs-distributor:ring:${ring}`;

/** The pin a member-only ring's tag holds: undefined when the ring has not moved yet. */
function tagPin(value: string | undefined): { version: string; since: number } | undefined {
  const m = value === undefined ? undefined : /^(.*)@(\d+)$/.exec(value);
  return m ? { version: m[1]!, since: Number(m[2]) } : undefined;
}

/** The state of a member-only ring, from the document's tags (no association in the hub). */
async function readTagRing(
  ssm: SSMClient,
  state: RingState & { found?: FoundAssociation },
  packageName: string,
): Promise<RingState & { found?: FoundAssociation }> {
  const pin = tagPin(await documentTag(ssm, packageName, ringTagKey(state.ring.name)));
  if (!pin) return state;
  const done = { id: 'tag', status: 'Success', created: pin.since, total: 0, failed: 0, running: false };
  return {
    ...state,
    id: 'tag',
    version: pin.version,
    action: state.ring.action,
    since: pin.since,
    execution: done,
  };
}

/** Each ring's association as found (no association: only its name); a member-only ring's tag. */
export async function readRing(
  ssm: SSMClient,
  ring: Ring,
  associationName: string,
  firing: ReadonlySet<string>,
  packageName: string,
): Promise<RingState & { found?: FoundAssociation }> {
  const state: RingState & { found?: FoundAssociation } = {
    ring,
    associationName,
    firing: ring.alarms.filter((a) => firing.has(a)),
  };
  if (memberOnly(ring)) return readTagRing(ssm, state, packageName);
  const id = await findAssociationId(ssm, associationName);
  if (!id) return state;
  const found = (await ssm.send(new DescribeAssociationCommand({ AssociationId: id })))
    .AssociationDescription;
  const since = (found?.LastUpdateAssociationDate ?? found?.Date)?.getTime() ?? 0;
  state.id = id;
  state.found = found ?? {};
  state.version = found?.Parameters?.version?.[0] ?? '';
  state.action = found?.Parameters?.action?.[0] ?? 'Install';
  state.since = since;
  const e = await newestExecution(ssm, { ...(found ?? {}), AssociationId: id }, since);
  if (e) state.execution = e;
  return state;
}

/** Creates the association, or updates it with the whole definition when it differs. */
export async function writeAssociation(
  ssm: SSMClient,
  id: string | undefined,
  found: FoundAssociation | undefined,
  want: AssociationDefinition,
): Promise<{ id: string; action: 'created' | 'updated' | 'unchanged'; changed: string[] }> {
  if (!id) {
    const out = await ssm.send(new CreateAssociationCommand(want));
    return { id: out.AssociationDescription?.AssociationId ?? '', action: 'created', changed: [] };
  }
  const changed = associationDiff(found ?? {}, want);
  if (!changed.length) return { id, action: 'unchanged', changed };
  // The whole definition: UpdateAssociation sets every field it is not sent to null.
  await ssm.send(new UpdateAssociationCommand({ AssociationId: id, ...want }));
  return { id, action: 'updated', changed };
}

/**
 * Moves a ring's pin: its association in the hub (created, or updated with the whole definition), or, for
 * a member-only ring, its tag on the document (written only when the version differs).
 */
export async function writeRingPin(
  ssm: SSMClient,
  s: RingState & { found?: FoundAssociation },
  want: AssociationDefinition,
  packageName: string,
): Promise<{ id: string; action: 'created' | 'updated' | 'unchanged'; changed: string[] }> {
  if (!memberOnly(s.ring)) return writeAssociation(ssm, s.id, s.found, want);
  const version = want.Parameters.version?.[0] ?? '';
  if (s.id && s.version === version) return { id: 'tag', action: 'unchanged', changed: [] };
  await setDocumentTag(ssm, packageName, ringTagKey(s.ring.name), `${version}@${Date.now()}`);
  return { id: 'tag', action: s.id ? 'updated' : 'created', changed: ['version'] };
}

/** Each ring's pin in the hub, read only (for the member accounts): undefined while the ring has not moved. */
export async function ringPins(
  ssm: SSMClient,
  rings: readonly Ring[],
  base: string,
  packageName: string,
): Promise<Map<string, string | undefined>> {
  const pins = new Map<string, string | undefined>();
  let tags: { Key?: string; Value?: string }[] | undefined;
  for (const ring of rings) {
    if (memberOnly(ring)) {
      tags ??=
        (
          await ssm.send(
            new ListTagsForResourceCommand({ ResourceType: 'Document', ResourceId: packageName }),
          )
        ).TagList ?? [];
      pins.set(ring.name, tagPin(tags.find((t) => t.Key === ringTagKey(ring.name))?.Value)?.version);
      continue;
    }
    const id = await findAssociationId(ssm, `${base}-${ring.name}`);
    const found = id
      ? (await ssm.send(new DescribeAssociationCommand({ AssociationId: id }))).AssociationDescription
      : undefined;
    pins.set(ring.name, found ? (found.Parameters?.version?.[0] ?? '') : undefined);
  }
  return pins;
}

/** One tag of the package document (undefined: no such tag). */
export async function documentTag(ssm: SSMClient, name: string, key: string): Promise<string | undefined> {
  const out = await ssm.send(new ListTagsForResourceCommand({ ResourceType: 'Document', ResourceId: name }));
  return out.TagList?.find((t) => t.Key === key)?.Value;
}

/** Sets one tag of the package document (the others are kept). */
export async function setDocumentTag(
  ssm: SSMClient,
  name: string,
  key: string,
  value: string,
): Promise<void> {
  await ssm.send(
    new AddTagsToResourceCommand({
      ResourceType: 'Document',
      ResourceId: name,
      Tags: [{ Key: key, Value: value }],
    }),
  );
}

/** The document tag that records the versions an undo (rollback-to) left: the rings never return to them. */
export const ROLLED_BACK_TAG = 'uptycs-distributor:rolled-back';

export async function rolledBack(ssm: SSMClient, name: string): Promise<string[]> {
  const out = await ssm.send(new ListTagsForResourceCommand({ ResourceType: 'Document', ResourceId: name }));
  const value = out.TagList?.find((t) => t.Key === ROLLED_BACK_TAG)?.Value ?? '';
  return value.split(/\s+/).filter(Boolean);
}

export async function setRolledBack(
  ssm: SSMClient,
  name: string,
  versions: readonly string[],
): Promise<void> {
  // A tag value holds 256 characters: the newest versions are kept.
  let value = [...new Set(versions)].join(' ');
  while (value.length > 256) value = value.slice(value.indexOf(' ') + 1);
  await ssm.send(
    new AddTagsToResourceCommand({
      ResourceType: 'Document',
      ResourceId: name,
      Tags: [{ Key: ROLLED_BACK_TAG, Value: value }],
    }),
  );
}

export async function moveDefault(ssm: SSMClient, name: string, documentVersion: string): Promise<void> {
  await ssm.send(new UpdateDocumentDefaultVersionCommand({ Name: name, DocumentVersion: documentVersion }));
}
