/**
 * Reproducible, flat zips: entries sorted by name, a fixed timestamp, fixed modes (scripts 0755,
 * installer 0644), every entry stored (installers are already compressed, and stored entries do not
 * depend on the zlib build). The installer is streamed from disk; the zip's SHA-256 is computed as it
 * is written, and the installer's own as it is read, so nothing is read twice or held in memory.
 *
 * The writer is this file's own: stored entries need only the zip's headers (PKWARE APPNOTE 4.3), and
 * the CRC-32 of every byte, which Node computes natively (zlib.crc32: 180 ms for 320 MB here, where
 * archiver's JavaScript CRC took 564 ms and was the build's largest cost on its thread). The bytes are
 * exactly the ones archiver 7 wrote (zip.test.ts compares the two), so a version built before keeps
 * its SHA-256: an installer as a streamed entry (its CRC and sizes in a data descriptor after it), a
 * script with them in its local header, made by UNIX, version 4.5. No zip64: Distributor takes at most
 * 1 GB per file.
 */
import { createHash } from 'node:crypto';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { crc32 } from 'node:zlib';
import type { Hasher } from '../common/hash.js';
import { BufferPool, closeAsync, openAsync, pooledFileReader, pooledFileWriter } from './buffers.js';

/** 1980-01-01T00:00:00Z, the earliest time a zip can hold. */
export const ZIP_EPOCH = new Date(Date.UTC(1980, 0, 1, 0, 0, 0));

export type ZipSource = { name: string; mode: number } & ({ file: string } | { content: string });

export interface ZipResult {
  sha256: string;
  size: number;
  /** The SHA-256 of each entry streamed from a file (the installer), of the bytes the zip holds, by entry name. */
  fileSha256: Map<string, string>;
}

export interface ZipOptions {
  /** Computes the SHA-256 on its worker thread, in parallel with the zip's own CRC-32 on this one. */
  hasher?: Hasher;
  /** Buffers to stream through; share one pool across zips so each reuses the last one's buffers. */
  pool?: BufferPool;
}

/** The largest entry or offset a zip without zip64 can hold. */
const ZIP32_MAX = 0xffffffff;
/** Entry names the package's scripts can quote, and that need no UTF-8 flag. */
const ENTRY_NAME = /^[A-Za-z0-9][A-Za-z0-9._+-]*$/;

