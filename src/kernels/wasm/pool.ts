/**
 * The worker pool behind the "wasm" backend's parallel kernels, and PyTorch's
 * `torch.set_num_threads` / `torch.get_num_threads` that size it.
 *
 * Each worker (./worker.ts) instantiates the SAME compiled module over the SAME shared memory
 * as the main thread, so a block of work is only a handful of integers (byte addresses into
 * that memory) in the control block (./control.ts). `runTasks` publishes a job of blocks,
 * notifies the workers, claims blocks itself like any worker, then waits for the stragglers.
 * No postMessage per call.
 *
 * Workers start lazily, on the first call big enough to split (a process that only does small
 * work never starts one), they are `unref()`'d so they never keep the process alive, and they
 * take part only once they report READY, so the first big call never blocks on their start-up.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { ArgumentTypeError, RuntimeError, show } from "../../errors/index.js";
import {
  BLOCK_INTS, CALLABLE, CLAIM, CONTROL_INTS, DONE_COUNT, FAILED, JOB, MAX_BLOCKS, MAX_CALL_ARGS, MAX_WORKERS,
  OP_CALL, OP_SGEMM, QUIT, READY, SHARE_NONE, SHARED, SHARED_FLOATS, SPIN, WORK_BASE, WORK_STRIDE, WORKER_BLOCKS, blockBase, claim, finish, runBlock, slotBase,
  type Callable, type WorkerData,
} from "./control.js";
import type { WasmRuntime } from "./runtime.js";

/** One sgemm block's arguments, all byte addresses and strides in the shared memory (the workspace is per thread). */
export interface SgemmTask {
  tA: number; tB: number; M: number; N: number; K: number;
  a: number; lda: number; b: number; ldb: number;
  beta: number; c: number; ldc: number;
}

/** A call of one of the CALLABLE exports with int32 arguments (byte addresses, sizes). */
export interface CallTask { fn: Callable; args: number[] }

export type Task = SgemmTask | CallTask;

interface PoolWorker {
  readonly worker: Worker;
  readonly slot: number;
}

let numThreads = Math.max(1, availableParallelism());
const control = new SharedArrayBuffer(CONTROL_INTS * 4);
const ctl = new Int32Array(control);
const ctlF32 = new Float32Array(control);
const workers: PoolWorker[] = [];
/** Slots whose worker has exited (or never started), lowest first, free for a new one. */
const freeSlots = Array.from({ length: MAX_WORKERS }, (_, i) => MAX_WORKERS - 1 - i);
/** Slots in use by a live worker (ready, starting, or quitting): each needs a workspace. */
const liveSlots = new Set<number>();
/** Set when a worker fails to start: the pool then stays single-threaded for good. */
let broken = false;
let jobCounter = 0;

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
  while (workers.length > n - 1) {
    const w = workers.pop()!;
    Atomics.store(ctl, slotBase(w.slot) + QUIT, 1);
    Atomics.notify(ctl, JOB); // wakes it (JOB unchanged) to see QUIT
  }
}

/** `torch.get_num_threads()`: the thread count set_num_threads chose (the calling thread included). */
export function get_num_threads(): number {
  return numThreads;
}

function spawn(rt: WasmRuntime): void {
  const slot = freeSlots.pop();
  if (slot === undefined) return;
  const base = slotBase(slot);
  Atomics.store(ctl, base + READY, 0);
  Atomics.store(ctl, base + QUIT, 0);
  const data: WorkerData = { module: rt.module, memory: rt.memory, control, slot };
  let worker: Worker;
  try {
    // Node flags are inherited, except --input-type, which a worker started from a file rejects,
    // and V8's per-process WebAssembly flags (e.g. --experimental-wasm-relaxed-simd, which selects
    // nninit-relaxed.wasm), which Worker rejects (ERR_WORKER_INVALID_EXEC_ARGV) and which already
    // apply to every thread of the process.
    const execArgv = process.execArgv.filter((a) => !a.startsWith("--input-type") && !/^--(no-)?(experimental-)?wasm[-_]/.test(a));
    worker = new Worker(new URL("./worker.js", import.meta.url), { workerData: data, execArgv });
  } catch {
    freeSlots.push(slot);
    broken = true;
    return;
  }
  worker.unref();
  const w: PoolWorker = { worker, slot };
  workers.push(w);
  liveSlots.add(slot);
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
    liveSlots.delete(slot);
    freeSlots.push(slot);
  });
}

