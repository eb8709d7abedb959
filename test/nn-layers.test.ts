/**
 * The conv, pooling, norm, embedding and dropout layers against real PyTorch
 * (test/fixtures/<build>/layers.json, written by scripts/fixtures/gen_layers.py):
 *
 * - init: `torch.manual_seed(s); <module>` → the whole state_dict, bit for bit, its key order,
 *   the module's repr, and the next `torch.rand(4)` (so construction drew exactly as many
 *   numbers as PyTorch).
 * - ops: forward and every input gradient for fixed inputs. Selections (max_pool2d,
 *   embedding) and the float32-accumulating avg_pool2d are bit for bit. The rest use
 *   |ours − torch| ≤ RTOL·|torch| + ATOL·max(1, ‖torch‖∞): PyTorch sums in float32 in its own
 *   blocked order (mkldnn/BLAS for conv, vectorised Welford for layer_norm) while nninit sums
 *   in binary64 and rounds once, so each side is within a few float32 ulps of the exact value
 *   of each term's magnitude, not of a result that cancels towards 0. The ATOL term, scaled
 *   by the tensor's largest value, covers those cancelled entries.
 * - dropout: the mask, the scaled values, the signs of dropped zeros and the following
 *   `torch.rand(4)`, bit for bit.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { manual_seed, rand, set_pytorch_version, Tensor } from "../src/index.js";
import { Sequential } from "../src/nn/containers.js";
import { Module } from "../src/nn/module.js";
import { Linear, Flatten } from "../src/nn/layers/linear.js";
import { ReLU } from "../src/nn/layers/activation.js";
import { Conv1d, Conv2d } from "../src/nn/layers/conv.js";
import { MaxPool2d, AvgPool2d } from "../src/nn/layers/pool.js";
import { BatchNorm1d, BatchNorm2d, LayerNorm } from "../src/nn/layers/norm.js";
import { Embedding } from "../src/nn/layers/embedding.js";
import { Dropout } from "../src/nn/layers/dropout.js";
import { conv1d, conv2d } from "../src/ops/conv.js";
import { avg_pool2d, max_pool2d } from "../src/ops/pool.js";
import { batch_norm, layer_norm } from "../src/ops/norm.js";
import { embedding } from "../src/ops/embedding.js";
import { dropout } from "../src/ops/dropout.js";
import { BUILDS, FIXTURE_ROOT, compare, decodeValues, type FixtureOutput } from "./support/fixtures.js";
import { readFileSync, existsSync } from "node:fs";

/** Relative and absolute (scaled by ‖expected‖∞) tolerance for float32 results of different summation orders. */
export const RTOL = 1e-5;
export const ATOL = 1e-6;

interface ModuleSpec { type: string; args?: unknown[]; kwargs?: Record<string, unknown>; children?: ModuleSpec[] }
interface InitCase { name: string; seed: number; module: ModuleSpec; repr: string; state: (FixtureOutput & { key: string })[]; after: FixtureOutput }
interface OpCase {
  name: string; op: string; kwargs: Record<string, unknown>;
  inputs: Record<string, FixtureOutput>; grad_output: FixtureOutput; outputs: Record<string, FixtureOutput>;
}
interface DropoutCase { name: string; x: FixtureOutput; seed: number; p: number; training: boolean; out: FixtureOutput; after: FixtureOutput }
interface LayersFixture { torch_version: string; cpu_vendor: string; init: InitCase[]; ops: OpCase[]; dropout: DropoutCase[] }

function load(build: string): LayersFixture | null {
  const path = `${FIXTURE_ROOT}${build}/layers.json`;
  return existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as LayersFixture) : null;
}

function toTensor(o: FixtureOutput): Tensor {
  return new Tensor(o.shape, o.dtype as "float32" | "int64", decodeValues(o) as Float32Array);
}

/** Builds the TS module for a fixture spec (Python positional args and kwargs). */
function buildModule(s: ModuleSpec): Module {
  const a = (s.args ?? []) as never[];
  const kw = (s.kwargs ?? {}) as Record<string, never>;
  switch (s.type) {
    case "Sequential": return new Sequential(...s.children!.map(buildModule));
    case "Conv2d": return new Conv2d(a[0]!, a[1]!, a[2]!, kw);
    case "Conv1d": return new Conv1d(a[0]!, a[1]!, a[2]!, kw);
    case "Embedding": return new Embedding(a[0]!, a[1]!, kw);
    case "BatchNorm1d": return new BatchNorm1d(a[0]!, kw);
    case "BatchNorm2d": return new BatchNorm2d(a[0]!, kw);
    case "LayerNorm": return new LayerNorm(a[0]!, kw);
    case "Linear": return new Linear(a[0]!, a[1]!, kw);
    case "MaxPool2d": return new MaxPool2d(a[0]!, kw);
    case "AvgPool2d": return new AvgPool2d(a[0]!, kw);
    case "Dropout": return new Dropout(a[0]);
    case "ReLU": return new ReLU();
    case "Flatten": return new Flatten();
    default: throw new Error(`no builder for ${s.type}`);
  }
}

