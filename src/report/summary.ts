/**
 * The job summary (and the pull-request comment): Markdown that GitHub renders, written for people who
 * read it at a glance. Coverage as a matrix (platforms × architectures, each cell the zip's letter),
 * one row per zip, what common instances would install (names people know, failures in plain words,
 * expected gaps apart), what a change does (compare-to), what would be published, the next step after
 * a publish; and a failure summary. Pure.
 */
import { formatBytes, formatDuration } from '../common/log.js';
import type { PreviewRow } from '../package/manifest.js';
import type { BuiltPackage } from '../package/types.js';
import type { CoverageDiff, OutcomeChange, Target } from './diff.js';
import { describeOutcome } from './diff.js';
import { ref } from '../common/names.js';
import { cell, type CoverageRow } from './coverage.js';
import type { SummarySection } from '../common/markdown.js';
import { explainFailure } from './explain.js';
import { matchedPath } from '../plan/distributor.js';
import { EXPECTED_GAPS, instanceName, platformName } from './names.js';
import type { PublishResult } from '../publish/types.js';
import type { RegionRollout } from '../rollout/report.js';
import { signOff } from './signoff.js';

/** Where a dry run would publish (computed from the inputs; {account} is the credentials' account). */
export interface PublishPreview {
  regions: string[];
  /** One bucket name per region, {account} left in place when not known. */
  buckets: string[];
  prefix: string;
  document: string;
  versionName: string;
}

/** The comparison with compare-to. */
export interface ReviewSummary {
  baseLabel: string;
  diff: CoverageDiff;
  outcomes: OutcomeChange[];
  allowNewFailures: boolean;
}

export interface SummaryInput {
  pkg: BuiltPackage;
  rows: CoverageRow[];
  preview: PreviewRow[];
  /** Where the installers came from, in words. */
  agentsSource: string;
  dryRun: boolean;
  timings: Record<string, number>;
  /** Stages that ran side by side (a pipelined run): their times overlap, and the line says so. */
  overlapping?: string[];
  sections?: SummarySection[];
  /** plan: validated only, no installers; build: dry run; publish. Default: build when dryRun, else publish. */
  mode?: 'plan' | 'build' | 'publish';
  /** In a dry run or plan: what would be published. */
  publishPreview?: PublishPreview;
  review?: ReviewSummary;
  /** The rollout plan's change (compare-plan-to against rollout-plan): Markdown, already escaped. */
  planReview?: string;
  /** After a publish that succeeded: regions it is installable in (for the next step), when no results are given. */
  publishedRegions?: string[];
  /** The publish stage's results (PublishResult[]): the review section and the next step read them. */
  publishResults?: unknown;
  /** The rollout stage's results (RegionRollout[]): after an association, the next step is to follow it. */
  rolloutResults?: unknown;
}

