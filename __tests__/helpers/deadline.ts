/**
 * Deadlines for what the tests start (servers, builds, child processes): a missing tool or a server that
 * never answers fails the test at once or after a bounded wait, naming what it waited for, and never
 * leaves a test run idle. See .ci/tools for the tools themselves.
 */
import { execFileSync, type ExecFileSyncOptions } from 'node:child_process';
import type { Server } from 'node:net';

/** Closes a server that may never have been started (a before hook that failed early): never hangs. */
export async function closeServer(server: Server | undefined): Promise<void> {
  if (!server?.listening) return;
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/** Resolves as the promise does, or rejects after ms with an error naming what was awaited. */
export async function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} did not finish within ${Math.round(ms / 1000)} s`)),
      ms,
    );
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The Debian package of each tool the tests run, for the one line that says how to install it. */
const PACKAGE_OF: Record<string, string> = {
  rpmbuild: 'rpm',
  'dpkg-deb': 'dpkg',
  wixl: 'wixl',
  debootstrap: 'debootstrap',
  shellcheck: 'shellcheck',
};

/**
 * Runs a build tool with a deadline (default 2 minutes). A missing tool, a timeout or a failure throws
 * one error naming the tool, what it was building, and (when missing) the command that installs it.
 */
export function runTool(
  tool: string,
  args: string[],
  what: string,
  opts: ExecFileSyncOptions & { timeoutMs?: number } = {},
): void {
  const timeout = opts.timeoutMs ?? 120_000;
  try {
    execFileSync(tool, args, { stdio: 'pipe', ...opts, timeout, killSignal: 'SIGKILL' });
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { signal?: string; stderr?: Buffer };
    if (e.code === 'ENOENT')
      throw new Error(
        `${tool} is not installed; the tests need it to build ${what}: run bash .ci/tools (or sudo apt-get install ${PACKAGE_OF[tool] ?? tool})`,
        { cause: err },
      );
    if (e.code === 'ETIMEDOUT' || e.signal === 'SIGKILL')
      throw new Error(`${tool} did not finish building ${what} within ${timeout / 1000} s`, { cause: err });
    const detail = e.stderr?.toString().trim().split('\n').slice(-5).join('\n') ?? '';
    throw new Error(`${tool} failed building ${what}: ${detail || e.message}`, { cause: err });
  }
}
