/**
 * `glorot`: Glorot & Bengio 2010, §4.2.2 (Figs. 6–8 and the Jacobian's singular values), on
 * Fashion-MNIST (paper-claims §1 'What I reproduced', §6 E3). A 784-256×5-10 tanh net at
 * init, under the paper's "standard" U(±1/√n) (PyTorch's default Linear weights, zero bias)
 * and "normalized" init (xavier_uniform_).
 */
import { manual_seed } from "../../random/default.js";
import type { Tensor } from "../../tensor/tensor.js";
import type { ChartSpec, Claim, PerLayer, Run } from "../types.js";
import { above, below, between } from "../util/claims.js";
import { balancedIndices, batch } from "../util/data.js";
import { matrix, singularValues } from "../util/linalg.js";
import { INITS, MLP, perLayerStats, type InitSpec } from "../util/mlp.js";
import { histogram, mean, median, sig, symmetricHistogram } from "../util/stats.js";
import { cross_entropy } from "../../ops/loss.js";
import { runSeed, type StudyContext, type StudyDef } from "./study.js";

const HIDDEN = 5;
const WIDTH = 256;
const LAYERS = HIDDEN + 1;
const BINS = 40;

const STANDARD: InitSpec = { ...INITS.defaultZeroBias, label: "standard U(±1/√n), zero bias" };
const NORMALIZED: InitSpec = { ...INITS.xavierUniform, label: "normalized (xavier_uniform_)" };

function sizes(ctx: StudyContext): { seeds: number; rows: number; jacobians: number } {
  return ctx.scale === "test" ? { seeds: 1, rows: 100, jacobians: 1 } : { seeds: 3, rows: 300, jacobians: 2 };
}

interface Measured {
  stats: PerLayer;
  /** Mean singular value of J_i = ∂a_{i+1}/∂a_i, i = 1…4, averaged over the examples used. */
  jacobian: number[];
}

/**
 * J_i for one example: row r of W_{i+1} scaled by tanh′(s_{i+1,r}) = 1 − a_{i+1,r}², a 256 × 256
 * matrix whose singular values the one-sided Jacobi gives in binary64.
 */
function jacobianMeanSingular(w: Float32Array, a: Float32Array, example: number): number {
  const j = matrix(WIDTH, WIDTH);
  for (let r = 0; r < WIDTH; r++) {
    const d = 1 - a[example * WIDTH + r]! ** 2;
    for (let c = 0; c < WIDTH; c++) j.data[r * WIDTH + c] = d * w[r * WIDTH + c]!;
  }
  return mean(singularValues(j));
}

function measure(spec: InitSpec, seed: number, x: Tensor, y: Tensor, jacobians: number, tick: (n?: number) => void): Measured {
  manual_seed(seed);
  const net = new MLP([784, ...new Array<number>(HIDDEN).fill(WIDTH), 10], "tanh").init(spec);
  const t = net.trace(x, true, tick);
  cross_entropy(t.output, y).backward();
  const all = perLayerStats(net, t);
  const hidden = <T,>(xs: T[]): T[] => xs.slice(0, HIDDEN);
  const stats: PerLayer = {
    activation_std: hidden(all.activation_std),
    grad_std: hidden(all.grad_std),
    backprop_std: hidden(all.backprop_std!),
    saturated_fraction: hidden(all.saturated_fraction!),
  };
  const jacobian: number[] = [];
  if (jacobians > 0) {
    for (let i = 1; i < HIDDEN; i++) {
      const w = net.linears[i]!.weight.data as Float32Array;
      const a = t.post[i]!.data as Float32Array;
      const per: number[] = [];
      for (let e = 0; e < jacobians; e++) {
        per.push(jacobianMeanSingular(w, a, e));
        tick();
      }
      jacobian.push(mean(per));
    }
    // Histograms as in Figs. 6 and 7: activations over [−1, 1], ∂C/∂s over a common range per run.
    stats.activation_histograms = hidden(t.post).map((a) => histogram(a.data as Float32Array, -1, 1, BINS));
    const grads = hidden(t.preGrad).map((g) => g!.data as Float32Array);
    const joined = new Float32Array(grads.reduce((n, g) => n + g.length, 0));
    grads.reduce((off, g) => (joined.set(g, off), off + g.length), 0);
    const bound = symmetricHistogram(joined, BINS).edges.at(-1)!;
    stats.backprop_histograms = grads.map((g) => histogram(g, -bound, bound, BINS));
  }
  return { stats, jacobian };
}

const ratio = (xs: number[], i: number, j: number): number => xs[i]! / xs[j]!;
const spread = (xs: number[]): number => Math.max(...xs) / Math.min(...xs);

