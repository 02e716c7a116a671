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
