/**
 * Fashion-MNIST for the lab, held as flat arrays for fast batching: images as float32
 * pixel/255 (torchvision's `ToTensor`), N × 784, and labels as int32 (cross_entropy accepts
 * int32 targets, which spares a BigInt per label).
 */
import { FashionMNIST } from "../../data/mnist.js";
import { Generator } from "../../random/generator.js";
import { randperm } from "../../tensor/factories.js";
import { Tensor } from "../../tensor/tensor.js";
import type { DataInfo } from "../types.js";

export const PIXELS = 784;
export const CLASSES = 10;

export interface Split {
  /** N × 784 pixels in [0, 1], row-major. */
  readonly x: Float32Array;
  readonly y: Int32Array;
  readonly n: number;
}

export interface LabData {
  readonly train: Split;
  readonly test: Split;
  readonly info: DataInfo;
}

export interface DataOptions {
  data?: string;
  full?: boolean;
}

function split(ds: FashionMNIST): Split {
  const [images] = ds.tensors();
  return { x: images.data, y: Int32Array.from(ds.labels), n: ds.len() };
}

/**
 * Loads both splits: `options.data` if given (a missing or unreadable directory raises the
 * dataset's own error, which says how to get the files), else the full installed copy with
 * `full`, else the embedded 6000/2000 subset.
 */
export function loadData(options: DataOptions): LabData {
  const embedded = !options.full && !options.data;
  const open = (train: boolean): FashionMNIST => new FashionMNIST({ train, root: options.data, embedded });
  const train = open(true);
  const test = open(false);
  return {
    train: split(train),
    test: split(test),
    info: { dataset: "Fashion-MNIST", source: train.source, train_size: train.len(), test_size: test.len() },
  };
}

/** The rows `indices` of a split as a [b, 784] float32 tensor and an int32 label tensor [b]. */
export function batch(s: Split, indices: ArrayLike<number>): [Tensor<"float32">, Tensor<"int32">] {
  const b = indices.length;
  const x = new Float32Array(b * PIXELS);
  const y = new Int32Array(b);
  for (let j = 0; j < b; j++) {
    const i = indices[j]!;
    x.set(s.x.subarray(i * PIXELS, (i + 1) * PIXELS), j * PIXELS);
    y[j] = s.y[i]!;
  }
  return [new Tensor([b, PIXELS], "float32", x), new Tensor([b], "int32", y)];
}

/** Rows [start, start + count) of a split, without copying the pixels. */
export function slice(s: Split, start: number, count: number): [Tensor<"float32">, Tensor<"int32">] {
  const end = Math.min(s.n, start + count);
  return [
    new Tensor([end - start, PIXELS], "float32", s.x.subarray(start * PIXELS, end * PIXELS)),
    new Tensor([end - start], "int32", s.y.subarray(start, end)),
  ];
}

/** The first `count` indices of the split taking classes in turn, so any prefix is class-balanced. */
export function balancedIndices(s: Split, count: number): number[] {
  const byClass: number[][] = Array.from({ length: CLASSES }, () => []);
  for (let i = 0; i < s.n; i++) byClass[s.y[i]!]!.push(i);
  const out: number[] = [];
  for (let k = 0; out.length < Math.min(count, s.n); k++) {
    for (let c = 0; c < CLASSES && out.length < count; c++) {
      const idx = byClass[c]![k];
      if (idx !== undefined) out.push(idx);
    }
  }
  return out;
}

/** Images per class in a split. */
export function classCounts(s: Split): number[] {
  const counts = new Array<number>(CLASSES).fill(0);
  for (let i = 0; i < s.n; i++) counts[s.y[i]!]!++;
  return counts;
}

/**
 * An endless shuffled stream of mini-batch index lists over `n` examples: each epoch is a
 * fresh `torch.randperm(n, generator=g)` from a generator seeded with `seed`, cut into
 * batches of `size` (the last one of an epoch may be smaller, as DataLoader's drop_last=False).
 */
export class Batches {
  readonly #gen: Generator;
  #perm: number[] = [];
  #pos = 0;
  epoch = 0;

  constructor(readonly n: number, readonly size: number, seed: number) {
    this.#gen = new Generator().manual_seed(seed);
  }

  /** Batches per epoch. */
  get perEpoch(): number {
    return Math.ceil(this.n / this.size);
  }

  next(): number[] {
    if (this.#pos >= this.#perm.length) {
      this.#perm = Array.from(randperm(this.n, { generator: this.#gen }).data as BigInt64Array, Number);
      this.#pos = 0;
      this.epoch++;
    }
    const out = this.#perm.slice(this.#pos, this.#pos + this.size);
    this.#pos += this.size;
    return out;
  }
}

/** A new split holding copies of the rows `indices`, in that order. */
export function subsetSplit(s: Split, indices: readonly number[]): Split {
  const [x, y] = batch(s, indices);
  return { x: x.data, y: y.data, n: indices.length };
}
