/**
 * Fused multiply-add with a single rounding, emulated exactly in JavaScript.
 *
 * PyTorch's x86-64 wheels compile their AVX2 kernels with GCC's default
 * `-ffp-contract=fast`, so expressions like `x*range + from` in `uniform_` are one
 * FMA instruction (spec §0). To get the same bits we need the same single rounding.
 */

const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);

/** The largest finite binary32 value, 2^128 − 2^104. */
const F32_MAX = 3.4028234663852886e38;
/** The binary32 overflow threshold 2^128 − 2^103: the midpoint between F32_MAX and 2^128. */
const F32_OVERFLOW_MID = 3.4028235677973366e38;

/**
 * `fmaf(a, b, c)` for float32 values held in doubles.
 *
 * The product of two 24-bit significands fits in 48 bits, so `p = a*b` is exact in
 * binary64 and `s = p + c` carries a single binary64 rounding. Rounding `s` to binary32
 * is then correct unless `s` sits exactly on a binary32 midpoint that the binary64
 * rounding created (a double-rounding tie): binary64 rounding is monotone and every
 * binary32 midpoint is a double, so a non-midpoint `s` lies on the same side of every
 * midpoint as the exact sum. Only on a midpoint do we need the sign of the binary64
 * error (Knuth's TwoSum) to break the tie the way the exact sum would (`fma32Tie`).
 *
 * Midpoint test: if `r = fround(s) ≠ s`, then `n = 2s − r` is computed exactly and is a
 * binary32 value iff `s` is the midpoint between `r` and its neighbour `n` (also across
 * binade boundaries, for subnormals, and for r = ±0). When `r` overflowed to ±∞, `n` is
 * ∓∞ and `fma32Tie` handles the overflow threshold itself.
 *
 * Hot loops inline this fast path (see src/random/normal.ts, uniform.ts) and call
 * `fma32Tie` for the rare ties.
 */
export function fma32(a: number, b: number, c: number): number {
  const p = a * b;
  const s = p + c;
  const r = Math.fround(s);
  if (r === s) return r;
  const n = 2 * s - r;
  if (Math.fround(n) !== n) return r; // not a binary32 midpoint (or NaN)
  return fma32Tie(p, c, s, r);
}

/**
 * The slow path of `fma32`: `s = fl64(p + c)` lies on a binary32 midpoint (or overflowed
 * binary32) and `r = fround(s)`. Returns the correctly rounded binary32 value of the exact p + c.
 */
export function fma32Tie(p: number, c: number, s: number, r: number): number {
  const bb = s - p;
  const err = p - (s - bb) + (c - bb); // exact sum = s + err
  if (r === Infinity || r === -Infinity) {
    // Only the overflow threshold itself is a tie: below it (in magnitude) is F32_MAX.
    if (Math.abs(s) === F32_OVERFLOW_MID && err !== 0 && err > 0 !== s > 0) return s > 0 ? F32_MAX : -F32_MAX;
    return r;
  }
  if (err === 0) return r; // a true tie: round-half-even already chose r
  // The exact value lies on err's side of the midpoint: pick the neighbour on that side.
  const n = 2 * s - r;
  return err > 0 === n > r ? n : r;
}

const words = new Uint32Array(f64.buffer);

/** Veltkamp's splitting constant 2^27 + 1 for binary64 (Dekker's TwoProduct). */
const SPLITTER = 134217729;
/** The certification interval of the fast path: d·(1 ± 2^-8). */
const UP = 1 + 2 ** -8;
const DN = 1 - 2 ** -8;

/**
 * `fma(a, b, c)` in binary64 with one rounding, for operands in the safe range
 * (|a|, |b|, |a·b| within about (2^-960, 2^996) and c finite): no range guard.
 *
 * Fast path: with uh + ul = a·b exactly (Dekker's TwoProduct) and s + es = uh + c exactly
 * (TwoSum), the exact result is s + d + e with d = RN(es + ul) and |e| ≤ ulp(d)/2. If
 * s + d·(1 − 2^-8) and s + d·(1 + 2^-8) round to the same double, every real number between
 * them does too, including s + d + e, so that double is the answer. Otherwise (s + d lies
 * within |d|/256 of a rounding boundary, which is rare) Boldo and Melquiond's emulation
 * finishes the job ("Emulation of FMA and correctly rounded sums: proved algorithms using
 * rounding to odd", IEEE TC 2008): two TwoSums and one round-to-odd sum.
 */
