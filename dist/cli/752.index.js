export const id = 752;
export const ids = [752,96];
export const modules = {

/***/ 8096:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Y: () => (/* binding */ cacheAuthKey),
/* harmony export */   localCache: () => (/* binding */ localCache),
/* harmony export */   noCache: () => (/* binding */ noCache)
/* harmony export */ });
/* unused harmony exports CHECKSUM_FILE, HMAC_FILE, authProblem, MAX_KEY_LENGTH, safeCacheKey, writeChecksums, checksumProblem, archivePrefix, actionsCache, defaultLocalCacheDir */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var _common_errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(1922);
/* harmony import */ var _common_hash_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(6941);
/**
 * A cache of downloaded installers, keyed by agent version, Protect/sensor, tenant and installer set.
 * Two stores: the GitHub Actions cache (@actions/cache) for the action, a local folder for the CLI.
 * Both write a checksum list (SHA256SUMS, sha256 per file) with the files and verify it on restore:
 * a cache entry that does not match is reported and treated as a miss. The cache never fails the job:
 * every cache error becomes a warning and the installers are downloaded instead.
 *
 * Whoever can write the cache scope (any workflow of the repository, a user of the machine) could
 * otherwise seed an entry, SHA256SUMS included, that the next run installs on every instance. So an
 * entry is authenticated: SHA256SUMS.hmac holds an HMAC-SHA256 over the entry's key and its
 * SHA256SUMS, keyed from the tenant's API secret (HKDF), and an entry whose HMAC does not verify is
 * treated as absent (a warning, then a download). Without the secret no valid entry can be made.
 *
 * Nothing of an entry is used, or written anywhere but a fresh private temporary folder, before it is
 * authenticated: the store restores into that folder (the Actions cache's archive is read by
 * cache-archive.ts, never extracted by tar), the HMAC and the checksums are checked there, and only
 * then are the files moved into the run's folder. Cache keys are not secret (they are logged, and
 * the REST API lists them); the HMAC is what an entry's writer cannot make.
 */







const CHECKSUM_FILE = 'SHA256SUMS';
/** The entry's HMAC over its key and SHA256SUMS. */
const HMAC_FILE = 'SHA256SUMS.hmac';
/**
 * The cache's secret key, derived from the tenant's API secret (HKDF-SHA256): it names entries
 * (installerCacheKey) and authenticates them, and is never logged. Only a holder of the API secret
 * can make an entry that a run accepts.
 */
function cacheAuthKey(apiSecret) {
    // An empty secret would make the key (and so every entry's HMAC) computable from public values.
    if (!apiSecret.trim())
        throw new Error('the installer cache needs the API secret; it is empty');
    return Buffer.from((0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.hkdfSync)('sha256', apiSecret, 'uptycs-distributor-action', 'installer-cache-v2', 32));
}
function entryMac(auth, key, sums) {
    return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHmac)('sha256', auth).update(`${key}\n`).update(sums).digest();
}
/** Why the entry in dir is not authenticated for key, or undefined when its HMAC verifies. */
async function authProblem(dir, key, auth) {
    const [sums, mac] = await Promise.all([
        (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readFile)(node_path__WEBPACK_IMPORTED_MODULE_3___default().join(dir, CHECKSUM_FILE)).catch(() => undefined),
        (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readFile)(node_path__WEBPACK_IMPORTED_MODULE_3___default().join(dir, HMAC_FILE), 'utf8').catch(() => undefined),
    ]);
    if (!sums)
        return `${CHECKSUM_FILE} is missing`;
    if (mac === undefined)
        return `${HMAC_FILE} is missing (an entry this version did not write)`;
    const given = Buffer.from(mac.trim(), 'hex');
    const want = entryMac(auth, key, sums);
    return given.length === want.length && (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.timingSafeEqual)(given, want)
        ? undefined
        : `its HMAC does not verify with this tenant's API secret`;
}
/** @actions/cache refuses longer keys, and commas. */
const MAX_KEY_LENGTH = 512;
/** Makes any string a valid cache key: no commas or odd characters, at most 512 characters. */
function safeCacheKey(key) {
    const k = key.replace(/[^A-Za-z0-9._+=-]/g, '_');
    if (k.length <= MAX_KEY_LENGTH)
        return k;
    const h = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(k).digest('hex').slice(0, 16);
    return `${k.slice(0, MAX_KEY_LENGTH - 17)}-${h}`;
}
/** Every regular file below dir, as sorted "/"-separated relative paths (CHECKSUM_FILE excluded). */
async function listFiles(dir) {
    const out = [];
    const walk = async (rel) => {
        for (const d of await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readdir)(node_path__WEBPACK_IMPORTED_MODULE_3___default().join(dir, rel), { withFileTypes: true })) {
            const r = rel ? `${rel}/${d.name}` : d.name;
            if (d.isDirectory())
                await walk(r);
            else if (d.isFile() && r !== CHECKSUM_FILE && r !== HMAC_FILE)
                out.push(r);
            else if (!d.isFile())
                throw new Error(`${r} is neither a file nor a folder`);
        }
    };
    await walk('');
    return out.sort();
}
/**
 * Writes dir/SHA256SUMS ("<sha256>  <relative path>" per file, sha256sum's format) and, given the
 * entry's key and the cache's secret key, dir/SHA256SUMS.hmac.
 */
