/**
 * Resident tensor storage: float32 tensors whose bytes live in the shared WebAssembly memory,
 * so that the "wasm" kernels read and write them where they are instead of copying them into
 * scratch and back (`isResident`; ./gemm.ts, ./elementwise.ts). Two kinds of tensors get it:
 * - long-lived ones: the layers' own parameters, SGD's momentum buffers and the parameters'
 *   gradients (`allocateLongLived` in src/tensor/dtype.ts), recycled by the garbage collector
 *   (below), or, for a gradient no code outside nninit has seen, by the next `zero_grad`, which
 *   keeps its storage for the parameter's next gradient (src/tensor/tensor.ts `_dropGrad`). In
 *   the benchmark's MLP step the parameters alone removed the weights' copies into every product
 *   and the SGD update's copies of the weights in and out: about 40 % of the bytes the step
 *   copied, 6–7 % of its time; the gradients remove the weight gradients' copies out of the
 *   products and into the update;
 * - transient ones: the autograd engine's intermediate gradients (`allocateTransientF32`), which
 *   the engine hands back with `release` the moment no pending gradient needs them
 *   (src/autograd/engine.ts), so a training step reuses the same few blocks every time.
 *
 * Memory map of the one shared memory (./runtime.ts):
 *
 *   [0, staticEnd)        the module's static data
 *   [staticEnd, top)      resident blocks, handed out by this allocator
 *   [top, …)              scratch of the kernel call in progress (`rt.heapBase` = top)
 *
 * Scratch holds nothing between calls, so it may move up when `top` does. Blocks are never
 * moved or shrunk, and never carved while a kernel call is in progress.
 *
 * Stale views: the memory is shared, so `grow` never detaches a buffer. A view taken before a
 * grow keeps aliasing the same bytes; it only fails to reach the new pages. A block lies wholly
 * inside the memory as it was when the block was carved, so the view made for it then covers it
 * for its whole life: no tensor view can go stale (test/storage.test.ts grows the memory under
 * live parameters and checks reads, writes and kernels through the old views).
 *
 * Lifetimes: JavaScript has no deterministic destructor, so a block goes back to its size
 * class's free list through a FinalizationRegistry once its view is unreachable. Cleanup runs
 * only after a full garbage collection and when the event loop turns: never inside a synchronous
 * training loop, and views over wasm memory, which allocate no ArrayBuffer, do not provoke full
 * collections (bench/micro/resident.mjs: 0 of 7,500 dropped views recycled during a loop). That
 * is why the other per-step temporaries (activations, which the user's code may keep, and
 * gradients user code has read) stay ordinary ArrayBuffers, and why
 * the resident region has a budget (32 MiB by default, NNINIT_RESIDENT_MIB): past it, new
 * parameters are ordinary again, so a program that builds many models in one synchronous stretch
 * (the lab) keeps at most the budget in dead blocks. Results are the same bits either way; only
 * the copies differ.
 *
 * Sub-views: a typed array's `subarray` keeps the *buffer* (the whole memory) alive, not the
 * array it came from. A tensor made over a slice of resident storage must therefore be made
 * with `sliceOf` (through src/tensor/dtype.ts's `sliceData`), which ties the slice to its
 * parent, so the block cannot be reused under it.
 */
import type { WasmRuntime } from "./runtime.js";

/** Blocks start on 64-byte boundaries: one cache line, and a whole number of v128s. */
const BLOCK_ALIGN = 64;
/** Smaller arrays stay ordinary: copying under 1 KiB costs less than a finalizer does. */
export const RESIDENT_MIN_ELEMENTS = 256;
/** Default budget: the bytes resident blocks may span (see above); NNINIT_RESIDENT_MIB overrides it. */
export const DEFAULT_BUDGET_MIB = 32;

/**
 * The size class of a request: sizes up to 256 B round to 256 B, and above that to a quarter
 * of the power of two below: 2^e·{1, 1.25, 1.5, 1.75}. At most 25 % is wasted, and the sizes a
 * training loop asks for again and again always land in the same class.
 */
export function sizeClass(bytes: number): number {
  if (bytes <= 256) return 256;
  const step = 2 ** (Math.floor(Math.log2(bytes)) - 2);
  return Math.ceil(bytes / step) * step;
}

export interface StorageStats {
  /** Bytes spanned by resident blocks: live, free, and padding. */
  spanBytes: number;
  /** Bytes in live blocks (their size classes). */
  liveBytes: number;
  /** Blocks on the free lists, waiting to be reused. */
  freeBlocks: number;
  /** Allocations served from a free list since start-up. */
  reused: number;
  /** Allocations served by carving new blocks since start-up. */
  carved: number;
  /** Allocations that fell back to an ordinary ArrayBuffer (budget reached). */
  fallbacks: number;
  budgetBytes: number;
}

interface Block {
  addr: number;
  size: number;
}

