/**
 * Credentials over a long wait (issue 30): a rollout can be followed for hours, temporary credentials
 * last one hour by default. The STS double in front of moto issues credentials that expire in about a
 * second, and the SSM doubles refuse an expired session token as AWS does (400
 * ExpiredTokenException). With role-to-assume the run renews them (a new GitHub OIDC token, a new
 * AssumeRoleWithWebIdentity) and every call of a follow that outlasts several lifetimes succeeds, with
 * one renewal for all clients at a time; credentials it cannot renew (temporary ones in environment
 * variables) stop the run before any change when they are known to expire before the wait ends, and
 * an expiry during the wait ends the follow with an error that says so.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { SSMClient } from '@aws-sdk/client-ssm';
import { isUserError } from '../src/common/errors.js';
import { readRolloutInputs } from '../src/inputs/rollout.js';
import { ssmClient } from '../src/publish/clients.js';
import { openSession, type SessionSettings } from '../src/publish/credentials.js';
import { desiredAssociation } from '../src/rollout/association.js';
import { ensureAssociation, followExecution } from '../src/rollout/follow.js';
import { expireToken, startFakeSts, type FakeSts } from '../scripts/local-aws/fake-ssm.js';
import { motoAvailable, startMoto, type Moto } from '../scripts/local-aws/moto.js';
import { startFakeFleet, syntheticNodes, type FakeFleet } from './helpers/fake-fleet.js';
import { memoryLog } from './helpers/publish-fixture.js';

const ROLE = 'arn:aws:iam::123456789012:role/uptycs-distributor-publisher';
const REGION = 'us-east-1';
const jwt = (n: number) =>
  [
    '{"alg":"RS256"}',
    JSON.stringify({ sub: 'repo:o/r:ref:refs/heads/main', aud: 'sts.amazonaws.com', n }),
    's',
  ]
    .map((p) => Buffer.from(p).toString('base64url'))
    .join('.');

describe(
  'credentials that expire during a long rollout wait',
  { skip: !motoAvailable() && 'moto_server is not installed' },
  () => {
    let moto: Moto;
    let sts: FakeSts;
    let fleet: FakeFleet;
    const saved = { ...process.env };
    before(async () => {
      moto = await startMoto();
      sts = await startFakeSts(moto.url);
      fleet = await startFakeFleet('http://127.0.0.1:9');
    });
    after(async () => {
      await fleet?.stop();
      await sts?.stop();
      await moto?.stop();
    });
    beforeEach(() => {
      fleet.reset();
      sts.credentialsLast(undefined);
      sts.calls.length = 0;
    });
    afterEach(() => {
      for (const k of [
        'AWS_ACCESS_KEY_ID',
        'AWS_SECRET_ACCESS_KEY',
        'AWS_SESSION_TOKEN',
        'AWS_CREDENTIAL_EXPIRATION',
      ])
        if (saved[k] === undefined) delete process.env[k];
        else process.env[k] = saved[k];
    });

    const association = () =>
      desiredAssociation(
        readRolloutInputs(
          (n) => (n === 'rollout-targets' ? 'tag:uptycs=yes' : ''),
          () => undefined,
          'UptycsAgent',
        )!,
        'UptycsAgent',
      );
    const settings = (
      over: Partial<Omit<SessionSettings, 'inputs'>> & { inputs?: Partial<SessionSettings['inputs']> } = {},
    ): SessionSettings => {
      const { inputs, ...rest } = over;
      return {
        log: memoryLog(),
        env: {
          ACTIONS_ID_TOKEN_REQUEST_URL: 'http://127.0.0.1:9/token',
          ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'request-token',
          AWS_ENDPOINT_URL_STS: sts.url,
        },
        maxAttempts: 1,
        retryBaseMs: 1,
        ...rest,
        inputs: {
          roleToAssume: '',
          roleSessionName: 'uptycs-distributor',
          roleDurationSeconds: 900,
          awsRegions: [REGION],
          ...inputs,
        },
      };
    };
    /** Follows a new association's execution, which stays InProgress for `polls` polls of `everyMs`. */
    const followFor = async (ssm: SSMClient, polls: number, everyMs: number) => {
      fleet.add(...syntheticNodes(3, { uptycs: 'yes' }));
      fleet.pendingPolls(polls);
      const change = await ensureAssociation(ssm, association(), false);
      return followExecution(ssm, change.id, {
        deadline: Date.now() + 60_000,
        pollIntervalMs: everyMs,
        maxPollIntervalMs: everyMs,
        since: Date.now() - 1000,
        maxOutputs: 3,
      });
    };

    it('role-to-assume: credentials that last 1 s are renewed through a follow of several seconds; every call succeeds', async () => {
      sts.credentialsLast(1000);
      let tokens = 0;
      const session = await openSession(
        settings({ inputs: { roleToAssume: ROLE }, getIdToken: async () => jwt(++tokens) }),
      );
      const ssm = ssmClient({
        region: REGION,
        env: { AWS_ENDPOINT_URL_SSM: fleet.url },
        maxAttempts: 1,
        ...(session.credentials ? { credentials: session.credentials } : {}),
      });
      try {
        const t0 = Date.now();
        const exec = await followFor(ssm, 10, 350);
        assert.ok(Date.now() - t0 > 3000, 'the follow outlasted several lifetimes of the credentials');
        assert.ok(exec);
        assert.equal(exec.waitExpired, false);
        assert.deepEqual(
          fleet.calls.filter((c) => c.status !== undefined),
          [],
          'no call was refused as expired',
        );
        const used = new Set(fleet.calls.map((c) => c.token));
        assert.ok(used.size >= 3, `the calls used ${used.size} sessions`);
        assert.ok(fleet.calls.every((c) => c.token && sts.issued.includes(c.token)));
        assert.ok(tokens >= 3, `a new OIDC token for each renewal (${tokens})`);
        assert.equal(sts.calls.filter((c) => c.action === 'AssumeRoleWithWebIdentity').length, tokens);
      } finally {
        ssm.destroy();
      }
    });

    it('role-to-assume: clients asking at the same moment for a renewal share one', async () => {
      // Renewed 5 minutes before they expire: these are due 1.5 s after they are issued.
      sts.credentialsLast(5 * 60_000 + 1500);
      let tokens = 0;
      const session = await openSession(
        settings({ inputs: { roleToAssume: ROLE }, getIdToken: async () => jwt(++tokens) }),
      );
      await new Promise((r) => setTimeout(r, 1600));
      const all = await Promise.all(Array.from({ length: 8 }, () => session.credentials!()));
      assert.equal(new Set(all.map((c) => c.sessionToken)).size, 1, 'one session for all');
      assert.equal(tokens, 2, 'the first, and one renewal');
      assert.equal(sts.calls.filter((c) => c.action === 'AssumeRoleWithWebIdentity').length, 2);
    });

    it('temporary credentials in environment variables that expire before the wait ends: one error before any change, naming rollout-wait-minutes', async () => {
      Object.assign(process.env, {
        AWS_ACCESS_KEY_ID: 'ASIAIOSFODNN7EXAMPLE',
        AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
        AWS_SESSION_TOKEN: 'env-session-token',
        AWS_CREDENTIAL_EXPIRATION: new Date(Date.now() + 30 * 60_000).toISOString(),
      });
      const env = { AWS_ENDPOINT_URL_STS: moto.url };
      await assert.rejects(
        openSession(settings({ env, inputs: { rollout: { waitMinutes: 60 } } })),
        (err: Error) => {
          assert.ok(isUserError(err));
          assert.match(
            err.message,
            /^⦃rollout-wait-minutes⦄: the run follows the rollout for up to 60 minutes, but the temporary AWS credentials it was given in environment variables \(AWS_SESSION_TOKEN\) expire at \S+, in (29|30) minutes, and a run cannot renew credentials given that way\. Give credentials the run can renew \(⦃role-to-assume⦄/,
          );
          assert.doesNotMatch(err.message, /env-session-token|wJalr/, 'no secret in the message');
          return true;
        },
      );
      // A wait they outlast, a dry run, or no wait: no objection.
      for (const inputs of [
        { rollout: { waitMinutes: 15 } },
        { rollout: { waitMinutes: 60 }, dryRun: true },
        { rollout: { waitMinutes: 0 } },
      ])
        assert.equal(
          (await openSession(settings({ env, inputs }))).account,
          '123456789012',
          JSON.stringify(inputs),
        );
    });

    it('credentials that expire during the follow and cannot be renewed: the follow ends with an error that says so', async () => {
      expireToken('static-session-token', Date.now() + 800);
      const ssm = new SSMClient({
        region: REGION,
        endpoint: fleet.url,
        maxAttempts: 1,
        credentials: {
          accessKeyId: 'ASIAIOSFODNN7EXAMPLE',
          secretAccessKey: 'secret',
          sessionToken: 'static-session-token',
        },
      });
      try {
        await assert.rejects(followFor(ssm, 20, 200), (err: Error) => {
          assert.match(
            err.message,
            /^AWS refused the credentials as expired \(ExpiredTokenException\) while following the association's execution, 0 minutes in: temporary credentials given to the run in environment variables are not renewed by it \(those of ⦃role-to-assume⦄ are\)\. Give ⦃role-to-assume⦄/,
          );
          return true;
        });
        assert.equal(fleet.calls.at(-1)?.status, 400);
      } finally {
        ssm.destroy();
      }
    });
  },
);
