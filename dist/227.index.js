export const id = 227;
export const ids = [227];
export const modules = {

/***/ 8526:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   K2: () => (/* binding */ allowedErrors),
/* harmony export */   L6: () => (/* binding */ associationDiff),
/* harmony export */   Qi: () => (/* binding */ ringAssociation),
/* harmony export */   hG: () => (/* binding */ ringAssociationName),
/* harmony export */   oT: () => (/* binding */ CONFIGURE_PACKAGE),
/* harmony export */   st: () => (/* binding */ desiredAssociation)
/* harmony export */ });
const CONFIGURE_PACKAGE = 'AWS-ConfigureAWSPackage';
function desiredAssociation(r, packageName) {
    return {
        Name: CONFIGURE_PACKAGE,
        AssociationName: r.associationName,
        Targets: r.targets.map((t) => ({ Key: t.Key, Values: [...t.Values] })),
        Parameters: {
            action: ['Install'],
            installationType: [r.installationType],
            name: [packageName],
            // Empty: the document's default version, so a new default rolls out on the schedule.
            version: [''],
            additionalArguments: [r.additionalArguments || '{}'],
        },
        ...(r.schedule ? { ScheduleExpression: r.schedule } : {}),
        MaxConcurrency: r.maxConcurrency,
        MaxErrors: r.maxErrors,
        ComplianceSeverity: r.complianceSeverity,
        SyncCompliance: 'AUTO',
        ApplyOnlyAtCronInterval: r.applyOnlyAtCronInterval,
    };
}
/** A ring's association, <association-name>-<ring>, pinned to `version` ('' with Uninstall: any version). */
function ringAssociation(r, ring, packageName, version) {
    const base = desiredAssociation({
        ...r,
        targets: ring.targets,
        associationName: ringAssociationName(r.associationName, ring.name),
        maxConcurrency: ring.maxConcurrency,
        maxErrors: ring.maxErrors,
        complianceSeverity: ring.complianceSeverity,
    }, packageName);
    return {
        ...base,
        Parameters: {
            ...base.Parameters,
            action: [ring.action],
            version: [ring.action === 'Uninstall' ? '' : version],
        },
        ...(ring.alarms.length
            ? {
                AlarmConfiguration: {
                    Alarms: ring.alarms.map((Name) => ({ Name })),
                    // An alarm that cannot be read stops the ring too: a rollout is never unguarded by mistake.
                    IgnorePollAlarmFailure: false,
                },
            }
            : {}),
    };
}
function ringAssociationName(base, ring) {
    return `${base}-${ring}`;
}
const alarmsKey = (a) => JSON.stringify([
    (a?.Alarms ?? []).map((x) => x.Name ?? '').sort(),
    a?.Alarms?.length ? !!a.IgnorePollAlarmFailure : false,
]);
const targetsKey = (ts) => JSON.stringify((ts ?? [])
    .map((t) => [t.Key ?? '', [...(t.Values ?? [])].sort()])
    .sort((a, b) => (String(a) < String(b) ? -1 : 1)));
/** Parameters as the agent sees them: a missing parameter is its default ("" or "{}"). */
function paramsKey(p) {
    const defaults = { version: '', additionalArguments: '{}' };
    const keys = new Set([...Object.keys(p ?? {}), ...Object.keys(defaults)]);
    const norm = {};
    for (const k of [...keys].sort()) {
        let v = p?.[k]?.join('\n') ?? defaults[k] ?? '';
        if (k === 'additionalArguments' && v.trim() === '')
            v = '{}';
        if (k === 'additionalArguments')
            try {
                v = JSON.stringify(JSON.parse(v));
            }
            catch {
                // compared as written
            }
        norm[k] = v;
    }
    return JSON.stringify(norm);
}
/** The fields of the found association that differ from the definition (empty: nothing to do). */
function associationDiff(found, want) {
    const out = [];
    if (found.Name !== want.Name && !found.Name?.endsWith(`:document/${want.Name}`))
        out.push('Name');
    if (found.DocumentVersion && found.DocumentVersion !== '$DEFAULT')
        out.push('DocumentVersion');
    if (targetsKey(found.Targets) !== targetsKey(want.Targets))
        out.push('Targets');
    if (paramsKey(found.Parameters) !== paramsKey(want.Parameters))
        out.push('Parameters');
    if ((found.ScheduleExpression ?? '') !== (want.ScheduleExpression ?? ''))
        out.push('ScheduleExpression');
    if ((found.MaxConcurrency ?? '') !== want.MaxConcurrency)
        out.push('MaxConcurrency');
    if ((found.MaxErrors ?? '') !== want.MaxErrors)
        out.push('MaxErrors');
    if ((found.ComplianceSeverity ?? 'UNSPECIFIED') !== want.ComplianceSeverity)
        out.push('ComplianceSeverity');
    if ((found.SyncCompliance ?? 'AUTO') !== want.SyncCompliance)
        out.push('SyncCompliance');
    if ((found.ApplyOnlyAtCronInterval ?? false) !== want.ApplyOnlyAtCronInterval)
        out.push('ApplyOnlyAtCronInterval');
    if (alarmsKey(found.AlarmConfiguration) !== alarmsKey(want.AlarmConfiguration))
        out.push('AlarmConfiguration');
    return out;
}
/** The maximum number of failed instances max-errors allows out of `total` (SSM rounds a percentage down). */
function allowedErrors(maxErrors, total) {
    const m = /^(\d+)%$/.exec(maxErrors);
    if (m)
        return Math.floor((Number(m[1]) * total) / 100);
    return Number(maxErrors);
}


/***/ }),

/***/ 1644:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   a: () => (/* binding */ followExecution),
/* harmony export */   y: () => (/* binding */ ensureAssociation)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4736);
/* harmony import */ var _publish_credentials_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3525);
/* harmony import */ var _association_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8526);
/**
 * The association in AWS: found by name, created or updated only when it differs, started on request;
 * and its execution followed to the end, with the output of failed instances.
 */



async function ensureAssociation(ssm, want, startNow) {
    let id;
    let token;
    do {
        const page = await ssm.send(new _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_1__/* .ListAssociationsCommand */ .IOv({
            AssociationFilterList: [{ key: 'AssociationName', value: want.AssociationName }],
            ...(token ? { NextToken: token } : {}),
        }));
        id = page.Associations?.find((a) => a.AssociationName === want.AssociationName)?.AssociationId;
        token = id ? undefined : page.NextToken;
    } while (token);
    if (!id) {
        const out = await ssm.send(new _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_1__/* .CreateAssociationCommand */ .D3H(want));
        return {
            id: out.AssociationDescription?.AssociationId ?? '',
            action: 'created',
            changed: [],
            runsNow: !want.ApplyOnlyAtCronInterval,
            started: false,
        };
    }
    const found = (await ssm.send(new _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_1__/* .DescribeAssociationCommand */ .Ooe({ AssociationId: id }))).AssociationDescription ?? {};
    const changed = (0,_association_js__WEBPACK_IMPORTED_MODULE_2__/* .associationDiff */ .L6)(found, want);
    if (changed.length) {
        // The whole definition: UpdateAssociation sets every field it is not sent to null.
        await ssm.send(new _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_1__/* .UpdateAssociationCommand */ .iO0({ AssociationId: id, ...want }));
        return { id, action: 'updated', changed, runsNow: !want.ApplyOnlyAtCronInterval, started: false };
    }
    if (startNow) {
        await ssm.send(new _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_1__/* .StartAssociationsOnceCommand */ .RJR({ AssociationIds: [id] }));
        return { id, action: 'unchanged', changed, runsNow: true, started: true };
    }
    return { id, action: 'unchanged', changed, runsNow: false, started: false };
}
const TERMINAL = new Set(['Success', 'Failed', 'TimedOut', 'Cancelled', 'Skipped']);
/**
 * The newest execution that started since `since` (a minute of slack for clock skew between the runner
 * and AWS). The API promises no order: every page of those created since then is read, and sorted by
 * CreatedTime.
 */
async function newestExecution(ssm, associationId, since) {
    const from = new Date(since - 60_000);
    const all = [];
    let token;
    do {
        const out = await ssm.send(new _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_1__/* .DescribeAssociationExecutionsCommand */ .nh2({
            AssociationId: associationId,
            Filters: [{ Key: 'CreatedTime', Type: 'GREATER_THAN', Value: from.toISOString() }],
            MaxResults: 50,
            ...(token ? { NextToken: token } : {}),
        }));
        all.push(...(out.AssociationExecutions ?? []));
        token = out.NextToken || undefined;
    } while (token);
    return all
        .filter((e) => !e.CreatedTime || e.CreatedTime.getTime() >= from.getTime())
        .sort((a, b) => (b.CreatedTime?.getTime() ?? 0) - (a.CreatedTime?.getTime() ?? 0))[0];
}
/**
 * Follows the association's newest execution until it ends or the deadline passes. Credentials that
 * expire during the wait (and that the run could not renew) end it with an error that says so.
 */
async function followExecution(ssm, associationId, o) {
    const started = Date.now();
    try {
        return await follow(ssm, associationId, o);
    }
    catch (err) {
        const expired = (0,_publish_credentials_js__WEBPACK_IMPORTED_MODULE_0__/* .expiredCredentials */ .Ip)(err, "while following the association's execution", started);
        throw expired ? new Error(expired, { cause: err }) : err;
    }
}
async function follow(ssm, associationId, o) {
    const sleep = o.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    const now = o.now ?? Date.now;
    let wait = o.pollIntervalMs;
    let exec;
    for (;;) {
        exec = await newestExecution(ssm, associationId, o.since);
        if (exec && TERMINAL.has(exec.Status ?? ''))
            break;
        if (now() + wait > o.deadline)
            break;
        await sleep(wait);
        wait = Math.min(o.maxPollIntervalMs, Math.round(wait * 1.5));
    }
    if (!exec?.ExecutionId)
        return undefined;
    const targets = [];
    let token;
    do {
        const page = await ssm.send(new _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_1__/* .DescribeAssociationExecutionTargetsCommand */ .Cwd({
            AssociationId: associationId,
            ExecutionId: exec.ExecutionId,
            MaxResults: 50,
            ...(token ? { NextToken: token } : {}),
        }));
        for (const t of page.AssociationExecutionTargets ?? [])
            targets.push({
                instanceId: t.ResourceId ?? '',
                status: t.Status ?? '',
                detailedStatus: t.DetailedStatus ?? '',
                commandId: t.OutputSource?.OutputSourceId ?? '',
            });
        token = page.NextToken;
    } while (token);
    const failed = targets
        .filter((t) => t.status === 'Failed' || t.status === 'TimedOut')
        .slice(0, o.maxOutputs);
    for (let k = 0; k < failed.length; k += 5)
        await Promise.all(failed.slice(k, k + 5).map(async (t) => {
            if (!t.commandId)
                return;
            try {
                const inv = await ssm.send(new _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_1__/* .GetCommandInvocationCommand */ .ryN({ CommandId: t.commandId, InstanceId: t.instanceId }));
                t.stdout = inv.StandardOutputContent ?? '';
                t.stderr = inv.StandardErrorContent ?? '';
                if (inv.ResponseCode !== undefined)
                    t.responseCode = inv.ResponseCode;
            }
            catch (err) {
                t.stderr = `(output not available: ${err instanceof Error ? err.message : String(err)})`;
            }
        }));
    return {
        executionId: exec.ExecutionId,
        status: exec.Status ?? '',
        detailedStatus: exec.DetailedStatus ?? '',
        waitExpired: !TERMINAL.has(exec.Status ?? ''),
        targets,
    };
}


/***/ }),

/***/ 1227:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  rolloutStage: () => (/* binding */ rolloutStage)
});

