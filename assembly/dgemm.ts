// WebAssembly SIMD DGEMM for the blocked QR (assembly/qr.ts): C = alpha · op(A) · B + beta · C
// on float64, COLUMN-major (LAPACK's layout: a column of A is contiguous), op(A) = A or Aᵀ.
// This is where the QR's flops are: the compact-WY block updates C − V·(T·(Vᵀ·C)) are three
// of these products (Golub & Van Loan, Matrix Computations §5.2.3).
//
// GotoBLAS/BLIS layout, as assembly/gemm.ts: B is packed in KC × NC blocks of 4-column panels
// ([panel][k][4]), op(A) in MC × KC blocks of 4-row panels ([panel][k][4]), zero-padded, and a
// 4 × 4 micro-kernel keeps eight f64x2 accumulators (two per column of the tile) in registers.
// Plain f64x2.mul + f64x2.add in nninit.wasm (no FMA in Node 20's SIMD), so each product is
// rounded twice; one f64x2.relaxed_madd (fused) in nninit-relaxed.wasm (assembly/relaxed.ts).
//
// No allocator: `work` (dgemmWorkFloats doubles, 16-byte aligned) is laid out by the caller.

import { RELAXED } from "./relaxed";

const MR: i32 = 4;
const NR: i32 = 4;
const MC: i32 = 128; // MC × KC × 8 B = 256 KiB of packed A: stays in L2
const KC: i32 = 256; // KC × NR × 8 B = 8 KiB of packed B micro-panel: stays in L1
const NC: i32 = 1024;

/** acc + a·b: fused in the relaxed build, two roundings otherwise. */
@inline function mac(acc: v128, a: v128, b: v128): v128 {
  if (RELAXED) return f64x2.relaxed_madd(a, b, acc);
  return f64x2.add(acc, f64x2.mul(a, b));
}

@inline function roundUp(x: i32, m: i32): i32 {
  return ((x + m - 1) / m) * m;
}

/** Doubles of workspace dgemm() needs for an M × N × K product (packed A, packed B, one tile). */
export function dgemmWorkFloats(M: i32, N: i32, K: i32): i32 {
  const kc = min(max(K, 1), KC);
  const mc = roundUp(min(max(M, 1), MC), MR);
  const nc = roundUp(min(max(N, 1), NC), NR);
  return mc * kc + kc * nc + MR * NR;
}

/** op(A)[i0 .. i0+mc, k0 .. k0+kc) into 4-row panels [panel][k][4]; rows past mc are 0. */
function packA(a: usize, lda: i32, transA: bool, i0: i32, mc: i32, k0: i32, kc: i32, dst: usize): void {
  for (let p = 0; p < mc; p += MR) {
    const base = dst + ((<usize>p * kc) << 3);
    const rows = min(MR, mc - p);
    if (!transA && rows == MR) {
      // op(A)[i, k] = A[i + k·lda]: four consecutive rows of one column are two vectors.
      let src = a + ((<usize>k0 * lda + i0 + p) << 3);
      const step = <usize>lda << 3;
      let out = base;
      for (let k = 0; k < kc; k++) {
        v128.store(out, v128.load(src));
        v128.store(out, v128.load(src, 16), 16);
        src += step;
        out += 32;
      }
      continue;
    }
    for (let ii = 0; ii < MR; ii++) {
      let out = base + (<usize>ii << 3);
      if (ii >= rows) {
        for (let k = 0; k < kc; k++) { store<f64>(out, 0); out += 32; }
      } else if (transA) {
        // op(A)[i, k] = A[k + i·lda]: row i of op(A) is a contiguous column of A.
        let src = a + ((<usize>(i0 + p + ii) * lda + k0) << 3);
        for (let k = 0; k < kc; k++) { store<f64>(out, load<f64>(src)); out += 32; src += 8; }
      } else {
        let src = a + ((<usize>k0 * lda + i0 + p + ii) << 3);
        const step = <usize>lda << 3;
        for (let k = 0; k < kc; k++) { store<f64>(out, load<f64>(src)); out += 32; src += step; }
      }
    }
  }
}

