/**
 * The narrow interface every compute backend implements. Layers and autograd ops call
 * only these; a faster backend (WebAssembly SIMD, workers) replaces the implementation
 * without touching them. sgemm's buffers are float32, row-major, addressed by offset + stride;
 * qr works in float64.
 */
import type { ReducedQR } from "../math/qr.js";

export interface Kernels {
  readonly name: string;
  /**
   * C = op(A) · op(B) + beta · C, where op(X) is X or Xᵀ, op(A) is M × K and op(B) is K × N.
   * `lda`, `ldb`, `ldc` are row strides of the stored (untransposed) matrices.
   */
  sgemm(
    transA: boolean, transB: boolean, M: number, N: number, K: number,
    A: Float32Array, aOff: number, lda: number,
    B: Float32Array, bOff: number, ldb: number,
    beta: number, C: Float32Array, cOff: number, ldc: number,
  ): void;
  /**
   * Reduced QR of the row-major m × n matrix `a` (m ≥ n) by Householder reflections, in float64:
   * Q (m × n, row-major, orthonormal columns) and diag(R), LAPACK's sign convention (geqrf + orgqr).
   */
  qr(a: ArrayLike<number>, m: number, n: number): ReducedQR;
}
