/**
 * Install, uninstall and update scripts, rendered from templates/<type>/ with the installer's real
 * file name. Rendering is pure; loading the templates is the only I/O.
 */
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { InstallerType } from '../plan/distributor.js';

export interface Script {
  /** Name at the root of the zip: install.sh, uninstall.sh, update.sh, validate.sh, or the .ps1 ones. */
  name: string;
  content: string;
}

export interface ScriptVars {
  /** The installer's file name, as it sits next to the script in the zip. */
  installer: string;
  /** The agent version, e.g. 5.7.0.25. */
  version: string;
  /** The Distributor package name, e.g. UptycsAgent. */
  packageName: string;
}

/**
 * The scripts every zip of a type must hold. validate.* is what the SSM Agent runs after each install
 * and at every later association run, reinstalling when it fails (FACTS §3): "installed" means running.
 */
export const SCRIPT_NAMES: Record<InstallerType, string[]> = {
  rpm: ['install.sh', 'uninstall.sh', 'update.sh', 'validate.sh'],
  deb: ['install.sh', 'uninstall.sh', 'update.sh', 'validate.sh'],
  msi: ['install.ps1', 'uninstall.ps1', 'update.ps1', 'validate.ps1'],
};

/** Folders of fragments shared by several types (templates/sh/_*.sh: both Linux types). */
const SHARED_FRAGMENTS: Record<InstallerType, string | undefined> = { rpm: 'sh', deb: 'sh', msi: undefined };

/** File names that are safe to put inside a quoted shell or PowerShell string. */
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,199}$/;

export type Templates = Record<InstallerType, Script[]>;

/**
 * Reads templates/<type>/* for each installer type, and the shared fragments of templates/sh/ for the
 * Linux types (a type's own fragment of the same name wins). Files whose name starts with "_" are fragments:
 * never shipped, only included into scripts by a line `{{INCLUDE _name}}` (so that install, update and
 * uninstall share one copy of their common code while each shipped script stays self-contained).
 */
export async function loadTemplates(templatesDir: string): Promise<Templates> {
  const out = {} as Templates;
  for (const type of Object.keys(SCRIPT_NAMES) as InstallerType[]) {
    const dir = path.join(templatesDir, type);
    const names = (await readdir(dir)).sort();
    for (const required of SCRIPT_NAMES[type])
      if (!names.includes(required)) throw new Error(`template ${path.join(dir, required)} is missing`);
    const read = (folder: string, name: string) =>
      readFile(path.join(folder, name), 'utf8').then((content) => ({ name, content }));
    const shared = SHARED_FRAGMENTS[type] && path.join(templatesDir, SHARED_FRAGMENTS[type]);
    const sharedNames = shared
      ? (await readdir(shared)).filter((n) => n.startsWith('_') && !names.includes(n)).sort()
      : [];
    out[type] = await Promise.all([
      ...names.filter((n) => !n.startsWith('.')).map((name) => read(dir, name)),
      ...sharedNames.map((name) => read(shared as string, name)),
    ]);
  }
  return out;
}

/**
 * Fills a type's templates. Placeholders are {{INSTALLER}}, {{VERSION}} and {{PACKAGE_NAME}};
 * an unknown placeholder is an error so that a typo in a template cannot ship.
 */
export function renderScripts(templates: Templates, type: InstallerType, vars: ScriptVars): Script[] {
  const fragments = new Map(
    templates[type].filter((t) => t.name.startsWith('_')).map((t) => [t.name, t.content]),
  );
  if (!SAFE_NAME.test(vars.installer))
    throw new Error(
      `installer file name "${vars.installer}" has characters that are not safe in a script; rename it to letters, digits, ".", "_", "+" and "-"`,
    );
  for (const [what, value] of [
    ['version', vars.version],
    ['package name', vars.packageName],
  ] as const)
    if (!SAFE_NAME.test(value))
      throw new Error(`${what} "${value}" has characters that are not safe in a script`);
  const values: Record<string, string> = {
    INSTALLER: vars.installer,
    VERSION: vars.version,
    PACKAGE_NAME: vars.packageName,
  };
  return templates[type]
    .filter((t) => !t.name.startsWith('_'))
    .map((t) => ({
      name: t.name,
      content: t.content
        .replace(/^\{\{INCLUDE (\S+)\}\}\r?\n/gm, (_, name: string) => {
          const f = fragments.get(name);
          if (f === undefined)
            throw new Error(`template ${type}/${t.name} includes ${name}, which does not exist`);
          return f.endsWith('\n') ? f : `${f}\n`;
        })
        .replace(/\{\{([A-Z_]+)\}\}/g, (_, key: string) => {
          const v = values[key];
          if (v === undefined)
            throw new Error(`template ${type}/${t.name} uses unknown placeholder {{${key}}}`);
          return v;
        }),
    }));
}
