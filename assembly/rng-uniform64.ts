// float64 `uniform_(from, to)` (spec §2): x = (random64() & (2^53 − 1))·2^-53 from TWO tempered
// words (the first is the high word), value = fma64(x, to − from, from), one rounding, in place:
// the words 2i, 2i+1 (from `mtDraw`) become the double at element i. Oracle: `fillUniform64` and
// `fma64Unguarded` in src/math/fma.ts: Dekker's TwoProduct uh + ul = x·range, TwoSum
// s + es = uh + from, d = es + ul; if s + d·(1 ± 2^-8) round alike, that is the answer, else
// Boldo–Melquiond's round-to-odd sum (scalar, rare). The host only calls this when no operand can
// leave fma64Unguarded's safe range (else the TS path, with its exact BigInt fallback, runs).
// Elements are independent: [start, end) ranges may be transformed separately.

// Relaxed build (assembly/relaxed.ts): the FMA is one f64x2.relaxed_madd, exact for any operands.

import { DN, SPLITTER, UP, fma64 } from "./fma64";
import { RELAXED } from "./relaxed";

const TWO32: f64 = 4294967296;
const TWO_M53: f64 = 1.1102230246251565e-16;

/**
 * buf[2·start .. 2·end) words → buf as doubles [start, end): fma64(x, range, from) for the 53-bit
 * x of each word pair, or x itself when `plain` (rand()). A result equal to `to` becomes `from`
 * (PyTorch 2.x; pass NaN for `to` to disable).
 */
export function uniform64(buf: usize, start: i32, end: i32, range: f64, from: f64, to: f64, plain: bool): void {
  const b = f64x2.splat(range);
  const c = f64x2.splat(from);
  const bs = f64x2.mul(b, f64x2.splat(SPLITTER));
  const bh = f64x2.sub(bs, f64x2.sub(bs, b));
  const bl = f64x2.sub(b, bh);
  const toV = f64x2.splat(to);
  let p = buf + (<usize>start << 3);
  const stop2 = p + (<usize>((end - start) & ~1) << 3);
  for (; p < stop2; p += 16) {
    const w = v128.load(p); // [hi0, lo0, hi1, lo1]
    const hi = v128.and(i32x4.shuffle(w, w, 0, 2, 0, 2), i32x4.splat(0x1fffff));
    const lo = i32x4.shuffle(w, w, 1, 3, 1, 3);
    const a = f64x2.mul(
      f64x2.add(f64x2.mul(f64x2.convert_low_i32x4_u(hi), f64x2.splat(TWO32)), f64x2.convert_low_i32x4_u(lo)),
      f64x2.splat(TWO_M53),
    ); // exact: 53 bits
    let r: v128;
    if (plain) {
      r = a;
    } else if (RELAXED) {
      r = f64x2.relaxed_madd(a, b, c);
    } else {
      const uh = f64x2.mul(a, b);
      const as = f64x2.mul(a, f64x2.splat(SPLITTER));
      const ah = f64x2.sub(as, f64x2.sub(as, a));
      const al = f64x2.sub(a, ah);
      const ul = f64x2.sub(f64x2.mul(al, bl), f64x2.sub(f64x2.sub(f64x2.sub(uh, f64x2.mul(ah, bh)), f64x2.mul(al, bh)), f64x2.mul(ah, bl)));
      const s = f64x2.add(uh, c);
      const sb = f64x2.sub(s, uh);
      const es = f64x2.add(f64x2.sub(uh, f64x2.sub(s, sb)), f64x2.sub(c, sb));
      const d = f64x2.add(es, ul);
      r = f64x2.add(s, f64x2.mul(d, f64x2.splat(UP)));
      const ok = f64x2.eq(r, f64x2.add(s, f64x2.mul(d, f64x2.splat(DN))));
      if (!i64x2.all_true(ok)) {
        r = f64x2.replace_lane(r, 0, fma64(f64x2.extract_lane(a, 0), range, from));
        r = f64x2.replace_lane(r, 1, fma64(f64x2.extract_lane(a, 1), range, from));
      }
    }
    v128.store(p, v128.bitselect(c, r, f64x2.eq(r, toV)));
  }
  const stop = buf + (<usize>end << 3);
  for (; p < stop; p += 8) {
    const hi = <u32>load<i32>(p) & 0x1fffff;
    const lo = <u32>load<i32>(p + 4);
    const a = (<f64>hi * TWO32 + <f64>lo) * TWO_M53;
    const v = plain ? a : fma64(a, range, from);
    store<f64>(p, v == to ? from : v);
  }
}
