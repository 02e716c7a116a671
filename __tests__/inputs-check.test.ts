/** What the inputs point at, checked before any work: paths, the key, a role's token, named mappings. */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { isUserError } from '../src/common/errors.js';
import {
  OUTPUT_MARKER,
  agentsDirProblem,
  checkInputs,
  mappingFileProblem,
  outputDirProblem,
  roleProblem,
} from '../src/check.js';
import { readInputs } from '../src/inputs/index.js';
import { phrase, renderNames } from '../src/common/names.js';
import { textLog } from '../src/common/log.js';

const dir = mkdtempSync(path.join(tmpdir(), 'udist-check-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const file = path.join(dir, 'a-file');
writeFileSync(file, 'x');
const defaults = {
  mapping: '/action/mappings/uptycs-agent-mapping.json',
  outputDir: path.join(dir, 'out'),
  cwd: dir,
};

describe('path inputs', () => {
  it('output-dir: a file, inside a file, someone else’s files are refused; new, empty or ours are fine', async () => {
    assert.match((await outputDirProblem(file))!, /a-file is a file; give a folder/);
    assert.match((await outputDirProblem(path.join(file, 'x', 'y')))!, /is inside .*a-file, which is a file/);
    const foreign = path.join(dir, 'foreign');
    mkdirSync(foreign);
    writeFileSync(path.join(foreign, 'notes.txt'), '');
    assert.match(
      (await outputDirProblem(foreign))!,
      /already holds files this tool did not write \(notes\.txt\)/,
    );
    const ours = path.join(dir, 'ours');
    mkdirSync(ours);
    writeFileSync(path.join(ours, OUTPUT_MARKER), '');
    assert.equal(await outputDirProblem(ours), undefined);
    assert.equal(await outputDirProblem(path.join(dir, 'new', 'deeper')), undefined);
  });

  it('agents-dir and mapping: missing, a file, a folder', async () => {
    assert.match((await agentsDirProblem(path.join(dir, 'none')))!, /does not exist; create it/);
    assert.match((await agentsDirProblem(file))!, /is a file/);
    assert.equal(await agentsDirProblem(dir), undefined);
    assert.match(
      (await mappingFileProblem(path.join(dir, 'none.json')))!,
      /does not exist; .*bundled mapping by name/,
    );
    assert.match((await mappingFileProblem(dir))!, /is a folder/);
    assert.equal(await mappingFileProblem(file), undefined);
  });

  it('a role needs a token: never from the CLI; in Actions only with id-token: write', () => {
    assert.match(
      renderNames(roleProblem({}, false)!, 'cli'),
      /leave --role-to-assume empty and give AWS credentials in the environment \(AWS_PROFILE/,
    );
    assert.match(
      renderNames(roleProblem({ GITHUB_ACTIONS: 'true' }, true)!, 'action'),
      /permissions: id-token: write/,
    );
    assert.equal(
      roleProblem({ GITHUB_ACTIONS: 'true', ACTIONS_ID_TOKEN_REQUEST_URL: 'http://x' }, true),
      undefined,
    );
  });
});

describe('named mappings and versions', () => {
  const read = (over: Record<string, string>) => readInputs((n) => over[n] ?? '', defaults);
  it('mapping: original and default are the bundled files; anything else is a path', () => {
    assert.equal(
      read({ config: 'x', mapping: 'original' }).mapping,
      '/action/mappings/uptycs-agent-mapping.original.json',
    );
    assert.equal(
      read({ config: 'x', mapping: 'default' }).mapping,
      '/action/mappings/uptycs-agent-mapping.json',
    );
    assert.equal(read({ config: 'x', mapping: 'm.json' }).mapping, path.join(dir, 'm.json'));
  });

  it('an agent version is four numbers', () => {
    assert.equal(read({ config: 'x', 'package-version': '5.7.0.25' }).packageVersion, '5.7.0.25');
    for (const v of ['5.7', 'v5.7.0.25', '5.7.0.25.1', '5.7.0'])
      assert.throws(
        () => read({ config: 'x', 'package-version': v }),
        (e: Error) => isUserError(e) && /is not an agent version: write its four numbers/.test(e.message),
        v,
      );
  });
});

describe('checkInputs: everything at once', () => {
  it('value problems, path problems and the key file are reported together', async () => {
    const err = await checkInputs(
      (n) =>
        ({ config: path.join(dir, 'missing-key.json'), 'aws-region': 'us-east1', 'output-dir': file })[n] ??
        '',
      {
        ...defaults,
        mapping: fileURLToPath(new URL('../mappings/uptycs-agent-mapping.json', import.meta.url)),
      },
      { log: textLog(() => {}), env: {}, oidc: false },
    ).then(
      () => assert.fail('accepted'),
      (e: unknown) => e as Error,
    );
    assert.ok(isUserError(err));
    const m = renderNames(err.message, 'action');
    assert.match(m, /^3 problems in the inputs:\n/);
    assert.match(m, /input "aws-region": "us-east1" is not an AWS region; did you mean us-east-1\?/);
    assert.match(m, /input "output-dir": .*a-file is a file/);
    assert.match(m, /input "config": the file .*missing-key\.json does not exist/);
  });
});

describe('phrases each face words its own way', () => {
  it('how to give AWS credentials, where help is', () => {
    const m = `no AWS credentials: ${phrase('aws-credentials')}`;
    assert.match(renderNames(m, 'action'), /role-to-assume.*aws-actions\/configure-aws-credentials/);
    assert.doesNotMatch(renderNames(m, 'action'), /AWS_PROFILE/);
    assert.match(renderNames(m, 'cli'), /AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY/);
    assert.doesNotMatch(renderNames(m, 'cli'), /configure-aws-credentials/);
    assert.equal(renderNames(phrase('help'), 'cli'), 'uptycs-distributor --help lists every option');
  });
});
