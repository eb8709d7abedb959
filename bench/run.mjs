#!/usr/bin/env node
// nninit benchmark driver: `npm run bench [-- flags]` (npm builds dist/ first).
// Runs every competitor in its own child process, one after another (never two at once),
// and prints one markdown table; writes bench/results/latest.{json,md}. See bench/README.md.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { OPS, POLICY, childSpec } from "./lib/ops.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..");
const require = createRequire(import.meta.url);

// ---------------------------------------------------------------- flags
const USAGE = `usage: node bench/run.mjs [--quick] [--only op,...] [--skip-tfjs-cpu] [--skip name,...] [--budget seconds]
  --quick          smoke test: smaller sizes (1024², orthogonal 128²/256²), fewer reps, 20 s budget
  --only a,b       run only these rows (id or id prefix): ${OPS.map((o) => o.id).join(", ")}
  --skip-tfjs-cpu  do not run TF.js' cpu backend (its orthogonal_ takes about a minute at 512²)
  --skip a,b       skip competitors: nninit (the WebAssembly kernels), nninit-relaxed (the same under
                   node --experimental-wasm-relaxed-simd: nninit-relaxed.wasm, real FMAs), nninit-ts
                   (plain TypeScript), torch113, torch213, tfjs-cpu, tfjs-wasm
  --budget s       cap on one measurement (warm-up + repetitions), default ${POLICY.full.budgetMs / 1000} s
                   (${POLICY.quick.budgetMs / 1000} s with --quick); a single call over it is killed and shown as ">budget"`;
const argv = process.argv.slice(2);
const flags = { quick: false, only: null, skip: new Set(), budget: null };
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  const val = () => {
    const v = a.includes("=") ? a.slice(a.indexOf("=") + 1) : argv[++i];
    if (v === undefined) die(`${a} needs a value`);
    return v;
  };
  if (a === "--quick") flags.quick = true;
  else if (a === "--skip-tfjs-cpu") flags.skip.add("tfjs-cpu");
  else if (a.startsWith("--only")) flags.only = val().split(",").filter(Boolean);
  else if (a.startsWith("--skip")) val().split(",").filter(Boolean).forEach((s) => flags.skip.add(s));
  else if (a.startsWith("--budget")) flags.budget = Number(val());
  else if (a === "-h" || a === "--help") {
    console.log(USAGE);
    process.exit(0);
  } else die(`unknown argument ${a}`);
}
function die(msg) {
  console.error(`bench: ${msg}\n${USAGE}`);
  process.exit(2);
}
const policy = { ...(flags.quick ? POLICY.quick : POLICY.full) };
if (flags.budget != null) {
  if (!(flags.budget > 0)) die("--budget must be a positive number of seconds");
  policy.budgetMs = flags.budget * 1000;
}
const budgetLabel = `>${policy.budgetMs / 1000} s`;

let ops = OPS;
if (flags.only) {
  ops = OPS.filter((o) => flags.only.some((w) => o.id === w || o.id.startsWith(w)));
  if (!ops.length) die(`--only ${flags.only.join(",")} matches no row`);
}

// ---------------------------------------------------------------- competitors
const node = process.execPath;
const COMPETITORS = [
  { key: "nninit", title: "nninit wasm", cmd: node, args: [path.join(here, "competitors/nninit.mjs")], env: { NNINIT_BACKEND: "wasm" }, probe: probeNninit },
  // The same kernels with relaxed SIMD's fused multiply-add (src/kernels/wasm/runtime.ts): Node 20
  // needs the V8 flag; where relaxed_madd is not fused the run falls back to nninit.wasm (see its hello).
  { key: "nninit-relaxed", title: "nninit relaxed", cmd: node, args: ["--experimental-wasm-relaxed-simd", path.join(here, "competitors/nninit.mjs")], env: { NNINIT_BACKEND: "wasm" }, probe: probeNninit },
  { key: "nninit-ts", title: "nninit TS", cmd: node, args: [path.join(here, "competitors/nninit.mjs")], env: { NNINIT_BACKEND: "ts" }, probe: probeNninit },
  { key: "torch113", title: "PyTorch 1.13", cmd: "/usr/bin/python3", args: [path.join(here, "torch_bench.py")], probe: () => probeTorch("/usr/bin/python3", "1.13") },
  { key: "torch213", title: "PyTorch 2.13", cmd: "/tmp/venv-torch2/bin/python", args: [path.join(here, "torch_bench.py")], probe: () => probeTorch("/tmp/venv-torch2/bin/python", "2.13") },
  { key: "tfjs-cpu", title: "TF.js cpu", cmd: node, args: [path.join(here, "competitors/tfjs.mjs"), "--backend", "cpu"], probe: () => probeModule("@tensorflow/tfjs") },
  { key: "tfjs-wasm", title: "TF.js wasm", cmd: node, args: [path.join(here, "competitors/tfjs.mjs"), "--backend", "wasm"], probe: () => probeModule("@tensorflow/tfjs-backend-wasm") },
];

