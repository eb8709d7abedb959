/** Shape ops: reshape (a view for contiguous data), flatten, and 2-D transpose. */
import { ShapeError, show } from "../errors/index.js";
import { record } from "../autograd/node.js";
import type { Tensor } from "../tensor/tensor.js";
import { f32, out32 } from "./util.js";

export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  const out = x.view([...shape]);
  return record(out, "ViewBackward", [x], (g) => [g.view([...x.shape])]);
}

/** Flattens dims start_dim..end_dim into one (PyTorch's `torch.flatten`). */
export function flatten(x: Tensor, start_dim = 0, end_dim = -1): Tensor {
  const nd = x.dim();
  if (nd === 0) return reshape(x, [1]);
  const s = start_dim < 0 ? start_dim + nd : start_dim;
  const e = end_dim < 0 ? end_dim + nd : end_dim;
  if (s < 0 || e >= nd || s > e) {
    throw new ShapeError(`flatten: start_dim=${start_dim}, end_dim=${end_dim} are invalid for a ${nd}-D input of shape ${show(x.shape)}.`);
  }
  const merged = x.shape.slice(s, e + 1).reduce((a, b) => a * b, 1);
  return reshape(x, [...x.shape.slice(0, s), merged, ...x.shape.slice(e + 1)]);
}

/** Transpose of a 2-D tensor (a copy, so the result stays contiguous). */
export function t(x: Tensor): Tensor {
  const xd = f32(x, "t");
  if (x.dim() !== 2) throw new ShapeError(`t: expects a 2-D tensor, got shape ${show(x.shape)}.`);
  const [r, c] = x.shape as [number, number];
  const out = out32([c, r]);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out.data[j * r + i] = xd[i * c + j]!;
  return record(out, "TBackward", [x], (g) => [t(g)]);
}
