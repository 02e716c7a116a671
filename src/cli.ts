/**
 * The command line: the same core as the action, with the flags of the old create_package.py
 * (-c -b -p -r -v -d -o, and their long forms) plus the action's inputs as --kebab-case flags.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { run, type CoreDeps } from './core.js';
import { ArgError, parseCliArgs, type ParsedArgs } from './cli-args.js';
import type { AwsSession } from './publish/credentials.js';
import { errorMessage, isUserError } from './common/errors.js';
import { checkInputs } from './check.js';
import type { Inputs } from './inputs/index.js';
import { CLI_NAMES, ref, refValue, renderNames } from './common/names.js';
import type { RegionChoice } from './inputs/publishing.js';
import { textLog, type Log } from './common/log.js';
import { BUNDLED_MAPPING, packageRoot } from './common/paths.js';
import { renderCoverageText } from './report/index.js';

/** The flags: one per input, from the one table of names (src/common/names.ts). */
const FLAGS = CLI_NAMES.filter((f) => f.input !== 'download');

export function usage(): string {
  const rows = FLAGS.map((f) => {
    const long = [`--${f.input}`, ...(f.old ? [`--${f.old}`] : [])].join(', ');
    const names = `${f.short ? `-${f.short}, ` : '    '}${long}${f.boolean ? '' : ' VALUE'}`;
    return `  ${names.padEnd(50)} ${f.help}`;
  });
  return [
    'Usage: uptycs-distributor [options]',
    '',
    'Builds an AWS Systems Manager Distributor package of the Uptycs agent and publishes it.',
    '',
    `  ${'-d, --download'.padEnd(50)} DISABLE downloading: use installers in --agents-dir (as create_package.py -d)`,
    `  ${'    --download true|false'.padEnd(50)} the action input's form of the same choice`,
    ...rows,
    `  ${'-h, --help'.padEnd(50)} this help`,
    `  ${'-V, --version'.padEnd(50)} the version of this tool (the agent version is -v)`,
    `  ${'    --debug'.padEnd(50)} more detail in the log`,
    '',
    'Switches also take a value: --dry-run=false, --download false (true|false|yes|no).',
    'Needs Node.js 22.2 or newer (--help and --version work on older ones); from a clone, npx uptycs-distributor uses the Node.js 24 that npm ci installs.',
    '',
    'Examples:',
    '  uptycs-distributor -d --agents-dir ./agents -v 5.7.0.25 --dry-run   (offline build, nothing published)',
    "  uptycs-distributor -d --agents-dir ./old --mapping original -v 5.7.0.25 -b my-bucket   (create_package.py's 8 folders)",
  ].join('\n');
}

export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Publish tuning (tests shorten waits and retries). */
  publishOptions?: Partial<import('./publish/types.js').PublishOptions>;
}

/** The tool's own version, from its package.json. */
export function toolVersion(root: string = packageRoot()): string {
  try {
    return (
      (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version?: string }).version ??
      'unknown'
    );
  } catch {
    return 'unknown';
  }
}

/**
 * The region of the AWS profile (AWS_PROFILE, else default), read from the shared config files by the
 * SDK's own loader (an SSM client's region provider: the environment, which is empty here, then the
 * profile's "region"); undefined when the profile sets none.
 */
async function profileRegion(env: NodeJS.ProcessEnv): Promise<RegionChoice | undefined> {
  const { SSMClient } = await import('@aws-sdk/client-ssm');
  const client = new SSMClient({});
  try {
    const value = await client.config.region();
    const profile = env.AWS_PROFILE || 'default';
    const file = env.AWS_CONFIG_FILE || '~/.aws/config';
    return value
      ? {
          value,
          source: `the region of AWS profile ${profile} in ${file}`,
          fix: `correct the profile's region, or give ${ref('aws-region')}`,
        }
      : undefined;
  } catch {
    return undefined; // "Region is missing": the profile sets none
  } finally {
    client.destroy();
  }
}

/**
 * An error of several lines (every problem of the inputs, one a line) as that many log lines: the log
 * keeps each one line and defuses a workflow command at its start.
 */
function logError(log: Log, message: string): void {
  const [first, ...rest] = message.split(/\r?\n/);
  log.error(first ?? '');
  for (const line of rest) log.info(line);
}

