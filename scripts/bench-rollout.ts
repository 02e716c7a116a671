/**
 * `npm run bench:rollout` (part of `npm run bench`): the fleet preflight of 10,000 managed instances
 * against the wire-level fleet double on 127.0.0.1 (__tests__/helpers/fake-fleet.ts: SSM
 * DescribeInstanceInformation, EC2 DescribeInstances), through the real AWS SDK and the rollout
 * stage's own code (src/rollout). Prints the API calls (the budget is 250) and the wall time, best of N.
 *
 *   npm run bench:rollout
 *   npm run bench:rollout -- --instances 10000 --runs 3
 */
import { parseArgs } from 'node:util';
import { startFakeFleet, syntheticNodes, FLEET_KINDS } from '../__tests__/helpers/fake-fleet.js';
import { readRolloutInputs } from '../src/inputs/rollout.js';
import type { Log } from '../src/common/log.js';
import type { BuiltPackage, Manifest } from '../src/package/types.js';
import { DEFAULT_ROLLOUT_OPTIONS, rolloutRegion } from '../src/rollout/index.js';

const { values } = parseArgs({
  options: { instances: { type: 'string', default: '10000' }, runs: { type: 'string', default: '3' } },
});
const count = Number(values.instances);
const runs = Number(values.runs);
const BUDGET = 250;

// The bundled mapping's shape: amazon, redhat, ubuntu on both arches, suse x86_64, windows.
const file = (n: string) => ({ file: `${n}.zip` });
const manifest: Manifest = {
  schemaVersion: '2.0',
  version: '5.7.0.25',
  publisher: 'Uptycs',
  description: 'bench',
  packages: {
    amazon: { _any: { x86_64: file('rpm64'), arm64: file('rpmarm') } },
    redhat: { _any: { x86_64: file('rpm64'), arm64: file('rpmarm') } },
    suse: { _any: { x86_64: file('rpm64') } },
    ubuntu: { _any: { x86_64: file('deb64'), arm64: file('debarm') } },
    windows: { _any: { x86_64: file('msi') } },
  },
  files: {},
};
const pkg = { packageName: 'UptycsAgent', version: '5.7.0.25', manifest } as BuiltPackage;
const quiet = () => undefined;
const log: Log = {
  info: quiet,
  debug: quiet,
  notice: quiet,
  warning: quiet,
  error: quiet,
  group: (_n, fn) => fn(),
  setSecret: quiet,
};

Object.assign(process.env, {
  AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_CONFIG_FILE: '/dev/null',
  AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
});
const fleet = await startFakeFleet('http://127.0.0.1:9');
let failed = false;
try {
  fleet.add(...syntheticNodes(count, { uptycs: 'yes' }), ...syntheticNodes(500, { uptycs: 'no' }));
  const r = readRolloutInputs(
    (n) => (n === 'rollout-targets' ? 'tag:uptycs=yes' : ''),
    quiet,
    'UptycsAgent',
  )!;
  let best = Infinity;
  let calls = { ssm: 0, ec2: 0 };
  let result;
  for (let k = 0; k < runs; k++) {
    fleet.calls.length = 0;
    const c = { ssm: 0, ec2: 0 };
    const t0 = performance.now();
    result = await rolloutRegion({
      pkg,
      r,
      region: 'us-east-1',
      session: { account: '123456789012', arn: 'arn:aws:iam::123456789012:user/bench', principal: 'bench' },
      dryRun: true,
      log,
      env: { AWS_ENDPOINT_URL_SSM: fleet.url, AWS_ENDPOINT_URL_EC2: fleet.url },
      opts: DEFAULT_ROLLOUT_OPTIONS,
      calls: c,
    });
    const ms = performance.now() - t0;
    if (result.error) throw new Error(result.error);
    if (result.preflight?.total !== count)
      throw new Error(`preflight saw ${result.preflight?.total} instances, not ${count}`);
    if (c.ssm + c.ec2 !== fleet.calls.length)
      throw new Error('the double saw other calls than the stage counted');
    if (ms < best) best = ms;
    calls = c;
  }
  const p = result!.preflight!;
  const total = calls.ssm + calls.ec2;
  console.log(
    `Node ${process.version}, fleet preflight against the fleet double on 127.0.0.1, best of ${runs} runs\n`,
  );
  console.log(`instances            ${count} (${FLEET_KINDS.length} kinds, ${p.groups.length} groups)`);
  console.log(
    `API calls            ${total} (${calls.ssm} SSM DescribeInstanceInformation, ${calls.ec2} EC2 DescribeInstances); budget ${BUDGET}`,
  );
  console.log(
    `wall time            ${best.toFixed(0)} ms (${((best * 1000) / count).toFixed(0)} µs an instance)`,
  );
  console.log(
    `outcome              ${p.counts.install} install, ${p.counts['no-manifest']} no manifest, ${p.counts.unknown} unknown`,
  );
  if (total > BUDGET) {
    console.error(`\nover budget: ${total} API calls > ${BUDGET}`);
    failed = true;
  }
} finally {
  await fleet.stop();
}
if (failed) process.exit(1);
