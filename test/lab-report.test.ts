/**
 * The lab's HTML report: structure, escaping, self-containment and embedded data as plain
 * HTML; then the same report in real headless Chromium (no console or page errors, no
 * network requests, every chart drawn, claims marked ✓/✗), with a screenshot for people.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Claim, CurvePoint, Histogram, LabResults, Run, StudyResult } from "../src/lab/types.js";
import { renderReport, findChartJs, CHARTS_ELEMENT_ID, RESULTS_ELEMENT_ID, type ChartData } from "../src/lab/report/index.js";
import { inlineSafe } from "../src/lab/report/vendor.js";
import { runLabels } from "../src/lab/report/charts.js";
import { browserUnavailable, launch } from "./support/browser.js";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
const ARTIFACTS = join(REPO, "test-artifacts");

// ---------------------------------------------------------------------------------------------
// A synthetic but realistic results file.

/** A small deterministic PRNG (mulberry32), so the fixture is the same every run. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const LN10 = Math.log(10);

function curve(steps: number, every: number, loss: (t: number) => number | string, acc: (t: number) => number | string, r: () => number): CurvePoint[] {
  const out: CurvePoint[] = [];
  for (let s = every; s <= steps; s += every) {
    const t = s / steps;
    const l = loss(t);
    const p: CurvePoint = { step: s, loss: (typeof l === "number" ? l * (1 + 0.02 * (r() - 0.5)) : l) as number };
    if (s % (every * 4) === 0) {
      const a = acc(t);
      p.test_accuracy = (typeof a === "number" ? Math.min(1, a + 0.01 * (r() - 0.5)) : a) as number;
    }
    out.push(p);
  }
  return out;
}

function gaussHist(std: number, bins = 40, range = 4): Histogram {
  const w = std > 0 ? std : 1e-12;
  const edges = Array.from({ length: bins + 1 }, (_, i) => -range * w + (2 * range * w * i) / bins);
  const counts = edges.slice(0, -1).map((e, i) => {
    const c = (e + edges[i + 1]!) / 2 / w;
    return Math.round(5000 * Math.exp(-0.5 * c * c));
  });
  return { edges, counts };
}

function reluHist(std: number): Histogram {
  const edges = Array.from({ length: 41 }, (_, i) => (i * 4 * std) / 40);
  const counts = edges.slice(0, -1).map((e, i) => {
    const c = (e + edges[i + 1]!) / 2 / std;
    return i === 0 ? 12800 : Math.round(6000 * Math.exp(-0.5 * c * c));
  });
  return { edges, counts };
}

function run(init: string, over: Partial<Run>): Run {
  return {
    init,
    activation: "relu",
    depth: 4,
    width: 256,
    optimizer: "sgd(lr=0.01, momentum=0.9)",
    seed: 0,
    curve: [],
    final: { test_accuracy: null, train_loss: null },
    per_layer: { activation_std: [], grad_std: [] },
    ...over,
  };
}

function finalOf(c: CurvePoint[]): Run["final"] {
  const last = c[c.length - 1];
  const lastAcc = [...c].reverse().find((p) => p.test_accuracy !== undefined)?.test_accuracy;
  return { test_accuracy: typeof lastAcc === "number" ? lastAcc : null, train_loss: (last?.loss ?? null) as number | null };
}

function fixture(): LabResults {
  const r = rng(42);
  const claim = (text: string, holds: boolean, measured: number | string, band: string, note?: string): Claim =>
    note ? { text, holds, measured, band, note } : { text, holds, measured, band };

  // 1. Symmetry: zeros never learn.
  const zc = curve(1200, 40, () => LN10, () => 0.1, () => 0.5);
  const cc = curve(1200, 40, (t) => 2.3 - 0.5 * t, (t) => 0.1 + 0.3 * t, r);
  const kc = curve(1200, 40, (t) => 0.42 + 1.88 * Math.exp(-6 * t), (t) => 0.86 - 0.6 * Math.exp(-6 * t), r);
  const symmetry: StudyResult = {
    id: "symmetry",
    title: "Symmetry: why not start from zero?",
    question: "Does a network whose weights all start equal ever learn anything?",
    explanation:
      "With every weight at zero, every hidden unit computes the same function and receives the same gradient, so they stay identical forever: the network is as good as a single unit, and with zeros it does not even move off the uniform prediction (loss ln 10 ≈ 2.3026, 10% accuracy).\n\nA constant non-zero start learns a little through the biases, but the units remain clones. Random initialisation breaks the symmetry.",
    references: ["Goodfellow, Bengio & Courville (2016), Deep Learning, §8.4", "PyTorch docs: torch.nn.init"],
    claims: [
      claim("zeros_: the loss stays at ln 10 (uniform prediction)", true, 2.3026, "[2.30, 2.31]"),
      claim("zeros_: test accuracy is chance (10%)", true, 0.1, "[0.09, 0.11]"),
      claim("kaiming_normal_ beats constant_ by more than 30 points", true, 0.4712, "> 0.30"),
    ],
    runs: [
      run("zeros_", { curve: zc, final: finalOf(zc), per_layer: { activation_std: [0, 0, 0, 0], grad_std: [0, 0, 0, 0], dead_fraction: [1, 1, 1, 1] } }),
      run("constant_", { curve: cc, final: finalOf(cc), per_layer: { activation_std: [0.41, 0.38, 0.36, 0.33], grad_std: [0.002, 0.002, 0.001, 0.001] } }),
      run("kaiming_normal_", { curve: kc, final: finalOf(kc), per_layer: { activation_std: [0.83, 0.81, 0.84, 0.8], grad_std: [0.011, 0.012, 0.01, 0.014] } }),
    ],
    charts: [
      { kind: "loss", title: "Training loss" },
      { kind: "accuracy", title: "Test accuracy" },
      { kind: "activation_std", title: "Activation std per layer (at init)" },
    ],
    seconds: 18.4,
  };

  // 2. Depth: Xavier vanishes in a 30-layer ReLU net, Kaiming does not (He et al. 2015, Fig. 3).
  const L = 30;
  const xStd = Array.from({ length: L }, (_, i) => 0.58 * Math.SQRT1_2 ** i * (1 + 0.05 * (r() - 0.5)));
  const kStd = Array.from({ length: L }, () => 0.82 * (1 + 0.08 * (r() - 0.5)));
  const xc = curve(2400, 80, () => LN10 + 0.0005 * (r() - 0.5), () => 0.1, r);
  const kc2 = curve(2400, 80, (t) => 0.5 + 1.8 * Math.exp(-5 * t), (t) => 0.8123 - 0.7 * Math.exp(-5 * t), r);
  const depth: StudyResult = {
    id: "depth",
    title: "Depth: Xavier vs Kaiming in a 30-layer ReLU net",
    question: "Does the choice of initialisation decide whether a deep ReLU network trains at all?",
    explanation:
      "ReLU zeroes half of its input, halving the variance at every layer. Xavier's Var[w] = 1/fan_in does not compensate, so after 30 layers the signal has shrunk by about 2^15 and the network stalls at ln 10. Kaiming's Var[w] = 2/fan_in keeps the activation scale constant through depth.",
    references: ["He, Zhang, Ren & Sun (2015), Delving Deep into Rectifiers, §2.2 and Fig. 3", "Glorot & Bengio (2010), §4.2"],
    claims: [
      claim("xavier_normal_ stalls at ln 10 in a depth-30 ReLU net (He et al. 2015, Fig. 3)", true, 2.3026, "[2.29, 2.32]"),
      claim("activation std shrinks by ≥ 1000× from layer 1 to layer 30 under Xavier", true, 1.41e-5, "< 1e-3"),
      claim(
        "kaiming_normal_ reaches 85% test accuracy within 2 epochs",
        false,
        0.8123,
        "≥ 0.85",
        "Two epochs on the 10,000-image subset may be too few; the paper trains for much longer. Rerun with --full --epochs 5.",
      ),
    ],
    runs: [
      run("xavier_normal_", {
        depth: L,
        curve: xc,
        final: finalOf(xc),
        per_layer: { activation_std: xStd, grad_std: xStd.map((s) => s * 0.01), activation_histograms: xStd.map(reluHist) },
      }),
      run("kaiming_normal_", {
        depth: L,
        curve: kc2,
        final: finalOf(kc2),
        per_layer: { activation_std: kStd, grad_std: kStd.map((s) => s * 0.012), activation_histograms: kStd.map(reluHist) },
        extra: { first_layer_grad_norm: 0.0412, epochs: 2 },
      }),
    ],
    charts: [
      { kind: "loss", title: "Training loss (log scale)", log: true },
      { kind: "accuracy", title: "Test accuracy" },
      { kind: "activation_std", title: "Activation std per layer", log: true },
      { kind: "grad_std", title: "Weight-gradient std per layer" },
      { kind: "histograms", title: "Activation histograms", field: "activation_histograms" },
    ],
    seconds: 95.2,
  };

  // 3. Learning rate and variance: a diverging run, NaN and Infinity, text with <, > and &.
  const okc = curve(1000, 50, (t) => 0.55 + 1.7 * Math.exp(-5 * t), (t) => 0.83 - 0.6 * Math.exp(-5 * t), r);
  const divc = curve(1000, 50, (t) => (t < 0.35 ? 2.3 + 30 * t * t : "NaN"), (t) => (t < 0.35 ? 0.12 : "NaN"), r);
  const lr: StudyResult = {
    id: "lr-variance",
    title: "Variance & learning rate: when Var[w] > 2/fan_in <and> lr ≥ 1",
    question: "What happens when a large initial variance meets a large step size (a < b && c > d)?",
    explanation:
      'The loss explodes within a few hundred steps and becomes NaN: <script>alert("xss")</script> must show as text, not run.\n\nSmaller learning rates train normally; the sweep below shows the final loss per rate, with the diverged rate marked.',
    references: ["Bengio (2012), Practical recommendations for gradient-based training, §3.1 <https://arxiv.org/abs/1206.5533>"],
    claims: [
      claim("kaiming_normal_ with lr = 1.0 diverges (loss not finite)", true, "NaN", "not finite"),
      claim("kaiming_normal_ with lr = 0.01 stays finite & reaches loss < 0.7", true, 0.5521, "< 0.7"),
    ],
    runs: [
      run("kaiming_normal_", { optimizer: "sgd(lr=0.01)", curve: okc, final: finalOf(okc), per_layer: { activation_std: [0.8, 0.82, 0.79, 0.81], grad_std: [0.01, 0.01, 0.01, 0.01] } }),
      run("kaiming_normal_", {
        optimizer: "sgd(lr=1.0)",
        curve: divc,
        final: { test_accuracy: null, train_loss: "NaN" as unknown as number },
        per_layer: {
          activation_std: [3.1, 45.2, "Infinity", "NaN"] as unknown as number[],
          grad_std: [2.1, 88, "NaN", "NaN"] as unknown as number[],
        },
        extra: { diverged_at_step: 400, note: "loss > 1e6 at step 350" },
      }),
    ],
    charts: [
      { kind: "loss", title: "Training loss", log: true },
      { kind: "activation_std", title: "Activation std per layer after training" },
      {
        kind: "series",
        title: "Final training loss vs learning rate",
        x: "learning rate",
        y: "final train loss",
        log: true,
        series: [
          { label: "kaiming_normal_", xs: [1e-4, 1e-3, 1e-2, 1e-1, 1], ys: [2.05, 0.93, 0.55, 0.61, "NaN"] as unknown as number[] },
          { label: "xavier_normal_", xs: [1e-4, 1e-3, 1e-2, 1e-1, 1], ys: [2.2, 1.1, 0.6, 0.58, 1.9] },
        ],
      },
    ],
    seconds: 41.7,
  };

  // 4. Saturation: tanh under a too-large init, init-only runs (no training curves).
  const tanhLayers = 5;
  const big = Array.from({ length: tanhLayers }, (_, i) => 0.97 - 0.004 * i);
  const xav = Array.from({ length: tanhLayers }, (_, i) => 0.62 * 0.93 ** i);
  const tanh: StudyResult = {
    id: "saturation",
    title: "Saturation: tanh with a unit-variance init",
    question: "Does normal_(std=1) saturate tanh units where Xavier does not?",
    explanation: "With std 1 and fan_in 256 the pre-activations have std ≈ 16, so almost every tanh output is pinned at ±1 and its gradient is ~0. Xavier keeps them in the linear range.",
    references: ["Glorot & Bengio (2010), Understanding the difficulty of training deep feedforward neural networks, §4.2.1, Fig. 6–7"],
    claims: [claim("normal_(std=1) saturates > 90% of tanh units in layer 1", true, 0.9731, "> 0.9"), claim("xavier_uniform_ saturates < 5%", true, 0.0042, "< 0.05")],
    runs: [
      run("normal_", {
        activation: "tanh",
        depth: tanhLayers,
        optimizer: "none",
        per_layer: {
          activation_std: big,
          grad_std: big.map((s) => s * 1e-4),
          saturated_fraction: [0.973, 0.971, 0.968, 0.97, 0.969],
          backprop_std: [1e-6, 3e-6, 1e-5, 4e-5, 1e-4],
          backprop_histograms: [1e-6, 3e-6, 1e-5, 4e-5, 1e-4].map((s) => gaussHist(s)),
        },
      }),
      run("xavier_uniform_", {
        activation: "tanh",
        depth: tanhLayers,
        optimizer: "none",
        per_layer: {
          activation_std: xav,
          grad_std: xav.map((s) => s * 1e-2),
          saturated_fraction: [0.004, 0.003, 0.002, 0.002, 0.001],
          backprop_std: [0.011, 0.012, 0.012, 0.013, 0.013],
          backprop_histograms: [0.011, 0.012, 0.012, 0.013, 0.013].map((s) => gaussHist(s)),
        },
      }),
    ],
    charts: [
      { kind: "activation_std", title: "Activation std per layer", log: false },
      { kind: "histograms", title: "Back-propagated gradients", field: "backprop_histograms", runs: ["xavier_uniform_"] },
      { kind: "histograms", title: "Activation histograms", field: "activation_histograms" },
      {
        kind: "series",
        title: "Saturated fraction per layer",
        x: "layer",
        y: "fraction saturated",
        series: [
          { label: "normal_", xs: [1, 2, 3, 4, 5], ys: [0.973, 0.971, 0.968, 0.97, 0.969] },
          { label: "xavier_uniform_", xs: [1, 2, 3, 4, 5], ys: [0.004, 0.003, 0.002, 0.002, 0.001] },
        ],
      },
    ],
    seconds: 2.1,
  };

  // 5. Seed: no chart specs at all; the report picks what the data supports.
  const seed: StudyResult = {
    id: "seed",
    title: "Seeds: same seed, same bits",
    question: "Does manual_seed make initialisation reproducible, bit for bit?",
    explanation: "Two runs with the same seed produce identical weights; a different seed gives different ones.",
    references: ["PyTorch docs: Reproducibility"],
    claims: [claim("same seed → identical weights", true, "0 ULP", "= 0 ULP"), claim("different seed → different weights", true, 1, "> 0 differing")],
    runs: [
      run("kaiming_uniform_", { seed: 0, optimizer: "none", per_layer: { activation_std: [0.58, 0.57, 0.58, 0.59], grad_std: [] } }),
      run("kaiming_uniform_", { seed: 1, optimizer: "none", per_layer: { activation_std: [0.57, 0.58, 0.59, 0.58], grad_std: [] } }),
    ],
    charts: [],
    seconds: 0.3,
  };

  const studies = [seed, symmetry, depth, lr, tanh];
  return {
    schema: "nninit-lab/1",
    nninit_version: "0.1.0",
    command: "nninit lab all --seed 0 --out nninit-report/ --data ./data/fashion-mnist-subset",
    seed: 0,
    data: { dataset: "Fashion-MNIST", source: "embedded", train_size: 10000, test_size: 2000 },
    studies,
    timings: { total_seconds: studies.reduce((a, s) => a + s.seconds, 0), per_study: Object.fromEntries(studies.map((s) => [s.id, s.seconds])) },
  };
}

// ---------------------------------------------------------------------------------------------
// Helpers

function embedded(html: string, id: string): unknown {
  const m = new RegExp(`<script type="application/json" id="${id}">([\\s\\S]*?)</script>`).exec(html);
  assert.ok(m, `no <script id="${id}"> in the report`);
  return JSON.parse(m[1]!);
}

const RESULTS = fixture();
const HTML = renderReport(RESULTS);
const CHARTS = embedded(HTML, CHARTS_ELEMENT_ID) as ChartData[];
const ALL_CLAIMS = RESULTS.studies.flatMap((s) => s.claims);

// ---------------------------------------------------------------------------------------------
// Plain HTML

test("report: a complete document with every study, its sections and unique ids", () => {
  assert.match(HTML, /^<!doctype html>\n<html lang="en">/);
  assert.match(HTML, /<meta charset="utf-8">/);
  assert.match(HTML, /<link rel="icon" href="data:,">/);
  assert.match(HTML, /<meta http-equiv="Content-Security-Policy" content="default-src 'none';/);
  assert.ok(HTML.trimEnd().endsWith("</html>"));
  const sections = [...HTML.matchAll(/<section class="card study" id="([^"]+)" data-study="([^"]+)">/g)];
  assert.deepEqual(
    sections.map((m) => m[2]),
    RESULTS.studies.map((s) => s.id),
  );
  const markup = HTML.replace(/(<script[^>]*>)[\s\S]*?<\/script>/g, "$1</script>");
  const ids = [...markup.matchAll(/<[a-z][^>]*?\sid="([^"]+)"/g)].map((m) => m[1]!);
  assert.equal(ids.length, RESULTS.studies.length + CHARTS.filter((c) => c.datasets.length).length + 3);
  assert.equal(new Set(ids).size, ids.length, `duplicate ids: ${ids.filter((x, i) => ids.indexOf(x) !== i)}`);
  for (const s of RESULTS.studies) {
    const start = HTML.indexOf(`data-study="${s.id}"`);
    const body = HTML.slice(start, HTML.indexOf("</section>", start));
    for (const r of s.references) assert.ok(body.includes(escapeText(r)), `reference of ${s.id}: ${r}`);
    assert.ok(body.includes("What this shows"), `explanation heading in ${s.id}`);
    assert.equal((body.match(/<tr class="(holds|fails)">/g) ?? []).length, s.claims.length, `claims table of ${s.id}`);
  }
  // The header: data source and sizes, seed, command, version.
  const head = HTML.slice(HTML.indexOf("<header"), HTML.indexOf("</header>"));
  for (const s of ["Fashion-MNIST", "embedded subset", "10,000 train", "2,000 test", "0.1.0", escapeText(RESULTS.command)]) assert.ok(head.includes(s), `header shows ${s}`);
  assert.match(head, /<strong>11 of 12<\/strong> claims hold/);
});

function escapeText(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

test("report: study text is escaped, never interpreted", () => {
  assert.ok(!HTML.includes('<script>alert("xss")</script>'), "the explanation's <script> is not live");
  assert.ok(HTML.includes("&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;"));
  assert.ok(HTML.includes("when Var[w] &gt; 2/fan_in &lt;and&gt; lr ≥ 1"));
  assert.ok(HTML.includes("(a &lt; b &amp;&amp; c &gt; d)"));
  assert.ok(HTML.includes("&lt;https://arxiv.org/abs/1206.5533&gt;"), "a URL in a reference stays text");
  // Outside the inlined Chart.js, the only <script> elements are the report's own four.
  assert.equal((HTML.match(/<script[\s>]/g) ?? []).length, 4);
  assert.equal((HTML.match(/<\/script>/g) ?? []).length, 4);
});

test("report: self-contained — no network URLs, Chart.js inlined with its licence", () => {
  const attrs = [...HTML.matchAll(/\s(src|href|action|poster|srcset|data)\s*=\s*["']?([^"'\s>]*)/gi)].map((m) => `${m[1]}=${m[2]}`);
  for (const a of attrs) assert.match(a, /^(href=#[\w-]+|href=data:,)$/, `attribute ${a}`);
  assert.ok(!/(src|href)\s*=\s*["']?\s*(https?:)?\/\//i.test(HTML), "no http(s) or protocol-relative URL in src/href");
  assert.ok(!/<link[^>]+stylesheet/i.test(HTML) && !/@import/i.test(HTML) && !/url\(\s*["']?(https?:)?\/\//i.test(HTML), "no external CSS");
  assert.ok(!/<(img|iframe|object|embed|audio|video|source)\b/i.test(HTML), "no embedded resources");
  assert.match(HTML, /Chart\.js v4\.\d+\.\d+/);
  assert.ok(HTML.includes("Permission is hereby granted, free of charge"), "Chart.js's MIT licence is inlined");
  assert.ok(!HTML.includes("sourceMappingURL"), "no source-map reference");
});

test("report: the embedded results JSON parses back to the input", () => {
  assert.deepEqual(embedded(HTML, RESULTS_ELEMENT_ID), RESULTS);
  // In-memory non-finite numbers come out the way the schema writes them.
  const withNaN = fixture();
  withNaN.studies[1]!.runs[0]!.curve[3]!.loss = Number.NaN;
  withNaN.studies[1]!.runs[0]!.per_layer.activation_std[1] = Number.POSITIVE_INFINITY;
  const back = embedded(renderReport(withNaN), RESULTS_ELEMENT_ID) as LabResults;
  assert.equal(back.studies[1]!.runs[0]!.curve[3]!.loss, "NaN");
  assert.equal(back.studies[1]!.runs[0]!.per_layer.activation_std[1], "Infinity");
});

test("report: claims are marked ✓ or ✗, failures highlighted with the measured figure and band", () => {
  const summary = HTML.slice(HTML.indexOf('<table class="claims summary">'), HTML.indexOf("</table>", HTML.indexOf('<table class="claims summary">')));
  const rows = [...summary.matchAll(/<tr class="(group-start|cont) (holds|fails)">([\s\S]*?)<\/tr>/g)];
  assert.equal(rows.length, ALL_CLAIMS.length);
  rows.forEach((m, i) => {
    const c = ALL_CLAIMS[i]!;
    assert.equal(m[2], c.holds ? "holds" : "fails", c.text);
    assert.ok(m[3]!.includes(c.holds ? "✓ holds" : "✗ fails"), c.text);
    assert.ok(m[3]!.includes(escapeText(c.band)), `band of ${c.text}`);
  });
  const failing = rows.find((m) => m[2] === "fails")!;
  assert.match(failing[3]!, /<td class="num measured">0\.8123<\/td><td class="band">≥ 0\.85<\/td>/);
  assert.ok(HTML.includes("Two epochs on the 10,000-image subset may be too few"), "the failing claim's note is shown");
  assert.ok(HTML.includes('<span class="pill bad">✗ 1 claim fails</span>'), "the failure is counted in the header");
  assert.match(HTML, /<td class="num measured">NaN<\/td><td class="band">not finite<\/td>/);
});

test("report: charts follow the specs; NaN, Infinity and zeros on log axes become marked gaps", () => {
  const byStudy = (id: string) => {
    const start = HTML.indexOf(`data-study="${id}"`);
    const body = HTML.slice(start, HTML.indexOf("</section>", start));
    const ids = [...body.matchAll(/<canvas id="([^"]+)"/g)].map((m) => m[1]);
    return CHARTS.filter((c) => ids.includes(c.id));
  };
  assert.deepEqual(
    byStudy("seed").map((c) => c.kind),
    ["activation_std"],
    "a study without chart specs gets what its data supports",
  );
  assert.deepEqual(
    byStudy("depth").map((c) => c.kind),
    ["loss", "accuracy", "activation_std", "grad_std", "histograms", "histograms"],
  );
  assert.deepEqual(
    byStudy("saturation").map((c) => c.title),
    ["Activation std per layer", "Back-propagated gradients · xavier_uniform_", "Saturated fraction per layer"],
  );

  const empty = CHARTS.find((c) => c.title === "Activation histograms" && c.datasets.length === 0)!;
  assert.ok(empty && empty.notes[0]!.startsWith("No run in this study recorded activation histograms"), JSON.stringify(empty));
  assert.ok(HTML.includes('<div class="box empty">No data for this chart.</div>'), "a chart without data says so");

  const [loss, act, series] = byStudy("lr-variance");
  const div = loss!.datasets.find((d) => d.label === "kaiming_normal_ (sgd(lr=1.0))")!;
  assert.ok(div, `labels: ${loss!.datasets.map((d) => d.label)}`);
  assert.ok(div.data.some((p) => p.y === null) && div.data.some((p) => p.y !== null));
  assert.equal(div.pointStyle?.filter((s) => s === "crossRot").length, 1, "the divergence is marked");
  assert.ok(loss!.notes.some((n) => /NaN from step \d+ on — the run diverged/.test(n)), loss!.notes.join(" | "));
  assert.deepEqual(
    act!.datasets[1]!.data.map((p) => p.y),
    [3.1, 45.2, null, null],
  );
  assert.ok(act!.notes.some((n) => n.includes("Infinity at layer 3")) && act!.notes.some((n) => n.includes("NaN at layer 4")), act!.notes.join(" | "));
  assert.equal(series!.x.log, true, "a sweep over decades gets a log x axis");
  assert.equal(series!.datasets[0]!.data[4]!.y, null);

  const [, , std] = byStudy("symmetry");
  assert.equal(std!.y.log, true, "activation std is on a log axis by default");
  assert.ok(std!.notes.some((n) => n.startsWith("zeros_: exactly 0 at layers 1–4") && n.includes("log axis")), std!.notes.join(" | "));

  const hist = byStudy("depth").filter((c) => c.kind === "histograms");
  assert.equal(hist[0]!.datasets.length, 6, "at most six layers overlaid");
  assert.deepEqual(
    hist[0]!.datasets.map((d) => d.label),
    ["layer 1", "layer 7", "layer 13", "layer 18", "layer 24", "layer 30"],
  );
  const sum = hist[0]!.datasets[0]!.data.reduce((a, p) => a + (p.y ?? 0), 0);
  assert.ok(Math.abs(sum - 1) < 1e-9, "histograms are normalised to fractions");
});

test("report: run labels tell apart runs that share an init", () => {
  const base = fixture().studies[3]!.runs;
  assert.deepEqual(runLabels(base), ["kaiming_normal_ (sgd(lr=0.01))", "kaiming_normal_ (sgd(lr=1.0))"]);
  assert.deepEqual(runLabels([base[0]!, base[0]!]), ["kaiming_normal_ #1", "kaiming_normal_ #2"]);
});

test("report: rendering is deterministic", () => {
  assert.equal(renderReport(fixture()), HTML);
});

test("report: Chart.js comes from vendor/ beside the module, else node_modules, else a clear error", () => {
  const dir = mkdtempSync(join(tmpdir(), "nninit-report-"));
  try {
    const vendor = join(dir, "lab", "report", "vendor");
    execFileSync(process.execPath, [join(REPO, "scripts", "vendor-chartjs.mjs"), vendor], { stdio: "pipe" });
    const built = findChartJs(pathToFileURL(join(dir, "lab", "report", "index.js")).href);
    assert.equal(built.script, join(vendor, "chart.umd.js"));
    assert.equal(built.license, join(vendor, "chart.js.LICENSE.md"));
    // This test's own layout (build/src/lab/report/, no vendor/): the devDependency.
    const dev = findChartJs(new URL("../src/lab/report/index.js", import.meta.url).href);
    assert.match(dev.script, /node_modules[\\/]chart\.js[\\/]dist[\\/]chart\.umd\.js$/);
    mkdirSync(join(dir, "elsewhere"));
    assert.throws(() => findChartJs(pathToFileURL(join(dir, "elsewhere", "index.js")).href), /Chart\.js not found.*npm run build/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("report: inlined scripts cannot close their <script> element", () => {
  assert.equal(inlineSafe('var a = "</script>"; var b = "<!--";\n//# sourceMappingURL=x.map\n'), 'var a = "<\\/script>"; var b = "\\x3C!--";\n');
});

// ---------------------------------------------------------------------------------------------
// Real Chromium

const SKIP = await browserUnavailable();
if (SKIP) console.log(`# skipping the browser test: ${SKIP}`);

test("report in headless Chromium: no errors, no network, every chart drawn, claims ✓/✗", { skip: SKIP ?? false, timeout: 120_000 }, async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = join(ARTIFACTS, "report.html");
  writeFileSync(file, HTML);
  const url = pathToFileURL(file).href;
  const b = await launch({ width: 1366, height: 900 });
  try {
    await b.page.goto(url, { waitUntil: "load" });
    await b.page.waitForFunction(`document.documentElement.getAttribute("data-charts") !== null`, undefined, { timeout: 20_000 });
    assert.equal(await b.page.getAttribute("html", "data-charts"), "ready");

    // Every canvas has a Chart.js chart with coloured pixels inside its plot area (not just axes).
    const drawn = (await b.page.evaluate(`(() => Array.from(document.querySelectorAll("canvas")).map((canvas) => {
      const chart = Chart.getChart(canvas);
      if (!chart) return { id: canvas.id, chart: false };
      const k = chart.currentDevicePixelRatio, a = chart.chartArea;
      const x = Math.floor(a.left * k), y = Math.floor(a.top * k), w = Math.floor((a.right - a.left) * k), h = Math.floor((a.bottom - a.top) * k);
      const px = canvas.getContext("2d").getImageData(x, y, w, h).data;
      let coloured = 0, inked = 0;
      for (let i = 0; i < px.length; i += 4) {
        if (px[i + 3] > 0) inked++;
        if (px[i + 3] > 128 && Math.max(px[i], px[i + 1], px[i + 2]) - Math.min(px[i], px[i + 1], px[i + 2]) > 40) coloured++;
      }
      const png = canvas.toDataURL("image/png");
      return { id: canvas.id, chart: true, coloured, inked, width: canvas.width, height: canvas.height, png: png.length };
    }))()`)) as { id: string; chart: boolean; coloured?: number; inked?: number; width?: number; height?: number; png?: number }[];
    const expected = CHARTS.filter((c) => c.datasets.length > 0).map((c) => c.id);
    assert.deepEqual(
      drawn.map((d) => d.id),
      expected,
    );
    for (const d of drawn) {
      assert.ok(d.chart, `${d.id}: no Chart.js instance`);
      assert.ok(d.width! > 300 && d.height! > 200, `${d.id}: canvas ${d.width}×${d.height}`);
      assert.ok(d.coloured! > 200, `${d.id}: only ${d.coloured} coloured pixels in the plot area`);
      assert.ok(d.png! > 2000, `${d.id}: toDataURL looks empty`);
    }

    // The claims summary as the reader sees it.
    const rows = (await b.page.evaluate(`Array.from(document.querySelectorAll("table.summary tbody tr")).map((tr) => [tr.querySelector(".status").innerText.trim(), tr.querySelector(".claim").innerText.trim(), getComputedStyle(tr.querySelector("td")).backgroundColor])`)) as [string, string, string][];
    assert.equal(rows.length, ALL_CLAIMS.length);
    rows.forEach(([status, text, bg], i) => {
      const c = ALL_CLAIMS[i]!;
      assert.equal(text, c.text);
      assert.equal(status, c.holds ? "✓ holds" : "✗ fails", c.text);
      if (!c.holds) assert.notEqual(bg, "rgba(0, 0, 0, 0)", "a failing claim's row is highlighted");
    });
    const explanation = (await b.page.evaluate(`document.querySelector('[data-study="lr-variance"] .explanation').innerText`)) as string;
    assert.ok(explanation.includes('<script>alert("xss")</script>'), "study text shows as text");

    await b.page.screenshot({ path: join(ARTIFACTS, "report.png"), fullPage: true });
    // The print layout, for people: Chromium's own A4 print (fires beforeprint/afterprint, like Ctrl+P).
    await b.page.pdf({ path: join(ARTIFACTS, "report.pdf"), format: "A4", printBackground: true, preferCSSPageSize: true });

    assert.deepEqual(b.pageErrors, [], "page errors");
    assert.deepEqual(b.consoleErrors, [], "console errors");
    assert.deepEqual(b.requests, [url], "the page makes no request beyond its own load");
  } finally {
    await b.close();
  }
});
