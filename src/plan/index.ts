/**
 * Plan: read the mapping file and turn it into the list of targets to build.
 */
import { readFile } from 'node:fs/promises';
import { UserError } from '../common/errors.js';
import { parseMapping, type Mapping } from './mapping.js';
import { fsReason } from '../common/fs-reason.js';
import { ref } from '../common/names.js';

export async function loadMapping(file: string, displayName = file): Promise<Mapping> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new UserError(
      `${ref('mapping')}: cannot read ${file} (${fsReason(err)}); give the path of a mapping JSON file, a bundled mapping by name (default, original), or leave it empty`,
    );
  }
  return parseMapping(text, displayName);
}
