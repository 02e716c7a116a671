/**
 * Is it published already? Before anything is downloaded or built, every target region is asked,
 * with read-only calls, whether the document has an Active version with the version name of this run.
 * What does not depend on the version name (ssm:ListDocumentVersions, ssm:DescribeDocumentPermission)
 * is read as soon as the AWS session is open, while the version is still looked up; the content under
 * the version name (ssm:GetDocument) follows at once when it is known. When every region has the
 * version, and it holds what this run's mapping makes (the core compares the two: see
 * sameAsPublished in core-stages.ts), the run stops successfully: nothing to download, nothing to
 * build, outputs from what SSM holds. Where the default version, the sharing and the versions kept
 * are also as the inputs ask, there is nothing left for the publish stage either (`converged`).
 */
import { errorMessage } from '../common/errors.js';
import type { Inputs } from '../inputs/index.js';
import type { SSMClient } from '@aws-sdk/client-ssm';
import { formatDuration, type Log } from '../common/log.js';
import { ssmClient } from './clients.js';
import { openStageSession, type AwsSession } from './credentials.js';
import { publishMarkdown, publishOutputs, taggedLog } from './index.js';
import {
  bucketName,
  defaultStaysMessage,
  keepsDefault,
  keyPrefix,
  newResult,
  pendingChanges,
  type VersionInfo,
} from './plan.js';
import { getContent, getContentByName, listVersions, sharedWith, type DocTarget } from './ssm.js';
import {
  DEFAULT_PUBLISH_OPTIONS,
  type PublishDeps,
  type PublishOptions,
  type PublishResult,
} from './types.js';

export interface PublishedCheck {
  /** True when every region has an Active version named versionName. */
  all: boolean;
  /**
   * True when, besides, every region's default version, sharing and versions kept are as the inputs
   * ask: a publish stage would change nothing.
   */
  converged: boolean;
  versionName: string;
  /** One per region, in input order; ok and alreadyPublished are true where the version is there. */
  results: PublishResult[];
  /** The published manifest (the document content of the first region that has the version). */
  manifestText?: string;
  /**
   * Step outputs from what SSM holds (s3-uri, document-name, document-version, document-arn); with
   * check-only also `converged` (the version is everywhere, and the default, the sharing and the
   * versions kept are as the inputs ask).
   */
  outputs: Record<string, string>;
  markdown: string;
}

/** Checks every region of inputs.awsRegions for an Active document version named versionName. Read-only. */
export async function checkPublished(
  inputs: Inputs,
  versionName: string,
  deps: PublishDeps,
): Promise<PublishedCheck> {
  return (await openCheck(inputs, deps))(versionName);
}

/** Opens the AWS session (STS), then returns the check of a version name: the session can open early. */
export async function openCheck(
  inputs: Inputs,
  deps: PublishDeps,
): Promise<((versionName: string) => Promise<PublishedCheck>) & { session: AwsSession }> {
  const opts = { ...DEFAULT_PUBLISH_OPTIONS, ...deps.options };
  const session = await openStageSession(inputs, deps, opts);
  const open = () => inputs.awsRegions.map((region) => openRegion(inputs, region, deps, session, opts));
  // What does not depend on the version name is read now, while the version is still looked up.
  let early: OpenRegion[] | undefined = open();
  return Object.assign(
    (versionName: string) => {
      const regions = early ?? open();
      early = undefined;
      return checkRegions(inputs, versionName, deps.log, session, regions);
    },
    { session },
  );
}

/** Logs why an optional read failed, and answers undefined. */
const quietly =
  (log: Log, what: string) =>
  (err: unknown): undefined => {
    log.debug(`could not read ${what}: ${errorMessage(err)}`);
    return undefined;
  };

/** A region being checked: its client, and the reads that do not depend on the version name. */
interface OpenRegion {
  region: string;
  log: Log;
  ssm: SSMClient;
  doc: DocTarget;
  /** The versions, and the sharing (undefined when unreadable, e.g. a role without ssm:DescribeDocumentPermission). */
  reads: Promise<[VersionInfo[] | undefined, string[] | undefined]>;
}

