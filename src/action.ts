/**
 * The GitHub Action: reads INPUT_* through @actions/core, runs the core, sets outputs and writes the
 * job summary. Logging goes to the Actions UI: groups per stage, annotations on files and lines,
 * secrets masked.
 */
import * as core from '@actions/core';
import path from 'node:path';
import { exitOnSignals } from './common/cancel.js';
import { run, type CoreDeps } from './core.js';
import type { AwsSession } from './publish/credentials.js';
import { errorMessage, isUserError } from './common/errors.js';
import { checkInputs } from './check.js';
import type { Inputs } from './inputs/index.js';
import { renderNames } from './common/names.js';
import { formatDuration, logLine, logLines, type Log } from './common/log.js';
import { BUNDLED_MAPPING, packageRoot } from './common/paths.js';

export function actionLog(workspace: string): Log {
  const props = (l?: { file: string; line?: number; column?: number }) =>
    l
      ? {
          file: path.isAbsolute(l.file) ? path.relative(workspace, l.file) : l.file,
          startLine: l.line,
          startColumn: l.column,
        }
      : {};
  // One line each, which nothing quoted in it can turn into a workflow command (common/log.ts).
  // @actions/core escapes the data of annotations and debug lines, but writes info as it is.
  const say = (m: string) => logLine(renderNames(m, 'action'));
  return {
    info: (m) => core.info(say(m)),
    debug: (m) => core.debug(say(m)),
    notice: (m, l) => core.notice(say(m), props(l)),
    warning: (m, l) => core.warning(say(m), props(l)),
    error: (m, l) => core.error(say(m), props(l)),
    async group(name, fn) {
      const t0 = performance.now();
      return core.group(say(name), async () => {
        try {
          return await fn();
        } finally {
          core.info(say(`${name} took ${formatDuration(performance.now() - t0)}`));
        }
      });
    },
    setSecret: (s) => {
      core.setSecret(s);
      // As it shows in a line of the log, should it hold a line break.
      if (logLine(s) !== s) core.setSecret(logLine(s));
    },
  };
}

/**
 * Whether installers may have to be kept out of the cache: true unless the event's repository is known
 * to be private (or internal). Fails closed: an event without a repository (schedule, some dispatches)
 * counts as public.
 */
export function mayBePublic(repo: { private?: boolean; visibility?: string } | undefined): boolean {
  return !(repo?.private === true && repo.visibility !== 'public');
}

/**
 * Whether this workflow may run in a public repository. Uptycs installers carry the tenant's enrollment
 * secret, and caches of a public repository can be restored by other workflows of it, so cache: auto
 * keeps them out of the cache unless the repository is known to be private.
 */
async function isPublicRepository(log: Log): Promise<boolean> {
  let repo: { private?: boolean; visibility?: string } | undefined;
  try {
    const { context } = await import('@actions/github');
    repo = context.payload.repository as typeof repo;
  } catch {
    repo = undefined;
  }
  const isPublic = mayBePublic(repo);
  if (isPublic)
    log.info(
      `${repo ? 'Public repository' : 'The event does not say whether this repository is private'}: installers are not cached (they carry your enrollment secret; set cache: true to cache anyway)`,
    );
  return isPublic;
}

