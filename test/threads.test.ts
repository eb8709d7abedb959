/**
 * Worker threads (src/kernels/wasm/pool.ts) and the parallel wasm sgemm: `set_num_threads` /
 * `get_num_threads` behave like PyTorch's, a split product is BITWISE the single-thread one
 * for any shape, transpose, beta and thread count 1..4 (each output's K-sum order does not
 * depend on the split), the workers see memory the main thread grows, and a process that
 * used them exits on its own.
 */
import { describe, it, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { set_num_threads, get_num_threads, ArgumentTypeError, RuntimeError } from "../src/index.js";
import { get_backend, kernels, set_backend } from "../src/kernels/index.js";
import { enableWasmBackend, setParallelMinFlops, splitOutput, PARALLEL_MIN_FLOPS } from "../src/kernels/wasm/gemm.js";
import { helpers, runTasks, workerBlocks, workerCount } from "../src/kernels/wasm/pool.js";
import { wasmRuntime } from "../src/kernels/wasm/runtime.js";
import { useThreads } from "./support/threads.js";
import { rand } from "./support/lcg.js";

const FC = { seed: 42, numRuns: 60 } as const;
assert.ok(enableWasmBackend(), "wasm backend missing: run `npm run build`");
const rt = wasmRuntime()!;
const defaultThreads = get_num_threads();


function firstDiff(a: Float32Array, b: Float32Array): string {
  const u = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const v = new Uint32Array(b.buffer, b.byteOffset, b.length);
  const i = u.findIndex((x, k) => x !== v[k]);
  return i < 0 ? "identical" : `first difference at ${i}: ${a[i]} (0x${u[i]!.toString(16)}) vs ${b[i]} (0x${v[i]!.toString(16)})`;
}

interface Case { tA: boolean; tB: boolean; M: number; N: number; K: number; beta: number; pad: number; seed: number }

/** Runs one wasm sgemm on fresh copies of the case's operands; C is strided by N + pad. */
function runCase(c: Case): Float32Array {
  const { tA, tB, M, N, K, beta, pad, seed } = c;
  const lda = (tA ? M : K) + pad, ldb = (tB ? K : N) + pad, ldc = N + pad;
  const A = rand((tA ? K : M) * lda, seed), B = rand((tB ? N : K) * ldb, seed + 1), C = rand(M * ldc, seed + 2);
  kernels().sgemm(tA, tB, M, N, K, A, 0, lda, B, 0, ldb, beta, C, 0, ldc);
  return C;
}

describe("set_num_threads / get_num_threads", () => {
  after(() => set_num_threads(defaultThreads));
  it("defaults to os.availableParallelism()", () => {
    assert.equal(defaultThreads, availableParallelism());
  });
  it("round-trips a positive count", () => {
    set_num_threads(3);
    assert.equal(get_num_threads(), 3);
    set_num_threads(1);
    assert.equal(get_num_threads(), 1);
  });
  it("rejects non-positive counts with PyTorch's message, naming the value and the fix", () => {
    for (const n of [0, -2]) {
      assert.throws(() => set_num_threads(n), (e: unknown) =>
        e instanceof RuntimeError && /set_num_threads expects a positive integer/.test(e.message) && e.message.includes(`nthreads=${n}`) && /Pass 1/.test(e.message));
    }
  });
  it("rejects non-integers as a TypeError", () => {
    for (const n of [1.5, NaN, "2", null] as unknown[]) {
      assert.throws(() => set_num_threads(n as number), ArgumentTypeError);
    }
  });
  it("a rejected call leaves the setting unchanged", () => {
    set_num_threads(2);
    assert.throws(() => set_num_threads(0));
    assert.equal(get_num_threads(), 2);
  });
});

describe("splitOutput", () => {
  it("tiles M × N exactly once, on whole 4 × 8 tiles, along the longer side", () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 6 }), (M, N, p) => {
      const blocks = splitOutput(M, N, p);
      assert.ok(blocks.length >= 1 && blocks.length <= p);
      const seen = new Uint8Array(M * N);
      for (const b of blocks) {
        assert.ok(b.m > 0 && b.n > 0, `empty block ${JSON.stringify(b)}`);
        if (M <= N) assert.equal(b.j0 % 8, 0); else assert.equal(b.i0 % 4, 0);
        for (let i = b.i0; i < b.i0 + b.m; i++) for (let j = b.j0; j < b.j0 + b.n; j++) seen[i * N + j]!++;
      }
      assert.ok(seen.every((v) => v === 1), "every output element in exactly one block");
    }), FC);
  });
});

