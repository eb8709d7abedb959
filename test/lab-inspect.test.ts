/** inspect(): per-layer statistics through forward hooks, with the model left as it was found. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import * as N from "../src/index.js";
import { formatInspection, inspect, meanStd } from "../src/lab/inspect.js";
import { cross_entropy } from "../src/ops/loss.js";

const { nn } = N;

/** Counts the hooks registered through register_forward_hook that have not been removed. */
function spyHooks(model: N.nn.Module): { live: () => number; registered: () => number } {
  let live = 0;
  let registered = 0;
  for (const m of model.modules()) {
    const orig = m.register_forward_hook.bind(m);
    m.register_forward_hook = (hook) => {
      const h = orig(hook);
      live++;
      registered++;
      let removed = false;
      return {
        remove: () => {
          if (!removed) live--;
          removed = true;
          h.remove();
        },
      };
    };
  }
  return { live: () => live, registered: () => registered };
}

function setLinear(l: N.nn.Linear, w: number[], b: number[]): void {
  (l.weight.data as Float32Array).set(w);
  (l.bias!.data as Float32Array).set(b);
}

/**
 * x = [[1, 2], [3, -1]] through Linear(2, 4) with W = [e1; e2; -e1; -e2], b = 0, then ReLU:
 * pre = [[1, 2, -1, -2], [3, -1, -3, 1]] → 4 of 8 outputs exactly 0, unit 2 dead for both samples.
 * Then Linear(4, 4) with W = diag(3, 0.1, 1, -3) → Tanh, and Linear(4, 4) with W = diag(5, -5, 0, 1) → Sigmoid.
 */
function crafted(): { model: N.nn.Sequential; x: N.Tensor } {
  const l1 = new nn.Linear(2, 4);
  setLinear(l1, [1, 0, 0, 1, -1, 0, 0, -1], [0, 0, 0, 0]);
  const l2 = new nn.Linear(4, 4);
  setLinear(l2, [3, 0, 0, 0, 0, 0.1, 0, 0, 0, 0, 1, 0, 0, 0, 0, -3], [0, 0, 0, 0]);
  const l3 = new nn.Linear(4, 4);
  setLinear(l3, [5, 0, 0, 0, 0, -5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], [0, 0, 0, 0]);
  const model = new nn.Sequential(l1, new nn.ReLU(), l2, new nn.Tanh(), l3, new nn.Sigmoid());
  return { model, x: N.tensor([[1, 2], [3, -1]]) };
}

