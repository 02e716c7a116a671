/**
 * The flow shared by the action and the CLI, read top to bottom: plan → (version → is it published?)
 * → agents → package → publish → rollout → report. Each stage runs in a log group and is timed. All
 * I/O goes through the stages; this file only orders them. Its parts: core-context.ts (what a run
 * shares), core-stages.ts (each stage as the run calls it), pipeline.ts (the stages overlapping when a
 * new build is published), output-dir.ts (the output folder, whole or not at all), core-report.ts.
 */
import { canonicalJson } from './package/manifest.js';
import { packageFromManifest } from './package/load.js';
import { loadApiKey, type ApiKey } from './inputs/key.js';
import type { Inputs } from './inputs/index.js';
import type { Templates } from './package/scripts.js';
import type { BuiltPackage } from './package/types.js';
import type { Mapping } from './plan/mapping.js';
import { reviewChange, reviewsChange } from './report/review.js';
import {
  runContext,
  type Agents,
  type ChosenVersion,
  type Converged,
  type CoreDeps,
  type PublishedCheck,
  type RunContext,
  type RunResult,
  type StageOutcome,
} from './core-context.js';
import { agentsStage, buildStage, planStage, sameAsPublished, verifyPackageDir } from './core-stages.js';
import { alreadyPublished, reportStage, runOutputs } from './core-report.js';
import { overlapNote, pipeline, pipelines } from './pipeline.js';

export type { ChosenVersion, CoreDeps, PublishedCheck, RunResult } from './core-context.js';
export { TOOL } from './output-dir.js';

export async function run(given: Inputs, deps: CoreDeps): Promise<RunResult> {
  const ctx = runContext(given, deps);
  // The run's own copy: the check may choose the version name (if-published next-revision).
  const { inputs } = ctx;
  // The publish stage's code (the AWS SDK) compiles while the package is downloaded, built or
  // verified: loading only, no call.
  if (deps.publish && inputs.mode === 'publish' && !inputs.dryRun && !inputs.checkOnly)
    void import('./publish/index.js').catch(() => undefined);
  try {
    const { mapping, templates } = await ctx.stage('Plan', () => planStage(ctx));
    const check = publishedCheck(ctx, mapping);
    // Read and validated once (checkInputs read it before any work); the Uptycs client gets it parsed.
    const apiKey = fromUptycs(inputs) ? await loadApiKey(inputs.config, ctx.log) : undefined;

    let chosen: ChosenVersion | undefined;
    if (apiKey && deps.resolveVersion) {
      const resolved = await ctx.stage('Version', async () => {
        check.start(); // the AWS session opens while the version is looked up
        const version = await deps.resolveVersion!(mapping.entries, apiKey, inputs);
        return { version, done: await check.skip(version.version) };
      });
      chosen = resolved.version;
      if (resolved.done) return await finishPublished(ctx, resolved.done, chosen.version);
    }

    const made = await agentsAndPackage(ctx, mapping, templates, apiKey, chosen, check);
    if ('finished' in made) return made.finished;
    const { agents, pkg, publishing } = made;
    const review = reviewsChange(inputs) ? await reviewChange(pkg, inputs, ctx.show, ctx.log) : undefined;
    const converged = await converge(ctx, pkg, !inputs.dryRun && !review?.error, undefined, publishing);
    const report = await ctx.stage('Report', () => reportStage(ctx, pkg, agents, converged, review));
    return {
      pkg,
      ...report,
      cacheHit: agents.cacheHit ?? false,
      outputs: await runOutputs(inputs, pkg, agents, converged.outputs),
      error: converged.error ?? review?.error,
      ...(review ? { review } : {}),
    };
  } finally {
    ctx.log.debug(`stage timings: ${JSON.stringify(ctx.spans)}`);
    const overlap = overlapNote(ctx.spans);
    if (overlap) ctx.log.debug(overlap);
  }
}

/** Installers come from the Uptycs API: the run needs the API key and the agent version. */
function fromUptycs(inputs: Inputs): boolean {
  return inputs.download && !inputs.packageDir && inputs.mode !== 'plan';
}

/**
 * Nothing to do costs nothing: once the version is known, every region is asked (read-only) first.
 * check-only stops after the check whatever it found; if-published skip stops when all have it. A
 * version published from another mapping is never taken for this one (see sameAsPublished).
 * `start` opens the AWS session early (beside the version lookup); `skip` says whether to stop.
 */
