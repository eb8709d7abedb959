/**
 * The wasm backend's fused optimiser updates (assembly/adam.ts, assembly/sgd.ts: one pass,
 * binary64 lanes, fmaf emulated or relaxed) against the optimisers' pointwise ops on the "ts"
 * backend, their oracle: every option, both PyTorch versions' first-moment update (Adam), the
 * first and later momentum steps (SGD), odd sizes, sizes the worker pool splits, resident and
 * ordinary storage, and values from subnormal to near overflow, with zeros of both signs,
 * infinities and NaN. The PyTorch trajectories themselves are optim-fixtures.test.ts, which
 * runs on both backends.
 */
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { with_pytorch_version } from "../src/compat.js";
import { get_backend, kernels, set_backend } from "../src/kernels/index.js";
import { setParallelMinElements, PARALLEL_MIN_ELEMENTS, workerBlocks } from "../src/kernels/wasm/pool.js";
import { Parameter, parameterTensor } from "../src/nn/parameter.js";
import * as optim from "../src/optim/index.js";
import { Tensor } from "../src/tensor/tensor.js";
import { on } from "./support/backend.js";
import { useThreads } from "./support/threads.js";

const saved = get_backend();
after(() => {
  set_backend(saved);
  setParallelMinElements(PARALLEL_MIN_ELEMENTS);
});

const SPECIALS = [0, -0, 1e-45, -3e-39, 1.1754942e-38, 3e38, -3e38, Infinity, -Infinity, NaN, 1, -1, 0.5];

