export const id = 777;
export const ids = [777];
export const modules = {

/***/ 9777:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   openCheck: () => (/* binding */ openCheck)
/* harmony export */ });
/* unused harmony exports checkPublished, publishedStage */
/* harmony import */ var _common_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1922);
/* harmony import */ var _common_log_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1095);
/* harmony import */ var _clients_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8031);
/* harmony import */ var _credentials_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3525);
/* harmony import */ var _index_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(8857);
/* harmony import */ var _plan_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(7872);
/* harmony import */ var _ssm_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(254);
/* harmony import */ var _types_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(9546);
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








/** Checks every region of inputs.awsRegions for an Active document version named versionName. Read-only. */
async function checkPublished(inputs, versionName, deps) {
    return (await openCheck(inputs, deps))(versionName);
}
/** Opens the AWS session (STS), then returns the check of a version name: the session can open early. */
async function openCheck(inputs, deps) {
    const opts = { ..._types_js__WEBPACK_IMPORTED_MODULE_7__/* .DEFAULT_PUBLISH_OPTIONS */ .T, ...deps.options };
    const session = await (0,_credentials_js__WEBPACK_IMPORTED_MODULE_3__/* .openStageSession */ .H0)(inputs, deps, opts);
    const open = () => inputs.awsRegions.map((region) => openRegion(inputs, region, deps, session, opts));
    // What does not depend on the version name is read now, while the version is still looked up.
    let early = open();
    return Object.assign((versionName) => {
        const regions = early ?? open();
        early = undefined;
        return checkRegions(inputs, versionName, deps.log, session, regions);
    }, { session });
}
/** Logs why an optional read failed, and answers undefined. */
const quietly = (log, what) => (err) => {
    log.debug(`could not read ${what}: ${(0,_common_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(err)}`);
    return undefined;
};
function openRegion(inputs, region, deps, session, opts) {
    const log = (0,_index_js__WEBPACK_IMPORTED_MODULE_4__.taggedLog)(deps.log, region);
    const ssm = (0,_clients_js__WEBPACK_IMPORTED_MODULE_2__/* .ssmClient */ .B)({
        region,
        env: deps.env ?? process.env,
        maxAttempts: opts.maxAttempts,
        debug: (m) => log.debug(m),
        ...(session.credentials ? { credentials: session.credentials } : {}),
    });
    const doc = {
        ssm,
        name: inputs.packageName,
        region,
        account: session.account,
        principal: session.principal,
        log,
    };
    const reads = Promise.all([(0,_ssm_js__WEBPACK_IMPORTED_MODULE_6__/* .listVersions */ .yO)(doc), (0,_ssm_js__WEBPACK_IMPORTED_MODULE_6__/* .sharedWith */ .KO)(doc).catch(quietly(log, 'the sharing'))]);
    reads.catch(() => undefined); // awaited by the check; a check never made leaves no unhandled rejection
    return { region, log, ssm, doc, reads };
}
async function checkRegions(inputs, versionName, log, session, regions) {
    const name = inputs.packageName;
    let manifestText;
    let pendingAnywhere = false;
    const results = await Promise.all(regions.map(async ({ region, log: rlog, ssm, doc, reads }) => {
        const t0 = performance.now();
        const bucket = (0,_plan_js__WEBPACK_IMPORTED_MODULE_5__/* .bucketName */ .EL)(inputs.s3Bucket, session.account, region);
        const prefix = (0,_plan_js__WEBPACK_IMPORTED_MODULE_5__/* .keyPrefix */ .uU)(inputs.s3Prefix, name, versionName);
        const result = (0,_plan_js__WEBPACK_IMPORTED_MODULE_5__/* .newResult */ .YT)(region, session.account, { bucket, prefix, documentName: name, versionName });
        try {
            // The content under this version name, beside the reads begun when the session opened: one
            // round trip once the version is known.
            const [[versions, shared], named] = await Promise.all([
                reads,
                (0,_ssm_js__WEBPACK_IMPORTED_MODULE_6__/* .getContentByName */ .qF)(doc, versionName).catch(quietly(rlog, `the content of ${versionName}`)),
            ]);
            const v = versions?.find((x) => x.versionName === versionName);
            if (!versions)
                rlog.info(`checked ${result.documentArn}: no such document yet`);
            else if (!v)
                rlog.info(`checked ${result.documentArn}: ${versions.length} version${versions.length > 1 ? 's' : ''}, none named ${versionName}`);
            else {
                result.documentVersion = v.documentVersion;
                result.status = v.status ?? '';
                result.defaultVersion = v.isDefault;
                if (v.status && v.status !== 'Active')
                    rlog.info(`checked ${result.documentArn}: version ${v.documentVersion} is named ${versionName} but is ${v.status}; publishing runs`);
                else {
                    result.ok = true;
                    result.alreadyPublished = true;
                    // The version named so may have changed between the two reads: then read the one listed.
                    manifestText ??=
                        named?.documentVersion === v.documentVersion
                            ? named.content
                            : await (0,_ssm_js__WEBPACK_IMPORTED_MODULE_6__/* .getContent */ ._A)(doc, v.documentVersion);
                    if (shared)
                        result.sharedAccounts = shared;
                    const pending = shared ? (0,_plan_js__WEBPACK_IMPORTED_MODULE_5__/* .pendingChanges */ .Pn)(versions, v, inputs, shared) : ['read the sharing'];
                    if (pending.length)
                        pendingAnywhere = true;
                    rlog.info(`checked ${result.documentArn}: ${versionName} is published as document version ${v.documentVersion} (Active${v.isDefault ? ', default' : ''}); ${pending.length ? `still to do: ${pending.join(', ')}` : 'default version, sharing and versions kept as asked'}`);
                    const newer = inputs.setDefaultVersion && !v.isDefault && (0,_plan_js__WEBPACK_IMPORTED_MODULE_5__/* .keepsDefault */ .Wr)(versions, v, false);
                    if (newer && !pending.length)
                        rlog.info((0,_plan_js__WEBPACK_IMPORTED_MODULE_5__/* .defaultStaysMessage */ .pz)(name, v, newer, region));
                }
            }
        }
        catch (err) {
            result.error = (0,_common_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(err);
            rlog.warning(`could not check what is published (${result.error}); publishing runs`);
        }
        finally {
            ssm.destroy();
            result.durationMs = Math.round(performance.now() - t0);
        }
        return result;
    }));
    const all = results.every((r) => r.ok);
    const ms = Math.max(...results.map((r) => r.durationMs));
    if (all)
        log.info(`${name} ${versionName} is already published in ${results.length === 1 ? results[0].region : `all ${results.length} regions`} (checked in ${(0,_common_log_js__WEBPACK_IMPORTED_MODULE_1__/* .formatDuration */ .a3)(ms)})`);
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
            ...(all ? (0,_index_js__WEBPACK_IMPORTED_MODULE_4__.publishOutputs)(results) : {}),
            // check-only: whether a publish step would change nothing (the reusable workflow's decide reads it).
            ...(inputs.checkOnly ? { converged: String(all && !pendingAnywhere) } : {}),
        },
        markdown: (0,_index_js__WEBPACK_IMPORTED_MODULE_4__.publishMarkdown)(results),
    };
}
/** The check as the core takes it (CoreDeps.published). */
function publishedStage(deps) {
    return (inputs) => openCheck(inputs, deps);
}


/***/ })

};
