/**
 * Summary statistics for the lab, accumulated in binary64 whatever the tensor's dtype:
 * a float32 variance of activations near 1e-28 would underflow (its square is 1e-56),
 * so nothing here squares in float32.
 */
import type { Histogram } from "../types.js";

type Numbers = ArrayLike<number>;

export function mean(xs: Numbers): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]!;
  return xs.length === 0 ? NaN : s / xs.length;
}

/** Mean of squares, E[x²]: the second moment q of He et al. eq. 8. */
export function meanSquare(xs: Numbers): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]! * xs[i]!;
  return xs.length === 0 ? NaN : s / xs.length;
}

/** Population standard deviation (divides by n), two-pass for accuracy. */
export function std(xs: Numbers): number {
  const m = mean(xs);
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += (xs[i]! - m) ** 2;
  return xs.length === 0 ? NaN : Math.sqrt(s / xs.length);
}

/** Euclidean norm. */
export function norm(xs: Numbers): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]! * xs[i]!;
  return Math.sqrt(s);
}

export function maxAbs(xs: Numbers): number {
  let m = 0;
  for (let i = 0; i < xs.length; i++) m = Math.max(m, Math.abs(xs[i]!));
  return m;
}

/** Median; the mean of the two middle values for an even count. NaN for an empty list. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 === 1 ? s[h]! : (s[h - 1]! + s[h]!) / 2;
}

/** Fraction of elements satisfying `pred`. */
export function fraction(xs: Numbers, pred: (v: number) => boolean): number {
  let k = 0;
  for (let i = 0; i < xs.length; i++) if (pred(xs[i]!)) k++;
  return xs.length === 0 ? NaN : k / xs.length;
}

/** `bins` equal-width bins over [lo, hi]; values outside are clamped into the end bins. */
export function histogram(xs: Numbers, lo: number, hi: number, bins: number): Histogram {
  const counts = new Array<number>(bins).fill(0);
  const width = (hi - lo) / bins;
  for (let i = 0; i < xs.length; i++) {
    const v = xs[i]!;
    if (Number.isNaN(v)) continue;
    const b = Math.min(bins - 1, Math.max(0, Math.floor((v - lo) / width)));
    counts[b]!++;
  }
  const edges = Array.from({ length: bins + 1 }, (_, i) => lo + i * width);
  return { edges, counts };
}

/** A histogram over ±(the `q` quantile of |x|), so one outlier does not flatten the picture. */
export function symmetricHistogram(xs: Numbers, bins: number, q = 0.995): Histogram {
  const abs = Float64Array.from(xs, Math.abs).sort();
  const bound = abs.length === 0 ? 1 : abs[Math.min(abs.length - 1, Math.floor(q * abs.length))]! || abs[abs.length - 1]! || 1;
  return histogram(xs, -bound, bound, bins);
}

/**
 * Relative spread across the batch of a [batch, units] activation matrix:
 * √(mean over units of the variance over inputs) / √(mean of squares). 1 would mean the layer's
 * output is all input-dependent; 0 that every input gives the same output (the input is lost).
 */
export function inputDependence(a: Numbers, batch: number, units: number): number {
  let between = 0;
  let total = 0;
  for (let j = 0; j < units; j++) {
    let m = 0;
    for (let b = 0; b < batch; b++) m += a[b * units + j]!;
    m /= batch;
    for (let b = 0; b < batch; b++) {
      const v = a[b * units + j]!;
      between += (v - m) ** 2;
      total += v * v;
    }
  }
  return total === 0 ? NaN : Math.sqrt(between / total);
}

/** Pearson correlation of two equal-length vectors (NaN if either is constant). */
export function correlation(x: Numbers, y: Numbers): number {
  const mx = mean(x);
  const my = mean(y);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i++) {
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx === 0 || syy === 0 ? NaN : sxy / Math.sqrt(sxx * syy);
}

/** Rounds to `digits` significant digits, for stable, readable numbers in results. */
export function sig(x: number, digits = 6): number {
  return Number.isFinite(x) && x !== 0 ? Number(x.toPrecision(digits)) : x;
}