export const glorotStudy: StudyDef = {
  id: "glorot",
  title: "Glorot & Bengio: activations and gradients in a tanh net",
  description: "5 tanh layers at init: activation and back-propagated gradient histograms, and Jacobian singular values, standard vs normalized init.",
  default: false,
  units(ctx) {
    const { seeds, jacobians } = sizes(ctx);
    return 2 * (seeds * 2 * LAYERS + (HIDDEN - 1) * jacobians);
  },
  run(ctx) {
    const { seeds, rows, jacobians } = sizes(ctx);
    const test = ctx.data().test;
    const [x, y] = batch(test, balancedIndices(test, rows));
    const runs: Run[] = [STANDARD, NORMALIZED].map((spec) => {
      const ms = ctx.progress.run(spec.label, seeds * 2 * LAYERS + (HIDDEN - 1) * jacobians, (tick) =>
        Array.from({ length: seeds }, (_, i) => measure(spec, runSeed(ctx, i), x, y, i === 0 ? jacobians : 0, tick)),
      );
      const med = (k: "activation_std" | "grad_std" | "backprop_std" | "saturated_fraction"): number[] =>
        ms[0]!.stats[k]!.map((_, l) => sig(median(ms.map((m) => m.stats[k]![l]!))));
      const first = ms[0]!;
      return {
        init: spec.label,
        activation: "tanh",
        depth: LAYERS,
        width: WIDTH,
        optimizer: "none",
        seed: runSeed(ctx, 0),
        curve: [],
        final: { test_accuracy: null, train_loss: null },
        per_layer: {
          activation_std: med("activation_std"),
          grad_std: med("grad_std"),
          backprop_std: med("backprop_std"),
          saturated_fraction: med("saturated_fraction"),
          activation_histograms: first.stats.activation_histograms!,
          backprop_histograms: first.stats.backprop_histograms!,
        },
        extra: {
          jacobian_mean_singular_value: sig(mean(first.jacobian)),
          jacobian_mean_singular_value_per_layer: first.jacobian.map((v) => sig(v)),
          seeds: ms.map((_, i) => runSeed(ctx, i)),
          batch: rows,
        },
      };
    });

    const [std, norm] = runs as [Run, Run];
    const sv = (r: Run): number => r.extra!.jacobian_mean_singular_value as number;
    const act = (r: Run): number => ratio(r.per_layer.activation_std, HIDDEN - 1, 0);
    const back = (r: Run): number => ratio(r.per_layer.backprop_std!, 0, HIDDEN - 1);
    const claims: Claim[] = [
      between("Standard init: mean singular value of the layer Jacobians (paper ≈0.5)", sv(std), 0.43, 0.54),
      between("Normalized init: mean singular value of the layer Jacobians (paper ≈0.8)", sv(norm), 0.66, 0.82),
      below("Standard init: activations shrink with depth: std(layer 5) / std(layer 1) (Fig. 6, top)", act(std), 0.2),
      above("Normalized init: activations keep their spread: std(layer 5) / std(layer 1) (Fig. 6, bottom)", act(norm), 0.4),
      below("Standard init: back-propagated gradients shrink towards the input: std ∂C/∂s, layer 1 / layer 5 (Fig. 7, top)", back(std), 0.2),
      above("Normalized init: back-propagated gradients keep their size: std ∂C/∂s, layer 1 / layer 5 (Fig. 7, bottom)", back(norm), 0.35),
      below("Standard init: weight gradients have the same spread in every layer (eq. 14, Fig. 8): max/min of std ∂C/∂W", spread(std.per_layer.grad_std), 1.3),
      below("Normalized init: weight gradients have the same spread in every layer (eq. 14, Fig. 8): max/min of std ∂C/∂W", spread(norm.per_layer.grad_std), 1.3),
    ];

    const jac: ChartSpec = {
      kind: "series",
      title: "Mean singular value of J_i = ∂a_{i+1}/∂a_i",
      x: "layer i",
      y: "mean singular value",
      series: runs.map((r) => ({ label: r.init, xs: [1, 2, 3, 4], ys: r.extra!.jacobian_mean_singular_value_per_layer as number[] })),
    };
    const backprop: ChartSpec = {
      kind: "series",
      title: "Std of the back-propagated gradient ∂C/∂s per layer",
      x: "layer",
      y: "std",
      log: true,
      series: runs.map((r) => ({ label: r.init, xs: [1, 2, 3, 4, 5], ys: r.per_layer.backprop_std! })),
    };
    return {
      id: "glorot",
      title: "Glorot & Bengio: activations and gradients in a tanh net",
      question: "Does Glorot's normalized init keep activations and gradients the same size in every layer of a tanh network, where the old 'standard' init does not?",
      explanation:
        `Under the standard U(±1/√n) init (PyTorch's default Linear weights), each tanh layer multiplies the activations' spread by about √(1/3) ≈ 0.58, so layer 5's std is ${sig(act(std), 2)}× layer 1's, and the back-propagated gradient shrinks the same way towards the input (${sig(back(std), 2)}). ` +
        `The normalized init (xavier_uniform_) keeps both nearly level (${sig(act(norm), 2)} and ${sig(back(norm), 2)}). ` +
        `The mean singular value of the layer-to-layer Jacobian is ${sig(sv(std), 3)} versus ${sig(sv(norm), 3)} (the paper reports ≈0.5 and ≈0.8): a random matrix's mean singular value is 0.849·√(n·Var W) (the quarter-circle law), times the average tanh′. ` +
        "The weight gradients, by contrast, have the same spread in every layer under both inits (eq. 14): the shrinking activations and the growing back-propagated gradients cancel, which is why the problem is invisible if you only look at ∂C/∂W.",
      references: [
        "Glorot & Bengio 2010, §4.2.2, Figs. 6–8, eqs. 1, 14, 16 and the Jacobian singular values",
        "paper-claims.md §1 'What I reproduced' and §6 E3 (pass bands)",
      ],
      claims,
      runs,
      charts: [
        { kind: "histograms", title: "Activation histograms per layer at init (Fig. 6)", field: "activation_histograms" },
        { kind: "histograms", title: "Back-propagated gradient histograms per layer at init (Fig. 7)", field: "backprop_histograms" },
        { kind: "activation_std", title: "Activation std per layer" },
        backprop,
        { kind: "grad_std", title: "Weight-gradient std per layer (Fig. 8: flat for both)" },
        jac,
      ],
    };
  },
};
