/**
 * The rollout inputs: the State Manager association that installs the package on a fleet, the fleet
 * preflight and the rollout report (FACTS.md §6). All optional: the stage is off unless
 * rollout-targets, rollout-plan or rollback-to is given. Validated up front, every problem reported
 * through `bad`; the only I/O is reading the rollout plan's file.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fsReason } from '../common/fs-reason.js';
import { ref } from '../common/names.js';
import { packageNameProblem } from './distributor-names.js';
import { parseRolloutPlan, planProblemsText, type RolloutPlan } from './rollout-plan.js';
import { parseTargets, type ComplianceSeverity, type RolloutTarget } from './rollout-targets.js';

export { parseTargets, type ComplianceSeverity, type RolloutTarget } from './rollout-targets.js';

export type InstallationType = 'Uninstall and reinstall' | 'In-place update';

export interface RolloutInputs {
  targets: RolloutTarget[];
  associationName: string;
  /** cron(...) or rate(...); '' = no schedule (the association runs when created or changed). */
  schedule: string;
  installationType: InstallationType;
  maxConcurrency: string;
  maxErrors: string;
  complianceSeverity: ComplianceSeverity;
  applyOnlyAtCronInterval: boolean;
  /** The JSON text passed as additionalArguments ('' = none). */
  additionalArguments: string;
  /** StartAssociationsOnce when the association was otherwise left as it was. */
  startNow: boolean;
  /** What predicted failures of the preflight do: a warning (listed in the summary) or a failed step. */
  preflightFailures: 'warning' | 'error';
  /** Minutes to follow the association's execution; 0 = do not wait (no rollout report). */
  waitMinutes: number;
  /** When the rollout fails the step: failures beyond the association's max-errors, any failure, never. */
  failOn: 'max-errors' | 'any' | 'never';
  /** The rings (input rollout-plan); undefined: one association, as rollout-targets says. */
  plan?: RolloutPlan;
  /** Undo (input rollback-to): "previous" or a version name; '' or undefined: no undo. */
  rollbackTo?: string;
}

export const ROLLOUT_DEFAULTS = {
  'rollout-schedule': 'rate(1 day)',
  'installation-type': 'Uninstall and reinstall',
  'max-concurrency': '10%',
  'max-errors': '10%',
  'compliance-severity': 'UNSPECIFIED',
  'apply-only-at-cron-interval': 'false',
  'rollout-start-now': 'false',
  'preflight-failures': 'warning',
  'rollout-wait-minutes': '0',
  'rollout-fail-on': 'max-errors',
} as const;

/** The association name used when association-name is not given. */
export function defaultAssociationName(packageName: string): string {
  return `${packageName}-rollout`;
}

const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNSPECIFIED'] as const;
/** SSM's own patterns for MaxConcurrency and MaxErrors. */
const COUNT_RE = /^([1-9][0-9]*|[1-9][0-9]%|[1-9]%|100%)$/;
const ERRORS_RE = /^([1-9][0-9]*|[0]|[1-9][0-9]%|[0-9]%|100%)$/;
const CRON_RE = /^cron\((\S+\s+){4,5}\S+\)$/;
const RATE_RE = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/;

/** Why additionalArguments is not what AWS-ConfigureAWSPackage accepts, or undefined. */
export function additionalArgumentsProblem(text: string): string | undefined {
  if (text.length > 4096) return `is ${text.length} characters; AWS-ConfigureAWSPackage allows 4096`;
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return 'is not JSON; write an object such as {"SSM_PROXY": "http://proxy:3128"}';
  }
  if (!v || typeof v !== 'object' || Array.isArray(v))
    return 'must be a JSON object such as {"SSM_PROXY": "http://proxy:3128"}';
  const badKeys = Object.keys(v).filter((k) => !/^SSM_[A-Za-z0-9_]+$/.test(k));
  if (badKeys.length)
    return `keys must start with SSM_ (they become environment variables of the scripts): ${badKeys.map((k) => JSON.stringify(k)).join(', ')}`;
  const nonString = Object.entries(v).filter(([, x]) => typeof x !== 'string');
  if (nonString.length)
    return `values must be strings: ${nonString.map(([k]) => JSON.stringify(k)).join(', ')}`;
  return undefined;
}

