// Elementwise float32 kernels on f32x4 / f64x2, for the training step's non-matmul work. Same
// host contract as gemm.ts: byte addresses of float32 arrays above heapBase(), any n ≥ 0;
// each op is bitwise the scalar TypeScript kernel it replaces (src/kernels/ts-elementwise.ts).

import { RELAXED, madd32 } from "./relaxed";

/**
 * PyTorch's relu (clamp_min(x, 0), maxps(x, 0) in its AVX2 kernel): out[i] = x[i] < 0 ? 0 : x[i],
 * so NaN stays NaN and −0 stays −0. pmax(x, 0) is exactly `x < 0 ? 0 : x`.
 */
export function reluForward(x: usize, out: usize, n: i32): void {
  const zero = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const off = <usize>i << 2;
    v128.store(out + off, f32x4.pmax(v128.load(x + off), zero));
  }
  for (; i < n; i++) {
    const v = load<f32>(x + (<usize>i << 2));
    store<f32>(out + (<usize>i << 2), v < 0 ? 0 : v);
  }
}

/**
 * PyTorch's relu gradient, threshold_backward(g, relu(x), 0): out[i] = relu(x[i]) ≤ 0 ? +0 : g[i],
 * that is x[i] ≤ 0 ? +0 : g[i] (a NaN x passes g through; a masked g, even NaN or ±inf, gives +0).
 */
export function reluBackward(x: usize, g: usize, out: usize, n: i32): void {
  const zero = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const off = <usize>i << 2;
    const masked = f32x4.le(v128.load(x + off), zero);
    v128.store(out + off, v128.andnot(v128.load(g + off), masked));
  }
  for (; i < n; i++) {
    const off = <usize>i << 2;
    store<f32>(out + off, load<f32>(x + off) <= 0 ? 0 : load<f32>(g + off));
  }
}

/**
 * out[i] = fmaf(alpha, b[i], a[i]): one float32 rounding of a + alpha·b (ATen's add with alpha,
 * compiled to an FMA). In binary64, p = alpha·b is exact (24 + 24 bits) and s = p + a has one
 * rounding; rounding s to float32 could round twice. Rounding s to ODD instead (nudging it one
 * ulp toward the exact sum when it is inexact and its last bit is even) makes the conversion
 * correct, since 53 ≥ 2·24 + 2 (Boldo & Melquiond, IEEE TC 2008). The TwoSum error e tells
 * whether s was exact and on which side the exact sum lies; e is NaN only if s is not finite.
 */
