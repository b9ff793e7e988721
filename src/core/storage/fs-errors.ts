/** File-system failures in words a user can act on, naming the file they know (never our temp or lock files). */

const ADVICE: Record<string, string> = {
  ENOENT: 'it does not exist',
  EACCES: 'permission denied: check the file and folder permissions',
  EPERM: 'the operation is not permitted: check the file and folder permissions',
  EROFS: 'the file system is read-only',
  EISDIR: 'it is a folder, not a file',
  ENOTDIR: 'a part of the path is not a folder',
  ENOSPC: 'the disk is full: free some space and try again',
  EDQUOT: 'the disk quota is used up: free some space and try again',
  EMFILE: 'too many files are open: close some programs and try again',
  EBUSY: 'the file is in use by another program: close it and try again',
};

/** "cannot write /w/sre_data.db: permission denied: check …". `action` is a verb: read, write, create… */
export function describeFsError(e: unknown, action: string, file: string): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  // Writing, a missing path means the folder: the file itself is about to be made.
  const advice = code === 'ENOENT' && action !== 'read' ? 'its folder does not exist' : code && ADVICE[code];
  const reason = advice ?? (code ? `failed (${code})` : 'failed');
  return `cannot ${action} ${file}: ${reason}`;
}
