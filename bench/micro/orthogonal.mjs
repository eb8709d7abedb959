// nn.init.orthogonal_ on float32 n × n, backends "wasm" (blocked float64 QR, WebAssembly SIMD)
// vs "ts" (unblocked scalar QR), and where the wasm time goes. The machine is shared, so every
// figure is the MINIMUM over the repetitions (the least-disturbed run), not a median.
// Usage: node bench/micro/orthogonal.mjs [sizes=512,1024] [reps=7] [tsReps=2]   (npm run build first)
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

const fmt = (x) => x.toFixed(1).padStart(7);
console.log("orthogonal_(empty(n, n)) float32, min ms over reps");
for (const n of sizes) {
  const t = lib.empty(n, n);
  set_backend("wasm");
  minMs(2, () => lib.nn.init.orthogonal_(t)); // warm-up: JIT, memory growth
  const wasm = minMs(reps, () => lib.nn.init.orthogonal_(t));
  set_backend("ts");
  const ts = minMs(tsReps, () => lib.nn.init.orthogonal_(t));
  set_backend("wasm");

  // Phases: the normal fill alone, then the QR's own phases (minimum of each over reps).
  const fill = minMs(reps, () => normalFill(lib.empty(n, n), 0, 1, {}));
  const a = lib.randn(n, n).data; // float32, as orthogonal_ hands it to the QR
  const rt = wasmRuntime();
  const phases = { copyIn: Infinity, panel: Infinity, update: Infinity, orgqr: Infinity, copyOut: Infinity };
  let qrMin = Infinity;
  for (let i = 0; i < reps; i++) {
    const p = { copyIn: 0, panel: 0, update: 0, orgqr: 0, copyOut: 0 };
    const s = performance.now();
    wasmQR(rt, a, n, n, p);
    qrMin = Math.min(qrMin, performance.now() - s);
    for (const k of Object.keys(p)) phases[k] = Math.min(phases[k], p[k]);
  }
  const flops = (8 / 3) * n ** 3; // geqrf + orgqr, m = n: 4n³/3 each
  console.log(`n=${n}: wasm ${fmt(wasm)}   ts ${fmt(ts)}   speed-up ${(ts / wasm).toFixed(1)}×`);
  console.log(`  wasm phases: normal fill ${fmt(fill)} | QR ${fmt(qrMin)} (${(flops / qrMin / 1e6).toFixed(1)} GFLOP/s) = ` +
    Object.entries(phases).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(", ") +
    ` | rest of orthogonal_ (sign fix, cast, gain) ≈ ${fmt(Math.max(0, wasm - fill - qrMin))}`);
}
