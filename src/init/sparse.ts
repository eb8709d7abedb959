/**
 * `sparse_` (Martens 2010, "Deep learning via Hessian-free optimization", §5): N(0, std²)
 * everywhere, then in each column ⌈sparsity · rows⌉ entries, chosen by `randperm(rows)`,
 * set to zero. As in PyTorch, the permutations come from the global generator even when
 * `generator` is given (PyTorch passes it only to `normal_`).
 */
import { ValueError, show } from "../errors/index.js";
import { default_generator } from "../random/default.js";
import { fillRandperm } from "../random/integers.js";
import { normalFill, requireFloat, requireNumber, type GeneratorOption } from "../tensor/random-ops.js";
import type { Tensor } from "../tensor/tensor.js";
import { optionalNumber, requireTensor } from "./checks.js";

export interface SparseOptions extends GeneratorOption {
  /** Standard deviation of the non-zero values (default 0.01). */
  std?: number;
}

/**
 * @param sparsity fraction of each column to zero, e.g. 0.1
 * @example nn.init.sparse_(empty(3, 5), 0.1)
 */
export function sparse_<T extends Tensor>(tensor: T, sparsity: number, options: SparseOptions = {}): T {
  requireTensor(tensor, "sparse_");
  options ??= {}; // null is accepted like omitted options
  if (tensor.dim() !== 2) {
    throw new ValueError(`Only tensors with 2 dimensions are supported; sparse_ got shape ${show(tensor.shape)}.`);
  }
  requireNumber(sparsity, "sparsity", "sparse_");
  if (!Number.isFinite(sparsity)) {
    throw new ValueError(`sparse_: sparsity=${show(sparsity)} must be finite (cannot convert float ${sparsity} to integer). Pass a fraction in [0, 1].`);
  }
  const std = optionalNumber(options.std, "std", "sparse_", 0.01);
  requireFloat(tensor, "sparse_");
  const [rows, cols] = tensor.shape as [number, number];
  const numZeros = Math.ceil(sparsity * rows);
  normalFill(tensor, 0, std, options, "sparse_");
  const data = tensor.data as Float32Array | Float64Array;
  const perm = new BigInt64Array(rows);
  for (let c = 0; c < cols; c++) {
    fillRandperm(default_generator, perm);
    // perm[:num_zeros] with Python slice semantics: a negative count drops from the end.
    const end = numZeros >= 0 ? Math.min(numZeros, rows) : Math.max(rows + numZeros, 0);
    for (let k = 0; k < end; k++) data[Number(perm[k]!) * cols + c] = 0;
  }
  return tensor;
}
