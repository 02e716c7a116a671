/**
 * The README's test command on a fresh machine (issue 31): `npm test` first runs .ci/tools, which
 * installs what the tests need or refuses in one line naming the missing tools and the command that
 * installs them; and a missing tool never hangs a run: a test file whose servers cannot start fails
 * within seconds, naming the tool, instead of sitting idle (the hang was an after hook awaiting
 * `oidc?.close(r)` on a server that was never created: a promise that never settles).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { NODE, ROOT } from './helpers/runner.js';

const TOOLS = path.join(ROOT, '.ci/tools');
const REMOVED = ['rpmbuild', 'rpm', 'wixl', 'debootstrap', 'shellcheck'];
const work = mkdtempSync(path.join(tmpdir(), 'udist-fresh-'));
after(() => rmSync(work, { recursive: true, force: true }));

/** A PATH with every command of this machine's PATH but the given ones: a machine without them. */
function pathWithout(removed: string[], name: string): string {
  const bin = path.join(work, name);
  mkdirSync(bin);
  const dirs = (process.env.PATH ?? '').split(':').concat(['/usr/sbin', '/sbin', '/usr/bin', '/bin']);
  for (const dir of dirs) {
    if (!dir || !existsSync(dir)) continue;
    for (const f of readdirSync(dir)) {
      const target = path.join(bin, f);
      if (removed.includes(f) || existsSync(target)) continue;
      try {
        symlinkSync(path.join(dir, f), target);
      } catch {
        // a name listed twice
      }
    }
  }
  return bin;
}

/** A HOME whose cache already holds PowerShell and Pester (so only the apt tools are missing). */
function homeWithPowerShell(): string {
  const home = path.join(work, 'home');
  const cache = path.join(home, '.cache/uptycs-distributor-action');
  mkdirSync(path.join(cache, 'pwsh-7.6.9'), { recursive: true });
  writeFileSync(path.join(cache, 'pwsh-7.6.9/pwsh'), '#!/bin/sh\n');
  chmodSync(path.join(cache, 'pwsh-7.6.9/pwsh'), 0o755);
  mkdirSync(path.join(cache, 'nuget/pester/5.7.1/tools'), { recursive: true });
  writeFileSync(path.join(cache, 'nuget/pester/5.7.1/tools/Pester.psd1'), '');
  return home;
}

describe('npm test on a fresh machine', () => {
  it('runs .ci/tools before any test, and .ci/run installs through the same script', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    assert.match(pkg.scripts.test!, /^bash \.ci\/tools && /);
    const ci = readFileSync(path.join(ROOT, '.ci/run'), 'utf8');
    assert.match(ci, /^bash \.ci\/tools$/m);
    assert.doesNotMatch(ci, /apt-get|pip install|dotnet tool install/, 'one list of tools, in .ci/tools');
  });

  it('without rpm, wixl, debootstrap and shellcheck: one line naming them and the command that installs them', () => {
    const bin = pathWithout(REMOVED, 'no-packaging-tools');
    const started = Date.now();
    const r = spawnSync('/bin/bash', [TOOLS, '--check'], {
      env: { PATH: bin, HOME: homeWithPowerShell() },
      encoding: 'utf8',
      timeout: 30_000,
    });
    assert.equal(r.status, 1, r.stderr);
    assert.ok(Date.now() - started < 10_000);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.equal(
      lines[0],
      'npm test needs rpmbuild, wixl, debootstrap, shellcheck, missing here: run sudo apt-get install rpm wixl debootstrap shellcheck',
    );
  });

  it('with nothing installed: names moto_server and PowerShell with their commands too, still on one line', () => {
    const r = spawnSync('/bin/bash', [TOOLS, '--check'], {
      env: { PATH: path.join(work, 'empty'), HOME: path.join(work, 'nohome') },
      encoding: 'utf8',
      timeout: 30_000,
    });
    assert.equal(r.status, 1);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /moto_server, pwsh \(PowerShell 7\), Pester 5, missing here/);
    assert.match(r.stderr, /python3 -m pip install 'moto\[server\]'/);
    assert.match(r.stderr, /bash \.ci\/tools \(it needs the \.NET SDK\)/);
  });

  it('a test file whose servers need a missing tool fails within seconds, naming it (it hung before)', () => {
    const bin = pathWithout(REMOVED, 'no-rpmbuild');
    const started = Date.now();
    const r = spawnSync(
      NODE,
      ['--import', 'tsx', '--test', '--test-reporter=spec', '__tests__/action-handoff.test.ts'],
      {
        cwd: ROOT,
        env: { PATH: bin, HOME: process.env.HOME, CI: '' },
        encoding: 'utf8',
        timeout: 90_000,
        killSignal: 'SIGKILL',
      },
    );
    const elapsed = Date.now() - started;
    assert.notEqual(r.signal, 'SIGKILL', `still running after ${elapsed} ms: the run hung`);
    assert.notEqual(r.status, 0);
    assert.match(r.stdout + r.stderr, /rpmbuild is not installed; the tests need it to build the test \.rpm/);
    assert.match(r.stdout + r.stderr, /run bash \.ci\/tools \(or sudo apt-get install rpm\)/);
    assert.ok(elapsed < 60_000, `took ${elapsed} ms`);
  });
});
