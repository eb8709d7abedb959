/**
 * `F.batch_norm` and `F.layer_norm`. Both normalise groups of M values,
 *   x̂ = (x − μ)·σ⁻¹,  σ⁻¹ = 1/√(var + eps),  var = Σ(x − μ)²/M (biased),  y = x̂·w + b,
 * and share the backward of that map (ATen's `batch_norm_backward_cpu_template`):
 *   dx = σ⁻¹·(dx̂ − mean(dx̂) − x̂·mean(dx̂·x̂)),  dx̂ = dy·w,  dw = Σ dy·x̂,  db = Σ dy.
 * Statistics are accumulated in binary64 (ATen's CPU `acc_type<float>` is double for
 * batch norm) and every result is rounded once to float32.
 */
import { ShapeError, ValueError, show } from "../errors/index.js";
import { record } from "../autograd/node.js";
import type { Tensor } from "../tensor/tensor.js";
import { f32, out32, wrap32 } from "./util.js";

export interface BatchNormOptions {
  weight?: Tensor | null;
  bias?: Tensor | null;
  /** Use the batch statistics (and update the running ones); default false, as F.batch_norm. */
  training?: boolean;
  /** Running-stat update: r ← (1 − momentum)·r + momentum·batch_stat. Default 0.1. */
  momentum?: number;
  eps?: number;
}

function checkParam(t: Tensor | null | undefined, what: string, shape: readonly number[], op: string): Float32Array | null {
  if (t === null || t === undefined) return null;
  const d = f32(t, op, what);
  if (t.numel() !== shape.reduce((a, b) => a * b, 1) || (t.dim() !== shape.length && t.dim() !== 1)) {
    throw new ShapeError(`${op}: expected ${what} of shape ${show(shape)}, got shape ${show(t.shape)}.`);
  }
  return d;
}

/**
 * Batch normalisation of x (N, C, *) per channel. Training: normalise with the batch mean
 * and biased variance over N and the spatial dims; running_mean/var (if given) are updated
 * in place with the mean and the UNBIASED variance (M/(M−1)). Eval: normalise with the
 * running statistics.
 * @example F.batch_norm(x, rm, rv, { weight: w, bias: b, training: true })
 */
export function batch_norm(
  input: Tensor, running_mean: Tensor | null, running_var: Tensor | null, options: BatchNormOptions = {},
): Tensor {
  const op = "batch_norm";
  const xd = f32(input, op);
  const training = options.training ?? false;
  const momentum = options.momentum ?? 0.1;
  const eps = options.eps ?? 1e-5;
  if (input.dim() < 2) throw new ShapeError(`${op}: expected input of shape (N, C, *) with at least 2 dims, got shape ${show(input.shape)}.`);
  const N = input.shape[0]!;
  const C = input.shape[1]!;
  const S = input.numel() / Math.max(1, N * C); // spatial size
  const M = N * S; // values per channel
  const weight = options.weight ?? null;
  const bias = options.bias ?? null;
  const wd = checkParam(weight, "weight", [C], op);
  const bd = checkParam(bias, "bias", [C], op);
  const rm = checkParam(running_mean, "running_mean", [C], op);
  const rv = checkParam(running_var, "running_var", [C], op);
  if (!training && (rm === null || rv === null)) {
    throw new ValueError(`${op}: running_mean and running_var must be given in evaluation mode (training=false).`);
  }
  if (training && M <= 1) {
    throw new ValueError(`${op}: Expected more than 1 value per channel when training, got input size ${show(input.shape)}.`);
  }

  const mean = new Float64Array(C);
  const invstd = new Float64Array(C);
  for (let c = 0; c < C; c++) {
    if (!training) {
      mean[c] = rm![c]!;
      invstd[c] = 1 / Math.sqrt(rv![c]! + eps);
      continue;
    }
    let s = 0;
    for (let n = 0; n < N; n++) {
      const base = (n * C + c) * S;
      for (let i = 0; i < S; i++) s += xd[base + i]!;
    }
    const mu = s / M;
    let ss = 0;
    for (let n = 0; n < N; n++) {
      const base = (n * C + c) * S;
      for (let i = 0; i < S; i++) {
        const d = xd[base + i]! - mu;
        ss += d * d;
      }
    }
    mean[c] = mu;
    invstd[c] = 1 / Math.sqrt(ss / M + eps);
    if (rm) rm[c] = momentum * mu + (1 - momentum) * rm[c]!;
    if (rv) rv[c] = momentum * (ss / (M - 1)) + (1 - momentum) * rv[c]!;
  }

  const out = out32(input.shape);
  const o = out.data;
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      const base = (n * C + c) * S;
      const w = wd ? wd[c]! : 1;
      const b = bd ? bd[c]! : 0;
      for (let i = 0; i < S; i++) o[base + i] = (xd[base + i]! - mean[c]!) * invstd[c]! * w + b;
    }
  }

  return record(out, "NativeBatchNormBackward", [input, weight, bias], (g) => {
    const gd = g.data as Float32Array;
    const sumDy = new Float64Array(C);
    const dot = new Float64Array(C); // Σ dy·x̂
    for (let n = 0; n < N; n++) {
      for (let c = 0; c < C; c++) {
        const base = (n * C + c) * S;
        let s = 0, p = 0;
        for (let i = 0; i < S; i++) {
          const dy = gd[base + i]!;
          s += dy;
          p += dy * (xd[base + i]! - mean[c]!);
        }
        sumDy[c] += s;
        dot[c] += p * invstd[c]!;
      }
    }
    let gx: Tensor | null = null;
    if (input.requires_grad) {
      gx = out32(input.shape);
      const gxd = gx.data as Float32Array;
      for (let n = 0; n < N; n++) {
        for (let c = 0; c < C; c++) {
          const base = (n * C + c) * S;
          const scale = invstd[c]! * (wd ? wd[c]! : 1);
          if (!training) {
            for (let i = 0; i < S; i++) gxd[base + i] = gd[base + i]! * scale;
            continue;
          }
          const meanDy = sumDy[c]! / M;
          const meanDyXhat = dot[c]! / M;
          for (let i = 0; i < S; i++) {
            const xhat = (xd[base + i]! - mean[c]!) * invstd[c]!;
            gxd[base + i] = (gd[base + i]! - meanDy - xhat * meanDyXhat) * scale;
          }
        }
      }
    }
    return [
      gx,
      weight?.requires_grad ? wrap32(weight.shape, new Float32Array(dot)) : null,
      bias?.requires_grad ? wrap32(bias.shape, new Float32Array(sumDy)) : null,
    ];
  });
}

