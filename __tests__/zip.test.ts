import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { after, it } from 'node:test';
import { Hasher } from '../src/common/hash.js';
import { writeZip, ZIP_EPOCH, type ZipSource } from '../src/package/zip.js';
import { readZip } from './helpers/zipread.js';

const work = mkdtempSync(path.join(tmpdir(), 'udist-zip-'));
after(() => rmSync(work, { recursive: true, force: true }));
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

it('streams a multi-chunk installer through reused buffers with every byte intact, hashed on or off the thread', async () => {
  // 5.5 MiB and an odd tail: several pooled 1 MiB chunks are read, written, given back and refilled.
  const data = randomBytes(5.5 * 1024 * 1024 + 123);
  const installer = path.join(work, 'agent.rpm');
  writeFileSync(installer, data);
  const sources = [
    { name: 'install.sh', content: 'echo install\n', mode: 0o755 },
    { name: 'agent.rpm', file: installer, mode: 0o644 },
  ];
  const hasher = new Hasher();
  try {
    const a = await writeZip(path.join(work, 'a.zip'), sources, { hasher });
    const b = await writeZip(path.join(work, 'b.zip'), sources);
    const bytesA = readFileSync(path.join(work, 'a.zip'));
    assert.ok(bytesA.equals(readFileSync(path.join(work, 'b.zip'))), 'the same zip either way');
    assert.equal(a.sha256, sha(bytesA));
    assert.equal(b.sha256, a.sha256);
    assert.equal(a.size, bytesA.length);
    const z = readZip(path.join(work, 'a.zip'));
    assert.deepEqual(
      z.entries.map((e) => e.name),
      ['agent.rpm', 'install.sh'],
    );
    assert.ok(z.data('agent.rpm').equals(data), 'installer bytes intact');
    assert.equal(z.entries[0]!.size, data.length);
  } finally {
    await hasher.close();
  }
});

it('a missing installer fails the zip with the file named, and leaves no hash running', async () => {
  const hasher = new Hasher();
  try {
    await assert.rejects(
      writeZip(
        path.join(work, 'c.zip'),
        [{ name: 'x.rpm', file: path.join(work, 'missing.rpm'), mode: 0o644 }],
        { hasher },
      ),
      /missing\.rpm/,
    );
  } finally {
    await hasher.close();
  }
});

/** The zip archiver 7 wrote for the same sources, as this project's builds did before its own writer. */
async function archiverZip(out: string, sources: ZipSource[]): Promise<Buffer> {
  const { default: archiver } = await import('archiver');
  const archive = archiver('zip', { store: true, forceZip64: false });
  const sorted = [...sources].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const s of sorted) {
    const data = { name: s.name, date: ZIP_EPOCH, mode: s.mode, store: true };
    if ('file' in s) archive.append(createReadStream(s.file), data);
    else archive.append(Buffer.from(s.content, 'utf8'), data);
  }
  await Promise.all([archive.finalize(), pipeline(archive, createWriteStream(out))]);
  return readFileSync(out);
}

it('writes, byte for byte, the zip archiver wrote: a version built before keeps its SHA-256', async () => {
  const file = (name: string, bytes: Buffer) => {
    const p = path.join(work, name);
    writeFileSync(p, bytes);
    return p;
  };
  const cases: Record<string, ZipSource[]> = {
    'a package: installer and scripts': [
      { name: 'install.sh', content: '#!/bin/sh\nset -eu\necho install\n', mode: 0o755 },
      { name: 'uninstall.sh', content: '#!/bin/sh\necho uninstall\n', mode: 0o755 },
      {
        name: 'osquery-5.10.1.3-Uptycs.x86_64.rpm',
        file: file('i1.rpm', randomBytes(3 * 1024 * 1024 + 7)),
        mode: 0o644,
      },
    ],
    'Windows scripts and an .msi': [
      { name: 'install.ps1', content: "$ErrorActionPreference = 'Stop'\r\n", mode: 0o755 },
      { name: 'uninstall.ps1', content: 'exit 0\r\n', mode: 0o755 },
      { name: 'uptycs-protect-5.10.1.3.msi', file: file('i2.msi', randomBytes(256 * 1024)), mode: 0o644 },
    ],
    'an empty script, an empty installer, two installers': [
      { name: 'a.sh', content: '', mode: 0o755 },
      { name: 'b.deb', file: file('empty.deb', Buffer.alloc(0)), mode: 0o644 },
      { name: 'c+d_e-1.0.deb', file: file('i3.deb', randomBytes(1)), mode: 0o600 },
      { name: 'Z.sh', content: 'echo é\n', mode: 0o700 },
    ],
  };
  for (const [what, sources] of Object.entries(cases)) {
    const ours = path.join(work, 'ours.zip');
    const r = await writeZip(ours, sources);
    const theirs = await archiverZip(path.join(work, 'theirs.zip'), sources);
    const bytes = readFileSync(ours);
    assert.ok(
      bytes.equals(theirs),
      `${what}: the same bytes as archiver's (${bytes.length} and ${theirs.length})`,
    );
    assert.equal(r.sha256, sha(theirs), what);
    assert.equal(r.size, theirs.length, what);
    const z = readZip(ours);
    for (const s of sources)
      assert.ok(
        z.data(s.name).equals('file' in s ? readFileSync(s.file) : Buffer.from(s.content, 'utf8')),
        `${what}: ${s.name} reads back`,
      );
  }
});

it('refuses an entry name the scripts could not quote, before writing anything', async () => {
  for (const name of ['', 'a/b.rpm', 'a\\b.rpm', 'C:agent.rpm', '../x.rpm', 'é.rpm', '-x.rpm', 'a b.rpm']) {
    const out = path.join(work, 'bad.zip');
    await assert.rejects(
      writeZip(out, [{ name, content: 'x', mode: 0o644 }]),
      /zip entries must be flat names/,
      name,
    );
    assert.equal(existsSync(out), false, `${JSON.stringify(name)}: no zip written`);
  }
});

it('a failure while writing closes every installer it opened', async () => {
  const a = path.join(work, 'fa.rpm');
  const b = path.join(work, 'fb.rpm');
  writeFileSync(a, randomBytes(1024));
  writeFileSync(b, randomBytes(1024));
  const before = readdirSync('/proc/self/fd').length;
  // the output's folder does not exist: the writer fails to open it while the installers are open
  await assert.rejects(
    writeZip(path.join(work, 'no-such-dir', 'x.zip'), [
      { name: 'a.rpm', file: a, mode: 0o644 },
      { name: 'b.rpm', file: b, mode: 0o644 },
    ]),
    /ENOENT/,
  );
  assert.equal(readdirSync('/proc/self/fd').length, before, 'no file descriptor left open');
});
