/**
 * The bundled action and CLI downloading from the Uptycs API simulator over HTTPS (trusted through
 * NODE_EXTRA_CA_CERTS, as a user with a private CA would), end to end as separate processes.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { NODE, ROOT, runAction, shownLines } from './helpers/runner.js';
import { startSimulator, type Simulator } from './sim/uptycs-simulator.js';

const ORIGINAL = path.join(ROOT, '__tests__/fixtures/uptycs-agent-mapping.original.json');

let sim: Simulator;
let work: string;
let caFile: string;

before(async () => {
  sim = await startSimulator({ prebuild: ['5.10.1.3'], prebuildSensor: false, paddingBytes: 20_000 });
  work = mkdtempSync(path.join(tmpdir(), 'udist-dl-'));
  caFile = path.join(work, 'ca.pem');
  writeFileSync(caFile, sim.ca);
});
after(async () => {
  await sim?.close();
  rmSync(work, { recursive: true, force: true });
});
beforeEach(() => sim.reset());

function run(args: string[], env: NodeJS.ProcessEnv, cwd: string) {
  const child = spawn(NODE, args, {
    cwd,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_EXTRA_CA_CERTS: caFile, ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (status) => resolve({ status, stdout, stderr })),
  );
}

describe('downloading through the bundled action and CLI', () => {
  it('the action finds the newest version, downloads 5 installers for 8 entries, and masks the key', async () => {
    const ws = path.join(work, 'ws1');
    const r = await runAction(
      ws,
      { config: sim.keyFile(), 'uptycs-api-url': sim.url, mapping: ORIGINAL, 'dry-run': 'true' },
      { NODE_EXTRA_CA_CERTS: caFile },
    );
    assert.equal(r.status, 0, r.stdout);
    assert.equal(sim.requests.packageDownloads, 5);
    assert.equal(r.outputs['package-version'], '5.10.1.3');
    assert.equal(r.outputs['cache-hit'], 'false');
    const shown = shownLines(r.stdout);
    for (const secret of [sim.secret, sim.key, ...sim.tokens])
      assert.ok(!shown.some((l) => l.includes(secret)), 'no key, secret or JWT in the log');
    assert.ok(r.stdout.includes(`::add-mask::${sim.secret}`));
    const manifest = JSON.parse(readFileSync(r.outputs.manifest!, 'utf8'));
    assert.equal(Object.keys(manifest.files).length, 5);
    assert.equal(manifest.version, '5.10.1.3');
    assert.match(r.summary, /Installers: downloaded/);
  });

  it('the CLI caches installers by version: a second run downloads nothing; cache false downloads again', async () => {
    const cacheHome = path.join(work, 'xdg');
    const args = (out: string, extra: string[] = []) => [
      path.join(ROOT, 'dist/cli/index.js'),
      '-c',
      sim.keyFile(),
      '--uptycs-api-url',
      sim.url,
      '--mapping',
      ORIGINAL,
      '-v',
      '5.10.1.3',
      '--dry-run',
      '--output-dir',
      out,
      ...extra,
    ];
    const first = await run(args(path.join(work, 'c1')), { XDG_CACHE_HOME: cacheHome }, work);
    assert.equal(first.status, 0, first.stderr);
    assert.equal(sim.requests.packageDownloads, 5);
    const second = await run(args(path.join(work, 'c2')), { XDG_CACHE_HOME: cacheHome }, work);
    assert.equal(second.status, 0, second.stderr);
    assert.equal(sim.requests.packageDownloads, 5, 'no download on a warm cache');
    assert.equal(
      readFileSync(path.join(work, 'c1', 'manifest.json'), 'utf8'),
      readFileSync(path.join(work, 'c2', 'manifest.json'), 'utf8'),
      'the same package from the cache',
    );
    const third = await run(
      args(path.join(work, 'c3'), ['--cache', 'false']),
      { XDG_CACHE_HOME: cacheHome },
      work,
    );
    assert.equal(third.status, 0, third.stderr);
    assert.equal(sim.requests.packageDownloads, 10);
  });

  it('a wrong secret fails with what to fix, and nothing is written to output-dir', async () => {
    const out = path.join(work, 'bad');
    const key = JSON.parse(sim.keyFile()) as Record<string, string>;
    key.secret = 'not-the-secret-0123456789';
    const r = await run(
      [
        path.join(ROOT, 'dist/cli/index.js'),
        '-c',
        JSON.stringify(key),
        '--uptycs-api-url',
        sim.url,
        '--mapping',
        ORIGINAL,
        '--dry-run',
        '--output-dir',
        out,
      ],
      {},
      work,
    );
    assert.equal(r.status, 1);
    assert.match(r.stderr, /key .*rejected|rejected .*key/i);
    assert.ok(!r.stderr.includes('not-the-secret-0123456789'));
    assert.ok(!existsSync(out));
  });
});
