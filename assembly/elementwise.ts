// Elementwise float32 kernels on f32x4 / f64x2, for the training step's non-matmul work. Same
// host contract as gemm.ts: byte addresses of float32 arrays above heapBase(), any n ≥ 0;
// each op is bitwise the scalar TypeScript kernel it replaces (src/kernels/ts-elementwise.ts).

import { roundForDemote2 } from "./fmaf-f64x2";
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
 * compiled to an FMA), emulated in binary64 with the round-to-odd fix-up of ./fmaf-f64x2.ts.
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
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const off = <usize>i << 2;
    const c = f64x2.promote_low_f32x4(v128.load64_zero(a + off));
    const p = f64x2.mul(va, f64x2.promote_low_f32x4(v128.load64_zero(b + off)));
    v128.store64_lane(out + off, f32x4.demote_f64x2_zero(roundForDemote2(p, c, f64x2.add(p, c))), 0);
  }
  for (; i < n; i++) {
    const off = <usize>i << 2;
    const c = f64x2.promote_low_f32x4(v128.load32_zero(a + off));
    const p = f64x2.mul(va, f64x2.promote_low_f32x4(v128.load32_zero(b + off)));
    v128.store32_lane(out + off, f32x4.demote_f64x2_zero(roundForDemote2(p, c, f64x2.add(p, c))), 0);
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
