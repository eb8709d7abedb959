/**
 * The WebAssembly SIMD backend ("wasm"): sgemm from assembly/gemm.ts (AssemblyScript, f32x4),
 * and the blocked float64 QR of ./qr.ts, run in the shared runtime (./runtime.ts). An sgemm
 * operand that is resident (a tensor whose storage lives in wasm memory, ./storage.ts) is
 * read and written where it is; any other is copied into scratch (op(A)'s and op(B)'s storage
 * extents, and C when beta ≠ 0), and the M × N result copied back into C's rows (padding
 * between rows is never written).
 *
 * Threads: a product of at least PARALLEL_MIN_FLOPS is split into column blocks (or row
 * blocks, when op(A) has more rows than op(B) has columns), four per thread, claimed one at a
 * time by the main thread and the pool's workers (./pool.ts), each thread packing in its own
 * workspace. The operand every block needs in full (op(A) for column blocks, op(B) for row
 * blocks) is packed once per thread and job, on its first block (assembly gemm.ts packAll,
 * ./control.ts runBlock): with four blocks per thread, repacking it per block had cost the
 * forward product 128×784·(256×784)ᵀ about 30 % of its time. Every output element is still
 * summed over K in the same order (the kernel's K blocking does not depend on M or N), so the
 * result is bitwise the single-thread one, whatever the thread count.
 *
 * Numerics: the kernel accumulates in float32 (f32x4.mul + f32x4.add) like PyTorch's BLAS,
 * not binary64 like the "ts" backend, so the two differ by float32 rounding of the sums — at
 * most about K · 2^-24 · Σ|a||b| per output.
 *
 * `enableWasmBackend()` registers the backend; it returns false (and registers nothing) if
 * the runtime did not load.
 */
import { setFloat32Slicer, setZeroer } from "../../tensor/dtype.js";
import { register_backend } from "../index.js";
import type { Kernels } from "../types.js";
import { makeConv } from "./conv.js";
import { makeElementwise } from "./elementwise.js";
import { makeOptim } from "./optim.js";
import { makePool } from "./pool2d.js";
import { blocksFor, helpers, runTasks, workspaces, type SgemmTask } from "./pool.js";
import { wasmQR } from "./qr.js";
import { SHARE_A, SHARE_B, SHARE_NONE } from "./control.js";
import { align16, wasmRuntime, type WasmRuntime } from "./runtime.js";
import { RESIDENT_MIN_ELEMENTS } from "./storage.js";

interface GemmExports {
  workFloats(M: number, N: number, K: number): number;
  broadcastRows(bias: number, c: number, rows: number, cols: number, ld: number): void;
  packedFloats(isB: number, n: number, K: number): number;
  sgemm(
    transA: number, transB: number, M: number, N: number, K: number,
    a: number, lda: number, b: number, ldb: number,
    beta: number, c: number, ldc: number, work: number, packedA: number, packedB: number,
  ): void;
}

/** Floats spanned by a rows × cols matrix with row stride ld (0 when empty). */
function extent(rows: number, cols: number, ld: number): number {
  return rows <= 0 || cols <= 0 ? 0 : (rows - 1) * ld + cols;
}

/**
 * Products below this many flops (2·M·N·K) stay on one thread: handing blocks to a worker
 * costs ~10–50 µs (a futex wake when it sleeps), about 1 MFLOP of this kernel's time.
 * Measured on this 2-core machine (best of runs): 1024³ goes from 40 to 73 GFLOP/s with 2
 * threads and 128×256×256 (16.8 MFLOP) from 41 to 63, while 128×64×128 (2.1 MFLOP) and smaller
 * never gained (0.93–1.04×).
 */
export const PARALLEL_MIN_FLOPS = 4e6;
let parallelMinFlops = PARALLEL_MIN_FLOPS;

/** Test hook: split products of at least `flops` (so that tests can split small, ragged ones). */
export function setParallelMinFlops(flops: number): void {
  parallelMinFlops = flops;
}
const MR = 4; // the micro-kernel's tile (assembly/gemm.ts): split on whole tiles
const NR = 8;

/** One thread's share of C: rows [i0, i0 + m), columns [j0, j0 + n). */
export interface Block { i0: number; m: number; j0: number; n: number }

/**
 * Splits an M × N output into at most `parts` blocks of whole tiles, along N when
 * M ≤ N (each thread then packs all of op(A), the smaller operand) and along M otherwise.
 */
export function splitOutput(M: number, N: number, parts: number): Block[] {
  const byCols = M <= N;
  const len = byCols ? N : M;
  const unit = byCols ? NR : MR;
  const tiles = Math.ceil(len / unit);
  const p = Math.max(1, Math.min(parts, tiles));
  const out: Block[] = [];
  for (let t = 0, start = 0; t < p; t++) {
    const end = Math.min(len, Math.round(((t + 1) * tiles) / p) * unit);
    out.push(byCols ? { i0: 0, m: M, j0: start, n: end - start } : { i0: start, m: end - start, j0: 0, n: N });
    start = end;
  }
  return out;
}

