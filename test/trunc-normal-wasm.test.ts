/**
 * `trunc_normal_` on the "wasm" backend against the "ts" backend, the oracle: both algorithms
 * (PyTorch ≤ 2.11 inverse CDF with ATen's erfinv, assembly/erfinv-simd.ts; 2.12+ rejection,
 * whose redraw rounds transform only the needed Box–Muller blocks, assembly/trunc-redraw.ts),
 * for every size class (scalar n < 16, a partial last block, several wasm chunks) and
 * parameter sets hitting every branch. Values, the engine state and the continuing stream must
 * match bit for bit. The full sweep over all 2^24 draws is bench/micro/exhaustive-trunc.mjs;
 * a strided sample of it is here. The PyTorch fixtures themselves are replayed on both backends
 * by pytorch-fixtures.test.ts.
 */
import { describe, it, after } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";

import { with_pytorch_version, type PytorchVersion } from "../src/compat.js";
import { get_backend, set_backend } from "../src/kernels/index.js";
import { wasmTruncInverseCdf32 } from "../src/kernels/wasm/trunc.js";
import { wasmRng } from "../src/kernels/wasm/rng.js";
import { wasmRuntime } from "../src/kernels/wasm/runtime.js";
import { erf, exp } from "../src/math/erf.js";
import { erfinvAten, erfinvCorrectlyRounded, ERFINV_K_NEW, ERFINV_K_OLD } from "../src/math/erfinv.js";
import { fma32 } from "../src/math/fma.js";
import { Generator } from "../src/random/generator.js";
import * as api from "../src/index.js";
import type { TruncNormalOptions } from "../src/init/trunc-normal.js";
import { parameterTensor } from "../src/nn/parameter.js";

const saved = get_backend();
after(() => set_backend(saved));

const hex = (v: number): string => "0x" + new Uint32Array(new Float32Array([v]).buffer)[0]!.toString(16).padStart(8, "0");

function assertSameFloats(got: Float32Array, want: Float32Array, what: string): void {
  assert.equal(got.length, want.length, `${what}: length`);
  const x = new Uint32Array(got.buffer, got.byteOffset, got.length);
  const y = new Uint32Array(want.buffer, want.byteOffset, want.length);
  for (let i = 0; i < x.length; i++) {
    if (x[i] !== y[i]) assert.fail(`${what}: index ${i}: wasm ${got[i]} (${hex(got[i]!)}), ts ${want[i]} (${hex(want[i]!)})`);
  }
}

/** Runs trunc_normal_ on each backend from the same generator state; compares values and the stream after. */
function same(version: PytorchVersion, n: number, opts: TruncNormalOptions, seed: number): void {
  const what = `${version} trunc_normal_(empty(${n}), ${JSON.stringify(opts)}) seed ${seed}`;
  const run = (backend: "wasm" | "ts") => {
    set_backend(backend);
    const g = new Generator().manual_seed(seed);
    const t = with_pytorch_version(version, () => api.nn.init.trunc_normal_(api.empty(n), { ...opts, generator: g }));
    const next = [g.random(), g.random(), g.random()];
    set_backend(saved);
    return { data: t.data as Float32Array, next };
  };
  const a = run("wasm");
  const b = run("ts");
  assertSameFloats(a.data, b.data, what);
  assert.deepEqual(a.next, b.next, `${what}: the stream after the call`);
}

const SIZES = [1, 5, 15, 16, 17, 31, 1000, 4096, 16384 + 17, 3 * 16384 + 5];
const PARAMS: TruncNormalOptions[] = [
  {},
  { std: 0.02 },
  { mean: 0.5, std: 0.2, a: 0, b: 1 },
  { mean: 1, std: 3, a: -10, b: 10 },
  { a: -0.5, b: 0.5 }, // 2.12+: mass 0.38, many redraw rounds
  { a: 2, b: 3 }, // 2.12+: mass 0.02, uniform proposals
  { mean: -3, std: 0.5, a: -3.5, b: -1 },
];

