/**
 * IDX parsing and the MNIST/Fashion-MNIST datasets: the embedded subset, the Debian copy (when
 * installed), where files are looked for, and every way a file can be broken. A broken file
 * must raise an error that names the file and the problem, never return partial data.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, copyFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";

import { IndexError, RuntimeError, ValueError, ArgumentTypeError } from "../src/errors/index.js";
import { manual_seed } from "../src/random/default.js";
import {
  read_idx_images, read_idx_labels, parse_idx_images, parse_idx_labels,
} from "../src/data/idx.js";
import { FashionMNIST, MNIST, embeddedSubsetDir, locate_mnist_files } from "../src/data/mnist.js";
import { DataLoader } from "../src/data/dataloader.js";

const DEBIAN = "/usr/share/datasets/fashion-mnist";
const HAVE_DEBIAN = existsSync(join(DEBIAN, "train-images-idx3-ubyte.gz"));
const SKIP_DEBIAN = HAVE_DEBIAN ? false : `no ${DEBIAN} (apt-get install dataset-fashion-mnist)`;
const SUBSET = embeddedSubsetDir();
const NO_ENV = {}; // an environment without NNINIT_DATA
const NO_SYSTEM: string[] = [];

const sha256 = (b: Uint8Array): string => createHash("sha256").update(b).digest("hex");

// The decompressed subset files, as recorded in data/fashion-mnist-subset/README.md.
const SUBSET_SHA: Record<string, string> = {
  "train-images-idx3-ubyte": "cf313073c7eb485392848071d5c433571d7166043e971e3345b095cc30518084",
  "train-labels-idx1-ubyte": "097b93fbcf9bd5bc648b1a457ddc55c9e4ab49afb33f9ecae8ce068399a75e3a",
  "t10k-images-idx3-ubyte": "15a92dd1e9b16ea361928086e77df4dfa890c255c00b5a8c8162c1040ce8eef1",
  "t10k-labels-idx1-ubyte": "234596aeb6eb48133ec99a62541f90bc0728c9559a681f1e0638037462458f2c",
};

function withTmp(fn: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), "nninit-idx-"));
  try {
    fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A valid IDX file: images count × rows × cols or labels count. */
function idx(kind: "images" | "labels", count: number, fill = (i: number) => i % 10, rows = 28, cols = 28): Buffer {
  if (kind === "labels") {
    const b = Buffer.alloc(8 + count);
    b.writeUInt32BE(2049, 0);
    b.writeUInt32BE(count, 4);
    for (let i = 0; i < count; i++) b[8 + i] = fill(i);
    return b;
  }
  const b = Buffer.alloc(16 + count * rows * cols);
  b.writeUInt32BE(2051, 0);
  b.writeUInt32BE(count, 4);
  b.writeUInt32BE(rows, 8);
  b.writeUInt32BE(cols, 12);
  for (let i = 16; i < b.length; i++) b[i] = (i * 7) & 0xff;
  return b;
}

/** Asserts `fn` throws `cls` whose message contains the path and matches every pattern. */
function throwsNaming(fn: () => unknown, cls: new (...a: never[]) => Error, path: string, ...patterns: RegExp[]): void {
  let result: unknown;
  assert.throws(
    () => {
      result = fn();
    },
    (e: Error) => {
      assert.ok(e instanceof cls, `expected ${cls.name}, got ${e.constructor.name}: ${e.message}`);
      assert.ok(e.message.includes(path), `message should name ${path}: ${e.message}`);
      for (const p of patterns) assert.match(e.message, p);
      return true;
    },
  );
  assert.equal(result, undefined, "no partial result");
}

// ---------------------------------------------------------------------------------------------
// The embedded subset
// ---------------------------------------------------------------------------------------------

test("embedded subset: present, four gzipped IDX files with the recorded contents, < 4 MB", () => {
  assert.ok(SUBSET, "data/fashion-mnist-subset/ not found next to the module");
  let total = 0;
  for (const [name, sha] of Object.entries(SUBSET_SHA)) {
    const gz: Buffer = readFileSync(join(SUBSET!, `${name}.gz`));
    total += gz.length;
    assert.equal(sha256(gunzipSync(gz)), sha, name);
  }
  assert.ok(total < 4 * 2 ** 20, `subset is ${total} bytes`);
  assert.ok(existsSync(join(SUBSET, "README.md")));
  assert.match(readFileSync(join(SUBSET, "README.md"), "utf8"), /Zalando SE[\s\S]*Permission is hereby granted/);
});

