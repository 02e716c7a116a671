#!/usr/bin/env node
// Entry point of the CLI (bundled to dist/cli/index.js). All logic lives in cli.ts, loaded only once
// the Node.js version is known to be enough (an older Node gets one line, not the AWS SDK's warning).
// --help and --version need nothing new: they work on any Node.js that can load this file.
import { enableCompileCache } from './common/compile-cache.js';
import { nodeTooOld } from './common/node-version.js';

const argv = process.argv.slice(2);
const tooOld = nodeTooOld(process.versions.node);
const onlyAsks = argv.length === 1 && ['-h', '--help', '-V', '--version'].includes(argv[0]!);
if (tooOld && !onlyAsks) {
  process.stderr.write(`error: ${tooOld}\n`);
  process.exitCode = 1;
} else {
  enableCompileCache();
  const [{ exitOnSignals }, { runCli }, { textLog }] = await Promise.all([
    import('./common/cancel.js'),
    import('./cli.js'),
    import('./common/log.js'),
  ]);
  exitOnSignals(textLog((line) => process.stderr.write(`${line}\n`)));
  process.exitCode = await runCli(argv, {
    stdout: (s) => process.stdout.write(`${s}\n`),
    stderr: (s) => process.stderr.write(`${s}\n`),
    cwd: process.cwd(),
    env: process.env,
  });
  if (tooOld) process.stderr.write(`note: ${tooOld}\n`);
}
