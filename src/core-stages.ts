/**
 * The stages as the core runs them, each on the run's context: plan (output-dir, the mapping, the
 * templates), the check of what is published, agents (none, downloaded, or found in agents-dir), and
 * package (built into output-dir, or a package-dir verified). The work itself is in the stage
 * folders; this file chooses and logs it.
 */
import path from 'node:path';
import { locateInstallers } from './agents/local.js';
import { UserError } from './common/errors.js';
import { formatBytes, type Log } from './common/log.js';
import { ref, refValue } from './common/names.js';
import type { Agents, ChosenVersion, PublishedCheck, RunContext } from './core-context.js';
import type { Inputs } from './inputs/index.js';
import type { ApiKey } from './inputs/key.js';
import { checkEarlierBuild, checkOutputDir, relocate, writeOutput } from './output-dir.js';
import type { buildPackage } from './package/index.js';
import { loadBuiltPackage } from './package/load.js';
import { PLAN_VERSION } from './package/plan-version.js';
import { loadTemplates, type Templates } from './package/scripts.js';
import { describeChanges, plannedPackages, structureChanges } from './package/structure.js';
import type { BuiltPackage, PackageFile } from './package/types.js';
import { loadMapping } from './plan/index.js';
import type { Installer } from './plan/installers.js';
import type { Mapping } from './plan/mapping.js';
import { nextVersionName } from './publish/version-name.js';

/** Where a pipelined build hands each zip on as soon as it is written (src/pipeline.ts). */
export interface ZipSink {
  zip: (file: PackageFile) => void;
  /** Every zip is built: waits until nothing reads them in their build folder any more. */
  end: () => Promise<void>;
  fail: (err: unknown) => Promise<void>;
  done: (pkg: BuiltPackage) => void;
}

/** Checks output-dir and reads the mapping and the script templates (nothing of them for a package-dir). */
export async function planStage(ctx: RunContext): Promise<{ mapping: Mapping; templates: Templates }> {
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
  await checkEarlierBuild(inputs, log, show);
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

/** Distributor keeps at most 25 versions of a package: there is never a 26th revision to try. */
const MAX_REVISIONS = 25;

/**
 * The check of a version name, with what this run's mapping would publish under it compared to what
 * is published: each platform/version/arch and its zip, which follow from the mapping (nothing is
 * downloaded or built for it). The same: the check stands. Another: one error naming version-name
 * and the next revision's name; with if-published next-revision, the first revision (5.7.0.25-2, -3,
 * …) not published from another mapping becomes this run's version name instead.
 */
export async function sameAsPublished(
  ctx: RunContext,
  mapping: Mapping,
  checkName: (versionName: string) => Promise<PublishedCheck>,
  first: string,
): Promise<PublishedCheck> {
  const { inputs, log } = ctx;
  const opts = { sensorOnly: inputs.sensorOnly, assetGroup: inputs.assetGroup };
  for (let name = first, tries = 1; ; name = nextVersionName(name), tries++) {
    const check = await checkName(name);
    const changes =
      check.manifestText === undefined
        ? []
        : (structureChanges(plannedPackages(mapping.entries, name, opts), check.manifestText) ?? []);
    if (!changes.length) {
      if (name !== first) {
        inputs.versionName = name;
        log.info(`Version name ${name}: the first revision of ${first} not published from another mapping`);
      }
      if (check.all && !inputs.checkOnly)
        log.info(
          `${inputs.packageName} ${name} as published holds what this mapping makes: nothing to download or build (${ref('if-published')} ${inputs.ifPublished}; set it to verify to rebuild and compare)`,
        );
      return check;
    }
    const what = `${inputs.packageName} ${name} is already published with other targets than this mapping makes (the mapping ${describeChanges(changes)})`;
    if (inputs.ifPublished !== 'next-revision')
      throw new UserError(
        `${ref('version-name')}: ${what}; a published version is never changed. Publish this mapping under a new version name, such as ${refValue('version-name', nextVersionName(name))}, or set ${refValue('if-published', 'next-revision')} to take the next free one`,
      );
    if (tries >= MAX_REVISIONS)
      throw new UserError(
        `${ref('version-name')}: ${what}, and so are the ${MAX_REVISIONS - 1} revisions after ${first}; give a version name of your own`,
      );
    log.info(`${what}; ${ref('if-published')} next-revision: trying ${nextVersionName(name)}`);
  }
}

/** mode: plan takes no installers: the version is package-version or a placeholder. */
function planAgents(inputs: Inputs, log: Log): Agents & { cacheHit: boolean; source: string } {
  log.info('Plan mode: no key, no download; scripts are rendered for placeholder installer names');
  return {
    version: inputs.packageVersion || PLAN_VERSION,
    byDir: new Map(),
    cacheHit: false,
    source: 'none (plan mode: nothing downloaded; names are placeholders)',
  };
}

/** The installers: none (package-dir, plan), from the Uptycs API, or found in agents-dir. */
export async function agentsStage(
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
export async function verifyPackageDir(ctx: RunContext, packageDir: string): Promise<BuiltPackage> {
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

/** mode: plan validates what buildPackage would build, without installers (package/plan.ts, loaded only then). */
function planBuild(inputs: Inputs, log: Log) {
  return async (input: Parameters<typeof buildPackage>[0]): Promise<BuiltPackage> => {
    const { planPackage } = await import('./package/plan.js');
    return planPackage(input, { sensorOnly: inputs.sensorOnly, assetGroup: inputs.assetGroup }, log);
  };
}

/**
 * Builds the package (or, in plan mode, validates what would be built) into output-dir, whole or not
 * at all. With a sink (a pipelined run), each zip is handed on as soon as it is written, and the
 * folder moves into place only once nothing reads the zips there any more.
 */
export async function buildStage(
  ctx: RunContext,
  mapping: Mapping,
  templates: Templates,
  agents: { version: string; byDir: Map<string, Installer | Promise<Installer>> },
  feed?: ZipSink,
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