test("embedded subset: 6000/2000 samples, exactly 600/200 per class", () => {
  for (const [train, n, per] of [[true, 6000, 600], [false, 2000, 200]] as const) {
    const ds = new FashionMNIST({ embedded: true, train });
    assert.equal(ds.source, "embedded");
    assert.equal(ds.len(), n);
    const counts = new Array(10).fill(0);
    for (const l of ds.labels) counts[l]++;
    assert.deepEqual(counts, new Array(10).fill(per));
  }
});

test("embedded subset = the first k of every class of the full files, in file order", { skip: SKIP_DEBIAN }, () => {
  for (const [split, k] of [["train", 600], ["t10k", 200]] as const) {
    const full = read_idx_images(join(DEBIAN, `${split}-images-idx3-ubyte.gz`));
    const fullLabels = read_idx_labels(join(DEBIAN, `${split}-labels-idx1-ubyte.gz`)).labels;
    const sub = read_idx_images(join(SUBSET!, `${split}-images-idx3-ubyte.gz`));
    const subLabels = read_idx_labels(join(SUBSET!, `${split}-labels-idx1-ubyte.gz`)).labels;
    const kept = new Array(10).fill(0);
    let j = 0;
    for (let i = 0; i < fullLabels.length && j < subLabels.length; i++) {
      const c = fullLabels[i]!;
      if (kept[c] >= k) continue;
      kept[c]++;
      assert.equal(subLabels[j], c, `${split} label ${j}`);
      assert.ok(
        Buffer.from(sub.pixels.subarray(j * 784, (j + 1) * 784)).equals(Buffer.from(full.pixels.subarray(i * 784, (i + 1) * 784))),
        `${split} image ${j} = source image ${i}`,
      );
      j++;
    }
    assert.equal(j, subLabels.length);
  }
});

// ---------------------------------------------------------------------------------------------
// The Debian copy
// ---------------------------------------------------------------------------------------------

test("Debian Fashion-MNIST: 60000/10000, default search finds it, loads quickly", { skip: SKIP_DEBIAN }, () => {
  const t0 = performance.now();
  const train = new FashionMNIST();
  const t1 = performance.now();
  const [images, labels] = train.tensors();
  const t2 = performance.now();
  assert.equal(train.source, "debian");
  assert.equal(train.len(), 60000);
  assert.deepEqual(images.shape, [60000, 1, 28, 28]);
  assert.deepEqual(labels.shape, [60000]);
  assert.equal(labels.dtype, "int64");
  const test_ = new FashionMNIST({ train: false });
  assert.equal(test_.len(), 10000);
  assert.equal(test_.images_file, join(DEBIAN, "t10k-images-idx3-ubyte.gz"));
  // first training sample of Fashion-MNIST is an ankle boot (class 9)
  assert.equal(train.get(0)[1], 9);
  assert.equal(train.classes[9], "Ankle boot");
  console.log(`# full Fashion-MNIST: open+gunzip ${(t1 - t0).toFixed(0)} ms, to float32 tensors ${(t2 - t1).toFixed(0)} ms`);
});

// ---------------------------------------------------------------------------------------------
// Dataset API
// ---------------------------------------------------------------------------------------------

test("get(i) is ToTensor's [1, 28, 28] float32 pixel/255 and a number label; get_batch/tensors agree", () => {
  const ds = new FashionMNIST({ embedded: true, train: false });
  const [img, label] = ds.get(3);
  assert.deepEqual(img.shape, [1, 28, 28]);
  assert.equal(img.dtype, "float32");
  assert.equal(typeof label, "number");
  assert.equal(label, ds.labels[3]);
  for (let k = 0; k < 784; k++) assert.equal(img.data[k], Math.fround(ds.pixels[3 * 784 + k]! / 255));
  const [bx, by] = ds.get_batch([3, 0, -1]);
  assert.deepEqual(bx.shape, [3, 1, 28, 28]);
  assert.deepEqual(Array.from(bx.data.subarray(0, 784)), Array.from(img.data));
  assert.deepEqual(Array.from(by.data), [BigInt(ds.labels[3]!), BigInt(ds.labels[0]!), BigInt(ds.labels[1999]!)]);
  const [all, targets] = ds.tensors();
  assert.deepEqual(Array.from(all.data.subarray(3 * 784, 4 * 784)), Array.from(img.data));
  assert.equal(targets, ds.targets);
  assert.equal(ds.tensors()[0], all, "built once");
  assert.throws(() => ds.get(2000), (e: Error) => e instanceof IndexError && /out of bounds/.test(e.message));
  assert.throws(() => ds.get_batch([0, 2000]), IndexError);
});

