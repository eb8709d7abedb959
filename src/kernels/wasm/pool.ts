/**
 * The worker pool behind the "wasm" backend's parallel kernels, and PyTorch's
 * `torch.set_num_threads` / `torch.get_num_threads` that size it.
 *
 * Each worker (./worker.ts) instantiates the SAME compiled module over the SAME shared memory
 * as the main thread, so a task is only a handful of integers (byte addresses into that memory)
 * written into a control block (./control.ts) and handed over with Atomics.notify; the main
 * thread runs its own share meanwhile, then Atomics.waits for the rest. No postMessage per call.
 *
 * Workers start lazily, on the first call big enough to split (a process that only does small
 * work never starts one), they are `unref()`'d so they never keep the process alive, and they
 * are used only once they report READY, so the first big call never blocks on their start-up.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { ArgumentTypeError, RuntimeError, show } from "../../errors/index.js";
import {
  ARGS, CALLABLE, DONE, ERROR, MAX_CALL_ARGS, OP, OP_CALL, OP_QUIT, OP_SGEMM, READY, SEQ, SLOT_INTS, SPIN,
  type Callable, type WorkerData,
} from "./control.js";
import type { WasmRuntime } from "./runtime.js";

/** Slots in the control block: the most workers the pool will ever run at once. */
const MAX_WORKERS = 255;

/** One sgemm call's arguments, all byte addresses and strides in the shared memory. */
export interface SgemmTask {
  tA: number; tB: number; M: number; N: number; K: number;
  a: number; lda: number; b: number; ldb: number;
  beta: number; c: number; ldc: number; work: number;
}

/** A call of one of the CALLABLE exports with int32 arguments (byte addresses, sizes). */
export interface CallTask { fn: Callable; args: number[] }

export type Task = SgemmTask | CallTask;

interface PoolWorker {
  readonly worker: Worker;
  readonly slot: number;
  /** The SEQ of the last task handed to it. */
  seq: number;
}

let numThreads = Math.max(1, availableParallelism());
const control = new SharedArrayBuffer((MAX_WORKERS + 1) * SLOT_INTS * 4);
const ctl = new Int32Array(control);
const ctlF32 = new Float32Array(control);
const workers: PoolWorker[] = [];
/** Slots whose worker has exited (or never started), free for a new one. */
const freeSlots = Array.from({ length: MAX_WORKERS }, (_, i) => MAX_WORKERS - 1 - i);
/** Set when a worker fails to start: the pool then stays single-threaded for good. */
let broken = false;

/**
 * `torch.set_num_threads(n)`: the threads the WebAssembly kernels may use, the calling thread
 * included; 1 means no workers (and stops any running). Default: `os.availableParallelism()`.
 * @example set_num_threads(2); // the main thread plus one worker
 */
export function set_num_threads(n: number): void {
  if (typeof n !== "number" || !Number.isInteger(n)) {
    throw new ArgumentTypeError(`set_num_threads expects an int, but got ${show(n)}. Pass a positive integer such as 1 or 2.`);
  }
  if (n < 1) {
    throw new RuntimeError(`set_num_threads expects a positive integer, but got nthreads=${n}. Pass 1 for single-threaded kernels, or more to add workers.`);
  }
  numThreads = n;
  while (workers.length > n - 1) quit(workers.pop()!);
}

/** `torch.get_num_threads()`: the thread count set_num_threads chose (the calling thread included). */
export function get_num_threads(): number {
  return numThreads;
}

function quit(w: PoolWorker): void {
  const base = w.slot * SLOT_INTS;
  ctl[base + OP] = OP_QUIT;
  Atomics.store(ctl, base + SEQ, ++w.seq);
  Atomics.notify(ctl, base + SEQ);
}

function spawn(rt: WasmRuntime): void {
  const slot = freeSlots.pop();
  if (slot === undefined) return;
  const base = slot * SLOT_INTS;
  Atomics.store(ctl, base + READY, 0);
  const data: WorkerData = { module: rt.module, memory: rt.memory, control, slot };
  let worker: Worker;
  try {
    // Node flags are inherited, except --input-type, which a worker started from a file rejects.
    const execArgv = process.execArgv.filter((a) => !a.startsWith("--input-type"));
    worker = new Worker(new URL("./worker.js", import.meta.url), { workerData: data, execArgv });
  } catch {
    freeSlots.push(slot);
    broken = true;
    return;
  }
  worker.unref();
  const w: PoolWorker = { worker, slot, seq: Atomics.load(ctl, base + SEQ) };
  workers.push(w);
  // A worker that cannot start (or dies) is dropped; the kernels fall back to fewer threads.
  worker.on("error", () => {
    broken = true;
    const i = workers.indexOf(w);
    if (i >= 0) workers.splice(i, 1);
  });
  worker.on("exit", () => {
    Atomics.store(ctl, base + READY, 0);
    const i = workers.indexOf(w);
    if (i >= 0) workers.splice(i, 1);
    freeSlots.push(slot);
  });
}

/**
 * Workers ready to take a task now, at most get_num_threads() − 1. Starts the missing ones
 * (they become usable on a later call, once READY): call it only for work worth splitting.
 */
