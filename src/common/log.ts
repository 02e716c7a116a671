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
  const out = (line: string) => write(masker.mask(renderNames(line, opts.face ?? 'cli')));
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
