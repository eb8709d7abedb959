/**
 * Distribution tests: every sampler is checked against its theoretical law with a fixed seed.
 *
 * Bounds are derived, not tuned:
 * - Kolmogorov–Smirnov at α = 0.001: D_crit = √(−ln(α/2)/2)/√n ≈ 1.949/√n.
 * - Second moments about the true mean: a 5-sigma CLT interval, half-width
 *   5·σ²·√((κ − 1)/n) (κ = 3 normal, 9/5 uniform). Where a test guards a formula it also
 *   asserts that the plausible wrong formula (fan_out for fan_in, gain 1 for √2, …) lies
 *   outside that interval, so the test demonstrably has the power to fail.
 * - Chi-square at α = 0.001 with a Wilson–Hilferty critical value.
 * Because the seeds are fixed the outcomes are deterministic; the bounds make them
 * seed-robust too (a correct implementation fails each test with probability ≤ 0.001).
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import {
  manual_seed, rand, randn, randint, randperm, empty, nn, with_pytorch_version, Generator,
  DEFAULT_RNG_SEED, type Tensor,
} from "../src/index.js";
import {
  ksStatistic, ksCritical, normalCdf, uniformCdf, truncatedNormalCdf, chiSquare, chiSquareCritical,
  secondMoment, secondMomentInterval, within, mean, lagCorrelation, toNumbers,
  KURTOSIS_NORMAL, KURTOSIS_UNIFORM,
} from "./support/stats.js";

const init = nn.init;

/** Asserts the KS statistic of `xs` against `cdf` is below the α = 0.001 critical value. */
function assertKs(xs: ArrayLike<number>, cdf: (x: number) => number, what: string): number {
  const d = ksStatistic(xs, cdf);
  const crit = ksCritical(xs.length);
  assert.ok(d < crit, `${what}: KS D = ${d.toFixed(5)} >= D_crit = ${crit.toFixed(5)} (n = ${xs.length})`);
  return d;
}

/** Asserts the KS test REJECTS `cdf` for `xs`: proves the test has power against that alternative. */
function assertKsRejects(xs: ArrayLike<number>, cdf: (x: number) => number, what: string): void {
  const d = ksStatistic(xs, cdf);
  const crit = ksCritical(xs.length);
  assert.ok(d > crit, `power guard (${what}): the wrong law should be rejected but D = ${d.toFixed(5)} < ${crit.toFixed(5)}`);
}

function floats(t: Tensor): Float64Array {
  return toNumbers(t.data as Float32Array | Float64Array);
}

function assertAllIn(xs: ArrayLike<number>, lo: number, hi: number, what: string, closedHi = true): void {
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!;
    const ok = x >= lo && (closedHi ? x <= hi : x < hi);
    if (!ok) assert.fail(`${what}: element ${i} = ${x} outside [${lo}, ${hi}${closedHi ? "]" : ")"}`);
  }
}

describe("uniform samplers", () => {
  for (const dtype of ["float32", "float64"] as const) {
    it(`rand (${dtype}) is U[0, 1): KS, range, mean`, () => {
      manual_seed(1234);
      const n = 100_000;
      const xs = floats(rand(n, { dtype }));
      assertAllIn(xs, 0, 1, "rand", false);
      assertKs(xs, uniformCdf(0, 1), `rand ${dtype}`);
      // Mean of U[0,1): sd of the sample mean is √(1/12n) = 9.1e-4; 5 sigma = 4.6e-3.
      assert.ok(Math.abs(mean(xs) - 0.5) < 5 * Math.sqrt(1 / 12 / n));
      // Power: U[0, 0.98) differs from U[0, 1) by D = 0.02 > 1.949/√1e5 = 0.0062.
      assertKsRejects(xs, uniformCdf(0, 0.98), "U[0, 0.98)");
    });

    it(`uniform_ (${dtype}) with bounds a=-3, b=5 is U[-3, 5)`, () => {
      manual_seed(99);
      const t = init.uniform_(empty(50_000, { dtype }), { a: -3, b: 5 });
      const xs = floats(t);
      assertAllIn(xs, -3, 5, "uniform_", false);
      assertKs(xs, uniformCdf(-3, 5), `uniform_ ${dtype}`);
      // Var U[a,b] = (b−a)²/12 = 64/12 about the mean 1.
      const ci = secondMomentInterval(64 / 12, xs.length, KURTOSIS_UNIFORM);
      assert.ok(within(ci, secondMoment(xs, 1)), `variance ${secondMoment(xs, 1)} outside ${ci}`);
      assertKsRejects(xs, uniformCdf(0, 5), "U[0, 5)");
    });
  }

  it("uniform_ with a generator option follows the same law and leaves the default generator alone", () => {
    const g = new Generator().manual_seed(7);
    const xs = floats(init.uniform_(empty(40_000), { a: 10, b: 11, generator: g }));
    assertKs(xs, uniformCdf(10, 11), "uniform_ with generator");
  });
});

