/**
 * The claim of a version's folder: one small object per (bucket, prefix), next to the folder
 * (`uptycs/UptycsAgent/5.7.0.25.claim`: outside the folder a document's SourceUrl names, so no
 * document, no install and no copy of the folder ever reads it). A run holds it from the moment it
 * decides whether objects in the folder may be replaced until its document version is Active, so
 * that no other run replaces the files a document is being made from, and no run makes a document
 * from files another run is replacing. Taken with If-None-Match: * (or If-Match on the ETag of a
 * released or stale claim): of two runs at once, S3 lets exactly one write it.
 *
 * It holds no secret and nothing of the build: a random token, the version name and times.
 * A crashed holder cannot block forever: the holder rewrites the claim every quarter of the lease,
 * and a claim that S3's own clock says has not been rewritten for a whole lease is stale, and taken
 * over with If-Match on its ETag (one taker wins). A holder whose claim was taken over finds out
 * at its next rewrite and creates no document version (check()).
 * Released by a conditional delete (If-Match); with a policy that does not grant s3:DeleteObject on
 * the claim, by rewriting it as released.
 */
import {
  DeleteObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type HeadObjectCommandOutput,
  type S3Client,
} from '@aws-sdk/client-s3';
import { randomUUID } from 'node:crypto';
import { onCancel } from '../common/cancel.js';
import { UserError, errorMessage } from '../common/errors.js';
import { sleep } from '../common/limit.js';
import type { Log } from '../common/log.js';
import { ref } from '../common/names.js';
import { awsErrorName, awsFailure, httpStatus } from './plan.js';
import type { PublishOptions } from './types.js';

/** The key of a version folder's claim: the folder's name with `.claim` (beside it, not in it). */
export const claimKey = (prefix: string) => `${prefix.replace(/\/+$/, '')}.claim`;

/** Metadata that says whether a claim is held or was released. */
const STATE = 'claim-state';

/** Where the claim lives and how to reach it (a client of its own: it may outlive a region's). */
export interface ClaimPlace {
  s3: S3Client;
  bucket: string;
  prefix: string;
  account: string;
  principal: string;
  log: Log;
}

export type ClaimOptions = Pick<
  PublishOptions,
  'claimLeaseMs' | 'claimWaitMs' | 'pollIntervalMs' | 'maxPollIntervalMs'
>;

/** A claim this run holds. */
export interface Claim {
  key: string;
  /** Throws when the claim was taken over (this run was stalled for a whole lease): write nothing more. */
  check(): void;
  /** Gives the claim up (idempotent); never throws. */
  release(): Promise<void>;
}

interface Seen {
  etag: string;
  released: boolean;
  /** How long ago S3 last wrote it, by S3's own clock (its Date header against LastModified). */
  ageMs?: number;
}

const uri = (p: ClaimPlace, key: string) => `s3://${p.bucket}/${key}`;

/** The claim as it is now; undefined when there is none. */
async function readClaim(p: ClaimPlace, key: string): Promise<Seen | undefined> {
  const cmd = new HeadObjectCommand({ Bucket: p.bucket, Key: key, ExpectedBucketOwner: p.account });
  let date: string | undefined;
  cmd.middlewareStack.add(
    (next) => async (args) => {
      const out = await next(args);
      const headers = (out.response as { headers?: Record<string, string> }).headers;
      date = headers?.date;
      return out;
    },
    { step: 'deserialize', name: 'claimServerDate' },
  );
  let h: HeadObjectCommandOutput;
  try {
    h = await p.s3.send(cmd);
  } catch (err) {
    if (httpStatus(err) === 404 || /NotFound|NoSuchKey/.test(awsErrorName(err))) return undefined;
    throw awsFailure(err, 's3:GetObject', uri(p, key), p.principal);
  }
  const now = date ? Date.parse(date) : NaN;
  const ageMs = h.LastModified && !Number.isNaN(now) ? now - h.LastModified.getTime() : undefined;
  return {
    etag: h.ETag ?? '',
    released: h.Metadata?.[STATE] === 'released',
    ...(ageMs === undefined ? {} : { ageMs }),
  };
}

type Condition = { IfNoneMatch: '*' } | { IfMatch: string };

