// WebAssembly SIMD SGEMM, in AssemblyScript (compiled by scripts/build-wasm.mjs to
// dist/kernels/nninit.wasm, via assembly/index.ts). C = op(A) · op(B) + beta · C on float32, row-major, with row
// strides. GotoBLAS/BLIS layout: op(B) is packed in KC × NC blocks of 8-column panels, op(A)
// in MC × KC blocks of 4-row panels (zero-padded), and a 4 × 8 micro-kernel keeps eight
// f32x4 accumulators in registers: plain f32x4.mul + f32x4.add in nninit.wasm, one
// f32x4.relaxed_madd (a fused multiply-add, as PyTorch's BLAS does) in nninit-relaxed.wasm
// (assembly/relaxed.ts). Either way each C element's sum runs in the same order whatever the
// thread split, so N threads give the bits of one.
// Accumulation is in float32 — unlike the TS backend's binary64 sums — so results differ
// from it by float32 rounding of the dot products (error ≤ ~K·2^-24·Σ|a||b|).
//
// The module owns no allocator: the host (src/kernels/wasm/gemm.ts) places A, B, C and the
// packing workspace in linear memory above heapBase() and grows the memory itself.

import { RELAXED } from "./relaxed";

const MR: i32 = 4;
const NR: i32 = 8;
const MC: i32 = 128;
const KC: i32 = 256;
const NC: i32 = 2048;

@inline function roundUp(x: i32, m: i32): i32 {
  return ((x + m - 1) / m) * m;
}

/** Floats of workspace sgemm() needs for an M × N × K product (pack A, pack B, one tile). */
export function workFloats(M: i32, N: i32, K: i32): i32 {
  const kc = min(max(K, 1), KC);
  const mc = roundUp(min(max(M, 1), MC), MR);
  const nc = roundUp(min(max(N, 1), NC), NR);
  return mc * kc + kc * nc + MR * NR;
}

/**
 * Stores the transpose of the 4 × 4 block whose rows are r0..r3: column q (lane q of every
 * row) goes to dst + q·stride. unpacklo/hi then movelh/hl, four shuffles per two outputs.
 */
@inline function transpose4Store(r0: v128, r1: v128, r2: v128, r3: v128, dst: usize, stride: usize): void {
  const t0 = i32x4.shuffle(r0, r1, 0, 4, 1, 5); // r0[0] r1[0] r0[1] r1[1]
  const t1 = i32x4.shuffle(r0, r1, 2, 6, 3, 7);
  const t2 = i32x4.shuffle(r2, r3, 0, 4, 1, 5);
  const t3 = i32x4.shuffle(r2, r3, 2, 6, 3, 7);
  v128.store(dst, i32x4.shuffle(t0, t2, 0, 1, 4, 5));
  v128.store(dst + stride, i32x4.shuffle(t0, t2, 2, 3, 6, 7));
  v128.store(dst + 2 * stride, i32x4.shuffle(t1, t3, 0, 1, 4, 5));
  v128.store(dst + 3 * stride, i32x4.shuffle(t1, t3, 2, 3, 6, 7));
}

/** op(A)[i0 .. i0+mc, k0 .. k0+kc) into 4-row panels, layout [panel][k][4]; rows past mc are 0. */
function packA(a: usize, lda: i32, transA: bool, i0: i32, mc: i32, k0: i32, kc: i32, dst: usize): void {
  for (let p = 0; p < mc; p += MR) {
    const base = dst + ((<usize>p * kc) << 2);
    const rows = min(MR, mc - p);
    if (transA && rows == MR) {
      // op(A)[i, k] = A[k, i]: four consecutive i of one stored row are one vector.
      let src = a + ((<usize>k0 * lda + i0 + p) << 2);
      const step = <usize>lda << 2;
      for (let k = 0; k < kc; k++) {
        v128.store(base + (<usize>k << 4), v128.load(src));
        src += step;
      }
      continue;
    }
    let k4 = 0;
    if (!transA && rows == MR) {
      // op(A)[i, k] = A[i, k]: four rows' runs of four k, transposed in registers (4 × 4).
      const r0 = a + ((<usize>(i0 + p) * lda + k0) << 2);
      const step = <usize>lda << 2;
      for (; k4 + 4 <= kc; k4 += 4) {
        const s = r0 + (<usize>k4 << 2);
        transpose4Store(v128.load(s), v128.load(s + step), v128.load(s + 2 * step), v128.load(s + 3 * step), base + (<usize>k4 << 4), 16);
      }
      if (k4 == kc) continue;
    }
    for (let ii = 0; ii < MR; ii++) {
      let out = base + (<usize>ii << 2);
      if (ii >= rows) {
        for (let k = 0; k < kc; k++) { store<f32>(out, 0); out += 16; }
      } else if (transA) {
        let src = a + ((<usize>k0 * lda + i0 + p + ii) << 2);
        const step = <usize>lda << 2;
        for (let k = 0; k < kc; k++) { store<f32>(out, load<f32>(src)); out += 16; src += step; }
      } else {
        // (k4: the k already packed by the vector loop above)
        out += <usize>k4 << 4;
        let src = a + ((<usize>(i0 + p + ii) * lda + k0 + k4) << 2);
        for (let k = k4; k < kc; k++) { store<f32>(out, load<f32>(src)); out += 16; src += 4; }
      }
    }
  }
}

