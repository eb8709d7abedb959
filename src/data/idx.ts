/**
 * The IDX file format of MNIST and Fashion-MNIST (http://yann.lecun.com/exdb/mnist/), plain
 * or gzipped (detected by the gzip magic bytes 1f 8b, not by the file name).
 *
 * ```
 * offset 0: 0x00 0x00 <dtype> <ndims>     magic; 0x00000803 = 2051 for images, 0x00000801 = 2049 for labels
 * offset 4: ndims × uint32 big-endian     the dimensions: count (, rows, cols)
 * then:     the data, row-major, prod(dims) elements of the dtype
 * ```
 *
 * Everything is validated before anything is returned, and every error names the file
 * and the problem: nothing partial ever comes back.
 */
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { RuntimeError, ValueError } from "../errors/index.js";

/** MNIST images: unsigned bytes, three dimensions (count, rows, cols). */
export const IDX_IMAGES_MAGIC = 2051;
/** MNIST labels: unsigned bytes, one dimension (count). */
export const IDX_LABELS_MAGIC = 2049;

const DTYPE_NAMES: Record<number, string> = {
  0x08: "unsigned byte",
  0x09: "signed byte",
  0x0b: "int16",
  0x0c: "int32",
  0x0d: "float32",
  0x0e: "float64",
};

export interface IdxImages {
  /** The file the images were read from. */
  readonly path: string;
  readonly count: number;
  readonly rows: number;
  readonly cols: number;
  /** count × rows × cols pixels, 0…255, image after image, row-major. */
  readonly pixels: Uint8Array;
}

export interface IdxLabels {
  readonly path: string;
  readonly count: number;
  readonly labels: Uint8Array;
}

const hex8 = (n: number): string => "0x" + n.toString(16).padStart(8, "0");
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

/** Reads a file and gunzips it if it starts with the gzip magic. Errors name the path. */
export function readMaybeGzip(path: string): Uint8Array {
  let raw: Buffer;
  try {
    raw = readFileSync(path);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = err.code === "ENOENT" ? "no such file" : err.code === "EISDIR" ? "it is a directory" : err.message;
    throw new RuntimeError(`${path}: cannot read the file (${why}).`);
  }
  if (raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b) {
    try {
      return gunzipSync(raw);
    } catch (e) {
      throw new RuntimeError(
        `${path}: the gzip data is corrupt or truncated (zlib: ${(e as Error).message}). ` +
          `Re-download or re-install the file.`,
      );
    }
  }
  return raw;
}

/**
 * Parses an IDX file of unsigned bytes with `ndims` dimensions and returns its dimensions
 * and a view of its data. `what` names the contents for messages ("images", "labels").
 */
function parseIdx(bytes: Uint8Array, path: string, magic: number, what: string): { dims: number[]; data: Uint8Array } {
  const ndimsWanted = magic & 0xff;
  const wantText = `${hex8(magic)} = ${magic}, IDX ${what}: unsigned bytes in ${plural(ndimsWanted, "dimension")}`;
  if (bytes.length < 4) {
    throw new ValueError(
      `${path}: truncated header: the file has ${plural(bytes.length, "byte")}, fewer than the 4 of the IDX magic number (expected ${wantText}).`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const got = view.getUint32(0, false);
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    throw new ValueError(
      `${path}: wrong magic number ${hex8(got)}: this is not an IDX file (expected ${wantText}). ` +
        `Is it the right file, and was it fully decompressed?`,
    );
  }
  const dtype = bytes[2]!;
  const ndims = bytes[3]!;
  if (dtype !== 0x08) {
    const name = DTYPE_NAMES[dtype];
    throw new ValueError(
      `${path}: wrong dtype byte 0x${dtype.toString(16).padStart(2, "0")} in magic number ${hex8(got)}` +
        (name ? ` (${name} data)` : " (not an IDX dtype)") +
        `; MNIST ${what} are unsigned bytes, dtype 0x08 (expected ${wantText}).`,
    );
  }
  if (ndims !== ndimsWanted) {
    const hint =
      ndims === 1 ? " This looks like a label file." : ndims === 3 ? " This looks like an image file." : "";
    throw new ValueError(
      `${path}: wrong magic number ${hex8(got)} (${got}): ${plural(ndims, "dimension")}, but ${what} need ${ndimsWanted} (expected ${wantText}).${hint}`,
    );
  }
  const headerLen = 4 + 4 * ndims;
  if (bytes.length < headerLen) {
    throw new ValueError(
      `${path}: truncated header: an IDX header with ${plural(ndims, "dimension")} is ${headerLen} bytes, but the file has only ${bytes.length}.`,
    );
  }
  const dims: number[] = [];
  for (let d = 0; d < ndims; d++) dims.push(view.getUint32(4 + 4 * d, false));
  const expected = dims.reduce((a, b) => a * b, 1); // < 2^96, exact enough to compare: a double
  const actual = bytes.length - headerLen;
  const shape = dims.join(" × ");
  if (actual < expected) {
    throw new ValueError(
      `${path}: data is shorter than the header says: dimensions ${shape} need ${expected} bytes after the ${headerLen}-byte header, ` +
        `but the file holds only ${actual} (${expected - actual} missing). The file is truncated; re-download or re-install it.`,
    );
  }
  if (actual > expected) {
    throw new ValueError(
      `${path}: data is longer than the header says: dimensions ${shape} need ${expected} bytes after the ${headerLen}-byte header, ` +
        `but the file holds ${actual} (${actual - expected} extra). The file is corrupt or not what its header claims.`,
    );
  }
  return { dims, data: bytes.subarray(headerLen) };
}

/** Parses the bytes of an IDX image file (magic 2051), already decompressed. */
export function parse_idx_images(bytes: Uint8Array, path = "<bytes>"): IdxImages {
  const { dims, data } = parseIdx(bytes, path, IDX_IMAGES_MAGIC, "images");
  const [count, rows, cols] = dims as [number, number, number];
  if ((rows === 0 || cols === 0) && count > 0) {
    throw new ValueError(`${path}: the header says ${count} images of ${rows} × ${cols} pixels; images need at least one pixel.`);
  }
  return { path, count, rows, cols, pixels: data };
}

/** Parses the bytes of an IDX label file (magic 2049), already decompressed. */
export function parse_idx_labels(bytes: Uint8Array, path = "<bytes>"): IdxLabels {
  const { dims, data } = parseIdx(bytes, path, IDX_LABELS_MAGIC, "labels");
  return { path, count: dims[0]!, labels: data };
}

/** Reads an IDX image file, plain or gzipped. */
export function read_idx_images(path: string): IdxImages {
  return parse_idx_images(readMaybeGzip(path), path);
}

/** Reads an IDX label file, plain or gzipped. */
export function read_idx_labels(path: string): IdxLabels {
  return parse_idx_labels(readMaybeGzip(path), path);
}
