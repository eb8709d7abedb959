// Binary64 fused multiply-add with one rounding, for glibc's `expf`/`logf` (their `-fma`
// ifunc variants fuse every `a*b + c`). A port of `fma64Unguarded` in src/math/fma.ts:
// Dekker's TwoProduct and Knuth's TwoSum give s + d ≈ a·b + c with the exact value within
// |d|/256 of s + d; if s + d·(1 ± 2^-8) round alike, that is the answer, else Boldo and
// Melquiond's round-to-odd sum finishes. Valid for the operands the libm ports pass
// (|a|, |b|, |a·b| in (2^-960, 2^996), c finite); an exactly zero product is `a·b + c`.

import { RELAXED, madd64 } from "./relaxed";

/** Veltkamp's splitting constant 2^27 + 1. */
export const SPLITTER: f64 = 134217729.0;
/** 1 ± 2^-8: the certification interval of the fast path (also used by the f64x2 copy in rng-uniform64.ts). */
export const UP: f64 = 1.0 + 0.00390625;
export const DN: f64 = 1.0 - 0.00390625;

/** RN(uh + ul + c) via TwoSums and a round-to-odd sum (Boldo–Melquiond, Algorithm 5). */
function roundToOdd(uh: f64, ul: f64, c: f64): f64 {
  const th = c + ul;
  const tb = th - c;
  const tl = (c - (th - tb)) + (ul - tb);
  const vh = uh + th;
  const vb = vh - uh;
  const vl = (uh - (vh - vb)) + (th - vb);
  const zs = vl + tl;
  const zb = zs - vl;
  const ze = (vl - (zs - zb)) + (tl - zb);
  if (ze == 0) return vh + zs;
  let bits = reinterpret<u64>(zs);
  if ((bits & 1) != 0) return vh + zs;
  // Even last bit: step one ulp of zs towards the exact sum (round to odd).
  if ((ze > 0) == (zs > 0)) bits += 1;
  else bits -= 1;
  return vh + reinterpret<f64>(bits);
}

/** fma(a, b, c) in binary64, one rounding (see the file comment for the operand range). */
export function fma64(a: f64, b: f64, c: f64): f64 {
  if (RELAXED) return madd64(a, b, c); // the relaxed build: the hardware FMA, valid for all operands
  const uh = a * b;
  if (a == 0 || b == 0) return uh + c;
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
  if (r == s + d * DN) return r;
  return roundToOdd(uh, ul, c);
}
