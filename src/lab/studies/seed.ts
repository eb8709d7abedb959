/**
 * `seed`: the tutorial's own four 784→10 nets (weight-init-tutorial.md, snippets 1–4), ported
 * line for line and trained on Fashion-MNIST. They all learn, zeros included: softmax
 * regression is convex, and the gradient (p − y)·xᵀ does not vanish at W = 0.
 */
import * as init from "../../init/index.js";
import { SGD } from "../../optim/sgd.js";
import { manual_seed } from "../../random/default.js";
import type { Claim, Run } from "../types.js";
import { above, custom } from "../util/claims.js";
import { slice } from "../util/data.js";
import { INITS, MLP, probe, type InitSpec } from "../util/mlp.js";
import { train } from "../util/train.js";
import { runSeed, type StudyContext, type StudyDef } from "./study.js";

/** The tutorial's four snippets: weight init, then bias init, on `nn.Linear(784, 10)`. */
const NETS: InitSpec[] = [
  INITS.zeros,
  // Snippet 2 draws the bias from N(0, 0.01) too.
  { label: "normal_(0, 0.01)", weight: (w) => init.normal_(w, { mean: 0, std: 0.01 }), bias: (b) => init.normal_(b, { mean: 0, std: 0.01 }) },
  INITS.xavierNormal,
  INITS.kaimingNormal,
];

const BATCH = 32;
const LR = 0.1;
const DEFAULT_EPOCHS = 5;
/**
 * First-epoch accuracy bands; see the claim's note for why the subset's sits below the published
 * 0.76–0.83. Over seeds 0–4 the subset gave 0.68–0.76 after one epoch and 0.81–0.83 after five.
 */
const EPOCH1_MIN = { subset: 0.65, full: 0.75 };
/** Final accuracies of the four nets within this of each other: one convex problem, one optimum. */
const SPREAD_MAX = 0.02;

function plan(ctx: StudyContext): { epochs: number; stepsPerEpoch: number } {
  const epochs = ctx.epochs ?? (ctx.scale === "test" ? 1 : DEFAULT_EPOCHS);
  return { epochs, stepsPerEpoch: Math.ceil(ctx.data().train.n / BATCH) };
}

export const seedStudy: StudyDef = {
  id: "seed",
  title: "The tutorial's four nets",
  description: "The tutorial's 784→10 nets (zeros, N(0, 0.01), Xavier, He) trained on Fashion-MNIST: all four learn.",
  default: true,
  units(ctx) {
    const { epochs, stepsPerEpoch } = plan(ctx);
    return NETS.length * epochs * stepsPerEpoch;
  },
  run(ctx) {
    const { train: trainSplit, test } = ctx.data();
    const { epochs, stepsPerEpoch } = plan(ctx);
    const steps = epochs * stepsPerEpoch;
    const seed = runSeed(ctx, 0);
    const runs: Run[] = NETS.map((spec) =>
      ctx.progress.run(spec.label, steps, (tick) => {
        manual_seed(seed);
        const net = new MLP([784, 10], "identity").init(spec);
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
        const [x, y] = slice(test, 0, 500);
        const epochAcc = result.curve.filter((p) => p.test_accuracy !== undefined).map((p) => p.test_accuracy!);
        return {
          init: spec.label,
          activation: "none (softmax regression)",
          depth: 1,
          width: 10,
          optimizer: `sgd(lr=${LR}), batch ${BATCH}`,
          seed,
          curve: result.curve,
          final: { test_accuracy: result.finalAccuracy, train_loss: result.curve.at(-1)!.loss },
          per_layer: probe(net, x, y).stats,
          extra: { test_accuracy_per_epoch: epochAcc },
        };
      }),
    );

    const acc1 = (r: Run): number => (r.extra!.test_accuracy_per_epoch as number[])[0]!;
    const finals = runs.map((r) => r.final.test_accuracy!);
    const zeroAcc = finals[0]!;
    const bestOther = Math.max(...finals.slice(1));
    const spread = Math.max(...finals) - Math.min(...finals);
    const full = trainSplit.n >= 60000;
    const epoch1Min = full ? EPOCH1_MIN.full : EPOCH1_MIN.subset;
    const claims: Claim[] = [
      ...runs.map((r) =>
        above(
          `${r.init}: the tutorial's net learns: test accuracy after 1 epoch`,
          acc1(r),
          epoch1Min,
          `Published 784-10 softmax figures after 1 epoch are 0.76–0.83 (SGD lr 0.1, batch 256, all 60000 images). ` +
            (full
              ? "This run also sees all 60000 images, so the band is their lower end, rounded down."
              : `One epoch of the embedded subset sees only ${trainSplit.n} images (${stepsPerEpoch} updates of ${BATCH}), ` +
                `and with so few updates the last mini-batches move the result by ±0.04 from seed to seed, so the band is ${EPOCH1_MIN.subset}; chance is 0.10.`),
        ),
      ),
      custom(
        "The tutorial says zero init 'will not be able to learn any meaningful patterns'. For its own 784→10 net it does: final accuracy of zeros_ minus the best random init",
        zeroAcc - bestOther,
        `> -${SPREAD_MAX}`,
        zeroAcc - bestOther > -SPREAD_MAX,
        "The tutorial's claim is false here: with no hidden layer there is no symmetry to break. It holds once there is a hidden layer (study `symmetry`).",
      ),
      custom(
        `Softmax regression is convex, so all four inits end in the same place: spread of final test accuracy after ${epochs === 1 ? "one epoch" : `${epochs} epochs`}`,
        spread,
        `< ${SPREAD_MAX}`,
        spread < SPREAD_MAX,
      ),
    ];

    return {
      id: "seed",
      title: "The tutorial's four nets",
      question: "Do the tutorial's own four 784→10 nets (zeros, N(0, 0.01), Xavier, He) learn Fashion-MNIST?",
      explanation:
        `All four learn, zero init included: after ${epochs === 1 ? "one epoch" : `${epochs} epochs`} their test accuracies are ${finals.map((a) => a.toFixed(3)).join(", ")} ` +
        `(zeros_, normal_, xavier_normal_, kaiming_normal_). The tutorial's claim that zero initialisation "will not be able to learn any meaningful patterns" is wrong for its own example. ` +
        "A single linear layer with softmax cross-entropy is a convex problem: its gradient (p − y)·xᵀ is not zero at W = 0, because the softmax of equal logits is uniform while the label is not, and each output unit has its own weights and its own error, so there is no symmetry to break. " +
        "Zero init only fails once there is a hidden layer: then every hidden unit computes the same thing and gets the same update (see the `symmetry` study). " +
        "Xavier and He are also no better than zeros here; what they are for is keeping the signal alive through many layers (see `variance` and `depth`).",
      references: [
        "The tutorial (weight-init-tutorial.md), §1 'Zero Initialization' and snippets 1–4",
        "paper-claims.md §6, anchor run: 784-10 softmax after 1 epoch 0.76–0.83 (d2l 0.815–0.823 at epoch 5)",
        "paper-claims.md §4 item 7 (zero and constant init)",
      ],
      claims,
      runs,
      charts: [
        { kind: "loss", title: "Training loss of the tutorial's four nets" },
        { kind: "accuracy", title: "Test accuracy per epoch" },
      ],
    };
  },
};
