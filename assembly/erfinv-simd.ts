// ATen's float `calc_erfinv` on four lanes and the "1.13" trunc_normal_ transform built on
// it: the same operations as assembly/erfinv.ts (the scalar port), lane for lane.
// The two rational starts (central |y| ≤ 0.7 and tail) cost differently and ~30 % of the
// uniform draws are tail ones, so a quad of random draws nearly always mixes them: the
// transform first sorts a range's indices by branch and runs each start on gathered quads of
// its own branch, then the Newton steps (erff4/expf4) on the range in order. Fused Horner
// steps run on f64x2 halves: a·b is exact in binary64, so demoting fl64(a·b + c) is the
// binary32 FMA except on a binary32 midpoint (`mad2`); a quad that meets one takes the scalar
// start, and a quad with a lane |y| ≥ 1 or NaN the whole scalar port.
// Relaxed build (assembly/relaxed.ts): each fused Horner step is one f32x4.relaxed_madd on the
// whole quad (`mad4`), exactly fmaf, so there is no midpoint case and no scalar start.

import { erfinvAten, erfinvStart } from "./erfinv";
import { RELAXED } from "./relaxed";
import { erff4 } from "./erff-simd";
import { expf4, logf4 } from "./libm32-simd";
import { hi2, join4, lo2 } from "./rng-fma";

const A0: f32 = 0.886226899;
const A1: f32 = -1.645349621;
const A2: f32 = 0.914624893;
const A3: f32 = -0.140543331;
const B0: f32 = -2.118377725;
const B1: f32 = 1.442710462;
const B2: f32 = -0.329097515;
const B3: f32 = 0.012229801;
const C0: f32 = -1.970840454;
const C1: f32 = -1.624906493;
const C2: f32 = 3.429567803;
const C3: f32 = 1.641345311;
const D0: f32 = 3.5438892;
const D1: f32 = 1.6370678;
const CENTRAL_RANGE: f32 = 0.7;
const SIGN: i32 = 0x80000000;

@inline function S(c: f32): v128 {
  return f32x4.splat(c);
}

/**
 * fmaf(p, z, c) on an f64x2 half holding binary32 values: fl32(fl64(p·z + c)), exact unless
 * s is a binary32 midpoint: double significand bits 28..0 = 1 then 28 zeros, a test valid for
 * binary32-normal results. Every Horner value here is: in its own branch each partial sum of
 * the central chains lies in ±[0.27, 2.2] (z = y² ≤ 0.49) and of the tail chains above 1
 * (z ≥ √−log 0.15 ≈ 1.38). A midpoint lane is poisoned with NaN (OR-ing the all-ones mask),
 * which every later step carries to the start value; the caller then recomputes the quad with
 * the scalar port (the starts are finite otherwise).
 */
@inline function mad2(p: v128, z: v128, c: f32): v128 {
  const s = f64x2.add(f64x2.mul(p, z), f64x2.splat(<f64>c));
  const mid = i64x2.eq(v128.and(s, i64x2.splat(0x1fffffff)), i64x2.splat(0x10000000));
  return v128.or(f64x2.promote_low_f32x4(f32x4.demote_f64x2_zero(s)), mid);
}

@inline function D(c: f32): v128 {
  return f64x2.splat(<f64>c);
}

/** The quad by the scalar port. */
function erfinvScalar4(y: v128, K: f32): v128 {
  return f32x4(erfinvAten(f32x4.extract_lane(y, 0), K), erfinvAten(f32x4.extract_lane(y, 1), K),
    erfinvAten(f32x4.extract_lane(y, 2), K), erfinvAten(f32x4.extract_lane(y, 3), K));
}

/** The quad's starting values by the scalar port. */
function startScalar4(y: v128): v128 {
  return f32x4(erfinvStart(f32x4.extract_lane(y, 0)), erfinvStart(f32x4.extract_lane(y, 1)),
    erfinvStart(f32x4.extract_lane(y, 2)), erfinvStart(f32x4.extract_lane(y, 3)));
}

/** fmaf(p, z, c) on four lanes (relaxed build only). */
@inline function mad4(p: v128, z: v128, c: f32): v128 {
  return f32x4.relaxed_madd(p, z, f32x4.splat(c));
}

