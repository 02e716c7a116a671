/**
 * The report stage as the core runs it: the coverage, the preview of what common instances would
 * install, the job summary, report.json and the run's outputs; and the short report of a run that
 * stopped because every region already had the version.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { refValue } from './common/names.js';
import type { Agents, Converged, PublishedCheck, RunContext, RunResult } from './core-context.js';
import type { Inputs } from './inputs/index.js';
import { TOOL, writeOutput, writeReport } from './output-dir.js';
import { canonicalJson, packageDigest, previewResolution, type PreviewRow } from './package/manifest.js';
import type { BuiltPackage } from './package/types.js';
import { overlappingStages } from './pipeline.js';
import { COMMON_INSTANCES } from './plan/distributor.js';
import { coverage, renderSummary, type CoverageRow } from './report/index.js';
import { publishPreview, type Review } from './report/review.js';

/** The coverage, the preview (each would-not-install a notice), the job summary and report.json. */
export async function reportStage(
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
    ...(review?.summary ? { review: review.summary } : {}),
    ...(review?.planMarkdown ? { planReview: review.planMarkdown } : {}),
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
export async function runOutputs(
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

/**
 * The run stops before downloading: every region already has the version name. output-dir gets the
 * published manifest and a report; the outputs come from what SSM holds.
 */
export async function alreadyPublished(
  ctx: RunContext,
  check: PublishedCheck,
  pkg: BuiltPackage,
  extra: Record<string, string>,
  done: Converged,
): Promise<RunResult> {
  const { inputs, show } = ctx;
  const rows = coverage(pkg);
  await writeOutput(inputs.outputDir, ctx.deps.outputOwner, async (staging) => {
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
