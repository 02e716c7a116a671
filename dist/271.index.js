export const id = 271;
export const ids = [271];
export const modules = {

/***/ 7271:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  CHUNKS_TAG: () => (/* binding */ CHUNKS_TAG),
  DEFAULT_ORGANIZATION_OPTIONS: () => (/* binding */ DEFAULT_ORGANIZATION_OPTIONS),
  EVERY_NODE: () => (/* binding */ EVERY_NODE),
  memberAssociation: () => (/* binding */ memberAssociation),
  memberRings: () => (/* binding */ memberRings),
  organizationStage: () => (/* binding */ organizationStage),
  writesOf: () => (/* binding */ writesOf)
});

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-organizations/dist-cjs/index.js
var dist_cjs = __webpack_require__(2503);
// EXTERNAL MODULE: ./src/common/errors.ts
var common_errors = __webpack_require__(1922);
// EXTERNAL MODULE: ./src/common/names.ts
var names = __webpack_require__(3117);
// EXTERNAL MODULE: ./src/common/limit.ts
var limit = __webpack_require__(1398);
// EXTERNAL MODULE: ./src/publish/clients.ts
var clients = __webpack_require__(8031);
// EXTERNAL MODULE: ./src/publish/credentials.ts
var credentials = __webpack_require__(3525);
// EXTERNAL MODULE: ./src/publish/ssm.ts
var publish_ssm = __webpack_require__(254);
// EXTERNAL MODULE: ./src/rollout/index.ts + 12 modules
var rollout = __webpack_require__(1227);
// EXTERNAL MODULE: ./src/rollout/rings-aws.ts
var rings_aws = __webpack_require__(26);
// EXTERNAL MODULE: ./src/rollout/association.ts
var association = __webpack_require__(8526);
// EXTERNAL MODULE: ./src/publish/plan.ts
var plan = __webpack_require__(7872);
;// CONCATENATED MODULE: ./src/organization/plan.ts
/**
 * The Organization's pure parts: the partition of a region, the shared package's ARN, which accounts
 * to share with and which left, the quota check before anything changes, which associations each
 * member account should have, and why an account's call failed (cause and fix). No I/O.
 */


/** A document can be shared with at most this many accounts (Systems Manager's default quota). */
const SHARE_QUOTA = 1000;
// The partition of a region, and the ARN member accounts name the shared package by (a document shared
// from another account is named by its ARN): the publish stage's own.

/** The member role's ARN for one account. */
function memberRoleArn(pattern, account) {
    return pattern.replace('{account}', account);
}
/**
 * The accounts to share with: the Organization's (without the hub, which owns the document) and the
 * ones listed in share-with-accounts. Past the quota: one error naming it, before anything changes.
 */
function accountsToShare(org, listed, hub) {
    const all = [...new Set([...org.map((a) => a.id), ...listed])].filter((a) => a !== hub).sort();
    const counted = all.filter((a) => a !== 'all');
    if (counted.length > SHARE_QUOTA)
        throw new common_errors/* UserError */.yo(`${(0,names/* ref */.KR)('rollout-plan')}: the organization units hold ${counted.length} accounts to share the package with, more than the ${SHARE_QUOTA} accounts a Systems Manager document can be shared with (the quota "Shared documents: accounts per document"); name fewer OUs, or split them between two package names; nothing was changed`);
    return all;
}
/**
 * Whether a member account is in a job's part (organization-chunk K/N, K ≥ 1): its ID modulo N is K - 1.
 * The part of an account depends on its ID alone, never on the other accounts listed, so the jobs of one
 * run agree on every account even when the Organization changes between their listings, and each account
 * is in exactly one part.
 */
