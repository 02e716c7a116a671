/**
 * Where the project's own files (templates/, mappings/) are at run time: found by walking up from
 * this module's file, so it works from src/ (tests), dist/ (the action) and dist/cli/ (the CLI).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export function packageRoot(from: string = path.dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'templates')) && existsSync(path.join(dir, 'mappings'))) return dir;
    if (path.dirname(dir) === dir)
      throw new Error(`cannot find the templates/ and mappings/ folders above ${from}; reinstall the action`);
  }
}

/** A path as messages show it: relative to the workspace when inside it, else as given. */
export function shownPath(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

export const BUNDLED_MAPPING = 'mappings/uptycs-agent-mapping.json';

/**
 * The file that marks a folder as a package this tool wrote (an output-dir it may replace). It holds the
 * tool's name, then the run and job, then the step that wrote it.
 */
export const OUTPUT_MARKER = '.uptycs-distributor';
