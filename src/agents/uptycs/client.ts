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
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { SignJWT } from 'jose';
import { httpsAgent, proxyConfigured } from '../../common/proxy.js';
import pRetry from 'p-retry';
import { UserError } from '../../common/errors.js';
import { isLoopback } from '../../inputs/index.js';
import { formatBytes, formatDuration, type Log } from '../../common/log.js';
import type { InstallerType } from '../../plan/distributor.js';
import { EXTENSION, MAGIC_LENGTH, magicProblem } from '../installer.js';
import { sharedHasher, type Hasher } from '../../common/hash.js';
import type { ApiKey } from '../../inputs/key.js';
import { ref } from '../../common/names.js';

export interface ClientTuning {
  /** Retries after the first attempt. Default 5. */
  retries: number;
  /** First backoff delay; doubles per retry, with jitter. Default 2 s. */
  minRetryDelayMs: number;
  /** Largest backoff delay. Default 60 s. */
  maxRetryDelayMs: number;
  /** Largest Retry-After honoured. Default 5 min. */
  maxRetryAfterMs: number;
  /** Time allowed until the response headers arrive (the server may build the installer first). Default 10 min. */
  responseTimeoutMs: number;
  /** Time allowed with no body bytes flowing. Default 3 min. */
  stallTimeoutMs: number;
  /** Overall time for one JSON request attempt. Default 2 min. */
  requestTimeoutMs: number;
  /** Overall time for one download attempt (Windows installers have taken 5 to 8 minutes). Default 30 min. */
  downloadTimeoutMs: number;
  /** How often a running download logs its progress. Default 15 s. */
  progressIntervalMs: number;
}

export const DEFAULT_TUNING: ClientTuning = {
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

export interface ClientOptions {
  /** https://{domain}{domainSuffix}/public/api/customers/{customerId} (see apiBaseUrl). */
  baseUrl: URL;
  apiKey: ApiKey;
  log: Log;
  tuning?: Partial<ClientTuning>;
  /** Trusted CA certificates (PEM) replacing Node's store. For tests only: production leaves it unset. */
  ca?: string | Buffer;
}

/** An API call that failed; `retryable` says whether trying again may help. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly status?: number,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const KEY_REJECTED = `the Uptycs API key in ${ref('config')} was rejected (wrong key/secret, or the key lacks permission)`;

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
const TLS_CODES =
  /^(CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|ERR_TLS_CERT_ALTNAME_INVALID|HOSTNAME_MISMATCH|ERR_SSL_)/;
const MAX_JSON_BYTES = 16 * 1024 * 1024;
const MAX_ERROR_BODY = 8 * 1024;
const MAX_REDIRECTS = 5;

export interface DownloadRequest {
  /** Path below the base URL, e.g. /packageDownloads/osquery/centos/<id>. */
  path: string;
  query: Record<string, string>;
  /** Folder the file is written to (it must exist). */
  dir: string;
  type: InstallerType;
  /** Name used when the response carries no Content-Disposition file name. */
  fallbackName: string;
  /** Short label for log lines, e.g. "centos arm64". */
  label: string;
  signal?: AbortSignal;
}

export interface DownloadedFile {
  path: string;
  fileName: string;
  size: number;
  sha256: string;
  ms: number;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal!.reason as Error);
    };
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : Math.max(0, t - now);
}

/**
 * The file name in a Content-Disposition header (filename* preferred), or undefined when there is none.
 * The value is not yet checked: see fileNameProblem.
 */
export function contentDispositionName(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const star = /filename\*\s*=\s*([^;]+)/i.exec(header);
  if (star) {
    const m = /^\s*([\w!#$%&+^`{}~-]+)'[^']*'(.*?)\s*$/.exec(star[1]!);
    if (m) {
      try {
        return decodeURIComponent(m[2]!.replace(/^"|"$/g, ''));
      } catch {
        return m[2];
      }
    }
  }
  const quoted = /filename\s*=\s*"((?:[^"\\]|\\.)*)"/i.exec(header);
  if (quoted) return quoted[1]!.replace(/\\(.)/g, '$1');
  const bare = /filename\s*=\s*([^;]*)/i.exec(header);
  return bare ? bare[1]!.trim() : undefined;
}