// UNUSED EXPORTS: DEFAULT_ROLLOUT_OPTIONS, rolloutRegion

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-cloudwatch/dist-cjs/index.js
var dist_cjs = __webpack_require__(4085);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ec2/dist-cjs/index.js
var client_ec2_dist_cjs = __webpack_require__(5193);
// EXTERNAL MODULE: ./src/common/errors.ts
var errors = __webpack_require__(1922);
// EXTERNAL MODULE: ./src/common/names.ts
var common_names = __webpack_require__(3117);
// EXTERNAL MODULE: ./src/publish/clients.ts
var publish_clients = __webpack_require__(8031);
// EXTERNAL MODULE: ./src/publish/credentials.ts
var credentials = __webpack_require__(3525);
// EXTERNAL MODULE: ./src/rollout/association.ts
var association = __webpack_require__(8526);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ssm/dist-cjs/index.js
var client_ssm_dist_cjs = __webpack_require__(4736);
;// CONCATENATED MODULE: ./src/rollout/fleet.ts
/**
 * The targeted fleet, read from AWS: managed instances from SSM DescribeInstanceInformation (50 a page),
 * EC2 instances' architectures from EC2 DescribeInstances (DescribeInstanceInformation does not report
 * them; 1,000 a page), hybrid (mi-) nodes' from SSM DescribeInstanceProperties (its Architecture; EC2
 * knows nothing of them). 10,000 EC2 instances take about 210 calls.
 *
 * An association runs on every instance that any of its targets selects (State Manager combines its
 * targets, and a target's values, with OR). DescribeInstanceInformation combines its filters with AND,
 * refuses tag filters together with other filter types, and answers InvalidInstanceId for the whole call
 * when one instance ID is not a managed node. So each target is its own query (a tag target: one tag
 * filter; instance IDs: 50 a call, and a call refused for a stale ID is split until the unmanaged IDs are
 * found), and the answers are united.
 */


/** Instance IDs per DescribeInstanceInformation call (its filter takes at most 100 values). */
const IDS_PER_CALL = 50;
/** One query per target: State Manager ORs the targets; DescribeInstanceInformation ANDs its filters. */
function fleetQuery(targets) {
    const ssm = [];
    const ec2 = [];
    for (const t of targets) {
        if (t.Key === 'InstanceIds') {
            if (t.Values.includes('*'))
                ssm.push([]);
            else
                for (let k = 0; k < t.Values.length; k += IDS_PER_CALL)
                    ssm.push([{ Key: 'InstanceIds', Values: t.Values.slice(k, k + IDS_PER_CALL) }]);
        }
        else if (t.Key.startsWith('tag:')) {
            ssm.push([{ Key: t.Key, Values: t.Values }]);
            ec2.push([{ Name: t.Key, Values: t.Values }]);
        }
        else
            return {
                ec2,
                limit: `target ${t.Key}=${t.Values.join(',')} cannot be listed by DescribeInstanceInformation (resource groups need the Resource Groups API); the preflight covers tag and instance-ID targets only`,
            };
    }
    return { ssm, ec2 };
}
/** The instances one query selects (every page). */
async function describeAll(ssm, filters, calls) {
    const out = [];
    let token;
    do {
        calls.ssm++;
        const page = await ssm.send(new client_ssm_dist_cjs/* DescribeInstanceInformationCommand */.MXw({
            ...(filters.length ? { Filters: filters } : {}),
            MaxResults: 50,
            ...(token ? { NextToken: token } : {}),
        }));
        for (const i of page.InstanceInformationList ?? [])
            out.push({
                instanceId: i.InstanceId ?? '',
                platformType: i.PlatformType ?? '',
                platformName: i.PlatformName ?? '',
                platformVersion: i.PlatformVersion ?? '',
                resourceType: i.ResourceType ?? '',
                ec2Architecture: '',
                ssmArchitecture: '',
            });
        token = page.NextToken;
    } while (token);
    return out;
}
const isInvalidInstanceId = (err) => err.name === 'InvalidInstanceId';
/**
 * The managed instances among `ids`: asked all at once; when SSM refuses the call because one of them
 * is not a managed node (InvalidInstanceId), the list is halved until each unmanaged ID is found alone.
 */
async function describeIds(ssm, ids, calls, unmanaged) {
    try {
        return await describeAll(ssm, [{ Key: 'InstanceIds', Values: ids }], calls);
    }
    catch (err) {
        if (!isInvalidInstanceId(err))
            throw err;
        if (ids.length === 1) {
            unmanaged.push(ids[0]);
            return [];
        }
        const half = Math.ceil(ids.length / 2);
        return [
            ...(await describeIds(ssm, ids.slice(0, half), calls, unmanaged)),
            ...(await describeIds(ssm, ids.slice(half), calls, unmanaged)),
        ];
    }
}
/** Hybrid node IDs per DescribeInstanceProperties call (a filter's value set; the page holds them all). */
const HYBRID_IDS_PER_CALL = 40;
/**
 * The hybrid (mi-) nodes' architecture as SSM knows it (DescribeInstanceProperties' Architecture). A
 * refusal (a policy from before this call, a partition without it) is not the rollout's failure: their
 * architecture stays unknown, and the reason is returned.
 */
async function hybridArchitectures(ssm, nodes, calls) {
    try {
        for (let k = 0; k < nodes.length; k += HYBRID_IDS_PER_CALL) {
            const ids = nodes.slice(k, k + HYBRID_IDS_PER_CALL);
            let token;
            do {
                calls.ssm++;
                const page = await ssm.send(new client_ssm_dist_cjs/* DescribeInstancePropertiesCommand */.Brq({
                    InstancePropertyFilterList: [{ key: 'InstanceIds', valueSet: ids.map((f) => f.instanceId) }],
                    MaxResults: 50,
                    ...(token ? { NextToken: token } : {}),
                }));
                for (const p of page.InstanceProperties ?? []) {
                    const f = ids.find((x) => x.instanceId === p.InstanceId);
                    if (f)
                        f.ssmArchitecture = p.Architecture ?? '';
                }
                token = page.NextToken;
            } while (token);
        }
        return undefined;
    }
    catch (err) {
        const e = err;
        return `ssm:DescribeInstanceProperties answered ${e.name ?? 'an error'}${e.message ? ` (${e.message})` : ''}: the hybrid nodes' architecture is unknown (grant it as iam/rollout-policy.json does)`;
    }
}
/** Lists the managed instances of the targets (their union), with their EC2 architecture. */
async function listFleet(ssm, ec2, query, calls = { ssm: 0, ec2: 0 }) {
    const byId = new Map();
    const unmanaged = [];
    for (const filters of query.ssm ?? []) {
        const ids = filters.find((f) => f.Key === 'InstanceIds')?.Values;
        const found = ids
            ? await describeIds(ssm, ids, calls, unmanaged)
            : await describeAll(ssm, filters, calls);
        for (const f of found)
            if (!byId.has(f.instanceId))
                byId.set(f.instanceId, f);
    }
    const fleet = Object.assign([...byId.values()], { unmanaged: [...new Set(unmanaged)] });
    const hybrid = fleet.filter((f) => f.instanceId.startsWith('mi-'));
    if (hybrid.length) {
        const why = await hybridArchitectures(ssm, hybrid, calls);
        if (why)
            fleet.hybridArchitectures = why;
    }
    const ec2Ids = fleet.filter((f) => f.instanceId.startsWith('i-'));
    if (!ec2Ids.length)
        return fleet;
    const arch = new Map();
    const describe = async (Filters, paged) => {
        let next;
        do {
            calls.ec2++;
            const out = await ec2.send(new client_ec2_dist_cjs/* DescribeInstancesCommand */.bNs({
                Filters,
                ...(paged ? { MaxResults: 1000 } : {}),
                ...(next ? { NextToken: next } : {}),
            }));
            for (const r of out.Reservations ?? [])
                for (const i of r.Instances ?? [])
                    if (i.InstanceId)
                        arch.set(i.InstanceId, i.Architecture ?? '');
            next = out.NextToken;
        } while (next);
    };
    // Each tag target as an EC2 filter (1,000 a page) …
    for (const filters of query.ec2)
        await describe(filters, true);
    // … then, by ID, whatever that missed (instance-ID targets, tags that SSM and EC2 see differently), 200 IDs a call.
    const missing = ec2Ids.filter((f) => !arch.has(f.instanceId)).map((f) => f.instanceId);
    for (let k = 0; k < missing.length; k += 200)
        await describe([{ Name: 'instance-id', Values: missing.slice(k, k + 200) }], false);
    for (const f of ec2Ids)
        f.ec2Architecture = arch.get(f.instanceId) ?? '';
    return fleet;
}

// EXTERNAL MODULE: ./src/package/manifest.ts
var package_manifest = __webpack_require__(1459);
// EXTERNAL MODULE: ./src/plan/distributor.ts
var distributor = __webpack_require__(2690);
;// CONCATENATED MODULE: ./src/rollout/platforms.ts
/**
 * PlatformName (os-release NAME, or /etc/centos-release's name) → the agent's platform key, and how
 * the version is read. CentOS: /etc/centos-release gives 7.9.2009 or 8.5.2111 where VERSION_ID is 7
 * or 8, so the major version is the agent's (CentOS Stream: 9 in both).
 */
const NAME_RULES = {
    'Amazon Linux': { platform: 'amazon', version: 'verbatim' },
    'Amazon Linux AMI': { platform: 'amazon', version: 'verbatim' },
    Ubuntu: { platform: 'ubuntu', version: 'verbatim' },
    'Debian GNU/Linux': { platform: 'debian', version: 'verbatim' },
    'Red Hat Enterprise Linux': { platform: 'redhat', version: 'verbatim' },
    'Red Hat Enterprise Linux Server': { platform: 'redhat', version: 'verbatim' },
    'CentOS Linux': { platform: 'centos', version: 'major' },
    'CentOS Stream': { platform: 'centos', version: 'major' },
    'Oracle Linux Server': { platform: 'oracle', version: 'verbatim' },
    'Rocky Linux': { platform: 'rocky', version: 'verbatim' },
    AlmaLinux: { platform: 'almalinux', version: 'verbatim' },
    SLES: { platform: 'suse', version: 'verbatim' },
    'openSUSE Leap': { platform: 'opensuseleap', version: 'verbatim' },
    'Fedora Linux': { platform: 'fedora', version: 'verbatim' },
    Fedora: { platform: 'fedora', version: 'verbatim' },
};
/** PlatformName → the platform key (kept for readers of the plain table). */
const PLATFORM_NAMES = Object.fromEntries(Object.entries(NAME_RULES).map(([name, r]) => [name, r.platform]));
/** Platforms the agent refuses before it reads the manifest (FACTS §3). */
const UNSUPPORTED_NAMES = {
    Bottlerocket: 'Bottlerocket runs the SSM Agent in a control container; Distributor packages are not supported',
    'Flatcar Container Linux by Kinvolk': 'Flatcar is not supported by Distributor',
};
/** Names the inventory shows for more than one os-release ID: the agent's platform cannot be told. */
const AMBIGUOUS_NAMES = {
    SLES_SAP: "SLES for SAP: the agent's platform depends on the os-release ID, which SSM does not report (sles is suse; any other ID is a platform the agent does not know, and it refuses the install)",
};
/** EC2 DescribeInstances Architecture → the GOARCH of the agent build that runs there. */
const EC2_ARCHES = {
    x86_64: 'x86_64',
    arm64: 'arm64',
    i386: '386',
    x86_64_mac: 'x86_64',
    arm64_mac: 'arm64',
};
/** The agent builds each platform type has (amazon-ssm-agent's build targets): a hybrid may run any. */
const AGENT_ARCHES = {
    Linux: ['x86_64', 'arm64', '386', 'arm'],
    Windows: ['x86_64', '386'],
    MacOS: ['x86_64', 'arm64'],
};
/** The Windows build whose Server release could be installed as Nano Server (2016, 10.0.14393). */
const NANO_BUILD = '10.0.14393';
/**
 * A hybrid node's architecture as SSM reports it, in the agent's terms. SSM documents `x86_64` as an
 * example only; the spellings of the same machine that operating systems use are taken too. Another
 * value is left unknown (every architecture the agent builds for that platform is tried).
 */