/** op(B)[k0 .. k0+kc, j0 .. j0+nc) into 8-column panels, layout [panel][k][8]; columns past nc are 0. */
function packB(b: usize, ldb: i32, transB: bool, j0: i32, nc: i32, k0: i32, kc: i32, dst: usize): void {
  for (let p = 0; p < nc; p += NR) {
    const base = dst + ((<usize>p * kc) << 2);
    const cols = min(NR, nc - p);
    if (!transB && cols == NR) {
      let src = b + ((<usize>k0 * ldb + j0 + p) << 2);
      const step = <usize>ldb << 2;
      let out = base;
      for (let k = 0; k < kc; k++) {
        v128.store(out, v128.load(src));
        v128.store(out, v128.load(src, 16), 16);
        src += step;
        out += 32;
      }
      continue;
    }
    let k4 = 0;
    if (transB && cols == NR) {
      // op(B)[k, j] = B[j, k]: eight rows' runs of four k, as two 4 × 4 transposes.
      const r0 = b + ((<usize>(j0 + p) * ldb + k0) << 2);
      const step = <usize>ldb << 2;
      const r4 = r0 + 4 * step;
      for (; k4 + 4 <= kc; k4 += 4) {
        const s = r0 + (<usize>k4 << 2);
        const t = r4 + (<usize>k4 << 2);
        const out = base + (<usize>k4 << 5);
        transpose4Store(v128.load(s), v128.load(s + step), v128.load(s + 2 * step), v128.load(s + 3 * step), out, 32);
        transpose4Store(v128.load(t), v128.load(t + step), v128.load(t + 2 * step), v128.load(t + 3 * step), out + 16, 32);
      }
      if (k4 == kc) continue;
    }
    for (let jj = 0; jj < NR; jj++) {
      let out = base + (<usize>jj << 2);
      if (jj >= cols) {
        for (let k = 0; k < kc; k++) { store<f32>(out, 0); out += 32; }
      } else if (transB) {
        out += <usize>k4 << 5;
        let src = b + ((<usize>(j0 + p + jj) * ldb + k0 + k4) << 2);
        for (let k = k4; k < kc; k++) { store<f32>(out, load<f32>(src)); out += 32; src += 4; }
      } else {
        let src = b + ((<usize>k0 * ldb + j0 + p + jj) << 2);
        const step = <usize>ldb << 2;
        for (let k = 0; k < kc; k++) { store<f32>(out, load<f32>(src)); out += 32; src += step; }
      }
    }
  }
}

/** acc + a·b: fused in the relaxed build, two roundings otherwise. */
@inline function mac(acc: v128, a: v128, b: v128): v128 {
  if (RELAXED) return f32x4.relaxed_madd(a, b, acc);
  return f32x4.add(acc, f32x4.mul(a, b));
}

@inline function upd(acc: v128, c: usize, off: usize, loadC: bool, vb: v128): v128 {
  return loadC ? f32x4.add(acc, f32x4.mul(vb, v128.load(c + off))) : acc;
}

/**
 * One 4 × 8 tile over kc: C_tile = acc + beta · C_tile (C not read when !loadC).
 * Full tiles store straight into C; edge tiles go through `tile` and store mr × nr.
 */
function micro(kc: i32, pa: usize, pb: usize, c: usize, ldc: i32, loadC: bool, beta: f32, mr: i32, nr: i32, tile: usize): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  for (let k = 0; k < kc; k++) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    let a = v128.load32_splat(pa);
    c00 = mac(c00, a, b0); c01 = mac(c01, a, b1);
    a = v128.load32_splat(pa, 4);
    c10 = mac(c10, a, b0); c11 = mac(c11, a, b1);
    a = v128.load32_splat(pa, 8);
    c20 = mac(c20, a, b0); c21 = mac(c21, a, b1);
    a = v128.load32_splat(pa, 12);
    c30 = mac(c30, a, b0); c31 = mac(c31, a, b1);
    pa += 16;
    pb += 32;
  }
  const vb = f32x4.splat(beta);
  if (mr == MR && nr == NR) {
    const step = <usize>ldc << 2;
    let r = c;
    v128.store(r, upd(c00, r, 0, loadC, vb)); v128.store(r, upd(c01, r, 16, loadC, vb), 16); r += step;
    v128.store(r, upd(c10, r, 0, loadC, vb)); v128.store(r, upd(c11, r, 16, loadC, vb), 16); r += step;
    v128.store(r, upd(c20, r, 0, loadC, vb)); v128.store(r, upd(c21, r, 16, loadC, vb), 16); r += step;
    v128.store(r, upd(c30, r, 0, loadC, vb)); v128.store(r, upd(c31, r, 16, loadC, vb), 16);
    return;
  }
  v128.store(tile, c00); v128.store(tile, c01, 16);
  v128.store(tile, c10, 32); v128.store(tile, c11, 48);
  v128.store(tile, c20, 64); v128.store(tile, c21, 80);
  v128.store(tile, c30, 96); v128.store(tile, c31, 112);
  for (let ii = 0; ii < mr; ii++) {
    const row = c + ((<usize>ii * ldc) << 2);
    const t = tile + (<usize>(ii * NR) << 2);
    for (let jj = 0; jj < nr; jj++) {
      const p = row + (<usize>jj << 2);
      const s = load<f32>(t + (<usize>jj << 2));
      store<f32>(p, loadC ? s + beta * load<f32>(p) : s);
    }
  }
}

