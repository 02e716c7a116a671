export const id = 788;
export const ids = [788];
export const modules = {

/***/ 28788:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  downloadInstallers: () => (/* binding */ downloadInstallers)
});

// UNUSED EXPORTS: compareVersions, downloadQuery, findAssetGroup, installerCacheKey, newestVersion, planInstallers

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
// EXTERNAL MODULE: ./src/log.ts
var src_log = __webpack_require__(25625);
// EXTERNAL MODULE: ./src/plan/distributor.ts
var distributor = __webpack_require__(92690);
// EXTERNAL MODULE: ./src/plan/mapping.ts
var mapping = __webpack_require__(38357);
// EXTERNAL MODULE: ./src/agents/installer.ts
var installer = __webpack_require__(63906);
// EXTERNAL MODULE: ./src/limit.ts
var src_limit = __webpack_require__(57768);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(37067);
var external_node_http_default = /*#__PURE__*/__webpack_require__.n(external_node_http_);
// EXTERNAL MODULE: external "node:https"
var external_node_https_ = __webpack_require__(44708);
var external_node_https_default = /*#__PURE__*/__webpack_require__.n(external_node_https_);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(57075);
// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __webpack_require__(46466);
// EXTERNAL MODULE: ./node_modules/jose/dist/webapi/jwt/sign.js + 9 modules
var sign = __webpack_require__(70362);
// EXTERNAL MODULE: ./node_modules/p-retry/index.js + 1 modules
var p_retry = __webpack_require__(74995);
// EXTERNAL MODULE: ./src/inputs/index.ts
var inputs = __webpack_require__(49901);
// EXTERNAL MODULE: ./src/hash.ts
var hash = __webpack_require__(56495);
;// CONCATENATED MODULE: ./src/agents/uptycs/client.ts
/**
 * A small HTTP client for the Uptycs public API on Node's own http/https modules (streaming bodies,
 * full control of timeouts). Every request carries a fresh HS256 JWT (iss = key, exp in 5 minutes)
 * that is registered as a secret before it is used. TLS is always verified: production trusts
 * Node's CA store plus NODE_EXTRA_CA_CERTS (and NODE_USE_SYSTEM_CA / NODE_USE_ENV_PROXY through the
 * global agents); the `ca` option exists for tests only.
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
const KEY_REJECTED = 'the Uptycs API key in input config was rejected (wrong key/secret, or the key lacks permission)';
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
    hasher = new hash/* Hasher */.O();
    constructor(opts) {
        this.baseUrl = opts.baseUrl;
        if (this.baseUrl.protocol !== 'https:' &&
            !(this.baseUrl.protocol === 'http:' && (0,inputs/* isLoopback */.U9)(this.baseUrl.hostname)))
            throw new errors/* UserError */.yo(`input "uptycs-api-url": ${this.baseUrl.protocol}// is refused: use https:// (plain http:// is allowed only to a loopback address)`);
        this.tuning = { ...DEFAULT_TUNING, ...opts.tuning };
        this.log = opts.log;
        this.apiKey = opts.apiKey;
        this.log.setSecret(opts.apiKey.key);
        this.log.setSecret(opts.apiKey.secret);
        this.secretBytes = new TextEncoder().encode(opts.apiKey.secret);
        // rejectUnauthorized is Node's default; it is spelled out so that nobody turns it off by accident.
        this.agent = opts.ca
            ? new (external_node_https_default()).Agent({ ca: opts.ca, keepAlive: true, rejectUnauthorized: true })
            : (external_node_https_default()).globalAgent;
    }
    /** Closes idle keep-alive connections of a test agent and stops the hashing thread. */
    async close() {
        if (this.agent !== (external_node_https_default()).globalAgent)
            this.agent.destroy();
        await this.hasher.close();
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
                throw new ApiError(`the answer is not JSON (${type}${looks}); check the key file's domain and domainSuffix (or input uptycs-api-url)`, false);
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
                this.log.warning(`${what} failed (attempt ${attemptNumber} of ${t.retries + 1}): ${error.message}; retrying in ${(0,src_log/* formatDuration */.a3)(delay)}${error.retryAfterMs !== undefined ? ' (as Retry-After asks)' : ''}`);
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
        if (code === 'ENOTFOUND')
            return new errors/* UserError */.yo(`the Uptycs API host ${this.baseUrl.hostname} was not found (DNS); check "domain" and "domainSuffix" in the key file given as input "config" (or input uptycs-api-url)`);
        if (RETRYABLE_CODES.has(code) || /socket hang up|aborted|terminated|premature/i.test(msg))
            return new ApiError(`network error (${code || msg})`, true);
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
            const timer = setTimeout(() => req.destroy(new ApiError(`no response within ${(0,src_log/* formatDuration */.a3)(timeoutMs)}`, true)), timeoutMs);
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
            const total = setTimeout(() => finish(new ApiError(`the answer took longer than ${(0,src_log/* formatDuration */.a3)(totalMs)}`, true)), totalMs);
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
                        finish(new ApiError(`the answer is larger than ${(0,src_log/* formatBytes */.z3)(limit)}`, false));
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
        const problem = (0,installer/* magicProblem */.$s)(type, Buffer.concat(head));
        if (!problem)
            return undefined;
        const ct = String(res.headers['content-type'] ?? 'none');
        return new ApiError(`the answer ${problem} (content type ${ct}); check the asset group, the version and the key's permissions`, false);
    }
    stallError() {
        return new ApiError(`no data received for ${(0,src_log/* formatDuration */.a3)(this.tuning.stallTimeoutMs)} (the transfer stalled)`, true);
    }
    async downloadOnce(req, what) {
        const started = performance.now();
        const res = await this.send(this.url(req.path, req.query), what, '*/*', req.signal);
        // The name is decided before any byte is written, and only ever used as a base name in req.dir.
        const given = contentDispositionName(Array.isArray(res.headers['content-disposition'])
            ? res.headers['content-disposition'][0]
            : res.headers['content-disposition']);
        let fileName = req.fallbackName;
        if (given !== undefined) {
            const problem = fileNameProblem(given, req.type);
            if (problem) {
                res.destroy();
                throw new ApiError(`the Uptycs API sent the ${req.label} installer under an unusable name: ${problem}; nothing was written`, false);
            }
            fileName = given;
        }
        else if (!this.fallbackWarned) {
            this.fallbackWarned = true;
            this.log.warning(`${what}: the answer names no file (no Content-Disposition header); using ${req.fallbackName}`);
        }
        const lengthHeader = res.headers['content-length'];
        const expected = lengthHeader !== undefined && /^\d+$/.test(lengthHeader) ? Number(lengthHeader) : undefined;
        const tmp = external_node_path_default().join(req.dir, `.${fileName}.${(0,external_node_crypto_.randomBytes)(6).toString('hex')}.part`);
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
        const stall = setTimeout(() => fail(this.stallError()), this.tuning.stallTimeoutMs);
        const total = setTimeout(() => fail(new ApiError(`the download took longer than ${(0,src_log/* formatDuration */.a3)(this.tuning.downloadTimeoutMs)}`, true)), this.tuning.downloadTimeoutMs);
        const progress = setInterval(() => {
            const now = performance.now();
            const rate = ((received - lastLogBytes) / Math.max(1, now - lastLogAt)) * 1000;
            lastLogBytes = received;
            lastLogAt = now;
            const of = expected ? ` of ${(0,src_log/* formatBytes */.z3)(expected)} (${Math.floor((received / expected) * 100)}%)` : '';
            this.log.info(`  ${req.label}: ${(0,src_log/* formatBytes */.z3)(received)}${of}, ${(0,src_log/* formatBytes */.z3)(rate)}/s`);
        }, this.tuning.progressIntervalMs);
        const meter = new external_node_stream_.Transform({
            transform: (chunk, _enc, cb) => {
                stall.refresh();
                received += chunk.length;
                hash.update(chunk);
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
                else
                    cb(null, chunk);
            },
        });
        try {
            try {
                await (0,external_node_stream_promises_.pipeline)(res, meter, (0,external_node_fs_.createWriteStream)(tmp, { flags: 'wx', mode: 0o600 }), {
                    signal: ac.signal,
                });
            }
            catch (err) {
                if (failure)
                    throw failure;
                if (req.signal?.aborted || err instanceof ApiError)
                    throw err;
                if (/aborted|ECONNRESET|premature/i.test(`${codeOf(err)} ${err.message}`))
                    throw new ApiError(`the connection broke off after ${(0,src_log/* formatBytes */.z3)(received)}${expected !== undefined ? ` of ${(0,src_log/* formatBytes */.z3)(expected)}` : ''} (truncated)`, true);
                throw err;
            }
            if (failure)
                throw failure;
            if (expected !== undefined && received !== expected)
                throw new ApiError(`the transfer ended after ${(0,src_log/* formatBytes */.z3)(received)}${expected !== undefined ? ` of ${(0,src_log/* formatBytes */.z3)(expected)}` : ''} (truncated)`, true);
            const problem = this.contentProblem(req.type, head, res);
            if (problem)
                throw problem;
            const final = external_node_path_default().join(req.dir, fileName);
            const sha256 = await hash.digest();
            await (0,promises_.rename)(tmp, final);
            return {
                path: final,
                fileName,
                size: received,
                sha256,
                ms: performance.now() - started,
            };
        }
        catch (err) {
            res.destroy();
            hash.drop();
            await (0,promises_.rm)(tmp, { force: true });
            throw err;
        }
        finally {
            clearTimeout(stall);
            clearTimeout(total);
            clearInterval(progress);
            req.signal?.removeEventListener('abort', onOuterAbort);
        }
    }
}

