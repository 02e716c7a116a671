/**
 * Why an instance failed, read from its command output: the SSM Agent's own Distributor errors, and
 * our scripts' documented exit codes (README, "The scripts"; templates/*) with their
 * `[uptycs-distributor] ERROR:` line. Pure.
 */

/** Exit codes of templates/{rpm,deb}/*.sh. */
export const LINUX_EXIT_CODES: Readonly<Record<number, string>> = {
  10: 'not root',
  11: 'rpm / dpkg tools missing',
  12: 'installer file missing',
  13: 'installer is not a readable package',
  14: 'installer built for another architecture',
  15: 'the package tool failed',
  16: 'the tool said it worked, but the package is not (or still) installed',
  // validate.sh: the agent installed but not working (the SSM Agent installs again when it fails).
  20: 'validate: the agent is not installed',
  21: 'validate: another version of the agent is installed',
  22: 'validate: files of the agent are missing',
  23: "validate: the agent's configuration files are missing",
  24: "validate: the agent's service is disabled",
  25: "validate: the agent's service is not running",
};

/** Exit codes of templates/msi/*.ps1. */
export const WINDOWS_EXIT_CODES: Readonly<Record<number, string>> = {
  10: 'not administrator',
  11: 'msiexec.exe missing',
  12: 'MSI missing',
  13: 'MSI unreadable, no ProductCode',
  16: 'the tool said it worked, but the package is not (or still) installed',
  17: 'unexpected PowerShell error',
  // validate.ps1 (msiexec's own codes are 1601 and above).
  20: 'validate: the agent is not installed',
  21: 'validate: another version of the agent is installed',
  22: 'validate: a service of the agent is missing',
  24: "validate: the agent's service is disabled or manual",
  25: "validate: the agent's service is not running",
};

/**
 * The SSM Agent's own errors before any script runs (FACTS §3): nothing in the manifest for the
 * instance, the chosen file missing from "files", a platform it does not install packages on.
 */
export const AGENT_ERRORS: readonly RegExp[] = [
  /no manifest found for platform: [^\n]*/,
  /failed to find file for &\{FileName:[^}\n]*\}/,
  /configure package is not supported on [^\n]*/,
  /unknown platform: [^\n]*/,
];

export interface FailureInput {
  platformType: string;
  /** GetCommandInvocation's ResponseCode (-1: never ran), when known. */
  responseCode?: number;
  stdout: string;
  stderr: string;
  /** The target's DetailedStatus (Failed, TimedOut, Undeliverable…). */
  detailedStatus?: string;
}

/** The reason in words: "no manifest found for …", "not root (exit 10): must run as root …". */
export function failureReason(f: FailureInput): string {
  const text = `${f.stderr}\n${f.stdout}`;
  const agent = AGENT_ERRORS.map((re) => re.exec(text)).find(Boolean);
  if (agent) return agent[0].trim();
  const ours = /\[uptycs-distributor\] ERROR: ([^\n]*)/.exec(text)?.[1]?.trim();
  const exit =
    Number(/exit status (\d+)/.exec(text)?.[1] ?? NaN) ||
    (f.responseCode !== undefined && f.responseCode > 0 ? f.responseCode : NaN);
  const table = f.platformType === 'Windows' ? WINDOWS_EXIT_CODES : LINUX_EXIT_CODES;
  const known = Number.isFinite(exit) ? table[exit] : undefined;
  if (known) return `${known} (exit ${exit})${ours ? `: ${ours}` : ''}`;
  if (ours) return `${ours}${Number.isFinite(exit) ? ` (exit ${exit})` : ''}`;
  if (f.platformType === 'Windows' && Number.isFinite(exit) && exit > 25)
    return `msiexec failed with exit code ${exit}`;
  if (f.responseCode === -1)
    return `the command never ran on the instance (${f.detailedStatus || 'no response'})`;
  if (f.detailedStatus && f.detailedStatus !== 'Failed') return f.detailedStatus;
  const first = text
    .split('\n')
    .map((l) => l.trim())
    .find(Boolean);
  return first ? first.slice(0, 200) : `failed${Number.isFinite(exit) ? ` (exit ${exit})` : ''}`;
}

/** The first lines of an output, for the summary. */
export function excerpt(text: string, lines = 5): string {
  return text
    .split('\n')
    .map((l) => l.trimEnd())
    .filter(Boolean)
    .slice(0, lines)
    .join('\n');
}
