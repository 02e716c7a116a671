/**
 * Least privilege: iam/publisher-policy.json grants exactly the IAM actions behind the SDK commands
 * src/publish sends, scoped to the resources the code derives; the trust policy admits GitHub OIDC only.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { bucketName, keyPrefix } from '../src/publish/plan.js';
import { DEFAULT_BUCKET_TEMPLATE } from '../src/publish/plan.js';
import { claimKey } from '../src/publish/claim.js';

const root = path.resolve(import.meta.dirname, '..');

/** The IAM actions each SDK command needs (AWS Service Authorization Reference), written independently of the code. */
const IAM_ACTIONS: Record<string, string[]> = {
  // S3, bucket level
  HeadBucketCommand: ['s3:ListBucket'],
  CreateBucketCommand: ['s3:CreateBucket', 's3:PutBucketOwnershipControls'], // ObjectOwnership is sent
  PutPublicAccessBlockCommand: ['s3:PutBucketPublicAccessBlock'],
  GetPublicAccessBlockCommand: ['s3:GetBucketPublicAccessBlock'],
  GetBucketEncryptionCommand: ['s3:GetEncryptionConfiguration'],
  GetBucketOwnershipControlsCommand: ['s3:GetBucketOwnershipControls'],
  GetBucketLifecycleConfigurationCommand: ['s3:GetLifecycleConfiguration'],
  PutBucketEncryptionCommand: ['s3:PutEncryptionConfiguration'],
  PutBucketOwnershipControlsCommand: ['s3:PutBucketOwnershipControls'],
  PutBucketLifecycleConfigurationCommand: ['s3:PutLifecycleConfiguration'],
  // S3, object level
  HeadObjectCommand: ['s3:GetObject'],
  GetObjectCommand: ['s3:GetObject'],
  PutObjectCommand: ['s3:PutObject'],
  // Only the claim of a version folder (claim.ts) is ever deleted.
  DeleteObjectCommand: ['s3:DeleteObject'],
  CreateMultipartUploadCommand: ['s3:PutObject'],
  UploadPartCommand: ['s3:PutObject'],
  CompleteMultipartUploadCommand: ['s3:PutObject'],
  AbortMultipartUploadCommand: ['s3:AbortMultipartUpload'],
  // Copies between the regions' buckets: read the source object, write the destination (no tags are copied)
  CopyObjectCommand: ['s3:GetObject', 's3:PutObject'],
  UploadPartCopyCommand: ['s3:GetObject', 's3:PutObject'],
  // SSM
  CreateDocumentCommand: ['ssm:CreateDocument'],
  UpdateDocumentCommand: ['ssm:UpdateDocument'],
  DeleteDocumentCommand: ['ssm:DeleteDocument'],
  DescribeDocumentCommand: ['ssm:DescribeDocument'],
  GetDocumentCommand: ['ssm:GetDocument'],
  ListDocumentVersionsCommand: ['ssm:ListDocumentVersions'],
  UpdateDocumentDefaultVersionCommand: ['ssm:UpdateDocumentDefaultVersion'],
  ModifyDocumentPermissionCommand: ['ssm:ModifyDocumentPermission'],
  DescribeDocumentPermissionCommand: ['ssm:DescribeDocumentPermission'],
  // STS: no identity-policy permission (GetCallerIdentity is always allowed; the trust policy governs the other)
  GetCallerIdentityCommand: [],
  AssumeRoleWithWebIdentityCommand: [],
};
const OBJECT_ACTIONS = new Set([
  's3:GetObject',
  's3:PutObject',
  's3:AbortMultipartUpload',
  's3:DeleteObject',
]);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

function commandsSent(): Set<string> {
  const found = new Set<string>();
  for (const file of sources(path.join(root, 'src/publish')))
    for (const m of readFileSync(file, 'utf8').matchAll(/new\s+([A-Z]\w*Command)\s*\(/g)) found.add(m[1]!);
  return found;
}

interface Statement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource?: string | string[];
  Principal?: { Federated?: string };
  Condition?: Record<string, Record<string, string | string[]>>;
}
const list = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const load = (name: string) =>
  JSON.parse(readFileSync(path.join(root, 'iam', name), 'utf8')) as { Statement: Statement[] };

/** IAM's wildcard match: * any run of characters, ? one character. */
function globMatch(pattern: string, value: string): boolean {
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
  return re.test(value);
}

test('the publisher policy grants exactly the actions of the commands src/publish sends', () => {
  const commands = commandsSent();
  assert.ok(commands.size >= 15, `found only ${[...commands].join(', ')}`);
  const unknown = [...commands].filter((c) => !(c in IAM_ACTIONS));
  assert.deepEqual(
    unknown,
    [],
    'commands without a known IAM action: add them to IAM_ACTIONS and the policy',
  );
  const needed = new Set([...commands].flatMap((c) => IAM_ACTIONS[c]!));
  const policy = load('publisher-policy.json');
  const granted = policy.Statement.filter((s) => s.Effect === 'Allow').flatMap((s) => list(s.Action));
  assert.deepEqual([...new Set(granted)].sort(), [...needed].sort());
  assert.equal(new Set(granted).size, granted.length, 'no action is granted twice');
  for (const a of granted) assert.doesNotMatch(a, /\*/, `no wildcard actions (${a})`);
});

