/**
 * The mapping create_package.py's folder holds. The old tool read its own mapping file beside the
 * installers, and users edited it (a Windows entry removed, a platform added). A run in such a folder
 * without a mapping given uses that file, and says so; a folder holding several of them with
 * different entries, or one whose entries differ from the mapping given, stops the run with one
 * error naming the mapping input: the run never quietly picks one mapping over another.
 */
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../common/errors.js';
import { ref, refValue } from '../common/names.js';
import { parseMapping, type MappingEntry } from '../plan/mapping.js';
import { ORIGINAL_DIRS } from './local.js';

/** The names create_package.py's mapping file went by. */
export const OLD_MAPPING_NAMES = [
  'uptycs_agent_mapping.json',
  'uptycs-agent-mapping.json',
  'agent_list.json',
];

export interface FolderMappingQuery {
  /** The folder the installers are in (agents-dir), or the folder the run is in when it downloads. */
  folder: string;
  /** The folder holds the installers (download: false): any old mapping file there counts. */
  installers: boolean;
  /** The mapping file given (an input), or undefined when none was. */
  given?: string;
  /** How to show a path in messages. */
  show: (file: string) => string;
}

/** Each entry as what it makes: "platform version arch ← dir (upt_package)". */
function targets(entries: MappingEntry[]): Set<string> {
  return new Set(entries.map((e) => `${e.platform} ${e.versionKey} ${e.arch} ← ${e.dir} (${e.uptPackage})`));
}

/** The entries of a mapping file, or undefined when it cannot be read or is not a valid mapping. */
async function entriesOf(file: string): Promise<Set<string> | undefined> {
  try {
    return targets(parseMapping(await readFile(file, 'utf8'), file).entries);
  } catch {
    return undefined;
  }
}

/** How two mappings' entries differ, shortly (the first few entries only one of them has). */
function difference(a: Set<string>, aName: string, b: Set<string>, bName: string): string {
  const only = [
    ...[...a].filter((t) => !b.has(t)).map((t) => `${t} only in ${aName}`),
    ...[...b].filter((t) => !a.has(t)).map((t) => `${t} only in ${bName}`),
  ];
  return `${only.slice(0, 3).join('; ')}${only.length > 3 ? `; and ${only.length - 3} more` : ''}`;
}

/**
 * The old tool's mapping file in the folder: the one to use when none was given, or undefined (no
 * such file, or the given mapping has the same entries). Throws a UserError naming the mapping input
 * when the folder's files disagree with each other or with the given mapping.
 */
export async function folderMapping(q: FolderMappingQuery): Promise<string | undefined> {
  const names = await readdir(q.folder).catch(() => [] as string[]);
  const found = OLD_MAPPING_NAMES.filter((n) => names.includes(n)).map((n) => path.join(q.folder, n));
  // Downloading, the folder the run is in counts only when it is create_package.py's own.
  const oldFolder = names.includes('create_package.py') || ORIGINAL_DIRS.some((d) => names.includes(d));
  if (!found.length || (!q.installers && !oldFolder)) return undefined;
  const read = await Promise.all(found.map(async (f) => ({ file: f, entries: await entriesOf(f) })));
  const [first, ...rest] = read;
  const folder = q.show(q.folder);
  const invalid = read.find((r) => !r.entries);
  const differing = rest.find((r) => !r.entries || !same(r.entries, first!.entries!));
  if (!q.given) {
    if (differing && first!.entries && differing.entries)
      throw new UserError(
        `${ref('mapping')}: ${folder} holds ${found.length} mapping files of create_package.py with different entries (${difference(first!.entries, path.basename(first!.file), differing.entries, path.basename(differing.file))}); give the one to use, such as ${refValue('mapping', q.show(first!.file))}, and remove the other`,
      );
    if (differing || invalid)
      throw new UserError(
        `${ref('mapping')}: ${folder} holds ${found.length} mapping files of create_package.py (${found.map((f) => path.basename(f)).join(', ')}); give the one to use, such as ${refValue('mapping', q.show(found[0]!))}, and remove the other`,
      );
    return first!.file;
  }
  if (read.some((r) => path.resolve(r.file) === path.resolve(q.given!)) && !differing) return undefined;
  const given = await entriesOf(q.given);
  if (!given) return undefined; // the mapping's own check reports what is wrong with it
  const other = read.find((r) => !r.entries || !same(r.entries, given));
  if (!other) return undefined;
  throw new UserError(
    `${ref('mapping')}: ${q.show(q.given)} was given, but ${folder} holds create_package.py's own mapping ${path.basename(other.file)}${other.entries ? ` with other entries (${difference(given, 'the given mapping', other.entries, path.basename(other.file))})` : ', which is not a valid mapping'}; give ${refValue('mapping', q.show(other.file))} to use that one, or move it out of ${folder} to use the given one`,
  );
}

function same(a: Set<string>, b: Set<string>): boolean {
  return a.size === b.size && [...a].every((t) => b.has(t));
}
