/**
 * Agents from the Uptycs API: finds the agent version, works out the distinct installers the mapping
 * needs (several entries share one: 8 entries of the original mapping need 5), and downloads each
 * exactly once, in parallel, checked, into a work folder that is cached by version.
 */
import { createHmac } from 'node:crypto';
import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../../common/errors.js';
import type { Inputs } from '../../inputs/index.js';
import { formatBytes, formatDuration, type Log } from '../../common/log.js';
import type { UptPackage } from '../../plan/distributor.js';
import type { MappingEntry } from '../../plan/mapping.js';
import { cacheAuthKey, type InstallerCache } from '../cache.js';
import { EXTENSION, installerArchProblem, magicProblem, readHead } from '../installer.js';
import { planInstallers, type Installer, type InstallerSpec } from '../../plan/installers.js';
import type { AgentSet } from '../local.js';
import { mapLimit } from '../../common/limit.js';
import { ApiError, UptycsClient, type ClientTuning, type DownloadedFile } from './client.js';
import { apiBaseUrl, type ApiKey } from '../../inputs/key.js';
import { ref, refValue } from '../../common/names.js';

/** Query parameters of /packageDownloads for one installer. sensor-only sends no remediationPackage. */
export function downloadQuery(spec: InstallerSpec, version: string): Record<string, string> {
  const q: Record<string, string> = { osqVersion: version };
  if (spec.graviton) q.gravitonPackage = 'true';
  if (spec.protect) q.remediationPackage = 'true';
  return q;
}

function versionParts(v: string): number[] | undefined {
  return /^\d+(\.\d+)*$/.test(v) ? v.split('.').map(Number) : undefined;
}

/** Compares dotted numeric versions part by part (missing parts count as 0). */
export function compareVersions(a: string, b: string): number {
  const pa = versionParts(a) ?? [];
  const pb = versionParts(b) ?? [];
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d) return d;
  }
  return 0;
}

/** The installer OSes an /osqueryPackages item's osFlavor (or os) names; "all", "any" or none: every OS. */
const FLAVOR_OS: Record<string, readonly UptPackage[]> = {
  centos: ['centos'],
  rhel: ['centos'],
  redhat: ['centos'],
  amazon: ['centos'],
  amzn: ['centos'],
  suse: ['centos'],
  sles: ['centos'],
  oracle: ['centos'],
  fedora: ['centos'],
  rpm: ['centos'],
  debian: ['debian'],
  ubuntu: ['debian'],
  deb: ['debian'],
  windows: ['windows'],
  win: ['windows'],
  msi: ['windows'],
  linux: ['centos', 'debian'],
};
const ALL_OSES: readonly UptPackage[] = ['centos', 'debian', 'windows'];

/** The OSes an item serves, from its osFlavor (or os) field; [] for a flavor of none of ours (darwin). */
export function flavorOses(item: unknown): readonly UptPackage[] {
  const it = item as { osFlavor?: unknown; os?: unknown } | null;
  const raw = typeof it?.osFlavor === 'string' ? it.osFlavor : typeof it?.os === 'string' ? it.os : '';
  const f = raw.trim().toLowerCase();
  if (!f || f === 'all' || f === 'any' || f === '*') return ALL_OSES;
  return FLAVOR_OS[f] ?? [];
}

export interface VersionChoice {
  version: string;
  /** Distinct versions offered (for any OS). */
  count: number;
  /** The newest version offered for some OS, when it is not offered for every needed one: which OSes lack it. */
  heldBack?: { version: string; missing: UptPackage[] };
}

/**
 * The newest agent version in an /osqueryPackages answer that is offered for every OS in `needed`
 * (each item's osFlavor says which OS it serves; an item without one serves all). The order of items
 * is not trusted. With `needed` empty, the newest version offered for any OS.
 */
