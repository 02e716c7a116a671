/**
 * Runs the Pester suite (__tests__/windows/*.Tests.ps1) over the Windows scripts rendered as the build
 * renders them, under PowerShell 7 (pwsh) with Pester 5, and fails when any Pester test fails.
 * pwsh is taken from PATH or from UDIST_PWSH; Pester from UDIST_PESTER (a Pester.psd1) or the
 * cache that .ci/run fills (~/.cache/uptycs-distributor-action/nuget/pester/5.7.1). When either is
 * missing the test fails under CI=true and is skipped with the reason otherwise.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';

const ROOT = path.resolve(import.meta.dirname, '..');
const CACHE = path.join(homedir(), '.cache', 'uptycs-distributor-action');

function findPwsh(): string | undefined {
  if (process.env.UDIST_PWSH) return process.env.UDIST_PWSH;
  for (const candidate of ['pwsh', path.join(CACHE, 'pwsh-7.6.9', 'pwsh')]) {
    const r = spawnSync(candidate, ['-NoProfile', '-Command', '$PSVersionTable.PSVersion.ToString()'], {
      encoding: 'utf8',
    });
    if (r.status === 0) return candidate;
  }
  return undefined;
}

function findPester(): string | undefined {
  const p = process.env.UDIST_PESTER ?? path.join(CACHE, 'nuget', 'pester', '5.7.1', 'tools', 'Pester.psd1');
  return existsSync(p) ? p : undefined;
}

describe('Windows scripts under PowerShell + Pester', () => {
  it('every Pester test passes (at least 25)', { timeout: 30 * 60_000 }, (t) => {
    const pwsh = findPwsh();
    const pester = findPester();
    const missing = !pwsh
      ? 'pwsh (PowerShell 7) is not installed'
      : !pester
        ? 'Pester 5 is not installed'
        : undefined;
    if (missing) {
      if (process.env.CI === 'true') assert.fail(`${missing}; .ci/run installs it`);
      t.skip(`${missing}; run .ci/run once to install it (see docs/windows-scripts.md)`);
      return;
    }
    const out = mkdtempSync(path.join(tmpdir(), 'udist-ps1-'));
    try {
      const render = spawnSync(
        process.execPath,
        ['--import', 'tsx', path.join(ROOT, '__tests__/windows/render.ts'), out],
        {
          cwd: ROOT,
          encoding: 'utf8',
        },
      );
      assert.equal(render.status, 0, render.stderr);
      const script = [
        `Import-Module -Name '${pester!.replace(/'/g, "''")}' -MinimumVersion 5.0`,
        '$c = New-PesterConfiguration',
        `$c.Run.Path = '${path.join(ROOT, '__tests__', 'windows').replace(/'/g, "''")}'`,
        '$c.Run.PassThru = $true',
        "$c.Output.Verbosity = 'Detailed'",
        '$r = Invoke-Pester -Configuration $c',
        '"PESTER passed=$($r.PassedCount) failed=$($r.FailedCount) total=$($r.TotalCount)"',
        'if ($r.FailedCount -gt 0 -or $r.Result -ne "Passed") { exit 1 }',
      ].join('\n');
      const r = spawnSync(pwsh!, ['-NoProfile', '-NonInteractive', '-Command', script], {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, UDIST_RENDERED_PS1: out, NO_COLOR: '1' },
        maxBuffer: 64 * 1024 * 1024,
      });
      const text = `${r.stdout}\n${r.stderr}`;
      const m = /PESTER passed=(\d+) failed=(\d+) total=(\d+)/.exec(text);
      assert.ok(m, `Pester did not report a result:\n${text}`);
      assert.equal(Number(m[2]), 0, `Pester tests failed:\n${text}`);
      assert.ok(Number(m[1]) >= 25, `only ${m[1]} Pester tests passed; at least 25 expected`);
      assert.equal(r.status, 0, text);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
