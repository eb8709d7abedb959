// Adam and AdamW's float32 update (torch.optim's single-tensor path) in one pass over the
// parameter, its gradient and its moments, where the TypeScript optimiser (src/optim/adam.ts)
// makes eight: the same ATen kernels in the same order, each element rounded where the CPU
// kernel rounds (src/optim/pointwise.ts lists them), so the bits are the same. Everything runs
// on two binary64 lanes holding binary32 values: +, −, ×, ÷ and √ in binary64 rounded to
// binary32 are the binary32 operations (53 ≥ 2·24 + 2), and the fused multiply-adds are
// `fmaLanes` (./fmaf-f64x2.ts: the round-to-odd emulation, or relaxed_madd in the relaxed build).
// Per element, with every scalar already a binary32 value:
//   g = −g (maximize);  g = fma(wd, θ, g) (Adam's weight decay);  θ = fl(θ·(1 − lr·wd)) (AdamW's)
//   m: 2.x lerp_(g, 1 − β1):  d = fl(g − m); m = fma(w, d, m) if |w| < ½, else fma(w − 1, d, g)
//      1.13:                  m = fl(m·β1); m = fma(1 − β1, g, m)
//   v = fl(v·β2); v = fma(fl((1 − β2)·g), g, v)         (mul_, addcmul_)
//   v̂ = maximum(v̂, v), used below instead of v         (amsgrad)
//   d = fl(fl(fl(√v)/√bc2) + ε);  θ = fl(θ + fl(fl(−step·m)/d))   (sqrt, div_, add_, addcdiv_)

import { fmaLanes as fma, fround2, loadLanes as ld, storeLanes as st } from "./fmaf-f64x2";

export const ADAM_MAXIMIZE: i32 = 1;
export const ADAM_WEIGHT_DECAY: i32 = 2;
export const ADAM_DECOUPLED: i32 = 4;
export const ADAM_AMSGRAD: i32 = 8;
export const ADAM_LERP: i32 = 16;
export const ADAM_LERP_SMALL: i32 = 32;

/** torch.maximum as the AVX2 kernel computes it: NaN if either is NaN, else x > y ? x : y. */
@inline function maximum2(x: v128, y: v128): v128 {
  const nan = v128.or(f64x2.ne(x, x), f64x2.ne(y, y));
  return v128.bitselect(f64x2.splat(NaN), v128.bitselect(x, y, f64x2.gt(x, y)), nan);
}

/** The scalars of one call, each a binary32 value, read from 12 f32 at `s` (see adamScalars). */
let kW: v128 = f64x2.splat(0); // lerp weight 1 − β1 (2.x), or β1 (1.13)
let kW1: v128 = f64x2.splat(0); // w − 1 (2.x, |w| ≥ ½), or 1 − β1 (1.13)
let kB2: v128 = f64x2.splat(0);
let kOmb2: v128 = f64x2.splat(0);
let kWd: v128 = f64x2.splat(0);
let kDecay: v128 = f64x2.splat(0);
let kBc2: v128 = f64x2.splat(0);
let kEps: v128 = f64x2.splat(0);
let kNegStep: v128 = f64x2.splat(0);

/** Outputs of `step2` besides θ. */
let mOut: v128 = f64x2.splat(0);
let vOut: v128 = f64x2.splat(0);
let vmaxOut: v128 = f64x2.splat(0);

/** One update of two elements (binary64 lanes of binary32 values); returns θ, leaves m, v, v̂ in the globals. */
@inline function step2(theta: v128, g: v128, m: v128, v: v128, vmax: v128, flags: i32): v128 {
  if (flags & ADAM_MAXIMIZE) g = f64x2.neg(g);
  if (flags & ADAM_WEIGHT_DECAY) g = fma(kWd, theta, g);
  if (flags & ADAM_DECOUPLED) theta = fround2(f64x2.mul(theta, kDecay));
  if (flags & ADAM_LERP) {
    const d = fround2(f64x2.sub(g, m));
    m = flags & ADAM_LERP_SMALL ? fma(kW, d, m) : fma(kW1, d, g);
  } else {
    m = fma(kW1, g, fround2(f64x2.mul(m, kW)));
  }
  v = fma(fround2(f64x2.mul(kOmb2, g)), g, fround2(f64x2.mul(v, kB2)));
  let second = v;
  if (flags & ADAM_AMSGRAD) {
    vmax = maximum2(vmax, v);
    second = vmax;
  }
  let d = fround2(f64x2.sqrt(second));
  d = fround2(f64x2.add(fround2(f64x2.div(d, kBc2)), kEps));
  mOut = m;
  vOut = v;
  vmaxOut = vmax;
  return fround2(f64x2.add(theta, fround2(f64x2.div(fround2(f64x2.mul(kNegStep, m)), d))));
}