export function helpers(rt: WasmRuntime): number {
  const want = Math.min(numThreads - 1, MAX_WORKERS);
  if (want <= 0) return 0;
  while (!broken && workers.length < want) spawn(rt);
  let ready = 0;
  for (const w of workers) {
    if (ready === want || Atomics.load(ctl, w.slot * SLOT_INTS + READY) !== 1) break;
    ready++;
  }
  return ready;
}

function post(w: PoolWorker, task: Task): void {
  const base = w.slot * SLOT_INTS;
  const a = base + ARGS;
  if ("fn" in task) {
    ctl[a] = CALLABLE.indexOf(task.fn);
    ctl[a + 1] = task.args.length;
    ctl.set(task.args, a + 2);
    ctl[base + OP] = OP_CALL;
    Atomics.store(ctl, base + SEQ, ++w.seq);
    Atomics.notify(ctl, base + SEQ);
    return;
  }
  const t = task;
  ctl[a] = t.tA; ctl[a + 1] = t.tB; ctl[a + 2] = t.M; ctl[a + 3] = t.N; ctl[a + 4] = t.K;
  ctl[a + 5] = t.a; ctl[a + 6] = t.lda; ctl[a + 7] = t.b; ctl[a + 8] = t.ldb;
  ctlF32[a + 9] = t.beta; ctl[a + 10] = t.c; ctl[a + 11] = t.ldc; ctl[a + 12] = t.work;
  ctl[base + OP] = OP_SGEMM;
  // The SEQ store is sequentially consistent, so the worker sees the arguments above it.
  Atomics.store(ctl, base + SEQ, ++w.seq);
  Atomics.notify(ctl, base + SEQ);
}

function await_(w: PoolWorker): boolean {
  const i = w.slot * SLOT_INTS + DONE;
  let done = Atomics.load(ctl, i);
  for (let s = 0; done !== w.seq && s < SPIN; s++) done = Atomics.load(ctl, i);
  while (done !== w.seq) {
    Atomics.wait(ctl, i, done);
    done = Atomics.load(ctl, i);
  }
  return Atomics.load(ctl, w.slot * SLOT_INTS + ERROR) === 0;
}

/**
 * Runs tasks[0] on this thread through `local` and tasks[1..] on the first ready workers
 * (the caller asked helpers() for at least tasks.length − 1), and returns once all are done.
 */
export function runTasks<T extends Task>(tasks: readonly T[], local: (t: T) => void): void {
  const used = workers.slice(0, tasks.length - 1);
  if (used.length !== tasks.length - 1) throw new RuntimeError(`runTasks: ${tasks.length - 1} worker tasks but ${used.length} workers.`);
  for (const t of tasks) {
    if ("fn" in t && t.args.length > MAX_CALL_ARGS) throw new RuntimeError(`runTasks: ${t.fn} with ${t.args.length} arguments; a slot holds ${MAX_CALL_ARGS}.`);
  }
  used.forEach((w, i) => post(w, tasks[i + 1]!));
  let failure: unknown = null;
  try {
    local(tasks[0]!);
  } catch (e) {
    failure = e;
  }
  let ok = true;
  for (const w of used) ok = await_(w) && ok; // always drain every worker before returning
  if (failure !== null) throw failure;
  if (!ok) throw new RuntimeError("A worker thread's WebAssembly kernel trapped. Call set_num_threads(1) to run on one thread and see the error.");
}

/** Test hook: the workers currently started (ready or not). */
export function workerCount(): number {
  return workers.length;
}

// The sgemm arguments (13) and the largest call must fit in a slot.
if (ARGS + 13 > SLOT_INTS || ARGS + 2 + MAX_CALL_ARGS > SLOT_INTS) throw new RuntimeError("pool: control slot too small");

/** Loops touching fewer elements than this stay on one thread (a hand-off costs ~10–50 µs). */
export const PARALLEL_MIN_ELEMENTS = 1 << 16;
let parallelMinElements = PARALLEL_MIN_ELEMENTS;

/** Test hook: split loops of at least `n` elements (so that tests can split small ones). */
export function setParallelMinElements(n: number): void {
  parallelMinElements = n;
}

/**
 * Runs the CALLABLE export `fn` over [0, total), split into contiguous ranges across this
 * thread and the ready workers when the loop touches at least PARALLEL_MIN_ELEMENTS elements.
 * `argsFor(lo, hi)` gives the arguments for one range; the ranges must write disjoint memory.
 */
export function parallelCall(
  rt: WasmRuntime, fn: Callable, total: number, elements: number, argsFor: (lo: number, hi: number) => number[],
): void {
  const f = rt.exports[fn] as (...args: number[]) => void;
  const parts = elements >= parallelMinElements ? Math.min(total, 1 + helpers(rt)) : 1;
  if (parts <= 1) {
    f(...argsFor(0, total));
    return;
  }
  const tasks: CallTask[] = [];
  for (let t = 0; t < parts; t++) tasks.push({ fn, args: argsFor(Math.floor((t * total) / parts), Math.floor(((t + 1) * total) / parts)) });
  runTasks(tasks, (t) => f(...t.args));
}
