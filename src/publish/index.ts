/**
 * Publish stage: puts a built package into S3 and an SSM Distributor Package document, in every
 * region of the aws-region input, in parallel. The files leave the runner once, for the first region;
 * the other regions copy them from its bucket (s3-copy.ts). See region.ts for the order of the steps.
 */
import { ref } from '../common/names.js';
import { UserError } from '../common/errors.js';
import { markdownText } from '../common/markdown.js';
import type { Inputs } from '../inputs/index.js';
import type { Log } from '../common/log.js';
import { formatBytes, formatDuration } from '../common/log.js';
import type { BuiltPackage, PackageInProgress } from '../package/types.js';
import { sendEarly } from './early.js';
import { Claims } from './claim.js';
import { packageNameProblem, versionNameProblem } from '../inputs/distributor-names.js';
import { openStageSession, type AwsSession } from './credentials.js';
import { Semaphore } from '../common/limit.js';
import { bucketName } from './plan.js';
import { publishRegion, type FilesSource } from './region.js';
import {
  DEFAULT_PUBLISH_OPTIONS,
  type PublishDeps,
  type PublishOptions,
  type PublishResult,
} from './types.js';

export type { PublishDeps, PublishOptions, PublishResult } from './types.js';
export { DEFAULT_PUBLISH_OPTIONS } from './types.js';

