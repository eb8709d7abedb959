/**
 * The lab's data model: what a study produces, and the versioned `results.json` schema.
 * The runner, the studies, the terminal output and the HTML report all speak this.
 *
 * Schema `nninit-lab/1` (results.json). Numbers are plain JSON numbers; a value that is not
 * finite (a diverged loss) is written as the string "NaN", "Infinity" or "-Infinity".
 */

/** A claim from the tutorial or a paper, and what this run measured. */
export interface Claim {
  /** The claim in plain words, e.g. "Xavier stalls at ln 10 in a depth-30 ReLU net (He et al. 2015, Fig. 3)". */
  text: string;
  /** Whether the measurement fell inside the band. */
  holds: boolean;
  /** The measured figure, e.g. 2.3026 or "0.1000". */
  measured: number | string;
  /** The pass band or condition, e.g. "[0.85, 1.15]" or "< 2.25". */
  band: string;
  /** Optional: why this claim matters or what a failure would mean. */
  note?: string;
}

/** One point of a training curve. */
export interface CurvePoint {
  step: number;
  /** Mean training loss over the steps since the previous point. */
  loss: number;
  /** Test accuracy at this point, when evaluated. */
  test_accuracy?: number;
}

/** A histogram of values: `counts[i]` values fell in [edges[i], edges[i+1]). */
export interface Histogram {
  edges: number[];
  counts: number[];
}

export interface PerLayer {
  /** Standard deviation of each layer's output (post-activation) at the measured time. */
  activation_std: number[];
  /** Standard deviation of each layer's weight gradient. */
  grad_std: number[];
  /** Optional extras a study may fill. */
  activation_mean?: number[];
  /** Fraction of ReLU outputs that are exactly 0. */
  dead_fraction?: number[];
  /** Fraction of tanh/sigmoid outputs within 1% of saturation. */
  saturated_fraction?: number[];
  /** Standard deviation of the back-propagated gradient w.r.t. each layer's pre-activation. */
  backprop_std?: number[];
  activation_histograms?: Histogram[];
  backprop_histograms?: Histogram[];
}

export interface Run {
  /** A short label for the initialisation, e.g. "kaiming_normal_" or "zeros". */
  init: string;
  activation: string;
  depth: number;
  width: number;
  /** e.g. "sgd(lr=0.01, momentum=0.9)" or "adam(lr=0.001)" or "none" for init-only runs. */
  optimizer: string;
  seed: number;
  curve: CurvePoint[];
  final: { test_accuracy: number | null; train_loss: number | null };
  per_layer: PerLayer;
  /** Free-form extra measurements a study reports (e.g. first-layer gradient norm). */
  extra?: Record<string, number | string | number[]>;
}

export interface StudyResult {
  id: string;
  title: string;
  /** The question the study answers, in one sentence. */
  question: string;
  /** A short plain-language explanation of what the result shows and why. */
  explanation: string;
  /** Papers and sections the claims come from. */
  references: string[];
  claims: Claim[];
  runs: Run[];
  /** Which charts the report should draw for this study. */
  charts: ChartSpec[];
  seconds: number;
}

/** A chart request; the report renders it from the study's runs. */
export type ChartSpec =
  | { kind: "loss"; title: string; log?: boolean }
  | { kind: "accuracy"; title: string }
  | { kind: "activation_std"; title: string; log?: boolean }
  | { kind: "grad_std"; title: string; log?: boolean }
  | { kind: "histograms"; title: string; field: "activation_histograms" | "backprop_histograms"; runs?: string[] }
  | { kind: "series"; title: string; x: string; y: string; log?: boolean; series: { label: string; xs: number[]; ys: number[] }[] };

export interface DataInfo {
  dataset: "Fashion-MNIST";
  /** "embedded", "debian", or the directory the files came from. */
  source: string;
  train_size: number;
  test_size: number;
}

export interface LabResults {
  schema: "nninit-lab/1";
  nninit_version: string;
  command: string;
  seed: number;
  data: DataInfo;
  studies: StudyResult[];
  /**
   * Wall time in seconds: excluded from reproducibility comparisons, as is every
   * `StudyResult.seconds`. Everything else is a function of the options alone.
   */
  timings: { total_seconds: number; per_study: Record<string, number> };
}
