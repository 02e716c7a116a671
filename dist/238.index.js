export const id = 238;
export const ids = [238];
export const modules = {

/***/ 8857:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  DEFAULT_PUBLISH_OPTIONS: () => (/* reexport */ types/* DEFAULT_PUBLISH_OPTIONS */.T),
  publishError: () => (/* binding */ publishError),
  publishMarkdown: () => (/* binding */ publishMarkdown),
  publishOutputs: () => (/* binding */ publishOutputs),
  publishPackage: () => (/* binding */ publishPackage),
  publishStage: () => (/* binding */ publishStage),
  taggedLog: () => (/* binding */ taggedLog)
});

// EXTERNAL MODULE: ./src/common/names.ts
var names = __webpack_require__(3117);
// EXTERNAL MODULE: ./src/common/errors.ts
var errors = __webpack_require__(1922);
// EXTERNAL MODULE: ./src/common/markdown.ts
var markdown = __webpack_require__(3932);
// EXTERNAL MODULE: ./src/common/log.ts
var common_log = __webpack_require__(1095);
// EXTERNAL MODULE: ./src/common/limit.ts
var limit = __webpack_require__(1398);
// EXTERNAL MODULE: ./src/publish/plan.ts
var plan = __webpack_require__(7872);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/plan/distributor.ts
var distributor = __webpack_require__(2690);
// EXTERNAL MODULE: ./src/publish/clients.ts
var clients = __webpack_require__(8031);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-s3/dist-cjs/index.js
var dist_cjs = __webpack_require__(3711);
// EXTERNAL MODULE: ./node_modules/p-retry/index.js + 1 modules
var p_retry = __webpack_require__(4995);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: ./src/common/cancel.ts
var cancel = __webpack_require__(551);
// EXTERNAL MODULE: ./src/publish/version-name.ts
var version_name = __webpack_require__(91);
;// CONCATENATED MODULE: ./src/publish/s3.ts
/**
 * S3 side of publishing: the package files under the version's prefix (the bucket itself: bucket.ts).
 * Objects are written only when absent (If-None-Match: *), with a SHA-256 that S3 checks; an object
 * that is already there is compared, never replaced.
 */












/** The version name in a package version's key prefix (its last part: uptycs/UptycsAgent/5.7.0.25/). */
const versionOf = (prefix) => prefix.split('/').filter(Boolean).pop() ?? 'version';
const s3Uri = (t, key = '') => `s3://${t.bucket}/${key}`;
function isNotFound(err) {
    return (0,plan/* httpStatus */.nG)(err) === 404 || /NotFound|NoSuchKey|NoSuchBucket/.test((0,plan/* awsErrorName */.ZH)(err));
}
/** The write's condition did not hold (412): someone else's object is at the key, or not the one we read. */
function isConditionFailed(err) {
    return (0,plan/* httpStatus */.nG)(err) === 412 || (0,plan/* awsErrorName */.ZH)(err) === 'PreconditionFailed';
}
/**
 * 409 ConditionalRequestConflict: another write to the key was in flight while S3 checked the
 * condition. S3 documents it as "retry": it says nothing of what the key holds.
 */
function isConditionalConflict(err) {
    return (0,plan/* awsErrorName */.ZH)(err) === 'ConditionalRequestConflict';
}
/** Throttling, 5xx, timeouts, network errors and conditional-write conflicts: worth another attempt. */
function isRetryableS3(err) {
    const name = (0,plan/* awsErrorName */.ZH)(err);
    const status = (0,plan/* httpStatus */.nG)(err);
    if (isConditionalConflict(err))
        return true;
    if (status === undefined)
        return /ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|socket|network|TimeoutError|RequestTimeout/i.test(`${name} ${(0,errors/* errorMessage */.gJ)(err)}`);
    return status >= 500 || status === 429 || /SlowDown|RequestTimeout|Throttl/i.test(name);
}
/** HeadObject with checksums; undefined when there is no object at the key. */
async function headObject(t, key) {
    try {
        const h = await t.s3.send(new dist_cjs/* HeadObjectCommand */.l81({
            Bucket: t.bucket,
            Key: key,
            ChecksumMode: 'ENABLED',
            ExpectedBucketOwner: t.account,
        }));
        return {
            ...(h.ContentLength !== undefined ? { size: h.ContentLength } : {}),
            ...(h.Metadata ? { metadata: h.Metadata } : {}),
            ...(h.ChecksumSHA256 ? { checksumSha256: h.ChecksumSHA256 } : {}),
            ...(h.ChecksumType ? { checksumType: h.ChecksumType } : {}),
            ...(h.ETag ? { etag: h.ETag } : {}),
        };
    }
    catch (err) {
        if (isNotFound(err))
            return undefined;
        throw (0,plan/* awsFailure */.MT)(err, 's3:GetObject', s3Uri(t, key), t.principal);
    }
}
/** Hashes an object's content by streaming it (for objects written without a checksum we can read). */
async function hashObject(t, key) {
    try {
        const out = await t.s3.send(new dist_cjs/* GetObjectCommand */.jLs({ Bucket: t.bucket, Key: key, ExpectedBucketOwner: t.account }));
        const hash = (0,external_node_crypto_.createHash)('sha256');
        for await (const chunk of out.Body)
            hash.update(chunk);
        return hash.digest('hex');
    }
    catch (err) {
        throw (0,plan/* awsFailure */.MT)(err, 's3:GetObject', s3Uri(t, key), t.principal);
    }
}
/** Whether the object at the key holds the item's bytes (undefined when there is none), and its ETag. */
async function existingMatches(t, item) {
    const obj = await headObject(t, item.key);
    if (!obj)
        return { same: undefined };
    const etag = obj.etag ? { etag: obj.etag } : {};
    const verdict = (0,plan/* compareExisting */.xE)(obj, item.sha256, item.size);
    if (verdict !== 'unknown')
        return { same: verdict === 'same', ...etag };
    return { same: (await hashObject(t, item.key)) === item.sha256.toLowerCase(), ...etag };
}
/**
 * An object at a key holds other bytes than the item's, and this run may not replace it (or another
 * writer got there between our read and our write): the sends of a pipelined run (early.ts) leave
 * such an item to the region's own steps, which decide under the folder's claim.
 */
class TakenKey extends errors/* UserError */.yo {
}
/** The race() error: another writer changed the key between our read and our conditional write. */
class KeyRace extends Error {
}
function conflict(t, item) {
    const why = t.sharedBucket
        ? ` (${(0,names/* ref */.KR)('s3-bucket')} has no {region}, so a document in another region may name this file: one version name has one content everywhere)`
        : '';
    return new TakenKey(`${(0,names/* ref */.KR)('version-name')}: ${s3Uri(t, item.key)} already holds a different ${item.name} than this build (SHA-256 ${item.sha256})${why}. Published files are never overwritten. If this version was already published with other content, publish the changed build under a new version name, e.g. ${(0,names/* refValue */.vI)('version-name', (0,version_name/* nextVersionName */.d)(versionOf(t.prefix)))}; if that object was changed after it was published (its bytes are not the ones the published manifest names), remove it (aws s3 rm ${s3Uri(t, item.key)}) and run again.`);
}
/** Another writer changed the object between our read and our conditional write. */
function race(t, item) {
    return new KeyRace(`${s3Uri(t, item.key)} was written by someone else while this run was uploading ${item.name} (another run publishing the same version with other content at the same time); nothing was overwritten. Re-run when the other run has finished.`);
}
/**
 * Runs `attempt`, then again while `retryable` says so of its error (opts.uploadAttempts in all,
 * backing off from opts.retryBaseMs); any other error ends it at once. `said` tells of each failure.
 */
function retryWhen(opts, retryable, said, attempt) {
    return (0,p_retry/* default */.Ay)(async () => {
        try {
            return await attempt();
        }
        catch (err) {
            if (retryable(err))
                throw err;
            throw new p_retry/* AbortError */.lc(err);
        }
    }, {
        retries: opts.uploadAttempts - 1,
        minTimeout: opts.retryBaseMs,
        onFailedAttempt: ({ error, attemptNumber }) => said(error, attemptNumber),
    });
}
/** One upload again on a retryable S3 error; `what` names it in the debug log. */
function uploadRetry(t, opts, what, attempt) {
    return retryWhen(opts, isRetryableS3, (error, n) => t.log.debug(`upload of ${what} attempt ${n} failed: ${(0,errors/* errorMessage */.gJ)(error)}`), attempt);
}
/**
 * A conditional write again while S3 answers ConditionalRequestConflict (409: another write to the key
 * was in flight), up to opts.uploadAttempts in all; the condition decides on the next attempt.
 */
function retryConflict(t, opts, what, attempt) {
    return retryWhen(opts, isConditionalConflict, (_error, n) => t.log.info(`${what}: S3 answered ConditionalRequestConflict (attempt ${n}); trying again`), attempt);
}
async function putSingle(t, item, opts, condition) {
    const base = {
        Bucket: t.bucket,
        Key: item.key,
        ContentType: item.contentType,
        ContentLength: item.size,
        ChecksumAlgorithm: 'SHA256',
        ChecksumSHA256: (0,plan/* sha256Base64 */.TZ)(item.sha256),
        Metadata: { [plan/* SHA256_METADATA */.yn]: item.sha256 },
        ...condition,
        ExpectedBucketOwner: t.account,
    };
    // The SDK does not retry a stream body (it cannot be replayed): each attempt here opens the file again.
    await uploadRetry(t, opts, item.name, async () => {
        const Body = item.data ?? (0,external_node_fs_.createReadStream)(item.path);
        await t.s3.send(new dist_cjs/* PutObjectCommand */.wKZ({ ...base, Body }), { abortSignal: (0,cancel/* cancelSignal */.Bj)() });
    });
}
/**
 * Reads `length` bytes at `position` through `buf` (short reads are continued), handing each chunk
 * to the hashes: the part's and the whole file's.
 */
async function hashRange(fh, buf, position, length, hashes) {
    for (let done = 0; done < length;) {
        const want = Math.min(buf.length, length - done);
        const { bytesRead } = await fh.read(buf, 0, want, position + done);
        if (bytesRead === 0)
            throw new Error(`file ended early at byte ${position + done}`);
        for (const h of hashes)
            h.update(buf.subarray(0, bytesRead));
        done += bytesRead;
    }
}
/**
 * Multipart upload: each part is hashed from disk (the whole file's SHA-256 on the way), then streamed
 * from disk with that SHA-256, which S3 checks; parts go up in parallel. No part is held in memory, so
 * memory stays the same whatever the part size, the number of parts in flight or the file's size.
 * The upload is completed only when the file's hash matches the manifest's, and aborted on failure.
 */
