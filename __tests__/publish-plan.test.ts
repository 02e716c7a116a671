/** The publish stage's pure decisions: names, comparisons, which versions go, how errors read. */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { publishError, publishMarkdown, publishOutputs, type PublishResult } from '../src/publish/index.js';
import { Semaphore, mapLimit, sleep } from '../src/common/limit.js';
import {
  bucketName,
  bucketNameProblem,
  chunk,
  compareExisting,
  compositeSha256,
  compareVersionNames,
  documentAction,
  documentArn,
  explainAwsError,
  explainDocumentFailure,
  keepsDefault,
  keyPrefix,
  partitionOf,
  pendingChanges,
  sameContent,
  sha256Base64,
  sharingChanges,
  sourceUrl,
  versionsToDelete,
  versionsToMakeRoom,
  type VersionInfo,
} from '../src/publish/plan.js';
import { endpointFor } from '../src/publish/clients.js';

test('bucket names from the template', () => {
  assert.equal(bucketName('', '123456789012', 'eu-west-1'), 'uptycs-distributor-123456789012-eu-west-1');
  assert.equal(
    bucketName('pkgs-{account}-{region}-{region}', '1', 'us-east-1'),
    'pkgs-1-us-east-1-us-east-1',
  );
  assert.equal(bucketName('fixed-bucket', '1', 'us-east-1'), 'fixed-bucket');
  assert.equal(bucketNameProblem('uptycs-distributor-123456789012-ap-southeast-2'), undefined);
  assert.match(
    bucketNameProblem(bucketName('x-{account}-{region}-'.repeat(3), '123456789012', 'ap-southeast-2'))!,
    /not valid/,
  );
  assert.match(bucketNameProblem('Upper')!, /not valid/);
  assert.match(bucketNameProblem('a..b')!, /not valid/);
  assert.match(bucketNameProblem('192.168.1.1')!, /not valid/);
});

test('key prefixes and the SourceUrl', () => {
  assert.equal(
    keyPrefix('uptycs/{package-name}/{version}/', 'UptycsAgent', '5.7.0.25'),
    'uptycs/UptycsAgent/5.7.0.25/',
  );
  assert.equal(keyPrefix('/a/{version}', 'P', '1'), 'a/1/');
  assert.equal(keyPrefix('', 'P', '1'), '');
  assert.equal(sourceUrl('b', 'uptycs/UptycsAgent/5.7.0.25/'), 's3://b/uptycs/UptycsAgent/5.7.0.25');
  assert.equal(sourceUrl('b', ''), 's3://b');
});

test('ARNs per partition', () => {
  assert.equal(partitionOf('us-east-1'), 'aws');
  assert.equal(partitionOf('cn-north-1'), 'aws-cn');
  assert.equal(partitionOf('us-gov-west-1'), 'aws-us-gov');
  assert.equal(
    documentArn('eu-west-1', '123456789012', 'UptycsAgent'),
    'arn:aws:ssm:eu-west-1:123456789012:document/UptycsAgent',
  );
  assert.equal(documentArn('cn-north-1', '1', 'X'), 'arn:aws-cn:ssm:cn-north-1:1:document/X');
});

test('sha256Base64 is the base64 of the digest bytes', () => {
  const data = Buffer.from('hello world');
  const hex = createHash('sha256').update(data).digest('hex');
  assert.equal(sha256Base64(hex), createHash('sha256').update(data).digest('base64'));
  assert.throws(() => sha256Base64('abc'), /not a SHA-256/);
});

test('an existing object is compared by size and S3’s checksums, never by its metadata (issue 27 defect 7)', () => {
  const hex = createHash('sha256').update('x').digest('hex');
  const other = createHash('sha256').update('y').digest('hex');
  // Whoever writes an object writes its x-amz-meta-sha256: it proves nothing, either way.
  assert.equal(compareExisting({ size: 1, metadata: { sha256: hex } }, hex, 1), 'unknown');
  assert.equal(compareExisting({ size: 1, metadata: { sha256: other } }, hex, 1), 'unknown');
  assert.equal(
    compareExisting({ size: 1, metadata: { sha256: hex }, checksumSha256: sha256Base64(other) }, hex, 1),
    'unknown',
    'a forged metadata never outweighs S3’s checksum',
  );
  assert.equal(compareExisting({ size: 2, metadata: { sha256: hex } }, hex, 1), 'different');
  assert.equal(compareExisting({ size: 1, checksumSha256: sha256Base64(hex) }, hex, 1), 'same');
  const full = { size: 1, checksumSha256: sha256Base64(other), checksumType: 'FULL_OBJECT' };
  assert.equal(compareExisting(full, hex, 1), 'different');
  // Without the type (moto, older APIs) another value may be a composite: only the content can tell.
  assert.equal(compareExisting({ size: 1, checksumSha256: sha256Base64(other) }, hex, 1), 'unknown');
  assert.equal(compareExisting({ size: 1, checksumSha256: `${sha256Base64(other)}-3` }, hex, 1), 'unknown');
  assert.equal(compareExisting({ size: 1 }, hex, 1), 'unknown');
  // A composite checksum decides when it is the file's own for the same parts.
  const parts = ['a', 'b', 'c'].map((p) => createHash('sha256').update(p).digest('base64'));
  const composite = compositeSha256(parts);
  assert.match(composite, /^[A-Za-z0-9+/]{43}=-3$/);
  assert.equal(compareExisting({ size: 1, checksumSha256: composite }, hex, 1, composite), 'same');
  assert.equal(
    compareExisting(
      { size: 1, checksumSha256: composite.replace(/-3$/, ''), checksumType: 'COMPOSITE' },
      hex,
      1,
      composite,
    ),
    'same',
  );
  assert.equal(
    compareExisting({ size: 1, checksumSha256: compositeSha256(parts.slice(0, 2)) }, hex, 1, composite),
    'unknown',
  );
});

