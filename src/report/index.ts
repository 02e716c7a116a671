/**
 * Report: the coverage table, the resolution preview and the job summary, as data (report.json,
 * the `coverage` output) and as Markdown (the step summary, the CLI's output). Pure.
 */
import { formatBytes, formatDuration } from '../log.js';
import type { PreviewRow } from '../package/manifest.js';
import type { BuiltPackage } from '../package/types.js';

export interface CoverageRow {
  platform: string;
  version: string;
  arch: string;
  zip: string;
  installer: string;
  installerSize: number;
  zipSize: number;
  sha256: string;
  /** The mapping dir the entry came from. */
  dir: string;
}

/** One row per mapping entry, sorted by platform, version, arch. */
export function coverage(pkg: BuiltPackage): CoverageRow[] {
  const rows = pkg.files.flatMap((f) =>
    f.entries.map((e) => ({
      platform: e.platform,
      version: e.versionKey,
      arch: e.arch,
      zip: f.name,
      installer: f.installerName,
      installerSize: f.installerSize,
      zipSize: f.size,
      sha256: f.sha256,
      dir: e.dir,
    })),
  );
  const key = (r: CoverageRow) => `${r.platform}\0${r.version}\0${r.arch}`;
  return rows.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** Escapes text for a Markdown table cell that GitHub renders as HTML. */
export function cell(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '&#124;')
    .replace(/\r?\n/g, ' ');
}

function table(head: string[], rows: string[][]): string {
  return [
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ].join('\n');
}

/** A section another stage adds to the summary (the publish stage adds one per region). */
export interface SummarySection {
  title: string;
  markdown: string;
}

export interface SummaryInput {
  pkg: BuiltPackage;
  rows: CoverageRow[];
  preview: PreviewRow[];
  /** Where the installers came from, in words. */
  agentsSource: string;
  dryRun: boolean;
  timings: Record<string, number>;
  sections?: SummarySection[];
}

export function renderSummary(s: SummaryInput): string {
  const { pkg } = s;
  const platforms = [...new Set(s.rows.map((r) => r.platform))];
  const lines = [
    `## Uptycs Distributor package ${cell(pkg.packageName)} ${cell(pkg.version)}${s.dryRun ? ' (dry run: not published)' : ''}`,
    '',
    `${s.rows.length} platform/version/arch targets on ${platforms.length} platforms, in ${pkg.files.length} zip${pkg.files.length === 1 ? '' : 's'} (${formatBytes(pkg.files.reduce((n, f) => n + f.size, 0))}). Installers: ${cell(s.agentsSource)}.`,
    '',
    '### Coverage',
    '',
    table(
      ['Platform', 'Version', 'Arch', 'Zip', 'Installer', 'Size', 'SHA-256 (zip)'],
      s.rows.map((r) => [
        r.platform,
        r.version,
        r.arch,
        r.zip,
        r.installer,
        formatBytes(r.installerSize),
        r.sha256,
      ]),
    ),
    '',
    '### What common instances would install',
    '',
    'By the SSM Agent’s rule (platform, then version, then arch; `_any` and `X.*` fall-backs; no backtracking).',
    '',
    table(
      ['Instance', 'Version', 'Arch', 'Result'],
      s.preview.map(({ instance: i, result: r }) => [
        i.platform,
        i.version,
        i.arch,
        r.ok ? `${r.file} (via ${r.platformKey} / ${r.versionKey} / ${r.archKey})` : `fails: ${r.reason}`,
      ]),
    ),
    '',
  ];
  for (const sec of s.sections ?? []) lines.push(`### ${cell(sec.title)}`, '', sec.markdown, '');
  const t = Object.entries(s.timings);
  if (t.length)
    lines.push(`Timings: ${t.map(([k, v]) => `${cell(k)} ${formatDuration(v)}`).join(', ')}.`, '');
  return lines.join('\n');
}

/** A plain-text coverage table for terminals. */
export function renderCoverageText(rows: CoverageRow[]): string {
  const head = ['PLATFORM', 'VERSION', 'ARCH', 'ZIP', 'INSTALLER'];
  const body = rows.map((r) => [r.platform, r.version, r.arch, r.zip, r.installer]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  return [head, ...body]
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
