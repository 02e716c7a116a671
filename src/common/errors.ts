import { fsReason } from './fs-reason.js';

/** Where in a file a problem is; becomes a GitHub annotation. Lines and columns are 1-based. */
export interface SourceLocation {
  file: string;
  line?: number;
  column?: number;
}

/** Maps character offsets of a file's text to 1-based line/column (a binary search over line starts). */
export function locator(file: string, text: string): (offset: number) => SourceLocation {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { file, line: lo + 1, column: offset - starts[lo]! + 1 };
  };
}

/** One problem found in user input, with the input it concerns and how to fix it. */
export interface Problem {
  message: string;
  location?: SourceLocation;
}

/**
 * An error caused by what the user gave us (an input, a mapping, a key file, an installer...).
 * Its message names the input and the fix; it is printed without a stack trace.
 */
export class UserError extends Error {
  readonly problems: Problem[];
  constructor(message: string, problems: Problem[] = []) {
    super(message);
    this.name = 'UserError';
    this.problems = problems;
  }
}

export function isUserError(err: unknown): err is UserError {
  return err instanceof UserError;
}

export function errorMessage(err: unknown): string {
  const sys = err as NodeJS.ErrnoException | undefined;
  // A system error reads "EACCES: permission denied, mkdtemp '/x'"; say what failed on which path instead.
  if (err instanceof Error && typeof sys?.code === 'string' && typeof sys.syscall === 'string' && sys.path)
    return `cannot ${SYSCALL_VERB[sys.syscall] ?? sys.syscall} ${sys.path} (${fsReason(err)})`;
  return err instanceof Error ? err.message : String(err);
}

const SYSCALL_VERB: Record<string, string> = {
  open: 'open',
  read: 'read',
  write: 'write',
  mkdir: 'create the folder',
  mkdtemp: 'create a folder in',
  rename: 'move',
  rm: 'remove',
  rmdir: 'remove',
  unlink: 'remove',
  scandir: 'list the folder',
  stat: 'find',
  lstat: 'find',
  access: 'access',
  copyfile: 'copy',
};
