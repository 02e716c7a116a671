/**
 * Inputs of the review features: the run's mode (plan = validate only), the comparison with a base
 * mapping or report and with the base branch's rollout plan, and the pull-request comment. Reports
 * problems through `bad`; the only I/O is reading the base plan's file.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fsReason } from '../common/fs-reason.js';
import { ref, refValue } from '../common/names.js';
import { shownPath } from '../common/paths.js';
import { parseRolloutPlan, planProblemsText, type RolloutPlan } from './rollout-plan.js';

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
  /**
   * The base branch's rollout plan (compare-plan-to): its absolute path, "none" (the base branch has no
   * plan: the head's is new), or '' (the plan is not compared).
   */
  comparePlanTo?: string;
  /** That plan, read and checked (undefined without compare-plan-to). */
  basePlan?: RolloutPlan;
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
  const planBase = raw('compare-plan-to');
  const comparePlanTo = planBase === 'none' || !planBase ? planBase : path.resolve(cwd, planBase);
  const basePlan =
    comparePlanTo && comparePlanTo !== 'none' ? readBasePlan(comparePlanTo, cwd, bad) : undefined;
  return {
    mode,
    compareTo: compare ? path.resolve(cwd, compare) : '',
    comparePlanTo,
    ...(basePlan ? { basePlan } : {}),
    allowNewFailures: allow === 'true',
    prComment: prComment as ReviewInputs['prComment'],
    githubToken: raw('github-token'),
  };
}

/**
 * The base branch's rollout plan (compare-plan-to), read with the plan's own loader: every problem at
 * its line and column, all in one message naming the input. Its rings are not run, so the association
 * name their names end is not checked here (that is the head's business).
 */
function readBasePlan(
  file: string,
  cwd: string,
  bad: (name: string, message: string) => void,
): RolloutPlan | undefined {
  const shown = shownPath(file, cwd);
  const fix = `give the base branch's rollout plan file (check the base branch out beside the pull request's, or git show origin/main:uptycs/rollout-plan.json > base-plan.json), or write none when the base branch has no plan`;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    bad('compare-plan-to', `cannot read ${shown} (${fsReason(err)}); ${fix}`);
    return undefined;
  }
  const out = parseRolloutPlan(text, shown, '');
  if (out.plan) return out.plan;
  bad(
    'compare-plan-to',
    `${shown} has ${out.problems.length} problem${out.problems.length > 1 ? 's' : ''} (fix ${out.problems.length > 1 ? 'them' : 'it'} on the base branch, or leave ${ref('compare-plan-to')} empty to review without it):\n    ${planProblemsText(out.problems)}`,
  );
  return undefined;
}
