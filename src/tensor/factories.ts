/**
 * Tensor factories with PyTorch's names and calling styles: sizes as `f(3, 4)` or
 * `f([3, 4])`, and PyTorch's keyword arguments in a trailing options object.
 */
import { ArgumentTypeError, OverflowError, RuntimeError, ShapeError, ValueError, show } from "../errors/index.js";
import { behaviour } from "../compat.js";
import { resolveGenerator } from "../random/default.js";
import type { Generator } from "../random/generator.js";
import { fillRandint, fillRandperm } from "../random/integers.js";
import { checkDtype, type DType } from "./dtype.js";
import { normalFill, uniformFill } from "./random-ops.js";
import { parseShapeArgs, type Shape } from "./shape.js";
import { Tensor, type NestedList } from "./tensor.js";

export interface TensorOptions<D extends DType = DType> {
  dtype?: D;
}
export interface RandomOptions<D extends DType = DType> extends TensorOptions<D> {
  generator?: Generator;
}

/** The argument list of a sized factory: `(3, 4)`, `(3, 4, opts)`, `([3, 4])` or `([3, 4], opts)`. */
export type SizeArgs<O> = number[] | [...number[], O] | [Shape] | [Shape, O];

function make<D extends DType>(args: readonly unknown[], fnName: string): [Tensor<D>, RandomOptions<D>] {
  const [shape, opts] = parseShapeArgs<RandomOptions<D>>(args, fnName);
  const dtype = checkDtype(opts.dtype ?? "float32", fnName) as D;
  return [new Tensor(shape, dtype), opts];
}

/** Uninitialised in PyTorch; here zero-filled, and it draws nothing from any generator. */
export function empty<D extends DType = "float32">(...args: SizeArgs<TensorOptions<D>>): Tensor<D> {
  return make<D>(args, "empty")[0];
}

export function zeros<D extends DType = "float32">(...args: SizeArgs<TensorOptions<D>>): Tensor<D> {
  return make<D>(args, "zeros")[0];
}

export function ones<D extends DType = "float32">(...args: SizeArgs<TensorOptions<D>>): Tensor<D> {
  return full(make<D>(args, "ones")[0], 1);
}

/** `torch.full(size, fill_value)`. */
export function full<D extends DType = "float32">(
  size: Shape | Tensor<D>,
  fill_value: number | bigint,
  options: TensorOptions<D> = {},
): Tensor<D> {
  const t = size instanceof Tensor ? size : make<D>([size, options], "full")[0];
  fillWith(t, fill_value, "full");
  return t;
}

/** Writes one value into every element, converting to the tensor's dtype. */
export function fillWith(t: Tensor, value: number | bigint, fnName: string): void {
  if (t.dtype === "int64" || t.dtype === "int32") {
    if (typeof value === "number" && !Number.isFinite(value)) {
      throw new ValueError(`${fnName}: value ${show(value)} cannot be converted to ${t.dtype} without overflow. Pass a finite number.`);
    }
    // Like PyTorch's fill_, a fractional value is cast toward zero (0.5 → 0).
    const v = typeof value === "number" ? Math.trunc(value) : value;
    if (t.dtype === "int64") (t.data as BigInt64Array).fill(BigInt(v));
    else (t.data as Int32Array).fill(Number(v));
  } else if (typeof value === "number" || typeof value === "bigint") {
    (t.data as Float32Array | Float64Array).fill(Number(value));
  } else {
    throw new ArgumentTypeError(`${fnName}: value must be a number, got ${typeof value} ${show(value)}.`);
  }
}

/** `torch.eye(n, m?)`: ones on the main diagonal. */
export function eye<D extends DType = "float32">(n: number, m?: number | TensorOptions<D>, options?: TensorOptions<D>): Tensor<D> {
  const cols = typeof m === "number" ? m : n;
  const opts = (typeof m === "object" ? m : options) ?? {};
  const t = make<D>([[n, cols], opts], "eye")[0];
  for (let i = 0; i < Math.min(n, cols); i++) setOne(t, i * cols + i);
  return t;
}

/** Sets element `index` (row-major) to one. */
export function setOne(t: Tensor, index: number): void {
  if (t.dtype === "int64") (t.data as BigInt64Array)[index] = 1n;
  else (t.data as Float32Array | Float64Array | Int32Array)[index] = 1;
}