const SSM_ARCHES = {
    x86_64: 'x86_64',
    amd64: 'x86_64',
    arm64: 'arm64',
    aarch64: 'arm64',
    i386: '386',
    i686: '386',
    '386': '386',
    arm: 'arm',
    armv7l: 'arm',
};
/** What SSM writes when the agent could not read a value. */
const NOT_AVAILABLE = 'NotAvailable';
/** The agent's platform key and version, or why they cannot be told; the versions it may have. */
function platformOf(i) {
    const name = i.platformName.trim();
    const reported = i.platformVersion.trim();
    const noVersion = !reported || reported === NOT_AVAILABLE;
    if (i.platformType === 'Windows') {
        if (noVersion)
            return {
                reason: 'no platform version reported (WMI failed for SSM; the agent then resolves with version "" if it fails for it too)',
            };
        if (reported === NANO_BUILD)
            return {
                platform: 'windows',
                versions: [reported, `${reported}nano`],
                why: `Windows Server 2016 may be Nano Server, which SSM's inventory does not tell apart (there the agent resolves with ${reported}nano)`,
            };
        return { platform: 'windows', versions: [reported] };
    }
    if (i.platformType === 'MacOS') {
        if (noVersion)
            return { reason: 'no macOS version reported' };
        return { platform: 'mac_os_x', versions: [reported] };
    }
    const unsupported = UNSUPPORTED_NAMES[name];
    if (unsupported)
        return { reason: unsupported };
    const ambiguous = AMBIGUOUS_NAMES[name];
    if (ambiguous)
        return { reason: `PlatformName "${name}": ${ambiguous}` };
    const rule = NAME_RULES[name];
    if (!rule)
        return {
            reason: `unknown platform name "${i.platformName}" (not in the platform-name table: the agent's platform key cannot be predicted)`,
        };
    if (noVersion)
        return {
            reason: `no platform version reported for ${name} (the agent's os-release VERSION_ID cannot be told)`,
        };
    const version = rule.version === 'major' ? reported.split('.')[0] : reported;
    return { platform: rule.platform, versions: [version] };
}
/** The agent's platform key, version and architecture for an instance, or why SSM cannot tell. */
function deriveInstance(i) {
    const p = platformOf(i);
    if ('reason' in p)
        return { ok: false, reason: p.reason };
    const { platform, versions } = p;
    const hybrid = i.resourceType === 'ManagedInstance' || i.instanceId.startsWith('mi-');
    const reported = hybrid ? (i.ssmArchitecture ?? '').toLowerCase() : '';
    const ec2 = hybrid ? SSM_ARCHES[reported] : EC2_ARCHES[i.ec2Architecture];
    const arches = ec2 ? [ec2] : !hybrid && i.ec2Architecture ? [] : [...(AGENT_ARCHES[i.platformType] ?? [])];
    const archWhy = ec2
        ? undefined
        : hybrid
            ? reported
                ? `architecture ${i.ssmArchitecture} as SSM reports it for this hybrid node is not one the agent names`
                : 'architecture unknown (hybrid node: SSM did not report it)'
            : i.ec2Architecture
                ? `architecture ${i.ec2Architecture} is not one Distributor matches`
                : 'architecture unknown (EC2 did not describe the instance)';
    if (!arches.length)
        return { ok: false, reason: archWhy };
    const candidates = versions.flatMap((version) => arches.map((arch) => ({ platform, version, arch })));
    if (candidates.length === 1)
        return { ok: true, instance: candidates[0] };
    const reason = [p.why, archWhy].filter(Boolean).join('; ');
    return {
        ok: false,
        reason,
        candidates,
        ...(versions.length === 1 ? { archless: { platform, version: versions[0] } } : {}),
    };
}

;// CONCATENATED MODULE: ./src/rollout/preflight.ts
/**
 * Fleet preflight: what each targeted instance would install from the manifest, grouped by platform,
 * version and architecture. Every verdict is the one resolver's decision (plan/agent-resolver.ts,
 * through previewResolution, as the manifest preview); where SSM cannot tell what the agent sees
 * (platforms.ts), the verdict holds only when every tuple the agent may have gives the same answer,
 * else it is "cannot be predicted" with the reason. Pure.
 */



/** Instance IDs shown per group. */
const SAMPLE_SIZE = 3;
/** The SSM Agent's own error text when the manifest has nothing for an instance (without its prefix). */
function noManifestText(i) {
    return `no manifest found for platform: ${i.platform}, version ${i.version}, architecture ${i.arch}`;
}
const keyOf = (i) => `${i.platform}\0${i.version}\0${i.arch}`;
/** The resolver's decision as a verdict: the file and the keys matched, or the agent's error and why. */
function verdictOf(r) {
    if (r.ok)
        return { outcome: 'install', file: r.file, via: (0,distributor/* matchedPath */.yK)(r.trace) };
    return { outcome: 'no-manifest', reason: r.reason.replace(/^failed to find platform: /, '') };
}
/**
 * Several tuples the agent may resolve with (arch unknown, maybe Nano Server): predicted only when
 * every one gives the same file, or every one fails; otherwise "cannot be predicted", saying what
 * each would do.
 */
function commonVerdict(candidates, verdicts, why) {
    const each = candidates.map((c) => ({ c, v: verdicts.get(keyOf(c)) }));
    const first = each[0].v;
    const same = each.every(({ v }) => v.outcome === first.outcome && v.file === first.file);
    const tuples = (l) => l.map(({ c }) => `${c.version} ${c.arch}`).join(', ');
    if (same && first.outcome === 'install')
        return {
            ...first,
            via: [...new Set(each.map(({ v }) => v.via))].join(' or ') + ` (any of ${tuples(each)})`,
        };
    if (same)
        return {
            outcome: 'no-manifest',
            reason: `fails whichever it is (${why}): ${each.map(({ v }) => v.reason).join('; ')}`,
        };
    const outcomes = each.map(({ c, v }) => `${c.version} ${c.arch} ${v.file ? `installs ${v.file}` : 'fails'}`);
    return {
        outcome: 'unknown',
        reason: `${why}, and the outcome depends on it (${outcomes.join('; ')})`,
    };
}
function preflight(manifest, fleet) {
    // Resolve each distinct platform/version/arch once (10,000 instances are a few dozen kinds).
    const derived = fleet.map((f) => ({ f, d: deriveInstance(f) }));
    const kinds = new Map();
    for (const { d } of derived) {
        if (d.ok)
            kinds.set(keyOf(d.instance), d.instance);
        else
            for (const c of d.candidates ?? [])
                kinds.set(keyOf(c), c);
    }
    const verdicts = new Map();
    for (const { instance, result } of (0,package_manifest/* previewResolution */.FG)(manifest, [...kinds.values()]))
        verdicts.set(keyOf(instance), verdictOf(result));
    const groups = new Map();
    const counts = { install: 0, 'no-manifest': 0, unknown: 0 };
    const byFile = {};
    for (const { f, d } of derived) {
        let verdict;
        let platform = '';
        let version = '';
        let arch = '';
        if (d.ok) {
            ({ platform, version, arch } = d.instance);
            verdict = verdicts.get(keyOf(d.instance));
        }
        else if (d.candidates?.length) {
            const [c] = d.candidates;
            // The first candidate has the reported version; the arch is left empty when it is not known.
            ({ platform, version } = c);
            arch = d.candidates.every((x) => x.arch === c.arch) ? c.arch : '';
            verdict = commonVerdict(d.candidates, verdicts, d.reason);
        }
        else
            verdict = { outcome: 'unknown', reason: d.reason };
        counts[verdict.outcome]++;
        if (verdict.file)
            byFile[verdict.file] = (byFile[verdict.file] ?? 0) + 1;
        const key = [
            verdict.outcome,
            platform,
            version,
            arch,
            f.platformName,
            verdict.file ?? '',
            verdict.reason ?? '',
        ].join('\0');
        let g = groups.get(key);
        if (!g) {
            g = {
                outcome: verdict.outcome,
                platform,
                version,
                arch,
                platformName: f.platformName,
                ...(verdict.file ? { file: verdict.file } : {}),
                ...(verdict.via ? { via: verdict.via } : {}),
                ...(verdict.reason ? { reason: verdict.reason } : {}),
                count: 0,
                sample: [],
            };
            groups.set(key, g);
        }
        g.count++;
        if (g.sample.length < SAMPLE_SIZE)
            g.sample.push(f.instanceId);
    }
    const order = { 'no-manifest': 0, unknown: 1, install: 2 };
    const sorted = [...groups.values()].sort((a, b) => order[a.outcome] - order[b.outcome] ||
        b.count - a.count ||
        `${a.platform} ${a.version} ${a.arch}`.localeCompare(`${b.platform} ${b.version} ${b.arch}`));
    return { total: fleet.length, counts, byFile, groups: sorted };
}

;// CONCATENATED MODULE: ./src/rollout/check-fleet.ts



async function checkFleet(a, ssm, ec2, targets, 
/** Names the targets in messages: input rollout-targets, or the ring. */
what = (0,common_names/* ref */.KR)('rollout-targets')) {
    const { r, region, log } = a;
    const query = fleetQuery(targets);
    if (!query.ssm) {
        log.notice(`[${region}] preflight skipped: ${query.limit}`);
        return { fleet: [], ...(query.limit ? { note: query.limit } : {}) };
    }
    const t0 = performance.now();
    const listed = await listFleet(ssm, ec2, query, a.calls);
    const fleet = listed;
    if (listed.unmanaged.length)
        log.warning(`[${region}] ${listed.unmanaged.length} targeted instance ID${listed.unmanaged.length === 1 ? ' is' : 's are'} not managed by SSM here (stopped, terminated, no SSM Agent or another region): ${listed.unmanaged.join(', ')}; State Manager skips ${listed.unmanaged.length === 1 ? 'it' : 'them'}`);
    if (listed.hybridArchitectures)
        log.notice(`[${region}] ${listed.hybridArchitectures}`);
    const p = preflight(a.pkg.manifest, fleet);
    log.info(`[${region}] preflight: ${p.total} instances, ${p.counts.install} would install, ${p.counts['no-manifest']} would fail, ${p.counts.unknown} unknown (${a.calls.ssm} SSM and ${a.calls.ec2} EC2 calls, ${Math.round(performance.now() - t0)} ms)`);
    if (!p.total)
        log.warning(`[${region}] no managed instance matches ${what} (${targets.map((t) => `${t.Key}=${t.Values.join(',')}`).join('; ')})`);
    const say = (m) => (r.preflightFailures === 'error' ? log.error(m) : log.warning(m));
    for (const g of p.groups)
        if (g.outcome === 'no-manifest')
            say(`[${region}] ${g.count} instance${g.count === 1 ? '' : 's'} (${g.sample.join(', ')}${g.count > g.sample.length ? ', …' : ''}) would fail: ${g.reason}`);
        else if (g.outcome === 'unknown')
            log.notice(`[${region}] ${g.count} instance${g.count === 1 ? '' : 's'} (${g.sample.join(', ')}) cannot be predicted: ${g.reason}`);
    const n = p.counts['no-manifest'];
    return {
        fleet,
        preflight: p,
        ...(r.preflightFailures === 'error' && n > 0
            ? {
                error: `${n} instance${n === 1 ? '' : 's'} would fail to install (no manifest found) and ${(0,common_names/* ref */.KR)('preflight-failures')} is error: the association was not changed`,
            }
            : {}),
    };
}

