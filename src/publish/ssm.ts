/**
 * SSM side of publishing: the Package document's versions, adding one, waiting until Distributor
 * has made it Active, the default version and sharing. Each call's errors are explained for the log.
 */
import {
  CreateDocumentCommand,
  DeleteDocumentCommand,
  DescribeDocumentCommand,
  GetDocumentCommand,
  ListDocumentVersionsCommand,
  ModifyDocumentPermissionCommand,
  UpdateDocumentCommand,
  UpdateDocumentDefaultVersionCommand,
  type DocumentDescription,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import { UserError } from '../errors.js';
import type { Log } from '../log.js';
import { formatDuration } from '../log.js';
import { sleep } from '../limit.js';
import {
  PENDING_STATUSES,
  awsErrorName,
  chunk,
  documentArn,
  awsFailure,
  explainDocumentFailure,
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
}

const arnOf = (d: DocTarget) => documentArn(d.region, d.account, d.name);

async function call<T>(d: DocTarget, action: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw awsFailure(err, `ssm:${action}`, arnOf(d), d.principal);
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
  const msg = err instanceof Error ? err.message : String(err);
  switch (name) {
    case 'DocumentAlreadyExists':
    case 'DuplicateDocumentVersionName':
      return new Error(
        `${action}: ${d.name} version ${v.versionName} was created by someone else at the same time (${name}); re-run to check it`,
      );
    case 'DuplicateDocumentContent':
      return new UserError(
        `input "package-version": another version of ${d.name} already has exactly this content (${msg}); it is already published under another version name`,
      );
    case 'DocumentVersionLimitExceeded':
      return new UserError(
        `input "max-versions": ${d.name} has the most versions Distributor allows (${msg}); delete old versions (aws ssm delete-document --name ${d.name} --document-version N) or lower max-versions`,
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

/** Creates the document (first version) or adds a version to it; returns the new version's description. */
export async function addVersion(d: DocTarget, v: NewVersion, exists: boolean): Promise<DocumentDescription> {
  const attachments = [{ Key: 'SourceUrl' as const, Values: [v.sourceUrl] }];
  try {
    if (!exists) {
      const out = await d.ssm.send(
        new CreateDocumentCommand({
          Name: d.name,
          DocumentType: 'Package',
          DocumentFormat: 'JSON',
          VersionName: v.versionName,
          Content: v.content,
          Attachments: attachments,
        }),
      );
      return out.DocumentDescription ?? {};
    }
    const out = await d.ssm.send(
      new UpdateDocumentCommand({
        Name: d.name,
        DocumentVersion: '$LATEST',
        DocumentFormat: 'JSON',
        VersionName: v.versionName,
        Content: v.content,
        Attachments: attachments,
      }),
    );
    return out.DocumentDescription ?? {};
  } catch (err) {
    throw explainCreate(err, d, v, exists ? 'UpdateDocument' : 'CreateDocument');
  }
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
  for (;;) {
    const desc = await describeVersion(d, documentVersion);
    const status = desc.Status ?? '';
    if (status !== last) {
      d.log.info(`${d.name} version ${documentVersion}: ${status || 'no status'}`);
      last = status;
    }
    if (status === 'Active') return desc;
    if (status === 'Failed')
      throw new DocumentStatusError(explainDocumentFailure(desc.StatusInformation ?? '', s3Uri), status);
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

/** Shares the document with the accounts (at most 20 per call; "all" makes it public). */
export async function share(d: DocTarget, accounts: readonly string[]): Promise<string[]> {
  if (!accounts.length) return [];
  const list = accounts.includes('all') ? ['all'] : [...accounts];
  if (list[0] === 'all')
    d.log.warning(
      `${d.name} is shared with ALL AWS accounts (share-with-accounts: all): any account can see and may install it, and Uptycs installers carry your tenant's enrollment secrets`,
    );
  for (const group of chunk(list, 20))
    await call(d, 'ModifyDocumentPermission', () =>
      d.ssm.send(
        new ModifyDocumentPermissionCommand({
          Name: d.name,
          PermissionType: 'Share',
          AccountIdsToAdd: group,
        }),
      ),
    );
  return list;
}
