/**
 * The mistakes a person makes, run through both faces as users run them: the bundled CLI
 * (dist/cli/index.js) and the bundled action (dist/index.js, as the runner runs it).
 * Each must exit 1 with one message (no duplicate line, no stack trace, no raw system error code, no
 * unrendered marker), name the flag (CLI) or the input (action) it is about, and write nothing to
 * output-dir.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { INPUT_NAMES } from '../src/common/names.js';
import { buildInstallerSet, layoutAgentsDir, type Kind } from './helpers/agents.js';
import { NODE, ROOT, runAction } from './helpers/runner.js';

const BUNDLED = path.join(ROOT, 'mappings/uptycs-agent-mapping.json');
const VERSION = '5.7.0.25';

let work: string;
let set: Record<Kind, string>;
let agents: string;
let keyFile: string;

before(() => {
  work = mkdtempSync(path.join(tmpdir(), 'udist-mistakes-'));
  set = buildInstallerSet(path.join(work, 'installers'), VERSION);
  agents = path.join(work, 'agents');
  layoutAgentsDir(BUNDLED, agents, set);
  keyFile = path.join(work, 'key.json');
  writeFileSync(
    keyFile,
    JSON.stringify({ key: 'KEY123456789', secret: 'SECRET-abcdef-123', customerId: 'c-1', domain: 'acme' }),
  );
});
after(() => rmSync(work, { recursive: true, force: true }));

type Inputs = Record<string, string>;

interface Mistake {
  name: string;
  /** The input the mistake is about: the message must name it in the face's words. */
  about: string;
  /** Inputs over the base (offline dry run from the good agents-dir); undefined drops one. */
  inputs?: (ws: string) => Record<string, string | undefined>;
  /** Start from a download run (key file, loopback API) instead of an offline one. */
  download?: boolean;
  /** Prepares the workspace. */
  setup?: (ws: string) => void;
  /** What both faces say (after rendering). */
  says?: RegExp;
  cliSays?: RegExp;
  actionSays?: RegExp;
  /** Raw CLI arguments instead of those made from the inputs (CLI-only mistakes). */
  cliArgs?: (ws: string) => string[];
  faces?: ('cli' | 'action')[];
  env?: Record<string, string | undefined>;
}

/** A copy of the good agents-dir in the workspace, changed by fn. */
function agentsCopy(ws: string, fn: (dir: string) => void): string {
  const d = path.join(ws, 'agents');
  cpSync(agents, d, { recursive: true });
  fn(d);
  return d;
}

function replaceFolder(dir: string, folder: string, files: string[]) {
  rmSync(path.join(dir, folder), { recursive: true });
  mkdirSync(path.join(dir, folder));
  for (const f of files) cpSync(f, path.join(dir, folder, path.basename(f)));
}

function mappingFile(ws: string, text: string): string {
  const f = path.join(ws, 'm.json');
  writeFileSync(f, text);
  return f;
}

