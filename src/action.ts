/**
 * The GitHub Action: reads INPUT_* through @actions/core, runs the core, sets outputs and writes the
 * job summary. Logging goes to the Actions UI: groups per stage, annotations on files and lines,
 * secrets masked.
 */
import * as core from '@actions/core';
import path from 'node:path';
import { run, type CoreDeps } from './core.js';
import type { AwsSession } from './publish/credentials.js';
import { errorMessage, isUserError } from './errors.js';
import { readInputs } from './inputs/index.js';
import { renderNames } from './inputs/names.js';
import { formatDuration, type Log } from './log.js';
import { BUNDLED_MAPPING, packageRoot } from './paths.js';

export function actionLog(workspace: string): Log {
  const props = (l?: { file: string; line?: number; column?: number }) =>
    l
      ? {
          file: path.isAbsolute(l.file) ? path.relative(workspace, l.file) : l.file,
          startLine: l.line,
          startColumn: l.column,
        }
      : {};
  const say = (m: string) => renderNames(m, 'action');
  return {
    info: (m) => core.info(say(m)),
    debug: (m) => core.debug(say(m)),
    notice: (m, l) => core.notice(say(m), props(l)),
    warning: (m, l) => core.warning(say(m), props(l)),
    error: (m, l) => core.error(say(m), props(l)),
    async group(name, fn) {
      const t0 = performance.now();
      return core.group(name, async () => {
        try {
          return await fn();
        } finally {
          core.info(`${name} took ${formatDuration(performance.now() - t0)}`);
        }
      });
    },
    setSecret: (s) => core.setSecret(s),
  };
}

/**
 * Whether this workflow runs in a public repository. Uptycs installers carry the tenant's enrollment
 * secret, and caches of a public repository can be restored by other workflows of it, so cache: auto
 * keeps them out of the cache there.
 */
async function isPublicRepository(log: Log): Promise<boolean> {
  try {
    const { context } = await import('@actions/github');
    const repo = context.payload.repository as { private?: boolean; visibility?: string } | undefined;
    const isPublic = repo ? repo.visibility === 'public' || repo.private === false : false;
    if (isPublic)
      log.info(
        'Public repository: installers are not cached (they carry your enrollment secret; set cache: true to cache anyway)',
      );
    return isPublic;
  } catch {
    return false;
  }
}

export async function runAction(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const workspace = env.GITHUB_WORKSPACE || process.cwd();
  const log = actionLog(workspace);
  const root = packageRoot();
  try {
    const inputs = readInputs((name) => core.getInput(name), {
      mapping: path.join(root, BUNDLED_MAPPING),
      outputDir: path.join(env.RUNNER_TEMP || path.join(workspace, '.tmp'), 'uptycs-distributor'),
      cwd: workspace,
    });
    let session: AwsSession | undefined; // opened by the already-published check, reused to publish
    const deps: CoreDeps = {
      log,
      packageRoot: root,
      displayPath: (f) => {
        const rel = path.relative(workspace, f);
        return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : f;
      },
      download: async (entries, inp, chosen) => {
        const { downloadInstallers } = await import('./agents/uptycs/index.js');
        const { actionsCache, noCache } = await import('./agents/cache.js');
        const useCache = inp.cache === 'auto' ? !(await isPublicRepository(log)) : inp.cache === 'true';
        return downloadInstallers(entries, inp, {
          // A fixed path: @actions/cache restores only to the path it saved from.
          workDir: path.join(env.RUNNER_TEMP || path.join(workspace, '.tmp'), 'uptycs-installers'),
          cache: useCache ? actionsCache(log) : noCache,
          log,
          chosenVersion: chosen,
        });
      },
      resolveVersion: async (entries, inp) => {
        const { resolveAgentVersion } = await import('./agents/uptycs/index.js');
        return resolveAgentVersion(entries, inp, { log });
      },
      published: async (inp) => {
        const { openCheck } = await import('./publish/published.js');
        const check = await openCheck(inp, {
          log,
          env,
          getIdToken: (audience) => core.getIDToken(audience),
        });
        session = check.session;
        return check;
      },
      // Loaded only when publishing, so that builds and dry runs never load the AWS SDK.
      publish: async (pkg, inp) => {
        const { publishStage } = await import('./publish/index.js');
        return publishStage({
          log,
          env,
          getIdToken: (audience) => core.getIDToken(audience),
          ...(session ? { session } : {}),
        })(pkg, inp);
      },
    };
    const result = await run(inputs, deps);
    core.setOutput('package-name', result.pkg.packageName);
    core.setOutput('package-version', result.pkg.version);
    core.setOutput('manifest', result.pkg.manifestPath);
    core.setOutput('output-dir', result.pkg.dir);
    core.setOutput('report', result.reportPath);
    core.setOutput('coverage', JSON.stringify(result.rows));
    core.setOutput('cache-hit', String(result.cacheHit));
    for (const [k, v] of Object.entries(result.outputs)) core.setOutput(k, v);
    if (env.GITHUB_STEP_SUMMARY)
      await core.summary.addRaw(renderNames(result.summary, 'action'), true).write();
    else log.info(result.summary);
    if (result.error) core.setFailed(renderNames(errorMessage(result.error), 'action'));
  } catch (err) {
    if (isUserError(err)) for (const p of err.problems) if (p.location) log.error(p.message, p.location);
    if (!isUserError(err) && err instanceof Error && err.stack) core.debug(err.stack);
    core.setFailed(renderNames(errorMessage(err), 'action'));
  }
}
