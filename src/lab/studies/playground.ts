/**
 * `playground`: the AI-Notes initialisation widget ("Initializing neural networks",
 * deeplearning.ai): a 2-6-3-1 network (ReLU, ReLU, sigmoid output, binary cross-entropy) on
 * the circle dataset, W ~ N(0, v/n_in) with v ∈ {0, 0.01, 1, 100} and zero biases, full-batch
 * gradient descent with lr 0.1 (paper-claims §5 'Widget 1', §6 E6).
 */
import * as init from "../../init/index.js";
import { SGD } from "../../optim/sgd.js";
import { manual_seed } from "../../random/default.js";
import { rand } from "../../tensor/factories.js";
import { Tensor } from "../../tensor/tensor.js";
import type { ChartSpec, Claim, CurvePoint, Run } from "../types.js";
import { above, below, custom } from "../util/claims.js";
import { bceWithLogits } from "../util/losses.js";
import { MLP, type InitSpec } from "../util/mlp.js";
import { median, sig } from "../util/stats.js";
import { runSeed, type StudyContext, type StudyDef } from "./study.js";

const POINTS = 100;
const LR = 0.1;
const LN2 = Math.log(2);
const LOG_EVERY = 10;

interface Setting {
  name: string;
  v: number;
}
const SETTINGS: Setting[] = [
  { name: "zero", v: 0 },
  { name: "too small", v: 0.01 },
  { name: "appropriate", v: 1 },
  { name: "too large", v: 100 },
];

function spec({ name, v }: Setting): InitSpec {
  return {
    label: `${name}: N(0, ${v}/n_in)`,
    // v = 0 is the widget's "Zero" option: zeros_, which is what normal_ with std 0 gives.
    weight: (w) => (v === 0 ? init.zeros_(w) : init.normal_(w, { mean: 0, std: Math.sqrt(v / w.shape[1]!) })),
    bias: "zeros",
  };
}

function sizes(ctx: StudyContext): { seeds: number; steps: number } {
  return ctx.scale === "test" ? { seeds: 3, steps: 300 } : { seeds: 20, steps: 2000 };
}

/**
 * The widget's circle data: label 1 on a ring of radius 4, label 0 on a ring of radius 1, each
 * radius plus U(−1, 1) noise, angles uniform; exactly half the points in each class.
 */
function circle(n: number): { x: Tensor<"float32">; y: Tensor<"float32"> } {
  const u = rand(n, 2).data;
  const x = new Float32Array(n * 2);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const label = i < n / 2 ? 1 : 0;
    const r = (label === 1 ? 4 : 1) + (2 * u[2 * i]! - 1);
    const theta = 2 * Math.PI * u[2 * i + 1]!;
    x[2 * i] = r * Math.cos(theta);
    x[2 * i + 1] = r * Math.sin(theta);
    y[i] = label;
  }
  return { x: new Tensor([n, 2], "float32", x), y: new Tensor([n, 1], "float32", y) };
}

function accuracyOf(net: MLP, x: Tensor, y: Tensor): number {
  const z = net.forward(x).data as Float32Array;
  const yd = y.data as Float32Array;
  let ok = 0;
  for (let i = 0; i < yd.length; i++) if ((z[i]! > 0 ? 1 : 0) === yd[i]) ok++;
  return ok / yd.length;
}

interface SeedRun {
  costs: number[];
  stepsToHalf: number;
  trainAcc: number;
  testAcc: number;
}

function trainOne(s: Setting, seed: number, steps: number, tick: (n?: number) => void): SeedRun {
  manual_seed(seed);
  const data = circle(POINTS);
  const held = circle(POINTS);
  const net = new MLP([2, 6, 3, 1], "relu").init(spec(s));
  const opt = new SGD(net.parameters(), { lr: LR });
  const costs: number[] = [];
  for (let step = 0; step < steps; step++) {
    opt.zero_grad();
    const loss = bceWithLogits(net.forward(data.x), data.y);
    costs.push(loss.item() as number);
    loss.backward();
    opt.step();
    if ((step + 1) % LOG_EVERY === 0) tick(LOG_EVERY);
  }
  tick(steps % LOG_EVERY);
  const half = costs.findIndex((c) => c < 0.5);
  return { costs, stepsToHalf: half < 0 ? Infinity : half, trainAcc: accuracyOf(net, data.x, data.y), testAcc: accuracyOf(net, held.x, held.y) };
}

