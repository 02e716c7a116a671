/**
 * The bar of issue 17: every prediction equals what the SSM Agent decides. For the manifests built
 * from the bundled mapping, the original one and a version-keyed mapping with wildcards, the preview
 * of the common instances, the build's notices, the coverage diff's outcomes and the fleet preflight
 * per instance are each compared with resolveAsAgent's decision; then the rollout runs against the
 * fleet double (whose agents resolve the published document by their own copy of FACTS §3's rules)
 * and every instance's result agrees with what the preflight said of it.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { textLog } from '../src/common/log.js';
import { run } from '../src/core.js';
import { readInputs } from '../src/inputs/index.js';
import type { RolloutInputs } from '../src/inputs/rollout.js';
import type { Manifest } from '../src/package/types.js';
import { resolveAsAgent, type AgentInstance } from '../src/plan/agent-resolver.js';
import { COMMON_INSTANCES, matchedPath } from '../src/plan/distributor.js';
import { mappingTargets, outcomeOf, zipBase } from '../src/report/diff.js';
import { rolloutRegion } from '../src/rollout/index.js';
import { preflight } from '../src/rollout/preflight.js';
import { FLEET_KINDS, startFakeFleet, type FakeFleet, type FleetNode } from './helpers/fake-fleet.js';
import { isolateAwsEnv } from '../scripts/local-aws/moto.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MAPPINGS: Record<string, string> = {
  bundled: path.join(ROOT, 'mappings/uptycs-agent-mapping.json'),
  original: path.join(ROOT, '__tests__/fixtures/uptycs-agent-mapping.original.json'),
  'version-keyed': path.join(ROOT, '__tests__/fixtures/version-keyed-mapping.json'),
};
const PLAN = { sensorOnly: false, assetGroup: 'assets' };

let work: string;
before(() => (work = mkdtempSync(path.join(tmpdir(), 'udist-predict-'))));
after(() => rmSync(work, { recursive: true, force: true }));

let n = 0;
async function build(mapping: string) {
  const lines: string[] = [];
  const inputs = readInputs((k) => (({ mode: 'plan', mapping }) as Record<string, string>)[k] ?? '', {
    mapping,
    outputDir: path.join(work, `out-${++n}`),
    cwd: work,
  });
  const r = await run(inputs, { log: textLog((l) => lines.push(l)), packageRoot: ROOT });
  assert.equal(r.error, undefined, String(r.error));
  return { r, lines, manifest: r.pkg.manifest };
}

const pathOf = (d: ReturnType<typeof resolveAsAgent>) => matchedPath(d.trace);
const tuple = (i: AgentInstance) => `${i.platform} ${i.version} ${i.arch}`;

/**
 * More instances than the double's kinds: what SSM shows and, written from FACTS §3 and the images'
 * os-release, what the agent resolves with.
 */
const EXTRA: Omit<FleetNode, 'id' | 'tags'>[] = [
  ['Red Hat Enterprise Linux Server', '7.9', 'redhat', '7.9', 'x86_64'],
  ['Red Hat Enterprise Linux', '8.10', 'redhat', '8.10', 'arm64'],
  ['Red Hat Enterprise Linux', '9.4', 'redhat', '9.4', 'arm64'],
  ['CentOS Linux', '8.5.2111', 'centos', '8', 'x86_64'],
  ['CentOS Stream', '9', 'centos', '9', 'x86_64'],
  ['Rocky Linux', '8.9', 'rocky', '8.9', 'arm64'],
  ['AlmaLinux', '9.4', 'almalinux', '9.4', 'arm64'],
  ['Oracle Linux Server', '8.9', 'oracle', '8.9', 'x86_64'],
  ['SLES', '12.5', 'suse', '12.5', 'x86_64'],
  ['SLES', '15', 'suse', '15', 'arm64'],
  ['openSUSE Leap', '15.5', 'opensuseleap', '15.5', 'x86_64'],
  ['Ubuntu', '18.04', 'ubuntu', '18.04', 'x86_64'],
  ['Debian GNU/Linux', '11', 'debian', '11', 'x86_64'],
  ['Debian GNU/Linux', '12', 'debian', '12', 'arm64'],
  ['Amazon Linux', '2023', 'amazon', '2023', 'x86_64'],
].map(([platformName, platformVersion, platform, version, arch]) => ({
  platformType: 'Linux' as const,
  platformName: platformName!,
  platformVersion: platformVersion!,
  agent: { platform: platform!, version: version!, arch: arch! },
  ec2Arch: arch,
}));
const WINDOWS = [
  ['2016', '10.0.14393'],
  ['2019', '10.0.17763'],
  ['2025', '10.0.26100'],
].map(([year, v]) => ({
  platformType: 'Windows' as const,
  platformName: `Microsoft Windows Server ${year} Datacenter`,
  platformVersion: v!,
  agent: { platform: 'windows', version: v!, arch: 'x86_64' },
  ec2Arch: 'x86_64',
}));