// EXTERNAL MODULE: ./src/rollout/follow.ts
var follow = __webpack_require__(1644);
// EXTERNAL MODULE: ./src/common/markdown.ts
var markdown = __webpack_require__(3932);
;// CONCATENATED MODULE: ./src/rollout/reasons.ts
/**
 * Why an instance failed, read from its command output: the SSM Agent's own Distributor errors, and
 * our scripts' documented exit codes (README, "The scripts"; templates/*) with their
 * `[uptycs-distributor] ERROR:` line. Pure.
 */
/** Exit codes of templates/{rpm,deb}/*.sh. */
const LINUX_EXIT_CODES = {
    10: 'not root',
    11: 'rpm / dpkg tools missing',
    12: 'installer file missing',
    13: 'installer is not a readable package',
    14: 'installer built for another architecture',
    15: 'the package tool failed',
    16: 'the tool said it worked, but the package is not (or still) installed',
    // validate.sh: the agent installed but not working (the SSM Agent installs again when it fails).
    20: 'validate: the agent is not installed',
    21: 'validate: another version of the agent is installed',
    22: 'validate: files of the agent are missing',
    23: "validate: the agent's configuration files are missing",
    24: "validate: the agent's service is disabled",
    25: "validate: the agent's service is not running",
};
/** Exit codes of templates/msi/*.ps1. */
const WINDOWS_EXIT_CODES = {
    10: 'not administrator',
    11: 'msiexec.exe missing',
    12: 'MSI missing',
    13: 'MSI unreadable, no ProductCode',
    16: 'the tool said it worked, but the package is not (or still) installed',
    17: 'unexpected PowerShell error',
    // validate.ps1 (msiexec's own codes are 1601 and above).
    20: 'validate: the agent is not installed',
    21: 'validate: another version of the agent is installed',
    22: 'validate: a service of the agent is missing',
    24: "validate: the agent's service is disabled or manual",
    25: "validate: the agent's service is not running",
};
/**
 * The SSM Agent's own errors before any script runs (FACTS §3): nothing in the manifest for the
 * instance, the chosen file missing from "files", a platform it does not install packages on.
 */
const AGENT_ERRORS = [
    /no manifest found for platform: [^\n]*/,
    /failed to find file for &\{FileName:[^}\n]*\}/,
    /configure package is not supported on [^\n]*/,
    /unknown platform: [^\n]*/,
];
/** The reason in words: "no manifest found for …", "not root (exit 10): must run as root …". */
function failureReason(f) {
    const text = `${f.stderr}\n${f.stdout}`;
    const agent = AGENT_ERRORS.map((re) => re.exec(text)).find(Boolean);
    if (agent)
        return agent[0].trim();
    const ours = /\[uptycs-distributor\] ERROR: ([^\n]*)/.exec(text)?.[1]?.trim();
    const exit = Number(/exit status (\d+)/.exec(text)?.[1] ?? NaN) ||
        (f.responseCode !== undefined && f.responseCode > 0 ? f.responseCode : NaN);
    const table = f.platformType === 'Windows' ? WINDOWS_EXIT_CODES : LINUX_EXIT_CODES;
    const known = Number.isFinite(exit) ? table[exit] : undefined;
    if (known)
        return `${known} (exit ${exit})${ours ? `: ${ours}` : ''}`;
    if (ours)
        return `${ours}${Number.isFinite(exit) ? ` (exit ${exit})` : ''}`;
    if (f.platformType === 'Windows' && Number.isFinite(exit) && exit > 25)
        return `msiexec failed with exit code ${exit}`;
    if (f.responseCode === -1)
        return `the command never ran on the instance (${f.detailedStatus || 'no response'})`;
    if (f.detailedStatus && f.detailedStatus !== 'Failed')
        return f.detailedStatus;
    const first = text
        .split('\n')
        .map((l) => l.trim())
        .find(Boolean);
    return first ? first.slice(0, 200) : `failed${Number.isFinite(exit) ? ` (exit ${exit})` : ''}`;
}
/** The first lines of an output, for the summary. */
function excerpt(text, lines = 5) {
    return text
        .split('\n')
        .map((l) => l.trimEnd())
        .filter(Boolean)
        .slice(0, lines)
        .join('\n');
}

;// CONCATENATED MODULE: ./src/rollout/compliance.ts
/**
 * The association's compliance on each instance (ListComplianceItems, ComplianceType Association): what
 * State Manager recorded at the association's last run there. An execution says the package installed;
 * compliance says what the latest run found, which, with the package's validate script, is whether the
 * agent still works. SSM takes one instance per call, so a bounded number are read, 5 at a time.
 */

async function statusOn(ssm, associationId, instanceId) {
    let token;
    do {
        const out = await ssm.send(new client_ssm_dist_cjs/* ListComplianceItemsCommand */.vQc({
            ResourceIds: [instanceId],
            ResourceTypes: ['ManagedInstance'],
            Filters: [{ Key: 'ComplianceType', Values: ['Association'], Type: 'EQUAL' }],
            MaxResults: 50,
            ...(token ? { NextToken: token } : {}),
        }));
        const item = (out.ComplianceItems ?? []).find((i) => i.Id === associationId);
        if (item)
            return item.Status;
        token = out.NextToken;
    } while (token);
    return undefined;
}
async function associationCompliance(ssm, associationId, instanceIds, limit) {
    const ids = instanceIds.slice(0, limit);
    const s = {
        checked: ids.length,
        compliant: 0,
        nonCompliant: [],
        missing: [],
        notChecked: instanceIds.length - ids.length,
    };
    for (let k = 0; k < ids.length; k += 5)
        await Promise.all(ids.slice(k, k + 5).map(async (id) => {
            const status = await statusOn(ssm, associationId, id);
            if (status === 'COMPLIANT')
                s.compliant++;
            else if (status === 'NON_COMPLIANT')
                s.nonCompliant.push(id);
            else
                s.missing.push(id);
        }));
    s.nonCompliant.sort();
    s.missing.sort();
    return s;
}
/** One line for the summary. */
function complianceLine(c) {
    const list = (ids) => `${ids.slice(0, 5).join(', ')}${ids.length > 5 ? ', …' : ''}`;
    return `Compliance (State Manager's record of the association's last run on each instance; with the validate script, whether the agent still works): ${c.checked} checked, **${c.compliant} compliant**, **${c.nonCompliant.length} non-compliant**${c.nonCompliant.length ? ` (${list(c.nonCompliant)})` : ''}${c.missing.length ? `, ${c.missing.length} not reported yet (${list(c.missing)})` : ''}${c.notChecked ? `, ${c.notChecked} not checked` : ''}.`;
}

;// CONCATENATED MODULE: ./src/rollout/rings.ts

/** The version a ring should run: the rollout's version, or (uninstall) the agent removed. */
function ringWants(ring, version) {
    return ring.action === 'Uninstall' ? { action: 'Uninstall', version: '' } : { action: 'Install', version };
}
function atTarget(s, version) {
    const w = ringWants(s.ring, version);
    return s.id !== undefined && (s.version ?? '') === w.version && (s.action ?? 'Install') === w.action;
}
const when = (ms) => new Date(ms)
    .toISOString()
    .replace(/:\d\d\.\d{3}Z$/, ' UTC')
    .replace('T', ' ');
const shown = (s) => s.id === undefined ? '' : s.action === 'Uninstall' ? 'uninstall' : s.version || 'default';
function resultOf(e) {
    if (!e)
        return 'no execution yet';
    if (e.running)
        return `running (${e.total} instances)`;
    if (!e.total)
        return `${e.status}: reached no instance`;
    return `${e.status}: ${e.total - e.failed} of ${e.total} succeeded`;
}
function decideRings(states, version, plan, currentDefault, now) {
    const rings = [];
    let move;
    let halted;
    let blocker;
    states.forEach((s, i) => {
        const d = {
            ring: s.ring.name,
            status: 'done',
            version: shown(s),
            ...(s.since !== undefined ? { since: s.since } : {}),
            result: s.id === undefined ? 'not created' : resultOf(s.execution),
            next: '',
        };
        rings.push(d);
        const target = ringWants(s.ring, version);
        const label = target.action === 'Uninstall' ? 'the uninstall' : target.version;
        if (blocker) {
            d.status = 'waits';
            d.next = atTarget(s, version) ? `keeps ${label}` : `moves to ${label} after ${blocker}`;
            return;
        }
        if (s.firing.length) {
            d.status = 'halted';
            d.reason = `alarm${s.firing.length > 1 ? 's' : ''} ${s.firing.join(', ')} in ALARM`;
            d.next = 'nothing until the alarm is OK';
            halted = i;
            blocker = `ring ${s.ring.name}'s alarm is OK`;
            return;
        }
        if (!atTarget(s, version)) {
            d.status = 'moves';
            d.next = `moves to ${label} now`;
            move = i;
            blocker = `ring ${s.ring.name} succeeds${s.ring.bakeMs ? ` and bakes ${s.ring.bake}` : ''}`;
            return;
        }
        const e = s.execution;
        if (!e || e.running) {
            d.status = 'running';
            d.next = `waits for ${label} to finish on ring ${s.ring.name}`;
            blocker = `ring ${s.ring.name} succeeds${s.ring.bakeMs ? ` and bakes ${s.ring.bake}` : ''}`;
            return;
        }
        const allowed = (0,association/* allowedErrors */.K2)(s.ring.maxErrors, e.total);
        if (e.failed > allowed) {
            d.status = 'halted';
            d.reason = `${e.failed} of ${e.total} instances failed, more than maxErrors ${s.ring.maxErrors} allows (${allowed})`;
            d.next = 'nothing until the ring is fixed (or undone with rollback-to)';
            halted = i;
            blocker = `ring ${s.ring.name} is fixed`;
            return;
        }
        const baked = (s.since ?? 0) + s.ring.bakeMs;
        if (now < baked) {
            d.status = 'baking';
            d.next = `bakes until ${when(baked)}`;
            blocker = `${when(baked)} (ring ${s.ring.name}'s bake)`;
            return;
        }
        d.next = 'nothing (done)';
    });
    const installs = states.some((s) => s.ring.action === 'Install');
    const moveDefault = !blocker && installs && plan.defaultVersion === 'last' && currentDefault !== version && version !== '';
    return {
        rings,
        ...(move !== undefined ? { move } : {}),
        ...(halted !== undefined ? { halted } : {}),
        moveDefault,
    };
}
/** "2026-12-08 19:00 UTC". */
const utc = when;

;// CONCATENATED MODULE: ./src/rollout/rings-report.ts
/**
 * The rings in the job summary: per ring, the version it runs, since when, the result of its newest
 * execution, and what the next run will do; then what this run changed. Pure.
 */


const esc = (text) => (0,markdown/* markdownText */.p)(text, '<br>');
const ICON = {
    done: '✅',
    baking: '⏳',
    running: '🔄',
    halted: '🛑',
    moves: '➡️',
    waits: '⏸️',
};
function ringsMarkdown(r) {
    const lines = [];
    if (r.rings?.length)
        lines.push('| Ring | Version | Since | Result | Next run |', '| --- | --- | --- | --- | --- |', ...r.rings.map((x) => `| ${ICON[x.status]} ${esc(x.ring)} | ${esc(x.version || '—')} | ${x.since ? utc(x.since) : '—'} | ${esc(x.reason ? `${x.result}: ${x.reason}` : x.result)} | ${esc(x.next)} |`));
    if (r.ringChanges?.length)
        lines.push('', `This run changed: ${r.ringChanges.map(esc).join('; ')}.`);
    else if (r.rings?.length)
        lines.push('', 'This run changed nothing (no write call).');
    return lines.join('\n').trim();
}

;// CONCATENATED MODULE: ./src/rollout/report.ts
/**
 * The rollout stage's summary sections (SummarySection, as the publish stage adds its own) and the
 * per-instance rollout report built from an association execution. Pure.
 */





