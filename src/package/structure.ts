/**
 * What a package version targets, as its manifest says it: each platform/version/arch and the zip it
 * installs. It follows from the mapping alone (the zips are grouped as the download planner groups
 * installers, and named after their first entry's dir), so a run can compare what it would publish
 * with what a published version holds before anything is downloaded or built. Pure.
 */
import type { MappingEntry } from '../plan/mapping.js';
import { buildManifest } from './manifest.js';
import { planFiles, type PlanOptions } from './plan.js';
import type { Manifest } from './types.js';

/** The manifest's targets: "platform version arch" → zip name. */
function targets(packages: Manifest['packages']): Map<string, string> {
  const out = new Map<string, string>();
  for (const [platform, versions] of Object.entries(packages ?? {}))
    for (const [version, arches] of Object.entries(versions ?? {}))
      for (const [arch, target] of Object.entries(arches ?? {}))
        out.set(`${platform} ${version} ${arch}`, String((target as { file?: unknown })?.file));
  return out;
}

/** The manifest's packages tree the mapping's entries make under a version name. */
export function plannedPackages(
  entries: MappingEntry[],
  versionName: string,
  opts: PlanOptions,
): Manifest['packages'] {
  const files = planFiles(entries, versionName, opts);
  return buildManifest(versionName, files).packages;
}

/**
 * How the targets of `wanted` differ from those of the published manifest (its text, as SSM holds
 * it): one line per platform/version/arch added, dropped or moved to another zip; empty when the
 * same; undefined when the published manifest cannot be read (nothing to compare with).
 */
export function structureChanges(wanted: Manifest['packages'], publishedText: string): string[] | undefined {
  let published: Manifest['packages'];
  try {
    published = (JSON.parse(publishedText) as Partial<Manifest>).packages ?? {};
  } catch {
    return undefined;
  }
  if (typeof published !== 'object' || published === null) return undefined;
  const [now, then] = [targets(wanted), targets(published)];
  const changes: string[] = [];
  for (const [key, file] of now) {
    const was = then.get(key);
    if (was === undefined) changes.push(`adds ${key}`);
    else if (was !== file) changes.push(`${key} in ${file}, published in ${was}`);
  }
  for (const key of then.keys()) if (!now.has(key)) changes.push(`drops ${key}`);
  return changes;
}

/** The changes as one phrase: the first few, and how many more. */
export function describeChanges(changes: string[], shown = 4): string {
  const more = changes.length - shown;
  return `${changes.slice(0, shown).join('; ')}${more > 0 ? `; and ${more} more` : ''}`;
}
