/**
 * The kernel interface: every backend's sgemm against a plain triple loop, over transposes,
 * ragged edges (M, N not multiples of the 4 × 4 tile), beta, strided operands, and K beyond
 * one block. The reference sums in binary64 and rounds once, as the TS kernel promises.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { kernels, set_backend, get_backend } from "../src/kernels/index.js";

function rand(n: number, seed: number): Float32Array {
  // A small LCG: deterministic inputs without touching nninit's generator.
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

function reference(
  tA: boolean, tB: boolean, M: number, N: number, K: number,
  A: Float32Array, lda: number, B: Float32Array, ldb: number, beta: number, C: Float32Array, ldc: number,
): Float32Array {
  const out = C.slice();
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let k = 0; k < K; k++) s += (tA ? A[k * lda + i]! : A[i * lda + k]!) * (tB ? B[j * ldb + k]! : B[k * ldb + j]!);
      out[i * ldc + j] = beta === 0 ? s : s + beta * C[i * ldc + j]!;
    }
  }
  return out;
}

const SHAPES: [number, number, number][] = [[1, 1, 1], [3, 5, 7], [4, 4, 4], [5, 9, 13], [17, 6, 33], [8, 12, 1030], [2, 3, 2100]];

for (const backend of ["ts"]) {
  describe(`sgemm (${backend} backend)`, () => {
    for (const [M, N, K] of SHAPES) {
      for (const tA of [false, true]) {
        for (const tB of [false, true]) {
          for (const beta of [0, 1]) {
            it(`M=${M} N=${N} K=${K} transA=${tA} transB=${tB} beta=${beta}`, () => {
              const saved = get_backend();
              set_backend(backend);
              try {
                // Row strides wider than the matrices, to exercise lda/ldb/ldc.
                const lda = (tA ? M : K) + 3;
                const ldb = (tB ? K : N) + 2;
                const ldc = N + 1;
                const A = rand((tA ? K : M) * lda, M * 7 + K);
                const B = rand((tB ? N : K) * ldb, N * 11 + K);
                const C = rand(M * ldc, M + N);
                const expected = reference(tA, tB, M, N, K, A, lda, B, ldb, beta, C, ldc);
                const actual = C.slice();
                kernels().sgemm(tA, tB, M, N, K, A, 0, lda, B, 0, ldb, beta, actual, 0, ldc);
                for (let i = 0; i < M; i++) {
                  for (let j = 0; j < N; j++) {
                    const r = i * ldc + j;
                    // Same binary64 sum up to association: equal within a few float32 ulps.
                    assert.ok(Math.abs(actual[r]! - expected[r]!) <= 1e-6 * (1 + Math.abs(expected[r]!)), `C[${i},${j}]: ${actual[r]} vs ${expected[r]}`);
                  }
                  // Padding between rows (j = N) is never written.
                  assert.equal(actual[i * ldc + N], C[i * ldc + N], `padding after row ${i} untouched`);
                }
              } finally {
                set_backend(saved);
              }
            });
          }
        }
      }
    }
  });
}
