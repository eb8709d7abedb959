/**
 * torch.optim behaviour that the PyTorch fixtures (optim-fixtures.test.ts) do not pin down:
 * parameter groups, state, zero_grad, skipped parameters, closures, the scheduler's
 * bookkeeping and warnings, and argument errors.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { set_pytorch_version, with_pytorch_version } from "../src/compat.js";
import { ArgumentTypeError, ShapeError, ValueError } from "../src/errors/index.js";
import * as F from "../src/nn/functional.js";
import { Parameter } from "../src/nn/parameter.js";
import { Tensor } from "../src/tensor/tensor.js";
import * as optim from "../src/optim/index.js";
import { powWhole } from "../src/optim/pow.js";

const { StepLR, CosineAnnealingLR } = optim.lr_scheduler;

function param(values: number[]): Parameter {
  return new Parameter(new Tensor([values.length], "float32", Float32Array.from(values)));
}

function grad(values: number[]): Tensor<"float32"> {
  return new Tensor([values.length], "float32", Float32Array.from(values));
}

/** Collects the warnings `fn` emits (process 'warning' events fire on the next tick). */
async function warningsOf(fn: () => void): Promise<string[]> {
  const seen: string[] = [];
  const listener = (w: Error): void => void seen.push(w.message);
  process.on("warning", listener);
  try {
    fn();
    await new Promise((r) => setImmediate(r));
  } finally {
    process.off("warning", listener);
  }
  return seen;
}

describe("optim: construction and parameter groups", () => {
  it("a flat list becomes one group with every default filled in", () => {
    set_pytorch_version("latest");
    const w = param([1, 2]);
    const opt = new optim.Adam([w]);
    assert.equal(opt.param_groups.length, 1);
    const { params, ...options } = opt.param_groups[0]!;
    assert.deepEqual(params, [w]);
    assert.deepEqual(options, { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0, amsgrad: false, maximize: false });
    assert.equal(new optim.AdamW([w]).param_groups[0]!.weight_decay, 1e-2);
  });

  it("groups override the defaults per group; unset options fall back to them", () => {
    const a = param([1]);
    const b = param([2]);
    const opt = new optim.SGD([{ params: [a] }, { params: b, lr: 0.5, momentum: 0.9 }], { lr: 0.1 });
    assert.deepEqual(opt.param_groups.map((g) => [g.params.length, g.lr, g.momentum]), [[1, 0.1, 0], [1, 0.5, 0.9]]);
    opt.add_param_group({ params: [param([3])], nesterov: true, momentum: 0.5 });
    assert.equal(opt.param_groups[2]!.nesterov, true);
  });

  it("accepts any iterable of parameters, e.g. a generator", () => {
    function* gen(): Generator<Parameter> {
      yield param([1]);
      yield param([2]);
    }
    assert.equal(new optim.SGD(gen(), { lr: 0.1 }).param_groups[0]!.params.length, 2);
  });

  it("SGD's lr defaults to 1e-3 in PyTorch 2.x and is required in 1.13", () => {
    assert.equal(with_pytorch_version("2.12", () => new optim.SGD([param([1])]).param_groups[0]!.lr), 1e-3);
    assert.throws(() => with_pytorch_version("1.13", () => new optim.SGD([param([1])])), {
      name: "ValueError",
      message: /required optimization parameter lr/,
    });
    // In 1.13 a group may still supply it.
    assert.equal(with_pytorch_version("1.13", () => new optim.SGD([{ params: [param([1])], lr: 0.2 }]).param_groups[0]!.lr), 0.2);
  });
});

