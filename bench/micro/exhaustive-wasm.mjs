// Exhaustive bit-equality of the WebAssembly float32 fill transforms against the TS ones:
//
//   A. normal: every radius input k1 ∈ [0, 2^24) (angle k2 = 0, so cos θ = 1 and, with std = 1,
//      mean = −0, the output IS the radius);
//   B. normal: every angle input k2 ∈ [0, 2^24), paired with a k1 whose radius is exactly 1 (else a
//      power of two), so the outputs ARE cos θ and sin θ;
//   C. normal: 2^24 random (k1, k2) pairs under several (mean, std), end to end;
//   U. uniform: every 24-bit draw k through uniformAffine32 / uniformFma32 for several (from, to),
//      against fma32(k·2^-24, to − from, from) of src/math/fma.ts (+ PyTorch 2.x's to → from).
//
// The TS normal kernel (`normalBlocksFromState32`, src/random/normal.ts) is itself proved equal to
// the frozen original over the same domains by bench/micro/exhaustive.mjs. Radius and angle depend
// on one 24-bit draw each, so A + B cover every input of every step of LOG and SINCOS.
// Usage: npm run build && node bench/micro/exhaustive-wasm.mjs   (~1 min)
import { pathToFileURL } from "node:url";
import path from "node:path";

const dist = path.resolve(process.argv[2] ?? "dist");
const imp = (p) => import(pathToFileURL(path.join(dist, p)).href);
const { normalBlocksFromState32 } = await imp("random/normal.js");
const { fma32 } = await imp("math/fma.js");
const { wasmRuntime, align16 } = await imp("kernels/wasm/runtime.js");

const rt = wasmRuntime();
if (!rt || typeof rt.exports.normalBlocks32 !== "function") throw new Error("no wasm runtime with the rng kernels (npm run build)");
const w = rt.exports;
console.log(`module: ${rt.relaxed ? "nninit-relaxed.wasm (relaxed SIMD FMAs)" : "nninit.wasm"} (NNINIT_WASM_RELAXED=1 selects the relaxed one)`);
const PAIRS = 1 << 16;
const buf = align16(rt.heapBase);
rt.ensure(buf + PAIRS * 2 * 4);
const memI = rt.i32();
const memF = rt.f32();
const memU = rt.u32();
const b0 = buf >> 2;

// The TS kernel takes UNTEMPERED state words; the wasm one tempered draws.
const invR = (y, s) => { let x = y; for (let i = 0; i < 32; i += s) x = y ^ (x >>> s); return x | 0; };
const invL = (y, s, m) => { let x = y; for (let i = 0; i < 32; i += s) x = y ^ ((x << s) & m); return x | 0; };
const untemper = (y) => invR(invL(invL(invR(y, 18), 15, 0xefc60000), 7, 0x9d2c5680), 11);

const N = 1 << 24;
const draws = new Int32Array(PAIRS * 2);
const words = new Int32Array(PAIRS * 2);
const want = new Float32Array(PAIRS * 2);
const wantBits = new Uint32Array(want.buffer);
let compared = 0;
let mismatches = 0;

function runChunk(k1of, k2of, mean32, std32, label) {
  for (let p = 0; p < PAIRS; p++) {
    const blk = (p >> 3) << 4;
    const j = p & 7;
    draws[blk + j] = k1of(p) | ((Math.random() * 256) << 24); // the high byte is ignored: prove it
    draws[blk + j + 8] = k2of(p) | ((Math.random() * 256) << 24);
  }
  for (let i = 0; i < PAIRS * 2; i++) words[i] = untemper(draws[i]);
  normalBlocksFromState32(words, 0, PAIRS * 2, want, 0, mean32, std32);
  memI.set(draws, b0);
  w.normalBlocks32(buf, 0, PAIRS * 2, mean32, std32);
  for (let i = 0; i < PAIRS * 2; i++) {
    if (memU[b0 + i] !== wantBits[i] && mismatches++ < 20) {
      console.log(`MISMATCH ${label} slot ${i} draw ${draws[i] & 0xffffff}: wasm ${memF[b0 + i]} ts ${want[i]}`);
    }
  }
  compared += PAIRS * 2;
}

