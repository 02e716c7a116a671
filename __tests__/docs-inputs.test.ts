/** Every input is in the three places a person looks: action.yml, the CLI's flags, the README's table. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { usage } from '../src/cli.js';
import { INPUT_NAMES } from '../src/common/names.js';

const read = (f: string) => readFileSync(new URL(`../${f}`, import.meta.url), 'utf8');

function actionInputs(): string[] {
  const yml = read('action.yml');
  const block = yml.slice(yml.indexOf('\ninputs:\n'), yml.indexOf('\noutputs:\n'));
  return [...block.matchAll(/^ {2}([a-z0-9-]+):$/gm)].map((m) => m[1]!);
}

/** The rows of a Markdown table whose first cell is a `name`, between two headings of a page. */
function rows(file: string, from: string, to?: string): Map<string, string[]> {
  const md = read(file);
  const start = md.indexOf(from);
  assert.ok(start >= 0, `${file} has ${from.trim()}`);
  const end = to === undefined ? md.length : md.indexOf(to, start);
  const out = new Map<string, string[]>();
  for (const line of md.slice(start, end < 0 ? md.length : end).split('\n')) {
    const m = /^\| `([a-z0-9-]+)` +\|/.exec(line);
    if (m)
      out.set(
        m[1]!,
        line
          .split(/(?<!\\)\|/)
          .slice(1, -1)
          .map((c) => c.trim()),
      );
  }
  return out;
}

function readmeInputs(): string[] {
  return [...rows('README.md', '\n## Inputs\n', '\n## Outputs\n').keys()];
}

function actionOutputs(): string[] {
  const yml = read('action.yml');
  const block = yml.slice(yml.indexOf('\noutputs:\n'), yml.indexOf('\nruns:\n'));
  return [...block.matchAll(/^ {2}([a-z0-9-]+):$/gm)].map((m) => m[1]!);
}

describe('inputs are documented where people look', () => {
  it('action.yml, the table of names and the README list the same inputs', () => {
    const names = INPUT_NAMES.map((n) => n.input).sort();
    assert.deepEqual(actionInputs().sort(), names);
    assert.deepEqual(readmeInputs().sort(), names);
  });

  it('every input of the README table has an example, and docs/ describes each in full', () => {
    for (const [name, cells] of rows('README.md', '\n## Inputs\n', '\n## Outputs\n'))
      assert.match(cells.at(-1)!, /\S.* `[^`]+`$/, `${name}: a description, then an example in code`);
    const full = [
      ...rows('docs/inputs.md', '# Inputs in full\n').keys(),
      ...rows('docs/rollout.md', '\n## Rollout inputs\n').keys(),
    ];
    assert.deepEqual(full.sort(), INPUT_NAMES.map((n) => n.input).sort());
  });

  it('the README lists every output of action.yml with an example', () => {
    const table = rows('README.md', '\n## Outputs\n', '\n## Contents\n');
    assert.deepEqual([...table.keys()].sort(), actionOutputs().sort());
    for (const [name, cells] of table) assert.match(cells[2] ?? '', /^`[^`]+`/, `${name}: an example`);
  });

  it('the CLI help lists every flag', () => {
    const help = usage();
    for (const n of INPUT_NAMES)
      assert.equal(
        help.includes(`--${n.input}`),
        !n.actionOnly,
        `--${n.input} (action only: ${n.actionOnly ?? false})`,
      );
  });

  it('the README warns about the enrollment secret where the installers go', () => {
    const md = read('README.md');
    const table = md.slice(md.indexOf('\n## Inputs\n'), md.indexOf('\n## Outputs\n'));
    const row = (name: string) => table.split('\n').find((l) => l.startsWith(`| \`${name}\``)) ?? '';
    for (const name of ['s3-bucket', 'share-with-accounts', 'cache'])
      assert.match(row(name), /enrollment secret/, name);
  });
});
