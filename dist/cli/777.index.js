export const id = 777;
export const ids = [777];
export const modules = {

/***/ 69777:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   openCheck: () => (/* binding */ openCheck)
/* harmony export */ });
/* unused harmony exports checkPublished, publishedStage */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(83916);
/* harmony import */ var _inputs_names_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(85585);
/* harmony import */ var _log_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(25625);
/* harmony import */ var _clients_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(88031);
/* harmony import */ var _credentials_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(43525);
/* harmony import */ var _index_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(21620);
/* harmony import */ var _plan_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(7872);
/* harmony import */ var _ssm_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(60254);
/* harmony import */ var _types_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(19546);
/**
 * Is it published already? Before anything is downloaded or built, every target region is asked,
 * with read-only calls made at once (ssm:ListDocumentVersions, ssm:GetDocument and
 * ssm:DescribeDocumentPermission), whether the document has an Active version with the version name of this run. When every region has
 * it, the run stops successfully: nothing to download, nothing to build, outputs from what SSM holds.
 * Where the default version, the sharing and the versions kept are also as the inputs ask, there is
 * nothing left for the publish stage either (`converged`).
 */









/** Checks every region of inputs.awsRegions for an Active document version named versionName. Read-only. */
async function checkPublished(inputs, versionName, deps) {
    return (await openCheck(inputs, deps))(versionName);
}
/** Opens the AWS session (STS), then returns the check of a version name: the session can open early. */
async function openCheck(inputs, deps) {
    const { log } = deps;
    const env = deps.env ?? process.env;
    const opts = { ..._types_js__WEBPACK_IMPORTED_MODULE_8__/* .DEFAULT_PUBLISH_OPTIONS */ .T, ...deps.options };
    const session = await (0,_credentials_js__WEBPACK_IMPORTED_MODULE_4__/* .openSession */ .f)({
        inputs,
        log,
        env,
        maxAttempts: opts.maxAttempts,
        retryBaseMs: opts.retryBaseMs,
        ...(deps.getIdToken ? { getIdToken: deps.getIdToken } : {}),
    });
    return Object.assign((versionName) => checkRegions(inputs, versionName, deps, session, opts), {
        session,
    });
}
async function checkRegions(inputs, versionName, deps, session, opts) {
    const { log } = deps;
    const env = deps.env ?? process.env;
    const name = inputs.packageName;
    let manifestText;
    let pendingAnywhere = false;
    const results = await Promise.all(inputs.awsRegions.map(async (region) => {
        const t0 = performance.now();
        const rlog = (0,_index_js__WEBPACK_IMPORTED_MODULE_5__.taggedLog)(log, region);
        const bucket = (0,_plan_js__WEBPACK_IMPORTED_MODULE_6__/* .bucketName */ .EL)(inputs.s3Bucket, session.account, region);
        const prefix = (0,_plan_js__WEBPACK_IMPORTED_MODULE_6__/* .keyPrefix */ .uU)(inputs.s3Prefix, name, versionName);
        const result = {
            region,
            ok: false,
            account: session.account,
            bucket,
            prefix,
            s3Uri: (0,_plan_js__WEBPACK_IMPORTED_MODULE_6__/* .sourceUrl */ .Hx)(bucket, prefix),
            documentName: name,
            documentVersion: '',
            versionName,
            documentArn: (0,_plan_js__WEBPACK_IMPORTED_MODULE_6__/* .documentArn */ .hx)(region, session.account, name),
            status: '',
            alreadyPublished: false,
            uploadedFiles: [],
            uploadedBytes: 0,
            skippedFiles: [],
            skippedBytes: 0,
            defaultVersion: false,
            sharedAccounts: [],
            deletedVersions: [],
            durationMs: 0,
        };
        const ssm = (0,_clients_js__WEBPACK_IMPORTED_MODULE_3__/* .ssmClient */ .B)({
            region,
            env,
            maxAttempts: opts.maxAttempts,
            debug: (m) => rlog.debug(m),
            ...(session.credentials ? { credentials: session.credentials } : {}),
        });
        const doc = {
            ssm,
            name,
            region,
            account: session.account,
            principal: session.principal,
            log: rlog,
        };
        try {
            // Three reads at once, one round trip: the versions, the content under this version name and
            // the sharing. Unreadable sharing (a role without ssm:DescribeDocumentPermission) leaves it to
            // the publish stage.
            const quiet = (what) => (err) => {
                rlog.debug(`could not read ${what}: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(err)}`);
                return undefined;
            };
            const [versions, named, shared] = await Promise.all([
                (0,_ssm_js__WEBPACK_IMPORTED_MODULE_7__/* .listVersions */ .yO)(doc),
                (0,_ssm_js__WEBPACK_IMPORTED_MODULE_7__/* .getContentByName */ .qF)(doc, versionName).catch(quiet(`the content of ${versionName}`)),
                (0,_ssm_js__WEBPACK_IMPORTED_MODULE_7__/* .sharedWith */ .KO)(doc).catch(quiet('the sharing')),
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
                            : await (0,_ssm_js__WEBPACK_IMPORTED_MODULE_7__/* .getContent */ ._A)(doc, v.documentVersion);
                    if (shared)
                        result.sharedAccounts = shared;
                    const pending = shared ? (0,_plan_js__WEBPACK_IMPORTED_MODULE_6__/* .pendingChanges */ .Pn)(versions, v, inputs, shared) : ['read the sharing'];
                    if (pending.length)
                        pendingAnywhere = true;
                    rlog.info(`checked ${result.documentArn}: ${versionName} is published as document version ${v.documentVersion} (Active${v.isDefault ? ', default' : ''}); ${pending.length ? `still to do: ${pending.join(', ')}` : 'default version, sharing and versions kept as asked'}`);
                    const newer = inputs.setDefaultVersion && !v.isDefault && (0,_plan_js__WEBPACK_IMPORTED_MODULE_6__/* .keepsDefault */ .Wr)(versions, v, false);
                    if (newer && !pending.length)
                        rlog.info((0,_plan_js__WEBPACK_IMPORTED_MODULE_6__/* .defaultStaysMessage */ .pz)(name, v, newer, region));
                }
            }
        }
        catch (err) {
            result.error = (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(err);
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
        log.info(`${name} ${versionName} is already published in ${results.length === 1 ? results[0].region : `all ${results.length} regions`} (checked in ${(0,_log_js__WEBPACK_IMPORTED_MODULE_2__.formatDuration)(ms)}): nothing to download or build (${(0,_inputs_names_js__WEBPACK_IMPORTED_MODULE_1__/* .ref */ .KR)('if-published')} skip; set it to verify to rebuild and compare)`);
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
        outputs: all ? (0,_index_js__WEBPACK_IMPORTED_MODULE_5__.publishOutputs)(results) : {},
        markdown: (0,_index_js__WEBPACK_IMPORTED_MODULE_5__.publishMarkdown)(results),
    };
}
/** The check as the core takes it (CoreDeps.published). */
function publishedStage(deps) {
    return (inputs) => openCheck(inputs, deps);
}


/***/ })

};
