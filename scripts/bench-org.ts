/**
 * `npm run bench:org` (part of `npm run bench`): the whole-Organization stage against a simulated
 * Organization on 127.0.0.1: moto_server (Organizations with nested OUs, SSM documents and their sharing,
 * STS with per-account state) behind the wire-level double of __tests__/helpers/fake-org.ts (associations
 * per account and region, member roles, throttling per account, region and service). For each size it
 * runs the stage cold (every account shared with, every association created) and converged (nothing
 * changed), through the real AWS SDK and src/organization's own code, and prints the API calls (reads,
 * writes, throttled retries) and the wall time, best of N with the spread. No throttling may surface as
 * a failure, and a converged run must make no write call.
 *
 *   npm run bench:org
 *   npm run bench:org -- --accounts 10,100,1000 --regions 17 --runs 3
 *   npm run bench:org -- --rings   (a rollout plan's ring, pinned per ring: the hub's rings run first, in the
 *                                  fleet double, and every member follows the hub's pin)
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  CreateAccountCommand,
  CreateOrganizationCommand,
  CreateOrganizationalUnitCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { CreateDocumentCommand, SSMClient } from '@aws-sdk/client-ssm';
import { HUB, startFakeOrg, type FakeOrg } from '../__tests__/helpers/fake-org.js';
import { startFakeFleet } from '../__tests__/helpers/fake-fleet.js';
import { startFakeSsm } from './local-aws/fake-ssm.js';
import { startMoto } from './local-aws/moto.js';
import { textLog } from '../src/common/log.js';
import type { Inputs } from '../src/inputs/index.js';
import { INPUT_DEFAULTS } from '../src/inputs/index.js';
import { readRolloutInputs } from '../src/inputs/rollout.js';
import { organizationStage, writesOf } from '../src/organization/index.js';
import { syncSharing } from '../src/publish/ssm.js';
import type { BuiltPackage } from '../src/package/types.js';

const { values } = parseArgs({
  options: {
    accounts: { type: 'string', default: '10,100' },
    regions: { type: 'string', default: '17' },
    runs: { type: 'string', default: '3' },
    concurrency: { type: 'string', default: '16' },
    rings: { type: 'boolean', default: false },
  },
});
const SIZES = values.accounts.split(',').map(Number);
const RUNS = Number(values.runs);
const REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-central-1',
  'eu-north-1',
  'ap-south-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-southeast-1',
  'ap-southeast-2',
  'sa-east-1',
].slice(0, Number(values.regions));
/**
 * Injected request rates (token buckets): per account and region for SSM, per calling account and region
 * for STS, per management account for Organizations. Assumed values: AWS publishes no per-API rate for
 * these calls, so the bench uses low ones to make throttling happen.
 */
const RATES = {
  ssm: { perSecond: 20, burst: 40 },
  sts: { perSecond: 50, burst: 100 },
  organizations: { perSecond: 5, burst: 10 },
};
const READ_ROLE = `arn:aws:iam::${HUB}:role/uptycs-org-read`;
const MEMBER_ROLE = 'arn:aws:iam::{account}:role/uptycs-member';

/** An Organization of n accounts: 3 top OUs, each with 2 nested OUs; accounts spread over the 9 OUs. */
async function buildOrganization(fake: FakeOrg, n: number): Promise<string> {
  const org = new OrganizationsClient({ region: 'us-east-1', endpoint: fake.url });
  await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  const root = (await org.send(new ListRootsCommand({}))).Roots![0]!.Id!;
  const ous: string[] = [];
  for (let t = 0; t < 3; t++) {
    const top = (await org.send(new CreateOrganizationalUnitCommand({ ParentId: root, Name: `top-${t}` })))
      .OrganizationalUnit!.Id!;
    ous.push(top);
    for (let c = 0; c < 2; c++)
      ous.push(
        (await org.send(new CreateOrganizationalUnitCommand({ ParentId: top, Name: `child-${t}-${c}` })))
          .OrganizationalUnit!.Id!,
      );
  }
  fake.deployRole(READ_ROLE);
  for (let i = 0; i < n; i++) {
    const id = (
      await org.send(new CreateAccountCommand({ AccountName: `acct-${i}`, Email: `acct-${i}@example.com` }))
    ).CreateAccountStatus!.AccountId!;
    await org.send(
      new MoveAccountCommand({
        AccountId: id,
        SourceParentId: root,
        DestinationParentId: ous[i % ous.length]!,
      }),
    );
    fake.deployRole(MEMBER_ROLE.replace('{account}', id));
  }
  org.destroy();
  return root;
}

async function createDocuments(url: string): Promise<void> {
  for (const region of REGIONS) {
    const ssm = new SSMClient({ region, endpoint: url });
    await ssm.send(
      new CreateDocumentCommand({
        Name: 'UptycsAgent',
        DocumentType: 'Command',
        Content: JSON.stringify({ schemaVersion: '2.2', description: 'bench', mainSteps: [] }),
        VersionName: '5.7.0.25',
      }),
    );
    ssm.destroy();
  }
}

interface RunStats {
  ms: number;
  calls: number;
  writes: number;
  shareCalls: number;
  throttled: number;
  failed: number;
}

