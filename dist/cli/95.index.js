export const id = 95;
export const ids = [95];
export const modules = {

/***/ 1095:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Masker: () => (/* binding */ Masker),
/* harmony export */   formatBytes: () => (/* binding */ formatBytes),
/* harmony export */   formatDuration: () => (/* binding */ formatDuration),
/* harmony export */   logLine: () => (/* binding */ logLine),
/* harmony export */   logLines: () => (/* binding */ logLines),
/* harmony export */   shownName: () => (/* binding */ shownName),
/* harmony export */   textLog: () => (/* binding */ textLog)
/* harmony export */ });
/* harmony import */ var _names_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3117);

const LINE_BREAK_SHOWN = {
    '\r\n': '\\r\\n',
    '\r': '\\r',
    '\n': '\\n',
    '\u0085': '\\u0085',
    '\u2028': '\\u2028',
    '\u2029': '\\u2029',
};
/**
 * What a message becomes in the log: one line, which no text inside it can turn into a command.
 * Messages quote what others wrote (file names, a manifest's version, a server's answer), and the
 * runner reads every line of a step's output for workflow commands (`::add-mask::`, `::warning::`,
 * the older `##[name]`), after trimming its leading blanks. So every line break in a message (CR, LF,
 * CRLF, and NEL, U+2028, U+2029, which some readers break at) is shown as `\r`, `\n`, `\u2028`,
 * and a message that starts like a command gets an invisible U+2060 WORD JOINER between its first
 * two characters. The project's own multi-line text is logged a line at a time (see logLines).
 */
function logLine(message) {
    return message
        .replace(/\r\n|[\r\n\u0085\u2028\u2029]/g, (c) => LINE_BREAK_SHOWN[c] ?? '\\n')
        .replace(/^(\s*)(::|##\[)/, (_, blanks, start) => `${blanks}${start[0]}\u2060${start[1]}`);
}
/**
 * A name from outside (a file in a folder) as a message quotes it: as it is when it holds only
 * printable characters, else in double quotes with line breaks and other control and format
 * characters written as escapes, so that a message quoting it stays one line whatever shows it.
 */
function shownName(name) {
    if (!/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}"]/u.test(name))
        return name;
    return `"${name.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}"\\]/gu, (c) => c === '"' || c === '\\' ? `\\${c}` : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}"`;
}
/** Logs a text of several lines (the project's own, such as the summary) a line at a time. */
function logLines(text, say) {
    for (const line of text.split(/\r?\n/))
        say(line);
}
/** Formats a duration in ms for log lines: "850 ms", "12.3 s", "2 min 5 s". */
function formatDuration(ms) {
    if (ms < 1000)
        return `${Math.round(ms)} ms`;
    if (ms < 60_000)
        return `${(ms / 1000).toFixed(1)} s`;
    const s = Math.round(ms / 1000);
    return `${Math.floor(s / 60)} min ${s % 60} s`;
}
/** Formats a byte count: "512 B", "40.0 MiB". */
function formatBytes(n) {
    if (n < 1024)
        return `${n} B`;
    const units = ['KiB', 'MiB', 'GiB', 'TiB'];
    let v = n / 1024;
    let i = 0;
    while (v >= 1024 && i < units.length - 1) {
        v /= 1024;
        i++;
    }
    return `${v.toFixed(1)} ${units[i]}`;
}
/** Replaces every registered secret in a line; used by loggers that do not get masking from the runner. */
class Masker {
    secrets = new Set();
    add(secret) {
        if (secret && secret.length >= 4)
            this.secrets.add(secret);
    }
    mask(line) {
        let out = line;
        for (const s of this.secrets)
            out = out.split(s).join('***');
        return out;
    }
}
/** A plain-text logger for the CLI and for tests: one line per call on the given writer. */
function textLog(write, opts = {}) {
    const masker = new Masker();
    const out = (line) => write(logLine(masker.mask((0,_names_js__WEBPACK_IMPORTED_MODULE_0__/* .renderNames */ .pj)(line, opts.face ?? 'cli'))));
    const where = (l) => l ? ` (${l.file}${l.line ? `:${l.line}` : ''}${l.column ? `:${l.column}` : ''})` : '';
    return {
        info: (m) => out(m),
        debug: (m) => {
            if (opts.debug)
                out(`debug: ${m}`);
        },
        notice: (m, l) => out(`notice: ${m}${where(l)}`),
        warning: (m, l) => out(`warning: ${m}${where(l)}`),
        error: (m, l) => out(`error: ${m}${where(l)}`),
        async group(name, fn) {
            out(`── ${name}`);
            const t0 = performance.now();
            try {
                return await fn();
            }
            finally {
                out(`   ${name} took ${formatDuration(performance.now() - t0)}`);
            }
        },
        setSecret: (s) => masker.add(s),
    };
}


/***/ }),

