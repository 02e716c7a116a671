import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { INPUT_NAMES, ref, refValue, renderNames } from '../src/common/names.js';

describe('one table of names', () => {
  it('the action names inputs, the CLI names flags', () => {
    const msg = `${ref('package-version')}: no installer carries a version; set ${refValue('package-version', '5.7.0.25')}`;
    assert.equal(
      renderNames(msg, 'action'),
      'input "package-version": no installer carries a version; set package-version: 5.7.0.25',
    );
    assert.equal(
      renderNames(msg, 'cli'),
      '-v/--package-version: no installer carries a version; set -v 5.7.0.25',
    );
  });

  it('the CLI writes switches and special values its own way', () => {
    assert.equal(renderNames(refValue('download', 'false'), 'cli'), '-d');
    assert.equal(renderNames(refValue('dry-run', 'true'), 'cli'), '--dry-run');
    assert.equal(renderNames(refValue('max-versions', '10'), 'cli'), '--max-versions 10');
    assert.equal(renderNames(refValue('download', 'false'), 'action'), 'download: false');
  });

  it('every input has one entry, with distinct short flags', () => {
    const names = INPUT_NAMES.map((n) => n.input);
    assert.equal(new Set(names).size, names.length);
    const shorts = INPUT_NAMES.flatMap((n) => (n.short ? [n.short] : []));
    assert.equal(new Set(shorts).size, shorts.length);
  });
});
