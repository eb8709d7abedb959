/**
 * Training trajectories against real PyTorch (scripts/fixtures/gen_training.py): the same
 * seed, default inits, data draws, shuffled DataLoader and optimiser, step for step.
 * Every step's loss must agree within 1e-5 relative and the final parameters within 1e-5;
 * what differs is float32 summation order inside matmul and conv (PyTorch's BLAS and
 * kernels accumulate in float32, nninit in binary64).
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import * as N from "../src/index.js";
import { BUILDS, decodeValues, loadFixture, type FixtureOutput } from "./support/fixtures.js";

const { nn, optim, data } = N;
const F = nn.functional;

const LOSS_REL = 1e-5;
const PARAM_ABS = 1e-5;

interface TrainingCase {
  name: string;
  model: string;
  optimizer: string;
  seed: number;
  n: number;
  batch_size: number;
  epochs: number;
  steps: number;
  losses: string;
  final_state: [string, FixtureOutput][];
  after: FixtureOutput;
}

/** The models of gen_training.py, built with the same constructors in the same order. */
const MODELS: Record<string, [() => N.nn.Module, number[]]> = {
  mlp_relu: [() => new nn.Sequential(new nn.Linear(784, 64), new nn.ReLU(), new nn.Linear(64, 32), new nn.ReLU(), new nn.Linear(32, 10)), [784]],
  mlp_tanh: [() => new nn.Sequential(new nn.Linear(784, 64), new nn.Tanh(), new nn.Linear(64, 32), new nn.Tanh(), new nn.Linear(32, 10)), [784]],
  cnn: [() => new nn.Sequential(
    new nn.Conv2d(1, 4, 3), new nn.ReLU(), new nn.MaxPool2d(2),
    new nn.Conv2d(4, 8, 3), new nn.ReLU(), new nn.MaxPool2d(2),
    new nn.Flatten(), new nn.Linear(8 * 5 * 5, 10)), [1, 28, 28]],
};

const OPTIMISERS: Record<string, (params: N.nn.Parameter[]) => { zero_grad(): void; step(): void }> = {
  sgd_momentum: (params) => new optim.SGD(params, { lr: 0.05, momentum: 0.9 }),
  adam: (params) => new optim.Adam(params, { lr: 1e-3 }),
};

function train(c: TrainingCase): { losses: number[]; model: N.nn.Module } {
  const [make, sampleShape] = MODELS[c.model]!;
  N.manual_seed(c.seed);
  const model = make();
  const x = N.randn([c.n, ...sampleShape]);
  const y = N.randint(0, 10, [c.n]);
  const loader = new data.DataLoader(new data.TensorDataset(x, y), { batch_size: c.batch_size, shuffle: true });
  const opt = OPTIMISERS[c.optimizer]!(model.parameters());
  const losses: number[] = [];
  for (let epoch = 0; epoch < c.epochs; epoch++) {
    for (const [xb, yb] of loader) {
      opt.zero_grad();
      const loss = F.cross_entropy(model.forward(xb as N.Tensor), yb as N.Tensor);
      loss.backward();
      opt.step();
      losses.push(loss.item() as number);
    }
  }
  return { losses, model };
}

for (const build of Object.keys(BUILDS)) {
  const fixture = loadFixture(build, "training.json") as unknown as { cases: TrainingCase[] } | null;
  if (!fixture) continue;
  describe(`training trajectories vs PyTorch: ${build}`, () => {
    for (const c of fixture.cases) {
      it(c.name, () => {
        const { losses, model } = train(c);
        const expected = Array.from(new Float32Array(Buffer.from(c.losses, "base64").buffer.slice(0)));
        assert.equal(losses.length, c.steps, "number of steps");
        losses.forEach((l, i) => {
          const rel = Math.abs(l - expected[i]!) / Math.abs(expected[i]!);
          assert.ok(rel <= LOSS_REL, `step ${i}: loss ${l} vs PyTorch ${expected[i]} (relative ${rel.toExponential(2)})`);
        });
        const state = model.state_dict();
        for (const [k, v] of c.final_state) {
          const exp = decodeValues(v) as Float32Array;
          const act = state[k]!.data as Float32Array;
          let worst = 0;
          for (let i = 0; i < exp.length; i++) worst = Math.max(worst, Math.abs(act[i]! - exp[i]!));
          assert.ok(worst <= PARAM_ABS, `${k}: max |Δ| ${worst.toExponential(2)} after ${c.steps} steps`);
        }
        // The same number of random draws happened: the next draw agrees bit for bit.
        assert.deepEqual(Array.from(N.rand(3).data), Array.from(decodeValues(c.after) as Float32Array));
      });
    }
  });
}
