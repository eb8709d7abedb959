/**
 * The WebAssembly runtime every "wasm" kernel shares: one module instantiated over one
 * *shared* WebAssembly.Memory. The module is one of two builds of assembly/index.ts
 * (scripts/build-wasm.mjs):
 * - dist/kernels/nninit-relaxed.wasm, with relaxed SIMD: every fused multiply-add of PyTorch's
 *   AVX2 build is a real `relaxed_madd`. Used when the engine accepts the module (Node ≥ 21, or
 *   Node 20 with --experimental-wasm-relaxed-simd) AND a load-time probe shows relaxed_madd
 *   fuses for f32x4 and f64x2 (the wasm spec lets a CPU without FMA return a·b + c with two
 *   roundings, which would break bit-exactness with PyTorch);
 * - dist/kernels/nninit.wasm otherwise: SIMD only, every FMA emulated (exactly, more slowly).
 * Both give the same bits in every fill; only sgemm/dgemm round differently (fused vs not).
 * NNINIT_WASM_RELAXED=0 forces the baseline module; NNINIT_WASM_RELAXED=1 additionally, when the
 * engine rejects relaxed SIMD (Node 20), calls v8.setFlagsFromString("--experimental-wasm-relaxed-simd")
 * before compiling, which flips that V8 flag for the whole process. `wasm_features()` says
 * which module is active.
 *
 * Memory model (deliberate, see also the README's "Speed" section):
 * - The memory is shared (SharedArrayBuffer-backed), so `grow` never detaches it: a typed-array
 *   view taken before a grow stays valid, it just does not reach the new pages. Even so, kernel
 *   wrappers take their views from `f32()`/`u32()`/… *after* `ensure()`, never across one.
 * - Resident tensor storage (./storage.ts: parameters and optimizer state) sits right above
 *   the module's static data; kernels address those tensors in place.
 * - Everything above `heapBase` (the top of the resident blocks) is scratch owned by the
 *   current kernel call: a wrapper lays out what it needs from `heapBase` up, calls
 *   `ensure(end)`, copies in whatever operand is not resident, runs, copies out. Nothing
 *   persists there between calls (state such as MT19937's lives in JS objects), so the
 *   scratch may start higher at the next call.
 * - Worker threads instantiate the same `module` over the same `memory` (src/kernels/wasm/pool.ts).
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { setFlagsFromString } from "node:v8";
import { budgetFromEnv, ResidentStorage } from "./storage.js";

// The compiler's lib (ES2022, no DOM) has no WebAssembly types: declare the little used here.
export interface WasmMemory {
  readonly buffer: ArrayBufferLike;
  grow(deltaPages: number): number;
}
export interface WasmModule {
  readonly __brand?: "WebAssembly.Module";
}
declare const WebAssembly: {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: object) => { readonly exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
};

/** Pages of 64 KiB; the maximum must equal the module's declared maximum (scripts/build-wasm.mjs). */
export const PAGE_BYTES = 65536;
export const MAX_PAGES = 65536;

/** Exports are looked up by name; each kernel wrapper declares the signatures it uses. */
export type WasmExports = Record<string, unknown> & { heapBase(): number };

export interface WasmRuntime {
  /** The compiled module, for worker threads to instantiate over the same memory. */
  readonly module: WasmModule;
  readonly memory: WasmMemory;
  readonly exports: WasmExports;
  /** True when `module` is nninit-relaxed.wasm (real FMAs), false for nninit.wasm. */
  readonly relaxed: boolean;
  /** First byte of this call's scratch (16-aligned): above the static data and every resident block. */
  readonly heapBase: number;
  /** The allocator of resident tensor storage (./storage.ts). */
  readonly storage: ResidentStorage;
  /** Grows the memory so that bytes [0, end) exist. Throws RangeError past 4 GiB. */
  ensure(end: number): void;
  /** Fresh views over the whole memory (take them after `ensure`). */
  f32(): Float32Array;
  f64(): Float64Array;
  u32(): Uint32Array;
  i32(): Int32Array;
}

/** Rounds a byte address up to a multiple of 16 (one v128). */
export function align16(bytes: number): number {
  return (bytes + 15) & ~15;
}

/** Where a module may be: next to the compiled runtime (dist/kernels/wasm/ → dist/kernels/), else the build's dist/. */
function candidates(name: string): string[] {
  return [
    new URL(`../${name}`, import.meta.url),
    // Tests run the build/src/kernels/wasm/ copy of this module; the wasm is built into dist/.
    new URL(`../../../../dist/kernels/${name}`, import.meta.url),
  ].map((u) => fileURLToPath(u));
}

/** What `load()` decided, for `wasm_features()`. */
var relaxedNote = "not loaded";

/**
 * True when relaxed_madd, as this engine compiled it, rounds once for f32x4 and f64x2:
 * a = 1 + 2^-23, c = −(1 + 2^-22) gives a·a + c = 2^-46 exactly, 0 with a rounded product
 * (likewise 2^-104 for binary64), in every lane (assembly/relaxed.ts).
 */
function probeFused(exports: WasmExports): boolean {
  const p32 = exports.relaxedProbe32 as (a: number, b: number, c: number) => number;
  const p64 = exports.relaxedProbe64 as (a: number, b: number, c: number) => number;
  if (typeof p32 !== "function" || typeof p64 !== "function") return false;
  const a = Math.fround(1 + 2 ** -23);
  const d = 1 + 2 ** -52;
  return p32(a, a, Math.fround(-(1 + 2 ** -22))) === 2 ** -46 && p64(d, d, -(1 + 2 ** -51)) === 2 ** -104;
}

