/** nn.Module behaviour: registration order, dotted names, hooks, modes, state_dict. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import * as N from "../src/index.js";

const { nn } = N;

class Block extends nn.Module {
  fc = new nn.Linear(4, 3);
  act = new nn.ReLU();
  forward(x: N.Tensor): N.Tensor {
    return this.act.forward(this.fc.forward(x));
  }
}

class Net extends nn.Module {
  body = new Block();
  heads = new nn.ModuleList([new nn.Linear(3, 2), new nn.Linear(3, 1)]);
  scale = new nn.Parameter(N.ones(1));
  forward(x: N.Tensor): N.Tensor {
    return nn.functional.mul(this.heads.at(0).forward(this.body.forward(x)) as N.Tensor, this.scale);
  }
}

describe("nn.Module", () => {
  it("named_parameters gives PyTorch's dotted paths in definition order", () => {
    assert.deepEqual(new Net().named_parameters().map(([n]) => n), [
      "scale", "body.fc.weight", "body.fc.bias", "heads.0.weight", "heads.0.bias", "heads.1.weight", "heads.1.bias",
    ]);
  });

  it("named_modules, children and apply (children first, then self)", () => {
    const net = new Net();
    assert.deepEqual(net.named_modules().map(([n]) => n), ["", "body", "body.fc", "body.act", "heads", "heads.0", "heads.1"]);
    assert.deepEqual(net.named_children().map(([n]) => n), ["body", "heads"]);
    const order: string[] = [];
    net.apply((m) => order.push(m.constructor.name));
    assert.deepEqual(order, ["Linear", "ReLU", "Block", "Linear", "Linear", "ModuleList", "Net"]);
  });

  it("train/eval propagate to every submodule", () => {
    const net = new Net().eval();
    assert.ok(net.modules().every((m) => m.training === false));
    net.train();
    assert.ok(net.modules().every((m) => m.training === true));
  });

  it("forward hooks and pre-hooks fire on every call of a subclass's forward, and can be removed", () => {
    const block = new Block();
    const seen: string[] = [];
    const pre = block.register_forward_pre_hook((_m, inputs) => {
      seen.push("pre");
      return [nn.functional.mul(inputs[0] as N.Tensor, 0)];
    });
    const post = block.fc.register_forward_hook((_m, _i, out) => {
      seen.push(`post ${(out as N.Tensor).shape.join("x")}`);
    });
    const y = block.forward(N.ones(2, 4));
    block.forward(N.ones(1, 4));
    assert.deepEqual(seen, ["pre", "post 2x3", "pre", "post 1x3"]);
    // The pre-hook zeroed the input, so the output is relu(bias).
    const bias = block.fc.bias!.data as Float32Array;
    assert.deepEqual(Array.from((y.data as Float32Array).slice(0, 3)), Array.from(bias, (b) => Math.max(b, 0)));
    pre.remove();
    post.remove();
    block.forward(N.ones(1, 4));
    assert.equal(seen.length, 4);
  });

  it("a shape mismatch in forward names the layer, the expected and the actual shape", () => {
    const fc = new nn.Linear(784, 10);
    assert.throws(() => fc.forward(N.zeros(2, 100)), (e: unknown) =>
      e instanceof N.ShapeError && /Linear\(in_features=784, out_features=10/.test(e.message) && /784/.test(e.message) && /\[2, 100\]/.test(e.message));
  });

  it("F.linear with a bias of the wrong size is PyTorch's expand error, naming both sizes and the fix", () => {
    assert.throws(() => nn.functional.linear(N.zeros(4, 3), N.zeros(2, 3), N.zeros(5)), (e: unknown) =>
      e instanceof N.ShapeError && /expanded size of the tensor \(2\) must match the existing size \(5\)/.test(e.message) && /shape \[2\]/.test(e.message));
  });

  it("state_dict round-trips into a fresh model", () => {
    N.manual_seed(1);
    const a = new Net();
    N.manual_seed(2);
    const b = new Net();
    b.load_state_dict(a.state_dict());
    for (const [k, t] of Object.entries(a.state_dict())) {
      assert.deepEqual(Array.from(b.state_dict()[k]!.data as Float32Array), Array.from(t.data as Float32Array), k);
    }
  });

  it("strict load_state_dict lists every problem at once and changes nothing", () => {
    const net = new Net();
    const before = Object.fromEntries(Object.entries(net.state_dict()).map(([k, t]) => [k, Array.from(t.data as Float32Array)]));
    const sd = { ...net.state_dict() } as Record<string, N.Tensor>;
    delete sd["heads.1.bias"];
    sd["extra.weight"] = N.zeros(1);
    sd["body.fc.weight"] = N.zeros(3, 5);
    sd["scale"] = N.full([1], 7);
    assert.throws(() => net.load_state_dict(sd), (e: unknown) =>
      e instanceof N.RuntimeError &&
      /Missing key\(s\) in state_dict: "heads.1.bias"/.test(e.message) &&
      /Unexpected key\(s\) in state_dict: "extra.weight"/.test(e.message) &&
      /size mismatch for body.fc.weight/.test(e.message));
    for (const [k, t] of Object.entries(net.state_dict())) assert.deepEqual(Array.from(t.data as Float32Array), before[k], `${k} unchanged`);
  });

  it("Linear draws weight then bias from the global generator, and nothing else", () => {
    N.manual_seed(5);
    const fc = new nn.Linear(3, 2);
    const afterModule = N.rand(4).data;
    N.manual_seed(5);
    const w = nn.init.kaiming_uniform_(N.empty(2, 3), { a: Math.sqrt(5) });
    const b = nn.init.uniform_(N.empty(2), { a: -1 / Math.sqrt(3), b: 1 / Math.sqrt(3) });
    assert.deepEqual(Array.from(fc.weight.data), Array.from(w.data as Float32Array));
    assert.deepEqual(Array.from(fc.bias!.data), Array.from(b.data as Float32Array));
    assert.deepEqual(Array.from(afterModule), Array.from(N.rand(4).data));
  });

  it("zero_grad sets gradients to null (set_to_none)", () => {
    const net = new Net();
    (net.forward(N.ones(1, 4)) as N.Tensor).backward(N.ones(1, 2));
    const withGrad = net.named_parameters().filter(([, p]) => p.grad !== null).map(([n]) => n);
    // heads.1 takes no part in forward, so, as in PyTorch, its grads stay None.
    assert.deepEqual(withGrad, ["scale", "body.fc.weight", "body.fc.bias", "heads.0.weight", "heads.0.bias"]);
    net.zero_grad();
    assert.ok(net.parameters().every((p) => p.grad === null));
  });

  it("Sequential chains and names children by index", () => {
    const seq = new nn.Sequential(new nn.Linear(2, 3), new nn.Tanh(), new nn.Linear(3, 1));
    assert.deepEqual(seq.named_parameters().map(([n]) => n), ["0.weight", "0.bias", "2.weight", "2.bias"]);
    assert.deepEqual(seq.forward(N.zeros(5, 2)).shape, [5, 1]);
    assert.match(String(seq), /^Sequential\(\n  \(0\): Linear\(in_features=2, out_features=3, bias=True\)/);
  });
});
