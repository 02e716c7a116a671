/**
 * AWS credentials for publishing: a role assumed with the job's GitHub OIDC token, or the SDK's
 * default credential chain. Temporary credentials live in memory only and are masked in the log.
 */
import { AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import pRetry, { AbortError } from 'p-retry';
import { UserError, errorMessage } from '../common/errors.js';
import type { Inputs } from '../inputs/index.js';
import type { Log } from '../common/log.js';
import { stsClient, type AwsCredentials, type CredentialProvider } from './clients.js';
import type { AwsSession } from './types.js';
import { awsErrorName, explainAwsError, httpStatus, partitionOf } from './plan.js';
import { phrase, ref } from '../common/names.js';

/**
 * The audience STS accepts for a GitHub OIDC token in the region's partition: sts.amazonaws.com, and
 * sts.amazonaws.com.cn in China (aws-cn). The role's IAM OIDC provider lists it as a client id, and the
 * trust policy's aud condition names it.
 */
export function oidcAudience(region: string): string {
  return partitionOf(region) === 'aws-cn' ? 'sts.amazonaws.com.cn' : 'sts.amazonaws.com';
}

/**
 * What a trust policy compares, read from the OIDC token's payload (sub, aud, job_workflow_ref), as
 * one line: not secret, unlike the token, which is never shown. JSON-quoted, so no claim can start a
 * line of the log.
 */
export function tokenClaims(token: string): string {
  let claims: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
    if (!parsed || typeof parsed !== 'object') throw new Error('not an object');
    claims = parsed as Record<string, unknown>;
  } catch {
    return 'the token presented has no readable claims';
  }
  const show = (k: string) => `${k} ${k in claims ? JSON.stringify(claims[k]) : '(none)'}`;
  return `the token presented: ${['sub', 'aud', 'job_workflow_ref'].map(show).join(', ')}`;
}

export type { AwsSession } from './types.js';

export interface SessionSettings {
  inputs: Pick<Inputs, 'roleToAssume' | 'roleSessionName' | 'roleDurationSeconds' | 'awsRegions'> &
    /** How long the run will need the credentials: a rollout it follows (not in a dry run or a check). */
    Partial<Pick<Inputs, 'dryRun' | 'checkOnly'>> & { rollout?: { waitMinutes: number } | undefined };
  log: Log;
  env: NodeJS.ProcessEnv;
  getIdToken?: (audience: string) => Promise<string>;
  maxAttempts: number;
  retryBaseMs: number;
}

/** Credentials are renewed this long before they expire. */
const REFRESH_MARGIN_MS = 5 * 60_000;

function retryableSts(err: unknown): boolean {
  const name = awsErrorName(err);
  const status = httpStatus(err);
  return (
    /IDPCommunicationError|Throttl|TooManyRequests|ServiceUnavailable|InternalFailure|RequestTimeout/i.test(
      name,
    ) ||
    (status !== undefined && status >= 500)
  );
}

function explainAssumeRole(err: unknown, role: string, audience: string, token: string): string {
  const name = awsErrorName(err);
  const msg = errorMessage(err);
  if (/AccessDenied/i.test(name))
    return `${ref('role-to-assume')}: AWS refused to let this workflow assume ${role} (${name}: ${msg}); ${tokenClaims(token)}. The role's trust policy must allow sts:AssumeRoleWithWebIdentity for the federated principal token.actions.githubusercontent.com with aud ${audience} and exactly this sub (a repository created, renamed or transferred since mid-2026, or whose owner opted in, has sub repo:OWNER@OWNER_ID/REPO@REPO_ID:…; see iam/github-oidc-trust-policy.json and the other templates in iam/README.md)`;
  if (/InvalidIdentityToken/i.test(name))
    return `${ref('role-to-assume')}: AWS rejected the GitHub OIDC token (${name}: ${msg}). Create the IAM OIDC identity provider https://token.actions.githubusercontent.com with audience ${audience} in the role's account`;
  if (/ExpiredToken/i.test(name))
    return `the GitHub OIDC token expired before AWS accepted it (${msg}); re-run the job`;
  if (/ValidationError/i.test(name))
    return `${ref('role-to-assume')} or ${ref('role-duration-seconds')}: ${msg} (the duration must not exceed the role's maximum session duration)`;
  return `assuming ${role} failed (${name || 'Error'}: ${msg})`;
}

