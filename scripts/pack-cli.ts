/**
 * `npm run pack:cli [-- <folder>]`: the command line as one npm tarball that `npm install -g` takes
 * offline, from any folder: the bundle (dist/cli, which needs no node_modules), the templates and the
 * bundled mappings, and a package.json with no dependencies, the `uptycs-distributor` command and its
 * Node.js requirement (engines). Prints the tarball's path. A release attaches it as an asset:
 *   npm install -g ./uptycs-distributor-<version>.tgz   then   uptycs-distributor --help
 * The package is private (npm publish refuses it): it is installed from the file, never from the registry.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** What goes into the tarball, relative to the checkout. */
export const CLI_FILES = ['dist/cli', 'templates', 'mappings', 'docs/cli.md'];

/** The tarball's package.json: the project's name, version and Node requirement, and nothing to install. */
export function cliManifest(): Record<string, unknown> {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
  return {
    name: 'uptycs-distributor',
    version: pkg.version,
    description: `${String(pkg.description)}: the command line (installed from this file; not on the npm registry)`,
    type: 'module',
    private: true,
    license: pkg.license,
    engines: pkg.engines,
    bin: { 'uptycs-distributor': 'dist/cli/index.js' },
    files: CLI_FILES,
  };
}

/** Writes the tarball into outDir; returns its path. */
export function packCli(outDir: string): string {
  if (!existsSync(path.join(root, 'dist/cli/index.js')))
    throw new Error('dist/cli/index.js is missing: run npm run build first');
  const stage = mkdtempSync(path.join(tmpdir(), 'udist-pack-'));
  try {
    for (const f of CLI_FILES)
      if (existsSync(path.join(root, f)))
        cpSync(path.join(root, f), path.join(stage, f), { recursive: true });
    writeFileSync(path.join(stage, 'package.json'), `${JSON.stringify(cliManifest(), null, 2)}\n`);
    mkdirSync(outDir, { recursive: true });
    const out = execFileSync(
      'npm',
      ['pack', '--json', '--ignore-scripts', '--pack-destination', path.resolve(outDir)],
      { cwd: stage, encoding: 'utf8', env: { ...process.env, npm_config_loglevel: 'error' } },
    );
    const [info] = JSON.parse(out) as { filename: string }[];
    return path.join(path.resolve(outDir), info!.filename);
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const file = packCli(process.argv[2] ?? root);
  console.log(file);
  console.error(
    `Install it with: npm install -g ${path.relative(process.cwd(), file) || file}   (needs Node.js ${String((cliManifest().engines as { node: string }).node)}), then: uptycs-distributor --help`,
  );
}