function inChunk(account, chunk) {
    return Number(BigInt(account) % BigInt(chunk.count)) === chunk.index - 1;
}
/** The accounts the document was shared with that are no longer asked for (they lose their association). */
function departedAccounts(sharedBefore, wanted) {
    const keep = new Set(wanted);
    return [...new Set(sharedBefore)].filter((a) => /^\d{12}$/.test(a) && !keep.has(a)).sort();
}
/** The rings that apply to one account (no accounts/ous given: every account). */
function ringsFor(rings, account) {
    return rings.filter((r) => {
        if (!r.accounts?.length && !r.ous?.length)
            return true;
        return (!!r.accounts?.includes(account.id) || !!r.ous?.some((o) => o === account.unit || o === account.parent));
    });
}
const THROTTLING = new Set([
    'ThrottlingException',
    'Throttling',
    'ThrottledException',
    'TooManyUpdates',
    'TooManyRequestsException',
    'RequestLimitExceeded',
    'RequestThrottled',
    'SlowDown',
]);
/** The error's AWS name (its `name`, or `Code` as some services send it). */
function errorName(err) {
    const e = err;
    return String(e?.Code ?? e?.name ?? e?.code ?? '');
}
/** Throttling is retried, never reported as an account's failure. */
function isThrottling(err) {
    const e = err;
    return THROTTLING.has(errorName(err)) || e?.$metadata?.httpStatusCode === 429;
}
/** Why one member account's step failed, with the fix; `what` is the call and `where` the account/region. */
function explainMemberFailure(err, step, role, region) {
    const name = errorName(err);
    const msg = err instanceof Error ? err.message : String(err);
    const scp = /service control policy|explicit deny in a/i.test(msg);
    if (scp)
        return `a service control policy denies it (${name}: ${msg}); allow ${step === 'assume' ? 'sts:AssumeRole on the member role' : 'the ssm association calls'} for the hub role in that SCP, or move the account out of the plan's OUs`;
    if (/OptInRequired|InvalidClientTokenId|UnrecognizedClient|AuthFailure/.test(name) ||
        /region .*not enabled|not opted in/i.test(msg))
        return `region ${region} is not enabled in this account (${name}); enable it (Account settings → AWS Regions) or remove it from ${(0,names/* ref */.KR)('aws-region')}`;
    if (step === 'assume' && /AccessDenied|NoSuchEntity|InvalidIdentityToken/.test(name))
        return `the hub role cannot assume ${role} (${name}: ${msg}); deploy the member-role StackSet (iam/member-role-stackset.json) to this account's OU, or check that its trust policy names the hub role`;
    if (/AccessDenied|UnauthorizedOperation/.test(name))
        return `${role} is not allowed to do this (${name}: ${msg}); update it from iam/member-role-stackset.json`;
    if (/InvalidDocument/.test(name))
        return `the account cannot read the shared package (${name}: ${msg}); check the document is shared with it in ${region}`;
    return `${name || 'error'}: ${msg}`;
}

;// CONCATENATED MODULE: ./src/organization/throttle.ts
/**
 * Throttling is not a failure: a call that AWS throttles (ThrottlingException, TooManyUpdates,
 * Organizations' TooManyRequestsException, HTTP 429) is retried with full-jitter exponential backoff,
 * beyond the SDK's own few attempts, until it goes through or the time budget is spent.
 */


const DEFAULT_THROTTLE = {
    baseDelayMs: 200,
    maxDelayMs: 20_000,
    budgetMs: 10 * 60_000,
};
async function retryThrottled(fn, o = DEFAULT_THROTTLE) {
    const start = Date.now();
    for (let attempt = 0;; attempt++) {
        try {
            return await fn();
        }
        catch (err) {
            if (!isThrottling(err) || Date.now() - start > o.budgetMs)
                throw err;
            o.onThrottle?.();
            const ceiling = Math.min(o.maxDelayMs, o.baseDelayMs * 2 ** Math.min(attempt, 16));
            await (0,limit/* sleep */.yy)(Math.random() * ceiling);
        }
    }
}

;// CONCATENATED MODULE: ./src/organization/accounts.ts
/**
 * The member accounts: every ACTIVE account under the plan's OUs (or the root), nested OUs included,
 * listed through AWS Organizations by the read-only role (management or delegated-administrator
 * account). Paginated; throttled calls are retried.
 */


/** An account's state: State (the current field), else the older Status. */
function accountState(a) {
    return String(a.State ?? a.Status ?? 'UNKNOWN');
}
async function pages(fetch) {
    const out = [];
    let token;
    do {
        const p = await fetch(token);
        out.push(...p.items);
        token = p.next || undefined;
    } while (token);
    return out;
}
/**
 * Walks each named unit breadth first: its accounts, then its child OUs. An account found under two
 * named units (an OU and its parent both named) is counted once, under the first.
 */