/**
 * A provider that assumes the role with a fresh OIDC token whenever the last credentials are near
 * expiry. Every client shares it, so the role is assumed once per lifetime, not once per client.
 */
function webIdentityProvider(
  s: SessionSettings,
  getIdToken: (audience: string) => Promise<string>,
): CredentialProvider & { identity: () => string | undefined } {
  const { inputs, log } = s;
  let current: Promise<AwsCredentials> | undefined;
  /** The assumed role's ARN as STS answered it (arn:aws:sts::<account>:assumed-role/<role>/<session>). */
  let assumedArn: string | undefined;
  const region = inputs.awsRegions[0] ?? 'us-east-1';
  const audience = oidcAudience(region);
  let renewals = 0;
  const fresh = async (): Promise<AwsCredentials> => {
    let token: string;
    try {
      // A renewal asks again: the job can request OIDC tokens for as long as it runs.
      token = await pRetry(() => getIdToken(audience), {
        retries: renewals ? 3 : 0,
        minTimeout: s.retryBaseMs,
        factor: 2,
      });
    } catch (err) {
      throw new UserError(
        renewals
          ? `${ref('role-to-assume')}: renewing the AWS credentials of ${inputs.roleToAssume} (they last ${ref('role-duration-seconds')}, ${inputs.roleDurationSeconds} s) failed: no new GitHub OIDC token (${errorMessage(err)})`
          : `${ref('role-to-assume')}: could not get a GitHub OIDC token (${errorMessage(err)}); the job needs "permissions: id-token: write"`,
      );
    }
    if (renewals++)
      log.debug(`renewing the AWS credentials of ${inputs.roleToAssume} (renewal ${renewals - 1})`);
    log.setSecret(token);
    const sts = stsClient({ region, env: s.env, maxAttempts: s.maxAttempts });
    const explain = (err: unknown) => explainAssumeRole(err, inputs.roleToAssume, audience, token);
    const out = await pRetry(
      async () => {
        try {
          return await sts.send(
            new AssumeRoleWithWebIdentityCommand({
              RoleArn: inputs.roleToAssume,
              RoleSessionName: inputs.roleSessionName,
              DurationSeconds: inputs.roleDurationSeconds,
              WebIdentityToken: token,
            }),
          );
        } catch (err) {
          if (retryableSts(err)) throw err;
          throw new AbortError(new UserError(explain(err)));
        }
      },
      {
        retries: 4,
        minTimeout: s.retryBaseMs,
        factor: 2,
        onFailedAttempt: ({ error, attemptNumber }) =>
          log.debug(`AssumeRoleWithWebIdentity attempt ${attemptNumber} failed: ${errorMessage(error)}`),
      },
    )
      .catch((err: unknown) => {
        throw err instanceof UserError ? err : new UserError(explain(err));
      })
      .finally(() => sts.destroy());
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken)
      throw new Error(`AssumeRoleWithWebIdentity returned no credentials for ${inputs.roleToAssume}`);
    assumedArn = out.AssumedRoleUser?.Arn ?? assumedArn;
    log.setSecret(c.AccessKeyId);
    log.setSecret(c.SecretAccessKey);
    log.setSecret(c.SessionToken);
    return {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      sessionToken: c.SessionToken,
      ...(c.Expiration ? { expiration: c.Expiration } : {}),
    };
  };
  const provider = async (): Promise<AwsCredentials> => {
    const seen = current;
    if (seen) {
      const c = await seen.catch(() => undefined);
      if (c && (!c.expiration || c.expiration.getTime() - Date.now() > REFRESH_MARGIN_MS)) return c;
      // Another client renewed them meanwhile: one AssumeRoleWithWebIdentity for all of them.
      if (current !== seen) return provider();
    }
    const next = fresh();
    current = next;
    return next;
  };
  return Object.assign(provider, { identity: () => assumedArn });
}

