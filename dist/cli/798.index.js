export const id = 798;
export const ids = [798];
export const modules = {

/***/ 83798:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  publishStage: () => (/* binding */ publishStage)
});

// UNUSED EXPORTS: DEFAULT_PUBLISH_OPTIONS, publishError, publishMarkdown, publishOutputs, publishPackage, taggedLog

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
// EXTERNAL MODULE: ./src/log.ts
var src_log = __webpack_require__(25625);
// EXTERNAL MODULE: ./src/plan/distributor.ts
var distributor = __webpack_require__(92690);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-sts/dist-cjs/index.js
var dist_cjs = __webpack_require__(71695);
// EXTERNAL MODULE: ./node_modules/p-retry/index.js + 1 modules
var p_retry = __webpack_require__(74995);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-s3/dist-cjs/index.js
var client_s3_dist_cjs = __webpack_require__(53711);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ssm/dist-cjs/index.js
var client_ssm_dist_cjs = __webpack_require__(34736);
// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(57975);
;// CONCATENATED MODULE: ./src/publish/clients.ts
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
    const note = (...args) => s.debug?.(`AWS SDK (${service}): ${args.map((a) => (typeof a === 'string' ? a : (0,external_node_util_.inspect)(a, { depth: 3 }))).join(' ')}`);
    return {
        region: s.region,
        maxAttempts: s.maxAttempts,
        // Failed calls are reported by the code that made them; only the SDK's warnings go to the debug log.
        logger: { trace: quiet, debug: quiet, info: quiet, warn: note, error: quiet },
        ...(endpoint ? { endpoint } : {}),
        ...(s.credentials ? { credentials: s.credentials } : {}),
    };
}
function stsClient(s) {
    return new dist_cjs/* STSClient */.iM(common('sts', s));
}
function ssmClient(s) {
    return new client_ssm_dist_cjs/* SSMClient */.jBj(common('ssm', s));
}
/** An S3 client; with an endpoint override it uses path-style addressing (emulators and IP endpoints). */
function s3Client(s) {
    const endpoint = endpointFor('s3', s.env);
    return new client_s3_dist_cjs/* S3Client */.YxF({ ...common('s3', s), forcePathStyle: Boolean(endpoint), followRegionRedirects: true });
}

;// CONCATENATED MODULE: ./src/publish/plan.ts
/**
 * The publish stage's decisions, as pure functions: names, what to do with an existing document,
 * which old versions to delete, and how to explain what AWS answered. No SDK calls here.
 */

const DEFAULT_BUCKET_TEMPLATE = 'uptycs-distributor-{account}-{region}';
/** The bucket of a region: the template ('' = default) with {account} and {region} replaced. */
function bucketName(template, account, region) {
    return (template || DEFAULT_BUCKET_TEMPLATE)
        .replaceAll('{account}', account)
        .replaceAll('{region}', region);
}
/** Why a bucket name is not valid, or undefined. */
function bucketNameProblem(name) {
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name) ||
        name.includes('..') ||
        /^\d+\.\d+\.\d+\.\d+$/.test(name))
        return `bucket name "${name}" is not valid: 3 to 63 lowercase letters, digits, "-" and "."`;
    return undefined;
}
/** The key prefix: the template with {package-name} and {version} replaced, ending in "/". */
function keyPrefix(template, packageName, version) {
    let p = template
        .replaceAll('{package-name}', packageName)
        .replaceAll('{version}', version)
        .replace(/^\/+/, '');
    if (p && !p.endsWith('/'))
        p += '/';
    return p;
}
/** The document's SourceUrl: s3://bucket/prefix without the trailing "/" (as AWS documents it). */
function sourceUrl(bucket, prefix) {
    const p = prefix.replace(/\/+$/, '');
    return p ? `s3://${bucket}/${p}` : `s3://${bucket}`;
}
/** The partition of a region: aws, aws-cn or aws-us-gov. */
function partitionOf(region) {
    if (region.startsWith('cn-'))
        return 'aws-cn';
    if (region.startsWith('us-gov-'))
        return 'aws-us-gov';
    return 'aws';
}
function documentArn(region, account, name) {
    return `arn:${partitionOf(region)}:ssm:${region}:${account}:document/${name}`;
}
/** S3's x-amz-checksum-sha256: the base64 of the digest whose hex is given. */
function sha256Base64(hex) {
    if (!/^[0-9a-f]{64}$/i.test(hex))
        throw new Error(`"${hex}" is not a SHA-256 hex digest`);
    return Buffer.from(hex, 'hex').toString('base64');
}
function chunk(items, size) {
    const out = [];
    for (let i = 0; i < items.length; i += size)
        out.push(items.slice(i, i + size));
    return out;
}
/** The user-metadata key holding an object's SHA-256 hex (x-amz-meta-sha256). */
const SHA256_METADATA = 'sha256';
/**
 * Compares an existing object with the file we would upload: 'same' or 'different' when its size,
 * metadata or full-object checksum decides it, 'unknown' when only its content can tell.
 */
function compareExisting(obj, hex, size) {
    if (obj.size !== undefined && obj.size !== size)
        return 'different';
    const meta = obj.metadata?.[SHA256_METADATA];
    if (meta)
        return meta.toLowerCase() === hex.toLowerCase() ? 'same' : 'different';
    const sum = obj.checksumSha256;
    if (sum && !sum.includes('-'))
        return sum === sha256Base64(hex) ? 'same' : 'different';
    return 'unknown';
}
/** Serializes JSON with object keys sorted, to compare documents regardless of key order and spacing. */
function canonical(value) {
    if (Array.isArray(value))
        return `[${value.map(canonical).join(',')}]`;
    if (value && typeof value === 'object')
        return `{${Object.keys(value)
            .sort()
            .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
            .join(',')}}`;
    return JSON.stringify(value);
}
/** Whether a stored document's content is our manifest (byte-identical, or the same JSON). */
function sameContent(stored, manifestText) {
    if (stored === manifestText)
        return true;
    try {
        return canonical(JSON.parse(stored)) === canonical(JSON.parse(manifestText));
    }
    catch {
        return false;
    }
}
/**
 * The versions to delete so that at most `keep` remain: never the default, never a protected one;
 * versions that Failed go first (they install nothing), then the oldest.
 * Returns fewer than needed when not enough versions may be deleted.
 */
