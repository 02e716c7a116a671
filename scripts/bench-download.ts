/**
 * Download benchmark: the original 8-entry mapping against the Uptycs simulator (HTTPS on 127.0.0.1)
 * serving installers of about --size MB each. Compares, in the same run:
 *   - ours: downloadInstallers (5 distinct installers, 3 at a time, checked, streamed to disk);
 *   - floor: curl fetching the same 5 files in parallel (--cacert, same JWT auth), nothing checked;
 *   - old pattern: curl fetching once per mapping entry (8 downloads, one after the other), which is
 *     what create_package.py did.
 * Optional --rate caps each connection (MB/s) to look more like a real link than loopback.
 *
 *   npx tsx scripts/bench-download.ts                # 40 MB installers, unthrottled, best of 3
 *   npx tsx scripts/bench-download.ts --size 40 --rate 25 --runs 1
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SignJWT } from 'jose';
import { noCache } from '../src/agents/cache.js';
import { downloadInstallers, downloadQuery } from '../src/agents/uptycs/index.js';
import { planInstallers } from '../src/plan/installers.js';
import { loadApiKey } from '../src/inputs/key.js';
import type { Log } from '../src/common/log.js';
import { parseMapping } from '../src/plan/mapping.js';
import type { SimInfo } from './bench-stack.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '40' },
    rate: { type: 'string', default: '0' },
    runs: { type: 'string', default: '3' },
  },
});
const MB = 1_000_000;
const rate = Number(values.rate) * MB;
const runs = Math.max(1, Number(values.runs));
const mappingFile = path.join(root, '__tests__', 'fixtures', 'uptycs-agent-mapping.original.json');
const entries = parseMapping(readFileSync(mappingFile, 'utf8'), mappingFile).entries;
const VERSION = '5.10.1.3';

const quiet: Log = {
  info: () => undefined,
  debug: () => undefined,
  notice: () => undefined,
  warning: (m) => console.error(`warning: ${m}`),
  error: (m) => console.error(`error: ${m}`),
  group: (_n, fn) => fn(),
  setSecret: () => undefined,
};

console.error(`building 5 installers of ~${values.size} MB (rpmbuild, dpkg-deb, wixl)…`);
// The simulator runs in its own process so that it does not share this process's event loop.
const server = spawn(
  process.execPath,
  [
    '--import',
    'tsx',
    path.join(root, '__tests__', 'sim', 'serve.ts'),
    '--size',
    values.size,
    '--rate',
    values.rate,
  ],
  { stdio: ['pipe', 'pipe', 'inherit'], cwd: root },
);
const replies = createInterface({ input: server.stdout! })[Symbol.asyncIterator]();
const reply = async <T>(cmd?: string): Promise<T> => {
  if (cmd) server.stdin!.write(`${cmd}\n`);
  const r = await replies.next();
  if (r.done) throw new Error('the simulator exited');
  return JSON.parse(r.value) as T;
};
const sim = await reply<SimInfo>();
const stats = () => reply<{ requests: { total: number }; servedBytes: number }>('stats');
const reset = () => reply('reset');
const scratch = mkdtempSync(path.join(tmpdir(), 'uptycs-bench-'));
const caFile = path.join(scratch, 'ca.pem');
writeFileSync(caFile, sim.ca);
const { specs, specByDir } = planInstallers(entries, false);
const urlOf = (s: (typeof specs)[number]) => {
  const u = new URL(
    `${sim.url}/public/api/customers/${sim.customerId}/packageDownloads/osquery/${s.os}/${sim.assetGroupId}`,
  );
  for (const [k, v] of Object.entries(downloadQuery(s, VERSION))) u.searchParams.set(k, v);
  return u.href;
};
const sizeOf = (s: (typeof specs)[number]) => sim.sizes[s.id]!;
const oldBytes = entries.reduce((sum, e) => sum + sizeOf(specByDir.get(e.dir)!), 0);

async function jwt(): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(sim.key)
    .setIssuedAt(now)
    .setExpirationTime(now + 300)
    .sign(new TextEncoder().encode(sim.secret));
}

function curl(url: string, out: string, token: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn(
      'curl',
      ['-sS', '--fail', '--cacert', caFile, '-H', `Authorization: Bearer ${token}`, '-o', out, url],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    p.on('error', reject);
    p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`curl exited with ${code}`))));
  });
}

interface Row {
  name: string;
  requests: number;
  bytes: number;
  ms: number;
}

async function ours(concurrency: number): Promise<Row> {
  await reset();
  const workDir = path.join(scratch, `ours-${concurrency}-${Date.now()}`);
  const t0 = performance.now();
  const res = await downloadInstallers(
    entries,
    await loadApiKey(sim.keyFile, quiet),
    {
      uptycsApiUrl: sim.url,
      assetGroup: 'assets',
      sensorOnly: false,
      packageVersion: VERSION,
    },
    { workDir, cache: noCache, log: quiet, ca: sim.ca, concurrency },
  );
  const ms = performance.now() - t0;
  const st = await stats();
  if (res.bytesDownloaded !== st.servedBytes) throw new Error('bytes on disk differ from bytes served');
  rmSync(workDir, { recursive: true, force: true });
  return {
    name: `ours (5 installers, ${concurrency} at a time)`,
    requests: st.requests.total,
    bytes: st.servedBytes,
    ms,
  };
}

async function floor(): Promise<Row> {
  await reset();
  const token = await jwt();
  const t0 = performance.now();
  await Promise.all(specs.map((s, i) => curl(urlOf(s), path.join(scratch, `floor-${i}`), token)));
  const ms = performance.now() - t0;
  const st = await stats();
  return {
    name: 'floor: curl, same 5 files in parallel',
    requests: st.requests.total,
    bytes: st.servedBytes,
    ms,
  };
}

async function oldPattern(): Promise<Row> {
  await reset();
  const token = await jwt();
  const t0 = performance.now();
  for (const [i, e] of entries.entries())
    await curl(urlOf(specByDir.get(e.dir)!), path.join(scratch, `old-${i}`), token);
  const ms = performance.now() - t0;
  const st = await stats();
  return {
    name: 'old pattern: curl, 8 downloads in a row',
    requests: st.requests.total,
    bytes: st.servedBytes,
    ms,
  };
}

const best = async (fn: () => Promise<Row>): Promise<Row> => {
  let b: Row | undefined;
  for (let i = 0; i < runs; i++) {
    const r = await fn();
    if (!b || r.ms < b.ms) b = r;
  }
  return b!;
};

try {
  const rows = [
    await best(() => ours(3)),
    await best(() => ours(5)),
    await best(floor),
    await best(oldPattern),
  ];
  const floorMs = rows[2]!.ms;
  const mb = (n: number) => (n / MB).toFixed(1);
  console.log(
    `\nOriginal mapping: ${entries.length} entries, ${specs.length} distinct installers of ${specs.map((s) => mb(sizeOf(s))).join(' / ')} MB` +
      `; ${rate ? `each connection capped at ${values.rate} MB/s` : 'loopback, unthrottled'}; best of ${runs}\n`,
  );
  console.log(`Old tool: ${entries.length} downloads = ${mb(oldBytes)} MB fetched (8 × size)\n`);
  const header = ['run', 'requests', 'MB fetched', 'wall', 'MB/s', 'vs floor'];
  const table = rows.map((r) => [
    r.name,
    String(r.requests),
    mb(r.bytes),
    `${(r.ms / 1000).toFixed(2)} s`,
    (r.bytes / MB / (r.ms / 1000)).toFixed(0),
    `${(r.ms / floorMs).toFixed(2)}×`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (i ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w, i) => (i ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`);
  for (const r of table) console.log(line(r));
  console.log(
    `\nBytes fetched: ${mb(rows[0]!.bytes)} MB instead of ${mb(oldBytes)} MB (${((1 - rows[0]!.bytes / oldBytes) * 100).toFixed(0)}% less).`,
  );
} finally {
  server.stdin!.end();
  rmSync(scratch, { recursive: true, force: true });
}
