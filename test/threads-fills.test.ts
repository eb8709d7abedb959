/**
 * The WebAssembly transforms split across the worker pool (src/kernels/wasm/pool.ts) are
 * BITWISE the single-thread kernels and the TypeScript backend: float32 normal_ (MT19937 draws
 * one chunk ahead, 16-blocks transformed by all threads), for 1..4 threads, sizes that are not
 * multiples of 16, generators mid-period and at a twist, and fills that take many chunks
 * (setParallelChunk). For fills: same floats, same engine state, same draws afterwards.
 * orthogonal_'s blocked QR (geqrf and orgqr block updates cut into column ranges): Q and
 * diag(R) bitwise the 1-thread ones (the TS QR sums in another order, so it is not compared).
 */
import { describe, it, after } from "node:test";
import assert from "node:assert/strict";
import { get_num_threads, set_num_threads } from "../src/index.js";
import { get_backend, set_backend } from "../src/kernels/index.js";
import { enableWasmBackend } from "../src/kernels/wasm/gemm.js";
import { PARALLEL_MIN_ELEMENTS, setParallelMinElements, workerBlocks } from "../src/kernels/wasm/pool.js";
import { PARALLEL_CHUNK, setParallelChunk } from "../src/kernels/wasm/rng.js";
import { Generator } from "../src/random/generator.js";
import { fillNormal } from "../src/random/normal.js";
import { wasmQR } from "../src/kernels/wasm/qr.js";
import { wasmTruncInverseCdf32 } from "../src/kernels/wasm/trunc.js";
import { with_pytorch_version } from "../src/compat.js";
import { ERFINV_K_OLD } from "../src/math/erfinv.js";
import { wasmRuntime } from "../src/kernels/wasm/runtime.js";
import * as api from "../src/index.js";
import { useThreads } from "./support/threads.js";
import { lcgMatrix } from "./support/lcg.js";

assert.ok(enableWasmBackend(), "wasm backend missing: run `npm run build`");
const saved = get_backend();
const defaultThreads = get_num_threads();
after(() => {
  setParallelMinElements(PARALLEL_MIN_ELEMENTS);
  setParallelChunk(PARALLEL_CHUNK);
  set_num_threads(defaultThreads);
  set_backend(saved);
});

function firstDiff(a: Float32Array, b: Float32Array): string {
  const u = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const v = new Uint32Array(b.buffer, b.byteOffset, b.length);
  if (u.length !== v.length) return `lengths ${u.length} vs ${v.length}`;
  const i = u.findIndex((x, k) => x !== v[k]);
  return i < 0 ? "identical" : `first difference at ${i}: ${a[i]} (0x${u[i]!.toString(16)}) vs ${b[i]} (0x${v[i]!.toString(16)})`;
}

/** A generator's observable state: left, next, the 624 words, then 3 draws after (which advance it). */
function fingerprint(g: Generator): string {
  const s = `${g.engine.left}/${g.engine.next}/${Array.from(g.engine.state).join(",")}`;
  return `${s}|${g.random()},${g.random()},${g.random()}`;
}

interface FillCase { n: number; seed: number; pre: number; mean: number; std: number }

/** Fills n float32 normals on the current backend/threads; returns the values and the generator fingerprint. */
function runNormal(c: FillCase): { out: Float32Array; fp: string } {
  const g = new Generator().manual_seed(c.seed);
  for (let i = 0; i < c.pre; i++) g.random();
  const out = new Float32Array(c.n);
  fillNormal(g, out, c.mean, c.std);
  return { out, fp: fingerprint(g) };
}

const NORMAL_CASES: FillCase[] = [
  { n: 16, seed: 1, pre: 0, mean: 0, std: 1 },
  { n: 17, seed: 2, pre: 5, mean: 0.25, std: 0.02 },
  { n: 31, seed: 3, pre: 623, mean: 0, std: 1 },
  { n: 624, seed: 4, pre: 611, mean: -1e-3, std: 5e-4 },
  { n: 1000, seed: 5, pre: 1, mean: 0, std: 1 },
  { n: 1247, seed: 6, pre: 620, mean: 3, std: 0.5 },
  { n: 4099, seed: 7, pre: 300, mean: 0, std: 1 },
  { n: 16384 + 16, seed: 8, pre: 624, mean: 1e20, std: 3e18 },
  { n: 100_003, seed: 9, pre: 7, mean: 0, std: 1 },
  { n: 300_000, seed: 10, pre: 0, mean: 0, std: 2 },
];

