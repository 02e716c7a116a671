export const id = 551;
export const ids = [551];
export const modules = {

/***/ 551:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   cancelRun: () => (/* binding */ cancelRun),
/* harmony export */   cancelSignal: () => (/* binding */ cancelSignal),
/* harmony export */   cancelled: () => (/* binding */ cancelled),
/* harmony export */   exitOnSignals: () => (/* binding */ exitOnSignals),
/* harmony export */   onCancel: () => (/* binding */ onCancel),
/* harmony export */   resetCancel: () => (/* binding */ resetCancel)
/* harmony export */ });
const undos = new Set();
let controller = new AbortController();
/** Registers an undo step for a cancel; returns the function that removes it. */
function onCancel(undo) {
    undos.add(undo);
    return () => void undos.delete(undo);
}
/** Aborted when the run is cancelled: requests in flight pass it to stop at once. */
function cancelSignal() {
    return controller.signal;
}
/** Whether the run has been cancelled. */
function cancelled() {
    return controller.signal.aborted;
}
/**
 * Cancels the run: aborts the requests in flight, then runs every undo step at once, waiting at most
 * `timeoutMs` for them (the runner kills the process a few seconds after its first signal).
 */
async function cancelRun(reason, log, timeoutMs = 5000) {
    controller.abort(new Error(reason));
    const steps = [...undos];
    undos.clear();
    let timer;
    const results = await Promise.race([
        Promise.allSettled(steps.map(async (u) => u())),
        new Promise((resolve) => {
            timer = setTimeout(() => resolve('timeout'), timeoutMs);
        }),
    ]);
    clearTimeout(timer);
    if (results === 'timeout')
        log.warning(`cleaning up after the cancel took over ${timeoutMs} ms; gave up waiting`);
    else
        for (const r of results)
            if (r.status === 'rejected')
                log.warning(`cleaning up after the cancel: ${r.reason instanceof Error ? r.reason.message : String(r.reason)}`);
}
/** For tests: forgets a cancel so that the next run starts afresh. */
function resetCancel() {
    controller = new AbortController();
    undos.clear();
}
const SIGNALS = { SIGINT: 130, SIGTERM: 143 };
/**
 * Installs the handlers of a face: on SIGINT or SIGTERM, says so, cleans up (aborting multipart uploads,
 * removing the half-written package folder) and exits with 128 + the signal's number. A second signal
 * exits at once.
 */
function exitOnSignals(log, exit = (c) => process.exit(c)) {
    let first = true;
    for (const [sig, code] of Object.entries(SIGNALS)) {
        process.on(sig, () => {
            if (!first)
                return exit(code);
            first = false;
            log.error(`cancelled (${sig}): aborting uploads in flight and removing partial output, then exiting`);
            void cancelRun(`cancelled (${sig})`, log).finally(() => exit(code));
        });
    }
}


/***/ })

};
