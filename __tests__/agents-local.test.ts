/**
 * Installers placed by hand: the cause is named (architecture, content, version), not a symptom.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { describeHead, magicProblem } from '../src/agents/installer.js';
import { run } from '../src/core.js';
import { isUserError } from '../src/common/errors.js';
import { readInputs } from '../src/inputs/index.js';
import { renderNames } from '../src/common/names.js';
import { textLog } from '../src/common/log.js';
import { buildInstallerSet, layoutAgentsDir, type Kind } from './helpers/agents.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ORIGINAL = path.join(ROOT, 'mappings/uptycs-agent-mapping.original.json');
const VERSION = '5.7.0.25';
let work: string;
let set: Record<Kind, string>;
let agents: string;

before(() => {
  work = mkdtempSync(path.join(tmpdir(), 'udist-local-'));
  set = buildInstallerSet(path.join(work, 'installers'), VERSION);
  agents = path.join(work, 'agents');
  layoutAgentsDir(ORIGINAL, agents, set);
});
after(() => rmSync(work, { recursive: true, force: true }));

async function build(over: Record<string, string>) {
  const lines: string[] = [];
  const get = { download: 'false', 'dry-run': 'true', 'agents-dir': agents, mapping: ORIGINAL, ...over };
  const inputs = readInputs((n) => get[n as keyof typeof get] ?? '', {
    mapping: ORIGINAL,
    outputDir: path.join(work, `out-${Math.random().toString(36).slice(2)}`),
    cwd: work,
  });
  try {
    const r = await run(inputs, { log: textLog((l) => lines.push(l), { face: 'cli' }), packageRoot: ROOT });
    return { r, log: lines.join('\n') };
  } catch (err) {
    assert.ok(isUserError(err), String(err));
    return { err: renderNames(err.message, 'cli'), log: lines.join('\n') };
  }
}

describe('installers placed by hand', () => {
  it('an arm64 .deb next to the x86_64 one is set aside for its architecture, with or without -v', async () => {
    const d = path.join(work, 'two-arch');
    cpSync(agents, d, { recursive: true });
    cpSync(set['debian/arm64'], path.join(d, 'UPT_PRO_UBUNTU_x86_64', path.basename(set['debian/arm64'])));
    for (const v of [VERSION, '']) {
      const { r, log, err } = await build({ 'agents-dir': d, 'package-version': v });
      assert.equal(err, undefined);
      assert.match(
        log,
        /warning: .*UPT_PRO_UBUNTU_x86_64: ignoring .*\.arm64\.deb \(named for arm64; this folder is for x86_64\); remove it/,
      );
      const f = r!.pkg.files.find((x) => x.name.startsWith('UPT_PRO_UBUNTU_x86_64'))!;
      assert.equal(f.installerName, path.basename(set['debian/x86_64']));
      assert.doesNotMatch(log, /set package-version|2 \.deb installers/);
    }
  });

  it('an installer of another version than -v is an error unless --skip-version-check', async () => {
    const { err } = await build({ 'package-version': '5.8.0.1' });
    assert.match(
      err!,
      /^-v\/--package-version: 5\.8\.0\.1 was asked for, but the installers name another: .*\(5\.7\.0\.25\); .*or add --skip-version-check/,
    );
    const ok = await build({ 'package-version': '5.8.0.1', 'skip-version-check': 'true' });
    assert.equal(ok.err, undefined);
    assert.equal(ok.r!.pkg.version, '5.8.0.1');
    assert.match(
      ok.log,
      /warning: -v\/--package-version is 5\.8\.0\.1 but .* name another version \(--skip-version-check is set\)/,
    );
  });

  it('the first bytes are shown as they are, next to what was expected', () => {
    assert.equal(describeHead(Buffer.from('<html>')), '"<htm" (3C 68 74 6D)');
    assert.equal(describeHead(Buffer.from([0xed, 0xab, 0xee, 0xdb])), 'ED AB EE DB');
    assert.equal(
      magicProblem('rpm', Buffer.from('<!DOCTYPE html>')),
      'is not an RPM package: it starts with "<!DO" (3C 21 44 4F), an RPM package starts with ED AB EE DB; it looks like an HTML page (a login or error page saved in place of the installer); download the installer again',
    );
    assert.match(magicProblem('msi', Buffer.alloc(0))!, /^is empty, not a Windows Installer package/);
    assert.equal(magicProblem('rpm', Buffer.from([0xed, 0xab, 0xee, 0xdb, 1, 2])), undefined);
  });
});
