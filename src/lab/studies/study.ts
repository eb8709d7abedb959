/**
 * What every study provides to the runner. A study is a pure function of its context: the
 * base seed, the data, the epoch override and the scale. It reports progress through
 * `ctx.progress` and returns its `StudyResult` without the wall time (the runner adds it).
 */
import type { LabData } from "../util/data.js";
import type { StudyProgress } from "../util/progress.js";
import type { StudyResult } from "../types.js";

/**
 * "default" is the lab as documented. "test" is an internal, much smaller configuration for
 * the test suite (fewer images, seeds and steps); its claims are computed the same way but
 * the bands were set for the default scale.
 */
export type Scale = "default" | "test";

export interface StudyContext {
  /** The base seed; run i of a study uses seed + i (see `runSeed`). */
  readonly seed: number;
  /** Overrides the number of training epochs of the epoch-based studies. */
  readonly epochs: number | undefined;
  readonly scale: Scale;
  /** The Fashion-MNIST splits, loaded on first use. */
  data(): LabData;
  readonly progress: StudyProgress;
}

export interface StudyDef {
  readonly id: string;
  readonly title: string;
  /** One line for `nninit lab --list`. */
  readonly description: string;
  readonly default: boolean;
  /** Units of work `run` will report, so progress bars know their length up front. */
  units(ctx: StudyContext): number;
  run(ctx: StudyContext): Omit<StudyResult, "seconds">;
}

/** The seed of a study's i-th independent run: `manual_seed(base + i)` reproduces it in PyTorch. */
export function runSeed(ctx: StudyContext, i: number): number {
  return ctx.seed + i;
}
