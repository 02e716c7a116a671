#!/usr/bin/env node
// Entry point of the CLI (bundled to dist/cli/index.js). All logic lives in cli.ts.
import { runCli } from './cli.js';

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(`${s}\n`),
  stderr: (s) => process.stderr.write(`${s}\n`),
  cwd: process.cwd(),
  env: process.env,
});
