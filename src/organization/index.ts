/**
 * Organization stage (after publishing, before the rollout; loaded only when the rollout plan names an
 * organization). Two parts, both wired through the faces' hooks:
 * - prepare: lists the ACTIVE accounts of the plan's OUs through the read role, checks the sharing
 *   quota before anything changes, and notes which accounts the document was shared with that are no
 *   longer asked for; the publish stage then shares with exactly the accounts returned (its own
 *   convergent ModifyDocumentPermission code, 20 accounts a call).
 * - rollout: the hub's rings first (the rollout stage), their pins read back from the hub (the rings'
 *   only state); then in every member account and published region, each ring's association naming the
 *   shared package by its ARN, pinned as the hub pinned that ring (created, updated, or left alone),
 *   with a bounded pool of accounts; in accounts that left, the association is removed. One account's
 *   failure never stops the others.
 */
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import type { SSMClient } from '@aws-sdk/client-ssm';
import { UserError, errorMessage } from '../common/errors.js';
import { ref, refValue } from '../common/names.js';
import { mapLimit } from '../common/limit.js';
import type { Log } from '../common/log.js';
import type { SummarySection } from '../common/markdown.js';
import type { Inputs } from '../inputs/index.js';
import type { OrganizationPlan } from '../inputs/organization.js';
import type { BuiltPackage } from '../package/types.js';
import { ssmClient, stsClient, type CredentialProvider } from '../publish/clients.js';
import { openStageSession, type AwsSession } from '../publish/credentials.js';
import { sharedWith } from '../publish/ssm.js';
import type { Ring } from '../inputs/rollout-plan.js';
import type { RolloutInputs } from '../inputs/rollout.js';
import { rolloutStage, type RolloutOptions } from '../rollout/index.js';
import { documentTag, ringPins, setDocumentTag } from '../rollout/rings-aws.js';
import {
  desiredAssociation,
  ringAssociation,
  ringAssociationName,
  type AssociationDefinition,
} from '../rollout/association.js';
import { listOrganization, type ListedOrganization } from './accounts.js';
import {
  assumeRole,
  reconcileMember,
  removeFromMember,
  type MemberEnv,
  type MemberOutcome,
} from './members.js';
import {
  accountsToShare,
  departedAccounts,
  inChunk,
  partitionOf,
  ringsFor,
  sharedDocumentArn,
  type MemberRing,
  type OrgAccount,
} from './plan.js';
import { countOutcomes, failuresOf, organizationSections } from './report.js';
import { DEFAULT_THROTTLE, retryThrottled, type ThrottleOptions } from './throttle.js';

export interface OrganizationOptions {
  maxAttempts: number;
  retryBaseMs: number;
  throttle: ThrottleOptions;
  /** Regions of one account at the same time (the accounts' pool is the plan's concurrency). */
  regionConcurrency: number;
}

export const DEFAULT_ORGANIZATION_OPTIONS: OrganizationOptions = {
  maxAttempts: 3,
  retryBaseMs: 1000,
  throttle: DEFAULT_THROTTLE,
  regionConcurrency: 4,
};

export interface OrganizationDeps {
  log: Log;
  env?: NodeJS.ProcessEnv;
  getIdToken?: (audience: string) => Promise<string>;
  options?: Partial<OrganizationOptions>;
  /** The hub's rings (the rollout stage run first): its clock and options. */
  now?: () => number;
  rolloutOptions?: Partial<RolloutOptions>;
}

/** API calls by action (every attempt the code made; throttled retries counted apart). */
export interface CallCounts {
  byAction: Record<string, number>;
  throttled: number;
}

const WRITES = new Set([
  'CreateAssociation',
  'UpdateAssociation',
  'DeleteAssociation',
  'StartAssociationsOnce',
]);

export function writesOf(c: CallCounts): number {
  return Object.entries(c.byAction).reduce((n, [a, k]) => n + (WRITES.has(a) ? k : 0), 0);
}

