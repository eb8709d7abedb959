/**
 * `torchvision.datasets.MNIST` / `FashionMNIST` with `transform=ToTensor()`:
 * sample i is `[image, label]`, the image a float32 tensor [1, 28, 28] holding pixel/255
 * (computed in float32, as `ToTensor`'s `img.float().div(255)`), the label a number
 * (a Python int; `default_collate` turns a batch of them into an int64 tensor).
 *
 * Where the files come from, first match wins:
 *
 * 1. `root` if given (and nothing else: an empty `root` is an error);
 * 2. the directory in the environment variable `NNINIT_DATA`;
 * 3. the system copy: `/usr/share/datasets/fashion-mnist/` (Debian's `dataset-fashion-mnist`),
 *    `/usr/share/datasets/mnist/` for MNIST;
 * 4. Fashion-MNIST only: the class-balanced subset shipped in this package
 *    (`data/fashion-mnist-subset/`: 6000 training and 2000 test images), but only when neither
 *    `root` nor `NNINIT_DATA` was given, so a misconfigured path never silently trains on it.
 *
 * In a directory, the files may sit directly (`train-images-idx3-ubyte` or `….gz`), in
 * torchvision's layout (`<dir>/FashionMNIST/raw/…`, `<dir>/MNIST/raw/…`), or in a
 * subdirectory named like Debian's (`<dir>/fashion-mnist/…`, `<dir>/mnist/…`).
 * `dataset.source` tells which copy was used: `"embedded"`, `"debian"`, or the directory.
 */
import { existsSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ArgumentTypeError, RuntimeError, ValueError, show } from "../errors/index.js";
import { Tensor } from "../tensor/tensor.js";
import { checkIndex, type Dataset } from "./dataset.js";
import { read_idx_images, read_idx_labels } from "./idx.js";

export interface MNISTOptions {
  /** A directory holding the IDX files (see the module comment for the accepted layouts). */
  root?: string;
  /** The 60000-image training set (default) or, with false, the 10000-image test set. */
  train?: boolean;
  /** Accepted for torchvision compatibility. nninit never downloads: the files must be present. */
  download?: boolean;
  /** Use the subset shipped in the package even if a full copy is installed (Fashion-MNIST only). */
  embedded?: boolean;
}

/** `"embedded"`, `"debian"` (the system copy), or the directory the files were read from. */
export type MNISTSource = "embedded" | "debian" | (string & {});

interface DatasetSpec {
  /** The class name, as torchvision names its raw folder. */
  readonly name: "MNIST" | "FashionMNIST";
  readonly title: string;
  /** Debian-style directory name under a data root. */
  readonly dirName: string;
  readonly systemDirs: readonly string[];
  readonly install: string;
  readonly homepage: string;
  readonly classes: readonly string[];
  readonly embedded: boolean;
}

const FASHION: DatasetSpec = {
  name: "FashionMNIST",
  title: "Fashion-MNIST",
  dirName: "fashion-mnist",
  systemDirs: ["/usr/share/datasets/fashion-mnist"],
  install: "sudo apt-get install dataset-fashion-mnist (puts the files in /usr/share/datasets/fashion-mnist/)",
  homepage: "https://github.com/zalandoresearch/fashion-mnist",
  classes: ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"],
  embedded: true,
};

const DIGITS: DatasetSpec = {
  name: "MNIST",
  title: "MNIST",
  dirName: "mnist",
  systemDirs: ["/usr/share/datasets/mnist"],
  install: "download the four files from http://yann.lecun.com/exdb/mnist/ (or a mirror)",
  homepage: "http://yann.lecun.com/exdb/mnist/",
  classes: ["0 - zero", "1 - one", "2 - two", "3 - three", "4 - four", "5 - five", "6 - six", "7 - seven", "8 - eight", "9 - nine"],
  embedded: false,
};

const SIDE = 28;
const PIXELS = SIDE * SIDE;

/** `ToTensor`'s float32 value of each byte: fround(v / 255), which equals float32 division. */
const TO_FLOAT = new Float32Array(256);
for (let v = 0; v < 256; v++) TO_FLOAT[v] = v / 255;

function stems(train: boolean): { images: string; labels: string } {
  const p = train ? "train" : "t10k";
  return { images: `${p}-images-idx3-ubyte`, labels: `${p}-labels-idx1-ubyte` };
}

const isFile = (p: string): boolean => {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
};

/** The plain file if present, else the `.gz`, else null. */
function findFile(dir: string, stem: string): string | null {
  for (const name of [stem, `${stem}.gz`]) {
    const p = join(dir, name);
    if (isFile(p)) return p;
  }
  return null;
}

/** The directories tried under a data root, in order. */
function layouts(base: string, spec: DatasetSpec): string[] {
  return [base, join(base, spec.name, "raw"), join(base, spec.dirName)];
}

interface Found {
  images: string;
  labels: string;
  dir: string;
}

