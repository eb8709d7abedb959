// Exhaustive bit-equality check of the fused float32 normal kernel
// (`normalBlocksFromState32` in src/random/normal.ts) against the frozen original
// (`transform16f32` in bench/micro/reference/normal.ts) over ALL possible inputs:
//
//   A. every radius input u1 = 1 − k·2^-24, k ∈ [0, 2^24), paired with angle k2 = 0
//      (cos 0 = 1, so with std = 1, mean = −0 the output IS the radius, bit for bit);
//   B. every angle input u2 = k·2^-24, k ∈ [0, 2^24), paired with a k1 whose reference
//      radius is exactly 1 (or a power of two), so the outputs ARE cos θ and sin θ;
//   C. 2^24 random (k1, k2) pairs under several (mean, std), the full kernel end to end;
//   E. an audit of each shortcut over the same complete domains (see below).
//
// Also checks logCephes / sincosCephes (src/math/cephes.ts) against the frozen copies on
// all 2^24 inputs each (they are unchanged, but cheap to prove).
//
// Usage: npx tsc -p bench/micro/reference/tsconfig.json   (once; writes build/micro-ref)
//        node bench/micro/exhaustive.mjs [distDir=dist] [refDir=build/micro-ref]
import { pathToFileURL } from "node:url";
import path from "node:path";

const dist = path.resolve(process.argv[2] ?? "dist");
const refDir = path.resolve(process.argv[3] ?? "build/micro-ref");
const imp = (d, p) => import(pathToFileURL(path.join(d, p)).href);
const { normalBlocksFromState32 } = await imp(dist, "random/normal.js");

// The kernel takes untempered MT19937 state words; invert the tempering to feed chosen draws.
const temper = (y) => { y ^= y >>> 11; y ^= (y << 7) & 0x9d2c5680; y ^= (y << 15) & 0xefc60000; y ^= y >>> 18; return y | 0; };
const invR = (y, s) => { let x = y; for (let i = 0; i < 32; i += s) x = y ^ (x >>> s); return x | 0; };
const invL = (y, s, m) => { let x = y; for (let i = 0; i < 32; i += s) x = y ^ ((x << s) & m); return x | 0; };
const untemper = (y) => invR(invL(invL(invR(y, 18), 15, 0xefc60000), 7, 0x9d2c5680), 11);
for (let i = 0; i < 1e6; i++) {
  const v = (Math.random() * 2 ** 32) | 0;
  if (temper(untemper(v)) !== v) throw new Error(`untemper broken for ${v}`);
}
const cephes = await imp(dist, "math/cephes.js");
const ref = await imp(refDir, "normal.js");
const refCephes = await imp(refDir, "cephes.js");

const N = 1 << 24;
const PAIRS = 1 << 16; // pairs per chunk
const words = new Int32Array(PAIRS * 2);
const draws = new Int32Array(PAIRS * 2);
const got = new Float32Array(PAIRS * 2);
const want = new Float32Array(PAIRS * 2);
const gotBits = new Uint32Array(got.buffer);
const wantBits = new Uint32Array(want.buffer);
let compared = 0;
let mismatches = 0;

/** Runs both kernels on `PAIRS` pairs: pair p has radius word k1(p) and angle word k2(p). */
function runChunk(k1of, k2of, mean32, std32, label) {
  for (let p = 0; p < PAIRS; p++) {
    const blk = (p >> 3) << 4;
    const j = p & 7;
    draws[blk + j] = k1of(p) | (Math.random() * 256 << 24); // high byte is ignored: prove it
    draws[blk + j + 8] = k2of(p) | (Math.random() * 256 << 24);
  }
  for (let i = 0; i < PAIRS * 2; i++) words[i] = untemper(draws[i]);
  normalBlocksFromState32(words, 0, PAIRS * 2, got, 0, mean32, std32);
  for (let i = 0; i < PAIRS * 2; i++) want[i] = (draws[i] & 0xffffff) * 2 ** -24;
  for (let b = 0; b < PAIRS * 2; b += 16) ref.transform16f32(want, b, mean32, std32);
  for (let i = 0; i < PAIRS * 2; i++) {
    if (gotBits[i] !== wantBits[i]) {
      if (mismatches++ < 20) console.log(`MISMATCH ${label} slot ${i} draw ${draws[i] & 0xffffff}: got ${got[i]} want ${want[i]}`);
    }
  }
  compared += PAIRS * 2;
}

const t0 = Date.now();
// A: all radius inputs.
const radius = new Float32Array(N);
for (let base = 0; base < N; base += PAIRS) {
  runChunk((p) => base + p, () => 0, -0, 1, "A");
  for (let p = 0; p < PAIRS; p++) radius[base + p] = want[((p >> 3) << 4) + (p & 7)];
}
console.log(`A: all ${N} radius inputs done (${(Date.now() - t0) / 1000}s), mismatches so far ${mismatches}`);

// B: all angle inputs, with a radius of exactly 1 (else a power of two).
let k1star = radius.indexOf(1);
if (k1star < 0) k1star = radius.findIndex((r) => r > 0 && Math.log2(r) === Math.round(Math.log2(r)));
console.log(`B: using k1 = ${k1star} (reference radius ${radius[k1star]})`);
for (let base = 0; base < N; base += PAIRS) runChunk(() => k1star, (p) => base + p, -0, 1, "B");
console.log(`B: all ${N} angle inputs done (${(Date.now() - t0) / 1000}s), mismatches so far ${mismatches}`);

