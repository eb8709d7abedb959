// One round of trunc_normal_'s rejection loop (PyTorch ≥ 2.12, spec §4.4, mass > 0.3):
//   fresh = normal_(mean, std) over the whole tensor; res = where(res ∉ [lo, hi], fresh, res).
// Every round consumes all numel draws (the host draws them with `mtDraw`), but a fresh value
// is only *used* where res is outside, and after the first round that is ~4.6 % of the
// elements at [−2, 2] (then ~0.2 %, …). Box–Muller pairs slot j with slot j+8 of a 16-block
// and nothing else, so transforming only the blocks that hold an outside value gives the same
// bits as transforming everything: most of each round's cost (the transform) is skipped.
// `cur` holds res, `buf` the tempered words of the same [start, end) (multiples of 16).
//
// From the second round on, the values still outside are few (~0.2 % of the elements, then
// ~0.01 %, …) and the host keeps their indices (`listOutside32`): `truncRedrawListed32` then
// advances the engine past the unused words without tempering them (`mtSkip`) and draws and
// transforms only the listed blocks, so a round no longer reads or writes the whole tensor.

import { mtDraw, mtSkip } from "./rng-mt";
import { normalBlocks32 } from "./rng-normal";

/** Lanes of v outside [lo, hi] (NaN is never outside, as in PyTorch's `res < lo | res > hi`). */
@inline function outside4(v: v128, lo: v128, hi: v128): v128 {
  return v128.or(f32x4.lt(v, lo), f32x4.gt(v, hi));
}

/**
 * Replaces cur[i] ∉ [lo, hi] by the normal that the words buf[i] give, for i in [start, end)
 * (`listOutside32` then lists those still outside).
 */
export function truncRedraw32(buf: usize, cur: usize, start: i32, end: i32, mean32: f64, std32: f64, lo: f32, hi: f32): void {
  const lov = f32x4.splat(lo);
  const hiv = f32x4.splat(hi);
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
    v128.store(p, v128.bitselect(v128.load(q), v0, o0));
    v128.store(p, v128.bitselect(v128.load(q, 16), v1, o1), 16);
    v128.store(p, v128.bitselect(v128.load(q, 32), v2, o2), 32);
    v128.store(p, v128.bitselect(v128.load(q, 48), v3, o3), 48);
  }
}

/**
 * `truncRedraw32` for the worker pool (int32 arguments only): mean32 and std32 as two f64 at
 * `params`, lo and hi as two f32 at params + 16 and + 20.
 */
export function truncRedraw32p(buf: usize, cur: usize, start: i32, end: i32, params: usize): void {
  truncRedraw32(buf, cur, start, end, load<f64>(params), load<f64>(params, 8), load<f32>(params, 16), load<f32>(params, 20));
}

/**
 * Writes base + i for every i in [start, end) with cur[i] ∉ [lo, hi] to `out`, in order;
 * returns how many. Quads with nothing outside (nearly all, after a round) cost one test.
 */
export function listOutside32(cur: usize, start: i32, end: i32, lo: f32, hi: f32, out: usize, base: i32): i32 {
  const lov = f32x4.splat(lo);
  const hiv = f32x4.splat(hi);
  let k = 0;
  let i = start;
  for (; i + 4 <= end; i += 4) {
    const o = outside4(v128.load(cur + (<usize>i << 2)), lov, hiv);
    if (!v128.any_true(o)) continue;
    const bits = i32x4.bitmask(o);
    for (let l = 0; l < 4; l++) {
      if ((bits >> l) & 1) store<i32>(out + (<usize>(k++) << 2), base + i + l);
    }
  }
  for (; i < end; i++) {
    const v = load<f32>(cur + (<usize>i << 2));
    if (v < lo || v > hi) store<i32>(out + (<usize>(k++) << 2), base + i);
  }
  return k;
}

/**
 * Part of a redraw round of a normal_ over n ≥ 16 elements, for the `count` ascending indices
 * at `idx` only: vals[j] = the fresh value of element idx[j]. A round is one or more calls over
 * consecutive parts of its index list, the round's progress carried at `at` (i32 words drawn
 * or skipped so far, then the block now in `blk`; the host starts them at 0 and −1), `last`
 * set on the final call. Over the round the engine (state at `st`) advances exactly as the full
 * round's draws would: n words for the full fill, then, when n is not a multiple of 16, 16 more
 * whose block replaces the last 16 values (`normal_fill`'s redrawn tail, as in
 * src/kernels/wasm/rng.ts `normal32`): those values' indices must all come in the last call.
 * `blk` is scratch for one block, kept between the calls of a round.
 */
export function truncRedrawListed32(st: usize, blk: usize, idx: usize, vals: usize, count: i32, n: i32, mean32: f64, std32: f64, at: usize, last: i32): void {
  const full = n & ~15;
  const mainEnd = full == n ? n : n - 16; // the elements whose value comes from their own block
  let pos = load<i32>(at);
  let block = load<i32>(at, 4);
  let j = 0;
  for (; j < count; j++) {
    const i = load<i32>(idx + (<usize>j << 2));
    if (i >= mainEnd) break;
    const b = i & ~15;
    if (b != block) {
      mtSkip(st, b - pos);
      mtDraw(st, blk, 16);
      normalBlocks32(blk, 0, 16, mean32, std32);
      pos = b + 16;
      block = b;
    }
    store<f32>(vals + (<usize>j << 2), load<f32>(blk + (<usize>(i - b) << 2)));
  }
  store<i32>(at, pos);
  store<i32>(at, block, 4);
  if (!last) return;
  mtSkip(st, n - pos);
  if (full == n) return;
  if (j == count) {
    mtSkip(st, 16);
    return;
  }
  mtDraw(st, blk, 16);
  normalBlocks32(blk, 0, 16, mean32, std32);
  for (; j < count; j++) {
    const i = load<i32>(idx + (<usize>j << 2));
    store<f32>(vals + (<usize>j << 2), load<f32>(blk + (<usize>(i - (n - 16)) << 2)));
  }
}

/** The first i in [0, n) with cur[i] ∉ [lo, hi], or −1: whether a redraw round is due at all. */
export function firstOutside32(cur: usize, n: i32, lo: f32, hi: f32): i32 {
  const lov = f32x4.splat(lo);
  const hiv = f32x4.splat(hi);
  let i = 0;
  for (; i + 16 <= n; i += 16) {
    const p = cur + (<usize>i << 2);
    const o = v128.or(v128.or(outside4(v128.load(p), lov, hiv), outside4(v128.load(p, 16), lov, hiv)),
      v128.or(outside4(v128.load(p, 32), lov, hiv), outside4(v128.load(p, 48), lov, hiv)));
    if (v128.any_true(o)) break;
  }
  for (; i < n; i++) {
    const v = load<f32>(cur + (<usize>i << 2));
    if (v < lo || v > hi) return i;
  }
  return -1;
}