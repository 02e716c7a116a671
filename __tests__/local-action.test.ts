/**
 * GitHub's local runner for JavaScript actions (@github/local-action) runs this action from its
 * module (src/main.ts exports run) with the sample .env.example: offline, exit 0, its outputs shown.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';

const ROOT = path.join(import.meta.dirname, '..');

describe('the local runner (npx @github/local-action run . src/main.ts .env.example)', () => {
  it('runs the action offline with the sample .env and shows its outputs', () => {
    const tmp = mkdtempSync(path.join(tmpdir(), 'local-action-'));
    try {
      // The sample as shipped, with the folders it writes moved to a scratch folder.
      const paths: Record<string, string> = {
        'INPUT_OUTPUT-DIR': path.join(tmp, 'out'),
        GITHUB_WORKSPACE: tmp,
        RUNNER_TEMP: path.join(tmp, 'runner-temp'),
      };
      const sample = readFileSync(path.join(ROOT, '.env.example'), 'utf8');
      for (const key of Object.keys(paths))
        assert.match(sample, new RegExp(`^${key}=`, 'm'), `.env.example sets ${key}`);
      const env = sample.replace(/^([\w.-]+)=.*$/gm, (line, key: string) =>
        key in paths ? `${key}=${paths[key]}` : line,
      );
      writeFileSync(path.join(tmp, '.env'), env);
      const r = spawnSync(
        path.join(ROOT, 'node_modules/.bin/local-action'),
        ['run', '.', 'src/main.ts', path.join(tmp, '.env')],
        { cwd: ROOT, encoding: 'utf8', timeout: 240_000 },
      );
      assert.equal(r.status, 0, `${r.stdout.slice(-2000)}\n${r.stderr.slice(-2000)}`);
      const outputs = r.stdout.slice(r.stdout.lastIndexOf('Action Outputs'));
      for (const name of [
        'package-name',
        'package-digest',
        'manifest',
        'output-dir',
        'coverage',
        'summary-markdown',
      ])
        assert.match(outputs, new RegExp(`'${name}'`), `output ${name} shown`);
      assert.match(outputs, /sha256:[0-9a-f]{64}/);
      const manifest = /'manifest'\s*│\s*'(\/[^']+)'/.exec(outputs)?.[1];
      assert.equal(
        path.dirname(manifest ?? ''),
        path.join(tmp, 'out'),
        'the package went where the .env said',
      );
      assert.ok(existsSync(manifest!), `${manifest} was written`);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
