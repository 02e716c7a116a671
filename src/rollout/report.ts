/**
 * The rollout stage's summary sections (SummarySection, as the publish stage adds its own) and the
 * per-instance rollout report built from an association execution. Pure.
 */
import { markdownText } from '../common/markdown.js';
import type { SummarySection } from '../common/markdown.js';
import type { AssociationChange, ExecutionResult } from './follow.js';
import { deriveInstance, type FleetInstance } from './platforms.js';
import type { Preflight } from './preflight.js';
import { excerpt, failureReason } from './reasons.js';
import type { RingDecision } from './rings.js';
import { complianceLine, type ComplianceSummary } from './compliance.js';
import { ringsMarkdown } from './rings-report.js';

export interface StatusCounts {
  succeeded: number;
  failed: number;
  skipped: number;
  timedOut: number;
  inProgress: number;
}

export interface RolloutFailure {
  instanceId: string;
  platform: string;
  status: string;
  reason: string;
  /** First lines of stderr (else stdout). */
  excerpt: string;
}

export interface RolloutReport {
  executionId: string;
  status: string;
  /** The wait ended before the execution. */
  waitExpired: boolean;
  total: number;
  counts: StatusCounts;
  byPlatform: ({ platform: string } & StatusCounts)[];
  failures: RolloutFailure[];
  /** The association's compliance on the instances (read after the execution ended). */
  compliance?: ComplianceSummary;
}

const zero = (): StatusCounts => ({ succeeded: 0, failed: 0, skipped: 0, timedOut: 0, inProgress: 0 });

function bucket(status: string): keyof StatusCounts {
  if (status === 'Success') return 'succeeded';
  if (status === 'Failed') return 'failed';
  if (status === 'Skipped') return 'skipped';
  if (status === 'TimedOut') return 'timedOut';
  return 'inProgress';
}

/** "ubuntu 22.04 arm64", or the PlatformName when the platform is not in the table. */
export function platformLabel(f: FleetInstance | undefined): string {
  if (!f) return 'not in the preflight';
  const d = deriveInstance(f);
  if (d.ok) return `${d.instance.platform} ${d.instance.version} ${d.instance.arch}`;
  if (d.archless) return `${d.archless.platform} ${d.archless.version} (arch unknown)`;
  return `${f.platformName || f.platformType} ${f.platformVersion}`.trim();
}

export function buildReport(exec: ExecutionResult, fleet: ReadonlyMap<string, FleetInstance>): RolloutReport {
  const counts = zero();
  const per = new Map<string, StatusCounts>();
  const failures: RolloutFailure[] = [];
  for (const t of exec.targets) {
    const f = fleet.get(t.instanceId);
    const platform = platformLabel(f);
    const b = bucket(t.status);
    counts[b]++;
    const p = per.get(platform) ?? zero();
    p[b]++;
    per.set(platform, p);
    if (b === 'failed' || b === 'timedOut')
      failures.push({
        instanceId: t.instanceId,
        platform,
        status: t.detailedStatus || t.status,
        reason:
          t.stdout === undefined && t.stderr === undefined
            ? t.detailedStatus || t.status
            : failureReason({
                platformType: f?.platformType ?? '',
                stdout: t.stdout ?? '',
                stderr: t.stderr ?? '',
                detailedStatus: t.detailedStatus,
                ...(t.responseCode !== undefined ? { responseCode: t.responseCode } : {}),
              }),
        excerpt: excerpt(t.stderr || t.stdout || ''),
      });
  }
  return {
    executionId: exec.executionId,
    status: exec.status,
    waitExpired: exec.waitExpired,
    total: exec.targets.length,
    counts,
    byPlatform: [...per.entries()]
      .map(([platform, c]) => ({ platform, ...c }))
      .sort((a, b) => a.platform.localeCompare(b.platform)),
    failures,
  };
}

/** Text from the fleet or AWS, for Markdown: shown as it is, never markup (see markdownText). */
const esc = (text: string) => markdownText(text, '<br>');

