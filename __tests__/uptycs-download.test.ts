/**
 * The real client against the Uptycs simulator over HTTPS (self-signed certificate, trusted through
 * the test-only `ca` option).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { isUserError } from '../src/common/errors.js';
import { renderNames } from '../src/common/names.js';
import { parseMapping, type MappingEntry } from '../src/plan/mapping.js';
import { localCache, noCache, type InstallerCache } from '../src/agents/cache.js';
import type { ClientTuning } from '../src/agents/uptycs/client.js';
import { downloadInstallers, newestVersion, compareVersions } from '../src/agents/uptycs/index.js';
import { planInstallers } from '../src/plan/installers.js';
import { loadApiKey } from '../src/inputs/key.js';
import { startSimulator, type Simulator } from './sim/uptycs-simulator.js';
import { recordingLog, type RecordingLog } from './sim/recording-log.js';

const MAPPING = path.join(import.meta.dirname, 'fixtures', 'uptycs-agent-mapping.original.json');
const entries: MappingEntry[] = parseMapping(readFileSync(MAPPING, 'utf8'), MAPPING).entries;
const NEWEST = '5.10.1.3';
const FAST: Partial<ClientTuning> = {
  retries: 3,
  minRetryDelayMs: 5,
  maxRetryDelayMs: 20,
  stallTimeoutMs: 400,
  responseTimeoutMs: 10_000,
  progressIntervalMs: 20,
};

let sim: Simulator;
const scratch = mkdtempSync(path.join(tmpdir(), 'uptycs-dl-'));
let n = 0;
const freshDir = (name = 'work') => path.join(scratch, `${name}-${++n}`);
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
/** Every file below dir, relative. */
function tree(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => path.relative(dir, path.join(d.parentPath, d.name)))
      .sort();
  } catch {
    return [];
  }
}

interface RunOpts {
  sensorOnly?: boolean;
  packageVersion?: string;
  config?: string;
  assetGroup?: string;
  cache?: InstallerCache;
  workDir?: string;
  tuning?: Partial<ClientTuning>;
  log?: RecordingLog;
  entries?: MappingEntry[];
  ca?: string | null;
}

function run(o: RunOpts = {}) {
  const log = o.log ?? recordingLog();
  const workDir = o.workDir ?? freshDir();
  const promise = loadApiKey(o.config ?? sim.keyFile(), log).then((key) =>
    downloadInstallers(
      o.entries ?? entries,
      key,
      {
        uptycsApiUrl: sim.url,
        assetGroup: o.assetGroup ?? 'assets',
        sensorOnly: o.sensorOnly ?? false,
        packageVersion: o.packageVersion ?? '',
      },
      {
        workDir,
        cache: o.cache ?? noCache,
        log,
        tuning: { ...FAST, ...o.tuning },
        ...(o.ca === null ? {} : { ca: o.ca ?? sim.ca }),
      },
    ),
  );
  return { promise, log, workDir };
}

/** Runs and expects failure; returns the error and checks that nothing was left behind. */
async function runFails(o: RunOpts = {}) {
  const r = run(o);
  const err = await r.promise.then(
    () => assert.fail('expected the download to fail'),
    (e: unknown) => e as Error,
  );
  assert.deepEqual(
    tree(r.workDir).filter((f) => f !== '.uptycs-installers'),
    [],
    'files were left in the work folder',
  );
  return { err, log: r.log };
}

/** Each installer was asked for at most once (nothing was retried). */
function assertNoRepeats(message: string) {
  const asked = sim.downloads.map((d) => `${d.os}/${d.params.gravitonPackage ?? ''}`);
  assert.equal(new Set(asked).size, asked.length, `${message}: ${asked.join(', ')}`);
}

/** No secret, key or JWT in any (unmasked) log line, and each was registered with setSecret. */
function assertNoSecrets(log: RecordingLog, secret = sim.secret) {
  const text = log.text();
  for (const s of [secret, sim.secret, sim.key, ...sim.tokens])
    assert.ok(!text.includes(s), `a secret appears in the log: ${s.slice(0, 6)}…`);
  assert.ok(sim.tokens.length > 0);
  for (const t of sim.tokens)
    assert.ok(log.secrets.includes(t), 'a JWT was sent without being registered as a secret');
  assert.ok(log.secrets.includes(secret) && log.secrets.includes(sim.key));
}

before(async () => {
  sim = await startSimulator();
});
after(async () => {
  await sim.close();
  rmSync(scratch, { recursive: true, force: true });
});
beforeEach(() => sim.reset());