/** sgemm on operands already in wasm memory (byte addresses), e.g. conv's unrolled patches. */
export type SgemmAt = (
  tA: boolean, tB: boolean, M: number, N: number, K: number,
  a: number, lda: number, b: number, ldb: number, beta: number, c: number, ldc: number,
  /** First free byte: each thread's packing workspace goes from here up. */
  work: number,
) => void;

/**
 * One product's blocks (a few per thread, so a worker that wakes late costs little) and its
 * workspaces: one per possible thread, each big enough for the largest block, from `work` up.
 */
function plan(
  w: GemmExports, rt: WasmRuntime, tA: boolean, tB: boolean, M: number, N: number, K: number,
  a: number, lda: number, b: number, ldb: number, beta: number, c: number, ldc: number, work: number,
): Plan {
  const threads = 2 * M * N * K >= parallelMinFlops ? 1 + helpers(rt) : 1;
  const tasks: SgemmTask[] = [];
  let stride = 0;
  const blocks = splitOutput(M, N, blocksFor(threads));
  for (const { i0, m, j0, n } of blocks) {
    tasks.push({
      tA: tA ? 1 : 0, tB: tB ? 1 : 0, M: m, N: n, K,
      a: a + 4 * (tA ? i0 : i0 * lda), lda,
      b: b + 4 * (tB ? j0 * ldb : j0), ldb,
      beta, c: c + 4 * (i0 * ldc + j0), ldc,
    });
    stride = Math.max(stride, align16(w.workFloats(m, n, K) * 4));
  }
  // Split jobs: the operand all blocks share (op(A) for column blocks, op(B) for row blocks) is
  // packed once per thread, at the start of its workspace, not once per block.
  let shared = NOT_SHARED;
  if (tasks.length > 1) {
    const byCols = blocks[0]!.m === M;
    const floats = w.packedFloats(byCols ? 0 : 1, byCols ? M : N, K);
    shared = { share: byCols ? SHARE_A : SHARE_B, floats };
    stride += align16(floats * 4);
  }
  const workBase = align16(work);
  const end = workBase + (tasks.length > 1 ? workspaces() : 1) * stride + 16;
  return { tasks, workBase, workStride: stride, end, shared };
}

interface Plan {
  tasks: SgemmTask[];
  workBase: number;
  workStride: number;
  end: number;
  shared: { share: number; floats: number };
}
const NOT_SHARED = { share: SHARE_NONE, floats: 0 };

function makeRun(w: GemmExports, rt: WasmRuntime): (p: Plan) => void {
  return ({ tasks, workBase, workStride, shared }) => {
    if (tasks.length === 1) {
      const t = tasks[0]!;
      w.sgemm(t.tA, t.tB, t.M, t.N, t.K, t.a, t.lda, t.b, t.ldb, t.beta, t.c, t.ldc, workBase, 0, 0);
    } else runTasks(rt, tasks, workBase, workStride, undefined, shared);
  };
}

export function makeSgemmAt(rt: WasmRuntime): SgemmAt {
  const w = rt.exports as unknown as GemmExports;
  const run = makeRun(w, rt);
  return (tA, tB, M, N, K, a, lda, b, ldb, beta, c, ldc, work) => {
    if (M <= 0 || N <= 0) return;
    const p = plan(w, rt, tA, tB, M, N, K, a, lda, b, ldb, beta, c, ldc, work);
    rt.ensure(p.end);
    run(p);
  };
}

/**
 * The sgemm wrapper, with an optional `bias` (N floats): C's rows start as bias (broadcast in
 * wasm memory, in place of copying C in) and beta is 1 — Linear's forward.
 */
type SgemmBias = (
  transA: boolean, transB: boolean, M: number, N: number, K: number,
  A: Float32Array, aOff: number, lda: number, B: Float32Array, bOff: number, ldb: number,
  beta: number, C: Float32Array, cOff: number, ldc: number, bias: Float32Array | null,
) => void;