/**
 * Reads the rollout inputs. Returns undefined when rollout-targets is empty (the stage is off); the
 * other rollout inputs are still checked, so a typo is never silently ignored.
 */
export function readRolloutInputs(
  raw: (name: string) => string,
  bad: (name: string, message: string) => void,
  packageName: string,
  cwd = process.cwd(),
): RolloutInputs | undefined {
  const str = (name: keyof typeof ROLLOUT_DEFAULTS) => raw(name) || ROLLOUT_DEFAULTS[name];
  const bool = (name: keyof typeof ROLLOUT_DEFAULTS): boolean => {
    const v = str(name).toLowerCase();
    if (v === 'true') return true;
    if (v !== 'false') bad(name, `"${str(name)}" is not a boolean; write true or false`);
    return false;
  };

  const targets = parseTargets(raw('rollout-targets'), (m) => bad('rollout-targets', m));
  if (targets.length > 5)
    bad('rollout-targets', `${targets.length} targets; State Manager allows 5 per association`);

  // Derived from package-name when not given: a problem then names package-name, and none is reported when
  // package-name is itself refused (one mistake, one error).
  const associationName = raw('association-name') || defaultAssociationName(packageName);
  if (!/^[a-zA-Z0-9_\-.]{3,128}$/.test(associationName)) {
    if (raw('association-name'))
      bad('association-name', `"${associationName}" must be 3 to 128 letters, digits, "_", "-" or "."`);
    else if (!packageNameProblem(packageName))
      bad(
        'package-name',
        `"${packageName}" is too long for the association named after it ("${associationName}", at most 128 characters): give a shorter one, or give ${ref('association-name')}`,
      );
  }

  let schedule = raw('rollout-schedule');
  if (schedule === '') schedule = ROLLOUT_DEFAULTS['rollout-schedule'];
  if (schedule === 'none') schedule = '';
  const rate = RATE_RE.exec(schedule);
  if (schedule && !CRON_RE.test(schedule) && !rate)
    bad(
      'rollout-schedule',
      `"${schedule}" must be cron(...) such as cron(0 2 ? * SUN *), rate(...) such as rate(1 day), or none`,
    );
  if (rate) {
    const n = Number(rate[1]);
    const unit = rate[2]!;
    if (n === 0) bad('rollout-schedule', `"${schedule}": the rate must be at least 1`);
    else if (unit.startsWith('minute') && n < 30)
      bad('rollout-schedule', `"${schedule}": State Manager runs associations at most every 30 minutes`);
    if ((n === 1) !== !unit.endsWith('s'))
      bad(
        'rollout-schedule',
        `"${schedule}": write rate(1 ${unit.replace(/s$/, '')}) or rate(N ${unit.replace(/s?$/, 's')})`,
      );
  }

  const installationType = str('installation-type');
  if (installationType !== 'Uninstall and reinstall' && installationType !== 'In-place update')
    bad('installation-type', `"${installationType}" must be "Uninstall and reinstall" or "In-place update"`);
  const maxConcurrency = str('max-concurrency');
  if (!COUNT_RE.test(maxConcurrency))
    bad('max-concurrency', `"${maxConcurrency}" must be a number of instances (10) or a percentage (10%)`);
  const maxErrors = str('max-errors');
  if (!ERRORS_RE.test(maxErrors))
    bad(
      'max-errors',
      `"${maxErrors}" must be a number of instances (0 stops at the first error) or a percentage (10%)`,
    );
  const complianceSeverity = str('compliance-severity').toUpperCase();
  if (!(SEVERITIES as readonly string[]).includes(complianceSeverity))
    bad('compliance-severity', `"${complianceSeverity}" must be one of ${SEVERITIES.join(', ')}`);
  const applyOnlyAtCronInterval = bool('apply-only-at-cron-interval');
  if (applyOnlyAtCronInterval && !schedule.startsWith('cron('))
    bad(
      'apply-only-at-cron-interval',
      `needs a cron(...) schedule (State Manager refuses it with ${schedule ? 'rate()' : 'no schedule'})`,
    );
  const additionalArguments = raw('additional-arguments');
  const argsProblem = additionalArguments ? additionalArgumentsProblem(additionalArguments) : undefined;
  if (argsProblem) bad('additional-arguments', argsProblem);
  const startNow = bool('rollout-start-now');
  const preflightFailures = str('preflight-failures');
  if (preflightFailures !== 'warning' && preflightFailures !== 'error')
    bad('preflight-failures', `"${preflightFailures}" must be warning or error`);
  const wait = str('rollout-wait-minutes');
  if (!/^\d+$/.test(wait) || Number(wait) > 360)
    bad('rollout-wait-minutes', `"${wait}" must be a whole number of minutes from 0 (do not wait) to 360`);
  const failOn = str('rollout-fail-on');
  if (failOn !== 'max-errors' && failOn !== 'any' && failOn !== 'never')
    bad('rollout-fail-on', `"${failOn}" must be max-errors, any or never`);

  const plan = readPlan(raw, bad, associationName, cwd);
  const rollbackTo = raw('rollback-to');
  if (rollbackTo && rollbackTo !== 'previous' && !/^[a-zA-Z0-9_\-.]{1,128}$/.test(rollbackTo))
    bad('rollback-to', `"${rollbackTo}" must be previous or a version name such as 5.7.0.25`);
  if (!targets.length && !plan && !rollbackTo) return undefined;
  return {
    ...(plan ? { plan } : {}),
    ...(rollbackTo ? { rollbackTo } : {}),
    targets,
    associationName,
    schedule,
    installationType: installationType as InstallationType,
    maxConcurrency,
    maxErrors,
    complianceSeverity: complianceSeverity as ComplianceSeverity,
    applyOnlyAtCronInterval,
    additionalArguments:
      additionalArguments && !argsProblem ? JSON.stringify(JSON.parse(additionalArguments) as unknown) : '',
    startNow,
    preflightFailures: preflightFailures as RolloutInputs['preflightFailures'],
    waitMinutes: Number(wait),
    failOn: failOn as RolloutInputs['failOn'],
  };
}

