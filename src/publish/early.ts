/**
 * A pipelined run: the first region receives each zip as soon as it is built, while the other
 * installers are still downloading and zipping. Nothing here decides anything the region's own steps
 * (region.ts) would not: the same look at the document first (a version of this name already there:
 * nothing is sent early), the same bucket checks, and writes only where a key is empty (If-None-Match: *):
 * nothing is ever replaced here, since replacing is decided only under the folder's claim (claim.ts);
 * a key with other bytes is left to the region's steps. No document version is made here, so a build
 * that fails after some zips went leaves objects that no document names, which the next run of the
 * version may replace (under the claim).
 * It never fails the run: at its first error it stops sending; the region's steps, which come next,
 * meet a setup error again, and fail with an upload's error.
 */
import { errorMessage } from '../common/errors.js';
import { formatBytes } from '../common/log.js';
import { Semaphore } from '../common/limit.js';
import type { PackageInProgress } from '../package/types.js';
import { bucketNameProblem, documentAction } from './plan.js';
import { openRegion, prepareBucket, zipItem, type Region, type RegionSetup } from './region.js';
import { KeyRace, TakenKey, s3Uri, uploadOne } from './s3.js';
import { listVersions } from './ssm.js';
import type { EarlyOutcome } from './types.js';

export type { EarlyOutcome } from './types.js';

/**
 * Sends the zips of `pkg` to the first region's bucket as they are built. Resolves once every zip
 * is sent, or sending stopped; `pkg.hold` keeps the zips' build folder in place until then.
 */
export function sendEarly(setup: Promise<RegionSetup>, pkg: PackageInProgress): Promise<EarlyOutcome> {
  // Without a session (the stage fails on it) nothing is sent, and the zips are not waited for.
  const done = setup.then(
    (ctx) => send(ctx, pkg),
    (): EarlyOutcome => ({ sent: new Map() }),
  );
  pkg.hold(done);
  return done;
}

async function send(ctx: RegionSetup, pkg: PackageInProgress): Promise<EarlyOutcome> {
  const sent: EarlyOutcome['sent'] = new Map();
  const r = openRegion(ctx);
  const slots = new Semaphore(ctx.opts.fileConcurrency);
  const running: Promise<void>[] = [];
  let bytes = 0;
  let buildFailed = false;
  let error: { error: unknown } | undefined;
  let stopped: string | undefined = bucketNameProblem(r.target.bucket);
  const stop = (why: string) => {
    if (stopped) return;
    stopped = why;
    ctx.log.debug(`no more zips are sent while the package is built (${why}); the region's own steps follow`);
  };
  // Settles while the first zip is being built: the zips wait for neither.
  const ready = stopped
    ? Promise.resolve()
    : readyToSend(r).then(
        (no) => void (no && stop(no)),
        (err: unknown) => {
          // Said, not only in the debug log: the region's own steps meet the bucket again and fail or fix it.
          ctx.log.info(`the zips are not sent while the package is built: ${errorMessage(err)}`);
          stop(errorMessage(err));
        },
      );
  try {
    for await (const file of pkg.zips) {
      await ready;
      if (stopped) continue;
      await slots.acquire();
      const item = zipItem(file, r.target.prefix);
      running.push(
        uploadOne(r.target, item, ctx.opts, ctx.parts)
          .then((v) => {
            sent.set(item.name, v);
            if (v === 'uploaded') bytes += item.size;
          })
          .catch((err: unknown) => {
            // Another build's bytes at a key: left to the region's steps, which decide under the claim.
            if (!(err instanceof TakenKey || err instanceof KeyRace)) error ??= { error: err };
            stop(errorMessage(err));
          })
          .finally(() => slots.release()),
      );
    }
  } catch (err) {
    buildFailed = true;
    stop(`the build failed: ${errorMessage(err)}`);
  } finally {
    await ready;
    await Promise.all(running);
    r.doc.ssm.destroy();
    r.target.s3.destroy();
  }
  const uploaded = [...sent.values()].filter((v) => v === 'uploaded').length;
  if (uploaded && buildFailed) {
    const them = uploaded > 1 ? 'them' : 'it';
    ctx.log.info(
      `${uploaded} zip${uploaded > 1 ? 's were' : ' was'} sent to ${s3Uri(r.target, r.target.prefix)} before the build failed; no document names ${them}, and the next run of ${ctx.pkg.version} keeps ${them} (same bytes) or replaces ${them}`,
    );
  } else if (uploaded)
    ctx.log.debug(`${uploaded} zips (${formatBytes(bytes)}) sent while the package was being built`);
  return {
    sent,
    ...(error ? { error: error.error } : {}),
    ...(r.result.bucketSettings ? { bucketSettings: r.result.bucketSettings } : {}),
  };
}

/** Why nothing should be sent early (the version's document exists: the region decides), or ''. */
async function readyToSend(r: Region<RegionSetup>): Promise<string> {
  const action = documentAction(await listVersions(r.doc), r.ctx.pkg.version);
  if (action.kind === 'exists') return `the document has version ${r.ctx.pkg.version} already`;
  await prepareBucket(r);
  return '';
}