async function listOrganization(org, units, throttle) {
    let calls = 0;
    const send = (fn) => {
        calls++;
        return retryThrottled(fn, throttle);
    };
    const found = new Map();
    const inactive = new Map();
    const seenOus = new Set();
    for (const unit of units) {
        const queue = [unit];
        while (queue.length) {
            const parent = queue.shift();
            if (seenOus.has(parent))
                continue;
            seenOus.add(parent);
            const [accounts, ous] = await Promise.all([
                pages(async (token) => {
                    const r = await send(() => org.send(new dist_cjs/* ListAccountsForParentCommand */.Jgz({ ParentId: parent, ...(token ? { NextToken: token } : {}) })));
                    return { items: r.Accounts ?? [], ...(r.NextToken ? { next: r.NextToken } : {}) };
                }),
                pages(async (token) => {
                    const r = await send(() => org.send(new dist_cjs/* ListOrganizationalUnitsForParentCommand */.sUM({
                        ParentId: parent,
                        ...(token ? { NextToken: token } : {}),
                    })));
                    return { items: r.OrganizationalUnits ?? [], ...(r.NextToken ? { next: r.NextToken } : {}) };
                }),
            ]);
            for (const a of accounts) {
                if (!a.Id)
                    continue;
                const state = accountState(a);
                if (state !== 'ACTIVE')
                    inactive.set(a.Id, state);
                else if (!found.has(a.Id))
                    found.set(a.Id, { id: a.Id, name: a.Name ?? '', unit, parent });
            }
            for (const ou of ous)
                if (ou.Id)
                    queue.push(ou.Id);
        }
    }
    return {
        accounts: [...found.values()].sort((a, b) => (a.id < b.id ? -1 : 1)),
        inactive: [...inactive].map(([id, state]) => ({ id, state })),
        calls,
    };
}

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-sts/dist-cjs/index.js
var client_sts_dist_cjs = __webpack_require__(1695);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ssm/dist-cjs/index.js
var client_ssm_dist_cjs = __webpack_require__(4736);
// EXTERNAL MODULE: ./src/rollout/follow.ts
var follow = __webpack_require__(1644);
;// CONCATENATED MODULE: ./src/organization/members.ts
/**
 * One member account: the hub's session assumes the member role (STS AssumeRole), then in every region
 * the association of each ring is created, updated or left alone (the rollout stage's own
 * ensureAssociation); in an account that left, the associations are deleted. Every SSM/STS call is
 * counted and its throttling retried; a failure stays this account's (named with its cause and fix).
 */







/** Assumes the member role; the credentials are kept in memory only. */
function assumeMember(env, account) {
    return assumeRole(env.sts, memberRoleArn(env.memberRole, account), env.sessionName, env.throttle);
}
/** STS AssumeRole from the hub's session (throttling retried); the credentials stay in memory. */
async function assumeRole(sts, role, sessionName, throttle) {
    const out = await retryThrottled(() => sts.send(new client_sts_dist_cjs/* AssumeRoleCommand */.QL({ RoleArn: role, RoleSessionName: sessionName, DurationSeconds: 3600 })), throttle);
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey)
        throw new Error(`AssumeRole returned no credentials for ${role}`);
    const creds = {
        accessKeyId: c.AccessKeyId,
        secretAccessKey: c.SecretAccessKey,
        ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}),
        ...(c.Expiration ? { expiration: c.Expiration } : {}),
    };
    return () => Promise.resolve(creds);
}
/**
 * Assumes the member role in `account`, then runs `work` in each region (env.regionConcurrency at a
 * time) with an SSM client of that account: a failure is the region's (or, for the role, the account's)
 * outcome with its cause and fix, never a thrown error.
 */
async function inEachRegion(env, base, regions, work) {
    const role = memberRoleArn(env.memberRole, base.account);
    let creds;
    try {
        creds = await assumeMember(env, base.account);
    }
    catch (err) {
        return { ...base, regions: [], error: explainMemberFailure(err, 'assume', role, regions[0] ?? '') };
    }
    const outcomes = await (0,limit/* mapLimit */.sf)(regions, env.regionConcurrency, async (region) => {
        const ssm = env.ssm(region, creds);
        const out = { region, associations: [] };
        try {
            await work(ssm, out, region);
        }
        catch (err) {
            out.error = explainMemberFailure(err, 'ssm', role, region);
        }
        finally {
            ssm.destroy();
        }
        return out;
    });
    return { ...base, regions: outcomes };
}
/** Creates or updates the account's associations in every region; unchanged ones get no write. */
function reconcileMember(env, account, regions, wanted) {
    const base = { account: account.id, name: account.name, unit: account.unit, kind: 'member' };
    return inEachRegion(env, base, regions, async (ssm, out) => {
        for (const def of wanted(out.region)) {
            const change = await (0,follow/* ensureAssociation */.y)(ssm, def, false);
            out.associations.push({ name: def.AssociationName, action: change.action, id: change.id });
        }
    });
}
/**
 * Ours: named from the base (any ring, also one since removed from the plan), and installing our
 * package (AWS-ConfigureAWSPackage with the shared document's ARN, or its name, as the package).
 */
function isOurs(ours, region, a) {
    const arn = ours.arnOf(region);
    const pkg = a.Parameters?.name?.[0];
    return ourKind(ours, a) && (pkg === arn || pkg === arn.slice(arn.lastIndexOf('/') + 1));
}
/** Named from the base and installing a package: what ListAssociations tells (it lists no parameters). */
function ourKind(ours, a) {
    const named = a.AssociationName === ours.base || !!a.AssociationName?.startsWith(`${ours.base}-`);
    return named && a.Name === association/* CONFIGURE_PACKAGE */.oT;
}
/**
 * In an account that left: deletes every association of this package in every region (if the role still
 * works): those of today's rings and of rings since removed from the plan, which would otherwise keep
 * trying to install a package the account can no longer read. The account's own associations stay.
 */
