/**
 * SSM side of publishing: the Package document's versions, adding one, waiting until Distributor
 * has made it Active, the default version and sharing. Each call's errors are explained for the log.
 */
import {
  CreateDocumentCommand,
  DeleteDocumentCommand,
  DescribeDocumentCommand,
  DescribeDocumentPermissionCommand,
  GetDocumentCommand,
  ListDocumentVersionsCommand,
  ModifyDocumentPermissionCommand,
  UpdateDocumentCommand,
  UpdateDocumentDefaultVersionCommand,
  type DocumentDescription,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import { UserError, errorMessage } from '../common/errors.js';
import { ref } from '../common/names.js';
import type { Log } from '../common/log.js';
import { formatDuration } from '../common/log.js';
import { sleep } from '../common/limit.js';
import {
  PENDING_STATUSES,
  awsErrorName,
  chunk,
  documentArn,
  awsFailure,
  explainDocumentFailure,
  sameContent,
  sharingChanges,
  type VersionInfo,
} from './plan.js';
import type { PublishOptions } from './types.js';

/** The document of one region, and how to reach it. */
export interface DocTarget {
  ssm: SSMClient;
  name: string;
  region: string;
  account: string;
  principal: string;
  log: Log;
  /** Base wait of the retries of TooManyUpdates and of a version not visible yet (default 1 s). */
  retryBaseMs?: number;
}

const arnOf = (d: DocTarget) => documentArn(d.region, d.account, d.name);

async function call<T>(d: DocTarget, action: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await whileBusy(d, action, fn);
  } catch (err) {
    throw awsFailure(err, `ssm:${action}`, arnOf(d), d.principal);
  }
}

/** Attempts of a call that SSM answers TooManyUpdates (another change of the document is in progress). */
export const BUSY_ATTEMPTS = 6;

/**
 * A call again while SSM answers TooManyUpdates (documented for Create/Update/DeleteDocument: the
 * document supports one update at a time, and the call was not applied), up to BUSY_ATTEMPTS times with
 * doubling waits (1 s at first: about 31 s in all), each said in the log; any other answer at once.
 */
async function whileBusy<T>(d: DocTarget, action: string, fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1, wait = d.retryBaseMs ?? 1000; ; attempt++, wait *= 2) {
    try {
      return await fn();
    } catch (err) {
      if (awsErrorName(err) !== 'TooManyUpdates' || attempt >= BUSY_ATTEMPTS) throw err;
      d.log.info(`${action} of ${d.name}: SSM answered TooManyUpdates (attempt ${attempt}); trying again`);
      await sleep(wait);
    }
  }
}

function isMissingDocument(err: unknown): boolean {
  return /InvalidDocument$/.test(awsErrorName(err));
}

/** All versions of the document, or undefined when it does not exist. */
export async function listVersions(d: DocTarget): Promise<VersionInfo[] | undefined> {
  const out: VersionInfo[] = [];
  let token: string | undefined;
  try {
    do {
      const page = await d.ssm.send(
        new ListDocumentVersionsCommand({
          Name: d.name,
          MaxResults: 50,
          ...(token ? { NextToken: token } : {}),
        }),
      );
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
  } catch (err) {
    if (isMissingDocument(err)) return undefined;
    throw awsFailure(err, 'ssm:ListDocumentVersions', arnOf(d), d.principal);
  }
  return out.sort((a, b) => Number(a.documentVersion) - Number(b.documentVersion));
}

/** Reads of a document (or version) being deleted before the run gives up waiting (see waitWhileDeleting). */
export const DELETE_WAIT_ATTEMPTS = 10;

/** A document, or a version of it, that someone is deleting and that did not go within the bounded wait. */
export class DocumentDeletingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DocumentDeletingError';
  }
}

/**
 * What of the document that matters to a run of `versionName` is being deleted: the whole document,
 * or the version of that name ("UptycsAgent version 2 (2.0)"); undefined when neither is.
 */
