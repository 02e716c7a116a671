/**
 * The agent mapping: which installer goes to which Distributor platform/version/arch.
 * Format: the original `uptycs-agent-mapping.json` (`linux` and `windows` arrays). Parsing is pure:
 * it takes the file's text and returns entries, or a UserError listing every problem with its line.
 */
import { findNodeAtLocation, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { UserError, locator, type Problem, type SourceLocation } from '../common/errors.js';
import {
  ARCHES,
  ARCH_HINTS,
  PLATFORMS,
  PLATFORM_HINTS,
  UPT_PACKAGES,
  LIMITS,
  versionKeyProblem,
  type Arch,
  type InstallerType,
  type ManifestPackages,
  type UptPackage,
} from './distributor.js';
import { unreachableKeys } from './reachable.js';
import { ref } from '../common/names.js';
import { ENTRY_SCHEMA } from './mapping-schema.js';
import { validate as validateMapping, type SchemaError } from './mapping-validate.generated.js';
import { editDistance } from '../common/suggest.js';

export type Family = 'linux' | 'windows';

export interface MappingEntry {
  family: Family;
  /** Position in its family's array, 0-based. */
  index: number;
  uptPackage: UptPackage;
  installerType: InstallerType;
  id: string;
  dir: string;
  platform: string;
  /** The manifest's version key: major_version, or major_version.minor_version. */
  versionKey: string;
  arch: Arch;
  location: SourceLocation;
}

export interface Mapping {
  file: string;
  entries: MappingEntry[];
  /** Entries the SSM Agent can never choose (shadowed, or a version no instance has), each at its line. */
  warnings?: Problem[];
}

const KNOWN_FIELDS = Object.keys(ENTRY_SCHEMA.properties);

/**
 * The schema for editors (mappings/uptycs-agent-mapping.schema.json): the same structure with the
 * allowed values and a description per field, so that an editor completes and explains them.
 * Validation itself uses MAPPING_SCHEMA (mapping-schema.ts) plus the checks below, whose messages say how to fix a value.
 */
export function editorSchema(): Record<string, unknown> {
  const entry = {
    type: 'object',
    additionalProperties: false,
    required: [...ENTRY_SCHEMA.required],
    properties: {
      upt_package: {
        enum: Object.keys(UPT_PACKAGES),
        description: 'Uptycs installer: centos = .rpm, debian = .deb, windows = .msi',
      },
      id: { type: 'string', pattern: ID_RE.source, description: 'Free-form identifier (e.g. amzn2)' },
      dir: {
        type: 'string',
        pattern: DIR_RE.source,
        description: 'Folder of this entry in agents-dir, and the name of its zip (<dir>-<version>.zip)',
      },
      name: { enum: Object.keys(PLATFORMS), description: 'Distributor platform, as the SSM Agent names it' },
      major_version: {
        type: 'string',
        description: 'Platform version key: "_any", a version such as "2023", or a prefix such as "8.*"',
      },
      minor_version: { type: 'string', description: 'Joined to major_version with a dot when not empty' },
      arch_type: {
        enum: [...ARCHES],
        description: 'x86_64, arm64, 386 or _any (never i386, amd64, aarch64)',
      },
    },
  };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'uptycs-distributor-action agent mapping',
    type: 'object',
    additionalProperties: false,
    properties: {
      $schema: { type: 'string' },
      linux: { type: 'array', items: entry },
      windows: { type: 'array', items: entry },
    },
  };
}
const DIR_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;
const ID_RE = /^[A-Za-z0-9_.-]{0,64}$/;

/** Structure and types, by the validator Ajv generated from MAPPING_SCHEMA (npm run schema). */
function validate(value: unknown): SchemaError[] {
  return validateMapping(value) ? [] : [...(validateMapping.errors ?? [])];
}

function closest(word: string, options: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = 3;
  for (const o of options) {
    const dd = editDistance(word.toLowerCase(), o);
    if (dd < bestD) {
      bestD = dd;
      best = o;
    }
  }
  return best;
}