function removeFromMember(env, account, regions, ours) {
    const base = { account, name: '', unit: '', kind: 'departed' };
    return inEachRegion(env, base, regions, async (ssm, out, region) => {
        // ListAssociations names the document (AWS-ConfigureAWSPackage), not its parameters: the candidates
        // by name, then each described to read which package it installs.
        const candidates = [];
        let token;
        do {
            const page = await ssm.send(new client_ssm_dist_cjs/* ListAssociationsCommand */.IOv({ MaxResults: 50, NextToken: token }));
            for (const a of page.Associations ?? [])
                if (a.AssociationId && ourKind(ours, a))
                    candidates.push(a.AssociationId);
            token = page.NextToken;
        } while (token);
        let deleted = 0;
        for (const id of candidates) {
            const d = (await ssm.send(new client_ssm_dist_cjs/* DescribeAssociationCommand */.Ooe({ AssociationId: id })))
                .AssociationDescription;
            if (!d || !isOurs(ours, region, d))
                continue;
            await ssm.send(new client_ssm_dist_cjs/* DeleteAssociationCommand */.EGe({ AssociationId: id }));
            out.associations.push({ name: d.AssociationName ?? ours.base, action: 'deleted' });
            deleted++;
        }
        if (!deleted)
            out.associations.push({ name: ours.base, action: 'absent' });
    });
}

// EXTERNAL MODULE: ./src/common/markdown.ts
var markdown = __webpack_require__(3932);
;// CONCATENATED MODULE: ./src/organization/report.ts
/**
 * The Organization's part of the job summary, pure: failures first (each with its cause and fix), then
 * counts per OU, then every account (collapsed), kept well inside GitHub's 1 MiB summary limit.
 */

/** Bytes of the summary this section may take (GitHub's limit is 1 MiB for the whole summary). */
const SUMMARY_BUDGET = 400 * 1024;
/** The account's failures: the account-level one, else each region's. */
function failuresOf(m) {
    if (m.error)
        return [m.error];
    return m.regions.filter((r) => r.error).map((r) => `${r.region}: ${r.error}`);
}
function countOutcomes(members) {
    const c = { accounts: 0, failed: 0, created: 0, updated: 0, unchanged: 0, deleted: 0 };
    for (const m of members) {
        if (m.kind === 'member')
            c.accounts++;
        if (failuresOf(m).length)
            c.failed++;
        for (const r of m.regions)
            for (const a of r.associations)
                if (a.action !== 'absent')
                    c[a.action]++;
    }
    return c;
}
function line(m) {
    const tally = new Map();
    for (const r of m.regions)
        for (const a of r.associations)
            tally.set(a.action, (tally.get(a.action) ?? 0) + 1);
    const what = [...tally].map(([k, v]) => `${v} ${k}`).join(', ') || 'nothing done';
    const f = failuresOf(m);
    return `| ${m.account} | ${(0,markdown/* markdownText */.p)(m.name || '—')} | ${(0,markdown/* markdownText */.p)(m.unit || '—')} | ${m.kind === 'departed' ? 'left: ' : ''}${what} | ${f.length ? '❌' : '✅'} |`;
}
function organizationSections(members, head, budget = SUMMARY_BUDGET) {
    const c = countOutcomes(members);
    const parts = [];
    parts.push(`${c.accounts} member accounts under ${head.units.join(', ')} × ${head.regions.length} region${head.regions.length === 1 ? '' : 's'}; shared with ${head.shared} accounts${head.inactive ? ` (${head.inactive} not ACTIVE: skipped)` : ''}. Associations: ${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged, ${c.deleted} deleted; ${c.failed} account${c.failed === 1 ? '' : 's'} failed.`);
    const failed = members.filter((m) => failuresOf(m).length);
    let used = parts[0].length;
    if (failed.length) {
        const lines = ['', '**Failures** (the other accounts went on):', ''];
        let shown = 0;
        for (const m of failed) {
            const l = `- ${m.account}${m.name ? ` (${(0,markdown/* markdownText */.p)(m.name)})` : ''}${m.kind === 'departed' ? ', which left the plan,' : ''}: ${failuresOf(m)
                .map((f) => (0,markdown/* markdownText */.p)(f))
                .join('; ')}`;
            if (used + l.length > budget / 2)
                break;
            lines.push(l);
            used += l.length;
            shown++;
        }
        if (shown < failed.length)
            lines.push(`- … and ${failed.length - shown} more (report.json lists them all)`);
        parts.push(lines.join('\n'));
    }
    const perUnit = new Map();
    for (const m of members.filter((x) => x.kind === 'member')) {
        const u = perUnit.get(m.unit) ?? { accounts: 0, failed: 0 };
        u.accounts++;
        if (failuresOf(m).length)
            u.failed++;
        perUnit.set(m.unit, u);
    }
    parts.push([
        '',
        '| OU | accounts | failed |',
        '|---|---:|---:|',
        ...[...perUnit].map(([u, v]) => `| ${(0,markdown/* markdownText */.p)(u)} | ${v.accounts} | ${v.failed} |`),
    ].join('\n'));
    const rows = [];
    used += parts.at(-1).length;
    for (const m of members) {
        const l = line(m);
        if (used + l.length > budget)
            break;
        rows.push(l);
        used += l.length + 1;
    }
    const more = members.length - rows.length;
    parts.push([
        '',
        `<details><summary>Every account (${members.length})</summary>`,
        '',
        '| account | name | OU | associations | |',
        '|---|---|---|---|---|',
        ...rows,
        ...(more ? [`| … | ${more} more in report.json | | | |`] : []),
        '',
        '</details>',
    ].join('\n'));
    return [{ title: 'AWS Organization rollout', markdown: parts.join('\n') }];
}

