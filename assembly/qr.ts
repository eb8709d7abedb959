// The block update of the blocked Householder QR (LAPACK's dlarfb, left side, forward,
// columnwise), float64, column-major. With the panel's reflectors in compact WY form
// H = H_0 … H_{kb−1} = I − V T Vᵀ (assembly/householder.ts):
//   geqrf applies Hᵀ = I − V Tᵀ Vᵀ to the trailing columns,  C ← C − V (Tᵀ (Vᵀ C));
//   orgqr applies H  = I − V T  Vᵀ to Q's columns,            C ← C − V (T  (Vᵀ C)).
// Three dense products (assembly/dgemm.ts): 4·mk·nc·kb + 2·kb²·nc flops, all level 3.
// Columns of C are independent, so a caller may split [0, nc) into ranges (one per worker,
// each with its own w, w2 and work).
import { dgemm, dgemmWorkFloats } from "./dgemm";
export { dgemm, dgemmWorkFloats };

// The panel kernels, exported with the update so the host sees one QR kernel family.
export { panelQR, unpackV, formT } from "./householder";
export { transpose64 } from "./transpose";

/** Doubles of `work` applyBlockReflector needs for C of mk × nc and a panel of kb. */
export function blockWorkFloats(mk: i32, nc: i32, kb: i32): i32 {
  return max(dgemmWorkFloats(kb, nc, mk), dgemmWorkFloats(mk, nc, kb));
}

/**
 * C ← (I − V op(T) Vᵀ) C, C mk × nc with column stride ldc; op(T) = Tᵀ when transT ≠ 0.
 * vd: dense V (mk × kb, ld mk), t: T (kb × kb, ld kb), w and w2: kb × nc doubles each.
 */
export function applyBlockReflector(
  transT: i32, mk: i32, nc: i32, kb: i32,
  vd: usize, t: usize, c: usize, ldc: i32, w: usize, w2: usize, work: usize,
): void {
  if (nc <= 0 || kb <= 0) return;
  dgemm(1, kb, nc, mk, 1, vd, mk, c, ldc, 0, w, kb, work); // W = Vᵀ C
  dgemm(transT, kb, nc, kb, 1, t, kb, w, kb, 0, w2, kb, work); // W2 = op(T) W
  dgemm(0, mk, nc, kb, -1, vd, mk, w2, kb, 1, c, ldc, work); // C = C − V W2
}
