/**
 * backward() hands a leaf its gradient without a copy only when no one else can see that
 * storage (src/autograd/engine.ts): never the caller's `gradient`, never storage a rule passed
 * through to two inputs (add), never a view of another gradient. Each case writes into one
 * tensor and checks that no other changed.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import * as N from "../src/index.js";

const F = N.nn.functional;

function leaf(values: number[]): N.Tensor {
  const t = N.tensor(values);
  t.requires_grad = true;
  return t;
}

describe("leaf gradients own their storage", () => {
  it("add's pass-through gradient is copied for each input", () => {
    const a = leaf([1, 2, 3]), b = leaf([4, 5, 6]);
    F.sum(F.add(a, b)).backward();
    assert.notEqual(a.grad!.data, b.grad!.data);
    (a.grad!.data as Float32Array)[0] = 42;
    assert.equal(b.grad!.data[0], 1);
  });

  it("the caller's gradient is never adopted, also through a view", () => {
    const a = leaf([1, 2, 3, 4]);
    const seed = N.tensor([[1, 1], [1, 1]]);
    F.reshape(a, [2, 2]).backward(seed);
    assert.notEqual(a.grad!.data, seed.data);
    (seed.data as Float32Array)[0] = 42;
    assert.equal(a.grad!.data[0], 1);
  });

  it("a fresh gradient is adopted, and the next backward accumulates into it", () => {
    const w = leaf([1, -2, 3]);
    const x = N.tensor([2, 2, 2]);
    F.sum(F.mul(w, x)).backward();
    const first = w.grad!;
    assert.deepEqual(Array.from(first.data as Float32Array), [2, 2, 2]);
    F.sum(F.mul(w, x)).backward();
    assert.equal(w.grad, first, "accumulates in place, as PyTorch");
    assert.deepEqual(Array.from(first.data as Float32Array), [4, 4, 4]);
  });
});