/** What the default chain resolved: the SDK marks credentials read from environment variables. */
type ChainCredentials = AwsCredentials & { $source?: Record<string, string> };

/** The run's longest wait in minutes (following a rollout), or 0 when it does not wait. */
function waitMinutes(inputs: SessionSettings['inputs']): number {
  return inputs.dryRun || inputs.checkOnly ? 0 : (inputs.rollout?.waitMinutes ?? 0);
}

/** Minutes the run needs its credentials beyond the wait itself (publishing, writing the association). */
const WORK_MINUTES = 10;

/**
 * Credentials from the default chain that the run cannot renew must last the run. The SDK renews what
 * it assumes or fetches itself (a profile's role, SSO, the container or instance role); temporary
 * credentials given in environment variables (what aws-actions/configure-aws-credentials exports)
 * cannot be renewed by anyone in this process. When they expire (AWS_CREDENTIAL_EXPIRATION, which the
 * SDK reads) before the rollout wait would end, the run stops here, before any change; when their
 * expiry is not known and the wait is long, it says so.
 */
async function checkChainLasts(s: SessionSettings, sts: ReturnType<typeof stsClient>): Promise<void> {
  const wait = waitMinutes(s.inputs);
  if (!wait) return;
  const c = (await sts.config.credentials().catch(() => undefined)) as ChainCredentials | undefined;
  if (!c?.sessionToken || !c.$source?.CREDENTIALS_ENV_VARS) return;
  const fix = `Give credentials the run can renew (${ref('role-to-assume')} in a GitHub Actions job; AWS_PROFILE with a role or SSO on a command line), make the session that gave them last longer (aws-actions/configure-aws-credentials: role-duration-seconds, up to the role's maximum session duration), or lower ${ref('rollout-wait-minutes')}`;
  const until = c.expiration?.getTime();
  if (until !== undefined && until < Date.now() + (wait + WORK_MINUTES) * 60_000)
    throw new UserError(
      `${ref('rollout-wait-minutes')}: the run follows the rollout for up to ${wait} minutes, but the temporary AWS credentials it was given in environment variables (AWS_SESSION_TOKEN) expire at ${c.expiration!.toISOString()}, in ${Math.max(0, Math.floor((until - Date.now()) / 60_000))} minutes, and a run cannot renew credentials given that way. ${fix}`,
    );
  if (until === undefined && wait + WORK_MINUTES >= 60)
    s.log.warning(
      `${ref('rollout-wait-minutes')} is ${wait}: the temporary AWS credentials in environment variables (AWS_SESSION_TOKEN) cannot be renewed by this run, and their expiry is not known (no AWS_CREDENTIAL_EXPIRATION); sessions often last one hour. If they expire during the wait, the rollout report stops with an error saying so. ${fix}`,
    );
}

/**
 * AWS's answer to a call signed with temporary credentials that have expired, explained: how long
 * the run had them, why they were not renewed and what to do. Undefined for any other error.
 */
export function expiredCredentials(err: unknown, doing: string, since: number): string | undefined {
  const name = awsErrorName(err);
  if (!/^(ExpiredToken|ExpiredTokenException)$/.test(name)) return undefined;
  const after = Math.round((Date.now() - since) / 60_000);
  return `AWS refused the credentials as expired (${name}) ${doing}, ${after} minute${after === 1 ? '' : 's'} in: temporary credentials given to the run in environment variables are not renewed by it (those of ${ref('role-to-assume')} are). Give ${ref('role-to-assume')}, make the session that gave them last longer than ${ref('rollout-wait-minutes')} (aws-actions/configure-aws-credentials: role-duration-seconds), or lower ${ref('rollout-wait-minutes')}`;
}

