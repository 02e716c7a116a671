/**
 * mode: plan from dist/, as the runner runs it: no key, no network, a base mapping then a changed one
 * (compare-to a mapping file and an earlier report.json), and a bad mapping reported once.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runAction } from './helpers/runner.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BUNDLED = path.join(ROOT, 'mappings/uptycs-agent-mapping.json');
let work: string;
let noNet: string;
let netLog: string;

before(() => {
  work = mkdtempSync(path.join(tmpdir(), 'udist-action-review-'));
  netLog = path.join(work, 'network-attempts.log');
  noNet = path.join(work, 'no-network.mjs');
  // Loaded into the action's process: any socket or DNS lookup is written down and refused.
  writeFileSync(
    noNet,
    `import net from 'node:net';
import dns from 'node:dns';
import { appendFileSync } from 'node:fs';
const note = (what) => appendFileSync(${JSON.stringify(netLog)}, what + '\\n');
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  note('connect ' + JSON.stringify(args[0]));
  throw new Error('network refused by the test');
};
const lookup = dns.lookup;
dns.lookup = function (host, ...rest) {
  note('lookup ' + host);
  return lookup.call(this, host, ...rest);
};
void connect;
`,
  );
});
after(() => rmSync(work, { recursive: true, force: true }));

function mapping(edit?: (m: { linux: Record<string, string>[] }) => void): string {
  const m = JSON.parse(readFileSync(BUNDLED, 'utf8')) as { linux: Record<string, string>[] };
  delete (m as Record<string, unknown>).$schema;
  edit?.(m);
  return JSON.stringify(m, null, 2);
}

const offline = () => ({ NODE_OPTIONS: `--import=${pathToFileURL(noNet).href}` });

describe('mode: plan from dist/', () => {
  it('needs no key and no network: validates the bundled mapping, every output set', async (t) => {
    const ws = path.join(work, 'ws-plain');
    const t0 = performance.now();
    const r = await runAction(ws, { mode: 'plan' }, offline());
    t.diagnostic(
      `mode: plan on the bundled mapping, whole process: ${Math.round(performance.now() - t0)} ms`,
    );
    assert.equal(r.status, 0, r.stdout);
    assert.ok(!existsSync(netLog), existsSync(netLog) ? readFileSync(netLog, 'utf8') : '');
    assert.equal(JSON.parse(r.outputs.coverage!).length, 19);
    assert.match(r.outputs.manifest!, /manifest\.plan\.json$/);
    assert.equal(r.outputs['summary-markdown']!.trimEnd(), r.summary.trimEnd());
    assert.match(r.summary, /\(plan: validated, nothing downloaded or published\)/);
    assert.match(r.summary, /\| Platform \| Version \| x86_64 \| arm64 \|/);
    assert.doesNotMatch(r.stdout, /input "config"/);
  });

  it('base mapping, then a changed one: the coverage diff and the instances whose outcome changes', async () => {
    const ws = path.join(work, 'ws-diff');
    mkdirSync(path.join(ws, 'uptycs'), { recursive: true });
    // The base drops SUSE arm64 (SLES arm64 fails); the change adds it back and gives Ubuntu 24.04 its own key.
    writeFileSync(
      path.join(ws, 'base.json'),
      mapping((m) => (m.linux = m.linux.filter((e) => !(e.name === 'suse' && e.arch_type === 'arm64')))),
    );
    writeFileSync(path.join(ws, 'uptycs/mapping.json'), mapping());
    const first = await runAction(
      ws,
      { mode: 'plan', mapping: 'base.json', 'output-dir': 'out-base' },
      offline(),
    );
    assert.equal(first.status, 0, first.stdout);
    assert.match(first.summary, /⚠️ \*\*1 common instance would fail\*\*/);
    assert.match(first.summary, /\*\*SLES 15\.5\*\* \| arm64 \| ❌ fails: SLES has no arm64 build/);

    const second = await runAction(
      ws,
      { mode: 'plan', mapping: 'uptycs/mapping.json', 'compare-to': 'base.json', 'output-dir': 'out-head' },
      offline(),
    );
    assert.equal(second.status, 0, second.stdout);
    assert.ok(!existsSync(netLog));
    assert.match(second.summary, /### What this change does \(against mapping base\.json\)/);
    assert.match(second.summary, /- ✅ \*\*SLES 15\.5 arm64\*\*: fails → installs the aarch64 rpm/);
    assert.match(second.summary, /Targets: 1 added, 0 removed, 0 changed\./);
    assert.match(
      second.summary,
      /\| ➕ added \| <code>suse<\/code> any version arm64 \| — \| <code>UPT_PRO_AMAZON2_ARM64<\/code> aarch64 rpm \|/,
    );
    const report = JSON.parse(readFileSync(second.outputs.report!, 'utf8'));
    assert.deepEqual(
      report.compareTo.outcomes.map((o: { name: string; arch: string; newFailure: boolean }) => [
        o.name,
        o.arch,
        o.newFailure,
      ]),
      [['SLES 15.5', 'arm64', false]],
    );

    // Against the earlier report.json instead of the mapping: the same outcome change.
    const third = await runAction(
      ws,
      {
        mode: 'plan',
        mapping: 'uptycs/mapping.json',
        'compare-to': first.outputs.report!,
        'output-dir': 'out-head2',
      },
      offline(),
    );
    assert.equal(third.status, 0, third.stdout);
    assert.match(third.summary, /against report .*report\.json \(UptycsAgent VERSION\)/);
    assert.match(third.summary, /- ✅ \*\*SLES 15\.5 arm64\*\*: fails → installs the aarch64 rpm/);

    // The reverse change makes a common instance fail: an error, unless allowed.
    const worse = await runAction(
      ws,
      { mode: 'plan', mapping: 'base.json', 'compare-to': 'uptycs/mapping.json', 'output-dir': 'out-worse' },
      offline(),
    );
    assert.equal(worse.status, 1);
    assert.match(worse.summary, /- ❌ \*\*SLES 15\.5 arm64\*\*: installs the aarch64 rpm → fails/);
    assert.match(
      worse.stdout,
      /::error::1 common instance installed with mapping uptycs\/mapping\.json and would fail now: SLES 15\.5 arm64; .*set input "allow-new-failures" to true/,
    );
    const allowed = await runAction(
      ws,
      {
        mode: 'plan',
        mapping: 'base.json',
        'compare-to': 'uptycs/mapping.json',
        'allow-new-failures': 'true',
        'output-dir': 'out-allowed',
      },
      offline(),
    );
    assert.equal(allowed.status, 0, allowed.stdout);
    assert.match(
      allowed.stdout,
      /::warning::1 common instance\(s\) installed before and would fail now: SLES 15\.5 arm64/,
    );
  });

  it('a bad mapping: each problem once (annotations on its lines), a message that counts them, a failure summary', async () => {
    const ws = path.join(work, 'ws-bad');
    mkdirSync(path.join(ws, 'uptycs'), { recursive: true });
    writeFileSync(
      path.join(ws, 'uptycs/mapping.json'),
      JSON.stringify(
        {
          linux: [
            { upt_package: 'centos', dir: 'A', name: 'rhel', major_version: '_any', arch_type: 'x86_64' },
            { upt_package: 'centos', dir: 'B', name: 'amazon', major_version: '_any', arch_type: 'i386' },
          ],
        },
        null,
        2,
      ),
    );
    const r = await runAction(ws, { mode: 'plan', mapping: 'uptycs/mapping.json' }, offline());
    assert.equal(r.status, 1);
    const errors = r.stdout.split('\n').filter((l) => l.startsWith('::error'));
    assert.equal(errors.length, 3, errors.join('\n'));
    assert.match(
      errors[0]!,
      /^::error file=uptycs\/mapping\.json,line=6,col=\d+::linux\[0\]: platform name "rhel"/,
    );
    assert.match(
      errors[1]!,
      /^::error file=uptycs\/mapping\.json,line=15,col=\d+::linux\[1\]: arch_type "i386"/,
    );
    assert.match(
      errors[2]!,
      /^::error::mapping uptycs\/mapping\.json has 2 problems .*; both are shown as annotations on their lines$/,
    );
    assert.equal(r.stdout.split('platform name "rhel"').length, 2, 'the problem is printed once');
    assert.match(r.summary, /## ❌ Uptycs Distributor package UptycsAgent: the check failed/);
    assert.match(r.summary, /\| <code>uptycs\/mapping\.json:6<\/code> \| linux\[0\]: platform name "rhel"/);
    assert.match(r.summary, /\*\*How to fix:\*\*/);
    assert.equal(r.outputs['summary-markdown']!.trimEnd(), r.summary.trimEnd());
  });

  it('a mapping outside the workspace (like the bundled one) is a plain error, not an annotation', async () => {
    const ws = path.join(work, 'ws-outside');
    mkdirSync(ws, { recursive: true });
    const outside = path.join(work, 'outside-mapping.json');
    writeFileSync(
      outside,
      JSON.stringify({
        linux: [
          { upt_package: 'centos', dir: 'A', name: 'rhel', major_version: '_any', arch_type: 'x86_64' },
        ],
      }),
    );
    const r = await runAction(ws, { mode: 'plan', mapping: outside }, offline());
    assert.equal(r.status, 1);
    assert.doesNotMatch(r.stdout, /::error file=/);
    assert.match(
      r.stdout,
      /::error::mapping .*outside-mapping\.json has 1 problem.*:%0A {2}.*outside-mapping\.json:1: linux\[0\]: platform name "rhel"/,
    );
  });
});
