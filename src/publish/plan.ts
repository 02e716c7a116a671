/**
 * The publish stage's decisions, as pure functions: names, what to do with an existing document,
 * which old versions to delete, and how to explain what AWS answered. No SDK calls here.
 */
import { createHash } from 'node:crypto';
import { partitionOf as regionPartition } from '../common/partitions.js';
import { LIMITS } from '../plan/distributor.js';
import type { PublishResult } from './types.js';

export const DEFAULT_BUCKET_TEMPLATE = 'uptycs-distributor-{account}-{region}';

/** The bucket of a region: the template ('' = default) with {account} and {region} replaced. */
export function bucketName(template: string, account: string, region: string): string {
  return (template || DEFAULT_BUCKET_TEMPLATE)
    .replaceAll('{account}', account)
    .replaceAll('{region}', region);
}

/** Why a bucket name is not valid, or undefined. */
export function bucketNameProblem(name: string): string | undefined {
  if (
    !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name) ||
    name.includes('..') ||
    /^\d+\.\d+\.\d+\.\d+$/.test(name)
  )
    return `bucket name "${name}" is not valid: 3 to 63 lowercase letters, digits, "-" and "."`;
  return undefined;
}

/** The key prefix: the template with {package-name} and {version} replaced, ending in "/". */
export function keyPrefix(template: string, packageName: string, version: string): string {
  let p = template
    .replaceAll('{package-name}', packageName)
    .replaceAll('{version}', version)
    .replace(/^\/+/, '');
  if (p && !p.endsWith('/')) p += '/';
  return p;
}

/** The document's SourceUrl: s3://bucket/prefix without the trailing "/" (as AWS documents it). */
export function sourceUrl(bucket: string, prefix: string): string {
  const p = prefix.replace(/\/+$/, '');
  return p ? `s3://${bucket}/${p}` : `s3://${bucket}`;
}

/** The partition of a region (its ARN prefix: aws, aws-cn, aws-us-gov, aws-eusc…), from the SDK's partition data. */
export function partitionOf(region: string): string {
  return regionPartition(region)?.id ?? 'aws';
}

export function documentArn(region: string, account: string, name: string): string {
  return `arn:${partitionOf(region)}:ssm:${region}:${account}:document/${name}`;
}