/** Uniform doubles in [0, 1) from a small LCG (Numerical Recipes' constants). */
function rand(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/** n float32 values from seed: mostly normal-range randoms over many scales, a few specials when `specials`. */
function values(n: number, seed: number, specials: boolean): Float32Array {
  const r = rand(seed);
  return Float32Array.from({ length: n }, () => {
    const u = r();
    if (specials && u < 0.08) return SPECIALS[Math.floor(r() * SPECIALS.length)]!;
    return (r() - 0.5) * 2 ** Math.floor(r() * 40 - 30);
  });
}

/** What both optimisers' cases share: the size, the seed of the values, where the parameter lives. */
interface ParamCase { n: number; seed: number; resident: boolean; specials: boolean }

/** The case's parameter: resident storage (a layer's own) or an ordinary tensor, filled from its seed. */
function parameterOf(c: ParamCase): Parameter {
  const t = c.resident ? parameterTensor([c.n]) : new Tensor([c.n], "float32");
  (t.data as Float32Array).set(values(c.n, c.seed, c.specials));
  return new Parameter(t);
}

/** Three steps of `opt` on p, each with a fresh gradient from the case's seed; the bits of `watched()` after each. */
function threeSteps(c: ParamCase, p: Parameter, opt: { step(): unknown }, watched: () => Tensor[]): Uint32Array[] {
  const out: Uint32Array[] = [];
  for (let s = 0; s < 3; s++) {
    p.grad = new Tensor([c.n], "float32", values(c.n, c.seed + 1000 + s, c.specials));
    opt.step();
    for (const a of watched()) out.push(new Uint32Array(Float32Array.from(a.data as Float32Array).buffer));
  }
  return out;
}

interface Case extends ParamCase {
  adamw: boolean; lr: number; beta1: number; beta2: number; eps: number; wd: number;
  amsgrad: boolean; maximize: boolean; version: "1.13" | "latest";
}

/** Three Adam steps on `backend`; returns the bits of θ and of every state tensor after each. */
function run(backend: "wasm" | "ts", c: Case): Uint32Array[] {
  return on(backend, () => {
    const p = parameterOf(c);
    const Opt = c.adamw ? optim.AdamW : optim.Adam;
    const opt = new Opt([p], { lr: c.lr, betas: [c.beta1, c.beta2], eps: c.eps, weight_decay: c.wd, amsgrad: c.amsgrad, maximize: c.maximize });
    return with_pytorch_version(c.version, () => threeSteps(c, p, opt, () => {
      const st = opt.state.get(p)!;
      return [p, st.exp_avg, st.exp_avg_sq, ...(st.max_exp_avg_sq ? [st.max_exp_avg_sq] : [])];
    }));
  });
}

/** Bitwise equal, except that any NaN equals any NaN (ATen and WebAssembly make different NaN payloads). */
function assertSame(got: Uint32Array[], want: Uint32Array[], what: string): void {
  assert.equal(got.length, want.length, what);
  const isNaN32 = (b: number) => (b & 0x7f800000) === 0x7f800000 && (b & 0x7fffff) !== 0;
  got.forEach((g, k) => {
    for (let i = 0; i < g.length; i++) {
      const a = g[i]!;
      const b = want[k]![i]!;
      if (a !== b && !(isNaN32(a) && isNaN32(b))) assert.fail(`${what}: array ${k} (step ${Math.floor(k / (got.length / 3))}) element ${i}: wasm 0x${a.toString(16)}, ts 0x${b.toString(16)}`);
    }
  });
}

const arbCase = (maxN: number) => fc.record({
  n: fc.integer({ min: 1, max: maxN }),
  seed: fc.integer({ min: 1, max: 2 ** 30 }),
  adamw: fc.boolean(),
  lr: fc.constantFrom(1e-3, 0.1, 3e-4, 1),
  beta1: fc.constantFrom(0.9, 0.5, 0.3, 0, 0.99),
  beta2: fc.constantFrom(0.999, 0.9, 0.5),
  eps: fc.constantFrom(1e-8, 1e-3, 0),
  wd: fc.constantFrom(0, 0, 0.01, 0.5),
  amsgrad: fc.boolean(),
  maximize: fc.boolean(),
  version: fc.constantFrom("1.13" as const, "latest" as const),
  resident: fc.boolean(),
  specials: fc.boolean(),
});

/**
 * The tests each fused kernel gets: present on the wasm backend only; then wasm = ts over
 * `arb(300)` on one thread, and over `arb(2000)` split across 2 threads.
 */
function fusedKernelSuite<C>(name: "adam32" | "sgd32", what: string, arb: (maxN: number) => fc.Arbitrary<C>, runOn: (backend: "wasm" | "ts", c: C) => Uint32Array[], seed: number): void {
  it("the wasm backend has the fused kernel, the ts one does not (a missing build fails here rather than testing ts against ts)", () => {
    set_backend("wasm");
    assert.equal(typeof kernels()[name], "function");
    set_backend("ts");
    assert.equal(kernels()[name], undefined);
    set_backend(saved);
  });

  it(`property: ${what}`, () => {
    fc.assert(fc.property(arb(300), (c) => assertSame(runOn("wasm", c), runOn("ts", c), JSON.stringify(c))), { numRuns: 250, seed: 20261130 });
  });

  it("split across 2 threads (ranges of any parity)", async () => {
    await useThreads(2);
    setParallelMinElements(4);
    try {
      const before = workerBlocks();
      fc.assert(fc.property(arb(2000), (c) => assertSame(runOn("wasm", c), runOn("ts", c), JSON.stringify(c))), { numRuns: 40, seed });
      assert.ok(workerBlocks() > before, "the worker ran none of the updates' ranges");
    } finally {
      setParallelMinElements(PARALLEL_MIN_ELEMENTS);
    }
  });
}

describe("fused Adam (wasm) = the pointwise ops (ts)", () => {
  fusedKernelSuite("adam32", "every option, odd sizes, resident or not, specials", arbCase, run, 7);
});

interface SgdCase extends ParamCase {
  lr: number; momentum: number; dampening: number; wd: number; nesterov: boolean; maximize: boolean;
}

/** Three SGD steps on `backend`; returns the bits of θ and of the momentum buffer after each. */
function runSgd(backend: "wasm" | "ts", c: SgdCase): Uint32Array[] {
  return on(backend, () => {
    const p = parameterOf(c);
    const opt = new optim.SGD([p], { lr: c.lr, momentum: c.momentum, dampening: c.dampening, weight_decay: c.wd, nesterov: c.nesterov, maximize: c.maximize });
    return threeSteps(c, p, opt, () => {
      const buf = opt.state.get(p)?.momentum_buffer;
      return buf ? [p, buf] : [p];
    });
  });
}

const arbSgd = (maxN: number) => fc.record({
  n: fc.integer({ min: 1, max: maxN }),
  seed: fc.integer({ min: 1, max: 2 ** 30 }),
  lr: fc.constantFrom(0.1, 1e-3, 1),
  momentum: fc.constantFrom(0, 0.9, 0.5),
  dampening: fc.constantFrom(0, 0, 0.1),
  wd: fc.constantFrom(0, 0.01, 0.5),
  nesterov: fc.boolean(),
  maximize: fc.boolean(),
  resident: fc.boolean(),
  specials: fc.boolean(),
}).map((c) => ({ ...c, nesterov: c.nesterov && c.momentum > 0 && c.dampening === 0 }));

describe("fused SGD (wasm) = the pointwise ops (ts)", () => {
  fusedKernelSuite("sgd32", "every option (first and later momentum steps), odd sizes, resident or not, specials", arbSgd, runSgd, 8);
});
