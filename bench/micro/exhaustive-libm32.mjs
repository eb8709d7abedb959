// The certified fast `expf`/`logf` of the wasm erfinv (assembly/libm32-fast.ts: exact argument
// reduction, unfused polynomial, float result certified against a 2^-40 error margin, else the
// exact port) against glibc's fused versions as ported to TypeScript (src/math/libm32.ts), over
// EVERY float32 input of the chosen domain, and the exact wasm ports (assembly/libm32.ts) too.
// Domains: "expf-neg" all x ≤ −0 (what erfinv's Newton steps and erff pass), "expf-pos",
// "logf" all x ≥ +0 (+inf, NaN included at the ends). ~1–4 min each.
// Usage: npm run build && node bench/micro/exhaustive-libm32.mjs [domains=expf-neg,logf]
import { pathToFileURL } from "node:url";
import path from "node:path";

const imp = (p) => import(pathToFileURL(path.resolve("dist", p)).href);
const { wasmRuntime } = await imp("kernels/wasm/runtime.js");
const { expf, logf } = await imp("math/libm32.js");
const w = wasmRuntime().exports;
console.log(`module: ${wasmRuntime().relaxed ? "nninit-relaxed.wasm (relaxed SIMD FMAs)" : "nninit.wasm"} (NNINIT_WASM_RELAXED=1 selects the relaxed one)`);
const domains = (process.argv[2] ?? "expf-neg,logf").split(",");
const f = new Float32Array(1);
const u = new Uint32Array(f.buffer);
const hex = (b) => "0x" + (b >>> 0).toString(16).padStart(8, "0");
const bitsOf = (v) => ((f[0] = v), u[0]);
const same = (a, b) => bitsOf(a) === bitsOf(b) || (Number.isNaN(a) && Number.isNaN(b));

let bad = 0;
for (const d of domains) {
  const [fast, exact, oracle, lo, hi] = {
    "expf-neg": [w.expfFast, w.expf, expf, 0x80000000, 0xffffffff],
    "expf-pos": [w.expfFast, w.expf, expf, 0x00000000, 0x7fffffff],
    logf: [w.logfFast, w.logf, logf, 0x00000000, 0x7fffffff],
  }[d];
  const t0 = performance.now();
  let n = 0;
  let diff = 0;
  for (let b = lo; b <= hi; b++) {
    u[0] = b;
    const x = f[0];
    const want = oracle(x);
    const got = fast(x);
    const got2 = exact(x);
    n++;
    if (!same(got, want) || !same(got2, want)) {
      if (diff++ < 5) console.log(`  ${d} x=${x} (${hex(b)}): fast ${got}, exact port ${got2}, ts ${want}`);
    }
  }
  bad += diff;
  console.log(`${d}: ${n} inputs, ${diff} differ (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
}
console.log(bad === 0 ? "OK" : "FAIL");
process.exit(bad === 0 ? 0 : 1);