/** `torch.tensor(data)`: nested arrays of numbers (float32 by default) or bigints (int64). */
export function tensor<D extends DType = "float32">(data: NestedList | ArrayLike<number>, options: TensorOptions<D> = {}): Tensor<D> {
  const shape: number[] = [];
  let probe: unknown = ArrayBuffer.isView(data) ? Array.from(data as ArrayLike<number>) : data;
  while (Array.isArray(probe)) {
    shape.push(probe.length);
    probe = probe[0];
  }
  const flat = (Array.isArray(data) ? (data as unknown[]).flat(Infinity) : ArrayBuffer.isView(data) ? Array.from(data as ArrayLike<number>) : [data]) as unknown[];
  if (flat.length !== shape.reduce((a, b) => a * b, 1)) {
    throw new ShapeError(`tensor: data is ragged; every nested list must have the same length (shape so far ${show(shape)}).`);
  }
  const inferred: DType = typeof flat[0] === "bigint" ? "int64" : "float32";
  const dtype = checkDtype(options.dtype ?? inferred, "tensor") as D;
  const t = new Tensor(shape, dtype);
  flat.forEach((v, i) => {
    if (typeof v !== "number" && typeof v !== "bigint") {
      throw new ArgumentTypeError(`tensor: element ${i} is ${typeof v} ${show(v)}; only numbers and bigints are allowed.`);
    }
    if (dtype === "int64" || dtype === "int32") {
      if (typeof v === "number" && !Number.isInteger(v)) {
        throw new ValueError(`tensor: element ${i} = ${show(v)} is not an integer, so it cannot be ${dtype}.`);
      }
      if (dtype === "int64") (t.data as BigInt64Array)[i] = BigInt(v);
      else (t.data as Int32Array)[i] = Number(v);
    } else {
      (t.data as Float32Array | Float64Array)[i] = Number(v);
    }
  });
  return t;
}

/** `torch.rand`: U[0, 1), one draw per float32 element, two per float64. */
export function rand<D extends "float32" | "float64" = "float32">(...args: SizeArgs<RandomOptions<D>>): Tensor<D> {
  const [t, opts] = make<D>(args, "rand");
  uniformFill(t, 0, 1, opts, "rand");
  return t;
}

