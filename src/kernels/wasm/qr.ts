/**
 * The "wasm" backend's reduced QR: blocked Householder in float64 (LAPACK's dgeqrf + dorgqr),
 * kernels in assembly/householder.ts (panel, T) and assembly/qr.ts (block update, via the f64x2
 * dgemm of assembly/dgemm.ts). This module lays the operands out above heapBase and drives the
 * block loop, so a caller can time the phases and a worker pool can later split each block
 * update into column ranges.
 *
 * Algorithm (Golub & Van Loan §5.2.3, Schreiber & Van Loan's compact WY):
 * - geqrf: for each panel of QR_BLOCK columns, factor it unblocked (n·m·QR_BLOCK flops in all),
 *   form T with H_k … H_{k+nb−1} = I − V T Vᵀ, and apply Hᵀ to the trailing columns by three
 *   dense products (level 3: ≈ 2mn² − 2n³/3 flops).
 * - orgqr: Q = H_0 … H_{n−1} [I_n; 0], built backwards: Q[k:, k:] ← (I − V T Vᵀ) Q[k:, k:] for
 *   the blocks from last to first (again ≈ 2mn² − 2n³/3 flops), reusing the stored T's.
 * Same reflector convention as the TS QR (src/math/qr.ts), so Q and diag(R) agree with it to
 * rounding; only the summation order differs.
 */
import type { ReducedQR } from "../../math/qr.js";
import { blocksFor, runTasks, threadsFor, type CallTask } from "./pool.js";
import { align16, type WasmRuntime } from "./runtime.js";

/** Panel width nb: LAPACK's ilaenv default for dgeqrf/dorgqr. */
export const QR_BLOCK = 32;

interface QrExports {
  panelQR(m: number, a: number, lda: number, k: number, kb: number, tau: number): void;
  unpackV(m: number, a: number, lda: number, k: number, kb: number, vd: number): void;
  formT(mk: number, kb: number, vd: number, tau: number, t: number): void;
  applyBlockReflector(
    transT: number, mk: number, nc: number, kb: number,
    vd: number, t: number, c: number, ldc: number, w: number, w2: number, work: number,
  ): void;
  blockWorkFloats(mk: number, nc: number, kb: number): number;
  transpose64(rows: number, cols: number, src: number, dst: number): void;
}

/** Milliseconds per phase, accumulated when a caller passes one to wasmQR. */
export interface QrPhases {
  copyIn: number;
  panel: number;
  update: number;
  orgqr: number;
  copyOut: number;
}

/** Byte offsets of the operands (column-major A and Q, τ, the T's, dense V, W, W2, dgemm work). */
function layout(rt: WasmRuntime, m: number, n: number, nb: number) {
  const x = rt.exports as unknown as QrExports;
  const blocks = Math.ceil(n / nb);
  const a = rt.heapBase;
  const q = align16(a + m * n * 8);
  const tau = align16(q + m * n * 8);
  const t = align16(tau + n * 8);
  const vd = align16(t + blocks * nb * nb * 8);
  const w = align16(vd + m * nb * 8);
  const w2 = align16(w + nb * n * 8);
  const work = align16(w2 + nb * n * 8);
  // blockWorkFloats grows with each argument, so the largest update bounds them all.
  const end = work + x.blockWorkFloats(m, n, nb) * 8 + 16;
  return { a, q, tau, t, vd, w, w2, work, end };
}

const now = (): number => performance.now();

/**
 * Reduced QR of row-major `a` (m × n, m ≥ n) in the WebAssembly runtime. `phases`, if given,
 * accumulates milliseconds per phase (bench/micro/orthogonal.mjs); `nb` overrides the panel
 * width, for tuning only: the result differs from the default's by rounding.
 */
