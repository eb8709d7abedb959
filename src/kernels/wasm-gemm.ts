/**
 * The WebAssembly SIMD backend ("wasm"): sgemm from assembly/gemm.ts (AssemblyScript, f32x4),
 * compiled by scripts/build-wasm.mjs to dist/kernels/gemm.wasm. Each call copies op(A)'s and
 * op(B)'s storage extents (and C when beta ≠ 0) into the module's linear memory, runs the
 * packed, cache-blocked kernel, and copies the M × N result back into C's rows (padding
 * between rows is never written). Zero-copy tensor storage is a later step.
 *
 * Numerics: the kernel accumulates in float32 (f32x4.mul + f32x4.add), not binary64 like the
 * "ts" backend, so results differ from it by float32 rounding of the sums — at most about
 * K · 2^-24 · Σ|a||b| per output. That is why "ts" stays the default.
 *
 * `enableWasmBackend()` loads the module synchronously and registers the backend; it returns
 * false (and registers nothing) if the .wasm file is missing or fails to instantiate.
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { register_backend } from "./index.js";
import type { Kernels } from "./types.js";

// The compiler's lib (ES2022, no DOM) has no WebAssembly types: declare the little used here.
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(deltaPages: number): number;
}
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: Record<string, unknown> };
  Memory: abstract new (...args: never[]) => WasmMemory;
};

interface GemmExports {
  memory: WasmMemory;
  heapBase(): number;
  workFloats(M: number, N: number, K: number): number;
  sgemm(
    transA: number, transB: number, M: number, N: number, K: number,
    a: number, lda: number, b: number, ldb: number,
    beta: number, c: number, ldc: number, work: number,
  ): void;
}

/** Where gemm.wasm may be: next to this module (dist/kernels/), else the build's dist/. */
function candidates(): string[] {
  return [
    new URL("./gemm.wasm", import.meta.url),
    // Tests run the build/src/kernels/ copy of this module; the wasm is built into dist/.
    new URL("../../../dist/kernels/gemm.wasm", import.meta.url),
  ].map((u) => fileURLToPath(u));
}

function instantiate(): GemmExports | null {
  for (const file of candidates()) {
    if (!existsSync(file)) continue;
    try {
      const mod = new WebAssembly.Module(readFileSync(file));
      const inst = new WebAssembly.Instance(mod, {});
      const e = inst.exports as unknown as GemmExports;
      if (!(e.memory instanceof WebAssembly.Memory) || typeof e.sgemm !== "function" || typeof e.heapBase !== "function" || typeof e.workFloats !== "function") continue;
      return e;
    } catch {
      continue;
    }
  }
  return null;
}

// Module state is only function declarations and `var` (hoisted, no temporal dead zone), so
// enableWasmBackend() also works when src/kernels/index.ts calls it during an import cycle
// (wasm-gemm.ts → index.ts → enableWasmBackend() before this module's body has run).

function align16(bytes: number): number {
  return (bytes + 15) & ~15;
}

/** Floats spanned by a rows × cols matrix with row stride ld (0 when empty). */
function extent(rows: number, cols: number, ld: number): number {
  return rows <= 0 || cols <= 0 ? 0 : (rows - 1) * ld + cols;
}

function makeSgemm(w: GemmExports): Kernels["sgemm"] {
  const base = align16(w.heapBase());

  /** Grows linear memory to at least `bytes`. Any typed-array view taken before this is stale. */
  function ensure(bytes: number): void {
    const have = w.memory.buffer.byteLength;
    if (bytes <= have) return;
    // Grow geometrically to amortise; wasm32 tops out at 65536 pages (4 GiB).
    const PAGE = 65536;
    const want = Math.min(65536, Math.max(Math.ceil(bytes / PAGE), Math.ceil((have * 1.5) / PAGE)));
    const need = Math.ceil(bytes / PAGE);
    const cur = have / PAGE;
    try {
      w.memory.grow(want - cur);
    } catch {
      w.memory.grow(need - cur); // throws RangeError if even the minimum is impossible
    }
  }

  return (transA, transB, M, N, K, A, aOff, lda, B, bOff, ldb, beta, C, cOff, ldc) => {
    if (M <= 0 || N <= 0) return;
    const aLen = K > 0 ? (transA ? extent(K, M, lda) : extent(M, K, lda)) : 0;
    const bLen = K > 0 ? (transB ? extent(N, K, ldb) : extent(K, N, ldb)) : 0;
    const cLen = M * N; // dense in wasm memory: ldc = N
    const aPtr = base;
    const bPtr = align16(aPtr + aLen * 4);
    const cPtr = align16(bPtr + bLen * 4);
    const workPtr = align16(cPtr + cLen * 4);
    const end = workPtr + w.workFloats(M, N, K) * 4 + 16;
    ensure(end);
    // Views are created after the (possible) grow and dropped before the next call.
    let mem = new Float32Array(w.memory.buffer);
    if (aLen > 0) mem.set(A.subarray(aOff, aOff + aLen), aPtr >> 2);
    if (bLen > 0) mem.set(B.subarray(bOff, bOff + bLen), bPtr >> 2);
    const c0 = cPtr >> 2;
    if (beta !== 0) {
      if (ldc === N) mem.set(C.subarray(cOff, cOff + cLen), c0);
      else for (let i = 0; i < M; i++) mem.set(C.subarray(cOff + i * ldc, cOff + i * ldc + N), c0 + i * N);
    }
    w.sgemm(transA ? 1 : 0, transB ? 1 : 0, M, N, K, aPtr, lda, bPtr, ldb, beta, cPtr, N, workPtr);
    // The kernel never grows memory, but re-take the view anyway: never trust one across a call.
    mem = new Float32Array(w.memory.buffer);
    if (ldc === N) C.set(mem.subarray(c0, c0 + cLen), cOff);
    else for (let i = 0; i < M; i++) C.set(mem.subarray(c0 + i * N, c0 + (i + 1) * N), cOff + i * ldc);
  };
}

var wasmKernels: Kernels | undefined;

/**
 * Loads gemm.wasm and registers the "wasm" backend (without making it active). Returns true
 * when the backend is registered, false when the module is missing or will not instantiate.
 */
export function enableWasmBackend(): boolean {
  if (!wasmKernels) {
    const w = instantiate();
    if (!w) return false;
    wasmKernels = { name: "wasm", sgemm: makeSgemm(w) };
  }
  register_backend(wasmKernels);
  return true;
}
