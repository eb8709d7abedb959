// The "2.11" erfinv in WebAssembly (assembly/erfinv-cr.ts `erfinvCR`) against the TypeScript
// oracle (src/math/erfinv.ts `erfinvCorrectlyRounded`) on EVERY float32 y in [0, 1] (bit
// patterns 0 … 0x3f800000), or in [−1, 0] with `--negative`. Prints the count that differ
// (expected: 0) and the first few. Takes minutes (the oracle is ~250 ns a call).
// Usage: npm run build && node bench/micro/exhaustive-erfinv-cr.mjs [--negative]
import path from "node:path";
import { pathToFileURL } from "node:url";

const dist = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../../dist");
const { erfinvCorrectlyRounded } = await import(pathToFileURL(path.join(dist, "math/erfinv.js")).href);
const { wasmRuntime } = await import(pathToFileURL(path.join(dist, "kernels/wasm/runtime.js")).href);
const w = wasmRuntime().exports;
const sign = process.argv.includes("--negative") ? 0x80000000 : 0;
const f = new Float32Array(1);
const u = new Uint32Array(f.buffer);
let differ = 0;
const t0 = performance.now();
for (let b = 0; b <= 0x3f800000; b++) {
  u[0] = (b | sign) >>> 0;
  const y = f[0];
  const got = w.erfinvCR(y);
  const want = erfinvCorrectlyRounded(y);
  if (!Object.is(got, want) && !(Number.isNaN(got) && Number.isNaN(want))) {
    if (differ++ < 10) console.log(`y = ${y} (0x${u[0].toString(16)}): wasm ${got}, ts ${want}`);
  }
  if ((b & 0x3ffffff) === 0 && b > 0) console.error(`… ${(b / 0x3f800000 * 100).toFixed(0)} % (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
}
console.log(`${sign ? "[-1, 0]" : "[0, 1]"}: ${0x3f800001} float32 values, ${differ} differ (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
