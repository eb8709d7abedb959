/**
 * The elementwise kernels (relu, its gradient, fmaAxpy) of every backend against the scalar
 * definitions, bit for bit: the "wasm" f32x4/f64x2 loops must equal the "ts" ones on every
 * input, including NaN, ±0, ±∞, subnormals, the scalar tail (lengths not a multiple of the
 * vector width), in-place use, and the double-rounding ties that make fmaf hard to emulate.
 * fmaAxpy is checked against src/math/fma.ts's fma32, the proven emulation of C's fmaf.
 */
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { kernels } from "../src/kernels/index.js";
import { enableWasmBackend } from "../src/kernels/wasm/gemm.js";
import { fma32 } from "../src/math/fma.js";
import { get_num_threads, set_num_threads } from "../src/index.js";
import { setParallelMinElements, workerBlocks, PARALLEL_MIN_ELEMENTS } from "../src/kernels/wasm/pool.js";
import { on } from "./support/backend.js";
import { useThreads } from "./support/threads.js";
import { rand } from "./support/lcg.js";
import { allocateLongLived } from "../src/tensor/dtype.js";

assert.ok(enableWasmBackend(), "wasm backend missing: run `npm run build`");
const BACKENDS = ["ts", "wasm"];
const FC = { seed: 42, numRuns: 200 } as const;

/** Bitwise equality, except that any NaN equals any NaN (JavaScript does not keep NaN payloads or signs). */
function sameBits(got: Float32Array, want: Float32Array, what: string): void {
  const u = new Uint32Array(got.buffer, got.byteOffset, got.length);
  const v = new Uint32Array(want.buffer, want.byteOffset, want.length);
  const i = u.findIndex((x, k) => x !== v[k] && !(Number.isNaN(got[k]) && Number.isNaN(want[k])));
  assert.equal(i, -1, i < 0 ? "" : `${what}: first difference at ${i}: got ${got[i]} (0x${u[i]!.toString(16)}), want ${want[i]} (0x${v[i]!.toString(16)})`);
}

const SPECIAL = [0, -0, 1, -1, NaN, Infinity, -Infinity, 1e-45, -1e-45, 1.1754942e-38, 3.4028235e38, -3.4028235e38];
const f32arb = fc.oneof(
  fc.float({ noDefaultInfinity: false }),
  fc.constantFrom(...SPECIAL),
  fc.float({ min: -2, max: 2, noNaN: true }),
);
const arr = (min: number, max: number) => fc.array(f32arb, { minLength: min, maxLength: max }).map((a) => Float32Array.from(a));

/**
 * fmaf cases where a + alpha·b, rounded to binary64, lands exactly on a float32 midpoint
 * although the exact sum does not: alpha = b = 1 + 2^-12 gives 1 + 2^-11 + 2^-24 (a midpoint),
 * and a tiny a = ±2^-80 decides the rounding direction. Also exact midpoints (a = 0 and
 * alpha·b = 1 + 2^-24·odd) and overflow.
 */
function ties(): { a: Float32Array; b: Float32Array; alpha: number[] } {
  const t = Math.fround(1 + 2 ** -12);
  const a = [2 ** -80, -(2 ** -80), 0, 2 ** -80, 3.4028235e38, -3.4028235e38, 2 ** -70];
  const b = [t, t, t, -t, 3.4028235e38, 2, -t];
  return { a: Float32Array.from(a), b: Float32Array.from(b), alpha: [t, -t, 1, 0.5, Math.fround(1 + 2 ** -23)] };
}