describe("normal samplers", () => {
  for (const dtype of ["float32", "float64"] as const) {
    it(`randn vectorised path (${dtype}, n = 100 007 incl. the tail redraw) is N(0, 1)`, () => {
      manual_seed(2024);
      const xs = floats(randn(100_007, { dtype }));
      assertKs(xs, (x) => normalCdf(x), `randn ${dtype}`);
      const ci = secondMomentInterval(1, xs.length, KURTOSIS_NORMAL);
      assert.ok(within(ci, secondMoment(xs)), `E[x²] = ${secondMoment(xs)} outside ${ci}`);
      // Box–Muller pairs (j, j+8) share a radius: their products must still average 0.
      // sd of the mean of n/2 products of independent N(0,1) is 1/√(n/2); 5 sigma.
      let s = 0;
      let m = 0;
      for (let i = 0; i + 16 <= xs.length; i += 16) {
        for (let j = i; j < i + 8; j++) { s += xs[j]! * xs[j + 8]!; m++; }
      }
      assert.ok(Math.abs(s / m) < 5 / Math.sqrt(m), `pair correlation ${s / m}`);
      assertKsRejects(xs, (x) => normalCdf(x, 0, 1.05), "N(0, 1.05²)");
    });
  }

  for (const version of ["latest", "1.13"] as const) {
    it(`randn scalar path (20 000 calls of randn(5), ${version}) is N(0, 1) with uncorrelated neighbours`, () => {
      with_pytorch_version(version, () => {
        manual_seed(77);
        const calls = 20_000;
        const xs = new Float64Array(calls * 5);
        // Odd-sized calls make every other call start from the cached sine value.
        for (let c = 0; c < calls; c++) xs.set(randn(5).data, c * 5);
        assertKs(xs, (x) => normalCdf(x), `scalar randn ${version}`);
        const ci = secondMomentInterval(1, xs.length, KURTOSIS_NORMAL);
        assert.ok(within(ci, secondMoment(xs)), `E[x²] = ${secondMoment(xs)} outside ${ci}`);
        // cos/sin halves of one Box–Muller pair are independent: lag-1 correlation ~ N(0, 1/n).
        // A cache that replayed a value (or returned r·cos twice) gives correlation ≈ 0.5 or 1.
        const rho = lagCorrelation(xs, 1);
        assert.ok(Math.abs(rho) < 5 / Math.sqrt(xs.length), `lag-1 correlation ${rho}`);
      });
    });
  }

  it("normal_ with mean=3, std=0.5 is N(3, 0.25) on both paths", () => {
    manual_seed(5);
    const xs = floats(init.normal_(empty(60_000), { mean: 3, std: 0.5 }));
    assertKs(xs, (x) => normalCdf(x, 3, 0.5), "normal_ vectorised");
    const ci = secondMomentInterval(0.25, xs.length, KURTOSIS_NORMAL);
    assert.ok(within(ci, secondMoment(xs, 3)), `variance ${secondMoment(xs, 3)} outside ${ci}`);
    // Power: std² (0.5) instead of std (0.25 variance) would be far outside.
    assert.ok(!within(ci, 0.5));
    assertKsRejects(xs, (x) => normalCdf(x, 3, 0.55), "N(3, 0.55²)");

    const ys = new Float64Array(10_000 * 3);
    for (let c = 0; c < 10_000; c++) ys.set(init.normal_(empty(3, { dtype: "float64" }), { mean: 3, std: 0.5 }).data, c * 3);
    assertKs(ys, (x) => normalCdf(x, 3, 0.5), "normal_ scalar");
  });
});

