/**
 * The rollout plan (input rollout-plan): ordered rings, each its own association pinned to the version
 * it runs, with a bake time, an error budget and CloudWatch alarms; when the document's default moves;
 * and the Organization's settings (read by src/inputs/organization.ts, passed through here). JSON with
 * comments, checked like the mapping: every problem at once, each at its line and column. Pure.
 */
import { findNodeAtLocation, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { locator, type Problem, type SourceLocation } from '../common/errors.js';
import { closest } from '../common/suggest.js';
import { parseTargets, type ComplianceSeverity, type RolloutTarget } from './rollout-targets.js';

export type RingAction = 'Install' | 'Uninstall';

export interface Ring {
  name: string;
  /** The association's targets (empty only when accounts or ous name the ring). */
  targets: RolloutTarget[];
  /** Organization only: 12-digit account IDs and ou-/r- IDs. */
  accounts: string[];
  ous: string[];
  /** As written ("24h") and in milliseconds. */
  bake: string;
  bakeMs: number;
  maxConcurrency: string;
  maxErrors: string;
  /** CloudWatch alarm names: the association's AlarmConfiguration, and read before any promotion. */
  alarms: string[];
  /** Install the rollout's version, or remove the agent (decommissioning). */
  action: RingAction;
  complianceSeverity: ComplianceSeverity;
  /** Where the ring is written. */
  location: SourceLocation;
}

export interface RolloutPlan {
  file: string;
  rings: Ring[];
  /** last: the document's default moves after the last ring; never: it stays. */
  defaultVersion: 'last' | 'never';
  /** The organization object as written, for src/inputs/organization.ts (undefined when absent). */
  organization?: unknown;
}

/** Defaults: the first ring small and tight, the others as the single association's. */
export const FIRST_RING_DEFAULTS = { maxConcurrency: '1', maxErrors: '0' } as const;
export const RING_DEFAULTS = {
  maxConcurrency: '10%',
  maxErrors: '10%',
  bake: '24h',
  complianceSeverity: 'HIGH',
} as const;

export const PLAN_KEYS = ['$schema', 'rings', 'defaultVersion', 'organization'] as const;
export const RING_KEYS = [
  'name',
  'targets',
  'accounts',
  'ous',
  'bake',
  'maxConcurrency',
  'maxErrors',
  'alarms',
  'action',
  'complianceSeverity',
] as const;

const RING_NAME_RE = /^[A-Za-z0-9_-]{1,32}$/;
const COUNT_RE = /^([1-9][0-9]*|[1-9][0-9]%|[1-9]%|100%)$/;
const ERRORS_RE = /^([1-9][0-9]*|[0]|[1-9][0-9]%|[0-9]%|100%)$/;
const BAKE_RE = /^(\d{1,4})(m|h|d)$/;
/** CloudWatch alarm names: 1 to 255 characters, none of them a control character. */
const alarmNameOk = (n: string) =>
  n.length >= 1 && n.length <= 255 && ![...n].some((ch) => ch.charCodeAt(0) < 32);
const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNSPECIFIED'];
const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** "24h" → ms, or undefined when it is not a bake time. */
export function bakeMs(text: string): number | undefined {
  const m = BAKE_RE.exec(text);
  return m ? Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS] : undefined;
}

const kindOf = (v: unknown) => (Array.isArray(v) ? 'an array' : v === null ? 'null' : `a ${typeof v}`);

interface Ctx {
  add: (path: (string | number)[], message: string) => void;
  locate: (path: (string | number)[]) => SourceLocation;
}

function stringList(c: Ctx, path: (string | number)[], v: unknown, what: string): string[] {
  if (v === undefined) return [];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
    c.add(path, `${path.join('.')} must be an array of strings (${what}), not ${kindOf(v)}`);
    return [];
  }
  return v as string[];
}

function unknownKeys(c: Ctx, path: (string | number)[], o: object, known: readonly string[]): void {
  for (const k of Object.keys(o))
    if (!known.includes(k)) {
      const near = closest(k, known);
      c.add(
        [...path, k],
        `unknown field "${k}"${near ? ` (did you mean "${near}"?)` : ''}; known fields: ${known.join(', ')}`,
      );
    }
}

