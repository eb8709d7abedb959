/**
 * The kernel interface: every backend's sgemm against a plain triple loop, over transposes,
 * ragged edges (M, N not multiples of the 4 × 4 tile), beta, strided operands, and K beyond
 * one block. The reference sums in binary64 and rounds once, as the TS kernel promises.
 *
 * Every registered backend runs every case: "ts" and "wasm" (the AssemblyScript SIMD kernel,
 * built into dist/kernels/nninit.wasm by `npm run build`). A missing wasm backend FAILS here
 * rather than skipping. Tolerances are per backend: "ts" sums in binary64, so it matches the
 * reference within a few float32 ulps; "wasm" sums in float32, so its honest bound is the
 * float32 dot-product bound γ_n · (Σ|a||b| + |β·c|) with n = K + 2 and γ_n = n·u/(1 − n·u),
 * u = 2^-24, computed from the inputs, plus the reference's own float32 rounding.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { kernels, set_backend, get_backend } from "../src/kernels/index.js";
import { enableWasmBackend } from "../src/kernels/wasm/gemm.js";
import { rand } from "./support/lcg.js";

const wasmAvailable = enableWasmBackend();

describe("wasm backend", () => {
  it("nninit.wasm is built and registers as \"wasm\"", () => {
    assert.ok(wasmAvailable, "enableWasmBackend() returned false: dist/kernels/nninit.wasm missing or failed to instantiate (run `npm run build`)");
    const saved = get_backend();
    set_backend("wasm");
    try {
      assert.equal(kernels().name, "wasm");
    } finally {
      set_backend(saved);
    }
  });
  it("is the default unless NNINIT_BACKEND picks another", () => {
    assert.equal(get_backend(), process.env.NNINIT_BACKEND ?? "wasm");
  });
});


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

/** Σ_k |op(A)[i,k]|·|op(B)[k,j]| + |β·C[i,j]|: the scale of the float32 summation error. */
function absScale(
  tA: boolean, tB: boolean, K: number, A: Float32Array, lda: number, B: Float32Array, ldb: number,
  beta: number, C: Float32Array, ldc: number, i: number, j: number,
): number {
  let s = beta === 0 ? 0 : Math.abs(beta * C[i * ldc + j]!);
  for (let k = 0; k < K; k++) s += Math.abs((tA ? A[k * lda + i]! : A[i * lda + k]!) * (tB ? B[j * ldb + k]! : B[k * ldb + j]!));
  return s;
}

const U32 = 2 ** -24;

/** Allowed |actual − expected| for one output of a backend. */
function tolerance(
  backend: string, tA: boolean, tB: boolean, K: number, A: Float32Array, lda: number, B: Float32Array, ldb: number,
  beta: number, C: Float32Array, ldc: number, i: number, j: number, expected: number,
): number {
  if (backend === "ts") return 1e-6 * (1 + Math.abs(expected)); // binary64 sum, one rounding
  const n = K + 2; // K products + K−1 adds + the β·C term and its add, each rounded in float32
  const gamma = (n * U32) / (1 - n * U32);
  return gamma * absScale(tA, tB, K, A, lda, B, ldb, beta, C, ldc, i, j) + 2 * U32 * Math.abs(expected) + 1e-30;
}

const SHAPES: [number, number, number][] = [
  [1, 1, 1], [3, 5, 7], [4, 4, 4], [5, 9, 13], [17, 6, 33], [8, 12, 1030], [2, 3, 2100],
  // wasm blocking edges: MC = 128 rows, NR = 8 columns, KC = 256 depth; K = 0 is β·C.
  [130, 17, 257], [9, 8, 256], [4, 16, 512], [3, 4, 0],
];

for (const backend of ["ts", "wasm"]) {
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
                    // ts: same binary64 sum up to association; wasm: float32 summation bound.
                    const tol = tolerance(backend, tA, tB, K, A, lda, B, ldb, beta, C, ldc, i, j, expected[r]!);
                    assert.ok(Math.abs(actual[r]! - expected[r]!) <= tol, `C[${i},${j}]: ${actual[r]} vs ${expected[r]} (tol ${tol})`);
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

describe("sgemm (wasm backend): memory growth", () => {
  it("a huge product grows linear memory; a small one after it is still right", () => {
    const saved = get_backend();
    set_backend("wasm");
    try {
      const check = (M: number, N: number, K: number, seed: number, stride: number): void => {
        const A = rand(M * K, seed);
        const B = rand(K * N, seed + 1);
        const C = rand(M * N, seed + 2);
        const actual = C.slice();
        kernels().sgemm(false, false, M, N, K, A, 0, K, B, 0, N, 1, actual, 0, N);
        // Check a strided sample against a binary64 dot product (all of a huge one is slow).
        for (let r = 0; r < M * N; r += stride) {
          const i = Math.floor(r / N), j = r % N;
          let s = 0;
          for (let k = 0; k < K; k++) s += A[i * K + k]! * B[k * N + j]!;
          const e = Math.fround(s + C[r]!);
          const tol = tolerance("wasm", false, false, K, A, K, B, N, 1, C, N, i, j, e);
          assert.ok(Math.abs(actual[r]! - e) <= tol, `${M}x${N}x${K} C[${i},${j}]: ${actual[r]} vs ${e}`);
        }
      };
      check(5, 7, 9, 1, 1);
      // ≈ 4·(1024·2048 + 2048·1024 + 1024²) bytes ≈ 20 MiB: far past the initial 64 KiB page.
      check(1024, 1024, 2048, 2, 997);
      check(6, 10, 11, 3, 1);
      check(13, 3, 300, 4, 1);
    } finally {
      set_backend(saved);
    }
  });
});
