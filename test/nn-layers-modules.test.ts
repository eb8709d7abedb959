/**
 * The layer modules as a user meets them: shape errors that name the layer, constructor
 * checks, batch norm's running statistics across calls, embedding's padding row, dropout's
 * modes, the conv batch chunking, and the small CNN training end to end (its speed is
 * printed as a test diagnostic).
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { manual_seed, randn, get_rng_state, rand, Tensor, ShapeError, ValueError, no_grad } from "../src/index.js";
import { Sequential } from "../src/nn/containers.js";
import { Linear, Flatten } from "../src/nn/layers/linear.js";
import { ReLU } from "../src/nn/layers/activation.js";
import { Conv1d, Conv2d } from "../src/nn/layers/conv.js";
import { MaxPool2d, AvgPool2d } from "../src/nn/layers/pool.js";
import { BatchNorm1d, BatchNorm2d, LayerNorm } from "../src/nn/layers/norm.js";
import { Embedding } from "../src/nn/layers/embedding.js";
import { Dropout } from "../src/nn/layers/dropout.js";
import { conv2d } from "../src/ops/conv.js";
import { batch_norm } from "../src/ops/norm.js";
import { cross_entropy } from "../src/ops/loss.js";

function throwsWith(fn: () => unknown, cls: new (...a: never[]) => Error, ...parts: string[]): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof cls, `expected ${cls.name}, got ${String(e)}`);
    for (const p of parts) assert.ok(e.message.includes(p), `message "${e.message}" should contain "${p}"`);
    return true;
  });
}

function maxAbsDiff(a: Tensor, b: Tensor): number {
  const x = a.data as Float32Array, y = b.data as Float32Array;
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]! - y[i]!));
  return m;
}

describe("shape errors name the layer, the expected and the actual shape", () => {
  it("Conv2d with the wrong channel count", () => {
    throwsWith(() => new Conv2d(3, 8, 5).forward(randn(2, 4, 32, 32)), ShapeError,
      "Conv2d(3, 8, kernel_size=(5, 5), stride=(1, 1))", "(N, 3, H, W) or (3, H, W)", "[2, 4, 32, 32]");
  });
  it("Conv1d with a 4-D input", () => {
    throwsWith(() => new Conv1d(4, 6, 3, { groups: 2 }).forward(randn(1, 4, 5, 5)), ShapeError,
      "Conv1d(4, 6, kernel_size=(3,), stride=(1,), groups=2)", "(N, 4, L)", "[1, 4, 5, 5]");
  });
  it("Conv2d whose kernel exceeds the padded input", () => {
    throwsWith(() => new Conv2d(1, 1, 5).forward(randn(1, 1, 3, 3)), ShapeError, "Kernel size can't be greater than actual input size");
  });
  it("BatchNorm2d with a 3-D input, BatchNorm1d with the wrong features", () => {
    throwsWith(() => new BatchNorm2d(4).forward(randn(2, 4, 5)), ShapeError, "BatchNorm2d(4, eps=1e-05", "(N, 4, H, W)", "[2, 4, 5]");
    throwsWith(() => new BatchNorm1d(3).forward(randn(5, 4)), ShapeError, "BatchNorm1d(3", "(N, 3) or (N, 3, L)", "[5, 4]");
  });
  it("LayerNorm with the wrong trailing dims", () => {
    throwsWith(() => new LayerNorm([4, 5]).forward(randn(2, 5, 4)), ShapeError, "LayerNorm((4, 5), eps=1e-05", "[*, 4, 5]", "[2, 5, 4]");
  });
  it("pooling with a 2-D input, and an output that would be empty", () => {
    throwsWith(() => new MaxPool2d(2).forward(randn(4, 4)), ShapeError, "MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)", "[4, 4]");
    throwsWith(() => new AvgPool2d(3).forward(randn(1, 2, 2)), ShapeError, "Output size is too small");
  });
  it("Embedding with float indices", () => {
    throwsWith(() => new Embedding(10, 3).forward(randn(2, 2)), ShapeError, "Embedding(10, 3)", "int64", "[2, 2]");
  });
  it("Embedding with an index out of range", () => {
    throwsWith(() => new Embedding(4, 2).forward(new Tensor([2], "int64", BigInt64Array.of(1n, 4n))), ShapeError, "index out of range");
  });
  it("batch norm training on one value per channel", () => {
    throwsWith(() => new BatchNorm1d(3).forward(randn(1, 3)), ValueError, "Expected more than 1 value per channel when training");
  });
});

describe("constructor checks", () => {
  it("groups must divide in_channels and out_channels", () => {
    throwsWith(() => new Conv2d(3, 8, 3, { groups: 2 }), ValueError, "in_channels must be divisible by groups");
    throwsWith(() => new Conv2d(4, 6, 3, { groups: 4 }), ValueError, "out_channels must be divisible by groups");
  });
  it("padding='same' is not allowed with a stride", () => {
    throwsWith(() => new Conv2d(3, 3, 3, { padding: "same", stride: 2 }), ValueError, "padding='same'");
  });
  it("pooling padding at most half the kernel", () => {
    throwsWith(() => new MaxPool2d(3, { padding: 2 }).forward(randn(1, 1, 8, 8)), ValueError, "pad should be at most half");
  });
  it("dropout probability in [0, 1]", () => {
    throwsWith(() => new Dropout(1.5), ValueError, "between 0 and 1, but got 1.5");
  });
  it("Embedding padding_idx within num_embeddings", () => {
    throwsWith(() => new Embedding(5, 2, { padding_idx: 5 }), ValueError, "padding_idx must be within num_embeddings");
    assert.equal(new Embedding(5, 2, { padding_idx: -1 }).padding_idx, 4);
  });
});

describe("BatchNorm modules across calls", () => {
  it("train: batch statistics, running stats with the unbiased variance, num_batches_tracked", () => {
    manual_seed(0);
    const bn = new BatchNorm2d(3);
    const x1 = randn(4, 3, 2, 2);
    const x2 = randn(4, 3, 2, 2);
    bn.forward(x1);
    const y2 = bn.forward(x2);
    assert.equal(bn.num_batches_tracked!.data[0], 2n);
    const rm = new Tensor([3], "float32");
    const rv = new Tensor([3], "float32", new Float32Array(3).fill(1));
    batch_norm(x1, rm, rv, { training: true });
    const ref = batch_norm(x2, rm, rv, { training: true });
    assert.deepEqual(bn.running_mean!.data, rm.data);
    assert.deepEqual(bn.running_var!.data, rv.data);
    assert.deepEqual(y2.data, ref.data);
  });
  it("running_var takes the unbiased variance, the output the biased one", () => {
    manual_seed(11);
    const bn = new BatchNorm1d(1);
    const x = randn(6, 1);
    const y = bn.forward(x).data as Float32Array;
    const v = [...(x.data as Float32Array)];
    const mu = v.reduce((a, b) => a + b, 0) / 6;
    const ss = v.reduce((a, b) => a + (b - mu) ** 2, 0);
    assert.equal((bn.running_var!.data as Float32Array)[0], Math.fround(0.1 * (ss / 5) + 0.9));
    assert.equal((bn.running_mean!.data as Float32Array)[0], Math.fround(0.1 * mu));
    v.forEach((xi, i) => assert.ok(Math.abs(y[i]! - (xi - mu) / Math.sqrt(ss / 6 + 1e-5)) < 1e-6));
  });
  it("eval: uses the running statistics and leaves them alone", () => {
    manual_seed(1);
    const bn = new BatchNorm1d(4);
    bn.forward(randn(8, 4));
    const saved = (bn.running_mean!.data as Float32Array).slice();
    bn.eval();
    const x = randn(3, 4);
    const y = bn.forward(x);
    assert.deepEqual(bn.running_mean!.data, saved);
    assert.equal(bn.num_batches_tracked!.data[0], 1n);
    const m = bn.running_mean!.data as Float32Array, v = bn.running_var!.data as Float32Array;
    for (let i = 0; i < 12; i++) {
      const c = i % 4;
      const expected = ((x.data as Float32Array)[i]! - m[c]!) / Math.sqrt(v[c]! + 1e-5);
      assert.ok(Math.abs((y.data as Float32Array)[i]! - expected) < 1e-6);
    }
  });
  it("momentum null: the running mean is the cumulative average of the batch means", () => {
    manual_seed(2);
    const bn = new BatchNorm1d(2, { momentum: null });
    const xs = [randn(5, 2), randn(5, 2), randn(5, 2)];
    for (const x of xs) bn.forward(x);
    for (let c = 0; c < 2; c++) {
      const means = xs.map((x) => [0, 1, 2, 3, 4].reduce((s, n) => s + (x.data as Float32Array)[n * 2 + c]!, 0) / 5);
      const cma = means.reduce((a, b) => a + b, 0) / 3;
      assert.ok(Math.abs((bn.running_mean!.data as Float32Array)[c]! - cma) < 1e-6);
    }
  });
  it("track_running_stats=false: no buffers, batch statistics in eval too", () => {
    const bn = new BatchNorm2d(2, { track_running_stats: false });
    assert.deepEqual(Object.keys(bn.state_dict()), ["weight", "bias"]);
    bn.eval();
    manual_seed(3);
    const x = randn(3, 2, 2, 2);
    assert.deepEqual(bn.forward(x).data, batch_norm(x, null, null, { training: true }).data);
  });
  it("state_dict order and load_state_dict round trip", () => {
    const a = new BatchNorm2d(3);
    manual_seed(4);
    a.forward(randn(2, 3, 2, 2));
    assert.deepEqual(Object.keys(a.state_dict()), ["weight", "bias", "running_mean", "running_var", "num_batches_tracked"]);
    const b = new BatchNorm2d(3);
    b.load_state_dict(a.state_dict());
    assert.deepEqual(b.running_var!.data, a.running_var!.data);
    assert.equal(b.num_batches_tracked!.data[0], 1n);
  });
});

describe("Embedding", () => {
  it("the padding row gets no gradient; repeated rows sum", () => {
    manual_seed(5);
    const emb = new Embedding(5, 2, { padding_idx: 0 });
    assert.deepEqual([...(emb.weight.data as Float32Array).slice(0, 2)], [0, 0]);
    const idx = new Tensor([2, 3], "int64", BigInt64Array.of(0n, 2n, 2n, 0n, 4n, 2n));
    const out = emb.forward(idx);
    assert.deepEqual(out.shape, [2, 3, 2]);
    out.backward(new Tensor(out.shape, "float32", new Float32Array(12).fill(1)));
    assert.deepEqual([...(emb.weight.grad!.data as Float32Array)], [0, 0, 0, 0, 3, 3, 0, 0, 1, 1]);
  });
});

describe("Dropout", () => {
  it("eval and p = 0 return the input itself and draw nothing", () => {
    const x = randn(3, 4);
    const d = new Dropout(0.5).eval();
    manual_seed(6);
    const before = get_rng_state();
    assert.equal(d.forward(x), x);
    assert.equal(new Dropout(0).forward(x), x);
    assert.deepEqual(get_rng_state(), before);
  });
  it("p = 1 gives signed zeros and draws nothing", () => {
    const x = new Tensor([3], "float32", Float32Array.of(-1, 2, -0.5));
    manual_seed(7);
    const before = get_rng_state();
    const y = new Dropout(1).forward(x).data as Float32Array;
    assert.ok(Object.is(y[0], -0) && Object.is(y[1], 0) && Object.is(y[2], -0));
    assert.deepEqual(get_rng_state(), before);
  });
  it("training: kept values are x·fround(1/fround(1 − p)); the kept fraction is within 5σ of 1 − p; 2 draws per element", () => {
    const n = 20000, p = 0.3;
    const x = new Tensor([n], "float32", new Float32Array(n).fill(1));
    manual_seed(8);
    const y = new Dropout(p).forward(x).data as Float32Array;
    const after = rand(1).data[0];
    const scale = Math.fround(1 / Math.fround(1 - p));
    let kept = 0;
    for (const v of y) {
      assert.ok(v === 0 || v === scale);
      if (v !== 0) kept++;
    }
    assert.ok(Math.abs(kept - n * (1 - p)) < 5 * Math.sqrt(n * p * (1 - p)), `kept ${kept}`);
    manual_seed(8);
    assert.equal(rand(2 * n + 1).data[2 * n], after, "dropout consumed exactly 2 words per element");
  });
});

describe("conv2d splits large batches into chunks without changing the result", () => {
  it("a batch that needs 2 chunks equals per-sample convolutions", () => {
    manual_seed(9);
    const x = randn(3, 2, 300, 300).requires_grad_();
    const w = randn(4, 2, 3, 3).requires_grad_();
    const b = randn(4).requires_grad_();
    const y = conv2d(x, w, b, { padding: 1 });
    const gy = randn(y.shape);
    y.backward(gy);
    const per = 2 * 300 * 300;
    const gw = new Float64Array(w.numel());
    for (let n = 0; n < 3; n++) {
      const xn = new Tensor([1, 2, 300, 300], "float32", (x.data as Float32Array).slice(n * per, (n + 1) * per)).requires_grad_();
      const wn = new Tensor(w.shape, "float32", (w.data as Float32Array).slice()).requires_grad_();
      const yn = conv2d(xn, wn, b.detach(), { padding: 1 });
      const on = 4 * 300 * 300;
      assert.deepEqual(yn.data, (y.data as Float32Array).subarray(n * on, (n + 1) * on), `forward, sample ${n}`);
      yn.backward(new Tensor(yn.shape, "float32", (gy.data as Float32Array).slice(n * on, (n + 1) * on)));
      assert.deepEqual(xn.grad!.data, (x.grad!.data as Float32Array).subarray(n * per, (n + 1) * per), `grad input, sample ${n}`);
      (wn.grad!.data as Float32Array).forEach((v, i) => (gw[i] += v));
    }
    const rel = maxAbsDiff(w.grad!, new Tensor(w.shape, "float32", new Float32Array(gw))) / Math.max(...(w.grad!.data as Float32Array).map(Math.abs));
    assert.ok(rel < 1e-6, `grad weight relative difference ${rel}`);
  });
});

describe("the small CNN (conv 5×5×32 → pool → conv 5×5×64 → pool → fc) on 28×28", () => {
  it("trains: the loss on a fixed batch falls; forward+backward speed at batch 64", (t) => {
    manual_seed(10);
    const net = new Sequential(
      new Conv2d(1, 32, 5), new ReLU(), new MaxPool2d(2),
      new Conv2d(32, 64, 5), new ReLU(), new MaxPool2d(2),
      new Flatten(), new Linear(1024, 10),
    );
    const step = (x: Tensor, y: Tensor, lr: number): number => {
      net.zero_grad();
      const loss = cross_entropy(net.forward(x) as Tensor, y);
      loss.backward();
      no_grad(() => {
        for (const p of net.parameters()) {
          const d = p.data as Float32Array, g = p.grad!.data as Float32Array;
          for (let i = 0; i < d.length; i++) d[i] = d[i]! - lr * g[i]!;
        }
      });
      return loss.item() as number;
    };
    const labels = (n: number): Tensor => new Tensor([n], "int64", BigInt64Array.from({ length: n }, (_, i) => BigInt(i % 10)));
    const B = 64;
    const xb = randn(B, 1, 28, 28);
    const t0 = performance.now();
    step(xb, labels(B), 0.05);
    const secs = (performance.now() - t0) / 1000;
    t.diagnostic(`batch ${B}: forward+backward+SGD ${(secs * 1000).toFixed(0)} ms, ${(B / secs).toFixed(1)} samples/s`);

    const xs = randn(16, 1, 28, 28);
    const ys = labels(16);
    const losses = [0, 1, 2, 3].map(() => step(xs, ys, 0.05));
    assert.ok(losses[3]! < losses[0]!, `loss should fall: ${losses.map((l) => l.toFixed(4)).join(" → ")}`);
  });
});