describe("inspect", () => {
  it("lists every leaf in call order with dotted names, kinds and shapes", () => {
    const { model, x } = crafted();
    const r = inspect(model, x);
    assert.deepEqual(r.layers.map((l) => l.name), ["0", "1", "2", "3", "4", "5"]);
    assert.deepEqual(r.layers.map((l) => l.kind), ["Linear", "ReLU", "Linear", "Tanh", "Linear", "Sigmoid"]);
    assert.ok(r.layers.every((l) => l.shape.join() === (l.name === "0" ? "2,4" : "2,4")));
    assert.equal(r.loss_kind, "sum");
    assert.deepEqual(r.output_shape, [2, 4]);
  });

  it("dead fraction is exact for a crafted ReLU layer (and only for ReLU)", () => {
    const { model, x } = crafted();
    const r = inspect(model, x);
    const relu = r.layers[1]!;
    assert.equal(relu.dead_fraction, 0.5);
    assert.equal(relu.dead_units, 0.25);
    assert.deepEqual(
      [relu.mean, relu.std],
      [meanStd([1, 2, 0, 0, 3, 0, 0, 1]).mean, meanStd([1, 2, 0, 0, 3, 0, 0, 1]).std],
    );
    for (const l of r.layers) if (l.kind !== "ReLU") assert.equal(l.dead_fraction, null);
  });

  it("saturated fraction: tanh |y| > 0.99, sigmoid y < 0.01 or > 0.99", () => {
    const { model, x } = crafted();
    const r = inspect(model, x);
    // tanh inputs: [[3, 0.2, 0, -0], [9, 0, 0, -3]] → |tanh| > 0.99 for ±3 and 9: 3 of 8.
    assert.equal(r.layers[3]!.saturated_fraction, 3 / 8);
    // sigmoid inputs: 5·tanh(3), −5·tanh(0.2), 0, tanh(0)·1 | 5·tanh(9), 0, 0, tanh(−3): σ(4.97) = 0.993 and σ(5) > 0.99.
    assert.equal(r.layers[5]!.saturated_fraction, 2 / 8);
    assert.equal(r.layers[1]!.saturated_fraction, null);
    assert.equal(r.layers[0]!.saturated_fraction, null);
  });

  it("weight-gradient std is present for layers with weights and equals a manual backward", () => {
    N.manual_seed(1);
    const model = new nn.Sequential(new nn.Linear(6, 5), new nn.Tanh(), new nn.Linear(5, 3));
    const x = N.randn(7, 6);
    const y = N.tensor([0, 1, 2, 0, 1, 2, 0], { dtype: "int64" });
    const r = inspect(model, x, { targets: y });
    assert.equal(r.loss_kind, "cross_entropy");
    const loss = cross_entropy(model.forward(x) as N.Tensor, y);
    assert.equal(r.loss, loss.item());
    loss.backward();
    const lin = model.modules().filter((m) => m instanceof nn.Linear) as N.nn.Linear[];
    const rows = r.layers.filter((l) => l.kind === "Linear");
    rows.forEach((row, i) => {
      assert.equal(row.weight_grad_std, meanStd(lin[i]!.weight.grad!.data as Float32Array).std);
      assert.ok(row.weight_grad_std! > 0 && Number.isFinite(row.weight_grad_std!));
    });
    for (const l of r.layers) {
      if (l.kind === "Tanh") assert.equal(l.weight_grad_std, null);
      assert.ok(l.output_grad_std !== null && l.output_grad_std > 0, `${l.name} has an output-gradient std`);
    }
    // The gradient w.r.t. the last layer's output is (softmax − onehot)/B.
    const logits = model.forward(x) as N.Tensor;
    const p = logits.data as Float32Array;
    const g: number[] = [];
    for (let i = 0; i < 7; i++) {
      const row = Array.from(p.slice(3 * i, 3 * i + 3));
      const m = Math.max(...row);
      const e = row.map((v) => Math.exp(v - m));
      const s = e.reduce((a, b) => a + b, 0);
      e.forEach((v, c) => g.push((v / s - (c === Number(y.data[i]) ? 1 : 0)) / 7));
    }
    assert.ok(Math.abs(rows.at(-1)!.output_grad_std! - meanStd(g).std) < 1e-6);
  });

  it("removes its hooks afterwards, and restores the parameters' grads", () => {
    const { model, x } = crafted();
    const spy = spyHooks(model);
    const sentinel = N.ones(4, 2);
    const lin = model.at(0) as N.nn.Linear;
    lin.weight.grad = sentinel;
    const before = (model.forward(x) as N.Tensor).data.slice();
    inspect(model, x);
    assert.equal(spy.registered(), 6, "one hook per leaf");
    assert.equal(spy.live(), 0, "every hook removed");
    assert.equal(lin.weight.grad, sentinel, "grad restored");
    assert.equal((model.at(2) as N.nn.Linear).weight.grad, null);
    const after = model.forward(x) as N.Tensor;
    assert.deepEqual(after.data, before, "same outputs");
    assert.notEqual(after.grad_fn?.name, "InspectBackward", "no probe left in the graph");
  });

  it("removes its hooks when the forward or the loss throws", () => {
    const { model, x } = crafted();
    const spy = spyHooks(model);
    assert.throws(() => inspect(model, x, { loss: () => { throw new Error("boom"); } }), /boom/);
    assert.equal(spy.live(), 0);
    assert.throws(() => inspect(model, N.zeros(2, 3)), /Linear/); // wrong input width
    assert.equal(spy.live(), 0);
    assert.equal(spy.registered(), 12);
  });

  it("a custom loss; forward_only skips the gradients; a shared module is listed per call", () => {
    const relu = new nn.ReLU();
    const lin = new nn.Linear(3, 3);
    const model = new nn.Sequential(lin, relu, lin, relu);
    const x = N.randn(4, 3);
    const custom = inspect(model, x, { loss: (out) => nn.functional.mean(out) });
    assert.equal(custom.loss_kind, "custom");
    assert.deepEqual(custom.layers.map((l) => `${l.name}#${l.call}`), ["0#1", "1#1", "0#2", "1#2"]);
    const fwd = inspect(model, x, { forward_only: true });
    assert.equal(fwd.loss_kind, "none");
    assert.ok(Number.isNaN(fwd.loss));
    assert.ok(fwd.layers.every((l) => l.weight_grad_std === null && l.output_grad_std === null));
    const text = formatInspection(custom);
    assert.match(text, /^0#1 +Linear/m);
    assert.match(text, /^1#2 +ReLU/m);
  });

  it("works on a user's own Module subclass and under no_grad", () => {
    class Net extends nn.Module {
      body = new nn.Sequential(new nn.Linear(4, 8), new nn.ReLU());
      head = new nn.Linear(8, 2);
      forward(x: N.Tensor): N.Tensor {
        return this.head.forward(this.body.forward(x)) as N.Tensor;
      }
    }
    const r = N.no_grad(() => inspect(new Net(), N.randn(5, 4)));
    assert.deepEqual(r.layers.map((l) => l.name), ["body.0", "body.1", "head"]);
    assert.ok(r.layers[2]!.weight_grad_std! > 0);
    const leaf = inspect(new nn.Linear(4, 2), N.randn(3, 4));
    assert.equal(leaf.layers[0]!.name, "");
    assert.match(formatInspection(leaf), /^\(model\) +Linear/m);
  });

  it("formatInspection shows percentages, dashes for n/a, and the loss", () => {
    const { model, x } = crafted();
    const text = formatInspection(inspect(model, x));
    assert.match(text, /^1 +ReLU +2×4 .* 50\.0% +— /m);
    assert.match(text, /^3 +Tanh .* — +37\.5% /m);
    assert.match(text, /back-propagated: sum of the outputs = /);
    assert.equal(formatInspection(inspect(model, x).layers).includes("back-propagated"), false);
  });

  it("rejects what is not a module or a tensor", () => {
    assert.throws(() => inspect({} as N.nn.Module, N.zeros(1)), /nn\.Module/);
    assert.throws(() => inspect(new nn.ReLU(), [1, 2] as unknown as N.Tensor), /Tensor/);
  });
});