const NODES: FleetNode[] = [
  ...FLEET_KINDS.filter((k) => !k.script).map((k) => ({
    ...k,
    ...(k.ec2Arch ? {} : { ec2Arch: undefined }),
  })),
  ...EXTRA,
  ...WINDOWS,
].map((k, i) => {
  const { label: _label, ...rest } = k as typeof k & { label?: string };
  return {
    ...rest,
    id: `${k.ec2Arch ? 'i' : 'mi'}-${(i + 1).toString(16).padStart(17, '0')}`,
    tags: { uptycs: 'yes' },
    ...(k.ec2Arch ? { ec2Arch: k.ec2Arch } : {}),
  } as FleetNode;
});

const fleetInstance = (node: FleetNode) => ({
  instanceId: node.id,
  platformType: node.platformType,
  platformName: node.platformName,
  platformVersion: node.platformVersion,
  resourceType: node.id.startsWith('mi-') ? 'ManagedInstance' : 'EC2Instance',
  ec2Architecture: node.ec2Arch ?? '',
});

/** The preflight's verdict on one instance. */
const verdictOf = (manifest: Manifest, node: FleetNode) =>
  preflight(manifest, [fleetInstance(node)]).groups[0]!;

/** Where the preflight says something of an instance, it is what the agent decides. */
function assertPreflightIsTheAgent(manifest: Manifest) {
  const all = preflight(manifest, NODES.map(fleetInstance));
  assert.equal(all.total, NODES.length);
  const counts = { install: 0, 'no-manifest': 0, unknown: 0 };
  for (const node of NODES) {
    const g = verdictOf(manifest, node);
    counts[g.outcome]++;
    const d = resolveAsAgent(manifest, node.agent);
    const what = `${node.platformName} ${node.platformVersion} (${tuple(node.agent)})`;
    if (g.outcome === 'unknown') {
      assert.ok(g.reason, what);
      continue;
    }
    assert.equal(
      g.outcome === 'install',
      d.ok,
      `${what}: preflight ${g.outcome}, agent ${d.ok ? d.file : d.error}`,
    );
    if (d.ok) assert.equal(g.file, d.file, what);
    else
      assert.ok(
        g.reason!.includes(d.error.replace(/^failed to find platform: /, '')),
        `${what}: ${g.reason}`,
      );
  }
  assert.deepEqual(all.counts, counts, 'the fleet preflight is the sum of its instances');
  assert.ok(counts.unknown <= 3, `few instances cannot be predicted (${counts.unknown})`);
}

for (const [name, file] of Object.entries(MAPPINGS))
  describe(`predictions from the ${name} mapping`, () => {
    it('the preview, the notices, the coverage diff and the preflight are the agent’s decisions', async () => {
      const { r, lines, manifest } = await build(file);
      // The preview of the common instances.
      assert.equal(r.preview.length, COMMON_INSTANCES.length);
      for (const row of r.preview) {
        const d = resolveAsAgent(manifest, row.instance);
        const what = tuple(row.instance);
        assert.equal(row.result.ok, d.ok, what);
        if (row.result.ok && d.ok) {
          assert.equal(row.result.file, d.file, what);
          assert.equal(
            `${row.result.platformKey} / ${row.result.versionKey} / ${row.result.archKey}`,
            pathOf(d),
          );
        } else if (!row.result.ok && !d.ok) {
          assert.equal(row.result.error, d.error, what);
          assert.deepEqual(row.result.trace, d.trace, what);
        }
      }
      // The build's notices: one for each common instance the agent fails (macOS aside), with its error.
      const notices = lines.filter((l) => / would not install: /.test(l));
      const failing = COMMON_INSTANCES.filter(
        (i) => i.platform !== 'mac_os_x' && !resolveAsAgent(manifest, i).ok,
      );
      assert.equal(notices.length, failing.length, notices.join('\n'));
      for (const i of failing) {
        const d = resolveAsAgent(manifest, i);
        assert.ok(!d.ok);
        assert.ok(
          notices.some((l) => l.includes(`${tuple(i)} would not install: ${d.error}`)),
          `a notice for ${tuple(i)}`,
        );
      }
      // The coverage diff's outcomes (from the mapping's targets, as compare-to reads a mapping).
      const targets = mappingTargets(readFileSync(file, 'utf8'), name, PLAN);
      for (const i of COMMON_INSTANCES) {
        const d = resolveAsAgent(manifest, i);
        const o = outcomeOf(targets, i);
        assert.equal(o.ok, d.ok, tuple(i));
        if (o.ok && d.ok) assert.equal(o.zip, zipBase(d.file, manifest.version), tuple(i));
      }
      assertPreflightIsTheAgent(manifest);
    });
  });

