/**
 * Types of the publish stage: what it needs, how it can be tuned, and what it reports per region.
 */
import type { Log } from '../common/log.js';
import type { CredentialProvider } from './clients.js';

/** What publishing one region produced. One per region, in the order of the aws-region input. */
export interface PublishResult {
  region: string;
  /** True when the region ends with the version installable (published now or earlier). */
  ok: boolean;
  /** Why the region failed; set only when ok is false. */
  error?: string;
  /** AWS account the package was published to ('' when credentials failed). */
  account: string;
  bucket: string;
  /** Key prefix, ending in "/". */
  prefix: string;
  /** s3://bucket/prefix — the document's SourceUrl attachment. */
  s3Uri: string;
  documentName: string;
  /** Document version number ("7") holding this package version; '' when none was created. */
  documentVersion: string;
  /** The package version (the document's VersionName). */
  versionName: string;
  documentArn: string;
  /** Last known document status: Active, Failed, Creating... ('' when no document was touched). */
  status: string;
  /** The same version with the same content already existed: nothing uploaded, nothing created. */
  alreadyPublished: boolean;
  /** Files uploaded now (zips and manifest.json). */
  uploadedFiles: string[];
  uploadedBytes: number;
  /** Files already in S3 with the same SHA-256 (not uploaded again). */
  skippedFiles: string[];
  skippedBytes: number;
  /** Files copied now inside S3 from the first region's bucket (not sent from the runner again). */
  copiedFiles?: string[];
  copiedBytes?: number;
  /** The region whose bucket the copies came from. */
  copiedFrom?: string;
  /** Why this region's files went from the runner although they could have been copied (a copy S3 refused). */
  copyRefused?: string;
  /**
   * The bucket's settings as this run verified them before writing (absent when no file was written:
   * the version was published earlier, or the region failed first).
   */
  bucketSettings?: BucketSettings;
  /**
   * Set when SSM moved the default version by itself (to the version just added) and the run put it
   * back where it was meant to be: what happened, for the log and the summary.
   */
  defaultRestored?: string;
  /** Whether this version is the document's default version at the end (false when the region failed first). */
  defaultVersion: boolean;
  /** Accounts the document is shared with at the end of the run, as SSM reports them ("all" = public). */
  sharedAccounts: string[];
  /** Document versions deleted to stay within max-versions: "3 (5.6.0.1)". */
  deletedVersions: string[];
  durationMs: number;
  /** Who published: the caller's ARN as STS reported it (for a role, arn:aws:sts::<account>:assumed-role/<role>/<session>). */
  publishedBy?: string;
  /** The document's default version before this run changed anything (absent: there was no document). */
  previousDefault?: { documentVersion: string; versionName?: string };
}

/**
 * The settings of a region's bucket that keep the installers private, and how they are known:
 * `verified` read from S3 in this run (and what it lacked set: `repaired`), `created` set by this run on
 * the bucket it created, `unchecked` not looked at (no file was written: the version was published).
 */
export interface BucketSettings {
  how: 'verified' | 'created' | 'unchecked';
  /** The run created the bucket. */
  created?: boolean;
  /** All four public access block settings on (bucket level). */
  publicAccessBlocked?: boolean;
  /** The default encryption's algorithm (AES256, aws:kms, aws:kms:dsse). */
  encryption?: string;
  /** Object ownership BucketOwnerEnforced: ACLs off, every object the bucket owner's. */
  ownerEnforced?: boolean;
  /** A lifecycle rule aborts incomplete multipart uploads (false: the bucket has other rules, left alone). */
  abortsIncompleteUploads?: boolean;
  /** Settings an existing bucket lacked and this run set: publicAccessBlocked, encryption, abortsIncompleteUploads. */
  repaired?: string[];
}

/** Tuning knobs; the defaults suit real AWS, tests shorten the waits. */
export interface PublishOptions {
  /** Wait between DescribeDocument polls for the first 8 polls; then it doubles each time, up to maxPollIntervalMs. */
  pollIntervalMs: number;
  maxPollIntervalMs: number;
  /** How long a document version may stay Creating/Updating before the region fails. */
  activeTimeoutMs: number;
  /** Files at least this big are uploaded in parts. */
  multipartThreshold: number;
  /** Part size of multipart uploads (S3 minimum 5 MiB, except the last part). */
  partSize: number;
  /** Files at least this big are copied between buckets part by part (UploadPartCopy): CopyObject stops at 5 GiB. */
  copyPartThreshold: number;
  /** Files uploaded at the same time per region. */
  fileConcurrency: number;
  /** Parts uploaded at the same time, across all regions (each streamed from disk: none is held in memory). */
  partConcurrency: number;
  /** SDK attempts per call (throttling, 5xx and network errors are retried with backoff). */
  maxAttempts: number;
  /** Attempts of a whole file upload (each attempt reopens the file). */
  uploadAttempts: number;
  /** Base delay of our own retries (uploads, STS), in ms. */
  retryBaseMs: number;
  /**
   * A version folder's claim (claim.ts) not renewed for this long is stale and may be taken over; the
   * holder renews it every quarter of it.
   */
  claimLeaseMs: number;
  /** How long a run waits for another run that holds the claim (and keeps renewing it). */
  claimWaitMs: number;
}

export const DEFAULT_PUBLISH_OPTIONS: PublishOptions = {
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

export interface PublishDeps {
  log: Log;
  /** Returns a GitHub OIDC token for the audience (the action passes core.getIDToken). */
  getIdToken?: (audience: string) => Promise<string>;
  /** Environment to read (OIDC variables, AWS_ENDPOINT_URL*); defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  options?: Partial<PublishOptions>;
  /** A session opened earlier in the run (by the already-published check), reused. */
  session?: AwsSession;
}

/** Who we are in AWS, and the credentials to hand to every client. */
export interface AwsSession {
  /** undefined = the SDK's default credential chain. */
  credentials?: CredentialProvider;
  account: string;
  /** The caller's ARN as STS reports it (arn:aws:sts::123456789012:assumed-role/publisher/session). */
  arn: string;
  /** How error messages name the principal: the role ARN, else the caller ARN. */
  principal: string;
}

/** The zips sent early, by name: uploaded now, or found there with the same bytes. */
export interface EarlyOutcome {
  sent: Map<string, 'uploaded' | 'skipped'>;
  /** The first upload that failed: the region fails with it (a writer in between wins, as in region.ts). */
  error?: unknown;
  /** The bucket's settings as the early sends found or made it (region.ts reports them). */
  bucketSettings?: BucketSettings;
}
