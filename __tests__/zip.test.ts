import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, it } from 'node:test';
import { Hasher } from '../src/common/hash.js';
import { writeZip } from '../src/package/zip.js';
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
