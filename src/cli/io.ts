/** What a command may touch of the outside world: injected, so tests run commands in-process. */
import type { LabOptions, StudyInfo } from "../lab/api.js";
import type { LabResults } from "../lab/types.js";

export interface Io {
  out(s: string): void;
  err(s: string): void;
  /** Whether `err` writes to a terminal (progress bars are then redrawn in place). Default false. */
  errIsTTY?: boolean;
  /** The terminal's width in columns, when `errIsTTY`. */
  columns?: number;
}

/** Runs the lab. The signal aborts when the user interrupts (Ctrl-C). */
export type LabRunner = (options: LabOptions, signal: AbortSignal) => LabResults | Promise<LabResults>;

export interface LabDeps {
  runLab: LabRunner;
  listStudies: () => StudyInfo[] | Promise<StudyInfo[]>;
  renderReport: (results: LabResults) => string | Promise<string>;
}

/** A way to learn about Ctrl-C while a long command runs; `dispose` stops listening. */
export interface InterruptTrap {
  signal: AbortSignal;
  dispose(): void;
}

export interface CliDeps {
  /** The lab's entry points; each one missing is loaded from the package (src/lab/…). */
  lab?: Partial<LabDeps>;
  /** Called when a long command starts; main.ts maps SIGINT onto it. Default: never interrupted. */
  trapInterrupts?: () => InterruptTrap;
  /** Milliseconds clock for progress and ETA (default performance.now). */
  now?: () => number;
  /** Environment, for finding installed data (default process.env). */
  env?: Record<string, string | undefined>;
}
