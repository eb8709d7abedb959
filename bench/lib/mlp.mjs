// The benchmark's MLP training step, shared by bench/competitors/nninit.mjs and
// bench/micro/gemm.mjs: the same model and step as bench/torch_bench.py (Sequential of
// Linear+ReLU, cross-entropy, plain SGD, the loss read back as TF.js trainOnBatch does).
import { makeSgdStep } from "./step.mjs";

export function makeTrainStep(lib, { layers, batch, lr }) {
  const { nn, randn, randint } = lib;
  const mods = [];
  for (let i = 1; i < layers.length; i++) {
    mods.push(new nn.Linear(layers[i - 1], layers[i]));
    if (i < layers.length - 1) mods.push(new nn.ReLU());
  }
  const model = new nn.Sequential(...mods);
  const x = randn(batch, layers[0]);
  const y = randint(0, layers[layers.length - 1], [batch]);
  return makeSgdStep(lib, model, x, y, lr);
}