/**
 * Workers ready to take part now, at most get_num_threads() − 1. Starts the missing ones
 * (they join a later call, once READY): call it only for work worth splitting.
 */
export function helpers(rt: WasmRuntime): number {
  const want = Math.min(numThreads - 1, MAX_WORKERS);
  if (want <= 0) return 0;
  while (!broken && workers.length < want) spawn(rt);
  let ready = 0;
  for (const w of workers) if (Atomics.load(ctl, slotBase(w.slot) + READY) === 1) ready++;
  return Math.min(ready, want);
}

/** Workspaces a job must provide: one for the main thread and one per live worker slot (by slot index). */
export function workspaces(): number {
  let top = -1;
  for (const s of liveSlots) top = Math.max(top, s);
  return top + 2;
}

/**
 * Blocks to cut a job into for `threads` threads: four per thread, so a thread that the shared
 * machine runs late holds up the others by at most a quarter of its share. The operand all
 * blocks share (op(A) for a column split) is packed once per thread, not per block (gemm.ts), so
 * more blocks cost only their B panels and edge tiles; A/B runs of the training steps (2, 3, 4
 * per thread, under load, when each block still repacked it) favoured 4.
 */
export function blocksFor(threads: number): number {
  return threads <= 1 ? 1 : Math.min(MAX_BLOCKS, 4 * threads);
}

function writeBlock(i: number, t: Task): void {
  const b = blockBase(i);
  if ("fn" in t) {
    if (t.args.length > MAX_CALL_ARGS) throw new RuntimeError(`runTasks: ${t.fn} with ${t.args.length} arguments; a block holds ${MAX_CALL_ARGS}.`);
    ctl[b] = OP_CALL;
    ctl[b + 1] = CALLABLE.indexOf(t.fn);
    ctl[b + 2] = t.args.length;
    ctl.set(t.args, b + 3);
    return;
  }
  ctl[b] = OP_SGEMM;
  ctl[b + 1] = t.tA; ctl[b + 2] = t.tB; ctl[b + 3] = t.M; ctl[b + 4] = t.N; ctl[b + 5] = t.K;
  ctl[b + 6] = t.a; ctl[b + 7] = t.lda; ctl[b + 8] = t.b; ctl[b + 9] = t.ldb;
  ctlF32[b + 10] = t.beta; ctl[b + 11] = t.c; ctl[b + 12] = t.ldc;
}

/**
 * Runs every task (block) on this thread and the ready workers, each claiming the next
 * unclaimed block, and returns once all are done. sgemm blocks use the claiming thread's
 * workspace: thread t (0 here, slot + 1 for a worker) packs at workBase + t·workStride, for
 * workspaces() threads. `meanwhile`, if given, runs on this thread once the job is published,
 * before it claims blocks (host work on memory no block touches, e.g. copying out a previous result).
 */