function readRing(c: Ctx, i: number, v: unknown): Ring | undefined {
  const at = ['rings', i];
  if (!v || typeof v !== 'object' || Array.isArray(v)) {
    c.add(
      at,
      `rings[${i}] must be an object such as {"name": "canary", "targets": ["tag:UptycsRing=canary"]}`,
    );
    return undefined;
  }
  const o = v as Record<string, unknown>;
  unknownKeys(c, at, o, RING_KEYS);
  const str = (key: string, dflt: string): string => {
    const x = o[key];
    if (x === undefined) return dflt;
    if (typeof x !== 'string') {
      c.add([...at, key], `rings[${i}].${key} must be a string, not ${kindOf(x)}`);
      return dflt;
    }
    return x;
  };
  const label = typeof o.name === 'string' ? `ring "${o.name}"` : `rings[${i}]`;
  const name = str('name', '');
  if (!RING_NAME_RE.test(name))
    c.add(
      [...at, o.name === undefined ? '' : 'name'].filter(Boolean),
      name
        ? `${label}: name "${name}" must be 1 to 32 letters, digits, "_" or "-" (it ends the association's name)`
        : `rings[${i}] needs a "name" (1 to 32 letters, digits, "_" or "-")`,
    );
  const targetText = stringList(
    c,
    [...at, 'targets'],
    o.targets,
    'rollout targets such as "tag:UptycsRing=canary"',
  );
  const targets = parseTargets(targetText.join('\n'), (m) => c.add([...at, 'targets'], `${label}: ${m}`));
  if (targets.length > 5)
    c.add([...at, 'targets'], `${label}: ${targets.length} targets; State Manager allows 5 per association`);
  const accounts = stringList(c, [...at, 'accounts'], o.accounts, '12-digit AWS account IDs');
  for (const a of accounts)
    if (!/^\d{12}$/.test(a)) c.add([...at, 'accounts'], `${label}: "${a}" is not a 12-digit AWS account ID`);
  const ous = stringList(c, [...at, 'ous'], o.ous, 'ou-… or r-… IDs');
  for (const u of ous)
    if (!/^(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|r-[0-9a-z]{4,32})$/.test(u))
      c.add(
        [...at, 'ous'],
        `${label}: "${u}" is not an organizational unit ID (ou-abcd-12345678) or a root ID (r-abcd)`,
      );
  if (!targetText.length && !accounts.length && !ous.length)
    c.add(
      o.targets === undefined ? at : [...at, 'targets'],
      `${label} needs "targets" (for example ["tag:UptycsRing=${name || 'canary'}"]), or "accounts"/"ous" with the Organization`,
    );
  const bake = str('bake', RING_DEFAULTS.bake);
  const ms = bakeMs(bake);
  if (ms === undefined)
    c.add([...at, 'bake'], `${label}: bake "${bake}" must be minutes, hours or days such as 30m, 24h or 2d`);
  const first = i === 0;
  const maxConcurrency = str(
    'maxConcurrency',
    first ? FIRST_RING_DEFAULTS.maxConcurrency : RING_DEFAULTS.maxConcurrency,
  );
  if (!COUNT_RE.test(maxConcurrency))
    c.add(
      [...at, 'maxConcurrency'],
      `${label}: maxConcurrency "${maxConcurrency}" must be a number of instances (10) or a percentage (10%)`,
    );
  const maxErrors = str('maxErrors', first ? FIRST_RING_DEFAULTS.maxErrors : RING_DEFAULTS.maxErrors);
  if (!ERRORS_RE.test(maxErrors))
    c.add(
      [...at, 'maxErrors'],
      `${label}: maxErrors "${maxErrors}" must be a number of instances (0 stops at the first error) or a percentage (10%)`,
    );
  const alarms = stringList(c, [...at, 'alarms'], o.alarms, 'CloudWatch alarm names');
  for (const a of alarms)
    if (!alarmNameOk(a))
      c.add([...at, 'alarms'], `${label}: alarm name "${a}" must be 1 to 255 printable characters`);
  if (alarms.length > 10)
    c.add([...at, 'alarms'], `${label}: ${alarms.length} alarms; an association takes at most 10`);
  const action = str('action', 'install').toLowerCase();
  if (action !== 'install' && action !== 'uninstall')
    c.add([...at, 'action'], `${label}: action "${action}" must be install or uninstall`);
  const severity = str('complianceSeverity', RING_DEFAULTS.complianceSeverity).toUpperCase();
  if (!SEVERITIES.includes(severity))
    c.add(
      [...at, 'complianceSeverity'],
      `${label}: complianceSeverity "${severity}" must be one of ${SEVERITIES.join(', ')}`,
    );
  return {
    name,
    targets,
    accounts,
    ous,
    bake,
    bakeMs: ms ?? 0,
    maxConcurrency,
    maxErrors,
    alarms,
    action: action === 'uninstall' ? 'Uninstall' : 'Install',
    complianceSeverity: severity as ComplianceSeverity,
    location: c.locate(at),
  };
}