export function fma64Unguarded(a: number, b: number, c: number): number {
  const uh = a * b;
  let p = a * SPLITTER;
  const ah = p - (p - a);
  const al = a - ah;
  p = b * SPLITTER;
  const bh = p - (p - b);
  const bl = b - bh;
  const ul = al * bl - (((uh - ah * bh) - al * bh) - ah * bl);
  const s = uh + c;
  const sb = s - uh;
  const es = (uh - (s - sb)) + (c - sb);
  const d = es + ul;
  const r = s + d * UP;
  if (r === s + d * DN) return r;
  return fmaRoundToOdd(uh, ul, c);
}

/** RN(uh + ul + c) via TwoSums and a round-to-odd sum (Boldo–Melquiond, Algorithm 5). */
function fmaRoundToOdd(uh: number, ul: number, c: number): number {
  const th = c + ul;
  const tb = th - c;
  const tl = (c - (th - tb)) + (ul - tb);
  const vh = uh + th;
  const vb = vh - uh;
  const vl = (uh - (vh - vb)) + (th - vb);
  const zs = vl + tl;
  const zb = zs - vl;
  const ze = (vl - (zs - zb)) + (tl - zb);
  if (ze === 0) return vh + zs;
  // Round zs to odd: if its last bit is even, step one ulp towards the exact sum.
  f64[0] = zs;
  const lo = words[0]!;
  if ((lo & 1) !== 0) return vh + zs;
  if ((ze > 0) === (zs > 0)) {
    words[0] = lo + 1;
  } else {
    if (lo === 0) words[1] = words[1]! - 1;
    words[0] = lo - 1; // wraps to 0xffffffff when lo === 0
  }
  return vh + f64[0]!;
}

/**
 * `fma(a, b, c)` in binary64 with one rounding, for any operands: the fast emulation above,
 * and exact big-integer arithmetic where Dekker's split or the error terms could overflow
 * or fall into the subnormal range.
 */
export function fma64(a: number, b: number, c: number): number {
  const uh = a * b;
  if (!Number.isFinite(uh) || !Number.isFinite(c)) return uh + c;
  // An exactly zero product: plain addition gets the sign of zero right (−0 + −0 = −0).
  if (a === 0 || b === 0) return uh + c;
  const mag = Math.abs(uh);
  if (mag > 1e290 || mag < 1e-250 || Math.abs(a) > 1e290 || Math.abs(b) > 1e290 || Math.abs(c) > 1e300) {
    return fma64Exact(a, b, c);
  }
  return fma64Unguarded(a, b, c);
}

/** Decomposes a finite double into (integer significand, binary exponent). */
function decompose(x: number): [bigint, number] {
  f64[0] = x;
  const bits = u64[0]!;
  const exp = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & 0xfffffffffffffn;
  const sign = bits >> 63n ? -1n : 1n;
  if (exp === 0) return [sign * mant, -1074];
  mant |= 1n << 52n;
  return [sign * mant, exp - 1075];
}

/** Rounds the exact rational `m · 2^e` (m a bigint) to the nearest double, ties to even. */
function roundToDouble(m: bigint, e: number): number {
  if (m === 0n) return 0;
  const neg = m < 0n;
  let a = neg ? -m : m;
  const bitLen = a.toString(2).length;
  // Keep 53 significant bits, or fewer if the result is subnormal (exponent floor -1074).
  let shift = bitLen - 53;
  if (e + shift < -1074) shift = -1074 - e;
  if (shift > 0) {
    const half = 1n << BigInt(shift - 1);
    const rem = a & ((1n << BigInt(shift)) - 1n);
    a >>= BigInt(shift);
    if (rem > half || (rem === half && (a & 1n) === 1n)) a += 1n;
    e += shift;
  }
  // Exact: a < 2^54, and e >= -1074 makes 2^e a representable power of two.
  const v = Number(a) * 2 ** e;
  return neg ? -v : v;
}

/** Exact-arithmetic `fma(a, b, c)` for binary64, used as the reference and the edge-case fallback. */
export function fma64Exact(a: number, b: number, c: number): number {
  if (!Number.isFinite(a) || !Number.isFinite(b) || !Number.isFinite(c)) return a * b + c;
  const [ma, ea] = decompose(a);
  const [mb, eb] = decompose(b);
  const [mc, ec] = decompose(c);
  let mp = ma * mb;
  let ep = ea + eb;
  let mcs = mc;
  // Align both terms to the smaller exponent; the sum is then an exact integer multiple.
  const e = Math.min(ep, ec);
  mp <<= BigInt(ep - e);
  mcs <<= BigInt(ec - e);
  ep = e;
  const sum = mp + mcs;
  if (sum === 0n) return a * b + c; // signed zero follows IEEE's rules for the exact sum
  return roundToDouble(sum, ep);
}
