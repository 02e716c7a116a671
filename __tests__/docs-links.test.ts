/**
 * The README and the docs/ pages hold together: every relative link names a file or folder of the
 * repository, every #anchor names a heading of its page by GitHub's slug rules (or an explicit
 * <a id>), every docs/ page is linked from the README, and the README stays short enough to scan.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';

const ROOT = path.resolve(import.meta.dirname, '..');
/** The README's budget: beyond this it is a reference again, and the reference belongs in docs/. */
const README_MAX_BYTES = 30 * 1024;

/** Markdown lines outside fenced code blocks (``` or ~~~), with inline code spans blanked out. */
function proseLines(md: string): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  let fence: string | undefined;
  md.split('\n').forEach((raw, i) => {
    const f = /^ {0,3}(`{3,}|~{3,})/.exec(raw)?.[1];
    if (fence !== undefined) {
      if (f && f[0] === fence[0] && f.length >= fence.length && raw.trim() === f) fence = undefined;
      return;
    }
    if (f) {
      fence = f;
      return;
    }
    out.push({ text: raw, line: i + 1 });
  });
  return out;
}

/** A heading's text as GitHub renders it: code, links, images, emphasis and HTML reduced to text. */
function headingText(raw: string): string {
  return raw
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/`+/g, '')
    .replace(/\\([\\`*_{}[\]()#+\-.!])/g, '$1')
    .replace(/\*\*|__|\*/g, '');
}

/** GitHub's anchor for a heading (github-slugger): lower case, punctuation but - and _ dropped, spaces → -. */
export function slug(heading: string): string {
  return headingText(heading)
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** Every anchor a page offers: its headings (repeats get -1, -2, … as on GitHub) and explicit ids. */
export function anchorsOf(md: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const { text } of proseLines(md)) {
    for (const m of text.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) anchors.add(m[1]!);
    const h = /^ {0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/.exec(text);
    if (!h) continue;
    const base = slug(h[1]!);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

/** Every link target of a page outside code: inline links and images, reference definitions, href/src. */
export function linksOf(md: string): { target: string; line: number }[] {
  const out: { target: string; line: number }[] = [];
  for (const { text, line } of proseLines(md)) {
    const prose = text.replace(/(`+)[^`]*?\1/g, '');
    for (const m of prose.matchAll(/\]\(\s*(<[^>]*>|[^)\s]+)(?:\s+"[^"]*")?\s*\)/g))
      out.push({ target: m[1]!.replace(/^<|>$/g, ''), line });
    const def = /^ {0,3}\[[^\]]+\]:\s*(\S+)/.exec(prose);
    if (def) out.push({ target: def[1]!.replace(/^<|>$/g, ''), line });
    for (const m of prose.matchAll(/\b(?:href|src)="([^"]+)"/g)) out.push({ target: m[1]!, line });
  }
  return out;
}

/** What is wrong with each relative link of `file` (a path under root), as "file:line: target: why". */
export function brokenLinks(root: string, file: string, md: string): string[] {
  const problems: string[] = [];
  const anchorCache = new Map<string, Set<string>>();
  const anchorsIn = (abs: string) => {
    if (!anchorCache.has(abs)) anchorCache.set(abs, anchorsOf(readFileSync(abs, 'utf8')));
    return anchorCache.get(abs)!;
  };
  for (const { target, line } of linksOf(md)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) continue;
    const bad = (why: string) => problems.push(`${file}:${line}: ${target}: ${why}`);
    const hash = target.indexOf('#');
    const pathPart = decodeURI(hash < 0 ? target : target.slice(0, hash));
    const anchor = hash < 0 ? undefined : decodeURIComponent(target.slice(hash + 1));
    const abs = pathPart
      ? path.resolve(
          pathPart.startsWith('/') ? root : path.dirname(path.join(root, file)),
          `.${path.sep}${pathPart}`,
        )
      : path.join(root, file);
    if (path.relative(root, abs).startsWith('..')) {
      bad('points outside the repository');
      continue;
    }
    if (!existsSync(abs)) {
      bad(`no such file or folder ${path.relative(root, abs)}`);
      continue;
    }
    if (anchor === undefined) continue;
    if (statSync(abs).isFile() && abs.endsWith('.md')) {
      const anchors = pathPart ? anchorsIn(abs) : anchorsOf(md);
      if (!anchors.has(anchor)) bad(`no heading #${anchor} in ${path.relative(root, abs)}`);
    } else if (!/^L\d+(?:-L\d+)?$/.test(anchor)) bad('an anchor into a file that is not Markdown');
  }
  return problems;
}

const PAGES = [
  'README.md',
  ...readdirSync(path.join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => `docs/${f}`),
];
const read = (f: string) => readFileSync(path.join(ROOT, f), 'utf8');

describe('links in the README and docs/', () => {
  it('GitHub slugs: code, punctuation, emphasis, links and repeats', () => {
    assert.equal(slug('The scripts (`templates/`)'), 'the-scripts-templates');
    assert.equal(slug('Moving from `create_package.py`'), 'moving-from-create_packagepy');
    assert.equal(slug('Rolling out to the fleet (State Manager)'), 'rolling-out-to-the-fleet-state-manager');
    assert.equal(slug('AWS set-up: one account, or many'), 'aws-set-up-one-account-or-many');
    assert.equal(slug('**Bold** and [a link](x.md), `code`!'), 'bold-and-a-link-code');
    assert.deepEqual(
      [...anchorsOf('# A\n## A\n```\n# not a heading\n```\n### A\n<a id="x"></a>\n')],
      ['a', 'a-1', 'a-2', 'x'],
    );
  });

  it('a broken file, a broken anchor and a link out of the repository are each reported', () => {
    const md = [
      '# Here',
      '[ok](#here) [ok](docs/trust.md) [ok](action.yml#L10) [ok](https://example.com/x#y)',
      '[gone](docs/no-such-page.md) [gone](#nowhere) [gone](README.md#no-such-heading)',
      '[out](../../etc/passwd) `[in code](not-checked.md)`',
      '```',
      '[in a block](not-checked-either.md)',
      '```',
    ].join('\n');
    const problems = brokenLinks(ROOT, 'README.md', md);
    assert.equal(problems.length, 4, problems.join('\n'));
    assert.match(problems[0]!, /^README\.md:3: docs\/no-such-page\.md: no such file/);
    assert.match(problems[1]!, /#nowhere: no heading #nowhere in README\.md/);
    assert.match(problems[2]!, /no heading #no-such-heading in README\.md/);
    assert.match(problems[3]!, /^README\.md:4: .*outside the repository/);
  });

  for (const page of PAGES)
    it(`every relative link and #anchor of ${page} resolves`, () => {
      const md = read(page);
      assert.deepEqual(brokenLinks(ROOT, page, md), []);
    });

  it('the README links every docs/ page', () => {
    assert.ok(linksOf(read('README.md')).length > 20, 'the README has its links');
    const linked = new Set(
      linksOf(read('README.md')).map((l) => path.normalize(decodeURI(l.target.replace(/#.*/, '')))),
    );
    for (const page of PAGES.slice(1)) assert.ok(linked.has(path.normalize(page)), `README.md links ${page}`);
  });

  it(`README.md is under ${README_MAX_BYTES / 1024} KB`, () => {
    const size = Buffer.byteLength(read('README.md'));
    assert.ok(size < README_MAX_BYTES, `README.md is ${size} bytes; move reference text to docs/`);
  });
});
