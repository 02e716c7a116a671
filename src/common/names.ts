/**
 * One table of names: how each input is called on each face. The action calls it an input
 * (`input "package-version"`, `package-version: 5.7.0.25`); the CLI calls it a flag
 * (`-v/--package-version`, `-v 5.7.0.25`).
 *
 * Stages never know which face runs them: a message names an input with `ref('package-version')` or
 * `refValue('package-version', '5.7.0.25')`, which leave a marker in the text, and each face turns
 * the markers into its own words with `renderNames` before anything is shown (log lines, errors,
 * the summary). An unrendered marker still reads plainly: ⦃package-version⦄.
 */

export type Face = 'action' | 'cli';

export interface InputName {
  /** The action input's name (also the CLI's long flag: --package-version). */
  input: string;
  /** The CLI's short flag, from create_package.py (-v). */
  short?: string;
  /** create_package.py's long flag (--package_version), still accepted by the CLI. */
  old?: string;
  /** true/false inputs are plain switches on the CLI (--dry-run). */
  boolean?: boolean;
  /** The CLI's help line. */
  help: string;
  /** How the CLI writes a given value, where it is not "--flag value" (download false is -d). */
  cliValues?: Record<string, string>;
  /** Only the action has it (the pull-request comment): the CLI offers no such flag. */
  actionOnly?: boolean;
}

/** Every input, in the order the CLI's help lists them. */
export const INPUT_NAMES: readonly InputName[] = [
  { input: 'config', short: 'c', help: 'Uptycs API key file (or its JSON content)' },
  {
    input: 'download',
    boolean: true,
    help: 'download from the Uptycs API (default); -d: use the installers in --agents-dir instead',
    cliValues: { false: '-d', true: '--download' },
  },
  {
    input: 's3-bucket',
    old: 's3bucket',
    short: 'b',
    help: 'S3 bucket ({account} and {region} are replaced)',
  },
  { input: 'package-name', old: 'package_name', short: 'p', help: 'Distributor package name (UptycsAgent)' },
  { input: 'aws-region', old: 'aws_region', short: 'r', help: 'AWS region(s), comma separated (us-east-1)' },
  { input: 'package-version', old: 'package_version', short: 'v', help: 'agent version, e.g. 5.7.0.25' },
  {
    input: 'sensor-only',
    old: 'sensor_only',
    short: 'o',
    boolean: true,
    help: 'sensor only, without Uptycs Protect',
  },
  {
    input: 'mapping',
    help: "mapping file, or a bundled one by name: default (19 entries) or original (create_package.py's 8)",
  },
  { input: 'agents-dir', help: 'folder with one subfolder per mapping dir (with -d; default: .)' },
  { input: 'output-dir', help: 'where the package is written (./uptycs-distributor-package)' },
  { input: 'dry-run', boolean: true, help: 'build and validate only, publish nothing' },
  { input: 'uptycs-api-url', help: 'Uptycs API origin override (private stacks)' },
  { input: 'asset-group', help: 'Uptycs asset group (assets)' },
  { input: 'role-to-assume', help: 'IAM role to assume (needs a web identity token)' },
  { input: 'role-session-name', help: 'session name for the role' },
  { input: 'role-duration-seconds', help: 'role session length' },
  { input: 's3-prefix', help: 'S3 key prefix (uptycs/{package-name}/{version}/)' },
  { input: 'max-versions', help: 'document versions to keep (25)' },
  { input: 'set-default-version', help: 'make the new version the default (true)' },
  { input: 'share-with-accounts', help: 'AWS account IDs to share the document with' },
  {
    input: 'cache',
    help: 'keep downloaded installers in ~/.cache/uptycs-distributor-action (auto|true|false)',
  },
  {
    input: 'allow-public-sharing',
    boolean: true,
    help: 'allow share-with-accounts all (a public document: any account could install your agent)',
  },
  {
    input: 'replace-output-dir',
    boolean: true,
    help: 'replace an output-dir that another step of this job wrote',
  },
  {
    input: 'skip-version-check',
    boolean: true,
    help: 'build even when no installer name carries --package-version (with -d)',
  },
  {
    input: 'rollout-targets',
    help: 'State Manager association targets: tag:Key=Value, InstanceIds=i-…, resource-groups:Name=G (";" between; turns the rollout on)',
  },
  {
    input: 'rollout-plan',
    help: 'rollout plan file (JSONC): rings, bake times, error budgets, alarms, and the AWS Organization units; replaces --rollout-targets',
  },
  {
    input: 'organization-chunk',
    help: 'K/N: this job reconciles only the member accounts of part K of N (matrix jobs); 0/N: the hub job that runs first',
  },
  {
    input: 'rollback-to',
    help: 'undo: move every ring and the default to previous (or a version name), checked in every region first',
  },
  { input: 'association-name', help: 'State Manager association name (<package-name>-rollout)' },
  { input: 'rollout-schedule', help: 'association schedule: cron(...), rate(...) or none (rate(1 day))' },
  { input: 'installation-type', help: '"Uninstall and reinstall" (default) or "In-place update"' },
  { input: 'max-concurrency', help: 'instances installing at once: N or N% (10%)' },
  { input: 'max-errors', help: 'errors before the association stops: N or N% (10%)' },
  { input: 'compliance-severity', help: 'CRITICAL|HIGH|MEDIUM|LOW|UNSPECIFIED (UNSPECIFIED)' },
  {
    input: 'apply-only-at-cron-interval',
    boolean: true,
    help: 'run only at the cron times, not when created or changed (needs cron())',
  },
  { input: 'additional-arguments', help: 'JSON object of SSM_* variables for the scripts (≤ 4096 chars)' },
  {
    input: 'rollout-start-now',
    boolean: true,
    help: 'run an unchanged association now (StartAssociationsOnce)',
  },
  { input: 'preflight-failures', help: 'instances predicted to fail: warning (default) or error' },
  {
    input: 'rollout-wait-minutes',
    help: 'follow the rollout this long and report per instance (0: do not wait)',
  },
  { input: 'rollout-fail-on', help: 'fail on rollout failures: max-errors (default), any or never' },
  {
    input: 'mode',
    help: 'plan (validate only: no key, no installers, no network), build (as --dry-run) or publish',
  },
  { input: 'compare-to', help: 'base mapping file or earlier report.json: show what the change does' },
  {
    input: 'compare-plan-to',
    help: "the base branch's rollout plan file: show what the rollout-plan change does (who gets which version when)",
  },
  {
    input: 'allow-new-failures',
    boolean: true,
    help: 'with --compare-to: allow a change that makes a common instance fail',
  },
  { input: 'pr-comment', actionOnly: true, help: 'pull-request comment (auto|true|false)' },
  { input: 'github-token', actionOnly: true, help: 'token for the pull-request comment' },
  {
    input: 'package-dir',
    help: 'publish this folder built earlier (output-dir of a build): no mapping, key, download or build',
  },
  {
    input: 'package-digest',
    help: "with --package-dir: the build's package digest (sha256:…); a folder whose manifest.json differs is refused",
  },
  { input: 'version-name', help: 'document version name, e.g. 5.7.0.25-2 (default: the agent version)' },
  {
    input: 'if-published',
    help: 'when the version name is already published: skip (default, nothing downloaded) or verify',
  },
  {
    input: 'check-only',
    boolean: true,
    help: 'resolve the version and check every region (read-only), then stop: nothing downloaded or built',
  },
];