async function writeChecksums(dir, known, entry) {
    const lines = [];
    for (const f of await listFiles(dir))
        lines.push(`${known?.get(f) ?? (await (0,_common_hash_js__WEBPACK_IMPORTED_MODULE_5__/* .sha256File */ .Q3)(node_path__WEBPACK_IMPORTED_MODULE_3___default().join(dir, f)))}  ${f}`);
    const sums = Buffer.from(`${lines.join('\n')}\n`);
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.writeFile)(node_path__WEBPACK_IMPORTED_MODULE_3___default().join(dir, CHECKSUM_FILE), sums);
    if (entry)
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.writeFile)(node_path__WEBPACK_IMPORTED_MODULE_3___default().join(dir, HMAC_FILE), `${entryMac(entry.auth, entry.key, sums).toString('hex')}\n`);
}
/** Why dir does not match its SHA256SUMS (missing, extra or changed files), or undefined when it does. */
async function checksumProblem(dir) {
    let text;
    try {
        text = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readFile)(node_path__WEBPACK_IMPORTED_MODULE_3___default().join(dir, CHECKSUM_FILE), 'utf8');
    }
    catch {
        return `${CHECKSUM_FILE} is missing`;
    }
    const listed = new Map();
    for (const line of text.split('\n')) {
        if (!line.trim())
            continue;
        const m = /^([0-9a-f]{64}) {2}(.+)$/.exec(line);
        if (!m || m[2].split('/').some((s) => s === '..' || s === '' || s === '.'))
            return `${CHECKSUM_FILE} has a malformed line`;
        listed.set(m[2], m[1]);
    }
    if (!listed.size)
        return `${CHECKSUM_FILE} lists no files`;
    let present;
    try {
        present = await listFiles(dir);
    }
    catch (err) {
        return (0,_common_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .errorMessage */ .gJ)(err);
    }
    for (const f of present)
        if (!listed.has(f))
            return `${f} is not listed in ${CHECKSUM_FILE}`;
    const files = [...listed.keys()];
    const missing = files.find((f) => !present.includes(f));
    if (missing)
        return `${missing} is missing`;
    const sums = await (0,_common_hash_js__WEBPACK_IMPORTED_MODULE_5__/* .sha256Files */ .Rs)(files.map((f) => node_path__WEBPACK_IMPORTED_MODULE_3___default().join(dir, f)));
    const changed = files.find((f, i) => sums[i] !== listed.get(f));
    return changed ? `${changed} does not match its sha256` : undefined;
}
async function emptyDir(dir) {
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rm)(dir, { recursive: true, force: true });
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.mkdir)(dir, { recursive: true });
}
/** Moves the (verified) contents of stage into dir, which exists and is empty. */
async function moveInto(stage, dir) {
    for (const name of await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readdir)(stage)) {
        const from = node_path__WEBPACK_IMPORTED_MODULE_3___default().join(stage, name);
        const to = node_path__WEBPACK_IMPORTED_MODULE_3___default().join(dir, name);
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rename)(from, to).catch(async (err) => {
            if (err.code !== 'EXDEV')
                throw err;
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.cp)(from, to, { recursive: true, errorOnExist: true, force: false });
        });
    }
}
/** Restores entry k into stage and authenticates it there: true when it may be used. */
async function restoreVerified(store, log, k, dir, stage, auth) {
    let hit;
    try {
        hit = await store.restore(k, dir, stage);
    }
    catch (err) {
        log.warning(`${store.name}: restoring ${k} failed (${(0,_common_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .errorMessage */ .gJ)(err)}); downloading instead`);
        return false;
    }
    if (!hit) {
        log.info(`${store.name}: no entry ${k}`);
        return false;
    }
    const unauthenticated = await authProblem(stage, k, auth).catch((err) => (0,_common_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .errorMessage */ .gJ)(err));
    if (unauthenticated) {
        log.warning(`${store.name}: entry ${k} is not trusted (${unauthenticated}); ignoring it and downloading again`);
        return false;
    }
    const problem = await checksumProblem(stage).catch((err) => (0,_common_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .errorMessage */ .gJ)(err));
    if (problem) {
        log.warning(`${store.name}: entry ${k} is damaged (${problem}); ignoring it and downloading again`);
        return false;
    }
    return true;
}
/** Adds checksums, verification and "never fail" to a store. */
function verified(store, log) {
    return {
        async restore(key, dir, auth) {
            const k = safeCacheKey(key);
            // Outside the workspace and dist/, readable by this user only (mkdtemp's mode is 0700).
            const stage = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.mkdtemp)(node_path__WEBPACK_IMPORTED_MODULE_3___default().join((0,node_os__WEBPACK_IMPORTED_MODULE_2__.tmpdir)(), 'uptycs-cache-entry-'));
            try {
                if (!(await restoreVerified(store, log, k, dir, stage, auth))) {
                    await emptyDir(dir).catch(() => undefined);
                    return false;
                }
                await moveInto(stage, dir);
                log.info(`${store.name}: restored ${k}`);
                return true;
            }
            catch (err) {
                log.warning(`${store.name}: restoring ${k} failed (${(0,_common_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .errorMessage */ .gJ)(err)}); downloading instead`);
                await emptyDir(dir).catch(() => undefined);
                return false;
            }
            finally {
                await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rm)(stage, { recursive: true, force: true });
            }
        },
        async save(key, dir, auth, known) {
            const k = safeCacheKey(key);
            try {
                await writeChecksums(dir, known, { key: k, auth });
                await store.save(k, dir);
            }
            catch (err) {
                log.warning(`${store.name}: saving ${k} failed (${(0,_common_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .errorMessage */ .gJ)(err)}); the next run will download again`);
            }
        },
    };
}
/** The entry's archive from the runner's cache service (cache-archive.ts), never extracted by tar. */
async function downloadEntry(paths, key, file) {
    const { cacheVersion, compressionMethod, downloadArchive, entryUrl } = await __webpack_require__.e(/* import() */ 331).then(__webpack_require__.bind(__webpack_require__, 8331));
    const url = await entryUrl(key, cacheVersion(paths, await compressionMethod()));
    if (!url)
        return false;
    await downloadArchive(url, file);
    return true;
}
/** How an archive saved by @actions/cache names `dir`: relative to the workspace, "/"-separated. */
function archivePrefix(dir, env = process.env) {
    const rel = path.relative(env.GITHUB_WORKSPACE ?? process.cwd(), dir);
    return rel ? rel.split(path.sep).join('/') : '.';
}
/**
 * The GitHub Actions cache. Save and restore pass the very same path list ([dir]); keys have no
 * commas and at most 512 characters. When the service is not available (e.g. outside GitHub or on a
 * GHES without cache), it is a silent miss. An entry's archive is downloaded into a private folder
 * and read there (cache-archive.ts): only its regular files below dir's own folder are unpacked, into
 * the stage, and an archive holding anything else is refused whole.
 */
function actionsCache(log, given) {
    // Loaded only when a run reaches the cache (the toolkit and its Azure client are 3.5 MB of code).
    let api = given;
    const load = async () => (api ??= { ...(await __webpack_require__.e(/* import() */ 885).then(__webpack_require__.bind(__webpack_require__, 885))), downloadEntry });
    const available = async () => {
        try {
            return (await load()).isFeatureAvailable();
        }
        catch {
            return false;
        }
    };
    return verified({
        name: 'GitHub Actions cache',
        async restore(key, dir, stage) {
            if (!(await available())) {
                log.info('GitHub Actions cache: not available here; downloading');
                return false;
            }
            const { decompress, unpackEntry } = await __webpack_require__.e(/* import() */ 331).then(__webpack_require__.bind(__webpack_require__, 8331));
            const work = await mkdtemp(path.join(tmpdir(), 'uptycs-cache-archive-'));
            try {
                const archive = path.join(work, 'entry.archive');
                if (!(await (await load()).downloadEntry([dir], key, archive)))
                    return false;
                await decompress(archive, path.join(work, 'entry.tar'));
                await rm(archive);
                await unpackEntry(path.join(work, 'entry.tar'), archivePrefix(dir), stage);
                return true;
            }
            finally {
                await rm(work, { recursive: true, force: true });
            }
        },
        async save(key, dir) {
            if (!(await available()))
                return;
            try {
                await (await load()).saveCache([dir], key);
            }
            catch (err) {
                const name = err?.name ?? '';
                // Another job saved the same key first, or this run may only read the cache.
                // Either way the next run downloads again: say so where it is seen.
                if (name === 'ReserveCacheError' || name === 'CacheWriteDeniedError')
                    log.warning(`GitHub Actions cache: not saved (${errorMessage(err)}); the next run will download again`);
                else
                    throw err;
            }
        },
    }, log);
}
/** ~/.cache/uptycs-distributor-action/installers (XDG_CACHE_HOME respected). */
function defaultLocalCacheDir(env = process.env) {
    const base = env.XDG_CACHE_HOME?.trim() || node_path__WEBPACK_IMPORTED_MODULE_3___default().join((0,node_os__WEBPACK_IMPORTED_MODULE_2__.homedir)(), '.cache');
    return node_path__WEBPACK_IMPORTED_MODULE_3___default().join(base, 'uptycs-distributor-action', 'installers');
}
/**
 * A cache in a local folder, for the CLI: <root>/<key>/ holds a copy of dir. Entries are written to
 * a temporary folder and renamed into place, so a half-written entry is never seen. The folder is
 * private to the user (installers carry the tenant's enrollment secrets).
 */
function localCache(log, root = defaultLocalCacheDir()) {
    return verified({
        name: `local cache ${root}`,
        async restore(key, _dir, stage) {
            const entry = node_path__WEBPACK_IMPORTED_MODULE_3___default().join(root, key);
            const st = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.stat)(entry).catch(() => undefined);
            if (!st?.isDirectory())
                return false;
            // Links are copied as links (never followed), and then refused by the checksum check.
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.cp)(entry, stage, { recursive: true, verbatimSymlinks: true });
            return true;
        },
        async save(key, dir) {
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.mkdir)(root, { recursive: true, mode: 0o700 });
            const entry = node_path__WEBPACK_IMPORTED_MODULE_3___default().join(root, key);
            const tmp = node_path__WEBPACK_IMPORTED_MODULE_3___default().join(root, `.${key}.${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(6).toString('hex')}.tmp`);
            try {
                await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.cp)(dir, tmp, { recursive: true });
                await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rm)(entry, { recursive: true, force: true });
                await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rename)(tmp, entry);
            }
            finally {
                await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rm)(tmp, { recursive: true, force: true });
            }
        },
    }, log);
}
/** No cache at all (input cache: false, benchmarks). */
const noCache = {
    restore: async () => false,
    save: async () => undefined,
};


/***/ }),

/***/ 6752:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  downloadInstallers: () => (/* binding */ downloadInstallers),
  resolveAgentVersion: () => (/* binding */ resolveAgentVersion)
});

