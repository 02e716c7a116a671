/**
 * Reproducible, flat zips: entries sorted by name, a fixed timestamp, fixed modes (scripts 0755,
 * installer 0644), every entry stored (installers are already compressed, and stored entries do not
 * depend on the zlib build). The installer is streamed from disk; the zip's SHA-256 is computed as it
 * is written, so nothing is read twice or held in memory.
 */
import archiver from 'archiver';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { memoryKeeper } from './memory.js';

/** 1980-01-01T00:00:00Z, the earliest time a zip can hold. */
export const ZIP_EPOCH = new Date(Date.UTC(1980, 0, 1, 0, 0, 0));

export type ZipSource = { name: string; mode: number } & ({ file: string } | { content: string });

export interface ZipResult {
  sha256: string;
  size: number;
}

export async function writeZip(outPath: string, sources: ZipSource[]): Promise<ZipResult> {
  const names = new Set<string>();
  for (const s of sources) {
    if (names.has(s.name)) throw new Error(`zip ${outPath}: two entries named ${s.name}`);
    if (s.name.includes('/') || s.name.includes('\\')) throw new Error(`zip entries must be flat: ${s.name}`);
    names.add(s.name);
  }
  const sorted = [...sources].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const archive = archiver('zip', { store: true, forceZip64: false });
  const hash = createHash('sha256');
  let size = 0;
  const streamed = memoryKeeper();
  const tap = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      hash.update(chunk);
      size += chunk.length;
      streamed(chunk.length);
      cb(null, chunk);
    },
  });
  for (const s of sorted) {
    const data = { name: s.name, date: ZIP_EPOCH, mode: s.mode, store: true };
    // append() keeps the given order; file() would queue behind a stat and reorder entries.
    if ('file' in s) archive.append(createReadStream(s.file, { highWaterMark: 1 << 20 }), data);
    else archive.append(Buffer.from(s.content, 'utf8'), data);
  }
  const done = pipeline(archive, tap, createWriteStream(outPath, { highWaterMark: 1 << 20 }));
  await Promise.all([archive.finalize(), done]);
  return { sha256: hash.digest('hex'), size };
}