async function putMultipart(t, item, opts, parts, condition) {
    const upload = await startMultipart(t, item);
    // A cancelled run aborts the upload, so that no invisible parts are left behind.
    const forget = (0,cancel/* onCancel */.Ao)(upload.abort);
    const fh = await (0,promises_.open)(item.path, 'r');
    try {
        const { done, hex } = await uploadParts(t, item, opts, parts, upload.uploadId, fh);
        if (hex !== item.sha256.toLowerCase())
            throw new Error(`${item.path} changed on disk after the package was built (SHA-256 ${hex}, manifest says ${item.sha256}); rebuild the package`);
        await retryConflict(t, opts, `completing ${item.name}`, () => completeMultipart(t, item, upload.uploadId, done, condition));
    }
    catch (err) {
        await upload
            .abort()
            .catch((e) => t.log.warning(`could not abort the multipart upload of ${item.key}: ${(0,errors/* errorMessage */.gJ)(e)}`));
        throw err;
    }
    finally {
        forget();
        await fh.close();
    }
}
/** CreateMultipartUpload with SHA-256 checksums; returns its id and how to abort it. */
async function startMultipart(t, item) {
    const created = await t.s3.send(new dist_cjs/* CreateMultipartUploadCommand */.nG4({
        Bucket: t.bucket,
        Key: item.key,
        ContentType: item.contentType,
        ChecksumAlgorithm: 'SHA256',
        Metadata: { [plan/* SHA256_METADATA */.yn]: item.sha256 },
        ExpectedBucketOwner: t.account,
    }));
    const uploadId = created.UploadId;
    const abort = () => t.s3.send(new dist_cjs/* AbortMultipartUploadCommand */.tfP({
        Bucket: t.bucket,
        Key: item.key,
        UploadId: uploadId,
        ExpectedBucketOwner: t.account,
    }));
    return { uploadId, abort };
}
/**
 * Hashes the parts one after the other, each holding a slot of the part semaphore from its hashing
 * until its upload ends; stops at the first failed part. Returns the parts and the file's SHA-256.
 */
async function uploadParts(t, item, opts, parts, uploadId, fh) {
    const whole = (0,external_node_crypto_.createHash)('sha256');
    const buf = Buffer.allocUnsafe(Math.min(1 << 20, opts.partSize));
    const done = [];
    const running = [];
    let failed;
    for (let offset = 0, n = 1; offset < item.size && !failed; offset += opts.partSize, n++) {
        await parts.acquire();
        if (failed) {
            parts.release();
            break;
        }
        const length = Math.min(opts.partSize, item.size - offset);
        const part = (0,external_node_crypto_.createHash)('sha256');
        try {
            await hashRange(fh, buf, offset, length, [whole, part]);
        }
        catch (err) {
            parts.release();
            throw err;
        }
        const sum = part.digest('base64');
        const partNumber = n;
        running.push(uploadPart(t, item, opts, { uploadId, partNumber, offset, length, sum })
            .then((ETag) => {
            done.push({ PartNumber: partNumber, ETag, ChecksumSHA256: sum });
        })
            .catch((error) => {
            failed ??= { error };
        })
            .finally(() => parts.release()));
    }
    await Promise.all(running);
    if (failed)
        throw failed.error;
    done.sort((a, b) => a.PartNumber - b.PartNumber);
    return { done, hex: whole.digest('hex') };
}
/**
 * One part, streamed from the file. The SDK cannot replay a stream, so each attempt here opens the
 * range again; bytes that changed since they were hashed fail S3's check of the part's SHA-256.
 */
async function uploadPart(t, item, opts, p) {
    return uploadRetry(t, opts, `${item.name} part ${p.partNumber}`, async () => {
        const Body = (0,external_node_fs_.createReadStream)(item.path, { start: p.offset, end: p.offset + p.length - 1 });
        try {
            const r = await t.s3.send(new dist_cjs/* UploadPartCommand */.iVK({
                Bucket: t.bucket,
                Key: item.key,
                UploadId: p.uploadId,
                PartNumber: p.partNumber,
                Body,
                ContentLength: p.length,
                ChecksumAlgorithm: 'SHA256',
                ChecksumSHA256: p.sum,
                ExpectedBucketOwner: t.account,
            }), { abortSignal: (0,cancel/* cancelSignal */.Bj)() });
            return r.ETag;
        }
        catch (err) {
            Body.destroy();
            throw err;
        }
    });
}
async function completeMultipart(t, item, uploadId, done, condition) {
    await t.s3.send(new dist_cjs/* CompleteMultipartUploadCommand */.Gym({
        Bucket: t.bucket,
        Key: item.key,
        UploadId: uploadId,
        MultipartUpload: { Parts: done },
        ...condition,
        ExpectedBucketOwner: t.account,
    }));
}
/**
 * The condition of writing an item that is not there with its bytes: the key is empty, or holds
 * another object that may be replaced (see S3Target.mayReplace); otherwise the conflict is thrown.
 */
function writeCondition(t, item, before) {
    if (before.same !== false)
        return { IfNoneMatch: '*' };
    if (!t.mayReplace || !before.etag)
        throw conflict(t, item);
    t.log.warning(`${s3Uri(t, item.key)} holds another ${item.name} that no document version points at (left by a run that never published this version); replacing it`);
    return { IfMatch: before.etag };
}
async function uploadOne(t, item, opts, parts) {
    const before = await existingMatches(t, item);
    if (before.same === true) {
        t.log.info(`${item.name}: already in ${s3Uri(t, item.key)} with the same SHA-256, not uploaded again`);
        return 'skipped';
    }
    const condition = writeCondition(t, item, before);
    const t0 = performance.now();
    try {
        if (!item.data && item.size >= opts.multipartThreshold)
            await putMultipart(t, item, opts, parts, condition);
        else
            await putSingle(t, item, opts, condition);
    }
    catch (err) {
        if (isConditionFailed(err)) {
            // Someone wrote the key since we looked (a parallel region sharing the bucket, another run), or
            // our own write landed and its answer was lost.
            const now = await existingMatches(t, item);
            if (now.same === true)
                return 'skipped';
            throw race(t, item);
        }
        if (err instanceof errors/* UserError */.yo || (err instanceof Error && !('$metadata' in err)))
            throw err;
        throw (0,plan/* awsFailure */.MT)(err, 's3:PutObject', s3Uri(t, item.key), t.principal);
    }
    t.log.info(`${item.name}: uploaded ${(0,common_log/* formatBytes */.z3)(item.size)} to ${s3Uri(t, item.key)} in ${Math.round(performance.now() - t0)} ms`);
    return 'uploaded';
}
/** Uploads the items that are not there yet, a few at a time. Fails on the first conflict or error. */
async function uploadAll(t, items, opts, parts) {
    const verdicts = await mapLimit(items, opts.fileConcurrency, (item) => uploadOne(t, item, opts, parts));
    return {
        uploaded: items.filter((_, i) => verdicts[i] === 'uploaded'),
        skipped: items.filter((_, i) => verdicts[i] === 'skipped'),
    };
}
/** Checks that every item is in S3 with its size and SHA-256, before any document points at them. */
async function verifyAll(t, items, opts) {
    await (0,limit/* mapLimit */.sf)(items, opts.fileConcurrency * 2, async (item) => {
        const { same } = await existingMatches(t, item);
        if (same === undefined)
            throw new Error(`${s3Uri(t, item.key)} is missing after the upload`);
        if (!same)
            throw race(t, item);
    });
}

;// CONCATENATED MODULE: ./src/publish/bucket.ts
/**
 * The region's bucket, and the settings the run relies on: public access blocked, default encryption,
 * bucket owner enforced, and a lifecycle rule that aborts incomplete multipart uploads.
 *
 * S3's bucket configuration is eventually consistent: right after CreateBucket a setting may be
 * answered OperationAborted (409, "a conflicting conditional operation is in progress") or
 * NoSuchBucket (404). Both are retried with bounded backoff; any other refusal ends the run with one
 * error naming the setting. A bucket that exists already is read, not trusted: what it lacks is set
 * (public access block, encryption, the lifecycle rule when it has no rules at all) and said, or the
 * run stops before any object is written. What was verified goes into the result (bucketSettings).
 */







/**
 * The lifecycle rule of the buckets this action creates: multipart uploads that a cancelled or killed
 * run left incomplete are aborted after a day (they are invisible, but S3 bills their parts).
 */
const ABORT_INCOMPLETE_UPLOADS = {
    ID: 'abort-incomplete-multipart-uploads',
    Status: 'Enabled',
    Filter: { Prefix: '' },
    AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
};
const PUBLIC_ACCESS_BLOCK = {
    BlockPublicAcls: true,
    IgnorePublicAcls: true,
    BlockPublicPolicy: true,
    RestrictPublicBuckets: true,
};
/** Attempts of one bucket call that S3 answers "not yet" (OperationAborted, NoSuchBucket). */
const SETTLE_ATTEMPTS = 6;
/** S3's "not yet" right after a bucket is created or while another bucket operation runs. */
function isNotSettled(err) {
    const name = (0,plan/* awsErrorName */.ZH)(err);
    return name === 'OperationAborted' || name === 'NoSuchBucket' || ((0,plan/* httpStatus */.nG)(err) === 409 && !name);
}
/**
 * One bucket call, again while S3 says "not yet" (or a retryable error), at most SETTLE_ATTEMPTS
 * times with doubling waits from opts.retryBaseMs (1 s: at most about 31 s in all); any other error at
 * once. Every failed attempt is said at info level: the run goes on only when the call succeeded.
 */
function settled(t, opts, what, fn) {
    return (0,p_retry/* default */.Ay)(async () => {
        try {
            return await fn();
        }
        catch (err) {
            if (isNotSettled(err) || isRetryableS3(err))
                throw err;
            throw new p_retry/* AbortError */.lc(err);
        }
    }, {
        retries: SETTLE_ATTEMPTS - 1,
        minTimeout: opts.retryBaseMs,
        factor: 2,
        onFailedAttempt: ({ error, attemptNumber, retriesLeft }) => {
            if (retriesLeft > 0)
                t.log.info(`${what} on bucket ${t.bucket}: S3 answered ${(0,plan/* awsErrorName */.ZH)(error) || (0,errors/* errorMessage */.gJ)(error)} (attempt ${attemptNumber}); trying again`);
        },
    });
}
/** HeadBucket: true when the account's bucket is there, false when there is none; throws otherwise. */
async function bucketExists(t) {
    const { s3, bucket, region, account, log } = t;
    try {
        const head = await s3.send(new dist_cjs/* HeadBucketCommand */.kuI({ Bucket: bucket, ExpectedBucketOwner: account }));
        if (head.BucketRegion && head.BucketRegion !== region)
            log.warning(`bucket ${bucket} is in ${head.BucketRegion}, not ${region}; Distributor reads the files from there (opt-in regions need a bucket in the same region: put {region} in s3-bucket)`);
        return true;
    }
    catch (err) {
        if ((0,plan/* httpStatus */.nG)(err) === 403)
            throw new errors/* UserError */.yo(`${(0,names/* ref */.KR)('s3-bucket')}: bucket ${bucket} exists but ${t.principal} cannot use it: it belongs to another account, or s3:ListBucket is not granted on arn:aws:s3:::${bucket}. Choose another s3-bucket (the default includes {account}) or grant the permissions in iam/publisher-policy.json`);
        if (!isNotFound(err))
            throw (0,plan/* awsFailure */.MT)(err, 's3:ListBucket', `bucket ${bucket}`, t.principal);
        return false;
    }
}
/**
 * CreateBucket, owner enforced; 'existing' when another region or run created it meanwhile.
 * OperationAborted (the name is being created or deleted elsewhere) is retried.
 */
