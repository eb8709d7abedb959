// Micro-benchmark of the float32 fills on a 4096×4096 tensor: median of 5 after warm-up.
// Usage: node bench/micro/bench.mjs [distDir=dist] [which=normal,uniform,rand,...] [reps=5]
//   cases: normal (0,1), normalms (0.25,0.02), uniform (±0.0357), rand, normal64 (2^20),
//          kaiming (kaiming_uniform_), kaimingN (kaiming_normal_), randn (allocating).
//   distDir may also be build/micro-ref (the frozen reference, compiled by
//   `npx tsc -p bench/micro/reference/tsconfig.json`).
import { pathToFileURL } from "node:url";
import path from "node:path";
import fs from "node:fs";

const dist = path.resolve(process.argv[2] ?? "dist");
const which = (process.argv[3] ?? "normal,uniform,rand").split(",");
const reps = Number(process.argv[4] ?? 5);
const isRef = fs.existsSync(path.join(dist, "normal.js"));
const imp = (p) => import(pathToFileURL(path.join(dist, p)).href);
const normal = await imp(isRef ? "normal.js" : "random/normal.js");
const uniform = await imp(isRef ? "uniform.js" : "random/uniform.js");
const { Generator } = await imp(isRef ? "generator.js" : "random/generator.js");
const api = isRef ? null : await imp("index.js");
const gen = new Generator();
if (!isRef) gen.manual_seed(0);

const N = 4096 * 4096;
const f32 = new Float32Array(N);
const cases = {
  normal: () => normal.fillNormal(gen, f32, 0, 1),
  normalms: () => normal.fillNormal(gen, f32, 0.25, 0.02),
  uniform: () => uniform.fillUniform32(gen, f32, -0.0357, 0.0357),
  rand: () => uniform.fillUniform32(gen, f32, 0, 1),
  normal64: () => normal.fillNormal(gen, new Float64Array(1 << 20), 0, 1),
  // through the public API (argument checks, default generator): 4096×4096 float32
  kaiming: () => api.nn.init.kaiming_uniform_(W, { a: Math.sqrt(5) }),
  kaimingN: () => api.nn.init.kaiming_normal_(W),
  randn: () => api.randn(4096, 4096),
};
const W = api ? api.empty(4096, 4096) : null;
for (const w of which) {
  const fn = cases[w];
  fn(); fn(); // warm-up
  const t = [];
  const c = [];
  for (let r = 0; r < reps; r++) {
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    fn();
    t.push(Number(process.hrtime.bigint() - t0) / 1e6);
    const cu = process.cpuUsage(c0);
    c.push((cu.user + cu.system) / 1e3);
  }
  t.sort((a, b) => a - b);
  c.sort((a, b) => a - b);
  const load = (await import("node:os")).loadavg()[0].toFixed(1);
  console.log(`${w.padEnd(9)} median ${t[t.length >> 1].toFixed(1)} ms wall, ${c[c.length >> 1].toFixed(1)} ms cpu   [${t.map((x) => x.toFixed(0)).join(" ")}]  load ${load}  (${isRef ? "ref" : dist})`);
}