describe("trunc_normal_ against the truncated normal CDF", () => {
  const cases: { name: string; mean: number; std: number; a: number; b: number }[] = [
    { name: "wide [-2, 2] (2.12: normal redraw branch, mass 0.954 > 0.3)", mean: 0, std: 1, a: -2, b: 2 },
    { name: "narrow tail [2, 3] (2.12: uniform proposal branch, mass 0.021 < 0.3)", mean: 0, std: 1, a: 2, b: 3 },
    { name: "scaled mean=1, std=2 on [-1, 4]", mean: 1, std: 2, a: -1, b: 4 },
    { name: "scaled tail mean=0.5, std=0.2 on [0.9, 1.2]", mean: 0.5, std: 0.2, a: 0.9, b: 1.2 },
  ];
  for (const version of ["1.13", "latest"] as const) {
    for (const c of cases) {
      it(`${version}: ${c.name}`, () => {
        with_pytorch_version(version, () => {
          manual_seed(31337);
          const xs = floats(init.trunc_normal_(empty(40_000), { mean: c.mean, std: c.std, a: c.a, b: c.b }));
          // Clamping in float32: bounds are rounded to float32 first.
          assertAllIn(xs, Math.fround(c.a), Math.fround(c.b), "trunc_normal_");
          assertKs(xs, truncatedNormalCdf(c.mean, c.std, c.a, c.b), `trunc_normal_ ${version}`);
          // Power: a uniform on [a, b] or the untruncated normal must both be rejected.
          assertKsRejects(xs, uniformCdf(c.a, c.b), "uniform on [a, b]");
          assertKsRejects(xs, (x) => normalCdf(x, c.mean, c.std), "untruncated normal");
        });
      });
    }
  }

  it("float64 tensors follow the same law (latest, both branches)", () => {
    manual_seed(8);
    const wide = floats(init.trunc_normal_(empty(30_000, { dtype: "float64" })));
    assertKs(wide, truncatedNormalCdf(0, 1, -2, 2), "float64 wide");
    const tail = floats(init.trunc_normal_(empty(30_000, { dtype: "float64" }), { a: -3, b: -2 }));
    assertKs(tail, truncatedNormalCdf(0, 1, -3, -2), "float64 tail");
  });
});

