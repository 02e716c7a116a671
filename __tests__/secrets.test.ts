/**
 * No secret leaks on any path, with the runner's debug logging on (ACTIONS_STEP_DEBUG, RUNNER_DEBUG):
 * the action from dist/ downloading from the Uptycs simulator and publishing through OIDC to moto
 * (success, a Failed document, a wrong API secret, a cancel), and the CLI with --debug. Every place a
 * secret could land is read: the log (but the ::add-mask:: commands the runner consumes), the job
 * summary, the step outputs, GITHUB_ENV, and every file under RUNNER_TEMP and output-dir.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startFakeSsm, type FakeSsm } from '../scripts/local-aws/fake-ssm.js';
import { isolateAwsEnv, motoAvailable, startMoto, type Moto } from '../scripts/local-aws/moto.js';
import { closeServer } from './helpers/deadline.js';
import { NODE, ROOT, runAction, shownLines } from './helpers/runner.js';
import { startSimulator, type Simulator } from './sim/uptycs-simulator.js';

const ORIGINAL = path.join(ROOT, '__tests__/fixtures/uptycs-agent-mapping.original.json');
const ROLE = 'arn:aws:iam::123456789012:role/publisher';
const REQUEST_TOKEN = 'runner-request-token-9a1d3c5e7f';
const ID_TOKEN =
  'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOm9yZy9zZWNyZXRzIn0.c2lnbmF0dXJlLW9mLXNlY3JldHMtdGVzdA';
const AMBIENT_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

/** Every file under a folder (recursively), as bytes. */
function filesUnder(dir: string): { file: string; bytes: Buffer }[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.flatMap((n) => {
    const p = path.join(dir, n);
    const st = statSync(p);
    return st.isDirectory() ? filesUnder(p) : st.isFile() ? [{ file: p, bytes: readFileSync(p) }] : [];
  });
}

