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
L.push(`      // swap = q & 2, sinNeg = q & 4, cosNeg = ~(q - 2) & 4: yc goes to slot j (+8 if swapped)`);
for (let i = 0; i < N; i++) {
  L.push(`      {
        const sw = h${i} & 1, sn = (h${i} >> 1) & 1, cn = (~(h${i} - 1) >> 1) & 1;
        const ycNeg = sw !== 0 ? sn : cn, ysNeg = sw !== 0 ? cn : sn;
        const pc = f(r${i} * yc${i}) * (1 - 2 * ycNeg) * std32;
        const ps = f(r${i} * ys${i}) * (1 - 2 * ysNeg) * std32;
        const ic = o + j + ${i} + (sw << 3), is = o + j + ${i + 8} - (sw << 3);
        if (meanIsZero) {
          out[ic] = pc + 0; // exact; the store rounds once
          out[is] = ps + 0;
        } else {
          const sc = pc + mean32, ss = ps + mean32;
          let vc = f(sc), vs = f(ss);
          if (vc !== sc) { const m = 2 * sc - vc; if (f(m) === m) vc = fma32Tie(pc, mean32, sc, vc); }
          if (vs !== ss) { const m = 2 * ss - vs; if (f(m) === m) vs = fma32Tie(ps, mean32, ss, vs); }
          out[ic] = vc;
          out[is] = vs;
        }
      }`);
}
L.push(`    }`);
console.log(L.join("\n"));
