/**
 * What we know about an installer file: its type from its first bytes, the agent version and
 * architecture its name suggests. Pure functions plus one small read of a file's head.
 */
import { open } from 'node:fs/promises';
import type { InstallerType } from '../plan/distributor.js';

/** An installer on disk, ready to be zipped. */
export interface Installer {
  path: string;
  /** The file name as it will appear in the zip and in the scripts. */
  fileName: string;
  size: number;
  type: InstallerType;
}

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
