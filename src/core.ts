/**
 * The flow shared by the action and the CLI: inputs → plan → agents → package → publish → report.
 * Each stage runs in a log group and is timed. All I/O goes through the stages; this file only orders them.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AgentSet } from './agents/local.js';
import { locateInstallers } from './agents/local.js';
import { onCancel } from './common/cancel.js';
import { UserError } from './common/errors.js';
import { outputDirProblem } from './check.js';
import type { Inputs } from './inputs/index.js';
import { loadApiKey, type ApiKey } from './inputs/key.js';
import { ref, refValue } from './common/names.js';
import type { Log } from './common/log.js';
import { formatBytes, formatDuration } from './common/log.js';
import type { buildPackage } from './package/index.js';
import { loadBuiltPackage, packageFromManifest } from './package/load.js';
import { canonicalJson, packageDigest, previewResolution, type PreviewRow } from './package/manifest.js';
import { loadTemplates, type Templates } from './package/scripts.js';
import type { BuiltPackage, PackageFile, PackageInProgress } from './package/types.js';
import { planInstallers, type Installer } from './plan/installers.js';
import { Readable } from 'node:stream';
import { COMMON_INSTANCES } from './plan/distributor.js';
import { loadMapping } from './plan/index.js';
import type { Mapping, MappingEntry } from './plan/mapping.js';
import { PLAN_VERSION } from './package/plan-version.js';
import { OUTPUT_MARKER } from './common/paths.js';
import { coverage, renderSummary, type CoverageRow } from './report/index.js';
import type { SummarySection } from './common/markdown.js';
import { reviewChange, publishPreview, type Review } from './report/review.js';

export const TOOL = 'uptycs-distributor-action';

export interface CoreDeps {
  log: Log;
  /** Folder holding templates/ and mappings/. */
  packageRoot: string;
  /**
   * Who writes output-dir (the action: this job's run and step). A folder that another step of the
   * same job wrote is not replaced unless replace-output-dir is true.
   */
  outputOwner?: { job: string; step: string };
  /** How to show a path in messages and annotations (the action makes them workspace-relative). */
  displayPath?: (file: string) => string;
  /** Downloads installers from the Uptycs API (download: true). */
  download?: (
    entries: MappingEntry[],
    apiKey: ApiKey,
    inputs: Inputs,
    chosenVersion?: ChosenVersion,
    /** Told of each installer (by its planInstallers spec id) as soon as it is on disk and checked. */
    onInstaller?: (specId: string, installer: Installer) => void,
  ) => Promise<AgentSet & { cacheHit?: boolean; source?: string }>;
  /** Resolves the agent version without downloading (download: true), so that publishing can be checked first. */
  resolveVersion?: (entries: MappingEntry[], apiKey: ApiKey, inputs: Inputs) => Promise<ChosenVersion>;
  /**
   * Read-only: is the version name published in every region already? (if-published: skip,
   * check-only). Opens the AWS session (started beside the version lookup), then checks a version name.
   */
  published?: (inputs: Inputs) => Promise<(versionName: string) => Promise<PublishedCheck>>;
  /**
   * Publishes the package (dry-run: false): summary sections, outputs, results, and the error of any
   * failed region. Given a package still being built, it starts sending the zips as they come, and
   * throws the build's error if the build fails.
   */
  publish?: (
    pkg: BuiltPackage | PackageInProgress,
    inputs: Inputs,
  ) => Promise<{
    sections: SummarySection[];
    outputs: Record<string, string>;
    results: unknown;
    error?: Error;
  }>;
  /** The rollout stage (rollout-targets given): preflight, association, report; after publishing, or alone in a dry run. */
  rollout?: (
    pkg: BuiltPackage,
    inputs: Inputs,
    published: unknown,
  ) => Promise<{
    sections: SummarySection[];
    outputs: Record<string, string>;
    results: unknown;
    error?: Error;
  }>;
}

/** The agent version and where it came from. */
export interface ChosenVersion {
  version: string;
  versionSource: 'input' | 'newest';
}