/** B[k0 .. k0+kc, j0 .. j0+nc) into 4-column panels [panel][k][4]; columns past nc are 0. */
function packB(b: usize, ldb: i32, j0: i32, nc: i32, k0: i32, kc: i32, dst: usize): void {
  for (let p = 0; p < nc; p += NR) {
    const base = dst + ((<usize>p * kc) << 3);
    const cols = min(NR, nc - p);
    if (cols == NR) {
      // Two k at a time from each of the four (contiguous) columns, interleaved by 64-bit
      // shuffles: (c0[k], c1[k]), (c2[k], c3[k]), then the same for k + 1.
      const s0 = b + ((<usize>(j0 + p) * ldb + k0) << 3);
      const step = <usize>ldb << 3;
      let out = base;
      let k = 0;
      for (; k + 2 <= kc; k += 2) {
        const o = <usize>k << 3;
        const v0 = v128.load(s0 + o), v1 = v128.load(s0 + step + o);
        const v2 = v128.load(s0 + 2 * step + o), v3 = v128.load(s0 + 3 * step + o);
        v128.store(out, v128.shuffle<i64>(v0, v1, 0, 2));
        v128.store(out, v128.shuffle<i64>(v2, v3, 0, 2), 16);
        v128.store(out, v128.shuffle<i64>(v0, v1, 1, 3), 32);
        v128.store(out, v128.shuffle<i64>(v2, v3, 1, 3), 48);
        out += 64;
      }
      if (k < kc) {
        const o = <usize>k << 3;
        for (let jj = 0; jj < NR; jj++) store<f64>(out + (<usize>jj << 3), load<f64>(s0 + <usize>jj * step + o));
      }
      continue;
    }
    for (let jj = 0; jj < NR; jj++) {
      let out = base + (<usize>jj << 3);
      if (jj >= cols) {
        for (let k = 0; k < kc; k++) { store<f64>(out, 0); out += 32; }
      } else {
        let src = b + ((<usize>(j0 + p + jj) * ldb + k0) << 3);
        for (let k = 0; k < kc; k++) { store<f64>(out, load<f64>(src)); out += 32; src += 8; }
      }
    }
  }
}

/** alpha·acc (+ beta·C when loadC) for the two f64 at c + off. */
@inline function upd(acc: v128, c: usize, off: usize, loadC: bool, va: v128, vb: v128): v128 {
  const s = f64x2.mul(va, acc);
  return loadC ? f64x2.add(s, f64x2.mul(vb, v128.load(c + off))) : s;
}

/**
 * One 4 × 4 tile over kc: C_tile = alpha·Σ_k a_k b_kᵀ + beta·C_tile (C not read when !loadC).
 * Full tiles store straight into C (column j of the tile is 4 contiguous doubles); edge tiles
 * go through `tile` and store mr × nr.
 */