const t0 = Date.now();
const radius = new Float32Array(N);
for (let base = 0; base < N; base += PAIRS) {
  runChunk((p) => base + p, () => 0, -0, 1, "A");
  for (let p = 0; p < PAIRS; p++) radius[base + p] = want[((p >> 3) << 4) + (p & 7)];
}
console.log(`A: all ${N} radius inputs (${(Date.now() - t0) / 1000}s), mismatches so far ${mismatches}`);
let k1star = radius.indexOf(1);
if (k1star < 0) k1star = radius.findIndex((r) => r > 0 && Math.log2(r) === Math.round(Math.log2(r)));
for (let base = 0; base < N; base += PAIRS) runChunk(() => k1star, (p) => base + p, -0, 1, "B");
console.log(`B: all ${N} angle inputs with radius ${radius[k1star]} (${(Date.now() - t0) / 1000}s), mismatches so far ${mismatches}`);
const params = [[0, 1], [0.25, 0.02], [-0, 1], [0, 0], [3, 0], [-1e-3, 5e-4], [1e-40, 1e-30], [1e20, 3e18], [0, 1e-44], [-2, 3e38]];
const rnd = () => (Math.random() * 2 ** 24) >>> 0;
for (const [mean, std] of params) {
  for (let c = 0; c < N / PAIRS / params.length; c++) runChunk(rnd, rnd, Math.fround(mean), Math.fround(std), `C(${mean},${std})`);
}
console.log(`C: random pairs under ${params.length} (mean, std) (${(Date.now() - t0) / 1000}s), mismatches so far ${mismatches}`);

// U: all 2^24 draws through the uniform transforms.
const TWO_M24 = 2 ** -24;
const ranges = [[0, 1], [-0.0357, 0.0357], [-1 / Math.sqrt(784), 1 / Math.sqrt(784)], [0.1, 0.7], [-5, -4.999999], [1, 1 + 2 ** -20], [-3e38, 3e38], [1e-40, 2e-40], [-1, -0]];
for (const [from, to] of ranges) {
  const from32 = Math.fround(from);
  const to32 = Math.fround(to);
  const range = Math.fround(to32 - from32);
  for (const remap of [false, true]) {
    let bad = 0;
    for (let base = 0; base < N; base += PAIRS * 2) {
      const m = PAIRS * 2;
      for (let i = 0; i < m; i++) memI[b0 + i] = (base + i) | ((Math.random() * 256) << 24);
      // Exercise both transforms: the affine one only where the host would pick it (exact sums).
      const affine = (from32 === 0 && range === 1) || (range === 0) || (Math.abs(range) + Math.abs(from32) <= 1 && from32 === -to32);
      if (affine) w.uniformAffine32(buf, 0, m, range * TWO_M24, from32, remap ? to32 : NaN, from32);
      else w.uniformFma32(buf, 0, m, range, from32, remap ? to32 : NaN, from32);
      for (let i = 0; i < m; i++) {
        let v = fma32((base + i) * TWO_M24, range, from32);
        if (remap && v === to32) v = from32;
        if (!Object.is(memF[b0 + i], v) && bad++ < 5) console.log(`MISMATCH U(${from},${to},remap=${remap}) k=${base + i}: wasm ${memF[b0 + i]} fma32 ${v}`);
      }
    }
    mismatches += bad;
    compared += N;
  }
}
console.log(`U: all ${N} draws × ${ranges.length} ranges × remap on/off (${(Date.now() - t0) / 1000}s)`);
console.log(`TOTAL: ${compared} outputs compared, ${mismatches} mismatches`);
process.exit(mismatches === 0 ? 0 : 1);