function versionsToDelete(versions, keep, protect = []) {
    const excess = versions.length - keep;
    if (excess <= 0)
        return [];
    const candidates = versions
        .filter((v) => !v.isDefault && !protect.includes(v.documentVersion))
        .sort((a, b) => {
        const fa = a.status === 'Failed' ? 0 : 1;
        const fb = b.status === 'Failed' ? 0 : 1;
        return fa - fb || Number(a.documentVersion) - Number(b.documentVersion);
    });
    return candidates.slice(0, excess);
}
/** The versions to delete before adding one, so that the new one fits under Distributor's hard limit. */
function versionsToMakeRoom(versions) {
    return versionsToDelete(versions, distributor/* LIMITS */.b1.versionsPerPackage - 1);
}
function describeVersion(v) {
    return v.versionName ? `${v.documentVersion} (${v.versionName})` : v.documentVersion;
}
function documentAction(versions, versionName) {
    if (!versions)
        return { kind: 'create' };
    const same = versions.find((v) => v.versionName === versionName);
    if (same)
        return { kind: 'exists', version: same };
    return { kind: 'update', makeRoom: versionsToMakeRoom(versions) };
}
/** Distributor's statuses while it copies and checks the files. */
const PENDING_STATUSES = ['Creating', 'Updating'];
/** The likely cause of a document version that Failed, from its StatusInformation. */
function explainDocumentFailure(statusInformation, s3Uri) {
    const info = statusInformation || 'no StatusInformation given';
    let cause;
    if (/access ?denied|forbidden|403|not authori[sz]ed|permission/i.test(info))
        cause = `the principal that publishes (this role or user) must be allowed s3:GetObject on ${s3Uri}/* (check its IAM policy, the bucket policy and, with SSE-KMS, kms:Decrypt on the key)`;
    else if (/checksum|hash|sha-?256|digest/i.test(info))
        cause = `a file under ${s3Uri} does not match the SHA-256 in the manifest; publish a new package-version`;
    else if (/no ?such ?key|not found|does not exist|missing|404/i.test(info))
        cause = `a file the manifest names is missing under ${s3Uri}`;
    else if (/manifest|invalid|schema|json/i.test(info))
        cause = 'Distributor rejected the manifest';
    else
        cause = 'see the message above';
    return `the document version failed: ${info} — likely cause: ${cause}`;
}
function awsErrorName(err) {
    const e = err;
    return e?.Code || e?.name || '';
}
function httpStatus(err) {
    return err?.$metadata?.httpStatusCode;
}
function isAccessDenied(err) {
    const name = awsErrorName(err);
    return (/AccessDenied|UnauthorizedOperation|Forbidden|NotAuthorized/i.test(name) ||
        (httpStatus(err) === 403 &&
            !/ExpiredToken|InvalidClientTokenId|SignatureDoesNotMatch|InvalidAccessKeyId/.test(name)));
}
/**
 * A one-line explanation of an AWS error for the log: what was refused and what to change.
 * `action` is the IAM action of the call (s3:PutObject), `resource` what it was called on.
 */
function explainAwsError(err, action, resource, principal) {
    const status = httpStatus(err);
    const name = (awsErrorName(err) || 'Error').replace(/^Unknown$/, status === 403 ? 'Forbidden' : 'Error');
    const raw = err?.message ?? String(err);
    // Bodyless answers (HEAD) and unparsable ones leave the SDK with nothing better than the status.
    const msg = /Deserialization error|Unexpected token|^UnknownError$/.test(raw) || !raw ? `HTTP ${status ?? '?'}` : raw;
    if (isAccessDenied(err))
        return `${principal || 'the AWS principal'} is not allowed ${action} on ${resource} (${name}: ${msg}); grant it as in iam/publisher-policy.json`;
    if (/ExpiredToken|InvalidClientTokenId|InvalidAccessKeyId|SignatureDoesNotMatch|UnrecognizedClient/.test(name))
        return `the AWS credentials were refused for ${action} (${name}: ${msg}); check role-to-assume or the runner's AWS credentials`;
    return `${action} on ${resource} failed (${name}${status ? `, HTTP ${status}` : ''}: ${msg})`;
}
/** explainAwsError as an Error that keeps the SDK error as its cause. */
function awsFailure(err, action, resource, principal) {
    return new Error(explainAwsError(err, action, resource, principal), { cause: err });
}

;// CONCATENATED MODULE: ./src/publish/credentials.ts
/**
 * AWS credentials for publishing: a role assumed with the job's GitHub OIDC token, or the SDK's
 * default credential chain. Temporary credentials live in memory only and are masked in the log.
 */





const OIDC_AUDIENCE = 'sts.amazonaws.com';
/** Credentials are renewed this long before they expire. */
const REFRESH_MARGIN_MS = 5 * 60_000;
function retryableSts(err) {
    const name = awsErrorName(err);
    const status = httpStatus(err);
    return (/IDPCommunicationError|Throttl|TooManyRequests|ServiceUnavailable|InternalFailure|RequestTimeout/i.test(name) ||
        (status !== undefined && status >= 500));
}
function explainAssumeRole(err, role) {
    const name = awsErrorName(err);
    const msg = (0,errors/* errorMessage */.gJ)(err);
    if (/AccessDenied/i.test(name))
        return `input "role-to-assume": AWS refused to let this workflow assume ${role} (${name}: ${msg}). The role's trust policy must allow sts:AssumeRoleWithWebIdentity for the federated principal token.actions.githubusercontent.com with aud ${OIDC_AUDIENCE} and a sub matching this repository, ref or environment (see iam/github-oidc-trust-policy.json)`;
    if (/InvalidIdentityToken/i.test(name))
        return `input "role-to-assume": AWS rejected the GitHub OIDC token (${name}: ${msg}). Create the IAM OIDC identity provider https://token.actions.githubusercontent.com with audience ${OIDC_AUDIENCE} in the role's account`;
    if (/ExpiredToken/i.test(name))
        return `the GitHub OIDC token expired before AWS accepted it (${msg}); re-run the job`;
    if (/ValidationError/i.test(name))
        return `input "role-to-assume" or "role-duration-seconds": ${msg} (the duration must not exceed the role's maximum session duration)`;
    return `assuming ${role} failed (${name || 'Error'}: ${msg})`;
}
/**
 * A provider that assumes the role with a fresh OIDC token whenever the last credentials are near
 * expiry. Every client shares it, so the role is assumed once per lifetime, not once per client.
 */