/** MS-DOS time and date (1980-01-01 and earlier: 00:00 on 1980-01-01), as two 16-bit words. */
function dosTime(d: Date): { time: number; date: number } {
  if (d.getUTCFullYear() < 1980) return { time: 0, date: (1 << 5) | 1 };
  return {
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | (d.getUTCSeconds() >> 1),
    date: ((d.getUTCFullYear() - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
  };
}
const { time: DOS_TIME, date: DOS_DATE } = dosTime(ZIP_EPOCH);

/** What the central directory says of one entry. */
interface Entry {
  name: Buffer;
  mode: number;
  /** Streamed: the CRC and sizes follow the data (general purpose bit 3), version 2.0 needed. */
  streamed: boolean;
  crc: number;
  size: number;
  offset: number;
}

/**
 * The 26 bytes both headers share, from "version needed" to the name's length, written at `at`. The
 * local header of a streamed entry has 0 for its CRC and sizes (they follow the data); the central
 * directory always has them.
 */
function writeEntryFields(b: Buffer, at: number, e: Entry, withSums: boolean): void {
  b.writeUInt16LE(e.streamed ? 20 : 10, at);
  b.writeUInt16LE(e.streamed ? 0x0008 : 0, at + 2);
  b.writeUInt16LE(0, at + 4); // stored
  b.writeUInt16LE(DOS_TIME, at + 6);
  b.writeUInt16LE(DOS_DATE, at + 8);
  b.writeUInt32LE(withSums ? e.crc : 0, at + 10);
  b.writeUInt32LE(withSums ? e.size : 0, at + 14);
  b.writeUInt32LE(withSums ? e.size : 0, at + 18);
  b.writeUInt16LE(e.name.length, at + 22);
}

function localHeader(e: Entry): Buffer {
  const b = Buffer.alloc(30); // the extra field's length (bytes 28-29) is 0
  b.writeUInt32LE(0x04034b50, 0);
  writeEntryFields(b, 4, e, !e.streamed);
  return Buffer.concat([b, e.name]);
}

function dataDescriptor(e: Entry): Buffer {
  const b = Buffer.alloc(16);
  b.writeUInt32LE(0x08074b50, 0);
  b.writeUInt32LE(e.crc, 4);
  b.writeUInt32LE(e.size, 8);
  b.writeUInt32LE(e.size, 12);
  return b;
}

function centralHeader(e: Entry): Buffer {
  const b = Buffer.alloc(46);
  b.writeUInt32LE(0x02014b50, 0);
  b.writeUInt16LE((3 << 8) | 45, 4); // made by UNIX, spec 4.5
  writeEntryFields(b, 6, e, true);
  // extra field, comment, disk number and internal attributes: all 0 (bytes 30-37)
  // external attributes: the UNIX mode of a regular file above, MS-DOS "archive" below
  b.writeUInt32LE((((0o100000 | (e.mode & 0o7777)) << 16) | 0x20) >>> 0, 38);
  b.writeUInt32LE(e.offset, 42);
  return Buffer.concat([b, e.name]);
}

function endOfCentralDirectory(count: number, size: number, offset: number): Buffer {
  const b = Buffer.alloc(22);
  b.writeUInt32LE(0x06054b50, 0);
  b.writeUInt16LE(count, 8);
  b.writeUInt16LE(count, 10);
  b.writeUInt32LE(size, 12);
  b.writeUInt32LE(offset, 16);
  return b;
}

/** The zip's bytes, entry after entry: each installer's pooled chunks pass through unchanged. */
async function* zipBytes(
  sorted: ZipSource[],
  fds: Map<ZipSource, number>,
  pool: BufferPool,
  outPath: string,
  unread: Set<ZipSource>,
  fileSha256: Map<string, string>,
): AsyncGenerator<Buffer> {
  const entries: Entry[] = [];
  let offset = 0;
  const emit = (b: Buffer) => {
    offset += b.length;
    return b;
  };
  for (const s of sorted) {
    const e: Entry = {
      name: Buffer.from(s.name, 'ascii'),
      mode: s.mode,
      streamed: 'file' in s,
      crc: 0,
      size: 0,
      offset,
    };
    entries.push(e);
    if ('content' in s) {
      const data = Buffer.from(s.content, 'utf8');
      e.crc = crc32(data);
      e.size = data.length;
      yield emit(localHeader(e));
      yield emit(data);
      continue;
    }
    yield emit(localHeader(e));
    unread.delete(s);
    // The installer's own SHA-256 (for the report), here beside its CRC-32, while the worker hashes the zip.
    const own = createHash('sha256');
    for await (const chunk of pooledFileReader(fds.get(s)!, pool) as AsyncIterable<Buffer>) {
      own.update(chunk);
      e.crc = crc32(chunk, e.crc);
      e.size += chunk.length;
      if (e.size > ZIP32_MAX) throw new Error(`zip ${outPath}: ${s.name} is larger than 4 GiB`);
      yield emit(chunk);
    }
    fileSha256.set(s.name, own.digest('hex'));
    yield emit(dataDescriptor(e));
  }
  const start = offset;
  for (const e of entries) yield emit(centralHeader(e));
  if (offset > ZIP32_MAX) throw new Error(`zip ${outPath}: larger than 4 GiB`);
  yield emit(endOfCentralDirectory(entries.length, offset - start, start));
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
    if (!ENTRY_NAME.test(s.name))
      throw new Error(
        `zip entries must be flat names of letters, digits and . _ + -: ${JSON.stringify(s.name)}`,
      );
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
  // An installer's reader closes its file; those no reader was made for are closed after a failure.
  const unread = new Set(fds.keys());
  const fileSha256 = new Map<string, string>();
  try {
    await pipeline(
      Readable.from(zipBytes(sorted, fds, pool, outPath, unread, fileSha256), { objectMode: false }),
      tap,
      pooledFileWriter(outPath, pool),
    );
  } catch (err) {
    remote?.drop();
    await Promise.all([...unread].map((s) => closeAsync(fds.get(s)!).catch(() => undefined)));
    throw err;
  }
  return { sha256: remote ? await remote.digest() : local!.digest('hex'), size, fileSha256 };
}
