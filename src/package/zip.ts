/**
 * Reproducible, flat zips: entries sorted by name, a fixed timestamp, fixed modes (scripts 0755,
 * installer 0644), every entry stored (installers are already compressed, and stored entries do not
 * depend on the zlib build). The installer is streamed from disk; the zip's SHA-256 is computed as it
 * is written, so nothing is read twice or held in memory.
 */
import archiver from 'archiver';
import { createHash } from 'node:crypto';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Hasher } from '../common/hash.js';
import { BufferPool, closeAsync, openAsync, pooledFileReader, pooledFileWriter } from './buffers.js';

/** 1980-01-01T00:00:00Z, the earliest time a zip can hold. */
export const ZIP_EPOCH = new Date(Date.UTC(1980, 0, 1, 0, 0, 0));

export type ZipSource = { name: string; mode: number } & ({ file: string } | { content: string });

export interface ZipResult {
  sha256: string;
  size: number;
}

export interface ZipOptions {
  /** Computes the SHA-256 on its worker thread, in parallel with the zip's own CRC-32 on this one. */
  hasher?: Hasher;
  /** Buffers to stream through; share one pool across zips so each reuses the last one's buffers. */
  pool?: BufferPool;
}

/** Writes the zip and returns its SHA-256 and size. */
export async function writeZip(
  outPath: string,
  sources: ZipSource[],
  opts: ZipOptions = {},
): Promise<ZipResult> {
  const { hasher, pool = new BufferPool() } = opts;
  const names = new Set<string>();
  for (const s of sources) {
    if (names.has(s.name)) throw new Error(`zip ${outPath}: two entries named ${s.name}`);
    if (s.name.includes('/') || s.name.includes('\\')) throw new Error(`zip entries must be flat: ${s.name}`);
    names.add(s.name);
  }
  const sorted = [...sources].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  // Open every file first: a missing one fails here, plainly, before any byte is written.
  const fds = new Map<ZipSource, number>();
  try {
    for (const s of sorted) if ('file' in s) fds.set(s, await openAsync(s.file, 'r'));
  } catch (err) {
    await Promise.all([...fds.values()].map((fd) => closeAsync(fd).catch(() => undefined)));
    throw err;
  }
  const archive = archiver('zip', { store: true, forceZip64: false });
  const local = hasher ? undefined : createHash('sha256');
  const remote = hasher?.create();
  let size = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      size += chunk.length;
      if (local) local.update(chunk);
      const behind = remote?.update(chunk);
      if (behind) behind.then(() => cb(null, chunk), cb);
      else cb(null, chunk);
    },
  });
  for (const s of sorted) {
    const data = { name: s.name, date: ZIP_EPOCH, mode: s.mode, store: true };
    // append() keeps the given order; file() would queue behind a stat and reorder entries.
    if ('file' in s) archive.append(pooledFileReader(fds.get(s)!, pool), data);
    else archive.append(Buffer.from(s.content, 'utf8'), data);
  }
  const done = pipeline(archive, tap, pooledFileWriter(outPath, pool));
  try {
    await Promise.all([archive.finalize(), done]);
  } catch (err) {
    remote?.drop();
    throw err;
  }
  return { sha256: remote ? await remote.digest() : local!.digest('hex'), size };
}
