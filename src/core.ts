/**
 * The flow shared by the action and the CLI: inputs → plan → agents → package → publish → report.
 * Each stage runs in a log group and is timed. All I/O goes through the stages; this file only orders them.
 */
import { mkdir, mkdtemp, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AgentSet } from './agents/local.js';
import { locateInstallers } from './agents/local.js';
import { onCancel } from './cancel.js';
import { UserError } from './errors.js';
import type { Inputs } from './inputs/index.js';
import { ref, refValue } from './inputs/names.js';
import type { Log } from './log.js';
import { formatBytes } from './log.js';
import { buildPackage } from './package/index.js';
import { canonicalJson, previewResolution, type PreviewRow } from './package/manifest.js';
import { loadTemplates } from './package/scripts.js';
import type { BuiltPackage } from './package/types.js';
import { COMMON_INSTANCES } from './plan/distributor.js';
import { loadMapping } from './plan/index.js';
import type { MappingEntry } from './plan/mapping.js';
import { PLAN_VERSION } from './package/plan-version.js';
import { coverage, renderSummary, type CoverageRow, type SummarySection } from './report/index.js';
import { reviewChange, publishPreview, type Review } from './report/review.js';

export const TOOL = 'uptycs-distributor-action';
const MARKER = '.uptycs-distributor';

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
    inputs: Inputs,
  ) => Promise<AgentSet & { cacheHit?: boolean; source?: string }>;
  /** Publishes the built package (dry-run: false): summary sections, outputs, results, and the error of any failed region. */
  publish?: (
    pkg: BuiltPackage,
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

/** Fails early when output-dir holds anything this tool did not write, or another step's package. */
async function checkOutputDir(dir: string, owner: CoreDeps['outputOwner'], replace: boolean): Promise<void> {
  const st = await stat(dir).catch(() => undefined);
  if (!st) return;
  if (!st.isDirectory()) throw new UserError(`${ref('output-dir')}: ${dir} is a file; give a folder`);
  const names = await readdir(dir);
  if (names.length && !names.includes(MARKER))
    throw new UserError(
      `${ref('output-dir')}: ${dir} already holds files this tool did not write (${names.slice(0, 3).join(', ')}${names.length > 3 ? ', …' : ''}); give an empty or new folder`,
    );
  if (!names.length || !owner || replace) return;
  const [, job, step] = (await readFile(path.join(dir, MARKER), 'utf8')).split('\n');
  if (job === owner.job && step && step !== owner.step)
    throw new UserError(
      `${ref('output-dir')}: ${dir} holds the package that step ${step} of this job wrote, and its outputs point at it; give this step another output-dir, or set ${refValue('replace-output-dir', 'true')} to replace it`,
    );
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

/** Regions a publish succeeded in (for the summary's next step). */
function publishedRegions(results: unknown): string[] {
  if (!Array.isArray(results)) return [];
  return (results as { ok?: boolean; region?: string }[])
    .filter((r) => r.ok && typeof r.region === 'string')
    .map((r) => r.region!);
}

export async function run(inputs: Inputs, deps: CoreDeps): Promise<RunResult> {
  const { log } = deps;
  const show = deps.displayPath ?? ((f: string) => f);
  const timings: Record<string, number> = {};
  const stage = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await log.group(name, fn);
    } finally {
      timings[name.toLowerCase()] = performance.now() - t0;
    }
  };

  try {
    const { mapping, templates } = await stage('Plan', async () => {
      await checkOutputDir(inputs.outputDir, deps.outputOwner, inputs.replaceOutputDir);
      const mapping = await loadMapping(inputs.mapping, show(inputs.mapping));
      const templates = await loadTemplates(path.join(deps.packageRoot, 'templates'));
      const platforms = new Set(mapping.entries.map((e) => e.platform));
      log.info(
        `Mapping ${show(inputs.mapping)}: ${mapping.entries.length} entries on ${platforms.size} platforms (${[...platforms].join(', ')})`,
      );
      log.info(
        `Package ${inputs.packageName}, ${inputs.mode === 'plan' ? 'plan (validate only: no key, no installers, no network)' : inputs.dryRun ? 'dry run (build and validate only)' : 'build and publish'}`,
      );
      return { mapping, templates };
    });

    const agents = await stage('Agents', async () => {
      if (inputs.mode === 'plan') return planAgents(inputs, log);
      if (inputs.download) {
        if (!deps.download) throw new Error('downloading installers is not available in this build');
        return deps.download(mapping.entries, inputs);
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
    });

    const pkg = await stage('Package', async () => {
      await mkdir(path.dirname(inputs.outputDir), { recursive: true });
      const staging = await mkdtemp(`${inputs.outputDir}.partial-`);
      // A cancelled run leaves no half-written package behind.
      const forget = onCancel(() => rm(staging, { recursive: true, force: true }));
      try {
        const owner = deps.outputOwner;
        await writeFile(
          path.join(staging, MARKER),
          `${TOOL}\n${owner ? `${owner.job}\n${owner.step}\n` : ''}`,
        );
        const build = inputs.mode === 'plan' ? planBuild(inputs, log) : buildPackage;
        const built = await build(
          {
            packageName: inputs.packageName,
            version: agents.version,
            entries: mapping.entries,
            installers: agents.byDir,
            templates,
            outDir: staging,
          },
          log,
        );
        await commitOutput(staging, inputs.outputDir);
        log.info(
          `Package ${built.packageName} ${built.version}: ${built.files.length} zips, ${formatBytes(built.files.reduce((n, f) => n + f.size, 0))}, manifest ${Buffer.byteLength(built.manifestText)} bytes, valid → ${show(inputs.outputDir)}`,
        );
        return relocate(built, inputs.outputDir);
      } catch (err) {
        await rm(staging, { recursive: true, force: true });
        throw err;
      } finally {
        forget();
      }
    });

    const review = inputs.compareTo
      ? await reviewChange(pkg, inputs, show(inputs.compareTo), log)
      : undefined;

    let sections: SummarySection[] = [];
    let outputs: Record<string, string> = {};
    let publishResults: unknown;
    let publishError: Error | undefined;
    if (!inputs.dryRun && !review?.error) {
      await stage('Publish', async () => {
        if (!deps.publish) throw new Error('publishing is not available in this build');
        const p = await deps.publish(pkg, inputs);
        sections = p.sections;
        outputs = p.outputs;
        publishResults = p.results;
        publishError = p.error;
      });
    }
    let rolloutResults: unknown;
    if (inputs.rollout) {
      await stage('Rollout', async () => {
        if (!deps.rollout) throw new Error('the rollout is not available in this build');
        const r = await deps.rollout(pkg, inputs, publishResults);
        sections = [...sections, ...r.sections];
        outputs = { ...outputs, ...r.outputs };
        rolloutResults = r.results;
        publishError =
          publishError && r.error
            ? new Error(`${publishError.message}\n${r.error.message}`)
            : (publishError ?? r.error);
      });
    }

    const result = await stage('Report', async () => {
      const rows = coverage(pkg);
      const preview = previewResolution(pkg.manifest, COMMON_INSTANCES);
      for (const p of preview)
        if (!p.result.ok && p.instance.platform !== 'darwin')
          log.notice(
            `${p.instance.platform} ${p.instance.version} ${p.instance.arch} would not install: ${p.result.reason}`,
          );
      const summary = renderSummary({
        pkg,
        rows,
        preview,
        agentsSource: agents.source ?? 'downloaded',
        dryRun: inputs.dryRun,
        timings,
        sections,
        mode: inputs.mode,
        publishPreview: publishPreview(pkg, inputs),
        ...(review ? { review: review.summary } : {}),
        publishedRegions: publishedRegions(publishResults),
      });
      const reportPath = path.join(pkg.dir, 'report.json');
      await writeFile(
        reportPath,
        canonicalJson({
          tool: TOOL,
          packageName: pkg.packageName,
          version: pkg.version,
          dryRun: inputs.dryRun,
          mode: inputs.mode,
          manifest: path.basename(pkg.manifestPath),
          files: pkg.files.map((f) => ({
            name: f.name,
            sha256: f.sha256,
            size: f.size,
            installer: f.installerName,
            installerSize: f.installerSize,
            targets: f.entries.map((e) => `${e.platform}/${e.versionKey}/${e.arch}`),
          })),
          coverage: rows,
          preview: preview.map((p) => ({ ...p.instance, ...p.result })),
          publish: publishResults ?? null,
          rollout: rolloutResults ?? null,
          ...(review ? { compareTo: review.json } : {}),
        }),
      );
      return { rows, preview, summary, reportPath };
    });
    return {
      pkg,
      ...result,
      cacheHit: agents.cacheHit ?? false,
      outputs,
      error: publishError ?? review?.error,
      ...(review ? { review } : {}),
    };
  } finally {
    log.debug(`stage timings: ${JSON.stringify(timings)}`);
  }
}
