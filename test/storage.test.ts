/**
 * Resident storage (src/kernels/wasm/storage.ts): layers' parameters and SGD's momentum buffers
 * live in the shared WebAssembly memory, where the wasm kernels use them without copying.
 * Checked here:
 * - which tensors are resident (the layers' own parameters and the momentum buffers, on the
 *   wasm backend only) and that their values are those of ordinary storage;
 * - growth: a view made before the memory grows still reads and writes its block, and kernels
 *   that address the block in place after the grow see the same bytes;
 * - every kernel that takes resident operands in place (sgemm, including strided C and C
 *   overlapping an operand; relu; its gradient; fmaAxpy split over threads) gives the bits it
 *   gives on ordinary arrays;
 * - recycling: a dropped block goes back to its size class once the garbage collector has seen
 *   it, a slice keeps its parent's block, and past the budget storage is ordinary again;
 * - training: the same losses, bit for bit, with and without resident parameters.
 */
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import path from "node:path";
import vm from "node:vm";
import v8 from "node:v8";
import fc from "fast-check";
import { manual_seed, nn, optim, randn, randint, get_num_threads, type Tensor } from "../src/index.js";
import { kernels } from "../src/kernels/index.js";
import { enableWasmBackend } from "../src/kernels/wasm/gemm.js";
import { wasmRuntime } from "../src/kernels/wasm/runtime.js";
import { sizeClass, DEFAULT_BUDGET_MIB } from "../src/kernels/wasm/storage.js";
import { setParallelMinElements, PARALLEL_MIN_ELEMENTS } from "../src/kernels/wasm/pool.js";
import { allocateLongLived, fillZero, setTransientFloat32, sliceData } from "../src/tensor/dtype.js";
import { add } from "../src/ops/elementwise.js";
import { reshape } from "../src/ops/shape.js";
import { mul } from "../src/ops/elementwise.js";
import { sum } from "../src/ops/reductions.js";
import { on } from "./support/backend.js";
import { useThreads } from "./support/threads.js";
import { rand } from "./support/lcg.js";

assert.ok(enableWasmBackend(), "wasm backend missing: run `npm run build`");
const rt = wasmRuntime()!;
const store = rt.storage;
v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const FC = { seed: 7, numRuns: 80 } as const;

function bits(a: Float32Array): number[] {
  return Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));
}

/** A resident copy of `src`, whatever its size (the store itself, below the layers' minimum). */
function resident(src: Float32Array): Float32Array {
  const r = store.allocateF32(src.length);
  assert.ok(r && store.isResident(r), "expected a resident block (budget spent?)");
  r.set(src);
  return r;
}

/** Waits (collecting) until the finalizers have run or 2 s have passed. */
async function collect(until: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !until(); i++) {
    gc();
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("size classes", () => {
  it("round up by at most a quarter, to multiples of 64, monotonically", () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 2 ** 31 }), fc.integer({ min: 1, max: 2 ** 31 }), (a, b) => {
      const s = sizeClass(a);
      assert.ok(s >= a && s % 64 === 0, `${a} → ${s}`);
      if (a > 256) assert.ok(s <= a * 1.25, `${a} → ${s} wastes more than 25 %`);
      if (a <= b) assert.ok(s <= sizeClass(b));
    }), FC);
  });
});

describe("which tensors are resident", () => {
  it("a layer's parameters on the wasm backend, with the values ordinary storage gets", () => {
    const make = (b: string) => on(b, () => {
      manual_seed(3);
      return new nn.Linear(300, 257);
    });
    const w = make("wasm"), t = make("ts");
    assert.ok(store.isResident(w.weight.data) && store.isResident(w.bias!.data), "Linear(300, 257) weight and bias resident");
    assert.ok(!store.isResident(t.weight.data), "the ts backend keeps ordinary storage");
    assert.deepEqual(bits(w.weight.data), bits(t.weight.data));
    assert.deepEqual(bits(w.bias!.data), bits(t.bias!.data));
    const small = on("wasm", () => new nn.Linear(4, 10));
    assert.ok(!store.isResident(small.bias!.data), "10 floats stay ordinary (below RESIDENT_MIN_ELEMENTS)");
    const conv = on("wasm", () => new nn.Conv2d(3, 16, 3));
    assert.ok(store.isResident(conv.weight.data), "Conv2d weight (432 floats) resident");
    const user = on("wasm", () => new nn.Parameter(randn(30, 30)));
    assert.ok(!store.isResident(user.data), "new Parameter(t) keeps t's own storage");
  });

  it("SGD's momentum buffer, and the update runs in place on it", () => {
    on("wasm", () => {
      manual_seed(1);
      const fc1 = new nn.Linear(64, 32);
      const opt = new optim.SGD(fc1.parameters(), { lr: 0.1, momentum: 0.9 });
      new nn.CrossEntropyLoss().forward(fc1.forward(randn(8, 64)), randint(0, 32, [8])).backward();
      opt.step();
      const buf = (opt.state.get(fc1.weight) as { momentum_buffer: { data: Float32Array } }).momentum_buffer.data;
      assert.ok(store.isResident(buf));
    });
  });
});

