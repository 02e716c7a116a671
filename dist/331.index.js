export const id = 331;
export const ids = [331];
export const modules = {

/***/ 8331:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   cacheVersion: () => (/* binding */ cacheVersion),
/* harmony export */   compressionMethod: () => (/* binding */ compressionMethod),
/* harmony export */   decompress: () => (/* binding */ decompress),
/* harmony export */   downloadArchive: () => (/* binding */ downloadArchive),
/* harmony export */   entryUrl: () => (/* binding */ entryUrl),
/* harmony export */   unpackEntry: () => (/* binding */ unpackEntry)
/* harmony export */ });
/* unused harmony export ENTRY_LIMITS */
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_4___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_4__);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(7075);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_5___default = /*#__PURE__*/__webpack_require__.n(node_stream__WEBPACK_IMPORTED_MODULE_5__);
/* harmony import */ var node_stream_promises__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(6466);
/* harmony import */ var node_stream_promises__WEBPACK_IMPORTED_MODULE_6___default = /*#__PURE__*/__webpack_require__.n(node_stream_promises__WEBPACK_IMPORTED_MODULE_6__);
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(8522);
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_7___default = /*#__PURE__*/__webpack_require__.n(node_zlib__WEBPACK_IMPORTED_MODULE_7__);
/* harmony import */ var _common_log_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(1095);
/**
 * Reading a GitHub Actions cache entry without letting it write anywhere. `@actions/cache`'s
 * restoreCache extracts the entry's archive with `tar -P` (absolute paths and `..` allowed) into the
 * workspace before anyone can look at it, and whoever can write the cache scope chooses that archive.
 * So the action never calls it: it asks the cache service for the entry's URL (the same two protocols
 * @actions/cache speaks), downloads the archive into a private temporary folder, and reads the tar
 * itself. Only regular files and folders below the entry's own folder are taken, each written under
 * the given folder; an archive with anything else (an absolute or `..` path, a link, a device, a
 * member outside the folder, a duplicate) is refused whole, and nothing of it leaves the temporary
 * folder. The caller authenticates what was unpacked before using it (cache.ts).
 */









/** The most an entry may hold: far above five installers, far below a disk. */
const ENTRY_LIMITS = { bytes: 4 * 1024 ** 3, members: 1000 };
/** How @actions/cache names the compression in an entry's version ("zstd-without-long" or "gzip"). */
async function compressionMethod() {
    const out = await new Promise((resolve) => (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.execFile)('zstd', ['--quiet', '--version'], (err, stdout) => resolve(err ? '' : stdout.trim())));
    return out ? 'zstd-without-long' : 'gzip';
}
/** The entry's version as @actions/cache computes it: the paths, the compression, a salt. */
function cacheVersion(paths, compression, platform = process.platform) {
    const parts = [...paths, compression, ...(platform === 'win32' ? ['windows-only'] : []), '1.0'];
    return (0,node_crypto__WEBPACK_IMPORTED_MODULE_1__.createHash)('sha256').update(parts.join('|')).digest('hex');
}
/**
 * The URL of the archive of entry `key` (exact key, this version) from the cache service the runner
 * names (ACTIONS_CACHE_SERVICE_V2 / ACTIONS_RESULTS_URL, else ACTIONS_CACHE_URL), or undefined.
 */