describe('versions', () => {
  it('compares numerically, part by part', () => {
    assert.ok(compareVersions('5.10.1.3', '5.9.0.1') > 0);
    assert.ok(compareVersions('5.7.0', '5.7.0.0') === 0);
    assert.equal(
      newestVersion({
        items: [{ version: '5.9.9.9-Uptycs' }, { version: '10.0.0.1-Uptycs' }, { version: 'x' }],
      }).version,
      '10.0.0.1',
    );
  });

  it('discovers the newest version from unsorted items and says why', async () => {
    const r = run();
    const res = await r.promise;
    assert.equal(res.version, NEWEST);
    assert.equal(res.versionSource, 'newest');
    assert.equal(sim.requests.osqueryPackages, 1);
    assert.ok(sim.downloads.every((d) => d.params.osqVersion === NEWEST));
    assert.match(r.log.text(), /Agent version 5\.10\.1\.3: the newest of 4 versions/);
  });

  it('uses package-version without asking for versions', async () => {
    const res = await run({ packageVersion: '5.8.3.35' }).promise;
    assert.equal(res.version, '5.8.3.35');
    assert.equal(sim.requests.osqueryPackages, 0);
    assert.ok(sim.downloads.every((d) => d.params.osqVersion === '5.8.3.35'));
  });
});

describe('downloads', () => {
  it('downloads the 5 distinct installers of the original 8-entry mapping exactly once', async () => {
    const r = run({ packageVersion: NEWEST });
    const res = await r.promise;
    assert.equal(entries.length, 8);
    assert.equal(sim.requests.packageDownloads, 5);
    assert.equal(sim.requests.objectGroups, 1);
    assert.equal(res.downloaded, 5);
    assert.equal(res.cacheHit, false);
    const keys = sim.downloads.map((d) => `${d.os}${d.params.gravitonPackage ? '-arm64' : ''}`).sort();
    assert.deepEqual(keys, ['centos', 'centos-arm64', 'debian', 'debian-arm64', 'windows']);
    assert.ok(sim.downloads.every((d) => d.assetGroupId === 'f0e1d2c3-0000-4000-8000-000000000002'));

    // every dir maps to a shared, complete, correct file
    assert.equal(res.byDir.size, 8);
    assert.deepEqual([...res.byDir.keys()].sort(), entries.map((e) => e.dir).sort());
    const amazon = res.byDir.get('UPT_PRO_AMAZON2_ARM64')!;
    assert.equal(amazon, res.byDir.get('UPT_PRO_REDHAT_ARM64'));
    assert.equal(amazon.fileName, `assets-uptycs-protect-${NEWEST}-Uptycs.aarch64.rpm`);
    assert.equal(
      res.byDir.get('UPT_PRO_SUSE_x86_64')!.fileName,
      `assets-uptycs-protect-${NEWEST}-Uptycs.rpm`,
    );
    assert.equal(
      res.byDir.get('UPT_PRO_UBUNTU_ARM64')!.fileName,
      `assets-uptycs-protect-${NEWEST}-Uptycs.arm64.deb`,
    );
    assert.equal(
      res.byDir.get('UPT_PRO_WINDOWS')!.fileName,
      `assets-uptycs-protect-${NEWEST}-Uptycs-windows.msi`,
    );
    let total = 0;
    for (const d of sim.downloads) total += d.bytes;
    assert.equal(res.bytesDownloaded, total);
    for (const e of entries) {
      const inst = res.byDir.get(e.dir)!;
      const src = sim.installerFile(e.uptPackage, e.arch === 'arm64', true, NEWEST);
      assert.equal(sha(inst.path), sha(src), `${e.dir} differs from what the server sent`);
      assert.equal(inst.size, readFileSync(src).length);
      assert.equal(inst.type, e.installerType);
      assert.ok(
        r.log.text().includes(`${inst.fileName}, `) && r.log.text().includes(`sha256 ${sha(inst.path)}`),
      );
    }
    assert.ok(!tree(r.workDir).some((f) => f.endsWith('.part')));
    assert.match(r.log.text(), /Downloaded 5 installers, .* for 8 mapping entries/);
    assertNoSecrets(r.log);
  });

  it('sensor-only never asks for Uptycs Protect', async () => {
    const res = await run({ packageVersion: NEWEST, sensorOnly: true }).promise;
    assert.equal(sim.downloads.length, 5);
    for (const d of sim.downloads) assert.ok(!('remediationPackage' in d.params), JSON.stringify(d.params));
    assert.equal(res.byDir.get('UPT_PRO_UBUNTU_x86_64')!.fileName, `assets-osquery-${NEWEST}-Uptycs.deb`);
    sim.reset();
    await run({ packageVersion: NEWEST, sensorOnly: false }).promise;
    for (const d of sim.downloads) assert.equal(d.params.remediationPackage, 'true');
    const arm = sim.downloads.filter((d) => d.params.gravitonPackage === 'true').map((d) => d.os);
    assert.deepEqual(arm.sort(), ['centos', 'debian']);
  });

  it('plans installers from the mapping and refuses ones Uptycs does not make', () => {
    assert.equal(planInstallers(entries, false).specs.length, 5);
    const e386 = { ...entries[0]!, arch: '386' as const };
    assert.throws(
      () => planInstallers([e386], false),
      (e: Error) => isUserError(e) && /386/.test(e.message),
    );
  });

  it('explains a missing asset group, listing the ones there are', async () => {
    const { err } = await runFails({ packageVersion: NEWEST, assetGroup: 'nope' });
    assert.ok(isUserError(err));
    assert.match(renderNames(err.message, 'action'), /input "asset-group".*"nope".*"assets", "servers"/);
    assert.match(renderNames(err.message, 'cli'), /^--asset-group: /);
  });
});

