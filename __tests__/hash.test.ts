import assert from 'node:assert/strict';
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