function makeSgemm(rt: WasmRuntime): SgemmBias {
  const w = rt.exports as unknown as GemmExports;
  const run = makeRun(w, rt);
  const res = rt.storage;
  return (transA, transB, M, N, K, A, aOff, lda, B, bOff, ldb, beta, C, cOff, ldc, bias) => {
    if (M <= 0 || N <= 0) return;
    if (bias !== null) beta = 1;
    const aLen = K > 0 ? (transA ? extent(K, M, lda) : extent(M, K, lda)) : 0;
    const bLen = K > 0 ? (transB ? extent(N, K, ldb) : extent(K, N, ldb)) : 0;
    // Resident operands (./storage.ts) are addressed where they are; the others are staged
    // in scratch, one after the other from heapBase, C densely (ldc = N).
    let p = rt.heapBase;
    const aIn = aLen > 0 && res.isResident(A);
    const aPtr = aIn ? A.byteOffset + aOff * 4 : p;
    if (!aIn) p = align16(p + aLen * 4);
    const bIn = bLen > 0 && res.isResident(B);
    const bPtr = bIn ? B.byteOffset + bOff * 4 : p;
    if (!bIn) p = align16(p + bLen * 4);
    // C written in place must not overlap an operand the kernel is still reading.
    const cAt = C.byteOffset + cOff * 4;
    const cBytes = extent(M, N, ldc) * 4;
    const cIn = res.isResident(C) && !(aIn && overlaps(aPtr, aLen * 4, cAt, cBytes)) && !(bIn && overlaps(bPtr, bLen * 4, cAt, cBytes));
    const cPtr = cIn ? cAt : p;
    if (!cIn) p = align16(p + M * N * 4);
    const cLd = cIn ? ldc : N;
    const biasPtr = p;
    if (bias !== null) p = align16(p + N * 4);
    const pl = plan(w, rt, transA, transB, M, N, K, aPtr, lda, bPtr, ldb, beta, cPtr, cLd, p);
    rt.ensure(pl.end);
    // Views are taken after the (possible) grow and dropped before the next call.
    if (!aIn || !bIn || !cIn || bias !== null) {
      const mem = rt.f32();
      if (!aIn && aLen > 0) mem.set(A.subarray(aOff, aOff + aLen), aPtr >> 2);
      if (!bIn && bLen > 0) mem.set(B.subarray(bOff, bOff + bLen), bPtr >> 2);
      if (bias !== null) {
        mem.set(bias.subarray(0, N), biasPtr >> 2);
        w.broadcastRows(biasPtr, cPtr, M, N, cLd);
      } else if (!cIn && beta !== 0) copyRows(C, cOff, ldc, mem, cPtr >> 2, N, M, N);
    }
    run(pl);
    if (!cIn) copyRows(rt.f32(), cPtr >> 2, N, C, cOff, ldc, M, N);
  };
}

/** Whether byte ranges [a, a + aBytes) and [b, b + bBytes) intersect. */
function overlaps(a: number, aBytes: number, b: number, bBytes: number): boolean {
  return a < b + bBytes && b < a + aBytes;
}

/** Copies a rows × cols block between row-strided float32 arrays. */
function copyRows(src: Float32Array, s0: number, lds: number, dst: Float32Array, d0: number, ldd: number, rows: number, cols: number): void {
  if (lds === cols && ldd === cols) dst.set(src.subarray(s0, s0 + rows * cols), d0);
  else for (let i = 0; i < rows; i++) dst.set(src.subarray(s0 + i * lds, s0 + i * lds + cols), d0 + i * ldd);
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
    // The blocked float64 QR (./qr.ts) shares the runtime; registered with the rest as one backend.
    setFloat32Slicer((parent, start, end) => rt.storage.sliceOf(parent, start, end));
    const zeroBytes = rt.exports.zeroBytes as (p: number, bytes: number) => void;
    setZeroer((a) => rt.storage.isResident(a) && (zeroBytes(a.byteOffset, a.byteLength), true));
    const sgemm = makeSgemm(rt);
    wasmKernels = {
      name: "wasm",
      allocateF32: (n) => (n >= RESIDENT_MIN_ELEMENTS ? rt.storage.allocateF32(n) : null),
      transientF32: {
        allocate: (n) => (n >= RESIDENT_MIN_ELEMENTS ? rt.storage.allocateTransientF32(n) : null),
        release: (a) => rt.storage.release(a),
        overlaps: (block, a) => rt.storage.isResident(a) && overlaps(block.byteOffset, block.byteLength, a.byteOffset, a.byteLength),
      },
      sgemm: (tA, tB, M, N, K, A, aOff, lda, B, bOff, ldb, beta, C, cOff, ldc) => sgemm(tA, tB, M, N, K, A, aOff, lda, B, bOff, ldb, beta, C, cOff, ldc, null),
      linearForward: (x, wt, b, rows, inF, outF, out) => sgemm(false, true, rows, outF, inF, x, 0, inF, wt, 0, inF, 0, out, 0, outF, b),
      qr: (a, m, n) => wasmQR(rt, a, m, n),
      ...makeElementwise(rt), ...makeConv(rt, makeSgemmAt(rt)), ...makePool(rt), ...makeOptim(rt),
    };
  }
  register_backend(wasmKernels);
  return true;
}
