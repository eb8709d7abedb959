/**
 * The active kernel set: WebAssembly SIMD ("wasm") when its module loads, else plain
 * TypeScript ("ts"), the fallback. `set_backend` switches at run time, and the environment
 * variable NNINIT_BACKEND picks one at start-up (CI runs the whole suite on each).
 */
import { ValueError, show } from "../errors/index.js";
import { setFloat32Allocator, setTransientFloat32 } from "../tensor/dtype.js";
import { householderQR } from "../math/qr.js";
import { convBackward, convForward } from "./ts-conv.js";
import { maxPool2dTs } from "./ts-pool.js";
import { fmaAxpyTs, reluBackwardTs, reluTs, sumRowsTs } from "./ts-elementwise.js";
import { linearForwardTs, sgemmTs } from "./ts-gemm.js";
import { enableWasmBackend } from "./wasm/gemm.js";
import type { Kernels } from "./types.js";

export type { Kernels } from "./types.js";
export { set_num_threads, get_num_threads } from "./wasm/pool.js";
import { wasmFeatures, type WasmFeatures } from "./wasm/runtime.js";
export type { WasmFeatures } from "./wasm/runtime.js";

/**
 * Which WebAssembly module the "wasm" kernels use: nninit-relaxed.wasm (relaxed SIMD, real
 * fused multiply-adds; Node ≥ 21, or Node 20 with --experimental-wasm-relaxed-simd or
 * NNINIT_WASM_RELAXED=1) or nninit.wasm (emulated FMAs). Fills are bit-identical either way;
 * the relaxed one is faster.
 * @example wasm_features() // { module: "nninit.wasm", relaxed_simd: false, reason: "engine lacks relaxed SIMD (…)" }
 */
export function wasm_features(): WasmFeatures {
  return wasmFeatures();
}

const tsKernels: Kernels = {
  name: "ts", sgemm: sgemmTs, linearForward: linearForwardTs, sumRows: sumRowsTs, qr: householderQR,
  relu: reluTs, reluBackward: reluBackwardTs, fmaAxpy: fmaAxpyTs,
  conv2dForward: (g, x, w, b, out) => convForward(sgemmTs, x, w, b, g, out),
  conv2dBackward: (g, x, w, gy, need) => convBackward(sgemmTs, x, w, gy, g, need),
  maxPool2d: maxPool2dTs,
};
const registry = new Map<string, Kernels>([["ts", tsKernels]]);
let active: Kernels = tsKernels;

/** The kernels every op calls. */
export function kernels(): Kernels {
  return active;
}

export function register_backend(k: Kernels): void {
  registry.set(k.name, k);
}

/** Selects a registered backend by name ("ts" is always available). */
export function set_backend(name: string): void {
  const k = registry.get(name);
  if (!k) throw new ValueError(`set_backend: unknown backend ${show(name)}. Available: ${[...registry.keys()].map((n) => show(n)).join(", ")}.`);
  active = k;
  setFloat32Allocator(k.allocateF32 ?? null);
  setTransientFloat32(k.transientF32 ?? null);
}

export function get_backend(): string {
  return active.name;
}

// The WebAssembly SIMD kernels register themselves when their .wasm is present (it is built by
// `npm run build`) and then become the default; plain TypeScript stays as the fallback.
if (enableWasmBackend()) set_backend("wasm");

// NNINIT_BACKEND selects the kernels at start-up, so the whole test suite can run on each.
const requested = typeof process !== "undefined" ? process.env.NNINIT_BACKEND : undefined;
if (requested) set_backend(requested);
