/**
 * Rounding-error bounds for a float64 Householder QR (Higham, "Accuracy and Stability of
 * Numerical Algorithms", 2nd ed., §19.3) and the small dense helpers the QR tests need.
 *
 * Theorem 19.4: the computed R̂ and Q̂ (Q̂ formed from the computed reflectors, as orgqr does)
 * satisfy A + ΔA = Q R̂ for an exactly orthogonal Q with ‖ΔA‖_F ≤ √n γ̃_mn ‖A‖_F and
 * ‖Q̂ − Q‖_F ≤ √n γ̃_mn, where γ̃_k = c·k·u / (1 − c·k·u), u = 2^-53. Higham leaves c as "a small
 * integer constant"; we take c = 2, one rounding for each multiply and each add of the inner
 * products and updates that every reflector application consists of.
 * The bounds are worst-case: from about 30 × 30 on, observed errors are 1e-3 of them or less
 * (at 2 × 1 one rounding is half the bound), while a wrong reflector, sign or block layout
 * makes them O(1).
 */

/** Unit roundoff of binary64. */
export const U = 2 ** -53;
/** Higham's constant c in γ̃_k (see above). */
const C_GAMMA = 2;

/** γ̃_k = c·k·u / (1 − c·k·u). */
export function gammaTilde(k: number): number {
  const x = C_GAMMA * k * U;
  if (x >= 1) throw new RangeError(`gammaTilde: k = ${k} is too large for a meaningful bound`);
  return x / (1 - x);
}

/** √n γ̃_mn: Theorem 19.4's bound on ‖Q̂ − Q‖_F and on ‖ΔA‖_F / ‖A‖_F. */
export function householderBound(m: number, n: number): number {
  return Math.sqrt(n) * gammaTilde(m * n);
}


/** Frobenius norm of a dense array. */
export function frob(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]! * x[i]!;
  return Math.sqrt(s);
}

/** Xᵀ Y for row-major X (m × p) and Y (m × q): p × q, row-major. */
export function transposeTimes(x: ArrayLike<number>, y: ArrayLike<number>, m: number, p: number, q: number): Float64Array {
  const out = new Float64Array(p * q);
  for (let k = 0; k < m; k++) {
    for (let i = 0; i < p; i++) {
      const xi = x[k * p + i]!;
      for (let j = 0; j < q; j++) out[i * q + j]! += xi * y[k * q + j]!;
    }
  }
  return out;
}

/** Q · diag(sign r): the unique Q of a full-rank A (orthogonal_'s sign fix). */
export function signFixed(q: Float64Array, rdiag: Float64Array, m: number, n: number): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out[i * n + j] = q[i * n + j]! * Math.sign(rdiag[j]!);
  return out;
}

/**
 * κ_F(R) = ‖R‖_F ‖R⁻¹‖_F of the upper triangle of the n × n row-major `r`, an upper bound on
 * κ₂(R) = κ₂(A). R⁻¹ by back substitution, column by column. Infinite if R is singular.
 */
export function kappaF(r: Float64Array, n: number): number {
  let normR = 0;
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) normR += r[i * n + j]! ** 2;
  let normInv = 0;
  const x = new Float64Array(n);
  for (let c = 0; c < n; c++) {
    // Solve R x = e_c.
    for (let i = n - 1; i >= 0; i--) {
      let s = i === c ? 1 : 0;
      for (let j = i + 1; j < n; j++) s -= r[i * n + j]! * x[j]!;
      const d = r[i * n + i]!;
      if (d === 0) return Infinity;
      x[i] = s / d;
      normInv += x[i]! ** 2;
    }
  }
  return Math.sqrt(normR) * Math.sqrt(normInv);
}