/** What publishing and rolling out did (both optional): summary sections, outputs, results, error. */
interface Converged {
  /** The check found everything as asked: no publish stage ran. */
  asAsked?: boolean;
  sections: SummarySection[];
  outputs: Record<string, string>;
  publishResults?: unknown;
  rolloutResults?: unknown;
  error?: Error;
}

/** What the read-only check found (src/publish/published.ts). */
export interface PublishedCheck {
  all: boolean;
  /** Besides, nothing for the publish stage to change (default version, sharing, versions kept). */
  converged: boolean;
  versionName: string;
  results: unknown;
  manifestText?: string;
  outputs: Record<string, string>;
  markdown: string;
}

export interface RunResult {
  pkg: BuiltPackage;
  rows: CoverageRow[];
  preview: PreviewRow[];
  summary: string;
  reportPath: string;
  cacheHit: boolean;
  /** Extra outputs from the publish stage (s3-uri, document-name, ...). */
  outputs: Record<string, string>;
  /** Set when publishing failed in some region: the step fails after the summary is written. */
  error?: Error;
  /** With compare-to: what the change does. */
  review?: Review;
}

/**
 * Writes the run's report.json beside the package it built. A package-dir is only read (it may be
 * read-only, and its report.json is the build's): that run's report goes to output-dir instead, as
 * the folder's only file with the marker, replacing an earlier output there (checked in the plan).
 */
async function writeReport(
  report: string,
  pkg: BuiltPackage,
  inputs: Inputs,
  owner: CoreDeps['outputOwner'],
): Promise<string> {
  if (!inputs.packageDir) {
    await writeFile(path.join(pkg.dir, 'report.json'), report);
    return path.join(pkg.dir, 'report.json');
  }
  await writeOutput(inputs.outputDir, owner, (staging) =>
    writeFile(path.join(staging, 'report.json'), report),
  );
  return path.join(inputs.outputDir, 'report.json');
}

/** Fails early when output-dir holds anything this tool did not write, or another step's package. */
async function checkOutputDir(dir: string, owner: CoreDeps['outputOwner'], replace: boolean): Promise<void> {
  const problem = await outputDirProblem(dir);
  if (problem) throw new UserError(`${ref('output-dir')}: ${problem}`);
  if (!owner || replace) return;
  const marker = await readFile(path.join(dir, OUTPUT_MARKER), 'utf8').catch(() => '');
  const [, job, step] = marker.split('\n');
  if (job === owner.job && step && step !== owner.step)
    throw new UserError(
      `${ref('output-dir')}: ${dir} holds the package that step ${step} of this job wrote, and its outputs point at it; give this step another output-dir, or set ${refValue('replace-output-dir', 'true')} to replace it`,
    );
}

/** The build output-dir holds (package, version, zips), read from its manifest.json, or undefined. */
async function earlierBuild(dir: string): Promise<{ version: string; zips: number } | undefined> {
  const text = await readFile(path.join(dir, 'manifest.json'), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    const m = JSON.parse(text) as { version?: unknown; files?: Record<string, unknown> };
    return { version: String(m.version ?? '?'), zips: Object.keys(m.files ?? {}).length };
  } catch {
    return { version: '?', zips: 0 };
  }
}

/**
 * A build in output-dir is never replaced without a word: a plan (which only validates) refuses to
 * replace it unless replace-output-dir is set; a build says what it replaces.
 */
async function checkEarlierBuild({ inputs, log, show }: RunContext): Promise<void> {
  const earlier = await earlierBuild(inputs.outputDir);
  if (!earlier) return;
  const what = `the build of version ${earlier.version} (${earlier.zips} zip${earlier.zips === 1 ? '' : 's'})`;
  if (inputs.mode === 'plan' && !inputs.replaceOutputDir)
    throw new UserError(
      `${ref('output-dir')}: ${show(inputs.outputDir)} holds ${what}, which a plan would remove (a plan only validates and writes manifest.plan.json); give the plan another output-dir, or set ${refValue('replace-output-dir', 'true')} to replace that build`,
    );
  log.info(`Replacing ${what} in ${show(inputs.outputDir)}`);
}

/** Marks a folder as this tool's package, written by this step of this job (see checkOutputDir). */
async function writeMarker(dir: string, owner: CoreDeps['outputOwner']): Promise<void> {
  await writeFile(path.join(dir, OUTPUT_MARKER), `${TOOL}\n${owner ? `${owner.job}\n${owner.step}\n` : ''}`);
}

