/**
 * Built packages and inputs for the publish tests: zips of random bytes on disk (content does not
 * matter to S3 and SSM), a schema 2.0 manifest naming them with their SHA-256, and complete Inputs.
 */
import { createCipheriv, createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Inputs } from '../../src/inputs/index.js';
import { textLog, type Log } from '../../src/common/log.js';
import type { BuiltPackage, Manifest, PackageFile } from '../../src/package/types.js';

const dirs: string[] = [];

/** Removes every folder the fixtures made. */
export function cleanupFixtures(): void {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

export interface FixtureOptions {
  packageName?: string;
  /** Size of each zip, in bytes. */
  sizes?: number[];
  /** Changes the bytes (and so the SHA-256) of every zip. */
  salt?: string;
  description?: string;
}

/** A package with one zip per size (default: two small ones). */
export function makePackage(version: string, o: FixtureOptions = {}): BuiltPackage {
  const dir = mkdtempSync(path.join(tmpdir(), 'udist-pub-'));
  dirs.push(dir);
  const packageName = o.packageName ?? 'UptycsAgent';
  const sizes = o.sizes ?? [3000, 5000];
  const targets = [
    ['amazon', '2023', 'x86_64'],
    ['ubuntu', '22.04', 'arm64'],
    ['windows', '_any', 'x86_64'],
    ['redhat', '9', 'x86_64'],
  ];
  const files: PackageFile[] = sizes.map((size, i) => {
    const name = `UPT_TEST_${i}-${version}.zip`;
    const file = path.join(dir, name);
    const seed = createHash('sha256')
      .update(`${o.salt ?? ''}/${version}/${i}`)
      .digest();
    // Deterministic, incompressible bytes: the same version and salt always give the same zip.
    const data = createCipheriv('aes-256-ctr', seed, Buffer.alloc(16)).update(Buffer.alloc(size));
    writeFileSync(file, data);
    return {
      name,
      path: file,
      sha256: createHash('sha256').update(data).digest('hex'),
      size,
      installerName: `installer-${i}`,
      installerType: 'rpm',
      installerSize: size,
      entries: [],
    };
  });
  const packages: Manifest['packages'] = {};
  files.forEach((f, i) => {
    const [platform, v, arch] = targets[i % targets.length]!;
    ((packages[platform!] ??= {})[v!] ??= {})[arch!] = { file: f.name };
  });
  const manifest: Manifest = {
    schemaVersion: '2.0',
    version,
    publisher: 'Uptycs',
    description: o.description ?? 'test package',
    packages,
    files: Object.fromEntries(files.map((f) => [f.name, { checksums: { sha256: f.sha256 } }])),
  };
  const manifestText = `${JSON.stringify(manifest, null, 2)}\n`;
  const manifestPath = path.join(dir, 'manifest.json');
  writeFileSync(manifestPath, manifestText);
  return { packageName, version, dir, manifestPath, manifestText, manifest, files };
}

export function makeInputs(over: Partial<Inputs> = {}): Inputs {
  return {
    config: '',
    s3Bucket: '',
    packageName: 'UptycsAgent',
    awsRegions: ['us-east-1'],
    packageVersion: '',
    download: false,
    sensorOnly: false,
    mapping: '',
    agentsDir: '',
    outputDir: '',
    dryRun: false,
    uptycsApiUrl: '',
    assetGroup: 'assets',
    roleToAssume: '',
    roleSessionName: 'uptycs-distributor',
    roleDurationSeconds: 3600,
    s3Prefix: 'uptycs/{package-name}/{version}/',
    maxVersions: 25,
    setDefaultVersion: true,
    shareWithAccounts: [],
    rolloutPlan: '',
    cache: 'auto',
    allowPublicSharing: false,
    replaceOutputDir: false,
    mode: 'publish',
    compareTo: '',
    allowNewFailures: false,
    prComment: 'false',
    githubToken: '',
    packageDir: '',
    packageDigest: '',
    versionName: '',
    ifPublished: 'skip',
    checkOnly: false,
    ...over,
  };
}

/** A Log that keeps its lines (and masks secrets, like the real ones). */
export function memoryLog(): Log & { lines: string[]; text(): string } {
  const lines: string[] = [];
  const log = textLog((l) => lines.push(l), { debug: true });
  return Object.assign(log, { lines, text: () => lines.join('\n') });
}

/** Fast polling and retries for tests. */
export const FAST = {
  pollIntervalMs: 5,
  maxPollIntervalMs: 20,
  activeTimeoutMs: 5000,
  retryBaseMs: 5,
};