test('the publisher policy scopes every action to the package resources', () => {
  const policy = load('publisher-policy.json');
  for (const s of policy.Statement) {
    const resources = list(s.Resource);
    assert.ok(resources.length, `${s.Sid} names its resources`);
    for (const r of resources) {
      assert.notEqual(r, '*', `${s.Sid} is not granted on every resource`);
      assert.match(r, /<ACCOUNT_ID>/, `${s.Sid} is limited to the account`);
    }
    for (const a of list(s.Action)) {
      if (a.startsWith('ssm:'))
        for (const r of resources) assert.match(r, /^arn:aws:ssm:\*:<ACCOUNT_ID>:document\/<PACKAGE_NAME>$/);
      else if (OBJECT_ACTIONS.has(a))
        for (const r of resources) assert.match(r, /^arn:aws:s3:::[^/]+\/.+\*(\.claim)?$/, `${a} on objects`);
      else for (const r of resources) assert.doesNotMatch(r, /\//, `${a} on buckets only`);
    }
  }

  // The resources cover exactly what the code derives from the default inputs, in any region.
  const account = '123456789012';
  const fill = (r: string) =>
    r.replaceAll('<ACCOUNT_ID>', account).replaceAll('<PACKAGE_NAME>', 'UptycsAgent');
  const bucketRes = fill(
    list(policy.Statement.find((s) => list(s.Action).includes('s3:CreateBucket'))!.Resource)[0]!,
  );
  const objectRes = fill(
    list(policy.Statement.find((s) => list(s.Action).includes('s3:PutObject'))!.Resource)[0]!,
  );
  const docRes = fill(
    list(policy.Statement.find((s) => list(s.Action).includes('ssm:CreateDocument'))!.Resource)[0]!,
  );
  for (const region of ['us-east-1', 'eu-west-1', 'ap-southeast-2']) {
    const bucket = bucketName('', account, region);
    const prefix = keyPrefix('uptycs/{package-name}/{version}/', 'UptycsAgent', '5.7.0.25');
    assert.ok(globMatch(bucketRes, `arn:aws:s3:::${bucket}`), `${bucketRes} covers ${bucket}`);
    assert.ok(globMatch(objectRes, `arn:aws:s3:::${bucket}/${prefix}UPT_PRO_AMAZON2_x86_64-5.7.0.25.zip`));
    assert.ok(globMatch(objectRes, `arn:aws:s3:::${bucket}/${prefix}manifest.json`));
    assert.ok(globMatch(docRes, `arn:aws:ssm:${region}:${account}:document/UptycsAgent`));
  }
  // A copy reads the first region's object and writes another region's: both are package objects.
  const getRes = list(policy.Statement.find((s) => list(s.Action).includes('s3:GetObject'))!.Resource).map(
    fill,
  );
  const prefix = keyPrefix('uptycs/{package-name}/{version}/', 'UptycsAgent', '5.7.0.25');
  const source = `arn:aws:s3:::${bucketName('', account, 'us-east-1')}/${prefix}UPT_PRO_AMAZON2_x86_64-5.7.0.25.zip`;
  const dest = `arn:aws:s3:::${bucketName('', account, 'ap-southeast-2')}/${prefix}UPT_PRO_AMAZON2_x86_64-5.7.0.25.zip`;
  assert.ok(
    getRes.some((r) => globMatch(r, source)),
    's3:GetObject on the copy source',
  );
  assert.ok(globMatch(objectRes, dest), 's3:PutObject on the copy destination');
  assert.ok(
    !getRes.some((r) => globMatch(r, `arn:aws:s3:::other-bucket/${prefix}x.zip`)),
    'no copy from elsewhere',
  );
  assert.equal(DEFAULT_BUCKET_TEMPLATE, 'uptycs-distributor-{account}-{region}');
  assert.ok(
    !globMatch(bucketRes, 'arn:aws:s3:::uptycs-distributor-999999999999-us-east-1'),
    'other accounts',
  );
  assert.ok(
    !globMatch(objectRes, `arn:aws:s3:::uptycs-distributor-${account}-us-east-1/other/file`),
    'other prefixes',
  );
  assert.ok(!globMatch(docRes, `arn:aws:ssm:us-east-1:${account}:document/OtherDocument`), 'other documents');
  // Issue 27: s3:DeleteObject reaches a version folder's claim (claim.ts), never a published file.
  const deleteRes = list(
    policy.Statement.find((s) => list(s.Action).includes('s3:DeleteObject'))!.Resource,
  ).map(fill);
  const inBucket = `arn:aws:s3:::${bucketName('', account, 'us-east-1')}/`;
  assert.ok(
    deleteRes.some((r) => globMatch(r, `${inBucket}${claimKey(prefix)}`)),
    'the claim',
  );
  for (const file of [`${prefix}UPT_PRO_AMAZON2_x86_64-5.7.0.25.zip`, `${prefix}manifest.json`])
    assert.ok(!deleteRes.some((r) => globMatch(r, `${inBucket}${file}`)), `never ${file}`);
});

test('the trust policy admits only GitHub OIDC tokens for sts.amazonaws.com from one repository', () => {
  const trust = load('github-oidc-trust-policy.json');
  assert.equal(trust.Statement.length, 1);
  const s = trust.Statement[0]!;
  assert.equal(s.Effect, 'Allow');
  assert.deepEqual(list(s.Action), ['sts:AssumeRoleWithWebIdentity']);
  assert.equal(
    s.Principal?.Federated,
    'arn:aws:iam::<ACCOUNT_ID>:oidc-provider/token.actions.githubusercontent.com',
  );
  const eq = s.Condition?.StringEquals ?? {};
  assert.equal(eq['token.actions.githubusercontent.com:aud'], 'sts.amazonaws.com');
  const sub =
    eq['token.actions.githubusercontent.com:sub'] ??
    s.Condition?.StringLike?.['token.actions.githubusercontent.com:sub'];
  assert.match(String(sub), /^repo:<GITHUB_OWNER>\/<GITHUB_REPO>:/, 'the subject is pinned to a repository');
});

test('no trust policy lets any branch or pull request in: the subject names an environment or a ref, and the reusable one the workflow', () => {
  for (const file of ['github-oidc-trust-policy.json', 'github-oidc-trust-policy-reusable.json']) {
    const s = load(file).Statement[0]!;
    assert.equal(s.Condition?.StringEquals?.['token.actions.githubusercontent.com:aud'], 'sts.amazonaws.com');
    const sub = String(
      s.Condition?.StringEquals?.['token.actions.githubusercontent.com:sub'] ??
        s.Condition?.StringLike?.['token.actions.githubusercontent.com:sub'],
    );
    assert.match(
      sub,
      /^repo:<GITHUB_OWNER>\/<GITHUB_REPO>:(environment:[^:*]+|ref:refs\/(heads|tags)\/[^:]+)(:|$)/,
      `${file}: ${sub}`,
    );
    assert.doesNotMatch(sub, /^repo:[^:]+:\*/, `${file}: not repo:ORG/REPO:*`);
    if (file.includes('reusable'))
      assert.match(sub, /:job_workflow_ref:[^:]+\/\.github\/workflows\/publish\.yml@refs\/tags\//, file);
  }
});

test('the IAM README explains every granted action', () => {
  const readme = readFileSync(path.join(root, 'iam/README.md'), 'utf8');
  for (const s of load('publisher-policy.json').Statement)
    for (const a of list(s.Action)) assert.ok(readme.includes(`\`${a}\``), `iam/README.md mentions ${a}`);
});

/** The SDK commands a function of src/publish/ssm.ts sends (its body, up to the next top-level declaration). */
function commandsOf(file: string, fn: string): string[] {
  const text = readFileSync(path.join(root, 'src/publish', file), 'utf8');
  const start = text.search(new RegExp(`export async function ${fn}\\(`));
  assert.ok(start >= 0, `${fn} is in ${file}`);
  const rest = text.slice(start + 1);
  const end = rest.search(/\n(export |function |async function |class |const )/);
  return [...rest.slice(0, end < 0 ? undefined : end).matchAll(/new\s+([A-Z]\w*Command)\s*\(/g)].map(
    (m) => m[1]!,
  );
}

test('the already-published check needs only read permissions: iam/checker-policy.json, within the publisher policy', () => {
  const published = readFileSync(path.join(root, 'src/publish/published.ts'), 'utf8');
  assert.doesNotMatch(
    published,
    /new\s+[A-Z]\w*Command\s*\(/,
    'published.ts sends only through ssm.ts functions',
  );
  const used = /import \{([^}]*)\} from '\.\/ssm\.js'/
    .exec(published)![1]!
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s && !s.startsWith('type '));
  assert.deepEqual(used.sort(), ['getContent', 'getContentByName', 'listVersions', 'sharedWith']);
  const actions = [
    ...new Set(used.flatMap((fn) => commandsOf('ssm.ts', fn)).flatMap((c) => IAM_ACTIONS[c]!)),
  ].sort();
  assert.deepEqual(actions, [
    'ssm:DescribeDocumentPermission',
    'ssm:GetDocument',
    'ssm:ListDocumentVersions',
  ]);
  for (const a of actions) assert.match(a, /^ssm:(Get|List|Describe)/, `${a} is read-only`);
  const checker = load('checker-policy.json');
  assert.deepEqual(checker.Statement.flatMap((s) => list(s.Action)).sort(), actions);
  const publisher = load('publisher-policy.json');
  const granted = new Set(publisher.Statement.flatMap((s) => list(s.Action)));
  for (const a of actions) assert.ok(granted.has(a), `the publisher policy grants ${a} too`);
  for (const s of checker.Statement)
    for (const r of list(s.Resource))
      assert.match(r, /^arn:aws:ssm:\*:<ACCOUNT_ID>:document\/<PACKAGE_NAME>$/);
});