function webIdentityProvider(s, getIdToken) {
    const { inputs, log } = s;
    let current;
    const fresh = async () => {
        let token;
        try {
            token = await getIdToken(OIDC_AUDIENCE);
        }
        catch (err) {
            throw new errors/* UserError */.yo(`input "role-to-assume": could not get a GitHub OIDC token (${(0,errors/* errorMessage */.gJ)(err)}); the job needs "permissions: id-token: write"`);
        }
        log.setSecret(token);
        const sts = stsClient({
            region: inputs.awsRegions[0] ?? 'us-east-1',
            env: s.env,
            maxAttempts: s.maxAttempts,
        });
        const out = await (0,p_retry/* default */.Ay)(async () => {
            try {
                return await sts.send(new dist_cjs/* AssumeRoleWithWebIdentityCommand */.WH({
                    RoleArn: inputs.roleToAssume,
                    RoleSessionName: inputs.roleSessionName,
                    DurationSeconds: inputs.roleDurationSeconds,
                    WebIdentityToken: token,
                }));
            }
            catch (err) {
                if (retryableSts(err))
                    throw err;
                throw new p_retry/* AbortError */.lc(new errors/* UserError */.yo(explainAssumeRole(err, inputs.roleToAssume)));
            }
        }, {
            retries: 4,
            minTimeout: s.retryBaseMs,
            factor: 2,
            onFailedAttempt: ({ error, attemptNumber }) => log.debug(`AssumeRoleWithWebIdentity attempt ${attemptNumber} failed: ${(0,errors/* errorMessage */.gJ)(error)}`),
        })
            .catch((err) => {
            throw err instanceof errors/* UserError */.yo ? err : new errors/* UserError */.yo(explainAssumeRole(err, inputs.roleToAssume));
        })
            .finally(() => sts.destroy());
        const c = out.Credentials;
        if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken)
            throw new Error(`AssumeRoleWithWebIdentity returned no credentials for ${inputs.roleToAssume}`);
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
    return async () => {
        if (current) {
            const c = await current.catch(() => undefined);
            if (c && (!c.expiration || c.expiration.getTime() - Date.now() > REFRESH_MARGIN_MS))
                return c;
        }
        const next = fresh();
        current = next;
        return next;
    };
}
/**
 * Opens the AWS session: assumes role-to-assume through GitHub OIDC (or uses the default chain),
 * then asks STS who we are and logs the account and identity. Throws UserError with the fix.
 */
async function openSession(s) {
    const { inputs, log, env } = s;
    let credentials;
    if (inputs.roleToAssume) {
        if (!s.getIdToken)
            throw new errors/* UserError */.yo('input "role-to-assume": assuming a role needs a GitHub OIDC token, which only a GitHub Actions job has; outside Actions leave role-to-assume empty and provide AWS credentials (AWS_PROFILE, AWS_ACCESS_KEY_ID, ...)');
        if (!env.ACTIONS_ID_TOKEN_REQUEST_URL || !env.ACTIONS_ID_TOKEN_REQUEST_TOKEN)
            throw new errors/* UserError */.yo('input "role-to-assume": this job cannot request a GitHub OIDC token (ACTIONS_ID_TOKEN_REQUEST_URL is not set); add "permissions: id-token: write" to the job (and "contents: read"). Pull requests from forks never get one.');
        credentials = webIdentityProvider(s, s.getIdToken);
        await credentials();
    }
    const sts = stsClient({
        region: inputs.awsRegions[0] ?? 'us-east-1',
        env,
        maxAttempts: s.maxAttempts,
        ...(credentials ? { credentials } : {}),
    });
    try {
        const id = await sts.send(new dist_cjs/* GetCallerIdentityCommand */.zI({}));
        if (!id.Account || !id.Arn)
            throw new Error('GetCallerIdentity returned no account');
        const how = inputs.roleToAssume
            ? `role ${inputs.roleToAssume} (GitHub OIDC)`
            : 'the default AWS credential chain';
        log.info(`AWS account ${id.Account}, identity ${id.Arn}, via ${how}`);
        if (inputs.roleToAssume) {
            const roleAccount = inputs.roleToAssume.split(':')[4];
            const roleName = inputs.roleToAssume.split('/').pop();
            if (roleAccount !== id.Account || !id.Arn.includes(`:assumed-role/${roleName}/`))
                throw new errors/* UserError */.yo(`input "role-to-assume": STS reports identity ${id.Arn}, which is not the role ${inputs.roleToAssume}; check the role ARN`);
        }
        return {
            ...(credentials ? { credentials } : {}),
            account: id.Account,
            arn: id.Arn,
            principal: inputs.roleToAssume || id.Arn,
        };
    }
    catch (err) {
        if (err instanceof errors/* UserError */.yo)
            throw err;
        const name = awsErrorName(err);
        if (/CredentialsProviderError|Could not load credentials/i.test(`${name} ${(0,errors/* errorMessage */.gJ)(err)}`))
            throw new errors/* UserError */.yo('no AWS credentials: set input "role-to-assume" to publish through GitHub OIDC, or provide credentials to the job (aws-actions/configure-aws-credentials, AWS_PROFILE, AWS_ACCESS_KEY_ID)');
        throw new errors/* UserError */.yo(explainAwsError(err, 'sts:GetCallerIdentity', 'the AWS account', inputs.roleToAssume));
    }
    finally {
        sts.destroy();
    }
}

// EXTERNAL MODULE: ./src/limit.ts
var limit = __webpack_require__(57768);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
;// CONCATENATED MODULE: ./src/publish/s3.ts
/**
 * S3 side of publishing: the region's bucket (created private and encrypted when missing) and the
 * package files under the version's prefix. Objects are written only when absent (If-None-Match: *),
 * with a SHA-256 that S3 checks; an object that is already there is compared, never replaced.
 */









