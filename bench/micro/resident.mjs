// Resident storage: what it saves, and why only parameters get it. nninit keeps the layers'
// parameters and SGD's momentum buffers in the shared WebAssembly memory (src/kernels/wasm/
// storage.ts), where the kernels use them in place; activations and gradients stay ordinary
// ArrayBuffers that the kernels copy in and out. On the benchmark's MLP step (784-256-256-10,
// batch 128) this script measures:
//
//  1. The copies: bytes and time of every copy into and out of wasm memory during 100 steps
//     (Float32Array.prototype.set instrumented), for a model with ordinary parameters and one with
//     resident parameters, then the two steps timed against each other in alternation (same
//     process, so drift cancels; the losses must agree bit for bit).
//  2. Why not activations and gradients too: a block could only be reused once its view is
//     unreachable, which JavaScript reports through a FinalizationRegistry. Simulated: per step
//     25 views of wasm memory (as many arrays as the step allocates, bench/micro/memory.mjs
//     --count-allocs) registered with a FinalizationRegistry, plus ~40 KB of small objects (the
//     tensors' and autograd nodes' JS side), in a plain loop and in one that yields to the event
//     loop after every step; for contrast, the same around the real step, whose ArrayBuffers do
//     press on the heap.
//
// Usage: node bench/micro/resident.mjs [steps=300]   (needs npm run build)
import path from "node:path";
import { pathToFileURL } from "node:url";

const steps = Number(process.argv[2] ?? 300) || 300;
const dist = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../../dist");
const lib = await import(pathToFileURL(path.join(dist, "index.js")).href);
const { wasmRuntime } = await import(pathToFileURL(path.join(dist, "kernels/wasm/runtime.js")).href);
const { makeTrainStep } = await import(new URL("../lib/mlp.mjs", import.meta.url).href);

const spec = { layers: [784, 256, 256, 10], batch: 128, lr: 0.01 };
const store = wasmRuntime().storage;
const budget = store.stats().budgetBytes;
lib.manual_seed(0);
store.setBudget(0); // nothing new is resident: ordinary parameters
const plainStep = makeTrainStep(lib, spec);
lib.manual_seed(0);
store.setBudget(budget);
const residentStep = makeTrainStep(lib, spec);
console.log(`threads ${lib.get_num_threads()}, module ${lib.wasm_features().module}`);

// --- 1. The copies -------------------------------------------------------------------------
const origSet = Float32Array.prototype.set;
let tally = null;
Float32Array.prototype.set = function (src, offset) {
  if (!tally) return origSet.call(this, src, offset);
  const into = this.buffer instanceof SharedArrayBuffer, from = src.buffer instanceof SharedArrayBuffer;
  const t0 = performance.now();
  origSet.call(this, src, offset);
  const dt = performance.now() - t0;
  if (into !== from) {
    const k = into ? tally.in : tally.out;
    k.bytes += src.length * 4;
    k.ms += dt;
  }
};
function copiesOf(step, n = 100) {
  for (let i = 0; i < 20; i++) step();
  tally = { in: { bytes: 0, ms: 0 }, out: { bytes: 0, ms: 0 } };
  const t0 = performance.now();
  for (let i = 0; i < n; i++) step();
  const stepMs = (performance.now() - t0) / n;
  const t = tally;
  tally = null;
  const mib = (b) => (b / n / 2 ** 20).toFixed(2);
  return `${mib(t.in.bytes)} MiB in, ${mib(t.out.bytes)} MiB out per step, ${((1000 * (t.in.ms + t.out.ms)) / n).toFixed(0)} µs of a ${(1000 * stepMs).toFixed(0)} µs step`;
}
console.log(`ordinary parameters: ${copiesOf(plainStep)}`);
console.log(`resident parameters: ${copiesOf(residentStep)}`);
const med = (x) => x.slice().sort((a, b) => a - b)[x.length >> 1];
const time = (f, n) => {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) f();
  return (performance.now() - t0) / n;
};
const ratios = [], a = [], b = [];
for (let r = 0; r < 40; r++) {
  a.push(time(plainStep, 10));
  b.push(time(residentStep, 10));
  ratios.push(b[r] / a[r]);
}
console.log(
  `step time, alternating 40 × 10 steps: ordinary ${med(a).toFixed(3)} ms, resident ${med(b).toFixed(3)} ms (median); ` +
    `resident ÷ ordinary, paired: ${med(ratios).toFixed(3)}; losses agree: ${plainStep() === residentStep()}`,
);
const mem = new WebAssembly.Memory({ initial: 1, maximum: 65536, shared: true });
const step = plainStep;

// --- 2. Would finalizers recycle resident blocks? -------------------------------------------
let sink;
const smallGarbage = () => {
  const objs = [];
  for (let i = 0; i < 400; i++) objs.push({ shape: [i, 2], dtype: "float32", grad: null, next: objs[i - 1] });
  sink = objs;
};
async function finalizerRun(yieldEachStep, realStep) {
  let freed = 0;
  const registry = new FinalizationRegistry(() => freed++);
  let made = 0;
  for (let s = 0; s < steps; s++) {
    if (realStep) step();
    else smallGarbage();
    for (let k = 0; k < 25; k++) {
      registry.register(new Float32Array(mem.buffer, 0, 16), k);
      made++;
    }
    if (yieldEachStep) await new Promise((r) => setImmediate(r));
  }
  const inLoop = freed;
  // After the loop: several event-loop turns, as any program would give eventually.
  for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r, 5));
  return { made, inLoop, after: freed };
}
for (const realStep of [false, true]) {
  console.log(realStep ? "with the real step (ArrayBuffer storage):" : "resident storage (views and small objects only):");
  for (const y of [false, true]) {
    const r = await finalizerRun(y, realStep);
    console.log(
      `  ${y ? "loop yielding each step" : "plain loop"}: ${r.made} views dropped over ${steps} steps; ` +
        `finalizers ran for ${r.inLoop} during the loop, ${r.after} after 20 more event-loop turns`,
    );
  }
}
void sink;
