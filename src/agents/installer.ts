/**
 * What we know about an installer file: its type from its first bytes, the agent version and
 * architecture its name suggests. Pure functions plus one small read of a file's head.
 */
import { open } from 'node:fs/promises';
import type { InstallerType } from '../plan/distributor.js';

export const EXTENSION: Record<InstallerType, string> = { rpm: '.rpm', deb: '.deb', msi: '.msi' };

const MAGIC: Record<InstallerType, { bytes: number[]; what: string; starts: string }> = {
  rpm: { bytes: [0xed, 0xab, 0xee, 0xdb], what: 'an RPM package', starts: 'ED AB EE DB' },
  deb: {
    bytes: [...Buffer.from('!<arch>\n')],
    what: 'a Debian package',
    starts: '"!<arch>" then "debian-binary"',
  },
  msi: {
    bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
    what: 'a Windows Installer package',
    starts: 'D0 CF 11 E0',
  },
};

/** How many leading bytes magicProblem needs. */
export const MAGIC_LENGTH = 16;

/** The first bytes of a file as a person reads them: text in quotes, else hex. */
export function describeHead(head: Uint8Array): string {
  const first = Buffer.from(head.subarray(0, 4));
  const hex = [...first].map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');
  const printable = first.length > 0 && [...first].every((b) => b >= 0x20 && b < 0x7f);
  return printable ? `"${first.toString('latin1')}" (${hex})` : hex;
}

/**
 * Why these first bytes are not an installer of this type, or undefined when they are. `advise`
 * adds what to do about a file on disk (not wanted for an API answer, which has its own advice).
 */