/** S3's x-amz-checksum-sha256: the base64 of the digest whose hex is given. */
export function sha256Base64(hex: string): string {
  if (!/^[0-9a-f]{64}$/i.test(hex)) throw new Error(`"${hex}" is not a SHA-256 hex digest`);
  return Buffer.from(hex, 'hex').toString('base64');
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The user-metadata key holding an object's SHA-256 hex (x-amz-meta-sha256). */
export const SHA256_METADATA = 'sha256';

/** What HeadObject told us about an object already at the key. */
export interface ExistingObject {
  size?: number;
  metadata?: Record<string, string>;
  /** ChecksumSHA256 as S3 returns it: base64, or "base64-N" for a multipart (composite) checksum. */
  checksumSha256?: string;
  /** x-amz-checksum-type: FULL_OBJECT or COMPOSITE (absent from older S3 APIs and from moto). */
  checksumType?: string;
  /** The object's ETag: a replacement is written only while it is still this object (If-Match). */
  etag?: string;
}

/**
 * Compares an existing object with the file we would upload: 'different' when its size differs,
 * 'same' when S3's own ChecksumSHA256 (computed or checked by S3 from the bytes) is the file's, either
 * full-object or, given `composite` (the file's multipart checksum, compositeSha256), composite;
 * 'different' when a full-object checksum is another; 'unknown' otherwise, and then only the content
 * can tell (a composite checksum of other part sizes, or one of unknown type that does not match).
 * User metadata (x-amz-meta-sha256) is never taken as proof: whoever writes the object writes it too.
 */
export function compareExisting(
  obj: ExistingObject,
  hex: string,
  size: number,
  composite?: string,
): 'same' | 'different' | 'unknown' {
  if (obj.size !== undefined && obj.size !== size) return 'different';
  const sum = obj.checksumSha256;
  if (!sum) return 'unknown';
  const [base, parts] = sum.split('-');
  if (!parts && obj.checksumType !== 'COMPOSITE') {
    if (base === sha256Base64(hex)) return 'same';
    if (obj.checksumType === 'FULL_OBJECT') return 'different';
  }
  if (composite) {
    const [want, wantParts] = composite.split('-');
    if (base === want && (!parts || parts === wantParts)) return 'same';
  }
  return 'unknown';
}

/** S3's composite checksum of a multipart object from its parts' SHA-256s (base64): "<base64>-<N>". */
export function compositeSha256(partSums: readonly string[]): string {
  const h = createHash('sha256');
  for (const p of partSums) h.update(Buffer.from(p, 'base64'));
  return `${h.digest('base64')}-${partSums.length}`;
}

/** Serializes JSON with object keys sorted, to compare documents regardless of key order and spacing. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

/** Whether a stored document's content is our manifest (byte-identical, or the same JSON). */
export function sameContent(stored: string, manifestText: string): boolean {
  if (stored === manifestText) return true;
  try {
    return canonical(JSON.parse(stored)) === canonical(JSON.parse(manifestText));
  } catch {
    return false;
  }
}

/** One version of the document, as ListDocumentVersions describes it. */
export interface VersionInfo {
  documentVersion: string;
  versionName?: string;
  isDefault: boolean;
  status?: string;
  statusInformation?: string;
}

/**
 * The versions to delete so that at most `keep` remain: never the default, never a protected one;
 * versions that Failed go first (they install nothing), then the oldest.
 * Returns fewer than needed when not enough versions may be deleted.
 */
export function versionsToDelete(
  versions: readonly VersionInfo[],
  keep: number,
  protect: readonly string[] = [],
): VersionInfo[] {
  const excess = versions.length - keep;
  if (excess <= 0) return [];
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
export function versionsToMakeRoom(versions: readonly VersionInfo[]): VersionInfo[] {
  return versionsToDelete(versions, LIMITS.versionsPerPackage - 1);
}

export function describeVersion(v: VersionInfo): string {
  return v.versionName ? `${v.documentVersion} (${v.versionName})` : v.documentVersion;
}

/** What to do with the document, given its versions and whether our version name is among them. */
export type DocumentAction =
  /** The document does not exist: CreateDocument. */
  | { kind: 'create' }
  /** Add a version: UpdateDocument, after deleting `makeRoom` (oldest first). */
  | { kind: 'update'; makeRoom: VersionInfo[] }
  /** A version with our name exists; compare its content. */
  | { kind: 'exists'; version: VersionInfo };

export function documentAction(
  versions: readonly VersionInfo[] | undefined,
  versionName: string,
): DocumentAction {
  if (!versions) return { kind: 'create' };
  const same = versions.find((v) => v.versionName === versionName);
  if (same) return { kind: 'exists', version: same };
  return { kind: 'update', makeRoom: versionsToMakeRoom(versions) };
}

/** Distributor's statuses while it copies and checks the files. */
export const PENDING_STATUSES = ['Creating', 'Updating'];

/** The likely cause of a document version that Failed, from its StatusInformation. */
export function explainDocumentFailure(statusInformation: string, s3Uri: string): string {
  const info = statusInformation || 'no StatusInformation given';
  let cause: string;
  if (/access ?denied|forbidden|403|not authori[sz]ed|permission/i.test(info))
    cause = `the principal that publishes (this role or user) must be allowed s3:GetObject on ${s3Uri}/* (check its IAM policy, the bucket policy and, with SSE-KMS, kms:Decrypt on the key)`;
  else if (/checksum|hash|sha-?256|digest/i.test(info))
    cause = `a file under ${s3Uri} does not match the SHA-256 in the manifest; publish a new package-version`;
  else if (/no ?such ?key|not found|does not exist|missing|404/i.test(info))
    cause = `a file the manifest names is missing under ${s3Uri}`;
  else if (/manifest|invalid|schema|json/i.test(info)) cause = 'Distributor rejected the manifest';
  else cause = 'see the message above';
  return `the document version failed: ${info} — likely cause: ${cause}`;
}

/** The pieces of an AWS SDK error this stage looks at. */
export interface AwsErrorLike {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  Code?: string;
}

export function awsErrorName(err: unknown): string {
  const e = err as AwsErrorLike | undefined;
  return e?.Code || e?.name || '';
}

export function httpStatus(err: unknown): number | undefined {
  return (err as AwsErrorLike | undefined)?.$metadata?.httpStatusCode;
}

export function isAccessDenied(err: unknown): boolean {
  const name = awsErrorName(err);
  return (
    /AccessDenied|UnauthorizedOperation|Forbidden|NotAuthorized/i.test(name) ||
    (httpStatus(err) === 403 &&
      !/ExpiredToken|InvalidClientTokenId|SignatureDoesNotMatch|InvalidAccessKeyId/.test(name))
  );
}

/**
 * A one-line explanation of an AWS error for the log: what was refused and what to change.
 * `action` is the IAM action of the call (s3:PutObject), `resource` what it was called on.
 */
export function explainAwsError(err: unknown, action: string, resource: string, principal: string): string {
  const status = httpStatus(err);
  const name = (awsErrorName(err) || 'Error').replace(/^Unknown$/, status === 403 ? 'Forbidden' : 'Error');
  const raw = (err as AwsErrorLike | undefined)?.message ?? String(err);
  // Bodyless answers (HEAD) and unparsable ones leave the SDK with nothing better than the status.
  const msg =
    /Deserialization error|Unexpected token|^UnknownError$/.test(raw) || !raw ? `HTTP ${status ?? '?'}` : raw;
  if (isAccessDenied(err))
    return `${principal || 'the AWS principal'} is not allowed ${action} on ${resource} (${name}: ${msg}); grant it as in iam/publisher-policy.json`;
  if (
    /ExpiredToken|InvalidClientTokenId|InvalidAccessKeyId|SignatureDoesNotMatch|UnrecognizedClient/.test(name)
  )
    return `the AWS credentials were refused for ${action} (${name}: ${msg}); check role-to-assume or the runner's AWS credentials`;
  // An endpoint that answers a server error with no AWS error in it does not implement the call (plain
  // moto_server has no ssm:ListDocumentVersions); AWS itself always names its error.
  if ((name === 'SyntaxError' || /Deserialization error/.test(raw)) && (status ?? 0) >= 500)
    return `${action} on ${resource} failed: the endpoint answered HTTP ${status} without an AWS error, so it does not implement ${action.replace(/^\w+:/, '')}; plain moto_server lacks it (and Distributor's document status): put scripts/local-aws/fake-ssm.ts in front of moto, see scripts/local-aws/README.md`;
  return `${action} on ${resource} failed (${name}${status ? `, HTTP ${status}` : ''}: ${msg})`;
}

/** explainAwsError as an Error that keeps the SDK error as its cause. */
export function awsFailure(err: unknown, action: string, resource: string, principal: string): Error {
  return new Error(explainAwsError(err, action, resource, principal), { cause: err });
}

/**
 * What to change so that the document is shared with exactly `wanted`: "all" (public) stands for
 * every account, so with it nothing else is kept. Both lists sorted.
 */
export function sharingChanges(
  current: readonly string[],
  wanted: readonly string[],
): { add: string[]; remove: string[] } {
  const norm = (a: string) => (a.toLowerCase() === 'all' ? 'all' : a);
  const asked = wanted.map(norm);
  const want = new Set(asked.includes('all') ? ['all'] : asked);
  const have = new Set(current.map(norm));
  return {
    add: [...want].filter((a) => !have.has(a)).sort(),
    remove: [...have].filter((a) => !want.has(a)).sort(),
  };
}

/** Compares version names part by part ("5.10.0.1" > "5.9.3.7"): numbers as numbers, other parts as text. */
export function compareVersionNames(a: string, b: string): number {
  const pa = a.split(/[._-]/);
  const pb = b.split(/[._-]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? '0';
    const y = pb[i] ?? '0';
    const d = /^\d+$/.test(x) && /^\d+$/.test(y) ? Number(x) - Number(y) : x < y ? -1 : x > y ? 1 : 0;
    if (d) return Math.sign(d);
  }
  return 0;
}

/**
 * The default-version rule: the default never moves back. Our version becomes the default when the
 * document has none, or when ours is higher than the default (both version names starting with a
 * number, compared part by part). When the names cannot be compared, only a version this run created
 * takes the default. So re-running an older version, or publishing a backport, leaves a newer default
 * where it is. Returns undefined when ours takes the default, else the version that keeps it.
 */
export function keepsDefault(
  versions: readonly VersionInfo[],
  ours: VersionInfo,
  createdNow: boolean,
): VersionInfo | undefined {
  const current = versions.find((v) => v.isDefault);
  if (!current || current.documentVersion === ours.documentVersion) return undefined;
  const a = ours.versionName ?? '';
  const b = current.versionName ?? '';
  const comparable = /^\d/.test(a) && /^\d/.test(b);
  if (comparable ? compareVersionNames(a, b) > 0 : createdNow) return undefined;
  return current;
}

/** Why the default version stays where it is (keepsDefault found a newer one), and how to move it by hand. */
export function defaultStaysMessage(
  name: string,
  ours: VersionInfo,
  newer: VersionInfo,
  region: string,
): string {
  return `the default version of ${name} stays ${describeVersion(newer)}: the default never moves back (make ${ours.versionName ?? ours.documentVersion} the default yourself with aws ssm update-document-default-version --name ${name} --document-version ${ours.documentVersion} --region ${region})`;
}

/**
 * What a run would still change in a region where its version is already published and Active, in
 * the order the publish stage does it (region.ts, step 4 and 5): the default version, the sharing, the
 * versions kept. Empty when everything is as the inputs ask, so the publish stage has nothing to do.
 */
export function pendingChanges(
  versions: readonly VersionInfo[],
  ours: VersionInfo,
  wanted: { setDefaultVersion: boolean; shareWithAccounts: readonly string[]; maxVersions: number },
  sharedNow: readonly string[],
): string[] {
  const out: string[] = [];
  if (wanted.setDefaultVersion && !ours.isDefault && !keepsDefault(versions, ours, false))
    out.push(`make document version ${ours.documentVersion} the default`);
  const { add, remove } = sharingChanges(sharedNow, wanted.shareWithAccounts);
  if (add.length) out.push(`share with ${add.join(', ')}`);
  if (remove.length) out.push(`stop sharing with ${remove.join(', ')}`);
  const old = versionsToDelete(versions, wanted.maxVersions, [ours.documentVersion]);
  if (old.length) out.push(`delete ${old.length} old version${old.length > 1 ? 's' : ''}`);
  return out;
}

/** A region's result before anything is known: where the version's files and document go, nothing done yet. */
export function newResult(
  region: string,
  account: string,
  where: { bucket: string; prefix: string; documentName: string; versionName: string },
): PublishResult {
  return {
    region,
    ok: false,
    account,
    ...where,
    s3Uri: sourceUrl(where.bucket, where.prefix),
    documentVersion: '',
    documentArn: documentArn(region, account, where.documentName),
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
}
