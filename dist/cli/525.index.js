export const id = 525;
export const ids = [525];
export const modules = {

/***/ 1709:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $o: () => (/* binding */ proxyConfigured),
/* harmony export */   fG: () => (/* binding */ httpsAgent),
/* harmony export */   y$: () => (/* binding */ httpAgent)
/* harmony export */ });
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7067);
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_http__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4708);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_https__WEBPACK_IMPORTED_MODULE_1__);
/**
 * HTTP(S) proxies from the environment, as curl and the AWS CLI read them: HTTPS_PROXY (https_proxy) for
 * https:// URLs, HTTP_PROXY (http_proxy) for http:// ones, NO_PROXY (no_proxy) for the hosts that go
 * direct. Node's own agents honour them through their proxyEnv option (Node.js 24.5+), for the Uptycs
 * client and the AWS SDK alike; without a proxy variable nothing changes.
 */


const NAMES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'];
/** Whether the environment names a proxy. */
function proxyConfigured(env) {
    return NAMES.some((n) => !!env[n]);
}
/** The proxy variables only (proxyEnv reads nothing else), so no other variable reaches an agent. */
function proxyEnv(env) {
    const out = {};
    for (const n of [...NAMES, 'NO_PROXY', 'no_proxy'])
        if (env[n] !== undefined)
            out[n] = env[n];
    return out;
}
/** A keep-alive https agent that goes through the environment's proxy (if any). */
function httpsAgent(env, opts = {}) {
    return new (node_https__WEBPACK_IMPORTED_MODULE_1___default().Agent)({ keepAlive: true, ...opts, proxyEnv: proxyEnv(env) });
}
/** A keep-alive http agent that goes through the environment's proxy (if any). */
function httpAgent(env) {
    return new (node_http__WEBPACK_IMPORTED_MODULE_0___default().Agent)({ keepAlive: true, proxyEnv: proxyEnv(env) });
}


/***/ }),

/***/ 8031:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   B: () => (/* binding */ ssmClient),
/* harmony export */   Km: () => (/* binding */ stsClient),
/* harmony export */   oD: () => (/* binding */ s3Client)
/* harmony export */ });
/* unused harmony export endpointFor */
/* harmony import */ var _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3711);
/* harmony import */ var _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4736);
/* harmony import */ var _aws_sdk_client_sts__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1695);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7975);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_util__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _common_proxy_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1709);
/**
 * AWS SDK clients for one region, sharing one credential provider. Endpoints come from the standard
 * AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_<SERVICE> variables of the environment the stage was given.
 */





/** The endpoint override for a service, or undefined for AWS's own endpoint. */
function endpointFor(service, env) {
    return env[`AWS_ENDPOINT_URL_${service.toUpperCase()}`] || env.AWS_ENDPOINT_URL || undefined;
}
function common(service, s) {
    const endpoint = endpointFor(service, s.env);
    const quiet = () => undefined;
    const note = (...args) => s.debug?.(`AWS SDK (${service}): ${args.map((a) => (typeof a === 'string' ? a : (0,node_util__WEBPACK_IMPORTED_MODULE_0__.inspect)(a, { depth: 3 }))).join(' ')}`);
    return {
        region: s.region,
        maxAttempts: s.maxAttempts,
        // Failed calls are reported by the code that made them; only the SDK's warnings go to the debug log.
        logger: { trace: quiet, debug: quiet, info: quiet, warn: note, error: quiet },
        ...(endpoint ? { endpoint } : {}),
        ...(s.credentials ? { credentials: s.credentials } : {}),
        // HTTPS_PROXY / HTTP_PROXY / NO_PROXY of the environment, as for the Uptycs client (the SDK's own
        // agents ignore them).
        ...((0,_common_proxy_js__WEBPACK_IMPORTED_MODULE_1__/* .proxyConfigured */ .$o)(s.env)
            ? { requestHandler: { httpAgent: (0,_common_proxy_js__WEBPACK_IMPORTED_MODULE_1__/* .httpAgent */ .y$)(s.env), httpsAgent: (0,_common_proxy_js__WEBPACK_IMPORTED_MODULE_1__/* .httpsAgent */ .fG)(s.env, { maxSockets: 50 }) } }
            : {}),
    };
}
function stsClient(s) {
    return new _aws_sdk_client_sts__WEBPACK_IMPORTED_MODULE_2__/* .STSClient */ .iM(common('sts', s));
}
function ssmClient(s) {
    return new _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_3__.SSMClient(common('ssm', s));
}
/** An S3 client; with an endpoint override it uses path-style addressing (emulators and IP endpoints). */
function s3Client(s) {
    const endpoint = endpointFor('s3', s.env);
    return new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_4__/* .S3Client */ .YxF({ ...common('s3', s), forcePathStyle: Boolean(endpoint), followRegionRedirects: true });
}