/**
 * Parses and checks a rollout plan's text (JSON with comments). Returns the plan, or every problem
 * found, each at its line and column. `associationName` is the base the rings' names are added to.
 */
export function parseRolloutPlan(
  source: string,
  file: string,
  associationName: string,
): { plan: RolloutPlan; problems: [] } | { plan?: undefined; problems: Problem[] } {
  const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  const at = locator(file, text);
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (!text.trim()) return { problems: [{ message: 'the rollout plan is empty', location: at(0) }] };
  if (errors.length || !root)
    return {
      problems: [
        {
          message: `the rollout plan is not valid JSON here${errors[0] ? ` (${printParseErrorCode(errors[0].error)})` : ''}`,
          location: at(errors[0]?.offset ?? 0),
        },
      ],
    };
  const problems: Problem[] = [];
  const locate = (path: (string | number)[]): SourceLocation => {
    for (let p = path; ; p = p.slice(0, -1)) {
      const n: Node | undefined = p.length ? findNodeAtLocation(root, p) : root;
      if (n)
        return at(n.parent?.type === 'property' && n.parent.children?.[1] === n ? n.parent.offset : n.offset);
      if (!p.length) return at(0);
    }
  };
  const c: Ctx = { locate, add: (path, message) => problems.push({ message, location: locate(path) }) };
  const value = evaluate(root);
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    c.add(
      [],
      'the rollout plan must be an object such as {"rings": [{"name": "canary", "targets": ["tag:UptycsRing=canary"]}]}',
    );
    return { problems };
  }
  const o = value as Record<string, unknown>;
  unknownKeys(c, [], o, PLAN_KEYS);
  const rings: Ring[] = [];
  if (!Array.isArray(o.rings) || !o.rings.length)
    c.add(
      o.rings === undefined ? [] : ['rings'],
      '"rings" must be a non-empty array of rings, in the order they move',
    );
  else
    o.rings.forEach((r, i) => {
      const ring = readRing(c, i, r);
      if (ring) rings.push(ring);
    });
  const seen = new Map<string, number>();
  rings.forEach((r, i) => {
    const before = seen.get(r.name.toLowerCase());
    if (r.name && before !== undefined)
      c.add(
        ['rings', i, 'name'],
        `ring name "${r.name}" is already used by rings[${before}]; every ring needs its own name`,
      );
    else seen.set(r.name.toLowerCase(), i);
    const assoc = `${associationName}-${r.name}`;
    if (r.name && assoc.length > 128)
      c.add(
        ['rings', i, 'name'],
        `the association name ${assoc} is longer than 128 characters; shorten the association name or the ring's`,
      );
  });
  // Two rings with the same targets would be two associations on the same instances, each reinstalling its version.
  const byTargets = new Map<string, number>();
  rings.forEach((r, i) => {
    if (!r.targets.length) return;
    const key = JSON.stringify(r.targets.map((t) => [t.Key, [...t.Values].sort()]).sort());
    const before = byTargets.get(key);
    if (before !== undefined)
      c.add(
        ['rings', i, 'targets'],
        `ring "${r.name}" has the same targets as rings[${before}]; an instance in two rings would get two associations that reinstall each other's version`,
      );
    else byTargets.set(key, i);
  });
  const dv = o.defaultVersion ?? 'last';
  if (dv !== 'last' && dv !== 'never')
    c.add(
      ['defaultVersion'],
      `defaultVersion ${JSON.stringify(dv)} must be "last" (moves after the last ring) or "never"`,
    );
  if (problems.length) return { problems };
  return {
    plan: {
      file,
      rings,
      defaultVersion: dv as 'last' | 'never',
      ...(o.organization !== undefined ? { organization: o.organization } : {}),
    },
    problems: [],
  };
}

/** The value of a jsonc-parser tree (comments dropped). */
function evaluate(n: Node): unknown {
  switch (n.type) {
    case 'object':
      return Object.fromEntries(
        (n.children ?? []).map((p) => [
          p.children![0]!.value as string,
          p.children![1] ? evaluate(p.children![1]) : undefined,
        ]),
      );
    case 'array':
      return (n.children ?? []).map(evaluate);
    default:
      return n.value as unknown;
  }
}

/** A problem list as one message: "file:line:col: message" per line. */
export function planProblemsText(problems: readonly Problem[]): string {
  return problems
    .map(
      (p) =>
        `${p.location?.file ?? ''}:${p.location?.line ?? '?'}${p.location?.column ? `:${p.location.column}` : ''}: ${p.message}`,
    )
    .join('\n    ');
}
