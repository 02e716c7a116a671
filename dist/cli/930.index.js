export const id = 930;
export const ids = [930,525];
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


/***/ }),

/***/ 254:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   CB: () => (/* binding */ waitActive),
/* harmony export */   CH: () => (/* binding */ deleteVersion),
/* harmony export */   KO: () => (/* binding */ sharedWith),
/* harmony export */   MZ: () => (/* binding */ addVersion),
/* harmony export */   P2: () => (/* binding */ settledVersions),
/* harmony export */   R7: () => (/* binding */ BUSY_ATTEMPTS),
/* harmony export */   US: () => (/* binding */ syncSharing),
/* harmony export */   _A: () => (/* binding */ getContent),
/* harmony export */   kD: () => (/* binding */ DocumentStatusError),
/* harmony export */   mW: () => (/* binding */ setDefault),
/* harmony export */   qF: () => (/* binding */ getContentByName),
/* harmony export */   yO: () => (/* binding */ listVersions)
/* harmony export */ });
/* unused harmony exports DELETE_WAIT_ATTEMPTS, DocumentDeletingError, findOurVersion, describeVersion, SHARED_VERSIONS */
/* harmony import */ var _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(4736);
/* harmony import */ var _common_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1922);
/* harmony import */ var _common_names_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3117);
/* harmony import */ var _common_log_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1095);
/* harmony import */ var _common_limit_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(1398);
/* harmony import */ var _plan_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7872);
/**
 * SSM side of publishing: the Package document's versions, adding one, waiting until Distributor
 * has made it Active, the default version and sharing. Each call's errors are explained for the log.
 */






const arnOf = (d) => (0,_plan_js__WEBPACK_IMPORTED_MODULE_3__/* .documentArn */ .hx)(d.region, d.account, d.name);
async function call(d, action, fn) {
    try {
        return await whileBusy(d, action, fn);
    }
    catch (err) {
        throw (0,_plan_js__WEBPACK_IMPORTED_MODULE_3__/* .awsFailure */ .MT)(err, `ssm:${action}`, arnOf(d), d.principal);
    }
}
/** Attempts of a call that SSM answers TooManyUpdates (another change of the document is in progress). */
const BUSY_ATTEMPTS = 6;
/**
 * A call again while SSM answers TooManyUpdates (documented for Create/Update/DeleteDocument: the
 * document supports one update at a time, and the call was not applied), up to BUSY_ATTEMPTS times with
 * doubling waits (1 s at first: about 31 s in all), each said in the log; any other answer at once.
 */
async function whileBusy(d, action, fn) {
    for (let attempt = 1, wait = d.retryBaseMs ?? 1000;; attempt++, wait *= 2) {
        try {
            return await fn();
        }
        catch (err) {
            if ((0,_plan_js__WEBPACK_IMPORTED_MODULE_3__/* .awsErrorName */ .ZH)(err) !== 'TooManyUpdates' || attempt >= BUSY_ATTEMPTS)
                throw err;
            d.log.info(`${action} of ${d.name}: SSM answered TooManyUpdates (attempt ${attempt}); trying again`);
            await (0,_common_limit_js__WEBPACK_IMPORTED_MODULE_4__/* .sleep */ .yy)(wait);
        }
    }
}
function isMissingDocument(err) {
    return /InvalidDocument$/.test((0,_plan_js__WEBPACK_IMPORTED_MODULE_3__/* .awsErrorName */ .ZH)(err));
}
/** All versions of the document, or undefined when it does not exist. */
async function listVersions(d) {
    const out = [];
    let token;
    try {
        do {
            const page = await d.ssm.send(new _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_5__/* .ListDocumentVersionsCommand */ .mF0({
                Name: d.name,
                MaxResults: 50,
                ...(token ? { NextToken: token } : {}),
            }));
            for (const v of page.DocumentVersions ?? [])
                if (v.DocumentVersion)
                    out.push({
                        documentVersion: v.DocumentVersion,
                        isDefault: Boolean(v.IsDefaultVersion),
                        ...(v.VersionName ? { versionName: v.VersionName } : {}),
                        ...(v.Status ? { status: v.Status } : {}),
                        ...(v.StatusInformation ? { statusInformation: v.StatusInformation } : {}),
                    });
            token = page.NextToken || undefined;
        } while (token);
    }
    catch (err) {
        if (isMissingDocument(err))
            return undefined;
        throw (0,_plan_js__WEBPACK_IMPORTED_MODULE_3__/* .awsFailure */ .MT)(err, 'ssm:ListDocumentVersions', arnOf(d), d.principal);
    }
    return out.sort((a, b) => Number(a.documentVersion) - Number(b.documentVersion));
}
/** Reads of a document (or version) being deleted before the run gives up waiting (see waitWhileDeleting). */
const DELETE_WAIT_ATTEMPTS = 10;
/** A document, or a version of it, that someone is deleting and that did not go within the bounded wait. */
class DocumentDeletingError extends Error {
    constructor(message) {
        super(message);
        this.name = 'DocumentDeletingError';
    }
}
/**
 * What of the document that matters to a run of `versionName` is being deleted: the whole document,
 * or the version of that name ("UptycsAgent version 2 (2.0)"); undefined when neither is.
 */
