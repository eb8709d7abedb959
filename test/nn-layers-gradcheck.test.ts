/**
 * Every layer op's backward against central finite differences (test/support/gradcheck.ts),
 * for each input, weight and bias, over strides, padding, dilation, groups, pooling with
 * padding and ceil_mode, and batch norm in training mode.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { manual_seed, randn, Tensor } from "../src/index.js";
import { conv1d, conv2d, type ConvOptions } from "../src/ops/conv.js";
import { avg_pool2d, max_pool2d, type AvgPool2dOptions, type MaxPool2dOptions } from "../src/ops/pool.js";
import { batch_norm, layer_norm } from "../src/ops/norm.js";
import { embedding } from "../src/ops/embedding.js";
import { dropout } from "../src/ops/dropout.js";
import { gradcheck } from "./support/gradcheck.js";

/** A float32 N(0, 1) leaf that requires grad, from a fixed seed. */
function leaf(seed: number, shape: number[], scale = 1): Tensor {
  manual_seed(seed);
  const t = randn(shape);
  const d = t.data as Float32Array;
  for (let i = 0; i < d.length; i++) d[i] = d[i]! * scale;
  return t.requires_grad_();
}

/**
 * Distinct values 0.1 apart in a shuffled order, so a ±1e−2 step never changes which
 * element of a pooling window is the maximum (max pooling is only piecewise linear).
 */
function distinct(seed: number, shape: number[]): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const perm = Array.from({ length: n }, (_, i) => i);
  let s = seed >>> 0;
  for (let i = n - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    [perm[i], perm[j]] = [perm[j]!, perm[i]!];
  }
  return new Tensor(shape, "float32", Float32Array.from(perm, (v) => (v - n / 2) * 0.1)).requires_grad_();
}

function check(fn: (...t: Tensor[]) => Tensor, inputs: Tensor[]): void {
  const r = gradcheck(fn, inputs);
  assert.ok(r.ok, r.message);
  assert.ok(r.checked > 0);
}

describe("gradcheck: conv2d", () => {
  const cases: [string, number[], number[], boolean, ConvOptions][] = [
    ["3→4, k3", [2, 3, 6, 5], [4, 3, 3, 3], true, {}],
    ["stride 2, padding 1, kernel (3, 2)", [2, 3, 7, 6], [4, 3, 3, 2], true, { stride: 2, padding: 1 }],
    ["dilation 2, padding 2, no bias", [1, 2, 7, 7], [3, 2, 3, 3], false, { dilation: 2, padding: 2 }],
    ["groups 2", [2, 4, 5, 5], [6, 2, 3, 3], true, { groups: 2 }],
    ["depthwise (groups = C), padding 1", [1, 3, 5, 5], [3, 1, 3, 3], true, { groups: 3, padding: 1 }],
    ["padding 'same', even kernel", [1, 2, 5, 6], [2, 2, 2, 4], true, { padding: "same" }],
    ["stride (2, 1), padding (1, 0), dilation (1, 2), groups 3", [1, 6, 7, 8], [6, 2, 3, 2], true, { stride: [2, 1], padding: [1, 0], dilation: [1, 2], groups: 3 }],
    ["stride 3 > kernel 2 (skipped pixels)", [1, 2, 8, 8], [2, 2, 2, 2], true, { stride: 3 }],
  ];
  for (const [name, xs, ws, bias, opts] of cases) {
    it(name, () => {
      const inputs = [leaf(1, xs), leaf(2, ws, 0.5), ...(bias ? [leaf(3, [ws[0]!])] : [])];
      check((x, w, b) => conv2d(x!, w!, b ?? null, opts), inputs);
    });
  }
  it("unbatched (C, H, W) input", () => {
    check((x, w, b) => conv2d(x!, w!, b!, { padding: 1 }), [leaf(4, [2, 4, 4]), leaf(5, [3, 2, 3, 3]), leaf(6, [3])]);
  });
});

describe("gradcheck: conv1d", () => {
  const cases: [string, number[], number[], ConvOptions][] = [
    ["3→4, k3", [2, 3, 9], [4, 3, 3], {}],
    ["stride 2, padding 2, dilation 2, groups 2", [2, 4, 11], [6, 2, 3], { stride: 2, padding: 2, dilation: 2, groups: 2 }],
    ["padding 'same', even kernel", [1, 2, 7], [3, 2, 4], { padding: "same" }],
  ];
  for (const [name, xs, ws, opts] of cases) {
    it(name, () => check((x, w, b) => conv1d(x!, w!, b!, opts), [leaf(7, xs), leaf(8, ws, 0.5), leaf(9, [ws[0]!])]));
  }
  it("unbatched (C, L) input", () => check((x, w) => conv1d(x!, w!), [leaf(10, [2, 6]), leaf(11, [3, 2, 2])]));
});