export async function runAction(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const workspace = env.GITHUB_WORKSPACE || process.cwd();
  const log = actionLog(workspace);
  const root = packageRoot();
  try {
    exitOnSignals(log);
    // Each step its own default folder: GITHUB_ACTION is unique per step of a job.
    const step = (env.GITHUB_ACTION || 'step').replace(/[^\w.-]/g, '_');
    const inputs = await checkInputs(
      (name) => core.getInput(name),
      {
        mapping: path.join(root, BUNDLED_MAPPING),
        outputDir: path.join(env.RUNNER_TEMP || path.join(workspace, '.tmp'), `uptycs-distributor-${step}`),
        cwd: workspace,
      },
      {
        log,
        env,
        oidc: true,
        given: Object.keys(env).flatMap((k) => (k.startsWith('INPUT_') ? [k.slice(6)] : [])),
      },
    );
    let session: AwsSession | undefined; // opened by the already-published check, reused to publish
    // The rollout plan's organization: its accounts are shared with (publish and its check see them) and get the association.
    const org = inputs.organization
      ? (await import('./organization/index.js')).organizationStage({
          log,
          env: env,
          getIdToken: (audience: string) => core.getIDToken(audience),
        })
      : undefined;
    const orgInputs = async (inp: Inputs) => (org ? org.inputsFor(inp) : inp);
    const deps: CoreDeps = {
      log,
      outputOwner: {
        job: `run ${env.GITHUB_RUN_ID ?? '?'}.${env.GITHUB_RUN_ATTEMPT ?? '?'} job ${env.GITHUB_JOB ?? '?'}`,
        step,
      },
      packageRoot: root,
      displayPath: (f) => {
        const rel = path.relative(workspace, f);
        return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : f;
      },
      download: async (entries, apiKey, inp, chosen, onInstaller) => {
        const { downloadInstallers } = await import('./agents/uptycs/index.js');
        const { actionsCache, noCache } = await import('./agents/cache.js');
        const useCache = inp.cache === 'auto' ? !(await isPublicRepository(log)) : inp.cache === 'true';
        return downloadInstallers(entries, apiKey, inp, {
          // A fixed path: @actions/cache restores only to the path it saved from.
          workDir: path.join(env.RUNNER_TEMP || path.join(workspace, '.tmp'), 'uptycs-installers'),
          cache: useCache ? actionsCache(log) : noCache,
          log,
          chosenVersion: chosen,
          ...(onInstaller ? { onInstaller } : {}),
        });
      },
      resolveVersion: async (entries, apiKey, inp) => {
        const { resolveAgentVersion } = await import('./agents/uptycs/index.js');
        return resolveAgentVersion(entries, apiKey, inp, { log });
      },
      published: async (inp) => {
        const { openCheck } = await import('./publish/published.js');
        const check = await openCheck(await orgInputs(inp), {
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
        })(pkg, await orgInputs(inp));
      },
      // Loaded only when rollout-targets is given.
      rollout: async (pkg, inp, published) => {
        if (org) return org.rollout(pkg, inp, published);
        const { rolloutStage } = await import('./rollout/index.js');
        return rolloutStage({ log, env, getIdToken: (audience) => core.getIDToken(audience) })(
          pkg,
          inp,
          published,
        );
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
    await shareSummary(result.summary, log, env);
    if (result.error) core.setFailed(renderNames(errorMessage(result.error), 'action'));
  } catch (err) {
    // Each problem is reported once: as an annotation on its line when it is in a workspace file,
    // otherwise in the failure message, which counts the annotations instead of repeating them.
    const { failureReport } = await import('./report/failure.js');
    const f = failureReport(err, workspace, core.getInput('package-name') || 'UptycsAgent', modeOf());
    for (const p of f.annotations) log.error(p.message, p.location);
    if (!isUserError(err) && err instanceof Error && err.stack) core.debug(err.stack);
    core.setFailed(renderNames(f.message, 'action'));
    await shareSummary(f.summary, log, env).catch((e: unknown) =>
      core.warning(`cannot write the job summary: ${errorMessage(e)}`),
    );
  }
}

function modeOf(): 'plan' | 'build' | 'publish' {
  const m = core.getInput('mode').toLowerCase();
  if (m === 'plan' || m === 'build' || m === 'publish') return m;
  return /^true$/i.test(core.getInput('dry-run')) ? 'build' : 'publish';
}

/**
 * The summary goes to the step summary, the summary-markdown output, and (pr-comment) the pull request's
 * comment. Raw inputs are read here so that a failure in reading the inputs still gets its comment.
 */
async function shareSummary(markdown: string, log: Log, env: NodeJS.ProcessEnv): Promise<void> {
  const md = renderNames(markdown, 'action');
  core.setOutput('summary-markdown', md);
  if (env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(md, true).write();
  else logLines(md, (line) => log.info(line));
  const when = (core.getInput('pr-comment') || 'auto').toLowerCase();
  if (when !== 'auto' && when !== 'true') return;
  const token = core.getInput('github-token');
  if (token) core.setSecret(token);
  const { commentOnPullRequest } = await import('./report/comment.js');
  await commentOnPullRequest({
    env,
    token,
    when,
    packageName: core.getInput('package-name') || 'UptycsAgent',
    markdown: md,
    log,
  });
}