const s3Uri = (t, key = '') => `s3://${t.bucket}/${key}`;
function isNotFound(err) {
    return httpStatus(err) === 404 || /NotFound|NoSuchKey|NoSuchBucket/.test(awsErrorName(err));
}
function isConditionFailed(err) {
    const status = httpStatus(err);
    return (status === 412 ||
        status === 409 ||
        /PreconditionFailed|ConditionalRequestConflict/.test(awsErrorName(err)));
}
/** Throttling, 5xx, timeouts and network errors: worth another attempt. */
function isRetryableS3(err) {
    const name = awsErrorName(err);
    const status = httpStatus(err);
    if (status === undefined)
        return /ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|socket|network|TimeoutError|RequestTimeout/i.test(`${name} ${(0,errors/* errorMessage */.gJ)(err)}`);
    return status >= 500 || status === 429 || /SlowDown|RequestTimeout|Throttl/i.test(name);
}
/** Makes sure the bucket exists and belongs to the account; creates it private and encrypted when missing. */
async function ensureBucket(t) {
    const { s3, bucket, region, account, log } = t;
    try {
        const head = await s3.send(new client_s3_dist_cjs/* HeadBucketCommand */.kuI({ Bucket: bucket, ExpectedBucketOwner: account }));
        if (head.BucketRegion && head.BucketRegion !== region)
            log.warning(`bucket ${bucket} is in ${head.BucketRegion}, not ${region}; Distributor reads the files from there (opt-in regions need a bucket in the same region: put {region} in s3-bucket)`);
        return 'existing';
    }
    catch (err) {
        if (httpStatus(err) === 403)
            throw new errors/* UserError */.yo(`input "s3-bucket": bucket ${bucket} exists but ${t.principal} cannot use it: it belongs to another account, or s3:ListBucket is not granted on arn:aws:s3:::${bucket}. Choose another s3-bucket (the default includes {account}) or grant the permissions in iam/publisher-policy.json`);
        if (!isNotFound(err))
            throw awsFailure(err, 's3:ListBucket', `bucket ${bucket}`, t.principal);
    }
    log.info(`creating bucket ${bucket} in ${region} (private, encrypted, bucket owner enforced)`);
    try {
        await s3.send(new client_s3_dist_cjs/* CreateBucketCommand */.cZX({
            Bucket: bucket,
            ObjectOwnership: 'BucketOwnerEnforced',
            ...(region === 'us-east-1'
                ? {}
                : { CreateBucketConfiguration: { LocationConstraint: region } }),
        }));
    }
    catch (err) {
        const name = awsErrorName(err);
        if (name === 'BucketAlreadyOwnedByYou') {
            log.info(`bucket ${bucket} was created meanwhile (another region or run)`);
            return 'existing';
        }
        if (name === 'BucketAlreadyExists')
            throw new errors/* UserError */.yo(`input "s3-bucket": the bucket name ${bucket} is taken by another AWS account; choose another name (keep {account} in it)`);
        throw awsFailure(err, 's3:CreateBucket', `bucket ${bucket}`, t.principal);
    }
    try {
        await s3.send(new client_s3_dist_cjs/* PutPublicAccessBlockCommand */.ZXv({
            Bucket: bucket,
            ExpectedBucketOwner: account,
            PublicAccessBlockConfiguration: {
                BlockPublicAcls: true,
                IgnorePublicAcls: true,
                BlockPublicPolicy: true,
                RestrictPublicBuckets: true,
            },
        }));
    }
    catch (err) {
        throw awsFailure(err, 's3:PutBucketPublicAccessBlock', `bucket ${bucket}`, t.principal);
    }
    try {
        await s3.send(new client_s3_dist_cjs/* PutBucketEncryptionCommand */.iRK({
            Bucket: bucket,
            ExpectedBucketOwner: account,
            ServerSideEncryptionConfiguration: {
                Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
            },
        }));
    }
    catch (err) {
        throw awsFailure(err, 's3:PutEncryptionConfiguration', `bucket ${bucket}`, t.principal);
    }
    return 'created';
}
/** HeadObject with checksums; undefined when there is no object at the key. */
async function headObject(t, key) {
    try {
        const h = await t.s3.send(new client_s3_dist_cjs/* HeadObjectCommand */.l81({
            Bucket: t.bucket,
            Key: key,
            ChecksumMode: 'ENABLED',
            ExpectedBucketOwner: t.account,
        }));
        return {
            ...(h.ContentLength !== undefined ? { size: h.ContentLength } : {}),
            ...(h.Metadata ? { metadata: h.Metadata } : {}),
            ...(h.ChecksumSHA256 ? { checksumSha256: h.ChecksumSHA256 } : {}),
        };
    }
    catch (err) {
        if (isNotFound(err))
            return undefined;
        throw awsFailure(err, 's3:GetObject', s3Uri(t, key), t.principal);
    }
}
/** Hashes an object's content by streaming it (for objects written without a checksum we can read). */
async function hashObject(t, key) {
    try {
        const out = await t.s3.send(new client_s3_dist_cjs/* GetObjectCommand */.jLs({ Bucket: t.bucket, Key: key, ExpectedBucketOwner: t.account }));
        const hash = (0,external_node_crypto_.createHash)('sha256');
        for await (const chunk of out.Body)
            hash.update(chunk);
        return hash.digest('hex');
    }
    catch (err) {
        throw awsFailure(err, 's3:GetObject', s3Uri(t, key), t.principal);
    }
}
/** Whether the object at the key holds the item's bytes; undefined when there is none. */
async function existingMatches(t, item) {
    const obj = await headObject(t, item.key);
    if (!obj)
        return undefined;
    const verdict = compareExisting(obj, item.sha256, item.size);
    if (verdict !== 'unknown')
        return verdict === 'same';
    return (await hashObject(t, item.key)) === item.sha256.toLowerCase();
}
function conflict(t, item) {
    return new errors/* UserError */.yo(`input "package-version": ${s3Uri(t, item.key)} already holds a different ${item.name} than this build (SHA-256 ${item.sha256}). This version was already published with other content; published files are never overwritten. Choose a new package-version.`);
}
async function putSingle(t, item, opts) {
    const base = {
        Bucket: t.bucket,
        Key: item.key,
        ContentType: item.contentType,
        ContentLength: item.size,
        ChecksumAlgorithm: 'SHA256',
        ChecksumSHA256: sha256Base64(item.sha256),
        Metadata: { [SHA256_METADATA]: item.sha256 },
        IfNoneMatch: '*',
        ExpectedBucketOwner: t.account,
    };
    await (0,p_retry/* default */.Ay)(async () => {
        try {
            // The SDK does not retry a stream body (it cannot be replayed): each attempt here opens the file again.
            const Body = item.data ?? (0,external_node_fs_.createReadStream)(item.path);
            await t.s3.send(new client_s3_dist_cjs/* PutObjectCommand */.wKZ({ ...base, Body }));
        }
        catch (err) {
            if (isRetryableS3(err))
                throw err;
            throw new p_retry/* AbortError */.lc(err);
        }
    }, {
        retries: opts.uploadAttempts - 1,
        minTimeout: opts.retryBaseMs,
        onFailedAttempt: ({ error, attemptNumber }) => t.log.debug(`upload of ${item.name} attempt ${attemptNumber} failed: ${(0,errors/* errorMessage */.gJ)(error)}`),
    });
}
/** Reads exactly buf.length bytes at position (short reads are continued). */
async function readFully(fh, buf, position) {
    let done = 0;
    while (done < buf.length) {
        const { bytesRead } = await fh.read(buf, done, buf.length - done, position + done);
        if (bytesRead === 0)
            throw new Error(`file ended early at byte ${position + done}`);
        done += bytesRead;
    }
}
/**
 * Multipart upload: parts are read from disk one after the other (hashing the whole file on the
 * way) and uploaded in parallel, each with its SHA-256; only part buffers are held in memory.
 * The upload is completed only when the file's hash matches the manifest's, and aborted on failure.
 */
