/**
 * torch.optim replayed against real PyTorch (scripts/fixtures/gen_optim.py → optim.json):
 * the same parameters and per-step gradients go through nninit's optimiser, and the
 * parameters after every step, the final state, the learning-rate schedules and the
 * constructor errors are compared, bit for bit unless noted.
 *
 * The one expected difference: builds whose `torch.sqrt` is not correctly rounded (the x86-64
 * pip wheels call MKL's `vmsSqrt`; header `sqrt_correctly_rounded: false`). Adam and AdamW
 * take a square root every step, so there they are compared within a few ulps.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { set_pytorch_version } from "../src/compat.js";
import { NninitError } from "../src/errors/index.js";
import { Parameter } from "../src/nn/parameter.js";
import { Tensor } from "../src/tensor/tensor.js";
import * as optim from "../src/optim/index.js";
import { powWhole } from "../src/optim/pow.js";
import { BUILDS, compare, decodeValues, loadFixture, type FixtureOutput } from "./support/fixtures.js";

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

interface OptimizerCase {
  name: string;
  optimizer: "SGD" | "Adam" | "AdamW";
  kwargs: Record<string, Json>;
  groups?: ({ params: number[] } & Record<string, Json>)[];
  params: FixtureOutput[];
  grads: (FixtureOutput | null)[][];
  params_after: FixtureOutput[][];
  state_after: Record<string, FixtureOutput | null>[];
  param_groups: Record<string, Json>[];
  scheduler?: { name: SchedulerName; kwargs: Record<string, number> };
  lrs?: number[][];
}
type SchedulerName = "StepLR" | "CosineAnnealingLR";
interface SchedulerCase {
  name: string;
  scheduler: SchedulerName;
  kwargs: Record<string, number>;
  group_lrs: number[];
  epochs: number;
  last_lr: number[][];
}
interface BiasCorrectionCase {
  name: string;
  beta: number;
  steps: number[];
  values: number[];
}
interface ErrorCase {
  name: string;
  optimizer: "SGD" | "Adam" | "AdamW";
  params: "one" | "empty" | "tensor" | "overlap";
  kwargs: Record<string, Json>;
  error?: { type: string; message: string };
  param_groups?: Record<string, Json>[];
}
interface OptimFixture {
  build: string;
  sqrt_correctly_rounded: boolean;
  optimizer_cases: OptimizerCase[];
  scheduler_cases: SchedulerCase[];
  bias_correction_cases: BiasCorrectionCase[];
  error_cases: ErrorCase[];
  no_error_cases: ErrorCase[];
}

/** Where PyTorch's sqrt is not correctly rounded: the largest difference measured over 10 steps (MKL on an AMD CPU). */
const NON_CR_SQRT_TOLERANCE = { ulp: 4 };

/** JSON values back to JavaScript: {"float": "nan"} → NaN. */
function js(v: Json): unknown {
  if (Array.isArray(v)) return v.map(js);
  if (v !== null && typeof v === "object") {
    if ("float" in v && Object.keys(v).length === 1) return v.float === "nan" ? NaN : v.float === "inf" ? Infinity : -Infinity;
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, js(x)]));
  }
  return v;
}

function tensorOf(out: FixtureOutput): Tensor {
  const data = decodeValues(out) as Float32Array | Float64Array;
  return new Tensor(out.shape, out.dtype as "float32" | "float64", data);
}

function makeOptimizer(name: string, params: unknown, kwargs: Record<string, unknown>): optim.Optimizer<any, any> {
  const Ctor = { SGD: optim.SGD, Adam: optim.Adam, AdamW: optim.AdamW }[name]!;
  return new Ctor(params as never, kwargs as never);
}

function makeScheduler(name: SchedulerName, opt: optim.Optimizer<any, any>, kwargs: Record<string, number>): optim.lr_scheduler.LRScheduler {
  return name === "StepLR"
    ? new optim.lr_scheduler.StepLR(opt, kwargs as never)
    : new optim.lr_scheduler.CosineAnnealingLR(opt, kwargs as never);
}

/** The options of each group, in the fixture's keys (PyTorch's names). */
function groupOptions(opt: optim.Optimizer<any, any>, keys: string[][]): Record<string, unknown>[] {
  return opt.param_groups.map((g, i) => Object.fromEntries(keys[i]!.map((k) => [k, (g as Record<string, unknown>)[k]])));
}

function checkGroups(opt: optim.Optimizer<any, any>, expected: Record<string, Json>[]): void {
  const want = expected.map((g) => js(g) as Record<string, unknown>);
  assert.deepEqual(groupOptions(opt, want.map((g) => Object.keys(g))), want);
}