/***/ }),

/***/ 3525:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   H0: () => (/* binding */ openStageSession),
/* harmony export */   Ip: () => (/* binding */ expiredCredentials)
/* harmony export */ });
/* unused harmony exports oidcAudience, tokenClaims, openSession */
/* harmony import */ var _aws_sdk_client_sts__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(1695);
/* harmony import */ var p_retry__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(4995);
/* harmony import */ var _common_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1922);
/* harmony import */ var _clients_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8031);
/* harmony import */ var _plan_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7872);
/* harmony import */ var _common_names_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3117);
/**
 * AWS credentials for publishing: a role assumed with the job's GitHub OIDC token, or the SDK's
 * default credential chain. Temporary credentials live in memory only and are masked in the log.
 */






/**
 * The audience STS accepts for a GitHub OIDC token in the region's partition: sts.amazonaws.com, and
 * sts.amazonaws.com.cn in China (aws-cn). The role's IAM OIDC provider lists it as a client id, and the
 * trust policy's aud condition names it.
 */
function oidcAudience(region) {
    return (0,_plan_js__WEBPACK_IMPORTED_MODULE_2__/* .partitionOf */ .iQ)(region) === 'aws-cn' ? 'sts.amazonaws.com.cn' : 'sts.amazonaws.com';
}
/**
 * What a trust policy compares, read from the OIDC token's payload (sub, aud, job_workflow_ref), as
 * one line: not secret, unlike the token, which is never shown. JSON-quoted, so no claim can start a
 * line of the log.
 */