/** One scheduled run: list and share (the publish stage's syncSharing), then every member account. */
async function oneRun(
  fake: FakeOrg,
  root: string,
  env: NodeJS.ProcessEnv,
  concurrency: number,
  plan?: string,
): Promise<RunStats> {
  const log = textLog(() => undefined);
  const problems: string[] = [];
  const rollout = readRolloutInputs(
    (n) => (plan ? (n === 'rollout-plan' ? plan : '') : n === 'rollout-targets' ? 'tag:uptycs=yes' : ''),
    (_n, m) => problems.push(m),
    'UptycsAgent',
  )!;
  if (problems.length) throw new Error(problems.join('; '));
  const inputs = {
    ...INPUT_DEFAULTS,
    awsRegions: REGIONS,
    packageName: 'UptycsAgent',
    roleToAssume: '',
    roleSessionName: 'bench',
    roleDurationSeconds: 3600,
    shareWithAccounts: [],
    dryRun: false,
    rollout,
    rolloutPlan: 'plan.json',
    organization: { readRole: READ_ROLE, memberRole: MEMBER_ROLE, ous: [root], concurrency },
  } as unknown as Inputs;
  fake.clearCalls();
  const t0 = performance.now();
  const stage = organizationStage({
    log,
    env,
    options: { throttle: { baseDelayMs: 50, maxDelayMs: 5000, budgetMs: 10 * 60_000 } },
  });
  const p = await stage.prepare(inputs);
  await Promise.all(
    REGIONS.map(async (region) => {
      const ssm = new SSMClient({ region, endpoint: fake.url, maxAttempts: 10 });
      await syncSharing({ ssm, name: 'UptycsAgent', region, account: HUB, principal: 'bench', log }, p.share);
      ssm.destroy();
    }),
  );
  const pkg = { packageName: 'UptycsAgent', version: '5.7.0.25' } as BuiltPackage;
  const out = await stage.rollout(pkg, inputs);
  const ms = performance.now() - t0;
  const calls = fake.calls.filter((c) => !c.throttled);
  return {
    ms,
    calls: calls.length,
    // With rings the hub's writes count too (its ring association, its default version).
    writes: plan
      ? calls.filter((c) =>
          /^(Create|Update|Delete)Association$|^UpdateDocumentDefaultVersion$/.test(c.action),
        ).length
      : writesOf(stage.calls),
    shareCalls: calls.filter((c) => c.action === 'ModifyDocumentPermission').length,
    throttled: fake.calls.filter((c) => c.throttled).length,
    failed: out.results.members.filter((m) => m.error || m.regions.some((r) => r.error)).length,
  };
}

const fmt = (xs: number[]) => {
  const best = Math.min(...xs);
  return `${(best / 1000).toFixed(1)} s (spread ${((Math.max(...xs) - best) / 1000).toFixed(1)} s)`;
};

async function main(): Promise<void> {
  const moto = await startMoto();
  // With --rings: the hub's associations in the fleet double (which runs them), documents in the
  // Distributor double (ListDocumentVersions), member accounts' associations in the Organization's.
  const docs = values.rings ? await startFakeSsm(moto.url) : undefined;
  const fleet = docs ? await startFakeFleet(docs.url) : undefined;
  const fake = fleet
    ? await startFakeOrg(moto.url, fleet.url, { hubAssociations: 'upstream' })
    : await startFakeOrg(moto.url);
  const env = { ...process.env, AWS_ENDPOINT_URL: fake.url };
  const work = mkdtempSync(path.join(tmpdir(), 'bench-org-'));
  const plan = values.rings ? path.join(work, 'plan.json') : undefined;
  if (plan)
    writeFileSync(
      plan,
      JSON.stringify({ rings: [{ name: 'fleet', targets: ['tag:uptycs=yes'], bake: '0h' }] }),
    );
  console.log(
    `bench:org${values.rings ? ' (rings: pinned per ring)' : ''}: ${REGIONS.length} regions, concurrency ${values.concurrency} accounts, throttling SSM ${RATES.ssm.perSecond}/s, STS ${RATES.sts.perSecond}/s, Organizations ${RATES.organizations.perSecond}/s; best of ${RUNS}`,
  );
  try {
    for (const n of SIZES) {
      const cold: RunStats[] = [];
      const warm: RunStats[] = [];
      for (let r = 0; r < RUNS; r++) {
        await moto.reset();
        fake.reset();
        docs?.reset();
        fleet?.reset();
        const root = await buildOrganization(fake, n);
        await createDocuments(fake.url);
        fake.throttle(RATES);
        cold.push(await oneRun(fake, root, env, Number(values.concurrency), plan));
        warm.push(await oneRun(fake, root, env, Number(values.concurrency), plan));
      }
      for (const [name, s] of [
        ['cold', cold],
        ['converged', warm],
      ] as const) {
        const last = s.at(-1)!;
        console.log(
          `${String(n).padStart(5)} accounts ${name.padEnd(9)}: ${fmt(s.map((x) => x.ms))}; ${last.calls} calls (${last.writes} association writes, ${last.shareCalls} ModifyDocumentPermission), ${last.throttled} throttled and retried, ${last.failed} accounts failed; ${(last.calls / n).toFixed(1)} calls per account`,
        );
        if (s.some((x) => x.failed)) process.exitCode = 1;
      }
      if (warm.some((x) => x.writes || x.shareCalls)) {
        console.log('FAIL: a converged run made a write call');
        process.exitCode = 1;
      }
    }
  } finally {
    await fake.stop();
    await fleet?.stop();
    await docs?.stop();
    await moto.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
