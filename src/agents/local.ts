/**
 * Agents, offline: installers the user placed in agents-dir, one subfolder per mapping "dir"
 * (the layout of the old tool's folders). Finds, checks and describes them; never copies them.
 * An entry whose folder is absent uses the folder of an entry that needs the same installer
 * (the same upt_package and architecture), so one folder can serve several entries.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { UserError, type Problem } from '../common/errors.js';
import { fsReason } from '../common/fs-reason.js';
import { ref, refValue } from '../common/names.js';
import { shownName, type Log } from '../common/log.js';
import type { MappingEntry } from '../plan/mapping.js';
import { describeEntry } from '../plan/mapping.js';
import {
  EXTENSION,
  archFromFileName,
  installerArchProblem,
  installerNameProblem,
  magicProblem,
  readHead,
  versionFromFileName,
} from './installer.js';
import type { Installer } from '../plan/installers.js';

export interface AgentSet {
  version: string;
  /** The installer for each mapping dir. Several dirs may share one file. */
  byDir: Map<string, Installer>;
}

export interface LocateOptions {
  /** sensor-only: an Uptycs Protect installer is a contradiction. */
  sensorOnly?: boolean;
  /** Accept a package-version that the installers' names contradict. */
  skipVersionCheck?: boolean;
}

/** The folders of create_package.py's own mapping (8 entries), recognised in agents-dir. */
export const ORIGINAL_DIRS = [
  'UPT_PRO_AMAZON2_x86_64',
  'UPT_PRO_AMAZON2_ARM64',
  'UPT_PRO_REDHAT_x86_64',
  'UPT_PRO_REDHAT_ARM64',
  'UPT_PRO_SUSE_x86_64',
  'UPT_PRO_UBUNTU_x86_64',
  'UPT_PRO_UBUNTU_ARM64',
  'UPT_PRO_WINDOWS',
];

/** Which installer an entry needs: entries with the same key can share one file. */
export function installerKind(e: MappingEntry): string {
  return `${e.uptPackage} ${e.arch === 'arm64' ? 'arm64' : 'x86_64'}`;
}

type Listing = { names: string[]; raw: Buffer[] } | { missing: true } | { error: string };

export async function locateInstallers(
  entries: MappingEntry[],
  agentsDir: string,
  wantedVersion: string,
  log: Log,
  opts: LocateOptions = {},
): Promise<AgentSet> {
  const st = await stat(agentsDir).catch(() => undefined);
  if (!st?.isDirectory())
    throw new UserError(
      `${ref('agents-dir')}: ${agentsDir} is not a folder; create it with one subfolder per mapping "dir", each holding that entry's installer`,
    );
  const listings = await listFolders(entries, agentsDir);
  await noteFolders(entries, agentsDir, listings, log);
  const source = borrowFolders(entries, agentsDir, listings, log);

  const problems: Problem[] = [];
  const picked = new Map<string, Installer | undefined>();
  const byDir = new Map<string, Installer>();
  const versions = new Map<string, string[]>();
  for (const e of entries) {
    const what = `${describeEntry(e)} (${e.platform} ${e.versionKey} ${e.arch})`;
    const src = source.get(e.dir);
    if (!src) {
      problems.push({
        message: `${what}: folder ${path.join(agentsDir, e.dir)} is missing; put the ${EXTENSION[e.installerType]} installer for this entry in it`,
        location: e.location,
      });
      continue;
    }
    // Entries sharing a folder share its installer (and its problem, reported once).
    if (picked.has(src.dir)) {
      const inst = picked.get(src.dir);
      if (inst) byDir.set(e.dir, inst);
      continue;
    }
    picked.set(src.dir, undefined);
    const found = await installerIn(
      e,
      path.join(agentsDir, src.dir),
      listings.get(src.dir)!,
      wantedVersion,
      log,
      opts,
    );
    if (typeof found === 'string') {
      problems.push({ message: `${what}: ${found}`, location: e.location });
      continue;
    }
    const v = versionFromFileName(found.fileName);
    if (v) versions.set(v, [...new Set([...(versions.get(v) ?? []), found.fileName])]);
    picked.set(src.dir, found);
    byDir.set(e.dir, found);
  }
  if (problems.length)
    throw new UserError(
      `${ref('agents-dir')}: ${problems.length} installer${problems.length > 1 ? 's are' : ' is'} missing or wrong:\n${problems.map((p) => `  ${p.message}`).join('\n')}`,
      problems,
    );
  return { version: agentVersion(wantedVersion, versions, log, opts), byDir };
}

