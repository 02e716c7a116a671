/**
 * The summary a security engineer signs off (issue 31): from a real publish against moto_server (the
 * core with the publish stage, the real SDK), the job summary and report.json hold every zip's and
 * installer's full SHA-256, the package digest, who published, the bucket's settings, the previous
 * default and the command that returns to it. The next step follows from what the run did. And the
 * summary fits GitHub's 1012 px page and reads the same without an emoji font (Chromium measures).
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { SAMPLE_INSTALLERS, layoutAgentsDir } from './helpers/agents.js';
import { FAST, memoryLog } from './helpers/publish-fixture.js';
import { ROOT } from './helpers/runner.js';
import { run, type RunResult } from '../src/core.js';
import { readInputs } from '../src/inputs/index.js';
import { renderNames } from '../src/common/names.js';
import { publishMarkdown, publishStage, type PublishResult } from '../src/publish/index.js';
import { renderSummary } from '../src/report/index.js';
import { loadMapping } from '../src/plan/index.js';
import { locateInstallers } from '../src/agents/local.js';
import { loadTemplates } from '../src/package/scripts.js';
import { buildPackage } from '../src/package/index.js';
import { previewResolution } from '../src/package/manifest.js';
import { COMMON_INSTANCES } from '../src/plan/distributor.js';
import type { RegionRollout } from '../src/rollout/report.js';
import { startFakeSsm, type FakeSsm } from '../scripts/local-aws/fake-ssm.js';
import { motoAvailable, startMoto, type Moto } from '../scripts/local-aws/moto.js';
import { findChromium, measurePage, summaryHtml } from '../scripts/summary-html.js';

const MAPPING = path.join(ROOT, 'mappings/uptycs-agent-mapping.json');
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
/** Emoji (and the variation selector that makes a symbol one), as a font without them drops them. */
const EMOJI = /[\p{Extended_Pictographic}\u{FE0F}]/gu;

let work: string;
let n = 0;
before(() => {
  work = mkdtempSync(path.join(tmpdir(), 'udist-signoff-'));
  layoutAgentsDir(MAPPING, path.join(work, 'agents'), SAMPLE_INSTALLERS);
});
after(() => rmSync(work, { recursive: true, force: true }));

