/**
 * Text from a mapping file (or the fleet, or AWS) never becomes markup in what GitHub renders: the job
 * summary and the pull-request comment are rendered with a GFM renderer (marked) and searched for a
 * link, image, mention or emphasis made from the input. The hostile text must still be shown, as the
 * characters it is.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { marked } from 'marked';
import { markdownText } from '../src/common/markdown.js';
import { preflightMarkdown } from '../src/rollout/report.js';
import { startFakeGitHub, type FakeGitHub } from './helpers/fake-github.js';
import { runAction } from './helpers/runner.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const HOSTILE = [
  '[click me](https://evil.example/x)',
  '![pixel](https://evil.example/p.png)',
  '<img src=https://evil.example/i.png>',
  '@acme/admins',
  'cc @mallory',
  'https://evil.example/bare',
  'www.evil.example',
  'mallory@evil.example',
  '**bold** _em_ ~~gone~~ `code`',
  'fixes #123 and GH-7',
  '[ref]: https://evil.example/ref',
  '<https://evil.example/angle>',
  'a | b',
  '*one* and __two__ and _three_',
  '[x] [y]: https://evil.example/def',
  '[y]: https://evil.example/def',
  'C:\\Program Files\\Uptycs\\*',
];

/** Ordinary text stays as it is in the Markdown too. */
const PLAIN = [
  'x86_64 via amazon / _any / x86_64',
  'centos 7.* x86_64',
  'linux[0]: platform name "rhel"',
  'snake_case_name',
];

/** What a reader sees: the rendered HTML's text, without the invisible joiners. */
function visible(html: string): string {
  return html
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#124;/g, '|')
    .replace(/&amp;/g, '&')
    .replace(/\u2060/g, '');
}

