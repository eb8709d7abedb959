/**
 * The WebAssembly SIMD backend ("wasm"): sgemm from assembly/gemm.ts (AssemblyScript, f32x4),
 * and the blocked float64 QR of ./qr.ts, run in the shared runtime (./runtime.ts). Each sgemm
 * call copies op(A)'s and op(B)'s storage extents (and C when beta ≠ 0) into the scratch
 * region, runs the packed, cache-blocked kernel, and copies the M × N result back into C's
 * rows (padding between rows is never written).
 *
 * Numerics: the kernel accumulates in float32 (f32x4.mul + f32x4.add) like PyTorch's BLAS,
 * not binary64 like the "ts" backend, so the two differ by float32 rounding of the sums — at
 * most about K · 2^-24 · Σ|a||b| per output.
 *
 * `enableWasmBackend()` registers the backend; it returns false (and registers nothing) if
 * the runtime did not load.
 */
import { register_backend } from "../index.js";
import type { Kernels } from "../types.js";
import { wasmQR } from "./qr.js";
import { align16, wasmRuntime, type WasmRuntime } from "./runtime.js";

interface GemmExports {
  workFloats(M: number, N: number, K: number): number;
  sgemm(
    transA: number, transB: number, M: number, N: number, K: number,
    a: number, lda: number, b: number, ldb: number,
    beta: number, c: number, ldc: number, work: number,
  ): void;
}

/** Floats spanned by a rows × cols matrix with row stride ld (0 when empty). */
function extent(rows: number, cols: number, ld: number): number {
  return rows <= 0 || cols <= 0 ? 0 : (rows - 1) * ld + cols;
}

function makeSgemm(rt: WasmRuntime): Kernels["sgemm"] {
  const w = rt.exports as unknown as GemmExports;
  return (transA, transB, M, N, K, A, aOff, lda, B, bOff, ldb, beta, C, cOff, ldc) => {
    if (M <= 0 || N <= 0) return;
    const aLen = K > 0 ? (transA ? extent(K, M, lda) : extent(M, K, lda)) : 0;
    const bLen = K > 0 ? (transB ? extent(N, K, ldb) : extent(K, N, ldb)) : 0;
    const cLen = M * N; // dense in wasm memory: ldc = N
    const aPtr = rt.heapBase;
    const bPtr = align16(aPtr + aLen * 4);
    const cPtr = align16(bPtr + bLen * 4);
    const workPtr = align16(cPtr + cLen * 4);
    rt.ensure(workPtr + w.workFloats(M, N, K) * 4 + 16);
    // Views are taken after the (possible) grow and dropped before the next call.
    let mem = rt.f32();
    if (aLen > 0) mem.set(A.subarray(aOff, aOff + aLen), aPtr >> 2);
    if (bLen > 0) mem.set(B.subarray(bOff, bOff + bLen), bPtr >> 2);
    const c0 = cPtr >> 2;
    if (beta !== 0) {
      if (ldc === N) mem.set(C.subarray(cOff, cOff + cLen), c0);
      else for (let i = 0; i < M; i++) mem.set(C.subarray(cOff + i * ldc, cOff + i * ldc + N), c0 + i * N);
    }
    w.sgemm(transA ? 1 : 0, transB ? 1 : 0, M, N, K, aPtr, lda, bPtr, ldb, beta, cPtr, N, workPtr);
    // The kernel never grows memory, but re-take the view anyway: never trust one across a call.
    mem = rt.f32();
    if (ldc === N) C.set(mem.subarray(c0, c0 + cLen), cOff);
    else for (let i = 0; i < M; i++) C.set(mem.subarray(c0 + i * N, c0 + (i + 1) * N), cOff + i * ldc);
  };
}

// `var` (hoisted): enableWasmBackend() may run during the index.ts ↔ gemm.ts import cycle.
var wasmKernels: Kernels | undefined;

/**
 * Registers the "wasm" backend (without making it active). Returns true when it is
 * registered, false when the WebAssembly runtime is missing or will not instantiate.
 */
export function enableWasmBackend(): boolean {
  if (!wasmKernels) {
    const rt = wasmRuntime();
    if (!rt) return false;
    // The blocked float64 QR (./qr.ts) shares the runtime; registered with sgemm as one backend.
    wasmKernels = { name: "wasm", sgemm: makeSgemm(rt), qr: (a, m, n) => wasmQR(rt, a, m, n) };
  }
  register_backend(wasmKernels);
  return true;
}