function deletingWhat(d, versions, versionName) {
    const going = (versions ?? []).filter((v) => v.status === 'Deleting');
    if (!going.length)
        return undefined;
    if (going.length === versions.length)
        return `${d.name} (the whole document)`;
    const ours = going.find((v) => v.versionName === versionName);
    return ours ? `${d.name} version ${ours.documentVersion} (${versionName})` : undefined;
}
/**
 * SSM deletes asynchronously: after DeleteDocument the document (or the version) shows Status
 * Deleting until it is gone, and meanwhile its name is still taken (CreateDocument answers
 * DocumentAlreadyExists) and changes to it are refused. Waits, reading again with doubling waits
 * (from retryBaseMs, at most 16 times it: about 2 minutes with the default 1 s), until `read` finds
 * nothing Deleting; returns the last read. A deletion that does not finish in that time fails with one
 * error saying what is being deleted and what to do; nothing is changed meanwhile.
 */
async function waitWhileDeleting(d, read, going) {
    const t0 = performance.now();
    const base = d.retryBaseMs ?? 1000;
    for (let attempt = 1, wait = base;; attempt++, wait = Math.min(wait * 2, 16 * base)) {
        const now = await read();
        const what = going(now);
        if (!what) {
            if (attempt > 1)
                d.log.info(`${d.name}: the deletion finished after ${(0,_common_log_js__WEBPACK_IMPORTED_MODULE_2__.formatDuration)(performance.now() - t0)}`);
            return now;
        }
        if (attempt >= DELETE_WAIT_ATTEMPTS)
            throw new DocumentDeletingError(`${what} in ${d.region} is still being deleted (status Deleting) after ${(0,_common_log_js__WEBPACK_IMPORTED_MODULE_2__.formatDuration)(performance.now() - t0)}: someone else (a cleanup job, a console user, an earlier delete-document) is deleting it. Nothing was added to the document; the files in S3 are kept. Re-run once the deletion has finished (aws ssm list-document-versions --name ${d.name} --region ${d.region} shows no version Deleting, or that the document does not exist)`);
        if (attempt === 1)
            d.log.info(`${what} in ${d.region} is being deleted (status Deleting: a cleanup job, a console user, or this run's own delete of a Failed version); waiting for the deletion to finish before publishing`);
        await (0,_common_limit_js__WEBPACK_IMPORTED_MODULE_4__/* .sleep */ .yy)(wait);
    }
}
/**
 * The document's versions once neither the document nor the version named `versionName` is being
 * deleted (undefined: the document does not exist, also when it was being deleted as a whole): the
 * state the run decides on. Those are waited for, bounded (waitWhileDeleting), and never taken as
 * published; other versions being deleted (a prune, a cleanup) are going away and left out, said.
 */
async function settledVersions(d, versionName) {
    const versions = await waitWhileDeleting(d, () => listVersions(d), (v) => deletingWhat(d, v, versionName));
    const going = (versions ?? []).filter((v) => v.status === 'Deleting');
    if (going.length)
        d.log.info(`${d.name}: document version${going.length > 1 ? 's' : ''} ${going.map((v) => v.documentVersion).join(', ')} ${going.length > 1 ? 'are' : 'is'} being deleted; left out`);
    return versions && versions.filter((v) => v.status !== 'Deleting');
}
/** The document's status (its default version's), or undefined when it does not exist. */
async function documentStatus(d) {
    try {
        const out = await d.ssm.send(new _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_5__/* .DescribeDocumentCommand */ .QO({ Name: d.name }));
        return out.Document?.Status ?? '';
    }
    catch (err) {
        if (isMissingDocument(err))
            return undefined;
        throw (0,_plan_js__WEBPACK_IMPORTED_MODULE_3__/* .awsFailure */ .MT)(err, 'ssm:DescribeDocument', arnOf(d), d.principal);
    }
}
/**
 * After a CreateDocument or UpdateDocument that SSM refused: whether the refusal came from a deletion
 * (the document is Deleting, or gone since it was read). Then the deletion is waited for (bounded) and
 * true returned: the version is to be created anew. False when the document is there and not Deleting.
 */
