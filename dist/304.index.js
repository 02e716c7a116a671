export const id = 304;
export const ids = [304];
export const modules = {

/***/ 3304:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   failureReport: () => (/* binding */ failureReport)
/* harmony export */ });
/* unused harmony export workspaceFile */
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _common_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1922);
/* harmony import */ var _summary_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8570);
/**
 * A failed run, reported once: problems located in a workspace file become annotations on their lines
 * (and only those: a problem in the bundled mapping is not a file of the user's repository), the
 * failure message says what failed and how many annotations there are instead of repeating them, and
 * the summary lists each problem once with its fix. Pure.
 */



/** The file relative to the workspace, or undefined when it is outside it. */
function workspaceFile(file, workspace) {
    const rel = node_path__WEBPACK_IMPORTED_MODULE_0___default().isAbsolute(file) ? node_path__WEBPACK_IMPORTED_MODULE_0___default().relative(workspace, file) : node_path__WEBPACK_IMPORTED_MODULE_0___default().normalize(file);
    return rel && !rel.startsWith('..') && !node_path__WEBPACK_IMPORTED_MODULE_0___default().isAbsolute(rel) ? rel : undefined;
}
function failureReport(err, workspace, packageName, mode) {
    const text = (0,_common_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(err);
    const headline = text.split('\n')[0].replace(/:$/, '');
    const problems = (0,_common_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .isUserError */ .iU)(err) && err.problems.length ? err.problems : [];
    const annotations = [];
    const plain = [];
    for (const p of problems) {
        const rel = p.location && workspaceFile(p.location.file, workspace);
        if (p.location && rel)
            annotations.push({ ...p, location: { ...p.location, file: rel } });
        else
            plain.push(p);
    }
    let message;
    if (!problems.length)
        message = text;
    else {
        const where = (p) => p.location ? `${p.location.file}${p.location.line ? `:${p.location.line}` : ''}: ` : '';
        message = [
            annotations.length
                ? `${headline}; ${annotations.length === 1 && !plain.length
                    ? 'it is shown as an annotation on its line'
                    : annotations.length === 1
                        ? 'one is shown as an annotation on its line'
                        : `${annotations.length === problems.length ? (annotations.length === 2 ? 'both' : `all ${annotations.length}`) : annotations.length} are shown as annotations on their lines`}${plain.length ? `, ${plain.length === 1 ? 'the other' : 'the others'} here:` : ''}`
                : `${headline}:`,
            ...plain.map((p) => `  ${where(p)}${p.message}`),
        ].join('\n');
    }
    const listed = problems.length
        ? problems
        : text
            .split('\n')
            .slice(1)
            .map((l) => ({ message: l.trim() }));
    const summary = (0,_summary_js__WEBPACK_IMPORTED_MODULE_2__/* .renderFailureSummary */ .Fr)({
        packageName,
        mode,
        headline,
        problems: listed
            .filter((p) => p.message)
            .map((p) => ({
            message: p.message,
            ...(p.location
                ? {
                    where: `${workspaceFile(p.location.file, workspace) ?? p.location.file}${p.location.line ? `:${p.location.line}` : ''}`,
                }
                : {}),
        })),
        annotated: annotations.length,
    });
    return { annotations, message, summary };
}


/***/ })

};