async function createBucket(t, opts) {
    const { s3, bucket, region, log } = t;
    try {
        await settled(t, opts, 'CreateBucket', () => s3.send(new dist_cjs/* CreateBucketCommand */.cZX({
            Bucket: bucket,
            ObjectOwnership: 'BucketOwnerEnforced',
            ...(region === 'us-east-1'
                ? {}
                : { CreateBucketConfiguration: { LocationConstraint: region } }),
        })));
        return 'created';
    }
    catch (err) {
        const name = (0,plan/* awsErrorName */.ZH)(err);
        if (name === 'BucketAlreadyOwnedByYou') {
            log.info(`bucket ${bucket} was created meanwhile (another region or run)`);
            return 'existing';
        }
        if (name === 'BucketAlreadyExists')
            throw new errors/* UserError */.yo(`${(0,names/* ref */.KR)('s3-bucket')}: the bucket name ${bucket} is taken by another AWS account; choose another name (keep {account} in it)`);
        throw (0,plan/* awsFailure */.MT)(err, 's3:CreateBucket', `bucket ${bucket}`, t.principal);
    }
}
/** A setting that is absent answers a 404 of its own name: undefined; "not yet" and other errors throw. */
async function readSetting(t, opts, action, absent, fn) {
    try {
        return await settled(t, opts, action.replace(/^s3:/, ''), fn);
    }
    catch (err) {
        if ((0,plan/* awsErrorName */.ZH)(err) === absent)
            return undefined;
        throw (0,plan/* awsFailure */.MT)(err, action, `bucket ${t.bucket}`, t.principal);
    }
}
/** A rule that aborts incomplete multipart uploads of the whole bucket. */
const abortsUploads = (rules) => rules.some((r) => r.Status === 'Enabled' &&
    r.AbortIncompleteMultipartUpload?.DaysAfterInitiation !== undefined &&
    !r.Filter?.Prefix &&
    !r.Filter?.Tag &&
    !r.Filter?.And &&
    !r.Prefix);
/** What the bucket holds now, read (each read retried while S3 says "not yet"). */
async function readSettings(t, opts) {
    const owner = { Bucket: t.bucket, ExpectedBucketOwner: t.account };
    const [pab, enc, own, life] = await Promise.all([
        readSetting(t, opts, 's3:GetBucketPublicAccessBlock', 'NoSuchPublicAccessBlockConfiguration', () => t.s3.send(new dist_cjs/* GetPublicAccessBlockCommand */.GLk(owner))),
        readSetting(t, opts, 's3:GetEncryptionConfiguration', 'ServerSideEncryptionConfigurationNotFoundError', () => t.s3.send(new dist_cjs/* GetBucketEncryptionCommand */.tQT(owner))),
        readSetting(t, opts, 's3:GetBucketOwnershipControls', 'OwnershipControlsNotFoundError', () => t.s3.send(new dist_cjs/* GetBucketOwnershipControlsCommand */.$rC(owner))),
        readSetting(t, opts, 's3:GetLifecycleConfiguration', 'NoSuchLifecycleConfiguration', () => t.s3.send(new dist_cjs/* GetBucketLifecycleConfigurationCommand */.iQ1(owner))),
    ]);
    const c = pab?.PublicAccessBlockConfiguration ?? {};
    const algorithm = enc?.ServerSideEncryptionConfiguration?.Rules?.map((r) => r.ApplyServerSideEncryptionByDefault?.SSEAlgorithm)
        .filter(Boolean)
        .join(', ') ?? '';
    return {
        blocked: Object.keys(PUBLIC_ACCESS_BLOCK).every((k) => c[k] === true),
        encryption: algorithm,
        ownerEnforced: Boolean(own?.OwnershipControls?.Rules?.some((r) => r.ObjectOwnership === 'BucketOwnerEnforced')),
        rules: life?.Rules,
    };
}
function fixes(t, want) {
    const owner = { Bucket: t.bucket, ExpectedBucketOwner: t.account };
    const out = [];
    if (!want.blocked)
        out.push({
            problem: 'does not block all public access',
            action: 's3:PutBucketPublicAccessBlock',
            command: `aws s3api put-public-access-block --bucket ${t.bucket} --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true`,
            put: () => t.s3.send(new dist_cjs/* PutPublicAccessBlockCommand */.ZXv({ ...owner, PublicAccessBlockConfiguration: PUBLIC_ACCESS_BLOCK })),
            field: 'publicAccessBlocked',
        });
    if (!want.encryption)
        out.push({
            problem: 'has no default encryption',
            action: 's3:PutEncryptionConfiguration',
            command: `aws s3api put-bucket-encryption --bucket ${t.bucket} --server-side-encryption-configuration '{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"AES256"}}]}'`,
            put: () => t.s3.send(new dist_cjs/* PutBucketEncryptionCommand */.iRK({
                ...owner,
                ServerSideEncryptionConfiguration: {
                    Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
                },
            })),
            field: 'encryption',
        });
    // PutBucketLifecycleConfiguration replaces every rule: only a bucket with none gets ours.
    if (!want.rules?.length)
        out.push({
            problem: 'has no lifecycle rule aborting incomplete multipart uploads',
            action: 's3:PutLifecycleConfiguration',
            command: `aws s3api put-bucket-lifecycle-configuration --bucket ${t.bucket} (see docs/how-it-works.md#publishing-to-aws)`,
            put: () => t.s3.send(new dist_cjs/* PutBucketLifecycleConfigurationCommand */.RJe({
                ...owner,
                LifecycleConfiguration: { Rules: [ABORT_INCOMPLETE_UPLOADS] },
            })),
            field: 'abortsIncompleteUploads',
        });
    return out;
}
/** Sets what is missing, all at once; one error naming the first setting S3 refused (after its retries). */
async function applyFixes(t, opts, list, created) {
    const outcomes = await Promise.allSettled(list.map((f) => settled(t, opts, f.action.replace(/^s3:/, ''), f.put)));
    outcomes.forEach((o, i) => {
        if (o.status === 'fulfilled')
            return;
        const f = list[i];
        const cause = (0,plan/* awsFailure */.MT)(o.reason, f.action, `bucket ${t.bucket}`, t.principal).message;
        throw new errors/* UserError */.yo(created
            ? `${(0,names/* ref */.KR)('s3-bucket')}: bucket ${t.bucket} was created but ${cause}; nothing was uploaded. Re-run (the bucket is checked and completed), or set it by hand: ${f.command}`
            : `${(0,names/* ref */.KR)('s3-bucket')}: bucket ${t.bucket} ${f.problem}, and setting it failed: ${cause}; nothing was uploaded. Set it by hand (${f.command}), then re-run`);
    });
}
/** How long a region waits for the home region to create a bucket that every region shares. */
const HOME_BUCKET_WAIT_MS = 60_000;
/**
 * A bucket every region of the run shares (no {region} in its name) is created in one region only,
 * the first of aws-regions, so that where it lives does not depend on which region got there first;
 * the others wait for it (bounded). True once it exists; throws when it never came.
 */
async function madeInHome(t, opts, home) {
    t.log.info(`bucket ${t.bucket} is shared by every region; waiting for ${home} (the first of ${(0,names/* ref */.KR)('aws-region')}) to create it`);
    const t0 = performance.now();
    for (let wait = opts.retryBaseMs; performance.now() - t0 < HOME_BUCKET_WAIT_MS; wait = Math.min(wait * 2, 2000)) {
        await (0,limit/* sleep */.yy)(wait);
        if (await bucketExists(t))
            return true;
    }
    throw new errors/* UserError */.yo(`${(0,names/* ref */.KR)('s3-bucket')}: bucket ${t.bucket} does not exist; a bucket every region shares (no {region} in its name) is created in ${home}, the first of ${(0,names/* ref */.KR)('aws-region')}, which did not create it (see that region's error). Re-run once ${home} succeeds, or create the bucket yourself`);
}
/**
 * Makes sure the bucket exists, belongs to the account and has the settings the run relies on;
 * creates it when missing. Returns what was verified (and set).
 */
async function ensureBucket(t, opts, home) {
    let created = false;
    if (!(await bucketExists(t)) && !(home && home !== t.region && (await madeInHome(t, opts, home)))) {
        t.log.info(`creating bucket ${t.bucket} in ${t.region} (private, encrypted, bucket owner enforced, incomplete uploads aborted after a day)`);
        created = (await createBucket(t, opts)) === 'created';
    }
    // A bucket created now has none of the settings; the others are read (a read right after a
    // creation may lag: a setting S3 acknowledged is trusted, never read back).
    const now = created
        ? { blocked: false, encryption: '', ownerEnforced: true, rules: undefined }
        : await readSettings(t, opts);
    const list = fixes(t, now);
    if (!created)
        for (const f of list)
            t.log.warning(`bucket ${t.bucket} ${f.problem}; setting it (${f.action})`);
    await applyFixes(t, opts, list, created);
    const settings = {
        how: created ? 'created' : 'verified',
        created,
        publicAccessBlocked: true,
        encryption: now.encryption || 'AES256',
        ownerEnforced: now.ownerEnforced,
        abortsIncompleteUploads: !now.rules?.length || abortsUploads(now.rules),
        repaired: created ? [] : list.map((f) => f.field),
    };
    if (!settings.ownerEnforced)
        t.log.info(`bucket ${t.bucket}: object ownership is not BucketOwnerEnforced (ACLs are enabled); the run's objects are owned by the account all the same`);
    if (!settings.abortsIncompleteUploads)
        t.log.info(`bucket ${t.bucket} has lifecycle rules but none aborts incomplete multipart uploads; add one beside them (docs/how-it-works.md#publishing-to-aws)`);
    return settings;
}

