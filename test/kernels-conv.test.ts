/**
 * The "wasm" backend's conv2d (src/kernels/wasm/conv.ts: im2col, col2im and the reorders in
 * WebAssembly around the parallel sgemm) is bitwise src/kernels/ts-conv.ts run over the wasm
 * sgemm, forward and every gradient, over random geometries (stride, padding, dilation,
 * groups, batch chunks) and 1 or 2 threads (splitting even tiny products and loops). The ts-conv path itself is checked against
 * PyTorch by the nn fixtures on both backends.
 */
import { describe, it, after } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { get_num_threads, set_num_threads } from "../src/index.js";
import { kernels, set_backend, get_backend } from "../src/kernels/index.js";
import { chunkSize, convBackward, convForward } from "../src/kernels/ts-conv.js";
import type { ConvGeometry } from "../src/kernels/types.js";
import { enableWasmBackend, PARALLEL_MIN_FLOPS, setParallelMinFlops } from "../src/kernels/wasm/gemm.js";
import { PARALLEL_MIN_ELEMENTS, setParallelMinElements } from "../src/kernels/wasm/pool.js";
import { useThreads } from "./support/threads.js";
import { rand } from "./support/lcg.js";

assert.ok(enableWasmBackend(), "wasm backend missing: run `npm run build`");


function sameBits(got: Float32Array | null, want: Float32Array | null, what: string): void {
  assert.equal(got === null, want === null, `${what}: presence`);
  if (!got || !want) return;
  assert.equal(got.length, want.length, `${what}: length`);
  const u = new Uint32Array(got.buffer, got.byteOffset, got.length);
  const v = new Uint32Array(want.buffer, want.byteOffset, want.length);
  const i = u.findIndex((x, k) => x !== v[k]);
  assert.equal(i, -1, i < 0 ? "" : `${what}: first difference at ${i}: got ${got[i]} (0x${u[i]!.toString(16)}), want ${want[i]} (0x${v[i]!.toString(16)})`);
}

const geometryArb = fc.record({
  N: fc.integer({ min: 1, max: 4 }), groups: fc.integer({ min: 1, max: 2 }),
  cg: fc.integer({ min: 1, max: 3 }), og: fc.integer({ min: 1, max: 5 }),
  H: fc.integer({ min: 1, max: 9 }), W: fc.integer({ min: 1, max: 9 }),
  kh: fc.integer({ min: 1, max: 3 }), kw: fc.integer({ min: 1, max: 3 }),
  sh: fc.integer({ min: 1, max: 2 }), sw: fc.integer({ min: 1, max: 3 }),
  ph: fc.integer({ min: 0, max: 2 }), pw: fc.integer({ min: 0, max: 2 }),
  dh: fc.integer({ min: 1, max: 2 }), dw: fc.integer({ min: 1, max: 2 }),
  bias: fc.boolean(), seed: fc.integer({ min: 0, max: 1e6 }),
}).map((r) => {
  const OH = Math.floor((r.H + 2 * r.ph - r.dh * (r.kh - 1) - 1) / r.sh) + 1;
  const OW = Math.floor((r.W + 2 * r.pw - r.dw * (r.kw - 1) - 1) / r.sw) + 1;
  const g: ConvGeometry = {
    N: r.N, C: r.cg * r.groups, H: r.H, W: r.W, O: r.og * r.groups, groups: r.groups, Cg: r.cg, Og: r.og,
    kh: r.kh, kw: r.kw, sh: r.sh, sw: r.sw, ph: r.ph, pw: r.pw, dh: r.dh, dw: r.dw, OH, OW, K: r.cg * r.kh * r.kw,
  };
  return { g, bias: r.bias, seed: r.seed };
}).filter(({ g }) => g.OH >= 1 && g.OW >= 1);

describe("wasm conv2d kernel", () => {
  const saved = get_backend();
  const threads = get_num_threads();
  after(() => {
    set_backend(saved);
    set_num_threads(threads);
    setParallelMinFlops(PARALLEL_MIN_FLOPS);
    setParallelMinElements(PARALLEL_MIN_ELEMENTS);
  });

  for (const nThreads of [1, 2]) {
    it(`is bitwise ts-conv over the wasm sgemm, forward and backward (${nThreads} thread${nThreads > 1 ? "s" : ""})`, async () => {
      set_backend("wasm");
      await useThreads(nThreads);
      // Split even these small products and loops (im2col by rows, col2im by channels).
      setParallelMinFlops(0);
      setParallelMinElements(0);
      const k = kernels();
      fc.assert(fc.property(geometryArb, ({ g, bias, seed }) => {
        const x = rand(g.N * g.C * g.H * g.W, seed);
        const w = rand(g.O * g.K, seed + 1);
        const b = bias ? rand(g.O, seed + 2) : null;
        const n = g.N * g.O * g.OH * g.OW;
        const want = new Float32Array(n);
        convForward(k.sgemm, x, w, b, g, want);
        const got = new Float32Array(n);
        k.conv2dForward(g, x, w, b, got);
        sameBits(got, want, `forward ${JSON.stringify(g)}`);
        const gy = rand(n, seed + 3);
        const need = { x: true, w: true, b: bias };
        const r0 = convBackward(k.sgemm, x, w, gy, g, need);
        const r1 = k.conv2dBackward(g, x, w, gy, need);
        sameBits(r1.dx, r0.dx, "dx");
        sameBits(r1.dw, r0.dw, "dw");
        sameBits(r1.db, r0.db, "db");
        const onlyW = { x: false, w: true, b: false };
        sameBits(k.conv2dBackward(g, x, w, gy, onlyW).dw, convBackward(k.sgemm, x, w, gy, g, onlyW).dw, "dw alone");
      }), { seed: 42, numRuns: 80 });
    });
  }

  it("splits a large batch into chunks (binary64 dW across chunks) and still matches", async () => {
    set_backend("wasm");
    await useThreads(2);
    // K·OH·OW = 400·6400 floats per item: COLS_BUDGET then holds one item per chunk.
    const g: ConvGeometry = { N: 3, C: 16, H: 80, W: 80, O: 4, groups: 1, Cg: 16, Og: 4, kh: 5, kw: 5, sh: 1, sw: 1, ph: 2, pw: 2, dh: 1, dw: 1, OH: 80, OW: 80, K: 400 };
    assert.ok(chunkSize(g) < g.N, "several chunks");
    const k = kernels();
    const x = rand(g.N * g.C * g.H * g.W, 1), w = rand(g.O * g.K, 2), gy = rand(g.N * g.O * g.OH * g.OW, 3);
    const need = { x: true, w: true, b: true };
    const r0 = convBackward(k.sgemm, x, w, gy, g, need);
    const r1 = k.conv2dBackward(g, x, w, gy, need);
    sameBits(r1.dx, r0.dx, "dx");
    sameBits(r1.dw, r0.dw, "dw");
    sameBits(r1.db, r0.db, "db");
  });
});