/** The rollout plan named by rollout-plan, read and checked (every problem at its line and column). */
function readPlan(
  raw: (name: string) => string,
  bad: (name: string, message: string) => void,
  associationName: string,
  cwd: string,
): RolloutPlan | undefined {
  const file = raw('rollout-plan');
  if (!file) return undefined;
  if (raw('rollout-targets'))
    bad(
      'rollout-plan',
      `give ${ref('rollout-plan')} or ${ref('rollout-targets')}, not both: the plan's rings hold the targets (remove ${ref('rollout-targets')})`,
    );
  for (const name of ['max-concurrency', 'max-errors'] as const)
    if (raw(name))
      bad(
        name,
        `the rollout plan's rings set ${name === 'max-errors' ? 'maxErrors' : 'maxConcurrency'}; remove ${ref(name)} and write it on each ring of ${file}`,
      );
  const full = path.resolve(cwd, file);
  let text: string;
  try {
    text = readFileSync(full, 'utf8');
  } catch (err) {
    bad(
      'rollout-plan',
      `cannot read ${full} (${fsReason(err)}); give the path of the plan file in the repository`,
    );
    return undefined;
  }
  const out = parseRolloutPlan(text, file, associationName);
  if (out.plan) return out.plan;
  bad(
    'rollout-plan',
    `${file} has ${out.problems.length} problem${out.problems.length > 1 ? 's' : ''}:\n    ${planProblemsText(out.problems)}`,
  );
  return undefined;
}

/** The rollout input names, in the order the CLI's help lists them. */
export const ROLLOUT_INPUTS = [
  'rollout-targets',
  'rollout-plan',
  'rollback-to',
  'association-name',
  'rollout-schedule',
  'installation-type',
  'max-concurrency',
  'max-errors',
  'compliance-severity',
  'apply-only-at-cron-interval',
  'additional-arguments',
  'rollout-start-now',
  'preflight-failures',
  'rollout-wait-minutes',
  'rollout-fail-on',
] as const;
