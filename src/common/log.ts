import type { SourceLocation } from './errors.js';
import { renderNames, type Face } from './names.js';

/**
 * The logging surface every stage uses. The action backs it with @actions/core (groups, annotations,
 * masking); the CLI prints to stderr. Stages never print directly.
 */
export interface Log {
  info(message: string): void;
  debug(message: string): void;
  notice(message: string, location?: SourceLocation): void;
  warning(message: string, location?: SourceLocation): void;
  error(message: string, location?: SourceLocation): void;
  /** Runs fn inside a collapsible group and logs how long it took. */
  group<T>(name: string, fn: () => Promise<T>): Promise<T>;
  /** Registers a secret so that no later log line shows it. */
  setSecret(secret: string): void;
}

const LINE_BREAK_SHOWN: Record<string, string> = {
  '\r\n': '\\r\\n',
  '\r': '\\r',
  '\n': '\\n',
  '\u0085': '\\u0085',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

/**
 * What a message becomes in the log: one line, which no text inside it can turn into a command.
 * Messages quote what others wrote (file names, a manifest's version, a server's answer), and the
 * runner reads every line of a step's output for workflow commands (`::add-mask::`, `::warning::`,
 * the older `##[name]`), after trimming its leading blanks. So every line break in a message (CR, LF,
 * CRLF, and NEL, U+2028, U+2029, which some readers break at) is shown as `\r`, `\n`, `\u2028`,
 * and a message that starts like a command gets an invisible U+2060 WORD JOINER between its first
 * two characters. The project's own multi-line text is logged a line at a time (see logLines).
 */
export function logLine(message: string): string {
  return message
    .replace(/\r\n|[\r\n\u0085\u2028\u2029]/g, (c) => LINE_BREAK_SHOWN[c] ?? '\\n')
    .replace(
      /^(\s*)(::|##\[)/,
      (_, blanks: string, start: string) => `${blanks}${start[0]}\u2060${start[1]}`,
    );
}
/**
 * A name from outside (a file in a folder) as a message quotes it: as it is when it holds only
 * printable characters, else in double quotes with line breaks and other control and format
 * characters written as escapes, so that a message quoting it stays one line whatever shows it.
 */
export function shownName(name: string): string {
  if (!/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}"]/u.test(name)) return name;
  return `"${name.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}"\\]/gu, (c) =>
    c === '"' || c === '\\' ? `\\${c}` : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  )}"`;
}

/** Logs a text of several lines (the project's own, such as the summary) a line at a time. */
export function logLines(text: string, say: (line: string) => void): void {
  for (const line of text.split(/\r?\n/)) say(line);
}

/** Formats a duration in ms for log lines: "850 ms", "12.3 s", "2 min 5 s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${s % 60} s`;
}

/** Formats a byte count: "512 B", "40.0 MiB". */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(1)} ${units[i]}`;
}

/** Replaces every registered secret in a line; used by loggers that do not get masking from the runner. */
export class Masker {
  private readonly secrets = new Set<string>();
  add(secret: string): void {
    if (secret && secret.length >= 4) this.secrets.add(secret);
  }
  mask(line: string): string {
    let out = line;
    for (const s of this.secrets) out = out.split(s).join('***');
    return out;
  }
}

/** A plain-text logger for the CLI and for tests: one line per call on the given writer. */
export function textLog(write: (line: string) => void, opts: { debug?: boolean; face?: Face } = {}): Log {
  const masker = new Masker();
  const out = (line: string) => write(logLine(masker.mask(renderNames(line, opts.face ?? 'cli'))));
  const where = (l?: SourceLocation) =>
    l ? ` (${l.file}${l.line ? `:${l.line}` : ''}${l.column ? `:${l.column}` : ''})` : '';
  return {
    info: (m) => out(m),
    debug: (m) => {
      if (opts.debug) out(`debug: ${m}`);
    },
    notice: (m, l) => out(`notice: ${m}${where(l)}`),
    warning: (m, l) => out(`warning: ${m}${where(l)}`),
    error: (m, l) => out(`error: ${m}${where(l)}`),
    async group(name, fn) {
      out(`── ${name}`);
      const t0 = performance.now();
      try {
        return await fn();
      } finally {
        out(`   ${name} took ${formatDuration(performance.now() - t0)}`);
      }
    },
    setSecret: (s) => masker.add(s),
  };
}
