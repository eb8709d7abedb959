// Which fused multiply-adds of the float32 normal kernel can be computed UNFUSED in plain
// binary32 (fl32(fl32(a·b) + c)) without changing the result, over ALL 2^24 inputs of each
// site (radius sites: every u1; angle sites: every u2). The inputs of every site are the
// exact (fused) chain values, as in src/random/normal.ts. Prints, per site, how many of
// the 2^24 inputs the unfused form gets wrong; the WebAssembly kernel (assembly/rng-normal.ts)
// computes a site in plain f32x4 only where this count is 0, and binary64 elsewhere.
// Usage: node bench/micro/fused-sites.mjs
const f = Math.fround;
const P = [0.07037683576345444, -0.11514610052108765, 0.11676998436450958, -0.12420140951871872, 0.14249323308467865,
  -0.16668057441711426, 0.2000071406364441, -0.24999994039535522, 0.3333333134651184];
const Q1 = -0.00021219444170128554, Q2 = 0.693359375;
const TH = 3.7450703871400037e-7, DP1 = -0.78515625, DP2 = -0.00024187564849853516, DP3 = -3.774895063202166e-8;
const C0 = 0.0000244331567955669, C1 = -0.0013887316454201937, C2 = 0.04166664555668831;
const S0 = -0.00019515295571181923, S1 = 0.008332161232829094, S2 = -0.16666655242443085;
const bad = {};
const site = (name, a, b, c) => {
  const fused = f(a * b + c);
  if (f(f(a * b) + c) !== fused) bad[name] = (bad[name] ?? 0) + 1;
  else bad[name] ??= 0;
  return fused;
};
const N = 1 << 24;
for (let k = 0; k < N; k++) {
  const J = 0x1000000 - k;
  const lz = Math.clz32(J), Jn = (J << lz) >>> 8, t = (Jn - 11863283) >>> 31;
  const e = 8 - lz - t, x = ((Jn << t) - 0x1000000) * 2 ** -24;
  let y = site("log.h1", P[0], x, P[1]);
  for (let i = 2; i <= 8; i++) y = site(`log.h${i}`, y, x, P[i]);
  y = f(y * x);
  const z = f(x * x);
  y = site("log.yz+eq1", y, z, f(e * Q1));
  y = f(y - z * 0.5);
  site("log.eq2+x", e, Q2, f(x + y));
  const th = f(k * TH);
  const q = 2 * (((k >> 21) + 1) >> 1);
  const x1 = site("cw1", q, DP1, th);
  const x2 = site("cw2", q, DP2, x1);
  const xr = site("cw3", q, DP3, x2);
  const zz = f(xr * xr);
  let yc = site("cos1", C0, zz, C1);
  yc = site("cos2", yc, zz, C2);
  yc = f(yc * zz);
  yc = site("cos4", yc, zz, -f(zz * 0.5));
  let ys = site("sin1", S0, zz, S1);
  ys = site("sin2", ys, zz, S2);
  ys = f(ys * zz);
  site("sin4", ys, xr, xr);
}
console.log("inputs where the unfused binary32 form differs from the fused one (of 2^24):");
for (const [k, v] of Object.entries(bad)) console.log(`  ${k.padEnd(12)} ${v}`);