/** Floats packAll writes: all of op(A) (isB = 0: `n` = M rows, rounded up to MR) or op(B) (`n` = N columns, to NR), times K. */
export function packedFloats(isB: i32, n: i32, K: i32): i32 {
  return roundUp(n, isB != 0 ? NR : MR) * K;
}

/**
 * Packs all of op(A) (isB = 0; n = M) or op(B) (isB ≠ 0; n = N) at once, exactly as sgemm
 * packs it block by block: the KC-deep slab from k0 at dst + 4·roundUp(n)·k0, and in it the
 * panel of row (column) p at p·kc floats. When the worker pool splits a product into column
 * blocks, every block needs all of op(A) (row blocks: all of op(B)); each thread packs it once
 * per job with this and hands it to sgemm as `packedA` (`packedB`) instead of once per block.
 */
export function packAll(isB: i32, x: usize, ld: i32, trans: i32, n: i32, K: i32, dst: usize): void {
  const rounded = roundUp(n, isB != 0 ? NR : MR);
  for (let pc = 0; pc < K; pc += KC) {
    const kc = min(KC, K - pc);
    const at = dst + ((<usize>rounded * pc) << 2);
    if (isB != 0) packB(x, ld, trans != 0, 0, n, pc, kc, at);
    else packA(x, ld, trans != 0, 0, n, pc, kc, at);
  }
}

/**
 * C = op(A) · op(B) + beta · C. All pointers are byte addresses in this module's memory;
 * `work` must hold workFloats(M, N, K) floats, 16-byte aligned. `packedA` (`packedB`), when
 * not 0, holds all of op(A) (op(B)) as packAll wrote it, and is used instead of packing.
 */
export function sgemm(
  transA: i32, transB: i32, M: i32, N: i32, K: i32,
  a: usize, lda: i32, b: usize, ldb: i32,
  beta: f32, c: usize, ldc: i32, work: usize,
  packedA: usize, packedB: usize,
): void {
  if (M <= 0 || N <= 0) return;
  if (K <= 0) {
    for (let i = 0; i < M; i++) {
      const row = c + ((<usize>i * ldc) << 2);
      for (let j = 0; j < N; j++) {
        const p = row + (<usize>j << 2);
        store<f32>(p, beta == 0 ? <f32>0 : beta * load<f32>(p));
      }
    }
    return;
  }
  const kcMax = min(K, KC);
  const mcMax = roundUp(min(M, MC), MR);
  const ncMax = roundUp(min(N, NC), NR);
  const pa = work;
  const pb = pa + ((<usize>mcMax * kcMax) << 2);
  const tile = pb + ((<usize>kcMax * ncMax) << 2);
  const tA = transA != 0;
  const tB = transB != 0;
  const mAll = roundUp(M, MR);
  const nAll = roundUp(N, NR);
  for (let jc = 0; jc < N; jc += NC) {
    const nc = min(NC, N - jc);
    for (let pc = 0; pc < K; pc += KC) {
      const kc = min(KC, K - pc);
      let pbk = pb;
      if (packedB != 0) pbk = packedB + ((<usize>nAll * pc + <usize>jc * kc) << 2);
      else packB(b, ldb, tB, jc, nc, pc, kc, pb);
      const first = pc == 0;
      const loadC = !first || beta != 0;
      const bEff: f32 = first ? beta : 1;
      for (let ic = 0; ic < M; ic += MC) {
        const mc = min(MC, M - ic);
        let pak = pa;
        if (packedA != 0) pak = packedA + ((<usize>mAll * pc + <usize>ic * kc) << 2);
        else packA(a, lda, tA, ic, mc, pc, kc, pa);
        for (let jr = 0; jr < nc; jr += NR) {
          const nr = min(NR, nc - jr);
          const pbp = pbk + ((<usize>jr * kc) << 2);
          for (let ir = 0; ir < mc; ir += MR) {
            const mr = min(MR, mc - ir);
            const pap = pak + ((<usize>ir * kc) << 2);
            const cp = c + ((<usize>(ic + ir) * ldc + jc + jr) << 2);
            micro(kc, pap, pbp, cp, ldc, loadC, bEff, mr, nr, tile);
          }
        }
      }
    }
  }
}
