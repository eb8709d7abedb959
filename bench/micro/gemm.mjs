// sgemm backends, "ts" (binary64 accumulation) vs "wasm" (AssemblyScript f32x4, float32
// accumulation) on 1 and on 2 threads (set_num_threads): GFLOP/s on the MLP-shaped products
// and a 1024³ product, then the MLP 784-256-256-10 training step (batch 128, as
// bench/competitors/nninit.mjs) in samples/s. Needs `npm run build`.
// Usage: node bench/micro/gemm.mjs [seconds-per-case=1] [--no-ts]
//   (under node --experimental-wasm-relaxed-simd the wasm rows use nninit-relaxed.wasm's FMA kernel)
import { makeTrainStep } from "../lib/mlp.mjs";
import { pathToFileURL } from "node:url";
import path from "node:path";

const dist = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../../dist");
const imp = (p) => import(pathToFileURL(path.join(dist, p)).href);
const lib = await imp("index.js");
const { kernels, set_backend } = await imp("kernels/index.js");
const { enableWasmBackend } = await imp("kernels/wasm/gemm.js");
if (!enableWasmBackend()) throw new Error("wasm backend unavailable: run npm run build");
const secs = Number(process.argv.slice(2).find((a) => !a.startsWith("--")) ?? 1);
// [label, backend, threads]
const configs = [["ts", "ts", 1], ["wasm×1", "wasm", 1], ["wasm×2", "wasm", 2]].filter(
  ([l]) => !(process.argv.includes("--no-ts") && l === "ts"),
);
function use([, backend, threads]) {
  set_backend(backend);
  lib.set_num_threads(threads);
  // Let lazily started workers come up before timing (they join once READY).
  const k = kernels();
  const a = new Float32Array(256 * 256);
  for (let t0 = performance.now(); performance.now() - t0 < 200; ) k.sgemm(false, false, 256, 256, 256, a, 0, 256, a, 0, 256, 0, a.slice(), 0, 256);
}

function timeIt(fn) {
  // Warm-up: at least 10 calls and 300 ms (JIT tiers, wasm memory growth).
  for (let i = 0, w0 = performance.now(); i < 10 || performance.now() - w0 < 300; i++) fn();
  const times = [];
  const t0 = performance.now();
  while (performance.now() - t0 < secs * 1000 || times.length < 5) {
    const s = performance.now();
    fn();
    times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  // The median, and the best: on a shared machine the best is the least disturbed run.
  return { ms: times[times.length >> 1], best: times[0] };
}

const rnd = (n) => Float32Array.from({ length: n }, () => Math.random() - 0.5);
// [label, transA, transB, M, N, K]: forward x·Wᵀ, backward dX = dY·W, dW = dYᵀ·X.
const SHAPES = [
  ["fwd 128x784 · (256x784)ᵀ", false, true, 128, 256, 784],
  ["128x784 · 784x256", false, false, 128, 256, 784],
  ["dX 128x256 · 256x784", false, false, 128, 784, 256],
  ["dW (128x256)ᵀ · 128x784", true, false, 256, 784, 128],
  ["fwd 128x256 · (256x256)ᵀ", false, true, 128, 256, 256],
  ["256x256 · 256x256", false, false, 256, 256, 256],
  ["128x128 · 128x64", false, false, 128, 64, 128],
  ["1024³", false, false, 1024, 1024, 1024],
];
console.log(`wasm module: ${lib.wasm_features().module} (node --experimental-wasm-relaxed-simd selects nninit-relaxed.wasm: fused multiply-add)`);
console.log("sgemm GFLOP/s: median (best)");
console.log(["shape", ...configs.map(([l]) => l)].join("\t"));
for (const [label, tA, tB, M, N, K] of SHAPES) {
  const A = rnd(M * K), B = rnd(K * N), C = new Float32Array(M * N);
  const lda = tA ? M : K, ldb = tB ? K : N;
  const row = [label];
  for (const cfg of configs) {
    if (cfg[1] === "ts" && M * N * K > 1e8) { row.push("-"); continue; }
    use(cfg);
    const k = kernels();
    const { ms, best } = timeIt(() => k.sgemm(tA, tB, M, N, K, A, 0, lda, B, 0, ldb, 0, C, 0, N));
    const gf = (t) => ((2 * M * N * K) / (t * 1e6)).toFixed(1);
    row.push(`${gf(ms)} (best ${gf(best)})`);
  }
  console.log(row.join("\t"));
}

const params = { layers: [784, 256, 256, 10], batch: 128, lr: 0.01 };
console.log("\ntrain MLP 784-256-256-10, batch 128: samples/s, median step (best step)");
for (const cfg of configs) {
  lib.manual_seed(0);
  use(cfg);
  const step = makeTrainStep(lib, params);
  const { ms, best } = timeIt(step);
  console.log(`${cfg[0]}\t${((params.batch * 1000) / ms).toFixed(0)}\t(${ms.toFixed(2)} ms/step; best ${((params.batch * 1000) / best).toFixed(0)})`);
}
set_backend("ts");