;// CONCATENATED MODULE: ./src/agents/uptycs/key.ts
/**
 * The Uptycs API key: the JSON file downloaded from the Uptycs console (input "config"), given as a
 * path or as the JSON text itself. Every secret in it is registered with the log before anything else
 * happens, and no error message ever repeats the key, the secret or the content.
 */



const DEFAULT_DOMAIN_SUFFIX = '.uptycs.io';
const FIX = 'give input "config" the path of the API key file downloaded from the Uptycs console (Configuration → Users → API key), or that file\'s JSON content (from a secret)';
function configError(problem) {
    return new errors/* UserError */.yo(`input "config": ${problem}; ${FIX}`, [{ message: `input "config": ${problem}` }]);
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
        const st = await (0,promises_.stat)(value).catch(() => undefined);
        if (!st)
            throw configError(shown
                ? `${where} does not exist`
                : 'its value is neither JSON nor the path of an existing file (the value is not shown, in case it is secret)');
        if (!st.isFile())
            throw configError(`${where} is not a regular file`);
        if (st.size > 1024 * 1024)
            throw configError(`${where} is ${st.size} bytes, too large to be an API key file`);
        text = (await (0,promises_.readFile)(value, 'utf8')).replace(/^\uFEFF/, '');
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
        if (typeof o[f] === 'string' && o[f])
            log.setSecret(o[f]);
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
        return v.trim();
    };
    const key = field('key', true);
    const secret = field('secret', true);
    const customerId = field('customerId', true);
    const domain = field('domain', true);
    const domainSuffix = field('domainSuffix', false) || DEFAULT_DOMAIN_SUFFIX;
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
        throw new errors/* UserError */.yo(`input "config": the Uptycs API key is not usable: ${problems.join('; ')}. To fix: ${FIX}`, problems.map((message) => ({ message: `input "config": ${message}` })));
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
            throw new errors/* UserError */.yo(`input "uptycs-api-url": "${override}" is not a URL; write https://<tenant>.uptycs.io`);
        }
        if (origin.protocol !== 'https:' && !(origin.protocol === 'http:' && (0,inputs/* isLoopback */.U9)(origin.hostname)))
            throw new errors/* UserError */.yo(`input "uptycs-api-url": ${origin.protocol}// is refused: use https:// (plain http:// is allowed only to a loopback address)`);
        if (/\/public\/api(\/|$)/.test(origin.pathname))
            throw new errors/* UserError */.yo(`input "uptycs-api-url": give only the origin (such as https://mycompany.uptycs.io); the path /public/api/customers/<customerId> is added from the key file`);
        if (origin.search || origin.hash || origin.username || origin.password)
            throw new errors/* UserError */.yo('input "uptycs-api-url": give only the origin, without query, fragment or credentials');
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

