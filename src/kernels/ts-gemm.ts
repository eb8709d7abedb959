/**
 * Plain-TypeScript SGEMM: both operands are packed into panels of 4 rows (A) and 4 columns
 * (B), and a 4 × 4 register-blocked micro-kernel accumulates 16 outputs at once. Sums are
 * carried in binary64 (JavaScript's number) and rounded once to float32 on store, so each
 * output is the float32 rounding of a nearly exact dot product.
 */
const MR = 4;
const NR = 4;
/**
 * Depth of a K-block. Up to KC the whole product is one block and the micro-kernel stores
 * straight into C; the lab's and the tests' layers (K ≤ 1024) all fit.
 */
const KC = 1024;

let packA: Float64Array = new Float64Array(0);
let packB: Float64Array = new Float64Array(0);

function ensure(buf: Float64Array, n: number): Float64Array {
  return buf.length >= n ? buf : new Float64Array(Math.max(n, buf.length * 2));
}

/** op(A)[i, k] for i in [i0, i0+MR), k in [k0, k0+kc) into panel order [k][ii]; zero-padded rows. */
function packPanelsA(
  A: Float32Array, aOff: number, lda: number, transA: boolean,
  M: number, k0: number, kc: number, out: Float64Array,
): void {
  const panels = Math.ceil(M / MR);
  for (let p = 0; p < panels; p++) {
    const base = p * kc * MR;
    for (let ii = 0; ii < MR; ii++) {
      const i = p * MR + ii;
      if (i >= M) {
        for (let k = 0; k < kc; k++) out[base + k * MR + ii] = 0;
      } else if (transA) {
        for (let k = 0; k < kc; k++) out[base + k * MR + ii] = A[aOff + (k0 + k) * lda + i]!;
      } else {
        const row = aOff + i * lda + k0;
        for (let k = 0; k < kc; k++) out[base + k * MR + ii] = A[row + k]!;
      }
    }
  }
}

/** op(B)[k, j] for k in [k0, k0+kc), j in panels of NR into [k][jj]; zero-padded columns. */
function packPanelsB(
  B: Float32Array, bOff: number, ldb: number, transB: boolean,
  N: number, k0: number, kc: number, out: Float64Array,
): void {
  const panels = Math.ceil(N / NR);
  for (let p = 0; p < panels; p++) {
    const base = p * kc * NR;
    for (let jj = 0; jj < NR; jj++) {
      const j = p * NR + jj;
      if (j >= N) {
        for (let k = 0; k < kc; k++) out[base + k * NR + jj] = 0;
      } else if (transB) {
        const row = bOff + j * ldb + k0;
        for (let k = 0; k < kc; k++) out[base + k * NR + jj] = B[row + k]!;
      } else {
        for (let k = 0; k < kc; k++) out[base + k * NR + jj] = B[bOff + (k0 + k) * ldb + j]!;
      }
    }
  }
}

/** Accumulator for the whole K range of one C tile (all K-blocks), in binary64. */
let acc: Float64Array = new Float64Array(0);

export function sgemmTs(
  transA: boolean, transB: boolean, M: number, N: number, K: number,
  A: Float32Array, aOff: number, lda: number,
  B: Float32Array, bOff: number, ldb: number,
  beta: number, C: Float32Array, cOff: number, ldc: number,
): void {
  if (M === 0 || N === 0) return;
  const mp = Math.ceil(M / MR) * MR;
  const np = Math.ceil(N / NR) * NR;
  if (K <= KC) {
    packA = ensure(packA, mp * K);
    packB = ensure(packB, np * K);
    packPanelsA(A, aOff, lda, transA, M, 0, K, packA);
    packPanelsB(B, bOff, ldb, transB, N, 0, K, packB);
    microKernelsToC(M, N, K, packA, packB, beta, C, cOff, ldc);
    return;
  }
  acc = ensure(acc, mp * np);
  acc.fill(0, 0, mp * np);
  for (let k0 = 0; k0 < K; k0 += KC) {
    const kc = Math.min(KC, K - k0);
    packA = ensure(packA, mp * kc);
    packB = ensure(packB, np * kc);
    packPanelsA(A, aOff, lda, transA, M, k0, kc, packA);
    packPanelsB(B, bOff, ldb, transB, N, k0, kc, packB);
    microKernels(mp / MR, np / NR, kc, packA, packB, acc, np);
  }
  for (let i = 0; i < M; i++) {
    const c = cOff + i * ldc;
    const a = i * np;
    if (beta === 0) for (let j = 0; j < N; j++) C[c + j] = acc[a + j]!;
    else for (let j = 0; j < N; j++) C[c + j] = acc[a + j]! + beta * C[c + j]!;
  }
}

/**
 * The single-block case: each 4 × 4 tile is accumulated in registers and stored into C
 * once, as fround(sum + beta·C). Edge tiles store only the rows and columns inside C.
 */
