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
import {
  CopyObjectCommand,
  UploadPartCopyCommand,
  type CompletedPart,
  type S3Client,
} from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { cancelSignal, cancelled, onCancel } from '../common/cancel.js';
import { UserError, errorMessage } from '../common/errors.js';
import { formatBytes } from '../common/log.js';
import { mapLimit, type Semaphore } from '../common/limit.js';
import { awsErrorName, compareExisting, sha256Base64 } from './plan.js';
import {
  completeMultipart,
  existingMatches,
  headObject,
  isConditionFailed,
  race,
  retryConflict,
  s3Uri,
  startMultipart,
  uploadOne,
  writeCondition,
  type S3Target,
  type UploadItem,
  type WriteCondition,
} from './s3.js';
import type { PublishOptions } from './types.js';

/** The bucket the copies come from: the first region's, reached through a client of its region. */
export interface CopySource {
  s3: S3Client;
  bucket: string;
  region: string;
  account: string;
}

export interface TransferOutcome {
  uploaded: UploadItem[];
  copied: UploadItem[];
  skipped: UploadItem[];
  /** Why files went from the runner instead of being copied (the first refusal). */
  refused?: string;
}

/** S3 said no to a copy: the file goes from the runner instead. */
class CopyRefused extends Error {}

/** S3 copied other bytes than the manifest names. */
class CopyMismatch extends Error {}

/** CopySource of a request: bucket/key, each path segment URL-encoded. */
const copySource = (bucket: string, key: string) =>
  `${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;

/**
 * Puts every item into the target's bucket: copied from `from` when given, else (and after a refused
 * copy) uploaded from the runner. Items already there with their bytes are skipped.
 */
export async function transferAll(
  t: S3Target,
  items: readonly UploadItem[],
  opts: PublishOptions,
  parts: Semaphore,
  from?: CopySource,
): Promise<TransferOutcome> {
  let refused: string | undefined;
  const verdicts = await mapLimit(items, opts.fileConcurrency, async (item) => {
    if (!from || refused) return uploadOne(t, item, opts, parts);
    try {
      return await copyOne(t, from, item, opts);
    } catch (err) {
      if (!(err instanceof CopyRefused)) throw err;
      if (!refused) {
        refused = err.message;
        t.log.warning(
          `copying from ${from.region} was refused (${err.message}); this region's files go from the runner`,
        );
      }
      return uploadOne(t, item, opts, parts);
    }
  });
  const pick = (v: string) => items.filter((_, i) => verdicts[i] === v);
  return {
    uploaded: pick('uploaded'),
    copied: pick('copied'),
    skipped: pick('skipped'),
    ...(refused ? { refused } : {}),
  };
}

/** Copies one item unless it is there already; throws CopyRefused when the runner should send it. */
async function copyOne(
  t: S3Target,
  from: CopySource,
  item: UploadItem,
  opts: PublishOptions,
): Promise<'copied' | 'skipped'> {
  const before = await existingMatches(t, item);
  if (before.same === true) {
    t.log.info(`${item.name}: already in ${s3Uri(t, item.key)} with the same SHA-256, not copied again`);
    return 'skipped';
  }
  const condition = writeCondition(t, item, before);
  const etag = await sourceEtag(t, from, item);
  const t0 = performance.now();
  try {
    if (item.size >= opts.copyPartThreshold) await copyParts(t, from, item, etag, opts, condition);
    else
      await retryConflict(t, opts, `copying ${item.name}`, () => copyWhole(t, from, item, etag, condition));
  } catch (err) {
    if (isConditionFailed(err)) {
      // Someone wrote the key since we looked, or the source changed (then the key is still empty).
      const now = await existingMatches(t, item);
      if (now.same === true) return 'skipped';
      if (now.same === false) throw race(t, item);
      throw new CopyRefused(`s3://${from.bucket}/${item.key} changed while it was copied`);
    }
    if (cancelled() || err instanceof CopyMismatch || err instanceof UserError) throw err;
    if (!(err instanceof Error) || !('$metadata' in err)) throw err;
    throw new CopyRefused(`${awsErrorName(err) || 'error'}: ${errorMessage(err)}`);
  }
  t.log.info(
    `${item.name}: copied ${formatBytes(item.size)} from s3://${from.bucket}/${item.key} to ${s3Uri(t, item.key)} in ${Math.round(performance.now() - t0)} ms`,
  );
  return 'copied';
}

/** The ETag of the source object, once it is known to hold the item's bytes; else CopyRefused. */
async function sourceEtag(t: S3Target, from: CopySource, item: UploadItem): Promise<string> {
  const src: S3Target = {
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
  } catch (err) {
    throw new CopyRefused(errorMessage(err));
  }
  if (!obj) throw new CopyRefused(`${where} is not there`);
  // 'unknown' (a multipart source's composite checksum) may be copied: the copy's own ChecksumSHA256,
  // computed by S3 from the bytes, is checked against the manifest afterwards. Metadata is no proof.
  if (compareExisting(obj, item.sha256, item.size) === 'different' || !obj.etag)
    throw new CopyRefused(`${where} does not show the SHA-256 of this build's ${item.name}`);
  return obj.etag;
}

