/**
 * `npm run demo`: builds a complete Distributor package offline from the bundled mapping and the sample
 * installers in __tests__/fixtures/installers/ (no Uptycs tenant, no AWS account, no network), exactly
 * as `uptycs-distributor -d --agents-dir … --dry-run` does with your own installers. It keeps what it
 * shows under ./demo-output/: agents/ (the folder layout to copy, one subfolder per mapping entry) and
 * package/ (the zips, manifest.json, report.json), and ends with the next two commands to run.
 * Arguments after `--` go to the CLI (e.g. `npm run demo -- --mapping original`).
 *
 * `npm run demo -- --publish`: the whole flow against a local AWS on 127.0.0.1, as the action runs in a
 * job: the Uptycs simulator (HTTPS) for the download, the build, S3 and the SSM document in moto_server
 * (with scripts/local-aws/fake-ssm.ts in front: Distributor's Creating → Active), and a fleet preflight
 * over a small fleet. Writes the job summary (Markdown and HTML) under ./demo-output/publish/, opens
 * nothing, stops every server it started. Needs moto_server (pip install 'moto[server]');
 * `--moto URL` uses a moto_server already running instead (its state is kept). See docs/demo.md.
 */
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../src/cli.js';
import { SAMPLE_INSTALLERS, layoutAgentsDir } from '../__tests__/helpers/agents.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'demo-output');
const shown = (f: string) => path.relative(process.cwd(), f) || '.';

/** The version in the name of the tarball npm run pack:cli writes. */
function cliVersion(): string {
  return (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
}

/** The two commands a user runs after the demo (once the command is installed): their own installers, then publishing. */
export function nextSteps(agents: string): string {
  return [
    'Next steps:',
    '  0. Install the command, to run it from any folder (Node.js 22.2 or newer on the PATH):',
    `       npm run pack:cli && npm install -g ./uptycs-distributor-${cliVersion()}.tgz`,
    `  1. Your own installers: copy ${shown(agents)}/ to a folder of yours (say ./my-agents), replace each`,
    "     sample installer with your tenant's (same kind: .rpm, .aarch64.rpm, .deb, .arm64.deb, .msi), and build:",
    '       uptycs-distributor -d --agents-dir ./my-agents --dry-run',
    '  2. Publish: download the installers from your Uptycs tenant with its API key file, and publish with',
    '     your AWS credentials (AWS_PROFILE or the default chain; in a workflow, role-to-assume):',
    '       uptycs-distributor -c uptycs-key.json -b my-bucket -r us-east-1',
    '     (with -d --agents-dir ./my-agents instead of -c, it publishes the installers of step 1)',
    'The same against a local AWS first (moto_server): npm run demo -- --publish',
  ].join('\n');
}

async function offline(args: string[]): Promise<number> {
  const agents = path.join(out, 'agents');
  const pkg = path.join(out, 'package');
  // The layout is written afresh each run (the demo's own folder): copy it before changing it.
  rmSync(agents, { recursive: true, force: true });
  layoutAgentsDir(path.join(root, 'mappings/uptycs-agent-mapping.json'), agents, SAMPLE_INSTALLERS);
  const code = await runCli(['-d', '--agents-dir', agents, '--dry-run', '--output-dir', pkg, ...args], {
    stdout: (s) => process.stdout.write(`${s}\n`),
    stderr: (s) => process.stderr.write(`${s}\n`),
    cwd: root,
    env: process.env,
  });
  if (code !== 0) return code;
  console.log(
    [
      '',
      `Agents layout (kept): ${shown(agents)}/, one folder per mapping entry`,
      `Package: ${shown(pkg)}/ (open manifest.json and report.json)`,
      '',
      nextSteps(agents),
    ].join('\n'),
  );
  return 0;
}

const argv = process.argv.slice(2);
if (argv.includes('--publish')) {
  const { publishDemo } = await import('./demo-publish.js');
  process.exitCode = await publishDemo(root, out, argv);
} else process.exitCode = await offline(argv);
