/**
 * A failed run, reported once: problems located in a workspace file become annotations on their lines
 * (and only those: a problem in the bundled mapping is not a file of the user's repository), the
 * failure message says what failed and how many annotations there are instead of repeating them, and
 * the summary lists each problem once with its fix. Pure.
 */
import path from 'node:path';
import { errorMessage, isUserError, type Problem, type SourceLocation } from '../common/errors.js';
import { renderFailureSummary } from './summary.js';

export interface FailureReport {
  /** Problems to annotate, their file relative to the workspace. */
  annotations: (Problem & { location: SourceLocation })[];
  /** The step's failure message. */
  message: string;
  /** The job summary of the failure (Markdown). */
  summary: string;
}

/** The file relative to the workspace, or undefined when it is outside it. */
export function workspaceFile(file: string, workspace: string): string | undefined {
  const rel = path.isAbsolute(file) ? path.relative(workspace, file) : path.normalize(file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : undefined;
}

export function failureReport(
  err: unknown,
  workspace: string,
  packageName: string,
  mode: 'plan' | 'build' | 'publish',
): FailureReport {
  const text = errorMessage(err);
  const headline = text.split('\n')[0]!.replace(/:$/, '');
  const problems: Problem[] = isUserError(err) && err.problems.length ? err.problems : [];
  const annotations: FailureReport['annotations'] = [];
  const plain: Problem[] = [];
  for (const p of problems) {
    const rel = p.location && workspaceFile(p.location.file, workspace);
    if (p.location && rel) annotations.push({ ...p, location: { ...p.location, file: rel } });
    else plain.push(p);
  }
  let message: string;
  if (!problems.length) message = text;
  else {
    const where = (p: Problem) =>
      p.location ? `${p.location.file}${p.location.line ? `:${p.location.line}` : ''}: ` : '';
    message = [
      annotations.length
        ? `${headline}; ${
            annotations.length === 1 && !plain.length
              ? 'it is shown as an annotation on its line'
              : annotations.length === 1
                ? 'one is shown as an annotation on its line'
                : `${annotations.length === problems.length ? (annotations.length === 2 ? 'both' : `all ${annotations.length}`) : annotations.length} are shown as annotations on their lines`
          }${plain.length ? `, ${plain.length === 1 ? 'the other' : 'the others'} here:` : ''}`
        : `${headline}:`,
      ...plain.map((p) => `  ${where(p)}${p.message}`),
    ].join('\n');
  }
  const listed: Problem[] = problems.length
    ? problems
    : text
        .split('\n')
        .slice(1)
        .map((l) => ({ message: l.trim() }));
  const summary = renderFailureSummary({
    packageName,
    mode,
    headline,
    problems: listed
      .filter((p) => p.message)
      .map((p) => ({
        message: p.message,
        ...(p.location
          ? {
              where: `${workspaceFile(p.location.file, workspace) ?? p.location.file}${p.location.line ? `:${p.location.line}` : ''}`,
            }
          : {}),
      })),
    annotated: annotations.length,
  });
  return { annotations, message, summary };
}