describe("memory growth", () => {
  it("a view made before a grow still reads and writes its block, and kernels see the same bytes", () => {
    on("wasm", () => {
      manual_seed(5);
      const layer = new nn.Linear(128, 96);
      const w = layer.weight.data;
      const before = bits(w);
      const pagesBefore = rt.memory.buffer.byteLength;
      // Grow by 64 MiB, then check the old view against a fresh one over the grown memory.
      rt.ensure(rt.heapBase + pagesBefore + (64 << 20));
      assert.ok(rt.memory.buffer.byteLength > w.buffer.byteLength, "the memory grew past the view's buffer");
      assert.deepEqual(bits(w), before, "old view reads the same values");
      const fresh = new Float32Array(rt.memory.buffer, w.byteOffset, w.length);
      assert.deepEqual(bits(fresh), before, "a fresh view at the same address agrees");
      w[17] = 42.5;
      assert.equal(fresh[17], 42.5, "a write through the old view is in the grown memory");
      fresh[18] = -7.25;
      assert.equal(w[18], -7.25, "and the other way round");
      // A product that reads the weight in place after the grow = the same product on a copy.
      const x = rand(7 * 128, 11);
      const y1 = new Float32Array(7 * 96), y2 = new Float32Array(7 * 96);
      kernels().sgemm(false, true, 7, 96, 128, x, 0, 128, w, 0, 128, 0, y1, 0, 96);
      kernels().sgemm(false, true, 7, 96, 128, x, 0, 128, w.slice(), 0, 128, 0, y2, 0, 96);
      assert.deepEqual(bits(y1), bits(y2));
      // A block carved after the grow, written by a kernel in place, is visible to the old views too.
      const out = resident(new Float32Array(7 * 96));
      kernels().sgemm(false, true, 7, 96, 128, x, 0, 128, w, 0, 128, 0, out, 0, 96);
      assert.deepEqual(bits(out), bits(y1));
    });
  });
});