/** Moves a finished build into output-dir, replacing an earlier build there. */
async function commitOutput(staging: string, dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  await rename(staging, dir);
}

function relocate(pkg: BuiltPackage, dir: string): BuiltPackage {
  return {
    ...pkg,
    dir,
    manifestPath: path.join(dir, path.basename(pkg.manifestPath)),
    files: pkg.files.map((f) => ({ ...f, path: path.join(dir, f.name) })),
  };
}

/** mode: plan takes no installers: the version is package-version or a placeholder. */
function planAgents(inputs: Inputs, log: Log): AgentSet & { cacheHit: boolean; source: string } {
  log.info('Plan mode: no key, no download; scripts are rendered for placeholder installer names');
  return {
    version: inputs.packageVersion || PLAN_VERSION,
    byDir: new Map(),
    cacheHit: false,
    source: 'none (plan mode: nothing downloaded; names are placeholders)',
  };
}

/** mode: plan validates what buildPackage would build, without installers (package/plan.ts, loaded only then). */
function planBuild(inputs: Inputs, log: Log) {
  return async (input: Parameters<typeof buildPackage>[0]): Promise<BuiltPackage> => {
    const { planPackage } = await import('./package/plan.js');
    return planPackage(input, { sensorOnly: inputs.sensorOnly, assetGroup: inputs.assetGroup }, log);
  };
}

/**
 * A fresh folder beside output-dir to write the package into before it takes output-dir's place. A
 * cancel removes it, also one that comes while it is being created or written to (the removal waits
 * for the creation, and retries while files are still being added). `done` forgets the undo step.
 */
async function stagingFolder(outputDir: string): Promise<{ dir: string; done: () => void }> {
  const dir = `${outputDir}.partial-${randomBytes(6).toString('hex')}`;
  let created: Promise<unknown> = Promise.resolve();
  const remove = () => rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 20 });
  const done = onCancel(async () => {
    await created.catch(() => undefined);
    await remove();
  });
  // Private, as mkdtemp makes it: the zips hold installers that carry the tenant's enrollment secret.
  created = mkdir(path.dirname(outputDir), { recursive: true }).then(() => mkdir(dir, { mode: 0o700 }));
  try {
    await created;
  } catch (err) {
    done();
    throw err;
  }
  return { dir, done };
}

/**
 * Writes output-dir whole or not at all: `fill` writes into a private staging folder beside it
 * (marked as this step's), which then takes output-dir's place; on an error or a cancel it is removed.
 */
async function writeOutput<T>(
  outputDir: string,
  owner: CoreDeps['outputOwner'],
  fill: (staging: string) => Promise<T>,
): Promise<T> {
  const { dir: staging, done: forget } = await stagingFolder(outputDir);
  try {
    await writeMarker(staging, owner);
    const result = await fill(staging);
    await commitOutput(staging, outputDir);
    return result;
  } catch (err) {
    await rm(staging, { recursive: true, force: true });
    throw err;
  } finally {
    forget();
  }
}

/**
 * The run stops before downloading: every region already has the version name. output-dir gets the
 * published manifest and a report; the outputs come from what SSM holds.
 */
