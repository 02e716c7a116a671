/**
 * Text from outside the project (a mapping file, an error that quotes it, an instance's inventory, an
 * API's answer) written into Markdown that GitHub renders: the job summary and the pull-request
 * comment. Escaped so that it shows as the characters it is and never becomes markup: no link,
 * image, autolink, @mention, #reference, emphasis, code span, HTML or table break made from it.
 *
 * - `& < > |` become character references (HTML and the table's column separator);
 * - the punctuation that opens inline markup gets a backslash: `\\ \` * _ [ ] ~` (with `[` and `]`
 *   escaped, no `![`, `](` or `[x]:` can form, so `!` and parentheses stay as they are, which keeps
 *   the names table's markers, ⦃input=value⦄, intact);
 * - what GitHub links after rendering (mentions, issue references, bare URLs and `www.`) is broken
 *   with an invisible U+2060 WORD JOINER: backslashes and character references are decoded before
 *   GitHub looks for those, so only a character that stays in the text stops them.
 */
const JOINER = '\u2060';

export function markdownText(text: string, newline: ' ' | '<br>' = ' '): string {
  return text
    .replace(/[\\`*_[\]~]/g, (c) => `\\${c}`)
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
