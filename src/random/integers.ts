/**
 * Integer draws: `randint`/`random_(from, to)`, `randperm` and the full-range `random_()`
 * (spec §6). Values are `low + draw mod range` with plain (biased) modulo, as in ATen's
 * `uniform_int_from_to`.
 */
import { behaviour } from "../compat.js";
import type { Generator } from "./generator.js";

/** The threshold at which 2.x's `randperm` switches algorithm: floor((2^32 − 1)/20) + 1. */
const RANDPERM_INSIDE_OUT_MIN = 214748365;

/** Draws n integers in [low, high) into `out` (int64 as bigint, floats as numbers). */
export function fillRandint(
  gen: Generator,
  out: BigInt64Array | Int32Array | Float32Array | Float64Array,
  low: bigint,
  high: bigint,
): void {
  const range = high - low;
  const wide = range >= BigInt(behaviour.randint64Threshold());
  if (out instanceof BigInt64Array) {
    if (wide) {
      for (let i = 0; i < out.length; i++) out[i] = low + (gen.random64() % range);
    } else {
      const r = Number(range);
      for (let i = 0; i < out.length; i++) out[i] = low + BigInt(gen.random() % r);
    }
    return;
  }
  for (let i = 0; i < out.length; i++) {
    const draw = wide ? gen.random64() % range : BigInt(gen.random() % Number(range));
    out[i] = Number(low + draw); // the cast to a float dtype rounds, as static_cast does
  }
}

/** `randperm(n)` as int64, in place into `out` (length n). */
export function fillRandperm(gen: Generator, out: BigInt64Array): void {
  const n = out.length;
  if (n >= RANDPERM_INSIDE_OUT_MIN && behaviour.randpermInsideOut()) {
    // 2.x for huge n: inside-out Fisher–Yates with 64-bit draws.
    for (let i = 0; i < n; i++) {
      const z = Number(gen.random64() % BigInt(i + 1));
      out[i] = out[z]!;
      out[z] = BigInt(i);
    }
    return;
  }
  const r = new Float64Array(n); // indices as plain numbers while shuffling: far faster than bigint
  for (let i = 0; i < n; i++) r[i] = i;
  for (let i = 0; i < n - 1; i++) {
    const z = gen.random() % (n - i);
    const t = r[i]!;
    r[i] = r[i + z]!;
    r[i + z] = t;
  }
  for (let i = 0; i < n; i++) out[i] = BigInt(r[i]!);
}

/** `randperm(n)` as plain numbers, for samplers that index arrays. */
export function randpermNumbers(gen: Generator, n: number): number[] {
  const out = new BigInt64Array(n);
  fillRandperm(gen, out);
  return Array.from(out, Number);
}

/** `torch.empty((), dtype=torch.int64).random_()`: one `random64()` mod 2^63. */
export function randomInt64(gen: Generator): bigint {
  return gen.random64() % (1n << 63n);
}