describe(
  'the summary after a real publish (moto)',
  { skip: !motoAvailable() && 'moto_server is not installed' },
  () => {
    let moto: Moto;
    let fake: FakeSsm;
    before(async () => {
      moto = await startMoto();
      fake = await startFakeSsm(moto.url);
    });
    after(async () => {
      await fake?.stop();
      await moto?.stop();
    });

    const publish = async (given: Record<string, string>): Promise<RunResult> => {
      const out = path.join(work, `out-${++n}`);
      const inputs = readInputs(
        (k) =>
          ({
            download: 'false',
            'agents-dir': 'agents',
            'if-published': 'verify',
            'aws-region': 'us-east-1',
            ...given,
          })[k] ?? '',
        { mapping: MAPPING, outputDir: out, cwd: work },
      );
      const log = memoryLog();
      const env = { ...process.env, AWS_ENDPOINT_URL: moto.url, AWS_ENDPOINT_URL_SSM: fake.url };
      return run(inputs, { log, packageRoot: ROOT, publish: publishStage({ log, env, options: FAST }) });
    };

    it('holds every SHA-256, the digest, who published, the bucket, the previous default and the way back', async () => {
      const sts = new STSClient({ region: 'us-east-1', endpoint: moto.url });
      const identity = (await sts.send(new GetCallerIdentityCommand({}))).Arn!;
      sts.destroy();

      const first = await publish({ 'package-version': '5.7.0.25' });
      assert.equal(first.error, undefined, first.error?.message);
      const report = JSON.parse(readFileSync(first.reportPath, 'utf8')) as {
        packageDigest: string;
        files: { name: string; sha256: string; installer: string; installerSha256: string }[];
        publish: PublishResult[];
      };
      // The digest is the package-digest output, and the SHA-256 of the manifest on disk.
      assert.equal(report.packageDigest, first.outputs['package-digest']);
      assert.equal(report.packageDigest, `sha256:${sha256(first.pkg.manifestPath)}`);
      const summary = renderNames(first.summary, 'action');
      assert.match(summary, new RegExp(`^${report.packageDigest}$`, 'm'));
      // Every zip and every installer, in full, as `sha256sum -c` reads them.
      const installers = Object.values(SAMPLE_INSTALLERS);
      for (const f of report.files) {
        assert.equal(f.sha256, sha256(path.join(first.pkg.dir, f.name)), f.name);
        const source = installers.find((i) => path.basename(i) === f.installer)!;
        assert.ok(source, `${f.installer} is one of the sample installers`);
        assert.equal(f.installerSha256, sha256(source), `${f.installer} as provided`);
        assert.ok(summary.includes(`${f.sha256}  ${f.name}\n`), `${f.name}'s line`);
        assert.ok(summary.includes(`${f.installerSha256}  ${f.installer}\n`), `${f.installer}'s line`);
      }
      const [r] = report.publish;
      assert.equal(r!.publishedBy, identity, 'the identity STS names');
      assert.ok(summary.includes(`**Published by:** <code>${identity}</code>`));
      assert.deepEqual(r!.bucketSettings, {
        how: 'created',
        created: true,
        publicAccessBlocked: true,
        encryption: 'AES256',
        ownerEnforced: true,
        abortsIncompleteUploads: true,
        repaired: [],
      });
      assert.match(
        summary,
        /private \(all public access blocked\), encrypted \(AES256\), owner enforced .*set by this run, which created the bucket/,
      );
      assert.equal(r!.previousDefault, undefined, 'no document before');
      assert.match(summary, /us-east-1: the document was created by this run/);
      assert.doesNotMatch(summary, /update-document-default-version/);

      // A revision: the default moves from 1 to 2, and the summary gives the one command back to 1.
      const second = await publish({ 'package-version': '5.7.0.25', 'version-name': '5.7.0.25-2' });
      assert.equal(second.error, undefined, second.error?.message);
      const again = JSON.parse(readFileSync(second.reportPath, 'utf8')) as { publish: PublishResult[] };
      assert.deepEqual(again.publish[0]!.previousDefault, { documentVersion: '1', versionName: '5.7.0.25' });
      assert.equal(again.publish[0]!.bucketSettings?.how, 'verified', 'the bucket existed: read back');
      const s2 = renderNames(second.summary, 'action');
      assert.match(s2, /us-east-1: the default moved from 1 \(5\.7\.0\.25\) to 2 \(5\.7\.0\.25-2\)/);
      assert.match(
        s2,
        /^aws ssm update-document-default-version --region us-east-1 --name UptycsAgent --document-version 1$/m,
      );
      assert.match(
        s2,
        /private \(all public access blocked\), encrypted \(AES256\), owner enforced \(ACLs off\): read back from S3 in this run/,
      );
    });
  },
);

/** A publish's results, as the publish stage reports them. */
function result(region: string, over: Partial<PublishResult> = {}): PublishResult {
  const bucket = `uptycs-distributor-123456789012-${region}`;
  return {
    region,
    ok: true,
    account: '123456789012',
    bucket,
    prefix: 'uptycs/UptycsAgent/5.7.0.25/',
    s3Uri: `s3://${bucket}/uptycs/UptycsAgent/5.7.0.25`,
    documentName: 'UptycsAgent',
    documentVersion: '4',
    versionName: '5.7.0.25',
    documentArn: `arn:aws:ssm:${region}:123456789012:document/UptycsAgent`,
    status: 'Active',
    alreadyPublished: false,
    uploadedFiles: ['a.zip', 'manifest.json'],
    uploadedBytes: 150_000,
    copiedFiles: region === 'us-east-1' ? [] : ['b.zip', 'c.zip', 'd.zip', 'e.zip'],
    copiedBytes: 140_000,
    copiedFrom: 'us-east-1',
    skippedFiles: [],
    skippedBytes: 0,
    defaultVersion: true,
    sharedAccounts: ['210987654321', '310987654321'],
    deletedVersions: [],
    durationMs: 4200,
    publishedBy: 'arn:aws:sts::123456789012:assumed-role/uptycs-distributor-publisher/uptycs-distributor',
    previousDefault: { documentVersion: '3', versionName: '5.6.1.12' },
    bucketSettings: { how: 'unchecked' },
    ...over,
  };
}