/** Writes the claim under the condition: its new ETag, or undefined when S3 said the condition failed. */
async function writeClaim(
  p: ClaimPlace,
  key: string,
  body: string,
  state: 'held' | 'released',
  condition: Condition,
): Promise<string | undefined> {
  try {
    const out = await p.s3.send(
      new PutObjectCommand({
        Bucket: p.bucket,
        Key: key,
        Body: body,
        ContentType: 'application/json',
        Metadata: { [STATE]: state },
        ...condition,
        ExpectedBucketOwner: p.account,
      }),
    );
    return out.ETag ?? '';
  } catch (err) {
    const status = httpStatus(err);
    const name = awsErrorName(err);
    // 412: the condition failed; 409: a write in flight; 404 NoSuchKey: If-Match on a claim deleted
    // meanwhile (a missing bucket is an error, not a claim to wait for).
    if (status === 412 || status === 409 || /PreconditionFailed|ConditionalRequestConflict/.test(name))
      return undefined;
    if ('IfMatch' in condition && (name === 'NoSuchKey' || (status === 404 && !/Bucket/.test(name))))
      return undefined;
    throw awsFailure(err, 's3:PutObject', uri(p, key), p.principal);
  }
}

/**
 * Takes the claim of the place's version folder, waiting while another run holds it (and rewrites
 * it), up to opts.claimWaitMs; a stale claim is taken over.
 */
export async function takeClaim(p: ClaimPlace, version: string, opts: ClaimOptions): Promise<Claim> {
  try {
    return await waitAndTake(p, version, opts);
  } catch (err) {
    p.s3.destroy();
    throw err;
  }
}

async function waitAndTake(p: ClaimPlace, version: string, opts: ClaimOptions): Promise<Claim> {
  const key = claimKey(p.prefix);
  const token = randomUUID();
  const body = (state: 'held' | 'released') =>
    JSON.stringify({
      claim: 'uptycs-distributor-action',
      version,
      token,
      state,
      at: new Date().toISOString(),
      leaseSeconds: Math.round(opts.claimLeaseMs / 1000),
    });
  const t0 = performance.now();
  let condition: Condition = { IfNoneMatch: '*' };
  let said = false;
  /** Local fallback when S3 gives no Date: a claim whose ETag stays the same for a lease is stale. */
  let watched: { etag: string; since: number } | undefined;
  const tooLong = () => {
    const waited = performance.now() - t0;
    if (waited > opts.claimWaitMs)
      throw new UserError(
        `${ref('version-name')}: another run has been publishing ${version} to s3://${p.bucket}/${p.prefix} for over ${Math.round(waited / 60_000)} min (it holds ${uri(p, key)} and keeps renewing it); nothing was written. Re-run when that run has finished, or publish this build under another version name.`,
      );
  };
  for (let wait = opts.pollIntervalMs, tries = 0; ; tries++) {
    // A claim given up (or found stale) between our write and our read is tried for again at once,
    // then after a pause: never a loop without one.
    if (tries > 1) {
      tooLong();
      await sleep(opts.pollIntervalMs);
    }
    const etag = await writeClaim(p, key, body('held'), 'held', condition);
    if (etag !== undefined) return holding(p, key, etag, body, opts);
    for (;;) {
      const seen = await readClaim(p, key);
      if (!seen) {
        condition = { IfNoneMatch: '*' };
        break;
      }
      if (watched?.etag !== seen.etag) watched = { etag: seen.etag, since: performance.now() };
      const stale = (seen.ageMs ?? performance.now() - watched.since) > opts.claimLeaseMs;
      if (seen.released || stale) {
        if (stale && !seen.released)
          p.log.warning(
            `${uri(p, key)} was last renewed over ${Math.round(opts.claimLeaseMs / 1000)} s ago (a run that stopped without releasing it): taking it over`,
          );
        condition = { IfMatch: seen.etag };
        break;
      }
      tries = 0;
      tooLong();
      if (!said) {
        said = true;
        p.log.info(
          `waiting for another run that is publishing ${version} to s3://${p.bucket}/${p.prefix} (it holds ${uri(p, key)}); this run writes nothing there until it has finished`,
        );
      }
      await sleep(wait);
      wait = Math.min(wait * 2, opts.maxPollIntervalMs);
    }
  }
}