/** Each entry's folder, listed as bytes (a name that is not UTF-8 would come back changed and not be found again). */
async function listFolders(entries: MappingEntry[], agentsDir: string): Promise<Map<string, Listing>> {
  const listings = new Map<string, Listing>();
  for (const e of entries)
    listings.set(
      e.dir,
      await readdir(path.join(agentsDir, e.dir), { encoding: 'buffer' }).then(
        (raw): Listing => ({ names: raw.map((b) => b.toString('utf8')), raw }),
        (err: NodeJS.ErrnoException): Listing =>
          err.code === 'ENOENT' ? { missing: true } : { error: fsReason(err) },
      ),
    );
  return listings;
}

/** Says what a layout carried over from create_package.py means here (its scripts are not used). */
async function noteFolders(
  entries: MappingEntry[],
  agentsDir: string,
  listings: Map<string, Listing>,
  log: Log,
): Promise<void> {
  const withScripts = [...listings].filter(
    ([, l]) => 'names' in l && l.names.some((n) => /^(un)?install\.(sh|ps1)$/i.test(n)),
  );
  if (withScripts.length)
    log.info(
      `${withScripts.length} folder(s) in ${agentsDir} hold install/uninstall scripts (as create_package.py's did); they are not used: this tool writes its own scripts from templates/`,
    );
  const present = new Set(await readdir(agentsDir).catch(() => [] as string[]));
  const dirs = new Set(entries.map((e) => e.dir));
  // Only the old layout: the 8 folders and, of the mapping's other folders, at least one absent.
  if (ORIGINAL_DIRS.every((d) => present.has(d)) && [...dirs].some((d) => !present.has(d)))
    log.info(
      `${agentsDir} holds the 8 folders of create_package.py: every entry of the mapping uses the folder holding its installer; ${refValue('mapping', 'original')} builds only the old 8 entries`,
    );
}

/** Where each entry's installer is: its own folder, or, when that is absent, the folder of an entry needing the same installer. */
function borrowFolders(
  entries: MappingEntry[],
  agentsDir: string,
  listings: Map<string, Listing>,
  log: Log,
): Map<string, MappingEntry> {
  const source = new Map<string, MappingEntry>();
  for (const e of entries) {
    if (!('missing' in listings.get(e.dir)!)) {
      source.set(e.dir, e);
      continue;
    }
    const donor = entries.find(
      (d) => installerKind(d) === installerKind(e) && 'names' in listings.get(d.dir)!,
    );
    if (donor) {
      source.set(e.dir, donor);
      log.info(
        `${path.join(agentsDir, e.dir)} does not exist: ${describeEntry(e)} uses the ${installerKind(e)} installer in ${donor.dir}`,
      );
    }
  }
  return source;
}

/** The one installer in `folder` for entry e, checked, or why there is none (the message names the fix). */
async function installerIn(
  e: MappingEntry,
  folder: string,
  listing: Listing,
  wantedVersion: string,
  log: Log,
  opts: LocateOptions,
): Promise<Installer | string> {
  if ('error' in listing) return `cannot read folder ${folder} (${listing.error}); make it readable`;
  const names = 'names' in listing ? listing.names : [];
  const fileName = pickFile(e, folder, names, wantedVersion, log);
  if (fileName.name === undefined) return fileName.problem;
  const rawName = 'raw' in listing ? listing.raw[names.indexOf(fileName.name)] : undefined;
  const np = rawName && installerNameProblem(rawName);
  if (np) return `${path.join(folder, shownName(fileName.name))}: ${np}`;
  // Said only once the name is known to be a plain file name (no line breaks, no control characters).
  if (fileName.note) log.info(fileName.note);
  return checkInstaller(e, folder, fileName.name, opts);
}

