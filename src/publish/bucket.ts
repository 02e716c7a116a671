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
import {
  CreateBucketCommand,
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketOwnershipControlsCommand,
  GetPublicAccessBlockCommand,
  HeadBucketCommand,
  PutBucketEncryptionCommand,
  PutBucketLifecycleConfigurationCommand,
  PutPublicAccessBlockCommand,
  type LifecycleRule,
} from '@aws-sdk/client-s3';
import pRetry, { AbortError } from 'p-retry';
import { UserError, errorMessage } from '../common/errors.js';
import { sleep } from '../common/limit.js';
import { ref } from '../common/names.js';
import { awsErrorName, awsFailure, httpStatus } from './plan.js';
import { isNotFound, isRetryableS3, type S3Target } from './s3.js';
import type { BucketSettings, PublishOptions } from './types.js';

/**
 * The lifecycle rule of the buckets this action creates: multipart uploads that a cancelled or killed
 * run left incomplete are aborted after a day (they are invisible, but S3 bills their parts).
 */
export const ABORT_INCOMPLETE_UPLOADS = {
  ID: 'abort-incomplete-multipart-uploads',
  Status: 'Enabled' as const,
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
export const SETTLE_ATTEMPTS = 6;

/** S3's "not yet" right after a bucket is created or while another bucket operation runs. */
export function isNotSettled(err: unknown): boolean {
  const name = awsErrorName(err);
  return name === 'OperationAborted' || name === 'NoSuchBucket' || (httpStatus(err) === 409 && !name);
}

/**
 * One bucket call, again while S3 says "not yet" (or a retryable error), at most SETTLE_ATTEMPTS
 * times with doubling waits from opts.retryBaseMs (1 s: at most about 31 s in all); any other error at
 * once. Every failed attempt is said at info level: the run goes on only when the call succeeded.
 */
export function settled<T>(
  t: S3Target,
  opts: Pick<PublishOptions, 'retryBaseMs'>,
  what: string,
  fn: () => Promise<T>,
): Promise<T> {
  return pRetry(
    async () => {
      try {
        return await fn();
      } catch (err) {
        if (isNotSettled(err) || isRetryableS3(err)) throw err;
        throw new AbortError(err as Error);
      }
    },
    {
      retries: SETTLE_ATTEMPTS - 1,
      minTimeout: opts.retryBaseMs,
      factor: 2,
      onFailedAttempt: ({ error, attemptNumber, retriesLeft }) => {
        if (retriesLeft > 0)
          t.log.info(
            `${what} on bucket ${t.bucket}: S3 answered ${awsErrorName(error) || errorMessage(error)} (attempt ${attemptNumber}); trying again`,
          );
      },
    },
  );
}

/** HeadBucket: true when the account's bucket is there, false when there is none; throws otherwise. */
async function bucketExists(t: S3Target): Promise<boolean> {
  const { s3, bucket, region, account, log } = t;
  try {
    const head = await s3.send(new HeadBucketCommand({ Bucket: bucket, ExpectedBucketOwner: account }));
    if (head.BucketRegion && head.BucketRegion !== region)
      log.warning(
        `bucket ${bucket} is in ${head.BucketRegion}, not ${region}; Distributor reads the files from there (opt-in regions need a bucket in the same region: put {region} in s3-bucket)`,
      );
    return true;
  } catch (err) {
    if (httpStatus(err) === 403)
      throw new UserError(
        `${ref('s3-bucket')}: bucket ${bucket} exists but ${t.principal} cannot use it: it belongs to another account, or s3:ListBucket is not granted on arn:aws:s3:::${bucket}. Choose another s3-bucket (the default includes {account}) or grant the permissions in iam/publisher-policy.json`,
      );
    if (!isNotFound(err)) throw awsFailure(err, 's3:ListBucket', `bucket ${bucket}`, t.principal);
    return false;
  }
}

/**
 * CreateBucket, owner enforced; 'existing' when another region or run created it meanwhile.
 * OperationAborted (the name is being created or deleted elsewhere) is retried.
 */
async function createBucket(
  t: S3Target,
  opts: Pick<PublishOptions, 'retryBaseMs'>,
): Promise<'existing' | 'created'> {
  const { s3, bucket, region, log } = t;
  try {
    await settled(t, opts, 'CreateBucket', () =>
      s3.send(
        new CreateBucketCommand({
          Bucket: bucket,
          ObjectOwnership: 'BucketOwnerEnforced',
          ...(region === 'us-east-1'
            ? {}
            : { CreateBucketConfiguration: { LocationConstraint: region as never } }),
        }),
      ),
    );
    return 'created';
  } catch (err) {
    const name = awsErrorName(err);
    if (name === 'BucketAlreadyOwnedByYou') {
      log.info(`bucket ${bucket} was created meanwhile (another region or run)`);
      return 'existing';
    }
    if (name === 'BucketAlreadyExists')
      throw new UserError(
        `${ref('s3-bucket')}: the bucket name ${bucket} is taken by another AWS account; choose another name (keep {account} in it)`,
      );
    throw awsFailure(err, 's3:CreateBucket', `bucket ${bucket}`, t.principal);
  }
}

/** A setting that is absent answers a 404 of its own name: undefined; "not yet" and other errors throw. */
async function readSetting<T>(
  t: S3Target,
  opts: Pick<PublishOptions, 'retryBaseMs'>,
  action: string,
  absent: string,
  fn: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await settled(t, opts, action.replace(/^s3:/, ''), fn);
  } catch (err) {
    if (awsErrorName(err) === absent) return undefined;
    throw awsFailure(err, action, `bucket ${t.bucket}`, t.principal);
  }
}

