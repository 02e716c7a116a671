/**
 * Moving from create_package.py: its repository's 8 UPT_PRO_* folders (each with the installer put
 * there by hand and the old install/uninstall scripts) build and validate with the command the
 * README documents (docs/migration.md), run through the bundled CLI and the bundled action as users run them.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildInstallerSet, layoutAgentsDir } from './helpers/agents.js';
import { NODE, ROOT, runAction } from './helpers/runner.js';

const ORIGINAL = path.join(ROOT, 'mappings/uptycs-agent-mapping.original.json');
const VERSION = '5.7.0.25';
const OLD_DIRS = [
  'UPT_PRO_AMAZON2_ARM64',
  'UPT_PRO_AMAZON2_x86_64',
  'UPT_PRO_REDHAT_ARM64',
  'UPT_PRO_REDHAT_x86_64',
  'UPT_PRO_SUSE_x86_64',
  'UPT_PRO_UBUNTU_ARM64',
  'UPT_PRO_UBUNTU_x86_64',
  'UPT_PRO_WINDOWS',
];

let work: string;
let old: string;

before(() => {
  work = mkdtempSync(path.join(tmpdir(), 'udist-migration-'));
  const set = buildInstallerSet(path.join(work, 'installers'), VERSION, { pkg: 'uptycs-protect' });
  old = path.join(work, 'ssm-distributor');
  layoutAgentsDir(ORIGINAL, old, set);
  for (const d of OLD_DIRS) {
    const win = d === 'UPT_PRO_WINDOWS';
    writeFileSync(path.join(old, d, win ? 'install.ps1' : 'install.sh'), 'old script\n');
    writeFileSync(path.join(old, d, win ? 'uninstall.ps1' : 'uninstall.sh'), 'old script\n');
  }
  writeFileSync(path.join(old, 'uptycs-agent-mapping.json'), readFileSync(ORIGINAL));
});
after(() => rmSync(work, { recursive: true, force: true }));

async function cli(cwd: string, args: string[]) {
  const child = spawn(NODE, [path.join(ROOT, 'dist/cli/index.js'), ...args], {
    cwd,
    env: { PATH: process.env.PATH, HOME: work },
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, out, err };
}

function manifestOf(dir: string) {
  return JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as {
    version: string;
    packages: Record<string, Record<string, Record<string, { file: string }>>>;
    files: Record<string, unknown>;
  };
}

describe("create_package.py's 8 folders", () => {
  it('the folder layout is the old one', () => {
    assert.deepEqual(
      readdirSync(old)
        .filter((n) => n.startsWith('UPT_PRO_'))
        .sort(),
      OLD_DIRS,
    );
  });

  it('build and validate with the documented command: -d --mapping original -v VERSION --dry-run', async () => {
    const out = path.join(work, 'out-original');
    const r = await cli(old, [
      '-d',
      '--mapping',
      'original',
      '-v',
      VERSION,
      '--dry-run',
      '--output-dir',
      out,
    ]);
    assert.equal(r.code, 0, r.err);
    const m = manifestOf(out);
    assert.equal(m.version, VERSION);
    assert.deepEqual(Object.keys(m.files).sort(), [
      `UPT_PRO_AMAZON2_ARM64-${VERSION}.zip`,
      `UPT_PRO_AMAZON2_x86_64-${VERSION}.zip`,
      `UPT_PRO_UBUNTU_ARM64-${VERSION}.zip`,
      `UPT_PRO_UBUNTU_x86_64-${VERSION}.zip`,
      `UPT_PRO_WINDOWS-${VERSION}.zip`,
    ]);
    assert.deepEqual(Object.keys(m.packages).sort(), ['amazon', 'redhat', 'suse', 'ubuntu', 'windows']);
    assert.match(r.out, /UptycsAgent 5\.7\.0\.25: 5 zips and manifest\.json/);
    assert.match(r.err, /hold install\/uninstall scripts \(as create_package\.py's did\); they are not used/);
  });

  it('the old long flags work too: --download --package_version --package_name', async () => {
    const out = path.join(work, 'out-old-flags');
    const r = await cli(old, [
      '--download',
      '--package_version',
      VERSION,
      '--package_name',
      'UptycsAgent',
      '--mapping',
      'original',
      '--dry-run',
      '--output-dir',
      out,
    ]);
    assert.equal(r.code, 0, r.err);
    assert.equal(manifestOf(out).version, VERSION);
  });

  it('the default mapping builds all its entries from the 8 folders, and says so', async () => {
    const out = path.join(work, 'out-default');
    // Without the folder's own mapping file (with it, that file is the mapping: old-folder-mapping.test.ts).
    const own = path.join(old, 'uptycs-agent-mapping.json');
    renameSync(own, `${own}.away`);
    const r = await cli(old, ['-d', '-v', VERSION, '--dry-run', '--output-dir', out]).finally(() =>
      renameSync(`${own}.away`, own),
    );
    assert.equal(r.code, 0, r.err);
    assert.match(
      r.err,
      /holds the 8 folders of create_package\.py: .*--mapping original builds only the old 8 entries/,
    );
    assert.match(
      r.err,
      /UPT_PRO_CENTOS_x86_64 does not exist: .* uses the centos x86_64 installer in UPT_PRO_AMAZON2_x86_64/,
    );
    const m = manifestOf(out);
    assert.equal(Object.keys(m.files).length, 5, 'one zip per distinct installer');
    for (const p of ['centos', 'rocky', 'almalinux', 'oracle', 'debian'])
      assert.ok(m.packages[p], `${p} is covered from the old folders`);
    assert.equal(m.packages.suse!._any!.arm64!.file, `UPT_PRO_AMAZON2_ARM64-${VERSION}.zip`);
  });

  it('the action builds them too, with mapping: original', async () => {
    const ws = path.join(work, 'ws');
    const r = await runAction(ws, {
      download: 'false',
      'agents-dir': old,
      mapping: 'original',
      'dry-run': 'true',
    });
    assert.equal(r.status, 0, r.stdout);
    assert.equal(r.outputs['package-version'], VERSION);
    assert.equal(JSON.parse(r.outputs.coverage!).length, 8);
  });
});

/**
 * The machine's own Node.js, when it is older than the CLI needs (CI images have Node 20 besides 24):
 * found on PATH past node_modules/.bin, which npm puts first (and which holds Node 24).
 */
