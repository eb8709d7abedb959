/** The element types a Tensor can hold, and the typed array behind each. */
import { ArgumentTypeError, RuntimeError, show } from "../errors/index.js";

export const DTYPES = ["float32", "float64", "int64", "int32"] as const;
export type DType = (typeof DTYPES)[number];
export type FloatDType = "float32" | "float64";

/** The contiguous storage type for each dtype. */
export type DataOf<D extends DType> = D extends "float32"
  ? Float32Array
  : D extends "float64"
    ? Float64Array
    : D extends "int32"
      ? Int32Array
      : BigInt64Array;

export type AnyData = Float32Array | Float64Array | BigInt64Array | Int32Array;

export function isFloat(dtype: DType): dtype is FloatDType {
  return dtype === "float32" || dtype === "float64";
}

/** Validates a user-supplied dtype, naming the argument and listing the valid ones. */
export function checkDtype(dtype: unknown, fnName: string): DType {
  if (typeof dtype === "string" && (DTYPES as readonly string[]).includes(dtype)) return dtype as DType;
  throw new ArgumentTypeError(
    `${fnName}: dtype=${show(dtype)} is not supported. Use one of ${DTYPES.map((d) => show(d)).join(", ")}.`,
  );
}

const BYTES: Record<DType, number> = { float32: 4, float64: 8, int64: 8, int32: 4 };

/**
 * Priming glibc's allocator for tensor storage. Node allocates an ArrayBuffer with calloc; glibc
 * serves blocks above its mmap threshold (128 KiB at start) with a fresh mmap, whose pages fault
 * in one by one when first written and are unmapped again when V8 frees the buffer. A training
 * step allocates tens of MB of such buffers per step, so it paid ~900 page faults per CNN step
 * (17 % of its time; `process.resourceUsage().minorPageFault`). glibc raises the threshold to the
 * size of any mmapped block that is freed (up to 32 MiB, the trim threshold to twice that), after
 * which freed storage is reused from the heap. This buffer, never touched (so never faulted in)
 * and dropped at once, makes the next GC do that for 24 MiB: 2 faults per CNN step afterwards.
 * The cost is that the process keeps up to 48 MiB of freed memory for reuse. Other allocators
 * just see a short-lived 24 MiB allocation.
 */
const PRIME_ALLOCATOR_BYTES = 24 << 20;
new ArrayBuffer(PRIME_ALLOCATOR_BYTES);

/**
 * Where long-lived float32 storage (parameters, optimizer state) comes from when the active
 * kernels want it elsewhere: the "wasm" backend hands out views over its WebAssembly memory
 * (src/kernels/wasm/storage.ts) so that it computes on them in place. Null, or a null result,
 * means an ordinary array.
 */
export type Float32Allocator = (n: number) => Float32Array | null;
let float32Allocator: Float32Allocator | null = null;
/** How to cut a sub-view that keeps its parent's storage alive (resident storage needs it). */
export type Float32Slicer = (parent: Float32Array, start: number, end: number) => Float32Array;
let float32Slicer: Float32Slicer | null = null;

/** Installed by the kernel registry when the backend changes (src/kernels/index.ts). */
export function setFloat32Allocator(f: Float32Allocator | null): void {
  float32Allocator = f;
}

/** Installed once by the WebAssembly runtime: resident storage may exist whatever the backend. */
export function setFloat32Slicer(f: Float32Slicer | null): void {
  float32Slicer = f;
}

/** Zeroes `a` in place and returns true when it can do so faster than `a.fill(0)`, else false. */
export type Zeroer = (a: Float32Array | Float64Array) => boolean;
let zeroer: Zeroer | null = null;

/**
 * Installed once by the WebAssembly runtime: TypedArray.fill on a view of its shared memory
 * runs at ~12 GB/s here, WebAssembly's memory.fill at ~110.
 */
export function setZeroer(f: Zeroer | null): void {
  zeroer = f;
}

/** a.fill(0), by the fastest route for where `a` lives (e.g. `zero_grad(false)` on resident gradients). */
export function fillZero(a: Float32Array | Float64Array): void {
  if (!zeroer?.(a)) a.fill(0);
}

/**
 * Storage that its owner gives back explicitly: the "wasm" backend's resident blocks for the
 * autograd engine's intermediate gradients (see `transientScope`). Null: none.
 */
