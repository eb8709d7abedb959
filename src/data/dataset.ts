/**
 * `torch.utils.data.Dataset` (map-style), `TensorDataset`, and `default_collate`.
 *
 * A dataset has `len()` and `get(i)` (PyTorch's `__len__` and `__getitem__`). It may also
 * have `get_batch(indices)`, which returns directly what `default_collate` would make of
 * `indices.map((i) => get(i))`; the DataLoader then skips building one small tensor per
 * sample (PyTorch 2.x has the same hook, `__getitems__`).
 */
import { ArgumentTypeError, IndexError, ShapeError, ValueError, show } from "../errors/index.js";
import { allocate, sliceData, type AnyData, type DType } from "../tensor/dtype.js";
import { Tensor } from "../tensor/tensor.js";

export interface Dataset<T = unknown, B = Collated<T>> {
  len(): number;
  get(index: number): T;
  /** Optional: the collated batch of these samples, as `default_collate` would give. */
  get_batch?(indices: readonly number[]): B;
}

/** What `default_collate` makes of a list of samples of type T. */
export type Collated<T> = T extends Tensor<infer D>
  ? Tensor<D>
  : T extends bigint
    ? Tensor<"int64">
    : T extends number
      ? Tensor<"int64" | "float64">
      : T extends string
        ? string[]
        : T extends readonly unknown[]
          ? { -readonly [K in keyof T]: Collated<T[K]> }
          : T extends object
            ? { [K in keyof T]: Collated<T[K]> }
            : never;

/** Checks a sample index against a length and resolves negative indices, as tensor indexing does. */
export function checkIndex(index: number, length: number, what: string): number {
  if (typeof index !== "number" || !Number.isInteger(index)) {
    throw new ArgumentTypeError(`${what}: index must be an integer, got ${show(index)}.`);
  }
  if (index < -length || index >= length) {
    throw new IndexError(`${what}: index ${index} is out of bounds for dimension 0 with size ${length}.`);
  }
  return index < 0 ? index + length : index;
}

/** Row `i` of a contiguous tensor, as a view over the same storage (like `t[i]`). */
function row<D extends DType>(t: Tensor<D>, i: number): Tensor<D> {
  const inner = t.shape.slice(1);
  const stride = inner.reduce((a, b) => a * b, 1);
  return new Tensor(inner, t.dtype, sliceData(t.data as AnyData, i * stride, (i + 1) * stride) as Tensor<D>["data"]);
}

/** Rows `indices` of a contiguous tensor, copied into a new [indices.length, ...] tensor. */
export function gatherRows<D extends DType>(t: Tensor<D>, indices: readonly number[]): Tensor<D> {
  const inner = t.shape.slice(1);
  const stride = inner.reduce((a, b) => a * b, 1);
  const src = t.data as AnyData;
  const out = allocate(t.dtype, indices.length * stride) as AnyData;
  indices.forEach((r, k) => {
    if (stride === 1) out[k] = src[r]!;
    else (out as Float32Array).set((src as Float32Array).subarray(r * stride, (r + 1) * stride), k * stride);
  });
  return new Tensor([indices.length, ...inner], t.dtype, out as Tensor<D>["data"]);
}

type TensorTuple = readonly Tensor[];

/**
 * `TensorDataset(*tensors)`: sample i is `[t[i] for t in tensors]`, each row a view of its tensor.
 * Every tensor must have the same size in dimension 0.
 */
export class TensorDataset<T extends TensorTuple = Tensor[]> implements Dataset<{ -readonly [K in keyof T]: T[K] }> {
  readonly tensors: T;

  constructor(...tensors: T) {
    if (tensors.length === 0) {
      throw new ValueError("TensorDataset: pass at least one tensor, e.g. new TensorDataset(x, y).");
    }
    tensors.forEach((t, k) => {
      if (!(t instanceof Tensor)) {
        throw new ArgumentTypeError(`TensorDataset: argument ${k} is ${show(t)}, not a Tensor.`);
      }
      if (t.dim() === 0) {
        throw new ShapeError(`TensorDataset: tensor ${k} is 0-dimensional; every tensor needs a first dimension to index.`);
      }
    });
    const n = tensors[0]!.shape[0]!;
    const bad = tensors.findIndex((t) => t.shape[0] !== n);
    if (bad >= 0) {
      throw new ShapeError(
        `TensorDataset: Size mismatch between tensors: tensor 0 has ${n} rows but tensor ${bad} has ${tensors[bad]!.shape[0]} (shapes ${tensors.map((t) => `[${t.shape.join(", ")}]`).join(", ")}).`,
      );
    }
    this.tensors = tensors;
  }

