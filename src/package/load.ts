/**
 * A package built earlier (package-dir): the folder an earlier run wrote to output-dir, or that folder
 * as a downloaded workflow artifact. Before anything is sent to AWS it is checked as Distributor would
 * see it: manifest.json by Distributor's rules, every zip it names present with the SHA-256 it states,
 * nothing else that would be uploaded, and report.json from the same build. Any problem refuses the
 * whole folder with one UserError listing them all.
 */
import { constants } from 'node:fs';
import { lstat, open, readdir } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../common/errors.js';
import { ref } from '../common/names.js';
import { sha256Files } from '../common/hash.js';
import { OUTPUT_MARKER } from '../common/paths.js';
import { ARCHES, UPT_PACKAGES, type Arch, type InstallerType } from '../plan/distributor.js';
import type { MappingEntry } from '../plan/mapping.js';
import { canonicalJson, manifestProblems, packageDigest } from './manifest.js';
import type { BuiltPackage, Manifest, PackageFile } from './types.js';

/** Names a built folder holds besides its zips. */
export const MANIFEST_NAME = 'manifest.json';
export const REPORT_NAME = 'report.json';
/** report.json as the core writes it (the fields the check reads). */
interface ReportFile {
  tool?: unknown;
  packageName?: unknown;
  version?: unknown;
  manifest?: unknown;
  files?: unknown;
}

interface ReportEntry {
  name: string;
  sha256: string;
  size: number;
  installer: string;
  installerSize: number;
  targets: string[];
}

function reportEntries(report: ReportFile, problems: string[]): ReportEntry[] {
  if (!Array.isArray(report.files)) {
    problems.push(`${REPORT_NAME} has no "files" list`);
    return [];
  }
  const out: ReportEntry[] = [];
  for (const f of report.files as unknown[]) {
    const e = f as Partial<ReportEntry> | null;
    if (
      !e ||
      typeof e.name !== 'string' ||
      typeof e.sha256 !== 'string' ||
      typeof e.size !== 'number' ||
      !Array.isArray(e.targets)
    ) {
      problems.push(`${REPORT_NAME} lists a file without name, sha256, size and targets`);
      continue;
    }
    out.push({
      name: e.name,
      sha256: e.sha256,
      size: e.size,
      installer: typeof e.installer === 'string' ? e.installer : '',
      installerSize: typeof e.installerSize === 'number' ? e.installerSize : 0,
      targets: e.targets.filter((t): t is string => typeof t === 'string'),
    });
  }
  return out;
}

/** The installer type of a zip, from the platforms the manifest points at it. */
function typeOf(platforms: string[]): InstallerType {
  if (platforms.includes('windows')) return 'msi';
  if (platforms.some((p) => p === 'ubuntu' || p === 'debian')) return 'deb';
  return UPT_PACKAGES.centos;
}

/** Why a JSON file was refused, never quoting it (JSON.parse's message shows the text it read). */
function jsonProblem(err: unknown): string {
  return err instanceof SyntaxError ? 'it does not parse as JSON' : (err as Error).message;
}

/** manifest.json and report.json are far smaller; a bigger file is not the build's. */
const MAX_JSON_BYTES = 16 * 1024 * 1024;

/**
 * Reads a JSON file of the folder, only when it is a regular file (never through a symlink, which
 * could point at anything the runner can read) and no bigger than MAX_JSON_BYTES. Its content is
 * never quoted in a problem.
 */
async function readSmallFile(file: string, name: string, problems: string[]): Promise<string | undefined> {
  // O_NOFOLLOW: a symlink is refused by the open itself (ELOOP), not by a check it could race.
  const fh = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW).catch(
    (err: NodeJS.ErrnoException) => {
      problems.push(
        err.code === 'ELOOP'
          ? `${name} is a symbolic link, not the file the build wrote`
          : `${name} cannot be read (${err.code})`,
      );
      return undefined;
    },
  );
  if (!fh) return undefined;
  try {
    const st = await fh.stat();
    if (!st.isFile()) problems.push(`${name} is not a regular file`);
    else if (st.size > MAX_JSON_BYTES)
      problems.push(`${name} is ${st.size} bytes, more than a build writes (at most ${MAX_JSON_BYTES})`);
    else return await fh.readFile('utf8');
    return undefined;
  } finally {
    await fh.close();
  }
}