export function wasmQR(rt: WasmRuntime, a: ArrayLike<number>, m: number, n: number, phases?: QrPhases, nb = QR_BLOCK): ReducedQR {
  if (m < n) throw new RangeError(`wasmQR needs rows >= cols, got ${m} x ${n}`);
  const x = rt.exports as unknown as QrExports;
  const L = layout(rt, m, n, nb);
  // Threads for the block updates: each update's columns are cut into ranges (4-column
  // aligned), each with its slice of W and W2 and its own dgemm workspace. A column of C is
  // updated by the same products in the same order whatever the range, so the result is bitwise
  // the single-thread one (test/qr.test.ts, test/threads-fills.test.ts).
  const parts = blocksFor(threadsFor(rt, m * n));
  const partCols = Math.max(16, Math.ceil(n / parts) + 8); // bounds every range update() cuts
  const partWork = align16(x.blockWorkFloats(m, partCols, nb) * 8 + 16);
  const workAt = (p: number): number => align16(L.end) + p * partWork;
  rt.ensure(parts > 1 ? workAt(parts) : L.end);
  /** C ← (I − V op(T) Vᵀ) C for C = mk × nc at c (ld m), split over the threads when big enough. */
  const update = (transT: number, mk: number, nc: number, kb: number, tk: number, c: number): void => {
    const k = parts > 1 && threadsFor(rt, mk * nc) > 1 ? Math.min(parts, Math.ceil(nc / 8)) : 1;
    if (k <= 1) {
      x.applyBlockReflector(transT, mk, nc, kb, L.vd, tk, c, m, L.w, L.w2, L.work);
      return;
    }
    const groups = Math.ceil(nc / 4);
    const tasks: CallTask[] = [];
    for (let p = 0; p < k; p++) {
      const lo = Math.floor((p * groups) / k) * 4;
      const hi = Math.min(nc, Math.floor(((p + 1) * groups) / k) * 4);
      if (hi <= lo) continue;
      tasks.push({
        fn: "applyBlockReflector",
        args: [transT, mk, hi - lo, kb, L.vd, tk, c + lo * m * 8, m, L.w + lo * kb * 8, L.w2 + lo * kb * 8, workAt(p)],
      });
    }
    runTasks(rt, tasks);
  };
  let t0 = phases ? now() : 0;
  const lap = (key: keyof QrPhases): void => {
    if (!phases) return;
    const t1 = now();
    phases[key] += t1 - t0;
    t0 = t1;
  };

  // Views are taken after ensure(); the kernels never grow memory.
  // Row-major `a` goes into Q's (still unused) region, then is transposed into column-major A.
  let f = rt.f64();
  const a0 = L.a >> 3;
  const q0 = L.q >> 3;
  if (a instanceof Float64Array || a instanceof Float32Array) f.set(a.subarray(0, m * n), q0);
  else for (let i = 0; i < m * n; i++) f[q0 + i] = a[i]!;
  x.transpose64(m, n, L.q, L.a);
  lap("copyIn");

  // geqrf: panel, T, trailing update, one block of columns at a time.
  for (let k = 0; k < n; k += nb) {
    const kb = Math.min(nb, n - k);
    const tk = L.t + (k / nb) * nb * nb * 8;
    x.panelQR(m, L.a, m, k, kb, L.tau);
    x.unpackV(m, L.a, m, k, kb, L.vd);
    x.formT(m - k, kb, L.vd, L.tau + k * 8, tk);
    lap("panel");
    const c = L.a + ((k + kb) * m + k) * 8;
    update(1, m - k, n - k - kb, kb, tk, c);
    lap("update");
  }

  // orgqr: Q = [I_n; 0], then the blocks backwards.
  f = rt.f64();
  f.fill(0, q0, q0 + m * n);
  for (let j = 0; j < n; j++) f[q0 + j * m + j] = 1;
  for (let k = Math.floor((n - 1) / nb) * nb; k >= 0; k -= nb) {
    const kb = Math.min(nb, n - k);
    const tk = L.t + (k / nb) * nb * nb * 8;
    x.unpackV(m, L.a, m, k, kb, L.vd);
    const c = L.q + (k * m + k) * 8;
    update(0, m - k, n - k, kb, tk, c);
  }
  lap("orgqr");

  // diag(R) out of A, then A's region takes Q transposed to row-major (column-major m × n
  // is row-major n × m).
  f = rt.f64();
  const rdiag = new Float64Array(n);
  for (let j = 0; j < n; j++) rdiag[j] = f[a0 + j * m + j]!;
  x.transpose64(n, m, L.q, L.a);
  const q = f.slice(a0, a0 + m * n);
  lap("copyOut");
  return { q, rdiag };
}