export const playgroundStudy: StudyDef = {
  id: "playground",
  title: "The AI-Notes playground: circle data, four init scales",
  description: "A 2-6-3-1 net on the circle data with W ~ N(0, v/n_in), v ∈ {0, 0.01, 1, 100}: zero stays at ln 2, too small plateaus, too large starts with a huge cost.",
  default: false,
  units(ctx) {
    const { seeds, steps } = sizes(ctx);
    return SETTINGS.length * seeds * steps;
  },
  run(ctx) {
    const { seeds, steps } = sizes(ctx);
    const results = new Map<string, SeedRun[]>();
    const runs: Run[] = SETTINGS.map((s) => {
      const label = spec(s).label;
      const rs = ctx.progress.run(label, seeds * steps, (tick) =>
        Array.from({ length: seeds }, (_, i) => trainOne(s, runSeed(ctx, i), steps, tick)),
      );
      results.set(s.name, rs);
      const curve: CurvePoint[] = [];
      for (let step = 0; step < steps; step += LOG_EVERY) {
        curve.push({ step, loss: sig(median(rs.map((r) => r.costs[step]!))) });
      }
      curve.push({ step: steps, loss: sig(median(rs.map((r) => r.costs[steps - 1]!))), test_accuracy: median(rs.map((r) => r.testAcc)) });
      return {
        init: label,
        activation: "relu, relu, sigmoid",
        depth: 3,
        width: 6,
        optimizer: `full-batch gd(lr=${LR}), bce`,
        seed: runSeed(ctx, 0),
        curve,
        final: { test_accuracy: median(rs.map((r) => r.testAcc)), train_loss: sig(median(rs.map((r) => r.costs[steps - 1]!))) },
        per_layer: { activation_std: [], grad_std: [] },
        extra: {
          initial_cost_median: sig(median(rs.map((r) => r.costs[0]!))),
          final_cost_median: sig(median(rs.map((r) => r.costs[steps - 1]!))),
          steps_to_cost_below_half: rs.map((r) => r.stepsToHalf),
          steps_to_cost_below_half_median: median(rs.map((r) => r.stepsToHalf)),
          train_accuracy_median: median(rs.map((r) => r.trainAcc)),
          seeds: rs.map((_, i) => runSeed(ctx, i)),
        },
      };
    });

    const ex = (name: string, k: string): number => runs[SETTINGS.findIndex((s) => s.name === name)]!.extra![k] as number;
    const zeroDev = Math.max(...results.get("zero")!.flatMap((r) => r.costs.map((c) => Math.abs(c - LN2))));
    const small = ex("too small", "steps_to_cost_below_half_median");
    const good = ex("appropriate", "steps_to_cost_below_half_median");
    const claims: Claim[] = [
      below(`Zero init never learns: max over every step and seed of |cost − ln 2|`, zeroDev, 1e-6,
        "All units compute 0 and the output bias gets no gradient on a balanced set, so the cost is ln 2 forever."),
      custom(
        "Too small (v = 0.01) sits on a plateau before learning; appropriate (v = 1) does not: median steps to cost < 0.5, too small / appropriate",
        small / good,
        "> 3",
        small / good > 3,
        `Median steps: too small ${small}, appropriate ${good} (paper-claims reproduction: ≈450 and ≈55).`,
      ),
      above("Too large (v = 100): the initial cost is huge: median cost at step 0", ex("too large", "initial_cost_median"), 10),
      custom(
        "Too large (v = 100) ends far worse than appropriate: median final cost, too large / appropriate",
        ex("too large", "final_cost_median") / ex("appropriate", "final_cost_median"),
        "> 10",
        ex("too large", "final_cost_median") / ex("appropriate", "final_cost_median") > 10,
      ),
    ];
    const stepsChart: ChartSpec = {
      kind: "series",
      title: `Steps until the cost first drops below 0.5, per seed (${steps} = never)`,
      x: "seed",
      y: "steps",
      series: runs.map((r) => ({
        label: r.init,
        xs: (r.extra!.seeds as number[]),
        ys: (r.extra!.steps_to_cost_below_half as number[]).map((s) => (Number.isFinite(s) ? s : steps)),
      })),
    };
    return {
      id: "playground",
      title: "The AI-Notes playground: circle data, four init scales",
      question: "What do zero, too-small, appropriate and too-large initial weights do to a small network learning the circle data?",
      explanation:
        `Medians over ${seeds} seeds. Zero init never leaves cost ln 2 = 0.693: every unit is identical and, on a balanced dataset, even the output bias gets no gradient. ` +
        `Too small (v = 0.01) starts at ln 2 too and sits on a plateau while the tiny weights grow, taking a median ${small} steps to reach cost 0.5; appropriate (v = 1) takes ${good}. ` +
        `Too large (v = 100) starts with a median cost of ${sig(ex("too large", "initial_cost_median"), 3)}: the logits are huge, so every misclassified point costs tens to hundreds. ` +
        `Gradient descent brings the cost down but the net stays stuck: median final cost ${sig(ex("too large", "final_cost_median"), 3)} and training accuracy ${ex("too large", "train_accuracy_median")}, against ${sig(ex("appropriate", "final_cost_median"), 3)} and ${ex("appropriate", "train_accuracy_median")} for appropriate.`,
      references: [
        "deeplearning.ai AI Notes, 'Initializing neural networks', widget 1 (paper-claims.md §5)",
        "paper-claims.md §6 E6 (pass bands)",
      ],
      claims,
      runs,
      charts: [{ kind: "loss", title: "Median cost per step over seeds", log: true }, stepsChart],
    };
  },
};