describe("kernels on resident operands", () => {
  const threads0 = get_num_threads();
  after(async () => {
    setParallelMinElements(PARALLEL_MIN_ELEMENTS);
    await useThreads(threads0);
  });

  it("sgemm: resident A, B and C (strided, beta) give the bits of staged ones; C overlapping A is staged", () => {
    on("wasm", () => {
      const arb = fc.record({
        tA: fc.boolean(), tB: fc.boolean(), M: fc.integer({ min: 1, max: 40 }), N: fc.integer({ min: 1, max: 40 }),
        K: fc.integer({ min: 0, max: 90 }), beta: fc.constantFrom(0, 1, -0.5), pad: fc.constantFrom(0, 5),
        which: fc.integer({ min: 1, max: 7 }), seed: fc.integer({ min: 0, max: 1e6 }),
      });
      fc.assert(fc.property(arb, ({ tA, tB, M, N, K, beta, pad, which, seed }) => {
        const lda = (tA ? M : K) + pad, ldb = (tB ? K : N) + pad, ldc = N + pad;
        const A = rand(Math.max(1, (tA ? K : M) * lda), seed), B = rand(Math.max(1, (tB ? N : K) * ldb), seed + 1);
        const C = rand(M * ldc, seed + 2);
        const want = C.slice();
        kernels().sgemm(tA, tB, M, N, K, A, 0, lda, B, 0, ldb, beta, want, 0, ldc);
        const rA = which & 1 ? resident(A) : A, rB = which & 2 ? resident(B) : B, rC = which & 4 ? resident(C) : C.slice();
        kernels().sgemm(tA, tB, M, N, K, rA, 0, lda, rB, 0, ldb, beta, rC, 0, ldc);
        assert.deepEqual(bits(rC), bits(want));
      }), FC);
      // C's rows inside A's block: the kernel must not overwrite what it still reads.
      const big = resident(rand(64 * 64, 3));
      const plain = big.slice();
      kernels().sgemm(false, false, 16, 16, 16, plain, 0, 64, plain.slice(), 0, 64, 0, plain, 8, 64);
      kernels().sgemm(false, false, 16, 16, 16, big, 0, 64, big.slice(), 0, 64, 0, big, 8, 64);
      assert.deepEqual(bits(big), bits(plain));
    });
  });

  it("relu, its gradient and fmaAxpy (split over 2 threads) in place on resident arrays", async () => {
    await useThreads(2);
    setParallelMinElements(1);
    on("wasm", () => {
      for (const n of [1, 5, 256, 1001]) {
        const x = rand(n, n).map((v) => v - 0.5), g = rand(n, n + 1);
        const want = new Float32Array(n), rx = resident(x), rg = resident(g), out = resident(new Float32Array(n));
        kernels().relu(x, want);
        kernels().relu(rx, out);
        assert.deepEqual(bits(out), bits(want), `relu n=${n}`);
        kernels().reluBackward(x, g, want);
        kernels().reluBackward(rx, rg, out);
        assert.deepEqual(bits(out), bits(want), `reluBackward n=${n}`);
        const alpha = Math.fround(-0.37);
        kernels().fmaAxpy(x, g, alpha, want);
        kernels().fmaAxpy(rx, g, alpha, rx); // resident a and out, ordinary b: the SGD update
        assert.deepEqual(bits(rx), bits(want), `fmaAxpy n=${n}`);
      }
    });
  });
});

describe("fillZero (zero_grad(false) on resident gradients: memory.fill instead of a shared view's fill)", () => {
  it("zeroes exactly the view's bytes: resident views at any offset and length, and ordinary arrays", () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 3000 }), fc.nat(), fc.nat(), (n, p, q) => {
      const lo = p % n;
      const hi = lo + (q % (n - lo + 1));
      const block = resident(new Float32Array(n).fill(1.5));
      const next = resident(new Float32Array(16).fill(2.5)); // whatever lies after the block stays
      fillZero(block.subarray(lo, hi));
      const want = Array.from({ length: n }, (_, i) => (i >= lo && i < hi ? 0 : 1.5));
      assert.deepEqual(Array.from(block), want, `n ${n}, [${lo}, ${hi})`);
      assert.deepEqual(Array.from(next), new Array(16).fill(2.5));
      const plain = new Float64Array(n).fill(-3);
      fillZero(plain.subarray(lo, hi));
      assert.deepEqual(Array.from(plain), want.map((v) => (v === 0 ? 0 : -3)));
      assert.ok(!Object.is(block[lo], -0), "zeroes are +0");
    }), FC);
  });

  it("zero_grad(false) zeroes a recycled resident gradient in place, and the next backward accumulates into it", () => {
    on("wasm", () => {
      manual_seed(3);
      const lin = new nn.Linear(64, 32);
      const opt = new optim.SGD(lin.parameters(), { lr: 0.1 });
      const x = randn(8, 64);
      sum(lin.forward(x)).backward();
      const g = lin.weight.grad!;
      assert.ok(store.isResident(g.data as Float32Array), "the gradient is resident (the memory.fill route)");
      const first = Float32Array.from(g.data as Float32Array);
      opt.zero_grad(false);
      assert.equal(lin.weight.grad, g);
      assert.ok((g.data as Float32Array).every((v) => Object.is(v, 0)), "all +0");
      sum(lin.forward(x)).backward();
      assert.deepEqual(bits(g.data as Float32Array), bits(first), "the same gradient again, in the same tensor");
    });
  });
});

