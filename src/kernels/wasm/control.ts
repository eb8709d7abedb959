/**
 * The control block the worker pool (./pool.ts) and its workers (./worker.ts) share: one
 * SharedArrayBuffer of Int32 slots, one slot of SLOT_INTS per worker (128 bytes: two cache
 * lines, so two workers never share one, even with adjacent-line prefetch). The main thread writes a task's arguments, then bumps
 * SEQ and notifies; the worker runs it, stores DONE = SEQ (or ERROR) and notifies back.
 * Dispatch is Atomics.wait/notify on these words: no postMessage per call.
 */

/** Int32 words per worker slot (128 bytes). */
export const SLOT_INTS = 32;

// Word offsets inside a slot.
/** Task sequence number, bumped by the main thread; the worker waits on it. */
export const SEQ = 0;
/** The SEQ of the last finished task, stored by the worker; the main thread waits on it. */
export const DONE = 1;
/** 1 once the worker has instantiated the module and is waiting for work. */
export const READY = 2;
/** Non-zero when the last task threw (the worker keeps running; the main thread rethrows). */
export const ERROR = 3;
/** What to run: OP_SGEMM, OP_CALL or OP_QUIT. */
export const OP = 4;
/** sgemm arguments: transA, transB, M, N, K, a, lda, b, ldb, beta (f32 bits), c, ldc, work; or OP_CALL's. */
export const ARGS = 5;
/** The most int32 arguments an OP_CALL can pass (the slot's remaining words). */
export const MAX_CALL_ARGS = 32 - ARGS - 2;

export const OP_SGEMM = 1;
export const OP_QUIT = 2;
/** Call CALLABLE[ctl[ARGS]] with the ctl[ARGS + 1] int32 arguments that follow. */
export const OP_CALL = 3;
/** The exports OP_CALL may run: data-parallel loops split by the caller over disjoint outputs. */
export const CALLABLE = ["im2col", "col2im", "maxPool2d"] as const;
export type Callable = (typeof CALLABLE)[number];

/**
 * Iterations a worker polls SEQ before sleeping in Atomics.wait. A training step issues its
 * products back to back, so a short spin (tens of microseconds) saves the wake-up latency of
 * a futex (~20–60 µs) without holding a core between steps.
 */
export const SPIN = 20000;

export interface WorkerData {
  module: unknown;
  memory: unknown;
  control: SharedArrayBuffer;
  slot: number;
}
