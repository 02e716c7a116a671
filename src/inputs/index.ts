/**
 * Inputs: every input the action (and the CLI) takes, read once and validated up front.
 * Pure: it reads through a getter and returns typed values, or throws one UserError listing every
 * bad input with its fix.
 */
import path from 'node:path';
import { UserError, type Problem } from '../common/errors.js';
import { packageNameProblem, versionNameProblem } from './distributor-names.js';
import { readHandoffInputs, type HandoffInputs } from './handoff.js';
import { ref, refValue } from '../common/names.js';
import { shownPath } from '../common/paths.js';
import { publicSharingProblem, s3PrefixProblem, type RegionChoice } from './publishing.js';
import { readReviewInputs, type ReviewInputs } from './review.js';
import { readRolloutInputs, type RolloutInputs } from './rollout.js';
import { loadOrganization, parseChunk, type OrganizationPlan } from './organization.js';
import { regionProblem } from '../common/suggest.js';

export interface Inputs extends ReviewInputs {
  /** Uptycs API key: a path to the key file or its JSON content (a secret). Needed when download is true. */
  config: string;
  /** Bucket name template ({account} and {region} are replaced), or '' for the default. */
  s3Bucket: string;
  packageName: string;
  awsRegions: string[];
  /** Which source chose awsRegions: the input's name, an environment variable, a profile, or "default". */
  awsRegionSource?: string;
  /** Agent version; '' means: discover it (download) or read it from the installer names (offline). */
  packageVersion: string;
  download: boolean;
  sensorOnly: boolean;
  /** Absolute path of the mapping file. */
  mapping: string;
  /** Absolute path of the folder with one subfolder per mapping dir, or '' when download is true. */
  agentsDir: string;
  /** Absolute path of the folder the package is written to. */
  outputDir: string;
  dryRun: boolean;
  /** Uptycs API base URL override ('' = from the key file's domain and domainSuffix). */
  uptycsApiUrl: string;
  /** Uptycs asset group whose installers are downloaded. */
  assetGroup: string;
  /** IAM role ARN assumed through GitHub OIDC; '' = the ambient AWS credential chain. */
  roleToAssume: string;
  roleSessionName: string;
  roleDurationSeconds: number;
  /** S3 key prefix, ending in "/" ({package-name} and {version} are replaced). */
  s3Prefix: string;
  /** Document versions kept; at the limit the oldest non-default version is deleted. */
  maxVersions: number;
  setDefaultVersion: boolean;
  /** AWS account IDs the document is shared with. */
  shareWithAccounts: string[];
  /** Cache downloaded installers: 'auto' (not on public repositories), 'true' or 'false'. */
  cache: 'auto' | 'true' | 'false';
  /** Allows share-with-accounts: all (a public document). */
  allowPublicSharing: boolean;
  /** Allows replacing an output-dir that another step of this job wrote. */
  replaceOutputDir: boolean;
  /** Build even when no installer's name carries package-version (offline builds). */
  skipVersionCheck?: boolean;
  /** The rollout stage's inputs (src/inputs/rollout.ts); undefined when rollout-targets is empty. */
  rollout?: RolloutInputs;
  /** Absolute path of the rollout plan file (rollout-plan), '' = none. Its rings are in rollout.plan. */
  rolloutPlan: string;
  /** The plan's `organization` (src/inputs/organization.ts): share and install across AWS Organizations units. */
  organization?: OrganizationPlan;
  /** package-dir, package-digest, version-name, if-published: see handoff.ts. */
  packageDir: HandoffInputs['packageDir'];
  packageDigest: HandoffInputs['packageDigest'];
  versionName: HandoffInputs['versionName'];
  ifPublished: HandoffInputs['ifPublished'];
  checkOnly: HandoffInputs['checkOnly'];
}

/** Returns an input's raw value, '' when it was not given. */
export type InputGetter = (name: string) => string;

export interface InputDefaults {
  mapping: string;
  outputDir: string;
  /** Folder that relative paths are resolved against (the workspace). */
  cwd: string;
  /** The region when aws-region is not given (the environment, or the CLI's profile); else the default. */
  region?: RegionChoice;
}

export const INPUT_DEFAULTS = {
  'package-name': 'UptycsAgent',
  'aws-region': 'us-east-1',
  download: 'true',
  'sensor-only': 'false',
  'dry-run': 'false',
  'asset-group': 'assets',
  'role-session-name': 'uptycs-distributor',
  'role-duration-seconds': '3600',
  's3-prefix': 'uptycs/{package-name}/{version}/',
  'max-versions': '25',
  'set-default-version': 'true',
  cache: 'auto',
  'allow-public-sharing': 'false',
  'replace-output-dir': 'false',
  'skip-version-check': 'false',
} as const;

