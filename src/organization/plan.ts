/**
 * The Organization's pure parts: the partition of a region, the shared package's ARN, which accounts
 * to share with and which left, the quota check before anything changes, which associations each
 * member account should have, and why an account's call failed (cause and fix). No I/O.
 */
import { UserError } from '../common/errors.js';
import { ref } from '../common/names.js';

/** A document can be shared with at most this many accounts (Systems Manager's default quota). */
export const SHARE_QUOTA = 1000;

/** An ACTIVE member account, and where it sits in the Organization. */
export interface OrgAccount {
  id: string;
  name: string;
  /** The OU (or root) named in the plan that it was found under. */
  unit: string;
  /** The OU it is directly in. */
  parent: string;
}

// The partition of a region, and the ARN member accounts name the shared package by (a document shared
// from another account is named by its ARN): the publish stage's own.
export { partitionOf, documentArn as sharedDocumentArn } from '../publish/plan.js';

/** The member role's ARN for one account. */
export function memberRoleArn(pattern: string, account: string): string {
  return pattern.replace('{account}', account);
}

/**
 * The accounts to share with: the Organization's (without the hub, which owns the document) and the
 * ones listed in share-with-accounts. Past the quota: one error naming it, before anything changes.
 */
export function accountsToShare(
  org: readonly OrgAccount[],
  listed: readonly string[],
  hub: string,
): string[] {
  const all = [...new Set([...org.map((a) => a.id), ...listed])].filter((a) => a !== hub).sort();
  const counted = all.filter((a) => a !== 'all');
  if (counted.length > SHARE_QUOTA)
    throw new UserError(
      `${ref('rollout-plan')}: the organization units hold ${counted.length} accounts to share the package with, more than the ${SHARE_QUOTA} accounts a Systems Manager document can be shared with (the quota "Shared documents: accounts per document"); name fewer OUs, or split them between two package names; nothing was changed`,
    );
  return all;
}

/**
 * Whether a member account is in a job's part (organization-chunk K/N, K ≥ 1): its ID modulo N is K - 1.
 * The part of an account depends on its ID alone, never on the other accounts listed, so the jobs of one
 * run agree on every account even when the Organization changes between their listings, and each account
 * is in exactly one part.
 */
export function inChunk(account: string, chunk: { index: number; count: number }): boolean {
  return Number(BigInt(account) % BigInt(chunk.count)) === chunk.index - 1;
}

/** The accounts the document was shared with that are no longer asked for (they lose their association). */
export function departedAccounts(sharedBefore: readonly string[], wanted: readonly string[]): string[] {
  const keep = new Set(wanted);
  return [...new Set(sharedBefore)].filter((a) => /^\d{12}$/.test(a) && !keep.has(a)).sort();
}

/** One association every member account gets (a ring of the plan, or the rollout inputs). */
export interface MemberRing {
  /** The association's name in the member account. */
  associationName: string;
  /** When given, only these accounts (or accounts under these OUs) get it. */
  accounts?: string[];
  ous?: string[];
}

/** The rings that apply to one account (no accounts/ous given: every account). */
export function ringsFor<R extends MemberRing>(rings: readonly R[], account: OrgAccount): R[] {
  return rings.filter((r) => {
    if (!r.accounts?.length && !r.ous?.length) return true;
    return (
      !!r.accounts?.includes(account.id) || !!r.ous?.some((o) => o === account.unit || o === account.parent)
    );
  });
}

const THROTTLING = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'TooManyUpdates',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'SlowDown',
]);

/** The error's AWS name (its `name`, or `Code` as some services send it). */
export function errorName(err: unknown): string {
  const e = err as { name?: string; Code?: string; code?: string } | undefined;
  return String(e?.Code ?? e?.name ?? e?.code ?? '');
}

/** Throttling is retried, never reported as an account's failure. */
export function isThrottling(err: unknown): boolean {
  const e = err as { $metadata?: { httpStatusCode?: number } } | undefined;
  return THROTTLING.has(errorName(err)) || e?.$metadata?.httpStatusCode === 429;
}

/** Why one member account's step failed, with the fix; `what` is the call and `where` the account/region. */
export function explainMemberFailure(
  err: unknown,
  step: 'assume' | 'ssm',
  role: string,
  region: string,
): string {
  const name = errorName(err);
  const msg = err instanceof Error ? err.message : String(err);
  const scp = /service control policy|explicit deny in a/i.test(msg);
  if (scp)
    return `a service control policy denies it (${name}: ${msg}); allow ${step === 'assume' ? 'sts:AssumeRole on the member role' : 'the ssm association calls'} for the hub role in that SCP, or move the account out of the plan's OUs`;
  if (
    /OptInRequired|InvalidClientTokenId|UnrecognizedClient|AuthFailure/.test(name) ||
    /region .*not enabled|not opted in/i.test(msg)
  )
    return `region ${region} is not enabled in this account (${name}); enable it (Account settings → AWS Regions) or remove it from ${ref('aws-region')}`;
  if (step === 'assume' && /AccessDenied|NoSuchEntity|InvalidIdentityToken/.test(name))
    return `the hub role cannot assume ${role} (${name}: ${msg}); deploy the member-role StackSet (iam/member-role-stackset.json) to this account's OU, or check that its trust policy names the hub role`;
  if (/AccessDenied|UnauthorizedOperation/.test(name))
    return `${role} is not allowed to do this (${name}: ${msg}); update it from iam/member-role-stackset.json`;
  if (/InvalidDocument/.test(name))
    return `the account cannot read the shared package (${name}: ${msg}); check the document is shared with it in ${region}`;
  return `${name || 'error'}: ${msg}`;
}