/***/ 3117:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   KR: () => (/* binding */ ref),
/* harmony export */   MZ: () => (/* binding */ phrase),
/* harmony export */   Q4: () => (/* binding */ CLI_NAMES),
/* harmony export */   Qh: () => (/* binding */ INPUT_NAMES),
/* harmony export */   pj: () => (/* binding */ renderNames),
/* harmony export */   vI: () => (/* binding */ refValue)
/* harmony export */ });
/* unused harmony export PHRASES */
/**
 * One table of names: how each input is called on each face. The action calls it an input
 * (`input "package-version"`, `package-version: 5.7.0.25`); the CLI calls it a flag
 * (`-v/--package-version`, `-v 5.7.0.25`).
 *
 * Stages never know which face runs them: a message names an input with `ref('package-version')` or
 * `refValue('package-version', '5.7.0.25')`, which leave a marker in the text, and each face turns
 * the markers into its own words with `renderNames` before anything is shown (log lines, errors,
 * the summary). An unrendered marker still reads plainly: ⦃package-version⦄.
 */
/** Every input, in the order the CLI's help lists them. */
const INPUT_NAMES = [
    { input: 'config', short: 'c', help: 'Uptycs API key file (or its JSON content)' },
    {
        input: 'download',
        boolean: true,
        help: 'download from the Uptycs API (default); -d: use the installers in --agents-dir instead',
        cliValues: { false: '-d', true: '--download' },
    },
    {
        input: 's3-bucket',
        old: 's3bucket',
        short: 'b',
        help: 'S3 bucket ({account} and {region} are replaced)',
    },
    { input: 'package-name', old: 'package_name', short: 'p', help: 'Distributor package name (UptycsAgent)' },
    { input: 'aws-region', old: 'aws_region', short: 'r', help: 'AWS region(s), comma separated (us-east-1)' },
    { input: 'package-version', old: 'package_version', short: 'v', help: 'agent version, e.g. 5.7.0.25' },
    {
        input: 'sensor-only',
        old: 'sensor_only',
        short: 'o',
        boolean: true,
        help: 'sensor only, without Uptycs Protect',
    },
    {
        input: 'mapping',
        help: "mapping file, or a bundled one by name: default (19 entries) or original (create_package.py's 8)",
    },
    { input: 'agents-dir', help: 'folder with one subfolder per mapping dir (with -d; default: .)' },
    { input: 'output-dir', help: 'where the package is written (./uptycs-distributor-package)' },
    { input: 'dry-run', boolean: true, help: 'build and validate only, publish nothing' },
    { input: 'uptycs-api-url', help: 'Uptycs API origin override (private stacks)' },
    { input: 'asset-group', help: 'Uptycs asset group (assets)' },
    { input: 'role-to-assume', help: 'IAM role to assume (needs a web identity token)' },
    { input: 'role-session-name', help: 'session name for the role' },
    { input: 'role-duration-seconds', help: 'role session length' },
    { input: 's3-prefix', help: 'S3 key prefix (uptycs/{package-name}/{version}/)' },
    { input: 'max-versions', help: 'document versions to keep (25)' },
    { input: 'set-default-version', help: 'make the new version the default (true)' },
    { input: 'share-with-accounts', help: 'AWS account IDs to share the document with' },
    {
        input: 'cache',
        help: 'keep downloaded installers in ~/.cache/uptycs-distributor-action (auto|true|false)',
    },
    {
        input: 'allow-public-sharing',
        boolean: true,
        help: 'allow share-with-accounts all (a public document: any account could install your agent)',
    },
    {
        input: 'replace-output-dir',
        boolean: true,
        help: 'replace an output-dir that another step of this job wrote',
    },
    {
        input: 'skip-version-check',
        boolean: true,
        help: 'build even when no installer name carries --package-version (with -d)',
    },
    {
        input: 'rollout-targets',
        help: 'State Manager association targets: tag:Key=Value, InstanceIds=i-…, resource-groups:Name=G (";" between; turns the rollout on)',
    },
    {
        input: 'rollout-plan',
        help: 'rollout plan file (JSONC): rings, bake times, error budgets, alarms, and the AWS Organization units; replaces --rollout-targets',
    },
    {
        input: 'organization-chunk',
        help: 'K/N: this job reconciles only the member accounts of part K of N (matrix jobs); 0/N: the hub job that runs first',
    },
    {
        input: 'rollback-to',
        help: 'undo: move every ring and the default to previous (or a version name), checked in every region first',
    },
    { input: 'association-name', help: 'State Manager association name (<package-name>-rollout)' },
    { input: 'rollout-schedule', help: 'association schedule: cron(...), rate(...) or none (rate(1 day))' },
    { input: 'installation-type', help: '"Uninstall and reinstall" (default) or "In-place update"' },
    { input: 'max-concurrency', help: 'instances installing at once: N or N% (10%)' },
    { input: 'max-errors', help: 'errors before the association stops: N or N% (10%)' },
    { input: 'compliance-severity', help: 'CRITICAL|HIGH|MEDIUM|LOW|UNSPECIFIED (UNSPECIFIED)' },
    {
        input: 'apply-only-at-cron-interval',
        boolean: true,
        help: 'run only at the cron times, not when created or changed (needs cron())',
    },
    { input: 'additional-arguments', help: 'JSON object of SSM_* variables for the scripts (≤ 4096 chars)' },
    {
        input: 'rollout-start-now',
        boolean: true,
        help: 'run an unchanged association now (StartAssociationsOnce)',
    },
    { input: 'preflight-failures', help: 'instances predicted to fail: warning (default) or error' },
    {
        input: 'rollout-wait-minutes',
        help: 'follow the rollout this long and report per instance (0: do not wait)',
    },
    { input: 'rollout-fail-on', help: 'fail on rollout failures: max-errors (default), any or never' },
    {
        input: 'mode',
        help: 'plan (validate only: no key, no installers, no network), build (as --dry-run) or publish',
    },
    { input: 'compare-to', help: 'base mapping file or earlier report.json: show what the change does' },
    {
        input: 'compare-plan-to',
        help: "the base branch's rollout plan file: show what the rollout-plan change does (who gets which version when)",
    },
    {
        input: 'allow-new-failures',
        boolean: true,
        help: 'with --compare-to: allow a change that makes a common instance fail',
    },
    { input: 'pr-comment', actionOnly: true, help: 'pull-request comment (auto|true|false)' },
    { input: 'github-token', actionOnly: true, help: 'token for the pull-request comment' },
    {
        input: 'package-dir',
        help: 'publish this folder built earlier (output-dir of a build): no mapping, key, download or build',
    },
    {
        input: 'package-digest',
        help: "with --package-dir: the build's package digest (sha256:…); a folder whose manifest.json differs is refused",
    },
    { input: 'version-name', help: 'document version name, e.g. 5.7.0.25-2 (default: the agent version)' },
    {
        input: 'if-published',
        help: 'when the version name is already published: skip (default, nothing downloaded) or verify',
    },
    {
        input: 'check-only',
        boolean: true,
        help: 'resolve the version and check every region (read-only), then stop: nothing downloaded or built',
    },
];
/**
 * Phrases that differ by face beyond an input's name: how to give AWS credentials, where help is.
 * A message says `phrase('aws-credentials')` and each face words it its own way.
 */
