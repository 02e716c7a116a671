/**
 * SHA-256 of streams, computed on a worker thread so that hashing runs on another core than the
 * event loop that reads sockets or builds zips (on CPUs without SHA extensions SHA-256 runs at
 * 100-300 MB/s and would otherwise cap the rate). Chunks are gathered into 1 MiB blocks that are
 * transferred to the worker, not copied again, and handed back to be reused, so hashing makes no
 * garbage. The worker is inlined (eval) so that bundling needs no extra file.
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
    parentPort.postMessage({ op: 'ack', buf: m.buf }, [m.buf]);
  } else if (m.op === 'digest') {
    const h = hashes.get(m.id) || createHash('sha256');
    hashes.delete(m.id);
    parentPort.postMessage({ op: 'digest', id: m.id, hex: h.digest('hex') });
  } else if (m.op === 'drop') {
    hashes.delete(m.id);
  }
});
`;

const BLOCK = 1 << 20;
/** Blocks in flight before update() asks its caller to wait. */
const MAX_IN_FLIGHT = 4;

export interface StreamHash {
  /**
   * Adds bytes. Returns a promise while the worker is behind: a caller that awaits it before the next
   * update keeps memory bounded (a few MiB); one that does not still gets the right digest.
   */
  update(chunk: Uint8Array): Promise<void> | undefined;
  /** Resolves with the hex digest of everything given to update. */
  digest(): Promise<string>;
  /** Forgets this hash (after a failed download). */
  drop(): void;
}

type WorkerMessage = { op: 'ack'; buf: ArrayBuffer } | { op: 'digest'; id: number; hex: string };

export class Hasher {
  private worker: Worker | undefined;
  private next = 0;
  private inFlight = 0;
  private readonly free: ArrayBuffer[] = [];
  private readonly drained: (() => void)[] = [];
  private readonly waiting = new Map<
    number,
    { resolve: (hex: string) => void; reject: (e: Error) => void }
  >();

  private get w(): Worker {
    if (!this.worker) {
      const w = new Worker(WORKER_SOURCE, {
        eval: true,
        resourceLimits: { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 16 },
      });
      w.unref();
      w.on('message', (m: WorkerMessage) => {
        if (m.op === 'ack') {
          this.inFlight--;
          this.free.push(m.buf);
          if (this.inFlight < MAX_IN_FLIGHT) for (const go of this.drained.splice(0)) go();
          return;
        }
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
    for (const go of this.drained.splice(0)) go();
  }

  private block(): Uint8Array<ArrayBuffer> {
    return new Uint8Array(this.free.pop() ?? new ArrayBuffer(BLOCK));
  }

  create(): StreamHash {
    const id = this.next++;
    let block = this.block();
    let used = 0;
    const flush = () => {
      if (!used) return;
      this.inFlight++;
      this.w.postMessage({ op: 'update', id, buf: block.buffer, len: used }, [block.buffer]);
      block = this.block();
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
        if (this.inFlight < MAX_IN_FLIGHT) return undefined;
        this.w.ref();
        return new Promise<void>((resolve) => this.drained.push(resolve));
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