describe("variance-scaling initialisers match their variance formulas", () => {
  /** Checks E[x²] ≈ want, and that every listed wrong variance would be rejected. */
  function checkVariance(xs: Float64Array, want: number, kurtosis: number, wrong: Record<string, number>): void {
    const ci = secondMomentInterval(want, xs.length, kurtosis);
    const got = secondMoment(xs);
    assert.ok(within(ci, got), `E[x²] = ${got} outside [${ci[0]}, ${ci[1]}] for variance ${want}`);
    for (const [name, v] of Object.entries(wrong)) {
      assert.ok(!within(ci, v), `guard: the wrong formula (${name}) = ${v} lies inside the interval, the test could not detect it`);
    }
    // Mean 0: sd of the sample mean is √(want/n); 5 sigma.
    assert.ok(Math.abs(mean(xs)) < 5 * Math.sqrt(want / xs.length), `mean ${mean(xs)}`);
  }

  const shapes: { shape: number[]; fanIn: number; fanOut: number }[] = [
    { shape: [256, 128], fanIn: 128, fanOut: 256 },
    { shape: [64, 32, 3, 3], fanIn: 32 * 9, fanOut: 64 * 9 },
  ];

  for (const { shape, fanIn, fanOut } of shapes) {
    for (const mode of ["fan_in", "fan_out"] as const) {
      const fan = mode === "fan_in" ? fanIn : fanOut;
      const otherFan = mode === "fan_in" ? fanOut : fanIn;

      it(`kaiming_uniform_ ${JSON.stringify(shape)} mode=${mode}, relu: U(±√(6/fan))`, () => {
        manual_seed(11);
        const xs = floats(init.kaiming_uniform_(empty(shape), { mode, nonlinearity: "relu" }));
        const v = 2 / fan; // gain² / fan with gain² = 2
        const bound = Math.sqrt(3 * v);
        assertAllIn(xs, -bound * (1 + 1e-6), bound * (1 + 1e-6), "kaiming_uniform_");
        assertKs(xs, uniformCdf(-bound, bound), "kaiming_uniform_");
        checkVariance(xs, v, KURTOSIS_UNIFORM, { "other fan": 2 / otherFan, "gain 1": 1 / fan });
        assertKsRejects(xs, uniformCdf(-Math.sqrt(3 * 2 / otherFan), Math.sqrt(3 * 2 / otherFan)), "other fan");
      });

      it(`kaiming_normal_ ${JSON.stringify(shape)} mode=${mode}, leaky_relu a=0.5: N(0, 2/((1+a²)·fan))`, () => {
        manual_seed(12);
        const xs = floats(init.kaiming_normal_(empty(shape), { a: 0.5, mode, nonlinearity: "leaky_relu" }));
        const v = 2 / (1.25 * fan);
        assertKs(xs, (x) => normalCdf(x, 0, Math.sqrt(v)), "kaiming_normal_");
        checkVariance(xs, v, KURTOSIS_NORMAL, {
          "other fan": 2 / (1.25 * otherFan),
          "slope ignored (relu gain)": 2 / fan,
          "a instead of a²": 2 / (1.5 * fan),
        });
      });
    }

    it(`kaiming_normal_ ${JSON.stringify(shape)} tanh (gain 5/3) and the default (leaky_relu, a=0 → √2)`, () => {
      manual_seed(13);
      const tanh = floats(init.kaiming_normal_(empty(shape), { nonlinearity: "tanh" }));
      checkVariance(tanh, 25 / 9 / fanIn, KURTOSIS_NORMAL, { "gain 1": 1 / fanIn, "gain √2": 2 / fanIn });
      // Default: leaky_relu with a = 0, i.e. gain √2 (calculate_gain's 0.01 default slope must NOT apply).
      const dflt = floats(init.kaiming_uniform_(empty(shape)));
      checkVariance(dflt, 2 / fanIn, KURTOSIS_UNIFORM, { "gain 1": 1 / fanIn, "fan_out": 2 / fanOut });
      const bound = Math.sqrt(3) * (Math.sqrt(2) / Math.sqrt(fanIn));
      const maxAbs = dflt.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
      // n ≥ 18 432 uniforms: P(max |x| < 0.999·bound) = 0.999^n < e^-18.
      assert.ok(maxAbs <= Math.fround(bound) && maxAbs > bound * 0.999, `max |x| = ${maxAbs}, bound ${bound}`);
    });

    it(`xavier_uniform_ / xavier_normal_ ${JSON.stringify(shape)}: variance 2·gain²/(fan_in + fan_out)`, () => {
      manual_seed(14);
      const gain = 1.5;
      const v = (2 * gain * gain) / (fanIn + fanOut);
      const wrong = { "gain not squared": (2 * gain) / (fanIn + fanOut), "fan_in only": (gain * gain) / fanIn, "fan_out only": (gain * gain) / fanOut };
      const xu = floats(init.xavier_uniform_(empty(shape), { gain }));
      const bound = Math.sqrt(3 * v);
      assertAllIn(xu, -bound * (1 + 1e-6), bound * (1 + 1e-6), "xavier_uniform_");
      assertKs(xu, uniformCdf(-bound, bound), "xavier_uniform_");
      checkVariance(xu, v, KURTOSIS_UNIFORM, wrong);
      const xn = floats(init.xavier_normal_(empty(shape), { gain }));
      assertKs(xn, (x) => normalCdf(x, 0, Math.sqrt(v)), "xavier_normal_");
      checkVariance(xn, v, KURTOSIS_NORMAL, wrong);
    });
  }

  it("calculate_fan_in_and_fan_out counts the receptive field", () => {
    assert.deepEqual(init.calculate_fan_in_and_fan_out(empty(64, 32, 3, 5)), [32 * 15, 64 * 15]);
    assert.deepEqual(init.calculate_fan_in_and_fan_out(empty(7, 3)), [3, 7]);
    assert.deepEqual(init.calculate_fan_in_and_fan_out(empty(2, 3, 4, 5, 6)), [3 * 120, 2 * 120]);
  });
});

