/**
 * The WebAssembly random fills (assembly/rng*.ts via src/kernels/wasm/rng.ts) against the
 * TypeScript fills they replace (src/random/uniform.ts, normal.ts), which are the oracle:
 * for every case both backends fill from generators in the same state, and the floats, the
 * engine state afterwards (624 words, left, next) and the continuing stream must be identical
 * bit for bit. The wasm module must be built (a missing one FAILS here rather than skipping);
 * the cases switch the backend explicitly, so this file tests wasm against ts under either
 * NNINIT_BACKEND. The exhaustive runs over all 2^24 draws are bench/micro/exhaustive-wasm.mjs;
 * a strided sample of them is here.
 */
import { describe, it, after } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";

import { with_pytorch_version } from "../src/compat.js";
import { get_backend, set_backend } from "../src/kernels/index.js";
import { wasmRng } from "../src/kernels/wasm/rng.js";
import { wasmRuntime, align16 } from "../src/kernels/wasm/runtime.js";
import { Generator } from "../src/random/generator.js";
import { fillNormal, normalBlocksFromState32 } from "../src/random/normal.js";
import { fillUniform32, fillUniform64 } from "../src/random/uniform.js";
import { fma32, fma64 } from "../src/math/fma.js";
import * as api from "../src/index.js";

const saved = get_backend();
after(() => set_backend(saved));

type Fill<A> = (g: Generator, out: A) => void;

/**
 * The inverse of MT19937's tempering: the TS normal kernel takes the engine's raw state words,
 * the wasm one the tempered draws, so a chosen draw d is fed to TS as untemper(d).
 */
const invR = (y: number, s: number): number => { let x = y; for (let i = 0; i < 32; i += s) x = y ^ (x >>> s); return x | 0; };
const invL = (y: number, s: number, m: number): number => { let x = y; for (let i = 0; i < 32; i += s) x = y ^ ((x << s) & m); return x | 0; };
const untemper = (y: number): number => invR(invL(invL(invR(y, 18), 15, 0xefc60000), 7, 0x9d2c5680), 11);

/** Bits of a float32 for messages. */
function hex(v: number): string {
  const b = new Float32Array([v]);
  return "0x" + new Uint32Array(b.buffer)[0]!.toString(16).padStart(8, "0");
}

function assertSameFloats(got: Float32Array, want: Float32Array, what: string): void {
  const x = new Uint32Array(got.buffer, got.byteOffset, got.length);
  const y = new Uint32Array(want.buffer, want.byteOffset, want.length);
  for (let i = 0; i < x.length; i++) {
    if (x[i] !== y[i]) assert.fail(`${what}: index ${i}: wasm ${got[i]} (${hex(got[i]!)}), ts ${want[i]} (${hex(want[i]!)})`);
  }
}

function assertSameEngine(a: Generator, b: Generator, what: string): void {
  assert.equal(a.engine.left, b.engine.left, `${what}: left`);
  assert.equal(a.engine.next, b.engine.next, `${what}: next`);
  const i = a.engine.state.findIndex((v, k) => v !== b.engine.state[k]);
  assert.equal(i, -1, `${what}: state word ${i} differs`);
  for (let k = 0; k < 3; k++) assert.equal(a.random(), b.random(), `${what}: draw ${k} after the fill`);
}

let compared = 0;
/**
 * Runs `fill` on wasm and on ts from the same state (seed, `pre` draws, optional tweak) and
 * compares the values bit for bit, the engine state and the continuing stream.
 */
function same<A extends Float32Array | Float64Array>(
  make: (n: number) => A, fill: Fill<A>, n: number, seed: number, pre: number, what: string, tweak?: (g: Generator) => void,
): void {
  const ga = new Generator().manual_seed(seed);
  const gb = new Generator().manual_seed(seed);
  for (let i = 0; i < pre; i++) {
    ga.random();
    gb.random();
  }
  tweak?.(ga);
  tweak?.(gb);
  const a = make(n);
  const b = make(n);
  set_backend("wasm");
  assert.ok(wasmRng(), "wasm fills unavailable under the wasm backend (npm run build?)");
  fill(ga, a);
  set_backend("ts");
  assert.equal(wasmRng(), null, "the ts backend must not use the wasm fills");
  fill(gb, b);
  set_backend(saved);
  const label = `${what} n=${n} seed=${seed} pre=${pre}`;
  if (a instanceof Float32Array) assertSameFloats(a, b as Float32Array, label);
  else {
    const i = a.findIndex((v, k) => !Object.is(v, b[k]));
    if (i >= 0) assert.fail(`${label}: index ${i}: wasm ${a[i]}, ts ${b[i]}`);
  }
  assertSameEngine(ga, gb, label);
  compared += n;
}
const f32 = (n: number): Float32Array => new Float32Array(n);
const f64 = (n: number): Float64Array => new Float64Array(n);

