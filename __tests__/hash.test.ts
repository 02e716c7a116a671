import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { it } from 'node:test';
import { Hasher } from '../src/common/hash.js';

it('hashes on a worker thread exactly like createHash, across 1 MiB block boundaries', async () => {
  const hasher = new Hasher();
  try {
    const data = randomBytes(2.5 * 1024 * 1024 + 17);
    const a = hasher.create();
    const b = hasher.create();
    const dropped = hasher.create();
    // irregular chunk sizes, interleaved streams
    for (let off = 0, i = 0; off < data.length; i++) {
      const n = Math.min(data.length - off, [1, 16384, 1 << 20, 777_777, 3][i % 5]!);
      a.update(data.subarray(off, off + n));
      dropped.update(data.subarray(off, off + n));
      off += n;
    }
    b.update(data.subarray(0, 10));
    dropped.drop();
    assert.equal(await a.digest(), createHash('sha256').update(data).digest('hex'));
    assert.equal(await b.digest(), createHash('sha256').update(data.subarray(0, 10)).digest('hex'));
    assert.equal(await hasher.create().digest(), createHash('sha256').digest('hex'));
  } finally {
    await hasher.close();
  }
});

it('the shared Hasher holds the process open only while it owes an answer, even after a dropped stream', async () => {
  // A child that hashes (with the worker behind: more than 4 blocks at once), digests one stream, then
  // drops another mid-way and simply ends: it must exit by itself, with the right digest printed.
  const script = `
    import { createHash } from 'node:crypto';
    import { sharedHasher } from ${JSON.stringify(new URL('../src/common/hash.ts', import.meta.url).href)};
    const h = sharedHasher();
    if (h !== sharedHasher()) throw new Error('two shared hashers');
    const data = Buffer.alloc(9 << 20, 7);
    const kept = h.create();
    const dropped = h.create();
    let waited = 0;
    for (let off = 0; off < data.length; off += 1 << 20) {
      const chunk = data.subarray(off, off + (1 << 20));
      if (kept.update(chunk)) waited++;
      dropped.update(chunk);
    }
    const hex = await kept.digest();
    // then the dropped stream goes on alone, the worker behind again, and is dropped with no digest
    for (let off = 0; off < data.length; off += 1 << 20)
      if (dropped.update(data.subarray(off, off + (1 << 20)))) waited++;
    dropped.drop();
    console.log(JSON.stringify({ ok: hex === createHash('sha256').update(data).digest('hex'), waited }));
  `;
  const out = await new Promise<string>((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      { timeout: 20_000 },
      (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout)),
    );
  });
  const res = JSON.parse(out.trim()) as { ok: boolean; waited: number };
  assert.ok(res.ok, 'the digest of the kept stream');
  assert.ok(res.waited > 0, 'the worker was behind at least once (the case that refs it)');
});
