/**
 * Build once, publish everywhere, end to end from dist/ as the runner runs it: the Uptycs simulator
 * (HTTPS, trusted through NODE_EXTRA_CA_CERTS), a GitHub OIDC token endpoint, and STS, S3 and SSM on
 * 127.0.0.1 (moto_server, with the Distributor double in front of moto's SSM).
 *  - The hand-off: a dry-run build writes a folder; a second run publishes that folder with package-dir,
 *    making no Uptycs call; the folder with one byte changed, a zip removed or an extra file is refused
 *    before any AWS call, with nothing published.
 *  - Nothing to do costs nothing: a second scheduled-style run of a published version makes no download
 *    request, builds nothing, exits 0 and sets the same outputs as the first.
 */
import assert from 'node:assert/strict';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { GetObjectCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { startFakeSsm, type FakeSsm } from '../scripts/local-aws/fake-ssm.js';
import { isolateAwsEnv, motoAvailable, startMoto, type Moto } from '../scripts/local-aws/moto.js';
import { closeServer } from './helpers/deadline.js';
import { ROOT, runAction, type ActionRun } from './helpers/runner.js';
import { startSimulator, type Simulator } from './sim/uptycs-simulator.js';

const ORIGINAL = path.join(ROOT, '__tests__/fixtures/uptycs-agent-mapping.original.json');
const ROLE = 'arn:aws:iam::123456789012:role/publisher';
const REQUEST_TOKEN = 'runner-request-token-7a1c';
const ID_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOm9yZy9yZXBvIn0.aGFuZG9mZi10b2tlbg';
const NEWEST = '5.10.1.3';
const BUCKET = 'uptycs-distributor-123456789012-us-east-1';

describe(
  'build once, publish everywhere (the action from dist/)',
  { skip: !motoAvailable() && 'moto_server is not installed' },
  () => {
    let work: string;
    let ws: string;
    let caFile: string;
    let sim: Simulator;
    let moto: Moto;
    let fake: FakeSsm;
    let oidc: Server;
    let oidcUrl: string;
    let oidcCalls = 0;

    before(async () => {
      isolateAwsEnv();
      work = mkdtempSync(path.join(tmpdir(), 'udist-handoff-e2e-'));
      ws = path.join(work, 'ws');
      sim = await startSimulator({ prebuild: [NEWEST], prebuildSensor: false, paddingBytes: 20_000 });
      caFile = path.join(work, 'ca.pem');
      writeFileSync(caFile, sim.ca);
      moto = await startMoto();
      fake = await startFakeSsm(moto.url);
      oidc = createServer((req, res) => {
        oidcCalls++;
        if (req.headers.authorization !== `Bearer ${REQUEST_TOKEN}`) {
          res.writeHead(401).end();
          return;
        }
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
      rmSync(work, { recursive: true, force: true });
    });
    beforeEach(async () => {
      await moto.reset();
      fake.reset();
      sim.reset();
      oidcCalls = 0;
      fake.distributor({ creatingPolls: 1, outcome: 'Active' });
    });

    const act = (inputs: Record<string, string>) =>
      runAction(ws, inputs, {
        NODE_EXTRA_CA_CERTS: caFile,
        AWS_ENDPOINT_URL: moto.url,
        AWS_ENDPOINT_URL_SSM: fake.url,
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_CONFIG_FILE: '/dev/null',
        AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
        ACTIONS_ID_TOKEN_REQUEST_URL: oidcUrl,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: REQUEST_TOKEN,
      });
    const aws = { 'role-to-assume': ROLE, 'aws-region': 'us-east-1' };
    const uptycs = () => ({
      config: sim.keyFile(),
      'uptycs-api-url': sim.url,
      mapping: ORIGINAL,
      cache: 'false',
    });
    const s3 = () =>
      new S3Client({
        region: 'us-east-1',
        endpoint: moto.url,
        forcePathStyle: true,
        credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'x' },
      });
    const buckets = async () => {
      const c = s3();
      try {
        return ((await c.send(new ListBucketsCommand({}))).Buckets ?? []).map((b) => b.Name);
      } finally {
        c.destroy();
      }
    };
    const errors = (r: ActionRun) => r.stdout.split('\n').filter((l) => l.startsWith('::error'));

    it('a built folder is published by a second run with package-dir, with no Uptycs call; a changed one is refused', async () => {
      const build = await act({ ...uptycs(), 'dry-run': 'true', 'output-dir': 'built' });
      assert.equal(build.status, 0, build.stdout);
      assert.equal(sim.requests.packageDownloads, 5);
      const built = build.outputs['output-dir']!;
      assert.equal(built, path.join(ws, 'built'));
      const zips = readdirSync(built).filter((n) => n.endsWith('.zip'));
      assert.equal(zips.length, 5);
      sim.reset();

      // Changed in three ways: each refused before any AWS call, nothing published.
      const changes: [string, (dir: string) => void, RegExp][] = [
        [
          'byte',
          (d) => {
            const f = path.join(d, zips[0]!);
            const b = readFileSync(f);
            b[b.length >> 1]! ^= 1;
            writeFileSync(f, b);
          },
          /has SHA-256 [0-9a-f]{64}, but manifest\.json states/,
        ],
        ['removed', (d) => unlinkSync(path.join(d, zips[1]!)), /is missing \(manifest\.json names it\)/],
        [
          'extra',
          (d) => writeFileSync(path.join(d, 'extra.zip'), 'PK'),
          /extra\.zip is not part of the package/,
        ],
      ];
      for (const [name, change, why] of changes) {
        const dir = path.join(ws, `changed-${name}`);
        cpSync(built, dir, { recursive: true });
        change(dir);
        const r = await act({ 'package-dir': `changed-${name}`, ...aws });
        assert.equal(r.status, 1, `${name}: ${r.stdout}`);
        const errs = errors(r);
        assert.equal(errs.length, 1, `${name}: one clear error\n${errs.join('\n')}`);
        assert.match(
          errs[0]!,
          /input "package-dir": .*changed-.* is not a complete, unchanged package folder/,
        );
        assert.match(r.stdout, why);
        assert.equal(oidcCalls, 0, `${name}: no token was even asked for`);
        assert.equal(fake.calls.length, 0, `${name}: no SSM call`);
        assert.deepEqual(await buckets(), [], `${name}: nothing in S3`);
      }

      // As built: published, with no Uptycs call at all.
      const pub = await act({ 'package-dir': 'built', ...aws });
      assert.equal(pub.status, 0, pub.stdout);
      assert.equal(sim.requests.total, 0, 'no Uptycs call');
      assert.equal(pub.outputs['document-version'], '1');
      assert.equal(pub.outputs['package-version'], NEWEST);
      assert.equal(pub.outputs['s3-uri'], `s3://${BUCKET}/uptycs/UptycsAgent/${NEWEST}`);
      assert.match(pub.stdout, /every SHA-256 as stated, nothing extra, report\.json from the same build/);
      const c = s3();
      try {
        for (const z of zips) {
          const o = await c.send(
            new GetObjectCommand({ Bucket: BUCKET, Key: `uptycs/UptycsAgent/${NEWEST}/${z}` }),
          );
          assert.ok(
            Buffer.from(await o.Body!.transformToByteArray()).equals(readFileSync(path.join(built, z))),
            z,
          );
        }
      } finally {
        c.destroy();
      }
    });

    it('a second scheduled run of a published version downloads nothing, builds nothing, exits 0 with the same outputs', async () => {
      // check-only before anything is published: says so, downloads nothing, changes nothing.
      const before = await act({ ...uptycs(), ...aws, 'check-only': 'true' });
      assert.equal(before.status, 0, before.stdout);
      assert.equal(before.outputs['already-published'], 'false');
      assert.equal(before.outputs['agent-version'], NEWEST);
      assert.equal(before.outputs['package-version'], NEWEST);
      assert.equal(sim.requests.packageDownloads, 0);
      assert.equal(
        fake.calls.filter(
          (c) =>
            !/^(ListDocumentVersions|GetDocument|DescribeDocument|DescribeDocumentPermission)$/.test(
              c.action,
            ),
        ).length,
        0,
      );
      sim.reset();

      const first = await act({ ...uptycs(), ...aws });
      assert.equal(first.status, 0, first.stdout);
      assert.equal(sim.requests.packageDownloads, 5);
      assert.equal(first.outputs['already-published'], 'false');
      assert.equal(first.outputs['agent-version'], NEWEST);
      sim.reset();
      fake.reset();

      const second = await act({ ...uptycs(), ...aws });
      assert.equal(second.status, 0, second.stdout);
      assert.equal(sim.requests.packageDownloads, 0, 'no download request');
      assert.equal(sim.requests.objectGroups, 0);
      assert.equal(sim.requests.osqueryPackages, 1, 'the version is discovered, once');
      assert.equal(sim.downloads.length, 0);
      assert.doesNotMatch(second.stdout, /::group::(Agents|Package)/, 'nothing downloaded or built');
      // The default, the sharing and the versions kept still follow the inputs: read in the check,
      // all as asked, so no publish stage and no further call.
      assert.match(
        second.stdout,
        /checked arn:aws:ssm:us-east-1:123456789012:document\/UptycsAgent: 5\.10\.1\.3 is published as document version 1 \(Active, default\); default version, sharing and versions kept as asked/,
      );
      assert.doesNotMatch(second.stdout, /::group::Publish/);
      assert.deepEqual(
        [...new Set(fake.calls.map((c) => c.action))].sort(),
        ['DescribeDocumentPermission', 'GetDocument', 'ListDocumentVersions'],
        'one read of each, made at once',
      );
      assert.equal(fake.calls.length, 3, 'one call of each');
      assert.match(second.stdout, /nothing to download or build/);
      for (const a of [
        'CreateDocument',
        'UpdateDocument',
        'UpdateDocumentDefaultVersion',
        'ModifyDocumentPermission',
      ])
        assert.equal(fake.count(a), 0, `${a}: read-only`);
      for (const k of [
        'package-name',
        'package-version',
        'document-name',
        'document-version',
        'document-arn',
        's3-uri',
      ])
        assert.equal(second.outputs[k], first.outputs[k], k);
      assert.equal(second.outputs['already-published'], 'true');
      assert.equal(second.outputs['agent-version'], NEWEST);
      const out = second.outputs['output-dir']!;
      assert.deepEqual(
        readdirSync(out)
          .filter((n) => !n.startsWith('.'))
          .sort(),
        ['manifest.json', 'report.json'],
        'no zip was built',
      );
      assert.deepEqual(
        JSON.parse(readFileSync(second.outputs.manifest!, 'utf8')),
        JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')),
      );
      assert.equal(JSON.parse(readFileSync(second.outputs.manifest!, 'utf8')).version, NEWEST);
      assert.match(second.summary, /already published/);
      const after = await act({ ...uptycs(), ...aws, 'check-only': 'true' });
      assert.equal(after.status, 0, after.stdout);
      assert.equal(after.outputs['already-published'], 'true');
      assert.equal(after.outputs['document-version'], first.outputs['document-version']);
      assert.ok(existsSync(second.outputs.report!));

      // if-published: verify rebuilds and compares (today's behaviour), downloading again.
      sim.reset();
      const verify = await act({ ...uptycs(), ...aws, 'if-published': 'verify' });
      assert.equal(verify.status, 0, verify.stdout);
      assert.equal(sim.requests.packageDownloads, 5);
      assert.equal(verify.outputs['document-version'], first.outputs['document-version']);
      assert.match(verify.stdout, /already published \(document version 1, same manifest\)/);
    });
  },
);
