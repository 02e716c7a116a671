/**
 * Least privilege for the rollout stage: iam/rollout-policy.json grants exactly the IAM actions behind
 * the SDK commands src/rollout sends (no more, no wildcards), and iam/README.md explains each.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

const root = path.resolve(import.meta.dirname, '..');

/** The IAM action of each SDK command (AWS Service Authorization Reference), written independently of the code. */
const IAM_ACTIONS: Record<string, string[]> = {
  DescribeInstanceInformationCommand: ['ssm:DescribeInstanceInformation'],
  DescribeInstancePropertiesCommand: ['ssm:DescribeInstanceProperties'],
  DescribeInstancesCommand: ['ec2:DescribeInstances'],
  ListAssociationsCommand: ['ssm:ListAssociations'],
  DescribeAssociationCommand: ['ssm:DescribeAssociation'],
  CreateAssociationCommand: ['ssm:CreateAssociation'],
  UpdateAssociationCommand: ['ssm:UpdateAssociation'],
  StartAssociationsOnceCommand: ['ssm:StartAssociationsOnce'],
  DescribeAssociationExecutionsCommand: ['ssm:DescribeAssociationExecutions'],
  DescribeAssociationExecutionTargetsCommand: ['ssm:DescribeAssociationExecutionTargets'],
  GetCommandInvocationCommand: ['ssm:GetCommandInvocation'],
  ListDocumentVersionsCommand: ['ssm:ListDocumentVersions'],
  UpdateDocumentDefaultVersionCommand: ['ssm:UpdateDocumentDefaultVersion'],
  DescribeAlarmsCommand: ['cloudwatch:DescribeAlarms'],
  ListComplianceItemsCommand: ['ssm:ListComplianceItems'],
  ListTagsForResourceCommand: ['ssm:ListTagsForResource'],
  AddTagsToResourceCommand: ['ssm:AddTagsToResource'],
};

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

interface Statement {
  Sid: string;
  Effect: string;
  Action: string | string[];
  Resource: string | string[];
}
const list = (v: string | string[]) => (Array.isArray(v) ? v : [v]);
const policy = JSON.parse(readFileSync(path.join(root, 'iam/rollout-policy.json'), 'utf8')) as {
  Statement: Statement[];
};

test('the rollout policy grants exactly the actions of the commands src/rollout sends', () => {
  const sent = new Set<string>();
  for (const file of sources(path.join(root, 'src/rollout')))
    for (const m of readFileSync(file, 'utf8').matchAll(/new\s+([A-Z]\w*Command)\s*\(/g)) sent.add(m[1]!);
  assert.ok(sent.size >= 10, `found only ${[...sent].join(', ')}`);
  assert.deepEqual(
    [...sent].filter((c) => !(c in IAM_ACTIONS)),
    [],
    'commands without a known IAM action: add them to IAM_ACTIONS and the policy',
  );
  const needed = new Set([...sent].flatMap((c) => IAM_ACTIONS[c]!));
  const granted = policy.Statement.filter((s) => s.Effect === 'Allow').flatMap((s) => list(s.Action));
  assert.deepEqual([...new Set(granted)].sort(), [...needed].sort());
  assert.equal(new Set(granted).size, granted.length, 'no action is granted twice');
  for (const a of granted) assert.doesNotMatch(a, /\*/, `no wildcard actions (${a})`);
});

test('only read-only calls without resource-level support get "*"; changes are scoped', () => {
  const readOnly = new Set([
    'ssm:DescribeInstanceInformation',
    'ssm:DescribeInstanceProperties',
    'ssm:ListAssociations',
    'ec2:DescribeInstances',
    'ssm:GetCommandInvocation',
    'ssm:ListComplianceItems',
  ]);
  for (const s of policy.Statement) {
    const resources = list(s.Resource);
    if (resources.includes('*'))
      for (const a of list(s.Action))
        assert.ok(readOnly.has(a), `${a} (${s.Sid}) is not granted on every resource`);
    else
      for (const r of resources)
        assert.match(r, /^arn:aws:(ssm|ec2|cloudwatch):\*:(<ACCOUNT_ID>)?:/, `${s.Sid}: ${r}`);
  }
  const create = policy.Statement.find((s) => list(s.Action).includes('ssm:CreateAssociation'))!;
  assert.ok(list(create.Resource).includes('arn:aws:ssm:*::document/AWS-ConfigureAWSPackage'));
  assert.ok(!list(create.Resource).some((r) => /document\/\*/.test(r)), 'no other document');
});

test('the IAM README explains every action of the rollout policy', () => {
  const readme = readFileSync(path.join(root, 'iam/README.md'), 'utf8');
  for (const s of policy.Statement)
    for (const a of list(s.Action)) assert.ok(readme.includes(`\`${a}\``), `iam/README.md mentions ${a}`);
});
