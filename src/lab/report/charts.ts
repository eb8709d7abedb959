/**
 * Turns a study's chart requests (ChartSpec) into plain data the page's script hands to
 * Chart.js: one `ChartData` per canvas. Everything that can be decided ahead of time is
 * decided here, so it is typed and testable without a browser; the page only adds the
 * callbacks JSON cannot carry (tick and tooltip formatting).
 *
 * Values that cannot be drawn become gaps (null) and are listed in `notes` under the chart:
 * non-finite values (a diverged loss), and zeros or negatives on a logarithmic axis.
 */
import type { ChartSpec, Histogram, Run, StudyResult } from "../types.js";
import { finite, fmtNum, nonFinite, ranges } from "./html.js";

export interface Point {
  x: number;
  y: number | null;
}

export interface Dataset {
  label: string;
  color: string;
  data: Point[];
  /** Stepped line (histograms). */
  stepped?: boolean;
  /** Per-point marker radius; a ✕ marks the last finite point before a non-finite value. */
  pointRadius?: number[];
  pointStyle?: string[];
  /** Draw markers on every point (short series). */
  points?: boolean;
  /** Dashed: the palette has run out and the colour repeats an earlier run's. */
  dash?: boolean;
}

export interface ChartData {
  id: string;
  title: string;
  /** The chart spec's kind, for styling and tests. */
  kind: ChartSpec["kind"];
  x: { label: string; log: boolean; integer: boolean };
  /** `zero`: a linear axis that should start at 0 (spreads, fractions), not at a "nice" bound near the data. */
  y: { label: string; log: boolean; percent: boolean; zero: boolean };
  datasets: Dataset[];
  /** What could not be drawn, and why, in plain words. */
  notes: string[];
}

/** A qualitative palette of strong colours that read on white and in print (no yellows or light greys). */
export const PALETTE = ["#3b6fb6", "#d1495b", "#2a9d5c", "#e8891d", "#7b52ab", "#1b9aaa", "#8c6d31", "#c44e99", "#555b6e", "#9aa33a"];

/**
 * Labels for a study's runs: the init name, with whatever tells apart runs that share it
 * (activation, depth, width, optimizer, seed) in parentheses.
 */
export function runLabels(runs: Run[]): string[] {
  const fields: { key: keyof Run; show: (r: Run) => string }[] = [
    { key: "activation", show: (r) => r.activation },
    { key: "depth", show: (r) => `depth ${r.depth}` },
    { key: "width", show: (r) => `width ${r.width}` },
    { key: "optimizer", show: (r) => r.optimizer },
    { key: "seed", show: (r) => `seed ${r.seed}` },
  ];
  const labels = runs.map((run) => {
    const twins = runs.filter((r) => r.init === run.init);
    if (twins.length < 2) return run.init;
    const parts = fields.filter((f) => new Set(twins.map((t) => String(t[f.key]))).size > 1).map((f) => f.show(run));
    return parts.length ? `${run.init} (${parts.join(", ")})` : run.init;
  });
  // Runs identical in every field shown: number them.
  const seen = new Map<string, number>();
  return labels.map((l) => {
    const n = labels.filter((x) => x === l).length;
    if (n < 2) return l;
    const k = (seen.get(l) ?? 0) + 1;
    seen.set(l, k);
    return `${l} #${k}`;
  });
}

/**
 * Colours for each study's runs. Within a study, runs get distinct colours, strongest first;
 * an init keeps the colour it had in an earlier study when that colour is still free.
 */
export class ColorBook {
  private readonly byKey = new Map<string, number>();

  colors(runs: Run[], labels: string[]): string[] {
    const keys = runs.map((run, i) => (runs.filter((r) => r.init === run.init).length > 1 ? labels[i]! : run.init));
    const used = new Set<number>();
    const pick = new Array<number>(runs.length).fill(-1);
    // First, runs whose colour is already known keep it (earlier runs win a clash)...
    keys.forEach((k, i) => {
      const c = this.byKey.get(k);
      if (c !== undefined && !used.has(c)) {
        pick[i] = c;
        used.add(c);
      }
    });
    // ...then the rest take the strongest colours left.
    keys.forEach((k, i) => {
      if (pick[i]! >= 0) return;
      let c = 0;
      while (used.has(c) && c < PALETTE.length) c++;
      if (c === PALETTE.length) c = i; // more runs than colours: repeat
      pick[i] = c;
      used.add(c);
      if (!this.byKey.has(k)) this.byKey.set(k, c);
    });
    return pick.map((c) => PALETTE[c % PALETTE.length]!);
  }
}

