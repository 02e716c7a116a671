export const id = 730;
export const ids = [730];
export const modules = {

/***/ 1730:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   run: () => (/* binding */ run)
/* harmony export */ });
// The action as a module (the layout of actions/typescript-action): `run` is the whole action, so
// that a runner can import it and call it, as GitHub's local runner does:
//   npx @github/local-action run . src/main.ts .env.example
// src/index.ts is the entry point that calls it (bundled to dist/index.js).
async function run() {
    const { runAction } = await Promise.all(/* import() */[__webpack_require__.e(532), __webpack_require__.e(138)]).then(__webpack_require__.bind(__webpack_require__, 2138));
    await runAction();
}


/***/ })

};