function table(head: string[], rows: string[][], raw = false): string {
  return [
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.map((c) => (raw ? c : cell(c))).join(' | ')} |`),
  ].join('\n');
}

const code = (s: string) => `<code>${cell(s)}</code>`;
const ARCH_ORDER = ['x86_64', 'arm64', '386', 'arm', '_any'];

/** A, B, … Z, AA, AB … */
export function zipLetter(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

function matrix(rows: CoverageRow[], letterOf: Map<string, string>): string {
  const arches = ARCH_ORDER.filter((a) => rows.some((r) => r.arch === a));
  const keys = [...new Map(rows.map((r) => [`${r.platform}\0${r.version}`, r])).values()];
  const body = keys.map((k) => [
    `${cell(platformName(k.platform))} ${code(k.platform)}`,
    k.version === '_any' ? 'any' : code(k.version),
    ...arches.map((a) => {
      const r = rows.find((x) => x.platform === k.platform && x.version === k.version && x.arch === a);
      return r ? `**${letterOf.get(r.zip)}**` : '✗';
    }),
  ]);
  return table(['Platform', 'Version', ...arches], body, true);
}

function zipRows(
  pkg: BuiltPackage,
  rows: CoverageRow[],
  letterOf: Map<string, string>,
  plan: boolean,
): string {
  const body = pkg.files.map((f) => {
    const targets = rows.filter((r) => r.zip === f.name);
    const kind = targets[0]?.installerKind ?? f.installerType;
    const platforms = [
      ...new Set(targets.map((t) => t.platform + (t.version === '_any' ? '' : ` ${t.version}`))),
    ];
    return [
      `**${letterOf.get(f.name)}**`,
      code(f.name),
      `${cell(kind)}: ${code(f.installerName)}`,
      `${targets.length}: ${cell(platforms.join(', '))}`,
      ...(plan ? [] : [formatBytes(f.size).replace(' ', '&nbsp;'), code(`${f.sha256.slice(0, 12)}…`)]),
    ];
  });
  return table(['', 'Zip', 'Installer', 'Targets', ...(plan ? [] : ['Size', 'SHA-256'])], body, true);
}

function preview(s: SummaryInput, letterOf: Map<string, string>): string[] {
  const ok = s.preview.filter((p) => p.result.ok);
  const gaps = s.preview.filter((p) => !p.result.ok && EXPECTED_GAPS[p.instance.platform]);
  const surprises = s.preview.filter((p) => !p.result.ok && !EXPECTED_GAPS[p.instance.platform]);
  const kindOf = (zip: string) => s.rows.find((r) => r.zip === zip)?.installerKind ?? '';
  const row = ({ instance: i, result: r }: PreviewRow) => [
    `**${cell(instanceName(i))}**`,
    cell(i.arch),
    r.ok
      ? `✅ **${letterOf.get(r.file) ?? '?'}** ${cell(kindOf(r.file))} <sub>(via ${cell(matchedPath(r.trace))})</sub>`
      : `❌ fails: ${cell(explainFailure(r, i))}`,
  ];
  const head = ['Instance', 'Arch', 'Result'];
  const out = ['### What common instances would install', ''];
  if (surprises.length)
    out.push(
      `⚠️ **${surprises.length} common instance${surprises.length > 1 ? 's' : ''} would fail**; ${ok.length} would install.`,
      '',
      table(head, surprises.map(row), true),
      '',
    );
  else out.push(`✅ All ${ok.length} common instances install.`, '');
  if (ok.length)
    out.push(
      `<details><summary>The ${ok.length} that install, and the zip each gets</summary>`,
      '',
      table(head, ok.map(row), true),
      '',
      '</details>',
      '',
    );
  out.push(
    'By the SSM Agent’s rule: platform, then version, then arch; `_any` and `X.*` fall-backs; no backtracking.',
    '',
  );
  if (gaps.length)
    out.push(
      `Not covered, as expected: ${gaps.map(({ instance: i }) => `${cell(instanceName(i))} (${cell(i.arch)}): ${cell(EXPECTED_GAPS[i.platform]!)}`).join('; ')}.`,
      '',
    );
  return out;
}

const targetName = (t: Pick<Target, 'platform' | 'version' | 'arch'>) =>
  `${code(t.platform)} ${t.version === '_any' ? 'any version' : code(t.version)} ${cell(t.arch)}`;

function review(r: ReviewSummary): string[] {
  const { diff, outcomes } = r;
  const out = [`### What this change does (against ${cell(r.baseLabel)})`, ''];
  const n = diff.added.length + diff.removed.length + diff.changed.length;
  const newFailures = outcomes.filter((o) => o.newFailure);
  if (newFailures.length)
    out.push(
      `${r.allowNewFailures ? '⚠️' : '❌'} **${newFailures.length} common instance${newFailures.length > 1 ? 's' : ''} installed before and would fail now**${r.allowNewFailures ? ` (allowed by ${ref('allow-new-failures')})` : `: the check fails unless ${ref('allow-new-failures')} is true`}.`,
      '',
    );
  if (outcomes.length) {
    out.push('Instances whose outcome changes:', '');
    for (const o of outcomes)
      out.push(
        `- ${o.newFailure ? '❌' : o.after.ok ? '✅' : '➖'} **${cell(instanceName(o.instance))} ${cell(o.instance.arch)}**: ${describeOutcome(o.before)} → ${describeOutcome(o.after)}${o.after.ok ? '' : `: ${cell(o.after.reason)}`}`,
      );
    out.push('');
  } else out.push('No common instance changes what it installs.', '');
  if (!n) out.push('Targets: no change.', '');
  else {
    out.push(
      `Targets: ${diff.added.length} added, ${diff.removed.length} removed, ${diff.changed.length} changed.`,
      '',
      table(
        ['Change', 'Target', 'Before', 'After'],
        [
          ...diff.added.map((t) => ['➕ added', targetName(t), '—', `${code(t.zip)} ${cell(t.kind)}`]),
          ...diff.removed.map((t) => ['➖ removed', targetName(t), `${code(t.zip)} ${cell(t.kind)}`, '—']),
          ...diff.changed.map(({ before: b, after: a }) => [
            '✏️ changed',
            targetName(a),
            `${code(b.zip)} ${cell(b.kind)}`,
            `${code(a.zip)} ${cell(a.kind)}`,
          ]),
        ],
        true,
      ),
      '',
    );
  }
  return out;
}