test("DataLoader over FashionMNIST: [B,1,28,28] float32 and [B] int64, PyTorch's shuffled order", () => {
  const ds = new FashionMNIST({ embedded: true, train: false });
  manual_seed(0);
  const loader = new DataLoader(ds, { batch_size: 64, shuffle: true });
  assert.equal(loader.len(), 32);
  let seen = 0;
  let last = 0;
  for (const [x, y] of loader) {
    assert.equal(x.dtype, "float32");
    assert.equal(y.dtype, "int64");
    assert.equal(x.shape[0], y.shape[0]);
    assert.deepEqual(x.shape.slice(1), [1, 28, 28]);
    seen += y.shape[0]!;
    last = y.shape[0]!;
  }
  assert.equal(seen, 2000);
  assert.equal(last, 2000 - 31 * 64);
});

// ---------------------------------------------------------------------------------------------
// Where files are looked for
// ---------------------------------------------------------------------------------------------

function writeSplit(dir: string, gz: boolean, n = 5): void {
  mkdirSync(dir, { recursive: true });
  const enc = (b: Buffer): Buffer => (gz ? gzipSync(b) : b);
  const ext = gz ? ".gz" : "";
  writeFileSync(join(dir, `train-images-idx3-ubyte${ext}`), enc(idx("images", n)));
  writeFileSync(join(dir, `train-labels-idx1-ubyte${ext}`), enc(idx("labels", n)));
}

test("root: raw files, .gz files, torchvision's FashionMNIST/raw and MNIST/raw layouts", () => {
  withTmp((dir) => {
    writeSplit(join(dir, "a"), false, 5);
    const a = new FashionMNIST({ root: join(dir, "a") });
    assert.equal(a.len(), 5);
    assert.equal(a.source, join(dir, "a"));
    writeSplit(join(dir, "b"), true, 6);
    assert.equal(new FashionMNIST({ root: join(dir, "b") }).len(), 6);
    writeSplit(join(dir, "c", "FashionMNIST", "raw"), true, 7);
    const c = new FashionMNIST({ root: join(dir, "c"), download: true });
    assert.equal(c.len(), 7);
    assert.equal(c.source, join(dir, "c", "FashionMNIST", "raw"));
    writeSplit(join(dir, "d", "MNIST", "raw"), false, 8);
    assert.equal(new MNIST({ root: join(dir, "d") }).len(), 8);
    // a plain file is preferred over its .gz
    writeSplit(join(dir, "e"), true, 3);
    writeSplit(join(dir, "e"), false, 4);
    assert.equal(new FashionMNIST({ root: join(dir, "e") }).len(), 4);
  });
});

test("NNINIT_DATA comes after root and before the system copy; the subset only when nothing is configured", () => {
  withTmp((dir) => {
    writeSplit(join(dir, "env", "fashion-mnist"), true, 9);
    const env = { NNINIT_DATA: join(dir, "env") };
    const sys = [join(dir, "sys")];
    writeSplit(sys[0]!, true, 11);
    assert.equal(locate_mnist_files("FashionMNIST", {}, env, sys).source, join(dir, "env", "fashion-mnist"));
    assert.equal(locate_mnist_files("FashionMNIST", {}, NO_ENV, sys).source, "debian");
    assert.equal(locate_mnist_files("FashionMNIST", {}, NO_ENV, NO_SYSTEM).source, "embedded");
    assert.equal(locate_mnist_files("FashionMNIST", { root: sys[0] }, env, sys).source, sys[0]);
    // NNINIT_DATA without Fashion-MNIST: the system copy still counts, the subset does not
    const emptyEnv = { NNINIT_DATA: join(dir, "nothing") };
    assert.equal(locate_mnist_files("FashionMNIST", {}, emptyEnv, sys).source, "debian");
    throwsNaming(() => locate_mnist_files("FashionMNIST", {}, emptyEnv, NO_SYSTEM), RuntimeError, join(dir, "nothing"),
      /NNINIT_DATA/, /apt-get install dataset-fashion-mnist/, /unset NNINIT_DATA to use the embedded subset/);
  });
});