describe("orthogonal_", () => {
  /** Max |(MᵀM or MMᵀ) − gain²·I| over the smaller Gram matrix. */
  function gramError(t: Tensor, gain: number): number {
    const rows = t.shape[0]!;
    const cols = t.numel() / rows;
    const d = t.data as Float32Array | Float64Array;
    const tall = rows >= cols;
    const k = tall ? cols : rows;
    const len = tall ? rows : cols;
    const at = (i: number, j: number) => (tall ? d[j * cols + i]! : d[i * cols + j]!); // vector i, component j
    let err = 0;
    for (let i = 0; i < k; i++) {
      for (let j = i; j < k; j++) {
        let s = 0;
        for (let r = 0; r < len; r++) s += at(i, r) * at(j, r);
        err = Math.max(err, Math.abs(s - (i === j ? gain * gain : 0)));
      }
    }
    return err;
  }

  const shapes = [[64, 32], [32, 64], [50, 50], [16, 8, 3, 3], [200, 3, 2], [1, 7], [7, 1]];
  for (const shape of shapes) {
    for (const dtype of ["float32", "float64"] as const) {
      for (const gain of [1, Math.SQRT2, 0.5]) {
        it(`${JSON.stringify(shape)} ${dtype} gain=${gain.toFixed(3)}: Gram matrix = gain²·I to 1e-5`, () => {
          manual_seed(shape.length * 100 + shape[0]!);
          const t = init.orthogonal_(empty(shape, { dtype }), { gain });
          const err = gramError(t, gain);
          assert.ok(err < 1e-5 * Math.max(1, gain * gain), `max Gram error ${err}`);
          if (dtype === "float64") assert.ok(err < 1e-12, `float64 Gram error ${err}`);
        });
      }
    }
  }

  it("is Haar-distributed: every entry of a 3×3 orthogonal matrix is U[-1, 1]", () => {
    // Each column (and row) of a Haar orthogonal 3×3 matrix is uniform on S², so each
    // coordinate is U[-1, 1] (Archimedes). QR without the sign(diag R) correction gives
    // e.g. Q[0][0] = −sign(a11)|a11|/‖a1‖ ≤ 0 for Householder, which this rejects at once.
    manual_seed(4242);
    const n = 4000;
    const first = new Float64Array(n);
    const last = new Float64Array(n);
    const g = new Generator().manual_seed(1);
    for (let i = 0; i < n; i++) {
      const q = init.orthogonal_(empty(3, 3, { dtype: "float64" }), { generator: g }).data;
      first[i] = q[0]!;
      last[i] = q[8]!;
    }
    assertKs(first, uniformCdf(-1, 1), "Q[0][0]");
    assertKs(last, uniformCdf(-1, 1), "Q[2][2]");
  });
});

describe("sparse_", () => {
  const cases: { rows: number; cols: number; sparsity: number; zeros: number }[] = [
    { rows: 100, cols: 40, sparsity: 0.1, zeros: 10 },
    { rows: 7, cols: 50, sparsity: 0.25, zeros: 2 }, // ceil(1.75)
    // Python: math.ceil(0.07 * 100) == 8, because 0.07 * 100 == 7.000000000000001 in binary64.
    { rows: 100, cols: 20, sparsity: 0.07, zeros: 8 },
    { rows: 10, cols: 5, sparsity: 1, zeros: 10 },
    { rows: 10, cols: 5, sparsity: 0, zeros: 0 },
  ];
  for (const c of cases) {
    it(`[${c.rows}, ${c.cols}] sparsity=${c.sparsity}: exactly ${c.zeros} zeros in every column`, () => {
      manual_seed(c.rows * 1000 + c.cols);
      const t = init.sparse_(empty(c.rows, c.cols, { dtype: "float64" }), c.sparsity, { std: 1 });
      const d = t.data;
      for (let col = 0; col < c.cols; col++) {
        let z = 0;
        for (let r = 0; r < c.rows; r++) if (d[r * c.cols + col] === 0) z++;
        assert.equal(z, c.zeros, `column ${col}`);
      }
    });
  }

  it("zeroed rows are uniform over the column and the non-zeros are N(0, std²)", () => {
    manual_seed(2718);
    const rows = 20;
    const cols = 3000;
    const std = 0.02;
    const p = 0.25; // 5 of 20 rows per column
    const d = init.sparse_(empty(rows, cols), p, { std }).data;
    const counts = new Float64Array(rows);
    const nonzero: number[] = [];
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        if (d[r * cols + c] === 0) counts[r]!++;
        else nonzero.push(d[r * cols + c]!);
      }
    }
    // Within a column the indicators are a draw of 5 of 20 without replacement:
    // Cov = p(1−p)·(rows/(rows−1))·(I − J/rows), so X²/((1−p)·rows/(rows−1)) ~ χ²(rows−1).
    const x2 = chiSquare(counts, cols * p) / ((1 - p) * (rows / (rows - 1)));
    assert.ok(x2 < chiSquareCritical(rows - 1), `chi-square ${x2} >= ${chiSquareCritical(rows - 1)}`);
    assert.equal(nonzero.length, rows * cols * (1 - p));
    assertKs(nonzero, (x) => normalCdf(x, 0, std), "sparse_ non-zeros");
  });
});

