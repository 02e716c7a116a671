#!/usr/bin/env node
// Entry point of the CLI (bundled to dist/cli/index.js). All logic lives in cli.ts, loaded only once
// the Node.js version is known to be enough (an older Node gets one line, not the AWS SDK's warning).
import { enableCompileCache } from './common/compile-cache.js';
import { nodeTooOld } from './common/node-version.js';

const tooOld = nodeTooOld(process.versions.node);
if (tooOld) {
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
  process.exitCode = await runCli(process.argv.slice(2), {
    stdout: (s) => process.stdout.write(`${s}\n`),
    stderr: (s) => process.stderr.write(`${s}\n`),
    cwd: process.cwd(),
    env: process.env,
  });
}
