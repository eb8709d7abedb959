// Shared harness for the Node competitor processes (nninit, TF.js cpu, TF.js wasm).
// bench/torch_bench.py implements the same protocol and timing rules in Python.
//
// Protocol: the driver passes `--spec '<json>'` = { ops: [childSpec…], policy: {...} }.
// The child writes lines starting with "@@BENCH " followed by one JSON object:
//   {event:"hello", ...info}                 once, after imports
//   {event:"start", id}                      before each op (the driver arms its budget timer)
//   {event:"result", id, ...}                after each op
// Other stdout lines (library banners) are ignored by the driver.
import fs from "node:fs";
import os from "node:os";

const TAG = "@@BENCH ";
export function emit(obj) {
  process.stdout.write(TAG + JSON.stringify(obj) + "\n");
}

export function readSpec() {
  const i = process.argv.indexOf("--spec");
  if (i < 0) throw new Error("missing --spec '<json>'");
  return JSON.parse(process.argv[i + 1]);
}

/** Busy jiffies of the whole machine (user+nice+system+irq+softirq+steal), from /proc/stat. */
function machineBusyJiffies() {
  try {
    const f = fs.readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
    const [user, nice, system, , , irq, softirq, steal] = f;
    return user + nice + system + irq + softirq + (steal ?? 0);
  } catch {
    return NaN;
  }
}

const now = () => Number(process.hrtime.bigint()) / 1e6;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/**
 * Warm-up, then repeat `fn` until it has run ≥ minReps times AND for ≥ minTimeMs (or maxReps),
 * never starting a repetition that would overrun the budget. `fn` may be async; whatever it
 * returns is passed to `cleanup` outside the timed region.
 */
export async function measure(fn, { warmup = 1, minReps, minTimeMs, maxReps, budgetMs, clkTck = 100 }, cleanup = () => {}) {
  const t0 = now();
  const cpu0 = process.cpuUsage();
  const busy0 = machineBusyJiffies();
  let last = 0;
  for (let w = 0; w < warmup; w++) {
    const a = now();
    const r = await fn();
    last = now() - a;
    await cleanup(r);
  }
  const warmupMs = last;
  const samples = [];
  const repStart = now();
  for (;;) {
    const reps = samples.length;
    if (reps >= maxReps) break;
    if (reps >= minReps && now() - repStart >= minTimeMs) break;
    const est = reps ? samples[reps - 1] : warmupMs;
    if (now() - t0 + est > budgetMs * 0.95) break;
    const a = now();
    const r = await fn();
    samples.push(now() - a);
    await cleanup(r);
  }
  const wallMs = now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const ownCpuMs = (cpu.user + cpu.system) / 1000;
  const machineCpuMs = ((machineBusyJiffies() - busy0) * 1000) / clkTck;
  const warmupOnly = samples.length === 0;
  const xs = warmupOnly ? [warmupMs] : samples;
  return {
    medianMs: median(xs),
    minMs: Math.min(...xs),
    maxMs: Math.max(...xs),
    reps: xs.length,
    warmupOnly,
    warmupMs,
    wallMs,
    ownCores: ownCpuMs / wallMs,
    // CPU used by everything else on the machine during this measurement, in cores.
    foreignCores: Math.min(os.cpus().length, Math.max(0, (machineCpuMs - ownCpuMs) / wallMs)),
  };
}

/**
 * Runs a competitor: `setup()` returns { info, prepare(spec) } where prepare returns
 * { fn, cleanup?, note? } or { na: "reason" }.
 */
export async function runChild(setup) {
  const spec = readSpec();
  const { info, prepare } = await setup();
  emit({ event: "hello", ...info });
  for (const op of spec.ops) {
    emit({ event: "start", id: op.id });
    try {
      const p = await prepare(op);
      if (p.na) {
        emit({ event: "result", id: op.id, na: p.na });
        continue;
      }
      const policy = { ...spec.policy, warmup: op.warmup, ...(op.maxReps && !spec.quick ? { maxReps: op.maxReps } : {}) };
      const r = await measure(p.fn, policy, p.cleanup);
      emit({ event: "result", id: op.id, ...r, ...(p.perCall ? { perCall: p.perCall } : {}), ...(p.note ? { note: p.note } : {}) });
      if (p.dispose) await p.dispose();
    } catch (e) {
      emit({ event: "result", id: op.id, error: String(e?.stack ?? e).split("\n").slice(0, 3).join(" | ") });
    }
  }
  emit({ event: "done" });
}
