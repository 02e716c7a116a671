/**
 * The overlapping run: when a new build is published in one go, the installers arrive (downloaded,
 * or found in agents-dir beforehand), each zip is built as soon as its installer is there, and the
 * publish stage sends each zip as soon as it is built. The promise plumbing that joins the stages
 * (one promise per installer, the feed of zips) and the debug notes on how much the stages overlapped.
 */
import { Readable } from 'node:stream';
import { formatDuration } from './common/log.js';
import type { Agents, ChosenVersion, RunContext, Span, StageOutcome } from './core-context.js';
import { agentsStage, buildStage, type ZipSink } from './core-stages.js';
import type { ApiKey } from './inputs/key.js';
import type { Templates } from './package/scripts.js';
import type { BuiltPackage, PackageFile, PackageInProgress } from './package/types.js';
import { planInstallers, type Installer } from './plan/installers.js';
import type { Mapping, MappingEntry } from './plan/mapping.js';

/**
 * Whether the run builds and publishes in one go (a new build, published, nothing to review first):
 * then the stages overlap. A dry run, a plan, a check, a package-dir or a compare-to run does not.
 */
export function pipelines({ inputs, deps }: RunContext): boolean {
  return (
    !!deps.publish &&
    inputs.mode === 'publish' &&
    !inputs.dryRun &&
    !inputs.checkOnly &&
    !inputs.packageDir &&
    !inputs.compareTo
  );
}

/**
 * The stages of a build that is published, overlapping: the installers arrive (downloaded, or found
 * in agents-dir beforehand), each zip is built as soon as its installer is there, and the publish
 * stage sends each zip as soon as it is built; the document comes once the whole package is in place.
 * Fails with the first stage's error (a download's before the build's it caused).
 */
export async function pipeline(
  ctx: RunContext,
  mapping: Mapping,
  templates: Templates,
  from: { agents: Agents } | { apiKey: ApiKey; chosen: ChosenVersion },
): Promise<{ agents: Agents; pkg: BuiltPackage; publishing: Promise<StageOutcome> }> {
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
function zipFeed(packageName: string, version: string): ZipSink & { pkg: PackageInProgress } {
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

/** The stages that ran while the installers were still arriving (a pipelined run), or none. */
export function overlappingStages(spans: Record<string, Span>): string[] {
  const { agents, package: pkg, publish } = spans;
  if (!agents || !pkg || !publish || publish.startMs >= pkg.endMs) return [];
  return pkg.startMs < agents.endMs ? ['agents', 'package', 'publish'] : ['package', 'publish'];
}

/** How long the package and publish stages ran while the installers were still arriving. */
export function overlapNote(spans: Record<string, Span>): string | undefined {
  const { agents, package: pkg, publish } = spans;
  if (!agents || !pkg || !publish || pkg.startMs >= agents.endMs) return undefined;
  const beside = (s: Span) => Math.max(0, Math.min(s.endMs, agents.endMs) - s.startMs);
  return `stage overlap: the package stage ran ${formatDuration(beside(pkg))} and the publish stage ${formatDuration(beside(publish))} while installers were still arriving (agents ${formatDuration(agents.endMs - agents.startMs)}); the run took ${formatDuration(Math.max(agents.endMs, pkg.endMs, publish.endMs))} from its first stage on`;
}