export function fmaAxpy(a: usize, b: usize, alpha: f32, out: usize, n: i32): void {
  if (RELAXED) {
    // Relaxed build (assembly/relaxed.ts): fmaf itself, four lanes at a time.
    const av = f32x4.splat(alpha);
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      const off = <usize>j << 2;
      v128.store(out + off, f32x4.relaxed_madd(av, v128.load(b + off), v128.load(a + off)));
    }
    for (; j < n; j++) {
      const off = <usize>j << 2;
      store<f32>(out + off, madd32(alpha, load<f32>(b + off), load<f32>(a + off)));
    }
    return;
  }
  const va = f64x2.splat(<f64>alpha);
  const zero = f64x2.splat(0);
  const one = i64x2.splat(1);
  // Rounding s to float32 can only go wrong where s is exactly a float32 midpoint: the exact
  // sum x and s = RN64(x) lie on the same side of every midpoint (midpoints are binary64 numbers
  // and RN64 is monotonic), unless s is one. For a float32-normal s that means its 29 bits below
  // float32's last are 1000…0; below 2^-126 (subnormal results) the test differs, so those lanes
  // take the round-to-odd path too, as do midpoints, about 2^-29 of random lanes.
  const low29 = i64x2.splat(0x1fffffff);
  const half29 = i64x2.splat(0x10000000);
  const tiny = f64x2.splat(1.1754943508222875e-38); // 2^-126
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const off = <usize>i << 2;
    const c = f64x2.promote_low_f32x4(v128.load64_zero(a + off));
    const p = f64x2.mul(va, f64x2.promote_low_f32x4(v128.load64_zero(b + off)));
    let s = f64x2.add(p, c);
    const midpoint = i64x2.eq(v128.and(s, low29), half29);
    const subnormal = v128.and(f64x2.lt(f64x2.abs(s), tiny), f64x2.ne(s, zero));
    if (v128.any_true(v128.or(midpoint, subnormal))) {
      const bb = f64x2.sub(s, p);
      const e = f64x2.add(f64x2.sub(p, f64x2.sub(s, bb)), f64x2.sub(c, bb));
      // Nudge where e ≠ 0 (e == e: not NaN) and s's last bit is 0: +1 ulp in magnitude when e
      // has s's sign, −1 otherwise; as integers, bits ± 1.
      const inexact = v128.and(f64x2.ne(e, zero), f64x2.eq(e, e));
      const even = i64x2.eq(v128.and(s, one), i64x2.splat(0));
      const away = i64x2.eq(v128.and(v128.xor(s, e), i64x2.splat(0x8000000000000000)), i64x2.splat(0));
      const step = v128.bitselect(one, i64x2.splat(-1), away);
      s = i64x2.add(s, v128.and(step, v128.and(inexact, even)));
    }
    v128.store64_lane(out + off, f32x4.demote_f64x2_zero(s), 0);
  }
  for (; i < n; i++) {
    const off = <usize>i << 2;
    const c = <f64>load<f32>(a + off);
    const p = <f64>alpha * <f64>load<f32>(b + off);
    const s = p + c;
    const bb = s - p;
    const e = (p - (s - bb)) + (c - bb);
    let bits = reinterpret<i64>(s);
    if (e != 0 && e == e && (bits & 1) == 0) bits += (bits ^ reinterpret<i64>(e)) < 0 ? -1 : 1;
    store<f32>(out + off, <f32>reinterpret<f64>(bits));
  }
}

/** fmaAxpy with alpha passed as its float32 bits: the worker pool's calls carry int32 words only. */
export function fmaAxpyBits(a: usize, b: usize, alphaBits: i32, out: usize, n: i32): void {
  fmaAxpy(a, b, reinterpret<f32>(alphaBits), out, n);
}

/** Row r of the rows × cols matrix at c (row stride ld) = the cols values at bias: a bias broadcast. */
export function broadcastRows(bias: usize, c: usize, rows: i32, cols: i32, ld: i32): void {
  for (let r = 0; r < rows; r++) memory.copy(c + ((<usize>r * ld) << 2), bias, <usize>cols << 2);
}

/**
 * out[j] = float32(Σ_r g[r, j]) over the rows × cols matrix g, each sum in binary64 in row order
 * and rounded once (the TS kernel's order, so the same bits): Linear's bias gradient. `acc` is
 * scratch for cols binary64 sums.
 */
export function sumRows64(g: usize, rows: i32, cols: i32, acc: usize, out: usize): void {
  memory.fill(acc, 0, <usize>cols << 3);
  for (let r = 0; r < rows; r++) {
    const row = g + ((<usize>r * cols) << 2);
    let j = 0;
    for (; j + 2 <= cols; j += 2) {
      const a = acc + (<usize>j << 3);
      v128.store(a, f64x2.add(v128.load(a), f64x2.promote_low_f32x4(v128.load64_zero(row + (<usize>j << 2)))));
    }
    for (; j < cols; j++) {
      const a = acc + (<usize>j << 3);
      store<f64>(a, load<f64>(a) + <f64>load<f32>(row + (<usize>j << 2)));
    }
  }
  for (let j = 0; j < cols; j++) store<f32>(out + (<usize>j << 2), <f32>load<f64>(acc + (<usize>j << 3)));
}
