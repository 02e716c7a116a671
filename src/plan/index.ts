/**
 * Plan: read the mapping file and turn it into the list of targets to build.
 */
import { readFile } from 'node:fs/promises';
import { UserError } from '../errors.js';
import { parseMapping, type Mapping } from './mapping.js';

export async function loadMapping(file: string, displayName = file): Promise<Mapping> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(
      `input "mapping": cannot read ${file} (${code === 'ENOENT' ? 'no such file' : code}); give the path of a mapping JSON file, or leave the input empty for the bundled mapping`,
    );
  }
  return parseMapping(text, displayName);
}