;// CONCATENATED MODULE: ./src/publish/claim.ts
/**
 * The claim of a version's folder: one small object per (bucket, prefix), next to the folder
 * (`uptycs/UptycsAgent/5.7.0.25.claim`: outside the folder a document's SourceUrl names, so no
 * document, no install and no copy of the folder ever reads it). A run holds it from the moment it
 * decides whether objects in the folder may be replaced until its document version is Active, so
 * that no other run replaces the files a document is being made from, and no run makes a document
 * from files another run is replacing. Taken with If-None-Match: * (or If-Match on the ETag of a
 * released or stale claim): of two runs at once, S3 lets exactly one write it.
 *
 * It holds no secret and nothing of the build: a random token, the version name and times.
 * A crashed holder cannot block forever: the holder rewrites the claim every quarter of the lease,
 * and a claim that S3's own clock says has not been rewritten for a whole lease is stale, and taken
 * over with If-Match on its ETag (one taker wins). A holder whose claim was taken over finds out
 * at its next rewrite and creates no document version (check()).
 * Released by a conditional delete (If-Match); with a policy that does not grant s3:DeleteObject on
 * the claim, by rewriting it as released.
 */







/** The key of a version folder's claim: the folder's name with `.claim` (beside it, not in it). */
const claimKey = (prefix) => `${prefix.replace(/\/+$/, '')}.claim`;
/** Metadata that says whether a claim is held or was released. */
const STATE = 'claim-state';
const uri = (p, key) => `s3://${p.bucket}/${key}`;
/** The claim as it is now; undefined when there is none. */
async function readClaim(p, key) {
    const cmd = new dist_cjs/* HeadObjectCommand */.l81({ Bucket: p.bucket, Key: key, ExpectedBucketOwner: p.account });
    let date;
    cmd.middlewareStack.add((next) => async (args) => {
        const out = await next(args);
        const headers = out.response.headers;
        date = headers?.date;
        return out;
    }, { step: 'deserialize', name: 'claimServerDate' });
    let h;
    try {
        h = await p.s3.send(cmd);
    }
    catch (err) {
        if ((0,plan/* httpStatus */.nG)(err) === 404 || /NotFound|NoSuchKey/.test((0,plan/* awsErrorName */.ZH)(err)))
            return undefined;
        throw (0,plan/* awsFailure */.MT)(err, 's3:GetObject', uri(p, key), p.principal);
    }
    const now = date ? Date.parse(date) : NaN;
    const ageMs = h.LastModified && !Number.isNaN(now) ? now - h.LastModified.getTime() : undefined;
    return {
        etag: h.ETag ?? '',
        released: h.Metadata?.[STATE] === 'released',
        ...(ageMs === undefined ? {} : { ageMs }),
    };
}
/** Writes the claim under the condition: its new ETag, or undefined when S3 said the condition failed. */
async function writeClaim(p, key, body, state, condition) {
    try {
        const out = await p.s3.send(new dist_cjs/* PutObjectCommand */.wKZ({
            Bucket: p.bucket,
            Key: key,
            Body: body,
            ContentType: 'application/json',
            Metadata: { [STATE]: state },
            ...condition,
            ExpectedBucketOwner: p.account,
        }));
        return out.ETag ?? '';
    }
    catch (err) {
        const status = (0,plan/* httpStatus */.nG)(err);
        const name = (0,plan/* awsErrorName */.ZH)(err);
        // 412: the condition failed; 409: a write in flight; 404 NoSuchKey: If-Match on a claim deleted
        // meanwhile (a missing bucket is an error, not a claim to wait for).
        if (status === 412 || status === 409 || /PreconditionFailed|ConditionalRequestConflict/.test(name))
            return undefined;
        if ('IfMatch' in condition && (name === 'NoSuchKey' || (status === 404 && !/Bucket/.test(name))))
            return undefined;
        throw (0,plan/* awsFailure */.MT)(err, 's3:PutObject', uri(p, key), p.principal);
    }
}
/**
 * Takes the claim of the place's version folder, waiting while another run holds it (and rewrites
 * it), up to opts.claimWaitMs; a stale claim is taken over.
 */
async function takeClaim(p, version, opts) {
    try {
        return await waitAndTake(p, version, opts);
    }
    catch (err) {
        p.s3.destroy();
        throw err;
    }
}
async function waitAndTake(p, version, opts) {
    const key = claimKey(p.prefix);
    const token = (0,external_node_crypto_.randomUUID)();
    const body = (state) => JSON.stringify({
        claim: 'uptycs-distributor-action',
        version,
        token,
        state,
        at: new Date().toISOString(),
        leaseSeconds: Math.round(opts.claimLeaseMs / 1000),
    });
    const t0 = performance.now();
    let condition = { IfNoneMatch: '*' };
    let said = false;
    /** Local fallback when S3 gives no Date: a claim whose ETag stays the same for a lease is stale. */
    let watched;
    const tooLong = () => {
        const waited = performance.now() - t0;
        if (waited > opts.claimWaitMs)
            throw new errors/* UserError */.yo(`${(0,names/* ref */.KR)('version-name')}: another run has been publishing ${version} to s3://${p.bucket}/${p.prefix} for over ${Math.round(waited / 60_000)} min (it holds ${uri(p, key)} and keeps renewing it); nothing was written. Re-run when that run has finished, or publish this build under another version name.`);
    };
    for (let wait = opts.pollIntervalMs, tries = 0;; tries++) {
        // A claim given up (or found stale) between our write and our read is tried for again at once,
        // then after a pause: never a loop without one.
        if (tries > 1) {
            tooLong();
            await (0,limit/* sleep */.yy)(opts.pollIntervalMs);
        }
        const etag = await writeClaim(p, key, body('held'), 'held', condition);
        if (etag !== undefined)
            return holding(p, key, etag, body, opts);
        for (;;) {
            const seen = await readClaim(p, key);
            if (!seen) {
                condition = { IfNoneMatch: '*' };
                break;
            }
            if (watched?.etag !== seen.etag)
                watched = { etag: seen.etag, since: performance.now() };
            const stale = (seen.ageMs ?? performance.now() - watched.since) > opts.claimLeaseMs;
            if (seen.released || stale) {
                if (stale && !seen.released)
                    p.log.warning(`${uri(p, key)} was last renewed over ${Math.round(opts.claimLeaseMs / 1000)} s ago (a run that stopped without releasing it): taking it over`);
                condition = { IfMatch: seen.etag };
                break;
            }
            tries = 0;
            tooLong();
            if (!said) {
                said = true;
                p.log.info(`waiting for another run that is publishing ${version} to s3://${p.bucket}/${p.prefix} (it holds ${uri(p, key)}); this run writes nothing there until it has finished`);
            }
            await (0,limit/* sleep */.yy)(wait);
            wait = Math.min(wait * 2, opts.maxPollIntervalMs);
        }
    }
}
/** The claim once taken: renewed every quarter of the lease until released. */
function holding(p, key, first, body, opts) {
    let etag = first;
    let lost = false;
    let done = false;
    let chain = Promise.resolve();
    const renew = async () => {
        if (lost || done)
            return;
        try {
            const next = await writeClaim(p, key, body('held'), 'held', { IfMatch: etag });
            if (next === undefined)
                lost = true;
            else
                etag = next;
        }
        catch (err) {
            // Said, and tried again at the next beat: a lease outlasts a few failed renewals.
            p.log.debug(`renewing ${uri(p, key)} failed: ${(0,errors/* errorMessage */.gJ)(err)}`);
        }
    };
    const timer = setInterval(() => {
        chain = chain.then(renew);
    }, Math.max(1, Math.floor(opts.claimLeaseMs / 4)));
    timer.unref();
    const release = async () => {
        if (done)
            return;
        done = true;
        clearInterval(timer);
        forget();
        await chain;
        if (!lost)
            await giveUp(p, key, etag, body('released'));
        p.s3.destroy();
    };
    const forget = (0,cancel/* onCancel */.Ao)(release);
    p.log.debug(`holding ${uri(p, key)} while this version's files are written and its document is created`);
    return {
        key,
        check() {
            if (lost)
                throw new Error(`${uri(p, key)} was taken over by another run while this run was stalled for over ${Math.round(opts.claimLeaseMs / 1000)} s; no document version was created. Re-run`);
        },
        release: () => release().catch((err) => p.log.debug(`releasing ${uri(p, key)}: ${(0,errors/* errorMessage */.gJ)(err)}`)),
    };
}
/** Deletes the claim if it is still ours (If-Match); without s3:DeleteObject, marks it released. */
async function giveUp(p, key, etag, released) {
    for (let attempt = 1; attempt <= 3; attempt++) {
        try {
            await p.s3.send(new dist_cjs/* DeleteObjectCommand */.k4j({
                Bucket: p.bucket,
                Key: key,
                IfMatch: etag,
                ExpectedBucketOwner: p.account,
            }));
            return;
        }
        catch (err) {
            const status = (0,plan/* httpStatus */.nG)(err);
            if (status === 409 || (0,plan/* awsErrorName */.ZH)(err) === 'ConditionalRequestConflict')
                continue;
            // 412 / 404: no longer ours (taken over after a stall): nothing to give up.
            if (status === 412 || status === 404)
                return;
            if (status === 403 || /AccessDenied/.test((0,plan/* awsErrorName */.ZH)(err))) {
                const ok = await writeClaim(p, key, released, 'released', { IfMatch: etag });
                if (ok !== undefined)
                    p.log.warning(`${uri(p, key)} was marked released instead of deleted: the role may not s3:DeleteObject it (iam/publisher-policy.json grants that on *.claim only)`);
                return;
            }
            throw err;
        }
    }
}
/**
 * The claims a run holds, by bucket and key: regions of one run whose files go to the same folder
 * share one claim, which is given up when the last of them releases it.
 */
class Claims {
    held = new Map();
    async take(p, version, opts) {
        const id = `${p.bucket}/${claimKey(p.prefix)}`;
        let entry = this.held.get(id);
        if (entry)
            p.s3.destroy();
        else {
            entry = { claim: takeClaim(p, version, opts), refs: 0 };
            this.held.set(id, entry);
        }
        const e = entry;
        e.refs++;
        let c;
        try {
            c = await e.claim;
        }
        catch (err) {
            if (--e.refs === 0 && this.held.get(id) === e)
                this.held.delete(id);
            throw err;
        }
        let released = false;
        return {
            key: c.key,
            check: () => c.check(),
            release: async () => {
                if (released)
                    return;
                released = true;
                if (--e.refs > 0)
                    return;
                if (this.held.get(id) === e)
                    this.held.delete(id);
                await c.release();
            },
        };
    }
}

