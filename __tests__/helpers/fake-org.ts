/**
 * An AWS Organization on 127.0.0.1: a wire-level double in front of moto_server for what moto lacks
 * across accounts. moto keeps the Organization (its OUs and accounts), the SSM documents and their
 * sharing, and STS (credentials from AssumeRole act in the role's account). This double adds, as the
 * services document them:
 * - STS AssumeRole is refused (403 AccessDenied, AWS's wording) unless the role was deployed in its
 *   account (what the member-role StackSet does): moto would let any role be assumed;
 * - State Manager associations per account and region (moto has none): CreateAssociation,
 *   ListAssociations, DescribeAssociation, UpdateAssociation (unsent optional fields reset to null),
 *   DeleteAssociation, with AWS's errors;
 * - ModifyDocumentPermission's limits moto does not check: at most 20 accounts a call
 *   (ValidationException), at most 1,000 accounts per document (DocumentPermissionLimit);
 * - throttling at a given rate per account, region and service (token buckets), answered with each
 *   service's own error: SSM ThrottlingException, Organizations TooManyRequestsException, STS Throttling.
 * Every request is recorded with the account its credentials act in.
 */
import { randomUUID } from 'node:crypto';
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import { refuseAssociation } from './association-rules.js';

export const HUB = '123456789012';

export interface OrgCall {
  service: 'ssm' | 'sts' | 'organizations' | 'other';
  action: string;
  account: string;
  region: string;
  body: Record<string, unknown>;
  throttled: boolean;
}

interface Assoc {
  account: string;
  region: string;
  id: string;
  version: number;
  def: Record<string, unknown>;
}

/** Requests per second and burst of one token bucket. */
export interface Rate {
  perSecond: number;
  burst: number;
}

export interface FakeOrg {
  url: string;
  calls: OrgCall[];
  /** The member role now exists in its account (as the StackSet would create it). */
  deployRole(arn: string): void;
  removeRole(arn: string): void;
  associations(
    account?: string,
    region?: string,
  ): (Record<string, unknown> & { account: string; region: string; AssociationId: string })[];
  /** Throttle each (account, region, service) at this rate; undefined: never. */
  throttle(rates: Partial<Record<OrgCall['service'], Rate>> | undefined): void;
  clearCalls(): void;
  /** Forgets associations, roles, credentials seen, calls and throttling (with moto's reset: a new world). */
  reset(): void;
  stop(): Promise<void>;
}

const OPTIONAL = [
  'Parameters',
  'DocumentVersion',
  'ScheduleExpression',
  'OutputLocation',
  'Name',
  'Targets',
  'AssociationName',
  'MaxErrors',
  'MaxConcurrency',
  'ComplianceSeverity',
  'SyncCompliance',
  'ApplyOnlyAtCronInterval',
  'CalendarNames',
  'TargetLocations',
  'ScheduleOffset',
  'Duration',
  'TargetMaps',
  'AlarmConfiguration',
];

const jsonErr = (type: string, message: string, status = 400) => ({
  status,
  type: 'application/x-amz-json-1.1',
  body: JSON.stringify({ __type: type, message }),
});

const stsErr = (code: string, message: string, status: number) => ({
  status,
  type: 'text/xml',
  body: `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`,
});

function scope(h: IncomingHttpHeaders): { key: string; region: string; service: string } {
  const m = /Credential=([^/]+)\/\d+\/([^/]+)\/([^/]+)\//.exec(String(h.authorization ?? ''));
  return { key: m?.[1] ?? '', region: m?.[2] ?? 'us-east-1', service: m?.[3] ?? '' };
}

/**
 * upstream: moto; ssmUpstream: where SSM requests go that this double does not answer (moto, or a double
 * in front of it). hubAssociations 'upstream': the hub account's associations are not this double's but
 * ssmUpstream's (the fleet double, which runs them on the hub's instances), member accounts' stay here.
 */