describe("transient gradients (the autograd engine's intermediate gradients)", () => {
  const transientOn = kernels().transientF32!;
  /**
   * One backward through a graph with every way a gradient can be shared: h feeds relu and
   * tanh (summed gradients), their sum passes its gradient through to both (AddBackward hands
   * the same tensor to two inputs, whose rules must both read it intact), a reshape views it,
   * c feeds two layers, whose sum d passes relu's (transient) gradient to both of them (the
   * first one's dX, of the same size, would take that block if it were released too early),
   * and the leaf z gets a relu's gradient (which must not stay transient).
   * Returns the leaves' gradients and whether any of them is resident.
   */
  function grads(transient = true): { bits: number[][]; transientLeaf: boolean; residentParams: number; residentGrads: number } {
    return on("wasm", () => {
      // (set_backend, inside `on`, installs the backend's transient storage: switch it here.)
      if (!transient) setTransientFloat32(null);
      try {
        return grads1();
      } finally {
        setTransientFloat32(transientOn);
      }
    });
  }
  function grads1(): { bits: number[][]; transientLeaf: boolean; residentParams: number; residentGrads: number } {
    {
      manual_seed(3);
      const l1 = new nn.Linear(48, 96), l2 = new nn.Linear(96, 96), l3 = new nn.Linear(96, 96), l4 = new nn.Linear(96, 7);
      const x = randn(32, 48).requires_grad_();
      const z = randn(32, 96).requires_grad_();
      const h = l1.forward(x);
      const c = add(nn.functional.relu(h), nn.functional.tanh(h));
      const v = reshape(reshape(c, [96, 32]), [32, 96]);
      const d = add(l2.forward(v), l3.forward(add(c, nn.functional.relu(z))));
      const loss = new nn.CrossEntropyLoss().forward(l4.forward(nn.functional.relu(d)), randint(0, 7, [32]));
      loss.backward();
      const leaves = [x, z, ...[l1, l2, l3, l4].flatMap((m) => m.parameters())];
      return {
        bits: leaves.map((t) => bits(t.grad!.data as Float32Array)),
        transientLeaf: leaves.some((t) => store.isTransient(t._peekGrad()!.data as Float32Array)),
        residentParams: leaves.filter((t) => store.isResident(t.data)).length,
        residentGrads: leaves.filter((t) => store.isResident(t._peekGrad()!.data)).length,
      };
    }
  }

  it("give the gradients ordinary storage gives, bit for bit; a leaf's .grad is never transient", () => {
    const withTransient = grads();
    assert.ok(!withTransient.transientLeaf, "a leaf's .grad is transient storage");
    const reused = store.stats().reused;
    const ordinary = grads(false);
    assert.equal(store.stats().reused, reused, "the ordinary run used no transient storage");
    assert.deepEqual(ordinary.bits, withTransient.bits);
  });

  it("are recycled within the step: repeated steps reuse blocks and carve none", () => {
    const { residentParams, residentGrads } = grads();
    const before = store.stats();
    for (let i = 0; i < 5; i++) grads();
    const after = store.stats();
    // Intermediate gradients of ≥ 256 elements (l4's, l2's and l3's dX, the relu and tanh
    // gradients), each from a block the previous step released.
    assert.ok(after.reused - before.reused >= 5 * 6, `transient blocks reused: ${after.reused - before.reused} in 5 steps`);
    // Each step builds new layers, whose resident weights and their first gradients carve
    // blocks (GC recycles them, not a loop); the intermediate gradients must carve none.
    const carvedPerStep = (after.carved - before.carved) / 5;
    assert.ok(residentParams >= 3 && carvedPerStep <= residentParams + residentGrads, `carved ${carvedPerStep} blocks per step for ${residentParams} resident parameters and ${residentGrads} gradients`);
  });
});

/**
 * n steps of a small MLP (40-300-5, momentum SGD) on the wasm backend from `seed`; `look` sees
 * the parameters after each backward, as user code could. Returns the losses.
 */
function trainSteps(seed: number, n: number, look: (params: Tensor[]) => void): number[] {
  return on("wasm", () => {
    manual_seed(seed);
    const model = new nn.Sequential(new nn.Linear(40, 300), new nn.ReLU(), new nn.Linear(300, 5));
    const opt = new optim.SGD(model.parameters(), { lr: 0.05, momentum: 0.9 });
    const x = randn(16, 40), y = randint(0, 5, [16]);
    const lossFn = new nn.CrossEntropyLoss();
    const losses: number[] = [];
    for (let s = 0; s < n; s++) {
      opt.zero_grad();
      const loss = lossFn.forward(model.forward(x), y);
      loss.backward();
      look(model.parameters());
      opt.step();
      losses.push(loss.item() as number);
    }
    return losses;
  });
}

