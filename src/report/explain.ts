/**
 * Why an instance would not install, in plain words, from the manifest's tree. Pure.
 */
import type { Instance, ManifestPackages } from '../plan/distributor.js';
import { EXPECTED_GAPS, platformName } from './names.js';

/** Why an instance fails, in plain words. */
export function explainFailure(packages: ManifestPackages, inst: Instance): string {
  const gap = EXPECTED_GAPS[inst.platform];
  const name = platformName(inst.platform);
  const platformKey = inst.platform in packages ? inst.platform : '_any' in packages ? '_any' : undefined;
  if (!platformKey)
    return (
      gap ?? `the package has nothing for ${name} (no \`${inst.platform}\` entry and no \`_any\` platform)`
    );
  const versions = packages[platformKey]!;
  const parts = inst.version.split('.');
  const candidates = [
    inst.version,
    ...parts.slice(0, -1).map((_, k) => `${parts.slice(0, k + 1).join('.')}.*`),
    '_any',
    '*',
  ];
  const vkey = candidates.find((c) => c in versions);
  const forWhat = platformKey === '_any' ? 'the `_any` platform' : name;
  if (!vkey)
    return `the package has ${forWhat} only for version ${Object.keys(versions).join(', ')}, and ${inst.version} matches none of them${platformKey !== '_any' ? ` (once \`${platformKey}\` matched, the SSM Agent does not fall back to \`_any\`); add \`${parts[0]}.*\` or \`_any\`` : ''}`;
  const arches = Object.keys(versions[vkey]!);
  return `${forWhat} ${vkey === '_any' ? '' : `${vkey} `}has no ${inst.arch} build (only ${arches.join(', ')})${inst.arch === 'arm64' ? '; add an arm64 entry' : ''}`;
}