describe("parallel wasm sgemm", () => {
  const saved = get_backend();
  after(() => {
    setParallelMinFlops(PARALLEL_MIN_FLOPS);
    set_num_threads(defaultThreads);
    set_backend(saved);
  });

  it("is bitwise the single-thread kernel over shapes, transposes, beta, strides and 1..4 threads", async () => {
    set_backend("wasm");
    setParallelMinFlops(0); // split even tiny, ragged products
    const arb = fc.record({
      tA: fc.boolean(), tB: fc.boolean(),
      M: fc.integer({ min: 1, max: 70 }), N: fc.integer({ min: 1, max: 70 }), K: fc.integer({ min: 0, max: 300 }),
      beta: fc.constantFrom(0, 1, 0.5, -2), pad: fc.constantFrom(0, 3), seed: fc.integer({ min: 0, max: 1e6 }),
    });
    const cases = fc.sample(arb, { seed: 42, numRuns: 120 });
    await useThreads(1);
    const expected = cases.map(runCase);
    for (const threads of [2, 3, 4]) {
      await useThreads(threads);
      const before = workerBlocks();
      // Blocks are claimed dynamically, so on a busy machine the main thread may take them all;
      // repeat (yielding in between) until the workers have taken part, for at most 50 passes.
      for (let pass = 0; pass < 50 && (pass === 0 || workerBlocks() === before); pass++) {
        cases.forEach((c, i) => {
          const got = runCase(c);
          assert.equal(firstDiff(got, expected[i]!), "identical", `${threads} threads, ${JSON.stringify(c)}`);
        });
        await new Promise((r) => setTimeout(r, 10));
      }
      assert.ok(workerBlocks() > before, `workers ran no blocks with ${threads} threads`);
    }
  });

  it("splits across the workers at the default threshold and still matches (a 1024×1024×1024-class product)", async () => {
    set_backend("wasm");
    setParallelMinFlops(PARALLEL_MIN_FLOPS);
    const c: Case = { tA: false, tB: true, M: 300, N: 517, K: 700, beta: 1, pad: 0, seed: 7 };
    await useThreads(1);
    const one = runCase(c);
    await useThreads(2);
    assert.ok(helpers(rt) >= 1, "a worker is ready");
    assert.equal(firstDiff(runCase(c), one), "identical");
  });

  it("each thread packs the shared operand once per job: column and row splits past every cache block (MC, KC, NC) match one thread", async () => {
    // Column blocks share op(A), row blocks op(B) (packAll in assembly/gemm.ts): these shapes
    // put several MC row blocks, KC depth slabs and (for the row split) NC column blocks in it.
    set_backend("wasm");
    setParallelMinFlops(0);
    const cases: Case[] = [
      { tA: false, tB: false, M: 261, N: 600, K: 530, beta: 0, pad: 1, seed: 11 },
      { tA: true, tB: true, M: 300, N: 301, K: 270, beta: 0.5, pad: 0, seed: 12 },
      { tA: false, tB: true, M: 2300, N: 2090, K: 260, beta: 0, pad: 0, seed: 13 },
      { tA: true, tB: false, M: 613, N: 42, K: 777, beta: 1, pad: 2, seed: 14 },
    ];
    await useThreads(1);
    const expected = cases.map(runCase);
    for (const threads of [2, 3]) {
      await useThreads(threads);
      const before = workerBlocks();
      for (let pass = 0; pass < 20 && (pass === 0 || workerBlocks() === before); pass++) {
        cases.forEach((c, i) => assert.equal(firstDiff(runCase(c), expected[i]!), "identical", `${threads} threads, ${JSON.stringify(c)}`));
        await new Promise((r) => setTimeout(r, 10));
      }
      assert.ok(workerBlocks() > before, `workers ran no blocks with ${threads} threads`);
    }
  });

  it("workers see memory grown after they started", async () => {
    set_backend("wasm");
    setParallelMinFlops(0);
    await useThreads(2);
    const before = rt.memory.buffer.byteLength;
    // Operands bigger than the memory so far: the wrapper grows it; the worker's half lies in the new pages.
    const side = Math.ceil(Math.sqrt(before / 4)) + 64;
    const c: Case = { tA: false, tB: false, M: side, N: side, K: 40, beta: 0, pad: 0, seed: 3 };
    const two = runCase(c);
    assert.ok(rt.memory.buffer.byteLength > before, "the product grew the memory");
    await useThreads(1);
    assert.equal(firstDiff(two, runCase(c)), "identical");
  });

  it("a block that traps (in any thread) throws, and the pool keeps working", async () => {
    set_backend("wasm");
    setParallelMinFlops(0);
    await useThreads(2);
    // maxPool2d over one plane at an address far past the memory: every block traps.
    const bad = { fn: "maxPool2d" as const, args: [0x7ff00000, 1, 4, 4, 2, 2, 2, 2, 0, 0, 1, 1, 2, 2, 0x7ff10000, 0x7ff20000] };
    assert.throws(() => runTasks(rt, Array.from({ length: 8 }, () => bad)), /out of bounds|trapped/);
    const c: Case = { tA: false, tB: false, M: 40, N: 64, K: 30, beta: 0, pad: 0, seed: 9 };
    const two = runCase(c);
    await useThreads(1);
    assert.equal(firstDiff(two, runCase(c)), "identical");
  });

  it("set_num_threads(1) stops the workers", async () => {
    await useThreads(3);
    assert.ok(workerCount() >= 2);
    set_num_threads(1);
    assert.equal(workerCount(), 0);
    assert.equal(helpers(rt), 0);
  });
});

