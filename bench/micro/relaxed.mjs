// nninit.wasm vs nninit-relaxed.wasm (src/kernels/wasm/runtime.ts) on the float32 fills,
// 4096×4096: normal_, uniform_(-0.1, 0.1), trunc_normal_ (default 2.12+ rejection sampling and
// "1.13" inverse CDF), on 1 and 2 threads. Each (module, threads) runs in its own child process
// (the module is chosen once per process): baseline = NNINIT_WASM_RELAXED=0, relaxed =
// `node --experimental-wasm-relaxed-simd`; the children alternate, rounds × (1, 2 threads) ×
// (base, relaxed) in swapped order each round, so drift cancels; medians of the per-child medians
// (and the best child median, less sensitive to bursts of other load on a shared machine).
// Usage: npm run build && node bench/micro/relaxed.mjs [rounds=3] [reps=7]
import { spawnSync } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";
import path from "node:path";
import os from "node:os";

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.resolve(here, "../../dist");

if (process.argv[2] === "--child") {
  const [threads, reps] = [Number(process.argv[3]), Number(process.argv[4])];
  const m = await import(pathToFileURL(path.join(dist, "index.js")).href);
  m.set_num_threads(threads);
  m.manual_seed(0);
  const w = m.empty(4096, 4096);
  const ops = {
    normal_: () => m.nn.init.normal_(w, { mean: 0, std: 1 }),
    "uniform_(-0.1, 0.1)": () => m.nn.init.uniform_(w, { a: -0.1, b: 0.1 }),
    trunc_normal_: () => m.nn.init.trunc_normal_(w, { mean: 0, std: 1, a: -2, b: 2 }),
    'trunc_normal_ "1.13"': () => m.with_pytorch_version("1.13", () => m.nn.init.trunc_normal_(w, { mean: 0, std: 1, a: -2, b: 2 })),
  };
  const out = { module: m.wasm_features().module, ms: {} };
  for (const [name, fn] of Object.entries(ops)) {
    fn();
    fn();
    const t = [];
    for (let i = 0; i < reps; i++) {
      const s = performance.now();
      fn();
      t.push(performance.now() - s);
    }
    t.sort((a, b) => a - b);
    out.ms[name] = t[t.length >> 1];
  }
  console.log(JSON.stringify(out));
  process.exit(0);
}

const rounds = Number(process.argv[2] ?? 3);
const reps = Number(process.argv[3] ?? 7);
const me = fileURLToPath(import.meta.url);
const modes = {
  base: { flags: [], env: { NNINIT_WASM_RELAXED: "0" } },
  relaxed: { flags: ["--experimental-wasm-relaxed-simd"], env: {} },
};
const got = {}; // `${mode}/${threads}` → { op → [ms] }
console.log(`load before: ${os.loadavg().map((x) => x.toFixed(2)).join(" ")}`);
for (let r = 0; r < rounds; r++) {
  for (const threads of [1, 2]) {
    const order = r % 2 === 0 ? ["base", "relaxed"] : ["relaxed", "base"];
    for (const mode of order) {
      const { flags, env } = modes[mode];
      const c = spawnSync(process.execPath, [...flags, me, "--child", String(threads), String(reps)], {
        encoding: "utf8",
        env: { ...process.env, NNINIT_WASM_RELAXED: undefined, ...env },
      });
      if (c.status !== 0) throw new Error(`child ${mode}/${threads} failed: ${c.stderr}`);
      const res = JSON.parse(c.stdout.trim().split("\n").at(-1));
      const want = mode === "relaxed" ? "nninit-relaxed.wasm" : "nninit.wasm";
      if (res.module !== want) throw new Error(`${mode} child ran ${res.module}, not ${want}`);
      const slot = (got[`${mode}/${threads}`] ??= {});
      for (const [op, ms] of Object.entries(res.ms)) (slot[op] ??= []).push(ms);
    }
  }
}
const med = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
console.log(`rounds ${rounds} × reps ${reps}; load after: ${os.loadavg().map((x) => x.toFixed(2)).join(" ")}`);
console.log("| op | threads | nninit.wasm (ms) | nninit-relaxed.wasm (ms) | relaxed ÷ base | best base / relaxed (ms) |");
console.log("|---|---:|---:|---:|---:|---:|");
for (const op of Object.keys(got["base/1"])) {
  for (const threads of [1, 2]) {
    const b = med(got[`base/${threads}`][op]);
    const x = med(got[`relaxed/${threads}`][op]);
    const best = (a) => Math.min(...a).toFixed(1);
    console.log(`| ${op} | ${threads} | ${b.toFixed(1)} | ${x.toFixed(1)} | ${(x / b).toFixed(2)}× | ${best(got[`base/${threads}`][op])} / ${best(got[`relaxed/${threads}`][op])} |`);
  }
}