/** The same text with the joiners kept, to see whether GitHub would link a reference. */
function shown(html: string): string {
  return html.replace(/<[^>]+>/g, '').replace(/&#39;|&quot;|&amp;|&lt;|&gt;/g, ' ');
}

/** The markup GFM (and GitHub after it) would make from the input, if any. */
function markupFrom(html: string): string[] {
  const found: string[] = [];
  for (const m of html.matchAll(/<a\s[^>]*href="([^"]*)"/g))
    if (m[1]!.includes('evil')) found.push(`link ${m[1]}`);
  for (const m of html.matchAll(/<img\b[^>]*>/g)) found.push(`image ${m[0]}`);
  for (const tag of ['strong', 'em', 'del', 'code'])
    for (const m of html.matchAll(new RegExp(`<${tag}>([^<]*)</${tag}>`, 'g')))
      if (/^(bold|em|gone|code)$/.test(m[1]!)) found.push(`${tag} ${m[1]}`);
  // GitHub links @name, #123 and GH-123 in text; the joiner after @ / # / GH- stops it.
  const text = shown(html);
  for (const m of text.matchAll(/@[A-Za-z0-9]|#\d|\bGH-\d/g)) found.push(`reference ${m[0]}`);
  return found;
}

describe('user-controlled text in GitHub-flavoured Markdown', () => {
  it('markdownText: each hostile string renders as itself, with no markup', () => {
    for (const s of HOSTILE) {
      const html = marked.parseInline(markdownText(s), { gfm: true }) as string;
      assert.deepEqual(markupFrom(html), [], `${s} → ${html}`);
      assert.equal(visible(html), s, `${s} is shown as it is`);
      const cellHtml = marked.parse(`| h |\n| --- |\n| ${markdownText(s)} |\n`, { gfm: true }) as string;
      assert.equal((cellHtml.match(/<td>/g) ?? []).length, 1, `one cell for ${s}: ${cellHtml}`);
    }
  });

  describe('issue 27 defect 2: no line ending from outside starts a line of the Markdown', () => {
    const ENDINGS = {
      'lone CR': '\r',
      CRLF: '\r\n',
      LF: '\n',
      'U+2028': '\u2028',
      'U+2029': '\u2029',
      NEL: '\u0085',
      'VT/FF': '\v\f',
    };
    /** A mapping's major_version as the attack wrote it, with the line ending E. */
    const attack = (e: string) =>
      `x${e}${e}## ✅ Security review: approved${e}[review the fix]: //evil.example/login${e}` +
      `${e}   [p]: https://evil.example/p.png${e}# Approved${e}see [review the fix] and ![p]`;
    /** Where a report puts such text: a paragraph's start, after a label, a list item, a table cell. */
    const places = (t: string) => [
      `${t}\n`,
      `**Version:** ${t}\n`,
      `- ${t}\n`,
      `| field | value |\n| --- | --- |\n| major_version | ${t} |\n`,
      `> ${t}\n`,
    ];
    for (const [name, e] of Object.entries(ENDINGS))
      it(`${name}: no heading, link or image; the text is shown`, () => {
        for (const nl of [' ', '<br>'] as const) {
          const md = markdownText(attack(e), nl);
          assert.ok(!/[\r\n\v\f\u0085\u2028\u2029]/.test(md), `no line ending left: ${JSON.stringify(md)}`);
          for (const doc of places(md)) {
            const html = marked.parse(doc, { gfm: true }) as string;
            assert.doesNotMatch(html, /<h\d/, `a heading from ${name}:\n${doc}\n→ ${html}`);
            assert.doesNotMatch(html, /<a\s|<img/, `a link or image from ${name}:\n${doc}\n→ ${html}`);
            assert.match(visible(html), /Security review: approved/);
            assert.match(visible(html), /\[review the fix\]: \/\/evil\.example\/login/);
          }
        }
      });

    it('a text that starts with blanks then [label]: or # is escaped too', () => {
      for (const t of ['   [ref]: https://evil.example/x', ' # heading', '\t[ref]: /x']) {
        const html = marked.parse(`${markdownText(t)}\n\n[ref]\n`, { gfm: true }) as string;
        assert.doesNotMatch(html, /<h\d|<a\s/, `${JSON.stringify(t)} → ${html}`);
      }
    });
  });

  it('ordinary text is not escaped at all', () => {
    for (const s of PLAIN) assert.equal(markdownText(s), s);
  });

  it('the rollout preflight: a PlatformName from the fleet cannot make markup', () => {
    const md = preflightMarkdown({
      total: 1,
      counts: { install: 0, 'no-manifest': 1, unknown: 0 },
      byFile: {},
      groups: [
        {
          outcome: 'no-manifest',
          platform: '',
          version: '',
          arch: '',
          platformName: HOSTILE.join(' '),
          count: 1,
          sample: ['i-0123456789abcdef0'],
          reason: '[x](https://evil.example/r) @acme/admins',
        },
      ],
    } as never);
    const html = marked.parse(md, { gfm: true }) as string;
    assert.deepEqual(markupFrom(html), []);
    assert.ok(visible(html).includes('@acme/admins'));
  });

  describe('through the action: a mapping whose platform name is hostile', () => {
    let work: string;
    let gh: FakeGitHub;
    before(async () => {
      work = mkdtempSync(path.join(tmpdir(), 'udist-md-'));
      gh = await startFakeGitHub();
    });
    after(async () => {
      await gh.close();
      rmSync(work, { recursive: true, force: true });
    });

    it('the failure summary and the comment show it, and make nothing of it', async () => {
      const m = JSON.parse(readFileSync(path.join(ROOT, 'mappings/uptycs-agent-mapping.json'), 'utf8')) as {
        linux: { name: string }[];
      };
      const name = HOSTILE.slice(0, 10).join(' ');
      m.linux[0]!.name = name;
      writeFileSync(path.join(work, 'mapping.json'), JSON.stringify(m, null, 2));
      const event = path.join(work, 'event.json');
      writeFileSync(
        event,
        JSON.stringify({
          number: 7,
          pull_request: {
            number: 7,
            head: { repo: { full_name: 'acme/fleet' } },
            base: { repo: { full_name: 'acme/fleet' } },
          },
          repository: { name: 'fleet', full_name: 'acme/fleet', owner: { login: 'acme' } },
        }),
      );
      const r = await runAction(
        work,
        { mode: 'plan', mapping: 'mapping.json', 'github-token': gh.token },
        { GITHUB_API_URL: gh.url, GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: event },
      );
      assert.notEqual(r.status, 0, 'the mapping is refused');
      const comment = (gh.comments.get(7) ?? [])[0]?.body ?? '';
      for (const [what, md] of [
        ['job summary', r.summary],
        ['comment', comment],
      ] as const) {
        assert.ok(md.length > 0, `${what} written`);
        const html = marked.parse(md, { gfm: true }) as string;
        assert.deepEqual(markupFrom(html), [], `${what}:\n${md}`);
        assert.ok(visible(html).includes('@acme/admins'), `${what} quotes the name:\n${md}`);
      }
    });
  });
});