const zero = () => ({ succeeded: 0, failed: 0, skipped: 0, timedOut: 0, inProgress: 0 });
function bucket(status) {
    if (status === 'Success')
        return 'succeeded';
    if (status === 'Failed')
        return 'failed';
    if (status === 'Skipped')
        return 'skipped';
    if (status === 'TimedOut')
        return 'timedOut';
    return 'inProgress';
}
/** "ubuntu 22.04 arm64", or the PlatformName when the platform is not in the table. */
function platformLabel(f) {
    if (!f)
        return 'not in the preflight';
    const d = deriveInstance(f);
    if (d.ok)
        return `${d.instance.platform} ${d.instance.version} ${d.instance.arch}`;
    if (d.archless)
        return `${d.archless.platform} ${d.archless.version} (arch unknown)`;
    return `${f.platformName || f.platformType} ${f.platformVersion}`.trim();
}
function buildReport(exec, fleet) {
    const counts = zero();
    const per = new Map();
    const failures = [];
    for (const t of exec.targets) {
        const f = fleet.get(t.instanceId);
        const platform = platformLabel(f);
        const b = bucket(t.status);
        counts[b]++;
        const p = per.get(platform) ?? zero();
        p[b]++;
        per.set(platform, p);
        if (b === 'failed' || b === 'timedOut')
            failures.push({
                instanceId: t.instanceId,
                platform,
                status: t.detailedStatus || t.status,
                reason: t.stdout === undefined && t.stderr === undefined
                    ? t.detailedStatus || t.status
                    : failureReason({
                        platformType: f?.platformType ?? '',
                        stdout: t.stdout ?? '',
                        stderr: t.stderr ?? '',
                        detailedStatus: t.detailedStatus,
                        ...(t.responseCode !== undefined ? { responseCode: t.responseCode } : {}),
                    }),
                excerpt: excerpt(t.stderr || t.stdout || ''),
            });
    }
    return {
        executionId: exec.executionId,
        status: exec.status,
        waitExpired: exec.waitExpired,
        total: exec.targets.length,
        counts,
        byPlatform: [...per.entries()]
            .map(([platform, c]) => ({ platform, ...c }))
            .sort((a, b) => a.platform.localeCompare(b.platform)),
        failures,
    };
}
/** Text from the fleet or AWS, for Markdown: shown as it is, never markup (see markdownText). */
const report_esc = (text) => (0,markdown/* markdownText */.p)(text, '<br>');
function table(head, rows) {
    return [
        `| ${head.join(' | ')} |`,
        `| ${head.map(() => '---').join(' | ')} |`,
        ...rows.map((r) => `| ${r.map(report_esc).join(' | ')} |`),
    ].join('\n');
}
/** Groups shown in the summary (the rest are counted). */
const MAX_ROWS = 40;
function preflightMarkdown(p, limit) {
    const c = p.counts;
    const lines = [
        `${p.total} managed instance${p.total === 1 ? '' : 's'} targeted: **${c.install} would install**, **${c['no-manifest']} would fail** (no manifest found), **${c.unknown} unknown**.`,
        '',
    ];
    if (limit)
        lines.push(`> ${report_esc(limit)}`, '');
    const files = Object.entries(p.byFile).sort((a, b) => b[1] - a[1]);
    if (files.length)
        lines.push(`By zip: ${files.map(([f, n]) => `\`${f}\` ${n}`).join(', ')}.`, '');
    if (p.groups.length)
        lines.push(table(['Outcome', 'Platform', 'Version', 'Arch', 'PlatformName', 'Instances', 'Examples', 'Zip or reason'], p.groups
            .slice(0, MAX_ROWS)
            .map((g) => [
            g.outcome === 'install'
                ? '✅ install'
                : g.outcome === 'no-manifest'
                    ? '❌ no manifest'
                    : '❔ unknown',
            g.platform || '—',
            g.version || '—',
            g.arch || '—',
            g.platformName,
            String(g.count),
            g.sample.join(', ') + (g.count > g.sample.length ? ', …' : ''),
            g.file ? `${g.file} (via ${g.via})` : (g.reason ?? ''),
        ])));
    if (p.groups.length > MAX_ROWS)
        lines.push('', `… and ${p.groups.length - MAX_ROWS} more groups (see the rollout output).`);
    return lines.join('\n');
}
function associationLine(name, a) {
    const what = a.action === 'created'
        ? 'created'
        : a.action === 'updated'
            ? `updated (${a.changed.join(', ')})`
            : a.started
                ? 'unchanged, started now'
                : 'unchanged (no call made)';
    return `Association \`${name}\` (${a.id}): ${what}${a.runsNow ? '; runs now' : '; runs at its next scheduled time'}.`;
}
function reportMarkdown(r) {
    const c = r.counts;
    const lines = [
        `Execution ${r.executionId}: ${r.status}${r.waitExpired ? ' (still running when the wait ended)' : ''}. ${r.total} instance${r.total === 1 ? '' : 's'}: **${c.succeeded} succeeded**, **${c.failed} failed**, ${c.skipped} skipped, ${c.timedOut} timed out${c.inProgress ? `, ${c.inProgress} still running` : ''}.`,
        '',
        table(['Platform', 'Succeeded', 'Failed', 'Skipped', 'Timed out', 'Running'], r.byPlatform.map((p) => [
            p.platform,
            String(p.succeeded),
            String(p.failed),
            String(p.skipped),
            String(p.timedOut),
            String(p.inProgress),
        ])),
    ];
    if (r.compliance)
        lines.push('', complianceLine(r.compliance));
    if (r.failures.length)
        lines.push('', '**Failures**', '', table(['Instance', 'Platform', 'Status', 'Reason', 'Output (first lines)'], r.failures.slice(0, MAX_ROWS).map((f) => [f.instanceId, f.platform, f.status, f.reason, f.excerpt])));
    if (r.failures.length > MAX_ROWS)
        lines.push('', `… and ${r.failures.length - MAX_ROWS} more failures.`);
    return lines.join('\n');
}
function rolloutSections(results) {
    const out = [];
    for (const r of results) {
        const pre = [];
        if (r.preflight)
            pre.push(preflightMarkdown(r.preflight, r.preflightNote));
        else if (r.preflightNote)
            pre.push(report_esc(r.preflightNote));
        if (pre.length)
            out.push({ title: `Fleet preflight (${r.region})`, markdown: pre.join('\n') });
        const roll = [];
        if (r.rings || r.ringChanges)
            roll.push(ringsMarkdown(r), '');
        if (r.association)
            roll.push(associationLine(r.associationName, r.association));
        if (r.report)
            roll.push('', reportMarkdown(r.report));
        else if (r.reportNote)
            roll.push('', report_esc(r.reportNote));
        if (r.error)
            roll.push('', `❌ ${report_esc(r.error)}`);
        if (roll.length)
            out.push({ title: `Rollout (${r.region})`, markdown: roll.join('\n').trim() });
    }
    return out;
}

// EXTERNAL MODULE: ./src/rollout/rings-aws.ts
var rings_aws = __webpack_require__(26);
;// CONCATENATED MODULE: ./src/rollout/rings-region.ts









/** The failed instances of a ring's newest execution, with their reasons ("i-0…: reason"). */
async function failuresOf(ssm, s, maxOutputs) {
    if (!s.id || !s.execution)
        return undefined;
    const exec = await (0,follow/* followExecution */.a)(ssm, s.id, {
        deadline: 0,
        pollIntervalMs: 0,
        maxPollIntervalMs: 0,
        since: s.execution.created,
        maxOutputs,
    });
    return exec ? buildReport(exec, new Map()) : undefined;
}
function haltMessage(ring, reason, report) {
    const failed = report?.failures ?? [];
    const list = failed
        .slice(0, 10)
        .map((f) => `${f.instanceId}: ${f.reason}`)
        .join('; ');
    return `ring ${ring} halted the rollout: ${reason}${list ? `. Failed: ${list}${failed.length > 10 ? `; and ${failed.length - 10} more` : ''}` : ''}. No later ring moves until it is fixed (or undone with ${(0,common_names/* ref */.KR)('rollback-to')})`;
}
/**
 * After an execution ended: the association's compliance on its instances, so that the report tells
 * "installed" (the execution) from "still works" (the last run's record). A refusal is a warning only.
 */
async function readCompliance(ssm, associationId, report, instanceIds, limit, log, region) {
    if (report.waitExpired || !instanceIds.length || !limit)
        return;
    try {
        report.compliance = await associationCompliance(ssm, associationId, instanceIds, limit);
        const c = report.compliance;
        log.info(`[${region}] compliance: ${c.compliant} compliant, ${c.nonCompliant.length} non-compliant of ${c.checked} checked`);
    }
    catch (err) {
        log.warning(`[${region}] the association's compliance could not be read: ${(0,errors/* errorMessage */.gJ)(err)}`);
    }
}
/** Moves a member-only ring: its pin (a tag) in the hub; the Organization stage moves the members' associations. */
async function moveMemberRing(a, ssm, s, out) {
    const want = (0,association/* ringAssociation */.Qi)(a.r, s.ring, a.pkg.packageName, a.version);
    await (0,rings_aws/* writeRingPin */.jL)(ssm, s, want, a.pkg.packageName);
    const what = s.ring.action === 'Uninstall' ? 'uninstalls the agent' : `${s.version || 'not started'} → ${a.version}`;
    (out.ringChanges ??= []).push(`ring ${s.ring.name} (member accounts): ${what}`);
    a.log.info(`[${a.region}] ring ${s.ring.name} (member accounts only): ${what}`);
}
/** Moves one ring: its preflight, its association pinned to the version, and (when asked) its run followed. */
async function moveRing(a, ssm, ec2, s, out) {
    const { r, region, log, version } = a;
    if ((0,rings_aws/* memberOnly */.jv)(s.ring))
        return moveMemberRing(a, ssm, s, out);
    const check = await checkFleet(a, ssm, ec2, s.ring.targets, `ring ${s.ring.name}`);
    if (check.preflight)
        out.preflight = check.preflight;
    if (check.note)
        out.preflightNote = check.note;
    if (check.error) {
        out.error = `ring ${s.ring.name}: ${check.error}`;
        return;
    }
    const since = Date.now();
    const want = (0,association/* ringAssociation */.Qi)(r, s.ring, a.pkg.packageName, version);
    const w = await (0,rings_aws/* writeAssociation */.X0)(ssm, s.id, s.found, want);
    out.associationName = want.AssociationName;
    out.association = {
        id: w.id,
        action: w.action,
        changed: w.changed,
        runsNow: !want.ApplyOnlyAtCronInterval,
        started: false,
    };
    const what = s.ring.action === 'Uninstall' ? 'uninstalls the agent' : `${s.version || 'not created'} → ${version}`;
    (out.ringChanges ??= []).push(`ring ${s.ring.name}: ${what}`);
    log.info(`[${region}] ring ${s.ring.name} (${want.AssociationName}): ${what} (${w.action})`);
    if (!a.waitMinutes || want.ApplyOnlyAtCronInterval)
        return;
    const exec = await (0,follow/* followExecution */.a)(ssm, w.id, {
        deadline: Date.now() + a.waitMinutes * 60_000,
        since,
        ...a.follow,
    });
    if (!exec)
        return;
    const report = buildReport(exec, new Map(check.fleet.map((f) => [f.instanceId, f])));
    out.report = report;
    await readCompliance(ssm, w.id, report, exec.targets.map((t) => t.instanceId), a.maxCompliance, log, region);
    const failed = report.counts.failed + report.counts.timedOut;
    const allowed = (0,association/* allowedErrors */.K2)(s.ring.maxErrors, report.total);
    if (failed > allowed)
        out.error = haltMessage(s.ring.name, `${failed} of ${report.total} instances failed, more than maxErrors ${s.ring.maxErrors} allows (${allowed})`, report);
}
/**
 * A ring whose finished run reached no instance has tried nothing: the rings after it then move on its
 * bake alone. In the Organization the hub may well have no instance (its rings run in the members);
 * there, and for the last ring, it is not said.
 */