/**
 * Loads and verifies a built package folder. `expect` is what the run's inputs say (package name,
 * version name when given); a folder built for something else is refused.
 */
export async function loadBuiltPackage(
  dir: string,
  expect: { packageName: string; versionName: string; digest?: string },
  shown: string = dir,
): Promise<BuiltPackage> {
  const problems: string[] = [];
  const refuse = (): never => {
    throw new UserError(
      `${ref('package-dir')}: ${shown} is not a complete, unchanged package folder (${problems.length} problem${problems.length > 1 ? 's' : ''}); nothing was published. Publish the folder exactly as the build wrote it (its output-dir, or the workflow artifact), or build again:\n${problems.map((p) => `  ${p}`).join('\n')}`,
      problems.map((message) => ({ message })),
    );
  };

  const st = await lstat(dir).catch(() => undefined);
  if (!st?.isDirectory()) {
    problems.push(st ? 'it is not a folder' : 'it does not exist');
    refuse();
  }
  const names = await readdir(dir);
  const { manifest: m, manifestText } = await readManifest(dir, names, expect.digest, shown, problems);
  const r = await readReport(dir, names, problems);
  if (!m || !r) return refuse();

  const fileNames = Object.keys(m.files);
  const sizes = await zipSizes(dir, names, fileNames, problems);
  const packageName = typeof r.packageName === 'string' ? r.packageName : '';
  for (const p of manifestProblems(packageName || expect.packageName, m, manifestText, sizes))
    if (!/is listed but was not built/.test(p)) problems.push(`${MANIFEST_NAME}: ${p}`);
  if (manifestText !== canonicalJson(m))
    problems.push(`${MANIFEST_NAME} is not as the build writes it (it was edited)`);
  const byName = sameBuild(m, r, sizes, expect, problems);
  // Every zip's bytes, only when everything else holds (hashing is the slow part).
  if (!problems.length) await checkZipHashes(dir, m, sizes, problems);
  if (problems.length) refuse();
  return {
    packageName,
    version: m.version,
    dir,
    manifestPath: path.join(dir, MANIFEST_NAME),
    manifestText,
    manifest: m,
    files: packageFiles(dir, m, byName),
  };
}

/** manifest.json: within the size limit, the build's (package-digest, when given), valid JSON of a manifest's shape. */
async function readManifest(
  dir: string,
  names: string[],
  digest: string | undefined,
  shown: string,
  problems: string[],
): Promise<{ manifest?: Manifest; manifestText: string }> {
  if (!names.includes(MANIFEST_NAME)) {
    problems.push(`${MANIFEST_NAME} is missing`);
    return { manifestText: '' };
  }
  const text = await readSmallFile(path.join(dir, MANIFEST_NAME), MANIFEST_NAME, problems);
  if (text === undefined) return { manifestText: '' };
  // The anchor outside the folder: whoever can write the folder can recompute every hash in it,
  // but not the digest the build step gave the publish step.
  if (digest && packageDigest(text) !== digest)
    throw new UserError(
      `${ref('package-digest')}: ${shown} is not the package that build made (its ${MANIFEST_NAME} has digest ${packageDigest(text)}, the build's was ${digest}); nothing was published. The folder was changed or replaced after the build: publish the build's own output, or build again`,
    );
  try {
    const manifest = JSON.parse(text) as Manifest;
    if (!manifest || typeof manifest !== 'object' || typeof manifest.files !== 'object' || !manifest.files)
      throw new Error('not a manifest object with "files"');
    if (typeof manifest.packages !== 'object' || !manifest.packages)
      throw new Error('not a manifest object with "packages"');
    return { manifest, manifestText: text };
  } catch (err) {
    problems.push(`${MANIFEST_NAME} is not a valid manifest (${jsonProblem(err)})`);
    return { manifestText: text };
  }
}

