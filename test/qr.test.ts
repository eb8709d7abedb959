/**
 * The blocked WebAssembly QR (src/kernels/wasm/qr.ts, float64, panels of QR_BLOCK columns)
 * against the unblocked TS QR (src/math/qr.ts) and against Householder QR's float64 error
 * bounds (test/support/qr-bounds.ts, Higham Thm 19.4):
 *   orthogonality   ‖Q̂ᵀQ̂ − I‖_F ≤ 2b + b² + γ̃_m·n          (b = √n γ̃_mn; last term: this check's own product)
 *   factorisation   ‖Q̂ᵀA − R‖_F ≤ 3b‖A‖_F on and below the diagonal (2b first order + b for the check's product),
 *                   with R's diagonal the returned diag(R)
 *   agreement       ‖Q_wasm − Q_ts‖_F ≤ 2b(1 + √(2n)·κ_F(R)) after the sign fix: each Q̂ is within b of the
 *                   Q of a perturbed A, and Q moves by ≤ √2·κ₂(A)·‖ΔA‖_F/‖A‖₂ (Sun 1991, first order),
 *                   with ‖A‖_F/‖A‖₂ ≤ √n and κ₂ ≤ κ_F.
 * Shapes: every square 1..70, the block boundaries around 32, 64 and 96, tall and thin ones,
 * exactly triangular and rank-deficient inputs (τ = 0), and a fast-check sweep. Then the
 * PyTorch orthogonal_ fixtures replayed on both backends in one run.
 * A missing wasm backend FAILS here rather than skipping.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { householderQR, type ReducedQR } from "../src/math/qr.js";
import { get_backend, kernels, set_backend } from "../src/kernels/index.js";
import { enableWasmBackend } from "../src/kernels/wasm/gemm.js";
import { QR_BLOCK, wasmQR } from "../src/kernels/wasm/qr.js";
import { wasmRuntime } from "../src/kernels/wasm/runtime.js";
import { set_pytorch_version } from "../src/index.js";
import { BUILDS, compare, loadFixture } from "./support/fixtures.js";
import { Replayer } from "./support/replay.js";
import {
  frob, gammaTilde, householderBound, kappaF, signFixed, transposeTimes,
} from "./support/qr-bounds.js";
import { lcgMatrix } from "./support/lcg.js";

const wasmAvailable = enableWasmBackend();

function wasmQr(a: Float64Array, m: number, n: number): ReducedQR {
  const rt = wasmRuntime();
  assert.ok(rt, "WebAssembly runtime missing: run `npm run build`");
  return wasmQR(rt, a, m, n);
}

/** Error / bound for orthogonality and for the factorisation; both must be ≤ 1. */
function residuals(a: Float64Array, m: number, n: number, { q, rdiag }: ReducedQR): { orth: number; fact: number } {
  const b = householderBound(m, n);
  const qtq = transposeTimes(q, q, m, n, n);
  for (let i = 0; i < n; i++) qtq[i * n + i]! -= 1;
  const orth = frob(qtq) / (2 * b + b * b + gammaTilde(m) * n);
  const r = transposeTimes(q, a, m, n, n); // Q̂ᵀA: R above the diagonal, ≈ 0 below
  let off = 0;
  for (let i = 0; i < n; i++) {
    off += (r[i * n + i]! - rdiag[i]!) ** 2;
    for (let j = 0; j < i; j++) off += r[i * n + j]! ** 2;
  }
  const fact = Math.sqrt(off) / (3 * b * frob(a));
  return { orth, fact };
}

/** ‖Q_wasm − Q_ts‖_F over its bound (sign-fixed); NaN when A is rank-deficient (Q not unique). */
function agreement(a: Float64Array, m: number, n: number, w: ReducedQR, t: ReducedQR): number {
  const r = transposeTimes(t.q, a, m, n, n);
  const kappa = kappaF(r, n);
  if (!Number.isFinite(kappa)) return NaN;
  const diff = signFixed(w.q, w.rdiag, m, n).map((x, i) => x - signFixed(t.q, t.rdiag, m, n)[i]!);
  return frob(diff) / (2 * householderBound(m, n) * (1 + Math.sqrt(2 * n) * kappa));
}