function warnUntested(a, states, decided) {
    if (a.plan.organization !== undefined)
        return;
    states.forEach((s, i) => {
        const e = s.execution;
        const after = states[i + 1];
        if (!e || e.running || e.total || !after || decided[i + 1]?.status === 'done' || (0,rings_aws/* memberOnly */.jv)(s.ring))
            return;
        a.log.warning(`[${a.region}] ring ${s.ring.name} reached no instance at its last run (its targets ${s.ring.targets.map((t) => `${t.Key}=${t.Values.join(',')}`).join('; ')} match no managed instance in ${a.region}): ring ${after.ring.name} moves after its bake with nothing having tried the version. Tag the ring's instances, or fix its targets in ${(0,common_names/* ref */.KR)('rollout-plan')}`);
    });
}
async function ringsRegion(a, ssm, ec2, cw, out) {
    const { r, plan, region, log, version } = a;
    // 1. Read: alarms, versions, every ring. Nothing is written before every read succeeded.
    const names = plan.rings.flatMap((g) => g.alarms);
    const alarms = names.length ? await (0,rings_aws/* alarmStates */.cp)(cw, names) : { firing: new Set(), missing: [] };
    if (alarms.missing.length) {
        const rings = plan.rings
            .filter((g) => g.alarms.some((x) => alarms.missing.includes(x)))
            .map((g) => g.name);
        out.error = `CloudWatch has no alarm ${alarms.missing.join(', ')} in ${region} (ring ${rings.join(', ')} of ${(0,common_names/* ref */.KR)('rollout-plan')}): create it or fix its name; nothing was changed`;
        return;
    }
    const versions = await (0,rings_aws/* documentVersions */.TH)(ssm, a.pkg.packageName);
    const target = versions.find((v) => v.versionName === version);
    if ((!target || target.status !== 'Active') && !a.dryRun) {
        out.error = `version ${version} of ${a.pkg.packageName} is ${target ? target.status : 'not published'} in ${region}; the rings were not changed`;
        return;
    }
    if (versions.length && (await (0,rings_aws/* rolledBack */.EN)(ssm, a.pkg.packageName)).includes(version)) {
        out.error = `version ${version} was rolled back with ${(0,common_names/* ref */.KR)('rollback-to')} in ${region} (the document's ${rings_aws/* ROLLED_BACK_TAG */.uS} tag): the rings do not move to it again. Publish a newer version, or give ${(0,common_names/* ref */.KR)('rollback-to')} ${version} to return to it deliberately; nothing was changed`;
        return;
    }
    const current = versions.find((v) => v.isDefault);
    const single = await (0,rings_aws/* findAssociationId */.WS)(ssm, r.associationName);
    if (single)
        log.warning(`[${region}] the association ${r.associationName} (from ${(0,common_names/* ref */.KR)('rollout-targets')}) still exists: it installs the document's default version on its targets while the rings pin theirs; delete it once the rings cover its instances (aws ssm delete-association --association-id ${single})`);
    const states = await Promise.all(plan.rings.map((g) => (0,rings_aws/* readRing */.TU)(ssm, g, (0,association/* ringAssociationName */.hG)(r.associationName, g.name), alarms.firing, a.pkg.packageName)));
    const d = decideRings(states, version, plan, current?.versionName ?? '', a.now);
    out.rings = d.rings;
    for (const x of d.rings)
        log.info(`[${region}] ring ${x.ring}: ${x.version || '—'} (${x.result}); ${x.next}`);
    warnUntested(a, states, d.rings);
    if (a.dryRun) {
        out.reportNote = 'Dry run: no ring and no default version was changed.';
        if (d.halted === undefined)
            return;
    }
    // 2. A halted ring fails the step, naming the ring, its failed instances and their reasons.
    if (d.halted !== undefined) {
        const s = states[d.halted];
        const report = await failuresOf(ssm, s, a.follow.maxOutputs);
        if (report)
            out.report = report;
        out.error = haltMessage(s.ring.name, d.rings[d.halted].reason ?? '', report);
        return;
    }
    // 3. Settings changed in the plan: applied to the rings that keep their version.
    for (const [i, s] of states.entries()) {
        // A member-only ring's settings live in the member accounts' associations (the Organization stage's).
        if (i === d.move || !s.id || (0,rings_aws/* memberOnly */.jv)(s.ring))
            continue;
        const w = await (0,rings_aws/* writeAssociation */.X0)(ssm, s.id, s.found, (0,association/* ringAssociation */.Qi)(r, s.ring, a.pkg.packageName, s.version ?? ''));
        if (w.action !== 'unchanged') {
            (out.ringChanges ??= []).push(`ring ${s.ring.name}: settings updated (${w.changed.join(', ')}), version kept`);
            log.info(`[${region}] ring ${s.ring.name}: ${w.changed.join(', ')} updated; its version is kept`);
        }
    }
    // 4. The ring that moves: its preflight first, then its association pinned to the version.
    if (d.move !== undefined) {
        await moveRing(a, ssm, ec2, states[d.move], out);
        return;
    }
    // 5. Every ring done: the document's default moves last.
    if (d.moveDefault) {
        await (0,rings_aws/* moveDefault */.$P)(ssm, a.pkg.packageName, target.documentVersion);
        out.defaultMoved = { from: current?.versionName ?? '', to: version };
        (out.ringChanges ??= []).push(`default version: ${current?.versionName ?? 'none'} → ${version}`);
        log.info(`[${region}] every ring runs ${version}: the document's default moves from ${current?.versionName ?? 'none'} to ${version}`);
    }
}

;// CONCATENATED MODULE: ./src/rollout/undo.ts



async function readUndo(ssm, r, packageName, region) {
    const versions = await (0,rings_aws/* documentVersions */.TH)(ssm, packageName);
    const rings = await Promise.all((r.plan?.rings ?? []).map((g) => (0,rings_aws/* readRing */.TU)(ssm, g, (0,association/* ringAssociationName */.hG)(r.associationName, g.name), new Set(), packageName)));
    return { region, versions, rings, rolledBack: versions.length ? await (0,rings_aws/* rolledBack */.EN)(ssm, packageName) : [] };
}
/** The version "previous" means in one region: the newest Active version older than the newest one in use. */
function previousIn(read) {
    const inUse = new Set([
        ...read.versions.filter((v) => v.isDefault).map((v) => v.versionName),
        ...read.rings.filter((s) => s.id && s.action !== 'Uninstall' && s.version).map((s) => s.version),
    ]);
    const used = read.versions.filter((v) => inUse.has(v.versionName));
    const top = used.at(-1);
    if (!top)
        return { problem: `${read.region}: no version of the package is in use (no default, no ring pinned)` };
    const prev = read.versions
        .filter((v) => Number(v.documentVersion) < Number(top.documentVersion) && v.versionName !== top.versionName)
        .filter((v) => v.status === 'Active')
        .at(-1);
    if (!prev)
        return { problem: `${read.region}: no Active version before ${top.versionName}` };
    return { name: prev.versionName };
}
/** The version to return to, or every problem (one line per region). */
function resolveUndo(reads, rollbackTo) {
    const problems = [];
    let version = rollbackTo;
    if (rollbackTo === 'previous') {
        const each = reads.map((x) => ({ region: x.region, ...previousIn(x) }));
        problems.push(...each.flatMap((x) => (x.problem ? [x.problem] : [])));
        const names = [...new Set(each.flatMap((x) => (x.name ? [x.name] : [])))];
        if (names.length > 1)
            problems.push(`previous is not the same version everywhere (${each.map((x) => `${x.region}: ${x.name ?? 'none'}`).join(', ')}); give the version name in ${(0,common_names/* ref */.KR)('rollback-to')}`);
        if (problems.length)
            return { problems };
        version = names[0];
    }
    for (const x of reads) {
        const v = x.versions.find((y) => y.versionName === version);
        if (!v)
            problems.push(`${x.region}: version ${version} is not published there (versions: ${x.versions.map((y) => y.versionName || y.documentVersion).join(', ') || 'none'})`);
        else if (v.status !== 'Active')
            problems.push(`${x.region}: version ${version} is ${v.status}, not Active`);
    }
    return problems.length ? { problems } : { version, problems };
}
/** Pins every installing ring to the version and makes it the default; returns what changed. */
async function applyUndo(ssm, read, r, packageName, version) {
    const changes = [];
    const target = read.versions.find((v) => v.versionName === version);
    // Recorded first: the versions left behind are never rolled out again by the rings, even if a move below fails.
    const left = new Set([
        ...read.versions.filter((v) => v.isDefault).map((v) => v.versionName),
        ...read.rings.filter((s) => s.id && s.ring.action !== 'Uninstall' && s.version).map((s) => s.version),
    ]);
    const newer = read.versions
        .filter((v) => left.has(v.versionName) && Number(v.documentVersion) > Number(target.documentVersion))
        .map((v) => v.versionName);
    const marked = [...read.rolledBack.filter((v) => v !== version), ...newer];
    if (marked.join(' ') !== read.rolledBack.join(' ')) {
        await (0,rings_aws/* setRolledBack */.y5)(ssm, packageName, marked);
        if (newer.length)
            changes.push(`marked rolled back: ${newer.join(', ')}`);
    }
    for (const s of read.rings) {
        if (!s.id || s.ring.action === 'Uninstall' || s.version === version)
            continue;
        await (0,rings_aws/* writeRingPin */.jL)(ssm, s, (0,association/* ringAssociation */.Qi)(r, s.ring, packageName, version), packageName);
        changes.push(`ring ${s.ring.name}: ${s.version || 'default'} → ${version}`);
    }
    const current = read.versions.find((v) => v.isDefault);
    if (!current || current.documentVersion !== target.documentVersion) {
        await (0,rings_aws/* moveDefault */.$P)(ssm, packageName, target.documentVersion);
        changes.push(`default version: ${current?.versionName ?? 'none'} → ${version}`);
        return { changes, defaultMoved: { from: current?.versionName ?? '', to: version } };
    }
    return { changes };
}

;// CONCATENATED MODULE: ./src/rollout/undo-stage.ts
/**
 * The undo across regions (rollback-to): every region read first, the version resolved and checked
 * everywhere, and only then, when no region refused, every ring re-pinned and the default moved in
 * each region. In a dry run, what would change is reported and nothing is written.
 */