export interface Prepared {
  session: AwsSession;
  plan: OrganizationPlan;
  listed: ListedOrganization;
  /** Every account the document is to be shared with (the Organization's and share-with-accounts). */
  share: string[];
  /** Accounts shared with before this run that are no longer asked for. */
  departed: string[];
}

export interface OrganizationResult {
  members: MemberOutcome[];
  calls: CallCounts;
}

/** The region the Organizations API is called in: its partition's global endpoint. */
function organizationsRegion(region: string): string {
  const p = partitionOf(region);
  return p === 'aws-cn' ? 'cn-northwest-1' : p === 'aws-us-gov' ? 'us-gov-west-1' : 'us-east-1';
}

/** The associations each member account gets: one per ring of the plan, or the rollout inputs' one. */
export function memberRings(inputs: Inputs): (MemberRing & { ring?: Ring })[] {
  const r = inputs.rollout;
  if (!r) return [];
  if (r.plan?.rings.length)
    return r.plan.rings.map((ring) => ({
      associationName: ringAssociationName(r.associationName, ring.name),
      accounts: ring.accounts,
      ous: ring.ous,
      ring,
    }));
  return [{ associationName: r.associationName }];
}

/** Every managed node of an account: what a ring that names only accounts or ous targets there. */
export const EVERY_NODE = [{ Key: 'InstanceIds', Values: ['*'] }];

/**
 * A member account's association for one ring: the ring's targets (none given, as in a ring that names
 * only accounts or ous: every managed node of the account, InstanceIds=*; SSM refuses an association
 * without targets), rate controls, action and compliance severity, pinned to `version`. The hub's
 * CloudWatch alarms do not exist in a member account and are left out (an unreadable alarm would
 * stop the association).
 */
export function memberAssociation(
  r: RolloutInputs,
  m: MemberRing & { ring?: Ring },
  packageArn: string,
  version = '',
): AssociationDefinition {
  if (!m.ring) return desiredAssociation({ ...r, associationName: m.associationName }, packageArn);
  const ring = m.ring.targets.length ? m.ring : { ...m.ring, targets: EVERY_NODE };
  const { AlarmConfiguration: _alarms, ...definition } = ringAssociation(r, ring, packageArn, version);
  return definition;
}

function counter(calls: CallCounts, throttle: ThrottleOptions): ThrottleOptions {
  return {
    ...throttle,
    onThrottle: () => {
      calls.throttled++;
      throttle.onThrottle?.();
    },
  };
}

/**
 * Counts every command a client sends (the SDK's initialize step: once per call, before its retries) and,
 * given throttle options, retries a throttled call beyond the SDK's own attempts.
 */
function counted<T extends { middlewareStack: SSMClient['middlewareStack'] }>(
  client: T,
  calls: CallCounts,
  throttle?: ThrottleOptions,
): T {
  client.middlewareStack.add(
    (next, context) => (args) => {
      const action = String(context.commandName ?? '').replace(/Command$/, '');
      calls.byAction[action] = (calls.byAction[action] ?? 0) + 1;
      return throttle ? retryThrottled(() => next(args), throttle) : next(args);
    },
    { step: 'initialize', name: 'uptycsCountCalls' },
  );
  return client;
}

/** What every part of the stage shares: its dependencies, options, clients' settings and call counts. */
interface Ctx {
  deps: OrganizationDeps;
  opts: OrganizationOptions;
  log: Log;
  calls: CallCounts;
  throttle: ThrottleOptions;
  settings: (region: string, credentials?: CredentialProvider) => Parameters<typeof ssmClient>[0];
}

type StageResult = {
  sections: SummarySection[];
  outputs: Record<string, string>;
  results: OrganizationResult;
  error?: Error;
};

