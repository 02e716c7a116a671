/**
 * The whole AWS Organization from one job (issue 29's Bar), with the real AWS SDK against moto_server
 * (the Organization, SSM documents and their sharing, STS with per-account state) and the wire-level
 * double for what moto lacks (associations per account, AssumeRole refused where no role was deployed,
 * ModifyDocumentPermission's limits, throttling). A dozen accounts in three named OUs (one nested), one
 * more OU not named, one suspended account.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import {
  CloseAccountCommand,
  CreateAccountCommand,
  CreateOrganizationCommand,
  CreateOrganizationalUnitCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { DescribeDocumentPermissionCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { Inputs } from '../src/inputs/index.js';
import type { RolloutInputs } from '../src/inputs/rollout.js';
import { parseRolloutPlan } from '../src/inputs/rollout-plan.js';
import { organizationStage } from '../src/organization/index.js';
import { isOurs } from '../src/organization/members.js';
import { publishStage } from '../src/publish/index.js';
import { startFakeSsm, type FakeSsm } from '../scripts/local-aws/fake-ssm.js';
import { motoAvailable, startMoto, type Moto } from '../scripts/local-aws/moto.js';
import { HUB, startFakeOrg, type FakeOrg } from './helpers/fake-org.js';
import { startFakeFleet, type FakeFleet, type FleetNode } from './helpers/fake-fleet.js';
import { SAMPLE_INSTALLERS, layoutAgentsDir } from './helpers/agents.js';
import { FAST, cleanupFixtures, makeInputs, makePackage, memoryLog } from './helpers/publish-fixture.js';

const REGIONS = ['us-east-1', 'eu-west-1'];
const READ_ROLE = `arn:aws:iam::${HUB}:role/uptycs-org-read`;
const MEMBER_ROLE = 'arn:aws:iam::{account}:role/uptycs-member';
const WRITES = new Set([
  'CreateAssociation',
  'UpdateAssociation',
  'DeleteAssociation',
  'ModifyDocumentPermission',
]);

const ROLLOUT: RolloutInputs = {
  targets: [{ Key: 'tag:uptycs', Values: ['yes'] }],
  associationName: 'UptycsAgent-rollout',
  schedule: 'rate(1 day)',
  installationType: 'Uninstall and reinstall',
  maxConcurrency: '10%',
  maxErrors: '10%',
  complianceSeverity: 'UNSPECIFIED',
  applyOnlyAtCronInterval: false,
  additionalArguments: '',
  startNow: false,
  preflightFailures: 'warning',
  waitMinutes: 0,
  failOn: 'max-errors',
};

interface World {
  units: { a: string; a1: string; b: string; c: string };
  /** Account ids by OU key, in creation order. */
  accounts: Record<'a' | 'a1' | 'b' | 'c', string[]>;
  suspended: string;
  org: OrganizationsClient;
}