async function alreadyPublished(
  inputs: Inputs,
  check: PublishedCheck,
  pkg: BuiltPackage,
  show: (f: string) => string,
  extra: Record<string, string>,
  done: Converged,
  owner: CoreDeps['outputOwner'],
): Promise<RunResult> {
  const rows = coverage(pkg);
  await writeOutput(inputs.outputDir, owner, async (staging) => {
    await writeFile(path.join(staging, 'manifest.json'), pkg.manifestText);
    await writeFile(
      path.join(staging, 'report.json'),
      canonicalJson({
        tool: TOOL,
        packageName: pkg.packageName,
        version: check.versionName,
        alreadyPublished: check.all,
        checkOnly: inputs.checkOnly,
        manifest: 'manifest.json',
        coverage: rows,
        publish: done.publishResults ?? check.results,
        rollout: done.rolloutResults ?? null,
      }),
    );
  });
  const summary = [
    `## Uptycs Distributor package ${pkg.packageName} ${check.versionName}: ${check.all ? 'already published' : 'not yet published everywhere'}`,
    '',
    check.all
      ? `Every region already has this version: nothing was downloaded or built (${inputs.checkOnly ? refValue('check-only', 'true') : refValue('if-published', 'skip')}).${done.asAsked ? ' Its default version, sharing and versions kept were already as asked, so nothing was changed either.' : ''} The manifest SSM holds is in ${show(inputs.outputDir)}.`
      : `Checked only (${refValue('check-only', 'true')}): nothing was downloaded or built.`,
    '',
    ...(done.sections.length
      ? done.sections.flatMap((sec) => [`### ${sec.title}`, '', sec.markdown, ''])
      : ['### Published to AWS', '', check.markdown, '']),
  ].join('\n');
  return {
    pkg,
    rows,
    preview: [],
    summary,
    reportPath: path.join(inputs.outputDir, 'report.json'),
    cacheHit: false,
    outputs: { ...check.outputs, ...done.outputs, ...extra, 'already-published': String(check.all) },
    ...(done.error ? { error: done.error } : {}),
  };
}

/** What every step of a run shares: the inputs, the faces' dependencies, the log and the stage timer. */
interface RunContext {
  inputs: Inputs;
  deps: CoreDeps;
  log: Log;
  show: (file: string) => string;
  timings: Record<string, number>;
  /** When each stage started and ended, in ms from the start of the run (the debug timings). */
  spans: Record<string, { startMs: number; endMs: number }>;
  /**
   * Runs fn in a log group and records how long it took. A stage that runs beside others (a
   * pipelined run) is only timed: its lines go to the group of the whole pipeline.
   */
  stage: <T>(name: string, fn: () => Promise<T>, beside?: boolean) => Promise<T>;
}

type Agents = AgentSet & { cacheHit?: boolean; source?: string };

function runContext(inputs: Inputs, deps: CoreDeps): RunContext {
  const timings: Record<string, number> = {};
  const spans: RunContext['spans'] = {};
  const start = performance.now();
  return {
    inputs,
    deps,
    log: deps.log,
    show: deps.displayPath ?? ((f: string) => f),
    timings,
    spans,
    stage: async (name, fn, beside) => {
      const t0 = performance.now();
      try {
        return beside ? await fn() : await deps.log.group(name, fn);
      } finally {
        const t1 = performance.now();
        timings[name.toLowerCase()] = t1 - t0;
        spans[name.toLowerCase()] = { startMs: Math.round(t0 - start), endMs: Math.round(t1 - start) };
        if (beside) deps.log.info(`${name} took ${formatDuration(t1 - t0)}`);
      }
    },
  };
}

/** Installers come from the Uptycs API: the run needs the API key and the agent version. */
function fromUptycs(inputs: Inputs): boolean {
  return inputs.download && !inputs.packageDir && inputs.mode !== 'plan';
}