test('document content is the same when byte-identical or the same JSON', () => {
  const a = '{"schemaVersion":"2.0","version":"1","files":{"a.zip":{"checksums":{"sha256":"00"}}}}';
  assert.equal(sameContent(a, a), true);
  assert.equal(sameContent(JSON.stringify(JSON.parse(a), null, 2), a), true);
  assert.equal(
    sameContent('{"version":"1","schemaVersion":"2.0","files":{"a.zip":{"checksums":{"sha256":"00"}}}}', a),
    true,
  );
  assert.equal(sameContent(a.replace('"00"', '"01"'), a), false);
  assert.equal(sameContent('not json', a), false);
});

const v = (n: number, extra: Partial<VersionInfo> = {}): VersionInfo => ({
  documentVersion: String(n),
  versionName: `v${n}`,
  isDefault: false,
  status: 'Active',
  ...extra,
});

test('versions to delete: never the default or a protected one; failed ones first, then the oldest', () => {
  const list = [v(1, { isDefault: true }), v(2), v(3, { status: 'Failed' }), v(4), v(5)];
  assert.deepEqual(versionsToDelete(list, 5), []);
  assert.deepEqual(
    versionsToDelete(list, 4).map((x) => x.documentVersion),
    ['3'],
  );
  assert.deepEqual(
    versionsToDelete(list, 3).map((x) => x.documentVersion),
    ['3', '2'],
  );
  assert.deepEqual(
    versionsToDelete(list, 1, ['5']).map((x) => x.documentVersion),
    ['3', '2', '4'],
  );
  // Numeric order, not string order.
  const many = [v(10), v(9), v(100, { isDefault: true })];
  assert.deepEqual(
    versionsToDelete(many, 2).map((x) => x.documentVersion),
    ['9'],
  );
});

test('room under the 25-version limit, and what to do with the document', () => {
  const full = Array.from({ length: 25 }, (_, i) => v(i + 1, { isDefault: i === 0 }));
  assert.deepEqual(
    versionsToMakeRoom(full).map((x) => x.documentVersion),
    ['2'],
  );
  assert.deepEqual(versionsToMakeRoom(full.slice(0, 24)), []);
  assert.deepEqual(documentAction(undefined, '1.0'), { kind: 'create' });
  assert.deepEqual(documentAction(full, 'v7'), { kind: 'exists', version: full[6] });
  const a = documentAction(full, 'new');
  assert.equal(a.kind, 'update');
  assert.deepEqual(a.kind === 'update' && a.makeRoom.map((x) => x.documentVersion), ['2']);
});

test('a Failed version is explained with its likely cause', () => {
  const uri = 's3://b/uptycs/UptycsAgent/1.0';
  assert.match(
    explainDocumentFailure('Access Denied (Service: Amazon S3; Status Code: 403)', uri),
    /s3:GetObject on s3:\/\/b\/uptycs\/UptycsAgent\/1\.0\/\*/,
  );
  assert.match(explainDocumentFailure('The hash of file a.zip does not match', uri), /SHA-256/);
  assert.match(explainDocumentFailure('NoSuchKey: a.zip', uri), /missing under/);
  assert.match(explainDocumentFailure('', uri), /no StatusInformation given/);
});

