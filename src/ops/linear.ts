/**
 * Matrix products through the kernel interface: `matmul` for 2-D operands and `linear`,
 * y = x·Wᵀ + b with W stored (out, in) as in PyTorch. Backward:
 *   dX = dY·W,  dW = dYᵀ·X,  db = Σ_rows dY.
 */
import { ShapeError, show } from "../errors/index.js";
import { record } from "../autograd/node.js";
import { kernels } from "../kernels/index.js";
import type { Tensor } from "../tensor/tensor.js";
import { f32, gradStorage, out32 } from "./util.js";

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
    // Only the gradients some input needs (PyTorch's output_mask): each is a full product.
    const gd = g.data as Float32Array;
    let ga: Tensor | null = null;
    let gb: Tensor | null = null;
    if (a.requires_grad) {
      ga = gradStorage(a);
      kernels().sgemm(false, true, M, K, N, gd, 0, N, bd, 0, N, 0, ga.data as Float32Array, 0, K);
    }
    if (b.requires_grad) {
      gb = gradStorage(b);
      kernels().sgemm(true, false, K, N, M, ad, 0, K, gd, 0, N, 0, gb.data as Float32Array, 0, N);
    }
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
  const bd = bias !== null ? f32(bias, layer, "bias") : null;
  if (bias !== null && bias.numel() !== outF) {
    // PyTorch's addmm expand: "The expanded size of the tensor (2) must match the existing size (5) …"
    throw new ShapeError(`${layer}: The expanded size of the tensor (${outF}) must match the existing size (${bias.numel()}) of bias: bias has shape ${show(bias.shape)} but weight has ${outF} rows. Pass a bias of shape [${outF}].`);
  }
  kernels().linearForward(xd, wd, bd, rows, inF, outF, out.data);
  return record(out, "AddmmBackward", [x, weight, bias], (g) => {
    // Only the gradients some input needs: a network's input x usually needs none, and its
    // dX would be the step's largest product.
    const gd = g.data as Float32Array;
    let gx: Tensor | null = null;
    let gw: Tensor | null = null;
    let gb: Tensor | null = null;
    if (x.requires_grad) {
      gx = gradStorage(x);
      kernels().sgemm(false, false, rows, inF, outF, gd, 0, outF, wd, 0, inF, 0, gx.data as Float32Array, 0, inF);
    }
    if (weight.requires_grad) {
      gw = gradStorage(weight);
      kernels().sgemm(true, false, outF, inF, rows, gd, 0, outF, xd, 0, inF, 0, gw.data as Float32Array, 0, inF);
    }
    if (bias !== null && bias.requires_grad) {
      // db[j] = Σ_r dY[r, j], summed in binary64 and rounded once.
      const db = gradStorage(bias);
      kernels().sumRows(gd, rows, outF, db.data);
      gb = db;
    }
    return [gx, gw, gb];
  });
}