/** Mappings shipped with the action, selected by name (mapping: original). */
export const NAMED_MAPPINGS: Record<string, string> = {
  default: 'uptycs-agent-mapping.json',
  original: 'uptycs-agent-mapping.original.json',
};

const TRUE = ['true', 'True', 'TRUE'];
const FALSE = ['false', 'False', 'FALSE'];

/** How each reader of a group of inputs gets values and reports a bad one (problems are collected, reported together). */
interface Reader {
  raw: (name: string) => string;
  str: (name: keyof typeof INPUT_DEFAULTS) => string;
  bool: (name: keyof typeof INPUT_DEFAULTS) => boolean;
  int: (name: keyof typeof INPUT_DEFAULTS, min: number, max: number) => number;
  bad: (name: string, message: string) => void;
}

function reader(get: InputGetter, problems: Problem[]): Reader {
  const bad = (name: string, message: string) => void problems.push({ message: `${ref(name)}: ${message}` });
  const raw = (name: string) => get(name).trim();
  const str = (name: keyof typeof INPUT_DEFAULTS) => raw(name) || INPUT_DEFAULTS[name];
  return {
    raw,
    str,
    bad,
    bool: (name) => {
      const v = str(name);
      if (TRUE.includes(v)) return true;
      if (FALSE.includes(v)) return false;
      bad(name, `"${v}" is not a boolean; write true or false`);
      return false;
    },
    int: (name, min, max) => {
      const v = str(name);
      const n = Number(v);
      if (!/^\d+$/.test(v) || n < min || n > max)
        bad(name, `"${v}" must be a whole number from ${min} to ${max}`);
      return n;
    },
  };
}

/** A list input: split on commas and white space, each value once. */
function list(value: string): string[] {
  return [...new Set(value.split(/[\s,]+/).filter(Boolean))];
}

export function readInputs(get: InputGetter, defaults: InputDefaults): Inputs {
  const problems: Problem[] = [];
  const r = reader(get, problems);
  const abs = (p: string) => path.resolve(defaults.cwd, p);
  const pkg = readPackageInputs(r);
  const where = readTargetInputs(r, defaults.region, problems);
  const dryRun = r.bool('dry-run');
  const review = readReviewInputs(r.raw, r.bad, defaults.cwd, dryRun);
  const handoff = readHandoffInputs(r.raw, r.bad, defaults.cwd);
  const source = readSourceInputs(r, review.mode === 'plan' || !!handoff.packageDir);
  const aws = readAwsInputs(r);
  const replaceOutputDir = r.bool('replace-output-dir');
  const mapping = mappingPath(r.raw('mapping'), defaults);
  const rollout = readRolloutInputs(r.raw, r.bad, pkg.packageName, defaults.cwd);
  // The rings pin their versions and the plan (or the undo) moves the default: publishing must not.
  const ringsMoveDefault = !!(r.raw('rollout-plan') || r.raw('rollback-to'));
  if (ringsMoveDefault && TRUE.includes(r.raw('set-default-version')))
    r.bad(
      'set-default-version',
      `with ${r.raw('rollout-plan') ? ref('rollout-plan') : ref('rollback-to')} the rollout moves the document's default version (after the last ring, or back); remove ${ref('set-default-version')}`,
    );
  // The plan's organization (its rings are read with the rollout inputs, which refuse a plan without them).
  const plan = readPlanOrganization(r, defaults.cwd, problems);

  if (problems.length)
    throw new UserError(
      `${problems.length} input${problems.length > 1 ? 's are' : ' is'} invalid:\n${problems.map((p) => `  ${p.message}`).join('\n')}`,
      problems,
    );
  return {
    ...pkg,
    ...where,
    ...source,
    ...aws,
    ...(ringsMoveDefault ? { setDefaultVersion: false } : {}),
    mapping,
    agentsDir: source.agentsDir ? abs(source.agentsDir) : '',
    outputDir: abs(r.raw('output-dir') || defaults.outputDir),
    dryRun: dryRun || review.mode !== 'publish',
    replaceOutputDir,
    ...(rollout ? { rollout } : {}),
    rolloutPlan: plan.rolloutPlan,
    ...(plan.organization ? { organization: plan.organization } : {}),
    ...review,
    ...handoff,
  };
}

