/**
 * S3 side of publishing: the package files under the version's prefix (the bucket itself: bucket.ts).
 * Objects are written only when absent (If-None-Match: *), with a SHA-256 that S3 checks; an object
 * that is already there is compared, never replaced.
 */
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  UploadPartCommand,
  type CompletedPart,
  type S3Client,
} from '@aws-sdk/client-s3';
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import pRetry, { AbortError } from 'p-retry';
import { cancelSignal, onCancel } from '../common/cancel.js';
import { UserError, errorMessage } from '../common/errors.js';
import type { Log } from '../common/log.js';
import { formatBytes } from '../common/log.js';
import { mapLimit, type Semaphore } from '../common/limit.js';
import {
  SHA256_METADATA,
  awsErrorName,
  compareExisting,
  awsFailure,
  httpStatus,
  sha256Base64,
  type ExistingObject,
} from './plan.js';
import type { PublishOptions } from './types.js';
import { ref, refValue } from '../common/names.js';
import { nextVersionName } from './version-name.js';

/** The version name in a package version's key prefix (its last part: uptycs/UptycsAgent/5.7.0.25/). */
const versionOf = (prefix: string) => prefix.split('/').filter(Boolean).pop() ?? 'version';

/** Where a region's files go, and how to reach it. */
export interface S3Target {
  s3: S3Client;
  bucket: string;
  prefix: string;
  account: string;
  region: string;
  /** Names the principal in error messages. */
  principal: string;
  log: Log;
  /**
   * True when no document version points at this version's objects (none was ever created, or the
   * one that was Failed and is gone), as read while holding the folder's claim (claim.ts), which is
   * held until the document version is Active: objects found there with other bytes were left by a
   * run that never published, and may be replaced (only while they are still the object we read).
   * Never set without the claim (the sends of a pipelined run never replace anything).
   */
  mayReplace?: boolean;
  /** The bucket's name has no {region}: documents of other regions, of other runs, may name its files. */
  sharedBucket?: boolean;
}

/** One object to publish: a zip on disk or the manifest held in memory. */
export interface UploadItem {
  name: string;
  key: string;
  sha256: string;
  size: number;
  contentType: string;
  /** Path on disk (zips). */
  path?: string;
  /** Bytes in memory (manifest.json). */
  data?: Buffer;
}

export interface UploadOutcome {
  uploaded: UploadItem[];
  skipped: UploadItem[];
}

export const s3Uri = (t: S3Target, key = '') => `s3://${t.bucket}/${key}`;

export function isNotFound(err: unknown): boolean {
  return httpStatus(err) === 404 || /NotFound|NoSuchKey|NoSuchBucket/.test(awsErrorName(err));
}

/** The write's condition did not hold (412): someone else's object is at the key, or not the one we read. */
export function isConditionFailed(err: unknown): boolean {
  return httpStatus(err) === 412 || awsErrorName(err) === 'PreconditionFailed';
}

/**
 * 409 ConditionalRequestConflict: another write to the key was in flight while S3 checked the
 * condition. S3 documents it as "retry": it says nothing of what the key holds.
 */
export function isConditionalConflict(err: unknown): boolean {
  return awsErrorName(err) === 'ConditionalRequestConflict';
}

/** Throttling, 5xx, timeouts, network errors and conditional-write conflicts: worth another attempt. */
export function isRetryableS3(err: unknown): boolean {
  const name = awsErrorName(err);
  const status = httpStatus(err);
  if (isConditionalConflict(err)) return true;
  if (status === undefined)
    return /ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|socket|network|TimeoutError|RequestTimeout/i.test(
      `${name} ${errorMessage(err)}`,
    );
  return status >= 500 || status === 429 || /SlowDown|RequestTimeout|Throttl/i.test(name);
}

