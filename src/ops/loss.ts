/**
 * log_softmax and the losses. Cross-entropy is log_softmax followed by the negative
 * log-likelihood, averaged over the batch by default, as `F.cross_entropy`.
 */
import { ShapeError, show } from "../errors/index.js";
import { record } from "../autograd/node.js";
import type { Tensor } from "../tensor/tensor.js";
import { f32, out32, sameShape, wrap32 } from "./util.js";

export type Reduction = "mean" | "sum" | "none";

/** log_softmax over dim 1 of an (N, C) input: x − max − log Σ exp(x − max). */
export function log_softmax(x: Tensor, dim = 1): Tensor {
  const xd = f32(x, "log_softmax");
  const d = dim < 0 ? dim + x.dim() : dim;
  if (x.dim() !== 2 || d !== 1) {
    throw new ShapeError(`log_softmax: supports (N, C) inputs over dim 1, got shape ${show(x.shape)} and dim=${dim}.`);
  }
  const [N, C] = x.shape as [number, number];
  const out = out32(x.shape);
  const o = out.data;
  for (let n = 0; n < N; n++) {
    const row = n * C;
    let max = -Infinity;
    for (let c = 0; c < C; c++) max = Math.max(max, xd[row + c]!);
    let s = 0;
    for (let c = 0; c < C; c++) s += Math.exp(xd[row + c]! - max);
    const lse = Math.log(s);
    for (let c = 0; c < C; c++) o[row + c] = xd[row + c]! - max - lse;
  }
  return record(out, "LogSoftmaxBackward", [x], (g) => {
    // d/dx: g − softmax · Σ_c g
    const gd = g.data as Float32Array;
    const gx = out32(x.shape);
    for (let n = 0; n < N; n++) {
      const row = n * C;
      let gs = 0;
      for (let c = 0; c < C; c++) gs += gd[row + c]!;
      for (let c = 0; c < C; c++) gx.data[row + c] = gd[row + c]! - Math.exp(o[row + c]!) * gs;
    }
    return [gx];
  });
}

function targetsOf(target: Tensor, N: number, C: number, op: string): Int32Array {
  if (target.dtype !== "int64" && target.dtype !== "int32") {
    throw new ShapeError(`${op}: expected target of dtype int64 (class indices), got ${target.dtype}.`);
  }
  if (target.dim() !== 1 || target.shape[0] !== N) {
    throw new ShapeError(`${op}: expected target of shape [${N}] for input of shape [${N}, ${C}], got ${show(target.shape)}.`);
  }
  const t = Int32Array.from(target.data as ArrayLike<number | bigint>, Number);
  const bad = t.findIndex((v) => v < 0 || v >= C);
  if (bad >= 0) throw new ShapeError(`${op}: Target ${t[bad]} is out of bounds: classes are 0..${C - 1} (target[${bad}]).`);
  return t;
}

/** Negative log-likelihood of log-probabilities (N, C) at integer targets (N). */
export function nll_loss(input: Tensor, target: Tensor, reduction: Reduction = "mean"): Tensor {
  const xd = f32(input, "nll_loss");
  if (input.dim() !== 2) throw new ShapeError(`nll_loss: expected input of shape (N, C), got ${show(input.shape)}.`);
  const [N, C] = input.shape as [number, number];
  const tg = targetsOf(target, N, C, "nll_loss");
  const losses = new Float32Array(N);
  let total = 0;
  for (let n = 0; n < N; n++) {
    losses[n] = -xd[n * C + tg[n]!]!;
    total += losses[n]!;
  }
  const out = reduction === "none" ? wrap32([N], losses) : wrap32([], Float32Array.of(reduction === "mean" ? total / N : total));
  return record(out, "NllLossBackward", [input], (g) => {
    const gd = g.data as Float32Array;
    const gx = out32(input.shape);
    for (let n = 0; n < N; n++) {
      const scale = reduction === "none" ? gd[n]! : reduction === "mean" ? gd[0]! / N : gd[0]!;
      gx.data[n * C + tg[n]!] = -scale;
    }
    return [gx];
  });
}

export function cross_entropy(input: Tensor, target: Tensor, reduction: Reduction = "mean"): Tensor {
  return nll_loss(log_softmax(input, 1), target, reduction);
}

/** Mean squared error between same-shaped tensors. */
export function mse_loss(input: Tensor, target: Tensor, reduction: Reduction = "mean"): Tensor {
  const xd = f32(input, "mse_loss", "input");
  const yd = f32(target, "mse_loss", "target");
  if (!sameShape(input.shape, target.shape)) {
    throw new ShapeError(`mse_loss: input shape ${show(input.shape)} and target shape ${show(target.shape)} differ; they must match.`);
  }
  const n = xd.length;
  const diff = new Float32Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const d = Math.fround(xd[i]! - yd[i]!);
    diff[i] = Math.fround(d * d);
    total += diff[i]!;
  }
  const out = reduction === "none" ? wrap32(input.shape, diff) : wrap32([], Float32Array.of(reduction === "mean" ? total / n : total));
  return record(out, "MseLossBackward", [input, target], (g) => {
    const gd = g.data as Float32Array;
    const gx = out32(input.shape);
    const gy = out32(input.shape);
    for (let i = 0; i < n; i++) {
      const scale = reduction === "none" ? gd[i]! : reduction === "mean" ? gd[0]! / n : gd[0]!;
      const v = 2 * (xd[i]! - yd[i]!) * scale;
      gx.data[i] = v;
      gy.data[i] = -v;
    }
    return [gx, gy];
  });
}