describe('faults', () => {
  it('429 with Retry-After: waits as asked, then succeeds', async () => {
    sim.setFault('429', { times: 1, endpoint: 'objectGroups', retryAfter: 1 });
    const r = run({ packageVersion: NEWEST });
    const res = await r.promise;
    assert.equal(res.downloaded, 5);
    assert.equal(sim.requests.objectGroups, 2);
    assert.match(r.log.text(), /HTTP 429.*retrying in 1\.0 s \(as Retry-After asks\)/);
  });

  it('503 (twice, HTML body) is retried', async () => {
    sim.setFault('503', { times: 2, os: 'windows' });
    const res = await run({ packageVersion: NEWEST }).promise;
    assert.equal(res.downloaded, 5);
    assert.equal(sim.requests.packageDownloads, 7);
  });

  it('one truncated body is retried and the file is complete', async () => {
    sim.setFault('truncate', { times: 1, os: 'centos' });
    const r = run({ packageVersion: NEWEST });
    const res = await r.promise;
    assert.equal(sim.requests.packageDownloads, 6);
    assert.match(r.log.text(), /truncated/);
    for (const inst of new Set(res.byDir.values())) {
      const e = entries.find((x) => res.byDir.get(x.dir) === inst)!;
      assert.equal(sha(inst.path), sha(sim.installerFile(e.uptPackage, e.arch === 'arm64', true, NEWEST)));
    }
    assert.ok(!tree(r.workDir).some((f) => f.endsWith('.part')));
  });

  it('a body that always breaks off fails clearly and leaves nothing', async () => {
    sim.setFault('truncate', { os: 'debian' });
    const { err } = await runFails({ packageVersion: NEWEST, tuning: { retries: 2 } });
    assert.match(err.message, /truncated/);
  });

  it('a stalled body is abandoned after the stall timeout and retried', async () => {
    sim.setFault('stall', { times: 1, os: 'windows' });
    const r = run({ packageVersion: NEWEST });
    const res = await r.promise;
    assert.equal(res.downloaded, 5);
    assert.match(r.log.text(), /stalled/);
  });

  it('a body that always stalls fails clearly and leaves nothing', async () => {
    sim.setFault('stall', { os: 'centos' });
    const { err } = await runFails({ packageVersion: NEWEST, tuning: { retries: 1, stallTimeoutMs: 200 } });
    assert.match(err.message, /stalled/);
  });

  it('an HTML page with status 200 is refused, not saved as an installer', async () => {
    sim.setFault('html', { os: 'debian' });
    const { err } = await runFails({ packageVersion: NEWEST });
    assert.match(err.message, /is not a Debian package.*HTML/);
    assertNoRepeats('a wrong file must not be retried');
  });

  it('a path-traversal file name is refused and nothing is written anywhere', async () => {
    sim.setFault('badName', { os: 'centos' });
    const { err } = await runFails({ packageVersion: NEWEST });
    assert.match(err.message, /unusable name.*path separator/);
    assertNoRepeats('a bad name must not be retried');
    assert.deepEqual(tree(path.join(scratch, 'etc')), []);
  });

  it('401 with an HTML body says the key was rejected, not a JSON error', async () => {
    sim.setFault('401', { endpoint: 'objectGroups' });
    const { err } = await runFails({ packageVersion: NEWEST });
    assert.ok(isUserError(err));
    assert.match(
      renderNames(err.message, 'action'),
      /the Uptycs API key in input "config" was rejected \(wrong key\/secret/,
    );
    assert.match(renderNames(err.message, 'cli'), /the Uptycs API key in -c\/--config was rejected/);
    assert.doesNotMatch(err.message, /JSON|Unexpected token/);
    assert.equal(sim.requests.objectGroups, 1, '401 must not be retried');
  });

  it('a wrong secret is rejected by the server (401) with a clear message and no secret in the log', async () => {
    const wrong = 'wrong-secret-abcdefghijklmnop';
    const { err, log } = await runFails({ config: sim.keyFile({ secret: wrong }) });
    assert.ok(isUserError(err));
    assert.match(err.message, /rejected \(wrong key\/secret/);
    assert.equal(sim.requests.unauthorized, 1);
    assert.ok(!err.message.includes(wrong));
    assertNoSecrets(log, wrong);
  });

  it('verifies TLS: without the simulator CA the connection is refused', async () => {
    const { err } = await runFails({ packageVersion: '', ca: null, tuning: { retries: 0 } });
    assert.match(err.message, /TLS verification .* failed.*NODE_EXTRA_CA_CERTS/);
    assert.equal(sim.requests.total, 0);
  });
});

describe('transport', () => {
  it('follows a redirect to another origin without sending the Authorization header there', async () => {
    sim.setRedirect(true);
    const r = run({ packageVersion: NEWEST });
    const res = await r.promise;
    assert.equal(res.downloaded, 5);
    assert.equal(sim.cdn.requests, 5);
    assert.equal(sim.cdn.withAuthorization, 0, 'the JWT was sent to another origin');
    for (const inst of new Set(res.byDir.values())) assert.match(inst.fileName, /^assets-uptycs-protect-/);
  });

  it('production TLS path: trusts a private CA given in NODE_EXTRA_CA_CERTS (refusal without it: see above)', async () => {
    const caFile = path.join(scratch, 'sim-ca.pem');
    writeFileSync(caFile, sim.ca);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_EXTRA_CA_CERTS: caFile,
      CHILD_ARGS: JSON.stringify({
        mapping: MAPPING,
        config: sim.keyFile(),
        url: sim.url,
        workDir: freshDir(),
        version: NEWEST,
      }),
    };
    // Asynchronous on purpose: the simulator runs in this process and must keep serving.
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', path.join(import.meta.dirname, 'sim', 'child-download.ts')],
      { env, encoding: 'utf8', timeout: 30_000 },
    );
    const trusted = JSON.parse(stdout) as {
      ok: boolean;
      downloaded?: number;
      dirs?: number;
      message?: string;
    };
    assert.deepEqual(trusted, { ok: true, downloaded: 5, dirs: 8 });
  });
});