  len(): number {
    return this.tensors[0]!.shape[0]!;
  }

  get(index: number): { -readonly [K in keyof T]: T[K] } {
    const i = checkIndex(index, this.len(), "TensorDataset.get");
    return this.tensors.map((t) => row(t, i)) as unknown as { -readonly [K in keyof T]: T[K] };
  }

  get_batch(indices: readonly number[]): Collated<{ -readonly [K in keyof T]: T[K] }> {
    const n = this.len();
    const rows = indices.map((i) => checkIndex(i, n, "TensorDataset.get_batch"));
    return this.tensors.map((t) => gatherRows(t, rows)) as unknown as Collated<{ -readonly [K in keyof T]: T[K] }>;
  }
}

/**
 * `default_collate`: merges a list of samples into a batch.
 *
 * - Tensors are stacked into a new first dimension (same shape and dtype required).
 * - bigints become an int64 tensor. Numbers become int64 if every one is an integer
 *   (a Python `int`) and float64 otherwise (a Python `float`): JavaScript cannot tell `1`
 *   from `1.0`, so a float column that happens to hold only whole numbers comes out int64.
 * - Strings are returned as the list.
 * - Arrays (tuples) and plain objects are collated element by element / key by key.
 */
export function default_collate<T>(batch: readonly T[]): Collated<T> {
  return collate(batch as readonly unknown[], "default_collate") as Collated<T>;
}

function collate(batch: readonly unknown[], where: string): unknown {
  if (batch.length === 0) throw new ValueError(`${where}: cannot collate an empty batch.`);
  const first = batch[0];
  if (first instanceof Tensor) {
    batch.forEach((t, k) => {
      if (!(t instanceof Tensor)) {
        throw new ArgumentTypeError(`${where}: element 0 is a Tensor but element ${k} is ${show(t)}.`);
      }
      if (t.dtype !== first.dtype || t.shape.length !== first.shape.length || t.shape.some((d, j) => d !== first.shape[j])) {
        throw new ShapeError(
          `${where}: stack expects each tensor to be equal size, but got [${first.shape.join(", ")}] (${first.dtype}) at entry 0 and [${t.shape.join(", ")}] (${t.dtype}) at entry ${k}.`,
        );
      }
    });
    const m = first.numel();
    const out = allocate(first.dtype, batch.length * m) as Float32Array;
    batch.forEach((t, k) => out.set((t as Tensor).data as Float32Array, k * m));
    return new Tensor([batch.length, ...first.shape], first.dtype, out);
  }
  if (typeof first === "bigint" || typeof first === "number") {
    if (batch.every((v) => typeof v === "bigint")) {
      return new Tensor([batch.length], "int64", BigInt64Array.from(batch as bigint[]));
    }
    if (batch.every((v) => typeof v === "number")) {
      const nums = batch as number[];
      if (nums.every((v) => Number.isSafeInteger(v))) {
        return new Tensor([batch.length], "int64", BigInt64Array.from(nums, (v) => BigInt(v)));
      }
      return new Tensor([batch.length], "float64", Float64Array.from(nums));
    }
    throw new ArgumentTypeError(`${where}: the batch mixes numbers, bigints and other values: ${show(batch.slice(0, 8))}.`);
  }
  if (typeof first === "string") {
    if (!batch.every((v) => typeof v === "string")) {
      throw new ArgumentTypeError(`${where}: element 0 is a string but not every element is.`);
    }
    return batch.slice();
  }
  if (Array.isArray(first)) {
    const len = first.length;
    const k = batch.findIndex((s) => !Array.isArray(s) || s.length !== len);
    if (k >= 0) {
      throw new ShapeError(`${where}: each element in list of batch should be of equal size: element 0 has ${len} fields, element ${k} is ${Array.isArray(batch[k]) ? `${(batch[k] as unknown[]).length} long` : show(batch[k])}.`);
    }
    return Array.from({ length: len }, (_, j) => collate(batch.map((s) => (s as unknown[])[j]), `${where} (field ${j})`));
  }
  if (typeof first === "object" && first !== null && Object.getPrototypeOf(first) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(first)) {
      out[key] = collate(batch.map((s) => (s as Record<string, unknown>)[key]), `${where} (key ${show(key)})`);
    }
    return out;
  }
  throw new ArgumentTypeError(
    `${where}: default_collate: batch must contain tensors, numbers, bigints, strings, arrays or plain objects; found ${typeof first} ${show(first)}.`,
  );
}