// UNUSED EXPORTS: compareVersions, downloadQuery, findAssetGroup, flavorOses, installerCacheKey, newestVersion

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/common/errors.ts
var errors = __webpack_require__(1922);
// EXTERNAL MODULE: ./src/common/log.ts
var common_log = __webpack_require__(1095);
// EXTERNAL MODULE: ./src/agents/cache.ts
var cache = __webpack_require__(8096);
// EXTERNAL MODULE: ./src/agents/installer.ts
var installer = __webpack_require__(3906);
// EXTERNAL MODULE: ./src/plan/installers.ts
var installers = __webpack_require__(9186);
// EXTERNAL MODULE: ./src/common/limit.ts
var common_limit = __webpack_require__(1398);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(7067);
var external_node_http_default = /*#__PURE__*/__webpack_require__.n(external_node_http_);
// EXTERNAL MODULE: external "node:https"
var external_node_https_ = __webpack_require__(4708);
var external_node_https_default = /*#__PURE__*/__webpack_require__.n(external_node_https_);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __webpack_require__(6466);
// EXTERNAL MODULE: ./node_modules/jose/dist/webapi/jwt/sign.js + 9 modules
var sign = __webpack_require__(362);
// EXTERNAL MODULE: ./src/common/proxy.ts
var proxy = __webpack_require__(1709);
// EXTERNAL MODULE: ./node_modules/p-retry/index.js + 1 modules
var p_retry = __webpack_require__(4995);
// EXTERNAL MODULE: ./src/inputs/index.ts + 6 modules
var inputs = __webpack_require__(6211);
// EXTERNAL MODULE: ./src/common/hash.ts
var hash = __webpack_require__(6941);
// EXTERNAL MODULE: ./src/common/names.ts
var common_names = __webpack_require__(3117);
;// CONCATENATED MODULE: ./src/agents/uptycs/client.ts
/**
 * A small HTTP client for the Uptycs public API on Node's own http/https modules (streaming bodies,
 * full control of timeouts). Every request carries a fresh HS256 JWT (iss = key, exp in 5 minutes)
 * that is registered as a secret before it is used. TLS is always verified: production trusts
 * Node's CA store plus NODE_EXTRA_CA_CERTS (and NODE_USE_SYSTEM_CA); HTTPS_PROXY / NO_PROXY of the
 * environment are honoured (../../common/proxy.ts); the `ca` option exists for tests only.
 *
 * Retries (p-retry, jittered exponential backoff): 408, 425, 429 (honouring Retry-After), 5xx,
 * network errors, stalled or truncated bodies. Never: 401/403 (a UserError about the key), 404 and
 * other 4xx, wrong content.
 */

















const DEFAULT_TUNING = {
    retries: 5,
    minRetryDelayMs: 2_000,
    maxRetryDelayMs: 60_000,
    maxRetryAfterMs: 5 * 60_000,
    responseTimeoutMs: 10 * 60_000,
    stallTimeoutMs: 3 * 60_000,
    requestTimeoutMs: 2 * 60_000,
    downloadTimeoutMs: 30 * 60_000,
    progressIntervalMs: 15_000,
};
/** An API call that failed; `retryable` says whether trying again may help. */
class ApiError extends Error {
    retryable;
    status;
    retryAfterMs;
    constructor(message, retryable, status, retryAfterMs) {
        super(message);
        this.retryable = retryable;
        this.status = status;
        this.retryAfterMs = retryAfterMs;
        this.name = 'ApiError';
    }
}
const KEY_REJECTED = `the Uptycs API key in ${(0,common_names/* ref */.KR)('config')} was rejected (wrong key/secret, or the key lacks permission)`;
const RETRYABLE_STATUS = new Set([408, 425, 429, 500, 502, 503, 504]);
const RETRYABLE_CODES = new Set([
    'ECONNRESET',
    'ECONNREFUSED',
    'ECONNABORTED',
    'EPIPE',
    'ETIMEDOUT',
    'EAI_AGAIN',
    'ENETUNREACH',
    'ENETDOWN',
    'EHOSTUNREACH',
    'UND_ERR_SOCKET',
    'ERR_STREAM_PREMATURE_CLOSE',
]);
const TLS_CODES = /^(CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|ERR_TLS_CERT_ALTNAME_INVALID|HOSTNAME_MISMATCH|ERR_SSL_)/;
const MAX_JSON_BYTES = 16 * 1024 * 1024;
const MAX_ERROR_BODY = 8 * 1024;
const MAX_REDIRECTS = 5;
function sleep(ms, signal) {
    return new Promise((resolve, reject) => {
        if (signal?.aborted)
            return reject(signal.reason);
        const onAbort = () => {
            clearTimeout(t);
            reject(signal.reason);
        };
        const t = setTimeout(() => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
        }, ms);
        signal?.addEventListener('abort', onAbort, { once: true });
    });
}
/** Retry-After as milliseconds: delta-seconds or an HTTP date. */
function parseRetryAfter(value, now = Date.now()) {
    if (!value)
        return undefined;
    const v = value.trim();
    if (/^\d+(\.\d+)?$/.test(v))
        return Math.round(Number(v) * 1000);
    const t = Date.parse(v);
    return Number.isNaN(t) ? undefined : Math.max(0, t - now);
}
/**
 * The file name in a Content-Disposition header (filename* preferred), or undefined when there is none.
 * The value is not yet checked: see fileNameProblem.
 */