describe('each installer’s SHA-256', () => {
  it('is that of the bytes zipped, and a download whose file changed before the zip is not packaged', async () => {
    const { entries } = await loadMapping(MAPPING, 'mapping');
    const set = await locateInstallers(entries, path.join(work, 'agents'), '', memoryLog());
    const templates = await loadTemplates(path.join(ROOT, 'templates'));
    const build = (sha: (file: string) => string) => {
      const outDir = mkdtempSync(path.join(work, 'pkg-'));
      const installers = new Map([...set.byDir].map(([dir, i]) => [dir, { ...i, sha256: sha(i.path) }]));
      return buildPackage(
        { packageName: 'UptycsAgent', version: '5.7.0.25', entries, installers, templates, outDir },
        memoryLog(),
      );
    };
    // As downloaded: the SHA-256 the download computed matches, and is what the package reports.
    const pkg = await build(sha256);
    for (const f of pkg.files) {
      const source = Object.values(SAMPLE_INSTALLERS).find((i) => path.basename(i) === f.installerName)!;
      assert.equal(f.installerSha256, sha256(source), f.installerName);
    }
    // A file that is not what was downloaded (changed on disk in between): refused, named.
    const changed = path.basename(SAMPLE_INSTALLERS['windows/x86_64']);
    await assert.rejects(
      build((file) => (path.basename(file) === changed ? '0'.repeat(64) : sha256(file))),
      new RegExp(`${changed.replace(/\./g, '\\.')} changed on disk after it was downloaded`),
    );
  });
});