async function goneOrGoing(d, action, err) {
    const status = await documentStatus(d);
    if (status !== undefined && status !== 'Deleting')
        return false;
    d.log.info(`${action} of ${d.name} answered ${(0,_plan_js__WEBPACK_IMPORTED_MODULE_3__/* .awsErrorName */ .ZH)(err) || (0,_common_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(err)}: the document ${status === undefined ? 'was deleted since it was read' : 'is being deleted'}`);
    if (status === 'Deleting')
        await waitWhileDeleting(d, () => documentStatus(d), (s) => (s === 'Deleting' ? `${d.name} (the whole document)` : undefined));
    return true;
}
/**
 * The content of the version with this version name, and its document version; undefined when the
 * document or the version name does not exist.
 */
async function getContentByName(d, versionName) {
    try {
        const out = await d.ssm.send(new _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_5__/* .GetDocumentCommand */ .ppd({ Name: d.name, VersionName: versionName, DocumentFormat: 'JSON' }));
        return { content: out.Content ?? '', documentVersion: out.DocumentVersion ?? '' };
    }
    catch (err) {
        if (isMissingDocument(err) || (0,_plan_js__WEBPACK_IMPORTED_MODULE_3__/* .awsErrorName */ .ZH)(err) === 'InvalidDocumentVersion')
            return undefined;
        throw (0,_plan_js__WEBPACK_IMPORTED_MODULE_3__/* .awsFailure */ .MT)(err, 'ssm:GetDocument', arnOf(d), d.principal);
    }
}
/** The content of one document version. */
async function getContent(d, documentVersion) {
    const out = await call(d, 'GetDocument', () => d.ssm.send(new _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_5__/* .GetDocumentCommand */ .ppd({ Name: d.name, DocumentVersion: documentVersion, DocumentFormat: 'JSON' })));
    return out.Content ?? '';
}
function explainCreate(err, d, v, action) {
    const name = (0,_plan_js__WEBPACK_IMPORTED_MODULE_3__/* .awsErrorName */ .ZH)(err);
    const msg = (0,_common_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(err);
    switch (name) {
        case 'DocumentAlreadyExists':
        case 'DuplicateDocumentVersionName':
            return new Error(`${action}: ${d.name} version ${v.versionName} was created by someone else at the same time, with other content (${name}); re-run to check it`);
        case 'DuplicateDocumentContent':
            return new _common_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`${(0,_common_names_js__WEBPACK_IMPORTED_MODULE_1__/* .ref */ .KR)('package-version')}: another version of ${d.name} already has exactly this content (${msg}); it is already published under another version name`);
        case 'DocumentVersionLimitExceeded':
            return new _common_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`${(0,_common_names_js__WEBPACK_IMPORTED_MODULE_1__/* .ref */ .KR)('max-versions')}: ${d.name} has the most versions Distributor allows (${msg}); delete old versions (aws ssm delete-document --name ${d.name} --document-version N) or lower max-versions`);
        case 'InvalidDocumentContent':
        case 'MaxDocumentSizeExceeded':
        case 'InvalidDocumentSchemaVersion':
            return new Error(`${action}: Distributor rejected the manifest (${name}: ${msg})`);
        case 'DocumentLimitExceeded':
            return new Error(`${action}: the account has as many documents as it may (${msg}); delete unused documents`);
        default:
            return (0,_plan_js__WEBPACK_IMPORTED_MODULE_3__/* .awsFailure */ .MT)(err, `ssm:${action}`, arnOf(d), d.principal);
    }
}
/**
 * What CreateDocument or UpdateDocument answer when the document is being deleted or was deleted since
 * it was read: the name still taken, the document missing, one update at a time.
 */