function contentDispositionName(header) {
    if (!header)
        return undefined;
    const star = /filename\*\s*=\s*([^;]+)/i.exec(header);
    if (star) {
        const m = /^\s*([\w!#$%&+^`{}~-]+)'[^']*'(.*?)\s*$/.exec(star[1]);
        if (m) {
            try {
                return decodeURIComponent(m[2].replace(/^"|"$/g, ''));
            }
            catch {
                return m[2];
            }
        }
    }
    const quoted = /filename\s*=\s*"((?:[^"\\]|\\.)*)"/i.exec(header);
    if (quoted)
        return quoted[1].replace(/\\(.)/g, '$1');
    const bare = /filename\s*=\s*([^;]*)/i.exec(header);
    return bare ? bare[1].trim() : undefined;
}
/** Why a server-given file name cannot be used as an installer name, or undefined when it can. */
function fileNameProblem(name, type) {
    const shown = JSON.stringify(name);
    if (!name)
        return 'the file name is empty';
    if (/[/\\]/.test(name))
        return `the file name ${shown} contains a path separator`;
    if (name.includes('..'))
        return `the file name ${shown} contains ".."`;
    // eslint-disable-next-line no-control-regex
    if (/[\x00-\x1f\x7f]/.test(name))
        return `the file name ${shown} contains control characters`;
    if (name.length > 200)
        return `the file name is ${name.length} characters long`;
    if (!/^[A-Za-z0-9][A-Za-z0-9._+-]*$/.test(name))
        return `the file name ${shown} holds characters other than letters, digits and . _ + -`;
    if (!name.toLowerCase().endsWith(installer/* EXTENSION */.Ys[type]))
        return `the file name ${shown} does not end in ${installer/* EXTENSION */.Ys[type]}`;
    return undefined;
}
/** A short, single-line description of an error body: the JSON error detail, or the text without tags. */
function errorDetail(body) {
    const trimmed = body.trim();
    if (!trimmed)
        return '';
    try {
        const j = JSON.parse(trimmed);
        const e = (j.error ?? j);
        const m = e.message;
        const candidates = [
            typeof m === 'object' && m ? m.detail : undefined,
            m,
            e.detail,
            e.code,
            j.message,
        ];
        const found = candidates.find((c) => typeof c === 'string' && c.trim());
        if (typeof found === 'string')
            return oneLine(found);
    }
    catch {
        // not JSON: fall through
    }
    const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(trimmed)?.[1]?.trim();
    if (title)
        return oneLine(title.replace(/&[a-z]+;/gi, ' '));
    const text = trimmed
        .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
        .replace(/<[^>]*>/g, ' ')
        .replace(/&[a-z]+;/gi, ' ');
    return oneLine(text);
}
function oneLine(s) {
    const t = s.replace(/\s+/g, ' ').trim();
    return t.length > 200 ? `${t.slice(0, 200)}…` : t;
}
/** A network error's code in words, keeping the code for searching. */
function networkCause(code, msg) {
    const words = {
        ECONNRESET: 'the connection was reset',
        ECONNREFUSED: 'the connection was refused',
        ECONNABORTED: 'the connection was aborted',
        EPIPE: 'the connection closed while sending',
        ETIMEDOUT: 'the connection timed out',
        EAI_AGAIN: 'DNS did not answer',
        ENETUNREACH: 'the network is unreachable',
        ENETDOWN: 'the network is down',
        EHOSTUNREACH: 'the host is unreachable',
    };
    return words[code] ? `${words[code]} (${code})` : code || msg;
}
function codeOf(err) {
    const e = err;
    return String(e?.code ?? e?.cause?.code ?? '');
}
class UptycsClient {
    baseUrl;
    tuning;
    log;
    apiKey;
    secretBytes;
    agent;
    fallbackWarned = false;
    hasher = (0,hash/* sharedHasher */.l9)();
    /** Some answer came from the API in this run: a refused connection after that is worth retrying. */
    answered = false;
    constructor(opts) {
        this.baseUrl = opts.baseUrl;
        if (this.baseUrl.protocol !== 'https:' &&
            !(this.baseUrl.protocol === 'http:' && (0,inputs/* isLoopback */.U9)(this.baseUrl.hostname)))
            throw new errors/* UserError */.yo(`${(0,common_names/* ref */.KR)('uptycs-api-url')}: ${this.baseUrl.protocol}// is refused: use https:// (plain http:// is allowed only to a loopback address)`);
        this.tuning = { ...DEFAULT_TUNING, ...opts.tuning };
        this.log = opts.log;
        this.apiKey = opts.apiKey;
        this.log.setSecret(opts.apiKey.key);
        this.log.setSecret(opts.apiKey.secret);
        this.secretBytes = new TextEncoder().encode(opts.apiKey.secret);
        // rejectUnauthorized is Node's default; it is spelled out so that nobody turns it off by accident.
        // With HTTPS_PROXY (and NO_PROXY) in the environment, through that proxy; else Node's global agent.
        this.agent =
            opts.ca || (0,proxy/* proxyConfigured */.$o)(process.env)
                ? (0,proxy/* httpsAgent */.fG)(process.env, { ...(opts.ca ? { ca: opts.ca } : {}), rejectUnauthorized: true })
                : (external_node_https_default()).globalAgent;
    }
    /** Closes idle keep-alive connections of a test agent (the shared hashing thread stays). */
    close() {
        if (this.agent !== (external_node_https_default()).globalAgent)
            this.agent.destroy();
        return Promise.resolve();
    }
    /** A fresh JWT, registered as a secret before it is used anywhere. */
    async token() {
        const now = Math.floor(Date.now() / 1000);
        const jwt = await new sign/* SignJWT */.P({})
            .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
            .setIssuer(this.apiKey.key)
            .setIssuedAt(now)
            .setExpirationTime(now + 300)
            .sign(this.secretBytes);
        this.log.setSecret(jwt);
        return jwt;
    }
    url(p, query = {}) {
        const u = new URL(this.baseUrl.href.replace(/\/+$/, '') + p);
        for (const [k, v] of Object.entries(query))
            u.searchParams.set(k, v);
        return u;
    }
    /** GET a JSON document. */
    async getJson(p, signal) {
        const what = `GET ${p}`;
        return this.retry(what, signal, async () => {
            const res = await this.send(this.url(p), what, 'application/json', signal, Math.min(this.tuning.responseTimeoutMs, this.tuning.requestTimeoutMs));
            const text = await this.readText(res, MAX_JSON_BYTES, this.tuning.requestTimeoutMs);
            try {
                return JSON.parse(text);
            }
            catch {
                const type = String(res.headers['content-type'] ?? 'no content type');
                const looks = /^\s*</.test(text) ? ', it looks like an HTML page' : '';
                throw new ApiError(`the answer is not JSON (${type}${looks}); check the key file's domain and domainSuffix (or ${(0,common_names/* ref */.KR)('uptycs-api-url')})`, false);
            }
        });
    }
    /** Downloads one installer into req.dir, checked, through a temporary file renamed into place at the end. */
    async download(req) {
        const what = `GET ${req.path}?${new URLSearchParams(req.query).toString()}`;
        return this.retry(what, req.signal, () => this.downloadOnce(req, what));
    }
    async retry(what, signal, fn) {
        let attempts = 0;
        try {
            return await this.retryLoop(what, signal, fn, () => attempts++);
        }
        catch (err) {
            if (!(err instanceof ApiError))
                throw err;
            const gaveUp = attempts > 1 ? ` (gave up after ${attempts} attempts)` : '';
            throw new ApiError(`Uptycs API ${what}: ${err.message}${gaveUp}`, false, err.status);
        }
    }
    async retryLoop(what, signal, fn, count) {
        const t = this.tuning;
        return (0,p_retry/* default */.Ay)(async () => {
            count();
            try {
                return await fn();
            }
            catch (err) {
                throw this.normalize(err, what, signal);
            }
        }, {
            retries: t.retries,
            minTimeout: 0,
            maxTimeout: 0,
            signal,
            // p-retry calls this only while retries are left; the delay is ours: Retry-After when the
            // server gives one, else exponential with full jitter in [delay/2, delay].
            shouldRetry: async ({ error, attemptNumber }) => {
                if (!(error instanceof ApiError) || !error.retryable || signal?.aborted)
                    return false;
                const backoff = Math.min(t.maxRetryDelayMs, t.minRetryDelayMs * 2 ** (attemptNumber - 1));
                const jittered = Math.round(backoff / 2 + (Math.random() * backoff) / 2);
                const delay = error.retryAfterMs !== undefined ? Math.min(error.retryAfterMs, t.maxRetryAfterMs) : jittered;
                this.log.warning(`${what} failed (attempt ${attemptNumber} of ${t.retries + 1}): ${error.message}; retrying in ${(0,common_log.formatDuration)(delay)}${error.retryAfterMs !== undefined ? ' (as Retry-After asks)' : ''}`);
                await sleep(delay, signal);
                return true;
            },
        });
    }
    /** Turns any failure into an ApiError (or keeps a UserError), deciding whether it is worth retrying. */
    normalize(err, what, signal) {
        if (err instanceof ApiError || err instanceof errors/* UserError */.yo)
            return err;
        if (signal?.aborted)
            return err instanceof Error ? err : new Error(String(err));
        const code = codeOf(err);
        const msg = err instanceof Error ? err.message : String(err);
        if (TLS_CODES.test(code))
            return new ApiError(`TLS verification of ${this.baseUrl.host} failed (${code}): the certificate is not trusted. If your Uptycs stack uses a private CA, give its PEM file in the environment variable NODE_EXTRA_CA_CERTS`, false);
        // Nothing listens there, and nothing ever answered in this run: a wrong address, not a hiccup
        // (retrying would only add half a minute before the same answer).
        if (code === 'ECONNREFUSED' && !this.answered)
            return new errors/* UserError */.yo(`nothing answers at ${this.baseUrl.origin} (connection refused); check ${(0,common_names/* ref */.KR)('uptycs-api-url')}, or "domain" and "domainSuffix" in the key file given as ${(0,common_names/* ref */.KR)('config')}`);
        if (code === 'ENOTFOUND')
            return new errors/* UserError */.yo(`the Uptycs API host ${this.baseUrl.hostname} was not found (DNS); check "domain" and "domainSuffix" in the key file given as ${(0,common_names/* ref */.KR)('config')} (or ${(0,common_names/* ref */.KR)('uptycs-api-url')})`);
        // DNS could not answer at all, and nothing has answered in this run: this machine has no working
        // name resolution (offline, or only a proxy reaches out); retries would add half a minute, not an answer.
        if (code === 'EAI_AGAIN' && !this.answered)
            return new errors/* UserError */.yo(`cannot look up the Uptycs API host ${this.baseUrl.hostname}: DNS does not answer on this machine (EAI_AGAIN); check its network and DNS, or set HTTPS_PROXY (with NODE_USE_ENV_PROXY=1) when only a proxy reaches the internet`);
        if (RETRYABLE_CODES.has(code) || /socket hang up|aborted|terminated|premature/i.test(msg))
            return new ApiError(`network error reaching ${this.baseUrl.host}: ${networkCause(code, msg)}`, true);
        return new ApiError(`${what} failed: ${msg}${code ? ` (${code})` : ''}`, false);
    }
    /**
     * Sends a GET and resolves with a 2xx response (redirects followed; Authorization is sent only to
     * the API's own origin). Non-2xx answers become errors after reading a little of their body.
     */
    async send(url, what, accept, signal, responseTimeoutMs = this.tuning.responseTimeoutMs) {
        let current = url;
        for (let hop = 0;; hop++) {
            const sameOrigin = current.origin === this.baseUrl.origin;
            const headers = {
                accept,
                'accept-encoding': 'identity',
                'user-agent': 'uptycs-distributor-action',
                date: new Date().toUTCString(),
            };
            if (sameOrigin)
                headers.authorization = `Bearer ${await this.token()}`;
            const res = await this.request(current, headers, signal, responseTimeoutMs);
            this.answered = true;
            const status = res.statusCode ?? 0;
            if ([301, 302, 303, 307, 308].includes(status) && res.headers.location) {
                res.resume();
                if (hop >= MAX_REDIRECTS)
                    throw new ApiError(`more than ${MAX_REDIRECTS} redirects`, false);
                const next = new URL(res.headers.location, current);
                if (next.protocol !== 'https:' && !(next.protocol === 'http:' && (0,inputs/* isLoopback */.U9)(next.hostname)))
                    throw new ApiError(`refused a redirect to ${next.protocol}//${next.host} (not https)`, false);
                this.log.debug(`${what}: redirected to ${next.origin}${next.pathname}`);
                current = next;
                continue;
            }
            if (status >= 200 && status < 300)
                return res;
            const body = await this.readText(res, MAX_ERROR_BODY, this.tuning.requestTimeoutMs, true).catch(() => '');
            const detail = errorDetail(body);
            const suffix = detail ? `: ${detail}` : '';
            if (status === 401 || status === 403)
                throw new errors/* UserError */.yo(`${KEY_REJECTED} (HTTP ${status} from ${what}${suffix})`);
            const retryAfterMs = status === 429 || status === 503 ? parseRetryAfter(res.headers['retry-after']) : undefined;
            throw new ApiError(`HTTP ${status}${res.statusMessage ? ` ${res.statusMessage}` : ''}${suffix}`, RETRYABLE_STATUS.has(status), status, retryAfterMs);
        }
    }
    request(url, headers, signal, timeoutMs) {
        return new Promise((resolve, reject) => {
            const isHttps = url.protocol === 'https:';
            const options = { method: 'GET', headers, signal };
            if (isHttps)
                options.agent = this.agent;
            const req = (isHttps ? (external_node_https_default()) : (external_node_http_default())).request(url, options, (res) => {
                clearTimeout(timer);
                resolve(res);
            });
            const timer = setTimeout(() => req.destroy(new ApiError(`no response within ${(0,common_log.formatDuration)(timeoutMs)}`, true)), timeoutMs);
            req.on('error', (err) => {
                clearTimeout(timer);
                reject(err);
            });
            req.end();
        });
    }
    /** Reads a body as text, at most `limit` bytes (more is an error unless `truncate`). */
    readText(res, limit, totalMs, truncate = false) {
        return new Promise((resolve, reject) => {
            const chunks = [];
            let size = 0;
            let done = false;
            const finish = (err) => {
                if (done)
                    return;
                done = true;
                clearTimeout(stall);
                clearTimeout(total);
                if (err) {
                    res.destroy();
                    reject(err);
                }
                else
                    resolve(Buffer.concat(chunks).toString('utf8'));
            };
            const stall = setTimeout(() => finish(this.stallError()), this.tuning.stallTimeoutMs);
            const total = setTimeout(() => finish(new ApiError(`the answer took longer than ${(0,common_log.formatDuration)(totalMs)}`, true)), totalMs);
            res.on('data', (chunk) => {
                stall.refresh();
                const room = limit - size;
                if (chunk.length > room) {
                    if (room > 0)
                        chunks.push(chunk.subarray(0, room));
                    size = limit;
                    if (truncate)
                        finish();
                    else
                        finish(new ApiError(`the answer is larger than ${(0,common_log.formatBytes)(limit)}`, false));
                    return;
                }
                chunks.push(chunk);
                size += chunk.length;
            });
            res.on('end', () => {
                const expected = Number(res.headers['content-length']);
                if (!truncate &&
                    Number.isFinite(expected) &&
                    res.headers['content-length'] !== undefined &&
                    expected !== size)
                    finish(new ApiError(`the response ended after ${size} of ${expected} bytes`, true));
                else
                    finish();
            });
            res.on('error', (err) => finish(err));
            res.on('aborted', () => finish(new ApiError('the connection closed before the response was complete', true)));
        });
    }
    contentProblem(type, head, res) {
        const problem = (0,installer/* magicProblem */.$s)(type, Buffer.concat(head), false);
        if (!problem)
            return undefined;
        const ct = String(res.headers['content-type'] ?? 'none');
        return new ApiError(`the answer ${problem} (content type ${ct}); check the asset group, the version and the key's permissions`, false);
    }
    stallError() {
        return new ApiError(`no data received for ${(0,common_log.formatDuration)(this.tuning.stallTimeoutMs)} (the transfer stalled)`, true);
    }
    async downloadOnce(req, what) {
        const started = performance.now();
        const res = await this.send(this.url(req.path, req.query), what, '*/*', req.signal);
        const fileName = this.servedFileName(res, req, what);
        const lengthHeader = res.headers['content-length'];
        const expected = lengthHeader !== undefined && /^\d+$/.test(lengthHeader) ? Number(lengthHeader) : undefined;
        const tmp = external_node_path_default().join(req.dir, `.${fileName}.${(0,external_node_crypto_.randomBytes)(6).toString('hex')}.part`);
        const t = this.watchTransfer(req, res, expected);
        try {
            await this.receive(res, t, tmp, req.signal, expected);
            const final = external_node_path_default().join(req.dir, fileName);
            const sha256 = await t.hash.digest();
            await (0,promises_.rename)(tmp, final);
            return { path: final, fileName, size: t.received(), sha256, ms: performance.now() - started };
        }
        catch (err) {
            res.destroy();
            t.hash.drop();
            await (0,promises_.rm)(tmp, { force: true });
            throw err;
        }
        finally {
            t.dispose();
        }
    }
    /**
     * The name the answer gives the file (Content-Disposition), else the fallback. Decided before any
     * byte is written, and only ever used as a base name in the request's folder.
     */
    servedFileName(res, req, what) {
        const header = res.headers['content-disposition'];
        const given = contentDispositionName(Array.isArray(header) ? header[0] : header);
        if (given !== undefined) {
            const problem = fileNameProblem(given, req.type);
            if (!problem)
                return given;
            res.destroy();
            throw new ApiError(`the Uptycs API sent the ${req.label} installer under an unusable name: ${problem}; nothing was written`, false);
        }
        if (!this.fallbackWarned) {
            this.fallbackWarned = true;
            this.log.warning(`${what}: the answer names no file (no Content-Disposition header); using ${req.fallbackName}`);
        }
        return req.fallbackName;
    }
    /**
     * What watches one transfer: the stall and total timeouts, the progress lines, and a meter that
     * hashes, counts, and refuses a wrong file as soon as its first bytes are in. `dispose` stops the timers.
     */
    watchTransfer(req, res, expected) {
        const hash = this.hasher.create();
        const head = [];
        let headLen = 0;
        let received = 0;
        let lastLogBytes = 0;
        let lastLogAt = performance.now();
        const ac = new AbortController();
        const onOuterAbort = () => ac.abort(req.signal?.reason);
        req.signal?.addEventListener('abort', onOuterAbort, { once: true });
        let failure;
        const fail = (err) => {
            failure ??= err;
            ac.abort(err);
        };
        const { stallTimeoutMs, downloadTimeoutMs, progressIntervalMs } = this.tuning;
        const stall = setTimeout(() => fail(this.stallError()), stallTimeoutMs);
        const total = setTimeout(() => fail(new ApiError(`the download took longer than ${(0,common_log.formatDuration)(downloadTimeoutMs)}`, true)), downloadTimeoutMs);
        const progress = setInterval(() => {
            const now = performance.now();
            const rate = ((received - lastLogBytes) / Math.max(1, now - lastLogAt)) * 1000;
            lastLogBytes = received;
            lastLogAt = now;
            const of = expected ? ` of ${(0,common_log.formatBytes)(expected)} (${Math.floor((received / expected) * 100)}%)` : '';
            this.log.info(`  ${req.label}: ${(0,common_log.formatBytes)(received)}${of}, ${(0,common_log.formatBytes)(rate)}/s`);
        }, progressIntervalMs);
        const meter = new external_node_stream_.Transform({
            transform: (chunk, _enc, cb) => {
                stall.refresh();
                received += chunk.length;
                // Waits while the hashing thread is behind, so that blocks do not pile up in memory.
                const behind = hash.update(chunk);
                if (headLen < installer/* MAGIC_LENGTH */.zN) {
                    head.push(chunk.subarray(0, installer/* MAGIC_LENGTH */.zN - headLen));
                    headLen += Math.min(chunk.length, installer/* MAGIC_LENGTH */.zN - headLen);
                    // Refuse a wrong file (an HTML page, JSON) as soon as its first bytes are in.
                    const problem = headLen >= installer/* MAGIC_LENGTH */.zN ? this.contentProblem(req.type, head, res) : undefined;
                    if (problem)
                        return cb(problem);
                }
                if (expected !== undefined && received > expected)
                    cb(new ApiError(`the server sent more than the ${expected} bytes it announced`, true));
                else if (behind)
                    void behind.then(() => cb(null, chunk));
                else
                    cb(null, chunk);
            },
        });
        return {
            meter,
            signal: ac.signal,
            hash,
            head,
            type: req.type,
            received: () => received,
            failure: () => failure,
            dispose: () => {
                clearTimeout(stall);
                clearTimeout(total);
                clearInterval(progress);
                req.signal?.removeEventListener('abort', onOuterAbort);
            },
        };
    }
    /** Streams the answer into tmp through the meter; a broken or short transfer is a retryable ApiError. */
    async receive(res, t, tmp, outer, expected) {
        const of = () => `${(0,common_log.formatBytes)(t.received())}${expected !== undefined ? ` of ${(0,common_log.formatBytes)(expected)}` : ''}`;
        try {
            await (0,external_node_stream_promises_.pipeline)(res, t.meter, (0,external_node_fs_.createWriteStream)(tmp, { flags: 'wx', mode: 0o600 }), {
                signal: t.signal,
            });
        }
        catch (err) {
            const failure = t.failure();
            if (failure)
                throw failure;
            if (outer?.aborted || err instanceof ApiError)
                throw err;
            if (/aborted|ECONNRESET|premature/i.test(`${codeOf(err)} ${err.message}`))
                throw new ApiError(`the connection broke off after ${of()} (truncated)`, true);
            throw err;
        }
        const failure = t.failure();
        if (failure)
            throw failure;
        if (expected !== undefined && t.received() !== expected)
            throw new ApiError(`the transfer ended after ${of()} (truncated)`, true);
        const problem = this.contentProblem(t.type, t.head, res);
        if (problem)
            throw problem;
    }
}

