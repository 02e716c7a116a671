/**
 * The Distributor manifest: built deterministically (keys sorted at every level) and checked against
 * every rule Distributor applies (FACTS.md §3). Pure.
 */
import { createHash } from 'node:crypto';
import { packageNameProblem, versionNameProblem } from '../inputs/distributor-names.js';
import { LIMITS, resolver, type Instance, type Resolution } from '../plan/distributor.js';
import type { Manifest, PackageFile } from './types.js';

export const PUBLISHER = 'Uptycs';
export const DESCRIPTION =
  'Uptycs agent (osquery-based sensor, optionally Uptycs Protect), installed and removed through AWS Systems Manager Distributor. Built by uptycs-distributor-action.';

export function buildManifest(
  version: string,
  files: Pick<PackageFile, 'name' | 'sha256' | 'entries'>[],
): Manifest {
  const packages: Manifest['packages'] = {};
  for (const f of files)
    for (const e of f.entries) {
      const versions = (packages[e.platform] ??= {});
      const arches = (versions[e.versionKey] ??= {});
      arches[e.arch] = { file: f.name };
    }
  const fileMap: Manifest['files'] = {};
  for (const f of files) fileMap[f.name] = { checksums: { sha256: f.sha256 } };
  return {
    schemaVersion: '2.0',
    version,
    publisher: PUBLISHER,
    description: DESCRIPTION,
    packages,
    files: fileMap,
  };
}

/** JSON with object keys sorted at every level, two-space indented, with a final newline. */
/**
 * The package's digest: the SHA-256 of manifest.json as written, which names every zip's SHA-256,
 * so it vouches for the whole folder. The build outputs it (package-digest); publishing a folder
 * built earlier with it refuses a folder whose manifest is another.
 */
export function packageDigest(manifestText: string | Buffer): string {
  return `sha256:${createHash('sha256').update(manifestText).digest('hex')}`;
}

export function canonicalJson(value: unknown): string {
  const sortKeys = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sortKeys);
    if (v && typeof v === 'object')
      return Object.fromEntries(
        Object.keys(v)
          .sort()
          .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
      );
    return v;
  };
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

const FILE_NAME_RE = /^[A-Za-z0-9_.-]{1,255}\.zip$/;

/** Every rule Distributor enforces on a package version. Returns the list of violations (empty = valid). */
export function manifestProblems(
  packageName: string,
  manifest: Manifest,
  manifestText: string,
  sizes: Record<string, number>,
): string[] {
  const out: string[] = [];
  const np = packageNameProblem(packageName);
  if (np) out.push(`package name ${np}`);
  const vp = versionNameProblem(manifest.version);
  if (vp) out.push(`package version ${vp}`);
  if (manifest.schemaVersion !== '2.0') out.push('schemaVersion must be "2.0"');
  const names = Object.keys(manifest.files);
  if (names.length === 0) out.push('the package has no files');
  if (names.length > LIMITS.filesPerVersion)
    out.push(
      `the package has ${names.length} files; Distributor allows ${LIMITS.filesPerVersion} per version (map more platforms to shared installers, or split the mapping)`,
    );
  const bytes = Buffer.byteLength(manifestText, 'utf8');
  if (bytes > LIMITS.manifestBytes)
    out.push(`manifest.json is ${bytes} bytes; Distributor allows ${LIMITS.manifestBytes}`);
  for (const n of names) {
    if (!FILE_NAME_RE.test(n))
      out.push(`file name "${n}" must be letters, digits, "_", "-", "." ending in .zip`);
    const sha = manifest.files[n]!.checksums.sha256;
    if (!/^[0-9a-f]{64}$/.test(sha)) out.push(`file ${n} has no valid sha256 checksum`);
    const size = sizes[n];
    if (size === undefined) out.push(`file ${n} is listed but was not built`);
    else if (size > LIMITS.bytesPerFile)
      out.push(`file ${n} is ${size} bytes; Distributor allows 1 GB per file`);
  }
  const used = new Set<string>();
  for (const [platform, versions] of Object.entries(manifest.packages))
    for (const [version, arches] of Object.entries(versions))
      for (const [arch, { file }] of Object.entries(arches)) {
        used.add(file);
        if (!(file in manifest.files))
          out.push(`${platform} ${version} ${arch} points at ${file}, which is not in "files"`);
      }
  for (const n of names) if (!used.has(n)) out.push(`file ${n} is not used by any platform`);
  return out;
}

export interface PreviewRow {
  instance: Instance;
  result: Resolution;
}

/** What each common instance would install from this manifest, by the SSM Agent's rule. */
export function previewResolution(manifest: Manifest, instances: Instance[]): PreviewRow[] {
  const resolveOn = resolver(manifest.packages, manifest.files);
  return instances.map((instance) => ({ instance, result: resolveOn(instance) }));
}
