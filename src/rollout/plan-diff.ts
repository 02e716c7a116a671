/**
 * A rollout plan's change as the pull-request review shows it: who gets which version when. For each
 * ring, before and after: its targets, how long after a new version is published it gets it at the
 * earliest (the bakes of the rings before it, one ring per run), its budget, alarms and action; rings
 * added and removed. Pure; the review (src/report/review.ts) renders it when a change touches the plan.
 */
import { markdownText } from '../common/markdown.js';
import type { Ring, RolloutPlan } from '../inputs/rollout-plan.js';

const esc = (text: string) => markdownText(text, '<br>');

function duration(ms: number): string {
  if (!ms) return 'at once';
  const h = ms / 3_600_000;
  return h >= 48 && h % 24 === 0 ? `${h / 24} days` : h >= 1 ? `${+h.toFixed(1)} h` : `${ms / 60_000} min`;
}

interface Row {
  who: string;
  when: string;
  budget: string;
  action: string;
}

function rows(plan: RolloutPlan | undefined): Map<string, Row> {
  const out = new Map<string, Row>();
  let after = 0;
  for (const r of plan?.rings ?? []) {
    out.set(r.name, {
      who: [
        ...r.targets.map((t) => `${t.Key}=${t.Values.join(',')}`),
        ...r.accounts.map((a) => `account ${a}`),
        ...r.ous.map((o) => `OU ${o}`),
      ].join('; '),
      when: r.action === 'Uninstall' ? 'removed' : `${duration(after)} after publishing`,
      budget: `${r.maxConcurrency} at once, stops after ${r.maxErrors} failed${r.alarms.length ? `, alarms ${r.alarms.join(', ')}` : ''}`,
      action: r.action === 'Uninstall' ? 'uninstall' : 'install',
    });
    after += (r as Ring).bakeMs;
  }
  return out;
}

const change = (a: string | undefined, b: string | undefined) =>
  a === b ? esc(b ?? '') : a === undefined ? `**${esc(b ?? '')}**` : `~~${esc(a)}~~ → **${esc(b ?? '')}**`;

/** The table of the plan's change; '' when nothing a ring gets differs. */
export function planDiffMarkdown(base: RolloutPlan | undefined, head: RolloutPlan): string {
  const before = rows(base);
  const after = rows(head);
  const lines: string[] = [];
  for (const [name, b] of after) {
    const a = before.get(name);
    if (a && a.who === b.who && a.when === b.when && a.budget === b.budget && a.action === b.action) continue;
    lines.push(
      `| ${a ? '' : '➕ '}${esc(name)} | ${change(a?.who, b.who)} | ${change(a?.when, b.when)} | ${change(a?.budget, b.budget)} |`,
    );
  }
  for (const [name, a] of before)
    if (!after.has(name))
      lines.push(
        `| ➖ ${esc(name)} | ~~${esc(a.who)}~~ | no longer moved (its association stays: delete it) | ~~${esc(a.budget)}~~ |`,
      );
  const dv =
    (base?.defaultVersion ?? 'last') !== head.defaultVersion
      ? `\n\nThe document's default: ~~${base?.defaultVersion ?? 'last'}~~ → **${head.defaultVersion}** (last: after the last ring; never: it stays).`
      : '';
  if (!lines.length) return dv.trim();
  return (
    ['| Ring | Who | Gets a new version | Rate and stop |', '| --- | --- | --- | --- |', ...lines].join(
      '\n',
    ) + dv
  );
}
