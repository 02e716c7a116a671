import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isUserError } from '../src/common/errors.js';
import { readInputs } from '../src/inputs/index.js';
import { renderNames } from '../src/common/names.js';

const defaults = { mapping: '/action/mappings/m.json', outputDir: '/tmp/out', cwd: '/ws' };
const read = (given: Record<string, string>) => readInputs((n) => given[n] ?? '', defaults);
function problems(given: Record<string, string>): string {
  try {
    read(given);
  } catch (err) {
    assert.ok(isUserError(err));
    return renderNames(err.message, 'action');
  }
  assert.fail('accepted');
}

describe('inputs', () => {
  it('defaults match the old tool', () => {
    const i = read({ config: '{"key":"k"}' });
    assert.equal(i.packageName, 'UptycsAgent');
    assert.deepEqual(i.awsRegions, ['us-east-1']);
    assert.equal(i.download, true);
    assert.equal(i.sensorOnly, false);
    assert.equal(i.dryRun, false);
    assert.equal(i.mapping, '/action/mappings/m.json');
    assert.equal(i.outputDir, '/tmp/out');
    assert.equal(i.assetGroup, 'assets');
    assert.equal(i.s3Prefix, 'uptycs/{package-name}/{version}/');
    assert.equal(i.maxVersions, 25);
    assert.equal(i.setDefaultVersion, true);
  });

  it('resolves paths against the workspace and splits lists', () => {
    const i = read({
      download: 'false',
      'agents-dir': 'agents',
      mapping: 'm.json',
      'output-dir': '../o',
      'aws-region': 'us-east-1, eu-west-1\nus-east-1',
      'share-with-accounts': '111111111111 222222222222',
      's3-prefix': '/pkg/{package-name}/{version}',
    });
    assert.equal(i.agentsDir, '/ws/agents');
    assert.equal(i.mapping, '/ws/m.json');
    assert.equal(i.outputDir, '/o');
    assert.deepEqual(i.awsRegions, ['us-east-1', 'eu-west-1']);
    assert.deepEqual(i.shareWithAccounts, ['111111111111', '222222222222']);
    assert.equal(i.s3Prefix, 'pkg/{package-name}/{version}/');
  });

  it('every bad input is named with its fix, all at once', () => {
    const m = problems({
      download: 'yes',
      'package-name': 'ab',
      'package-version': 'v 1',
      'aws-region': 'us-east-1,Europe',
      's3-bucket': 'My_Bucket',
      'uptycs-api-url': 'http://tenant.uptycs.io',
      'role-to-assume': 'publisher',
      'role-duration-seconds': '60',
      'max-versions': '30',
      'share-with-accounts': '1234',
      'dry-run': 'maybe',
    });
    for (const re of [
      /input "download": "yes" is not a boolean; write true or false/,
      /input "dry-run": "maybe"/,
      /input "package-name": "ab" must be 3 to 128/,
      /input "package-version": "v 1"/,
      /input "aws-region": "Europe" is not an AWS region/,
      /input "s3-bucket": "My_Bucket" is not a valid S3 bucket name/,
      /input "uptycs-api-url": http:\/\/ is refused/,
      /input "role-to-assume": "publisher" is not an IAM role ARN/,
      /input "role-duration-seconds": "60" must be a whole number from 900 to 43200/,
      /input "max-versions": "30" must be a whole number from 2 to 25/,
      /input "share-with-accounts": "1234" is not a 12-digit AWS account ID/,
    ])
      assert.match(m, re);
  });

  it('takes a version as the Uptycs console shows it', () => {
    assert.equal(read({ config: 'x', 'package-version': '5.7.0.25-Uptycs' }).packageVersion, '5.7.0.25');
    assert.equal(read({ config: 'x', 'package-version': '5.7.0.25' }).packageVersion, '5.7.0.25');
  });

  it('needs config to download and agents-dir not to', () => {
    assert.match(problems({}), /input "config": the Uptycs API key is required/);
    assert.match(problems({ download: 'false' }), /input "agents-dir": with download: false/);
  });

  it('allows plain http only to loopback, and bucket placeholders', () => {
    assert.equal(
      read({ config: 'x', 'uptycs-api-url': 'http://127.0.0.1:8443' }).uptycsApiUrl,
      'http://127.0.0.1:8443',
    );
    assert.equal(
      read({ config: 'x', 's3-bucket': 'uptycs-{account}-{region}' }).s3Bucket,
      'uptycs-{account}-{region}',
    );
  });

  it('an s3-prefix without {version} or {package-name} is refused, with everything else, before any work', () => {
    const m = problems({ config: 'k', 's3-prefix': 'packages/', 'share-with-accounts': 'all' });
    assert.match(m, /2 inputs are invalid/);
    assert.match(m, /input "s3-prefix": "packages\/" has no \{package-name\} and no \{version\}/);
    assert.match(
      m,
      /input "share-with-accounts": "all" would make the document public.*input "allow-public-sharing"/,
    );
    assert.match(problems({ config: 'k', 's3-prefix': 'u/{version}/' }), /has no \{package-name\}: /);
    assert.match(problems({ config: 'k', 's3-prefix': 'u/{package-name}/' }), /has no \{version\}: /);
    const ok = read({ config: 'k', 'share-with-accounts': 'all', 'allow-public-sharing': 'true' });
    assert.deepEqual(ok.shareWithAccounts, ['all']);
    assert.equal(ok.allowPublicSharing, true);
    assert.equal(read({ config: 'k' }).replaceOutputDir, false);
  });
});
