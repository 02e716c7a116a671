/**
 * The OIDC side of the AWS session (src/publish/credentials.ts), against an STS double on 127.0.0.1
 * that answers as STS does (query protocol, XML errors): an AccessDenied shows, in one line, what the
 * trust policy compared (the token's sub, aud and job_workflow_ref, never the token), and the audience
 * is the one of the region's partition (sts.amazonaws.com.cn in China).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isUserError } from '../src/common/errors.js';
import { oidcAudience, openSession, tokenClaims } from '../src/publish/credentials.js';
import { startFakeSts, type FakeSts } from '../scripts/local-aws/fake-ssm.js';
import { memoryLog } from './helpers/publish-fixture.js';

const ROLE = 'arn:aws:iam::123456789012:role/uptycs-distributor-publisher';
/** A GitHub OIDC token as the job receives it: header, payload, signature (base64url). */
const jwt = (claims: object) =>
  ['{"alg":"RS256","kid":"k"}', JSON.stringify(claims), 'signature-bytes']
    .map((p) => Buffer.from(p).toString('base64url'))
    .join('.');
const CLAIMS = {
  sub: 'repo:octo-org@123456/fleet@456789:environment:uptycs-distributor-publish:job_workflow_ref:org/uptycs-distributor-action/.github/workflows/publish.yml@refs/tags/v1',
  aud: 'sts.amazonaws.com',
  job_workflow_ref: 'org/uptycs-distributor-action/.github/workflows/publish.yml@refs/tags/v1',
  repository: 'octo-org/fleet',
};

describe('assuming the role with the GitHub OIDC token', () => {
  let sts: FakeSts;
  // Nothing behind the double: every request these tests send is answered by it.
  before(async () => (sts = await startFakeSts('http://127.0.0.1:9')));
  after(() => sts.stop());

  const open = (region: string, token: string, audiences: string[] = []) =>
    openSession({
      inputs: {
        roleToAssume: ROLE,
        roleSessionName: 'uptycs-distributor',
        roleDurationSeconds: 3600,
        awsRegions: [region],
      },
      log: memoryLog(),
      env: {
        ACTIONS_ID_TOKEN_REQUEST_URL: 'http://127.0.0.1:9/token',
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'request-token',
        AWS_ENDPOINT_URL_STS: sts.url,
      },
      getIdToken: async (aud) => (audiences.push(aud), token),
      maxAttempts: 1,
      retryBaseMs: 1,
    });

  it("AccessDenied: one line naming the token's sub, aud and job_workflow_ref, never the token", async () => {
    const token = jwt(CLAIMS);
    sts.failNext(
      'AssumeRoleWithWebIdentity',
      1,
      403,
      'AccessDenied',
      'Not authorized to perform sts:AssumeRoleWithWebIdentity',
    );
    await assert.rejects(open('us-east-1', token), (err: Error) => {
      assert.ok(isUserError(err));
      assert.doesNotMatch(err.message, /[\r\n]/, 'one line');
      assert.ok(err.message.includes(`sub ${JSON.stringify(CLAIMS.sub)}`), err.message);
      assert.ok(err.message.includes('aud "sts.amazonaws.com"'), err.message);
      assert.ok(err.message.includes(`job_workflow_ref ${JSON.stringify(CLAIMS.job_workflow_ref)}`));
      assert.ok(!err.message.includes(token) && !err.message.includes(token.split('.')[2]!), 'not the token');
      assert.match(err.message, /repo:OWNER@OWNER_ID\/REPO@REPO_ID/, 'says which form a new repository has');
      return true;
    });
    assert.deepEqual(sts.calls.at(-1), { action: 'AssumeRoleWithWebIdentity', status: 403 });
  });

  it("the audience is the partition's: sts.amazonaws.com.cn for a China region, sts.amazonaws.com elsewhere", async () => {
    for (const [region, want] of [
      ['cn-north-1', 'sts.amazonaws.com.cn'],
      ['cn-northwest-1', 'sts.amazonaws.com.cn'],
      ['us-gov-west-1', 'sts.amazonaws.com'],
      ['eu-west-1', 'sts.amazonaws.com'],
    ] as const) {
      assert.equal(oidcAudience(region), want, region);
      const audiences: string[] = [];
      sts.failNext('AssumeRoleWithWebIdentity', 1, 403, 'AccessDenied', 'Not authorized');
      await assert.rejects(open(region, jwt({ ...CLAIMS, aud: want }), audiences), (err: Error) =>
        err.message.includes(`with aud ${want} and`),
      );
      assert.deepEqual(audiences, [want], `${region}: the token is requested for ${want}`);
    }
  });

  it('claims that could start a log line are quoted; a token without readable claims shows none of itself', () => {
    const hostile = tokenClaims(
      jwt({ sub: 'repo:a/b:ref:refs/heads/x\n::add-mask::Published', aud: 'sts.amazonaws.com' }),
    );
    assert.doesNotMatch(hostile, /\n/);
    assert.match(
      hostile,
      /sub "repo:a\/b:ref:refs\/heads\/x\\n::add-mask::Published", aud "sts\.amazonaws\.com", job_workflow_ref \(none\)/,
    );
    for (const bad of ['not-a-jwt', 'a.bm90IGpzb24.c', `a.${Buffer.from('"text"').toString('base64url')}.c`])
      assert.equal(tokenClaims(bad), 'the token presented has no readable claims');
  });
});
