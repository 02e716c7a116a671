/**
 * The `organization` object of the rollout plan file (input rollout-plan): which AWS Organization units
 * receive the package, the read-only role that lists their accounts, and the role assumed in each
 * member account. Every problem is reported at once, each at its line and column in the file.
 * Pure, except loadOrganization, which reads the file.
 */
import { readFileSync } from 'node:fs';
import { findNodeAtLocation, parseTree, type Node, type ParseError } from 'jsonc-parser';
import { locator, type Problem } from '../common/errors.js';
import { closest } from '../common/suggest.js';

export interface OrganizationPlan {
  /** Role in the management or delegated-administrator account that lists the Organization (read only). */
  readRole: string;
  /** Role ARN pattern assumed in each member account; {account} is replaced by the account ID. */
  memberRole: string;
  /** OU ids (ou-…) or the root (r-…): their ACTIVE accounts, nested OUs included. */
  ous: string[];
  /** Member accounts handled at the same time. */
  concurrency: number;
  /** Input organization-chunk: this job's part when the accounts are split across matrix jobs. */
  chunk?: OrganizationChunk;
}

/**
 * One job's part of a rollout split across matrix jobs (input organization-chunk "K/N"): K = 0 is the
 * hub's job (publish, sharing, the hub's rings, the accounts that left; no member account), K = 1…N the
 * member accounts whose ID modulo N is K - 1.
 */
export interface OrganizationChunk {
  index: number;
  count: number;
}

/** GitHub's limit on the jobs of one matrix. */
export const MAX_CHUNKS = 256;

/** Reads organization-chunk's value ("3/8", "0/8"), or says what is wrong with it. */
export function parseChunk(text: string): { chunk: OrganizationChunk } | { problem: string } {
  const m = /^\s*(\d{1,3})\s*\/\s*(\d{1,3})\s*$/.exec(text);
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (m && count >= 1 && count <= MAX_CHUNKS && index <= count) return { chunk: { index, count } };
  return {
    problem: `"${text}" must be K/N: N member jobs (1 to ${MAX_CHUNKS}, GitHub's matrix limit) and this job's part K (1 to N), or 0/N for the one hub job that runs first (publish, sharing, the hub's rings); for example 3/8 in a matrix of 8 jobs`,
  };
}

export const ORGANIZATION_DEFAULTS = { concurrency: 16 } as const;
export const MAX_ORGANIZATION_CONCURRENCY = 64;

const KEYS = ['readRole', 'memberRole', 'ous', 'concurrency'] as const;
const PARTITION = '(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b|aws-iso-e|aws-iso-f|aws-eusc)';
const ROLE_PATH = 'role/(?:[\\w+=,.@-]+/)*[\\w+=,.@-]{1,64}';
const ROLE_RE = new RegExp(`^arn:${PARTITION}:iam::(\\d{12}):${ROLE_PATH}$`);
const MEMBER_ROLE_RE = new RegExp(`^arn:${PARTITION}:iam::\\{account\\}:${ROLE_PATH}$`);
/** AWS Organizations' own patterns for an OU id and a root id. */
export const OU_RE = /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;
export const ROOT_RE = /^r-[0-9a-z]{4,32}$/;

const kind = (n: Node) => (n.type === 'null' ? 'null' : n.type);

/** The value of one member of an object node (undefined when absent). */
const member = (obj: Node, key: string) => findNodeAtLocation(obj, [key]);

/**
 * Checks the plan's `organization` value (a jsonc-parser node of the plan's tree) and returns it typed,
 * or the problems, each at its place in the file.
 */