export async function run(inputs: Inputs, deps: CoreDeps): Promise<RunResult> {
  const ctx = runContext(inputs, deps);
  // The publish stage's code (the AWS SDK) compiles while the package is downloaded, built or
  // verified: loading only, no call.
  if (deps.publish && inputs.mode === 'publish' && !inputs.dryRun && !inputs.checkOnly)
    void import('./publish/index.js').catch(() => undefined);
  try {
    const { mapping, templates } = await ctx.stage('Plan', () => planStage(ctx));
    const check = publishedCheck(ctx);
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
    const review = inputs.compareTo
      ? await reviewChange(pkg, inputs, ctx.show(inputs.compareTo), ctx.log)
      : undefined;
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
): Promise<{ agents: Agents; pkg: BuiltPackage; publishing?: Promise<Published> } | { finished: RunResult }> {
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

/** What the publish stage returns (CoreDeps.publish). */
type Published = Awaited<ReturnType<NonNullable<CoreDeps['publish']>>>;

/**
 * Whether the run builds and publishes in one go (a new build, published, nothing to review first):
 * then the stages overlap. A dry run, a plan, a check, a package-dir or a compare-to run does not.
 */
function pipelines({ inputs, deps }: RunContext): boolean {
  return (
    !!deps.publish &&
    inputs.mode === 'publish' &&
    !inputs.dryRun &&
    !inputs.checkOnly &&
    !inputs.packageDir &&
    !inputs.compareTo
  );
}

/** The stages that ran while the installers were still arriving (a pipelined run), or none. */
function overlappingStages(spans: RunContext['spans']): string[] {
  const { agents, package: pkg, publish } = spans;
  if (!agents || !pkg || !publish || publish.startMs >= pkg.endMs) return [];
  return pkg.startMs < agents.endMs ? ['agents', 'package', 'publish'] : ['package', 'publish'];
}

/** How long the package and publish stages ran while the installers were still arriving. */
function overlapNote(spans: RunContext['spans']): string | undefined {
  const { agents, package: pkg, publish } = spans;
  if (!agents || !pkg || !publish || pkg.startMs >= agents.endMs) return undefined;
  const beside = (s: { startMs: number; endMs: number }) =>
    Math.max(0, Math.min(s.endMs, agents.endMs) - s.startMs);
  return `stage overlap: the package stage ran ${formatDuration(beside(pkg))} and the publish stage ${formatDuration(beside(publish))} while installers were still arriving (agents ${formatDuration(agents.endMs - agents.startMs)}); the run took ${formatDuration(Math.max(agents.endMs, pkg.endMs, publish.endMs))} from its first stage on`;
}

/** One promise per installer the entries need, shared by the dirs that use it, kept as they arrive. */
function installerArrivals(entries: MappingEntry[], sensorOnly: boolean) {
  const { specByDir } = planInstallers(entries, sensorOnly);
  const waiting = new Map<string, { resolve: (i: Installer) => void; reject: (e: unknown) => void }>();
  const promises = new Map<string, Promise<Installer>>();
  for (const spec of new Set(specByDir.values())) {
    const p = new Promise<Installer>((resolve, reject) => waiting.set(spec.id, { resolve, reject }));
    p.catch(() => undefined); // the build awaits it; a failed download is reported by the agents stage
    promises.set(spec.id, p);
  }
  const byDir = new Map([...specByDir].map(([dir, spec]) => [dir, promises.get(spec.id)!]));
  const take = (id: string) => {
    const w = waiting.get(id);
    waiting.delete(id);
    return w;
  };
  return {
    byDir,
    arrived: (id: string, installer: Installer) => take(id)?.resolve(installer),
    /** The agents stage ended: every installer not announced comes from its result (or its error). */
    settle: (agents: Agents) => {
      for (const [dir, spec] of specByDir) take(spec.id)?.resolve(agents.byDir.get(dir)!);
    },
    fail: (err: unknown) => {
      for (const id of [...waiting.keys()]) take(id)?.reject(err);
    },
  };
}

/** The package as it is built: its zips as they come, and the whole once it is in output-dir. */
function zipFeed(packageName: string, version: string) {
  const zips = new Readable({ objectMode: true, read: () => undefined });
  const holds: Promise<unknown>[] = [];
  let settle!: { resolve: (p: BuiltPackage) => void; reject: (e: unknown) => void };
  const built = new Promise<BuiltPackage>((resolve, reject) => (settle = { resolve, reject }));
  built.catch(() => undefined); // the build's error is the run's; the publish stage only stops on it
  const pkg: PackageInProgress = {
    packageName,
    version,
    zips,
    built,
    hold: (reading) => void holds.push(reading.catch(() => undefined)),
  };
  return {
    pkg,
    zip: (file: PackageFile) => void zips.push(file),
    /** Every zip is built: waits until nothing reads them in their build folder any more. */
    end: async () => {
      zips.push(null);
      await Promise.all(holds);
    },
    fail: async (err: unknown) => {
      zips.destroy(err instanceof Error ? err : new Error(String(err)));
      settle.reject(err);
      await Promise.all(holds);
    },
    done: (p: BuiltPackage) => settle.resolve(p),
  };
}

type Feed = ReturnType<typeof zipFeed>;

/**
 * The stages of a build that is published, overlapping: the installers arrive (downloaded, or found
 * in agents-dir beforehand), each zip is built as soon as its installer is there, and the publish
 * stage sends each zip as soon as it is built; the document comes once the whole package is in place.
 * Fails with the first stage's error (a download's before the build's it caused).
 */
async function pipeline(
  ctx: RunContext,
  mapping: Mapping,
  templates: Templates,
  from: { agents: Agents } | { apiKey: ApiKey; chosen: ChosenVersion },
): Promise<{ agents: Agents; pkg: BuiltPackage; publishing: Promise<Published> }> {
  const { inputs, deps } = ctx;
  const arrivals = 'apiKey' in from ? installerArrivals(mapping.entries, inputs.sensorOnly) : undefined;
  const agentsRun =
    'agents' in from
      ? Promise.resolve(from.agents)
      : ctx.stage(
          'Agents',
          () => agentsStage(ctx, mapping, from.apiKey, from.chosen, arrivals!.arrived),
          true,
        );
  agentsRun.then(
    (a) => arrivals?.settle(a),
    (err: unknown) => arrivals?.fail(err),
  );
  const { version, byDir } =
    'agents' in from ? from.agents : { version: from.chosen.version, byDir: arrivals!.byDir };
  const feed = zipFeed(inputs.packageName, inputs.versionName || version);
  const publishing = ctx.stage('Publish', () => deps.publish!(feed.pkg, inputs), true);
  publishing.catch(() => undefined); // awaited below or by converge
  const building = ctx.stage(
    'Package',
    () => buildStage(ctx, mapping, templates, { version, byDir }, feed),
    true,
  );
  const [a, b] = await Promise.allSettled([agentsRun, building]);
  if (a.status === 'rejected' || b.status === 'rejected') {
    await publishing.catch(() => undefined);
    throw a.status === 'rejected' ? a.reason : (b as PromiseRejectedResult).reason;
  }
  return { agents: a.value, pkg: b.value, publishing };
}

/** Checks output-dir and reads the mapping and the script templates (nothing of them for a package-dir). */
async function planStage(ctx: RunContext): Promise<{ mapping: Mapping; templates: Templates }> {
  const { inputs, deps, log, show } = ctx;
  if (inputs.packageDir) {
    const [out, dir] = [path.resolve(inputs.outputDir), path.resolve(inputs.packageDir)];
    if (out === dir || out.startsWith(`${dir}${path.sep}`) || dir.startsWith(`${out}${path.sep}`))
      throw new UserError(
        `${ref('output-dir')}: ${show(inputs.outputDir)} is, or holds, or lies inside ${ref('package-dir')}, which a run only reads; give output-dir another folder (this run writes its report.json there)`,
      );
    await checkOutputDir(inputs.outputDir, deps.outputOwner, inputs.replaceOutputDir);
    log.info(
      `Package ${inputs.packageName} built earlier, in ${show(inputs.packageDir)}: verify${inputs.dryRun ? ' only (dry run)' : ', then publish'}; no mapping, download or build`,
    );
    return { mapping: { file: '', entries: [] }, templates: { rpm: [], deb: [], msi: [] } };
  }
  await checkOutputDir(inputs.outputDir, deps.outputOwner, inputs.replaceOutputDir);
  await checkEarlierBuild(ctx);
  const mapping = await loadMapping(inputs.mapping, show(inputs.mapping));
  for (const w of mapping.warnings ?? []) log.warning(w.message, w.location);
  const templates = await loadTemplates(path.join(deps.packageRoot, 'templates'));
  const platforms = new Set(mapping.entries.map((e) => e.platform));
  log.info(
    `Mapping ${show(inputs.mapping)}: ${mapping.entries.length} entries on ${platforms.size} platforms (${[...platforms].join(', ')})`,
  );
  log.info(
    `Package ${inputs.packageName}, ${inputs.mode === 'plan' ? 'plan (validate only: no key, no installers, no network)' : inputs.dryRun ? 'dry run (build and validate only)' : 'build and publish'}`,
  );
  return { mapping, templates };
}

/**
 * Nothing to do costs nothing: once the version is known, every region is asked (read-only) first.
 * check-only stops after the check whatever it found; if-published skip stops when all have it.
 * `start` opens the AWS session early (beside the version lookup); `skip` says whether to stop.
 */
function publishedCheck(ctx: RunContext): {
  start: () => void;
  skip: (version: string) => Promise<PublishedCheck | undefined>;
} {
  const { inputs, deps } = ctx;
  const wanted =
    !inputs.packageDir && (inputs.checkOnly || (!inputs.dryRun && inputs.ifPublished === 'skip'));
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
      const check = await (await c)(inputs.versionName || version);
      return inputs.checkOnly || check.all ? check : undefined;
    },
  };
}