function openRegion(
  inputs: Inputs,
  region: string,
  deps: PublishDeps,
  session: AwsSession,
  opts: PublishOptions,
): OpenRegion {
  const log = taggedLog(deps.log, region);
  const ssm = ssmClient({
    region,
    env: deps.env ?? process.env,
    maxAttempts: opts.maxAttempts,
    debug: (m) => log.debug(m),
    ...(session.credentials ? { credentials: session.credentials } : {}),
  });
  const doc: DocTarget = {
    ssm,
    name: inputs.packageName,
    region,
    account: session.account,
    principal: session.principal,
    log,
  };
  const reads = Promise.all([listVersions(doc), sharedWith(doc).catch(quietly(log, 'the sharing'))]);
  reads.catch(() => undefined); // awaited by the check; a check never made leaves no unhandled rejection
  return { region, log, ssm, doc, reads };
}

async function checkRegions(
  inputs: Inputs,
  versionName: string,
  log: Log,
  session: AwsSession,
  regions: OpenRegion[],
): Promise<PublishedCheck> {
  const name = inputs.packageName;
  let manifestText: string | undefined;
  let pendingAnywhere = false;
  const results = await Promise.all(
    regions.map(async ({ region, log: rlog, ssm, doc, reads }): Promise<PublishResult> => {
      const t0 = performance.now();
      const bucket = bucketName(inputs.s3Bucket, session.account, region);
      const prefix = keyPrefix(inputs.s3Prefix, name, versionName);
      const result = newResult(region, session.account, { bucket, prefix, documentName: name, versionName });
      try {
        // The content under this version name, beside the reads begun when the session opened: one
        // round trip once the version is known.
        const [[versions, shared], named] = await Promise.all([
          reads,
          getContentByName(doc, versionName).catch(quietly(rlog, `the content of ${versionName}`)),
        ]);
        const v = versions?.find((x) => x.versionName === versionName);
        if (!versions) rlog.info(`checked ${result.documentArn}: no such document yet`);
        else if (!v)
          rlog.info(
            `checked ${result.documentArn}: ${versions.length} version${versions.length > 1 ? 's' : ''}, none named ${versionName}`,
          );
        else {
          result.documentVersion = v.documentVersion;
          result.status = v.status ?? '';
          result.defaultVersion = v.isDefault;
          if (v.status && v.status !== 'Active')
            rlog.info(
              `checked ${result.documentArn}: version ${v.documentVersion} is named ${versionName} but is ${v.status}; publishing runs`,
            );
          else {
            result.ok = true;
            result.alreadyPublished = true;
            // The version named so may have changed between the two reads: then read the one listed.
            manifestText ??=
              named?.documentVersion === v.documentVersion
                ? named.content
                : await getContent(doc, v.documentVersion);
            if (shared) result.sharedAccounts = shared;
            const pending = shared ? pendingChanges(versions, v, inputs, shared) : ['read the sharing'];
            if (pending.length) pendingAnywhere = true;
            rlog.info(
              `checked ${result.documentArn}: ${versionName} is published as document version ${v.documentVersion} (Active${v.isDefault ? ', default' : ''}); ${pending.length ? `still to do: ${pending.join(', ')}` : 'default version, sharing and versions kept as asked'}`,
            );
            const newer = inputs.setDefaultVersion && !v.isDefault && keepsDefault(versions, v, false);
            if (newer && !pending.length) rlog.info(defaultStaysMessage(name, v, newer, region));
          }
        }
      } catch (err) {
        result.error = errorMessage(err);
        rlog.warning(`could not check what is published (${result.error}); publishing runs`);
      } finally {
        ssm.destroy();
        result.durationMs = Math.round(performance.now() - t0);
      }
      return result;
    }),
  );
  const all = results.every((r) => r.ok);
  const ms = Math.max(...results.map((r) => r.durationMs));
  if (all)
    log.info(
      `${name} ${versionName} is already published in ${results.length === 1 ? results[0]!.region : `all ${results.length} regions`} (checked in ${formatDuration(ms)})`,
    );
  else {
    const missing = results.filter((r) => !r.ok).map((r) => r.region);
    log.info(`${name} ${versionName} is not yet published in ${missing.join(', ')}`);
  }
  return {
    all,
    converged: all && !pendingAnywhere,
    versionName,
    results,
    ...(manifestText !== undefined ? { manifestText } : {}),
    outputs: {
      ...(all ? publishOutputs(results) : {}),
      // check-only: whether a publish step would change nothing (the reusable workflow's decide reads it).
      ...(inputs.checkOnly ? { converged: String(all && !pendingAnywhere) } : {}),
    },
    markdown: publishMarkdown(results),
  };
}

/** The check as the core takes it (CoreDeps.published). */
export function publishedStage(deps: PublishDeps) {
  return (inputs: Inputs) => openCheck(inputs, deps);
}
