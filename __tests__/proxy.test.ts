/**
 * Proxies (issue 31): with HTTPS_PROXY / HTTP_PROXY in the environment, the Uptycs client and the AWS SDK
 * both go through the proxy (a loopback proxy here, that tunnels CONNECT and forwards plain requests, and
 * records what it carried); NO_PROXY sends the named hosts direct. Before, the AWS SDK ignored the
 * variables, and the Uptycs client honoured them only with NODE_USE_ENV_PROXY=1.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startFakeSsm, type FakeSsm } from '../scripts/local-aws/fake-ssm.js';
import { isolateAwsEnv, motoAvailable, startMoto, type Moto } from '../scripts/local-aws/moto.js';
import { closeServer } from './helpers/deadline.js';
import { NODE, ROOT } from './helpers/runner.js';
import { startSimulator, type Simulator } from './sim/uptycs-simulator.js';

const ORIGINAL = path.join(ROOT, '__tests__/fixtures/uptycs-agent-mapping.original.json');
const VERSION = '5.10.1.3';

/** A forward proxy on 127.0.0.1: CONNECT tunnels (https) and absolute-URI requests (http), recorded. */
async function startProxy() {
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    seen.push(`${req.method} ${new URL(req.url!).host}`);
    const u = new URL(req.url!);
    const up = http.request(
      {
        host: u.hostname,
        port: u.port,
        method: req.method,
        path: u.pathname + u.search,
        headers: req.headers,
      },
      (r) => {
        res.writeHead(r.statusCode!, r.headers);
        r.pipe(res);
      },
    );
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  server.on('connect', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
    seen.push(`CONNECT ${req.url}`);
    const [host, port] = req.url!.split(':');
    const up = net.connect(Number(port), host, () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      up.write(head);
      up.pipe(socket);
      socket.pipe(up);
    });
    up.on('error', () => socket.destroy());
    socket.on('error', () => up.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address() as net.AddressInfo;
  return { url: `http://127.0.0.1:${addr.port}`, seen, server };
}

describe(
  'HTTPS_PROXY, HTTP_PROXY and NO_PROXY for the Uptycs client and the AWS SDK',
  { skip: !motoAvailable() && 'moto_server is not installed' },
  () => {
    const work = mkdtempSync(path.join(tmpdir(), 'udist-proxy-'));
    let sim: Simulator;
    let moto: Moto;
    let fake: FakeSsm;
    let proxy: Awaited<ReturnType<typeof startProxy>>;
    let caFile: string;

    before(async () => {
      isolateAwsEnv();
      sim = await startSimulator({ prebuild: [VERSION], prebuildSensor: false, paddingBytes: 1000 });
      caFile = path.join(work, 'ca.pem');
      writeFileSync(caFile, sim.ca);
      moto = await startMoto();
      fake = await startFakeSsm(moto.url);
      proxy = await startProxy();
    });
    after(async () => {
      await closeServer(proxy?.server);
      await fake?.stop();
      await moto?.stop();
      await sim?.close();
      rmSync(work, { recursive: true, force: true });
    });
    beforeEach(async () => {
      await moto.reset();
      fake.reset();
      sim.reset();
      fake.distributor({ creatingPolls: 0, outcome: 'Active' });
      proxy.seen.length = 0;
    });

    const run = async (env: Record<string, string>, out: string) => {
      const args = [
        '-c',
        sim.keyFile(),
        '--uptycs-api-url',
        sim.url,
        '--mapping',
        ORIGINAL,
        '-r',
        'us-east-1',
      ];
      const child = spawn(
        NODE,
        [
          '--import',
          'tsx',
          path.join(ROOT, 'src/bin.ts'),
          ...args,
          '--cache',
          'false',
          '--output-dir',
          path.join(work, out),
        ],
        {
          cwd: ROOT,
          env: {
            PATH: process.env.PATH,
            HOME: work,
            NODE_EXTRA_CA_CERTS: caFile,
            AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
            AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
            AWS_ENDPOINT_URL: moto.url,
            AWS_ENDPOINT_URL_SSM: fake.url,
            AWS_EC2_METADATA_DISABLED: 'true',
            AWS_CONFIG_FILE: '/dev/null',
            AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
            ...env,
          },
        },
      );
      let err = '';
      child.stderr.on('data', (c: Buffer) => (err += c.toString()));
      child.stdout.on('data', () => {});
      const code = await new Promise<number | null>((r) => child.on('close', r));
      return { code, err };
    };

    it('both go through the proxy the environment names', async () => {
      const r = await run({ HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url }, 'via-proxy');
      assert.equal(r.code, 0, r.err);
      const simHost = new URL(sim.url).host;
      assert.ok(
        proxy.seen.includes(`CONNECT ${simHost}`),
        `the Uptycs API through the proxy: ${proxy.seen.slice(0, 5).join(', ')}`,
      );
      const motoHost = new URL(moto.url).host;
      const ssmHost = new URL(fake.url).host;
      assert.ok(
        proxy.seen.some((s) => s.endsWith(` ${motoHost}`)),
        `S3/STS through the proxy: ${[...new Set(proxy.seen)].join(', ')}`,
      );
      assert.ok(
        proxy.seen.some((s) => s.endsWith(` ${ssmHost}`)),
        'SSM through the proxy',
      );
      assert.ok(sim.requests.packageDownloads > 0);
    });

    it('NO_PROXY sends the named hosts direct', async () => {
      const r = await run(
        { HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1' },
        'no-proxy',
      );
      assert.equal(r.code, 0, r.err);
      assert.deepEqual(proxy.seen, []);
    });
  },
);
