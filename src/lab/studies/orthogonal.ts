/**
 * `orthogonal`: Saxe, McClelland & Ganguli 2014. (a) A product of orthogonal matrices is
 * orthogonal: every singular value stays 1 at any depth (dynamical isometry), while a product
 * of Gaussian N(0, 1/n) matrices keeps its mean σ² ≈ 1 but its condition number explodes.
 * (b) Deep linear networks started orthogonal learn in a time nearly independent of depth;
 * started Gaussian, they slow down and stop converging (paper-claims §3a, §6 E8).
 */
import * as init from "../../init/index.js";
import { Parameter } from "../../nn/parameter.js";
import { matmul as tmatmul } from "../../ops/linear.js";
import { sub } from "../../ops/elementwise.js";
import { SGD } from "../../optim/sgd.js";
import { manual_seed } from "../../random/default.js";
import { empty } from "../../tensor/factories.js";
import { Tensor } from "../../tensor/tensor.js";
import type { ChartSpec, Claim, CurvePoint, Run } from "../types.js";
import { above, below, custom } from "../util/claims.js";
import { identity, matmul, matrix, singularValues, type Matrix } from "../util/linalg.js";
import { meanSquare, median, sig } from "../util/stats.js";
import { runSeed, type StudyContext, type StudyDef } from "./study.js";

/** Part (a): matrix size and the depths at which the product's spectrum is measured. */
const N_PRODUCT = 128;
const PRODUCT_DEPTHS = [1, 4, 16, 32];
/** Part (b): width of the deep linear student, and the teacher's singular values. */
const WIDTH = 32;
const LR_BASE = 0.1;
/** Converged: loss below 1% of ½‖A‖² (the loss of predicting 0). */
const DONE = 0.01;
/** Ticks are reported every TICK_EVERY iterations. */
const TICK_EVERY = 20;

type Kind = "orthogonal" | "gaussian";
const KIND_LABEL: Record<Kind, string> = { orthogonal: "orthogonal_", gaussian: "normal_(0, 1/√n)" };

function sizes(ctx: StudyContext): { seeds: number; depths: number[]; maxIters: number } {
  return ctx.scale === "test"
    ? { seeds: 1, depths: [1, 4, 16], maxIters: 400 }
    : { seeds: 3, depths: [1, 2, 4, 8, 16, 32], maxIters: 2000 };
}

/** A float64 n × n matrix from an init function (PyTorch's draws, in binary64). */
function drawMatrix(kind: Kind, n: number): Matrix {
  const t = empty(n, n, { dtype: "float64" });
  if (kind === "orthogonal") init.orthogonal_(t);
  else init.normal_(t, { mean: 0, std: 1 / Math.sqrt(n) });
  return matrix(n, n, t.data as Float64Array);
}

interface Spectrum {
  max: number[];
  min: number[];
  meanSq: number[];
  /** max |σ_i − 1| at each measured depth. */
  dev: number[];
}

function productSpectrum(kind: Kind, seed: number, tick: () => void): Spectrum {
  manual_seed(seed);
  const out: Spectrum = { max: [], min: [], meanSq: [], dev: [] };
  let p = identity(N_PRODUCT);
  for (let l = 1; l <= PRODUCT_DEPTHS.at(-1)!; l++) {
    p = matmul(drawMatrix(kind, N_PRODUCT), p);
    if (PRODUCT_DEPTHS.includes(l)) {
      const s = singularValues(p);
      out.max.push(s[0]!);
      out.min.push(s.at(-1)!);
      out.meanSq.push(meanSquare(s));
      out.dev.push(Math.max(...s.map((v) => Math.abs(v - 1))));
    }
    tick();
  }
  return out;
}

interface Fit {
  /** Iterations until the loss fell below DONE·½‖A‖², or null. */
  iters: number | null;
  diverged: boolean;
  /** Relative loss, loss / (½‖A‖²), every TICK_EVERY iterations. */
  curve: CurvePoint[];
}

/**
 * Full-batch gradient descent on ½‖W_L⋯W_1 − A‖²_F (whitened inputs make the data term
 * exactly this), with PyTorch's SGD and autograd: the network is the product of L Parameters.
 */
