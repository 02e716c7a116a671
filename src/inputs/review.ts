/**
 * Inputs of the review features: the run's mode (plan = validate only), the comparison with a base
 * mapping or report, and the pull-request comment. Pure: reports problems through `bad`.
 */
import path from 'node:path';
import { ref, refValue } from '../common/names.js';

/**
 * plan: validate only (no key, no installers, no network, no zips); build: build and validate, publish
 * nothing (what dry-run: true means); publish: build and publish.
 */
export type Mode = 'plan' | 'build' | 'publish';
export const MODES: readonly Mode[] = ['plan', 'build', 'publish'];

export interface ReviewInputs {
  mode: Mode;
  /** Absolute path of a base mapping file or an earlier report.json; '' = no comparison. */
  compareTo: string;
  /** With compare-to: a common instance that installed before and fails now is allowed (a warning, not an error). */
  allowNewFailures: boolean;
  /** Pull-request comment: auto (on pull-request events), true (also warn when there is no pull request), false. */
  prComment: 'auto' | 'true' | 'false';
  /** Token for the pull-request comment (a secret). */
  githubToken: string;
}

export const REVIEW_DEFAULTS = {
  mode: '',
  'allow-new-failures': 'false',
  'pr-comment': 'auto',
} as const;

/**
 * Reads the review inputs. `dryRun` is the dry-run input: mode defaults to build with it, publish
 * without it; mode: publish with dry-run: true is a contradiction.
 */
export function readReviewInputs(
  raw: (name: string) => string,
  bad: (name: string, message: string) => void,
  cwd: string,
  dryRun: boolean,
): ReviewInputs {
  const m = raw('mode').toLowerCase();
  let mode: Mode = dryRun ? 'build' : 'publish';
  if (m) {
    if ((MODES as readonly string[]).includes(m)) mode = m as Mode;
    else bad('mode', `"${m}" must be plan (validate only), build (build, publish nothing) or publish`);
  }
  if (mode === 'publish' && dryRun && m)
    bad(
      'mode',
      `publish contradicts ${refValue('dry-run', 'true')}; use ${refValue('mode', 'build')} (or leave ${ref('mode')} empty)`,
    );
  const compare = raw('compare-to');
  const allow = (raw('allow-new-failures') || REVIEW_DEFAULTS['allow-new-failures']).toLowerCase();
  if (allow !== 'true' && allow !== 'false')
    bad('allow-new-failures', `"${allow}" is not a boolean; write true or false`);
  const prComment = (raw('pr-comment') || REVIEW_DEFAULTS['pr-comment']).toLowerCase();
  if (prComment !== 'auto' && prComment !== 'true' && prComment !== 'false')
    bad('pr-comment', `"${prComment}" must be auto, true or false`);
  return {
    mode,
    compareTo: compare ? path.resolve(cwd, compare) : '',
    allowNewFailures: allow === 'true',
    prComment: prComment as ReviewInputs['prComment'],
    githubToken: raw('github-token'),
  };
}