;// CONCATENATED MODULE: ./src/agents/uptycs/index.ts
/**
 * Agents from the Uptycs API: finds the agent version, works out the distinct installers the mapping
 * needs (several entries share one: 8 entries of the original mapping need 5), and downloads each
 * exactly once, in parallel, checked, into a work folder that is cached by version.
 */











/** The distinct installers the entries need, in a stable order, and which one each dir uses. */
function planInstallers(entries, sensorOnly) {
    const byId = new Map();
    const specByDir = new Map();
    const problems = [];
    for (const e of entries) {
        if (e.arch === '386') {
            problems.push(`${(0,mapping/* describeEntry */.OY)(e)} (${e.dir}): arch_type "386" has no Uptycs installer; use x86_64 or arm64 (line ${e.location.line})`);
            continue;
        }
        const graviton = e.arch === 'arm64';
        if (graviton && e.uptPackage === 'windows') {
            problems.push(`${(0,mapping/* describeEntry */.OY)(e)} (${e.dir}): the Uptycs API offers arm64 (graviton) installers for Linux only; use arch_type x86_64 (line ${e.location.line})`);
            continue;
        }
        const id = `${e.uptPackage}-${graviton ? 'arm64' : 'x86_64'}`;
        let spec = byId.get(id);
        if (!spec) {
            spec = { id, os: e.uptPackage, graviton, protect: !sensorOnly, type: distributor/* UPT_PACKAGES */.EX[e.uptPackage] };
            byId.set(id, spec);
        }
        specByDir.set(e.dir, spec);
    }
    if (problems.length)
        throw new errors/* UserError */.yo(`mapping: ${problems.length} entr${problems.length > 1 ? 'ies ask' : 'y asks'} for an installer Uptycs does not make (fix the file given as input "mapping"):\n${problems.map((p) => `  ${p}`).join('\n')}`, problems.map((message) => ({ message })));
    const order = ['centos', 'debian', 'windows'];
    const specs = [...byId.values()].sort((a, b) => order.indexOf(a.os) - order.indexOf(b.os) || Number(a.graviton) - Number(b.graviton));
    return { specs, specByDir };
}
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
/** The newest agent version in an /osqueryPackages answer; the order of items is not trusted. */
function newestVersion(doc) {
    const items = doc?.items;
    if (!Array.isArray(items))
        throw new Error('the Uptycs API answered GET /osqueryPackages without an "items" list');
    const versions = new Set();
    for (const it of items) {
        const raw = it?.version;
        if (typeof raw !== 'string')
            continue;
        const v = raw.split('-')[0].trim();
        if (versionParts(v))
            versions.add(v);
    }
    if (!versions.size)
        throw new errors/* UserError */.yo('input "package-version": the Uptycs API lists no agent version (GET /osqueryPackages); set package-version (for example 5.7.0.25)');
    const sorted = [...versions].sort(compareVersions);
    return { version: sorted[sorted.length - 1], count: versions.size };
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
        throw new errors/* UserError */.yo(`input "asset-group": ${found.length} Uptycs asset groups are named "${name}"; rename one of them`);
    throw new errors/* UserError */.yo(`input "asset-group": the Uptycs tenant has no asset group named "${name}"; ${names.length
        ? `it has ${names.length}: ${shown.join(', ')}${names.length > shown.length ? ', …' : ''}`
        : 'it lists none (check that the API key may read object groups)'}`);
}
/** The cache key: agent version, Protect/sensor, installer set, and a hash of tenant + asset group. */
function installerCacheKey(version, specs, tenant) {
    const kind = specs[0]?.protect === false ? 'sensor' : 'protect';
    const tenantHash = (0,external_node_crypto_.createHash)('sha256')
        .update(`${tenant.origin}\n${tenant.customerId}\n${tenant.assetGroup}`)
        .digest('hex')
        .slice(0, 16);
    return `uptycs-installers-v1-${version}-${kind}-${specs.map((s) => s.id).join('.')}-${tenantHash}`;
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
async function downloadInstallers(entries, inputs, opts) {
    const { log } = opts;
    const { specs, specByDir } = planInstallers(entries, inputs.sensorOnly);
    const apiKey = await loadApiKey(inputs.config, log);
    const baseUrl = apiBaseUrl(apiKey, inputs.uptycsApiUrl);
    const client = new UptycsClient({ baseUrl, apiKey, log, tuning: opts.tuning, ca: opts.ca });
    try {
        let version = inputs.packageVersion.trim();
        let versionSource = 'input';
        if (version) {
            log.info(`Agent version ${version}, from input package-version`);
            if (!versionParts(version))
                log.warning(`package-version "${version}" is not a plain agent version such as 5.7.0.25; the Uptycs API is asked for osqVersion=${version} as given`);
        }
        else {
            const newest = newestVersion(await client.getJson('/osqueryPackages'));
            version = newest.version;
            versionSource = 'newest';
            log.info(`Agent version ${version}: the newest of ${newest.count} version${newest.count > 1 ? 's' : ''} the Uptycs API offers (set package-version to pin one)`);
        }
        const kind = inputs.sensorOnly ? 'sensor only, without Uptycs Protect' : 'with Uptycs Protect';
        log.info(`${entries.length} mapping entr${entries.length > 1 ? 'ies need' : 'y needs'} ${specs.length} distinct installer${specs.length > 1 ? 's' : ''} (${kind}): ${specs.map((s) => s.id).join(', ')}`);
        const cacheKey = installerCacheKey(version, specs, {
            origin: baseUrl.origin,
            customerId: apiKey.customerId,
            assetGroup: inputs.assetGroup,
        });
        const workDir = external_node_path_default().resolve(opts.workDir);
        await prepareWorkDir(workDir);
        let cacheHit = false;
        let installers;
        if (await opts.cache.restore(cacheKey, workDir)) {
            const found = await installersFromDir(workDir, specs);
            if (typeof found === 'string') {
                log.warning(`the cached installers are not as expected (${found}); downloading again`);
                await clearWorkDir(workDir);
            }
            else {
                cacheHit = true;
                installers = found;
                log.info(`Using ${found.size} cached installer${found.size > 1 ? 's' : ''}; nothing downloaded`);
            }
        }
        await (0,promises_.writeFile)(external_node_path_default().join(workDir, MARKER), '');
        let downloaded = 0;
        let bytesDownloaded = 0;
        const known = new Map();
        if (!installers) {
            try {
                const groupId = findAssetGroup(await client.getJson('/objectGroups'), inputs.assetGroup);
                log.debug(`asset group "${inputs.assetGroup}" has id ${groupId}`);
                const limit = Math.max(1, opts.concurrency ?? 3);
                log.info(`Downloading ${specs.length} installer${specs.length > 1 ? 's' : ''} from ${baseUrl.origin}, ${Math.min(limit, specs.length)} at a time`);
                const t0 = performance.now();
                // The Windows installer is the slowest to come (minutes have been seen): start it first.
                const queue = [...specs].sort((a, b) => Number(b.os === 'windows') - Number(a.os === 'windows'));
                const files = await (0,src_limit/* mapLimit */.sf)(queue, limit, async (spec, signal) => {
                    const dir = external_node_path_default().join(workDir, spec.id);
                    await (0,promises_.mkdir)(dir, { recursive: true });
                    const f = await client
                        .download({
                        path: `/packageDownloads/osquery/${spec.os}/${encodeURIComponent(groupId)}`,
                        query: downloadQuery(spec, version),
                        dir,
                        type: spec.type,
                        fallbackName: `${inputs.assetGroup.replace(/[^A-Za-z0-9._-]/g, '_')}-${spec.protect ? 'uptycs-protect' : 'osquery'}-${version}-Uptycs-${spec.id}${installer/* EXTENSION */.Ys[spec.type]}`,
                        label: spec.id,
                        signal,
                    })
                        .catch((err) => {
                        if (err instanceof ApiError && err.status === 404)
                            throw new errors/* UserError */.yo(`input "package-version": the Uptycs API has no ${spec.id} ${spec.protect ? 'Uptycs Protect' : 'sensor'} installer for agent version ${version} in asset group "${inputs.assetGroup}" (${err.message}); choose a version the tenant offers, or leave package-version empty for the newest`);
                        throw err;
                    });
                    log.info(`  ${spec.id}: ${f.fileName}, ${(0,src_log/* formatBytes */.z3)(f.size)} in ${(0,src_log/* formatDuration */.a3)(f.ms)} (${(0,src_log/* formatBytes */.z3)((f.size / Math.max(1, f.ms)) * 1000)}/s), sha256 ${f.sha256}`);
                    return f;
                });
                const ms = performance.now() - t0;
                installers = new Map();
                queue.forEach((s, i) => {
                    const f = files[i];
                    installers.set(s.id, { path: f.path, fileName: f.fileName, size: f.size, type: s.type });
                    bytesDownloaded += f.size;
                    known.set(`${s.id}/${f.fileName}`, f.sha256);
                });
                downloaded = files.length;
                log.info(`Downloaded ${downloaded} installer${downloaded > 1 ? 's' : ''}, ${(0,src_log/* formatBytes */.z3)(bytesDownloaded)} in ${(0,src_log/* formatDuration */.a3)(ms)} (${(0,src_log/* formatBytes */.z3)((bytesDownloaded / Math.max(1, ms)) * 1000)}/s) for ${entries.length} mapping entries`);
            }
            catch (err) {
                await clearWorkDir(workDir);
                throw err;
            }
            await opts.cache.save(cacheKey, workDir, known);
        }
        const byDir = new Map();
        for (const [dir, spec] of specByDir)
            byDir.set(dir, installers.get(spec.id));
        const source = cacheHit
            ? `Uptycs API ${baseUrl.origin}, restored from the cache`
            : `downloaded from the Uptycs API ${baseUrl.origin} (${downloaded} installers, ${(0,src_log/* formatBytes */.z3)(bytesDownloaded)})`;
        return { version, byDir, cacheHit, downloaded, bytesDownloaded, cacheKey, versionSource, source };
    }
    finally {
        await client.close();
    }
}


/***/ })

};
