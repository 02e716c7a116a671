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

const MAGIC: Record<InstallerType, { bytes: number[]; what: string }> = {
  rpm: { bytes: [0xed, 0xab, 0xee, 0xdb], what: 'an RPM package (starts with ED AB EE DB)' },
  deb: {
    bytes: [...Buffer.from('!<arch>\n')],
    what: 'a Debian package (an ar archive, starts with "!<arch>")',
  },
  msi: {
    bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
    what: 'a Windows Installer package (an OLE file, starts with D0 CF 11 E0)',
  },
};

/** How many leading bytes magicProblem needs. */
export const MAGIC_LENGTH = 16;

/** Why these first bytes are not an installer of this type, or undefined when they are. */
export function magicProblem(type: InstallerType, head: Uint8Array): string | undefined {
  const m = MAGIC[type];
  const ok = m.bytes.every((b, i) => head[i] === b);
  if (ok && type === 'deb' && Buffer.from(head.subarray(8, 16)).toString('latin1') !== 'debian-b')
    return `is an ar archive but not ${m.what}`;
  if (ok) return undefined;
  const text = Buffer.from(head).toString('latin1');
  const looks = /^\s*<(!doctype|html)/i.test(text)
    ? ' (it looks like an HTML page)'
    : /^\s*[{[]/.test(text)
      ? ' (it looks like JSON)'
      : head.length === 0
        ? ' (it is empty)'
        : '';
  return `is not ${m.what}${looks}`;
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