// EXTERNAL MODULE: ./src/inputs/key.ts
var key = __webpack_require__(7958);
;// CONCATENATED MODULE: ./src/agents/uptycs/index.ts
/**
 * Agents from the Uptycs API: finds the agent version, works out the distinct installers the mapping
 * needs (several entries share one: 8 entries of the original mapping need 5), and downloads each
 * exactly once, in parallel, checked, into a work folder that is cached by version.
 */












/** Query parameters of /packageDownloads for one installer. sensor-only sends no remediationPackage. */
function downloadQuery(spec, version) {
    const q = { osqVersion: version };
    if (spec.graviton)
        q.gravitonPackage = 'true';
    if (spec.protect)
        q.remediationPackage = 'true';
    return q;
}
function versionParts(v) {
    return /^\d+(\.\d+)*$/.test(v) ? v.split('.').map(Number) : undefined;
}
/** Compares dotted numeric versions part by part (missing parts count as 0). */
function compareVersions(a, b) {
    const pa = versionParts(a) ?? [];
    const pb = versionParts(b) ?? [];
    for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
        const d = (pa[i] ?? 0) - (pb[i] ?? 0);
        if (d)
            return d;
    }
    return 0;
}
/** The installer OSes an /osqueryPackages item's osFlavor (or os) names; "all", "any" or none: every OS. */
const FLAVOR_OS = {
    centos: ['centos'],
    rhel: ['centos'],
    redhat: ['centos'],
    amazon: ['centos'],
    amzn: ['centos'],
    suse: ['centos'],
    sles: ['centos'],
    oracle: ['centos'],
    fedora: ['centos'],
    rpm: ['centos'],
    debian: ['debian'],
    ubuntu: ['debian'],
    deb: ['debian'],
    windows: ['windows'],
    win: ['windows'],
    msi: ['windows'],
    linux: ['centos', 'debian'],
};
const ALL_OSES = ['centos', 'debian', 'windows'];
/** The OSes an item serves, from its osFlavor (or os) field; [] for a flavor of none of ours (darwin). */
function flavorOses(item) {
    const it = item;
    const raw = typeof it?.osFlavor === 'string' ? it.osFlavor : typeof it?.os === 'string' ? it.os : '';
    const f = raw.trim().toLowerCase();
    if (!f || f === 'all' || f === 'any' || f === '*')
        return ALL_OSES;
    return FLAVOR_OS[f] ?? [];
}
/**
 * The newest agent version in an /osqueryPackages answer that is offered for every OS in `needed`
 * (each item's osFlavor says which OS it serves; an item without one serves all). The order of items
 * is not trusted. With `needed` empty, the newest version offered for any OS.
 */
