// Memory over a long training run: is it flat? Trains the 784-256-256-10 ReLU MLP (SGD with
// momentum, batch 128) on Fashion-MNIST for 10 epochs and prints, after each epoch, the
// process's RSS, V8 heap, ArrayBuffer bytes and the WebAssembly memory's size. A leak shows as
// a line that keeps climbing; a flat line after the first epoch is the goal.
// With --count-allocs it instead counts the typed arrays a training step allocates (by
// wrapping the typed-array constructors before nninit loads) over 20 steps.
// Usage: node bench/micro/memory.mjs [--full] [--epochs N] [--count-allocs]   (needs npm run build)
import path from "node:path";
import { pathToFileURL } from "node:url";

const argv = process.argv.slice(2);
const full = argv.includes("--full");
const epochs = Number(argv[argv.indexOf("--epochs") + 1] || 10) || 10;
const countAllocs = argv.includes("--count-allocs");

const counts = { arrays: 0, bytes: 0 };
if (countAllocs) {
  // Every `new Float32Array(n)` etc. nninit makes goes through these proxies (views over an
  // existing buffer are not allocations and are not counted).
  for (const name of ["Float32Array", "Float64Array", "Int32Array", "Uint32Array", "BigInt64Array"]) {
    const Base = globalThis[name];
    globalThis[name] = new Proxy(Base, {
      construct(target, args, newTarget) {
        const a = Reflect.construct(target, args, newTarget === globalThis[name] ? target : newTarget);
        if (!(args[0] instanceof ArrayBuffer || args[0] instanceof SharedArrayBuffer)) {
          counts.arrays++;
          counts.bytes += a.byteLength;
        }
        return a;
      },
    });
  }
}

const dist = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../../dist");
const lib = await import(pathToFileURL(path.join(dist, "index.js")).href);
const { wasmRuntime } = await import(pathToFileURL(path.join(dist, "kernels/wasm/runtime.js")).href);
const { nn, optim, data } = lib;

lib.manual_seed(0);
const train = new data.FashionMNIST({ train: true, embedded: !full });
const loader = new data.DataLoader(train, { batch_size: 128, shuffle: true, drop_last: true });
const model = new nn.Sequential(new nn.Flatten(), new nn.Linear(784, 256), new nn.ReLU(), new nn.Linear(256, 256), new nn.ReLU(), new nn.Linear(256, 10));
const opt = new optim.SGD(model.parameters(), { lr: 0.05, momentum: 0.9 });
const lossFn = new nn.CrossEntropyLoss();
const step = (x, y) => {
  opt.zero_grad();
  const loss = lossFn.forward(model.forward(x), y);
  loss.backward();
  opt.step();
  return loss.item();
};

const MiB = (b) => (b / 2 ** 20).toFixed(1);
if (countAllocs) {
  const it = loader[Symbol.iterator]();
  const batches = Array.from({ length: 20 }, () => it.next().value);
  for (const [x, y] of batches.slice(0, 5)) step(x, y); // warm-up (lazy buffers, momentum)
  const c0 = { ...counts };
  for (const [x, y] of batches.slice(5)) step(x, y);
  const n = batches.length - 5;
  console.log(`backend ${lib.get_backend()}: per training step ${((counts.arrays - c0.arrays) / n).toFixed(1)} typed arrays, ${MiB((counts.bytes - c0.bytes) / n)} MiB allocated (mean of ${n} steps after 5 warm-up; the batch itself is not counted)`);
  process.exit(0);
}

const wasmBytes = () => wasmRuntime()?.memory.buffer.byteLength ?? 0;
console.log(`backend ${lib.get_backend()}, ${train.len()} images (${train.source}), batch 128, ${epochs} epochs`);
console.log("epoch\tloss\tRSS MiB\tpeak RSS MiB\theap MiB\tArrayBuffers MiB\twasm memory MiB\ts");
let peak = 0;
const t0 = performance.now();
for (let e = 1; e <= epochs; e++) {
  let total = 0, steps = 0;
  for (const [x, y] of loader) {
    total += step(x, y);
    steps++;
    if ((steps & 7) === 0) peak = Math.max(peak, process.memoryUsage.rss());
  }
  const m = process.memoryUsage();
  peak = Math.max(peak, m.rss);
  console.log([e, (total / steps).toFixed(4), MiB(m.rss), MiB(peak), MiB(m.heapUsed), MiB(m.arrayBuffers), MiB(wasmBytes()), ((performance.now() - t0) / 1000).toFixed(1)].join("\t"));
}