function publishPreview(p: PublishPreview, plan: boolean): string[] {
  const buckets = [...new Set(p.buckets)];
  const account = buckets.some((b) => b.includes('{account}'))
    ? ' <sub>({account}: the account of the credentials)</sub>'
    : '';
  const version =
    plan && p.versionName.includes('VERSION')
      ? ' <sub>(the agent version: package-version, or the newest the tenant offers)</sub>'
      : '';
  return [
    '### What would be published',
    '',
    `- **Regions:** ${cell(p.regions.join(', '))}`,
    `- **Bucket:** ${buckets.map(code).join(', ')}${account}`,
    `- **Prefix:** ${code(p.prefix)}`,
    `- **Document:** ${code(p.document)} (SSM document of type Package)`,
    `- **Version name:** ${code(p.versionName)}${version}`,
    '',
  ];
}

/** The by-hand ways to install it: a command now, or an association that keeps it installed. */
function installByHand(document: string, version: string, regions: string[], isDefault: boolean): string[] {
  const params = JSON.stringify({ action: ['Install'], name: [document], version: [version] });
  const region = regions[0]!;
  return [
    '### Next step: install it on instances',
    '',
    `Run \`AWS-ConfigureAWSPackage\` for this package and version on the instances you choose (here by tag)${regions.length > 1 ? `, in each region (${cell(regions.join(', '))})` : ''}:`,
    '',
    '```sh',
    `aws ssm send-command --region ${region} \\`,
    '  --document-name AWS-ConfigureAWSPackage \\',
    '  --targets Key=tag:uptycs,Values=install \\',
    `  --parameters '${params}'`,
    '```',
    '',
    ...(isDefault
      ? [
          `or keep them installed with a State Manager association (instances launched later get it too): set ${ref('rollout-targets')} (for example ${code('tag:uptycs=install')}) and this action creates and keeps it, checks beforehand which instances would fail and reports each one afterwards. By hand, with the version empty so that every new default version rolls out:`,
          '',
          '```sh',
          `aws ssm create-association --region ${region} \\`,
          `  --name AWS-ConfigureAWSPackage --association-name ${document}-rollout \\`,
          `  --targets Key=tag:uptycs,Values=install --schedule-expression 'rate(1 day)' \\`,
          `  --parameters '${JSON.stringify({ action: ['Install'], name: [document], version: [''] })}'`,
          '```',
          '',
        ]
      : []),
    '`installationType: In-place update` in the parameters updates without uninstalling first.',
    '',
  ];
}