/** Runs both QRs on `a` and asserts every bound; returns the worst ratio seen. */
function checkBoth(a: Float64Array, m: number, n: number, label: string): number {
  const w = wasmQr(a, m, n);
  const t = householderQR(a, m, n);
  assert.equal(w.q.length, m * n, `${label}: Q size`);
  assert.equal(w.rdiag.length, n, `${label}: diag(R) size`);
  const rw = residuals(a, m, n, w);
  const rt = residuals(a, m, n, t);
  assert.ok(rw.orth <= 1, `${label}: wasm ‖QᵀQ − I‖_F is ${rw.orth.toExponential(2)} × its bound`);
  assert.ok(rw.fact <= 1, `${label}: wasm ‖QᵀA − R‖_F is ${rw.fact.toExponential(2)} × its bound`);
  assert.ok(rt.orth <= 1 && rt.fact <= 1, `${label}: the TS reference itself breaks its bounds (${rt.orth}, ${rt.fact})`);
  const agree = agreement(a, m, n, w, t);
  if (!Number.isNaN(agree)) assert.ok(agree <= 1, `${label}: ‖Q_wasm − Q_ts‖_F is ${agree.toExponential(2)} × its bound`);
  return Math.max(rw.orth, rw.fact, Number.isNaN(agree) ? 0 : agree);
}