describe('the summary of a built package', () => {
  let dry: RunResult;
  before(async () => {
    const inputs = readInputs(
      (k) => ({ download: 'false', 'agents-dir': 'agents', 'dry-run': 'true' })[k] ?? '',
      { mapping: MAPPING, outputDir: path.join(work, 'dry'), cwd: work },
    );
    dry = await run(inputs, { log: memoryLog(), packageRoot: ROOT });
  });
  const published = (results: PublishResult[], rollouts?: RegionRollout[]) =>
    renderNames(
      renderSummary({
        pkg: dry.pkg,
        rows: dry.rows,
        preview: dry.preview,
        agentsSource: 'downloaded from the Uptycs API',
        dryRun: false,
        mode: 'publish',
        timings: { package: 3708, publish: 4200 },
        sections: [{ title: 'Published to AWS', markdown: publishMarkdown(results) }],
        publishResults: results,
        ...(rollouts ? { rolloutResults: rollouts } : {}),
      }),
      'action',
    );

  it('next step: after the run created the association, follow it; never suggest another', () => {
    const s = published(
      [result('us-east-1')],
      [
        {
          region: 'us-east-1',
          associationName: 'UptycsAgent-rollout',
          association: { id: 'assoc-1', action: 'created', changed: [], runsNow: true, started: false },
        },
      ],
    );
    assert.match(s, /### Next step: follow the rollout/);
    assert.match(s, /created the association <code>UptycsAgent-rollout<\/code> in us-east-1/);
    assert.match(s, /describe-association-executions --region us-east-1 --association-id assoc-1/);
    assert.doesNotMatch(s, /install it on instances|create-association|send-command/);
  });

  it('next step: a version that is not the default gets the command that makes it one, not an association for the default', () => {
    const s = published([result('us-east-1', { defaultVersion: false })]);
    assert.match(s, /### Next step: install it on instances/);
    assert.match(s, /send-command/, 'installing this version by name still works');
    assert.doesNotMatch(
      s,
      /create-association/,
      'an association with the version empty installs the default, not this',
    );
    assert.match(
      s,
      /^aws ssm update-document-default-version --region us-east-1 --name UptycsAgent --document-version 4$/m,
    );
    assert.match(s, /the default stays 3 \(5\.6\.1\.12\): this run did not move it/);
    // Shared accounts install it by its ARN.
    assert.match(
      s,
      /name the package by its ARN, for example <code>arn:aws:ssm:us-east-1:123456789012:document\/UptycsAgent<\/code>/,
    );
  });

  it('next step: none where nothing was published; the heading says so in words', () => {
    const s = published([result('us-east-1', { ok: false, error: 'AccessDenied', documentVersion: '' })]);
    assert.doesNotMatch(s, /Next step/);
    assert.match(
      s.replace(EMOJI, ''),
      /^## +Uptycs Distributor package UptycsAgent 5\.7\.0\.25 \(not published\)/m,
    );
    assert.match(s, /failed: AccessDenied/);
  });

  it('reads the same without an emoji font: no cell, item or heading says something only with an emoji', () => {
    const s = published([result('us-east-1'), result('eu-west-1', { ok: false, error: 'AccessDenied' })]);
    const plain = s.replace(EMOJI, '');
    assert.match(
      plain,
      /^## +Uptycs Distributor package UptycsAgent 5\.7\.0\.25 \(published in 1 of 2 regions/m,
    );
    for (const line of s.split('\n').filter((l) => EMOJI.test(l))) {
      // Each table cell or line that holds an emoji holds words too.
      const parts = line.startsWith('|') ? line.split('|').slice(1, -1) : [line];
      for (const p of parts)
        if (p.match(EMOJI))
          assert.match(p.replace(EMOJI, ''), /[A-Za-z]{3}/, `"${p.trim()}" says it with an emoji only`);
    }
    // A summary with failing common instances says so in its heading, in words (here: no Windows).
    const { windows: _dropped, ...packages } = dry.pkg.manifest.packages;
    const preview = previewResolution({ ...dry.pkg.manifest, packages }, COMMON_INSTANCES);
    const failing = preview.filter((p) => !p.result.ok && p.instance.platform === 'windows').length;
    assert.ok(failing > 1);
    const warned = renderSummary({ ...dryInput(), preview });
    assert.match(
      warned.replace(EMOJI, ''),
      new RegExp(`^## .*; ${failing} common instances would fail\\)`, 'm'),
    );
  });
  const dryInput = () => ({
    pkg: dry.pkg,
    rows: dry.rows,
    preview: dry.preview,
    agentsSource: 'provided',
    dryRun: true,
    timings: {},
  });

  it('a dry run has the digest and the checksums, in a collapsed block when long', () => {
    const s = renderSummary(dryInput());
    assert.match(s, /### For the security review/);
    assert.match(s, /<details><summary>SHA-256 of the 5 zips and 5 installers<\/summary>/);
    for (const f of dry.pkg.files) assert.ok(s.includes(`${f.sha256}  ${f.name}`));
    assert.doesNotMatch(s, /Published by|Default version/, 'nothing was published');
  });

  const chromium = findChromium();
  it(
    'fits GitHub’s 1012 px page, for one region and for many (Chromium measures every element)',
    { skip: !chromium && 'Chromium is not installed (apt-get install chromium)' },
    async () => {
      const many = [
        'us-east-1',
        'eu-west-1',
        'ap-southeast-2',
        'ca-central-1',
        'eu-central-1',
        'ap-northeast-1',
      ];
      const pages = {
        one: published([
          result('us-east-1', {
            previousDefault: undefined,
            bucketSettings: {
              how: 'created',
              publicAccessBlocked: true,
              encryption: 'AES256',
              ownerEnforced: true,
            },
          }),
        ]),
        many: published(
          many.map((r, i) =>
            result(
              r,
              i % 2
                ? {
                    ok: false,
                    error:
                      'AccessDenied: User: arn:aws:sts::123456789012:assumed-role/uptycs-distributor-publisher/uptycs-distributor is not authorized to perform: s3:PutObject',
                    documentVersion: '',
                  }
                : { copyRefused: 'AccessDenied: Access Denied (s3:GetObject on the source bucket)' },
            ),
          ),
        ),
      };
      for (const [name, md] of Object.entries(pages)) {
        const file = path.join(work, `${name}.html`);
        writeFileSync(file, await summaryHtml(name, md));
        const m = measurePage(chromium!, file, 1012);
        assert.ok(m.content > 900, `the page's column is GitHub's (${m.content} px)`);
        assert.deepEqual(m.overflowing, [], `${name}: elements wider than the ${m.content} px column`);
      }
    },
  );
});
