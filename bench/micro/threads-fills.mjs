// 1 vs N threads for the transforms split across the worker pool: float32 normal_ 4096²,
// trunc_normal_ 4096² in both modes, orthogonal_ 512² and 1024². Minimum wall time of `reps`
// runs after a warm-up, each thread count in turn (workers started and ready beforehand).
// Usage: npm run build && node bench/micro/threads-fills.mjs [reps=7] [threads=2] [what=normal,trunc,orth]
import { pathToFileURL } from "node:url";
import path from "node:path";

const dist = path.resolve("dist");
const imp = (p) => import(pathToFileURL(path.join(dist, p)).href);
const api = await imp("index.js");
const { helpers } = await imp("kernels/wasm/pool.js");
const { wasmRuntime } = await imp("kernels/wasm/runtime.js");
const { with_pytorch_version } = await imp("compat.js");

const reps = Number(process.argv[2] ?? 7);
const maxThreads = Number(process.argv[3] ?? 2);
const what = (process.argv[4] ?? "normal,trunc,orth").split(",");
api.set_backend("wasm");
const rt = wasmRuntime();

async function useThreads(n) {
  api.set_num_threads(n);
  while (helpers(rt) < n - 1) await new Promise((r) => setTimeout(r, 5));
}
function time(fn) {
  fn();
  const t = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    fn();
    t.push(performance.now() - t0);
  }
  return t;
}
const cases = [];
if (what.includes("normal")) {
  const W = api.empty(4096, 4096);
  cases.push(["normal_ 4096²", () => api.nn.init.normal_(W)]);
}
if (what.includes("trunc")) {
  const W = api.empty(4096, 4096);
  cases.push(["trunc_normal_ 4096² (1.13)", () => with_pytorch_version("1.13", () => api.nn.init.trunc_normal_(W))]);
  cases.push(["trunc_normal_ 4096² (2.12)", () => api.nn.init.trunc_normal_(W)]);
}
if (what.includes("orth")) {
  const A = api.empty(512, 512), B = api.empty(1024, 1024);
  cases.push(["orthogonal_ 512²", () => api.nn.init.orthogonal_(A)]);
  cases.push(["orthogonal_ 1024²", () => api.nn.init.orthogonal_(B)]);
}
for (const [label, fn] of cases) {
  const row = [];
  for (let th = 1; th <= maxThreads; th++) {
    await useThreads(th);
    const t = time(fn);
    row.push(`${th}T min ${Math.min(...t).toFixed(1).padStart(6)} ms [${t.map((x) => x.toFixed(0)).join(" ")}]`);
  }
  console.log(`${label.padEnd(28)} ${row.join("   ")}`);
}
process.exit(0);
