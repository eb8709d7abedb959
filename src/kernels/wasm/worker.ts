/**
 * A pool worker (see ./pool.ts): instantiates nninit.wasm over the main thread's shared memory
 * and runs the sgemm slices it is handed through the control block (./control.ts) until told
 * to quit. It never allocates wasm memory: the main thread lays out every operand and this
 * worker's packing workspace before it bumps SEQ.
 */
import { workerData } from "node:worker_threads";
import { ARGS, CALLABLE, DONE, ERROR, OP, OP_CALL, OP_QUIT, OP_SGEMM, READY, SEQ, SLOT_INTS, SPIN, type WorkerData } from "./control.js";

declare const WebAssembly: {
  Instance: new (module: unknown, imports: object) => { readonly exports: Record<string, unknown> };
};

type Sgemm = (
  tA: number, tB: number, M: number, N: number, K: number, a: number, lda: number,
  b: number, ldb: number, beta: number, c: number, ldc: number, work: number,
) => void;

const { module, memory, control, slot } = workerData as WorkerData;
const ctl = new Int32Array(control);
const f32 = new Float32Array(control);
const base = slot * SLOT_INTS;
const exports = new WebAssembly.Instance(module, { env: { memory } }).exports;
const sgemm = exports.sgemm as Sgemm;
const callable = CALLABLE.map((name) => exports[name] as (...args: number[]) => void);

function call(): void {
  const a = base + ARGS;
  const args = Array.from(ctl.subarray(a + 2, a + 2 + ctl[a + 1]!));
  callable[ctl[a]!]!(...args);
}

function run(): void {
  const a = base + ARGS;
  sgemm(
    ctl[a]!, ctl[a + 1]!, ctl[a + 2]!, ctl[a + 3]!, ctl[a + 4]!, ctl[a + 5]!, ctl[a + 6]!,
    ctl[a + 7]!, ctl[a + 8]!, f32[a + 9]!, ctl[a + 10]!, ctl[a + 11]!, ctl[a + 12]!,
  );
}

Atomics.store(ctl, base + READY, 1);
let seen = Atomics.load(ctl, base + SEQ);
for (;;) {
  let seq = Atomics.load(ctl, base + SEQ);
  for (let i = 0; seq === seen && i < SPIN; i++) seq = Atomics.load(ctl, base + SEQ);
  if (seq === seen) {
    Atomics.wait(ctl, base + SEQ, seen);
    continue;
  }
  seen = seq;
  const op = ctl[base + OP];
  if (op === OP_QUIT) break;
  try {
    if (op === OP_SGEMM) run();
    else if (op === OP_CALL) call();
    Atomics.store(ctl, base + ERROR, 0);
  } catch {
    Atomics.store(ctl, base + ERROR, 1);
  }
  Atomics.store(ctl, base + DONE, seen);
  Atomics.notify(ctl, base + DONE);
}
Atomics.store(ctl, base + READY, 0);
