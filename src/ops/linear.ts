/**
 * Matrix products through the kernel interface: `matmul` for 2-D operands and `linear`,
 * y = x·Wᵀ + b with W stored (out, in) as in PyTorch. Backward:
 *   dX = dY·W,  dW = dYᵀ·X,  db = Σ_rows dY.
 */
import { ShapeError, show } from "../errors/index.js";
import { record } from "../autograd/node.js";
import { kernels } from "../kernels/index.js";
import type { Tensor } from "../tensor/tensor.js";
import { f32, out32, wrap32 } from "./util.js";

export function matmul(a: Tensor, b: Tensor): Tensor {
  const ad = f32(a, "matmul", "input");
  const bd = f32(b, "matmul", "other");
  if (a.dim() !== 2 || b.dim() !== 2 || a.shape[1] !== b.shape[0]) {
    throw new ShapeError(`matmul: mat1 and mat2 shapes cannot be multiplied (${a.shape.join("x")} and ${b.shape.join("x")}). Both must be 2-D with mat1.size(1) == mat2.size(0).`);
  }
  const [M, K] = a.shape as [number, number];
  const N = b.shape[1]!;
  const out = out32([M, N]);
  kernels().sgemm(false, false, M, N, K, ad, 0, K, bd, 0, N, 0, out.data, 0, N);
  return record(out, "MmBackward", [a, b], (g) => {
    const gd = g.data as Float32Array;
    const ga = out32(a.shape);
    kernels().sgemm(false, true, M, K, N, gd, 0, N, bd, 0, N, 0, ga.data, 0, K);
    const gb = out32(b.shape);
    kernels().sgemm(true, false, K, N, M, ad, 0, K, gd, 0, N, 0, gb.data, 0, N);
    return [ga, gb];
  });
}

/**
 * `F.linear(x, weight, bias)`: x is (..., in), weight (out, in), bias (out). Leading
 * dimensions of x are flattened into rows. `layer` names the module in shape errors.
 */
export function linear(x: Tensor, weight: Tensor, bias: Tensor | null = null, layer = "linear"): Tensor {
  const xd = f32(x, layer, "input");
  const wd = f32(weight, layer, "weight");
  const [outF, inF] = weight.shape as [number, number];
  if (x.dim() < 1 || x.shape[x.dim() - 1] !== inF) {
    throw new ShapeError(`${layer}: expected input with last dimension ${inF} (shape [*, ${inF}]), got shape ${show(x.shape)}.`);
  }
  const rows = x.numel() / inF;
  const shape = [...x.shape.slice(0, -1), outF];
  const out = out32(shape);
  const o = out.data;
  let beta = 0;
  if (bias !== null) {
    const bd = f32(bias, layer, "bias");
    for (let r = 0; r < rows; r++) o.set(bd, r * outF);
    beta = 1;
  }
  kernels().sgemm(false, true, rows, outF, inF, xd, 0, inF, wd, 0, inF, beta, o, 0, outF);
  return record(out, "AddmmBackward", [x, weight, bias], (g) => {
    const gd = g.data as Float32Array;
    const gx = out32(x.shape);
    kernels().sgemm(false, false, rows, inF, outF, gd, 0, outF, wd, 0, inF, 0, gx.data, 0, inF);
    const gw = out32(weight.shape);
    kernels().sgemm(true, false, outF, inF, rows, gd, 0, outF, xd, 0, inF, 0, gw.data, 0, inF);
    let gb: Tensor | null = null;
    if (bias !== null) {
      const acc = new Float64Array(outF);
      for (let r = 0; r < rows; r++) for (let j = 0; j < outF; j++) acc[j] += gd[r * outF + j]!;
      gb = wrap32(bias.shape, Float32Array.from(acc));
    }
    return [gx, gw, gb];
  });
}