/**
 * The most entries a mapping may have. Distributor's manifest is at most 64 KB (LIMITS.manifestBytes)
 * and each entry takes a line of about 70 bytes in it, so no mapping of more can be published; the
 * count is checked right after parsing, before every other check.
 */
export const MAX_MAPPING_ENTRIES = 1000;
/** The deepest nesting of arrays and objects a mapping may have (it needs three: object, array, entry). */
export const MAX_MAPPING_DEPTH = 32;

/** The offset where text first nests arrays and objects deeper than max (outside strings), if it does. */
function tooDeepAt(text: string, max: number): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return i;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return undefined;
}

/** How many entries the parsed document holds (its "linux" and "windows" arrays). */
function entryCount(value: unknown): number {
  if (!value || typeof value !== 'object') return 0;
  const v = value as Record<string, unknown>;
  return (Array.isArray(v.linux) ? v.linux.length : 0) + (Array.isArray(v.windows) ? v.windows.length : 0);
}

/**
 * The document, parsed natively after its nesting is bounded (a deep one used to overflow the stack),
 * and refused when over the entry limit before the syntax tree (for locations) and every other check
 * are built. A text the native parser refuses is left to parseTree, which says where it breaks.
 */
function parseBounded(
  text: string,
  file: string,
  at: (offset: number) => SourceLocation,
): { value: unknown; parsed: boolean } {
  const deep = tooDeepAt(text, MAX_MAPPING_DEPTH);
  if (deep !== undefined)
    throw mappingError(file, [
      {
        message: `mapping nests arrays and objects more than ${MAX_MAPPING_DEPTH} levels deep; a mapping is an object of two arrays of flat entries`,
        location: at(deep),
      },
    ]);
  let value: unknown;
  let parsed = true;
  try {
    value = JSON.parse(text);
  } catch {
    parsed = false;
  }
  const count = entryCount(value);
  if (parsed && count > MAX_MAPPING_ENTRIES)
    throw mappingError(file, [
      {
        message: `mapping has ${count} entries; at most ${MAX_MAPPING_ENTRIES} are taken (Distributor's manifest is at most ${LIMITS.manifestBytes / 1024} KB, about ${MAX_MAPPING_ENTRIES} entries): map versions with "*" or "_any" instead of one entry per version`,
        location: at(0),
      },
    ]);
  return { value, parsed };
}

/**
 * Parses and checks a mapping file's text. Every problem is collected (not just the first), each with
 * the line it is on, so that a pull request shows them all as annotations at once.
 */
