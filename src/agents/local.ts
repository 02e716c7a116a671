/**
 * Agents, offline: installers the user placed in agents-dir, one subfolder per mapping "dir"
 * (the layout of the old tool's folders). Finds, checks and describes them; never copies them.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { UserError, type Problem } from '../errors.js';
import type { Log } from '../log.js';
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
  type Installer,
} from './installer.js';

export interface AgentSet {
  version: string;
  /** The installer for each mapping dir. Several dirs may share one file. */
  byDir: Map<string, Installer>;
}

export async function locateInstallers(
  entries: MappingEntry[],
  agentsDir: string,
  wantedVersion: string,
  log: Log,
): Promise<AgentSet> {
  const st = await stat(agentsDir).catch(() => undefined);
  if (!st?.isDirectory())
    throw new UserError(
      `input "agents-dir": ${agentsDir} is not a folder; create it with one subfolder per mapping "dir", each holding that entry's installer`,
    );
  const problems: Problem[] = [];
  const byDir = new Map<string, Installer>();
  const versions = new Map<string, string[]>();
  for (const e of entries) {
    const folder = path.join(agentsDir, e.dir);
    const ext = EXTENSION[e.installerType];
    const what = `${describeEntry(e)} (${e.platform} ${e.versionKey} ${e.arch})`;
    // As bytes: a name that is not UTF-8 would come back changed and not be found again.
    const raw = await readdir(folder, { encoding: 'buffer' }).catch(() => undefined);
    const names = raw?.map((b) => b.toString('utf8'));
    if (!raw || !names) {
      problems.push({
        message: `${what}: folder ${folder} is missing; put the ${ext} installer for this entry in it`,
        location: e.location,
      });
      continue;
    }
    let found = names.filter((n) => n.toLowerCase().endsWith(ext)).sort();
    if (found.length > 1 && wantedVersion) {
      const matching = found.filter((n) => n.includes(wantedVersion));
      if (matching.length === 1) {
        log.info(
          `${folder}: using ${matching[0]} (the only ${ext} naming ${wantedVersion}), ignoring ${found.length - 1} other(s)`,
        );
        found = matching;
      }
    }
    if (found.length !== 1) {
      problems.push({
        message:
          found.length === 0
            ? `${what}: no ${ext} installer in ${folder}${names.length ? ` (it holds ${names.slice(0, 5).join(', ')})` : ' (it is empty)'}`
            : `${what}: ${found.length} ${ext} installers in ${folder} (${found.join(', ')}); keep only the one for this version, or set package-version to pick it`,
        location: e.location,
      });
      continue;
    }
    const fileName = found[0]!;
    const np = installerNameProblem(raw[names.indexOf(fileName)]!);
    if (np) {
      problems.push({ message: `${what}: ${path.join(folder, fileName)}: ${np}`, location: e.location });
      continue;
    }
    const file = path.join(folder, fileName);
    const fst = await stat(file);
    if (!fst.isFile()) {
      problems.push({ message: `${what}: ${file} is not a regular file`, location: e.location });
      continue;
    }
    const mp = magicProblem(e.installerType, await readHead(file));
    if (mp) {
      problems.push({ message: `${what}: ${file} ${mp}`, location: e.location });
      continue;
    }
    const named = archFromFileName(fileName);
    if (named && e.arch !== '_any' && e.arch !== '386' && named !== e.arch) {
      problems.push({
        message: `${what}: ${fileName} is named for ${named} but the entry is for ${e.arch}; put the ${e.arch} installer in ${folder}`,
        location: e.location,
      });
      continue;
    }
    const declared = await installerArchProblem(file, e.installerType, e.arch);
    if (declared) {
      problems.push({
        message: `${what}: ${file}: ${declared}; put the ${e.arch} installer in ${folder}`,
        location: e.location,
      });
      continue;
    }
    const v = versionFromFileName(fileName);
    if (v) versions.set(v, [...new Set([...(versions.get(v) ?? []), fileName])]);
    byDir.set(e.dir, { path: file, fileName, size: fst.size, type: e.installerType });
  }
  if (problems.length)
    throw new UserError(
      `input "agents-dir": ${problems.length} installer${problems.length > 1 ? 's are' : ' is'} missing or wrong:\n${problems.map((p) => `  ${p.message}`).join('\n')}`,
      problems,
    );

  let version = wantedVersion;
  if (!version) {
    if (versions.size !== 1)
      throw new UserError(
        versions.size === 0
          ? 'input "package-version": no installer name carries a version; set package-version (for example 5.7.0.25)'
          : `input "package-version": the installers name ${versions.size} versions (${[...versions.keys()].join(', ')}); set package-version, or keep installers of one version only`,
      );
    version = [...versions.keys()][0]!;
    log.info(
      `Agent version ${version}, read from the installer names (set package-version to choose it yourself)`,
    );
  } else {
    for (const [v, files] of versions)
      if (v !== version)
        log.warning(
          `package-version is ${version} but ${files.join(', ')} name${files.length > 1 ? '' : 's'} version ${v}: check that agents-dir holds the installers you mean to publish`,
        );
  }
  return { version, byDir };
}
