/**
 * A fleet of managed instances behind an SSM endpoint on 127.0.0.1 (JSON 1.1, X-Amz-Target:
 * AmazonSSM.*), for what moto does not model: instance information, State Manager associations and
 * their executions, command invocations. Every other SSM request (documents) is forwarded to the
 * upstream (moto, or the Distributor double in front of it) unchanged.
 *
 * Running an association is done the way the SSM Agent does it on each targeted instance: read the
 * package document's default version (GetDocument upstream), resolve the manifest with the agent's
 * rule from the instance's os-release ID, VERSION_ID and Go arch (written here independently of the
 * code under test), and fail with the agent's own text when nothing matches. Instances can be given a
 * script outcome (an exit code and stderr) to fail the way our scripts do.
 */
import { GetDocumentCommand, SSMClient } from '@aws-sdk/client-ssm';
import { randomUUID } from 'node:crypto';
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import { expiredTokenAnswer } from '../../scripts/local-aws/fake-ssm.js';
import { refuseAssociation } from './association-rules.js';

export interface FleetNode {
  id: string;
  platformType: 'Linux' | 'Windows' | 'MacOS';
  /** What SSM reports: os-release NAME and its version (CentOS: /etc/centos-release). */
  platformName: string;
  platformVersion: string;
  resourceType?: 'EC2Instance' | 'ManagedInstance';
  tags: Record<string, string>;
  /** What the agent resolves with: os-release ID mapped to Distributor's key, VERSION_ID, GOARCH. */
  agent: { platform: string; version: string; arch: string };
  /** How our script ends on this instance (default: exit 0). */
  script?: { exitCode: number; stderr: string };
  /**
   * EC2 Architecture, when this double also answers EC2 DescribeInstances (point AWS_ENDPOINT_URL_EC2
   * here): for fleets too big to create in moto (its RunInstances takes about 34 ms an instance).
   */
  ec2Arch?: string;
  /** A hybrid (mi-) node's Architecture as SSM DescribeInstanceProperties reports it (absent: not reported). */
  ssmArch?: string;
}

interface Exec {
  id: string;
  /** The association version it ran. */
  associationVersion: number;
  region: string;
  created: number;
  polls: number;
  targets: { id: string; status: string; detail: string; commandId: string }[];
}

interface Invocation {
  stdout: string;
  stderr: string;
  code: number;
  status: string;
}

interface Assoc {
  region: string;
  def: Record<string, unknown>;
  id: string;
  version: number;
  executions: Exec[];
  /** When it was created and last updated (ms): DescribeAssociation's Date and LastUpdateAssociationDate. */
  created: number;
  updated: number;
}

export interface Call {
  action: string;
  body: Record<string, unknown>;
  /** The region of the request's signature. */
  region: string;
  /** Set when the call was refused before it was handled (400: its credentials had expired). */
  status?: number;
  /** The request's session token (temporary credentials), when it had one. */
  token?: string;
}

export interface FakeFleet {
  url: string;
  calls: Call[];
  count(action: string): number;
  add(...nodes: FleetNode[]): void;
  /** Executions answer InProgress for this many DescribeAssociationExecutions polls first. */
  pendingPolls(n: number): void;
  associations(region?: string): Assoc[];
  /** Every later call of the action is refused with this error (as an IAM policy without it would). */
  refuse(action: string, type: string, message: string): void;
  reset(): void;
  stop(): Promise<void>;
}

const HANDLED = new Set([
  'DescribeInstanceInformation',
  'DescribeInstanceProperties',
  'ListAssociations',
  'CreateAssociation',
  'DescribeAssociation',
  'UpdateAssociation',
  'StartAssociationsOnce',
  'DescribeAssociationExecutions',
  'DescribeAssociationExecutionTargets',
  'GetCommandInvocation',
  'ListComplianceItems',
]);

/** The optional fields UpdateAssociation resets to null when they are not sent. */
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

const json = (status: number, value: unknown) => ({ status, body: JSON.stringify(value) });
const err = (type: string, message: string, status = 400) => json(status, { __type: type, message });

function regionOf(h: IncomingHttpHeaders): string {
  return /Credential=[^/]+\/\d+\/([^/]+)\//.exec(String(h.authorization ?? ''))?.[1] ?? 'us-east-1';
}

type Packages = Record<string, Record<string, Record<string, { file: string }>>>;