/** HeadObject with checksums; undefined when there is no object at the key. */
export async function headObject(t: S3Target, key: string): Promise<ExistingObject | undefined> {
  try {
    const h = await t.s3.send(
      new HeadObjectCommand({
        Bucket: t.bucket,
        Key: key,
        ChecksumMode: 'ENABLED',
        ExpectedBucketOwner: t.account,
      }),
    );
    return {
      ...(h.ContentLength !== undefined ? { size: h.ContentLength } : {}),
      ...(h.Metadata ? { metadata: h.Metadata } : {}),
      ...(h.ChecksumSHA256 ? { checksumSha256: h.ChecksumSHA256 } : {}),
      ...(h.ChecksumType ? { checksumType: h.ChecksumType } : {}),
      ...(h.ETag ? { etag: h.ETag } : {}),
    };
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw awsFailure(err, 's3:GetObject', s3Uri(t, key), t.principal);
  }
}

/** Hashes an object's content by streaming it (for objects written without a checksum we can read). */
async function hashObject(t: S3Target, key: string): Promise<string> {
  try {
    const out = await t.s3.send(
      new GetObjectCommand({ Bucket: t.bucket, Key: key, ExpectedBucketOwner: t.account }),
    );
    const hash = createHash('sha256');
    for await (const chunk of out.Body as Readable) hash.update(chunk as Buffer);
    return hash.digest('hex');
  } catch (err) {
    throw awsFailure(err, 's3:GetObject', s3Uri(t, key), t.principal);
  }
}

/** Whether the object at the key holds the item's bytes (undefined when there is none), and its ETag. */
export async function existingMatches(
  t: S3Target,
  item: UploadItem,
): Promise<{ same: boolean | undefined; etag?: string }> {
  const obj = await headObject(t, item.key);
  if (!obj) return { same: undefined };
  const etag = obj.etag ? { etag: obj.etag } : {};
  const verdict = compareExisting(obj, item.sha256, item.size);
  if (verdict !== 'unknown') return { same: verdict === 'same', ...etag };
  return { same: (await hashObject(t, item.key)) === item.sha256.toLowerCase(), ...etag };
}

/**
 * An object at a key holds other bytes than the item's, and this run may not replace it (or another
 * writer got there between our read and our write): the sends of a pipelined run (early.ts) leave
 * such an item to the region's own steps, which decide under the folder's claim.
 */
export class TakenKey extends UserError {}

/** The race() error: another writer changed the key between our read and our conditional write. */
export class KeyRace extends Error {}

function conflict(t: S3Target, item: UploadItem): UserError {
  const why = t.sharedBucket
    ? ` (${ref('s3-bucket')} has no {region}, so a document in another region may name this file: one version name has one content everywhere)`
    : '';
  return new TakenKey(
    `${ref('version-name')}: ${s3Uri(t, item.key)} already holds a different ${item.name} than this build (SHA-256 ${item.sha256})${why}. Published files are never overwritten. If this version was already published with other content, publish the changed build under a new version name, e.g. ${refValue('version-name', nextVersionName(versionOf(t.prefix)))}; if that object was changed after it was published (its bytes are not the ones the published manifest names), remove it (aws s3 rm ${s3Uri(t, item.key)}) and run again.`,
  );
}

/** Another writer changed the object between our read and our conditional write. */
export function race(t: S3Target, item: UploadItem): Error {
  return new KeyRace(
    `${s3Uri(t, item.key)} was written by someone else while this run was uploading ${item.name} (another run publishing the same version with other content at the same time); nothing was overwritten. Re-run when the other run has finished.`,
  );
}

/** The condition of a write: the key is still empty, or still holds the object we read. */
export type WriteCondition = { IfNoneMatch: '*' } | { IfMatch: string };

/**
 * Runs `attempt`, then again while `retryable` says so of its error (opts.uploadAttempts in all,
 * backing off from opts.retryBaseMs); any other error ends it at once. `said` tells of each failure.
 */
