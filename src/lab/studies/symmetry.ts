/**
 * `symmetry`: where the tutorial's warning about zero init does hold. A 784-256-10 ReLU net
 * whose hidden units start identical stays identical under any deterministic gradient
 * method (paper-claims §4 item 7, experiment E5); random biases are enough to break it.
 */
import { SGD } from "../../optim/sgd.js";
import { manual_seed } from "../../random/default.js";
import type { Claim, Run } from "../types.js";
import { above, exactly, custom } from "../util/claims.js";
import { classCounts, slice } from "../util/data.js";
import { INITS, MLP, probe, type InitSpec } from "../util/mlp.js";
import { maxAbs } from "../util/stats.js";
import { train } from "../util/train.js";
import { runSeed, type StudyContext, type StudyDef } from "./study.js";

const HIDDEN = 256;
const BATCH = 64;
const LR = 0.1;

const VARIANTS: { key: string; spec: InitSpec }[] = [
  { key: "a", spec: INITS.zeros },
  { key: "b", spec: INITS.constant(0.01) },
  { key: "c", spec: INITS.zerosDefaultBias },
  { key: "control", spec: INITS.default },
];

/** max over i, j of ‖W[i] − W[j]‖∞: the largest difference between any two rows, column by column. */
function rowSpread(w: Float32Array, rows: number, cols: number): number {
  let spread = 0;
  for (let k = 0; k < cols; k++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < rows; i++) {
      const v = w[i * cols + k]!;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    spread = Math.max(spread, hi - lo);
  }
  return spread;
}

/** Number of distinct rows, compared bit for bit. */
function distinctRows(w: Float32Array, rows: number, cols: number): number {
  const seen = new Set<string>();
  for (let i = 0; i < rows; i++) seen.add(Buffer.from(w.buffer, w.byteOffset + i * cols * 4, cols * 4).toString("base64"));
  return seen.size;
}

/** Rows that are still exactly zero. */
function zeroRows(w: Float32Array, rows: number, cols: number): number {
  let n = 0;
  for (let i = 0; i < rows; i++) if (maxAbs(w.subarray(i * cols, (i + 1) * cols)) === 0) n++;
  return n;
}

function plan(ctx: StudyContext): { epochs: number; steps: number; stepsPerEpoch: number } {
  const epochs = ctx.epochs ?? 1;
  const stepsPerEpoch = Math.ceil(ctx.data().train.n / BATCH);
  return { epochs, steps: epochs * stepsPerEpoch, stepsPerEpoch };
}

