/**
 * A job summary's Markdown as a web page that looks roughly like GitHub's: a GitHub-flavoured Markdown
 * renderer (marked, GFM tables) and a GitHub-like style; and, when Chromium is installed, a screenshot
 * of the page with headless Chromium. Used by `npm run render-summary` and by
 * `npm run demo -- --publish`. No network: the page loads nothing, Chromium's network features are off.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { marked } from 'marked';

// GitHub's look, roughly: its font stack, table borders and zebra rows, code background, 1012 px column.
const STYLE = `
body { font: 14px/1.5 -apple-system, BlinkMacSystemFont, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; color: #1f2328; background: #fff; margin: 0; }
main { max-width: 1012px; margin: 24px auto; padding: 16px 32px; border: 1px solid #d1d9e0; border-radius: 6px; }
h2 { font-size: 1.5em; border-bottom: 1px solid #d1d9e0; padding-bottom: .3em; }
h3 { font-size: 1.25em; margin-top: 24px; }
table { border-collapse: collapse; display: block; width: max-content; max-width: 100%; overflow: auto; margin: 0 0 16px; }
th, td { border: 1px solid #d1d9e0; padding: 6px 13px; }
th { font-weight: 600; } tr:nth-child(2n) { background: #f6f8fa; }
code { font: 85% ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: #818b981f; padding: .2em .4em; border-radius: 6px; }
pre { background: #f6f8fa; padding: 16px; border-radius: 6px; overflow: auto; } pre code { background: none; padding: 0; }
sub { color: #59636e; } details { margin-bottom: 16px; } summary { cursor: pointer; color: #0969da; }
blockquote { color: #59636e; border-left: .25em solid #d1d9e0; margin: 0; padding: 0 1em; }`;

/** The page for one summary (Markdown as the action writes it to the job summary). */
export async function summaryHtml(title: string, markdown: string): Promise<string> {
  const escaped = title.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escaped}</title><style>${STYLE}</style></head><body><main>${await marked.parse(markdown, { gfm: true })}</main></body></html>`;
}

/** The Chromium on PATH (Debian: apt-get install chromium), or undefined. */
export function findChromium(): string | undefined {
  return ['chromium', 'chromium-browser', 'google-chrome'].find(
    (c) => spawnSync('sh', ['-c', `command -v ${c}`]).status === 0,
  );
}

/** Screenshots a local HTML file to png (WIDTH and HEIGHT: the window); returns why it failed, or undefined. */
export function screenshot(chromium: string, htmlFile: string, png: string): string | undefined {
  const profile = mkdtempSync(path.join(tmpdir(), 'uptycs-summary-chromium-'));
  // Every feature that would reach the network is off: the page is a local file.
  const r = spawnSync(
    chromium,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      `--user-data-dir=${profile}`,
      `--screenshot=${png}`,
      `--window-size=${process.env.WIDTH ?? 1012},${process.env.HEIGHT ?? 3000}`,
      pathToFileURL(htmlFile).href,
    ],
    { encoding: 'utf8', timeout: 60_000 },
  );
  rmSync(profile, { recursive: true, force: true });
  return r.status === 0 && existsSync(png)
    ? undefined
    : (r.stderr ?? '').trim().split('\n').pop() || `exit ${r.status}`;
}

/** What measurePage found: the column's width, and each element that is wider than it or scrolls. */
export interface PageMeasure {
  /** The width of the page's content column, in px. */
  content: number;
  /** "TABLE 'Region Result…': 1130 > 946 px" for each element that does not fit. */
  overflowing: string[];
}

// Runs in the page: every element of the column whose content is wider than its box (a table or a
// code block that scrolls) or that reaches past the column's right edge.
const MEASURE = `<script>
(() => {
  const main = document.querySelector('main');
  const cs = getComputedStyle(main);
  const right = main.getBoundingClientRect().right - parseFloat(cs.paddingRight) - parseFloat(cs.borderRightWidth);
  const content = main.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
  const overflowing = [];
  const reported = [];
  for (const el of main.querySelectorAll('*')) {
    if (reported.some((r) => r.contains(el))) continue;
    const wide = el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible';
    const past = el.getBoundingClientRect().right > right + 1;
    if (wide || past) reported.push(el);
    if (wide || past)
      overflowing.push(el.tagName + ' ' + JSON.stringify(el.textContent.trim().slice(0, 50)) + ': ' + Math.max(el.scrollWidth, Math.round(el.getBoundingClientRect().right - main.getBoundingClientRect().left)) + ' > ' + Math.round(content) + ' px');
  }
  const pre = document.createElement('pre');
  pre.id = 'measure';
  pre.textContent = JSON.stringify({ content: Math.round(content), overflowing });
  document.body.append(pre);
})();
</script>`;

/**
 * Lays the page out in headless Chromium at `width` px (every <details> opened, as a reader would)
 * and returns what does not fit the column: GitHub shows such a table or code block with a scrollbar.
 */
export function measurePage(chromium: string, htmlFile: string, width = 1012): PageMeasure {
  const page = readFileSync(htmlFile, 'utf8')
    .replace(/<details>/g, '<details open>')
    .replace('</body>', `${MEASURE}</body>`);
  const dir = mkdtempSync(path.join(tmpdir(), 'uptycs-summary-measure-'));
  const file = path.join(dir, 'page.html');
  writeFileSync(file, page);
  try {
    const r = spawnSync(
      chromium,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        `--user-data-dir=${path.join(dir, 'profile')}`,
        `--window-size=${width},2000`,
        '--dump-dom',
        pathToFileURL(file).href,
      ],
      { encoding: 'utf8', timeout: 60_000 },
    );
    const m = /<pre id="measure">([^<]*)<\/pre>/.exec(r.stdout ?? '');
    if (!m)
      throw new Error(
        `Chromium did not lay out ${htmlFile} (${r.error?.message ?? `exit ${r.status}`}): ${(r.stderr ?? '').trim().split('\n').pop()}`,
      );
    return JSON.parse(
      m[1]!
        .replace(/&quot;/g, '"')
        .replace(/&gt;/g, '>')
        .replace(/&lt;/g, '<')
        .replace(/&amp;/g, '&'),
    ) as PageMeasure;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
