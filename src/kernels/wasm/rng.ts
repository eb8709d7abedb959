/**
 * The WebAssembly random fills (assembly/rng*.ts) behind the float32 `uniform_` and `normal_`
 * and the float64 `uniform_` of src/random/: the same streams, bit for bit, as the TypeScript fills there, which stay the
 * fallback ("ts" backend, or no nninit.wasm).
 *
 * One call: copy the engine's 624 words, `left` and `next` into scratch memory, then per chunk
 * of CHUNK elements draw the tempered words (`mtDraw`), transform them in place (`uniform*32`,
 * `normalBlocks32`) and copy the floats out; finally copy the engine state back. The chunk
 * (64 KiB) stays in cache between the three steps. The transforms work on [start, end) of an
 * already-drawn buffer; with worker threads (./pool.ts) normal32 and truncRedraw32 split them
 * by range (normalParallel, redrawParallel), drawing one chunk ahead; MT19937 itself is serial.
 */
import { get_backend } from "../index.js";
import { MAX_BLOCKS } from "./control.js";
import { alignedRanges, blocksFor, runTasks, threadsFor, type CallTask } from "./pool.js";
import { align16, wasmRuntime, type WasmRuntime } from "./runtime.js";

/** What the fills need of an MT19937 engine (src/random/mt19937.ts). */
export interface EngineState {
  readonly stateI32: Int32Array;
  left: number;
  next: number;
}

interface RngExports {
  mtDraw(st: number, dst: number, n: number): void;
  uniformAffine32(buf: number, start: number, end: number, scale: number, add: number, to32: number, from32: number): void;
  uniformFma32(buf: number, start: number, end: number, range: number, from: number, to32: number, from32: number): void;
  normalBlocks32(buf: number, start: number, end: number, mean32: number, std32: number): void;
  uniform64(buf: number, start: number, end: number, range: number, from: number, to: number, plain: number): void;
  truncRedraw32(buf: number, cur: number, start: number, end: number, mean32: number, std32: number, lo: number, hi: number): number;
  truncRedraw32p?: (buf: number, cur: number, start: number, end: number, params: number, countAt: number) => void;
}

export interface WasmRng {
  /** out = fl32(k·scale + add) for the next out.length 24-bit draws k; every binary64 sum must be exact. A result equal to `to32` becomes `from32` (pass NaN for no remapping). */
  affine32(eng: EngineState, out: Float32Array, scale: number, add: number, to32: number, from32: number): void;
  /** out = fma32(k·2^-24, range, from) with the same remapping. */
  fma32(eng: EngineState, out: Float32Array, range: number, from: number, to32: number, from32: number): void;
  /** The vectorised float32 normal fill (out.length ≥ 16), mean32/std32 already binary32. */
  normal32(eng: EngineState, out: Float32Array, mean32: number, std32: number): void;
  /**
   * float64 uniform: out = fma64(x, range, from) (or x when `plain`) for the next out.length
   * 53-bit x (two draws each); a result equal to `to` becomes `from` (NaN: no remapping).
   * Only for operands inside fma64's fast range (`uniform64Safe`).
   */
  uniform64(eng: EngineState, out: Float64Array, range: number, from: number, to: number, plain: boolean): void;
  /**
   * One round of trunc_normal_'s rejection loop (float32, cur.length ≥ 16): draws a whole
   * `normal32` of cur.length and replaces each cur[i] outside [lo, hi] by its fresh value,
   * transforming only the 16-blocks that need one (assembly/trunc-redraw.ts). Returns how
   * many values are still outside. Null when the module predates the kernel.
   */
  readonly truncRedraw32: ((eng: EngineState, cur: Float32Array, mean32: number, std32: number, lo: number, hi: number) => number) | null;
}

/**
 * True when fma64(x, range, from) never leaves `fma64Unguarded`'s safe range for any
 * x = k·2^-53 (k ≥ 1), so the wasm kernel (which has no BigInt fallback) computes exactly what
 * src/math/fma.ts does: |x·range| ∈ [1e-250, 1e290] needs range ∈ [2^53·1e-250, 1e290], and
 * |from| ≤ 1e300. x = 0 and range = 0 take fma64's `uh + c` shortcut, which the kernel's
 * arithmetic reproduces.
 */