export function parseOrganization(
  node: Node | undefined,
  file: string,
  text: string,
): { organization?: OrganizationPlan; problems: Problem[] } {
  if (!node) return { problems: [] };
  const at = locator(file, text);
  const problems: Problem[] = [];
  const bad = (n: Node, message: string) =>
    problems.push({ message: `organization: ${message}`, location: at(n.offset) });
  if (node.type !== 'object') {
    bad(node, `must be an object with readRole, memberRole and ous, not ${kind(node)}`);
    return { problems };
  }
  for (const prop of node.children ?? []) {
    const key = String(prop.children?.[0]?.value);
    if (!(KEYS as readonly string[]).includes(key)) {
      const near = closest(key, KEYS);
      bad(
        prop,
        `unknown key "${key}"${near ? `: did you mean "${near}"?` : `; the keys are ${KEYS.join(', ')}`}`,
      );
    }
  }
  const str = (key: string, re: RegExp, example: string): string => {
    const n = member(node, key);
    if (!n) {
      bad(node, `${key} is missing; for example "${key}": "${example}"`);
      return '';
    }
    if (n.type !== 'string') {
      bad(n, `${key} must be a string such as "${example}", not ${kind(n)}`);
      return '';
    }
    const v = String(n.value);
    if (!re.test(v)) bad(n, `${key} "${v}" is not a role ARN such as "${example}"`);
    return v;
  };
  const readRole = str('readRole', ROLE_RE, 'arn:aws:iam::111111111111:role/uptycs-org-read');
  const memberRole = str('memberRole', MEMBER_ROLE_RE, 'arn:aws:iam::{account}:role/uptycs-member');
  const p1 = ROLE_RE.exec(readRole)?.[1];
  const p2 = MEMBER_ROLE_RE.exec(memberRole)?.[1];
  if (p1 && p2 && p1 !== p2)
    bad(
      member(node, 'memberRole')!,
      `memberRole is in partition ${p2} but readRole in ${p1}: an Organization lives in one partition`,
    );
  const ous = readOus(node, bad);
  const concurrency = readConcurrency(node, bad);
  if (problems.length) return { problems };
  return { organization: { readRole, memberRole, ous, concurrency }, problems };
}

function readOus(node: Node, bad: (n: Node, m: string) => void): string[] {
  const n = member(node, 'ous');
  const example = '"ous": ["ou-abcd-12345678"] (or ["r-abcd"] for the whole Organization)';
  if (!n) {
    bad(node, `ous is missing; for example ${example}`);
    return [];
  }
  if (n.type !== 'array' || !n.children?.length) {
    bad(n, `ous must be a list of at least one OU or root id, for example ${example}`);
    return [];
  }
  const out: string[] = [];
  for (const c of n.children) {
    const v = c.type === 'string' ? String(c.value) : undefined;
    if (v === undefined)
      bad(c, `every entry of ous must be a string such as "ou-abcd-12345678", not ${kind(c)}`);
    else if (!OU_RE.test(v) && !ROOT_RE.test(v))
      bad(
        c,
        /^\d{12}$/.test(v)
          ? `"${v}" is an account ID; ous takes OU ids (ou-…) or the root id (r-…): list single accounts in a ring's "accounts"`
          : `"${v}" is not an OU id (ou-abcd-12345678) or a root id (r-abcd); copy it from the AWS Organizations console`,
      );
    else if (out.includes(v)) bad(c, `"${v}" is listed twice`);
    else out.push(v);
  }
  return out;
}

function readConcurrency(node: Node, bad: (n: Node, m: string) => void): number {
  const n = member(node, 'concurrency');
  if (!n) return ORGANIZATION_DEFAULTS.concurrency;
  const v = n.value as unknown;
  if (
    n.type !== 'number' ||
    !Number.isInteger(v) ||
    (v as number) < 1 ||
    (v as number) > MAX_ORGANIZATION_CONCURRENCY
  ) {
    bad(
      n,
      `concurrency must be a whole number from 1 to ${MAX_ORGANIZATION_CONCURRENCY} (accounts at the same time), not ${JSON.stringify(v)}`,
    );
    return ORGANIZATION_DEFAULTS.concurrency;
  }
  return v as number;
}

/**
 * Reads the rollout plan file and returns its `organization`, or the problems (syntax: the first parse
 * error; then every problem of the organization object). `display` is how the file is named in messages.
 */
export function loadOrganization(
  file: string,
  display = file,
): { organization?: OrganizationPlan; problems: Problem[] } {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return {
      problems: [
        {
          message: `cannot read ${display} (${code === 'ENOENT' ? 'no such file: give a path relative to the workspace' : String(code ?? err)})`,
        },
      ],
    };
  }
  const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  const at = locator(display, text);
  if (errors.length || !root)
    return {
      problems: [
        {
          message: errors.length ? `${display} is not valid JSON (comments allowed)` : `${display} is empty`,
          location: at(errors[0]?.offset ?? 0),
        },
      ],
    };
  if (root.type !== 'object')
    return {
      problems: [{ message: `${display} must hold a JSON object with "rings"`, location: at(root.offset) }],
    };
  return parseOrganization(findNodeAtLocation(root, ['organization']), display, text);
}
