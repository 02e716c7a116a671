/**
 * Which installers a mapping needs: one per OS × arm64-or-not × Protect-or-sensor, shared by the
 * entries that use it (8 entries of the original mapping need 5). Planning only: no file, no network.
 * The agents stage gets these installers (from the Uptycs API or a folder); the package stage zips them.
 */
import { UserError } from '../common/errors.js';
import { ref } from '../common/names.js';
import { UPT_PACKAGES, type InstallerType, type UptPackage } from './distributor.js';
import { describeEntry, type MappingEntry } from './mapping.js';

/** An installer on disk, ready to be zipped. */
export interface Installer {
  path: string;
  /** The file name as it will appear in the zip and in the scripts. */
  fileName: string;
  size: number;
  type: InstallerType;
  /** The SHA-256 computed as it was downloaded (the zip's build checks the bytes it zips against it). */
  sha256?: string;
}

/** One installer the Uptycs API serves: os × arm64-or-not × Protect-or-sensor. */
export interface InstallerSpec {
  /** Stable id and folder name, e.g. "centos-arm64". */
  id: string;
  os: UptPackage;
  /** gravitonPackage=true (arm64). */
  graviton: boolean;
  /** remediationPackage=true (Uptycs Protect); false with sensor-only. */
  protect: boolean;
  type: InstallerType;
}

/** The distinct installers the entries need, in a stable order, and which one each dir uses. */
export function planInstallers(
  entries: MappingEntry[],
  sensorOnly: boolean,
): { specs: InstallerSpec[]; specByDir: Map<string, InstallerSpec> } {
  const byId = new Map<string, InstallerSpec>();
  const specByDir = new Map<string, InstallerSpec>();
  const problems: string[] = [];
  for (const e of entries) {
    if (e.arch === '386') {
      problems.push(
        `${describeEntry(e)} (${e.dir}): arch_type "386" has no Uptycs installer; use x86_64 or arm64 (line ${e.location.line})`,
      );
      continue;
    }
    const graviton = e.arch === 'arm64';
    if (graviton && e.uptPackage === 'windows') {
      problems.push(
        `${describeEntry(e)} (${e.dir}): the Uptycs API offers arm64 (graviton) installers for Linux only; use arch_type x86_64 (line ${e.location.line})`,
      );
      continue;
    }
    const id = `${e.uptPackage}-${graviton ? 'arm64' : 'x86_64'}`;
    let spec = byId.get(id);
    if (!spec) {
      spec = { id, os: e.uptPackage, graviton, protect: !sensorOnly, type: UPT_PACKAGES[e.uptPackage] };
      byId.set(id, spec);
    }
    specByDir.set(e.dir, spec);
  }
  if (problems.length)
    throw new UserError(
      `${ref('mapping')}: ${problems.length} entr${problems.length > 1 ? 'ies ask' : 'y asks'} for an installer Uptycs does not make (fix the file):\n${problems.map((p) => `  ${p}`).join('\n')}`,
      problems.map((message) => ({ message })),
    );
  const order: UptPackage[] = ['centos', 'debian', 'windows'];
  const specs = [...byId.values()].sort(
    (a, b) => order.indexOf(a.os) - order.indexOf(b.os) || Number(a.graviton) - Number(b.graviton),
  );
  return { specs, specByDir };
}