/** `torch.randn`: N(0, 1) through PyTorch's vectorised (n ≥ 16) or scalar path. */
export function randn<D extends "float32" | "float64" = "float32">(...args: SizeArgs<RandomOptions<D>>): Tensor<D> {
  const [t, opts] = make<D>(args, "randn");
  normalFill(t, 0, 1, opts, "randn");
  return t;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** A randint bound as PyTorch's binding reads it: an integer that fits int64. */
function toBigInt(v: unknown, argName: string): bigint {
  let b: bigint;
  if (typeof v === "bigint") b = v;
  else if (typeof v === "number" && Number.isSafeInteger(v)) b = BigInt(v);
  else throw new ArgumentTypeError(`randint: ${argName} must be an integer (number or bigint), got ${show(v)}.`);
  if (b < INT64_MIN || b > INT64_MAX) {
    throw new OverflowError(`randint: Overflow when unpacking ${behaviour.unpackTypeName()}: ${argName}=${b} does not fit int64 [${INT64_MIN}, ${INT64_MAX}].`);
  }
  return b;
}

/** Significand bits of each float dtype (`std::numeric_limits<T>::digits`). */
const FLOAT_DIGITS: Partial<Record<DType, number>> = { float32: 24, float64: 53 };

function floorLog2(x: bigint): number {
  return x.toString(2).length - 1;
}

/**
 * ATen's `update_from`/`update_to` for float dtypes: when `from + 1` or `to − 1` is not
 * representable, the bound moves inwards to the nearest value that is, so every result
 * of `from + draw mod (to − from)` exists in the dtype.
 */
function floatAdjustedBounds(dtype: DType, from: bigint, to: bigint): [bigint, bigint] {
  const digits = FLOAT_DIGITS[dtype];
  if (digits === undefined) return [from, to];
  const cast = (x: bigint): bigint => {
    const f = dtype === "float32" ? Math.fround(Number(x)) : Number(x);
    return BigInt(f);
  };
  const fromPlus1 = cast(from + 1n);
  if (fromPlus1 < from) {
    const n = floorLog2(from + 1n < 0n ? -(from + 1n) : from + 1n);
    from = fromPlus1 + (1n << BigInt(n - digits + 1));
  }
  const toMinus1 = cast(to - 1n);
  if (toMinus1 >= to) {
    const n = floorLog2(to - 1n < 0n ? -(to - 1n) : to - 1n);
    to = toMinus1 - (1n << BigInt(n - digits + 1));
  }
  return [from, to];
}

/**
 * `torch.randint(low, high, size)` or `torch.randint(high, size)`: integers in [low, high),
 * int64 by default. `low + draw mod (high − low)`, with 64-bit draws for wide ranges.
 */
export function randint<D extends DType = "int64">(
  ...args: [number | bigint, Shape] | [number | bigint, Shape, RandomOptions<D>] | [number | bigint, number | bigint, Shape] | [number | bigint, number | bigint, Shape, RandomOptions<D>]
): Tensor<D> {
  const hasLow = args.length >= 3 && Array.isArray(args[2]);
  const [lowArg, highArg, size, opts] = hasLow
    ? [args[0], args[1] as number | bigint, args[2] as Shape, (args[3] ?? {}) as RandomOptions<D>]
    : [0, args[0], args[1] as Shape, (args[2] ?? {}) as RandomOptions<D>];
  const low = toBigInt(lowArg, "low");
  const high = toBigInt(highArg, "high");
  if (!Array.isArray(size)) {
    throw new ArgumentTypeError(`randint: size must be an array such as [3, 4], got ${show(size)}.`);
  }
  const [t] = make<D>([size, { ...opts, dtype: opts.dtype ?? "int64" }], "randint");
  if (!(low < high)) {
    throw new RuntimeError(
      `randint: random_ expects 'from' to be less than 'to', but got from=${low} >= to=${high}. Pass low < high.`,
    );
  }
  const [from, to] = floatAdjustedBounds(t.dtype, low, high);
  if (!(from < to)) {
    throw new RuntimeError(
      `randint: random_ expects 'from' casted to dtype to be less than 'to' casted to dtype, but got from=${from} >= to=${to}. Use float64 or a wider range.`,
    );
  }
  checkRandintRange(t.dtype, from, to);
  const gen = resolveGenerator(opts.generator, "randint");
  fillRandint(gen, t.data as BigInt64Array | Int32Array | Float32Array | Float64Array, from, to);
  return t;
}

/** ATen's `check_from_to_in_range`: `from` and `to − 1` must be representable in the dtype. */
function checkRandintRange(dtype: DType, low: bigint, high: bigint): void {
  const limits: Partial<Record<DType, [bigint, bigint, string]>> = {
    int32: [-(2n ** 31n), 2n ** 31n - 1n, "int"],
    int64: [-(2n ** 63n), 2n ** 63n - 1n, "long"],
  };
  const lim = limits[dtype];
  if (lim === undefined) return;
  for (const [name, v] of [["from", low], ["to - 1", high - 1n]] as const) {
    if (v < lim[0] || v > lim[1]) {
      throw new RuntimeError(
        `randint: ${name} is out of bounds for ${lim[2]}: ${name}=${v} is outside [${lim[0]}, ${lim[1]}]. Use a wider dtype or a smaller range.`,
      );
    }
  }
}

/** `torch.randperm(n)`: a random permutation of 0..n-1 (int64), by PyTorch's Fisher–Yates. */
export function randperm<D extends DType = "int64">(n: number, options: RandomOptions<D> = {}): Tensor<D> {
  if (typeof n !== "number" || !Number.isInteger(n)) {
    throw new ArgumentTypeError(`randperm: n must be an integer, got ${show(n)}.`);
  }
  if (n < 0) throw new ShapeError(`randperm: Trying to create tensor with negative dimension ${n}: [${n}]. n must be >= 0.`);
  const dtype = checkDtype(options.dtype ?? "int64", "randperm") as D;
  const gen = resolveGenerator(options.generator, "randperm");
  const perm = new BigInt64Array(n);
  fillRandperm(gen, perm);
  if (dtype === "int64") return new Tensor([n], dtype, perm as never);
  const t = new Tensor([n], dtype);
  (t.data as Float32Array | Float64Array).set(Array.from(perm, Number));
  return t;
}
