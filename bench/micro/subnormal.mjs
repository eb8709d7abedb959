// Subnormal floats: do they slow nninit's kernels down on this CPU, and does that show in the
// lab's deep normal_(0, 0.01) runs (the `variance` study extends a width-256 ReLU MLP to 80
// layers, where the activations pass through float32's subnormal range, 1.4e-45 … 1.2e-38,
// before reaching exactly 0)? WebAssembly and JS have no flush-to-zero mode, so subnormal
// arithmetic runs at whatever speed the hardware gives it.
//
// Part 1: sgemm 256×256×256 with operands scaled so that (a) everything is normal, (b) A is
//         subnormal, (c) A and B are normal (~1e-20) but every product underflows to a
//         subnormal, (d) A is all zero; GFLOP/s per backend, best of interleaved rounds.
// Part 2: the variance study's net (784 → 80 × 256, ReLU, batch 256, zero biases as in the lab): per-layer forward time
//         under normal_(0, 0.01) (signals shrink ×0.113 per layer) vs kaiming_normal_ (they do
//         not), grouped by the magnitude of the layer's input.
// Usage: node bench/micro/subnormal.mjs [rounds=7]   (needs `npm run build`)
import path from "node:path";
import { pathToFileURL } from "node:url";

const dist = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../../dist");
const lib = await import(pathToFileURL(path.join(dist, "index.js")).href);
const { kernels, set_backend } = await import(pathToFileURL(path.join(dist, "kernels/index.js")).href);
const rounds = Number(process.argv[2] ?? 7);
const backends = ["wasm", "ts"];
const SMALLEST_NORMAL = 2 ** -126;

function best(fn, reps) {
  fn();
  let m = Infinity;
  for (let r = 0; r < reps; r++) {
    const t = performance.now();
    fn();
    m = Math.min(m, performance.now() - t);
  }
  return m;
}

// ---------------------------------------------------------------- part 1
const n = 256;
lib.manual_seed(0);
const base = () => Float32Array.from(lib.randn(n * n).data);
const scaled = (x, s) => x.map((v) => v * s);
const A0 = base(), B0 = base();
const cases = [
  ["normal operands (|x| ~ 1)", A0, B0],
  ["A subnormal (|a| ~ 1e-39)", scaled(A0, 1e-39), B0],
  ["products subnormal (|a|,|b| ~ 1e-20)", scaled(A0, 1e-20), scaled(B0, 1e-20)],
  ["A all zero", new Float32Array(n * n), B0],
];
const check = cases[1][1].filter((v) => v !== 0 && Math.abs(v) < SMALLEST_NORMAL).length;
console.log(`Part 1: sgemm ${n}³, GFLOP/s (best of ${rounds} interleaved rounds; ${check}/${n * n} of case 2's A are subnormal)`);
console.log(["case", ...backends].join("\t"));
const gf = Object.fromEntries(cases.map(([l]) => [l, Object.fromEntries(backends.map((b) => [b, 0]))]));
const C = new Float32Array(n * n);
for (let r = 0; r < rounds; r++) {
  for (const [label, A, B] of cases) {
    for (const b of backends) {
      set_backend(b);
      const k = kernels();
      const ms = best(() => k.sgemm(false, false, n, n, n, A, 0, n, B, 0, n, 0, C, 0, n), b === "ts" ? 2 : 10);
      gf[label][b] = Math.max(gf[label][b], (2 * n ** 3) / (ms * 1e6));
    }
  }
}
for (const [label] of cases) {
  console.log([label, ...backends.map((b) => `${gf[label][b].toFixed(2)} (${(gf[cases[0][0]][b] / gf[label][b]).toFixed(2)}× the time)`)].join("\t"));
}

// ---------------------------------------------------------------- part 2
const DEPTH = 80, WIDTH = 256, BATCH = 256;
function net(initWeight, initBias) {
  lib.manual_seed(0);
  const layers = [];
  for (let l = 0; l < DEPTH; l++) {
    const lin = new lib.nn.Linear(l === 0 ? 784 : WIDTH, WIDTH);
    initWeight(lin.weight);
    initBias(lin.bias);
    layers.push(lin);
  }
  return layers;
}
const inits = {
  "normal_(0, 0.01)": net((w) => lib.nn.init.normal_(w, { std: 0.01 }), (b) => lib.nn.init.zeros_(b)),
  kaiming_normal_: net((w) => lib.nn.init.kaiming_normal_(w, { nonlinearity: "relu" }), (b) => lib.nn.init.zeros_(b)),
};
const x0 = lib.rand(BATCH, 784);
const relu = new lib.nn.ReLU();

/** Forward layer by layer; per layer: best time and the input's largest |x|. */
function profile(layers) {
  const ms = new Float64Array(DEPTH), mag = new Float64Array(DEPTH), sub = new Float64Array(DEPTH);
  lib.no_grad(() => {
    for (let r = 0; r < rounds; r++) {
      let x = x0;
      for (let l = 0; l < DEPTH; l++) {
        if (r === 0) {
          let m = 0, s = 0;
          for (const v of x.data) {
            const a = Math.abs(v);
            if (a > m) m = a;
            if (a !== 0 && a < SMALLEST_NORMAL) s++;
          }
          mag[l] = m;
          sub[l] = s / x.numel();
        }
        const t = performance.now();
        const y = relu.forward(layers[l].forward(x));
        const dt = performance.now() - t;
        ms[l] = r === 0 ? dt : Math.min(ms[l], dt);
        x = y;
      }
    }
  });
  return { ms, mag, sub };
}

console.log(`\nPart 2: forward of the variance study's deep net (784 → ${DEPTH}×${WIDTH}, ReLU, batch ${BATCH}), ms per layer (best of ${rounds})`);
for (const b of backends) {
  set_backend(b);
  const prof = Object.fromEntries(Object.entries(inits).map(([k, layers]) => [k, profile(layers)]));
  const small = prof["normal_(0, 0.01)"], he = prof.kaiming_normal_;
  // Group layers by the magnitude of normal_(0, 0.01)'s input to them.
  const groups = [
    ["input nonzeros all normal", (l) => l > 0 && small.mag[l] > 0 && small.sub[l] === 0],
    ["input has subnormals", (l) => small.mag[l] > 0 && small.sub[l] > 0],
    ["input all exactly 0", (l) => small.mag[l] === 0],
  ];
  console.log(`backend ${b}:`);
  for (const [label, pick] of groups) {
    const ls = [...Array(DEPTH).keys()].filter(pick);
    if (!ls.length) {
      console.log(`  ${label}: no layers`);
      continue;
    }
    const mean = (a) => ls.reduce((s, l) => s + a[l], 0) / ls.length;
    console.log(`  ${label}: layers ${ls[0] + 1}–${ls.at(-1) + 1} (${ls.length}); normal_(0,0.01) ${mean(small.ms).toFixed(3)} ms vs kaiming ${mean(he.ms).toFixed(3)} ms per layer → ${(mean(small.ms) / mean(he.ms)).toFixed(2)}×`);
  }
  const tot = (p) => p.ms.reduce((s, v) => s + v, 0);
  console.log(`  whole forward: normal_(0,0.01) ${tot(small).toFixed(1)} ms, kaiming ${tot(he).toFixed(1)} ms (${(tot(small) / tot(he)).toFixed(2)}×)`);
}