/** The rollout plan file's organization, when rollout-plan is given; its problems keep their line and column. */
function readPlanOrganization(
  r: Reader,
  cwd: string,
  problems: Problem[],
): { rolloutPlan: string; organization?: OrganizationPlan } {
  const value = r.raw('rollout-plan');
  const chunkText = r.raw('organization-chunk');
  const needsOrganization = `needs ${ref('rollout-plan')} with an "organization" object (docs/organization.md): it splits the member accounts across matrix jobs`;
  if (!value) {
    if (chunkText) r.bad('organization-chunk', needsOrganization);
    return { rolloutPlan: '' };
  }
  const rolloutPlan = path.resolve(cwd, value);
  const { organization, problems: found } = loadOrganization(rolloutPlan, shownPath(rolloutPlan, cwd));
  for (const p of found) problems.push({ ...p, message: `${ref('rollout-plan')}: ${p.message}` });
  if (!chunkText || found.length) return { rolloutPlan, ...(organization ? { organization } : {}) };
  if (!organization) {
    r.bad('organization-chunk', needsOrganization);
    return { rolloutPlan };
  }
  const chunk = parseChunk(chunkText);
  if ('problem' in chunk) r.bad('organization-chunk', chunk.problem);
  return {
    rolloutPlan,
    organization: { ...organization, ...('chunk' in chunk ? { chunk: chunk.chunk } : {}) },
  };
}

/** The package's name and the agent version. */
function readPackageInputs(r: Reader): Pick<Inputs, 'packageName' | 'packageVersion'> {
  const packageName = r.str('package-name');
  const np = packageNameProblem(packageName);
  if (np) r.bad('package-name', np);
  // The Uptycs console shows versions as "5.7.0.25-Uptycs"; the API and the package use "5.7.0.25".
  const packageVersion = r.raw('package-version').replace(/^(\d+(?:\.\d+)+)-uptycs$/i, '$1');
  if (packageVersion) {
    const vp = versionNameProblem(packageVersion);
    if (vp) r.bad('package-version', vp);
    else if (!/^\d+\.\d+\.\d+\.\d+$/.test(packageVersion)) {
      const meant = /^v(\d+\.\d+\.\d+\.\d+)$/i.exec(packageVersion)?.[1];
      r.bad(
        'package-version',
        `"${packageVersion}" is not an agent version: write its four numbers${meant ? `, ${refValue('package-version', meant)}` : ` (such as ${refValue('package-version', '5.7.0.25')})`}`,
      );
    }
  }
  return { packageName, packageVersion };
}

/**
 * Where the package goes: the regions (aws-region, else the region chosen outside the inputs, else the
 * default) and the bucket name (with its placeholders). A wrong region names where it came from.
 */
function readTargetInputs(
  r: Reader,
  outside: RegionChoice | undefined,
  problems: Problem[],
): Pick<Inputs, 'awsRegions' | 'awsRegionSource' | 's3Bucket'> {
  const given = r.raw('aws-region');
  const from = given ? undefined : outside;
  const awsRegions = list(given || from?.value || INPUT_DEFAULTS['aws-region']);
  const awsRegionSource = given ? ref('aws-region') : (from?.source ?? 'default');
  for (const region of awsRegions) {
    const rp = regionProblem(region);
    if (rp && from)
      problems.push({
        message: `${from.source} (the region, as no ${ref('aws-region')} is given): ${rp}; ${from.fix}`,
      });
    else if (rp) r.bad('aws-region', rp);
  }
  const s3Bucket = r.raw('s3-bucket');
  if (s3Bucket) {
    const probe = s3Bucket.replace('{account}', '123456789012').replace('{region}', 'us-east-1');
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(probe) || probe.includes('..'))
      r.bad(
        's3-bucket',
        `"${s3Bucket}" is not a valid S3 bucket name: 3 to 63 lowercase letters, digits, "-" and "." (the placeholders {account} and {region} are allowed)`,
      );
  }
  return { awsRegions, awsRegionSource, s3Bucket };
}

/** Where the installers come from: the Uptycs API (key, URL, asset group, cache) or agents-dir. `noInstallers`: plan mode or a package-dir. */
function readSourceInputs(
  r: Reader,
  noInstallers: boolean,
): Pick<
  Inputs,
  | 'download'
  | 'sensorOnly'
  | 'config'
  | 'agentsDir'
  | 'uptycsApiUrl'
  | 'assetGroup'
  | 'cache'
  | 'skipVersionCheck'
