/**
 * The Uptycs API key: the JSON file downloaded from the Uptycs console (input "config"), given as a
 * path or as the JSON text itself. Every secret in it is registered with the log before anything else
 * happens, and no error message ever repeats the key, the secret or the content.
 */
import { readFile, stat } from 'node:fs/promises';
import { isLoopback } from './index.js';
import { UserError } from '../common/errors.js';
import type { Log } from '../common/log.js';
import { ref } from '../common/names.js';

export interface ApiKey {
  key: string;
  secret: string;
  customerId: string;
  domain: string;
  domainSuffix: string;
}

export const DEFAULT_DOMAIN_SUFFIX = '.uptycs.io';

/**
 * The shortest API secret taken. The console's secrets are far longer; a blank or short one would let
 * the cache's key and HMAC (derived from it) be derived from public values.
 */
export const MIN_SECRET_LENGTH = 16;

const FIX = `give ${ref('config')} the path of the API key file downloaded from the Uptycs console (Configuration → Users → API key), or that file's JSON content (from a secret)`;

function configError(problem: string): UserError {
  return new UserError(`${ref('config')}: ${problem}; ${FIX}`, [{ message: `${ref('config')}: ${problem}` }]);
}

/** Whether the value of input config is the key's JSON text rather than a path to it. */
function isContent(config: string): boolean {
  return config.startsWith('{') || config.includes('\n') || config.length > 4096;
}

/** A path is echoed in messages only when it clearly is one; anything else may be a pasted secret. */
function printablePath(p: string): string | undefined {
  return p.length <= 512 && /^[\w ./\\:~@+-]+$/.test(p) && /[/\\]|\.json$/i.test(p) ? p : undefined;
}

