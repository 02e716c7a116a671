/**
 * Publishing to one region, in the order that keeps every published version installable:
 * look at the document first (an identical version means done, a different one means stop), then,
 * holding the claim of the version's folder (claim.ts) and having looked at the document again,
 * upload and verify every file (the first region of the run from the runner, the others by copies
 * from its bucket inside S3: s3-copy.ts), and only then add the document version and wait until it
 * is Active.
 * Old versions are deleted only to make room, and their files are never touched.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { UserError, errorMessage } from '../common/errors.js';
import type { Inputs } from '../inputs/index.js';
import type { Log } from '../common/log.js';
import type { BuiltPackage, PackageFile } from '../package/types.js';
import { LIMITS } from '../plan/distributor.js';
import { s3Client, ssmClient } from './clients.js';
import type { AwsSession } from './credentials.js';
import { sleep, type Semaphore } from '../common/limit.js';
import {
  bucketName,
  bucketNameProblem,
  defaultStaysMessage,
  describeVersion as versionLabel,
  documentAction,
  newResult,
  keepsDefault,
  keyPrefix,
  sameContent,
  versionsToDelete,
  versionsToMakeRoom,
  type DocumentAction,
  type VersionInfo,
} from './plan.js';
import { ensureBucket } from './bucket.js';
import { Claims } from './claim.js';
import { verifyAll, type S3Target, type UploadItem } from './s3.js';
import { transferAll, type CopySource, type TransferOutcome } from './s3-copy.js';
import {
  BUSY_ATTEMPTS,
  DocumentStatusError,
  addVersion,
  deleteVersion,
  getContent,
  listVersions,
  setDefault,
  settledVersions,
  sharedWith,
  syncSharing,
  waitActive,
  type DocTarget,
} from './ssm.js';
import { type EarlyOutcome, type PublishOptions, type PublishResult } from './types.js';
import { ref, refValue } from '../common/names.js';
import { nextVersionName } from './version-name.js';

export interface RegionContext {
  pkg: BuiltPackage;
  inputs: Inputs;
  region: string;
  session: AwsSession;
  /** Lines are prefixed with the region by the caller. */
  log: Log;
  env: NodeJS.ProcessEnv;
  opts: PublishOptions;
  parts: Semaphore;
  /** Other regions of this run whose files go to the same bucket (and prefix). */
  bucketSharedWith?: string[];
  /** On the regions after the first: where the files are sent once, to be copied from. */
  copyFrom?: FilesSource;
  /** On the first region: says once whether its files are in place (true) or will not be (false). */
  filesReady?: (ready: boolean) => void;
  /** On the first region of a pipelined run: the zips it sent while the package was being built (early.ts). */
  early?: Promise<EarlyOutcome>;
  /** The run's claims of version folders (claim.ts): regions that share a folder share its claim. */
  claims?: Claims;
}

/** What a region's setup needs of the package: its name and version (the zips may not be built yet). */
export type RegionSetup = Omit<RegionContext, 'pkg'> & { pkg: Pick<BuiltPackage, 'packageName' | 'version'> };

/** The first region's bucket, which receives the files from the runner; the others copy from it. */
export interface FilesSource {
  region: string;
  bucket: string;
  /** True once the first region has its files (uploaded and verified, or published earlier). */
  ready: Promise<boolean>;
}