export function runTasks(
  rt: WasmRuntime, tasks: readonly Task[], workBase = 0, workStride = 0, meanwhile?: () => void,
  shared: { share: number; floats: number } = { share: SHARE_NONE, floats: 0 },
): void {
  const n = tasks.length;
  if (n > MAX_BLOCKS || n > 255) throw new RuntimeError(`runTasks: ${n} blocks; at most ${MAX_BLOCKS}.`);
  if (n === 0) return;
  tasks.forEach((t, i) => writeBlock(i, t));
  const job = (jobCounter = (jobCounter + 1) | 0);
  ctl[WORK_BASE] = workBase;
  ctl[WORK_STRIDE] = workStride;
  ctl[SHARED] = shared.share;
  ctl[SHARED_FLOATS] = shared.floats;
  Atomics.store(ctl, DONE_COUNT, 0);
  Atomics.store(ctl, FAILED, 0);
  Atomics.store(ctl, CLAIM, ((job & 0xffff) << 16) | (n << 8));
  Atomics.store(ctl, JOB, job);
  Atomics.notify(ctl, JOB);
  let failure: unknown = null;
  if (meanwhile) {
    try {
      meanwhile();
    } catch (e) {
      failure = e;
    }
  }
  for (let i = claim(ctl, job); i >= 0; i = claim(ctl, job)) {
    try {
      runBlock(ctl, ctlF32, rt.exports, i, workBase, job);
    } catch (e) {
      failure ??= e;
    }
    finish(ctl, n, false);
  }
  // Wait for blocks other threads claimed (always: never leave a job running).
  let done = Atomics.load(ctl, DONE_COUNT);
  for (let s = 0; done !== n && s < SPIN; s++) done = Atomics.load(ctl, DONE_COUNT);
  while (done !== n) {
    Atomics.wait(ctl, DONE_COUNT, done);
    done = Atomics.load(ctl, DONE_COUNT);
  }
  if (failure !== null) throw failure;
  if (Atomics.load(ctl, FAILED) !== 0) {
    throw new RuntimeError("A worker thread's WebAssembly kernel trapped. Call set_num_threads(1) to run on one thread and see the error.");
  }
}

/** Test hook: blocks the workers have run since start. */
export function workerBlocks(): number {
  return Atomics.load(ctl, WORKER_BLOCKS);
}

/** Test hook: the workers currently started (ready or not). */
export function workerCount(): number {
  return workers.length;
}

/** Loops touching fewer elements than this stay on one thread (a hand-off costs ~10–50 µs). */
export const PARALLEL_MIN_ELEMENTS = 1 << 16;
let parallelMinElements = PARALLEL_MIN_ELEMENTS;

/** Test hook: split loops of at least `n` elements (so that tests can split small ones). */
export function setParallelMinElements(n: number): void {
  parallelMinElements = n;
}

/**
 * Threads (this one included) a loop touching `elements` elements may be split over: 1 below
 * the threshold (setParallelMinElements), else 1 + the ready workers (starting missing ones).
 */
export function threadsFor(rt: WasmRuntime, elements: number): number {
  return elements >= parallelMinElements ? 1 + helpers(rt) : 1;
}

/**
 * Cuts [0, n) into at most `parts` contiguous, non-empty ranges [lo, hi) of whole `align`-element
 * groups (the last one clipped to n), as even as integer division allows: how the transforms of
 * the fills split a chunk (16 for Box–Muller blocks, 4 for one f32x4 quad).
 */
export function alignedRanges(n: number, align: number, parts: number): [number, number][] {
  const groups = Math.ceil(n / align);
  const k = Math.min(parts, groups);
  const out: [number, number][] = [];
  for (let t = 0; t < k; t++) {
    out.push([Math.floor((t * groups) / k) * align, Math.min(n, Math.floor(((t + 1) * groups) / k) * align)]);
  }
  return out;
}

/**
 * Runs the CALLABLE export `fn` over [0, total), cut into contiguous ranges run by this thread
 * and the ready workers when the loop touches at least PARALLEL_MIN_ELEMENTS elements.
 * `argsFor(lo, hi)` gives the arguments for one range; the ranges must write disjoint memory.
 */
export function parallelCall(
  rt: WasmRuntime, fn: Callable, total: number, elements: number, argsFor: (lo: number, hi: number) => number[],
): void {
  const parts = elements >= parallelMinElements ? Math.min(total, blocksFor(1 + helpers(rt))) : 1;
  if (parts <= 1) {
    (rt.exports[fn] as (...args: number[]) => void)(...argsFor(0, total));
    return;
  }
  runTasks(rt, alignedRanges(total, 1, parts).map(([lo, hi]) => ({ fn, args: argsFor(lo, hi) })));
}

// A block must hold sgemm's 13 words.
if (BLOCK_INTS < 13) throw new RuntimeError("pool: control block too small");