describe("leaf gradients: one buffer per parameter when no one else sees them", () => {
  const transientOn = kernels().transientF32!;

  it("a training loop reuses each weight's gradient buffer, resident, and trains as when user code reads the gradients", () => {
    const seen: number[][] = [];
    let resident = true;
    const quiet = trainSteps(5, 6, (ps) => {
      const g = ps.map((p) => p._peekGrad()!); // the library's view: does not count as shown
      seen.push([g[0]!.data.byteOffset, g[2]!.data.byteOffset]);
      resident &&= store.isResident(g[0]!.data) && store.isResident(g[2]!.data);
    });
    assert.ok(seen.every(([a, b]) => a === seen[0]![0] && b === seen[0]![1]), "the same storage every step");
    assert.ok(resident, "the weights' gradients are resident");
    const residentPerStep: boolean[] = [];
    const shown = trainSteps(5, 6, (ps) => residentPerStep.push(ps.map((p) => store.isResident(p.grad!.data)).some(Boolean))); // public reads, all of them
    // The first gradients were made before anyone looked; once user code has read them, new
    // ones are ordinary (the garbage collector's to reclaim), and none is recycled.
    assert.deepEqual(residentPerStep, [true, false, false, false, false, false]);
    assert.deepEqual(shown, quiet);
  });

  it("resident memory stays flat when gradients accumulate (zero_grad(false)), with tied weights, and when backward throws", () => {
    on("wasm", () => {
      manual_seed(7);
      const lin = new nn.Linear(64, 64);
      const tied = new nn.Linear(64, 64);
      const opt = new optim.SGD([...lin.parameters(), ...tied.parameters()], { lr: 0.01 });
      const x = randn(32, 64);
      const step = (setToNone: boolean) => {
        opt.zero_grad(setToNone);
        // `tied` is applied twice: its weight gets two gradients in one pass.
        sum(nn.functional.relu(tied.forward(nn.functional.relu(tied.forward(lin.forward(x)))))).backward();
        opt.step();
      };
      for (const setToNone of [false, true]) {
        for (let i = 0; i < 5; i++) step(setToNone);
        const before = store.stats().liveBytes;
        for (let i = 0; i < 100; i++) step(setToNone);
        assert.ok(store.stats().liveBytes - before <= 64 * 64 * 4 * 2, `set_to_none=${setToNone}: live resident bytes grew by ${store.stats().liveBytes - before} over 100 steps`);
      }
      // A backward through a released graph throws after some rules ran: their blocks go back.
      const y = nn.functional.relu(lin.forward(x));
      sum(mul(y, 2)).backward();
      const before = store.stats().liveBytes;
      for (let i = 0; i < 100; i++) assert.throws(() => sum(mul(y, 3)).backward(), /backward through the graph a second time/);
      assert.equal(store.stats().liveBytes, before, "failed backward passes left blocks behind");
    });
  });

  it("tied weights get the gradients ordinary storage gives, bit for bit", () => {
    const run = (transient: boolean) => on("wasm", () => {
      if (!transient) setTransientFloat32(null);
      try {
        manual_seed(8);
        const a = new nn.Linear(50, 60), t = new nn.Linear(60, 60);
        const x = randn(16, 50);
        const out = t.forward(nn.functional.tanh(t.forward(nn.functional.relu(a.forward(x)))));
        sum(out).backward();
        return [...a.parameters(), ...t.parameters()].map((p) => bits(p._peekGrad()!.data as Float32Array));
      } finally {
        setTransientFloat32(transientOn);
      }
    });
    assert.deepEqual(run(true), run(false));
  });

  it("a gradient user code took is never overwritten by a later step (optimizer or module zero_grad)", () => {
    const kept: { t: Tensor; bits: number[] }[] = [];
    on("wasm", () => {
      manual_seed(6);
      const model = new nn.Sequential(new nn.Linear(40, 300), new nn.ReLU(), new nn.Linear(300, 5));
      const opt = new optim.SGD(model.parameters(), { lr: 0.05 });
      const x = randn(16, 40), y = randint(0, 5, [16]);
      for (let s = 0; s < 5; s++) {
        if (s < 4) opt.zero_grad();
        else model.zero_grad();
        new nn.CrossEntropyLoss().forward(model.forward(x), y).backward();
        // Steps 0 and 3 only: the gradients between them stay private and are recycled.
        if (s === 0 || s === 3) {
          const g = model.parameters()[0]!.grad!;
          kept.push({ t: g, bits: bits(g.data as Float32Array) });
        }
        opt.step();
      }
    });
    for (const [i, k] of kept.entries()) assert.deepEqual(bits(k.t.data as Float32Array), k.bits, `kept gradient ${i} changed after the user took it`);
    assert.notEqual(kept[0]!.t.data, kept[1]!.t.data);
  });
});