describe("parallel float32 normal_", () => {
  it("is bitwise the TS fill and the 1-thread wasm fill for 1..4 threads, with small and default chunks", async () => {
    set_backend("ts");
    const want = NORMAL_CASES.map(runNormal);
    set_backend("wasm");
    setParallelMinElements(16);
    await useThreads(1);
    NORMAL_CASES.forEach((c, i) => {
      const got = runNormal(c);
      assert.equal(firstDiff(got.out, want[i]!.out), "identical", `1 thread vs ts, ${JSON.stringify(c)}`);
      assert.equal(got.fp, want[i]!.fp, `1 thread vs ts: generator state, ${JSON.stringify(c)}`);
    });
    // Chunks: a few blocks (many chunks, a ragged last one), odd-sized, and the default.
    for (const chunk of [64, 16 * 37, 16 * 1000, PARALLEL_CHUNK]) {
      setParallelChunk(chunk);
      for (const threads of [2, 3, 4]) {
        await useThreads(threads);
        const before = workerBlocks();
        for (let pass = 0; pass < 20 && (pass === 0 || workerBlocks() === before); pass++) {
          NORMAL_CASES.forEach((c, i) => {
            const got = runNormal(c);
            const what = `${threads} threads, chunk ${chunk}, ${JSON.stringify(c)}`;
            assert.equal(firstDiff(got.out, want[i]!.out), "identical", what);
            assert.equal(got.fp, want[i]!.fp, `${what}: generator state / next draws`);
          });
          await new Promise((r) => setTimeout(r, 5));
        }
        assert.ok(workerBlocks() > before, `workers ran no blocks with ${threads} threads, chunk ${chunk}`);
      }
    }
  });

  it("splits at the default threshold (a 1024 × 1024 fill) and matches 1 thread", async () => {
    set_backend("wasm");
    setParallelMinElements(PARALLEL_MIN_ELEMENTS);
    setParallelChunk(PARALLEL_CHUNK);
    const c: FillCase = { n: 1024 * 1024 + 5, seed: 11, pre: 3, mean: 0, std: 1 };
    await useThreads(1);
    const one = runNormal(c);
    await useThreads(2);
    const before = workerBlocks();
    let two = runNormal(c);
    for (let pass = 0; pass < 20 && workerBlocks() === before; pass++) {
      await new Promise((r) => setTimeout(r, 5));
      two = runNormal(c);
    }
    assert.ok(workerBlocks() > before, "the worker took part");
    assert.equal(firstDiff(two.out, one.out), "identical");
    assert.equal(two.fp, one.fp);
  });
});

describe("parallel blocked QR (orthogonal_)", () => {
  const SHAPES: [number, number][] = [[5, 3], [33, 33], [70, 40], [97, 65], [150, 97], [200, 200], [301, 130], [520, 260]];

  it("Q and diag(R) are bitwise the 1-thread ones for 2..4 threads (geqrf and orgqr updates split by columns)", async () => {
    const rt = wasmRuntime()!;
    set_backend("wasm");
    setParallelMinElements(16);
    await useThreads(1);
    const want = SHAPES.map(([m, n], i) => wasmQR(rt, lcgMatrix(m, n, i + 1), m, n));
    for (const threads of [2, 3, 4]) {
      await useThreads(threads);
      const before = workerBlocks();
      for (let pass = 0; pass < 20 && (pass === 0 || workerBlocks() === before); pass++) {
        SHAPES.forEach(([m, n], i) => {
          const got = wasmQR(rt, lcgMatrix(m, n, i + 1), m, n);
          const what = `${threads} threads, ${m}×${n}`;
          assert.equal(firstDiff64(got.q, want[i]!.q), "identical", `${what}: Q`);
          assert.equal(firstDiff64(got.rdiag, want[i]!.rdiag), "identical", `${what}: diag(R)`);
        });
        await new Promise((r) => setTimeout(r, 5));
      }
      assert.ok(workerBlocks() > before, `workers ran no blocks with ${threads} threads`);
    }
  });

  it("orthogonal_ 300 × 520 at the default threshold is bitwise the 1-thread result", async () => {
    set_backend("wasm");
    setParallelMinElements(PARALLEL_MIN_ELEMENTS);
    const run = (): Float32Array => {
      const W = api.empty(300, 520);
      api.manual_seed(5);
      api.nn.init.orthogonal_(W, { gain: 1.5 });
      return Float32Array.from(W.data as ArrayLike<number>);
    };
    await useThreads(1);
    const one = run();
    await useThreads(2);
    const before = workerBlocks();
    let two = run();
    for (let pass = 0; pass < 20 && workerBlocks() === before; pass++) {
      await new Promise((r) => setTimeout(r, 5));
      two = run();
    }
    assert.ok(workerBlocks() > before, "the worker took part");
    assert.equal(firstDiff(two, one), "identical");
  });
});