/** Asserts |a − e| ≤ RTOL·|e| + ATOL·max(1, ‖e‖∞), reporting the first failure with both values. */
function assertClose(actual: Tensor, expected: FixtureOutput, label: string): void {
  assert.deepEqual([...actual.shape], expected.shape, `${label}: shape`);
  const e = decodeValues(expected) as Float32Array;
  const a = actual.data as Float32Array;
  let scale = 1;
  for (const v of e) scale = Math.max(scale, Math.abs(v));
  let worst = 0;
  for (let i = 0; i < e.length; i++) {
    const err = Math.abs(a[i]! - e[i]!);
    const tol = RTOL * Math.abs(e[i]!) + ATOL * scale;
    worst = Math.max(worst, err / tol);
    if (!(err <= tol)) {
      assert.fail(`${label}: index ${i}: nninit ${a[i]} vs PyTorch ${e[i]} (|diff| ${err.toExponential(3)} > tol ${tol.toExponential(3)})`);
    }
  }
}

function assertBits(actual: Tensor | ArrayLike<number>, expected: FixtureOutput, label: string): void {
  const data = actual instanceof Tensor ? (actual.data as Float32Array) : actual;
  const r = compare(data, expected, label);
  assert.ok(r.ok, r.message);
}

/** Runs one op case: forward, backward with the stored grad_output; returns result and grads by name. */
function runOp(c: OpCase): Record<string, Tensor> {
  const t: Record<string, Tensor> = {};
  for (const [k, v] of Object.entries(c.inputs)) t[k] = toTensor(v);
  const differentiable = ["input", "weight", "bias"];
  for (const k of differentiable) t[k]?.requires_grad_(true);
  const kw = { ...c.kwargs } as Record<string, never>;
  let out: Tensor;
  switch (c.op) {
    case "conv2d": out = conv2d(t.input!, t.weight!, t.bias ?? null, kw); break;
    case "conv1d": out = conv1d(t.input!, t.weight!, t.bias ?? null, kw); break;
    case "max_pool2d": { const { kernel_size, ...rest } = kw; out = max_pool2d(t.input!, kernel_size, rest); break; }
    case "avg_pool2d": { const { kernel_size, ...rest } = kw; out = avg_pool2d(t.input!, kernel_size, rest); break; }
    case "batch_norm":
      out = batch_norm(t.input!, t.running_mean ?? null, t.running_var ?? null, { weight: t.weight ?? null, bias: t.bias ?? null, ...kw });
      break;
    case "layer_norm": { const { normalized_shape, ...rest } = kw; out = layer_norm(t.input!, normalized_shape, { weight: t.weight ?? null, bias: t.bias ?? null, ...rest }); break; }
    case "embedding": out = embedding(t.indices!, t.weight!, kw); break;
    default: throw new Error(`unknown op ${c.op}`);
  }
  out.backward(toTensor(c.grad_output));
  const res: Record<string, Tensor> = { out };
  for (const k of differentiable) if (t[k]?.grad) res[`grad_${k}`] = t[k]!.grad!;
  if (t.running_mean) res.running_mean = t.running_mean;
  if (t.running_var) res.running_var = t.running_var;
  return res;
}

/** Ops whose forward and backward repeat PyTorch's float32 arithmetic exactly. */
const BIT_EXACT_OPS = new Set(["max_pool2d", "avg_pool2d", "embedding"]);

for (const [build, version] of Object.entries(BUILDS)) {
  const fx = load(build);
  if (!fx) continue;

  describe(`layers vs PyTorch ${build}: default init, bit for bit`, () => {
    for (const c of fx.init) {
      it(c.name, () => {
        set_pytorch_version(version);
        manual_seed(c.seed);
        const m = buildModule(c.module);
        const after = rand(4);
        const sd = m.state_dict();
        assert.deepEqual(Object.keys(sd), c.state.map((s) => s.key), "state_dict keys in PyTorch's order");
        for (const s of c.state) {
          const t = sd[s.key]!;
          assert.deepEqual([...t.shape], s.shape, `${s.key}: shape`);
          assert.equal(t.dtype, s.dtype, `${s.key}: dtype`);
          if (s.dtype === "int64") assert.deepEqual([...(t.data as BigInt64Array)], [...(decodeValues(s) as BigInt64Array)], s.key);
          else assertBits(t, s, s.key);
        }
        assertBits(after, c.after, "torch.rand(4) after construction");
        assert.equal(m.toString(), c.repr, "repr");
      });
    }
  });

  describe(`layers vs PyTorch ${build}: forward and backward`, () => {
    for (const c of fx.ops) {
      it(c.name, () => {
        set_pytorch_version(version);
        const res = runOp(c);
        assert.deepEqual(Object.keys(res).sort(), Object.keys(c.outputs).sort(), "the same results and gradients exist");
        for (const [k, expected] of Object.entries(c.outputs)) {
          if (BIT_EXACT_OPS.has(c.op)) assertBits(res[k]!, expected, k);
          else assertClose(res[k]!, expected, k);
        }
      });
    }
  });

  describe(`layers vs PyTorch ${build}: dropout mask (recorded on ${fx.cpu_vendor}), bit for bit`, () => {
    for (const c of fx.dropout) {
      it(c.name, () => {
        set_pytorch_version(version);
        const x = toTensor(c.x);
        manual_seed(c.seed);
        const y = dropout(x, c.p, c.training);
        assertBits(y, c.out, "F.dropout");
        assertBits(rand(4), c.after, "torch.rand(4) after dropout");
      });
    }
  });
}