export function newestVersion(doc: unknown, needed: readonly UptPackage[] = []): VersionChoice {
  const items = (doc as { items?: unknown } | null)?.items;
  if (!Array.isArray(items))
    throw new Error('the Uptycs API answered GET /osqueryPackages without an "items" list');
  const offered = new Map<string, Set<UptPackage>>();
  for (const it of items) {
    const raw = (it as { version?: unknown } | null)?.version;
    if (typeof raw !== 'string') continue;
    const v = raw.split('-')[0]!.trim();
    if (!versionParts(v)) continue;
    const set = offered.get(v) ?? new Set<UptPackage>();
    for (const os of flavorOses(it)) set.add(os);
    offered.set(v, set);
  }
  if (!offered.size)
    throw new UserError(
      `${ref('package-version')}: the Uptycs API lists no agent version (GET /osqueryPackages); set it, for example ${refValue('package-version', '5.7.0.25')}`,
    );
  const all = [...offered.keys()].sort(compareVersions);
  const full = all.filter((v) => needed.every((os) => offered.get(v)!.has(os)));
  if (!full.length) {
    const per = needed.map((os) => {
      const vs = all.filter((v) => offered.get(v)!.has(os));
      return `${os}: ${vs.length ? `newest ${vs[vs.length - 1]}` : 'none'}`;
    });
    throw new UserError(
      `${ref('package-version')} is empty, so the newest version offered for every installer the mapping needs (${needed.join(', ')}) is chosen, but the Uptycs API (GET /osqueryPackages) offers no version for all of them (${per.join('; ')}); set ${ref('package-version')} to a version offered for each, or remove the entries of the missing OS from the file given as ${ref('mapping')}`,
    );
  }
  const version = full[full.length - 1]!;
  const newestAny = all[all.length - 1]!;
  const choice: VersionChoice = { version, count: offered.size };
  if (newestAny !== version)
    choice.heldBack = {
      version: newestAny,
      missing: needed.filter((os) => !offered.get(newestAny)!.has(os)),
    };
  return choice;
}

/** The agent version: the input, or the newest one offered for every OS the specs need (logged with why). */
async function chooseVersion(
  listPackages: () => Promise<unknown>,
  specs: readonly InstallerSpec[],
  packageVersion: string,
  log: Log,
): Promise<{ version: string; versionSource: 'input' | 'newest' }> {
  const given = packageVersion.trim();
  if (given) {
    log.info(`Agent version ${given}, from ${ref('package-version')}`);
    if (!versionParts(given))
      log.warning(
        `${refValue('package-version', given)} is not a plain agent version such as 5.7.0.25; the Uptycs API is asked for osqVersion=${given} as given`,
      );
    return { version: given, versionSource: 'input' };
  }
  const needed = [...new Set(specs.map((s) => s.os))];
  const newest = newestVersion(await listPackages(), needed);
  log.info(
    `Agent version ${newest.version}: the newest of ${newest.count} version${newest.count > 1 ? 's' : ''} the Uptycs API offers for every installer the mapping needs (${needed.join(', ')}; set ${ref('package-version')} to pin one)`,
  );
  if (newest.heldBack)
    log.notice(
      `Agent version ${newest.heldBack.version} is offered, but not yet for ${newest.heldBack.missing.join(', ')}: it held the choice back to ${newest.version}`,
    );
  return { version: newest.version, versionSource: 'newest' };
}

/**
 * Resolves the agent version without downloading anything: the input, or the newest version offered
 * for every installer the entries need (one GET /osqueryPackages). The core calls this first so that
 * it can check what is already published before any download.
 */
export async function resolveAgentVersion(
  entries: MappingEntry[],
  apiKey: ApiKey,
  inputs: Pick<Inputs, 'uptycsApiUrl' | 'sensorOnly' | 'packageVersion'>,
  opts: Pick<DownloadOptions, 'log' | 'tuning' | 'ca'>,
): Promise<{ version: string; versionSource: 'input' | 'newest' }> {
  const { specs } = planInstallers(entries, inputs.sensorOnly);
  if (inputs.packageVersion.trim())
    return chooseVersion(() => Promise.resolve({ items: [] }), specs, inputs.packageVersion, opts.log);
  const baseUrl = apiBaseUrl(apiKey, inputs.uptycsApiUrl);
  const client = new UptycsClient({ baseUrl, apiKey, log: opts.log, tuning: opts.tuning, ca: opts.ca });
  try {
    return await chooseVersion(() => client.getJson('/osqueryPackages'), specs, '', opts.log);
  } finally {
    await client.close();
  }
}