async function entryUrl(key, version, env = process.env) {
    const token = env.ACTIONS_RUNTIME_TOKEN ?? '';
    const ghes = new URL(env.GITHUB_SERVER_URL || 'https://github.com').hostname.toUpperCase() !== 'GITHUB.COM';
    if (env.ACTIONS_CACHE_SERVICE_V2 && !ghes) {
        const base = env.ACTIONS_RESULTS_URL;
        if (!base)
            throw new Error('ACTIONS_RESULTS_URL is not set');
        const url = new URL('/twirp/github.actions.results.api.v1.CacheService/GetCacheEntryDownloadURL', base);
        const r = await fetch(url, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
            body: JSON.stringify({ key, restore_keys: [], version }),
        });
        if (!r.ok)
            throw new Error(`the cache service answered HTTP ${r.status}`);
        const got = (await r.json());
        return got.ok && got.matched_key === key && got.signed_download_url ? got.signed_download_url : undefined;
    }
    const base = env.ACTIONS_CACHE_URL || env.ACTIONS_RESULTS_URL;
    if (!base)
        throw new Error('ACTIONS_CACHE_URL is not set');
    const r = await fetch(`${base}_apis/artifactcache/cache?keys=${encodeURIComponent(key)}&version=${version}`, { headers: { Accept: 'application/json;api-version=6.0-preview.1', Authorization: `Bearer ${token}` } });
    if (r.status === 204 || r.status === 404)
        return undefined;
    if (!r.ok)
        throw new Error(`the cache service answered HTTP ${r.status}`);
    const got = (await r.json());
    return got.cacheKey === key && got.archiveLocation ? got.archiveLocation : undefined;
}
/** Fails a stream that passes more than `limit` bytes. */
function capped(limit, what) {
    let n = 0;
    return new node_stream__WEBPACK_IMPORTED_MODULE_5__.Transform({
        transform(chunk, _enc, done) {
            n += chunk.length;
            done(n > limit ? new Error(`${what} is over ${limit} bytes`) : null, chunk);
        },
    });
}
/** Downloads url into file (a private folder's), at most ENTRY_LIMITS.bytes. */
async function downloadArchive(url, file) {
    const r = await fetch(url);
    if (!r.ok || !r.body)
        throw new Error(`downloading the entry answered HTTP ${r.status}`);
    const body = r.body;
    await (0,node_stream_promises__WEBPACK_IMPORTED_MODULE_6__.pipeline)(body, capped(ENTRY_LIMITS.bytes, 'the entry'), (0,node_fs__WEBPACK_IMPORTED_MODULE_2__.createWriteStream)(file, { flags: 'wx' }));
}
/** Decompresses a zstd or gzip archive (told by its first bytes) into a plain tar file. */
async function decompress(archive, tarFile) {
    const fh = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_3__.open)(archive, 'r');
    const magic = Buffer.alloc(4);
    await fh.read(magic, 0, 4, 0).finally(() => fh.close());
    const out = (0,node_fs__WEBPACK_IMPORTED_MODULE_2__.createWriteStream)(tarFile, { flags: 'wx' });
    const cap = capped(ENTRY_LIMITS.bytes, 'the unpacked entry');
    if (magic[0] === 0x1f && magic[1] === 0x8b) {
        await (0,node_stream_promises__WEBPACK_IMPORTED_MODULE_6__.pipeline)((0,node_fs__WEBPACK_IMPORTED_MODULE_2__.createReadStream)(archive), (0,node_zlib__WEBPACK_IMPORTED_MODULE_7__.createGunzip)(), cap, out);
    }
    else if (magic.readUInt32LE(0) === 0xfd2fb528) {
        const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)('zstd', ['-d', '--long=30', '-c', archive], { stdio: ['ignore', 'pipe', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', (c) => (stderr += c.toString()));
        const exited = new Promise((resolve, reject) => {
            child.on('error', reject);
            child.on('close', resolve);
        });
        await (0,node_stream_promises__WEBPACK_IMPORTED_MODULE_6__.pipeline)(child.stdout, cap, out);
        const code = await exited;
        if (code !== 0)
            throw new Error(`zstd could not read the entry (${stderr.trim().split('\n')[0]})`);
    }
    else
        throw new Error('the entry is neither a zstd nor a gzip archive');
}
function octal(field) {
    if (field[0] & 0x80) {
        let v = 0;
        for (let i = 1; i < field.length; i++)
            v = v * 256 + field[i];
        return v;
    }
    const s = field.toString('latin1').replace(/\0.*$/s, '').trim();
    if (!/^[0-7]*$/.test(s))
        throw new Error('the archive has a malformed header');
    return s ? parseInt(s, 8) : 0;
}
function cstring(field) {
    const end = field.indexOf(0);
    return field.subarray(0, end < 0 ? field.length : end).toString('utf8');
}
/** The pax records of an extended header ("<len> key=value\n" each). */
function paxRecords(data) {
    const out = new Map();
    let i = 0;
    while (i < data.length) {
        const sp = data.indexOf(0x20, i);
        const len = Number(data.subarray(i, sp).toString('latin1'));
        if (sp < 0 || !Number.isInteger(len) || len <= 0 || i + len > data.length)
            throw new Error('the archive has a malformed pax header');
        const rec = data.subarray(sp + 1, i + len - 1).toString('utf8');
        const eq = rec.indexOf('=');
        out.set(rec.slice(0, eq), rec.slice(eq + 1));
        i += len;
    }
    return out;
}
/** Where a member goes below the entry's folder, or why it may not be unpacked at all. */
function placeOf(m, prefix) {
    const name = m.name.replace(/\/+$/, '');
    const shown = (0,_common_log_js__WEBPACK_IMPORTED_MODULE_8__/* .shownName */ .HD)(m.name);
    if (m.type !== '0' && m.type !== '5')
        return { refused: `it holds ${shown}, which is not a regular file or folder (tar type "${m.type}")` };
    if (name === prefix && m.type === '5')
        return { rel: '' };
    const rel = prefix === '.'
        ? name.replace(/^\.\//, '')
        : name.startsWith(`${prefix}/`)
            ? name.slice(prefix.length + 1)
            : undefined;
    if (rel === undefined || node_path__WEBPACK_IMPORTED_MODULE_4___default().posix.isAbsolute(rel) || /^[A-Za-z]:/.test(rel))
        return { refused: `it holds ${shown}, outside its own folder` };
    if (rel.split('/').some((s) => s === '' || s === '.' || s === '..' || s.includes('\\')))
        return { refused: `it holds ${shown}, a path that leaves its folder` };
    return { rel };
}
/**
 * Unpacks the regular files and folders of tarFile that lie below `prefix` (the entry's folder as the
 * archive names it, relative to the workspace it was saved from) into `into`, a fresh private folder.
 * Throws, having written nothing outside `into`, when the archive holds anything else.
 */
async function unpackEntry(tarFile, prefix, into) {
    const fh = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_3__.open)(tarFile, 'r');
    try {
        const size = (await fh.stat()).size;
        const header = Buffer.alloc(512);
        let pos = 0;
        let files = 0;
        let members = 0;
        let pending;
        let longName;
        while (pos + 512 <= size) {
            await fh.read(header, 0, 512, pos);
            if (header.every((b) => b === 0))
                break;
            if (++members > ENTRY_LIMITS.members)
                throw new Error(`it holds over ${ENTRY_LIMITS.members} members`);
            const type = String.fromCharCode(header[156] || 0x30);
            const ustar = header.subarray(257, 262).toString('latin1') === 'ustar';
            const base = cstring(header.subarray(0, 100));
            const fullName = ustar && header[345] ? `${cstring(header.subarray(345, 500))}/${base}` : base;
            const dataSize = type === '5'
                ? 0
                : pending?.has('size')
                    ? Number(pending.get('size'))
                    : octal(header.subarray(124, 136));
            const start = pos + 512;
            const next = start + Math.ceil(dataSize / 512) * 512;
            if (!Number.isSafeInteger(dataSize) || dataSize < 0 || next > size)
                throw new Error('the archive is truncated');
            if (type === 'x' || type === 'g' || type === 'L') {
                const data = await readAt(fh, start, dataSize);
                if (type === 'x')
                    pending = paxRecords(data);
                else if (type === 'L')
                    longName = cstring(data);
                else if ([...paxRecords(data).keys()].some((k) => k === 'path' || k === 'size'))
                    throw new Error('the archive has a global header that renames members');
                pos = next;
                continue;
            }
            const m = { name: pending?.get('path') ?? longName ?? fullName, type, size: dataSize };
            pending = undefined;
            longName = undefined;
            const place = placeOf(m, prefix);
            if ('refused' in place)
                throw new Error(place.refused);
            const target = node_path__WEBPACK_IMPORTED_MODULE_4___default().join(into, ...place.rel.split('/').filter(Boolean));
            if (type === '5')
                await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_3__.mkdir)(target, { recursive: true });
            else {
                await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_3__.mkdir)(node_path__WEBPACK_IMPORTED_MODULE_4___default().dirname(target), { recursive: true });
                await copyRange(fh, start, dataSize, target);
                files++;
            }
            pos = next;
        }
        return files;
    }
    finally {
        await fh.close();
    }
}
async function readAt(fh, position, length) {
    if (length > 1024 * 1024)
        throw new Error('the archive has an oversized header');
    const buf = Buffer.alloc(length);
    await fh.read(buf, 0, length, position);
    return buf;
}
/** Writes length bytes of fh from position into a new file (never an existing one, never a link). */
async function copyRange(fh, position, length, target) {
    const out = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_3__.open)(target, 'wx', 0o600).catch((err) => {
        throw new Error(err.code === 'EEXIST' ? `it holds ${(0,_common_log_js__WEBPACK_IMPORTED_MODULE_8__/* .shownName */ .HD)(node_path__WEBPACK_IMPORTED_MODULE_4___default().basename(target))} twice` : err.message);
    });
    try {
        const buf = Buffer.alloc(Math.min(length, 1024 * 1024) || 1);
        for (let done = 0; done < length;) {
            const n = Math.min(buf.length, length - done);
            const { bytesRead } = await fh.read(buf, 0, n, position + done);
            if (bytesRead !== n)
                throw new Error('the archive is truncated');
            await out.write(buf, 0, n);
            done += n;
        }
    }
    finally {
        await out.close();
    }
}


/***/ })

};