function instantiate(bytes: Uint8Array): { module: WasmModule; memory: WasmMemory; exports: WasmExports } | null {
  const module = new WebAssembly.Module(bytes);
  const memory = new WebAssembly.Memory({ initial: 1, maximum: MAX_PAGES, shared: true });
  const exports = new WebAssembly.Instance(module, { env: { memory } }).exports as WasmExports;
  return typeof exports.heapBase === "function" ? { module, memory, exports } : null;
}

/** nninit-relaxed.wasm when the engine takes it and it proves fused (see the file comment), else null. */
function loadRelaxed(force: boolean): WasmRuntime | null {
  for (const file of candidates("nninit-relaxed.wasm")) {
    if (!existsSync(file)) continue;
    try {
      const bytes = readFileSync(file);
      if (!WebAssembly.validate(bytes)) {
        if (!force) {
          relaxedNote = "engine lacks relaxed SIMD (Node 20 without --experimental-wasm-relaxed-simd)";
          return null;
        }
        // Process-wide: every later WebAssembly compile in this process may use relaxed SIMD.
        setFlagsFromString("--experimental-wasm-relaxed-simd");
        if (!WebAssembly.validate(bytes)) {
          relaxedNote = "engine rejects relaxed SIMD even with --experimental-wasm-relaxed-simd";
          return null;
        }
      }
      const got = instantiate(bytes);
      if (!got) continue;
      if (!probeFused(got.exports)) {
        relaxedNote = "relaxed_madd is not fused on this CPU";
        return null;
      }
      relaxedNote = "relaxed SIMD, fused multiply-add probed";
      return makeRuntime(got.module, got.memory, got.exports, true);
    } catch (e) {
      relaxedNote = `nninit-relaxed.wasm failed to load: ${(e as Error).message}`;
      continue;
    }
  }
  return null;
}

// A bad setting is the user's to fix, not a reason to fall back to the TS kernels quietly: read
// (and validated) once, before any module is tried.
var budget = 0;

function load(): WasmRuntime | null {
  budget = budgetFromEnv(typeof process !== "undefined" ? process.env : {});
  const env = typeof process !== "undefined" ? process.env.NNINIT_WASM_RELAXED : undefined;
  if (env === "0") relaxedNote = "NNINIT_WASM_RELAXED=0";
  else {
    const rt = loadRelaxed(env === "1");
    if (rt) return rt;
  }
  for (const file of candidates("nninit.wasm")) {
    if (!existsSync(file)) continue;
    try {
      const got = instantiate(readFileSync(file));
      if (!got) continue;
      return makeRuntime(got.module, got.memory, got.exports, false);
    } catch {
      continue;
    }
  }
  return null;
}

function makeRuntime(module: WasmModule, memory: WasmMemory, exports: WasmExports, relaxed: boolean): WasmRuntime {
  let storage: ResidentStorage | undefined;
  const rt: WasmRuntime = {
    module,
    memory,
    exports,
    relaxed,
    get heapBase() {
      return storage!.top;
    },
    get storage() {
      return storage!;
    },
    ensure(end: number): void {
      const have = memory.buffer.byteLength;
      if (end <= have) return;
      // Grow geometrically to amortise; wasm32 tops out at 65536 pages (4 GiB).
      const cur = have / PAGE_BYTES;
      const need = Math.ceil(end / PAGE_BYTES);
      if (need > MAX_PAGES) throw new RangeError(`WebAssembly memory: ${end} bytes exceed the 4 GiB limit`);
      const want = Math.min(MAX_PAGES, Math.max(need, Math.ceil((have * 1.5) / PAGE_BYTES)));
      try {
        memory.grow(want - cur);
      } catch {
        memory.grow(need - cur); // throws RangeError if even the minimum is impossible
      }
    },
    f32: () => new Float32Array(memory.buffer),
    f64: () => new Float64Array(memory.buffer),
    u32: () => new Uint32Array(memory.buffer),
    i32: () => new Int32Array(memory.buffer),
  };
  storage = new ResidentStorage(rt, align16(exports.heapBase()), budget);
  return rt;
}

// `var` (hoisted, no temporal dead zone): wasmRuntime() may run during an import cycle.
var runtime: WasmRuntime | null | undefined;

/** The shared runtime, loaded on first use; null when nninit.wasm is missing or will not instantiate. */
export function wasmRuntime(): WasmRuntime | null {
  if (runtime === undefined) runtime = load();
  return runtime;
}

/** Which WebAssembly module the "wasm" kernels run (see `wasm_features` in src/kernels/index.ts). */
export interface WasmFeatures {
  /** "nninit-relaxed.wasm", "nninit.wasm", or null when no module loaded (then the backend is "ts"). */
  readonly module: string | null;
  /** True when the active module uses relaxed SIMD's fused multiply-add. */
  readonly relaxed_simd: boolean;
  /** Why the relaxed module is or is not the active one. */
  readonly reason: string;
}

export function wasmFeatures(): WasmFeatures {
  const rt = wasmRuntime();
  if (!rt) return { module: null, relaxed_simd: false, reason: "no WebAssembly module loaded" };
  return { module: rt.relaxed ? "nninit-relaxed.wasm" : "nninit.wasm", relaxed_simd: rt.relaxed, reason: relaxedNote };
}