function retryWhen<T>(
  opts: Pick<PublishOptions, 'uploadAttempts' | 'retryBaseMs'>,
  retryable: (err: unknown) => boolean,
  said: (error: Error, attemptNumber: number) => void,
  attempt: () => Promise<T>,
): Promise<T> {
  return pRetry(
    async () => {
      try {
        return await attempt();
      } catch (err) {
        if (retryable(err)) throw err;
        throw new AbortError(err as Error);
      }
    },
    {
      retries: opts.uploadAttempts - 1,
      minTimeout: opts.retryBaseMs,
      onFailedAttempt: ({ error, attemptNumber }) => said(error, attemptNumber),
    },
  );
}

/** One upload again on a retryable S3 error; `what` names it in the debug log. */
function uploadRetry<T>(
  t: S3Target,
  opts: PublishOptions,
  what: string,
  attempt: () => Promise<T>,
): Promise<T> {
  return retryWhen(
    opts,
    isRetryableS3,
    (error, n) => t.log.debug(`upload of ${what} attempt ${n} failed: ${errorMessage(error)}`),
    attempt,
  );
}

/**
 * A conditional write again while S3 answers ConditionalRequestConflict (409: another write to the key
 * was in flight), up to opts.uploadAttempts in all; the condition decides on the next attempt.
 */
export function retryConflict<T>(
  t: S3Target,
  opts: Pick<PublishOptions, 'uploadAttempts' | 'retryBaseMs'>,
  what: string,
  attempt: () => Promise<T>,
): Promise<T> {
  return retryWhen(
    opts,
    isConditionalConflict,
    (_error, n) => t.log.info(`${what}: S3 answered ConditionalRequestConflict (attempt ${n}); trying again`),
    attempt,
  );
}

async function putSingle(
  t: S3Target,
  item: UploadItem,
  opts: PublishOptions,
  condition: WriteCondition,
): Promise<void> {
  const base = {
    Bucket: t.bucket,
    Key: item.key,
    ContentType: item.contentType,
    ContentLength: item.size,
    ChecksumAlgorithm: 'SHA256' as const,
    ChecksumSHA256: sha256Base64(item.sha256),
    Metadata: { [SHA256_METADATA]: item.sha256 },
    ...condition,
    ExpectedBucketOwner: t.account,
  };
  // The SDK does not retry a stream body (it cannot be replayed): each attempt here opens the file again.
  await uploadRetry(t, opts, item.name, async () => {
    const Body = item.data ?? createReadStream(item.path!);
    await t.s3.send(new PutObjectCommand({ ...base, Body }), { abortSignal: cancelSignal() });
  });
}

/**
 * Reads `length` bytes at `position` through `buf` (short reads are continued), handing each chunk
 * to the hashes: the part's and the whole file's.
 */
async function hashRange(
  fh: import('node:fs/promises').FileHandle,
  buf: Buffer,
  position: number,
  length: number,
  hashes: Hash[],
): Promise<void> {
  for (let done = 0; done < length;) {
    const want = Math.min(buf.length, length - done);
    const { bytesRead } = await fh.read(buf, 0, want, position + done);
    if (bytesRead === 0) throw new Error(`file ended early at byte ${position + done}`);
    for (const h of hashes) h.update(buf.subarray(0, bytesRead));
    done += bytesRead;
  }
}

/**
 * Multipart upload: each part is hashed from disk (the whole file's SHA-256 on the way), then streamed
 * from disk with that SHA-256, which S3 checks; parts go up in parallel. No part is held in memory, so
 * memory stays the same whatever the part size, the number of parts in flight or the file's size.
 * The upload is completed only when the file's hash matches the manifest's, and aborted on failure.
 */
