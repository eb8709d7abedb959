// The benchmark CNN's training step (bench/lib/cnn.mjs: conv 5×5×32, pool, conv 5×5×64, pool,
// fc 10; batch 64, SGD) in samples/s on the wasm backend with 1 and 2 threads, median and best
// step (the best is the least disturbed on a shared machine). Needs `npm run build`.
// Usage: node bench/micro/cnn.mjs [seconds-per-config=3] [--ts]
import { makeCnnStep } from "../lib/cnn.mjs";
import { pathToFileURL } from "node:url";
import path from "node:path";

const dist = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../../dist");
const lib = await import(pathToFileURL(path.join(dist, "index.js")).href);
const secs = Number(process.argv.slice(2).find((a) => !a.startsWith("--")) ?? 3);
const configs = [["wasm×1", "wasm", 1], ["wasm×2", "wasm", 2], ...(process.argv.includes("--ts") ? [["ts", "ts", 1]] : [])];
const batch = 64;

console.log("train CNN, batch 64: samples/s, median step (best step)");
for (const [label, backend, threads] of configs) {
  lib.set_backend(backend);
  lib.set_num_threads(threads);
  lib.manual_seed(0);
  const step = makeCnnStep(lib, { batch, lr: 0.01 });
  for (let t0 = performance.now(); performance.now() - t0 < 1000; ) step(); // warm-up; workers come up
  const times = [];
  for (let t0 = performance.now(); performance.now() - t0 < secs * 1000 || times.length < 5; ) {
    const s = performance.now();
    step();
    times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  const med = times[times.length >> 1];
  console.log(`${label}\t${((batch * 1000) / med).toFixed(0)}\t(${med.toFixed(1)} ms/step; best ${((batch * 1000) / times[0]).toFixed(0)})`);
}
