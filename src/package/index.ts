/**
 * Package: from the mapping entries and their installers, the zips and manifest.json of one
 * Distributor package version, written to a folder and validated.
 *
 * Entries whose zips would be byte-identical (same installer bytes, same scripts) share one zip, named
 * after the first such entry's dir; the manifest points each of their platforms at it.
 */
import { open, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Installer } from '../plan/installers.js';
import { UserError } from '../common/errors.js';
import type { Log } from '../common/log.js';
import { formatBytes } from '../common/log.js';
import { sharedHasher, type Hasher } from '../common/hash.js';
import { Semaphore } from '../common/limit.js';
import type { MappingEntry } from '../plan/mapping.js';
import { buildManifest, canonicalJson, manifestProblems } from './manifest.js';
import { renderScripts, type Templates } from './scripts.js';
import type { BuiltPackage, PackageFile } from './types.js';
import { BufferPool } from './buffers.js';
import { writeZip } from './zip.js';

export interface PackageInput {
  packageName: string;
  version: string;
  entries: MappingEntry[];
  /**
   * The installer of each entry's dir: on disk, or on its way (one promise per distinct installer,
   * shared by the dirs that use it); each zip is built as soon as its installer is there.
   */
  installers: Map<string, Installer | Promise<Installer>>;
  /** Told of each zip as soon as it is written and hashed (in the order built), before the manifest. */
  onZip?: (file: PackageFile) => void;
  templates: Templates;
  /** An existing, empty folder to write into. */
  outDir: string;
}

interface Group {
  installer: Installer;
  entries: MappingEntry[];
}

/** True when two files hold the same bytes; compares chunk by chunk, stopping at the first difference. */
export async function sameBytes(a: string, b: string): Promise<boolean> {
  const [fa, fb] = await Promise.all([open(a, 'r'), open(b, 'r')]);
  try {
    const size = 1 << 20;
    const ba = Buffer.allocUnsafe(size);
    const bb = Buffer.allocUnsafe(size);
    for (let pos = 0; ; pos += size) {
      const [ra, rb] = await Promise.all([fa.read(ba, 0, size, pos), fb.read(bb, 0, size, pos)]);
      if (ra.bytesRead !== rb.bytesRead) return false;
      if (ra.bytesRead === 0) return true;
      if (!ba.subarray(0, ra.bytesRead).equals(bb.subarray(0, rb.bytesRead))) return false;
    }
  } finally {
    await Promise.all([fa.close(), fb.close()]);
  }
}

/**
 * Groups entries whose installers are the same bytes. Same path → same group without reading; files
 * at different paths are compared byte by byte only when name, type and size already agree.
 */
export async function groupByInstaller(
  entries: MappingEntry[],
  installers: Map<string, Installer>,
): Promise<Group[]> {
  const byPath = new Map<string, Group>();
  for (const e of entries) {
    const inst = installers.get(e.dir);
    if (!inst) throw new Error(`no installer located for dir ${e.dir}`);
    const g = byPath.get(inst.path);
    if (g) g.entries.push(e);
    else byPath.set(inst.path, { installer: inst, entries: [e] });
  }
  const candidates = new Map<string, Group[]>();
  for (const g of byPath.values()) {
    const k = `${g.installer.type}\0${g.installer.fileName}\0${g.installer.size}`;
    candidates.set(k, [...(candidates.get(k) ?? []), g]);
  }
  const merged: Group[] = [];
  for (const list of candidates.values()) {
    if (list.length === 1) {
      merged.push(list[0]!);
      continue;
    }
    const distinct: Group[] = [];
    for (const g of list) {
      let same: Group | undefined;
      for (const d of distinct)
        if (await sameBytes(d.installer.path, g.installer.path)) {
          same = d;
          break;
        }
      if (same) same.entries.push(...g.entries);
      else distinct.push({ installer: g.installer, entries: [...g.entries] });
    }
    merged.push(...distinct);
  }
  const order = new Map(entries.map((e, i) => [e, i]));
  for (const g of merged) g.entries.sort((a, b) => order.get(a)! - order.get(b)!);
  return merged.sort((a, b) => order.get(a.entries[0]!)! - order.get(b.entries[0]!)!);
}

/** The entries that share one zip, and their installer once it is on disk. */
interface PendingGroup {
  ready: Promise<Installer>;
  entries: MappingEntry[];
}

const isPending = (i: Installer | Promise<Installer>): i is Promise<Installer> =>
  typeof (i as Promise<Installer>).then === 'function';

/**
 * The zips to build. Installers all on disk: grouped by their bytes (groupByInstaller). Some still
 * arriving: one zip per distinct installer promise (the agents stage gives one per installer it fetches,
 * and no two of those hold the same bytes: each is checked for its own OS and architecture).
 */