export const symmetryStudy: StudyDef = {
  id: "symmetry",
  title: "Zero and constant init: symmetry",
  description: "A 784-256-10 ReLU net from zeros stays at chance with weights exactly 0; constant weights keep identical units; random biases break the tie.",
  default: true,
  units(ctx) {
    return VARIANTS.length * plan(ctx).steps;
  },
  run(ctx) {
    const { train: trainSplit, test } = ctx.data();
    const { epochs, steps, stepsPerEpoch } = plan(ctx);
    const seed = runSeed(ctx, 0);
    const counts = classCounts(test);
    const [px, py] = slice(test, 0, 500);

    const runs: Run[] = VARIANTS.map(({ key, spec }) =>
      ctx.progress.run(spec.label, steps, (tick) => {
        manual_seed(seed);
        const net = new MLP([784, HIDDEN, 10], "relu").init(spec);
        const result = train({
          model: net,
          optimizer: new SGD(net.parameters(), { lr: LR }),
          train: trainSplit,
          test,
          batchSize: BATCH,
          steps,
          shuffleSeed: seed,
          lossEvery: Math.max(1, Math.round(stepsPerEpoch / 10)),
          evalAt: (s) => s % stepsPerEpoch === 0,
          tick,
        });
        const [l1, l2] = net.linears as [typeof net.linears[0], typeof net.linears[0]];
        const w1 = l1.weight.data as Float32Array;
        const w2 = l2.weight.data as Float32Array;
        const max1 = maxAbs(w1);
        const spread = rowSpread(w1, HIDDEN, 784);
        return {
          init: spec.label,
          activation: "relu",
          depth: 2,
          width: HIDDEN,
          optimizer: `sgd(lr=${LR}), batch ${BATCH}`,
          seed,
          curve: result.curve,
          final: { test_accuracy: result.finalAccuracy, train_loss: result.curve.at(-1)!.loss },
          per_layer: probe(net, px, py).stats,
          extra: {
            variant: key,
            max_abs_w1: max1,
            max_abs_w2: maxAbs(w2),
            w1_row_spread: spread,
            w1_row_spread_relative: max1 === 0 ? 0 : spread / max1,
            w1_distinct_rows: distinctRows(w1, HIDDEN, 784),
            w1_zero_rows: zeroRows(w1, HIDDEN, 784),
          },
        };
      }),
    );

    const [a, b, c, control] = runs as [Run, Run, Run, Run];
    const ex = (r: Run, k: string): number => r.extra![k] as number;
    const balanced = counts.every((n) => n === counts[0]);
    const claims: Claim[] = [
      exactly(
        "(a) zeros_ on every weight and bias: after training, W₁ and W₂ are still exactly zero (max |W₁|, |W₂|)",
        Math.max(ex(a, "max_abs_w1"), ex(a, "max_abs_w2")),
        0,
        "Hidden outputs relu(0) = 0 give dL/dW₂ = δ·hᵀ = 0, and W₂ = 0 gives dL/dW₁ = (W₂ᵀδ ⊙ relu′)·xᵀ = 0. Only the output bias learns.",
      ),
      exactly(
        "(a) zeros_: test accuracy is exactly chance, 0.1000: every image gets the same logits, so the same class",
        a.final.test_accuracy!,
        0.1,
        `The test set has ${counts.join(", ")} images per class${balanced ? ` (balanced, ${counts[0]} each), so one class for all is right exactly 10% of the time` : " (not balanced, so 0.1000 is not expected)"}.`,
      ),
      custom(
        "(b) constant_(W, 0.01), zero biases: the 256 hidden units stay identical: max over i, j of ‖W₁[i] − W₁[j]‖∞ relative to max |W₁|",
        ex(b, "w1_row_spread_relative"),
        "≤ 1e-6",
        ex(b, "w1_row_spread_relative") <= 1e-6,
        `Distinct rows of W₁ after training: ${ex(b, "w1_distinct_rows")} of ${HIDDEN}. Identical units get identical gradients, and nninit's matmul sums every row in the same order, so they stay bit-for-bit equal.`,
      ),
      above(
        "(c) zeros_ on the weights but PyTorch's default random biases: symmetry breaks: max over i, j of ‖W₁[i] − W₁[j]‖∞",
        ex(c, "w1_row_spread"),
        1e-4,
        `Distinct rows of W₁ after training: ${ex(c, "w1_distinct_rows")} of ${HIDDEN}; ${ex(c, "w1_zero_rows")} rows (units whose random bias was ≤ 0) never got a gradient and are still zero.`,
      ),
    ];

    return {
      id: "symmetry",
      title: "Zero and constant init: symmetry",
      question: "Where does the tutorial's 'zero init cannot learn' hold? In a net with a hidden layer, started from zeros or from a constant.",
      explanation:
        `With a hidden layer the tutorial's warning is right. (a) From all zeros, every hidden output is relu(0) = 0, so no gradient reaches either weight matrix: after ${epochs === 1 ? "one epoch" : `${epochs} epochs`} both are still exactly 0, only the output bias has moved, and test accuracy is exactly ${a.final.test_accuracy!.toFixed(4)}. ` +
        `(b) With every weight 0.01 the hidden units compute the same value and receive the same update, so they stay identical forever: the net behaves like a single hidden unit (test accuracy ${b.final.test_accuracy!.toFixed(3)}). ` +
        `(c) Zero weights alone are not the problem: with PyTorch's default random biases the units differ from the start and the net learns (accuracy ${c.final.test_accuracy!.toFixed(3)}), though slowly at first, since W₂ = 0 blocks W₁'s gradient until W₂ has grown; and the ${ex(c, "w1_zero_rows")} units whose bias was negative never receive a gradient and stay dead. ` +
        `The control with PyTorch's default init reaches ${control.final.test_accuracy!.toFixed(3)}. Symmetry, not zeros as such, is what stops learning; random weights or random biases break it.`,
      references: [
        "paper-claims.md §4 item 7 (zero and constant init, exact) and §6 E5",
        "Glorot & Bengio 2010, §2 (why units must differ); the tutorial (weight-init-tutorial.md), §1",
      ],
      claims,
      runs,
      charts: [
        { kind: "loss", title: "Training loss, 784-256-10 ReLU" },
        { kind: "accuracy", title: "Test accuracy" },
        { kind: "activation_std", title: "Per-layer activation std after training", log: true },
      ],
    };
  },
};
