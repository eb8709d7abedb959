/**
 * Activation functions, each with its derivative beside it. Values are computed in binary64
 * and rounded once to float32; PyTorch's vectorised float32 kernels can differ in the last bit.
 */
import type { Tensor } from "../tensor/tensor.js";
import { record } from "../autograd/node.js";
import { kernels } from "../kernels/index.js";
import { erf } from "../math/erf.js";
import { unary } from "./elementwise.js";
import { f32, out32 } from "./util.js";

/**
 * ReLU as PyTorch computes it: x < 0 ? 0 : x forward (NaN and −0 pass through), and backward
 * threshold_backward on the output, relu(x) ≤ 0 ? +0 : g (so a NaN x passes its gradient, and
 * a masked gradient is +0 even when g is NaN or infinite). Through the kernels: it sits between
 * every pair of layers, and a generic path's per-element closures and branches cost more than the maths.
 */
export function relu(x: Tensor): Tensor {
  const xd = f32(x, "relu");
  const out = out32(x.shape);
  kernels().relu(xd, out.data);
  return record(out, "reluBackward", [x], (g) => {
    const gx = out32(x.shape);
    kernels().reluBackward(xd, g.data as Float32Array, gx.data);
    return [gx];
  });
}

export function leaky_relu(x: Tensor, negative_slope = 0.01): Tensor {
  const s = Math.fround(negative_slope);
  return unary(x, "leaky_relu", (v) => (v > 0 ? v : v * s), (v) => (v > 0 ? 1 : s));
}

/** ELU: x for x > 0, α(eˣ − 1) otherwise. */
export function elu(x: Tensor, alpha = 1.0): Tensor {
  return unary(x, "elu", (v) => (v > 0 ? v : alpha * Math.expm1(v)), (v, y) => (v > 0 ? 1 : y + alpha));
}

/** SELU constants from Klambauer et al. 2017 (as in PyTorch). */
const SELU_ALPHA = 1.6732632423543772848170429916717;
const SELU_SCALE = 1.0507009873554804934193349852946;

export function selu(x: Tensor): Tensor {
  return unary(
    x, "selu",
    (v) => SELU_SCALE * (v > 0 ? v : SELU_ALPHA * Math.expm1(v)),
    (v) => (v > 0 ? SELU_SCALE : SELU_SCALE * SELU_ALPHA * Math.exp(v)),
  );
}

const INV_SQRT2 = Math.SQRT1_2;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** GELU, exact form x·Φ(x) (PyTorch's default `approximate="none"`). */
export function gelu(x: Tensor): Tensor {
  return unary(
    x, "gelu",
    (v) => 0.5 * v * (1 + erf(v * INV_SQRT2)),
    (v) => 0.5 * (1 + erf(v * INV_SQRT2)) + v * INV_SQRT_2PI * Math.exp(-0.5 * v * v),
  );
}

function sigmoidScalar(v: number): number {
  return v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v));
}

export function sigmoid(x: Tensor): Tensor {
  return unary(x, "sigmoid", sigmoidScalar, (_v, y) => y * (1 - y));
}

export function tanh(x: Tensor): Tensor {
  return unary(x, "tanh", Math.tanh, (_v, y) => 1 - y * y);
}

/** SiLU / swish: x·σ(x). */
export function silu(x: Tensor): Tensor {
  return unary(x, "silu", (v) => v * sigmoidScalar(v), (v) => {
    const s = sigmoidScalar(v);
    return s * (1 + v * (1 - s));
  });
}

/** Softplus with PyTorch's defaults: log(1 + e^{βx})/β, linear above the threshold. */
export function softplus(x: Tensor, beta = 1, threshold = 20): Tensor {
  return unary(
    x, "softplus",
    (v) => (v * beta > threshold ? v : Math.log1p(Math.exp(v * beta)) / beta),
    (v) => (v * beta > threshold ? 1 : sigmoidScalar(v * beta)),
  );
}

/** Mish: x·tanh(softplus(x)) (Misra 2019). */
export function mish(x: Tensor): Tensor {
  return unary(
    x, "mish",
    (v) => v * Math.tanh(v > 20 ? v : Math.log1p(Math.exp(v))),
    (v) => {
      const sp = v > 20 ? v : Math.log1p(Math.exp(v));
      const t = Math.tanh(sp);
      return t + v * (1 - t * t) * sigmoidScalar(v);
    },
  );
}