function mismatch(
  t: S3Target,
  from: CopySource,
  item: UploadItem,
  got: string | undefined,
  what: string,
  wanted: string,
) {
  const kept = what === 'the whole file' ? 'no document version points at the copy' : 'the copy was aborted';
  return new CopyMismatch(
    `the copy of ${item.name} from s3://${from.bucket}/${item.key} to ${s3Uri(t, item.key)} has ${got ? `SHA-256 (base64) ${got}` : 'no SHA-256'} for ${what}, not this build's (${wanted}): the source object is not the file its metadata names; ${kept}. Remove s3://${from.bucket}/${item.key}, then re-run`,
  );
}

/** One CopyObject; S3 computes the copy's SHA-256, which must be the manifest's. */
async function copyWhole(
  t: S3Target,
  from: CopySource,
  item: UploadItem,
  etag: string,
  condition: WriteCondition,
): Promise<void> {
  const out = await t.s3.send(
    new CopyObjectCommand({
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
    }),
    { abortSignal: cancelSignal() },
  );
  const got = out.CopyObjectResult?.ChecksumSHA256;
  if (got !== sha256Base64(item.sha256))
    throw mismatch(t, from, item, got, 'the whole file', sha256Base64(item.sha256));
}

/** SHA-256 (base64) of each part of the local file, checking the whole against the manifest. */
async function partSums(item: UploadItem, partSize: number): Promise<string[]> {
  const whole = createHash('sha256');
  const sums: string[] = [];
  const fh = await open(item.path!, 'r');
  try {
    const buf = Buffer.allocUnsafe(partSize);
    for (let offset = 0; offset < item.size; offset += partSize) {
      const part = createHash('sha256');
      const len = Math.min(partSize, item.size - offset);
      for (let done = 0; done < len;) {
        const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, len - done), offset + done);
        if (bytesRead === 0) throw new Error(`${item.path} ended early at byte ${offset + done}`);
        part.update(buf.subarray(0, bytesRead));
        whole.update(buf.subarray(0, bytesRead));
        done += bytesRead;
      }
      sums.push(part.digest('base64'));
    }
  } finally {
    await fh.close();
  }
  const hex = whole.digest('hex');
  if (hex !== item.sha256.toLowerCase())
    throw new Error(
      `${item.path} changed on disk after the package was built (SHA-256 ${hex}, manifest says ${item.sha256}); rebuild the package`,
    );
  return sums;
}

/**
 * A multipart copy (UploadPartCopy), each part's SHA-256 checked against the local file's; the object
 * exists only once CompleteMultipartUpload has run, after every part matched, and the upload is
 * aborted on any failure (and on a cancel).
 */
async function copyParts(
  t: S3Target,
  from: CopySource,
  item: UploadItem,
  etag: string,
  opts: PublishOptions,
  condition: WriteCondition,
): Promise<void> {
  // At most 10,000 parts per upload.
  const partSize = Math.max(opts.partSize, Math.ceil(item.size / 10_000));
  const sums = await partSums(item, partSize);
  const upload = await startMultipart(t, item);
  const forget = onCancel(upload.abort);
  try {
    const numbered = sums.map((sum, i) => ({ sum, n: i + 1 }));
    const done = await mapLimit(numbered, opts.fileConcurrency, ({ sum, n }) =>
      copyPart(t, from, item, etag, upload.uploadId, n, partSize, sum),
    );
    await retryConflict(t, opts, `completing the copy of ${item.name}`, () =>
      completeMultipart(t, item, upload.uploadId, done, condition),
    );
  } catch (err) {
    await upload
      .abort()
      .catch((e: unknown) =>
        t.log.warning(`could not abort the multipart copy of ${item.key}: ${errorMessage(e)}`),
      );
    throw err;
  } finally {
    forget();
  }
}

async function copyPart(
  t: S3Target,
  from: CopySource,
  item: UploadItem,
  etag: string,
  uploadId: string,
  n: number,
  partSize: number,
  sum: string,
): Promise<CompletedPart> {
  const start = (n - 1) * partSize;
  const end = Math.min(start + partSize, item.size) - 1;
  const out = await t.s3.send(
    new UploadPartCopyCommand({
      Bucket: t.bucket,
      Key: item.key,
      UploadId: uploadId,
      PartNumber: n,
      CopySource: copySource(from.bucket, item.key),
      CopySourceRange: `bytes=${start}-${end}`,
      CopySourceIfMatch: etag,
      ExpectedBucketOwner: t.account,
      ExpectedSourceBucketOwner: from.account,
    }),
    { abortSignal: cancelSignal() },
  );
  const got = out.CopyPartResult?.ChecksumSHA256;
  if (got !== sum) throw mismatch(t, from, item, got, `part ${n} (bytes ${start}-${end})`, sum);
  return { PartNumber: n, ETag: out.CopyPartResult!.ETag!, ChecksumSHA256: sum };
}
