/**
 * A local AWS, part 2 (see ./README.md): a small SSM endpoint on 127.0.0.1 (JSON 1.1, X-Amz-Target:
 * AmazonSSM.*) that sits in front of moto_server and adds what moto does not model, at the wire level,
 * for the real SDK (point AWS_ENDPOINT_URL_SSM at it, AWS_ENDPOINT_URL at moto):
 * - ListDocumentVersions (moto 5.2.1 lacks it), built from moto's DescribeDocument;
 * - Distributor's asynchronous status: a new version is Creating for a few polls, then Active or
 *   Failed with StatusInformation; with checkFiles, Failed when a file the manifest names is missing
 *   from the attached S3 folder or its SHA-256 differs (Distributor's own check; the wording is ours);
 * - deletion as SSM does it, asynchronously: a document or version being deleted shows Status
 *   Deleting for a few reads, and the writes it conflicts with are refused (deletionTakes, beginDelete);
 * - injected errors (throttling, 5xx) for the next N calls of an action;
 * - moto's XML AccessDenied answers turned into the JSON errors SSM sends.
 * Every other request is forwarded to moto unchanged. It records every call it sees.
 * Also here: startFakeSts (an STS in front of moto that can refuse or throttle) and startS3Proxy (an S3
 * pass-through with hooks before object writes), for the fault tests.
 */
import { GetBucketLocationCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  DeleteDocumentCommand,
  DescribeDocumentCommand,
  DescribeDocumentPermissionCommand,
  SSMClient,
  UpdateDocumentDefaultVersionCommand,
} from '@aws-sdk/client-ssm';
import { createHash } from 'node:crypto';
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';

