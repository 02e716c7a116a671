/**
 * `npm run render-summary`: renders the job summary as GitHub would, to look at it. It runs the core on
 * the bundled mapping in eight situations (a plan with a change against a base, a pull request that
 * changes the rollout plan, a dry run with the
 * sample installers, a publish to one region and to three, a publish that created the association, a
 * nightly re-run that finds the version published, a failed check), turns each summary into HTML with a
 * GitHub-flavoured Markdown renderer (marked, GFM tables) and a GitHub-like style, and, when Chromium is
 * installed (Debian: apt-get install chromium), takes a screenshot of each page with headless Chromium.
 * Output: ./summary-preview/<name>.md, .html and .png. No network.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SAMPLE_INSTALLERS, layoutAgentsDir } from '../__tests__/helpers/agents.js';
import { run } from '../src/core.js';
import { readInputs } from '../src/inputs/index.js';
import { renderNames } from '../src/common/names.js';
import { textLog } from '../src/common/log.js';
import { parseMapping } from '../src/plan/mapping.js';
import { failureReport } from '../src/report/failure.js';
import { renderSummary } from '../src/report/index.js';
import { publishMarkdown, publishOutputs, type PublishResult } from '../src/publish/index.js';
import { findChromium, measurePage, screenshot, summaryHtml } from './summary-html.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bundled = path.join(root, 'mappings/uptycs-agent-mapping.json');
const out = path.join(root, 'summary-preview');
const tmp = mkdtempSync(path.join(tmpdir(), 'uptycs-summary-preview-'));
mkdirSync(out, { recursive: true });

const quiet = textLog(() => {});
let n = 0;
const core = (given: Record<string, string>) =>
  run(
    readInputs((k) => given[k] ?? '', {
      mapping: bundled,
      outputDir: path.join(tmp, `out-${++n}`),
      cwd: tmp,
    }),
    { log: quiet, packageRoot: root, displayPath: (f) => path.relative(tmp, f) },
  );

const summaries: Record<string, string> = {};
try {
  // 1. A pull request's check: the change adds SUSE arm64 and gives Ubuntu 24.04 a key of its own.
  const m = JSON.parse(readFileSync(bundled, 'utf8')) as { linux: Record<string, string>[] };
  delete (m as Record<string, unknown>).$schema;
  const base = { ...m, linux: m.linux.filter((e) => !(e.name === 'suse' && e.arch_type === 'arm64')) };
  writeFileSync(path.join(tmp, 'base.json'), JSON.stringify(base, null, 2));
  const head = structuredClone(m);
  const u = head.linux.find((e) => e.name === 'ubuntu' && e.arch_type === 'arm64')!;
  u.major_version = '24';
  u.minor_version = '04';
  writeFileSync(path.join(tmp, 'head.json'), JSON.stringify(head, null, 2));
  summaries['plan-compare'] = (
    await core({
      mode: 'plan',
      mapping: 'head.json',
      'compare-to': 'base.json',
      'allow-new-failures': 'true',
    })
  ).summary;

  // 1b. A pull request that changes only the rollout plan: canary bakes a day instead of three, fleet
  // gains an alarm, an eu ring is added before it, legacy machines lose the agent, and the default
  // stays where it is; the base branch's plan checked out under base/, as the example does.
  const plan = (rings: unknown[], more: Record<string, unknown> = {}) =>
    JSON.stringify({ rings, ...more }, null, 2);
  mkdirSync(path.join(tmp, 'base/uptycs'), { recursive: true });
  mkdirSync(path.join(tmp, 'uptycs'), { recursive: true });
  writeFileSync(
    path.join(tmp, 'base/uptycs/rollout-plan.json'),
    plan([
      { name: 'canary', targets: ['tag:UptycsRing=canary'], bake: '3d', alarms: ['uptycs-canary-errors'] },
      { name: 'fleet', targets: ['tag:UptycsRing=fleet', 'tag:Env=prod'], maxErrors: '5%' },
      { name: 'legacy', targets: ['tag:UptycsRing=legacy'] },
    ]),
  );
  writeFileSync(
    path.join(tmp, 'uptycs/rollout-plan.json'),
    plan(
      [
        { name: 'canary', targets: ['tag:UptycsRing=canary'], bake: '24h', alarms: ['uptycs-canary-errors'] },
        { name: 'eu', targets: ['tag:UptycsRing=eu'], bake: '2d' },
        {
          name: 'fleet',
          targets: ['tag:UptycsRing=fleet', 'tag:Env=prod'],
          maxErrors: '5%',
          alarms: ['uptycs-fleet-errors'],
        },
        { name: 'legacy', targets: ['tag:UptycsRing=legacy'], action: 'uninstall' },
      ],
      { defaultVersion: 'never' },
    ),
  );
  writeFileSync(path.join(tmp, 'base/mapping.json'), readFileSync(bundled, 'utf8'));
  summaries['plan-rollout'] = (
    await core({
      mode: 'plan',
      'compare-to': 'base/mapping.json',
      'rollout-plan': 'uptycs/rollout-plan.json',
      'compare-plan-to': 'base/uptycs/rollout-plan.json',
    })
  ).summary;

  // 2. A dry run with the sample installers (real sizes and checksums).
  layoutAgentsDir(bundled, path.join(tmp, 'agents'), SAMPLE_INSTALLERS);
  const dry = await core({
    download: 'false',
    'agents-dir': 'agents',
    'dry-run': 'true',
    'aws-region': 'us-east-1, eu-west-1',
  });
  summaries['dry-run'] = dry.summary;

  // 3. After a publish: the same package, as the publish stage reports it, and the next step. One
  // region (the document created by this run, the bucket too), then three regions (a new default version
  // in each, shared with an account, the files copied in S3 from the first region's bucket), then the
  // same with the association the run created.
  const result = (region: string, over: Partial<PublishResult> = {}): PublishResult => {
    const bucket = `uptycs-distributor-123456789012-${region}`;
    return {
      region,
      ok: true,
      account: '123456789012',
      bucket,
      prefix: `uptycs/UptycsAgent/${dry.pkg.version}/`,
      s3Uri: `s3://${bucket}/uptycs/UptycsAgent/${dry.pkg.version}`,
      documentName: 'UptycsAgent',
      documentVersion: '1',
      versionName: dry.pkg.version,
      documentArn: `arn:aws:ssm:${region}:123456789012:document/UptycsAgent`,
      status: 'Active',
      alreadyPublished: false,
      uploadedFiles: [...dry.pkg.files.map((f) => f.name), 'manifest.json'],
      uploadedBytes: dry.pkg.files.reduce((n, f) => n + f.size, 0) + dry.pkg.manifestText.length,
      skippedFiles: [],
      skippedBytes: 0,
      defaultVersion: true,
      sharedAccounts: [],
      deletedVersions: [],
      durationMs: 4200,
      publishedBy: 'arn:aws:sts::123456789012:assumed-role/uptycs-distributor-publisher/uptycs-distributor',
      bucketSettings: {
        how: 'created',
        created: true,
        publicAccessBlocked: true,
        encryption: 'AES256',
        ownerEnforced: true,
        abortsIncompleteUploads: true,
        repaired: [],
      },
      ...over,
    };
  };
  const published = (results: PublishResult[], rollout?: unknown) =>
    renderSummary({
      pkg: dry.pkg,
      rows: dry.rows,
      preview: dry.preview,
      agentsSource: 'downloaded from the Uptycs API',
      dryRun: false,
      mode: 'publish',
      // A pipelined run's timings (the bench's best cold run): agents, package and publish overlap.
      timings: { plan: 51, version: 117, agents: 2637, package: 3708, publish: 4200, report: 9 },
      overlapping: ['agents', 'package', 'publish'],
      sections: [{ title: 'Published to AWS', markdown: publishMarkdown(results) }],
      publishResults: results,
      ...(rollout ? { rolloutResults: rollout } : {}),
    });
  summaries.published = published([result('us-east-1')]);
  const [first, ...rest] = dry.pkg.files;
  const moved = (region: string, previous: string) =>
    result(region, {
      documentVersion: String(Number(previous) + 1),
      previousDefault: { documentVersion: previous, versionName: '5.6.1.12' },
      sharedAccounts: ['210987654321'],
      // An existing bucket is read back on every run (issue 30); one region's lacked its encryption.
      bucketSettings: {
        how: 'verified',
        created: false,
        publicAccessBlocked: true,
        encryption: 'AES256',
        ownerEnforced: true,
        abortsIncompleteUploads: true,
        repaired: region === 'eu-west-1' ? ['encryption'] : [],
      },
      ...(region === 'us-east-1'
        ? {}
        : {
            uploadedFiles: ['manifest.json'],
            uploadedBytes: dry.pkg.manifestText.length,
            copiedFiles: [first!.name, ...rest.map((f) => f.name)],
            copiedBytes: dry.pkg.files.reduce((n, f) => n + f.size, 0),
            copiedFrom: 'us-east-1',
          }),
    });
  const three = [moved('us-east-1', '3'), moved('eu-west-1', '2'), moved('ap-southeast-2', '2')];
  summaries['published-regions'] = published(three);
  summaries['published-rollout'] = published(
    [moved('us-east-1', '3')],
    [
      {
        region: 'us-east-1',
        associationName: 'UptycsAgent-rollout',
        association: {
          id: '8dfe3659-4309-493a-8755-0123456789ab',
          action: 'created',
          changed: [],
          runsNow: true,
          started: false,
        },
        reportNote: 'Not waiting for the rollout (rollout-wait-minutes is 0).',
      },
    ],
  );

  // 4. The nightly run when nothing is new: every region has the version, and its default version,
  // sharing and versions kept are as asked (the check's answer, as openCheck gives it).
  const had = (region: string, documentVersion: string): PublishResult => ({
    region,
    ok: true,
    account: '123456789012',
    bucket: `uptycs-distributor-123456789012-${region}`,
    prefix: `uptycs/UptycsAgent/${dry.pkg.version}/`,
    s3Uri: `s3://uptycs-distributor-123456789012-${region}/uptycs/UptycsAgent/${dry.pkg.version}`,
    documentName: 'UptycsAgent',
    documentVersion,
    versionName: dry.pkg.version,
    documentArn: `arn:aws:ssm:${region}:123456789012:document/UptycsAgent`,
    status: 'Active',
    alreadyPublished: true,
    uploadedFiles: [],
    uploadedBytes: 0,
    skippedFiles: [],
    skippedBytes: 0,
    defaultVersion: true,
    sharedAccounts: ['210987654321'],
    deletedVersions: [],
    durationMs: 41,
  });
  const results = [had('us-east-1', '3'), had('eu-west-1', '2')];
  summaries['already-published'] = (
    await run(
      readInputs(
        (k) =>
          ({
            download: 'false',
            'agents-dir': 'agents',
            'aws-region': 'us-east-1, eu-west-1',
            'share-with-accounts': '210987654321',
          })[k] ?? '',
        { mapping: bundled, outputDir: path.join(tmp, `out-${++n}`), cwd: tmp },
      ),
      {
        log: quiet,
        packageRoot: root,
        displayPath: (f) => path.relative(tmp, f),
        published: () =>
          Promise.resolve(async (versionName: string) => ({
            all: true,
            converged: true,
            versionName,
            results,
            manifestText: dry.pkg.manifestText,
            outputs: publishOutputs(results),
            markdown: publishMarkdown(results),
          })),
      },
    )
  ).summary;

  // 4. A failed check: a mapping with two mistakes.
  const bad = JSON.stringify(
    {
      linux: [
        { upt_package: 'centos', dir: 'A', name: 'rhel', major_version: '_any', arch_type: 'x86_64' },
        { upt_package: 'centos', dir: 'B', name: 'amazon', major_version: '_any', arch_type: 'i386' },
      ],
    },
    null,
    2,
  );
  let err: unknown;
  try {
    parseMapping(bad, path.join(tmp, 'uptycs/mapping.json'));
  } catch (e) {
    err = e;
  }
  summaries.failure = failureReport(err, tmp, 'UptycsAgent', 'plan').summary;
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

const chromium = findChromium();
for (const [name, md] of Object.entries(summaries)) {
  const text = renderNames(md, 'action');
  writeFileSync(path.join(out, `${name}.md`), text);
  const file = path.join(out, `${name}.html`);
  writeFileSync(file, await summaryHtml(name, text));
  let shot = '';
  if (chromium) {
    const png = path.join(out, `${name}.png`);
    const failed = screenshot(chromium, file, png);
    shot = failed ? ` (screenshot failed: ${failed})` : `, ${path.relative(process.cwd(), png)}`;
    // What GitHub would show with a scrollbar, at its 1012 px page.
    const m = measurePage(chromium, file, 1012);
    shot += m.overflowing.length
      ? `; wider than the ${m.content} px column: ${m.overflowing.join('; ')}`
      : `; fits the ${m.content} px column`;
  }
  console.log(`${name}: ${path.relative(process.cwd(), file)}${shot}`);
}
if (!chromium)
  console.log(
    'Chromium is not installed (Debian: apt-get install chromium): open the .html files in a browser.',
  );
