/**
 * A local AWS, part 1: runs moto_server (python moto, `pip install 'moto[server]'`) on 127.0.0.1 on a
 * free port, and stops it. Used by the tests (start once per file, reset between tests, always stop at
 * the end), by `npm run demo -- --publish` and by the publish benchmark. Also offers the few IAM calls
 * the policy tests need (moto's query API, unsigned: moto only checks signatures once IAM
 * authorization is switched on). What moto lacks for Distributor is added by ./fake-ssm.ts; see
 * ./README.md.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export interface Moto {
  url: string;
  port: number;
  /** moto_server's process id (the benches read its CPU time). */
  pid?: number;
  /** POST /moto-api/reset: forgets every bucket, document, role... */
  reset(): Promise<void>;
  stop(): Promise<void>;
  /** Runs an IAM query API action; returns the XML response. */
  iam(params: Record<string, string>): Promise<string>;
  /**
   * Switches moto's IAM authorization on after `freeActions` more requests (0 = now), or off (Infinity).
   * With it on, every request must be signed by a known principal and be allowed by its policies.
   */
  setAuth(freeActions: number): Promise<void>;
}

/** Whether moto_server is on PATH (it answers --help). */
export function motoOnPath(env: NodeJS.ProcessEnv = process.env): boolean {
  const r = spawnSync('moto_server', ['--help'], { stdio: 'ignore', env });
  return !r.error && r.status === 0;
}

/** Whether moto_server is on PATH. Without it the integration tests skip, except on CI where they fail. */
export function motoAvailable(): boolean {
  if (!motoOnPath()) {
    if (process.env.CI)
      throw new Error(
        'moto_server is not installed but CI is set: install it with pip install "moto[server]" (the AWS publishing tests need it)',
      );
    return false;
  }
  return true;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/** Fake credentials and no real AWS configuration: nothing can reach AWS by accident. */
export function isolateAwsEnv(): void {
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  });
  for (const k of [
    'AWS_PROFILE',
    'AWS_SESSION_TOKEN',
    'AWS_ROLE_ARN',
    'AWS_WEB_IDENTITY_TOKEN_FILE',
    'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  ])
    delete process.env[k];
}

export async function startMoto(): Promise<Moto> {
  isolateAwsEnv();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, MOTO_PORT: String(port) },
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.on('exit', killOnExit);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async () => {
    process.off('exit', killOnExit);
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
  };

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`moto_server exited (${child.exitCode}): ${stderr}`);
    try {
      const r = await fetch(`${url}/moto-api/reset`, { method: 'POST' });
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`moto_server did not answer on ${url} within 30 s: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  return {
    url,
    port,
    pid: child.pid,
    async reset() {
      const r = await fetch(`${url}/moto-api/reset`, { method: 'POST' });
      if (!r.ok) throw new Error(`moto reset failed: HTTP ${r.status}`);
    },
    stop,
    async iam(params) {
      const r = await fetch(`${url}/`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          // moto routes by the credential scope's service; the signature is not checked with auth off.
          authorization:
            'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0',
        },
        body: new URLSearchParams({ Version: '2010-05-08', ...params }),
      });
      const text = await r.text();
      if (!r.ok) throw new Error(`IAM ${params.Action} failed: HTTP ${r.status} ${text}`);
      return text;
    },
    async setAuth(freeActions) {
      const r = await fetch(`${url}/moto-api/reset-auth`, {
        method: 'POST',
        body: Number.isFinite(freeActions) ? String(freeActions) : 'inf',
      });
      if (!r.ok) throw new Error(`moto reset-auth failed: HTTP ${r.status}`);
    },
  };
}
