// Generates the body of `block16` in assembly/rng-normal.ts (between the GENERATED markers):
// the binary64 part of the float32 AVX2 Box–Muller for one block of 16, as four f64x2 chains
// (pairs 0–1, 2–3, 4–5, 6–7), LOG and SINCOS steps interleaved. Each chain is ~25 dependent
// roundings. (binaryen's simplify-locals re-nests each chain into one expression, so the binary
// runs chain by chain and the out-of-order core overlaps them; four chains per block measured
// ~5 % faster than two.)
// The rounding of each step is `rnd` (= Math.fround: demote + promote); the fused steps add
// before rounding, the plain ones round a product.
// Constants are `k(NAME)`: f64x2 loads from a table in the module's data (rng-normal.ts).
// Usage: node bench/micro/gen-normal-wasm.mjs > /tmp/body.ts, then paste.
const L = 4;
const LOG = [
  "let y$ = rnd(f64x2.add(f64x2.mul(x$, k(P0)), k(P1)));",
  ...["P2", "P3", "P4", "P5", "P6", "P7", "P8"].map((c) => `y$ = rnd(f64x2.add(f64x2.mul(y$, x$), k(${c})));`),
  "y$ = rnd(f64x2.mul(y$, x$));",
  "y$ = rnd(f64x2.add(f64x2.mul(y$, z$), rnd(f64x2.mul(e$, k(Q1)))));",
  "y$ = rnd(f64x2.sub(y$, f64x2.mul(z$, k(HALF))));",
  "const l$ = f64x2.add(f64x2.mul(e$, k(Q2)), rnd(f64x2.add(x$, y$)));",
];
// Cody–Waite steps 1–2 ran in binary32 (exact there, audited); step 3 is fused.
const SINCOS = [
  "const xr$ = rnd(f64x2.add(f64x2.mul(q$, k(DP3)), w$));",
  "const zz$ = rnd(f64x2.mul(xr$, xr$));",
  "let yc$ = rnd(f64x2.add(f64x2.mul(zz$, k(C0)), k(C1)));",
  "let ys$ = rnd(f64x2.add(f64x2.mul(zz$, k(S0)), k(S1)));",
  "yc$ = rnd(f64x2.add(f64x2.mul(yc$, zz$), k(C2)));",
  "ys$ = rnd(f64x2.add(f64x2.mul(ys$, zz$), k(S2)));",
  "yc$ = rnd(f64x2.mul(yc$, zz$));",
  "ys$ = rnd(f64x2.mul(ys$, zz$));",
  "yc$ = rnd(f64x2.sub(f64x2.mul(yc$, zz$), f64x2.mul(zz$, k(HALF))));",
  "ys$ = f64x2.add(f64x2.mul(ys$, xr$), xr$);",
  "yc$ = f64x2.add(yc$, k(ONE));",
];
// inputs: x$, z$, e$ (LOG, f64x2), w$ = θ reduced by Cody–Waite steps 1–2, q$ (SINCOS, f64x2).
// The LOG and SINCOS chains are independent: their steps are interleaved too (8 chains).
const out = ["  // LOG steps 7–12 (x, z = fl32(x²), e) and SINCOS steps 2–6 (w = θ + q·DP1 + q·DP2, q), interleaved"];
const S = (tpl) => { for (let i = 0; i < L; i++) out.push("  " + tpl.replaceAll("$", String(i))); };
for (let i = 0; i < Math.max(LOG.length, SINCOS.length); i++) {
  if (i < LOG.length) S(LOG[i]);
  if (i < SINCOS.length) S(SINCOS[i]);
}
console.log(out.join("\n"));