async function putMultipart(
  t: S3Target,
  item: UploadItem,
  opts: PublishOptions,
  parts: Semaphore,
  condition: WriteCondition,
): Promise<void> {
  const upload = await startMultipart(t, item);
  // A cancelled run aborts the upload, so that no invisible parts are left behind.
  const forget = onCancel(upload.abort);
  const fh = await open(item.path!, 'r');
  try {
    const { done, hex } = await uploadParts(t, item, opts, parts, upload.uploadId, fh);
    if (hex !== item.sha256.toLowerCase())
      throw new Error(
        `${item.path} changed on disk after the package was built (SHA-256 ${hex}, manifest says ${item.sha256}); rebuild the package`,
      );
    await retryConflict(t, opts, `completing ${item.name}`, () =>
      completeMultipart(t, item, upload.uploadId, done, condition),
    );
  } catch (err) {
    await upload
      .abort()
      .catch((e: unknown) =>
        t.log.warning(`could not abort the multipart upload of ${item.key}: ${errorMessage(e)}`),
      );
    throw err;
  } finally {
    forget();
    await fh.close();
  }
}

/** CreateMultipartUpload with SHA-256 checksums; returns its id and how to abort it. */
export async function startMultipart(
  t: S3Target,
  item: UploadItem,
): Promise<{ uploadId: string; abort: () => Promise<unknown> }> {
  const created = await t.s3.send(
    new CreateMultipartUploadCommand({
      Bucket: t.bucket,
      Key: item.key,
      ContentType: item.contentType,
      ChecksumAlgorithm: 'SHA256',
      Metadata: { [SHA256_METADATA]: item.sha256 },
      ExpectedBucketOwner: t.account,
    }),
  );
  const uploadId = created.UploadId!;
  const abort = () =>
    t.s3.send(
      new AbortMultipartUploadCommand({
        Bucket: t.bucket,
        Key: item.key,
        UploadId: uploadId,
        ExpectedBucketOwner: t.account,
      }),
    );
  return { uploadId, abort };
}

/**
 * Hashes the parts one after the other, each holding a slot of the part semaphore from its hashing
 * until its upload ends; stops at the first failed part. Returns the parts and the file's SHA-256.
 */
async function uploadParts(
  t: S3Target,
  item: UploadItem,
  opts: PublishOptions,
  parts: Semaphore,
  uploadId: string,
  fh: import('node:fs/promises').FileHandle,
): Promise<{ done: CompletedPart[]; hex: string }> {
  const whole = createHash('sha256');
  const buf = Buffer.allocUnsafe(Math.min(1 << 20, opts.partSize));
  const done: CompletedPart[] = [];
  const running: Promise<void>[] = [];
  let failed: { error: unknown } | undefined;
  for (let offset = 0, n = 1; offset < item.size && !failed; offset += opts.partSize, n++) {
    await parts.acquire();
    if (failed) {
      parts.release();
      break;
    }
    const length = Math.min(opts.partSize, item.size - offset);
    const part = createHash('sha256');
    try {
      await hashRange(fh, buf, offset, length, [whole, part]);
    } catch (err) {
      parts.release();
      throw err;
    }
    const sum = part.digest('base64');
    const partNumber = n;
    running.push(
      uploadPart(t, item, opts, { uploadId, partNumber, offset, length, sum })
        .then((ETag) => {
          done.push({ PartNumber: partNumber, ETag, ChecksumSHA256: sum });
        })
        .catch((error: unknown) => {
          failed ??= { error };
        })
        .finally(() => parts.release()),
    );
  }
  await Promise.all(running);
  if (failed) throw failed.error;
  done.sort((a, b) => a.PartNumber! - b.PartNumber!);
  return { done, hex: whole.digest('hex') };
}

/**
 * One part, streamed from the file. The SDK cannot replay a stream, so each attempt here opens the
 * range again; bytes that changed since they were hashed fail S3's check of the part's SHA-256.
 */