function fitDeepLinear(kind: Kind, depth: number, seed: number, maxIters: number, tick: (n?: number) => void): Fit {
  manual_seed(seed);
  // The teacher A = U·diag(linspace(0.5, 3))·Vᵀ, drawn first so every depth and init sees the same one.
  const u = drawMatrix("orthogonal", WIDTH);
  const v = drawMatrix("orthogonal", WIDTH);
  const s = Array.from({ length: WIDTH }, (_, i) => 0.5 + (2.5 * i) / (WIDTH - 1));
  const us = matrix(WIDTH, WIDTH, u.data.map((x, k) => x * s[k % WIDTH]!));
  const a = matmul(us, v, false, true);
  const target = new Tensor([WIDTH, WIDTH], "float32", Float32Array.from(a.data));
  const scale = 0.5 * a.data.reduce((acc, x) => acc + x * x, 0);

  const ws = Array.from({ length: depth }, () => {
    const w = empty(WIDTH, WIDTH);
    if (kind === "orthogonal") init.orthogonal_(w);
    else init.normal_(w, { mean: 0, std: 1 / Math.sqrt(WIDTH) });
    return new Parameter(w);
  });
  const opt = new SGD(ws, { lr: LR_BASE / depth });
  const curve: CurvePoint[] = [];
  let first = NaN;
  for (let it = 0; it < maxIters; it++) {
    opt.zero_grad();
    let p: Tensor = ws[0]!;
    for (let l = 1; l < depth; l++) p = tmatmul(ws[l]!, p);
    const e = sub(p, target);
    const ed = e.data as Float32Array;
    let loss = 0;
    for (let k = 0; k < ed.length; k++) loss += 0.5 * ed[k]! * ed[k]!;
    if (it === 0) first = loss;
    if (it % TICK_EVERY === 0) curve.push({ step: it, loss: sig(loss / scale) });
    const done = loss < DONE * scale;
    const diverged = !Number.isFinite(loss) || loss > 1e6 * first;
    if (done || diverged) {
      curve.push({ step: it, loss: sig(loss / scale) });
      tick(maxIters - Math.floor(it / TICK_EVERY) * TICK_EVERY); // the units this run will not need
      return { iters: done ? it : null, diverged, curve };
    }
    // dL/dP = E; backward through the product gives each W_l's gradient.
    e.backward(e.detach());
    opt.step();
    if ((it + 1) % TICK_EVERY === 0) tick(TICK_EVERY);
  }
  tick(maxIters % TICK_EVERY);
  return { iters: null, diverged: false, curve };
}

