/**
 * The WebAssembly transforms of the inverse-CDF `trunc_normal_` (PyTorch ≤ 2.11): after the
 * uniform_ fill, d[i] = clamp(fl32(fl32(erfinv(d[i])·scale) + mean), lo, hi), bit for bit as
 * src/init/trunc-normal-inverse-cdf.ts computes it in TypeScript (the oracle, and the "ts"
 * backend), with erfinv either ATen's `calc_erfinv` ("1.13": assembly/erfinv-simd.ts
 * `truncInverseCdf32x4`, f32x4) or the correctly rounded one that stands in for MKL's
 * ("2.11": assembly/erfinv-cr.ts `truncInverseCdfCR32`, scalar binary64). Chunks of CHUNK
 * floats are copied into scratch memory, transformed in place (with a work area for the
 * f32x4 kernel's branch sort) and copied back; the kernels take [start, end) of a buffer, so
 * with worker threads each chunk is cut into ranges (`parallel` below).
 */
import { get_backend } from "../index.js";
import { alignedRanges, blocksFor, runTasks, threadsFor, type CallTask } from "./pool.js";
import { CHUNK, getParallelChunk } from "./rng.js";
import { align16, wasmRuntime, type WasmRuntime } from "./runtime.js";

const align4 = (n: number): number => (n + 3) & ~3;

type TransformFn = (buf: number, work: number, start: number, end: number, K: number, scale: number, mean: number, lo: number, hi: number) => void;

interface TruncExports {
  truncInverseCdf32x4: TransformFn;
  truncInverseCdfCR32: TransformFn;
  truncInverseCdfWorkBytes(n: number): number;
}

/** Which erfinv: ATen's `calc_erfinv` ("1.13") or the correctly rounded one ("2.11"). */
export type ErfinvKind = "aten" | "correctly-rounded";

/** Each kind's kernel, its pool entry point and the work bytes it needs for n elements. */
function kernelOf(w: TruncExports, kind: ErfinvKind): { run: TransformFn; pooled: "truncInverseCdf32x4p" | "truncInverseCdfCR32p"; workBytes: (n: number) => number } {
  return kind === "aten"
    ? { run: w.truncInverseCdf32x4, pooled: "truncInverseCdf32x4p", workBytes: (n) => w.truncInverseCdfWorkBytes(n) }
    : { run: w.truncInverseCdfCR32, pooled: "truncInverseCdfCR32p", workBytes: () => 0 };
}

export type TruncInverseCdf32 = (d: Float32Array, K: number, scale: number, mean: number, lo: number, hi: number) => void;

function make(rt: WasmRuntime, w: TruncExports, kind: ErfinvKind): TruncInverseCdf32 {
  const kernel = kernelOf(w, kind);
  /**
   * On `threads` threads: chunks of P floats through three buffers; while all threads transform
   * chunk i (each range with its own work area), this thread copies chunk i − 1 out and chunk
   * i + 1 in. Elements are independent and each goes through the same kernel code, so the result
   * is bitwise the single-thread one.
   */
  function parallel(d: Float32Array, K: number, scale: number, mean: number, lo: number, hi: number, threads: number): void {
    const n = d.length;
    const P = Math.min(getParallelChunk(), align4(n));
    const parts = blocksFor(threads);
    const base = rt.heapBase;
    const bufs = [base, base + P * 4, base + 2 * P * 4]; // P is a multiple of 4: 16-aligned
    const params = base + 3 * P * 4;
    const partWork = align16(kernel.workBytes(Math.ceil(P / parts) + 8));
    const work0 = params + 32;
    rt.ensure(work0 + parts * partWork);
    const f32 = rt.f32();
    f32.set([K, scale, mean, lo, hi], params >> 2);
    const chunks = Math.ceil(n / P);
    const size = (i: number): number => Math.min(P, n - i * P);
    const copyIn = (i: number): void => f32.set(d.subarray(i * P, i * P + size(i)), bufs[i % 3]! >> 2);
    const copyOut = (i: number): void => {
      const b = bufs[i % 3]! >> 2;
      d.set(f32.subarray(b, b + size(i)), i * P);
    };
    copyIn(0);
    for (let i = 0; i < chunks; i++) {
      const m = size(i);
      const tasks: CallTask[] = alignedRanges(m, 4, parts).map(([a, b], t) => ({ fn: kernel.pooled, args: [bufs[i % 3]!, work0 + t * partWork, a, b, params] }));
      runTasks(rt, tasks, 0, 0, () => {
        if (i > 0) copyOut(i - 1);
        if (i + 1 < chunks) copyIn(i + 1);
      });
    }
    copyOut(chunks - 1);
  }

  return (d, K, scale, mean, lo, hi) => {
    const threads = threadsFor(rt, d.length);
    if (threads > 1) {
      parallel(d, K, scale, mean, lo, hi, threads);
      return;
    }
    const buf = rt.heapBase;
    const work = align16(buf + CHUNK * 4);
    rt.ensure(work + kernel.workBytes(CHUNK));
    const f32 = rt.f32();
    const b0 = buf >> 2;
    for (let o = 0; o < d.length; o += CHUNK) {
      const m = Math.min(CHUNK, d.length - o);
      f32.set(d.subarray(o, o + m), b0);
      kernel.run(buf, work, 0, m, K, scale, mean, lo, hi);
      d.set(f32.subarray(b0, b0 + m), o);
    }
  };
}

var cached: Map<ErfinvKind, TruncInverseCdf32 | null> | undefined;

/** The wasm transform for `kind` when the backend is "wasm" and the module has it; else null (use TS). */
export function wasmTruncInverseCdf32(kind: ErfinvKind = "aten"): TruncInverseCdf32 | null {
  if (get_backend() !== "wasm") return null;
  cached ??= new Map();
  let t = cached.get(kind);
  if (t === undefined) {
    const rt = wasmRuntime();
    const w = rt?.exports as unknown as Partial<TruncExports> | undefined;
    const has = kind === "aten" ? typeof w?.truncInverseCdf32x4 === "function" : typeof w?.truncInverseCdfCR32 === "function";
    t = rt && w && has ? make(rt, w as TruncExports, kind) : null;
    cached.set(kind, t);
  }
  return t;
}