/** report.json: the build writes it beside the manifest. */
async function readReport(dir: string, names: string[], problems: string[]): Promise<ReportFile | undefined> {
  if (!names.includes(REPORT_NAME)) {
    problems.push(`${REPORT_NAME} is missing (the build writes it beside the manifest)`);
    return undefined;
  }
  try {
    const text = await readSmallFile(path.join(dir, REPORT_NAME), REPORT_NAME, problems);
    return text === undefined ? undefined : (JSON.parse(text) as ReportFile);
  } catch (err) {
    problems.push(`${REPORT_NAME} is not valid JSON (${jsonProblem(err)})`);
    return undefined;
  }
}

/** The size of each zip the manifest names; anything else in the folder, or missing, is a problem. */
async function zipSizes(
  dir: string,
  names: string[],
  fileNames: string[],
  problems: string[],
): Promise<Record<string, number>> {
  const sizes: Record<string, number> = {};
  const stats = new Map<string, number>();
  for (const n of names) {
    if (n === MANIFEST_NAME || n === REPORT_NAME || n === OUTPUT_MARKER) continue;
    const s = await lstat(path.join(dir, n));
    if (!fileNames.includes(n)) {
      problems.push(`${n} is not part of the package (${MANIFEST_NAME} does not name it): remove it`);
      continue;
    }
    if (!s.isFile()) problems.push(`${n} is not a regular file`);
    else stats.set(n, s.size);
  }
  for (const n of fileNames) {
    const size = stats.get(n);
    if (size === undefined) {
      if (!names.includes(n)) problems.push(`${n} is missing (${MANIFEST_NAME} names it)`);
    } else sizes[n] = size;
  }
  return sizes;
}

/**
 * report.json and manifest.json come from the same build of the package the inputs name: the tool,
 * the names, the version, the same files with the same SHA-256s and sizes. The report's entries by name.
 */
function sameBuild(
  m: Manifest,
  r: ReportFile,
  sizes: Record<string, number>,
  expect: { packageName: string; versionName: string },
  problems: string[],
): Map<string, ReportEntry> {
  const fileNames = Object.keys(m.files);
  const packageName = typeof r.packageName === 'string' ? r.packageName : '';
  if (r.tool !== 'uptycs-distributor-action') problems.push(`${REPORT_NAME} was not written by this tool`);
  if (packageName !== expect.packageName)
    problems.push(
      `the folder was built for package ${JSON.stringify(packageName)}, but ${ref('package-name')} is ${JSON.stringify(expect.packageName)}`,
    );
  if (r.version !== m.version)
    problems.push(`${REPORT_NAME} is for version ${String(r.version)}, ${MANIFEST_NAME} for ${m.version}`);
  if (expect.versionName && m.version !== expect.versionName)
    problems.push(
      `the folder was built as version ${m.version}, but ${ref('version-name')} is ${expect.versionName}; build again with that version name`,
    );
  const entries = reportEntries(r, problems);
  const byName = new Map(entries.map((e) => [e.name, e]));
  if (entries.length !== fileNames.length || fileNames.some((n) => !byName.has(n)))
    problems.push(`${REPORT_NAME} lists other files than ${MANIFEST_NAME}: not from the same build`);
  for (const n of fileNames) {
    const e = byName.get(n);
    if (e && e.sha256 !== m.files[n]!.checksums.sha256)
      problems.push(
        `${REPORT_NAME} and ${MANIFEST_NAME} give ${n} different SHA-256s: not from the same build`,
      );
    if (e && sizes[n] !== undefined && e.size !== sizes[n])
      problems.push(`${n} is ${sizes[n]} bytes; the build wrote ${e.size} (truncated or changed)`);
  }
  return byName;
}