function table(head: string[], rows: string[][]): string {
  return [
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`),
  ].join('\n');
}

/** Groups shown in the summary (the rest are counted). */
const MAX_ROWS = 40;

export function preflightMarkdown(p: Preflight, limit?: string): string {
  const c = p.counts;
  const lines = [
    `${p.total} managed instance${p.total === 1 ? '' : 's'} targeted: **${c.install} would install**, **${c['no-manifest']} would fail** (no manifest found), **${c.unknown} unknown**.`,
    '',
  ];
  if (limit) lines.push(`> ${esc(limit)}`, '');
  const files = Object.entries(p.byFile).sort((a, b) => b[1] - a[1]);
  if (files.length) lines.push(`By zip: ${files.map(([f, n]) => `\`${f}\` ${n}`).join(', ')}.`, '');
  if (p.groups.length)
    lines.push(
      table(
        ['Outcome', 'Platform', 'Version', 'Arch', 'PlatformName', 'Instances', 'Examples', 'Zip or reason'],
        p.groups
          .slice(0, MAX_ROWS)
          .map((g) => [
            g.outcome === 'install'
              ? '✅ install'
              : g.outcome === 'no-manifest'
                ? '❌ no manifest'
                : '❔ unknown',
            g.platform || '—',
            g.version || '—',
            g.arch || '—',
            g.platformName,
            String(g.count),
            g.sample.join(', ') + (g.count > g.sample.length ? ', …' : ''),
            g.file ? `${g.file} (via ${g.via})` : (g.reason ?? ''),
          ]),
      ),
    );
  if (p.groups.length > MAX_ROWS)
    lines.push('', `… and ${p.groups.length - MAX_ROWS} more groups (see the rollout output).`);
  return lines.join('\n');
}

export function associationLine(name: string, a: AssociationChange): string {
  const what =
    a.action === 'created'
      ? 'created'
      : a.action === 'updated'
        ? `updated (${a.changed.join(', ')})`
        : a.started
          ? 'unchanged, started now'
          : 'unchanged (no call made)';
  return `Association \`${name}\` (${a.id}): ${what}${a.runsNow ? '; runs now' : '; runs at its next scheduled time'}.`;
}

export function reportMarkdown(r: RolloutReport): string {
  const c = r.counts;
  const lines = [
    `Execution ${r.executionId}: ${r.status}${r.waitExpired ? ' (still running when the wait ended)' : ''}. ${r.total} instance${r.total === 1 ? '' : 's'}: **${c.succeeded} succeeded**, **${c.failed} failed**, ${c.skipped} skipped, ${c.timedOut} timed out${c.inProgress ? `, ${c.inProgress} still running` : ''}.`,
    '',
    table(
      ['Platform', 'Succeeded', 'Failed', 'Skipped', 'Timed out', 'Running'],
      r.byPlatform.map((p) => [
        p.platform,
        String(p.succeeded),
        String(p.failed),
        String(p.skipped),
        String(p.timedOut),
        String(p.inProgress),
      ]),
    ),
  ];
  if (r.compliance) lines.push('', complianceLine(r.compliance));
  if (r.failures.length)
    lines.push(
      '',
      '**Failures**',
      '',
      table(
        ['Instance', 'Platform', 'Status', 'Reason', 'Output (first lines)'],
        r.failures.slice(0, MAX_ROWS).map((f) => [f.instanceId, f.platform, f.status, f.reason, f.excerpt]),
      ),
    );
  if (r.failures.length > MAX_ROWS) lines.push('', `… and ${r.failures.length - MAX_ROWS} more failures.`);
  return lines.join('\n');
}

/** What one region's rollout produced. */
export interface RegionRollout {
  region: string;
  associationName: string;
  association?: AssociationChange;
  preflight?: Preflight;
  /** Why the preflight is partial or missing. */
  preflightNote?: string;
  report?: RolloutReport;
  /** Why nothing was followed (no wait asked, the association runs later…). */
  reportNote?: string;
  /** With rollout-plan: each ring's version, since when, result and what the next run does. */
  rings?: RingDecision[];
  /** What this run changed (rings moved, settings, the default, an undo), in words. */
  ringChanges?: string[];
  defaultMoved?: { from: string; to: string };
  error?: string;
}

export function rolloutSections(results: readonly RegionRollout[]): SummarySection[] {
  const out: SummarySection[] = [];
  for (const r of results) {
    const pre: string[] = [];
    if (r.preflight) pre.push(preflightMarkdown(r.preflight, r.preflightNote));
    else if (r.preflightNote) pre.push(esc(r.preflightNote));
    if (pre.length) out.push({ title: `Fleet preflight (${r.region})`, markdown: pre.join('\n') });
    const roll: string[] = [];
    if (r.rings || r.ringChanges) roll.push(ringsMarkdown(r), '');
    if (r.association) roll.push(associationLine(r.associationName, r.association));
    if (r.report) roll.push('', reportMarkdown(r.report));
    else if (r.reportNote) roll.push('', esc(r.reportNote));
    if (r.error) roll.push('', `❌ ${esc(r.error)}`);
    if (roll.length) out.push({ title: `Rollout (${r.region})`, markdown: roll.join('\n').trim() });
  }
  return out;
}
