// nn.init.orthogonal_ on float32 n × n, backends "wasm" (blocked float64 QR, WebAssembly SIMD)
// vs "ts" (unblocked scalar QR), and where the wasm time goes. The machine is shared, so every
// figure is the MINIMUM over the repetitions (the least-disturbed run), not a median.
// The phases come from a replay of orthogonal_'s steps (src/init/orthogonal.ts) with a clock
// between them: normal fill, the QR's own phases (src/kernels/wasm/qr.ts), sign fix + cast.
// Usage: node bench/micro/orthogonal.mjs [sizes=512,1024] [reps=7] [tsReps=2]   (npm run build first)
//   tsReps = 0 skips the slow "ts" backend.
import { pathToFileURL } from "node:url";
import path from "node:path";

const dist = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../../dist");
const imp = (p) => import(pathToFileURL(path.join(dist, p)).href);
const lib = await imp("index.js");
const { set_backend } = await imp("kernels/index.js");
const { enableWasmBackend } = await imp("kernels/wasm/gemm.js");
const { wasmQR } = await imp("kernels/wasm/qr.js");
const { wasmRuntime } = await imp("kernels/wasm/runtime.js");
const { normalFill } = await imp("tensor/random-ops.js");
const { Tensor } = await imp("tensor/tensor.js");
if (!enableWasmBackend()) throw new Error("wasm backend unavailable: run npm run build");

const sizes = (process.argv[2] ?? "512,1024").split(",").map(Number);
const reps = Number(process.argv[3] ?? 7);
const tsReps = Number(process.argv[4] ?? 2);

function minMs(n, fn) {
  let best = Infinity;
  for (let i = 0; i < n; i++) {
    const s = performance.now();
    fn();
    best = Math.min(best, performance.now() - s);
  }
  return best;
}

/** orthogonal_'s steps for a square float32 tensor (no transpose, gain 1), clocked. */
function phasesOnce(rt, t, n, best) {
  const p = { fill: 0, copyIn: 0, panel: 0, update: 0, orgqr: 0, copyOut: 0, signCast: 0 };
  let t0 = performance.now();
  const flat = new Tensor([n, n], "float32");
  normalFill(flat, 0, 1, {});
  p.fill = performance.now() - t0;
  const { q, rdiag } = wasmQR(rt, flat.data, n, n, p);
  t0 = performance.now();
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) q[i * n + j] *= Math.sign(rdiag[j]);
  const out = t.data;
  for (let i = 0; i < out.length; i++) out[i] = Math.fround(Math.fround(q[i]) * 1);
  p.signCast = performance.now() - t0;
  for (const k of Object.keys(p)) best[k] = Math.min(best[k] ?? Infinity, p[k]);
}

const fmt = (x) => x.toFixed(1).padStart(7);
console.log("orthogonal_(empty(n, n)) float32, min ms over reps");
for (const n of sizes) {
  const t = lib.empty(n, n);
  set_backend("wasm");
  minMs(2, () => lib.nn.init.orthogonal_(t)); // warm-up: JIT, memory growth
  const wasm = minMs(reps, () => lib.nn.init.orthogonal_(t));
  let line = `n=${n}: wasm ${fmt(wasm)}`;
  if (tsReps > 0) {
    set_backend("ts");
    const ts = minMs(tsReps, () => lib.nn.init.orthogonal_(t));
    set_backend("wasm");
    line += `   ts ${fmt(ts)}   speed-up ${(ts / wasm).toFixed(1)}×`;
  }
  console.log(line);
  const rt = wasmRuntime();
  const best = {};
  for (let i = 0; i < reps; i++) phasesOnce(rt, t, n, best);
  const qr = best.copyIn + best.panel + best.update + best.orgqr + best.copyOut;
  const flops = (8 / 3) * n ** 3; // geqrf + orgqr, m = n: 4n³/3 each
  const sum = Object.values(best).reduce((a, b) => a + b, 0);
  console.log(`  phases (each its own minimum; sum ${sum.toFixed(1)}): ` +
    Object.entries(best).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(", ") +
    `; QR blocked part (update + orgqr) ${((flops / (best.update + best.orgqr)) / 1e6).toFixed(1)} GFLOP/s, QR total ${qr.toFixed(1)}`);
}