/** The version key the agent picks among `keys` (FACTS.md §3): exact; the X.* with most components; _any; *. */
function agentVersionKey(keys: string[], version: string): string | undefined {
  if (keys.includes(version)) return version;
  const nano = version.endsWith('nano');
  const mine = (nano ? version.slice(0, -'nano'.length) : version).split('.');
  let best: { key: string; n: number } | undefined;
  for (const key of keys) {
    // On Nano Server only keys ending in nano are candidates, and they are candidates nowhere else.
    if (key.endsWith('nano') !== nano) continue;
    const body = nano ? key.slice(0, -'nano'.length) : key;
    if (!body.endsWith('.*')) continue;
    const want = body.slice(0, -'.*'.length).split('.');
    if (want.length > mine.length || want.some((c, k) => c !== mine[k])) continue;
    if (!best || want.length > best.n) best = { key, n: want.length };
  }
  if (best) return best.key;
  return ['_any', '*'].find((k) => keys.includes(k));
}

/**
 * The SSM Agent's package selection (FACTS.md §3), written here apart from the code under test:
 * platform, version, arch, each exact first, no backtracking; then the file must be in `files`.
 * Returns the file, or the agent's own error text.
 */
export function agentResolve(
  doc: { packages?: Packages; files?: Record<string, unknown> },
  p: { platform: string; version: string; arch: string },
): { file: string } | { error: string } {
  const none = {
    error: `failed to find platform: no manifest found for platform: ${p.platform}, version ${p.version}, architecture ${p.arch}`,
  };
  const packages = doc.packages ?? {};
  const plat = Object.hasOwn(packages, p.platform) ? packages[p.platform] : packages._any;
  if (!plat) return none;
  const v = agentVersionKey(Object.keys(plat), p.version);
  if (v === undefined) return none;
  const arches = plat[v]!;
  const chosen = Object.hasOwn(arches, p.arch) ? arches[p.arch] : arches._any;
  if (!chosen) return none;
  if (!doc.files || !Object.hasOwn(doc.files, chosen.file))
    return { error: `failed to find file for &{FileName:${chosen.file}}` };
  return { file: chosen.file };
}

/** One target or filter: the node has one of its values (a tag's value, or its ID). */
function selects(node: FleetNode, t: { Key: string; Values: string[] }): boolean {
  if (t.Key === 'InstanceIds') return t.Values.includes('*') || t.Values.includes(node.id);
  if (t.Key.startsWith('tag:')) return t.Values.includes(node.tags[t.Key.slice(4)] ?? '\0');
  if (t.Key === 'tag-key') return t.Values.some((k) => Object.hasOwn(node.tags, k));
  return false;
}

/** DescribeInstanceInformation's (and EC2's) filters: every filter must hold (AND). */
function matches(node: FleetNode, filters: { Key: string; Values: string[] }[]): boolean {
  return filters.every((f) => selects(node, f));
}

/**
 * An association's targets: State Manager runs it on every node that any target selects (OR), as
 * this project reads the State Manager guide (issue 30); a target's values are OR'ed too.
 */
function targeted(node: FleetNode, targets: { Key: string; Values: string[] }[]): boolean {
  return targets.some((t) => selects(node, t));
}

