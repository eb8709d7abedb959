// The Householder panel of the blocked QR, float64, column-major (LAPACK's dgeqr2 + dlarft).
//
// Reflector j is H_j = I − τ_j v_j v_jᵀ with v_j[j] = 1, chosen (dlarfg's convention, as the
// TS QR in src/math/qr.ts) so that H_j maps x = A[j:, j] to β e_1 with β = −sign(α)‖x‖,
// α = x_0: τ = (β − α)/β and v = x/(α − β) below the unit entry.
// A panel of kb reflectors is stored compactly (Schreiber & Van Loan 1989, "compact WY"):
// H_0 H_1 … H_{kb−1} = I − V T Vᵀ, V the unit lower-trapezoidal reflectors, T kb × kb upper
// triangular, T_ii = τ_i and T[0:i, i] = −τ_i · T[0:i, 0:i] · (V[:, 0:i]ᵀ v_i) (dlarft, forward).
import { ddot, daxpy, dscal } from "./blas1";

/**
 * Unblocked Householder QR of the panel A[k:m, k:k+kb] (dgeqr2): on return its upper triangle
 * holds R's rows k..k+kb−1 restricted to the panel, below the diagonal the v_j (unit entry
 * implicit), and tau[k + j] = τ_j. Every column is a contiguous run of doubles.
 */
export function panelQR(m: i32, a: usize, lda: i32, k: i32, kb: i32, tau: usize): void {
  for (let j = 0; j < kb; j++) {
    const col = k + j;
    const len = m - col; // x = A[col:m, col], len ≥ 1 since m ≥ n > col
    const x = a + ((<usize>col * lda + col) << 3);
    const alpha = load<f64>(x);
    const sigma = ddot(len - 1, x + 8, x + 8); // ‖x[1:]‖²: no scaling needed for N(0,1) input
    const tp = tau + (<usize>col << 3);
    if (sigma == 0) {
      store<f64>(tp, 0); // column already upper triangular: H = I
      continue;
    }
    const norm = Math.sqrt(alpha * alpha + sigma);
    const beta = alpha >= 0 ? -norm : norm;
    const t = (beta - alpha) / beta;
    store<f64>(tp, t);
    dscal(len - 1, 1 / (alpha - beta), x + 8);
    store<f64>(x, beta);
    // H_j applied to the panel's later columns: c ← c − τ v (vᵀc), with v[0] = 1.
    for (let jj = j + 1; jj < kb; jj++) {
      const c = a + ((<usize>(k + jj) * lda + col) << 3);
      const f = t * (load<f64>(c) + ddot(len - 1, x + 8, c + 8));
      store<f64>(c, load<f64>(c) - f);
      daxpy(len - 1, -f, x + 8, c + 8);
    }
  }
}

/**
 * V of the panel at column k as a dense mk × kb column-major matrix (ld = mk, mk = m − k):
 * explicit unit diagonal and zeros above it, so the block updates are plain dense products.
 */
export function unpackV(m: i32, a: usize, lda: i32, k: i32, kb: i32, vd: usize): void {
  const mk = m - k;
  for (let j = 0; j < kb; j++) {
    const dst = vd + ((<usize>j * mk) << 3);
    for (let r = 0; r < j; r++) store<f64>(dst + (<usize>r << 3), 0);
    store<f64>(dst + (<usize>j << 3), 1);
    memory.copy(dst + (<usize>(j + 1) << 3), a + ((<usize>(k + j) * lda + k + j + 1) << 3), <usize>(mk - j - 1) << 3);
  }
}

/** T (kb × kb, column-major, ld = kb, zero below the diagonal) of the dense V from unpackV. */
export function formT(mk: i32, kb: i32, vd: usize, tau: usize, t: usize): void {
  memory.fill(t, 0, <usize>(kb * kb) << 3);
  for (let i = 0; i < kb; i++) {
    const ti = load<f64>(tau + (<usize>i << 3));
    const ci = t + ((<usize>i * kb) << 3); // column i of T
    if (ti == 0) continue; // H_i = I: column i of T stays 0
    const vi = vd + ((<usize>i * mk + i) << 3); // v_i from its unit entry; zero above
    for (let l = 0; l < i; l++) {
      const vl = vd + ((<usize>l * mk + i) << 3);
      store<f64>(ci + (<usize>l << 3), -ti * ddot(mk - i, vl, vi));
    }
    // T[0:i, i] = T[0:i, 0:i] · z in place: row r reads z_l for l ≥ r only.
    for (let r = 0; r < i; r++) {
      let s: f64 = 0;
      for (let l = r; l < i; l++) s += load<f64>(t + ((<usize>l * kb + r) << 3)) * load<f64>(ci + (<usize>l << 3));
      store<f64>(ci + (<usize>r << 3), s);
    }
    store<f64>(ci + (<usize>i << 3), ti);
  }
}