/** A sequential ramp for layers, dark (first layer) to light (last layer): viridis, clipped before yellow. */
export function layerColor(t: number): string {
  const stops = [
    [68, 1, 84],
    [59, 82, 139],
    [33, 145, 140],
    [94, 201, 98],
    [190, 215, 40],
  ];
  const u = Math.min(1, Math.max(0, t)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(u));
  const f = u - i;
  const rgb = stops[i]!.map((a, k) => Math.round(a + (stops[i + 1]![k]! - a) * f));
  return `#${rgb.map((v) => v.toString(16).padStart(2, "0")).join("")}`;
}

/** Which layers' histograms to overlay: at most `max`, evenly spread, always the first and the last. */
export function pickLayers(n: number, max = 6): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const out = new Set<number>();
  for (let k = 0; k < max; k++) out.add(Math.round((k * (n - 1)) / (max - 1)));
  return [...out].sort((a, b) => a - b);
}

interface Ctx {
  study: StudyResult;
  labels: string[];
  colors: string[];
  nextId: () => string;
}

/** The charts to draw for one study, in the order its specs ask for them. */
export function studyCharts(study: StudyResult, colors: string[], nextId: () => string): ChartData[] {
  const ctx: Ctx = { study, labels: runLabels(study.runs), colors, nextId };
  return chartSpecs(study).flatMap((spec) => buildChart(ctx, spec));
}

/**
 * The study's chart specs; a study that names none gets the charts its data supports
 * (loss, accuracy, per-layer activation std).
 */
export function chartSpecs(study: StudyResult): ChartSpec[] {
  if (Array.isArray(study.charts) && study.charts.length > 0) return study.charts;
  const out: ChartSpec[] = [];
  const runs = study.runs ?? [];
  if (runs.some((r) => r.curve?.length)) out.push({ kind: "loss", title: "Training loss" });
  if (runs.some((r) => r.curve?.some((p) => p.test_accuracy !== undefined))) out.push({ kind: "accuracy", title: "Test accuracy" });
  if (runs.some((r) => r.per_layer?.activation_std?.length)) out.push({ kind: "activation_std", title: "Activation std per layer" });
  return out;
}

function buildChart(ctx: Ctx, spec: ChartSpec): ChartData[] {
  switch (spec.kind) {
    case "loss":
      return [curveChart(ctx, spec, "loss", "loss", spec.log === true, false)];
    case "accuracy":
      return [curveChart(ctx, spec, "test_accuracy", "test accuracy", false, true)];
    case "activation_std":
      return [layerChart(ctx, spec, "activation_std", "activation std", spec.log !== false)];
    case "grad_std":
      return [layerChart(ctx, spec, "grad_std", "weight-gradient std", spec.log !== false)];
    case "histograms":
      return histogramCharts(ctx, spec);
    case "series":
      return [seriesChart(ctx, spec)];
    default: {
      const unknown = spec as { kind?: unknown; title?: unknown };
      return [
        {
          ...empty(ctx, String(unknown.title ?? "Chart"), "series"),
          notes: [`This report does not know how to draw a chart of kind ${JSON.stringify(unknown.kind)}.`],
        },
      ];
    }
  }
}

function dashed(runIndex: number): Pick<Dataset, "dash"> {
  return runIndex >= PALETTE.length ? { dash: true } : {};
}

function empty(ctx: Ctx, title: string, kind: ChartSpec["kind"]): ChartData {
  return {
    id: ctx.nextId(),
    title,
    kind,
    x: { label: "", log: false, integer: false },
    y: { label: "", log: false, percent: false, zero: false },
    datasets: [],
    notes: [],
  };
}

/**
 * Reads values into points, turning what cannot be drawn into gaps; reports, per reason, which
 * positions were affected (as x values) so the caller can write a note.
 */
function toPoints(xs: unknown[], ys: unknown[], yLog: boolean, xLog = false) {
  const data: Point[] = [];
  const bad = new Map<string, number[]>();
  const flag = (why: string, x: number) => (bad.get(why) ?? bad.set(why, []).get(why)!).push(x);
  const n = Math.min(xs.length, ys.length);
  for (let i = 0; i < n; i++) {
    const x = finite(xs[i]);
    if (x === null || (xLog && x <= 0)) continue;
    const y = finite(ys[i]);
    const nf = nonFinite(ys[i]);
    if (y === null) {
      flag(nf ?? "missing", x);
      data.push({ x, y: null });
    } else if (yLog && y <= 0) {
      flag(y === 0 ? "0" : "negative", x);
      data.push({ x, y: null });
    } else data.push({ x, y });
  }
  return { data, bad };
}

