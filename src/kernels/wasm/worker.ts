/**
 * A pool worker (see ./pool.ts, ./control.ts): instantiates nninit.wasm over the main thread's
 * shared memory, then sleeps on JOB; on each new job it claims and runs blocks until none are
 * left, and goes back to waiting, until its QUIT word is set. It never allocates wasm memory:
 * the main thread lays out every operand and every thread's workspace before publishing a job.
 */
import { workerData } from "node:worker_threads";
import { JOB, QUIT, READY, SPIN, WORK_BASE, WORK_STRIDE, claim, finish, runBlock, slotBase, CLAIM, WORKER_BLOCKS, type WorkerData } from "./control.js";

declare const WebAssembly: {
  Instance: new (module: unknown, imports: object) => { readonly exports: Record<string, unknown> };
};

const { module, memory, control, slot } = workerData as WorkerData;
const ctl = new Int32Array(control);
const f32 = new Float32Array(control);
const me = slotBase(slot);
const exports = new WebAssembly.Instance(module, { env: { memory } }).exports;

Atomics.store(ctl, me + READY, 1);
let seen = Atomics.load(ctl, JOB);
for (;;) {
  let job = Atomics.load(ctl, JOB);
  for (let i = 0; job === seen && i < SPIN; i++) job = Atomics.load(ctl, JOB);
  if (Atomics.load(ctl, me + QUIT) !== 0) break;
  if (job === seen) {
    Atomics.wait(ctl, JOB, seen); // also woken (value unchanged) to see QUIT
    continue;
  }
  seen = job;
  const blocks = (Atomics.load(ctl, CLAIM) >>> 8) & 0xff;
  const work = ctl[WORK_BASE]! + (slot + 1) * ctl[WORK_STRIDE]!;
  for (let i = claim(ctl, job); i >= 0; i = claim(ctl, job)) {
    let failed = false;
    try {
      runBlock(ctl, f32, exports, i, work, job);
    } catch {
      failed = true;
    }
    Atomics.add(ctl, WORKER_BLOCKS, 1);
    finish(ctl, blocks, failed);
  }
}
Atomics.store(ctl, me + READY, 0);