async function putMultipart(t, item, opts, parts) {
    const created = await t.s3.send(new client_s3_dist_cjs/* CreateMultipartUploadCommand */.nG4({
        Bucket: t.bucket,
        Key: item.key,
        ContentType: item.contentType,
        ChecksumAlgorithm: 'SHA256',
        Metadata: { [SHA256_METADATA]: item.sha256 },
        ExpectedBucketOwner: t.account,
    }));
    const uploadId = created.UploadId;
    const fh = await (0,promises_.open)(item.path, 'r');
    try {
        const whole = (0,external_node_crypto_.createHash)('sha256');
        const done = [];
        const running = [];
        let failed;
        for (let offset = 0, n = 1; offset < item.size && !failed; offset += opts.partSize, n++) {
            await parts.acquire();
            if (failed) {
                parts.release();
                break;
            }
            const buf = Buffer.allocUnsafe(Math.min(opts.partSize, item.size - offset));
            try {
                await readFully(fh, buf, offset);
            }
            catch (err) {
                parts.release();
                throw err;
            }
            whole.update(buf);
            const sum = (0,external_node_crypto_.createHash)('sha256').update(buf).digest('base64');
            const partNumber = n;
            running.push(t.s3
                .send(new client_s3_dist_cjs/* UploadPartCommand */.iVK({
                Bucket: t.bucket,
                Key: item.key,
                UploadId: uploadId,
                PartNumber: partNumber,
                Body: buf,
                ContentLength: buf.length,
                ChecksumAlgorithm: 'SHA256',
                ChecksumSHA256: sum,
                ExpectedBucketOwner: t.account,
            }))
                .then((r) => {
                done.push({ PartNumber: partNumber, ETag: r.ETag, ChecksumSHA256: sum });
            })
                .catch((error) => {
                failed ??= { error };
            })
                .finally(() => parts.release()));
        }
        await Promise.all(running);
        if (failed)
            throw failed.error;
        const hex = whole.digest('hex');
        if (hex !== item.sha256.toLowerCase())
            throw new Error(`${item.path} changed on disk after the package was built (SHA-256 ${hex}, manifest says ${item.sha256}); rebuild the package`);
        done.sort((a, b) => a.PartNumber - b.PartNumber);
        await t.s3.send(new client_s3_dist_cjs/* CompleteMultipartUploadCommand */.Gym({
            Bucket: t.bucket,
            Key: item.key,
            UploadId: uploadId,
            MultipartUpload: { Parts: done },
            IfNoneMatch: '*',
            ExpectedBucketOwner: t.account,
        }));
    }
    catch (err) {
        await t.s3
            .send(new client_s3_dist_cjs/* AbortMultipartUploadCommand */.tfP({
            Bucket: t.bucket,
            Key: item.key,
            UploadId: uploadId,
            ExpectedBucketOwner: t.account,
        }))
            .catch((e) => t.log.warning(`could not abort the multipart upload of ${item.key}: ${(0,errors/* errorMessage */.gJ)(e)}`));
        throw err;
    }
    finally {
        await fh.close();
    }
}
async function uploadOne(t, item, opts, parts) {
    const before = await existingMatches(t, item);
    if (before === true) {
        t.log.info(`${item.name}: already in ${s3Uri(t, item.key)} with the same SHA-256, not uploaded again`);
        return 'skipped';
    }
    if (before === false)
        throw conflict(t, item);
    const t0 = performance.now();
    try {
        if (!item.data && item.size >= opts.multipartThreshold)
            await putMultipart(t, item, opts, parts);
        else
            await putSingle(t, item, opts);
    }
    catch (err) {
        if (isConditionFailed(err)) {
            // Someone wrote the key since we looked (a parallel region sharing the bucket, or another run).
            const now = await existingMatches(t, item);
            if (now === true)
                return 'skipped';
            throw conflict(t, item);
        }
        if (err instanceof errors/* UserError */.yo || (err instanceof Error && !('$metadata' in err)))
            throw err;
        throw awsFailure(err, 's3:PutObject', s3Uri(t, item.key), t.principal);
    }
    t.log.info(`${item.name}: uploaded ${(0,src_log/* formatBytes */.z3)(item.size)} to ${s3Uri(t, item.key)} in ${Math.round(performance.now() - t0)} ms`);
    return 'uploaded';
}
/** Uploads the items that are not there yet, a few at a time. Fails on the first conflict or error. */
async function uploadAll(t, items, opts, parts) {
    const verdicts = await (0,limit/* mapLimit */.sf)(items, opts.fileConcurrency, (item) => uploadOne(t, item, opts, parts));
    return {
        uploaded: items.filter((_, i) => verdicts[i] === 'uploaded'),
        skipped: items.filter((_, i) => verdicts[i] === 'skipped'),
    };
}
/** Checks that every item is in S3 with its size and SHA-256, before any document points at them. */
async function verifyAll(t, items, opts) {
    await (0,limit/* mapLimit */.sf)(items, opts.fileConcurrency * 2, async (item) => {
        const ok = await existingMatches(t, item);
        if (ok === undefined)
            throw new Error(`${s3Uri(t, item.key)} is missing after the upload`);
        if (!ok)
            throw conflict(t, item);
    });
}

;// CONCATENATED MODULE: ./src/publish/ssm.ts
/**
 * SSM side of publishing: the Package document's versions, adding one, waiting until Distributor
 * has made it Active, the default version and sharing. Each call's errors are explained for the log.
 */