;// CONCATENATED MODULE: ./src/publish/s3-copy.ts
/**
 * Copies inside S3: the regions after the first get the package files from the first region's bucket
 * (CopyObject, or UploadPartCopy from copyPartThreshold on), so the runner sends each byte once per
 * run. A copy follows the rules of an upload and adds two checks:
 *   - before: the source object holds this build's file (its SHA-256 is the manifest's), and the copy
 *     is bound to that very object (CopySourceIfMatch with the ETag read);
 *   - after: S3's own SHA-256 of the copy (ChecksumAlgorithm SHA256) is the manifest's; a copy with
 *     other bytes fails the region (it carries no SHA-256 metadata, so no run ever takes it for ours).
 * It is written only where the key is empty (If-None-Match: *) or still holds the object read, with the
 * owner of both buckets stated (ExpectedBucketOwner, ExpectedSourceBucketOwner).
 * When S3 refuses a copy (access denied, a KMS key, an opt-in region, a bucket policy, no copy support),
 * the region's remaining files go from the runner, and the result says why (copyRefused).
 */









/** S3 said no to a copy: the file goes from the runner instead. */
class CopyRefused extends Error {
}
/** S3 copied other bytes than the manifest names. */
class CopyMismatch extends Error {
}
/** CopySource of a request: bucket/key, each path segment URL-encoded. */
const copySource = (bucket, key) => `${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
/**
 * Puts every item into the target's bucket: copied from `from` when given, else (and after a refused
 * copy) uploaded from the runner. Items already there with their bytes are skipped.
 */
async function transferAll(t, items, opts, parts, from) {
    let refused;
    const verdicts = await (0,limit/* mapLimit */.sf)(items, opts.fileConcurrency, async (item) => {
        if (!from || refused)
            return uploadOne(t, item, opts, parts);
        try {
            return await copyOne(t, from, item, opts);
        }
        catch (err) {
            if (!(err instanceof CopyRefused))
                throw err;
            if (!refused) {
                refused = err.message;
                t.log.warning(`copying from ${from.region} was refused (${err.message}); this region's files go from the runner`);
            }
            return uploadOne(t, item, opts, parts);
        }
    });
    const pick = (v) => items.filter((_, i) => verdicts[i] === v);
    return {
        uploaded: pick('uploaded'),
        copied: pick('copied'),
        skipped: pick('skipped'),
        ...(refused ? { refused } : {}),
    };
}
/** Copies one item unless it is there already; throws CopyRefused when the runner should send it. */
async function copyOne(t, from, item, opts) {
    const before = await existingMatches(t, item);
    if (before.same === true) {
        t.log.info(`${item.name}: already in ${s3Uri(t, item.key)} with the same SHA-256, not copied again`);
        return 'skipped';
    }
    const condition = writeCondition(t, item, before);
    const etag = await sourceEtag(t, from, item);
    const t0 = performance.now();
    try {
        if (item.size >= opts.copyPartThreshold)
            await copyParts(t, from, item, etag, opts, condition);
        else
            await retryConflict(t, opts, `copying ${item.name}`, () => copyWhole(t, from, item, etag, condition));
    }
    catch (err) {
        if (isConditionFailed(err)) {
            // Someone wrote the key since we looked, or the source changed (then the key is still empty).
            const now = await existingMatches(t, item);
            if (now.same === true)
                return 'skipped';
            if (now.same === false)
                throw race(t, item);
            throw new CopyRefused(`s3://${from.bucket}/${item.key} changed while it was copied`);
        }
        if ((0,cancel/* cancelled */.KW)() || err instanceof CopyMismatch || err instanceof errors/* UserError */.yo)
            throw err;
        if (!(err instanceof Error) || !('$metadata' in err))
            throw err;
        throw new CopyRefused(`${(0,plan/* awsErrorName */.ZH)(err) || 'error'}: ${(0,errors/* errorMessage */.gJ)(err)}`);
    }
    t.log.info(`${item.name}: copied ${(0,common_log/* formatBytes */.z3)(item.size)} from s3://${from.bucket}/${item.key} to ${s3Uri(t, item.key)} in ${Math.round(performance.now() - t0)} ms`);
    return 'copied';
}
/** The ETag of the source object, once it is known to hold the item's bytes; else CopyRefused. */
async function sourceEtag(t, from, item) {
    const src = {
        ...t,
        s3: from.s3,
        bucket: from.bucket,
        region: from.region,
        account: from.account,
    };
    const where = `s3://${from.bucket}/${item.key}`;
    let obj;
    try {
        obj = await headObject(src, item.key);
    }
    catch (err) {
        throw new CopyRefused((0,errors/* errorMessage */.gJ)(err));
    }
    if (!obj)
        throw new CopyRefused(`${where} is not there`);
    // 'unknown' (a multipart source's composite checksum) may be copied: the copy's own ChecksumSHA256,
    // computed by S3 from the bytes, is checked against the manifest afterwards. Metadata is no proof.
    if ((0,plan/* compareExisting */.xE)(obj, item.sha256, item.size) === 'different' || !obj.etag)
        throw new CopyRefused(`${where} does not show the SHA-256 of this build's ${item.name}`);
    return obj.etag;
}
function mismatch(t, from, item, got, what, wanted) {
    const kept = what === 'the whole file' ? 'no document version points at the copy' : 'the copy was aborted';
    return new CopyMismatch(`the copy of ${item.name} from s3://${from.bucket}/${item.key} to ${s3Uri(t, item.key)} has ${got ? `SHA-256 (base64) ${got}` : 'no SHA-256'} for ${what}, not this build's (${wanted}): the source object is not the file its metadata names; ${kept}. Remove s3://${from.bucket}/${item.key}, then re-run`);
}
/** One CopyObject; S3 computes the copy's SHA-256, which must be the manifest's. */
async function copyWhole(t, from, item, etag, condition) {
    const out = await t.s3.send(new dist_cjs/* CopyObjectCommand */.s9Z({
        Bucket: t.bucket,
        Key: item.key,
        CopySource: copySource(from.bucket, item.key),
        CopySourceIfMatch: etag,
        ChecksumAlgorithm: 'SHA256',
        // No SHA-256 metadata: until the checksum below is seen, the copy is not known to be the file.
        MetadataDirective: 'REPLACE',
        ContentType: item.contentType,
        // No tags either: copying a source's tags would need s3:GetObjectTagging and s3:PutObjectTagging.
        TaggingDirective: 'REPLACE',
        ...condition,
        ExpectedBucketOwner: t.account,
        ExpectedSourceBucketOwner: from.account,
    }), { abortSignal: (0,cancel/* cancelSignal */.Bj)() });
    const got = out.CopyObjectResult?.ChecksumSHA256;
    if (got !== (0,plan/* sha256Base64 */.TZ)(item.sha256))
        throw mismatch(t, from, item, got, 'the whole file', (0,plan/* sha256Base64 */.TZ)(item.sha256));
}
/** SHA-256 (base64) of each part of the local file, checking the whole against the manifest. */
async function partSums(item, partSize) {
    const whole = (0,external_node_crypto_.createHash)('sha256');
    const sums = [];
    const fh = await (0,promises_.open)(item.path, 'r');
    try {
        const buf = Buffer.allocUnsafe(partSize);
        for (let offset = 0; offset < item.size; offset += partSize) {
            const part = (0,external_node_crypto_.createHash)('sha256');
            const len = Math.min(partSize, item.size - offset);
            for (let done = 0; done < len;) {
                const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, len - done), offset + done);
                if (bytesRead === 0)
                    throw new Error(`${item.path} ended early at byte ${offset + done}`);
                part.update(buf.subarray(0, bytesRead));
                whole.update(buf.subarray(0, bytesRead));
                done += bytesRead;
            }
            sums.push(part.digest('base64'));
        }
    }
    finally {
        await fh.close();
    }
    const hex = whole.digest('hex');
    if (hex !== item.sha256.toLowerCase())
        throw new Error(`${item.path} changed on disk after the package was built (SHA-256 ${hex}, manifest says ${item.sha256}); rebuild the package`);
    return sums;
}
/**
 * A multipart copy (UploadPartCopy), each part's SHA-256 checked against the local file's; the object
 * exists only once CompleteMultipartUpload has run, after every part matched, and the upload is
 * aborted on any failure (and on a cancel).
 */
async function copyParts(t, from, item, etag, opts, condition) {
    // At most 10,000 parts per upload.
    const partSize = Math.max(opts.partSize, Math.ceil(item.size / 10_000));
    const sums = await partSums(item, partSize);
    const upload = await startMultipart(t, item);
    const forget = (0,cancel/* onCancel */.Ao)(upload.abort);
    try {
        const numbered = sums.map((sum, i) => ({ sum, n: i + 1 }));
        const done = await (0,limit/* mapLimit */.sf)(numbered, opts.fileConcurrency, ({ sum, n }) => copyPart(t, from, item, etag, upload.uploadId, n, partSize, sum));
        await retryConflict(t, opts, `completing the copy of ${item.name}`, () => completeMultipart(t, item, upload.uploadId, done, condition));
    }
    catch (err) {
        await upload
            .abort()
            .catch((e) => t.log.warning(`could not abort the multipart copy of ${item.key}: ${(0,errors/* errorMessage */.gJ)(e)}`));
        throw err;
    }
    finally {
        forget();
    }
}
async function copyPart(t, from, item, etag, uploadId, n, partSize, sum) {
    const start = (n - 1) * partSize;
    const end = Math.min(start + partSize, item.size) - 1;
    const out = await t.s3.send(new dist_cjs/* UploadPartCopyCommand */.Xp2({
        Bucket: t.bucket,
        Key: item.key,
        UploadId: uploadId,
        PartNumber: n,
        CopySource: copySource(from.bucket, item.key),
        CopySourceRange: `bytes=${start}-${end}`,
        CopySourceIfMatch: etag,
        ExpectedBucketOwner: t.account,
        ExpectedSourceBucketOwner: from.account,
    }), { abortSignal: (0,cancel/* cancelSignal */.Bj)() });
    const got = out.CopyPartResult?.ChecksumSHA256;
    if (got !== sum)
        throw mismatch(t, from, item, got, `part ${n} (bytes ${start}-${end})`, sum);
    return { PartNumber: n, ETag: out.CopyPartResult.ETag, ChecksumSHA256: sum };
}

// EXTERNAL MODULE: ./src/publish/ssm.ts
var publish_ssm = __webpack_require__(254);
// EXTERNAL MODULE: ./src/publish/types.ts
var types = __webpack_require__(9546);
;// CONCATENATED MODULE: ./src/publish/region.ts
/**
 * Publishing to one region, in the order that keeps every published version installable:
 * look at the document first (an identical version means done, a different one means stop), then,
 * holding the claim of the version's folder (claim.ts) and having looked at the document again,
 * upload and verify every file (the first region of the run from the runner, the others by copies
 * from its bucket inside S3: s3-copy.ts), and only then add the document version and wait until it
 * is Active.
 * Old versions are deleted only to make room, and their files are never touched.
 */