/** Marks with a ✕ the last drawn point before each run of gaps caused by non-finite values. */
function markDivergence(data: Point[], ys: unknown[]): Pick<Dataset, "pointRadius" | "pointStyle"> | undefined {
  let any = false;
  const radius = data.map(() => 0);
  const style = data.map(() => "circle");
  for (let i = 1; i < data.length; i++) {
    if (data[i]!.y === null && data[i - 1]!.y !== null && nonFinite(ys[i]) !== null) {
      radius[i - 1] = 7;
      style[i - 1] = "crossRot";
      any = true;
    }
  }
  return any ? { pointRadius: radius, pointStyle: style } : undefined;
}

function describe(label: string, bad: Map<string, number[]>, unit: string, integerX: boolean, data?: Point[]): string[] {
  const out: string[] = [];
  for (const [why, xs] of bad) {
    // A value that stays non-finite to the end of a curve: the run diverged.
    const tail = data && xs.length > 1 && data.slice(data.findIndex((p) => p.x === xs[0])).every((p) => p.y === null);
    const where = integerX
      ? `${unit}${xs.length > 1 ? "s" : ""} ${ranges(xs)}`
      : xs.length <= 4
        ? `${unit}${xs.length > 1 ? "s" : ""} ${xs.map((x) => fmtNum(x)).join(", ")}`
        : `${xs.length} ${unit}s from ${fmtNum(xs[0])}`;
    if (why === "0" || why === "negative")
      out.push(`${label}: ${why === "0" ? "exactly 0" : "negative"} at ${where} — cannot be drawn on a log axis.`);
    else if (why === "missing") out.push(`${label}: no value at ${where}.`);
    else if (tail)
      out.push(`${label}: ${why} from ${unit} ${fmtNum(xs[0])} on${unit === "step" ? " — the run diverged" : ""} (✕ marks the last finite value).`);
    else out.push(`${label}: ${why} at ${where} (not drawn).`);
  }
  return out;
}

function curveChart(ctx: Ctx, spec: ChartSpec, field: "loss" | "test_accuracy", yLabel: string, yLog: boolean, percent: boolean): ChartData {
  const chart = empty(ctx, spec.title, spec.kind);
  chart.x = { label: "step", log: false, integer: true };
  chart.y = { label: yLabel, log: yLog, percent, zero: false };
  ctx.study.runs.forEach((run, r) => {
    const pts = (run.curve ?? []).filter((p) => field === "loss" || (p as { test_accuracy?: unknown }).test_accuracy !== undefined);
    if (pts.length === 0) return;
    const ys = pts.map((p) => (p as unknown as Record<string, unknown>)[field]);
    const { data, bad } = toPoints(
      pts.map((p) => p.step),
      ys,
      yLog,
    );
    const label = ctx.labels[r]!;
    chart.datasets.push({ label, color: ctx.colors[r]!, data, ...markDivergence(data, ys), points: data.length <= 12, ...dashed(r) });
    chart.notes.push(...describe(label, bad, "step", false, data));
  });
  return finish(chart);
}

function layerChart(ctx: Ctx, spec: ChartSpec, field: "activation_std" | "grad_std", yLabel: string, yLog: boolean): ChartData {
  const chart = empty(ctx, spec.title, spec.kind);
  chart.x = { label: "layer", log: false, integer: true };
  chart.y = { label: yLabel, log: yLog, percent: false, zero: !yLog };
  ctx.study.runs.forEach((run, r) => {
    const ys: unknown[] = run.per_layer?.[field] ?? [];
    if (ys.length === 0) return;
    const { data, bad } = toPoints(
      ys.map((_, i) => i + 1),
      ys,
      yLog,
    );
    const label = ctx.labels[r]!;
    chart.datasets.push({ label, color: ctx.colors[r]!, data, points: ys.length <= 40, ...markDivergence(data, ys), ...dashed(r) });
    chart.notes.push(...describe(label, bad, "layer", true, data));
  });
  return finish(chart);
}

