export const id = 582;
export const ids = [582,551,95];
export const modules = {

/***/ 3906:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $s: () => (/* binding */ magicProblem),
/* harmony export */   C5: () => (/* binding */ versionFromFileName),
/* harmony export */   GQ: () => (/* binding */ archFromFileName),
/* harmony export */   S3: () => (/* binding */ installerArchProblem),
/* harmony export */   Ys: () => (/* binding */ EXTENSION),
/* harmony export */   nI: () => (/* binding */ installerNameProblem),
/* harmony export */   zN: () => (/* binding */ MAGIC_LENGTH),
/* harmony export */   zy: () => (/* binding */ readHead)
/* harmony export */ });
/* unused harmony exports describeHead, INSTALLER_NAME_MAX, installerArch */
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/**
 * What we know about an installer file: its type from its first bytes, the agent version and
 * architecture its name suggests. Pure functions plus one small read of a file's head.
 */

const EXTENSION = { rpm: '.rpm', deb: '.deb', msi: '.msi' };
const MAGIC = {
    rpm: { bytes: [0xed, 0xab, 0xee, 0xdb], what: 'an RPM package', starts: 'ED AB EE DB' },
    deb: {
        bytes: [...Buffer.from('!<arch>\n')],
        what: 'a Debian package',
        starts: '"!<arch>" then "debian-binary"',
    },
    msi: {
        bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
        what: 'a Windows Installer package',
        starts: 'D0 CF 11 E0',
    },
};
/** How many leading bytes magicProblem needs. */
const MAGIC_LENGTH = 16;
/** The first bytes of a file as a person reads them: text in quotes, else hex. */
function describeHead(head) {
    const first = Buffer.from(head.subarray(0, 4));
    const hex = [...first].map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');
    const printable = first.length > 0 && [...first].every((b) => b >= 0x20 && b < 0x7f);
    return printable ? `"${first.toString('latin1')}" (${hex})` : hex;
}
/**
 * Why these first bytes are not an installer of this type, or undefined when they are. `advise`
 * adds what to do about a file on disk (not wanted for an API answer, which has its own advice).
 */
function magicProblem(type, head, advise = true) {
    const m = MAGIC[type];
    const ok = m.bytes.every((b, i) => head[i] === b);
    const fix = (s) => (advise ? `; ${s}` : '');
    if (ok && type === 'deb' && Buffer.from(head.subarray(8, 16)).toString('latin1') !== 'debian-b')
        return `is an ar archive but not ${m.what} (which starts with ${m.starts})${fix('put the .deb installer there')}`;
    if (ok)
        return undefined;
    if (head.length === 0)
        return `is empty, not ${m.what}${fix('download the installer again')}`;
    const text = Buffer.from(head).toString('latin1');
    const looks = /^\s*<(!doctype|html|\?xml)/i.test(text)
        ? `; it looks like an HTML page (a login or error page saved in place of the installer)${fix('download the installer again')}`
        : /^\s*[{[]/.test(text)
            ? `; it looks like JSON (an error answer saved in place of the installer)${fix('download the installer again')}`
            : fix('put the installer itself there');
    return `is not ${m.what}: it starts with ${describeHead(head)}, ${m.what} starts with ${m.starts}${looks}`;
}
async function readHead(file, length = MAGIC_LENGTH) {
    const fh = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.open)(file, 'r');
    try {
        const buf = Buffer.alloc(length);
        const { bytesRead } = await fh.read(buf, 0, length, 0);
        return buf.subarray(0, bytesRead);
    }
    finally {
        await fh.close();
    }
}
/** The agent version in an Uptycs installer name ("assets-uptycs-protect-5.8.3.35-Uptycs.rpm" → "5.8.3.35"). */
function versionFromFileName(name) {
    return /(?:^|[-_])(\d+\.\d+\.\d+(?:\.\d+)?)(?=[-_.])/.exec(name)?.[1];
}
/** The architecture a file name names, if any. */
function archFromFileName(name) {
    if (/(aarch64|arm64)/i.test(name))
        return 'arm64';
    if (/(x86_64|amd64|x64)/i.test(name))
        return 'x86_64';
    return undefined;
}
/** The longest installer file name the package's scripts accept. */
const INSTALLER_NAME_MAX = 200;
/**
 * Why an installer's file name cannot go into the package (its scripts quote it), or undefined.
 * `raw` is the name's bytes as the file system holds them.
 */
function installerNameProblem(raw) {
    const name = raw.toString('utf8');
    if (!Buffer.from(name, 'utf8').equals(raw))
        return `its name is not valid UTF-8 (${JSON.stringify(raw.toString('latin1'))} read as Latin-1); rename it to letters, digits, ".", "_", "+" and "-"`;
    if (name.length > INSTALLER_NAME_MAX)
        return `its name is ${name.length} characters long; rename it to at most ${INSTALLER_NAME_MAX}`;
    if (!/^[A-Za-z0-9][A-Za-z0-9._+-]*$/.test(name))
        return 'its name has characters that are not safe in a script; rename it to letters, digits, ".", "_", "+" and "-" (starting with a letter or digit)';
    return undefined;
}
/** Reads length bytes at position; fewer at the end of the file. */
async function readAt(fh, position, length) {
    const buf = Buffer.alloc(length);
    const { bytesRead } = await fh.read(buf, 0, length, position);
    return buf.subarray(0, bytesRead);
}
/** RPMTAG_ARCH of an .rpm: the lead (96 bytes), the signature header (padded to 8), then the main header. */
async function rpmArch(fh) {
    let pos = 96;
    for (let header = 0; header < 2; header++) {
        const intro = await readAt(fh, pos, 16);
        if (intro.length < 16 || intro.readUInt32BE(0) >>> 8 !== 0x8eade8)
            return undefined;
        const count = intro.readUInt32BE(8);
        const size = intro.readUInt32BE(12);
        if (count > 100_000 || size > 64 * 1024 * 1024)
            return undefined;
        if (header === 0) {
            pos += 16 + count * 16 + size;
            pos += (8 - (pos % 8)) % 8;
            continue;
        }
        const index = await readAt(fh, pos + 16, count * 16);
        for (let i = 0; i + 16 <= index.length; i += 16) {
            if (index.readUInt32BE(i) !== 1022 || index.readUInt32BE(i + 4) !== 6)
                continue;
            const data = await readAt(fh, pos + 16 + count * 16 + index.readUInt32BE(i + 8), 64);
            const end = data.indexOf(0);
            return data.subarray(0, end < 0 ? data.length : end).toString('latin1');
        }
    }
    return undefined;
}
/** The Architecture field of a .deb's control file (control.tar, control.tar.gz or control.tar.zst). */
async function debArch(fh) {
    const zlib = await Promise.resolve(/* import() */).then(__webpack_require__.t.bind(__webpack_require__, 8522, 23));
    let pos = 8;
    for (let member = 0; member < 4; member++) {
        const h = await readAt(fh, pos, 60);
        if (h.length < 60)
            return undefined;
        const name = h.subarray(0, 16).toString('latin1').trim().replace(/\/$/, '');
        const size = Number(h.subarray(48, 58).toString('latin1').trim());
        if (!Number.isFinite(size) || size < 0)
            return undefined;
        if (name.startsWith('control.tar')) {
            if (size > 16 * 1024 * 1024)
                return undefined;
            const raw = await readAt(fh, pos + 60, size);
            const tar = name === 'control.tar'
                ? raw
                : name === 'control.tar.gz'
                    ? zlib.gunzipSync(raw)
                    : name === 'control.tar.zst' && 'zstdDecompressSync' in zlib
                        ? zlib.zstdDecompressSync(raw)
                        : undefined;
            if (!tar)
                return undefined;
            for (let off = 0; off + 512 <= tar.length;) {
                const file = tar
                    .subarray(off, off + 100)
                    .toString('latin1')
                    .replace(/\0.*$/s, '');
                const len = parseInt(tar
                    .subarray(off + 124, off + 136)
                    .toString('latin1')
                    .replace(/\0.*$/s, '')
                    .trim() || '0', 8);
                if (!file)
                    break;
                if (file.replace(/^\.\//, '') === 'control')
                    return /^Architecture:[ \t]*(\S+)/m.exec(tar.subarray(off + 512, off + 512 + len).toString('utf8'))?.[1];
                off += 512 + Math.ceil(len / 512) * 512;
            }
            return undefined;
        }
        pos += 60 + size + (size % 2);
    }
    return undefined;
}
/**
 * The architecture an installer declares in its own header: RPMTAG_ARCH of an .rpm ("x86_64",
 * "aarch64", "noarch"), the control file's Architecture of a .deb ("amd64", "arm64", "all").
 * undefined for an .msi, or when the header cannot be read (an .xz-compressed control archive).
 */
async function installerArch(file, type) {
    if (type === 'msi')
        return undefined;
    const fh = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.open)(file, 'r');
    try {
        return await (type === 'rpm' ? rpmArch(fh) : debArch(fh));
    }
    catch {
        return undefined;
    }
    finally {
        await fh.close();
    }
}
const ARCH_NAMES = {
    x86_64: ['x86_64', 'amd64'],
    arm64: ['aarch64', 'arm64'],
};
/**
 * Why an installer does not fit what the entry asks for (its header names another architecture), or
 * undefined: it fits, it is for any architecture, or its header says nothing readable. Entries for
 * _any and 386 are not checked (as by name: Uptycs serves its x86_64 installers for them).
 */
async function installerArchProblem(file, type, arch) {
    const wanted = ARCH_NAMES[arch];
    if (!wanted)
        return undefined;
    const declared = await installerArch(file, type);
    if (!declared || ['noarch', 'all'].includes(declared) || wanted.includes(declared))
        return undefined;
    return `its ${type} header says it is for ${declared}, not ${arch}`;
}


/***/ }),

/***/ 8582:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runCli: () => (/* binding */ runCli),
  toolVersion: () => (/* binding */ toolVersion),
  usage: () => (/* binding */ usage)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/package/manifest.ts
var manifest = __webpack_require__(1459);
// EXTERNAL MODULE: ./src/common/errors.ts
var errors = __webpack_require__(1922);
// EXTERNAL MODULE: ./src/common/names.ts
var common_names = __webpack_require__(3117);
// EXTERNAL MODULE: ./src/common/hash.ts
var hash = __webpack_require__(6941);
// EXTERNAL MODULE: ./src/common/paths.ts
var paths = __webpack_require__(9353);
// EXTERNAL MODULE: ./src/plan/distributor.ts
var distributor = __webpack_require__(2690);
;// CONCATENATED MODULE: ./src/package/load.ts
/**
 * A package built earlier (package-dir): the folder an earlier run wrote to output-dir, or that folder
 * as a downloaded workflow artifact. Before anything is sent to AWS it is checked as Distributor would
 * see it: manifest.json by Distributor's rules, every zip it names present with the SHA-256 it states,
 * nothing else that would be uploaded, and report.json from the same build. Any problem refuses the
 * whole folder with one UserError listing them all.
 */









/** Names a built folder holds besides its zips. */
const MANIFEST_NAME = 'manifest.json';
const REPORT_NAME = 'report.json';
function reportEntries(report, problems) {
    if (!Array.isArray(report.files)) {
        problems.push(`${REPORT_NAME} has no "files" list`);
        return [];
    }
    const out = [];
    for (const f of report.files) {
        const e = f;
        if (!e ||
            typeof e.name !== 'string' ||
            typeof e.sha256 !== 'string' ||
            typeof e.size !== 'number' ||
            !Array.isArray(e.targets)) {
            problems.push(`${REPORT_NAME} lists a file without name, sha256, size and targets`);
            continue;
        }
        out.push({
            name: e.name,
            sha256: e.sha256,
            size: e.size,
            installer: typeof e.installer === 'string' ? e.installer : '',
            installerSize: typeof e.installerSize === 'number' ? e.installerSize : 0,
            targets: e.targets.filter((t) => typeof t === 'string'),
        });
    }
    return out;
}
/** The installer type of a zip, from the platforms the manifest points at it. */
function typeOf(platforms) {
    if (platforms.includes('windows'))
        return 'msi';
    if (platforms.some((p) => p === 'ubuntu' || p === 'debian'))
        return 'deb';
    return distributor/* UPT_PACKAGES */.EX.centos;
}
/** Why a JSON file was refused, never quoting it (JSON.parse's message shows the text it read). */
function jsonProblem(err) {
    return err instanceof SyntaxError ? 'it does not parse as JSON' : err.message;
}
/** manifest.json and report.json are far smaller; a bigger file is not the build's. */
const MAX_JSON_BYTES = 16 * 1024 * 1024;
/**
 * Reads a JSON file of the folder, only when it is a regular file (never through a symlink, which
 * could point at anything the runner can read) and no bigger than MAX_JSON_BYTES. Its content is
 * never quoted in a problem.
 */
async function readSmallFile(file, name, problems) {
    // O_NOFOLLOW: a symlink is refused by the open itself (ELOOP), not by a check it could race.
    const fh = await (0,promises_.open)(file, external_node_fs_.constants.O_RDONLY | external_node_fs_.constants.O_NOFOLLOW).catch((err) => {
        problems.push(err.code === 'ELOOP'
            ? `${name} is a symbolic link, not the file the build wrote`
            : `${name} cannot be read (${err.code})`);
        return undefined;
    });
    if (!fh)
        return undefined;
    try {
        const st = await fh.stat();
        if (!st.isFile())
            problems.push(`${name} is not a regular file`);
        else if (st.size > MAX_JSON_BYTES)
            problems.push(`${name} is ${st.size} bytes, more than a build writes (at most ${MAX_JSON_BYTES})`);
        else
            return await fh.readFile('utf8');
        return undefined;
    }
    finally {
        await fh.close();
    }
}
/**
 * Loads and verifies a built package folder. `expect` is what the run's inputs say (package name,
 * version name when given); a folder built for something else is refused.
 */
async function loadBuiltPackage(dir, expect, shown = dir) {
    const problems = [];
    const refuse = () => {
        throw new errors/* UserError */.yo(`${(0,common_names/* ref */.KR)('package-dir')}: ${shown} is not a complete, unchanged package folder (${problems.length} problem${problems.length > 1 ? 's' : ''}); nothing was published. Publish the folder exactly as the build wrote it (its output-dir, or the workflow artifact), or build again:\n${problems.map((p) => `  ${p}`).join('\n')}`, problems.map((message) => ({ message })));
    };
    const st = await (0,promises_.lstat)(dir).catch(() => undefined);
    if (!st?.isDirectory()) {
        problems.push(st ? 'it is not a folder' : 'it does not exist');
        refuse();
    }
    const names = await (0,promises_.readdir)(dir);
    const { manifest: m, manifestText } = await readManifest(dir, names, expect.digest, shown, problems);
    const r = await readReport(dir, names, problems);
    if (!m || !r)
        return refuse();
    const fileNames = Object.keys(m.files);
    const sizes = await zipSizes(dir, names, fileNames, problems);
    const packageName = typeof r.packageName === 'string' ? r.packageName : '';
    for (const p of (0,manifest/* manifestProblems */.c9)(packageName || expect.packageName, m, manifestText, sizes))
        if (!/is listed but was not built/.test(p))
            problems.push(`${MANIFEST_NAME}: ${p}`);
    if (manifestText !== (0,manifest/* canonicalJson */.dj)(m))
        problems.push(`${MANIFEST_NAME} is not as the build writes it (it was edited)`);
    const byName = sameBuild(m, r, sizes, expect, problems);
    // Every zip's bytes, only when everything else holds (hashing is the slow part).
    if (!problems.length)
        await checkZipHashes(dir, m, sizes, problems);
    if (problems.length)
        refuse();
    return {
        packageName,
        version: m.version,
        dir,
        manifestPath: external_node_path_default().join(dir, MANIFEST_NAME),
        manifestText,
        manifest: m,
        files: packageFiles(dir, m, byName),
    };
}
/** manifest.json: within the size limit, the build's (package-digest, when given), valid JSON of a manifest's shape. */
async function readManifest(dir, names, digest, shown, problems) {
    if (!names.includes(MANIFEST_NAME)) {
        problems.push(`${MANIFEST_NAME} is missing`);
        return { manifestText: '' };
    }
    const text = await readSmallFile(external_node_path_default().join(dir, MANIFEST_NAME), MANIFEST_NAME, problems);
    if (text === undefined)
        return { manifestText: '' };
    // The anchor outside the folder: whoever can write the folder can recompute every hash in it,
    // but not the digest the build step gave the publish step.
    if (digest && (0,manifest/* packageDigest */.jK)(text) !== digest)
        throw new errors/* UserError */.yo(`${(0,common_names/* ref */.KR)('package-digest')}: ${shown} is not the package that build made (its ${MANIFEST_NAME} has digest ${(0,manifest/* packageDigest */.jK)(text)}, the build's was ${digest}); nothing was published. The folder was changed or replaced after the build: publish the build's own output, or build again`);
    try {
        const manifest = JSON.parse(text);
        if (!manifest || typeof manifest !== 'object' || typeof manifest.files !== 'object' || !manifest.files)
            throw new Error('not a manifest object with "files"');
        if (typeof manifest.packages !== 'object' || !manifest.packages)
            throw new Error('not a manifest object with "packages"');
        return { manifest, manifestText: text };
    }
    catch (err) {
        problems.push(`${MANIFEST_NAME} is not a valid manifest (${jsonProblem(err)})`);
        return { manifestText: text };
    }
}
/** report.json: the build writes it beside the manifest. */
async function readReport(dir, names, problems) {
    if (!names.includes(REPORT_NAME)) {
        problems.push(`${REPORT_NAME} is missing (the build writes it beside the manifest)`);
        return undefined;
    }
    try {
        const text = await readSmallFile(external_node_path_default().join(dir, REPORT_NAME), REPORT_NAME, problems);
        return text === undefined ? undefined : JSON.parse(text);
    }
    catch (err) {
        problems.push(`${REPORT_NAME} is not valid JSON (${jsonProblem(err)})`);
        return undefined;
    }
}
/** The size of each zip the manifest names; anything else in the folder, or missing, is a problem. */
async function zipSizes(dir, names, fileNames, problems) {
    const sizes = {};
    const stats = new Map();
    for (const n of names) {
        if (n === MANIFEST_NAME || n === REPORT_NAME || n === paths/* OUTPUT_MARKER */.bm)
            continue;
        const s = await (0,promises_.lstat)(external_node_path_default().join(dir, n));
        if (!fileNames.includes(n)) {
            problems.push(`${n} is not part of the package (${MANIFEST_NAME} does not name it): remove it`);
            continue;
        }
        if (!s.isFile())
            problems.push(`${n} is not a regular file`);
        else
            stats.set(n, s.size);
    }
    for (const n of fileNames) {
        const size = stats.get(n);
        if (size === undefined) {
            if (!names.includes(n))
                problems.push(`${n} is missing (${MANIFEST_NAME} names it)`);
        }
        else
            sizes[n] = size;
    }
    return sizes;
}
/**
 * report.json and manifest.json come from the same build of the package the inputs name: the tool,
 * the names, the version, the same files with the same SHA-256s and sizes. The report's entries by name.
 */
function sameBuild(m, r, sizes, expect, problems) {
    const fileNames = Object.keys(m.files);
    const packageName = typeof r.packageName === 'string' ? r.packageName : '';
    if (r.tool !== 'uptycs-distributor-action')
        problems.push(`${REPORT_NAME} was not written by this tool`);
    if (packageName !== expect.packageName)
        problems.push(`the folder was built for package ${JSON.stringify(packageName)}, but ${(0,common_names/* ref */.KR)('package-name')} is ${JSON.stringify(expect.packageName)}`);
    if (r.version !== m.version)
        problems.push(`${REPORT_NAME} is for version ${String(r.version)}, ${MANIFEST_NAME} for ${m.version}`);
    if (expect.versionName && m.version !== expect.versionName)
        problems.push(`the folder was built as version ${m.version}, but ${(0,common_names/* ref */.KR)('version-name')} is ${expect.versionName}; build again with that version name`);
    const entries = reportEntries(r, problems);
    const byName = new Map(entries.map((e) => [e.name, e]));
    if (entries.length !== fileNames.length || fileNames.some((n) => !byName.has(n)))
        problems.push(`${REPORT_NAME} lists other files than ${MANIFEST_NAME}: not from the same build`);
    for (const n of fileNames) {
        const e = byName.get(n);
        if (e && e.sha256 !== m.files[n].checksums.sha256)
            problems.push(`${REPORT_NAME} and ${MANIFEST_NAME} give ${n} different SHA-256s: not from the same build`);
        if (e && sizes[n] !== undefined && e.size !== sizes[n])
            problems.push(`${n} is ${sizes[n]} bytes; the build wrote ${e.size} (truncated or changed)`);
    }
    return byName;
}
/** Every zip's SHA-256 as the manifest states it. */
async function checkZipHashes(dir, m, sizes, problems) {
    const present = Object.keys(m.files).filter((n) => sizes[n] !== undefined);
    const digests = await (0,hash/* sha256Files */.Rs)(present.map((n) => external_node_path_default().join(dir, n)));
    present.forEach((n, i) => {
        if (digests[i] !== m.files[n].checksums.sha256)
            problems.push(`${n} has SHA-256 ${digests[i]}, but ${MANIFEST_NAME} states ${m.files[n].checksums.sha256} (the file was changed)`);
    });
}
/** The zips as the publish and report stages take them; their entries come back from report.json's targets. */
function packageFiles(dir, m, byName) {
    const platformsOf = new Map();
    for (const [platform, versions] of Object.entries(m.packages))
        for (const arches of Object.values(versions))
            for (const { file } of Object.values(arches))
                platformsOf.set(file, [...(platformsOf.get(file) ?? []), platform]);
    const location = { file: external_node_path_default().join(dir, REPORT_NAME) };
    return Object.keys(m.files).map((name) => {
        const e = byName.get(name);
        const dirName = name.slice(0, name.length - `-${m.version}.zip`.length) || name;
        const type = typeOf(platformsOf.get(name) ?? []);
        const fileEntries = e.targets.map((t, index) => {
            const [platform = '', versionKey = '', arch = ''] = t.split('/');
            return {
                family: platform === 'windows' ? 'windows' : 'linux',
                index,
                uptPackage: type === 'msi' ? 'windows' : type === 'deb' ? 'debian' : 'centos',
                installerType: type,
                id: dirName,
                dir: dirName,
                platform,
                versionKey,
                arch: (distributor/* ARCHES */.Pr.includes(arch) ? arch : '_any'),
                location,
            };
        });
        return {
            name,
            path: external_node_path_default().join(dir, name),
            sha256: e.sha256,
            size: e.size,
            installerName: e.installer,
            installerType: type,
            installerSize: e.installerSize,
            entries: fileEntries,
        };
    });
}
/**
 * The package a published manifest describes (the document content SSM holds), written to `dir` as
 * manifest.json: what the outputs and the report show when the run stops because it is already
 * published. Sizes and installer names are not in a manifest: they are 0 and ''.
 */
function packageFromManifest(packageName, manifestText, dir) {
    const manifest = JSON.parse(manifestText);
    const targets = new Map();
    for (const [platform, versions] of Object.entries(manifest.packages ?? {}))
        for (const [versionKey, arches] of Object.entries(versions))
            for (const [arch, { file }] of Object.entries(arches))
                targets.set(file, [...(targets.get(file) ?? []), { platform, versionKey, arch }]);
    const location = { file: external_node_path_default().join(dir, MANIFEST_NAME) };
    const files = Object.entries(manifest.files ?? {}).map(([name, f]) => {
        const ts = targets.get(name) ?? [];
        const type = typeOf(ts.map((t) => t.platform));
        const dirName = name.slice(0, name.length - `-${manifest.version}.zip`.length) || name;
        return {
            name,
            path: external_node_path_default().join(dir, name),
            sha256: f.checksums.sha256,
            size: 0,
            installerName: '',
            installerType: type,
            installerSize: 0,
            entries: ts.map((t, index) => ({
                family: t.platform === 'windows' ? 'windows' : 'linux',
                index,
                uptPackage: type === 'msi' ? 'windows' : type === 'deb' ? 'debian' : 'centos',
                installerType: type,
                id: dirName,
                dir: dirName,
                platform: t.platform,
                versionKey: t.versionKey,
                arch: (distributor/* ARCHES */.Pr.includes(t.arch) ? t.arch : '_any'),
                location,
            })),
        };
    });
    return {
        packageName,
        version: manifest.version,
        dir,
        manifestPath: external_node_path_default().join(dir, MANIFEST_NAME),
        manifestText,
        manifest,
        files,
    };
}

// EXTERNAL MODULE: ./src/inputs/key.ts
var key = __webpack_require__(7958);
// EXTERNAL MODULE: ./src/publish/plan.ts
var plan = __webpack_require__(7872);
// EXTERNAL MODULE: ./src/report/names.ts
var report_names = __webpack_require__(2822);
;// CONCATENATED MODULE: ./src/report/review.ts
/**
 * What the core asks of the report stage beyond the summary: the comparison with compare-to (the
 * mapping's change) and with compare-plan-to (the rollout plan's change: who gets which version when),
 * loaded only when one of them is set; and, for dry runs and plans, where a publish would go.
 */






/** Whether the run reviews a change: against a base mapping or report (compare-to), or a base plan. */
function reviewsChange(inputs) {
    return !!(inputs.compareTo || inputs.comparePlanTo);
}
/** Compares the package with compare-to, and the rollout plan with compare-plan-to. */
async function reviewChange(pkg, inputs, show, log) {
    const mapping = inputs.compareTo
        ? await reviewMapping(pkg, inputs, show(inputs.compareTo), log)
        : undefined;
    const plan = await reviewPlan(inputs, show, log);
    return {
        ...(mapping ? { summary: mapping.summary } : {}),
        ...(plan ? { planMarkdown: plan.markdown } : {}),
        json: { ...mapping?.json, ...(plan ? { rolloutPlan: plan.json } : {}) },
        ...(mapping?.error ? { error: mapping.error } : {}),
    };
}
/**
 * The rollout plan's change: the base branch's plan (compare-plan-to, read and checked with the
 * inputs; "none": the base branch has none) against rollout-plan's (none given: the plan is removed).
 * Nothing without compare-plan-to, or when neither side has a plan.
 */
async function reviewPlan(inputs, show, log) {
    const base = inputs.basePlan;
    const head = inputs.rollout?.plan;
    if (!inputs.comparePlanTo || (!base && !head))
        return undefined;
    const { planChange, planChangeMarkdown, planChangeText, planChangeJson } = await __webpack_require__.e(/* import() */ 560).then(__webpack_require__.bind(__webpack_require__, 6560));
    const baseLabel = inputs.comparePlanTo === 'none' ? `the base branch, which has none` : show(inputs.comparePlanTo);
    const headLabel = inputs.rolloutPlan ? show(inputs.rolloutPlan) : 'rollout-plan';
    const change = planChange(base, head);
    const said = planChangeText(change);
    // One message per line: the log keeps each message on one line (common/log.ts).
    log.info(change.kind === 'unchanged'
        ? `Rollout plan ${headLabel} against ${baseLabel}: no change`
        : `Rollout plan ${change.kind === 'removed' ? baseLabel : headLabel} against ${change.kind === 'removed' ? 'this branch (no rollout plan)' : baseLabel}: ${said.length} change${said.length === 1 ? '' : 's'}`);
    for (const line of said)
        log.info(`  ${line}`);
    return {
        markdown: planChangeMarkdown(change, baseLabel, headLabel),
        json: planChangeJson(change, baseLabel, headLabel),
    };
}
/** Compares the package with compare-to (a base mapping or an earlier report.json). */
async function reviewMapping(pkg, inputs, display, log) {
    const { loadBaseline, diffTargets, outcomeChanges, targetsOf, describeOutcome } = await Promise.resolve(/* import() */).then(__webpack_require__.bind(__webpack_require__, 227));
    const { coverage } = await Promise.resolve(/* import() */).then(__webpack_require__.bind(__webpack_require__, 4417));
    // A base outside the workspace (the example writes it to RUNNER_TEMP) is named by its file name.
    const base = await loadBaseline(inputs.compareTo, external_node_path_default().isAbsolute(display) ? external_node_path_default().basename(display) : display, {
        sensorOnly: inputs.sensorOnly,
        assetGroup: inputs.assetGroup,
    });
    const head = targetsOf(coverage(pkg), pkg.version);
    const diff = diffTargets(base.targets, head);
    const outcomes = outcomeChanges(base.targets, head, distributor/* COMMON_INSTANCES */.Ly);
    const lines = outcomes.map((o) => `${(0,report_names/* instanceName */.zl)(o.instance)} ${o.instance.arch}: ${describeOutcome(o.before)} → ${describeOutcome(o.after)}`);
    log.info(`Against ${base.label}: ${diff.added.length} targets added, ${diff.removed.length} removed, ${diff.changed.length} changed; ${outcomes.length} common instance${outcomes.length === 1 ? '' : 's'} change outcome${lines.length ? `:\n  ${lines.join('\n  ')}` : ''}`);
    const newFailures = outcomes.filter((o) => o.newFailure);
    let error;
    if (newFailures.length) {
        const names = newFailures.map((o) => `${(0,report_names/* instanceName */.zl)(o.instance)} ${o.instance.arch}`).join(', ');
        if (inputs.allowNewFailures)
            log.warning(`${newFailures.length} common instance(s) installed before and would fail now: ${names} (allowed by ${(0,common_names/* ref */.KR)('allow-new-failures')})`);
        else
            error = new errors/* UserError */.yo(`${newFailures.length} common instance${newFailures.length > 1 ? 's' : ''} installed with ${base.label} and would fail now: ${names}; restore their entries, or set ${(0,common_names/* ref */.KR)('allow-new-failures')} to true if that is intended${inputs.mode === 'publish' ? ' (nothing was published)' : ''}`, newFailures.map((o) => ({
                message: `${(0,report_names/* instanceName */.zl)(o.instance)} ${o.instance.arch}: ${describeOutcome(o.before)} → fails (${o.after.ok ? '' : o.after.reason})`,
            })));
    }
    return {
        summary: { baseLabel: base.label, diff, outcomes, allowNewFailures: inputs.allowNewFailures },
        json: {
            base: base.label,
            added: diff.added,
            removed: diff.removed,
            changed: diff.changed,
            outcomes: outcomes.map((o) => ({
                ...o.instance,
                name: (0,report_names/* instanceName */.zl)(o.instance),
                before: o.before,
                after: o.after,
                newFailure: o.newFailure,
            })),
        },
        ...(error ? { error } : {}),
    };
}
/** Where a publish with these inputs would go ({account} stays: no credentials are asked for). */
function publishPreview(pkg, inputs) {
    return {
        regions: inputs.awsRegions,
        buckets: inputs.awsRegions.map((r) => (0,plan/* bucketName */.EL)(inputs.s3Bucket, '{account}', r)),
        prefix: (0,plan/* keyPrefix */.uU)(inputs.s3Prefix, pkg.packageName, pkg.version),
        document: pkg.packageName,
        versionName: pkg.version,
    };
}

// EXTERNAL MODULE: ./src/common/log.ts
var common_log = __webpack_require__(1095);
;// CONCATENATED MODULE: ./src/core-context.ts

function runContext(inputs, deps) {
    const timings = {};
    const spans = {};
    const start = performance.now();
    return {
        inputs: { ...inputs },
        deps,
        log: deps.log,
        show: deps.displayPath ?? ((f) => f),
        timings,
        spans,
        stage: async (name, fn, beside) => {
            const t0 = performance.now();
            try {
                return beside ? await fn() : await deps.log.group(name, fn);
            }
            finally {
                const t1 = performance.now();
                timings[name.toLowerCase()] = t1 - t0;
                spans[name.toLowerCase()] = { startMs: Math.round(t0 - start), endMs: Math.round(t1 - start) };
                if (beside)
                    deps.log.info(`${name} took ${(0,common_log.formatDuration)(t1 - t0)}`);
            }
        },
    };
}

// EXTERNAL MODULE: ./src/common/fs-reason.ts
var fs_reason = __webpack_require__(6259);
// EXTERNAL MODULE: ./src/plan/mapping.ts + 3 modules
var mapping = __webpack_require__(4065);
// EXTERNAL MODULE: ./src/agents/installer.ts
var installer = __webpack_require__(3906);
;// CONCATENATED MODULE: ./src/agents/local.ts
/**
 * Agents, offline: installers the user placed in agents-dir, one subfolder per mapping "dir"
 * (the layout of the old tool's folders). Finds, checks and describes them; never copies them.
 * An entry whose folder is absent uses the folder of an entry that needs the same installer
 * (the same upt_package and architecture), so one folder can serve several entries.
 */








/** The folders of create_package.py's own mapping (8 entries), recognised in agents-dir. */
const ORIGINAL_DIRS = [
    'UPT_PRO_AMAZON2_x86_64',
    'UPT_PRO_AMAZON2_ARM64',
    'UPT_PRO_REDHAT_x86_64',
    'UPT_PRO_REDHAT_ARM64',
    'UPT_PRO_SUSE_x86_64',
    'UPT_PRO_UBUNTU_x86_64',
    'UPT_PRO_UBUNTU_ARM64',
    'UPT_PRO_WINDOWS',
];
/** Which installer an entry needs: entries with the same key can share one file. */
function installerKind(e) {
    return `${e.uptPackage} ${e.arch === 'arm64' ? 'arm64' : 'x86_64'}`;
}
async function locateInstallers(entries, agentsDir, wantedVersion, log, opts = {}) {
    const st = await (0,promises_.stat)(agentsDir).catch(() => undefined);
    if (!st?.isDirectory())
        throw new errors/* UserError */.yo(`${(0,common_names/* ref */.KR)('agents-dir')}: ${agentsDir} is not a folder; create it with one subfolder per mapping "dir", each holding that entry's installer`);
    const listings = await listFolders(entries, agentsDir);
    await noteFolders(entries, agentsDir, listings, log);
    const source = borrowFolders(entries, agentsDir, listings, log);
    const problems = [];
    const picked = new Map();
    const byDir = new Map();
    const versions = new Map();
    for (const e of entries) {
        const what = `${(0,mapping/* describeEntry */.OY)(e)} (${e.platform} ${e.versionKey} ${e.arch})`;
        const src = source.get(e.dir);
        if (!src) {
            problems.push({
                message: `${what}: folder ${external_node_path_default().join(agentsDir, e.dir)} is missing; put the ${installer/* EXTENSION */.Ys[e.installerType]} installer for this entry in it`,
                location: e.location,
            });
            continue;
        }
        // Entries sharing a folder share its installer (and its problem, reported once).
        if (picked.has(src.dir)) {
            const inst = picked.get(src.dir);
            if (inst)
                byDir.set(e.dir, inst);
            continue;
        }
        picked.set(src.dir, undefined);
        const found = await installerIn(e, external_node_path_default().join(agentsDir, src.dir), listings.get(src.dir), wantedVersion, log, opts);
        if (typeof found === 'string') {
            problems.push({ message: `${what}: ${found}`, location: e.location });
            continue;
        }
        const v = (0,installer/* versionFromFileName */.C5)(found.fileName);
        if (v)
            versions.set(v, [...new Set([...(versions.get(v) ?? []), found.fileName])]);
        picked.set(src.dir, found);
        byDir.set(e.dir, found);
    }
    if (problems.length)
        throw new errors/* UserError */.yo(`${(0,common_names/* ref */.KR)('agents-dir')}: ${problems.length} installer${problems.length > 1 ? 's are' : ' is'} missing or wrong:\n${problems.map((p) => `  ${p.message}`).join('\n')}`, problems);
    return { version: agentVersion(wantedVersion, versions, log, opts), byDir };
}
/** Each entry's folder, listed as bytes (a name that is not UTF-8 would come back changed and not be found again). */
async function listFolders(entries, agentsDir) {
    const listings = new Map();
    for (const e of entries)
        listings.set(e.dir, await (0,promises_.readdir)(external_node_path_default().join(agentsDir, e.dir), { encoding: 'buffer' }).then((raw) => ({ names: raw.map((b) => b.toString('utf8')), raw }), (err) => err.code === 'ENOENT' ? { missing: true } : { error: (0,fs_reason/* fsReason */.E)(err) }));
    return listings;
}
/** Says what a layout carried over from create_package.py means here (its scripts are not used). */
async function noteFolders(entries, agentsDir, listings, log) {
    const withScripts = [...listings].filter(([, l]) => 'names' in l && l.names.some((n) => /^(un)?install\.(sh|ps1)$/i.test(n)));
    if (withScripts.length)
        log.info(`${withScripts.length} folder(s) in ${agentsDir} hold install/uninstall scripts (as create_package.py's did); they are not used: this tool writes its own scripts from templates/`);
    const present = new Set(await (0,promises_.readdir)(agentsDir).catch(() => []));
    const dirs = new Set(entries.map((e) => e.dir));
    // Only the old layout: the 8 folders and, of the mapping's other folders, at least one absent.
    if (ORIGINAL_DIRS.every((d) => present.has(d)) && [...dirs].some((d) => !present.has(d)))
        log.info(`${agentsDir} holds the 8 folders of create_package.py: every entry of the mapping uses the folder holding its installer; ${(0,common_names/* refValue */.vI)('mapping', 'original')} builds only the old 8 entries`);
}
/** Where each entry's installer is: its own folder, or, when that is absent, the folder of an entry needing the same installer. */
function borrowFolders(entries, agentsDir, listings, log) {
    const source = new Map();
    for (const e of entries) {
        if (!('missing' in listings.get(e.dir))) {
            source.set(e.dir, e);
            continue;
        }
        const donor = entries.find((d) => installerKind(d) === installerKind(e) && 'names' in listings.get(d.dir));
        if (donor) {
            source.set(e.dir, donor);
            log.info(`${external_node_path_default().join(agentsDir, e.dir)} does not exist: ${(0,mapping/* describeEntry */.OY)(e)} uses the ${installerKind(e)} installer in ${donor.dir}`);
        }
    }
    return source;
}
/** The one installer in `folder` for entry e, checked, or why there is none (the message names the fix). */
async function installerIn(e, folder, listing, wantedVersion, log, opts) {
    if ('error' in listing)
        return `cannot read folder ${folder} (${listing.error}); make it readable`;
    const names = 'names' in listing ? listing.names : [];
    const fileName = pickFile(e, folder, names, wantedVersion, log);
    if (fileName.name === undefined)
        return fileName.problem;
    const rawName = 'raw' in listing ? listing.raw[names.indexOf(fileName.name)] : undefined;
    const np = rawName && (0,installer/* installerNameProblem */.nI)(rawName);
    if (np)
        return `${external_node_path_default().join(folder, (0,common_log.shownName)(fileName.name))}: ${np}`;
    // Said only once the name is known to be a plain file name (no line breaks, no control characters).
    if (fileName.note)
        log.info(fileName.note);
    return checkInstaller(e, folder, fileName.name, opts);
}
/** Which file of the folder is the entry's installer: by extension, then architecture and version in its name. */
function pickFile(e, folder, names, wantedVersion, log) {
    const ext = installer/* EXTENSION */.Ys[e.installerType];
    let found = names.filter((n) => n.toLowerCase().endsWith(ext)).sort();
    // A file named for another architecture is never this entry's installer.
    const otherArch = found.filter((n) => {
        const a = (0,installer/* archFromFileName */.GQ)(n);
        return a && e.arch !== '_any' && e.arch !== '386' && a !== e.arch;
    });
    if (found.length > 1 && otherArch.length && otherArch.length < found.length) {
        log.warning(`${folder}: ignoring ${otherArch.map(common_log.shownName).join(', ')} (named for ${(0,installer/* archFromFileName */.GQ)(otherArch[0])}; this folder is for ${e.arch}); remove it`);
        found = found.filter((n) => !otherArch.includes(n));
    }
    let note;
    if (found.length > 1 && wantedVersion) {
        const matching = found.filter((n) => (0,installer/* versionFromFileName */.C5)(n) === wantedVersion);
        if (matching.length === 1) {
            note = `${folder}: using ${matching[0]} (the only ${ext} of version ${wantedVersion}), ignoring ${found.length - 1} other(s)`;
            found = matching;
        }
    }
    if (found.length === 1)
        return note ? { name: found[0], note } : { name: found[0] };
    return {
        problem: found.length === 0
            ? `no ${ext} installer in ${folder}${names.length ? ` (it holds ${names.slice(0, 5).map(common_log.shownName).join(', ')})` : ' (it is empty)'}`
            : wantedVersion
                ? `${found.length} ${ext} installers in ${folder} (${found.map(common_log.shownName).join(', ')}); keep only the ${wantedVersion} one for ${e.arch}`
                : `${found.length} ${ext} installers in ${folder} (${found.map(common_log.shownName).join(', ')}); keep only the one for this version, or pick it with ${(0,common_names/* refValue */.vI)('package-version', (0,installer/* versionFromFileName */.C5)(found[found.length - 1]) ?? '5.7.0.25')}`,
    };
}
/** The chosen file is a readable installer of the entry's type, architecture and flavour, or why not. */
async function checkInstaller(e, folder, fileName, opts) {
    const file = external_node_path_default().join(folder, fileName);
    const fst = await (0,promises_.stat)(file).catch(() => undefined);
    if (!fst?.isFile())
        return `${file} is not a regular file`;
    let head;
    try {
        head = await (0,installer/* readHead */.zy)(file);
    }
    catch (err) {
        return `cannot read ${file} (${(0,fs_reason/* fsReason */.E)(err)}); make it readable`;
    }
    const mp = (0,installer/* magicProblem */.$s)(e.installerType, head);
    if (mp)
        return `${file} ${mp}`;
    const named = (0,installer/* archFromFileName */.GQ)(fileName);
    if (named && e.arch !== '_any' && e.arch !== '386' && named !== e.arch)
        return `${fileName} is named for ${named} but the entry is for ${e.arch}; put the ${e.arch} installer in ${folder}`;
    if (opts.sensorOnly && /protect/i.test(fileName))
        return `${fileName} is an Uptycs Protect installer, but ${(0,common_names/* refValue */.vI)('sensor-only', 'true')} asks for the sensor only; put the sensor-only (osquery) installer in ${folder}, or leave out ${(0,common_names/* refValue */.vI)('sensor-only', 'true')}`;
    const declared = await (0,installer/* installerArchProblem */.S3)(file, e.installerType, e.arch);
    if (declared)
        return `${file}: ${declared}; put the ${e.arch} installer in ${folder}`;
    return { path: file, fileName, size: fst.size, type: e.installerType };
}
/** The agent version: package-version (checked against the names), else the one version the names carry. */
function agentVersion(wantedVersion, versions, log, opts) {
    if (!wantedVersion) {
        if (versions.size !== 1)
            throw new errors/* UserError */.yo(versions.size === 0
                ? `${(0,common_names/* ref */.KR)('package-version')}: no installer name carries a version; give it, such as ${(0,common_names/* refValue */.vI)('package-version', '5.7.0.25')}`
                : `${(0,common_names/* ref */.KR)('package-version')}: the installers name ${versions.size} versions (${[...versions.keys()].join(', ')}); choose one with ${(0,common_names/* refValue */.vI)('package-version', [...versions.keys()].sort().at(-1))} and keep only its installers`);
        const version = [...versions.keys()][0];
        log.info(`Agent version ${version}, read from the installer names (give ${(0,common_names/* ref */.KR)('package-version')} to choose it yourself)`);
        return version;
    }
    const others = [...versions].filter(([v]) => v !== wantedVersion);
    if (others.length) {
        const list = others.map(([v, files]) => `${files.join(', ')} (${v})`).join('; ');
        if (!opts.skipVersionCheck)
            throw new errors/* UserError */.yo(`${(0,common_names/* ref */.KR)('package-version')}: ${wantedVersion} was asked for, but the installers name another: ${list}; put the ${wantedVersion} installers in ${(0,common_names/* ref */.KR)('agents-dir')}, or give the version they carry, or add ${(0,common_names/* refValue */.vI)('skip-version-check', 'true')} to build them as ${wantedVersion} anyway`);
        log.warning(`${(0,common_names/* ref */.KR)('package-version')} is ${wantedVersion} but ${list} name another version (${(0,common_names/* ref */.KR)('skip-version-check')} is set)`);
    }
    return wantedVersion;
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/agents/old-mapping.ts
/**
 * The mapping create_package.py's folder holds. The old tool read its own mapping file beside the
 * installers, and users edited it (a Windows entry removed, a platform added). A run in such a folder
 * without a mapping given uses that file, and says so; a folder holding several of them with
 * different entries, or one whose entries differ from the mapping given, stops the run with one
 * error naming the mapping input: the run never quietly picks one mapping over another.
 */






/** The names create_package.py's mapping file went by. */
const OLD_MAPPING_NAMES = [
    'uptycs_agent_mapping.json',
    'uptycs-agent-mapping.json',
    'agent_list.json',
];
/** Each entry as what it makes: "platform version arch ← dir (upt_package)". */
function targets(entries) {
    return new Set(entries.map((e) => `${e.platform} ${e.versionKey} ${e.arch} ← ${e.dir} (${e.uptPackage})`));
}
/** The entries of a mapping file, or undefined when it cannot be read or is not a valid mapping. */
async function entriesOf(file) {
    try {
        return targets((0,mapping/* parseMapping */.KV)(await (0,promises_.readFile)(file, 'utf8'), file).entries);
    }
    catch {
        return undefined;
    }
}
/** How two mappings' entries differ, shortly (the first few entries only one of them has). */
function difference(a, aName, b, bName) {
    const only = [
        ...[...a].filter((t) => !b.has(t)).map((t) => `${t} only in ${aName}`),
        ...[...b].filter((t) => !a.has(t)).map((t) => `${t} only in ${bName}`),
    ];
    return `${only.slice(0, 3).join('; ')}${only.length > 3 ? `; and ${only.length - 3} more` : ''}`;
}
/**
 * The old tool's mapping file in the folder: the one to use when none was given, or undefined (no
 * such file, or the given mapping has the same entries). Throws a UserError naming the mapping input
 * when the folder's files disagree with each other or with the given mapping.
 */
async function folderMapping(q) {
    const names = await (0,promises_.readdir)(q.folder).catch(() => []);
    const found = OLD_MAPPING_NAMES.filter((n) => names.includes(n)).map((n) => external_node_path_default().join(q.folder, n));
    // Downloading, the folder the run is in counts only when it is create_package.py's own.
    const oldFolder = names.includes('create_package.py') || ORIGINAL_DIRS.some((d) => names.includes(d));
    if (!found.length || (!q.installers && !oldFolder))
        return undefined;
    const read = await Promise.all(found.map(async (f) => ({ file: f, entries: await entriesOf(f) })));
    const [first, ...rest] = read;
    const folder = q.show(q.folder);
    const invalid = read.find((r) => !r.entries);
    const differing = rest.find((r) => !r.entries || !same(r.entries, first.entries));
    if (!q.given) {
        if (differing && first.entries && differing.entries)
            throw new errors/* UserError */.yo(`${(0,common_names/* ref */.KR)('mapping')}: ${folder} holds ${found.length} mapping files of create_package.py with different entries (${difference(first.entries, external_node_path_default().basename(first.file), differing.entries, external_node_path_default().basename(differing.file))}); give the one to use, such as ${(0,common_names/* refValue */.vI)('mapping', q.show(first.file))}, and remove the other`);
        if (differing || invalid)
            throw new errors/* UserError */.yo(`${(0,common_names/* ref */.KR)('mapping')}: ${folder} holds ${found.length} mapping files of create_package.py (${found.map((f) => external_node_path_default().basename(f)).join(', ')}); give the one to use, such as ${(0,common_names/* refValue */.vI)('mapping', q.show(found[0]))}, and remove the other`);
        return first.file;
    }
    if (read.some((r) => external_node_path_default().resolve(r.file) === external_node_path_default().resolve(q.given)) && !differing)
        return undefined;
    const given = await entriesOf(q.given);
    if (!given)
        return undefined; // the mapping's own check reports what is wrong with it
    const other = read.find((r) => !r.entries || !same(r.entries, given));
    if (!other)
        return undefined;
    throw new errors/* UserError */.yo(`${(0,common_names/* ref */.KR)('mapping')}: ${q.show(q.given)} was given, but ${folder} holds create_package.py's own mapping ${external_node_path_default().basename(other.file)}${other.entries ? ` with other entries (${difference(given, 'the given mapping', other.entries, external_node_path_default().basename(other.file))})` : ', which is not a valid mapping'}; give ${(0,common_names/* refValue */.vI)('mapping', q.show(other.file))} to use that one, or move it out of ${folder} to use the given one`);
}
function same(a, b) {
    return a.size === b.size && [...a].every((t) => b.has(t));
}

// EXTERNAL MODULE: ./src/inputs/publishing.ts
var publishing = __webpack_require__(6292);
;// CONCATENATED MODULE: ./src/plan/index.ts
/**
 * Plan: read the mapping file and turn it into the list of targets to build.
 */





async function loadMapping(file, displayName = file) {
    let text;
    try {
        text = await (0,promises_.readFile)(file, 'utf8');
    }
    catch (err) {
        throw new errors/* UserError */.yo(`${(0,common_names/* ref */.KR)('mapping')}: cannot read ${file} (${(0,fs_reason/* fsReason */.E)(err)}); give the path of a mapping JSON file, a bundled mapping by name (default, original), or leave it empty`);
    }
    return (0,mapping/* parseMapping */.KV)(text, displayName);
}

// EXTERNAL MODULE: ./src/inputs/index.ts + 6 modules
var src_inputs = __webpack_require__(6211);
// EXTERNAL MODULE: ./src/common/suggest.ts
var suggest = __webpack_require__(8687);
;// CONCATENATED MODULE: ./src/check.ts
/**
 * Every input checked before any work: the values (readInputs), then what they point at on disk and
 * in the environment: output-dir can be written and is not inside a file, agents-dir and the mapping
 * can be read, the API key file is readable and usable, a role can get a token. All problems are
 * reported at once, each naming its input and the fix, never as a raw system error.
 */












/** The marker file a build leaves in output-dir (so a later build may replace it). */

async function kind(p) {
    const st = await (0,promises_.stat)(p).catch(() => undefined);
    if (!st)
        return 'none';
    return st.isDirectory() ? 'dir' : st.isFile() ? 'file' : 'other';
}
/** Why output-dir cannot receive a build, or undefined. */
async function outputDirProblem(dir) {
    const k = await kind(dir);
    if (k === 'file' || k === 'other')
        return `${dir} is a file; give a folder`;
    if (k === 'dir') {
        let names;
        try {
            names = await (0,promises_.readdir)(dir);
        }
        catch (err) {
            return `cannot read ${dir} (${(0,fs_reason/* fsReason */.E)(err)}); give a folder you can write to`;
        }
        if (names.length && !names.includes(paths/* OUTPUT_MARKER */.bm))
            return `${dir} already holds files this tool did not write (${names.slice(0, 3).join(', ')}${names.length > 3 ? ', …' : ''}); give an empty or new folder`;
    }
    // The nearest existing folder above must be a folder we can write in.
    let up = k === 'dir' ? dir : external_node_path_default().dirname(dir);
    for (;;) {
        const uk = await kind(up);
        if (uk === 'dir')
            break;
        if (uk === 'file' || uk === 'other')
            return `${dir} is inside ${up}, which is a file; give a folder`;
        if (external_node_path_default().dirname(up) === up)
            break;
        up = external_node_path_default().dirname(up);
    }
    // Writing in the parent replaces output-dir; writing in output-dir itself is not needed.
    const parent = k === 'dir' ? external_node_path_default().dirname(dir) : up;
    try {
        await (0,promises_.access)(parent, promises_.constants.W_OK | promises_.constants.X_OK);
    }
    catch (err) {
        return `cannot write in ${parent} (${(0,fs_reason/* fsReason */.E)(err)}); give a folder you can write to`;
    }
    return undefined;
}
/** Why agents-dir cannot be read, or undefined. */
async function agentsDirProblem(dir) {
    const k = await kind(dir);
    if (k === 'none')
        return `${dir} does not exist; create it with one subfolder per mapping "dir", each holding that entry's installer`;
    if (k !== 'dir')
        return `${dir} is a file; give the folder that holds one subfolder per mapping "dir"`;
    try {
        await (0,promises_.readdir)(dir);
    }
    catch (err) {
        return `cannot read ${dir} (${(0,fs_reason/* fsReason */.E)(err)}); give a folder you can read`;
    }
    return undefined;
}
/** Why the mapping file cannot be read, or undefined. */
async function mappingFileProblem(file) {
    const k = await kind(file);
    const fix = `give the path of a mapping JSON file, a bundled mapping by name (default, original), or leave it empty`;
    if (k === 'none')
        return `${file} does not exist; ${fix}`;
    if (k === 'dir')
        return `${file} is a folder; ${fix}`;
    try {
        await (0,promises_.access)(file, promises_.constants.R_OK);
    }
    catch (err) {
        return `cannot read ${file} (${(0,fs_reason/* fsReason */.E)(err)}); ${fix}`;
    }
    return undefined;
}
/** Why a role cannot be assumed from here, or undefined (publishing only). */
function roleProblem(env, oidc) {
    if (!oidc || env.GITHUB_ACTIONS !== 'true')
        return `assuming a role needs a GitHub OIDC token, which only the action in a GitHub Actions job gets; leave ${(0,common_names/* ref */.KR)('role-to-assume')} empty and ${(0,common_names/* phrase */.MZ)('aws-credentials')}`;
    if (!env.ACTIONS_ID_TOKEN_REQUEST_URL)
        return 'this job cannot request a GitHub OIDC token; add "permissions: id-token: write" to the job (and "contents: read"). Pull requests from forks never get one.';
    return undefined;
}
/** The region when aws-region is empty: the environment, then (CLI) the profile's; undefined: the default. */
async function outsideRegion(get, deps) {
    if (get('aws-region').trim())
        return undefined;
    return (0,publishing/* regionFromEnvironment */.Gj)(deps.env) ?? (await deps.profileRegion?.());
}
/** An input name this action does not have, with the one meant; undefined for a known name. */
function unknownInputProblem(name) {
    const known = common_names/* INPUT_NAMES */.Qh.map((n) => n.input);
    const n = name.toLowerCase();
    if (known.includes(n))
        return undefined;
    const near = (0,suggest/* closest */.kp)(n.replace(/_/g, '-'), known, Math.max(2, Math.floor(n.length / 4)));
    return `"${n}" is not an input of this action${near ? `; did you mean ${(0,common_names/* ref */.KR)(near)}?` : ''} (${(0,common_names/* phrase */.MZ)('help')})`;
}
/**
 * Reads every input and checks what it points at; throws one UserError listing every problem.
 */
async function checkInputs(get, defaults, deps) {
    /** Each failed check: its own message, and its problems (with file locations for the mapping). */
    const groups = [];
    const failed = (err) => {
        if (!(0,errors/* isUserError */.iU)(err))
            throw err;
        groups.push({
            message: err.message,
            problems: err.problems.length ? err.problems : [{ message: err.message }],
        });
    };
    let inputs;
    try {
        const region = await outsideRegion(get, deps);
        inputs = (0,src_inputs/* readInputs */.Ko)(get, region ? { ...defaults, region } : defaults);
    }
    catch (err) {
        failed(err);
    }
    const add = (name, message) => {
        if (!message)
            return;
        const m = `${(0,common_names/* ref */.KR)(name)}: ${message}`;
        groups.push({ message: m, problems: [{ message: m }] });
    };
    for (const name of deps.given ?? []) {
        const u = unknownInputProblem(name);
        if (u)
            groups.push({ message: u, problems: [{ message: u }] });
    }
    const raw = (name) => get(name).trim();
    const abs = (p) => external_node_path_default().resolve(defaults.cwd, p);
    const offline = /^false$/i.test(raw('download'));
    add('output-dir', await outputDirProblem(inputs?.outputDir ?? abs(raw('output-dir') || defaults.outputDir)));
    if (offline && raw('agents-dir'))
        add('agents-dir', await agentsDirProblem(abs(raw('agents-dir'))));
    if (inputs)
        await useFolderMapping(inputs, raw('mapping') !== '', defaults.cwd, deps.log).catch(failed);
    const mapping = inputs?.mapping ?? (0,src_inputs/* mappingPath */.Q8)(raw('mapping'), defaults);
    const mp = await mappingFileProblem(mapping);
    add('mapping', mp);
    if (!mp)
        await loadMapping(mapping, (0,paths/* shownPath */.pS)(mapping, defaults.cwd)).catch(failed);
    if (!offline && raw('config'))
        await (0,key/* loadApiKey */.WL)(get('config'), deps.log).catch(failed);
    // Given but not used: say so once, rather than let a user believe the key took part.
    if (offline && raw('config') && groups.length === 0)
        deps.log.warning(`${(0,common_names/* ref */.KR)('config')} is not used with ${(0,common_names/* refValue */.vI)('download', 'false')}: the installers come from ${(0,common_names/* ref */.KR)('agents-dir')}, and no Uptycs API is asked; leave ${(0,common_names/* ref */.KR)('config')} out, or drop ${(0,common_names/* refValue */.vI)('download', 'false')} to download`);
    if (raw('role-to-assume') && !/^true$/i.test(raw('dry-run')))
        add('role-to-assume', roleProblem(deps.env, deps.oidc));
    if (groups.length === 1)
        throw new errors/* UserError */.yo(groups[0].message, groups[0].problems);
    if (inputs && !groups.length && (!inputs.dryRun || inputs.checkOnly))
        deps.log.info((0,publishing/* regionChoiceLine */.cV)(inputs.awsRegions, inputs.awsRegionSource ?? (0,common_names/* ref */.KR)('aws-region')));
    if (groups.length) {
        const problems = groups.flatMap((g) => g.problems);
        const where = (p) => p.location
            ? `${p.location.file}:${p.location.line ?? '?'}${p.location.column ? `:${p.location.column}` : ''}: `
            : '';
        throw new errors/* UserError */.yo(`${problems.length} problems in the inputs:\n${problems.map((p) => `  ${where(p)}${p.message}`).join('\n')}`, problems);
    }
    return inputs;
}
/**
 * In create_package.py's folder (agents-dir, or the folder a downloading run is in), the mapping file
 * it holds: used when no mapping is given (said in the log); one that disagrees stops the run.
 */
async function useFolderMapping(inputs, given, cwd, log) {
    if (inputs.packageDir)
        return;
    const adopted = await folderMapping({
        folder: inputs.download ? cwd : inputs.agentsDir,
        installers: !inputs.download,
        ...(given ? { given: inputs.mapping } : {}),
        show: (f) => (external_node_path_default().resolve(f) === external_node_path_default().resolve(cwd) ? '.' : (0,paths/* shownPath */.pS)(f, cwd)),
    });
    if (!adopted)
        return;
    inputs.mapping = adopted;
    log.info(`Mapping ${(0,paths/* shownPath */.pS)(adopted, cwd)}: the mapping file of create_package.py's folder, used instead of the bundled one (give ${(0,common_names/* ref */.KR)('mapping')} to choose another)`);
}

// EXTERNAL MODULE: ./src/common/cancel.ts
var cancel = __webpack_require__(551);
;// CONCATENATED MODULE: ./src/output-dir.ts
/**
 * The output folder: written whole or not at all. A build fills a private staging folder beside
 * output-dir (marked as this tool's, by this step of this job), which then takes output-dir's place;
 * an error or a cancel removes it. Before any work, output-dir is checked: it holds nothing this tool
 * did not write, no other step's package, and an earlier build is never replaced without a word.
 */








const TOOL = 'uptycs-distributor-action';
/** Fails early when output-dir holds anything this tool did not write, or another step's package. */
async function checkOutputDir(dir, owner, replace) {
    const problem = await outputDirProblem(dir);
    if (problem)
        throw new errors/* UserError */.yo(`${(0,common_names/* ref */.KR)('output-dir')}: ${problem}`);
    if (!owner || replace)
        return;
    const marker = await (0,promises_.readFile)(external_node_path_default().join(dir, paths/* OUTPUT_MARKER */.bm), 'utf8').catch(() => '');
    const [, job, step] = marker.split('\n');
    if (job === owner.job && step && step !== owner.step)
        throw new errors/* UserError */.yo(`${(0,common_names/* ref */.KR)('output-dir')}: ${dir} holds the package that step ${step} of this job wrote, and its outputs point at it; give this step another output-dir, or set ${(0,common_names/* refValue */.vI)('replace-output-dir', 'true')} to replace it`);
}
/** The build output-dir holds (package, version, zips), read from its manifest.json, or undefined. */
async function earlierBuild(dir) {
    const text = await (0,promises_.readFile)(external_node_path_default().join(dir, 'manifest.json'), 'utf8').catch(() => undefined);
    if (text === undefined)
        return undefined;
    try {
        const m = JSON.parse(text);
        return { version: String(m.version ?? '?'), zips: Object.keys(m.files ?? {}).length };
    }
    catch {
        return { version: '?', zips: 0 };
    }
}
/**
 * A build in output-dir is never replaced without a word: a plan (which only validates) refuses to
 * replace it unless replace-output-dir is set; a build says what it replaces.
 */
async function checkEarlierBuild(inputs, log, show) {
    const earlier = await earlierBuild(inputs.outputDir);
    if (!earlier)
        return;
    const what = `the build of version ${earlier.version} (${earlier.zips} zip${earlier.zips === 1 ? '' : 's'})`;
    if (inputs.mode === 'plan' && !inputs.replaceOutputDir)
        throw new errors/* UserError */.yo(`${(0,common_names/* ref */.KR)('output-dir')}: ${show(inputs.outputDir)} holds ${what}, which a plan would remove (a plan only validates and writes manifest.plan.json); give the plan another output-dir, or set ${(0,common_names/* refValue */.vI)('replace-output-dir', 'true')} to replace that build`);
    log.info(`Replacing ${what} in ${show(inputs.outputDir)}`);
}
/** Marks a folder as this tool's package, written by this step of this job (see checkOutputDir). */
async function writeMarker(dir, owner) {
    await (0,promises_.writeFile)(external_node_path_default().join(dir, paths/* OUTPUT_MARKER */.bm), `${TOOL}\n${owner ? `${owner.job}\n${owner.step}\n` : ''}`);
}
/** Moves a finished build into output-dir, replacing an earlier build there. */
async function commitOutput(staging, dir) {
    await (0,promises_.rm)(dir, { recursive: true, force: true });
    await (0,promises_.rename)(staging, dir);
}
/** The package as it is once its folder has moved to dir. */
function relocate(pkg, dir) {
    return {
        ...pkg,
        dir,
        manifestPath: external_node_path_default().join(dir, external_node_path_default().basename(pkg.manifestPath)),
        files: pkg.files.map((f) => ({ ...f, path: external_node_path_default().join(dir, f.name) })),
    };
}
/**
 * A fresh folder beside output-dir to write the package into before it takes output-dir's place. A
 * cancel removes it, also one that comes while it is being created or written to (the removal waits
 * for the creation, and retries while files are still being added). `done` forgets the undo step.
 */
async function stagingFolder(outputDir) {
    const dir = `${outputDir}.partial-${(0,external_node_crypto_.randomBytes)(6).toString('hex')}`;
    let created = Promise.resolve();
    const remove = () => (0,promises_.rm)(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 20 });
    const done = (0,cancel.onCancel)(async () => {
        await created.catch(() => undefined);
        await remove();
    });
    // Private, as mkdtemp makes it: the zips hold installers that carry the tenant's enrollment secret.
    created = (0,promises_.mkdir)(external_node_path_default().dirname(outputDir), { recursive: true }).then(() => (0,promises_.mkdir)(dir, { mode: 0o700 }));
    try {
        await created;
    }
    catch (err) {
        done();
        throw err;
    }
    return { dir, done };
}
/**
 * Writes output-dir whole or not at all: `fill` writes into a private staging folder beside it
 * (marked as this step's), which then takes output-dir's place; on an error or a cancel it is removed.
 */
async function writeOutput(outputDir, owner, fill) {
    const { dir: staging, done: forget } = await stagingFolder(outputDir);
    try {
        await writeMarker(staging, owner);
        const result = await fill(staging);
        await commitOutput(staging, outputDir);
        return result;
    }
    catch (err) {
        await (0,promises_.rm)(staging, { recursive: true, force: true });
        throw err;
    }
    finally {
        forget();
    }
}
/**
 * Writes the run's report.json beside the package it built. A package-dir is only read (it may be
 * read-only, and its report.json is the build's): that run's report goes to output-dir instead, as
 * the folder's only file with the marker, replacing an earlier output there (checked in the plan).
 */
async function writeReport(report, pkg, inputs, owner) {
    if (!inputs.packageDir) {
        await (0,promises_.writeFile)(external_node_path_default().join(pkg.dir, 'report.json'), report);
        return external_node_path_default().join(pkg.dir, 'report.json');
    }
    await writeOutput(inputs.outputDir, owner, (staging) => (0,promises_.writeFile)(external_node_path_default().join(staging, 'report.json'), report));
    return external_node_path_default().join(inputs.outputDir, 'report.json');
}

// EXTERNAL MODULE: ./src/package/plan-version.ts
var plan_version = __webpack_require__(8072);
// EXTERNAL MODULE: ./src/package/scripts.ts
var scripts = __webpack_require__(9272);
// EXTERNAL MODULE: ./src/package/plan.ts
var package_plan = __webpack_require__(8553);
;// CONCATENATED MODULE: ./src/package/structure.ts


/** The manifest's targets: "platform version arch" → zip name. */
function structure_targets(packages) {
    const out = new Map();
    for (const [platform, versions] of Object.entries(packages ?? {}))
        for (const [version, arches] of Object.entries(versions ?? {}))
            for (const [arch, target] of Object.entries(arches ?? {}))
                out.set(`${platform} ${version} ${arch}`, String(target?.file));
    return out;
}
/** The manifest's packages tree the mapping's entries make under a version name. */
function plannedPackages(entries, versionName, opts) {
    const files = (0,package_plan/* planFiles */.jP)(entries, versionName, opts);
    return (0,manifest/* buildManifest */.u1)(versionName, files).packages;
}
/**
 * How the targets of `wanted` differ from those of the published manifest (its text, as SSM holds
 * it): one line per platform/version/arch added, dropped or moved to another zip; empty when the
 * same; undefined when the published manifest cannot be read (nothing to compare with).
 */
function structureChanges(wanted, publishedText) {
    let published;
    try {
        published = JSON.parse(publishedText).packages ?? {};
    }
    catch {
        return undefined;
    }
    if (typeof published !== 'object' || published === null)
        return undefined;
    const [now, then] = [structure_targets(wanted), structure_targets(published)];
    const changes = [];
    for (const [key, file] of now) {
        const was = then.get(key);
        if (was === undefined)
            changes.push(`adds ${key}`);
        else if (was !== file)
            changes.push(`${key} in ${file}, published in ${was}`);
    }
    for (const key of then.keys())
        if (!now.has(key))
            changes.push(`drops ${key}`);
    return changes;
}
/** The changes as one phrase: the first few, and how many more. */
function describeChanges(changes, shown = 4) {
    const more = changes.length - shown;
    return `${changes.slice(0, shown).join('; ')}${more > 0 ? `; and ${more} more` : ''}`;
}

// EXTERNAL MODULE: ./src/publish/version-name.ts
var version_name = __webpack_require__(91);
;// CONCATENATED MODULE: ./src/core-stages.ts
/**
 * The stages as the core runs them, each on the run's context: plan (output-dir, the mapping, the
 * templates), the check of what is published, agents (none, downloaded, or found in agents-dir), and
 * package (built into output-dir, or a package-dir verified). The work itself is in the stage
 * folders; this file chooses and logs it.
 */












/** Checks output-dir and reads the mapping and the script templates (nothing of them for a package-dir). */
async function planStage(ctx) {
    const { inputs, deps, log, show } = ctx;
    if (inputs.packageDir) {
        const [out, dir] = [external_node_path_default().resolve(inputs.outputDir), external_node_path_default().resolve(inputs.packageDir)];
        if (out === dir || out.startsWith(`${dir}${(external_node_path_default()).sep}`) || dir.startsWith(`${out}${(external_node_path_default()).sep}`))
            throw new errors/* UserError */.yo(`${(0,common_names/* ref */.KR)('output-dir')}: ${show(inputs.outputDir)} is, or holds, or lies inside ${(0,common_names/* ref */.KR)('package-dir')}, which a run only reads; give output-dir another folder (this run writes its report.json there)`);
        await checkOutputDir(inputs.outputDir, deps.outputOwner, inputs.replaceOutputDir);
        log.info(`Package ${inputs.packageName} built earlier, in ${show(inputs.packageDir)}: verify${inputs.dryRun ? ' only (dry run)' : ', then publish'}; no mapping, download or build`);
        return { mapping: { file: '', entries: [] }, templates: { rpm: [], deb: [], msi: [] } };
    }
    await checkOutputDir(inputs.outputDir, deps.outputOwner, inputs.replaceOutputDir);
    await checkEarlierBuild(inputs, log, show);
    const mapping = await loadMapping(inputs.mapping, show(inputs.mapping));
    for (const w of mapping.warnings ?? [])
        log.warning(w.message, w.location);
    const templates = await (0,scripts/* loadTemplates */.K8)(external_node_path_default().join(deps.packageRoot, 'templates'));
    const platforms = new Set(mapping.entries.map((e) => e.platform));
    log.info(`Mapping ${show(inputs.mapping)}: ${mapping.entries.length} entries on ${platforms.size} platforms (${[...platforms].join(', ')})`);
    log.info(`Package ${inputs.packageName}, ${inputs.mode === 'plan' ? 'plan (validate only: no key, no installers, no network)' : inputs.dryRun ? 'dry run (build and validate only)' : 'build and publish'}`);
    return { mapping, templates };
}
/** Distributor keeps at most 25 versions of a package: there is never a 26th revision to try. */
const MAX_REVISIONS = 25;
/**
 * The check of a version name, with what this run's mapping would publish under it compared to what
 * is published: each platform/version/arch and its zip, which follow from the mapping (nothing is
 * downloaded or built for it). The same: the check stands. Another: one error naming version-name
 * and the next revision's name; with if-published next-revision, the first revision (5.7.0.25-2, -3,
 * …) not published from another mapping becomes this run's version name instead.
 */
async function sameAsPublished(ctx, mapping, checkName, first) {
    const { inputs, log } = ctx;
    const opts = { sensorOnly: inputs.sensorOnly, assetGroup: inputs.assetGroup };
    for (let name = first, tries = 1;; name = (0,version_name/* nextVersionName */.d)(name), tries++) {
        const check = await checkName(name);
        const changes = check.manifestText === undefined
            ? []
            : (structureChanges(plannedPackages(mapping.entries, name, opts), check.manifestText) ?? []);
        if (!changes.length) {
            if (name !== first) {
                inputs.versionName = name;
                log.info(`Version name ${name}: the first revision of ${first} not published from another mapping`);
            }
            if (check.all && !inputs.checkOnly)
                log.info(`${inputs.packageName} ${name} as published holds what this mapping makes: nothing to download or build (${(0,common_names/* ref */.KR)('if-published')} ${inputs.ifPublished}; set it to verify to rebuild and compare)`);
            return check;
        }
        const what = `${inputs.packageName} ${name} is already published with other targets than this mapping makes (the mapping ${describeChanges(changes)})`;
        if (inputs.ifPublished !== 'next-revision')
            throw new errors/* UserError */.yo(`${(0,common_names/* ref */.KR)('version-name')}: ${what}; a published version is never changed. Publish this mapping under a new version name, such as ${(0,common_names/* refValue */.vI)('version-name', (0,version_name/* nextVersionName */.d)(name))}, or set ${(0,common_names/* refValue */.vI)('if-published', 'next-revision')} to take the next free one`);
        if (tries >= MAX_REVISIONS)
            throw new errors/* UserError */.yo(`${(0,common_names/* ref */.KR)('version-name')}: ${what}, and so are the ${MAX_REVISIONS - 1} revisions after ${first}; give a version name of your own`);
        log.info(`${what}; ${(0,common_names/* ref */.KR)('if-published')} next-revision: trying ${(0,version_name/* nextVersionName */.d)(name)}`);
    }
}
/** mode: plan takes no installers: the version is package-version or a placeholder. */
function planAgents(inputs, log) {
    log.info('Plan mode: no key, no download; scripts are rendered for placeholder installer names');
    return {
        version: inputs.packageVersion || plan_version/* PLAN_VERSION */.Z,
        byDir: new Map(),
        cacheHit: false,
        source: 'none (plan mode: nothing downloaded; names are placeholders)',
    };
}
/** The installers: none (package-dir, plan), from the Uptycs API, or found in agents-dir. */
async function agentsStage(ctx, mapping, apiKey, chosen, onInstaller) {
    const { inputs, deps, log, show } = ctx;
    if (inputs.packageDir)
        return {
            version: '',
            byDir: new Map(),
            cacheHit: false,
            source: `built earlier, in ${show(inputs.packageDir)}`,
        };
    if (inputs.mode === 'plan')
        return planAgents(inputs, log);
    if (apiKey) {
        if (!deps.download)
            throw new Error('downloading installers is not available in this build');
        return deps.download(mapping.entries, apiKey, inputs, chosen, onInstaller);
    }
    const set = await locateInstallers(mapping.entries, inputs.agentsDir, inputs.packageVersion, log, {
        sensorOnly: inputs.sensorOnly,
        skipVersionCheck: inputs.skipVersionCheck,
    });
    const distinct = new Set([...set.byDir.values()].map((i) => i.path));
    log.info(`Found ${distinct.size} installer files for ${set.byDir.size} entries in ${show(inputs.agentsDir)}`);
    return { ...set, cacheHit: false, source: `provided in ${show(inputs.agentsDir)}` };
}
/** A package built earlier: verified against itself and, given package-digest, against the build's output. */
async function verifyPackageDir(ctx, packageDir) {
    const { inputs, log, show } = ctx;
    const loaded = await loadBuiltPackage(packageDir, {
        packageName: inputs.packageName,
        versionName: inputs.versionName,
        ...(inputs.packageDigest ? { digest: inputs.packageDigest } : {}),
    }, show(packageDir));
    if (!inputs.packageDigest)
        log.warning(`${(0,common_names/* ref */.KR)('package-dir')} without ${(0,common_names/* ref */.KR)('package-digest')}: the folder vouches only for itself (whoever could write it could recompute every hash in it); give the build step's package-digest output`);
    log.info(`Package ${loaded.packageName} ${loaded.version}: ${loaded.files.length} zips, ${(0,common_log.formatBytes)(loaded.files.reduce((n, f) => n + f.size, 0))}, manifest valid, every SHA-256 as stated, nothing extra, report.json from the same build`);
    return loaded;
}
/** mode: plan validates what buildPackage would build, without installers (package/plan.ts, loaded only then). */
function planBuild(inputs, log) {
    return async (input) => {
        const { planPackage } = await Promise.resolve(/* import() */).then(__webpack_require__.bind(__webpack_require__, 8553));
        return planPackage(input, { sensorOnly: inputs.sensorOnly, assetGroup: inputs.assetGroup }, log);
    };
}
/**
 * Builds the package (or, in plan mode, validates what would be built) into output-dir, whole or not
 * at all. With a sink (a pipelined run), each zip is handed on as soon as it is written, and the
 * folder moves into place only once nothing reads the zips there any more.
 */
async function buildStage(ctx, mapping, templates, agents, feed) {
    const { inputs, deps, log, show } = ctx;
    let built;
    try {
        built = await writeOutput(inputs.outputDir, deps.outputOwner, async (staging) => {
            // The build stage (the zip writer, the scripts' templates) is loaded only by a run that builds.
            const build = inputs.mode === 'plan' ? planBuild(inputs, log) : (await __webpack_require__.e(/* import() */ 628).then(__webpack_require__.bind(__webpack_require__, 1628))).buildPackage;
            try {
                const pkg = await build({
                    packageName: inputs.packageName,
                    version: inputs.versionName || agents.version,
                    entries: mapping.entries,
                    installers: agents.byDir,
                    templates,
                    outDir: staging,
                    ...(feed ? { onZip: feed.zip } : {}),
                }, log);
                await feed?.end();
                return pkg;
            }
            catch (err) {
                await feed?.fail(err);
                throw err;
            }
        });
    }
    catch (err) {
        await feed?.fail(err); // also when the folder could not be made or moved
        throw err;
    }
    log.info(`Package ${built.packageName} ${built.version}: ${built.files.length} zips, ${(0,common_log.formatBytes)(built.files.reduce((n, f) => n + f.size, 0))}, manifest ${Buffer.byteLength(built.manifestText)} bytes, valid → ${show(inputs.outputDir)}`);
    const pkg = relocate(built, inputs.outputDir);
    feed?.done(pkg);
    return pkg;
}

// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
// EXTERNAL MODULE: ./src/plan/installers.ts
var installers = __webpack_require__(9186);
;// CONCATENATED MODULE: ./src/pipeline.ts
/**
 * The overlapping run: when a new build is published in one go, the installers arrive (downloaded,
 * or found in agents-dir beforehand), each zip is built as soon as its installer is there, and the
 * publish stage sends each zip as soon as it is built. The promise plumbing that joins the stages
 * (one promise per installer, the feed of zips) and the debug notes on how much the stages overlapped.
 */




/**
 * Whether the run builds and publishes in one go (a new build, published, nothing to review first):
 * then the stages overlap. A dry run, a plan, a check, a package-dir or a compare-to run does not.
 */
function pipelines({ inputs, deps }) {
    return (!!deps.publish &&
        inputs.mode === 'publish' &&
        !inputs.dryRun &&
        !inputs.checkOnly &&
        !inputs.packageDir &&
        !inputs.compareTo);
}
/**
 * The stages of a build that is published, overlapping: the installers arrive (downloaded, or found
 * in agents-dir beforehand), each zip is built as soon as its installer is there, and the publish
 * stage sends each zip as soon as it is built; the document comes once the whole package is in place.
 * Fails with the first stage's error (a download's before the build's it caused).
 */
async function pipeline(ctx, mapping, templates, from) {
    const { inputs, deps } = ctx;
    const arrivals = 'apiKey' in from ? installerArrivals(mapping.entries, inputs.sensorOnly) : undefined;
    const agentsRun = 'agents' in from
        ? Promise.resolve(from.agents)
        : ctx.stage('Agents', () => agentsStage(ctx, mapping, from.apiKey, from.chosen, arrivals.arrived), true);
    agentsRun.then((a) => arrivals?.settle(a), (err) => arrivals?.fail(err));
    const { version, byDir } = 'agents' in from ? from.agents : { version: from.chosen.version, byDir: arrivals.byDir };
    const feed = zipFeed(inputs.packageName, inputs.versionName || version);
    const publishing = ctx.stage('Publish', () => deps.publish(feed.pkg, inputs), true);
    publishing.catch(() => undefined); // awaited below or by converge
    const building = ctx.stage('Package', () => buildStage(ctx, mapping, templates, { version, byDir }, feed), true);
    const [a, b] = await Promise.allSettled([agentsRun, building]);
    if (a.status === 'rejected' || b.status === 'rejected') {
        await publishing.catch(() => undefined);
        throw a.status === 'rejected' ? a.reason : b.reason;
    }
    return { agents: a.value, pkg: b.value, publishing };
}
/** One promise per installer the entries need, shared by the dirs that use it, kept as they arrive. */
function installerArrivals(entries, sensorOnly) {
    const { specByDir } = (0,installers/* planInstallers */.X)(entries, sensorOnly);
    const waiting = new Map();
    const promises = new Map();
    for (const spec of new Set(specByDir.values())) {
        const p = new Promise((resolve, reject) => waiting.set(spec.id, { resolve, reject }));
        p.catch(() => undefined); // the build awaits it; a failed download is reported by the agents stage
        promises.set(spec.id, p);
    }
    const byDir = new Map([...specByDir].map(([dir, spec]) => [dir, promises.get(spec.id)]));
    const take = (id) => {
        const w = waiting.get(id);
        waiting.delete(id);
        return w;
    };
    return {
        byDir,
        arrived: (id, installer) => take(id)?.resolve(installer),
        /** The agents stage ended: every installer not announced comes from its result (or its error). */
        settle: (agents) => {
            for (const [dir, spec] of specByDir)
                take(spec.id)?.resolve(agents.byDir.get(dir));
        },
        fail: (err) => {
            for (const id of [...waiting.keys()])
                take(id)?.reject(err);
        },
    };
}
/** The package as it is built: its zips as they come, and the whole once it is in output-dir. */
function zipFeed(packageName, version) {
    const zips = new external_node_stream_.Readable({ objectMode: true, read: () => undefined });
    const holds = [];
    let settle;
    const built = new Promise((resolve, reject) => (settle = { resolve, reject }));
    built.catch(() => undefined); // the build's error is the run's; the publish stage only stops on it
    const pkg = {
        packageName,
        version,
        zips,
        built,
        hold: (reading) => void holds.push(reading.catch(() => undefined)),
    };
    return {
        pkg,
        zip: (file) => void zips.push(file),
        end: async () => {
            zips.push(null);
            await Promise.all(holds);
        },
        fail: async (err) => {
            zips.destroy(err instanceof Error ? err : new Error(String(err)));
            settle.reject(err);
            await Promise.all(holds);
        },
        done: (p) => settle.resolve(p),
    };
}
/** The stages that ran while the installers were still arriving (a pipelined run), or none. */
function overlappingStages(spans) {
    const { agents, package: pkg, publish } = spans;
    if (!agents || !pkg || !publish || publish.startMs >= pkg.endMs)
        return [];
    return pkg.startMs < agents.endMs ? ['agents', 'package', 'publish'] : ['package', 'publish'];
}
/** How long the package and publish stages ran while the installers were still arriving. */
function overlapNote(spans) {
    const { agents, package: pkg, publish } = spans;
    if (!agents || !pkg || !publish || pkg.startMs >= agents.endMs)
        return undefined;
    const beside = (s) => Math.max(0, Math.min(s.endMs, agents.endMs) - s.startMs);
    return `stage overlap: the package stage ran ${(0,common_log.formatDuration)(beside(pkg))} and the publish stage ${(0,common_log.formatDuration)(beside(publish))} while installers were still arriving (agents ${(0,common_log.formatDuration)(agents.endMs - agents.startMs)}); the run took ${(0,common_log.formatDuration)(Math.max(agents.endMs, pkg.endMs, publish.endMs))} from its first stage on`;
}

// EXTERNAL MODULE: ./src/report/index.ts + 2 modules
var src_report = __webpack_require__(4417);
;// CONCATENATED MODULE: ./src/core-report.ts
/**
 * The report stage as the core runs it: the coverage, the preview of what common instances would
 * install, the job summary, report.json and the run's outputs; and the short report of a run that
 * stopped because every region already had the version.
 */









/** The coverage, the preview (each would-not-install a notice), the job summary and report.json. */
async function reportStage(ctx, pkg, agents, converged, review) {
    const { inputs, log } = ctx;
    const rows = (0,src_report.coverage)(pkg);
    const preview = (0,manifest/* previewResolution */.FG)(pkg.manifest, distributor/* COMMON_INSTANCES */.Ly);
    for (const p of preview)
        if (!p.result.ok && p.instance.platform !== 'mac_os_x')
            log.notice(`${p.instance.platform} ${p.instance.version} ${p.instance.arch} would not install: ${p.result.reason}`);
    const summary = (0,src_report/* renderSummary */.Br)({
        pkg,
        rows,
        preview,
        agentsSource: agents.source ?? 'downloaded',
        dryRun: inputs.dryRun,
        timings: ctx.timings,
        overlapping: overlappingStages(ctx.spans),
        sections: converged.sections,
        mode: inputs.mode,
        publishPreview: publishPreview(pkg, inputs),
        ...(review?.summary ? { review: review.summary } : {}),
        ...(review?.planMarkdown ? { planReview: review.planMarkdown } : {}),
        publishResults: converged.publishResults,
        rolloutResults: converged.rolloutResults,
    });
    const report = reportJson(inputs, pkg, rows, preview, converged, review);
    const reportPath = await writeReport(report, pkg, inputs, ctx.deps.outputOwner);
    return { rows, preview, summary, reportPath };
}
/** report.json of a build: the package, each zip with what it targets, coverage, preview and results. */
function reportJson(inputs, pkg, rows, preview, converged, review) {
    return (0,manifest/* canonicalJson */.dj)({
        tool: TOOL,
        packageName: pkg.packageName,
        version: pkg.version,
        dryRun: inputs.dryRun,
        mode: inputs.mode,
        manifest: external_node_path_default().basename(pkg.manifestPath),
        packageDigest: (0,manifest/* packageDigest */.jK)(pkg.manifestText),
        files: pkg.files.map((f) => ({
            name: f.name,
            sha256: f.sha256,
            size: f.size,
            installer: f.installerName,
            installerSize: f.installerSize,
            ...(f.installerSha256 ? { installerSha256: f.installerSha256 } : {}),
            targets: f.entries.map((e) => `${e.platform}/${e.versionKey}/${e.arch}`),
        })),
        coverage: rows,
        preview: preview.map((p) => ({ ...p.instance, ...p.result })),
        publish: converged.publishResults ?? null,
        rollout: converged.rolloutResults ?? null,
        ...(review ? { compareTo: review.json } : {}),
    });
}
/** The run's outputs: the stages' own, plus already-published, package-digest and agent-version. */
async function runOutputs(inputs, pkg, agents, stageOutputs) {
    return {
        ...stageOutputs,
        ...(inputs.dryRun ? {} : { 'already-published': 'false' }),
        // What the publish step checks a package-dir against (the manifest names every zip's SHA-256).
        'package-digest': (0,manifest/* packageDigest */.jK)(await (0,promises_.readFile)(pkg.manifestPath)),
        ...(!inputs.packageDir && inputs.mode !== 'plan' ? { 'agent-version': agents.version } : {}),
    };
}
/**
 * The run stops before downloading: every region already has the version name. output-dir gets the
 * published manifest and a report; the outputs come from what SSM holds.
 */
async function alreadyPublished(ctx, check, pkg, extra, done) {
    const { inputs, show } = ctx;
    const rows = (0,src_report.coverage)(pkg);
    await writeOutput(inputs.outputDir, ctx.deps.outputOwner, async (staging) => {
        await (0,promises_.writeFile)(external_node_path_default().join(staging, 'manifest.json'), pkg.manifestText);
        await (0,promises_.writeFile)(external_node_path_default().join(staging, 'report.json'), (0,manifest/* canonicalJson */.dj)({
            tool: TOOL,
            packageName: pkg.packageName,
            version: check.versionName,
            alreadyPublished: check.all,
            checkOnly: inputs.checkOnly,
            manifest: 'manifest.json',
            coverage: rows,
            publish: done.publishResults ?? check.results,
            rollout: done.rolloutResults ?? null,
        }));
    });
    const summary = [
        `## Uptycs Distributor package ${pkg.packageName} ${check.versionName}: ${check.all ? 'already published' : 'not yet published everywhere'}`,
        '',
        check.all
            ? `Every region already has this version: nothing was downloaded or built (${inputs.checkOnly ? (0,common_names/* refValue */.vI)('check-only', 'true') : (0,common_names/* refValue */.vI)('if-published', 'skip')}).${done.asAsked ? ' Its default version, sharing and versions kept were already as asked, so nothing was changed either.' : ''} The manifest SSM holds is in ${show(inputs.outputDir)}.`
            : `Checked only (${(0,common_names/* refValue */.vI)('check-only', 'true')}): nothing was downloaded or built.`,
        '',
        ...(done.sections.length
            ? done.sections.flatMap((sec) => [`### ${sec.title}`, '', sec.markdown, ''])
            : ['### Published to AWS', '', check.markdown, '']),
    ].join('\n');
    return {
        pkg,
        rows,
        preview: [],
        summary,
        reportPath: external_node_path_default().join(inputs.outputDir, 'report.json'),
        cacheHit: false,
        outputs: { ...check.outputs, ...done.outputs, ...extra, 'already-published': String(check.all) },
        ...(done.error ? { error: done.error } : {}),
    };
}

;// CONCATENATED MODULE: ./src/core.ts
/**
 * The flow shared by the action and the CLI, read top to bottom: plan → (version → is it published?)
 * → agents → package → publish → rollout → report. Each stage runs in a log group and is timed. All
 * I/O goes through the stages; this file only orders them. Its parts: core-context.ts (what a run
 * shares), core-stages.ts (each stage as the run calls it), pipeline.ts (the stages overlapping when a
 * new build is published), output-dir.ts (the output folder, whole or not at all), core-report.ts.
 */









async function run(given, deps) {
    const ctx = runContext(given, deps);
    // The run's own copy: the check may choose the version name (if-published next-revision).
    const { inputs } = ctx;
    // The publish stage's code (the AWS SDK) compiles while the package is downloaded, built or
    // verified: loading only, no call.
    if (deps.publish && inputs.mode === 'publish' && !inputs.dryRun && !inputs.checkOnly)
        void Promise.all(/* import() */[__webpack_require__.e(736), __webpack_require__.e(51), __webpack_require__.e(930), __webpack_require__.e(238)]).then(__webpack_require__.bind(__webpack_require__, 1238)).catch(() => undefined);
    try {
        const { mapping, templates } = await ctx.stage('Plan', () => planStage(ctx));
        const check = publishedCheck(ctx, mapping);
        // Read and validated once (checkInputs read it before any work); the Uptycs client gets it parsed.
        const apiKey = fromUptycs(inputs) ? await (0,key/* loadApiKey */.WL)(inputs.config, ctx.log) : undefined;
        let chosen;
        if (apiKey && deps.resolveVersion) {
            const resolved = await ctx.stage('Version', async () => {
                check.start(); // the AWS session opens while the version is looked up
                const version = await deps.resolveVersion(mapping.entries, apiKey, inputs);
                return { version, done: await check.skip(version.version) };
            });
            chosen = resolved.version;
            if (resolved.done)
                return await finishPublished(ctx, resolved.done, chosen.version);
        }
        const made = await agentsAndPackage(ctx, mapping, templates, apiKey, chosen, check);
        if ('finished' in made)
            return made.finished;
        const { agents, pkg, publishing } = made;
        const review = reviewsChange(inputs) ? await reviewChange(pkg, inputs, ctx.show, ctx.log) : undefined;
        const converged = await converge(ctx, pkg, !inputs.dryRun && !review?.error, undefined, publishing);
        const report = await ctx.stage('Report', () => reportStage(ctx, pkg, agents, converged, review));
        return {
            pkg,
            ...report,
            cacheHit: agents.cacheHit ?? false,
            outputs: await runOutputs(inputs, pkg, agents, converged.outputs),
            error: converged.error ?? review?.error,
            ...(review ? { review } : {}),
        };
    }
    finally {
        ctx.log.debug(`stage timings: ${JSON.stringify(ctx.spans)}`);
        const overlap = overlapNote(ctx.spans);
        if (overlap)
            ctx.log.debug(overlap);
    }
}
/** Installers come from the Uptycs API: the run needs the API key and the agent version. */
function fromUptycs(inputs) {
    return inputs.download && !inputs.packageDir && inputs.mode !== 'plan';
}
/**
 * Nothing to do costs nothing: once the version is known, every region is asked (read-only) first.
 * check-only stops after the check whatever it found; if-published skip stops when all have it. A
 * version published from another mapping is never taken for this one (see sameAsPublished).
 * `start` opens the AWS session early (beside the version lookup); `skip` says whether to stop.
 */
function publishedCheck(ctx, mapping) {
    const { inputs, deps } = ctx;
    const wanted = !inputs.packageDir && (inputs.checkOnly || (!inputs.dryRun && inputs.ifPublished !== 'verify'));
    if (wanted && !deps.published)
        throw new Error('checking AWS is not available in this build');
    let checker;
    const start = () => {
        if (wanted && !checker) {
            checker = deps.published(inputs);
            checker.catch(() => undefined); // awaited in skip; this only keeps an early failure from going unhandled
        }
        return checker;
    };
    return {
        start: () => void start(),
        skip: async (version) => {
            const c = start();
            if (!c)
                return undefined;
            const check = await sameAsPublished(ctx, mapping, await c, inputs.versionName || version);
            return inputs.checkOnly || check.all ? check : undefined;
        },
    };
}
/**
 * The installers and the package: one stage after the other, or, when the build is published,
 * overlapping (each zip built as soon as its installer is there and sent as soon as it is built; one
 * log group for the stages, each timed on its own). With agents-dir, the found version may turn out
 * to be published already: `finished` is then the run's result.
 */
async function agentsAndPackage(ctx, mapping, templates, apiKey, chosen, check) {
    const { inputs, deps } = ctx;
    const pipelined = pipelines(ctx);
    if (pipelined && apiKey && chosen)
        return deps.log.group('Agents, package and publish', () => pipeline(ctx, mapping, templates, { apiKey, chosen }));
    const agents = await ctx.stage('Agents', () => agentsStage(ctx, mapping, apiKey, chosen));
    if (!inputs.download && !inputs.packageDir) {
        const done = await check.skip(agents.version);
        if (done)
            return { finished: await finishPublished(ctx, done, agents.version) };
    }
    if (pipelined && !apiKey)
        return deps.log.group('Package and publish', () => pipeline(ctx, mapping, templates, { agents }));
    const pkg = await ctx.stage('Package', () => inputs.packageDir
        ? verifyPackageDir(ctx, inputs.packageDir)
        : buildStage(ctx, mapping, templates, agents));
    return { agents, pkg };
}
/**
 * Publishing (when asked) and the rollout (when configured). Also when the version was already
 * published: nothing is uploaded then, but the default version, the sharing, the versions kept and
 * the association still follow the inputs, and an interrupted run converges (a few SSM calls). A
 * check that found everything as asked stands for the publish stage.
 */
async function converge(ctx, pkg, publish, checked, 
/** A pipelined run's publish stage, already under way. */
publishing) {
    const { inputs, deps, stage } = ctx;
    const c = checked
        ? {
            asAsked: true,
            sections: [{ title: 'Published to AWS', markdown: checked.markdown }],
            outputs: checked.outputs,
            publishResults: checked.results,
        }
        : { sections: [], outputs: {} };
    const took = (p) => {
        c.sections = p.sections;
        c.outputs = p.outputs;
        c.publishResults = p.results;
        c.error = p.error;
    };
    if (publishing)
        took(await publishing);
    else if (publish)
        await stage('Publish', async () => {
            if (!deps.publish)
                throw new Error('publishing is not available in this build');
            took(await deps.publish(pkg, inputs));
        });
    // mode: plan opens no connection: the rollout plan is only read (and compared, with compare-plan-to).
    if (inputs.rollout && inputs.mode !== 'plan')
        await stage('Rollout', async () => {
            if (!deps.rollout)
                throw new Error('the rollout is not available in this build');
            const r = await deps.rollout(pkg, inputs, c.publishResults);
            c.sections = [...c.sections, ...r.sections];
            c.outputs = { ...c.outputs, ...r.outputs };
            c.rolloutResults = r.results;
            c.error =
                c.error && r.error ? new Error(`${c.error.message}\n${r.error.message}`) : (c.error ?? r.error);
        });
    return c;
}
/** Every region has the version: converge (not with check-only), then report what SSM holds. */
async function finishPublished(ctx, check, agentVersion) {
    const { inputs } = ctx;
    const text = check.manifestText ??
        (0,manifest/* canonicalJson */.dj)({ schemaVersion: '2.0', version: check.versionName, packages: {}, files: {} });
    const pkg = packageFromManifest(inputs.packageName, text, inputs.outputDir);
    const done = inputs.checkOnly || !check.all || !check.manifestText
        ? { sections: [], outputs: {} }
        : check.converged
            ? await converge(ctx, pkg, false, check)
            : await converge(ctx, pkg, true);
    return ctx.stage('Report', () => alreadyPublished(ctx, check, pkg, { 'agent-version': agentVersion }, done));
}

;// CONCATENATED MODULE: ./src/cli-args.ts
/**
 * The CLI's argument parser: the flags of create_package.py (-c -b -p -r -v -d -o and their long
 * forms) and every action input as --kebab-case, all from the one table of names. Written by hand
 * rather than with node:util parseArgs so that each mistake gets one line naming the fix
 * ("unknown option --agent-dir; did you mean --agents-dir?"), and the forms people type
 * (--dry-run=true, --download no, --package_version) are accepted. Pure.
 */


/** A command-line mistake; its message is one line (with markers) naming the fix. */
class ArgError extends Error {
    constructor(message) {
        super(message);
        this.name = 'ArgError';
    }
}
const TRUE_WORDS = ['true', 'yes', 'on', '1'];
const FALSE_WORDS = ['false', 'no', 'off', '0'];
const SPECIAL = ['help', 'version', 'debug'];
function boolWord(v) {
    if (v === undefined)
        return undefined;
    const l = v.toLowerCase();
    return TRUE_WORDS.includes(l) ? 'true' : FALSE_WORDS.includes(l) ? 'false' : undefined;
}
const HELP = (0,common_names/* phrase */.MZ)('help');
function findLong(name) {
    const n = name.toLowerCase().replace(/_/g, '-');
    return common_names/* CLI_NAMES */.Q4.find((f) => f.input === n || (f.old && f.old.replace(/_/g, '-') === n));
}
function longNames() {
    return [...SPECIAL, ...common_names/* CLI_NAMES */.Q4.flatMap((f) => [f.input, ...(f.old ? [f.old] : [])])];
}
function unknown(arg) {
    if (arg.startsWith('--')) {
        const name = arg.slice(2).split('=')[0];
        const near = (0,suggest/* closest */.kp)(name.replace(/_/g, '-'), longNames(), Math.max(2, Math.floor(name.length / 4)));
        return new ArgError(`unknown option --${name}${near ? `; did you mean --${near}?` : ''} (${HELP})`);
    }
    return new ArgError(`unknown option ${arg.slice(0, 2)} (${HELP})`);
}
/**
 * A long option written with one dash (-package_name, -dry-run, -help): read as a short option it would
 * fold into -p with the value "ackage_name", so it is refused, naming the double-dash form.
 */
function singleDashLong(arg) {
    const name = arg.slice(1).split('=')[0];
    if (name.length < 2)
        return undefined;
    const special = SPECIAL.find((s) => s === name.toLowerCase());
    const flag = special ? undefined : findLong(name);
    if (!special && !flag)
        return undefined;
    const letter = arg[1];
    const folds = letter === 'd' || common_names/* CLI_NAMES */.Q4.some((f) => f.short === letter);
    const read = folds ? `, so it reads as -${letter} "${arg.slice(2)}"` : '';
    const also = flag && flag.input !== name ? ` (or --${flag.input})` : '';
    return new ArgError(`${arg} has one dash${read}: write --${name}${also}`);
}
function parseCliArgs(argv) {
    const out = { given: {}, help: false, version: false, debug: false };
    /** How each input was given, for "given twice" messages. */
    const spelled = {};
    const set = (input, value, as) => {
        const before = out.given[input];
        if (before !== undefined && before !== value) {
            if (input === 'download')
                throw new ArgError(`${spelled[input]} and ${as} contradict each other: -d (or --download false) builds from the installers in --agents-dir, --download true downloads them; keep one`);
            throw new ArgError(spelled[input] === as
                ? `${as} is given twice (${before} and ${value}); keep one`
                : `${spelled[input]} and ${as} are both given (${before} and ${value}); keep one`);
        }
        out.given[input] = value;
        spelled[input] = as;
    };
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        const next = argv[i + 1];
        if (arg === '-h' || arg === '--help') {
            out.help = true;
            continue;
        }
        if (arg === '--version' || arg === '-V') {
            out.version = true;
            continue;
        }
        if (arg === '--debug') {
            out.debug = true;
            continue;
        }
        if (arg === '-d') {
            set('download', 'false', '-d');
            continue;
        }
        let flag;
        let inline;
        let as;
        if (arg.startsWith('--') && arg.length > 2) {
            const eq = arg.indexOf('=');
            const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
            inline = eq < 0 ? undefined : arg.slice(eq + 1);
            if (SPECIAL.includes(name))
                throw new ArgError(`--${name} takes no value; write --${name}`);
            flag = findLong(name);
            if (!flag)
                throw unknown(arg);
            as = `--${name}`;
        }
        else if (/^-[A-Za-z]/.test(arg)) {
            const word = singleDashLong(arg);
            if (word)
                throw word;
            const letter = arg[1];
            flag = common_names/* CLI_NAMES */.Q4.find((f) => f.short === letter);
            if (!flag)
                throw unknown(arg);
            const rest = arg.slice(2);
            inline = rest ? rest.replace(/^=/, '') : undefined;
            as = `-${letter}`;
            if (flag.boolean && inline !== undefined)
                throw new ArgError(`-${letter} takes no value: write -${letter} alone (${HELP})`);
        }
        else {
            throw new ArgError(`unexpected argument "${arg}": every value follows its option, such as ${(0,common_names/* refValue */.vI)('package-version', '5.7.0.25')} (${HELP})`);
        }
        if (flag.input === 'download') {
            // create_package.py's "--download" alone turned downloading off; "--download true|false" is the input.
            const v = inline !== undefined ? boolWord(inline) : boolWord(next);
            if (inline !== undefined && !v)
                throw new ArgError(`--download=${inline} is not understood: write -d to build from --agents-dir, or leave it out to download`);
            if (inline === undefined && v)
                i++;
            set('download', v ?? 'false', v ? `--download ${v}` : '--download');
            continue;
        }
        if (flag.boolean) {
            const v = inline !== undefined ? boolWord(inline) : boolWord(next);
            if (inline !== undefined && !v)
                throw new ArgError(`${as}=${inline} is not understood: write ${as} alone, or ${as}=false`);
            if (inline === undefined && v)
                i++;
            set(flag.input, v ?? 'true', as);
            continue;
        }
        let value = inline;
        if (value === undefined) {
            if (next === undefined || (next.startsWith('-') && next.length > 1 && !/^-\d/.test(next)))
                throw new ArgError(`${as} needs a value${example(flag)} (${HELP})`);
            value = next;
            i++;
        }
        set(flag.input, value, as);
    }
    return out;
}
function example(f) {
    const samples = {
        'package-version': '5.7.0.25',
        'aws-region': 'us-east-1',
        config: 'uptycs-key.json',
        'agents-dir': './agents',
        's3-bucket': 'my-bucket',
        mapping: 'original',
    };
    const s = samples[f.input];
    return s ? `, such as ${(0,common_names/* refValue */.vI)(f.input, s)}` : '';
}

;// CONCATENATED MODULE: ./src/cli.ts
/**
 * The command line: the same core as the action, with the flags of the old create_package.py
 * (-c -b -p -r -v -d -o, and their long forms) plus the action's inputs as --kebab-case flags.
 */












/** The flags: one per input, from the one table of names (src/common/names.ts). */
const FLAGS = common_names/* CLI_NAMES */.Q4.filter((f) => f.input !== 'download');
function usage() {
    const rows = FLAGS.map((f) => {
        const long = [`--${f.input}`, ...(f.old ? [`--${f.old}`] : [])].join(', ');
        const names = `${f.short ? `-${f.short}, ` : '    '}${long}${f.boolean ? '' : ' VALUE'}`;
        return `  ${names.padEnd(50)} ${f.help}`;
    });
    return [
        'Usage: uptycs-distributor [options]',
        '',
        'Builds an AWS Systems Manager Distributor package of the Uptycs agent and publishes it.',
        '',
        `  ${'-d, --download'.padEnd(50)} DISABLE downloading: use installers in --agents-dir (as create_package.py -d)`,
        `  ${'    --download true|false'.padEnd(50)} the action input's form of the same choice`,
        ...rows,
        `  ${'-h, --help'.padEnd(50)} this help`,
        `  ${'-V, --version'.padEnd(50)} the version of this tool (the agent version is -v)`,
        `  ${'    --debug'.padEnd(50)} more detail in the log`,
        '',
        'Switches also take a value: --dry-run=false, --download false (true|false|yes|no).',
        'Needs Node.js 22.2 or newer (--help and --version work on older ones); from a clone, npx uptycs-distributor uses the Node.js 24 that npm ci installs.',
        '',
        'Examples:',
        '  uptycs-distributor -d --agents-dir ./agents -v 5.7.0.25 --dry-run   (offline build, nothing published)',
        "  uptycs-distributor -d --agents-dir ./old --mapping original -v 5.7.0.25 -b my-bucket   (create_package.py's 8 folders)",
    ].join('\n');
}
/** The tool's own version, from its package.json. */
function toolVersion(root = (0,paths/* packageRoot */.Zl)()) {
    try {
        return (JSON.parse((0,external_node_fs_.readFileSync)(external_node_path_default().join(root, 'package.json'), 'utf8')).version ??
            'unknown');
    }
    catch {
        return 'unknown';
    }
}
/**
 * The region of the AWS profile (AWS_PROFILE, else default), read from the shared config files by the
 * SDK's own loader (an SSM client's region provider: the environment, which is empty here, then the
 * profile's "region"); undefined when the profile sets none.
 */
async function profileRegion(env) {
    const { SSMClient } = await __webpack_require__.e(/* import() */ 736).then(__webpack_require__.t.bind(__webpack_require__, 4736, 19));
    const client = new SSMClient({});
    try {
        const value = await client.config.region();
        const profile = env.AWS_PROFILE || 'default';
        const file = env.AWS_CONFIG_FILE || '~/.aws/config';
        return value
            ? {
                value,
                source: `the region of AWS profile ${profile} in ${file}`,
                fix: `correct the profile's region, or give ${(0,common_names/* ref */.KR)('aws-region')}`,
            }
            : undefined;
    }
    catch {
        return undefined; // "Region is missing": the profile sets none
    }
    finally {
        client.destroy();
    }
}
/**
 * An error of several lines (every problem of the inputs, one a line) as that many log lines: the log
 * keeps each one line and defuses a workflow command at its start.
 */
function logError(log, message) {
    const [first, ...rest] = message.split(/\r?\n/);
    log.error(first ?? '');
    for (const line of rest)
        log.info(line);
}
/** Runs the CLI; returns the exit code (0, or 1 for any mistake or failure). */
async function runCli(argv, io) {
    let args;
    try {
        args = parseCliArgs(argv);
    }
    catch (err) {
        if (!(err instanceof ArgError))
            throw err;
        io.stderr(`error: ${(0,common_names/* renderNames */.pj)(err.message, 'cli')}`);
        return 1;
    }
    if (args.help) {
        io.stdout(usage());
        return 0;
    }
    if (args.version) {
        io.stdout(`uptycs-distributor ${toolVersion()} (this is the tool's version; the agent version to package is given with ${(0,common_names/* renderNames */.pj)((0,common_names/* refValue */.vI)('package-version', '5.7.0.25'), 'cli')})`);
        return 0;
    }
    const given = args.given;
    if (given.download === 'false' && !given['agents-dir'])
        given['agents-dir'] = '.';
    const log = (0,common_log.textLog)((line) => io.stderr(line), { debug: args.debug });
    const root = (0,paths/* packageRoot */.Zl)();
    const cleanup = [];
    try {
        const inputs = await checkInputs((name) => given[name] ?? '', {
            mapping: external_node_path_default().join(root, paths/* BUNDLED_MAPPING */.el),
            outputDir: 'uptycs-distributor-package',
            cwd: io.cwd,
        }, { log, env: io.env, oidc: false, profileRegion: () => profileRegion(io.env) });
        let session; // opened by the already-published check, reused to publish
        // The rollout plan's organization: its accounts are shared with (publish and its check see them) and get the association.
        const org = inputs.organization
            ? (await Promise.all(/* import() */[__webpack_require__.e(736), __webpack_require__.e(51), __webpack_require__.e(381), __webpack_require__.e(503), __webpack_require__.e(930), __webpack_require__.e(227), __webpack_require__.e(271)]).then(__webpack_require__.bind(__webpack_require__, 7271))).organizationStage({ log, env: io.env })
            : undefined;
        const orgInputs = async (inp) => (org ? org.inputsFor(inp) : inp);
        const deps = {
            log,
            packageRoot: root,
            displayPath: (f) => {
                const rel = external_node_path_default().relative(io.cwd, f);
                return rel && !rel.startsWith('..') && !external_node_path_default().isAbsolute(rel) ? rel : f;
            },
            download: async (entries, apiKey, inp, chosen, onInstaller) => {
                const { downloadInstallers } = await Promise.all(/* import() */[__webpack_require__.e(10), __webpack_require__.e(752)]).then(__webpack_require__.bind(__webpack_require__, 6752));
                const { localCache, noCache } = await __webpack_require__.e(/* import() */ 96).then(__webpack_require__.bind(__webpack_require__, 8096));
                const workDir = await (0,promises_.mkdtemp)(external_node_path_default().join((0,external_node_os_.tmpdir)(), 'uptycs-distributor-installers-'));
                cleanup.push(workDir);
                return downloadInstallers(entries, apiKey, inp, {
                    workDir,
                    cache: inp.cache === 'false' ? noCache : localCache(log),
                    log,
                    chosenVersion: chosen,
                    ...(onInstaller ? { onInstaller } : {}),
                });
            },
            resolveVersion: async (entries, apiKey, inp) => {
                const { resolveAgentVersion } = await Promise.all(/* import() */[__webpack_require__.e(10), __webpack_require__.e(752)]).then(__webpack_require__.bind(__webpack_require__, 6752));
                return resolveAgentVersion(entries, apiKey, inp, { log });
            },
            published: async (inp) => {
                const { openCheck } = await Promise.all(/* import() */[__webpack_require__.e(736), __webpack_require__.e(51), __webpack_require__.e(930), __webpack_require__.e(238), __webpack_require__.e(777)]).then(__webpack_require__.bind(__webpack_require__, 9777));
                const check = await openCheck(await orgInputs(inp), { log, env: io.env });
                session = check.session;
                return check;
            },
            // Loaded only when publishing. The CLI has no OIDC token: AWS credentials come from the default chain.
            publish: async (pkg, inp) => {
                const { publishStage } = await Promise.all(/* import() */[__webpack_require__.e(736), __webpack_require__.e(51), __webpack_require__.e(930), __webpack_require__.e(238)]).then(__webpack_require__.bind(__webpack_require__, 1238));
                return publishStage({
                    log,
                    env: io.env,
                    ...(session ? { session } : {}),
                    ...(io.publishOptions ? { options: io.publishOptions } : {}),
                })(pkg, await orgInputs(inp));
            },
            // Loaded only when --rollout-targets is given.
            rollout: async (pkg, inp, published) => {
                if (org)
                    return org.rollout(pkg, inp, published);
                const { rolloutStage } = await Promise.all(/* import() */[__webpack_require__.e(736), __webpack_require__.e(51), __webpack_require__.e(381), __webpack_require__.e(227), __webpack_require__.e(525)]).then(__webpack_require__.bind(__webpack_require__, 1227));
                return rolloutStage({ log, env: io.env })(pkg, inp, published);
            },
        };
        const result = await run(inputs, deps);
        io.stdout([
            result.outputs['already-published'] === 'true'
                ? `${result.pkg.packageName} ${result.pkg.version}: already published (document version ${result.outputs['document-version']}); nothing downloaded or built; the published manifest.json is in ${result.pkg.dir}`
                : inputs.mode === 'plan'
                    ? `${result.pkg.packageName}: the plan is valid; ${result.pkg.files.length} zips would be built (installer names are placeholders); report.json and manifest.plan.json in ${result.pkg.dir}`
                    : `${result.pkg.packageName} ${result.pkg.version}: ${result.pkg.files.length} zips and manifest.json in ${result.pkg.dir}`,
            '',
            (0,src_report/* renderCoverageText */.SW)(result.rows),
            '',
            `Report: ${result.reportPath}`,
        ].join('\n'));
        if (result.error) {
            logError(log, (0,errors/* errorMessage */.gJ)(result.error));
            return 1;
        }
        return 0;
    }
    catch (err) {
        logError(log, (0,errors/* errorMessage */.gJ)(err));
        if (!(0,errors/* isUserError */.iU)(err) && err instanceof Error && err.stack)
            log.debug(err.stack);
        return 1;
    }
    finally {
        await Promise.all(cleanup.map((d) => (0,promises_.rm)(d, { recursive: true, force: true })));
    }
}


/***/ }),

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


/***/ }),

/***/ 1922:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   fl: () => (/* binding */ locator),
/* harmony export */   gJ: () => (/* binding */ errorMessage),
/* harmony export */   iU: () => (/* binding */ isUserError),
/* harmony export */   yo: () => (/* binding */ UserError)
/* harmony export */ });
/* harmony import */ var _fs_reason_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6259);

/** Maps character offsets of a file's text to 1-based line/column (a binary search over line starts). */
function locator(file, text) {
    const starts = [0];
    for (let i = 0; i < text.length; i++)
        if (text.charCodeAt(i) === 10)
            starts.push(i + 1);
    return (offset) => {
        let lo = 0;
        let hi = starts.length - 1;
        while (lo < hi) {
            const mid = (lo + hi + 1) >> 1;
            if (starts[mid] <= offset)
                lo = mid;
            else
                hi = mid - 1;
        }
        return { file, line: lo + 1, column: offset - starts[lo] + 1 };
    };
}
/**
 * An error caused by what the user gave us (an input, a mapping, a key file, an installer...).
 * Its message names the input and the fix; it is printed without a stack trace.
 */
class UserError extends Error {
    problems;
    constructor(message, problems = []) {
        super(message);
        this.name = 'UserError';
        this.problems = problems;
    }
}
function isUserError(err) {
    return err instanceof UserError;
}
function errorMessage(err) {
    const sys = err;
    // A system error reads "EACCES: permission denied, mkdtemp '/x'"; say what failed on which path instead.
    if (err instanceof Error && typeof sys?.code === 'string' && typeof sys.syscall === 'string' && sys.path)
        return `cannot ${SYSCALL_VERB[sys.syscall] ?? sys.syscall} ${sys.path} (${(0,_fs_reason_js__WEBPACK_IMPORTED_MODULE_0__/* .fsReason */ .E)(err)})`;
    return err instanceof Error ? err.message : String(err);
}
const SYSCALL_VERB = {
    open: 'open',
    read: 'read',
    write: 'write',
    mkdir: 'create the folder',
    mkdtemp: 'create a folder in',
    rename: 'move',
    rm: 'remove',
    rmdir: 'remove',
    unlink: 'remove',
    scandir: 'list the folder',
    stat: 'find',
    lstat: 'find',
    access: 'access',
    copyfile: 'copy',
};


/***/ }),

/***/ 6259:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E: () => (/* binding */ fsReason)
/* harmony export */ });
/** System errors in words, so that no raw code (EACCES, ENOTDIR) reaches a person. Pure. */
/** A system error's cause in words ("permission denied"), never its code alone. */
function fsReason(err) {
    const code = err?.code;
    switch (code) {
        case 'ENOENT':
            return 'it does not exist';
        case 'EACCES':
        case 'EPERM':
            return 'permission denied';
        case 'ENOTDIR':
            return 'a part of the path is a file, not a folder';
        case 'EISDIR':
            return 'it is a folder';
        case 'EROFS':
            return 'the file system is read-only';
        case 'ELOOP':
            return 'it is a loop of symbolic links';
        case 'EEXIST':
            return 'something is already there';
        case 'ENOSPC':
            return 'the disk is full';
        case 'ENAMETOOLONG':
            return 'the path is too long';
        default:
            return 'it cannot be read';
    }
}


/***/ }),

/***/ 6941:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Q3: () => (/* binding */ sha256File),
/* harmony export */   Rs: () => (/* binding */ sha256Files),
/* harmony export */   l9: () => (/* binding */ sharedHasher)
/* harmony export */ });
/* unused harmony export Hasher */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_worker_threads__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5919);
/* harmony import */ var node_worker_threads__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_worker_threads__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _limit_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(1398);
/**
 * SHA-256, two ways.
 *   - Files at rest (sha256File, sha256Files): read in 4 MiB blocks into one buffer per file and
 *     hashed on this thread, two files at a time so that one is read while the other is hashed. Nothing
 *     else runs meanwhile, and with no copies, messages or garbage this is the fastest way (1.3 GB/s
 *     with SHA extensions; 200 MB in 0.16 s here, against 0.37 s through the worker below).
 *   - Streams (Hasher): computed on a worker thread so that hashing runs on another core than the
 *     event loop that reads sockets or builds zips (on CPUs without SHA extensions SHA-256 runs at
 *     100-300 MB/s and would otherwise cap the rate). Chunks are gathered into 1 MiB blocks that are
 *     transferred to the worker, not copied again, and handed back to be reused, so hashing makes no
 *     garbage. The worker is inlined (eval) so that bundling needs no extra file.
 */




const FILE_BLOCK = 4 << 20;
/** SHA-256 (hex) of a file's bytes. */
async function sha256File(file) {
    const fh = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.open)(file, 'r');
    try {
        const buf = Buffer.allocUnsafe(FILE_BLOCK);
        const h = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256');
        for (;;) {
            const { bytesRead } = await fh.read(buf, 0, buf.length, null);
            if (!bytesRead)
                return h.digest('hex');
            h.update(buf.subarray(0, bytesRead));
        }
    }
    finally {
        await fh.close();
    }
}
/** SHA-256 (hex) of each file, in the files' order, two at a time. */
function sha256Files(files) {
    return (0,_limit_js__WEBPACK_IMPORTED_MODULE_3__/* .mapLimit */ .sf)(files, 2, (f) => sha256File(f));
}
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const hashes = new Map();
parentPort.on('message', (m) => {
  if (m.op === 'update') {
    let h = hashes.get(m.id);
    if (!h) hashes.set(m.id, (h = createHash('sha256')));
    h.update(new Uint8Array(m.buf, 0, m.len));
    parentPort.postMessage({ op: 'ack', buf: m.buf }, [m.buf]);
  } else if (m.op === 'digest') {
    const h = hashes.get(m.id) || createHash('sha256');
    hashes.delete(m.id);
    parentPort.postMessage({ op: 'digest', id: m.id, hex: h.digest('hex') });
  } else if (m.op === 'drop') {
    hashes.delete(m.id);
  }
});
`;
const BLOCK = 1 << 20;
/** Blocks in flight before update() asks its caller to wait. */
const MAX_IN_FLIGHT = 4;
class Hasher {
    worker;
    next = 0;
    inFlight = 0;
    free = [];
    drained = [];
    waiting = new Map();
    get w() {
        if (!this.worker) {
            const w = new node_worker_threads__WEBPACK_IMPORTED_MODULE_2__.Worker(WORKER_SOURCE, {
                eval: true,
                // The source is CommonJS whatever flags the process was started with (--input-type, --import).
                execArgv: [],
                resourceLimits: { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 16 },
            });
            w.unref();
            w.on('message', (m) => {
                if (m.op === 'ack') {
                    this.inFlight--;
                    this.free.push(m.buf);
                    if (this.inFlight < MAX_IN_FLIGHT)
                        for (const go of this.drained.splice(0))
                            go();
                }
                else {
                    this.waiting.get(m.id)?.resolve(m.hex);
                    this.waiting.delete(m.id);
                }
                this.settle();
            });
            w.on('error', (err) => this.failAll(err));
            w.on('exit', (code) => {
                if (this.worker === w)
                    this.worker = undefined;
                if (code !== 0)
                    this.failAll(new Error(`the hashing thread stopped (exit code ${code})`));
            });
            this.worker = w;
        }
        return this.worker;
    }
    /**
     * Keeps the process alive while the worker owes an answer, and only then: a worker with nothing
     * outstanding never holds the process open (a shared one is never closed).
     */
    settle() {
        if (this.inFlight || this.waiting.size)
            this.worker?.ref();
        else
            this.worker?.unref();
    }
    failAll(err) {
        for (const p of this.waiting.values())
            p.reject(err);
        this.waiting.clear();
        for (const go of this.drained.splice(0))
            go();
    }
    block() {
        return new Uint8Array(this.free.pop() ?? new ArrayBuffer(BLOCK));
    }
    create() {
        const id = this.next++;
        let block = this.block();
        let used = 0;
        const flush = () => {
            if (!used)
                return;
            this.inFlight++;
            this.w.postMessage({ op: 'update', id, buf: block.buffer, len: used }, [block.buffer]);
            this.settle();
            block = this.block();
            used = 0;
        };
        return {
            update: (chunk) => {
                let off = 0;
                while (off < chunk.length) {
                    const n = Math.min(chunk.length - off, BLOCK - used);
                    block.set(chunk.subarray(off, off + n), used);
                    used += n;
                    off += n;
                    if (used === BLOCK)
                        flush();
                }
                if (this.inFlight < MAX_IN_FLIGHT)
                    return undefined;
                return new Promise((resolve) => this.drained.push(resolve));
            },
            digest: () => {
                flush();
                return new Promise((resolve, reject) => {
                    this.waiting.set(id, { resolve, reject });
                    this.w.postMessage({ op: 'digest', id });
                    this.settle();
                });
            },
            drop: () => {
                used = 0;
                this.worker?.postMessage({ op: 'drop', id });
            },
        };
    }
    /** Stops the worker thread (never the shared one's while others may use it: see sharedHasher). */
    async close() {
        const w = this.worker;
        this.worker = undefined;
        if (w)
            await w.terminate();
    }
}
let shared;
/**
 * The process's one Hasher, made on first use (its worker thread on the first bytes). The download and
 * the build share it, so a run has one hashing thread, not one per stage (each costs about 10 MB).
 * Nobody closes it: its worker holds the process open only while it owes an answer.
 */
function sharedHasher() {
    return (shared ??= new Hasher());
}


/***/ }),

/***/ 1398:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   jf: () => (/* binding */ Semaphore),
/* harmony export */   sf: () => (/* binding */ mapLimit),
/* harmony export */   yy: () => (/* binding */ sleep)
/* harmony export */ });
/** Small concurrency helpers shared by the stages: a counting semaphore and a bounded parallel map. */
class Semaphore {
    free;
    waiting = [];
    constructor(size) {
        this.free = Math.max(1, size);
    }
    async acquire() {
        if (this.free > 0) {
            this.free--;
            return;
        }
        await new Promise((resolve) => this.waiting.push(resolve));
    }
    release() {
        const next = this.waiting.shift();
        if (next)
            next();
        else
            this.free++;
    }
    async use(fn) {
        await this.acquire();
        try {
            return await fn();
        }
        finally {
            this.release();
        }
    }
}
/**
 * Runs fn over items with at most `concurrency` at a time, results in the items' order. Once one
 * fails, no new item starts and the signal passed to the running ones is aborted; the first error is
 * thrown after the running ones have settled.
 */
async function mapLimit(items, concurrency, fn) {
    const out = new Array(items.length);
    const ac = new AbortController();
    let next = 0;
    let failed;
    const worker = async () => {
        while (!failed && next < items.length) {
            const i = next++;
            try {
                out[i] = await fn(items[i], ac.signal);
            }
            catch (error) {
                if (!failed) {
                    failed = { error };
                    ac.abort(error);
                }
            }
        }
    };
    await Promise.all(Array.from({ length: Math.min(Math.max(1, concurrency), items.length) }, worker));
    if (failed)
        throw failed.error;
    return out;
}
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));


/***/ }),

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

/***/ 3932:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   p: () => (/* binding */ markdownText)
/* harmony export */ });
/* unused harmony export LINE_END */
/**
 * Text from outside the project (a mapping file, an error that quotes it, an instance's inventory, an
 * API's answer) written into Markdown that GitHub renders: the job summary and the pull-request
 * comment. Escaped so that it shows as the characters it is and never becomes markup: no link,
 * image, autolink, @mention, #reference, emphasis, code span, HTML or table break made from it.
 * Only what could start markup is escaped, so that ordinary text (`x86_64`, `7.*`, `linux[0]`)
 * stays as it is in the Markdown too:
 *
 * - `& < > |` become character references (HTML, autolinks in angle brackets, the table's
 *   column separator);
 * - a backslash: every backtick and `~`; a `\` before punctuation; a `*` that could open emphasis
 *   and a `_` that could close it (CommonMark's flanking rules: emphasis needs both); a `]` before
 *   `(` or `[` (no inline or reference link, no image), and a `[` or `#` that starts a line after
 *   nothing but blanks (no link reference definition, no heading, wherever the text starts a block);
 * - every line ending becomes `newline` (a space, or `<br>`): CommonMark's LF, CR and CRLF, and the
 *   ones other readers take as such (NEL, U+2028, U+2029, VT, FF), so that no text from outside ever
 *   starts a line of the Markdown (a lone CR used to);
 * - what GitHub links after rendering (mentions, issue references, bare URLs and `www.`) is broken
 *   with an invisible U+2060 WORD JOINER: backslashes and character references are decoded before
 *   GitHub looks for those, so only a character that stays in the text stops them.
 */
const JOINER = '\u2060';
const PUNCT = /[!-/:-@[-`{-~]/;
const SPACE = /\s/;
/** Every line ending CommonMark knows (LF, CR, CRLF) and those other readers break lines at. */
const LINE_END = /\r\n|[\n\r\v\f\u0085\u2028\u2029]/g;
/** Escapes one line (no line endings in it). */
function escapeInline(text) {
    let out = '';
    let atLineStart = true;
    for (let i = 0; i < text.length; i++) {
        const c = text[i];
        const before = i > 0 ? text[i - 1] : ' ';
        const after = i + 1 < text.length ? text[i + 1] : ' ';
        const leftFlanking = !SPACE.test(after) && (!PUNCT.test(after) || SPACE.test(before) || PUNCT.test(before));
        const rightFlanking = !SPACE.test(before) && (!PUNCT.test(before) || SPACE.test(after) || PUNCT.test(after));
        const escape = c === '`' ||
            c === '~' ||
            (c === '\\' && PUNCT.test(after)) ||
            (c === '*' && leftFlanking) ||
            (c === '_' && rightFlanking && (!leftFlanking || PUNCT.test(after))) ||
            (c === ']' && (after === '(' || after === '[')) ||
            ((c === '[' || c === '#') && atLineStart);
        if (!SPACE.test(c))
            atLineStart = false;
        out += escape ? `\\${c}` : c;
    }
    return out;
}
function markdownText(text, newline = ' ') {
    return text
        .split(LINE_END)
        .map(escapeInline)
        .join('\n')
        .replace(/@/g, `@${JOINER}`)
        .replace(/#(?=\d)/g, `#${JOINER}`)
        .replace(/\bGH-(?=\d)/gi, (m) => `${m}${JOINER}`)
        .replace(/:\/\//g, `:${JOINER}//`)
        .replace(/\b(w)(ww\.)/gi, `$1${JOINER}$2`)
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/\|/g, '&#124;')
        .replace(/\n/g, newline);
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


/***/ }),

/***/ 3753:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  P: () => (/* binding */ listedRegions),
  i: () => (/* binding */ partitionOf)
});

;// CONCATENATED MODULE: ./src/common/aws-partitions.generated.ts
// Generated by scripts/partitions.ts (npm run partitions) from the partition data of @aws-sdk/core 3.981.0.
// Do not edit: __tests__/partitions.test.ts compares it with the installed SDK.
const AWS_PARTITIONS = [
    {
        id: 'aws',
        dnsSuffix: 'amazonaws.com',
        dualStackDnsSuffix: 'api.aws',
        regionRegex: '^(us|eu|ap|sa|ca|me|af|il|mx)\\-\\w+\\-\\d+$',
        regions: {
            'af-south-1': 'Africa (Cape Town)',
            'ap-east-1': 'Asia Pacific (Hong Kong)',
            'ap-east-2': 'Asia Pacific (Taipei)',
            'ap-northeast-1': 'Asia Pacific (Tokyo)',
            'ap-northeast-2': 'Asia Pacific (Seoul)',
            'ap-northeast-3': 'Asia Pacific (Osaka)',
            'ap-south-1': 'Asia Pacific (Mumbai)',
            'ap-south-2': 'Asia Pacific (Hyderabad)',
            'ap-southeast-1': 'Asia Pacific (Singapore)',
            'ap-southeast-2': 'Asia Pacific (Sydney)',
            'ap-southeast-3': 'Asia Pacific (Jakarta)',
            'ap-southeast-4': 'Asia Pacific (Melbourne)',
            'ap-southeast-5': 'Asia Pacific (Malaysia)',
            'ap-southeast-6': 'Asia Pacific (New Zealand)',
            'ap-southeast-7': 'Asia Pacific (Thailand)',
            'ca-central-1': 'Canada (Central)',
            'ca-west-1': 'Canada West (Calgary)',
            'eu-central-1': 'Europe (Frankfurt)',
            'eu-central-2': 'Europe (Zurich)',
            'eu-north-1': 'Europe (Stockholm)',
            'eu-south-1': 'Europe (Milan)',
            'eu-south-2': 'Europe (Spain)',
            'eu-west-1': 'Europe (Ireland)',
            'eu-west-2': 'Europe (London)',
            'eu-west-3': 'Europe (Paris)',
            'il-central-1': 'Israel (Tel Aviv)',
            'me-central-1': 'Middle East (UAE)',
            'me-south-1': 'Middle East (Bahrain)',
            'me-west-1': 'Middle East (Saudi Arabia)',
            'mx-central-1': 'Mexico (Central)',
            'sa-east-1': 'South America (Sao Paulo)',
            'sa-west-1': 'South America (Chile)',
            'us-east-1': 'US East (N. Virginia)',
            'us-east-2': 'US East (Ohio)',
            'us-west-1': 'US West (N. California)',
            'us-west-2': 'US West (Oregon)',
        },
    },
    {
        id: 'aws-cn',
        dnsSuffix: 'amazonaws.com.cn',
        dualStackDnsSuffix: 'api.amazonwebservices.com.cn',
        regionRegex: '^cn\\-\\w+\\-\\d+$',
        regions: { 'cn-north-1': 'China (Beijing)', 'cn-northwest-1': 'China (Ningxia)' },
    },
    {
        id: 'aws-eusc',
        dnsSuffix: 'amazonaws.eu',
        dualStackDnsSuffix: 'api.amazonwebservices.eu',
        regionRegex: '^eusc\\-(de)\\-\\w+\\-\\d+$',
        regions: { 'eusc-de-east-1': 'AWS European Sovereign Cloud (Germany)' },
    },
    {
        id: 'aws-iso',
        dnsSuffix: 'c2s.ic.gov',
        dualStackDnsSuffix: 'api.aws.ic.gov',
        regionRegex: '^us\\-iso\\-\\w+\\-\\d+$',
        regions: { 'us-iso-east-1': 'US ISO East', 'us-iso-west-1': 'US ISO WEST' },
    },
    {
        id: 'aws-iso-b',
        dnsSuffix: 'sc2s.sgov.gov',
        dualStackDnsSuffix: 'api.aws.scloud',
        regionRegex: '^us\\-isob\\-\\w+\\-\\d+$',
        regions: { 'us-isob-east-1': 'US ISOB East (Ohio)', 'us-isob-west-1': 'US ISOB West' },
    },
    {
        id: 'aws-iso-e',
        dnsSuffix: 'cloud.adc-e.uk',
        dualStackDnsSuffix: 'api.cloud-aws.adc-e.uk',
        regionRegex: '^eu\\-isoe\\-\\w+\\-\\d+$',
        regions: { 'eu-isoe-west-1': 'EU ISOE West' },
    },
    {
        id: 'aws-iso-f',
        dnsSuffix: 'csp.hci.ic.gov',
        dualStackDnsSuffix: 'api.aws.hci.ic.gov',
        regionRegex: '^us\\-isof\\-\\w+\\-\\d+$',
        regions: { 'us-isof-east-1': 'US ISOF EAST', 'us-isof-south-1': 'US ISOF SOUTH' },
    },
    {
        id: 'aws-us-gov',
        dnsSuffix: 'amazonaws.com',
        dualStackDnsSuffix: 'api.aws',
        regionRegex: '^us\\-gov\\-\\w+\\-\\d+$',
        regions: { 'us-gov-east-1': 'AWS GovCloud (US-East)', 'us-gov-west-1': 'AWS GovCloud (US-West)' },
    },
];

;// CONCATENATED MODULE: ./src/common/partitions.ts
/**
 * AWS regions and their partitions, from the AWS SDK's own partition data (aws-partitions.generated.ts,
 * written from @aws-sdk/core by scripts/partitions.ts): which partition a region is in, its DNS suffix and
 * ARN prefix, whether it is a region the SDK lists. For ARNs (arn:<partition>:…), endpoints and the
 * OIDC audience of a partition. Pure.
 */

function describe(p, region) {
    const regions = p.regions;
    const listed = Object.hasOwn(regions, region);
    return {
        id: p.id,
        dnsSuffix: p.dnsSuffix,
        dualStackDnsSuffix: p.dualStackDnsSuffix,
        listed,
        description: listed ? regions[region] : '',
    };
}
/**
 * The partition of a region, as the SDK resolves it: the partition that lists it, else the one whose
 * region pattern it matches; undefined when no partition would take it (not a region name).
 */
function partitionOf(region) {
    for (const p of AWS_PARTITIONS)
        if (Object.hasOwn(p.regions, region))
            return describe(p, region);
    for (const p of AWS_PARTITIONS)
        if (new RegExp(p.regionRegex).test(region))
            return describe(p, region);
    return undefined;
}
/** Every region the SDK lists, in every partition. */
function listedRegions() {
    return AWS_PARTITIONS.flatMap((p) => Object.keys(p.regions));
}


/***/ }),

/***/ 9353:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Zl: () => (/* binding */ packageRoot),
/* harmony export */   bm: () => (/* binding */ OUTPUT_MARKER),
/* harmony export */   el: () => (/* binding */ BUNDLED_MAPPING),
/* harmony export */   pS: () => (/* binding */ shownPath)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_url__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3136);
/* harmony import */ var node_url__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_url__WEBPACK_IMPORTED_MODULE_2__);
/**
 * Where the project's own files (templates/, mappings/) are at run time: found by walking up from
 * this module's file, so it works from src/ (tests), dist/ (the action) and dist/cli/ (the CLI).
 */



function packageRoot(from = node_path__WEBPACK_IMPORTED_MODULE_1___default().dirname((0,node_url__WEBPACK_IMPORTED_MODULE_2__.fileURLToPath)(import.meta.url))) {
    for (let dir = from;; dir = node_path__WEBPACK_IMPORTED_MODULE_1___default().dirname(dir)) {
        if ((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(node_path__WEBPACK_IMPORTED_MODULE_1___default().join(dir, 'templates')) && (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(node_path__WEBPACK_IMPORTED_MODULE_1___default().join(dir, 'mappings')))
            return dir;
        if (node_path__WEBPACK_IMPORTED_MODULE_1___default().dirname(dir) === dir)
            throw new Error(`cannot find the templates/ and mappings/ folders above ${from}; reinstall the action`);
    }
}
/** A path as messages show it: relative to the workspace when inside it, else as given. */
function shownPath(file, cwd) {
    const rel = node_path__WEBPACK_IMPORTED_MODULE_1___default().relative(cwd, file);
    return rel && !rel.startsWith('..') && !node_path__WEBPACK_IMPORTED_MODULE_1___default().isAbsolute(rel) ? rel : file;
}
const BUNDLED_MAPPING = 'mappings/uptycs-agent-mapping.json';
/**
 * The file that marks a folder as a package this tool wrote (an output-dir it may replace). It holds the
 * tool's name, then the run and job, then the step that wrote it.
 */
const OUTPUT_MARKER = '.uptycs-distributor';


/***/ }),

/***/ 8687:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Og: () => (/* binding */ regionProblem),
/* harmony export */   YC: () => (/* binding */ editDistance),
/* harmony export */   kp: () => (/* binding */ closest)
/* harmony export */ });
/* harmony import */ var _partitions_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3753);
/**
 * "Did you mean …?": the closest known word to a mistyped one, and whether a region name is one (from
 * the AWS SDK's partition data, ./partitions.ts). Pure.
 */

/** Edit distance (insertions, deletions, substitutions) between two strings. */
function editDistance(a, b) {
    const d = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
        let prev = d[0];
        d[0] = i;
        for (let j = 1; j <= b.length; j++) {
            const tmp = d[j];
            d[j] = Math.min(d[j] + 1, d[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
            prev = tmp;
        }
    }
    return d[b.length];
}
/**
 * The option closest to word (case-insensitive), if it is near enough to be a typo: at most
 * maxDistance edits, or one being the other with a character left out or added (agent-dir/agents-dir).
 */
function closest(word, options, maxDistance = 2) {
    const w = word.toLowerCase();
    let best;
    let bestD = maxDistance + 1;
    for (const o of options) {
        const dd = editDistance(w, o.toLowerCase());
        if (dd < bestD) {
            bestD = dd;
            best = o;
        }
    }
    return best;
}
/**
 * Why a region name is wrong, with the region meant when it looks like a typo; undefined when the AWS
 * SDK's partition data lists it, or it is a newer number in an area the SDK lists (eu-south-3) and
 * matches its partition's region pattern. A misspelt area (eu-wst-1) is refused, with the one meant.
 */
function regionProblem(region) {
    const p = (0,_partitions_js__WEBPACK_IMPORTED_MODULE_0__/* .partitionOf */ .i)(region);
    const listed = (0,_partitions_js__WEBPACK_IMPORTED_MODULE_0__/* .listedRegions */ .P)();
    const area = (r) => r.replace(/-\d+$/, '');
    if (p && (p.listed || listed.some((r) => area(r) === area(region))))
        return undefined;
    const near = closest(region, listed, 3);
    return `"${region}" is not an AWS region${near ? `; did you mean ${near}?` : ' name such as us-east-1'}`;
}


/***/ }),

/***/ 6077:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   T: () => (/* binding */ packageNameProblem),
/* harmony export */   x: () => (/* binding */ versionNameProblem)
/* harmony export */ });
/**
 * Distributor's rules for the names a user gives: the package (the SSM document) and a version name
 * (FACTS.md §3). Checked when the inputs are read, so that a bad name fails before any work.
 */
const NAME_RE = /^[a-zA-Z0-9_\-.]{3,128}$/;
const VERSION_NAME_RE = /^[a-zA-Z0-9_\-.]{1,128}$/;
/** Why a package name is not allowed, or undefined when it is. */
function packageNameProblem(name) {
    if (!NAME_RE.test(name))
        return `"${name}" must be 3 to 128 characters of letters, digits, "_", "-" and "."`;
    if (/^(aws|amazon|amzn)/i.test(name))
        return `"${name}" starts with a prefix AWS reserves (aws, amazon, amzn); choose another name such as "UptycsAgent"`;
    return undefined;
}
/** Why a package version name is not allowed, or undefined when it is. */
function versionNameProblem(version) {
    if (!VERSION_NAME_RE.test(version))
        return `"${version}" must be 1 to 128 characters of letters, digits, "_", "-" and "." (for example 5.7.0.25)`;
    return undefined;
}


/***/ }),

/***/ 6211:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  U9: () => (/* binding */ isLoopback),
  Q8: () => (/* binding */ mappingPath),
  Ko: () => (/* binding */ readInputs)
});

// UNUSED EXPORTS: INPUT_DEFAULTS, NAMED_MAPPINGS

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/common/errors.ts
var common_errors = __webpack_require__(1922);
// EXTERNAL MODULE: ./src/inputs/distributor-names.ts
var distributor_names = __webpack_require__(6077);
// EXTERNAL MODULE: ./src/common/names.ts
var names = __webpack_require__(3117);
;// CONCATENATED MODULE: ./src/inputs/handoff.ts
/**
 * Inputs of the hand-off between runs: publishing a folder built earlier (package-dir), the name a
 * package version is published under (version-name), and what to do when it is already published
 * (if-published). Pure: parsed through the getter and reported through readInputs' `bad()`.
 */



/** A package-digest as a user may give it: sha256:<64 hex>, or the 64 hex digits alone. */
function parsePackageDigest(value) {
    const m = /^(?:sha256:)?([0-9a-f]{64})$/i.exec(value.trim());
    return m ? `sha256:${m[1].toLowerCase()}` : undefined;
}
const HANDOFF_DEFAULTS = { 'if-published': 'skip' };
function readHandoffInputs(raw, bad, cwd) {
    const dir = raw('package-dir');
    const versionName = raw('version-name');
    if (versionName) {
        const p = (0,distributor_names/* versionNameProblem */.x)(versionName);
        if (p)
            bad('version-name', p);
    }
    const ifPublished = (raw('if-published') || HANDOFF_DEFAULTS['if-published']).toLowerCase();
    if (ifPublished !== 'skip' && ifPublished !== 'verify' && ifPublished !== 'next-revision')
        bad('if-published', `"${ifPublished}" must be skip (stop without downloading when the version is published), verify (rebuild and compare) or next-revision (as skip, but a mapping that changed what the published version holds is published as the next free revision, such as 5.7.0.25-2)`);
    if (dir && raw('agents-dir'))
        bad('package-dir', `publishes a folder built earlier; ${(0,names/* ref */.KR)('agents-dir')} is for building one: give only one of them`);
    const digestText = raw('package-digest');
    const digest = digestText ? parsePackageDigest(digestText) : '';
    if (digestText && !digest)
        bad('package-digest', 'is not a package digest: give the package-digest output of the build step, sha256: and 64 hex digits');
    if (digestText && !dir)
        bad('package-digest', `vouches for a folder built earlier; give that folder as ${(0,names/* ref */.KR)('package-dir')}, or leave both empty to build now`);
    const check = (raw('check-only') || 'false').toLowerCase();
    if (check !== 'true' && check !== 'false')
        bad('check-only', `"${check}" is not a boolean; write true or false`);
    if (check === 'true' && dir)
        bad('check-only', `checks before a build; with ${(0,names/* ref */.KR)('package-dir')} there is nothing to check first`);
    return {
        checkOnly: check === 'true',
        packageDir: dir ? external_node_path_default().resolve(cwd, dir) : '',
        packageDigest: digest ?? '',
        versionName,
        ifPublished: ifPublished === 'verify' || ifPublished === 'next-revision' ? ifPublished : 'skip',
    };
}

// EXTERNAL MODULE: ./src/common/paths.ts
var paths = __webpack_require__(9353);
// EXTERNAL MODULE: ./src/inputs/publishing.ts
var publishing = __webpack_require__(6292);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./src/common/fs-reason.ts
var fs_reason = __webpack_require__(6259);
// EXTERNAL MODULE: ./node_modules/jsonc-parser/lib/umd/main.js
var main = __webpack_require__(9547);
// EXTERNAL MODULE: ./src/common/suggest.ts
var suggest = __webpack_require__(8687);
;// CONCATENATED MODULE: ./src/inputs/rollout-targets.ts
/**
 * Association targets as the rollout inputs and the rollout plan write them (tag:K=V, resource
 * groups, instance IDs), and the compliance severities: the leaf both read. Pure.
 */
const INSTANCE_ID_RE = /^(i-[0-9a-f]{8}([0-9a-f]{9})?|mi-[0-9a-f]{17})$/;
/**
 * Parses one target per line (or per ";"): `tag:Key=Value[,Value]`, `InstanceIds=i-…[,…]`,
 * `resource-groups:Name=Group`, or bare instance IDs (gathered into one InstanceIds target).
 */
function parseTargets(text, bad) {
    const out = [];
    const bareIds = [];
    for (const item of text
        .split(/[\n;]/)
        .map((s) => s.trim())
        .filter(Boolean)) {
        if (INSTANCE_ID_RE.test(item)) {
            bareIds.push(item);
            continue;
        }
        const m = /^([^=]+)=(.*)$/.exec(item);
        const key = m?.[1]?.trim() ?? '';
        const values = (m?.[2] ?? '')
            .split(',')
            .map((v) => v.trim())
            .filter(Boolean);
        if (!m || !values.length) {
            bad(`"${item}" is not a target; write tag:Key=Value, InstanceIds=i-0123456789abcdef0 or resource-groups:Name=Group, one per line`);
            continue;
        }
        if (/^instance-?ids$/i.test(key)) {
            for (const v of values)
                if (!INSTANCE_ID_RE.test(v))
                    bad(`"${v}" is not an instance ID such as i-0123456789abcdef0`);
            out.push({ Key: 'InstanceIds', Values: values });
        }
        else if (/^tag:.{1,128}$/.test(key))
            out.push({ Key: key, Values: values });
        else if (key === 'resource-groups:Name') {
            if (values.length !== 1)
                bad(`"${item}": give one resource group per target`);
            out.push({ Key: key, Values: values });
        }
        else
            bad(`"${key}" is not a target key; use tag:<key>, InstanceIds or resource-groups:Name (for example tag:uptycs=yes)`);
    }
    if (bareIds.length)
        out.push({ Key: 'InstanceIds', Values: bareIds });
    return out;
}

;// CONCATENATED MODULE: ./src/inputs/rollout-plan.ts
/**
 * The rollout plan (input rollout-plan): ordered rings, each its own association pinned to the version
 * it runs, with a bake time, an error budget and CloudWatch alarms; when the document's default moves;
 * and the Organization's settings (read by src/inputs/organization.ts, passed through here). JSON with
 * comments, checked like the mapping: every problem at once, each at its line and column. Pure.
 */




/** Defaults: the first ring small and tight, the others as the single association's. */
const FIRST_RING_DEFAULTS = { maxConcurrency: '1', maxErrors: '0' };
const RING_DEFAULTS = {
    maxConcurrency: '10%',
    maxErrors: '10%',
    bake: '24h',
    complianceSeverity: 'HIGH',
};
const PLAN_KEYS = ['$schema', 'rings', 'defaultVersion', 'organization'];
const RING_KEYS = [
    'name',
    'targets',
    'accounts',
    'ous',
    'bake',
    'maxConcurrency',
    'maxErrors',
    'alarms',
    'action',
    'complianceSeverity',
];
const RING_NAME_RE = /^[A-Za-z0-9_-]{1,32}$/;
const COUNT_RE = /^([1-9][0-9]*|[1-9][0-9]%|[1-9]%|100%)$/;
const ERRORS_RE = /^([1-9][0-9]*|[0]|[1-9][0-9]%|[0-9]%|100%)$/;
const BAKE_RE = /^(\d{1,4})(m|h|d)$/;
/** CloudWatch alarm names: 1 to 255 characters, none of them a control character. */
const alarmNameOk = (n) => n.length >= 1 && n.length <= 255 && ![...n].some((ch) => ch.charCodeAt(0) < 32);
const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNSPECIFIED'];
const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 };
/** "24h" → ms, or undefined when it is not a bake time. */
function bakeMs(text) {
    const m = BAKE_RE.exec(text);
    return m ? Number(m[1]) * UNIT_MS[m[2]] : undefined;
}
const kindOf = (v) => (Array.isArray(v) ? 'an array' : v === null ? 'null' : `a ${typeof v}`);
function stringList(c, path, v, what) {
    if (v === undefined)
        return [];
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
        c.add(path, `${path.join('.')} must be an array of strings (${what}), not ${kindOf(v)}`);
        return [];
    }
    return v;
}
function unknownKeys(c, path, o, known) {
    for (const k of Object.keys(o))
        if (!known.includes(k)) {
            const near = (0,suggest/* closest */.kp)(k, known);
            c.add([...path, k], `unknown field "${k}"${near ? ` (did you mean "${near}"?)` : ''}; known fields: ${known.join(', ')}`);
        }
}
function readRing(c, i, v) {
    const at = ['rings', i];
    if (!v || typeof v !== 'object' || Array.isArray(v)) {
        c.add(at, `rings[${i}] must be an object such as {"name": "canary", "targets": ["tag:UptycsRing=canary"]}`);
        return undefined;
    }
    const o = v;
    unknownKeys(c, at, o, RING_KEYS);
    const str = (key, dflt) => {
        const x = o[key];
        if (x === undefined)
            return dflt;
        if (typeof x !== 'string') {
            c.add([...at, key], `rings[${i}].${key} must be a string, not ${kindOf(x)}`);
            return dflt;
        }
        return x;
    };
    const label = typeof o.name === 'string' ? `ring "${o.name}"` : `rings[${i}]`;
    const name = str('name', '');
    if (!RING_NAME_RE.test(name))
        c.add([...at, o.name === undefined ? '' : 'name'].filter(Boolean), name
            ? `${label}: name "${name}" must be 1 to 32 letters, digits, "_" or "-" (it ends the association's name)`
            : `rings[${i}] needs a "name" (1 to 32 letters, digits, "_" or "-")`);
    const targetText = stringList(c, [...at, 'targets'], o.targets, 'rollout targets such as "tag:UptycsRing=canary"');
    const targets = parseTargets(targetText.join('\n'), (m) => c.add([...at, 'targets'], `${label}: ${m}`));
    if (targets.length > 5)
        c.add([...at, 'targets'], `${label}: ${targets.length} targets; State Manager allows 5 per association`);
    const accounts = stringList(c, [...at, 'accounts'], o.accounts, '12-digit AWS account IDs');
    for (const a of accounts)
        if (!/^\d{12}$/.test(a))
            c.add([...at, 'accounts'], `${label}: "${a}" is not a 12-digit AWS account ID`);
    const ous = stringList(c, [...at, 'ous'], o.ous, 'ou-… or r-… IDs');
    for (const u of ous)
        if (!/^(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|r-[0-9a-z]{4,32})$/.test(u))
            c.add([...at, 'ous'], `${label}: "${u}" is not an organizational unit ID (ou-abcd-12345678) or a root ID (r-abcd)`);
    if (!targetText.length && !accounts.length && !ous.length)
        c.add(o.targets === undefined ? at : [...at, 'targets'], `${label} needs "targets" (for example ["tag:UptycsRing=${name || 'canary'}"]), or "accounts"/"ous" with the Organization`);
    const bake = str('bake', RING_DEFAULTS.bake);
    const ms = bakeMs(bake);
    if (ms === undefined)
        c.add([...at, 'bake'], `${label}: bake "${bake}" must be minutes, hours or days such as 30m, 24h or 2d`);
    const first = i === 0;
    const maxConcurrency = str('maxConcurrency', first ? FIRST_RING_DEFAULTS.maxConcurrency : RING_DEFAULTS.maxConcurrency);
    if (!COUNT_RE.test(maxConcurrency))
        c.add([...at, 'maxConcurrency'], `${label}: maxConcurrency "${maxConcurrency}" must be a number of instances (10) or a percentage (10%)`);
    const maxErrors = str('maxErrors', first ? FIRST_RING_DEFAULTS.maxErrors : RING_DEFAULTS.maxErrors);
    if (!ERRORS_RE.test(maxErrors))
        c.add([...at, 'maxErrors'], `${label}: maxErrors "${maxErrors}" must be a number of instances (0 stops at the first error) or a percentage (10%)`);
    const alarms = stringList(c, [...at, 'alarms'], o.alarms, 'CloudWatch alarm names');
    for (const a of alarms)
        if (!alarmNameOk(a))
            c.add([...at, 'alarms'], `${label}: alarm name "${a}" must be 1 to 255 printable characters`);
    if (alarms.length > 10)
        c.add([...at, 'alarms'], `${label}: ${alarms.length} alarms; an association takes at most 10`);
    const action = str('action', 'install').toLowerCase();
    if (action !== 'install' && action !== 'uninstall')
        c.add([...at, 'action'], `${label}: action "${action}" must be install or uninstall`);
    const severity = str('complianceSeverity', RING_DEFAULTS.complianceSeverity).toUpperCase();
    if (!SEVERITIES.includes(severity))
        c.add([...at, 'complianceSeverity'], `${label}: complianceSeverity "${severity}" must be one of ${SEVERITIES.join(', ')}`);
    return {
        name,
        targets,
        accounts,
        ous,
        bake,
        bakeMs: ms ?? 0,
        maxConcurrency,
        maxErrors,
        alarms,
        action: action === 'uninstall' ? 'Uninstall' : 'Install',
        complianceSeverity: severity,
        location: c.locate(at),
    };
}
/**
 * Parses and checks a rollout plan's text (JSON with comments). Returns the plan, or every problem
 * found, each at its line and column. `associationName` is the base the rings' names are added to.
 */
function parseRolloutPlan(source, file, associationName) {
    const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
    const at = (0,common_errors/* locator */.fl)(file, text);
    const errors = [];
    const root = (0,main.parseTree)(text, errors, { allowTrailingComma: true, disallowComments: false });
    if (!text.trim())
        return { problems: [{ message: 'the rollout plan is empty', location: at(0) }] };
    if (errors.length || !root)
        return {
            problems: [
                {
                    message: `the rollout plan is not valid JSON here${errors[0] ? ` (${(0,main.printParseErrorCode)(errors[0].error)})` : ''}`,
                    location: at(errors[0]?.offset ?? 0),
                },
            ],
        };
    const problems = [];
    const locate = (path) => {
        for (let p = path;; p = p.slice(0, -1)) {
            const n = p.length ? (0,main.findNodeAtLocation)(root, p) : root;
            if (n)
                return at(n.parent?.type === 'property' && n.parent.children?.[1] === n ? n.parent.offset : n.offset);
            if (!p.length)
                return at(0);
        }
    };
    const c = { locate, add: (path, message) => problems.push({ message, location: locate(path) }) };
    const value = evaluate(root);
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
        c.add([], 'the rollout plan must be an object such as {"rings": [{"name": "canary", "targets": ["tag:UptycsRing=canary"]}]}');
        return { problems };
    }
    const o = value;
    unknownKeys(c, [], o, PLAN_KEYS);
    const rings = [];
    if (!Array.isArray(o.rings) || !o.rings.length)
        c.add(o.rings === undefined ? [] : ['rings'], '"rings" must be a non-empty array of rings, in the order they move');
    else
        o.rings.forEach((r, i) => {
            const ring = readRing(c, i, r);
            if (ring)
                rings.push(ring);
        });
    const seen = new Map();
    rings.forEach((r, i) => {
        const before = seen.get(r.name.toLowerCase());
        if (r.name && before !== undefined)
            c.add(['rings', i, 'name'], `ring name "${r.name}" is already used by rings[${before}]; every ring needs its own name`);
        else
            seen.set(r.name.toLowerCase(), i);
        const assoc = `${associationName}-${r.name}`;
        if (r.name && assoc.length > 128)
            c.add(['rings', i, 'name'], `the association name ${assoc} is longer than 128 characters; shorten the association name or the ring's`);
    });
    // Two rings with the same targets would be two associations on the same instances, each reinstalling its version.
    const byTargets = new Map();
    rings.forEach((r, i) => {
        if (!r.targets.length)
            return;
        const key = JSON.stringify(r.targets.map((t) => [t.Key, [...t.Values].sort()]).sort());
        const before = byTargets.get(key);
        if (before !== undefined)
            c.add(['rings', i, 'targets'], `ring "${r.name}" has the same targets as rings[${before}]; an instance in two rings would get two associations that reinstall each other's version`);
        else
            byTargets.set(key, i);
    });
    const dv = o.defaultVersion ?? 'last';
    if (dv !== 'last' && dv !== 'never')
        c.add(['defaultVersion'], `defaultVersion ${JSON.stringify(dv)} must be "last" (moves after the last ring) or "never"`);
    if (problems.length)
        return { problems };
    return {
        plan: {
            file,
            rings,
            defaultVersion: dv,
            ...(o.organization !== undefined ? { organization: o.organization } : {}),
        },
        problems: [],
    };
}
/** The value of a jsonc-parser tree (comments dropped). */
function evaluate(n) {
    switch (n.type) {
        case 'object':
            return Object.fromEntries((n.children ?? []).map((p) => [
                p.children[0].value,
                p.children[1] ? evaluate(p.children[1]) : undefined,
            ]));
        case 'array':
            return (n.children ?? []).map(evaluate);
        default:
            return n.value;
    }
}
/** A problem list as one message: "file:line:col: message" per line. */
function planProblemsText(problems) {
    return problems
        .map((p) => `${p.location?.file ?? ''}:${p.location?.line ?? '?'}${p.location?.column ? `:${p.location.column}` : ''}: ${p.message}`)
        .join('\n    ');
}

;// CONCATENATED MODULE: ./src/inputs/review.ts
/**
 * Inputs of the review features: the run's mode (plan = validate only), the comparison with a base
 * mapping or report and with the base branch's rollout plan, and the pull-request comment. Reports
 * problems through `bad`; the only I/O is reading the base plan's file.
 */






const MODES = ['plan', 'build', 'publish'];
const REVIEW_DEFAULTS = {
    mode: '',
    'allow-new-failures': 'false',
    'pr-comment': 'auto',
};
/**
 * Reads the review inputs. `dryRun` is the dry-run input: mode defaults to build with it, publish
 * without it; mode: publish with dry-run: true is a contradiction.
 */
function readReviewInputs(raw, bad, cwd, dryRun) {
    const m = raw('mode').toLowerCase();
    let mode = dryRun ? 'build' : 'publish';
    if (m) {
        if (MODES.includes(m))
            mode = m;
        else
            bad('mode', `"${m}" must be plan (validate only), build (build, publish nothing) or publish`);
    }
    if (mode === 'publish' && dryRun && m)
        bad('mode', `publish contradicts ${(0,names/* refValue */.vI)('dry-run', 'true')}; use ${(0,names/* refValue */.vI)('mode', 'build')} (or leave ${(0,names/* ref */.KR)('mode')} empty)`);
    const compare = raw('compare-to');
    const allow = (raw('allow-new-failures') || REVIEW_DEFAULTS['allow-new-failures']).toLowerCase();
    if (allow !== 'true' && allow !== 'false')
        bad('allow-new-failures', `"${allow}" is not a boolean; write true or false`);
    const prComment = (raw('pr-comment') || REVIEW_DEFAULTS['pr-comment']).toLowerCase();
    if (prComment !== 'auto' && prComment !== 'true' && prComment !== 'false')
        bad('pr-comment', `"${prComment}" must be auto, true or false`);
    const planBase = raw('compare-plan-to');
    const comparePlanTo = planBase === 'none' || !planBase ? planBase : external_node_path_default().resolve(cwd, planBase);
    const basePlan = comparePlanTo && comparePlanTo !== 'none' ? readBasePlan(comparePlanTo, cwd, bad) : undefined;
    return {
        mode,
        compareTo: compare ? external_node_path_default().resolve(cwd, compare) : '',
        comparePlanTo,
        ...(basePlan ? { basePlan } : {}),
        allowNewFailures: allow === 'true',
        prComment: prComment,
        githubToken: raw('github-token'),
    };
}
/**
 * The base branch's rollout plan (compare-plan-to), read with the plan's own loader: every problem at
 * its line and column, all in one message naming the input. Its rings are not run, so the association
 * name their names end is not checked here (that is the head's business).
 */
function readBasePlan(file, cwd, bad) {
    const shown = (0,paths/* shownPath */.pS)(file, cwd);
    const fix = `give the base branch's rollout plan file (check the base branch out beside the pull request's, or git show origin/main:uptycs/rollout-plan.json > base-plan.json), or write none when the base branch has no plan`;
    let text;
    try {
        text = (0,external_node_fs_.readFileSync)(file, 'utf8');
    }
    catch (err) {
        bad('compare-plan-to', `cannot read ${shown} (${(0,fs_reason/* fsReason */.E)(err)}); ${fix}`);
        return undefined;
    }
    const out = parseRolloutPlan(text, shown, '');
    if (out.plan)
        return out.plan;
    bad('compare-plan-to', `${shown} has ${out.problems.length} problem${out.problems.length > 1 ? 's' : ''} (fix ${out.problems.length > 1 ? 'them' : 'it'} on the base branch, or leave ${(0,names/* ref */.KR)('compare-plan-to')} empty to review without it):\n    ${planProblemsText(out.problems)}`);
    return undefined;
}

;// CONCATENATED MODULE: ./src/inputs/rollout.ts
/**
 * The rollout inputs: the State Manager association that installs the package on a fleet, the fleet
 * preflight and the rollout report (FACTS.md §6). All optional: the stage is off unless
 * rollout-targets, rollout-plan or rollback-to is given. Validated up front, every problem reported
 * through `bad`; the only I/O is reading the rollout plan's file.
 */








const ROLLOUT_DEFAULTS = {
    'rollout-schedule': 'rate(1 day)',
    'installation-type': 'Uninstall and reinstall',
    'max-concurrency': '10%',
    'max-errors': '10%',
    'compliance-severity': 'UNSPECIFIED',
    'apply-only-at-cron-interval': 'false',
    'rollout-start-now': 'false',
    'preflight-failures': 'warning',
    'rollout-wait-minutes': '0',
    'rollout-fail-on': 'max-errors',
};
/** The association name used when association-name is not given. */
function defaultAssociationName(packageName) {
    return `${packageName}-rollout`;
}
const rollout_SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNSPECIFIED'];
/** SSM's own patterns for MaxConcurrency and MaxErrors. */
const rollout_COUNT_RE = /^([1-9][0-9]*|[1-9][0-9]%|[1-9]%|100%)$/;
const rollout_ERRORS_RE = /^([1-9][0-9]*|[0]|[1-9][0-9]%|[0-9]%|100%)$/;
const CRON_RE = /^cron\((\S+\s+){4,5}\S+\)$/;
const RATE_RE = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/;
/** Why additionalArguments is not what AWS-ConfigureAWSPackage accepts, or undefined. */
function additionalArgumentsProblem(text) {
    if (text.length > 4096)
        return `is ${text.length} characters; AWS-ConfigureAWSPackage allows 4096`;
    let v;
    try {
        v = JSON.parse(text);
    }
    catch {
        return 'is not JSON; write an object such as {"SSM_PROXY": "http://proxy:3128"}';
    }
    if (!v || typeof v !== 'object' || Array.isArray(v))
        return 'must be a JSON object such as {"SSM_PROXY": "http://proxy:3128"}';
    const badKeys = Object.keys(v).filter((k) => !/^SSM_[A-Za-z0-9_]+$/.test(k));
    if (badKeys.length)
        return `keys must start with SSM_ (they become environment variables of the scripts): ${badKeys.map((k) => JSON.stringify(k)).join(', ')}`;
    const nonString = Object.entries(v).filter(([, x]) => typeof x !== 'string');
    if (nonString.length)
        return `values must be strings: ${nonString.map(([k]) => JSON.stringify(k)).join(', ')}`;
    return undefined;
}
/**
 * Reads the rollout inputs. Returns undefined when rollout-targets is empty (the stage is off); the
 * other rollout inputs are still checked, so a typo is never silently ignored.
 */
function readRolloutInputs(raw, bad, packageName, cwd = process.cwd()) {
    const str = (name) => raw(name) || ROLLOUT_DEFAULTS[name];
    const bool = (name) => {
        const v = str(name).toLowerCase();
        if (v === 'true')
            return true;
        if (v !== 'false')
            bad(name, `"${str(name)}" is not a boolean; write true or false`);
        return false;
    };
    const targets = parseTargets(raw('rollout-targets'), (m) => bad('rollout-targets', m));
    if (targets.length > 5)
        bad('rollout-targets', `${targets.length} targets; State Manager allows 5 per association`);
    // Derived from package-name when not given: a problem then names package-name, and none is reported when
    // package-name is itself refused (one mistake, one error).
    const associationName = raw('association-name') || defaultAssociationName(packageName);
    if (!/^[a-zA-Z0-9_\-.]{3,128}$/.test(associationName)) {
        if (raw('association-name'))
            bad('association-name', `"${associationName}" must be 3 to 128 letters, digits, "_", "-" or "."`);
        else if (!(0,distributor_names/* packageNameProblem */.T)(packageName))
            bad('package-name', `"${packageName}" is too long for the association named after it ("${associationName}", at most 128 characters): give a shorter one, or give ${(0,names/* ref */.KR)('association-name')}`);
    }
    let schedule = raw('rollout-schedule');
    if (schedule === '')
        schedule = ROLLOUT_DEFAULTS['rollout-schedule'];
    if (schedule === 'none')
        schedule = '';
    const rate = RATE_RE.exec(schedule);
    if (schedule && !CRON_RE.test(schedule) && !rate)
        bad('rollout-schedule', `"${schedule}" must be cron(...) such as cron(0 2 ? * SUN *), rate(...) such as rate(1 day), or none`);
    if (rate) {
        const n = Number(rate[1]);
        const unit = rate[2];
        if (n === 0)
            bad('rollout-schedule', `"${schedule}": the rate must be at least 1`);
        else if (unit.startsWith('minute') && n < 30)
            bad('rollout-schedule', `"${schedule}": State Manager runs associations at most every 30 minutes`);
        if ((n === 1) !== !unit.endsWith('s'))
            bad('rollout-schedule', `"${schedule}": write rate(1 ${unit.replace(/s$/, '')}) or rate(N ${unit.replace(/s?$/, 's')})`);
    }
    const installationType = str('installation-type');
    if (installationType !== 'Uninstall and reinstall' && installationType !== 'In-place update')
        bad('installation-type', `"${installationType}" must be "Uninstall and reinstall" or "In-place update"`);
    const maxConcurrency = str('max-concurrency');
    if (!rollout_COUNT_RE.test(maxConcurrency))
        bad('max-concurrency', `"${maxConcurrency}" must be a number of instances (10) or a percentage (10%)`);
    const maxErrors = str('max-errors');
    if (!rollout_ERRORS_RE.test(maxErrors))
        bad('max-errors', `"${maxErrors}" must be a number of instances (0 stops at the first error) or a percentage (10%)`);
    const complianceSeverity = str('compliance-severity').toUpperCase();
    if (!rollout_SEVERITIES.includes(complianceSeverity))
        bad('compliance-severity', `"${complianceSeverity}" must be one of ${rollout_SEVERITIES.join(', ')}`);
    const applyOnlyAtCronInterval = bool('apply-only-at-cron-interval');
    if (applyOnlyAtCronInterval && !schedule.startsWith('cron('))
        bad('apply-only-at-cron-interval', `needs a cron(...) schedule (State Manager refuses it with ${schedule ? 'rate()' : 'no schedule'})`);
    const additionalArguments = raw('additional-arguments');
    const argsProblem = additionalArguments ? additionalArgumentsProblem(additionalArguments) : undefined;
    if (argsProblem)
        bad('additional-arguments', argsProblem);
    const startNow = bool('rollout-start-now');
    const preflightFailures = str('preflight-failures');
    if (preflightFailures !== 'warning' && preflightFailures !== 'error')
        bad('preflight-failures', `"${preflightFailures}" must be warning or error`);
    const wait = str('rollout-wait-minutes');
    if (!/^\d+$/.test(wait) || Number(wait) > 360)
        bad('rollout-wait-minutes', `"${wait}" must be a whole number of minutes from 0 (do not wait) to 360`);
    const failOn = str('rollout-fail-on');
    if (failOn !== 'max-errors' && failOn !== 'any' && failOn !== 'never')
        bad('rollout-fail-on', `"${failOn}" must be max-errors, any or never`);
    const plan = readPlan(raw, bad, associationName, cwd);
    const rollbackTo = raw('rollback-to');
    if (rollbackTo && rollbackTo !== 'previous' && !/^[a-zA-Z0-9_\-.]{1,128}$/.test(rollbackTo))
        bad('rollback-to', `"${rollbackTo}" must be previous or a version name such as 5.7.0.25`);
    if (!targets.length && !plan && !rollbackTo)
        return undefined;
    return {
        ...(plan ? { plan } : {}),
        ...(rollbackTo ? { rollbackTo } : {}),
        targets,
        associationName,
        schedule,
        installationType: installationType,
        maxConcurrency,
        maxErrors,
        complianceSeverity: complianceSeverity,
        applyOnlyAtCronInterval,
        additionalArguments: additionalArguments && !argsProblem ? JSON.stringify(JSON.parse(additionalArguments)) : '',
        startNow,
        preflightFailures: preflightFailures,
        waitMinutes: Number(wait),
        failOn: failOn,
    };
}
/** The rollout plan named by rollout-plan, read and checked (every problem at its line and column). */
function readPlan(raw, bad, associationName, cwd) {
    const file = raw('rollout-plan');
    if (!file)
        return undefined;
    if (raw('rollout-targets'))
        bad('rollout-plan', `give ${(0,names/* ref */.KR)('rollout-plan')} or ${(0,names/* ref */.KR)('rollout-targets')}, not both: the plan's rings hold the targets (remove ${(0,names/* ref */.KR)('rollout-targets')})`);
    for (const name of ['max-concurrency', 'max-errors'])
        if (raw(name))
            bad(name, `the rollout plan's rings set ${name === 'max-errors' ? 'maxErrors' : 'maxConcurrency'}; remove ${(0,names/* ref */.KR)(name)} and write it on each ring of ${file}`);
    const full = external_node_path_default().resolve(cwd, file);
    let text;
    try {
        text = (0,external_node_fs_.readFileSync)(full, 'utf8');
    }
    catch (err) {
        bad('rollout-plan', `cannot read ${full} (${(0,fs_reason/* fsReason */.E)(err)}); give the path of the plan file in the repository`);
        return undefined;
    }
    const out = parseRolloutPlan(text, file, associationName);
    if (out.plan)
        return out.plan;
    bad('rollout-plan', `${file} has ${out.problems.length} problem${out.problems.length > 1 ? 's' : ''}:\n    ${planProblemsText(out.problems)}`);
    return undefined;
}
/** The rollout input names, in the order the CLI's help lists them. */
const ROLLOUT_INPUTS = (/* unused pure expression or super */ null && ([
    'rollout-targets',
    'rollout-plan',
    'rollback-to',
    'association-name',
    'rollout-schedule',
    'installation-type',
    'max-concurrency',
    'max-errors',
    'compliance-severity',
    'apply-only-at-cron-interval',
    'additional-arguments',
    'rollout-start-now',
    'preflight-failures',
    'rollout-wait-minutes',
    'rollout-fail-on',
]));

;// CONCATENATED MODULE: ./src/inputs/organization.ts
/**
 * The `organization` object of the rollout plan file (input rollout-plan): which AWS Organization units
 * receive the package, the read-only role that lists their accounts, and the role assumed in each
 * member account. Every problem is reported at once, each at its line and column in the file.
 * Pure, except loadOrganization, which reads the file.
 */




/** GitHub's limit on the jobs of one matrix. */
const MAX_CHUNKS = 256;
/** Reads organization-chunk's value ("3/8", "0/8"), or says what is wrong with it. */
function parseChunk(text) {
    const m = /^\s*(\d{1,3})\s*\/\s*(\d{1,3})\s*$/.exec(text);
    const index = Number(m?.[1]);
    const count = Number(m?.[2]);
    if (m && count >= 1 && count <= MAX_CHUNKS && index <= count)
        return { chunk: { index, count } };
    return {
        problem: `"${text}" must be K/N: N member jobs (1 to ${MAX_CHUNKS}, GitHub's matrix limit) and this job's part K (1 to N), or 0/N for the one hub job that runs first (publish, sharing, the hub's rings); for example 3/8 in a matrix of 8 jobs`,
    };
}
const ORGANIZATION_DEFAULTS = { concurrency: 16 };
const MAX_ORGANIZATION_CONCURRENCY = 64;
const KEYS = ['readRole', 'memberRole', 'ous', 'concurrency'];
const PARTITION = '(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b|aws-iso-e|aws-iso-f|aws-eusc)';
const ROLE_PATH = 'role/(?:[\\w+=,.@-]+/)*[\\w+=,.@-]{1,64}';
const ROLE_RE = new RegExp(`^arn:${PARTITION}:iam::(\\d{12}):${ROLE_PATH}$`);
const MEMBER_ROLE_RE = new RegExp(`^arn:${PARTITION}:iam::\\{account\\}:${ROLE_PATH}$`);
/** AWS Organizations' own patterns for an OU id and a root id. */
const OU_RE = /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;
const ROOT_RE = /^r-[0-9a-z]{4,32}$/;
const kind = (n) => (n.type === 'null' ? 'null' : n.type);
/** The value of one member of an object node (undefined when absent). */
const member = (obj, key) => (0,main.findNodeAtLocation)(obj, [key]);
/**
 * Checks the plan's `organization` value (a jsonc-parser node of the plan's tree) and returns it typed,
 * or the problems, each at its place in the file.
 */
function parseOrganization(node, file, text) {
    if (!node)
        return { problems: [] };
    const at = (0,common_errors/* locator */.fl)(file, text);
    const problems = [];
    const bad = (n, message) => problems.push({ message: `organization: ${message}`, location: at(n.offset) });
    if (node.type !== 'object') {
        bad(node, `must be an object with readRole, memberRole and ous, not ${kind(node)}`);
        return { problems };
    }
    for (const prop of node.children ?? []) {
        const key = String(prop.children?.[0]?.value);
        if (!KEYS.includes(key)) {
            const near = (0,suggest/* closest */.kp)(key, KEYS);
            bad(prop, `unknown key "${key}"${near ? `: did you mean "${near}"?` : `; the keys are ${KEYS.join(', ')}`}`);
        }
    }
    const str = (key, re, example) => {
        const n = member(node, key);
        if (!n) {
            bad(node, `${key} is missing; for example "${key}": "${example}"`);
            return '';
        }
        if (n.type !== 'string') {
            bad(n, `${key} must be a string such as "${example}", not ${kind(n)}`);
            return '';
        }
        const v = String(n.value);
        if (!re.test(v))
            bad(n, `${key} "${v}" is not a role ARN such as "${example}"`);
        return v;
    };
    const readRole = str('readRole', ROLE_RE, 'arn:aws:iam::111111111111:role/uptycs-org-read');
    const memberRole = str('memberRole', MEMBER_ROLE_RE, 'arn:aws:iam::{account}:role/uptycs-member');
    const p1 = ROLE_RE.exec(readRole)?.[1];
    const p2 = MEMBER_ROLE_RE.exec(memberRole)?.[1];
    if (p1 && p2 && p1 !== p2)
        bad(member(node, 'memberRole'), `memberRole is in partition ${p2} but readRole in ${p1}: an Organization lives in one partition`);
    const ous = readOus(node, bad);
    const concurrency = readConcurrency(node, bad);
    if (problems.length)
        return { problems };
    return { organization: { readRole, memberRole, ous, concurrency }, problems };
}
function readOus(node, bad) {
    const n = member(node, 'ous');
    const example = '"ous": ["ou-abcd-12345678"] (or ["r-abcd"] for the whole Organization)';
    if (!n) {
        bad(node, `ous is missing; for example ${example}`);
        return [];
    }
    if (n.type !== 'array' || !n.children?.length) {
        bad(n, `ous must be a list of at least one OU or root id, for example ${example}`);
        return [];
    }
    const out = [];
    for (const c of n.children) {
        const v = c.type === 'string' ? String(c.value) : undefined;
        if (v === undefined)
            bad(c, `every entry of ous must be a string such as "ou-abcd-12345678", not ${kind(c)}`);
        else if (!OU_RE.test(v) && !ROOT_RE.test(v))
            bad(c, /^\d{12}$/.test(v)
                ? `"${v}" is an account ID; ous takes OU ids (ou-…) or the root id (r-…): list single accounts in a ring's "accounts"`
                : `"${v}" is not an OU id (ou-abcd-12345678) or a root id (r-abcd); copy it from the AWS Organizations console`);
        else if (out.includes(v))
            bad(c, `"${v}" is listed twice`);
        else
            out.push(v);
    }
    return out;
}
function readConcurrency(node, bad) {
    const n = member(node, 'concurrency');
    if (!n)
        return ORGANIZATION_DEFAULTS.concurrency;
    const v = n.value;
    if (n.type !== 'number' ||
        !Number.isInteger(v) ||
        v < 1 ||
        v > MAX_ORGANIZATION_CONCURRENCY) {
        bad(n, `concurrency must be a whole number from 1 to ${MAX_ORGANIZATION_CONCURRENCY} (accounts at the same time), not ${JSON.stringify(v)}`);
        return ORGANIZATION_DEFAULTS.concurrency;
    }
    return v;
}
/**
 * Reads the rollout plan file and returns its `organization`, or the problems (syntax: the first parse
 * error; then every problem of the organization object). `display` is how the file is named in messages.
 */
function loadOrganization(file, display = file) {
    let source;
    try {
        source = (0,external_node_fs_.readFileSync)(file, 'utf8');
    }
    catch (err) {
        const code = err.code;
        return {
            problems: [
                {
                    message: `cannot read ${display} (${code === 'ENOENT' ? 'no such file: give a path relative to the workspace' : String(code ?? err)})`,
                },
            ],
        };
    }
    const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
    const errors = [];
    const root = (0,main.parseTree)(text, errors, { allowTrailingComma: true, disallowComments: false });
    const at = (0,common_errors/* locator */.fl)(display, text);
    if (errors.length || !root)
        return {
            problems: [
                {
                    message: errors.length ? `${display} is not valid JSON (comments allowed)` : `${display} is empty`,
                    location: at(errors[0]?.offset ?? 0),
                },
            ],
        };
    if (root.type !== 'object')
        return {
            problems: [{ message: `${display} must hold a JSON object with "rings"`, location: at(root.offset) }],
        };
    return parseOrganization((0,main.findNodeAtLocation)(root, ['organization']), display, text);
}

;// CONCATENATED MODULE: ./src/inputs/index.ts
/**
 * Inputs: every input the action (and the CLI) takes, read once and validated up front.
 * Pure: it reads through a getter and returns typed values, or throws one UserError listing every
 * bad input with its fix.
 */











const INPUT_DEFAULTS = {
    'package-name': 'UptycsAgent',
    'aws-region': 'us-east-1',
    download: 'true',
    'sensor-only': 'false',
    'dry-run': 'false',
    'asset-group': 'assets',
    'role-session-name': 'uptycs-distributor',
    'role-duration-seconds': '3600',
    's3-prefix': 'uptycs/{package-name}/{version}/',
    'max-versions': '25',
    'set-default-version': 'true',
    cache: 'auto',
    'allow-public-sharing': 'false',
    'replace-output-dir': 'false',
    'skip-version-check': 'false',
};
/** Mappings shipped with the action, selected by name (mapping: original). */
const NAMED_MAPPINGS = {
    default: 'uptycs-agent-mapping.json',
    original: 'uptycs-agent-mapping.original.json',
};
const TRUE = ['true', 'True', 'TRUE'];
const FALSE = ['false', 'False', 'FALSE'];
function reader(get, problems) {
    const bad = (name, message) => void problems.push({ message: `${(0,names/* ref */.KR)(name)}: ${message}` });
    const raw = (name) => get(name).trim();
    const str = (name) => raw(name) || INPUT_DEFAULTS[name];
    return {
        raw,
        str,
        bad,
        bool: (name) => {
            const v = str(name);
            if (TRUE.includes(v))
                return true;
            if (FALSE.includes(v))
                return false;
            bad(name, `"${v}" is not a boolean; write true or false`);
            return false;
        },
        int: (name, min, max) => {
            const v = str(name);
            const n = Number(v);
            if (!/^\d+$/.test(v) || n < min || n > max)
                bad(name, `"${v}" must be a whole number from ${min} to ${max}`);
            return n;
        },
    };
}
/** A list input: split on commas and white space, each value once. */
function list(value) {
    return [...new Set(value.split(/[\s,]+/).filter(Boolean))];
}
function readInputs(get, defaults) {
    const problems = [];
    const r = reader(get, problems);
    const abs = (p) => external_node_path_default().resolve(defaults.cwd, p);
    const pkg = readPackageInputs(r);
    const where = readTargetInputs(r, defaults.region, problems);
    const dryRun = r.bool('dry-run');
    const review = readReviewInputs(r.raw, r.bad, defaults.cwd, dryRun);
    const handoff = readHandoffInputs(r.raw, r.bad, defaults.cwd);
    const source = readSourceInputs(r, review.mode === 'plan' || !!handoff.packageDir);
    const aws = readAwsInputs(r);
    const replaceOutputDir = r.bool('replace-output-dir');
    const mapping = mappingPath(r.raw('mapping'), defaults);
    const rollout = readRolloutInputs(r.raw, r.bad, pkg.packageName, defaults.cwd);
    // The rings pin their versions and the plan (or the undo) moves the default: publishing must not.
    const ringsMoveDefault = !!(r.raw('rollout-plan') || r.raw('rollback-to'));
    if (ringsMoveDefault && TRUE.includes(r.raw('set-default-version')))
        r.bad('set-default-version', `with ${r.raw('rollout-plan') ? (0,names/* ref */.KR)('rollout-plan') : (0,names/* ref */.KR)('rollback-to')} the rollout moves the document's default version (after the last ring, or back); remove ${(0,names/* ref */.KR)('set-default-version')}`);
    // The plan's organization (its rings are read with the rollout inputs, which refuse a plan without them).
    const plan = readPlanOrganization(r, defaults.cwd, problems);
    if (problems.length)
        throw new common_errors/* UserError */.yo(`${problems.length} input${problems.length > 1 ? 's are' : ' is'} invalid:\n${problems.map((p) => `  ${p.message}`).join('\n')}`, problems);
    return {
        ...pkg,
        ...where,
        ...source,
        ...aws,
        ...(ringsMoveDefault ? { setDefaultVersion: false } : {}),
        mapping,
        agentsDir: source.agentsDir ? abs(source.agentsDir) : '',
        outputDir: abs(r.raw('output-dir') || defaults.outputDir),
        dryRun: dryRun || review.mode !== 'publish',
        replaceOutputDir,
        ...(rollout ? { rollout } : {}),
        rolloutPlan: plan.rolloutPlan,
        ...(plan.organization ? { organization: plan.organization } : {}),
        ...review,
        ...handoff,
    };
}
/** The rollout plan file's organization, when rollout-plan is given; its problems keep their line and column. */
function readPlanOrganization(r, cwd, problems) {
    const value = r.raw('rollout-plan');
    const chunkText = r.raw('organization-chunk');
    const needsOrganization = `needs ${(0,names/* ref */.KR)('rollout-plan')} with an "organization" object (docs/organization.md): it splits the member accounts across matrix jobs`;
    if (!value) {
        if (chunkText)
            r.bad('organization-chunk', needsOrganization);
        return { rolloutPlan: '' };
    }
    const rolloutPlan = external_node_path_default().resolve(cwd, value);
    const { organization, problems: found } = loadOrganization(rolloutPlan, (0,paths/* shownPath */.pS)(rolloutPlan, cwd));
    for (const p of found)
        problems.push({ ...p, message: `${(0,names/* ref */.KR)('rollout-plan')}: ${p.message}` });
    if (!chunkText || found.length)
        return { rolloutPlan, ...(organization ? { organization } : {}) };
    if (!organization) {
        r.bad('organization-chunk', needsOrganization);
        return { rolloutPlan };
    }
    const chunk = parseChunk(chunkText);
    if ('problem' in chunk)
        r.bad('organization-chunk', chunk.problem);
    return {
        rolloutPlan,
        organization: { ...organization, ...('chunk' in chunk ? { chunk: chunk.chunk } : {}) },
    };
}
/** The package's name and the agent version. */
function readPackageInputs(r) {
    const packageName = r.str('package-name');
    const np = (0,distributor_names/* packageNameProblem */.T)(packageName);
    if (np)
        r.bad('package-name', np);
    // The Uptycs console shows versions as "5.7.0.25-Uptycs"; the API and the package use "5.7.0.25".
    const packageVersion = r.raw('package-version').replace(/^(\d+(?:\.\d+)+)-uptycs$/i, '$1');
    if (packageVersion) {
        const vp = (0,distributor_names/* versionNameProblem */.x)(packageVersion);
        if (vp)
            r.bad('package-version', vp);
        else if (!/^\d+\.\d+\.\d+\.\d+$/.test(packageVersion)) {
            const meant = /^v(\d+\.\d+\.\d+\.\d+)$/i.exec(packageVersion)?.[1];
            r.bad('package-version', `"${packageVersion}" is not an agent version: write its four numbers${meant ? `, ${(0,names/* refValue */.vI)('package-version', meant)}` : ` (such as ${(0,names/* refValue */.vI)('package-version', '5.7.0.25')})`}`);
        }
    }
    return { packageName, packageVersion };
}
/**
 * Where the package goes: the regions (aws-region, else the region chosen outside the inputs, else the
 * default) and the bucket name (with its placeholders). A wrong region names where it came from.
 */
function readTargetInputs(r, outside, problems) {
    const given = r.raw('aws-region');
    const from = given ? undefined : outside;
    const awsRegions = list(given || from?.value || INPUT_DEFAULTS['aws-region']);
    const awsRegionSource = given ? (0,names/* ref */.KR)('aws-region') : (from?.source ?? 'default');
    for (const region of awsRegions) {
        const rp = (0,suggest/* regionProblem */.Og)(region);
        if (rp && from)
            problems.push({
                message: `${from.source} (the region, as no ${(0,names/* ref */.KR)('aws-region')} is given): ${rp}; ${from.fix}`,
            });
        else if (rp)
            r.bad('aws-region', rp);
    }
    const s3Bucket = r.raw('s3-bucket');
    if (s3Bucket) {
        const probe = s3Bucket.replace('{account}', '123456789012').replace('{region}', 'us-east-1');
        if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(probe) || probe.includes('..'))
            r.bad('s3-bucket', `"${s3Bucket}" is not a valid S3 bucket name: 3 to 63 lowercase letters, digits, "-" and "." (the placeholders {account} and {region} are allowed)`);
    }
    return { awsRegions, awsRegionSource, s3Bucket };
}
/** Where the installers come from: the Uptycs API (key, URL, asset group, cache) or agents-dir. `noInstallers`: plan mode or a package-dir. */
function readSourceInputs(r, noInstallers) {
    const download = r.bool('download');
    const sensorOnly = r.bool('sensor-only');
    const config = r.raw('config');
    const agentsDir = r.raw('agents-dir');
    if (download && !config && !noInstallers)
        r.bad('config', `the Uptycs API key is required to download installers (or use ${(0,names/* refValue */.vI)('download', 'false')} with ${(0,names/* ref */.KR)('agents-dir')} to build from installers on disk)`);
    if (!download && !agentsDir && !noInstallers)
        r.bad('agents-dir', `with ${(0,names/* refValue */.vI)('download', 'false')}, give the folder that holds one subfolder per mapping "dir"`);
    const uptycsApiUrl = r.raw('uptycs-api-url');
    if (uptycsApiUrl) {
        let u;
        try {
            u = new URL(uptycsApiUrl);
        }
        catch {
            r.bad('uptycs-api-url', `"${uptycsApiUrl}" is not a URL; write https://<tenant>.uptycs.io`);
        }
        if (u && u.protocol !== 'https:' && !(u.protocol === 'http:' && isLoopback(u.hostname)))
            r.bad('uptycs-api-url', `${u.protocol}// is refused: use https:// (plain http:// is allowed only to a loopback address)`);
    }
    const cache = r.str('cache').toLowerCase();
    if (cache !== 'auto' && cache !== 'true' && cache !== 'false')
        r.bad('cache', `"${cache}" must be auto, true or false`);
    return {
        download,
        sensorOnly,
        config,
        agentsDir,
        uptycsApiUrl,
        assetGroup: r.str('asset-group'),
        cache: cache,
        skipVersionCheck: r.bool('skip-version-check'),
    };
}
/** How to reach AWS and what to publish there: the role, the S3 prefix, versions kept, the default version, sharing. */
function readAwsInputs(r) {
    const roleToAssume = r.raw('role-to-assume');
    if (roleToAssume && !/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/.test(roleToAssume))
        r.bad('role-to-assume', `"${roleToAssume}" is not an IAM role ARN such as arn:aws:iam::123456789012:role/publisher`);
    const roleSessionName = r.str('role-session-name');
    if (!/^[\w+=,.@-]{2,64}$/.test(roleSessionName))
        r.bad('role-session-name', `"${roleSessionName}" must be 2 to 64 letters, digits or +=,.@_-`);
    const roleDurationSeconds = r.int('role-duration-seconds', 900, 43200);
    let s3Prefix = r.str('s3-prefix').replace(/^\/+/, '');
    if (s3Prefix && !s3Prefix.endsWith('/'))
        s3Prefix += '/';
    if (!/^[\w!\-.*'()/{}]*$/.test(s3Prefix) || s3Prefix.includes('//'))
        r.bad('s3-prefix', `"${s3Prefix}" must be a plain S3 key prefix such as uptycs/{package-name}/{version}/`);
    const maxVersions = r.int('max-versions', 2, 25);
    const setDefaultVersion = r.bool('set-default-version');
    const shareWithAccounts = list(r.raw('share-with-accounts'));
    for (const a of shareWithAccounts)
        if (!/^(\d{12}|all)$/.test(a))
            r.bad('share-with-accounts', `"${a}" is not a 12-digit AWS account ID (or "all")`);
    const allowPublicSharing = r.bool('allow-public-sharing');
    const prefixProblem = (0,publishing/* s3PrefixProblem */._X)(s3Prefix);
    if (prefixProblem)
        r.bad('s3-prefix', prefixProblem);
    const sharingProblem = (0,publishing/* publicSharingProblem */.VB)(shareWithAccounts, allowPublicSharing);
    if (sharingProblem)
        r.bad('share-with-accounts', sharingProblem);
    return {
        roleToAssume,
        roleSessionName,
        roleDurationSeconds,
        s3Prefix,
        maxVersions,
        setDefaultVersion,
        shareWithAccounts,
        allowPublicSharing,
    };
}
/** The mapping file an input value names: a bundled mapping by name, else a path (default: the bundled one). */
function mappingPath(value, defaults) {
    const named = NAMED_MAPPINGS[value.toLowerCase()];
    if (named)
        return external_node_path_default().join(external_node_path_default().dirname(defaults.mapping), named);
    return external_node_path_default().resolve(defaults.cwd, value || defaults.mapping);
}
function isLoopback(host) {
    const h = host.replace(/^\[|\]$/g, '');
    return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h);
}


/***/ }),

/***/ 7958:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   WL: () => (/* binding */ loadApiKey),
/* harmony export */   tj: () => (/* binding */ apiBaseUrl)
/* harmony export */ });
/* unused harmony exports DEFAULT_DOMAIN_SUFFIX, MIN_SECRET_LENGTH */
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _index_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6211);
/* harmony import */ var _common_errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1922);
/* harmony import */ var _common_names_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3117);
/**
 * The Uptycs API key: the JSON file downloaded from the Uptycs console (input "config"), given as a
 * path or as the JSON text itself. Every secret in it is registered with the log before anything else
 * happens, and no error message ever repeats the key, the secret or the content.
 */




const DEFAULT_DOMAIN_SUFFIX = '.uptycs.io';
/**
 * The shortest API secret taken. The console's secrets are far longer; a blank or short one would let
 * the cache's key and HMAC (derived from it) be derived from public values.
 */
const MIN_SECRET_LENGTH = 16;
const FIX = `give ${(0,_common_names_js__WEBPACK_IMPORTED_MODULE_3__/* .ref */ .KR)('config')} the path of the API key file downloaded from the Uptycs console (Configuration → Users → API key), or that file's JSON content (from a secret)`;
function configError(problem) {
    return new _common_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`${(0,_common_names_js__WEBPACK_IMPORTED_MODULE_3__/* .ref */ .KR)('config')}: ${problem}; ${FIX}`, [{ message: `${(0,_common_names_js__WEBPACK_IMPORTED_MODULE_3__/* .ref */ .KR)('config')}: ${problem}` }]);
}
/** Whether the value of input config is the key's JSON text rather than a path to it. */
function isContent(config) {
    return config.startsWith('{') || config.includes('\n') || config.length > 4096;
}
/** A path is echoed in messages only when it clearly is one; anything else may be a pasted secret. */
function printablePath(p) {
    return p.length <= 512 && /^[\w ./\\:~@+-]+$/.test(p) && /[/\\]|\.json$/i.test(p) ? p : undefined;
}
/** The 1-based line of a JSON.parse failure, without repeating any of the text (Node quotes it). */
function jsonErrorLine(text, err) {
    const m = /position (\d+)/.exec(err instanceof Error ? err.message : '');
    if (!m)
        return '';
    const pos = Number(m[1]);
    let line = 1;
    for (let i = 0; i < pos && i < text.length; i++)
        if (text.charCodeAt(i) === 10)
            line++;
    return ` (the error is on line ${line})`;
}
function parseExpiry(v) {
    if (typeof v === 'number' && Number.isFinite(v) && v > 0)
        return new Date(v < 1e12 ? v * 1000 : v);
    if (typeof v === 'string' && v.trim()) {
        const d = new Date(/^\d+$/.test(v.trim()) ? Number(v) * (Number(v) < 1e12 ? 1000 : 1) : v);
        return Number.isNaN(d.getTime()) ? undefined : d;
    }
    return undefined;
}
/**
 * Reads and checks the API key. `config` is a path to the key file or its JSON content.
 * Throws one UserError naming input "config" and the fix.
 */
async function loadApiKey(config, log, opts = {}) {
    const value = config.trim();
    let text;
    if (!value)
        throw configError('it is empty');
    if (isContent(value)) {
        log.setSecret(config);
        if (value !== config)
            log.setSecret(value);
        text = value;
    }
    else {
        const shown = printablePath(value);
        const where = shown ? `the file ${shown}` : 'the file it names';
        const st = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.stat)(value).catch(() => undefined);
        if (!st)
            throw configError(shown
                ? `${where} does not exist`
                : 'its value is neither JSON nor the path of an existing file (the value is not shown, in case it is secret)');
        if (!st.isFile())
            throw configError(`${where} is not a regular file`);
        if (st.size > 1024 * 1024)
            throw configError(`${where} is ${st.size} bytes, too large to be an API key file`);
        text = (await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)(value, 'utf8')).replace(/^\uFEFF/, '');
    }
    let doc;
    try {
        doc = JSON.parse(text);
    }
    catch (err) {
        throw configError(`the API key is not valid JSON${jsonErrorLine(text, err)}`);
    }
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
        throw configError('the API key must be a JSON object with the fields key, secret, customerId and domain');
    const o = doc;
    // Register the secrets before anything else can print.
    for (const f of ['key', 'secret'])
        if (typeof o[f] === 'string' && o[f].trim()) {
            log.setSecret(o[f]);
            if (o[f].trim() !== o[f])
                log.setSecret(o[f].trim());
        }
    const problems = [];
    const field = (name, required) => {
        const v = o[name];
        if (v === undefined || v === null || v === '') {
            if (required)
                problems.push(`field "${name}" is missing`);
            return '';
        }
        if (typeof v !== 'string') {
            problems.push(`field "${name}" must be a string`);
            return '';
        }
        // Trimmed before testing: "   " is as empty as "".
        if (!v.trim() && required)
            problems.push(`field "${name}" is blank`);
        return v.trim();
    };
    const key = field('key', true);
    const secret = field('secret', true);
    const customerId = field('customerId', true);
    const domain = field('domain', true);
    const domainSuffix = field('domainSuffix', false) || DEFAULT_DOMAIN_SUFFIX;
    if (secret && secret.length < MIN_SECRET_LENGTH)
        problems.push(`field "secret" is ${secret.length} characters, too short to be an Uptycs API secret (at least ${MIN_SECRET_LENGTH}); copy the whole key file from the console`);
    if (customerId && !/^[A-Za-z0-9_-]{1,128}$/.test(customerId))
        problems.push('field "customerId" must be the customer ID (letters, digits and "-")');
    if (domain && !/^[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\.[A-Za-z0-9-]{1,63})*$/.test(domain))
        problems.push('field "domain" must be the tenant host name (such as "mycompany")');
    if (!/^\.[A-Za-z0-9-]{1,63}(\.[A-Za-z0-9-]{1,63})*$/.test(domainSuffix))
        problems.push('field "domainSuffix" must start with "." (such as ".uptycs.io")');
    if (o.active === false || o.active === 'false')
        problems.push('the key is marked inactive ("active": false); activate it or create a new key in the Uptycs console');
    const expiry = parseExpiry(o.expiry);
    if (expiry && expiry.getTime() <= (opts.now ?? new Date()).getTime())
        problems.push(`the key expired on ${expiry.toISOString()}; create a new key in the Uptycs console`);
    if (problems.length)
        throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`${(0,_common_names_js__WEBPACK_IMPORTED_MODULE_3__/* .ref */ .KR)('config')}: the Uptycs API key is not usable: ${problems.join('; ')}. To fix: ${FIX}`, problems.map((message) => ({ message: `${(0,_common_names_js__WEBPACK_IMPORTED_MODULE_3__/* .ref */ .KR)('config')}: ${message}` })));
    return { key, secret, customerId, domain, domainSuffix };
}
/**
 * The API's base URL: https://{domain}{domainSuffix}/public/api/customers/{customerId}.
 * `override` (input uptycs-api-url) replaces the origin https://{domain}{domainSuffix} only, for
 * private stacks and tests; it may carry a path prefix but not the /public/api part.
 * Plain http is refused unless the host is a loopback address.
 */
function apiBaseUrl(key, override = '') {
    let origin;
    if (override) {
        try {
            origin = new URL(override);
        }
        catch {
            throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`${(0,_common_names_js__WEBPACK_IMPORTED_MODULE_3__/* .ref */ .KR)('uptycs-api-url')}: "${override}" is not a URL; write https://<tenant>.uptycs.io`);
        }
        if (origin.protocol !== 'https:' && !(origin.protocol === 'http:' && (0,_index_js__WEBPACK_IMPORTED_MODULE_1__/* .isLoopback */ .U9)(origin.hostname)))
            throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`${(0,_common_names_js__WEBPACK_IMPORTED_MODULE_3__/* .ref */ .KR)('uptycs-api-url')}: ${origin.protocol}// is refused: use https:// (plain http:// is allowed only to a loopback address)`);
        if (/\/public\/api(\/|$)/.test(origin.pathname))
            throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`${(0,_common_names_js__WEBPACK_IMPORTED_MODULE_3__/* .ref */ .KR)('uptycs-api-url')}: give only the origin (such as https://mycompany.uptycs.io); the path /public/api/customers/<customerId> is added from the key file`);
        if (origin.search || origin.hash || origin.username || origin.password)
            throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo(`${(0,_common_names_js__WEBPACK_IMPORTED_MODULE_3__/* .ref */ .KR)('uptycs-api-url')}: give only the origin, without query, fragment or credentials`);
    }
    else {
        // Tolerate a domain that already carries the suffix ("acme.uptycs.io").
        const host = key.domain.toLowerCase().endsWith(key.domainSuffix.toLowerCase())
            ? key.domain
            : `${key.domain}${key.domainSuffix}`;
        origin = new URL(`https://${host}`);
    }
    const prefix = origin.pathname.replace(/\/+$/, '');
    return new URL(`${origin.origin}${prefix}/public/api/customers/${encodeURIComponent(key.customerId)}`);
}


/***/ }),

/***/ 6292:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Gj: () => (/* binding */ regionFromEnvironment),
/* harmony export */   VB: () => (/* binding */ publicSharingProblem),
/* harmony export */   _X: () => (/* binding */ s3PrefixProblem),
/* harmony export */   cV: () => (/* binding */ regionChoiceLine)
/* harmony export */ });
/* harmony import */ var _common_names_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3117);
/**
 * Inputs of the publish stage that guard against unattended mistakes: the S3 prefix must keep every
 * package version apart, and public sharing needs its own explicit switch.
 */

/** Why an s3-prefix template would let two package versions (or two packages) share keys, or undefined. */
function s3PrefixProblem(prefix) {
    const missing = ['{package-name}', '{version}'].filter((p) => !prefix.includes(p));
    if (!missing.length)
        return undefined;
    return `"${prefix}" has no ${missing.join(' and no ')}: every package version (and every package) needs keys of its own, or a later publish finds an earlier version's manifest.json and zips at its keys; write for example uptycs/{package-name}/{version}/`;
}
/**
 * Checks share-with-accounts against allow-public-sharing: "all" makes the document public, and the
 * installers it points at carry the tenant's enrollment secret.
 */
function publicSharingProblem(accounts, allowPublic) {
    if (!accounts.includes('all') || allowPublic)
        return undefined;
    return `"all" would make the document public: any AWS account could install the agent with your tenant's enrollment secret. Set ${(0,_common_names_js__WEBPACK_IMPORTED_MODULE_0__/* .ref */ .KR)('allow-public-sharing')} to true to do it anyway, or list account IDs`;
}
/**
 * The region when aws-region is not given, as the AWS SDKs and CLI choose it: AWS_REGION, then
 * AWS_DEFAULT_REGION (the AWS CLI's variable, which aws-actions/configure-aws-credentials also sets).
 * Undefined when neither is set (then, for the CLI, the profile's region; else the default, said so).
 */
function regionFromEnvironment(env) {
    for (const name of ['AWS_REGION', 'AWS_DEFAULT_REGION']) {
        const value = env[name]?.trim();
        if (value)
            return { value, source: name, fix: `set ${name} to a region, or give ${(0,_common_names_js__WEBPACK_IMPORTED_MODULE_0__/* .ref */ .KR)('aws-region')}` };
    }
    return undefined;
}
/** The log line that says which region(s) this run uses and which source chose them. */
function regionChoiceLine(regions, source) {
    const what = `AWS region${regions.length > 1 ? 's' : ''} ${regions.join(', ')}`;
    return source === 'default'
        ? `${what}: the default, as no ${(0,_common_names_js__WEBPACK_IMPORTED_MODULE_0__/* .ref */ .KR)('aws-region')}, AWS_REGION, AWS_DEFAULT_REGION or profile region is set; give ${(0,_common_names_js__WEBPACK_IMPORTED_MODULE_0__/* .ref */ .KR)('aws-region')} to choose`
        : `${what} (from ${source})`;
}


/***/ }),

/***/ 1459:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   FG: () => (/* binding */ previewResolution),
/* harmony export */   c9: () => (/* binding */ manifestProblems),
/* harmony export */   dj: () => (/* binding */ canonicalJson),
/* harmony export */   jK: () => (/* binding */ packageDigest),
/* harmony export */   u1: () => (/* binding */ buildManifest)
/* harmony export */ });
/* unused harmony exports PUBLISHER, DESCRIPTION */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _inputs_distributor_names_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6077);
/* harmony import */ var _plan_distributor_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2690);
/**
 * The Distributor manifest: built deterministically (keys sorted at every level) and checked against
 * every rule Distributor applies (FACTS.md §3). Pure.
 */



const PUBLISHER = 'Uptycs';
const DESCRIPTION = 'Uptycs agent (osquery-based sensor, optionally Uptycs Protect), installed and removed through AWS Systems Manager Distributor. Built by uptycs-distributor-action.';
function buildManifest(version, files) {
    const packages = {};
    for (const f of files)
        for (const e of f.entries) {
            const versions = (packages[e.platform] ??= {});
            const arches = (versions[e.versionKey] ??= {});
            arches[e.arch] = { file: f.name };
        }
    const fileMap = {};
    for (const f of files)
        fileMap[f.name] = { checksums: { sha256: f.sha256 } };
    return {
        schemaVersion: '2.0',
        version,
        publisher: PUBLISHER,
        description: DESCRIPTION,
        packages,
        files: fileMap,
    };
}
/** JSON with object keys sorted at every level, two-space indented, with a final newline. */
/**
 * The package's digest: the SHA-256 of manifest.json as written, which names every zip's SHA-256,
 * so it vouches for the whole folder. The build outputs it (package-digest); publishing a folder
 * built earlier with it refuses a folder whose manifest is another.
 */
function packageDigest(manifestText) {
    return `sha256:${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(manifestText).digest('hex')}`;
}
function canonicalJson(value) {
    const sortKeys = (v) => {
        if (Array.isArray(v))
            return v.map(sortKeys);
        if (v && typeof v === 'object')
            return Object.fromEntries(Object.keys(v)
                .sort()
                .map((k) => [k, sortKeys(v[k])]));
        return v;
    };
    return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}
const FILE_NAME_RE = /^[A-Za-z0-9_.-]{1,255}\.zip$/;
/** Every rule Distributor enforces on a package version. Returns the list of violations (empty = valid). */
function manifestProblems(packageName, manifest, manifestText, sizes) {
    const out = [];
    const np = (0,_inputs_distributor_names_js__WEBPACK_IMPORTED_MODULE_2__/* .packageNameProblem */ .T)(packageName);
    if (np)
        out.push(`package name ${np}`);
    const vp = (0,_inputs_distributor_names_js__WEBPACK_IMPORTED_MODULE_2__/* .versionNameProblem */ .x)(manifest.version);
    if (vp)
        out.push(`package version ${vp}`);
    if (manifest.schemaVersion !== '2.0')
        out.push('schemaVersion must be "2.0"');
    const names = Object.keys(manifest.files);
    if (names.length === 0)
        out.push('the package has no files');
    if (names.length > _plan_distributor_js__WEBPACK_IMPORTED_MODULE_1__/* .LIMITS */ .b1.filesPerVersion)
        out.push(`the package has ${names.length} files; Distributor allows ${_plan_distributor_js__WEBPACK_IMPORTED_MODULE_1__/* .LIMITS */ .b1.filesPerVersion} per version (map more platforms to shared installers, or split the mapping)`);
    const bytes = Buffer.byteLength(manifestText, 'utf8');
    if (bytes > _plan_distributor_js__WEBPACK_IMPORTED_MODULE_1__/* .LIMITS */ .b1.manifestBytes)
        out.push(`manifest.json is ${bytes} bytes; Distributor allows ${_plan_distributor_js__WEBPACK_IMPORTED_MODULE_1__/* .LIMITS */ .b1.manifestBytes}`);
    for (const n of names) {
        if (!FILE_NAME_RE.test(n))
            out.push(`file name "${n}" must be letters, digits, "_", "-", "." ending in .zip`);
        const sha = manifest.files[n].checksums.sha256;
        if (!/^[0-9a-f]{64}$/.test(sha))
            out.push(`file ${n} has no valid sha256 checksum`);
        const size = sizes[n];
        if (size === undefined)
            out.push(`file ${n} is listed but was not built`);
        else if (size > _plan_distributor_js__WEBPACK_IMPORTED_MODULE_1__/* .LIMITS */ .b1.bytesPerFile)
            out.push(`file ${n} is ${size} bytes; Distributor allows 1 GB per file`);
    }
    const used = new Set();
    for (const [platform, versions] of Object.entries(manifest.packages))
        for (const [version, arches] of Object.entries(versions))
            for (const [arch, { file }] of Object.entries(arches)) {
                used.add(file);
                if (!(file in manifest.files))
                    out.push(`${platform} ${version} ${arch} points at ${file}, which is not in "files"`);
            }
    for (const n of names)
        if (!used.has(n))
            out.push(`file ${n} is not used by any platform`);
    return out;
}
/** What each common instance would install from this manifest, by the SSM Agent's rule. */
function previewResolution(manifest, instances) {
    const resolveOn = (0,_plan_distributor_js__WEBPACK_IMPORTED_MODULE_1__/* .resolver */ .L2)(manifest.packages, manifest.files);
    return instances.map((instance) => ({ instance, result: resolveOn(instance) }));
}


/***/ }),

/***/ 8072:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Z: () => (/* binding */ PLAN_VERSION)
/* harmony export */ });
/** The version zips are named with in mode: plan when no package-version is given (nothing asks the API). */
const PLAN_VERSION = 'VERSION';


/***/ }),

/***/ 8553:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   jP: () => (/* binding */ planFiles),
/* harmony export */   planPackage: () => (/* binding */ planPackage)
/* harmony export */ });
/* unused harmony exports PLAN_MANIFEST, placeholderInstallerName, scriptProblems */
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _plan_installers_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9186);
/* harmony import */ var _common_errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(1922);
/* harmony import */ var _manifest_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(1459);
/* harmony import */ var _scripts_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(9272);
/**
 * The validate-only build (mode: plan): everything the full build checks, without installers. The
 * zips are grouped as the download planner groups installers (upt_package × arm64 × sensor/Protect,
 * planInstallers), every script is rendered for a placeholder installer name of the right type and
 * checked, and the manifest's platform/version/arch tree is built and checked against Distributor's
 * rules. No key, no download, no network; the only file written is manifest.plan.json.
 */







/** The manifest a plan writes: not publishable, its checksums are placeholders. */
const PLAN_MANIFEST = 'manifest.plan.json';
const PLACEHOLDER_SHA256 = '0'.repeat(64);
/** The installer name the Uptycs API gives this spec (Content-Disposition), as observed (FACTS.md §2). */
function placeholderInstallerName(spec, version, assetGroup) {
    const group = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,60}$/.test(assetGroup) ? assetGroup : 'assets';
    const base = `${group}-${spec.protect ? 'uptycs-protect' : 'osquery'}-${version}-Uptycs`;
    if (spec.type === 'rpm')
        return `${base}${spec.graviton ? '.aarch64' : ''}.rpm`;
    if (spec.type === 'deb')
        return `${base}${spec.graviton ? '.arm64' : ''}.deb`;
    return `${base}-windows.msi`;
}
/**
 * Checks rendered scripts beyond what rendering checks (placeholders, includes, safe names): every
 * script the type needs is there, none is empty, nothing is left unrendered, shell scripts have no
 * carriage returns (dash stops at them), and the install and update scripts name the exact installer
 * in quotes (as the installer variable is set: the old tool's Windows script named a stale MSI).
 */
function scriptProblems(type, scripts, installer) {
    const out = [];
    for (const name of _scripts_js__WEBPACK_IMPORTED_MODULE_5__/* .SCRIPT_NAMES */ .DF[type]) {
        const s = scripts.find((x) => x.name === name);
        if (!s) {
            out.push(`${type}/${name} is missing`);
            continue;
        }
        if (!s.content.trim())
            out.push(`${type}/${name} is empty`);
        if (/\{\{|\}\}/.test(s.content))
            out.push(`${type}/${name} still holds "{{" or "}}" after rendering`);
        if (name.endsWith('.sh') && s.content.includes('\r'))
            out.push(`${type}/${name} has Windows line endings (CR LF); sh stops at them: save it with LF`);
        if (!name.startsWith('uninstall') && !s.content.includes(`'${installer}'`))
            out.push(`${type}/${name} does not name the installer ${installer}: it would not install what the zip holds`);
    }
    if (scripts.some((s) => s.name === installer))
        out.push(`installer ${installer} has the same name as a script`);
    return out;
}
/** The planned zips: one per distinct installer, named after its first entry's dir, as the build names them. */
function planFiles(entries, version, opts) {
    const { specs, specByDir } = (0,_plan_installers_js__WEBPACK_IMPORTED_MODULE_2__/* .planInstallers */ .X)(entries, opts.sensorOnly);
    const bySpec = new Map(specs.map((s) => [s, []]));
    for (const e of entries)
        bySpec.get(specByDir.get(e.dir)).push(e);
    const order = new Map(entries.map((e, i) => [e, i]));
    return [...bySpec.entries()]
        .filter(([, es]) => es.length)
        .sort(([, a], [, b]) => order.get(a[0]) - order.get(b[0]))
        .map(([spec, es]) => ({
        name: `${es[0].dir}-${version}.zip`,
        path: '',
        sha256: '',
        size: 0,
        installerName: placeholderInstallerName(spec, version, opts.assetGroup),
        installerType: spec.type,
        installerSize: 0,
        entries: es,
        spec,
    }));
}
/** Validates the package the full build would make, without installers; writes manifest.plan.json to outDir. */
async function planPackage(input, opts, log) {
    const files = planFiles(input.entries, input.version, opts);
    const problems = [];
    let scriptCount = 0;
    for (const f of files) {
        let scripts;
        try {
            scripts = (0,_scripts_js__WEBPACK_IMPORTED_MODULE_5__/* .renderScripts */ .Ds)(input.templates, f.installerType, {
                installer: f.installerName,
                version: input.version,
                packageName: input.packageName,
            });
        }
        catch (err) {
            problems.push({ message: `scripts for ${f.name}: ${err.message}` });
            continue;
        }
        scriptCount += scripts.length;
        for (const p of scriptProblems(f.installerType, scripts, f.installerName))
            problems.push({ message: `scripts for ${f.name}: ${p}` });
    }
    const manifest = (0,_manifest_js__WEBPACK_IMPORTED_MODULE_4__/* .buildManifest */ .u1)(input.version, files.map((f) => ({ ...f, sha256: PLACEHOLDER_SHA256 })));
    const manifestText = (0,_manifest_js__WEBPACK_IMPORTED_MODULE_4__/* .canonicalJson */ .dj)(manifest);
    for (const p of (0,_manifest_js__WEBPACK_IMPORTED_MODULE_4__/* .manifestProblems */ .c9)(input.packageName, manifest, manifestText, Object.fromEntries(files.map((f) => [f.name, 0]))))
        problems.push({ message: p });
    if (problems.length)
        throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo(`the package would break: ${problems.length} problem${problems.length > 1 ? 's' : ''}:\n${problems.map((p) => `  ${p.message}`).join('\n')}`, problems);
    log.info(`${input.entries.length} mapping entr${input.entries.length === 1 ? 'y' : 'ies'} → ${files.length} zip${files.length === 1 ? '' : 's'}; ${scriptCount} scripts rendered for placeholder installers and checked; manifest ${Buffer.byteLength(manifestText)} bytes, valid (checksums are placeholders: nothing was downloaded)`);
    const manifestPath = node_path__WEBPACK_IMPORTED_MODULE_1___default().join(input.outDir, PLAN_MANIFEST);
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.writeFile)(manifestPath, manifestText);
    return {
        packageName: input.packageName,
        version: input.version,
        dir: input.outDir,
        manifestPath,
        manifestText,
        manifest,
        files: files.map(({ spec: _spec, ...f }) => f),
    };
}


/***/ }),

/***/ 9272:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DF: () => (/* binding */ SCRIPT_NAMES),
/* harmony export */   Ds: () => (/* binding */ renderScripts),
/* harmony export */   K8: () => (/* binding */ loadTemplates)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/**
 * Install, uninstall and update scripts, rendered from templates/<type>/ with the installer's real
 * file name. Rendering is pure; loading the templates is the only I/O.
 */


/**
 * The scripts every zip of a type must hold. validate.* is what the SSM Agent runs after each install
 * and at every later association run, reinstalling when it fails (FACTS §3): "installed" means running.
 */
const SCRIPT_NAMES = {
    rpm: ['install.sh', 'uninstall.sh', 'update.sh', 'validate.sh'],
    deb: ['install.sh', 'uninstall.sh', 'update.sh', 'validate.sh'],
    msi: ['install.ps1', 'uninstall.ps1', 'update.ps1', 'validate.ps1'],
};
/** Folders of fragments shared by several types (templates/sh/_*.sh: both Linux types). */
const SHARED_FRAGMENTS = { rpm: 'sh', deb: 'sh', msi: undefined };
/** File names that are safe to put inside a quoted shell or PowerShell string. */
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,199}$/;
/**
 * Reads templates/<type>/* for each installer type, and the shared fragments of templates/sh/ for the
 * Linux types (a type's own fragment of the same name wins). Files whose name starts with "_" are fragments:
 * never shipped, only included into scripts by a line `{{INCLUDE _name}}` (so that install, update and
 * uninstall share one copy of their common code while each shipped script stays self-contained).
 */
async function loadTemplates(templatesDir) {
    const out = {};
    for (const type of Object.keys(SCRIPT_NAMES)) {
        const dir = node_path__WEBPACK_IMPORTED_MODULE_1___default().join(templatesDir, type);
        const names = (await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readdir)(dir)).sort();
        for (const required of SCRIPT_NAMES[type])
            if (!names.includes(required))
                throw new Error(`template ${node_path__WEBPACK_IMPORTED_MODULE_1___default().join(dir, required)} is missing`);
        const read = (folder, name) => (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)(node_path__WEBPACK_IMPORTED_MODULE_1___default().join(folder, name), 'utf8').then((content) => ({ name, content }));
        const shared = SHARED_FRAGMENTS[type] && node_path__WEBPACK_IMPORTED_MODULE_1___default().join(templatesDir, SHARED_FRAGMENTS[type]);
        const sharedNames = shared
            ? (await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readdir)(shared)).filter((n) => n.startsWith('_') && !names.includes(n)).sort()
            : [];
        out[type] = await Promise.all([
            ...names.filter((n) => !n.startsWith('.')).map((name) => read(dir, name)),
            ...sharedNames.map((name) => read(shared, name)),
        ]);
    }
    return out;
}
/**
 * Fills a type's templates. Placeholders are {{INSTALLER}}, {{VERSION}} and {{PACKAGE_NAME}};
 * an unknown placeholder is an error so that a typo in a template cannot ship.
 */
function renderScripts(templates, type, vars) {
    const fragments = new Map(templates[type].filter((t) => t.name.startsWith('_')).map((t) => [t.name, t.content]));
    if (!SAFE_NAME.test(vars.installer))
        throw new Error(`installer file name "${vars.installer}" has characters that are not safe in a script; rename it to letters, digits, ".", "_", "+" and "-"`);
    for (const [what, value] of [
        ['version', vars.version],
        ['package name', vars.packageName],
    ])
        if (!SAFE_NAME.test(value))
            throw new Error(`${what} "${value}" has characters that are not safe in a script`);
    const values = {
        INSTALLER: vars.installer,
        VERSION: vars.version,
        PACKAGE_NAME: vars.packageName,
    };
    return templates[type]
        .filter((t) => !t.name.startsWith('_'))
        .map((t) => ({
        name: t.name,
        content: t.content
            .replace(/^\{\{INCLUDE (\S+)\}\}\r?\n/gm, (_, name) => {
            const f = fragments.get(name);
            if (f === undefined)
                throw new Error(`template ${type}/${t.name} includes ${name}, which does not exist`);
            return f.endsWith('\n') ? f : `${f}\n`;
        })
            .replace(/\{\{([A-Z_]+)\}\}/g, (_, key) => {
            const v = values[key];
            if (v === undefined)
                throw new Error(`template ${type}/${t.name} uses unknown placeholder {{${key}}}`);
            return v;
        }),
    }));
}


/***/ }),

/***/ 7141:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   S8: () => (/* binding */ agentResolver)
/* harmony export */ });
/* unused harmony exports resolverWork, noManifestError, noFileError, wildcardMatch, resolveAsAgent */
/**
 * The SSM Agent's package selection, exactly as the agent does it (FACTS §3, read in the agent's
 * `agent/plugins/configurepackage/birdwatcher/birdwatcherservice` source): platform, then version,
 * then arch, each level an exact key first, then its fallbacks; no backtracking to a higher level's
 * `_any`; then the chosen file must be a key of `files`. Pure: no I/O, no imports from other stages.
 * Every prediction (notices, preview, common instances, coverage diff, preflight, explanations)
 * is meant to come from `resolveAsAgent`; explanations read its `trace`, never recompute it.
 */
const NANO = 'nano';
/**
 * What the resolver has done since it was last reset: version keys looked at or indexed, one each
 * (issue 27 defect 5: the tests assert this grows linearly with a mapping's entries, without timing).
 */
const resolverWork = { keys: 0 };
/** The agent's platform-not-found error text, verbatim. */
function noManifestError(i) {
    return `failed to find platform: no manifest found for platform: ${i.platform}, version ${i.version}, architecture ${i.arch}`;
}
/** The agent's missing-file error text, verbatim. */
function noFileError(file) {
    return `failed to find file for &{FileName:${file}}`;
}
/**
 * Whether version key `key` (ending in `.*`) matches the instance version, and with how many
 * components. Components before `.*` must equal the instance's components at the same place; the
 * instance must have at least as many components. Nano rule: on a `…nano` instance only keys ending
 * in `nano` are candidates (`10.0.*nano`), and such a key is a candidate for no other instance.
 * Returns the number of components compared, or undefined when it does not match.
 */
function wildcardMatch(key, version) {
    const instanceNano = version.endsWith(NANO);
    const keyNano = key.endsWith(NANO);
    if (instanceNano !== keyNano)
        return undefined;
    const k = keyNano ? key.slice(0, -NANO.length) : key;
    const v = instanceNano ? version.slice(0, -NANO.length) : version;
    if (!k.endsWith('.*'))
        return undefined;
    const prefix = k.slice(0, -2).split('.');
    const parts = v.split('.');
    if (parts.length < prefix.length)
        return undefined;
    for (let n = 0; n < prefix.length; n++)
        if (prefix[n] !== parts[n])
            return undefined;
    return prefix.length;
}
function indexVersions(versions) {
    const keys = Object.keys(versions);
    resolverWork.keys += keys.length;
    const wild = new Map();
    const wildNano = new Map();
    keys.forEach((key, i) => {
        const nano = key.endsWith(NANO);
        const k = nano ? key.slice(0, -NANO.length) : key;
        if (k.endsWith('.*'))
            (nano ? wildNano : wild).set(k.slice(0, -2), i);
    });
    return { keys, has: new Set(keys), wild, wildNano };
}
function pickVersion(ix, version) {
    resolverWork.keys++;
    if (ix.has.has(version))
        return { matched: version, rule: 'exact' };
    const nano = version.endsWith(NANO);
    const wild = nano ? ix.wildNano : ix.wild;
    const parts = (nano ? version.slice(0, -NANO.length) : version).split('.');
    // The wildcard keys that match: X.* for every X made of the version's first 1, 2, … components.
    const matching = [];
    let prefix = '';
    for (let n = 1; n <= parts.length && wild.size; n++) {
        prefix = n === 1 ? parts[0] : `${prefix}.${parts[n - 1]}`;
        resolverWork.keys++;
        const at = wild.get(prefix);
        if (at !== undefined)
            matching.push({ at, n });
    }
    if (matching.length) {
        // In manifest order, as the agent meets them; the most components wins (the first, on a tie).
        matching.sort((a, b) => a.at - b.at);
        let best = matching[0];
        for (const m of matching)
            if (m.n > best.n)
                best = m;
        const shadowed = matching.filter((m) => m !== best).map((m) => ix.keys[m.at]);
        const matched = ix.keys[best.at];
        return shadowed.length ? { matched, rule: 'wildcard', shadowed } : { matched, rule: 'wildcard' };
    }
    if (ix.has.has('_any'))
        return { matched: '_any', rule: '_any' };
    if (ix.has.has('*'))
        return { matched: '*', rule: '*' };
    return {};
}
/** What the SSM Agent decides for this manifest on this instance, with the trace of how. */
function resolveAsAgent(manifest, instance) {
    return agentResolver(manifest)(instance);
}
/**
 * resolveAsAgent for many instances of one manifest: each platform's version keys are indexed once,
 * on first use, so that resolving is linear in the keys and the instances together (not their
 * product). The manifest must not change while the resolver is in use.
 */
function agentResolver(manifest) {
    const platforms = manifest.packages ?? {};
    const pKeys = Object.keys(platforms);
    const indexes = new Map();
    const indexOf = (pKey) => {
        let ix = indexes.get(pKey);
        if (!ix)
            indexes.set(pKey, (ix = indexVersions(platforms[pKey] ?? {})));
        return ix;
    };
    return (instance) => decide(manifest, pKeys, indexOf, instance);
}
function decide(manifest, pKeys, indexOf, instance) {
    const trace = [];
    const fail = (failedAt) => ({
        ok: false,
        error: noManifestError(instance),
        failedAt,
        trace,
    });
    const platforms = manifest.packages ?? {};
    const pKey = Object.hasOwn(platforms, instance.platform)
        ? instance.platform
        : pKeys.includes('_any')
            ? '_any'
            : undefined;
    trace.push({
        level: 'platform',
        wanted: instance.platform,
        keys: pKeys,
        ...(pKey === undefined ? {} : { matched: pKey, rule: pKey === instance.platform ? 'exact' : '_any' }),
    });
    if (pKey === undefined)
        return fail('platform');
    const versions = platforms[pKey] ?? {};
    const ix = indexOf(pKey);
    const v = pickVersion(ix, instance.version);
    // The trace's keys are the index's: one array per platform, shared by every decision (read only).
    trace.push({ level: 'version', wanted: instance.version, keys: ix.keys, ...v });
    if (v.matched === undefined)
        return fail('version');
    const arches = versions[v.matched] ?? {};
    const aKeys = Object.keys(arches);
    const aKey = Object.hasOwn(arches, instance.arch)
        ? instance.arch
        : aKeys.includes('_any')
            ? '_any'
            : undefined;
    trace.push({
        level: 'arch',
        wanted: instance.arch,
        keys: aKeys,
        ...(aKey === undefined ? {} : { matched: aKey, rule: aKey === instance.arch ? 'exact' : '_any' }),
    });
    if (aKey === undefined)
        return fail('arch');
    const file = arches[aKey]?.file ?? '';
    if (!manifest.files || !Object.hasOwn(manifest.files, file)) {
        return { ok: false, error: noFileError(file), failedAt: 'file', trace };
    }
    return { ok: true, file, trace };
}


/***/ }),

/***/ 2690:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   B2: () => (/* binding */ versionKeyProblem),
/* harmony export */   EX: () => (/* binding */ UPT_PACKAGES),
/* harmony export */   FT: () => (/* binding */ PLATFORM_HINTS),
/* harmony export */   L2: () => (/* binding */ resolver),
/* harmony export */   Ly: () => (/* binding */ COMMON_INSTANCES),
/* harmony export */   P4: () => (/* binding */ PLATFORMS),
/* harmony export */   Pr: () => (/* binding */ ARCHES),
/* harmony export */   b1: () => (/* binding */ LIMITS),
/* harmony export */   hd: () => (/* binding */ resolve),
/* harmony export */   uu: () => (/* binding */ ARCH_HINTS),
/* harmony export */   yK: () => (/* binding */ matchedPath)
/* harmony export */ });
/* unused harmony export explainFailure */
/* harmony import */ var _agent_resolver_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7141);
/**
 * Distributor's rules, as the SSM Agent and the SSM API apply them (FACTS.md §3). Pure functions only.
 */

/** Architectures Distributor matches (Go's GOARCH, amd64 spelled x86_64; `arm` is 32-bit ARM), plus the wildcard. */
const ARCHES = ['x86_64', 'arm64', '386', 'arm', '_any'];
/** Names people write for an architecture that Distributor never matches, and the key to use. */
const ARCH_HINTS = {
    i386: '386',
    i686: '386',
    x86: '386',
    amd64: 'x86_64',
    x64: 'x86_64',
    'x86-64': 'x86_64',
    aarch64: 'arm64',
    armv7l: 'arm',
    armhf: 'arm',
    graviton: 'arm64',
};
/** Installer types, by the Uptycs API's `os` value (`upt_package` in the mapping). */
const UPT_PACKAGES = { centos: 'rpm', debian: 'deb', windows: 'msi' };
/** Platform keys the SSM Agent produces, with the installer type each platform can run. */
const PLATFORMS = {
    amazon: 'rpm',
    redhat: 'rpm',
    centos: 'rpm',
    oracle: 'rpm',
    rocky: 'rpm',
    almalinux: 'rpm',
    suse: 'rpm',
    opensuseleap: 'rpm',
    opensuse: 'rpm',
    fedora: 'rpm',
    ubuntu: 'deb',
    debian: 'deb',
    windows: 'msi',
    _any: 'any',
};
/** os-release IDs and other spellings that never match, with the key the SSM Agent uses instead. */
const PLATFORM_HINTS = {
    rhel: 'redhat',
    'red hat': 'redhat',
    ol: 'oracle',
    oraclelinux: 'oracle',
    amzn: 'amazon',
    amzn2: 'amazon',
    amazonlinux: 'amazon',
    al2023: 'amazon',
    sles: 'suse',
    sled: 'suse',
    'opensuse-leap': 'opensuseleap',
    alma: 'almalinux',
    rockylinux: 'rocky',
    win: 'windows',
    windows_server: 'windows',
    macos: 'mac_os_x',
    osx: 'mac_os_x',
    darwin: 'mac_os_x',
};
/** Limits of a Distributor package version (FACTS.md §3). */
const LIMITS = {
    filesPerVersion: 20,
    bytesPerFile: 1024 ** 3,
    manifestBytes: 64 * 1024,
    versionsPerPackage: 25,
};
/** A manifest version key: "_any", "*", or dotted digits optionally ending in ".*" ("2", "20.04", "8.*"). */
function versionKeyProblem(key) {
    if (key === '_any' || key === '*')
        return undefined;
    if (/^[0-9]+(\.[0-9]+)*(\.\*)?$/.test(key))
        return undefined;
    if (/^[0-9]+(\.[0-9]+)*(\.\*)?nano$/.test(key))
        return `version "${key}" matches only Nano Server, which cannot run the .msi installer (Nano Server has no Windows Installer); Nano Server instances resolve with "_any" when no key ends in nano`;
    return `version "${key}" never matches: use "_any", a version such as "2023" or "20.04", or a prefix such as "8.*"`;
}
/**
 * The SSM Agent's lookup, from the one resolver that implements its rules (agent-resolver.ts).
 * `files` is the manifest's `files` map; without it, the file check is left out (every file the
 * packages name counts as present). Every field is read from the resolver's decision and trace.
 */
function resolve(packages, inst, files) {
    return resolver(packages, files)(inst);
}
/**
 * resolve for many instances of one manifest: the files and each platform's keys are looked at once
 * (agentResolver), not once per instance. The manifest must not change while it is in use.
 */
function resolver(packages, files) {
    const present = files ??
        Object.fromEntries(Object.values(packages).flatMap((vs) => Object.values(vs).flatMap((as) => Object.values(as).map((a) => [a.file, {}]))));
    const decide = (0,_agent_resolver_js__WEBPACK_IMPORTED_MODULE_0__/* .agentResolver */ .S8)({ packages, files: present });
    return (inst) => resolution(decide(inst));
}
function resolution(d) {
    if (!d.ok)
        return {
            ok: false,
            reason: `${d.error} (${explainFailure(d.trace, d.failedAt)})`,
            error: d.error,
            failedAt: d.failedAt,
            trace: d.trace,
        };
    const [p, v, a] = d.trace;
    return {
        ok: true,
        platformKey: p.matched,
        versionKey: v.matched,
        archKey: a.matched,
        file: d.file,
        trace: d.trace,
    };
}
/** One line from the trace: which level failed and which keys it had (never recomputed). */
function explainFailure(trace, failedAt) {
    if (failedAt === 'file')
        return "the chosen file is not listed in the manifest's files";
    const t = trace.find((l) => l.level === failedAt);
    const above = trace.filter((l) => l.matched !== undefined).map((l) => l.matched);
    const where = above.length ? `under ${above.join(' / ')}` : 'at the top level';
    return `no ${failedAt} key matches ${JSON.stringify(t.wanted)} ${where} (has ${t.keys.join(', ') || 'none'}); the agent does not fall back to a higher level's _any`;
}
/** The keys matched, level by level, from the trace: "redhat / 9.* / x86_64". */
function matchedPath(trace) {
    return trace
        .filter((l) => l.matched !== undefined)
        .map((l) => l.matched)
        .join(' / ');
}
/** Instances commonly found in EC2 fleets; the preview shows what each would install. */
const COMMON_INSTANCES = [
    ...['2', '2023'].flatMap((v) => ['x86_64', 'arm64'].map((arch) => ({ platform: 'amazon', version: v, arch }))),
    ...['20.04', '22.04', '24.04'].flatMap((v) => ['x86_64', 'arm64'].map((arch) => ({ platform: 'ubuntu', version: v, arch }))),
    ...['11', '12'].map((v) => ({ platform: 'debian', version: v, arch: 'x86_64' })),
    ...['8.9', '9.4'].flatMap((v) => ['x86_64', 'arm64'].map((arch) => ({ platform: 'redhat', version: v, arch }))),
    // CentOS's VERSION_ID is the major version alone (7), whatever /etc/centos-release says.
    { platform: 'centos', version: '7', arch: 'x86_64' },
    { platform: 'oracle', version: '8.9', arch: 'x86_64' },
    { platform: 'rocky', version: '9.4', arch: 'x86_64' },
    { platform: 'almalinux', version: '9.4', arch: 'arm64' },
    { platform: 'suse', version: '15.5', arch: 'x86_64' },
    { platform: 'suse', version: '15.5', arch: 'arm64' },
    { platform: 'windows', version: '10.0.20348', arch: 'x86_64' },
    { platform: 'windows', version: '10.0.17763', arch: 'x86_64' },
    { platform: 'windows', version: '10.0.14393', arch: 'x86_64' },
    { platform: 'windows', version: '10.0.26100', arch: 'x86_64' },
    { platform: 'mac_os_x', version: '14.5', arch: 'arm64' },
];


/***/ }),

/***/ 9186:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   X: () => (/* binding */ planInstallers)
/* harmony export */ });
/* harmony import */ var _common_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1922);
/* harmony import */ var _common_names_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3117);
/* harmony import */ var _distributor_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2690);
/* harmony import */ var _mapping_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4065);
/**
 * Which installers a mapping needs: one per OS × arm64-or-not × Protect-or-sensor, shared by the
 * entries that use it (8 entries of the original mapping need 5). Planning only: no file, no network.
 * The agents stage gets these installers (from the Uptycs API or a folder); the package stage zips them.
 */




/** The distinct installers the entries need, in a stable order, and which one each dir uses. */
function planInstallers(entries, sensorOnly) {
    const byId = new Map();
    const specByDir = new Map();
    const problems = [];
    for (const e of entries) {
        if (e.arch === '386') {
            problems.push(`${(0,_mapping_js__WEBPACK_IMPORTED_MODULE_3__/* .describeEntry */ .OY)(e)} (${e.dir}): arch_type "386" has no Uptycs installer; use x86_64 or arm64 (line ${e.location.line})`);
            continue;
        }
        const graviton = e.arch === 'arm64';
        if (graviton && e.uptPackage === 'windows') {
            problems.push(`${(0,_mapping_js__WEBPACK_IMPORTED_MODULE_3__/* .describeEntry */ .OY)(e)} (${e.dir}): the Uptycs API offers arm64 (graviton) installers for Linux only; use arch_type x86_64 (line ${e.location.line})`);
            continue;
        }
        const id = `${e.uptPackage}-${graviton ? 'arm64' : 'x86_64'}`;
        let spec = byId.get(id);
        if (!spec) {
            spec = { id, os: e.uptPackage, graviton, protect: !sensorOnly, type: _distributor_js__WEBPACK_IMPORTED_MODULE_2__/* .UPT_PACKAGES */ .EX[e.uptPackage] };
            byId.set(id, spec);
        }
        specByDir.set(e.dir, spec);
    }
    if (problems.length)
        throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`${(0,_common_names_js__WEBPACK_IMPORTED_MODULE_1__/* .ref */ .KR)('mapping')}: ${problems.length} entr${problems.length > 1 ? 'ies ask' : 'y asks'} for an installer Uptycs does not make (fix the file):\n${problems.map((p) => `  ${p}`).join('\n')}`, problems.map((message) => ({ message })));
    const order = ['centos', 'debian', 'windows'];
    const specs = [...byId.values()].sort((a, b) => order.indexOf(a.os) - order.indexOf(b.os) || Number(a.graviton) - Number(b.graviton));
    return { specs, specByDir };
}


/***/ }),

/***/ 4065:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  OY: () => (/* binding */ describeEntry),
  KV: () => (/* binding */ parseMapping)
});

// UNUSED EXPORTS: MAX_MAPPING_DEPTH, MAX_MAPPING_ENTRIES, editorSchema, jsonSyntaxProblem, unreachableEntries

// EXTERNAL MODULE: ./node_modules/jsonc-parser/lib/umd/main.js
var main = __webpack_require__(9547);
// EXTERNAL MODULE: ./src/common/errors.ts
var errors = __webpack_require__(1922);
// EXTERNAL MODULE: ./src/plan/distributor.ts
var distributor = __webpack_require__(2690);
// EXTERNAL MODULE: ./src/plan/agent-resolver.ts
var agent_resolver = __webpack_require__(7141);
;// CONCATENATED MODULE: ./src/plan/reachable.ts
/**
 * Manifest keys the SSM Agent can never choose. A key is reachable when some instance the agent could
 * be on resolves to it; that is asked of the one resolver (agent-resolver.ts) with witness instances:
 * for each key, the versions that would reach it if anything does (its own text for an exact key; for
 * `X.*`, X followed by components that no other key names, at every length the platform's versions
 * have). When no witness resolves to the key, the resolver's trace says what they chose instead.
 * Pure.
 */

/**
 * How many dot-components a platform's version has, as the agent reads it (os-release VERSION_ID; on
 * Windows the WMI Version). amazon: 2, 2023, 2018.03; RHEL and its rebuilds: 9.4, 8.10; CentOS: 7,
 * 9; SLES: 15, 15.5; Ubuntu: 22.04; Debian: 12; Fedora: 40; Windows: 10.0.20348. Platforms not listed
 * may have any of 1 to 3.
 */
const VERSION_COMPONENTS = {
    amazon: [1, 2],
    redhat: [2],
    oracle: [2],
    rocky: [2],
    almalinux: [2],
    centos: [1],
    suse: [1, 2],
    opensuseleap: [2],
    fedora: [1],
    ubuntu: [2],
    debian: [1],
    windows: [3],
};
/** The words for VERSION_COMPONENTS, for a warning. */
const VERSION_EXAMPLES = {
    amazon: 'Amazon Linux reports 2, 2023 (or 2018.03)',
    redhat: 'RHEL reports major.minor (7.9, 8.10, 9.4)',
    oracle: 'Oracle Linux reports major.minor (8.9)',
    rocky: 'Rocky Linux reports major.minor (9.4)',
    almalinux: 'AlmaLinux reports major.minor (9.4)',
    centos: 'CentOS reports the major version alone (7, 9)',
    suse: 'SLES reports 15 or 15.5',
    opensuseleap: 'openSUSE Leap reports 15.5',
    fedora: 'Fedora reports 40',
    ubuntu: 'Ubuntu reports YY.MM (22.04)',
    debian: 'Debian reports the major version alone (12)',
    windows: 'Windows reports its build as 10.0.NNNNN',
};
/** Platforms the agent installs packages on (it refuses any other before reading the manifest). */
const AGENT_PLATFORMS = [
    ...Object.keys(VERSION_COMPONENTS),
    'opensuse',
    'raspbian',
    'alpine',
    'gentoo',
    'arch',
    'mac_os_x',
];
/** The agent builds for each platform (GOARCH as the agent spells it). */
function archesOf(platform) {
    if (platform === 'windows')
        return ['x86_64', '386'];
    if (platform === 'mac_os_x')
        return ['x86_64', 'arm64'];
    return ['x86_64', 'arm64', '386', 'arm'];
}
/** A version component no key names (so that no more specific key matches the witness). */
function fresh(packages) {
    const used = new Set(Object.values(packages).flatMap((vs) => Object.keys(vs).flatMap((k) => k.split('.'))));
    let n = 98765;
    while (used.has(String(n)))
        n++;
    return String(n);
}
/** The versions that reach `key` if any does. */
function witnessVersions(key, lengths, filler) {
    const nano = key.endsWith('nano');
    const bare = nano ? key.slice(0, -4) : key;
    const tail = nano ? 'nano' : '';
    if (bare === '_any' || bare === '*')
        return lengths.map((n) => Array.from({ length: n }, () => filler).join('.') + tail);
    if (!bare.endsWith('.*'))
        return [key];
    const prefix = bare.slice(0, -2).split('.');
    return lengths
        .filter((n) => n >= prefix.length)
        .map((n) => [...prefix, ...Array.from({ length: n - prefix.length }, () => filler)].join('.') + tail);
}
/** Could a version of this length and form be the agent's on this platform? */
function possible(platform, version) {
    const lengths = VERSION_COMPONENTS[platform];
    const nano = version.endsWith('nano');
    if (nano && platform !== 'windows' && platform !== '_any')
        return false;
    const parts = (nano ? version.slice(0, -4) : version).split('.');
    if (!parts.every((p) => /^[0-9]+$/.test(p)))
        return false;
    return !lengths || lengths.includes(parts.length);
}
const path = (t) => t.map((l) => l.matched ?? '∅').join(' / ');
/** Every key of the manifest's packages that no instance resolves to, with why. */
function unreachableKeys(packages) {
    const filler = fresh(packages);
    const files = Object.fromEntries(Object.values(packages).flatMap((vs) => Object.values(vs).flatMap((as) => Object.values(as).map((a) => [a.file, {}]))));
    const manifest = { packages, files };
    // One resolver for every witness: each platform's keys are indexed once (linear, not keys × witnesses).
    const resolveAsAgent = (0,agent_resolver/* agentResolver */.S8)(manifest);
    const out = [];
    const unclaimed = AGENT_PLATFORMS.filter((p) => !Object.hasOwn(packages, p));
    for (const [platform, versions] of Object.entries(packages)) {
        const platforms = platform === '_any' ? unclaimed : [platform];
        for (const [versionKey, arches] of Object.entries(versions))
            for (const arch of Object.keys(arches)) {
                const witnesses = platforms.flatMap((p) => witnessVersions(versionKey, VERSION_COMPONENTS[p] ?? [1, 2, 3], filler)
                    .filter((v) => possible(p, v))
                    .flatMap((v) => (arch === '_any' ? archesOf(p) : [arch]).map((a) => ({ platform: p, version: v, arch: a }))));
                const decisions = witnesses.map((w) => resolveAsAgent(w));
                const reaches = decisions.some((d) => {
                    const [pt, vt, at] = d.trace;
                    return pt?.matched === platform && vt?.matched === versionKey && at?.matched === arch;
                });
                if (reaches)
                    continue;
                out.push({
                    platform,
                    versionKey,
                    arch,
                    why: whyNot(platform, versionKey, arch, platforms, decisions),
                });
            }
    }
    return out;
}
const RULE_WORDS = {
    'version:exact': 'an exact version key comes before any wildcard',
    'version:wildcard': 'the wildcard with the most components wins',
    'version:_any': '_any comes before *',
    'arch:exact': 'an exact architecture key comes before _any',
};
function whyNot(platform, versionKey, arch, platforms, decisions) {
    if (!platforms.length)
        return 'every platform the agent installs on has a key of its own, and the agent does not fall back to _any once a platform matched';
    if (!decisions.length)
        return `no instance has such a version: ${VERSION_EXAMPLES[platform] ?? 'the agent never reports it'}${versionKey.includes('*') ? '' : ', and a key without ".*" matches only the same text'}`;
    const instead = [...new Set(decisions.map((d) => path(d.trace)))];
    const rules = new Set(decisions.flatMap((d) => {
        const own = { version: versionKey, arch };
        const l = d.trace.find((t) => t.level !== 'platform' && t.matched !== own[t.level]);
        const words = l && RULE_WORDS[`${l.level}:${l.rule}`];
        return words ? [words] : [];
    }));
    return `every instance it would match chooses ${instead.join(', ')} instead${rules.size ? ` (${[...rules].join('; ')})` : ''}`;
}

// EXTERNAL MODULE: ./src/common/names.ts
var names = __webpack_require__(3117);
;// CONCATENATED MODULE: ./src/plan/mapping-schema.ts
/**
 * The JSON Schema of the original mapping format: structure and types only (meaning is checked in
 * mapping.ts, with messages that say how to fix a value). `npm run schema` compiles it with Ajv into
 * mapping-validate.generated.js, so that no run pays for loading Ajv and compiling the schema
 * (about 100 ms of every start); a test keeps the generated file current.
 */
const FIELD = { type: 'string' };
const mapping_schema_ENTRY_SCHEMA = {
    type: 'object',
    additionalProperties: false,
    required: ['upt_package', 'dir', 'name', 'major_version', 'arch_type'],
    properties: {
        upt_package: FIELD,
        id: FIELD,
        dir: FIELD,
        name: FIELD,
        major_version: FIELD,
        minor_version: FIELD,
        arch_type: FIELD,
    },
};
/** The whole file: an object with a "linux" and a "windows" array of entries. */
const MAPPING_SCHEMA = {
    type: 'object',
    additionalProperties: false,
    properties: {
        $schema: { type: 'string' },
        linux: { type: 'array', items: mapping_schema_ENTRY_SCHEMA },
        windows: { type: 'array', items: mapping_schema_ENTRY_SCHEMA },
    },
};

;// CONCATENATED MODULE: ./src/plan/mapping-validate.generated.js
// Generated by `npm run schema` from src/plan/mapping-schema.ts (Ajv standalone code). Do not edit.

const validate = validate10;
/* harmony default export */ const mapping_validate_generated = ((/* unused pure expression or super */ null && (validate10)));
const schema11 = {"type":"object","additionalProperties":false,"properties":{"$schema":{"type":"string"},"linux":{"type":"array","items":{"type":"object","additionalProperties":false,"required":["upt_package","dir","name","major_version","arch_type"],"properties":{"upt_package":{"type":"string"},"id":{"type":"string"},"dir":{"type":"string"},"name":{"type":"string"},"major_version":{"type":"string"},"minor_version":{"type":"string"},"arch_type":{"type":"string"}}}},"windows":{"type":"array","items":{"type":"object","additionalProperties":false,"required":["upt_package","dir","name","major_version","arch_type"],"properties":{"upt_package":{"type":"string"},"id":{"type":"string"},"dir":{"type":"string"},"name":{"type":"string"},"major_version":{"type":"string"},"minor_version":{"type":"string"},"arch_type":{"type":"string"}}}}}};

function validate10(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
for(const key0 in data){
if(!(((key0 === "$schema") || (key0 === "linux")) || (key0 === "windows"))){
const err0 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
if(data.$schema !== undefined){
if(typeof data.$schema !== "string"){
const err1 = {instancePath:instancePath+"/$schema",schemaPath:"#/properties/%24schema/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
if(data.linux !== undefined){
let data1 = data.linux;
if(Array.isArray(data1)){
const len0 = data1.length;
for(let i0=0; i0<len0; i0++){
let data2 = data1[i0];
if(data2 && typeof data2 == "object" && !Array.isArray(data2)){
if(data2.upt_package === undefined){
const err2 = {instancePath:instancePath+"/linux/" + i0,schemaPath:"#/properties/linux/items/required",keyword:"required",params:{missingProperty: "upt_package"},message:"must have required property '"+"upt_package"+"'"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
if(data2.dir === undefined){
const err3 = {instancePath:instancePath+"/linux/" + i0,schemaPath:"#/properties/linux/items/required",keyword:"required",params:{missingProperty: "dir"},message:"must have required property '"+"dir"+"'"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
if(data2.name === undefined){
const err4 = {instancePath:instancePath+"/linux/" + i0,schemaPath:"#/properties/linux/items/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'"};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
if(data2.major_version === undefined){
const err5 = {instancePath:instancePath+"/linux/" + i0,schemaPath:"#/properties/linux/items/required",keyword:"required",params:{missingProperty: "major_version"},message:"must have required property '"+"major_version"+"'"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
if(data2.arch_type === undefined){
const err6 = {instancePath:instancePath+"/linux/" + i0,schemaPath:"#/properties/linux/items/required",keyword:"required",params:{missingProperty: "arch_type"},message:"must have required property '"+"arch_type"+"'"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
for(const key1 in data2){
if(!(((((((key1 === "upt_package") || (key1 === "id")) || (key1 === "dir")) || (key1 === "name")) || (key1 === "major_version")) || (key1 === "minor_version")) || (key1 === "arch_type"))){
const err7 = {instancePath:instancePath+"/linux/" + i0,schemaPath:"#/properties/linux/items/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
if(data2.upt_package !== undefined){
if(typeof data2.upt_package !== "string"){
const err8 = {instancePath:instancePath+"/linux/" + i0+"/upt_package",schemaPath:"#/properties/linux/items/properties/upt_package/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
if(data2.id !== undefined){
if(typeof data2.id !== "string"){
const err9 = {instancePath:instancePath+"/linux/" + i0+"/id",schemaPath:"#/properties/linux/items/properties/id/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
if(data2.dir !== undefined){
if(typeof data2.dir !== "string"){
const err10 = {instancePath:instancePath+"/linux/" + i0+"/dir",schemaPath:"#/properties/linux/items/properties/dir/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
if(data2.name !== undefined){
if(typeof data2.name !== "string"){
const err11 = {instancePath:instancePath+"/linux/" + i0+"/name",schemaPath:"#/properties/linux/items/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
if(data2.major_version !== undefined){
if(typeof data2.major_version !== "string"){
const err12 = {instancePath:instancePath+"/linux/" + i0+"/major_version",schemaPath:"#/properties/linux/items/properties/major_version/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
if(data2.minor_version !== undefined){
if(typeof data2.minor_version !== "string"){
const err13 = {instancePath:instancePath+"/linux/" + i0+"/minor_version",schemaPath:"#/properties/linux/items/properties/minor_version/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
if(data2.arch_type !== undefined){
if(typeof data2.arch_type !== "string"){
const err14 = {instancePath:instancePath+"/linux/" + i0+"/arch_type",schemaPath:"#/properties/linux/items/properties/arch_type/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
}
else {
const err15 = {instancePath:instancePath+"/linux/" + i0,schemaPath:"#/properties/linux/items/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
}
else {
const err16 = {instancePath:instancePath+"/linux",schemaPath:"#/properties/linux/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
if(data.windows !== undefined){
let data10 = data.windows;
if(Array.isArray(data10)){
const len1 = data10.length;
for(let i1=0; i1<len1; i1++){
let data11 = data10[i1];
if(data11 && typeof data11 == "object" && !Array.isArray(data11)){
if(data11.upt_package === undefined){
const err17 = {instancePath:instancePath+"/windows/" + i1,schemaPath:"#/properties/windows/items/required",keyword:"required",params:{missingProperty: "upt_package"},message:"must have required property '"+"upt_package"+"'"};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
if(data11.dir === undefined){
const err18 = {instancePath:instancePath+"/windows/" + i1,schemaPath:"#/properties/windows/items/required",keyword:"required",params:{missingProperty: "dir"},message:"must have required property '"+"dir"+"'"};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
if(data11.name === undefined){
const err19 = {instancePath:instancePath+"/windows/" + i1,schemaPath:"#/properties/windows/items/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'"};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
if(data11.major_version === undefined){
const err20 = {instancePath:instancePath+"/windows/" + i1,schemaPath:"#/properties/windows/items/required",keyword:"required",params:{missingProperty: "major_version"},message:"must have required property '"+"major_version"+"'"};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
if(data11.arch_type === undefined){
const err21 = {instancePath:instancePath+"/windows/" + i1,schemaPath:"#/properties/windows/items/required",keyword:"required",params:{missingProperty: "arch_type"},message:"must have required property '"+"arch_type"+"'"};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
for(const key2 in data11){
if(!(((((((key2 === "upt_package") || (key2 === "id")) || (key2 === "dir")) || (key2 === "name")) || (key2 === "major_version")) || (key2 === "minor_version")) || (key2 === "arch_type"))){
const err22 = {instancePath:instancePath+"/windows/" + i1,schemaPath:"#/properties/windows/items/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key2},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
}
if(data11.upt_package !== undefined){
if(typeof data11.upt_package !== "string"){
const err23 = {instancePath:instancePath+"/windows/" + i1+"/upt_package",schemaPath:"#/properties/windows/items/properties/upt_package/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
}
if(data11.id !== undefined){
if(typeof data11.id !== "string"){
const err24 = {instancePath:instancePath+"/windows/" + i1+"/id",schemaPath:"#/properties/windows/items/properties/id/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
}
if(data11.dir !== undefined){
if(typeof data11.dir !== "string"){
const err25 = {instancePath:instancePath+"/windows/" + i1+"/dir",schemaPath:"#/properties/windows/items/properties/dir/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
}
if(data11.name !== undefined){
if(typeof data11.name !== "string"){
const err26 = {instancePath:instancePath+"/windows/" + i1+"/name",schemaPath:"#/properties/windows/items/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
}
if(data11.major_version !== undefined){
if(typeof data11.major_version !== "string"){
const err27 = {instancePath:instancePath+"/windows/" + i1+"/major_version",schemaPath:"#/properties/windows/items/properties/major_version/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
}
if(data11.minor_version !== undefined){
if(typeof data11.minor_version !== "string"){
const err28 = {instancePath:instancePath+"/windows/" + i1+"/minor_version",schemaPath:"#/properties/windows/items/properties/minor_version/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
}
if(data11.arch_type !== undefined){
if(typeof data11.arch_type !== "string"){
const err29 = {instancePath:instancePath+"/windows/" + i1+"/arch_type",schemaPath:"#/properties/windows/items/properties/arch_type/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
}
}
else {
const err30 = {instancePath:instancePath+"/windows/" + i1,schemaPath:"#/properties/windows/items/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
}
}
else {
const err31 = {instancePath:instancePath+"/windows",schemaPath:"#/properties/windows/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
}
}
else {
const err32 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
validate10.errors = vErrors;
return errors === 0;
}


// EXTERNAL MODULE: ./src/common/suggest.ts
var suggest = __webpack_require__(8687);
;// CONCATENATED MODULE: ./src/plan/mapping.ts
/**
 * The agent mapping: which installer goes to which Distributor platform/version/arch.
 * Format: the original `uptycs-agent-mapping.json` (`linux` and `windows` arrays). Parsing is pure:
 * it takes the file's text and returns entries, or a UserError listing every problem with its line.
 */








const KNOWN_FIELDS = Object.keys(mapping_schema_ENTRY_SCHEMA.properties);
/**
 * The schema for editors (mappings/uptycs-agent-mapping.schema.json): the same structure with the
 * allowed values and a description per field, so that an editor completes and explains them.
 * Validation itself uses MAPPING_SCHEMA (mapping-schema.ts) plus the checks below, whose messages say how to fix a value.
 */
function editorSchema() {
    const entry = {
        type: 'object',
        additionalProperties: false,
        required: [...ENTRY_SCHEMA.required],
        properties: {
            upt_package: {
                enum: Object.keys(UPT_PACKAGES),
                description: 'Uptycs installer: centos = .rpm, debian = .deb, windows = .msi',
            },
            id: { type: 'string', pattern: ID_RE.source, description: 'Free-form identifier (e.g. amzn2)' },
            dir: {
                type: 'string',
                pattern: DIR_RE.source,
                description: 'Folder of this entry in agents-dir, and the name of its zip (<dir>-<version>.zip)',
            },
            name: { enum: Object.keys(PLATFORMS), description: 'Distributor platform, as the SSM Agent names it' },
            major_version: {
                type: 'string',
                description: 'Platform version key: "_any", a version such as "2023", or a prefix such as "8.*"',
            },
            minor_version: { type: 'string', description: 'Joined to major_version with a dot when not empty' },
            arch_type: {
                enum: [...ARCHES],
                description: 'x86_64, arm64, 386 or _any (never i386, amd64, aarch64)',
            },
        },
    };
    return {
        $schema: 'http://json-schema.org/draft-07/schema#',
        title: 'uptycs-distributor-action agent mapping',
        type: 'object',
        additionalProperties: false,
        properties: {
            $schema: { type: 'string' },
            linux: { type: 'array', items: entry },
            windows: { type: 'array', items: entry },
        },
    };
}
const DIR_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;
const ID_RE = /^[A-Za-z0-9_.-]{0,64}$/;
/** Structure and types, by the validator Ajv generated from MAPPING_SCHEMA (npm run schema). */
function mapping_validate(value) {
    return validate(value) ? [] : [...(validate.errors ?? [])];
}
function closest(word, options) {
    let best;
    let bestD = 3;
    for (const o of options) {
        const dd = (0,suggest/* editDistance */.YC)(word.toLowerCase(), o);
        if (dd < bestD) {
            bestD = dd;
            best = o;
        }
    }
    return best;
}
/**
 * The most entries a mapping may have. Distributor's manifest is at most 64 KB (LIMITS.manifestBytes)
 * and each entry takes a line of about 70 bytes in it, so no mapping of more can be published; the
 * count is checked right after parsing, before every other check.
 */
const MAX_MAPPING_ENTRIES = 1000;
/** The deepest nesting of arrays and objects a mapping may have (it needs three: object, array, entry). */
const MAX_MAPPING_DEPTH = 32;
/** The offset where text first nests arrays and objects deeper than max (outside strings), if it does. */
function tooDeepAt(text, max) {
    let depth = 0;
    let inString = false;
    for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (inString) {
            if (c === 0x5c)
                i++;
            else if (c === 0x22)
                inString = false;
        }
        else if (c === 0x22)
            inString = true;
        else if (c === 0x5b || c === 0x7b) {
            if (++depth > max)
                return i;
        }
        else if (c === 0x5d || c === 0x7d)
            depth--;
    }
    return undefined;
}
/** How many entries the parsed document holds (its "linux" and "windows" arrays). */
function entryCount(value) {
    if (!value || typeof value !== 'object')
        return 0;
    const v = value;
    return (Array.isArray(v.linux) ? v.linux.length : 0) + (Array.isArray(v.windows) ? v.windows.length : 0);
}
/**
 * The document, parsed natively after its nesting is bounded (a deep one used to overflow the stack),
 * and refused when over the entry limit before the syntax tree (for locations) and every other check
 * are built. A text the native parser refuses is left to parseTree, which says where it breaks.
 */
function parseBounded(text, file, at) {
    const deep = tooDeepAt(text, MAX_MAPPING_DEPTH);
    if (deep !== undefined)
        throw mappingError(file, [
            {
                message: `mapping nests arrays and objects more than ${MAX_MAPPING_DEPTH} levels deep; a mapping is an object of two arrays of flat entries`,
                location: at(deep),
            },
        ]);
    let value;
    let parsed = true;
    try {
        value = JSON.parse(text);
    }
    catch {
        parsed = false;
    }
    const count = entryCount(value);
    if (parsed && count > MAX_MAPPING_ENTRIES)
        throw mappingError(file, [
            {
                message: `mapping has ${count} entries; at most ${MAX_MAPPING_ENTRIES} are taken (Distributor's manifest is at most ${distributor/* LIMITS */.b1.manifestBytes / 1024} KB, about ${MAX_MAPPING_ENTRIES} entries): map versions with "*" or "_any" instead of one entry per version`,
                location: at(0),
            },
        ]);
    return { value, parsed };
}
/**
 * Parses and checks a mapping file's text. Every problem is collected (not just the first), each with
 * the line it is on, so that a pull request shows them all as annotations at once.
 */
function parseMapping(source, file) {
    // Editors on Windows may save a byte-order mark; JSON has no place for one, so it is dropped.
    const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
    const at = (0,errors/* locator */.fl)(file, text);
    const { value, parsed } = parseBounded(text, file, at);
    const parseErrors = [];
    const root = (0,main.parseTree)(text, parseErrors, { allowTrailingComma: false, disallowComments: true });
    if (parseErrors.length || !root) {
        // One problem, the first: later parse errors are mostly echoes of it.
        const first = parseErrors[0];
        const problems = first
            ? [
                {
                    message: `mapping is not valid JSON: ${jsonSyntaxProblem(text, first)}`,
                    location: at(first.offset),
                },
            ]
            : [];
        if (!problems.length)
            problems.push({ message: 'mapping file is empty', location: at(0) });
        throw mappingError(file, problems);
    }
    if (!parsed)
        throw mappingError(file, [{ message: 'mapping is not valid JSON', location: at(0) }]);
    const nodeAt = (path) => (0,main.findNodeAtLocation)(root, path);
    const locate = (path) => {
        for (let p = path;; p = p.slice(0, -1)) {
            const n = p.length ? nodeAt(p) : root;
            if (n)
                return at(n.parent?.type === 'property' && n.parent.children?.[1] === n ? n.parent.offset : n.offset);
            if (!p.length)
                return at(0);
        }
    };
    const problems = [];
    const add = (path, message) => problems.push({ message, location: locate(path) });
    /** The entries ("linux/3") and top-level keys with schema errors: not checked further. */
    const broken = new Set();
    for (const e of mapping_validate(value)) {
        const path = e.instancePath
            .split('/')
            .slice(1)
            .map((s) => (/^\d+$/.test(s) ? Number(s) : s.replace(/~1/g, '/').replace(/~0/g, '~')));
        const where = describePath(path);
        broken.add(path.slice(0, 2).join('/'));
        if (e.keyword === 'additionalProperties') {
            const extra = String(e.params.additionalProperty);
            if (!path.length) {
                add([extra], `unknown top-level key "${extra}": a mapping has only "linux" and "windows" arrays`);
            }
            else {
                const lower = extra.toLowerCase();
                const hint = closest(extra, KNOWN_FIELDS) ??
                    KNOWN_FIELDS.find((f) => f.startsWith(lower) || lower.startsWith(f));
                add([...path, extra], `${where}: unknown field "${extra}"${hint ? `; did you mean "${hint}"?` : ''} (fields: ${KNOWN_FIELDS.join(', ')})`);
            }
        }
        else if (e.keyword === 'required') {
            add(path, `${where}: missing required field "${String(e.params.missingProperty)}"`);
        }
        else if (e.keyword === 'type') {
            const expected = String(e.params.type);
            const hint = expected === 'string' ? ' (write it in quotes, e.g. "2")' : '';
            add(path, `${where} must be ${expected === 'array' ? 'an array' : `a ${expected}`}${hint}`);
        }
        else {
            add(path, `${where}: ${e.message ?? 'invalid'}`);
        }
    }
    // Every problem at once: the entries the schema refused are left out of the checks below, the
    // others are checked as well (a mapping with several mistakes used to show one at a time).
    const doc = (value && typeof value === 'object' ? value : {});
    const entries = [];
    for (const family of ['linux', 'windows']) {
        const list = doc[family];
        if (!Array.isArray(list) || broken.has(family) || broken.has(''))
            continue;
        list.forEach((raw, index) => {
            if (broken.has(`${family}/${index}`))
                return;
            const entry = checkEntry(family, index, raw, (field, message) => add(field ? [family, index, field] : [family, index], message));
            if (entry)
                entries.push({ ...entry, location: locate([family, index]) });
        });
    }
    if (!entries.length && !problems.length)
        add([], 'mapping has no entries: add at least one entry to "linux" or "windows"');
    duplicateProblems(entries, add);
    const warnings = unreachableEntries(entries);
    if (problems.length)
        throw mappingError(file, [
            ...problems,
            ...warnings.map((w) => ({ ...w, message: `warning: ${w.message}` })),
        ]);
    return { file, entries, warnings };
}
/** Two entries with one dir, or one manifest key (platform, version, arch) mapped twice. */
function duplicateProblems(entries, add) {
    const seenDir = new Map();
    const seenTarget = new Map();
    for (const e of entries) {
        const d = seenDir.get(e.dir.toLowerCase());
        if (d)
            add([e.family, e.index, 'dir'], `${describeEntry(e)}: dir "${e.dir}" is already used by the entry on line ${d.location.line}; every entry needs its own dir`);
        else
            seenDir.set(e.dir.toLowerCase(), e);
        const key = `${e.platform}/${e.versionKey}/${e.arch}`;
        const t = seenTarget.get(key);
        if (t)
            add([e.family, e.index], `${describeEntry(e)}: platform ${e.platform}, version ${e.versionKey}, arch ${e.arch} is already mapped on line ${t.location.line}; remove one of the two`);
        else
            seenTarget.set(key, e);
    }
}
/**
 * The entries whose manifest key no instance resolves to (plan/reachable.ts asks the one resolver),
 * each a warning at the entry's line saying why.
 */
function unreachableEntries(entries) {
    const packages = {};
    for (const e of entries)
        ((packages[e.platform] ??= {})[e.versionKey] ??= {})[e.arch] = { file: e.dir };
    const byKey = new Map(entries.map((e) => [`${e.platform}/${e.versionKey}/${e.arch}`, e]));
    return unreachableKeys(packages).flatMap((u) => {
        const e = byKey.get(`${u.platform}/${u.versionKey}/${u.arch}`);
        return e
            ? [
                {
                    message: `${describeEntry(e)} (platform ${e.platform}, version ${e.versionKey}, arch ${e.arch}) is never chosen by the SSM Agent: ${u.why}`,
                    location: e.location,
                },
            ]
            : [];
    });
}
function checkEntry(family, index, raw, add) {
    const where = `${family}[${index}]`;
    const before = { n: 0 };
    const fail = (field, message) => {
        before.n++;
        add(field, `${where}: ${message}`);
    };
    const upt = raw.upt_package;
    const platform = raw.name;
    const arch = raw.arch_type;
    const major = raw.major_version;
    const minor = raw.minor_version ?? '';
    const dir = raw.dir;
    const id = raw.id ?? '';
    if (!(upt in distributor/* UPT_PACKAGES */.EX))
        fail('upt_package', `upt_package "${upt}" is not an Uptycs installer; use one of ${Object.keys(distributor/* UPT_PACKAGES */.EX).join(', ')} (centos = .rpm, debian = .deb, windows = .msi)`);
    if (!(platform in distributor/* PLATFORMS */.P4)) {
        const hint = distributor/* PLATFORM_HINTS */.FT[platform.toLowerCase()] ?? closest(platform, Object.keys(distributor/* PLATFORMS */.P4));
        fail('name', `platform name "${platform}" is never matched by the SSM Agent${hint ? `; use "${hint}"` : ''} (known: ${Object.keys(distributor/* PLATFORMS */.P4).join(', ')})`);
    }
    if (!distributor/* ARCHES */.Pr.includes(arch)) {
        const hint = distributor/* ARCH_HINTS */.uu[arch.toLowerCase()];
        fail('arch_type', `arch_type "${arch}" is never matched by the SSM Agent${hint ? `; use "${hint}"` : ''} (valid: ${distributor/* ARCHES */.Pr.join(', ')})`);
    }
    if (major === '_any' && minor !== '')
        fail('minor_version', `minor_version must be "" when major_version is "_any"`);
    const versionKey = minor === '' ? major : `${major}.${minor}`;
    const vp = (0,distributor/* versionKeyProblem */.B2)(versionKey);
    if (vp)
        fail(minor === '' ? 'major_version' : 'minor_version', vp);
    if (!DIR_RE.test(dir))
        fail('dir', `dir "${dir}" must be 1 to 100 letters, digits, "_", "-" or "." starting with a letter or digit (it names a folder and a zip file)`);
    if (!ID_RE.test(id))
        fail('id', `id "${id}" may only hold letters, digits, "_", "-" and "."`);
    if (before.n)
        return undefined;
    const installerType = distributor/* UPT_PACKAGES */.EX[upt];
    const runs = distributor/* PLATFORMS */.P4[platform];
    if (family === 'windows' && installerType !== 'msi')
        fail('upt_package', `entries under "windows" use upt_package "windows", not "${upt}"`);
    else if (family === 'linux' && installerType === 'msi')
        fail('upt_package', `upt_package "windows" belongs under "windows", not "linux"`);
    else if (runs !== 'any' && runs !== installerType)
        fail('upt_package', `platform "${platform}" installs .${runs} packages but upt_package "${upt}" gives a .${installerType}; use "${Object.entries(distributor/* UPT_PACKAGES */.EX).find(([, t]) => t === runs)?.[0]}"`);
    if (before.n)
        return undefined;
    return {
        family,
        index,
        uptPackage: upt,
        installerType,
        id,
        dir,
        platform,
        versionKey,
        arch: arch,
    };
}
function describePath(path) {
    if (!path.length)
        return 'mapping';
    const [family, index, field] = path;
    let s = String(family);
    if (index !== undefined)
        s += `[${index}]`;
    if (field !== undefined)
        s += `.${field}`;
    return s;
}
function describeEntry(e) {
    return `${e.family}[${e.index}]`;
}
/** jsonc-parser's ParseErrorCode (a const enum, which cannot be imported under verbatimModuleSyntax). */
const ParseErrorCode = {
    InvalidSymbol: 1,
    PropertyNameExpected: 3,
    ValueExpected: 4,
    ColonExpected: 5,
    CommaExpected: 6,
    CloseBraceExpected: 7,
    CloseBracketExpected: 8,
    EndOfFileExpected: 9,
    UnexpectedEndOfString: 12,
    InvalidEscapeCharacter: 15,
    InvalidCharacter: 16,
};
/** A JSON syntax error in words: what is wrong and how to write it, not the parser's code. */
function jsonSyntaxProblem(text, e) {
    const ch = text[e.offset] ?? '';
    const before = text.slice(0, e.offset).trimEnd();
    const prev = before[before.length - 1] ?? '';
    if (ch === "'" || (e.error === ParseErrorCode.InvalidSymbol && text.slice(e.offset, e.offset + 1) === "'"))
        return 'single quotes are not JSON; write strings in double quotes ("like this")';
    if (ch === '/' && (text[e.offset + 1] === '/' || text[e.offset + 1] === '*'))
        return 'comments are not JSON; remove them';
    if ((ch === '}' || ch === ']') && prev === ',')
        return `trailing comma before "${ch}"; remove the "," after the last item`;
    switch (e.error) {
        case ParseErrorCode.CommaExpected:
            return 'a comma is missing between two items; add ","';
        case ParseErrorCode.ColonExpected:
            return 'a ":" is missing after a field name';
        case ParseErrorCode.PropertyNameExpected:
            return 'a field name in double quotes is expected here ("name": …)';
        case ParseErrorCode.CloseBraceExpected:
            return 'a "}" is missing (an object is not closed)';
        case ParseErrorCode.CloseBracketExpected:
            return 'a "]" is missing (an array is not closed)';
        case ParseErrorCode.UnexpectedEndOfString:
            return 'a string is not closed; add the closing double quote';
        case ParseErrorCode.EndOfFileExpected:
            return 'text after the end of the JSON value; remove it';
        case ParseErrorCode.InvalidEscapeCharacter:
            return 'invalid escape in a string; write a backslash as \\\\';
        case ParseErrorCode.ValueExpected:
            return text.trim() === ''
                ? 'the file is empty'
                : 'a value is expected here (a string in double quotes, an array or an object)';
        case ParseErrorCode.InvalidSymbol:
        case ParseErrorCode.InvalidCharacter:
            return `unexpected character ${JSON.stringify(ch)}; strings need double quotes`;
        default:
            return (0,main.printParseErrorCode)(e.error)
                .replace(/([a-z])([A-Z])/g, '$1 $2')
                .toLowerCase();
    }
}
function mappingError(file, problems) {
    const lines = problems.map((p) => `  ${p.location?.file}:${p.location?.line ?? '?'}${p.location?.column ? `:${p.location.column}` : ''}: ${p.message}`);
    return new errors/* UserError */.yo(`mapping ${file} has ${problems.length} problem${problems.length > 1 ? 's' : ''} (fix them in the file given as ${(0,names/* ref */.KR)('mapping')}):\n${lines.join('\n')}`, problems);
}


/***/ }),

/***/ 7872:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Bn: () => (/* binding */ bucketNameProblem),
/* harmony export */   Cm: () => (/* binding */ sameContent),
/* harmony export */   EL: () => (/* binding */ bucketName),
/* harmony export */   FJ: () => (/* binding */ PENDING_STATUSES),
/* harmony export */   MP: () => (/* binding */ describeVersion),
/* harmony export */   MT: () => (/* binding */ awsFailure),
/* harmony export */   Ni: () => (/* binding */ explainAwsError),
/* harmony export */   Pn: () => (/* binding */ pendingChanges),
/* harmony export */   TZ: () => (/* binding */ sha256Base64),
/* harmony export */   Tv: () => (/* binding */ explainDocumentFailure),
/* harmony export */   Wr: () => (/* binding */ keepsDefault),
/* harmony export */   YT: () => (/* binding */ newResult),
/* harmony export */   ZH: () => (/* binding */ awsErrorName),
/* harmony export */   hx: () => (/* binding */ documentArn),
/* harmony export */   iQ: () => (/* binding */ partitionOf),
/* harmony export */   iv: () => (/* binding */ chunk),
/* harmony export */   nG: () => (/* binding */ httpStatus),
/* harmony export */   pz: () => (/* binding */ defaultStaysMessage),
/* harmony export */   sH: () => (/* binding */ versionsToMakeRoom),
/* harmony export */   uG: () => (/* binding */ sharingChanges),
/* harmony export */   uU: () => (/* binding */ keyPrefix),
/* harmony export */   wK: () => (/* binding */ versionsToDelete),
/* harmony export */   xE: () => (/* binding */ compareExisting),
/* harmony export */   yN: () => (/* binding */ documentAction),
/* harmony export */   yn: () => (/* binding */ SHA256_METADATA)
/* harmony export */ });
/* unused harmony exports DEFAULT_BUCKET_TEMPLATE, sourceUrl, compositeSha256, isAccessDenied, compareVersionNames */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _common_partitions_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3753);
/* harmony import */ var _plan_distributor_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2690);
/**
 * The publish stage's decisions, as pure functions: names, what to do with an existing document,
 * which old versions to delete, and how to explain what AWS answered. No SDK calls here.
 */



const DEFAULT_BUCKET_TEMPLATE = 'uptycs-distributor-{account}-{region}';
/** The bucket of a region: the template ('' = default) with {account} and {region} replaced. */
function bucketName(template, account, region) {
    return (template || DEFAULT_BUCKET_TEMPLATE)
        .replaceAll('{account}', account)
        .replaceAll('{region}', region);
}
/** Why a bucket name is not valid, or undefined. */
function bucketNameProblem(name) {
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name) ||
        name.includes('..') ||
        /^\d+\.\d+\.\d+\.\d+$/.test(name))
        return `bucket name "${name}" is not valid: 3 to 63 lowercase letters, digits, "-" and "."`;
    return undefined;
}
/** The key prefix: the template with {package-name} and {version} replaced, ending in "/". */
function keyPrefix(template, packageName, version) {
    let p = template
        .replaceAll('{package-name}', packageName)
        .replaceAll('{version}', version)
        .replace(/^\/+/, '');
    if (p && !p.endsWith('/'))
        p += '/';
    return p;
}
/** The document's SourceUrl: s3://bucket/prefix without the trailing "/" (as AWS documents it). */
function sourceUrl(bucket, prefix) {
    const p = prefix.replace(/\/+$/, '');
    return p ? `s3://${bucket}/${p}` : `s3://${bucket}`;
}
/** The partition of a region (its ARN prefix: aws, aws-cn, aws-us-gov, aws-eusc…), from the SDK's partition data. */
function partitionOf(region) {
    return (0,_common_partitions_js__WEBPACK_IMPORTED_MODULE_1__/* .partitionOf */ .i)(region)?.id ?? 'aws';
}
function documentArn(region, account, name) {
    return `arn:${partitionOf(region)}:ssm:${region}:${account}:document/${name}`;
}
/** S3's x-amz-checksum-sha256: the base64 of the digest whose hex is given. */
function sha256Base64(hex) {
    if (!/^[0-9a-f]{64}$/i.test(hex))
        throw new Error(`"${hex}" is not a SHA-256 hex digest`);
    return Buffer.from(hex, 'hex').toString('base64');
}
function chunk(items, size) {
    const out = [];
    for (let i = 0; i < items.length; i += size)
        out.push(items.slice(i, i + size));
    return out;
}
/** The user-metadata key holding an object's SHA-256 hex (x-amz-meta-sha256). */
const SHA256_METADATA = 'sha256';
/**
 * Compares an existing object with the file we would upload: 'different' when its size differs,
 * 'same' when S3's own ChecksumSHA256 (computed or checked by S3 from the bytes) is the file's, either
 * full-object or, given `composite` (the file's multipart checksum, compositeSha256), composite;
 * 'different' when a full-object checksum is another; 'unknown' otherwise, and then only the content
 * can tell (a composite checksum of other part sizes, or one of unknown type that does not match).
 * User metadata (x-amz-meta-sha256) is never taken as proof: whoever writes the object writes it too.
 */
function compareExisting(obj, hex, size, composite) {
    if (obj.size !== undefined && obj.size !== size)
        return 'different';
    const sum = obj.checksumSha256;
    if (!sum)
        return 'unknown';
    const [base, parts] = sum.split('-');
    if (!parts && obj.checksumType !== 'COMPOSITE') {
        if (base === sha256Base64(hex))
            return 'same';
        if (obj.checksumType === 'FULL_OBJECT')
            return 'different';
    }
    if (composite) {
        const [want, wantParts] = composite.split('-');
        if (base === want && (!parts || parts === wantParts))
            return 'same';
    }
    return 'unknown';
}
/** S3's composite checksum of a multipart object from its parts' SHA-256s (base64): "<base64>-<N>". */
function compositeSha256(partSums) {
    const h = createHash('sha256');
    for (const p of partSums)
        h.update(Buffer.from(p, 'base64'));
    return `${h.digest('base64')}-${partSums.length}`;
}
/** Serializes JSON with object keys sorted, to compare documents regardless of key order and spacing. */
function canonical(value) {
    if (Array.isArray(value))
        return `[${value.map(canonical).join(',')}]`;
    if (value && typeof value === 'object')
        return `{${Object.keys(value)
            .sort()
            .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
            .join(',')}}`;
    return JSON.stringify(value);
}
/** Whether a stored document's content is our manifest (byte-identical, or the same JSON). */
function sameContent(stored, manifestText) {
    if (stored === manifestText)
        return true;
    try {
        return canonical(JSON.parse(stored)) === canonical(JSON.parse(manifestText));
    }
    catch {
        return false;
    }
}
/**
 * The versions to delete so that at most `keep` remain: never the default, never a protected one;
 * versions that Failed go first (they install nothing), then the oldest.
 * Returns fewer than needed when not enough versions may be deleted.
 */
function versionsToDelete(versions, keep, protect = []) {
    const excess = versions.length - keep;
    if (excess <= 0)
        return [];
    const candidates = versions
        .filter((v) => !v.isDefault && !protect.includes(v.documentVersion))
        .sort((a, b) => {
        const fa = a.status === 'Failed' ? 0 : 1;
        const fb = b.status === 'Failed' ? 0 : 1;
        return fa - fb || Number(a.documentVersion) - Number(b.documentVersion);
    });
    return candidates.slice(0, excess);
}
/** The versions to delete before adding one, so that the new one fits under Distributor's hard limit. */
function versionsToMakeRoom(versions) {
    return versionsToDelete(versions, _plan_distributor_js__WEBPACK_IMPORTED_MODULE_2__/* .LIMITS */ .b1.versionsPerPackage - 1);
}
function describeVersion(v) {
    return v.versionName ? `${v.documentVersion} (${v.versionName})` : v.documentVersion;
}
function documentAction(versions, versionName) {
    if (!versions)
        return { kind: 'create' };
    const same = versions.find((v) => v.versionName === versionName);
    if (same)
        return { kind: 'exists', version: same };
    return { kind: 'update', makeRoom: versionsToMakeRoom(versions) };
}
/** Distributor's statuses while it copies and checks the files. */
const PENDING_STATUSES = ['Creating', 'Updating'];
/** The likely cause of a document version that Failed, from its StatusInformation. */
function explainDocumentFailure(statusInformation, s3Uri) {
    const info = statusInformation || 'no StatusInformation given';
    let cause;
    if (/access ?denied|forbidden|403|not authori[sz]ed|permission/i.test(info))
        cause = `the principal that publishes (this role or user) must be allowed s3:GetObject on ${s3Uri}/* (check its IAM policy, the bucket policy and, with SSE-KMS, kms:Decrypt on the key)`;
    else if (/checksum|hash|sha-?256|digest/i.test(info))
        cause = `a file under ${s3Uri} does not match the SHA-256 in the manifest; publish a new package-version`;
    else if (/no ?such ?key|not found|does not exist|missing|404/i.test(info))
        cause = `a file the manifest names is missing under ${s3Uri}`;
    else if (/manifest|invalid|schema|json/i.test(info))
        cause = 'Distributor rejected the manifest';
    else
        cause = 'see the message above';
    return `the document version failed: ${info} — likely cause: ${cause}`;
}
function awsErrorName(err) {
    const e = err;
    return e?.Code || e?.name || '';
}
function httpStatus(err) {
    return err?.$metadata?.httpStatusCode;
}
function isAccessDenied(err) {
    const name = awsErrorName(err);
    return (/AccessDenied|UnauthorizedOperation|Forbidden|NotAuthorized/i.test(name) ||
        (httpStatus(err) === 403 &&
            !/ExpiredToken|InvalidClientTokenId|SignatureDoesNotMatch|InvalidAccessKeyId/.test(name)));
}
/**
 * A one-line explanation of an AWS error for the log: what was refused and what to change.
 * `action` is the IAM action of the call (s3:PutObject), `resource` what it was called on.
 */
function explainAwsError(err, action, resource, principal) {
    const status = httpStatus(err);
    const name = (awsErrorName(err) || 'Error').replace(/^Unknown$/, status === 403 ? 'Forbidden' : 'Error');
    const raw = err?.message ?? String(err);
    // Bodyless answers (HEAD) and unparsable ones leave the SDK with nothing better than the status.
    const msg = /Deserialization error|Unexpected token|^UnknownError$/.test(raw) || !raw ? `HTTP ${status ?? '?'}` : raw;
    if (isAccessDenied(err))
        return `${principal || 'the AWS principal'} is not allowed ${action} on ${resource} (${name}: ${msg}); grant it as in iam/publisher-policy.json`;
    if (/ExpiredToken|InvalidClientTokenId|InvalidAccessKeyId|SignatureDoesNotMatch|UnrecognizedClient/.test(name))
        return `the AWS credentials were refused for ${action} (${name}: ${msg}); check role-to-assume or the runner's AWS credentials`;
    // An endpoint that answers a server error with no AWS error in it does not implement the call (plain
    // moto_server has no ssm:ListDocumentVersions); AWS itself always names its error.
    if ((name === 'SyntaxError' || /Deserialization error/.test(raw)) && (status ?? 0) >= 500)
        return `${action} on ${resource} failed: the endpoint answered HTTP ${status} without an AWS error, so it does not implement ${action.replace(/^\w+:/, '')}; plain moto_server lacks it (and Distributor's document status): put scripts/local-aws/fake-ssm.ts in front of moto, see scripts/local-aws/README.md`;
    return `${action} on ${resource} failed (${name}${status ? `, HTTP ${status}` : ''}: ${msg})`;
}
/** explainAwsError as an Error that keeps the SDK error as its cause. */
function awsFailure(err, action, resource, principal) {
    return new Error(explainAwsError(err, action, resource, principal), { cause: err });
}
/**
 * What to change so that the document is shared with exactly `wanted`: "all" (public) stands for
 * every account, so with it nothing else is kept. Both lists sorted.
 */
function sharingChanges(current, wanted) {
    const norm = (a) => (a.toLowerCase() === 'all' ? 'all' : a);
    const asked = wanted.map(norm);
    const want = new Set(asked.includes('all') ? ['all'] : asked);
    const have = new Set(current.map(norm));
    return {
        add: [...want].filter((a) => !have.has(a)).sort(),
        remove: [...have].filter((a) => !want.has(a)).sort(),
    };
}
/** Compares version names part by part ("5.10.0.1" > "5.9.3.7"): numbers as numbers, other parts as text. */
function compareVersionNames(a, b) {
    const pa = a.split(/[._-]/);
    const pb = b.split(/[._-]/);
    for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
        const x = pa[i] ?? '0';
        const y = pb[i] ?? '0';
        const d = /^\d+$/.test(x) && /^\d+$/.test(y) ? Number(x) - Number(y) : x < y ? -1 : x > y ? 1 : 0;
        if (d)
            return Math.sign(d);
    }
    return 0;
}
/**
 * The default-version rule: the default never moves back. Our version becomes the default when the
 * document has none, or when ours is higher than the default (both version names starting with a
 * number, compared part by part). When the names cannot be compared, only a version this run created
 * takes the default. So re-running an older version, or publishing a backport, leaves a newer default
 * where it is. Returns undefined when ours takes the default, else the version that keeps it.
 */
function keepsDefault(versions, ours, createdNow) {
    const current = versions.find((v) => v.isDefault);
    if (!current || current.documentVersion === ours.documentVersion)
        return undefined;
    const a = ours.versionName ?? '';
    const b = current.versionName ?? '';
    const comparable = /^\d/.test(a) && /^\d/.test(b);
    if (comparable ? compareVersionNames(a, b) > 0 : createdNow)
        return undefined;
    return current;
}
/** Why the default version stays where it is (keepsDefault found a newer one), and how to move it by hand. */
function defaultStaysMessage(name, ours, newer, region) {
    return `the default version of ${name} stays ${describeVersion(newer)}: the default never moves back (make ${ours.versionName ?? ours.documentVersion} the default yourself with aws ssm update-document-default-version --name ${name} --document-version ${ours.documentVersion} --region ${region})`;
}
/**
 * What a run would still change in a region where its version is already published and Active, in
 * the order the publish stage does it (region.ts, step 4 and 5): the default version, the sharing, the
 * versions kept. Empty when everything is as the inputs ask, so the publish stage has nothing to do.
 */
function pendingChanges(versions, ours, wanted, sharedNow) {
    const out = [];
    if (wanted.setDefaultVersion && !ours.isDefault && !keepsDefault(versions, ours, false))
        out.push(`make document version ${ours.documentVersion} the default`);
    const { add, remove } = sharingChanges(sharedNow, wanted.shareWithAccounts);
    if (add.length)
        out.push(`share with ${add.join(', ')}`);
    if (remove.length)
        out.push(`stop sharing with ${remove.join(', ')}`);
    const old = versionsToDelete(versions, wanted.maxVersions, [ours.documentVersion]);
    if (old.length)
        out.push(`delete ${old.length} old version${old.length > 1 ? 's' : ''}`);
    return out;
}
/** A region's result before anything is known: where the version's files and document go, nothing done yet. */
function newResult(region, account, where) {
    return {
        region,
        ok: false,
        account,
        ...where,
        s3Uri: sourceUrl(where.bucket, where.prefix),
        documentVersion: '',
        documentArn: documentArn(region, account, where.documentName),
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
}


/***/ }),

/***/ 91:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   d: () => (/* binding */ nextVersionName)
/* harmony export */ });
/** Version names of revisions: the same agent version published again with another mapping or scripts. Pure. */
/** The next revision's name: 5.7.0.25 → 5.7.0.25-2, 5.7.0.25-2 → 5.7.0.25-3. */
function nextVersionName(name) {
    const m = /^(.*)-(\d+)$/.exec(name);
    if (m && /^\d+(\.\d+)+$/.test(m[1]))
        return `${m[1]}-${Number(m[2]) + 1}`;
    return `${name}-2`;
}


/***/ }),

/***/ 3122:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   H: () => (/* binding */ cell),
/* harmony export */   v: () => (/* binding */ coverage)
/* harmony export */ });
/* harmony import */ var _common_markdown_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3932);
/* harmony import */ var _names_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2822);
/**
 * The coverage table as data: one row per mapping entry, and the cell text every table uses. Pure.
 * Its own module so that the summary and the diff read it without going through report/index.ts,
 * which re-exports the summary (no import circle).
 */


/** One row per mapping entry, sorted by platform, version, arch. */
function coverage(pkg) {
    const rows = pkg.files.flatMap((f) => {
        const kind = (0,_names_js__WEBPACK_IMPORTED_MODULE_0__/* .kindOfInstaller */ .Qy)(f.installerName, f.installerType, f.entries.map((e) => e.arch));
        return f.entries.map((e) => ({
            platform: e.platform,
            version: e.versionKey,
            arch: e.arch,
            zip: f.name,
            installer: f.installerName,
            installerSize: f.installerSize,
            zipSize: f.size,
            sha256: f.sha256,
            dir: e.dir,
            installerKind: kind,
        }));
    });
    const key = (r) => `${r.platform}\0${r.version}\0${r.arch}`;
    return rows.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
/**
 * Text for the job summary or the comment, table cells included: shown as the characters it is,
 * never as a link, image, mention or other markup (see markdownText).
 */
function cell(text) {
    return (0,_common_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .markdownText */ .p)(text);
}


/***/ }),

/***/ 227:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   describeOutcome: () => (/* binding */ describeOutcome),
/* harmony export */   diffTargets: () => (/* binding */ diffTargets),
/* harmony export */   loadBaseline: () => (/* binding */ loadBaseline),
/* harmony export */   outcomeChanges: () => (/* binding */ outcomeChanges),
/* harmony export */   targetsOf: () => (/* binding */ targetsOf)
/* harmony export */ });
/* unused harmony exports zipBase, mappingTargets, outcomeOf */
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _common_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1922);
/* harmony import */ var _common_names_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3117);
/* harmony import */ var _package_plan_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8553);
/* harmony import */ var _package_plan_version_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(8072);
/* harmony import */ var _plan_distributor_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(2690);
/* harmony import */ var _plan_mapping_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(4065);
/* harmony import */ var _coverage_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(3122);
/* harmony import */ var _explain_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(7389);
/* harmony import */ var _names_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(2822);
/**
 * The coverage diff (input compare-to): what a change to the mapping does, against a base mapping file
 * or an earlier report.json. Targets added, removed and changed (zip or installer kind), and, what
 * operators care about, the common instances whose outcome changes ("SLES 15.5 arm64: fails →
 * installs the aarch64 rpm"). Loading the base is the only I/O.
 */










function zipBase(zip, version) {
    const suffix = `-${version}.zip`;
    return zip.endsWith(suffix) ? zip.slice(0, -suffix.length) : zip.replace(/\.zip$/, '');
}
function targetsOf(rows, version) {
    return rows.map((r) => ({
        platform: r.platform,
        version: r.version,
        arch: r.arch,
        zip: zipBase(r.zip, version),
        kind: r.installerKind ?? (0,_names_js__WEBPACK_IMPORTED_MODULE_8__/* .kindOfInstaller */ .Qy)(r.installer, undefined, [r.arch]),
    }));
}
/** The targets of a mapping, zipped as the build would zip them. */
function mappingTargets(text, file, opts) {
    const mapping = (0,_plan_mapping_js__WEBPACK_IMPORTED_MODULE_5__/* .parseMapping */ .KV)(text, file);
    return targetsOf((0,_coverage_js__WEBPACK_IMPORTED_MODULE_6__/* .coverage */ .v)({ files: (0,_package_plan_js__WEBPACK_IMPORTED_MODULE_3__/* .planFiles */ .jP)(mapping.entries, _package_plan_version_js__WEBPACK_IMPORTED_MODULE_9__/* .PLAN_VERSION */ .Z, opts) }), _package_plan_version_js__WEBPACK_IMPORTED_MODULE_9__/* .PLAN_VERSION */ .Z);
}
/** Reads compare-to: a report.json of this tool, or a mapping file. */
async function loadBaseline(file, display, opts) {
    let text;
    try {
        text = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)(file, 'utf8');
    }
    catch (err) {
        throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`${(0,_common_names_js__WEBPACK_IMPORTED_MODULE_2__/* .ref */ .KR)('compare-to')}: cannot read ${display} (${err.code ?? (0,_common_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(err)}); give a base mapping file (git show origin/main:path > base.json) or an earlier report.json`);
    }
    let doc;
    try {
        doc = JSON.parse(text.replace(/^\uFEFF/, ''));
    }
    catch {
        doc = undefined; // parseMapping below says where the JSON breaks
    }
    const report = doc;
    if (report &&
        typeof report === 'object' &&
        Array.isArray(report.coverage) &&
        typeof report.version === 'string')
        return {
            label: `report ${display} (${String(report.packageName)} ${report.version})`,
            targets: targetsOf(report.coverage, report.version),
        };
    try {
        return { label: `mapping ${display}`, targets: mappingTargets(text, display, opts) };
    }
    catch (err) {
        // The base's own problems are not the change's: no annotations, one error naming the input.
        throw new _common_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`${(0,_common_names_js__WEBPACK_IMPORTED_MODULE_2__/* .ref */ .KR)('compare-to')}: ${display} is neither a report.json of this action nor a valid mapping: ${(0,_common_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(err).split('\n').slice(0, 4).join(' ').replace(/\s+/g, ' ')}`);
    }
}
const key = (t) => `${t.platform}/${t.version}/${t.arch}`;
function diffTargets(base, head) {
    const b = new Map(base.map((t) => [key(t), t]));
    const h = new Map(head.map((t) => [key(t), t]));
    return {
        added: head.filter((t) => !b.has(key(t))),
        removed: base.filter((t) => !h.has(key(t))),
        changed: head
            .filter((t) => b.has(key(t)))
            .map((after) => ({ before: b.get(key(after)), after }))
            .filter(({ before, after }) => before.zip !== after.zip || before.kind !== after.kind),
    };
}
/** What an instance gets from these targets, by the SSM Agent's rule. */
function outcomeOf(targets, instance) {
    const packages = {};
    const byZip = new Map();
    for (const t of targets) {
        ((packages[t.platform] ??= {})[t.version] ??= {})[t.arch] = { file: t.zip };
        byZip.set(t.zip, t);
    }
    const r = (0,_plan_distributor_js__WEBPACK_IMPORTED_MODULE_4__/* .resolve */ .hd)(packages, instance);
    if (!r.ok)
        return { ok: false, reason: (0,_explain_js__WEBPACK_IMPORTED_MODULE_7__/* .explainFailure */ .S)(r, instance) };
    const t = targets.find((x) => x.platform === r.platformKey && x.version === r.versionKey && x.arch === r.archKey);
    return { ok: true, kind: t.kind, zip: t.zip };
}
function outcomeChanges(base, head, instances) {
    const out = [];
    for (const instance of instances) {
        const before = outcomeOf(base, instance);
        const after = outcomeOf(head, instance);
        const same = before.ok === after.ok &&
            (!before.ok || (after.ok && before.kind === after.kind && before.zip === after.zip));
        if (!same)
            out.push({ instance, before, after, newFailure: before.ok && !after.ok });
    }
    return out;
}
/** "installs the aarch64 rpm" / "fails". */
function describeOutcome(o) {
    return o.ok ? `installs the ${o.kind}` : 'fails';
}


/***/ }),

/***/ 7389:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   S: () => (/* binding */ explainFailure)
/* harmony export */ });
/* harmony import */ var _names_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2822);

const level = (trace, l) => trace.find((t) => t.level === l);
/** Why an instance fails, in plain words, from the resolver's trace. */
function explainFailure(r, inst) {
    const p = level(r.trace, 'platform');
    const name = (0,_names_js__WEBPACK_IMPORTED_MODULE_0__/* .platformName */ .$r)(inst.platform);
    if (r.failedAt === 'platform' || !p?.matched)
        return (_names_js__WEBPACK_IMPORTED_MODULE_0__/* .EXPECTED_GAPS */ .vW[inst.platform] ??
            `the package has nothing for ${name} (no \`${inst.platform}\` entry and no \`_any\` platform)`);
    const forWhat = p.matched === '_any' ? 'the `_any` platform' : name;
    const v = level(r.trace, 'version');
    if (r.failedAt === 'version' || !v?.matched) {
        const keys = v?.keys ?? [];
        const noFallback = p.rule === 'exact'
            ? ` (once \`${p.matched}\` matched, the SSM Agent does not fall back to \`_any\`); add ${suggestion(inst.version)}`
            : '';
        const hint = nearMiss(keys, inst.version);
        return `the package has ${forWhat} only for version ${keys.join(', ') || 'none'}, and ${JSON.stringify(inst.version)} matches none of them${hint ? ` (${hint})` : ''}${noFallback}`;
    }
    const a = level(r.trace, 'arch');
    if (r.failedAt === 'arch' || !a?.matched)
        return `${forWhat} ${v.matched === '_any' ? '' : `${v.matched} `}has no ${inst.arch} build (only ${(a?.keys ?? []).join(', ')})${inst.arch === 'arm64' ? '; add an arm64 entry' : ''}`;
    return `the manifest picks a file for ${p.matched} / ${v.matched} / ${a.matched} that its "files" does not list, so the agent fails (${r.error})`;
}
/**
 * What to add so that this version matches: `X.*` and `_any`; on Nano Server only `_any` (a mapping
 * refuses keys ending in nano: Nano Server cannot run the .msi installer).
 */
function suggestion(version) {
    const first = version.split('.')[0];
    return version.endsWith('nano') || !first ? '`_any`' : `\`${first}.*\` or \`_any\``;
}
/**
 * The common misreadings of the listed keys, as words: an exact key that is the start of the
 * version ("8" is not "8.8"), a wildcard with more components than the version has, the nano rule.
 * This explains the rules to a reader; the decision itself is the trace's.
 */
function nearMiss(keys, version) {
    const parts = version.split('.');
    if (version.endsWith('nano') && keys.some((k) => k.endsWith('.*')))
        return 'on Nano Server only keys ending in `nano`, such as `10.0.*nano`, are wildcard candidates';
    const exactPrefix = keys.find((k) => !k.includes('*') && version.startsWith(`${k}.`));
    if (exactPrefix)
        return `\`${exactPrefix}\` is not a wildcard: it matches only ${exactPrefix} itself; \`${exactPrefix}.*\` matches ${version}`;
    const longer = keys.find((k) => k.endsWith('.*') &&
        k.slice(0, -2).split('.').length > parts.length &&
        `${k.slice(0, -2)}.`.startsWith(`${version}.`));
    if (longer)
        return `\`${longer}\` needs at least ${longer.slice(0, -2).split('.').length} version components and ${version} has ${parts.length}`;
    return undefined;
}


/***/ }),

/***/ 4417:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  coverage: () => (/* reexport */ coverage/* coverage */.v),
  SW: () => (/* binding */ renderCoverageText),
  Br: () => (/* reexport */ renderSummary)
});

// UNUSED EXPORTS: cell, renderFailureSummary

// EXTERNAL MODULE: ./src/report/coverage.ts
var coverage = __webpack_require__(3122);
// EXTERNAL MODULE: ./src/common/log.ts
var log = __webpack_require__(1095);
// EXTERNAL MODULE: ./src/report/diff.ts
var report_diff = __webpack_require__(227);
// EXTERNAL MODULE: ./src/common/names.ts
var names = __webpack_require__(3117);
// EXTERNAL MODULE: ./src/report/explain.ts
var explain = __webpack_require__(7389);
// EXTERNAL MODULE: ./src/plan/distributor.ts
var distributor = __webpack_require__(2690);
// EXTERNAL MODULE: ./src/report/names.ts
var report_names = __webpack_require__(2822);
// EXTERNAL MODULE: ./src/package/manifest.ts
var manifest = __webpack_require__(1459);
// EXTERNAL MODULE: ./src/common/markdown.ts
var markdown = __webpack_require__(3932);
;// CONCATENATED MODULE: ./src/report/signoff.ts
/**
 * What a security reviewer checks before a fleet runs the package as root, in the job summary: the
 * package digest, every zip's and installer's full SHA-256 (as `sha256sum -c` reads them), who
 * published, the buckets' settings as far as the run knows them, and, per region, the default version
 * before the run and the one command that returns to it. Pure.
 */



/** More lines than this and the checksums fold into a collapsed block. */
const OPEN_CHECKSUM_LINES = 6;
/** The checksums in sha256sum's format: copyable, and `sha256sum -c` checks a folder against them. */
function checksums(pkg) {
    const zips = pkg.files.map((f) => `${f.sha256}  ${f.name}`);
    const installers = pkg.files
        .filter((f) => f.installerSha256)
        .map((f) => `${f.installerSha256}  ${f.installerName}`);
    const unique = [...new Set(installers)];
    const block = [
        '```text',
        ...zips,
        ...(unique.length ? ['', ...unique] : []),
        '```',
        '',
        unique.length
            ? 'The zips, then the installers they hold: the SHA-256 of the bytes zipped, which for a download is checked to be the SHA-256 computed as it arrived. `sha256sum -c` checks files against these lines.'
            : 'The zips (their installers were not read in this run: see the run that built them). `sha256sum -c` checks files against these lines.',
    ];
    const lines = zips.length + unique.length;
    if (lines <= OPEN_CHECKSUM_LINES)
        return ['**SHA-256:**', '', ...block, ''];
    return [
        `<details><summary>SHA-256 of the ${zips.length} zips${unique.length ? ` and ${unique.length} installers` : ''}</summary>`,
        '',
        ...block,
        '',
        '</details>',
        '',
    ];
}
const code = (s) => `<code>${(0,markdown/* markdownText */.p)(s)}</code>`;
/** "private (public access blocked), encrypted (AES256), owner enforced" and how that is known. */
function bucketWords(b, alreadyPublished) {
    if (!b || b.how === 'unchecked')
        return !b && alreadyPublished
            ? 'not looked at (the version was published already: no file written)'
            : 'not checked by this run (the bucket existed before it)';
    const parts = [
        b.publicAccessBlocked === undefined
            ? 'public access block unknown'
            : b.publicAccessBlocked
                ? 'private (all public access blocked)'
                : '**public access not fully blocked**',
        b.encryption ? `encrypted (${(0,markdown/* markdownText */.p)(b.encryption)})` : '**no default encryption**',
        b.ownerEnforced === undefined
            ? 'object ownership unknown'
            : b.ownerEnforced
                ? 'owner enforced (ACLs off)'
                : '**ACLs enabled (owner not enforced)**',
    ];
    const repaired = b.repaired?.length ? `; this run set what it lacked: ${b.repaired.join(', ')}` : '';
    return `${parts.join(', ')}: ${b.how === 'created' ? 'set by this run, which created the bucket' : `read back from S3 in this run${repaired}`}`;
}
/** What the default version was, what it is, and the one command that returns to it. */
function defaults(results, documentName) {
    const lines = [];
    const undo = [];
    for (const r of results) {
        if (!r.documentVersion)
            continue;
        const p = r.previousDefault;
        const was = p ? `${p.documentVersion}${p.versionName ? ` (${p.versionName})` : ''}` : '';
        const now = `${r.documentVersion} (${r.versionName})`;
        let what;
        if (!p)
            what = `the document was created by this run: its first version ${now} is the default, with nothing before it`;
        else if (p.documentVersion === r.documentVersion)
            what = `the default was ${now} already: nothing moved`;
        else if (!r.defaultVersion)
            what = `the default stays ${was}: this run did not move it (${now} is not the default)`;
        else {
            what = `the default moved from ${was} to ${now}`;
            undo.push(`aws ssm update-document-default-version --region ${r.region} --name ${documentName} --document-version ${p.documentVersion}`);
        }
        lines.push(`- ${(0,markdown/* markdownText */.p)(r.region)}: ${(0,markdown/* markdownText */.p)(what)}`);
    }
    if (!lines.length)
        return [];
    return [
        '**Default version:**',
        '',
        ...lines,
        '',
        ...(undo.length
            ? [
                `To return to the earlier default (instances that install ${code(documentName)} without a version get it again${undo.length > 1 ? '; one line per region' : ''}):`,
                '',
                '```sh',
                ...undo,
                '```',
                '',
            ]
            : []),
    ];
}
/**
 * The section for the reviewer. A dry run has the package's own facts; a publish adds the identity,
 * the buckets and the default versions. Nothing in a plan (no zip was built).
 */
function signOff(pkg, results) {
    const digest = (0,manifest/* packageDigest */.jK)(pkg.manifestText);
    const out = [
        '### For the security review',
        '',
        `**Package digest** (${(0,names/* ref */.KR)('package-digest')}: the SHA-256 of manifest.json, which names every zip’s SHA-256; a publish of the folder checks it):`,
        '',
        '```text',
        digest,
        '```',
        '',
        ...checksums(pkg),
    ];
    if (!results?.length)
        return out;
    const who = [...new Set(results.map((r) => r.publishedBy).filter((a) => Boolean(a)))];
    if (who.length)
        out.push(`**Published by:** ${who.map((a) => code(a)).join(', ')}`, '');
    const buckets = results.filter((r) => r.bucket);
    if (buckets.length)
        out.push('**Buckets:**', '', ...buckets.map((r) => `- ${(0,markdown/* markdownText */.p)(r.region)}: ${code(r.bucket)}: ${bucketWords(r.bucketSettings, r.alreadyPublished)}`), '');
    out.push(...defaults(results, pkg.packageName));
    return out;
}

;// CONCATENATED MODULE: ./src/report/summary.ts
/**
 * The job summary (and the pull-request comment): Markdown that GitHub renders, written for people who
 * read it at a glance. Coverage as a matrix (platforms × architectures, each cell the zip's letter),
 * one row per zip, what common instances would install (names people know, failures in plain words,
 * expected gaps apart), what a change does (compare-to), what would be published, the next step after
 * a publish; and a failure summary. Pure.
 */








function table(head, rows, raw = false) {
    return [
        `| ${head.join(' | ')} |`,
        `| ${head.map(() => '---').join(' | ')} |`,
        ...rows.map((r) => `| ${r.map((c) => (raw ? c : (0,coverage/* cell */.H)(c))).join(' | ')} |`),
    ].join('\n');
}
const summary_code = (s) => `<code>${(0,coverage/* cell */.H)(s)}</code>`;
const ARCH_ORDER = ['x86_64', 'arm64', '386', 'arm', '_any'];
/** A, B, … Z, AA, AB … */
function zipLetter(i) {
    let s = '';
    for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26))
        s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
    return s;
}
function matrix(rows, letterOf) {
    const arches = ARCH_ORDER.filter((a) => rows.some((r) => r.arch === a));
    const keys = [...new Map(rows.map((r) => [`${r.platform}\0${r.version}`, r])).values()];
    const body = keys.map((k) => [
        `${(0,coverage/* cell */.H)((0,report_names/* platformName */.$r)(k.platform))} ${summary_code(k.platform)}`,
        k.version === '_any' ? 'any' : summary_code(k.version),
        ...arches.map((a) => {
            const r = rows.find((x) => x.platform === k.platform && x.version === k.version && x.arch === a);
            return r ? `**${letterOf.get(r.zip)}**` : '✗';
        }),
    ]);
    return table(['Platform', 'Version', ...arches], body, true);
}
function zipRows(pkg, rows, letterOf, plan) {
    const body = pkg.files.map((f) => {
        const targets = rows.filter((r) => r.zip === f.name);
        const kind = targets[0]?.installerKind ?? f.installerType;
        const platforms = [
            ...new Set(targets.map((t) => t.platform + (t.version === '_any' ? '' : ` ${t.version}`))),
        ];
        return [
            `**${letterOf.get(f.name)}**`,
            summary_code(f.name),
            `${(0,coverage/* cell */.H)(kind)}: ${summary_code(f.installerName)}`,
            `${targets.length}: ${(0,coverage/* cell */.H)(platforms.join(', '))}`,
            ...(plan ? [] : [(0,log.formatBytes)(f.size).replace(' ', '&nbsp;'), summary_code(`${f.sha256.slice(0, 12)}…`)]),
        ];
    });
    return table(['', 'Zip', 'Installer', 'Targets', ...(plan ? [] : ['Size', 'SHA-256'])], body, true);
}
function preview(s, letterOf) {
    const ok = s.preview.filter((p) => p.result.ok);
    const gaps = s.preview.filter((p) => !p.result.ok && report_names/* EXPECTED_GAPS */.vW[p.instance.platform]);
    const surprises = s.preview.filter((p) => !p.result.ok && !report_names/* EXPECTED_GAPS */.vW[p.instance.platform]);
    const kindOf = (zip) => s.rows.find((r) => r.zip === zip)?.installerKind ?? '';
    const row = ({ instance: i, result: r }) => [
        `**${(0,coverage/* cell */.H)((0,report_names/* instanceName */.zl)(i))}**`,
        (0,coverage/* cell */.H)(i.arch),
        r.ok
            ? `✅ **${letterOf.get(r.file) ?? '?'}** ${(0,coverage/* cell */.H)(kindOf(r.file))} <sub>(via ${(0,coverage/* cell */.H)((0,distributor/* matchedPath */.yK)(r.trace))})</sub>`
            : `❌ fails: ${(0,coverage/* cell */.H)((0,explain/* explainFailure */.S)(r, i))}`,
    ];
    const head = ['Instance', 'Arch', 'Result'];
    const out = ['### What common instances would install', ''];
    if (surprises.length)
        out.push(`⚠️ **${surprises.length} common instance${surprises.length > 1 ? 's' : ''} would fail**; ${ok.length} would install.`, '', table(head, surprises.map(row), true), '');
    else
        out.push(`✅ All ${ok.length} common instances install.`, '');
    if (ok.length)
        out.push(`<details><summary>The ${ok.length} that install, and the zip each gets</summary>`, '', table(head, ok.map(row), true), '', '</details>', '');
    out.push('By the SSM Agent’s rule: platform, then version, then arch; `_any` and `X.*` fall-backs; no backtracking.', '');
    if (gaps.length)
        out.push(`Not covered, as expected: ${gaps.map(({ instance: i }) => `${(0,coverage/* cell */.H)((0,report_names/* instanceName */.zl)(i))} (${(0,coverage/* cell */.H)(i.arch)}): ${(0,coverage/* cell */.H)(report_names/* EXPECTED_GAPS */.vW[i.platform])}`).join('; ')}.`, '');
    return out;
}
const targetName = (t) => `${summary_code(t.platform)} ${t.version === '_any' ? 'any version' : summary_code(t.version)} ${(0,coverage/* cell */.H)(t.arch)}`;
function review(r) {
    const { diff, outcomes } = r;
    const out = [`### What this change does (against ${(0,coverage/* cell */.H)(r.baseLabel)})`, ''];
    const n = diff.added.length + diff.removed.length + diff.changed.length;
    const newFailures = outcomes.filter((o) => o.newFailure);
    if (newFailures.length)
        out.push(`${r.allowNewFailures ? '⚠️' : '❌'} **${newFailures.length} common instance${newFailures.length > 1 ? 's' : ''} installed before and would fail now**${r.allowNewFailures ? ` (allowed by ${(0,names/* ref */.KR)('allow-new-failures')})` : `: the check fails unless ${(0,names/* ref */.KR)('allow-new-failures')} is true`}.`, '');
    if (outcomes.length) {
        out.push('Instances whose outcome changes:', '');
        for (const o of outcomes)
            out.push(`- ${o.newFailure ? '❌' : o.after.ok ? '✅' : '➖'} **${(0,coverage/* cell */.H)((0,report_names/* instanceName */.zl)(o.instance))} ${(0,coverage/* cell */.H)(o.instance.arch)}**: ${(0,report_diff.describeOutcome)(o.before)} → ${(0,report_diff.describeOutcome)(o.after)}${o.after.ok ? '' : `: ${(0,coverage/* cell */.H)(o.after.reason)}`}`);
        out.push('');
    }
    else
        out.push('No common instance changes what it installs.', '');
    if (!n)
        out.push('Targets: no change.', '');
    else {
        out.push(`Targets: ${diff.added.length} added, ${diff.removed.length} removed, ${diff.changed.length} changed.`, '', table(['Change', 'Target', 'Before', 'After'], [
            ...diff.added.map((t) => ['➕ added', targetName(t), '—', `${summary_code(t.zip)} ${(0,coverage/* cell */.H)(t.kind)}`]),
            ...diff.removed.map((t) => ['➖ removed', targetName(t), `${summary_code(t.zip)} ${(0,coverage/* cell */.H)(t.kind)}`, '—']),
            ...diff.changed.map(({ before: b, after: a }) => [
                '✏️ changed',
                targetName(a),
                `${summary_code(b.zip)} ${(0,coverage/* cell */.H)(b.kind)}`,
                `${summary_code(a.zip)} ${(0,coverage/* cell */.H)(a.kind)}`,
            ]),
        ], true), '');
    }
    return out;
}
function publishPreview(p, plan) {
    const buckets = [...new Set(p.buckets)];
    const account = buckets.some((b) => b.includes('{account}'))
        ? ' <sub>({account}: the account of the credentials)</sub>'
        : '';
    const version = plan && p.versionName.includes('VERSION')
        ? ' <sub>(the agent version: package-version, or the newest the tenant offers)</sub>'
        : '';
    return [
        '### What would be published',
        '',
        `- **Regions:** ${(0,coverage/* cell */.H)(p.regions.join(', '))}`,
        `- **Bucket:** ${buckets.map(summary_code).join(', ')}${account}`,
        `- **Prefix:** ${summary_code(p.prefix)}`,
        `- **Document:** ${summary_code(p.document)} (SSM document of type Package)`,
        `- **Version name:** ${summary_code(p.versionName)}${version}`,
        '',
    ];
}
/** The by-hand ways to install it: a command now, or an association that keeps it installed. */
function installByHand(document, version, regions, isDefault) {
    const params = JSON.stringify({ action: ['Install'], name: [document], version: [version] });
    const region = regions[0];
    return [
        '### Next step: install it on instances',
        '',
        `Run \`AWS-ConfigureAWSPackage\` for this package and version on the instances you choose (here by tag)${regions.length > 1 ? `, in each region (${(0,coverage/* cell */.H)(regions.join(', '))})` : ''}:`,
        '',
        '```sh',
        `aws ssm send-command --region ${region} \\`,
        '  --document-name AWS-ConfigureAWSPackage \\',
        '  --targets Key=tag:uptycs,Values=install \\',
        `  --parameters '${params}'`,
        '```',
        '',
        ...(isDefault
            ? [
                `or keep them installed with a State Manager association (instances launched later get it too): set ${(0,names/* ref */.KR)('rollout-targets')} (for example ${summary_code('tag:uptycs=install')}) and this action creates and keeps it, checks beforehand which instances would fail and reports each one afterwards. By hand, with the version empty so that every new default version rolls out:`,
                '',
                '```sh',
                `aws ssm create-association --region ${region} \\`,
                `  --name AWS-ConfigureAWSPackage --association-name ${document}-rollout \\`,
                `  --targets Key=tag:uptycs,Values=install --schedule-expression 'rate(1 day)' \\`,
                `  --parameters '${JSON.stringify({ action: ['Install'], name: [document], version: [''] })}'`,
                '```',
                '',
            ]
            : []),
        '`installationType: In-place update` in the parameters updates without uninstalling first.',
        '',
    ];
}
/** The version is published but not the default: what makes it the one instances get. */
function makeDefault(document, results) {
    return [
        `This version is not the default${results.length > 1 ? ` in ${(0,coverage/* cell */.H)(results.map((r) => r.region).join(', '))}` : ''}: instances that install ${summary_code(document)} without naming a version (an association with the version empty) still get the default. When it has proved itself, make it the default:`,
        '',
        '```sh',
        ...results.map((r) => `aws ssm update-document-default-version --region ${r.region} --name ${document} --document-version ${r.documentVersion}`),
        '```',
        '',
    ];
}
/** After the association was created, updated or kept by this run: what to watch, not what to create. */
function afterRollout(rollouts) {
    const kept = rollouts.filter((r) => r.association);
    const failed = rollouts.filter((r) => r.error);
    const out = ['### Next step: follow the rollout', ''];
    if (kept.length) {
        const first = kept[0];
        const waited = kept.some((r) => r.report);
        out.push(`This run ${kept.map((r) => `${r.association.action} the association ${summary_code(r.associationName)} in ${(0,coverage/* cell */.H)(r.region)}`).join('; ')}: it installs the package on the instances ${(0,names/* ref */.KR)('rollout-targets')} names, and on those launched later. ${waited ? 'Its first run is reported above; the' : 'The'} instances it reaches later show in its executions:`, '', '```sh', `aws ssm describe-association-executions --region ${first.region} --association-id ${first.association.id}`, '```', '');
    }
    if (failed.length)
        out.push(`The rollout failed in ${(0,coverage/* cell */.H)(failed.map((r) => r.region).join(', '))} (see above): fix what it says and run again; the published version stays as it is.`, '');
    return out;
}
/** What follows from what the run did: install, make it the default, or follow the rollout it started. */
function nextStep(s, pkg) {
    const results = publishResults(s.publishResults);
    const rollouts = rolloutResults(s.rolloutResults);
    const ok = results?.filter((r) => r.ok);
    const regions = ok?.map((r) => r.region) ?? s.publishedRegions ?? [];
    if (!regions.length)
        return [];
    if (rollouts?.some((r) => r.association || r.error))
        return afterRollout(rollouts);
    const notDefault = ok?.filter((r) => !r.defaultVersion) ?? [];
    const out = installByHand(pkg.packageName, pkg.version, regions, !notDefault.length);
    if (notDefault.length)
        out.push(...makeDefault(pkg.packageName, notDefault));
    const shared = [...new Set((ok ?? []).flatMap((r) => r.sharedAccounts).filter((a) => a !== 'all'))];
    if (shared.length && ok?.[0])
        out.push(`In the accounts it is shared with (${(0,coverage/* cell */.H)(shared.join(', '))}), name the package by its ARN, for example ${summary_code(ok[0].documentArn)}.`, '');
    return out;
}
/** "published", "published in 1 of 2 regions", "not published". */
function publishedWhere(s) {
    const results = publishResults(s.publishResults);
    const ok = results ? results.filter((r) => r.ok).length : (s.publishedRegions?.length ?? 0);
    if (!ok)
        return 'not published';
    return results && ok < results.length ? `published in ${ok} of ${results.length} regions` : 'published';
}
/** The publish stage's results (report.json's "publish"), when the run has them. */
function publishResults(v) {
    return Array.isArray(v) ? v : undefined;
}
/** The rollout stage's results, when the run has them. */
function rolloutResults(v) {
    return Array.isArray(v) ? v : undefined;
}
function renderSummary(s) {
    const { pkg } = s;
    const mode = s.mode ?? (s.dryRun ? 'build' : 'publish');
    const plan = mode === 'plan';
    const platforms = [...new Set(s.rows.map((r) => r.platform))];
    const letterOf = new Map(pkg.files.map((f, i) => [f.name, zipLetter(i)]));
    const what = mode === 'plan'
        ? 'plan: validated, nothing downloaded or published'
        : mode === 'build'
            ? 'dry run: built, not published'
            : publishedWhere(s);
    const newFailures = s.review?.outcomes.filter((o) => o.newFailure).length ?? 0;
    const surprises = s.preview.filter((p) => !p.result.ok && !report_names/* EXPECTED_GAPS */.vW[p.instance.platform]).length;
    const blocked = newFailures && !s.review?.allowNewFailures;
    const icon = blocked ? '❌' : surprises ? '⚠️' : '✅';
    // The icon only decorates: the words say the same without an emoji font.
    const plural = (n) => `${n} common instance${n === 1 ? '' : 's'}`;
    const warning = blocked
        ? `; check failed: ${plural(newFailures)} that installed would fail`
        : surprises
            ? `; ${plural(surprises)} would fail`
            : '';
    const lines = [
        `## ${icon} Uptycs Distributor package ${(0,coverage/* cell */.H)(pkg.packageName)} ${(0,coverage/* cell */.H)(pkg.version)} (${what}${warning})`,
        '',
        `${s.rows.length} platform/version/arch targets on ${platforms.length} platforms → ${pkg.files.length} zip${pkg.files.length === 1 ? '' : 's'}${plan ? '' : ` (${(0,log.formatBytes)(pkg.files.reduce((n, f) => n + f.size, 0))})`}. Installers: ${(0,coverage/* cell */.H)(s.agentsSource)}.`,
        '',
    ];
    if (s.review)
        lines.push(...review(s.review));
    if (s.planReview)
        lines.push('### The rollout plan: who gets which version when', '', s.planReview, '');
    lines.push('### Coverage', '', 'Each cell is the zip that platform and architecture get (letters below); ✗: not covered.', '', matrix(s.rows, letterOf), '', zipRows(pkg, s.rows, letterOf, plan), '', ...preview(s, letterOf));
    if (s.publishPreview && mode !== 'publish')
        lines.push(...publishPreview(s.publishPreview, plan));
    for (const sec of s.sections ?? [])
        lines.push(`### ${(0,coverage/* cell */.H)(sec.title)}`, '', sec.markdown, '');
    if (!plan)
        lines.push(...signOff(pkg, mode === 'publish' ? publishResults(s.publishResults) : undefined));
    if (mode === 'publish')
        lines.push(...nextStep(s, pkg));
    const t = Object.entries(s.timings);
    if (t.length)
        lines.push(`<sub>Timings: ${t.map(([k, v]) => `${(0,coverage/* cell */.H)(k)} ${(0,log.formatDuration)(v)}`).join(', ')}${s.overlapping?.length ? ` (${s.overlapping.map(coverage/* cell */.H).join(', ')} ran side by side: each zip was built as its installer arrived and sent as it was built)` : ''}.</sub>`, '');
    return lines.join('\n');
}
/** The summary of a failed run: what failed, each problem once, and the fix. */
function renderFailureSummary(f) {
    const lines = [
        `## ❌ Uptycs Distributor package ${cell(f.packageName)}: ${f.mode === 'plan' ? 'the check' : f.mode === 'build' ? 'the dry run' : 'the run'} failed`,
        '',
        `**${cell(f.headline.replace(/:$/, ''))}**`,
        '',
    ];
    if (f.problems.length) {
        const located = f.problems.some((p) => p.where);
        lines.push(located
            ? table(['Where', 'Problem and fix'], f.problems.map((p) => [p.where ? summary_code(p.where) : '', cell(p.message)]), true)
            : f.problems.map((p) => `- ${cell(p.message)}`).join('\n'), '');
    }
    lines.push(`**How to fix:** ${f.annotated
        ? `each problem says what to change, and ${f.annotated === 1 ? 'it is' : f.annotated === 2 ? 'both are' : `all ${f.annotated} are`} also marked on the file's lines in the pull request's “Files changed” tab. `
        : 'each problem above says what to change. '}Nothing was published.`, '');
    return lines.join('\n');
}

;// CONCATENATED MODULE: ./src/report/index.ts


/** A plain-text coverage table for terminals. */
function renderCoverageText(rows) {
    const head = ['PLATFORM', 'VERSION', 'ARCH', 'ZIP', 'INSTALLER'];
    const body = rows.map((r) => [r.platform, r.version, r.arch, r.zip, r.installer]);
    const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
    return [head, ...body]
        .map((r) => r
        .map((c, i) => c.padEnd(widths[i]))
        .join('  ')
        .trimEnd())
        .join('\n');
}


/***/ }),

/***/ 2822:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $r: () => (/* binding */ platformName),
/* harmony export */   Qy: () => (/* binding */ kindOfInstaller),
/* harmony export */   vW: () => (/* binding */ EXPECTED_GAPS),
/* harmony export */   zl: () => (/* binding */ instanceName)
/* harmony export */ });
/* unused harmony export installerKind */
const PLATFORM_NAMES = {
    amazon: 'Amazon Linux',
    redhat: 'RHEL',
    centos: 'CentOS',
    oracle: 'Oracle Linux',
    rocky: 'Rocky Linux',
    almalinux: 'AlmaLinux',
    suse: 'SLES',
    opensuseleap: 'openSUSE Leap',
    opensuse: 'openSUSE',
    fedora: 'Fedora',
    ubuntu: 'Ubuntu',
    debian: 'Debian',
    windows: 'Windows',
    mac_os_x: 'macOS',
    _any: 'any other platform',
};
/** Windows build numbers (PlatformVersion) of the Server releases. */
const WINDOWS_SERVER = {
    '10.0.14393': '2016',
    '10.0.17763': '2019',
    '10.0.20348': '2022',
    '10.0.26100': '2025',
};
function platformName(platform) {
    return PLATFORM_NAMES[platform] ?? platform;
}
/** "Windows Server 2022", "RHEL 9.4", "Amazon Linux 2023", "SLES 15.5". */
function instanceName(i) {
    if (i.platform === 'windows') {
        const server = WINDOWS_SERVER[i.version];
        return server ? `Windows Server ${server}` : `Windows ${i.version}`;
    }
    return `${platformName(i.platform)} ${i.version}`;
}
/** Platforms no Uptycs installer type runs on: a miss there is expected, not a surprise. */
const EXPECTED_GAPS = {
    mac_os_x: 'Uptycs offers rpm, deb and msi installers through its API, none for macOS; install macOS agents another way',
};
/** How operators name an installer: "x86_64 rpm", "aarch64 rpm", "amd64 deb", "arm64 deb", "MSI". */
function installerKind(type, arm) {
    if (type === 'rpm')
        return arm ? 'aarch64 rpm' : 'x86_64 rpm';
    if (type === 'deb')
        return arm ? 'arm64 deb' : 'amd64 deb';
    return 'MSI';
}
/** The kind of an installer file: its type, arm64 when its name says so or every target is arm64. */
function kindOfInstaller(name, type, arches) {
    const t = type ?? (name.endsWith('.deb') ? 'deb' : name.endsWith('.msi') ? 'msi' : 'rpm');
    const arm = /(aarch64|arm64)/i.test(name) || (arches.length > 0 && arches.every((a) => a === 'arm64'));
    return installerKind(t, arm);
}


/***/ })

};
