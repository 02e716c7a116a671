/**
 * The Organization's part of the job summary, pure: failures first (each with its cause and fix), then
 * counts per OU, then every account (collapsed), kept well inside GitHub's 1 MiB summary limit.
 */
import { markdownText, type SummarySection } from '../common/markdown.js';
import type { MemberOutcome } from './members.js';

/** Bytes of the summary this section may take (GitHub's limit is 1 MiB for the whole summary). */
export const SUMMARY_BUDGET = 400 * 1024;

export interface OrgCounts {
  accounts: number;
  failed: number;
  created: number;
  updated: number;
  unchanged: number;
  deleted: number;
}

/** The account's failures: the account-level one, else each region's. */
export function failuresOf(m: MemberOutcome): string[] {
  if (m.error) return [m.error];
  return m.regions.filter((r) => r.error).map((r) => `${r.region}: ${r.error}`);
}

export function countOutcomes(members: readonly MemberOutcome[]): OrgCounts {
  const c: OrgCounts = { accounts: 0, failed: 0, created: 0, updated: 0, unchanged: 0, deleted: 0 };
  for (const m of members) {
    if (m.kind === 'member') c.accounts++;
    if (failuresOf(m).length) c.failed++;
    for (const r of m.regions) for (const a of r.associations) if (a.action !== 'absent') c[a.action]++;
  }
  return c;
}

function line(m: MemberOutcome): string {
  const tally = new Map<string, number>();
  for (const r of m.regions)
    for (const a of r.associations) tally.set(a.action, (tally.get(a.action) ?? 0) + 1);
  const what = [...tally].map(([k, v]) => `${v} ${k}`).join(', ') || 'nothing done';
  const f = failuresOf(m);
  return `| ${m.account} | ${markdownText(m.name || '—')} | ${markdownText(m.unit || '—')} | ${m.kind === 'departed' ? 'left: ' : ''}${what} | ${f.length ? '❌' : '✅'} |`;
}

export function organizationSections(
  members: readonly MemberOutcome[],
  head: { units: readonly string[]; shared: number; regions: readonly string[]; inactive: number },
  budget = SUMMARY_BUDGET,
): SummarySection[] {
  const c = countOutcomes(members);
  const parts: string[] = [];
  parts.push(
    `${c.accounts} member accounts under ${head.units.join(', ')} × ${head.regions.length} region${head.regions.length === 1 ? '' : 's'}; shared with ${head.shared} accounts${head.inactive ? ` (${head.inactive} not ACTIVE: skipped)` : ''}. Associations: ${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged, ${c.deleted} deleted; ${c.failed} account${c.failed === 1 ? '' : 's'} failed.`,
  );
  const failed = members.filter((m) => failuresOf(m).length);
  let used = parts[0]!.length;
  if (failed.length) {
    const lines = ['', '**Failures** (the other accounts went on):', ''];
    let shown = 0;
    for (const m of failed) {
      const l = `- ${m.account}${m.name ? ` (${markdownText(m.name)})` : ''}${m.kind === 'departed' ? ', which left the plan,' : ''}: ${failuresOf(
        m,
      )
        .map((f) => markdownText(f))
        .join('; ')}`;
      if (used + l.length > budget / 2) break;
      lines.push(l);
      used += l.length;
      shown++;
    }
    if (shown < failed.length)
      lines.push(`- … and ${failed.length - shown} more (report.json lists them all)`);
    parts.push(lines.join('\n'));
  }
  const perUnit = new Map<string, { accounts: number; failed: number }>();
  for (const m of members.filter((x) => x.kind === 'member')) {
    const u = perUnit.get(m.unit) ?? { accounts: 0, failed: 0 };
    u.accounts++;
    if (failuresOf(m).length) u.failed++;
    perUnit.set(m.unit, u);
  }
  parts.push(
    [
      '',
      '| OU | accounts | failed |',
      '|---|---:|---:|',
      ...[...perUnit].map(([u, v]) => `| ${markdownText(u)} | ${v.accounts} | ${v.failed} |`),
    ].join('\n'),
  );
  const rows: string[] = [];
  used += parts.at(-1)!.length;
  for (const m of members) {
    const l = line(m);
    if (used + l.length > budget) break;
    rows.push(l);
    used += l.length + 1;
  }
  const more = members.length - rows.length;
  parts.push(
    [
      '',
      `<details><summary>Every account (${members.length})</summary>`,
      '',
      '| account | name | OU | associations | |',
      '|---|---|---|---|---|',
      ...rows,
      ...(more ? [`| … | ${more} more in report.json | | | |`] : []),
      '',
      '</details>',
    ].join('\n'),
  );
  return [{ title: 'AWS Organization rollout', markdown: parts.join('\n') }];
}