/** Finds both files in one of `dirs`; a directory holding only one of them is an error. */
function searchDirs(dirs: readonly string[], stem: { images: string; labels: string }, spec: DatasetSpec): Found | null {
  for (const dir of dirs) {
    const images = findFile(dir, stem.images);
    const labels = findFile(dir, stem.labels);
    if (images && labels) return { images, labels, dir };
    if (images || labels) {
      const [have, missing] = images ? [images, stem.labels] : [labels!, stem.images];
      throw new RuntimeError(
        `${spec.name}: incomplete ${spec.title} copy in ${dir}: found ${have} but not ${join(dir, missing)}[.gz]. ` +
          `Put both files there (from ${spec.homepage}), or remove the partial copy.`,
      );
    }
  }
  return null;
}

const EMBEDDED_CANDIDATES = [
  "../../data/fashion-mnist-subset/", // dist/data/mnist.js → the package root
  "../../../data/fashion-mnist-subset/", // build/src/data/mnist.js → the repository root
];

/** The directory of the embedded Fashion-MNIST subset, or null if this installation lacks it. */
export function embeddedSubsetDir(): string | null {
  for (const rel of EMBEDDED_CANDIDATES) {
    const dir = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(join(dir, "train-labels-idx1-ubyte.gz"))) return dir;
  }
  return null;
}

export interface Located {
  images: string;
  labels: string;
  source: MNISTSource;
}

/**
 * Resolves where a dataset's files are. Exported for tests, which pass their own
 * environment and system directories; datasets use `process.env` and the Debian paths.
 */
export function locate_mnist_files(
  kind: "MNIST" | "FashionMNIST",
  options: MNISTOptions = {},
  env: Record<string, string | undefined> = process.env,
  systemDirs?: readonly string[],
): Located {
  const spec = kind === "MNIST" ? DIGITS : FASHION;
  const { root, train = true, download = false, embedded = false } = options;
  if (typeof train !== "boolean") throw new ArgumentTypeError(`${kind}: train must be true or false, got ${show(train)}.`);
  if (typeof download !== "boolean") throw new ArgumentTypeError(`${kind}: download must be true or false, got ${show(download)}.`);
  if (root !== undefined && (typeof root !== "string" || root === "")) {
    throw new ArgumentTypeError(`${kind}: root must be a directory path (a non-empty string), got ${show(root)}.`);
  }
  const stem = stems(train);
  const split = train ? "training" : "test";
  const files = `${stem.images}[.gz] and ${stem.labels}[.gz]`;
  const sysDirs = systemDirs ?? spec.systemDirs;

  if (embedded) {
    if (!spec.embedded) throw new ValueError(`${kind}: there is no embedded subset of ${spec.title}; only FashionMNIST ships one.`);
    if (root !== undefined) throw new ValueError(`${kind}: pass either root or embedded: true, not both.`);
    return embeddedFiles(spec, stem, split);
  }

  const howTo = (extra: string[]): string =>
    [
      `To get the data: ${spec.install}`,
      `or put ${files} from ${spec.homepage} in a directory and pass it as root (or set NNINIT_DATA to it)`,
      ...extra,
    ].join("; ") + "." + (download ? " (download: true is accepted, but nninit never downloads anything.)" : "");

  if (root !== undefined) {
    const base = resolve(root);
    const found = searchDirs(layouts(base, spec), stem, spec);
    if (found) return { images: found.images, labels: found.labels, source: found.dir };
    throw new RuntimeError(
      `${kind}: no ${spec.title} ${split} files in root ${show(root)}. Looked for ${files} in ${layouts(base, spec).join(", ")}. ` +
        howTo(spec.embedded ? ["or drop root to use the embedded subset (6000 training / 2000 test images)"] : []),
    );
  }

  const envDir = env.NNINIT_DATA;
  const looked: string[] = [];
  if (envDir !== undefined && envDir !== "") {
    const dirs = layouts(resolve(envDir), spec);
    looked.push(...dirs.map((d) => `${d} (NNINIT_DATA)`));
    const found = searchDirs(dirs, stem, spec);
    if (found) return { images: found.images, labels: found.labels, source: found.dir };
  }
  const sys = searchDirs(sysDirs, stem, spec);
  if (sys) return { images: sys.images, labels: sys.labels, source: "debian" };
  looked.push(...sysDirs);

  if (spec.embedded && (envDir === undefined || envDir === "")) return embeddedFiles(spec, stem, split);
  throw new RuntimeError(
    `${kind}: no ${spec.title} ${split} files found. Looked for ${files} in ${looked.join(", ")}. ` +
      howTo(spec.embedded ? ["or unset NNINIT_DATA to use the embedded subset (6000 training / 2000 test images)"] : []),
  );
}

function embeddedFiles(spec: DatasetSpec, stem: { images: string; labels: string }, split: string): Located {
  const dir = embeddedSubsetDir();
  const found = dir === null ? null : searchDirs([dir], stem, spec);
  if (!found) {
    throw new RuntimeError(
      `${spec.name}: the embedded ${spec.title} subset (${split}) is missing from this installation ` +
        `(expected data/fashion-mnist-subset/ in the package). Reinstall nninit, or use the full data: ${spec.install}.`,
    );
  }
  return { images: found.images, labels: found.labels, source: "embedded" };
}

