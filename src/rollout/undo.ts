/**
 * Undo in one input (rollback-to: previous | <version name>), as AWS undoes its own collector package:
 * first read every region (the document's versions, every ring's pin) and resolve the version; refuse,
 * before any change, a version that is missing or not Active in any region, or a "previous" that is
 * not the same version everywhere; then pin every ring to it and make it the default. Never deletes a
 * version.
 */
import type { SSMClient } from '@aws-sdk/client-ssm';
import { ref } from '../common/names.js';
import type { RolloutInputs } from '../inputs/rollout.js';
import { ringAssociation, ringAssociationName } from './association.js';
import {
  documentVersions,
  moveDefault,
  readRing,
  rolledBack,
  setRolledBack,
  writeRingPin,
  type DocVersion,
} from './rings-aws.js';
import type { RingState } from './rings.js';

export interface UndoRead {
  region: string;
  versions: DocVersion[];
  /** The versions earlier undos left (the document's rolled-back tag). */
  rolledBack: string[];
  rings: (RingState & { found?: import('./association.js').FoundAssociation })[];
}

export async function readUndo(
  ssm: SSMClient,
  r: RolloutInputs,
  packageName: string,
  region: string,
): Promise<UndoRead> {
  const versions = await documentVersions(ssm, packageName);
  const rings = await Promise.all(
    (r.plan?.rings ?? []).map((g) =>
      readRing(ssm, g, ringAssociationName(r.associationName, g.name), new Set(), packageName),
    ),
  );
  return { region, versions, rings, rolledBack: versions.length ? await rolledBack(ssm, packageName) : [] };
}

/** The version "previous" means in one region: the newest Active version older than the newest one in use. */
function previousIn(read: UndoRead): { name?: string; problem?: string } {
  const inUse = new Set([
    ...read.versions.filter((v) => v.isDefault).map((v) => v.versionName),
    ...read.rings.filter((s) => s.id && s.action !== 'Uninstall' && s.version).map((s) => s.version!),
  ]);
  const used = read.versions.filter((v) => inUse.has(v.versionName));
  const top = used.at(-1);
  if (!top)
    return { problem: `${read.region}: no version of the package is in use (no default, no ring pinned)` };
  const prev = read.versions
    .filter(
      (v) => Number(v.documentVersion) < Number(top.documentVersion) && v.versionName !== top.versionName,
    )
    .filter((v) => v.status === 'Active')
    .at(-1);
  if (!prev) return { problem: `${read.region}: no Active version before ${top.versionName}` };
  return { name: prev.versionName };
}

/** The version to return to, or every problem (one line per region). */
export function resolveUndo(
  reads: readonly UndoRead[],
  rollbackTo: string,
): { version?: string; problems: string[] } {
  const problems: string[] = [];
  let version = rollbackTo;
  if (rollbackTo === 'previous') {
    const each = reads.map((x) => ({ region: x.region, ...previousIn(x) }));
    problems.push(...each.flatMap((x) => (x.problem ? [x.problem] : [])));
    const names = [...new Set(each.flatMap((x) => (x.name ? [x.name] : [])))];
    if (names.length > 1)
      problems.push(
        `previous is not the same version everywhere (${each.map((x) => `${x.region}: ${x.name ?? 'none'}`).join(', ')}); give the version name in ${ref('rollback-to')}`,
      );
    if (problems.length) return { problems };
    version = names[0]!;
  }
  for (const x of reads) {
    const v = x.versions.find((y) => y.versionName === version);
    if (!v)
      problems.push(
        `${x.region}: version ${version} is not published there (versions: ${x.versions.map((y) => y.versionName || y.documentVersion).join(', ') || 'none'})`,
      );
    else if (v.status !== 'Active')
      problems.push(`${x.region}: version ${version} is ${v.status}, not Active`);
  }
  return problems.length ? { problems } : { version, problems };
}

/** Pins every installing ring to the version and makes it the default; returns what changed. */
export async function applyUndo(
  ssm: SSMClient,
  read: UndoRead,
  r: RolloutInputs,
  packageName: string,
  version: string,
): Promise<{ changes: string[]; defaultMoved?: { from: string; to: string } }> {
  const changes: string[] = [];
  const target = read.versions.find((v) => v.versionName === version)!;
  // Recorded first: the versions left behind are never rolled out again by the rings, even if a move below fails.
  const left = new Set([
    ...read.versions.filter((v) => v.isDefault).map((v) => v.versionName),
    ...read.rings.filter((s) => s.id && s.ring.action !== 'Uninstall' && s.version).map((s) => s.version!),
  ]);
  const newer = read.versions
    .filter((v) => left.has(v.versionName) && Number(v.documentVersion) > Number(target.documentVersion))
    .map((v) => v.versionName);
  const marked = [...read.rolledBack.filter((v) => v !== version), ...newer];
  if (marked.join(' ') !== read.rolledBack.join(' ')) {
    await setRolledBack(ssm, packageName, marked);
    if (newer.length) changes.push(`marked rolled back: ${newer.join(', ')}`);
  }
  for (const s of read.rings) {
    if (!s.id || s.ring.action === 'Uninstall' || s.version === version) continue;
    await writeRingPin(ssm, s, ringAssociation(r, s.ring, packageName, version), packageName);
    changes.push(`ring ${s.ring.name}: ${s.version || 'default'} → ${version}`);
  }
  const current = read.versions.find((v) => v.isDefault);
  if (!current || current.documentVersion !== target.documentVersion) {
    await moveDefault(ssm, packageName, target.documentVersion);
    changes.push(`default version: ${current?.versionName ?? 'none'} → ${version}`);
    return { changes, defaultMoved: { from: current?.versionName ?? '', to: version } };
  }
  return { changes };
}