/** Which file of the folder is the entry's installer: by extension, then architecture and version in its name. */
function pickFile(
  e: MappingEntry,
  folder: string,
  names: string[],
  wantedVersion: string,
  log: Log,
): { name: string; note?: string; problem?: undefined } | { name?: undefined; problem: string } {
  const ext = EXTENSION[e.installerType];
  let found = names.filter((n) => n.toLowerCase().endsWith(ext)).sort();
  // A file named for another architecture is never this entry's installer.
  const otherArch = found.filter((n) => {
    const a = archFromFileName(n);
    return a && e.arch !== '_any' && e.arch !== '386' && a !== e.arch;
  });
  if (found.length > 1 && otherArch.length && otherArch.length < found.length) {
    log.warning(
      `${folder}: ignoring ${otherArch.map(shownName).join(', ')} (named for ${archFromFileName(otherArch[0]!)}; this folder is for ${e.arch}); remove it`,
    );
    found = found.filter((n) => !otherArch.includes(n));
  }
  let note: string | undefined;
  if (found.length > 1 && wantedVersion) {
    const matching = found.filter((n) => versionFromFileName(n) === wantedVersion);
    if (matching.length === 1) {
      note = `${folder}: using ${matching[0]} (the only ${ext} of version ${wantedVersion}), ignoring ${found.length - 1} other(s)`;
      found = matching;
    }
  }
  if (found.length === 1) return note ? { name: found[0]!, note } : { name: found[0]! };
  return {
    problem:
      found.length === 0
        ? `no ${ext} installer in ${folder}${names.length ? ` (it holds ${names.slice(0, 5).map(shownName).join(', ')})` : ' (it is empty)'}`
        : wantedVersion
          ? `${found.length} ${ext} installers in ${folder} (${found.map(shownName).join(', ')}); keep only the ${wantedVersion} one for ${e.arch}`
          : `${found.length} ${ext} installers in ${folder} (${found.map(shownName).join(', ')}); keep only the one for this version, or pick it with ${refValue('package-version', versionFromFileName(found[found.length - 1]!) ?? '5.7.0.25')}`,
  };
}

/** The chosen file is a readable installer of the entry's type, architecture and flavour, or why not. */
async function checkInstaller(
  e: MappingEntry,
  folder: string,
  fileName: string,
  opts: LocateOptions,
): Promise<Installer | string> {
  const file = path.join(folder, fileName);
  const fst = await stat(file).catch(() => undefined);
  if (!fst?.isFile()) return `${file} is not a regular file`;
  let head: Uint8Array;
  try {
    head = await readHead(file);
  } catch (err) {
    return `cannot read ${file} (${fsReason(err)}); make it readable`;
  }
  const mp = magicProblem(e.installerType, head);
  if (mp) return `${file} ${mp}`;
  const named = archFromFileName(fileName);
  if (named && e.arch !== '_any' && e.arch !== '386' && named !== e.arch)
    return `${fileName} is named for ${named} but the entry is for ${e.arch}; put the ${e.arch} installer in ${folder}`;
  if (opts.sensorOnly && /protect/i.test(fileName))
    return `${fileName} is an Uptycs Protect installer, but ${refValue('sensor-only', 'true')} asks for the sensor only; put the sensor-only (osquery) installer in ${folder}, or leave out ${refValue('sensor-only', 'true')}`;
  const declared = await installerArchProblem(file, e.installerType, e.arch);
  if (declared) return `${file}: ${declared}; put the ${e.arch} installer in ${folder}`;
  return { path: file, fileName, size: fst.size, type: e.installerType };
}

/** The agent version: package-version (checked against the names), else the one version the names carry. */
function agentVersion(
  wantedVersion: string,
  versions: Map<string, string[]>,
  log: Log,
  opts: LocateOptions,
): string {
  if (!wantedVersion) {
    if (versions.size !== 1)
      throw new UserError(
        versions.size === 0
          ? `${ref('package-version')}: no installer name carries a version; give it, such as ${refValue('package-version', '5.7.0.25')}`
          : `${ref('package-version')}: the installers name ${versions.size} versions (${[...versions.keys()].join(', ')}); choose one with ${refValue('package-version', [...versions.keys()].sort().at(-1)!)} and keep only its installers`,
      );
    const version = [...versions.keys()][0]!;
    log.info(
      `Agent version ${version}, read from the installer names (give ${ref('package-version')} to choose it yourself)`,
    );
    return version;
  }
  const others = [...versions].filter(([v]) => v !== wantedVersion);
  if (others.length) {
    const list = others.map(([v, files]) => `${files.join(', ')} (${v})`).join('; ');
    if (!opts.skipVersionCheck)
      throw new UserError(
        `${ref('package-version')}: ${wantedVersion} was asked for, but the installers name another: ${list}; put the ${wantedVersion} installers in ${ref('agents-dir')}, or give the version they carry, or add ${refValue('skip-version-check', 'true')} to build them as ${wantedVersion} anyway`,
      );
    log.warning(
      `${ref('package-version')} is ${wantedVersion} but ${list} name another version (${ref('skip-version-check')} is set)`,
    );
  }
  return wantedVersion;
}
