/**
 * The WebAssembly random fills (assembly/rng*.ts) behind the float32 `uniform_` and `normal_`
 * and the float64 `uniform_` of src/random/: the same streams, bit for bit, as the TypeScript fills there, which stay the
 * fallback ("ts" backend, or no nninit.wasm).
 *
 * One call: copy the engine's 624 words, `left` and `next` into scratch memory, then per chunk
 * of CHUNK elements draw the tempered words (`mtDraw`), transform them in place (`uniform*32`,
 * `normalBlocks32`) and copy the floats out; finally copy the engine state back. The chunk
 * (64 KiB) stays in cache between the three steps. The transforms work on [start, end) of an
 * already-drawn buffer; with worker threads (./pool.ts) normal32 and truncRedrawRounds32 split them
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
  mtSkip(st: number, n: number): void;
  truncRedraw32(buf: number, cur: number, start: number, end: number, mean32: number, std32: number, lo: number, hi: number): void;
  truncRedraw32p(buf: number, cur: number, start: number, end: number, params: number): void;
  listOutside32(cur: number, start: number, end: number, lo: number, hi: number, out: number, base: number): number;
  truncRedrawListed32(st: number, blk: number, idx: number, vals: number, count: number, n: number, mean32: number, std32: number, at: number, last: number): void;
  firstOutside32(cur: number, n: number, lo: number, hi: number): number;
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
   * The redraw rounds of trunc_normal_'s rejection loop (float32, cur.length ≥ 16), after its
   * first normal_: while any cur[i] is outside [lo, hi], draw a whole `normal32` of cur.length
   * and replace each value outside by its fresh one (assembly/trunc-redraw.ts). Only the
   * 16-blocks that replace something are transformed; from the second round on only the indices
   * still outside are visited. Returns the number of rounds (0 when nothing was outside).
   */
  truncRedrawRounds32(eng: EngineState, cur: Float32Array, mean32: number, std32: number, lo: number, hi: number): number;
}

