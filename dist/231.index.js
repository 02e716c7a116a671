export const id = 231;
export const ids = [231];
export const modules = {

/***/ 4231:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   commentOnPullRequest: () => (/* binding */ commentOnPullRequest)
/* harmony export */ });
/* unused harmony exports COMMENT_LIMIT, commentMarker, fitComment, isOurBody, pullRequestOf, ACTIONS_BOT */
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _common_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1922);
/* harmony import */ var _common_names_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3117);
/**
 * One pull-request comment per package, kept up to date: found by a hidden marker naming the package
 * (two packages in one repository keep two comments), created once, then updated on every run; the
 * body kept under GitHub's 65,536-character limit with the marker intact. It never fails the step: on a
 * fork, without `pull-requests: write`, or on any API error it warns once and the job summary carries
 * everything. Loaded only when a comment is to be posted.
 */



/** GitHub refuses comment bodies longer than this (422). */
const COMMENT_LIMIT = 65_536;
function commentMarker(packageName) {
    return `<!-- uptycs-distributor-action package="${packageName.replace(/[^A-Za-z0-9_.-]/g, '_')}" -->`;
}
/**
 * The comment's body: the marker, then the text; when too long, the middle is cut at line boundaries
 * and a line says how much was cut and where the whole text is.
 */
function fitComment(marker, text, limit = COMMENT_LIMIT) {
    const full = `${marker}\n${text}`;
    if (full.length <= limit)
        return { body: full, cut: 0 };
    const note = (n) => `\n\n> ✂️ **${n.toLocaleString('en-US')} characters were cut here** to fit GitHub's ${limit.toLocaleString('en-US')}-character limit for comments; the job summary of this run has the whole text.\n\n`;
    const budget = limit - marker.length - 1 - note(text.length).length - 16;
    let head = text.slice(0, Math.floor(budget * 0.6));
    head = head.slice(0, Math.max(0, head.lastIndexOf('\n')));
    let tail = text.slice(text.length - (budget - head.length));
    tail = tail.slice(tail.indexOf('\n') + 1);
    const cut = text.length - head.length - tail.length;
    return { body: `${marker}\n${head}${note(cut)}${tail}`, cut };
}
/** Whether a comment body is one this action wrote: its first line is exactly the marker. */
function isOurBody(body, marker) {
    if (!body)
        return false;
    const end = body.search(/\r?\n/);
    return (end < 0 ? body : body.slice(0, end)) === marker;
}
/** The pull request of an event payload (pull_request, pull_request_target), or undefined. */
function pullRequestOf(payload) {
    const p = payload;
    const pr = p?.pull_request;
    const owner = p?.repository?.owner?.login;
    const repo = p?.repository?.name;
    if (!pr || typeof pr.number !== 'number' || !owner || !repo)
        return undefined;
    const base = pr.base?.repo?.full_name ?? p?.repository?.full_name ?? `${owner}/${repo}`;
    return { owner, repo, number: pr.number, fork: pr.head?.repo?.full_name !== base };
}
/** The Actions bot: the author of every comment written with a workflow's GITHUB_TOKEN. */
const ACTIONS_BOT = { login: 'github-actions[bot]', type: 'Bot' };
/**
 * Whom the token writes as, to tell our comment from anyone else's that quotes the marker: a user's
 * token (a PAT, an app's user token) reads its login from GET /user; an installation token (the
 * workflow's GITHUB_TOKEN) cannot (403 "Resource not accessible by integration") and writes as the
 * Actions bot. With another app's installation token no earlier comment is ours, so a new one is
 * written: never someone else's edited.
 */
async function tokenAuthor(octokit) {
    let me = ACTIONS_BOT;
    try {
        const { data } = await octokit.rest.users.getAuthenticated();
        me = { login: data.login, type: data.type };
    }
    catch (err) {
        const status = err.status;
        if (status !== 403 && status !== 401 && status !== 404)
            throw err;
    }
    return (author) => !!author && author.login === me.login && author.type === me.type;
}
/** Creates or updates this package's comment on the run's pull request. Never throws. */
async function commentOnPullRequest(o) {
    const skip = (why, warn) => {
        if (warn)
            o.log.warning(`No pull-request comment: ${why}. The job summary has everything.`);
        else
            o.log.debug(`no pull-request comment: ${why}`);
        return { posted: false, why };
    };
    let payload;
    try {
        payload = o.env.GITHUB_EVENT_PATH
            ? JSON.parse(await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)(o.env.GITHUB_EVENT_PATH, 'utf8'))
            : undefined;
    }
    catch (err) {
        return skip(`cannot read the event payload (${(0,_common_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(err)})`, true);
    }
    const pr = pullRequestOf(payload);
    if (!pr)
        return skip(`this run is not for a pull request (event ${o.env.GITHUB_EVENT_NAME ?? 'unknown'})`, o.when === 'true');
    if (pr.fork && o.env.GITHUB_EVENT_NAME === 'pull_request')
        return skip(`pull request #${pr.number} comes from a fork, where the token is read-only`, true);
    if (!o.token)
        return skip(`no token (${(0,_common_names_js__WEBPACK_IMPORTED_MODULE_2__/* .ref */ .KR)('github-token')} is empty)`, true);
    const marker = commentMarker(o.packageName);
    const { body, cut } = fitComment(marker, o.markdown);
    try {
        const { getOctokit } = await __webpack_require__.e(/* import() */ 413).then(__webpack_require__.bind(__webpack_require__, 2413));
        const octokit = getOctokit(o.token, { baseUrl: o.env.GITHUB_API_URL || 'https://api.github.com' });
        const where = { owner: pr.owner, repo: pr.repo };
        const comments = await octokit.paginate(octokit.rest.issues.listComments, {
            ...where,
            issue_number: pr.number,
            per_page: 100,
        });
        const ownedByToken = await tokenAuthor(octokit);
        // Ours has the marker as its whole first line. Another workflow's bot writes as the same
        // github-actions[bot]; a comment of its that merely quotes the marker is not ours.
        const marked = comments.filter((c) => isOurBody(c.body, marker));
        const mine = marked.find((c) => ownedByToken(c.user));
        if (marked.length && !mine)
            o.log.info(`A comment by another author starts with this package's marker (${marked.map((c) => c.user?.login ?? 'unknown').join(', ')}); it is left as it is and a new comment is written`);
        if (cut)
            o.log.info(`The comment is ${cut} characters too long for GitHub: the middle was cut (the job summary has it all)`);
        if (mine) {
            const r = await octokit.rest.issues.updateComment({ ...where, comment_id: mine.id, body });
            o.log.info(`Updated the pull-request comment ${r.data.html_url}`);
            return { posted: 'updated', id: r.data.id, url: r.data.html_url, cut };
        }
        const r = await octokit.rest.issues.createComment({ ...where, issue_number: pr.number, body });
        o.log.info(`Commented on pull request #${pr.number}: ${r.data.html_url}`);
        return { posted: 'created', id: r.data.id, url: r.data.html_url, cut };
    }
    catch (err) {
        const status = err.status;
        const why = status === 403 || status === 404 || status === 401
            ? `the token may not comment on pull request #${pr.number} (HTTP ${status}: ${(0,_common_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(err).split('\n')[0]}); give the job \`permissions: pull-requests: write\` (on pull requests from forks the token stays read-only)`
            : `posting to pull request #${pr.number} failed (${status ? `HTTP ${status}: ` : ''}${(0,_common_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(err).split('\n')[0]})`;
        return skip(why, true);
    }
}


/***/ })

};