/** The object of one zip. */
function zipItem(f, prefix) {
    return {
        name: f.name,
        key: `${prefix}${f.name}`,
        sha256: f.sha256,
        size: f.size,
        contentType: 'application/zip',
        path: f.path,
    };
}
/** The objects of a package version: every zip, then manifest.json. */
function uploadItems(pkg, prefix) {
    const manifest = Buffer.from(pkg.manifestText, 'utf8');
    const manifestName = external_node_path_default().basename(pkg.manifestPath) || 'manifest.json';
    return [
        ...pkg.files.map((f) => zipItem(f, prefix)),
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
function openRegion(ctx) {
    const { pkg, inputs, region, session, log, env, opts } = ctx;
    const account = session.account;
    const bucket = (0,plan/* bucketName */.EL)(inputs.s3Bucket, account, region);
    const prefix = (0,plan/* keyPrefix */.uU)(inputs.s3Prefix, pkg.packageName, pkg.version);
    const result = (0,plan/* newResult */.YT)(region, account, {
        bucket,
        prefix,
        documentName: pkg.packageName,
        versionName: pkg.version,
    });
    const settings = {
        region,
        env,
        maxAttempts: opts.maxAttempts,
        debug: (m) => log.debug(m),
        ...(session.credentials ? { credentials: session.credentials } : {}),
    };
    const { principal } = session;
    const doc = {
        ssm: (0,clients/* ssmClient */.B)(settings),
        name: pkg.packageName,
        region,
        account,
        principal,
        log,
        retryBaseMs: opts.retryBaseMs,
    };
    const target = { s3: (0,clients/* s3Client */.oD)(settings), bucket, prefix, account, region, principal, log };
    return { ctx, result, settings, doc, target };
}
/** Publishes the package to one region. Never throws: a failure is reported in the result. */
async function publishRegion(ctx) {
    const t0 = performance.now();
    const r = openRegion(ctx);
    const { pkg } = ctx;
    try {
        const bp = (0,plan/* bucketNameProblem */.Bn)(r.target.bucket);
        if (bp)
            throw new errors/* UserError */.yo(`${(0,names/* ref */.KR)('s3-bucket')}: ${bp}`);
        ctx.log.info(`publishing ${pkg.packageName} ${pkg.version}: files to ${r.result.s3Uri}/, document ${r.result.documentArn}`);
        // 1. The document as it is: an existing version with our name decides everything.
        const action = await existingVersion(r);
        // A version published earlier has its files in place: the other regions may copy them.
        if (action.kind === 'exists')
            ctx.filesReady?.(true);
        // 2 and 3, holding the version folder's claim: files, then the document version.
        else
            await publishUnderClaim(r);
        // 4. Default version and sharing (also on a re-run, so that an interrupted run converges).
        const now = await settleDefaultAndSharing(r);
        // 5. Keep at most max-versions: the oldest versions that are not the default go.
        await prune(r.doc, now, ctx.inputs.maxVersions, r.result);
        r.result.ok = true;
    }
    catch (err) {
        r.result.ok = false;
        r.result.error = (0,errors/* errorMessage */.gJ)(err);
        // Said once, with every region's outcome, when the run ends (publishError).
        ctx.log.debug(`failed: ${r.result.error}`);
    }
    finally {
        ctx.filesReady?.(false);
        r.doc.ssm.destroy();
        r.target.s3.destroy();
        r.result.durationMs = Math.round(performance.now() - t0);
    }
    return r.result;
}
/**
 * What to do with the document: create it, add a version, or nothing (the version exists with our
 * manifest). A version of ours with another manifest stops the region; one that Failed is deleted so
 * that it can be published again.
 */
async function existingVersion(r) {
    const { doc, result, ctx } = r;
    const { pkg, region, log, opts } = ctx;
    // A document or version someone is deleting is waited for: never taken as published, never updated.
    const versions = await (0,publish_ssm/* settledVersions */.P2)(doc, pkg.version);
    // Before anything changes: the default this run may move, and the one to return to.
    const before = versions?.find((v) => v.isDefault);
    if (before) {
        r.defaultBefore = before;
        result.previousDefault = {
            documentVersion: before.documentVersion,
            ...(before.versionName ? { versionName: before.versionName } : {}),
        };
    }
    const action = (0,plan/* documentAction */.yN)(versions, pkg.version);
    if (action.kind !== 'exists')
        return action;
    const v = action.version;
    const content = await (0,publish_ssm/* getContent */._A)(doc, v.documentVersion);
    if (!(0,plan/* sameContent */.Cm)(content, pkg.manifestText))
        throw new errors/* UserError */.yo(`${(0,names/* ref */.KR)('version-name')}: ${pkg.packageName} version ${pkg.version} already exists in ${region} (document version ${v.documentVersion}) with a different manifest; published versions are never changed. Publish the changed build under a new version name, e.g. ${(0,names/* refValue */.vI)('version-name', (0,version_name/* nextVersionName */.d)(pkg.version))}.`);
    result.documentVersion = v.documentVersion;
    result.status = v.status ?? '';
    if (v.status === 'Failed')
        return deleteFailedVersion(r, versions, v);
    log.info(`${pkg.packageName} version ${pkg.version} is already published (document version ${v.documentVersion}, same manifest): nothing to upload`);
    if (v.status && v.status !== 'Active')
        result.status = await waitActiveStatus(doc, v.documentVersion, result.s3Uri, opts, result);
    result.alreadyPublished = true;
    return action;
}
/** A version that failed installs nothing: remove it, and publish it again. */
async function deleteFailedVersion(r, versions, v) {
    const { pkg, log } = r.ctx;
    log.warning(`${pkg.packageName} version ${pkg.version} exists but Failed earlier (${v.statusInformation ?? 'no details'}); deleting it and publishing again`);
    if (v.isDefault && versions.length > 1)
        throw new Error(`${pkg.packageName} version ${pkg.version} (document version ${v.documentVersion}) Failed and is the default version; set another default version, then re-run`);
    const last = versions.length === 1;
    if (last) {
        // SSM refuses to delete a document that is still shared (InvalidDocumentOperation). Its only
        // version Failed, so the share gives nothing to install; the new document is shared again once
        // its version is Active (settleDefaultAndSharing).
        const shared = await (0,publish_ssm/* sharedWith */.KO)(r.doc);
        if (shared.length) {
            log.info(`${pkg.packageName} is shared with ${shared.length} account${shared.length === 1 ? '' : 's'}: unsharing it before deleting it (SSM refuses to delete a shared document); it is shared again once published`);
            await (0,publish_ssm/* syncSharing */.US)(r.doc, [], shared);
        }
    }
    await (0,publish_ssm/* deleteVersion */.CH)(r.doc, last ? undefined : v.documentVersion);
    r.result.documentVersion = '';
    r.result.status = '';
    if (last)
        return { kind: 'create' };
    return { kind: 'update', makeRoom: (0,plan/* versionsToMakeRoom */.sH)(versions.filter((x) => x !== v)) };
}
/**
 * Readies the region's bucket for this version's files. Nothing here allows replacing an object:
 * that is decided under the version folder's claim (publishUnderClaim). A bucket shared by regions
 * (no {region} in its name) may hold files that a document of a region outside this run names: there
 * nothing is ever replaced.
 */
async function prepareBucket(r) {
    const { ctx, target } = r;
    target.sharedBucket = !!ctx.inputs.s3Bucket && !ctx.inputs.s3Bucket.includes('{region}');
    target.mayReplace = false;
    r.result.bucketSettings = await ensureBucket(target, ctx.opts, target.sharedBucket ? ctx.inputs.awsRegions[0] : undefined);
}
/**
 * Steps 2 and 3 while holding the claim of the version's folder (claim.ts), from before deciding
 * whether its objects may be replaced until the document version is Active: the document is looked at
 * again under the claim (another run of the same version name may have published meanwhile: the same
 * manifest is then "already published", another one is refused naming version-name), and objects
 * with other bytes are replaced only when, under the claim, no document version of this run's
 * regions names the folder. Another run that wants the folder waits, so no document is ever made
 * from files that are being replaced, and no file a document was made from is replaced.
 */
async function publishUnderClaim(r) {
    const { ctx, target } = r;
    await prepareBucket(r);
    const claims = ctx.claims ?? new Claims();
    const claim = await claims.take({ ...target, s3: (0,clients/* s3Client */.oD)(r.settings) }, ctx.pkg.version, ctx.opts);
    try {
        const action = await existingVersion(r);
        if (action.kind === 'exists') {
            ctx.filesReady?.(true);
            return;
        }
        target.mayReplace = !target.sharedBucket && !(await publishedInOtherRegion(ctx, r.settings));
        // 2. Every file in S3 and verified before any document version points at them.
        await uploadFiles(r);
        // 3. Room under Distributor's limit, then the new version (never once the claim was lost).
        claim.check();
        await addDocumentVersion(r, action);
        // Held until ListDocumentVersions shows the version (it may lag DescribeDocument): a run that
        // takes the claim next reads the document there, and must see it.
        await listedWith(r.doc, r.result.documentVersion);
    }
    finally {
        await claim.release();
    }
}
/** Uploads (or copies) and verifies every file; the zips sent early are not looked at again until the check. */
async function uploadFiles(r) {
    const { ctx, target, result } = r;
    const items = uploadItems(ctx.pkg, target.prefix);
    const early = await ctx.early;
    if (early?.error)
        throw early.error;
    // The early sends created the bucket (and set what it needs); prepareBucket read it back.
    if (early?.bucketSettings?.created && result.bucketSettings)
        result.bucketSettings = { ...result.bucketSettings, how: 'created', created: true };
    const from = await region_copySource(r);
    let up;
    try {
        const rest = early ? items.filter((i) => !early.sent.has(i.name)) : items;
        up = await transferAll(target, rest, ctx.opts, ctx.parts, from);
    }
    finally {
        from?.s3.destroy();
    }
    if (early) {
        const sent = (v) => items.filter((i) => early.sent.get(i.name) === v);
        up.uploaded = [...sent('uploaded'), ...up.uploaded];
        up.skipped = [...sent('skipped'), ...up.skipped];
    }
    const bytes = (list) => list.reduce((n, i) => n + i.size, 0);
    result.uploadedFiles = up.uploaded.map((i) => i.name);
    result.uploadedBytes = bytes(up.uploaded);
    result.skippedFiles = up.skipped.map((i) => i.name);
    result.skippedBytes = bytes(up.skipped);
    if (from) {
        result.copiedFiles = up.copied.map((i) => i.name);
        result.copiedBytes = bytes(up.copied);
        result.copiedFrom = from.region;
    }
    if (up.refused)
        result.copyRefused = up.refused;
    await verifyAll(target, items, ctx.opts);
    ctx.filesReady?.(true);
}
/**
 * Where this region copies its files from: waits until the first region has them, then gives its
 * bucket (undefined when the bucket is this region's own, or the first region did not get the files).
 */
async function region_copySource(r) {
    const { ctx, target, result } = r;
    const c = ctx.copyFrom;
    if (!c)
        return undefined;
    const ready = await c.ready;
    if (c.bucket === target.bucket)
        return undefined;
    if (!ready) {
        result.copyRefused = `${c.region} did not get the files first (it failed), so there was nothing to copy`;
        ctx.log.info(`${result.copyRefused}; uploading from the runner`);
        return undefined;
    }
    ctx.log.debug(`copying the files from s3://${c.bucket}/${target.prefix} (${c.region}) inside S3`);
    const s3 = (0,clients/* s3Client */.oD)({ ...r.settings, region: c.region });
    return { s3, bucket: c.bucket, region: c.region, account: target.account };
}
/** Makes room under Distributor's limit, adds the version and waits until it is Active. */
async function addDocumentVersion(r, action) {
    const { doc, result, ctx } = r;
    const { pkg, log, opts } = ctx;
    const uri = result.s3Uri;
    if (action.kind === 'update')
        for (const old of action.makeRoom) {
            log.info(`deleting document version ${(0,plan/* describeVersion */.MP)(old)} to make room (Distributor keeps at most ${distributor/* LIMITS */.b1.versionsPerPackage} versions); its S3 files are kept`);
            await (0,publish_ssm/* deleteVersion */.CH)(doc, old.documentVersion);
            result.deletedVersions.push((0,plan/* describeVersion */.MP)(old));
        }
    const created = await (0,publish_ssm/* addVersion */.MZ)(doc, { content: pkg.manifestText, versionName: pkg.version, sourceUrl: uri }, action.kind === 'update');
    result.documentVersion = created.DocumentVersion ?? '';
    result.status = created.Status ?? '';
    log.info(`${action.kind === 'create' ? 'created' : 'updated'} ${pkg.packageName}: document version ${result.documentVersion} (${pkg.version}), source ${uri}`);
    if (!result.documentVersion)
        throw new Error('SSM returned no document version');
    try {
        result.status = await waitActiveStatus(doc, result.documentVersion, uri, opts, result);
    }
    catch (err) {
        // Whether Distributor reads a bucket of another region is not documented (docs/publishing.md).
        const elsewhere = r.target.sharedBucket && ctx.copyFrom && ctx.copyFrom.region !== ctx.region;
        if (err instanceof publish_ssm/* DocumentStatusError */.kD && err.status === 'Failed' && elsewhere)
            err.message += `. The files are in ${ctx.copyFrom.region}'s bucket (${(0,names/* ref */.KR)('s3-bucket')} names one bucket for every region), and AWS does not document that Distributor in ${ctx.region} reads a bucket of another region: give each region its own bucket, with {region} in ${(0,names/* ref */.KR)('s3-bucket')} (the default does)`;
        throw err;
    }
}
/**
 * The default version the run wants: its own version when set-default-version asks and the default
 * never moves back (keepsDefault, judged against the default as it was before the run added a version),
 * else the default as it was.
 */
function intendedDefault(r, now, mine) {
    const { pkg, inputs, log, region } = r.ctx;
    const was = r.defaultBefore && now.find((v) => v.documentVersion === r.defaultBefore.documentVersion);
    const current = now.find((v) => v.isDefault);
    if (!inputs.setDefaultVersion || !mine)
        return was ?? current;
    // As it was before this run: SSM may have moved the default to the newest version by itself.
    const view = was ? now.map((v) => ({ ...v, isDefault: v === was })) : now;
    const ours = view.find((v) => v.documentVersion === mine.documentVersion);
    if (ours.isDefault)
        return mine;
    const newer = (0,plan/* keepsDefault */.Wr)(view, ours, !r.result.alreadyPublished);
    if (!newer)
        return mine;
    log.info((0,plan/* defaultStaysMessage */.pz)(pkg.packageName, ours, newer, region));
    return was ?? current;
}
/**
 * The default version (it never moves back: see keepsDefault) and the sharing. Both are read at
 * once; the sharing is changed after the default. After a version is added, SSM may have made it the
 * default by itself (Distributor's newest-is-default rule while no default was set explicitly): the
 * default is read back and put where the run intends, and the result says so. Returns the versions
 * as they are now.
 */
async function settleDefaultAndSharing(r) {
    const { doc, result, ctx } = r;
    const { pkg, inputs, log } = ctx;
    const [now, sharedNow] = await Promise.all([listedWith(doc, result.documentVersion), (0,publish_ssm/* sharedWith */.KO)(doc)]);
    const mine = now.find((v) => v.documentVersion === result.documentVersion);
    const current = now.find((v) => v.isDefault);
    const want = intendedDefault(r, now, mine);
    // Only our own version is moved to or from: a default someone else set meanwhile is left alone.
    if (want && want !== current && (want === mine || current === mine)) {
        if (current && current === mine && r.defaultBefore && want !== mine) {
            result.defaultRestored = `SSM made document version ${(0,plan/* describeVersion */.MP)(current)} the default by itself; the run restored ${(0,plan/* describeVersion */.MP)(want)}`;
            log.warning(`${pkg.packageName}: ${result.defaultRestored}`);
        }
        await (0,publish_ssm/* setDefault */.mW)(doc, want.documentVersion);
        if (want === mine)
            log.info(`default version of ${pkg.packageName} is now ${result.documentVersion} (${pkg.version})`);
        for (const v of now)
            v.isDefault = v === want;
    }
    result.defaultVersion = Boolean(mine?.isDefault);
    result.sharedAccounts = await (0,publish_ssm/* syncSharing */.US)(doc, inputs.shareWithAccounts, sharedNow);
    log.info(result.sharedAccounts.length
        ? `${pkg.packageName} is shared with ${result.sharedAccounts.join(', ')}`
        : `${pkg.packageName} is not shared with other accounts`);
    return now;
}
/**
 * The document's versions, once the list shows `documentVersion` (ListDocumentVersions may lag
 * DescribeDocument right after a version is added): read again with doubling waits, BUSY_ATTEMPTS times
 * in all; a version still missing fails the region, rather than report a default it could not set.
 */
async function listedWith(doc, documentVersion) {
    for (let attempt = 1, wait = doc.retryBaseMs ?? 1000;; attempt++, wait *= 2) {
        const now = (await (0,publish_ssm/* listVersions */.yO)(doc)) ?? [];
        if (!documentVersion || now.some((v) => v.documentVersion === documentVersion))
            return now;
        if (attempt >= publish_ssm/* BUSY_ATTEMPTS */.R7)
            throw new Error(`${doc.name} document version ${documentVersion} is Active but ListDocumentVersions still does not list it after ${attempt} reads; the default version and the sharing were not settled. Re-run to finish them`);
        doc.log.info(`${doc.name}: document version ${documentVersion} is not listed yet (attempt ${attempt}); reading again`);
        await (0,limit/* sleep */.yy)(wait);
    }
}
/** waitActive, keeping the last status seen in the result when it throws. */
async function waitActiveStatus(doc, documentVersion, uri, opts, result) {
    try {
        return (await (0,publish_ssm/* waitActive */.CB)(doc, documentVersion, uri, opts)).Status ?? '';
    }
    catch (err) {
        if (err instanceof publish_ssm/* DocumentStatusError */.kD)
            result.status = err.status;
        throw err;
    }
}
async function prune(doc, versions, keep, result) {
    for (const old of (0,plan/* versionsToDelete */.wK)(versions, keep, [result.documentVersion])) {
        try {
            await (0,publish_ssm/* deleteVersion */.CH)(doc, old.documentVersion);
            result.deletedVersions.push((0,plan/* describeVersion */.MP)(old));
            doc.log.info(`deleted document version ${(0,plan/* describeVersion */.MP)(old)} (max-versions ${keep}); its S3 files are kept`);
        }
        catch (err) {
            doc.log.warning(`could not delete old document version ${(0,plan/* describeVersion */.MP)(old)}: ${(0,errors/* errorMessage */.gJ)(err)}`);
        }
    }
}
/** Whether another region of this run that writes to the same bucket has a document version of ours. */
async function publishedInOtherRegion(ctx, settings) {
    for (const other of ctx.bucketSharedWith ?? []) {
        const ssm = (0,clients/* ssmClient */.B)({ ...settings, region: other });
        try {
            const versions = await (0,publish_ssm/* listVersions */.yO)({
                ssm,
                name: ctx.pkg.packageName,
                region: other,
                account: ctx.session.account,
                principal: ctx.session.principal,
                log: ctx.log,
            });
            if (versions?.some((v) => v.versionName === ctx.pkg.version))
                return true;
        }
        finally {
            ssm.destroy();
        }
    }
    return false;
}

;// CONCATENATED MODULE: ./src/publish/early.ts
/**
 * A pipelined run: the first region receives each zip as soon as it is built, while the other
 * installers are still downloading and zipping. Nothing here decides anything the region's own steps
 * (region.ts) would not: the same look at the document first (a version of this name already there:
 * nothing is sent early), the same bucket checks, and writes only where a key is empty (If-None-Match: *):
 * nothing is ever replaced here, since replacing is decided only under the folder's claim (claim.ts);
 * a key with other bytes is left to the region's steps. No document version is made here, so a build
 * that fails after some zips went leaves objects that no document names, which the next run of the
 * version may replace (under the claim).
 * It never fails the run: at its first error it stops sending; the region's steps, which come next,
 * meet a setup error again, and fail with an upload's error.
 */







/**
 * Sends the zips of `pkg` to the first region's bucket as they are built. Resolves once every zip
 * is sent, or sending stopped; `pkg.hold` keeps the zips' build folder in place until then.
 */
function sendEarly(setup, pkg) {
    // Without a session (the stage fails on it) nothing is sent, and the zips are not waited for.
    const done = setup.then((ctx) => send(ctx, pkg), () => ({ sent: new Map() }));
    pkg.hold(done);
    return done;
}
async function send(ctx, pkg) {
    const sent = new Map();
    const r = openRegion(ctx);
    const slots = new limit/* Semaphore */.jf(ctx.opts.fileConcurrency);
    const running = [];
    let bytes = 0;
    let buildFailed = false;
    let error;
    let stopped = (0,plan/* bucketNameProblem */.Bn)(r.target.bucket);
    const stop = (why) => {
        if (stopped)
            return;
        stopped = why;
        ctx.log.debug(`no more zips are sent while the package is built (${why}); the region's own steps follow`);
    };
    // Settles while the first zip is being built: the zips wait for neither.
    const ready = stopped
        ? Promise.resolve()
        : readyToSend(r).then((no) => void (no && stop(no)), (err) => {
            // Said, not only in the debug log: the region's own steps meet the bucket again and fail or fix it.
            ctx.log.info(`the zips are not sent while the package is built: ${(0,errors/* errorMessage */.gJ)(err)}`);
            stop((0,errors/* errorMessage */.gJ)(err));
        });
    try {
        for await (const file of pkg.zips) {
            await ready;
            if (stopped)
                continue;
            await slots.acquire();
            const item = zipItem(file, r.target.prefix);
            running.push(uploadOne(r.target, item, ctx.opts, ctx.parts)
                .then((v) => {
                sent.set(item.name, v);
                if (v === 'uploaded')
                    bytes += item.size;
            })
                .catch((err) => {
                // Another build's bytes at a key: left to the region's steps, which decide under the claim.
                if (!(err instanceof TakenKey || err instanceof KeyRace))
                    error ??= { error: err };
                stop((0,errors/* errorMessage */.gJ)(err));
            })
                .finally(() => slots.release()));
        }
    }
    catch (err) {
        buildFailed = true;
        stop(`the build failed: ${(0,errors/* errorMessage */.gJ)(err)}`);
    }
    finally {
        await ready;
        await Promise.all(running);
        r.doc.ssm.destroy();
        r.target.s3.destroy();
    }
    const uploaded = [...sent.values()].filter((v) => v === 'uploaded').length;
    if (uploaded && buildFailed) {
        const them = uploaded > 1 ? 'them' : 'it';
        ctx.log.info(`${uploaded} zip${uploaded > 1 ? 's were' : ' was'} sent to ${s3Uri(r.target, r.target.prefix)} before the build failed; no document names ${them}, and the next run of ${ctx.pkg.version} keeps ${them} (same bytes) or replaces ${them}`);
    }
    else if (uploaded)
        ctx.log.debug(`${uploaded} zips (${(0,common_log/* formatBytes */.z3)(bytes)}) sent while the package was being built`);
    return {
        sent,
        ...(error ? { error: error.error } : {}),
        ...(r.result.bucketSettings ? { bucketSettings: r.result.bucketSettings } : {}),
    };
}
/** Why nothing should be sent early (the version's document exists: the region decides), or ''. */
async function readyToSend(r) {
    const action = (0,plan/* documentAction */.yN)(await (0,publish_ssm/* listVersions */.yO)(r.doc), r.ctx.pkg.version);
    if (action.kind === 'exists')
        return `the document has version ${r.ctx.pkg.version} already`;
    await prepareBucket(r);
    return '';
}

// EXTERNAL MODULE: ./src/inputs/distributor-names.ts
var distributor_names = __webpack_require__(6077);
// EXTERNAL MODULE: ./src/publish/credentials.ts
var credentials = __webpack_require__(3525);
;// CONCATENATED MODULE: ./src/publish/index.ts
/**
 * Publish stage: puts a built package into S3 and an SSM Distributor Package document, in every
 * region of the aws-region input, in parallel. The files leave the runner once, for the first region;
 * the other regions copy them from its bucket (s3-copy.ts). See region.ts for the order of the steps.
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
        (0,distributor_names/* packageNameProblem */.T)(pkg.packageName) && `${(0,names/* ref */.KR)('package-name')}: ${(0,distributor_names/* packageNameProblem */.T)(pkg.packageName)}`,
        (0,distributor_names/* versionNameProblem */.x)(pkg.version) && `${(0,names/* ref */.KR)('package-version')}: ${(0,distributor_names/* versionNameProblem */.x)(pkg.version)}`,
        !inputs.awsRegions.length && `${(0,names/* ref */.KR)('aws-region')}: give at least one region`,
    ].filter((p) => Boolean(p));
    if (problems.length)
        throw new errors/* UserError */.yo(problems.join('\n'), problems.map((message) => ({ message })));
}
/**
 * Publishes the package to every region of inputs.awsRegions, in parallel. Returns one result per
 * region (in input order); a region's failure is in its result, never thrown. Throws (UserError) only
 * for what stops every region before any AWS change: a bad package name, or no usable credentials;
 * and, for a package still being built, the build's error (once no zip is being sent any more).
 * A package still being built has its zips sent to the first region as they come (early.ts).
 */
