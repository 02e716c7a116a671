/**
 * mode: plan (validate only), the coverage diff, the summary's structure, the failure report and the
 * pull-request comment's body, in-process.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { planInstallers } from '../src/plan/installers.js';
import { run } from '../src/core.js';
import { UserError } from '../src/common/errors.js';
import { readInputs } from '../src/inputs/index.js';
import { renderNames } from '../src/common/names.js';
import { textLog } from '../src/common/log.js';
import { planPackage, scriptProblems } from '../src/package/plan.js';
import { loadTemplates, renderScripts } from '../src/package/scripts.js';
import { COMMON_INSTANCES } from '../src/plan/distributor.js';
import { parseMapping } from '../src/plan/mapping.js';
import { COMMENT_LIMIT, commentMarker, fitComment, pullRequestOf } from '../src/report/comment.js';
import { diffTargets, mappingTargets, outcomeChanges } from '../src/report/diff.js';
import { failureReport } from '../src/report/failure.js';
import { renderSummary } from '../src/report/index.js';
import { instanceName } from '../src/report/names.js';
import { buildInstallerSet, layoutAgentsDir } from './helpers/agents.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BUNDLED = path.join(ROOT, 'mappings/uptycs-agent-mapping.json');
const PLAN = { sensorOnly: false, assetGroup: 'assets' };
let work: string;
before(() => (work = mkdtempSync(path.join(tmpdir(), 'udist-review-'))));
after(() => rmSync(work, { recursive: true, force: true }));

let outN = 0;
function plan(over: Record<string, string> = {}, lines: string[] = []) {
  const inputs = readInputs((n) => (({ mode: 'plan', ...over }) as Record<string, string>)[n] ?? '', {
    mapping: BUNDLED,
    outputDir: path.join(work, `out-${++outN}`),
    cwd: work,
  });
  return run(inputs, { log: textLog((l) => lines.push(l)), packageRoot: ROOT });
}

/** The bundled mapping with SUSE arm64 removed and Ubuntu arm64 moved to x86_64's deb... for diffs. */
function edited(edit: (m: { linux: Record<string, string>[] }) => void): string {
  const m = JSON.parse(readFileSync(BUNDLED, 'utf8')) as { linux: Record<string, string>[] };
  edit(m);
  return JSON.stringify(m, null, 2);
}