/** Runs the CLI; returns the exit code (0, or 1 for any mistake or failure). */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let args: ParsedArgs;
  try {
    args = parseCliArgs(argv);
  } catch (err) {
    if (!(err instanceof ArgError)) throw err;
    io.stderr(`error: ${renderNames(err.message, 'cli')}`);
    return 1;
  }
  if (args.help) {
    io.stdout(usage());
    return 0;
  }
  if (args.version) {
    io.stdout(
      `uptycs-distributor ${toolVersion()} (this is the tool's version; the agent version to package is given with ${renderNames(refValue('package-version', '5.7.0.25'), 'cli')})`,
    );
    return 0;
  }
  const given = args.given;
  if (given.download === 'false' && !given['agents-dir']) given['agents-dir'] = '.';

  const log = textLog((line) => io.stderr(line), { debug: args.debug });
  const root = packageRoot();
  const cleanup: string[] = [];
  try {
    const inputs = await checkInputs(
      (name) => given[name] ?? '',
      {
        mapping: path.join(root, BUNDLED_MAPPING),
        outputDir: 'uptycs-distributor-package',
        cwd: io.cwd,
      },
      { log, env: io.env, oidc: false, profileRegion: () => profileRegion(io.env) },
    );
    let session: AwsSession | undefined; // opened by the already-published check, reused to publish
    // The rollout plan's organization: its accounts are shared with (publish and its check see them) and get the association.
    const org = inputs.organization
      ? (await import('./organization/index.js')).organizationStage({ log, env: io.env })
      : undefined;
    const orgInputs = async (inp: Inputs) => (org ? org.inputsFor(inp) : inp);
    const deps: CoreDeps = {
      log,
      packageRoot: root,
      displayPath: (f) => {
        const rel = path.relative(io.cwd, f);
        return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : f;
      },
      download: async (entries, apiKey, inp, chosen, onInstaller) => {
        const { downloadInstallers } = await import('./agents/uptycs/index.js');
        const { localCache, noCache } = await import('./agents/cache.js');
        const workDir = await mkdtemp(path.join(tmpdir(), 'uptycs-distributor-installers-'));
        cleanup.push(workDir);
        return downloadInstallers(entries, apiKey, inp, {
          workDir,
          cache: inp.cache === 'false' ? noCache : localCache(log),
          log,
          chosenVersion: chosen,
          ...(onInstaller ? { onInstaller } : {}),
        });
      },
      resolveVersion: async (entries, apiKey, inp) => {
        const { resolveAgentVersion } = await import('./agents/uptycs/index.js');
        return resolveAgentVersion(entries, apiKey, inp, { log });
      },
      published: async (inp) => {
        const { openCheck } = await import('./publish/published.js');
        const check = await openCheck(await orgInputs(inp), { log, env: io.env });
        session = check.session;
        return check;
      },
      // Loaded only when publishing. The CLI has no OIDC token: AWS credentials come from the default chain.
      publish: async (pkg, inp) => {
        const { publishStage } = await import('./publish/index.js');
        return publishStage({
          log,
          env: io.env,
          ...(session ? { session } : {}),
          ...(io.publishOptions ? { options: io.publishOptions } : {}),
        })(pkg, await orgInputs(inp));
      },
      // Loaded only when --rollout-targets is given.
      rollout: async (pkg, inp, published) => {
        if (org) return org.rollout(pkg, inp, published);
        const { rolloutStage } = await import('./rollout/index.js');
        return rolloutStage({ log, env: io.env })(pkg, inp, published);
      },
    };
    const result = await run(inputs, deps);
    io.stdout(
      [
        result.outputs['already-published'] === 'true'
          ? `${result.pkg.packageName} ${result.pkg.version}: already published (document version ${result.outputs['document-version']}); nothing downloaded or built; the published manifest.json is in ${result.pkg.dir}`
          : inputs.mode === 'plan'
            ? `${result.pkg.packageName}: the plan is valid; ${result.pkg.files.length} zips would be built (installer names are placeholders); report.json and manifest.plan.json in ${result.pkg.dir}`
            : `${result.pkg.packageName} ${result.pkg.version}: ${result.pkg.files.length} zips and manifest.json in ${result.pkg.dir}`,
        '',
        renderCoverageText(result.rows),
        '',
        `Report: ${result.reportPath}`,
      ].join('\n'),
    );
    if (result.error) {
      logError(log, errorMessage(result.error));
      return 1;
    }
    return 0;
  } catch (err) {
    logError(log, errorMessage(err));
    if (!isUserError(err) && err instanceof Error && err.stack) log.debug(err.stack);
    return 1;
  } finally {
    await Promise.all(cleanup.map((d) => rm(d, { recursive: true, force: true })));
  }
}