describe("elementwise kernels agree bit for bit", () => {
  // PyTorch's semantics (checked against its builds at NaN, ±0, ±inf by nn-ops.test.ts).
  it("relu: every backend equals x < 0 ? 0 : x", () => {
    fc.assert(fc.property(arr(0, 41), (x) => {
      const want = x.map((v) => (v < 0 ? 0 : v));
      for (const b of BACKENDS) {
        const out = new Float32Array(x.length);
        on(b, () => kernels().relu(x, out));
        sameBits(out, want, `relu ${b}`);
      }
    }), FC);
  });

  it("reluBackward: every backend equals x ≤ 0 ? +0 : g", () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 41 }).chain((n) => fc.tuple(arr(n, n), arr(n, n))), ([x, g]) => {
      const want = x.map((v, i) => (v <= 0 ? 0 : g[i]!));
      for (const b of BACKENDS) {
        const out = new Float32Array(x.length);
        on(b, () => kernels().reluBackward(x, g, out));
        sameBits(out, want, `reluBackward ${b}`);
      }
    }), FC);
  });

  it("fmaAxpy: every backend equals fma32(alpha, b, a), also in place", () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 41 }).chain((n) => fc.tuple(arr(n, n), arr(n, n))), f32arb, ([a, bv], alphaRaw) => {
      const alpha = Math.fround(alphaRaw);
      const want = a.map((v, i) => fma32(alpha, bv[i]!, v));
      for (const b of BACKENDS) {
        const out = new Float32Array(a.length);
        on(b, () => kernels().fmaAxpy(a, bv, alpha, out));
        sameBits(out, want, `fmaAxpy ${b}`);
        const inPlace = a.slice();
        on(b, () => kernels().fmaAxpy(inPlace, bv, alpha, inPlace));
        sameBits(inPlace, want, `fmaAxpy in place ${b}`);
      }
    }), FC);
  });

  it("fmaAxpy rounds double-rounding ties as fmaf does (vector lanes and scalar tail)", () => {
    const { a, b, alpha } = ties();
    for (const s of alpha) {
      const want = a.map((v, i) => fma32(s, b[i]!, v));
      // The tie cases really are ties: naive binary64-then-float32 gets at least one wrong.
      if (s === alpha[0]) assert.notEqual(Math.fround(s * b[0]! + a[0]!), want[0], "case 0 is a double-rounding tie");
      for (const bk of BACKENDS) {
        const out = new Float32Array(a.length);
        on(bk, () => kernels().fmaAxpy(a, b, s, out));
        sameBits(out, want, `fmaAxpy ties ${bk} alpha=${s}`);
      }
    }
  });

  it("fmaAxpy: a double-rounding tie among float32 subnormals (the wasm kernel's slow path below 2^-126)", () => {
    // a = (2^22 + 1)·2^-149 (odd), alpha·b = 2^-150·(1 − 2^-46): the exact sum lies just below
    // the midpoint (K + ½)·2^-149, binary64 rounds it onto the midpoint, and ties-to-even would
    // then round up. Two lanes, so the f64x2 loop (not the scalar tail) meets it.
    const a = Float32Array.from([2 ** -127 + 2 ** -149, 2 ** -127 + 2 ** -149]);
    const b = Float32Array.from([2 ** -75 * (1 - 2 ** -23), 2 ** -75 * (1 - 2 ** -23)]);
    const alpha = Math.fround(2 ** -75 * (1 + 2 ** -23));
    const want = a.map((v, i) => fma32(alpha, b[i]!, v));
    assert.notEqual(Math.fround(alpha * b[0]! + a[0]!), want[0], "naive binary64-then-float32 gets it wrong");
    for (const bk of BACKENDS) {
      const out = new Float32Array(2);
      on(bk, () => kernels().fmaAxpy(a, b, alpha, out));
      sameBits(out, want, `fmaAxpy subnormal tie ${bk}`);
    }
  });
});