describe('mode: plan', () => {
  it('needs no key, no installers and opens no socket; validates the bundled mapping', async () => {
    const connects: string[] = [];
    const orig = net.Socket.prototype.connect;
    net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
      connects.push(JSON.stringify(args[0]));
      return (orig as (...a: unknown[]) => net.Socket).apply(this, args);
    } as typeof orig;
    const lines: string[] = [];
    try {
      const r = await plan({}, lines);
      assert.equal(r.error, undefined);
      assert.equal(r.pkg.files.length, 5);
      assert.equal(r.rows.length, 19);
      assert.match(lines.join('\n'), /20 scripts rendered for placeholder installers and checked/);
      const manifest = JSON.parse(readFileSync(r.pkg.manifestPath, 'utf8'));
      assert.equal(path.basename(r.pkg.manifestPath), 'manifest.plan.json');
      assert.deepEqual(manifest.packages.suse._any.arm64, { file: 'UPT_PRO_AMAZON2_ARM64-VERSION.zip' });
      const report = JSON.parse(readFileSync(r.reportPath, 'utf8'));
      assert.equal(report.mode, 'plan');
    } finally {
      net.Socket.prototype.connect = orig;
    }
    assert.deepEqual(connects, []);
  });

  it('groups the zips as the download planner groups installers (upt_package × arm64 × Protect)', async () => {
    const r = await plan({ 'package-version': '5.8.3.35' });
    const mapping = parseMapping(readFileSync(BUNDLED, 'utf8'), BUNDLED);
    const { specs, specByDir } = planInstallers(mapping.entries, false);
    assert.equal(r.pkg.files.length, specs.length);
    for (const f of r.pkg.files) {
      const ids = new Set(f.entries.map((e) => specByDir.get(e.dir)!.id));
      assert.equal(ids.size, 1, `${f.name} mixes installers`);
    }
    assert.ok(r.pkg.files.every((f) => f.name.endsWith('-5.8.3.35.zip')));
  });

  it('plans what the full build builds: the same zips and targets as a dry run with real installers', async () => {
    const set = buildInstallerSet(path.join(work, 'installers'), '5.8.3.35');
    const agents = path.join(work, 'agents');
    layoutAgentsDir(BUNDLED, agents, set);
    const built = await run(
      readInputs(
        (n) =>
          (({ download: 'false', 'agents-dir': agents, 'dry-run': 'true' }) as Record<string, string>)[n] ??
          '',
        { mapping: BUNDLED, outputDir: path.join(work, 'built'), cwd: work },
      ),
      { log: textLog(() => {}), packageRoot: ROOT },
    );
    const planned = await plan({ 'package-version': '5.8.3.35' });
    const shape = (rows: typeof built.rows) =>
      rows.map((x) => [x.platform, x.version, x.arch, x.zip, x.installerKind]);
    assert.deepEqual(shape(planned.rows), shape(built.rows));
    assert.deepEqual(planned.pkg.manifest.packages, built.pkg.manifest.packages);
  });

  it('sensor-only plans osquery installers; 386 and Windows arm64 are refused as the download would', async () => {
    const r = await plan({ 'sensor-only': 'true' });
    assert.ok(r.pkg.files.every((f) => f.installerName.startsWith('assets-osquery-')));
    const bad = path.join(work, 'bad386.json');
    writeFileSync(
      bad,
      JSON.stringify({
        linux: [{ upt_package: 'centos', dir: 'A', name: 'amazon', major_version: '_any', arch_type: '386' }],
      }),
    );
    await assert.rejects(plan({ mapping: bad }), /arch_type "386" has no Uptycs installer/);
  });

  it('checks every rendered script: a template that loses the installer name or has CR LF fails', async () => {
    const templates = await loadTemplates(path.join(ROOT, 'templates'));
    for (const type of ['rpm', 'deb', 'msi'] as const) {
      const installer = `assets-uptycs-protect-1.2.3.4-Uptycs.${type}`;
      const scripts = renderScripts(templates, type, {
        installer,
        version: '1.2.3.4',
        packageName: 'PkgName',
      });
      assert.deepEqual(scriptProblems(type, scripts, installer), [], type);
    }
    const broken = {
      ...templates,
      rpm: templates.rpm.map((t) =>
        t.name === '_prelude.sh' ? { ...t, content: t.content.replace(/\{\{INSTALLER\}\}/g, 'old.rpm') } : t,
      ),
      deb: templates.deb.map((t) =>
        t.name === 'install.sh' ? { ...t, content: t.content.replace(/\n/g, '\r\n') } : t,
      ),
    };
    const mapping = parseMapping(readFileSync(BUNDLED, 'utf8'), BUNDLED);
    await assert.rejects(
      planPackage(
        {
          packageName: 'PkgName',
          version: '1.2.3.4',
          entries: mapping.entries,
          installers: new Map(),
          templates: broken,
          outDir: work,
        },
        PLAN,
        textLog(() => {}),
      ),
      (err: Error) => {
        assert.match(
          err.message,
          /rpm\/install\.sh does not name the installer assets-uptycs-protect-1\.2\.3\.4-Uptycs\.rpm/,
        );
        assert.match(err.message, /deb\/install\.sh has Windows line endings/);
        return true;
      },
    );
  });
});