/** The version is published but not the default: what makes it the one instances get. */
function makeDefault(document: string, results: readonly PublishResult[]): string[] {
  return [
    `This version is not the default${results.length > 1 ? ` in ${cell(results.map((r) => r.region).join(', '))}` : ''}: instances that install ${code(document)} without naming a version (an association with the version empty) still get the default. When it has proved itself, make it the default:`,
    '',
    '```sh',
    ...results.map(
      (r) =>
        `aws ssm update-document-default-version --region ${r.region} --name ${document} --document-version ${r.documentVersion}`,
    ),
    '```',
    '',
  ];
}

/** After the association was created, updated or kept by this run: what to watch, not what to create. */
function afterRollout(rollouts: readonly RegionRollout[]): string[] {
  const kept = rollouts.filter((r) => r.association);
  const failed = rollouts.filter((r) => r.error);
  const out = ['### Next step: follow the rollout', ''];
  if (kept.length) {
    const first = kept[0]!;
    const waited = kept.some((r) => r.report);
    out.push(
      `This run ${kept.map((r) => `${r.association!.action} the association ${code(r.associationName)} in ${cell(r.region)}`).join('; ')}: it installs the package on the instances ${ref('rollout-targets')} names, and on those launched later. ${waited ? 'Its first run is reported above; the' : 'The'} instances it reaches later show in its executions:`,
      '',
      '```sh',
      `aws ssm describe-association-executions --region ${first.region} --association-id ${first.association!.id}`,
      '```',
      '',
    );
  }
  if (failed.length)
    out.push(
      `The rollout failed in ${cell(failed.map((r) => r.region).join(', '))} (see above): fix what it says and run again; the published version stays as it is.`,
      '',
    );
  return out;
}

/** What follows from what the run did: install, make it the default, or follow the rollout it started. */
function nextStep(s: SummaryInput, pkg: BuiltPackage): string[] {
  const results = publishResults(s.publishResults);
  const rollouts = rolloutResults(s.rolloutResults);
  const ok = results?.filter((r) => r.ok);
  const regions = ok?.map((r) => r.region) ?? s.publishedRegions ?? [];
  if (!regions.length) return [];
  if (rollouts?.some((r) => r.association || r.error)) return afterRollout(rollouts);
  const notDefault = ok?.filter((r) => !r.defaultVersion) ?? [];
  const out = installByHand(pkg.packageName, pkg.version, regions, !notDefault.length);
  if (notDefault.length) out.push(...makeDefault(pkg.packageName, notDefault));
  const shared = [...new Set((ok ?? []).flatMap((r) => r.sharedAccounts).filter((a) => a !== 'all'))];
  if (shared.length && ok?.[0])
    out.push(
      `In the accounts it is shared with (${cell(shared.join(', '))}), name the package by its ARN, for example ${code(ok[0].documentArn)}.`,
      '',
    );
  return out;
}

/** "published", "published in 1 of 2 regions", "not published". */
function publishedWhere(s: SummaryInput): string {
  const results = publishResults(s.publishResults);
  const ok = results ? results.filter((r) => r.ok).length : (s.publishedRegions?.length ?? 0);
  if (!ok) return 'not published';
  return results && ok < results.length ? `published in ${ok} of ${results.length} regions` : 'published';
}

/** The publish stage's results (report.json's "publish"), when the run has them. */
function publishResults(v: unknown): PublishResult[] | undefined {
  return Array.isArray(v) ? (v as PublishResult[]) : undefined;
}

/** The rollout stage's results, when the run has them. */
function rolloutResults(v: unknown): RegionRollout[] | undefined {
  return Array.isArray(v) ? (v as RegionRollout[]) : undefined;
}