describe("recycling and the budget", () => {
  it("a dropped block returns to its size class once collected, and comes back zeroed", async () => {
    const n = 4099;
    let view: Float32Array | null = on("wasm", () => allocateLongLived("float32", n));
    assert.ok(store.isResident(view));
    const addr = view.byteOffset;
    view.fill(9);
    const freed0 = store.stats().freeBlocks;
    view = null;
    await collect(() => store.stats().freeBlocks > freed0);
    assert.ok(store.stats().freeBlocks > freed0, "the finalizer returned the block");
    assert.equal(sizeClass((n - 1) * 4), sizeClass(n * 4));
    // Other dropped blocks of this class (earlier tests' layers) may come back first: take
    // blocks of the class until this one shows up, each from a free list, each zeroed.
    const { reused: reused0, carved: carved0, freeBlocks } = store.stats();
    const taken: Float32Array[] = [];
    while (taken.length < freeBlocks && !taken.some((t) => t.byteOffset === addr)) {
      taken.push(on("wasm", () => allocateLongLived("float32", n - 1))); // same size class
    }
    assert.ok(taken.some((t) => t.byteOffset === addr), "the same block came back");
    assert.equal(store.stats().reused, reused0 + taken.length);
    assert.equal(store.stats().carved, carved0, "none carved");
    assert.ok(taken.every((t) => t.every((v) => v === 0)), "zeroed");
  });

  it("a slice keeps its parent's block from being reused", async () => {
    let parent: Float32Array | null = resident(rand(2048, 1));
    const slice = sliceData(parent, 100, 200);
    const want = bits(slice);
    const addr = parent.byteOffset;
    parent = null;
    for (let i = 0; i < 20; i++) {
      gc();
      await new Promise((r) => setTimeout(r, 10));
    }
    // Allocate many blocks of the parent's class: none may be the parent's.
    const others = Array.from({ length: 8 }, () => on("wasm", () => allocateLongLived("float32", 2048)));
    assert.ok(others.every((o) => o.byteOffset !== addr), "the parent's block was handed out while a slice lives");
    others.forEach((o) => o.fill(1));
    assert.deepEqual(bits(slice), want);
  });

  it("past the budget storage is ordinary, and training gives the same losses either way", () => {
    const train = () => {
      let weight: Tensor | null = null;
      const losses = trainSteps(0, 6, (ps) => (weight = ps[0]!));
      return { losses, residentWeight: store.isResident(weight!.data) };
    };
    const withStore = train();
    assert.ok(withStore.residentWeight);
    store.setBudget(store.stats().spanBytes); // nothing new fits
    // ... and nothing old either: take the free blocks of the layers' size classes (dropped
    // parameters and gradients of earlier tests) until the store says no.
    const held: Float32Array[] = [];
    for (const n of [40 * 300, 300 * 5]) for (let b = store.allocateF32(n); b; b = store.allocateF32(n)) held.push(b);
    try {
      const without = train();
      assert.ok(!without.residentWeight, "past the budget a parameter is ordinary");
      assert.deepEqual(without.losses, withStore.losses);
    } finally {
      store.setBudget(DEFAULT_BUDGET_MIB * 2 ** 20);
      held.length = 0;
    }
  });

  it("a bad NNINIT_RESIDENT_MIB is an error that names it, not a silent fallback", () => {
    const code = `import(${JSON.stringify(path.join(root, "dist/index.js"))}).then(() => console.log("loaded"))`;
    const env: NodeJS.ProcessEnv = { ...process.env, NNINIT_RESIDENT_MIB: "lots" };
    delete env.NODE_TEST_CONTEXT;
    const r = spawnSync(process.execPath, ["-e", code], { encoding: "utf8", env });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /NNINIT_RESIDENT_MIB="lots" is not a number of MiB/);
    const ok = spawnSync(process.execPath, ["-e", code], { encoding: "utf8", env: { ...env, NNINIT_RESIDENT_MIB: "0" } });
    assert.equal(ok.status, 0, ok.stderr);
  });
});