/** The installers: none (package-dir, plan), from the Uptycs API, or found in agents-dir. */
async function agentsStage(
  ctx: RunContext,
  mapping: Mapping,
  apiKey: ApiKey | undefined,
  chosen: ChosenVersion | undefined,
  onInstaller?: (specId: string, installer: Installer) => void,
): Promise<Agents> {
  const { inputs, deps, log, show } = ctx;
  if (inputs.packageDir)
    return {
      version: '',
      byDir: new Map(),
      cacheHit: false,
      source: `built earlier, in ${show(inputs.packageDir)}`,
    };
  if (inputs.mode === 'plan') return planAgents(inputs, log);
  if (apiKey) {
    if (!deps.download) throw new Error('downloading installers is not available in this build');
    return deps.download(mapping.entries, apiKey, inputs, chosen, onInstaller);
  }
  const set = await locateInstallers(mapping.entries, inputs.agentsDir, inputs.packageVersion, log, {
    sensorOnly: inputs.sensorOnly,
    skipVersionCheck: inputs.skipVersionCheck,
  });
  const distinct = new Set([...set.byDir.values()].map((i) => i.path));
  log.info(
    `Found ${distinct.size} installer files for ${set.byDir.size} entries in ${show(inputs.agentsDir)}`,
  );
  return { ...set, cacheHit: false, source: `provided in ${show(inputs.agentsDir)}` };
}