export function parseMapping(source: string, file: string): Mapping {
  // Editors on Windows may save a byte-order mark; JSON has no place for one, so it is dropped.
  const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  const at = locator(file, text);
  const { value, parsed } = parseBounded(text, file, at);
  const parseErrors: ParseError[] = [];
  const root = parseTree(text, parseErrors, { allowTrailingComma: false, disallowComments: true });
  if (parseErrors.length || !root) {
    // One problem, the first: later parse errors are mostly echoes of it.
    const first = parseErrors[0];
    const problems = first
      ? [
          {
            message: `mapping is not valid JSON: ${jsonSyntaxProblem(text, first)}`,
            location: at(first.offset),
          },
        ]
      : [];
    if (!problems.length) problems.push({ message: 'mapping file is empty', location: at(0) });
    throw mappingError(file, problems);
  }
  if (!parsed) throw mappingError(file, [{ message: 'mapping is not valid JSON', location: at(0) }]);
  const nodeAt = (path: (string | number)[]): Node | undefined => findNodeAtLocation(root, path);
  const locate = (path: (string | number)[]): SourceLocation => {
    for (let p = path; ; p = p.slice(0, -1)) {
      const n = p.length ? nodeAt(p) : root;
      if (n)
        return at(n.parent?.type === 'property' && n.parent.children?.[1] === n ? n.parent.offset : n.offset);
      if (!p.length) return at(0);
    }
  };
  const problems: Problem[] = [];
  const add = (path: (string | number)[], message: string) =>
    problems.push({ message, location: locate(path) });

  /** The entries ("linux/3") and top-level keys with schema errors: not checked further. */
  const broken = new Set<string>();
  for (const e of validate(value)) {
    const path = e.instancePath
      .split('/')
      .slice(1)
      .map((s) => (/^\d+$/.test(s) ? Number(s) : s.replace(/~1/g, '/').replace(/~0/g, '~')));
    const where = describePath(path);
    broken.add(path.slice(0, 2).join('/'));
    if (e.keyword === 'additionalProperties') {
      const extra = String(e.params.additionalProperty);
      if (!path.length) {
        add([extra], `unknown top-level key "${extra}": a mapping has only "linux" and "windows" arrays`);
      } else {
        const lower = extra.toLowerCase();
        const hint =
          closest(extra, KNOWN_FIELDS) ??
          KNOWN_FIELDS.find((f) => f.startsWith(lower) || lower.startsWith(f));
        add(
          [...path, extra],
          `${where}: unknown field "${extra}"${hint ? `; did you mean "${hint}"?` : ''} (fields: ${KNOWN_FIELDS.join(', ')})`,
        );
      }
    } else if (e.keyword === 'required') {
      add(path, `${where}: missing required field "${String(e.params.missingProperty)}"`);
    } else if (e.keyword === 'type') {
      const expected = String(e.params.type);
      const hint = expected === 'string' ? ' (write it in quotes, e.g. "2")' : '';
      add(path, `${where} must be ${expected === 'array' ? 'an array' : `a ${expected}`}${hint}`);
    } else {
      add(path, `${where}: ${e.message ?? 'invalid'}`);
    }
  }
  // Every problem at once: the entries the schema refused are left out of the checks below, the
  // others are checked as well (a mapping with several mistakes used to show one at a time).
  const doc = (value && typeof value === 'object' ? value : {}) as Partial<
    Record<Family, Record<string, string>[]>
  >;
  const entries: MappingEntry[] = [];
  for (const family of ['linux', 'windows'] as const) {
    const list = doc[family];
    if (!Array.isArray(list) || broken.has(family) || broken.has('')) continue;
    list.forEach((raw, index) => {
      if (broken.has(`${family}/${index}`)) return;
      const entry = checkEntry(family, index, raw, (field, message) =>
        add(field ? [family, index, field] : [family, index], message),
      );
      if (entry) entries.push({ ...entry, location: locate([family, index]) });
    });
  }
  if (!entries.length && !problems.length)
    add([], 'mapping has no entries: add at least one entry to "linux" or "windows"');

  duplicateProblems(entries, add);
  const warnings = unreachableEntries(entries);
  if (problems.length)
    throw mappingError(file, [
      ...problems,
      ...warnings.map((w) => ({ ...w, message: `warning: ${w.message}` })),
    ]);
  return { file, entries, warnings };
}

/** Two entries with one dir, or one manifest key (platform, version, arch) mapped twice. */
function duplicateProblems(
  entries: readonly MappingEntry[],
  add: (path: (string | number)[], message: string) => void,
): void {
  const seenDir = new Map<string, MappingEntry>();
  const seenTarget = new Map<string, MappingEntry>();
  for (const e of entries) {
    const d = seenDir.get(e.dir.toLowerCase());
    if (d)
      add(
        [e.family, e.index, 'dir'],
        `${describeEntry(e)}: dir "${e.dir}" is already used by the entry on line ${d.location.line}; every entry needs its own dir`,
      );
    else seenDir.set(e.dir.toLowerCase(), e);
    const key = `${e.platform}/${e.versionKey}/${e.arch}`;
    const t = seenTarget.get(key);
    if (t)
      add(
        [e.family, e.index],
        `${describeEntry(e)}: platform ${e.platform}, version ${e.versionKey}, arch ${e.arch} is already mapped on line ${t.location.line}; remove one of the two`,
      );
    else seenTarget.set(key, e);
  }
}