/** Why a server-given file name cannot be used as an installer name, or undefined when it can. */
export function fileNameProblem(name: string, type: InstallerType): string | undefined {
  const shown = JSON.stringify(name);
  if (!name) return 'the file name is empty';
  if (/[/\\]/.test(name)) return `the file name ${shown} contains a path separator`;
  if (name.includes('..')) return `the file name ${shown} contains ".."`;
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(name)) return `the file name ${shown} contains control characters`;
  if (name.length > 200) return `the file name is ${name.length} characters long`;
  if (!/^[A-Za-z0-9][A-Za-z0-9._+-]*$/.test(name))
    return `the file name ${shown} holds characters other than letters, digits and . _ + -`;
  if (!name.toLowerCase().endsWith(EXTENSION[type]))
    return `the file name ${shown} does not end in ${EXTENSION[type]}`;
  return undefined;
}

/** A short, single-line description of an error body: the JSON error detail, or the text without tags. */
export function errorDetail(body: string): string {
  const trimmed = body.trim();
  if (!trimmed) return '';
  try {
    const j = JSON.parse(trimmed) as Record<string, unknown>;
    const e = (j.error ?? j) as Record<string, unknown>;
    const m = e.message as unknown;
    const candidates = [
      typeof m === 'object' && m ? (m as Record<string, unknown>).detail : undefined,
      m,
      e.detail,
      e.code,
      j.message,
    ];
    const found = candidates.find((c) => typeof c === 'string' && c.trim());
    if (typeof found === 'string') return oneLine(found);
  } catch {
    // not JSON: fall through
  }
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(trimmed)?.[1]?.trim();
  if (title) return oneLine(title.replace(/&[a-z]+;/gi, ' '));
  const text = trimmed
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&[a-z]+;/gi, ' ');
  return oneLine(text);
}

function oneLine(s: string): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > 200 ? `${t.slice(0, 200)}…` : t;
}

