import type { Log } from '../../src/common/log.js';

/**
 * A Log that records every line exactly as it was produced (no masking), every secret registered,
 * and the order of both, so tests can check that nothing secret is ever printed and that secrets are
 * registered before they are used.
 */
export interface RecordingLog extends Log {
  lines: string[];
  secrets: string[];
  /** All lines joined, for includes/regex checks. */
  text(): string;
}

export function recordingLog(): RecordingLog {
  const lines: string[] = [];
  const secrets: string[] = [];
  return {
    lines,
    secrets,
    text: () => lines.join('\n'),
    info: (m) => lines.push(m),
    debug: (m) => lines.push(`debug: ${m}`),
    notice: (m) => lines.push(`notice: ${m}`),
    warning: (m) => lines.push(`warning: ${m}`),
    error: (m) => lines.push(`error: ${m}`),
    async group(name, fn) {
      lines.push(`group: ${name}`);
      return fn();
    },
    setSecret: (s) => secrets.push(s),
  };
}
