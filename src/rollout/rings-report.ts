/**
 * The rings in the job summary: per ring, the version it runs, since when, the result of its newest
 * execution, and what the next run will do; then what this run changed. Pure.
 */
import { markdownText } from '../common/markdown.js';
import type { RingDecision } from './rings.js';
import { utc } from './rings.js';

const esc = (text: string) => markdownText(text, '<br>');

const ICON: Record<RingDecision['status'], string> = {
  done: '✅',
  baking: '⏳',
  running: '🔄',
  halted: '🛑',
  moves: '➡️',
  waits: '⏸️',
};

export function ringsMarkdown(r: {
  rings?: readonly RingDecision[];
  ringChanges?: readonly string[];
}): string {
  const lines: string[] = [];
  if (r.rings?.length)
    lines.push(
      '| Ring | Version | Since | Result | Next run |',
      '| --- | --- | --- | --- | --- |',
      ...r.rings.map(
        (x) =>
          `| ${ICON[x.status]} ${esc(x.ring)} | ${esc(x.version || '—')} | ${x.since ? utc(x.since) : '—'} | ${esc(x.reason ? `${x.result}: ${x.reason}` : x.result)} | ${esc(x.next)} |`,
      ),
    );
  if (r.ringChanges?.length) lines.push('', `This run changed: ${r.ringChanges.map(esc).join('; ')}.`);
  else if (r.rings?.length) lines.push('', 'This run changed nothing (no write call).');
  return lines.join('\n').trim();
}