describe("optim: argument errors", () => {
  const p = (): Parameter[] => [param([1, 2, 3])];
  const cases: [string, () => unknown, new (...a: never[]) => Error, RegExp][] = [
    ["empty parameter list", () => new optim.SGD([], { lr: 0.1 }), ValueError, /^optimizer got an empty parameter list/],
    ["empty parameter list (Adam)", () => new optim.Adam([]), ValueError, /^optimizer got an empty parameter list/],
    ["negative lr", () => new optim.SGD(p(), { lr: -1 }), ValueError, /^Invalid learning rate: -1\./],
    ["NaN lr in Adam", () => new optim.Adam(p(), { lr: NaN }), ValueError, /^Invalid learning rate: nan/],
    ["beta1 = 1", () => new optim.Adam(p(), { betas: [1, 0.999] }), ValueError, /^Invalid beta parameter at index 0: 1\./],
    ["beta2 < 0", () => new optim.AdamW(p(), { betas: [0.9, -0.5] }), ValueError, /^Invalid beta parameter at index 1: -0\.5/],
    ["betas not a pair", () => new optim.Adam(p(), { betas: [0.9] as never }), ArgumentTypeError, /betas must be a pair/],
    ["negative eps", () => new optim.Adam(p(), { eps: -1e-8 }), ValueError, /^Invalid epsilon value/],
    ["negative weight_decay", () => new optim.SGD(p(), { lr: 0.1, weight_decay: -1 }), ValueError, /^Invalid weight_decay value: -1/],
    ["negative momentum", () => new optim.SGD(p(), { lr: 0.1, momentum: -0.1 }), ValueError, /^Invalid momentum value: -0\.1/],
    ["nesterov without momentum", () => new optim.SGD(p(), { lr: 0.1, nesterov: true }), ValueError, /^Nesterov momentum requires a momentum and zero dampening/],
    ["nesterov with dampening", () => new optim.SGD(p(), { lr: 0.1, momentum: 0.9, dampening: 0.1, nesterov: true }), ValueError, /zero dampening/],
    ["lr not a number", () => new optim.SGD(p(), { lr: "0.1" as never }), ArgumentTypeError, /SGD: lr must be a number, got string "0\.1"/],
    ["a single tensor", () => new optim.SGD(param([1]) as never, { lr: 0.1 }), ArgumentTypeError, /but got torch\.FloatTensor/],
    ["a Set of parameters", () => new optim.SGD([{ params: new Set(p()) }], { lr: 0.1 }), ArgumentTypeError, /ordering of tensors in sets/],
    ["a non-tensor parameter", () => new optim.SGD([1, 2] as never, { lr: 0.1 }), ArgumentTypeError, /but one of the params is int/],
    ["a bad group override", () => new optim.SGD([{ params: p(), lr: -0.5 }], { lr: 0.1 }), ValueError, /^Invalid learning rate: -0\.5/],
  ];
  for (const [what, fn, cls, message] of cases) {
    it(`${what} -> ${cls.name}`, () => assert.throws(fn, (e: unknown) => e instanceof cls && message.test((e as Error).message)));
  }

  it("a parameter in two groups", () => {
    const w = param([1]);
    const opt = new optim.SGD([w], { lr: 0.1 });
    assert.throws(() => opt.add_param_group({ params: [w] }), { name: "ValueError", message: /more than one parameter group/ });
  });

  it("a non-leaf tensor", () => {
    const w = param([1, 2]);
    const y = F.mul(w, 2);
    assert.throws(() => new optim.SGD([y], { lr: 0.1 }), { name: "ValueError", message: /can't optimize a non-leaf Tensor/ });
  });

  it("a gradient whose shape does not match its parameter", () => {
    const w = param([1, 2]);
    w.grad = grad([1, 2, 3]);
    assert.throws(() => new optim.SGD([w], { lr: 0.1 }).step(), ShapeError);
  });
});

describe("optim: step, state and zero_grad", () => {
  it("steps only the parameters that have a gradient; the others keep no state", () => {
    const a = param([1, 2]);
    const b = param([3, 4]);
    const opt = new optim.Adam([a, b], { lr: 0.1 });
    a.grad = grad([0.5, -0.5]);
    opt.step();
    assert.notDeepEqual(Array.from(a.data), [1, 2]);
    assert.deepEqual(Array.from(b.data), [3, 4]);
    assert.equal(opt.state.has(b), false);
    assert.equal(opt.state.get(a)!.step.item(), 1);
  });

  it("zero_grad() sets every gradient to null (PyTorch 2.x set_to_none); zero_grad(false) zeroes in place", () => {
    const a = param([1, 2]);
    const opt = new optim.SGD([a], { lr: 0.1 });
    a.grad = grad([1, 1]);
    const g = a.grad;
    opt.zero_grad(false);
    assert.equal(a.grad, g);
    assert.deepEqual(Array.from(g.data), [0, 0]);
    opt.zero_grad();
    assert.equal(a.grad, null);
    opt.step(); // a no-op without gradients
    assert.deepEqual(Array.from(a.data), [1, 2]);
  });

  it("SGD with momentum keeps its buffer in state; the first buffer is a copy of the gradient", () => {
    const a = param([1]);
    const opt = new optim.SGD([a], { lr: 0.1, momentum: 0.9 });
    a.grad = grad([2]);
    opt.step();
    const buf = opt.state.get(a)!.momentum_buffer!;
    assert.deepEqual(Array.from(buf.data as Float32Array), [2]);
    assert.notEqual(buf.data, a.grad.data);
    opt.step();
    assert.equal(buf.data[0], Math.fround(Math.fround(2 * Math.fround(0.9)) + 2));
  });

  it("Adam's step counter is a float32 tensor, so it stops at 2^24 as in PyTorch", () => {
    const a = param([1]);
    const opt = new optim.Adam([a]);
    a.grad = grad([1]);
    opt.step();
    (opt.state.get(a)!.step.data as Float32Array)[0] = 2 ** 24;
    opt.step();
    assert.equal(opt.state.get(a)!.step.item(), 2 ** 24);
  });

  it("step(closure) evaluates the closure with gradient recording on and returns its loss", () => {
    const w = param([3, -1]);
    const opt = new optim.SGD([w], { lr: 0.1 });
    const closure = (): Tensor => {
      opt.zero_grad();
      const loss = F.sum(F.mul(w, w));
      loss.backward();
      return loss;
    };
    const first = opt.step(closure)!.item() as number;
    const second = opt.step(closure)!.item() as number;
    assert.equal(first, 10);
    assert.ok(second < first, `loss should fall: ${first} -> ${second}`);
  });

  it("toString lists each group's options like PyTorch's repr", () => {
    const s = new optim.SGD([param([1])], { lr: 0.1 }).toString();
    assert.match(s, /^SGD \(\nParameter Group 0\n {4}dampening: 0\n {4}lr: 0\.1\n/);
  });
});

describe("optim: Python float arithmetic", () => {
  it("beta ** step is glibc's pow (correctly rounded), not V8's **", () => {
    const cases: [number, number][] = [];
    for (let k = 1; k <= 2000; k++) if (0.999 ** k !== powWhole(0.999, k)) cases.push([0.999, k]);
    assert.ok(cases.length > 0, "expected V8's ** to differ somewhere (else this test proves nothing)");
    assert.equal(powWhole(0.5, 10), 2 ** -10);
    assert.equal(powWhole(0.9, 0), 1);
  });
});

describe("lr_scheduler", () => {
  const sgd = (lr = 0.1): optim.SGD => new optim.SGD([param([1])], { lr });

  it("StepLR: lr·γ every step_size epochs; get_last_lr, last_epoch and initial_lr", () => {
    const opt = sgd(1);
    const sched = new StepLR(opt, { step_size: 2, gamma: 0.5 });
    assert.equal(sched.last_epoch, 0);
    assert.equal(opt.param_groups[0]!.initial_lr, 1);
    assert.deepEqual(sched.base_lrs, [1]);
    const lrs = [sched.get_last_lr()[0]];
    for (let e = 0; e < 6; e++) {
      opt.step();
      sched.step();
      lrs.push(sched.get_last_lr()[0]);
    }
    assert.deepEqual(lrs, [1, 1, 0.5, 0.5, 0.25, 0.25, 0.125]);
    assert.equal(opt.param_groups[0]!.lr, 0.125);
    assert.equal(sched.last_epoch, 6);
  });

  it("CosineAnnealingLR reaches eta_min at T_max and climbs back after it", () => {
    const opt = sgd(0.1);
    const sched = new CosineAnnealingLR(opt, { T_max: 4, eta_min: 0.01 });
    const lrs = [sched.get_last_lr()[0]!];
    for (let e = 0; e < 8; e++) {
      opt.step();
      sched.step();
      lrs.push(sched.get_last_lr()[0]!);
    }
    assert.ok(Math.abs(lrs[4]! - 0.01) < 1e-15, `lr at T_max: ${lrs[4]}`);
    assert.ok(Math.abs(lrs[8]! - 0.1) < 1e-15, `lr at 2·T_max: ${lrs[8]}`);
    assert.ok(lrs[2]! < lrs[1]! && lrs[6]! > lrs[5]!);
  });

  it("a second scheduler keeps the first one's initial_lr", () => {
    const opt = sgd(0.1);
    new StepLR(opt, { step_size: 1 }).step();
    const later = new CosineAnnealingLR(opt, { T_max: 3 });
    assert.deepEqual(later.base_lrs, [0.1]);
  });

  it("warns when scheduler.step() comes before optimizer.step(), and when get_lr() is called directly", async () => {
    const warnings = await warningsOf(() => {
      const sched = new StepLR(sgd(), { step_size: 1 });
      sched.step();
      sched.get_lr();
    });
    assert.ok(warnings.some((w) => w.startsWith("Detected call of `lr_scheduler.step()` before `optimizer.step()`")), String(warnings));
    assert.ok(warnings.some((w) => w.includes("please use `get_last_lr()`")), String(warnings));
  });

  it("rejects what is not an optimiser, and periods PyTorch would later divide by", () => {
    assert.throws(() => new StepLR({} as never, { step_size: 1 }), { name: "ArgumentTypeError", message: /^Object is not an Optimizer/ });
    assert.throws(() => new StepLR(sgd(), { step_size: 0 }), { name: "ValueError", message: /step_size must be > 0/ });
    assert.throws(() => new CosineAnnealingLR(sgd(), { T_max: 0 }), { name: "ValueError", message: /T_max must be > 0/ });
    assert.throws(() => new CosineAnnealingLR(sgd(), { T_max: 10, eta_min: NaN }), { name: "ArgumentTypeError" });
  });
});
