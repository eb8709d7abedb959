/**
 * Python's `beta ** step` for Adam's bias corrections, to the bit.
 *
 * CPython's `float ** float` is C `pow`; glibc's `pow` (2.28+) is accurate to 0.52 ulp,
 * which in practice means correctly rounded. V8's `**` is not: for β ∈ {0.9, 0.999, …}
 * and steps up to 20 000 it differs from glibc in ~5% of cases, and `1 − β^t` inherits
 * the difference in ~0.5%. The exponent here is always a whole number (the optimiser's
 * step count), so binary powering in double-double arithmetic (~2^-100 relative error)
 * followed by one rounding gives the correctly rounded value.
 */

/** Veltkamp's splitting constant 2^27 + 1. */
const SPLITTER = 134217729;

/** Dekker's exact product: returns [p, e] with p + e = a·b exactly (no overflow assumed). */
function twoProduct(a: number, b: number): [number, number] {
  const p = a * b;
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  return [p, al * bl - (p - ah * bh - al * bh - ah * bl)];
}

/** (ah + al)·(bh + bl) in double-double, normalised. */
function ddMul(ah: number, al: number, bh: number, bl: number): [number, number] {
  const [p, e] = twoProduct(ah, bh);
  const lo = e + (ah * bl + al * bh);
  const hi = p + lo;
  return [hi, lo - (hi - p)];
}

/**
 * `base ** exponent` as glibc computes it, for a whole exponent 0 ≤ n < 2^53 and finite base;
 * other arguments fall back to `Math.pow`.
 */
export function powWhole(base: number, exponent: number): number {
  if (!Number.isInteger(exponent) || exponent < 0 || !Number.isFinite(base) || Math.abs(base) > 1) {
    return Math.pow(base, exponent);
  }
  let rh = 1;
  let rl = 0;
  let bh = base;
  let bl = 0;
  for (let n = exponent; n > 0; n = Math.floor(n / 2)) {
    if (n % 2 === 1) [rh, rl] = ddMul(rh, rl, bh, bl);
    if (n > 1) [bh, bl] = ddMul(bh, bl, bh, bl);
    if (rh === 0) break;
  }
  return rh + rl;
}
