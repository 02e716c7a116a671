/**
 * Inputs of the publish stage that guard against unattended mistakes: the S3 prefix must keep every
 * package version apart, and public sharing needs its own explicit switch.
 */
import { ref } from '../common/names.js';

/** Why an s3-prefix template would let two package versions (or two packages) share keys, or undefined. */
export function s3PrefixProblem(prefix: string): string | undefined {
  const missing = ['{package-name}', '{version}'].filter((p) => !prefix.includes(p));
  if (!missing.length) return undefined;
  return `"${prefix}" has no ${missing.join(' and no ')}: every package version (and every package) needs keys of its own, or a later publish finds an earlier version's manifest.json and zips at its keys; write for example uptycs/{package-name}/{version}/`;
}

/**
 * Checks share-with-accounts against allow-public-sharing: "all" makes the document public, and the
 * installers it points at carry the tenant's enrollment secret.
 */
export function publicSharingProblem(accounts: readonly string[], allowPublic: boolean): string | undefined {
  if (!accounts.includes('all') || allowPublic) return undefined;
  return `"all" would make the document public: any AWS account could install the agent with your tenant's enrollment secret. Set ${ref('allow-public-sharing')} to true to do it anyway, or list account IDs`;
}

/** Where the region(s) came from, for the log line that says so and for errors that name the source. */
export interface RegionChoice {
  /** The region list as written (commas or spaces). */
  value: string;
  /** The source in words: "AWS_REGION", "AWS_DEFAULT_REGION", "the region of AWS profile default"… */
  source: string;
  /** For a wrong value: what to change (the source itself, or the input/flag that overrides it). */
  fix: string;
}

/**
 * The region when aws-region is not given, as the AWS SDKs and CLI choose it: AWS_REGION, then
 * AWS_DEFAULT_REGION (the AWS CLI's variable, which aws-actions/configure-aws-credentials also sets).
 * Undefined when neither is set (then, for the CLI, the profile's region; else the default, said so).
 */
export function regionFromEnvironment(env: NodeJS.ProcessEnv): RegionChoice | undefined {
  for (const name of ['AWS_REGION', 'AWS_DEFAULT_REGION']) {
    const value = env[name]?.trim();
    if (value) return { value, source: name, fix: `set ${name} to a region, or give ${ref('aws-region')}` };
  }
  return undefined;
}

/** The log line that says which region(s) this run uses and which source chose them. */
export function regionChoiceLine(regions: readonly string[], source: string): string {
  const what = `AWS region${regions.length > 1 ? 's' : ''} ${regions.join(', ')}`;
  return source === 'default'
    ? `${what}: the default, as no ${ref('aws-region')}, AWS_REGION, AWS_DEFAULT_REGION or profile region is set; give ${ref('aws-region')} to choose`
    : `${what} (from ${source})`;
}