function micro(kc: i32, pa: usize, pb: usize, c: usize, ldc: i32, loadC: bool, alpha: f64, beta: f64, mr: i32, nr: i32, tile: usize): void {
  let c00 = f64x2.splat(0), c01 = f64x2.splat(0); // column 0: rows 0–1, rows 2–3
  let c10 = f64x2.splat(0), c11 = f64x2.splat(0);
  let c20 = f64x2.splat(0), c21 = f64x2.splat(0);
  let c30 = f64x2.splat(0), c31 = f64x2.splat(0);
  for (let k = 0; k < kc; k++) {
    const a0 = v128.load(pa);
    const a1 = v128.load(pa, 16);
    let b = v128.load64_splat(pb);
    c00 = mac(c00, a0, b); c01 = mac(c01, a1, b);
    b = v128.load64_splat(pb, 8);
    c10 = mac(c10, a0, b); c11 = mac(c11, a1, b);
    b = v128.load64_splat(pb, 16);
    c20 = mac(c20, a0, b); c21 = mac(c21, a1, b);
    b = v128.load64_splat(pb, 24);
    c30 = mac(c30, a0, b); c31 = mac(c31, a1, b);
    pa += 32;
    pb += 32;
  }
  const va = f64x2.splat(alpha);
  const vb = f64x2.splat(beta);
  if (mr == MR && nr == NR) {
    const step = <usize>ldc << 3;
    let col = c;
    v128.store(col, upd(c00, col, 0, loadC, va, vb)); v128.store(col, upd(c01, col, 16, loadC, va, vb), 16); col += step;
    v128.store(col, upd(c10, col, 0, loadC, va, vb)); v128.store(col, upd(c11, col, 16, loadC, va, vb), 16); col += step;
    v128.store(col, upd(c20, col, 0, loadC, va, vb)); v128.store(col, upd(c21, col, 16, loadC, va, vb), 16); col += step;
    v128.store(col, upd(c30, col, 0, loadC, va, vb)); v128.store(col, upd(c31, col, 16, loadC, va, vb), 16);
    return;
  }
  v128.store(tile, c00); v128.store(tile, c01, 16);
  v128.store(tile, c10, 32); v128.store(tile, c11, 48);
  v128.store(tile, c20, 64); v128.store(tile, c21, 80);
  v128.store(tile, c30, 96); v128.store(tile, c31, 112);
  for (let jj = 0; jj < nr; jj++) {
    const col = c + ((<usize>jj * ldc) << 3);
    const t = tile + (<usize>(jj * MR) << 3);
    for (let ii = 0; ii < mr; ii++) {
      const p = col + (<usize>ii << 3);
      const s = alpha * load<f64>(t + (<usize>ii << 3));
      store<f64>(p, loadC ? s + beta * load<f64>(p) : s);
    }
  }
}

/**
 * C = alpha · op(A) · B + beta · C, column-major, op(A) M × K, B K × N. Byte addresses in this
 * module's memory; `work` must hold dgemmWorkFloats(M, N, K) doubles, 16-byte aligned.
 * beta = 0 never reads C (so C may hold garbage or NaN).
 */
export function dgemm(
  transA: i32, M: i32, N: i32, K: i32, alpha: f64,
  a: usize, lda: i32, b: usize, ldb: i32,
  beta: f64, c: usize, ldc: i32, work: usize,
): void {
  if (M <= 0 || N <= 0) return;
  if (K <= 0) {
    for (let j = 0; j < N; j++) {
      const col = c + ((<usize>j * ldc) << 3);
      for (let i = 0; i < M; i++) {
        const p = col + (<usize>i << 3);
        store<f64>(p, beta == 0 ? 0 : beta * load<f64>(p));
      }
    }
    return;
  }
  const kcMax = min(K, KC);
  const mcMax = roundUp(min(M, MC), MR);
  const ncMax = roundUp(min(N, NC), NR);
  const pa = work;
  const pb = pa + ((<usize>mcMax * kcMax) << 3);
  const tile = pb + ((<usize>kcMax * ncMax) << 3);
  const tA = transA != 0;
  for (let jc = 0; jc < N; jc += NC) {
    const nc = min(NC, N - jc);
    for (let pc = 0; pc < K; pc += KC) {
      const kc = min(KC, K - pc);
      packB(b, ldb, jc, nc, pc, kc, pb);
      const first = pc == 0;
      const loadC = !first || beta != 0;
      const bEff: f64 = first ? beta : 1;
      for (let ic = 0; ic < M; ic += MC) {
        const mc = min(MC, M - ic);
        packA(a, lda, tA, ic, mc, pc, kc, pa);
        for (let jr = 0; jr < nc; jr += NR) {
          const nr = min(NR, nc - jr);
          const pbp = pb + ((<usize>jr * kc) << 3);
          for (let ir = 0; ir < mc; ir += MR) {
            const mr = min(MR, mc - ir);
            const pap = pa + ((<usize>ir * kc) << 3);
            const cp = c + ((<usize>(jc + jr) * ldc + ic + ir) << 3);
            micro(kc, pap, pbp, cp, ldc, loadC, alpha, bEff, mr, nr, tile);
          }
        }
      }
    }
  }
}
