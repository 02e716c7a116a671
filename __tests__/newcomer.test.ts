/**
 * What a newcomer meets (issue 31, "confusing today"): an error derived from another input names the
 * input the user gave (-p "Uptycs Agent" also blamed --association-name, which nobody gave).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { runCli } from '../src/cli.js';

const work = mkdtempSync(path.join(tmpdir(), 'udist-newcomer-'));
after(() => rmSync(work, { recursive: true, force: true }));

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, {
    stdout: (s) => out.push(s),
    stderr: (s) => err.push(s),
    cwd: work,
    env: {},
  });
  return { code, err: err.join('\n') };
}

describe('an error derived from another input names the input the user gave', () => {
  it('-p "Uptycs Agent": one error, for -p, none for --association-name', async () => {
    const r = await cli(['-p', 'Uptycs Agent', '--mode', 'plan']);
    assert.equal(r.code, 1);
    assert.match(r.err, /-p\/--package-name: "Uptycs Agent" must be 3 to 128 characters/);
    assert.doesNotMatch(r.err, /association-name/);
    assert.doesNotMatch(r.err, /\d+ inputs are invalid/, 'one mistake, one error');
  });

  it('with rollout targets too: still only -p', async () => {
    const r = await cli(['-p', 'Uptycs Agent', '--mode', 'plan', '--rollout-targets', 'tag:uptycs=yes']);
    assert.equal(r.code, 1);
    assert.doesNotMatch(r.err, /association-name:/);
  });

  it('a valid package name too long for the association named after it: the error names -p, and --association-name as the way out', async () => {
    const name = `P${'a'.repeat(124)}`;
    const r = await cli(['-p', name, '--mode', 'plan', '--rollout-targets', 'tag:uptycs=yes']);
    assert.equal(r.code, 1);
    assert.match(
      r.err,
      /-p\/--package-name: "Pa+" is too long for the association named after it \("Pa+-rollout", at most 128 characters\): give a shorter one, or give --association-name/,
    );
    const ok = await cli([
      '-p',
      name,
      '--mode',
      'plan',
      '--rollout-targets',
      'tag:uptycs=yes',
      '--association-name',
      'fleet',
    ]);
    assert.doesNotMatch(ok.err, /package-name|association-name/);
  });

  it('a wrong --association-name the user gave is still named', async () => {
    const r = await cli(['--mode', 'plan', '--association-name', 'x']);
    assert.match(r.err, /--association-name: "x" must be 3 to 128/);
  });
});