/** A rule that aborts incomplete multipart uploads of the whole bucket. */
const abortsUploads = (rules: LifecycleRule[]) =>
  rules.some(
    (r) =>
      r.Status === 'Enabled' &&
      r.AbortIncompleteMultipartUpload?.DaysAfterInitiation !== undefined &&
      !r.Filter?.Prefix &&
      !r.Filter?.Tag &&
      !r.Filter?.And &&
      !r.Prefix,
  );

/** What the bucket holds now, read (each read retried while S3 says "not yet"). */
async function readSettings(
  t: S3Target,
  opts: Pick<PublishOptions, 'retryBaseMs'>,
): Promise<{
  blocked: boolean;
  encryption: string;
  ownerEnforced: boolean;
  rules: LifecycleRule[] | undefined;
}> {
  const owner = { Bucket: t.bucket, ExpectedBucketOwner: t.account };
  const [pab, enc, own, life] = await Promise.all([
    readSetting(t, opts, 's3:GetBucketPublicAccessBlock', 'NoSuchPublicAccessBlockConfiguration', () =>
      t.s3.send(new GetPublicAccessBlockCommand(owner)),
    ),
    readSetting(
      t,
      opts,
      's3:GetEncryptionConfiguration',
      'ServerSideEncryptionConfigurationNotFoundError',
      () => t.s3.send(new GetBucketEncryptionCommand(owner)),
    ),
    readSetting(t, opts, 's3:GetBucketOwnershipControls', 'OwnershipControlsNotFoundError', () =>
      t.s3.send(new GetBucketOwnershipControlsCommand(owner)),
    ),
    readSetting(t, opts, 's3:GetLifecycleConfiguration', 'NoSuchLifecycleConfiguration', () =>
      t.s3.send(new GetBucketLifecycleConfigurationCommand(owner)),
    ),
  ]);
  const c = pab?.PublicAccessBlockConfiguration ?? {};
  const algorithm =
    enc?.ServerSideEncryptionConfiguration?.Rules?.map(
      (r) => r.ApplyServerSideEncryptionByDefault?.SSEAlgorithm,
    )
      .filter(Boolean)
      .join(', ') ?? '';
  return {
    blocked: Object.keys(PUBLIC_ACCESS_BLOCK).every((k) => c[k as keyof typeof c] === true),
    encryption: algorithm,
    ownerEnforced: Boolean(
      own?.OwnershipControls?.Rules?.some((r) => r.ObjectOwnership === 'BucketOwnerEnforced'),
    ),
    rules: life?.Rules,
  };
}

interface Fix {
  /** What is missing, for the log and the error. */
  problem: string;
  action: string;
  /** The AWS CLI command that sets it by hand. */
  command: string;
  put: () => Promise<unknown>;
  /** The field of BucketSettings this fix makes true. */
  field: 'publicAccessBlocked' | 'encryption' | 'abortsIncompleteUploads';
}

function fixes(
  t: S3Target,
  want: { blocked: boolean; encryption: string; rules: LifecycleRule[] | undefined },
): Fix[] {
  const owner = { Bucket: t.bucket, ExpectedBucketOwner: t.account };
  const out: Fix[] = [];
  if (!want.blocked)
    out.push({
      problem: 'does not block all public access',
      action: 's3:PutBucketPublicAccessBlock',
      command: `aws s3api put-public-access-block --bucket ${t.bucket} --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true`,
      put: () =>
        t.s3.send(
          new PutPublicAccessBlockCommand({ ...owner, PublicAccessBlockConfiguration: PUBLIC_ACCESS_BLOCK }),
        ),
      field: 'publicAccessBlocked',
    });
  if (!want.encryption)
    out.push({
      problem: 'has no default encryption',
      action: 's3:PutEncryptionConfiguration',
      command: `aws s3api put-bucket-encryption --bucket ${t.bucket} --server-side-encryption-configuration '{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"AES256"}}]}'`,
      put: () =>
        t.s3.send(
          new PutBucketEncryptionCommand({
            ...owner,
            ServerSideEncryptionConfiguration: {
              Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
            },
          }),
        ),
      field: 'encryption',
    });
  // PutBucketLifecycleConfiguration replaces every rule: only a bucket with none gets ours.
  if (!want.rules?.length)
    out.push({
      problem: 'has no lifecycle rule aborting incomplete multipart uploads',
      action: 's3:PutLifecycleConfiguration',
      command: `aws s3api put-bucket-lifecycle-configuration --bucket ${t.bucket} (see docs/how-it-works.md#publishing-to-aws)`,
      put: () =>
        t.s3.send(
          new PutBucketLifecycleConfigurationCommand({
            ...owner,
            LifecycleConfiguration: { Rules: [ABORT_INCOMPLETE_UPLOADS] },
          }),
        ),
      field: 'abortsIncompleteUploads',
    });
  return out;
}

