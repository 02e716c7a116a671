/**
 * One member account: the hub's session assumes the member role (STS AssumeRole), then in every region
 * the association of each ring is created, updated or left alone (the rollout stage's own
 * ensureAssociation); in an account that left, the associations are deleted. Every SSM/STS call is
 * counted and its throttling retried; a failure stays this account's (named with its cause and fix).
 */
import { AssumeRoleCommand, type STSClient } from '@aws-sdk/client-sts';
import {
  DeleteAssociationCommand,
  DescribeAssociationCommand,
  ListAssociationsCommand,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import { CONFIGURE_PACKAGE, type AssociationDefinition } from '../rollout/association.js';
import { ensureAssociation } from '../rollout/follow.js';
import type { CredentialProvider } from '../publish/clients.js';
import { explainMemberFailure, memberRoleArn, type OrgAccount } from './plan.js';
import { retryThrottled, type ThrottleOptions } from './throttle.js';
import { mapLimit } from '../common/limit.js';

export type AssociationAction = 'created' | 'updated' | 'unchanged' | 'deleted' | 'absent';

export interface RegionOutcome {
  region: string;
  associations: { name: string; action: AssociationAction; id?: string }[];
  error?: string;
}

export interface MemberOutcome {
  account: string;
  name: string;
  unit: string;
  /** member: in the plan's OUs; departed: shared before, no longer asked for. */
  kind: 'member' | 'departed';
  regions: RegionOutcome[];
  /** The account-level failure (the role could not be assumed). */
  error?: string;
}

/** What a member account needs from the stage: clients bound to the member's credentials, counted. */
export interface MemberEnv {
  sts: STSClient;
  /** An SSM client for a region with these credentials (counting and throttle-retrying every call). */
  ssm: (region: string, credentials: CredentialProvider) => SSMClient;
  memberRole: string;
  sessionName: string;
  throttle: ThrottleOptions;
  /** Regions of one account handled at the same time. */
  regionConcurrency: number;
}

/** Assumes the member role; the credentials are kept in memory only. */
export function assumeMember(env: MemberEnv, account: string): Promise<CredentialProvider> {
  return assumeRole(env.sts, memberRoleArn(env.memberRole, account), env.sessionName, env.throttle);
}

/** STS AssumeRole from the hub's session (throttling retried); the credentials stay in memory. */
export async function assumeRole(
  sts: STSClient,
  role: string,
  sessionName: string,
  throttle: ThrottleOptions,
): Promise<CredentialProvider> {
  const out = await retryThrottled(
    () =>
      sts.send(new AssumeRoleCommand({ RoleArn: role, RoleSessionName: sessionName, DurationSeconds: 3600 })),
    throttle,
  );
  const c = out.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey)
    throw new Error(`AssumeRole returned no credentials for ${role}`);
  const creds = {
    accessKeyId: c.AccessKeyId,
    secretAccessKey: c.SecretAccessKey,
    ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}),
    ...(c.Expiration ? { expiration: c.Expiration } : {}),
  };
  return () => Promise.resolve(creds);
}

/** The associations one member account should have, per region (the definitions already name the ARN). */
export type Wanted = (region: string) => AssociationDefinition[];

type MemberBase = Omit<MemberOutcome, 'regions' | 'error'>;

/**
 * Assumes the member role in `account`, then runs `work` in each region (env.regionConcurrency at a
 * time) with an SSM client of that account: a failure is the region's (or, for the role, the account's)
 * outcome with its cause and fix, never a thrown error.
 */