;// CONCATENATED MODULE: ./src/organization/index.ts
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















const DEFAULT_ORGANIZATION_OPTIONS = {
    maxAttempts: 3,
    retryBaseMs: 1000,
    throttle: DEFAULT_THROTTLE,
    regionConcurrency: 4,
};
const WRITES = new Set([
    'CreateAssociation',
    'UpdateAssociation',
    'DeleteAssociation',
    'StartAssociationsOnce',
]);
function writesOf(c) {
    return Object.entries(c.byAction).reduce((n, [a, k]) => n + (WRITES.has(a) ? k : 0), 0);
}
/** The region the Organizations API is called in: its partition's global endpoint. */
function organizationsRegion(region) {
    const p = (0,plan/* partitionOf */.iQ)(region);
    return p === 'aws-cn' ? 'cn-northwest-1' : p === 'aws-us-gov' ? 'us-gov-west-1' : 'us-east-1';
}
/** The associations each member account gets: one per ring of the plan, or the rollout inputs' one. */
function memberRings(inputs) {
    const r = inputs.rollout;
    if (!r)
        return [];
    if (r.plan?.rings.length)
        return r.plan.rings.map((ring) => ({
            associationName: (0,association/* ringAssociationName */.hG)(r.associationName, ring.name),
            accounts: ring.accounts,
            ous: ring.ous,
            ring,
        }));
    return [{ associationName: r.associationName }];
}
/** Every managed node of an account: what a ring that names only accounts or ous targets there. */
const EVERY_NODE = [{ Key: 'InstanceIds', Values: ['*'] }];
/**
 * A member account's association for one ring: the ring's targets (none given, as in a ring that names
 * only accounts or ous: every managed node of the account, InstanceIds=*; SSM refuses an association
 * without targets), rate controls, action and compliance severity, pinned to `version`. The hub's
 * CloudWatch alarms do not exist in a member account and are left out (an unreadable alarm would
 * stop the association).
 */