async function undoStage(a) {
    const { inputs, r, log } = a;
    const rollbackTo = r.rollbackTo ?? '';
    const name = a.pkg.packageName;
    const clients = new Map(inputs.awsRegions.map((region) => [
        region,
        (0,publish_clients/* ssmClient */.B)({
            region,
            env: a.env,
            maxAttempts: a.maxAttempts,
            debug: (m) => log.debug(m),
            ...(a.session.credentials ? { credentials: a.session.credentials } : {}),
        }),
    ]));
    const results = inputs.awsRegions.map((region) => ({
        region,
        associationName: r.associationName,
    }));
    try {
        // 1. Read every region; nothing is written unless every region has the version, Active.
        const reads = [];
        const problems = [];
        await Promise.all(inputs.awsRegions.map(async (region) => {
            try {
                reads.push(await readUndo(clients.get(region), r, name, region));
            }
            catch (err) {
                problems.push(`${region}: cannot read ${name} (${(0,errors/* errorMessage */.gJ)(err)})`);
            }
        }));
        reads.sort((x, y) => inputs.awsRegions.indexOf(x.region) - inputs.awsRegions.indexOf(y.region));
        const resolved = problems.length ? { problems } : resolveUndo(reads, rollbackTo);
        if (!resolved.version) {
            const all = [...problems, ...resolved.problems];
            for (const x of results)
                x.error = `${(0,common_names/* ref */.KR)('rollback-to')} ${rollbackTo} refused; nothing was changed in any region`;
            return {
                results,
                error: new Error(`${(0,common_names/* ref */.KR)('rollback-to')} ${rollbackTo} refused before any change (no ring, no default moved in any region):\n${all.map((p) => `  ${p}`).join('\n')}`),
            };
        }
        const version = resolved.version;
        log.info(`${(0,common_names/* ref */.KR)('rollback-to')} ${rollbackTo}: ${version}, Active in ${reads.length} region${reads.length > 1 ? 's' : ''}`);
        if (inputs.dryRun) {
            for (const x of results)
                x.reportNote = `Dry run: every ring and the default would return to ${version}.`;
            return { results };
        }
        // 2. Move, region by region's own client, in parallel.
        await Promise.all(reads.map(async (read) => {
            const out = results.find((x) => x.region === read.region);
            try {
                const done = await applyUndo(clients.get(read.region), read, r, name, version);
                out.ringChanges = done.changes.length ? done.changes : [`already on ${version}: nothing to change`];
                if (done.defaultMoved)
                    out.defaultMoved = done.defaultMoved;
                for (const c of done.changes)
                    log.info(`[${read.region}] undo: ${c}`);
            }
            catch (err) {
                out.error = `undo to ${version} failed part way: ${(0,errors/* errorMessage */.gJ)(err)}; run it again to finish`;
            }
        }));
        const failed = results.filter((x) => x.error);
        return {
            results,
            ...(failed.length
                ? { error: new Error(`undo failed in ${failed.map((x) => `${x.region}: ${x.error}`).join('\n  ')}`) }
                : {}),
        };
    }
    finally {
        for (const c of clients.values())
            c.destroy();
    }
}

;// CONCATENATED MODULE: ./src/rollout/index.ts
/**
 * Rollout stage (after publishing; loaded only when rollout-targets is given): in every region of
 * aws-region, a fleet preflight (what each targeted instance would install, by the SSM Agent's rule),
 * then the State Manager association (AWS-ConfigureAWSPackage) created or updated idempotently, then,
 * when asked to wait, the per-instance rollout report. In a dry run only the preflight runs, and only
 * when AWS credentials are available.
 */












const DEFAULT_ROLLOUT_OPTIONS = {
    pollIntervalMs: 3000,
    maxPollIntervalMs: 30_000,
    maxAttempts: 8,
    retryBaseMs: 1000,
    maxOutputs: 50,
    maxCompliance: 100,
};
/** The CloudWatch client for a region (the rings' alarms); AWS_ENDPOINT_URL_CLOUDWATCH / AWS_ENDPOINT_URL. */
function cloudWatchClient(region, env, session, maxAttempts) {
    const endpoint = env.AWS_ENDPOINT_URL_CLOUDWATCH || env.AWS_ENDPOINT_URL;
    const quiet = () => undefined;
    return new dist_cjs/* CloudWatchClient */.WBn({
        region,
        maxAttempts,
        logger: { trace: quiet, debug: quiet, info: quiet, warn: quiet, error: quiet },
        ...(endpoint ? { endpoint } : {}),
        ...(session.credentials ? { credentials: session.credentials } : {}),
    });
}
/** The EC2 client for a region; the endpoint comes from AWS_ENDPOINT_URL_EC2 / AWS_ENDPOINT_URL. */
function ec2Client(region, env, session, maxAttempts) {
    const endpoint = env.AWS_ENDPOINT_URL_EC2 || env.AWS_ENDPOINT_URL;
    const quiet = () => undefined;
    return new client_ec2_dist_cjs/* EC2Client */.gu5({
        region,
        maxAttempts,
        logger: { trace: quiet, debug: quiet, info: quiet, warn: quiet, error: quiet },
        ...(endpoint ? { endpoint } : {}),
        ...(session.credentials ? { credentials: session.credentials } : {}),
    });
}
async function rolloutRegion(a) {
    const { r, region, log, opts } = a;
    const out = { region, associationName: r.associationName };
    const settings = {
        region,
        env: a.env,
        maxAttempts: opts.maxAttempts,
        debug: (m) => log.debug(m),
        ...(a.session.credentials ? { credentials: a.session.credentials } : {}),
    };
    const ssm = (0,publish_clients/* ssmClient */.B)(settings);
    const ec2 = ec2Client(region, a.env, a.session, opts.maxAttempts);
    const cw = r.plan ? cloudWatchClient(region, a.env, a.session, opts.maxAttempts) : undefined;
    try {
        if (r.plan && cw) {
            await ringsRegion({
                ...a,
                plan: r.plan,
                version: a.version ?? a.pkg.version,
                now: a.now ?? Date.now(),
                waitMinutes: r.waitMinutes,
                follow: {
                    pollIntervalMs: opts.pollIntervalMs,
                    maxPollIntervalMs: opts.maxPollIntervalMs,
                    maxOutputs: opts.maxOutputs,
                },
                maxCompliance: opts.maxCompliance ?? 100,
            }, ssm, ec2, cw, out);
            return out;
        }
        // 1. Preflight: before any change, so that preflight-failures: error stops the rollout.
        const check = await checkFleet(a, ssm, ec2, r.targets);
        const fleet = check.fleet;
        if (check.preflight)
            out.preflight = check.preflight;
        if (check.note)
            out.preflightNote = check.note;
        if (check.error) {
            out.error = check.error;
            return out;
        }
        if (a.dryRun) {
            out.reportNote = 'Dry run: the association was not created or changed.';
            return out;
        }
        // 2. The association.
        const since = Date.now();
        const want = (0,association/* desiredAssociation */.st)(r, a.pkg.packageName);
        const change = await (0,follow/* ensureAssociation */.y)(ssm, want, r.startNow);
        out.association = change;
        log.info(`[${region}] association ${r.associationName} (${change.id}): ${change.action}${change.changed.length ? ` (${change.changed.join(', ')})` : ''}${change.started ? ', started' : ''}`);
        // 3. The rollout report.
        if (!r.waitMinutes) {
            out.reportNote = `Not waiting for the rollout (${(0,common_names/* ref */.KR)('rollout-wait-minutes')} is 0).`;
            return out;
        }
        if (!change.runsNow) {
            out.reportNote = `The association is unchanged and runs at its next scheduled time; set ${(0,common_names/* ref */.KR)('rollout-start-now')} to run it now.`;
            return out;
        }
        const exec = await (0,follow/* followExecution */.a)(ssm, change.id, {
            deadline: Date.now() + r.waitMinutes * 60_000,
            pollIntervalMs: opts.pollIntervalMs,
            maxPollIntervalMs: opts.maxPollIntervalMs,
            since,
            maxOutputs: opts.maxOutputs,
        });
        if (!exec) {
            out.reportNote = `No execution of the association started within ${r.waitMinutes} minutes.`;
            log.warning(`[${region}] ${out.reportNote}`);
            return out;
        }
        const report = buildReport(exec, new Map(fleet.map((f) => [f.instanceId, f])));
        out.report = report;
        await readCompliance(ssm, change.id, report, exec.targets.map((t) => t.instanceId), opts.maxCompliance ?? 100, log, region);
        const c = report.counts;
        log.info(`[${region}] rollout ${exec.executionId} ${exec.status}: ${c.succeeded} succeeded, ${c.failed} failed, ${c.skipped} skipped, ${c.timedOut} timed out${c.inProgress ? `, ${c.inProgress} still running` : ''}`);
        for (const f of report.failures)
            log.warning(`[${region}] ${f.instanceId} (${f.platform}): ${f.reason}`);
        if (report.waitExpired)
            log.warning(`[${region}] the rollout was still running after ${r.waitMinutes} minutes (${(0,common_names/* ref */.KR)('rollout-wait-minutes')})`);
        const failed = c.failed + c.timedOut;
        const allowed = r.failOn === 'any' ? 0 : r.failOn === 'never' ? Infinity : (0,association/* allowedErrors */.K2)(r.maxErrors, report.total);
        if (failed > allowed)
            out.error = `${failed} of ${report.total} instances failed to install${r.failOn === 'max-errors' ? `, more than ${(0,common_names/* ref */.KR)('max-errors')} ${r.maxErrors} allows (${allowed})` : ` (${(0,common_names/* ref */.KR)('rollout-fail-on')} is any)`}`;
        return out;
    }
    catch (err) {
        out.error = (0,errors/* errorMessage */.gJ)(err);
        return out;
    }
    finally {
        ssm.destroy();
        ec2.destroy();
        cw?.destroy();
    }
}
/** The regions that were published (all of aws-region in a dry run). */
function publishedRegions(inputs, published) {
    if (!Array.isArray(published))
        return inputs.awsRegions;
    const ok = new Set(published.filter((p) => p.ok).map((p) => p.region));
    return inputs.awsRegions.filter((r) => ok.has(r));
}
/** The version name this run rolls out: the one published, else version-name, else the agent version. */
function rolloutVersion(inputs, pkg, published) {
    if (Array.isArray(published))
        for (const p of published)
            if (p.ok && p.versionName)
                return p.versionName;
    return inputs.versionName || pkg.version;
}
/**
 * The rollout dependency of the core (CoreDeps.rollout): summary sections, the `rollout` output,
 * the results for report.json, and the error that fails the step.
 */
function rolloutStage(deps) {
    return async (pkg, inputs, published) => {
        const r = inputs.rollout;
        if (!r)
            return { sections: [], outputs: {}, results: [] };
        const { log } = deps;
        const env = deps.env ?? process.env;
        const opts = { ...DEFAULT_ROLLOUT_OPTIONS, ...deps.options };
        let session;
        try {
            session = await (0,credentials/* openStageSession */.H0)(inputs, deps, opts);
        }
        catch (err) {
            if (!inputs.dryRun)
                throw err;
            const note = `Fleet preflight skipped: no AWS credentials in this dry run (${(0,errors/* errorMessage */.gJ)(err)}).`;
            log.notice(note);
            return { sections: [{ title: 'Fleet preflight', markdown: note }], outputs: {}, results: [] };
        }
        if (!inputs.setDefaultVersion && !r.plan && !r.rollbackTo)
            log.notice(`${(0,common_names/* refValue */.vI)('set-default-version', 'false')}: the association installs the document's default version, which is not ${pkg.version}; the preflight is for ${pkg.version}`);
        if (r.rollbackTo) {
            const undone = await undoStage({ inputs, r, session, log, env, maxAttempts: opts.maxAttempts, pkg });
            return {
                sections: rolloutSections(undone.results),
                outputs: { rollout: JSON.stringify(undone.results) },
                results: undone.results,
                ...(undone.error ? { error: undone.error } : {}),
            };
        }
        const regions = publishedRegions(inputs, published);
        const version = rolloutVersion(inputs, pkg, published);
        const now = (deps.now ?? Date.now)();
        const results = await Promise.all(regions.map((region) => rolloutRegion({
            pkg,
            r,
            region,
            session,
            dryRun: inputs.dryRun,
            log,
            env,
            opts,
            calls: { ssm: 0, ec2: 0 },
            version,
            now,
        })));
        const failed = results.filter((x) => x.error);
        const error = failed.length
            ? new Error(`rollout failed in ${failed.length} of ${results.length} region${results.length > 1 ? 's' : ''}:\n${failed.map((x) => `  ${x.region}: ${x.error}`).join('\n')}`)
            : undefined;
        return {
            sections: rolloutSections(results),
            outputs: { rollout: JSON.stringify(results) },
            results,
            ...(error ? { error } : {}),
        };
    };
}


/***/ }),