export function uniform64Safe(range: number, from: number): boolean {
  return (range === 0 || (range >= 1e-233 && range <= 1e290)) && Math.abs(from) <= 1e300;
}

const MT_N = 624;
/**
 * Elements per chunk of the multi-threaded normal fill (two buffers of it: one transformed by
 * all threads while one thread draws the next into the other). A multiple of 16.
 */
export const PARALLEL_CHUNK = 1 << 18;
let parallelChunk = PARALLEL_CHUNK;
/** The chunk of the multi-threaded transforms (normal_ here, trunc_normal_'s in ./trunc.ts). */
export function getParallelChunk(): number {
  return parallelChunk;
}
/** Test hook: the multi-threaded fill's chunk (a positive multiple of 16), so small fills take several. */
export function setParallelChunk(n: number): void {
  if (!(n > 0 && n % 16 === 0)) throw new RangeError(`setParallelChunk: ${n} is not a positive multiple of 16`);
  parallelChunk = n;
}
/** Elements per chunk: 64 KiB of scratch, a multiple of the normal block (16). */
export const CHUNK = 16384;
/** The state block: left, next, 2 pad words, 624 words, 624 zero words (assembly/rng-mt.ts). */
const STATE_BYTES = 16 + 2 * MT_N * 4;

function makeRng(rt: WasmRuntime, w: RngExports): WasmRng {
  // The scratch layout: the state block, then the draw buffers. Scratch starts above the
  // resident tensors (./storage.ts), which may have grown since the last call: each public
  // entry point re-places it first.
  let st = 0;
  let buf = 0;
  let b0 = 0;
  function place(): void {
    st = rt.heapBase;
    buf = align16(st + STATE_BYTES);
    b0 = buf >> 2;
  }

  function loadState(eng: EngineState): void {
    const i32 = rt.i32();
    const s0 = st >> 2;
    i32[s0] = eng.left;
    i32[s0 + 1] = eng.next;
    i32.set(eng.stateI32, s0 + 4);
    i32.fill(0, s0 + 4 + MT_N, s0 + 4 + 2 * MT_N);
  }
  function saveState(eng: EngineState): void {
    const i32 = rt.i32();
    const s0 = st >> 2;
    eng.stateI32.set(i32.subarray(s0 + 4, s0 + 4 + MT_N));
    eng.left = i32[s0]!;
    eng.next = i32[s0 + 1]!;
  }
  /** Draws out.length words chunk by chunk, transforms each chunk with `transform(m)`, copies it to out. */
  function chunked(eng: EngineState, out: Float32Array | Float64Array, transform: (m: number) => void): void {
    const n = out.length;
    const wordsPer = out instanceof Float64Array ? 2 : 1; // float64 elements take two draws
    rt.ensure(buf + CHUNK * 4 * wordsPer);
    loadState(eng);
    const view = wordsPer === 2 ? rt.f64() : rt.f32();
    const v0 = wordsPer === 2 ? buf >> 3 : b0;
    for (let o = 0; o < n; o += CHUNK) {
      const m = Math.min(CHUNK, n - o);
      w.mtDraw(st, buf, m * wordsPer);
      transform(m);
      out.set(view.subarray(v0, v0 + m), o);
    }
    saveState(eng);
  }

  /**
   * The full blocks of normal32 (out.length a multiple of 16) on `threads` threads, chunk by
   * chunk through three buffers: while all threads transform chunk i, one of them draws chunk
   * i + 1 (the MT19937 words in the same order, serially, one task) and this thread first copies
   * chunk i − 1 out. Every 16-block goes through the same kernel, so the floats and the final
   * engine state are bitwise those of the single-thread path; only which thread runs a block differs.
   */
  function normalParallel(eng: EngineState, out: Float32Array, mean32: number, std32: number, threads: number): void {
    const n = out.length;
    const P = Math.min(parallelChunk, n);
    const bufs = [buf, buf + P * 4, buf + 2 * P * 4]; // buf is 16-aligned and P a multiple of 16
    const params = buf + 3 * P * 4;
    rt.ensure(params + 16);
    loadState(eng);
    const f64 = rt.f64();
    f64[params >> 3] = mean32;
    f64[(params >> 3) + 1] = std32;
    const f32 = rt.f32();
    const parts = Math.min(blocksFor(threads), MAX_BLOCKS - 1); // + the draw task
    const chunks = Math.ceil(n / P);
    const size = (i: number): number => Math.min(P, n - i * P);
    const copyOut = (i: number): void => {
      const b = bufs[i % 3]! >> 2;
      out.set(f32.subarray(b, b + size(i)), i * P);
    };
    w.mtDraw(st, bufs[0]!, size(0));
    for (let i = 0; i < chunks; i++) {
      const cur = bufs[i % 3]!;
      const m = size(i);
      const tasks: CallTask[] = [];
      // The next chunk's draws first: claimed at once, overlapping this chunk's transform.
      if (i + 1 < chunks) tasks.push({ fn: "mtDraw", args: [st, bufs[(i + 1) % 3]!, size(i + 1)] });
      for (const [lo, hi] of alignedRanges(m, 16, parts)) tasks.push({ fn: "normalBlocks32p", args: [cur, lo, hi, params] });
      runTasks(rt, tasks, 0, 0, i > 0 ? () => copyOut(i - 1) : undefined);
    }
    copyOut(chunks - 1);
    saveState(eng);
  }

  return {
    affine32(eng, out, scale, add, to32, from32) {
      place();
      chunked(eng, out, (m) => w.uniformAffine32(buf, 0, m, scale, add, to32, from32));
    },
    fma32(eng, out, range, from, to32, from32) {
      place();
      chunked(eng, out, (m) => w.uniformFma32(buf, 0, m, range, from, to32, from32));
    },
    normal32(eng, out, mean32, std32) {
      place();
      const n = out.length;
      const full = n - (n % 16);
      // All n uniforms are drawn first; full blocks are transformed chunk by chunk.
      const threads = threadsFor(rt, full);
      if (threads > 1) normalParallel(eng, out.subarray(0, full), mean32, std32, threads);
      else chunked(eng, out.subarray(0, full), (m) => w.normalBlocks32(buf, 0, m, mean32, std32));
      if (full === n) return;
      // PyTorch then redraws the last 16 slots and transforms them again (`normal_fill`):
      // the n % 16 draws of the partial block are consumed and overwritten.
      loadState(eng);
      w.mtDraw(st, buf, n - full);
      w.mtDraw(st, buf, 16);
      w.normalBlocks32(buf, 0, 16, mean32, std32);
      out.set(rt.f32().subarray(b0, b0 + 16), n - 16);
      saveState(eng);
    },
    uniform64(eng, out, range, from, to, plain) {
      place();
      chunked(eng, out, (m) => w.uniform64(buf, 0, m, range, from, to, plain ? 1 : 0));
    },
    truncRedraw32: typeof w.truncRedraw32 === "function" ? truncRedraw : null,
  };

  /**
   * truncRedraw's full blocks (cur.length a multiple of 16) on `threads` threads, pipelined like
   * normalParallel: while all threads merge chunk i, one draws chunk i + 1's words (in order,
   * one task) and this thread copies chunk i − 1's values out and chunk i + 1's in. Returns the
   * count still outside; bitwise the single-thread round (values, count and engine state).
   */
  function redrawParallel(eng: EngineState, cur: Float32Array, mean32: number, std32: number, lo: number, hi: number, threads: number): number {
    const n = cur.length;
    const P = Math.min(parallelChunk, n);
    const words = [buf, buf + P * 4, buf + 2 * P * 4];
    const vals = [buf + 3 * P * 4, buf + 4 * P * 4, buf + 5 * P * 4];
    const params = buf + 6 * P * 4;
    const parts = Math.min(blocksFor(threads), MAX_BLOCKS - 1); // + the draw task
    const counts = params + 32;
    rt.ensure(counts + parts * 4);
    loadState(eng);
    const f64 = rt.f64();
    f64[params >> 3] = mean32;
    f64[(params >> 3) + 1] = std32;
    const f32 = rt.f32();
    f32[(params >> 2) + 4] = lo;
    f32[(params >> 2) + 5] = hi;
    const i32 = rt.i32();
    const chunks = Math.ceil(n / P);
    const size = (i: number): number => Math.min(P, n - i * P);
    const copyIn = (i: number): void => f32.set(cur.subarray(i * P, i * P + size(i)), vals[i % 3]! >> 2);
    const copyOut = (i: number): void => {
      const b = vals[i % 3]! >> 2;
      cur.set(f32.subarray(b, b + size(i)), i * P);
    };
    w.mtDraw(st, words[0]!, size(0));
    copyIn(0);
    let left = 0;
    for (let i = 0; i < chunks; i++) {
      const m = size(i);
      const tasks: CallTask[] = [];
      if (i + 1 < chunks) tasks.push({ fn: "mtDraw", args: [st, words[(i + 1) % 3]!, size(i + 1)] });
      const ranges = alignedRanges(m, 16, parts);
      ranges.forEach(([a, b], t) => tasks.push({ fn: "truncRedraw32p", args: [words[i % 3]!, vals[i % 3]!, a, b, params, counts + t * 4] }));
      runTasks(rt, tasks, 0, 0, () => {
        if (i > 0) copyOut(i - 1);
        if (i + 1 < chunks) copyIn(i + 1);
      });
      for (let t = 0; t < ranges.length; t++) left += i32[(counts >> 2) + t]!;
    }
    copyOut(chunks - 1);
    saveState(eng);
    return left;
  }

  /**
   * The partial tail of a round (cur.length not a multiple of 16), as in `normal32`: slots
   * [n − 16, full) were merged with fresh values that PyTorch overwrites, so they are taken back;
   * the n − full draws of the partial block are consumed, and 16 extra ones give the last 16
   * fresh values, merged into `tail` (those slots' values before the round). Returns the change
   * in the count still outside. The engine state must be loaded.
   */
  function redrawTail(cur: Float32Array, tail: Float32Array, full: number, mean32: number, std32: number, lo: number, hi: number): number {
    const n = cur.length;
    const cb = buf + CHUNK * 4;
    rt.ensure(cb + CHUNK * 4);
    const f32 = rt.f32();
    const c0 = cb >> 2;
    let change = 0;
    for (let i = n - 16; i < full; i++) if (cur[i]! < lo || cur[i]! > hi) change--;
    w.mtDraw(st, buf, n - full);
    w.mtDraw(st, buf, 16);
    f32.set(tail, c0);
    change += w.truncRedraw32(buf, cb, 0, 16, mean32, std32, lo, hi);
    cur.set(f32.subarray(c0, c0 + 16), n - 16);
    return change;
  }

  function truncRedraw(eng: EngineState, cur: Float32Array, mean32: number, std32: number, lo: number, hi: number): number {
    place();
    const n = cur.length;
    const full = n - (n % 16);
    const tail = full === n ? null : cur.slice(n - 16);
    const threads = typeof w.truncRedraw32p === "function" ? threadsFor(rt, full) : 1;
    if (threads > 1) {
      let left = redrawParallel(eng, cur.subarray(0, full), mean32, std32, lo, hi, threads);
      if (tail) {
        loadState(eng);
        left += redrawTail(cur, tail, full, mean32, std32, lo, hi);
        saveState(eng);
      }
      return left;
    }
    const cb = buf + CHUNK * 4; // the current values of the chunk, next to its words
    rt.ensure(cb + CHUNK * 4);
    const f32 = rt.f32();
    const c0 = cb >> 2;
    loadState(eng);
    let left = 0;
    for (let o = 0; o < full; o += CHUNK) {
      const m = Math.min(CHUNK, full - o);
      w.mtDraw(st, buf, m);
      f32.set(cur.subarray(o, o + m), c0);
      left += w.truncRedraw32(buf, cb, 0, m, mean32, std32, lo, hi);
      cur.set(f32.subarray(c0, c0 + m), o);
    }
    if (tail) left += redrawTail(cur, tail, full, mean32, std32, lo, hi);
    saveState(eng);
    return left;
  }
}

// `var` (hoisted): may be read during the kernels/index.ts import cycle.
var cached: WasmRng | null | undefined;

/** The wasm fills when the active backend is "wasm" and the module has them; else null (use TS). */
export function wasmRng(): WasmRng | null {
  if (get_backend() !== "wasm") return null;
  if (cached === undefined) {
    const rt = wasmRuntime();
    const w = rt?.exports as unknown as Partial<RngExports> | undefined;
    cached = rt && w && typeof w.mtDraw === "function" && typeof w.normalBlocks32 === "function" && typeof w.uniform64 === "function"
      ? makeRng(rt, w as RngExports)
      : null;
  }
  return cached;
}