/** A package built earlier: verified against itself and, given package-digest, against the build's output. */
async function verifyPackageDir(ctx: RunContext, packageDir: string): Promise<BuiltPackage> {
  const { inputs, log, show } = ctx;
  const loaded = await loadBuiltPackage(
    packageDir,
    {
      packageName: inputs.packageName,
      versionName: inputs.versionName,
      ...(inputs.packageDigest ? { digest: inputs.packageDigest } : {}),
    },
    show(packageDir),
  );
  if (!inputs.packageDigest)
    log.warning(
      `${ref('package-dir')} without ${ref('package-digest')}: the folder vouches only for itself (whoever could write it could recompute every hash in it); give the build step's package-digest output`,
    );
  log.info(
    `Package ${loaded.packageName} ${loaded.version}: ${loaded.files.length} zips, ${formatBytes(loaded.files.reduce((n, f) => n + f.size, 0))}, manifest valid, every SHA-256 as stated, nothing extra, report.json from the same build`,
  );
  return loaded;
}

/**
 * Builds the package (or, in plan mode, validates what would be built) into output-dir, whole or not
 * at all. With a feed (a pipelined run), each zip is handed on as soon as it is written, and the
 * folder moves into place only once nothing reads the zips there any more.
 */
async function buildStage(
  ctx: RunContext,
  mapping: Mapping,
  templates: Templates,
  agents: { version: string; byDir: Map<string, Installer | Promise<Installer>> },
  feed?: Feed,
): Promise<BuiltPackage> {
  const { inputs, deps, log, show } = ctx;
  let built: BuiltPackage;
  try {
    built = await writeOutput(inputs.outputDir, deps.outputOwner, async (staging) => {
      // The build stage (the zip writer, the scripts' templates) is loaded only by a run that builds.
      const build =
        inputs.mode === 'plan' ? planBuild(inputs, log) : (await import('./package/index.js')).buildPackage;
      try {
        const pkg = await build(
          {
            packageName: inputs.packageName,
            version: inputs.versionName || agents.version,
            entries: mapping.entries,
            installers: agents.byDir,
            templates,
            outDir: staging,
            ...(feed ? { onZip: feed.zip } : {}),
          },
          log,
        );
        await feed?.end();
        return pkg;
      } catch (err) {
        await feed?.fail(err);
        throw err;
      }
    });
  } catch (err) {
    await feed?.fail(err); // also when the folder could not be made or moved
    throw err;
  }
  log.info(
    `Package ${built.packageName} ${built.version}: ${built.files.length} zips, ${formatBytes(built.files.reduce((n, f) => n + f.size, 0))}, manifest ${Buffer.byteLength(built.manifestText)} bytes, valid → ${show(inputs.outputDir)}`,
  );
  const pkg = relocate(built, inputs.outputDir);
  feed?.done(pkg);
  return pkg;
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
  publishing?: Promise<Published>,
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
  const took = (p: Published) => {
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
  if (inputs.rollout)
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
    alreadyPublished(
      inputs,
      check,
      pkg,
      ctx.show,
      { 'agent-version': agentVersion },
      done,
      ctx.deps.outputOwner,
    ),
  );
}

