#!/usr/bin/env node
// Entry point of the CLI (bundled to dist/cli/index.js). All logic lives in cli.ts.
import { exitOnSignals } from './cancel.js';
import { runCli } from './cli.js';
import { textLog } from './log.js';

exitOnSignals(textLog((line) => process.stderr.write(`${line}\n`)));

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(`${s}\n`),
  stderr: (s) => process.stderr.write(`${s}\n`),
  cwd: process.cwd(),
  env: process.env,
});
