/**
 * Every input checked before any work: the values (readInputs), then what they point at on disk and
 * in the environment: output-dir can be written and is not inside a file, agents-dir and the mapping
 * can be read, the API key file is readable and usable, a role can get a token. All problems are
 * reported at once, each naming its input and the fix, never as a raw system error.
 */
import { access, constants, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { folderMapping } from './agents/old-mapping.js';
import { loadApiKey } from './inputs/key.js';
import { regionChoiceLine, regionFromEnvironment, type RegionChoice } from './inputs/publishing.js';
import { OUTPUT_MARKER, shownPath } from './common/paths.js';
import { loadMapping } from './plan/index.js';
import { UserError, isUserError, type Problem } from './common/errors.js';
import type { Log } from './common/log.js';
import {
  mappingPath,
  readInputs,
  type InputDefaults,
  type InputGetter,
  type Inputs,
} from './inputs/index.js';
import { fsReason } from './common/fs-reason.js';
import { INPUT_NAMES, phrase, ref, refValue } from './common/names.js';
import { closest } from './common/suggest.js';

/** The marker file a build leaves in output-dir (so a later build may replace it). */
export { OUTPUT_MARKER };

async function kind(p: string): Promise<'file' | 'dir' | 'none' | 'other'> {
  const st = await stat(p).catch(() => undefined);
  if (!st) return 'none';
  return st.isDirectory() ? 'dir' : st.isFile() ? 'file' : 'other';
}

/** Why output-dir cannot receive a build, or undefined. */
export async function outputDirProblem(dir: string): Promise<string | undefined> {
  const k = await kind(dir);
  if (k === 'file' || k === 'other') return `${dir} is a file; give a folder`;
  if (k === 'dir') {
    let names: string[];
    try {
      names = await readdir(dir);
    } catch (err) {
      return `cannot read ${dir} (${fsReason(err)}); give a folder you can write to`;
    }
    if (names.length && !names.includes(OUTPUT_MARKER))
      return `${dir} already holds files this tool did not write (${names.slice(0, 3).join(', ')}${names.length > 3 ? ', …' : ''}); give an empty or new folder`;
  }
  // The nearest existing folder above must be a folder we can write in.
  let up = k === 'dir' ? dir : path.dirname(dir);
  for (;;) {
    const uk = await kind(up);
    if (uk === 'dir') break;
    if (uk === 'file' || uk === 'other') return `${dir} is inside ${up}, which is a file; give a folder`;
    if (path.dirname(up) === up) break;
    up = path.dirname(up);
  }
  // Writing in the parent replaces output-dir; writing in output-dir itself is not needed.
  const parent = k === 'dir' ? path.dirname(dir) : up;
  try {
    await access(parent, constants.W_OK | constants.X_OK);
  } catch (err) {
    return `cannot write in ${parent} (${fsReason(err)}); give a folder you can write to`;
  }
  return undefined;
}

/** Why agents-dir cannot be read, or undefined. */
export async function agentsDirProblem(dir: string): Promise<string | undefined> {
  const k = await kind(dir);
  if (k === 'none')
    return `${dir} does not exist; create it with one subfolder per mapping "dir", each holding that entry's installer`;
  if (k !== 'dir') return `${dir} is a file; give the folder that holds one subfolder per mapping "dir"`;
  try {
    await readdir(dir);
  } catch (err) {
    return `cannot read ${dir} (${fsReason(err)}); give a folder you can read`;
  }
  return undefined;
}

/** Why the mapping file cannot be read, or undefined. */
export async function mappingFileProblem(file: string): Promise<string | undefined> {
  const k = await kind(file);
  const fix = `give the path of a mapping JSON file, a bundled mapping by name (default, original), or leave it empty`;
  if (k === 'none') return `${file} does not exist; ${fix}`;
  if (k === 'dir') return `${file} is a folder; ${fix}`;
  try {
    await access(file, constants.R_OK);
  } catch (err) {
    return `cannot read ${file} (${fsReason(err)}); ${fix}`;
  }
  return undefined;
}

/** Why a role cannot be assumed from here, or undefined (publishing only). */
export function roleProblem(env: NodeJS.ProcessEnv, oidc: boolean): string | undefined {
  if (!oidc || env.GITHUB_ACTIONS !== 'true')
    return `assuming a role needs a GitHub OIDC token, which only the action in a GitHub Actions job gets; leave ${ref('role-to-assume')} empty and ${phrase('aws-credentials')}`;
  if (!env.ACTIONS_ID_TOKEN_REQUEST_URL)
    return 'this job cannot request a GitHub OIDC token; add "permissions: id-token: write" to the job (and "contents: read"). Pull requests from forks never get one.';
  return undefined;
}

export interface CheckDeps {
  log: Log;
  env: NodeJS.ProcessEnv;
  /** Whether this face can get GitHub OIDC tokens (the action can, the CLI cannot). */
  oidc: boolean;
  /** The names of the inputs given (the action: its INPUT_* variables); unknown ones are refused. */
  given?: string[];
  /**
   * The CLI: the region of the AWS profile (AWS_PROFILE, else default) from the shared config files, as
   * the SDK reads it, when neither aws-region nor the environment gives one.
   */
  profileRegion?: () => Promise<RegionChoice | undefined>;
}

/** The region when aws-region is empty: the environment, then (CLI) the profile's; undefined: the default. */
async function outsideRegion(get: InputGetter, deps: CheckDeps): Promise<RegionChoice | undefined> {
  if (get('aws-region').trim()) return undefined;
  return regionFromEnvironment(deps.env) ?? (await deps.profileRegion?.());
}

/** An input name this action does not have, with the one meant; undefined for a known name. */
export function unknownInputProblem(name: string): string | undefined {
  const known = INPUT_NAMES.map((n) => n.input);
  const n = name.toLowerCase();
  if (known.includes(n)) return undefined;
  const near = closest(n.replace(/_/g, '-'), known, Math.max(2, Math.floor(n.length / 4)));
  return `"${n}" is not an input of this action${near ? `; did you mean ${ref(near)}?` : ''} (${phrase('help')})`;
}

/**
 * Reads every input and checks what it points at; throws one UserError listing every problem.
 */
export async function checkInputs(
  get: InputGetter,
  defaults: InputDefaults,
  deps: CheckDeps,
): Promise<Inputs> {
  /** Each failed check: its own message, and its problems (with file locations for the mapping). */
  const groups: { message: string; problems: Problem[] }[] = [];
  const failed = (err: unknown) => {
    if (!isUserError(err)) throw err;
    groups.push({
      message: err.message,
      problems: err.problems.length ? err.problems : [{ message: err.message }],
    });
  };
  let inputs: Inputs | undefined;
  try {
    const region = await outsideRegion(get, deps);
    inputs = readInputs(get, region ? { ...defaults, region } : defaults);
  } catch (err) {
    failed(err);
  }
  const add = (name: string, message: string | undefined) => {
    if (!message) return;
    const m = `${ref(name)}: ${message}`;
    groups.push({ message: m, problems: [{ message: m }] });
  };
  for (const name of deps.given ?? []) {
    const u = unknownInputProblem(name);
    if (u) groups.push({ message: u, problems: [{ message: u }] });
  }
  const raw = (name: string) => get(name).trim();
  const abs = (p: string) => path.resolve(defaults.cwd, p);
  const offline = /^false$/i.test(raw('download'));

  add(
    'output-dir',
    await outputDirProblem(inputs?.outputDir ?? abs(raw('output-dir') || defaults.outputDir)),
  );
  if (offline && raw('agents-dir')) add('agents-dir', await agentsDirProblem(abs(raw('agents-dir'))));
  if (inputs) await useFolderMapping(inputs, raw('mapping') !== '', defaults.cwd, deps.log).catch(failed);
  const mapping = inputs?.mapping ?? mappingPath(raw('mapping'), defaults);
  const mp = await mappingFileProblem(mapping);
  add('mapping', mp);
  if (!mp) await loadMapping(mapping, shownPath(mapping, defaults.cwd)).catch(failed);
  if (!offline && raw('config')) await loadApiKey(get('config'), deps.log).catch(failed);
  // Given but not used: say so once, rather than let a user believe the key took part.
  if (offline && raw('config') && groups.length === 0)
    deps.log.warning(
      `${ref('config')} is not used with ${refValue('download', 'false')}: the installers come from ${ref('agents-dir')}, and no Uptycs API is asked; leave ${ref('config')} out, or drop ${refValue('download', 'false')} to download`,
    );
  if (raw('role-to-assume') && !/^true$/i.test(raw('dry-run')))
    add('role-to-assume', roleProblem(deps.env, deps.oidc));

  if (groups.length === 1) throw new UserError(groups[0]!.message, groups[0]!.problems);
  if (inputs && !groups.length && (!inputs.dryRun || inputs.checkOnly))
    deps.log.info(regionChoiceLine(inputs.awsRegions, inputs.awsRegionSource ?? ref('aws-region')));
  if (groups.length) {
    const problems = groups.flatMap((g) => g.problems);
    const where = (p: Problem) =>
      p.location
        ? `${p.location.file}:${p.location.line ?? '?'}${p.location.column ? `:${p.location.column}` : ''}: `
        : '';
    throw new UserError(
      `${problems.length} problems in the inputs:\n${problems.map((p) => `  ${where(p)}${p.message}`).join('\n')}`,
      problems,
    );
  }
  return inputs!;
}

/**
 * In create_package.py's folder (agents-dir, or the folder a downloading run is in), the mapping file
 * it holds: used when no mapping is given (said in the log); one that disagrees stops the run.
 */
async function useFolderMapping(inputs: Inputs, given: boolean, cwd: string, log: Log): Promise<void> {
  if (inputs.packageDir) return;
  const adopted = await folderMapping({
    folder: inputs.download ? cwd : inputs.agentsDir,
    installers: !inputs.download,
    ...(given ? { given: inputs.mapping } : {}),
    show: (f) => (path.resolve(f) === path.resolve(cwd) ? '.' : shownPath(f, cwd)),
  });
  if (!adopted) return;
  inputs.mapping = adopted;
  log.info(
    `Mapping ${shownPath(adopted, cwd)}: the mapping file of create_package.py's folder, used instead of the bundled one (give ${ref('mapping')} to choose another)`,
  );
}
