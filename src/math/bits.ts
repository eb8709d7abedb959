/**
 * Bit-level helpers for the libm ports: C hexadecimal float literals, and reading or
 * building doubles and floats from their IEEE words (little-endian, as on x86-64).
 */
const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer); // little-endian: U32[0] = low word, U32[1] = high word
const F32 = new Float32Array(1);
const I32F = new Int32Array(F32.buffer);

export const fr = Math.fround;

/** Parses a C hexadecimal floating literal such as "-0x1.62e42fefa39efp-1" (exact for normal values). */
export function hf(s: string): number {
  const m = /^(-?)0x([0-9a-f]+)(?:\.([0-9a-f]*))?p([-+]?\d+)$/i.exec(s);
  if (!m) throw new Error(`bad hex float ${s}`);
  const frac = m[3] ?? "";
  const mant = parseInt(m[2]! + frac, 16); // at most 53 significant bits: exact
  const v = mant * 2 ** (Number(m[4]) - 4 * frac.length);
  return m[1] === "-" ? -v : v;
}

export function highWord(x: number): number {
  F64[0] = x;
  return U32[1]! | 0;
}

/** The low 32 bits of a double's IEEE word, unsigned. */
export function lowWord(x: number): number {
  F64[0] = x;
  return U32[0]!;
}

export function fromWords(hi: number, lo: number): number {
  U32[0] = lo >>> 0;
  U32[1] = hi >>> 0;
  return F64[0]!;
}

export function hexDouble(hi: number, lo: number): number {
  return fromWords(hi, lo);
}

export function floatBits(x: number): number {
  F32[0] = x;
  return I32F[0]!;
}

export function floatFromBits(b: number): number {
  I32F[0] = b | 0;
  return F32[0]!;
}