/** The ACTIVE accounts of the plan's OUs, listed through the read role assumed from the hub's session. */
async function listWithReadRole(ctx: Ctx, inputs: Inputs, plan: OrganizationPlan, session: AwsSession) {
  const env = ctx.deps.env ?? process.env;
  const first = inputs.awsRegions[0] ?? 'us-east-1';
  const sts = counted(stsClient(ctx.settings(first, session.credentials)), ctx.calls);
  try {
    const readCreds = await assumeRole(sts, plan.readRole, inputs.roleSessionName, ctx.throttle).catch(
      (err: unknown) => {
        throw new UserError(
          `${ref('rollout-plan')}: the hub role cannot assume the Organization read role ${plan.readRole} (${errorMessage(err)}); create it in the management or delegated-administrator account from iam/org-read-role.json and let the hub role assume it`,
        );
      },
    );
    const endpoint = env.AWS_ENDPOINT_URL_ORGANIZATIONS || env.AWS_ENDPOINT_URL;
    const org = counted(
      new OrganizationsClient({
        region: organizationsRegion(first),
        maxAttempts: ctx.opts.maxAttempts,
        credentials: readCreds,
        ...(endpoint ? { endpoint } : {}),
      }),
      ctx.calls,
    );
    try {
      return await listOrganization(org, plan.ous, ctx.throttle);
    } finally {
      org.destroy();
    }
  } finally {
    sts.destroy();
  }
}

/** The tag of the hub's document (in the first region of aws-region) where the hub job records N. */
export const CHUNKS_TAG = 'uptycs-distributor:organization-chunks';

/**
 * A member job (organization-chunk K/N, K ≥ 1) checks, before any change, that the hub job of this
 * rollout (0/N, which runs first) split the accounts in the same N: two jobs with different N would
 * leave some accounts in no part and others in two.
 */
async function checkChunkCount(
  ctx: Ctx,
  inputs: Inputs,
  session: AwsSession,
  chunk: { index: number; count: number },
): Promise<void> {
  const region = inputs.awsRegions[0] ?? 'us-east-1';
  const ssm = counted(ssmClient(ctx.settings(region, session.credentials)), ctx.calls, ctx.throttle);
  let recorded: string | undefined;
  try {
    recorded = await documentTag(ssm, inputs.packageName, CHUNKS_TAG);
  } catch {
    recorded = undefined; // no document yet: no hub job has run
  } finally {
    ssm.destroy();
  }
  const mine = `${chunk.index}/${chunk.count}`;
  if (recorded === undefined)
    throw new UserError(
      `${ref('organization-chunk')} ${mine}: no hub job recorded how many jobs share the member accounts (the tag ${CHUNKS_TAG} of ${inputs.packageName} in ${region}); run one job with ${refValue('organization-chunk', `0/${chunk.count}`)} before the matrix (needs: in the workflow); nothing was changed`,
    );
  if (recorded !== String(chunk.count))
    throw new UserError(
      `${ref('organization-chunk')} ${mine}: the hub job split the member accounts into ${recorded} parts, this job into ${chunk.count}; give every job of the rollout the same N (${refValue('organization-chunk', `0/${recorded}`)} for the hub job, 1/${recorded} to ${recorded}/${recorded} for the matrix); nothing was changed`,
    );
}

/** The hub job (0/N) records N where the member jobs check it; written only when it differs. */
async function recordChunkCount(ctx: Ctx, inputs: Inputs, session: AwsSession, count: number): Promise<void> {
  const region = inputs.awsRegions[0] ?? 'us-east-1';
  const ssm = counted(ssmClient(ctx.settings(region, session.credentials)), ctx.calls, ctx.throttle);
  try {
    if ((await documentTag(ssm, inputs.packageName, CHUNKS_TAG)) !== String(count))
      await setDocumentTag(ssm, inputs.packageName, CHUNKS_TAG, String(count));
  } finally {
    ssm.destroy();
  }
}

