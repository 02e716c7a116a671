/**
 * The reusable workflow (.github/workflows/publish.yml) runs this action at the release it belongs to:
 * a reusable workflow cannot `uses: ./` (that would be the caller's repository), so it names the action
 * as <owner>/uptycs-distributor-action@v<package.json version>. Before tagging a release, run
 *   npx tsx scripts/release-ref.ts [--repo owner/uptycs-distributor-action]
 * to write that ref; the release workflow runs it with --check --tag vX.Y.Z and refuses a mismatch.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const REUSABLE = path.join(ROOT, '.github/workflows/publish.yml');
/** `uses: owner/uptycs-distributor-action@ref` (the action at the repository root, not a workflow path). */
export const ACTION_USES = /(uses:\s*)([\w.-]+\/uptycs-distributor-action)@([\w.-]+)(\s|$)/g;

export function releaseTag(): string {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
  return `v${pkg.version}`;
}

/** Every action reference in the text: [repo, ref]. */
export function actionRefs(text: string): { repo: string; ref: string }[] {
  return [...text.matchAll(ACTION_USES)].map((m) => ({ repo: m[2]!, ref: m[3]! }));
}

function main(): number {
  const { values } = parseArgs({
    options: { check: { type: 'boolean' }, tag: { type: 'string' }, repo: { type: 'string' } },
  });
  const want = releaseTag();
  if (values.tag && values.tag !== want) {
    console.error(
      `tag ${values.tag} is not package.json's version (${want}); bump package.json or tag ${want}`,
    );
    return 1;
  }
  const text = readFileSync(REUSABLE, 'utf8');
  const refs = actionRefs(text);
  if (!refs.length) {
    console.error(`${REUSABLE} references no uptycs-distributor-action`);
    return 1;
  }
  const repoOk = (r: string) => !values.repo || r === values.repo;
  if (values.check) {
    const bad = refs.filter((r) => r.ref !== want || !repoOk(r.repo));
    for (const r of bad)
      console.error(
        `publish.yml uses ${r.repo}@${r.ref}; the release needs ${values.repo ?? r.repo}@${want} (run npx tsx scripts/release-ref.ts${values.repo ? ` --repo ${values.repo}` : ''} and commit)`,
      );
    return bad.length ? 1 : 0;
  }
  const out = text.replace(
    ACTION_USES,
    (_m, uses: string, repo: string, _ref: string, end: string) =>
      `${uses}${values.repo ?? repo}@${want}${end}`,
  );
  writeFileSync(REUSABLE, out);
  console.log(`publish.yml now uses ${values.repo ?? refs[0]!.repo}@${want} (${refs.length} steps)`);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url))
  process.exitCode = main();
