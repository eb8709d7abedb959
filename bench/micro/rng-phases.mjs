// Where the time of a 4096×4096 float32 fill goes in the WebAssembly kernels: MT19937 draws
// (mtDraw), the transform (uniform / normal, in place on the drawn chunk) and the copy out of
// wasm memory, each timed alone over the same 2^24 elements in CHUNK-sized pieces, then the
// whole fill through the public path (wasm and ts). Minimum of `reps` runs, wall and CPU time
// (the machine is shared: minima are the least disturbed runs; CPU time excludes waiting for a core).
// Usage: npm run build && node bench/micro/rng-phases.mjs [reps=7]
import { pathToFileURL } from "node:url";
import path from "node:path";

const dist = path.resolve("dist");
const imp = (p) => import(pathToFileURL(path.join(dist, p)).href);
const { wasmRuntime, align16 } = await imp("kernels/wasm/runtime.js");
const { CHUNK } = await imp("kernels/wasm/rng.js");
const api = await imp("index.js");
const { Generator } = await imp("random/generator.js");
const { fillNormal } = await imp("random/normal.js");
const { fillUniform32, fillUniform64 } = await imp("random/uniform.js");

const reps = Number(process.argv[2] ?? 7);
const N = 4096 * 4096;
const rt = wasmRuntime();
const w = rt.exports;
const st = rt.heapBase;
const buf = align16(st + 16 + 2 * 624 * 4);
rt.ensure(buf + CHUNK * 4);
const gen = new Generator().manual_seed(0);
const i32 = rt.i32();
i32.set(gen.engine.stateI32, (st >> 2) + 4);
i32[st >> 2] = 1;
i32[(st >> 2) + 1] = 0;
const out = new Float32Array(N);
const f32 = rt.f32();

/** Minimum wall and CPU (user + system) time of `reps` runs after one warm-up; returns the CPU minimum. */
function time(label, fn) {
  fn();
  const t = [];
  const c = [];
  for (let r = 0; r < reps; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    t.push(performance.now() - t0);
    const cu = process.cpuUsage(c0);
    c.push((cu.user + cu.system) / 1e3);
  }
  const min = Math.min(...t);
  const cmin = Math.min(...c);
  console.log(`${label.padEnd(34)} min ${min.toFixed(1).padStart(6)} ms wall, ${cmin.toFixed(1).padStart(6)} ms cpu   [${t.map((x) => x.toFixed(0)).join(" ")}]`);
  return cmin;
}
const chunks = (fn) => () => { for (let o = 0; o < N; o += CHUNK) fn(o, Math.min(CHUNK, N - o)); };
// The transforms are timed on freshly drawn words (they overwrite them with floats).
w.mtDraw(st, buf, CHUNK);
const words = i32.slice(buf >> 2, (buf >> 2) + CHUNK);
const refill = () => i32.set(words, buf >> 2);

const tDraw = time("mtDraw (twist + temper)", chunks((o, m) => w.mtDraw(st, buf, m)));
const tRefill = time("  (restore words, subtracted below)", chunks(() => refill()));
const tU = time("uniformAffine32 (+ restore)", chunks((o, m) => { refill(); w.uniformAffine32(buf, 0, m, 0.0714 * 2 ** -24, -0.0357, NaN, 0); }));
const tF = time("uniformFma32 (+ restore)", chunks((o, m) => { refill(); w.uniformFma32(buf, 0, m, Math.fround(0.6), Math.fround(0.1), NaN, 0); }));
const tN = time("normalBlocks32 (+ restore)", chunks((o, m) => { refill(); w.normalBlocks32(buf, 0, m, 0, 1); }));
const tC = time("copy out (Float32Array.set)", chunks((o, m) => out.set(f32.subarray(buf >> 2, (buf >> 2) + m), o)));
console.log(`=> transform alone (cpu): uniformAffine ${(tU - tRefill).toFixed(1)} ms, uniformFma ${(tF - tRefill).toFixed(1)} ms, normal ${(tN - tRefill).toFixed(1)} ms`);
for (const be of ["wasm", "ts"]) {
  api.set_backend(be);
  time(`[${be}] normal_ (0, 1)`, () => fillNormal(gen, out, 0, 1));
  time(`[${be}] normal_ (0.25, 0.02)`, () => fillNormal(gen, out, 0.25, 0.02));
  time(`[${be}] uniform_ (±0.0357)`, () => fillUniform32(gen, out, -0.0357, 0.0357));
  time(`[${be}] uniform_ (-5, -4.999999) fma`, () => fillUniform32(gen, out, -5, -4.999999));
  const d64 = new Float64Array(N);
  time(`[${be}] uniform_ float64 (±0.0357)`, () => fillUniform64(gen, d64, -0.0357, 0.0357));
  const W = api.empty(4096, 4096);
  time(`[${be}] kaiming_uniform_ (a=√5)`, () => api.nn.init.kaiming_uniform_(W, { a: Math.sqrt(5) }));
  time(`[${be}] kaiming_normal_`, () => api.nn.init.kaiming_normal_(W));
}