async function zipGroups(
  entries: MappingEntry[],
  installers: PackageInput['installers'],
): Promise<PendingGroup[]> {
  const values = [...installers.values()];
  if (!values.some(isPending)) {
    const groups = await groupByInstaller(entries, installers as Map<string, Installer>);
    return groups.map((g) => ({ ready: Promise.resolve(g.installer), entries: g.entries }));
  }
  const byPromise = new Map<Installer | Promise<Installer>, PendingGroup>();
  for (const e of entries) {
    const inst = installers.get(e.dir);
    if (!inst) throw new Error(`no installer located for dir ${e.dir}`);
    const g = byPromise.get(inst);
    if (g) g.entries.push(e);
    else byPromise.set(inst, { ready: Promise.resolve(inst), entries: [e] });
  }
  return [...byPromise.values()];
}

/** Writes one group's zip (its installer and the rendered scripts) and says what it holds. */
async function zipGroup(
  input: PackageInput,
  g: PendingGroup,
  installer: Installer,
  tools: { hasher: Hasher; pool: BufferPool },
  log: Log,
): Promise<PackageFile> {
  const name = `${g.entries[0]!.dir}-${input.version}.zip`;
  const zipPath = path.join(input.outDir, name);
  const scripts = renderScripts(input.templates, installer.type, {
    installer: installer.fileName,
    version: input.version,
    packageName: input.packageName,
  });
  if (scripts.some((s) => s.name === installer.fileName))
    throw new UserError(
      `installer ${installer.fileName} has the same name as a script; rename the installer`,
    );
  const t0 = performance.now();
  const { sha256, size, fileSha256 } = await writeZip(
    zipPath,
    [
      { name: installer.fileName, file: installer.path, mode: 0o644 },
      ...scripts.map((s) => ({ name: s.name, content: s.content, mode: 0o755 })),
    ],
    tools,
  );
  const installerSha256 = fileSha256.get(installer.fileName)!;
  // The bytes zipped are the bytes downloaded: a file changed on disk in between is never published.
  if (installer.sha256 && installer.sha256 !== installerSha256)
    throw new Error(
      `${installer.fileName} changed on disk after it was downloaded (SHA-256 ${installerSha256}, downloaded as ${installer.sha256}); nothing was published`,
    );
  const secs = (performance.now() - t0) / 1000;
  log.info(
    `  ${name}: ${installer.fileName} + ${scripts.map((s) => s.name).join(', ')} → ${formatBytes(size)} in ${secs.toFixed(2)} s, for ${g.entries.map((e) => `${e.platform}/${e.versionKey}/${e.arch}`).join(', ')}`,
  );
  return {
    name,
    path: zipPath,
    sha256,
    size,
    installerName: installer.fileName,
    installerType: installer.type,
    installerSize: installer.size,
    installerSha256,
    entries: g.entries,
  };
}

/**
 * Builds every zip, each as soon as its installer is on disk, one at a time, in the order the
 * installers arrive; the files come back in the mapping's order. After a failure no zip starts; the
 * one being written is finished before the error is thrown (so its folder can be removed).
 */
async function buildZips(input: PackageInput, groups: PendingGroup[], log: Log): Promise<PackageFile[]> {
  // One zip at a time: the zip's CRC-32 runs here while its SHA-256 runs on the hasher's worker thread,
  // which is the slower of the two, so a second zip in flight would only add memory.
  const tools = { hasher: sharedHasher(), pool: new BufferPool() };
  const slot = new Semaphore(1);
  let failed: { error: unknown } | undefined;
  const one = async (g: PendingGroup): Promise<PackageFile> => {
    const installer = await g.ready;
    return slot.use(async () => {
      if (failed) throw failed.error;
      const file = await zipGroup(input, g, installer, tools, log);
      input.onZip?.(file);
      return file;
    });
  };
  const settled = await Promise.allSettled(
    groups.map((g) =>
      one(g).catch((error: unknown) => {
        failed ??= { error };
        throw error;
      }),
    ),
  );
  if (failed) throw failed.error;
  return settled.map((s) => (s as PromiseFulfilledResult<PackageFile>).value);
}

export async function buildPackage(input: PackageInput, log: Log): Promise<BuiltPackage> {
  const groups = await zipGroups(input.entries, input.installers);
  log.info(
    `${input.entries.length} mapping entr${input.entries.length === 1 ? 'y' : 'ies'} → ${groups.length} distinct zip${groups.length === 1 ? '' : 's'}`,
  );
  const files = await buildZips(input, groups, log);

  const manifest = buildManifest(input.version, files);
  const manifestText = canonicalJson(manifest);
  const problems = manifestProblems(
    input.packageName,
    manifest,
    manifestText,
    Object.fromEntries(files.map((f) => [f.name, f.size])),
  );
  if (problems.length)
    throw new UserError(
      `the package breaks Distributor's rules:\n${problems.map((p) => `  ${p}`).join('\n')}`,
      problems.map((message) => ({ message })),
    );
  const manifestPath = path.join(input.outDir, 'manifest.json');
  await writeFile(manifestPath, manifestText);
  return {
    packageName: input.packageName,
    version: input.version,
    dir: input.outDir,
    manifestPath,
    manifestText,
    manifest,
    files,
  };
}