function firstDiff64(a: Float64Array, b: Float64Array): string {
  if (a.length !== b.length) return `lengths ${a.length} vs ${b.length}`;
  const i = a.findIndex((x, k) => !Object.is(x, b[k]));
  return i < 0 ? "identical" : `first difference at ${i}: ${a[i]} vs ${b[i]}`;
}

describe("parallel trunc_normal_", () => {
  interface TruncCase { n: number; seed: number; mean: number; std: number; a: number; b: number }
  const CASES: TruncCase[] = [
    { n: 5, seed: 1, mean: 0, std: 1, a: -2, b: 2 },
    { n: 37, seed: 2, mean: 0.5, std: 0.02, a: -2, b: 2 },
    { n: 1001, seed: 3, mean: 0, std: 1, a: -0.5, b: 3 },
    { n: 4099, seed: 4, mean: -1, std: 3, a: -2, b: 0.1 },
    { n: 100_003, seed: 5, mean: 0, std: 1, a: -2, b: 2 },
    { n: 300_001, seed: 6, mean: 0, std: 0.02, a: -0.04, b: 0.04 },
  ];
  const VERSIONS = ["1.13", "2.11", "latest"] as const;
  function run(version: (typeof VERSIONS)[number], c: TruncCase): { out: Float32Array; fp: string } {
    const g = new Generator().manual_seed(c.seed);
    const t = with_pytorch_version(version, () =>
      api.nn.init.trunc_normal_(api.empty(c.n), { mean: c.mean, std: c.std, a: c.a, b: c.b, generator: g }));
    return { out: Float32Array.from(t.data as ArrayLike<number>), fp: fingerprint(g) };
  }

  for (const version of VERSIONS) {
    it(`${version}: bitwise the TS backend and 1 thread for 1..4 threads and several chunks`, async () => {
      set_backend("ts");
      const want = CASES.map((c) => run(version, c));
      set_backend("wasm");
      setParallelMinElements(4);
      for (const chunk of [16, 16 * 37, PARALLEL_CHUNK]) {
        setParallelChunk(chunk);
        for (const threads of [1, 2, 3, 4]) {
          await useThreads(threads);
          const before = workerBlocks();
          for (let pass = 0; pass < 20 && (pass === 0 || (threads > 1 && workerBlocks() === before)); pass++) {
            CASES.forEach((c, i) => {
              const got = run(version, c);
              const what = `${version}, ${threads} threads, chunk ${chunk}, ${JSON.stringify(c)}`;
              assert.equal(firstDiff(got.out, want[i]!.out), "identical", what);
              assert.equal(got.fp, want[i]!.fp, `${what}: generator state / next draws`);
            });
            await new Promise((r) => setTimeout(r, 5));
          }
          if (threads > 1) assert.ok(workerBlocks() > before, `workers ran no blocks with ${threads} threads, chunk ${chunk}`);
        }
      }
    });
  }

  it("1.13 transform: special inputs (±1, |y| > 1, NaN, ±0, subnormals) at ragged range ends match 1 thread", async () => {
    set_backend("wasm");
    setParallelMinElements(4);
    setParallelChunk(16 * 3);
    const tr = wasmTruncInverseCdf32()!;
    assert.ok(tr);
    const specials = [1, -1, 1.5, -3, NaN, 0, -0, 1e-45, -1e-40, 0.7, -0.7, 0.99999994, -0.99999994, Infinity, -Infinity];
    const n = 1003;
    const input = new Float32Array(n);
    let s = 12345;
    for (let i = 0; i < n; i++) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      input[i] = i % 7 === 3 ? specials[(i / 7) % specials.length | 0]! : s / 2 ** 31 - 1;
    }
    await useThreads(1);
    const one = input.slice();
    tr(one, ERFINV_K_OLD, 1.4142135623730951, 0.25, -2, 2);
    for (const threads of [2, 3]) {
      await useThreads(threads);
      const got = input.slice();
      tr(got, ERFINV_K_OLD, 1.4142135623730951, 0.25, -2, 2);
      assert.equal(firstDiff(got, one), "identical", `${threads} threads`);
    }
  });
});
