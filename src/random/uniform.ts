/**
 * `uniform_(from, to)` fills, one engine draw per float32 element and two per float64
 * element, in memory order (`uniform_kernel` + `uniform_real_distribution`, spec §2).
 *
 *   float32: x = (random() & 0xFFFFFF) · 2^-24 ∈ [0, 1 − 2^-24], value = fma(x, to − from, from)
 *   float64: x = (random64() & (2^53 − 1)) · 2^-53,            value = fma(x, to − from, from)
 *
 * The multiply-add is fused because PyTorch's AVX2 kernels are compiled with contraction.
 *
 * Performance: the float32 fills temper the MT19937 state words themselves (no scratch
 * buffer) and inline the fused multiply-add. `x·range` is exact in binary64, so
 * `fround(x·range + from)` is the fused result whenever the binary64 sum is exact;
 * `sumIsExact` decides that once per call from the operands' exponents (it holds for
 * rand(), for symmetric bounds such as kaiming/xavier, and for most other ranges).
 * Otherwise the loop runs the full `fma32` fast path with its midpoint check inline.
 */
import { behaviour } from "../compat.js";
import { fma32, fma32Tie, fma64 } from "../math/fma.js";
import { uniform64Safe, wasmRng } from "../kernels/wasm/rng.js";
import type { Generator } from "./generator.js";

const TWO_POW_M24 = 2 ** -24;

const f32buf = new Float32Array(1);
const i32buf = new Int32Array(f32buf.buffer);

/** Exponent of the last significand bit of a nonzero finite float32 `v` (its ulp is 2^result). */
function ulpExponent32(v: number): number {
  f32buf[0] = v;
  const biased = (i32buf[0]! >>> 23) & 0xff;
  return biased === 0 ? -149 : biased - 127 - 23;
}

/**
 * True when every sum x·range + from with x = k·2^-24 (0 ≤ k < 2^24) is exact in binary64,
 * so that `Math.fround(x*range + from)` is the correctly rounded fused multiply-add.
 * All such sums are integer multiples of 2^L with L = min(ulpExp(range) − 24, ulpExp(from))
 * and are bounded by |range| + |from|; a multiple of 2^L below 2^(L+53) is a double.
 */
function sumIsExact(range: number, from32: number): boolean {
  if (!Number.isFinite(range) || !Number.isFinite(from32)) return false;
  if (range === 0 || from32 === 0) return true; // p + 0 and 0 + c are exact
  const L = Math.min(ulpExponent32(range) - 24, ulpExponent32(from32));
  // Factor-2 slack covers the rounding of the bound itself.
  return Math.abs(range) + Math.abs(from32) <= 2 ** (L + 52);
}

/** Fills `out` with U[from, to) in float32 exactly as PyTorch's CPU kernel does. */
export function fillUniform32(gen: Generator, out: Float32Array, from: number, to: number): void {
  const from32 = Math.fround(from);
  const to32 = Math.fround(to);
  const range = Math.fround(to32 - from32);
  const remap = behaviour.uniformMapsToToFrom();
  const wasm = wasmRng(); // the same fills in WebAssembly (src/kernels/wasm/rng.ts), or null
  if (from32 === 0 && range === 1) {
    // rand(): x·1 + 0 is exact, and x < 1 never equals `to`.
    if (wasm) wasm.affine32(gen.engine, out, TWO_POW_M24, 0, NaN, 0);
    else affineFill32(gen, out, 0, out.length, TWO_POW_M24, 0);
  } else if (range >= 0 && sumIsExact(range, from32)) {
    // Results are monotone in x, so only if the largest possible one reaches `to` can any
    // equal it (2.x maps those to `from`).
    const maps = remap && fma32(1 - TWO_POW_M24, range, from32) >= to32;
    if (wasm) {
      wasm.affine32(gen.engine, out, range * TWO_POW_M24, from32, maps ? to32 : NaN, from32);
      return;
    }
    // The store into the Float32Array is the one rounding of the exact x·range + from.
    affineFill32(gen, out, 0, out.length, range * TWO_POW_M24, from32);
    if (maps) {
      for (let i = 0; i < out.length; i++) if (out[i] === to32) out[i] = from32;
    }
  } else if (wasm) {
    wasm.fma32(gen.engine, out, range, from32, remap ? to32 : NaN, from32);
  } else {
    uniformFma32(gen, out, range, from32, remap ? to32 : NaN);
  }
}

/**
 * `out[offset..offset+n) = fl32((w & 0xFFFFFF)·scale + add)` for the next n engine words w,
 * where the binary64 expression must be exact (the Float32Array store then rounds once).
 * Whole 624-word periods are twisted, tempered and transformed in one pass (the same
 * recurrence as `MT19937.twist`, fused: ~25 % faster than twisting and tempering separately).
 */
