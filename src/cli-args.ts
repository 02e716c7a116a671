/**
 * The CLI's argument parser: the flags of create_package.py (-c -b -p -r -v -d -o and their long
 * forms) and every action input as --kebab-case, all from the one table of names. Written by hand
 * rather than with node:util parseArgs so that each mistake gets one line naming the fix
 * ("unknown option --agent-dir; did you mean --agents-dir?"), and the forms people type
 * (--dry-run=true, --download no, --package_version) are accepted. Pure.
 */
import { CLI_NAMES, phrase, refValue, type InputName } from './common/names.js';
import { closest } from './common/suggest.js';

export interface ParsedArgs {
  /** Input values by input name, as the action would receive them. */
  given: Record<string, string>;
  help: boolean;
  version: boolean;
  debug: boolean;
}

/** A command-line mistake; its message is one line (with markers) naming the fix. */
export class ArgError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ArgError';
  }
}

const TRUE_WORDS = ['true', 'yes', 'on', '1'];
const FALSE_WORDS = ['false', 'no', 'off', '0'];
const SPECIAL = ['help', 'version', 'debug'];

function boolWord(v: string | undefined): 'true' | 'false' | undefined {
  if (v === undefined) return undefined;
  const l = v.toLowerCase();
  return TRUE_WORDS.includes(l) ? 'true' : FALSE_WORDS.includes(l) ? 'false' : undefined;
}

const HELP = phrase('help');

function findLong(name: string): InputName | undefined {
  const n = name.toLowerCase().replace(/_/g, '-');
  return CLI_NAMES.find((f) => f.input === n || (f.old && f.old.replace(/_/g, '-') === n));
}

function longNames(): string[] {
  return [...SPECIAL, ...CLI_NAMES.flatMap((f) => [f.input, ...(f.old ? [f.old] : [])])];
}

function unknown(arg: string): ArgError {
  if (arg.startsWith('--')) {
    const name = arg.slice(2).split('=')[0]!;
    const near = closest(name.replace(/_/g, '-'), longNames(), Math.max(2, Math.floor(name.length / 4)));
    return new ArgError(`unknown option --${name}${near ? `; did you mean --${near}?` : ''} (${HELP})`);
  }
  return new ArgError(`unknown option ${arg.slice(0, 2)} (${HELP})`);
}

/**
 * A long option written with one dash (-package_name, -dry-run, -help): read as a short option it would
 * fold into -p with the value "ackage_name", so it is refused, naming the double-dash form.
 */
function singleDashLong(arg: string): ArgError | undefined {
  const name = arg.slice(1).split('=')[0]!;
  if (name.length < 2) return undefined;
  const special = SPECIAL.find((s) => s === name.toLowerCase());
  const flag = special ? undefined : findLong(name);
  if (!special && !flag) return undefined;
  const letter = arg[1]!;
  const folds = letter === 'd' || CLI_NAMES.some((f) => f.short === letter);
  const read = folds ? `, so it reads as -${letter} "${arg.slice(2)}"` : '';
  const also = flag && flag.input !== name ? ` (or --${flag.input})` : '';
  return new ArgError(`${arg} has one dash${read}: write --${name}${also}`);
}

export function parseCliArgs(argv: string[]): ParsedArgs {
  const out: ParsedArgs = { given: {}, help: false, version: false, debug: false };
  /** How each input was given, for "given twice" messages. */
  const spelled: Record<string, string> = {};
  const set = (input: string, value: string, as: string) => {
    const before = out.given[input];
    if (before !== undefined && before !== value) {
      if (input === 'download')
        throw new ArgError(
          `${spelled[input]} and ${as} contradict each other: -d (or --download false) builds from the installers in --agents-dir, --download true downloads them; keep one`,
        );
      throw new ArgError(
        spelled[input] === as
          ? `${as} is given twice (${before} and ${value}); keep one`
          : `${spelled[input]} and ${as} are both given (${before} and ${value}); keep one`,
      );
    }
    out.given[input] = value;
    spelled[input] = as;
  };

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const next = argv[i + 1];
    if (arg === '-h' || arg === '--help') {
      out.help = true;
      continue;
    }
    if (arg === '--version' || arg === '-V') {
      out.version = true;
      continue;
    }
    if (arg === '--debug') {
      out.debug = true;
      continue;
    }
    if (arg === '-d') {
      set('download', 'false', '-d');
      continue;
    }
    let flag: InputName | undefined;
    let inline: string | undefined;
    let as: string;
    if (arg.startsWith('--') && arg.length > 2) {
      const eq = arg.indexOf('=');
      const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      inline = eq < 0 ? undefined : arg.slice(eq + 1);
      if (SPECIAL.includes(name)) throw new ArgError(`--${name} takes no value; write --${name}`);
      flag = findLong(name);
      if (!flag) throw unknown(arg);
      as = `--${name}`;
    } else if (/^-[A-Za-z]/.test(arg)) {
      const word = singleDashLong(arg);
      if (word) throw word;
      const letter = arg[1]!;
      flag = CLI_NAMES.find((f) => f.short === letter);
      if (!flag) throw unknown(arg);
      const rest = arg.slice(2);
      inline = rest ? rest.replace(/^=/, '') : undefined;
      as = `-${letter}`;
      if (flag.boolean && inline !== undefined)
        throw new ArgError(`-${letter} takes no value: write -${letter} alone (${HELP})`);
    } else {
      throw new ArgError(
        `unexpected argument "${arg}": every value follows its option, such as ${refValue('package-version', '5.7.0.25')} (${HELP})`,
      );
    }

    if (flag.input === 'download') {
      // create_package.py's "--download" alone turned downloading off; "--download true|false" is the input.
      const v = inline !== undefined ? boolWord(inline) : boolWord(next);
      if (inline !== undefined && !v)
        throw new ArgError(
          `--download=${inline} is not understood: write -d to build from --agents-dir, or leave it out to download`,
        );
      if (inline === undefined && v) i++;
      set('download', v ?? 'false', v ? `--download ${v}` : '--download');
      continue;
    }
    if (flag.boolean) {
      const v = inline !== undefined ? boolWord(inline) : boolWord(next);
      if (inline !== undefined && !v)
        throw new ArgError(`${as}=${inline} is not understood: write ${as} alone, or ${as}=false`);
      if (inline === undefined && v) i++;
      set(flag.input, v ?? 'true', as);
      continue;
    }
    let value = inline;
    if (value === undefined) {
      if (next === undefined || (next.startsWith('-') && next.length > 1 && !/^-\d/.test(next)))
        throw new ArgError(`${as} needs a value${example(flag)} (${HELP})`);
      value = next;
      i++;
    }
    set(flag.input, value, as);
  }
  return out;
}

function example(f: InputName): string {
  const samples: Record<string, string> = {
    'package-version': '5.7.0.25',
    'aws-region': 'us-east-1',
    config: 'uptycs-key.json',
    'agents-dir': './agents',
    's3-bucket': 'my-bucket',
    mapping: 'original',
  };
  const s = samples[f.input];
  return s ? `, such as ${refValue(f.input, s)}` : '';
}
