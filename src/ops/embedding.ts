/**
 * `F.embedding`: a row lookup, out[..., :] = weight[idx[...], :]. Backward scatters each
 * output row's gradient back onto its weight row, adding in float32 in index order as
 * ATen's `embedding_dense_backward_cpu` does (so repeated rows round as in PyTorch); the
 * row `padding_idx` receives no gradient.
 */
import { ArgumentTypeError, ShapeError, ValueError, show } from "../errors/index.js";
import { record } from "../autograd/node.js";
import type { Tensor } from "../tensor/tensor.js";
import { f32, out32 } from "./util.js";

export interface EmbeddingOptions {
  /** This row's gradient is always zero; negative values count from the end. */
  padding_idx?: number | null;
}

/** The indices as plain numbers, checked against the number of rows. */
function indexList(input: Tensor, rows: number, op: string): Int32Array {
  if (input.dtype !== "int64" && input.dtype !== "int32") {
    throw new ArgumentTypeError(`${op}: Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; but got ${input.dtype} instead. Build the indices with { dtype: "int64" }.`);
  }
  const src = input.data as BigInt64Array | Int32Array;
  const out = new Int32Array(src.length);
  for (let i = 0; i < src.length; i++) {
    const v = Number(src[i]!);
    if (!(v >= 0 && v < rows)) throw new ShapeError(`${op}: index out of range in self: index ${v} at position ${i}, but weight has ${rows} rows (valid: 0..${rows - 1}).`);
    out[i] = v;
  }
  return out;
}

/** Resolves a possibly negative padding_idx against `rows`, as nn.Embedding does. */
export function resolvePaddingIdx(padding_idx: number | null | undefined, rows: number, op: string): number | null {
  if (padding_idx === null || padding_idx === undefined) return null;
  if (!Number.isInteger(padding_idx) || padding_idx >= rows || padding_idx < -rows) {
    throw new ValueError(`${op}: padding_idx must be within num_embeddings (an integer in [${-rows}, ${rows - 1}]), got ${show(padding_idx)}.`);
  }
  return padding_idx < 0 ? padding_idx + rows : padding_idx;
}

/**
 * Looks up rows of `weight` (num_embeddings, embedding_dim) for integer `input` of any shape;
 * the result has shape input.shape + [embedding_dim].
 * @example F.embedding(tensor([[1n, 2n], [0n, 1n]]), w, { padding_idx: 0 })
 */
export function embedding(input: Tensor, weight: Tensor, options: EmbeddingOptions = {}): Tensor {
  const op = "embedding";
  const wd = f32(weight, op, "weight");
  if (weight.dim() !== 2) throw new ShapeError(`${op}: 'weight' must be 2-D (num_embeddings, embedding_dim), got shape ${show(weight.shape)}.`);
  const [rows, dim] = weight.shape as [number, number];
  const idx = indexList(input, rows, op);
  const pad = resolvePaddingIdx(options.padding_idx, rows, op);
  const out = out32([...input.shape, dim]);
  const o = out.data;
  for (let i = 0; i < idx.length; i++) o.set(wd.subarray(idx[i]! * dim, (idx[i]! + 1) * dim), i * dim);
  return record(out, "EmbeddingBackward", [null, weight], (g) => {
    const gd = g.data as Float32Array;
    const gw = out32(weight.shape);
    const acc = gw.data;
    for (let i = 0; i < idx.length; i++) {
      const r = idx[i]!;
      if (r === pad) continue;
      for (let j = 0; j < dim; j++) acc[r * dim + j] = acc[r * dim + j]! + gd[i * dim + j]!;
    }
    return [null, gw];
  });
}
