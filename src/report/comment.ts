/**
 * One pull-request comment per package, kept up to date: found by a hidden marker naming the package
 * (two packages in one repository keep two comments), created once, then updated on every run; the
 * body kept under GitHub's 65,536-character limit with the marker intact. It never fails the step: on a
 * fork, without `pull-requests: write`, or on any API error it warns once and the job summary carries
 * everything. Loaded only when a comment is to be posted.
 */
import { readFile } from 'node:fs/promises';
import { errorMessage } from '../common/errors.js';
import { ref } from '../common/names.js';
import type { Log } from '../common/log.js';

/** GitHub refuses comment bodies longer than this (422). */
export const COMMENT_LIMIT = 65_536;

export function commentMarker(packageName: string): string {
  return `<!-- uptycs-distributor-action package="${packageName.replace(/[^A-Za-z0-9_.-]/g, '_')}" -->`;
}

/**
 * The comment's body: the marker, then the text; when too long, the middle is cut at line boundaries
 * and a line says how much was cut and where the whole text is.
 */
export function fitComment(
  marker: string,
  text: string,
  limit = COMMENT_LIMIT,
): { body: string; cut: number } {
  const full = `${marker}\n${text}`;
  if (full.length <= limit) return { body: full, cut: 0 };
  const note = (n: number) =>
    `\n\n> ✂️ **${n.toLocaleString('en-US')} characters were cut here** to fit GitHub's ${limit.toLocaleString('en-US')}-character limit for comments; the job summary of this run has the whole text.\n\n`;
  const budget = limit - marker.length - 1 - note(text.length).length - 16;
  let head = text.slice(0, Math.floor(budget * 0.6));
  head = head.slice(0, Math.max(0, head.lastIndexOf('\n')));
  let tail = text.slice(text.length - (budget - head.length));
  tail = tail.slice(tail.indexOf('\n') + 1);
  const cut = text.length - head.length - tail.length;
  return { body: `${marker}\n${head}${note(cut)}${tail}`, cut };
}

/** Whether a comment body is one this action wrote: its first line is exactly the marker. */
export function isOurBody(body: string | null | undefined, marker: string): boolean {
  if (!body) return false;
  const end = body.search(/\r?\n/);
  return (end < 0 ? body : body.slice(0, end)) === marker;
}

export interface PullRequestRef {
  owner: string;
  repo: string;
  number: number;
  /** The head branch lives in another repository (its token is read-only on pull_request). */
  fork: boolean;
}

/** The pull request of an event payload (pull_request, pull_request_target), or undefined. */
export function pullRequestOf(payload: unknown): PullRequestRef | undefined {
  const p = payload as {
    pull_request?: {
      number?: number;
      head?: { repo?: { full_name?: string } | null };
      base?: { repo?: { full_name?: string } };
    };
    repository?: { name?: string; owner?: { login?: string }; full_name?: string };
  } | null;
  const pr = p?.pull_request;
  const owner = p?.repository?.owner?.login;
  const repo = p?.repository?.name;
  if (!pr || typeof pr.number !== 'number' || !owner || !repo) return undefined;
  const base = pr.base?.repo?.full_name ?? p?.repository?.full_name ?? `${owner}/${repo}`;
  return { owner, repo, number: pr.number, fork: pr.head?.repo?.full_name !== base };
}

export interface CommentOptions {
  env: NodeJS.ProcessEnv;
  token: string;
  /** auto: on pull-request events; true: also warn when there is no pull request. */
  when: 'auto' | 'true';
  packageName: string;
  markdown: string;
  log: Log;
}

export type CommentResult =
  { posted: 'created' | 'updated'; id: number; url: string; cut: number } | { posted: false; why: string };

/** The author of a comment as the REST API gives it. */
export interface CommentAuthor {
  login: string;
  type: string;
}

/** The Actions bot: the author of every comment written with a workflow's GITHUB_TOKEN. */
export const ACTIONS_BOT: CommentAuthor = { login: 'github-actions[bot]', type: 'Bot' };

/**
 * Whom the token writes as, to tell our comment from anyone else's that quotes the marker: a user's
 * token (a PAT, an app's user token) reads its login from GET /user; an installation token (the
 * workflow's GITHUB_TOKEN) cannot (403 "Resource not accessible by integration") and writes as the
 * Actions bot. With another app's installation token no earlier comment is ours, so a new one is
 * written: never someone else's edited.
 */