export interface FakeResponse {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

export interface Call {
  /** The action, without the AmazonSSM. prefix. */
  action: string;
  body: Record<string, unknown>;
  status: number;
}

/** What Distributor does with the next versions created or updated. */
export interface DistributorScript {
  /** DescribeDocument polls answered Creating before the outcome. */
  creatingPolls: number;
  outcome: 'Active' | 'Failed';
  statusInformation?: string;
  /**
   * Check a package version's files as Distributor does: each file of the manifest's "files" must be
   * in the S3 folder of the SourceUrl attachment (read from moto, as the caller) with the stated
   * SHA-256; if not, the version ends Failed whatever `outcome` says.
   */
  checkFiles?: boolean;
  /**
   * With checkFiles: a SourceUrl bucket in another region than the document's fails the version, as
   * Distributor would if it did not read buckets of other regions (whether it does is not documented:
   * docs/publishing.md, "One bucket for many regions"). Off: read from any region, as moto allows.
   */
  sameRegionSource?: boolean;
}

export interface FakeSsm {
  url: string;
  calls: Call[];
  /** Calls of one action. */
  count(action: string): number;
  /** The next `times` calls of the action answer this error (e.g. 400 ThrottlingException, 500). */
  failNext(action: string, times: number, status: number, type: string, message?: string): void;
  /**
   * The next `times` calls of the action are applied (forwarded to moto), then their answer is lost:
   * an HTTP 500, or the connection reset ('reset').
   */
  loseAnswer(action: string, times: number, how: 500 | 'reset'): void;
  /** Applies to every version created or updated from now on (until changed). */
  distributor(script: DistributorScript): void;
  /**
   * Distributor's rule as its guide words it (issue 30): while nobody has set a package's default
   * version explicitly (UpdateDocumentDefaultVersion), the newest version is the default, so each
   * UpdateDocument moves it. Off by default (moto keeps version 1).
   */
  defaultFollowsNewest(on: boolean): void;
  /**
   * Eventual consistency after a write, as SSM may show it: after each CreateDocument the next `reads`
   * DescribeDocument / GetDocument / ListDocumentVersions calls of that document answer InvalidDocument
   * (not visible yet); after each CreateDocument or UpdateDocument the next `listLag` ListDocumentVersions
   * calls do not list the new version yet (DescribeDocument already shows it).
   */
  lagAfterWrite(reads: number, listLag: number): void;
  /**
   * Deletion as SSM does it, asynchronously (issue 30): from now on a DeleteDocument is answered at once,
   * and the document (no DocumentVersion) or the version then shows Status Deleting to the next `reads`
   * reads of the document (DescribeDocument, GetDocument, ListDocumentVersions) before it is gone. 0 (the
   * default) deletes at once, as moto does.
   */
  deletionTakes(reads: number): void;
  /**
   * Someone else's DeleteDocument (a cleanup job, a console user), as deletionTakes makes it: the whole
   * document (version undefined) or one version (not the default one, which SSM refuses to delete) shows
   * Deleting for the next `reads` reads, then is gone.
   * Meanwhile the writes SSM cannot apply are refused with errors the API reference documents for them:
   * CreateDocument of the name DocumentAlreadyExists (the name is still taken), UpdateDocument of a
   * document being deleted `update` (TooManyUpdates, "one update at a time", by default; or
   * InvalidDocument), UpdateDocumentDefaultVersion and ModifyDocumentPermission InvalidDocument, and
   * UpdateDocumentDefaultVersion to a version being deleted InvalidDocumentVersion.
   */
  beginDelete(region: string, name: string, version: string | undefined, reads: number): void;
  /** How UpdateDocument of a document being deleted is refused (default TooManyUpdates). */
  updateWhileDeleting(type: 'TooManyUpdates' | 'InvalidDocument'): void;
  /** Runs fn (and waits for it) before a request of the action is answered. */
  hook(action: string, fn: (body: Record<string, unknown>) => Promise<void>): void;
  /** Credentials the fake uses for its own calls to moto (needed when moto checks signatures). */
  useCredentials(c: { accessKeyId: string; secretAccessKey: string } | undefined): void;
  reset(): void;
  stop(): Promise<void>;
}

interface Pending {
  polls: number;
  outcome: 'Active' | 'Failed';
  statusInformation?: string;
}

function forward(upstream: string, headers: IncomingHttpHeaders, body: Buffer): Promise<FakeResponse> {
  const u = new URL(upstream);
  return new Promise((resolve, reject) => {
    const req = request(
      // The Host header is kept: it is signed, and moto checks signatures when IAM authorization is on.
      { host: u.hostname, port: u.port, path: '/', method: 'POST', headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 500,
            body: Buffer.concat(chunks).toString('utf8'),
            headers: { 'content-type': String(res.headers['content-type'] ?? 'application/x-amz-json-1.1') },
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const json = (status: number, value: unknown): FakeResponse => ({
  status,
  body: JSON.stringify(value),
  headers: { 'content-type': 'application/x-amz-json-1.1' },
});

/** moto answers IAM denials of JSON services in XML; SSM answers JSON. */
function xmlErrorToJson(r: FakeResponse): FakeResponse {
  if (r.status < 400 || !r.body.trimStart().startsWith('<')) return r;
  const code = /<Code>([^<]*)<\/Code>/.exec(r.body)?.[1];
  if (!code) return r;
  const message = /<Message>([^<]*)<\/Message>/.exec(r.body)?.[1] ?? '';
  return json(r.status, { __type: code === 'AccessDenied' ? 'AccessDeniedException' : code, message });
}

/** The access key id, region and session token of a SigV4 request. */
function callerOf(headers: IncomingHttpHeaders): {
  accessKeyId: string;
  region: string;
  sessionToken?: string;
} {
  const m = /Credential=([^/]+)\/\d+\/([^/]+)\//.exec(String(headers.authorization ?? ''));
  const token = headers['x-amz-security-token'];
  return {
    accessKeyId: m?.[1] ?? 'AKIAIOSFODNN7EXAMPLE',
    region: m?.[2] ?? 'us-east-1',
    ...(typeof token === 'string' ? { sessionToken: token } : {}),
  };
}

/**
 * What Distributor would find wrong with a package version's files, or undefined: the manifest
 * (Content) names each file with its SHA-256, the SourceUrl attachment names the S3 folder.
 */
async function checkPackageFiles(
  upstream: string,
  headers: IncomingHttpHeaders,
  body: Record<string, unknown>,
  sameRegion = false,
): Promise<string | undefined> {
  const attachments = (body.Attachments ?? []) as { Key?: string; Values?: string[] }[];
  const source = attachments.find((a) => a.Key === 'SourceUrl')?.Values?.[0];
  let files: Record<string, { checksums?: { sha256?: string } }>;
  try {
    files = (JSON.parse(String(body.Content)) as { files?: typeof files }).files ?? {};
  } catch {
    return 'the manifest (Content) is not JSON';
  }
  const where = /^s3:\/\/([^/]+)\/?(.*)$/.exec(source ?? '');
  if (!where) return `no SourceUrl attachment naming an S3 folder (got ${source ?? 'none'})`;
  const who = callerOf(headers);
  const s3 = new S3Client({
    region: who.region,
    endpoint: upstream,
    forcePathStyle: true,
    maxAttempts: 1,
    credentials: { accessKeyId: who.accessKeyId, secretAccessKey: 'not-checked-by-moto-without-auth' },
  });
  try {
    if (sameRegion) {
      const at = await s3
        .send(new GetBucketLocationCommand({ Bucket: where[1] }))
        .then((o) => o.LocationConstraint || 'us-east-1')
        .catch(() => undefined);
      if (at && at !== who.region)
        return `Access Denied: the attachment source s3://${where[1]} is in ${at}, not in ${who.region}`;
    }
    for (const [name, f] of Object.entries(files)) {
      const key = where[2] ? `${where[2].replace(/\/$/, '')}/${name}` : name;
      const bytes = await s3
        .send(new GetObjectCommand({ Bucket: where[1], Key: key }))
        .then((o) => o.Body!.transformToByteArray())
        .catch(() => undefined);
      if (!bytes) return `${name} is not in ${source} (s3://${where[1]}/${key} cannot be read)`;
      const sha = createHash('sha256').update(bytes).digest('hex');
      if (sha !== f.checksums?.sha256)
        return `${name} in ${source} has SHA-256 ${sha}, the manifest states ${f.checksums?.sha256 ?? 'none'}`;
    }
    return undefined;
  } finally {
    s3.destroy();
  }
}

/**
 * Session tokens with a life (issued by the STS double with credentialsLast, or given to expireToken),
 * and when each expires (ms since the epoch). Every double of this project that answers AWS calls
 * refuses a request signed with an expired one, as AWS does.
 */
const tokenExpiry = new Map<string, number>();

/** Makes a session token expire at `atMs` (credentials given some other way than the STS double). */
export function expireToken(token: string, atMs: number): void {
  tokenExpiry.set(token, atMs);
}

/**
 * AWS's answer to a request signed with temporary credentials that have expired (400
 * ExpiredTokenException, JSON protocol), or undefined when the request's token is alive or unknown.
 */
export function expiredTokenAnswer(headers: IncomingHttpHeaders): FakeResponse | undefined {
  const token = headers['x-amz-security-token'];
  const until = typeof token === 'string' ? tokenExpiry.get(token) : undefined;
  if (until === undefined || Date.now() < until) return undefined;
  return json(400, {
    __type: 'ExpiredTokenException',
    message: 'The security token included in the request is expired',
  });
}

export async function startFakeSsm(upstream: string): Promise<FakeSsm> {
  const calls: Call[] = [];
  const failures = new Map<string, { times: number; status: number; type: string; message: string }>();
  const losses = new Map<string, { times: number; how: 500 | 'reset' }>();
  const pending = new Map<string, Pending>();
  let script: DistributorScript | undefined;
  let ownCredentials: { accessKeyId: string; secretAccessKey: string } | undefined;
  const hooks = new Map<string, (body: Record<string, unknown>) => Promise<void>>();
  let followNewest = false;
  const lag = { reads: 0, list: 0 };
  /** Per region/name: reads still answered InvalidDocument; per region/name: the version not listed yet, and for how many lists. */
  const invisible = new Map<string, number>();
  const unlisted = new Map<string, { version: string; left: number }>();
  /** Documents (region/name) whose default version someone set explicitly. */
  const explicitDefault = new Set<string>();
  /** Per region/name: a deletion under way (the whole document, or one version), and the reads it still shows. */
  const deleting = new Map<string, { version?: string; reads: number }>();
  const deletion = { reads: 0, update: 'TooManyUpdates' as 'TooManyUpdates' | 'InvalidDocument' };

  /** Our own calls to moto, as the caller (same account and region). */
  const clients = new Map<string, SSMClient>();
  const clientOf = (headers: IncomingHttpHeaders): SSMClient => {
    const who = callerOf(headers);
    const key = JSON.stringify([who, ownCredentials]);
    let client = clients.get(key);
    if (!client) {
      client = new SSMClient({
        region: who.region,
        endpoint: upstream,
        maxAttempts: 1,
        credentials: ownCredentials ?? {
          accessKeyId: who.accessKeyId,
          secretAccessKey: 'not-checked-by-moto-without-auth',
          ...(who.sessionToken ? { sessionToken: who.sessionToken } : {}),
        },
      });
      clients.set(key, client);
    }
    return client;
  };
  const describe = async (headers: IncomingHttpHeaders, name: string, version?: string) => {
    const out = await clientOf(headers).send(
      new DescribeDocumentCommand({ Name: name, ...(version ? { DocumentVersion: version } : {}) }),
    );
    return out.Document;
  };

  /** Applies Distributor's pending status to a description; `poll` consumes one Creating answer. */
  const overlay = (region: string, d: Record<string, unknown>, poll: boolean) => {
    const key = `${region}/${String(d.Name)}/${String(d.DocumentVersion)}`;
    const p = pending.get(key);
    if (!p) return;
    if (p.polls > 0) {
      d.Status = 'Creating';
      if (poll) p.polls--;
      return;
    }
    d.Status = p.outcome;
    if (p.statusInformation) d.StatusInformation = p.statusInformation;
  };

  const listVersions = async (
    headers: IncomingHttpHeaders,
    body: Record<string, unknown>,
  ): Promise<FakeResponse> => {
    const name = String(body.Name);
    const region = callerOf(headers).region;
    let head;
    try {
      head = await describe(headers, name);
    } catch (err) {
      const e = err as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
      return json(e.$metadata?.httpStatusCode ?? 500, { __type: e.name, message: e.message });
    }
    const numbers = Array.from({ length: Number(head?.LatestVersion ?? 0) }, (_, i) =>
      String(i + 1),
    ).reverse();
    const found = await Promise.all(numbers.map((n) => describe(headers, name, n).catch(() => undefined)));
    const versions: Record<string, unknown>[] = [];
    for (const d of found) {
      if (!d) continue;
      const info: Record<string, unknown> = {
        Name: d.Name,
        DocumentVersion: d.DocumentVersion,
        VersionName: d.VersionName,
        CreatedDate: d.CreatedDate ? d.CreatedDate.getTime() / 1000 : undefined,
        IsDefaultVersion: d.DocumentVersion === head?.DefaultVersion,
        DocumentFormat: d.DocumentFormat,
        Status: d.Status,
      };
      overlay(region, info, false);
      versions.push(info);
    }
    // Real SSM pages; so does the fake, to exercise NextToken.
    const size = Math.min(Number(body.MaxResults ?? 50), 10);
    const start = Number(body.NextToken ?? 0);
    const page = versions.slice(start, start + size);
    return json(200, {
      DocumentVersions: page,
      ...(start + size < versions.length ? { NextToken: String(start + size) } : {}),
    });
  };

  const READS = ['DescribeDocument', 'GetDocument', 'ListDocumentVersions'];
  const refuse = (type: string, message: string) => ({ answer: json(400, { __type: type, message }) });
  /**
   * A deletion under way of the request's document: a read shows it (and counts down; at 0 the deletion
   * is applied in moto and the read sees its result), a write it conflicts with is refused, and a new
   * DeleteDocument starts one when deletionTakes asks.
   */
  const deletionStep = async (
    action: string,
    headers: IncomingHttpHeaders,
    docKey: string,
    body: Record<string, unknown>,
  ): Promise<{ answer?: FakeResponse; shows?: { version?: string } }> => {
    const name = String(body.Name);
    const d = deleting.get(docKey);
    if (!d) {
      if (action !== 'DeleteDocument' || deletion.reads <= 0) return {};
      const version = body.DocumentVersion ? String(body.DocumentVersion) : undefined;
      try {
        await describe(headers, name, version);
      } catch (err) {
        const e = err as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
        return { answer: json(e.$metadata?.httpStatusCode ?? 500, { __type: e.name, message: e.message }) };
      }
      deleting.set(docKey, { ...(version ? { version } : {}), reads: deletion.reads });
      return { answer: json(200, {}) };
    }
    if (READS.includes(action)) {
      if (d.reads > 0) {
        d.reads--;
        return { shows: d };
      }
      deleting.delete(docKey);
      try {
        await clientOf(headers).send(
          new DeleteDocumentCommand({ Name: name, ...(d.version ? { DocumentVersion: d.version } : {}) }),
        );
      } catch (err) {
        // A deletion SSM would have refused (the default version): the test set it up wrong; said loudly.
        return {
          answer: json(500, { __type: 'InternalServerError', message: `deletion refused: ${String(err)}` }),
        };
      }
      return {};
    }
    if (!d.version) {
      if (action === 'CreateDocument')
        return refuse('DocumentAlreadyExists', `Document with same name ${name} already exists.`);
      if (action === 'UpdateDocument')
        return deletion.update === 'TooManyUpdates'
          ? refuse('TooManyUpdates', `Document ${name} is being deleted; one update at a time.`)
          : refuse('InvalidDocument', `Document ${name} is being deleted.`);
      if (action === 'UpdateDocumentDefaultVersion' || action === 'ModifyDocumentPermission')
        return refuse('InvalidDocument', `Document ${name} is being deleted.`);
      if (action === 'DeleteDocument') return { answer: json(200, {}) };
      return {};
    }
    if (action === 'UpdateDocumentDefaultVersion' && String(body.DocumentVersion) === d.version)
      return refuse('InvalidDocumentVersion', `Version ${d.version} of ${name} is being deleted.`);
    if (action === 'DeleteDocument' && String(body.DocumentVersion ?? '') === d.version)
      return { answer: json(200, {}) };
    return {};
  };
  /** Status Deleting on what a read returns of the document or version being deleted. */
  const markDeleting = (action: string, r: FakeResponse, d: { version?: string }): FakeResponse => {
    const out = JSON.parse(r.body) as Record<string, unknown>;
    const mark = (x: Record<string, unknown> | undefined) => {
      if (x && (!d.version || String(x.DocumentVersion) === d.version)) x.Status = 'Deleting';
    };
    if (action === 'DescribeDocument') mark(out.Document as Record<string, unknown>);
    if (action === 'GetDocument') mark(out);
    if (action === 'ListDocumentVersions')
      for (const v of (out.DocumentVersions ?? []) as Record<string, unknown>[]) mark(v);
    return json(200, out);
  };

  const handle = async (action: string, headers: IncomingHttpHeaders, raw: Buffer): Promise<FakeResponse> => {
    const body = JSON.parse(raw.toString('utf8') || '{}') as Record<string, unknown>;
    const expired = expiredTokenAnswer(headers);
    if (expired) return expired;
    await hooks.get(action)?.(body);
    const f = failures.get(action);
    if (f && f.times > 0) {
      f.times--;
      return json(f.status, { __type: f.type, message: f.message });
    }
    const region = callerOf(headers).region;
    const docKey = `${region}/${String(body.Name)}`;
    const hidden = invisible.get(docKey) ?? 0;
    if (hidden > 0 && ['DescribeDocument', 'GetDocument', 'ListDocumentVersions'].includes(action)) {
      invisible.set(docKey, hidden - 1);
      return json(400, { __type: 'InvalidDocument', message: 'The specified document does not exist.' });
    }
    // SSM refuses to delete a document that is still shared (DeleteDocument: InvalidDocumentOperation,
    // "You must stop sharing the document before you can delete it"); moto deletes it.
    if (action === 'DeleteDocument' && !body.DocumentVersion && !deleting.has(docKey)) {
      const shared = await clientOf(headers)
        .send(new DescribeDocumentPermissionCommand({ Name: String(body.Name), PermissionType: 'Share' }))
        .then((p) => p.AccountIds ?? [])
        .catch(() => []);
      if (shared.length)
        return json(400, {
          __type: 'InvalidDocumentOperation',
          message: `You attempted to delete a document while it is still shared. You must stop sharing the document before you can delete it.`,
        });
    }
    const pendingDelete = await deletionStep(action, headers, docKey, body);
    if (pendingDelete.answer) return pendingDelete.answer;
    const upstreamAnswer = xmlErrorToJson(await forward(upstream, headers, raw));
    if (pendingDelete.shows && upstreamAnswer.status === 200)
      return markDeleting(action, upstreamAnswer, pendingDelete.shows);
    if (action === 'ListDocumentVersions') {
      // moto checks authorization before it finds it has no such action: keep its denials.
      if (upstreamAnswer.status === 200 || upstreamAnswer.status === 403) return upstreamAnswer;
      const listed = await listVersions(headers, body);
      if (pendingDelete.shows && listed.status === 200)
        return markDeleting(action, listed, pendingDelete.shows);
      const u = unlisted.get(docKey);
      if (!u || u.left <= 0 || listed.status !== 200) return listed;
      u.left--;
      const out = JSON.parse(listed.body) as {
        DocumentVersions: { DocumentVersion?: string; IsDefaultVersion?: boolean }[];
      };
      out.DocumentVersions = out.DocumentVersions.filter((v) => v.DocumentVersion !== u.version);
      return json(200, out);
    }
    if (upstreamAnswer.status === 200 && (action === 'CreateDocument' || action === 'UpdateDocument')) {
      const made = (JSON.parse(upstreamAnswer.body) as { DocumentDescription?: { DocumentVersion?: string } })
        .DocumentDescription?.DocumentVersion;
      if (action === 'CreateDocument' && lag.reads) invisible.set(docKey, lag.reads);
      if (made && lag.list) unlisted.set(docKey, { version: made, left: lag.list });
    }
    if (upstreamAnswer.status !== 200) return upstreamAnswer;
    if (action === 'UpdateDocumentDefaultVersion') explicitDefault.add(`${region}/${String(body.Name)}`);
    if (action === 'DeleteDocument' && !body.DocumentVersion)
      explicitDefault.delete(`${region}/${String(body.Name)}`);
    if (
      action === 'UpdateDocument' &&
      followNewest &&
      !explicitDefault.has(`${region}/${String(body.Name)}`)
    ) {
      const made = (JSON.parse(upstreamAnswer.body) as { DocumentDescription?: { DocumentVersion?: string } })
        .DocumentDescription?.DocumentVersion;
      if (made)
        await clientOf(headers).send(
          new UpdateDocumentDefaultVersionCommand({ Name: String(body.Name), DocumentVersion: made }),
        );
    }
    if ((action === 'CreateDocument' || action === 'UpdateDocument') && script) {
      const out = JSON.parse(upstreamAnswer.body) as { DocumentDescription: Record<string, unknown> };
      const d = out.DocumentDescription;
      const problem = script.checkFiles
        ? await checkPackageFiles(upstream, headers, body, script.sameRegionSource)
        : undefined;
      const statusInformation = problem ?? script.statusInformation;
      pending.set(`${region}/${String(d.Name)}/${String(d.DocumentVersion)}`, {
        polls: script.creatingPolls,
        outcome: problem ? 'Failed' : script.outcome,
        ...(statusInformation ? { statusInformation } : {}),
      });
      d.Status = 'Creating';
      return json(200, out);
    }
    if (action === 'DescribeDocument') {
      const out = JSON.parse(upstreamAnswer.body) as { Document: Record<string, unknown> };
      overlay(region, out.Document, true);
      return json(200, out);
    }
    return upstreamAnswer;
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const target = String(req.headers['x-amz-target'] ?? '');
      const action = target.replace(/^AmazonSSM\./, '');
      handle(action, req.headers, raw)
        .catch((err: unknown): FakeResponse =>
          json(500, { __type: 'InternalServerError', message: String(err) }),
        )
        .then((r) => {
          const loss = losses.get(action);
          if (loss && loss.times > 0 && r.status === 200) {
            loss.times--;
            if (loss.how === 'reset') {
              calls.push({ action, body: {}, status: 0 });
              return void req.socket.destroy();
            }
            r = json(500, { __type: 'InternalServerError', message: 'answer lost (injected)' });
          }
          let parsed: Record<string, unknown> = {};
          try {
            parsed = JSON.parse(raw.toString('utf8') || '{}') as Record<string, unknown>;
          } catch {
            // recorded as empty
          }
          calls.push({ action, body: parsed, status: r.status });
          res.writeHead(r.status, { 'content-type': 'application/x-amz-json-1.1', ...r.headers });
          res.end(r.body);
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  const url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;

  return {
    url,
    calls,
    count: (action) => calls.filter((c) => c.action === action).length,
    failNext(action, times, status, type, message = `${type} (injected)`) {
      failures.set(action, { times, status, type, message });
    },
    loseAnswer(action, times, how) {
      losses.set(action, { times, how });
    },
    distributor(s) {
      script = s;
    },
    defaultFollowsNewest(on) {
      followNewest = on;
    },
    lagAfterWrite(reads, listLag) {
      lag.reads = reads;
      lag.list = listLag;
    },
    deletionTakes(reads) {
      deletion.reads = reads;
    },
    beginDelete(region, name, version, reads) {
      deleting.set(`${region}/${name}`, { ...(version ? { version } : {}), reads });
    },
    updateWhileDeleting(type) {
      deletion.update = type;
    },
    hook(action, fn) {
      hooks.set(action, fn);
    },
    useCredentials(c) {
      ownCredentials = c;
    },
    reset() {
      for (const c of clients.values()) c.destroy();
      clients.clear();
      calls.length = 0;
      failures.clear();
      losses.clear();
      pending.clear();
      script = undefined;
      ownCredentials = undefined;
      followNewest = false;
      explicitDefault.clear();
      lag.reads = 0;
      lag.list = 0;
      invisible.clear();
      unlisted.clear();
      hooks.clear();
      deleting.clear();
      deletion.reads = 0;
      deletion.update = 'TooManyUpdates';
    },
    stop: () =>
      new Promise<void>((resolve) => {
        for (const c of clients.values()) c.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface FakeSts {
  url: string;
  /** Actions (Action=... of the query protocol) seen, with the status answered. */
  calls: { action: string; status: number }[];
  /** The next `times` requests of the action answer this STS error. */
  failNext(action: string, times: number, status: number, code: string, message: string): void;
  /**
   * Credentials issued from now on (AssumeRole, AssumeRoleWithWebIdentity) expire `ms` after they are
   * issued (their Expiration says so, and the doubles refuse their session token afterwards: see
   * expiredTokenAnswer); undefined: as moto issues them.
   */
  credentialsLast(ms: number | undefined): void;
  /** Session tokens issued, in order. */
  issued: string[];
  stop(): Promise<void>;
}

/** An issued credential's answer with its Expiration `ms` from now, its session token recorded as such. */
function shortLived(r: FakeResponse, ms: number, issued: string[]): FakeResponse {
  const token = /<SessionToken>([^<]+)<\/SessionToken>/.exec(r.body)?.[1];
  if (r.status !== 200 || !token) return r;
  const until = Date.now() + ms;
  tokenExpiry.set(token, until);
  issued.push(token);
  return {
    ...r,
    body: r.body.replace(
      /<Expiration>[^<]*<\/Expiration>/,
      `<Expiration>${new Date(until).toISOString()}</Expiration>`,
    ),
  };
}

/** An STS endpoint (query protocol, XML errors) in front of moto that can refuse or throttle requests. */
export async function startFakeSts(upstream: string): Promise<FakeSts> {
  const calls: FakeSts['calls'] = [];
  const failures = new Map<string, { times: number; status: number; code: string; message: string }>();
  const life: { ms?: number } = {};
  const issued: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const action = new URLSearchParams(raw.toString('utf8')).get('Action') ?? '';
      const f = failures.get(action);
      const answer: Promise<FakeResponse> =
        f && f.times > 0
          ? Promise.resolve(
              (f.times--,
              {
                status: f.status,
                body: `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>${f.code}</Code><Message>${f.message}</Message></Error><RequestId>fake</RequestId></ErrorResponse>`,
                headers: { 'content-type': 'text/xml' },
              }),
            )
          : forward(upstream, req.headers, raw).then((r) =>
              life.ms !== undefined && /^AssumeRole/.test(action) ? shortLived(r, life.ms, issued) : r,
            );
      answer
        .catch((err: unknown): FakeResponse => ({ status: 500, body: String(err) }))
        .then((r) => {
          calls.push({ action, status: r.status });
          res.writeHead(r.status, r.headers ?? {});
          res.end(r.body);
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  return {
    url: `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`,
    calls,
    failNext(action, times, status, code, message) {
      failures.set(action, { times, status, code, message });
    },
    credentialsLast(ms) {
      life.ms = ms;
    },
    issued,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface S3Proxy {
  url: string;
  /**
   * Runs fn once, just before the next request that writes the object (PutObject or
   * CompleteMultipartUpload) reaches S3: a way to play another writer that gets there first.
   */
  beforeWrite(bucket: string, key: string, fn: () => Promise<void>): void;
  /**
   * Runs fn once, just before the next request that reads the object (HeadObject or GetObject)
   * reaches S3: a way to pause a run between what it decided and what it reads next.
   */
  beforeRead(bucket: string, key: string, fn: () => Promise<void>): void;
  /** The next `times` object writes (PutObject, UploadPart, CompleteMultipartUpload) answer this S3 error. */
  failWrites(times: number, status: number, code: string): void;
  /** The next `times` object writes (PutObject, CompleteMultipartUpload) reach S3, then their answer is a 500. */
  loseWrites(times: number): void;
  /**
   * Holds every UploadPart request until the returned function is called; `onHeld` runs when the first
   * one arrives (a way to act while a multipart upload is in flight).
   */
  holdParts(onHeld: () => void): () => void;
  /**
   * The next `times` bucket-level requests of this method and subresource (`?publicAccessBlock`,
   * `?encryption`, `?lifecycle`, `?ownershipControls`; '' = CreateBucket / HeadBucket) answer this S3
   * error: how S3 answers while a new bucket's configuration settles (409 OperationAborted, 404
   * NoSuchBucket), or a refusal (403 AccessDenied).
   */
  failBucket(method: string, sub: string, times: number, status: number, code: string): void;
  /**
   * The next `times` conditional object writes (If-None-Match or If-Match: PutObject, CopyObject,
   * CompleteMultipartUpload) answer 409 ConditionalRequestConflict, as S3 does while another write
   * to the key is in flight; unconditional writes are never answered so.
   */
  conflictNext(times: number): void;
  /** Bucket-level requests seen: "PUT ?publicAccessBlock 409". */
  bucketCalls: string[];
  /** Object writes that reached S3, and those answered with an injected error. */
  writes: { passed: number; failed: number };
  stop(): Promise<void>;
}

/** A pass-through S3 endpoint (path-style) in front of moto, with hooks before object writes. */
export async function startS3Proxy(upstream: string): Promise<S3Proxy> {
  const u = new URL(upstream);
  const hooks = new Map<string, () => Promise<void>>();
  const readHooks = new Map<string, () => Promise<void>>();
  const failing = { times: 0, status: 500, code: 'InternalError' };
  const losing = { times: 0 };
  let held: { onHeld?: () => void; release: Promise<void> } | undefined;
  const counts = { passed: 0, failed: 0 };
  const bucketFailures = new Map<string, { times: number; status: number; code: string }>();
  const bucketCalls: string[] = [];
  const conflicts = { times: 0 };
  const s3Error = (res: import('node:http').ServerResponse, status: number, code: string) => {
    res.writeHead(status, { 'content-type': 'application/xml' });
    res.end(`<?xml version="1.0"?><Error><Code>${code}</Code><Message>${code} (injected)</Message></Error>`);
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const path = decodeURIComponent(url.pathname);
      if (/^\/[^/]+\/?$/.test(path)) {
        const sub = [...url.searchParams.keys()].find((k) =>
          ['publicAccessBlock', 'encryption', 'lifecycle', 'ownershipControls'].includes(k),
        );
        const key = `${req.method ?? ''} ${sub ?? ''}`;
        const f = bucketFailures.get(key);
        if (f && f.times > 0) {
          f.times--;
          bucketCalls.push(`${req.method ?? ''} ?${sub ?? ''} ${f.status}`);
          s3Error(res, f.status, f.code);
          return;
        }
        bucketCalls.push(`${req.method ?? ''} ?${sub ?? ''}`);
      }
      const conditional = Boolean(req.headers['if-none-match'] || req.headers['if-match']);
      if (conditional && conflicts.times > 0 && (req.method === 'PUT' || req.method === 'POST')) {
        conflicts.times--;
        counts.failed++;
        s3Error(res, 409, 'ConditionalRequestConflict');
        return;
      }
      const writes =
        (req.method === 'PUT' && !url.searchParams.has('partNumber') && !url.searchParams.has('uploadId')) ||
        (req.method === 'POST' && url.searchParams.has('uploadId'));
      const isObject = /^\/[^/]+\/.+/.test(path);
      const anyWrite = req.method === 'PUT' && isObject;
      if ((anyWrite || (req.method === 'POST' && url.searchParams.has('uploadId'))) && failing.times > 0) {
        failing.times--;
        counts.failed++;
        res.writeHead(failing.status, { 'content-type': 'application/xml' });
        res.end(
          `<?xml version="1.0"?><Error><Code>${failing.code}</Code><Message>injected</Message></Error>`,
        );
        return;
      }
      if (anyWrite) counts.passed++;
      const reads = req.method === 'HEAD' || req.method === 'GET';
      const hook = writes ? hooks.get(path) : reads ? readHooks.get(path) : undefined;
      if (hook) (writes ? hooks : readHooks).delete(path);
      const lose = writes && losing.times > 0 ? (losing.times--, true) : false;
      const isPart = req.method === 'PUT' && url.searchParams.has('partNumber');
      const hold = isPart && held ? held : undefined;
      if (hold?.onHeld) {
        const f = hold.onHeld;
        hold.onHeld = undefined;
        f();
      }
      (hook ? hook() : (hold?.release ?? Promise.resolve()))
        .then(
          () =>
            new Promise<void>((resolve, reject) => {
              const up = request(
                { host: u.hostname, port: u.port, path: req.url, method: req.method, headers: req.headers },
                (ur) => {
                  if (lose) {
                    ur.resume();
                    ur.on('end', () => {
                      res.writeHead(500, { 'content-type': 'application/xml' });
                      res.end(
                        '<?xml version="1.0"?><Error><Code>InternalError</Code><Message>answer lost (injected)</Message></Error>',
                      );
                      resolve();
                    });
                    return;
                  }
                  res.writeHead(ur.statusCode ?? 500, ur.headers);
                  ur.pipe(res);
                  ur.on('end', resolve);
                  ur.on('error', reject);
                },
              );
              up.on('error', reject);
              up.end(Buffer.concat(chunks));
            }),
        )
        .catch((err: unknown) => {
          if (!res.headersSent) res.writeHead(500);
          res.end(String(err));
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  return {
    url: `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`,
    beforeWrite(bucket, key, fn) {
      hooks.set(`/${bucket}/${key}`, fn);
    },
    beforeRead(bucket, key, fn) {
      readHooks.set(`/${bucket}/${key}`, fn);
    },
    failWrites(times, status, code) {
      Object.assign(failing, { times, status, code });
    },
    loseWrites(times) {
      losing.times = times;
    },
    failBucket(method, sub, times, status, code) {
      bucketFailures.set(`${method} ${sub}`, { times, status, code });
    },
    conflictNext(times) {
      conflicts.times = times;
    },
    bucketCalls,
    holdParts(onHeld) {
      let release!: () => void;
      held = { onHeld, release: new Promise<void>((r) => (release = r)) };
      return () => {
        held = undefined;
        release();
      };
    },
    writes: counts,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
