/**
 * Small, dependency-free statistics for the distribution tests: the standard normal CDF
 * and quantile, the Kolmogorov–Smirnov statistic with its asymptotic critical value,
 * Pearson's chi-square with a Wilson–Hilferty critical value, and confidence intervals
 * for a second moment. Everything is written from the textbook formulas, in binary64.
 */

const SQRT2 = Math.SQRT2;
const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/**
 * erf(x) for x >= 0 from the everywhere-positive series
 *   erf(x) = 2/√π · e^{−x²} · Σ_{n≥0} 2^n x^{2n+1} / (1·3·5···(2n+1))
 * (Abramowitz & Stegun 7.1.6), which has no cancellation, so it is accurate to a few ulps
 * of 1 for every x it is used on here; beyond x = 6, 1 − erf(x) < 3e-17 and 1 is returned.
 */
function erfPositive(x: number): number {
  if (x > 6) return 1;
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 500; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return Math.min(1, TWO_OVER_SQRT_PI * Math.exp(-x2) * sum);
}

export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  return x < 0 ? -erfPositive(-x) : erfPositive(x);
}

/** Φ(x), the standard normal CDF. */
export function normalCdf(x: number, mean = 0, std = 1): number {
  const z = (x - mean) / std;
  if (z === Infinity) return 1;
  if (z === -Infinity) return 0;
  return 0.5 * (1 + erf(z / SQRT2));
}

/** Φ⁻¹(p) by bisection on `normalCdf` (slow but exact enough; only used for a few critical values). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile: p=${p} must be in (0, 1)`);
  let lo = -40;
  let hi = 40;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (normalCdf(mid) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** CDF of N(mean, std²) truncated to [a, b]. */
export function truncatedNormalCdf(mean: number, std: number, a: number, b: number): (x: number) => number {
  const fa = normalCdf(a, mean, std);
  const fb = normalCdf(b, mean, std);
  return (x) => (x <= a ? 0 : x >= b ? 1 : (normalCdf(x, mean, std) - fa) / (fb - fa));
}

/** CDF of U[a, b]. */
export function uniformCdf(a: number, b: number): (x: number) => number {
  return (x) => (x <= a ? 0 : x >= b ? 1 : (x - a) / (b - a));
}

/**
 * The one-sample Kolmogorov–Smirnov statistic D = sup |F_n(x) − F(x)| for a continuous F:
 * after sorting, D = max_i max(F(x_i) − i/n, (i+1)/n − F(x_i)).
 */
export function ksStatistic(samples: ArrayLike<number>, cdf: (x: number) => number): number {
  const xs = Float64Array.from(samples as ArrayLike<number>).sort();
  const n = xs.length;
  if (n === 0) throw new RangeError("ksStatistic: no samples");
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(xs[i]!);
    d = Math.max(d, f - i / n, (i + 1) / n - f);
  }
  return d;
}

/**
 * The asymptotic KS critical value at level α: D_crit = c(α)/√n with
 * c(α) = √(−ln(α/2)/2), the Kolmogorov distribution's tail 2·e^{−2c²} = α.
 * c(0.001) = 1.9495, so D_crit ≈ 1.949/√n.
 */
export function ksCritical(n: number, alpha = 0.001): number {
  return Math.sqrt(-Math.log(alpha / 2) / 2) / Math.sqrt(n);
}

/** Pearson's X² = Σ (O − E)² / E. */
export function chiSquare(observed: ArrayLike<number>, expected: ArrayLike<number> | number): number {
  let x2 = 0;
  for (let i = 0; i < observed.length; i++) {
    const e = typeof expected === "number" ? expected : expected[i]!;
    x2 += (observed[i]! - e) ** 2 / e;
  }
  return x2;
}

/**
 * The upper-α quantile of χ²(df), by the Wilson–Hilferty cube approximation
 * χ² ≈ df · (1 − 2/(9df) + z_{1−α} √(2/(9df)))³, accurate to a few percent for df ≥ 3.
 */
export function chiSquareCritical(df: number, alpha = 0.001): number {
  const z = normalQuantile(1 - alpha);
  const k = 2 / (9 * df);
  return df * (1 - k + z * Math.sqrt(k)) ** 3;
}

export function mean(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]!;
  return s / xs.length;
}

/** The second moment about a known centre, (1/n) Σ (x − c)²: an unbiased variance estimate when c is the true mean. */
export function secondMoment(xs: ArrayLike<number>, centre = 0): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += (xs[i]! - centre) ** 2;
  return s / xs.length;
}

/** Sample correlation of x_i and x_{i+lag}. */
export function lagCorrelation(xs: ArrayLike<number>, lag = 1): number {
  const n = xs.length - lag;
  const m = mean(xs);
  let num = 0;
  let den = 0;
  for (let i = 0; i < xs.length; i++) den += (xs[i]! - m) ** 2;
  for (let i = 0; i < n; i++) num += (xs[i]! - m) * (xs[i + lag]! - m);
  return num / den;
}

/**
 * A z-sigma interval for the second moment about the true mean of n iid draws with
 * variance σ² and kurtosis κ = E(x−μ)⁴/σ⁴: Var((1/n)Σ(x−μ)²) = σ⁴(κ − 1)/n exactly, and the
 * estimate is a mean of n iid terms, so by the CLT it is within z·σ²·√((κ−1)/n) of σ².
 * κ = 3 for a normal, 9/5 for a uniform.
 */
export function secondMomentInterval(variance: number, n: number, kurtosis: number, z = 5): [number, number] {
  const half = z * variance * Math.sqrt((kurtosis - 1) / n);
  return [variance - half, variance + half];
}

export const KURTOSIS_NORMAL = 3;
export const KURTOSIS_UNIFORM = 9 / 5;

/** True when x lies in [lo, hi]. */
export function within([lo, hi]: readonly [number, number], x: number): boolean {
  return x >= lo && x <= hi;
}

/** Flattens tensor data (any typed array) to plain numbers. */
export function toNumbers(data: ArrayLike<number | bigint>): Float64Array {
  return Float64Array.from(Array.from(data as ArrayLike<number | bigint>, Number));
}
