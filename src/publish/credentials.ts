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
  inputs: Pick<Inputs, 'roleToAssume' | 'roleSessionName' | 'roleDurationSeconds' | 'awsRegions'>;
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
  const fresh = async (): Promise<AwsCredentials> => {
    let token: string;
    try {
      token = await getIdToken(audience);
    } catch (err) {
      throw new UserError(
        `${ref('role-to-assume')}: could not get a GitHub OIDC token (${errorMessage(err)}); the job needs "permissions: id-token: write"`,
      );
    }
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
  const provider = async () => {
    if (current) {
      const c = await current.catch(() => undefined);
      if (c && (!c.expiration || c.expiration.getTime() - Date.now() > REFRESH_MARGIN_MS)) return c;
    }
    const next = fresh();
    current = next;
    return next;
  };
  return Object.assign(provider, { identity: () => assumedArn });
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