/** Sets what is missing, all at once; one error naming the first setting S3 refused (after its retries). */
async function applyFixes(
  t: S3Target,
  opts: Pick<PublishOptions, 'retryBaseMs'>,
  list: Fix[],
  created: boolean,
): Promise<void> {
  const outcomes = await Promise.allSettled(
    list.map((f) => settled(t, opts, f.action.replace(/^s3:/, ''), f.put)),
  );
  outcomes.forEach((o, i) => {
    if (o.status === 'fulfilled') return;
    const f = list[i]!;
    const cause = awsFailure(o.reason, f.action, `bucket ${t.bucket}`, t.principal).message;
    throw new UserError(
      created
        ? `${ref('s3-bucket')}: bucket ${t.bucket} was created but ${cause}; nothing was uploaded. Re-run (the bucket is checked and completed), or set it by hand: ${f.command}`
        : `${ref('s3-bucket')}: bucket ${t.bucket} ${f.problem}, and setting it failed: ${cause}; nothing was uploaded. Set it by hand (${f.command}), then re-run`,
    );
  });
}

/** How long a region waits for the home region to create a bucket that every region shares. */
const HOME_BUCKET_WAIT_MS = 60_000;

/**
 * A bucket every region of the run shares (no {region} in its name) is created in one region only,
 * the first of aws-regions, so that where it lives does not depend on which region got there first;
 * the others wait for it (bounded). True once it exists; throws when it never came.
 */
async function madeInHome(
  t: S3Target,
  opts: Pick<PublishOptions, 'retryBaseMs'>,
  home: string,
): Promise<boolean> {
  t.log.info(
    `bucket ${t.bucket} is shared by every region; waiting for ${home} (the first of ${ref('aws-region')}) to create it`,
  );
  const t0 = performance.now();
  for (
    let wait = opts.retryBaseMs;
    performance.now() - t0 < HOME_BUCKET_WAIT_MS;
    wait = Math.min(wait * 2, 2000)
  ) {
    await sleep(wait);
    if (await bucketExists(t)) return true;
  }
  throw new UserError(
    `${ref('s3-bucket')}: bucket ${t.bucket} does not exist; a bucket every region shares (no {region} in its name) is created in ${home}, the first of ${ref('aws-region')}, which did not create it (see that region's error). Re-run once ${home} succeeds, or create the bucket yourself`,
  );
}

/**
 * Makes sure the bucket exists, belongs to the account and has the settings the run relies on;
 * creates it when missing. Returns what was verified (and set).
 */
export async function ensureBucket(
  t: S3Target,
  opts: Pick<PublishOptions, 'retryBaseMs'>,
  home?: string,
): Promise<BucketSettings> {
  let created = false;
  if (!(await bucketExists(t)) && !(home && home !== t.region && (await madeInHome(t, opts, home)))) {
    t.log.info(
      `creating bucket ${t.bucket} in ${t.region} (private, encrypted, bucket owner enforced, incomplete uploads aborted after a day)`,
    );
    created = (await createBucket(t, opts)) === 'created';
  }
  // A bucket created now has none of the settings; the others are read (a read right after a
  // creation may lag: a setting S3 acknowledged is trusted, never read back).
  const now = created
    ? { blocked: false, encryption: '', ownerEnforced: true, rules: undefined }
    : await readSettings(t, opts);
  const list = fixes(t, now);
  if (!created)
    for (const f of list) t.log.warning(`bucket ${t.bucket} ${f.problem}; setting it (${f.action})`);
  await applyFixes(t, opts, list, created);
  const settings: BucketSettings = {
    how: created ? 'created' : 'verified',
    created,
    publicAccessBlocked: true,
    encryption: now.encryption || 'AES256',
    ownerEnforced: now.ownerEnforced,
    abortsIncompleteUploads: !now.rules?.length || abortsUploads(now.rules),
    repaired: created ? [] : list.map((f) => f.field),
  };
  if (!settings.ownerEnforced)
    t.log.info(
      `bucket ${t.bucket}: object ownership is not BucketOwnerEnforced (ACLs are enabled); the run's objects are owned by the account all the same`,
    );
  if (!settings.abortsIncompleteUploads)
    t.log.info(
      `bucket ${t.bucket} has lifecycle rules but none aborts incomplete multipart uploads; add one beside them (docs/how-it-works.md#publishing-to-aws)`,
    );
  return settings;
}