/** The object of one zip. */
export function zipItem(f: PackageFile, prefix: string): UploadItem {
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
export function uploadItems(pkg: BuiltPackage, prefix: string): UploadItem[] {
  const manifest = Buffer.from(pkg.manifestText, 'utf8');
  const manifestName = path.basename(pkg.manifestPath) || 'manifest.json';
  return [
    ...pkg.files.map((f) => zipItem(f, prefix)),
    {
      name: manifestName,
      key: `${prefix}${manifestName}`,
      sha256: createHash('sha256').update(manifest).digest('hex'),
      size: manifest.length,
      contentType: 'application/json',
      data: manifest,
    },
  ];
}

/** The clients and targets of one region, derived from the context. */
export interface Region<C extends RegionSetup = RegionContext> {
  ctx: C;
  result: PublishResult;
  settings: Omit<Parameters<typeof ssmClient>[0], 'region'> & { region: string };
  doc: DocTarget;
  target: S3Target;
  /** The document's default version before this run added one (read in step 1). */
  defaultBefore?: VersionInfo;
}

export function openRegion<C extends RegionSetup>(ctx: C): Region<C> {
  const { pkg, inputs, region, session, log, env, opts } = ctx;
  const account = session.account;
  const bucket = bucketName(inputs.s3Bucket, account, region);
  const prefix = keyPrefix(inputs.s3Prefix, pkg.packageName, pkg.version);
  const result = newResult(region, account, {
    bucket,
    prefix,
    documentName: pkg.packageName,
    versionName: pkg.version,
  });
  const settings = {
    region,
    env,
    maxAttempts: opts.maxAttempts,
    debug: (m: string) => log.debug(m),
    ...(session.credentials ? { credentials: session.credentials } : {}),
  };
  const { principal } = session;
  const doc: DocTarget = {
    ssm: ssmClient(settings),
    name: pkg.packageName,
    region,
    account,
    principal,
    log,
    retryBaseMs: opts.retryBaseMs,
  };
  const target: S3Target = { s3: s3Client(settings), bucket, prefix, account, region, principal, log };
  return { ctx, result, settings, doc, target };
}

/** Publishes the package to one region. Never throws: a failure is reported in the result. */
export async function publishRegion(ctx: RegionContext): Promise<PublishResult> {
  const t0 = performance.now();
  const r = openRegion(ctx);
  const { pkg } = ctx;
  try {
    const bp = bucketNameProblem(r.target.bucket);
    if (bp) throw new UserError(`${ref('s3-bucket')}: ${bp}`);
    ctx.log.info(
      `publishing ${pkg.packageName} ${pkg.version}: files to ${r.result.s3Uri}/, document ${r.result.documentArn}`,
    );
    // 1. The document as it is: an existing version with our name decides everything.
    const action = await existingVersion(r);
    // A version published earlier has its files in place: the other regions may copy them.
    if (action.kind === 'exists') ctx.filesReady?.(true);
    // 2 and 3, holding the version folder's claim: files, then the document version.
    else await publishUnderClaim(r);
    // 4. Default version and sharing (also on a re-run, so that an interrupted run converges).
    const now = await settleDefaultAndSharing(r);
    // 5. Keep at most max-versions: the oldest versions that are not the default go.
    await prune(r.doc, now, ctx.inputs.maxVersions, r.result);
    r.result.ok = true;
  } catch (err) {
    r.result.ok = false;
    r.result.error = errorMessage(err);
    // Said once, with every region's outcome, when the run ends (publishError).
    ctx.log.debug(`failed: ${r.result.error}`);
  } finally {
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
async function existingVersion(r: Region): Promise<DocumentAction> {
  const { doc, result, ctx } = r;
  const { pkg, region, log, opts } = ctx;
  // A document or version someone is deleting is waited for: never taken as published, never updated.
  const versions = await settledVersions(doc, pkg.version);
  // Before anything changes: the default this run may move, and the one to return to.
  const before = versions?.find((v) => v.isDefault);
  if (before) {
    r.defaultBefore = before;
    result.previousDefault = {
      documentVersion: before.documentVersion,
      ...(before.versionName ? { versionName: before.versionName } : {}),
    };
  }
  const action = documentAction(versions, pkg.version);
  if (action.kind !== 'exists') return action;
  const v = action.version;
  const content = await getContent(doc, v.documentVersion);
  if (!sameContent(content, pkg.manifestText))
    throw new UserError(
      `${ref('version-name')}: ${pkg.packageName} version ${pkg.version} already exists in ${region} (document version ${v.documentVersion}) with a different manifest; published versions are never changed. Publish the changed build under a new version name, e.g. ${refValue('version-name', nextVersionName(pkg.version))}.`,
    );
  result.documentVersion = v.documentVersion;
  result.status = v.status ?? '';
  if (v.status === 'Failed') return deleteFailedVersion(r, versions!, v);
  log.info(
    `${pkg.packageName} version ${pkg.version} is already published (document version ${v.documentVersion}, same manifest): nothing to upload`,
  );
  if (v.status && v.status !== 'Active')
    result.status = await waitActiveStatus(doc, v.documentVersion, result.s3Uri, opts, result);
  result.alreadyPublished = true;
  return action;
}

/** A version that failed installs nothing: remove it, and publish it again. */
async function deleteFailedVersion(
  r: Region,
  versions: VersionInfo[],
  v: VersionInfo,
): Promise<DocumentAction> {
  const { pkg, log } = r.ctx;
  log.warning(
    `${pkg.packageName} version ${pkg.version} exists but Failed earlier (${v.statusInformation ?? 'no details'}); deleting it and publishing again`,
  );
  if (v.isDefault && versions.length > 1)
    throw new Error(
      `${pkg.packageName} version ${pkg.version} (document version ${v.documentVersion}) Failed and is the default version; set another default version, then re-run`,
    );
  const last = versions.length === 1;
  if (last) {
    // SSM refuses to delete a document that is still shared (InvalidDocumentOperation). Its only
    // version Failed, so the share gives nothing to install; the new document is shared again once
    // its version is Active (settleDefaultAndSharing).
    const shared = await sharedWith(r.doc);
    if (shared.length) {
      log.info(
        `${pkg.packageName} is shared with ${shared.length} account${shared.length === 1 ? '' : 's'}: unsharing it before deleting it (SSM refuses to delete a shared document); it is shared again once published`,
      );
      await syncSharing(r.doc, [], shared);
    }
  }
  await deleteVersion(r.doc, last ? undefined : v.documentVersion);
  r.result.documentVersion = '';
  r.result.status = '';
  if (last) return { kind: 'create' };
  return { kind: 'update', makeRoom: versionsToMakeRoom(versions.filter((x) => x !== v)) };
}

/**
 * Readies the region's bucket for this version's files. Nothing here allows replacing an object:
 * that is decided under the version folder's claim (publishUnderClaim). A bucket shared by regions
 * (no {region} in its name) may hold files that a document of a region outside this run names: there
 * nothing is ever replaced.
 */
export async function prepareBucket(r: Region<RegionSetup>): Promise<void> {
  const { ctx, target } = r;
  target.sharedBucket = !!ctx.inputs.s3Bucket && !ctx.inputs.s3Bucket.includes('{region}');
  target.mayReplace = false;
  r.result.bucketSettings = await ensureBucket(
    target,
    ctx.opts,
    target.sharedBucket ? ctx.inputs.awsRegions[0] : undefined,
  );
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
async function publishUnderClaim(r: Region): Promise<void> {
  const { ctx, target } = r;
  await prepareBucket(r);
  const claims = ctx.claims ?? new Claims();
  const claim = await claims.take({ ...target, s3: s3Client(r.settings) }, ctx.pkg.version, ctx.opts);
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
  } finally {
    await claim.release();
  }
}

/** Uploads (or copies) and verifies every file; the zips sent early are not looked at again until the check. */
async function uploadFiles(r: Region): Promise<void> {
  const { ctx, target, result } = r;
  const items = uploadItems(ctx.pkg, target.prefix);
  const early = await ctx.early;
  if (early?.error) throw early.error;
  // The early sends created the bucket (and set what it needs); prepareBucket read it back.
  if (early?.bucketSettings?.created && result.bucketSettings)
    result.bucketSettings = { ...result.bucketSettings, how: 'created', created: true };
  const from = await copySource(r);
  let up: TransferOutcome;
  try {
    const rest = early ? items.filter((i) => !early.sent.has(i.name)) : items;
    up = await transferAll(target, rest, ctx.opts, ctx.parts, from);
  } finally {
    from?.s3.destroy();
  }
  if (early) {
    const sent = (v: 'uploaded' | 'skipped') => items.filter((i) => early.sent.get(i.name) === v);
    up.uploaded = [...sent('uploaded'), ...up.uploaded];
    up.skipped = [...sent('skipped'), ...up.skipped];
  }
  const bytes = (list: UploadItem[]) => list.reduce((n, i) => n + i.size, 0);
  result.uploadedFiles = up.uploaded.map((i) => i.name);
  result.uploadedBytes = bytes(up.uploaded);
  result.skippedFiles = up.skipped.map((i) => i.name);
  result.skippedBytes = bytes(up.skipped);
  if (from) {
    result.copiedFiles = up.copied.map((i) => i.name);
    result.copiedBytes = bytes(up.copied);
    result.copiedFrom = from.region;
  }
  if (up.refused) result.copyRefused = up.refused;
  await verifyAll(target, items, ctx.opts);
  ctx.filesReady?.(true);
}

/**
 * Where this region copies its files from: waits until the first region has them, then gives its
 * bucket (undefined when the bucket is this region's own, or the first region did not get the files).
 */
async function copySource(r: Region): Promise<CopySource | undefined> {
  const { ctx, target, result } = r;
  const c = ctx.copyFrom;
  if (!c) return undefined;
  const ready = await c.ready;
  if (c.bucket === target.bucket) return undefined;
  if (!ready) {
    result.copyRefused = `${c.region} did not get the files first (it failed), so there was nothing to copy`;
    ctx.log.info(`${result.copyRefused}; uploading from the runner`);
    return undefined;
  }
  ctx.log.debug(`copying the files from s3://${c.bucket}/${target.prefix} (${c.region}) inside S3`);
  const s3 = s3Client({ ...r.settings, region: c.region });
  return { s3, bucket: c.bucket, region: c.region, account: target.account };
}

/** Makes room under Distributor's limit, adds the version and waits until it is Active. */
async function addDocumentVersion(r: Region, action: DocumentAction): Promise<void> {
  const { doc, result, ctx } = r;
  const { pkg, log, opts } = ctx;
  const uri = result.s3Uri;
  if (action.kind === 'update')
    for (const old of action.makeRoom) {
      log.info(
        `deleting document version ${versionLabel(old)} to make room (Distributor keeps at most ${LIMITS.versionsPerPackage} versions); its S3 files are kept`,
      );
      await deleteVersion(doc, old.documentVersion);
      result.deletedVersions.push(versionLabel(old));
    }
  const created = await addVersion(
    doc,
    { content: pkg.manifestText, versionName: pkg.version, sourceUrl: uri },
    action.kind === 'update',
  );
  result.documentVersion = created.DocumentVersion ?? '';
  result.status = created.Status ?? '';
  log.info(
    `${action.kind === 'create' ? 'created' : 'updated'} ${pkg.packageName}: document version ${result.documentVersion} (${pkg.version}), source ${uri}`,
  );
  if (!result.documentVersion) throw new Error('SSM returned no document version');
  try {
    result.status = await waitActiveStatus(doc, result.documentVersion, uri, opts, result);
  } catch (err) {
    // Whether Distributor reads a bucket of another region is not documented (docs/publishing.md).
    const elsewhere = r.target.sharedBucket && ctx.copyFrom && ctx.copyFrom.region !== ctx.region;
    if (err instanceof DocumentStatusError && err.status === 'Failed' && elsewhere)
      err.message += `. The files are in ${ctx.copyFrom!.region}'s bucket (${ref('s3-bucket')} names one bucket for every region), and AWS does not document that Distributor in ${ctx.region} reads a bucket of another region: give each region its own bucket, with {region} in ${ref('s3-bucket')} (the default does)`;
    throw err;
  }
}

/**
 * The default version the run wants: its own version when set-default-version asks and the default
 * never moves back (keepsDefault, judged against the default as it was before the run added a version),
 * else the default as it was.
 */
function intendedDefault(
  r: Region,
  now: VersionInfo[],
  mine: VersionInfo | undefined,
): VersionInfo | undefined {
  const { pkg, inputs, log, region } = r.ctx;
  const was = r.defaultBefore && now.find((v) => v.documentVersion === r.defaultBefore!.documentVersion);
  const current = now.find((v) => v.isDefault);
  if (!inputs.setDefaultVersion || !mine) return was ?? current;
  // As it was before this run: SSM may have moved the default to the newest version by itself.
  const view = was ? now.map((v) => ({ ...v, isDefault: v === was })) : now;
  const ours = view.find((v) => v.documentVersion === mine.documentVersion)!;
  if (ours.isDefault) return mine;
  const newer = keepsDefault(view, ours, !r.result.alreadyPublished);
  if (!newer) return mine;
  log.info(defaultStaysMessage(pkg.packageName, ours, newer, region));
  return was ?? current;
}

/**
 * The default version (it never moves back: see keepsDefault) and the sharing. Both are read at
 * once; the sharing is changed after the default. After a version is added, SSM may have made it the
 * default by itself (Distributor's newest-is-default rule while no default was set explicitly): the
 * default is read back and put where the run intends, and the result says so. Returns the versions
 * as they are now.
 */
async function settleDefaultAndSharing(r: Region): Promise<VersionInfo[]> {
  const { doc, result, ctx } = r;
  const { pkg, inputs, log } = ctx;
  const [now, sharedNow] = await Promise.all([listedWith(doc, result.documentVersion), sharedWith(doc)]);
  const mine = now.find((v) => v.documentVersion === result.documentVersion);
  const current = now.find((v) => v.isDefault);
  const want = intendedDefault(r, now, mine);
  // Only our own version is moved to or from: a default someone else set meanwhile is left alone.
  if (want && want !== current && (want === mine || current === mine)) {
    if (current && current === mine && r.defaultBefore && want !== mine) {
      result.defaultRestored = `SSM made document version ${versionLabel(current)} the default by itself; the run restored ${versionLabel(want)}`;
      log.warning(`${pkg.packageName}: ${result.defaultRestored}`);
    }
    await setDefault(doc, want.documentVersion);
    if (want === mine)
      log.info(`default version of ${pkg.packageName} is now ${result.documentVersion} (${pkg.version})`);
    for (const v of now) v.isDefault = v === want;
  }
  result.defaultVersion = Boolean(mine?.isDefault);
  result.sharedAccounts = await syncSharing(doc, inputs.shareWithAccounts, sharedNow);
  log.info(
    result.sharedAccounts.length
      ? `${pkg.packageName} is shared with ${result.sharedAccounts.join(', ')}`
      : `${pkg.packageName} is not shared with other accounts`,
  );
  return now;
}

/**
 * The document's versions, once the list shows `documentVersion` (ListDocumentVersions may lag
 * DescribeDocument right after a version is added): read again with doubling waits, BUSY_ATTEMPTS times
 * in all; a version still missing fails the region, rather than report a default it could not set.
 */
async function listedWith(doc: DocTarget, documentVersion: string): Promise<VersionInfo[]> {
  for (let attempt = 1, wait = doc.retryBaseMs ?? 1000; ; attempt++, wait *= 2) {
    const now = (await listVersions(doc)) ?? [];
    if (!documentVersion || now.some((v) => v.documentVersion === documentVersion)) return now;
    if (attempt >= BUSY_ATTEMPTS)
      throw new Error(
        `${doc.name} document version ${documentVersion} is Active but ListDocumentVersions still does not list it after ${attempt} reads; the default version and the sharing were not settled. Re-run to finish them`,
      );
    doc.log.info(
      `${doc.name}: document version ${documentVersion} is not listed yet (attempt ${attempt}); reading again`,
    );
    await sleep(wait);
  }
}

/** waitActive, keeping the last status seen in the result when it throws. */
async function waitActiveStatus(
  doc: DocTarget,
  documentVersion: string,
  uri: string,
  opts: PublishOptions,
  result: PublishResult,
): Promise<string> {
  try {
    return (await waitActive(doc, documentVersion, uri, opts)).Status ?? '';
  } catch (err) {
    if (err instanceof DocumentStatusError) result.status = err.status;
    throw err;
  }
}

async function prune(
  doc: DocTarget,
  versions: VersionInfo[],
  keep: number,
  result: PublishResult,
): Promise<void> {
  for (const old of versionsToDelete(versions, keep, [result.documentVersion])) {
    try {
      await deleteVersion(doc, old.documentVersion);
      result.deletedVersions.push(versionLabel(old));
      doc.log.info(
        `deleted document version ${versionLabel(old)} (max-versions ${keep}); its S3 files are kept`,
      );
    } catch (err) {
      doc.log.warning(`could not delete old document version ${versionLabel(old)}: ${errorMessage(err)}`);
    }
  }
}

/** Whether another region of this run that writes to the same bucket has a document version of ours. */
async function publishedInOtherRegion(
  ctx: RegionSetup,
  settings: Omit<Parameters<typeof ssmClient>[0], 'region'>,
): Promise<boolean> {
  for (const other of ctx.bucketSharedWith ?? []) {
    const ssm = ssmClient({ ...settings, region: other });
    try {
      const versions = await listVersions({
        ssm,
        name: ctx.pkg.packageName,
        region: other,
        account: ctx.session.account,
        principal: ctx.session.principal,
        log: ctx.log,
      });
      if (versions?.some((v) => v.versionName === ctx.pkg.version)) return true;
    } finally {
      ssm.destroy();
    }
  }
  return false;
}