/** The common part of MNIST and FashionMNIST. */
export class IdxImageDataset implements Dataset<[Tensor<"float32">, number], [Tensor<"float32">, Tensor<"int64">]> {
  readonly train: boolean;
  /** `"embedded"`, `"debian"`, or the directory the files came from. */
  readonly source: MNISTSource;
  readonly images_file: string;
  readonly labels_file: string;
  /** All pixels as bytes, N × 28 × 28 (torchvision's `data`, as a flat array). */
  readonly pixels: Uint8Array;
  /** All labels, 0…9 (torchvision's `targets`, as bytes). */
  readonly labels: Uint8Array;
  readonly classes: readonly string[];
  readonly class_to_idx: Readonly<Record<string, number>>;
  #images: Tensor<"float32"> | null = null;
  #targets: Tensor<"int64"> | null = null;

  protected constructor(kind: "MNIST" | "FashionMNIST", options: MNISTOptions) {
    if (options === null || typeof options !== "object") {
      throw new ArgumentTypeError(`${kind}: options must be an object such as { train: false }, got ${show(options)}.`);
    }
    const where = locate_mnist_files(kind, options);
    const spec = kind === "MNIST" ? DIGITS : FASHION;
    const images = read_idx_images(where.images);
    const labels = read_idx_labels(where.labels);
    if (images.rows !== SIDE || images.cols !== SIDE) {
      throw new ValueError(`${where.images}: images are ${images.rows} × ${images.cols}; ${spec.title} images are 28 × 28.`);
    }
    if (images.count !== labels.count) {
      throw new ValueError(
        `${kind}: ${where.images} holds ${images.count} images but ${where.labels} holds ${labels.count} labels; ` +
          `the counts must match (are both from the same split and the same dataset?).`,
      );
    }
    const bad = labels.labels.findIndex((v) => v >= spec.classes.length);
    if (bad >= 0) {
      throw new ValueError(`${where.labels}: label ${labels.labels[bad]} at index ${bad} is not a class index 0…${spec.classes.length - 1}.`);
    }
    this.train = options.train ?? true;
    this.source = where.source;
    this.images_file = where.images;
    this.labels_file = where.labels;
    this.pixels = images.pixels;
    this.labels = labels.labels;
    this.classes = spec.classes;
    this.class_to_idx = Object.freeze(Object.fromEntries(spec.classes.map((c, i) => [c, i])));
  }

  len(): number {
    return this.labels.length;
  }

  /** `[image float32 [1, 28, 28], label]`, as torchvision with `ToTensor()`. */
  get(index: number): [Tensor<"float32">, number] {
    const i = checkIndex(index, this.len(), `${this.constructor.name}.get`);
    const out = new Float32Array(PIXELS);
    const px = this.pixels;
    const base = i * PIXELS;
    for (let k = 0; k < PIXELS; k++) out[k] = TO_FLOAT[px[base + k]!]!;
    return [new Tensor([1, SIDE, SIDE], "float32", out), this.labels[i]!];
  }

  /** The collated batch `[images float32 [B, 1, 28, 28], labels int64 [B]]`, built directly. */
  get_batch(indices: readonly number[]): [Tensor<"float32">, Tensor<"int64">] {
    const n = this.len();
    const name = `${this.constructor.name}.get_batch`;
    const b = indices.length;
    const images = new Float32Array(b * PIXELS);
    const labels = new BigInt64Array(b);
    const px = this.pixels;
    for (let j = 0; j < b; j++) {
      const i = checkIndex(indices[j]!, n, name);
      const src = i * PIXELS;
      const dst = j * PIXELS;
      for (let k = 0; k < PIXELS; k++) images[dst + k] = TO_FLOAT[px[src + k]!]!;
      labels[j] = BigInt(this.labels[i]!);
    }
    return [new Tensor([b, 1, SIDE, SIDE], "float32", images), new Tensor([b], "int64", labels)];
  }

  /** The whole split as two tensors, `[images float32 [N, 1, 28, 28], labels int64 [N]]`, built once. */
  tensors(): [Tensor<"float32">, Tensor<"int64">] {
    if (this.#images === null) {
      const px = this.pixels;
      const images = new Float32Array(px.length);
      for (let k = 0; k < px.length; k++) images[k] = TO_FLOAT[px[k]!]!;
      this.#images = new Tensor([this.len(), 1, SIDE, SIDE], "float32", images);
    }
    return [this.#images, this.targets];
  }

  /** The labels as an int64 tensor [N] (torchvision's `targets`), built once. */
  get targets(): Tensor<"int64"> {
    if (this.#targets === null) {
      this.#targets = new Tensor([this.len()], "int64", BigInt64Array.from(this.labels, (v) => BigInt(v)));
    }
    return this.#targets;
  }
}

/** `torchvision.datasets.FashionMNIST(root, train=True, transform=ToTensor())`. */
export class FashionMNIST extends IdxImageDataset {
  constructor(options: MNISTOptions = {}) {
    super("FashionMNIST", options);
  }
}

/** `torchvision.datasets.MNIST(root, train=True, transform=ToTensor())`. */
export class MNIST extends IdxImageDataset {
  constructor(options: MNISTOptions = {}) {
    super("MNIST", options);
  }
}
