/**
 * The WebAssembly runtime every "wasm" kernel shares: one module (dist/kernels/nninit.wasm,
 * built from assembly/index.ts) instantiated over one *shared* WebAssembly.Memory.
 *
 * Memory model (deliberate, see also the README's "Speed" section):
 * - The memory is shared (SharedArrayBuffer-backed), so `grow` never detaches it: a typed-array
 *   view taken before a grow stays valid, it just does not reach the new pages. Even so, kernel
 *   wrappers take their views from `f32()`/`u32()`/… *after* `ensure()`, never across one.
 * - Everything above `heapBase` is scratch owned by the current kernel call: a wrapper lays out
 *   its operands from `heapBase` up, calls `ensure(end)`, copies in, runs, copies out. Nothing
 *   persists there between calls, so state such as MT19937's lives in JS objects.
 * - Worker threads instantiate the same `module` over the same `memory` (src/kernels/wasm/pool.ts).
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

// The compiler's lib (ES2022, no DOM) has no WebAssembly types: declare the little used here.
export interface WasmMemory {
  readonly buffer: ArrayBufferLike;
  grow(deltaPages: number): number;
}
export interface WasmModule {
  readonly __brand?: "WebAssembly.Module";
}
declare const WebAssembly: {
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
  /** First free byte above the module's static data (16-aligned): the scratch region starts here. */
  readonly heapBase: number;
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

/** Where nninit.wasm may be: next to the compiled runtime (dist/kernels/wasm/ → dist/kernels/), else the build's dist/. */
function candidates(): string[] {
  return [
    new URL("../nninit.wasm", import.meta.url),
    // Tests run the build/src/kernels/wasm/ copy of this module; the wasm is built into dist/.
    new URL("../../../../dist/kernels/nninit.wasm", import.meta.url),
  ].map((u) => fileURLToPath(u));
}

function load(): WasmRuntime | null {
  for (const file of candidates()) {
    if (!existsSync(file)) continue;
    try {
      const module = new WebAssembly.Module(readFileSync(file));
      const memory = new WebAssembly.Memory({ initial: 1, maximum: MAX_PAGES, shared: true });
      const inst = new WebAssembly.Instance(module, { env: { memory } });
      const exports = inst.exports as WasmExports;
      if (typeof exports.heapBase !== "function") continue;
      return makeRuntime(module, memory, exports);
    } catch {
      continue;
    }
  }
  return null;
}

function makeRuntime(module: WasmModule, memory: WasmMemory, exports: WasmExports): WasmRuntime {
  return {
    module,
    memory,
    exports,
    heapBase: align16(exports.heapBase()),
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
}

// `var` (hoisted, no temporal dead zone): wasmRuntime() may run during an import cycle.
var runtime: WasmRuntime | null | undefined;

/** The shared runtime, loaded on first use; null when nninit.wasm is missing or will not instantiate. */
export function wasmRuntime(): WasmRuntime | null {
  if (runtime === undefined) runtime = load();
  return runtime;
}