test("missing dataset: the error says where it looked and how to get the data", () => {
  withTmp((dir) => {
    throwsNaming(() => new FashionMNIST({ root: dir }), RuntimeError, dir,
      /no Fashion-MNIST training files/, /train-images-idx3-ubyte\[\.gz\]/, /FashionMNIST\/raw/,
      /apt-get install dataset-fashion-mnist/, /NNINIT_DATA/, /drop root to use the embedded subset/);
    throwsNaming(() => new FashionMNIST({ root: dir, train: false, download: true }), RuntimeError, dir,
      /t10k-images-idx3-ubyte/, /never downloads/);
    throwsNaming(() => locate_mnist_files("MNIST", {}, NO_ENV, [join(dir, "mnist")]), RuntimeError, join(dir, "mnist"),
      /no MNIST training files found/);
    assert.throws(() => new MNIST({ embedded: true }), (e: Error) => e instanceof ValueError && /only FashionMNIST ships one/.test(e.message));
    assert.throws(() => new FashionMNIST({ root: dir, embedded: true }), ValueError);
    assert.throws(() => new FashionMNIST({ root: 3 as never }), ArgumentTypeError);
    assert.throws(() => new FashionMNIST({ train: "no" as never }), ArgumentTypeError);
  });
});

test("a directory holding only one of the two files is an error, not skipped", () => {
  withTmp((dir) => {
    writeFileSync(join(dir, "train-images-idx3-ubyte.gz"), gzipSync(idx("images", 2)));
    throwsNaming(() => new FashionMNIST({ root: dir }), RuntimeError, join(dir, "train-labels-idx1-ubyte"), /incomplete Fashion-MNIST copy/);
  });
});

// ---------------------------------------------------------------------------------------------
// Broken files
// ---------------------------------------------------------------------------------------------

test("valid synthetic files parse, plain and gzipped, any image size", () => {
  withTmp((dir) => {
    const p = join(dir, "x-images");
    writeFileSync(p, idx("images", 3, undefined, 2, 5));
    const im = read_idx_images(p);
    assert.deepEqual([im.count, im.rows, im.cols, im.pixels.length], [3, 2, 5, 30]);
    writeFileSync(`${p}.gz`, gzipSync(idx("images", 3, undefined, 2, 5)));
    assert.deepEqual(read_idx_images(`${p}.gz`).pixels, im.pixels);
    assert.equal(parse_idx_labels(idx("labels", 0)).count, 0);
  });
});

