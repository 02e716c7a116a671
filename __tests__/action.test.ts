/**
 * The action as the runner runs it: `node dist/index.js` with INPUT_* variables, GITHUB_OUTPUT and
 * GITHUB_STEP_SUMMARY files, and workflow commands on stdout. And the CLI with the old tool's flags.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { mayBePublic } from '../src/action.js';
import { runCli } from '../src/cli.js';
import { buildInstallerSet, layoutAgentsDir, type Kind } from './helpers/agents.js';
import { runAction } from './helpers/runner.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BUNDLED = path.join(ROOT, 'mappings/uptycs-agent-mapping.json');
const VERSION = '5.8.3.35';
let work: string;
let set: Record<Kind, string>;

before(() => {
  work = mkdtempSync(path.join(tmpdir(), 'udist-action-'));
  set = buildInstallerSet(path.join(work, 'installers'), VERSION);
});
after(() => rmSync(work, { recursive: true, force: true }));

describe('the action from dist/, as the runner runs it', () => {
  it('builds the bundled mapping offline (download: false, dry-run) and sets every output', async () => {
    const ws = path.join(work, 'ws1');
    mkdirSync(ws);
    layoutAgentsDir(BUNDLED, path.join(ws, 'agents'), set);
    const step = (id: string) =>
      runAction(
        ws,
        { download: 'false', 'agents-dir': 'agents', 'dry-run': 'true', 'package-name': 'UptycsAgentTest' },
        { GITHUB_ACTION: id, GITHUB_JOB: 'build', GITHUB_RUN_ID: '42', GITHUB_RUN_ATTEMPT: '1' },
      );
    const r = await step('__uptycs_action');
    assert.equal(r.status, 0, r.stdout);
    assert.equal(r.outputs['package-name'], 'UptycsAgentTest');
    assert.equal(r.outputs['package-version'], VERSION);
    // Each step of a job gets its own default folder (GITHUB_ACTION is unique per step).
    const outDir = path.join(ws, 'runner-temp', 'uptycs-distributor-__uptycs_action');
    assert.equal(r.outputs['output-dir'], outDir);
    const second = await step('__uptycs_action_2');
    assert.equal(second.status, 0, second.stdout);
    assert.equal(
      second.outputs['output-dir'],
      path.join(ws, 'runner-temp', 'uptycs-distributor-__uptycs_action_2'),
    );
    assert.ok(existsSync(path.join(outDir, 'manifest.json')), "the first step's package is still there");
    assert.equal(r.outputs.manifest, path.join(outDir, 'manifest.json'));
    assert.equal(r.outputs['cache-hit'], 'false');
    const coverage = JSON.parse(r.outputs.coverage!) as {
      platform: string;
      arch: string;
      zip: string;
      sha256: string;
    }[];
    assert.equal(coverage.length, 19);
    const manifest = JSON.parse(readFileSync(r.outputs.manifest!, 'utf8'));
    for (const c of coverage) assert.equal(manifest.files[c.zip].checksums.sha256, c.sha256);
    assert.ok(existsSync(r.outputs.report!));
    // Logs: one group per stage, with timings.
    for (const g of ['Plan', 'Agents', 'Package', 'Report'])
      assert.match(r.stdout, new RegExp(`::group::${g}\\n`));
    assert.match(r.stdout, /Package took \d/);
    // Job summary: the coverage matrix, one row per zip, and the resolution preview.
    assert.match(
      r.summary,
      /## ✅ Uptycs Distributor package UptycsAgentTest 5\.8\.3\.35 \(dry run: built, not published\)/,
    );
    assert.match(r.summary, /\| AlmaLinux <code>almalinux<\/code> \| any \| \*\*A\*\* \| \*\*B\*\* \|/);
    assert.match(
      r.summary,
      /\| \*\*B\*\* \| <code>UPT_PRO_AMAZON2_ARM64-5\.8\.3\.35\.zip<\/code> \| aarch64 rpm: /,
    );
    assert.match(
      r.summary,
      /\| \*\*Amazon Linux 2023\*\* \| x86_64 \| ✅ \*\*A\*\* x86_64 rpm <sub>\(via amazon \/ _any \/ x86_64\)<\/sub> \|/,
    );
    assert.match(r.summary, /Not covered, as expected: macOS 14\.5 \(arm64\)/);
  });

  it('turns mapping errors into annotations on the file and line, and fails the step', async () => {
    const ws = path.join(work, 'ws2');
    mkdirSync(ws);
    const mapping = {
      linux: [
        { upt_package: 'centos', dir: 'A', name: 'rhel', major_version: '_any', arch_type: 'x86_64' },
        { upt_package: 'centos', dir: 'B', name: 'amazon', major_version: '_any', arch_type: 'i386' },
      ],
    };
    mkdirSync(path.join(ws, '.github'));
    writeFileSync(path.join(ws, '.github', 'uptycs-mapping.json'), JSON.stringify(mapping, null, 2));
    mkdirSync(path.join(ws, 'agents'));
    const r = await runAction(ws, {
      download: 'false',
      'agents-dir': 'agents',
      'dry-run': 'true',
      mapping: '.github/uptycs-mapping.json',
    });
    assert.equal(r.status, 1);
    assert.match(
      r.stdout,
      /::error file=\.github\/uptycs-mapping\.json,line=6,col=\d+::linux\[0\]: platform name "rhel" .*use "redhat"/,
    );
    assert.match(
      r.stdout,
      /::error file=\.github\/uptycs-mapping\.json,line=15,col=\d+::linux\[1\]: arch_type "i386" .*use "386"/,
    );
    assert.match(r.stdout, /::error::mapping \.github\/uptycs-mapping\.json has 2 problems/);
    assert.ok(!existsSync(path.join(ws, 'runner-temp', 'uptycs-distributor')), 'nothing built');
  });

  it('lists every bad input at once and fails before doing anything', async () => {
    const ws = path.join(work, 'ws3');
    mkdirSync(ws);
    const r = await runAction(ws, {
      download: 'maybe',
      'package-name': 'aws-agent',
      'aws-region': 'mars-1',
      'package-version': '5.7 beta',
    });
    assert.equal(r.status, 1);
    for (const re of [
      /input "package-name": "aws-agent" starts with a prefix AWS reserves/,
      /input "package-version": "5\.7 beta" must be/,
      /input "aws-region": "mars-1" is not an AWS region/,
      /input "download": "maybe" is not a boolean/,
    ])
      assert.match(r.stdout, re);
  });
});

describe('the CLI takes the old create_package.py flags', () => {
  async function cli(args: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(args, {
      stdout: (s) => out.push(s),
      stderr: (s) => err.push(s),
      cwd: work,
      env: {},
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  it('-d -v -p -o build offline from folders in the current directory, as the old tool did', async () => {
    const ws = path.join(work, 'cli1');
    layoutAgentsDir(path.join(ROOT, '__tests__/fixtures/uptycs-agent-mapping.original.json'), ws, set);
    const out = path.join(work, 'cli1-out');
    const code = await runCli(
      [
        '-d',
        '-v',
        VERSION,
        '-p',
        'MyUptycs',
        '-o',
        '--mapping',
        path.join(ROOT, '__tests__/fixtures/uptycs-agent-mapping.original.json'),
        '--dry-run',
        '--output-dir',
        out,
      ],
      { stdout: () => {}, stderr: () => {}, cwd: ws, env: {} },
    );
    assert.equal(code, 0);
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8'));
    assert.equal(manifest.version, VERSION);
    assert.equal(Object.keys(manifest.files).length, 5);
    assert.ok(JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')).packageName === 'MyUptycs');
  });

  it('long forms, old and new, are the same inputs', async () => {
    const ws = path.join(work, 'cli2');
    layoutAgentsDir(BUNDLED, ws, set);
    const a = await cli([
      '--download',
      'false',
      '--agents-dir',
      ws,
      '--package_name',
      'OldStyle',
      '--package_version',
      VERSION,
      '--dry-run',
      '--output-dir',
      path.join(work, 'cli2-a'),
    ]);
    assert.equal(a.code, 0, a.err);
    assert.match(a.out, /OldStyle 5\.8\.3\.35: 5 zips/);
    const b = await cli([
      '--download=false',
      '--agents-dir',
      ws,
      '--package-name',
      'NewStyle',
      '--dry-run',
      '--output-dir',
      path.join(work, 'cli2-b'),
    ]);
    assert.equal(b.code, 0, b.err);
    assert.match(b.out, /NewStyle 5\.8\.3\.35/);
    assert.match(b.out, /windows\s+_any\s+x86_64\s+UPT_PRO_WINDOWS-5\.8\.3\.35\.zip/);
  });

  it('--help shows every flag; an unknown flag exits 1 with one line naming the closest flag', async () => {
    const h = await cli(['--help']);
    assert.equal(h.code, 0);
    for (const f of [
      '-c, --config',
      '-b, --s3-bucket, --s3bucket',
      '-p, --package-name, --package_name',
      '-r, --aws-region, --aws_region',
      '-v, --package-version',
      '-o, --sensor-only, --sensor_only',
      '-d, --download',
    ])
      assert.ok(h.out.includes(f), f);
    const bad = await cli(['--bucket', 'x']);
    assert.equal(bad.code, 1);
    assert.equal(
      bad.err,
      'error: unknown option --bucket; did you mean --s3bucket? (uptycs-distributor --help lists every option)',
    );
  });

  it('without -c and with download on, says the key is needed', async () => {
    const r = await cli(['--dry-run']);
    assert.equal(r.code, 1);
    assert.match(r.err, /-c\/--config: the Uptycs API key is required/);
    assert.doesNotMatch(r.err, /input "config"/);
  });
});

describe('cache: auto', () => {
  it('fails closed: installers are cached only when the event says the repository is private', () => {
    assert.equal(mayBePublic(undefined), true, 'no repository in the event payload');
    assert.equal(mayBePublic({}), true, 'a repository without visibility');
    assert.equal(mayBePublic({ private: false }), true);
    assert.equal(mayBePublic({ private: false, visibility: 'public' }), true);
    assert.equal(mayBePublic({ private: true, visibility: 'private' }), false);
    assert.equal(mayBePublic({ private: true, visibility: 'internal' }), false);
    assert.equal(mayBePublic({ private: true }), false);
  });
});
