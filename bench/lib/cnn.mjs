// The benchmark's small-CNN training step, shared by bench/competitors/nninit.mjs and
// bench/micro/cnn.mjs: the same model and step as bench/torch_bench.py and the TF.js
// competitor. Conv2d(1,32,5) → ReLU → MaxPool2d(2) → Conv2d(32,64,5) → ReLU → MaxPool2d(2)
// → Flatten → Linear(64·4·4, 10) on 1×28×28 inputs, cross-entropy, plain SGD, the loss read back.
import { makeSgdStep } from "./step.mjs";

export function makeCnnStep(lib, { batch, lr }) {
  const { nn, randn, randint } = lib;
  const model = new nn.Sequential(
    new nn.Conv2d(1, 32, 5), new nn.ReLU(), new nn.MaxPool2d(2),
    new nn.Conv2d(32, 64, 5), new nn.ReLU(), new nn.MaxPool2d(2),
    new nn.Flatten(), new nn.Linear(64 * 4 * 4, 10),
  );
  const x = randn(batch, 1, 28, 28);
  const y = randint(0, 10, [batch]);
  return makeSgdStep(lib, model, x, y, lr);
}