/** A growing list of int32 indices (the values still outside after a redraw round). */
class IndexList {
  data = new Int32Array(1024);
  length = 0;
  append(src: Int32Array): void {
    if (this.length + src.length > this.data.length) {
      const grown = new Int32Array(Math.max(2 * this.data.length, this.length + src.length));
      grown.set(this.data.subarray(0, this.length));
      this.data = grown;
    }
    this.data.set(src, this.length);
    this.length += src.length;
  }
  push(i: number): void {
    this.append(Int32Array.of(i));
  }
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
    truncRedrawRounds32(eng, cur, mean32, std32, lo, hi) {
      place();
      if (!anyOutside(cur, lo, hi)) return 0; // PyTorch stops before drawing a round
      const list = new IndexList();
      firstRedraw(eng, cur, mean32, std32, lo, hi, list);
      let rounds = 1;
      for (let left = list.length; left > 0; rounds++) left = listedRedraw(eng, cur, list.data, left, mean32, std32, lo, hi);
      return rounds;
    },
  };

  /**
   * The elements of the full blocks of `cur` (from `base`) still outside after a merge, listed
   * from the merged values at `vals` (m of them) through scratch at `scratch`, below `limit`.
   */
  function listChunk(vals: number, m: number, base: number, limit: number, lo: number, hi: number, scratch: number, list: IndexList): void {
    const end = Math.min(m, limit - base);
    if (end <= 0) return;
    const k = w.listOutside32(vals, 0, end, lo, hi, scratch, base);
    list.append(rt.i32().subarray(scratch >> 2, (scratch >> 2) + k));
  }

  /**
   * The first redraw round's full blocks (cur.length a multiple of 16) on `threads` threads,
   * pipelined like normalParallel: while all threads merge chunk i, one draws chunk i + 1's words
   * (in order, one task) and this thread lists chunk i − 1's values still outside, then copies
   * them out and chunk i + 1's in. Bitwise the single-thread round (values, list and engine
   * state).
   */
  function redrawParallel(eng: EngineState, cur: Float32Array, mean32: number, std32: number, lo: number, hi: number, threads: number, limit: number, list: IndexList): void {
    const n = cur.length;
    const P = Math.min(parallelChunk, n);
    const words = [buf, buf + P * 4, buf + 2 * P * 4];
    const vals = [buf + 3 * P * 4, buf + 4 * P * 4, buf + 5 * P * 4];
    const params = buf + 6 * P * 4;
    const parts = Math.min(blocksFor(threads), MAX_BLOCKS - 1); // + the draw task
    const scratch = params + 32;
    rt.ensure(scratch + P * 4);
    loadState(eng);
    const f64 = rt.f64();
    f64[params >> 3] = mean32;
    f64[(params >> 3) + 1] = std32;
    const f32 = rt.f32();
    f32[(params >> 2) + 4] = lo;
    f32[(params >> 2) + 5] = hi;
    const chunks = Math.ceil(n / P);
    const size = (i: number): number => Math.min(P, n - i * P);
    const copyIn = (i: number): void => f32.set(cur.subarray(i * P, i * P + size(i)), vals[i % 3]! >> 2);
    const copyOut = (i: number): void => {
      const b = vals[i % 3]! >> 2;
      listChunk(vals[i % 3]!, size(i), i * P, limit, lo, hi, scratch, list);
      cur.set(f32.subarray(b, b + size(i)), i * P);
    };
    w.mtDraw(st, words[0]!, size(0));
    copyIn(0);
    for (let i = 0; i < chunks; i++) {
      const m = size(i);
      const tasks: CallTask[] = [];
      if (i + 1 < chunks) tasks.push({ fn: "mtDraw", args: [st, words[(i + 1) % 3]!, size(i + 1)] });
      for (const [a, b] of alignedRanges(m, 16, parts)) tasks.push({ fn: "truncRedraw32p", args: [words[i % 3]!, vals[i % 3]!, a, b, params] });
      runTasks(rt, tasks, 0, 0, () => {
        if (i > 0) copyOut(i - 1);
        if (i + 1 < chunks) copyIn(i + 1);
      });
    }
    copyOut(chunks - 1);
    saveState(eng);
  }

  /**
   * The first redraw round: a full `normal32` of cur.length merged into cur. Lists the values
   * still outside (ascending) in `list`.
   * A partial last block is as in `normal32`: slots [n − 16, full) were merged with fresh
   * values that PyTorch overwrites, so the values from before the round are merged there again
   * with the 16 extra draws' block; those slots are listed after it.
   */
  function firstRedraw(eng: EngineState, cur: Float32Array, mean32: number, std32: number, lo: number, hi: number, list: IndexList): void {
    const n = cur.length;
    const full = n - (n % 16);
    const limit = full === n ? n : n - 16; // the elements listed from the full blocks
    const tail = full === n ? null : cur.slice(n - 16);
    const threads = threadsFor(rt, full);
    const cb = buf + CHUNK * 4; // the current values of a chunk, next to its words
    const scratch = cb + CHUNK * 4;
    if (threads > 1) redrawParallel(eng, cur.subarray(0, full), mean32, std32, lo, hi, threads, limit, list);
    rt.ensure(scratch + CHUNK * 4);
    loadState(eng);
    const f32 = rt.f32();
    const c0 = cb >> 2;
    if (threads <= 1) {
      for (let o = 0; o < full; o += CHUNK) {
        const m = Math.min(CHUNK, full - o);
        w.mtDraw(st, buf, m);
        f32.set(cur.subarray(o, o + m), c0);
        w.truncRedraw32(buf, cb, 0, m, mean32, std32, lo, hi);
        listChunk(cb, m, o, limit, lo, hi, scratch, list);
        cur.set(f32.subarray(c0, c0 + m), o);
      }
    }
    if (tail) {
      w.mtDraw(st, buf, n - full);
      w.mtDraw(st, buf, 16);
      f32.set(tail, c0);
      w.truncRedraw32(buf, cb, 0, 16, mean32, std32, lo, hi);
      cur.set(f32.subarray(c0, c0 + 16), n - 16);
      for (let i = n - 16; i < n; i++) if (cur[i]! < lo || cur[i]! > hi) list.push(i);
    }
    saveState(eng);
  }

  /**
   * Whether any cur[i] lies outside [lo, hi] (NaN never does), by the f32x4 scan: in place when
   * cur is resident, else CHUNK values at a time through scratch, stopping at the first chunk
   * with one (a JavaScript loop took 24 ms over 4096² values with none outside, this about 9).
   */
  function anyOutside(cur: Float32Array, lo: number, hi: number): boolean {
    if (rt.storage.isResident(cur)) return w.firstOutside32(cur.byteOffset, cur.length, lo, hi) >= 0;
    rt.ensure(buf + CHUNK * 4);
    const f32 = rt.f32();
    for (let o = 0; o < cur.length; o += CHUNK) {
      const m = Math.min(CHUNK, cur.length - o);
      f32.set(cur.subarray(o, o + m), b0);
      if (w.firstOutside32(buf, m, lo, hi) >= 0) return true;
    }
    return false;
  }

  /**
   * A later round, for the `count` ascending indices at idx (the values still outside): the
   * engine advances by the whole round's draws, only the listed blocks are drawn and
   * transformed. The list goes through WebAssembly memory CHUNK indices at a time (memory
   * never shrinks), the indices of the redrawn tail block (n not a multiple of 16) in the last
   * call. Merges their fresh values into cur, compacts idx to the ones still outside (in place:
   * a part is copied in before its entries are overwritten) and returns how many.
   */
  function listedRedraw(eng: EngineState, cur: Float32Array, idx: Int32Array, count: number, mean32: number, std32: number, lo: number, hi: number): number {
    const n = cur.length;
    const mainEnd = n % 16 === 0 ? n : n - 16;
    let split = count; // the indices before it come from their own blocks
    while (split > 0 && idx[split - 1]! >= mainEnd) split--;
    const at = buf + 64; // the round's progress: words so far, block in buf
    const idxAt = align16(at + 8);
    const valsAt = align16(idxAt + CHUNK * 4);
    rt.ensure(valsAt + CHUNK * 4);
    loadState(eng);
    const i32 = rt.i32();
    const f32 = rt.f32();
    i32[at >> 2] = 0;
    i32[(at >> 2) + 1] = -1;
    let left = 0;
    const part = (from: number, to: number, last: boolean): void => {
      const m = to - from;
      i32.set(idx.subarray(from, to), idxAt >> 2);
      w.truncRedrawListed32(st, buf, idxAt, valsAt, m, n, mean32, std32, at, last ? 1 : 0);
      for (let j = 0; j < m; j++) {
        const i = idx[from + j]!;
        const v = f32[(valsAt >> 2) + j]!;
        cur[i] = v;
        if (v < lo || v > hi) idx[left++] = i;
      }
    };
    for (let from = 0; from < split; from += CHUNK) part(from, Math.min(split, from + CHUNK), false);
    part(split, count, true); // the tail block's indices (at most 16), and the end of the round
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
    cached = rt && w && typeof w.mtDraw === "function" && typeof w.normalBlocks32 === "function" && typeof w.uniform64 === "function" && typeof w.truncRedrawListed32 === "function"
      ? makeRng(rt, w as RngExports)
      : null;
  }
  return cached;
}