describe('cache', () => {
  it('a warm cache makes zero requests; a damaged entry is detected and downloaded again', async () => {
    const root = freshDir('cache');
    const workDir = freshDir();
    const log1 = recordingLog();
    const first = await run({ packageVersion: NEWEST, cache: localCache(log1, root), workDir, log: log1 })
      .promise;
    assert.equal(first.cacheHit, false);
    assert.equal(sim.requests.packageDownloads, 5);

    sim.reset();
    const log2 = recordingLog();
    const warm = await run({ packageVersion: NEWEST, cache: localCache(log2, root), workDir, log: log2 })
      .promise;
    assert.equal(warm.cacheHit, true);
    assert.equal(warm.downloaded, 0);
    assert.equal(sim.requests.total, 0, 'a warm cache with an explicit version must not call the API');
    assert.equal(warm.byDir.size, 8);
    for (const [dir, inst] of warm.byDir) assert.equal(sha(inst.path), sha(first.byDir.get(dir)!.path));

    // discovered version: only the version request
    sim.reset();
    const disc = await run({ cache: localCache(recordingLog(), root), workDir: freshDir() }).promise;
    assert.equal(disc.cacheHit, true);
    assert.deepEqual(
      { ...sim.requests },
      { objectGroups: 0, osqueryPackages: 1, packageDownloads: 0, unauthorized: 0, total: 1 },
    );

    // damage one cached file
    const entry = path.join(root, first.cacheKey);
    const victim = tree(entry).find((f) => f.endsWith('.deb'))!;
    writeFileSync(path.join(entry, victim), 'garbage');
    sim.reset();
    const log3 = recordingLog();
    const again = await run({ packageVersion: NEWEST, cache: localCache(log3, root), workDir, log: log3 })
      .promise;
    assert.equal(again.cacheHit, false);
    assert.equal(sim.requests.packageDownloads, 5);
    assert.match(log3.text(), /warning: .*damaged \(.*does not match its sha256\)/);
    // and the entry was repaired
    sim.reset();
    const healed = await run({ packageVersion: NEWEST, cache: localCache(recordingLog(), root), workDir })
      .promise;
    assert.equal(healed.cacheHit, true);
    assert.equal(sim.requests.total, 0);
  });

  it('sensor-only and protect never share a cache entry', async () => {
    const root = freshDir('cache');
    await run({ packageVersion: NEWEST, cache: localCache(recordingLog(), root) }).promise;
    sim.reset();
    const s = await run({ packageVersion: NEWEST, sensorOnly: true, cache: localCache(recordingLog(), root) })
      .promise;
    assert.equal(s.cacheHit, false);
    assert.equal(sim.requests.packageDownloads, 5);
  });
});