function tokenClaims(token) {
    let claims;
    try {
        const parsed = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
        if (!parsed || typeof parsed !== 'object')
            throw new Error('not an object');
        claims = parsed;
    }
    catch {
        return 'the token presented has no readable claims';
    }
    const show = (k) => `${k} ${k in claims ? JSON.stringify(claims[k]) : '(none)'}`;
    return `the token presented: ${['sub', 'aud', 'job_workflow_ref'].map(show).join(', ')}`;
}
/** Credentials are renewed this long before they expire. */
const REFRESH_MARGIN_MS = 5 * 60_000;
function retryableSts(err) {
    const name = (0,_plan_js__WEBPACK_IMPORTED_MODULE_2__/* .awsErrorName */ .ZH)(err);
    const status = (0,_plan_js__WEBPACK_IMPORTED_MODULE_2__/* .httpStatus */ .nG)(err);
    return (/IDPCommunicationError|Throttl|TooManyRequests|ServiceUnavailable|InternalFailure|RequestTimeout/i.test(name) ||
        (status !== undefined && status >= 500));
}
function explainAssumeRole(err, role, audience, token) {
    const name = (0,_plan_js__WEBPACK_IMPORTED_MODULE_2__/* .awsErrorName */ .ZH)(err);
    const msg = (0,_common_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(err);
    if (/AccessDenied/i.test(name))
        return `${(0,_common_names_js__WEBPACK_IMPORTED_MODULE_3__/* .ref */ .KR)('role-to-assume')}: AWS refused to let this workflow assume ${role} (${name}: ${msg}); ${tokenClaims(token)}. The role's trust policy must allow sts:AssumeRoleWithWebIdentity for the federated principal token.actions.githubusercontent.com with aud ${audience} and exactly this sub (a repository created, renamed or transferred since mid-2026, or whose owner opted in, has sub repo:OWNER@OWNER_ID/REPO@REPO_ID:…; see iam/github-oidc-trust-policy.json and the other templates in iam/README.md)`;
    if (/InvalidIdentityToken/i.test(name))
        return `${(0,_common_names_js__WEBPACK_IMPORTED_MODULE_3__/* .ref */ .KR)('role-to-assume')}: AWS rejected the GitHub OIDC token (${name}: ${msg}). Create the IAM OIDC identity provider https://token.actions.githubusercontent.com with audience ${audience} in the role's account`;
    if (/ExpiredToken/i.test(name))
        return `the GitHub OIDC token expired before AWS accepted it (${msg}); re-run the job`;
    if (/ValidationError/i.test(name))
        return `${(0,_common_names_js__WEBPACK_IMPORTED_MODULE_3__/* .ref */ .KR)('role-to-assume')} or ${(0,_common_names_js__WEBPACK_IMPORTED_MODULE_3__/* .ref */ .KR)('role-duration-seconds')}: ${msg} (the duration must not exceed the role's maximum session duration)`;
    return `assuming ${role} failed (${name || 'Error'}: ${msg})`;
}
/**
 * A provider that assumes the role with a fresh OIDC token whenever the last credentials are near
 * expiry. Every client shares it, so the role is assumed once per lifetime, not once per client.
 */
function webIdentityProvider(s, getIdToken) {
    const { inputs, log } = s;
    let current;
    /** The assumed role's ARN as STS answered it (arn:aws:sts::<account>:assumed-role/<role>/<session>). */
    let assumedArn;
    const region = inputs.awsRegions[0] ?? 'us-east-1';
    const audience = oidcAudience(region);
    let renewals = 0;
    const fresh = async () => {
        let token;
        try {
            // A renewal asks again: the job can request OIDC tokens for as long as it runs.
            token = await (0,p_retry__WEBPACK_IMPORTED_MODULE_4__/* ["default"] */ .Ay)(() => getIdToken(audience), {
                retries: renewals ? 3 : 0,
                minTimeout: s.retryBaseMs,
                factor: 2,
            });
        }
        catch (err) {
            throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(renewals
                ? `${(0,_common_names_js__WEBPACK_IMPORTED_MODULE_3__/* .ref */ .KR)('role-to-assume')}: renewing the AWS credentials of ${inputs.roleToAssume} (they last ${(0,_common_names_js__WEBPACK_IMPORTED_MODULE_3__/* .ref */ .KR)('role-duration-seconds')}, ${inputs.roleDurationSeconds} s) failed: no new GitHub OIDC token (${(0,_common_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(err)})`
                : `${(0,_common_names_js__WEBPACK_IMPORTED_MODULE_3__/* .ref */ .KR)('role-to-assume')}: could not get a GitHub OIDC token (${(0,_common_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(err)}); the job needs "permissions: id-token: write"`);
        }
        if (renewals++)
            log.debug(`renewing the AWS credentials of ${inputs.roleToAssume} (renewal ${renewals - 1})`);
        log.setSecret(token);
        const sts = (0,_clients_js__WEBPACK_IMPORTED_MODULE_1__/* .stsClient */ .Km)({ region, env: s.env, maxAttempts: s.maxAttempts });
        const explain = (err) => explainAssumeRole(err, inputs.roleToAssume, audience, token);
        const out = await (0,p_retry__WEBPACK_IMPORTED_MODULE_4__/* ["default"] */ .Ay)(async () => {
            try {
                return await sts.send(new _aws_sdk_client_sts__WEBPACK_IMPORTED_MODULE_5__/* .AssumeRoleWithWebIdentityCommand */ .WH({
                    RoleArn: inputs.roleToAssume,
                    RoleSessionName: inputs.roleSessionName,
                    DurationSeconds: inputs.roleDurationSeconds,
                    WebIdentityToken: token,
                }));
            }
            catch (err) {
                if (retryableSts(err))
                    throw err;
                throw new p_retry__WEBPACK_IMPORTED_MODULE_4__/* .AbortError */ .lc(new _common_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(explain(err)));
            }
        }, {
            retries: 4,
            minTimeout: s.retryBaseMs,
            factor: 2,
            onFailedAttempt: ({ error, attemptNumber }) => log.debug(`AssumeRoleWithWebIdentity attempt ${attemptNumber} failed: ${(0,_common_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(error)}`),
        })
            .catch((err) => {
            throw err instanceof _common_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo ? err : new _common_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(explain(err));
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
        const seen = current;
        if (seen) {
            const c = await seen.catch(() => undefined);
            if (c && (!c.expiration || c.expiration.getTime() - Date.now() > REFRESH_MARGIN_MS))
                return c;
            // Another client renewed them meanwhile: one AssumeRoleWithWebIdentity for all of them.
            if (current !== seen)
                return provider();
        }
        const next = fresh();
        current = next;
        return next;
    };
    return Object.assign(provider, { identity: () => assumedArn });
}
/** The run's longest wait in minutes (following a rollout), or 0 when it does not wait. */
function waitMinutes(inputs) {
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
async function checkChainLasts(s, sts) {
    const wait = waitMinutes(s.inputs);
    if (!wait)
        return;
    const c = (await sts.config.credentials().catch(() => undefined));
    if (!c?.sessionToken || !c.$source?.CREDENTIALS_ENV_VARS)
        return;
    const fix = `Give credentials the run can renew (${(0,_common_names_js__WEBPACK_IMPORTED_MODULE_3__/* .ref */ .KR)('role-to-assume')} in a GitHub Actions job; AWS_PROFILE with a role or SSO on a command line), make the session that gave them last longer (aws-actions/configure-aws-credentials: role-duration-seconds, up to the role's maximum session duration), or lower ${(0,_common_names_js__WEBPACK_IMPORTED_MODULE_3__/* .ref */ .KR)('rollout-wait-minutes')}`;
    const until = c.expiration?.getTime();
    if (until !== undefined && until < Date.now() + (wait + WORK_MINUTES) * 60_000)
        throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`${(0,_common_names_js__WEBPACK_IMPORTED_MODULE_3__/* .ref */ .KR)('rollout-wait-minutes')}: the run follows the rollout for up to ${wait} minutes, but the temporary AWS credentials it was given in environment variables (AWS_SESSION_TOKEN) expire at ${c.expiration.toISOString()}, in ${Math.max(0, Math.floor((until - Date.now()) / 60_000))} minutes, and a run cannot renew credentials given that way. ${fix}`);
    if (until === undefined && wait + WORK_MINUTES >= 60)
        s.log.warning(`${(0,_common_names_js__WEBPACK_IMPORTED_MODULE_3__/* .ref */ .KR)('rollout-wait-minutes')} is ${wait}: the temporary AWS credentials in environment variables (AWS_SESSION_TOKEN) cannot be renewed by this run, and their expiry is not known (no AWS_CREDENTIAL_EXPIRATION); sessions often last one hour. If they expire during the wait, the rollout report stops with an error saying so. ${fix}`);
}
/**
 * AWS's answer to a call signed with temporary credentials that have expired, explained: how long
 * the run had them, why they were not renewed and what to do. Undefined for any other error.
 */
function expiredCredentials(err, doing, since) {
    const name = (0,_plan_js__WEBPACK_IMPORTED_MODULE_2__/* .awsErrorName */ .ZH)(err);
    if (!/^(ExpiredToken|ExpiredTokenException)$/.test(name))
        return undefined;
    const after = Math.round((Date.now() - since) / 60_000);
    return `AWS refused the credentials as expired (${name}) ${doing}, ${after} minute${after === 1 ? '' : 's'} in: temporary credentials given to the run in environment variables are not renewed by it (those of ${(0,_common_names_js__WEBPACK_IMPORTED_MODULE_3__/* .ref */ .KR)('role-to-assume')} are). Give ${(0,_common_names_js__WEBPACK_IMPORTED_MODULE_3__/* .ref */ .KR)('role-to-assume')}, make the session that gave them last longer than ${(0,_common_names_js__WEBPACK_IMPORTED_MODULE_3__/* .ref */ .KR)('rollout-wait-minutes')} (aws-actions/configure-aws-credentials: role-duration-seconds), or lower ${(0,_common_names_js__WEBPACK_IMPORTED_MODULE_3__/* .ref */ .KR)('rollout-wait-minutes')}`;
}
/** openSession with what a stage holds: its dependencies (log, env, OIDC token) and its retry options. */
function openStageSession(inputs, deps, opts) {
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
async function openSession(s) {
    const { inputs, log, env } = s;
    let credentials;
    let assumed;
    if (inputs.roleToAssume) {
        if (!s.getIdToken)
            throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`${(0,_common_names_js__WEBPACK_IMPORTED_MODULE_3__/* .ref */ .KR)('role-to-assume')}: assuming a role needs a GitHub OIDC token, which only a GitHub Actions job has; outside Actions leave ${(0,_common_names_js__WEBPACK_IMPORTED_MODULE_3__/* .ref */ .KR)('role-to-assume')} empty and ${(0,_common_names_js__WEBPACK_IMPORTED_MODULE_3__/* .phrase */ .MZ)('aws-credentials')}`);
        if (!env.ACTIONS_ID_TOKEN_REQUEST_URL || !env.ACTIONS_ID_TOKEN_REQUEST_TOKEN)
            throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`${(0,_common_names_js__WEBPACK_IMPORTED_MODULE_3__/* .ref */ .KR)('role-to-assume')}: this job cannot request a GitHub OIDC token (ACTIONS_ID_TOKEN_REQUEST_URL is not set); add "permissions: id-token: write" to the job (and "contents: read"). Pull requests from forks never get one.`);
        const provider = webIdentityProvider(s, s.getIdToken);
        credentials = provider;
        await credentials();
        assumed = provider.identity();
    }
    const sts = (0,_clients_js__WEBPACK_IMPORTED_MODULE_1__/* .stsClient */ .Km)({
        region: inputs.awsRegions[0] ?? 'us-east-1',
        env,
        maxAttempts: s.maxAttempts,
        ...(credentials ? { credentials } : {}),
    });
    try {
        // After AssumeRoleWithWebIdentity, its answer says who we are: no second round trip.
        const id = assumed
            ? { Account: assumed.split(':')[4], Arn: assumed }
            : await sts.send(new _aws_sdk_client_sts__WEBPACK_IMPORTED_MODULE_5__/* .GetCallerIdentityCommand */ .zI({}));
        if (!id.Account || !id.Arn)
            throw new Error('GetCallerIdentity returned no account');
        const how = inputs.roleToAssume
            ? `role ${inputs.roleToAssume} (GitHub OIDC)`
            : 'the default AWS credential chain';
        log.info(`AWS account ${id.Account}, identity ${id.Arn}, via ${how}`);
        if (!credentials)
            await checkChainLasts(s, sts);
        if (inputs.roleToAssume) {
            const roleAccount = inputs.roleToAssume.split(':')[4];
            const roleName = inputs.roleToAssume.split('/').pop();
            if (roleAccount !== id.Account || !id.Arn.includes(`:assumed-role/${roleName}/`))
                throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`${(0,_common_names_js__WEBPACK_IMPORTED_MODULE_3__/* .ref */ .KR)('role-to-assume')}: STS reports identity ${id.Arn}, which is not the role ${inputs.roleToAssume}; check the role ARN`);
        }
        return {
            ...(credentials ? { credentials } : {}),
            account: id.Account,
            arn: id.Arn,
            principal: inputs.roleToAssume || id.Arn,
        };
    }
    catch (err) {
        if (err instanceof _common_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo)
            throw err;
        const name = (0,_plan_js__WEBPACK_IMPORTED_MODULE_2__/* .awsErrorName */ .ZH)(err);
        if (/CredentialsProviderError|Could not load credentials/i.test(`${name} ${(0,_common_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(err)}`))
            throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`no AWS credentials: ${(0,_common_names_js__WEBPACK_IMPORTED_MODULE_3__/* .phrase */ .MZ)('aws-credentials')}`);
        throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo((0,_plan_js__WEBPACK_IMPORTED_MODULE_2__/* .explainAwsError */ .Ni)(err, 'sts:GetCallerIdentity', 'the AWS account', inputs.roleToAssume));
    }
    finally {
        sts.destroy();
    }
}


/***/ })

};