/** The id of the asset group named `name` in an /objectGroups answer. */
export function findAssetGroup(doc: unknown, name: string): string {
  const items = (doc as { items?: unknown } | null)?.items;
  if (!Array.isArray(items))
    throw new Error('the Uptycs API answered GET /objectGroups without an "items" list');
  const groups = items
    .map((it) => it as { id?: unknown; name?: unknown })
    .filter((g) => typeof g?.name === 'string' && (typeof g.id === 'string' || typeof g.id === 'number'))
    .map((g) => ({ id: String(g.id), name: g.name as string }));
  const exact = groups.filter((g) => g.name === name);
  const found = exact.length ? exact : groups.filter((g) => g.name.toLowerCase() === name.toLowerCase());
  if (found.length === 1) return found[0]!.id;
  const names = [...new Set(groups.map((g) => g.name))].sort();
  const shown = names.slice(0, 30).map((n) => JSON.stringify(n));
  if (found.length > 1)
    throw new UserError(
      `${ref('asset-group')}: ${found.length} Uptycs asset groups are named "${name}"; rename one of them`,
    );
  throw new UserError(
    `${ref('asset-group')}: the Uptycs tenant has no asset group named "${name}"; ${
      names.length
        ? `it has ${names.length}: ${shown.join(', ')}${names.length > shown.length ? ', …' : ''}`
        : 'it lists none (check that the API key may read object groups)'
    }`,
  );
}

/** The cache key: agent version, Protect/sensor, installer set, and a hash of tenant + asset group. */
export function installerCacheKey(
  version: string,
  specs: InstallerSpec[],
  tenant: { origin: string; customerId: string; assetGroup: string },
  auth: Buffer,
): string {
  const kind = specs[0]?.protect === false ? 'sensor' : 'protect';
  // Keyed by the cache's secret key: nobody without the API secret can tell the next version's key
  // (to seed an entry under it), and each tenant has its own.
  const tag = createHmac('sha256', auth)
    .update(`${tenant.origin}\n${tenant.customerId}\n${tenant.assetGroup}\n${version}\n${kind}`)
    .digest('hex')
    .slice(0, 32);
  return `uptycs-installers-v2-${version}-${kind}-${specs.map((s) => s.id).join('.')}-${tag}`;
}

export interface DownloadOptions {
  /**
   * A folder for the installers, used by this function alone: it is created if missing and emptied
   * (only when it is empty or was made by this function), and it is what the cache stores. After a
   * run it holds one subfolder per installer (e.g. centos-arm64/) plus SHA256SUMS.
   */
  workDir: string;
  cache: InstallerCache;
  log: Log;
  /** Downloads at a time. Default 3. */
  concurrency?: number;
  /** Timeouts, retries and progress interval (tests make them short). */
  tuning?: Partial<ClientTuning>;
  /** Trusted CA certificates (PEM) instead of Node's store. Tests only. */
  ca?: string | Buffer;
  /** The version resolveAgentVersion already chose (not asked for again). */
  chosenVersion?: { version: string; versionSource: 'input' | 'newest' } | undefined;
  /**
   * Told of each installer (by its spec id, see planInstallers) as soon as it is on disk and checked,
   * so that it can be zipped while the others are still downloading; all at once from the cache.
   */
  onInstaller?: (specId: string, installer: Installer) => void;
}

export interface DownloadResult extends AgentSet {
  cacheHit: boolean;
  /** Installers downloaded in this run (0 on a cache hit). */
  downloaded: number;
  bytesDownloaded: number;
  cacheKey: string;
  /** How the version was chosen: "input" or "newest". */
  versionSource: 'input' | 'newest';
  /** Where the installers came from, for the report. */
  source: string;
}

const MARKER = '.uptycs-installers';

async function prepareWorkDir(dir: string): Promise<void> {
  const names = await readdir(dir).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [] as string[];
    throw err;
  });
  if (names.length && !names.includes(MARKER))
    throw new Error(
      `internal: ${dir} is not empty and was not made by the installer download; refusing to empty it`,
    );
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, MARKER), '');
}

/** Removes everything but the marker, leaving an empty, reusable work folder. */
async function clearWorkDir(dir: string): Promise<void> {
  for (const n of await readdir(dir).catch(() => [] as string[]))
    if (n !== MARKER) await rm(path.join(dir, n), { recursive: true, force: true });
}

/** Reads the installers back from a restored work folder, or says why its layout is not as expected. */
async function installersFromDir(
  dir: string,
  specs: InstallerSpec[],
): Promise<Map<string, Installer> | string> {
  const out = new Map<string, Installer>();
  for (const s of specs) {
    const folder = path.join(dir, s.id);
    const names = (await readdir(folder).catch(() => [] as string[])).filter((n) => !n.startsWith('.'));
    if (names.length !== 1) return `${s.id}/ holds ${names.length} files instead of 1`;
    const file = path.join(folder, names[0]!);
    const st = await stat(file);
    const problem = magicProblem(s.type, await readHead(file));
    if (!st.isFile() || problem) return `${s.id}/${names[0]} ${problem ?? 'is not a file'}`;
    out.set(s.id, { path: file, fileName: names[0]!, size: st.size, type: s.type });
  }
  return out;
}