/** The claim once taken: renewed every quarter of the lease until released. */
function holding(
  p: ClaimPlace,
  key: string,
  first: string,
  body: (state: 'held' | 'released') => string,
  opts: ClaimOptions,
): Claim {
  let etag = first;
  let lost = false;
  let done = false;
  let chain: Promise<void> = Promise.resolve();
  const renew = async () => {
    if (lost || done) return;
    try {
      const next = await writeClaim(p, key, body('held'), 'held', { IfMatch: etag });
      if (next === undefined) lost = true;
      else etag = next;
    } catch (err) {
      // Said, and tried again at the next beat: a lease outlasts a few failed renewals.
      p.log.debug(`renewing ${uri(p, key)} failed: ${errorMessage(err)}`);
    }
  };
  const timer = setInterval(
    () => {
      chain = chain.then(renew);
    },
    Math.max(1, Math.floor(opts.claimLeaseMs / 4)),
  );
  timer.unref();
  const release = async () => {
    if (done) return;
    done = true;
    clearInterval(timer);
    forget();
    await chain;
    if (!lost) await giveUp(p, key, etag, body('released'));
    p.s3.destroy();
  };
  const forget = onCancel(release);
  p.log.debug(`holding ${uri(p, key)} while this version's files are written and its document is created`);
  return {
    key,
    check() {
      if (lost)
        throw new Error(
          `${uri(p, key)} was taken over by another run while this run was stalled for over ${Math.round(opts.claimLeaseMs / 1000)} s; no document version was created. Re-run`,
        );
    },
    release: () =>
      release().catch((err: unknown) => p.log.debug(`releasing ${uri(p, key)}: ${errorMessage(err)}`)),
  };
}

/** Deletes the claim if it is still ours (If-Match); without s3:DeleteObject, marks it released. */
async function giveUp(p: ClaimPlace, key: string, etag: string, released: string): Promise<void> {
  for (let attempt = 1; attempt <= 3; attempt++) {
    try {
      await p.s3.send(
        new DeleteObjectCommand({
          Bucket: p.bucket,
          Key: key,
          IfMatch: etag,
          ExpectedBucketOwner: p.account,
        }),
      );
      return;
    } catch (err) {
      const status = httpStatus(err);
      if (status === 409 || awsErrorName(err) === 'ConditionalRequestConflict') continue;
      // 412 / 404: no longer ours (taken over after a stall): nothing to give up.
      if (status === 412 || status === 404) return;
      if (status === 403 || /AccessDenied/.test(awsErrorName(err))) {
        const ok = await writeClaim(p, key, released, 'released', { IfMatch: etag });
        if (ok !== undefined)
          p.log.warning(
            `${uri(p, key)} was marked released instead of deleted: the role may not s3:DeleteObject it (iam/publisher-policy.json grants that on *.claim only)`,
          );
        return;
      }
      throw err;
    }
  }
}

/**
 * The claims a run holds, by bucket and key: regions of one run whose files go to the same folder
 * share one claim, which is given up when the last of them releases it.
 */
export class Claims {
  private readonly held = new Map<string, { claim: Promise<Claim>; refs: number }>();

  async take(p: ClaimPlace, version: string, opts: ClaimOptions): Promise<Claim> {
    const id = `${p.bucket}/${claimKey(p.prefix)}`;
    let entry = this.held.get(id);
    if (entry) p.s3.destroy();
    else {
      entry = { claim: takeClaim(p, version, opts), refs: 0 };
      this.held.set(id, entry);
    }
    const e = entry;
    e.refs++;
    let c: Claim;
    try {
      c = await e.claim;
    } catch (err) {
      if (--e.refs === 0 && this.held.get(id) === e) this.held.delete(id);
      throw err;
    }
    let released = false;
    return {
      key: c.key,
      check: () => c.check(),
      release: async () => {
        if (released) return;
        released = true;
        if (--e.refs > 0) return;
        if (this.held.get(id) === e) this.held.delete(id);
        await c.release();
      },
    };
  }
}
