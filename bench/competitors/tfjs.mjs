// TF.js 4.22 in Node as a benchmark competitor: node bench/competitors/tfjs.mjs --backend cpu|wasm --spec '<json>'
// cpu  = @tensorflow/tfjs's pure-JS backend.
// wasm = @tensorflow/tfjs-backend-wasm; the .wasm binaries ship in the npm package's dist/,
//        so setWasmPaths points there (no network). In Node 20 it loads the SIMD build,
//        single-threaded (no multithread support detected in Node).
import path from "node:path";
import { createRequire } from "node:module";
import { runChild } from "../lib/child.mjs";

const backend = process.argv[process.argv.indexOf("--backend") + 1];
if (backend !== "cpu" && backend !== "wasm") throw new Error("--backend cpu|wasm");

const require = createRequire(import.meta.url);
const tf = await import("@tensorflow/tfjs");
let wasm = null;
if (backend === "wasm") {
  wasm = await import("@tensorflow/tfjs-backend-wasm");
  const dist = path.join(path.dirname(require.resolve("@tensorflow/tfjs-backend-wasm/package.json")), "dist") + path.sep;
  wasm.setWasmPaths(dist);
}
// tfjs-layers' orthogonal initializer warns on every call above 2000 elements; keep stderr readable.
const warn = console.warn;
console.warn = (...a) => (String(a[0]).startsWith("Orthogonal initializer") ? undefined : warn(...a));

await runChild(async () => {
  if (!(await tf.setBackend(backend))) throw new Error(`tf.setBackend(${backend}) failed`);
  await tf.ready();
  const info = { name: `tfjs-${backend}`, version: tf.version.tfjs, backend: tf.getBackend(), node: process.version };
  if (wasm) {
    info.threads = wasm.getThreadsCount();
    info.simd = await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT");
    info.multithread = await tf.env().getAsync("WASM_HAS_MULTITHREAD_SUPPORT");
  } else info.threads = 1;
  const dispose = (t) => t.dispose();
  return {
    info,
    async prepare(op) {
      const s = op.shape;
      const p = op.params;
      switch (op.kind) {
        case "normal":
          return { fn: () => tf.randomNormal(s, p.mean, p.std, "float32"), cleanup: dispose };
        case "uniform":
          return { fn: () => tf.randomUniform(s, p.a, p.b, "float32"), cleanup: dispose };
        case "kaiming_uniform": {
          // torch's default kaiming_uniform_ (a=0, fan_in, leaky_relu gain √2) is U(±√(6/fan_in)) = heUniform.
          const init = tf.initializers.heUniform({});
          return { fn: () => init.apply(s, "float32"), cleanup: dispose };
        }
        case "trunc_normal":
          // TF's truncated normal redraws values beyond 2 std: same as torch's default a=-2, b=2 at std 1.
          if (p.a !== -2 * p.std || p.b !== 2 * p.std) return { na: "—" };
          return { fn: () => tf.truncatedNormal(s, p.mean, p.std, "float32"), cleanup: dispose };
        case "orthogonal": {
          const init = tf.initializers.orthogonal({ gain: p.gain });
          return { fn: () => tf.tidy(() => init.apply(s, "float32")), cleanup: dispose };
        }
        case "train_mlp":
          return makeTrainStep(p);
        case "train_cnn":
          // tfjs-backend-wasm 4.22 registers no Conv2DBackpropFilter kernel: it cannot train a conv net.
          if (backend === "wasm") return { na: "no conv backward (Conv2DBackpropFilter) in TF.js wasm" };
          return makeCnnStep(p);
        default:
          return { na: `unknown op kind ${op.kind}` };
      }
    },
  };
});

/** tf.sequential ReLU MLP, softmax cross-entropy on logits, SGD; one trainOnBatch per call. */
function makeTrainStep({ layers, batch, lr }) {
  const model = tf.sequential();
  for (let i = 1; i < layers.length; i++) {
    const last = i === layers.length - 1;
    model.add(tf.layers.dense({ units: layers[i], activation: last ? "linear" : "relu", ...(i === 1 ? { inputShape: [layers[0]] } : {}) }));
  }
  model.compile({ optimizer: tf.train.sgd(lr), loss: (yTrue, yPred) => tf.losses.softmaxCrossEntropy(yTrue, yPred) });
  const x = tf.randomNormal([batch, layers[0]], 0, 1, "float32", 1);
  const labels = tf.randomUniform([batch], 0, layers.at(-1), "int32", 2);
  const y = tf.oneHot(labels, layers.at(-1)).toFloat();
  return {
    fn: () => model.trainOnBatch(x, y), // resolves after the step, with the loss value read back
    perCall: batch,
    dispose: () => {
      model.dispose();
      tf.dispose([x, labels, y]);
    },
  };
}

/**
 * The benchmark CNN as a tf.sequential (NHWC, TF.js's layout): conv2d 5×5×32 (valid) + ReLU,
 * maxPooling2d 2, conv2d 5×5×64 + ReLU, maxPooling2d 2, flatten, dense 10; softmax
 * cross-entropy on logits, SGD; one trainOnBatch per call.
 */
function makeCnnStep({ batch, lr }) {
  const model = tf.sequential();
  model.add(tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 5, activation: "relu" }));
  model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tf.layers.conv2d({ filters: 64, kernelSize: 5, activation: "relu" }));
  model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({ units: 10 }));
  model.compile({ optimizer: tf.train.sgd(lr), loss: (yTrue, yPred) => tf.losses.softmaxCrossEntropy(yTrue, yPred) });
  const x = tf.randomNormal([batch, 28, 28, 1], 0, 1, "float32", 1);
  const labels = tf.randomUniform([batch], 0, 10, "int32", 2);
  const y = tf.oneHot(labels, 10).toFloat();
  return {
    fn: () => model.trainOnBatch(x, y),
    perCall: batch,
    dispose: () => {
      model.dispose();
      tf.dispose([x, labels, y]);
    },
  };
}