function probeNninit() {
  return fs.existsSync(path.join(root, "dist/index.js")) ? { ok: true } : { ok: false, why: "not built (run npm run build)" };
}
function probeTorch(py, want) {
  if (!fs.existsSync(py)) return { ok: false, why: "not installed" };
  const r = spawnSync(py, ["-c", "import torch; print(torch.__version__)"], { encoding: "utf8", timeout: 120_000 });
  if (r.status !== 0) return { ok: false, why: "not installed" };
  const version = r.stdout.trim().split("\n").at(-1);
  if (!version.startsWith(want)) return { ok: false, why: `not installed (found ${version})` };
  return { ok: true, version };
}
function probeModule(name) {
  try {
    require.resolve(`${name}/package.json`);
    return { ok: true };
  } catch {
    return { ok: false, why: "not installed (npm install)" };
  }
}

// ---------------------------------------------------------------- running one competitor
const TAG = "@@BENCH ";
const log = (...a) => console.error("[bench]", ...a);

/** Spawns the competitor on `batch` (op specs); resolves with results keyed by op id. */
function runProcess(comp, batch, onHello) {
  return new Promise((resolve) => {
    const spec = { ops: batch, policy, quick: flags.quick };
    const child = spawn(comp.cmd, [...comp.args, "--spec", JSON.stringify(spec)], { cwd: root, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...comp.env } });
    const results = {};
    let current = null;
    let timer = null;
    let killed = null;
    let stderr = "";
    let buf = "";
    child.stderr.on("data", (d) => (stderr = (stderr + d).slice(-4000)));
    child.stdout.on("data", (d) => {
      buf += d;
      let nl;
      while ((nl = buf.indexOf("\n")) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (!line.startsWith(TAG)) continue;
        const ev = JSON.parse(line.slice(TAG.length));
        if (ev.event === "hello") onHello(ev);
        else if (ev.event === "start") {
          current = ev.id;
          clearTimeout(timer);
          // The child stops starting repetitions near the budget; only one call that runs past it gets killed.
          timer = setTimeout(() => {
            killed = current;
            log(`${comp.key} ${current}: over the ${policy.budgetMs / 1000} s budget, killing pid ${child.pid}`);
            child.kill("SIGKILL");
          }, policy.budgetMs * 1.2 + 5000);
        } else if (ev.event === "result") {
          clearTimeout(timer);
          current = null;
          const { event, id, ...r } = ev;
          results[id] = r;
          log(`${comp.key} ${id}: ${r.na ?? r.error ?? `${r.medianMs.toFixed(2)} ms median of ${r.reps}${r.warmupOnly ? " (warm-up only)" : ""}, other load ${r.foreignCores.toFixed(2)} cores`}`);
        }
      }
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (killed) results[killed] = { overBudget: true };
      else if (current) results[current] = { error: `process exited (${signal ?? code}) during the op: ${stderr.trim().split("\n").slice(-3).join(" | ")}` };
      resolve({ results, crashed: !killed && (code !== 0 || signal) ? stderr.trim().split("\n").slice(-3).join(" | ") || `exit ${code ?? signal}` : null });
    });
  });
}