function affineFill32(gen: Generator, out: Float32Array, offset: number, n: number, scale: number, add: number): void {
  // Local literal copies of MT_N, MT_M, MATRIX_A (src/random/mt19937.ts): V8 folds these.
  const N = 624;
  const M = 397;
  const MAG = 0x9908b0df | 0;
  const eng = gen.engine;
  const st = eng.stateI32;
  let o = offset;
  const stop = offset + n;
  while (o < stop) {
    if (eng.left === 1 && stop - o >= N) {
      // The next draw would twist, and a whole period is wanted: twist word k, temper it, use it.
      let cur = st[0]!;
      let k = 0;
      for (; k < N - M; k++) {
        const nx = st[k + 1]!;
        let y = st[k + M]! ^ (((cur & 0x80000000) | (nx & 0x7fffffff)) >>> 1) ^ (-(nx & 1) & MAG);
        st[k] = y;
        cur = nx;
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        out[o + k] = (y & 0xffffff) * scale + add;
      }
      for (; k < N - 1; k++) {
        const nx = st[k + 1]!;
        let y = st[k + M - N]! ^ (((cur & 0x80000000) | (nx & 0x7fffffff)) >>> 1) ^ (-(nx & 1) & MAG);
        st[k] = y;
        cur = nx;
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        out[o + k] = (y & 0xffffff) * scale + add;
      }
      const nx = st[0]!;
      let y = st[M - 1]! ^ (((cur & 0x80000000) | (nx & 0x7fffffff)) >>> 1) ^ (-(nx & 1) & MAG);
      st[N - 1] = y;
      y ^= y >>> 11;
      y ^= (y << 7) & 0x9d2c5680;
      y ^= (y << 15) & 0xefc60000;
      y ^= y >>> 18;
      out[o + N - 1] = (y & 0xffffff) * scale + add;
      // As after 624 `nextU32` calls that started with a twist.
      eng.left = 1;
      eng.next = N;
      o += N;
      continue;
    }
    const run = Math.min(eng.available(), stop - o);
    let k = eng.next;
    const end = o + run;
    for (; o < end; o++) {
      let y = st[k++]!;
      y ^= y >>> 11;
      y ^= (y << 7) & 0x9d2c5680;
      y ^= (y << 15) & 0xefc60000;
      y ^= y >>> 18;
      out[o] = (y & 0xffffff) * scale + add;
    }
    eng.consume(run);
  }
}

/** The general path: `fma32(x, range, from)` inlined, with the double-rounding tie check. */
function uniformFma32(gen: Generator, out: Float32Array, range: number, from32: number, to32: number): void {
  const eng = gen.engine;
  const st = eng.stateI32;
  const n = out.length;
  const scale = range * TWO_POW_M24; // exact in binary64 (or ±∞/NaN exactly as x·range would be)
  let o = 0;
  while (o < n) {
    const run = Math.min(eng.available(), n - o);
    let k = eng.next;
    const end = o + run;
    for (; o < end; o++) {
      let y = st[k++]!;
      y ^= y >>> 11;
      y ^= (y << 7) & 0x9d2c5680;
      y ^= (y << 15) & 0xefc60000;
      y ^= y >>> 18;
      const p = (y & 0xffffff) * scale; // = x·range exactly: 24-bit × 24-bit significands
      const s = p + from32;
      let v = Math.fround(s);
      if (v !== s) {
        const m = 2 * s - v;
        if (Math.fround(m) === m) v = fma32Tie(p, from32, s, v);
      }
      out[o] = v === to32 ? from32 : v;
    }
    eng.consume(run);
  }
}

/** Fills `out` with U[from, to) in float64 (two draws per element, first is the high word). */
export function fillUniform64(gen: Generator, out: Float64Array, from: number, to: number): void {
  const range = to - from;
  const remap = behaviour.uniformMapsToToFrom();
  const plain = from === 0 && range === 1;
  const wasm = wasmRng();
  if (wasm && (plain || uniform64Safe(range, from))) {
    wasm.uniform64(gen.engine, out, range, from, remap ? to : NaN, plain);
    return;
  }
  for (let i = 0; i < out.length; i++) {
    const x = gen.random53();
    const v = plain ? x : fma64(x, range, from);
    out[i] = remap && v === to ? from : v;
  }
}

/** Fills `out[offset..offset+n)` with the raw float32 uniforms x ∈ [0, 1) that the normal transforms consume. */
export function fillUnit32(gen: Generator, out: Float32Array, offset: number, n: number): void {
  affineFill32(gen, out, offset, n, TWO_POW_M24, 0);
}