/***/ 26:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $P: () => (/* binding */ moveDefault),
/* harmony export */   Ds: () => (/* binding */ ringPins),
/* harmony export */   EN: () => (/* binding */ rolledBack),
/* harmony export */   TH: () => (/* binding */ documentVersions),
/* harmony export */   TU: () => (/* binding */ readRing),
/* harmony export */   WS: () => (/* binding */ findAssociationId),
/* harmony export */   X0: () => (/* binding */ writeAssociation),
/* harmony export */   Y4: () => (/* binding */ setDocumentTag),
/* harmony export */   a2: () => (/* binding */ documentTag),
/* harmony export */   cp: () => (/* binding */ alarmStates),
/* harmony export */   jL: () => (/* binding */ writeRingPin),
/* harmony export */   jv: () => (/* binding */ memberOnly),
/* harmony export */   uS: () => (/* binding */ ROLLED_BACK_TAG),
/* harmony export */   y5: () => (/* binding */ setRolledBack)
/* harmony export */ });
/* unused harmony export ringTagKey */
/* harmony import */ var _aws_sdk_client_cloudwatch__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4085);
/* harmony import */ var _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4736);
/* harmony import */ var _association_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8526);
/**
 * What the rings' decisions read from and write to AWS, in one region: each ring's association (found
 * by name, described, its newest execution at its current association version), the rings' CloudWatch
 * alarms (DescribeAlarms), the document's versions (ListDocumentVersions), and the writes: a ring's
 * association created or updated (always the whole definition), the document's default moved.
 */



/** The document's versions, oldest first; none when the document does not exist (in a dry run, not yet). */
async function documentVersions(ssm, name) {
    try {
        return await listDocumentVersions(ssm, name);
    }
    catch (err) {
        if (err.name === 'InvalidDocument')
            return [];
        throw err;
    }
}
async function listDocumentVersions(ssm, name) {
    const out = [];
    let token;
    do {
        const page = await ssm.send(new _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_0__/* .ListDocumentVersionsCommand */ .mF0({ Name: name, MaxResults: 50, ...(token ? { NextToken: token } : {}) }));
        for (const v of page.DocumentVersions ?? [])
            out.push({
                documentVersion: v.DocumentVersion ?? '',
                versionName: v.VersionName ?? '',
                status: v.Status ?? '',
                isDefault: !!v.IsDefaultVersion,
            });
        token = page.NextToken || undefined;
    } while (token);
    return out.sort((a, b) => Number(a.documentVersion) - Number(b.documentVersion));
}
async function findAssociationId(ssm, name) {
    let token;
    do {
        const page = await ssm.send(new _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_0__/* .ListAssociationsCommand */ .IOv({
            AssociationFilterList: [{ key: 'AssociationName', value: name }],
            ...(token ? { NextToken: token } : {}),
        }));
        const id = page.Associations?.find((a) => a.AssociationName === name)?.AssociationId;
        if (id)
            return id;
        token = page.NextToken;
    } while (token);
    return undefined;
}
const TERMINAL = new Set(['Success', 'Failed', 'TimedOut', 'Cancelled', 'Skipped']);
/** The newest execution at the association's current version (else since it last changed). */
async function newestExecution(ssm, found, since) {
    const out = await ssm.send(new _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_0__/* .DescribeAssociationExecutionsCommand */ .nh2({ AssociationId: found.AssociationId, MaxResults: 10 }));
    const e = (out.AssociationExecutions ?? [])
        .filter((x) => x.AssociationVersion && found.AssociationVersion
        ? x.AssociationVersion === found.AssociationVersion
        : (x.CreatedTime?.getTime() ?? 0) >= since - 60_000)
        .sort((a, b) => (b.CreatedTime?.getTime() ?? 0) - (a.CreatedTime?.getTime() ?? 0))[0];
    if (!e?.ExecutionId)
        return undefined;
    let counts = {};
    try {
        counts = JSON.parse(e.ResourceCountByStatus || '{}');
    }
    catch {
        // counted as none
    }
    const total = Object.values(counts).reduce((n, c) => n + Number(c || 0), 0);
    return {
        id: e.ExecutionId,
        status: e.Status ?? '',
        created: e.CreatedTime?.getTime() ?? since,
        total,
        failed: Number(counts.Failed ?? 0) + Number(counts.TimedOut ?? 0),
        running: !TERMINAL.has(e.Status ?? ''),
    };
}
/** The alarms of `names` in ALARM, and the names CloudWatch does not have. */
async function alarmStates(cw, names) {
    const firing = new Set();
    const seen = new Set();
    const unique = [...new Set(names)];
    for (let k = 0; k < unique.length; k += 100) {
        let token;
        do {
            const out = await cw.send(new _aws_sdk_client_cloudwatch__WEBPACK_IMPORTED_MODULE_1__/* .DescribeAlarmsCommand */ .zWD({
                AlarmNames: unique.slice(k, k + 100),
                AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
                ...(token ? { NextToken: token } : {}),
            }));
            for (const a of [...(out.MetricAlarms ?? []), ...(out.CompositeAlarms ?? [])]) {
                if (!a.AlarmName)
                    continue;
                seen.add(a.AlarmName);
                if (a.StateValue === 'ALARM')
                    firing.add(a.AlarmName);
            }
            token = out.NextToken;
        } while (token);
    }
    return { firing, missing: unique.filter((n) => !seen.has(n)) };
}
/**
 * A ring that names accounts or ous runs only in those member accounts (the Organization), never on the
 * hub's own instances: the hub keeps its pin, and when it moved, in a tag of the package document
 * (`uptycs-distributor:ring:<name>` = `<version>@<ms>`), which the Organization stage reads to pin the
 * members' associations. The hub sees no execution of it: such a ring is guarded by its bake time.
 */
function memberOnly(ring) {
    return ring.accounts.length > 0 || ring.ous.length > 0;
}
const ringTagKey = (ring) => `uptycs-distributor:ring:${ring}`;
/** The pin a member-only ring's tag holds: undefined when the ring has not moved yet. */
function tagPin(value) {
    const m = value === undefined ? undefined : /^(.*)@(\d+)$/.exec(value);
    return m ? { version: m[1], since: Number(m[2]) } : undefined;
}
/** The state of a member-only ring, from the document's tags (no association in the hub). */
async function readTagRing(ssm, state, packageName) {
    const pin = tagPin(await documentTag(ssm, packageName, ringTagKey(state.ring.name)));
    if (!pin)
        return state;
    const done = { id: 'tag', status: 'Success', created: pin.since, total: 0, failed: 0, running: false };
    return {
        ...state,
        id: 'tag',
        version: pin.version,
        action: state.ring.action,
        since: pin.since,
        execution: done,
    };
}
/** Each ring's association as found (no association: only its name); a member-only ring's tag. */
async function readRing(ssm, ring, associationName, firing, packageName) {
    const state = {
        ring,
        associationName,
        firing: ring.alarms.filter((a) => firing.has(a)),
    };
    if (memberOnly(ring))
        return readTagRing(ssm, state, packageName);
    const id = await findAssociationId(ssm, associationName);
    if (!id)
        return state;
    const found = (await ssm.send(new _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_0__/* .DescribeAssociationCommand */ .Ooe({ AssociationId: id })))
        .AssociationDescription;
    const since = (found?.LastUpdateAssociationDate ?? found?.Date)?.getTime() ?? 0;
    state.id = id;
    state.found = found ?? {};
    state.version = found?.Parameters?.version?.[0] ?? '';
    state.action = found?.Parameters?.action?.[0] ?? 'Install';
    state.since = since;
    const e = await newestExecution(ssm, { ...(found ?? {}), AssociationId: id }, since);
    if (e)
        state.execution = e;
    return state;
}
/** Creates the association, or updates it with the whole definition when it differs. */
async function writeAssociation(ssm, id, found, want) {
    if (!id) {
        const out = await ssm.send(new _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_0__/* .CreateAssociationCommand */ .D3H(want));
        return { id: out.AssociationDescription?.AssociationId ?? '', action: 'created', changed: [] };
    }
    const changed = (0,_association_js__WEBPACK_IMPORTED_MODULE_2__/* .associationDiff */ .L6)(found ?? {}, want);
    if (!changed.length)
        return { id, action: 'unchanged', changed };
    // The whole definition: UpdateAssociation sets every field it is not sent to null.
    await ssm.send(new _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_0__/* .UpdateAssociationCommand */ .iO0({ AssociationId: id, ...want }));
    return { id, action: 'updated', changed };
}
/**
 * Moves a ring's pin: its association in the hub (created, or updated with the whole definition), or, for
 * a member-only ring, its tag on the document (written only when the version differs).
 */
async function writeRingPin(ssm, s, want, packageName) {
    if (!memberOnly(s.ring))
        return writeAssociation(ssm, s.id, s.found, want);
    const version = want.Parameters.version?.[0] ?? '';
    if (s.id && s.version === version)
        return { id: 'tag', action: 'unchanged', changed: [] };
    await setDocumentTag(ssm, packageName, ringTagKey(s.ring.name), `${version}@${Date.now()}`);
    return { id: 'tag', action: s.id ? 'updated' : 'created', changed: ['version'] };
}
/** Each ring's pin in the hub, read only (for the member accounts): undefined while the ring has not moved. */
async function ringPins(ssm, rings, base, packageName) {
    const pins = new Map();
    let tags;
    for (const ring of rings) {
        if (memberOnly(ring)) {
            tags ??=
                (await ssm.send(new _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_0__/* .ListTagsForResourceCommand */ .a_e({ ResourceType: 'Document', ResourceId: packageName }))).TagList ?? [];
            pins.set(ring.name, tagPin(tags.find((t) => t.Key === ringTagKey(ring.name))?.Value)?.version);
            continue;
        }
        const id = await findAssociationId(ssm, `${base}-${ring.name}`);
        const found = id
            ? (await ssm.send(new _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_0__/* .DescribeAssociationCommand */ .Ooe({ AssociationId: id }))).AssociationDescription
            : undefined;
        pins.set(ring.name, found ? (found.Parameters?.version?.[0] ?? '') : undefined);
    }
    return pins;
}
/** One tag of the package document (undefined: no such tag). */
async function documentTag(ssm, name, key) {
    const out = await ssm.send(new _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_0__/* .ListTagsForResourceCommand */ .a_e({ ResourceType: 'Document', ResourceId: name }));
    return out.TagList?.find((t) => t.Key === key)?.Value;
}
/** Sets one tag of the package document (the others are kept). */
async function setDocumentTag(ssm, name, key, value) {
    await ssm.send(new _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_0__/* .AddTagsToResourceCommand */ .X3P({
        ResourceType: 'Document',
        ResourceId: name,
        Tags: [{ Key: key, Value: value }],
    }));
}
/** The document tag that records the versions an undo (rollback-to) left: the rings never return to them. */
const ROLLED_BACK_TAG = 'uptycs-distributor:rolled-back';
async function rolledBack(ssm, name) {
    const out = await ssm.send(new _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_0__/* .ListTagsForResourceCommand */ .a_e({ ResourceType: 'Document', ResourceId: name }));
    const value = out.TagList?.find((t) => t.Key === ROLLED_BACK_TAG)?.Value ?? '';
    return value.split(/\s+/).filter(Boolean);
}
async function setRolledBack(ssm, name, versions) {
    // A tag value holds 256 characters: the newest versions are kept.
    let value = [...new Set(versions)].join(' ');
    while (value.length > 256)
        value = value.slice(value.indexOf(' ') + 1);
    await ssm.send(new _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_0__/* .AddTagsToResourceCommand */ .X3P({
        ResourceType: 'Document',
        ResourceId: name,
        Tags: [{ Key: ROLLED_BACK_TAG, Value: value }],
    }));
}
async function moveDefault(ssm, name, documentVersion) {
    await ssm.send(new _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_0__/* .UpdateDocumentDefaultVersionCommand */ .hR_({ Name: name, DocumentVersion: documentVersion }));
}


/***/ })

};