async function tokenAuthor(octokit: {
  rest: { users: { getAuthenticated(): Promise<{ data: { login: string; type: string } }> } };
}): Promise<(author: { login?: string; type?: string } | null | undefined) => boolean> {
  let me: CommentAuthor = ACTIONS_BOT;
  try {
    const { data } = await octokit.rest.users.getAuthenticated();
    me = { login: data.login, type: data.type };
  } catch (err) {
    const status = (err as { status?: number }).status;
    if (status !== 403 && status !== 401 && status !== 404) throw err;
  }
  return (author) => !!author && author.login === me.login && author.type === me.type;
}

/** Creates or updates this package's comment on the run's pull request. Never throws. */
export async function commentOnPullRequest(o: CommentOptions): Promise<CommentResult> {
  const skip = (why: string, warn: boolean): CommentResult => {
    if (warn) o.log.warning(`No pull-request comment: ${why}. The job summary has everything.`);
    else o.log.debug(`no pull-request comment: ${why}`);
    return { posted: false, why };
  };
  let payload: unknown;
  try {
    payload = o.env.GITHUB_EVENT_PATH
      ? JSON.parse(await readFile(o.env.GITHUB_EVENT_PATH, 'utf8'))
      : undefined;
  } catch (err) {
    return skip(`cannot read the event payload (${errorMessage(err)})`, true);
  }
  const pr = pullRequestOf(payload);
  if (!pr)
    return skip(
      `this run is not for a pull request (event ${o.env.GITHUB_EVENT_NAME ?? 'unknown'})`,
      o.when === 'true',
    );
  if (pr.fork && o.env.GITHUB_EVENT_NAME === 'pull_request')
    return skip(`pull request #${pr.number} comes from a fork, where the token is read-only`, true);
  if (!o.token) return skip(`no token (${ref('github-token')} is empty)`, true);

  const marker = commentMarker(o.packageName);
  const { body, cut } = fitComment(marker, o.markdown);
  try {
    const { getOctokit } = await import('@actions/github');
    const octokit = getOctokit(o.token, { baseUrl: o.env.GITHUB_API_URL || 'https://api.github.com' });
    const where = { owner: pr.owner, repo: pr.repo };
    const comments = await octokit.paginate(octokit.rest.issues.listComments, {
      ...where,
      issue_number: pr.number,
      per_page: 100,
    });
    const ownedByToken = await tokenAuthor(octokit);
    // Ours has the marker as its whole first line. Another workflow's bot writes as the same
    // github-actions[bot]; a comment of its that merely quotes the marker is not ours.
    const marked = comments.filter((c) => isOurBody(c.body, marker));
    const mine = marked.find((c) => ownedByToken(c.user));
    if (marked.length && !mine)
      o.log.info(
        `A comment by another author starts with this package's marker (${marked.map((c) => c.user?.login ?? 'unknown').join(', ')}); it is left as it is and a new comment is written`,
      );
    if (cut)
      o.log.info(
        `The comment is ${cut} characters too long for GitHub: the middle was cut (the job summary has it all)`,
      );
    if (mine) {
      const r = await octokit.rest.issues.updateComment({ ...where, comment_id: mine.id, body });
      o.log.info(`Updated the pull-request comment ${r.data.html_url}`);
      return { posted: 'updated', id: r.data.id, url: r.data.html_url, cut };
    }
    const r = await octokit.rest.issues.createComment({ ...where, issue_number: pr.number, body });
    o.log.info(`Commented on pull request #${pr.number}: ${r.data.html_url}`);
    return { posted: 'created', id: r.data.id, url: r.data.html_url, cut };
  } catch (err) {
    const status = (err as { status?: number }).status;
    const why =
      status === 403 || status === 404 || status === 401
        ? `the token may not comment on pull request #${pr.number} (HTTP ${status}: ${errorMessage(err).split('\n')[0]}); give the job \`permissions: pull-requests: write\` (on pull requests from forks the token stays read-only)`
        : `posting to pull request #${pr.number} failed (${status ? `HTTP ${status}: ` : ''}${errorMessage(err).split('\n')[0]})`;
    return skip(why, true);
  }
}
