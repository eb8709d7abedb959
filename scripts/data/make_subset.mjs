#!/usr/bin/env node
/**
 * Cuts the class-balanced Fashion-MNIST subset shipped in data/fashion-mnist-subset/ from the
 * full dataset (by default Debian's copy, `apt-get install dataset-fashion-mnist`).
 *
 *     node scripts/data/make_subset.mjs [SOURCE_DIR] [--train-per-class 600] [--test-per-class 200]
 *
 * Selection rule (deterministic, no randomness): walk each split in file order and keep a
 * sample if fewer than k samples of its class have been kept so far; i.e. the first k of
 * every class, in their original order. Kept samples stay in file order, so classes remain
 * interleaved as in the original. The output files are ordinary gzipped IDX files with the
 * original names; the README records the SHA-256 of their decompressed contents.
 *
 * Only Node built-ins are used. The gzip bytes depend on Node's bundled zlib; the
 * decompressed bytes do not.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync, gzipSync } from "node:zlib";

const REPO = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const OUT = join(REPO, "data", "fashion-mnist-subset");

const args = process.argv.slice(2);
let source = "/usr/share/datasets/fashion-mnist";
const perClass = { train: 600, t10k: 200 };
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--train-per-class") perClass.train = Number(args[++i]);
  else if (args[i] === "--test-per-class") perClass.t10k = Number(args[++i]);
  else source = args[i];
}

function read(path) {
  for (const p of [path, `${path}.gz`]) {
    try {
      const raw = readFileSync(p);
      return raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw;
    } catch (e) {
      if (e.code !== "ENOENT") throw e;
    }
  }
  throw new Error(`${path}[.gz] not found. Install dataset-fashion-mnist or pass the directory holding the files.`);
}

function header(buf, magic) {
  const got = buf.readUInt32BE(0);
  if (got !== magic) throw new Error(`magic ${got}, expected ${magic}`);
}

const sha = (b) => createHash("sha256").update(b).digest("hex");
const lines = [];

mkdirSync(OUT, { recursive: true });
for (const split of ["train", "t10k"]) {
  const images = read(join(source, `${split}-images-idx3-ubyte`));
  const labels = read(join(source, `${split}-labels-idx1-ubyte`));
  header(images, 2051);
  header(labels, 2049);
  const n = labels.readUInt32BE(4);
  const rows = images.readUInt32BE(8);
  const cols = images.readUInt32BE(12);
  const px = rows * cols;
  if (images.readUInt32BE(4) !== n || images.length !== 16 + n * px || labels.length !== 8 + n) {
    throw new Error(`${split}: sizes do not match the headers`);
  }
  const k = perClass[split];
  const kept = new Array(10).fill(0);
  const selected = [];
  for (let i = 0; i < n; i++) {
    const c = labels[8 + i];
    if (kept[c] < k) {
      kept[c]++;
      selected.push(i);
    }
  }
  if (kept.some((c) => c !== k)) throw new Error(`${split}: some class has fewer than ${k} samples: ${kept}`);
  const m = selected.length;
  const outImages = Buffer.alloc(16 + m * px);
  outImages.writeUInt32BE(2051, 0);
  outImages.writeUInt32BE(m, 4);
  outImages.writeUInt32BE(rows, 8);
  outImages.writeUInt32BE(cols, 12);
  const outLabels = Buffer.alloc(8 + m);
  outLabels.writeUInt32BE(2049, 0);
  outLabels.writeUInt32BE(m, 4);
  selected.forEach((i, j) => {
    images.copy(outImages, 16 + j * px, 16 + i * px, 16 + (i + 1) * px);
    outLabels[8 + j] = labels[8 + i];
  });
  for (const [name, buf] of [[`${split}-images-idx3-ubyte`, outImages], [`${split}-labels-idx1-ubyte`, outLabels]]) {
    const gz = gzipSync(buf, { level: 9 });
    writeFileSync(join(OUT, `${name}.gz`), gz);
    lines.push(`${name}.gz  ${gz.length} bytes  sha256(decompressed) ${sha(buf)}`);
  }
  lines.push(`${split}: ${m} samples (${k} per class), last source index used ${selected[m - 1]} of ${n}`);
}
console.log(lines.join("\n"));
