/**
 * An Uptycs API simulator for tests and benchmarks: HTTPS on 127.0.0.1 (random port) with a freshly
 * generated certificate, JWT checking (HS256, iss = key, exp required and not passed), the endpoints
 * /objectGroups, /osqueryPackages and /packageDownloads/osquery/{os}/{group}, real installers built
 * with dpkg-deb, rpmbuild and wixl, request counting, and switchable faults.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, createReadStream, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Transform } from 'node:stream';
import { jwtVerify } from 'jose';
import { generate } from 'selfsigned';
import { buildDeb, buildMsi, buildRpm } from '../helpers/installers.js';

export type Fault =
  /** 429 Too Many Requests with Retry-After (seconds, see retryAfter). */
  | '429'
  /** 503 with an HTML body. */
  | '503'
  /** Content-Length of the whole file, but only half of it is sent before the connection closes. */
  | 'truncate'
  /** Status 200 with an HTML page instead of the installer. */
  | 'html'
  /** Headers and the first bytes, then nothing (the connection stays open). */
  | 'stall'
  /** Content-Disposition with a path-traversal file name. */
  | 'badName'
  /** 401 with an HTML body (not JSON). */
  | '401';

export type Endpoint = 'objectGroups' | 'osqueryPackages' | 'packageDownloads';

export interface FaultOptions {
  /** How many matching requests get the fault; then it clears. Default: all of them. */
  times?: number;
  /** Which endpoint; default packageDownloads. */
  endpoint?: Endpoint;
  /** Only downloads for this os (centos, debian, windows). */
  os?: string;
  /** Retry-After seconds for 429. Default 1. */
  retryAfter?: number;
}

export interface SimOptions {
  key?: string;
  secret?: string;
  customerId?: string;
  domain?: string;
  assetGroups?: { id: string; name: string }[];
  /** /osqueryPackages items' versions, served in this (deliberately unsorted) order. */
  versions?: string[];
  /** An item's osFlavor by its version (default "all"): e.g. { '5.10.1.3-Uptycs': 'linux' }. */
  flavors?: Record<string, string>;
  /** Padding added to each installer (incompressible). Default 100 000 bytes. */
  paddingBytes?: number;
  /**
   * Bytes appended to each MSI (wixl cannot embed padding). The file still starts like an MSI but is
   * no longer a valid one: for benchmarks only. Default 0.
   */
  msiPaddingBytes?: number;
  /** Throttle each download to this many bytes per second (0 = as fast as possible). */
  bytesPerSecond?: number;
  /** Versions whose installers are built before the server starts. Default: the newest listed one. */
  prebuild?: string[];
  /** Whether prebuilding includes the sensor-only installers. Default true. */
  prebuildSensor?: boolean;
}

export interface DownloadRecord {
  os: string;
  assetGroupId: string;
  params: Record<string, string>;
  fileName: string;
  bytes: number;
}

export interface Simulator {
  /** https://127.0.0.1:<port> — the value for input uptycs-api-url. */
  url: string;
  /** The server certificate (PEM), self-signed: the only CA the client should trust. */
  ca: string;
  key: string;
  secret: string;
  customerId: string;
  /** The API key file's JSON, as the Uptycs console exports it. */
  keyFile(extra?: Record<string, unknown>): string;
  requests: Record<Endpoint | 'unauthorized' | 'total', number>;
  downloads: DownloadRecord[];
  /** Every JWT the server received (to check that none is logged). */
  tokens: string[];
  setFault(fault: Fault | undefined, opts?: FaultOptions): void;
  /** Downloads answer 302 to a second origin (another port), which serves the file without auth. */
  setRedirect(on: boolean): void;
  /** Requests the second origin got, and how many carried an Authorization header (should be 0). */
  cdn: { requests: number; withAuthorization: number };
  /**
   * The next download for `os` waits, before any byte is sent, until `release` is called; then it is
   * served as usual, or with the fault given. `reached` resolves once that download has been asked for.
   */
  holdDownload(os: string): { reached: Promise<void>; release: (fault?: Fault) => void };
  /** Clears counters, records, faults and holds (a held download is served). */
  reset(): void;
  /** The file a download would serve (for size and checksum comparisons). */
  installerFile(os: string, arm64: boolean, protect: boolean, version: string): string;
  close(): Promise<void>;
}

export const SIM_VERSIONS = ['5.8.3.35-Uptycs', '5.10.1.3-Uptycs', '5.9.0.1-Uptycs', '5.7.0.25-Uptycs'];

