/**
 * Runs the bundled action (dist/index.js) the way the GitHub runner does: INPUT_* variables, a
 * GITHUB_OUTPUT file, a GITHUB_STEP_SUMMARY file, RUNNER_TEMP, workflow commands on stdout. Spawned
 * asynchronously, so servers in the test's own process (simulators, token endpoints) keep answering.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Node 24, the action's runtime (installed as a dev dependency). */
export const NODE = path.join(ROOT, 'node_modules/.bin/node');

export interface ActionRun {
  status: number | null;
  /** stdout and stderr, as the runner's log shows them. */
  stdout: string;
  outputs: Record<string, string>;
  summary: string;
}

/** Parses the GITHUB_OUTPUT file format (name<<delimiter … delimiter). */
export function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<=]+)<<(.+)$/.exec(lines[i]!);
    if (!m) continue;
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== m[2]; i++) value.push(lines[i]!);
    out[m[1]!] = value.join('\n');
  }
  return out;
}

/** Lines of the log other than ::add-mask:: commands (which the runner consumes and never shows). */
export function shownLines(stdout: string): string[] {
  return stdout.split('\n').filter((l) => !l.startsWith('::add-mask::'));
}

let runs = 0;

/**
 * Runs the action in `workspace` with the given inputs. `env` adds variables (undefined removes one);
 * nothing else of the test process's environment leaks in but PATH and HOME.
 */
export async function runAction(
  workspace: string,
  inputs: Record<string, string>,
  env: Record<string, string | undefined> = {},
): Promise<ActionRun> {
  mkdirSync(workspace, { recursive: true });
  const n = ++runs;
  const outputFile = path.join(workspace, `github-output-${n}`);
  const summaryFile = path.join(workspace, `step-summary-${n}`);
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const full: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    RUNNER_TEMP: path.join(workspace, 'runner-temp'),
  };
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete full[k];
    else full[k] = v;
  }
  for (const [k, v] of Object.entries(inputs)) full[`INPUT_${k.toUpperCase()}`] = v;
  const child = spawn(NODE, [path.join(ROOT, 'dist/index.js')], { cwd: workspace, env: full });
  let stdout = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stdout += c.toString()));
  // A deadline: an action that never exits fails the test naming what it waited for, with its log so far.
  const deadlineMs = Number(process.env.UDIST_ACTION_DEADLINE_MS) || 300_000;
  let late = false;
  const timer = setTimeout(() => {
    late = true;
    child.kill('SIGKILL');
  }, deadlineMs);
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(timer);
  if (late)
    throw new Error(
      `the action (dist/index.js) did not exit within ${deadlineMs / 1000} s; its log so far:\n${stdout.slice(-3000)}`,
    );
  return {
    status,
    stdout,
    outputs: parseOutputs(readFileSync(outputFile, 'utf8')),
    summary: readFileSync(summaryFile, 'utf8'),
  };
}