function oldNode(): { bin: string; version: string } | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir || dir.includes('node_modules')) continue;
    const bin = path.join(dir, 'node');
    try {
      const version = execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim();
      return Number(/^v(\d+)/.exec(version)?.[1]) < 22 ? { bin, version } : undefined;
    } catch {
      // not here: the next PATH entry
    }
  }
  return undefined;
}

describe('the Node.js the CLI needs', () => {
  const old = oldNode();
  it(
    'an older Node.js gets one line, not the AWS SDK warning',
    { skip: !old && 'no Node.js older than 22 here' },
    () => {
      const r = spawnSync(old!.bin, [path.join(ROOT, 'dist/cli/index.js'), '-d', '--dry-run'], {
        encoding: 'utf8',
      });
      assert.equal(r.status, 1);
      assert.equal(r.stdout, '');
      assert.equal(
        r.stderr,
        `error: uptycs-distributor needs Node.js 22.2 or newer, and this is Node.js ${old!.version.slice(1)}; install a current Node.js (https://nodejs.org, or nvm install 22) and run it again (in a clone of this project, after npm ci, npx uptycs-distributor runs it on the Node.js 24 that npm installs)\n`,
      );
    },
  );
  it(
    '--help and --version work on it, with a note that a build needs Node.js 22',
    { skip: !old && 'no Node.js older than 22 here' },
    () => {
      for (const flag of ['--help', '-h', '--version', '-V']) {
        const r = spawnSync(old!.bin, [path.join(ROOT, 'dist/cli/index.js'), flag], { encoding: 'utf8' });
        assert.equal(r.status, 0, `${flag}: ${r.stderr}`);
        assert.match(
          r.stdout,
          flag.startsWith('--h') || flag === '-h' ? /^Usage: uptycs-distributor/ : /^uptycs-distributor \d/,
        );
        assert.match(r.stderr, /^note: uptycs-distributor needs Node\.js 22\.2 or newer/);
      }
    },
  );
});