function microKernelsToC(
  M: number, N: number, kc: number, pa: Float64Array, pb: Float64Array,
  beta: number, C: Float32Array, cOff: number, ldc: number,
): void {
  const pm = Math.ceil(M / MR);
  const pn = Math.ceil(N / NR);
  const tile = new Float64Array(MR * NR);
  for (let ip = 0; ip < pm; ip++) {
    const aBase = ip * kc * MR;
    for (let jp = 0; jp < pn; jp++) {
      const bBase = jp * kc * NR;
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
      let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
      let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      for (let k = 0, ao = aBase, bo = bBase; k < kc; k++, ao += MR, bo += NR) {
        const b0 = pb[bo]!, b1 = pb[bo + 1]!, b2 = pb[bo + 2]!, b3 = pb[bo + 3]!;
        let a = pa[ao]!;
        c00 += a * b0; c01 += a * b1; c02 += a * b2; c03 += a * b3;
        a = pa[ao + 1]!;
        c10 += a * b0; c11 += a * b1; c12 += a * b2; c13 += a * b3;
        a = pa[ao + 2]!;
        c20 += a * b0; c21 += a * b1; c22 += a * b2; c23 += a * b3;
        a = pa[ao + 3]!;
        c30 += a * b0; c31 += a * b1; c32 += a * b2; c33 += a * b3;
      }
      const i0 = ip * MR;
      const j0 = jp * NR;
      if (i0 + MR <= M && j0 + NR <= N) {
        let r = cOff + i0 * ldc + j0;
        if (beta === 0) {
          C[r] = c00; C[r + 1] = c01; C[r + 2] = c02; C[r + 3] = c03; r += ldc;
          C[r] = c10; C[r + 1] = c11; C[r + 2] = c12; C[r + 3] = c13; r += ldc;
          C[r] = c20; C[r + 1] = c21; C[r + 2] = c22; C[r + 3] = c23; r += ldc;
          C[r] = c30; C[r + 1] = c31; C[r + 2] = c32; C[r + 3] = c33;
        } else {
          C[r] = c00 + beta * C[r]!; C[r + 1] = c01 + beta * C[r + 1]!; C[r + 2] = c02 + beta * C[r + 2]!; C[r + 3] = c03 + beta * C[r + 3]!; r += ldc;
          C[r] = c10 + beta * C[r]!; C[r + 1] = c11 + beta * C[r + 1]!; C[r + 2] = c12 + beta * C[r + 2]!; C[r + 3] = c13 + beta * C[r + 3]!; r += ldc;
          C[r] = c20 + beta * C[r]!; C[r + 1] = c21 + beta * C[r + 1]!; C[r + 2] = c22 + beta * C[r + 2]!; C[r + 3] = c23 + beta * C[r + 3]!; r += ldc;
          C[r] = c30 + beta * C[r]!; C[r + 1] = c31 + beta * C[r + 1]!; C[r + 2] = c32 + beta * C[r + 2]!; C[r + 3] = c33 + beta * C[r + 3]!;
        }
        continue;
      }
      tile.set([c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33]);
      for (let ii = 0; ii < MR && i0 + ii < M; ii++) {
        for (let jj = 0; jj < NR && j0 + jj < N; jj++) {
          const r = cOff + (i0 + ii) * ldc + j0 + jj;
          C[r] = beta === 0 ? tile[ii * NR + jj]! : tile[ii * NR + jj]! + beta * C[r]!;
        }
      }
    }
  }
}

function microKernels(pm: number, pn: number, kc: number, pa: Float64Array, pb: Float64Array, out: Float64Array, ldo: number): void {
  for (let ip = 0; ip < pm; ip++) {
    const aBase = ip * kc * MR;
    for (let jp = 0; jp < pn; jp++) {
      const bBase = jp * kc * NR;
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
      let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
      let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      for (let k = 0; k < kc; k++) {
        const ao = aBase + k * MR;
        const bo = bBase + k * NR;
        const a0 = pa[ao]!, a1 = pa[ao + 1]!, a2 = pa[ao + 2]!, a3 = pa[ao + 3]!;
        const b0 = pb[bo]!, b1 = pb[bo + 1]!, b2 = pb[bo + 2]!, b3 = pb[bo + 3]!;
        c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
        c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
        c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
        c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
      }
      const r0 = ip * MR * ldo + jp * NR;
      const r1 = r0 + ldo, r2 = r1 + ldo, r3 = r2 + ldo;
      out[r0] += c00; out[r0 + 1] += c01; out[r0 + 2] += c02; out[r0 + 3] += c03;
      out[r1] += c10; out[r1 + 1] += c11; out[r1 + 2] += c12; out[r1 + 3] += c13;
      out[r2] += c20; out[r2 + 1] += c21; out[r2 + 2] += c22; out[r2 + 3] += c23;
      out[r3] += c30; out[r3 + 1] += c31; out[r3 + 2] += c32; out[r3 + 3] += c33;
    }
  }
}

/** Kernels["linearForward"]: the bias broadcast into every row (doubling copies), then sgemm with beta = 1. */
export function linearForwardTs(x: Float32Array, w: Float32Array, b: Float32Array | null, rows: number, inF: number, outF: number, out: Float32Array): void {
  const n = rows * outF;
  if (b !== null && n > 0) {
    out.set(b, 0);
    for (let filled = outF; filled < n; filled *= 2) out.copyWithin(filled, 0, Math.min(filled, n - filled));
  }
  sgemmTs(false, true, rows, outF, inF, x, 0, inF, w, 0, inF, b !== null ? 1 : 0, out, 0, outF);
}
