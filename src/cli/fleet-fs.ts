// The file operations `fleet -o` builds its commit from. None follows a symbolic link: files are opened with
// O_NOFOLLOW (and O_EXCL when created), so a link planted where fleet reads or writes makes the call fail instead of
// reaching a file outside the output directory.
import { closeSync, constants, fstatSync, fsyncSync, openSync, readSync, writeSync } from 'node:fs';
import { createHash } from 'node:crypto';

/** The lowercase hex SHA-256 of `data` (a string is hashed as its UTF-8 bytes, as it is written). */
export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** An error from a system call (it carries an errno code such as `ENOSPC`), as opposed to a bug. */
export function isSystemError(e: unknown): e is NodeJS.ErrnoException & { code: string } {
  return e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string' && /^E[A-Z0-9]+$/.test((e as NodeJS.ErrnoException).code!);
}

/** Why a file could not be read by {@link readRegularFile}. */
export type ReadRefusal = 'missing' | 'not a regular file' | 'symbolic link' | 'too large';

/**
 * Opens `path` for reading without following a link in its last component (O_NOFOLLOW) and without waiting on a FIFO
 * (O_NONBLOCK); a missing file or a link is a refusal, other errors (EACCES, EIO) are thrown.
 */
function openForReading(path: string): number | 'missing' | 'symbolic link' {
  try {
    return openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'missing';
    if (code === 'ELOOP') return 'symbolic link';
    throw e;
  }
}

/**
 * Reads a regular file without following a link in its last component and without waiting on a FIFO (O_NONBLOCK);
 * refuses anything else and anything above `limit` bytes. Other errors (EACCES, EIO) are thrown.
 */
export function readRegularFile(path: string, limit: number): Buffer | ReadRefusal {
  const fd = openForReading(path);
  if (typeof fd === 'string') return fd;
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return 'not a regular file';
    if (st.size > limit) return 'too large';
    const buffer = Buffer.alloc(st.size);
    let read = 0;
    while (read < st.size) {
      const n = readSync(fd, buffer, read, st.size - read, read);
      if (n === 0) break;
      read += n;
    }
    // A file that grew while it was read is read up to its size then: what follows is not compared anyway.
    return buffer.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

/** The SHA-256 of a regular file, read as {@link readRegularFile} reads (without a size limit, in pieces). */
export function hashRegularFile(path: string): { readonly sha256: string } | Exclude<ReadRefusal, 'too large'> {
  const fd = openForReading(path);
  if (typeof fd === 'string') return fd;
  try {
    if (!fstatSync(fd).isFile()) return 'not a regular file';
    const hash = createHash('sha256');
    const buffer = Buffer.alloc(1 << 20);
    for (let n = readSync(fd, buffer, 0, buffer.length, null); n > 0; n = readSync(fd, buffer, 0, buffer.length, null))
      hash.update(buffer.subarray(0, n));
    return { sha256: hash.digest('hex') };
  } finally {
    closeSync(fd);
  }
}

/**
 * Creates `path` (which must not exist: O_EXCL, so never through a link) holding `data`, flushed to the disk before it
 * returns: a rename of it that is flushed later can then never expose an empty or partial file after a power loss.
 */
export function writeNewFile(path: string, data: string): void {
  const fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o644);
  try {
    const bytes = Buffer.from(data, 'utf8');
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Flushes a directory's entries (the files created, renamed or removed in it) to the disk. rename(2) is atomic at
 * once for every process, but it lasts through a power loss only once the directories it changed are flushed.
 */
export function syncDir(dir: string): void {
  const fd = openSync(dir, constants.O_RDONLY | constants.O_DIRECTORY);
  try {
    fsyncSync(fd);
  } catch (e) {
    // Some file systems (network and FUSE ones) cannot flush a directory; their renames are as durable as they get.
    if ((e as NodeJS.ErrnoException).code !== 'EINVAL' && (e as NodeJS.ErrnoException).code !== 'ENOTSUP') throw e;
  } finally {
    closeSync(fd);
  }
}
