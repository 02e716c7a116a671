/**
 * A wire-level double in front of moto_server's S3, for the copies between regions' buckets:
 *   - it counts the request body bytes that reach S3 (what the runner sends), in total and per bucket;
 *   - it does what moto 5.2 lacks for copies, checked by trying (see docs/publishing.md): the write
 *     conditions of CopyObject (If-None-Match: *, If-Match), CopySourceIfMatch on CopyObject and
 *     UploadPartCopy, and the part's SHA-256 in UploadPartCopy's answer (computed from the source range);
 *   - it can refuse the copies into a bucket as S3 would (AccessDenied for a bucket policy or a KMS key,
 *     NotImplemented), and run a hook just before a copy is carried out (another writer getting there first).
 * Every other request, and every copy once checked, goes to moto unchanged.
 */
import { createHash } from 'node:crypto';
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';

export interface CopySeen {
  bucket: string;
  key: string;
  part: boolean;
  headers: IncomingHttpHeaders;
}

export interface S3Double {
  url: string;
  /** Request body bytes passed to S3, per bucket (the first path segment). */
  bytes: Map<string, number>;
  totalBytes(): number;
  copies: CopySeen[];
  /** Answers every copy into the bucket with this error, until cleared (undefined). */
  refuseCopiesInto(bucket: string, error?: { status: number; code: string; message: string }): void;
  /** Runs fn once, just before a copy to a key ending in `keySuffix` is carried out. */
  beforeCopy(keySuffix: string, fn: () => Promise<void>): void;
  reset(): void;
  stop(): Promise<void>;
}

const AUTH =
  'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0';

/** A request of our own to moto (unsigned: moto checks no signatures with its IAM auth off). */
function toMoto(
  upstream: URL,
  method: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        path,
        method,
        headers: { authorization: AUTH, ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const errorXml = (code: string, message: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`;

/** The source of x-amz-copy-source as a path of moto's ("/bucket/key"). */
const sourcePath = (header: string) => `/${decodeURIComponent(header.replace(/^\//, '').split('?')[0]!)}`;
const encodePath = (p: string) => p.split('/').map(encodeURIComponent).join('/');

export async function startS3Double(upstreamUrl: string): Promise<S3Double> {
  const upstream = new URL(upstreamUrl);
  const bytes = new Map<string, number>();
  const copies: CopySeen[] = [];
  const refusals = new Map<string, { status: number; code: string; message: string }>();
  const hooks: { suffix: string; fn: () => Promise<void> }[] = [];

  /** Why a copy must fail, as S3 would answer it; undefined when it may go ahead. */
  async function copyProblem(
    dest: string,
    headers: IncomingHttpHeaders,
    part: boolean,
  ): Promise<{ status: number; code: string; message: string } | undefined> {
    const src = sourcePath(String(headers['x-amz-copy-source']));
    const srcIfMatch = headers['x-amz-copy-source-if-match'];
    if (srcIfMatch) {
      const head = await toMoto(upstream, 'HEAD', encodePath(src));
      if (head.status !== 200 || head.headers.etag !== srcIfMatch)
        return { status: 412, code: 'PreconditionFailed', message: 'x-amz-copy-source-if-match' };
    }
    if (part) return undefined;
    const ifNone = headers['if-none-match'];
    const ifMatch = headers['if-match'];
    if (!ifNone && !ifMatch) return undefined;
    const head = await toMoto(upstream, 'HEAD', encodePath(dest));
    if (ifNone === '*' && head.status === 200)
      return { status: 412, code: 'PreconditionFailed', message: 'If-None-Match' };
    if (ifMatch && (head.status !== 200 || head.headers.etag !== ifMatch))
      return { status: 412, code: 'PreconditionFailed', message: 'If-Match' };
    return undefined;
  }

  /** UploadPartCopy's answer with the SHA-256 of the copied range, as S3 gives it for SHA-256 uploads. */
  async function withPartChecksum(body: Buffer, headers: IncomingHttpHeaders): Promise<Buffer> {
    const xml = body.toString('utf8');
    if (!xml.includes('</CopyPartResult>') || xml.includes('<ChecksumSHA256>')) return body;
    const src = sourcePath(String(headers['x-amz-copy-source']));
    const range = headers['x-amz-copy-source-range'];
    const got = await toMoto(upstream, 'GET', encodePath(src), range ? { range: String(range) } : {});
    const sum = createHash('sha256').update(got.body).digest('base64');
    return Buffer.from(
      xml.replace('</CopyPartResult>', `<ChecksumSHA256>${sum}</ChecksumSHA256></CopyPartResult>`),
    );
  }

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = decodeURIComponent(url.pathname);
    const bucket = path.split('/')[1] ?? '';
    const isCopy = req.method === 'PUT' && typeof req.headers['x-amz-copy-source'] === 'string';
    const part = url.searchParams.has('partNumber');
    let sent = 0;
    req.on('data', (c: Buffer) => {
      sent += c.length;
    });
    req.on('end', () => {
      if (sent) bytes.set(bucket, (bytes.get(bucket) ?? 0) + sent);
    });
    const headers = { ...req.headers };
    delete headers.expect;

    if (!isCopy) {
      const up = request(
        { host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers },
        (ur) => {
          res.writeHead(ur.statusCode ?? 500, ur.headers);
          ur.pipe(res);
        },
      );
      up.on('error', (err) => {
        res.writeHead(502);
        res.end(String(err));
      });
      req.pipe(up);
      return;
    }
    copies.push({ bucket, key: path.split('/').slice(2).join('/'), part, headers: req.headers });
    req.resume();
    req.once('end', () => {
      void (async () => {
        const refusal = refusals.get(bucket);
        if (refusal) {
          res.writeHead(refusal.status, { 'content-type': 'application/xml' });
          res.end(errorXml(refusal.code, refusal.message));
          return;
        }
        const i = hooks.findIndex((h) => path.endsWith(h.suffix));
        if (i >= 0) await hooks.splice(i, 1)[0]!.fn();
        const problem = await copyProblem(path, req.headers, part);
        if (problem) {
          res.writeHead(problem.status, { 'content-type': 'application/xml' });
          res.end(errorXml(problem.code, `precondition failed: ${problem.message}`));
          return;
        }
        const up = request(
          { host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers },
          (ur) => {
            const chunks: Buffer[] = [];
            ur.on('data', (c: Buffer) => chunks.push(c));
            ur.on('end', () => {
              const raw = Buffer.concat(chunks);
              void (
                part && ur.statusCode === 200 ? withPartChecksum(raw, req.headers) : Promise.resolve(raw)
              ).then((body) => {
                const h = { ...ur.headers, 'content-length': String(body.length) };
                delete h['transfer-encoding'];
                res.writeHead(ur.statusCode ?? 500, h);
                res.end(body);
              });
            });
          },
        );
        up.on('error', (err) => {
          res.writeHead(502);
          res.end(String(err));
        });
        up.end();
      })().catch((err: unknown) => {
        res.writeHead(500, { 'content-type': 'application/xml' });
        res.end(errorXml('InternalError', String(err)));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    bytes,
    totalBytes: () => [...bytes.values()].reduce((a, b) => a + b, 0),
    copies,
    refuseCopiesInto(b, error) {
      if (error) refusals.set(b, error);
      else refusals.delete(b);
    },
    beforeCopy(suffix, fn) {
      hooks.push({ suffix, fn });
    },
    reset() {
      bytes.clear();
      copies.length = 0;
      refusals.clear();
      hooks.length = 0;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