/** The central start (y·num(z))/dem(z), z = y², for four |y| ≤ 0.7. */
function centralStart4(y: v128): v128 {
  const z = f32x4.mul(y, y);
  if (RELAXED) {
    const num = mad4(mad4(mad4(S(A3), z, A2), z, A1), z, A0);
    const dem = mad4(mad4(mad4(mad4(S(B3), z, B2), z, B1), z, B0), z, 1);
    return f32x4.div(f32x4.mul(y, num), dem);
  }
  const zl = lo2(z);
  const zh = hi2(z);
  const num = join4(mad2(mad2(mad2(D(A3), zl, A2), zl, A1), zl, A0), mad2(mad2(mad2(D(A3), zh, A2), zh, A1), zh, A0));
  const dem = join4(mad2(mad2(mad2(mad2(D(B3), zl, B2), zl, B1), zl, B0), zl, 1), mad2(mad2(mad2(mad2(D(B3), zh, B2), zh, B1), zh, B0), zh, 1));
  const x = f32x4.div(f32x4.mul(y, num), dem);
  return v128.any_true(f32x4.ne(x, x)) ? startScalar4(y) : x;
}

/** The tail start copysign(num(z), y)/dem(z), z = √(−log((1 − |y|)/2)), for four 0.7 < |y| < 1. */
function tailStart4(y: v128): v128 {
  const t = f32x4.div(f32x4.sub(S(1), f32x4.abs(y)), S(2));
  const z = f32x4.sqrt(f32x4.neg(logf4(t)));
  if (RELAXED) {
    const num = mad4(mad4(mad4(S(C3), z, C2), z, C1), z, C0);
    const dem = mad4(mad4(S(D1), z, D0), z, 1);
    return f32x4.div(v128.or(v128.and(num, i32x4.splat(0x7fffffff)), v128.and(y, i32x4.splat(SIGN))), dem);
  }
  const zl = lo2(z);
  const zh = hi2(z);
  const num = join4(mad2(mad2(mad2(D(C3), zl, C2), zl, C1), zl, C0), mad2(mad2(mad2(D(C3), zh, C2), zh, C1), zh, C0));
  const dem = join4(mad2(mad2(D(D1), zl, D0), zl, 1), mad2(mad2(D(D1), zh, D0), zh, 1));
  const signed = v128.or(v128.and(num, i32x4.splat(0x7fffffff)), v128.and(y, i32x4.splat(SIGN)));
  const x = f32x4.div(signed, dem);
  return v128.any_true(f32x4.ne(x, x)) ? startScalar4(y) : x;
}

/** calc_erfinv's two Newton steps x − (erf(x) − y)/(K·exp(−x²)) on four lanes. */
@inline function newton4(x: v128, y: v128, K: f32): v128 {
  const Kv = S(K);
  for (let step = 0; step < 2; step++) {
    const e = f32x4.mul(Kv, expf4(f32x4.mul(f32x4.neg(x), x)));
    x = f32x4.sub(x, f32x4.div(f32x4.sub(erff4(x), y), e));
  }
  return x;
}

/** Runs `start` on the gathered quads of the `n` indices at `idx` (padded to a multiple of 4), storing x0[i]. */
@inline function startsOf(buf: usize, x0: usize, idx: usize, n: i32, start: (y: v128) => v128): void {
  for (let j = 0; j < n; j += 4) {
    const q = idx + (<usize>j << 2);
    const i0 = <usize>load<i32>(q) << 2;
    const i1 = <usize>load<i32>(q, 4) << 2;
    const i2 = <usize>load<i32>(q, 8) << 2;
    const i3 = <usize>load<i32>(q, 12) << 2;
    const x = start(f32x4(load<f32>(buf + i0), load<f32>(buf + i1), load<f32>(buf + i2), load<f32>(buf + i3)));
    store<f32>(x0 + i0, f32x4.extract_lane(x, 0));
    store<f32>(x0 + i1, f32x4.extract_lane(x, 1));
    store<f32>(x0 + i2, f32x4.extract_lane(x, 2));
    store<f32>(x0 + i3, f32x4.extract_lane(x, 3));
  }
}

/** Newton steps on the gathered quads of the `n` indices at `idx`: x[i] ← newton(x[i], y[i]). */
function newtonOf(buf: usize, x: usize, idx: usize, n: i32, K: f32): void {
  for (let j = 0; j < n; j += 4) {
    const q = idx + (<usize>j << 2);
    const i0 = <usize>load<i32>(q) << 2;
    const i1 = <usize>load<i32>(q, 4) << 2;
    const i2 = <usize>load<i32>(q, 8) << 2;
    const i3 = <usize>load<i32>(q, 12) << 2;
    const y = f32x4(load<f32>(buf + i0), load<f32>(buf + i1), load<f32>(buf + i2), load<f32>(buf + i3));
    const v = newton4(f32x4(load<f32>(x + i0), load<f32>(x + i1), load<f32>(x + i2), load<f32>(x + i3)), y, K);
    store<f32>(x + i0, f32x4.extract_lane(v, 0));
    store<f32>(x + i1, f32x4.extract_lane(v, 1));
    store<f32>(x + i2, f32x4.extract_lane(v, 2));
    store<f32>(x + i3, f32x4.extract_lane(v, 3));
  }
}

