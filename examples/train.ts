/**
 * The loop every example shares: one epoch of SGD on Fashion-MNIST (the embedded subset,
 * or the full installed set with --full), then accuracy on the test split.
 */
import { data, nn, no_grad, optim, type Tensor } from "nninit";

export interface RunOptions {
  epochs?: number;
  lr?: number;
  momentum?: number;
  batch_size?: number;
}

/** Fraction of test images whose arg-max logit is the label. */
export function accuracy(model: nn.Module, test: data.FashionMNIST): number {
  const loader = new data.DataLoader(test, { batch_size: 500 });
  let correct = 0;
  let seen = 0;
  no_grad(() => {
    for (const [x, y] of loader) {
      const logits = (model.forward(x as Tensor) as Tensor).data as Float32Array;
      const labels = (y as Tensor).data as BigInt64Array;
      const classes = logits.length / labels.length;
      labels.forEach((label, i) => {
        let best = 0;
        for (let c = 1; c < classes; c++) if (logits[i * classes + c]! > logits[i * classes + best]!) best = c;
        if (BigInt(best) === label) correct++;
      });
      seen += labels.length;
    }
  });
  return correct / seen;
}

export function trainAndReport(name: string, model: nn.Module, options: RunOptions = {}): number {
  const { epochs = 1, lr = 0.1, momentum = 0.9, batch_size = 64 } = options;
  // The embedded subset ships with nninit; pass --full to use the whole installed dataset.
  const embedded = !process.argv.includes("--full");
  const train = new data.FashionMNIST({ train: true, embedded });
  const test = new data.FashionMNIST({ train: false, embedded });
  const loader = new data.DataLoader(train, { batch_size, shuffle: true });
  const opt = new optim.SGD(model.parameters(), { lr, momentum });
  const lossFn = new nn.CrossEntropyLoss();
  const flat = new nn.Flatten();
  const wrapped = { forward: (x: Tensor) => model.forward(flat.forward(x)) as Tensor } as unknown as nn.Module;
  console.log(`${name}: training on ${train.len()} images (${train.source}) for ${epochs} epoch(s)`);
  for (let epoch = 0; epoch < epochs; epoch++) {
    let total = 0;
    let steps = 0;
    for (const [x, y] of loader) {
      opt.zero_grad();
      const loss = lossFn.forward(wrapped.forward(x as Tensor) as Tensor, y as Tensor);
      loss.backward();
      opt.step();
      total += loss.item() as number;
      steps++;
    }
    console.log(`  epoch ${epoch + 1}: mean train loss ${(total / steps).toFixed(4)}`);
  }
  const acc = accuracy(wrapped, test);
  console.log(`  test accuracy ${(100 * acc).toFixed(2)}% on ${test.len()} images`);
  return acc;
}