export function renderSummary(s: SummaryInput): string {
  const { pkg } = s;
  const mode = s.mode ?? (s.dryRun ? 'build' : 'publish');
  const plan = mode === 'plan';
  const platforms = [...new Set(s.rows.map((r) => r.platform))];
  const letterOf = new Map(pkg.files.map((f, i) => [f.name, zipLetter(i)]));
  const what =
    mode === 'plan'
      ? 'plan: validated, nothing downloaded or published'
      : mode === 'build'
        ? 'dry run: built, not published'
        : publishedWhere(s);
  const newFailures = s.review?.outcomes.filter((o) => o.newFailure).length ?? 0;
  const surprises = s.preview.filter((p) => !p.result.ok && !EXPECTED_GAPS[p.instance.platform]).length;
  const blocked = newFailures && !s.review?.allowNewFailures;
  const icon = blocked ? '❌' : surprises ? '⚠️' : '✅';
  // The icon only decorates: the words say the same without an emoji font.
  const plural = (n: number) => `${n} common instance${n === 1 ? '' : 's'}`;
  const warning = blocked
    ? `; check failed: ${plural(newFailures)} that installed would fail`
    : surprises
      ? `; ${plural(surprises)} would fail`
      : '';
  const lines = [
    `## ${icon} Uptycs Distributor package ${cell(pkg.packageName)} ${cell(pkg.version)} (${what}${warning})`,
    '',
    `${s.rows.length} platform/version/arch targets on ${platforms.length} platforms → ${pkg.files.length} zip${pkg.files.length === 1 ? '' : 's'}${plan ? '' : ` (${formatBytes(pkg.files.reduce((n, f) => n + f.size, 0))})`}. Installers: ${cell(s.agentsSource)}.`,
    '',
  ];
  if (s.review) lines.push(...review(s.review));
  if (s.planReview) lines.push('### The rollout plan: who gets which version when', '', s.planReview, '');
  lines.push(
    '### Coverage',
    '',
    'Each cell is the zip that platform and architecture get (letters below); ✗: not covered.',
    '',
    matrix(s.rows, letterOf),
    '',
    zipRows(pkg, s.rows, letterOf, plan),
    '',
    ...preview(s, letterOf),
  );
  if (s.publishPreview && mode !== 'publish') lines.push(...publishPreview(s.publishPreview, plan));
  for (const sec of s.sections ?? []) lines.push(`### ${cell(sec.title)}`, '', sec.markdown, '');
  if (!plan) lines.push(...signOff(pkg, mode === 'publish' ? publishResults(s.publishResults) : undefined));
  if (mode === 'publish') lines.push(...nextStep(s, pkg));
  const t = Object.entries(s.timings);
  if (t.length)
    lines.push(
      `<sub>Timings: ${t.map(([k, v]) => `${cell(k)} ${formatDuration(v)}`).join(', ')}${s.overlapping?.length ? ` (${s.overlapping.map(cell).join(', ')} ran side by side: each zip was built as its installer arrived and sent as it was built)` : ''}.</sub>`,
      '',
    );
  return lines.join('\n');
}

export interface FailureInput {
  packageName: string;
  mode: 'plan' | 'build' | 'publish';
  /** The error's first line: what failed. */
  headline: string;
  /** Each problem once, with where it is when known. */
  problems: { message: string; where?: string }[];
  /** How many problems are also annotations on the file's lines. */
  annotated: number;
}

/** The summary of a failed run: what failed, each problem once, and the fix. */
export function renderFailureSummary(f: FailureInput): string {
  const lines = [
    `## ❌ Uptycs Distributor package ${cell(f.packageName)}: ${f.mode === 'plan' ? 'the check' : f.mode === 'build' ? 'the dry run' : 'the run'} failed`,
    '',
    `**${cell(f.headline.replace(/:$/, ''))}**`,
    '',
  ];
  if (f.problems.length) {
    const located = f.problems.some((p) => p.where);
    lines.push(
      located
        ? table(
            ['Where', 'Problem and fix'],
            f.problems.map((p) => [p.where ? code(p.where) : '', cell(p.message)]),
            true,
          )
        : f.problems.map((p) => `- ${cell(p.message)}`).join('\n'),
      '',
    );
  }
  lines.push(
    `**How to fix:** ${
      f.annotated
        ? `each problem says what to change, and ${f.annotated === 1 ? 'it is' : f.annotated === 2 ? 'both are' : `all ${f.annotated} are`} also marked on the file's lines in the pull request's “Files changed” tab. `
        : 'each problem above says what to change. '
    }Nothing was published.`,
    '',
  );
  return lines.join('\n');
}