test('AWS errors read as what was refused and what to change', () => {
  const denied = Object.assign(new Error('User x is not authorized'), {
    name: 'AccessDeniedException',
    $metadata: { httpStatusCode: 400 },
  });
  assert.match(
    explainAwsError(denied, 'ssm:CreateDocument', 'arn:doc', 'arn:role'),
    /^arn:role is not allowed ssm:CreateDocument on arn:doc .*iam\/publisher-policy\.json$/,
  );
  const head403 = Object.assign(new Error('UnknownError'), {
    name: 'Unknown',
    $metadata: { httpStatusCode: 403 },
  });
  assert.match(
    explainAwsError(head403, 's3:GetObject', 's3://b/k', 'p'),
    /not allowed s3:GetObject on s3:\/\/b\/k \(Forbidden: HTTP 403\)/,
  );
  const expired = Object.assign(new Error('expired'), {
    name: 'ExpiredToken',
    $metadata: { httpStatusCode: 403 },
  });
  assert.match(explainAwsError(expired, 'ssm:GetDocument', 'r', 'p'), /credentials were refused/);
  const other = Object.assign(new Error('boom'), {
    name: 'InternalError',
    $metadata: { httpStatusCode: 500 },
  });
  assert.equal(
    explainAwsError(other, 's3:PutObject', 's3://b/k', 'p'),
    's3:PutObject on s3://b/k failed (InternalError, HTTP 500: boom)',
  );
});

test('endpoints come from AWS_ENDPOINT_URL_<SERVICE>, then AWS_ENDPOINT_URL', () => {
  assert.equal(endpointFor('s3', {}), undefined);
  assert.equal(endpointFor('s3', { AWS_ENDPOINT_URL: 'http://a' }), 'http://a');
  assert.equal(
    endpointFor('ssm', { AWS_ENDPOINT_URL: 'http://a', AWS_ENDPOINT_URL_SSM: 'http://s' }),
    'http://s',
  );
  assert.equal(endpointFor('sts', { AWS_ENDPOINT_URL_SSM: 'http://s' }), undefined);
});

const result = (over: Partial<PublishResult>): PublishResult => ({
  region: 'us-east-1',
  ok: true,
  account: '123456789012',
  bucket: 'b',
  prefix: 'p/',
  s3Uri: 's3://b/p',
  documentName: 'UptycsAgent',
  documentVersion: '3',
  versionName: '1.0',
  documentArn: 'arn:aws:ssm:us-east-1:123456789012:document/UptycsAgent',
  status: 'Active',
  alreadyPublished: false,
  uploadedFiles: ['a.zip'],
  uploadedBytes: 10,
  skippedFiles: [],
  skippedBytes: 0,
  defaultVersion: true,
  sharedAccounts: [],
  deletedVersions: [],
  durationMs: 1200,
  ...over,
});