it('the version-keyed mapping tells wildcards apart as the agent does (the cases of issue 17)', async () => {
  const { r, manifest } = await build(MAPPINGS['version-keyed']!);
  const via = (platform: string, version: string, arch: string) => {
    const d = resolveAsAgent(manifest, { platform, version, arch });
    return d.ok ? pathOf(d) : 'fails';
  };
  assert.equal(via('centos', '7', 'x86_64'), 'centos / 7 / x86_64');
  assert.equal(via('redhat', '7.9', 'x86_64'), 'redhat / 7.* / x86_64');
  assert.equal(via('debian', '12', 'arm64'), 'debian / 12.* / _any');
  // 9.4.* has more components than 9.*, and no x86_64 build: the agent does not go back to 9.*.
  assert.equal(via('redhat', '9.4', 'arm64'), 'redhat / 9.4.* / arm64');
  assert.equal(via('redhat', '9.4', 'x86_64'), 'fails');
  assert.equal(via('windows', '10.0.14393nano', 'x86_64'), 'windows / _any / _any');
  assert.equal(via('windows', '10.0.20348', 'x86_64'), 'windows / 10.0.* / x86_64');
  assert.match(
    r.summary,
    /\*\*RHEL 9\.4\*\* \| x86_64 \| ❌ fails: RHEL 9\.4\.\* has no x86_64 build \(only arm64\)/,
  );
});

describe('a rollout’s results agree with its preflight', () => {
  let fleet: FakeFleet;
  let upstream: Server;
  let manifest: Manifest;
  before(async () => {
    isolateAwsEnv();
    ({ manifest } = await build(MAPPINGS['version-keyed']!));
    // The package document, as SSM's GetDocument returns it to the agents.
    upstream = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.setHeader('content-type', 'application/x-amz-json-1.1');
        res.end(
          JSON.stringify({
            Name: 'UptycsAgent',
            VersionName: manifest.version,
            DocumentType: 'Package',
            DocumentFormat: 'JSON',
            Status: 'Active',
            Content: JSON.stringify(manifest),
          }),
        );
      });
    });
    await new Promise<void>((ok) => upstream.listen(0, '127.0.0.1', ok));
    const addr = upstream.address() as { port: number };
    fleet = await startFakeFleet(`http://127.0.0.1:${addr.port}`);
    fleet.add(...NODES);
  });
  after(async () => {
    await fleet.stop();
    upstream.closeAllConnections();
    await new Promise((ok) => upstream.close(ok));
  });

  it('every instance predicted to install succeeds, every one predicted to fail fails with the agent’s error', async () => {
    const r: RolloutInputs = {
      targets: [{ Key: 'tag:uptycs', Values: ['yes'] }],
      associationName: 'UptycsAgent-rollout',
      schedule: 'rate(1 day)',
      installationType: 'Uninstall and reinstall',
      maxConcurrency: '10%',
      maxErrors: '100%',
      complianceSeverity: 'UNSPECIFIED',
      applyOnlyAtCronInterval: false,
      additionalArguments: '',
      startNow: false,
      preflightFailures: 'warning',
      waitMinutes: 1,
      failOn: 'never',
      ...({} as Partial<RolloutInputs>),
    };
    const lines: string[] = [];
    const out = await rolloutRegion({
      pkg: { packageName: 'UptycsAgent', manifest } as Parameters<typeof rolloutRegion>[0]['pkg'],
      r,
      region: 'us-east-1',
      session: { account: '123456789012', arn: 'arn:aws:iam::123456789012:role/x', principal: 'x' },
      dryRun: false,
      log: textLog((l) => lines.push(l)),
      env: { ...process.env, AWS_ENDPOINT_URL: fleet.url },
      opts: { pollIntervalMs: 5, maxPollIntervalMs: 5, maxAttempts: 1, retryBaseMs: 1, maxOutputs: 100 },
      calls: { ssm: 0, ec2: 0 },
    });
    assert.equal(out.error, undefined, `${out.error}\n${lines.join('\n')}`);
    const report = out.report!;
    assert.equal(report.total, NODES.length);
    assert.equal(out.preflight!.total, NODES.length);
    const failures = new Map(report.failures.map((f) => [f.instanceId, f]));
    let compared = 0;
    for (const node of NODES) {
      const g = verdictOf(manifest, node);
      const what = `${node.id} ${node.platformName} ${node.platformVersion} (${tuple(node.agent)})`;
      const f = failures.get(node.id);
      if (g.outcome === 'unknown') continue;
      compared++;
      if (g.outcome === 'install')
        assert.equal(f, undefined, `${what} was predicted to install: ${f?.reason}`);
      else {
        assert.ok(f, `${what} was predicted to fail and succeeded`);
        assert.ok(g.reason!.startsWith(f.reason), `preflight "${g.reason}" vs rollout "${f.reason}"`);
      }
    }
    assert.ok(compared >= NODES.length - 3, `compared ${compared} of ${NODES.length}`);
    assert.ok(report.counts.failed > 0 && report.counts.succeeded > 0, 'both outcomes occur');
  });
});
