// One training step as the benchmark defines it for every competitor: zero_grad, forward,
// cross-entropy, backward, plain SGD, and the loss read back (as TF.js trainOnBatch does).
// Shared by the MLP (bench/lib/mlp.mjs) and CNN (bench/lib/cnn.mjs) steps.
export function makeSgdStep({ nn, optim }, model, x, y, lr) {
  const opt = new optim.SGD(model.parameters(), { lr });
  const lossFn = new nn.CrossEntropyLoss();
  return () => {
    opt.zero_grad();
    const loss = lossFn.forward(model.forward(x), y);
    loss.backward();
    opt.step();
    return loss.item();
  };
}