/**
 * Phrases that differ by face beyond an input's name: how to give AWS credentials, where help is.
 * A message says `phrase('aws-credentials')` and each face words it its own way.
 */
export const PHRASES = {
  'aws-credentials': {
    action:
      'set input "role-to-assume" (GitHub OIDC), or run aws-actions/configure-aws-credentials before this step',
    cli: 'give AWS credentials in the environment (AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)',
  },
  help: {
    action: "the action's README lists every input",
    cli: 'uptycs-distributor --help lists every option',
  },
} as const satisfies Record<string, Record<Face, string>>;

export type PhraseName = keyof typeof PHRASES;

const OPEN = '⦃';
const CLOSE = '⦄';
const SEP = '=';

/** A marker naming an input; each face renders it ("input \"x\"" or "--x"). */
export function ref(input: string): string {
  return `${OPEN}${input}${CLOSE}`;
}

/** A marker naming an input set to a value ("x: v" or "--x v"). */
export function refValue(input: string, value: string): string {
  return `${OPEN}${input}${SEP}${value}${CLOSE}`;
}

/** A marker for a phrase each face words its own way (see PHRASES). */
export function phrase(name: PhraseName): string {
  return `${OPEN}!${name}${CLOSE}`;
}

function nameOf(input: string): InputName | undefined {
  return INPUT_NAMES.find((n) => n.input === input);
}

function cliFlag(input: string): string {
  const n = nameOf(input);
  return n?.short ? `-${n.short}/--${input}` : `--${input}`;
}

function cliSetting(input: string, value: string): string {
  const n = nameOf(input);
  const special = n?.cliValues?.[value];
  if (special) return special;
  const flag = n?.short ? `-${n.short}` : `--${input}`;
  if (n?.boolean) return value === 'true' ? flag : `--${input}=false`;
  return `${flag} ${/[\s"'$]/.test(value) || value === '' ? JSON.stringify(value) : value}`;
}

const MARKER_RE = /⦃(!?[a-z0-9-]+)(?:=([^⦄]*))?⦄/g;

/** Turns every input marker in a text into the face's own words. */
export function renderNames(text: string, face: Face): string {
  if (!text.includes(OPEN)) return text;
  return text.replace(MARKER_RE, (_m, input: string, value: string | undefined) => {
    if (input.startsWith('!')) return PHRASES[input.slice(1) as PhraseName]?.[face] ?? input.slice(1);
    if (value === undefined) return face === 'action' ? `input "${input}"` : cliFlag(input);
    return face === 'action' ? `${input}: ${value}` : cliSetting(input, value);
  });
}

/** The inputs the CLI has as flags. */
export const CLI_NAMES: readonly InputName[] = INPUT_NAMES.filter((n) => !n.actionOnly);