/** i8x16.swizzle patterns moving the i32 lanes selected by a 4-bit mask to the front, in order. */
const COMPACT = memory.data<u8>([
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 1, 2, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  4, 5, 6, 7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 1, 2, 3, 4, 5, 6, 7, 0, 0, 0, 0, 0, 0, 0, 0,
  8, 9, 10, 11, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 1, 2, 3, 8, 9, 10, 11, 0, 0, 0, 0, 0, 0, 0, 0,
  4, 5, 6, 7, 8, 9, 10, 11, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0, 0, 0, 0,
  12, 13, 14, 15, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 1, 2, 3, 12, 13, 14, 15, 0, 0, 0, 0, 0, 0, 0, 0,
  4, 5, 6, 7, 12, 13, 14, 15, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 1, 2, 3, 4, 5, 6, 7, 12, 13, 14, 15, 0, 0, 0, 0,
  8, 9, 10, 11, 12, 13, 14, 15, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 1, 2, 3, 8, 9, 10, 11, 12, 13, 14, 15, 0, 0, 0, 0,
  4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 0, 0, 0, 0,
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
]);

/** Appends the lanes of the index vector iv that mask m selects to the list at l (length n); returns the new length. */
@inline function append(l: usize, n: i32, iv: v128, m: v128): i32 {
  const bits = i32x4.bitmask(m);
  v128.store(l + (<usize>n << 2), i8x16.swizzle(iv, v128.load(COMPACT + (<usize>bits << 4))));
  return n + <i32>popcnt(bits);
}

/** Repeats the last of n indices up to a multiple of 4 (recomputing an element is harmless). */
@inline function pad4(idx: usize, n: i32): i32 {
  if (n == 0) return 0;
  const last = load<i32>(idx + (<usize>(n - 1) << 2));
  for (; (n & 3) != 0; n++) store<i32>(idx + (<usize>n << 2), last);
  return n;
}

/** x[i] = erfinv(y[i]) by the scalar port for the i in [from, to) with |y| ≥ 1 or NaN. */
function finalScalar(buf: usize, x: usize, from: i32, to: i32, K: f32): void {
  for (let i = from; i < to; i++) {
    const y = load<f32>(buf + (<usize>i << 2));
    if (!(Mathf.abs(y) < 1)) store<f32>(x + (<usize>i << 2), erfinvAten(y, K));
  }
}

/** Bytes of `work` that `truncInverseCdf32x4` needs for a range of n elements: 3 index lists and x. */
export function truncInverseCdfWorkBytes(n: i32): i32 {
  return 4 * (n + 4) * 4;
}

/** |x| < 0.84375 and |x| < 1.25 as float32 bit patterns: erff's first two branches. */
const ERFF_A: i32 = 0x3f580000;
const ERFF_B: i32 = 0x3fa00000;

/**
 * trunc_normal_ ≤ 2.11 after its uniform_, in place on buf[start..end):
 * clamp(fl32(fl32(erfinv(y)·scale) + mean), lo, hi) (PyTorch's erfinv_, mul_, add_, clamp_).
 * `work` is scratch of truncInverseCdfWorkBytes(end − start) bytes. Elements are independent,
 * so disjoint ranges (each with its own work) can run in parallel.
 *
 * Random draws make every quad mix branches, and a quad pays for each branch it holds, so the
 * elements are processed in quads gathered by branch: first by the rational start (central,
 * tail), then by erff's branch of the starting value for the Newton steps (the second step's
 * branch rarely differs; erff4 handles mixed quads anyway). Sorting is branch-free and four
 * indices at a time: a lane mask's 4 bits pick a swizzle that packs the selected indices.
 */