export const orthogonalStudy: StudyDef = {
  id: "orthogonal",
  title: "Saxe et al.: orthogonal init and deep linear networks",
  description: "Products of orthogonal_ matrices keep every singular value at 1; deep linear nets started orthogonal learn in a depth-independent time, Gaussian ones do not.",
  default: false,
  units(ctx) {
    const { seeds, depths, maxIters } = sizes(ctx);
    return 2 * seeds * PRODUCT_DEPTHS.at(-1)! + 2 * depths.length * seeds * maxIters;
  },
  run(ctx) {
    const { seeds, depths, maxIters } = sizes(ctx);
    const seedList = Array.from({ length: seeds }, (_, i) => runSeed(ctx, i));
    const kinds: Kind[] = ["orthogonal", "gaussian"];

    // (a) Spectra of products.
    const spectra = new Map<Kind, Spectrum[]>();
    for (const kind of kinds) {
      spectra.set(kind, ctx.progress.run(`(a) product of ${KIND_LABEL[kind]} ${N_PRODUCT}×${N_PRODUCT}`, seeds * PRODUCT_DEPTHS.at(-1)!, (tick) =>
        seedList.map((seed) => productSpectrum(kind, seed, () => tick())),
      ));
    }
    const medAt = (kind: Kind, k: keyof Spectrum): number[] =>
      PRODUCT_DEPTHS.map((_, i) => sig(median(spectra.get(kind)!.map((s) => s[k][i]!))));
    const productRuns: Run[] = kinds.map((kind) => ({
      init: `${KIND_LABEL[kind]} (product)`,
      activation: "linear",
      depth: PRODUCT_DEPTHS.at(-1)!,
      width: N_PRODUCT,
      optimizer: "none",
      seed: seedList[0]!,
      curve: [],
      final: { test_accuracy: null, train_loss: null },
      per_layer: { activation_std: [], grad_std: [] },
      extra: {
        depths: PRODUCT_DEPTHS,
        sigma_max: medAt(kind, "max"),
        sigma_min: medAt(kind, "min"),
        mean_sigma_squared: medAt(kind, "meanSq"),
        condition_number: PRODUCT_DEPTHS.map((_, i) => sig(median(spectra.get(kind)!.map((s) => s.max[i]! / s.min[i]!)))),
        max_abs_sigma_minus_1: medAt(kind, "dev"),
      },
    }));

    // (b) Deep linear nets.
    const fits = new Map<string, Fit[]>();
    const fitRuns: Run[] = [];
    for (const kind of kinds) {
      for (const depth of depths) {
        const fs = ctx.progress.run(`(b) ${KIND_LABEL[kind]}, depth ${depth}`, seeds * maxIters, (tick) =>
          seedList.map((seed) => fitDeepLinear(kind, depth, seed, maxIters, tick)),
        );
        fits.set(`${kind}/${depth}`, fs);
        const iters = fs.map((f) => (f.iters === null ? Infinity : f.iters));
        fitRuns.push({
          init: KIND_LABEL[kind],
          activation: "linear",
          depth,
          width: WIDTH,
          optimizer: `full-batch gd(lr=${LR_BASE}/${depth})`,
          seed: seedList[0]!,
          curve: fs[0]!.curve,
          final: { test_accuracy: null, train_loss: fs[0]!.curve.at(-1)!.loss },
          per_layer: { activation_std: [], grad_std: [] },
          extra: {
            iterations_to_converge: iters,
            iterations_median: median(iters),
            outcome: fs.map((f) => (f.iters !== null ? `converged at ${f.iters}` : f.diverged ? "diverged" : `not converged in ${maxIters}`)).join("; "),
          },
        });
      }
    }

    const itersMedian = (kind: Kind, depth: number): number => {
      const fs = fits.get(`${kind}/${depth}`);
      return fs ? median(fs.map((f) => (f.iters === null ? Infinity : f.iters))) : NaN;
    };
    const [orth, gauss] = productRuns as [Run, Run];
    const iL = PRODUCT_DEPTHS.indexOf(4);
    const deepest = depths.at(-1)!;
    const mid = depths.includes(8) ? 8 : depths[Math.floor(depths.length / 2)]!;
    const gaussFailDepth = depths.includes(16) ? 16 : deepest;
    const gaussFails = fits.get(`gaussian/${gaussFailDepth}`)!.filter((f) => f.iters === null).length;
    const claims: Claim[] = [
      below(
        `(a) A product of ${PRODUCT_DEPTHS.at(-1)} orthogonal_ matrices (${N_PRODUCT}×${N_PRODUCT}, float64) has every singular value 1: max |σ_i − 1|`,
        (orth.extra!.max_abs_sigma_minus_1 as number[]).at(-1)!,
        1e-10,
      ),
      above(
        `(a) A product of just 4 Gaussian N(0, 1/n) matrices is already ill-conditioned: σ_max/σ_min (its mean σ² is ${(gauss.extra!.mean_sigma_squared as number[])[iL]})`,
        (gauss.extra!.condition_number as number[])[iL]!,
        1e6,
      ),
      below(`(b) Orthogonal init learns even at depth ${deepest}: median iterations to converge`, itersMedian("orthogonal", deepest), 1000),
      custom(
        `(b) Orthogonal init's learning time barely grows with depth: iterations at depth ${deepest} / at depth ${mid}`,
        itersMedian("orthogonal", deepest) / itersMedian("orthogonal", mid),
        "< 3",
        itersMedian("orthogonal", deepest) / itersMedian("orthogonal", mid) < 3,
      ),
      custom(
        `(b) Gaussian N(0, 1/n) init does not converge at depth ${gaussFailDepth} within ${maxIters} iterations, in at least 2 of ${seeds} seeds`,
        gaussFails,
        `≥ ${Math.min(2, seeds)} of ${seeds}`,
        gaussFails >= Math.min(2, seeds),
      ),
    ];

    const itersChart: ChartSpec = {
      kind: "series",
      title: `Iterations to learn the teacher vs depth (median over seeds; ${maxIters} = not converged)`,
      x: "depth",
      y: "iterations",
      log: true,
      series: kinds.map((kind) => ({
        label: KIND_LABEL[kind],
        xs: depths,
        ys: depths.map((d) => Math.min(itersMedian(kind, d), maxIters)),
      })),
    };
    const condChart: ChartSpec = {
      kind: "series",
      title: `Condition number σ_max/σ_min of a product of L random ${N_PRODUCT}×${N_PRODUCT} matrices`,
      x: "L",
      y: "condition number",
      log: true,
      series: productRuns.map((r) => ({ label: r.init, xs: PRODUCT_DEPTHS, ys: r.extra!.condition_number as number[] })),
    };
    return {
      id: "orthogonal",
      title: "Saxe et al.: orthogonal init and deep linear networks",
      question: "Does orthogonal init make very deep linear networks as easy to train as shallow ones?",
      explanation:
        `A product of orthogonal matrices is orthogonal, so after ${PRODUCT_DEPTHS.at(-1)} layers every singular value is still 1 (max deviation ${(orth.extra!.max_abs_sigma_minus_1 as number[]).at(-1)}): every direction of the signal passes through unchanged ("dynamical isometry"). ` +
        `Gaussian N(0, 1/n) matrices preserve the norm only on average: the product's mean σ² stays near 1 while its condition number reaches ${(gauss.extra!.condition_number as number[])[iL]} after 4 layers and float64's limit soon after, so most directions are crushed and a few amplified. ` +
        `Training deep linear students on a fixed teacher (full-batch GD, lr 0.1/L) shows the consequence: orthogonal init needs ${depths.map((d) => itersMedian("orthogonal", d)).join(", ")} iterations at depths ${depths.join(", ")}, nearly flat with depth, while Gaussian init needs ${depths.map((d) => { const m = itersMedian("gaussian", d); return Number.isFinite(m) ? m : "—"; }).join(", ")} (— = not converged in ${maxIters}).`,
      references: [
        "Saxe, McClelland & Ganguli 2014, 'Exact solutions to the nonlinear dynamics of learning in deep linear neural networks', §3–4 and Fig. 6",
        "paper-claims.md §3a 'What I reproduced' and §6 E8 (pass bands)",
      ],
      claims,
      runs: [...productRuns, ...fitRuns],
      charts: [condChart, itersChart, { kind: "loss", title: "Relative loss ‖P − A‖² / ‖A‖² (first seed)", log: true }],
    };
  },
};