/** The Organization: OU a (3 accounts + 1 suspended) with nested OU a1 (3), OU b (4), OU c (2, not named). */
async function buildOrganization(endpoint: string): Promise<World> {
  const org = new OrganizationsClient({ region: 'us-east-1', endpoint });
  await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  const root = (await org.send(new ListRootsCommand({}))).Roots![0]!.Id!;
  const ou = async (name: string, parent: string) =>
    (await org.send(new CreateOrganizationalUnitCommand({ ParentId: parent, Name: name })))
      .OrganizationalUnit!.Id!;
  const a = await ou('workloads', root);
  const a1 = await ou('workloads-prod', a);
  const b = await ou('sandbox', root);
  const c = await ou('elsewhere', root);
  const make = async (name: string, parent: string) => {
    const out = await org.send(new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` }));
    const id = out.CreateAccountStatus!.AccountId!;
    await org.send(
      new MoveAccountCommand({ AccountId: id, SourceParentId: root, DestinationParentId: parent }),
    );
    return id;
  };
  const accounts = { a: [] as string[], a1: [] as string[], b: [] as string[], c: [] as string[] };
  for (const [key, parent, n] of [
    ['a', a, 3],
    ['a1', a1, 3],
    ['b', b, 4],
    ['c', c, 2],
  ] as const)
    for (let i = 0; i < n; i++) accounts[key].push(await make(`${key}-${i}`, parent));
  const suspended = await make('a-closed', a);
  await org.send(new CloseAccountCommand({ AccountId: suspended }));
  return { units: { a, a1, b, c }, accounts, suspended, org };
}

describe(
  'the whole Organization from one job',
  { skip: !motoAvailable() && 'moto_server is not installed' },
  () => {
    let moto: Moto;
    let ssmDouble: FakeSsm;
    let fake: FakeOrg;
    let fleet: FakeFleet;

    // SSM: the Organization's double (member accounts' associations) → the fleet double (the hub's
    // associations, run on its instances) → the Distributor double → moto (documents, sharing).
    before(async () => {
      moto = await startMoto();
      ssmDouble = await startFakeSsm(moto.url);
      fleet = await startFakeFleet(ssmDouble.url);
      fake = await startFakeOrg(moto.url, fleet.url, { hubAssociations: 'upstream' });
    });
    after(async () => {
      await fake?.stop();
      await fleet?.stop();
      await ssmDouble?.stop();
      await moto?.stop();
      cleanupFixtures();
    });
    beforeEach(async () => {
      await moto.reset();
      ssmDouble.reset();
      fleet.reset();
      fake.reset();
    });

    const env = (): NodeJS.ProcessEnv => ({
      ...process.env,
      AWS_ENDPOINT_URL: fake.url,
      AWS_ENDPOINT_URL_S3: moto.url,
      AWS_ENDPOINT_URL_EC2: fleet.url,
    });

    const inputsFor = (w: World): Inputs =>
      makeInputs({
        awsRegions: REGIONS,
        rollout: ROLLOUT,
        organization: {
          readRole: READ_ROLE,
          memberRole: MEMBER_ROLE,
          ous: [w.units.a, w.units.b],
          concurrency: 4,
        },
      });

    /** One scheduled run: the Organization's inputs to publish, then the rollout hook. */
    const runOnce = async (
      inputs: Inputs,
      version = '5.7.0.25',
      o: { now?: number; publish?: boolean } = {},
    ) => {
      const log = memoryLog();
      const stage = organizationStage({
        log,
        env: env(),
        options: { retryBaseMs: 5, throttle: { baseDelayMs: 5, maxDelayMs: 50, budgetMs: 60_000 } },
        now: () => o.now ?? Date.now(),
        rolloutOptions: { pollIntervalMs: 5, maxPollIntervalMs: 20, retryBaseMs: 5 },
      });
      const pkg = makePackage(version);
      let results: unknown;
      if (o.publish !== false) {
        const published = await publishStage({ log, env: env(), options: FAST })(
          pkg,
          await stage.inputsFor(inputs),
        );
        assert.equal(published.error, undefined, log.text());
        results = published.results;
      }
      const out = await stage.rollout(pkg, inputs, results);
      return { ...out, log };
    };

    const sharedWith = async (region: string) => {
      const ssm = new SSMClient({ region, endpoint: moto.url });
      try {
        const r = await ssm.send(
          new DescribeDocumentPermissionCommand({ Name: 'UptycsAgent', PermissionType: 'Share' }),
        );
        return [...(r.AccountIds ?? [])].sort();
      } finally {
        ssm.destroy();
      }
    };

    const writesBy = (account: string) =>
      fake.calls
        .filter((c) => c.account === account && WRITES.has(c.action) && !c.throttled)
        .map((c) => c.action);

    test('shares with exactly the ACTIVE accounts of the named OUs, one association per region naming the ARN; a move converges', async () => {
      const w = await buildOrganization(fake.url);
      const named = [...w.accounts.a, ...w.accounts.a1, ...w.accounts.b];
      fake.deployRole(READ_ROLE);
      for (const id of [...named, ...w.accounts.c]) fake.deployRole(MEMBER_ROLE.replace('{account}', id));
      const inputs = inputsFor(w);

      const first = await runOnce(inputs);
      assert.equal(first.error, undefined, first.log.text());
      for (const region of REGIONS) {
        assert.deepEqual(await sharedWith(region), [...named].sort(), `shared in ${region}`);
        for (const id of named) {
          const mine = fake.associations(id, region);
          assert.equal(mine.length, 1, `one association in ${id} ${region}`);
          assert.deepEqual((mine[0]!.Parameters as Record<string, string[]>).name, [
            `arn:aws:ssm:${region}:${HUB}:document/UptycsAgent`,
          ]);
          assert.equal(mine[0]!.AssociationName, 'UptycsAgent-rollout');
        }
      }
      for (const id of [...w.accounts.c, w.suspended]) assert.equal(fake.associations(id).length, 0, id);
      // Sharing 10 accounts: ModifyDocumentPermission within its 20-account limit, once per region.
      assert.equal(fake.calls.filter((c) => c.action === 'ModifyDocumentPermission').length, REGIONS.length);

      // One account leaves the named OUs (b → c), one joins (c → a1).
      const leaver = w.accounts.b[0]!;
      const joiner = w.accounts.c[0]!;
      await w.org.send(
        new MoveAccountCommand({
          AccountId: leaver,
          SourceParentId: w.units.b,
          DestinationParentId: w.units.c,
        }),
      );
      await w.org.send(
        new MoveAccountCommand({
          AccountId: joiner,
          SourceParentId: w.units.c,
          DestinationParentId: w.units.a1,
        }),
      );
      fake.clearCalls();

      const second = await runOnce(inputs);
      assert.equal(second.error, undefined, second.log.text());
      const now = named
        .filter((x) => x !== leaver)
        .concat(joiner)
        .sort();
      for (const region of REGIONS) {
        assert.deepEqual(await sharedWith(region), now, `shared in ${region} after the move`);
        assert.equal(fake.associations(leaver, region).length, 0, 'the leaver lost its association');
        assert.equal(fake.associations(joiner, region).length, 1, 'the joiner got its association');
      }
      assert.deepEqual(writesBy(leaver), ['DeleteAssociation', 'DeleteAssociation']);
      assert.deepEqual(writesBy(joiner), ['CreateAssociation', 'CreateAssociation']);
      for (const id of now.filter((x) => x !== joiner))
        assert.deepEqual(writesBy(id), [], `no change in ${id}`);
      const shares = fake.calls.filter((c) => c.action === 'ModifyDocumentPermission').map((c) => c.body);
      // Per region: the leaver removed, the joiner added, nobody else touched (regions run in parallel).
      assert.deepEqual(
        shares.map((b) => JSON.stringify([b.AccountIdsToRemove ?? [], b.AccountIdsToAdd ?? []])).sort(),
        REGIONS.flatMap(() => [JSON.stringify([[leaver], []]), JSON.stringify([[], [joiner]])]).sort(),
      );
    });

    test('a ring that names only ous: every managed node of those accounts (InstanceIds=*), never an association aimed at nothing', async () => {
      const w = await buildOrganization(fake.url);
      const named = [...w.accounts.a, ...w.accounts.a1, ...w.accounts.b];
      fake.deployRole(READ_ROLE);
      for (const id of named) fake.deployRole(MEMBER_ROLE.replace('{account}', id));
      const parsed = parseRolloutPlan(
        JSON.stringify({ rings: [{ name: 'sandbox', ous: [w.units.b], bake: '0h' }] }),
        'plan.jsonc',
        ROLLOUT.associationName,
      );
      assert.deepEqual(parsed.problems, []);
      const inputs = makeInputs({
        awsRegions: REGIONS,
        rollout: { ...ROLLOUT, plan: parsed.plan! },
        setDefaultVersion: false,
        organization: {
          readRole: READ_ROLE,
          memberRole: MEMBER_ROLE,
          ous: [w.units.a, w.units.b],
          concurrency: 4,
        },
      });
      const out = await runOnce(inputs);
      assert.equal(out.error, undefined, out.log.text());
      for (const id of w.accounts.b)
        for (const region of REGIONS) {
          const mine = fake.associations(id, region);
          assert.equal(mine.length, 1, `${id} ${region}`);
          assert.equal(mine[0]!.AssociationName, 'UptycsAgent-rollout-sandbox');
          assert.deepEqual(mine[0]!.Targets, [{ Key: 'InstanceIds', Values: ['*'] }]);
          // Pinned as the hub pinned the ring (a member-only ring: its tag on the hub's document).
          assert.deepEqual((mine[0]!.Parameters as Record<string, string[]>).version, ['5.7.0.25']);
        }
      for (const id of [...w.accounts.a, ...w.accounts.a1]) assert.equal(fake.associations(id).length, 0, id);
    });

    test('member rings are pinned per ring as the hub’s: canary on the new version while fleet keeps the old in every member; promotion moves fleet everywhere; a converged run writes nothing; rollback-to returns all', async () => {
      const w = await buildOrganization(fake.url);
      const members = w.accounts.b; // 4 accounts in OU b
      fake.deployRole(READ_ROLE);
      for (const id of members) fake.deployRole(MEMBER_ROLE.replace('{account}', id));
      const node = (id: string, ring: string): FleetNode => ({
        id,
        platformType: 'Linux',
        platformName: 'Amazon Linux',
        platformVersion: '2023',
        tags: { UptycsRing: ring },
        agent: { platform: 'amazon', version: '2023', arch: 'x86_64' },
        ec2Arch: 'x86_64',
      });
      fleet.add(node('i-0000000000000c001', 'canary'), node('i-0000000000000f001', 'fleet'));
      const parsed = parseRolloutPlan(
        JSON.stringify({
          rings: [
            { name: 'canary', targets: ['tag:UptycsRing=canary'], bake: '24h' },
            { name: 'fleet', targets: ['tag:UptycsRing=fleet'], bake: '0h' },
          ],
        }),
        'plan.jsonc',
        ROLLOUT.associationName,
      );
      assert.deepEqual(parsed.problems, []);
      const inputs = (rollbackTo?: string) =>
        makeInputs({
          awsRegions: REGIONS,
          rollout: { ...ROLLOUT, plan: parsed.plan!, ...(rollbackTo ? { rollbackTo } : {}) },
          setDefaultVersion: false,
          organization: { readRole: READ_ROLE, memberRole: MEMBER_ROLE, ous: [w.units.b], concurrency: 2 },
        });
      /** Every member's pins: "account region ring=version", sorted. */
      const memberPins = () =>
        members.flatMap((id) =>
          REGIONS.flatMap((region) =>
            fake
              .associations(id, region)
              .map(
                (a) =>
                  `${id} ${region} ${String(a.AssociationName).replace('UptycsAgent-rollout-', '')}=${(a.Parameters as Record<string, string[]>).version?.[0]}`,
              )
              .sort(),
          ),
        );
      const expect = (canary: string, fleetPin?: string) =>
        members.flatMap((id) =>
          REGIONS.flatMap((region) => [
            `${id} ${region} canary=${canary}`,
            ...(fleetPin ? [`${id} ${region} fleet=${fleetPin}`] : []),
          ]),
        );
      const HOUR = 3_600_000;
      const ok = (r: { error?: Error; log: { text(): string } }) =>
        assert.equal(r.error, undefined, r.log.text());

      // 1.0.0 through both rings (the canary bakes 24 hours before the fleet moves).
      ok(await runOnce(inputs(), '1.0.0'));
      assert.deepEqual(
        memberPins(),
        expect('1.0.0'),
        'the fleet ring has not started: no member association yet',
      );
      ok(await runOnce(inputs(), '1.0.0', { now: Date.now() + 25 * HOUR }));
      assert.deepEqual(memberPins(), expect('1.0.0', '1.0.0'));

      // 1.1.0: the canary moves in the hub and in every member; the fleet keeps 1.0.0.
      ok(await runOnce(inputs(), '1.1.0'));
      assert.deepEqual(memberPins(), expect('1.1.0', '1.0.0'));
      // Before the bake ends: nothing moves, no member gets a write.
      fake.clearCalls();
      ok(await runOnce(inputs(), '1.1.0', { now: Date.now() + HOUR }));
      assert.deepEqual(memberPins(), expect('1.1.0', '1.0.0'));
      for (const id of members)
        assert.deepEqual(writesBy(id), [], `no write in ${id} while the canary bakes`);

      // After the bake: the fleet ring is promoted in the hub, and its member associations move with it.
      fake.clearCalls();
      ok(await runOnce(inputs(), '1.1.0', { now: Date.now() + 25 * HOUR }));
      assert.deepEqual(memberPins(), expect('1.1.0', '1.1.0'));
      for (const id of members)
        assert.deepEqual(
          writesBy(id),
          ['UpdateAssociation', 'UpdateAssociation'],
          `only the fleet ring moved in ${id}`,
        );

      // rollback-to 1.0.0: every ring in the hub and every member returns.
      fake.clearCalls();
      ok(await runOnce(inputs('1.0.0'), '1.1.0', { publish: false }));
      assert.deepEqual(memberPins(), expect('1.0.0', '1.0.0'));
      // And the run after it is converged: no member write at all.
      fake.clearCalls();
      ok(await runOnce(inputs('1.0.0'), '1.1.0', { publish: false }));
      for (const id of members) assert.deepEqual(writesBy(id), [], `converged in ${id}`);
    });

    test('an account that leaves loses every association of the package, also of a ring since removed from the plan', async () => {
      const w = await buildOrganization(fake.url);
      const members = w.accounts.b;
      fake.deployRole(READ_ROLE);
      for (const id of members) fake.deployRole(MEMBER_ROLE.replace('{account}', id));
      const plan = (rings: string[]) => {
        const parsed = parseRolloutPlan(
          JSON.stringify({ rings: rings.map((name) => ({ name, ous: [w.units.b], bake: '0h' })) }),
          'plan.jsonc',
          ROLLOUT.associationName,
        );
        assert.deepEqual(parsed.problems, []);
        return makeInputs({
          awsRegions: REGIONS,
          rollout: { ...ROLLOUT, plan: parsed.plan! },
          organization: { readRole: READ_ROLE, memberRole: MEMBER_ROLE, ous: [w.units.b], concurrency: 2 },
        });
      };
      const HOUR = 3_600_000;
      const ok = (r: { error?: Error; log: { text(): string } }) =>
        assert.equal(r.error, undefined, r.log.text());
      ok(await runOnce(plan(['early', 'late']), '1.0.0'));
      ok(await runOnce(plan(['early', 'late']), '1.0.0', { now: Date.now() + HOUR }));
      const leaver = members[0]!;
      const names = (id: string, region: string) =>
        fake
          .associations(id, region)
          .map((a) => String(a.AssociationName))
          .sort();
      for (const region of REGIONS)
        assert.deepEqual(names(leaver, region), ['UptycsAgent-rollout-early', 'UptycsAgent-rollout-late']);
      // The plan drops the early ring (its associations stay where the account remains), and one account
      // leaves the OU: it loses both, in every region.
      await w.org.send(
        new MoveAccountCommand({
          AccountId: leaver,
          SourceParentId: w.units.b,
          DestinationParentId: w.units.c,
        }),
      );
      fake.clearCalls();
      ok(await runOnce(plan(['late']), '1.0.0', { now: Date.now() + 2 * HOUR, publish: false }));
      for (const region of REGIONS) assert.deepEqual(names(leaver, region), [], `nothing left in ${region}`);
      assert.deepEqual(writesBy(leaver), Array(2 * REGIONS.length).fill('DeleteAssociation'));
      for (const id of members.slice(1))
        for (const region of REGIONS)
          assert.deepEqual(names(id, region), ['UptycsAgent-rollout-early', 'UptycsAgent-rollout-late'], id);
    });

    test('a ring that names only ous keeps its pin in the hub (a document tag, no hub association): it moves after the ring before it baked, and rollback-to returns it', async () => {
      const w = await buildOrganization(fake.url);
      const members = [...w.accounts.a, ...w.accounts.a1, ...w.accounts.b];
      fake.deployRole(READ_ROLE);
      for (const id of members) fake.deployRole(MEMBER_ROLE.replace('{account}', id));
      const parsed = parseRolloutPlan(
        JSON.stringify({
          rings: [
            { name: 'canary', targets: ['tag:UptycsRing=canary'], bake: '24h' },
            { name: 'sandbox', ous: [w.units.b], bake: '0h' },
          ],
        }),
        'plan.jsonc',
        ROLLOUT.associationName,
      );
      const inputs = (rollbackTo?: string) =>
        makeInputs({
          awsRegions: ['us-east-1'],
          rollout: { ...ROLLOUT, plan: parsed.plan!, ...(rollbackTo ? { rollbackTo } : {}) },
          setDefaultVersion: false,
          organization: { readRole: READ_ROLE, memberRole: MEMBER_ROLE, ous: [w.units.a], concurrency: 4 },
        });
      // OU a only is shared with; the sandbox ring's accounts are in OU b: share OU b too.
      const both = (rollbackTo?: string) => {
        const i = inputs(rollbackTo);
        return { ...i, organization: { ...i.organization!, ous: [w.units.a, w.units.b] } };
      };
      const pinsOf = (ids: string[], ring: string) =>
        [
          ...new Set(
            ids.flatMap((id) =>
              fake
                .associations(id, 'us-east-1')
                .filter((a) => a.AssociationName === `UptycsAgent-rollout-${ring}`)
                .map((a) => (a.Parameters as Record<string, string[]>).version?.[0]),
            ),
          ),
        ].sort();
      const HOUR = 3_600_000;
      const ok = (r: { error?: Error; log: { text(): string } }) =>
        assert.equal(r.error, undefined, r.log.text());
      ok(await runOnce(both(), '1.0.0'));
      assert.deepEqual(pinsOf(w.accounts.b, 'sandbox'), [], 'the sandbox waits for the canary’s bake');
      ok(await runOnce(both(), '1.0.0', { now: Date.now() + 25 * HOUR }));
      assert.deepEqual(pinsOf(w.accounts.b, 'sandbox'), ['1.0.0']);
      assert.deepEqual(pinsOf(w.accounts.a, 'sandbox'), [], 'only in the ring’s OU');
      assert.ok(
        !fleet.associations('us-east-1').some((a) => String(a.def.AssociationName).endsWith('-sandbox')),
        'no sandbox association in the hub',
      );
      ok(await runOnce(both(), '1.1.0'));
      assert.deepEqual(pinsOf(members, 'canary'), ['1.1.0']);
      assert.deepEqual(
        pinsOf(w.accounts.b, 'sandbox'),
        ['1.0.0'],
        'the sandbox keeps 1.0.0 while the canary bakes',
      );
      ok(await runOnce(both(), '1.1.0', { now: Date.now() + 25 * HOUR }));
      assert.deepEqual(pinsOf(w.accounts.b, 'sandbox'), ['1.1.0']);
      ok(await runOnce(both('1.0.0'), '1.1.0', { publish: false }));
      assert.deepEqual(pinsOf(members, 'canary'), ['1.0.0']);
      assert.deepEqual(
        pinsOf(w.accounts.b, 'sandbox'),
        ['1.0.0'],
        'rollback-to returns the member-only ring',
      );
    });

    test('organization-chunk: a hub job 0/3, then 3 member jobs each reconciling only its part; a wrong N or no hub job is refused before any change; only the hub job removes', async () => {
      const w = await buildOrganization(fake.url);
      const named = [...w.accounts.a, ...w.accounts.a1, ...w.accounts.b];
      fake.deployRole(READ_ROLE);
      for (const id of [...named, ...w.accounts.c]) fake.deployRole(MEMBER_ROLE.replace('{account}', id));
      const parsed = parseRolloutPlan(
        JSON.stringify({ rings: [{ name: 'fleet', targets: ['tag:uptycs=yes'], bake: '0h' }] }),
        'plan.jsonc',
        ROLLOUT.associationName,
      );
      const inputs = (chunk: string) => {
        const [index, count] = chunk.split('/').map(Number);
        return makeInputs({
          awsRegions: REGIONS,
          rollout: { ...ROLLOUT, plan: parsed.plan! },
          setDefaultVersion: false,
          organization: {
            readRole: READ_ROLE,
            memberRole: MEMBER_ROLE,
            ous: [w.units.a, w.units.b],
            concurrency: 4,
            chunk: { index: index!, count: count! },
          },
        });
      };
      const part = (k: number, n: number) => named.filter((id) => Number(BigInt(id) % BigInt(n)) === k - 1);
      const changes = () =>
        fake.calls.filter(
          (c) =>
            !c.throttled &&
            (WRITES.has(c.action) ||
              ['CreateDocument', 'UpdateDocument', 'AddTagsToResource'].includes(c.action)),
        );

      // A member job before any hub job: refused before anything is published or shared.
      await assert.rejects(runOnce(inputs('1/3')), /organization-chunk⦄? 1\/3: no hub job recorded .*=0\/3/);
      assert.deepEqual(changes(), [], 'nothing changed');

      // The hub job: the package, its sharing and the hub's ring; no member account.
      const hub = await runOnce(inputs('0/3'));
      assert.equal(hub.error, undefined, hub.log.text());
      for (const region of REGIONS) assert.deepEqual(await sharedWith(region), [...named].sort());
      for (const id of named)
        assert.equal(fake.associations(id).length, 0, `${id}: the matrix's, not the hub job's`);

      // A member job with another N: refused, naming both, before any change.
      fake.clearCalls();
      await assert.rejects(runOnce(inputs('2/4')), /split the member accounts into 3 parts, this job into 4/);
      assert.deepEqual(changes(), []);

      // The matrix: each job writes only in its part.
      for (const k of [1, 2, 3]) {
        fake.clearCalls();
        const out = await runOnce(inputs(`${k}/3`));
        assert.equal(out.error, undefined, out.log.text());
        const touched = [
          ...new Set(
            changes()
              .filter((c) => c.service === 'ssm' && c.account !== HUB)
              .map((c) => c.account),
          ),
        ];
        assert.deepEqual(touched.sort(), part(k, 3).sort(), `job ${k}/3 wrote only in its part`);
        for (const id of part(k, 3)) assert.equal(fake.associations(id).length, REGIONS.length, id);
      }
      for (const id of named) assert.equal(fake.associations(id).length, REGIONS.length, `${id} in one part`);

      // An account leaves: the member jobs neither unshare it nor remove its association; the hub job does.
      const leaver = w.accounts.b[0]!;
      await w.org.send(
        new MoveAccountCommand({
          AccountId: leaver,
          SourceParentId: w.units.b,
          DestinationParentId: w.units.c,
        }),
      );
      fake.clearCalls();
      for (const k of [1, 2, 3]) {
        const out = await runOnce(inputs(`${k}/3`));
        assert.equal(out.error, undefined, out.log.text());
      }
      assert.deepEqual(
        changes().filter((c) => c.action === 'DeleteAssociation' || c.action === 'ModifyDocumentPermission'),
        [],
        'no member job removes or unshares',
      );
      assert.equal(fake.associations(leaver).length, REGIONS.length);
      const after = await runOnce(inputs('0/3'));
      assert.equal(after.error, undefined, after.log.text());
      assert.equal(fake.associations(leaver).length, 0, 'the hub job removed the leaver’s associations');
      for (const region of REGIONS) assert.ok(!(await sharedWith(region)).includes(leaver));
      // Converged: a member job again writes nothing.
      fake.clearCalls();
      const again = await runOnce(inputs('2/3'));
      assert.equal(again.error, undefined, again.log.text());
      assert.deepEqual(changes(), []);
    });

    test('an account whose role cannot be assumed is named with the fix; the others succeed', async () => {
      const w = await buildOrganization(fake.url);
      const named = [...w.accounts.a, ...w.accounts.a1, ...w.accounts.b];
      const missing = w.accounts.a1[1]!;
      fake.deployRole(READ_ROLE);
      for (const id of named.filter((x) => x !== missing))
        fake.deployRole(MEMBER_ROLE.replace('{account}', id));

      const out = await runOnce(inputsFor(w));
      assert.ok(out.error, 'the step fails');
      assert.match(out.error.message, new RegExp(`failed in 1 of ${named.length} accounts`));
      assert.match(
        out.error.message,
        new RegExp(`${missing}: the hub role cannot assume arn:aws:iam::${missing}:role/uptycs-member`),
      );
      assert.match(out.error.message, /member-role StackSet/);
      for (const id of named.filter((x) => x !== missing))
        for (const region of REGIONS)
          assert.equal(fake.associations(id, region).length, 1, `${id} ${region}`);
      const md = out.sections.map((s) => s.markdown).join('\n');
      assert.ok(md.indexOf('**Failures**') < md.indexOf('| OU |'), 'failures lead the summary');
      assert.ok(md.indexOf('| OU |') < md.indexOf('Every account'), 'then per OU, then per account');
    });

    test('throttling (SSM, STS, Organizations) is retried and never an account failure', async () => {
      const w = await buildOrganization(fake.url);
      const named = [...w.accounts.a, ...w.accounts.a1, ...w.accounts.b];
      fake.deployRole(READ_ROLE);
      for (const id of named) fake.deployRole(MEMBER_ROLE.replace('{account}', id));
      // Each account and region: one call at once, then 2 a second (SSM); the hub's STS and the Organization's API tight too.
      fake.throttle({
        ssm: { perSecond: 2, burst: 1 },
        sts: { perSecond: 20, burst: 2 },
        organizations: { perSecond: 10, burst: 1 },
      });
      const out = await runOnce(inputsFor(w));
      assert.equal(out.error, undefined, out.log.text());
      for (const service of ['ssm', 'sts', 'organizations'])
        assert.ok(
          fake.calls.some((c) => c.throttled && c.service === service),
          `${service} throttled`,
        );
      for (const id of named) assert.equal(fake.associations(id).length, REGIONS.length, id);
    });

    test('the whole Organization (the root): the hub, its management account, is neither shared with nor a member', async () => {
      const w = await buildOrganization(fake.url);
      const root = (await w.org.send(new ListRootsCommand({}))).Roots![0]!.Id!;
      const active = [...w.accounts.a, ...w.accounts.a1, ...w.accounts.b, ...w.accounts.c];
      fake.deployRole(READ_ROLE);
      for (const id of active) fake.deployRole(MEMBER_ROLE.replace('{account}', id));
      const inputs = makeInputs({
        awsRegions: ['us-east-1'],
        rollout: ROLLOUT,
        organization: { readRole: READ_ROLE, memberRole: MEMBER_ROLE, ous: [root], concurrency: 8 },
      });
      const out = await runOnce(inputs);
      assert.equal(out.error, undefined, out.log.text());
      assert.deepEqual(await sharedWith('us-east-1'), [...active].sort());
      assert.deepEqual(
        out.results.members.map((m) => m.account).sort(),
        [...active].sort(),
        'every ACTIVE account but the hub, nested OUs included, the suspended one left out',
      );
      assert.equal(fake.associations(HUB).length, 0);
    });

    test('the CLI face: --rollout-plan publishes once, shares with the OUs and installs in each member; a rerun converges', async () => {
      const w = await buildOrganization(fake.url);
      const named = [...w.accounts.a, ...w.accounts.a1, ...w.accounts.b];
      fake.deployRole(READ_ROLE);
      for (const id of named) fake.deployRole(MEMBER_ROLE.replace('{account}', id));
      const cwd = mkdtempSync(path.join(tmpdir(), 'org-cli-'));
      try {
        layoutAgentsDir(
          path.join(import.meta.dirname, '../mappings/uptycs-agent-mapping.json'),
          path.join(cwd, 'agents'),
          SAMPLE_INSTALLERS,
        );
        writeFileSync(
          path.join(cwd, 'plan.jsonc'),
          JSON.stringify({
            rings: [{ name: 'fleet', targets: ['tag:uptycs=yes'] }],
            organization: { readRole: READ_ROLE, memberRole: MEMBER_ROLE, ous: [w.units.a, w.units.b] },
          }),
        );
        const { runCli } = await import('../src/cli.js');
        const run = async () => {
          let err = '';
          const code = await runCli(
            [
              '-d',
              '--agents-dir',
              'agents',
              '-v',
              '5.7.0.25',
              '-r',
              'us-east-1',
              '--rollout-plan',
              'plan.jsonc',
            ],
            { stdout: () => undefined, stderr: (t) => (err += t), cwd, env: env() },
          );
          return { code, err };
        };
        const first = await run();
        assert.equal(first.code, 0, first.err);
        assert.deepEqual(await sharedWith('us-east-1'), [...named].sort());
        for (const id of named) assert.equal(fake.associations(id, 'us-east-1').length, 1, id);
        fake.clearCalls();
        const second = await run();
        assert.equal(second.code, 0, second.err);
        assert.deepEqual(
          fake.calls.filter(
            (c) => WRITES.has(c.action) || c.action === 'CreateDocument' || c.action === 'UpdateDocument',
          ),
          [],
          'a second run changes nothing',
        );
      } finally {
        rmSync(cwd, { recursive: true, force: true });
      }
    });

    test('the action face (one job, the whole Organization): the summary leads with the Organization, the step fails naming the account', async () => {
      const w = await buildOrganization(fake.url);
      const named = [...w.accounts.a, ...w.accounts.a1, ...w.accounts.b];
      const missing = w.accounts.b[2]!;
      fake.deployRole(READ_ROLE);
      for (const id of named.filter((x) => x !== missing))
        fake.deployRole(MEMBER_ROLE.replace('{account}', id));
      const ws = mkdtempSync(path.join(tmpdir(), 'org-action-'));
      try {
        layoutAgentsDir(
          path.join(import.meta.dirname, '../mappings/uptycs-agent-mapping.json'),
          path.join(ws, 'agents'),
          SAMPLE_INSTALLERS,
        );
        writeFileSync(
          path.join(ws, 'plan.jsonc'),
          `{ // the Organization\n "rings": [{ "name": "fleet", "targets": ["tag:uptycs=yes"] }],\n "organization": { "readRole": "${READ_ROLE}", "memberRole": "${MEMBER_ROLE}", "ous": ["${w.units.a}", "${w.units.b}"] } }`,
        );
        for (const f of ['out', 'summary']) writeFileSync(path.join(ws, f), '');
        const action = (extra: Record<string, string> = {}) => {
          const inputs: Record<string, string> = {
            download: 'false',
            'agents-dir': 'agents',
            'package-version': '5.7.0.25',
            'aws-region': 'us-east-1',
            'rollout-plan': 'plan.jsonc',
            ...extra,
          };
          const runEnv: NodeJS.ProcessEnv = {
            ...env(),
            GITHUB_WORKSPACE: ws,
            RUNNER_TEMP: ws,
            GITHUB_OUTPUT: path.join(ws, 'out'),
            GITHUB_STEP_SUMMARY: path.join(ws, 'summary'),
            ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
          };
          const script = "const m = await import('./src/action.ts'); await m.runAction();";
          return promisify(execFile)(
            process.execPath,
            ['--import', 'tsx', '--input-type=module', '-e', script],
            {
              cwd: path.join(import.meta.dirname, '..'),
              env: runEnv,
              maxBuffer: 1 << 26,
            },
          ).then(
            (r) => ({ code: 0, out: r.stdout }),
            (e: { code: number; stdout: string }) => ({ code: e.code, out: e.stdout }),
          );
        };
        const run = await action();
        assert.equal(run.code, 1, run.out);
        assert.match(
          run.out,
          new RegExp(`::error::.*the Organization rollout failed in 1 of ${named.length} accounts`),
        );
        assert.match(run.out, new RegExp(`${missing}: the hub role cannot assume`));
        for (const id of named.filter((x) => x !== missing))
          assert.equal(fake.associations(id, 'us-east-1').length, 1, id);
        const summary = readFileSync(path.join(ws, 'summary'), 'utf8');
        assert.match(summary, /AWS Organization rollout/);
        assert.match(summary, new RegExp(`${missing}`));

        // organization-chunk in the action's words: a member job before any hub job, and a bad value.
        const early = await action({ 'organization-chunk': '1/2' });
        assert.equal(early.code, 1, early.out);
        assert.match(
          early.out,
          /::error::.*input "organization-chunk" 1\/2: no hub job recorded .*organization-chunk: 0\/2/,
        );
        const bad = await action({ 'organization-chunk': '3/2' });
        assert.equal(bad.code, 1, bad.out);
        assert.match(bad.out, /input "organization-chunk": "3\/2" must be K\/N/);
        assert.doesNotMatch(bad.out, /publishing UptycsAgent/, 'checked before any work');
      } finally {
        rmSync(ws, { recursive: true, force: true });
      }
    });

    test('past 1,000 accounts: one error naming the quota, before anything changes', async () => {
      const stage = organizationStage({ log: memoryLog(), env: env() });
      fake.deployRole(READ_ROLE);
      const org = new OrganizationsClient({ region: 'us-east-1', endpoint: fake.url });
      await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
      const root = (await org.send(new ListRootsCommand({}))).Roots![0]!.Id!;
      const inputs = makeInputs({
        awsRegions: REGIONS,
        rollout: ROLLOUT,
        shareWithAccounts: Array.from({ length: 1000 }, (_, i) => String(100000000000 + i)),
        organization: { readRole: READ_ROLE, memberRole: MEMBER_ROLE, ous: [root], concurrency: 4 },
      });
      await org.send(new CreateAccountCommand({ AccountName: 'one-more', Email: 'x@example.com' }));
      fake.clearCalls();
      await assert.rejects(
        stage.inputsFor(inputs),
        /more than the 1000 accounts a Systems Manager document can be shared with/,
      );
      assert.deepEqual(
        fake.calls.filter((c) => WRITES.has(c.action) || c.action === 'CreateDocument'),
        [],
        'nothing changed',
      );
    });
  },
);

