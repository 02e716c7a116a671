/**
 * The command line: the same core as the action, with the flags of the old create_package.py
 * (-c -b -p -r -v -d -o, and their long forms) plus the action's inputs as --kebab-case flags.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { run, type CoreDeps } from './core.js';
import type { AwsSession } from './publish/credentials.js';
import { errorMessage, isUserError } from './errors.js';
import { readInputs } from './inputs/index.js';
import { INPUT_NAMES, renderNames } from './inputs/names.js';
import { textLog } from './log.js';
import { BUNDLED_MAPPING, packageRoot } from './paths.js';
import { renderCoverageText } from './report/index.js';

/** The flags: one per input, from the one table of names (src/inputs/names.ts). */
const FLAGS = INPUT_NAMES.filter((f) => f.input !== 'download');

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
    `  ${'    --debug'.padEnd(50)} more detail in the log`,
    '',
    'Example (offline build, nothing published):',
    '  uptycs-distributor -d --agents-dir ./agents -v 5.7.0.25 --dry-run',
  ].join('\n');
}

export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** Runs the CLI; returns the exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {
    help: { type: 'boolean', short: 'h' },
    download: { type: 'string' },
    d: { type: 'boolean', short: 'd' },
    debug: { type: 'boolean' },
  };
  for (const f of FLAGS) {
    options[f.input] = { type: f.boolean ? 'boolean' : 'string', ...(f.short ? { short: f.short } : {}) };
    if (f.old) options[f.old] = { type: f.boolean ? 'boolean' : 'string' };
  }
  let values: Record<string, string | boolean | undefined>;
  try {
    // "-d" alone disables download (old flag); "--download false|true" is the input's form.
    const args: string[] = [];
    for (let i = 0; i < argv.length; i++) {
      const a = argv[i]!;
      const next = argv[i + 1];
      if (a === '--download' && (next === 'true' || next === 'false')) {
        args.push(`--download=${next}`);
        i++;
      } else args.push(a === '--download' ? '--download=false' : a);
    }
    ({ values } = parseArgs({ args, options, allowPositionals: false, strict: true }) as {
      values: Record<string, string | boolean | undefined>;
    });
  } catch (err) {
    io.stderr(`error: ${renderNames(errorMessage(err), 'cli')}\n\n${usage()}`);
    return 2;
  }
  if (values.help) {
    io.stdout(usage());
    return 0;
  }
  const given: Record<string, string> = {};
  for (const f of FLAGS) {
    const v = values[f.input] ?? (f.old ? values[f.old] : undefined);
    if (v !== undefined) given[f.input] = String(v);
  }
  if (values.d) given.download = 'false';
  if (typeof values.download === 'string') given.download = values.download;
  if (given.download === 'false' && !given['agents-dir']) given['agents-dir'] = '.';

  const log = textLog((line) => io.stderr(line), { debug: Boolean(values.debug) });
  const root = packageRoot();
  const cleanup: string[] = [];
  try {
    const inputs = readInputs((name) => given[name] ?? '', {
      mapping: path.join(root, BUNDLED_MAPPING),
      outputDir: 'uptycs-distributor-package',
      cwd: io.cwd,
    });
    let session: AwsSession | undefined; // opened by the already-published check, reused to publish
    const deps: CoreDeps = {
      log,
      packageRoot: root,
      displayPath: (f) => {
        const rel = path.relative(io.cwd, f);
        return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : f;
      },
      download: async (entries, inp, chosen) => {
        const { downloadInstallers } = await import('./agents/uptycs/index.js');
        const { localCache, noCache } = await import('./agents/cache.js');
        const workDir = await mkdtemp(path.join(tmpdir(), 'uptycs-distributor-installers-'));
        cleanup.push(workDir);
        return downloadInstallers(entries, inp, {
          workDir,
          cache: inp.cache === 'false' ? noCache : localCache(log),
          log,
          chosenVersion: chosen,
        });
      },
      resolveVersion: async (entries, inp) => {
        const { resolveAgentVersion } = await import('./agents/uptycs/index.js');
        return resolveAgentVersion(entries, inp, { log });
      },
      published: async (inp) => {
        const { openCheck } = await import('./publish/published.js');
        const check = await openCheck(inp, { log, env: io.env });
        session = check.session;
        return check;
      },
      // Loaded only when publishing. The CLI has no OIDC token: AWS credentials come from the default chain.
      publish: async (pkg, inp) => {
        const { publishStage } = await import('./publish/index.js');
        return publishStage({ log, env: io.env, ...(session ? { session } : {}) })(pkg, inp);
      },
    };
    const result = await run(inputs, deps);
    io.stdout(
      [
        result.outputs['already-published'] === 'true'
          ? `${result.pkg.packageName} ${result.pkg.version}: already published (document version ${result.outputs['document-version']}); nothing downloaded or built; the published manifest.json is in ${result.pkg.dir}`
          : `${result.pkg.packageName} ${result.pkg.version}: ${result.pkg.files.length} zips and manifest.json in ${result.pkg.dir}`,
        '',
        renderCoverageText(result.rows),
        '',
        `Report: ${result.reportPath}`,
      ].join('\n'),
    );
    if (result.error) {
      log.error(errorMessage(result.error));
      return 1;
    }
    return 0;
  } catch (err) {
    log.error(errorMessage(err));
    if (!isUserError(err) && err instanceof Error && err.stack) log.debug(err.stack);
    return 1;
  } finally {
    await Promise.all(cleanup.map((d) => rm(d, { recursive: true, force: true })));
  }
}
