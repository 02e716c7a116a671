/**
 * Every default the action and the CLI state is the one they apply: action.yml's `default:` values,
 * the action's default output-dir (one folder per step), and the CLI's.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { readInputs } from '../src/inputs/index.js';
import { runCli } from '../src/cli.js';
import { CLI_NAMES } from '../src/common/names.js';
import { ROOT, runAction } from './helpers/runner.js';

/** action.yml's inputs: each name with its `default:` (undefined when none) and its description. */
function actionInputs(): { name: string; default?: string; description: string }[] {
  const text = readFileSync(path.join(ROOT, 'action.yml'), 'utf8');
  const block = text.slice(text.indexOf('\ninputs:\n'), text.indexOf('\noutputs:\n'));
  const out: { name: string; default?: string; description: string }[] = [];
  for (const line of block.split('\n')) {
    const name = /^ {2}([a-z][a-z0-9-]*):\s*$/.exec(line)?.[1];
    if (name) out.push({ name, description: '' });
    const def = /^ {4}default:\s*(.*)$/.exec(line)?.[1];
    if (def !== undefined && out.length) out.at(-1)!.default = def.replace(/^'(.*)'$/, '$1');
    if (out.length && /^ {4,}/.test(line) && !/^ {4}(default|required):/.test(line))
      out.at(-1)!.description += ` ${line.trim()}`;
  }
  return out;
}

describe('stated defaults', () => {
  const inputs = actionInputs();

  it("action.yml's inputs are read as written (the parser finds them all)", () => {
    assert.ok(inputs.length > 40, `${inputs.length} inputs`);
    assert.equal(inputs.find((i) => i.name === 'package-name')?.default, 'UptycsAgent');
  });

  it('every default: in action.yml means what leaving the input empty means', () => {
    const base: Record<string, string> = {
      config: 'key.json',
      'rollout-targets': 'tag:Environment=prod',
    };
    const defaults: Record<string, string> = {};
    for (const i of inputs)
      if (i.default !== undefined && !i.default.includes('${{') && !(i.name in base))
        defaults[i.name] = i.default;
    // Most inputs state their default (aws-region, max-concurrency, max-errors and set-default-version
    // leave it to the code, which reads the environment or the rollout plan first).
    assert.ok(Object.keys(defaults).length > 20, `${Object.keys(defaults).length} stated defaults`);
    const cwd = '/work';
    const d = { mapping: '/bundled/mapping.json', outputDir: '/out', cwd };
    const empty = readInputs((n) => base[n] ?? '', d);
    const stated = readInputs((n) => base[n] ?? defaults[n] ?? '', d);
    assert.deepEqual(stated, empty);
  });

  it('the action writes to $RUNNER_TEMP/uptycs-distributor-<step id> when output-dir is empty, as action.yml says', async () => {
    const stated = inputs.find((i) => i.name === 'output-dir')!.description;
    assert.match(stated, /Default \$RUNNER_TEMP\/uptycs-distributor-<step id>/);
    const ws = mkdtempSync(path.join(tmpdir(), 'defaults-'));
    try {
      const r = await runAction(ws, { mode: 'plan' }, { GITHUB_ACTION: 'build_package' });
      assert.equal(r.status, 0, r.stdout);
      assert.equal(r.outputs['output-dir'], path.join(ws, 'runner-temp', 'uptycs-distributor-build_package'));
    } finally {
      rmSync(ws, { recursive: true, force: true });
    }
  });

  it('the CLI writes to ./uptycs-distributor-package when -o is not given, as its help says', async () => {
    const help = CLI_NAMES.find((f) => f.input === 'output-dir')!.help;
    const stated = /\(\.\/([^)]+)\)/.exec(help)?.[1];
    assert.equal(stated, 'uptycs-distributor-package');
    const cwd = mkdtempSync(path.join(tmpdir(), 'defaults-cli-'));
    try {
      const lines: string[] = [];
      const code = await runCli(['--mode', 'plan'], {
        stdout: (s) => lines.push(s),
        stderr: (s) => lines.push(s),
        cwd,
        env: {},
      });
      assert.equal(code, 0, lines.join('\n'));
      assert.ok(existsSync(path.join(cwd, stated!)), `${stated} was written`);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});
