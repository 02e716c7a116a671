/**
 * SSM deletes a document, or a version of it, asynchronously (issue 30): after DeleteDocument it shows
 * Status Deleting until it is gone, its name is still taken meanwhile (CreateDocument answers
 * DocumentAlreadyExists) and changes to it are refused. A deletion by someone else (a cleanup job, a
 * console user) or by an earlier DeleteDocument of the run itself, between the run's read and its
 * write, is waited for (bounded) and the version created anew; a deletion that does not finish fails
 * the region with one error that says what is happening; a version that is going away is never
 * reported published. The real SDK, moto_server behind the SSM double (which plays the deletion).
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { ListDocumentVersionsCommand, ModifyDocumentPermissionCommand, SSMClient } from '@aws-sdk/client-ssm';
import { publishPackage } from '../src/publish/index.js';
import { startFakeSsm, type FakeSsm } from '../scripts/local-aws/fake-ssm.js';
import { motoAvailable, startMoto, type Moto } from '../scripts/local-aws/moto.js';
import { FAST, cleanupFixtures, makeInputs, makePackage, memoryLog } from './helpers/publish-fixture.js';

const REGION = 'us-east-1';
const NAME = 'UptycsAgent';

describe(
  'publishing while SSM deletes the document or a version of it (SSM double over moto)',
  { skip: !motoAvailable() && 'moto_server is not installed' },
  () => {
    let moto: Moto;
    let fake: FakeSsm;
    let ssm: SSMClient;
    before(async () => {
      moto = await startMoto();
      fake = await startFakeSsm(moto.url);
      ssm = new SSMClient({ region: REGION, endpoint: moto.url });
    });
    after(async () => {
      ssm?.destroy();
      await fake?.stop();
      await moto?.stop();
      cleanupFixtures();
    });
    beforeEach(async () => {
      await moto.reset();
      fake.reset();
      fake.distributor({ creatingPolls: 0, outcome: 'Active' });
    });

    const deps = (log = memoryLog()) => ({
      log,
      env: { ...process.env, AWS_ENDPOINT_URL: moto.url, AWS_ENDPOINT_URL_SSM: fake.url },
      options: FAST,
    });
    const publish = async (version: string, log = memoryLog()) =>
      (await publishPackage(makePackage(version), makeInputs(), deps(log)))[0]!;
    /** The versions as moto holds them: "document version:version name", and the default. */
    const held = async () => {
      const c = new SSMClient({ region: REGION, endpoint: fake.url });
      try {
        const out = await c.send(new ListDocumentVersionsCommand({ Name: NAME }));
        return (out.DocumentVersions ?? [])
          .map((v) => `${v.DocumentVersion}:${v.VersionName}${v.IsDefaultVersion ? '*' : ''}`)
          .sort();
      } catch {
        return [];
      } finally {
        c.destroy();
      }
    };
    /** Runs fn before the first request of the action only. */
    const once = (action: string, fn: () => void) => {
      let done = false;
      fake.hook(action, async () => {
        if (!done) fn();
        done = true;
      });
    };

    for (const update of ['TooManyUpdates', 'InvalidDocument'] as const)
      test(`the whole document deleted by someone else just before UpdateDocument (refused ${update}): waited for, created anew, published`, async () => {
        assert.equal((await publish('1.0')).ok, true);
        fake.calls.length = 0;
        fake.updateWhileDeleting(update);
        once('UpdateDocument', () => fake.beginDelete(REGION, NAME, undefined, 3));
        const log = memoryLog();
        const r = await publish('2.0', log);
        assert.equal(r.ok, true, r.error);
        assert.equal(r.documentVersion, '1', 'a new document: its first version');
        assert.equal(r.status, 'Active');
        assert.equal(r.defaultVersion, true);
        assert.deepEqual(await held(), ['1:2.0*']);
        assert.match(log.text(), /UpdateDocument of UptycsAgent answered \w+: the document is being deleted/);
        assert.match(log.text(), /the deletion finished after/);
        assert.equal(fake.calls.filter((c) => c.action === 'CreateDocument' && c.status === 200).length, 1);
      });

    test("the run's own DeleteDocument of a Failed only version is still under way: CreateDocument waits for it, then publishes", async () => {
      fake.distributor({ creatingPolls: 0, outcome: 'Failed', statusInformation: 'S3 access denied' });
      assert.equal((await publish('1.0')).ok, false);
      fake.distributor({ creatingPolls: 0, outcome: 'Active' });
      fake.deletionTakes(6);
      const log = memoryLog();
      const r = await publish('1.0', log);
      assert.equal(r.ok, true, r.error);
      assert.equal(r.status, 'Active');
      assert.deepEqual(await held(), ['1:1.0*']);
      // The run reads the document again under the version folder's claim, sees its own delete under
      // way, and waits for it: no CreateDocument is sent while the name is still taken.
      assert.deepEqual(
        fake.calls.filter((c) => c.action === 'CreateDocument').map((c) => c.status),
        [200, 200],
        'the first publish, then one CreateDocument once the deletion finished',
      );
      const afterDelete = fake.calls.slice(fake.calls.findIndex((c) => c.action === 'DeleteDocument'));
      assert.ok(
        afterDelete.findIndex((c) => c.action === 'ListDocumentVersions' && c.status === 400) <
          afterDelete.findIndex((c) => c.action === 'CreateDocument'),
        'created only once the document was gone',
      );
      assert.match(
        log.text(),
        /UptycsAgent \(the whole document\) in us-east-1 is being deleted \(status Deleting/,
      );
      assert.match(log.text(), /the deletion finished after/);
    });

    test('the only version Failed and the document is shared: unshared first (SSM refuses to delete a shared document), deleted, published, shared again', async () => {
      const inputs = makeInputs({ shareWithAccounts: ['111122223333'] });
      fake.distributor({ creatingPolls: 0, outcome: 'Failed', statusInformation: 'S3 access denied' });
      assert.equal((await publishPackage(makePackage('1.0'), inputs, deps()))[0]!.ok, false);
      // Shared, as a person or an earlier run left it.
      await ssm.send(
        new ModifyDocumentPermissionCommand({
          Name: NAME,
          PermissionType: 'Share',
          AccountIdsToAdd: ['111122223333'],
        }),
      );
      fake.distributor({ creatingPolls: 0, outcome: 'Active' });
      fake.calls.length = 0;
      const log = memoryLog();
      const r = (await publishPackage(makePackage('1.0'), inputs, deps(log)))[0]!;
      assert.equal(r.ok, true, `${r.error}\n${log.text()}`);
      assert.deepEqual(await held(), ['1:1.0*']);
      assert.deepEqual(r.sharedAccounts, ['111122223333']);
      assert.match(log.text(), /shared with 1 account: unsharing it before deleting it/);
      assert.deepEqual(
        fake.calls.filter((c) => c.action === 'DeleteDocument').map((c) => c.status),
        [200],
        'never refused InvalidDocumentOperation',
      );
    });

    test('the version of this name is being deleted when the run reads the document: not taken as published; waited for, published again', async () => {
      const keepDefault = makeInputs({ setDefaultVersion: false });
      assert.equal((await publish('1.0')).ok, true);
      assert.equal((await publishPackage(makePackage('2.0'), keepDefault, deps()))[0]!.ok, true);
      fake.beginDelete(REGION, NAME, '2', 2); // a cleanup job deletes the version (not the default)
      const log = memoryLog();
      const r = (await publishPackage(makePackage('2.0'), keepDefault, deps(log)))[0]!;
      assert.equal(r.ok, true, r.error);
      assert.equal(
        r.alreadyPublished,
        false,
        `a version going away is not "already published"\n${log.text()}`,
      );
      assert.equal(r.status, 'Active');
      // A new version of that name (moto numbers it 2 again; SSM may number it 3).
      assert.deepEqual(await held(), ['1:1.0*', `${r.documentVersion}:2.0`]);
      assert.equal(fake.calls.filter((c) => c.action === 'UpdateDocument').at(-1)?.status, 200);
      assert.match(
        log.text(),
        /UptycsAgent version 2 \(2\.0\) in us-east-1 is being deleted \(status Deleting[^)]*\); waiting/,
      );
    });

    test('another version being deleted (a prune, a cleanup) does not hold the run: left out, published', async () => {
      for (const v of ['1.0', '2.0', '3.0']) assert.equal((await publish(v)).ok, true);
      fake.beginDelete(REGION, NAME, '1', 1000); // never finishes within the run
      const log = memoryLog();
      const r = await publish('4.0', log);
      assert.equal(r.ok, true, r.error);
      assert.equal(r.documentVersion, '4');
      assert.equal(r.defaultVersion, true);
      assert.match(log.text(), /document version 1 is being deleted; left out/);
    });

    test('a deletion that does not finish: one error saying what is being deleted and what to do; nothing written', async () => {
      assert.equal((await publish('1.0')).ok, true);
      fake.beginDelete(REGION, NAME, undefined, 1000);
      fake.calls.length = 0;
      const r = await publish('2.0');
      assert.equal(r.ok, false);
      assert.match(
        r.error!,
        /^UptycsAgent \(the whole document\) in us-east-1 is still being deleted \(status Deleting\) after .*Nothing was added to the document; the files in S3 are kept\. Re-run once the deletion has finished/,
      );
      assert.doesNotMatch(r.error!, /\n/);
      for (const write of [
        'CreateDocument',
        'UpdateDocument',
        'UpdateDocumentDefaultVersion',
        'ModifyDocumentPermission',
      ])
        assert.equal(fake.count(write), 0, write);
    });

    test('the new version is deleted while the run waits for it to become Active: the region fails, nothing reported published', async () => {
      assert.equal((await publish('1.0')).ok, true);
      fake.distributor({ creatingPolls: 3, outcome: 'Active' });
      once('DescribeDocument', () => fake.beginDelete(REGION, NAME, '2', 1000));
      const r = await publish('2.0');
      assert.equal(r.ok, false);
      assert.equal(r.status, 'Deleting');
      assert.equal(r.defaultVersion, false);
      assert.match(
        r.error!,
        /UptycsAgent version 2 in us-east-1 is being deleted \(status Deleting\): someone deleted it, or the whole document, while the run waited for it to become Active; it is not published/,
      );
      assert.equal(fake.count('UpdateDocumentDefaultVersion'), 0);
    });
  },
);