async function publishPackage(pkg, inputs, deps) {
    checkPackage(pkg, inputs);
    const { log } = deps;
    const env = deps.env ?? process.env;
    const opts = { ...types/* DEFAULT_PUBLISH_OPTIONS */.T, ...deps.options };
    const building = 'built' in pkg ? pkg : undefined;
    // The session the already-published check opened, when there was one: one role assumption per run.
    const opened = deps.session ? Promise.resolve(deps.session) : (0,credentials/* openStageSession */.H0)(inputs, deps, opts);
    const parts = new limit/* Semaphore */.jf(opts.partConcurrency);
    const [first] = inputs.awsRegions;
    // Regions of this run whose files go to one folder share its claim (claim.ts).
    const claims = new Claims();
    const setupOf = (session) => ({ inputs, session, env, opts, parts, claims });
    const bucketOf = (session, region) => (0,plan/* bucketName */.EL)(inputs.s3Bucket, session.account, region);
    /** The other regions of the run whose files go to the same bucket as this one's. */
    const shared = (session, region) => inputs.awsRegions.filter((r) => r !== region && bucketOf(session, r) === bucketOf(session, region));
    // Started now, before any wait, so that the build's folder is held from its first zip on.
    const early = building &&
        sendEarly(opened.then((session) => ({
            ...setupOf(session),
            pkg,
            region: first,
            log: taggedLog(log, first),
            bucketSharedWith: shared(session, first),
        })), building);
    const session = await opened;
    if (inputs.awsRegions.length > 1 && inputs.s3Bucket && !inputs.s3Bucket.includes('{region}'))
        log.warning(`${(0,names/* ref */.KR)('s3-bucket')}: ${inputs.s3Bucket} has no {region}, so all ${inputs.awsRegions.length} regions share one bucket in one region; opt-in regions need a bucket of their own`);
    const setup = setupOf(session);
    let built;
    try {
        built = building ? await building.built : pkg;
    }
    catch (err) {
        await early;
        throw err;
    }
    let filesReady = () => undefined;
    const source = {
        region: first,
        bucket: bucketOf(session, first),
        ready: new Promise((resolve) => (filesReady = resolve)),
    };
    const results = await Promise.all(inputs.awsRegions.map((region, i) => publishRegion({
        ...setup,
        pkg: built,
        region,
        log: taggedLog(log, region),
        bucketSharedWith: shared(session, region),
        ...(i === 0 && early ? { early } : {}),
        ...(inputs.awsRegions.length > 1 ? (i === 0 ? { filesReady } : { copyFrom: source }) : {}),
    })));
    for (const r of results)
        r.publishedBy = session.arn;
    for (const r of results)
        if (r.ok)
            log.info(`[${r.region}] ${r.alreadyPublished ? 'already published' : 'published'}: ${r.documentArn} version ${r.documentVersion} (${r.versionName}), ${r.s3Uri}${r.copiedFiles?.length ? ` (${r.copiedFiles.length} files copied in S3 from ${r.copiedFrom})` : ''}, ${(0,common_log/* formatDuration */.a3)(r.durationMs)}`);
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
const esc = (s) => (0,markdown/* markdownText */.p)(s);
/** What happened to a region's files: uploaded, copied inside S3, already there (and why copies were refused). */
function filesCell(r) {
    const parts = [
        r.uploadedFiles.length && `${r.uploadedFiles.length} uploaded (${(0,common_log/* formatBytes */.z3)(r.uploadedBytes)})`,
        r.copiedFiles?.length &&
            `${r.copiedFiles.length} copied in S3 from ${esc(r.copiedFrom ?? '')} (${(0,common_log/* formatBytes */.z3)(r.copiedBytes ?? 0)})`,
        r.skippedFiles.length && `${r.skippedFiles.length} already there (${(0,common_log/* formatBytes */.z3)(r.skippedBytes)})`,
    ].filter(Boolean);
    const moved = parts.length ? parts.join('; ') : r.alreadyPublished ? 'in place already' : '—';
    return r.copyRefused ? `${moved}; from the runner, as copying was refused: ${esc(r.copyRefused)}` : moved;
}
/**
 * The regions for the job summary: a table narrow enough for GitHub's page (no ARN or S3 URI in it:
 * those long words would make it scroll), then where each region's document and files are.
 */
function publishMarkdown(results) {
    const files = results.some((r) => !r.alreadyPublished || r.uploadedFiles.length || r.skippedFiles.length);
    const columns = [
        ['Region', (r) => esc(r.region)],
        [
            'Result',
            (r) => r.ok
                ? r.alreadyPublished
                    ? '✅ already published'
                    : '✅ published'
                : `❌ failed: ${esc(r.error ?? 'no reason given')}`,
        ],
        [
            'Version',
            (r) => r.documentVersion
                ? `${esc(r.documentVersion)} (${esc(r.versionName)})${r.defaultVersion ? ', default' : ', not the default'}`
                : '—',
        ],
        // When no region moved a file (every one had the version already), the column says nothing.
        ...(files ? [['Files', filesCell]] : []),
        // What SSM holds after the run, read back.
        [
            'Shared with',
            (r) => r.sharedAccounts.length
                ? esc(r.sharedAccounts.map((a) => (a === 'all' ? 'all accounts (public)' : a)).join(', '))
                : r.ok
                    ? 'not shared'
                    : '—',
        ],
        ['Time', (r) => (0,common_log/* formatDuration */.a3)(r.durationMs).replace(' ', '&nbsp;')],
    ];
    const where = results
        .filter((r) => r.documentArn || r.s3Uri)
        .map((r) => `- ${esc(r.region)}: document \`${r.documentArn}\`${r.s3Uri ? `, files in \`${r.s3Uri}\`` : ''}`);
    return [
        `| ${columns.map(([h]) => h).join(' | ')} |`,
        `| ${columns.map(() => '---').join(' | ')} |`,
        ...results.map((r) => `| ${columns.map(([, cell]) => cell(r)).join(' | ')} |`),
        ...(where.length ? ['', ...where] : []),
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


/***/ }),

/***/ 9546:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   T: () => (/* binding */ DEFAULT_PUBLISH_OPTIONS)
/* harmony export */ });
const DEFAULT_PUBLISH_OPTIONS = {
    pollIntervalMs: 250,
    maxPollIntervalMs: 5000,
    activeTimeoutMs: 15 * 60_000,
    multipartThreshold: 64 * 1024 * 1024,
    partSize: 16 * 1024 * 1024,
    copyPartThreshold: 5 * 1024 ** 3,
    fileConcurrency: 4,
    partConcurrency: 6,
    maxAttempts: 6,
    uploadAttempts: 4,
    retryBaseMs: 1000,
    claimLeaseMs: 5 * 60_000,
    claimWaitMs: 60 * 60_000,
};


/***/ })

};