export interface LayerNormOptions {
  weight?: Tensor | null;
  bias?: Tensor | null;
  eps?: number;
}

/**
 * Layer normalisation over the trailing dims `normalized_shape` of x (*, ...normalized_shape),
 * with biased variance; weight and bias (shape normalized_shape) are applied elementwise.
 * @example F.layer_norm(x, [10], { weight: w, bias: b })
 */
export function layer_norm(input: Tensor, normalized_shape: number | readonly number[], options: LayerNormOptions = {}): Tensor {
  const op = "layer_norm";
  const xd = f32(input, op);
  const ns = typeof normalized_shape === "number" ? [normalized_shape] : [...normalized_shape];
  const eps = options.eps ?? 1e-5;
  const tail = input.shape.slice(input.dim() - ns.length);
  if (ns.length === 0 || input.dim() < ns.length || tail.some((d, i) => d !== ns[i])) {
    throw new ShapeError(`${op}: Given normalized_shape=${show(ns)}, expected input with shape [*, ${ns.join(", ")}], but got input of size ${show(input.shape)}.`);
  }
  const weight = options.weight ?? null;
  const bias = options.bias ?? null;
  const M = ns.reduce((a, b) => a * b, 1);
  const shapeErr = (t: Tensor, what: string): never => {
    throw new ShapeError(`${op}: expected ${what} of shape ${show(ns)}, got shape ${show(t.shape)}.`);
  };
  const wd = weight ? f32(weight, op, "weight") : null;
  const bd = bias ? f32(bias, op, "bias") : null;
  if (weight && weight.numel() !== M) shapeErr(weight, "weight");
  if (bias && bias.numel() !== M) shapeErr(bias, "bias");
  const rows = M === 0 ? 0 : input.numel() / M;
  const mean = new Float64Array(rows);
  const rstd = new Float64Array(rows);
  const out = out32(input.shape);
  const o = out.data;
  for (let r = 0; r < rows; r++) {
    const base = r * M;
    let s = 0;
    for (let i = 0; i < M; i++) s += xd[base + i]!;
    const mu = s / M;
    let ss = 0;
    for (let i = 0; i < M; i++) {
      const d = xd[base + i]! - mu;
      ss += d * d;
    }
    const is = 1 / Math.sqrt(ss / M + eps);
    mean[r] = mu;
    rstd[r] = is;
    for (let i = 0; i < M; i++) o[base + i] = (xd[base + i]! - mu) * is * (wd ? wd[i]! : 1) + (bd ? bd[i]! : 0);
  }
  return record(out, "NativeLayerNormBackward", [input, weight, bias], (g) => {
    const gd = g.data as Float32Array;
    const dw = new Float64Array(M);
    const db = new Float64Array(M);
    const gx = input.requires_grad ? out32(input.shape) : null;
    const gxd = gx?.data as Float32Array | undefined;
    for (let r = 0; r < rows; r++) {
      const base = r * M;
      const mu = mean[r]!;
      const is = rstd[r]!;
      let sumG = 0, sumGx = 0; // Σ dx̂, Σ dx̂·x̂
      for (let i = 0; i < M; i++) {
        const dy = gd[base + i]!;
        const xhat = (xd[base + i]! - mu) * is;
        dw[i] += dy * xhat;
        db[i] += dy;
        const dxhat = dy * (wd ? wd[i]! : 1);
        sumG += dxhat;
        sumGx += dxhat * xhat;
      }
      if (gxd) {
        const a = sumG / M;
        const b = sumGx / M;
        for (let i = 0; i < M; i++) {
          const xhat = (xd[base + i]! - mu) * is;
          gxd[base + i] = is * (gd[base + i]! * (wd ? wd[i]! : 1) - a - xhat * b);
        }
      }
    }
    return [
      gx,
      weight?.requires_grad ? wrap32(weight.shape, new Float32Array(dw)) : null,
      bias?.requires_grad ? wrap32(bias.shape, new Float32Array(db)) : null,
    ];
  });
}
