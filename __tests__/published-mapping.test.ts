/**
 * A changed mapping for a version that is already published is never a silent success: the run
 * compares what it would publish (each platform/version/arch and its zip, from the mapping, before
 * anything is built) with what SSM holds, and stops with one error naming version-name, or, with
 * if-published next-revision, publishes the next free revision. Through the CLI, against moto behind
 * the Distributor double, as a user runs it.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DescribeDocumentCommand, GetDocumentCommand, SSMClient } from '@aws-sdk/client-ssm';
import { runCli } from '../src/cli.js';
import { describeChanges, plannedPackages, structureChanges } from '../src/package/structure.js';
import { parseMapping } from '../src/plan/mapping.js';
import { startFakeSsm, type FakeSsm } from '../scripts/local-aws/fake-ssm.js';
import { motoAvailable, startMoto, type Moto } from '../scripts/local-aws/moto.js';
import { SAMPLE_INSTALLERS, layoutAgentsDir } from './helpers/agents.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const ORIGINAL = path.join(ROOT, 'mappings/uptycs-agent-mapping.original.json');
const NAME = 'UptycsAgent';
const REGION = 'us-east-1';
const FAST = {
  pollIntervalMs: 5,
  maxPollIntervalMs: 20,
  activeTimeoutMs: 3000,
  retryBaseMs: 5,
  maxAttempts: 3,
};

/** The original mapping without its Windows entry: 7 entries. */
function withoutWindows(file: string): string {
  const m = JSON.parse(readFileSync(ORIGINAL, 'utf8')) as Record<string, unknown>;
  delete m.windows;
  writeFileSync(file, JSON.stringify(m, null, 2));
  return file;
}

describe('what a mapping publishes, compared with what is published (pure)', () => {
  const entries = (text: string) => parseMapping(text, 'm.json').entries;
  const opts = { sensorOnly: false, assetGroup: 'assets' };
  const eight = readFileSync(ORIGINAL, 'utf8');
  const seven = (() => {
    const m = JSON.parse(eight) as Record<string, unknown>;
    delete m.windows;
    return JSON.stringify(m);
  })();
  const published = (text: string, name = '5.7.0.25') =>
    JSON.stringify({
      schemaVersion: '2.0',
      version: name,
      packages: plannedPackages(entries(text), name, opts),
    });

  it('the same mapping: no change; a target added, dropped or moved to another zip: each said', () => {
    assert.deepEqual(
      structureChanges(plannedPackages(entries(seven), '5.7.0.25', opts), published(seven)),
      [],
    );
    assert.deepEqual(structureChanges(plannedPackages(entries(eight), '5.7.0.25', opts), published(seven)), [
      'adds windows _any x86_64',
    ]);
    assert.deepEqual(structureChanges(plannedPackages(entries(seven), '5.7.0.25', opts), published(eight)), [
      'drops windows _any x86_64',
    ]);
    // The dir a zip is named after changed: the same targets, in another zip.
    const renamed = eight.replace(/UPT_PRO_UBUNTU_ARM64/g, 'UBUNTU_ARM');
    assert.deepEqual(
      structureChanges(plannedPackages(entries(renamed), '5.7.0.25', opts), published(eight)),
      ['ubuntu _any arm64 in UBUNTU_ARM-5.7.0.25.zip, published in UPT_PRO_UBUNTU_ARM64-5.7.0.25.zip'],
    );
    assert.equal(structureChanges({}, 'not json'), undefined, 'nothing to compare with');
    assert.equal(describeChanges(['a', 'b', 'c'], 2), 'a; b; and 1 more');
  });
});