/** The update of the two elements (or one) at byte offset o. */
@inline function update(param: usize, grad: usize, m: usize, v: usize, vmax: usize, o: usize, flags: i32, pair: bool): void {
  const ams = (flags & ADAM_AMSGRAD) != 0;
  const t = step2(ld(param + o, pair), ld(grad + o, pair), ld(m + o, pair), ld(v + o, pair), ams ? ld(vmax + o, pair) : f64x2.splat(0), flags);
  st(param + o, t, pair);
  st(m + o, mOut, pair);
  st(v + o, vOut, pair);
  if (ams) st(vmax + o, vmaxOut, pair);
}

/** The update of elements [0, n) of θ (param), g (grad), m, v and v̂ (vmax, amsgrad only) at those byte addresses. */
@inline function adamRange(param: usize, grad: usize, m: usize, v: usize, vmax: usize, n: i32, flags: i32): void {
  let i = 0;
  for (; i + 2 <= n; i += 2) update(param, grad, m, v, vmax, <usize>i << 2, flags, true);
  if (i < n) update(param, grad, m, v, vmax, <usize>i << 2, flags, false);
}

/**
 * Adam/AdamW on elements [lo, hi) of one float32 parameter. The scalars are 9 binary32 values
 * at `s`: w, w1, β2, 1 − β2, wd, 1 − lr·wd, √bc2, ε, −step (see the file comment). Byte
 * addresses only and int32 arguments, so the worker pool can call it on ranges.
 */
export function adam32(param: usize, grad: usize, m: usize, v: usize, vmax: usize, s: usize, flags: i32, lo: i32, hi: i32): void {
  kW = f64x2.splat(<f64>load<f32>(s));
  kW1 = f64x2.splat(<f64>load<f32>(s, 4));
  kB2 = f64x2.splat(<f64>load<f32>(s, 8));
  kOmb2 = f64x2.splat(<f64>load<f32>(s, 12));
  kWd = f64x2.splat(<f64>load<f32>(s, 16));
  kDecay = f64x2.splat(<f64>load<f32>(s, 20));
  kBc2 = f64x2.splat(<f64>load<f32>(s, 24));
  kEps = f64x2.splat(<f64>load<f32>(s, 28));
  kNegStep = f64x2.splat(<f64>load<f32>(s, 32));
  const o = <usize>lo << 2;
  const n = hi - lo;
  // One specialised loop per flag combination that occurs in practice keeps the flag tests out
  // of the loop; any other combination takes the general one.
  if (flags == ADAM_LERP) adamRange(param + o, grad + o, m + o, v + o, vmax + o, n, ADAM_LERP);
  else if (flags == (ADAM_LERP | ADAM_LERP_SMALL)) adamRange(param + o, grad + o, m + o, v + o, vmax + o, n, ADAM_LERP | ADAM_LERP_SMALL);
  else if (flags == (ADAM_LERP | ADAM_LERP_SMALL | ADAM_DECOUPLED)) adamRange(param + o, grad + o, m + o, v + o, vmax + o, n, ADAM_LERP | ADAM_LERP_SMALL | ADAM_DECOUPLED);
  else if (flags == 0) adamRange(param + o, grad + o, m + o, v + o, vmax + o, n, 0);
  else if (flags == ADAM_DECOUPLED) adamRange(param + o, grad + o, m + o, v + o, vmax + o, n, ADAM_DECOUPLED);
  else adamRange(param + o, grad + o, m + o, v + o, vmax + o, n, flags);
}