describe("Linear's kernels: linearForward and sumRows", () => {
  const dims = fc.record({ rows: fc.integer({ min: 0, max: 40 }), inF: fc.integer({ min: 0, max: 70 }), outF: fc.integer({ min: 1, max: 45 }), bias: fc.boolean(), seed: fc.nat() });

  it("linearForward is bitwise that backend's bias fill + sgemm(beta = 1) (or beta = 0 without bias), into ordinary and resident outputs", () => {
    fc.assert(fc.property(dims, ({ rows, inF, outF, bias, seed }) => {
      const x = rand(rows * inF, seed), w = rand(outF * inF, seed + 1), b = bias ? rand(outF, seed + 2) : null;
      for (const bk of BACKENDS) {
        const want = new Float32Array(rows * outF);
        if (b) for (let r = 0; r < rows; r++) want.set(b, r * outF);
        on(bk, () => kernels().sgemm(false, true, rows, outF, inF, x, 0, inF, w, 0, inF, b ? 1 : 0, want, 0, outF));
        const got = new Float32Array(rows * outF).fill(7); // stale contents must not leak in
        on(bk, () => kernels().linearForward(x, w, b, rows, inF, outF, got));
        sameBits(got, want, `linearForward ${bk} ${JSON.stringify({ rows, inF, outF, bias })}`);
        if (bk === "wasm" && rows * outF > 0) {
          const resident = on("wasm", () => allocateLongLived("float32", rows * outF));
          resident.fill(7);
          on(bk, () => kernels().linearForward(x, w, b, rows, inF, outF, resident));
          sameBits(resident, want, "linearForward wasm, resident output");
        }
      }
    }), { seed: 42, numRuns: 60 });
  });

  it("sumRows is the binary64 row-order sum rounded once, on every backend, from ordinary and resident inputs and outputs", () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 1, max: 41 }), fc.nat(), (rows, cols, seed) => {
      const g = rand(rows * cols, seed);
      g[0] = -0; // a signed zero in the first row
      const acc = new Float64Array(cols);
      for (let r = 0; r < rows; r++) for (let j = 0; j < cols; j++) acc[j] += g[r * cols + j]!;
      const want = Float32Array.from(acc);
      for (const bk of BACKENDS) {
        const got = new Float32Array(cols).fill(7);
        on(bk, () => kernels().sumRows(g, rows, cols, got));
        sameBits(got, want, `sumRows ${bk} ${rows}×${cols}`);
      }
      const rg = on("wasm", () => allocateLongLived("float32", Math.max(1, rows * cols)));
      rg.set(g);
      const ro = on("wasm", () => allocateLongLived("float32", cols));
      on("wasm", () => kernels().sumRows(rg, rows, cols, ro));
      sameBits(ro, want, `sumRows wasm resident ${rows}×${cols}`);
    }), { seed: 42, numRuns: 80 });
  });
});

describe("fmaAxpy split across worker threads", () => {
  const threads0 = get_num_threads();
  after(() => {
    setParallelMinElements(PARALLEL_MIN_ELEMENTS);
    set_num_threads(threads0);
  });

  it("is bitwise fma32 for every length and 2..4 threads, and the workers take part", async () => {
    setParallelMinElements(1); // split even tiny, odd lengths (ranges of 1 element, odd starts)
    const lengths = [1, 2, 3, 7, 16, 33, 1001, 70001];
    const alpha = Math.fround(-0.0123);
    for (const threads of [2, 3, 4]) {
      await useThreads(threads);
      const before = workerBlocks();
      // Blocks are claimed dynamically: on a busy machine the main thread may take them all, so
      // repeat (yielding in between) until a worker has run one, for at most 50 passes.
      for (let pass = 0; pass < 50 && (pass === 0 || workerBlocks() === before); pass++) {
        for (const n of lengths) {
          const a = rand(n, n), b = rand(n, n + 1);
          const want = a.map((v, i) => fma32(alpha, b[i]!, v));
          const out = new Float32Array(n);
          on("wasm", () => kernels().fmaAxpy(a, b, alpha, out));
          sameBits(out, want, `fmaAxpy n=${n} threads=${threads}`);
          on("wasm", () => kernels().fmaAxpy(a, b, alpha, a));
          sameBits(a, want, `fmaAxpy in place n=${n} threads=${threads}`);
        }
        await new Promise((r) => setTimeout(r, 10));
      }
      assert.ok(workerBlocks() > before, `workers ran no fmaAxpy blocks with ${threads} threads`);
    }
  });
});