function forward(upstream: string, headers: IncomingHttpHeaders, body: Buffer) {
  const u = new URL(upstream);
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, path: '/', method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 500, body: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

export async function startFakeFleet(upstream: string): Promise<FakeFleet> {
  const calls: Call[] = [];
  let nodes: FleetNode[] = [];
  let assocs: Assoc[] = [];
  const invocations = new Map<string, Invocation>();
  let pending = 0;
  const refused = new Map<string, { type: string; message: string }>();
  const clients = new Map<string, SSMClient>();
  const docClient = (region: string) => {
    let c = clients.get(region);
    if (!c) {
      c = new SSMClient({
        region,
        endpoint: upstream,
        maxAttempts: 1,
        credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'x' },
      });
      clients.set(region, c);
    }
    return c;
  };

  const describe = (a: Assoc) => ({
    AssociationId: a.id,
    AssociationVersion: String(a.version),
    Status: { Name: 'Success', Message: '', Date: Date.now() / 1000 },
    Date: a.created / 1000,
    LastUpdateAssociationDate: a.updated / 1000,
    ...Object.fromEntries(Object.entries(a.def).filter(([, v]) => v !== null && v !== undefined)),
  });

  /** Runs the association on its targets now, as the agents would. */
  const run = async (a: Assoc) => {
    const params = (a.def.Parameters ?? {}) as Record<string, string[]>;
    const name = params.name?.[0] ?? '';
    const version = params.version?.[0] ?? '';
    let content: { packages?: Packages; files?: Record<string, unknown> } | undefined;
    let docError = '';
    try {
      const doc = await docClient(a.region).send(
        new GetDocumentCommand({ Name: name, ...(version ? { VersionName: version } : {}) }),
      );
      content = JSON.parse(doc.Content ?? '{}') as typeof content;
    } catch (e) {
      docError = `failed to retrieve package document ${name}: ${(e as Error).message}`;
    }
    const targets = (a.def.Targets ?? []) as { Key: string; Values: string[] }[];
    const exec: Exec = {
      id: randomUUID(),
      associationVersion: a.version,
      region: a.region,
      created: Date.now(),
      polls: pending,
      targets: [],
    };
    for (const n of nodes.filter((x) => targeted(x, targets))) {
      const commandId = randomUUID();
      const chosen = content ? agentResolve(content, n.agent) : { error: docError };
      const head = `Initiating ${name} ${String(params.action?.[0] ?? 'Install').toLowerCase()}\n`;
      let inv: Invocation;
      if ('error' in chosen) {
        inv = { stdout: head, stderr: `${chosen.error}\n`, code: 1, status: 'Failed' };
      } else if (n.script && n.script.exitCode !== 0) {
        inv = {
          stdout: `${head}Plugin aws:runPackage: running install for ${chosen.file}\n`,
          stderr: `${n.script.stderr}\nfailed to run commands: exit status ${n.script.exitCode}\n`,
          code: n.script.exitCode,
          status: 'Failed',
        };
      } else
        inv = {
          stdout: `${head}[uptycs-distributor] install.sh: installing from ${chosen.file}\n[uptycs-distributor] installed\nSuccessfully installed ${name}\n`,
          stderr: '',
          code: 0,
          status: 'Success',
        };
      invocations.set(`${commandId}/${n.id}`, inv);
      exec.targets.push({ id: n.id, status: inv.status, detail: inv.status, commandId });
    }
    a.executions.push(exec);
  };

  const page = <T>(items: T[], body: Record<string, unknown>, max: number, dflt = max) => {
    const size = Number(body.MaxResults ?? dflt);
    const start = Number(body.NextToken ?? 0);
    return {
      items: items.slice(start, start + size),
      next: start + size < items.length ? { NextToken: String(start + size) } : {},
      bad: size > max || size < 1,
    };
  };

  const handle = async (action: string, body: Record<string, unknown>, region: string) => {
    switch (action) {
      case 'DescribeInstanceInformation': {
        if (body.InstanceInformationFilterList && body.Filters)
          return err('ValidationException', 'use Filters or InstanceInformationFilterList, not both');
        const size = Number(body.MaxResults ?? 50);
        if (size < 5 || size > 50)
          return err('ValidationException', `MaxResults ${size} must be between 5 and 50`);
        const filters = (body.Filters ?? []) as { Key: string; Values: string[] }[];
        // As the API reference says: tag filters can't be combined with other filter types (the
        // error code is this double's choice; the rule is the service's).
        const isTag = (f: { Key: string }) => f.Key.startsWith('tag:') || f.Key === 'tag-key';
        if (filters.some(isTag) && !filters.every(isTag))
          return err('InvalidFilterKey', "Tag filters can't be combined with other filter types");
        for (const f of filters)
          if (!f.Values?.length || f.Values.length > 100)
            return err('InvalidInstanceInformationFilterValue', `filter ${f.Key} takes 1 to 100 values`);
        // An instance ID that is not a managed node fails the whole call.
        const ids = filters.find((f) => f.Key === 'InstanceIds')?.Values ?? [];
        const stray = ids.filter((id) => id !== '*' && !nodes.some((n) => n.id === id));
        if (stray.length)
          return err(
            'InvalidInstanceId',
            `Instances [[${stray.join(', ')}]] not in a valid state for account`,
          );
        const list = nodes.filter((n) => matches(n, filters));
        const p = page(list, body, 50);
        return json(200, {
          InstanceInformationList: p.items.map((n) => ({
            InstanceId: n.id,
            PingStatus: 'Online',
            PlatformType: n.platformType,
            PlatformName: n.platformName,
            PlatformVersion: n.platformVersion,
            ResourceType: n.resourceType ?? (n.id.startsWith('mi-') ? 'ManagedInstance' : 'EC2Instance'),
            AgentVersion: '3.3.1142.0',
          })),
          ...p.next,
        });
      }
      case 'DescribeInstanceProperties': {
        // MaxResults 5 to 1,000 (API reference); the filters this double models: InstanceIds.
        const size = Number(body.MaxResults ?? 50);
        if (size < 5 || size > 1000)
          return err('ValidationException', `MaxResults ${size} must be between 5 and 1000`);
        if (body.FiltersWithOperator)
          return err('InvalidFilterKey', 'FiltersWithOperator is not modelled here');
        const filters = (body.InstancePropertyFilterList ?? []) as { key: string; valueSet: string[] }[];
        const other = filters.find((f) => f.key !== 'InstanceIds');
        if (other) return err('InvalidFilterKey', `filter key ${other.key} is not modelled here`);
        for (const f of filters)
          if (!f.valueSet?.length)
            return err('InvalidInstancePropertyFilterValue', `filter ${f.key} needs values`);
        const ids = filters.flatMap((f) => f.valueSet);
        const list = nodes.filter((n) => !ids.length || ids.includes(n.id));
        const p = page(list, body, 1000, 50);
        return json(200, {
          InstanceProperties: p.items.map((n) => {
            const hybrid = n.id.startsWith('mi-');
            const arch = hybrid ? n.ssmArch : n.ec2Arch;
            return {
              InstanceId: n.id,
              PlatformType: n.platformType,
              PlatformName: n.platformName,
              PlatformVersion: n.platformVersion,
              ResourceType: n.resourceType ?? (hybrid ? 'ManagedInstance' : 'EC2Instance'),
              ...(arch ? { Architecture: arch } : {}),
            };
          }),
          ...p.next,
        });
      }
      case 'ListAssociations': {
        const f = (body.AssociationFilterList ?? []) as { key: string; value: string }[];
        const list = assocs.filter(
          (a) =>
            a.region === region &&
            f.every((x) => x.key !== 'AssociationName' || a.def.AssociationName === x.value),
        );
        const p = page(list, body, 50, 50);
        return json(200, {
          Associations: p.items.map((a) => ({
            AssociationId: a.id,
            AssociationName: a.def.AssociationName,
            Name: a.def.Name,
            AssociationVersion: String(a.version),
          })),
          ...p.next,
        });
      }
      case 'CreateAssociation': {
        if (!body.Name) return err('ValidationException', 'Name is required');
        const refused = refuseAssociation(body);
        if (refused) return err(refused.type, refused.message);
        if (assocs.some((a) => a.region === region && a.def.AssociationName === body.AssociationName))
          return err('AssociationAlreadyExists', 'An association with this name already exists');
        if (body.ApplyOnlyAtCronInterval && !String(body.ScheduleExpression ?? '').startsWith('cron('))
          return err('InvalidSchedule', 'ApplyOnlyAtCronInterval needs a cron expression');
        const now = Date.now();
        const a: Assoc = {
          region,
          def: { ...body },
          id: randomUUID(),
          version: 1,
          executions: [],
          created: now,
          updated: now,
        };
        assocs.push(a);
        if (!body.ApplyOnlyAtCronInterval) await run(a);
        return json(200, { AssociationDescription: describe(a) });
      }
      case 'DescribeAssociation': {
        const a = assocs.find((x) => x.id === body.AssociationId && x.region === region);
        if (!a) return err('AssociationDoesNotExist', 'association not found');
        return json(200, { AssociationDescription: describe(a) });
      }
      case 'UpdateAssociation': {
        const a = assocs.find((x) => x.id === body.AssociationId && x.region === region);
        if (!a) return err('AssociationDoesNotExist', 'association not found');
        const refused = refuseAssociation({ ...a.def, ...body, InstanceId: a.def.InstanceId });
        if (refused) return err(refused.type, refused.message);
        const def: Record<string, unknown> = {};
        // Every optional field not sent becomes null, as in SSM.
        for (const k of OPTIONAL) def[k] = k in body ? body[k] : null;
        def.Name = body.Name ?? a.def.Name;
        def.AssociationName = body.AssociationName ?? a.def.AssociationName;
        a.def = def;
        a.version++;
        a.updated = Date.now();
        if (!def.ApplyOnlyAtCronInterval) await run(a);
        return json(200, { AssociationDescription: describe(a) });
      }
      case 'StartAssociationsOnce': {
        for (const id of (body.AssociationIds ?? []) as string[]) {
          const a = assocs.find((x) => x.id === id && x.region === region);
          if (!a) return err('InvalidAssociation', `association ${id} not found`);
          await run(a);
        }
        return json(200, {});
      }
      case 'DescribeAssociationExecutions': {
        const a = assocs.find((x) => x.id === body.AssociationId && x.region === region);
        if (!a) return err('AssociationDoesNotExist', 'association not found');
        // The API promises no order: this double answers oldest first, and applies CreatedTime filters.
        const f = (body.Filters ?? []) as { Key: string; Value: string; Type: string }[];
        for (const x of f)
          if (
            !['ExecutionId', 'Status', 'CreatedTime'].includes(x.Key) ||
            !['EQUAL', 'LESS_THAN', 'GREATER_THAN'].includes(x.Type)
          )
            return err('InvalidFilter', `filter ${x.Key} ${x.Type}`);
        const list = a.executions.filter((e) =>
          f.every((x) => {
            if (x.Key !== 'CreatedTime') return x.Key !== 'ExecutionId' || e.id === x.Value;
            const t = Date.parse(x.Value);
            return x.Type === 'GREATER_THAN'
              ? e.created > t
              : x.Type === 'LESS_THAN'
                ? e.created < t
                : e.created === t;
          }),
        );
        const p = page(list, body, 50, 50);
        return json(200, {
          AssociationExecutions: p.items.map((e) => {
            const done = e.polls <= 0;
            if (!done) e.polls--;
            const failed = e.targets.filter((t) => t.status !== 'Success').length;
            return {
              AssociationId: a.id,
              AssociationVersion: String(e.associationVersion),
              ExecutionId: e.id,
              CreatedTime: e.created / 1000,
              Status: done ? (failed ? 'Failed' : 'Success') : 'InProgress',
              DetailedStatus: done ? (failed ? 'Failed' : 'Success') : 'InProgress',
              ResourceCountByStatus: done
                ? JSON.stringify({
                    Success: e.targets.length - failed,
                    ...(failed ? { Failed: failed } : {}),
                  })
                : JSON.stringify({ InProgress: e.targets.length }),
            };
          }),
          ...p.next,
        });
      }
      case 'DescribeAssociationExecutionTargets': {
        const a = assocs.find((x) => x.id === body.AssociationId && x.region === region);
        const e = a?.executions.find((x) => x.id === body.ExecutionId);
        if (!a || !e) return err('AssociationExecutionDoesNotExist', 'execution not found');
        const p = page(e.targets, body, 50, 50);
        if (p.bad) return err('ValidationException', 'MaxResults must be 1 to 50');
        return json(200, {
          AssociationExecutionTargets: p.items.map((t) => ({
            AssociationId: a.id,
            ExecutionId: e.id,
            ResourceId: t.id,
            ResourceType: 'ManagedInstance',
            Status: e.polls > 0 ? 'InProgress' : t.status,
            DetailedStatus: e.polls > 0 ? 'InProgress' : t.detail,
            OutputSource: { OutputSourceId: t.commandId, OutputSourceType: 'RunCommand' },
          })),
          ...p.next,
        });
      }
      case 'ListComplianceItems': {
        // Association compliance: what the association's last run on the instance recorded (SyncCompliance AUTO).
        const ids = (body.ResourceIds ?? []) as string[];
        if (ids.length !== 1)
          return err('ValidationException', 'ResourceIds: currently only one resource ID can be specified');
        const types = (body.ResourceTypes ?? ['ManagedInstance']) as string[];
        if (types.length !== 1 || types[0] !== 'ManagedInstance')
          return err(
            'ValidationException',
            'ResourceTypes: the only supported resource type is ManagedInstance',
          );
        const filters = (body.Filters ?? []) as { Key: string; Values: string[] }[];
        const items = assocs
          .filter((a) => a.region === region && a.def.SyncCompliance !== 'MANUAL')
          .flatMap((a) => {
            const last = [...a.executions].reverse().find((e) => e.targets.some((t) => t.id === ids[0]));
            const t = last?.targets.find((x) => x.id === ids[0]);
            if (!last || !t) return [];
            return [
              {
                ComplianceType: 'Association',
                ResourceType: 'ManagedInstance',
                ResourceId: ids[0],
                Id: a.id,
                Title: '',
                Status: t.status === 'Success' ? 'COMPLIANT' : 'NON_COMPLIANT',
                Severity: a.def.ComplianceSeverity ?? 'UNSPECIFIED',
                ExecutionSummary: {
                  ExecutionTime: last.created / 1000,
                  ExecutionId: last.id,
                  ExecutionType: 'Command',
                },
                Details: { DocumentName: String(a.def.Name ?? ''), DocumentVersion: '1' },
              },
            ];
          })
          .filter((i) =>
            filters.every((f) => f.Key !== 'ComplianceType' || f.Values.includes(i.ComplianceType)),
          );
        const p = page(items, body, 50, 50);
        if (p.bad) return err('ValidationException', 'MaxResults must be 1 to 50');
        return json(200, { ComplianceItems: p.items, ...p.next });
      }
      case 'GetCommandInvocation': {
        const inv = invocations.get(`${String(body.CommandId)}/${String(body.InstanceId)}`);
        if (!inv) return err('InvocationDoesNotExist', 'no such invocation');
        return json(200, {
          CommandId: body.CommandId,
          InstanceId: body.InstanceId,
          DocumentName: 'AWS-ConfigureAWSPackage',
          Status: inv.status,
          StatusDetails: inv.status,
          ResponseCode: inv.code,
          StandardOutputContent: inv.stdout.slice(0, 24_000),
          StandardErrorContent: inv.stderr.slice(0, 8_000),
        });
      }
    }
    return err('UnknownOperationException', action);
  };

  /** EC2 DescribeInstances (query protocol, XML), over the nodes that have an ec2Arch; one reservation each. */
  const ec2 = (form: URLSearchParams, region: string) => {
    const xml = (status: number, body: string) => ({ status, body, type: 'text/xml' });
    if (form.get('Action') !== 'DescribeInstances')
      return xml(
        400,
        `<Response><Errors><Error><Code>InvalidAction</Code><Message>${form.get('Action')}</Message></Error></Errors></Response>`,
      );
    calls.push({ action: 'ec2:DescribeInstances', body: Object.fromEntries(form), region });
    const filters: { Key: string; Values: string[] }[] = [];
    for (let i = 1; form.has(`Filter.${i}.Name`); i++) {
      const values: string[] = [];
      for (let j = 1; form.has(`Filter.${i}.Value.${j}`); j++)
        values.push(form.get(`Filter.${i}.Value.${j}`)!);
      const name = form.get(`Filter.${i}.Name`)!;
      filters.push({ Key: name === 'instance-id' ? 'InstanceIds' : name, Values: values });
    }
    const size = Number(form.get('MaxResults') ?? 1000);
    if (size < 5 || size > 1000)
      return xml(
        400,
        '<Response><Errors><Error><Code>InvalidParameterValue</Code><Message>MaxResults must be 5 to 1000</Message></Error></Errors></Response>',
      );
    const list = nodes.filter((n) => n.ec2Arch && matches(n, filters));
    const start = Number(form.get('NextToken') ?? 0);
    const items = list.slice(start, start + size);
    const next = start + size < list.length ? `<nextToken>${start + size}</nextToken>` : '';
    const reservations = items
      .map(
        (n) =>
          `<item><reservationId>r-${n.id.slice(2)}</reservationId><instancesSet><item><instanceId>${n.id}</instanceId><architecture>${n.ec2Arch}</architecture><instanceState><code>16</code><name>running</name></instanceState></item></instancesSet></item>`,
      )
      .join('');
    return xml(
      200,
      `<?xml version="1.0" encoding="UTF-8"?><DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>0</requestId><reservationSet>${reservations}</reservationSet>${next}</DescribeInstancesResponse>`,
    );
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      if (String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
        const r = ec2(new URLSearchParams(raw.toString()), regionOf(req.headers));
        res.writeHead(r.status, { 'content-type': r.type }).end(r.body);
        return;
      }
      const action = String(req.headers['x-amz-target'] ?? '').replace(/^AmazonSSM\./, '');
      const reply = (r: { status: number; body: string }) =>
        res.writeHead(r.status, { 'content-type': 'application/x-amz-json-1.1' }).end(r.body);
      // Temporary credentials that have expired are refused, as AWS does (see expiredTokenAnswer).
      const expired = expiredTokenAnswer(req.headers);
      if (expired) {
        calls.push({ action, body: {}, region: regionOf(req.headers), status: expired.status });
        return reply(expired);
      }
      if (!HANDLED.has(action)) {
        forward(upstream, req.headers, raw).then(reply, (e: Error) =>
          reply(err('InternalServerError', e.message, 500)),
        );
        return;
      }
      const body = JSON.parse(raw.toString() || '{}') as Record<string, unknown>;
      const region = regionOf(req.headers);
      const token = req.headers['x-amz-security-token'];
      calls.push({ action, body, region, ...(typeof token === 'string' ? { token } : {}) });
      const no = refused.get(action);
      if (no) return reply(err(no.type, no.message));
      handle(action, body, region).then(reply, (e: Error) =>
        reply(err('InternalServerError', e.message, 500)),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  const url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  return {
    url,
    calls,
    count: (action) => calls.filter((c) => c.action === action).length,
    add: (...n) => {
      nodes = nodes.concat(n);
    },
    pendingPolls: (n) => {
      pending = n;
    },
    associations: (region) => assocs.filter((a) => !region || a.region === region),
    refuse(action, type, message) {
      refused.set(action, { type, message });
    },
    reset() {
      calls.length = 0;
      refused.clear();
      nodes = [];
      assocs = [];
      invocations.clear();
      pending = 0;
    },
    async stop() {
      for (const c of clients.values()) c.destroy();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

/** One kind of instance of the test fleet: what SSM reports, what the agent sees, the EC2 arch. */
export interface NodeKind {
  label: string;
  platformType: FleetNode['platformType'];
  platformName: string;
  platformVersion: string;
  agent: FleetNode['agent'];
  /** EC2 Architecture; undefined for a hybrid (mi-) node. */
  ec2Arch?: 'x86_64' | 'arm64' | 'arm64_mac';
  script?: FleetNode['script'];
}

/** Many platforms, as SSM and the SSM Agent describe them (FACTS.md §6). */
export const FLEET_KINDS: NodeKind[] = [
  {
    label: 'al2-x86',
    platformType: 'Linux',
    platformName: 'Amazon Linux',
    platformVersion: '2',
    agent: { platform: 'amazon', version: '2', arch: 'x86_64' },
    ec2Arch: 'x86_64',
  },
  {
    label: 'al2023-arm',
    platformType: 'Linux',
    platformName: 'Amazon Linux',
    platformVersion: '2023',
    agent: { platform: 'amazon', version: '2023', arch: 'arm64' },
    ec2Arch: 'arm64',
  },
  ...['20.04', '22.04', '24.04'].flatMap((v) =>
    (['x86_64', 'arm64'] as const).map((arch) => ({
      label: `ubuntu-${v}-${arch}`,
      platformType: 'Linux' as const,
      platformName: 'Ubuntu',
      platformVersion: v,
      agent: { platform: 'ubuntu', version: v, arch },
      ec2Arch: arch,
    })),
  ),
  {
    label: 'rhel-9-x86',
    platformType: 'Linux',
    platformName: 'Red Hat Enterprise Linux',
    platformVersion: '9.4',
    agent: { platform: 'redhat', version: '9.4', arch: 'x86_64' },
    ec2Arch: 'x86_64',
  },
  {
    label: 'sles-arm',
    platformType: 'Linux',
    platformName: 'SLES',
    platformVersion: '15.5',
    agent: { platform: 'suse', version: '15.5', arch: 'arm64' },
    ec2Arch: 'arm64',
  },
  {
    label: 'rocky-9',
    platformType: 'Linux',
    platformName: 'Rocky Linux',
    platformVersion: '9.4',
    agent: { platform: 'rocky', version: '9.4', arch: 'x86_64' },
    ec2Arch: 'x86_64',
  },
  {
    label: 'centos-7',
    platformType: 'Linux',
    platformName: 'CentOS Linux',
    platformVersion: '7.9.2009',
    agent: { platform: 'centos', version: '7', arch: 'x86_64' },
    ec2Arch: 'x86_64',
  },
  {
    label: 'windows-2022',
    platformType: 'Windows',
    platformName: 'Microsoft Windows Server 2022 Datacenter',
    platformVersion: '10.0.20348',
    agent: { platform: 'windows', version: '10.0.20348', arch: 'x86_64' },
    ec2Arch: 'x86_64',
  },
  {
    label: 'hybrid-ubuntu',
    platformType: 'Linux',
    platformName: 'Ubuntu',
    platformVersion: '22.04',
    agent: { platform: 'ubuntu', version: '22.04', arch: 'x86_64' },
  },
  {
    label: 'macos',
    platformType: 'MacOS',
    platformName: 'macOS',
    platformVersion: '14.5',
    agent: { platform: 'mac_os_x', version: '14.5', arch: 'arm64' },
    ec2Arch: 'arm64_mac',
  },
  {
    label: 'gentoo',
    platformType: 'Linux',
    platformName: 'Gentoo',
    platformVersion: '2.15',
    agent: { platform: 'gentoo', version: '2.15', arch: 'x86_64' },
    ec2Arch: 'x86_64',
  },
  {
    label: 'ubuntu-not-root',
    platformType: 'Linux',
    platformName: 'Ubuntu',
    platformVersion: '22.04',
    agent: { platform: 'ubuntu', version: '22.04', arch: 'x86_64' },
    ec2Arch: 'x86_64',
    script: {
      exitCode: 10,
      stderr:
        '[uptycs-distributor] ERROR: must run as root (uid is 1000); SSM Agent runs package scripts as root',
    },
  },
];

/** moto's bundled AMIs: one x86_64, one arm64 (an instance takes its AMI's architecture). */
const AMIS = { x86_64: 'ami-12c6146b', arm64: 'ami-0e9271c829888680e' } as const;

let hybridSeq = 0;

/**
 * Creates `count` instances of a kind: EC2 instances in moto (their architecture from the AMI) and
 * the matching managed instances in the fleet double; hybrid kinds get mi- IDs and no EC2 instance.
 * The mac kind runs on an arm64 AMI (moto has no mac AMI): EC2 reports arm64, as for arm64_mac.
 */
export async function seedKind(
  fleet: FakeFleet,
  ec2: import('@aws-sdk/client-ec2').EC2Client,
  kind: NodeKind,
  count: number,
  tags: Record<string, string>,
): Promise<string[]> {
  const { RunInstancesCommand } = await import('@aws-sdk/client-ec2');
  let ids: string[] = [];
  if (!kind.ec2Arch) {
    ids = Array.from({ length: count }, () => `mi-${(++hybridSeq).toString(16).padStart(17, '0')}`);
  } else {
    for (let left = count; left > 0; left -= 500) {
      const n = Math.min(500, left);
      const out = await ec2.send(
        new RunInstancesCommand({
          ImageId: kind.ec2Arch === 'x86_64' ? AMIS.x86_64 : AMIS.arm64,
          MinCount: n,
          MaxCount: n,
          InstanceType: 't3.micro',
          TagSpecifications: [
            { ResourceType: 'instance', Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) },
          ],
        }),
      );
      ids = ids.concat((out.Instances ?? []).map((i) => i.InstanceId!));
    }
  }
  fleet.add(
    ...ids.map((id) => ({
      id,
      platformType: kind.platformType,
      platformName: kind.platformName,
      platformVersion: kind.platformVersion,
      tags,
      agent: kind.agent,
      ...(kind.script ? { script: kind.script } : {}),
    })),
  );
  return ids;
}

/**
 * `count` nodes cycling through FLEET_KINDS, with EC2 architectures answered by this double (not moto):
 * hybrid kinds get mi- IDs and no architecture.
 */
export function syntheticNodes(count: number, tags: Record<string, string>): FleetNode[] {
  return Array.from({ length: count }, (_, k) => {
    const kind = FLEET_KINDS[k % FLEET_KINDS.length]!;
    const hex = (k + 1).toString(16).padStart(17, '0');
    return {
      id: kind.ec2Arch ? `i-${hex}` : `mi-${hex}`,
      platformType: kind.platformType,
      platformName: kind.platformName,
      platformVersion: kind.platformVersion,
      tags,
      agent: kind.agent,
      ...(kind.ec2Arch ? { ec2Arch: kind.ec2Arch } : {}),
      ...(kind.script ? { script: kind.script } : {}),
    };
  });
}