describe("integer samplers", () => {
  for (const dtype of ["int64", "int32", "float32", "float64"] as const) {
    it(`randint(−3, 4) (${dtype}) is uniform on 7 values (chi-square, df = 6)`, () => {
      manual_seed(606);
      const t = randint(-3, 4, [70_000], { dtype });
      const counts = new Float64Array(7);
      for (const v of toNumbers(t.data)) {
        assert.ok(Number.isInteger(v) && v >= -3 && v < 4, `value ${v}`);
        counts[v + 3]!++;
      }
      const x2 = chiSquare(counts, 10_000);
      assert.ok(x2 < chiSquareCritical(6), `chi-square ${x2} >= ${chiSquareCritical(6)}`);
      // Power: 1% more mass on one value (e.g. an off-by-one range) gives
      // X² ≈ n·Σ(Δp)²/p ≈ 70 000·(0.01²·(7/6))·7 ≈ 57 > 22.7.
    });
  }

  it("randint over [0, 2^30) (the random64 path in 2.x) is uniform over 16 bins", () => {
    manual_seed(42);
    const t = randint(0, 2 ** 30, [32_000]);
    const counts = new Float64Array(16);
    for (const v of t.data as BigInt64Array) {
      assert.ok(v >= 0n && v < 2n ** 30n);
      counts[Number(v >> 26n)]!++;
    }
    const x2 = chiSquare(counts, 2000);
    assert.ok(x2 < chiSquareCritical(15), `chi-square ${x2}`);
  });

  it("randperm(n) is a permutation of 0..n-1", () => {
    manual_seed(3);
    for (const n of [0, 1, 2, 17, 1000]) {
      const p = Array.from(randperm(n).data as BigInt64Array, Number);
      assert.equal(p.length, n);
      assert.deepEqual([...p].sort((a, b) => a - b), Array.from({ length: n }, (_, i) => i));
    }
  });

  it("randperm(5): every value is equally likely at every position", () => {
    manual_seed(314);
    const k = 5;
    const n = 20_000;
    const counts = new Float64Array(k * k);
    for (let i = 0; i < n; i++) {
      const p = randperm(k).data as BigInt64Array;
      for (let pos = 0; pos < k; pos++) counts[Number(p[pos]!) * k + pos]!++;
    }
    // The count matrix of uniform permutations has covariance n/(k−1)·C⊗C with C = I − J/k,
    // so Pearson's X² over the k² cells is (k/(k−1))·χ²((k−1)²).
    const x2 = (chiSquare(counts, n / k) * (k - 1)) / k;
    assert.ok(x2 < chiSquareCritical((k - 1) ** 2), `chi-square ${x2}`);
    // Power: the classic naive shuffle (swap i with any of the k positions) puts value 1 at
    // position 0 with probability 0.242 instead of 0.2; enumerating its 5^5 paths gives an
    // expected scaled X² ≈ 744 at n = 20 000, against a critical value of ≈ 39.4.
  });
});

describe("default generator seeding", () => {
  it("two fresh processes start from different, non-default initial seeds", () => {
    const url = new URL("../src/index.js", import.meta.url).href;
    const script = `import(${JSON.stringify(url)}).then((m) => console.log(String(m.initial_seed())))`;
    const run = () => execFileSync(process.execPath, ["-e", script], { encoding: "utf8" }).trim();
    const a = run();
    const b = run();
    assert.match(a, /^\d+$/);
    assert.match(b, /^\d+$/);
    assert.notEqual(a, b);
    assert.notEqual(BigInt(a), DEFAULT_RNG_SEED);
    assert.notEqual(BigInt(b), DEFAULT_RNG_SEED);
  });
});
