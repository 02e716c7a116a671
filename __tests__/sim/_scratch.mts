import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseMapping } from '../../src/plan/mapping.js';
import { textLog } from '../../src/log.js';
import { noCache } from '../../src/agents/cache.js';
import { downloadInstallers } from '../../src/agents/uptycs/index.js';
import { startSimulator } from './uptycs-simulator.js';
const sim = await startSimulator({ paddingBytes: 3_000_000, bytesPerSecond: 4_000_000 });
const M = path.join(import.meta.dirname, 'original-mapping.json');
const entries = parseMapping(readFileSync(M, 'utf8'), M).entries;
sim.setFault('truncate', { times: 1, os: 'windows' });
sim.setFault('503', { times: 1, endpoint: 'osqueryPackages' });
const log = textLog((l) => console.log(l), { debug: true });
const r = await downloadInstallers(
  entries,
  {
    config: sim.keyFile(),
    uptycsApiUrl: sim.url,
    assetGroup: 'assets',
    sensorOnly: false,
    packageVersion: '',
  },
  {
    workDir: mkdtempSync(path.join(tmpdir(), 'x-')),
    cache: noCache,
    log,
    tuning: { progressIntervalMs: 500, minRetryDelayMs: 100 },
    ca: sim.ca,
  },
);
console.log(
  r.version,
  r.downloaded,
  r.bytesDownloaded,
  [...r.byDir].map(([d, i]) => `${d} -> ${i.path}`).join('\n'),
);
await sim.close();