const MISTAKES: Mistake[] = [
  // Versions
  {
    name: 'a version with a leading v',
    about: 'package-version',
    inputs: () => ({ 'package-version': 'v5.7.0.25' }),
    cliSays: /"v5\.7\.0\.25" is not an agent version: write its four numbers, -v 5\.7\.0\.25/,
    actionSays:
      /"v5\.7\.0\.25" is not an agent version: write its four numbers, package-version: 5\.7\.0\.25/,
  },
  {
    name: 'a version of two numbers',
    about: 'package-version',
    inputs: () => ({ 'package-version': '5.7' }),
    says: /"5\.7" is not an agent version/,
  },
  {
    name: 'a version with a space',
    about: 'package-version',
    inputs: () => ({ 'package-version': '5.7 beta' }),
    says: /"5\.7 beta" must be/,
  },
  {
    name: 'a version no installer carries',
    about: 'package-version',
    inputs: () => ({ 'package-version': '5.8.0.1' }),
    says: /5\.8\.0\.1 was asked for, but the installers name another/,
    cliSays: /--skip-version-check to build them as 5\.8\.0\.1 anyway/,
    actionSays: /skip-version-check: true to build them as 5\.8\.0\.1 anyway/,
  },
  {
    name: 'installers of two versions and no version given',
    about: 'package-version',
    inputs: (ws) => ({
      'agents-dir': agentsCopy(ws, (d) => {
        const other = buildInstallerSet(path.join(ws, 'other'), '5.8.0.1');
        replaceFolder(d, 'UPT_PRO_WINDOWS', [other['windows/x86_64']]);
      }),
    }),
    says: /the installers name 2 versions \(5\.7\.0\.25, 5\.8\.0\.1\)/,
  },
  // Regions
  {
    name: 'a region without its second dash',
    about: 'aws-region',
    inputs: () => ({ 'aws-region': 'us-east1' }),
    says: /"us-east1" is not an AWS region; did you mean us-east-1\?/,
  },
  {
    name: 'a misspelt region area',
    about: 'aws-region',
    inputs: () => ({ 'aws-region': 'eu-wst-1' }),
    says: /did you mean eu-west-1\?/,
  },
  {
    name: 'one bad region in a list',
    about: 'aws-region',
    inputs: () => ({ 'aws-region': 'us-east-1,ap-southeast2' }),
    says: /"ap-southeast2" is not an AWS region; did you mean ap-southeast-2\?/,
  },
  {
    name: 'a region in capitals',
    about: 'aws-region',
    inputs: () => ({ 'aws-region': 'US-EAST-1' }),
    says: /did you mean us-east-1\?/,
  },
  // Names and numbers
  {
    name: 'a package name AWS reserves',
    about: 'package-name',
    inputs: () => ({ 'package-name': 'aws-agent' }),
    says: /starts with a prefix AWS reserves/,
  },
  { name: 'a package name too short', about: 'package-name', inputs: () => ({ 'package-name': 'ab' }) },
  {
    name: 'a bucket name with capitals',
    about: 's3-bucket',
    inputs: () => ({ 's3-bucket': 'My_Bucket' }),
    says: /is not a valid S3 bucket name/,
  },
  {
    name: 'too many versions to keep',
    about: 'max-versions',
    inputs: () => ({ 'max-versions': '30' }),
    says: /"30" must be a whole number from 2 to 25/,
  },
  {
    name: 'a role session too short',
    about: 'role-duration-seconds',
    inputs: () => ({ 'role-duration-seconds': '60' }),
  },
  {
    name: 'an account ID of 5 digits',
    about: 'share-with-accounts',
    inputs: () => ({ 'share-with-accounts': '12345' }),
    says: /"12345" is not a 12-digit AWS account ID/,
  },
  {
    name: 'a cache setting that is none of auto, true, false',
    about: 'cache',
    inputs: () => ({ cache: 'sometimes' }),
  },
  { name: 'an S3 prefix with //', about: 's3-prefix', inputs: () => ({ 's3-prefix': 'a//b' }) },
  {
    name: 'a one-letter session name',
    about: 'role-session-name',
    inputs: () => ({ 'role-session-name': 'x' }),
  },
  {
    name: 'a role that is not an ARN',
    about: 'role-to-assume',
    inputs: () => ({ 'role-to-assume': 'publisher' }),
    says: /is not an IAM role ARN/,
  },
  {
    name: 'a boolean that is not one',
    about: 'dry-run',
    inputs: () => ({ 'dry-run': 'maybe' }),
    cliSays: /--dry-run=maybe is not understood: write --dry-run alone, or --dry-run=false/,
    actionSays: /"maybe" is not a boolean/,
  },
  {
    name: 'download set to a word',
    about: 'download',
    inputs: () => ({ download: 'nope' }),
    cliSays: /--download=nope is not understood: write -d/,
    actionSays: /input "download": "nope" is not a boolean/,
  },
  // The Uptycs key and the API
  {
    name: 'downloading without a key',
    about: 'config',
    download: true,
    inputs: () => ({ config: undefined }),
    says: /the Uptycs API key is required/,
    cliSays: /or use -d with --agents-dir/,
    actionSays: /or use download: false with input "agents-dir"/,
  },
  {
    name: 'a key file that does not exist',
    about: 'config',
    download: true,
    inputs: () => ({ config: './no-such-key.json' }),
    says: /the file \.\/no-such-key\.json does not exist/,
  },
  {
    name: 'a key file that is not JSON',
    about: 'config',
    download: true,
    inputs: (ws) => ({ config: mappingFile(ws, '{"key": "K", secret: 1}') }),
    says: /the API key is not valid JSON/,
  },
  {
    name: 'a key file without its domain',
    about: 'config',
    download: true,
    inputs: (ws) => ({
      config: mappingFile(ws, '{"key": "KEY1234", "secret": "SECRET1234", "customerId": "c"}'),
    }),
    says: /field "domain" is missing/,
  },
  {
    name: 'an API URL in plain http to a public host',
    about: 'uptycs-api-url',
    download: true,
    inputs: () => ({ 'uptycs-api-url': 'http://acme.uptycs.io' }),
    says: /http:\/\/ is refused/,
  },
  {
    name: 'a role with no way to get a token',
    about: 'role-to-assume',
    inputs: () => ({ 'dry-run': 'false', 'role-to-assume': 'arn:aws:iam::123456789012:role/publisher' }),
    cliSays:
      /only the action in a GitHub Actions job gets; leave --role-to-assume empty and give AWS credentials in the environment \(AWS_PROFILE/,
    actionSays: /this job cannot request a GitHub OIDC token; add "permissions: id-token: write"/,
  },
  // Paths
  {
    name: 'an agents-dir that does not exist',
    about: 'agents-dir',
    inputs: (ws) => ({ 'agents-dir': path.join(ws, 'nowhere') }),
    says: /nowhere does not exist; create it with one subfolder per mapping "dir"/,
  },
  {
    name: 'an agents-dir that is a file',
    about: 'agents-dir',
    inputs: (ws) => ({ 'agents-dir': mappingFile(ws, 'x') }),
    says: /m\.json is a file/,
  },
  {
    name: 'download false without agents-dir',
    about: 'agents-dir',
    faces: ['action'],
    inputs: () => ({ 'agents-dir': undefined }),
    says: /with download: false, give the folder/,
  },
  {
    name: 'an output-dir that is a file',
    about: 'output-dir',
    inputs: (ws) => ({ 'output-dir': mappingFile(ws, 'x') }),
    says: /m\.json is a file; give a folder/,
  },
  {
    name: 'an output-dir inside a file',
    about: 'output-dir',
    inputs: (ws) => ({ 'output-dir': path.join(mappingFile(ws, 'x'), 'out') }),
    says: /is inside .*m\.json, which is a file/,
  },
  {
    name: 'an output-dir holding somebody else’s files',
    about: 'output-dir',
    setup: (ws) => {
      mkdirSync(path.join(ws, 'out'));
      writeFileSync(path.join(ws, 'out', 'thesis.docx'), 'precious');
    },
    says: /already holds files this tool did not write \(thesis\.docx\)/,
  },
  {
    name: 'a mapping file that does not exist',
    about: 'mapping',
    inputs: () => ({ mapping: 'orignal' }),
    says: /orignal does not exist; give the path of a mapping JSON file, a bundled mapping by name \(default, original\)/,
  },
  {
    name: 'a mapping that is a folder',
    about: 'mapping',
    inputs: (ws) => ({ mapping: ws }),
    says: /is a folder/,
  },
  {
    name: 'a mapping with a trailing comma',
    about: 'mapping',
    inputs: (ws) => ({ mapping: mappingFile(ws, '{\n  "linux": [],\n}\n') }),
    cliSays: /m\.json:3:1: mapping is not valid JSON: trailing comma before "}"/,
    actionSays: /file=m\.json,line=3,col=1::mapping is not valid JSON: trailing comma before "}"/,
  },
  {
    name: 'a mapping in single quotes',
    about: 'mapping',
    inputs: (ws) => ({ mapping: mappingFile(ws, "{'linux': []}") }),
    says: /single quotes are not JSON/,
  },
  {
    name: 'a mapping naming rhel',
    about: 'mapping',
    inputs: (ws) => ({
      mapping: mappingFile(
        ws,
        JSON.stringify({
          linux: [
            { upt_package: 'centos', dir: 'A', name: 'rhel', major_version: '_any', arch_type: 'x86_64' },
          ],
        }),
      ),
    }),
    says: /use "redhat"/,
  },
  // Installers
  {
    name: 'an HTML page saved as an .rpm',
    about: 'agents-dir',
    inputs: (ws) => ({
      'agents-dir': agentsCopy(ws, (d) => {
        const f = path.join(d, 'UPT_PRO_REDHAT_x86_64', path.basename(set['centos/x86_64']));
        writeFileSync(f, '<html><body>Sign in</body></html>');
      }),
    }),
    says: /is not an RPM package: it starts with "<htm" \(3C 68 74 6D\), an RPM package starts with ED AB EE DB; it looks like an HTML page/,
  },
  {
    name: 'an arm64 .deb in an x86_64 folder',
    about: 'agents-dir',
    inputs: (ws) => ({
      'agents-dir': agentsCopy(ws, (d) => replaceFolder(d, 'UPT_PRO_UBUNTU_x86_64', [set['debian/arm64']])),
      'package-version': VERSION,
    }),
    says: /is named for arm64 but the entry is for x86_64/,
  },
  {
    name: 'an empty installer folder',
    about: 'agents-dir',
    inputs: (ws) => ({ 'agents-dir': agentsCopy(ws, (d) => replaceFolder(d, 'UPT_PRO_WINDOWS', [])) }),
    says: /no \.msi installer in .*UPT_PRO_WINDOWS \(it is empty\)/,
  },
  {
    name: 'an installer folder that is a file',
    about: 'agents-dir',
    inputs: (ws) => ({
      'agents-dir': agentsCopy(ws, (d) => {
        rmSync(path.join(d, 'UPT_PRO_WINDOWS'), { recursive: true });
        writeFileSync(path.join(d, 'UPT_PRO_WINDOWS'), 'x');
      }),
    }),
    says: /cannot read folder .*UPT_PRO_WINDOWS \(a part of the path is a file, not a folder\)/,
  },
  {
    name: 'sensor-only with Uptycs Protect installers',
    about: 'sensor-only',
    inputs: (ws) => ({
      'sensor-only': 'true',
      'agents-dir': agentsCopy(ws, (d) => {
        const p = buildInstallerSet(path.join(ws, 'protect'), VERSION, { pkg: 'uptycs-protect' });
        replaceFolder(d, 'UPT_PRO_WINDOWS', [p['windows/x86_64']]);
      }),
    }),
    cliSays: /is an Uptycs Protect installer, but -o asks for the sensor only/,
    actionSays: /is an Uptycs Protect installer, but sensor-only: true asks for the sensor only/,
  },
  // Several at once
  {
    name: 'three bad inputs reported at once',
    about: 'aws-region',
    inputs: (ws) => ({
      'aws-region': 'us-east1',
      'package-version': '5.7',
      'output-dir': mappingFile(ws, 'x'),
    }),
    says: /3 problems in the inputs:\n {2}.*"5\.7" is not an agent version.*\n.*did you mean us-east-1\?\n.*is a file; give a folder/,
  },
  {
    name: 'a bad input and a bad mapping reported at once',
    about: 'aws-region',
    inputs: (ws) => ({ 'aws-region': 'us-east1', mapping: mappingFile(ws, '{\n  "linux": [],\n}\n') }),
    cliSays:
      /^(error: )?2 problems in the inputs:\n.*did you mean us-east-1\?\n {2}m\.json:3:1: mapping is not valid JSON: trailing comma/,
    actionSays:
      /^2 problems in the inputs; one is shown as an annotation on its line, the other here:\n.*did you mean us-east-1\?\n::error file=m\.json,line=3,col=1::mapping is not valid JSON: trailing comma/,
  },
  {
    name: 'a mistyped input',
    about: 'agents-dir',
    faces: ['action'],
    inputs: () => ({ 'agents-dir': undefined, 'agent-dir': agents }),
    says: /"agent-dir" is not an input of this action; did you mean input "agents-dir"\?/,
  },
  // The command line's own mistakes
  {
    name: 'a mistyped flag',
    about: 'agents-dir',
    faces: ['cli'],
    cliArgs: () => ['-d', '--agent-dir', agents, '--dry-run'],
    says: /^error: unknown option --agent-dir; did you mean --agents-dir\? \(uptycs-distributor --help lists every option\)$/,
  },
  {
    name: 'an old flag mistyped',
    about: 'package-version',
    faces: ['cli'],
    cliArgs: () => ['-d', '--package_verison', VERSION],
    says: /unknown option --package_verison; did you mean --package-version\?/,
  },
  {
    name: 'an unknown short flag',
    about: 'help',
    faces: ['cli'],
    cliArgs: () => ['-x'],
    says: /^error: unknown option -x \(uptycs-distributor --help lists every option\)$/,
  },
  {
    name: 'a value without its flag',
    about: 'package-version',
    faces: ['cli'],
    cliArgs: () => ['-d', VERSION],
    says: /unexpected argument "5\.7\.0\.25": every value follows its option, such as -v 5\.7\.0\.25/,
  },
  {
    name: 'a flag without its value',
    about: 'package-version',
    faces: ['cli'],
    cliArgs: () => ['-d', '-v', '--dry-run'],
    says: /^error: -v needs a value, such as -v 5\.7\.0\.25/,
  },
  {
    name: '-d with --download true',
    about: 'download',
    faces: ['cli'],
    cliArgs: () => ['-d', '--download', 'true'],
    says: /-d and --download true contradict each other/,
  },
  {
    name: 'the same flag twice with two values',
    about: 'package-version',
    faces: ['cli'],
    cliArgs: () => ['-d', '-v', VERSION, '--package-version', '5.8.0.1'],
    says: /-v and --package-version are both given \(5\.7\.0\.25 and 5\.8\.0\.1\); keep one/,
  },
  {
    name: 'a switch given a value after a short flag',
    about: 'sensor-only',
    faces: ['cli'],
    cliArgs: () => ['-d', '-ofalse'],
    says: /-o takes no value: write -o alone/,
  },
];

interface Outcome {
  status: number | null;
  /** The lines a person reads. */
  text: string;
  /** The messages given as errors (CLI: "error:" lines; action: ::error:: commands), decoded. */
  errors: string[];
}

function decode(s: string): string {
  return s.replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%');
}

function baseInputs(ws: string, download: boolean): Inputs {
  return download
    ? {
        config: keyFile,
        'uptycs-api-url': 'http://127.0.0.1:9',
        'dry-run': 'true',
        'output-dir': path.join(ws, 'out'),
      }
    : { download: 'false', 'agents-dir': agents, 'dry-run': 'true', 'output-dir': path.join(ws, 'out') };
}

function inputsOf(m: Mistake, ws: string): Inputs {
  const all: Record<string, string | undefined> = {
    ...baseInputs(ws, Boolean(m.download)),
    ...m.inputs?.(ws),
  };
  return Object.fromEntries(Object.entries(all).filter((e): e is [string, string] => e[1] !== undefined));
}

/** The CLI's arguments for the same inputs, written as a person writes them. */
function cliArgsOf(inputs: Inputs): string[] {
  const args: string[] = [];
  for (const [name, value] of Object.entries(inputs)) {
    const n = INPUT_NAMES.find((f) => f.input === name)!;
    if (name === 'download') args.push(value === 'false' ? '-d' : `--download=${value}`);
    else if (n.boolean)
      args.push(value === 'true' ? (n.short ? `-${n.short}` : `--${name}`) : `--${name}=${value}`);
    else args.push(n.short ? `-${n.short}` : `--${name}`, value);
  }
  return args;
}

async function runCliBundle(
  ws: string,
  args: string[],
  env: Record<string, string | undefined>,
): Promise<Outcome> {
  const child = spawn(NODE, [path.join(ROOT, 'dist/cli/index.js'), ...args], {
    cwd: ws,
    env: { PATH: process.env.PATH, HOME: ws, ...env },
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(out, '', 'nothing on stdout when the CLI fails');
  const lines = err.split('\n');
  const errors: string[] = [];
  lines.forEach((l, i) => {
    if (!l.startsWith('error: ')) return;
    const more = [];
    for (let j = i + 1; j < lines.length && lines[j]!.startsWith('  '); j++) more.push(lines[j]);
    errors.push([l, ...more].join('\n'));
  });
  return { status, text: err, errors };
}

async function runActionBundle(
  ws: string,
  inputs: Inputs,
  env: Record<string, string | undefined>,
): Promise<Outcome> {
  const r = await runAction(ws, inputs, env);
  const lines = r.stdout.split('\n').filter((l) => !l.startsWith('::add-mask::'));
  const errors = lines
    .filter((l) => l.startsWith('::error::'))
    .map((l) => decode(l.slice('::error::'.length)));
  return { status: r.status, text: decode(lines.join('\n')), errors };
}

function flagPattern(input: string): RegExp {
  const n = INPUT_NAMES.find((f) => f.input === input || f.old === input);
  const alts = [`--${input}`, ...(n?.short ? [`-${n.short}`] : [])].map((a) => a.replace(/[-]/g, '\\-'));
  return new RegExp(`(^|[\\s(/])(${alts.join('|')})\\b`);
}

function checkOutcome(
  m: Mistake,
  face: 'cli' | 'action',
  o: Outcome,
  ws: string,
  before: string[] | undefined,
) {
  const where = `${face}: ${m.name}\n${o.text}`;
  assert.equal(o.status, 1, `exit code 1 (${where})`);
  assert.equal(o.errors.length, 1, `one error message (${where})`);
  const msg = o.errors[0]!;
  const shown = o.text
    .split('\n')
    .filter(
      (l) =>
        l.trim() && !/^(::(group|endgroup)::|── |\s+\S+ took )/.test(l) && !l.startsWith('::error file='),
    );
  const dup = shown.find((l, i) => shown.indexOf(l) !== i);
  assert.equal(dup, undefined, `a line is repeated (${where})`);
  assert.doesNotMatch(o.text, /^\s+at .+:\d+:\d+\)?$/m, `no stack trace (${where})`);
  assert.doesNotMatch(
    o.text,
    /\bE(ACCES|NOENT|EXIST|NOTDIR|ISDIR|PERM|ROFS|LOOP)\b/,
    `no raw errno (${where})`,
  );
  assert.doesNotMatch(o.text, /[⦃⦄]/, `no unrendered name marker (${where})`);
  if (face === 'cli') {
    if (m.about !== 'help') assert.match(msg, flagPattern(m.about), `names the flag (${where})`);
    assert.doesNotMatch(o.text, /input "/, `the CLI never says input "…" (${where})`);
  } else {
    assert.ok(
      msg.includes(`input "${m.about}"`) || msg.includes(`${m.about}: `),
      `names the input (${where})`,
    );
    assert.doesNotMatch(o.text, /(^|\s)--[a-z]/m, `the action never names a CLI flag (${where})`);
  }
  // The action puts a problem in a workspace file on its line (an annotation) and its failure message
  // counts them instead of repeating them: what the user reads is the message and the annotations.
  const annotations = o.text.split('\n').filter((l) => l.startsWith('::error file='));
  const said = face === 'action' ? [msg, ...annotations].join('\n') : msg;
  for (const re of [m.says, face === 'cli' ? m.cliSays : m.actionSays]) if (re) assert.match(said, re, where);
  const out = path.join(ws, 'out');
  if (before) assert.deepEqual(readdirSync(out), before, `output-dir untouched (${where})`);
  else assert.ok(!existsSync(out), `nothing written to output-dir (${where})`);
  assert.ok(
    !existsSync(path.join(ws, 'uptycs-distributor-package')),
    `nothing written to the default output-dir (${where})`,
  );
  assert.ok(
    readdirSync(ws).every((n) => !n.includes('.partial-')),
    `no staging folder left (${where})`,
  );
}

describe('every mistake: exit 1, one message naming the flag or input, nothing written', () => {
  it('covers at least 40 mistakes', () => assert.ok(MISTAKES.length >= 40, String(MISTAKES.length)));

  for (const m of MISTAKES)
    for (const face of m.faces ?? (['cli', 'action'] as const))
      it(`${face}: ${m.name}`, async () => {
        const ws = mkdtempSync(path.join(work, 'ws-'));
        m.setup?.(ws);
        const out = path.join(ws, 'out');
        const before = existsSync(out) ? readdirSync(out) : undefined;
        const env = m.env ?? {};
        const o =
          face === 'cli'
            ? await runCliBundle(ws, m.cliArgs ? m.cliArgs(ws) : cliArgsOf(inputsOf(m, ws)), env)
            : await runActionBundle(ws, inputsOf(m, ws), env);
        checkOutcome(m, face, o, ws, before);
      });
});