test("isOurs: an association is the package's when named from the base (any ring) and installing the shared document", () => {
  const ours = {
    base: 'UptycsAgent-rollout',
    arnOf: (r: string) => `arn:aws:ssm:${r}:111111111111:document/UptycsAgent`,
  };
  const arn = ours.arnOf('eu-west-1');
  const is = (AssociationName: string, pkg: string, Name = 'AWS-ConfigureAWSPackage') =>
    isOurs(ours, 'eu-west-1', { AssociationName, Name, Parameters: { name: [pkg], action: ['Install'] } });
  assert.equal(is('UptycsAgent-rollout', arn), true);
  assert.equal(is('UptycsAgent-rollout-canary', arn), true, 'a ring, also one removed from the plan');
  assert.equal(is('UptycsAgent-rollout-canary', 'UptycsAgent'), true, 'the package by its name');
  assert.equal(is('UptycsAgent-rolloutX', arn), false, 'another name that only starts alike');
  assert.equal(is('my-own-uptycs', arn), false, "the account's own association of the package");
  assert.equal(is('UptycsAgent-rollout-canary', 'OtherPackage'), false, 'another package');
  assert.equal(is('UptycsAgent-rollout', arn, 'AWS-RunPatchBaseline'), false, 'another document');
  assert.equal(is('UptycsAgent-rollout', ours.arnOf('us-east-1')), false, "another region's document");
});