function publishedCheck(
  ctx: RunContext,
  mapping: Mapping,
): {
  start: () => void;
  skip: (version: string) => Promise<PublishedCheck | undefined>;
} {
  const { inputs, deps } = ctx;
  const wanted =
    !inputs.packageDir && (inputs.checkOnly || (!inputs.dryRun && inputs.ifPublished !== 'verify'));
  if (wanted && !deps.published) throw new Error('checking AWS is not available in this build');
  let checker: Promise<(versionName: string) => Promise<PublishedCheck>> | undefined;
  const start = () => {
    if (wanted && !checker) {
      checker = deps.published!(inputs);
      checker.catch(() => undefined); // awaited in skip; this only keeps an early failure from going unhandled
    }
    return checker;
  };
  return {
    start: () => void start(),
    skip: async (version) => {
      const c = start();
      if (!c) return undefined;
      const check = await sameAsPublished(ctx, mapping, await c, inputs.versionName || version);
      return inputs.checkOnly || check.all ? check : undefined;
    },
  };
}

/**
 * The installers and the package: one stage after the other, or, when the build is published,
 * overlapping (each zip built as soon as its installer is there and sent as soon as it is built; one
 * log group for the stages, each timed on its own). With agents-dir, the found version may turn out
 * to be published already: `finished` is then the run's result.
 */
async function agentsAndPackage(
  ctx: RunContext,
  mapping: Mapping,
  templates: Templates,
  apiKey: ApiKey | undefined,
  chosen: ChosenVersion | undefined,
  check: ReturnType<typeof publishedCheck>,
): Promise<
  { agents: Agents; pkg: BuiltPackage; publishing?: Promise<StageOutcome> } | { finished: RunResult }
> {
  const { inputs, deps } = ctx;
  const pipelined = pipelines(ctx);
  if (pipelined && apiKey && chosen)
    return deps.log.group('Agents, package and publish', () =>
      pipeline(ctx, mapping, templates, { apiKey, chosen }),
    );
  const agents = await ctx.stage('Agents', () => agentsStage(ctx, mapping, apiKey, chosen));
  if (!inputs.download && !inputs.packageDir) {
    const done = await check.skip(agents.version);
    if (done) return { finished: await finishPublished(ctx, done, agents.version) };
  }
  if (pipelined && !apiKey)
    return deps.log.group('Package and publish', () => pipeline(ctx, mapping, templates, { agents }));
  const pkg = await ctx.stage('Package', () =>
    inputs.packageDir
      ? verifyPackageDir(ctx, inputs.packageDir)
      : buildStage(ctx, mapping, templates, agents),
  );
  return { agents, pkg };
}

/**
 * Publishing (when asked) and the rollout (when configured). Also when the version was already
 * published: nothing is uploaded then, but the default version, the sharing, the versions kept and
 * the association still follow the inputs, and an interrupted run converges (a few SSM calls). A
 * check that found everything as asked stands for the publish stage.
 */
async function converge(
  ctx: RunContext,
  pkg: BuiltPackage,
  publish: boolean,
  checked?: PublishedCheck,
  /** A pipelined run's publish stage, already under way. */
  publishing?: Promise<StageOutcome>,
): Promise<Converged> {
  const { inputs, deps, stage } = ctx;
  const c: Converged = checked
    ? {
        asAsked: true,
        sections: [{ title: 'Published to AWS', markdown: checked.markdown }],
        outputs: checked.outputs,
        publishResults: checked.results,
      }
    : { sections: [], outputs: {} };
  const took = (p: StageOutcome) => {
    c.sections = p.sections;
    c.outputs = p.outputs;
    c.publishResults = p.results;
    c.error = p.error;
  };
  if (publishing) took(await publishing);
  else if (publish)
    await stage('Publish', async () => {
      if (!deps.publish) throw new Error('publishing is not available in this build');
      took(await deps.publish(pkg, inputs));
    });
  // mode: plan opens no connection: the rollout plan is only read (and compared, with compare-plan-to).
  if (inputs.rollout && inputs.mode !== 'plan')
    await stage('Rollout', async () => {
      if (!deps.rollout) throw new Error('the rollout is not available in this build');
      const r = await deps.rollout(pkg, inputs, c.publishResults);
      c.sections = [...c.sections, ...r.sections];
      c.outputs = { ...c.outputs, ...r.outputs };
      c.rolloutResults = r.results;
      c.error =
        c.error && r.error ? new Error(`${c.error.message}\n${r.error.message}`) : (c.error ?? r.error);
    });
  return c;
}

/** Every region has the version: converge (not with check-only), then report what SSM holds. */
async function finishPublished(
  ctx: RunContext,
  check: PublishedCheck,
  agentVersion: string,
): Promise<RunResult> {
  const { inputs } = ctx;
  const text =
    check.manifestText ??
    canonicalJson({ schemaVersion: '2.0', version: check.versionName, packages: {}, files: {} });
  const pkg = packageFromManifest(inputs.packageName, text, inputs.outputDir);
  const done =
    inputs.checkOnly || !check.all || !check.manifestText
      ? { sections: [], outputs: {} }
      : check.converged
        ? await converge(ctx, pkg, false, check)
        : await converge(ctx, pkg, true);
  return ctx.stage('Report', () =>
    alreadyPublished(ctx, check, pkg, { 'agent-version': agentVersion }, done),
  );
}