const DELETION_ANSWERS = new Set([
    'DocumentAlreadyExists',
    'InvalidDocument',
    'InvalidDocumentVersion',
    'InvalidDocumentOperation',
    'TooManyUpdates',
]);
/** Errors after which SSM may hold our version anyway (it applied the call and the answer was lost). */
function mayHaveApplied(err) {
    const name = (0,_plan_js__WEBPACK_IMPORTED_MODULE_3__/* .awsErrorName */ .ZH)(err);
    if (/^(DocumentAlreadyExists|DuplicateDocumentVersionName|DuplicateDocumentContent)$/.test(name))
        return true;
    const status = err.$metadata?.httpStatusCode;
    if (status !== undefined)
        return status >= 500 || status === 429 || /Throttl/i.test(name);
    // No answer at all: a reset connection or a timeout.
    return /ECONNRESET|EPIPE|ETIMEDOUT|socket|network|Timeout|aborted/i.test(`${name} ${(0,_common_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(err)}`);
}
/** The version of the document named v.versionName, when it holds exactly our manifest. */
async function findOurVersion(d, v) {
    const versions = (await listVersions(d)) ?? [];
    // A version being deleted is going away: never ours to carry on with.
    const named = versions.find((x) => x.versionName === v.versionName && x.status !== 'Deleting');
    if (!named)
        return undefined;
    return (0,_plan_js__WEBPACK_IMPORTED_MODULE_3__/* .sameContent */ .Cm)(await getContent(d, named.documentVersion), v.content) ? named : undefined;
}
/**
 * Creates the document (first version) or adds a version to it; returns the new version's description.
 * When the call fails in a way that SSM may have applied it anyway (an answer lost to a 5xx or a reset,
 * then the SDK's retry told "already exists"), the versions are read back: a version with our name and
 * our content is ours, and publishing carries on with it.
 */
async function addVersion(d, v, exists, afterDeletion = false) {
    const attachments = [{ Key: 'SourceUrl', Values: [v.sourceUrl] }];
    const action = exists ? 'UpdateDocument' : 'CreateDocument';
    try {
        if (!exists) {
            const out = await whileBusy(d, action, () => d.ssm.send(new _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_5__/* .CreateDocumentCommand */ .dk2({
                Name: d.name,
                DocumentType: 'Package',
                DocumentFormat: 'JSON',
                VersionName: v.versionName,
                Content: v.content,
                Attachments: attachments,
            })));
            return out.DocumentDescription ?? {};
        }
        const out = await whileBusy(d, action, () => d.ssm.send(new _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_5__/* .UpdateDocumentCommand */ .gym({
            Name: d.name,
            DocumentVersion: '$LATEST',
            DocumentFormat: 'JSON',
            VersionName: v.versionName,
            Content: v.content,
            Attachments: attachments,
        })));
        return out.DocumentDescription ?? {};
    }
    catch (err) {
        if (mayHaveApplied(err)) {
            const ours = await findOurVersion(d, v).catch((e) => {
                d.log.debug(`reading ${d.name}'s versions back after ${action} failed: ${(0,_common_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(e)}`);
                return undefined;
            });
            if (ours) {
                d.log.info(`${action} of ${d.name} ${v.versionName} answered ${(0,_plan_js__WEBPACK_IMPORTED_MODULE_3__/* .awsErrorName */ .ZH)(err) || (0,_common_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(err)}, but SSM holds the version with this manifest (document version ${ours.documentVersion}): carrying on with it`);
                return {
                    DocumentVersion: ours.documentVersion,
                    ...(ours.status ? { Status: ours.status } : {}),
                };
            }
        }
        // Someone deleted the document, or is deleting it, since it was read: once it is gone, create it.
        if (!afterDeletion && DELETION_ANSWERS.has((0,_plan_js__WEBPACK_IMPORTED_MODULE_3__/* .awsErrorName */ .ZH)(err)) && (await goneOrGoing(d, action, err)))
            return addVersion(d, v, false, true);
        throw explainCreate(err, d, v, action);
    }
}
/** SSM's answer for a document (or version) a read does not see: missing, or not visible yet after a create. */
function notVisibleYet(err) {
    const cause = err.cause;
    return /^(InvalidDocument|InvalidDocumentVersion)$/.test((0,_plan_js__WEBPACK_IMPORTED_MODULE_3__/* .awsErrorName */ .ZH)(cause ?? err));
}
async function describeVersion(d, documentVersion) {
    const out = await call(d, 'DescribeDocument', () => d.ssm.send(new _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_5__/* .DescribeDocumentCommand */ .QO({ Name: d.name, DocumentVersion: documentVersion })));
    return out.Document ?? {};
}
/** A version that did not become Active: Failed, an unexpected status, or still pending at the timeout. */
class DocumentStatusError extends Error {
    status;
    constructor(message, status) {
        super(message);
        this.name = 'DocumentStatusError';
        this.status = status;
    }
}
/**
 * Polls the version until Distributor reports it Active (it copies and checks the files first).
 * Throws with StatusInformation and the likely cause when it Failed, or after the timeout.
 */
