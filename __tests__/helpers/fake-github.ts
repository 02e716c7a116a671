/**
 * A local stand-in for the parts of the GitHub REST API the pull-request comment uses, on 127.0.0.1:
 * list an issue's comments (paginated with per_page/page and a Link header, as GitHub does), create a
 * comment, update one. It checks the token, refuses bodies over 65,536 characters (422) and can answer
 * 403 "Resource not accessible by integration" as GitHub does for a read-only token.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeComment {
  id: number;
  body: string;
  user: { login: string; type: string };
}

export interface FakeGitHub {
  url: string;
  token: string;
  /** Comments by issue number. */
  comments: Map<number, FakeComment[]>;
  /** Every request: method and path with query. */
  requests: string[];
  /** When set, every request is answered 403. */
  forbidden: boolean;
  /**
   * Whom the token writes as. An installation token (the default, like GITHUB_TOKEN) gets 403 on
   * GET /user and writes as the Actions bot; a user's token reads its login there.
   */
  identity: { login: string; type: string; installation: boolean };
  close(): Promise<void>;
}

export async function startFakeGitHub(token = 'ghs_test_token_0123456789'): Promise<FakeGitHub> {
  let nextId = 1000;
  const state: Omit<FakeGitHub, 'url' | 'close'> = {
    token,
    comments: new Map(),
    requests: [],
    forbidden: false,
    identity: { login: 'github-actions[bot]', type: 'Bot', installation: true },
  };
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      state.requests.push(`${req.method} ${url.pathname}${url.search}`);
      const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
        res.end(JSON.stringify(body));
      };
      if (req.headers.authorization !== `token ${state.token}`)
        return send(401, { message: 'Bad credentials', status: '401' });
      if (state.forbidden)
        return send(403, { message: 'Resource not accessible by integration', status: '403' });
      const origin = `http://${req.headers.host}`;
      if (url.pathname === '/user' && req.method === 'GET')
        return state.identity.installation
          ? send(403, { message: 'Resource not accessible by integration', status: '403' })
          : send(200, { login: state.identity.login, type: state.identity.type, id: 7 });
      const list = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/.exec(url.pathname);
      const one = /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/.exec(url.pathname);
      const view = (c: FakeComment, issue: number) => ({
        ...c,
        html_url: `https://github.example/${list?.[1] ?? one?.[1]}/${list?.[2] ?? one?.[2]}/pull/${issue}#issuecomment-${c.id}`,
      });
      if (list && req.method === 'GET') {
        const issue = Number(list[3]);
        const all = state.comments.get(issue) ?? [];
        const perPage = Math.min(Number(url.searchParams.get('per_page') ?? 30), 100);
        const page = Number(url.searchParams.get('page') ?? 1);
        const slice = all.slice((page - 1) * perPage, page * perPage);
        const last = Math.max(1, Math.ceil(all.length / perPage));
        const link = (p: number, rel: string) =>
          `<${origin}${url.pathname}?per_page=${perPage}&page=${p}>; rel="${rel}"`;
        const headers: Record<string, string> = {};
        if (page < last) headers.link = [link(page + 1, 'next'), link(last, 'last')].join(', ');
        return send(
          200,
          slice.map((c) => view(c, issue)),
          headers,
        );
      }
      const body = raw ? (JSON.parse(raw) as { body?: string }).body : undefined;
      if (typeof body === 'string' && body.length > 65536)
        return send(422, {
          message: 'Validation Failed',
          errors: [
            {
              resource: 'IssueComment',
              code: 'custom',
              field: 'body',
              message: 'body is too long (maximum is 65536 characters)',
            },
          ],
        });
      if (list && req.method === 'POST') {
        const issue = Number(list[3]);
        const c: FakeComment = {
          id: ++nextId,
          body: body ?? '',
          user: { login: state.identity.login, type: state.identity.type },
        };
        state.comments.set(issue, [...(state.comments.get(issue) ?? []), c]);
        return send(201, view(c, issue));
      }
      if (one && req.method === 'PATCH') {
        for (const [issue, cs] of state.comments) {
          const c = cs.find((x) => x.id === Number(one[3]));
          if (c) {
            c.body = body ?? '';
            return send(200, view(c, issue));
          }
        }
        return send(404, { message: 'Not Found' });
      }
      send(404, { message: 'Not Found' });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  }) as FakeGitHub;
}
