/**
 * Reduced QR by Householder reflections in binary64, the factorisation behind
 * `orthogonal_` (LAPACK's `geqrf` + `orgqr` in PyTorch).
 *
 * For A (m × n, m ≥ n) it returns Q (m × n, orthonormal columns) and the diagonal of R.
 * Reflector k is H_k = I − τ_k v_k v_kᵀ with v_k[k] = 1, chosen so that H_k maps column k
 * below the diagonal to β_k e_k with β_k = −sign(α)·‖x‖ (LAPACK's `dlarfg` convention).
 * Q·diag(sign(R)) is unique for a full-rank A, so any correct QR gives the same result
 * after `orthogonal_`'s sign fix; only rounding differs from LAPACK.
 *
 * Columns are stored contiguously (column-major) so each reflector application is a
 * dot product and an axpy over contiguous memory.
 */

export interface ReducedQR {
  /** Q in row-major order, m × n. */
  q: Float64Array;
  /** diag(R), length n. */
  rdiag: Float64Array;
}

/** `a` is row-major m × n with m ≥ n. */
export function householderQR(a: ArrayLike<number>, m: number, n: number): ReducedQR {
  if (m < n) throw new RangeError(`householderQR needs rows >= cols, got ${m} x ${n}`);
  // Column-major working copy: col j occupies w[j*m .. j*m + m).
  const w = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) w[j * m + i] = a[i * n + j]!;
  const tau = new Float64Array(n);
  const rdiag = new Float64Array(n);

  for (let k = 0; k < n; k++) {
    const ck = k * m;
    const alpha = w[ck + k]!;
    let sigma = 0; // ‖x[k+1:]‖², scaled against overflow is unnecessary for N(0,1) inputs
    for (let i = k + 1; i < m; i++) sigma += w[ck + i]! * w[ck + i]!;
    if (sigma === 0) {
      // Already upper triangular in this column: H = I.
      tau[k] = 0;
      rdiag[k] = alpha;
      continue;
    }
    const norm = Math.sqrt(alpha * alpha + sigma);
    const beta = alpha >= 0 ? -norm : norm;
    tau[k] = (beta - alpha) / beta;
    const scale = 1 / (alpha - beta);
    for (let i = k + 1; i < m; i++) w[ck + i]! *= scale; // v = x / (α − β), v[k] = 1 implicitly
    w[ck + k] = beta;
    rdiag[k] = beta;
    // Apply H_k to the remaining columns: c ← c − τ v (vᵀc).
    for (let j = k + 1; j < n; j++) {
      const cj = j * m;
      let dot = w[cj + k]!;
      for (let i = k + 1; i < m; i++) dot += w[ck + i]! * w[cj + i]!;
      const f = tau[k]! * dot;
      w[cj + k]! -= f;
      for (let i = k + 1; i < m; i++) w[cj + i]! -= f * w[ck + i]!;
    }
  }

  // Form Q = H_0 H_1 … H_{n−1} [I_n; 0] by applying the reflectors backwards (`orgqr`).
  const qc = new Float64Array(m * n); // column-major Q
  for (let j = 0; j < n; j++) qc[j * m + j] = 1;
  for (let k = n - 1; k >= 0; k--) {
    const t = tau[k]!;
    if (t === 0) continue;
    const ck = k * m;
    for (let j = k; j < n; j++) {
      const cj = j * m;
      let dot = qc[cj + k]!;
      for (let i = k + 1; i < m; i++) dot += w[ck + i]! * qc[cj + i]!;
      const f = t * dot;
      qc[cj + k]! -= f;
      for (let i = k + 1; i < m; i++) qc[cj + i]! -= f * w[ck + i]!;
    }
  }
  const q = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) q[i * n + j] = qc[j * m + i]!;
  return { q, rdiag };
}
