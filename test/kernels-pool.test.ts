/**
 * Max-pool forward: the "wasm" kernel (assembly/pool.ts, branch-free selects) equals the "ts"
 * one (ATen's loop) bit for bit, maxima and argmax, over random geometries (padding, stride,
 * dilation, ceil-mode overhang) and inputs with ties, ±0, NaN and ±∞, also split over threads.
 */
import { describe, it, after } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { kernels, set_backend, get_backend } from "../src/kernels/index.js";
import type { PoolGeometry } from "../src/kernels/types.js";
import { get_num_threads, set_num_threads } from "../src/index.js";
import { enableWasmBackend } from "../src/kernels/wasm/gemm.js";
import { PARALLEL_MIN_ELEMENTS, setParallelMinElements } from "../src/kernels/wasm/pool.js";
import { useThreads } from "./support/threads.js";

assert.ok(enableWasmBackend(), "wasm backend missing: run `npm run build`");

const geometryArb = fc.record({
  planes: fc.integer({ min: 1, max: 3 }), H: fc.integer({ min: 1, max: 9 }), W: fc.integer({ min: 1, max: 9 }),
  kh: fc.integer({ min: 1, max: 3 }), kw: fc.integer({ min: 1, max: 3 }), sh: fc.integer({ min: 1, max: 3 }), sw: fc.integer({ min: 1, max: 3 }),
  dh: fc.integer({ min: 1, max: 2 }), dw: fc.integer({ min: 1, max: 2 }), ph: fc.integer({ min: 0, max: 1 }), pw: fc.integer({ min: 0, max: 1 }),
  extra: fc.integer({ min: 0, max: 1 }),
}).map((r): PoolGeometry => {
  // ATen's bounds: padding ≤ half the dilated window; one ceil-mode window may overhang.
  const ph = Math.min(r.ph, Math.floor(((r.kh - 1) * r.dh + 1) / 2));
  const pw = Math.min(r.pw, Math.floor(((r.kw - 1) * r.dw + 1) / 2));
  const size = (n: number, k: number, p: number, s: number, d: number) => Math.floor((n + 2 * p - d * (k - 1) - 1) / s) + 1;
  const OH = size(r.H, r.kh, ph, r.sh, r.dh), OW = size(r.W, r.kw, pw, r.sw, r.dw);
  return { planes: r.planes, H: r.H, W: r.W, kh: r.kh, kw: r.kw, sh: r.sh, sw: r.sw, ph, pw, dh: r.dh, dw: r.dw, OH, OW };
}).filter((g) => g.OH >= 1 && g.OW >= 1);

const value = fc.oneof(fc.constantFrom(0, -0, 1, 1, -1, NaN, Infinity, -Infinity), fc.float({ min: -4, max: 4, noNaN: true }));

/** MaxPool2d(2) geometries: the wasm kernel's unrolled 2 × 2 path (odd sizes drop the last row / column). */
const twoByTwoArb = fc.record({ planes: fc.integer({ min: 1, max: 3 }), H: fc.integer({ min: 2, max: 9 }), W: fc.integer({ min: 2, max: 9 }) })
  .map(({ planes, H, W }): PoolGeometry => ({ planes, H, W, kh: 2, kw: 2, sh: 2, sw: 2, ph: 0, pw: 0, dh: 1, dw: 1, OH: H >> 1, OW: W >> 1 }));

describe("maxPool2d kernel", () => {
  const saved = get_backend();
  const threads = get_num_threads();
  after(() => {
    set_backend(saved);
    set_num_threads(threads);
    setParallelMinElements(PARALLEL_MIN_ELEMENTS);
  });
  const cases = [["random geometries", geometryArb, 1], ["MaxPool2d(2)", twoByTwoArb, 1], ["random geometries", geometryArb, 2]] as const;
  for (const [name, arb, nThreads] of cases) it(`wasm equals ts, maxima and argmax (${name}, ${nThreads} thread${nThreads > 1 ? "s, split over planes" : ""})`, async () => {
    await useThreads(nThreads);
    setParallelMinElements(nThreads > 1 ? 0 : PARALLEL_MIN_ELEMENTS);
    fc.assert(fc.property(arb.chain((g) => fc.tuple(fc.constant(g), fc.array(value, { minLength: g.planes * g.H * g.W, maxLength: g.planes * g.H * g.W }))), ([g, xs]) => {
      const x = Float32Array.from(xs);
      const n = g.planes * g.OH * g.OW;
      const run = (b: string) => {
        set_backend(b);
        const out = new Float32Array(n), arg = new Int32Array(n);
        kernels().maxPool2d(x, g, out, arg);
        return { out, arg };
      };
      const t = run("ts"), w = run("wasm");
      assert.deepEqual(Array.from(w.arg), Array.from(t.arg), "argmax");
      assert.deepEqual(Array.from(new Uint32Array(w.out.buffer)), Array.from(new Uint32Array(t.out.buffer)), "maxima bits");
    }), { seed: 42, numRuns: 300 });
  });
});
