// SGD's float32 update with momentum, Nesterov momentum, weight decay or maximize
// (torch.optim's single-tensor path) in one pass over the parameter, its gradient and its
// momentum buffer, where the TypeScript optimiser (src/optim/sgd.ts) makes up to four: the same
// ATen ops in the same order, rounded where the CPU kernels round (src/optim/pointwise.ts), on
// binary64 lanes holding binary32 values, with the fused multiply-adds as in ./adam.ts.
// Per element, every scalar already a binary32 value:
//   g = −g (maximize);  g = fma(λ, θ, g) (weight decay)
//   b = g (first step), else b = fma(1 − τ, g, fl(b·μ))        (momentum: mul_, add_)
//   g = fma(μ, b, g) (nesterov), else g = b                      (momentum)
//   θ = fma(−γ, g, θ)
// Plain SGD (no option) is one `fmaAxpy` and does not come here.

import { fmaLanes as fma, fround2, loadLanes as ld, storeLanes as st } from "./fmaf-f64x2";

export const SGD_MAXIMIZE: i32 = 1;
export const SGD_WEIGHT_DECAY: i32 = 2;
export const SGD_MOMENTUM: i32 = 4;
export const SGD_FIRST: i32 = 8;
export const SGD_NESTEROV: i32 = 16;

let kWd: v128 = f64x2.splat(0);
let kMom: v128 = f64x2.splat(0);
let kOmd: v128 = f64x2.splat(0);
let kNegLr: v128 = f64x2.splat(0);

/** The update of the two elements (or one) at byte offset o. */
@inline function update(param: usize, grad: usize, buf: usize, o: usize, flags: i32, pair: bool): void {
  const theta = ld(param + o, pair);
  let g = ld(grad + o, pair);
  if (flags & SGD_MAXIMIZE) g = f64x2.neg(g);
  if (flags & SGD_WEIGHT_DECAY) g = fma(kWd, theta, g);
  if (flags & SGD_MOMENTUM) {
    const b = flags & SGD_FIRST ? g : fma(kOmd, g, fround2(f64x2.mul(ld(buf + o, pair), kMom)));
    st(buf + o, b, pair);
    g = flags & SGD_NESTEROV ? fma(kMom, b, g) : b;
  }
  st(param + o, fma(kNegLr, g, theta), pair);
}

@inline function sgdRange(param: usize, grad: usize, buf: usize, n: i32, flags: i32): void {
  let i = 0;
  for (; i + 2 <= n; i += 2) update(param, grad, buf, <usize>i << 2, flags, true);
  if (i < n) update(param, grad, buf, <usize>i << 2, flags, false);
}

/**
 * SGD on elements [lo, hi) of one float32 parameter; the scalars are 4 binary32 values at `s`:
 * λ, μ, 1 − τ, −γ. Byte addresses and int32 arguments only, for the worker pool.
 */
export function sgd32(param: usize, grad: usize, buf: usize, s: usize, flags: i32, lo: i32, hi: i32): void {
  kWd = f64x2.splat(<f64>load<f32>(s));
  kMom = f64x2.splat(<f64>load<f32>(s, 4));
  kOmd = f64x2.splat(<f64>load<f32>(s, 8));
  kNegLr = f64x2.splat(<f64>load<f32>(s, 12));
  const o = <usize>lo << 2;
  const n = hi - lo;
  // Specialised loops for the common combinations keep the flag tests out of the loop.
  if (flags == SGD_MOMENTUM) sgdRange(param + o, grad + o, buf + o, n, SGD_MOMENTUM);
  else if (flags == (SGD_MOMENTUM | SGD_WEIGHT_DECAY)) sgdRange(param + o, grad + o, buf + o, n, SGD_MOMENTUM | SGD_WEIGHT_DECAY);
  else if (flags == (SGD_MOMENTUM | SGD_NESTEROV)) sgdRange(param + o, grad + o, buf + o, n, SGD_MOMENTUM | SGD_NESTEROV);
  else sgdRange(param + o, grad + o, buf + o, n, flags);
}
