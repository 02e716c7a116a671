/**
 * Runs downloadInstallers the way production does (no `ca` option: Node's CA store plus
 * NODE_EXTRA_CA_CERTS) in a child process, and prints the result as JSON on stdout.
 * Arguments come in the environment variable CHILD_ARGS (JSON).
 */
import { readFileSync } from 'node:fs';
import { noCache } from '../../src/agents/cache.js';
import { downloadInstallers } from '../../src/agents/uptycs/index.js';
import { textLog } from '../../src/common/log.js';
import { parseMapping } from '../../src/plan/mapping.js';
import { loadApiKey } from '../../src/inputs/key.js';

const args = JSON.parse(process.env.CHILD_ARGS ?? '{}') as {
  mapping: string;
  config: string;
  url: string;
  workDir: string;
  version: string;
};
const entries = parseMapping(readFileSync(args.mapping, 'utf8'), args.mapping).entries;
const log = textLog((line) => process.stderr.write(`${line}\n`));
try {
  const res = await downloadInstallers(
    entries,
    await loadApiKey(args.config, log),
    {
      uptycsApiUrl: args.url,
      assetGroup: 'assets',
      sensorOnly: false,
      packageVersion: args.version,
    },
    { workDir: args.workDir, cache: noCache, log, tuning: { retries: 0 } },
  );
  process.stdout.write(JSON.stringify({ ok: true, downloaded: res.downloaded, dirs: res.byDir.size }));
} catch (err) {
  process.stdout.write(JSON.stringify({ ok: false, message: (err as Error).message }));
}