async function inEachRegion(
  env: MemberEnv,
  base: MemberBase,
  regions: readonly string[],
  work: (ssm: SSMClient, out: RegionOutcome, region: string) => Promise<void>,
): Promise<MemberOutcome> {
  const role = memberRoleArn(env.memberRole, base.account);
  let creds: CredentialProvider;
  try {
    creds = await assumeMember(env, base.account);
  } catch (err) {
    return { ...base, regions: [], error: explainMemberFailure(err, 'assume', role, regions[0] ?? '') };
  }
  const outcomes = await mapLimit(regions, env.regionConcurrency, async (region) => {
    const ssm = env.ssm(region, creds);
    const out: RegionOutcome = { region, associations: [] };
    try {
      await work(ssm, out, region);
    } catch (err) {
      out.error = explainMemberFailure(err, 'ssm', role, region);
    } finally {
      ssm.destroy();
    }
    return out;
  });
  return { ...base, regions: outcomes };
}

/** Creates or updates the account's associations in every region; unchanged ones get no write. */
export function reconcileMember(
  env: MemberEnv,
  account: OrgAccount,
  regions: readonly string[],
  wanted: Wanted,
): Promise<MemberOutcome> {
  const base = { account: account.id, name: account.name, unit: account.unit, kind: 'member' as const };
  return inEachRegion(env, base, regions, async (ssm, out) => {
    for (const def of wanted(out.region)) {
      const change = await ensureAssociation(ssm, def, false);
      out.associations.push({ name: def.AssociationName, action: change.action, id: change.id });
    }
  });
}

/** Which associations are this package's in a member account: their name and the document they install. */
export interface OurAssociations {
  /** The association name the rings' names derive from (`<base>` or `<base>-<ring>`). */
  base: string;
  /** The shared document's ARN in a region (what a member association installs). */
  arnOf: (region: string) => string;
}

/**
 * Ours: named from the base (any ring, also one since removed from the plan), and installing our
 * package (AWS-ConfigureAWSPackage with the shared document's ARN, or its name, as the package).
 */
export function isOurs(
  ours: OurAssociations,
  region: string,
  a: { AssociationName?: string; Name?: string; Parameters?: Record<string, string[]> },
): boolean {
  const arn = ours.arnOf(region);
  const pkg = a.Parameters?.name?.[0];
  return ourKind(ours, a) && (pkg === arn || pkg === arn.slice(arn.lastIndexOf('/') + 1));
}

/** Named from the base and installing a package: what ListAssociations tells (it lists no parameters). */
function ourKind(ours: OurAssociations, a: { AssociationName?: string; Name?: string }): boolean {
  const named = a.AssociationName === ours.base || !!a.AssociationName?.startsWith(`${ours.base}-`);
  return named && a.Name === CONFIGURE_PACKAGE;
}

/**
 * In an account that left: deletes every association of this package in every region (if the role still
 * works): those of today's rings and of rings since removed from the plan, which would otherwise keep
 * trying to install a package the account can no longer read. The account's own associations stay.
 */
export function removeFromMember(
  env: MemberEnv,
  account: string,
  regions: readonly string[],
  ours: OurAssociations,
): Promise<MemberOutcome> {
  const base = { account, name: '', unit: '', kind: 'departed' as const };
  return inEachRegion(env, base, regions, async (ssm, out, region) => {
    // ListAssociations names the document (AWS-ConfigureAWSPackage), not its parameters: the candidates
    // by name, then each described to read which package it installs.
    const candidates: string[] = [];
    let token: string | undefined;
    do {
      const page = await ssm.send(new ListAssociationsCommand({ MaxResults: 50, NextToken: token }));
      for (const a of page.Associations ?? [])
        if (a.AssociationId && ourKind(ours, a)) candidates.push(a.AssociationId);
      token = page.NextToken;
    } while (token);
    let deleted = 0;
    for (const id of candidates) {
      const d = (await ssm.send(new DescribeAssociationCommand({ AssociationId: id })))
        .AssociationDescription;
      if (!d || !isOurs(ours, region, d)) continue;
      await ssm.send(new DeleteAssociationCommand({ AssociationId: id }));
      out.associations.push({ name: d.AssociationName ?? ours.base, action: 'deleted' });
      deleted++;
    }
    if (!deleted) out.associations.push({ name: ours.base, action: 'absent' });
  });
}