describe("gradcheck: max_pool2d", () => {
  const cases: [string, number[], number | number[], MaxPool2dOptions][] = [
    ["kernel 2", [2, 2, 6, 6], 2, {}],
    ["kernel 3, stride 2, padding 1", [1, 2, 7, 6], 3, { stride: 2, padding: 1 }],
    ["kernel (3, 2), stride 1 (overlapping windows)", [1, 2, 5, 5], [3, 2], { stride: 1 }],
    ["dilation 2, padding 1", [1, 1, 8, 8], 3, { dilation: 2, padding: 1 }],
    ["ceil_mode with padding", [1, 2, 8, 7], 3, { stride: 2, padding: 1, ceil_mode: true }],
    ["3-D input", [3, 5, 5], 2, { stride: 1 }],
  ];
  for (const [name, xs, k, opts] of cases) {
    it(name, () => check((x) => max_pool2d(x!, k, opts), [distinct(xs.length * 7 + 1, xs)]));
  }
});

describe("gradcheck: avg_pool2d", () => {
  const cases: [string, number[], number | number[], AvgPool2dOptions][] = [
    ["kernel 2", [2, 2, 6, 6], 2, {}],
    ["kernel 3, stride 2, padding 1, count_include_pad", [1, 2, 7, 6], 3, { stride: 2, padding: 1 }],
    ["kernel 3, stride 2, padding 1, count_include_pad=false", [1, 2, 7, 6], 3, { stride: 2, padding: 1, count_include_pad: false }],
    ["ceil_mode with padding, count_include_pad=false", [1, 1, 8, 7], 3, { stride: 2, padding: 1, ceil_mode: true, count_include_pad: false }],
    ["kernel (2, 3), stride 1, divisor_override 5", [1, 2, 5, 5], [2, 3], { stride: 1, divisor_override: 5 }],
  ];
  for (const [name, xs, k, opts] of cases) {
    it(name, () => check((x) => avg_pool2d(x!, k, opts), [leaf(12, xs)]));
  }
});

describe("gradcheck: batch_norm", () => {
  it("training, (N, C, H, W), affine", () => {
    const rm = new Tensor([3], "float32");
    const rv = new Tensor([3], "float32", new Float32Array(3).fill(1));
    check((x, w, b) => batch_norm(x!, rm, rv, { weight: w!, bias: b!, training: true }), [leaf(13, [3, 3, 3, 2], 2), leaf(14, [3]), leaf(15, [3])]);
  });
  it("training, (N, C), no running stats, no affine", () => {
    check((x) => batch_norm(x!, null, null, { training: true, eps: 1e-3 }), [leaf(16, [5, 4], 1.5)]);
  });
  it("training, (N, C, L), affine", () => {
    check((x, w, b) => batch_norm(x!, null, null, { weight: w!, bias: b!, training: true }), [leaf(17, [2, 3, 4]), leaf(18, [3]), leaf(19, [3])]);
  });
  it("eval: running statistics", () => {
    const rm = leaf(20, [3]).detach();
    const rv = new Tensor([3], "float32", Float32Array.of(0.5, 1.5, 2));
    check((x, w, b) => batch_norm(x!, rm, rv, { weight: w!, bias: b!, training: false }), [leaf(21, [2, 3, 2, 2]), leaf(22, [3]), leaf(23, [3])]);
  });
});

describe("gradcheck: layer_norm", () => {
  it("over the last dim, affine", () => {
    check((x, w, b) => layer_norm(x!, [6], { weight: w!, bias: b! }), [leaf(24, [4, 6], 2), leaf(25, [6]), leaf(26, [6])]);
  });
  it("over the last two dims, affine", () => {
    check((x, w, b) => layer_norm(x!, [3, 4], { weight: w!, bias: b! }), [leaf(27, [2, 3, 4]), leaf(28, [3, 4]), leaf(29, [3, 4])]);
  });
  it("no affine", () => check((x) => layer_norm(x!, 5, { eps: 1e-3 }), [leaf(30, [3, 5])]));
});

describe("gradcheck: embedding and dropout", () => {
  it("embedding weight, repeated indices (no padding_idx: the padding row's zero gradient is not a derivative)", () => {
    const idx = new Tensor([2, 3], "int64", BigInt64Array.of(1n, 4n, 1n, 0n, 3n, 1n));
    check((w) => embedding(idx, w!), [leaf(31, [5, 3])]);
  });
  it("dropout (the mask reseeded on every call)", () => {
    check((x) => {
      manual_seed(5);
      return dropout(x!, 0.3, true);
    }, [leaf(32, [4, 5])]);
  });
});