function newestVersion(doc, needed = []) {
    const items = doc?.items;
    if (!Array.isArray(items))
        throw new Error('the Uptycs API answered GET /osqueryPackages without an "items" list');
    const offered = new Map();
    for (const it of items) {
        const raw = it?.version;
        if (typeof raw !== 'string')
            continue;
        const v = raw.split('-')[0].trim();
        if (!versionParts(v))
            continue;
        const set = offered.get(v) ?? new Set();
        for (const os of flavorOses(it))
            set.add(os);
        offered.set(v, set);
    }
    if (!offered.size)
        throw new errors/* UserError */.yo(`${(0,common_names/* ref */.KR)('package-version')}: the Uptycs API lists no agent version (GET /osqueryPackages); set it, for example ${(0,common_names/* refValue */.vI)('package-version', '5.7.0.25')}`);
    const all = [...offered.keys()].sort(compareVersions);
    const full = all.filter((v) => needed.every((os) => offered.get(v).has(os)));
    if (!full.length) {
        const per = needed.map((os) => {
            const vs = all.filter((v) => offered.get(v).has(os));
            return `${os}: ${vs.length ? `newest ${vs[vs.length - 1]}` : 'none'}`;
        });
        throw new errors/* UserError */.yo(`${(0,common_names/* ref */.KR)('package-version')} is empty, so the newest version offered for every installer the mapping needs (${needed.join(', ')}) is chosen, but the Uptycs API (GET /osqueryPackages) offers no version for all of them (${per.join('; ')}); set ${(0,common_names/* ref */.KR)('package-version')} to a version offered for each, or remove the entries of the missing OS from the file given as ${(0,common_names/* ref */.KR)('mapping')}`);
    }
    const version = full[full.length - 1];
    const newestAny = all[all.length - 1];
    const choice = { version, count: offered.size };
    if (newestAny !== version)
        choice.heldBack = {
            version: newestAny,
            missing: needed.filter((os) => !offered.get(newestAny).has(os)),
        };
    return choice;
}
/** The agent version: the input, or the newest one offered for every OS the specs need (logged with why). */
async function chooseVersion(listPackages, specs, packageVersion, log) {
    const given = packageVersion.trim();
    if (given) {
        log.info(`Agent version ${given}, from ${(0,common_names/* ref */.KR)('package-version')}`);
        if (!versionParts(given))
            log.warning(`${(0,common_names/* refValue */.vI)('package-version', given)} is not a plain agent version such as 5.7.0.25; the Uptycs API is asked for osqVersion=${given} as given`);
        return { version: given, versionSource: 'input' };
    }
    const needed = [...new Set(specs.map((s) => s.os))];
    const newest = newestVersion(await listPackages(), needed);
    log.info(`Agent version ${newest.version}: the newest of ${newest.count} version${newest.count > 1 ? 's' : ''} the Uptycs API offers for every installer the mapping needs (${needed.join(', ')}; set ${(0,common_names/* ref */.KR)('package-version')} to pin one)`);
    if (newest.heldBack)
        log.notice(`Agent version ${newest.heldBack.version} is offered, but not yet for ${newest.heldBack.missing.join(', ')}: it held the choice back to ${newest.version}`);
    return { version: newest.version, versionSource: 'newest' };
}
/**
 * Resolves the agent version without downloading anything: the input, or the newest version offered
 * for every installer the entries need (one GET /osqueryPackages). The core calls this first so that
 * it can check what is already published before any download.
 */
