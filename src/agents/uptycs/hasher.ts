/**
 * SHA-256 of download streams, computed on a worker thread so that hashing does not hold up the
 * event loop that reads the sockets (on CPUs without SHA extensions, SHA-256 runs at ~100 MB/s and
 * would otherwise cap the download rate). Chunks are gathered into ~1 MiB blocks and transferred,
 * not copied again. The worker is inlined (eval) so that bundling needs no extra file.
 */
import { Worker } from 'node:worker_threads';

const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const hashes = new Map();
parentPort.on('message', (m) => {
  if (m.op === 'update') {
    let h = hashes.get(m.id);
    if (!h) hashes.set(m.id, (h = createHash('sha256')));
    h.update(new Uint8Array(m.buf, 0, m.len));
  } else if (m.op === 'digest') {
    const h = hashes.get(m.id) || createHash('sha256');
    hashes.delete(m.id);
    parentPort.postMessage({ id: m.id, hex: h.digest('hex') });
  } else if (m.op === 'drop') {
    hashes.delete(m.id);
  }
});
`;

const BLOCK = 1 << 20;

export interface StreamHash {
  update(chunk: Uint8Array): void;
  /** Resolves with the hex digest of everything given to update. */
  digest(): Promise<string>;
  /** Forgets this hash (after a failed download). */
  drop(): void;
}

export class Hasher {
  private worker: Worker | undefined;
  private next = 0;
  private readonly waiting = new Map<
    number,
    { resolve: (hex: string) => void; reject: (e: Error) => void }
  >();

  private get w(): Worker {
    if (!this.worker) {
      const w = new Worker(WORKER_SOURCE, { eval: true });
      w.unref();
      w.on('message', (m: { id: number; hex: string }) => {
        this.waiting.get(m.id)?.resolve(m.hex);
        this.waiting.delete(m.id);
      });
      w.on('error', (err) => this.failAll(err));
      w.on('exit', (code) => {
        if (this.worker === w) this.worker = undefined;
        if (code !== 0) this.failAll(new Error(`the hashing thread stopped (exit code ${code})`));
      });
      this.worker = w;
    }
    return this.worker;
  }

  private failAll(err: Error): void {
    for (const p of this.waiting.values()) p.reject(err);
    this.waiting.clear();
  }

  create(): StreamHash {
    const id = this.next++;
    // A block owns its ArrayBuffer, which is handed over to the worker (transferred, not copied).
    let block = new Uint8Array(BLOCK);
    let used = 0;
    const flush = () => {
      if (!used) return;
      this.w.postMessage({ op: 'update', id, buf: block.buffer, len: used }, [block.buffer]);
      block = new Uint8Array(BLOCK);
      used = 0;
    };
    return {
      update: (chunk) => {
        let off = 0;
        while (off < chunk.length) {
          const n = Math.min(chunk.length - off, BLOCK - used);
          block.set(chunk.subarray(off, off + n), used);
          used += n;
          off += n;
          if (used === BLOCK) flush();
        }
      },
      digest: () => {
        flush();
        return new Promise<string>((resolve, reject) => {
          this.waiting.set(id, { resolve, reject });
          this.w.ref();
          this.w.postMessage({ op: 'digest', id });
        }).finally(() => {
          if (!this.waiting.size) this.worker?.unref();
        });
      },
      drop: () => {
        used = 0;
        this.worker?.postMessage({ op: 'drop', id });
      },
    };
  }

  /** Stops the worker thread. */
  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    if (w) await w.terminate();
  }
}