/** A Log whose lines start with a tag, for stages running side by side. */
export function taggedLog(log: Log, tag: string): Log {
  const t = (m: string) => `[${tag}] ${m}`;
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

function checkPackage(pkg: Pick<BuiltPackage, 'packageName' | 'version'>, inputs: Inputs): void {
  const problems = [
    packageNameProblem(pkg.packageName) && `${ref('package-name')}: ${packageNameProblem(pkg.packageName)}`,
    versionNameProblem(pkg.version) && `${ref('package-version')}: ${versionNameProblem(pkg.version)}`,
    !inputs.awsRegions.length && `${ref('aws-region')}: give at least one region`,
  ].filter((p): p is string => Boolean(p));
  if (problems.length)
    throw new UserError(
      problems.join('\n'),
      problems.map((message) => ({ message })),
    );
}

/**
 * Publishes the package to every region of inputs.awsRegions, in parallel. Returns one result per
 * region (in input order); a region's failure is in its result, never thrown. Throws (UserError) only
 * for what stops every region before any AWS change: a bad package name, or no usable credentials;
 * and, for a package still being built, the build's error (once no zip is being sent any more).
 * A package still being built has its zips sent to the first region as they come (early.ts).
 */
export async function publishPackage(
  pkg: BuiltPackage | PackageInProgress,
  inputs: Inputs,
  deps: PublishDeps,
): Promise<PublishResult[]> {
  checkPackage(pkg, inputs);
  const { log } = deps;
  const env = deps.env ?? process.env;
  const opts: PublishOptions = { ...DEFAULT_PUBLISH_OPTIONS, ...deps.options };
  const building = 'built' in pkg ? pkg : undefined;
  // The session the already-published check opened, when there was one: one role assumption per run.
  const opened = deps.session ? Promise.resolve(deps.session) : openStageSession(inputs, deps, opts);
  const parts = new Semaphore(opts.partConcurrency);
  const [first] = inputs.awsRegions;
  // Regions of this run whose files go to one folder share its claim (claim.ts).
  const claims = new Claims();
  const setupOf = (session: AwsSession) => ({ inputs, session, env, opts, parts, claims });
  const bucketOf = (session: AwsSession, region: string) =>
    bucketName(inputs.s3Bucket, session.account, region);
  /** The other regions of the run whose files go to the same bucket as this one's. */
  const shared = (session: AwsSession, region: string) =>
    inputs.awsRegions.filter((r) => r !== region && bucketOf(session, r) === bucketOf(session, region));
  // Started now, before any wait, so that the build's folder is held from its first zip on.
  const early =
    building &&
    sendEarly(
      opened.then((session) => ({
        ...setupOf(session),
        pkg,
        region: first!,
        log: taggedLog(log, first!),
        bucketSharedWith: shared(session, first!),
      })),
      building,
    );
  const session = await opened;
  if (inputs.awsRegions.length > 1 && inputs.s3Bucket && !inputs.s3Bucket.includes('{region}'))
    log.warning(
      `${ref('s3-bucket')}: ${inputs.s3Bucket} has no {region}, so all ${inputs.awsRegions.length} regions share one bucket in one region; opt-in regions need a bucket of their own`,
    );
  const setup = setupOf(session);
  let built: BuiltPackage;
  try {
    built = building ? await building.built : (pkg as BuiltPackage);
  } catch (err) {
    await early;
    throw err;
  }
  let filesReady: (ready: boolean) => void = () => undefined;
  const source: FilesSource = {
    region: first!,
    bucket: bucketOf(session, first!),
    ready: new Promise<boolean>((resolve) => (filesReady = resolve)),
  };
  const results = await Promise.all(
    inputs.awsRegions.map((region, i) =>
      publishRegion({
        ...setup,
        pkg: built,
        region,
        log: taggedLog(log, region),
        bucketSharedWith: shared(session, region),
        ...(i === 0 && early ? { early } : {}),
        ...(inputs.awsRegions.length > 1 ? (i === 0 ? { filesReady } : { copyFrom: source }) : {}),
      }),
    ),
  );
  for (const r of results) r.publishedBy = session.arn;
  for (const r of results)
    if (r.ok)
      log.info(
        `[${r.region}] ${r.alreadyPublished ? 'already published' : 'published'}: ${r.documentArn} version ${r.documentVersion} (${r.versionName}), ${r.s3Uri}${r.copiedFiles?.length ? ` (${r.copiedFiles.length} files copied in S3 from ${r.copiedFrom})` : ''}, ${formatDuration(r.durationMs)}`,
      );
  return results;
}

/** The error that fails the step when some region failed (undefined when all succeeded). */
export function publishError(results: readonly PublishResult[]): Error | undefined {
  const failed = results.filter((r) => !r.ok);
  if (!failed.length) return undefined;
  const lines = failed.map((r) => `  ${r.region}: ${r.error ?? 'failed'}`);
  const ok = results.filter((r) => r.ok).map((r) => r.region);
  return new Error(
    `publishing failed in ${failed.length} of ${results.length} region${results.length > 1 ? 's' : ''}:\n${lines.join('\n')}${ok.length ? `\n  published: ${ok.join(', ')}` : ''}`,
  );
}

/**
 * Step outputs, as action.yml declares them: with one region the plain values; with several, each
 * output is a JSON object keyed by region (a failed region has '' where nothing was published).
 */
export function publishOutputs(results: readonly PublishResult[]): Record<string, string> {
  if (!results.length) return {};
  const fields = {
    's3-uri': (r: PublishResult) => r.s3Uri,
    'document-name': (r: PublishResult) => r.documentName,
    'document-version': (r: PublishResult) => r.documentVersion,
    'document-arn': (r: PublishResult) => r.documentArn,
  };
  const out: Record<string, string> = {};
  for (const [name, get] of Object.entries(fields))
    out[name] =
      results.length === 1
        ? get(results[0]!)
        : JSON.stringify(Object.fromEntries(results.map((r) => [r.region, get(r)])));
  return out;
}

const esc = (s: string) => markdownText(s);

/** What happened to a region's files: uploaded, copied inside S3, already there (and why copies were refused). */
function filesCell(r: PublishResult): string {
  const parts = [
    r.uploadedFiles.length && `${r.uploadedFiles.length} uploaded (${formatBytes(r.uploadedBytes)})`,
    r.copiedFiles?.length &&
      `${r.copiedFiles.length} copied in S3 from ${esc(r.copiedFrom ?? '')} (${formatBytes(r.copiedBytes ?? 0)})`,
    r.skippedFiles.length && `${r.skippedFiles.length} already there (${formatBytes(r.skippedBytes)})`,
  ].filter(Boolean);
  const moved = parts.length ? parts.join('; ') : r.alreadyPublished ? 'in place already' : '—';
  return r.copyRefused ? `${moved}; from the runner, as copying was refused: ${esc(r.copyRefused)}` : moved;
}

/**
 * The regions for the job summary: a table narrow enough for GitHub's page (no ARN or S3 URI in it:
 * those long words would make it scroll), then where each region's document and files are.
 */
export function publishMarkdown(results: readonly PublishResult[]): string {
  const files = results.some((r) => !r.alreadyPublished || r.uploadedFiles.length || r.skippedFiles.length);
  const columns: [string, (r: PublishResult) => string][] = [
    ['Region', (r) => esc(r.region)],
    [
      'Result',
      (r) =>
        r.ok
          ? r.alreadyPublished
            ? '✅ already published'
            : '✅ published'
          : `❌ failed: ${esc(r.error ?? 'no reason given')}`,
    ],
    [
      'Version',
      (r) =>
        r.documentVersion
          ? `${esc(r.documentVersion)} (${esc(r.versionName)})${r.defaultVersion ? ', default' : ', not the default'}`
          : '—',
    ],
    // When no region moved a file (every one had the version already), the column says nothing.
    ...(files ? ([['Files', filesCell]] as [string, (r: PublishResult) => string][]) : []),
    // What SSM holds after the run, read back.
    [
      'Shared with',
      (r) =>
        r.sharedAccounts.length
          ? esc(r.sharedAccounts.map((a) => (a === 'all' ? 'all accounts (public)' : a)).join(', '))
          : r.ok
            ? 'not shared'
            : '—',
    ],
    ['Time', (r) => formatDuration(r.durationMs).replace(' ', '&nbsp;')],
  ];
  const where = results
    .filter((r) => r.documentArn || r.s3Uri)
    .map(
      (r) => `- ${esc(r.region)}: document \`${r.documentArn}\`${r.s3Uri ? `, files in \`${r.s3Uri}\`` : ''}`,
    );
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
export function publishStage(deps: PublishDeps) {
  return async (pkg: BuiltPackage | PackageInProgress, inputs: Inputs) => {
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