describe("process exit", () => {
  it("a script that ran parallel products exits on its own (workers are unref'd)", () => {
    const entry = new URL("../src/index.js", import.meta.url).href;
    const pool = new URL("../src/kernels/wasm/pool.js", import.meta.url).href;
    const rtUrl = new URL("../src/kernels/wasm/runtime.js", import.meta.url).href;
    const body = `
      const lib = await import(${JSON.stringify(entry)});
      const { helpers } = await import(${JSON.stringify(pool)});
      const { wasmRuntime } = await import(${JSON.stringify(rtUrl)});
      lib.set_backend("wasm");
      lib.set_num_threads(2);
      const a = lib.randn(512, 512), b = lib.randn(512, 512);
      lib.nn.functional.linear(a, b); // starts the worker
      while (helpers(wasmRuntime()) < 1) await new Promise((r) => setTimeout(r, 5));
      for (let i = 0; i < 20; i++) lib.nn.functional.linear(a, b);
      console.log("done");
    `;
    const t0 = Date.now();
    // --input-type is inherited by workers unless the pool filters it out: a regression guard.
    const r = spawnSync(process.execPath, ["--input-type=module", "-e", body], { encoding: "utf8", timeout: 30_000, cwd: fileURLToPath(new URL(".", import.meta.url)) });
    assert.equal(r.status, 0, `exit status ${r.status}, signal ${r.signal}, stderr: ${r.stderr}`);
    assert.equal(r.stdout.trim(), "done");
    assert.ok(Date.now() - t0 < 30_000);
  });
});