/** The 1-based line of a JSON.parse failure, without repeating any of the text (Node quotes it). */
function jsonErrorLine(text: string, err: unknown): string {
  const m = /position (\d+)/.exec(err instanceof Error ? err.message : '');
  if (!m) return '';
  const pos = Number(m[1]);
  let line = 1;
  for (let i = 0; i < pos && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return ` (the error is on line ${line})`;
}

function parseExpiry(v: unknown): Date | undefined {
  if (typeof v === 'number' && Number.isFinite(v) && v > 0) return new Date(v < 1e12 ? v * 1000 : v);
  if (typeof v === 'string' && v.trim()) {
    const d = new Date(/^\d+$/.test(v.trim()) ? Number(v) * (Number(v) < 1e12 ? 1000 : 1) : v);
    return Number.isNaN(d.getTime()) ? undefined : d;
  }
  return undefined;
}

/**
 * Reads and checks the API key. `config` is a path to the key file or its JSON content.
 * Throws one UserError naming input "config" and the fix.
 */
export async function loadApiKey(config: string, log: Log, opts: { now?: Date } = {}): Promise<ApiKey> {
  const value = config.trim();
  let text: string;
  if (!value) throw configError('it is empty');
  if (isContent(value)) {
    log.setSecret(config);
    if (value !== config) log.setSecret(value);
    text = value;
  } else {
    const shown = printablePath(value);
    const where = shown ? `the file ${shown}` : 'the file it names';
    const st = await stat(value).catch(() => undefined);
    if (!st)
      throw configError(
        shown
          ? `${where} does not exist`
          : 'its value is neither JSON nor the path of an existing file (the value is not shown, in case it is secret)',
      );
    if (!st.isFile()) throw configError(`${where} is not a regular file`);
    if (st.size > 1024 * 1024)
      throw configError(`${where} is ${st.size} bytes, too large to be an API key file`);
    text = (await readFile(value, 'utf8')).replace(/^\uFEFF/, '');
  }

  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw configError(`the API key is not valid JSON${jsonErrorLine(text, err)}`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
    throw configError('the API key must be a JSON object with the fields key, secret, customerId and domain');
  const o = doc as Record<string, unknown>;
  // Register the secrets before anything else can print.
  for (const f of ['key', 'secret'] as const)
    if (typeof o[f] === 'string' && o[f].trim()) {
      log.setSecret(o[f]);
      if (o[f].trim() !== o[f]) log.setSecret(o[f].trim());
    }

  const problems: string[] = [];
  const field = (name: string, required: boolean): string => {
    const v = o[name];
    if (v === undefined || v === null || v === '') {
      if (required) problems.push(`field "${name}" is missing`);
      return '';
    }
    if (typeof v !== 'string') {
      problems.push(`field "${name}" must be a string`);
      return '';
    }
    // Trimmed before testing: "   " is as empty as "".
    if (!v.trim() && required) problems.push(`field "${name}" is blank`);
    return v.trim();
  };
  const key = field('key', true);
  const secret = field('secret', true);
  const customerId = field('customerId', true);
  const domain = field('domain', true);
  const domainSuffix = field('domainSuffix', false) || DEFAULT_DOMAIN_SUFFIX;
  if (secret && secret.length < MIN_SECRET_LENGTH)
    problems.push(
      `field "secret" is ${secret.length} characters, too short to be an Uptycs API secret (at least ${MIN_SECRET_LENGTH}); copy the whole key file from the console`,
    );
  if (customerId && !/^[A-Za-z0-9_-]{1,128}$/.test(customerId))
    problems.push('field "customerId" must be the customer ID (letters, digits and "-")');
  if (domain && !/^[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\.[A-Za-z0-9-]{1,63})*$/.test(domain))
    problems.push('field "domain" must be the tenant host name (such as "mycompany")');
  if (!/^\.[A-Za-z0-9-]{1,63}(\.[A-Za-z0-9-]{1,63})*$/.test(domainSuffix))
    problems.push('field "domainSuffix" must start with "." (such as ".uptycs.io")');
  if (o.active === false || o.active === 'false')
    problems.push(
      'the key is marked inactive ("active": false); activate it or create a new key in the Uptycs console',
    );
  const expiry = parseExpiry(o.expiry);
  if (expiry && expiry.getTime() <= (opts.now ?? new Date()).getTime())
    problems.push(`the key expired on ${expiry.toISOString()}; create a new key in the Uptycs console`);
  if (problems.length)
    throw new UserError(
      `${ref('config')}: the Uptycs API key is not usable: ${problems.join('; ')}. To fix: ${FIX}`,
      problems.map((message) => ({ message: `${ref('config')}: ${message}` })),
    );
  return { key, secret, customerId, domain, domainSuffix };
}

/**
 * The API's base URL: https://{domain}{domainSuffix}/public/api/customers/{customerId}.
 * `override` (input uptycs-api-url) replaces the origin https://{domain}{domainSuffix} only, for
 * private stacks and tests; it may carry a path prefix but not the /public/api part.
 * Plain http is refused unless the host is a loopback address.
 */
export function apiBaseUrl(key: ApiKey, override = ''): URL {
  let origin: URL;
  if (override) {
    try {
      origin = new URL(override);
    } catch {
      throw new UserError(
        `${ref('uptycs-api-url')}: "${override}" is not a URL; write https://<tenant>.uptycs.io`,
      );
    }
    if (origin.protocol !== 'https:' && !(origin.protocol === 'http:' && isLoopback(origin.hostname)))
      throw new UserError(
        `${ref('uptycs-api-url')}: ${origin.protocol}// is refused: use https:// (plain http:// is allowed only to a loopback address)`,
      );
    if (/\/public\/api(\/|$)/.test(origin.pathname))
      throw new UserError(
        `${ref('uptycs-api-url')}: give only the origin (such as https://mycompany.uptycs.io); the path /public/api/customers/<customerId> is added from the key file`,
      );
    if (origin.search || origin.hash || origin.username || origin.password)
      throw new UserError(
        `${ref('uptycs-api-url')}: give only the origin, without query, fragment or credentials`,
      );
  } else {
    // Tolerate a domain that already carries the suffix ("acme.uptycs.io").
    const host = key.domain.toLowerCase().endsWith(key.domainSuffix.toLowerCase())
      ? key.domain
      : `${key.domain}${key.domainSuffix}`;
    origin = new URL(`https://${host}`);
  }
  const prefix = origin.pathname.replace(/\/+$/, '');
  return new URL(`${origin.origin}${prefix}/public/api/customers/${encodeURIComponent(key.customerId)}`);
}