const arnOf = (d) => documentArn(d.region, d.account, d.name);
async function call(d, action, fn) {
    try {
        return await fn();
    }
    catch (err) {
        throw awsFailure(err, `ssm:${action}`, arnOf(d), d.principal);
    }
}
function isMissingDocument(err) {
    return /InvalidDocument$/.test(awsErrorName(err));
}
/** All versions of the document, or undefined when it does not exist. */
async function listVersions(d) {
    const out = [];
    let token;
    try {
        do {
            const page = await d.ssm.send(new client_ssm_dist_cjs/* ListDocumentVersionsCommand */.mF0({
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
        throw awsFailure(err, 'ssm:ListDocumentVersions', arnOf(d), d.principal);
    }
    return out.sort((a, b) => Number(a.documentVersion) - Number(b.documentVersion));
}
/** The content of one document version. */
async function getContent(d, documentVersion) {
    const out = await call(d, 'GetDocument', () => d.ssm.send(new client_ssm_dist_cjs/* GetDocumentCommand */.ppd({ Name: d.name, DocumentVersion: documentVersion, DocumentFormat: 'JSON' })));
    return out.Content ?? '';
}
function explainCreate(err, d, v, action) {
    const name = awsErrorName(err);
    const msg = err instanceof Error ? err.message : String(err);
    switch (name) {
        case 'DocumentAlreadyExists':
        case 'DuplicateDocumentVersionName':
            return new Error(`${action}: ${d.name} version ${v.versionName} was created by someone else at the same time (${name}); re-run to check it`);
        case 'DuplicateDocumentContent':
            return new errors/* UserError */.yo(`input "package-version": another version of ${d.name} already has exactly this content (${msg}); it is already published under another version name`);
        case 'DocumentVersionLimitExceeded':
            return new errors/* UserError */.yo(`input "max-versions": ${d.name} has the most versions Distributor allows (${msg}); delete old versions (aws ssm delete-document --name ${d.name} --document-version N) or lower max-versions`);
        case 'InvalidDocumentContent':
        case 'MaxDocumentSizeExceeded':
        case 'InvalidDocumentSchemaVersion':
            return new Error(`${action}: Distributor rejected the manifest (${name}: ${msg})`);
        case 'DocumentLimitExceeded':
            return new Error(`${action}: the account has as many documents as it may (${msg}); delete unused documents`);
        default:
            return awsFailure(err, `ssm:${action}`, arnOf(d), d.principal);
    }
}
/** Creates the document (first version) or adds a version to it; returns the new version's description. */
async function addVersion(d, v, exists) {
    const attachments = [{ Key: 'SourceUrl', Values: [v.sourceUrl] }];
    try {
        if (!exists) {
            const out = await d.ssm.send(new client_ssm_dist_cjs/* CreateDocumentCommand */.dk2({
                Name: d.name,
                DocumentType: 'Package',
                DocumentFormat: 'JSON',
                VersionName: v.versionName,
                Content: v.content,
                Attachments: attachments,
            }));
            return out.DocumentDescription ?? {};
        }
        const out = await d.ssm.send(new client_ssm_dist_cjs/* UpdateDocumentCommand */.gym({
            Name: d.name,
            DocumentVersion: '$LATEST',
            DocumentFormat: 'JSON',
            VersionName: v.versionName,
            Content: v.content,
            Attachments: attachments,
        }));
        return out.DocumentDescription ?? {};
    }
    catch (err) {
        throw explainCreate(err, d, v, exists ? 'UpdateDocument' : 'CreateDocument');
    }
}
async function ssm_describeVersion(d, documentVersion) {
    const out = await call(d, 'DescribeDocument', () => d.ssm.send(new client_ssm_dist_cjs/* DescribeDocumentCommand */.QO({ Name: d.name, DocumentVersion: documentVersion })));
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
    for (;;) {
        const desc = await ssm_describeVersion(d, documentVersion);
        const status = desc.Status ?? '';
        if (status !== last) {
            d.log.info(`${d.name} version ${documentVersion}: ${status || 'no status'}`);
            last = status;
        }
        if (status === 'Active')
            return desc;
        if (status === 'Failed')
            throw new DocumentStatusError(explainDocumentFailure(desc.StatusInformation ?? '', s3Uri), status);
        if (status && !PENDING_STATUSES.includes(status))
            throw new DocumentStatusError(`${d.name} version ${documentVersion} has the unexpected status ${status}`, status);
        const elapsed = performance.now() - t0;
        if (elapsed >= opts.activeTimeoutMs)
            throw new DocumentStatusError(`${d.name} version ${documentVersion} is still ${status} after ${(0,src_log/* formatDuration */.a3)(elapsed)}; it may yet become Active: check with aws ssm describe-document --name ${d.name} --document-version ${documentVersion} --region ${d.region}`, status);
        await (0,limit/* sleep */.yy)(Math.min(wait, opts.activeTimeoutMs - elapsed));
        wait = Math.min(Math.round(wait * 1.5), opts.maxPollIntervalMs);
    }
}
async function setDefault(d, documentVersion) {
    await call(d, 'UpdateDocumentDefaultVersion', () => d.ssm.send(new client_ssm_dist_cjs/* UpdateDocumentDefaultVersionCommand */.hR_({ Name: d.name, DocumentVersion: documentVersion })));
}
/** Deletes one version, or the whole document when documentVersion is undefined. */
async function deleteVersion(d, documentVersion) {
    await call(d, 'DeleteDocument', () => d.ssm.send(new client_ssm_dist_cjs/* DeleteDocumentCommand */.SiM({
        Name: d.name,
        ...(documentVersion ? { DocumentVersion: documentVersion } : {}),
    })));
}
/** Shares the document with the accounts (at most 20 per call; "all" makes it public). */
async function share(d, accounts) {
    if (!accounts.length)
        return [];
    const list = accounts.includes('all') ? ['all'] : [...accounts];
    if (list[0] === 'all')
        d.log.warning(`${d.name} is shared with ALL AWS accounts (share-with-accounts: all): any account can see and may install it, and Uptycs installers carry your tenant's enrollment secrets`);
    for (const group of chunk(list, 20))
        await call(d, 'ModifyDocumentPermission', () => d.ssm.send(new client_ssm_dist_cjs/* ModifyDocumentPermissionCommand */.QCi({
            Name: d.name,
            PermissionType: 'Share',
            AccountIdsToAdd: group,
        })));
    return list;
}

;// CONCATENATED MODULE: ./src/publish/region.ts
/**
 * Publishing to one region, in the order that keeps every published version installable:
 * look at the document first (an identical version means done, a different one means stop), then
 * upload and verify every file, and only then add the document version and wait until it is Active.
 * Old versions are deleted only to make room, and their files are never touched.
 */








/** The objects of a package version: every zip, then manifest.json. */
function uploadItems(pkg, prefix) {
    const manifest = Buffer.from(pkg.manifestText, 'utf8');
    const manifestName = external_node_path_default().basename(pkg.manifestPath) || 'manifest.json';
    return [
        ...pkg.files.map((f) => ({
            name: f.name,
            key: `${prefix}${f.name}`,
            sha256: f.sha256,
            size: f.size,
            contentType: 'application/zip',
            path: f.path,
        })),
        {
            name: manifestName,
            key: `${prefix}${manifestName}`,
            sha256: (0,external_node_crypto_.createHash)('sha256').update(manifest).digest('hex'),
            size: manifest.length,
            contentType: 'application/json',
            data: manifest,
        },
    ];
}
/** Publishes the package to one region. Never throws: a failure is reported in the result. */
async function publishRegion(ctx) {
    const { pkg, inputs, region, session, log, env, opts } = ctx;
    const t0 = performance.now();
    const account = session.account;
    const bucket = bucketName(inputs.s3Bucket, account, region);
    const prefix = keyPrefix(inputs.s3Prefix, pkg.packageName, pkg.version);
    const uri = sourceUrl(bucket, prefix);
    const result = {
        region,
        ok: false,
        account,
        bucket,
        prefix,
        s3Uri: uri,
        documentName: pkg.packageName,
        documentVersion: '',
        versionName: pkg.version,
        documentArn: documentArn(region, account, pkg.packageName),
        status: '',
        alreadyPublished: false,
        uploadedFiles: [],
        uploadedBytes: 0,
        skippedFiles: [],
        skippedBytes: 0,
        defaultVersion: false,
        sharedAccounts: [],
        deletedVersions: [],
        durationMs: 0,
    };
    const settings = {
        region,
        env,
        maxAttempts: opts.maxAttempts,
        debug: (m) => log.debug(m),
        ...(session.credentials ? { credentials: session.credentials } : {}),
    };
    const ssm = ssmClient(settings);
    const s3 = s3Client(settings);
    const doc = { ssm, name: pkg.packageName, region, account, principal: session.principal, log };
    const target = {
        s3,
        bucket,
        prefix,
        account,
        region,
        principal: session.principal,
        log,
    };
    try {
        const bp = bucketNameProblem(bucket);
        if (bp)
            throw new errors/* UserError */.yo(`input "s3-bucket": ${bp}`);
        log.info(`publishing ${pkg.packageName} ${pkg.version}: files to ${uri}/, document ${result.documentArn}`);
        // 1. The document as it is: an existing version with our name decides everything.
        let versions = await listVersions(doc);
        let action = documentAction(versions, pkg.version);
        if (action.kind === 'exists') {
            const v = action.version;
            const content = await getContent(doc, v.documentVersion);
            if (!sameContent(content, pkg.manifestText))
                throw new errors/* UserError */.yo(`input "package-version": ${pkg.packageName} version ${pkg.version} already exists in ${region} (document version ${v.documentVersion}) with a different manifest; published versions are never changed. Choose a new package-version.`);
            result.documentVersion = v.documentVersion;
            result.status = v.status ?? '';
            if (v.status === 'Failed') {
                // A version that failed installs nothing: remove it and publish it again.
                log.warning(`${pkg.packageName} version ${pkg.version} exists but Failed earlier (${v.statusInformation ?? 'no details'}); deleting it and publishing again`);
                if (v.isDefault && versions.length > 1)
                    throw new Error(`${pkg.packageName} version ${pkg.version} (document version ${v.documentVersion}) Failed and is the default version; set another default version, then re-run`);
                await deleteVersion(doc, versions.length === 1 ? undefined : v.documentVersion);
                versions = versions.length === 1 ? undefined : versions.filter((x) => x !== v);
                action = versions ? { kind: 'update', makeRoom: versionsToMakeRoom(versions) } : { kind: 'create' };
                result.documentVersion = '';
                result.status = '';
            }
            else {
                log.info(`${pkg.packageName} version ${pkg.version} is already published (document version ${v.documentVersion}, same manifest): nothing to upload`);
                if (v.status && v.status !== 'Active')
                    result.status = await waitActiveStatus(doc, v.documentVersion, uri, opts, result);
                result.alreadyPublished = true;
            }
        }
        if (action.kind !== 'exists') {
            // 2. Every file in S3 and verified before any document version points at them.
            const where = await ensureBucket(target);
            if (where === 'existing')
                log.debug(`bucket ${bucket} exists`);
            const items = uploadItems(pkg, prefix);
            const up = await uploadAll(target, items, opts, ctx.parts);
            result.uploadedFiles = up.uploaded.map((i) => i.name);
            result.uploadedBytes = up.uploaded.reduce((n, i) => n + i.size, 0);
            result.skippedFiles = up.skipped.map((i) => i.name);
            result.skippedBytes = up.skipped.reduce((n, i) => n + i.size, 0);
            await verifyAll(target, items, opts);
            // 3. Room under Distributor's limit, then the new version.
            if (action.kind === 'update')
                for (const old of action.makeRoom) {
                    log.info(`deleting document version ${describeVersion(old)} to make room (Distributor keeps at most ${distributor/* LIMITS */.b1.versionsPerPackage} versions); its S3 files are kept`);
                    await deleteVersion(doc, old.documentVersion);
                    result.deletedVersions.push(describeVersion(old));
                }
            const created = await addVersion(doc, { content: pkg.manifestText, versionName: pkg.version, sourceUrl: uri }, action.kind === 'update');
            result.documentVersion = created.DocumentVersion ?? '';
            result.status = created.Status ?? '';
            log.info(`${action.kind === 'create' ? 'created' : 'updated'} ${pkg.packageName}: document version ${result.documentVersion} (${pkg.version}), source ${uri}`);
            if (!result.documentVersion)
                throw new Error('SSM returned no document version');
            result.status = await waitActiveStatus(doc, result.documentVersion, uri, opts, result);
        }
        // 4. Default version and sharing (also on a re-run, so that an interrupted run converges).
        const now = (await listVersions(doc)) ?? [];
        const mine = now.find((v) => v.documentVersion === result.documentVersion);
        if (inputs.setDefaultVersion && mine && !mine.isDefault) {
            await setDefault(doc, result.documentVersion);
            log.info(`default version of ${pkg.packageName} is now ${result.documentVersion} (${pkg.version})`);
            for (const v of now)
                v.isDefault = v === mine;
        }
        result.defaultVersion = Boolean(mine?.isDefault);
        result.sharedAccounts = await share(doc, inputs.shareWithAccounts);
        if (result.sharedAccounts.length)
            log.info(`${pkg.packageName} shared with ${result.sharedAccounts.join(', ')}`);
        // 5. Keep at most max-versions: the oldest versions that are not the default go.
        await prune(doc, now, inputs.maxVersions, result);
        result.ok = true;
    }
    catch (err) {
        result.ok = false;
        result.error = (0,errors/* errorMessage */.gJ)(err);
        log.error(result.error);
    }
    finally {
        ssm.destroy();
        s3.destroy();
        result.durationMs = Math.round(performance.now() - t0);
    }
    return result;
}
/** waitActive, keeping the last status seen in the result when it throws. */
async function waitActiveStatus(doc, documentVersion, uri, opts, result) {
    try {
        return (await waitActive(doc, documentVersion, uri, opts)).Status ?? '';
    }
    catch (err) {
        if (err instanceof DocumentStatusError)
            result.status = err.status;
        throw err;
    }
}
async function prune(doc, versions, keep, result) {
    for (const old of versionsToDelete(versions, keep, [result.documentVersion])) {
        try {
            await deleteVersion(doc, old.documentVersion);
            result.deletedVersions.push(describeVersion(old));
            doc.log.info(`deleted document version ${describeVersion(old)} (max-versions ${keep}); its S3 files are kept`);
        }
        catch (err) {
            doc.log.warning(`could not delete old document version ${describeVersion(old)}: ${(0,errors/* errorMessage */.gJ)(err)}`);
        }
    }
}

;// CONCATENATED MODULE: ./src/publish/types.ts
const DEFAULT_PUBLISH_OPTIONS = {
    pollIntervalMs: 2000,
    maxPollIntervalMs: 15_000,
    activeTimeoutMs: 15 * 60_000,
    multipartThreshold: 64 * 1024 * 1024,
    partSize: 16 * 1024 * 1024,
    fileConcurrency: 4,
    partConcurrency: 6,
    maxAttempts: 6,
    uploadAttempts: 4,
    retryBaseMs: 1000,
};

;// CONCATENATED MODULE: ./src/publish/index.ts
/**
 * Publish stage: puts a built package into S3 and an SSM Distributor Package document, in every
 * region of the aws-region input, in parallel. See region.ts for the order of the steps.
 */








/** A Log whose lines start with a tag, for stages running side by side. */
function taggedLog(log, tag) {
    const t = (m) => `[${tag}] ${m}`;
    return {
        info: (m) => log.info(t(m)),
        debug: (m) => log.debug(t(m)),
        notice: (m, l) => log.notice(t(m), l),
        warning: (m, l) => log.warning(t(m), l),
        error: (m, l) => log.error(t(m), l),
        group: (name, fn) => log.group(t(name), fn),
        setSecret: (s) => log.setSecret(s),
    };
}
function checkPackage(pkg, inputs) {
    const problems = [
        (0,distributor/* packageNameProblem */.Te)(pkg.packageName) && `input "package-name": ${(0,distributor/* packageNameProblem */.Te)(pkg.packageName)}`,
        (0,distributor/* versionNameProblem */.xd)(pkg.version) && `input "package-version": ${(0,distributor/* versionNameProblem */.xd)(pkg.version)}`,
        !inputs.awsRegions.length && 'input "aws-region": give at least one region',
    ].filter((p) => Boolean(p));
    if (problems.length)
        throw new errors/* UserError */.yo(problems.join('\n'), problems.map((message) => ({ message })));
}
/**
 * Publishes the package to every region of inputs.awsRegions, in parallel. Returns one result per
 * region (in input order); a region's failure is in its result, never thrown. Throws (UserError) only
 * for what stops every region before any AWS change: a bad package name, or no usable credentials.
 */
async function publishPackage(pkg, inputs, deps) {
    checkPackage(pkg, inputs);
    const { log } = deps;
    const env = deps.env ?? process.env;
    const opts = { ...DEFAULT_PUBLISH_OPTIONS, ...deps.options };
    const session = await openSession({
        inputs,
        log,
        env,
        maxAttempts: opts.maxAttempts,
        retryBaseMs: opts.retryBaseMs,
        ...(deps.getIdToken ? { getIdToken: deps.getIdToken } : {}),
    });
    if (inputs.awsRegions.length > 1 && inputs.s3Bucket && !inputs.s3Bucket.includes('{region}'))
        log.warning(`input "s3-bucket": ${inputs.s3Bucket} has no {region}, so all ${inputs.awsRegions.length} regions share one bucket in one region; opt-in regions need a bucket of their own`);
    const parts = new limit/* Semaphore */.jf(opts.partConcurrency);
    const results = await Promise.all(inputs.awsRegions.map((region) => publishRegion({ pkg, inputs, region, session, log: taggedLog(log, region), env, opts, parts })));
    for (const r of results)
        if (r.ok)
            log.info(`[${r.region}] ${r.alreadyPublished ? 'already published' : 'published'}: ${r.documentArn} version ${r.documentVersion} (${r.versionName}), ${r.s3Uri}, ${(0,src_log/* formatDuration */.a3)(r.durationMs)}`);
    return results;
}
/** The error that fails the step when some region failed (undefined when all succeeded). */
function publishError(results) {
    const failed = results.filter((r) => !r.ok);
    if (!failed.length)
        return undefined;
    const lines = failed.map((r) => `  ${r.region}: ${r.error ?? 'failed'}`);
    const ok = results.filter((r) => r.ok).map((r) => r.region);
    return new Error(`publishing failed in ${failed.length} of ${results.length} region${results.length > 1 ? 's' : ''}:\n${lines.join('\n')}${ok.length ? `\n  published: ${ok.join(', ')}` : ''}`);
}
/**
 * Step outputs, as action.yml declares them: with one region the plain values; with several, each
 * output is a JSON object keyed by region (a failed region has '' where nothing was published).
 */
function publishOutputs(results) {
    if (!results.length)
        return {};
    const fields = {
        's3-uri': (r) => r.s3Uri,
        'document-name': (r) => r.documentName,
        'document-version': (r) => r.documentVersion,
        'document-arn': (r) => r.documentArn,
    };
    const out = {};
    for (const [name, get] of Object.entries(fields))
        out[name] =
            results.length === 1
                ? get(results[0])
                : JSON.stringify(Object.fromEntries(results.map((r) => [r.region, get(r)])));
    return out;
}
const esc = (s) => s.replace(/[&<>|`*_[\]\\]/g, (c) => c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : `\\${c}`);
/** A markdown table of the regions for the job summary. */
function publishMarkdown(results) {
    const rows = results.map((r) => [
        esc(r.region),
        r.ok
            ? r.alreadyPublished
                ? '✅ already published'
                : '✅ published'
            : `❌ ${esc(r.error ?? 'failed')}`,
        `\`${r.documentArn}\``,
        r.documentVersion
            ? `${esc(r.documentVersion)} (${esc(r.versionName)})${r.defaultVersion ? ', default' : ''}`
            : '—',
        `\`${r.s3Uri}\``,
        `${r.uploadedFiles.length} (${(0,src_log/* formatBytes */.z3)(r.uploadedBytes)})`,
        `${r.skippedFiles.length} (${(0,src_log/* formatBytes */.z3)(r.skippedBytes)})`,
        r.sharedAccounts.length ? esc(r.sharedAccounts.join(', ')) : '—',
        (0,src_log/* formatDuration */.a3)(r.durationMs),
    ].join(' | '));
    return [
        '| Region | Result | Document | Version | Files | Uploaded | Already there | Shared with | Time |',
        '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
        ...rows.map((r) => `| ${r} |`),
    ].join('\n');
}
/**
 * The publish dependency of the core (CoreDeps.publish): publishes, and returns summary sections,
 * step outputs, the results for report.json, and the error that fails the step when a region failed.
 */
function publishStage(deps) {
    return async (pkg, inputs) => {
        const results = await publishPackage(pkg, inputs, deps);
        const error = publishError(results);
        return {
            sections: [{ title: 'Published to AWS', markdown: publishMarkdown(results) }],
            outputs: publishOutputs(results),
            results,
            ...(error ? { error } : {}),
        };
    };
}


/***/ })

};
