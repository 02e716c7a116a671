/**
 * Cancellation: what a run must undo when the runner cancels it (SIGINT, then SIGTERM, then SIGKILL
 * a few seconds later). Stages register an undo step while they hold something that would otherwise
 * outlive the process (a multipart upload in flight, a half-written package folder) and remove it when
 * done; the faces install the signal handlers that run them and exit.
 */
import type { Log } from './log.js';

type Undo = () => Promise<unknown> | unknown;

const undos = new Set<Undo>();
let controller = new AbortController();

/** Registers an undo step for a cancel; returns the function that removes it. */
export function onCancel(undo: Undo): () => void {
  undos.add(undo);
  return () => void undos.delete(undo);
}

/** Aborted when the run is cancelled: requests in flight pass it to stop at once. */
export function cancelSignal(): AbortSignal {
  return controller.signal;
}

/** Whether the run has been cancelled. */
export function cancelled(): boolean {
  return controller.signal.aborted;
}

/**
 * Cancels the run: aborts the requests in flight, then runs every undo step at once, waiting at most
 * `timeoutMs` for them (the runner kills the process a few seconds after its first signal).
 */
export async function cancelRun(reason: string, log: Log, timeoutMs = 5000): Promise<void> {
  controller.abort(new Error(reason));
  const steps = [...undos];
  undos.clear();
  let timer: NodeJS.Timeout | undefined;
  const results = await Promise.race([
    Promise.allSettled(steps.map(async (u) => u())),
    new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    }),
  ]);
  clearTimeout(timer);
  if (results === 'timeout')
    log.warning(`cleaning up after the cancel took over ${timeoutMs} ms; gave up waiting`);
  else
    for (const r of results)
      if (r.status === 'rejected')
        log.warning(
          `cleaning up after the cancel: ${r.reason instanceof Error ? r.reason.message : String(r.reason)}`,
        );
}

/** For tests: forgets a cancel so that the next run starts afresh. */
export function resetCancel(): void {
  controller = new AbortController();
  undos.clear();
}

const SIGNALS = { SIGINT: 130, SIGTERM: 143 } as const;

/**
 * Installs the handlers of a face: on SIGINT or SIGTERM, says so, cleans up (aborting multipart uploads,
 * removing the half-written package folder) and exits with 128 + the signal's number. A second signal
 * exits at once.
 */
export function exitOnSignals(log: Log, exit: (code: number) => void = (c) => process.exit(c)): void {
  let first = true;
  for (const [sig, code] of Object.entries(SIGNALS)) {
    process.on(sig, () => {
      if (!first) return exit(code);
      first = false;
      log.error(`cancelled (${sig}): aborting uploads in flight and removing partial output, then exiting`);
      void cancelRun(`cancelled (${sig})`, log).finally(() => exit(code));
    });
  }
}
