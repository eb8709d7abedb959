// Would zero-copy tensor storage pay? Tensors live in ordinary ArrayBuffers, and the wasm kernels
// copy their operands into WebAssembly memory and back. The alternative is "resident" storage:
// tensors as views over the shared wasm memory, handed out by an allocator there. In JavaScript
// such a block can only be returned to the allocator when its view is unreachable, which means
// a FinalizationRegistry. This script measures the two quantities that decide the question, on
// the benchmark's MLP step (784-256-256-10, batch 128):
//
//  1. What the copies cost: the bytes one step copies, timed in and out of a shared memory,
//     against the step itself.
//  2. Whether finalizers would recycle the blocks. With resident storage a step allocates no
//     ArrayBuffer, only views and small objects, so V8 sees little memory pressure. Simulated:
//     per step 25 views (as many arrays as the step allocates, bench/micro/memory.mjs
//     --count-allocs), registered with a FinalizationRegistry, plus ~40 KB of small objects (the
//     tensors' and autograd nodes' JS side), in a plain loop and in one that yields to the event
//     loop after every step. For contrast, the same with the real step, whose ArrayBuffers do
//     press on the heap.
//
// Usage: node bench/micro/resident.mjs [steps=300]   (needs npm run build)
import path from "node:path";
import { pathToFileURL } from "node:url";

const steps = Number(process.argv[2] ?? 300) || 300;
const dist = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../../dist");
const lib = await import(pathToFileURL(path.join(dist, "index.js")).href);
const { makeTrainStep } = await import(new URL("../lib/mlp.mjs", import.meta.url).href);

const layers = [784, 256, 256, 10];
const batch = 128;
lib.manual_seed(0);
const step = makeTrainStep(lib, { layers, batch, lr: 0.01 });

const best = (f, reps) => {
  let m = Infinity;
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    f();
    m = Math.min(m, performance.now() - t0);
  }
  return m;
};

// --- 1. The copies -------------------------------------------------------------------------
// Floats one step moves across the JS/wasm boundary with today's copy-in/copy-out kernels: per
// Linear layer (in → out), forward X and W in, Y out; backward dY and X in, dW out, and (except
// for the first layer) dY and W in, dX out; ReLU forward x in, y out, backward x and g in, out
// out; SGD per parameter p and g in, p out.
const floats = [];
for (let i = 1; i < layers.length; i++) {
  const [nIn, nOut] = [layers[i - 1], layers[i]];
  const x = batch * nIn, w = nIn * nOut, y = batch * nOut;
  floats.push(x, w, y, y, x, w, 3 * (w + nOut));
  if (i > 1) floats.push(y, w, x);
  if (i < layers.length - 1) floats.push(y, y, 3 * y);
}
const total = floats.reduce((a, b) => a + b, 0);
const mem = new WebAssembly.Memory({ initial: Math.ceil((total * 4) / 65536) + 1, maximum: 65536, shared: true });
const shared = new Float32Array(mem.buffer, 0, total);
const heap = floats.map((n) => new Float32Array(n).fill(1));
const copyIn = () => {
  let o = 0;
  for (const h of heap) shared.set(h, (o += h.length) - h.length);
};
const copyOut = () => {
  let o = 0;
  for (const h of heap) h.set(shared.subarray(o, (o += h.length)));
};
const heapTwin = new Float32Array(total);
const copyPlain = () => {
  let o = 0;
  for (const h of heap) heapTwin.set(h, (o += h.length) - h.length);
};
for (let i = 0; i < 50; i++) step();
const stepMs = best(step, 100);
// Half the floats go in, half come out, roughly: time all in + all out, and halve.
const copyMs = (best(copyIn, 200) + best(copyOut, 200)) / 2;
const plainMs = best(copyPlain, 200);
console.log(`threads ${lib.get_num_threads()}, backend ${lib.get_backend()}`);
console.log(`one step copies ${(total * 4 / 2 ** 20).toFixed(2)} MiB across the boundary`);
console.log(`  copying that volume: ${(copyMs * 1000).toFixed(0)} µs (ArrayBuffer ↔ shared wasm memory; ArrayBuffer → ArrayBuffer takes ${(plainMs * 1000).toFixed(0)} µs)`);
console.log(`  the step: ${(stepMs * 1000).toFixed(0)} µs (best of 100), so the copies are at most ${((100 * copyMs) / stepMs).toFixed(1)} % of it`);

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
