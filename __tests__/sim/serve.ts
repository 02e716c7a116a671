/**
 * Runs the Uptycs simulator as its own process (for benchmarks, so that the server does not share
 * the client's event loop, and for trying the CLI by hand). Prints one JSON line with url, ca, key
 * file and installer sizes, then answers commands on stdin, one per line, each with a JSON line:
 *   reset  → {"ok":true}
 *   stats  → {"requests":{...},"servedBytes":N}
 * Exits when stdin closes.
 *
 *   npx tsx __tests__/sim/serve.ts --size 40 --rate 0
 */
import { createInterface } from 'node:readline';
import { statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startSimulator, SIM_VERSIONS } from './uptycs-simulator.js';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '0.1' },
    rate: { type: 'string', default: '0' },
    sensor: { type: 'boolean', default: false },
  },
});
const size = Math.round(Number(values.size) * 1_000_000);
const rate = Math.round(Number(values.rate) * 1_000_000);
const version = '5.10.1.3';
const sim = await startSimulator({
  paddingBytes: size,
  msiPaddingBytes: size,
  prebuild: [version],
  prebuildSensor: values.sensor,
  bytesPerSecond: rate || undefined,
});
const sizes: Record<string, number> = {};
for (const os of ['centos', 'debian', 'windows'])
  for (const arm64 of os === 'windows' ? [false] : [false, true])
    sizes[`${os}-${arm64 ? 'arm64' : 'x86_64'}`] = statSync(sim.installerFile(os, arm64, true, version)).size;
const out = (v: unknown) => process.stdout.write(`${JSON.stringify(v)}\n`);
out({
  url: sim.url,
  ca: sim.ca,
  key: sim.key,
  secret: sim.secret,
  customerId: sim.customerId,
  keyFile: sim.keyFile(),
  version,
  versions: SIM_VERSIONS,
  assetGroupId: 'f0e1d2c3-0000-4000-8000-000000000002',
  sizes,
});
const rl = createInterface({ input: process.stdin });
rl.on('line', (line) => {
  const cmd = line.trim();
  if (cmd === 'reset') {
    sim.reset();
    out({ ok: true });
  } else if (cmd === 'stats') {
    out({ requests: sim.requests, servedBytes: sim.downloads.reduce((s, d) => s + d.bytes, 0) });
  } else out({ error: `unknown command ${cmd}` });
});
rl.on('close', () => {
  void sim.close().then(() => process.exit(0));
});