function deletingWhat(
  d: DocTarget,
  versions: VersionInfo[] | undefined,
  versionName: string,
): string | undefined {
  const going = (versions ?? []).filter((v) => v.status === 'Deleting');
  if (!going.length) return undefined;
  if (going.length === versions!.length) return `${d.name} (the whole document)`;
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
async function waitWhileDeleting<T>(
  d: DocTarget,
  read: () => Promise<T>,
  going: (x: T) => string | undefined,
): Promise<T> {
  const t0 = performance.now();
  const base = d.retryBaseMs ?? 1000;
  for (let attempt = 1, wait = base; ; attempt++, wait = Math.min(wait * 2, 16 * base)) {
    const now = await read();
    const what = going(now);
    if (!what) {
      if (attempt > 1)
        d.log.info(`${d.name}: the deletion finished after ${formatDuration(performance.now() - t0)}`);
      return now;
    }
    if (attempt >= DELETE_WAIT_ATTEMPTS)
      throw new DocumentDeletingError(
        `${what} in ${d.region} is still being deleted (status Deleting) after ${formatDuration(performance.now() - t0)}: someone else (a cleanup job, a console user, an earlier delete-document) is deleting it. Nothing was added to the document; the files in S3 are kept. Re-run once the deletion has finished (aws ssm list-document-versions --name ${d.name} --region ${d.region} shows no version Deleting, or that the document does not exist)`,
      );
    if (attempt === 1)
      d.log.info(
        `${what} in ${d.region} is being deleted (status Deleting: a cleanup job, a console user, or this run's own delete of a Failed version); waiting for the deletion to finish before publishing`,
      );
    await sleep(wait);
  }
}

/**
 * The document's versions once neither the document nor the version named `versionName` is being
 * deleted (undefined: the document does not exist, also when it was being deleted as a whole): the
 * state the run decides on. Those are waited for, bounded (waitWhileDeleting), and never taken as
 * published; other versions being deleted (a prune, a cleanup) are going away and left out, said.
 */
export async function settledVersions(d: DocTarget, versionName: string): Promise<VersionInfo[] | undefined> {
  const versions = await waitWhileDeleting(
    d,
    () => listVersions(d),
    (v) => deletingWhat(d, v, versionName),
  );
  const going = (versions ?? []).filter((v) => v.status === 'Deleting');
  if (going.length)
    d.log.info(
      `${d.name}: document version${going.length > 1 ? 's' : ''} ${going.map((v) => v.documentVersion).join(', ')} ${going.length > 1 ? 'are' : 'is'} being deleted; left out`,
    );
  return versions && versions.filter((v) => v.status !== 'Deleting');
}

/** The document's status (its default version's), or undefined when it does not exist. */
async function documentStatus(d: DocTarget): Promise<string | undefined> {
  try {
    const out = await d.ssm.send(new DescribeDocumentCommand({ Name: d.name }));
    return out.Document?.Status ?? '';
  } catch (err) {
    if (isMissingDocument(err)) return undefined;
    throw awsFailure(err, 'ssm:DescribeDocument', arnOf(d), d.principal);
  }
}

/**
 * After a CreateDocument or UpdateDocument that SSM refused: whether the refusal came from a deletion
 * (the document is Deleting, or gone since it was read). Then the deletion is waited for (bounded) and
 * true returned: the version is to be created anew. False when the document is there and not Deleting.
 */
async function goneOrGoing(d: DocTarget, action: string, err: unknown): Promise<boolean> {
  const status = await documentStatus(d);
  if (status !== undefined && status !== 'Deleting') return false;
  d.log.info(
    `${action} of ${d.name} answered ${awsErrorName(err) || errorMessage(err)}: the document ${status === undefined ? 'was deleted since it was read' : 'is being deleted'}`,
  );
  if (status === 'Deleting')
    await waitWhileDeleting(
      d,
      () => documentStatus(d),
      (s) => (s === 'Deleting' ? `${d.name} (the whole document)` : undefined),
    );
  return true;
}

/**
 * The content of the version with this version name, and its document version; undefined when the
 * document or the version name does not exist.
 */
export async function getContentByName(
  d: DocTarget,
  versionName: string,
): Promise<{ content: string; documentVersion: string } | undefined> {
  try {
    const out = await d.ssm.send(
      new GetDocumentCommand({ Name: d.name, VersionName: versionName, DocumentFormat: 'JSON' }),
    );
    return { content: out.Content ?? '', documentVersion: out.DocumentVersion ?? '' };
  } catch (err) {
    if (isMissingDocument(err) || awsErrorName(err) === 'InvalidDocumentVersion') return undefined;
    throw awsFailure(err, 'ssm:GetDocument', arnOf(d), d.principal);
  }
}

/** The content of one document version. */
export async function getContent(d: DocTarget, documentVersion: string): Promise<string> {
  const out = await call(d, 'GetDocument', () =>
    d.ssm.send(
      new GetDocumentCommand({ Name: d.name, DocumentVersion: documentVersion, DocumentFormat: 'JSON' }),
    ),
  );
  return out.Content ?? '';
}

export interface NewVersion {
  content: string;
  versionName: string;
  sourceUrl: string;
}

function explainCreate(err: unknown, d: DocTarget, v: NewVersion, action: string): Error {
  const name = awsErrorName(err);
  const msg = errorMessage(err);
  switch (name) {
    case 'DocumentAlreadyExists':
    case 'DuplicateDocumentVersionName':
      return new Error(
        `${action}: ${d.name} version ${v.versionName} was created by someone else at the same time, with other content (${name}); re-run to check it`,
      );
    case 'DuplicateDocumentContent':
      return new UserError(
        `${ref('package-version')}: another version of ${d.name} already has exactly this content (${msg}); it is already published under another version name`,
      );
    case 'DocumentVersionLimitExceeded':
      return new UserError(
        `${ref('max-versions')}: ${d.name} has the most versions Distributor allows (${msg}); delete old versions (aws ssm delete-document --name ${d.name} --document-version N) or lower max-versions`,
      );
    case 'InvalidDocumentContent':
    case 'MaxDocumentSizeExceeded':
    case 'InvalidDocumentSchemaVersion':
      return new Error(`${action}: Distributor rejected the manifest (${name}: ${msg})`);
    case 'DocumentLimitExceeded':
      return new Error(
        `${action}: the account has as many documents as it may (${msg}); delete unused documents`,
      );
    default:
      return awsFailure(err, `ssm:${action}`, arnOf(d), d.principal);
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
function mayHaveApplied(err: unknown): boolean {
  const name = awsErrorName(err);
  if (/^(DocumentAlreadyExists|DuplicateDocumentVersionName|DuplicateDocumentContent)$/.test(name))
    return true;
  const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  if (status !== undefined) return status >= 500 || status === 429 || /Throttl/i.test(name);
  // No answer at all: a reset connection or a timeout.
  return /ECONNRESET|EPIPE|ETIMEDOUT|socket|network|Timeout|aborted/i.test(`${name} ${errorMessage(err)}`);
}

/** The version of the document named v.versionName, when it holds exactly our manifest. */
export async function findOurVersion(d: DocTarget, v: NewVersion): Promise<VersionInfo | undefined> {
  const versions = (await listVersions(d)) ?? [];
  // A version being deleted is going away: never ours to carry on with.
  const named = versions.find((x) => x.versionName === v.versionName && x.status !== 'Deleting');
  if (!named) return undefined;
  return sameContent(await getContent(d, named.documentVersion), v.content) ? named : undefined;
}

/**
 * Creates the document (first version) or adds a version to it; returns the new version's description.
 * When the call fails in a way that SSM may have applied it anyway (an answer lost to a 5xx or a reset,
 * then the SDK's retry told "already exists"), the versions are read back: a version with our name and
 * our content is ours, and publishing carries on with it.
 */
export async function addVersion(
  d: DocTarget,
  v: NewVersion,
  exists: boolean,
  afterDeletion = false,
): Promise<DocumentDescription> {
  const attachments = [{ Key: 'SourceUrl' as const, Values: [v.sourceUrl] }];
  const action = exists ? 'UpdateDocument' : 'CreateDocument';
  try {
    if (!exists) {
      const out = await whileBusy(d, action, () =>
        d.ssm.send(
          new CreateDocumentCommand({
            Name: d.name,
            DocumentType: 'Package',
            DocumentFormat: 'JSON',
            VersionName: v.versionName,
            Content: v.content,
            Attachments: attachments,
          }),
        ),
      );
      return out.DocumentDescription ?? {};
    }
    const out = await whileBusy(d, action, () =>
      d.ssm.send(
        new UpdateDocumentCommand({
          Name: d.name,
          DocumentVersion: '$LATEST',
          DocumentFormat: 'JSON',
          VersionName: v.versionName,
          Content: v.content,
          Attachments: attachments,
        }),
      ),
    );
    return out.DocumentDescription ?? {};
  } catch (err) {
    if (mayHaveApplied(err)) {
      const ours = await findOurVersion(d, v).catch((e: unknown) => {
        d.log.debug(`reading ${d.name}'s versions back after ${action} failed: ${errorMessage(e)}`);
        return undefined;
      });
      if (ours) {
        d.log.info(
          `${action} of ${d.name} ${v.versionName} answered ${awsErrorName(err) || errorMessage(err)}, but SSM holds the version with this manifest (document version ${ours.documentVersion}): carrying on with it`,
        );
        return {
          DocumentVersion: ours.documentVersion,
          ...(ours.status ? { Status: ours.status as DocumentDescription['Status'] } : {}),
        };
      }
    }
    // Someone deleted the document, or is deleting it, since it was read: once it is gone, create it.
    if (!afterDeletion && DELETION_ANSWERS.has(awsErrorName(err)) && (await goneOrGoing(d, action, err)))
      return addVersion(d, v, false, true);
    throw explainCreate(err, d, v, action);
  }
}

/** SSM's answer for a document (or version) a read does not see: missing, or not visible yet after a create. */
function notVisibleYet(err: unknown): boolean {
  const cause = (err as { cause?: unknown }).cause;
  return /^(InvalidDocument|InvalidDocumentVersion)$/.test(awsErrorName(cause ?? err));
}

export async function describeVersion(d: DocTarget, documentVersion: string): Promise<DocumentDescription> {
  const out = await call(d, 'DescribeDocument', () =>
    d.ssm.send(new DescribeDocumentCommand({ Name: d.name, DocumentVersion: documentVersion })),
  );
  return out.Document ?? {};
}

/** A version that did not become Active: Failed, an unexpected status, or still pending at the timeout. */
export class DocumentStatusError extends Error {
  readonly status: string;
  constructor(message: string, status: string) {
    super(message);
    this.name = 'DocumentStatusError';
    this.status = status;
  }
}

/**
 * Polls the version until Distributor reports it Active (it copies and checks the files first).
 * Throws with StatusInformation and the likely cause when it Failed, or after the timeout.
 */
export async function waitActive(
  d: DocTarget,
  documentVersion: string,
  s3Uri: string,
  opts: Pick<PublishOptions, 'pollIntervalMs' | 'maxPollIntervalMs' | 'activeTimeoutMs'>,
): Promise<DocumentDescription> {
  const t0 = performance.now();
  let wait = opts.pollIntervalMs;
  let last = '';
  let seen = false;
  const going = `${d.name} version ${documentVersion} in ${d.region}`;
  const fix = `it is not published; re-run to publish it again once the deletion has finished`;
  for (;;) {
    const desc = await describeVersion(d, documentVersion).catch((err: unknown) => {
      // Seen, then gone: deleted by someone else while the run waited.
      if (seen && notVisibleYet(err))
        throw new DocumentStatusError(
          `${going} was deleted (by someone else) while the run waited for it to become Active; ${fix}`,
          'Deleted',
        );
      // Right after CreateDocument a read may not see the document yet: pending, until the timeout.
      if (notVisibleYet(err) && performance.now() - t0 < opts.activeTimeoutMs)
        return { Status: 'Creating' } as DocumentDescription;
      throw err;
    });
    seen ||= Boolean(desc.DocumentVersion);
    const status = desc.Status ?? '';
    if (status !== last) {
      d.log.info(`${d.name} version ${documentVersion}: ${status || 'no status'}`);
      last = status;
    }
    if (status === 'Active') return desc;
    if (status === 'Failed')
      throw new DocumentStatusError(explainDocumentFailure(desc.StatusInformation ?? '', s3Uri), status);
    if (status === 'Deleting')
      throw new DocumentStatusError(
        `${going} is being deleted (status Deleting): someone deleted it, or the whole document, while the run waited for it to become Active; ${fix}`,
        status,
      );
    if (status && !PENDING_STATUSES.includes(status))
      throw new DocumentStatusError(
        `${d.name} version ${documentVersion} has the unexpected status ${status}`,
        status,
      );
    const elapsed = performance.now() - t0;
    if (elapsed >= opts.activeTimeoutMs)
      throw new DocumentStatusError(
        `${d.name} version ${documentVersion} is still ${status} after ${formatDuration(elapsed)}; it may yet become Active: check with aws ssm describe-document --name ${d.name} --document-version ${documentVersion} --region ${d.region}`,
        status,
      );
    await sleep(Math.min(wait, opts.activeTimeoutMs - elapsed));
    // Early and often at first: Distributor often settles within a second or two, and every poll
    // interval is time the step may sit idle after it did. For the first 8 intervals (2 s with the
    // default 250 ms) the interval stays short; then it doubles up to the cap (5 s), which keeps a
    // long wait at a few DescribeDocument calls a minute, well within SSM's rate limits.
    if (performance.now() - t0 >= 8 * opts.pollIntervalMs) wait = Math.min(wait * 2, opts.maxPollIntervalMs);
  }
}

export async function setDefault(d: DocTarget, documentVersion: string): Promise<void> {
  await call(d, 'UpdateDocumentDefaultVersion', () =>
    d.ssm.send(new UpdateDocumentDefaultVersionCommand({ Name: d.name, DocumentVersion: documentVersion })),
  );
}

/** Deletes one version, or the whole document when documentVersion is undefined. */
export async function deleteVersion(d: DocTarget, documentVersion: string | undefined): Promise<void> {
  await call(d, 'DeleteDocument', () =>
    d.ssm.send(
      new DeleteDocumentCommand({
        Name: d.name,
        ...(documentVersion ? { DocumentVersion: documentVersion } : {}),
      }),
    ),
  );
}

/**
 * The versions a share covers. ModifyDocumentPermission without SharedDocumentVersion shares only the
 * default version ($DEFAULT), and an account then cannot install a pinned version (a rollout ring with
 * a version parameter); $ALL covers every version, whatever the association in that account pins.
 * (API reference: AccountSharingInfo.SharedDocumentVersion is $LATEST, $DEFAULT or $ALL.)
 */
export const SHARED_VERSIONS = '$ALL';

/** An account the document is shared with, and the versions the share covers ($DEFAULT when SSM says none). */
export interface Share {
  account: string;
  version: string;
}

const norm = (a: string) => (a.toLowerCase() === 'all' ? 'all' : a);

/** How a share reads: the account, with the versions it covers when they are not SHARED_VERSIONS ("111111111111 ($DEFAULT)"). */
const shareLabel = (s: Share) => (s.version === SHARED_VERSIONS ? s.account : `${s.account} (${s.version})`);
const accountOf = (label: string) => label.split(' ')[0]!;

/**
 * The accounts the document is shared with, as SSM holds them ("all" when it is public); a share that
 * covers other versions than SHARED_VERSIONS is written with them ("111111111111 ($DEFAULT)"), so that
 * it differs from what is asked for and is corrected.
 */
export async function sharedWith(d: DocTarget): Promise<string[]> {
  const out = new Map<string, string>();
  let token: string | undefined;
  do {
    const page = await call(d, 'DescribeDocumentPermission', () =>
      d.ssm.send(
        new DescribeDocumentPermissionCommand({
          Name: d.name,
          PermissionType: 'Share',
          MaxResults: 200,
          ...(token ? { NextToken: token } : {}),
        }),
      ),
    );
    for (const a of page.AccountIds ?? []) if (!out.has(norm(a))) out.set(norm(a), '$DEFAULT');
    for (const i of page.AccountSharingInfoList ?? [])
      if (i.AccountId) out.set(norm(i.AccountId), i.SharedDocumentVersion || '$DEFAULT');
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
export async function syncSharing(
  d: DocTarget,
  accounts: readonly string[],
  known?: readonly string[],
  version: string = SHARED_VERSIONS,
): Promise<string[]> {
  const before = known ? [...known] : await sharedWith(d);
  const { add, remove: dropped } = sharingChanges(before, accounts);
  const adding = new Set(add);
  // A share of other versions of an account that stays is replaced by the add, not removed.
  const remove = [...new Set(dropped.map(accountOf))].filter((a) => !adding.has(a));
  const repinned = dropped.filter((l) => adding.has(accountOf(l)));
  if (add.includes('all'))
    d.log.warning(
      `${d.name} is being shared with ALL AWS accounts (${ref('allow-public-sharing')} is true): any account can see and install it, and Uptycs installers carry your tenant's enrollment secret`,
    );
  const modify = (key: 'AccountIdsToAdd' | 'AccountIdsToRemove', list: string[]) =>
    // "all" goes alone: SSM refuses it together with account IDs.
    [
      ...(list.includes('all') ? [['all']] : []),
      ...chunk(
        list.filter((a) => a !== 'all'),
        20,
      ),
    ].reduce(
      (prev, group) =>
        prev.then(() =>
          call(d, 'ModifyDocumentPermission', () =>
            d.ssm.send(
              new ModifyDocumentPermissionCommand({
                Name: d.name,
                PermissionType: 'Share',
                [key]: group,
                ...(key === 'AccountIdsToAdd' ? { SharedDocumentVersion: version } : {}),
              }),
            ),
          ).then(() => undefined),
        ),
      Promise.resolve(),
    );
  // Narrow first: a failure half-way leaves fewer accounts, never more.
  await modify('AccountIdsToRemove', remove);
  if (remove.length) d.log.info(`${d.name}: no longer shared with ${remove.join(', ')}`);
  await modify('AccountIdsToAdd', add);
  const fresh = add.filter((a) => !repinned.some((l) => accountOf(l) === a));
  if (fresh.length) d.log.info(`${d.name}: shared with ${fresh.join(', ')} (${version})`);
  if (repinned.length)
    d.log.info(
      `${d.name}: the share of ${repinned.join(', ')} now covers ${version} (a pinned version needs it)`,
    );
  return add.length || remove.length ? sharedWith(d) : before;
}