describe('the review inputs', () => {
  const read = (given: Record<string, string>) =>
    readInputs((n) => given[n] ?? '', { mapping: BUNDLED, outputDir: '/tmp/o', cwd: '/ws' });

  it('mode: plan needs no key and no agents-dir, and publishes nothing', () => {
    const i = read({ mode: 'plan' });
    assert.equal(i.mode, 'plan');
    assert.equal(i.dryRun, true);
    assert.equal(read({ mode: 'plan', download: 'false' }).agentsDir, '');
  });

  it('mode follows dry-run when empty; compare-to is resolved against the workspace', () => {
    assert.equal(read({ config: '{}' }).mode, 'publish');
    assert.equal(read({ config: '{}', 'dry-run': 'true' }).mode, 'build');
    const i = read({ mode: 'build', config: '{}', 'compare-to': 'base.json' });
    assert.equal(i.dryRun, true);
    assert.equal(i.compareTo, path.resolve('/ws', 'base.json'));
    assert.equal(i.prComment, 'auto');
  });

  it('bad values are named with their fix, all at once', () => {
    assert.throws(
      () => read({ mode: 'validate', 'allow-new-failures': 'maybe', 'pr-comment': 'yes' }),
      (err: Error) => {
        const m = renderNames(err.message, 'action');
        assert.match(m, /input "mode": "validate" must be plan \(validate only\), build/);
        assert.match(m, /input "allow-new-failures": "maybe" is not a boolean/);
        assert.match(m, /input "pr-comment": "yes" must be auto, true or false/);
        return true;
      },
    );
    assert.throws(
      () => read({ mode: 'publish', 'dry-run': 'true', config: '{}' }),
      (err: Error) =>
        /publish contradicts dry-run: true; use mode: build/.test(renderNames(err.message, 'action')),
    );
  });
});

describe('the coverage diff', () => {
  const base = mappingTargets(readFileSync(BUNDLED, 'utf8'), 'base.json', PLAN);

  it('lists targets removed, added and changed, and the instances whose outcome changes', () => {
    const head = mappingTargets(
      edited((m) => {
        m.linux = m.linux.filter((e) => !(e.name === 'suse' && e.arch_type === 'arm64'));
        const ubuntuArm = m.linux.find((e) => e.name === 'ubuntu' && e.arch_type === 'arm64')!;
        ubuntuArm.major_version = '24';
        ubuntuArm.minor_version = '04';
      }),
      'head.json',
      PLAN,
    );
    const d = diffTargets(base, head);
    assert.deepEqual(d.removed.map((t) => `${t.platform}/${t.version}/${t.arch}`).sort(), [
      'suse/_any/arm64',
      'ubuntu/_any/arm64',
    ]);
    assert.deepEqual(
      d.added.map((t) => `${t.platform}/${t.version}/${t.arch}`),
      ['ubuntu/24.04/arm64'],
    );
    const changes = outcomeChanges(base, head, COMMON_INSTANCES).map(
      (o) =>
        `${instanceName(o.instance)} ${o.instance.arch}: ${o.before.ok ? o.before.kind : 'fails'} → ${o.after.ok ? o.after.kind : 'fails'}${o.newFailure ? ' (new failure)' : ''}`,
    );
    assert.deepEqual(changes, [
      'Ubuntu 20.04 arm64: arm64 deb → fails (new failure)',
      'Ubuntu 22.04 arm64: arm64 deb → fails (new failure)',
      // 24.04 now has a key of its own, with arm64 only: the agent does not fall back to _any.
      'Ubuntu 24.04 x86_64: amd64 deb → fails (new failure)',
      'SLES 15.5 arm64: aarch64 rpm → fails (new failure)',
    ]);
  });

  it('a kind change is a changed target (SLES arm64 on the x86_64 rpm → on the aarch64 rpm)', () => {
    const wrong = mappingTargets(
      edited((m) => {
        const e = m.linux.find((x) => x.name === 'suse' && x.arch_type === 'arm64')!;
        m.linux = m.linux.filter((x) => x !== e);
      }),
      'wrong.json',
      PLAN,
    );
    const d = diffTargets(wrong, base);
    assert.deepEqual(
      d.added.map((t) => `${t.platform}/${t.arch}: ${t.kind}`),
      ['suse/arm64: aarch64 rpm'],
    );
    const o = outcomeChanges(wrong, base, COMMON_INSTANCES);
    assert.equal(o.length, 1);
    assert.equal(instanceName(o[0]!.instance), 'SLES 15.5');
    assert.equal(o[0]!.after.ok && o[0]!.after.kind, 'aarch64 rpm');
  });
});

