/**
 * `uniform_(from, to)` fills, one engine draw per float32 element and two per float64
 * element, in memory order (`uniform_kernel` + `uniform_real_distribution`, spec §2).
 *
 *   float32: x = (random() & 0xFFFFFF) · 2^-24 ∈ [0, 1 − 2^-24], value = fma(x, to − from, from)
 *   float64: x = (random64() & (2^53 − 1)) · 2^-53,            value = fma(x, to − from, from)
 *
 * The multiply-add is fused because PyTorch's AVX2 kernels are compiled with contraction.
 */
import { behaviour } from "../compat.js";
import { fma32, fma64 } from "../math/fma.js";
import type { Generator } from "./generator.js";

const TWO_POW_M24 = 2 ** -24;
/** Chunk of raw draws fetched at once; keeps the scratch buffer in L1/L2. */
const CHUNK = 4096;
const scratch = new Uint32Array(CHUNK);

/** Fills `out` with U[from, to) in float32 exactly as PyTorch's CPU kernel does. */
export function fillUniform32(gen: Generator, out: Float32Array, from: number, to: number): void {
  const from32 = Math.fround(from);
  const to32 = Math.fround(to);
  const range = Math.fround(to32 - from32);
  const remap = behaviour.uniformMapsToToFrom();
  const plain = from32 === 0 && range === 1; // rand(): x·1 + 0 is exact
  for (let base = 0; base < out.length; base += CHUNK) {
    const n = Math.min(CHUNK, out.length - base);
    gen.engine.fillU32(scratch, 0, n);
    if (plain) {
      for (let i = 0; i < n; i++) out[base + i] = (scratch[i]! & 0xffffff) * TWO_POW_M24;
    } else {
      for (let i = 0; i < n; i++) {
        const v = fma32((scratch[i]! & 0xffffff) * TWO_POW_M24, range, from32);
        out[base + i] = remap && v === to32 ? from32 : v;
      }
    }
  }
}

/** Fills `out` with U[from, to) in float64 (two draws per element, first is the high word). */
export function fillUniform64(gen: Generator, out: Float64Array, from: number, to: number): void {
  const range = to - from;
  const remap = behaviour.uniformMapsToToFrom();
  const plain = from === 0 && range === 1;
  for (let i = 0; i < out.length; i++) {
    const x = gen.random53();
    const v = plain ? x : fma64(x, range, from);
    out[i] = remap && v === to ? from : v;
  }
}

/** Fills `out` with the raw float32 uniforms x ∈ [0, 1) that the normal transforms consume. */
export function fillUnit32(gen: Generator, out: Float32Array, offset: number, n: number): void {
  for (let base = 0; base < n; base += CHUNK) {
    const m = Math.min(CHUNK, n - base);
    gen.engine.fillU32(scratch, 0, m);
    for (let i = 0; i < m; i++) out[offset + base + i] = (scratch[i]! & 0xffffff) * TWO_POW_M24;
  }
}