const PHRASES = {
    'aws-credentials': {
        action: 'set input "role-to-assume" (GitHub OIDC), or run aws-actions/configure-aws-credentials before this step',
        cli: 'give AWS credentials in the environment (AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)',
    },
    help: {
        action: "the action's README lists every input",
        cli: 'uptycs-distributor --help lists every option',
    },
};
const OPEN = '⦃';
const CLOSE = '⦄';
const SEP = '=';
/** A marker naming an input; each face renders it ("input \"x\"" or "--x"). */
function ref(input) {
    return `${OPEN}${input}${CLOSE}`;
}
/** A marker naming an input set to a value ("x: v" or "--x v"). */
function refValue(input, value) {
    return `${OPEN}${input}${SEP}${value}${CLOSE}`;
}
/** A marker for a phrase each face words its own way (see PHRASES). */
function phrase(name) {
    return `${OPEN}!${name}${CLOSE}`;
}
function nameOf(input) {
    return INPUT_NAMES.find((n) => n.input === input);
}
function cliFlag(input) {
    const n = nameOf(input);
    return n?.short ? `-${n.short}/--${input}` : `--${input}`;
}
function cliSetting(input, value) {
    const n = nameOf(input);
    const special = n?.cliValues?.[value];
    if (special)
        return special;
    const flag = n?.short ? `-${n.short}` : `--${input}`;
    if (n?.boolean)
        return value === 'true' ? flag : `--${input}=false`;
    return `${flag} ${/[\s"'$]/.test(value) || value === '' ? JSON.stringify(value) : value}`;
}
const MARKER_RE = /⦃(!?[a-z0-9-]+)(?:=([^⦄]*))?⦄/g;
/** Turns every input marker in a text into the face's own words. */
function renderNames(text, face) {
    if (!text.includes(OPEN))
        return text;
    return text.replace(MARKER_RE, (_m, input, value) => {
        if (input.startsWith('!'))
            return PHRASES[input.slice(1)]?.[face] ?? input.slice(1);
        if (value === undefined)
            return face === 'action' ? `input "${input}"` : cliFlag(input);
        return face === 'action' ? `${input}: ${value}` : cliSetting(input, value);
    });
}
/** The inputs the CLI has as flags. */
const CLI_NAMES = INPUT_NAMES.filter((n) => !n.actionOnly);


/***/ })

};
