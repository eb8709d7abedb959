/** The autograd engine: accumulation, graph reuse, grad mode, broadcasting gradients, finite differences. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import * as N from "../src/index.js";

const F = N.nn.functional;

function leaf(values: number[], shape = [values.length]): N.Tensor {
  return N.tensor(values).view(shape).requires_grad_();
}

/** Central differences of a scalar function of x, in float64 arithmetic on float32 inputs. */
function numericGrad(f: (x: N.Tensor) => N.Tensor, x: N.Tensor, h = 1e-2): number[] {
  const base = Array.from(x.data as Float32Array);
  return base.map((_, i) => {
    const at = (d: number) => {
      const v = base.slice();
      v[i] = v[i]! + d;
      return N.no_grad(() => f(N.tensor(v).view([...x.shape])).item() as number);
    };
    return (at(h) - at(-h)) / (2 * h);
  });
}

function checkGrad(name: string, f: (x: N.Tensor) => N.Tensor, values: number[], shape?: number[]): void {
  it(`${name}: backward equals central differences`, () => {
    const x = leaf(values, shape);
    f(x).backward();
    const numeric = numericGrad(f, x);
    const analytic = Array.from(x.grad!.data as Float32Array);
    analytic.forEach((g, i) => {
      assert.ok(Math.abs(g - numeric[i]!) <= 2e-3 * (1 + Math.abs(numeric[i]!)), `${name}[${i}]: analytic ${g}, numeric ${numeric[i]}`);
    });
  });
}

describe("gradients match finite differences", () => {
  const v = [-1.7, -0.4, 0.3, 0.9, 2.2, -2.5];
  const w = N.tensor([0.5, -1.5, 2.0]);
  checkGrad("sum(relu(x)·x)", (x) => F.sum(F.mul(F.relu(x), x)), v);
  checkGrad("sum(tanh)", (x) => F.sum(F.tanh(x)), v);
  checkGrad("sum(sigmoid)", (x) => F.sum(F.sigmoid(x)), v);
  checkGrad("sum(elu)", (x) => F.sum(F.elu(x)), v);
  checkGrad("sum(selu)", (x) => F.sum(F.selu(x)), v);
  checkGrad("sum(gelu)", (x) => F.sum(F.gelu(x)), v);
  checkGrad("sum(silu)", (x) => F.sum(F.silu(x)), v);
  checkGrad("sum(mish)", (x) => F.sum(F.mish(x)), v);
  checkGrad("sum(softplus)", (x) => F.sum(F.softplus(x)), v);
  checkGrad("sum(leaky_relu 0.1)", (x) => F.sum(F.leaky_relu(x, 0.1)), v);
  checkGrad("mean(x / (1 + x²))", (x) => F.mean(F.div(x, F.add(F.mul(x, x), 1))), v);
  checkGrad("broadcast: sum((x[2,3] − w[3])²)", (x) => F.sum(F.pow(F.sub(x, w), 2)), v, [2, 3]);
  checkGrad("sum over dim then mean", (x) => F.mean(F.sum(F.exp(x), 1)), v, [2, 3]);
  checkGrad("cross_entropy", (x) => F.cross_entropy(x, N.tensor([2n, 0n])), v, [2, 3]);
  checkGrad("log_softmax · c", (x) => F.sum(F.mul(F.log_softmax(x, 1), N.tensor([[1, 2, 3], [-1, 0, 4]]))), v, [2, 3]);
  checkGrad("mse_loss", (x) => F.mse_loss(x, N.tensor([[0, 1, 2], [3, 4, 5]])), v, [2, 3]);
  checkGrad("matmul", (x) => F.sum(F.matmul(x, N.tensor([[1, 2], [3, 4], [5, 6]]))), v, [2, 3]);
  checkGrad("linear (x as weight)", (x) => F.sum(F.tanh(F.linear(N.tensor([[1, -2, 0.5]]), x))), v, [2, 3]);
  checkGrad("flatten + t", (x) => F.sum(F.mul(F.t(F.reshape(x, [3, 2])), N.tensor([[1, 2, 3], [4, 5, 6]]))), v, [2, 3]);
});

describe("engine semantics", () => {
  it("leaf gradients accumulate across backward calls until cleared", () => {
    const x = leaf([1, 2]);
    F.sum(F.mul(x, 3)).backward();
    F.sum(F.mul(x, 3)).backward();
    assert.deepEqual(Array.from(x.grad!.data as Float32Array), [6, 6]);
  });

  it("a tensor used twice receives the sum of both paths", () => {
    const x = leaf([2]);
    F.sum(F.add(F.mul(x, x), x)).backward(); // d/dx (x² + x) = 2x + 1
    assert.equal((x.grad!.data as Float32Array)[0], 5);
  });

  it("backward twice through the same graph is refused unless retained", () => {
    const x = leaf([1, 2]);
    const y = F.sum(F.exp(x));
    y.backward(undefined, { retain_graph: true });
    y.backward();
    assert.throws(() => y.backward(), (e: unknown) => e instanceof N.RuntimeError && /second time/.test(e.message));
  });

  it("backward on a non-scalar without a gradient is an error naming the shape", () => {
    const y = F.mul(leaf([1, 2, 3]), 2);
    assert.throws(() => y.backward(), (e: unknown) => e instanceof N.RuntimeError && /scalar outputs/.test(e.message) && /\[3\]/.test(e.message));
  });

  it("backward on a tensor that does not require grad is an error", () => {
    assert.throws(() => N.tensor([1]).backward(), N.RuntimeError);
  });

  it("no_grad records nothing; detach cuts the graph", () => {
    const x = leaf([1, 2]);
    const y = N.no_grad(() => F.mul(x, 2));
    assert.equal(y.requires_grad, false);
    assert.equal(y.grad_fn, null);
    const d = F.mul(x, 2).detach();
    assert.equal(d.requires_grad, false);
    assert.equal(N.is_grad_enabled(), true);
  });

  it("ops reject non-float32 inputs with a clear error", () => {
    const x = N.tensor([1n, 2n]);
    assert.throws(() => F.relu(x), (e: unknown) => e instanceof N.ShapeError && /float32/.test(e.message) && /int64/.test(e.message));
  });

  it("broadcast shapes that do not match are an error naming both", () => {
    assert.throws(() => F.add(N.zeros(2, 3), N.zeros(4)), (e: unknown) => e instanceof N.ShapeError && /\[2, 3\]/.test(e.message) && /\[4\]/.test(e.message));
  });
});