async function resolveAgentVersion(entries, apiKey, inputs, opts) {
    const { specs } = (0,installers/* planInstallers */.X)(entries, inputs.sensorOnly);
    if (inputs.packageVersion.trim())
        return chooseVersion(() => Promise.resolve({ items: [] }), specs, inputs.packageVersion, opts.log);
    const baseUrl = (0,key/* apiBaseUrl */.tj)(apiKey, inputs.uptycsApiUrl);
    const client = new UptycsClient({ baseUrl, apiKey, log: opts.log, tuning: opts.tuning, ca: opts.ca });
    try {
        return await chooseVersion(() => client.getJson('/osqueryPackages'), specs, '', opts.log);
    }
    finally {
        await client.close();
    }
}
/** The id of the asset group named `name` in an /objectGroups answer. */
function findAssetGroup(doc, name) {
    const items = doc?.items;
    if (!Array.isArray(items))
        throw new Error('the Uptycs API answered GET /objectGroups without an "items" list');
    const groups = items
        .map((it) => it)
        .filter((g) => typeof g?.name === 'string' && (typeof g.id === 'string' || typeof g.id === 'number'))
        .map((g) => ({ id: String(g.id), name: g.name }));
    const exact = groups.filter((g) => g.name === name);
    const found = exact.length ? exact : groups.filter((g) => g.name.toLowerCase() === name.toLowerCase());
    if (found.length === 1)
        return found[0].id;
    const names = [...new Set(groups.map((g) => g.name))].sort();
    const shown = names.slice(0, 30).map((n) => JSON.stringify(n));
    if (found.length > 1)
        throw new errors/* UserError */.yo(`${(0,common_names/* ref */.KR)('asset-group')}: ${found.length} Uptycs asset groups are named "${name}"; rename one of them`);
    throw new errors/* UserError */.yo(`${(0,common_names/* ref */.KR)('asset-group')}: the Uptycs tenant has no asset group named "${name}"; ${names.length
        ? `it has ${names.length}: ${shown.join(', ')}${names.length > shown.length ? ', …' : ''}`
        : 'it lists none (check that the API key may read object groups)'}`);
}
/** The cache key: agent version, Protect/sensor, installer set, and a hash of tenant + asset group. */
function installerCacheKey(version, specs, tenant, auth) {
    const kind = specs[0]?.protect === false ? 'sensor' : 'protect';
    // Keyed by the cache's secret key: nobody without the API secret can tell the next version's key
    // (to seed an entry under it), and each tenant has its own.
    const tag = (0,external_node_crypto_.createHmac)('sha256', auth)
        .update(`${tenant.origin}\n${tenant.customerId}\n${tenant.assetGroup}\n${version}\n${kind}`)
        .digest('hex')
        .slice(0, 32);
    return `uptycs-installers-v2-${version}-${kind}-${specs.map((s) => s.id).join('.')}-${tag}`;
}
const MARKER = '.uptycs-installers';
async function prepareWorkDir(dir) {
    const names = await (0,promises_.readdir)(dir).catch((err) => {
        if (err.code === 'ENOENT')
            return [];
        throw err;
    });
    if (names.length && !names.includes(MARKER))
        throw new Error(`internal: ${dir} is not empty and was not made by the installer download; refusing to empty it`);
    await (0,promises_.rm)(dir, { recursive: true, force: true });
    await (0,promises_.mkdir)(dir, { recursive: true });
    await (0,promises_.writeFile)(external_node_path_default().join(dir, MARKER), '');
}
/** Removes everything but the marker, leaving an empty, reusable work folder. */
async function clearWorkDir(dir) {
    for (const n of await (0,promises_.readdir)(dir).catch(() => []))
        if (n !== MARKER)
            await (0,promises_.rm)(external_node_path_default().join(dir, n), { recursive: true, force: true });
}
/** Reads the installers back from a restored work folder, or says why its layout is not as expected. */
async function installersFromDir(dir, specs) {
    const out = new Map();
    for (const s of specs) {
        const folder = external_node_path_default().join(dir, s.id);
        const names = (await (0,promises_.readdir)(folder).catch(() => [])).filter((n) => !n.startsWith('.'));
        if (names.length !== 1)
            return `${s.id}/ holds ${names.length} files instead of 1`;
        const file = external_node_path_default().join(folder, names[0]);
        const st = await (0,promises_.stat)(file);
        const problem = (0,installer/* magicProblem */.$s)(s.type, await (0,installer/* readHead */.zy)(file));
        if (!st.isFile() || problem)
            return `${s.id}/${names[0]} ${problem ?? 'is not a file'}`;
        out.set(s.id, { path: file, fileName: names[0], size: st.size, type: s.type });
    }
    return out;
}
/**
 * Gets every installer the entries need from the Uptycs API (or from the cache), once per distinct
 * installer. `byDir` maps each entry's dir to the shared file of its installer.
 */