test('the combined error, the outputs and the summary table', () => {
  const ok = result({});
  const bad = result({ region: 'eu-west-1', ok: false, error: 'boom | <b>', documentVersion: '' });
  assert.equal(publishError([ok]), undefined);
  const err = publishError([ok, bad])!;
  assert.equal(
    err.message,
    'publishing failed in 1 of 2 regions:\n  eu-west-1: boom | <b>\n  published: us-east-1',
  );
  const one = publishOutputs([ok]);
  assert.deepEqual(one, {
    's3-uri': 's3://b/p',
    'document-name': 'UptycsAgent',
    'document-version': '3',
    'document-arn': 'arn:aws:ssm:us-east-1:123456789012:document/UptycsAgent',
  });
  const two = publishOutputs([bad, ok]);
  assert.deepEqual(JSON.parse(two['document-version']!), { 'eu-west-1': '', 'us-east-1': '3' });
  assert.deepEqual(Object.keys(JSON.parse(two['document-arn']!)), ['eu-west-1', 'us-east-1']);
  const md = publishMarkdown([ok, bad]);
  assert.match(md, /^\| Region \| Result \| Version \| Files \| Shared with \| Time \|/);
  // No ARN or S3 URI in the table (they made it scroll): under it, one line per region.
  assert.match(
    md,
    /\| us-east-1 \| ✅ published \| 3 \(1\.0\), default \| 1 uploaded \(10 B\) \| not shared \|/,
  );
  assert.match(
    md,
    /^- us-east-1: document `arn:aws:ssm:us-east-1:123456789012:document\/UptycsAgent`, files in `s3:\/\/b\/p`$/m,
  );
  assert.match(md, /❌ failed: boom &#124; &lt;b&gt;/, 'pipes and HTML are escaped; the word says it failed');
  assert.deepEqual(publishOutputs([]), {});
  // A re-run where every region had the version moved no file: no file column.
  const had = { ...ok, alreadyPublished: true, uploadedFiles: [], uploadedBytes: 0 };
  const rerun = publishMarkdown([had]).split('\n');
  assert.equal(rerun[0], '| Region | Result | Version | Shared with | Time |');
  assert.equal(rerun[2]!.split(' | ').length, 5);
  assert.match(rerun[2]!, /✅ already published/);
});

test('concurrency helpers', async () => {
  assert.deepEqual(chunk([1, 2, 3, 4, 5], 2), [[1, 2], [3, 4], [5]]);
  let running = 0;
  let peak = 0;
  const out = await mapLimit([5, 1, 3, 2, 4], 2, async (n) => {
    running++;
    peak = Math.max(peak, running);
    await sleep(n);
    running--;
    return n * 10;
  });
  assert.deepEqual(out, [50, 10, 30, 20, 40]);
  assert.equal(peak, 2);
  const started: number[] = [];
  await assert.rejects(
    mapLimit([1, 2, 3, 4], 1, async (n) => {
      started.push(n);
      if (n === 2) throw new Error('stop');
    }),
    /stop/,
  );
  assert.deepEqual(started, [1, 2], 'nothing starts after a failure');
  const sem = new Semaphore(1);
  const order: string[] = [];
  await Promise.all([
    sem.use(async () => {
      order.push('a+');
      await sleep(5);
      order.push('a-');
    }),
    sem.use(async () => {
      order.push('b+');
      order.push('b-');
    }),
  ]);
  assert.deepEqual(order, ['a+', 'a-', 'b+', 'b-']);
});

test('sharing: the changes that make the document shared with exactly the input', () => {
  assert.deepEqual(sharingChanges(['all', '111111111111'], []), { add: [], remove: ['111111111111', 'all'] });
  assert.deepEqual(sharingChanges(['111111111111', '222222222222'], ['222222222222']), {
    add: [],
    remove: ['111111111111'],
  });
  assert.deepEqual(sharingChanges([], ['all', '111111111111']), { add: ['all'], remove: [] });
  assert.deepEqual(sharingChanges(['All'], ['all']), { add: [], remove: [] });
  assert.deepEqual(sharingChanges(['all'], ['333333333333']), { add: ['333333333333'], remove: ['all'] });
});

test('the default never moves back', () => {
  assert.ok(compareVersionNames('5.10.0.1', '5.9.3.7') > 0);
  assert.ok(compareVersionNames('5.7.0.25', '5.8.0.1') < 0);
  assert.equal(compareVersionNames('5.7', '5.7.0.0'), 0);
  const v = (n: string, name: string, isDefault = false): VersionInfo => ({
    documentVersion: n,
    versionName: name,
    isDefault,
  });
  const versions = [v('1', '5.7.0.25'), v('2', '5.8.0.1', true), v('3', '5.6.1.1')];
  assert.equal(
    keepsDefault(versions, versions[0]!, false)?.documentVersion,
    '2',
    're-run of an older version',
  );
  assert.equal(keepsDefault(versions, versions[2]!, true)?.documentVersion, '2', 'a backport created now');
  const newer = v('4', '5.9.0.1');
  assert.equal(keepsDefault([...versions, newer], newer, true), undefined);
  assert.equal(keepsDefault([...versions, newer], newer, false), undefined, 'an interrupted run converges');
  assert.equal(keepsDefault([v('1', '5.7.0.25')], v('1', '5.7.0.25'), false), undefined, 'no default yet');
  // Names that do not compare: only a version created now takes the default.
  const odd = [v('1', 'beta', true), v('2', '5.0')];
  assert.equal(keepsDefault(odd, odd[1]!, true), undefined);
  assert.equal(keepsDefault(odd, odd[1]!, false)?.documentVersion, '1');
});

test('a re-run of a published version knows when there is nothing left to change', () => {
  const v = (n: string, name: string, isDefault = false): VersionInfo => ({
    documentVersion: n,
    versionName: name,
    isDefault,
    status: 'Active',
  });
  const asked = { setDefaultVersion: true, shareWithAccounts: ['111111111111'], maxVersions: 3 };
  const settled = [v('1', '5.7.0.25'), v('2', '5.8.0.1', true)];
  assert.deepEqual(pendingChanges(settled, settled[1]!, asked, ['111111111111']), []);
  // Each input that is not yet true shows, in the order the publish stage does it.
  const notDefault = [v('1', '5.7.0.25', true), v('2', '5.8.0.1')];
  assert.deepEqual(pendingChanges(notDefault, notDefault[1]!, asked, ['111111111111']), [
    'make document version 2 the default',
  ]);
  assert.deepEqual(
    pendingChanges(notDefault, notDefault[1]!, { ...asked, setDefaultVersion: false }, ['111111111111']),
    [],
    'set-default-version false: the default is left alone',
  );
  assert.deepEqual(pendingChanges(settled, settled[0]!, asked, ['111111111111']), [], 'never moves back');
  assert.deepEqual(pendingChanges(settled, settled[1]!, asked, ['222222222222']), [
    'share with 111111111111',
    'stop sharing with 222222222222',
  ]);
  const many = [v('1', '5.1.0.0'), v('2', '5.2.0.0'), v('3', '5.3.0.0'), v('4', '5.4.0.0', true)];
  assert.deepEqual(pendingChanges(many, many[3]!, asked, ['111111111111']), ['delete 1 old version']);
});
