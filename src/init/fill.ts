/**
 * The deterministic and the plain random fills of `torch.nn.init`: `uniform_`, `normal_`,
 * `constant_`, `ones_`, `zeros_`, `eye_` and `dirac_`. All are in place and return the tensor.
 */
import { ArgumentTypeError, IndexError, ValueError, show } from "../errors/index.js";
import { fillWith, setOne } from "../tensor/factories.js";
import { normalFill, uniformFill, type GeneratorOption } from "../tensor/random-ops.js";
import type { Tensor } from "../tensor/tensor.js";
import { requireTensor } from "./checks.js";

export interface UniformOptions extends GeneratorOption {
  /** Lower bound (default 0). */
  a?: number;
  /** Upper bound (default 1). */
  b?: number;
}

export interface NormalOptions extends GeneratorOption {
  mean?: number;
  std?: number;
}

/**
 * Fills with U(a, b): one draw per float32 element, `fma(x, b − a, a)` with x ∈ [0, 1).
 * @example nn.init.uniform_(empty(3, 5), { a: -0.1, b: 0.1 })
 */
export function uniform_<T extends Tensor>(tensor: T, options: UniformOptions = {}): T {
  requireTensor(tensor, "uniform_");
  options ??= {}; // null is accepted like omitted options
  return uniformFill(tensor, options.a ?? 0, options.b ?? 1, options, "uniform_") as T;
}

/**
 * Fills with N(mean, std²), through PyTorch's vectorised (n ≥ 16) or scalar path.
 * @example nn.init.normal_(empty(3, 5), { mean: 0, std: 0.01 })
 */
export function normal_<T extends Tensor>(tensor: T, options: NormalOptions = {}): T {
  requireTensor(tensor, "normal_");
  options ??= {}; // null is accepted like omitted options
  return normalFill(tensor, options.mean ?? 0, options.std ?? 1, options, "normal_") as T;
}

/**
 * Fills with the value `val`. Draws nothing.
 * @example nn.init.constant_(empty(3, 5), 0.3)
 */
export function constant_<T extends Tensor>(tensor: T, val: number): T {
  requireTensor(tensor, "constant_");
  if (typeof val !== "number" && typeof val !== "bigint") {
    throw new ArgumentTypeError(`constant_: val must be a number, got ${typeof val} ${show(val)}. Example: constant_(w, 0.3).`);
  }
  fillWith(tensor, val, "constant_");
  return tensor;
}

/** Fills with 1. */
export function ones_<T extends Tensor>(tensor: T): T {
  requireTensor(tensor, "ones_");
  fillWith(tensor, 1, "ones_");
  return tensor;
}

/** Fills with 0. */
export function zeros_<T extends Tensor>(tensor: T): T {
  requireTensor(tensor, "zeros_");
  fillWith(tensor, 0, "zeros_");
  return tensor;
}

/**
 * The identity matrix on a 2-D tensor (ones on the main diagonal, also when not square),
 * which preserves the identity of the inputs in a Linear layer.
 */
export function eye_<T extends Tensor>(tensor: T): T {
  requireTensor(tensor, "eye_");
  if (tensor.dim() !== 2) {
    throw new ValueError(`Only tensors with 2 dimensions are supported; eye_ got shape ${show(tensor.shape)}. Use a (rows, cols) weight.`);
  }
  fillWith(tensor, 0, "eye_");
  const [rows, cols] = tensor.shape as [number, number];
  for (let i = 0; i < Math.min(rows, cols); i++) setOne(tensor, i * cols + i);
  return tensor;
}

export interface DiracOptions {
  /** Number of groups of the convolution (default 1); each group keeps its own identity. */
  groups?: number;
}

/**
 * The Dirac delta on a 3-, 4- or 5-D convolution weight: 1 at the centre tap of
 * [g·(out/groups) + d, d], so the convolution passes min(out/groups, in) channels through.
 */
export function dirac_<T extends Tensor>(tensor: T, options: DiracOptions = {}): T {
  requireTensor(tensor, "dirac_");
  options ??= {}; // null is accepted like omitted options
  const groups = options.groups ?? 1;
  const dims = tensor.dim();
  if (dims < 3 || dims > 5) {
    throw new ValueError(`Only tensors with 3, 4, or 5 dimensions are supported; dirac_ got shape ${show(tensor.shape)}. Use a Conv1d/2d/3d weight.`);
  }
  if (typeof groups !== "number" || !Number.isInteger(groups) || groups < 1) {
    throw new ValueError(`dirac_: groups must be a positive integer, got ${show(groups)}.`);
  }
  const sizes = tensor.shape;
  if (sizes[0]! % groups !== 0) {
    throw new ValueError(`dim 0 must be divisible by groups: dirac_ got shape ${show(sizes)} with groups=${groups}. Pick groups dividing ${sizes[0]}.`);
  }
  const perGroup = sizes[0]! / groups;
  const minDim = Math.min(perGroup, sizes[1]!);
  const emptyDim = sizes.findIndex((s, k) => k >= 2 && s === 0);
  if (minDim > 0 && emptyDim >= 0) {
    // PyTorch's centre-tap assignment raises IndexError here; we refuse before writing anything.
    throw new IndexError(`dirac_: index 0 is out of bounds for dimension ${emptyDim} with size 0 (shape ${show(sizes)}). A kernel dimension of size 0 has no centre tap.`);
  }
  fillWith(tensor, 0, "dirac_");
  // Row-major strides, and the offset of the centre tap within one (out, in) kernel.
  const strides = sizes.map((_, i) => sizes.slice(i + 1).reduce((a, b) => a * b, 1));
  let centre = 0;
  for (let k = 2; k < dims; k++) centre += Math.floor(sizes[k]! / 2) * strides[k]!;
  for (let g = 0; g < groups; g++) {
    for (let d = 0; d < minDim; d++) setOne(tensor, (g * perGroup + d) * strides[0]! + d * strides[1]! + centre);
  }
  return tensor;
}
