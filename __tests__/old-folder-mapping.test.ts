/**
 * create_package.py's folder holds its own mapping file, often edited (a Windows entry removed). A run
 * there without a mapping uses that file and says so; several such files that disagree, or one that
 * disagrees with the mapping given, stop the run with one error naming the mapping flag. Through the
 * CLI, in the folder, as a user moving over runs it.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../src/cli.js';
import { SAMPLE_INSTALLERS, layoutAgentsDir } from './helpers/agents.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const ORIGINAL = path.join(ROOT, 'mappings/uptycs-agent-mapping.original.json');
const VERSION = '5.7.0.25';

/** The original mapping without its Windows entry, as a user edited it. */
const EDITED = (() => {
  const m = JSON.parse(readFileSync(ORIGINAL, 'utf8')) as Record<string, unknown>;
  delete m.windows;
  return `${JSON.stringify(m, null, 2)}\n`;
})();

let work: string;
let n = 0;

/** A create_package.py folder: the 8 UPT_PRO_* folders with their installers, and the given files. */
function oldFolder(files: Record<string, string>): string {
  const dir = path.join(work, `old-${++n}`);
  cpSync(path.join(work, 'template'), dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

async function cli(cwd: string, args: string[]) {
  const out = path.join(work, `out-${++n}`);
  const lines: string[] = [];
  const code = await runCli([...args, '--output-dir', out], {
    stdout: (s) => lines.push(s),
    stderr: (s) => lines.push(s),
    cwd,
    env: { PATH: process.env.PATH, HOME: work },
  });
  const text = lines.join('\n');
  const manifest = (): { packages: Record<string, unknown> } =>
    JSON.parse(
      readFileSync(
        path.join(out, code === 0 && args.includes('plan') ? 'manifest.plan.json' : 'manifest.json'),
        'utf8',
      ),
    ) as {
      packages: Record<string, unknown>;
    };
  return { code, text, errors: text.split('\n').filter((l) => l.startsWith('error:')), manifest };
}

before(() => {
  work = mkdtempSync(path.join(tmpdir(), 'udist-old-mapping-'));
  layoutAgentsDir(ORIGINAL, path.join(work, 'template'), SAMPLE_INSTALLERS);
});
after(() => rmSync(work, { recursive: true, force: true }));

describe("create_package.py's own mapping file in its folder", () => {
  for (const name of ['uptycs_agent_mapping.json', 'uptycs-agent-mapping.json', 'agent_list.json'])
    it(`${name} without --mapping: used, and said so; the Windows entry it removed stays out`, async () => {
      const dir = oldFolder({ [name]: EDITED });
      const r = await cli(dir, ['-d', '-v', VERSION, '--dry-run']);
      assert.equal(r.code, 0, r.text);
      assert.match(
        r.text,
        new RegExp(
          `Mapping ${name.replace(/\./g, '\\.')}: the mapping file of create_package\\.py's folder, used instead of the bundled one \\(give --mapping to choose another\\)`,
        ),
      );
      assert.deepEqual(Object.keys(r.manifest().packages).sort(), ['amazon', 'redhat', 'suse', 'ubuntu']);
    });

  it('downloading (here: a plan) in the folder uses it too; in a folder that is not create_package.py’s, it does not', async () => {
    const dir = oldFolder({ 'uptycs-agent-mapping.json': EDITED });
    const r = await cli(dir, ['--mode', 'plan']);
    assert.equal(r.code, 0, r.text);
    assert.ok(!('windows' in r.manifest().packages), r.text);
    const plain = path.join(work, 'plain');
    mkdirSync(plain, { recursive: true });
    writeFileSync(path.join(plain, 'uptycs-agent-mapping.json'), EDITED);
    const p = await cli(plain, ['--mode', 'plan']);
    assert.equal(p.code, 0, p.text);
    assert.ok('windows' in p.manifest().packages, 'the bundled mapping: no old folder there');
  });

  it('two of the old names with different entries: one error naming --mapping; with the same entries: used', async () => {
    const dir = oldFolder({
      'uptycs_agent_mapping.json': EDITED,
      'agent_list.json': readFileSync(ORIGINAL, 'utf8'),
    });
    const r = await cli(dir, ['-d', '-v', VERSION, '--dry-run']);
    assert.equal(r.code, 1, r.text);
    assert.deepEqual(r.errors, [
      'error: --mapping: . holds 2 mapping files of create_package.py with different entries (windows _any x86_64 ← UPT_PRO_WINDOWS (windows) only in agent_list.json); give the one to use, such as --mapping uptycs_agent_mapping.json, and remove the other',
    ]);
    const same = oldFolder({
      'uptycs_agent_mapping.json': EDITED,
      'agent_list.json': EDITED.replace(/\n/g, '\r\n'),
    });
    const s = await cli(same, ['-d', '-v', VERSION, '--dry-run']);
    assert.equal(s.code, 0, s.text);
    assert.ok(!('windows' in s.manifest().packages));
  });

  it('a given mapping that the folder’s own disagrees with: one error naming --mapping; the folder’s own, given: used', async () => {
    const dir = oldFolder({ 'uptycs_agent_mapping.json': EDITED });
    const r = await cli(dir, ['-d', '-v', VERSION, '--dry-run', '--mapping', 'original']);
    assert.equal(r.code, 1, r.text);
    assert.equal(r.errors.length, 1, r.text);
    assert.match(
      r.errors[0]!,
      /^error: --mapping: .*uptycs-agent-mapping\.original\.json was given, but \. holds create_package\.py's own mapping uptycs_agent_mapping\.json with other entries \(windows _any x86_64 ← UPT_PRO_WINDOWS \(windows\) only in the given mapping\); give --mapping uptycs_agent_mapping\.json to use that one, or move it out of \. to use the given one$/,
    );
    const own = await cli(dir, ['-d', '-v', VERSION, '--dry-run', '--mapping', 'uptycs_agent_mapping.json']);
    assert.equal(own.code, 0, own.text);
    assert.doesNotMatch(own.text, /instead of the bundled one/);
    // The same entries as the given mapping: nothing to choose between.
    const agree = oldFolder({ 'uptycs-agent-mapping.json': readFileSync(ORIGINAL, 'utf8') });
    const a = await cli(agree, ['-d', '-v', VERSION, '--dry-run', '--mapping', 'original']);
    assert.equal(a.code, 0, a.text);
  });
});
