// Generates the body of `normalTransformWords32` in src/random/normal.ts: the float32 AVX2
// Box–Muller transform (spec §3.3), with LANES independent pairs interleaved step by step.
// The transform is a chain of ~25 dependent binary32 roundings per pair, so it is latency
// bound; interleaving 4 pairs in source order lets V8's straight-line code overlap them.
//
// Usage: node bench/micro/gen-normal-kernel.mjs [lanes=4] > /tmp/kernel.ts, then paste
// between the GENERATED markers in src/random/normal.ts. Every step is annotated in the
// comments of normal.ts; see bench/micro/exhaustive.mjs for the proof of bit-equality.
const N = Number(process.argv[2] ?? 4);
const L = [];
const S = (fn) => { for (let i = 0; i < N; i++) L.push("      " + fn(i)); };
L.push(`    for (let j = 0; j < 8; j += ${N}) {`);
L.push(`      // radius = fround(sqrt(-2·LOG(u1))), u1 = J·2^-24 (words are tempered here first)`);
S((i) => `let a${i} = w[b + j + ${i}]!;`);
S((i) => `a${i} ^= a${i} >>> 11; a${i} ^= (a${i} << 7) & 0x9d2c5680; a${i} ^= (a${i} << 15) & 0xefc60000; a${i} ^= a${i} >>> 18;`);
S((i) => `const J${i} = 0x1000000 - (a${i} & 0xffffff);`);
S((i) => `const lz${i} = Math.clz32(J${i}), Jn${i} = (J${i} << lz${i}) >>> 8, t${i} = (Jn${i} - 11863283) >>> 31;`);
S((i) => `const e${i} = 8 - lz${i} - t${i}, x${i} = ((Jn${i} << t${i}) - 0x1000000) * S24;`);
S((i) => `let y${i} = f(P0 * x${i} + P1);`);
for (const c of ["P2", "P3", "P4", "P5", "P6", "P7", "P8"]) S((i) => `y${i} = f(y${i} * x${i} + ${c});`);
S((i) => `y${i} = f(y${i} * x${i});`);
S((i) => `const z${i} = f(x${i} * x${i});`);
S((i) => `y${i} = f(y${i} * z${i} + f(e${i} * Q1));`);
S((i) => `y${i} = f(y${i} - z${i} * 0.5);`);
S((i) => `const r${i} = f(Math.sqrt(-2 * f(e${i} * Q2 + f(x${i} + y${i}))));`);
L.push(`      // (sin, cos) of theta = fround(fround(2π)·k·2^-24); octant q = 2h`);
S((i) => `let g${i} = w[b + j + ${i + 8}]!;`);
S((i) => `g${i} ^= g${i} >>> 11; g${i} ^= (g${i} << 7) & 0x9d2c5680; g${i} ^= (g${i} << 15) & 0xefc60000; g${i} ^= g${i} >>> 18;`);
S((i) => `const k${i} = g${i} & 0xffffff, h${i} = ((k${i} >> 21) + 1) >> 1, q${i} = 2 * h${i};`);
S((i) => `const xr${i} = f(q${i} * DP3 + (q${i} * DP2 + (q${i} * DP1 + f(k${i} * TH))));`);
S((i) => `const zz${i} = f(xr${i} * xr${i});`);
S((i) => `let yc${i} = f(C0 * zz${i} + C1);`);
S((i) => `let ys${i} = f(S0 * zz${i} + S1);`);
S((i) => `yc${i} = f(yc${i} * zz${i} + C2);`);
S((i) => `ys${i} = f(ys${i} * zz${i} + S2);`);
S((i) => `yc${i} = f(yc${i} * zz${i});`);
S((i) => `ys${i} = f(ys${i} * zz${i});`);
S((i) => `yc${i} = f(yc${i} * zz${i} - zz${i} * 0.5);`);
S((i) => `ys${i} = f(ys${i} * xr${i} + xr${i});`);
S((i) => `yc${i} = f(yc${i} + 1);`);
L.push(`      // swap = q & 2, sinNeg = q & 4, cosNeg = ~(q - 2) & 4: yc goes to slot j (+8 if swapped);`);
L.push(`      // SGN = [1, −1]: fround(r·c)·(±1) = fround(r·(±c)) exactly; then fma(·, std, mean).`);
for (let i = 0; i < N; i++) {
  L.push(`      const sw${i} = h${i} & 1, sn${i} = (h${i} >> 1) & 1, cn${i} = (~(h${i} - 1) >> 1) & 1;`);
  L.push(`      const rc${i} = f(r${i} * yc${i}) * SGN[sw${i} !== 0 ? sn${i} : cn${i}]!;`);
  L.push(`      const rs${i} = f(r${i} * ys${i}) * SGN[sw${i} !== 0 ? cn${i} : sn${i}]!;`);
  L.push(`      const ic${i} = o + j + ${i} + (sw${i} << 3), is${i} = o + j + ${i + 8} - (sw${i} << 3);`);
}
L.push(`      if (meanIsZero) {`);
L.push(`        // x·std + 0 is exact (and maps −0 to +0 like the fma): the store is the one rounding`);
for (let i = 0; i < N; i++) L.push(`        out[ic${i}] = rc${i} * std32 + 0;\n        out[is${i}] = rs${i} * std32 + 0;`);
L.push(`      } else {`);
for (let i = 0; i < N; i++) {
  L.push(`        out[ic${i}] = fma32(rc${i}, std32, mean32);\n        out[is${i}] = fma32(rs${i}, std32, mean32);`);
}
L.push(`      }`);
L.push(`    }`);
console.log(L.join("\n"));