/** Replays a case; returns the largest ulp distance seen (0 when bit for bit). */
function replay(c: OptimizerCase, tol: { ulp?: number }): number {
  const params = c.params.map((p) => new Parameter(tensorOf(p)));
  const kwargs = js(c.kwargs) as Record<string, unknown>;
  const arg = c.groups
    ? c.groups.map((g) => ({ ...(js(g) as Record<string, unknown>), params: g.params.map((i) => params[i]!) }))
    : params;
  const opt = makeOptimizer(c.optimizer, arg, kwargs);
  checkGroups(opt, c.param_groups);
  const sched = c.scheduler ? makeScheduler(c.scheduler.name, opt, c.scheduler.kwargs) : null;
  let worst = 0;
  c.grads.forEach((row, t) => {
    row.forEach((g, i) => (params[i]!.grad = g === null ? null : tensorOf(g)));
    opt.step();
    if (sched) {
      sched.step();
      assert.deepEqual(sched.get_last_lr(), c.lrs![t], `lr after step ${t + 1}`);
    }
    c.params_after[t]!.forEach((expected, i) => {
      const r = compare(params[i]!.data, expected, `p${i} after step ${t + 1}`, tol);
      worst = Math.max(worst, r.maxUlp);
      assert.ok(r.ok, r.message);
    });
  });
  c.state_after.forEach((expected, i) => {
    const state = (opt.state.get(params[i]!) ?? {}) as Record<string, Tensor | null>;
    assert.deepEqual(Object.keys(state).sort(), Object.keys(expected).sort(), `state keys of p${i}`);
    for (const [k, v] of Object.entries(expected)) {
      if (v === null) {
        assert.equal(state[k], null, `state[p${i}].${k}`);
        continue;
      }
      const r = compare(state[k]!.data, v, `state[p${i}].${k}`, k === "step" ? {} : tol);
      worst = Math.max(worst, r.maxUlp);
      assert.ok(r.ok, r.message);
    }
  });
  return worst;
}

const ERROR_CLASS: Record<string, string> = { ValueError: "ValueError", TypeError: "ArgumentTypeError" };

/** PyTorch's message with numbers and quotes masked, so "-1.0" matches "-1". */
function skeleton(message: string): string {
  return message.toLowerCase().replace(/-?\d+(\.\d+)?(e[+-]?\d+)?/gi, "#").replace(/['"]/g, "").replace(/\s+/g, " ").trim();
}

function constructFromErrorCase(c: ErrorCase): optim.Optimizer<any, any> {
  const p = new Parameter(new Tensor([3], "float32"));
  const params = { one: [p], empty: [], tensor: p, overlap: [{ params: [p] }, { params: [p] }] }[c.params];
  return makeOptimizer(c.optimizer, params, js(c.kwargs) as Record<string, unknown>);
}

for (const [build, version] of Object.entries(BUILDS)) {
  const fixture = loadFixture(build, "optim.json") as unknown as OptimFixture | null;
  if (!fixture) continue;
  describe(`torch.optim fixtures: ${build}`, () => {
    for (const c of fixture.optimizer_cases) {
      const approximate = !fixture.sqrt_correctly_rounded && c.optimizer !== "SGD";
      const label = approximate ? `${c.name} (within ${NON_CR_SQRT_TOLERANCE.ulp} ulp: PyTorch's sqrt is MKL's here)` : c.name;
      it(label, (t) => {
        set_pytorch_version(version);
        const worst = replay(c, approximate ? NON_CR_SQRT_TOLERANCE : {});
        if (approximate) t.diagnostic(`max ${worst} ulp`);
      });
    }
    for (const c of fixture.scheduler_cases) {
      it(c.name, () => {
        set_pytorch_version(version);
        const params = c.group_lrs.map(() => new Parameter(new Tensor([2], "float32")));
        const opt = new optim.SGD(params.map((p, i) => ({ params: [p], lr: c.group_lrs[i]! })), { lr: c.group_lrs[0]! });
        const sched = makeScheduler(c.scheduler, opt, c.kwargs);
        const got = [sched.get_last_lr()];
        for (let e = 0; e < c.epochs; e++) {
          opt.step();
          sched.step();
          got.push(sched.get_last_lr());
        }
        got.forEach((lrs, e) => assert.deepEqual(lrs, c.last_lr[e], `get_last_lr() after epoch ${e}`));
        assert.equal(sched.last_epoch, c.epochs);
      });
    }
    for (const c of fixture.bias_correction_cases) {
      it(c.name, () => {
        c.steps.forEach((k, i) => assert.equal(1 - powWhole(c.beta, k), c.values[i], `step ${k}`));
      });
    }
    for (const c of fixture.error_cases) {
      it(`${c.name} -> ${c.error!.type}: ${c.error!.message}`, () => {
        set_pytorch_version(version);
        let thrown: unknown;
        try {
          constructFromErrorCase(c);
        } catch (e) {
          thrown = e;
        }
        assert.ok(thrown instanceof NninitError, `expected ${c.error!.type}, got ${String(thrown)}`);
        assert.equal(thrown.name, ERROR_CLASS[c.error!.type]);
        assert.ok(skeleton(thrown.message).includes(skeleton(c.error!.message)), `"${thrown.message}" should contain "${c.error!.message}"`);
      });
    }
    for (const c of fixture.no_error_cases) {
      it(`${c.name} succeeds, as in PyTorch`, () => {
        set_pytorch_version(version);
        checkGroups(constructFromErrorCase(c), c.param_groups!);
      });
    }
  });
}