/** Lists the Organization, checks the quota, and finds the accounts that left (shared before, no longer asked for). */
async function prepareOrganization(ctx: Ctx, inputs: Inputs): Promise<Prepared> {
  const plan = inputs.organization;
  if (!plan) throw new Error('the organization stage needs the rollout plan’s organization');
  const session = await openStageSession(inputs, ctx.deps, ctx.opts);
  const listed = await listWithReadRole(ctx, inputs, plan, session);
  const share = accountsToShare(listed.accounts, inputs.shareWithAccounts, session.account);
  const before = await Promise.all(
    inputs.awsRegions.map(async (region) => {
      const ssm = counted(ssmClient(ctx.settings(region, session.credentials)), ctx.calls, ctx.throttle);
      try {
        return await sharedWith({
          ssm,
          name: inputs.packageName,
          region,
          account: session.account,
          principal: session.principal,
          log: ctx.log,
        });
      } catch {
        return []; // no document yet in this region: shared with nobody
      } finally {
        ssm.destroy();
      }
    }),
  );
  const chunk = plan.chunk;
  if (chunk && chunk.index > 0) {
    await checkChunkCount(ctx, inputs, session, chunk);
    // A member job adds the accounts that joined since the hub job (an idempotent add) and never unshares:
    // the accounts that left are the hub job's (0/N), which removes their associations first.
    const all = [...new Set([...before.flat().filter((a) => /^\d{12}$/.test(a)), ...share])].sort();
    return { session, plan, listed, share: all, departed: [] };
  }
  const departed = departedAccounts(before.flat(), share);
  ctx.log.info(
    `Organization: ${listed.accounts.length} ACTIVE accounts under ${plan.ous.join(', ')}${listed.inactive.length ? ` (${listed.inactive.length} not ACTIVE, skipped)` : ''}; the package is shared with ${share.length} accounts${departed.length ? `; ${departed.length} left: ${departed.join(', ')}` : ''}`,
  );
  return { session, plan, listed, share, departed };
}

/** Every member account reconciled (a pool of plan.concurrency), then the departed ones cleaned. */
async function reconcileAll(
  ctx: Ctx,
  p: Prepared,
  pkg: BuiltPackage,
  inputs: Inputs & { rollout: NonNullable<Inputs['rollout']> },
  regions: string[],
  pins: HubPins,
): Promise<MemberOutcome[]> {
  const rings = memberRings(inputs);
  const sts = counted(stsClient(ctx.settings(regions[0] ?? 'us-east-1', p.session.credentials)), ctx.calls);
  const menv: MemberEnv = {
    sts,
    ssm: (region, credentials) =>
      counted(ssmClient(ctx.settings(region, credentials)), ctx.calls, ctx.throttle),
    memberRole: p.plan.memberRole,
    sessionName: inputs.roleSessionName,
    throttle: ctx.throttle,
    regionConcurrency: ctx.opts.regionConcurrency,
  };
  // Each account gets the rings that apply to it (a ring with accounts or ous: only those), each pinned
  // to the hub's pin of that ring in that region; a ring the hub has not started yet is not created.
  const wanted = (account: OrgAccount) => (region: string) =>
    ringsFor(rings, account).flatMap((ring) => {
      const arn = sharedDocumentArn(region, p.session.account, pkg.packageName);
      if (!ring.ring) return [memberAssociation(inputs.rollout!, ring, arn)];
      const pin = pins.get(region)?.get(ring.ring.name);
      return pin === undefined ? [] : [memberAssociation(inputs.rollout!, ring, arn, pin)];
    });
  try {
    // The hub owns the package: its own fleet is the ordinary rollout's (by name), not a member's.
    // With organization-chunk: the hub job (0/N) none, a member job (K/N) only its part.
    const chunk = p.plan.chunk;
    const accounts = p.listed.accounts.filter(
      (a) => a.id !== p.session.account && (!chunk || (chunk.index > 0 && inChunk(a.id, chunk))),
    );
    if (chunk)
      ctx.log.info(
        `${ref('organization-chunk')} ${chunk.index}/${chunk.count}: ${chunk.index ? `${accounts.length} of ${p.listed.accounts.length} member accounts are this job's part` : "the hub job: the package, its sharing, the hub's rings and the accounts that left; the member accounts are the matrix jobs'"}`,
      );
    const members = await mapLimit(accounts, p.plan.concurrency, (a) =>
      reconcileMember(menv, a, regions, wanted(a)),
    );
    const ours = {
      base: inputs.rollout.associationName,
      arnOf: (region: string) => sharedDocumentArn(region, p.session.account, pkg.packageName),
    };
    members.push(
      ...(await mapLimit(p.departed, p.plan.concurrency, (a) => removeFromMember(menv, a, regions, ours))),
    );
    return members;
  } finally {
    sts.destroy();
  }
}

