/**
 * Text from outside the project (a mapping file, an error that quotes it, an instance's inventory, an
 * API's answer) written into Markdown that GitHub renders: the job summary and the pull-request
 * comment. Escaped so that it shows as the characters it is and never becomes markup: no link,
 * image, autolink, @mention, #reference, emphasis, code span, HTML or table break made from it.
 * Only what could start markup is escaped, so that ordinary text (`x86_64`, `7.*`, `linux[0]`)
 * stays as it is in the Markdown too:
 *
 * - `& < > |` become character references (HTML, autolinks in angle brackets, the table's
 *   column separator);
 * - a backslash: every backtick and `~`; a `\` before punctuation; a `*` that could open emphasis
 *   and a `_` that could close it (CommonMark's flanking rules: emphasis needs both); a `]` before
 *   `(` or `[` (no inline or reference link, no image) and a `[` that starts the text (no link
 *   reference definition where the text starts a block);
 * - what GitHub links after rendering (mentions, issue references, bare URLs and `www.`) is broken
 *   with an invisible U+2060 WORD JOINER: backslashes and character references are decoded before
 *   GitHub looks for those, so only a character that stays in the text stops them.
 */
const JOINER = '\u2060';
const PUNCT = /[!-/:-@[-`{-~]/;
const SPACE = /\s/;

function escapeInline(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const before = i > 0 ? text[i - 1]! : ' ';
    const after = i + 1 < text.length ? text[i + 1]! : ' ';
    const leftFlanking =
      !SPACE.test(after) && (!PUNCT.test(after) || SPACE.test(before) || PUNCT.test(before));
    const rightFlanking =
      !SPACE.test(before) && (!PUNCT.test(before) || SPACE.test(after) || PUNCT.test(after));
    const escape =
      c === '`' ||
      c === '~' ||
      (c === '\\' && PUNCT.test(after)) ||
      (c === '*' && leftFlanking) ||
      (c === '_' && rightFlanking && (!leftFlanking || PUNCT.test(after))) ||
      (c === ']' && (after === '(' || after === '[')) ||
      (c === '[' && i === 0);
    out += escape ? `\\${c}` : c;
  }
  return out;
}

export function markdownText(text: string, newline: ' ' | '<br>' = ' '): string {
  return escapeInline(text)
    .replace(/@/g, `@${JOINER}`)
    .replace(/#(?=\d)/g, `#${JOINER}`)
    .replace(/\bGH-(?=\d)/gi, (m) => `${m}${JOINER}`)
    .replace(/:\/\//g, `:${JOINER}//`)
    .replace(/\b(w)(ww\.)/gi, `$1${JOINER}$2`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '&#124;')
    .replace(/\r?\n/g, newline);
}

/** A section another stage adds to the summary (the publish stage adds one per region). */
export interface SummarySection {
  title: string;
  markdown: string;
}