/** Runs all applicable ops of one competitor, respawning after a kill and splitting at scaleOf dependencies. */
async function runCompetitor(comp, hello) {
  const mine = ops.filter((o) => !o.only || o.only.includes(comp.key));
  const results = {};
  let remaining = [...mine];
  while (remaining.length) {
    // Resolve ops whose reference size already shows they would exceed the budget.
    const runnable = [];
    for (const op of remaining) {
      const ref = op.scaleOf && results[op.scaleOf[0]];
      if (ref && (ref.overBudget || (ref.medianMs ?? 0) * op.scaleOf[1] > policy.budgetMs)) {
        results[op.id] = { overBudget: true, estimated: true, estMs: ref.overBudget ? null : ref.medianMs * op.scaleOf[1] };
        log(`${comp.key} ${op.id}: skipped, ${op.scaleOf[0]} × ${op.scaleOf[1]} exceeds the budget`);
      } else runnable.push(op);
    }
    const batch = [];
    for (const op of runnable) {
      if (op.scaleOf && runnable.some((o) => o.id === op.scaleOf[0]) && batch.some((b) => b.id === op.scaleOf[0])) break;
      batch.push(op);
    }
    if (!batch.length) break;
    const { results: got, crashed } = await runProcess(comp, batch.map((o) => childSpec(o, flags.quick)), (h) => Object.assign(hello, h));
    Object.assign(results, got);
    const done = new Set(Object.keys(results));
    remaining = runnable.filter((o) => !done.has(o.id));
    if (crashed && remaining.length) {
      for (const o of remaining) results[o.id] = { error: `competitor crashed: ${crashed}` };
      break;
    }
  }
  return results;
}

// ---------------------------------------------------------------- machine info
function cpuModel() {
  try {
    const m = fs.readFileSync("/proc/cpuinfo", "utf8").match(/^model name\s*:\s*(.*)$/m);
    return m ? m[1].trim() : os.cpus()[0]?.model ?? "?";
  } catch {
    return os.cpus()[0]?.model ?? "?";
  }
}
function sh(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: "utf8", cwd: root });
  return r.status === 0 ? r.stdout.trim() : null;
}
const command = process.env.npm_lifecycle_event === "bench"
  ? `npm run bench${argv.length ? ` -- ${argv.join(" ")}` : ""}`
  : `node bench/run.mjs${argv.length ? ` ${argv.join(" ")}` : ""}`;
const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
const machine = {
  cpu: cpuModel(),
  cores: os.cpus().length,
  memGiB: +(os.totalmem() / 2 ** 30).toFixed(1),
  os: `${os.type()} ${os.release()}`,
  node: process.version,
  nninit: `${pkg.version} (${sh("git", ["rev-parse", "--short", "HEAD"]) ?? "no commit"}${sh("git", ["status", "--porcelain", "--", "src"]) ? ", uncommitted src changes" : ""})`,
  loadavgAtStart: os.loadavg().map((x) => +x.toFixed(2)),
};

// ---------------------------------------------------------------- run
const startedAt = new Date();
const comps = {};
for (const comp of COMPETITORS) {
  const entry = (comps[comp.key] = { title: comp.title, status: "ok", hello: {}, results: {} });
  if (flags.skip.has(comp.key)) {
    entry.status = "skipped";
    log(`${comp.key}: skipped`);
    continue;
  }
  const probe = comp.probe();
  if (!probe.ok) {
    entry.status = probe.why;
    log(`${comp.key}: ${probe.why}`);
    continue;
  }
  log(`${comp.key}: running (${ops.length} rows, budget ${policy.budgetMs / 1000} s per measurement)`);
  entry.loadavgBefore = os.loadavg()[0];
  entry.results = await runCompetitor(comp, entry.hello);
}
const finishedAt = new Date();
machine.loadavgAtEnd = os.loadavg().map((x) => +x.toFixed(2));

