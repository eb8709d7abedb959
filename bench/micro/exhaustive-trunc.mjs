// The wasm "1.13" trunc_normal_ transforms (assembly/erfinv-simd.ts `truncInverseCdf32x4`, the
// f32x4 kernel nninit uses, and assembly/erfinv.ts `truncInverseCdf32`, its scalar port: ATen
// erfinv with glibc logf/expf/erff, then ×scale, +mean, clamp) against the TypeScript oracle
// (src/init/trunc-normal-inverse-cdf.ts: `erfinvAten` of src/math/erfinv.ts) over ALL 2^24
// uniform draws k: y = fma32(k·2^-24, range, from) is exactly what uniform_(2l − 1, 2u − 1)
// can produce, so this covers every input the transform can ever see for each parameter set.
// Usage: npm run build && node bench/micro/exhaustive-trunc.mjs [cases]   (cases: indices, e.g. 0,2)
import { pathToFileURL } from "node:url";
import path from "node:path";

const imp = (p) => import(pathToFileURL(path.resolve("dist", p)).href);
const { wasmRuntime } = await imp("kernels/wasm/runtime.js");
const { erfinvAten, ERFINV_K_OLD, ERFINV_K_NEW } = await imp("math/erfinv.js");
const { erf } = await imp("math/erf.js");
const { fma32 } = await imp("math/fma.js");

/** (mean, std, a, b, newK): the default, PyTorch-style narrow/shifted/one-sided cases, both K. */
const CASES = [
  [0, 1, -2, 2, false],
  [0, 1, -2, 2, true],
  [0, 0.02, -0.04, 0.04, false],
  [0.5, 0.2, 0, 1, false],
  [1, 3, -10, 10, false],
  [0, 1, -1e9, 1e9, false], // y spans (−1, 1): the erfinv tails down to 1 − 2^-24
  [-3, 0.5, -3.5, -1, true],
];
const pick = process.argv[2] ? process.argv[2].split(",").map(Number) : CASES.map((_, i) => i);

const N = 1 << 24;
const rt = wasmRuntime();
console.log(`module: ${rt.relaxed ? "nninit-relaxed.wasm (relaxed SIMD FMAs)" : "nninit.wasm"} (NNINIT_WASM_RELAXED=1 selects the relaxed one)`);
const w = rt.exports;
const buf = rt.heapBase;
const work = buf + N * 4;
rt.ensure(work + w.truncInverseCdfWorkBytes(N));
const normCdf = (x) => (1.0 + erf(x / Math.sqrt(2.0))) / 2.0;
const fr = Math.fround;
const hex = (v) => "0x" + new Uint32Array(new Float32Array([v]).buffer)[0].toString(16).padStart(8, "0");

let total = 0;
let bad = 0;
for (const c of pick) {
  const [mean, std, a, b, newK] = CASES[c];
  const from32 = fr(2 * normCdf((a - mean) / std) - 1);
  const to32 = fr(2 * normCdf((b - mean) / std) - 1);
  const range = fr(to32 - from32);
  const K = newK ? ERFINV_K_NEW : ERFINV_K_OLD;
  const scale = fr(std * Math.SQRT2);
  const m = fr(mean);
  const lo = fr(a);
  const hi = fr(b);
  const y = new Float32Array(N);
  for (let k = 0; k < N; k++) y[k] = fma32(k * 2 ** -24, range, from32);
  const t0 = performance.now();
  const want = new Float32Array(N);
  for (let k = 0; k < N; k++) {
    let x = fr(fr(erfinvAten(y[k], newK) * scale) + m);
    if (x < lo) x = lo;
    if (x > hi) x = hi;
    want[k] = x;
  }
  const tTs = performance.now() - t0;
  for (const kernel of ["truncInverseCdf32x4", "truncInverseCdf32"]) {
    const t1 = performance.now();
    rt.f32().set(y, buf >> 2);
    if (kernel === "truncInverseCdf32x4") w[kernel](buf, work, 0, N, K, scale, m, lo, hi);
    else w[kernel](buf, 0, N, K, scale, m, lo, hi);
    const got = rt.f32().slice(buf >> 2, (buf >> 2) + N);
    const tW = performance.now() - t1;
    let diff = 0;
    for (let k = 0; k < N; k++) {
      if (!Object.is(want[k], got[k]) && !(Number.isNaN(want[k]) && Number.isNaN(got[k]))) {
        if (diff++ < 5) console.log(`  case ${c} ${kernel} k=${k} y=${y[k]} (${hex(y[k])}): wasm ${got[k]} (${hex(got[k])}), ts ${want[k]} (${hex(want[k])})`);
      }
    }
    total += N;
    bad += diff;
    console.log(`case ${c} mean=${mean} std=${std} [${a}, ${b}] K=${newK ? "2.x" : "1.13"} ${kernel}: ${diff} of ${N} differ (wasm ${tW.toFixed(0)} ms, ts ${tTs.toFixed(0)} ms)`);
  }
}
console.log(`${bad === 0 ? "OK" : "FAIL"}: ${total} outputs compared, ${bad} differ`);
process.exit(bad === 0 ? 0 : 1);
