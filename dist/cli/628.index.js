export const id = 628;
export const ids = [628];
export const modules = {

/***/ 1628:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  buildPackage: () => (/* binding */ buildPackage),
  groupByInstaller: () => (/* binding */ groupByInstaller),
  sameBytes: () => (/* binding */ sameBytes)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/common/errors.ts
var errors = __webpack_require__(1922);
// EXTERNAL MODULE: ./src/common/log.ts
var common_log = __webpack_require__(1095);
// EXTERNAL MODULE: ./src/common/hash.ts
var hash = __webpack_require__(6941);
// EXTERNAL MODULE: ./src/common/limit.ts
var limit = __webpack_require__(1398);
// EXTERNAL MODULE: ./src/package/manifest.ts
var package_manifest = __webpack_require__(1459);
// EXTERNAL MODULE: ./src/package/scripts.ts
var package_scripts = __webpack_require__(9272);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(7975);
;// CONCATENATED MODULE: ./src/package/buffers.ts
/**
 * Streaming a file through the zip without making garbage. A file is read into buffers taken from a
 * pool; the zip writer hands stored data on unchanged, so the very same buffers reach the file writer,
 * which gives each back to the pool once every byte read into it is on disk. Without this, each chunk
 * is a new Buffer whose memory V8 frees only at a later garbage collection, and streaming hundreds of
 * MB lifts the peak RSS by tens of MB (measured by `npm run bench`). A buffer that some stage copied
 * instead of passing on is simply never given back: the pool then allocates, and nothing is wrong.
 */



const readAsync = (0,external_node_util_.promisify)(external_node_fs_.read);
const writeAsync = (0,external_node_util_.promisify)(external_node_fs_.write);
const openAsync = (0,external_node_util_.promisify)(external_node_fs_.open);
const closeAsync = (0,external_node_util_.promisify)(external_node_fs_.close);
const CHUNK = 256 * 1024;
class BufferPool {
    free = [];
    /** Bytes read into each pooled buffer, and how many of them are written so far. */
    outstanding = new WeakMap();
    take() {
        return this.free.pop() ?? Buffer.allocUnsafeSlow(CHUNK);
    }
    /** Marks `buf` as holding `filled` bytes that are on their way to a writer. */
    lend(buf, filled) {
        this.outstanding.set(buf.buffer, { buf, filled, written: 0 });
    }
    /** A writer wrote this chunk; the pooled buffer behind it returns once all its bytes are written. */
    written(chunk) {
        const o = this.outstanding.get(chunk.buffer);
        if (!o)
            return;
        o.written += chunk.byteLength;
        if (o.written >= o.filled) {
            this.outstanding.delete(chunk.buffer);
            this.free.push(o.buf);
        }
    }
}
/** A Readable of an open file's bytes in pooled chunks; it closes the file when done or destroyed. */
function pooledFileReader(fd, pool) {
    let pos = 0;
    let open = true;
    const closeOnce = async () => {
        if (!open)
            return;
        open = false;
        await closeAsync(fd);
    };
    return new external_node_stream_.Readable({
        highWaterMark: CHUNK,
        async read() {
            const buf = pool.take();
            try {
                const { bytesRead } = await readAsync(fd, buf, 0, buf.length, pos);
                pos += bytesRead;
                if (bytesRead === 0) {
                    await closeOnce();
                    this.push(null);
                    return;
                }
                pool.lend(buf, bytesRead);
                this.push(buf.subarray(0, bytesRead));
            }
            catch (err) {
                this.destroy(err);
            }
        },
        destroy(err, cb) {
            closeOnce().then(() => cb(err), (e) => cb(err ?? e));
        },
    });
}
/** A Writable to a new file that gives pooled chunks back once they are written. */
function pooledFileWriter(file, pool) {
    let fd;
    return new external_node_stream_.Writable({
        highWaterMark: CHUNK,
        async construct(cb) {
            try {
                fd = await openAsync(file, 'w');
                cb();
            }
            catch (err) {
                cb(err);
            }
        },
        async write(chunk, _enc, cb) {
            try {
                for (let off = 0; off < chunk.length;)
                    off += (await writeAsync(fd, chunk, off, chunk.length - off)).bytesWritten;
                pool.written(chunk);
                cb();
            }
            catch (err) {
                cb(err);
            }
        },
        final(cb) {
            const f = fd;
            fd = undefined;
            closeAsync(f).then(() => cb(), cb);
        },
        destroy(err, cb) {
            if (fd === undefined)
                return cb(err);
            closeAsync(fd).then(() => cb(err), (e) => cb(err ?? e));
        },
    });
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __webpack_require__(6466);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
;// CONCATENATED MODULE: ./src/package/zip.ts
/**
 * Reproducible, flat zips: entries sorted by name, a fixed timestamp, fixed modes (scripts 0755,
 * installer 0644), every entry stored (installers are already compressed, and stored entries do not
 * depend on the zlib build). The installer is streamed from disk; the zip's SHA-256 is computed as it
 * is written, and the installer's own as it is read, so nothing is read twice or held in memory.
 *
 * The writer is this file's own: stored entries need only the zip's headers (PKWARE APPNOTE 4.3), and
 * the CRC-32 of every byte, which Node computes natively (zlib.crc32: 180 ms for 320 MB here, where
 * archiver's JavaScript CRC took 564 ms and was the build's largest cost on its thread). The bytes are
 * exactly the ones archiver 7 wrote (zip.test.ts compares the two), so a version built before keeps
 * its SHA-256: an installer as a streamed entry (its CRC and sizes in a data descriptor after it), a
 * script with them in its local header, made by UNIX, version 4.5. No zip64: Distributor takes at most
 * 1 GB per file.
 */





/** 1980-01-01T00:00:00Z, the earliest time a zip can hold. */
const ZIP_EPOCH = new Date(Date.UTC(1980, 0, 1, 0, 0, 0));
/** The largest entry or offset a zip without zip64 can hold. */
const ZIP32_MAX = 0xffffffff;
/** Entry names the package's scripts can quote, and that need no UTF-8 flag. */
const ENTRY_NAME = /^[A-Za-z0-9][A-Za-z0-9._+-]*$/;
/** MS-DOS time and date (1980-01-01 and earlier: 00:00 on 1980-01-01), as two 16-bit words. */
function dosTime(d) {
    if (d.getUTCFullYear() < 1980)
        return { time: 0, date: (1 << 5) | 1 };
    return {
        time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | (d.getUTCSeconds() >> 1),
        date: ((d.getUTCFullYear() - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
    };
}
const { time: DOS_TIME, date: DOS_DATE } = dosTime(ZIP_EPOCH);
/**
 * The 26 bytes both headers share, from "version needed" to the name's length, written at `at`. The
 * local header of a streamed entry has 0 for its CRC and sizes (they follow the data); the central
 * directory always has them.
 */
function writeEntryFields(b, at, e, withSums) {
    b.writeUInt16LE(e.streamed ? 20 : 10, at);
    b.writeUInt16LE(e.streamed ? 0x0008 : 0, at + 2);
    b.writeUInt16LE(0, at + 4); // stored
    b.writeUInt16LE(DOS_TIME, at + 6);
    b.writeUInt16LE(DOS_DATE, at + 8);
    b.writeUInt32LE(withSums ? e.crc : 0, at + 10);
    b.writeUInt32LE(withSums ? e.size : 0, at + 14);
    b.writeUInt32LE(withSums ? e.size : 0, at + 18);
    b.writeUInt16LE(e.name.length, at + 22);
}
function localHeader(e) {
    const b = Buffer.alloc(30); // the extra field's length (bytes 28-29) is 0
    b.writeUInt32LE(0x04034b50, 0);
    writeEntryFields(b, 4, e, !e.streamed);
    return Buffer.concat([b, e.name]);
}
function dataDescriptor(e) {
    const b = Buffer.alloc(16);
    b.writeUInt32LE(0x08074b50, 0);
    b.writeUInt32LE(e.crc, 4);
    b.writeUInt32LE(e.size, 8);
    b.writeUInt32LE(e.size, 12);
    return b;
}
function centralHeader(e) {
    const b = Buffer.alloc(46);
    b.writeUInt32LE(0x02014b50, 0);
    b.writeUInt16LE((3 << 8) | 45, 4); // made by UNIX, spec 4.5
    writeEntryFields(b, 6, e, true);
    // extra field, comment, disk number and internal attributes: all 0 (bytes 30-37)
    // external attributes: the UNIX mode of a regular file above, MS-DOS "archive" below
    b.writeUInt32LE((((0o100000 | (e.mode & 0o7777)) << 16) | 0x20) >>> 0, 38);
    b.writeUInt32LE(e.offset, 42);
    return Buffer.concat([b, e.name]);
}
function endOfCentralDirectory(count, size, offset) {
    const b = Buffer.alloc(22);
    b.writeUInt32LE(0x06054b50, 0);
    b.writeUInt16LE(count, 8);
    b.writeUInt16LE(count, 10);
    b.writeUInt32LE(size, 12);
    b.writeUInt32LE(offset, 16);
    return b;
}
/** The zip's bytes, entry after entry: each installer's pooled chunks pass through unchanged. */
async function* zipBytes(sorted, fds, pool, outPath, unread, fileSha256) {
    const entries = [];
    let offset = 0;
    const emit = (b) => {
        offset += b.length;
        return b;
    };
    for (const s of sorted) {
        const e = {
            name: Buffer.from(s.name, 'ascii'),
            mode: s.mode,
            streamed: 'file' in s,
            crc: 0,
            size: 0,
            offset,
        };
        entries.push(e);
        if ('content' in s) {
            const data = Buffer.from(s.content, 'utf8');
            e.crc = (0,external_node_zlib_.crc32)(data);
            e.size = data.length;
            yield emit(localHeader(e));
            yield emit(data);
            continue;
        }
        yield emit(localHeader(e));
        unread.delete(s);
        // The installer's own SHA-256 (for the report), here beside its CRC-32, while the worker hashes the zip.
        const own = (0,external_node_crypto_.createHash)('sha256');
        for await (const chunk of pooledFileReader(fds.get(s), pool)) {
            own.update(chunk);
            e.crc = (0,external_node_zlib_.crc32)(chunk, e.crc);
            e.size += chunk.length;
            if (e.size > ZIP32_MAX)
                throw new Error(`zip ${outPath}: ${s.name} is larger than 4 GiB`);
            yield emit(chunk);
        }
        fileSha256.set(s.name, own.digest('hex'));
        yield emit(dataDescriptor(e));
    }
    const start = offset;
    for (const e of entries)
        yield emit(centralHeader(e));
    if (offset > ZIP32_MAX)
        throw new Error(`zip ${outPath}: larger than 4 GiB`);
    yield emit(endOfCentralDirectory(entries.length, offset - start, start));
}
/** Writes the zip and returns its SHA-256 and size. */
async function writeZip(outPath, sources, opts = {}) {
    const { hasher, pool = new BufferPool() } = opts;
    const names = new Set();
    for (const s of sources) {
        if (names.has(s.name))
            throw new Error(`zip ${outPath}: two entries named ${s.name}`);
        if (!ENTRY_NAME.test(s.name))
            throw new Error(`zip entries must be flat names of letters, digits and . _ + -: ${JSON.stringify(s.name)}`);
        names.add(s.name);
    }
    const sorted = [...sources].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    // Open every file first: a missing one fails here, plainly, before any byte is written.
    const fds = new Map();
    try {
        for (const s of sorted)
            if ('file' in s)
                fds.set(s, await openAsync(s.file, 'r'));
    }
    catch (err) {
        await Promise.all([...fds.values()].map((fd) => closeAsync(fd).catch(() => undefined)));
        throw err;
    }
    const local = hasher ? undefined : (0,external_node_crypto_.createHash)('sha256');
    const remote = hasher?.create();
    let size = 0;
    const tap = new external_node_stream_.Transform({
        transform(chunk, _enc, cb) {
            size += chunk.length;
            if (local)
                local.update(chunk);
            const behind = remote?.update(chunk);
            if (behind)
                behind.then(() => cb(null, chunk), cb);
            else
                cb(null, chunk);
        },
    });
    // An installer's reader closes its file; those no reader was made for are closed after a failure.
    const unread = new Set(fds.keys());
    const fileSha256 = new Map();
    try {
        await (0,external_node_stream_promises_.pipeline)(external_node_stream_.Readable.from(zipBytes(sorted, fds, pool, outPath, unread, fileSha256), { objectMode: false }), tap, pooledFileWriter(outPath, pool));
    }
    catch (err) {
        remote?.drop();
        await Promise.all([...unread].map((s) => closeAsync(fds.get(s)).catch(() => undefined)));
        throw err;
    }
    return { sha256: remote ? await remote.digest() : local.digest('hex'), size, fileSha256 };
}

;// CONCATENATED MODULE: ./src/package/index.ts
/**
 * Package: from the mapping entries and their installers, the zips and manifest.json of one
 * Distributor package version, written to a folder and validated.
 *
 * Entries whose zips would be byte-identical (same installer bytes, same scripts) share one zip, named
 * after the first such entry's dir; the manifest points each of their platforms at it.
 */










/** True when two files hold the same bytes; compares chunk by chunk, stopping at the first difference. */
async function sameBytes(a, b) {
    const [fa, fb] = await Promise.all([(0,promises_.open)(a, 'r'), (0,promises_.open)(b, 'r')]);
    try {
        const size = 1 << 20;
        const ba = Buffer.allocUnsafe(size);
        const bb = Buffer.allocUnsafe(size);
        for (let pos = 0;; pos += size) {
            const [ra, rb] = await Promise.all([fa.read(ba, 0, size, pos), fb.read(bb, 0, size, pos)]);
            if (ra.bytesRead !== rb.bytesRead)
                return false;
            if (ra.bytesRead === 0)
                return true;
            if (!ba.subarray(0, ra.bytesRead).equals(bb.subarray(0, rb.bytesRead)))
                return false;
        }
    }
    finally {
        await Promise.all([fa.close(), fb.close()]);
    }
}
/**
 * Groups entries whose installers are the same bytes. Same path → same group without reading; files
 * at different paths are compared byte by byte only when name, type and size already agree.
 */
async function groupByInstaller(entries, installers) {
    const byPath = new Map();
    for (const e of entries) {
        const inst = installers.get(e.dir);
        if (!inst)
            throw new Error(`no installer located for dir ${e.dir}`);
        const g = byPath.get(inst.path);
        if (g)
            g.entries.push(e);
        else
            byPath.set(inst.path, { installer: inst, entries: [e] });
    }
    const candidates = new Map();
    for (const g of byPath.values()) {
        const k = `${g.installer.type}\0${g.installer.fileName}\0${g.installer.size}`;
        candidates.set(k, [...(candidates.get(k) ?? []), g]);
    }
    const merged = [];
    for (const list of candidates.values()) {
        if (list.length === 1) {
            merged.push(list[0]);
            continue;
        }
        const distinct = [];
        for (const g of list) {
            let same;
            for (const d of distinct)
                if (await sameBytes(d.installer.path, g.installer.path)) {
                    same = d;
                    break;
                }
            if (same)
                same.entries.push(...g.entries);
            else
                distinct.push({ installer: g.installer, entries: [...g.entries] });
        }
        merged.push(...distinct);
    }
    const order = new Map(entries.map((e, i) => [e, i]));
    for (const g of merged)
        g.entries.sort((a, b) => order.get(a) - order.get(b));
    return merged.sort((a, b) => order.get(a.entries[0]) - order.get(b.entries[0]));
}
const isPending = (i) => typeof i.then === 'function';
/**
 * The zips to build. Installers all on disk: grouped by their bytes (groupByInstaller). Some still
 * arriving: one zip per distinct installer promise (the agents stage gives one per installer it fetches,
 * and no two of those hold the same bytes: each is checked for its own OS and architecture).
 */
async function zipGroups(entries, installers) {
    const values = [...installers.values()];
    if (!values.some(isPending)) {
        const groups = await groupByInstaller(entries, installers);
        return groups.map((g) => ({ ready: Promise.resolve(g.installer), entries: g.entries }));
    }
    const byPromise = new Map();
    for (const e of entries) {
        const inst = installers.get(e.dir);
        if (!inst)
            throw new Error(`no installer located for dir ${e.dir}`);
        const g = byPromise.get(inst);
        if (g)
            g.entries.push(e);
        else
            byPromise.set(inst, { ready: Promise.resolve(inst), entries: [e] });
    }
    return [...byPromise.values()];
}
/** Writes one group's zip (its installer and the rendered scripts) and says what it holds. */
async function zipGroup(input, g, installer, tools, log) {
    const name = `${g.entries[0].dir}-${input.version}.zip`;
    const zipPath = external_node_path_default().join(input.outDir, name);
    const scripts = (0,package_scripts/* renderScripts */.Ds)(input.templates, installer.type, {
        installer: installer.fileName,
        version: input.version,
        packageName: input.packageName,
    });
    if (scripts.some((s) => s.name === installer.fileName))
        throw new errors/* UserError */.yo(`installer ${installer.fileName} has the same name as a script; rename the installer`);
    const t0 = performance.now();
    const { sha256, size, fileSha256 } = await writeZip(zipPath, [
        { name: installer.fileName, file: installer.path, mode: 0o644 },
        ...scripts.map((s) => ({ name: s.name, content: s.content, mode: 0o755 })),
    ], tools);
    const installerSha256 = fileSha256.get(installer.fileName);
    // The bytes zipped are the bytes downloaded: a file changed on disk in between is never published.
    if (installer.sha256 && installer.sha256 !== installerSha256)
        throw new Error(`${installer.fileName} changed on disk after it was downloaded (SHA-256 ${installerSha256}, downloaded as ${installer.sha256}); nothing was published`);
    const secs = (performance.now() - t0) / 1000;
    log.info(`  ${name}: ${installer.fileName} + ${scripts.map((s) => s.name).join(', ')} → ${(0,common_log.formatBytes)(size)} in ${secs.toFixed(2)} s, for ${g.entries.map((e) => `${e.platform}/${e.versionKey}/${e.arch}`).join(', ')}`);
    return {
        name,
        path: zipPath,
        sha256,
        size,
        installerName: installer.fileName,
        installerType: installer.type,
        installerSize: installer.size,
        installerSha256,
        entries: g.entries,
    };
}
/**
 * Builds every zip, each as soon as its installer is on disk, one at a time, in the order the
 * installers arrive; the files come back in the mapping's order. After a failure no zip starts; the
 * one being written is finished before the error is thrown (so its folder can be removed).
 */
async function buildZips(input, groups, log) {
    // One zip at a time: the zip's CRC-32 runs here while its SHA-256 runs on the hasher's worker thread,
    // which is the slower of the two, so a second zip in flight would only add memory.
    const tools = { hasher: (0,hash/* sharedHasher */.l9)(), pool: new BufferPool() };
    const slot = new limit/* Semaphore */.jf(1);
    let failed;
    const one = async (g) => {
        const installer = await g.ready;
        return slot.use(async () => {
            if (failed)
                throw failed.error;
            const file = await zipGroup(input, g, installer, tools, log);
            input.onZip?.(file);
            return file;
        });
    };
    const settled = await Promise.allSettled(groups.map((g) => one(g).catch((error) => {
        failed ??= { error };
        throw error;
    })));
    if (failed)
        throw failed.error;
    return settled.map((s) => s.value);
}
async function buildPackage(input, log) {
    const groups = await zipGroups(input.entries, input.installers);
    log.info(`${input.entries.length} mapping entr${input.entries.length === 1 ? 'y' : 'ies'} → ${groups.length} distinct zip${groups.length === 1 ? '' : 's'}`);
    const files = await buildZips(input, groups, log);
    const manifest = (0,package_manifest/* buildManifest */.u1)(input.version, files);
    const manifestText = (0,package_manifest/* canonicalJson */.dj)(manifest);
    const problems = (0,package_manifest/* manifestProblems */.c9)(input.packageName, manifest, manifestText, Object.fromEntries(files.map((f) => [f.name, f.size])));
    if (problems.length)
        throw new errors/* UserError */.yo(`the package breaks Distributor's rules:\n${problems.map((p) => `  ${p}`).join('\n')}`, problems.map((message) => ({ message })));
    const manifestPath = external_node_path_default().join(input.outDir, 'manifest.json');
    await (0,promises_.writeFile)(manifestPath, manifestText);
    return {
        packageName: input.packageName,
        version: input.version,
        dir: input.outDir,
        manifestPath,
        manifestText,
        manifest,
        files,
    };
}


/***/ })

};