describe("wasm QR vs TS QR (float64 error bounds)", () => {
  it("the wasm backend is built and provides qr", () => {
    assert.ok(wasmAvailable, "enableWasmBackend() returned false: run `npm run build`");
    const saved = get_backend();
    set_backend("wasm");
    try {
      // 70 × 70 spans three panels, so the blocked and unblocked QRs round differently and
      // bit-equality tells which one kernels().qr ran.
      const a = lcgMatrix(70, 70, 1);
      const viaKernels = kernels().qr(a, 70, 70);
      assert.deepEqual(viaKernels, wasmQr(a, 70, 70), "kernels().qr on \"wasm\" is the blocked wasm QR");
      assert.notDeepEqual(viaKernels, householderQR(a, 70, 70), "and not the TS QR");
    } finally {
      set_backend(saved);
    }
  });

  it("every square size 1..70", (t) => {
    let worst = 0;
    for (let n = 1; n <= 70; n++) worst = Math.max(worst, checkBoth(lcgMatrix(n, n, n), n, n, `${n}×${n}`));
    t.diagnostic(`worst error / bound: ${worst.toExponential(2)}`);
  });

  it(`block boundaries (QR_BLOCK = ${QR_BLOCK}) and tall shapes`, (t) => {
    const nb = QR_BLOCK;
    const shapes: [number, number][] = [
      [nb - 1, nb - 1], [nb, nb], [nb + 1, nb + 1], [2 * nb - 1, 2 * nb - 1], [2 * nb, 2 * nb], [2 * nb + 1, 2 * nb + 1],
      [3 * nb, 3 * nb], [3 * nb + 1, 3 * nb + 1], [130, 129], [129, nb], [129, nb + 1], [300, 17], [1000, 3],
      [70, 33], [100, 97], [2, 1], [65, 1], [200, 2 * nb], [97, 96],
    ];
    let worst = 0;
    for (const [m, n] of shapes) worst = Math.max(worst, checkBoth(lcgMatrix(m, n, m * 1000 + n), m, n, `${m}×${n}`));
    t.diagnostic(`worst error / bound: ${worst.toExponential(2)}`);
  });

  it("exactly triangular and rank-deficient inputs (τ = 0 reflectors)", () => {
    for (const [m, n] of [[40, 40], [75, 70], [33, 33]] as const) {
      // [I; 0] and a matrix whose columns 3 and n−2 are zero: no reflector to apply there.
      const eye = new Float64Array(m * n);
      for (let j = 0; j < n; j++) eye[j * n + j] = 1;
      checkBoth(eye, m, n, `[I; 0] ${m}×${n}`);
      assert.deepEqual(Array.from(wasmQr(eye, m, n).q), Array.from(eye), "Q of [I; 0] is [I; 0] exactly");
      const holes = lcgMatrix(m, n, 7);
      for (let i = 0; i < m; i++) holes[i * n + 3] = holes[i * n + n - 2] = 0;
      checkBoth(holes, m, n, `zero columns ${m}×${n}`);
    }
  });

  it("property: any shape m ≥ n (n ≤ 100, up to four panels), any entries", () => {
    fc.assert(
      fc.property(
        // noBias: fast-check favours small integers by default, which would rarely reach a
        // second or third panel; sizes are drawn uniformly instead.
        fc.tuple(fc.noBias(fc.integer({ min: 1, max: 100 })), fc.noBias(fc.integer({ min: 0, max: 40 })), fc.integer()),
        ([n, extra, seed]) => {
          const m = n + extra;
          checkBoth(lcgMatrix(m, n, seed), m, n, `${m}×${n} seed ${seed}`);
        },
      ),
      { seed: 42, numRuns: 40 },
    );
  });

  it("a block update split into column ranges gives the same bits (ready for workers)", () => {
    const rt = wasmRuntime()!;
    const x = rt.exports as unknown as {
      applyBlockReflector(tT: number, mk: number, nc: number, kb: number, vd: number, t: number, c: number, ldc: number, w: number, w2: number, work: number): void;
      blockWorkFloats(mk: number, nc: number, kb: number): number;
    };
    const [mk, nc, kb, split] = [150, 97, QR_BLOCK, 41];
    const vd = rt.heapBase, t = vd + mk * kb * 8, c1 = t + kb * kb * 8, c2 = c1 + mk * nc * 8;
    const w = c2 + mk * nc * 8, w2 = w + kb * nc * 8, work = w2 + kb * nc * 8;
    rt.ensure(work + x.blockWorkFloats(mk, nc, kb) * 8 + 16);
    const f = rt.f64();
    f.set(lcgMatrix(mk, kb, 1), vd / 8);
    f.set(lcgMatrix(kb, kb, 2), t / 8);
    const c = lcgMatrix(mk, nc, 3);
    f.set(c, c1 / 8);
    f.set(c, c2 / 8);
    for (const transT of [0, 1]) {
      x.applyBlockReflector(transT, mk, nc, kb, vd, t, c1, mk, w, w2, work);
      x.applyBlockReflector(transT, mk, split, kb, vd, t, c2, mk, w, w2, work);
      x.applyBlockReflector(transT, mk, nc - split, kb, vd, t, c2 + split * mk * 8, mk, w, w2, work);
      const g = rt.f64();
      assert.notDeepEqual(g.slice(c1 / 8, c1 / 8 + mk * nc), c, "the update changed C");
      assert.deepEqual(g.slice(c2 / 8, c2 / 8 + mk * nc), g.slice(c1 / 8, c1 / 8 + mk * nc), `transT = ${transT}`);
    }
  });

  it("rejects m < n like the TS QR", () => {
    assert.throws(() => wasmQr(new Float64Array(6), 2, 3), RangeError);
    assert.throws(() => householderQR(new Float64Array(6), 2, 3), RangeError);
  });
});

describe("orthogonal_ PyTorch fixtures on both backends", () => {
  for (const backend of ["wasm", "ts"]) {
    for (const [build, version] of Object.entries(BUILDS)) {
      const cases = (loadFixture(build, "init.json")?.cases ?? []).filter((c) => c.steps.some((s) => s.fn === "orthogonal_"));
      it(`${backend}: ${build} (${cases.length} cases)`, (t) => {
        assert.ok(cases.length > 0, `no orthogonal_ cases in ${build}/init.json`);
        const saved = get_backend();
        set_backend(backend);
        let worst = 0;
        try {
          for (const c of cases) {
            set_pytorch_version(version);
            const outputs = new Replayer().run(c.steps);
            (c.outputs ?? []).forEach((expected, k) => {
              const r = compare(outputs[k]!, expected, `${c.name} output ${k}`, c.tolerance);
              assert.ok(r.ok, r.message);
              worst = Math.max(worst, r.maxAbs);
            });
          }
        } finally {
          set_backend(saved);
        }
        t.diagnostic(`max |nninit − PyTorch| = ${worst.toExponential(2)}`);
      });
    }
  }
});