describe('the summary', () => {
  it('on the bundled mapping: matrix, one row per zip, the preview with known names, what would be published', async () => {
    const r = await plan({ 'package-version': '5.8.3.35', 'aws-region': 'us-east-1, eu-west-1' });
    const s = r.summary;
    assert.match(
      s,
      /^## ✅ Uptycs Distributor package UptycsAgent 5\.8\.3\.35 \(plan: validated, nothing downloaded or published\)/,
    );
    assert.match(s, /\| Platform \| Version \| x86_64 \| arm64 \|/);
    assert.match(s, /\| SLES <code>suse<\/code> \| any \| \*\*A\*\* \| \*\*B\*\* \|/);
    assert.match(s, /\| Windows <code>windows<\/code> \| any \| \*\*E\*\* \| ✗ \|/);
    const zipRows = s.split('\n').filter((l) => /^\| \*\*[A-Z]\*\* \| <code>[^<]+\.zip<\/code>/.test(l));
    assert.equal(zipRows.length, r.pkg.files.length);
    assert.match(s, /\*\*Windows Server 2022\*\* \| x86_64 \| ✅ \*\*E\*\* MSI/);
    assert.match(s, /\*\*RHEL 9\.4\*\* \| arm64 \| ✅ \*\*B\*\* aarch64 rpm/);
    assert.match(s, /Not covered, as expected: macOS 14\.5 \(arm64\)/);
    assert.doesNotMatch(s, /would fail/);
    assert.match(s, /### What would be published/);
    assert.match(s, /<code>uptycs-distributor-\{account\}-eu-west-1<\/code>/);
    assert.match(s, /- \*\*Prefix:\*\* <code>uptycs\/UptycsAgent\/5\.8\.3\.35\/<\/code>/);
  });

  it('after a publish: the next step, an AWS-ConfigureAWSPackage command for this package and version', async () => {
    const r = await plan({ 'package-version': '5.8.3.35' });
    const s = renderSummary({
      pkg: r.pkg,
      rows: r.rows,
      preview: r.preview,
      agentsSource: 'downloaded',
      dryRun: false,
      mode: 'publish',
      timings: {},
      publishedRegions: ['eu-west-1'],
    });
    assert.match(s, /### Next step: install it on instances/);
    assert.match(
      s,
      /aws ssm send-command --region eu-west-1 \\\n {2}--document-name AWS-ConfigureAWSPackage[\s\S]*"name":\["UptycsAgent"\],"version":\["5\.8\.3\.35"\]/,
    );
    assert.match(s, /aws ssm create-association --region eu-west-1 \\\n {2}--name AWS-ConfigureAWSPackage/);
    assert.doesNotMatch(s, /What would be published/);
  });

  it('a failing common instance is a surprise, said in plain words', async () => {
    const m = path.join(work, 'noubuntu-arm.json');
    writeFileSync(
      m,
      edited((x) => (x.linux = x.linux.filter((e) => !(e.name === 'ubuntu' && e.arch_type === 'arm64')))),
    );
    const r = await plan({ mapping: m });
    assert.match(r.summary, /⚠️ \*\*3 common instances would fail\*\*/);
    assert.match(
      r.summary,
      /\*\*Ubuntu 22\.04\*\* \| arm64 \| ❌ fails: Ubuntu has no arm64 build \(only x86_64\); add an arm64 entry/,
    );
  });

  it('with compare-to: the change, the changed outcomes, and a new failure fails the run unless allowed', async () => {
    const head = path.join(work, 'head.json');
    writeFileSync(
      head,
      edited((x) => (x.linux = x.linux.filter((e) => !(e.name === 'suse' && e.arch_type === 'arm64')))),
    );
    const r = await plan({ mapping: head, 'compare-to': BUNDLED });
    assert.ok(r.error instanceof UserError);
    assert.match(
      renderNames(r.error.message, 'action'),
      /SLES 15\.5 arm64; restore their entries, or set input "allow-new-failures" to true/,
    );
    assert.match(r.summary, /## ❌ Uptycs Distributor package/);
    assert.match(r.summary, /- ❌ \*\*SLES 15\.5 arm64\*\*: installs the aarch64 rpm → fails/);
    assert.match(r.summary, /Targets: 0 added, 1 removed, 0 changed\./);
    const allowed = await plan({ mapping: head, 'compare-to': BUNDLED, 'allow-new-failures': 'true' });
    assert.equal(allowed.error, undefined);
  });

  it('a bad mapping: each problem once, annotations only for files in the workspace, the fix', () => {
    const text = JSON.stringify(
      {
        linux: [
          { upt_package: 'centos', dir: 'A', name: 'rhel', major_version: '_any', arch_type: 'x86_64' },
          { upt_package: 'centos', dir: 'B', name: 'amazon', major_version: '_any', arch_type: 'i386' },
        ],
      },
      null,
      2,
    );
    const ws = path.join(work, 'ws');
    let err: unknown;
    try {
      parseMapping(text, path.join(ws, 'uptycs/mapping.json'));
    } catch (e) {
      err = e;
    }
    const inside = failureReport(err, ws, 'UptycsAgent', 'plan');
    assert.deepEqual(
      inside.annotations.map((a) => `${a.location.file}:${a.location.line}`),
      ['uptycs/mapping.json:6', 'uptycs/mapping.json:15'],
    );
    assert.match(inside.message, /has 2 problems .*; both are shown as annotations on their lines$/);
    assert.doesNotMatch(inside.message, /rhel/);
    assert.match(inside.summary, /## ❌ Uptycs Distributor package UptycsAgent: the check failed/);
    assert.equal(inside.summary.split('platform name "rhel"').length, 2, 'each problem once');
    assert.match(inside.summary, /\*\*How to fix:\*\*/);
    // The bundled mapping (outside the workspace): plain errors, no annotation.
    const outside = failureReport(err, path.join(work, 'elsewhere'), 'UptycsAgent', 'plan');
    assert.deepEqual(outside.annotations, []);
    assert.match(outside.message, /platform name "rhel"/);
    assert.match(outside.message, /arch_type "i386"/);
  });
});

describe('the pull-request comment body', () => {
  it('an oversize body is cut in the middle, under the limit, with the marker intact', () => {
    const marker = commentMarker('UptycsAgent');
    const text = Array.from({ length: 4000 }, (_, i) => `| row ${i} | ${'x'.repeat(40)} |`).join('\n');
    const { body, cut } = fitComment(marker, text);
    assert.ok(body.length <= COMMENT_LIMIT, String(body.length));
    assert.ok(body.startsWith(`${marker}\n| row 0 |`));
    assert.ok(body.endsWith('| row 3999 | ' + 'x'.repeat(40) + ' |'));
    assert.ok(cut > 0);
    assert.match(body, new RegExp(`${cut.toLocaleString('en-US')} characters were cut here`));
    assert.deepEqual(fitComment(marker, 'short'), { body: `${marker}\nshort`, cut: 0 });
  });

  it('finds the pull request and tells a fork', () => {
    const payload = (head: string) => ({
      pull_request: { number: 7, head: { repo: { full_name: head } }, base: { repo: { full_name: 'o/r' } } },
      repository: { name: 'r', owner: { login: 'o' }, full_name: 'o/r' },
    });
    assert.deepEqual(pullRequestOf(payload('o/r')), { owner: 'o', repo: 'r', number: 7, fork: false });
    assert.equal(pullRequestOf(payload('someone/r'))?.fork, true);
    assert.equal(pullRequestOf({ ref: 'refs/heads/main' }), undefined);
  });
});