/** Each region's ring pins in the hub (ring name → version; undefined: the ring has not started). */
type HubPins = Map<string, Map<string, string | undefined>>;

/**
 * The hub's rings first (the rollout stage: preflight, pins, alarms, bake, default after the last ring,
 * or the undo), then each ring's pin read back from the hub in every region: the hub's ring
 * associations (and a member-only ring's document tag) are the rings' only state, which the member
 * accounts' associations follow. A region whose pins cannot be read is left alone in every member.
 */
async function hubRings(
  ctx: Ctx,
  p: Prepared,
  pkg: BuiltPackage,
  inputs: Inputs & { rollout: NonNullable<Inputs['rollout']> },
  published: unknown,
  regions: string[],
): Promise<{ hub: Awaited<ReturnType<ReturnType<typeof rolloutStage>>>; pins: HubPins }> {
  const { deps } = ctx;
  const rings = inputs.rollout.plan?.rings ?? [];
  const pins: HubPins = new Map();
  const none = { sections: [], outputs: {}, results: [] };
  // Without rings (the organization given in code, as the bench does): one association on the default version.
  if (!rings.length && !inputs.rollout.rollbackTo) return { hub: none, pins };
  // A member job (organization-chunk K/N) follows the rings the hub job moved: it reads them, never moves them.
  const member = (p.plan.chunk?.index ?? 0) > 0;
  const hub = member
    ? none
    : await rolloutStage({
        log: ctx.log,
        ...(deps.env ? { env: deps.env } : {}),
        ...(deps.getIdToken ? { getIdToken: deps.getIdToken } : {}),
        ...(deps.now ? { now: deps.now } : {}),
        ...(deps.rolloutOptions ? { options: deps.rolloutOptions } : {}),
      })(pkg, inputs, published);
  if (p.plan.chunk?.index === 0) await recordChunkCount(ctx, inputs, p.session, p.plan.chunk.count);
  if (!rings.length) return { hub, pins };
  await Promise.all(
    regions.map(async (region) => {
      const ssm = counted(ssmClient(ctx.settings(region, p.session.credentials)), ctx.calls, ctx.throttle);
      try {
        pins.set(region, await ringPins(ssm, rings, inputs.rollout.associationName, pkg.packageName));
      } catch (err) {
        ctx.log.warning(
          `[${region}] the hub's ring pins cannot be read (${errorMessage(err)}): the member accounts are left as they are there`,
        );
      } finally {
        ssm.destroy();
      }
    }),
  );
  return { hub, pins };
}

