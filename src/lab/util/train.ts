/**
 * The lab's training loop: mini-batch steps over a shuffled split, a curve point (mean loss
 * since the previous point) every `lossEvery` steps, and test accuracy at chosen steps.
 * Nothing here reads a clock, so the same seeds give the same numbers.
 */
import { no_grad } from "../../autograd/grad-mode.js";
import type { Module } from "../../nn/module.js";
import { cross_entropy } from "../../ops/loss.js";
import type { Optimizer } from "../../optim/optimizer.js";
import type { Tensor } from "../../tensor/tensor.js";
import type { CurvePoint } from "../types.js";
import { Batches, batch, slice, type Split } from "./data.js";
import { sig } from "./stats.js";
import type { Tick } from "./progress.js";

/** Test-set chunk for evaluation: large enough for efficient matmuls, small enough for memory. */
const EVAL_CHUNK = 500;

/** Fraction of `s` whose arg-max logit is the label (ties go to the lowest class, as torch.argmax). */
export function accuracy(model: Module, s: Split): number {
  let correct = 0;
  no_grad(() => {
    for (let start = 0; start < s.n; start += EVAL_CHUNK) {
      const [x, y] = slice(s, start, EVAL_CHUNK);
      const logits = (model.forward(x) as Tensor).data as Float32Array;
      const labels = y.data as Int32Array;
      const classes = logits.length / labels.length;
      for (let i = 0; i < labels.length; i++) {
        let best = 0;
        for (let c = 1; c < classes; c++) if (logits[i * classes + c]! > logits[i * classes + best]!) best = c;
        if (best === labels[i]) correct++;
      }
    }
  });
  return correct / s.n;
}

export interface TrainSpec {
  model: Module;
  optimizer: Optimizer<{ lr: number }, object>;
  train: Split;
  test: Split;
  /** Restrict training to these example indices (default: the whole split). */
  subset?: readonly number[];
  batchSize: number;
  steps: number;
  /** Seed of the generator that shuffles the examples each epoch. */
  shuffleSeed: number;
  /** One curve point per this many steps (and one at the last step). */
  lossEvery: number;
  /** Steps (1-based, counted after the update) after which to measure test accuracy; the last step always is. */
  evalAt?: (step: number) => boolean;
  tick?: Tick;
}

export interface TrainResult {
  curve: CurvePoint[];
  /** Every step's training loss, in order. */
  losses: number[];
  finalAccuracy: number;
}

export function train(spec: TrainSpec): TrainResult {
  const { model, optimizer, batchSize, steps, lossEvery } = spec;
  const order = spec.subset;
  const batches = new Batches(order?.length ?? spec.train.n, batchSize, spec.shuffleSeed);
  const losses: number[] = [];
  const curve: CurvePoint[] = [];
  let sinceLast = 0;
  let sum = 0;
  let finalAccuracy = NaN;
  for (let step = 1; step <= steps; step++) {
    const idx = batches.next();
    const [x, y] = batch(spec.train, order ? idx.map((i) => order[i]!) : idx);
    optimizer.zero_grad();
    const loss = cross_entropy(model.forward(x) as Tensor, y);
    loss.backward();
    optimizer.step();
    const v = loss.item() as number;
    losses.push(v);
    sum += v;
    sinceLast++;
    const evaluate = step === steps || (spec.evalAt?.(step) ?? false);
    if (step % lossEvery === 0 || evaluate) {
      const point: CurvePoint = { step, loss: sig(sum / sinceLast) };
      if (evaluate) point.test_accuracy = finalAccuracy = accuracy(model, spec.test);
      curve.push(point);
      sum = 0;
      sinceLast = 0;
    }
    spec.tick?.();
  }
  return { curve, losses, finalAccuracy };
}

/** Mean of the last `n` values (all of them if fewer). */
export function tailMean(xs: readonly number[], n: number): number {
  const tail = xs.slice(Math.max(0, xs.length - n));
  return tail.reduce((a, b) => a + b, 0) / tail.length;
}
