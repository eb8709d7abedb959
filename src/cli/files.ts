/**
 * Output files written so that an interruption never leaves a half-written one: each file is
 * written to a temporary file in the same directory, flushed to disk (fsync), then renamed over
 * the old name, which POSIX makes atomic. A reader sees the old file or the new, never a mix.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, statSync, unlinkSync, writeSync, rmdirSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { randomBytes } from "node:crypto";

/** Writes `content` to `path` atomically (temp file in the same directory, fsync, rename, fsync the directory). */
export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  const dir = dirname(resolve(path));
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  let fd: number | null = openSync(tmp, "wx", 0o666);
  try {
    const bytes = typeof content === "string" ? Buffer.from(content, "utf8") : content;
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
    renameSync(tmp, path);
  } catch (e) {
    if (fd !== null) {
      try {
        closeSync(fd);
      } catch {
        /* already failing */
      }
    }
    try {
      unlinkSync(tmp);
    } catch {
      /* never created or already renamed */
    }
    throw e;
  }
  // Make the rename itself durable. Some file systems refuse fsync on a directory: harmless.
  try {
    const dfd = openSync(dir, "r");
    try {
      fsyncSync(dfd);
    } finally {
      closeSync(dfd);
    }
  } catch {
    /* best effort */
  }
}

function describe(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  const reasons: Record<string, string> = {
    EACCES: "permission denied",
    EPERM: "operation not permitted",
    EROFS: "read-only file system",
    ENOTDIR: "a part of the path is a file, not a directory",
    ENOSPC: "no space left on the device",
    EEXIST: "a file of that name is in the way",
  };
  return (err.code && reasons[err.code]) ? `${reasons[err.code]} (${err.code})` : (err.message ?? String(e));
}

export interface OutDir {
  /** The absolute directory. */
  dir: string;
  /** The top-most directory that preparing it created (so an aborted run can remove them again), or null. */
  created: string | null;
}

/**
 * Makes sure results can be written to `dir` before any long work starts: creates it if
 * needed, then creates and removes a probe file there. Returns a message naming the path
 * when that fails. `files` must not be directories.
 */
export function prepareOutDir(path: string, files: readonly string[]): OutDir | string {
  const dir = resolve(path);
  let created: string | null = null;
  let st: ReturnType<typeof statSync> | undefined;
  try {
    st = statSync(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") return `--out ${path}: cannot use ${dir}: ${describe(e)}`;
  }
  if (st !== undefined && !st.isDirectory()) return `--out ${path}: ${dir} exists and is not a directory`;
  if (st === undefined) {
    try {
      created = mkdirSync(dir, { recursive: true }) ?? null;
    } catch (e) {
      return `--out ${path}: cannot create the directory ${dir}: ${describe(e)}`;
    }
  }
  const probe = join(dir, `.nninit-write-test.${process.pid}.${randomBytes(4).toString("hex")}`);
  try {
    closeSync(openSync(probe, "wx"));
    unlinkSync(probe);
  } catch (e) {
    if (created) removeIfEmpty({ dir, created });
    return `--out ${path}: the directory ${dir} is not writable: ${describe(e)}`;
  }
  for (const f of files) {
    try {
      if (statSync(join(dir, f)).isDirectory()) {
        return `--out ${path}: ${join(dir, f)} is a directory; move it away or choose another --out`;
      }
    } catch {
      /* absent: fine */
    }
  }
  return { dir, created };
}

/** Removes the directories that `prepareOutDir` created, as long as nothing was written into them. */
export function removeIfEmpty(out: OutDir): void {
  if (out.created === null) return;
  const top = resolve(out.created);
  for (let d = out.dir; d.startsWith(top); d = dirname(d)) {
    try {
      rmdirSync(d);
    } catch {
      return; // not empty, or gone: leave it
    }
    if (d === top) return;
  }
}
