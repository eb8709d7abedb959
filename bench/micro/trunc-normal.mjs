// 4096×4096 float32 `trunc_normal_` through the public API, both algorithms ("latest" = 2.12+
// rejection, "1.13" = inverse CDF + ATen erfinv), under the "wasm" and "ts" backends.
// Minimum wall and CPU time of `reps` runs after one warm-up (the machine is shared: minima
// are the least disturbed runs). Usage: npm run build && node bench/micro/trunc-normal.mjs [reps=5] [cases]
// cases: comma-separated version:backend pairs, default latest:wasm,latest:ts,1.13:wasm,1.13:ts
import { pathToFileURL } from "node:url";
import path from "node:path";

const api = await import(pathToFileURL(path.resolve("dist/index.js")).href);
const reps = Number(process.argv[2] ?? 5);
const cases = (process.argv[3] ?? "latest:wasm,latest:ts,1.13:wasm,1.13:ts").split(",");
const t = api.empty(4096, 4096);

for (const c of cases) {
  const [version, backend] = c.split(":");
  api.set_backend(backend);
  api.set_pytorch_version(version);
  const wall = [];
  const cpu = [];
  for (let r = 0; r <= reps; r++) {
    api.manual_seed(r);
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    api.nn.init.trunc_normal_(t);
    const dt = performance.now() - t0;
    const cu = process.cpuUsage(c0);
    if (r === 0) continue; // warm-up
    wall.push(dt);
    cpu.push((cu.user + cu.system) / 1e3);
  }
  console.log(`${c.padEnd(12)} min ${Math.min(...wall).toFixed(0).padStart(6)} ms wall, ${Math.min(...cpu).toFixed(0).padStart(6)} ms cpu   [${wall.map((x) => x.toFixed(0)).join(" ")}]`);
}
