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

function readmeInputs(): string[] {
  const md = read('README.md');
  const table = md.slice(md.indexOf('\n## Inputs\n'), md.indexOf('\n## Outputs\n'));
  return [...table.matchAll(/^\| `([a-z0-9-]+)` +\|/gm)].map((m) => m[1]!);
}

describe('inputs are documented where people look', () => {
  it('action.yml, the table of names and the README list the same inputs', () => {
    const names = INPUT_NAMES.map((n) => n.input).sort();
    assert.deepEqual(actionInputs().sort(), names);
    assert.deepEqual(readmeInputs().sort(), names);
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