async function waitActive(d, documentVersion, s3Uri, opts) {
    const t0 = performance.now();
    let wait = opts.pollIntervalMs;
    let last = '';
    let seen = false;
    const going = `${d.name} version ${documentVersion} in ${d.region}`;
    const fix = `it is not published; re-run to publish it again once the deletion has finished`;
    for (;;) {
        const desc = await describeVersion(d, documentVersion).catch((err) => {
            // Seen, then gone: deleted by someone else while the run waited.
            if (seen && notVisibleYet(err))
                throw new DocumentStatusError(`${going} was deleted (by someone else) while the run waited for it to become Active; ${fix}`, 'Deleted');
            // Right after CreateDocument a read may not see the document yet: pending, until the timeout.
            if (notVisibleYet(err) && performance.now() - t0 < opts.activeTimeoutMs)
                return { Status: 'Creating' };
            throw err;
        });
        seen ||= Boolean(desc.DocumentVersion);
        const status = desc.Status ?? '';
        if (status !== last) {
            d.log.info(`${d.name} version ${documentVersion}: ${status || 'no status'}`);
            last = status;
        }
        if (status === 'Active')
            return desc;
        if (status === 'Failed')
            throw new DocumentStatusError((0,_plan_js__WEBPACK_IMPORTED_MODULE_3__/* .explainDocumentFailure */ .Tv)(desc.StatusInformation ?? '', s3Uri), status);
        if (status === 'Deleting')
            throw new DocumentStatusError(`${going} is being deleted (status Deleting): someone deleted it, or the whole document, while the run waited for it to become Active; ${fix}`, status);
        if (status && !_plan_js__WEBPACK_IMPORTED_MODULE_3__/* .PENDING_STATUSES */ .FJ.includes(status))
            throw new DocumentStatusError(`${d.name} version ${documentVersion} has the unexpected status ${status}`, status);
        const elapsed = performance.now() - t0;
        if (elapsed >= opts.activeTimeoutMs)
            throw new DocumentStatusError(`${d.name} version ${documentVersion} is still ${status} after ${(0,_common_log_js__WEBPACK_IMPORTED_MODULE_2__.formatDuration)(elapsed)}; it may yet become Active: check with aws ssm describe-document --name ${d.name} --document-version ${documentVersion} --region ${d.region}`, status);
        await (0,_common_limit_js__WEBPACK_IMPORTED_MODULE_4__/* .sleep */ .yy)(Math.min(wait, opts.activeTimeoutMs - elapsed));
        // Early and often at first: Distributor often settles within a second or two, and every poll
        // interval is time the step may sit idle after it did. For the first 8 intervals (2 s with the
        // default 250 ms) the interval stays short; then it doubles up to the cap (5 s), which keeps a
        // long wait at a few DescribeDocument calls a minute, well within SSM's rate limits.
        if (performance.now() - t0 >= 8 * opts.pollIntervalMs)
            wait = Math.min(wait * 2, opts.maxPollIntervalMs);
    }
}
async function setDefault(d, documentVersion) {
    await call(d, 'UpdateDocumentDefaultVersion', () => d.ssm.send(new _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_5__/* .UpdateDocumentDefaultVersionCommand */ .hR_({ Name: d.name, DocumentVersion: documentVersion })));
}
/** Deletes one version, or the whole document when documentVersion is undefined. */
async function deleteVersion(d, documentVersion) {
    await call(d, 'DeleteDocument', () => d.ssm.send(new _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_5__/* .DeleteDocumentCommand */ .SiM({
        Name: d.name,
        ...(documentVersion ? { DocumentVersion: documentVersion } : {}),
    })));
}
/**
 * The versions a share covers. ModifyDocumentPermission without SharedDocumentVersion shares only the
 * default version ($DEFAULT), and an account then cannot install a pinned version (a rollout ring with
 * a version parameter); $ALL covers every version, whatever the association in that account pins.
 * (API reference: AccountSharingInfo.SharedDocumentVersion is $LATEST, $DEFAULT or $ALL.)
 */