export class ResidentStorage {
  readonly #rt: WasmRuntime;
  readonly #base: number;
  #top: number;
  #budget: number;
  readonly #free = new Map<number, number[]>();
  /** Every buffer object the memory has exposed: views over any of them are resident. */
  readonly #buffers = new WeakSet<ArrayBufferLike>();
  readonly #registry = new FinalizationRegistry<Block>((b) => this.#release(b));
  /** A slice (key) keeps its parent storage (value) reachable: an ephemeron. */
  readonly #parents = new WeakMap<Float32Array, Float32Array>();
  /** Transient blocks not yet released, by their view. */
  readonly #transient = new WeakMap<Float32Array, Block>();
  #live = 0;
  #freeCount = 0;
  #reused = 0;
  #carved = 0;
  #fallbacks = 0;

  constructor(rt: WasmRuntime, staticEnd: number, budgetBytes: number) {
    this.#rt = rt;
    this.#base = Math.ceil(staticEnd / BLOCK_ALIGN) * BLOCK_ALIGN;
    this.#top = this.#base;
    this.#budget = budgetBytes;
    this.#buffers.add(rt.memory.buffer);
  }

  /** First byte above every block: where a kernel call's scratch may begin. */
  get top(): number {
    return this.#top;
  }

  setBudget(bytes: number): void {
    this.#budget = bytes;
  }

  /**
   * A zeroed Float32Array of n elements over resident memory, or null when the budget is
   * spent (the caller then allocates an ordinary array). Never call this while a kernel's
   * scratch is laid out: a new block may take the scratch's bytes.
   */
  allocateF32(n: number): Float32Array | null {
    return this.#allocate(n)?.view ?? null;
  }

  /** allocateF32, with the block the view covers. */
  #allocate(n: number): { view: Float32Array; block: Block } | null {
    const size = sizeClass(n * 4);
    const list = this.#free.get(size);
    let addr: number;
    if (list && list.length > 0) {
      addr = list.pop()!;
      this.#freeCount--;
      this.#reused++;
    } else {
      if (this.#top + size - this.#base > this.#budget) {
        this.#fallbacks++;
        return null;
      }
      addr = this.#top;
      try {
        this.#rt.ensure(addr + size);
      } catch {
        this.#fallbacks++;
        return null; // the 4 GiB wasm32 limit, or the host refused to grow: stay ordinary
      }
      this.#top = addr + size;
      this.#carved++;
    }
    const buffer = this.#rt.memory.buffer;
    this.#buffers.add(buffer);
    const view = new Float32Array(buffer, addr, n);
    // A reused block holds its last owner's values. (memory.fill: a shared view's fill is slow.)
    (this.#rt.exports.zeroBytes as (p: number, bytes: number) => void)(addr, n * 4);
    this.#live += size;
    const block = { addr, size };
    this.#registry.register(view, block, view);
    return { view, block };
  }

  /**
   * Like allocateF32, for storage whose owner hands it back with `release` as soon as it is
   * done with it (the autograd engine's intermediate gradients, src/autograd/engine.ts). A block
   * that is never released still goes back through the FinalizationRegistry.
   */
  allocateTransientF32(n: number): Float32Array | null {
    const got = this.#allocate(n);
    if (!got) return null;
    this.#transient.set(got.view, got.block);
    return got.view;
  }

  /**
   * Returns a block from allocateTransientF32 to its free list now. The caller guarantees that
   * nothing will read or write `view` (or any view of its bytes) again. Other arrays: no-op.
   */
  release(view: Float32Array): void {
    const block = this.#transient.get(view);
    if (!block) return;
    this.#transient.delete(view);
    this.#registry.unregister(view);
    this.#release(block);
  }

  #release({ addr, size }: Block): void {
    let list = this.#free.get(size);
    if (!list) this.#free.set(size, (list = []));
    list.push(addr);
    this.#freeCount++;
    this.#live -= size;
  }

  /** Whether `a` is a transient block not yet released (allocateTransientF32). */
  isTransient(a: Float32Array): boolean {
    return this.#transient.has(a);
  }

  /** Whether `a` is a view over this memory, so a kernel can address it in place. */
  isResident(a: ArrayBufferView): boolean {
    return this.#buffers.has(a.buffer);
  }

  /** `parent.subarray(start, end)`, kept from outliving `parent`'s block. */
  sliceOf(parent: Float32Array, start: number, end: number): Float32Array {
    const s = parent.subarray(start, end);
    if (this.isResident(parent)) this.#parents.set(s, this.#parents.get(parent) ?? parent);
    return s;
  }

  stats(): StorageStats {
    return {
      spanBytes: this.#top - this.#base,
      liveBytes: this.#live,
      freeBlocks: this.#freeCount,
      reused: this.#reused,
      carved: this.#carved,
      fallbacks: this.#fallbacks,
      budgetBytes: this.#budget,
    };
  }
}

/** The budget in bytes from NNINIT_RESIDENT_MIB (0 turns resident storage off), else the default. */
export function budgetFromEnv(env: Record<string, string | undefined>): number {
  const raw = env.NNINIT_RESIDENT_MIB;
  if (raw === undefined || raw === "") return DEFAULT_BUDGET_MIB * 2 ** 20;
  const mib = Number(raw);
  if (!Number.isFinite(mib) || mib < 0) {
    throw new RangeError(`NNINIT_RESIDENT_MIB=${JSON.stringify(raw)} is not a number of MiB ≥ 0. Unset it for the default (${DEFAULT_BUDGET_MIB}), or set 0 to keep tensors out of WebAssembly memory.`);
  }
  return Math.floor(mib * 2 ** 20);
}