function histogramCharts(ctx: Ctx, spec: Extract<ChartSpec, { kind: "histograms" }>): ChartData[] {
  const wanted = spec.runs && spec.runs.length ? new Set(spec.runs) : null;
  const out: ChartData[] = [];
  ctx.study.runs.forEach((run, r) => {
    const label = ctx.labels[r]!;
    if (wanted && !wanted.has(run.init) && !wanted.has(label)) return;
    const hs: Histogram[] = run.per_layer?.[spec.field] ?? [];
    if (hs.length === 0) return;
    const chart = empty(ctx, `${spec.title} · ${label}`, "histograms");
    chart.x = { label: spec.field === "activation_histograms" ? "activation value" : "back-propagated gradient", log: false, integer: false };
    chart.y = { label: "fraction of values", log: false, percent: false, zero: true };
    const layers = pickLayers(hs.length);
    for (const [k, i] of layers.entries()) {
      const h = hs[i]!;
      const total = (h.counts ?? []).reduce((a: number, c) => a + (finite(c) ?? 0), 0);
      const data: Point[] = [];
      let skipped = 0;
      for (let b = 0; b < (h.counts?.length ?? 0); b++) {
        const lo = finite(h.edges?.[b]);
        const hi = finite(h.edges?.[b + 1]);
        const c = finite(h.counts[b]);
        if (lo === null || hi === null || c === null) {
          skipped++;
          continue;
        }
        data.push({ x: (lo + hi) / 2, y: total > 0 ? c / total : 0 });
      }
      if (data.length === 0) {
        chart.notes.push(`layer ${i + 1}: no finite bins to draw.`);
        continue;
      }
      if (skipped) chart.notes.push(`layer ${i + 1}: ${skipped} bin${skipped > 1 ? "s" : ""} with non-finite edges or counts not drawn.`);
      chart.datasets.push({
        label: `layer ${i + 1}`,
        color: layerColor(layers.length > 1 ? k / (layers.length - 1) : 0),
        data,
        stepped: true,
      });
    }
    if (layers.length < hs.length) chart.notes.push(`Showing ${layers.length} of ${hs.length} layers (${layers.map((i) => i + 1).join(", ")}).`);
    out.push(finish(chart));
  });
  if (out.length === 0) {
    const chart = empty(ctx, spec.title, "histograms");
    chart.notes.push(`No run in this study recorded ${spec.field.replace("_", " ")}${wanted ? ` for ${[...wanted].join(", ")}` : ""}.`);
    out.push(chart);
  }
  return out;
}

function seriesChart(ctx: Ctx, spec: Extract<ChartSpec, { kind: "series" }>): ChartData {
  const chart = empty(ctx, spec.title, "series");
  const series = spec.series ?? [];
  const allX = series.flatMap((s) => (s.xs ?? []).map(finite)).filter((x): x is number => x !== null);
  // A sweep over several decades (learning rates, widths, scales) reads only on a log x axis.
  const xLog = allX.length > 1 && allX.every((x) => x > 0) && Math.max(...allX) / Math.min(...allX) >= 1000;
  const xInteger = allX.every((x) => Number.isInteger(x));
  chart.x = { label: spec.x, log: xLog, integer: xInteger && !xLog };
  const allY = series.flatMap((s) => (s.ys ?? []).map(finite)).filter((y): y is number => y !== null);
  chart.y = { label: spec.y, log: spec.log === true, percent: false, zero: spec.log !== true && allY.every((y) => y >= 0) };
  const runColor = (label: string) => {
    const r = ctx.study.runs.findIndex((run, i) => ctx.labels[i] === label || run.init === label);
    return r >= 0 ? ctx.colors[r]! : null;
  };
  const taken = new Set(ctx.colors);
  const spare = PALETTE.filter((c) => !taken.has(c));
  let nextSpare = 0;
  series.forEach((s) => {
    const ys: unknown[] = s.ys ?? [];
    const { data, bad } = toPoints(s.xs ?? [], ys, chart.y.log, xLog);
    const color = runColor(s.label) ?? spare[nextSpare++ % Math.max(1, spare.length)] ?? PALETTE[0]!;
    chart.datasets.push({ label: s.label, color, data, points: data.length <= 40, ...markDivergence(data, ys) });
    chart.notes.push(...describe(s.label, bad, spec.x || "x", xInteger, data));
  });
  return finish(chart);
}

function finish(chart: ChartData): ChartData {
  if (chart.datasets.length > 0 && chart.datasets.every((d) => d.data.every((p) => p.y === null)))
    chart.notes.unshift("Nothing in this chart could be drawn; see below.");
  return chart;
}
