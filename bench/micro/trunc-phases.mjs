// Where 4096×4096 float32 trunc_normal_ spends its time in wasm. "1.13": the uniform_ fill
// (sequential MT19937 draws + the uniform transform) vs the erfinv transform (elementwise:
// threadable), each alone on the same 2^24 elements. "latest" (2.12+): the first normal_ fill vs
// the redraw rounds (each still draws all 2^24 words, but transforms only the needed blocks;
// after the first, only the indices still outside are visited).
// Minimum wall and CPU time of `reps` runs (shared machine: minima are the least disturbed).
// Usage: npm run build && node bench/micro/trunc-phases.mjs [reps=5]
import { pathToFileURL } from "node:url";
import path from "node:path";

const imp = (p) => import(pathToFileURL(path.resolve("dist", p)).href);
const api = await imp("index.js");
const { wasmRuntime } = await imp("kernels/wasm/runtime.js");
const { ERFINV_K_OLD } = await imp("math/erfinv.js");
const { Generator } = await imp("random/generator.js");
const { fillNormal } = await imp("random/normal.js");
const { fillUniform32 } = await imp("random/uniform.js");
const { redrawUntilInside } = await imp("random/normal-redraw.js");

const reps = Number(process.argv[2] ?? 5);
const N = 4096 * 4096;
api.set_backend("wasm");

function time(label, fn, setup = () => {}) {
  setup();
  fn();
  const t = [];
  const c = [];
  for (let r = 0; r < reps; r++) {
    setup();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    t.push(performance.now() - t0);
    const cu = process.cpuUsage(c0);
    c.push((cu.user + cu.system) / 1e3);
  }
  console.log(`${label.padEnd(44)} min ${Math.min(...t).toFixed(1).padStart(7)} ms wall, ${Math.min(...c).toFixed(1).padStart(7)} ms cpu`);
}

// The uniform-proposal branch of 2.12+ (mass ≤ 0.3), TypeScript loops over the wasm uniform_ fills.
api.set_pytorch_version("latest");
const tp = api.empty(4096, 4096);
time("2.12+: uniform proposals, a = 2, b = 3", () => api.nn.init.trunc_normal_(tp, { a: 2, b: 3 }));

// "1.13" at the defaults: uniform_(2Φ(−2) − 1, 2Φ(2) − 1), then the transform.
const gen = new Generator().manual_seed(0);
const y = new Float32Array(N);
const from = 2 * 0.022750131948179195 - 1;
time("1.13: uniform_ fill (MT draws + uniform)", () => fillUniform32(gen, y, from, -from));
const rt = wasmRuntime();
const buf = rt.heapBase;
const work = buf + N * 4;
rt.ensure(work + rt.exports.truncInverseCdfWorkBytes(N));
const args = [0, N, ERFINV_K_OLD, Math.fround(Math.SQRT2), 0, -2, 2];
const run = (kernel) => kernel === "truncInverseCdf32x4" ? () => rt.exports[kernel](buf, work, ...args) : () => rt.exports[kernel](buf, ...args);
const load = () => rt.f32().set(y, buf >> 2);
time("1.13: erfinv transform, f32x4 (in place)", run("truncInverseCdf32x4"), load);
time("1.13: erfinv transform, scalar port", run("truncInverseCdf32"), load);
const t = api.empty(4096, 4096);
api.set_pytorch_version("1.13");
time("1.13: whole trunc_normal_", () => api.nn.init.trunc_normal_(t));

// "latest": first normal_ fill, then the redraw rounds (the first over every block that
// replaces something, the later ones over the listed indices only).
const d = new Float32Array(N);
let rounds = 0;
time("2.12+: first normal_ fill", () => fillNormal(gen, d, 0, 1));
time("2.12+: redraw rounds (all of them)", () => {
  rounds = redrawUntilInside(gen, d, 0, 1, -2, 2);
}, () => fillNormal(gen, d, 0, 1));
console.log(`  (${rounds} rounds in the last run)`);
api.set_pytorch_version("latest");
time("2.12+: whole trunc_normal_", () => api.nn.init.trunc_normal_(t));