function newest(versions: string[]): string {
  const parts = (v: string) => v.split('-')[0]!.split('.').map(Number);
  return versions
    .map((v) => v.split('-')[0]!)
    .sort((a, b) => {
      const pa = parts(a);
      const pb = parts(b);
      for (let i = 0; i < Math.max(pa.length, pb.length); i++)
        if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
      return 0;
    })
    .at(-1)!;
}

/** The name Uptycs gives an installer (FACTS §2), with the asset group's name as prefix. */
export function uptycsFileName(
  group: string,
  os: string,
  arm64: boolean,
  protect: boolean,
  version: string,
): string {
  const base = `${group}-${protect ? 'uptycs-protect' : 'osquery'}-${version}-Uptycs`;
  if (os === 'centos') return `${base}${arm64 ? '.aarch64' : ''}.rpm`;
  if (os === 'debian') return `${base}${arm64 ? '.arm64' : ''}.deb`;
  return `${base}-windows.msi`;
}

function throttle(bytesPerSecond: number): Transform {
  const start = performance.now();
  let sent = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      sent += chunk.length;
      const due = (sent / bytesPerSecond) * 1000 - (performance.now() - start);
      setTimeout(() => cb(null, chunk), Math.max(0, due));
    },
  });
}

export async function startSimulator(opts: SimOptions = {}): Promise<Simulator> {
  const key = opts.key ?? 'SIMKEY1234567890ABCDEF';
  const secret = opts.secret ?? 'sim-secret-0123456789abcdefghijklmnop';
  const customerId = opts.customerId ?? '11111111-2222-3333-4444-555555555555';
  const groups = opts.assetGroups ?? [
    { id: 'f0e1d2c3-0000-4000-8000-000000000001', name: 'servers' },
    { id: 'f0e1d2c3-0000-4000-8000-000000000002', name: 'assets' },
  ];
  const versions = opts.versions ?? SIM_VERSIONS;
  const padding = opts.paddingBytes ?? 100_000;
  const buildDir = mkdtempSync(path.join(tmpdir(), 'uptycs-sim-'));
  const built = new Map<string, string>();
  const secretBytes = new TextEncoder().encode(secret);

  const installerFile = (os: string, arm64: boolean, protect: boolean, version: string): string => {
    const id = `${os}-${arm64 ? 'arm64' : 'x86_64'}-${protect ? 'protect' : 'sensor'}-${version}`;
    let file = built.get(id);
    if (!file) {
      const spec = {
        pkg: protect ? 'uptycs-protect' : 'osquery',
        version,
        arch: arm64 ? ('arm64' as const) : ('x86_64' as const),
        outDir: path.join(buildDir, id),
        paddingBytes: padding,
      };
      file = os === 'centos' ? buildRpm(spec) : os === 'debian' ? buildDeb(spec) : buildMsi(spec);
      if (os === 'windows' && opts.msiPaddingBytes) {
        const fd = openSync(file, 'a');
        try {
          for (let left = opts.msiPaddingBytes; left > 0; left -= 1 << 20)
            writeSync(fd, randomBytes(Math.min(left, 1 << 20)));
        } finally {
          closeSync(fd);
        }
      }
      built.set(id, file);
    }
    return file;
  };
  for (const v of opts.prebuild ?? [newest(versions)])
    for (const os of ['centos', 'debian', 'windows'])
      for (const arm64 of os === 'windows' ? [false] : [false, true])
        for (const protect of opts.prebuildSensor === false ? [true] : [true, false])
          installerFile(os, arm64, protect, v);

  const pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] },
    ],
  });

  const requests = { objectGroups: 0, osqueryPackages: 0, packageDownloads: 0, unauthorized: 0, total: 0 };
  const downloads: DownloadRecord[] = [];
  const tokens: string[] = [];
  let fault: { kind: Fault; left: number; endpoint: Endpoint; os?: string; retryAfter: number } | undefined;
  const sockets = new Set<Socket>();

  const json = (res: ServerResponse, status: number, body: unknown) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };
  const apiError = (res: ServerResponse, status: number, code: string, detail: string) =>
    json(res, status, { error: { status, code, message: { brief: '', detail, developer: '' } } });
  const html = (res: ServerResponse, status: number, title: string) => {
    const text = `<!DOCTYPE html>\n<html><head><title>${title}</title></head><body><h1>${title}</h1></body></html>\n`;
    res.writeHead(status, { 'content-type': 'text/html', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };

  const takeFault = (endpoint: Endpoint, os?: string) => {
    const current = fault;
    if (!current || current.endpoint !== endpoint || (current.os && current.os !== os)) return undefined;
    if (--current.left <= 0) fault = undefined;
    return current;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    requests.total++;
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    const prefix = `/public/api/customers/${customerId}`;
    const auth = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    try {
      if (!auth) throw new Error('no token');
      tokens.push(auth);
      await jwtVerify(auth, secretBytes, {
        issuer: key,
        algorithms: ['HS256'],
        requiredClaims: ['exp', 'iss'],
      });
    } catch {
      requests.unauthorized++;
      return apiError(res, 401, 'UNAUTHORIZED', 'Invalid or expired token');
    }
    if (!url.pathname.startsWith(`${prefix}/`)) return apiError(res, 404, 'NOT_FOUND', 'Customer not found');
    const rest = url.pathname.slice(prefix.length);
    let endpoint: Endpoint;
    let os: string | undefined;
    let groupId = '';
    let m: RegExpExecArray | null;
    if (rest === '/objectGroups') endpoint = 'objectGroups';
    else if (rest === '/osqueryPackages') endpoint = 'osqueryPackages';
    else if ((m = /^\/packageDownloads\/osquery\/([^/]+)\/([^/]+)$/.exec(rest))) {
      endpoint = 'packageDownloads';
      os = decodeURIComponent(m[1]!);
      groupId = decodeURIComponent(m[2]!);
    } else return apiError(res, 404, 'NOT_FOUND', `No route ${rest}`);
    requests[endpoint]++;

    const taken = takeFault(endpoint, os);
    const f = taken?.kind;
    if (f === '429') {
      const text = JSON.stringify({
        error: { status: 429, code: 'TOO_MANY_REQUESTS', message: { detail: 'Slow down' } },
      });
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(taken!.retryAfter) });
      return res.end(text);
    }
    if (f === '503') return html(res, 503, '503 Service Temporarily Unavailable');
    if (f === '401') return html(res, 401, '401 Authorization Required');

    if (endpoint === 'objectGroups')
      return json(res, 200, {
        items: groups.map((g) => ({ id: g.id, name: g.name, objectType: 'ASSET', custom: false })),
        offset: 0,
        limit: 1000,
      });
    if (endpoint === 'osqueryPackages')
      return json(res, 200, {
        items: versions.map((v, i) => ({
          id: `pkg-${i}`,
          version: v,
          osFlavor: opts.flavors?.[v] ?? 'all',
          createdAt: '2026-01-01',
        })),
      });

    // packageDownloads
    const group = groups.find((g) => g.id === groupId);
    if (!group) return apiError(res, 404, 'NOT_FOUND', 'Asset group not found');
    if (!['centos', 'debian', 'windows'].includes(os!))
      return apiError(res, 400, 'BAD_REQUEST', `Unknown os ${os}`);
    const params = Object.fromEntries(url.searchParams);
    const version = params.osqVersion ?? '';
    if (!versions.some((v) => v.split('-')[0] === version))
      return apiError(res, 404, 'NOT_FOUND', `No package for version ${version}`);
    const arm64 = params.gravitonPackage === 'true';
    const protect = params.remediationPackage === 'true';
    if (arm64 && os === 'windows')
      return apiError(res, 400, 'BAD_REQUEST', 'No graviton package for windows');
    const file = installerFile(os!, arm64, protect, version);
    const fileName = uptycsFileName(group.name, os!, arm64, protect, version);
    downloads.push({ os: os!, assetGroupId: groupId, params, fileName, bytes: 0 });
    const record = downloads[downloads.length - 1]!;

    const held = holds.get(os!);
    if (held) {
      holds.delete(os!);
      held.arrived();
      const late = await held.released;
      if (late === 'html') return html(res, 200, 'Uptycs - Sign in');
      if (late) return serveFile(res, file, fileName, os!, record, late);
    }
    if (f === 'html') return html(res, 200, 'Uptycs - Sign in');
    if (redirect) {
      const token = `t${++tokenSeq}`;
      pending.set(token, { file, fileName, os: os!, record, fault: f });
      res.writeHead(302, { location: `${cdnUrl}/files/${token}`, 'content-length': 0 });
      return res.end();
    }
    serveFile(res, file, fileName, os!, record, f);
  };

  const serveFile = (
    res: ServerResponse,
    file: string,
    fileName: string,
    os: string,
    record: DownloadRecord,
    f: Fault | undefined,
  ) => {
    const size = statSync(file).size;
    const disposition = f === 'badName' ? '../../../etc/cron.d/evil.rpm' : fileName;
    res.writeHead(200, {
      'content-type': os === 'centos' ? 'application/x-redhat-package-manager' : 'application/octet-stream',
      'content-length': size,
      'content-disposition': `attachment; filename="${disposition}"`,
    });
    if (f === 'truncate' || f === 'stall') {
      const half = Math.floor(size / 2);
      const stream = createReadStream(file, { start: 0, end: half - 1 });
      stream.on('data', (c) => {
        record.bytes += c.length;
        res.write(c);
      });
      stream.on('end', () => {
        if (f === 'truncate') res.socket?.destroy();
        // stall: keep the connection open and silent until the client gives up or close() runs
      });
      return;
    }
    const body = createReadStream(file, { highWaterMark: 1 << 20 });
    body.on('data', (c) => (record.bytes += c.length));
    if (opts.bytesPerSecond) body.pipe(throttle(opts.bytesPerSecond)).pipe(res);
    else body.pipe(res);
  };

  const holds = new Map<
    string,
    { arrived: () => void; released: Promise<Fault | undefined>; release: (f?: Fault) => void }
  >();

  // A second origin (another port) standing in for a CDN that downloads may be redirected to.
  let redirect = false;
  let tokenSeq = 0;
  const pending = new Map<
    string,
    { file: string; fileName: string; os: string; record: DownloadRecord; fault: Fault | undefined }
  >();
  const cdn = { requests: 0, withAuthorization: 0 };
  const cdnServer = https.createServer({ key: pems.private, cert: pems.cert }, (req, res) => {
    cdn.requests++;
    requests.total++;
    if (req.headers.authorization) cdn.withAuthorization++;
    const token = /^\/files\/(\w+)$/.exec(req.url ?? '')?.[1];
    const item = token ? pending.get(token) : undefined;
    if (!item) return html(res, 404, 'Not Found');
    pending.delete(token!);
    serveFile(res, item.file, item.fileName, item.os, item.record, item.fault);
  });
  cdnServer.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => cdnServer.listen(0, '127.0.0.1', resolve));
  const cdnUrl = `https://127.0.0.1:${(cdnServer.address() as { port: number }).port}`;

  const server = https.createServer({ key: pems.private, cert: pems.cert }, (req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) apiError(res, 500, 'INTERNAL', String(err));
      else res.destroy();
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;

  return {
    url: `https://127.0.0.1:${port}`,
    ca: pems.cert,
    key,
    secret,
    customerId,
    keyFile: (extra = {}) =>
      JSON.stringify(
        {
          id: 'a1b2c3d4-0000-4000-8000-00000000abcd',
          customerId,
          key,
          secret,
          domain: opts.domain ?? 'simtenant',
          domainSuffix: '.uptycs.io',
          userId: 'u-1',
          active: true,
          createdAt: '2026-01-01T00:00:00.000Z',
          ...extra,
        },
        null,
        2,
      ),
    requests,
    downloads,
    tokens,
    cdn,
    setRedirect(on) {
      redirect = on;
    },
    setFault(kind, o = {}) {
      fault = kind
        ? {
            kind,
            left: o.times ?? Infinity,
            endpoint: o.endpoint ?? 'packageDownloads',
            os: o.os,
            retryAfter: o.retryAfter ?? 1,
          }
        : undefined;
    },
    holdDownload(os) {
      let arrived!: () => void;
      const reached = new Promise<void>((r) => (arrived = r));
      let release!: (f?: Fault) => void;
      const released = new Promise<Fault | undefined>((r) => (release = r));
      holds.set(os, { arrived, released, release });
      return { reached, release };
    },
    reset() {
      for (const h of holds.values()) h.release();
      holds.clear();
      for (const k of Object.keys(requests) as (keyof typeof requests)[]) requests[k] = 0;
      downloads.length = 0;
      tokens.length = 0;
      fault = undefined;
      redirect = false;
      cdn.requests = 0;
      cdn.withAuthorization = 0;
    },
    installerFile,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await new Promise<void>((resolve) => cdnServer.close(() => resolve()));
      rmSync(buildDir, { recursive: true, force: true });
    },
  };
}