/**
 * The entries whose manifest key no instance resolves to (plan/reachable.ts asks the one resolver),
 * each a warning at the entry's line saying why.
 */
export function unreachableEntries(entries: readonly MappingEntry[]): Problem[] {
  const packages: ManifestPackages = {};
  for (const e of entries) ((packages[e.platform] ??= {})[e.versionKey] ??= {})[e.arch] = { file: e.dir };
  const byKey = new Map(entries.map((e) => [`${e.platform}/${e.versionKey}/${e.arch}`, e]));
  return unreachableKeys(packages).flatMap((u) => {
    const e = byKey.get(`${u.platform}/${u.versionKey}/${u.arch}`);
    return e
      ? [
          {
            message: `${describeEntry(e)} (platform ${e.platform}, version ${e.versionKey}, arch ${e.arch}) is never chosen by the SSM Agent: ${u.why}`,
            location: e.location,
          },
        ]
      : [];
  });
}

type Checked = Omit<MappingEntry, 'location'>;

function checkEntry(
  family: Family,
  index: number,
  raw: Record<string, string>,
  add: (field: string | undefined, message: string) => void,
): Checked | undefined {
  const where = `${family}[${index}]`;
  const before = { n: 0 };
  const fail = (field: string | undefined, message: string) => {
    before.n++;
    add(field, `${where}: ${message}`);
  };
  const upt = raw.upt_package!;
  const platform = raw.name!;
  const arch = raw.arch_type!;
  const major = raw.major_version!;
  const minor = raw.minor_version ?? '';
  const dir = raw.dir!;
  const id = raw.id ?? '';

  if (!(upt in UPT_PACKAGES))
    fail(
      'upt_package',
      `upt_package "${upt}" is not an Uptycs installer; use one of ${Object.keys(UPT_PACKAGES).join(', ')} (centos = .rpm, debian = .deb, windows = .msi)`,
    );
  if (!(platform in PLATFORMS)) {
    const hint = PLATFORM_HINTS[platform.toLowerCase()] ?? closest(platform, Object.keys(PLATFORMS));
    fail(
      'name',
      `platform name "${platform}" is never matched by the SSM Agent${hint ? `; use "${hint}"` : ''} (known: ${Object.keys(PLATFORMS).join(', ')})`,
    );
  }
  if (!(ARCHES as readonly string[]).includes(arch)) {
    const hint = ARCH_HINTS[arch.toLowerCase()];
    fail(
      'arch_type',
      `arch_type "${arch}" is never matched by the SSM Agent${hint ? `; use "${hint}"` : ''} (valid: ${ARCHES.join(', ')})`,
    );
  }
  if (major === '_any' && minor !== '')
    fail('minor_version', `minor_version must be "" when major_version is "_any"`);
  const versionKey = minor === '' ? major : `${major}.${minor}`;
  const vp = versionKeyProblem(versionKey);
  if (vp) fail(minor === '' ? 'major_version' : 'minor_version', vp);
  if (!DIR_RE.test(dir))
    fail(
      'dir',
      `dir "${dir}" must be 1 to 100 letters, digits, "_", "-" or "." starting with a letter or digit (it names a folder and a zip file)`,
    );
  if (!ID_RE.test(id)) fail('id', `id "${id}" may only hold letters, digits, "_", "-" and "."`);

  if (before.n) return undefined;
  const installerType = UPT_PACKAGES[upt as UptPackage];
  const runs = PLATFORMS[platform];
  if (family === 'windows' && installerType !== 'msi')
    fail('upt_package', `entries under "windows" use upt_package "windows", not "${upt}"`);
  else if (family === 'linux' && installerType === 'msi')
    fail('upt_package', `upt_package "windows" belongs under "windows", not "linux"`);
  else if (runs !== 'any' && runs !== installerType)
    fail(
      'upt_package',
      `platform "${platform}" installs .${runs} packages but upt_package "${upt}" gives a .${installerType}; use "${Object.entries(UPT_PACKAGES).find(([, t]) => t === runs)?.[0]}"`,
    );
  if (before.n) return undefined;
  return {
    family,
    index,
    uptPackage: upt as UptPackage,
    installerType,
    id,
    dir,
    platform,
    versionKey,
    arch: arch as Arch,
  };
}