describe(
  'a changed mapping for a published version (CLI, moto)',
  { skip: !motoAvailable() && 'moto_server is not installed' },
  () => {
    let moto: Moto;
    let fake: FakeSsm;
    let ssm: SSMClient;
    let work: string;
    let seven: string;
    let agents: string;

    before(async () => {
      moto = await startMoto();
      fake = await startFakeSsm(moto.url);
      ssm = new SSMClient({ region: REGION, endpoint: moto.url });
      work = mkdtempSync(path.join(tmpdir(), 'udist-changed-mapping-'));
      seven = withoutWindows(path.join(work, 'seven.json'));
      agents = path.join(work, 'agents');
      layoutAgentsDir(ORIGINAL, agents, SAMPLE_INSTALLERS);
    });
    after(async () => {
      ssm?.destroy();
      await fake?.stop();
      await moto?.stop();
      if (work) rmSync(work, { recursive: true, force: true });
    });

    let n = 0;
    async function cli(mapping: string, extra: string[] = []) {
      const out = path.join(work, `out-${++n}`);
      const lines: string[] = [];
      const code = await runCli(
        [
          '-d',
          '--agents-dir',
          agents,
          '--mapping',
          mapping,
          '-v',
          '5.7.0.25',
          '-b',
          'udist-changed',
          '-r',
          REGION,
          '--output-dir',
          out,
          ...extra,
        ],
        {
          stdout: (s) => lines.push(s),
          stderr: (s) => lines.push(s),
          cwd: work,
          env: {
            PATH: process.env.PATH,
            HOME: work,
            AWS_ACCESS_KEY_ID: 'testing',
            AWS_SECRET_ACCESS_KEY: 'testing',
            AWS_EC2_METADATA_DISABLED: 'true',
            AWS_CONFIG_FILE: '/dev/null',
            AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
            AWS_ENDPOINT_URL: moto.url,
            AWS_ENDPOINT_URL_SSM: fake.url,
          },
          publishOptions: FAST,
        },
      );
      const text = lines.join('\n');
      return { code, text, errors: text.split('\n').filter((l) => l.startsWith('error:')), out };
    }

    /** "documentVersion:versionName" of every version, and the platforms of each manifest. */
    async function versions(): Promise<{ names: string[]; platforms: Record<string, string[]> }> {
      const head = await ssm.send(new DescribeDocumentCommand({ Name: NAME }));
      const names: string[] = [];
      const platforms: Record<string, string[]> = {};
      for (let v = 1; v <= Number(head.Document!.LatestVersion); v++) {
        const d = await ssm.send(new GetDocumentCommand({ Name: NAME, DocumentVersion: String(v) }));
        names.push(`${v}:${d.VersionName}`);
        platforms[d.VersionName!] = Object.keys(
          (JSON.parse(d.Content!) as { packages: Record<string, unknown> }).packages,
        ).sort();
      }
      return { names, platforms };
    }

    it('Windows added, same version: one error naming version-name; nothing built, nothing published', async () => {
      const first = await cli(seven);
      assert.equal(first.code, 0, first.text);
      assert.deepEqual((await versions()).names, ['1:5.7.0.25']);

      const changed = await cli(ORIGINAL);
      assert.equal(changed.code, 1, changed.text);
      assert.equal(changed.errors.length, 1, changed.text);
      assert.match(
        changed.errors[0]!,
        /^error: --version-name: UptycsAgent 5\.7\.0\.25 is already published with other targets than this mapping makes \(the mapping adds windows _any x86_64\); a published version is never changed\. Publish this mapping under a new version name, such as --version-name 5\.7\.0\.25-2, or set --if-published next-revision to take the next free one$/,
      );
      assert.doesNotMatch(changed.text, /nothing to download or build/);
      assert.ok(!existsSync(changed.out), 'output-dir not written');
      assert.deepEqual((await versions()).names, ['1:5.7.0.25'], 'nothing published');

      // check-only (the reusable workflow's check job) says the same: never "already published".
      const only = await cli(ORIGINAL, ['--check-only']);
      assert.equal(only.code, 1, only.text);
      assert.match(
        only.errors[0] ?? '',
        /--version-name: UptycsAgent 5\.7\.0\.25 is already published with other targets/,
      );

      // The unchanged mapping is still the no-op it was.
      const same = await cli(seven);
      assert.equal(same.code, 0, same.text);
      assert.match(same.text, /as published holds what this mapping makes: nothing to download or build/);
      assert.deepEqual((await versions()).names, ['1:5.7.0.25']);
    });

    it('if-published next-revision: the changed mapping becomes 5.7.0.25-2, and a re-run of it is a no-op', async () => {
      const next = await cli(ORIGINAL, ['--if-published', 'next-revision']);
      assert.equal(next.code, 0, next.text);
      assert.match(next.text, /next-revision: trying 5\.7\.0\.25-2/);
      const after1 = await versions();
      assert.deepEqual(after1.names, ['1:5.7.0.25', '2:5.7.0.25-2']);
      assert.ok(after1.platforms['5.7.0.25-2']!.includes('windows'));
      assert.ok(!after1.platforms['5.7.0.25']!.includes('windows'), 'the published version unchanged');
      const manifest = JSON.parse(readFileSync(path.join(next.out, 'manifest.json'), 'utf8')) as {
        version: string;
      };
      assert.equal(manifest.version, '5.7.0.25-2');

      const again = await cli(ORIGINAL, ['--if-published', 'next-revision']);
      assert.equal(again.code, 0, again.text);
      assert.match(
        again.text,
        /Version name 5\.7\.0\.25-2: the first revision of 5\.7\.0\.25 not published from another mapping/,
      );
      assert.match(again.text, /nothing to download or build/);
      assert.deepEqual((await versions()).names, ['1:5.7.0.25', '2:5.7.0.25-2']);

      // The 7-entry mapping, next-revision: 5.7.0.25 holds it already.
      const back = await cli(seven, ['--if-published', 'next-revision']);
      assert.equal(back.code, 0, back.text);
      assert.deepEqual((await versions()).names, ['1:5.7.0.25', '2:5.7.0.25-2']);
    });
  },
);
