/**
 * The output folder: written whole or not at all. A build fills a private staging folder beside
 * output-dir (marked as this tool's, by this step of this job), which then takes output-dir's place;
 * an error or a cancel removes it. Before any work, output-dir is checked: it holds nothing this tool
 * did not write, no other step's package, and an earlier build is never replaced without a word.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { outputDirProblem } from './check.js';
import { onCancel } from './common/cancel.js';
import { UserError } from './common/errors.js';
import type { Log } from './common/log.js';
import { ref, refValue } from './common/names.js';
import { OUTPUT_MARKER } from './common/paths.js';
import type { Inputs } from './inputs/index.js';
import type { BuiltPackage } from './package/types.js';

export const TOOL = 'uptycs-distributor-action';

/** Who writes output-dir (the action: this job's run and step). */
export interface OutputOwner {
  job: string;
  step: string;
}

/** Fails early when output-dir holds anything this tool did not write, or another step's package. */
export async function checkOutputDir(
  dir: string,
  owner: OutputOwner | undefined,
  replace: boolean,
): Promise<void> {
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
export async function checkEarlierBuild(
  inputs: Inputs,
  log: Log,
  show: (f: string) => string,
): Promise<void> {
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
async function writeMarker(dir: string, owner: OutputOwner | undefined): Promise<void> {
  await writeFile(path.join(dir, OUTPUT_MARKER), `${TOOL}\n${owner ? `${owner.job}\n${owner.step}\n` : ''}`);
}

/** Moves a finished build into output-dir, replacing an earlier build there. */
async function commitOutput(staging: string, dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  await rename(staging, dir);
}

/** The package as it is once its folder has moved to dir. */
export function relocate(pkg: BuiltPackage, dir: string): BuiltPackage {
  return {
    ...pkg,
    dir,
    manifestPath: path.join(dir, path.basename(pkg.manifestPath)),
    files: pkg.files.map((f) => ({ ...f, path: path.join(dir, f.name) })),
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
export async function writeOutput<T>(
  outputDir: string,
  owner: OutputOwner | undefined,
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
 * Writes the run's report.json beside the package it built. A package-dir is only read (it may be
 * read-only, and its report.json is the build's): that run's report goes to output-dir instead, as
 * the folder's only file with the marker, replacing an earlier output there (checked in the plan).
 */
export async function writeReport(
  report: string,
  pkg: BuiltPackage,
  inputs: Inputs,
  owner: OutputOwner | undefined,
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
