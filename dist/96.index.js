export const id = 96;
export const ids = [96];
export const modules = {

/***/ 8096:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Y: () => (/* binding */ cacheAuthKey),
/* harmony export */   actionsCache: () => (/* binding */ actionsCache),
/* harmony export */   noCache: () => (/* binding */ noCache)
/* harmony export */ });
/* unused harmony exports CHECKSUM_FILE, HMAC_FILE, authProblem, MAX_KEY_LENGTH, safeCacheKey, writeChecksums, checksumProblem, archivePrefix, defaultLocalCacheDir, localCache */
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
    const rel = node_path__WEBPACK_IMPORTED_MODULE_3___default().relative(env.GITHUB_WORKSPACE ?? process.cwd(), dir);
    return rel ? rel.split((node_path__WEBPACK_IMPORTED_MODULE_3___default().sep)).join('/') : '.';
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
    const load = async () => (api ??= { ...(await __webpack_require__.e(/* import() */ 863).then(__webpack_require__.bind(__webpack_require__, 1863))), downloadEntry });
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
            const work = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.mkdtemp)(node_path__WEBPACK_IMPORTED_MODULE_3___default().join((0,node_os__WEBPACK_IMPORTED_MODULE_2__.tmpdir)(), 'uptycs-cache-archive-'));
            try {
                const archive = node_path__WEBPACK_IMPORTED_MODULE_3___default().join(work, 'entry.archive');
                if (!(await (await load()).downloadEntry([dir], key, archive)))
                    return false;
                await decompress(archive, node_path__WEBPACK_IMPORTED_MODULE_3___default().join(work, 'entry.tar'));
                await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rm)(archive);
                await unpackEntry(node_path__WEBPACK_IMPORTED_MODULE_3___default().join(work, 'entry.tar'), archivePrefix(dir), stage);
                return true;
            }
            finally {
                await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rm)(work, { recursive: true, force: true });
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
                    log.warning(`GitHub Actions cache: not saved (${(0,_common_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .errorMessage */ .gJ)(err)}); the next run will download again`);
                else
                    throw err;
            }
        },
    }, log);
}
/** ~/.cache/uptycs-distributor-action/installers (XDG_CACHE_HOME respected). */
function defaultLocalCacheDir(env = process.env) {
    const base = env.XDG_CACHE_HOME?.trim() || path.join(homedir(), '.cache');
    return path.join(base, 'uptycs-distributor-action', 'installers');
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
            const entry = path.join(root, key);
            const st = await stat(entry).catch(() => undefined);
            if (!st?.isDirectory())
                return false;
            // Links are copied as links (never followed), and then refused by the checksum check.
            await cp(entry, stage, { recursive: true, verbatimSymlinks: true });
            return true;
        },
        async save(key, dir) {
            await mkdir(root, { recursive: true, mode: 0o700 });
            const entry = path.join(root, key);
            const tmp = path.join(root, `.${key}.${randomBytes(6).toString('hex')}.tmp`);
            try {
                await cp(dir, tmp, { recursive: true });
                await rm(entry, { recursive: true, force: true });
                await rename(tmp, entry);
            }
            finally {
                await rm(tmp, { recursive: true, force: true });
            }
        },
    }, log);
}
/** No cache at all (input cache: false, benchmarks). */
const noCache = {
    restore: async () => false,
    save: async () => undefined,
};


/***/ })

};