test("corrupt IDX files: each error names the file and the problem", () => {
  withTmp((dir) => {
    const write = (name: string, b: Uint8Array): string => {
      const p = join(dir, name);
      writeFileSync(p, b);
      return p;
    };
    const good = idx("images", 4);
    const labels = idx("labels", 4);

    let p = write("empty", new Uint8Array(0));
    throwsNaming(() => read_idx_images(p), ValueError, p, /truncated header/, /0 bytes/);
    p = write("short-magic", Uint8Array.from([0, 0, 8]));
    throwsNaming(() => read_idx_images(p), ValueError, p, /truncated header/);
    p = write("text", Buffer.from("<html>404 Not Found</html>"));
    throwsNaming(() => read_idx_images(p), ValueError, p, /wrong magic number 0x3c68746d/, /not an IDX file/, /2051/);
    p = write("labels-as-images", labels);
    throwsNaming(() => read_idx_images(p), ValueError, p, /wrong magic number 0x00000801/, /looks like a label file/);
    p = write("images-as-labels", good);
    throwsNaming(() => read_idx_labels(p), ValueError, p, /wrong magic number 0x00000803/, /2049/, /looks like an image file/);
    const floaty = Buffer.from(good);
    floaty[2] = 0x0d;
    p = write("float-dtype", floaty);
    throwsNaming(() => read_idx_images(p), ValueError, p, /wrong dtype byte 0x0d/, /float32/, /unsigned bytes, dtype 0x08/);
    const odd = Buffer.from(good);
    odd[2] = 0x42;
    p = write("bad-dtype", odd);
    throwsNaming(() => read_idx_images(p), ValueError, p, /wrong dtype byte 0x42/, /not an IDX dtype/);
    p = write("header-cut", good.subarray(0, 10));
    throwsNaming(() => read_idx_images(p), ValueError, p, /truncated header/, /16 bytes/, /only 10/);
    p = write("data-short", good.subarray(0, good.length - 100));
    throwsNaming(() => read_idx_images(p), ValueError, p, /shorter than the header says/, /4 × 28 × 28/, /3136 bytes/, /100 missing/);
    p = write("data-long", Buffer.concat([good, Buffer.alloc(5)]));
    throwsNaming(() => read_idx_images(p), ValueError, p, /longer than the header says/, /5 extra/);
    p = write("labels-short", labels.subarray(0, 10));
    throwsNaming(() => read_idx_labels(p), ValueError, p, /shorter than the header says/, /2 missing/);
    const huge = Buffer.from(good);
    huge.writeUInt32BE(0xffffffff, 4);
    p = write("huge-count", huge);
    throwsNaming(() => read_idx_images(p), ValueError, p, /shorter than the header says/);
    p = write("zero-pixels", idx("images", 2, undefined, 0, 28));
    throwsNaming(() => read_idx_images(p), ValueError, p, /at least one pixel/);

    const gz = gzipSync(good);
    p = write("cut.gz", gz.subarray(0, gz.length - 20));
    throwsNaming(() => read_idx_images(p), RuntimeError, p, /gzip data is corrupt or truncated/);
    const flipped = Buffer.from(gz);
    flipped[flipped.length - 6]! ^= 0xff; // the CRC32 trailer
    p = write("crc.gz", flipped);
    throwsNaming(() => read_idx_images(p), RuntimeError, p, /gzip data is corrupt or truncated/);
    p = write("short-inside.gz", gzipSync(good.subarray(0, good.length - 1)));
    throwsNaming(() => read_idx_images(p), ValueError, p, /1 missing/);
    throwsNaming(() => read_idx_images(join(dir, "absent")), RuntimeError, join(dir, "absent"), /no such file/);
    throwsNaming(() => read_idx_images(dir), RuntimeError, dir, /directory/);
    throwsNaming(() => parse_idx_images(Uint8Array.from([1, 2])), ValueError, "<bytes>", /truncated header/);
  });
});

test("dataset-level checks: count mismatch, wrong image size, labels outside 0…9", () => {
  withTmp((dir) => {
    const put = (sub: string, images: Buffer, labels: Buffer): string => {
      const d = join(dir, sub);
      mkdirSync(d);
      writeFileSync(join(d, "train-images-idx3-ubyte"), images);
      writeFileSync(join(d, "train-labels-idx1-ubyte.gz"), gzipSync(labels));
      return d;
    };
    let d = put("count", idx("images", 5), idx("labels", 4));
    throwsNaming(() => new FashionMNIST({ root: d }), ValueError, join(d, "train-labels-idx1-ubyte.gz"),
      /holds 5 images but/, /holds 4 labels/, /counts must match/);
    d = put("size", idx("images", 2, undefined, 32, 32), idx("labels", 2));
    throwsNaming(() => new FashionMNIST({ root: d }), ValueError, join(d, "train-images-idx3-ubyte"), /32 × 32/, /28 × 28/);
    d = put("label", idx("images", 3), idx("labels", 3, (i) => (i === 2 ? 10 : 1)));
    throwsNaming(() => new FashionMNIST({ root: d }), ValueError, join(d, "train-labels-idx1-ubyte.gz"), /label 10 at index 2/);
  });
});

test("the Debian files copied into a torchvision layout load identically", { skip: SKIP_DEBIAN }, () => {
  withTmp((dir) => {
    const raw = join(dir, "FashionMNIST", "raw");
    mkdirSync(raw, { recursive: true });
    for (const f of ["t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"]) copyFileSync(join(DEBIAN, f), join(raw, f));
    const a = new FashionMNIST({ root: dir, train: false });
    const b = new FashionMNIST({ train: false });
    assert.equal(a.source, raw);
    assert.equal(sha256(a.pixels), sha256(b.pixels));
    assert.equal(sha256(a.labels), sha256(b.labels));
  });
});
