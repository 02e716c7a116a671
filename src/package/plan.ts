/**
 * The validate-only build (mode: plan): everything the full build checks, without installers. The
 * zips are grouped as the download planner groups installers (upt_package × arm64 × sensor/Protect,
 * planInstallers), every script is rendered for a placeholder installer name of the right type and
 * checked, and the manifest's platform/version/arch tree is built and checked against Distributor's
 * rules. No key, no download, no network; the only file written is manifest.plan.json.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { planInstallers, type InstallerSpec } from '../plan/installers.js';
import { UserError, type Problem } from '../common/errors.js';
import type { Log } from '../common/log.js';
import type { MappingEntry } from '../plan/mapping.js';
import { buildManifest, canonicalJson, manifestProblems } from './manifest.js';
import type { PackageInput } from './index.js';
import { SCRIPT_NAMES, renderScripts, type Script } from './scripts.js';
import type { BuiltPackage, PackageFile } from './types.js';

export { PLAN_VERSION } from './plan-version.js';
/** The manifest a plan writes: not publishable, its checksums are placeholders. */
export const PLAN_MANIFEST = 'manifest.plan.json';
const PLACEHOLDER_SHA256 = '0'.repeat(64);

/** The installer name the Uptycs API gives this spec (Content-Disposition), as observed (FACTS.md §2). */
export function placeholderInstallerName(spec: InstallerSpec, version: string, assetGroup: string): string {
  const group = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,60}$/.test(assetGroup) ? assetGroup : 'assets';
  const base = `${group}-${spec.protect ? 'uptycs-protect' : 'osquery'}-${version}-Uptycs`;
  if (spec.type === 'rpm') return `${base}${spec.graviton ? '.aarch64' : ''}.rpm`;
  if (spec.type === 'deb') return `${base}${spec.graviton ? '.arm64' : ''}.deb`;
  return `${base}-windows.msi`;
}

/**
 * Checks rendered scripts beyond what rendering checks (placeholders, includes, safe names): every
 * script the type needs is there, none is empty, nothing is left unrendered, shell scripts have no
 * carriage returns (dash stops at them), and the install and update scripts name the exact installer
 * in quotes (as the installer variable is set: the old tool's Windows script named a stale MSI).
 */
export function scriptProblems(
  type: keyof typeof SCRIPT_NAMES,
  scripts: Script[],
  installer: string,
): string[] {
  const out: string[] = [];
  for (const name of SCRIPT_NAMES[type]) {
    const s = scripts.find((x) => x.name === name);
    if (!s) {
      out.push(`${type}/${name} is missing`);
      continue;
    }
    if (!s.content.trim()) out.push(`${type}/${name} is empty`);
    if (/\{\{|\}\}/.test(s.content)) out.push(`${type}/${name} still holds "{{" or "}}" after rendering`);
    if (name.endsWith('.sh') && s.content.includes('\r'))
      out.push(`${type}/${name} has Windows line endings (CR LF); sh stops at them: save it with LF`);
    if (!name.startsWith('uninstall') && !s.content.includes(`'${installer}'`))
      out.push(
        `${type}/${name} does not name the installer ${installer}: it would not install what the zip holds`,
      );
  }
  if (scripts.some((s) => s.name === installer))
    out.push(`installer ${installer} has the same name as a script`);
  return out;
}

export interface PlanOptions {
  sensorOnly: boolean;
  assetGroup: string;
}

/** The planned zips: one per distinct installer, named after its first entry's dir, as the build names them. */
export function planFiles(
  entries: MappingEntry[],
  version: string,
  opts: PlanOptions,
): (PackageFile & { spec: InstallerSpec })[] {
  const { specs, specByDir } = planInstallers(entries, opts.sensorOnly);
  const bySpec = new Map<InstallerSpec, MappingEntry[]>(specs.map((s) => [s, []]));
  for (const e of entries) bySpec.get(specByDir.get(e.dir)!)!.push(e);
  const order = new Map(entries.map((e, i) => [e, i]));
  return [...bySpec.entries()]
    .filter(([, es]) => es.length)
    .sort(([, a], [, b]) => order.get(a[0]!)! - order.get(b[0]!)!)
    .map(([spec, es]) => ({
      name: `${es[0]!.dir}-${version}.zip`,
      path: '',
      sha256: '',
      size: 0,
      installerName: placeholderInstallerName(spec, version, opts.assetGroup),
      installerType: spec.type,
      installerSize: 0,
      entries: es,
      spec,
    }));
}

/** Validates the package the full build would make, without installers; writes manifest.plan.json to outDir. */
export async function planPackage(input: PackageInput, opts: PlanOptions, log: Log): Promise<BuiltPackage> {
  const files = planFiles(input.entries, input.version, opts);
  const problems: Problem[] = [];
  let scriptCount = 0;
  for (const f of files) {
    let scripts: Script[];
    try {
      scripts = renderScripts(input.templates, f.installerType, {
        installer: f.installerName,
        version: input.version,
        packageName: input.packageName,
      });
    } catch (err) {
      problems.push({ message: `scripts for ${f.name}: ${(err as Error).message}` });
      continue;
    }
    scriptCount += scripts.length;
    for (const p of scriptProblems(f.installerType, scripts, f.installerName))
      problems.push({ message: `scripts for ${f.name}: ${p}` });
  }
  const manifest = buildManifest(
    input.version,
    files.map((f) => ({ ...f, sha256: PLACEHOLDER_SHA256 })),
  );
  const manifestText = canonicalJson(manifest);
  for (const p of manifestProblems(
    input.packageName,
    manifest,
    manifestText,
    Object.fromEntries(files.map((f) => [f.name, 0])),
  ))
    problems.push({ message: p });
  if (problems.length)
    throw new UserError(
      `the package would break: ${problems.length} problem${problems.length > 1 ? 's' : ''}:\n${problems.map((p) => `  ${p.message}`).join('\n')}`,
      problems,
    );
  log.info(
    `${input.entries.length} mapping entr${input.entries.length === 1 ? 'y' : 'ies'} → ${files.length} zip${files.length === 1 ? '' : 's'}; ${scriptCount} scripts rendered for placeholder installers and checked; manifest ${Buffer.byteLength(manifestText)} bytes, valid (checksums are placeholders: nothing was downloaded)`,
  );
  const manifestPath = path.join(input.outDir, PLAN_MANIFEST);
  await writeFile(manifestPath, manifestText);
  return {
    packageName: input.packageName,
    version: input.version,
    dir: input.outDir,
    manifestPath,
    manifestText,
    manifest,
    files: files.map(({ spec: _spec, ...f }) => f),
  };
}
