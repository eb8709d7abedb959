/**
 * The WebAssembly transform of the "1.13" (≤ 2.11, ATen erfinv) `trunc_normal_`
 * (assembly/erfinv-simd.ts `truncInverseCdf32x4`, f32x4): after the uniform_ fill,
 * d[i] = clamp(fl32(fl32(erfinv(d[i])·scale) + mean), lo, hi), bit for bit as
 * src/init/trunc-normal-inverse-cdf.ts computes it in TypeScript (the oracle, and the "ts"
 * backend). Chunks of CHUNK floats are copied into scratch memory, transformed in place (with
 * a work area for the kernel's branch sort) and copied back; the kernel takes [start, end) of a buffer, so chunks can later go to threads.
 */
import { get_backend } from "../index.js";
import { CHUNK } from "./rng.js";
import { align16, wasmRuntime, type WasmRuntime } from "./runtime.js";

interface TruncExports {
  truncInverseCdf32x4(buf: number, work: number, start: number, end: number, K: number, scale: number, mean: number, lo: number, hi: number): void;
  truncInverseCdfWorkBytes(n: number): number;
}

export type TruncInverseCdf32 = (d: Float32Array, K: number, scale: number, mean: number, lo: number, hi: number) => void;

function make(rt: WasmRuntime, w: TruncExports): TruncInverseCdf32 {
  return (d, K, scale, mean, lo, hi) => {
    const buf = rt.heapBase;
    const work = align16(buf + CHUNK * 4);
    rt.ensure(work + w.truncInverseCdfWorkBytes(CHUNK));
    const f32 = rt.f32();
    const b0 = buf >> 2;
    for (let o = 0; o < d.length; o += CHUNK) {
      const m = Math.min(CHUNK, d.length - o);
      f32.set(d.subarray(o, o + m), b0);
      w.truncInverseCdf32x4(buf, work, 0, m, K, scale, mean, lo, hi);
      d.set(f32.subarray(b0, b0 + m), o);
    }
  };
}

var cached: TruncInverseCdf32 | null | undefined;

/** The wasm transform when the backend is "wasm" and the module has it; else null (use TS). */
export function wasmTruncInverseCdf32(): TruncInverseCdf32 | null {
  if (get_backend() !== "wasm") return null;
  if (cached === undefined) {
    const rt = wasmRuntime();
    const w = rt?.exports as unknown as Partial<TruncExports> | undefined;
    cached = rt && w && typeof w.truncInverseCdf32x4 === "function" ? make(rt, w as TruncExports) : null;
  }
  return cached;
}
