/** Where in a file a problem is; becomes a GitHub annotation. Lines and columns are 1-based. */
export interface SourceLocation {
  file: string;
  line?: number;
  column?: number;
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
  return err instanceof Error ? err.message : String(err);
}