/** Every zip's SHA-256 as the manifest states it. */
async function checkZipHashes(
  dir: string,
  m: Manifest,
  sizes: Record<string, number>,
  problems: string[],
): Promise<void> {
  const present = Object.keys(m.files).filter((n) => sizes[n] !== undefined);
  const digests = await sha256Files(present.map((n) => path.join(dir, n)));
  present.forEach((n, i) => {
    if (digests[i] !== m.files[n]!.checksums.sha256)
      problems.push(
        `${n} has SHA-256 ${digests[i]}, but ${MANIFEST_NAME} states ${m.files[n]!.checksums.sha256} (the file was changed)`,
      );
  });
}

/** The zips as the publish and report stages take them; their entries come back from report.json's targets. */
function packageFiles(dir: string, m: Manifest, byName: Map<string, ReportEntry>): PackageFile[] {
  const platformsOf = new Map<string, string[]>();
  for (const [platform, versions] of Object.entries(m.packages))
    for (const arches of Object.values(versions))
      for (const { file } of Object.values(arches))
        platformsOf.set(file, [...(platformsOf.get(file) ?? []), platform]);
  const location = { file: path.join(dir, REPORT_NAME) };
  return Object.keys(m.files).map((name) => {
    const e = byName.get(name)!;
    const dirName = name.slice(0, name.length - `-${m.version}.zip`.length) || name;
    const type = typeOf(platformsOf.get(name) ?? []);
    const fileEntries: MappingEntry[] = e.targets.map((t, index) => {
      const [platform = '', versionKey = '', arch = ''] = t.split('/');
      return {
        family: platform === 'windows' ? 'windows' : 'linux',
        index,
        uptPackage: type === 'msi' ? 'windows' : type === 'deb' ? 'debian' : 'centos',
        installerType: type,
        id: dirName,
        dir: dirName,
        platform,
        versionKey,
        arch: ((ARCHES as readonly string[]).includes(arch) ? arch : '_any') as Arch,
        location,
      };
    });
    return {
      name,
      path: path.join(dir, name),
      sha256: e.sha256,
      size: e.size,
      installerName: e.installer,
      installerType: type,
      installerSize: e.installerSize,
      entries: fileEntries,
    };
  });
}

/**
 * The package a published manifest describes (the document content SSM holds), written to `dir` as
 * manifest.json: what the outputs and the report show when the run stops because it is already
 * published. Sizes and installer names are not in a manifest: they are 0 and ''.
 */
export function packageFromManifest(packageName: string, manifestText: string, dir: string): BuiltPackage {
  const manifest = JSON.parse(manifestText) as Manifest;
  const targets = new Map<string, { platform: string; versionKey: string; arch: string }[]>();
  for (const [platform, versions] of Object.entries(manifest.packages ?? {}))
    for (const [versionKey, arches] of Object.entries(versions))
      for (const [arch, { file }] of Object.entries(arches))
        targets.set(file, [...(targets.get(file) ?? []), { platform, versionKey, arch }]);
  const location = { file: path.join(dir, MANIFEST_NAME) };
  const files: PackageFile[] = Object.entries(manifest.files ?? {}).map(([name, f]) => {
    const ts = targets.get(name) ?? [];
    const type = typeOf(ts.map((t) => t.platform));
    const dirName = name.slice(0, name.length - `-${manifest.version}.zip`.length) || name;
    return {
      name,
      path: path.join(dir, name),
      sha256: f.checksums.sha256,
      size: 0,
      installerName: '',
      installerType: type,
      installerSize: 0,
      entries: ts.map((t, index) => ({
        family: t.platform === 'windows' ? 'windows' : 'linux',
        index,
        uptPackage: type === 'msi' ? 'windows' : type === 'deb' ? 'debian' : 'centos',
        installerType: type,
        id: dirName,
        dir: dirName,
        platform: t.platform,
        versionKey: t.versionKey,
        arch: ((ARCHES as readonly string[]).includes(t.arch) ? t.arch : '_any') as Arch,
        location,
      })),
    };
  });
  return {
    packageName,
    version: manifest.version,
    dir,
    manifestPath: path.join(dir, MANIFEST_NAME),
    manifestText,
    manifest,
    files,
  };
}