/** The coverage, the preview (each would-not-install a notice), the job summary and report.json. */
async function reportStage(
  ctx: RunContext,
  pkg: BuiltPackage,
  agents: Agents,
  converged: Converged,
  review: Review | undefined,
): Promise<Pick<RunResult, 'rows' | 'preview' | 'summary' | 'reportPath'>> {
  const { inputs, log } = ctx;
  const rows = coverage(pkg);
  const preview = previewResolution(pkg.manifest, COMMON_INSTANCES);
  for (const p of preview)
    if (!p.result.ok && p.instance.platform !== 'mac_os_x')
      log.notice(
        `${p.instance.platform} ${p.instance.version} ${p.instance.arch} would not install: ${p.result.reason}`,
      );
  const summary = renderSummary({
    pkg,
    rows,
    preview,
    agentsSource: agents.source ?? 'downloaded',
    dryRun: inputs.dryRun,
    timings: ctx.timings,
    overlapping: overlappingStages(ctx.spans),
    sections: converged.sections,
    mode: inputs.mode,
    publishPreview: publishPreview(pkg, inputs),
    ...(review ? { review: review.summary } : {}),
    publishResults: converged.publishResults,
    rolloutResults: converged.rolloutResults,
  });
  const report = reportJson(inputs, pkg, rows, preview, converged, review);
  const reportPath = await writeReport(report, pkg, inputs, ctx.deps.outputOwner);
  return { rows, preview, summary, reportPath };
}

/** report.json of a build: the package, each zip with what it targets, coverage, preview and results. */
function reportJson(
  inputs: Inputs,
  pkg: BuiltPackage,
  rows: CoverageRow[],
  preview: PreviewRow[],
  converged: Converged,
  review: Review | undefined,
): string {
  return canonicalJson({
    tool: TOOL,
    packageName: pkg.packageName,
    version: pkg.version,
    dryRun: inputs.dryRun,
    mode: inputs.mode,
    manifest: path.basename(pkg.manifestPath),
    packageDigest: packageDigest(pkg.manifestText),
    files: pkg.files.map((f) => ({
      name: f.name,
      sha256: f.sha256,
      size: f.size,
      installer: f.installerName,
      installerSize: f.installerSize,
      ...(f.installerSha256 ? { installerSha256: f.installerSha256 } : {}),
      targets: f.entries.map((e) => `${e.platform}/${e.versionKey}/${e.arch}`),
    })),
    coverage: rows,
    preview: preview.map((p) => ({ ...p.instance, ...p.result })),
    publish: converged.publishResults ?? null,
    rollout: converged.rolloutResults ?? null,
    ...(review ? { compareTo: review.json } : {}),
  });
}

/** The run's outputs: the stages' own, plus already-published, package-digest and agent-version. */
async function runOutputs(
  inputs: Inputs,
  pkg: BuiltPackage,
  agents: Agents,
  stageOutputs: Record<string, string>,
): Promise<Record<string, string>> {
  return {
    ...stageOutputs,
    ...(inputs.dryRun ? {} : { 'already-published': 'false' }),
    // What the publish step checks a package-dir against (the manifest names every zip's SHA-256).
    'package-digest': packageDigest(await readFile(pkg.manifestPath)),
    ...(!inputs.packageDir && inputs.mode !== 'plan' ? { 'agent-version': agents.version } : {}),
  };
}
