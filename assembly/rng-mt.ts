// MT19937 in WebAssembly: the twist ("period step") and the tempering, 4 words per i32x4.
// Same recurrence as src/random/mt19937.ts (PyTorch's `MT19937RNGEngine.h`):
//   y = (st[k] & 0x80000000) | (st[k+1] & 0x7fffffff)
//   st[k] = st[(k + 397) mod 624] ^ (y >>> 1) ^ (st[k+1] & 1 ? 0x9908b0df : 0)
// Vectorising: word k needs the OLD st[k+1] and st[(k+397) mod 624]. For k < 227 the latter is
// an old word (index ≥ 397 > k); for k ≥ 227 it is st[k − 227], twisted ≥ 227 steps earlier,
// so any 4 consecutive k inside one of the two ranges are independent. 227 = 4·56 + 3, so the
// three words 224..226 (whose partners straddle the wrap) and the last word 623 (whose
// st[k+1] is the NEW st[0]) are done one at a time; 227..622 is exactly 99 vectors.
//
// The engine state lives in linear memory while a fill runs (the host copies it in and out):
// `left` at st, `next` at st + 4, the 624 words at st + 16, then 624 zero words. `left`/`next`
// mean what MT19937.left / .next mean (`left − 1` untempered words remain at words[next..]);
// a state restored by set_state may have next + left − 1 > 624, and the TS engine then reads
// past its Uint32Array (undefined, which tempers to 0): the zero words reproduce that.

const N: i32 = 624;
const M: i32 = 397;
const MAG: i32 = 0x9908b0df;
const UPPER: i32 = 0x80000000;
const LOWER: i32 = 0x7fffffff;
/** Byte offsets in the state block: `left`, `next`, the words (then 624 zero words). */
const LEFT_AT: usize = 0;
const NEXT_AT: usize = 4;
const WORDS_AT: usize = 16;

@inline function twistWord(st: usize, k: i32, far: i32): void {
  const cur = load<i32>(st + (<usize>k << 2));
  const nx = load<i32>(st + (<usize>((k + 1) % N) << 2));
  const y = (cur & UPPER) | (nx & LOWER);
  store<i32>(st + (<usize>k << 2), load<i32>(st + (<usize>far << 2)) ^ (y >>> 1) ^ (-(nx & 1) & MAG));
}

@inline function twistVec(st: usize, k: i32, far: i32): void {
  const p = st + (<usize>k << 2);
  const cur = v128.load(p);
  const nx = v128.load(p + 4);
  const y = v128.or(v128.and(cur, i32x4.splat(UPPER)), v128.and(nx, i32x4.splat(LOWER)));
  const mag = v128.and(i32x4.sub(i32x4.splat(0), v128.and(nx, i32x4.splat(1))), i32x4.splat(MAG));
  v128.store(p, v128.xor(v128.xor(v128.load(st + (<usize>far << 2)), i32x4.shr_u(y, 1)), mag));
}

/** Regenerates the 624 words at `st` in place. */
export function mtTwist(st: usize): void {
  let k = 0;
  for (; k < 224; k += 4) twistVec(st, k, k + M);
  for (; k < N - M; k++) twistWord(st, k, k + M);
  for (; k < N - 1; k += 4) twistVec(st, k, k + M - N);
  twistWord(st, N - 1, M - 1);
}

/** The MT19937 output function on 4 lanes. */
@inline export function temper4(v: v128): v128 {
  let y = v;
  y = v128.xor(y, i32x4.shr_u(y, 11));
  y = v128.xor(y, v128.and(i32x4.shl(y, 7), i32x4.splat(0x9d2c5680)));
  y = v128.xor(y, v128.and(i32x4.shl(y, 15), i32x4.splat(0xefc60000)));
  return v128.xor(y, i32x4.shr_u(y, 18));
}

@inline function temper1(v: i32): i32 {
  let y = v;
  y ^= y >>> 11;
  y ^= (y << 7) & 0x9d2c5680;
  y ^= (y << 15) & 0xefc60000;
  return y ^ (y >>> 18);
}

/**
 * Writes the engine's next `n` outputs (tempered 32-bit words) to `dst[0..n)`, advancing
 * `left`/`next` exactly as n calls of MT19937.nextU32 would (twisting whenever the
 * state is used up, i.e. when left reaches 1, as `MT19937.available` does).
 */
export function mtDraw(st: usize, dst: usize, n: i32): void {
  let left = load<i32>(st + LEFT_AT);
  let next = load<i32>(st + NEXT_AT);
  const words = st + WORDS_AT;
  let o = 0;
  while (o < n) {
    if (left == 1) {
      mtTwist(words);
      left = N + 1;
      next = 0;
    }
    const avail = left - 1;
    const run = min(avail, n - o);
    let src = words + (<usize>next << 2);
    let out = dst + (<usize>o << 2);
    const end4 = out + (<usize>(run & ~3) << 2);
    while (out < end4) {
      v128.store(out, temper4(v128.load(src)));
      src += 16;
      out += 16;
    }
    const end = dst + (<usize>(o + run) << 2);
    while (out < end) {
      store<i32>(out, temper1(load<i32>(src)));
      src += 4;
      out += 4;
    }
    next += run;
    left -= run;
    o += run;
  }
  store<i32>(st + LEFT_AT, left);
  store<i32>(st + NEXT_AT, next);
}

/**
 * Advances the engine by `n` outputs without producing them: `mtDraw` with the tempering and
 * the stores left out (the twists still run, since every later word depends on them). For
 * trunc_normal_'s later redraw rounds, which use the words of only a few 16-blocks.
 */
export function mtSkip(st: usize, n: i32): void {
  let left = load<i32>(st + LEFT_AT);
  let next = load<i32>(st + NEXT_AT);
  let o = 0;
  while (o < n) {
    if (left == 1) {
      mtTwist(st + WORDS_AT);
      left = N + 1;
      next = 0;
    }
    const run = min(left - 1, n - o);
    next += run;
    left -= run;
    o += run;
  }
  store<i32>(st + LEFT_AT, left);
  store<i32>(st + NEXT_AT, next);
}
