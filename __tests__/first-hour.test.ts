/**
 * Failures that waste a newcomer's time: a wrong API address fails at once naming the flag, a plan
 * never removes an earlier build without a word, and a key given where none is used is said to be unused.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../src/cli.js';
import { SAMPLE_INSTALLERS, layoutAgentsDir } from './helpers/agents.js';
import { ROOT } from './helpers/runner.js';

const MAPPING = path.join(ROOT, 'mappings/uptycs-agent-mapping.json');
const KEY = JSON.stringify({
  id: 'a1b2c3d4-0000-4000-8000-00000000abcd',
  customerId: 'c0ffee00-0000-4000-8000-000000000001',
  key: 'K'.repeat(32),
  secret: 'S'.repeat(40),
  domain: 'simtenant',
  domainSuffix: '.uptycs.io',
});

async function cli(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { stdout: (s) => out.push(s), stderr: (s) => err.push(s), cwd, env: {} });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('failures that waste time', () => {
  let work: string;
  let agents: string;
  before(() => {
    work = mkdtempSync(path.join(tmpdir(), 'first-hour-'));
    agents = path.join(work, 'agents');
    layoutAgentsDir(MAPPING, agents, SAMPLE_INSTALLERS);
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it('a refused --uptycs-api-url fails at once, naming the flag, with no retries', async () => {
    const port = await closedPort();
    const t0 = performance.now();
    const r = await cli(
      [
        '-c',
        KEY,
        '--uptycs-api-url',
        `http://127.0.0.1:${port}`,
        '--dry-run',
        '--output-dir',
        path.join(work, 'refused'),
      ],
      work,
    );
    const seconds = (performance.now() - t0) / 1000;
    assert.equal(r.code, 1);
    assert.match(
      r.err,
      new RegExp(
        `nothing answers at http://127\\.0\\.0\\.1:${port} \\(connection refused\\); check --uptycs-api-url`,
      ),
    );
    assert.doesNotMatch(r.err, /retrying/);
    assert.ok(seconds < 10, `failed after ${seconds.toFixed(1)} s`);
  });

  it('a plan into the folder of an earlier build refuses, and leaves the build; replace-output-dir replaces it', async () => {
    const out = path.join(work, 'pkg');
    const build = await cli(
      ['-d', '--agents-dir', agents, '-v', '5.7.0.25', '--dry-run', '--output-dir', out],
      work,
    );
    assert.equal(build.code, 0, build.err);
    const zips = readdirSync(out).filter((n) => n.endsWith('.zip'));
    assert.equal(zips.length, 5);

    const plan = await cli(['--mode', 'plan', '--output-dir', out], work);
    assert.equal(plan.code, 1);
    assert.match(
      plan.err,
      /--output-dir: .* holds the build of version 5\.7\.0\.25 \(5 zips\), which a plan would remove/,
    );
    assert.match(plan.err, /--replace-output-dir/);
    assert.deepEqual(
      readdirSync(out).filter((n) => n.endsWith('.zip')),
      zips,
      'the build is untouched',
    );

    const again = await cli(['--mode', 'plan', '--output-dir', out, '--replace-output-dir'], work);
    assert.equal(again.code, 0, again.err);
    assert.match(again.err, /Replacing the build of version 5\.7\.0\.25 \(5 zips\)/);
    assert.ok(existsSync(path.join(out, 'manifest.plan.json')));
  });

  it('a build says which earlier build it replaces', async () => {
    const out = path.join(work, 'rebuild');
    const args = ['-d', '--agents-dir', agents, '-v', '5.7.0.25', '--dry-run', '--output-dir', out];
    assert.equal((await cli(args, work)).code, 0);
    const second = await cli(args, work);
    assert.equal(second.code, 0, second.err);
    assert.match(second.err, /Replacing the build of version 5\.7\.0\.25 \(5 zips\)/);
  });

  it('-c with -d is said to be unused, once', async () => {
    const r = await cli(
      [
        '-d',
        '--agents-dir',
        agents,
        '-v',
        '5.7.0.25',
        '--dry-run',
        '-c',
        KEY,
        '--output-dir',
        path.join(work, 'c-d'),
      ],
      work,
    );
    assert.equal(r.code, 0, r.err);
    const lines = r.err.split('\n').filter((l) => /-c\/--config is not used with -d/.test(l));
    assert.equal(lines.length, 1, r.err);
    assert.doesNotMatch(r.err, /SSSSSSSS/, 'the key is never printed');
  });
});