describe("trunc_normal_: wasm backend = ts backend", () => {
  it("the kernels are built (a missing nninit.wasm fails here rather than skipping)", () => {
    set_backend("wasm");
    assert.ok(wasmTruncInverseCdf32(), "wasm erfinv transform unavailable under the wasm backend (npm run build?)");
    assert.ok(wasmRng()?.truncRedrawRounds32, "wasm redraw kernel unavailable under the wasm backend (npm run build?)");
    set_backend(saved);
  });

  for (const version of ["1.13", "2.11", "2.12"] as const) {
    it(`PyTorch ${version}: every size class and parameter set`, () => {
      let seed = 0;
      for (const n of SIZES) for (const p of PARAMS) same(version, n, p, seed++);
    });
  }

  it("2.12+ partial tail: the values still outside are listed exactly, so no round is run too many or too few (small odd sizes, narrow interval)", () => {
    // A partial last block re-merges slots [n − 16, full) that the full blocks already merged:
    // they must be listed once, from the tail block's merge, or the loop runs an extra round
    // (or stops early), which shifts the stream after the call. With few elements and a narrow
    // interval (many rounds; mass just above 0.3, below which 2.12+ proposes uniforms instead),
    // the last values outside are often in those slots.
    let seed = 100;
    for (const n of [17, 18, 20, 25, 31, 33, 49]) {
      for (const p of [{ a: -0.4, b: 0.4 }, { mean: 0.3, a: 0.1, b: 1 }]) {
        for (let k = 0; k < 6; k++) same("2.12", n, p, seed++);
      }
    }
  });

  it("2.12+ property: any size, interval and seed (rounds over listed indices, partial tails, nothing outside)", () => {
    // Intervals from mass ~0.31 (many rounds, later ones over few listed indices, often in a
    // partial last block) to ~1 (often nothing outside: no round may be drawn).
    fc.assert(
      fc.property(fc.integer({ min: 16, max: 700 }), fc.double({ min: 0.4, max: 5, noNaN: true }), fc.double({ min: -0.3, max: 0.3, noNaN: true }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }), (n, half, shift, seed) => {
          same("2.12", n, { mean: shift, a: -half, b: half }, seed);
        }),
      { numRuns: 150, seed: 20261130 },
    );
  });

  it("2.12+ on resident storage (a layer's weight): the in-place check for values outside, with none and with some", () => {
    // Whether a round is due is decided in WebAssembly memory for a resident tensor and by a
    // JavaScript scan otherwise; with nothing outside no round may be drawn (the stream after
    // the call shows it), with something outside the rounds must run.
    let seed = 300;
    for (const n of [16, 17, 300, 1000, 4099]) {
      for (const opts of [{ std: 0.02 }, {}, { a: -0.5, b: 0.5 }] as TruncNormalOptions[]) {
        const run = (backend: "wasm" | "ts") => {
          set_backend(backend);
          const g = new Generator().manual_seed(seed);
          const t = parameterTensor([n]);
          with_pytorch_version("2.12", () => api.nn.init.trunc_normal_(t, { ...opts, generator: g }));
          set_backend(saved);
          return { data: Float32Array.from(t.data as Float32Array), next: [g.random(), g.random()] };
        };
        set_backend("wasm");
        const resident = wasmRuntime()!.storage.isResident(parameterTensor([n]).data as Float32Array);
        set_backend(saved);
        assert.ok(n < 256 || resident, `a ${n}-element layer weight is resident under the wasm backend`);
        const a = run("wasm");
        const b = run("ts");
        assertSameFloats(a.data, b.data, `resident ${n}, ${JSON.stringify(opts)}`);
        assert.deepEqual(a.next, b.next, `resident ${n}, ${JSON.stringify(opts)}: the stream after the call`);
        seed++;
      }
    }
  });

  it("2.12+ redraw rounds on a 4096×4096 tensor (the benchmark's shape)", () => {
    same("2.12", 4096 * 4096, {}, 7);
  });
});

describe("the wasm erfinv transform on a strided sample of all 2^24 uniform draws (full sweep: bench/micro/exhaustive-trunc.mjs)", () => {
  const normCdf = (x: number) => (1 + erf(x / Math.SQRT2)) / 2;
  const cases: [number, number, number, number, boolean][] = [
    [0, 1, -2, 2, false],
    [0, 1, -2, 2, true],
    [0, 1, -1e9, 1e9, false], // y over (−1, 1): both erfinv tails
    [0.5, 0.2, 0, 1, false],
  ];
  for (const [mean, std, a, b, newK] of cases) {
    it(`mean ${mean}, std ${std}, [${a}, ${b}], ${newK ? "2.x" : "1.13"} Newton constant`, () => {
      set_backend("wasm");
      const transform = wasmTruncInverseCdf32();
      set_backend(saved);
      assert.ok(transform && wasmRuntime());
      const from32 = Math.fround(2 * normCdf((a - mean) / std) - 1);
      const range = Math.fround(Math.fround(2 * normCdf((b - mean) / std) - 1) - from32);
      const [scale, m, lo, hi] = [std * Math.SQRT2, mean, a, b].map(Math.fround) as [number, number, number, number];
      // Every 13th draw (odd stride: all residues mod 4, so each lane of a quad), plus both ends.
      const ks: number[] = [0, 1, (1 << 24) - 2, (1 << 24) - 1];
      for (let k = 5; k < 1 << 24; k += 13) ks.push(k);
      const y = Float32Array.from(ks, (k) => fma32(k * 2 ** -24, range, from32));
      const got = y.slice();
      transform(got, newK ? ERFINV_K_NEW : ERFINV_K_OLD, scale, m, lo, hi);
      const want = y.map((v) => Math.min(Math.max(Math.fround(Math.fround(erfinvAten(v, newK) * scale) + m), lo), hi));
      assertSameFloats(got, want, `erfinv transform (mean ${mean}, std ${std}, [${a}, ${b}])`);
    });
  }
});