// C: random pairs end to end under several (mean, std).
const params = [[0, 1], [0.25, 0.02], [-0, 1], [0, 0], [3, 0], [-1e-3, 5e-4], [1e-40, 1e-30], [1e20, 3e18]];
const rnd = () => (Math.random() * 2 ** 24) >>> 0;
for (const [mean, std] of params) {
  for (let c = 0; c < N / PAIRS / params.length; c++) runChunk(rnd, rnd, Math.fround(mean), Math.fround(std), `C(${mean},${std})`);
}
console.log(`C: random pairs done (${(Date.now() - t0) / 1000}s), mismatches so far ${mismatches}`);

// D: the exported scalar Cephes functions over all their possible fill inputs.
let dMis = 0;
for (let k = 0; k < N; k++) {
  const u1 = 1 - k * 2 ** -24;
  if (!Object.is(cephes.logCephes(u1), refCephes.logCephes(u1))) dMis++;
  const th = Math.fround(Math.fround(2 * Math.PI) * (k * 2 ** -24));
  cephes.sincosCephes(th);
  const s = cephes.sincosOut.sin;
  const co = cephes.sincosOut.cos;
  refCephes.sincosCephes(th);
  if (!Object.is(s, refCephes.sincosOut.sin) || !Object.is(co, refCephes.sincosOut.cos)) dMis++;
}
console.log(`D: logCephes/sincosCephes on all ${N} inputs each: mismatches ${dMis} (${(Date.now() - t0) / 1000}s)`);

// E: audit of the shortcuts themselves, over the same complete domains (an independent
// re-derivation of why A/B pass): (1) at every fused multiply-add site of LOG and SINCOS,
// the binary64 sum is never a binary32 midpoint created by the binary64 rounding, so
// fround(a·b + c) IS the fused result; (2) the octant trunc(fround(θ·FOPI)) equals k >> 21;
// (3) the first two Cody–Waite results are already binary32 (their frounds are no-ops).
{
  const f = Math.fround;
  const danger = {};
  const site = (p, c, name) => {
    const s = p + c;
    const r = f(s);
    if (r !== s) {
      const n = 2 * s - r;
      const bb = s - p;
      const err = p - (s - bb) + (c - bb);
      if (f(n) === n && err !== 0) danger[name] = (danger[name] || 0) + 1;
    }
    return r;
  };
  let octantBad = 0;
  let cwNotExact = 0;
  const P = [0.07037683576345444, -0.11514610052108765, 0.11676998436450958, -0.12420140951871872, 0.14249323308467865,
    -0.16668057441711426, 0.2000071406364441, -0.24999994039535522, 0.3333333134651184];
  for (let k = 0; k < N; k++) {
    const u1 = f(1 - k * 2 ** -24);
    const J = 0x1000000 - k;
    const lz = Math.clz32(J);
    const Jn = (J << lz) >>> 8;
    const t = (Jn - 11863283) >>> 31;
    const e = 8 - lz - t;
    const x = ((Jn << t) - 0x1000000) * 2 ** -24;
    // cross-check the integer exponent/mantissa split against the float bit pattern
    const fb = new Float32Array([u1]);
    const bits = new Int32Array(fb.buffer)[0];
    const m = new Float32Array(new Int32Array([(bits & ~0x7f800000) | 0x3f000000]).buffer)[0];
    const eRef = ((bits >>> 23) - 127) + 1 - (m < f(0.707106781186547524) ? 1 : 0);
    const xRef = m < f(0.707106781186547524) ? f(f(m - 1) + m) : f(m - 1);
    if (e !== eRef || x !== xRef) octantBad++;
    const z = f(x * x);
    let y = P[0];
    for (let i = 1; i <= 8; i++) y = site(y * x, P[i], `log.h${i}`);
    y = f(y * x);
    y = site(y * z, f(e * -0.00021219444170128554), "log.step9");
    y = f(y - z * 0.5);
    site(e * 0.693359375, f(x + y), "log.step12");
    const th = f(k * 3.7450703871400037e-7);
    const qraw = Math.trunc(f(th * 1.2732394933700562));
    if (qraw !== k >> 21) octantBad++;
    const q = (qraw + 1) & ~1;
    const x1 = site(q * -0.78515625, th, "cw1");
    const x2 = site(q * -0.00024187564849853516, x1, "cw2");
    if (x1 !== q * -0.78515625 + th || x2 !== q * -0.00024187564849853516 + x1) cwNotExact++;
    const xr = site(q * -3.774895063202166e-8, x2, "cw3");
    const zz = f(xr * xr);
    let yc = site(0.0000244331567955669 * zz, -0.0013887316454201937, "cos1");
    yc = site(yc * zz, 0.04166664555668831, "cos2");
    yc = f(yc * zz);
    site(yc * zz, -f(zz * 0.5), "cos4");
    let ys = site(-0.00019515295571181923 * zz, 0.008332161232829094, "sin1");
    ys = site(ys * zz, -0.16666655242443085, "sin2");
    ys = f(ys * zz);
    site(ys * xr, xr, "sin4");
  }
  const nDanger = Object.values(danger).reduce((a, b) => a + b, 0);
  console.log(`E: site audit over all ${N} inputs: double-rounding midpoints ${nDanger} ${JSON.stringify(danger)}, ` +
    `exponent/octant mismatches ${octantBad}, inexact Cody–Waite steps 1–2 ${cwNotExact}`);
  mismatches += nDanger + octantBad + cwNotExact;
}

console.log(`TOTAL: ${compared} kernel outputs + ${2 * N} scalar Cephes results compared, ${mismatches + dMis} mismatches`);
process.exit(mismatches + dMis === 0 ? 0 : 1);
