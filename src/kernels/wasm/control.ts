/**
 * The control block the worker pool (./pool.ts) and its workers (./worker.ts) share: one
 * SharedArrayBuffer of int32 words. A parallel call is a JOB of up to MAX_BLOCKS independent
 * blocks (slices of one product or loop, writing disjoint memory) described in a block table.
 * The main thread publishes the job and notifies; then every thread, the main one included,
 * claims blocks one at a time with a compare-and-swap on CLAIM until none are left. A worker
 * that is slow to wake (the machine is shared) simply claims fewer blocks, so no thread ever
 * waits for one that has not started. Dispatch is Atomics only: no postMessage per call.
 */

/** Header words. */
export const JOB = 0; // job counter, bumped per job; idle workers Atomics.wait on it
/** (job & 0xffff) << 16 | blocks << 8 | next block: claims are CAS on this one word. */
export const CLAIM = 1;
export const DONE_COUNT = 2; // blocks finished in the current job; the main thread waits on it
export const FAILED = 3; // non-zero when a block of the current job threw
export const WORK_BASE = 4; // byte address of thread 0's sgemm packing workspace
export const WORK_STRIDE = 5; // bytes per thread's workspace; thread t (slot + 1) uses base + t·stride
export const WORKER_BLOCKS = 6; // blocks run by workers since start (a statistic, for tests)
/**
 * sgemm jobs: the operand every block shares, which each thread packs once per job (assembly
 * gemm.ts packAll) at the start of its workspace: SHARE_NONE, SHARE_A (column blocks: all of
 * op(A)) or SHARE_B (row blocks: all of op(B)). SHARED_FLOATS: the floats that packing takes.
 */
export const SHARED = 7;
export const SHARED_FLOATS = 8;
export const SHARE_NONE = 0;
export const SHARE_A = 1;
export const SHARE_B = 2;
export const HEADER_INTS = 32;

/** Per-worker words (SLOT_INTS apart after the header; 128 bytes, so no two share a cache line). */
export const SLOT_INTS = 32;
export const READY = 0; // 1 once the worker has instantiated the module and waits for jobs
export const QUIT = 1; // set by the main thread: exit instead of claiming

/** Block table words: BLOCK_INTS per block, after the worker slots. */
export const BLOCK_INTS = 32;
export const MAX_BLOCKS = 64;
// Word 0 of a block: what to run.
export const OP_SGEMM = 1; // words 1..12: transA, transB, M, N, K, a, lda, b, ldb, beta (f32 bits), c, ldc
export const OP_CALL = 2; // word 1: CALLABLE index, word 2: argc, then the int32 arguments
/** The exports OP_CALL may run: data-parallel loops split by the caller over disjoint outputs. */
export const CALLABLE = ["im2col", "col2im", "maxPool2d", "mtDraw", "normalBlocks32p", "applyBlockReflector", "truncInverseCdf32x4p", "truncInverseCdfCR32p", "truncRedraw32p", "fmaAxpyBits", "adam32", "sgd32"] as const;
export type Callable = (typeof CALLABLE)[number];
export const MAX_CALL_ARGS = BLOCK_INTS - 3;

/** Slots for workers: the most the pool runs at once. */
export const MAX_WORKERS = 255;
export const CONTROL_INTS = HEADER_INTS + MAX_WORKERS * SLOT_INTS + MAX_BLOCKS * BLOCK_INTS;
export const slotBase = (slot: number): number => HEADER_INTS + slot * SLOT_INTS;
export const blockBase = (i: number): number => HEADER_INTS + MAX_WORKERS * SLOT_INTS + i * BLOCK_INTS;

/**
 * Iterations a thread polls before sleeping in Atomics.wait. A training step issues its
 * products back to back, so a short spin (tens of microseconds) saves the wake-up latency of
 * a futex (~20–60 µs) without holding a core between steps.
 */
export const SPIN = 20000;

/** Claims the next block of job `job`: its index, or −1 when the job has none left (or is over). */
export function claim(ctl: Int32Array, job: number): number {
  for (;;) {
    const w = Atomics.load(ctl, CLAIM);
    if (w >>> 16 !== (job & 0xffff)) return -1;
    const next = w & 0xff;
    if (next >= ((w >>> 8) & 0xff)) return -1;
    if (Atomics.compareExchange(ctl, CLAIM, w, w + 1) === w) return next;
  }
}

/** Marks one block of the current job finished; wakes the main thread after the last. */
export function finish(ctl: Int32Array, blocks: number, failed: boolean): void {
  if (failed) Atomics.store(ctl, FAILED, 1);
  if (Atomics.add(ctl, DONE_COUNT, 1) + 1 === blocks) Atomics.notify(ctl, DONE_COUNT);
}

/** The job whose shared operand this thread (each thread has its own copy of this module) last packed. */
let packedFor: number | null = null;

/**
 * Runs block i of job `job` through the module's exports, with this thread's workspace. In an
 * sgemm job with a shared operand, the thread's first block packs it into the workspace's start.
 */
export function runBlock(ctl: Int32Array, f32: Float32Array, exports: Record<string, unknown>, i: number, work: number, job: number): void {
  const b = blockBase(i);
  if (ctl[b] === OP_SGEMM) {
    const share = ctl[SHARED]!;
    let packedA = 0;
    let packedB = 0;
    let ws = work;
    if (share !== SHARE_NONE) {
      const [tA, tB, M, N, K, a, lda, bp, ldb] = [ctl[b + 1]!, ctl[b + 2]!, ctl[b + 3]!, ctl[b + 4]!, ctl[b + 5]!, ctl[b + 6]!, ctl[b + 7]!, ctl[b + 8]!, ctl[b + 9]!];
      if (packedFor !== job) {
        const packAll = exports.packAll as (...a: number[]) => void;
        if (share === SHARE_A) packAll(0, a, lda, tA, M, K, work);
        else packAll(1, bp, ldb, tB, N, K, work);
        packedFor = job;
      }
      if (share === SHARE_A) packedA = work;
      else packedB = work;
      ws = work + ctl[SHARED_FLOATS]! * 4;
    }
    (exports.sgemm as (...a: number[]) => void)(
      ctl[b + 1]!, ctl[b + 2]!, ctl[b + 3]!, ctl[b + 4]!, ctl[b + 5]!, ctl[b + 6]!, ctl[b + 7]!,
      ctl[b + 8]!, ctl[b + 9]!, f32[b + 10]!, ctl[b + 11]!, ctl[b + 12]!, ws, packedA, packedB,
    );
  } else {
    const fn = exports[CALLABLE[ctl[b + 1]!]!] as (...a: number[]) => void;
    fn(...ctl.subarray(b + 3, b + 3 + ctl[b + 2]!));
  }
}

export interface WorkerData {
  module: unknown;
  memory: unknown;
  control: SharedArrayBuffer;
  slot: number;
}