describe("the \"2.11\" transform: correctly rounded erfinv in wasm = the TypeScript oracle (assembly/erfinv-cr.ts)", () => {
  interface CrExports { erfinvCR(y: number): number; erfinvCorrect(y: number, f: number): number; erf64(x: number): number; exp64(x: number): number }
  const w = () => wasmRuntime()!.exports as unknown as CrExports;
  const bits64 = (v: number) => new BigUint64Array(new Float64Array([v]).buffer)[0]!;
  const same64 = (got: number, want: number, what: string) => {
    if (!(Object.is(got, want) || bits64(got) === bits64(want))) assert.fail(`${what}: wasm ${got}, ts ${want}`);
  };

  it("glibc exp and erf ports agree bit for bit (random arguments over every branch, and specials)", () => {
    const r = (() => { let s = 99; return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32; })();
    const xs = [0, -0, 1e-320, -1e-310, 2 ** -30, 1e-9, 0.84375, 1.25, 1 / 0.35, 6, -6, 700, 709.7, 710, -745, -746, -708.5, 1e308, Infinity, -Infinity, NaN];
    // Mid-range (erf's branches, exp's table), exp's arguments inside erf, exp's special cases
    // (|x| near 708 and 745: scaled or subnormal results), and subnormal doubles (erf's tiniest branch).
    for (let i = 0; i < 60000; i++) {
      xs.push((r() - 0.5) * 2 ** Math.floor(r() * 14 - 4), -40 * r(), (r() - 0.5) * 1500, (r() - 0.5) * 2 ** -1022 * 2 ** Math.floor(r() * 50 - 50));
      xs.push(700 + 10 * r(), -(700 + 50 * r()));
    }
    for (const x of xs) {
      same64(w().exp64(x), exp(x), `exp(${x})`);
      same64(w().erf64(x), erf(x), `erf(${x})`);
    }
  });

  it("erfinv on a strided sample of every float32 in [−1, 1] (and beyond, NaN, ±0, subnormals)", () => {
    const ys: number[] = [0, -0, 1, -1, 1.5, -2, Infinity, -Infinity, NaN, 1e-45, -1e-45, 1e-38, 0.99999994, -0.99999994, 0.7, -0.7, 0.70000005];
    const f = new Float32Array(1);
    const u = new Uint32Array(f.buffer);
    for (let b = 0; b <= 0x3f800000; b += 1021) {
      u[0] = b;
      ys.push(f[0]!);
      u[0] = (0x3f800000 - b) | 0x80000000;
      ys.push(f[0]!);
    }
    for (const y of ys.map(Math.fround)) {
      const got = w().erfinvCR(y);
      const want = erfinvCorrectlyRounded(y);
      if (!Object.is(got, want) && !(Number.isNaN(got) && Number.isNaN(want))) assert.fail(`erfinv(${y}): wasm ${got}, ts ${want}`);
    }
  });

  it("the correction loop, started 1–3 float32 steps off on either side, reaches the oracle's answer", () => {
    // The binary64 estimate practically always rounds to the answer (no difference in the
    // sample above even with the loop removed), so the loop is exercised from wrong starts.
    const f = new Float32Array(1);
    const u = new Int32Array(f.buffer);
    for (let b = 0x00000100; b < 0x3f800000; b += 65537) {
      u[0] = b;
      for (const y of [f[0]!, -f[0]!]) {
        const want = erfinvCorrectlyRounded(y);
        f[0] = want;
        const at = u[0]!;
        for (const off of [-3, -2, -1, 1, 2, 3]) {
          u[0] = at + off;
          const start = f[0]!;
          const got = w().erfinvCorrect(y, start);
          if (!Object.is(got, want)) assert.fail(`erfinv(${y}) from ${start} (${off} steps): wasm ${got}, ts ${want}`);
        }
        u[0] = b;
      }
    }
  });

  it("trunc_normal_ \"2.11\" takes the wasm transform under the wasm backend", () => {
    set_backend("wasm");
    assert.ok(wasmTruncInverseCdf32("correctly-rounded"), "the wasm \"2.11\" transform is missing (npm run build?)");
    set_backend("ts");
    assert.equal(wasmTruncInverseCdf32("correctly-rounded"), null);
    set_backend(saved);
  });
});
