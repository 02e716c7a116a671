// The floor the build is measured against: read + SHA-256 + write of each file, two at a time, streamed.
// Usage: node bench-floor.mjs OUT_DIR FILE...
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

const [outDir, ...files] = process.argv.slice(2);
let next = 0;
async function worker() {
  while (next < files.length) {
    const i = next++;
    const hash = createHash('sha256');
    const tap = new Transform({
      transform(chunk, _enc, cb) {
        hash.update(chunk);
        cb(null, chunk);
      },
    });
    await pipeline(
      createReadStream(files[i], { highWaterMark: 1 << 20 }),
      tap,
      createWriteStream(path.join(outDir, `${i}-${path.basename(files[i])}`), { highWaterMark: 1 << 20 }),
    );
    hash.digest('hex');
  }
}
await Promise.all([worker(), worker()]);