export interface TransientFloat32 {
  allocate(n: number): Float32Array | null;
  /** Back to the free list; nothing may touch `a`'s bytes afterwards. */
  release(a: Float32Array): void;
  /** Whether `a` (any array) shares bytes with `block` (an array from `allocate`). */
  overlaps(block: Float32Array, a: ArrayBufferView): boolean;
}
let transientStorage: TransientFloat32 | null = null;
/** The allocations of the scope in progress, or null outside one. */
let transientScopeLog: Float32Array[] | null = null;

/** Installed by the kernel registry with the backend (src/kernels/index.ts). */
export function setTransientFloat32(t: TransientFloat32 | null): void {
  transientStorage = t;
}

/**
 * Runs `fn` with float32 results from `newFloat32` going to transient storage, when the
 * backend has some, and appends each such array to `log`: the caller (the autograd engine,
 * around one backward rule) then owns them and must `releaseTransient` each exactly once, when
 * neither the rule's results nor anything else can reach it.
 */
export function transientScope<T>(log: Float32Array[], fn: () => T): T {
  const outer = transientScopeLog;
  transientScopeLog = transientStorage ? log : null;
  try {
    return fn();
  } finally {
    transientScopeLog = outer;
  }
}

export function releaseTransient(a: Float32Array): void {
  transientStorage?.release(a);
}

/** Whether `a` shares bytes with the transient `block`. */
export function overlapsTransient(block: Float32Array, a: ArrayBufferView): boolean {
  return transientStorage !== null && transientStorage.overlaps(block, a);
}

/**
 * Zeroed float32 storage for an op's result: transient inside a `transientScope` (resident,
 * logged for the scope's owner), an ordinary array otherwise.
 */
export function newFloat32(n: number): Float32Array {
  if (transientScopeLog !== null && transientStorage !== null) {
    const a = transientStorage.allocate(n);
    if (a) {
      transientScopeLog.push(a);
      return a;
    }
  }
  return allocate("float32", n);
}

/**
 * `data.subarray(start, end)` for storage that a new tensor will hold: unlike a bare
 * subarray, the result keeps `data`'s storage from being reused while the slice lives.
 */
export function sliceData<T extends AnyData>(data: T, start: number, end: number): T {
  if (float32Slicer && data instanceof Float32Array) return float32Slicer(data, start, end) as T;
  return data.subarray(start, end) as T;
}

/**
 * Zeroed storage for a tensor that lives as long as a model or an optimizer: a parameter, a
 * momentum buffer. The active kernels may keep it resident (in WebAssembly memory, where they
 * use it without copying); otherwise, and for other dtypes, it is `allocate`'s. Only for such
 * tensors: resident storage is recycled when the garbage collector finds it unreachable, which
 * a tight training loop does not give it time to do for its temporaries.
 */
export function allocateLongLived<D extends DType>(dtype: D, n: number): DataOf<D> {
  if (dtype === "float32" && float32Allocator) {
    const resident = float32Allocator(n);
    if (resident) return resident as DataOf<D>;
  }
  return allocate(dtype, n);
}

/** A zeroed typed array for n elements; an impossible size is PyTorch's allocator error. */
export function allocate<D extends DType>(dtype: D, n: number): DataOf<D> {
  try {
    return allocateUnchecked(dtype, n);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    throw new RuntimeError(
      `DefaultCPUAllocator: can't allocate memory: you tried to allocate ${n * BYTES[dtype]} bytes (${n} ${dtype} elements). Use a smaller size.`,
    );
  }
}

function allocateUnchecked<D extends DType>(dtype: D, n: number): DataOf<D> {
  switch (dtype) {
    case "float32":
      return new Float32Array(n) as DataOf<D>;
    case "float64":
      return new Float64Array(n) as DataOf<D>;
    case "int32":
      return new Int32Array(n) as DataOf<D>;
    default:
      return new BigInt64Array(n) as DataOf<D>;
  }
}

/** The largest finite value of a float dtype (`std::numeric_limits<T>::max()`). */
export function floatMax(dtype: FloatDType): number {
  return dtype === "float32" ? 3.4028234663852886e38 : Number.MAX_VALUE;
}