export async function startFakeOrg(
  upstream: string,
  ssmUpstream = upstream,
  o: { hubAssociations?: 'here' | 'upstream' } = {},
): Promise<FakeOrg> {
  const calls: OrgCall[] = [];
  const roles = new Set<string>();
  const keyAccount = new Map<string, string>();
  const keyArn = new Map<string, string>();
  let assocs: Assoc[] = [];
  let rates: Partial<Record<OrgCall['service'], Rate>> | undefined;
  const buckets = new Map<string, { tokens: number; at: number }>();

  const take = (service: OrgCall['service'], account: string, region: string): boolean => {
    const rate = rates?.[service];
    if (!rate) return true;
    const k = `${service}/${account}/${service === 'organizations' ? 'global' : region}`;
    const now = Date.now();
    const b = buckets.get(k) ?? { tokens: rate.burst, at: now };
    b.tokens = Math.min(rate.burst, b.tokens + ((now - b.at) / 1000) * rate.perSecond);
    b.at = now;
    buckets.set(k, b);
    if (b.tokens < 1) return false;
    b.tokens--;
    return true;
  };

  const forward = (
    method: string,
    url: string,
    headers: IncomingHttpHeaders,
    body: Buffer,
  ): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> =>
    new Promise((resolve, reject) => {
      const base = String(headers['x-amz-target'] ?? '').startsWith('AmazonSSM.') ? ssmUpstream : upstream;
      const u = new URL(url, base);
      const req = request(
        {
          host: u.hostname,
          port: u.port,
          path: u.pathname + u.search,
          method,
          headers: { ...headers, host: u.host, 'content-length': String(body.length) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 500, headers: res.headers, body: Buffer.concat(chunks) }),
          );
        },
      );
      req.on('error', reject);
      req.end(body);
    });

  const describe = (a: Assoc) => ({
    AssociationId: a.id,
    AssociationVersion: String(a.version),
    Status: { Name: 'Pending', Message: 'Associated with 0 instances', Date: Date.now() / 1000 },
    ...Object.fromEntries(Object.entries(a.def).filter(([, v]) => v !== null && v !== undefined)),
  });

  const ssm = (action: string, body: Record<string, unknown>, account: string, region: string) => {
    if (account === HUB && o.hubAssociations === 'upstream') return undefined;
    const mine = assocs.filter((a) => a.account === account && a.region === region);
    switch (action) {
      case 'CreateAssociation': {
        if (typeof body.Name !== 'string') return jsonErr('ValidationException', 'Name is required');
        const refused = refuseAssociation(body);
        if (refused) return jsonErr(refused.type, refused.message);
        if (body.AssociationName && mine.some((a) => a.def.AssociationName === body.AssociationName))
          return jsonErr(
            'AssociationAlreadyExists',
            `An association named ${String(body.AssociationName)} already exists`,
          );
        const a: Assoc = { account, region, id: randomUUID(), version: 1, def: { ...body } };
        assocs.push(a);
        return {
          status: 200,
          type: 'application/x-amz-json-1.1',
          body: JSON.stringify({ AssociationDescription: describe(a) }),
        };
      }
      case 'ListAssociations': {
        const size = Number(body.MaxResults ?? 50);
        if (size < 1 || size > 50)
          return jsonErr('ValidationException', 'MaxResults must be between 1 and 50');
        const f = (body.AssociationFilterList ?? []) as { key: string; value: string }[];
        // The keys this double models; another (InstanceId, LastExecutedBefore, …) would be answered
        // wrongly by matching everything, so it is refused rather than forgiven.
        const field = { AssociationName: 'AssociationName', Name: 'Name' } as const;
        const unknown = f.find((x) => !(x.key in field));
        if (unknown)
          return jsonErr('ValidationException', `filter key ${unknown.key} is not modelled by this double`);
        const list = mine.filter((a) =>
          f.every((x) => a.def[field[x.key as keyof typeof field]] === x.value),
        );
        const start = Number(body.NextToken ?? 0);
        return {
          status: 200,
          type: 'application/x-amz-json-1.1',
          body: JSON.stringify({
            Associations: list.slice(start, start + size).map((a) => ({
              AssociationId: a.id,
              AssociationName: a.def.AssociationName,
              Name: a.def.Name,
              AssociationVersion: String(a.version),
              Targets: a.def.Targets,
            })),
            ...(start + size < list.length ? { NextToken: String(start + size) } : {}),
          }),
        };
      }
      case 'DescribeAssociation':
      case 'UpdateAssociation':
      case 'DeleteAssociation': {
        const a = mine.find((x) => x.id === body.AssociationId);
        if (!a) return jsonErr('AssociationDoesNotExist', 'The specified association does not exist.');
        if (action === 'DeleteAssociation') {
          assocs = assocs.filter((x) => x !== a);
          return { status: 200, type: 'application/x-amz-json-1.1', body: '{}' };
        }
        if (action === 'UpdateAssociation') {
          const refused = refuseAssociation({ ...a.def, ...body, InstanceId: a.def.InstanceId });
          if (refused) return jsonErr(refused.type, refused.message);
          for (const k of OPTIONAL) a.def[k] = body[k] ?? null;
          a.version++;
        }
        return {
          status: 200,
          type: 'application/x-amz-json-1.1',
          body: JSON.stringify({ AssociationDescription: describe(a) }),
        };
      }
    }
    return undefined;
  };

  const permissionLimits = async (
    body: Record<string, unknown>,
    region: string,
    headers: IncomingHttpHeaders,
  ) => {
    const add = (body.AccountIdsToAdd ?? []) as string[];
    const remove = (body.AccountIdsToRemove ?? []) as string[];
    if (add.length > 20 || remove.length > 20)
      return jsonErr(
        'ValidationException',
        `1 validation error detected: Value at '${add.length > 20 ? 'accountIdsToAdd' : 'accountIdsToRemove'}' failed to satisfy constraint: Member must have length less than or equal to 20`,
      );
    if (!add.length) return undefined;
    const now = await forward(
      'POST',
      '/',
      { ...headers, 'x-amz-target': 'AmazonSSM.DescribeDocumentPermission' },
      Buffer.from(JSON.stringify({ Name: body.Name, PermissionType: 'Share' })),
    );
    const shared = new Set(
      (JSON.parse(now.body.toString() || '{}') as { AccountIds?: string[] }).AccountIds ?? [],
    );
    for (const a of add) shared.add(a);
    for (const a of remove) shared.delete(a);
    if (shared.size > 1000)
      return jsonErr(
        'DocumentPermissionLimit',
        `The document ${String(body.Name)} is shared with the maximum number of accounts (1000) in ${region}`,
      );
    return undefined;
  };

  const assumeRole = async (
    form: URLSearchParams,
    key: string,
    method: string,
    url: string,
    headers: IncomingHttpHeaders,
    raw: Buffer,
  ) => {
    const arn = form.get('RoleArn') ?? '';
    if (!roles.has(arn)) {
      const who = keyArn.get(key) ?? `arn:aws:iam::${HUB}:user/test`;
      return stsErr(
        'AccessDenied',
        `User: ${who} is not authorized to perform: sts:AssumeRole on resource: ${arn}`,
        403,
      );
    }
    const res = await forward(method, url, headers, raw);
    const text = res.body.toString();
    const id = /<AccessKeyId>([^<]+)<\/AccessKeyId>/.exec(text)?.[1];
    if (id) {
      keyAccount.set(id, arn.split(':')[4] ?? HUB);
      keyArn.set(
        id,
        `arn:aws:sts::${arn.split(':')[4]}:assumed-role/${arn.split('/').pop()}/${form.get('RoleSessionName') ?? ''}`,
      );
    }
    return { status: res.status, type: String(res.headers['content-type'] ?? 'text/xml'), body: text };
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const raw = Buffer.concat(chunks);
        const s = scope(req.headers);
        const account = keyAccount.get(s.key) ?? HUB;
        const target = String(req.headers['x-amz-target'] ?? '');
        const form = s.service === 'sts' ? new URLSearchParams(raw.toString()) : undefined;
        const service: OrgCall['service'] = target.startsWith('AmazonSSM.')
          ? 'ssm'
          : target.startsWith('AWSOrganizations')
            ? 'organizations'
            : s.service === 'sts'
              ? 'sts'
              : 'other';
        const action = target ? target.split('.').pop()! : (form?.get('Action') ?? req.method ?? '');
        let body: Record<string, unknown> = {};
        if (target) body = JSON.parse(raw.toString() || '{}') as Record<string, unknown>;
        const call: OrgCall = { service, action, account, region: s.region, body, throttled: false };
        calls.push(call);
        let out: { status: number; type: string; body: string } | undefined;
        if (service !== 'other' && !take(service, account, s.region)) {
          call.throttled = true;
          out =
            service === 'ssm'
              ? jsonErr('ThrottlingException', 'Rate exceeded')
              : service === 'organizations'
                ? jsonErr(
                    'TooManyRequestsException',
                    'You have sent too many requests in too short a period of time. The quota helps protect against denial-of-service attacks. Try again later.',
                  )
                : stsErr('Throttling', 'Rate exceeded', 400);
        } else if (service === 'ssm') {
          out = ssm(action, body, account, s.region);
          if (!out && action === 'ModifyDocumentPermission')
            out = await permissionLimits(body, s.region, req.headers);
        } else if (service === 'sts' && action === 'AssumeRole') {
          out = await assumeRole(form!, s.key, req.method ?? 'POST', req.url ?? '/', req.headers, raw);
        }
        if (out) {
          res.writeHead(out.status, { 'content-type': out.type, 'x-amzn-requestid': randomUUID() });
          res.end(out.body);
          return;
        }
        const up = await forward(req.method ?? 'POST', req.url ?? '/', req.headers, raw);
        const headers = { ...up.headers };
        delete headers['transfer-encoding'];
        headers['content-length'] = String(up.body.length);
        res.writeHead(up.status, headers);
        res.end(up.body);
      })().catch((e: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(e));
      });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const addr = server.address();
  const url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  return {
    url,
    calls,
    deployRole: (arn) => void roles.add(arn),
    removeRole: (arn) => void roles.delete(arn),
    associations: (account, region) =>
      assocs
        .filter((a) => (!account || a.account === account) && (!region || a.region === region))
        .map((a) => ({ ...describe(a), account: a.account, region: a.region })),
    throttle: (r) => {
      rates = r;
      buckets.clear();
    },
    clearCalls: () => void calls.splice(0),
    reset: () => {
      calls.splice(0);
      assocs = [];
      roles.clear();
      keyAccount.clear();
      keyArn.clear();
      rates = undefined;
      buckets.clear();
    },
    stop: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
