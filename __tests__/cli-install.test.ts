/**
 * The command line, installed and run from anywhere (issue 31 #4): `npm run pack:cli` makes one tarball
 * (the bundle, templates, mappings, a package.json with no dependencies and a Node.js requirement) that
 * `npm install -g` takes offline; the installed `uptycs-distributor` then builds a package from a folder
 * outside the checkout. Before, the only ways were `npx uptycs-distributor` (outside the checkout: the
 * npm registry, where the name is unclaimed) or `npm install -g .` (the checkout's dependencies).
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cliManifest, packCli } from '../scripts/pack-cli.js';
import { layoutAgentsDir, SAMPLE_INSTALLERS } from './helpers/agents.js';
import { NODE, ROOT } from './helpers/runner.js';

const work = mkdtempSync(path.join(tmpdir(), 'udist-install-'));
after(() => rmSync(work, { recursive: true, force: true }));

describe('the CLI from a tarball, installed with npm install -g, run outside the checkout', () => {
  let tarball: string;
  let prefix: string;
  /** The folder holding the pinned Node.js 24 (the CLI needs 22.2 or newer; this machine's may be older). */
  const nodeBin = path.dirname(NODE);

  before(() => {
    tarball = packCli(path.join(work, 'release'));
    prefix = path.join(work, 'global');
    // Offline: nothing may come from a registry (the package has no dependencies).
    execFileSync(
      'npm',
      [
        'install',
        '-g',
        '--prefix',
        prefix,
        '--offline',
        '--no-audit',
        '--no-fund',
        '--ignore-scripts',
        tarball,
      ],
      { cwd: work, stdio: 'pipe', env: { ...process.env, npm_config_cache: path.join(work, 'npm-cache') } },
    );
  });

  it('the tarball states its Node.js requirement and depends on nothing', () => {
    const m = cliManifest();
    assert.deepEqual(m.engines, { node: '>=22.2' });
    assert.equal(m.dependencies, undefined);
    assert.equal(m.private, true, 'never published to the registry under this unclaimed name');
    const listed = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' }).split('\n');
    for (const f of [
      'package/dist/cli/index.js',
      'package/templates/rpm/install.sh',
      'package/mappings/uptycs-agent-mapping.json',
    ])
      assert.ok(listed.includes(f), `${f} in ${listed.slice(0, 8).join(', ')}…`);
    assert.ok(!listed.some((f) => f.includes('node_modules') || f.startsWith('package/src/')));
  });

  it("uptycs-distributor builds a package from the user's own folder, outside the checkout", () => {
    const user = path.join(work, 'user');
    mkdirSync(user);
    layoutAgentsDir(
      path.join(ROOT, 'mappings/uptycs-agent-mapping.original.json'),
      path.join(user, 'agents'),
      SAMPLE_INSTALLERS,
    );
    const env = { PATH: `${nodeBin}:${path.join(prefix, 'bin')}:/usr/bin:/bin`, HOME: work };
    const v = spawnSync('uptycs-distributor', ['--version'], { cwd: user, env, encoding: 'utf8' });
    assert.equal(v.status, 0, v.stderr);
    assert.match(v.stdout, /^uptycs-distributor \d+\.\d+\.\d+ /);
    const r = spawnSync(
      'uptycs-distributor',
      [
        '-d',
        '--agents-dir',
        'agents',
        '--mapping',
        'original',
        '-v',
        '5.7.0.25',
        '--dry-run',
        '--output-dir',
        'package',
      ],
      { cwd: user, env, encoding: 'utf8' },
    );
    assert.equal(r.status, 0, r.stderr);
    const manifest = JSON.parse(readFileSync(path.join(user, 'package/manifest.json'), 'utf8')) as {
      version: string;
    };
    assert.equal(manifest.version, '5.7.0.25');
    assert.ok(!existsSync(path.join(ROOT, 'package')), 'nothing written in the checkout');
    assert.ok(
      !path.relative(ROOT, path.join(prefix, 'lib/node_modules/uptycs-distributor')).startsWith('dist'),
    );
  });

  it('on an older Node.js it refuses in one line naming the requirement', () => {
    const old = spawnSync('node', ['--version'], { encoding: 'utf8' });
    const major = Number(/^v(\d+)/.exec(old.stdout ?? '')?.[1] ?? 0);
    if (!major || major >= 23) return; // this machine's own Node.js is new enough: nothing to refuse
    const r = spawnSync('uptycs-distributor', ['-d', '--dry-run'], {
      cwd: work,
      env: { PATH: `${path.join(prefix, 'bin')}:/usr/bin:/bin`, HOME: work },
      encoding: 'utf8',
    });
    assert.equal(r.status, 1);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /needs Node\.js 22\.2 or newer/);
  });
});