function memberAssociation(r, m, packageArn, version = '') {
    if (!m.ring)
        return (0,association/* desiredAssociation */.st)({ ...r, associationName: m.associationName }, packageArn);
    const ring = m.ring.targets.length ? m.ring : { ...m.ring, targets: EVERY_NODE };
    const { AlarmConfiguration: _alarms, ...definition } = (0,association/* ringAssociation */.Qi)(r, ring, packageArn, version);
    return definition;
}
function counter(calls, throttle) {
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
function counted(client, calls, throttle) {
    client.middlewareStack.add((next, context) => (args) => {
        const action = String(context.commandName ?? '').replace(/Command$/, '');
        calls.byAction[action] = (calls.byAction[action] ?? 0) + 1;
        return throttle ? retryThrottled(() => next(args), throttle) : next(args);
    }, { step: 'initialize', name: 'uptycsCountCalls' });
    return client;
}
/** The ACTIVE accounts of the plan's OUs, listed through the read role assumed from the hub's session. */
async function listWithReadRole(ctx, inputs, plan, session) {
    const env = ctx.deps.env ?? process.env;
    const first = inputs.awsRegions[0] ?? 'us-east-1';
    const sts = counted((0,clients/* stsClient */.Km)(ctx.settings(first, session.credentials)), ctx.calls);
    try {
        const readCreds = await assumeRole(sts, plan.readRole, inputs.roleSessionName, ctx.throttle).catch((err) => {
            throw new common_errors/* UserError */.yo(`${(0,names/* ref */.KR)('rollout-plan')}: the hub role cannot assume the Organization read role ${plan.readRole} (${(0,common_errors/* errorMessage */.gJ)(err)}); create it in the management or delegated-administrator account from iam/org-read-role.json and let the hub role assume it`);
        });
        const endpoint = env.AWS_ENDPOINT_URL_ORGANIZATIONS || env.AWS_ENDPOINT_URL;
        const org = counted(new dist_cjs/* OrganizationsClient */.gnq({
            region: organizationsRegion(first),
            maxAttempts: ctx.opts.maxAttempts,
            credentials: readCreds,
            ...(endpoint ? { endpoint } : {}),
        }), ctx.calls);
        try {
            return await listOrganization(org, plan.ous, ctx.throttle);
        }
        finally {
            org.destroy();
        }
    }
    finally {
        sts.destroy();
    }
}
/** The tag of the hub's document (in the first region of aws-region) where the hub job records N. */
const CHUNKS_TAG = 'uptycs-distributor:organization-chunks';
/**
 * A member job (organization-chunk K/N, K ≥ 1) checks, before any change, that the hub job of this
 * rollout (0/N, which runs first) split the accounts in the same N: two jobs with different N would
 * leave some accounts in no part and others in two.
 */
async function checkChunkCount(ctx, inputs, session, chunk) {
    const region = inputs.awsRegions[0] ?? 'us-east-1';
    const ssm = counted((0,clients/* ssmClient */.B)(ctx.settings(region, session.credentials)), ctx.calls, ctx.throttle);
    let recorded;
    try {
        recorded = await (0,rings_aws/* documentTag */.a2)(ssm, inputs.packageName, CHUNKS_TAG);
    }
    catch {
        recorded = undefined; // no document yet: no hub job has run
    }
    finally {
        ssm.destroy();
    }
    const mine = `${chunk.index}/${chunk.count}`;
    if (recorded === undefined)
        throw new common_errors/* UserError */.yo(`${(0,names/* ref */.KR)('organization-chunk')} ${mine}: no hub job recorded how many jobs share the member accounts (the tag ${CHUNKS_TAG} of ${inputs.packageName} in ${region}); run one job with ${(0,names/* refValue */.vI)('organization-chunk', `0/${chunk.count}`)} before the matrix (needs: in the workflow); nothing was changed`);
    if (recorded !== String(chunk.count))
        throw new common_errors/* UserError */.yo(`${(0,names/* ref */.KR)('organization-chunk')} ${mine}: the hub job split the member accounts into ${recorded} parts, this job into ${chunk.count}; give every job of the rollout the same N (${(0,names/* refValue */.vI)('organization-chunk', `0/${recorded}`)} for the hub job, 1/${recorded} to ${recorded}/${recorded} for the matrix); nothing was changed`);
}
/** The hub job (0/N) records N where the member jobs check it; written only when it differs. */
async function recordChunkCount(ctx, inputs, session, count) {
    const region = inputs.awsRegions[0] ?? 'us-east-1';
    const ssm = counted((0,clients/* ssmClient */.B)(ctx.settings(region, session.credentials)), ctx.calls, ctx.throttle);
    try {
        if ((await (0,rings_aws/* documentTag */.a2)(ssm, inputs.packageName, CHUNKS_TAG)) !== String(count))
            await (0,rings_aws/* setDocumentTag */.Y4)(ssm, inputs.packageName, CHUNKS_TAG, String(count));
    }
    finally {
        ssm.destroy();
    }
}
/** Lists the Organization, checks the quota, and finds the accounts that left (shared before, no longer asked for). */
async function prepareOrganization(ctx, inputs) {
    const plan = inputs.organization;
    if (!plan)
        throw new Error('the organization stage needs the rollout plan’s organization');
    const session = await (0,credentials/* openStageSession */.H0)(inputs, ctx.deps, ctx.opts);
    const listed = await listWithReadRole(ctx, inputs, plan, session);
    const share = accountsToShare(listed.accounts, inputs.shareWithAccounts, session.account);
    const before = await Promise.all(inputs.awsRegions.map(async (region) => {
        const ssm = counted((0,clients/* ssmClient */.B)(ctx.settings(region, session.credentials)), ctx.calls, ctx.throttle);
        try {
            return await (0,publish_ssm/* sharedWith */.KO)({
                ssm,
                name: inputs.packageName,
                region,
                account: session.account,
                principal: session.principal,
                log: ctx.log,
            });
        }
        catch {
            return []; // no document yet in this region: shared with nobody
        }
        finally {
            ssm.destroy();
        }
    }));
    const chunk = plan.chunk;
    if (chunk && chunk.index > 0) {
        await checkChunkCount(ctx, inputs, session, chunk);
        // A member job adds the accounts that joined since the hub job (an idempotent add) and never unshares:
        // the accounts that left are the hub job's (0/N), which removes their associations first.
        const all = [...new Set([...before.flat().filter((a) => /^\d{12}$/.test(a)), ...share])].sort();
        return { session, plan, listed, share: all, departed: [] };
    }
    const departed = departedAccounts(before.flat(), share);
    ctx.log.info(`Organization: ${listed.accounts.length} ACTIVE accounts under ${plan.ous.join(', ')}${listed.inactive.length ? ` (${listed.inactive.length} not ACTIVE, skipped)` : ''}; the package is shared with ${share.length} accounts${departed.length ? `; ${departed.length} left: ${departed.join(', ')}` : ''}`);
    return { session, plan, listed, share, departed };
}
/** Every member account reconciled (a pool of plan.concurrency), then the departed ones cleaned. */
async function reconcileAll(ctx, p, pkg, inputs, regions, pins) {
    const rings = memberRings(inputs);
    const sts = counted((0,clients/* stsClient */.Km)(ctx.settings(regions[0] ?? 'us-east-1', p.session.credentials)), ctx.calls);
    const menv = {
        sts,
        ssm: (region, credentials) => counted((0,clients/* ssmClient */.B)(ctx.settings(region, credentials)), ctx.calls, ctx.throttle),
        memberRole: p.plan.memberRole,
        sessionName: inputs.roleSessionName,
        throttle: ctx.throttle,
        regionConcurrency: ctx.opts.regionConcurrency,
    };
    // Each account gets the rings that apply to it (a ring with accounts or ous: only those), each pinned
    // to the hub's pin of that ring in that region; a ring the hub has not started yet is not created.
    const wanted = (account) => (region) => ringsFor(rings, account).flatMap((ring) => {
        const arn = (0,plan/* documentArn */.hx)(region, p.session.account, pkg.packageName);
        if (!ring.ring)
            return [memberAssociation(inputs.rollout, ring, arn)];
        const pin = pins.get(region)?.get(ring.ring.name);
        return pin === undefined ? [] : [memberAssociation(inputs.rollout, ring, arn, pin)];
    });
    try {
        // The hub owns the package: its own fleet is the ordinary rollout's (by name), not a member's.
        // With organization-chunk: the hub job (0/N) none, a member job (K/N) only its part.
        const chunk = p.plan.chunk;
        const accounts = p.listed.accounts.filter((a) => a.id !== p.session.account && (!chunk || (chunk.index > 0 && inChunk(a.id, chunk))));
        if (chunk)
            ctx.log.info(`${(0,names/* ref */.KR)('organization-chunk')} ${chunk.index}/${chunk.count}: ${chunk.index ? `${accounts.length} of ${p.listed.accounts.length} member accounts are this job's part` : "the hub job: the package, its sharing, the hub's rings and the accounts that left; the member accounts are the matrix jobs'"}`);
        const members = await (0,limit/* mapLimit */.sf)(accounts, p.plan.concurrency, (a) => reconcileMember(menv, a, regions, wanted(a)));
        const ours = {
            base: inputs.rollout.associationName,
            arnOf: (region) => (0,plan/* documentArn */.hx)(region, p.session.account, pkg.packageName),
        };
        members.push(...(await (0,limit/* mapLimit */.sf)(p.departed, p.plan.concurrency, (a) => removeFromMember(menv, a, regions, ours))));
        return members;
    }
    finally {
        sts.destroy();
    }
}
/**
 * The hub's rings first (the rollout stage: preflight, pins, alarms, bake, default after the last ring,
 * or the undo), then each ring's pin read back from the hub in every region: the hub's ring
 * associations (and a member-only ring's document tag) are the rings' only state, which the member
 * accounts' associations follow. A region whose pins cannot be read is left alone in every member.
 */
async function hubRings(ctx, p, pkg, inputs, published, regions) {
    const { deps } = ctx;
    const rings = inputs.rollout.plan?.rings ?? [];
    const pins = new Map();
    const none = { sections: [], outputs: {}, results: [] };
    // Without rings (the organization given in code, as the bench does): one association on the default version.
    if (!rings.length && !inputs.rollout.rollbackTo)
        return { hub: none, pins };
    // A member job (organization-chunk K/N) follows the rings the hub job moved: it reads them, never moves them.
    const member = (p.plan.chunk?.index ?? 0) > 0;
    const hub = member
        ? none
        : await (0,rollout.rolloutStage)({
            log: ctx.log,
            ...(deps.env ? { env: deps.env } : {}),
            ...(deps.getIdToken ? { getIdToken: deps.getIdToken } : {}),
            ...(deps.now ? { now: deps.now } : {}),
            ...(deps.rolloutOptions ? { options: deps.rolloutOptions } : {}),
        })(pkg, inputs, published);
    if (p.plan.chunk?.index === 0)
        await recordChunkCount(ctx, inputs, p.session, p.plan.chunk.count);
    if (!rings.length)
        return { hub, pins };
    await Promise.all(regions.map(async (region) => {
        const ssm = counted((0,clients/* ssmClient */.B)(ctx.settings(region, p.session.credentials)), ctx.calls, ctx.throttle);
        try {
            pins.set(region, await (0,rings_aws/* ringPins */.Ds)(ssm, rings, inputs.rollout.associationName, pkg.packageName));
        }
        catch (err) {
            ctx.log.warning(`[${region}] the hub's ring pins cannot be read (${(0,common_errors/* errorMessage */.gJ)(err)}): the member accounts are left as they are there`);
        }
        finally {
            ssm.destroy();
        }
    }));
    return { hub, pins };
}
/** The summary, the output, and the error that names each failed account. */
function stageResult(ctx, p, members, regions) {
    const c = countOutcomes(members);
    ctx.log.info(`Organization rollout: ${c.accounts} accounts × ${regions.length} regions: ${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged, ${c.deleted} deleted, ${c.failed} failed (${writesOf(ctx.calls)} writes, ${ctx.calls.throttled} throttled calls retried)`);
    const failed = members.filter((m) => failuresOf(m).length);
    for (const m of failed)
        ctx.log.warning(`account ${m.account}: ${failuresOf(m).join('; ')}`);
    const sections = organizationSections(members, {
        units: p.plan.ous,
        shared: p.share.length,
        regions,
        inactive: p.listed.inactive.length,
    });
    const error = failed.length
        ? new Error(`the Organization rollout failed in ${failed.length} of ${members.length} accounts (the others went on):\n${failed
            .slice(0, 20)
            .map((m) => `  ${m.account}: ${failuresOf(m)[0]}`)
            .join('\n')}${failed.length > 20 ? `\n  … and ${failed.length - 20} more` : ''}`)
        : undefined;
    return {
        sections,
        outputs: { rollout: JSON.stringify({ organization: c }) },
        results: { members, calls: ctx.calls },
        ...(error ? { error } : {}),
    };
}
function organizationStage(deps) {
    const opts = { ...DEFAULT_ORGANIZATION_OPTIONS, ...deps.options };
    const env = deps.env ?? process.env;
    const { log } = deps;
    const calls = { byAction: {}, throttled: 0 };
    const ctx = {
        deps,
        opts,
        log,
        calls,
        throttle: counter(calls, opts.throttle),
        settings: (region, credentials) => ({
            region,
            env,
            maxAttempts: opts.maxAttempts,
            debug: (m) => log.debug(m),
            ...(credentials ? { credentials } : {}),
        }),
    };
    let prepared;
    const prepare = (inputs) => (prepared ??= prepareOrganization(ctx, inputs));
    const noted = (note) => {
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
        async inputsFor(inputs) {
            const p = await prepare(inputs);
            return { ...inputs, shareWithAccounts: p.share };
        },
        /** The rollout hook's work for the Organization. */
        async rollout(pkg, inputs, published) {
            let p;
            try {
                p = await prepare(inputs);
            }
            catch (err) {
                if (!inputs.dryRun)
                    throw err;
                return noted(`Organization skipped: no AWS credentials in this dry run (${(0,common_errors/* errorMessage */.gJ)(err)}).`);
            }
            const regions = publishedRegions(inputs, published);
            const rollout = inputs.rollout;
            if (inputs.dryRun || !rollout)
                return noted(`Dry run: ${p.listed.accounts.length} member accounts would get the association in each of ${regions.length} regions; nothing was changed.`);
            const { hub, pins } = await hubRings(ctx, p, pkg, { ...inputs, rollout }, published, regions);
            const members = await reconcileAll(ctx, p, pkg, { ...inputs, rollout }, regions, pins);
            const res = stageResult(ctx, p, members, regions);
            const errors = [hub.error, res.error].filter((e) => !!e);
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
function publishedRegions(inputs, published) {
    if (!Array.isArray(published))
        return inputs.awsRegions;
    const ok = new Set(published.filter((x) => x.ok).map((x) => x.region));
    return inputs.awsRegions.filter((r) => ok.has(r));
}


/***/ })

};