describe(
  'secrets stay secret on every path, with debug logging on',
  { skip: !motoAvailable() && 'moto_server is not installed' },
  () => {
    let sim: Simulator;
    let moto: Moto;
    let fake: FakeSsm;
    let oidc: Server;
    let oidcUrl: string;
    let work: string;
    let caFile: string;
    let n = 0;

    before(async () => {
      isolateAwsEnv();
      sim = await startSimulator({ prebuild: ['5.10.1.3'], prebuildSensor: false, paddingBytes: 5_000 });
      moto = await startMoto();
      fake = await startFakeSsm(moto.url);
      work = mkdtempSync(path.join(tmpdir(), 'udist-secrets-'));
      caFile = path.join(work, 'ca.pem');
      writeFileSync(caFile, sim.ca);
      oidc = createServer((req, res) => {
        if (req.headers.authorization !== `Bearer ${REQUEST_TOKEN}`) return void res.writeHead(401).end();
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ value: ID_TOKEN }));
      });
      await new Promise<void>((r) => oidc.listen(0, '127.0.0.1', r));
      const addr = oidc.address();
      oidcUrl = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/token?api-version=2.0`;
    });
    after(async () => {
      await closeServer(oidc); // undefined when a before hook failed early: never wait for it
      await fake?.stop();
      await moto?.stop();
      await sim?.close();
      if (work) rmSync(work, { recursive: true, force: true });
    });
    beforeEach(async () => {
      await moto.reset();
      fake.reset();
      sim.reset();
    });

    /** The secrets of a run: the key file's, every JWT the simulator saw, the OIDC tokens, and what the run masked. */
    const secrets = (stdout: string, extra: string[] = []) => [
      sim.key,
      sim.secret,
      ...sim.tokens,
      ID_TOKEN,
      REQUEST_TOKEN,
      AMBIENT_SECRET,
      ...extra,
      ...stdout
        .split('\n')
        .filter((l) => l.startsWith('::add-mask::'))
        .map((l) => l.slice('::add-mask::'.length))
        .filter((s) => s.length >= 8),
    ];

    function assertNoLeak(where: Record<string, string | Buffer>, list: string[]): void {
      for (const [name, text] of Object.entries(where))
        for (const s of list)
          assert.ok(
            !(typeof text === 'string' ? text.includes(s) : text.includes(Buffer.from(s))),
            `${name} holds a secret (${s.slice(0, 4)}…)`,
          );
    }

    async function actionRun(inputs: Record<string, string>, key = sim.keyFile()) {
      const ws = path.join(work, `ws${++n}`);
      const envFile = path.join(ws, 'github-env');
      mkdirSync(ws, { recursive: true });
      writeFileSync(envFile, '');
      const r = await runAction(
        ws,
        {
          config: key,
          'uptycs-api-url': sim.url,
          mapping: ORIGINAL,
          'role-to-assume': ROLE,
          'aws-region': 'us-east-1',
          ...inputs,
        },
        {
          NODE_EXTRA_CA_CERTS: caFile,
          ACTIONS_STEP_DEBUG: 'true',
          RUNNER_DEBUG: '1',
          GITHUB_ENV: envFile,
          AWS_ENDPOINT_URL: moto.url,
          AWS_ENDPOINT_URL_SSM: fake.url,
          AWS_EC2_METADATA_DISABLED: 'true',
          AWS_CONFIG_FILE: '/dev/null',
          AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
          ACTIONS_ID_TOKEN_REQUEST_URL: oidcUrl,
          ACTIONS_ID_TOKEN_REQUEST_TOKEN: REQUEST_TOKEN,
        },
      );
      const places: Record<string, string | Buffer> = {
        log: shownLines(r.stdout).join('\n'),
        summary: r.summary,
        outputs: JSON.stringify(r.outputs),
        GITHUB_ENV: readFileSync(envFile, 'utf8'),
      };
      for (const f of filesUnder(path.join(ws, 'runner-temp'))) places[f.file] = f.bytes;
      if (r.outputs['output-dir'])
        for (const f of filesUnder(r.outputs['output-dir'])) places[f.file] = f.bytes;
      return { r, places };
    }

    it('the action downloads and publishes: debug lines appear, no secret does', async () => {
      const { r, places } = await actionRun({});
      assert.equal(r.status, 0, r.stdout);
      assert.match(r.stdout, /::debug::/, 'debug logging is on');
      assert.ok(r.stdout.includes(`::add-mask::${sim.secret}`));
      assert.ok(r.stdout.includes(`::add-mask::${ID_TOKEN}`));
      assert.ok(
        Object.keys(places).some((k) => k.endsWith('.zip')),
        'the package files were read too',
      );
      assertNoLeak(places, secrets(r.stdout));
    });

    it('a document that Failed, and a wrong API secret: the errors hold no secret either', async () => {
      fake.distributor({ creatingPolls: 1, outcome: 'Failed', statusInformation: 'access denied' });
      const failed = await actionRun({});
      assert.notEqual(failed.r.status, 0);
      assertNoLeak(failed.places, secrets(failed.r.stdout));

      const key = JSON.parse(sim.keyFile()) as Record<string, string>;
      key.secret = 'wrong-secret-0123456789abcdef';
      const wrong = await actionRun({}, JSON.stringify(key));
      assert.notEqual(wrong.r.status, 0);
      assertNoLeak(wrong.places, secrets(wrong.r.stdout, [key.secret]));
    });

    it('the CLI with --debug, publishing with ambient credentials, cancelled while publishing and while downloading: no secret on stdout or stderr', async () => {
      const out = path.join(work, 'cli-out');
      const args = [
        path.join(ROOT, 'dist/cli/index.js'),
        '--debug',
        '-c',
        sim.keyFile(),
        '--uptycs-api-url',
        sim.url,
        '--mapping',
        ORIGINAL,
        '--output-dir',
        out,
      ];
      const env = {
        PATH: process.env.PATH,
        HOME: path.join(work, 'home'),
        NODE_EXTRA_CA_CERTS: caFile,
        AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
        AWS_SECRET_ACCESS_KEY: AMBIENT_SECRET,
        AWS_ENDPOINT_URL: moto.url,
        AWS_ENDPOINT_URL_SSM: fake.url,
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_CONFIG_FILE: '/dev/null',
        AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      };
      const run = (signalOn?: RegExp, more: string[] = []) =>
        new Promise<{ status: number | null; text: string }>((resolve) => {
          const child = spawn(NODE, [...args, ...more], { cwd: work, env });
          let text = '';
          const take = (c: Buffer) => {
            text += c.toString();
            if (signalOn?.test(text)) {
              signalOn = undefined;
              child.kill('SIGINT');
            }
          };
          child.stdout.on('data', take);
          child.stderr.on('data', take);
          child.on('close', (status) => resolve({ status, text }));
        });
      const ok = await run();
      assert.equal(ok.status, 0, ok.text);
      assert.match(ok.text, /debug: /);
      const places: Record<string, string | Buffer> = { output: ok.text };
      for (const f of filesUnder(out)) places[f.file] = f.bytes;
      for (const f of filesUnder(env.HOME)) places[f.file] = f.bytes;
      assertNoLeak(places, secrets(''));

      // The version is published now: verify downloads, builds and publishes again (a skip would not).
      // (the region's first line once the package is built: the publish stage is under way)
      const cancelled = await run(/\[us-east-1\] publishing /, ['--if-published', 'verify']);
      assert.equal(cancelled.status, 130, cancelled.text);
      assertNoLeak({ output: cancelled.text }, secrets(''));

      // Cancelled while a download stalls: exits at once (130), no package folder, nothing leaked.
      rmSync(out, { recursive: true, force: true });
      rmSync(env.HOME, { recursive: true, force: true });
      sim.setFault('stall', { times: 100 });
      const stalled = await run(/Downloading \d+ installer/, ['--if-published', 'verify']);
      sim.setFault(undefined);
      assert.equal(stalled.status, 130, stalled.text);
      assert.match(stalled.text, /cancelled \(SIGINT\)/);
      assert.ok(
        !readdirSync(work).some((f) => f.startsWith('cli-out')),
        'no output-dir, no .partial-* folder',
      );
      assertNoLeak({ output: stalled.text }, secrets(''));
    });
  },
);