> {
  const download = r.bool('download');
  const sensorOnly = r.bool('sensor-only');
  const config = r.raw('config');
  const agentsDir = r.raw('agents-dir');
  if (download && !config && !noInstallers)
    r.bad(
      'config',
      `the Uptycs API key is required to download installers (or use ${refValue('download', 'false')} with ${ref('agents-dir')} to build from installers on disk)`,
    );
  if (!download && !agentsDir && !noInstallers)
    r.bad(
      'agents-dir',
      `with ${refValue('download', 'false')}, give the folder that holds one subfolder per mapping "dir"`,
    );
  const uptycsApiUrl = r.raw('uptycs-api-url');
  if (uptycsApiUrl) {
    let u: URL | undefined;
    try {
      u = new URL(uptycsApiUrl);
    } catch {
      r.bad('uptycs-api-url', `"${uptycsApiUrl}" is not a URL; write https://<tenant>.uptycs.io`);
    }
    if (u && u.protocol !== 'https:' && !(u.protocol === 'http:' && isLoopback(u.hostname)))
      r.bad(
        'uptycs-api-url',
        `${u.protocol}// is refused: use https:// (plain http:// is allowed only to a loopback address)`,
      );
  }
  const cache = r.str('cache').toLowerCase();
  if (cache !== 'auto' && cache !== 'true' && cache !== 'false')
    r.bad('cache', `"${cache}" must be auto, true or false`);
  return {
    download,
    sensorOnly,
    config,
    agentsDir,
    uptycsApiUrl,
    assetGroup: r.str('asset-group'),
    cache: cache as Inputs['cache'],
    skipVersionCheck: r.bool('skip-version-check'),
  };
}

/** How to reach AWS and what to publish there: the role, the S3 prefix, versions kept, the default version, sharing. */
function readAwsInputs(
  r: Reader,
): Pick<
  Inputs,
  | 'roleToAssume'
  | 'roleSessionName'
  | 'roleDurationSeconds'
  | 's3Prefix'
  | 'maxVersions'
  | 'setDefaultVersion'
  | 'shareWithAccounts'
  | 'allowPublicSharing'
> {
  const roleToAssume = r.raw('role-to-assume');
  if (roleToAssume && !/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/.test(roleToAssume))
    r.bad(
      'role-to-assume',
      `"${roleToAssume}" is not an IAM role ARN such as arn:aws:iam::123456789012:role/publisher`,
    );
  const roleSessionName = r.str('role-session-name');
  if (!/^[\w+=,.@-]{2,64}$/.test(roleSessionName))
    r.bad('role-session-name', `"${roleSessionName}" must be 2 to 64 letters, digits or +=,.@_-`);
  const roleDurationSeconds = r.int('role-duration-seconds', 900, 43200);
  let s3Prefix = r.str('s3-prefix').replace(/^\/+/, '');
  if (s3Prefix && !s3Prefix.endsWith('/')) s3Prefix += '/';
  if (!/^[\w!\-.*'()/{}]*$/.test(s3Prefix) || s3Prefix.includes('//'))
    r.bad(
      's3-prefix',
      `"${s3Prefix}" must be a plain S3 key prefix such as uptycs/{package-name}/{version}/`,
    );
  const maxVersions = r.int('max-versions', 2, 25);
  const setDefaultVersion = r.bool('set-default-version');
  const shareWithAccounts = list(r.raw('share-with-accounts'));
  for (const a of shareWithAccounts)
    if (!/^(\d{12}|all)$/.test(a))
      r.bad('share-with-accounts', `"${a}" is not a 12-digit AWS account ID (or "all")`);
  const allowPublicSharing = r.bool('allow-public-sharing');
  const prefixProblem = s3PrefixProblem(s3Prefix);
  if (prefixProblem) r.bad('s3-prefix', prefixProblem);
  const sharingProblem = publicSharingProblem(shareWithAccounts, allowPublicSharing);
  if (sharingProblem) r.bad('share-with-accounts', sharingProblem);
  return {
    roleToAssume,
    roleSessionName,
    roleDurationSeconds,
    s3Prefix,
    maxVersions,
    setDefaultVersion,
    shareWithAccounts,
    allowPublicSharing,
  };
}

/** The mapping file an input value names: a bundled mapping by name, else a path (default: the bundled one). */
export function mappingPath(value: string, defaults: InputDefaults): string {
  const named = NAMED_MAPPINGS[value.toLowerCase()];
  if (named) return path.join(path.dirname(defaults.mapping), named);
  return path.resolve(defaults.cwd, value || defaults.mapping);
}

export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h);
}
