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
 *   `(` or `[` (no inline or reference link, no image), and a `[` or `#` that starts a line after
 *   nothing but blanks (no link reference definition, no heading, wherever the text starts a block);
 * - every line ending becomes `newline` (a space, or `<br>`): CommonMark's LF, CR and CRLF, and the
 *   ones other readers take as such (NEL, U+2028, U+2029, VT, FF), so that no text from outside ever
 *   starts a line of the Markdown (a lone CR used to);
 * - what GitHub links after rendering (mentions, issue references, bare URLs and `www.`) is broken
 *   with an invisible U+2060 WORD JOINER: backslashes and character references are decoded before
 *   GitHub looks for those, so only a character that stays in the text stops them.
 */
const JOINER = '\u2060';
const PUNCT = /[!-/:-@[-`{-~]/;
const SPACE = /\s/;

/** Every line ending CommonMark knows (LF, CR, CRLF) and those other readers break lines at. */
export const LINE_END = /\r\n|[\n\r\v\f\u0085\u2028\u2029]/g;

/** Escapes one line (no line endings in it). */
function escapeInline(text: string): string {
  let out = '';
  let atLineStart = true;
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
      ((c === '[' || c === '#') && atLineStart);
    if (!SPACE.test(c)) atLineStart = false;
    out += escape ? `\\${c}` : c;
  }
  return out;
}

export function markdownText(text: string, newline: ' ' | '<br>' = ' '): string {
  return text
    .split(LINE_END)
    .map(escapeInline)
    .join('\n')
    .replace(/@/g, `@${JOINER}`)
    .replace(/#(?=\d)/g, `#${JOINER}`)
    .replace(/\bGH-(?=\d)/gi, (m) => `${m}${JOINER}`)
    .replace(/:\/\//g, `:${JOINER}//`)
    .replace(/\b(w)(ww\.)/gi, `$1${JOINER}$2`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '&#124;')
    .replace(/\n/g, newline);
}

/** A section another stage adds to the summary (the publish stage adds one per region). */
export interface SummarySection {
  title: string;
  markdown: string;
}