async function uploadPart(
  t: S3Target,
  item: UploadItem,
  opts: PublishOptions,
  p: { uploadId: string; partNumber: number; offset: number; length: number; sum: string },
): Promise<string> {
  return uploadRetry(t, opts, `${item.name} part ${p.partNumber}`, async () => {
    const Body = createReadStream(item.path!, { start: p.offset, end: p.offset + p.length - 1 });
    try {
      const r = await t.s3.send(
        new UploadPartCommand({
          Bucket: t.bucket,
          Key: item.key,
          UploadId: p.uploadId,
          PartNumber: p.partNumber,
          Body,
          ContentLength: p.length,
          ChecksumAlgorithm: 'SHA256',
          ChecksumSHA256: p.sum,
          ExpectedBucketOwner: t.account,
        }),
        { abortSignal: cancelSignal() },
      );
      return r.ETag!;
    } catch (err) {
      Body.destroy();
      throw err;
    }
  });
}

export async function completeMultipart(
  t: S3Target,
  item: UploadItem,
  uploadId: string,
  done: CompletedPart[],
  condition: WriteCondition,
): Promise<void> {
  await t.s3.send(
    new CompleteMultipartUploadCommand({
      Bucket: t.bucket,
      Key: item.key,
      UploadId: uploadId,
      MultipartUpload: { Parts: done },
      ...condition,
      ExpectedBucketOwner: t.account,
    }),
  );
}

/**
 * The condition of writing an item that is not there with its bytes: the key is empty, or holds
 * another object that may be replaced (see S3Target.mayReplace); otherwise the conflict is thrown.
 */
export function writeCondition(
  t: S3Target,
  item: UploadItem,
  before: { same: boolean | undefined; etag?: string },
): WriteCondition {
  if (before.same !== false) return { IfNoneMatch: '*' };
  if (!t.mayReplace || !before.etag) throw conflict(t, item);
  t.log.warning(
    `${s3Uri(t, item.key)} holds another ${item.name} that no document version points at (left by a run that never published this version); replacing it`,
  );
  return { IfMatch: before.etag };
}

export async function uploadOne(
  t: S3Target,
  item: UploadItem,
  opts: PublishOptions,
  parts: Semaphore,
): Promise<'uploaded' | 'skipped'> {
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
    else await putSingle(t, item, opts, condition);
  } catch (err) {
    if (isConditionFailed(err)) {
      // Someone wrote the key since we looked (a parallel region sharing the bucket, another run), or
      // our own write landed and its answer was lost.
      const now = await existingMatches(t, item);
      if (now.same === true) return 'skipped';
      throw race(t, item);
    }
    if (err instanceof UserError || (err instanceof Error && !('$metadata' in err))) throw err;
    throw awsFailure(err, 's3:PutObject', s3Uri(t, item.key), t.principal);
  }
  t.log.info(
    `${item.name}: uploaded ${formatBytes(item.size)} to ${s3Uri(t, item.key)} in ${Math.round(performance.now() - t0)} ms`,
  );
  return 'uploaded';
}

/** Uploads the items that are not there yet, a few at a time. Fails on the first conflict or error. */
export async function uploadAll(
  t: S3Target,
  items: readonly UploadItem[],
  opts: PublishOptions,
  parts: Semaphore,
): Promise<UploadOutcome> {
  const verdicts = await mapLimit(items, opts.fileConcurrency, (item) => uploadOne(t, item, opts, parts));
  return {
    uploaded: items.filter((_, i) => verdicts[i] === 'uploaded'),
    skipped: items.filter((_, i) => verdicts[i] === 'skipped'),
  };
}

/** Checks that every item is in S3 with its size and SHA-256, before any document points at them. */
export async function verifyAll(
  t: S3Target,
  items: readonly UploadItem[],
  opts: PublishOptions,
): Promise<void> {
  await mapLimit(items, opts.fileConcurrency * 2, async (item) => {
    const { same } = await existingMatches(t, item);
    if (same === undefined) throw new Error(`${s3Uri(t, item.key)} is missing after the upload`);
    if (!same) throw race(t, item);
  });
}
