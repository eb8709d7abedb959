/**
 * The narrow interface every compute backend implements. Layers and autograd ops call
 * only these; a faster backend (WebAssembly SIMD, workers) replaces the implementation
 * without touching them. Buffers are float32 (max pooling's argmax int32), row-major;
 * sgemm addresses them by offset + stride, the others take whole contiguous arrays; qr works
 * in float64.
 */
import type { ReducedQR } from "../math/qr.js";
import type { TransientFloat32 } from "../tensor/dtype.js";

/** Everything a backend needs about one 2-D convolution (conv1d is conv2d with H = 1). */
export interface ConvGeometry {
  N: number; C: number; H: number; W: number;
  O: number; groups: number; Cg: number; Og: number;
  kh: number; kw: number; sh: number; sw: number;
  /** Padding before the first row / column; padding after is implied by OH, OW. */
  ph: number; pw: number;
  dh: number; dw: number;
  OH: number; OW: number;
  /** Rows of the unrolled patches: Cg·kh·kw. */
  K: number;
}

/** Which gradients conv2dBackward must compute. */
export interface ConvNeed { x: boolean; w: boolean; b: boolean }
export interface ConvGrads { dx: Float32Array | null; dw: Float32Array | null; db: Float32Array | null }

/** One 2-D pooling: `planes` = N·C planes of H × W, window kh × kw, stride, padding, dilation. */
export interface PoolGeometry {
  planes: number; H: number; W: number;
  kh: number; kw: number; sh: number; sw: number; ph: number; pw: number; dh: number; dw: number;
  OH: number; OW: number;
}

export interface Kernels {
  readonly name: string;
  /**
   * Storage for a long-lived float32 tensor (a parameter, a momentum buffer) that this backend
   * computes on in place; null means an ordinary array. Used by `allocateLongLived` while the
   * backend is active.
   */
  readonly allocateF32?: (n: number) => Float32Array | null;
  /**
   * Storage this backend computes on in place, for results whose owner releases them
   * explicitly: the autograd engine's intermediate gradients (src/tensor/dtype.ts
   * `transientScope`). Absent: ordinary arrays.
   */
  readonly transientF32?: TransientFloat32;
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
   * nn.Linear's forward: out (rows × outF) = x (rows × inF) · wᵀ (w: outF × inF) + b broadcast
   * over the rows (b: outF, or null for none). The bits of filling out's rows with b and running
   * sgemm with beta = 1 (or beta = 0 without b), as PyTorch's addmm does.
   */
  linearForward(x: Float32Array, w: Float32Array, b: Float32Array | null, rows: number, inF: number, outF: number, out: Float32Array): void;
  /** out[j] = float32(Σ_r g[r, j]) for the rows × cols matrix g, summed in binary64 in row order. */
  sumRows(g: Float32Array, rows: number, cols: number, out: Float32Array): void;
  /**
   * Reduced QR of the row-major m × n matrix `a` (m ≥ n) by Householder reflections, in float64:
   * Q (m × n, row-major, orthonormal columns) and diag(R), LAPACK's sign convention (geqrf + orgqr).
   */
  qr(a: ArrayLike<number>, m: number, n: number): ReducedQR;

  /** PyTorch's relu: out[i] = x[i] < 0 ? 0 : x[i] (NaN and −0 pass through). `out` may be `x`. */
  relu(x: Float32Array, out: Float32Array): void;
  /** PyTorch's relu gradient (threshold_backward on the output): out[i] = x[i] ≤ 0 ? +0 : g[i]. */
  reluBackward(x: Float32Array, g: Float32Array, out: Float32Array): void;
  /**
   * out[i] = fmaf(alpha, b[i], a[i]): a + alpha·b rounded once to float32, as ATen's
   * `add(a, b, alpha=alpha)` on float32 (an FMA in PyTorch's x86-64 builds). `alpha` must
   * already be a float32 value; `out` may be `a`.
   */
  fmaAxpy(a: Float32Array, b: Float32Array, alpha: number, out: Float32Array): void;
  /** y = conv2d(x, w) + b into `out` (N, O, OH, OW); x (N, C, H, W), w (O, Cg, kh, kw). */
  conv2dForward(g: ConvGeometry, x: Float32Array, w: Float32Array, b: Float32Array | null, out: Float32Array): void;
  /** The gradients of conv2dForward's inputs that `need` asks for, from dL/dy `gy`. */
  conv2dBackward(g: ConvGeometry, x: Float32Array, w: Float32Array, gy: Float32Array, need: ConvNeed): ConvGrads;
  /**
   * Max pooling as ATen's CPU kernel: each window scanned row-major, `val > max || isnan(val)`
   * replaces the running max (ties go to the first maximum). Writes the maxima into `out` and
   * each one's flat index in its H × W plane into `arg`.
   */
  maxPool2d(x: Float32Array, g: PoolGeometry, out: Float32Array, arg: Int32Array): void;
  /**
   * Optional: Adam/AdamW's whole float32 update of one parameter in one pass, bitwise the
   * optimiser's pointwise ops (src/optim/adam.ts, which falls back to them without it).
   * `flags` and the 9 binary32 `scalars` are laid out as in assembly/adam.ts; `param`,
   * `exp_avg`, `exp_avg_sq` and `max_exp_avg_sq` (amsgrad, else null) are updated in place.
   */
  adam32?(param: Float32Array, grad: Float32Array, exp_avg: Float32Array, exp_avg_sq: Float32Array,
    max_exp_avg_sq: Float32Array | null, flags: number, scalars: Float32Array): void;
  /**
   * Optional: SGD's float32 update with momentum, nesterov, weight decay or maximize in one
   * pass, bitwise the optimiser's pointwise ops (src/optim/sgd.ts, which falls back to them).
   * `flags` and the 4 binary32 `scalars` as in assembly/sgd.ts; `param` and
   * `momentum_buffer` (null without momentum) are updated in place.
   */
  sgd32?(param: Float32Array, grad: Float32Array, momentum_buffer: Float32Array | null, flags: number, scalars: Float32Array): void;
}