const SHARED_VERSIONS = '$ALL';
const norm = (a) => (a.toLowerCase() === 'all' ? 'all' : a);
/** How a share reads: the account, with the versions it covers when they are not SHARED_VERSIONS ("111111111111 ($DEFAULT)"). */
const shareLabel = (s) => (s.version === SHARED_VERSIONS ? s.account : `${s.account} (${s.version})`);
const accountOf = (label) => label.split(' ')[0];
/**
 * The accounts the document is shared with, as SSM holds them ("all" when it is public); a share that
 * covers other versions than SHARED_VERSIONS is written with them ("111111111111 ($DEFAULT)"), so that
 * it differs from what is asked for and is corrected.
 */
async function sharedWith(d) {
    const out = new Map();
    let token;
    do {
        const page = await call(d, 'DescribeDocumentPermission', () => d.ssm.send(new _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_5__/* .DescribeDocumentPermissionCommand */ .vC6({
            Name: d.name,
            PermissionType: 'Share',
            MaxResults: 200,
            ...(token ? { NextToken: token } : {}),
        })));
        for (const a of page.AccountIds ?? [])
            if (!out.has(norm(a)))
                out.set(norm(a), '$DEFAULT');
        for (const i of page.AccountSharingInfoList ?? [])
            if (i.AccountId)
                out.set(norm(i.AccountId), i.SharedDocumentVersion || '$DEFAULT');
        token = page.NextToken || undefined;
    } while (token);
    return [...out]
        .map(([account, version]) => shareLabel({ account, version }))
        .sort((a, b) => a.localeCompare(b));
}
/**
 * Makes the document's sharing equal the accounts asked for, every share covering `version` (at most
 * 20 accounts per call; "all" makes it public): accounts no longer asked for are removed first, then the
 * new ones added, and a share that covers other versions is added again with `version` (SSM replaces
 * it; it is never removed first, so the account never loses the package meanwhile). Returns what SSM
 * holds afterwards, read back. The Organization's sharing calls this too, with many accounts.
 */
async function syncSharing(d, accounts, known, version = SHARED_VERSIONS) {
    const before = known ? [...known] : await sharedWith(d);
    const { add, remove: dropped } = (0,_plan_js__WEBPACK_IMPORTED_MODULE_3__/* .sharingChanges */ .uG)(before, accounts);
    const adding = new Set(add);
    // A share of other versions of an account that stays is replaced by the add, not removed.
    const remove = [...new Set(dropped.map(accountOf))].filter((a) => !adding.has(a));
    const repinned = dropped.filter((l) => adding.has(accountOf(l)));
    if (add.includes('all'))
        d.log.warning(`${d.name} is being shared with ALL AWS accounts (${(0,_common_names_js__WEBPACK_IMPORTED_MODULE_1__/* .ref */ .KR)('allow-public-sharing')} is true): any account can see and install it, and Uptycs installers carry your tenant's enrollment secret`);
    const modify = (key, list) => 
    // "all" goes alone: SSM refuses it together with account IDs.
    [
        ...(list.includes('all') ? [['all']] : []),
        ...(0,_plan_js__WEBPACK_IMPORTED_MODULE_3__/* .chunk */ .iv)(list.filter((a) => a !== 'all'), 20),
    ].reduce((prev, group) => prev.then(() => call(d, 'ModifyDocumentPermission', () => d.ssm.send(new _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_5__/* .ModifyDocumentPermissionCommand */ .QCi({
        Name: d.name,
        PermissionType: 'Share',
        [key]: group,
        ...(key === 'AccountIdsToAdd' ? { SharedDocumentVersion: version } : {}),
    }))).then(() => undefined)), Promise.resolve());
    // Narrow first: a failure half-way leaves fewer accounts, never more.
    await modify('AccountIdsToRemove', remove);
    if (remove.length)
        d.log.info(`${d.name}: no longer shared with ${remove.join(', ')}`);
    await modify('AccountIdsToAdd', add);
    const fresh = add.filter((a) => !repinned.some((l) => accountOf(l) === a));
    if (fresh.length)
        d.log.info(`${d.name}: shared with ${fresh.join(', ')} (${version})`);
    if (repinned.length)
        d.log.info(`${d.name}: the share of ${repinned.join(', ')} now covers ${version} (a pinned version needs it)`);
    return add.length || remove.length ? sharedWith(d) : before;
}


/***/ })

};