/**
 * Gets every installer the entries need from the Uptycs API (or from the cache), once per distinct
 * installer. `byDir` maps each entry's dir to the shared file of its installer.
 */
export async function downloadInstallers(
  entries: MappingEntry[],
  apiKey: ApiKey,
  inputs: Pick<Inputs, 'uptycsApiUrl' | 'assetGroup' | 'sensorOnly' | 'packageVersion'>,
  opts: DownloadOptions,
): Promise<DownloadResult> {
  const { log } = opts;
  const { specs, specByDir } = planInstallers(entries, inputs.sensorOnly);
  const baseUrl = apiBaseUrl(apiKey, inputs.uptycsApiUrl);
  const client = new UptycsClient({ baseUrl, apiKey, log, tuning: opts.tuning, ca: opts.ca });
  try {
    const chosen =
      opts.chosenVersion ??
      (await chooseVersion(() => client.getJson('/osqueryPackages'), specs, inputs.packageVersion, log));
    const kind = inputs.sensorOnly ? 'sensor only, without Uptycs Protect' : 'with Uptycs Protect';
    log.info(
      `${entries.length} mapping entr${entries.length > 1 ? 'ies need' : 'y needs'} ${specs.length} distinct installer${specs.length > 1 ? 's' : ''} (${kind}): ${specs.map((s) => s.id).join(', ')}`,
    );

    const auth = cacheAuthKey(apiKey.secret);
    const cacheKey = installerCacheKey(
      chosen.version,
      specs,
      { origin: baseUrl.origin, customerId: apiKey.customerId, assetGroup: inputs.assetGroup },
      auth,
    );
    const workDir = path.resolve(opts.workDir);
    await prepareWorkDir(workDir);
    const cached = await restoreInstallers(opts.cache, cacheKey, auth, workDir, specs, log);
    await writeFile(path.join(workDir, MARKER), '');
    if (cached) for (const [id, inst] of cached) opts.onInstaller?.(id, inst);

    let fetched: Fetched | undefined;
    if (!cached) {
      try {
        fetched = await fetchInstallers(client, specs, {
          ...chosen,
          workDir,
          assetGroup: inputs.assetGroup,
          concurrency: opts.concurrency,
          log,
          ...(opts.onInstaller ? { onInstaller: opts.onInstaller } : {}),
        });
      } catch (err) {
        await clearWorkDir(workDir);
        throw err;
      }
      log.info(
        `Downloaded ${fetched.downloaded} installer${fetched.downloaded > 1 ? 's' : ''}, ${formatBytes(fetched.bytes)} in ${formatDuration(fetched.ms)} (${formatBytes((fetched.bytes / Math.max(1, fetched.ms)) * 1000)}/s) for ${entries.length} mapping entries`,
      );
      await opts.cache.save(cacheKey, workDir, auth, fetched.sha256);
    }

    const installers = (cached ?? fetched!.installers)!;
    const byDir = new Map<string, Installer>();
    for (const [dir, spec] of specByDir) byDir.set(dir, installers.get(spec.id)!);
    const downloaded = fetched?.downloaded ?? 0;
    const bytesDownloaded = fetched?.bytes ?? 0;
    const source = cached
      ? `Uptycs API ${baseUrl.origin}, restored from the cache`
      : `downloaded from the Uptycs API ${baseUrl.origin} (${downloaded} installers, ${formatBytes(bytesDownloaded)})`;
    return { ...chosen, byDir, cacheHit: !!cached, downloaded, bytesDownloaded, cacheKey, source };
  } finally {
    await client.close();
  }
}

/**
 * The installers from the cache, or undefined: no entry, or one that failed its check (the cache
 * checks the HMAC; here each file must be where it belongs and be an installer of its type).
 */
async function restoreInstallers(
  cache: InstallerCache,
  cacheKey: string,
  auth: Buffer,
  workDir: string,
  specs: InstallerSpec[],
  log: Log,
): Promise<Map<string, Installer> | undefined> {
  if (!(await cache.restore(cacheKey, workDir, auth))) return undefined;
  const found = await installersFromDir(workDir, specs);
  if (typeof found === 'string') {
    log.warning(`the cached installers are not as expected (${found}); downloading again`);
    await clearWorkDir(workDir);
    return undefined;
  }
  log.info(`Using ${found.size} cached installer${found.size > 1 ? 's' : ''}; nothing downloaded`);
  return found;
}

