// The benchmark's MLP training step, shared by bench/competitors/nninit.mjs and
// bench/micro/gemm.mjs: the same model and step as bench/torch_bench.py (Sequential of
// Linear+ReLU, cross-entropy, plain SGD, the loss read back as TF.js trainOnBatch does).
export function makeTrainStep({ nn, optim, randn, randint }, { layers, batch, lr }) {
  const mods = [];
  for (let i = 1; i < layers.length; i++) {
    mods.push(new nn.Linear(layers[i - 1], layers[i]));
    if (i < layers.length - 1) mods.push(new nn.ReLU());
  }
  const model = new nn.Sequential(...mods);
  const opt = new optim.SGD(model.parameters(), { lr });
  const lossFn = new nn.CrossEntropyLoss();
  const x = randn(batch, layers[0]);
  const y = randint(0, layers[layers.length - 1], [batch]);
  return () => {
    opt.zero_grad();
    const loss = lossFn.forward(model.forward(x), y);
    loss.backward();
    opt.step();
    return loss.item();
  };
}
