/**
 * Inputs: every input the action (and the CLI) takes, read once and validated up front.
 * Pure: it reads through a getter and returns typed values, or throws one UserError listing every
 * bad input with its fix.
 */
import path from 'node:path';
import { UserError, type Problem } from '../errors.js';
import { packageNameProblem, versionNameProblem } from '../plan/distributor.js';

export interface Inputs {
  /** Uptycs API key: a path to the key file or its JSON content (a secret). Needed when download is true. */
  config: string;
  /** Bucket name template ({account} and {region} are replaced), or '' for the default. */
  s3Bucket: string;
  packageName: string;
  awsRegions: string[];
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
}

/** Returns an input's raw value, '' when it was not given. */
export type InputGetter = (name: string) => string;

export interface InputDefaults {
  mapping: string;
  outputDir: string;
  /** Folder that relative paths are resolved against (the workspace). */
  cwd: string;
}

export const INPUT_DEFAULTS = {
  'package-name': 'UptycsAgent',
  'aws-region': 'us-east-1',
  download: 'true',
  'sensor-only': 'false',
  'dry-run': 'false',
} as const;

const TRUE = ['true', 'True', 'TRUE'];
const FALSE = ['false', 'False', 'FALSE'];
const REGION_RE = /^[a-z]{2}(-[a-z]+)+-\d+$/;

export function readInputs(get: InputGetter, defaults: InputDefaults): Inputs {
  const problems: Problem[] = [];
  const bad = (name: string, message: string) => problems.push({ message: `input "${name}": ${message}` });
  const raw = (name: string) => get(name).trim();
  const str = (name: keyof typeof INPUT_DEFAULTS) => raw(name) || INPUT_DEFAULTS[name];
  const bool = (name: keyof typeof INPUT_DEFAULTS): boolean => {
    const v = str(name);
    if (TRUE.includes(v)) return true;
    if (FALSE.includes(v)) return false;
    bad(name, `"${v}" is not a boolean; write true or false`);
    return false;
  };
  const abs = (p: string) => path.resolve(defaults.cwd, p);

  const packageName = str('package-name');
  const np = packageNameProblem(packageName);
  if (np) bad('package-name', np);

  const packageVersion = raw('package-version');
  if (packageVersion) {
    const vp = versionNameProblem(packageVersion);
    if (vp) bad('package-version', vp);
  }

  const awsRegions = [
    ...new Set(
      str('aws-region')
        .split(/[\s,]+/)
        .filter(Boolean),
    ),
  ];
  for (const r of awsRegions)
    if (!REGION_RE.test(r)) bad('aws-region', `"${r}" is not an AWS region name such as us-east-1`);

  const s3Bucket = raw('s3-bucket');
  if (s3Bucket) {
    const probe = s3Bucket.replace('{account}', '123456789012').replace('{region}', 'us-east-1');
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(probe) || probe.includes('..'))
      bad(
        's3-bucket',
        `"${s3Bucket}" is not a valid S3 bucket name: 3 to 63 lowercase letters, digits, "-" and "." (the placeholders {account} and {region} are allowed)`,
      );
  }

  const download = bool('download');
  const sensorOnly = bool('sensor-only');
  const dryRun = bool('dry-run');
  const config = get('config').trim();
  const agentsDir = raw('agents-dir');
  if (download && !config)
    bad('config', 'the Uptycs API key is required to download installers (or set download: false and give agents-dir)');
  if (!download && !agentsDir)
    bad('agents-dir', 'with download: false, give the folder that holds one subfolder per mapping "dir"');

  if (problems.length)
    throw new UserError(
      `${problems.length} input${problems.length > 1 ? 's are' : ' is'} invalid:\n${problems.map((p) => `  ${p.message}`).join('\n')}`,
      problems,
    );
  return {
    config,
    s3Bucket,
    packageName,
    awsRegions,
    packageVersion,
    download,
    sensorOnly,
    mapping: abs(raw('mapping') || defaults.mapping),
    agentsDir: agentsDir ? abs(agentsDir) : '',
    outputDir: abs(raw('output-dir') || defaults.outputDir),
    dryRun,
  };
}
