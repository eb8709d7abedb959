/**
 * Progress reporting for one study: `run-start`, a `progress` event per unit of work (a
 * training step, or a layer of a forward/backward pass), and `run-end`. Wall times appear
 * only in these events and in `LabResults.timings`, never in a study's measurements.
 */
import type { ProgressEvent } from "../api.js";

export type Emit = (event: ProgressEvent) => void;

/** Called once per finished unit of work (or with a count, for several). */
export type Tick = (units?: number) => void;

export class StudyProgress {
  /** Units reported so far in this study: the runner checks it against the study's plan. */
  done = 0;

  constructor(
    readonly study: string,
    private readonly emit: Emit,
  ) {}

  /** Runs `fn` as one named run of `units` units; `fn` calls `tick` as it finishes each. */
  run<T>(run: string, units: number, fn: (tick: Tick) => T): T {
    const { study, emit } = this;
    const start = performance.now();
    let done = 0;
    emit({ type: "run-start", study, run, units });
    const tick: Tick = (n = 1) => {
      done += n;
      this.done += n;
      emit({ type: "progress", study, run, done, units });
    };
    const value = fn(tick);
    emit({ type: "run-end", study, run, seconds: (performance.now() - start) / 1000 });
    return value;
  }
}
