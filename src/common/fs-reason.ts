/** System errors in words, so that no raw code (EACCES, ENOTDIR) reaches a person. Pure. */

/** A system error's cause in words ("permission denied"), never its code alone. */
export function fsReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'it does not exist';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOTDIR':
      return 'a part of the path is a file, not a folder';
    case 'EISDIR':
      return 'it is a folder';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ELOOP':
      return 'it is a loop of symbolic links';
    case 'EEXIST':
      return 'something is already there';
    case 'ENOSPC':
      return 'the disk is full';
    case 'ENAMETOOLONG':
      return 'the path is too long';
    default:
      return 'it cannot be read';
  }
}