// ---------------------------------------------------------------- table
const NOISY = 0.3; // cores of other load during a measurement that earn a "*"
const fmtNum = (x) => (x >= 100 ? Math.round(x).toLocaleString("en-US") : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const cols = ["nninit", "nninit-relaxed", "nninit-ts", "torch113", "torch213", "tfjs-cpu", "tfjs-wasm"];
let anyNoisy = false;
let anyWarmOnly = false;
let maxForeign = 0;
let cellsTotal = 0;
let cellsNoisy = 0;

/** A cell value as time per unit (ms per call, or ms per sample for throughput), or a bound. */
function value(op, key) {
  const c = comps[key];
  if (op.only && !op.only.includes(key)) return { text: "—" };
  if (c.status !== "ok") return { text: c.status };
  const r = c.results[op.id];
  if (!r) return { text: "—" };
  if (r.na) return { text: r.na };
  if (r.error) return { text: "error", error: r.error };
  if (r.overBudget) return { text: r.estimated ? `${budgetLabel} (est.)` : budgetLabel, lower: policy.budgetMs / perUnit(op) };
  return { t: r.medianMs / perUnit(op), r };
}
function perUnit(op) {
  return op.unit === "samples/s" ? op.params.batch : 1;
}
function cell(op, v) {
  if (v.text) return v.text;
  maxForeign = Math.max(maxForeign, v.r.foreignCores);
  const noisy = v.r.foreignCores > NOISY;
  anyNoisy ||= noisy;
  anyWarmOnly ||= v.r.warmupOnly;
  cellsTotal++;
  cellsNoisy += noisy ? 1 : 0;
  const s = op.unit === "samples/s" ? `${Math.round(1000 / v.t).toLocaleString("en-US")}/s` : fmtNum(v.t);
  return s + (v.r.warmupOnly ? " (n=1)" : "") + (noisy ? " *" : "");
}
function ratio(a, b) {
  const r = (x) => (x >= 10 ? x.toFixed(1) : x >= 0.1 ? x.toFixed(2) : x.toPrecision(2));
  if (a.t != null && b.t != null) return `${r(a.t / b.t)}×`;
  if (a.lower != null && b.t != null) return `>${r(a.lower / b.t)}×`;
  if (a.t != null && b.lower != null) return `<${r(a.t / b.lower)}×`;
  return "—";
}

const header = ["op", "nninit wasm (ms)", "nninit relaxed (ms)", "nninit TS (ms)", "PyTorch 1.13 (ms)", "PyTorch 2.13 (ms)", "TF.js cpu (ms)", "TF.js wasm (ms)", "nninit ÷ PyTorch 1.13", "nninit ÷ PyTorch 2.13", "relaxed ÷ PyTorch 1.13", "TF.js wasm ÷ nninit", "nninit TS ÷ wasm", "relaxed ÷ wasm"];
const rows = [];
const errors = [];
for (const op of ops) {
  const v = Object.fromEntries(cols.map((k) => [k, value(op, k)]));
  for (const k of cols) if (v[k].error) errors.push(`${comps[k].title} ${op.id}: ${v[k].error}`);
  const sz = flags.quick && op.quickShape ? op.label.replace(/\d+×\d+/, op.quickShape.join("×")) : op.label;
  const label = op.unit === "samples/s" ? `${sz} (samples/s)` : sz;
  const r113 = ratio(v.nninit, v.torch113) + (op.id === "trunc_normal_" && v.torch113.t != null && v.nninit.t != null ? " †" : "");
  rows.push([label, ...cols.map((k) => cell(op, v[k])), r113, ratio(v.nninit, v.torch213), ratio(v["nninit-relaxed"], v.torch113), ratio(v["tfjs-wasm"], v.nninit), ratio(v["nninit-ts"], v.nninit), ratio(v["nninit-relaxed"], v.nninit)]);
}
const table = [
  `| ${header.join(" | ")} |`,
  `|${header.map((_, i) => (i === 0 ? "---" : "---:")).join("|")}|`,
  ...rows.map((r) => `| ${r.join(" | ")} |`),
].join("\n");

const versions = [
  `nninit ${machine.nninit}`,
  comps.torch113.hello.version ? `PyTorch ${comps.torch113.hello.version} (/usr/bin/python3, Python ${comps.torch113.hello.python}, ${comps.torch113.hello.threads} threads)` : `PyTorch 1.13: ${comps.torch113.status}`,
  comps.torch213.hello.version ? `PyTorch ${comps.torch213.hello.version} (/tmp/venv-torch2, Python ${comps.torch213.hello.python}, ${comps.torch213.hello.threads} threads)` : `PyTorch 2.13: ${comps.torch213.status}`,
  comps["tfjs-cpu"].hello.version || comps["tfjs-wasm"].hello.version
    ? `TF.js ${comps["tfjs-cpu"].hello.version ?? comps["tfjs-wasm"].hello.version}${comps["tfjs-wasm"].hello.version ? ` (wasm: SIMD ${comps["tfjs-wasm"].hello.simd ? "on" : "off"}, ${comps["tfjs-wasm"].hello.threads} thread${comps["tfjs-wasm"].hello.threads === 1 ? "" : "s"})` : ""}`
    : "TF.js: not run",
];
const notes = [
  `Cells: median wall time per call in ms (warm-up first; repetitions until ≥ ${policy.minReps} reps and ≥ ${policy.minTimeMs / 1000} s, at most ${policy.maxReps}); the training rows are samples/s = batch / median step time.`,
  `Ratios are time ratios (A ÷ B = time of A / time of B; for the training row, time per sample): < 1× means A is faster.`,
  ...(ops.some((o) => o.id === "trunc_normal_") ? ["† PyTorch 1.13 runs the inverse-CDF trunc_normal_ while nninit's default (2.12+) is rejection sampling: different algorithms; the \"1.13\" row compares like with like."] : []),
  ...(anyWarmOnly ? [`(n=1): only the warm-up call fit in the ${policy.budgetMs / 1000} s budget; that single call is shown.`] : []),
  ...(ops.some((o) => o.scaleOf) ? [`${budgetLabel}: a single call exceeded the per-measurement budget and was killed; "(est.)": not run because the smaller size × ${OPS.find((o) => o.scaleOf).scaleOf[1]} (O(n³)) already exceeds it.`] : []),
  anyNoisy
    ? `* other processes used > ${NOISY} cores during that measurement (max ${maxForeign.toFixed(2)} of ${machine.cores}): numbers marked * are noisy.`
    : `Other processes used at most ${maxForeign.toFixed(2)} cores during any measurement (of ${machine.cores}).`,
  `"nninit" columns and ratios are the default WebAssembly kernels (NNINIT_BACKEND=wasm, module ${comps.nninit.hello.wasm ?? "?"}); "nninit relaxed" is the same under node --experimental-wasm-relaxed-simd (module ${comps["nninit-relaxed"].hello.wasm ?? "?"}: fills bit-identical, FMAs real); "nninit TS" is the plain-TypeScript fallback (NNINIT_BACKEND=ts).`,
  `Threads: PyTorch runs with torch.set_num_threads(${comps.torch113.hello.threads ?? 2}); nninit wasm and relaxed with ${comps.nninit.hello.threads ?? comps["nninit-relaxed"].hello.threads ?? "?"}, nninit TS with ${comps["nninit-ts"].hello.threads ?? 1}; TF.js cpu/wasm single-threaded. Competitors ran one after another, each in its own process.`,
  ...errors.map((e) => `error: ${e}`),
];
const md = [
  `## nninit benchmark${flags.quick ? " (--quick: smaller sizes, not comparable with full runs)" : ""}`,
  "",
  `- machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memGiB} GiB, ${machine.os}; Node ${machine.node}`,
  `- versions: ${versions.join("; ")}`,
  `- command: \`${command}\` (${startedAt.toISOString()}, ${((finishedAt - startedAt) / 1000).toFixed(0)} s; load average ${machine.loadavgAtStart[0]} at start, ${machine.loadavgAtEnd[0]} at end)`,
  ...(cellsNoisy > cellsTotal / 2
    ? ["", `> **Noisy run**: ${cellsNoisy} of ${cellsTotal} measurements ran while other processes kept > ${NOISY} of the ${machine.cores} cores busy (up to ${maxForeign.toFixed(2)}). Absolute times are inflated and ratios are rough; re-run on an idle machine.`]
    : []),
  "",
  table,
  "",
  ...notes.map((n) => `- ${n}`),
  "",
].join("\n");

process.stdout.write(md);
fs.mkdirSync(path.join(here, "results"), { recursive: true });
fs.writeFileSync(path.join(here, "results/latest.md"), md);
fs.writeFileSync(
  path.join(here, "results/latest.json"),
  JSON.stringify({ command, startedAt, finishedAt, flags: { ...flags, skip: [...flags.skip] }, policy, machine, ops: ops.map((o) => ({ ...o, ...childSpec(o, flags.quick) })), competitors: comps, table: { header, rows } }, null, 2) + "\n",
);
console.error(`[bench] wrote bench/results/latest.md and bench/results/latest.json`);
