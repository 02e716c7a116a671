/**
 * `npm run demo`: builds a complete Distributor package offline from the bundled mapping and the sample
 * installers in __tests__/fixtures/installers/ (no Uptycs tenant, no AWS account, no network), exactly
 * as `uptycs-distributor -d --dry-run` would with your own installers. Output: ./demo-output/.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../src/cli.js';
import { SAMPLE_INSTALLERS, layoutAgentsDir } from '../__tests__/helpers/agents.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const agents = mkdtempSync(path.join(tmpdir(), 'uptycs-demo-agents-'));
try {
  layoutAgentsDir(path.join(root, 'mappings/uptycs-agent-mapping.json'), agents, SAMPLE_INSTALLERS);
  const out = path.join(root, 'demo-output');
  const code = await runCli(
    ['-d', '--agents-dir', agents, '--dry-run', '--output-dir', out, ...process.argv.slice(2)],
    {
      stdout: (s) => process.stdout.write(`${s}\n`),
      stderr: (s) => process.stderr.write(`${s}\n`),
      cwd: root,
      env: process.env,
    },
  );
  if (code === 0)
    console.log(
      `\nOpen ${path.relative(process.cwd(), out) || out}/manifest.json and report.json to see the package.`,
    );
  process.exitCode = code;
} finally {
  rmSync(agents, { recursive: true, force: true });
}