async function downloadInstallers(entries, apiKey, inputs, opts) {
    const { log } = opts;
    const { specs, specByDir } = (0,installers/* planInstallers */.X)(entries, inputs.sensorOnly);
    const baseUrl = (0,key/* apiBaseUrl */.tj)(apiKey, inputs.uptycsApiUrl);
    const client = new UptycsClient({ baseUrl, apiKey, log, tuning: opts.tuning, ca: opts.ca });
    try {
        const chosen = opts.chosenVersion ??
            (await chooseVersion(() => client.getJson('/osqueryPackages'), specs, inputs.packageVersion, log));
        const kind = inputs.sensorOnly ? 'sensor only, without Uptycs Protect' : 'with Uptycs Protect';
        log.info(`${entries.length} mapping entr${entries.length > 1 ? 'ies need' : 'y needs'} ${specs.length} distinct installer${specs.length > 1 ? 's' : ''} (${kind}): ${specs.map((s) => s.id).join(', ')}`);
        const auth = (0,cache/* cacheAuthKey */.Y)(apiKey.secret);
        const cacheKey = installerCacheKey(chosen.version, specs, { origin: baseUrl.origin, customerId: apiKey.customerId, assetGroup: inputs.assetGroup }, auth);
        const workDir = external_node_path_default().resolve(opts.workDir);
        await prepareWorkDir(workDir);
        const cached = await restoreInstallers(opts.cache, cacheKey, auth, workDir, specs, log);
        await (0,promises_.writeFile)(external_node_path_default().join(workDir, MARKER), '');
        if (cached)
            for (const [id, inst] of cached)
                opts.onInstaller?.(id, inst);
        let fetched;
        if (!cached) {
            try {
                fetched = await fetchInstallers(client, specs, {
                    ...chosen,
                    workDir,
                    assetGroup: inputs.assetGroup,
                    concurrency: opts.concurrency,
                    log,
                    ...(opts.onInstaller ? { onInstaller: opts.onInstaller } : {}),
                });
            }
            catch (err) {
                await clearWorkDir(workDir);
                throw err;
            }
            log.info(`Downloaded ${fetched.downloaded} installer${fetched.downloaded > 1 ? 's' : ''}, ${(0,common_log.formatBytes)(fetched.bytes)} in ${(0,common_log.formatDuration)(fetched.ms)} (${(0,common_log.formatBytes)((fetched.bytes / Math.max(1, fetched.ms)) * 1000)}/s) for ${entries.length} mapping entries`);
            await opts.cache.save(cacheKey, workDir, auth, fetched.sha256);
        }
        const installers = (cached ?? fetched.installers);
        const byDir = new Map();
        for (const [dir, spec] of specByDir)
            byDir.set(dir, installers.get(spec.id));
        const downloaded = fetched?.downloaded ?? 0;
        const bytesDownloaded = fetched?.bytes ?? 0;
        const source = cached
            ? `Uptycs API ${baseUrl.origin}, restored from the cache`
            : `downloaded from the Uptycs API ${baseUrl.origin} (${downloaded} installers, ${(0,common_log.formatBytes)(bytesDownloaded)})`;
        return { ...chosen, byDir, cacheHit: !!cached, downloaded, bytesDownloaded, cacheKey, source };
    }
    finally {
        await client.close();
    }
}
/**
 * The installers from the cache, or undefined: no entry, or one that failed its check (the cache
 * checks the HMAC; here each file must be where it belongs and be an installer of its type).
 */
async function restoreInstallers(cache, cacheKey, auth, workDir, specs, log) {
    if (!(await cache.restore(cacheKey, workDir, auth)))
        return undefined;
    const found = await installersFromDir(workDir, specs);
    if (typeof found === 'string') {
        log.warning(`the cached installers are not as expected (${found}); downloading again`);
        await clearWorkDir(workDir);
        return undefined;
    }
    log.info(`Using ${found.size} cached installer${found.size > 1 ? 's' : ''}; nothing downloaded`);
    return found;
}
/** Downloads each installer once, a few at a time, the slowest (Windows) first. */
async function fetchInstallers(client, specs, ctx) {
    const { log } = ctx;
    const groupId = findAssetGroup(await client.getJson('/objectGroups'), ctx.assetGroup);
    log.debug(`asset group "${ctx.assetGroup}" has id ${groupId}`);
    const limit = Math.max(1, ctx.concurrency ?? 3);
    log.info(`Downloading ${specs.length} installer${specs.length > 1 ? 's' : ''} from ${client.baseUrl.origin}, ${Math.min(limit, specs.length)} at a time`);
    const t0 = performance.now();
    // The Windows installer is the slowest to come (minutes have been seen): start it first.
    const queue = [...specs].sort((a, b) => Number(b.os === 'windows') - Number(a.os === 'windows'));
    const files = await (0,common_limit/* mapLimit */.sf)(queue, limit, (spec, signal) => fetchInstaller(client, spec, groupId, ctx, signal));
    const out = {
        installers: new Map(),
        downloaded: files.length,
        bytes: 0,
        ms: 0,
        sha256: new Map(),
    };
    queue.forEach((s, i) => {
        const f = files[i];
        out.installers.set(s.id, {
            path: f.path,
            fileName: f.fileName,
            size: f.size,
            type: s.type,
            sha256: f.sha256,
        });
        out.bytes += f.size;
        out.sha256.set(`${s.id}/${f.fileName}`, f.sha256);
    });
    out.ms = performance.now() - t0;
    return out;
}
/** One installer into its own folder, checked to be what was asked (a 404 names package-version). */
async function fetchInstaller(client, spec, groupId, ctx, signal) {
    const { version, versionSource, assetGroup, log } = ctx;
    const dir = external_node_path_default().join(ctx.workDir, spec.id);
    await (0,promises_.mkdir)(dir, { recursive: true });
    const f = await client
        .download({
        path: `/packageDownloads/osquery/${spec.os}/${encodeURIComponent(groupId)}`,
        query: downloadQuery(spec, version),
        dir,
        type: spec.type,
        fallbackName: `${assetGroup.replace(/[^A-Za-z0-9._-]/g, '_')}-${spec.protect ? 'uptycs-protect' : 'osquery'}-${version}-Uptycs-${spec.id}${installer/* EXTENSION */.Ys[spec.type]}`,
        label: spec.id,
        signal,
    })
        .catch((err) => {
        if (err instanceof ApiError && err.status === 404)
            throw new errors/* UserError */.yo(`${(0,common_names/* ref */.KR)('package-version')}: the Uptycs API has no ${spec.id} ${spec.protect ? 'Uptycs Protect' : 'sensor'} installer for agent version ${version} in asset group "${assetGroup}" (${err.message}); ${versionSource === 'input'
                ? `choose a version the tenant offers for ${spec.os}, or leave ${(0,common_names/* ref */.KR)('package-version')} empty for the newest one offered for every OS the mapping needs`
                : `GET /osqueryPackages lists ${version} for ${spec.os}, but the download is missing; set ${(0,common_names/* ref */.KR)('package-version')} to an earlier version`}`);
        throw err;
    });
    // What was served must be what was asked: the installer's own header names its architecture.
    const wrongArch = await (0,installer/* installerArchProblem */.S3)(f.path, spec.type, spec.graviton ? 'arm64' : 'x86_64');
    if (wrongArch)
        throw new Error(`the Uptycs API served ${f.fileName} for ${spec.id}, but ${wrongArch}; nothing was packaged`);
    log.info(`  ${spec.id}: ${f.fileName}, ${(0,common_log.formatBytes)(f.size)} in ${(0,common_log.formatDuration)(f.ms)} (${(0,common_log.formatBytes)((f.size / Math.max(1, f.ms)) * 1000)}/s), sha256 ${f.sha256}`);
    ctx.onInstaller?.(spec.id, {
        path: f.path,
        fileName: f.fileName,
        size: f.size,
        type: spec.type,
        sha256: f.sha256,
    });
    return f;
}


/***/ }),

/***/ 1709:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $o: () => (/* binding */ proxyConfigured),
/* harmony export */   fG: () => (/* binding */ httpsAgent),
/* harmony export */   y$: () => (/* binding */ httpAgent)
/* harmony export */ });
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7067);
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_http__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4708);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_https__WEBPACK_IMPORTED_MODULE_1__);
/**
 * HTTP(S) proxies from the environment, as curl and the AWS CLI read them: HTTPS_PROXY (https_proxy) for
 * https:// URLs, HTTP_PROXY (http_proxy) for http:// ones, NO_PROXY (no_proxy) for the hosts that go
 * direct. Node's own agents honour them through their proxyEnv option (Node.js 24.5+), for the Uptycs
 * client and the AWS SDK alike; without a proxy variable nothing changes.
 */


const NAMES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'];
/** Whether the environment names a proxy. */
function proxyConfigured(env) {
    return NAMES.some((n) => !!env[n]);
}
/** The proxy variables only (proxyEnv reads nothing else), so no other variable reaches an agent. */
function proxyEnv(env) {
    const out = {};
    for (const n of [...NAMES, 'NO_PROXY', 'no_proxy'])
        if (env[n] !== undefined)
            out[n] = env[n];
    return out;
}
/** A keep-alive https agent that goes through the environment's proxy (if any). */
function httpsAgent(env, opts = {}) {
    return new (node_https__WEBPACK_IMPORTED_MODULE_1___default().Agent)({ keepAlive: true, ...opts, proxyEnv: proxyEnv(env) });
}
/** A keep-alive http agent that goes through the environment's proxy (if any). */
function httpAgent(env) {
    return new (node_http__WEBPACK_IMPORTED_MODULE_0___default().Agent)({ keepAlive: true, proxyEnv: proxyEnv(env) });
}


/***/ })

};