interface Fetched {
  installers: Map<string, Installer>;
  downloaded: number;
  bytes: number;
  ms: number;
  /** "id/file name" → SHA-256, for the cache's SHA256SUMS. */
  sha256: Map<string, string>;
}

interface FetchContext {
  version: string;
  versionSource: 'input' | 'newest';
  workDir: string;
  assetGroup: string;
  concurrency: number | undefined;
  log: Log;
  onInstaller?: (specId: string, installer: Installer) => void;
}

/** Downloads each installer once, a few at a time, the slowest (Windows) first. */
async function fetchInstallers(
  client: UptycsClient,
  specs: InstallerSpec[],
  ctx: FetchContext,
): Promise<Fetched> {
  const { log } = ctx;
  const groupId = findAssetGroup(await client.getJson('/objectGroups'), ctx.assetGroup);
  log.debug(`asset group "${ctx.assetGroup}" has id ${groupId}`);
  const limit = Math.max(1, ctx.concurrency ?? 3);
  log.info(
    `Downloading ${specs.length} installer${specs.length > 1 ? 's' : ''} from ${client.baseUrl.origin}, ${Math.min(limit, specs.length)} at a time`,
  );
  const t0 = performance.now();
  // The Windows installer is the slowest to come (minutes have been seen): start it first.
  const queue = [...specs].sort((a, b) => Number(b.os === 'windows') - Number(a.os === 'windows'));
  const files = await mapLimit(queue, limit, (spec, signal) =>
    fetchInstaller(client, spec, groupId, ctx, signal),
  );
  const out: Fetched = {
    installers: new Map(),
    downloaded: files.length,
    bytes: 0,
    ms: 0,
    sha256: new Map(),
  };
  queue.forEach((s, i) => {
    const f = files[i]!;
    out.installers.set(s.id, {
      path: f.path,
      fileName: f.fileName,
      size: f.size,
      type: s.type,
      sha256: f.sha256,
    });
    out.bytes += f.size;
    out.sha256.set(`${s.id}/${f.fileName}`, f.sha256);
  });
  out.ms = performance.now() - t0;
  return out;
}

/** One installer into its own folder, checked to be what was asked (a 404 names package-version). */
async function fetchInstaller(
  client: UptycsClient,
  spec: InstallerSpec,
  groupId: string,
  ctx: FetchContext,
  signal: AbortSignal,
): Promise<DownloadedFile> {
  const { version, versionSource, assetGroup, log } = ctx;
  const dir = path.join(ctx.workDir, spec.id);
  await mkdir(dir, { recursive: true });
  const f = await client
    .download({
      path: `/packageDownloads/osquery/${spec.os}/${encodeURIComponent(groupId)}`,
      query: downloadQuery(spec, version),
      dir,
      type: spec.type,
      fallbackName: `${assetGroup.replace(/[^A-Za-z0-9._-]/g, '_')}-${spec.protect ? 'uptycs-protect' : 'osquery'}-${version}-Uptycs-${spec.id}${EXTENSION[spec.type]}`,
      label: spec.id,
      signal,
    })
    .catch((err: unknown) => {
      if (err instanceof ApiError && err.status === 404)
        throw new UserError(
          `${ref('package-version')}: the Uptycs API has no ${spec.id} ${spec.protect ? 'Uptycs Protect' : 'sensor'} installer for agent version ${version} in asset group "${assetGroup}" (${err.message}); ${
            versionSource === 'input'
              ? `choose a version the tenant offers for ${spec.os}, or leave ${ref('package-version')} empty for the newest one offered for every OS the mapping needs`
              : `GET /osqueryPackages lists ${version} for ${spec.os}, but the download is missing; set ${ref('package-version')} to an earlier version`
          }`,
        );
      throw err;
    });
  // What was served must be what was asked: the installer's own header names its architecture.
  const wrongArch = await installerArchProblem(f.path, spec.type, spec.graviton ? 'arm64' : 'x86_64');
  if (wrongArch)
    throw new Error(
      `the Uptycs API served ${f.fileName} for ${spec.id}, but ${wrongArch}; nothing was packaged`,
    );
  log.info(
    `  ${spec.id}: ${f.fileName}, ${formatBytes(f.size)} in ${formatDuration(f.ms)} (${formatBytes((f.size / Math.max(1, f.ms)) * 1000)}/s), sha256 ${f.sha256}`,
  );
  ctx.onInstaller?.(spec.id, {
    path: f.path,
    fileName: f.fileName,
    size: f.size,
    type: spec.type,
    sha256: f.sha256,
  });
  return f;
}
