/** Node's compile cache: a private folder of our own, off on request, never a folder others may write to. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { compileCacheDir } from '../src/common/compile-cache.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist/cli/index.js');

describe('compile cache', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'udist-compile-cache-'));
  after(() => rmSync(work, { recursive: true, force: true }));
  const run = (env: Record<string, string>) => {
    const r = spawnSync(process.execPath, [cli, '--version'], {
      env: { PATH: process.env.PATH ?? '', HOME: work, ...env },
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
    return r;
  };

  it('lives under RUNNER_TOOL_CACHE on a runner, else XDG_CACHE_HOME, else ~/.cache', () => {
    const leaf = path.join('uptycs-distributor-action', 'compile-cache');
    assert.equal(
      compileCacheDir({ RUNNER_TOOL_CACHE: '/opt/tc', XDG_CACHE_HOME: '/x' }),
      path.join('/opt/tc', leaf),
    );
    assert.equal(compileCacheDir({ XDG_CACHE_HOME: '/x' }), path.join('/x', leaf));
    assert.equal(compileCacheDir({}), path.join(homedir(), '.cache', leaf));
  });

  it('the bundled CLI fills a folder only its user can enter', () => {
    const base = path.join(work, 'xdg');
    run({ XDG_CACHE_HOME: base });
    const dir = compileCacheDir({ XDG_CACHE_HOME: base });
    assert.equal(statSync(dir).mode & 0o777, 0o700);
    assert.ok(readdirSync(dir).length > 0, 'the compiled code was written');
  });

  it('NODE_DISABLE_COMPILE_CACHE=1 turns it off', () => {
    const base = path.join(work, 'off');
    run({ XDG_CACHE_HOME: base, NODE_DISABLE_COMPILE_CACHE: '1' });
    assert.throws(() => statSync(compileCacheDir({ XDG_CACHE_HOME: base })), /ENOENT/);
  });

  it('a folder that others may write to is not used', () => {
    const base = path.join(work, 'shared');
    const dir = compileCacheDir({ XDG_CACHE_HOME: base });
    mkdirSync(dir, { recursive: true });
    chmodSync(dir, 0o777);
    run({ XDG_CACHE_HOME: base });
    assert.deepEqual(readdirSync(dir), []);
  });
});
