/**
 * Report: the coverage table, the resolution preview and the job summary, as data (report.json,
 * the `coverage` output) and as Markdown (the step summary, the CLI's output). Pure.
 */
import type { CoverageRow } from './coverage.js';

export { cell, coverage, type CoverageRow } from './coverage.js';

export type { SummaryInput, PublishPreview, ReviewSummary } from './summary.js';
export { renderSummary, renderFailureSummary } from './summary.js';

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