function describePath(path: (string | number)[]): string {
  if (!path.length) return 'mapping';
  const [family, index, field] = path;
  let s = String(family);
  if (index !== undefined) s += `[${index}]`;
  if (field !== undefined) s += `.${field}`;
  return s;
}

export function describeEntry(e: Pick<MappingEntry, 'family' | 'index'>): string {
  return `${e.family}[${e.index}]`;
}

/** jsonc-parser's ParseErrorCode (a const enum, which cannot be imported under verbatimModuleSyntax). */
const ParseErrorCode = {
  InvalidSymbol: 1,
  PropertyNameExpected: 3,
  ValueExpected: 4,
  ColonExpected: 5,
  CommaExpected: 6,
  CloseBraceExpected: 7,
  CloseBracketExpected: 8,
  EndOfFileExpected: 9,
  UnexpectedEndOfString: 12,
  InvalidEscapeCharacter: 15,
  InvalidCharacter: 16,
} as const;

/** A JSON syntax error in words: what is wrong and how to write it, not the parser's code. */
export function jsonSyntaxProblem(text: string, e: ParseError): string {
  const ch = text[e.offset] ?? '';
  const before = text.slice(0, e.offset).trimEnd();
  const prev = before[before.length - 1] ?? '';
  if (ch === "'" || (e.error === ParseErrorCode.InvalidSymbol && text.slice(e.offset, e.offset + 1) === "'"))
    return 'single quotes are not JSON; write strings in double quotes ("like this")';
  if (ch === '/' && (text[e.offset + 1] === '/' || text[e.offset + 1] === '*'))
    return 'comments are not JSON; remove them';
  if ((ch === '}' || ch === ']') && prev === ',')
    return `trailing comma before "${ch}"; remove the "," after the last item`;
  switch (e.error as number) {
    case ParseErrorCode.CommaExpected:
      return 'a comma is missing between two items; add ","';
    case ParseErrorCode.ColonExpected:
      return 'a ":" is missing after a field name';
    case ParseErrorCode.PropertyNameExpected:
      return 'a field name in double quotes is expected here ("name": …)';
    case ParseErrorCode.CloseBraceExpected:
      return 'a "}" is missing (an object is not closed)';
    case ParseErrorCode.CloseBracketExpected:
      return 'a "]" is missing (an array is not closed)';
    case ParseErrorCode.UnexpectedEndOfString:
      return 'a string is not closed; add the closing double quote';
    case ParseErrorCode.EndOfFileExpected:
      return 'text after the end of the JSON value; remove it';
    case ParseErrorCode.InvalidEscapeCharacter:
      return 'invalid escape in a string; write a backslash as \\\\';
    case ParseErrorCode.ValueExpected:
      return text.trim() === ''
        ? 'the file is empty'
        : 'a value is expected here (a string in double quotes, an array or an object)';
    case ParseErrorCode.InvalidSymbol:
    case ParseErrorCode.InvalidCharacter:
      return `unexpected character ${JSON.stringify(ch)}; strings need double quotes`;
    default:
      return printParseErrorCode(e.error)
        .replace(/([a-z])([A-Z])/g, '$1 $2')
        .toLowerCase();
  }
}

function mappingError(file: string, problems: Problem[]): UserError {
  const lines = problems.map(
    (p) =>
      `  ${p.location?.file}:${p.location?.line ?? '?'}${p.location?.column ? `:${p.location.column}` : ''}: ${p.message}`,
  );
  return new UserError(
    `mapping ${file} has ${problems.length} problem${problems.length > 1 ? 's' : ''} (fix them in the file given as ${ref('mapping')}):\n${lines.join('\n')}`,
    problems,
  );
}
