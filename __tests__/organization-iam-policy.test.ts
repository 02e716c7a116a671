/**
 * Least privilege for the Organization: the member role the StackSet creates (iam/member-role-stackset.json),
 * the Organization read role (iam/org-read-role.json) and the hub's addition (iam/hub-organization-policy.json)
 * grant exactly the IAM actions behind the SDK commands the code sends with each role's credentials:
 * src/organization/ and the rollout stage's ensureAssociation, which it calls in every member account.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

const root = path.resolve(import.meta.dirname, '..');

/** The IAM action of each SDK command (AWS Service Authorization Reference), written apart from the code. */
const IAM_ACTIONS: Record<string, string> = {
  ListAssociationsCommand: 'ssm:ListAssociations',
  DescribeAssociationCommand: 'ssm:DescribeAssociation',
  CreateAssociationCommand: 'ssm:CreateAssociation',
  UpdateAssociationCommand: 'ssm:UpdateAssociation',
  DeleteAssociationCommand: 'ssm:DeleteAssociation',
  StartAssociationsOnceCommand: 'ssm:StartAssociationsOnce',
  ListAccountsForParentCommand: 'organizations:ListAccountsForParent',
  ListOrganizationalUnitsForParentCommand: 'organizations:ListOrganizationalUnitsForParent',
  AssumeRoleCommand: 'sts:AssumeRole',
};
/** Which role's credentials send each service's calls. */
const ROLE_OF: Record<string, 'member' | 'read' | 'hub'> = {
  ssm: 'member',
  organizations: 'read',
  sts: 'hub',
};

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}
const list = (v: string | string[]) => (Array.isArray(v) ? v : [v]);
const json = (f: string) => JSON.parse(readFileSync(path.join(root, f), 'utf8')) as Record<string, unknown>;
const commandsIn = (text: string) => [...text.matchAll(/new\s+([A-Z]\w*Command)\s*\(/g)].map((m) => m[1]!);

function granted(statements: Statement[]): string[] {
  const out = statements.filter((s) => s.Effect === 'Allow').flatMap((s) => list(s.Action));
  assert.equal(new Set(out).size, out.length, 'no action is granted twice');
  for (const a of out) assert.doesNotMatch(a, /\*/, `no wildcard actions (${a})`);
  return [...out].sort();
}

test('each Organization role grants exactly the actions of the calls made with its credentials', () => {
  const dir = path.join(root, 'src/organization');
  const sent = new Set(readdirSync(dir).flatMap((f) => commandsIn(readFileSync(path.join(dir, f), 'utf8'))));
  // ensureAssociation (src/rollout/follow.ts), called in each member account, without StartAssociationsOnce
  // (the organization never starts an unchanged association: it runs at its schedule).
  const follow = readFileSync(path.join(root, 'src/rollout/follow.ts'), 'utf8');
  const ensure = /export async function ensureAssociation[\s\S]*?\n}\n/.exec(follow)![0];
  for (const c of commandsIn(ensure)) if (c !== 'StartAssociationsOnceCommand') sent.add(c);
  assert.match(readFileSync(path.join(dir, 'members.ts'), 'utf8'), /ensureAssociation\(ssm, def, false\)/);
  assert.deepEqual(
    [...sent].filter((c) => !(c in IAM_ACTIONS)),
    [],
    'commands without a known IAM action',
  );

  const needed = { member: [] as string[], read: [] as string[], hub: [] as string[] };
  for (const c of sent) needed[ROLE_OF[IAM_ACTIONS[c]!.split(':')[0]!]!].push(IAM_ACTIONS[c]!);

  const stackset = json('iam/member-role-stackset.json') as {
    Resources: { MemberRoleStackSet: { Properties: Record<string, unknown> } };
  };
  const p = stackset.Resources.MemberRoleStackSet.Properties;
  assert.equal(p.PermissionModel, 'SERVICE_MANAGED');
  assert.deepEqual(p.AutoDeployment, { Enabled: true, RetainStacksOnAccountRemoval: false });
  const inner = (
    p.TemplateBody as {
      'Fn::ToJsonString': { Resources: Record<string, { Properties: Record<string, unknown> }> };
    }
  )['Fn::ToJsonString'];
  const role = inner.Resources.MemberRole!.Properties as {
    AssumeRolePolicyDocument: { Statement: { Principal: unknown; Action: string }[] };
    Policies: { PolicyDocument: { Statement: Statement[] } }[];
  };
  assert.deepEqual(role.AssumeRolePolicyDocument.Statement, [
    { Effect: 'Allow', Principal: { AWS: { Ref: 'HubRoleArn' } }, Action: 'sts:AssumeRole' },
  ]);
  assert.deepEqual(
    granted(role.Policies.flatMap((x) => x.PolicyDocument.Statement)),
    [...new Set(needed.member)].sort(),
  );

  const read = json('iam/org-read-role.json') as {
    Resources: { ReadRole: { Properties: { Policies: { PolicyDocument: { Statement: Statement[] } }[] } } };
  };
  assert.deepEqual(
    granted(read.Resources.ReadRole.Properties.Policies.flatMap((x) => x.PolicyDocument.Statement)),
    [...new Set(needed.read)].sort(),
  );
  const hub = json('iam/hub-organization-policy.json') as { Statement: Statement[] };
  assert.deepEqual(granted(hub.Statement), [...new Set(needed.hub)].sort());
  assert.deepEqual(
    list(hub.Statement[0]!.Resource as string[]).length,
    2,
    'the member roles and the read role only',
  );
});