const SIZES = [...Array.from({ length: 40 }, (_, i) => i + 1), 623, 624, 625, 1247, 1248, 4099, 16384 + 16, 100000];
// Draws before the fill: fresh seed (next twist on the first draw), mid-period, and just
// before / at a twist, so blocks straddle the period boundary.
const PRE = [0, 1, 7, 300, 611, 620, 623, 624];
const RANGES: [number, number][] = [
  [0, 1], // rand(): the exact affine path
  [-0.0357, 0.0357], // symmetric (kaiming/xavier): exact affine path
  [-1 / Math.sqrt(784), 1 / Math.sqrt(784)],
  [0.1, 0.7], // general fused path
  [-5, -4.999999], // narrow: double-rounding ties
  [1, 1 + 2 ** -20], // results equal to `to` (2.x maps them to from)
  [-1.5e38, 1.5e38], // the widest valid range: to − from ≤ float32 max
  [2, 2],
];
const NORMALS: [number, number][] = [[0, 1], [0.25, 0.02], [-0, 1], [0, 0], [3, 0], [-1e-3, 5e-4], [1e-40, 1e-30], [1e20, 3e18], [0, 3e38]];

describe("wasm fills are bit-identical to the TS fills", () => {
  it("the wasm fills are in use under the wasm backend, and not under ts", () => {
    assert.ok(wasmRuntime(), "dist/kernels/nninit.wasm missing or failed to instantiate (run `npm run build`)");
    set_backend("wasm");
    assert.notEqual(wasmRng(), null);
    set_backend("ts");
    assert.equal(wasmRng(), null);
    set_backend(saved);
  });

  it("uniform_ over sizes, offsets, ranges and both PyTorch versions", () => {
    for (const version of ["1.13", "2.12"] as const) {
      with_pytorch_version(version, () => {
        for (const [from, to] of RANGES) {
          for (const n of SIZES) {
            for (const pre of n > 5000 ? [0, 611] : PRE) {
              same(f32, (g, o) => fillUniform32(g, o, from, to), n, 1234 + n, pre, `uniform_(${from}, ${to}) ${version}`);
            }
          }
        }
      });
    }
  });

  it("normal_ (n ≥ 16, the vectorised path) over sizes, offsets, means and stds", () => {
    for (const [mean, std] of NORMALS) {
      for (const n of SIZES.filter((s) => s >= 16)) {
        for (const pre of n > 5000 ? [0, 620] : PRE) same(f32, (g, o) => fillNormal(g, o, mean, std), n, 77 + n, pre, `normal_(${mean}, ${std})`);
      }
    }
  });

  it("float64 uniform_ over sizes, offsets, ranges (incl. ones left to TS) and both versions", () => {
    const ranges: [number, number][] = [
      [0, 1], [-0.0357, 0.0357], [0.1, 0.7], [-5, -4.999999999], [1, 1 + 2 ** -40], [3, 3], [-0, 0],
      [-1e300, 1e289], [1e-300, 2e-300], [-1e-200, 1e-200], [0.5, 1e290], // outside the fast range: TS
    ];
    for (const version of ["1.13", "2.12"] as const) {
      with_pytorch_version(version, () => {
        for (const [from, to] of ranges) {
          for (const n of [1, 2, 3, 311, 312, 313, 1000, 20000]) {
            for (const pre of [0, 1, 622, 623]) same(f64, (g, o) => fillUniform64(g, o, from, to), n, 5 + n, pre, `uniform_ f64 (${from}, ${to}) ${version}`);
          }
        }
      });
    }
    fc.assert(
      fc.property(fc.double({ noNaN: true, min: -1e6, max: 1e6 }), fc.double({ noNaN: true, min: -1e6, max: 1e6 }), fc.integer({ min: 1, max: 2000 }), (p, q, n) => {
        same(f64, (g, o) => fillUniform64(g, o, Math.min(p, q), Math.max(p, q)), n, n, 0, `uniform_ f64 (${Math.min(p, q)}, ${Math.max(p, q)})`);
      }),
      { numRuns: 200, seed: 64 },
    );
  });

  it("restored states whose run reads past the 624 words (they read as 0 in TS)", () => {
    // set_state accepts 0 < left ≤ 624 and next ≤ 624, so next + left − 1 may exceed 624.
    for (const [left, next] of [[624, 624], [300, 500], [1, 624], [624, 0], [2, 0], [17, 615]] as const) {
      const tweak = (g: Generator): void => {
        g.engine.left = left;
        g.engine.next = next;
      };
      for (const n of [1, 16, 17, 40, 700, 2000]) {
        same(f32, (g, o) => fillUniform32(g, o, -0.5, 0.5), n, 9, 0, `uniform left=${left} next=${next}`, tweak);
        same(f32, (g, o) => fillUniform32(g, o, 0.1, 0.7), n, 9, 0, `uniform fma left=${left} next=${next}`, tweak);
        if (n >= 16) same(f32, (g, o) => fillNormal(g, o, 0.5, 2), n, 9, 0, `normal left=${left} next=${next}`, tweak);
      }
    }
  });

  it("property: any seed, offset, size and (from, to) / (mean, std)", () => {
    const arbF32 = fc.float({ noNaN: true, noDefaultInfinity: true, min: Math.fround(-1e30), max: Math.fround(1e30) });
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 1300 }), fc.integer({ min: 1, max: 3000 }),
        arbF32, arbF32, fc.boolean(), fc.boolean(),
        (seed, pre, n, p, q, normal, v113) => {
          with_pytorch_version(v113 ? "1.13" : "2.12", () => {
            if (normal && n >= 16) same(f32, (g, o) => fillNormal(g, o, p, Math.abs(q)), n, seed, pre, `normal_(${p}, ${Math.abs(q)})`);
            else same(f32, (g, o) => fillUniform32(g, o, Math.min(p, q), Math.max(p, q)), n, seed, pre, `uniform_(${Math.min(p, q)}, ${Math.max(p, q)})`);
          });
        },
      ),
      { numRuns: 300, seed: 20261129 },
    );
  });

  it("nn.init and the factories through the public API", () => {
    const cases: [string, () => Float32Array][] = [
      ["kaiming_uniform_", () => api.nn.init.kaiming_uniform_(api.empty(300, 784), { a: Math.sqrt(5) }).data as Float32Array],
      ["xavier_uniform_", () => api.nn.init.xavier_uniform_(api.empty(64, 33)).data as Float32Array],
      ["kaiming_normal_", () => api.nn.init.kaiming_normal_(api.empty(50, 77)).data as Float32Array],
      ["xavier_normal_", () => api.nn.init.xavier_normal_(api.empty(17, 3)).data as Float32Array],
      ["normal_", () => api.nn.init.normal_(api.empty(4099), { mean: 1, std: 0.5 }).data as Float32Array],
      ["uniform_", () => api.nn.init.uniform_(api.empty(1000), { a: -2, b: 3 }).data as Float32Array],
      ["randn", () => api.randn(33, 33).data as Float32Array],
      ["rand", () => api.rand(5, 7).data as Float32Array],
      ["trunc_normal_", () => api.nn.init.trunc_normal_(api.empty(40, 40), { std: 0.02 }).data as Float32Array],
    ];
    for (const [name, run] of cases) {
      set_backend("wasm");
      api.manual_seed(3);
      const a = run();
      set_backend("ts");
      api.manual_seed(3);
      const b = run();
      set_backend(saved);
      assertSameFloats(a, b, name);
    }
  });

  it("the transforms on a strided sample of all 2^24 draws (full sweep: bench/micro/exhaustive-wasm.mjs)", () => {
    const rt = wasmRuntime();
    assert.ok(rt);
    const w = rt.exports as unknown as {
      normalBlocks32(buf: number, s: number, e: number, mean: number, std: number): void;
      uniformFma32(buf: number, s: number, e: number, range: number, from: number, to32: number, from32: number): void;
    };
    const n = 1 << 17; // per chunk
    const buf = align16(rt.heapBase);
    rt.ensure(buf + n * 4);
    const b0 = buf >> 2;
    const draws = new Int32Array(n);
    const raw = new Int32Array(n);
    const want = new Float32Array(n);
    // Every 31st draw (odd stride: all residues), plus each octant boundary of the angle.
    const ks: number[] = [];
    for (let k = 0; k < 1 << 24; k += 31) ks.push(k);
    for (let j = 0; j < 8; j++) for (const d of [-1, 0, 1]) ks.push(Math.min(Math.max(j * (1 << 21) + d, 0), (1 << 24) - 1));
    ks.push((1 << 24) - 1);
    for (let c = 0; c < ks.length; c += n / 2) {
      for (let i = 0; i < n; i++) {
        const k = ks[(c + (i >> 1)) % ks.length]!;
        const other = ks[(c * 7 + i * 13) % ks.length]!;
        const slot = ((i >> 4) << 4) + (i & 15);
        // Even i: k as a radius draw (slot < 8 in its block), odd: k as an angle draw.
        draws[slot] = ((i & 8) === 0 ? k : other) | (i << 24);
      }
      for (let i = 0; i < n; i++) raw[i] = untemper(draws[i]!);
      normalBlocksFromState32(raw, 0, n, want, 0, 0.25, 0.5);
      rt.i32().set(draws, b0);
      w.normalBlocks32(buf, 0, n, 0.25, 0.5);
      assertSameFloats(rt.f32().subarray(b0, b0 + n), want, `normal transform chunk ${c}`);
      rt.i32().set(draws, b0);
      w.uniformFma32(buf, 0, n, Math.fround(0.6), Math.fround(0.1), Math.fround(0.7), Math.fround(0.1));
      for (let i = 0; i < n; i++) {
        let v = fma32((draws[i]! & 0xffffff) * 2 ** -24, Math.fround(0.6), Math.fround(0.1));
        if (v === Math.fround(0.7)) v = Math.fround(0.1);
        want[i] = v;
      }
      assertSameFloats(rt.f32().subarray(b0, b0 + n), want, `uniform transform chunk ${c}`);
      compared += 2 * n;
    }
  });

  it("normal_'s final fma(v, std, mean) on double-rounding ties (the tie fix-up lanes)", () => {
    // With angle draw 0 the output slot j is the radius v itself (std 1, mean −0). Take radii
    // v = 2^k·(1 + m·2^-23), m small, std = 1 − m·2^-23: v·std = 2^k·(1 − m²·2^-46), and with
    // mean = 2^(k+24) + 2^(k+1) (odd last bit) the binary64 sum rounds onto the binary32
    // midpoint mean + 2^k although the exact sum is below it: a plain demote gives the even
    // neighbour mean + 2^(k+1), the fused result is mean. TS's fma32 handles that case; so must wasm.
    const rt = wasmRuntime();
    assert.ok(rt);
    const w = rt.exports as unknown as { normalBlocks32(buf: number, s: number, e: number, mean: number, std: number): void };
    const N = 1 << 24;
    const buf = align16(rt.heapBase);
    rt.ensure(buf + N * 4);
    const b0 = buf >> 2;
    const words = rt.i32();
    for (let i = 0; i < N; i++) words[b0 + i] = (i & 8) === 0 ? (i >> 4) * 8 + (i & 7) : 0; // radius draw k1, angle draw 0
    w.normalBlocks32(buf, 0, N, -0, 1);
    const radii = rt.f32().slice(b0, b0 + N);
    const bits = new Uint32Array(radii.buffer);
    const found: { k1: number; v: number; m: number }[] = [];
    for (let i = 0; i < N && found.length < 40; i++) {
      const m = bits[i]! & 0x7fffff;
      if ((i & 8) === 0 && m > 0 && m <= 64) found.push({ k1: (i >> 4) * 8 + (i & 7), v: radii[i]!, m });
    }
    assert.ok(found.length >= 5, `only ${found.length} radii close to a power of two`);
    let ties = 0;
    for (const { k1, v, m } of found) {
      const k = Math.floor(Math.log2(v));
      const std = Math.fround(1 - m * 2 ** -23);
      const mean = Math.fround(2 ** (k + 24) + 2 ** (k + 1));
      const draws = new Int32Array(16);
      draws[0] = k1;
      const raw = Int32Array.from(draws, untemper);
      const want = new Float32Array(16);
      normalBlocksFromState32(raw, 0, 16, want, 0, mean, std);
      rt.i32().set(draws, b0);
      w.normalBlocks32(buf, 0, 16, mean, std);
      assertSameFloats(rt.f32().subarray(b0, b0 + 16), want, `tie case k1=${k1} v=${v} std=${std} mean=${mean}`);
      if (Math.fround(v * std + mean) !== want[0]) ties++; // the naive single-demote answer is wrong here
    }
    assert.ok(ties >= 5, `only ${ties} of ${found.length} constructed cases were double-rounding ties`);
  });

  it("uniform_'s fused x·range + from on double-rounding ties (the tie fix-up lanes)", () => {
    // k = 2^23 + 2^5 and range = (1 − 2^-18)·2^-23 give x·range = 2^-24 − 2^-60 exactly; with
    // from = 1 + 2^-23 (odd last bit) the binary64 sum rounds onto the midpoint 1 + 3·2^-24,
    // while the exact sum lies below it: the fused result is `from`, a plain demote gives 1 + 2^-22.
    // Nearby k and from, in every lane position, and both transforms' fix-ups are exercised.
    const rt = wasmRuntime();
    assert.ok(rt);
    const w = rt.exports as unknown as {
      uniformFma32(buf: number, s: number, e: number, range: number, from: number, to32: number, from32: number): void;
    };
    const buf = align16(rt.heapBase);
    const n = 64;
    rt.ensure(buf + n * 4);
    const b0 = buf >> 2;
    let ties = 0;
    for (const [kBase, range, from] of [
      [2 ** 23 + 2 ** 5, (1 - 2 ** -18) * 2 ** -23, 1 + 2 ** -23],
      [2 ** 23 + 2 ** 5, (1 - 2 ** -18) * 2 ** -23, -(1 + 2 ** -23)],
      [2 ** 23 + 2 ** 6, (1 - 2 ** -17) * 2 ** -22, 3 + 2 ** -22],
    ] as const) {
      const draws = Int32Array.from({ length: n }, (_, i) => (i % 5 === 0 ? kBase : kBase + (i % 7) - 3) | (i << 24));
      rt.i32().set(draws, b0);
      w.uniformFma32(buf, 0, n, range, from, NaN, from);
      const want = Float32Array.from(draws, (d) => fma32((d & 0xffffff) * 2 ** -24, range, from));
      assertSameFloats(rt.f32().subarray(b0, b0 + n), want, `uniform tie range=${range} from=${from}`);
      want.forEach((v, i) => { if (Math.fround((draws[i]! & 0xffffff) * 2 ** -24 * range + from) !== v) ties++; });
    }
    assert.ok(ties >= 10, `only ${ties} constructed double-rounding ties`);
  });

  it("float64 uniform_'s fma64 near binary64 ties (the round-to-odd fallback)", () => {
    // x = 1/2 + m·2^-53, range = 1 − r·2^-53, from = t·2^-107: x·range = 1/2 + (m − r/2)·2^-53 −
    // m·r·2^-106 lies next to a rounding boundary, `from` pushes it across or not, and the
    // fast path's certification fails, so the round-to-odd sum decides (cf. test/math-fma.test.ts).
    const rt = wasmRuntime();
    assert.ok(rt);
    const w = rt.exports as unknown as { uniform64(buf: number, s: number, e: number, range: number, from: number, to: number, plain: number): void };
    const buf = align16(rt.heapBase);
    const n = 64;
    rt.ensure(buf + n * 8);
    let naiveWrong = 0;
    for (let r = 1; r <= 24; r++) {
      for (let t = -24; t <= 24; t++) {
        const range = 1 - r * 2 ** -53;
        const from = t * 2 ** -107;
        const words = new Uint32Array(2 * n);
        for (let m = 1; m <= n; m++) {
          const k = 2 ** 52 + m;
          words[2 * m - 2] = Math.floor(k / 2 ** 32) & 0x1fffff;
          words[2 * m - 1] = k % 2 ** 32;
        }
        rt.u32().set(words, buf >> 2);
        w.uniform64(buf, 0, n, range, from, NaN, 0);
        const got = rt.f64().subarray(buf >> 3, (buf >> 3) + n);
        for (let m = 1; m <= n; m++) {
          const x = (2 ** 52 + m) * 2 ** -53;
          const want = fma64(x, range, from);
          if (!Object.is(got[m - 1], want)) assert.fail(`fma64(${x}, ${range}, ${from}): wasm ${got[m - 1]}, ts ${want}`);
          if (x * range + from !== want) naiveWrong++;
        }
        compared += n;
      }
    }
    assert.ok(naiveWrong > 100, `only ${naiveWrong} results differed from the unfused x·range + from`);
  });

  it("compared a meaningful number of values", () => {
    assert.ok(compared > 5_000_000, `only ${compared} values compared`);
  });
});