export function magicProblem(type: InstallerType, head: Uint8Array, advise = true): string | undefined {
  const m = MAGIC[type];
  const ok = m.bytes.every((b, i) => head[i] === b);
  const fix = (s: string) => (advise ? `; ${s}` : '');
  if (ok && type === 'deb' && Buffer.from(head.subarray(8, 16)).toString('latin1') !== 'debian-b')
    return `is an ar archive but not ${m.what} (which starts with ${m.starts})${fix('put the .deb installer there')}`;
  if (ok) return undefined;
  if (head.length === 0) return `is empty, not ${m.what}${fix('download the installer again')}`;
  const text = Buffer.from(head).toString('latin1');
  const looks = /^\s*<(!doctype|html|\?xml)/i.test(text)
    ? `; it looks like an HTML page (a login or error page saved in place of the installer)${fix('download the installer again')}`
    : /^\s*[{[]/.test(text)
      ? `; it looks like JSON (an error answer saved in place of the installer)${fix('download the installer again')}`
      : fix('put the installer itself there');
  return `is not ${m.what}: it starts with ${describeHead(head)}, ${m.what} starts with ${m.starts}${looks}`;
}

export async function readHead(file: string, length = MAGIC_LENGTH): Promise<Uint8Array> {
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(length);
    const { bytesRead } = await fh.read(buf, 0, length, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** The agent version in an Uptycs installer name ("assets-uptycs-protect-5.8.3.35-Uptycs.rpm" → "5.8.3.35"). */
export function versionFromFileName(name: string): string | undefined {
  return /(?:^|[-_])(\d+\.\d+\.\d+(?:\.\d+)?)(?=[-_.])/.exec(name)?.[1];
}

/** The architecture a file name names, if any. */
export function archFromFileName(name: string): 'arm64' | 'x86_64' | undefined {
  if (/(aarch64|arm64)/i.test(name)) return 'arm64';
  if (/(x86_64|amd64|x64)/i.test(name)) return 'x86_64';
  return undefined;
}

/** The longest installer file name the package's scripts accept. */
export const INSTALLER_NAME_MAX = 200;

/**
 * Why an installer's file name cannot go into the package (its scripts quote it), or undefined.
 * `raw` is the name's bytes as the file system holds them.
 */
export function installerNameProblem(raw: Buffer): string | undefined {
  const name = raw.toString('utf8');
  if (!Buffer.from(name, 'utf8').equals(raw))
    return `its name is not valid UTF-8 (${JSON.stringify(raw.toString('latin1'))} read as Latin-1); rename it to letters, digits, ".", "_", "+" and "-"`;
  if (name.length > INSTALLER_NAME_MAX)
    return `its name is ${name.length} characters long; rename it to at most ${INSTALLER_NAME_MAX}`;
  if (!/^[A-Za-z0-9][A-Za-z0-9._+-]*$/.test(name))
    return 'its name has characters that are not safe in a script; rename it to letters, digits, ".", "_", "+" and "-" (starting with a letter or digit)';
  return undefined;
}

/** Reads length bytes at position; fewer at the end of the file. */
async function readAt(
  fh: import('node:fs/promises').FileHandle,
  position: number,
  length: number,
): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await fh.read(buf, 0, length, position);
  return buf.subarray(0, bytesRead);
}

/** RPMTAG_ARCH of an .rpm: the lead (96 bytes), the signature header (padded to 8), then the main header. */
async function rpmArch(fh: import('node:fs/promises').FileHandle): Promise<string | undefined> {
  let pos = 96;
  for (let header = 0; header < 2; header++) {
    const intro = await readAt(fh, pos, 16);
    if (intro.length < 16 || intro.readUInt32BE(0) >>> 8 !== 0x8eade8) return undefined;
    const count = intro.readUInt32BE(8);
    const size = intro.readUInt32BE(12);
    if (count > 100_000 || size > 64 * 1024 * 1024) return undefined;
    if (header === 0) {
      pos += 16 + count * 16 + size;
      pos += (8 - (pos % 8)) % 8;
      continue;
    }
    const index = await readAt(fh, pos + 16, count * 16);
    for (let i = 0; i + 16 <= index.length; i += 16) {
      if (index.readUInt32BE(i) !== 1022 || index.readUInt32BE(i + 4) !== 6) continue;
      const data = await readAt(fh, pos + 16 + count * 16 + index.readUInt32BE(i + 8), 64);
      const end = data.indexOf(0);
      return data.subarray(0, end < 0 ? data.length : end).toString('latin1');
    }
  }
  return undefined;
}

/** The Architecture field of a .deb's control file (control.tar, control.tar.gz or control.tar.zst). */
async function debArch(fh: import('node:fs/promises').FileHandle): Promise<string | undefined> {
  const zlib = await import('node:zlib');
  let pos = 8;
  for (let member = 0; member < 4; member++) {
    const h = await readAt(fh, pos, 60);
    if (h.length < 60) return undefined;
    const name = h.subarray(0, 16).toString('latin1').trim().replace(/\/$/, '');
    const size = Number(h.subarray(48, 58).toString('latin1').trim());
    if (!Number.isFinite(size) || size < 0) return undefined;
    if (name.startsWith('control.tar')) {
      if (size > 16 * 1024 * 1024) return undefined;
      const raw = await readAt(fh, pos + 60, size);
      const tar =
        name === 'control.tar'
          ? raw
          : name === 'control.tar.gz'
            ? zlib.gunzipSync(raw)
            : name === 'control.tar.zst' && 'zstdDecompressSync' in zlib
              ? (zlib as unknown as { zstdDecompressSync(b: Buffer): Buffer }).zstdDecompressSync(raw)
              : undefined;
      if (!tar) return undefined;
      for (let off = 0; off + 512 <= tar.length;) {
        const file = tar
          .subarray(off, off + 100)
          .toString('latin1')
          .replace(/\0.*$/s, '');
        const len = parseInt(
          tar
            .subarray(off + 124, off + 136)
            .toString('latin1')
            .replace(/\0.*$/s, '')
            .trim() || '0',
          8,
        );
        if (!file) break;
        if (file.replace(/^\.\//, '') === 'control')
          return /^Architecture:[ \t]*(\S+)/m.exec(
            tar.subarray(off + 512, off + 512 + len).toString('utf8'),
          )?.[1];
        off += 512 + Math.ceil(len / 512) * 512;
      }
      return undefined;
    }
    pos += 60 + size + (size % 2);
  }
  return undefined;
}

/**
 * The architecture an installer declares in its own header: RPMTAG_ARCH of an .rpm ("x86_64",
 * "aarch64", "noarch"), the control file's Architecture of a .deb ("amd64", "arm64", "all").
 * undefined for an .msi, or when the header cannot be read (an .xz-compressed control archive).
 */
export async function installerArch(file: string, type: InstallerType): Promise<string | undefined> {
  if (type === 'msi') return undefined;
  const fh = await open(file, 'r');
  try {
    return await (type === 'rpm' ? rpmArch(fh) : debArch(fh));
  } catch {
    return undefined;
  } finally {
    await fh.close();
  }
}

const ARCH_NAMES: Record<string, string[]> = {
  x86_64: ['x86_64', 'amd64'],
  arm64: ['aarch64', 'arm64'],
};

/**
 * Why an installer does not fit what the entry asks for (its header names another architecture), or
 * undefined: it fits, it is for any architecture, or its header says nothing readable. Entries for
 * _any and 386 are not checked (as by name: Uptycs serves its x86_64 installers for them).
 */
export async function installerArchProblem(
  file: string,
  type: InstallerType,
  arch: string,
): Promise<string | undefined> {
  const wanted = ARCH_NAMES[arch];
  if (!wanted) return undefined;
  const declared = await installerArch(file, type);
  if (!declared || ['noarch', 'all'].includes(declared) || wanted.includes(declared)) return undefined;
  return `its ${type} header says it is for ${declared}, not ${arch}`;
}
