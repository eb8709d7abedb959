// One round of trunc_normal_'s rejection loop (PyTorch ≥ 2.12, spec §4.4, mass > 0.3):
//   fresh = normal_(mean, std) over the whole tensor; res = where(res ∉ [lo, hi], fresh, res).
// Every round consumes all numel draws (the host draws them with `mtDraw`), but a fresh value
// is only *used* where res is outside, and after the first round that is ~4.6 % of the
// elements at [−2, 2] (then ~0.2 %, …). Box–Muller pairs slot j with slot j+8 of a 16-block
// and nothing else, so transforming only the blocks that hold an outside value gives the same
// bits as transforming everything: most of each round's cost (the transform) is skipped.
// `cur` holds res, `buf` the tempered words of the same [start, end) (multiples of 16).

import { normalBlocks32 } from "./rng-normal";

/** Lanes of v outside [lo, hi] (NaN is never outside, as in PyTorch's `res < lo | res > hi`). */
@inline function outside4(v: v128, lo: v128, hi: v128): v128 {
  return v128.or(f32x4.lt(v, lo), f32x4.gt(v, hi));
}

/**
 * Replaces cur[i] ∉ [lo, hi] by the normal that the words buf[i] give, for i in [start, end);
 * returns how many of the merged values are still outside.
 */
export function truncRedraw32(buf: usize, cur: usize, start: i32, end: i32, mean32: f64, std32: f64, lo: f32, hi: f32): i32 {
  const lov = f32x4.splat(lo);
  const hiv = f32x4.splat(hi);
  let left = 0;
  for (let b = start; b < end; b += 16) {
    const p = cur + (<usize>b << 2);
    const v0 = v128.load(p);
    const v1 = v128.load(p, 16);
    const v2 = v128.load(p, 32);
    const v3 = v128.load(p, 48);
    const o0 = outside4(v0, lov, hiv);
    const o1 = outside4(v1, lov, hiv);
    const o2 = outside4(v2, lov, hiv);
    const o3 = outside4(v3, lov, hiv);
    if (!v128.any_true(v128.or(v128.or(o0, o1), v128.or(o2, o3)))) continue;
    normalBlocks32(buf, b, b + 16, mean32, std32);
    const q = buf + (<usize>b << 2);
    const n0 = v128.bitselect(v128.load(q), v0, o0);
    const n1 = v128.bitselect(v128.load(q, 16), v1, o1);
    const n2 = v128.bitselect(v128.load(q, 32), v2, o2);
    const n3 = v128.bitselect(v128.load(q, 48), v3, o3);
    v128.store(p, n0);
    v128.store(p, n1, 16);
    v128.store(p, n2, 32);
    v128.store(p, n3, 48);
    left += popcnt(i32x4.bitmask(outside4(n0, lov, hiv))) + popcnt(i32x4.bitmask(outside4(n1, lov, hiv)))
      + popcnt(i32x4.bitmask(outside4(n2, lov, hiv))) + popcnt(i32x4.bitmask(outside4(n3, lov, hiv)));
  }
  return left;
}

/**
 * `truncRedraw32` for the worker pool (int32 arguments only): mean32 and std32 as two f64 at
 * `params`, lo and hi as two f32 at params + 16 and + 20; the count is stored as an i32 at `countAt`.
 */
export function truncRedraw32p(buf: usize, cur: usize, start: i32, end: i32, params: usize, countAt: usize): void {
  store<i32>(countAt, truncRedraw32(buf, cur, start, end, load<f64>(params), load<f64>(params, 8), load<f32>(params, 16), load<f32>(params, 20)));
}