export function truncInverseCdf32x4(buf: usize, work: usize, start: i32, end: i32, K: f32, scale: f32, mean: f32, lo: f32, hi: f32): void {
  const n = end - start;
  const L = <usize>(n + 4) << 2;
  const l0 = work;
  const l1 = work + L;
  const l2 = work + 2 * L;
  const x = work + 3 * L - (<usize>start << 2); // x[i] for i in [start, end)
  // 1. Central (|y| ≤ 0.7) and tail (0.7 < |y| < 1) draws; |y| ≥ 1 and NaN take the scalar port.
  let nc = 0;
  let nt = 0;
  let i = start;
  let iv = i32x4(start, start + 1, start + 2, start + 3);
  for (; i + 4 <= end; i += 4, iv = i32x4.add(iv, i32x4.splat(4))) {
    const a = f32x4.abs(v128.load(buf + (<usize>i << 2)));
    const c = f32x4.le(a, S(CENTRAL_RANGE));
    const t = v128.and(f32x4.gt(a, S(CENTRAL_RANGE)), f32x4.lt(a, S(1)));
    nc = append(l0, nc, iv, c);
    nt = append(l1, nt, iv, t);
    if (!i32x4.all_true(v128.or(c, t))) finalScalar(buf, x, i, i + 4, K);
  }
  for (; i < end; i++) {
    const a = Mathf.abs(load<f32>(buf + (<usize>i << 2)));
    if (a <= CENTRAL_RANGE) store<i32>(l0 + (<usize>(nc++) << 2), i);
    else if (a < 1) store<i32>(l1 + (<usize>(nt++) << 2), i);
    else finalScalar(buf, x, i, i + 1, K);
  }
  startsOf(buf, x, l0, pad4(l0, nc), centralStart4);
  startsOf(buf, x, l1, pad4(l1, nt), tailStart4);
  // 2. The same elements by erff's branch of x0: |x0| < 0.84375, < 1.25, the rest.
  let na = 0;
  let nb = 0;
  let nr = 0;
  i = start;
  iv = i32x4(start, start + 1, start + 2, start + 3);
  for (; i + 4 <= end; i += 4, iv = i32x4.add(iv, i32x4.splat(4))) {
    const p = <usize>i << 2;
    const live = f32x4.lt(f32x4.abs(v128.load(buf + p)), S(1)); // the others are final already
    const ix = v128.and(v128.load(x + p), i32x4.splat(0x7fffffff));
    const ra = i32x4.lt_s(ix, i32x4.splat(ERFF_A));
    const rb = v128.andnot(i32x4.lt_s(ix, i32x4.splat(ERFF_B)), ra);
    na = append(l0, na, iv, v128.and(ra, live));
    nb = append(l1, nb, iv, v128.and(rb, live));
    nr = append(l2, nr, iv, v128.andnot(live, v128.or(ra, rb)));
  }
  for (; i < end; i++) {
    const p = <usize>i << 2;
    if (!(Mathf.abs(load<f32>(buf + p)) < 1)) continue;
    const ix = reinterpret<i32>(load<f32>(x + p)) & 0x7fffffff;
    if (ix < ERFF_A) store<i32>(l0 + (<usize>(na++) << 2), i);
    else if (ix < ERFF_B) store<i32>(l1 + (<usize>(nb++) << 2), i);
    else store<i32>(l2 + (<usize>(nr++) << 2), i);
  }
  newtonOf(buf, x, l0, pad4(l0, na), K);
  newtonOf(buf, x, l1, pad4(l1, nb), K);
  newtonOf(buf, x, l2, pad4(l2, nr), K);
  // 3. ×scale, +mean, clamp_ (x < lo → lo, then x > hi → hi; NaN stays NaN).
  i = start;
  for (; i + 4 <= end; i += 4) {
    const p = <usize>i << 2;
    const v = f32x4.add(f32x4.mul(v128.load(x + p), S(scale)), S(mean));
    const c = v128.bitselect(S(lo), v, f32x4.lt(v, S(lo)));
    v128.store(buf + p, v128.bitselect(S(hi), c, f32x4.gt(c, S(hi))));
  }
  for (; i < end; i++) {
    const p = <usize>i << 2;
    let v = load<f32>(x + p) * scale + mean;
    if (v < lo) v = lo;
    if (v > hi) v = hi;
    store<f32>(buf + p, v);
  }
}

/**
 * `truncInverseCdf32x4` with K, scale, mean, lo and hi read as five f32 at `params` (params,
 * params + 4, …): the worker pool passes int32 arguments only (src/kernels/wasm/pool.ts).
 */
export function truncInverseCdf32x4p(buf: usize, work: usize, start: i32, end: i32, params: usize): void {
  truncInverseCdf32x4(buf, work, start, end,
    load<f32>(params), load<f32>(params, 4), load<f32>(params, 8), load<f32>(params, 12), load<f32>(params, 16));
}
