// nninit (the compiled dist/) as a benchmark competitor. The driver runs it twice, with
// NNINIT_BACKEND=wasm (the default kernels) and NNINIT_BACKEND=ts (the plain-TypeScript fallback).
// Run by bench/run.mjs in its own process: node bench/competitors/nninit.mjs --spec '<json>'
import fs from "node:fs";
import { runChild } from "../lib/child.mjs";
import { makeCnnStep } from "../lib/cnn.mjs";
import { makeTrainStep } from "../lib/mlp.mjs";

const pkgUrl = new URL("../../package.json", import.meta.url);
const nn_ = await import(new URL("../../dist/index.js", import.meta.url).href);
const { empty, manual_seed, nn, set_pytorch_version, get_pytorch_version, get_backend, wasm_features } = nn_;

/**
 * Plug-in point for training throughput. Contract: return an object
 *   { step: () => void | Promise<void>, dispose?: () => void }
 * where step() does ONE full training step on a fixed batch: forward of the
 * layers[0]-…-layers[n] ReLU MLP, softmax cross-entropy loss, backward, plain SGD
 * update with learning rate `lr` (same as the PyTorch and TF.js competitors).
 * Return { na: "reason" } while nninit has no nn modules.
 */

await runChild(async () => {
  const pkg = JSON.parse(fs.readFileSync(pkgUrl, "utf8"));
  manual_seed(0);
  return {
    info: { name: "nninit", version: pkg.version, node: process.version, backend: get_backend(), wasm: get_backend() === "wasm" ? wasm_features().module : null, threads: get_backend() === "wasm" ? nn_.get_num_threads() : 1 },
    async prepare(op) {
      const shape = op.shape;
      const p = op.params;
      const withVersion = (f) => () => {
        const saved = get_pytorch_version();
        set_pytorch_version(op.version);
        try {
          return f();
        } finally {
          set_pytorch_version(saved);
        }
      };
      // The tensor is allocated once and filled in place, as a weight is initialised: the
      // benchmark times the initialiser, not the allocator (PyTorch's side does the same).
      const w = op.kind.startsWith("train_") ? null : empty(...shape);
      switch (op.kind) {
        case "normal":
          return { fn: withVersion(() => nn.init.normal_(w, { mean: p.mean, std: p.std })) };
        case "uniform":
          return { fn: withVersion(() => nn.init.uniform_(w, { a: p.a, b: p.b })) };
        case "kaiming_uniform":
          return { fn: withVersion(() => nn.init.kaiming_uniform_(w)) };
        case "trunc_normal":
          return { fn: withVersion(() => nn.init.trunc_normal_(w, { mean: p.mean, std: p.std, a: p.a, b: p.b })) };
        case "orthogonal":
          return { fn: withVersion(() => nn.init.orthogonal_(w, { gain: p.gain })) };
        case "train_mlp": {
          return { fn: makeTrainStep(nn_, p), perCall: p.batch };
        }
        case "train_cnn": {
          return { fn: makeCnnStep(nn_, p), perCall: p.batch };
        }
        default:
          return { na: `unknown op kind ${op.kind}` };
      }
    },
  };
});