/** The summary, the output, and the error that names each failed account. */
function stageResult(ctx: Ctx, p: Prepared, members: MemberOutcome[], regions: string[]): StageResult {
  const c = countOutcomes(members);
  ctx.log.info(
    `Organization rollout: ${c.accounts} accounts × ${regions.length} regions: ${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged, ${c.deleted} deleted, ${c.failed} failed (${writesOf(ctx.calls)} writes, ${ctx.calls.throttled} throttled calls retried)`,
  );
  const failed = members.filter((m) => failuresOf(m).length);
  for (const m of failed) ctx.log.warning(`account ${m.account}: ${failuresOf(m).join('; ')}`);
  const sections = organizationSections(members, {
    units: p.plan.ous,
    shared: p.share.length,
    regions,
    inactive: p.listed.inactive.length,
  });
  const error = failed.length
    ? new Error(
        `the Organization rollout failed in ${failed.length} of ${members.length} accounts (the others went on):\n${failed
          .slice(0, 20)
          .map((m) => `  ${m.account}: ${failuresOf(m)[0]}`)
          .join('\n')}${failed.length > 20 ? `\n  … and ${failed.length - 20} more` : ''}`,
      )
    : undefined;
  return {
    sections,
    outputs: { rollout: JSON.stringify({ organization: c }) },
    results: { members, calls: ctx.calls },
    ...(error ? { error } : {}),
  };
}

export function organizationStage(deps: OrganizationDeps) {
  const opts = { ...DEFAULT_ORGANIZATION_OPTIONS, ...deps.options };
  const env = deps.env ?? process.env;
  const { log } = deps;
  const calls: CallCounts = { byAction: {}, throttled: 0 };
  const ctx: Ctx = {
    deps,
    opts,
    log,
    calls,
    throttle: counter(calls, opts.throttle),
    settings: (region, credentials) => ({
      region,
      env,
      maxAttempts: opts.maxAttempts,
      debug: (m: string) => log.debug(m),
      ...(credentials ? { credentials } : {}),
    }),
  };
  let prepared: Promise<Prepared> | undefined;
  const prepare = (inputs: Inputs) => (prepared ??= prepareOrganization(ctx, inputs));
  const noted = (note: string): StageResult => {
    log.notice(note);
    return {
      sections: [{ title: 'AWS Organization rollout', markdown: note }],
      outputs: {},
      results: { members: [], calls },
    };
  };

  return {
    calls,
    prepare,
    /** The inputs the publish stage (and its check) should see: sharing with the Organization's accounts. */
    async inputsFor(inputs: Inputs): Promise<Inputs> {
      const p = await prepare(inputs);
      return { ...inputs, shareWithAccounts: p.share };
    },
    /** The rollout hook's work for the Organization. */
    async rollout(pkg: BuiltPackage, inputs: Inputs, published?: unknown): Promise<StageResult> {
      let p: Prepared;
      try {
        p = await prepare(inputs);
      } catch (err) {
        if (!inputs.dryRun) throw err;
        return noted(`Organization skipped: no AWS credentials in this dry run (${errorMessage(err)}).`);
      }
      const regions = publishedRegions(inputs, published);
      const rollout = inputs.rollout;
      if (inputs.dryRun || !rollout)
        return noted(
          `Dry run: ${p.listed.accounts.length} member accounts would get the association in each of ${regions.length} regions; nothing was changed.`,
        );
      const { hub, pins } = await hubRings(ctx, p, pkg, { ...inputs, rollout }, published, regions);
      const members = await reconcileAll(ctx, p, pkg, { ...inputs, rollout }, regions, pins);
      const res = stageResult(ctx, p, members, regions);
      const errors = [hub.error, res.error].filter((e): e is Error => !!e);
      return {
        ...res,
        sections: [...hub.sections, ...res.sections],
        outputs: { rollout: JSON.stringify({ organization: countOutcomes(members), hub: hub.results }) },
        ...(errors.length ? { error: new Error(errors.map((e) => e.message).join('\n')) } : {}),
      };
    },
  };
}

/** The regions that were published (all of aws-region when no publish result is known). */
function publishedRegions(inputs: Inputs, published: unknown): string[] {
  if (!Array.isArray(published)) return inputs.awsRegions;
  const ok = new Set(
    (published as { region?: string; ok?: boolean }[]).filter((x) => x.ok).map((x) => x.region),
  );
  return inputs.awsRegions.filter((r) => ok.has(r));
}