/** openSession with what a stage holds: its dependencies (log, env, OIDC token) and its retry options. */
export function openStageSession(
  inputs: SessionSettings['inputs'],
  deps: { log: Log; env?: NodeJS.ProcessEnv; getIdToken?: (audience: string) => Promise<string> },
  opts: { maxAttempts: number; retryBaseMs: number },
): Promise<AwsSession> {
  return openSession({
    inputs,
    log: deps.log,
    env: deps.env ?? process.env,
    maxAttempts: opts.maxAttempts,
    retryBaseMs: opts.retryBaseMs,
    ...(deps.getIdToken ? { getIdToken: deps.getIdToken } : {}),
  });
}

/**
 * Opens the AWS session: assumes role-to-assume through GitHub OIDC (STS's answer names the account
 * and the identity), or uses the default chain and asks STS who we are; logs the account and
 * identity. Throws UserError with the fix.
 */
export async function openSession(s: SessionSettings): Promise<AwsSession> {
  const { inputs, log, env } = s;
  let credentials: CredentialProvider | undefined;
  let assumed: string | undefined;
  if (inputs.roleToAssume) {
    if (!s.getIdToken)
      throw new UserError(
        `${ref('role-to-assume')}: assuming a role needs a GitHub OIDC token, which only a GitHub Actions job has; outside Actions leave ${ref('role-to-assume')} empty and ${phrase('aws-credentials')}`,
      );
    if (!env.ACTIONS_ID_TOKEN_REQUEST_URL || !env.ACTIONS_ID_TOKEN_REQUEST_TOKEN)
      throw new UserError(
        `${ref('role-to-assume')}: this job cannot request a GitHub OIDC token (ACTIONS_ID_TOKEN_REQUEST_URL is not set); add "permissions: id-token: write" to the job (and "contents: read"). Pull requests from forks never get one.`,
      );
    const provider = webIdentityProvider(s, s.getIdToken);
    credentials = provider;
    await credentials();
    assumed = provider.identity();
  }
  const sts = stsClient({
    region: inputs.awsRegions[0] ?? 'us-east-1',
    env,
    maxAttempts: s.maxAttempts,
    ...(credentials ? { credentials } : {}),
  });
  try {
    // After AssumeRoleWithWebIdentity, its answer says who we are: no second round trip.
    const id = assumed
      ? { Account: assumed.split(':')[4], Arn: assumed }
      : await sts.send(new GetCallerIdentityCommand({}));
    if (!id.Account || !id.Arn) throw new Error('GetCallerIdentity returned no account');
    const how = inputs.roleToAssume
      ? `role ${inputs.roleToAssume} (GitHub OIDC)`
      : 'the default AWS credential chain';
    log.info(`AWS account ${id.Account}, identity ${id.Arn}, via ${how}`);
    if (!credentials) await checkChainLasts(s, sts);
    if (inputs.roleToAssume) {
      const roleAccount = inputs.roleToAssume.split(':')[4];
      const roleName = inputs.roleToAssume.split('/').pop();
      if (roleAccount !== id.Account || !id.Arn.includes(`:assumed-role/${roleName}/`))
        throw new UserError(
          `${ref('role-to-assume')}: STS reports identity ${id.Arn}, which is not the role ${inputs.roleToAssume}; check the role ARN`,
        );
    }
    return {
      ...(credentials ? { credentials } : {}),
      account: id.Account,
      arn: id.Arn,
      principal: inputs.roleToAssume || id.Arn,
    };
  } catch (err) {
    if (err instanceof UserError) throw err;
    const name = awsErrorName(err);
    if (/CredentialsProviderError|Could not load credentials/i.test(`${name} ${errorMessage(err)}`))
      throw new UserError(`no AWS credentials: ${phrase('aws-credentials')}`);
    throw new UserError(
      explainAwsError(err, 'sts:GetCallerIdentity', 'the AWS account', inputs.roleToAssume),
    );
  } finally {
    sts.destroy();
  }
}