/** A network error's code in words, keeping the code for searching. */
function networkCause(code: string, msg: string): string {
  const words: Record<string, string> = {
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

function codeOf(err: unknown): string {
  const e = err as { code?: unknown; cause?: { code?: unknown } } | undefined;
  return String(e?.code ?? e?.cause?.code ?? '');
}

export class UptycsClient {
  readonly baseUrl: URL;
  readonly tuning: ClientTuning;
  private readonly log: Log;
  private readonly apiKey: ApiKey;
  private readonly secretBytes: Uint8Array;
  private readonly agent: https.Agent;
  private fallbackWarned = false;
  private readonly hasher: Hasher = sharedHasher();
  /** Some answer came from the API in this run: a refused connection after that is worth retrying. */
  private answered = false;

  constructor(opts: ClientOptions) {
    this.baseUrl = opts.baseUrl;
    if (
      this.baseUrl.protocol !== 'https:' &&
      !(this.baseUrl.protocol === 'http:' && isLoopback(this.baseUrl.hostname))
    )
      throw new UserError(
        `${ref('uptycs-api-url')}: ${this.baseUrl.protocol}// is refused: use https:// (plain http:// is allowed only to a loopback address)`,
      );
    this.tuning = { ...DEFAULT_TUNING, ...opts.tuning };
    this.log = opts.log;
    this.apiKey = opts.apiKey;
    this.log.setSecret(opts.apiKey.key);
    this.log.setSecret(opts.apiKey.secret);
    this.secretBytes = new TextEncoder().encode(opts.apiKey.secret);
    // rejectUnauthorized is Node's default; it is spelled out so that nobody turns it off by accident.
    // With HTTPS_PROXY (and NO_PROXY) in the environment, through that proxy; else Node's global agent.
    this.agent =
      opts.ca || proxyConfigured(process.env)
        ? httpsAgent(process.env, { ...(opts.ca ? { ca: opts.ca } : {}), rejectUnauthorized: true })
        : https.globalAgent;
  }

  /** Closes idle keep-alive connections of a test agent (the shared hashing thread stays). */
  close(): Promise<void> {
    if (this.agent !== https.globalAgent) this.agent.destroy();
    return Promise.resolve();
  }

  /** A fresh JWT, registered as a secret before it is used anywhere. */
  private async token(): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const jwt = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(this.apiKey.key)
      .setIssuedAt(now)
      .setExpirationTime(now + 300)
      .sign(this.secretBytes);
    this.log.setSecret(jwt);
    return jwt;
  }

  url(p: string, query: Record<string, string> = {}): URL {
    const u = new URL(this.baseUrl.href.replace(/\/+$/, '') + p);
    for (const [k, v] of Object.entries(query)) u.searchParams.set(k, v);
    return u;
  }

  /** GET a JSON document. */
  async getJson(p: string, signal?: AbortSignal): Promise<unknown> {
    const what = `GET ${p}`;
    return this.retry(what, signal, async () => {
      const res = await this.send(
        this.url(p),
        what,
        'application/json',
        signal,
        Math.min(this.tuning.responseTimeoutMs, this.tuning.requestTimeoutMs),
      );
      const text = await this.readText(res, MAX_JSON_BYTES, this.tuning.requestTimeoutMs);
      try {
        return JSON.parse(text) as unknown;
      } catch {
        const type = String(res.headers['content-type'] ?? 'no content type');
        const looks = /^\s*</.test(text) ? ', it looks like an HTML page' : '';
        throw new ApiError(
          `the answer is not JSON (${type}${looks}); check the key file's domain and domainSuffix (or ${ref('uptycs-api-url')})`,
          false,
        );
      }
    });
  }

  /** Downloads one installer into req.dir, checked, through a temporary file renamed into place at the end. */
  async download(req: DownloadRequest): Promise<DownloadedFile> {
    const what = `GET ${req.path}?${new URLSearchParams(req.query).toString()}`;
    return this.retry(what, req.signal, () => this.downloadOnce(req, what));
  }

  private async retry<T>(what: string, signal: AbortSignal | undefined, fn: () => Promise<T>): Promise<T> {
    let attempts = 0;
    try {
      return await this.retryLoop(what, signal, fn, () => attempts++);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      const gaveUp = attempts > 1 ? ` (gave up after ${attempts} attempts)` : '';
      throw new ApiError(`Uptycs API ${what}: ${err.message}${gaveUp}`, false, err.status);
    }
  }

  private async retryLoop<T>(
    what: string,
    signal: AbortSignal | undefined,
    fn: () => Promise<T>,
    count: () => void,
  ): Promise<T> {
    const t = this.tuning;
    return pRetry(
      async () => {
        count();
        try {
          return await fn();
        } catch (err) {
          throw this.normalize(err, what, signal);
        }
      },
      {
        retries: t.retries,
        minTimeout: 0,
        maxTimeout: 0,
        signal,
        // p-retry calls this only while retries are left; the delay is ours: Retry-After when the
        // server gives one, else exponential with full jitter in [delay/2, delay].
        shouldRetry: async ({ error, attemptNumber }) => {
          if (!(error instanceof ApiError) || !error.retryable || signal?.aborted) return false;
          const backoff = Math.min(t.maxRetryDelayMs, t.minRetryDelayMs * 2 ** (attemptNumber - 1));
          const jittered = Math.round(backoff / 2 + (Math.random() * backoff) / 2);
          const delay =
            error.retryAfterMs !== undefined ? Math.min(error.retryAfterMs, t.maxRetryAfterMs) : jittered;
          this.log.warning(
            `${what} failed (attempt ${attemptNumber} of ${t.retries + 1}): ${error.message}; retrying in ${formatDuration(delay)}${error.retryAfterMs !== undefined ? ' (as Retry-After asks)' : ''}`,
          );
          await sleep(delay, signal);
          return true;
        },
      },
    );
  }

  /** Turns any failure into an ApiError (or keeps a UserError), deciding whether it is worth retrying. */
  private normalize(err: unknown, what: string, signal?: AbortSignal): Error {
    if (err instanceof ApiError || err instanceof UserError) return err;
    if (signal?.aborted) return err instanceof Error ? err : new Error(String(err));
    const code = codeOf(err);
    const msg = err instanceof Error ? err.message : String(err);
    if (TLS_CODES.test(code))
      return new ApiError(
        `TLS verification of ${this.baseUrl.host} failed (${code}): the certificate is not trusted. If your Uptycs stack uses a private CA, give its PEM file in the environment variable NODE_EXTRA_CA_CERTS`,
        false,
      );
    // Nothing listens there, and nothing ever answered in this run: a wrong address, not a hiccup
    // (retrying would only add half a minute before the same answer).
    if (code === 'ECONNREFUSED' && !this.answered)
      return new UserError(
        `nothing answers at ${this.baseUrl.origin} (connection refused); check ${ref('uptycs-api-url')}, or "domain" and "domainSuffix" in the key file given as ${ref('config')}`,
      );
    if (code === 'ENOTFOUND')
      return new UserError(
        `the Uptycs API host ${this.baseUrl.hostname} was not found (DNS); check "domain" and "domainSuffix" in the key file given as ${ref('config')} (or ${ref('uptycs-api-url')})`,
      );
    // DNS could not answer at all, and nothing has answered in this run: this machine has no working
    // name resolution (offline, or only a proxy reaches out); retries would add half a minute, not an answer.
    if (code === 'EAI_AGAIN' && !this.answered)
      return new UserError(
        `cannot look up the Uptycs API host ${this.baseUrl.hostname}: DNS does not answer on this machine (EAI_AGAIN); check its network and DNS, or set HTTPS_PROXY (with NODE_USE_ENV_PROXY=1) when only a proxy reaches the internet`,
      );
    if (RETRYABLE_CODES.has(code) || /socket hang up|aborted|terminated|premature/i.test(msg))
      return new ApiError(`network error reaching ${this.baseUrl.host}: ${networkCause(code, msg)}`, true);
    return new ApiError(`${what} failed: ${msg}${code ? ` (${code})` : ''}`, false);
  }

  /**
   * Sends a GET and resolves with a 2xx response (redirects followed; Authorization is sent only to
   * the API's own origin). Non-2xx answers become errors after reading a little of their body.
   */
  private async send(
    url: URL,
    what: string,
    accept: string,
    signal: AbortSignal | undefined,
    responseTimeoutMs = this.tuning.responseTimeoutMs,
  ): Promise<http.IncomingMessage> {
    let current = url;
    for (let hop = 0; ; hop++) {
      const sameOrigin = current.origin === this.baseUrl.origin;
      const headers: Record<string, string> = {
        accept,
        'accept-encoding': 'identity',
        'user-agent': 'uptycs-distributor-action',
        date: new Date().toUTCString(),
      };
      if (sameOrigin) headers.authorization = `Bearer ${await this.token()}`;
      const res = await this.request(current, headers, signal, responseTimeoutMs);
      this.answered = true;
      const status = res.statusCode ?? 0;
      if ([301, 302, 303, 307, 308].includes(status) && res.headers.location) {
        res.resume();
        if (hop >= MAX_REDIRECTS) throw new ApiError(`more than ${MAX_REDIRECTS} redirects`, false);
        const next = new URL(res.headers.location, current);
        if (next.protocol !== 'https:' && !(next.protocol === 'http:' && isLoopback(next.hostname)))
          throw new ApiError(`refused a redirect to ${next.protocol}//${next.host} (not https)`, false);
        this.log.debug(`${what}: redirected to ${next.origin}${next.pathname}`);
        current = next;
        continue;
      }
      if (status >= 200 && status < 300) return res;
      const body = await this.readText(res, MAX_ERROR_BODY, this.tuning.requestTimeoutMs, true).catch(
        () => '',
      );
      const detail = errorDetail(body);
      const suffix = detail ? `: ${detail}` : '';
      if (status === 401 || status === 403)
        throw new UserError(`${KEY_REJECTED} (HTTP ${status} from ${what}${suffix})`);
      const retryAfterMs =
        status === 429 || status === 503 ? parseRetryAfter(res.headers['retry-after']) : undefined;
      throw new ApiError(
        `HTTP ${status}${res.statusMessage ? ` ${res.statusMessage}` : ''}${suffix}`,
        RETRYABLE_STATUS.has(status),
        status,
        retryAfterMs,
      );
    }
  }

  private request(
    url: URL,
    headers: Record<string, string>,
    signal: AbortSignal | undefined,
    timeoutMs: number,
  ): Promise<http.IncomingMessage> {
    return new Promise((resolve, reject) => {
      const isHttps = url.protocol === 'https:';
      const options: https.RequestOptions = { method: 'GET', headers, signal };
      if (isHttps) options.agent = this.agent;
      const req = (isHttps ? https : http).request(url, options, (res) => {
        clearTimeout(timer);
        resolve(res);
      });
      const timer = setTimeout(
        () => req.destroy(new ApiError(`no response within ${formatDuration(timeoutMs)}`, true)),
        timeoutMs,
      );
      req.on('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      req.end();
    });
  }

  /** Reads a body as text, at most `limit` bytes (more is an error unless `truncate`). */
  private readText(
    res: http.IncomingMessage,
    limit: number,
    totalMs: number,
    truncate = false,
  ): Promise<string> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let done = false;
      const finish = (err?: Error) => {
        if (done) return;
        done = true;
        clearTimeout(stall);
        clearTimeout(total);
        if (err) {
          res.destroy();
          reject(err);
        } else resolve(Buffer.concat(chunks).toString('utf8'));
      };
      const stall = setTimeout(() => finish(this.stallError()), this.tuning.stallTimeoutMs);
      const total = setTimeout(
        () => finish(new ApiError(`the answer took longer than ${formatDuration(totalMs)}`, true)),
        totalMs,
      );
      res.on('data', (chunk: Buffer) => {
        stall.refresh();
        const room = limit - size;
        if (chunk.length > room) {
          if (room > 0) chunks.push(chunk.subarray(0, room));
          size = limit;
          if (truncate) finish();
          else finish(new ApiError(`the answer is larger than ${formatBytes(limit)}`, false));
          return;
        }
        chunks.push(chunk);
        size += chunk.length;
      });
      res.on('end', () => {
        const expected = Number(res.headers['content-length']);
        if (
          !truncate &&
          Number.isFinite(expected) &&
          res.headers['content-length'] !== undefined &&
          expected !== size
        )
          finish(new ApiError(`the response ended after ${size} of ${expected} bytes`, true));
        else finish();
      });
      res.on('error', (err) => finish(err));
      res.on('aborted', () =>
        finish(new ApiError('the connection closed before the response was complete', true)),
      );
    });
  }

  private contentProblem(
    type: InstallerType,
    head: Buffer[],
    res: http.IncomingMessage,
  ): ApiError | undefined {
    const problem = magicProblem(type, Buffer.concat(head), false);
    if (!problem) return undefined;
    const ct = String(res.headers['content-type'] ?? 'none');
    return new ApiError(
      `the answer ${problem} (content type ${ct}); check the asset group, the version and the key's permissions`,
      false,
    );
  }

  private stallError(): ApiError {
    return new ApiError(
      `no data received for ${formatDuration(this.tuning.stallTimeoutMs)} (the transfer stalled)`,
      true,
    );
  }

  private async downloadOnce(req: DownloadRequest, what: string): Promise<DownloadedFile> {
    const started = performance.now();
    const res = await this.send(this.url(req.path, req.query), what, '*/*', req.signal);
    const fileName = this.servedFileName(res, req, what);
    const lengthHeader = res.headers['content-length'];
    const expected =
      lengthHeader !== undefined && /^\d+$/.test(lengthHeader) ? Number(lengthHeader) : undefined;
    const tmp = path.join(req.dir, `.${fileName}.${randomBytes(6).toString('hex')}.part`);
    const t = this.watchTransfer(req, res, expected);
    try {
      await this.receive(res, t, tmp, req.signal, expected);
      const final = path.join(req.dir, fileName);
      const sha256 = await t.hash.digest();
      await rename(tmp, final);
      return { path: final, fileName, size: t.received(), sha256, ms: performance.now() - started };
    } catch (err) {
      res.destroy();
      t.hash.drop();
      await rm(tmp, { force: true });
      throw err;
    } finally {
      t.dispose();
    }
  }

  /**
   * The name the answer gives the file (Content-Disposition), else the fallback. Decided before any
   * byte is written, and only ever used as a base name in the request's folder.
   */
  private servedFileName(res: http.IncomingMessage, req: DownloadRequest, what: string): string {
    const header = res.headers['content-disposition'];
    const given = contentDispositionName(Array.isArray(header) ? header[0] : header);
    if (given !== undefined) {
      const problem = fileNameProblem(given, req.type);
      if (!problem) return given;
      res.destroy();
      throw new ApiError(
        `the Uptycs API sent the ${req.label} installer under an unusable name: ${problem}; nothing was written`,
        false,
      );
    }
    if (!this.fallbackWarned) {
      this.fallbackWarned = true;
      this.log.warning(
        `${what}: the answer names no file (no Content-Disposition header); using ${req.fallbackName}`,
      );
    }
    return req.fallbackName;
  }

  /**
   * What watches one transfer: the stall and total timeouts, the progress lines, and a meter that
   * hashes, counts, and refuses a wrong file as soon as its first bytes are in. `dispose` stops the timers.
   */
  private watchTransfer(
    req: DownloadRequest,
    res: http.IncomingMessage,
    expected: number | undefined,
  ): Transfer {
    const hash = this.hasher.create();
    const head: Buffer[] = [];
    let headLen = 0;
    let received = 0;
    let lastLogBytes = 0;
    let lastLogAt = performance.now();
    const ac = new AbortController();
    const onOuterAbort = () => ac.abort(req.signal?.reason);
    req.signal?.addEventListener('abort', onOuterAbort, { once: true });
    let failure: Error | undefined;
    const fail = (err: Error) => {
      failure ??= err;
      ac.abort(err);
    };
    const { stallTimeoutMs, downloadTimeoutMs, progressIntervalMs } = this.tuning;
    const stall = setTimeout(() => fail(this.stallError()), stallTimeoutMs);
    const total = setTimeout(
      () => fail(new ApiError(`the download took longer than ${formatDuration(downloadTimeoutMs)}`, true)),
      downloadTimeoutMs,
    );
    const progress = setInterval(() => {
      const now = performance.now();
      const rate = ((received - lastLogBytes) / Math.max(1, now - lastLogAt)) * 1000;
      lastLogBytes = received;
      lastLogAt = now;
      const of = expected ? ` of ${formatBytes(expected)} (${Math.floor((received / expected) * 100)}%)` : '';
      this.log.info(`  ${req.label}: ${formatBytes(received)}${of}, ${formatBytes(rate)}/s`);
    }, progressIntervalMs);
    const meter = new Transform({
      transform: (chunk: Buffer, _enc, cb) => {
        stall.refresh();
        received += chunk.length;
        // Waits while the hashing thread is behind, so that blocks do not pile up in memory.
        const behind = hash.update(chunk);
        if (headLen < MAGIC_LENGTH) {
          head.push(chunk.subarray(0, MAGIC_LENGTH - headLen));
          headLen += Math.min(chunk.length, MAGIC_LENGTH - headLen);
          // Refuse a wrong file (an HTML page, JSON) as soon as its first bytes are in.
          const problem = headLen >= MAGIC_LENGTH ? this.contentProblem(req.type, head, res) : undefined;
          if (problem) return cb(problem);
        }
        if (expected !== undefined && received > expected)
          cb(new ApiError(`the server sent more than the ${expected} bytes it announced`, true));
        else if (behind) void behind.then(() => cb(null, chunk));
        else cb(null, chunk);
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
  private async receive(
    res: http.IncomingMessage,
    t: Transfer,
    tmp: string,
    outer: AbortSignal | undefined,
    expected: number | undefined,
  ): Promise<void> {
    const of = () =>
      `${formatBytes(t.received())}${expected !== undefined ? ` of ${formatBytes(expected)}` : ''}`;
    try {
      await pipeline(res, t.meter, createWriteStream(tmp, { flags: 'wx', mode: 0o600 }), {
        signal: t.signal,
      });
    } catch (err) {
      const failure = t.failure();
      if (failure) throw failure;
      if (outer?.aborted || err instanceof ApiError) throw err;
      if (/aborted|ECONNRESET|premature/i.test(`${codeOf(err)} ${(err as Error).message}`))
        throw new ApiError(`the connection broke off after ${of()} (truncated)`, true);
      throw err;
    }
    const failure = t.failure();
    if (failure) throw failure;
    if (expected !== undefined && t.received() !== expected)
      throw new ApiError(`the transfer ended after ${of()} (truncated)`, true);
    const problem = this.contentProblem(t.type, t.head, res);
    if (problem) throw problem;
  }
}

/** One transfer being watched (see UptycsClient.watchTransfer). */
interface Transfer {
  meter: Transform;
  signal: AbortSignal;
  hash: ReturnType<Hasher['create']>;
  head: Buffer[];
  type: InstallerType;
  received: () => number;
  failure: () => Error | undefined;
  dispose: () => void;
}
