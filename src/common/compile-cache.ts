/**
 * Node's on-disk compile cache (V8 code cache, Node ≥ 22.1) for the bundle: a later run on the same
 * machine (the CLI, a self-hosted runner) skips compiling the AWS SDK and the rest of the bundle
 * again, about 100 ms of each start. The cache holds compiled code only, never data or secrets. It
 * lives in a folder private to the user (never a shared /tmp that another user could fill), under
 * RUNNER_TOOL_CACHE on a runner, else XDG_CACHE_HOME or ~/.cache. NODE_DISABLE_COMPILE_CACHE=1 turns
 * it off; any failure leaves it off and the run goes on.
 */
import { mkdirSync, statSync } from 'node:fs';
import module from 'node:module';
import { homedir } from 'node:os';
import path from 'node:path';

export function compileCacheDir(env: NodeJS.ProcessEnv): string {
  const base = env.RUNNER_TOOL_CACHE?.trim() || env.XDG_CACHE_HOME?.trim() || path.join(homedir(), '.cache');
  return path.join(base, 'uptycs-distributor-action', 'compile-cache');
}

/** Turns the cache on for the modules loaded from now on; returns the folder, or undefined when off. */
export function enableCompileCache(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.NODE_DISABLE_COMPILE_CACHE || typeof module.enableCompileCache !== 'function') return undefined;
  try {
    const dir = compileCacheDir(env);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const st = statSync(dir);
    // Only a folder of our own that nobody else may write to.
    if (typeof process.getuid === 'function' && (st.uid !== process.getuid() || st.mode & 0o022))
      return undefined;
    const r = module.enableCompileCache(dir);
    return r.status === module.constants.compileCacheStatus.FAILED ? undefined : (r.directory ?? dir);
  } catch {
    return undefined;
  }
}
